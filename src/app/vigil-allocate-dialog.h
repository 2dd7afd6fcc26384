/* vigil-allocate-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ALLOCATE_DIALOG (vigil_allocate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilAllocateDialog, vigil_allocate_dialog, VIGIL, ALLOCATE_DIALOG, AdwWindow)

/* Starts a duty for a colleague: the family (one of those placed in
 * @snapshot, @case_ref chosen already when not %NULL) and the operator (any
 * active member of staff), modal on @parent. The core decides: every
 * refusal is shown in its words and the dialog stays open. After the core
 * has accepted, it emits "allocated" with the new duty and closes. */
VigilAllocateDialog *vigil_allocate_dialog_new (GtkWindow         *parent,
                                                VigilSite         *site,
                                                VigilSession      *session,
                                                VigilWallSnapshot *snapshot,
                                                const char        *case_ref);

G_END_DECLS
