/* vigil-still.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stills for the evidence sheet: filesrc ! decodebin ! videoconvert !
 * appsink, paused for the first picture; for the last, a seek to the last
 * keyframe (KEY_UNIT, SNAP_BEFORE, just before the end) and the frames
 * from there to the end, keeping the last. Scaling is cairo's, from the
 * picture as decoded.
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <string.h>

#include "vigil-still.h"

/* However damaged the file, a still is given up after this. */
#define STILL_DEADLINE_US (60 * G_USEC_PER_SEC)
#define POLL_NS (100 * GST_MSECOND)
/* Cairo's RGB24 is a native-endian 32-bit xRGB. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define STILL_FORMAT "BGRx"
#else
#define STILL_FORMAT "xRGB"
#endif

typedef struct
{
  const char   *path;
  GstElement   *pipeline;
  GstElement   *convert;
  GstElement   *sink;
  gint64        deadline;
  GCancellable *cancellable;
  GMutex        lock;
  gboolean      video;     /* a video pad was linked */
} Still;

static void
still_clear (Still *still)
{
  if (still->pipeline != NULL)
    gst_element_set_state (still->pipeline, GST_STATE_NULL);
  g_clear_object (&still->sink);
  g_clear_object (&still->convert);
  g_clear_object (&still->pipeline);
  g_mutex_clear (&still->lock);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Still, still_clear)

static void set_error (GError     **error,
                       const char  *path,
                       const char  *format,
                       ...) G_GNUC_PRINTF (3, 4);

/* "No still could be made of “PATH”: REASON" */
static void
set_error (GError     **error,
           const char  *path,
           const char  *format,
           ...)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("No still could be made of “%s”: %s"), display, reason);
}

/* decodebin's streams: the first video one goes to the converter, any
 * other to a fakesink of its own (an unlinked one would stop the demuxer). */
static void
on_pad_added (GstElement *decodebin,
              GstPad     *pad,
              gpointer    user_data)
{
  Still *still = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name = caps != NULL && gst_caps_get_size (caps) > 0
                     ? gst_structure_get_name (gst_caps_get_structure (caps, 0)) : "";
  g_autoptr(GstPad) sink_pad = NULL;
  gboolean video = FALSE;

  /* Encoded video: decodebin found no decoder for it. */
  if (g_str_has_prefix (name, "video/") && !g_str_equal (name, "video/x-raw"))
    gst_element_post_message (still->pipeline,
                              gst_message_new_application (GST_OBJECT (decodebin),
                                                           gst_structure_new_empty ("vigil-still-no-decoder")));
  g_mutex_lock (&still->lock);
  if (g_str_equal (name, "video/x-raw") && !still->video)
    still->video = video = TRUE;
  g_mutex_unlock (&still->lock);

  if (video)
    sink_pad = gst_element_get_static_pad (still->convert, "sink");
  else
    {
      GstElement *fakesink = gst_element_factory_make ("fakesink", NULL);

      g_object_set (fakesink, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (still->pipeline), fakesink);
      gst_element_sync_state_with_parent (fakesink);
      sink_pad = gst_element_get_static_pad (fakesink, "sink");
    }
  if (gst_pad_link (pad, sink_pad) != GST_PAD_LINK_OK)
    g_debug ("still of %s: a %s stream could not be linked", still->path, name);
}

/* Without a video stream, nothing would ever reach the appsink: say so. */
static void
on_no_more_pads (GstElement *decodebin,
                 gpointer    user_data)
{
  Still *still = user_data;
  gboolean video;

  g_mutex_lock (&still->lock);
  video = still->video;
  g_mutex_unlock (&still->lock);
  if (!video)
    gst_element_post_message (still->pipeline,
                              gst_message_new_application (GST_OBJECT (decodebin),
                                                           gst_structure_new_empty ("vigil-still-no-video")));
}

static gboolean
still_start (Still       *still,
             const char  *path,
             GError     **error)
{
  const char *names[] = { "filesrc", "decodebin", "videoconvert", "appsink" };
  GstElement *elements[G_N_ELEMENTS (names)];
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, STILL_FORMAT,
                                                 "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      elements[i] = gst_element_factory_make (names[i], NULL);
      if (elements[i] == NULL)
        {
          for (guint j = 0; j < i; j++)
            gst_object_unref (gst_object_ref_sink (elements[j]));
          set_error (error, path, _("the GStreamer element “%s” is not installed"), names[i]);
          return FALSE;
        }
    }
  still->pipeline = gst_object_ref_sink (gst_pipeline_new ("vigil-still"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gst_bin_add (GST_BIN (still->pipeline), elements[i]);
  still->convert = gst_object_ref (elements[2]);
  still->sink = gst_object_ref (elements[3]);

  g_object_set (elements[0], "location", path, NULL);
  /* Pictures of square pixels, in cairo's layout, as fast as they decode. */
  g_object_set (still->sink, "caps", caps, "sync", FALSE, "max-buffers", 2, NULL);
  g_signal_connect (elements[1], "pad-added", G_CALLBACK (on_pad_added), still);
  g_signal_connect (elements[1], "no-more-pads", G_CALLBACK (on_no_more_pads), still);
  if (!gst_element_link (elements[0], elements[1]))
    {
      set_error (error, path, _("it cannot be read"));
      return FALSE;
    }
  {
    /* videoscale makes the pixels square, where they are not. */
    GstElement *scale = gst_element_factory_make ("videoscale", NULL);

    if (scale == NULL)
      {
        set_error (error, path, _("the GStreamer element “%s” is not installed"), "videoscale");
        return FALSE;
      }
    gst_bin_add (GST_BIN (still->pipeline), scale);
    if (!gst_element_link_many (still->convert, scale, still->sink, NULL))
      {
        set_error (error, path, _("it cannot be read"));
        return FALSE;
      }
  }
  return TRUE;
}

/* A state change failed: the error the pipeline posted for it. */
static void
still_failed (Still   *still,
              GError **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (still->pipeline);
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) failure = NULL;

  if (message == NULL)
    {
      set_error (error, still->path, _("it cannot be read"));
      return;
    }
  gst_message_parse_error (message, &failure, NULL);
  set_error (error, still->path, "%s", failure->message);
}

/* Waits for @type on the bus; an error, the lack of a picture, the
 * deadline or the cancellable end it. */
static gboolean
still_wait (Still         *still,
            GstMessageType type,
            GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (still->pipeline);

  for (;;)
    {
      g_autoptr(GstMessage) message = gst_bus_timed_pop_filtered (bus, POLL_NS,
                                                                  type | GST_MESSAGE_ERROR | GST_MESSAGE_APPLICATION);

      if (g_cancellable_set_error_if_cancelled (still->cancellable, error))
        return FALSE;
      if (message == NULL)
        {
          if (g_get_monotonic_time () > still->deadline)
            {
              set_error (error, still->path, _("its picture did not decode in time"));
              return FALSE;
            }
          continue;
        }
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autoptr(GError) failure = NULL;

          gst_message_parse_error (message, &failure, NULL);
          set_error (error, still->path, "%s", failure->message);
          return FALSE;
        }
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_APPLICATION)
        {
          if (gst_message_has_name (message, "vigil-still-no-decoder"))
            set_error (error, still->path, _("no decoder for its picture is installed"));
          else
            set_error (error, still->path, _("it has no picture"));
          return FALSE;
        }
      return TRUE;
    }
}

/* Every frame from the paused position to the end; the last one. */
static GstSample *
still_last (Still   *still,
            GError **error)
{
  g_autoptr(GstSample) last = NULL;
  g_autoptr(GstBus) bus = gst_element_get_bus (still->pipeline);

  if (gst_element_set_state (still->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      still_failed (still, error);
      return NULL;
    }
  while (!gst_app_sink_is_eos (GST_APP_SINK (still->sink)))
    {
      GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (still->sink), POLL_NS);
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (sample != NULL)
        {
          g_clear_pointer (&last, gst_sample_unref);
          last = sample;
        }
      if (message != NULL)
        {
          g_autoptr(GError) failure = NULL;

          gst_message_parse_error (message, &failure, NULL);
          set_error (error, still->path, "%s", failure->message);
          return NULL;
        }
      if (g_cancellable_set_error_if_cancelled (still->cancellable, error))
        return NULL;
      if (g_get_monotonic_time () > still->deadline)
        {
          set_error (error, still->path, _("its picture did not decode in time"));
          return NULL;
        }
    }
  if (last == NULL)
    set_error (error, still->path, _("it has no picture"));
  return g_steal_pointer (&last);
}

/* The sample's picture, scaled down to @max_width. */
static cairo_surface_t *
make_surface (GstSample   *sample,
              int          max_width,
              const char  *path,
              GError     **error)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  cairo_surface_t *picture, *scaled;
  int width, height, stride;
  cairo_t *cr;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      set_error (error, path, _("its picture could not be read"));
      return NULL;
    }
  width = GST_VIDEO_INFO_WIDTH (&info);
  height = GST_VIDEO_INFO_HEIGHT (&info);
  picture = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  stride = cairo_image_surface_get_stride (picture);
  cairo_surface_flush (picture);
  for (int y = 0; y < height; y++)
    memcpy (cairo_image_surface_get_data (picture) + (gsize) y * stride,
            (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            (gsize) width * 4);
  cairo_surface_mark_dirty (picture);
  gst_video_frame_unmap (&frame);

  if (max_width <= 0 || width <= max_width)
    return picture;

  scaled = cairo_image_surface_create (CAIRO_FORMAT_RGB24, max_width,
                                       MAX (1, (int) ((gint64) height * max_width * 2 + width) / (2 * width)));
  cr = cairo_create (scaled);
  cairo_scale (cr, (double) max_width / width, (double) cairo_image_surface_get_height (scaled) / height);
  cairo_set_source_surface (cr, picture, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (picture);
  return scaled;
}

cairo_surface_t *
vigil_still_read (const char       *path,
                  VigilStillFrame   which,
                  int               max_width,
                  gint64           *position_us,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_auto(Still) still = { 0 };
  g_autoptr(GstSample) sample = NULL;
  cairo_surface_t *surface;
  GstBuffer *buffer;
  gint64 duration = -1;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (which == VIGIL_STILL_FIRST || which == VIGIL_STILL_LAST, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_init (&still.lock);
  still.path = path;
  still.cancellable = cancellable;
  still.deadline = g_get_monotonic_time () + STILL_DEADLINE_US;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No still could be made of “%s”: there is no such file"),
                   display);
      return NULL;
    }
  if (!still_start (&still, path, error))
    return NULL;

  /* Paused on the first picture. */
  switch (gst_element_set_state (still.pipeline, GST_STATE_PAUSED))
    {
    case GST_STATE_CHANGE_FAILURE:
      still_failed (&still, error);
      return NULL;
    case GST_STATE_CHANGE_ASYNC:
      if (!still_wait (&still, GST_MESSAGE_ASYNC_DONE, error))
        return NULL;
      break;
    case GST_STATE_CHANGE_SUCCESS:
    case GST_STATE_CHANGE_NO_PREROLL:
    default:
      break;
    }

  if (which == VIGIL_STILL_LAST)
    {
      /* Just before the end, back to its keyframe; without a duration
       * (a segment still being written), from the start. */
      if (gst_element_query_duration (still.pipeline, GST_FORMAT_TIME, &duration) && duration > GST_MSECOND)
        {
          if (!gst_element_seek_simple (still.pipeline, GST_FORMAT_TIME,
                                        GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_BEFORE,
                                        duration - GST_MSECOND))
            {
              set_error (error, path, _("it cannot be searched"));
              return NULL;
            }
          if (!still_wait (&still, GST_MESSAGE_ASYNC_DONE, error))
            return NULL;
        }
      sample = still_last (&still, error);
    }
  else
    {
      sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (still.sink), 0);
      if (sample == NULL)
        set_error (error, path, _("it has no picture"));
    }
  if (sample == NULL)
    return NULL;

  surface = make_surface (sample, max_width, path, error);
  buffer = gst_sample_get_buffer (sample);
  if (surface != NULL && position_us != NULL)
    *position_us = GST_BUFFER_PTS_IS_VALID (buffer) ? (gint64) (GST_BUFFER_PTS (buffer) / GST_USECOND) : 0;
  return surface;
}
