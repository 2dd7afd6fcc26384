/* vigil-allocate-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-choice-list.h"
#include "vigil-allocate-dialog.h"

struct _VigilAllocateDialog
{
  AdwWindow parent_instance;

  VigilSite         *site;
  VigilSession      *session;
  VigilWallSnapshot *snapshot;
  GCancellable      *cancellable;
  gboolean           busy;
  gboolean           done;
  gboolean           closed;

  GtkButton       *allocate;
  GtkLabel        *family_status;
  VigilChoiceList *families;
  GtkLabel        *operator_status;
  VigilChoiceList *operators;
  GtkLabel        *error;
};

G_DEFINE_FINAL_TYPE (VigilAllocateDialog, vigil_allocate_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ALLOCATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_sensitivity (VigilAllocateDialog *self)
{
  gboolean idle = !self->busy && !self->done;

  gtk_widget_set_sensitive (GTK_WIDGET (self->allocate), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->families), idle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->operators), idle);
}

static void
show_error (VigilAllocateDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error), message != NULL);
}

/* What is chosen, said in words above each list. */
static void
on_chosen (VigilAllocateDialog *self)
{
  const char *family = vigil_choice_list_get_chosen_shown (self->families);
  const char *operator_name = vigil_choice_list_get_chosen_shown (self->operators);

  if (family != NULL)
    gtk_label_set_text (self->family_status, family);
  if (operator_name != NULL)
    gtk_label_set_text (self->operator_status, operator_name);
  show_error (self, NULL);
}

static VigilDuty *
duty_of (VigilAllocateDialog *self,
         const char          *username)
{
  return vigil_wall_snapshot_duty_of (self->snapshot, username);
}

static int
compare_staff (gconstpointer a,
               gconstpointer b)
{
  VigilStaff *one = *(VigilStaff **) a;
  VigilStaff *other = *(VigilStaff **) b;

  return g_utf8_collate (vigil_staff_get_display_name (one), vigil_staff_get_display_name (other));
}

/* Everyone active, those on a duty saying so: choosing one of them is the
 * core's to refuse, in its words. */
static void
on_staff_listed (GObject      *site,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VigilAllocateDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = vigil_site_list_staff_finish (VIGIL_SITE (site), result, &error);

  if (self->closed)
    return;
  if (staff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->operator_status, error->message);
      return;
    }

  g_ptr_array_sort (staff, compare_staff);
  for (guint i = 0; i < staff->len; i++)
    {
      VigilStaff *member = g_ptr_array_index (staff, i);
      const char *username = vigil_staff_get_username (member);
      VigilDuty *duty = duty_of (self, username);
      g_autofree char *shown = NULL;

      if (!vigil_staff_get_active (member))
        continue;
      if (duty != NULL)
        /* Translators: a colleague's name and username, and the family
         * they watch. */
        shown = g_strdup_printf (_("%s (%s), on duty for %s"), vigil_staff_get_display_name (member), username,
                                 vigil_duty_get_family_label (duty));
      else
        /* Translators: a colleague's name and username. */
        shown = g_strdup_printf (_("%s (%s)"), vigil_staff_get_display_name (member), username);
      vigil_choice_list_append (self->operators, username, shown);
    }
  gtk_label_set_text (self->operator_status,
                      vigil_choice_list_get_n_choices (self->operators) > 0
                        ? _("Choose who goes on duty")
                        : _("Nobody is active on the staff list"));
}

static void
show_families (VigilAllocateDialog *self,
               const char          *case_ref)
{
  for (guint i = 0; i < self->snapshot->entries->len; i++)
    {
      const VigilWallEntry *entry = g_ptr_array_index (self->snapshot->entries, i);
      g_autofree char *name = NULL;
      g_autofree char *shown = NULL;

      if (entry->family == NULL)
        continue;
      name = vigil_wall_entry_describe_family (entry);
      if (entry->duty != NULL)
        /* Translators: "K.M. (Room 1), watched by okhan" */
        shown = g_strdup_printf (_("%s, watched by %s"), name, vigil_duty_get_operator (entry->duty));
      else if (entry->uncovered != NULL)
        /* Translators: "K.M. (Room 1), needs a watcher" */
        shown = g_strdup_printf (_("%s, needs a watcher"), name);
      else
        shown = g_strdup (name);
      vigil_choice_list_append (self->families, vigil_family_get_case_ref (entry->family), shown);
    }

  gtk_label_set_text (self->family_status,
                      vigil_choice_list_get_n_choices (self->families) > 0
                        ? _("Choose the family to watch")
                        : _("No family is placed"));
  if (case_ref != NULL)
    vigil_choice_list_choose (self->families, case_ref);
}

static void
on_allocated (GObject      *site,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VigilAllocateDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDuty) duty = vigil_site_start_duty_finish (VIGIL_SITE (site), result, &error);

  self->busy = FALSE;
  if (duty == NULL)
    {
      if (self->closed)
        return;
      /* The core's words: the operator already on a duty, the family
       * already watched, someone who may not watch, a role that may not
       * allocate. */
      show_error (self, error->message);
      update_sensitivity (self);
      return;
    }

  self->done = TRUE;
  g_signal_emit (self, signals[SIGNAL_ALLOCATED], 0, duty);
  if (!self->closed)
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_allocate_clicked (VigilAllocateDialog *self)
{
  const char *case_ref = vigil_choice_list_get_chosen (self->families);
  const char *operator_name = vigil_choice_list_get_chosen (self->operators);

  if (self->busy || self->done)
    return;
  if (case_ref == NULL)
    {
      show_error (self, _("Choose the family to watch."));
      return;
    }
  if (operator_name == NULL)
    {
      show_error (self, _("Choose who goes on duty."));
      return;
    }

  self->busy = TRUE;
  show_error (self, NULL);
  update_sensitivity (self);
  /* Not cancelled when the dialog closes: a duty that was started must be
   * reported. */
  vigil_site_start_duty_async (self->site, self->session, case_ref, operator_name, NULL, on_allocated,
                               g_object_ref (self));
}

static gboolean
vigil_allocate_dialog_close_request (GtkWindow *window)
{
  GtkWindowClass *parent_class = GTK_WINDOW_CLASS (vigil_allocate_dialog_parent_class);

  VIGIL_ALLOCATE_DIALOG (window)->closed = TRUE;
  return parent_class->close_request != NULL && parent_class->close_request (window);
}

static void
vigil_allocate_dialog_dispose (GObject *object)
{
  VigilAllocateDialog *self = VIGIL_ALLOCATE_DIALOG (object);

  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_ALLOCATE_DIALOG);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_allocate_dialog_parent_class)->dispose (object);
}

static void
vigil_allocate_dialog_finalize (GObject *object)
{
  VigilAllocateDialog *self = VIGIL_ALLOCATE_DIALOG (object);

  g_clear_object (&self->site);
  g_clear_object (&self->session);
  g_clear_pointer (&self->snapshot, vigil_wall_snapshot_unref);

  G_OBJECT_CLASS (vigil_allocate_dialog_parent_class)->finalize (object);
}

static void
vigil_allocate_dialog_class_init (VigilAllocateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_allocate_dialog_dispose;
  object_class->finalize = vigil_allocate_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = vigil_allocate_dialog_close_request;

  /**
   * VigilAllocateDialog::allocated:
   * @duty: the duty started
   */
  signals[SIGNAL_ALLOCATED] = g_signal_new ("allocated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_DUTY);

  g_type_ensure (VIGIL_TYPE_CHOICE_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-allocate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAllocateDialog, allocate);
  gtk_widget_class_bind_template_child (widget_class, VigilAllocateDialog, family_status);
  gtk_widget_class_bind_template_child (widget_class, VigilAllocateDialog, families);
  gtk_widget_class_bind_template_child (widget_class, VigilAllocateDialog, operator_status);
  gtk_widget_class_bind_template_child (widget_class, VigilAllocateDialog, operators);
  gtk_widget_class_bind_template_child (widget_class, VigilAllocateDialog, error);
  gtk_widget_class_bind_template_callback (widget_class, on_allocate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_chosen);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_allocate_dialog_init (VigilAllocateDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilAllocateDialog *
vigil_allocate_dialog_new (GtkWindow         *parent,
                           VigilSite         *site,
                           VigilSession      *session,
                           VigilWallSnapshot *snapshot,
                           const char        *case_ref)
{
  VigilAllocateDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_ALLOCATE_DIALOG, "transient-for", parent, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->snapshot = vigil_wall_snapshot_ref (snapshot);

  show_families (self, case_ref);
  gtk_label_set_text (self->operator_status, _("Finding colleagues…"));
  vigil_site_list_staff_async (site, self->cancellable, on_staff_listed, g_object_ref (self));
  update_sensitivity (self);
  return self;
}
