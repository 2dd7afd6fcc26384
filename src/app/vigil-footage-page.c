/* vigil-footage-page.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-footage-client.h"
#include "vigil-form-util.h"
#include "vigil-prompt-dialog.h"
#include "vigil-review-window.h"
#include "vigil-timeline-view.h"
#include "vigil-widget-util.h"
#include "vigil-footage-page.h"

/* How often a view that reaches the present is read again, for the time
 * that goes on being recorded (segments close every minute or so, and say
 * so through the change monitor; this keeps "now" moving between them). */
#define NOW_REFRESH_SECONDS 15

static const struct
{
  const char *label;
  gint64      span;
} zooms[] = {
  { N_("Week"), 7 * G_TIME_SPAN_DAY },
  { N_("Day"), G_TIME_SPAN_DAY },
  { N_("6 Hours"), 6 * G_TIME_SPAN_HOUR },
  { N_("Hour"), G_TIME_SPAN_HOUR },
  { N_("10 Minutes"), 10 * G_TIME_SPAN_MINUTE },
  { N_("Minute"), G_TIME_SPAN_MINUTE },
};

/* What the view opens on: the last hour. */
#define DEFAULT_ZOOM 3

struct _VigilFootagePage
{
  GtkWidget          parent_instance;

  VigilSite         *site;
  VigilSession      *session;
  GCancellable      *cancellable;   /* the page's reads and writes */
  GPtrArray         *cameras;       /* VigilCamera, in the dropdown's order */
  GPtrArray         *reviews;       /* the review windows opened here and still open (GtkWindow, weak) */
  GHashTable        *hold_rows;     /* hold id → its row's box, kept from one read to the next */
  GArray            *items;         /* the timeline shown */
  gint64             view_to;       /* the view's end; it starts a zoom's span before */
  gboolean           locked;        /* nothing is read behind the lock: the core would refuse, on the trail */
  gboolean           reading;
  gboolean           read_again;
  guint              now_id;

  guint              zoom;          /* in zooms[] */
  char              *camera;        /* the camera shown, by name */
  GHashTable        *camera_buttons; /* name → its toggle, kept while the camera is registered */
  GtkToggleButton   *camera_group;  /* one of them, which new ones join */

  GtkBox            *cameras_box;
  GtkBox            *zooms_box;
  GtkLabel          *range;
  VigilTimelineView *timeline;
  GtkEntry          *from_entry;
  GtkEntry          *to_entry;
  GtkLabel          *refusal;
  GtkListBox        *holds;
  GtkLabel          *no_holds;
};

G_DEFINE_FINAL_TYPE (VigilFootagePage, vigil_footage_page, GTK_TYPE_WIDGET)

static void read_timeline (VigilFootagePage *self);

static GTimeZone *
zone_of (VigilFootagePage *self)
{
  return vigil_site_get_time_zone (self->site);
}

static gint64
view_span (VigilFootagePage *self)
{
  return zooms[self->zoom].span;
}

static VigilCamera *
chosen_camera (VigilFootagePage *self)
{
  for (guint i = 0; self->cameras != NULL && self->camera != NULL && i < self->cameras->len; i++)
    if (g_str_equal (vigil_camera_get_name (g_ptr_array_index (self->cameras, i)), self->camera))
      return g_ptr_array_index (self->cameras, i);
  return NULL;
}

static void
refuse (VigilFootagePage *self,
        const char       *message)
{
  gtk_label_set_text (self->refusal, message);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), message != NULL);
}

/* The chosen range, as the entries say: they follow the timeline's
 * selection, and may be typed into. */
static gboolean
read_range (VigilFootagePage  *self,
            gint64            *from,
            gint64            *to,
            GError           **error)
{
  if (*vigil_form_text (GTK_EDITABLE (self->from_entry)) == '\0' ||
      *vigil_form_text (GTK_EDITABLE (self->to_entry)) == '\0')
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("Choose a range first: drag across the timeline, or type its start and end."));
      return FALSE;
    }
  if (!vigil_time_parse (vigil_form_text (GTK_EDITABLE (self->from_entry)), zone_of (self), from, error))
    {
      g_prefix_error (error, _("From: "));
      return FALSE;
    }
  if (!vigil_time_parse (vigil_form_text (GTK_EDITABLE (self->to_entry)), zone_of (self), to, error))
    {
      g_prefix_error (error, _("To: "));
      return FALSE;
    }
  return TRUE;
}

static char *
format_entry (VigilFootagePage *self,
              gint64            instant)
{
  return vigil_time_format_local (instant, zone_of (self), "%Y-%m-%d %H:%M:%S");
}

static void
on_selection_changed (VigilFootagePage *self)
{
  gint64 from, to;

  if (vigil_timeline_view_get_selection (self->timeline, &from, &to))
    {
      g_autofree char *start = format_entry (self, from);
      /* The entries hold whole seconds: the end is rounded up, so that the
       * range chosen covers the stretch clicked. */
      g_autofree char *end = format_entry (self, to + G_USEC_PER_SEC - 1);

      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), start);
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), end);
    }
  refuse (self, NULL);
}

/* The holds in force that the view shows, each with its release. A row
 * stays while its hold is in view, and is brought up to date, so that
 * neither focus nor a screen reader's place is lost at each read (and GTK
 * 4.8 is not asked to drop a row no one has looked at, which it reports
 * with a critical). */

static void on_release (GtkButton        *button,
                        VigilFootagePage *self);

static GtkWidget *
hold_row (VigilFootagePage        *self,
          const VigilTimelineItem *item)
{
  g_autofree char *start = vigil_time_format_local (item->start, zone_of (self), "%a %-d %b %H:%M:%S");
  g_autofree char *end = vigil_time_format_local (item->end, zone_of (self), "%a %-d %b %H:%M:%S");
  /* Translators: a hold in the footage page's list: its number, reason
   * and end date, and the range it holds (of what the view shows) */
  g_autofree char *text = g_strdup_printf (_("Hold %" G_GINT64_FORMAT ": %s, %s to %s"), item->id, item->label,
                                           start, end);
  GtkWidget *row = g_hash_table_lookup (self->hold_rows, &item->id);
  GtkWidget *label, *button;

  if (row == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = item->id;
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      button = gtk_button_new_with_label (_("Release…"));
      g_object_set_data (G_OBJECT (button), "hold-id", GSIZE_TO_POINTER ((gsize) item->id));
      g_signal_connect (button, "clicked", G_CALLBACK (on_release), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_list_box_append (self->holds, row);
      g_hash_table_insert (self->hold_rows, key, row);
    }
  label = gtk_widget_get_first_child (row);
  button = gtk_widget_get_last_child (row);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  return row;
}

static void
show_holds (VigilFootagePage *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTableIter iter;
  gpointer key, row;

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const VigilTimelineItem *item = &g_array_index (self->items, VigilTimelineItem, i);

      if (item->kind != VIGIL_TIMELINE_HOLD)
        continue;
      hold_row (self, item);
      g_hash_table_add (seen, (gpointer) &item->id);
    }

  g_hash_table_iter_init (&iter, self->hold_rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    if (!g_hash_table_contains (seen, key))
      {
        gtk_list_box_remove (self->holds, gtk_widget_get_parent (row));
        g_hash_table_iter_remove (&iter);
      }
  gtk_widget_set_visible (GTK_WIDGET (self->holds), g_hash_table_size (self->hold_rows) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_holds), g_hash_table_size (self->hold_rows) == 0);
}

/* Reading the timeline */

static void
on_timeline (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilFootagePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) items = vigil_site_camera_timeline_finish (VIGIL_SITE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->reading = FALSE;
  if (self->read_again)
    {
      read_timeline (self);
      return;
    }
  if (items == NULL)
    {
      refuse (self, error->message);
      return;
    }

  g_clear_pointer (&self->items, g_array_unref);
  self->items = g_steal_pointer (&items);
  vigil_timeline_view_set_items (self->timeline, self->items, self->view_to - view_span (self), self->view_to,
                                 vigil_site_now (self->site), zone_of (self));
  show_holds (self);
}

/* One read at a time; a change meanwhile reads again once it is done. */
static void
read_timeline (VigilFootagePage *self)
{
  VigilCamera *camera = chosen_camera (self);
  gint64 from = self->view_to - view_span (self);
  gboolean with_day = view_span (self) >= G_TIME_SPAN_DAY;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *range = NULL;

  /* The template's dropdowns say what they hold before the page has a
   * site. */
  if (self->site == NULL || self->locked)
    return;
  start = vigil_time_format_local (from, zone_of (self), "%a %-d %b %Y %H:%M:%S");
  end = vigil_time_format_local (self->view_to, zone_of (self), with_day ? "%a %-d %b %Y %H:%M:%S %Z" : "%H:%M:%S %Z");
  range = g_strdup_printf (_("%s to %s"), start, end);
  gtk_label_set_text (self->range, range);
  if (camera == NULL)
    return;
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  self->reading = TRUE;
  self->read_again = FALSE;
  vigil_site_camera_timeline_async (self->site, self->session, vigil_camera_get_name (camera), from, self->view_to,
                                    self->cancellable, on_timeline, g_object_ref (self));
}

/* The view's end when it shows the present: a little after now, so that
 * "now" is seen with what led up to it. */
static void
show_now (VigilFootagePage *self)
{
  gint64 span = view_span (self);
  gint64 step = MAX (span / 12, G_USEC_PER_SEC);

  self->view_to = ((vigil_site_now (self->site) / step) + 2) * step;
  read_timeline (self);
}

static gboolean
on_now_tick (gpointer user_data)
{
  VigilFootagePage *self = user_data;

  if (self->view_to - view_span (self) <= vigil_site_now (self->site))
    read_timeline (self);
  return G_SOURCE_CONTINUE;
}

static void
on_zoom (GtkToggleButton  *button,
         VigilFootagePage *self)
{
  gint64 from, to;

  if (!gtk_toggle_button_get_active (button))
    return;
  self->zoom = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "zoom"));

  /* Zooming keeps the middle of the chosen range in view, or the end. */
  if (vigil_timeline_view_get_selection (self->timeline, &from, &to))
    self->view_to = from + (to - from) / 2 + view_span (self) / 2;
  read_timeline (self);
}

static void
on_earlier (VigilFootagePage *self)
{
  self->view_to -= view_span (self) / 2;
  read_timeline (self);
}

static void
on_later (VigilFootagePage *self)
{
  self->view_to += view_span (self) / 2;
  read_timeline (self);
}

static void
on_camera (GtkToggleButton  *button,
           VigilFootagePage *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  g_free (self->camera);
  self->camera = g_strdup (gtk_button_get_label (GTK_BUTTON (button)));
  vigil_timeline_view_set_selection (self->timeline, 0, 0);
  read_timeline (self);
}

/* The camera and the range the page's actions act on, and the range in
 * words; where there are none, says what is missing and returns %NULL. */
static VigilCamera *
chosen_range (VigilFootagePage  *self,
              gint64            *from,
              gint64            *to,
              char             **words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  VigilCamera *camera = chosen_camera (self);

  if (camera == NULL)
    return NULL;
  if (!read_range (self, from, to, &error))
    {
      refuse (self, error->message);
      return NULL;
    }
  refuse (self, NULL);
  start = vigil_time_format_local (*from, zone_of (self), "%a %-d %b %Y %H:%M:%S");
  end = vigil_time_format_local (*to, zone_of (self), "%a %-d %b %Y %H:%M:%S %Z");
  /* Translators: a range of footage, as "from Wed 2 Dec 2026 14:00:00 to
   * Wed 2 Dec 2026 14:05:00 GMT" */
  *words = g_strdup_printf (_("from %s to %s"), start, end);
  return camera;
}

/* The same once a prompt is answered: the page may have changed meanwhile. */
static VigilCamera *
answered_range (VigilFootagePage  *self,
                VigilPromptDialog *dialog,
                gint64            *from,
                gint64            *to)
{
  VigilCamera *camera = chosen_camera (self);

  if (camera == NULL || !read_range (self, from, to, NULL))
    {
      vigil_prompt_dialog_refuse (dialog, _("The camera or the range changed: choose them again."));
      return NULL;
    }
  return camera;
}

/* Reviewing */

/* Whether the timeline shows any footage kept in the range. */
static gboolean
has_footage (VigilFootagePage *self,
             gint64            from,
             gint64            to)
{
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const VigilTimelineItem *item = &g_array_index (self->items, VigilTimelineItem, i);

      if (item->kind == VIGIL_TIMELINE_RECORDING && !item->open && item->start < to && item->end > from)
        return TRUE;
    }
  return FALSE;
}

/* The family placed in the room at @instant, whose case a review note goes
 * to; %NULL for a communal camera or an empty room. */
static const char *
family_at (VigilFootagePage *self,
           gint64            instant)
{
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const VigilTimelineItem *item = &g_array_index (self->items, VigilTimelineItem, i);

      if (item->kind == VIGIL_TIMELINE_PLACEMENT && item->start <= instant && instant < item->end)
        return item->case_ref;
    }
  return NULL;
}

static void
on_review_gone (gpointer  user_data,
                GObject  *window)
{
  VigilFootagePage *self = user_data;

  g_ptr_array_remove_fast (self->reviews, window);
}

/* The review window for @segments, their files here or in @fetched's
 * folder; the dialog that asked for it done. */
static void
show_review (VigilFootagePage   *self,
             VigilPromptDialog  *dialog,
             GPtrArray          *segments,
             VigilFootageClient *fetched)
{
  const gint64 *range = g_object_get_data (G_OBJECT (dialog), "range");
  const char *camera = g_object_get_data (G_OBJECT (dialog), "camera");
  VigilReviewWindow *window;

  vigil_prompt_dialog_done (dialog);
  /* Logged out or locked meanwhile: the review is on the trail, and no
   * footage shows behind the lock. */
  if (self->site == NULL || self->locked)
    return;

  window = vigil_review_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->site, self->session,
                                    camera, segments, range[0], range[1],
                                    segments->len > 0
                                    ? family_at (self, vigil_segment_get_start (g_ptr_array_index (segments, 0)))
                                    : NULL,
                                    fetched);
  /* Not a strong reference: GTK 4.8 lists a window among the application's
   * toplevels until it is finalized, and a destroyed window kept alive
   * there breaks the accessibility tree. */
  g_ptr_array_add (self->reviews, window);
  g_object_weak_ref (G_OBJECT (window), on_review_gone, self);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_footage_fetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  VigilFootageClient *client = VIGIL_FOOTAGE_CLIENT (object);
  g_autoptr(GError) error = NULL;
  VigilFootagePage *self;

  if (!vigil_footage_client_fetch_finish (client, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vigil_prompt_dialog_refuse (dialog, error->message);
      return;
    }
  self = g_object_get_data (G_OBJECT (dialog), "page");
  show_review (self, dialog, g_object_get_data (G_OBJECT (dialog), "segments"), client);
}

static void
on_review_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = vigil_site_open_review_finish (VIGIL_SITE (object), result, &error);
  VigilFootagePage *self = g_object_get_data (G_OBJECT (dialog), "page");
  const gint64 *range = g_object_get_data (G_OBJECT (dialog), "range");
  g_autoptr(VigilFootageClient) client = NULL;

  if (segments == NULL)
    {
      vigil_prompt_dialog_refuse (dialog, error->message);
      return;
    }
  if (self->site == NULL || self->locked || vigil_footage_segments_are_here (self->site, segments))
    {
      show_review (self, dialog, segments, NULL);
      return;
    }

  /* A laptop of a site of several machines: the footage comes from the
   * recorder's machine, with a token for this review, before the window
   * opens. */
  client = vigil_footage_client_new (self->site, &error);
  if (client == NULL)
    {
      vigil_prompt_dialog_refuse (dialog, error->message);
      return;
    }
  g_object_set_data_full (G_OBJECT (dialog), "segments", g_ptr_array_ref (segments),
                          (GDestroyNotify) g_ptr_array_unref);
  vigil_footage_client_fetch_async (client, self->session, g_object_get_data (G_OBJECT (dialog), "camera"),
                                    segments, range[0], range[1], self->cancellable, on_footage_fetched,
                                    g_object_ref (dialog));
}

static void
on_review_submit (VigilFootagePage  *self,
                  const char        *reason,
                  VigilPromptDialog *dialog)
{
  gint64 from, to, *range;
  VigilCamera *camera = answered_range (self, dialog, &from, &to);

  if (camera == NULL)
    return;
  /* The window plays the range the review is granted for, whatever the
   * page shows by the time it opens. */
  range = g_new (gint64, 2);
  range[0] = from;
  range[1] = to;
  g_object_set_data_full (G_OBJECT (dialog), "range", range, g_free);
  g_object_set_data_full (G_OBJECT (dialog), "camera", g_strdup (vigil_camera_get_name (camera)), g_free);
  vigil_site_open_review_async (self->site, self->session, vigil_camera_get_name (camera), from, to, reason,
                                self->cancellable, on_review_opened, g_object_ref (dialog));
}

static void
on_review (VigilFootagePage *self)
{
  g_autofree char *range = NULL;
  g_autofree char *body = NULL;
  VigilPromptDialog *dialog;
  gint64 from, to;
  VigilCamera *camera = chosen_range (self, &from, &to, &range);

  if (camera == NULL)
    return;
  /* Only a read of what is kept is audited: a range without footage is
   * said at once, and nothing is opened. */
  if (to > from && !has_footage (self, from, to))
    {
      g_autofree char *message = g_strdup_printf (_("No footage of %s is kept %s."), vigil_camera_get_name (camera),
                                                  range);
      refuse (self, message);
      return;
    }

  body = g_strdup_printf (_("Footage of %s %s opens for a CCTV Review. Say why you are looking at it: the reason "
                            "is kept in the audit trail with the camera and the range."),
                          vigil_camera_get_name (camera), range);
  dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), _("Review Footage"), body, _("Reason"), _("Open"));
  /* The page may be gone (logged out) by the time the review opens: the
   * dialog keeps it, and the answer finds it disposed. */
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (on_review_submit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Holds */

static void
on_hold_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  gboolean placed;

  if (g_object_get_data (G_OBJECT (dialog), "hold-id") != NULL)
    placed = vigil_site_release_hold_finish (VIGIL_SITE (object), result, &error);
  else
    {
      g_autoptr(VigilHold) hold = vigil_site_add_hold_finish (VIGIL_SITE (object), result, &error);

      placed = hold != NULL;
    }
  if (!placed)
    vigil_prompt_dialog_refuse (dialog, error->message);
  else
    vigil_prompt_dialog_done (dialog);
}

static void
on_hold_submit (VigilFootagePage  *self,
                const char        *reason,
                VigilPromptDialog *dialog)
{
  GtkEditable *until = g_object_get_data (G_OBJECT (dialog), "until");
  gint64 from, to;
  VigilCamera *camera = answered_range (self, dialog, &from, &to);

  if (camera == NULL)
    return;
  vigil_site_add_hold_async (self->site, self->session, vigil_camera_get_name (camera), from, to, reason,
                             vigil_form_text (until), self->cancellable, on_hold_written, g_object_ref (dialog));
}

static void
on_hold (VigilFootagePage *self)
{
  g_autofree char *range = NULL;
  g_autofree char *body = NULL;
  VigilPromptDialog *dialog;
  GtkWidget *until;
  gint64 from, to;
  VigilCamera *camera = chosen_range (self, &from, &to, &range);

  if (camera == NULL)
    return;
  body = g_strdup_printf (_("Footage of %s %s is kept, whatever its retention, until the end of the date below. "
                            "Say why: it is kept with the hold and in the audit trail."),
                          vigil_camera_get_name (camera), range);
  dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), _("Hold Footage"), body, _("Reason"), _("Hold"));

  until = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (until), "YYYY-MM-DD");
  gtk_accessible_update_property (GTK_ACCESSIBLE (until), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Held until"), -1);
  gtk_widget_set_tooltip_text (until, _("The last day the footage is held, as 2027-06-30"));
  vigil_prompt_dialog_set_extra (dialog, until);
  g_object_set_data (G_OBJECT (dialog), "until", until);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (on_hold_submit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_release_submit (VigilFootagePage  *self,
                   const char        *reason,
                   VigilPromptDialog *dialog)
{
  gint64 hold_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "hold-id"));

  vigil_site_release_hold_async (self->site, self->session, hold_id, reason, self->cancellable, on_hold_written,
                                 g_object_ref (dialog));
}

static void
on_release (GtkButton        *button,
            VigilFootagePage *self)
{
  gpointer hold_id = g_object_get_data (G_OBJECT (button), "hold-id");
  g_autofree char *heading = g_strdup_printf (_("Release Hold %" G_GSIZE_FORMAT), GPOINTER_TO_SIZE (hold_id));
  VigilPromptDialog *dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), heading,
                                                       _("Once released, the footage is deleted when its retention "
                                                         "ends, unless another hold keeps it. Say why the hold is "
                                                         "no longer needed."),
                                                       _("Reason"), _("Release"));

  g_object_set_data (G_OBJECT (dialog), "hold-id", hold_id);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (on_release_submit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Cameras */

/* One toggle a camera, in the site's order; a camera's toggle stays while
 * it is registered (see show_holds on why rows are kept). */
static void
on_cameras (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VigilFootagePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = vigil_site_list_cameras_finish (VIGIL_SITE (object), result, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GtkToggleButton *first = NULL;
  GHashTableIter iter;
  gpointer name, button;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (cameras == NULL)
    {
      refuse (self, error->message);
      return;
    }
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  self->cameras = g_steal_pointer (&cameras);

  for (guint i = 0; i < self->cameras->len; i++)
    {
      const char *camera = vigil_camera_get_name (g_ptr_array_index (self->cameras, i));

      button = g_hash_table_lookup (self->camera_buttons, camera);
      if (button == NULL)
        {
          button = gtk_toggle_button_new_with_label (camera);
          gtk_widget_set_tooltip_text (button, _("Show this camera's timeline"));
          /* Joined once, to a toggle already in the group: GTK 4.8
           * corrupts its group when a member is joined again. */
          if (self->camera_group != NULL)
            gtk_toggle_button_set_group (button, self->camera_group);
          else
            self->camera_group = button;
          gtk_box_append (self->cameras_box, button);
          g_hash_table_insert (self->camera_buttons, g_strdup (camera), button);
          g_signal_connect (button, "toggled", G_CALLBACK (on_camera), self);
        }
      g_hash_table_add (seen, (gpointer) camera);
      if (first == NULL)
        first = button;
    }
  g_hash_table_iter_init (&iter, self->camera_buttons);
  while (g_hash_table_iter_next (&iter, &name, &button))
    if (!g_hash_table_contains (seen, name))
      {
        if (button == (gpointer) self->camera_group)
          self->camera_group = NULL;
        gtk_box_remove (self->cameras_box, button);
        g_hash_table_iter_remove (&iter);
      }
  /* Another toggle leads the group once its leader went. */
  if (self->camera_group == NULL)
    self->camera_group = first;

  if (chosen_camera (self) == NULL && first != NULL)
    gtk_toggle_button_set_active (first, TRUE);
  else
    read_timeline (self);
}

/* The object */

static void
vigil_footage_page_dispose (GObject *object)
{
  VigilFootagePage *self = VIGIL_FOOTAGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->now_id, g_source_remove);
  if (self->reviews != NULL)
    vigil_footage_page_close_reviews (self);
  g_clear_pointer (&self->reviews, g_ptr_array_unref);
  g_clear_pointer (&self->hold_rows, g_hash_table_unref);
  g_clear_pointer (&self->camera_buttons, g_hash_table_unref);
  g_clear_pointer (&self->camera, g_free);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_FOOTAGE_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_footage_page_parent_class)->dispose (object);
}

static void
vigil_footage_page_class_init (VigilFootagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_footage_page_dispose;

  g_type_ensure (VIGIL_TYPE_TIMELINE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-footage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, cameras_box);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, zooms_box);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, range);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, timeline);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, holds);
  gtk_widget_class_bind_template_child (widget_class, VigilFootagePage, no_holds);
  gtk_widget_class_bind_template_callback (widget_class, on_earlier);
  gtk_widget_class_bind_template_callback (widget_class, on_later);
  gtk_widget_class_bind_template_callback (widget_class, show_now);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_review);
  gtk_widget_class_bind_template_callback (widget_class, on_hold);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_footage_page_init (VigilFootagePage *self)
{
  GtkWidget *first = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->zoom = DEFAULT_ZOOM;
  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(zooms[i].label));

      g_object_set_data (G_OBJECT (button), "zoom", GUINT_TO_POINTER (i));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), i == DEFAULT_ZOOM);
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (first));
      else
        first = button;
      g_signal_connect (button, "toggled", G_CALLBACK (on_zoom), self);
      gtk_box_append (self->zooms_box, button);
    }
  self->camera_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->reviews = g_ptr_array_new ();
  self->hold_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

VigilFootagePage *
vigil_footage_page_new (VigilSite    *site,
                        VigilSession *session)
{
  VigilFootagePage *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_FOOTAGE_PAGE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  show_now (self);
  self->now_id = g_timeout_add_seconds (NOW_REFRESH_SECONDS, on_now_tick, self);
  vigil_site_list_cameras_async (site, self->cancellable, on_cameras, g_object_ref (self));
  return self;
}

void
vigil_footage_page_changed (VigilFootagePage *self,
                            VigilChangeKind   kinds)
{
  g_return_if_fail (VIGIL_IS_FOOTAGE_PAGE (self));

  if (kinds & VIGIL_CHANGE_KIND_CAMERAS)
    vigil_site_list_cameras_async (self->site, self->cancellable, on_cameras, g_object_ref (self));
  else if (kinds & (VIGIL_CHANGE_KIND_RECORDINGS | VIGIL_CHANGE_KIND_HOLDS | VIGIL_CHANGE_KIND_NOTES |
                    VIGIL_CHANGE_KIND_FAMILIES | VIGIL_CHANGE_KIND_STAGES | VIGIL_CHANGE_KIND_WINDOWS |
                    VIGIL_CHANGE_KIND_OVERRIDES))
    read_timeline (self);
}

void
vigil_footage_page_close_reviews (VigilFootagePage *self)
{
  g_return_if_fail (VIGIL_IS_FOOTAGE_PAGE (self));

  /* Each leaves the list as it goes. */
  while (self->reviews->len > 0)
    {
      GtkWindow *window = g_ptr_array_steal_index_fast (self->reviews, 0);

      g_object_weak_unref (G_OBJECT (window), on_review_gone, self);
      gtk_window_destroy (window);
    }
}

void
vigil_footage_page_set_locked (VigilFootagePage *self,
                               gboolean          locked)
{
  g_return_if_fail (VIGIL_IS_FOOTAGE_PAGE (self));

  self->locked = locked;
  if (locked)
    vigil_footage_page_close_reviews (self);
  else
    read_timeline (self);
}
