/* vigil-notes-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_NOTES_DIALOG (vigil_notes_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilNotesDialog, vigil_notes_dialog, VIGIL, NOTES_DIALOG, AdwWindow)

/* A family's notes with their addenda, newest first, and a place to write an
 * observation note; modal on @parent. */
VigilNotesDialog *vigil_notes_dialog_new (GtkWindow    *parent,
                                          VigilSite    *site,
                                          VigilSession *session,
                                          const char   *case_ref);

G_END_DECLS
