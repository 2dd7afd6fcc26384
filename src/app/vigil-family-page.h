/* vigil-family-page.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FAMILY_PAGE (vigil_family_page_get_type ())

G_DECLARE_FINAL_TYPE (VigilFamilyPage, vigil_family_page, VIGIL, FAMILY_PAGE, GtkWidget)

/* One family's placement: what the policy does now and over the next seven
 * days, its windows and its stage history, and (for those whose role
 * allows it) the controls that change them. ::back asks to return to the
 * list. */
VigilFamilyPage *vigil_family_page_new          (VigilSite            *site,
                                                 VigilSession         *session,
                                                 const char           *case_ref);
const char      *vigil_family_page_get_case_ref (VigilFamilyPage      *self);
/* The family as the latest snapshot saw it; reads its windows, history
 * and outlook again. */
void             vigil_family_page_apply        (VigilFamilyPage      *self,
                                                 const VigilWallEntry *entry);
/* The family now in one line: its stage, what the room records and until
 * when, a running override and a scheduled change. */
char            *vigil_family_page_describe     (const VigilWallEntry *entry,
                                                 GTimeZone            *zone);

G_END_DECLS
