/* vigil-bundle-verify-play.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-bundle"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "vigil-bundle-verify-private.h"

/* Whether a bundle's working copy plays: GStreamer demuxes it to its end
 * (filesrc ! qtdemux, every stream to a sink, nothing decoded), then
 * decodes its first picture (the video through decodebin). Both passes
 * run here, on the caller's thread, watching the cancellable. */

/* How often a running pipeline looks at the cancellable. */
#define POLL_INTERVAL  (100 * GST_MSECOND)
/* A stream demuxed to its end reaches the stop of its segment (the end
 * the MP4's index gives it), give or take the rounding of a timescale,
 * at most 10 ms; a frame lost is 33 ms at 30 fps, 21 ms of AAC sound. */
#define END_TOLERANCE  (20 * GST_MSECOND)

typedef struct
{
  GstPad       *pad;
  gboolean      video;
  GstClockTime  stop;     /* the stream's end, from its segment */
  GstClockTime  end;      /* the latest end of a frame that came */
  GstClockTime  longest;  /* the longest frame that came */
  guint64       frames;
} Stream;

typedef struct
{
  GstElement *pipeline;
  GMutex      lock;
  GPtrArray  *streams;
  gboolean    video_linked;
  gint        pictures;
} Playback;

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  gst_object_unref (stream->pad);
  g_free (stream);
}

static gboolean
pad_is_video (GstPad *pad)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *structure;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  structure = caps != NULL && !gst_caps_is_empty (caps) ? gst_caps_get_structure (caps, 0) : NULL;
  return structure != NULL && g_str_has_prefix (gst_structure_get_name (structure), "video/");
}

static GstElement *
add_fakesink (GstElement *pipeline,
              GstPad     *pad)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sink_pad = NULL;

  /* As fast as the file reads, and never holding the pipeline's start:
   * one streaming thread feeds every sink. */
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sink_pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_link (pad, sink_pad);
  return sink;
}

static GstPadProbeReturn
on_demuxed (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         data)
{
  Stream *stream = data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      GstClockTime at = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
      GstClockTime duration = GST_BUFFER_DURATION_IS_VALID (buffer) ? GST_BUFFER_DURATION (buffer) : 0;

      stream->frames++;
      stream->longest = MAX (stream->longest, duration);
      /* Frames come in decoding order: the last one shown may come early. */
      if (GST_CLOCK_TIME_IS_VALID (at) && (!GST_CLOCK_TIME_IS_VALID (stream->end) || at + duration > stream->end))
        stream->end = at + duration;
    }
  else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_SEGMENT)
    {
      const GstSegment *segment;

      gst_event_parse_segment (GST_PAD_PROBE_INFO_EVENT (info), &segment);
      if (segment->format == GST_FORMAT_TIME)
        stream->stop = segment->stop;
    }
  return GST_PAD_PROBE_OK;
}

static void
on_demux_pad (GstElement *demux,
              GstPad     *pad,
              gpointer    data)
{
  Playback *playback = data;
  Stream *stream = g_new0 (Stream, 1);

  stream->pad = gst_object_ref (pad);
  stream->video = pad_is_video (pad);
  stream->stop = GST_CLOCK_TIME_NONE;
  stream->end = GST_CLOCK_TIME_NONE;
  g_mutex_lock (&playback->lock);
  g_ptr_array_add (playback->streams, stream);
  g_mutex_unlock (&playback->lock);

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_demuxed, stream, NULL);
  add_fakesink (playback->pipeline, pad);
}

static GstPadProbeReturn
on_picture (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         data)
{
  Playback *playback = data;

  if (g_atomic_int_add (&playback->pictures, 1) == 0)
    gst_element_post_message (playback->pipeline,
                              gst_message_new_application (GST_OBJECT (playback->pipeline),
                                                           gst_structure_new_empty ("first-picture")));
  return GST_PAD_PROBE_REMOVE;
}

static void
on_decoded_pad (GstElement *decodebin,
                GstPad     *pad,
                gpointer    data)
{
  Playback *playback = data;

  if (pad_is_video (pad))
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_picture, playback, NULL);
  add_fakesink (playback->pipeline, pad);
}

static GstPadProbeReturn
drop_buffer (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         data)
{
  return GST_PAD_PROBE_DROP;
}

/* The second pass: the video through decodebin; the other streams' frames
 * are dropped before their sinks, which would otherwise hold the one
 * streaming thread until decodebin is ready, and it waits for that
 * thread. */
static void
on_decode_pad (GstElement *demux,
               GstPad     *pad,
               gpointer    data)
{
  Playback *playback = data;
  GstElement *decodebin;
  g_autoptr(GstPad) sink_pad = NULL;

  g_mutex_lock (&playback->lock);
  if (!pad_is_video (pad) || playback->video_linked)
    {
      g_mutex_unlock (&playback->lock);
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, drop_buffer, NULL, NULL);
      add_fakesink (playback->pipeline, pad);
      return;
    }
  playback->video_linked = TRUE;
  g_mutex_unlock (&playback->lock);

  decodebin = gst_element_factory_make ("decodebin", NULL);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_decoded_pad), playback);
  gst_bin_add (GST_BIN (playback->pipeline), decodebin);
  gst_element_sync_state_with_parent (decodebin);
  sink_pad = gst_element_get_static_pad (decodebin, "sink");
  gst_pad_link (pad, sink_pad);
}

typedef enum
{
  RUN_ENDED,     /* end of stream */
  RUN_PICTURE,   /* the first picture decoded */
  RUN_FAILED,    /* *why says what GStreamer said */
  RUN_STOPPED,   /* cancelled, or GStreamer lacks a part: @error */
} RunResult;

/* A missing element or decoder is this computer's lack, not the file's. */
static gboolean
is_missing_part (const GError *error)
{
  return g_error_matches (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
         g_error_matches (error, GST_STREAM_ERROR, GST_STREAM_ERROR_CODEC_NOT_FOUND);
}

static RunResult
run_pipeline (GstElement    *pipeline,
              GCancellable  *cancellable,
              char         **why,
              GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  gboolean failed_to_start = gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE;
  RunResult result = RUN_STOPPED;

  for (;;)
    {
      g_autoptr(GstMessage) message = NULL;
      g_autoptr(GError) gst_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      message = gst_bus_timed_pop_filtered (bus, failed_to_start ? 0 : POLL_INTERVAL,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_APPLICATION);
      if (message == NULL && failed_to_start)
        {
          *why = g_strdup (_("GStreamer could not start reading it"));
          result = RUN_FAILED;
          break;
        }
      if (message == NULL)
        continue;

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        result = RUN_ENDED;
      else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_APPLICATION)
        result = RUN_PICTURE;
      else
        {
          gst_message_parse_error (message, &gst_error, NULL);
          if (is_missing_part (gst_error))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Working copies cannot be checked here: %s"), gst_error->message);
              result = RUN_STOPPED;
            }
          else
            {
              *why = g_strdup (gst_error->message);
              result = RUN_FAILED;
            }
        }
      break;
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return result;
}

/* Demuxes the file open as @fd with every stream to a sink, or with
 * @decode its video through a decoder up to its first picture. */
static RunResult
play (int            fd,
      gboolean       decode,
      Playback      *playback,
      GCancellable  *cancellable,
      char         **why,
      GError       **error)
{
  g_autofree char *location = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autoptr(GstElementFactory) demuxer = gst_element_factory_find ("qtdemux");
  g_autoptr(GstElementFactory) decoder = gst_element_factory_find ("decodebin");
  GstElement *source, *demux;

  if (demuxer == NULL || decoder == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Working copies cannot be checked here: GStreamer's qtdemux or decodebin is not installed"));
      return RUN_STOPPED;
    }

  source = gst_element_factory_make ("filesrc", NULL);
  demux = gst_element_factory_create (demuxer, NULL);

  /* GStreamer reads the very file opened here, through the bundle's
   * folders, even were the path to change meanwhile. */
  g_object_set (source, "location", location, NULL);
  playback->pipeline = gst_pipeline_new ("bundle-verify");
  gst_bin_add_many (GST_BIN (playback->pipeline), source, demux, NULL);
  gst_element_link (source, demux);
  g_signal_connect (demux, "pad-added", G_CALLBACK (decode ? on_decode_pad : on_demux_pad), playback);

  return run_pipeline (playback->pipeline, cancellable, why, error);
}

/* The stop of the segment the pad last sent, had the probe come after. */
static GstClockTime
sticky_stop (GstPad *pad)
{
  g_autoptr(GstEvent) event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  const GstSegment *segment;

  if (event == NULL)
    return GST_CLOCK_TIME_NONE;
  gst_event_parse_segment (event, &segment);
  return segment->format == GST_FORMAT_TIME ? segment->stop : GST_CLOCK_TIME_NONE;
}

static char *
seconds (GstClockTime time)
{
  return g_strdup_printf ("%.3f", (double) time / GST_SECOND);
}

/* After a demux to the end: every stream reached its end. A file cut short
 * ends as if whole (qtdemux takes a short read for the end), but its
 * streams stop before the ends its index gives them. A stream may end up
 * to one of its own frames short of its end: the edit that trims AAC's
 * priming and padding ends inside the last sound frame, which qtdemux
 * leaves out (a frame of 8 kHz sound converted to AAC is 128 ms). A file
 * is cut in whole chunks of frames, which this still finds; a change of a
 * single byte is the hashes' to find. */
static char *
streams_unfinished (Playback *playback)
{
  gboolean any_video = FALSE;

  if (playback->streams->len == 0)
    return g_strdup (_("it holds no stream"));

  for (guint i = 0; i < playback->streams->len; i++)
    {
      Stream *stream = g_ptr_array_index (playback->streams, i);
      g_autofree char *name = gst_pad_get_name (stream->pad);

      any_video |= stream->video;
      if (!GST_CLOCK_TIME_IS_VALID (stream->stop))
        stream->stop = sticky_stop (stream->pad);
      if (stream->frames == 0)
        return g_strdup_printf (_("its stream %s holds no frame"), name);
      if (GST_CLOCK_TIME_IS_VALID (stream->stop) &&
          (!GST_CLOCK_TIME_IS_VALID (stream->end) ||
           stream->end + MAX (END_TOLERANCE, stream->longest) < stream->stop))
        {
          g_autofree char *end = seconds (GST_CLOCK_TIME_IS_VALID (stream->end) ? stream->end : 0);
          g_autofree char *stop = seconds (stream->stop);

          return g_strdup_printf (_("its stream %s ends at %s s of its %s s: the rest of the file is missing"),
                                  name, end, stop);
        }
    }

  return any_video ? NULL : g_strdup (_("it holds no video"));
}

/**
 * vigil_bundle_check_plays:
 * @fd: the working copy, open for reading
 * @why: (out) (transfer full) (nullable): why it does not play
 */
gboolean
vigil_bundle_check_plays (int            fd,
                          GCancellable  *cancellable,
                          char         **why,
                          GError       **error)
{
  Playback playback = { 0 };
  RunResult result;

  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (why != NULL && *why == NULL, FALSE);

  g_mutex_init (&playback.lock);
  playback.streams = g_ptr_array_new_with_free_func (stream_free);
  result = play (fd, FALSE, &playback, cancellable, why, error);
  if (result == RUN_ENDED)
    *why = streams_unfinished (&playback);
  g_clear_object (&playback.pipeline);

  if (result == RUN_ENDED && *why == NULL)
    {
      result = play (fd, TRUE, &playback, cancellable, why, error);
      if (result == RUN_ENDED)
        *why = g_strdup (_("no picture could be decoded from it"));
      g_clear_object (&playback.pipeline);
    }

  g_ptr_array_unref (playback.streams);
  g_mutex_clear (&playback.lock);
  return result != RUN_STOPPED;
}
