/* vigil-agreement-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-form-util.h"
#include "vigil-outlook-view.h"
#include "vigil-agreement-dialog.h"

struct _VigilAgreementDialog
{
  AdwWindow             parent_instance;

  VigilSite            *site;
  VigilSession         *session;
  char                 *case_ref;
  VigilAgreementChange  change;
  gboolean              saving;
  guint                 preview_id;

  GtkLabel             *heading;
  GtkStack             *forms;
  GtkEditable          *signed_on;
  GtkToggleButton      *covers_sound;
  GtkEditable          *retention;
  GtkEditable          *left_on;
  GtkEditable          *reason;
  VigilOutlookView     *preview;
  GtkLabel             *refusal;
  GtkButton            *save;
};

G_DEFINE_FINAL_TYPE (VigilAgreementDialog, vigil_agreement_dialog, ADW_TYPE_WINDOW)

static void
refuse (VigilAgreementDialog *self,
        const char           *message)
{
  gtk_label_set_text (self->refusal, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), message != NULL);
}

/* The family's next seven days with the change laid over them, as the
 * placement dialog shows its changes. */
static gboolean
on_preview (gpointer user_data)
{
  VigilAgreementDialog *self = user_data;
  VigilPolicyProposal proposal = { VIGIL_PROPOSAL_AGREEMENT };
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (self->site), vigil_site_now (self->site));

  self->preview_id = 0;
  if (self->change == VIGIL_AGREEMENT_RECORD)
    {
      proposal.date = vigil_form_text (self->signed_on);
      proposal.audio = gtk_toggle_button_get_active (self->covers_sound);
    }
  else
    {
      proposal.kind = VIGIL_PROPOSAL_DISCHARGE;
      proposal.date = vigil_form_optional (self->left_on) != NULL ? vigil_form_text (self->left_on) : today;
    }
  vigil_outlook_view_show (self->preview, self->site, self->case_ref, &proposal);
  return G_SOURCE_REMOVE;
}

static void
on_input_changed (VigilAgreementDialog *self)
{
  /* Filled in before the site is known, while the dialog is made. */
  if (self->site == NULL)
    return;
  g_clear_handle_id (&self->preview_id, g_source_remove);
  self->preview_id = g_timeout_add (250, on_preview, self);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VigilAgreementDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (self->change == VIGIL_AGREEMENT_RECORD)
    done = vigil_site_record_agreement_finish (VIGIL_SITE (object), result, &error);
  else
    done = vigil_site_discharge_family_finish (VIGIL_SITE (object), result, &error);

  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save), TRUE);
  if (!done)
    {
      refuse (self, error->message);
      return;
    }
  /* GTK 4.8 warns when a window goes with an entry still focused. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save (VigilAgreementDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *reason = vigil_form_optional (self->reason);
  guint days;

  if (self->saving)
    return;

  switch (self->change)
    {
    case VIGIL_AGREEMENT_RECORD:
      if (!vigil_form_read_days (self->retention, &days, &error))
        break;
      vigil_site_record_agreement_async (self->site, self->session, self->case_ref,
                                         vigil_form_text (self->signed_on),
                                         gtk_toggle_button_get_active (self->covers_sound), days, reason, NULL,
                                         on_saved, g_object_ref (self));
      break;
    case VIGIL_AGREEMENT_DISCHARGE:
      /* An empty date is today's, as the core reads it. */
      vigil_site_discharge_family_async (self->site, self->session, self->case_ref,
                                         vigil_form_optional (self->left_on), reason, NULL, on_saved,
                                         g_object_ref (self));
      break;
    }

  if (error != NULL)
    {
      refuse (self, error->message);
      return;
    }
  self->saving = TRUE;
  refuse (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save), FALSE);
}

static void
on_cancel (VigilAgreementDialog *self)
{
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
vigil_agreement_dialog_dispose (GObject *object)
{
  VigilAgreementDialog *self = VIGIL_AGREEMENT_DIALOG (object);

  g_clear_handle_id (&self->preview_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_AGREEMENT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_agreement_dialog_parent_class)->dispose (object);
}

static void
vigil_agreement_dialog_finalize (GObject *object)
{
  VigilAgreementDialog *self = VIGIL_AGREEMENT_DIALOG (object);

  g_free (self->case_ref);

  G_OBJECT_CLASS (vigil_agreement_dialog_parent_class)->finalize (object);
}

static void
vigil_agreement_dialog_class_init (VigilAgreementDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_agreement_dialog_dispose;
  object_class->finalize = vigil_agreement_dialog_finalize;

  g_type_ensure (VIGIL_TYPE_OUTLOOK_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-agreement-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, heading);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, forms);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, signed_on);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, covers_sound);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, retention);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, left_on);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, reason);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilAgreementDialog, save);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_agreement_dialog_init (VigilAgreementDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilAgreementDialog *
vigil_agreement_dialog_new (GtkWidget            *parent,
                            VigilSite            *site,
                            VigilSession         *session,
                            VigilFamily          *family,
                            const char           *family_name,
                            VigilAgreementChange  change)
{
  VigilAgreementDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *today = NULL;
  g_autofree char *days = NULL;
  GtkRoot *root;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (VIGIL_IS_FAMILY (family), NULL);
  g_return_val_if_fail (family_name != NULL, NULL);
  g_return_val_if_fail (change <= VIGIL_AGREEMENT_DISCHARGE, NULL);

  if (change == VIGIL_AGREEMENT_RECORD)
    heading = g_strdup_printf (_("New Agreement for %s"), family_name);
  else
    heading = g_strdup_printf (_("Discharge %s"), family_name);
  self = g_object_new (VIGIL_TYPE_AGREEMENT_DIALOG, "title", heading, NULL);
  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->case_ref = g_strdup (vigil_family_get_case_ref (family));
  self->change = change;
  gtk_label_set_text (self->heading, heading);

  /* Dates start at today in the site's time; the terms at those on file. */
  today = vigil_date_today (vigil_site_get_time_zone (site), vigil_site_now (site));
  days = g_strdup_printf ("%u", vigil_family_get_retention_days (family));
  gtk_editable_set_text (self->signed_on, today);
  gtk_editable_set_text (self->left_on, today);
  gtk_editable_set_text (self->retention, days);
  gtk_toggle_button_set_active (self->covers_sound,
                                vigil_family_get_agreement_signed_on (family) == NULL ||
                                vigil_family_get_agreement_covers_audio (family));

  if (change == VIGIL_AGREEMENT_RECORD)
    {
      gtk_stack_set_visible_child_name (self->forms, "record");
      gtk_button_set_label (self->save, _("Record Agreement"));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->forms, "discharge");
      gtk_button_set_label (self->save, _("Discharge"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->save), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->save), "destructive-action");
    }
  g_clear_handle_id (&self->preview_id, g_source_remove);
  on_preview (self);
  return self;
}
