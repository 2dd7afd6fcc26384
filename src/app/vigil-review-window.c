/* vigil-review-window.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-review-player.h"
#include "vigil-video-paintable.h"
#include "vigil-review-window.h"

/* The speeds a reviewer may choose (the player's). */
static const double rates[] = { 0.5, 1.0, 2.0, 4.0, 8.0 };
#define N_RATES G_N_ELEMENTS (rates)

struct _VigilReviewWindow
{
  AdwWindow parent_instance;

  VigilSite           *site;
  VigilSession        *session;
  char                *case_ref;
  VigilReviewPlayer   *player;
  VigilFootageClient  *fetched;   /* the footage's folder, where fetched */
  VigilVideoPaintable *paintable;
  GCancellable        *cancellable;
  GString             *problems;

  gint64    start;         /* the first frame's time, µs since 1970 UTC */
  gint64    end;           /* the last frame's */
  gint64    shown;         /* the frame on screen's, 0 before the first */
  gint64    period_from;   /* the review note's period */
  gint64    period_to;
  gboolean  moving_scale;  /* the scale follows the frame: no seek */
  gboolean  has_sound;
  gboolean  saving;

  AdwWindowTitle  *window_title;
  GtkButton       *write_note;
  GtkLabel        *problem;
  GtkPicture      *picture;
  GtkLabel        *time_label;
  GtkScale        *position_scale;
  GtkAdjustment   *position_adjustment;
  GtkButton       *play;
  GtkBox          *speeds;
  GtkWidget       *sound_box;
  GtkButton       *mute;
  GtkScale        *volume_scale;
  GtkWidget       *sound_note;
  GtkWidget       *period_box;
  GtkLabel        *status;
  GtkWidget       *note_pane;
  GtkLabel        *period_label;
  GtkLabel        *period_mark;
  GtkTextView     *note_text;
  GtkLabel        *note_error;
  GtkToggleButton *speed_buttons[N_RATES];
};

G_DEFINE_FINAL_TYPE (VigilReviewWindow, vigil_review_window, ADW_TYPE_WINDOW)

/* The site's wall-clock time of a frame, to a tenth of a second, with the
 * zone's abbreviation: "2026-12-02 21:04:07.3 GMT". Cut, not rounded, so
 * that the tenth shown is the one the frame was recorded in. */
static char *
frame_time (VigilReviewWindow *self,
            gint64             instant)
{
  GTimeZone *zone = vigil_site_get_time_zone (self->site);
  g_autofree char *seconds = vigil_time_format_local (instant, zone, "%Y-%m-%d %H:%M:%S");
  g_autofree char *abbreviation = vigil_time_format_local (instant, zone, "%Z");

  /* TRANSLATORS: a frame's time: date and time to the second, tenths of
   * a second, the zone ("2026-12-02 21:04:07.3 GMT") */
  return g_strdup_printf (_("%s.%d %s"), seconds, (int) ((instant % G_USEC_PER_SEC) / (G_USEC_PER_SEC / 10)),
                          abbreviation);
}

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* ---- the frame on screen ----------------------------------------------- */

static void
show_period (VigilReviewWindow *self)
{
  g_autofree char *from = frame_time (self, self->period_from);
  g_autofree char *to = frame_time (self, self->period_to);
  g_autofree char *text = g_strdup_printf (_("Period reviewed: %s to %s"), from, to);
  /* TRANSLATORS: beside Period Starts Here and Period Ends Here */
  g_autofree char *mark = g_strdup_printf (_("Note period: %s to %s"), from, to);

  gtk_label_set_text (self->period_label, text);
  gtk_label_set_text (self->period_mark, mark);
}

/* Time label and position follow the frame the picture shows, not the
 * player's "position" (notified a few times a second): what is read is
 * what is seen. */
static void
on_frame_shown (VigilReviewWindow *self)
{
  gint64 shown = vigil_video_paintable_get_capture_time (self->paintable);
  g_autofree char *text = NULL;

  if (shown == 0 || shown == self->shown)
    return;
  if (self->shown == 0)
    set_label (GTK_WIDGET (self->picture), _("Recorded picture, showing a frame"));
  self->shown = shown;

  text = frame_time (self, shown);
  gtk_label_set_text (self->time_label, text);
  self->moving_scale = TRUE;
  gtk_adjustment_set_value (self->position_adjustment, (double) (shown - self->start) / G_USEC_PER_SEC);
  self->moving_scale = FALSE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->position_scale), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
}

static void
on_position_changed (VigilReviewWindow *self)
{
  double seconds = gtk_adjustment_get_value (self->position_adjustment);

  if (self->moving_scale)
    return;
  vigil_review_player_seek (self->player, self->start + (gint64) llround (seconds * G_USEC_PER_SEC));
}

static void
on_player_error (VigilReviewWindow *self,
                 const char        *message)
{
  if (self->problems->len > 0)
    g_string_append_c (self->problems, '\n');
  g_string_append (self->problems, message);
  gtk_label_set_text (self->problem, self->problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problem), TRUE);
}

/* ---- playing ----------------------------------------------------------- */

static void
on_state_changed (VigilReviewWindow *self)
{
  gboolean playing = vigil_review_player_get_state (self->player) == VIGIL_REVIEW_STATE_PLAYING;
  const char *label = playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (self->play, playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play), playing ? _("Pause (Space)") : _("Play (Space)"));
  set_label (GTK_WIDGET (self->play), label);
}

static void
play_pause (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (widget);

  if (vigil_review_player_get_state (self->player) == VIGIL_REVIEW_STATE_PLAYING)
    vigil_review_player_pause (self->player);
  else
    vigil_review_player_play (self->player);
}

static void
step (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (widget);

  vigil_review_player_step (self->player, g_str_equal (action_name, "review.step-back") ? -1 : 1);
}

static void
update_sound_note (VigilReviewWindow *self)
{
  gtk_widget_set_visible (self->sound_note, self->has_sound && vigil_review_player_get_rate (self->player) != 1.0);
}

static void
on_speed_toggled (GtkToggleButton   *button,
                  VigilReviewWindow *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < N_RATES; i++)
    if (self->speed_buttons[i] == button)
      vigil_review_player_set_rate (self->player, rates[i]);
  update_sound_note (self);
}

static void
add_speed_buttons (VigilReviewWindow *self)
{
  for (guint i = 0; i < N_RATES; i++)
    {
      /* TRANSLATORS: a playing speed: "0.5×", "2×" */
      g_autofree char *text = g_strdup_printf (_("%g×"), rates[i]);
      /* TRANSLATORS: the accessible name of a speed's button: "Speed 2×" */
      g_autofree char *name = g_strdup_printf (_("Speed %s"), text);
      GtkWidget *button = gtk_toggle_button_new_with_label (text);

      set_label (button, name);
      gtk_widget_set_tooltip_text (button, name);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->speed_buttons[0]);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), rates[i] == 1.0);
      g_signal_connect (button, "toggled", G_CALLBACK (on_speed_toggled), self);
      gtk_box_append (self->speeds, button);
      self->speed_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
}

static void
toggle_mute (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (widget);
  gboolean muted = !vigil_review_player_get_muted (self->player);
  const char *label = muted ? _("Unmute") : _("Mute");

  vigil_review_player_set_muted (self->player, muted);
  gtk_button_set_icon_name (self->mute, muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mute), label);
  set_label (GTK_WIDGET (self->mute), label);
}

static void
on_volume_changed (VigilReviewWindow *self)
{
  vigil_review_player_set_volume (self->player, CLAMP (gtk_range_get_value (GTK_RANGE (self->volume_scale)), 0.0, 1.0));
}

/* Space, Left and Right drive the player wherever the focus is (Space
 * plays even with a button focused, as in any player), except while a
 * note is typed, and Left and Right move a focused slider. */
static gboolean
on_key (GtkWidget *widget,
        GVariant  *args,
        gpointer   user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));
  const char *action = user_data;

  if (focus != NULL && (GTK_IS_TEXT_VIEW (focus) || GTK_IS_EDITABLE (focus)))
    return FALSE;
  if (focus != NULL && GTK_IS_RANGE (focus) && !g_str_equal (action, "review.play-pause"))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

static void
add_keys (VigilReviewWindow *self)
{
  const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_space, "review.play-pause" },
    { GDK_KEY_KP_Space, "review.play-pause" },
    { GDK_KEY_Left, "review.step-back" },
    { GDK_KEY_Right, "review.step-forward" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Before the focused widget: a focused button would take Space itself. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0),
                                                            gtk_callback_action_new (on_key, (gpointer) keys[i].action,
                                                                                     NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ---- the review note --------------------------------------------------- */

static void
set_period_end (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (widget);

  if (self->shown == 0)
    return;
  /* The core judges a period that ends before it starts, in its words. */
  if (g_str_equal (action_name, "review.period-start"))
    self->period_from = self->shown;
  else
    self->period_to = self->shown;
  show_period (self);
}

static void
write_note (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (widget);

  show_period (self);
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_widget_set_visible (self->note_pane, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_text));
}

/* What is typed stays until it is saved, hidden or not. */
static void
hide_note (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (widget);

  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_visible (self->note_pane, FALSE);
}

static void
set_saving (VigilReviewWindow *self,
            gboolean           saving)
{
  self->saving = saving;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.save-note", !saving);
  gtk_text_view_set_editable (self->note_text, !saving);
}

static void
on_note_saved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VigilReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilNote) note = vigil_site_add_note_finish (VIGIL_SITE (object), result, &error);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *saved = NULL;
  gint64 period_from, period_to;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_saving (self, FALSE);
  if (note == NULL)
    {
      /* The core's words (an empty note, a period that ends before it
       * starts, a locked console); what was typed stays to be put right. */
      gtk_label_set_text (self->note_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->note_error), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->note_text));
      return;
    }

  vigil_note_get_period (note, &period_from, &period_to);
  from = frame_time (self, period_from);
  to = frame_time (self, period_to);
  saved = g_strdup_printf (_("Review note saved for %s, period %s to %s."), vigil_note_get_case_ref (note), from, to);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_text), "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self->note_error), FALSE);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_visible (self->note_pane, FALSE);
  gtk_label_set_text (self->status, saved);
  gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
}

static void
save_note (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_text);
  g_autofree char *body = NULL;
  GtkTextIter start, end;

  if (self->saving)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  set_saving (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->note_error), FALSE);
  /* The core checks everything, an empty note included, and writes on the
   * site's worker: the window never waits on fsync. */
  vigil_site_add_note_async (self->site, self->session, self->case_ref, VIGIL_NOTE_KIND_REVIEW, self->period_from,
                             self->period_to, body, self->cancellable, on_note_saved, g_object_ref (self));
}

/* ---- the window -------------------------------------------------------- */

static void
vigil_review_window_dispose (GObject *object)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->paintable != NULL)
    g_signal_handlers_disconnect_by_data (self->paintable, self);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      /* Its pipeline stops now, though a frame on its way to the picture
       * may hold the object a moment longer. */
      g_object_run_dispose (G_OBJECT (self->player));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_REVIEW_WINDOW);
  g_clear_object (&self->paintable);
  g_clear_object (&self->player);
  g_clear_object (&self->fetched);
  g_clear_object (&self->session);
  g_clear_object (&self->site);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_review_window_parent_class)->dispose (object);
}

static void
vigil_review_window_finalize (GObject *object)
{
  VigilReviewWindow *self = VIGIL_REVIEW_WINDOW (object);

  g_clear_pointer (&self->case_ref, g_free);
  if (self->problems != NULL)
    g_string_free (self->problems, TRUE);

  G_OBJECT_CLASS (vigil_review_window_parent_class)->finalize (object);
}

static void
vigil_review_window_class_init (VigilReviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_review_window_dispose;
  object_class->finalize = vigil_review_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-review-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, write_note);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, problem);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, time_label);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, position_scale);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, position_adjustment);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, play);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, speeds);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, sound_box);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, mute);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, volume_scale);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, sound_note);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, period_box);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, status);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, note_pane);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, period_label);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, period_mark);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, note_text);
  gtk_widget_class_bind_template_child (widget_class, VigilReviewWindow, note_error);
  gtk_widget_class_bind_template_callback (widget_class, on_position_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_changed);

  gtk_widget_class_install_action (widget_class, "review.play-pause", NULL, play_pause);
  gtk_widget_class_install_action (widget_class, "review.step-back", NULL, step);
  gtk_widget_class_install_action (widget_class, "review.step-forward", NULL, step);
  gtk_widget_class_install_action (widget_class, "review.toggle-mute", NULL, toggle_mute);
  gtk_widget_class_install_action (widget_class, "review.period-start", NULL, set_period_end);
  gtk_widget_class_install_action (widget_class, "review.period-end", NULL, set_period_end);
  gtk_widget_class_install_action (widget_class, "review.write-note", NULL, write_note);
  gtk_widget_class_install_action (widget_class, "review.hide-note", NULL, hide_note);
  gtk_widget_class_install_action (widget_class, "review.save-note", NULL, save_note);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "review.save-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "review.save-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
vigil_review_window_init (VigilReviewWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->problems = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  add_speed_buttons (self);
  add_keys (self);
  set_label (GTK_WIDGET (self->picture), _("Recorded picture, no frame yet"));
}

/* "CCTV Review: Room 1 cot" over "2026-12-02 21:04:07 to 21:34:07 GMT". */
static void
show_title (VigilReviewWindow *self,
            const char        *camera_label)
{
  GTimeZone *zone = vigil_site_get_time_zone (self->site);
  g_autofree char *title = g_strdup_printf (_("CCTV Review: %s"), camera_label);
  g_autofree char *from_zone = vigil_time_format_local (self->start, zone, "%Z");
  g_autofree char *to_zone = vigil_time_format_local (self->end, zone, "%Z");
  g_autofree char *from_day = vigil_time_format_local (self->start, zone, "%Y-%m-%d");
  g_autofree char *to_day = vigil_time_format_local (self->end, zone, "%Y-%m-%d");
  /* The zone once where it does not change (as it does when clocks go
   * back or forward), the date once within a day. */
  gboolean one_zone = g_str_equal (from_zone, to_zone);
  g_autofree char *from = vigil_time_format_local (self->start, zone, one_zone ? "%Y-%m-%d %H:%M:%S"
                                                                               : "%Y-%m-%d %H:%M:%S %Z");
  g_autofree char *to = vigil_time_format_local (self->end, zone, g_str_equal (from_day, to_day) ? "%H:%M:%S %Z"
                                                                                                 : "%Y-%m-%d %H:%M:%S %Z");
  g_autofree char *range = g_strdup_printf (_("%s to %s"), from, to);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, range);
}

VigilReviewWindow *
vigil_review_window_new (GtkWindow          *parent,
                         VigilSite          *site,
                         VigilSession       *session,
                         const char         *camera_label,
                         GPtrArray          *segments,
                         gint64              from_us,
                         gint64              to_us,
                         const char         *case_ref,
                         VigilFootageClient *fetched)
{
  g_autofree char *recordings_dir = NULL;
  VigilReviewWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (camera_label != NULL, NULL);
  g_return_val_if_fail (segments != NULL, NULL);
  g_return_val_if_fail (from_us <= to_us, NULL);
  g_return_val_if_fail (fetched == NULL || VIGIL_IS_FOOTAGE_CLIENT (fetched), NULL);

  self = g_object_new (VIGIL_TYPE_REVIEW_WINDOW, "transient-for", parent, "destroy-with-parent", TRUE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->case_ref = g_strdup (case_ref);

  if (fetched != NULL)
    {
      self->fetched = g_object_ref (fetched);
      recordings_dir = g_strdup (vigil_footage_client_get_folder (fetched));
    }
  else
    recordings_dir = vigil_site_get_recordings_dir (site);
  self->player = vigil_review_player_new_for_segments (segments, recordings_dir, from_us, to_us);
  self->start = self->period_from = vigil_review_player_get_start (self->player);
  self->end = self->period_to = vigil_review_player_get_end (self->player);
  for (guint i = 0; i < segments->len; i++)
    self->has_sound = self->has_sound || vigil_segment_get_audio (g_ptr_array_index (segments, i));

  self->paintable = vigil_video_paintable_new_for_review (self->player);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));
  g_signal_connect_swapped (self->paintable, "invalidate-contents", G_CALLBACK (on_frame_shown), self);
  g_signal_connect_swapped (self->player, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect_swapped (self->player, "error", G_CALLBACK (on_player_error), self);

  gtk_adjustment_set_upper (self->position_adjustment, (double) (self->end - self->start) / G_USEC_PER_SEC);
  gtk_widget_set_visible (self->sound_box, self->has_sound);
  gtk_widget_set_visible (GTK_WIDGET (self->write_note), case_ref != NULL);
  gtk_widget_set_visible (self->period_box, case_ref != NULL);
  show_title (self, camera_label);
  show_period (self);
  on_state_changed (self);

  if (segments->len == 0)
    {
      on_player_error (self, _("No footage was recorded in this range."));
      gtk_label_set_text (self->time_label, _("No footage"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->position_scale), FALSE);
      for (guint i = 0; i < N_RATES; i++)
        gtk_widget_set_sensitive (GTK_WIDGET (self->speed_buttons[i]), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.play-pause", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.step-back", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.step-forward", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.write-note", FALSE);
    }
  return self;
}
