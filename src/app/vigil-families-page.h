/* vigil-families-page.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FAMILIES_PAGE (vigil_families_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilFamiliesPage, vigil_families_page, VIGIL, FAMILIES_PAGE, GtkWidget)

/* Every family placed, in one line each (room, label, stage, what the
 * policy does now and until when, an override, a scheduled change), and a
 * page per family opened from the list. */
VigilFamiliesPage *vigil_families_page_new   (VigilSite         *site,
                                              VigilSession      *session);
/* Shows what @snapshot saw; an open family page follows it. */
void               vigil_families_page_apply (VigilFamiliesPage *self,
                                              VigilWallSnapshot *snapshot);

G_END_DECLS
