/* vigil-duty-view.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-alarm-tone.h"
#include "vigil-duty-finish-dialog.h"
#include "vigil-duty-room.h"
#include "vigil-duty-watch.h"
#include "vigil-notes-dialog.h"
#include "vigil-video-paintable.h"
#include "vigil-widget-util.h"
#include "vigil-duty-view.h"

/* Until the site's settings have been read (and if they cannot be). */
#define FALLBACK_ALERT_DB      20
#define FALLBACK_ALERT_SECONDS 3
/* The meter shows -60 dBFS to 0. */
#define METER_FLOOR_DB -60.0
/* A window being resized allocates many sizes: the stream follows the last. */
#define FRAME_SIZE_DELAY_MS 200

typedef struct
{
  gboolean lost;      /* now */
  gboolean pending;   /* raised and not yet acknowledged */
  gint64   lost_at;   /* wall clock, µs */
  gint64   back_at;   /* wall clock, µs; 0 while lost */
} Alarm;

struct _VigilDutyView
{
  GtkWidget parent_instance;

  /* The duty, and the calls made for it (cancelled when it goes). */
  VigilSite    *site;
  VigilSession *session;
  VigilDuty    *duty;
  GCancellable *cancellable;
  VigilDutyRoom *room;
  char         *refusal;
  gboolean      locked;
  gboolean      muted;
  double        volume;

  VigilCameraSource   *source;
  VigilVideoPaintable *paintable;
  VigilDutyWatch      *watch;
  VigilCameraState     state;
  guint                frame_size_id;
  guint                frame_width;
  guint                frame_height;
  guint                alert_db;
  guint                alert_seconds;

  Alarm           picture_alarm;
  Alarm           sound_alarm;
  VigilAlarmTone *tone;
  GtkWindow      *dialog;

  GtkStack    *stack;
  GtkRevealer *alarm_revealer;
  GtkLabel    *alarm_label;
  GtkLabel    *title;
  GtkLabel    *state_label;
  GtkLabel    *error_label;
  GtkWidget   *loud_box;
  GtkLabel    *loud_label;
  GtkPicture  *picture;
  GtkLabel    *no_picture_label;
  GtkLevelBar *meter;
  GtkLabel    *level_label;
  GtkButton   *mute;
  GtkScale    *volume_scale;
};

G_DEFINE_FINAL_TYPE (VigilDutyView, vigil_duty_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DUTY_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void clear_duty (VigilDutyView *self,
                        const char    *why);

/* ---- words ------------------------------------------------------------- */

static char *
format_time (VigilDutyView *self,
             gint64         instant_us)
{
  return vigil_time_format_local (instant_us, vigil_site_get_time_zone (self->site), "%H:%M:%S");
}

/* The room where it is known, else the family's label. */
static const char *
place (VigilDutyView *self)
{
  return self->room != NULL ? vigil_duty_room_get_room (self->room) : vigil_duty_get_family_label (self->duty);
}

static void
update_title (VigilDutyView *self)
{
  g_autofree char *title = NULL;

  if (self->room != NULL)
    /* Translators: a room and the family's label, "Room 1 — K.M.". */
    title = g_strdup_printf (_("%s — %s"), place (self), vigil_duty_get_family_label (self->duty));
  else
    title = g_strdup (vigil_duty_get_family_label (self->duty));
  gtk_label_set_text (self->title, title);
}

/* The camera's state in words: on the state label, over the picture while
 * it is not live (a last frame must never pass for the room now), and in
 * the picture's accessible label. */
static void
update_state (VigilDutyView *self)
{
  g_autofree char *shown = NULL;
  g_autofree char *spoken = NULL;
  g_autofree char *what = NULL;
  g_autofree char *since = NULL;
  gboolean live = FALSE, lost = FALSE;

  if (self->duty == NULL)
    return;

  if (self->refusal != NULL)
    {
      shown = g_strdup (_("Not shown"));
      spoken = g_strdup (_("not shown"));
      lost = TRUE;
    }
  else if (self->source != NULL && self->state == VIGIL_CAMERA_STATE_PLAYING)
    {
      shown = g_strdup (_("Live"));
      spoken = g_strdup (_("live"));
      live = TRUE;
    }
  else if (self->source != NULL && self->state == VIGIL_CAMERA_STATE_LOST)
    {
      gint64 lost_since = vigil_camera_source_get_lost_since (self->source);

      since = format_time (self, lost_since > 0 ? lost_since : g_get_real_time ());
      /* Translators: %s is a time of day, "14:02:11". */
      shown = g_strdup_printf (_("No signal since %s"), since);
      spoken = g_strdup_printf (_("no signal since %s"), since);
      lost = TRUE;
    }
  else
    {
      shown = g_strdup (_("Connecting…"));
      spoken = g_strdup (_("connecting"));
    }

  gtk_label_set_text (self->state_label, shown);
  if (live)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "vigil-live");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "vigil-live");
  if (lost)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "vigil-lost");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "vigil-lost");

  gtk_label_set_text (self->no_picture_label, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->no_picture_label), !live);
  gtk_widget_set_opacity (GTK_WIDGET (self->picture), live ? 1.0 : 0.3);

  if (self->room != NULL)
    /* Translators: "Duty view: Room 1 — K.M., live". */
    what = g_strdup_printf (_("Duty view: %s — %s, %s"), place (self),
                            vigil_duty_get_family_label (self->duty), spoken);
  else
    what = g_strdup_printf (_("Duty view: %s, %s"), vigil_duty_get_family_label (self->duty), spoken);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL, what, -1);
}

static void
update_actions (VigilDutyView *self)
{
  gboolean on_duty = self->duty != NULL;
  gboolean free_hand = on_duty && !self->locked;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty-view.acknowledge-alarm",
                                 self->picture_alarm.pending || self->sound_alarm.pending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty-view.acknowledge-loud-sound",
                                 self->watch != NULL && vigil_duty_watch_get_loud (self->watch));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty-view.toggle-mute", free_hand);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty-view.write-note", free_hand);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty-view.hand-over", free_hand);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty-view.end-duty", free_hand);
  gtk_widget_set_sensitive (GTK_WIDGET (self->volume_scale), free_hand);
}

static void
update_mute (VigilDutyView *self)
{
  const char *label = self->muted ? _("Unmute") : _("Mute");

  gtk_button_set_icon_name (self->mute, self->muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mute), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mute), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* ---- the alarm --------------------------------------------------------- */

static void
on_alarm_recorded (GObject      *site,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree char *what = user_data;
  g_autoptr(GError) error = NULL;

  /* The banner and the sound go on whatever became of the entry. A duty
   * ended elsewhere a moment ago leaves nothing to record. */
  if (vigil_site_record_duty_alarm_finish (VIGIL_SITE (site), result, &error))
    return;
  if (g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION))
    g_message ("The duty alarm “%s” was not recorded: %s", what, error->message);
  else
    g_warning ("The duty alarm “%s” could not be recorded: %s", what, error->message);
}

/* On the site's worker, in the order made; never cancelled, as the trail
 * must hold every step. */
static void
record_alarm (VigilDutyView  *self,
              VigilDutyAlarm  alarm,
              const char     *detail)
{
  vigil_site_record_duty_alarm_async (self->site, self->session, vigil_duty_get_case_ref (self->duty),
                                      alarm, detail, NULL, on_alarm_recorded, g_strdup (detail));
}

static void
append_alarm_line (VigilDutyView *self,
                   GString       *text,
                   Alarm         *alarm,
                   gboolean       picture)
{
  g_autofree char *lost_at = NULL;
  g_autofree char *back_at = NULL;

  if (!alarm->pending)
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');

  lost_at = format_time (self, alarm->lost_at);
  if (alarm->lost)
    /* Translators: "Picture lost in Room 1 at 14:02:11". */
    g_string_append_printf (text, picture ? _("Picture lost in %s at %s") : _("Sound lost in %s at %s"),
                            place (self), lost_at);
  else
    {
      back_at = format_time (self, alarm->back_at);
      /* Translators: "Picture lost in Room 1 at 14:02:11, back at 14:02:20". */
      g_string_append_printf (text, picture ? _("Picture lost in %s at %s, back at %s")
                                            : _("Sound lost in %s at %s, back at %s"),
                              place (self), lost_at, back_at);
    }
}

/* The banner and the sound stand until the operator acknowledges. */
static void
update_alarm (VigilDutyView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean pending = self->picture_alarm.pending || self->sound_alarm.pending;

  append_alarm_line (self, text, &self->picture_alarm, TRUE);
  append_alarm_line (self, text, &self->sound_alarm, FALSE);
  if (pending)
    gtk_label_set_text (self->alarm_label, text->str);
  gtk_revealer_set_reveal_child (self->alarm_revealer, pending);
  vigil_alarm_tone_set_playing (self->tone, pending);
  update_actions (self);
}

/* Once the banner has slid away, its words go too, so that a screen reader
 * reads no alarm that no longer stands. They stay while it slides. */
static void
on_alarm_revealed (VigilDutyView *self)
{
  if (!gtk_revealer_get_child_revealed (self->alarm_revealer) &&
      !gtk_revealer_get_reveal_child (self->alarm_revealer))
    gtk_label_set_text (self->alarm_label, "");
}

static Alarm *
alarm_for (VigilDutyView *self,
           const char    *what)
{
  return g_str_equal (what, "picture") ? &self->picture_alarm : &self->sound_alarm;
}

/* The trail says what and why: "picture: the camera stopped sending
 * video". */
static void
on_lost (VigilDutyWatch *watch,
         const char     *what,
         gint64          lost_at,
         const char     *detail,
         VigilDutyView  *self)
{
  Alarm *alarm = alarm_for (self, what);
  g_autofree char *record = g_strdup_printf ("%s: %s", what, detail);

  alarm->lost = TRUE;
  alarm->pending = TRUE;
  alarm->lost_at = lost_at;
  alarm->back_at = 0;
  record_alarm (self, VIGIL_DUTY_ALARM_LOST, record);
  update_alarm (self);
}

static void
on_returned (VigilDutyWatch *watch,
             const char     *what,
             VigilDutyView  *self)
{
  Alarm *alarm = alarm_for (self, what);

  alarm->lost = FALSE;
  alarm->back_at = g_get_real_time ();
  record_alarm (self, VIGIL_DUTY_ALARM_RETURNED, what);
  update_alarm (self);
}

static void
acknowledge_alarm (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VigilDutyView *self = VIGIL_DUTY_VIEW (widget);

  if (self->duty == NULL)
    return;
  if (self->picture_alarm.pending)
    {
      self->picture_alarm.pending = FALSE;
      record_alarm (self, VIGIL_DUTY_ALARM_ACKNOWLEDGED, "picture");
    }
  if (self->sound_alarm.pending)
    {
      self->sound_alarm.pending = FALSE;
      record_alarm (self, VIGIL_DUTY_ALARM_ACKNOWLEDGED, "sound");
    }
  update_alarm (self);
}

static void
reset_alarms (VigilDutyView *self)
{
  self->picture_alarm = (Alarm) { 0 };
  self->sound_alarm = (Alarm) { 0 };
  gtk_revealer_set_reveal_child (self->alarm_revealer, FALSE);
  vigil_alarm_tone_set_playing (self->tone, FALSE);
}

/* ---- loud sound ------------------------------------------------------ */

static void
on_loud (VigilDutyWatch *watch,
         GParamSpec     *pspec,
         VigilDutyView  *self)
{
  gboolean loud = vigil_duty_watch_get_loud (watch);

  if (loud)
    {
      g_autofree char *since = format_time (self, vigil_duty_watch_get_loud_since (watch));
      /* Translators: "Loud sound in Room 1 since 14:02:11". */
      g_autofree char *text = g_strdup_printf (_("Loud sound in %s since %s"), place (self), since);

      gtk_label_set_text (self->loud_label, text);
    }
  gtk_widget_set_visible (self->loud_box, loud);
  update_actions (self);
}

static void
acknowledge_loud_sound (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VigilDutyView *self = VIGIL_DUTY_VIEW (widget);

  if (self->watch != NULL)
    vigil_duty_watch_acknowledge_loud (self->watch);
}

/* ---- the camera -------------------------------------------------------- */

static void
show_level (VigilDutyView *self,
            double         level)
{
  g_autofree char *text = NULL;

  gtk_level_bar_set_value (self->meter, CLAMP ((level - METER_FLOOR_DB) / -METER_FLOOR_DB, 0.0, 1.0));
  if (self->watch == NULL || !vigil_duty_watch_get_has_sound (self->watch))
    text = g_strdup (_("No sound"));
  else
    /* Translators: a sound level in decibels, "-32 dB". */
    text = g_strdup_printf (_("%.0f dB"), level);
  gtk_label_set_text (self->level_label, text);
}

/* The meter keeps moving whatever the volume or mute. */
static void
on_sound_level (VigilCameraSource *source,
                GParamSpec        *pspec,
                VigilDutyView     *self)
{
  show_level (self, vigil_camera_source_get_sound_level (source));
}

/* The frame the stream is scaled to in the pipeline: the picture's size at
 * the camera's aspect, never more than the camera sends (GTK scales up). */
static void
wanted_frame_size (VigilDutyView *self,
                   guint         *width,
                   guint         *height)
{
  const VigilMediaInfo *info = self->source ? vigil_camera_source_get_media_info (self->source) : NULL;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self->picture));
  double shown_width = (double) gtk_widget_get_width (GTK_WIDGET (self->picture)) * scale;
  double shown_height = (double) gtk_widget_get_height (GTK_WIDGET (self->picture)) * scale;

  /* Before the picture has a size, keep what was asked. */
  if (info != NULL && (shown_width < 2 || shown_height < 2))
    {
      *width = self->frame_width;
      *height = self->frame_height;
      return;
    }
  vigil_video_fit_frame (info, shown_width, shown_height, width, height);
}

static gboolean
apply_frame_size (gpointer user_data)
{
  VigilDutyView *self = user_data;
  guint width, height;

  self->frame_size_id = 0;
  if (self->source == NULL)
    return G_SOURCE_REMOVE;
  wanted_frame_size (self, &width, &height);
  if (width != self->frame_width || height != self->frame_height)
    {
      self->frame_width = width;
      self->frame_height = height;
      vigil_camera_source_set_frame_size (self->source, width, height);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_frame_size (VigilDutyView *self)
{
  guint width, height;

  if (self->source == NULL || self->frame_size_id != 0)
    return;
  wanted_frame_size (self, &width, &height);
  if (width != self->frame_width || height != self->frame_height)
    self->frame_size_id = g_timeout_add (FRAME_SIZE_DELAY_MS, apply_frame_size, self);
}

static void
on_media_info (VigilCameraSource *source,
               GParamSpec        *pspec,
               VigilDutyView     *self)
{
  queue_frame_size (self);
}

static void
on_state (VigilCameraSource *source,
          GParamSpec        *pspec,
          VigilDutyView     *self)
{
  self->state = vigil_camera_source_get_state (source);
  update_state (self);
}

static void
on_loss (VigilCameraSource *source,
         GParamSpec        *pspec,
         VigilDutyView     *self)
{
  update_state (self);
}

static void
drop_source (VigilDutyView *self)
{
  g_clear_handle_id (&self->frame_size_id, g_source_remove);
  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      vigil_duty_watch_stop (self->watch);
      g_clear_object (&self->watch);
      gtk_widget_set_visible (self->loud_box, FALSE);
    }
  gtk_picture_set_paintable (self->picture, NULL);
  g_clear_object (&self->paintable);
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      vigil_camera_source_stop (self->source);
      g_clear_object (&self->source);
    }
  self->state = VIGIL_CAMERA_STATE_STOPPED;
  self->frame_width = self->frame_height = 0;
}

static void
use_source (VigilDutyView     *self,
            VigilCameraSource *source)
{
  self->source = g_object_ref (source);
  self->paintable = vigil_video_paintable_new (source);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));

  g_signal_connect (source, "notify::state", G_CALLBACK (on_state), self);
  g_signal_connect (source, "notify::loss", G_CALLBACK (on_loss), self);
  g_signal_connect (source, "notify::lost-since", G_CALLBACK (on_loss), self);
  g_signal_connect (source, "notify::media-info", G_CALLBACK (on_media_info), self);
  g_signal_connect (source, "notify::sound-level", G_CALLBACK (on_sound_level), self);

  self->watch = vigil_duty_watch_new (source);
  vigil_duty_watch_set_sound_alert (self->watch, self->alert_db, self->alert_seconds);
  g_signal_connect (self->watch, "lost", G_CALLBACK (on_lost), self);
  g_signal_connect (self->watch, "returned", G_CALLBACK (on_returned), self);
  g_signal_connect (self->watch, "notify::loud", G_CALLBACK (on_loud), self);

  /* The stream is named after the room, so that a supervisor can route it
   * to a headset. */
  vigil_camera_source_set_audio_output (source, vigil_duty_room_get_room (self->room));
  vigil_camera_source_set_volume (source, self->volume);
  vigil_camera_source_set_muted (source, self->muted);
  vigil_camera_source_start (source);

  self->state = vigil_camera_source_get_state (source);
  show_level (self, vigil_camera_source_get_sound_level (source));
  update_state (self);
}

/* ---- finding the room and asking for it -------------------------------- */

/* One call made for the duty, which may have gone by the time it
 * answers. */
typedef struct
{
  VigilDutyView *self;
  GCancellable  *cancellable;
  const char    *key;      /* for a setting read */
} Step;

static Step *
step_new (VigilDutyView *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->cancellable = g_object_ref (self->cancellable);
  return step;
}

static void
step_free (Step *step)
{
  g_object_unref (step->self);
  g_object_unref (step->cancellable);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static gboolean
step_is_current (Step *step)
{
  return !g_cancellable_is_cancelled (step->cancellable);
}

/* Nothing of the room is shown; the core's words say why. */
static void
refuse (VigilDutyView *self,
        const char    *message)
{
  g_free (self->refusal);
  self->refusal = g_strdup (message);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  drop_source (self);
  update_state (self);
}

static void
on_room_opened (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(VigilDutyRoom) room = NULL;
  g_autoptr(GError) error = NULL;
  VigilDutyView *self = step->self;

  room = vigil_duty_room_open_finish (result, &error);
  if (!step_is_current (step))
    return;
  if (room == NULL)
    {
      refuse (self, error->message);
      return;
    }

  self->room = g_steal_pointer (&room);
  update_title (self);
  use_source (self, vigil_duty_room_get_source (self->room));
}

static void
on_setting (GObject      *site,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vigil_site_get_setting_finish (VIGIL_SITE (site), result, &error);
  guint64 value;

  if (!step_is_current (step))
    return;
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    {
      g_debug ("Setting %s not read (%s): the duty view keeps its default", step->key,
               error != NULL ? error->message : text);
      return;
    }
  if (g_str_equal (step->key, VIGIL_SETTING_SOUND_ALERT_DB))
    step->self->alert_db = (guint) value;
  else
    step->self->alert_seconds = (guint) value;
  if (step->self->watch != NULL)
    vigil_duty_watch_set_sound_alert (step->self->watch, step->self->alert_db, step->self->alert_seconds);
}

static void
read_setting (VigilDutyView *self,
              const char    *key)
{
  Step *step = step_new (self);

  step->key = key;
  vigil_site_get_setting_async (self->site, key, self->cancellable, on_setting, step);
}

/* ---- handing over, ending, notes --------------------------------------- */

static GtkWindow *
parent_window (VigilDutyView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_dialog_finished (VigilDutyFinishDialog *dialog,
                    VigilDuty             *result,
                    VigilDutyView         *self)
{
  g_autoptr(VigilDuty) finished = g_object_ref (vigil_duty_finish_dialog_get_duty (dialog));

  /* The dialog closes itself. */
  if (self->dialog == GTK_WINDOW (dialog))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  /* The dialog's duty is the view's unless the window moved on meanwhile. */
  if (self->duty != NULL && vigil_duty_get_id (self->duty) == vigil_duty_get_id (finished))
    clear_duty (self, vigil_duty_finish_dialog_get_hand_over (dialog) ? "handed over" : "duty ended");
  g_signal_emit (self, signals[SIGNAL_DUTY_FINISHED], 0, finished);
}

static void
open_finish_dialog (VigilDutyView *self,
                    gboolean       hand_over)
{
  VigilDutyFinishDialog *dialog;

  if (self->duty == NULL || self->locked)
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return;
    }

  dialog = vigil_duty_finish_dialog_new (parent_window (self), self->site, self->session, self->duty, hand_over);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_dialog_finished), self, 0);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hand_over (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  open_finish_dialog (VIGIL_DUTY_VIEW (widget), TRUE);
}

static void
end_duty (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  open_finish_dialog (VIGIL_DUTY_VIEW (widget), FALSE);
}

static void
write_note (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VigilDutyView *self = VIGIL_DUTY_VIEW (widget);
  VigilNotesDialog *dialog;

  if (self->duty == NULL || self->locked)
    return;
  dialog = vigil_notes_dialog_new (parent_window (self), self->site, self->session,
                                   vigil_duty_get_case_ref (self->duty));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toggle_mute (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilDutyView *self = VIGIL_DUTY_VIEW (widget);

  self->muted = !self->muted;
  if (self->source != NULL)
    vigil_camera_source_set_muted (self->source, self->muted);
  update_mute (self);
}

static void
on_volume_changed (VigilDutyView *self)
{
  self->volume = gtk_range_get_value (GTK_RANGE (self->volume_scale));
  if (self->source != NULL)
    vigil_camera_source_set_volume (self->source, self->volume);
}

/* ---- the duty ---------------------------------------------------------- */

/* Everything of the duty goes: its calls, its camera, its alarms; the core
 * is told the live view ended, and @why. */
static void
clear_duty (VigilDutyView *self,
            const char    *why)
{
  if (self->duty == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_source (self);
  if (self->room != NULL)
    vigil_duty_room_close (self->room, why);
  g_clear_object (&self->room);
  if (self->dialog != NULL)
    gtk_window_close (self->dialog);

  reset_alarms (self);
  g_clear_pointer (&self->refusal, g_free);
  g_clear_object (&self->duty);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "none");
  update_actions (self);
}

/* It sees its own allocation (vigil_widget_allocate_bin()), so that it
 * learns the picture's size and the stream can follow it. */
static void
vigil_duty_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  vigil_widget_allocate_bin (widget, width, height, baseline);
  queue_frame_size (VIGIL_DUTY_VIEW (widget));
}

static void
vigil_duty_view_dispose (GObject *object)
{
  VigilDutyView *self = VIGIL_DUTY_VIEW (object);

  clear_duty (self, "closed");
  g_clear_object (&self->tone);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_DUTY_VIEW);

  G_OBJECT_CLASS (vigil_duty_view_parent_class)->dispose (object);
}

static void
vigil_duty_view_class_init (VigilDutyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_duty_view_dispose;
  widget_class->measure = vigil_widget_measure_bin;
  widget_class->size_allocate = vigil_duty_view_size_allocate;

  /**
   * VigilDutyView::duty-finished:
   * @duty: the duty handed over or ended here
   *
   * The core accepted a handover or the end of the duty; the view shows no
   * duty any more.
   */
  signals[SIGNAL_DUTY_FINISHED] = g_signal_new ("duty-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_DUTY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-duty-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, alarm_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, alarm_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, title);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, state_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, error_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, loud_box);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, loud_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, picture);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, no_picture_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, meter);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, level_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, mute);
  gtk_widget_class_bind_template_child (widget_class, VigilDutyView, volume_scale);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_changed);
  /* Not kept (they follow their actions), but named, for the tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "acknowledge", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "acknowledge_loud", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "write_note", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "hand_over", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "end_duty", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "duty-view.acknowledge-alarm", NULL, acknowledge_alarm);
  gtk_widget_class_install_action (widget_class, "duty-view.acknowledge-loud-sound", NULL, acknowledge_loud_sound);
  gtk_widget_class_install_action (widget_class, "duty-view.toggle-mute", NULL, toggle_mute);
  gtk_widget_class_install_action (widget_class, "duty-view.write-note", NULL, write_note);
  gtk_widget_class_install_action (widget_class, "duty-view.hand-over", NULL, hand_over);
  gtk_widget_class_install_action (widget_class, "duty-view.end-duty", NULL, end_duty);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* The camera and the alarm's tone need GStreamer, whoever hosts the
   * view. */
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
}

static void
vigil_duty_view_init (VigilDutyView *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->alarm_revealer, "notify::child-revealed", G_CALLBACK (on_alarm_revealed), self);

  self->volume = 1.0;
  self->alert_db = FALLBACK_ALERT_DB;
  self->alert_seconds = FALLBACK_ALERT_SECONDS;
  self->tone = vigil_alarm_tone_new ();

  /* The meter is a level, not a battery: no low/high colours. */
  gtk_level_bar_remove_offset_value (self->meter, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->meter, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->meter, GTK_LEVEL_BAR_OFFSET_FULL);

  /* Anywhere in the window: an alarm is acknowledged wherever the focus is. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>a"),
                                                          gtk_named_action_new ("duty-view.acknowledge-alarm")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>m"),
                                                          gtk_named_action_new ("duty-view.toggle-mute")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_mute (self);
  update_actions (self);
}

void
vigil_duty_view_set_duty (VigilDutyView *self,
                          VigilSite     *site,
                          VigilSession  *session,
                          VigilDuty     *duty)
{
  g_return_if_fail (VIGIL_IS_DUTY_VIEW (self));
  g_return_if_fail (duty == NULL || VIGIL_IS_SITE (site));
  g_return_if_fail (duty == NULL || VIGIL_IS_SESSION (session));
  g_return_if_fail (duty == NULL || VIGIL_IS_DUTY (duty));

  /* The same duty read again: nothing to restart. */
  if (duty != NULL && self->duty != NULL && vigil_duty_get_id (duty) == vigil_duty_get_id (self->duty) &&
      site == self->site && session == self->session)
    {
      g_set_object (&self->duty, duty);
      update_title (self);
      return;
    }

  clear_duty (self, "duty ended");
  if (duty == NULL)
    return;

  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->duty = g_object_ref (duty);
  self->cancellable = g_cancellable_new ();

  update_title (self);
  update_state (self);
  show_level (self, VIGIL_SOUND_LEVEL_SILENCE);
  gtk_stack_set_visible_child_name (self->stack, "duty");
  update_actions (self);

  read_setting (self, VIGIL_SETTING_SOUND_ALERT_DB);
  read_setting (self, VIGIL_SETTING_SOUND_ALERT_SECONDS);
  vigil_duty_room_open (site, session, duty, self->cancellable, on_room_opened, step_new (self));
}

VigilDuty *
vigil_duty_view_get_duty (VigilDutyView *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_VIEW (self), NULL);

  return self->duty;
}

void
vigil_duty_view_set_locked (VigilDutyView *self,
                            gboolean       locked)
{
  g_return_if_fail (VIGIL_IS_DUTY_VIEW (self));

  self->locked = !!locked;
  if (self->dialog != NULL)
    vigil_duty_finish_dialog_set_locked (VIGIL_DUTY_FINISH_DIALOG (self->dialog), self->locked);
  update_actions (self);
}
