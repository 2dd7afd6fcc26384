/* vigil-notes-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-notes-dialog.h"

struct _VigilNotesDialog
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (VigilNotesDialog, vigil_notes_dialog, ADW_TYPE_WINDOW)

static void
vigil_notes_dialog_class_init (VigilNotesDialogClass *klass)
{
}

static void
vigil_notes_dialog_init (VigilNotesDialog *self)
{
}

VigilNotesDialog *
vigil_notes_dialog_new (GtkWindow    *parent,
                        VigilSite    *site,
                        VigilSession *session,
                        const char   *case_ref)
{
  return g_object_new (VIGIL_TYPE_NOTES_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
}
