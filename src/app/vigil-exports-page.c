/* vigil-exports-page.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-bundle-writer.h"
#include "vigil-export-dialog.h"
#include "vigil-prompt-dialog.h"
#include "vigil-widget-util.h"
#include "vigil-exports-page.h"

/* One bundle being written. It outlives the page if need be: the writer
 * records the run's end when it finishes, cancelled or not, and the
 * application is held until then so that closing the window leaves no
 * run unrecorded and no partial folder. */
typedef struct
{
  GWeakRef           page;
  VigilBundleWriter *writer;
  GCancellable      *cancellable;
  gint64             export_id;
} Run;

/* What a row shows, kept from one reading to the next. */
typedef struct
{
  GtkWidget      *row;
  GtkLabel       *title;
  GtkLabel       *detail;
  GtkLabel       *state;
  GtkBox         *actions;
  GtkProgressBar *progress;
  int             mode;
} ExportRow;

enum
{
  MODE_NONE,
  MODE_REQUESTED,
  MODE_APPROVED,
  MODE_RUNNING,
};

struct _VigilExportsPage
{
  GtkWidget     parent_instance;

  VigilSite    *site;
  VigilSession *session;
  GCancellable *cancellable;
  gboolean      listing;
  gboolean      list_again;
  gboolean      locked;
  GtkWindow    *dialog;     /* open, or NULL */
  GHashTable   *rows;       /* export id → ExportRow */
  GHashTable   *runs;       /* export id → Run, while it writes */
  GHashTable   *outcomes;   /* export id → how this console's last run ended */
  GHashTable   *written;    /* export ids whose last run here wrote the bundle */

  GtkWidget    *request_button;
  GtkLabel     *status;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (VigilExportsPage, vigil_exports_page, GTK_TYPE_WIDGET)

static void list_exports (VigilExportsPage *self);

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static char *
format_time (VigilExportsPage *self,
             gint64            instant)
{
  return vigil_time_format_local (instant, vigil_site_get_time_zone (self->site), "%Y-%m-%d %H:%M %Z");
}

/* The default folder for bundles: "Vigil Exports" in the person's
 * documents folder, or in their home where they have none. */
static char *
default_destination (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  return g_build_filename (documents != NULL ? documents : g_get_home_dir (), _("Vigil Exports"), NULL);
}

static void
on_dialog_destroyed (VigilExportsPage *self)
{
  self->dialog = NULL;
}

static void
close_dialog (VigilExportsPage *self)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
}

static void
on_any_dialog_destroyed (GtkWidget *dialog)
{
  g_object_set_data (G_OBJECT (dialog), "closed", GINT_TO_POINTER (TRUE));
}

static void
present_dialog (VigilExportsPage *self,
                GtkWindow        *dialog)
{
  close_dialog (self);
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_any_dialog_destroyed), NULL);
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

/* ---- the state of an export, in words ---------------------------------- */

static char *
state_text (VigilExportsPage *self,
            VigilExport      *export)
{
  gint64 id = vigil_export_get_id (export);
  const char *outcome = g_hash_table_lookup (self->outcomes, &id);

  if (g_hash_table_contains (self->runs, &id))
    return g_strdup (_("writing the bundle"));
  if (outcome != NULL)
    return g_strdup (outcome);
  switch (vigil_export_get_state (export))
    {
    case VIGIL_EXPORT_REQUESTED:
      return g_strdup (_("requested, waiting for a second team lead or manager"));
    case VIGIL_EXPORT_REFUSED:
      return g_strdup (_("refused"));
    case VIGIL_EXPORT_APPROVED:
    default:
      if (vigil_export_get_times_written (export) > 0)
        /* Translators: "written (1 time); approved until 2027-01-31; the newest bundle: LA-1-TL-1-export-3" */
        return g_strdup_printf (_("written (%u time(s)); approved until %s; the newest bundle: %s"),
                                vigil_export_get_times_written (export), vigil_export_get_hold_until (export),
                                vigil_export_get_last_folder (export));
      /* Translators: "approved until 2027-01-31" (the footage is held until the end of that day) */
      return g_strdup_printf (_("approved until %s"), vigil_export_get_hold_until (export));
    }
}

static char *
detail_text (VigilExportsPage *self,
             VigilExport      *export)
{
  g_autofree char *cameras = g_strjoinv (", ", (char **) vigil_export_get_cameras (export));
  g_autofree char *from = format_time (self, vigil_export_get_from (export));
  g_autofree char *to = format_time (self, vigil_export_get_to (export));
  g_autofree char *requested = format_time (self, vigil_export_get_requested_at (export));
  GString *text = g_string_new (NULL);

  /* Translators: "room1, room2: 2026-12-02 14:00 GMT to 2026-12-02 14:05 GMT" */
  g_string_append_printf (text, _("%s: %s to %s"), cameras, from, to);
  g_string_append_c (text, '\n');
  /* Translators: "Requested by tlee at 2026-12-02 15:00 GMT: the hearing on 9 December" */
  g_string_append_printf (text, _("Requested by %s at %s: %s"), vigil_export_get_requested_by (export), requested,
                          vigil_export_get_purpose (export));
  if (vigil_export_get_state (export) != VIGIL_EXPORT_REQUESTED)
    {
      g_autofree char *decided = format_time (self, vigil_export_get_decided_at (export));

      g_string_append_c (text, '\n');
      if (vigil_export_get_state (export) == VIGIL_EXPORT_APPROVED)
        /* Translators: "Approved by admin at 2026-12-02 15:10 GMT: needed for the hearing" */
        g_string_append_printf (text, _("Approved by %s at %s: %s"), vigil_export_get_decided_by (export), decided,
                                vigil_export_get_decision_reason (export));
      else
        /* Translators: "Refused by admin at 2026-12-02 15:10 GMT: outside the case" */
        g_string_append_printf (text, _("Refused by %s at %s: %s"), vigil_export_get_decided_by (export), decided,
                                vigil_export_get_decision_reason (export));
    }
  return g_string_free (text, FALSE);
}

/* ---- decisions ---------------------------------------------------------- */

typedef struct
{
  VigilExportsPage  *self;
  VigilPromptDialog *dialog;
  gboolean           approve;
} Decision;

static void
on_decided (GObject      *site,
            GAsyncResult *result,
            gpointer      user_data)
{
  Decision *decision = user_data;
  g_autoptr(VigilExportsPage) self = decision->self;
  g_autoptr(VigilPromptDialog) dialog = decision->dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilExport) export = NULL;

  if (decision->approve)
    export = vigil_site_approve_export_finish (VIGIL_SITE (site), result, &error);
  else
    export = vigil_site_refuse_export_finish (VIGIL_SITE (site), result, &error);
  g_free (decision);
  /* Closed meanwhile (by hand, or by the lock): nothing to answer. */
  if (g_object_get_data (G_OBJECT (dialog), "closed") != NULL)
    {
      if (export != NULL && self->rows != NULL)
        list_exports (self);
      return;
    }
  if (export == NULL)
    {
      /* The core's words: its own decision refused to the requester, a
       * missing reason, a date not understood. */
      vigil_prompt_dialog_refuse (dialog, error->message);
      return;
    }
  vigil_prompt_dialog_done (dialog);
  if (self->rows != NULL)
    list_exports (self);
}

static void
on_decision_submit (VigilPromptDialog *dialog,
                    const char        *reason,
                    VigilExportsPage  *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "export-id");
  GtkEditable *date = g_object_get_data (G_OBJECT (dialog), "hold-until");
  Decision *decision = g_new0 (Decision, 1);

  decision->self = g_object_ref (self);
  decision->dialog = g_object_ref (dialog);
  decision->approve = date != NULL;
  if (decision->approve)
    vigil_site_approve_export_async (self->site, self->session, id, reason, gtk_editable_get_text (date), NULL,
                                     on_decided, decision);
  else
    vigil_site_refuse_export_async (self->site, self->session, id, reason, NULL, on_decided, decision);
}

static void
open_decision (VigilExportsPage *self,
               gint64            id,
               gboolean          approve)
{
  g_autofree char *heading = approve ? g_strdup_printf (_("Approve Export %lld"), (long long) id)
                                     : g_strdup_printf (_("Refuse Export %lld"), (long long) id);
  VigilPromptDialog *dialog;

  dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), heading,
                                    approve ? _("Approving holds the exported footage until the end of the date "
                                                "given, so that nothing of it is deleted before the bundle is "
                                                "written. Say why it is approved.")
                                            : _("Say why the export is refused."),
                                    _("Reason"), approve ? _("Approve") : _("Refuse"));
  g_object_set_data_full (G_OBJECT (dialog), "export-id", id_key (id), g_free);
  if (approve)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *label = gtk_label_new (_("Footage held until the end of (YYYY-MM-DD)"));
      GtkWidget *date = gtk_entry_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_entry_set_placeholder_text (GTK_ENTRY (date), _("YYYY-MM-DD"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (date), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Held until"), -1);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), date);
      vigil_prompt_dialog_set_extra (dialog, box);
      g_object_set_data (G_OBJECT (dialog), "hold-until", date);
    }
  g_signal_connect_object (dialog, "submit", G_CALLBACK (on_decision_submit), self, 0);
  present_dialog (self, GTK_WINDOW (dialog));
}

/* ---- runs ----------------------------------------------------------------- */

static void show_row (VigilExportsPage *self, VigilExport *export);

static void
run_free (Run *run)
{
  g_weak_ref_clear (&run->page);
  g_clear_object (&run->writer);
  g_clear_object (&run->cancellable);
  g_free (run);
}

static void
on_run_done (GObject      *writer,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(VigilExportsPage) self = g_weak_ref_get (&run->page);
  g_autoptr(GError) error = NULL;
  /* Records the run's end on the trail, whoever is still there to see
   * it. */
  g_autofree char *folder = vigil_bundle_writer_write_finish (VIGIL_BUNDLE_WRITER (writer), result, &error);

  if (self != NULL && self->runs != NULL)
    {
      char *outcome;

      if (folder != NULL)
        /* Translators: "written to /home/tlee/Documents/Vigil Exports/LA-1-TL-1-export-3" */
        outcome = g_strdup_printf (_("written to %s"), folder);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        outcome = g_strdup (_("cancelled: no bundle was left"));
      else
        /* Translators: "failed: No space left on device" */
        outcome = g_strdup_printf (_("failed: %s"), error->message);
      g_hash_table_insert (self->outcomes, id_key (run->export_id), outcome);
      if (folder != NULL)
        g_hash_table_add (self->written, id_key (run->export_id));
      g_hash_table_remove (self->runs, &run->export_id);
      list_exports (self);
    }
  else if (folder == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Export %" G_GINT64_FORMAT " was not written: %s", run->export_id, error->message);
  run_free (run);
  g_application_release (g_application_get_default ());
}

static void
on_write_submit (VigilPromptDialog *dialog,
                 const char        *destination,
                 VigilExportsPage  *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "export-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_strstrip (g_strdup (destination));
  VigilExport *export = g_object_get_data (G_OBJECT (dialog), "export");
  VigilBundleWriter *writer;
  Run *run;

  if (*dest == '\0')
    {
      vigil_prompt_dialog_refuse (dialog, _("Name the folder the bundle is written in."));
      return;
    }
  if (g_mkdir_with_parents (dest, 0700) != 0)
    {
      int saved = errno;
      /* Translators: "Could not make the folder /media/usb/Exports: Permission denied" */
      g_autofree char *message = g_strdup_printf (_("Could not make the folder %s: %s"), dest, g_strerror (saved));

      vigil_prompt_dialog_refuse (dialog, message);
      return;
    }
  /* Reads the export and starts the run (audited) here; the files are
   * written on a thread. */
  writer = vigil_bundle_writer_new (self->site, self->session, id, dest, &error);
  if (writer == NULL)
    {
      vigil_prompt_dialog_refuse (dialog, error->message);
      return;
    }
  vigil_prompt_dialog_done (dialog);

  run = g_new0 (Run, 1);
  g_weak_ref_init (&run->page, self);
  run->writer = writer;
  run->cancellable = g_cancellable_new ();
  run->export_id = id;
  g_hash_table_remove (self->outcomes, &id);
  g_hash_table_remove (self->written, &id);
  g_hash_table_insert (self->runs, id_key (id), run);
  g_application_hold (g_application_get_default ());
  vigil_bundle_writer_write_async (writer, run->cancellable, on_run_done, run);
  if (export != NULL)
    show_row (self, export);
}

static void
open_write (VigilExportsPage *self,
            VigilExport      *export)
{
  gint64 id = vigil_export_get_id (export);
  g_autofree char *heading = g_strdup_printf (_("Write Export %lld"), (long long) id);
  g_autofree char *dest = default_destination ();
  VigilPromptDialog *dialog;

  dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), heading,
                                    _("The bundle is written as a folder inside this one: the recorded segments, "
                                      "a working copy of each camera, the manifest, notes, audit entries, an "
                                      "evidence sheet and SHA256SUMS. It is made if it does not exist."),
                                    _("Destination folder"), _("Write"));
  vigil_prompt_dialog_set_text (dialog, dest);
  g_object_set_data_full (G_OBJECT (dialog), "export-id", id_key (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "export", g_object_ref (export), g_object_unref);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (on_write_submit), self, 0);
  present_dialog (self, GTK_WINDOW (dialog));
}

/* ---- the rows --------------------------------------------------------------- */

static void
on_action_clicked (GtkButton        *button,
                   VigilExportsPage *self)
{
  VigilExport *export = g_object_get_data (G_OBJECT (button), "export");
  const char *what = g_object_get_data (G_OBJECT (button), "what");
  gint64 id = vigil_export_get_id (export);

  if (g_str_equal (what, "approve"))
    open_decision (self, id, TRUE);
  else if (g_str_equal (what, "refuse"))
    open_decision (self, id, FALSE);
  else if (g_str_equal (what, "write"))
    open_write (self, export);
  else if (g_str_equal (what, "cancel"))
    {
      Run *run = g_hash_table_lookup (self->runs, &id);

      if (run != NULL)
        g_cancellable_cancel (run->cancellable);
    }
}

static void
add_action (VigilExportsPage *self,
            ExportRow        *row,
            VigilExport      *export,
            const char       *what,
            const char       *label,
            char             *name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (button), "export", g_object_ref (export), g_object_unref);
  g_object_set_data (G_OBJECT (button), "what", (gpointer) what);
  g_signal_connect (button, "clicked", G_CALLBACK (on_action_clicked), self);
  gtk_box_append (row->actions, button);
  g_free (name);
}

/* The bar's accessible description says how far it is, in words. */
static void
on_fraction (GtkProgressBar *progress,
             GParamSpec     *pspec,
             gpointer        user_data)
{
  g_autofree char *done = g_strdup_printf ("%d%%", (int) (gtk_progress_bar_get_fraction (progress) * 100));

  gtk_accessible_update_property (GTK_ACCESSIBLE (progress), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, done, -1);
}

static GtkProgressBar *
add_progress (ExportRow *row,
              gint64     id)
{
  GtkProgressBar *progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  g_autofree char *name = g_strdup_printf (_("Progress of export %lld"), (long long) id);

  gtk_widget_set_valign (GTK_WIDGET (progress), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (progress), 160, -1);
  gtk_progress_bar_set_show_text (progress, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (progress), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (progress, "notify::fraction", G_CALLBACK (on_fraction), NULL);
  on_fraction (progress, NULL, NULL);
  gtk_box_append (row->actions, GTK_WIDGET (progress));
  return progress;
}

static void
set_actions (VigilExportsPage *self,
             ExportRow        *row,
             VigilExport      *export,
             int               mode)
{
  GtkWidget *child;
  gint64 id = vigil_export_get_id (export);

  if (row->mode == mode && mode != MODE_APPROVED && mode != MODE_REQUESTED)
    return;
  /* The buttons carry the export they act on: made again each reading. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (row->actions))) != NULL)
    gtk_box_remove (row->actions, child);
  row->progress = NULL;
  row->mode = mode;
  switch (mode)
    {
    case MODE_REQUESTED:
      /* Translators: accessible names of an export's buttons: "Approve export 3" */
      add_action (self, row, export, "approve", _("Approve…"),
                  g_strdup_printf (_("Approve export %lld"), (long long) id));
      add_action (self, row, export, "refuse", _("Refuse…"), g_strdup_printf (_("Refuse export %lld"), (long long) id));
      break;
    case MODE_APPROVED:
      /* A bundle written from here keeps its full bar beside the folder
       * the row names, until it is written again. */
      if (g_hash_table_contains (self->written, &id))
        gtk_progress_bar_set_fraction (add_progress (row, id), 1.0);
      add_action (self, row, export, "write", _("Write Bundle…"),
                  g_strdup_printf (_("Write export %lld"), (long long) id));
      break;
    case MODE_RUNNING:
      {
        Run *run = g_hash_table_lookup (self->runs, &id);

        row->progress = add_progress (row, id);
        g_object_bind_property (run->writer, "fraction", row->progress, "fraction", G_BINDING_SYNC_CREATE);
        add_action (self, row, export, "cancel", _("Cancel"), g_strdup_printf (_("Cancel export %lld"), (long long) id));
      }
      break;
    default:
      break;
    }
}

static void
export_row_free (ExportRow *row)
{
  g_free (row);
}

static GtkLabel *
row_label (GtkBox     *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static ExportRow *
export_row_new (void)
{
  ExportRow *row = g_new0 (ExportRow, 1);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_widget_set_margin_top (outer, 9);
  gtk_widget_set_margin_bottom (outer, 9);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 12);
  gtk_widget_set_hexpand (texts, TRUE);
  row->title = row_label (GTK_BOX (texts), "heading");
  row->detail = row_label (GTK_BOX (texts), "dim-label");
  row->state = row_label (GTK_BOX (texts), NULL);
  row->actions = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_box_append (GTK_BOX (outer), texts);
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (row->actions));
  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), outer);
  row->mode = -1;
  return row;
}

static void
show_row (VigilExportsPage *self,
          VigilExport      *export)
{
  gint64 id = vigil_export_get_id (export);
  ExportRow *row = g_hash_table_lookup (self->rows, &id);
  g_autofree char *title = NULL;
  g_autofree char *detail = detail_text (self, export);
  g_autofree char *state = state_text (self, export);
  g_autofree char *name = NULL;
  int mode = MODE_NONE;

  if (row == NULL)
    {
      row = export_row_new ();
      g_hash_table_insert (self->rows, id_key (id), row);
    }
  /* Translators: "Export 3: LA-2026-001, exhibit TL-1" */
  title = g_strdup_printf (_("Export %lld: %s, exhibit %s"), (long long) id, vigil_export_get_case_ref (export),
                           vigil_export_get_exhibit (export));
  gtk_label_set_text (row->title, title);
  gtk_label_set_text (row->detail, detail);
  gtk_label_set_text (row->state, state);
  /* One line a screen reader (and a test) reads whole; the rest is its
   * description. */
  name = g_strdup_printf ("%s: %s", title, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail, -1);

  if (g_hash_table_contains (self->runs, &id))
    mode = MODE_RUNNING;
  else if (vigil_export_get_state (export) == VIGIL_EXPORT_REQUESTED)
    mode = MODE_REQUESTED;
  else if (vigil_export_get_state (export) == VIGIL_EXPORT_APPROVED)
    mode = MODE_APPROVED;
  set_actions (self, row, export, mode);
}

static void
show_exports (VigilExportsPage *self,
              GPtrArray        *exports)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < exports->len; i++)
    {
      VigilExport *export = g_ptr_array_index (exports, i);
      gint64 id = vigil_export_get_id (export);
      ExportRow *row;

      show_row (self, export);
      row = g_hash_table_lookup (self->rows, &id);
      /* Newest first, as the core lists them. */
      if (gtk_widget_get_parent (row->row) == NULL)
        gtk_list_box_insert (self->list, row->row, (int) i);
      else if (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row->row)) != (int) i)
        {
          g_object_ref (row->row);
          gtk_list_box_remove (self->list, row->row);
          gtk_list_box_insert (self->list, row->row, (int) i);
          g_object_unref (row->row);
        }
      g_hash_table_lookup_extended (self->rows, &id, &key, NULL);
      g_hash_table_add (seen, key);
    }
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (seen, key))
      {
        gtk_list_box_remove (self->list, ((ExportRow *) value)->row);
        g_hash_table_iter_remove (&iter);
      }

  if (exports->len == 0)
    gtk_label_set_text (self->status, _("No exports yet."));
  else
    {
      g_autofree char *zone = vigil_time_format_local (vigil_site_now (self->site),
                                                       vigil_site_get_time_zone (self->site), "%Z");
      /* Translators: "2 exports, newest first; times in GMT" */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u export; times in %s",
                                                            "%u exports, newest first; times in %s", exports->len),
                                               exports->len, zone);

      gtk_label_set_text (self->status, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), exports->len > 0);
}

/* ---- reading the list --------------------------------------------------------- */

static void
on_listed (GObject      *site,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VigilExportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exports = vigil_site_list_exports_finish (VIGIL_SITE (site), result, &error);

  /* Cancelled, or read after the page was disposed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->rows == NULL)
    return;
  self->listing = FALSE;
  if (self->list_again)
    {
      list_exports (self);
      return;
    }
  if (exports == NULL)
    {
      gtk_label_set_text (self->status, error->message);
      return;
    }
  show_exports (self, exports);
}

static void
list_exports (VigilExportsPage *self)
{
  /* A locked session's reading would be refused (and audited): the page
   * reads again when it is unlocked. */
  if (self->locked || vigil_session_is_locked (self->session))
    return;
  if (self->listing)
    {
      self->list_again = TRUE;
      return;
    }
  self->listing = TRUE;
  self->list_again = FALSE;
  vigil_site_list_exports_async (self->site, self->session, self->cancellable, on_listed, g_object_ref (self));
}

static void
on_changed (VigilExportsPage *self,
            VigilChangeKind   kinds)
{
  if (kinds & VIGIL_CHANGE_KIND_EXPORTS)
    list_exports (self);
}

static void
on_requested (VigilExportsPage *self,
              VigilExport      *export)
{
  list_exports (self);
}

static void
on_request_clicked (VigilExportsPage *self)
{
  VigilExportDialog *dialog = vigil_export_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       self->site, self->session);

  g_signal_connect_object (dialog, "requested", G_CALLBACK (on_requested), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

void
vigil_exports_page_set_locked (VigilExportsPage *self,
                               gboolean          locked)
{
  g_return_if_fail (VIGIL_IS_EXPORTS_PAGE (self));

  self->locked = locked;
  if (locked)
    close_dialog (self);
  else
    list_exports (self);
}

static void
vigil_exports_page_dispose (GObject *object)
{
  VigilExportsPage *self = VIGIL_EXPORTS_PAGE (object);
  GHashTableIter iter;
  gpointer run;

  /* A run still writing is cancelled: it removes its partial folder and
   * records "export-cancelled" as it ends (on_run_done). */
  if (self->runs != NULL)
    {
      g_hash_table_iter_init (&iter, self->runs);
      while (g_hash_table_iter_next (&iter, NULL, &run))
        g_cancellable_cancel (((Run *) run)->cancellable);
    }
  g_cancellable_cancel (self->cancellable);
  close_dialog (self);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_EXPORTS_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->outcomes, g_hash_table_unref);
  g_clear_pointer (&self->written, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_exports_page_parent_class)->dispose (object);
}

static void
vigil_exports_page_class_init (VigilExportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_exports_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-exports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilExportsPage, request_button);
  gtk_widget_class_bind_template_child (widget_class, VigilExportsPage, status);
  gtk_widget_class_bind_template_child (widget_class, VigilExportsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_request_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_exports_page_init (VigilExportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) export_row_free);
  /* A run frees itself when it ends (on_run_done). */
  self->runs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->outcomes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->written = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

VigilExportsPage *
vigil_exports_page_new (VigilSite          *site,
                        VigilSession       *session,
                        VigilChangeMonitor *monitor)
{
  VigilExportsPage *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (monitor == NULL || VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = g_object_new (VIGIL_TYPE_EXPORTS_PAGE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  if (monitor != NULL)
    g_signal_connect_object (monitor, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  list_exports (self);
  return self;
}
