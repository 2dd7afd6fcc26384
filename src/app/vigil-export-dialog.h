/* vigil-export-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_EXPORT_DIALOG (vigil_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilExportDialog, vigil_export_dialog, VIGIL, EXPORT_DIALOG, AdwWindow)

/* "Request Export…": what vigilctl export request asks (cameras, a range
 * in the site's time, the family's case reference, exhibit and purpose),
 * sent with vigil_site_request_export_async(). A refusal shows in the
 * core's words and the dialog stays open with everything typed; a success
 * emits ::requested (the new VigilExport) and closes it. */
VigilExportDialog *vigil_export_dialog_new (GtkWindow    *parent,
                                            VigilSite    *site,
                                            VigilSession *session);

G_END_DECLS
