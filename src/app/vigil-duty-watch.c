/* vigil-duty-watch.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-duty-watch.h"

/* A loud run survives dips below the alert level shorter than this: a
 * crying baby draws breath. */
#define LOUD_DIP_US (1 * G_USEC_PER_SEC)
/* A camera joined mid-stream may take a keyframe interval to show, and a
 * first connection on a busy machine may be reported stalled before it
 * plays: only a camera that has shown nothing for this long since the
 * watch began, or that was lost after it played, raises the alarm. */
#define FIRST_PICTURE_US (10 * G_USEC_PER_SEC)
#define TICK_MS 250

struct _VigilDutyWatch
{
  GObject parent_instance;

  VigilCameraSource *source;
  VigilCameraState   state;
  guint              tick_id;

  gboolean picture_lost;
  gboolean sound_lost;
  gboolean played;
  gint64   started_at;
  gint64   started_at_real;

  /* Monotonic times, unless named _real. */
  gint64   playing_since;
  gint64   heard_at;
  gint64   heard_at_real;
  gboolean has_sound;

  guint    alert_db;
  guint    alert_seconds;
  gint64   loud_since;
  gint64   loud_since_real;
  gint64   quiet_since;
  gboolean loud;
  gboolean loud_acknowledged;
};

G_DEFINE_FINAL_TYPE (VigilDutyWatch, vigil_duty_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOUD,
  PROP_HAS_SOUND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LOST,
  SIGNAL_RETURNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_loud (VigilDutyWatch *self,
          gboolean        loud)
{
  if (self->loud == loud)
    return;
  self->loud = loud;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOUD]);
}

static void
set_has_sound (VigilDutyWatch *self)
{
  if (self->has_sound)
    return;
  self->has_sound = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SOUND]);
}

/* Raised after alert_seconds above the level (dips under LOUD_DIP_US
 * forgiven); cleared, and ready to be raised again, after alert_seconds of
 * quiet. */
static void
check_loud (VigilDutyWatch *self,
            gint64          now)
{
  gint64 run = (gint64) self->alert_seconds * G_USEC_PER_SEC;
  gboolean quiet = self->quiet_since != 0;

  if (self->loud || self->loud_acknowledged)
    {
      if (quiet && now - self->quiet_since >= run)
        {
          self->loud_acknowledged = FALSE;
          self->loud_since = 0;
          set_loud (self, FALSE);
        }
      return;
    }

  if (self->loud_since == 0)
    return;
  if (quiet && now - self->quiet_since >= LOUD_DIP_US)
    self->loud_since = 0;
  else if (now - self->loud_since >= run)
    set_loud (self, TRUE);
}

static void
on_sound_level (VigilCameraSource *source,
                GParamSpec        *pspec,
                VigilDutyWatch    *self)
{
  double level = vigil_camera_source_get_sound_level (source);
  gint64 now = g_get_monotonic_time ();

  /* The level falls to silence when the camera is lost or stopped: that is
   * no sign of sound. */
  if (self->state == VIGIL_CAMERA_STATE_PLAYING && level > VIGIL_SOUND_LEVEL_SILENCE)
    {
      self->heard_at = now;
      self->heard_at_real = g_get_real_time ();
      set_has_sound (self);
      if (self->sound_lost)
        {
          self->sound_lost = FALSE;
          g_signal_emit (self, signals[SIGNAL_RETURNED], 0, "sound");
        }
    }

  if (level > -(double) self->alert_db)
    {
      self->quiet_since = 0;
      if (self->loud_since == 0)
        {
          self->loud_since = now;
          self->loud_since_real = g_get_real_time ();
        }
    }
  else if (self->quiet_since == 0)
    self->quiet_since = now;
  check_loud (self, now);
}

static void
picture_lost (VigilDutyWatch *self,
              gint64          lost_at)
{
  const char *detail = NULL;

  if (self->state == VIGIL_CAMERA_STATE_LOST)
    {
      detail = vigil_camera_source_get_loss_detail (self->source);
      if (detail == NULL || *detail == '\0')
        detail = vigil_camera_loss_to_string (vigil_camera_source_get_loss (self->source));
    }
  self->picture_lost = TRUE;
  g_signal_emit (self, signals[SIGNAL_LOST], 0, "picture", lost_at,
                 /* In the trail's language, as the core writes it. */
                 detail != NULL ? detail : "the camera has shown nothing yet");
}

static gboolean
on_tick (gpointer user_data)
{
  VigilDutyWatch *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 last = MAX (self->heard_at, self->playing_since);

  if (!self->played && !self->picture_lost && now - self->started_at >= FIRST_PICTURE_US)
    picture_lost (self, self->started_at_real);

  if (self->state == VIGIL_CAMERA_STATE_PLAYING && self->has_sound && !self->sound_lost &&
      now - last >= VIGIL_DUTY_SOUND_LOSS_US)
    {
      gint64 lost_at = self->heard_at >= self->playing_since ? self->heard_at_real
                                                             : g_get_real_time () - (now - last);

      self->sound_lost = TRUE;
      g_signal_emit (self, signals[SIGNAL_LOST], 0, "sound", lost_at,
                     /* In the trail's language, as the core writes it. */
                     "the camera sent no sound for 3 seconds");
    }
  check_loud (self, now);
  return G_SOURCE_CONTINUE;
}

static void
on_media_info (VigilCameraSource *source,
               GParamSpec        *pspec,
               VigilDutyWatch    *self)
{
  const VigilMediaInfo *info = vigil_camera_source_get_media_info (source);

  if (info != NULL && info->audio_codec != NULL)
    set_has_sound (self);
}

static void
on_state (VigilCameraSource *source,
          GParamSpec        *pspec,
          VigilDutyWatch    *self)
{
  VigilCameraState before = self->state;

  self->state = vigil_camera_source_get_state (source);
  if (self->state == VIGIL_CAMERA_STATE_PLAYING && before != VIGIL_CAMERA_STATE_PLAYING)
    {
      /* A camera back with its sound gets the same grace as at the start. */
      self->playing_since = g_get_monotonic_time ();
      self->played = TRUE;
      if (self->picture_lost)
        {
          self->picture_lost = FALSE;
          g_signal_emit (self, signals[SIGNAL_RETURNED], 0, "picture");
        }
    }
  else if (self->state == VIGIL_CAMERA_STATE_LOST && self->played && !self->picture_lost)
    {
      gint64 lost_since = vigil_camera_source_get_lost_since (source);

      picture_lost (self, lost_since > 0 ? lost_since : g_get_real_time ());
    }
}

static void
vigil_duty_watch_dispose (GObject *object)
{
  vigil_duty_watch_stop (VIGIL_DUTY_WATCH (object));
  G_OBJECT_CLASS (vigil_duty_watch_parent_class)->dispose (object);
}

static void
vigil_duty_watch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilDutyWatch *self = VIGIL_DUTY_WATCH (object);

  switch (prop_id)
    {
    case PROP_LOUD:
      g_value_set_boolean (value, self->loud);
      break;
    case PROP_HAS_SOUND:
      g_value_set_boolean (value, self->has_sound);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_duty_watch_class_init (VigilDutyWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_duty_watch_dispose;
  object_class->get_property = vigil_duty_watch_get_property;

  properties[PROP_LOUD] =
    g_param_spec_boolean ("loud", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_SOUND] =
    g_param_spec_boolean ("has-sound", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOST] = g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 3,
                                       G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);
  signals[SIGNAL_RETURNED] = g_signal_new ("returned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigil_duty_watch_init (VigilDutyWatch *self)
{
  self->alert_db = 20;
  self->alert_seconds = 3;
}

VigilDutyWatch *
vigil_duty_watch_new (VigilCameraSource *source)
{
  VigilDutyWatch *self;

  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (source), NULL);

  self = g_object_new (VIGIL_TYPE_DUTY_WATCH, NULL);
  self->source = g_object_ref (source);
  self->state = vigil_camera_source_get_state (source);
  self->started_at = g_get_monotonic_time ();
  self->started_at_real = g_get_real_time ();
  if (self->state == VIGIL_CAMERA_STATE_PLAYING)
    {
      self->playing_since = self->started_at;
      self->played = TRUE;
    }
  g_signal_connect (source, "notify::state", G_CALLBACK (on_state), self);
  g_signal_connect (source, "notify::media-info", G_CALLBACK (on_media_info), self);
  g_signal_connect (source, "notify::sound-level", G_CALLBACK (on_sound_level), self);
  self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  return self;
}

void
vigil_duty_watch_set_sound_alert (VigilDutyWatch *self,
                                  guint           alert_db,
                                  guint           alert_seconds)
{
  g_return_if_fail (VIGIL_IS_DUTY_WATCH (self));
  g_return_if_fail (alert_seconds > 0);

  self->alert_db = alert_db;
  self->alert_seconds = alert_seconds;
}

gboolean
vigil_duty_watch_get_loud (VigilDutyWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_WATCH (self), FALSE);
  return self->loud;
}

gint64
vigil_duty_watch_get_loud_since (VigilDutyWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_WATCH (self), 0);
  return self->loud ? self->loud_since_real : 0;
}

void
vigil_duty_watch_acknowledge_loud (VigilDutyWatch *self)
{
  g_return_if_fail (VIGIL_IS_DUTY_WATCH (self));

  if (!self->loud)
    return;
  self->loud_acknowledged = TRUE;
  set_loud (self, FALSE);
}

gboolean
vigil_duty_watch_get_has_sound (VigilDutyWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_WATCH (self), FALSE);
  return self->has_sound;
}

void
vigil_duty_watch_stop (VigilDutyWatch *self)
{
  g_return_if_fail (VIGIL_IS_DUTY_WATCH (self));

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      g_clear_object (&self->source);
    }
}
