/* vigil-footage-page.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FOOTAGE_PAGE (vigil_footage_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilFootagePage, vigil_footage_page, VIGIL, FOOTAGE_PAGE, GtkWidget)

/* The console's Footage section, for reviewers: a camera's timeline from a
 * week down to a minute, and from a range chosen on it a CCTV Review (with
 * its reason) or a hold; holds in force are listed with their release. */
VigilFootagePage *vigil_footage_page_new     (VigilSite        *site,
                                              VigilSession     *session);
/* What changed in the store (VigilChangeMonitor): the timeline is read
 * again when it concerns it. */
void              vigil_footage_page_changed (VigilFootagePage *self,
                                              VigilChangeKind   kinds);

/* Behind the console's lock the page reads nothing and its review windows
 * close; unlocked, it reads its timeline again. */
void              vigil_footage_page_set_locked    (VigilFootagePage *self,
                                                    gboolean          locked);
/* Closes every review window opened from the page (the console locks, or
 * its member logs out). */
void              vigil_footage_page_close_reviews (VigilFootagePage *self);

G_END_DECLS
