/* vigil-family-page.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-agreement-dialog.h"
#include "vigil-notes-dialog.h"
#include "vigil-outlook-view.h"
#include "vigil-placement-dialog.h"
#include "vigil-prompt-dialog.h"
#include "vigil-widget-util.h"
#include "vigil-family-page.h"

struct _VigilFamilyPage
{
  GtkWidget         parent_instance;

  VigilSite        *site;
  VigilSession     *session;
  char             *case_ref;
  char             *name;          /* "K.M. (Room 1)" */
  VigilFamily      *family;        /* as the latest snapshot saw it */
  gint64            scheduled_id;  /* the stage change to come, or 0 */
  GCancellable     *cancellable;   /* the page's reads */
  char             *windows_shown; /* what the lists show, to leave them be when nothing changed */
  char             *history_shown;

  GtkLabel         *heading;
  GtkLabel         *summary;
  GtkLabel         *problem;
  GtkWidget        *stage_button;
  GtkWidget        *window_button;
  GtkWidget        *override_button;
  GtkWidget        *end_override_button;
  GtkWidget        *cancel_change_button;
  GtkWidget        *agreement_button;
  GtkWidget        *discharge_button;
  VigilOutlookView *outlook;
  GtkListBox       *windows;
  GtkListBox       *history;
};

G_DEFINE_FINAL_TYPE (VigilFamilyPage, vigil_family_page, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_time (gint64     instant,
             GTimeZone *zone)
{
  return vigil_time_format_local (instant, zone, "%a %-d %b %H:%M %Z");
}

char *
vigil_family_page_describe (const VigilWallEntry *entry,
                            GTimeZone            *zone)
{
  g_autoptr(GString) text = NULL;
  const VigilPolicyDecision *decision;

  g_return_val_if_fail (entry != NULL && entry->family != NULL, NULL);

  decision = &entry->decision;
  text = g_string_new (vigil_stage_change_describe_state (entry->state));
  g_string_append (text, " · ");
  g_string_append (text, !decision->record ? _("not recording")
                         : decision->record_audio ? _("recording with sound") : _("recording without sound"));
  if (decision->next_change != 0)
    {
      g_autofree char *until = format_time (decision->next_change, zone);

      g_string_append_printf (text, _(" until %s"), until);
    }
  if (entry->override != NULL)
    {
      g_autofree char *until = format_time (vigil_override_get_end (entry->override), zone);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("safeguarding override until %s"), until);
    }
  if (entry->scheduled != NULL)
    {
      g_autofree char *from = format_time (vigil_stage_change_get_effective_at (entry->scheduled), zone);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("%s from %s"),
                              vigil_stage_change_describe_state (vigil_stage_change_get_to_state (entry->scheduled)),
                              from);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
say (VigilFamilyPage *self,
     const char      *problem)
{
  gtk_label_set_text (self->problem, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), problem != NULL);
}

static gboolean
may (VigilFamilyPage *self,
     VigilPermission  permission)
{
  return vigil_role_has_permission (vigil_session_get_role (self->session), permission);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static GtkWidget *
placeholder_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  return row;
}

/* Asking for a reason, then calling the core: the dialog stays open
 * until the core answers, with its words on a refusal. */

static void
on_window_removed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_remove_window_finish (VIGIL_SITE (object), result, &error))
    vigil_prompt_dialog_refuse (dialog, error->message);
  else
    vigil_prompt_dialog_done (dialog);
}

static void
on_change_cancelled (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_cancel_stage_change_finish (VIGIL_SITE (object), result, &error))
    vigil_prompt_dialog_refuse (dialog, error->message);
  else
    vigil_prompt_dialog_done (dialog);
}

static void
on_override_ended (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_end_override_finish (VIGIL_SITE (object), result, &error))
    vigil_prompt_dialog_refuse (dialog, error->message);
  else
    vigil_prompt_dialog_done (dialog);
}

/* The reason the core requires, beside what the change will do to the
 * family's next seven days. */
static VigilPromptDialog *
ask_reason (VigilFamilyPage           *self,
            const char                *heading,
            const char                *body,
            const char                *action_label,
            const VigilPolicyProposal *proposal,
            GCallback                  on_submit)
{
  VigilPromptDialog *dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), heading, body, _("Reason"), action_label);
  GtkWidget *preview = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("What Will Happen"));
  VigilOutlookView *outlook = vigil_outlook_view_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (preview), title);
  gtk_box_append (GTK_BOX (preview), GTK_WIDGET (outlook));
  vigil_outlook_view_show (outlook, self->site, self->case_ref, proposal);
  vigil_prompt_dialog_set_extra (dialog, preview);

  g_signal_connect_object (dialog, "submit", on_submit, self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_remove_window_submit (VigilFamilyPage   *self,
                         const char        *reason,
                         VigilPromptDialog *dialog)
{
  gint64 window_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "window-id"));

  vigil_site_remove_window_async (self->site, self->session, window_id, reason, NULL, on_window_removed,
                                  g_object_ref (dialog));
}

static void
on_remove_window (GtkButton       *button,
                  VigilFamilyPage *self)
{
  const char *window = g_object_get_data (G_OBJECT (button), "window");
  g_autofree char *body = g_strdup_printf (_("The window %s of %s is removed from now on. Say why: it is kept "
                                             "in the family's history and the audit trail."), window, self->name);
  VigilPolicyProposal proposal = {
    .kind = VIGIL_PROPOSAL_REMOVE_WINDOW,
    .id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "window-id")),
  };
  VigilPromptDialog *dialog = ask_reason (self, _("Remove the Window"), body, _("Remove"), &proposal,
                                          G_CALLBACK (on_remove_window_submit));

  g_object_set_data (G_OBJECT (dialog), "window-id", g_object_get_data (G_OBJECT (button), "window-id"));
}

static void
on_cancel_change_submit (VigilFamilyPage   *self,
                         const char        *reason,
                         VigilPromptDialog *dialog)
{
  vigil_site_cancel_stage_change_async (self->site, self->session, self->case_ref, self->scheduled_id, reason, NULL,
                                        on_change_cancelled, g_object_ref (dialog));
}

static void
on_cancel_change (VigilFamilyPage *self)
{
  g_autofree char *body = g_strdup_printf (_("The stage change scheduled for %s will not happen. Say why."),
                                           self->name);

  VigilPolicyProposal proposal = { .kind = VIGIL_PROPOSAL_CANCEL_STAGE, .id = self->scheduled_id };

  ask_reason (self, _("Cancel the Scheduled Change"), body, _("Cancel the Change"), &proposal,
              G_CALLBACK (on_cancel_change_submit));
}

static void
on_end_override_submit (VigilFamilyPage   *self,
                        const char        *reason,
                        VigilPromptDialog *dialog)
{
  vigil_site_end_override_async (self->site, self->session, self->case_ref, reason, NULL, on_override_ended,
                                 g_object_ref (dialog));
}

static void
on_end_override (VigilFamilyPage *self)
{
  g_autofree char *body = g_strdup_printf (_("Recording for %s returns to what its stage allows, now. Say why "
                                             "the override ends early."), self->name);

  VigilPolicyProposal proposal = { .kind = VIGIL_PROPOSAL_END_OVERRIDE };

  ask_reason (self, _("End the Override"), body, _("End the Override"), &proposal,
              G_CALLBACK (on_end_override_submit));
}

static void
open_change (VigilFamilyPage      *self,
             VigilPlacementChange  change)
{
  VigilPlacementDialog *dialog = vigil_placement_dialog_new (GTK_WIDGET (self), self->site, self->session,
                                                             self->case_ref, self->name, change);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_change_stage (VigilFamilyPage *self)
{
  open_change (self, VIGIL_PLACEMENT_STAGE);
}

static void
on_add_window (VigilFamilyPage *self)
{
  open_change (self, VIGIL_PLACEMENT_WINDOW);
}

static void
on_override (VigilFamilyPage *self)
{
  open_change (self, VIGIL_PLACEMENT_OVERRIDE);
}

static void
open_agreement (VigilFamilyPage      *self,
                VigilAgreementChange  change)
{
  VigilAgreementDialog *dialog = vigil_agreement_dialog_new (GTK_WIDGET (self), self->site, self->session,
                                                             self->family, self->name, change);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_record_agreement (VigilFamilyPage *self)
{
  open_agreement (self, VIGIL_AGREEMENT_RECORD);
}

static void
on_discharge (VigilFamilyPage *self)
{
  open_agreement (self, VIGIL_AGREEMENT_DISCHARGE);
}

static void
on_notes (VigilFamilyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  VigilNotesDialog *dialog = vigil_notes_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->site,
                                                     self->session, self->case_ref);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_back (VigilFamilyPage *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

/* Reading the family's windows and history */

/* Whether @shown differs from what the list shows; if so it becomes it.
 * Lists are rebuilt only then, so a button stays under the pointer (and
 * a screen reader's place) through every snapshot that changes nothing. */
static gboolean
list_changed (char       **shown,
              GString     *now)
{
  if (g_strcmp0 (*shown, now->str) == 0)
    return FALSE;
  g_free (*shown);
  *shown = g_strdup (now->str);
  return TRUE;
}

static void
on_windows (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VigilFamilyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) windows = vigil_site_list_windows_finish (VIGIL_SITE (object), result, &error);

  if (windows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message);
      return;
    }

  {
    g_autoptr(GString) digest = g_string_new (NULL);

    for (guint i = 0; i < windows->len; i++)
      g_string_append_printf (digest, "%" G_GINT64_FORMAT ";", vigil_window_get_id (g_ptr_array_index (windows, i)));
    if (!list_changed (&self->windows_shown, digest))
      return;
  }
  clear_list (self->windows);
  if (windows->len == 0)
    gtk_list_box_append (self->windows, placeholder_row (_("No observation windows")));
  for (guint i = 0; i < windows->len; i++)
    {
      VigilWindow *window = g_ptr_array_index (windows, i);
      g_autofree char *described = vigil_window_describe (window);
      g_autofree char *title = g_strdup_printf ("%s, %s", described, vigil_window_get_purpose (window));
      GString *subtitle = g_string_new (vigil_window_get_audio (window) ? _("with sound") : _("without sound"));
      GtkWidget *row = adw_action_row_new ();

      if (vigil_window_get_past_midnight (window))
        g_string_append_printf (subtitle, " · %s", _("runs past midnight into the next day"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle->str,
                                      -1);
      g_string_free (subtitle, TRUE);

      if (may (self, VIGIL_PERMISSION_EDIT_WINDOWS))
        {
          GtkWidget *remove = gtk_button_new_with_label (_("Remove…"));
          g_autofree char *name = g_strdup_printf (_("Remove the window %s"), title);

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_object_set_data_full (G_OBJECT (remove), "window", g_strdup (title), g_free);
          g_object_set_data (G_OBJECT (remove), "window-id", GSIZE_TO_POINTER (vigil_window_get_id (window)));
          g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_window), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      gtk_list_box_append (self->windows, row);
    }
}

static void
on_history (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VigilFamilyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vigil_site_list_stage_changes_finish (VIGIL_SITE (object), result, &error);
  GTimeZone *zone = vigil_site_get_time_zone (self->site);

  if (changes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message);
      return;
    }

  {
    g_autoptr(GString) digest = g_string_new (NULL);

    for (guint i = 0; i < changes->len; i++)
      {
        VigilStageChange *change = g_ptr_array_index (changes, i);

        g_string_append_printf (digest, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ";", vigil_stage_change_get_id (change),
                                vigil_stage_change_get_cancelled_at (change));
      }
    if (!list_changed (&self->history_shown, digest))
      return;
  }
  clear_list (self->history);
  /* The latest first: what a team lead asks about. */
  for (guint i = changes->len; i-- > 0;)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);
      g_autofree char *from = format_time (vigil_stage_change_get_effective_at (change), zone);
      g_autofree char *recorded = format_time (vigil_stage_change_get_recorded_at (change), zone);
      g_autofree char *title = g_strdup_printf (_("%s from %s"),
                                                vigil_stage_change_describe_state (vigil_stage_change_get_to_state (change)),
                                                from);
      GString *subtitle = g_string_new (NULL);
      GtkWidget *row = adw_action_row_new ();
      const char *evidence = vigil_stage_change_get_evidence (change);

      g_string_append_printf (subtitle, _("By %s on %s: %s"), vigil_stage_change_get_changed_by (change), recorded,
                              vigil_stage_change_get_reason (change));
      if (evidence != NULL && *evidence != '\0')
        g_string_append_printf (subtitle, _(" (evidence: %s)"), evidence);
      if (vigil_stage_change_get_cancelled_at (change) != 0)
        {
          g_autofree char *cancelled = format_time (vigil_stage_change_get_cancelled_at (change), zone);

          g_string_append_printf (subtitle, _(" · cancelled by %s on %s"),
                                  vigil_stage_change_get_cancelled_by (change), cancelled);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle->str,
                                      -1);
      g_string_free (subtitle, TRUE);
      gtk_list_box_append (self->history, row);
    }
}

void
vigil_family_page_apply (VigilFamilyPage      *self,
                         const VigilWallEntry *entry)
{
  g_autofree char *heading = NULL;
  g_autofree char *summary = NULL;
  gboolean overriding;

  g_return_if_fail (VIGIL_IS_FAMILY_PAGE (self));
  g_return_if_fail (entry != NULL && entry->family != NULL);

  g_free (self->name);
  self->name = vigil_wall_entry_describe_family (entry);
  g_set_object (&self->family, entry->family);
  heading = g_strdup_printf (_("%s, case %s"), self->name, self->case_ref);
  gtk_label_set_text (self->heading, heading);
  summary = vigil_family_page_describe (entry, vigil_site_get_time_zone (self->site));
  gtk_label_set_text (self->summary, summary);

  /* Controls a role may not use are not offered; the core refuses them
   * anyway. */
  overriding = entry->override != NULL;
  self->scheduled_id = entry->scheduled != NULL ? vigil_stage_change_get_id (entry->scheduled) : 0;
  gtk_widget_set_visible (self->stage_button, may (self, VIGIL_PERMISSION_CHANGE_STAGE));
  gtk_widget_set_visible (self->cancel_change_button,
                          may (self, VIGIL_PERMISSION_CHANGE_STAGE) && self->scheduled_id != 0);
  gtk_widget_set_visible (self->window_button, may (self, VIGIL_PERMISSION_EDIT_WINDOWS));
  gtk_widget_set_visible (self->override_button, may (self, VIGIL_PERMISSION_RUN_OVERRIDES));
  gtk_button_set_label (GTK_BUTTON (self->override_button),
                        overriding ? _("Renew Override…") : _("Start Override…"));
  gtk_widget_set_visible (self->end_override_button, may (self, VIGIL_PERMISSION_RUN_OVERRIDES) && overriding);
  gtk_widget_set_visible (self->agreement_button, may (self, VIGIL_PERMISSION_MANAGE_FAMILIES));
  gtk_widget_set_visible (self->discharge_button, may (self, VIGIL_PERMISSION_MANAGE_FAMILIES));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  vigil_site_list_windows_async (self->site, self->case_ref, FALSE, self->cancellable, on_windows,
                                 g_object_ref (self));
  vigil_site_list_stage_changes_async (self->site, self->case_ref, self->cancellable, on_history,
                                       g_object_ref (self));
  vigil_outlook_view_show (self->outlook, self->site, self->case_ref, NULL);
}

const char *
vigil_family_page_get_case_ref (VigilFamilyPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY_PAGE (self), NULL);

  return self->case_ref;
}

static void
vigil_family_page_dispose (GObject *object)
{
  VigilFamilyPage *self = VIGIL_FAMILY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_FAMILY_PAGE);
  g_clear_object (&self->family);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_family_page_parent_class)->dispose (object);
}

static void
vigil_family_page_finalize (GObject *object)
{
  VigilFamilyPage *self = VIGIL_FAMILY_PAGE (object);

  g_free (self->case_ref);
  g_free (self->name);
  g_free (self->windows_shown);
  g_free (self->history_shown);

  G_OBJECT_CLASS (vigil_family_page_parent_class)->finalize (object);
}

static void
vigil_family_page_class_init (VigilFamilyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_family_page_dispose;
  object_class->finalize = vigil_family_page_finalize;

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (VIGIL_TYPE_OUTLOOK_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-family-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, heading);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, summary);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, problem);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, stage_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, window_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, override_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, end_override_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, cancel_change_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, agreement_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, discharge_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, outlook);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, windows);
  gtk_widget_class_bind_template_child (widget_class, VigilFamilyPage, history);
  gtk_widget_class_bind_template_callback (widget_class, on_back);
  gtk_widget_class_bind_template_callback (widget_class, on_notes);
  gtk_widget_class_bind_template_callback (widget_class, on_change_stage);
  gtk_widget_class_bind_template_callback (widget_class, on_add_window);
  gtk_widget_class_bind_template_callback (widget_class, on_override);
  gtk_widget_class_bind_template_callback (widget_class, on_end_override);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_change);
  gtk_widget_class_bind_template_callback (widget_class, on_record_agreement);
  gtk_widget_class_bind_template_callback (widget_class, on_discharge);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_family_page_init (VigilFamilyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilFamilyPage *
vigil_family_page_new (VigilSite    *site,
                       VigilSession *session,
                       const char   *case_ref)
{
  VigilFamilyPage *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_FAMILY_PAGE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->case_ref = g_strdup (case_ref);
  return self;
}
