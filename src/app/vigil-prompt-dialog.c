/* vigil-prompt-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-prompt-dialog.h"

struct _VigilPromptDialog
{
  AdwWindow parent_instance;

  GtkLabel  *heading;
  GtkLabel  *body;
  AdwBin    *extra;
  GtkEntry  *entry;
  GtkLabel  *refusal;
  GtkButton *action;
};

G_DEFINE_FINAL_TYPE (VigilPromptDialog, vigil_prompt_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (VigilPromptDialog *self,
          gboolean           busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->action), !busy);
}

static void
on_submit (VigilPromptDialog *self)
{
  /* The core judges the text, an empty one included: its words are shown. */
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  set_busy (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), FALSE);
  g_signal_emit (self, signals[SIGNAL_SUBMIT], 0, text);
}

static void
on_cancel (VigilPromptDialog *self)
{
  vigil_prompt_dialog_done (self);
}

static void
vigil_prompt_dialog_class_init (VigilPromptDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* ::submit (text): the owner answers with refuse() or by closing it. */
  signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-prompt-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPromptDialog, heading);
  gtk_widget_class_bind_template_child (widget_class, VigilPromptDialog, body);
  gtk_widget_class_bind_template_child (widget_class, VigilPromptDialog, extra);
  gtk_widget_class_bind_template_child (widget_class, VigilPromptDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, VigilPromptDialog, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilPromptDialog, action);
  gtk_widget_class_bind_template_callback (widget_class, on_submit);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_prompt_dialog_init (VigilPromptDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilPromptDialog *
vigil_prompt_dialog_new (GtkWidget  *parent,
                         const char *heading,
                         const char *body,
                         const char *entry_label,
                         const char *action_label)
{
  VigilPromptDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (heading != NULL && entry_label != NULL && action_label != NULL, NULL);

  root = gtk_widget_get_root (parent);
  self = g_object_new (VIGIL_TYPE_PROMPT_DIALOG,
                       "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                       "modal", TRUE,
                       "title", heading,
                       NULL);
  gtk_label_set_text (self->heading, heading);
  gtk_label_set_text (self->body, body != NULL ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->body), body != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
  gtk_entry_set_placeholder_text (self->entry, entry_label);
  gtk_button_set_label (self->action, action_label);
  return self;
}

void
vigil_prompt_dialog_set_extra (VigilPromptDialog *self,
                               GtkWidget         *extra)
{
  g_return_if_fail (VIGIL_IS_PROMPT_DIALOG (self));
  g_return_if_fail (extra == NULL || GTK_IS_WIDGET (extra));

  adw_bin_set_child (self->extra, extra);
  gtk_widget_set_visible (GTK_WIDGET (self->extra), extra != NULL);
  if (extra != NULL)
    gtk_window_set_default_size (GTK_WINDOW (self), 760, -1);
}

void
vigil_prompt_dialog_set_text (VigilPromptDialog *self,
                              const char        *text)
{
  g_return_if_fail (VIGIL_IS_PROMPT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

void
vigil_prompt_dialog_refuse (VigilPromptDialog *self,
                            const char        *message)
{
  g_return_if_fail (VIGIL_IS_PROMPT_DIALOG (self));

  gtk_label_set_text (self->refusal, message);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), TRUE);
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
vigil_prompt_dialog_done (VigilPromptDialog *self)
{
  g_return_if_fail (VIGIL_IS_PROMPT_DIALOG (self));

  /* GTK 4.8 warns when a window goes with its entry still focused. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}
