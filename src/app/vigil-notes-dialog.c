/* vigil-notes-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-notes-dialog.h"

/* A family's notes as the record keeps them: a saved note never changes,
 * so corrections (addenda) are shown beneath the note they correct, with
 * their own author and time. The list follows the site's file, so a note
 * saved here or anywhere else appears without a reload. */
struct _VigilNotesDialog
{
  AdwWindow parent_instance;

  VigilSite          *site;
  VigilSession       *session;
  char               *case_ref;
  GCancellable       *cancellable;
  VigilChangeMonitor *monitor;
  VigilRecordList    *notes;

  AdwWindowTitle *title;
  GtkBox         *notes_box;
  GtkLabel       *placeholder;
  GtkTextView    *note;
  GtkLabel       *error;
  GtkButton      *save;
};

G_DEFINE_FINAL_TYPE (VigilNotesDialog, vigil_notes_dialog, ADW_TYPE_WINDOW)

static const char *
kind_title (VigilNote *note)
{
  if (vigil_note_is_addendum (note))
    return _("Addendum");

  switch (vigil_note_get_kind (note))
    {
    case VIGIL_NOTE_KIND_OBSERVATION:
      return _("Observation note");
    case VIGIL_NOTE_KIND_REVIEW:
      return _("Review note");
    case VIGIL_NOTE_KIND_DUTY:
      return _("Duty summary");
    default:
      g_assert_not_reached ();
    }
}

static char *
local_time (VigilNotesDialog *self,
            gint64            instant)
{
  return vigil_time_format_local (instant, vigil_site_get_time_zone (self->site), "%Y-%m-%d %H:%M %Z");
}

static GtkWidget *
text_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* Kind, author and time; the period observed where there is one; then the
 * note as written. Every part is label text, for screen readers. */
static void
append_note (VigilNotesDialog *self,
             GtkBox           *box,
             VigilNote        *note)
{
  g_autofree char *written = local_time (self, vigil_note_get_written_at (note));
  g_autofree char *header = g_strdup_printf (_("%s by %s, %s"), kind_title (note), vigil_note_get_author (note),
                                             written);
  GtkWidget *body;
  gint64 from, to;

  gtk_box_append (box, text_label (header, vigil_note_is_addendum (note) ? "caption-heading" : "heading"));
  if (vigil_note_get_period (note, &from, &to))
    {
      g_autofree char *start = local_time (self, from);
      g_autofree char *end = local_time (self, to);
      g_autofree char *period = g_strdup_printf (_("Period observed: %s to %s"), start, end);

      gtk_box_append (box, text_label (period, "dim-label"));
    }
  body = text_label (vigil_note_get_body (note), NULL);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (box, body);
}

/* A card for a note and its addenda; returns the box inside it. */
static GtkBox *
note_card (GtkWidget **card)
{
  GtkWidget *inside = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (*card, "card");
  gtk_widget_set_margin_top (inside, 12);
  gtk_widget_set_margin_bottom (inside, 12);
  gtk_widget_set_margin_start (inside, 12);
  gtk_widget_set_margin_end (inside, 12);
  gtk_box_append (GTK_BOX (*card), inside);
  return GTK_BOX (inside);
}

static void
show_placeholder (VigilNotesDialog *self)
{
  const GError *error = vigil_record_list_get_error (self->notes);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->notes));

  if (error != NULL)
    gtk_label_set_text (self->placeholder, error->message);
  else if (vigil_record_list_get_loading (self->notes) && n == 0)
    gtk_label_set_text (self->placeholder, _("Loading the notes…"));
  else
    gtk_label_set_text (self->placeholder, _("No notes for this family yet."));
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), error != NULL || n == 0);
}

/* The list comes oldest first, each note followed by its addenda; it is
 * shown newest first, each card holding a note and its addenda in the
 * order they were written. */
static void
rebuild (VigilNotesDialog *self)
{
  g_autoptr(GHashTable) cards = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GListModel *model = G_LIST_MODEL (self->notes);
  guint n = g_list_model_get_n_items (model);
  GtkWidget *child;

  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self->notes_box))) != GTK_WIDGET (self->placeholder))
    gtk_box_remove (self->notes_box, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilNote) note = g_list_model_get_item (model, i);
      gint64 id = vigil_note_is_addendum (note) ? vigil_note_get_addendum_to (note) : vigil_note_get_id (note);
      GtkBox *card = vigil_note_is_addendum (note) ? g_hash_table_lookup (cards, &id) : NULL;
      GtkWidget *outer;

      if (card != NULL)
        {
          GtkWidget *addendum = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

          gtk_widget_set_margin_start (addendum, 24);
          gtk_widget_set_margin_top (addendum, 6);
          append_note (self, GTK_BOX (addendum), note);
          gtk_box_append (card, addendum);
          continue;
        }

      card = note_card (&outer);
      g_hash_table_insert (cards, g_memdup2 (&id, sizeof id), card);
      append_note (self, card, note);
      /* Newest first: below the placeholder, above the older ones. */
      gtk_box_insert_child_after (self->notes_box, outer, GTK_WIDGET (self->placeholder));
    }

  show_placeholder (self);
}

static void
on_notes_changed (VigilNotesDialog *self)
{
  rebuild (self);
}

static void
set_busy (VigilNotesDialog *self,
          gboolean          busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save), !busy);
  gtk_text_view_set_editable (self->note, !busy);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VigilNotesDialog) self = user_data;
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(GError) error = NULL;

  note = vigil_site_add_note_finish (VIGIL_SITE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (note == NULL)
    {
      /* The core's words: an empty note, a locked console, a lapsed
       * permission. What was typed stays, to be put right. */
      gtk_label_set_text (self->error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->note));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error), FALSE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note), "", -1);
}

static void
on_save (VigilNotesDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note);
  g_autofree char *body = NULL;
  GtkTextIter start, end;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save)))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  set_busy (self, TRUE);
  /* The core checks it (an empty note is refused in its words) and
   * writes it on the site's worker: the window never waits on fsync. */
  vigil_site_add_note_async (self->site, self->session, self->case_ref, VIGIL_NOTE_KIND_OBSERVATION, 0, 0, body,
                             self->cancellable, on_saved, g_object_ref (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  on_save (VIGIL_NOTES_DIALOG (widget));
}

static void
on_family (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VigilNotesDialog) self = user_data;
  g_autoptr(VigilFamily) family = vigil_site_lookup_family_finish (VIGIL_SITE (object), result, NULL);
  g_autofree char *title = NULL;

  if (family == NULL)
    return;

  title = g_strdup_printf (_("Notes: %s"), vigil_family_get_label (family));
  adw_window_title_set_title (self->title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
vigil_notes_dialog_dispose (GObject *object)
{
  VigilNotesDialog *self = VIGIL_NOTES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  g_clear_object (&self->notes);
  g_clear_object (&self->monitor);
  g_clear_object (&self->session);
  g_clear_object (&self->site);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_NOTES_DIALOG);

  G_OBJECT_CLASS (vigil_notes_dialog_parent_class)->dispose (object);
}

static void
vigil_notes_dialog_finalize (GObject *object)
{
  VigilNotesDialog *self = VIGIL_NOTES_DIALOG (object);

  g_clear_pointer (&self->case_ref, g_free);

  G_OBJECT_CLASS (vigil_notes_dialog_parent_class)->finalize (object);
}

static void
vigil_notes_dialog_class_init (VigilNotesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_notes_dialog_dispose;
  object_class->finalize = vigil_notes_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-notes-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, title);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, notes_box);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, placeholder);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, note);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, error);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, save);
  gtk_widget_class_bind_template_callback (widget_class, on_save);

  gtk_widget_class_install_action (widget_class, "notes.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "notes.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "notes.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_notes_dialog_init (VigilNotesDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilNotesDialog *
vigil_notes_dialog_new (GtkWindow    *parent,
                        VigilSite    *site,
                        VigilSession *session,
                        const char   *case_ref)
{
  g_autoptr(GError) error = NULL;
  VigilNotesDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_NOTES_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->case_ref = g_strdup (case_ref);
  adw_window_title_set_subtitle (self->title, case_ref);

  self->monitor = vigil_change_monitor_new (site, &error);
  if (self->monitor == NULL)
    {
      gtk_label_set_text (self->placeholder, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save), FALSE);
      return self;
    }
  self->notes = vigil_record_list_new_notes (site, self->monitor, case_ref);
  g_signal_connect_swapped (self->notes, "items-changed", G_CALLBACK (on_notes_changed), self);
  g_signal_connect_swapped (self->notes, "notify::loading", G_CALLBACK (on_notes_changed), self);
  rebuild (self);

  vigil_site_lookup_family_async (site, case_ref, self->cancellable, on_family, g_object_ref (self));
  return self;
}
