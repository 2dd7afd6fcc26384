/* vigil-alarm-tone.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <gst/gst.h>

#include "vigil-alarm-tone.h"

/* A 880 Hz beep of 0.4 s every 0.8 s, made by audiotestsrc's "ticks" wave,
 * so that no timer has to switch it on and off. */
#define TONE_FREQUENCY 880.0
#define TONE_PERIODS   352
#define TONE_INTERVAL  (800 * GST_MSECOND)

struct _VigilAlarmTone
{
  GObject parent_instance;

  GstElement *pipeline;
  gboolean    playing;
  gboolean    audible;
  gboolean    told;
};

G_DEFINE_FINAL_TYPE (VigilAlarmTone, vigil_alarm_tone, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Once per tone: an operator's log is no place for the same line every
 * alarm. */
static void
tell_inaudible (VigilAlarmTone *self,
                const char     *why)
{
  self->audible = FALSE;
  if (self->told)
    return;
  self->told = TRUE;
  g_warning ("The alarm sound cannot be played (%s): the banner alone shows the alarm", why);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  VigilAlarmTone *self = user_data;
  g_autoptr(GError) error = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (message, &error, NULL);
      tell_inaudible (self, error->message);
      /* Nothing more will come of this pipeline; the next alarm tries a
       * new one. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      break;
    case GST_MESSAGE_WARNING:
      /* autoaudiosink warns and falls back to a fakesink when no sound
       * server or device answers. */
      gst_message_parse_warning (message, &error, NULL);
      tell_inaudible (self, error->message);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static GstElement *
make_pipeline (GError **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("vigil-alarm-tone");
  GstElement *source = gst_element_factory_make ("audiotestsrc", NULL);
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *resample = gst_element_factory_make ("audioresample", NULL);
  GstElement *sink = gst_element_factory_make ("autoaudiosink", NULL);

  if (source == NULL || convert == NULL || resample == NULL || sink == NULL)
    {
      g_clear_object (&source);
      g_clear_object (&convert);
      g_clear_object (&resample);
      g_clear_object (&sink);
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                           "audiotestsrc, audioconvert, audioresample or autoaudiosink is missing");
      return NULL;
    }

  gst_util_set_object_arg (G_OBJECT (source), "wave", "ticks");
  g_object_set (source,
                "freq", TONE_FREQUENCY,
                "sine-periods-per-tick", TONE_PERIODS,
                "tick-interval", (guint64) TONE_INTERVAL,
                "apply-tick-ramp", TRUE,
                "volume", 0.5,
                "is-live", TRUE,
                NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, convert, resample, sink, NULL);
  if (!gst_element_link_many (source, convert, resample, sink, NULL))
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION, "the tone's elements do not link");
      return NULL;
    }
  return g_steal_pointer (&pipeline);
}

static void
shut_down (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  gst_element_set_state (GST_ELEMENT (source_object), GST_STATE_NULL);
}

/* Closing the sound output may wait on the sound server: never on the
 * main thread. */
static void
drop_pipeline (VigilAlarmTone *self)
{
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->pipeline == NULL)
    return;

  bus = gst_element_get_bus (self->pipeline);
  gst_bus_remove_watch (bus);
  task = g_task_new (self->pipeline, NULL, NULL, NULL);
  g_task_set_source_tag (task, drop_pipeline);
  g_task_run_in_thread (task, shut_down);
  g_clear_object (&self->pipeline);
}

static void
start_tone (VigilAlarmTone *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;

  self->pipeline = make_pipeline (&error);
  if (self->pipeline == NULL)
    {
      g_assert (error != NULL);
      tell_inaudible (self, error->message);
      return;
    }

  bus = gst_element_get_bus (self->pipeline);
  gst_bus_add_watch (bus, on_bus_message, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    tell_inaudible (self, "the sound output did not start");
}

static void
vigil_alarm_tone_dispose (GObject *object)
{
  VigilAlarmTone *self = VIGIL_ALARM_TONE (object);

  drop_pipeline (self);
  G_OBJECT_CLASS (vigil_alarm_tone_parent_class)->dispose (object);
}

static void
vigil_alarm_tone_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilAlarmTone *self = VIGIL_ALARM_TONE (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alarm_tone_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilAlarmTone *self = VIGIL_ALARM_TONE (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      vigil_alarm_tone_set_playing (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_alarm_tone_class_init (VigilAlarmToneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_alarm_tone_dispose;
  object_class->get_property = vigil_alarm_tone_get_property;
  object_class->set_property = vigil_alarm_tone_set_property;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_alarm_tone_init (VigilAlarmTone *self)
{
  self->audible = TRUE;
}

VigilAlarmTone *
vigil_alarm_tone_new (void)
{
  return g_object_new (VIGIL_TYPE_ALARM_TONE, NULL);
}

void
vigil_alarm_tone_set_playing (VigilAlarmTone *self,
                              gboolean        playing)
{
  g_return_if_fail (VIGIL_IS_ALARM_TONE (self));

  playing = !!playing;
  if (self->playing == playing)
    return;
  self->playing = playing;

  if (playing)
    {
      if (!gst_is_initialized ())
        gst_init (NULL, NULL);
      start_tone (self);
    }
  else
    drop_pipeline (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

gboolean
vigil_alarm_tone_get_playing (VigilAlarmTone *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), FALSE);
  return self->playing;
}

gboolean
vigil_alarm_tone_get_audible (VigilAlarmTone *self)
{
  g_return_val_if_fail (VIGIL_IS_ALARM_TONE (self), FALSE);
  return self->audible;
}
