/* vigil-camsim-clip.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-camsim"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "vigil-camsim-clip.h"

/* A short clip, encoded once, that replay cameras send in a loop with live
 * timestamps: the encoding, which costs most of a live camera's CPU, is
 * paid for once at start instead of all the time. */

/* The tracks a clip's description may end in: fakesinks of these names. */
static const char * const track_names[] = { "video", "audio" };
#define N_TRACKS G_N_ELEMENTS (track_names)

/* A replay camera that fell this far behind the clock (its process was
 * stopped, or starved of CPU) starts again from now rather than sending
 * everything it missed at once, as a real camera would. */
#define MAX_LATE (GST_SECOND)

/* The encoding may not take longer than this, however busy the machine. */
#define ENCODE_DEADLINE (120 * GST_SECOND)

typedef struct
{
  GstCaps *caps;
  /* Encoded buffers, their PTS made relative to the clip's start. */
  GPtrArray *buffers;
  /* From the first buffer's start to the last one's end: the loop's length. */
  GstClockTime period;
} Track;

struct _VigilCamsimClip
{
  GObject parent_instance;

  char *description;
  Track tracks[N_TRACKS];
};

G_DEFINE_FINAL_TYPE (VigilCamsimClip, vigil_camsim_clip, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_camsim_clip_finalize (GObject *object)
{
  VigilCamsimClip *self = VIGIL_CAMSIM_CLIP (object);

  g_clear_pointer (&self->description, g_free);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      gst_clear_caps (&self->tracks[i].caps);
      g_clear_pointer (&self->tracks[i].buffers, g_ptr_array_unref);
    }

  G_OBJECT_CLASS (vigil_camsim_clip_parent_class)->finalize (object);
}

static void
vigil_camsim_clip_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilCamsimClip *self = VIGIL_CAMSIM_CLIP (object);

  switch (prop_id)
    {
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camsim_clip_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilCamsimClip *self = VIGIL_CAMSIM_CLIP (object);

  switch (prop_id)
    {
    case PROP_DESCRIPTION:
      g_free (self->description);
      self->description = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camsim_clip_class_init (VigilCamsimClipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_camsim_clip_finalize;
  object_class->get_property = vigil_camsim_clip_get_property;
  object_class->set_property = vigil_camsim_clip_set_property;

  /**
   * VigilCamsimClip:description:
   *
   * The gst-launch description that encodes the clip: it ends in a
   * fakesink named "video" and, where there is sound, one named "audio".
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_camsim_clip_init (VigilCamsimClip *self)
{
}

static Track *
find_track (VigilCamsimClip *self,
            const char      *name)
{
  for (guint i = 0; i < N_TRACKS; i++)
    if (g_str_equal (track_names[i], name))
      return &self->tracks[i];

  return NULL;
}

/* On the encoding's streaming threads, one per track; each touches only
 * its own track, which is read only once the pipeline has stopped. */
static void
on_encoded (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            gpointer    user_data)
{
  Track *track = user_data;

  if (track->caps == NULL)
    track->caps = gst_pad_get_current_caps (pad);
  g_ptr_array_add (track->buffers, gst_buffer_ref (buffer));
}

/* Makes the track's timestamps relative to its first buffer and finds the
 * loop's length. */
static gboolean
finish_track (Track *track)
{
  GstBuffer *first, *last;
  GstClockTime start, end;

  if (track->buffers->len < 2 || track->caps == NULL)
    return FALSE;

  first = g_ptr_array_index (track->buffers, 0);
  last = g_ptr_array_index (track->buffers, track->buffers->len - 1);
  start = GST_BUFFER_PTS (first);
  end = GST_BUFFER_PTS (last);
  if (!GST_CLOCK_TIME_IS_VALID (start) || !GST_CLOCK_TIME_IS_VALID (end) || end <= start)
    return FALSE;

  if (GST_BUFFER_DURATION_IS_VALID (last))
    end += GST_BUFFER_DURATION (last);
  else
    end += (end - start) / (track->buffers->len - 1);
  track->period = end - start;

  for (guint i = 0; i < track->buffers->len; i++)
    {
      GstBuffer **slot = (GstBuffer **) &g_ptr_array_index (track->buffers, i);
      GstClockTime pts = GST_BUFFER_PTS (*slot);

      if (!GST_CLOCK_TIME_IS_VALID (pts) || pts < start)
        return FALSE;

      *slot = gst_buffer_make_writable (*slot);
      GST_BUFFER_PTS (*slot) = pts - start;
      GST_BUFFER_DTS (*slot) = GST_CLOCK_TIME_NONE;
    }

  return TRUE;
}

static gboolean
encode (VigilCamsimClip  *self,
        GError          **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_track = FALSE;

  pipeline = gst_parse_launch (self->description, &local_error);
  if (pipeline == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot encode a replay clip: %s"), local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), track_names[i]);

      if (sink == NULL)
        continue;

      self->tracks[i].buffers = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
      g_object_set (sink, "signal-handoffs", TRUE, "sync", FALSE, NULL);
      g_signal_connect (sink, "handoff", G_CALLBACK (on_encoded), &self->tracks[i]);
      has_track = TRUE;
    }
  g_assert (has_track);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, ENCODE_DEADLINE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (message == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("cannot encode a replay clip: the encoder did not finish in time"));
      return FALSE;
    }

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &local_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("cannot encode a replay clip: %s"), local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < N_TRACKS; i++)
    if (self->tracks[i].buffers != NULL && !finish_track (&self->tracks[i]))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("cannot encode a replay clip: its %s came out without timestamps"),
                     track_names[i]);
        return FALSE;
      }

  return TRUE;
}

/**
 * vigil_camsim_clip_new_encoded:
 * @description: see #VigilCamsimClip:description
 * @error: set when the clip cannot be encoded
 *
 * Runs the encoding to its end, which takes a fraction of the clip's own
 * length on an idle machine.
 *
 * Returns: (transfer full): the encoded clip, or %NULL
 */
VigilCamsimClip *
vigil_camsim_clip_new_encoded (const char  *description,
                               GError     **error)
{
  g_autoptr(VigilCamsimClip) self = NULL;

  g_return_val_if_fail (description != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CAMSIM_CLIP, "description", description, NULL);
  if (!encode (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
vigil_camsim_clip_get_description (VigilCamsimClip *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CLIP (self), NULL);
  return self->description;
}

gboolean
vigil_camsim_clip_has_track (VigilCamsimClip *self,
                             const char      *track)
{
  Track *found;

  g_return_val_if_fail (VIGIL_IS_CAMSIM_CLIP (self), FALSE);
  g_return_val_if_fail (track != NULL, FALSE);

  found = find_track (self, track);
  return found != NULL && found->buffers != NULL;
}

/* Returns: the loop's length of @track, or GST_CLOCK_TIME_NONE */
GstClockTime
vigil_camsim_clip_get_period (VigilCamsimClip *self,
                              const char      *track)
{
  g_return_val_if_fail (VIGIL_IS_CAMSIM_CLIP (self), GST_CLOCK_TIME_NONE);
  g_return_val_if_fail (vigil_camsim_clip_has_track (self, track), GST_CLOCK_TIME_NONE);

  return find_track (self, track)->period;
}

/* One track being sent by one appsrc; touched only on that appsrc's
 * streaming thread, which emits need-data. */
typedef struct
{
  VigilCamsimClip *clip;
  Track *track;
  guint next;
  guint64 loops;
  /* The running time at which the first loop began. */
  GstClockTime anchor;
} Feeder;

static void
feeder_free (gpointer data,
             GClosure *closure)
{
  Feeder *feeder = data;

  g_object_unref (feeder->clip);
  g_free (feeder);
}

static GstClockTime
running_time (GstElement *element)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (element);

  if (clock == NULL)
    return GST_CLOCK_TIME_NONE;

  return gst_clock_get_time (clock) - gst_element_get_base_time (element);
}

/* appsrc asks for a buffer when its queue is empty: one at a time, as the
 * clocksync after it lets each go at its time. */
static void
on_need_data (GstElement *appsrc,
              guint       length,
              gpointer    user_data)
{
  Feeder *feeder = user_data;
  GstBuffer *encoded = g_ptr_array_index (feeder->track->buffers, feeder->next);
  GstClockTime now = running_time (appsrc);
  GstClockTime pts;
  GstBuffer *buffer;
  GstFlowReturn flow;

  if (!GST_CLOCK_TIME_IS_VALID (feeder->anchor))
    feeder->anchor = GST_CLOCK_TIME_IS_VALID (now) ? now : 0;

  pts = feeder->anchor + feeder->loops * feeder->track->period + GST_BUFFER_PTS (encoded);
  if (GST_CLOCK_TIME_IS_VALID (now) && now > pts + MAX_LATE)
    {
      feeder->anchor += now - pts;
      pts = now;
    }

  /* A new buffer around the same memory: the encoded bytes are shared by
   * every loop and every camera that replays this clip. */
  buffer = gst_buffer_copy (encoded);
  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DTS (buffer) = pts;
  if (feeder->loops == 0 && feeder->next == 0)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
  else
    GST_BUFFER_FLAG_UNSET (buffer, GST_BUFFER_FLAG_DISCONT);

  g_signal_emit_by_name (appsrc, "push-buffer", buffer, &flow);
  gst_buffer_unref (buffer);

  if (++feeder->next == feeder->track->buffers->len)
    {
      feeder->next = 0;
      feeder->loops++;
    }
}

/**
 * vigil_camsim_clip_feed:
 * @track: "video" or "audio"
 * @appsrc: an appsrc in a pipeline not yet started, followed by a clocksync
 *
 * Makes @appsrc send @track in a loop for as long as it runs, timestamped
 * from the running time at which it starts, so that on a pipeline whose
 * clock is the wall clock every buffer's timestamp is its send time.
 */
void
vigil_camsim_clip_feed (VigilCamsimClip *self,
                        const char      *track,
                        GstElement      *appsrc)
{
  Feeder *feeder;

  g_return_if_fail (VIGIL_IS_CAMSIM_CLIP (self));
  g_return_if_fail (vigil_camsim_clip_has_track (self, track));
  g_return_if_fail (GST_IS_ELEMENT (appsrc));

  feeder = g_new0 (Feeder, 1);
  feeder->clip = g_object_ref (self);
  feeder->track = find_track (self, track);
  feeder->anchor = GST_CLOCK_TIME_NONE;

  g_object_set (appsrc,
                "caps", feeder->track->caps,
                "is-live", TRUE,
                "format", GST_FORMAT_TIME,
                "emit-signals", TRUE,
                NULL);
  g_signal_connect_data (appsrc, "need-data", G_CALLBACK (on_need_data), feeder, feeder_free, 0);
}
