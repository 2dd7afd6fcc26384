/* vigil-duties-page.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-allocate-dialog.h"
#include "vigil-duty-finish-dialog.h"
#include "vigil-widget-util.h"
#include "vigil-duties-page.h"

struct _VigilDutiesPage
{
  GtkWidget          parent_instance;

  VigilSite         *site;
  VigilSession      *session;
  VigilWallSnapshot *snapshot;        /* the latest */
  GCancellable      *cancellable;
  gboolean           listing;
  gboolean           list_again;
  GtkWindow         *dialog;          /* open, or NULL */
  /* Rows kept from one snapshot to the next, so that neither focus nor a
   * screen reader's place is lost at each change: id → row. */
  GHashTable        *now_rows;
  GHashTable        *uncovered_rows;
  GHashTable        *today_rows;

  GtkWidget         *allocate_button;
  GtkLabel          *nobody;
  GtkListBox        *now_list;
  GtkListBox        *uncovered_list;
  GtkLabel          *today_status;
  GtkListBox        *today_list;
};

G_DEFINE_FINAL_TYPE (VigilDutiesPage, vigil_duties_page, GTK_TYPE_WIDGET)

static void list_today (VigilDutiesPage *self);

static gboolean
may_allocate (VigilDutiesPage *self)
{
  return vigil_role_has_permission (vigil_session_get_role (self->session), VIGIL_PERMISSION_ALLOCATE_DUTIES);
}

static char *
format_time (VigilDutiesPage *self,
             gint64           instant,
             gint64           day_start)
{
  GTimeZone *zone = vigil_site_get_time_zone (self->site);

  /* A duty that began before today says on which day. */
  return vigil_time_format_local (instant, zone, instant < day_start ? "%a %-d %b %H:%M" : "%H:%M");
}

static void
on_dialog_destroyed (VigilDutiesPage *self)
{
  self->dialog = NULL;
}

static void
on_duty_changed (VigilDutiesPage *self)
{
  /* The change monitor brings the next snapshot; today's list is read
   * again at once, for the console that made the change. */
  list_today (self);
}

static void
present_dialog (VigilDutiesPage *self,
                GtkWindow       *dialog)
{
  vigil_duties_page_close_dialog (self);
  self->dialog = dialog;
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (dialog);
}

static void
open_allocate (VigilDutiesPage *self,
               const char      *case_ref)
{
  VigilAllocateDialog *dialog;

  if (self->snapshot == NULL)
    return;
  dialog = vigil_allocate_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->site,
                                      self->session, self->snapshot, case_ref);
  g_signal_connect_object (dialog, "allocated", G_CALLBACK (on_duty_changed), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

static void
on_allocate_clicked (VigilDutiesPage *self)
{
  open_allocate (self, NULL);
}

static void
on_allocate_for (GtkButton       *button,
                 VigilDutiesPage *self)
{
  open_allocate (self, g_object_get_data (G_OBJECT (button), "case-ref"));
}

static void
on_hand_over (GtkButton       *button,
              VigilDutiesPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "duty-id");
  VigilDutyFinishDialog *dialog;
  VigilDuty *duty = NULL;

  for (guint i = 0; self->snapshot != NULL && i < self->snapshot->duties->len; i++)
    if (vigil_duty_get_id (g_ptr_array_index (self->snapshot->duties, i)) == *id)
      duty = g_ptr_array_index (self->snapshot->duties, i);
  if (duty == NULL)
    return;

  dialog = vigil_duty_finish_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->site,
                                         self->session, duty, TRUE);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_duty_changed), self, G_CONNECT_SWAPPED);
  present_dialog (self, GTK_WINDOW (dialog));
}

static GtkWidget *
suffix_button (const char *label,
               const char *accessible_name,
               GCallback   callback,
               gpointer    user_data)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  g_signal_connect (button, "clicked", callback, user_data);
  return button;
}

/* A row's title names it; what follows is its description, which tests
 * and screen readers read. */
static void
set_row_text (GtkWidget  *row,
              const char *title,
              const char *subtitle)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
}

/* Puts @row at @position of @list, once; returns the next position. */
static int
place_row (GtkListBox *list,
           GtkWidget  *row,
           int         position)
{
  if (gtk_widget_get_parent (row) == NULL)
    gtk_list_box_insert (list, row, position);
  return position + 1;
}

/* Rows whose id is no longer in @seen go. */
static void
drop_rows (GtkListBox *list,
           GHashTable *rows,
           GHashTable *seen)
{
  GHashTableIter iter;
  gpointer id, row;

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &id, &row))
    if (!g_hash_table_contains (seen, id))
      {
        gtk_list_box_remove (list, row);
        g_hash_table_iter_remove (&iter);
      }
}

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* Remembers that @id is still shown: its key in @rows outlives @seen. */
static void
mark_seen (GHashTable *seen,
           GHashTable *rows,
           gint64      id)
{
  gpointer key = NULL;

  if (g_hash_table_lookup_extended (rows, &id, &key, NULL))
    g_hash_table_add (seen, key);
}

static void
show_now (VigilDutiesPage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  int position = 0;

  for (guint i = 0; i < self->snapshot->duties->len; i++)
    {
      VigilDuty *duty = g_ptr_array_index (self->snapshot->duties, i);
      gint64 id = vigil_duty_get_id (duty);
      GtkWidget *row = g_hash_table_lookup (self->now_rows, &id);
      g_autofree char *since = vigil_time_format_local (vigil_duty_get_started_at (duty),
                                                        vigil_site_get_time_zone (self->site), "%H:%M %Z");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (row == NULL)
        {
          row = adw_action_row_new ();
          /* Offered only to a role that may; the core checks again. */
          if (may_allocate (self))
            {
              /* Translators: the accessible name of a duty's Hand Over… button. */
              g_autofree char *name = g_strdup_printf (_("Hand over the duty of %s"),
                                                       vigil_duty_get_operator (duty));
              GtkWidget *button = suffix_button (_("Hand Over…"), name, G_CALLBACK (on_hand_over), self);

              g_object_set_data_full (G_OBJECT (button), "duty-id", id_key (id), g_free);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
            }
          g_hash_table_insert (self->now_rows, id_key (id), row);
        }
      /* Translators: "okhan watches K.M. (LA-2026-001)" */
      title = g_strdup_printf (_("%s watches %s (%s)"), vigil_duty_get_operator (duty),
                               vigil_duty_get_family_label (duty), vigil_duty_get_case_ref (duty));
      if (g_strcmp0 (vigil_duty_get_started_by (duty), vigil_duty_get_operator (duty)) != 0)
        /* Translators: "since 21:04 GMT, started by tlee" */
        subtitle = g_strdup_printf (_("since %s, started by %s"), since, vigil_duty_get_started_by (duty));
      else
        /* Translators: "since 21:04 GMT" */
        subtitle = g_strdup_printf (_("since %s"), since);
      set_row_text (row, title, subtitle);
      position = place_row (self->now_list, row, position);
      mark_seen (seen, self->now_rows, id);
    }
  drop_rows (self->now_list, self->now_rows, seen);
  gtk_widget_set_visible (GTK_WIDGET (self->nobody), position == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->now_list), position > 0);
}

static void
show_uncovered (VigilDutiesPage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  int position = 0;

  for (guint i = 0; i < self->snapshot->uncovered->len; i++)
    {
      VigilWatchRequest *request = g_ptr_array_index (self->snapshot->uncovered, i);
      gint64 id = vigil_watch_request_get_id (request);
      GtkWidget *row = g_hash_table_lookup (self->uncovered_rows, &id);
      const char *label = vigil_watch_request_get_family_label (request);
      g_autofree char *since = vigil_time_format_local (vigil_watch_request_get_requested_at (request),
                                                        vigil_site_get_time_zone (self->site), "%H:%M %Z");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (row == NULL)
        {
          row = adw_action_row_new ();
          gtk_widget_add_css_class (row, "vigil-uncovered");
          if (may_allocate (self))
            {
              /* Translators: the accessible name of an uncovered request's Allocate… button. */
              g_autofree char *name = g_strdup_printf (_("Allocate a duty for %s"), label);
              GtkWidget *button = suffix_button (_("Allocate…"), name, G_CALLBACK (on_allocate_for), self);

              g_object_set_data_full (G_OBJECT (button), "case-ref",
                                      g_strdup (vigil_watch_request_get_case_ref (request)), g_free);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
            }
          g_hash_table_insert (self->uncovered_rows, id_key (id), row);
        }
      /* Translators: "Uncovered: R.T. (LA-2026-002) needs a watcher" */
      title = g_strdup_printf (_("Uncovered: %s (%s) needs a watcher"), label,
                               vigil_watch_request_get_case_ref (request));
      /* Translators: "since 21:04 GMT: unsettled at bedtime" */
      subtitle = g_strdup_printf (_("since %s: %s"), since, vigil_watch_request_get_reason (request));
      set_row_text (row, title, subtitle);
      position = place_row (self->uncovered_list, row, position);
      mark_seen (seen, self->uncovered_rows, id);
    }
  drop_rows (self->uncovered_list, self->uncovered_rows, seen);
  gtk_widget_set_visible (GTK_WIDGET (self->uncovered_list), position > 0);
}

/* Today in the site's zone: [its midnight, the next). */
static gboolean
today_bounds (VigilDutiesPage  *self,
              gint64           *from,
              gint64           *to,
              GError          **error)
{
  GTimeZone *zone = vigil_site_get_time_zone (self->site);
  g_autofree char *today = vigil_date_today (zone, vigil_site_now (self->site));

  return vigil_time_parse (today, zone, from, error) &&
         vigil_time_parse_until (today, zone, to, error);
}

static void
show_today (VigilDutiesPage *self,
            GPtrArray       *duties,
            gint64           day_start)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GTimeZone *zone = vigil_site_get_time_zone (self->site);
  g_autofree char *day = vigil_time_format_local (day_start, zone, "%A %-d %B");
  g_autofree char *status = NULL;
  int position = 0;

  for (guint i = 0; i < duties->len; i++)
    {
      VigilDuty *duty = g_ptr_array_index (duties, i);
      gint64 id = vigil_duty_get_id (duty);
      GtkWidget *row = g_hash_table_lookup (self->today_rows, &id);
      g_autofree char *from = format_time (self, vigil_duty_get_started_at (duty), day_start);
      g_autofree char *until = NULL;
      g_autofree char *title = NULL;
      g_autofree char *period = NULL;
      g_autofree char *name = NULL;

      if (row == NULL)
        {
          row = adw_action_row_new ();
          g_hash_table_insert (self->today_rows, id_key (id), row);
        }
      if (vigil_duty_is_open (duty))
        until = g_strdup (_("still on"));
      else
        until = format_time (self, vigil_duty_get_ended_at (duty), day_start);
      /* Translators: "okhan for K.M. (LA-2026-001)" */
      title = g_strdup_printf (_("%s for %s (%s)"), vigil_duty_get_operator (duty),
                               vigil_duty_get_family_label (duty), vigil_duty_get_case_ref (duty));
      if (vigil_duty_get_handed_to (duty) != 0)
        /* Translators: "21:04 – 22:10, handed over" */
        period = g_strdup_printf (_("%s – %s, handed over"), from, until);
      else
        /* Translators: "21:04 – 22:10", or "21:04 – still on" */
        period = g_strdup_printf (_("%s – %s"), from, until);
      set_row_text (row, title, period);
      /* One line a screen reader (and a test) reads whole. */
      name = g_strdup_printf ("%s: %s", title, period);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      position = place_row (self->today_list, row, position);
      mark_seen (seen, self->today_rows, id);
    }
  drop_rows (self->today_list, self->today_rows, seen);

  if (position == 0)
    /* Translators: "Nobody has been on duty today, Friday 20 November." */
    status = g_strdup_printf (_("Nobody has been on duty today, %s."), day);
  else
    /* Translators: "Today, Friday 20 November; times in GMT" */
    status = g_strdup_printf (_("Today, %s; times in %s"), day,
                              g_time_zone_get_abbreviation (zone, g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL,
                                                                                            day_start / G_USEC_PER_SEC)));
  gtk_label_set_text (self->today_status, status);
  gtk_widget_set_visible (GTK_WIDGET (self->today_list), position > 0);
}

typedef struct
{
  VigilDutiesPage *self;
  gint64           day_start;
} Listing;

static void
on_today_listed (GObject      *site,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Listing *listing = user_data;
  g_autoptr(VigilDutiesPage) self = listing->self;
  gint64 day_start = listing->day_start;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) duties = vigil_site_list_duties_finish (VIGIL_SITE (site), result, &error);

  g_free (listing);
  /* Cancelled, or read after the page was disposed (a call that had
   * started runs to its end). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->today_rows == NULL)
    return;
  self->listing = FALSE;
  if (self->list_again)
    {
      list_today (self);
      return;
    }
  if (duties == NULL)
    {
      gtk_label_set_text (self->today_status, error->message);
      return;
    }
  show_today (self, duties, day_start);
}

static void
list_today (VigilDutiesPage *self)
{
  g_autoptr(GError) error = NULL;
  Listing *listing;
  gint64 from, to;

  /* One read at a time; a change meanwhile reads again after it. */
  if (self->listing)
    {
      self->list_again = TRUE;
      return;
    }
  if (!today_bounds (self, &from, &to, &error))
    {
      gtk_label_set_text (self->today_status, error->message);
      return;
    }
  self->listing = TRUE;
  self->list_again = FALSE;
  listing = g_new0 (Listing, 1);
  listing->self = g_object_ref (self);
  listing->day_start = from;
  vigil_site_list_duties_async (self->site, from, to, self->cancellable, on_today_listed, listing);
}

void
vigil_duties_page_apply (VigilDutiesPage   *self,
                         VigilWallSnapshot *snapshot)
{
  g_return_if_fail (VIGIL_IS_DUTIES_PAGE (self));
  g_return_if_fail (snapshot != NULL);

  g_clear_pointer (&self->snapshot, vigil_wall_snapshot_unref);
  self->snapshot = vigil_wall_snapshot_ref (snapshot);
  show_now (self);
  show_uncovered (self);
  list_today (self);
}

void
vigil_duties_page_close_dialog (VigilDutiesPage *self)
{
  g_return_if_fail (VIGIL_IS_DUTIES_PAGE (self));

  /* A call already sent still reports on what it did (the dialogs keep
   * themselves alive until then). */
  if (self->dialog != NULL)
    gtk_window_close (self->dialog);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
}

static void
vigil_duties_page_dispose (GObject *object)
{
  VigilDutiesPage *self = VIGIL_DUTIES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  vigil_duties_page_close_dialog (self);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_DUTIES_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->snapshot, vigil_wall_snapshot_unref);
  g_clear_pointer (&self->now_rows, g_hash_table_unref);
  g_clear_pointer (&self->uncovered_rows, g_hash_table_unref);
  g_clear_pointer (&self->today_rows, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_duties_page_parent_class)->dispose (object);
}

static void
vigil_duties_page_class_init (VigilDutiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_duties_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-duties-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDutiesPage, allocate_button);
  gtk_widget_class_bind_template_child (widget_class, VigilDutiesPage, nobody);
  gtk_widget_class_bind_template_child (widget_class, VigilDutiesPage, now_list);
  gtk_widget_class_bind_template_child (widget_class, VigilDutiesPage, uncovered_list);
  gtk_widget_class_bind_template_child (widget_class, VigilDutiesPage, today_status);
  gtk_widget_class_bind_template_child (widget_class, VigilDutiesPage, today_list);
  gtk_widget_class_bind_template_callback (widget_class, on_allocate_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_duties_page_init (VigilDutiesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->now_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->uncovered_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->today_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

VigilDutiesPage *
vigil_duties_page_new (VigilSite    *site,
                       VigilSession *session)
{
  VigilDutiesPage *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_DUTIES_PAGE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  /* Offered only to a role that may; the core checks again. */
  gtk_widget_set_visible (self->allocate_button, may_allocate (self));
  return self;
}
