/* vigil-duties-page.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DUTIES_PAGE (vigil_duties_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilDutiesPage, vigil_duties_page, VIGIL, DUTIES_PAGE, GtkWidget)

/* The duties desk: who is on duty now, which watch requests are uncovered,
 * who has been on duty for whom today; with allocate-duties, a duty
 * allocated to an operator and anyone's duty handed over. */
VigilDutiesPage *vigil_duties_page_new        (VigilSite         *site,
                                               VigilSession      *session);
/* Shows what @snapshot saw, and reads today's duties again. */
void             vigil_duties_page_apply      (VigilDutiesPage   *self,
                                               VigilWallSnapshot *snapshot);
/* Closes a dialog the page opened: nothing of it stays over the lock. */
void             vigil_duties_page_close_dialog (VigilDutiesPage *self);

G_END_DECLS
