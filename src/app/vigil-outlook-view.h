/* vigil-outlook-view.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_OUTLOOK_VIEW (vigil_outlook_view_get_type ())

G_DECLARE_FINAL_TYPE (VigilOutlookView, vigil_outlook_view, VIGIL, OUTLOOK_VIEW, GtkWidget)

/* A family's next seven days as the policy plays them out, one row a day
 * in the site's time: when the room records (with sound or not), its
 * windows, an override, stage changes and clock changes; beneath it the
 * same in words, which is what a screen reader and the tests read. With a
 * proposal, it shows what the change would do before it is saved. */
VigilOutlookView *vigil_outlook_view_new      (void);
/* Reads the outlook from @site (off the main thread) and shows it; a newer
 * call replaces one still reading. @proposal may be NULL. */
void              vigil_outlook_view_show     (VigilOutlookView          *self,
                                               VigilSite                 *site,
                                               const char                *case_ref,
                                               const VigilPolicyProposal *proposal);
/* The words shown beneath the picture. */
const char       *vigil_outlook_view_get_text (VigilOutlookView          *self);

G_END_DECLS
