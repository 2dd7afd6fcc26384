/* vigil-duty-finish-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-choice-list.h"
#include "vigil-duty-finish-dialog.h"

struct _VigilDutyFinishDialog
{
  AdwWindow parent_instance;

  VigilSite    *site;
  VigilSession *session;
  VigilDuty    *duty;
  gboolean      hand_over;
  gboolean      locked;
  gboolean      busy;
  gboolean      done;
  gboolean      closed;
  GCancellable *cancellable;
  /* The chosen colleague's username; each colleague's button keeps its
   * own as data. */
  char         *colleague;

  AdwWindowTitle *window_title;
  GtkButton      *finish;
  GtkLabel       *intro;
  GtkWidget      *colleague_section;
  GtkLabel       *colleague_status;
  VigilChoiceList *colleagues;
  GtkTextView    *summary;
  GtkLabel       *error;
};

G_DEFINE_FINAL_TYPE (VigilDutyFinishDialog, vigil_duty_finish_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_sensitivity (VigilDutyFinishDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->finish), !self->busy && !self->locked && !self->done);
  gtk_text_view_set_editable (self->summary, !self->busy && !self->done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->colleagues), !self->busy && !self->done);
}

static void
show_error (VigilDutyFinishDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error), message != NULL);
}

/* The label above the list says who is chosen in words, for the eye and
 * for a screen reader alike. */
static void
on_colleague_chosen (VigilDutyFinishDialog *self)
{
  const char *shown = vigil_choice_list_get_chosen_shown (self->colleagues);
  g_autofree char *status = NULL;

  g_free (self->colleague);
  self->colleague = g_strdup (vigil_choice_list_get_chosen (self->colleagues));
  if (shown == NULL)
    return;

  /* Translators: the colleague who will take over the duty. */
  status = g_strdup_printf (_("Hand over to %s"), shown);
  gtk_label_set_text (self->colleague_status, status);
  show_error (self, NULL);
}

static int
compare_staff (gconstpointer a,
               gconstpointer b)
{
  VigilStaff *one = *(VigilStaff **) a;
  VigilStaff *other = *(VigilStaff **) b;

  return g_utf8_collate (vigil_staff_get_display_name (one), vigil_staff_get_display_name (other));
}

/* Everyone active but those already on a duty (the outgoing operator among
 * them): the core still decides whether the one chosen may watch (band,
 * competency). A team lead handing over someone else's duty may choose
 * themselves. */
static void
show_colleagues (VigilDutyFinishDialog *self,
                 GPtrArray             *staff,
                 GPtrArray             *duties)
{
  g_autoptr(GHashTable) on_duty = g_hash_table_new (g_str_hash, g_str_equal);
  guint shown = 0;

  for (guint i = 0; i < duties->len; i++)
    g_hash_table_add (on_duty, (gpointer) vigil_duty_get_operator (g_ptr_array_index (duties, i)));

  g_ptr_array_sort (staff, compare_staff);
  for (guint i = 0; i < staff->len; i++)
    {
      VigilStaff *member = g_ptr_array_index (staff, i);
      const char *username = vigil_staff_get_username (member);

      g_autofree char *shown_as = NULL;

      if (!vigil_staff_get_active (member) ||
          g_strcmp0 (username, vigil_duty_get_operator (self->duty)) == 0 ||
          g_hash_table_contains (on_duty, username))
        continue;
      /* Translators: a colleague's name and username. */
      shown_as = g_strdup_printf (_("%s (%s)"), vigil_staff_get_display_name (member), username);
      vigil_choice_list_append (self->colleagues, username, shown_as);
      shown++;
    }

  gtk_label_set_text (self->colleague_status,
                      shown > 0 ? _("Choose the colleague who takes over")
                                : _("No colleague is free to take over"));
  update_sensitivity (self);
}

typedef struct
{
  VigilDutyFinishDialog *self;
  GPtrArray             *staff;
} Listing;

static void
on_coverage (GObject      *site,
             GAsyncResult *result,
             gpointer      user_data)
{
  Listing *listing = user_data;
  g_autoptr(VigilDutyFinishDialog) self = listing->self;
  g_autoptr(GPtrArray) staff = listing->staff;
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(GError) error = NULL;

  g_free (listing);
  if (self->closed)
    return;
  if (!vigil_site_get_coverage_finish (VIGIL_SITE (site), result, &duties, &uncovered, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->colleague_status, error->message);
      return;
    }
  show_colleagues (self, staff, duties);
}

static void
on_staff_listed (GObject      *site,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VigilDutyFinishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *staff = vigil_site_list_staff_finish (VIGIL_SITE (site), result, &error);
  Listing *listing;

  if (self->closed)
    {
      g_clear_pointer (&staff, g_ptr_array_unref);
      return;
    }
  if (staff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->colleague_status, error->message);
      return;
    }

  listing = g_new0 (Listing, 1);
  listing->self = g_steal_pointer (&self);
  listing->staff = staff;
  vigil_site_get_coverage_async (VIGIL_SITE (site), listing->self->cancellable, on_coverage, listing);
}

static void
on_finished (GObject      *site,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilDutyFinishDialog) self = user_data;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) error = NULL;

  if (self->hand_over)
    duty = vigil_site_hand_over_duty_finish (VIGIL_SITE (site), result, &error);
  else
    duty = vigil_site_end_duty_finish (VIGIL_SITE (site), result, &error);

  self->busy = FALSE;
  if (duty == NULL)
    {
      /* Closed meanwhile: the duty is as it was, and nobody to tell. */
      if (self->closed)
        return;
      /* The core's words: an empty summary, a colleague who may not watch
       * or is busy, a locked console. */
      show_error (self, error->message);
      update_sensitivity (self);
      return;
    }

  /* Told even when the dialog was closed while the call was out. */
  self->done = TRUE;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, duty);
  if (!self->closed)
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_finish_clicked (VigilDutyFinishDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->summary);
  GtkTextIter start, end;
  g_autofree char *summary = NULL;

  if (self->busy || self->locked || self->done)
    return;

  if (self->hand_over && self->colleague == NULL)
    {
      show_error (self, _("Choose the colleague who takes over the duty."));
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  summary = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  self->busy = TRUE;
  show_error (self, NULL);
  update_sensitivity (self);
  /* Not cancelled when the dialog closes: a call that went out must tell
   * the duty view what became of the duty. */
  if (self->hand_over)
    vigil_site_hand_over_duty_async (self->site, self->session, vigil_duty_get_case_ref (self->duty),
                                     self->colleague, summary, NULL, on_finished, g_object_ref (self));
  else
    vigil_site_end_duty_async (self->site, self->session, vigil_duty_get_case_ref (self->duty),
                               summary, NULL, on_finished, g_object_ref (self));
}

static gboolean
vigil_duty_finish_dialog_close_request (GtkWindow *window)
{
  GtkWindowClass *parent_class = GTK_WINDOW_CLASS (vigil_duty_finish_dialog_parent_class);

  VIGIL_DUTY_FINISH_DIALOG (window)->closed = TRUE;
  return parent_class->close_request != NULL && parent_class->close_request (window);
}

static void
vigil_duty_finish_dialog_dispose (GObject *object)
{
  VigilDutyFinishDialog *self = VIGIL_DUTY_FINISH_DIALOG (object);

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_DUTY_FINISH_DIALOG);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_duty_finish_dialog_parent_class)->dispose (object);
}

/* The duty outlives the window: a call still out when it closed reports
 * on it afterwards. */
static void
vigil_duty_finish_dialog_finalize (GObject *object)
{
  VigilDutyFinishDialog *self = VIGIL_DUTY_FINISH_DIALOG (object);

  g_clear_object (&self->site);
  g_clear_object (&self->session);
  g_clear_object (&self->duty);
  g_clear_pointer (&self->colleague, g_free);
  G_OBJECT_CLASS (vigil_duty_finish_dialog_parent_class)->finalize (object);
}

static void
vigil_duty_finish_dialog_class_init (VigilDutyFinishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_duty_finish_dialog_dispose;
  object_class->finalize = vigil_duty_finish_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = vigil_duty_finish_dialog_close_request;

  /**
   * VigilDutyFinishDialog::finished:
   * @duty: the colleague's new duty after a handover, or the ended duty
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_DUTY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-duty-finish-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, finish);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, intro);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, colleague_section);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, colleague_status);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, colleagues);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, summary);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyFinishDialog, error);
  gtk_widget_class_bind_template_callback (widget_class, on_finish_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_colleague_chosen);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_duty_finish_dialog_init (VigilDutyFinishDialog *self)
{
  self->cancellable = g_cancellable_new ();
  g_type_ensure (VIGIL_TYPE_CHOICE_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilDutyFinishDialog *
vigil_duty_finish_dialog_new (GtkWindow    *parent,
                              VigilSite    *site,
                              VigilSession *session,
                              VigilDuty    *duty,
                              gboolean      hand_over)
{
  VigilDutyFinishDialog *self;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (VIGIL_IS_DUTY (duty), NULL);

  self = g_object_new (VIGIL_TYPE_DUTY_FINISH_DIALOG, "transient-for", parent, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->duty = g_object_ref (duty);
  self->hand_over = !!hand_over;

  if (self->hand_over)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Hand Over Duty"));
      gtk_button_set_label (self->finish, _("Hand Over"));
      if (g_str_equal (vigil_duty_get_operator (duty), vigil_session_get_username (session)))
        /* Translators: %s is the family's label, %s its case reference. */
        intro = g_strdup_printf (_("The colleague you choose takes over watching %s (%s) at once. "
                                   "Write the summary of your duty for the family's record."),
                                 vigil_duty_get_family_label (duty), vigil_duty_get_case_ref (duty));
      else
        /* A team lead handing over someone else's duty, from the duties
         * page. Translators: the family's label, its case reference, and
         * the operator on duty. */
        intro = g_strdup_printf (_("The colleague you choose takes over watching %s (%s) from %s at once. "
                                   "Write the summary of the duty for the family's record."),
                                 vigil_duty_get_family_label (duty), vigil_duty_get_case_ref (duty),
                                 vigil_duty_get_operator (duty));
      gtk_label_set_text (self->colleague_status, _("Finding colleagues…"));
      vigil_site_list_staff_async (site, self->cancellable, on_staff_listed, g_object_ref (self));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("End Duty"));
      gtk_button_set_label (self->finish, _("End Duty"));
      intro = g_strdup_printf (_("Nobody will be watching %s (%s) once the duty ends. "
                                 "Write the summary of your duty for the family's record."),
                               vigil_duty_get_family_label (duty), vigil_duty_get_case_ref (duty));
      gtk_widget_set_visible (self->colleague_section, FALSE);
    }
  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  adw_window_title_set_subtitle (self->window_title, vigil_duty_get_family_label (duty));
  gtk_label_set_text (self->intro, intro);
  update_sensitivity (self);
  return self;
}

gboolean
vigil_duty_finish_dialog_get_hand_over (VigilDutyFinishDialog *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_FINISH_DIALOG (self), FALSE);
  return self->hand_over;
}

VigilDuty *
vigil_duty_finish_dialog_get_duty (VigilDutyFinishDialog *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_FINISH_DIALOG (self), NULL);
  return self->duty;
}

void
vigil_duty_finish_dialog_set_locked (VigilDutyFinishDialog *self,
                                     gboolean               locked)
{
  g_return_if_fail (VIGIL_IS_DUTY_FINISH_DIALOG (self));

  self->locked = !!locked;
  update_sensitivity (self);
}
