/* vigil-placement-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_PLACEMENT_STAGE,      /* change the stage, now or at a stated time */
  VIGIL_PLACEMENT_WINDOW,     /* add an observation window */
  VIGIL_PLACEMENT_OVERRIDE,   /* start an override, or renew the running one */
} VigilPlacementChange;

#define VIGIL_TYPE_PLACEMENT_DIALOG (vigil_placement_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilPlacementDialog, vigil_placement_dialog, VIGIL, PLACEMENT_DIALOG, AdwWindow)

/* A change to a family's placement, with its effect on the family's next
 * seven days drawn as it is typed, before anything is saved. Saving asks
 * the core, which judges it: a refusal shows the core's words and the
 * dialog stays open; a success closes it. */
VigilPlacementDialog *vigil_placement_dialog_new (GtkWidget            *parent,
                                                  VigilSite            *site,
                                                  VigilSession         *session,
                                                  const char           *case_ref,
                                                  const char           *family_name,
                                                  VigilPlacementChange  change);

G_END_DECLS
