/* vigil-admit-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ADMIT_DIALOG (vigil_admit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilAdmitDialog, vigil_admit_dialog, VIGIL, ADMIT_DIALOG, AdwWindow)

/* Admits a family: its case reference and label, the room and the stage it
 * starts at, and its CCTV and audio agreement and consent where signed.
 * The core judges it: a refusal shows the core's words and the dialog
 * stays open; a success closes it. */
VigilAdmitDialog *vigil_admit_dialog_new (GtkWidget    *parent,
                                          VigilSite    *site,
                                          VigilSession *session);

G_END_DECLS
