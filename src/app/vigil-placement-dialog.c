/* vigil-placement-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "vigil-form-util.h"
#include "vigil-outlook-view.h"
#include "vigil-placement-dialog.h"

/* The preview follows typing after this pause. */
#define PREVIEW_DELAY_MS 250

struct _VigilPlacementDialog
{
  AdwWindow             parent_instance;

  VigilSite            *site;
  VigilSession         *session;
  char                 *case_ref;
  VigilPlacementChange  change;
  guint                 preview_id;
  gboolean              saving;

  GtkLabel             *heading;
  GtkStack             *forms;
  GtkToggleButton      *stage_1;
  GtkToggleButton      *stage_2;
  GtkToggleButton      *stage_3;
  GtkToggleButton      *stage_4;
  GtkToggleButton      *stage_off;
  GtkEditable          *effective;
  GtkEditable          *stage_reason;
  GtkEditable          *evidence;
  GtkEditable          *days;
  GtkEditable          *date;
  GtkEditable          *starts;
  GtkEditable          *ends;
  GtkEditable          *purpose;
  GtkToggleButton      *window_audio;
  GtkEditable          *rationale;
  GtkEditable          *hours;
  VigilOutlookView     *preview;
  GtkLabel             *refusal;
  GtkButton            *save;
};

G_DEFINE_FINAL_TYPE (VigilPlacementDialog, vigil_placement_dialog, ADW_TYPE_WINDOW)

static void
refuse (VigilPlacementDialog *self,
        const char           *message)
{
  gtk_label_set_text (self->refusal, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), message != NULL);
}

/* Reading the form */

static gboolean
read_stage (VigilPlacementDialog  *self,
            VigilFamilyState      *state,
            gint64                *effective_at,
            GError               **error)
{
  const struct { GtkToggleButton *button; VigilFamilyState state; } choices[] = {
    { self->stage_1, VIGIL_STATE_STAGE_1 }, { self->stage_2, VIGIL_STATE_STAGE_2 },
    { self->stage_3, VIGIL_STATE_STAGE_3 }, { self->stage_4, VIGIL_STATE_STAGE_4 },
    { self->stage_off, VIGIL_STATE_OFF },
  };
  const char *effective;

  *state = VIGIL_STATE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    if (gtk_toggle_button_get_active (choices[i].button))
      *state = choices[i].state;
  if (*state == VIGIL_STATE_NONE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("Choose the new stage, or Recording Off."));
      return FALSE;
    }

  /* Empty: now. */
  *effective_at = 0;
  effective = vigil_form_optional (self->effective);
  return effective == NULL || vigil_time_parse (effective, vigil_site_get_time_zone (self->site), effective_at, error);
}

static VigilWindow *
read_window (VigilPlacementDialog  *self,
             GError               **error)
{
  VigilDays days = 0;
  guint start = 0, end = 0;
  const char *date = vigil_form_text (self->date);

  if (*vigil_form_text (self->days) != '\0' && !vigil_window_parse_days (vigil_form_text (self->days), &days, error))
    return NULL;
  if (!vigil_window_parse_time (vigil_form_text (self->starts), &start, error) ||
      !vigil_window_parse_time (vigil_form_text (self->ends), &end, error))
    return NULL;
  return vigil_window_new (days, *date != '\0' ? date : NULL, start, end,
                           gtk_toggle_button_get_active (self->window_audio), vigil_form_text (self->purpose));
}

static gboolean
read_hours (VigilPlacementDialog  *self,
            guint                 *hours,
            GError               **error)
{
  const char *text = vigil_form_text (self->hours);
  guint64 value = 0;

  if (*text == '\0')
    {
      *hours = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("The hours must be a whole number, such as 24."));
      return FALSE;
    }
  *hours = (guint) value;
  return TRUE;
}

/* The preview */

static gboolean
on_preview (gpointer user_data)
{
  VigilPlacementDialog *self = user_data;
  VigilPolicyProposal proposal = { VIGIL_PROPOSAL_NONE };
  g_autoptr(VigilWindow) window = NULL;
  g_autofree char *date = NULL;
  g_autofree char *purpose = NULL;

  self->preview_id = 0;
  switch (self->change)
    {
    case VIGIL_PLACEMENT_STAGE:
      if (read_stage (self, &proposal.state, &proposal.effective_at, NULL))
        proposal.kind = VIGIL_PROPOSAL_STAGE;
      break;
    case VIGIL_PLACEMENT_WINDOW:
      if ((window = read_window (self, NULL)) != NULL)
        {
          proposal.kind = VIGIL_PROPOSAL_ADD_WINDOW;
          proposal.days = vigil_window_get_days (window);
          proposal.date = date = g_strdup (vigil_window_get_date (window));
          proposal.start_minute = vigil_window_get_start_minute (window);
          proposal.end_minute = vigil_window_get_end_minute (window);
          proposal.audio = vigil_window_get_audio (window);
          proposal.purpose = purpose = g_strdup (vigil_window_get_purpose (window));
        }
      break;
    case VIGIL_PLACEMENT_OVERRIDE:
      if (read_hours (self, &proposal.hours, NULL))
        {
          proposal.kind = VIGIL_PROPOSAL_START_OVERRIDE;
          if (proposal.hours == 0)
            proposal.hours = VIGIL_OVERRIDE_DEFAULT_HOURS;
        }
      break;
    }
  vigil_outlook_view_show (self->preview, self->site, self->case_ref, &proposal);
  return G_SOURCE_REMOVE;
}

static void
on_input_changed (VigilPlacementDialog *self)
{
  g_clear_handle_id (&self->preview_id, g_source_remove);
  self->preview_id = g_timeout_add (PREVIEW_DELAY_MS, on_preview, self);
}

/* Saving */

static void
saved (VigilPlacementDialog *self,
       gboolean              success,
       GError               *error)
{
  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save), TRUE);
  if (!success)
    {
      refuse (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_stage_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilPlacementDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStageChange) change = vigil_site_set_stage_finish (VIGIL_SITE (object), result, NULL, &error);

  saved (self, change != NULL, error);
}

static void
on_window_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VigilPlacementDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilWindow) window = vigil_site_add_window_finish (VIGIL_SITE (object), result, &error);

  saved (self, window != NULL, error);
}

static void
on_override_saved (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilPlacementDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilOverride) override = vigil_site_start_override_finish (VIGIL_SITE (object), result, &error);

  saved (self, override != NULL, error);
}

static void
on_save (VigilPlacementDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilWindow) window = NULL;
  VigilFamilyState state;
  gint64 effective_at;
  guint hours;

  if (self->saving)
    return;

  /* What the form cannot read is said here; the rest the core judges. */
  switch (self->change)
    {
    case VIGIL_PLACEMENT_STAGE:
      if (!read_stage (self, &state, &effective_at, &error))
        break;
      vigil_site_set_stage_async (self->site, self->session, self->case_ref, state, effective_at,
                                  vigil_form_text (self->stage_reason), vigil_form_text (self->evidence), NULL, on_stage_saved,
                                  g_object_ref (self));
      break;
    case VIGIL_PLACEMENT_WINDOW:
      if ((window = read_window (self, &error)) == NULL)
        break;
      vigil_site_add_window_async (self->site, self->session, self->case_ref, window, NULL, on_window_saved,
                                   g_object_ref (self));
      break;
    case VIGIL_PLACEMENT_OVERRIDE:
      if (!read_hours (self, &hours, &error))
        break;
      vigil_site_start_override_async (self->site, self->session, self->case_ref, vigil_form_text (self->rationale), hours,
                                       NULL, on_override_saved, g_object_ref (self));
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
on_cancel (VigilPlacementDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
vigil_placement_dialog_dispose (GObject *object)
{
  VigilPlacementDialog *self = VIGIL_PLACEMENT_DIALOG (object);

  g_clear_handle_id (&self->preview_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_PLACEMENT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_placement_dialog_parent_class)->dispose (object);
}

static void
vigil_placement_dialog_finalize (GObject *object)
{
  VigilPlacementDialog *self = VIGIL_PLACEMENT_DIALOG (object);

  g_free (self->case_ref);

  G_OBJECT_CLASS (vigil_placement_dialog_parent_class)->finalize (object);
}

static void
vigil_placement_dialog_class_init (VigilPlacementDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_placement_dialog_dispose;
  object_class->finalize = vigil_placement_dialog_finalize;

  g_type_ensure (VIGIL_TYPE_OUTLOOK_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-placement-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, heading);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, forms);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, stage_1);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, stage_2);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, stage_3);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, stage_4);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, stage_off);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, effective);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, stage_reason);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, evidence);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, days);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, date);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, starts);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, ends);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, purpose);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, window_audio);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, rationale);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, hours);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilPlacementDialog, save);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_placement_dialog_init (VigilPlacementDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilPlacementDialog *
vigil_placement_dialog_new (GtkWidget            *parent,
                            VigilSite            *site,
                            VigilSession         *session,
                            const char           *case_ref,
                            const char           *family_name,
                            VigilPlacementChange  change)
{
  static const struct { const char *form; const char *save; } modes[] = {
    [VIGIL_PLACEMENT_STAGE] = { "stage", N_("Change Stage") },
    [VIGIL_PLACEMENT_WINDOW] = { "window", N_("Add Window") },
    [VIGIL_PLACEMENT_OVERRIDE] = { "override", N_("Start Override") },
  };
  VigilPlacementDialog *self;
  g_autofree char *heading = NULL;
  GtkRoot *root;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL && family_name != NULL, NULL);
  g_return_val_if_fail (change <= VIGIL_PLACEMENT_OVERRIDE, NULL);

  switch (change)
    {
    case VIGIL_PLACEMENT_STAGE:
      heading = g_strdup_printf (_("Change the Stage of %s"), family_name);
      break;
    case VIGIL_PLACEMENT_WINDOW:
      heading = g_strdup_printf (_("Add an Observation Window for %s"), family_name);
      break;
    case VIGIL_PLACEMENT_OVERRIDE:
      heading = g_strdup_printf (_("Safeguarding Override for %s"), family_name);
      break;
    }
  self = g_object_new (VIGIL_TYPE_PLACEMENT_DIALOG, "title", heading, NULL);
  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->case_ref = g_strdup (case_ref);
  self->change = change;
  gtk_label_set_text (self->heading, heading);
  gtk_stack_set_visible_child_name (self->forms, modes[change].form);
  gtk_button_set_label (self->save, _(modes[change].save));
  vigil_outlook_view_show (self->preview, site, case_ref, NULL);
  return self;
}
