/* vigil-prompt-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_PROMPT_DIALOG (vigil_prompt_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilPromptDialog, vigil_prompt_dialog, VIGIL, PROMPT_DIALOG, AdwWindow)

/* Asks for one line of text the core needs (a safeguarding concern, a
 * reason, a colleague) and hands it over with ::submit; it stays open, busy,
 * until the owner answers: vigil_prompt_dialog_refuse() shows the core's
 * words, a success closes it. The entry's accessible name is @entry_label,
 * the button's label @action_label. */
VigilPromptDialog *vigil_prompt_dialog_new    (GtkWidget         *parent,
                                               const char        *heading,
                                               const char        *body,
                                               const char        *entry_label,
                                               const char        *action_label);
/* Shows @extra (what the answer will do) between the text and the entry. */
void               vigil_prompt_dialog_set_extra (VigilPromptDialog *self,
                                                  GtkWidget         *extra);
/* Starts the entry with @text (a default the person may change). */
void               vigil_prompt_dialog_set_text (VigilPromptDialog *self,
                                                 const char        *text);
void               vigil_prompt_dialog_refuse (VigilPromptDialog *self,
                                               const char        *message);
/* The owner's answer to a success: it closes. */
void               vigil_prompt_dialog_done   (VigilPromptDialog *self);

G_END_DECLS
