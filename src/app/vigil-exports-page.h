/* vigil-exports-page.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_EXPORTS_PAGE (vigil_exports_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilExportsPage, vigil_exports_page, VIGIL, EXPORTS_PAGE, GtkWidget)

/* Court bundle exports (export-footage): every export, newest first, read
 * again on @monitor's "exports" changes (@monitor may be %NULL); requests,
 * decisions and runs, each judged by the core. A run writes in the
 * background; disposing the page cancels it. */
VigilExportsPage *vigil_exports_page_new        (VigilSite          *site,
                                                 VigilSession       *session,
                                                 VigilChangeMonitor *monitor);
/* Locked: closes a dialog the page opened and stops reading the list (a
 * locked session's read would be refused); unlocked: reads it again. */
void              vigil_exports_page_set_locked (VigilExportsPage   *self,
                                                 gboolean            locked);

G_END_DECLS
