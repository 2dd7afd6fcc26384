/* vigil-notes-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-prompt-dialog.h"
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
  GtkEditable    *since;
  GtkEditable    *until;
  GtkToggleButton *observation_kind;
  GtkToggleButton *duty_kind;
  GtkToggleButton *review_kind;
  GtkLabel       *export_state;
  char           *export_path;   /* the file being written */
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

/* Says why nothing is listed: a failure to read, a range that cannot be
 * read (@range_error), still loading, or no note that passes. */
static void
show_placeholder (VigilNotesDialog *self,
                  guint             shown,
                  const GError     *range_error)
{
  const GError *error = vigil_record_list_get_error (self->notes);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->notes));

  if (error == NULL)
    error = range_error;
  if (error != NULL)
    gtk_label_set_text (self->placeholder, error->message);
  else if (vigil_record_list_get_loading (self->notes) && n == 0)
    gtk_label_set_text (self->placeholder, _("Loading the notes…"));
  else if (n == 0)
    gtk_label_set_text (self->placeholder, _("No notes for this family yet."));
  else
    gtk_label_set_text (self->placeholder, _("No notes of this kind in this range."));
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), error != NULL || shown == 0);
}

/* The range typed above the list, in site time: a bare "to" date takes in
 * that whole day. Either end may be left empty. */
static gboolean
read_range (VigilNotesDialog  *self,
            gint64            *since,
            gint64            *until,
            GError           **error)
{
  GTimeZone *zone = vigil_site_get_time_zone (self->site);
  g_autofree char *since_text = g_strstrip (g_strdup (gtk_editable_get_text (self->since)));
  g_autofree char *until_text = g_strstrip (g_strdup (gtk_editable_get_text (self->until)));

  *since = *until = 0;
  if (*since_text != '\0' && !vigil_time_parse (since_text, zone, since, error))
    return FALSE;
  if (*until_text != '\0' && !vigil_time_parse_until (until_text, zone, until, error))
    return FALSE;
  if (*since != 0 && *until != 0 && *until <= *since)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("The end of the range must be after its start."));
      return FALSE;
    }
  return TRUE;
}

/* The kind chosen above the list; every note passes "All Kinds". */
static gboolean
kind_shown (VigilNotesDialog *self,
            VigilNote        *note)
{
  if (gtk_toggle_button_get_active (self->observation_kind))
    return vigil_note_get_kind (note) == VIGIL_NOTE_KIND_OBSERVATION;
  if (gtk_toggle_button_get_active (self->duty_kind))
    return vigil_note_get_kind (note) == VIGIL_NOTE_KIND_DUTY;
  if (gtk_toggle_button_get_active (self->review_kind))
    return vigil_note_get_kind (note) == VIGIL_NOTE_KIND_REVIEW;
  return TRUE;
}

/* The family's notes in the range, each note followed by its addenda, as
 * the exports take them. */
static GPtrArray *
notes_in_range (VigilNotesDialog  *self,
                GError           **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (self->notes);
  gint64 since, until;

  if (!read_range (self, &since, &until, error))
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (all, g_list_model_get_item (model, i));
  return vigil_note_select_range (all, since, until);
}

static void
on_addendum_saved (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilNote) addendum = vigil_site_add_addendum_finish (VIGIL_SITE (object), result, &error);

  if (addendum == NULL)
    vigil_prompt_dialog_refuse (dialog, error->message);
  else
    vigil_prompt_dialog_done (dialog);
}

static void
on_addendum_submit (VigilNotesDialog  *self,
                    const char        *body,
                    VigilPromptDialog *dialog)
{
  gint64 note_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "note-id"));

  vigil_site_add_addendum_async (self->site, self->session, note_id, body, self->cancellable, on_addendum_saved,
                                 g_object_ref (dialog));
}

static void
on_add_addendum (GtkButton        *button,
                 VigilNotesDialog *self)
{
  VigilPromptDialog *dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), _("Add an Addendum"),
                                                       _("A saved note never changes: a correction or an addition is "
                                                         "an addendum beneath it, with your name and the time."),
                                                       _("Addendum"), _("Save Addendum"));

  g_object_set_data (G_OBJECT (dialog), "note-id", g_object_get_data (G_OBJECT (button), "note-id"));
  g_signal_connect_object (dialog, "submit", G_CALLBACK (on_addendum_submit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
addendum_button (VigilNotesDialog *self,
                 VigilNote        *note)
{
  GtkWidget *button = gtk_button_new_with_label (_("Add Addendum…"));
  g_autofree char *written = local_time (self, vigil_note_get_written_at (note));
  g_autofree char *name = g_strdup_printf (_("Add an addendum to the note by %s, %s"), vigil_note_get_author (note),
                                           written);

  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (button), "note-id", GSIZE_TO_POINTER (vigil_note_get_id (note)));
  g_signal_connect (button, "clicked", G_CALLBACK (on_add_addendum), self);
  return button;
}

/* The notes in the range come oldest first, each note followed by its
 * addenda; they are shown newest first, each card holding a note and its
 * addenda in the order they were written, and a button for another. */
static void
rebuild (VigilNotesDialog *self)
{
  g_autoptr(GHashTable) cards = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean writer = vigil_role_has_permission (vigil_session_get_role (self->session), VIGIL_PERMISSION_WRITE_NOTES);
  guint shown = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_last_child (GTK_WIDGET (self->notes_box))) != GTK_WIDGET (self->placeholder))
    gtk_box_remove (self->notes_box, child);

  notes = notes_in_range (self, &error);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      VigilNote *note = g_ptr_array_index (notes, i);
      gint64 id = vigil_note_is_addendum (note) ? vigil_note_get_addendum_to (note) : vigil_note_get_id (note);
      GtkBox *card = vigil_note_is_addendum (note) ? g_hash_table_lookup (cards, &id) : NULL;
      GtkWidget *outer;

      if (vigil_note_is_addendum (note))
        {
          GtkWidget *addendum;

          /* An addendum to a note of another kind is not shown. */
          if (card == NULL)
            continue;
          addendum = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
          gtk_widget_set_margin_start (addendum, 24);
          gtk_widget_set_margin_top (addendum, 6);
          append_note (self, GTK_BOX (addendum), note);
          /* Above the card's button, which stays last. */
          gtk_box_insert_child_after (card, addendum, gtk_widget_get_prev_sibling (gtk_widget_get_last_child (GTK_WIDGET (card))));
          continue;
        }
      if (!kind_shown (self, note))
        continue;

      card = note_card (&outer);
      g_hash_table_insert (cards, g_memdup2 (&id, sizeof id), card);
      append_note (self, card, note);
      if (writer)
        gtk_box_append (card, addendum_button (self, note));
      else
        gtk_box_append (card, gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
      /* Newest first: below the placeholder, above the older ones. */
      gtk_box_insert_child_after (self->notes_box, outer, GTK_WIDGET (self->placeholder));
      shown++;
    }

  show_placeholder (self, shown, error);
}

static void
on_notes_changed (VigilNotesDialog *self)
{
  rebuild (self);
}

static void
on_filter_changed (VigilNotesDialog *self)
{
  if (self->notes != NULL)
    rebuild (self);
}

/* Exports: the range above the list, every kind, each note with all its
 * addenda (the case record's rule, the same as vigilctl's). */

static void
say_exported (VigilNotesDialog *self,
              const GError     *error)
{
  g_autofree char *text = error != NULL ? g_strdup (error->message)
                                        : g_strdup_printf (_("Exported to %s"), self->export_path);

  gtk_label_set_text (self->export_state, text);
  gtk_widget_set_visible (GTK_WIDGET (self->export_state), TRUE);
}

static void
on_pdf_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilNotesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_export_notes_pdf_finish (VIGIL_SITE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  say_exported (self, error);
}

static void
on_csv_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilNotesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  say_exported (self, error);
}

static void
export_to (VigilNotesDialog *self,
           GFile            *file,
           gboolean          pdf)
{
  g_autoptr(GError) error = NULL;
  gint64 since, until;

  g_free (self->export_path);
  self->export_path = g_file_get_path (file);
  if (pdf)
    {
      if (!read_range (self, &since, &until, &error))
        {
          say_exported (self, error);
          return;
        }
      vigil_site_export_notes_pdf_async (self->site, self->case_ref, since, until, self->export_path, self->cancellable,
                                         on_pdf_written, g_object_ref (self));
    }
  else
    {
      g_autoptr(GPtrArray) notes = notes_in_range (self, &error);
      g_autofree char *csv = NULL;
      gsize length;

      if (notes == NULL)
        {
          say_exported (self, error);
          return;
        }
      csv = vigil_note_format_csv (notes, vigil_site_get_time_zone (self->site));
      length = strlen (csv);
      /* Replaced whole or not at all: GIO writes beside it and renames. */
      g_file_replace_contents_async (file, g_steal_pointer (&csv), length, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                     self->cancellable, on_csv_written, g_object_ref (self));
    }
  gtk_label_set_text (self->export_state, _("Exporting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->export_state), TRUE);
}

static void
on_export_chosen (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(VigilNotesDialog) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    export_to (self, file, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "pdf")));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_export (VigilNotesDialog *self,
               gboolean          pdf)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (pdf ? _("Export the Notes as PDF")
                                                                   : _("Export the Notes as CSV"),
                                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("Export"), _("Cancel"));
  g_autofree char *name = g_strdup_printf ("%s-notes.%s", self->case_ref, pdf ? "pdf" : "csv");

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "pdf", GINT_TO_POINTER (pdf));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_pdf (VigilNotesDialog *self)
{
  choose_export (self, TRUE);
}

static void
on_export_csv (VigilNotesDialog *self)
{
  choose_export (self, FALSE);
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
  g_clear_pointer (&self->export_path, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, since);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, until);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, observation_kind);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, duty_kind);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, review_kind);
  gtk_widget_class_bind_template_child (widget_class, VigilNotesDialog, export_state);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_export_pdf);
  gtk_widget_class_bind_template_callback (widget_class, on_export_csv);

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
