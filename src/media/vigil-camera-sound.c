/* vigil-camera-sound.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include "vigil-camera-attempt-private.h"
#include "vigil-camera-chain-private.h"
#include "vigil-camera-sound-private.h"

/* The output's pulsesink connects to the sound server when started and
 * disconnects when stopped, which may wait on a server that does not
 * answer: both happen on GStreamer's own threads, never on the caller's or
 * a streaming thread, and outside the lock. */

struct _VigilCameraSound
{
  gatomicrefcount ref;
  char           *url;

  /* Held while the output is built or taken down (by the main context or a
   * streaming thread). */
  GMutex          lock;
  gboolean        closed;
  char           *stream_name;
  double          volume;
  gboolean        muted;
  GstElement     *tee;              /* each referenced */
  GstPad         *pad;              /* the tee's pad to the output */
  GstElement     *output;
  GstElement     *volume_element;
};

VigilCameraSound *
vigil_camera_sound_new (const char *url,
                        const char *stream_name,
                        double      volume,
                        gboolean    muted)
{
  VigilCameraSound *self = g_new0 (VigilCameraSound, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->url = g_strdup (url);
  self->stream_name = g_strdup (stream_name);
  self->volume = volume;
  self->muted = muted;
  return self;
}

static VigilCameraSound *
sound_ref (VigilCameraSound *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
vigil_camera_sound_unref (VigilCameraSound *self)
{
  if (!g_atomic_ref_count_dec (&self->ref))
    return;

  g_assert (self->tee == NULL && self->output == NULL);
  g_free (self->url);
  g_free (self->stream_name);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
end_removal (gpointer data)
{
  vigil_camera_attempt_count_shutting_down (-1);
}

static void
detach_locked (VigilCameraSound *self)
{
  g_autoptr(GstElement) output = g_steal_pointer (&self->output);
  g_autoptr(GstPad) pad = g_steal_pointer (&self->pad);

  g_clear_object (&self->volume_element);
  if (output == NULL)
    return;
  vigil_camera_attempt_count_shutting_down (1);
  vigil_sound_output_remove (output, self->tee, pad, end_removal, NULL);
}

static gboolean
is_current_output (VigilCameraSound *self,
                   GstElement       *output)
{
  return !self->closed && self->output == output;
}

/* Started first, linked after: the tee must never push into an output that
 * is not playing yet, as a flushing pad would stop the sound upstream. */
static void
start_output (GstElement *output,
              gpointer    user_data)
{
  VigilCameraSound *self = user_data;
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (output, "sink");
  gboolean current;

  g_mutex_lock (&self->lock);
  current = is_current_output (self, output);
  g_mutex_unlock (&self->lock);
  /* A server that cannot be reached posts an error, which the bus
   * handler takes for the output's, not the camera's. */
  if (!current || !gst_element_sync_state_with_parent (output))
    return;

  g_mutex_lock (&self->lock);
  current = is_current_output (self, output);
  if (current)
    {
      self->pad = gst_element_request_pad_simple (self->tee, "src_%u");
      gst_pad_link (self->pad, sinkpad);
    }
  g_mutex_unlock (&self->lock);

  /* Closed or replaced while it started: whoever did so has stopped it, or
   * is stopping the whole pipeline, perhaps before it started. */
  if (!current)
    gst_element_set_state (output, GST_STATE_NULL);
  else
    /* The pipeline counts the new sink's latency in. */
    gst_element_post_message (output, gst_message_new_latency (GST_OBJECT (output)));
}

static void
end_start (gpointer data)
{
  vigil_camera_sound_unref (data);
  vigil_camera_attempt_count_shutting_down (-1);
}

static void
attach_locked (VigilCameraSound *self)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GstObject) pipeline = gst_element_get_parent (self->tee);
  GstElement *volume_element;
  GstElement *output;

  if (pipeline == NULL || self->stream_name == NULL)
    return;
  output = vigil_sound_output_new (self->stream_name, self->volume, self->muted, &volume_element, missing);
  if (output == NULL)
    {
      g_message ("camera %s: its sound cannot be played: GStreamer lacks %s", self->url, missing->str);
      return;
    }

  self->output = gst_object_ref_sink (output);
  self->volume_element = gst_object_ref (volume_element);
  gst_bin_add (GST_BIN (pipeline), output);
  vigil_camera_attempt_count_shutting_down (1);
  gst_element_call_async (output, start_output, sound_ref (self), end_start);
}

void
vigil_camera_sound_add_tee (VigilCameraSound *self,
                            GstElement       *sound_tee)
{
  g_mutex_lock (&self->lock);
  if (!self->closed && self->tee == NULL)
    {
      self->tee = gst_object_ref (sound_tee);
      attach_locked (self);
    }
  g_mutex_unlock (&self->lock);
}

/* The sound server is gone, or refused the stream: the next connection
 * tries again. */
void
vigil_camera_sound_lose (VigilCameraSound *self,
                         GstObject        *source,
                         const GError     *error)
{
  g_mutex_lock (&self->lock);
  if (self->output != NULL && gst_object_has_as_ancestor (source, GST_OBJECT (self->output)))
    {
      g_message ("camera %s: its sound stopped playing: %s", self->url, error->message);
      detach_locked (self);
    }
  g_mutex_unlock (&self->lock);
}

void
vigil_camera_sound_close (VigilCameraSound *self)
{
  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_clear_object (&self->volume_element);
  g_clear_object (&self->output);
  g_clear_object (&self->pad);
  g_clear_object (&self->tee);
  g_mutex_unlock (&self->lock);
}

void
vigil_camera_sound_set_output (VigilCameraSound *self,
                               const char       *stream_name)
{
  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->stream_name, stream_name) != 0)
    {
      g_free (self->stream_name);
      self->stream_name = g_strdup (stream_name);
      if (!self->closed && self->tee != NULL)
        {
          detach_locked (self);
          attach_locked (self);
        }
    }
  g_mutex_unlock (&self->lock);
}

void
vigil_camera_sound_set_volume (VigilCameraSound *self,
                               double            volume,
                               gboolean          muted)
{
  g_mutex_lock (&self->lock);
  self->volume = volume;
  self->muted = muted;
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "volume", volume, "mute", muted, NULL);
  g_mutex_unlock (&self->lock);
}
