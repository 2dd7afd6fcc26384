/* test-camsim.c: the simulated cameras, pulled over real RTSP on loopback
 * as a receiver would.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-camsim"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <gst/gst.h>

#include "camsim-fixture.h"

/* Generous: the first client of a mount waits for its pipeline to start,
 * the first RTCP sender report comes 2–3 s into a session, and under the
 * sanitizers, beside other tests, eight live encoders start slowly. None of
 * these waits measures a behaviour's own deadline. */
#define DEADLINE_US (30 * G_USEC_PER_SEC)
/* Seconds between NTP's epoch (1900) and Unix's (1970). */
#define NTP_UNIX_OFFSET G_GUINT64_CONSTANT (2208988800)
/* RTP's clock for video. */
#define VIDEO_RATE 90000

/* The wall-clock capture time a frame carries, from the camera's RTCP
 * sender reports, in Unix microseconds; 0 before the first report. */
static gint64
capture_time_us (GstBuffer *buffer)
{
  g_autoptr(GstCaps) ntp = gst_caps_new_empty_simple ("timestamp/x-ntp");
  GstReferenceTimestampMeta *meta = gst_buffer_get_reference_timestamp_meta (buffer, ntp);

  if (meta == NULL)
    return 0;

  return (gint64) (meta->timestamp / 1000) - (gint64) NTP_UNIX_OFFSET * G_USEC_PER_SEC;
}

/* A receiver of one camera, decoding what it sends. */
typedef struct
{
  GMutex lock;
  GstElement *pipeline;
  const char *path;
  gboolean want_audio;
  guint watch;

  /* under lock */
  guint video_frames;
  int width;
  int height;
  double mean_luma;
  guint audio_buffers;
  GPtrArray *encodings;
  gint64 last_frame_at_us;

  /* main thread only */
  GError *error;
} Pull;

/* The mean of an I420 frame's luma plane: how bright the picture is. */
static double
mean_luma (GstBuffer *buffer,
           int        width,
           int        height)
{
  int stride = GST_ROUND_UP_4 (width);
  GstMapInfo map;
  guint64 sum = 0;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return -1;
  g_assert_cmpuint (map.size, >=, (gsize) stride * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      sum += map.data[y * stride + x];

  gst_buffer_unmap (buffer, &map);
  return (double) sum / (width * height);
}

static void
on_video_frame (GstElement *sink,
                GstBuffer  *buffer,
                GstPad     *pad,
                gpointer    user_data)
{
  Pull *pull = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = gst_caps_get_structure (caps, 0);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  pull->video_frames++;
  pull->last_frame_at_us = g_get_monotonic_time ();
  gst_structure_get_int (s, "width", &pull->width);
  gst_structure_get_int (s, "height", &pull->height);
  if (g_strcmp0 (gst_structure_get_string (s, "format"), "I420") == 0)
    pull->mean_luma = mean_luma (buffer, pull->width, pull->height);
}

static void
on_audio_buffer (GstElement *sink,
                 GstBuffer  *buffer,
                 GstPad     *pad,
                 gpointer    user_data)
{
  Pull *pull = user_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  pull->audio_buffers++;
}

static void
on_decoded_pad (GstElement *decodebin,
                GstPad     *pad,
                gpointer    user_data)
{
  Pull *pull = user_data;
  g_autoptr(GstCaps) caps = gst_pad_query_caps (pad, NULL);
  const char *name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  gboolean video = g_str_has_prefix (name, "video/");
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sink_pad = gst_element_get_static_pad (sink, "sink");

  g_object_set (sink, "sync", FALSE, "signal-handoffs", TRUE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (video ? on_video_frame : on_audio_buffer), pull);
  gst_bin_add (GST_BIN (pull->pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  g_assert_cmpint (gst_pad_link (pad, sink_pad), ==, GST_PAD_LINK_OK);
}

/* Each of rtspsrc's pads is one stream the camera sends, named by what is
 * sent (ENCODING/CLOCK-RATE/PAYLOAD-TYPE), and gets a decodebin of its own.
 * Not uridecodebin: it stops listening for pads at the source's
 * no-more-pads, which rtspsrc 1.22 can signal from one stream's thread
 * before another stream's thread has added its pad; on a busy machine that
 * stream (a camera's sound, or its picture) was never linked. */
static void
on_rtsp_pad (GstElement *rtspsrc,
             GstPad     *pad,
             gpointer    user_data)
{
  Pull *pull = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const char *encoding = gst_structure_get_string (s, "encoding-name");
  int rate = 0, payload = -1;
  GstElement *decodebin = gst_element_factory_make ("decodebin", NULL);
  g_autoptr(GstPad) sink_pad = gst_element_get_static_pad (decodebin, "sink");

  gst_structure_get_int (s, "clock-rate", &rate);
  gst_structure_get_int (s, "payload", &payload);
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

    g_ptr_array_add (pull->encodings, g_strdup_printf ("%s/%d/%d", encoding ? encoding : "?", rate, payload));
  }

  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_decoded_pad), pull);
  gst_bin_add (GST_BIN (pull->pipeline), decodebin);
  gst_element_sync_state_with_parent (decodebin);
  g_assert_cmpint (gst_pad_link (pad, sink_pad), ==, GST_PAD_LINK_OK);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  GError **error = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR && *error == NULL)
    gst_message_parse_error (message, error, NULL);

  return G_SOURCE_CONTINUE;
}

static Pull *
pull_start (Camsim     *camsim,
            const char *path,
            const char *user,
            const char *password,
            gboolean    want_audio)
{
  Pull *pull = g_new0 (Pull, 1);
  g_autofree char *uri = camsim_url (camsim, path);
  g_autoptr(GstBus) bus = NULL;
  GstElement *source;

  g_mutex_init (&pull->lock);
  pull->encodings = g_ptr_array_new_with_free_func (g_free);
  pull->path = path;
  pull->want_audio = want_audio;
  pull->mean_luma = -1;

  pull->pipeline = gst_pipeline_new (NULL);
  source = gst_element_factory_make ("rtspsrc", NULL);
  g_assert_nonnull (source);
  g_object_set (source, "location", uri, "latency", 200, "add-reference-timestamp-meta", TRUE, NULL);
  if (user != NULL)
    g_object_set (source, "user-id", user, "user-pw", password, NULL);
  g_signal_connect (source, "pad-added", G_CALLBACK (on_rtsp_pad), pull);
  gst_bin_add (GST_BIN (pull->pipeline), source);

  bus = gst_pipeline_get_bus (GST_PIPELINE (pull->pipeline));
  pull->watch = gst_bus_add_watch (bus, on_bus_message, &pull->error);
  gst_element_set_state (pull->pipeline, GST_STATE_PLAYING);

  return pull;
}

static guint
pull_frames (Pull *pull)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  return pull->video_frames;
}

static gboolean
pull_is_done (gpointer data)
{
  Pull *pull = data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  return pull->error != NULL ||
         (pull->video_frames >= 3 && (!pull->want_audio || pull->audio_buffers >= 3));
}

/* Waits until @pull has frames (and sound, if it wants it) or an error. */
static void
pull_wait (Pull *pull)
{
  if (!camsim_wait_for (pull_is_done, pull, DEADLINE_US))
    g_error ("%s: no result within the deadline: %u video frames, %u audio buffers",
             pull->path, pull_frames (pull), pull->audio_buffers);
}

static void
pull_free (Pull *pull)
{
  gst_element_set_state (pull->pipeline, GST_STATE_NULL);
  g_source_remove (pull->watch);
  gst_object_unref (pull->pipeline);
  g_ptr_array_unref (pull->encodings);
  g_clear_error (&pull->error);
  g_mutex_clear (&pull->lock);
  g_free (pull);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pull, pull_free)

static Pull *
pull_run (Camsim     *camsim,
          const char *path,
          const char *user,
          const char *password,
          gboolean    want_audio)
{
  Pull *pull = pull_start (camsim, path, user, password, want_audio);

  pull_wait (pull);
  gst_element_set_state (pull->pipeline, GST_STATE_NULL);
  return pull;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
encodings_text (Pull *pull)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < pull->encodings->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (pull->encodings, i));
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv (" ", (char **) sorted->pdata);
}

/* Each camera sends what its spec asked for, and nothing else: each codec
 * and each sound, live and replayed, at a bitrate asked for or the default. All are pulled at once. */
static void
test_camsim_streams (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:320x240@10",
                                           "--camera", "room/one:160x120@10,codec=h265,audio=aac",
                                           "--camera", "lounge:160x120@5,audio=pcmu,bitrate=200",
                                           "--camera", "kitchen:160x120@5,audio=pcma",
                                           "--camera", "garden:160x120@5,audio=opus",
                                           "--camera", "stairs:160x120@5,codec=h265,audio=opus,replay",
                                           "--camera", "porch:176x144@5,audio=pcma,replay,bitrate=64",
                                           "--camera", "nursery:160x120@5,audio=aac,replay",
                                           NULL);
  struct {
    const char *path;
    int width, height;
    gboolean audio;
    const char *encodings;
  } cases[] = {
    { "hall", 320, 240, FALSE, "H264/90000/96" },
    { "room/one", 160, 120, TRUE, "H265/90000/96 MPEG4-GENERIC/16000/97" },
    { "lounge", 160, 120, TRUE, "H264/90000/96 PCMU/8000/0" },
    { "kitchen", 160, 120, TRUE, "H264/90000/96 PCMA/8000/8" },
    { "garden", 160, 120, TRUE, "H264/90000/96 OPUS/48000/97" },
    { "stairs", 160, 120, TRUE, "H265/90000/96 OPUS/48000/97" },
    { "porch", 176, 144, TRUE, "H264/90000/96 PCMA/8000/8" },
    { "nursery", 160, 120, TRUE, "H264/90000/96 MPEG4-GENERIC/16000/97" },
  };
  Pull *pulls[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    pulls[i] = pull_start (camsim, cases[i].path, NULL, NULL, cases[i].audio);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Pull) pull = pulls[i];
      g_autofree char *encodings = NULL;

      pull_wait (pull);
      gst_element_set_state (pull->pipeline, GST_STATE_NULL);
      g_test_message ("%s: %u video frames, %u audio buffers", cases[i].path,
                      pull->video_frames, pull->audio_buffers);
      g_assert_no_error (pull->error);
      g_assert_cmpint (pull->width, ==, cases[i].width);
      g_assert_cmpint (pull->height, ==, cases[i].height);
      encodings = encodings_text (pull);
      g_assert_cmpstr (encodings, ==, cases[i].encodings);
      if (!cases[i].audio)
        g_assert_cmpuint (pull->audio_buffers, ==, 0);
    }

  {
    g_autoptr(Pull) pull = pull_run (camsim, "nowhere", NULL, NULL, FALSE);
    g_assert_error (pull->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  }

  camsim_stop (camsim);
}

/* With --auth, no credentials and wrong ones are refused; the right ones
 * play, over Basic or Digest, whichever the client picks. */
static void
test_camsim_auth (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:160x120@5",
                                           "--auth", "keeper:s3cret pass", NULL);

  {
    g_autoptr(Pull) pull = pull_run (camsim, "hall", NULL, NULL, FALSE);
    g_assert_error (pull->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
    g_assert_cmpuint (pull->video_frames, ==, 0);
  }
  {
    g_autoptr(Pull) pull = pull_run (camsim, "hall", "keeper", "wrong", FALSE);
    g_assert_error (pull->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
    g_assert_cmpuint (pull->video_frames, ==, 0);
  }
  {
    g_autoptr(Pull) pull = pull_run (camsim, "hall", "keeper", "s3cret pass", FALSE);
    g_assert_no_error (pull->error);
    g_assert_cmpint (pull->width, ==, 160);
  }

  camsim_stop (camsim);
}

/* The H.264 frames of one camera as they come off the wire: each one's RTP
 * timestamp, whether it is a keyframe, its capture time, and when it
 * arrived. Over TCP, so that none is lost. */
typedef struct
{
  GMutex lock;
  GstElement *pipeline;
  const char *path;
  guint watch;
  guint32 last_rtp;     /* streaming thread only */

  /* under lock */
  GArray *rtp;          /* guint32, a frame's RTP timestamp */
  GArray *keyframes;    /* guint32, a keyframe's RTP timestamp */
  GArray *captured;     /* gint64, Unix µs, from the sender reports */
  GArray *arrived;      /* gint64, Unix µs */

  GError *error;        /* main thread only */
} Watch;

static GstPadProbeReturn
on_rtp_packet (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  Watch *watch = user_data;
  guint32 timestamp;

  /* Bytes 4–7 of the RTP header, network order. */
  if (gst_buffer_extract (GST_PAD_PROBE_INFO_BUFFER (info), 4, &timestamp, 4) == 4)
    watch->last_rtp = GUINT32_FROM_BE (timestamp);

  return GST_PAD_PROBE_OK;
}

/* rtph264depay hands on a frame when its last packet has come, so the last
 * RTP timestamp seen is the frame's. */
static void
on_watched_frame (GstElement *sink,
                  GstBuffer  *buffer,
                  GstPad     *pad,
                  gpointer    user_data)
{
  Watch *watch = user_data;
  gint64 captured = capture_time_us (buffer);
  gint64 now = g_get_real_time ();
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&watch->lock);

  g_array_append_val (watch->rtp, watch->last_rtp);
  g_array_append_val (watch->arrived, now);
  if (!GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    g_array_append_val (watch->keyframes, watch->last_rtp);
  if (captured != 0)
    g_array_append_val (watch->captured, captured);
}

static Watch *
watch_start (Camsim     *camsim,
             const char *path)
{
  Watch *watch = g_new0 (Watch, 1);
  g_autofree char *uri = camsim_url (camsim, path);
  g_autofree char *description = NULL;
  g_autoptr(GstElement) depay = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&watch->lock);
  watch->path = path;
  watch->rtp = g_array_new (FALSE, FALSE, sizeof (guint32));
  watch->keyframes = g_array_new (FALSE, FALSE, sizeof (guint32));
  watch->captured = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch->arrived = g_array_new (FALSE, FALSE, sizeof (gint64));

  description = g_strdup_printf ("rtspsrc location=%s protocols=tcp latency=200 "
                                 "add-reference-timestamp-meta=true "
                                 "! rtph264depay name=depay "
                                 "! fakesink name=sink sync=false signal-handoffs=true",
                                 uri);
  watch->pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);

  depay = gst_bin_get_by_name (GST_BIN (watch->pipeline), "depay");
  pad = gst_element_get_static_pad (depay, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_rtp_packet, watch, NULL);
  sink = gst_bin_get_by_name (GST_BIN (watch->pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_watched_frame), watch);

  bus = gst_pipeline_get_bus (GST_PIPELINE (watch->pipeline));
  watch->watch = gst_bus_add_watch (bus, on_bus_message, &watch->error);
  gst_element_set_state (watch->pipeline, GST_STATE_PLAYING);

  return watch;
}

static void
watch_free (Watch *watch)
{
  gst_element_set_state (watch->pipeline, GST_STATE_NULL);
  g_source_remove (watch->watch);
  gst_object_unref (watch->pipeline);
  g_array_unref (watch->rtp);
  g_array_unref (watch->keyframes);
  g_array_unref (watch->captured);
  g_array_unref (watch->arrived);
  g_clear_error (&watch->error);
  g_mutex_clear (&watch->lock);
  g_free (watch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watch, watch_free)

/* RTP timestamps wrap; between frames a few seconds apart the difference
 * read as signed is the true one. */
static gint64
rtp_diff (guint32 later,
          guint32 earlier)
{
  return (gint32) (later - earlier);
}

#define WATCH_SECONDS 5

static gboolean
watch_is_done (gpointer data)
{
  Watch *watch = data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&watch->lock);

  return watch->error != NULL ||
         (watch->rtp->len > 0 &&
          rtp_diff (g_array_index (watch->rtp, guint32, watch->rtp->len - 1),
                    g_array_index (watch->rtp, guint32, 0)) >= WATCH_SECONDS * VIDEO_RATE);
}

/* What a receiver relies on, over more than one loop of a replay clip:
 * one frame every 1/fps in RTP time, never a step back; a keyframe every
 * 2 s exactly; RTP time that keeps pace with the wall clock, not ahead of
 * it; and capture times that rise and lie just before each arrival. */
static void
watch_check (Watch *watch,
             guint  fps)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&watch->lock);
  guint n = watch->rtp->len;
  gint64 rtp_span, wall_span, age_us;

  g_assert_no_error (watch->error);
  g_test_message ("%s: %u frames, %u keyframes, %u capture times", watch->path,
                  n, watch->keyframes->len, watch->captured->len);

  for (guint i = 1; i < n; i++)
    {
      gint64 step = rtp_diff (g_array_index (watch->rtp, guint32, i),
                              g_array_index (watch->rtp, guint32, i - 1));

      if (step < VIDEO_RATE / fps - 1 || step > VIDEO_RATE / fps + 1)
        g_error ("%s: frame %u came %" G_GINT64_FORMAT " RTP ticks after the one before, "
                 "not %u", watch->path, i, step, VIDEO_RATE / fps);
    }

  /* Five seconds hold two keyframe intervals whatever the first frame. */
  g_assert_cmpuint (watch->keyframes->len, >=, 3);
  for (guint i = 1; i < watch->keyframes->len; i++)
    {
      gint64 interval = rtp_diff (g_array_index (watch->keyframes, guint32, i),
                                  g_array_index (watch->keyframes, guint32, i - 1));
      g_assert_cmpint (interval, >=, 2 * VIDEO_RATE - 1);
      g_assert_cmpint (interval, <=, 2 * VIDEO_RATE + 1);
    }

  /* Loose: frames may come late on a busy machine, never early. */
  rtp_span = rtp_diff (g_array_index (watch->rtp, guint32, n - 1), g_array_index (watch->rtp, guint32, 0));
  wall_span = g_array_index (watch->arrived, gint64, n - 1) - g_array_index (watch->arrived, gint64, 0);
  g_assert_cmpint (rtp_span * G_USEC_PER_SEC / VIDEO_RATE, <=, wall_span + G_USEC_PER_SEC);

  g_assert_cmpuint (watch->captured->len, >=, 2);
  for (guint i = 1; i < watch->captured->len; i++)
    g_assert_cmpint (g_array_index (watch->captured, gint64, i), >,
                     g_array_index (watch->captured, gint64, i - 1));
  /* Loose bounds: loopback, but a busy machine, and the NTP time in a
   * sender report is taken when the report is sent. */
  age_us = g_array_index (watch->arrived, gint64, n - 1) -
           g_array_index (watch->captured, gint64, watch->captured->len - 1);
  g_test_message ("%s: the last frame arrived %" G_GINT64_FORMAT " µs after its capture time",
                  watch->path, age_us);
  g_assert_cmpint (age_us, >, -G_USEC_PER_SEC);
  g_assert_cmpint (age_us, <, 5 * G_USEC_PER_SEC);
}

/* A replay camera looks, on the wire, as a live one does, across the point
 * where its 4-s clip starts again; both are watched side by side. */
static void
test_camsim_replay (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "live:160x120@10",
                                           "--camera", "replay:160x120@10,replay",
                                           NULL);
  g_autoptr(Watch) live = watch_start (camsim, "live");
  g_autoptr(Watch) replay = watch_start (camsim, "replay");
  gint64 deadline_us = (WATCH_SECONDS + 5) * G_USEC_PER_SEC;

  g_assert_true (camsim_wait_for (watch_is_done, live, deadline_us));
  g_assert_true (camsim_wait_for (watch_is_done, replay, deadline_us));
  gst_element_set_state (live->pipeline, GST_STATE_NULL);
  gst_element_set_state (replay->pipeline, GST_STATE_NULL);

  watch_check (live, 10);
  watch_check (replay, 10);

  camsim_stop (camsim);
}

/* Every scene plays, chosen per camera or for all by --scene: the still
 * scene is a bright grey wall, the night scene dark. */
static void
test_camsim_scenes (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--scene", "still",
                                           "--camera", "wall:160x120@5",
                                           "--camera", "yard:160x120@5,scene=night",
                                           "--camera", "ball:160x120@5,scene=ball",
                                           "--camera", "dark:160x120@5,scene=night,replay",
                                           NULL);
  struct {
    const char *path;
    gboolean bright;
  } cases[] = {
    { "wall", TRUE },
    { "yard", FALSE },
    { "ball", FALSE },
    { "dark", FALSE },
  };
  Pull *pulls[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    pulls[i] = pull_start (camsim, cases[i].path, NULL, NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Pull) pull = pulls[i];

      pull_wait (pull);
      gst_element_set_state (pull->pipeline, GST_STATE_NULL);
      g_test_message ("%s: mean luma %.1f", cases[i].path, pull->mean_luma);
      g_assert_no_error (pull->error);
      g_assert_cmpint (pull->width, ==, 160);
      g_assert_cmpfloat (pull->mean_luma, >=, 0);
      if (cases[i].bright)
        g_assert_cmpfloat (pull->mean_luma, >, 80);
      else
        g_assert_cmpfloat (pull->mean_luma, <, 64);
    }

  camsim_stop (camsim);
}

typedef struct
{
  Pull *pull;
  guint frames;
} FramesAfter;

static gboolean
has_more_frames (gpointer data)
{
  FramesAfter *after = data;

  return pull_frames (after->pull) >= after->frames + 3;
}

/* No frame for half a second: what a receiver sees of a frozen camera. */
static gboolean
is_quiet (gpointer data)
{
  Pull *pull = data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  return g_get_monotonic_time () - pull->last_frame_at_us > G_USEC_PER_SEC / 2;
}

/* What the media tests do to a camera through the fixture: SIGSTOP stops
 * its frames and SIGCONT brings them back; killed with a client still
 * connected, it starts again on the same port at once and plays. */
static void
test_camsim_freeze_kill_restart (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:160x120@10,replay", NULL);
  g_autoptr(Pull) first = pull_start (camsim, "hall", NULL, NULL, FALSE);
  int port = camsim->port;
  FramesAfter after = { first, 0 };

  pull_wait (first);
  g_assert_no_error (first->error);

  camsim_freeze (camsim);
  g_assert_true (camsim_wait_for (is_quiet, first, DEADLINE_US));
  after.frames = pull_frames (first);
  camsim_thaw (camsim);
  g_assert_true (camsim_wait_for (has_more_frames, &after, DEADLINE_US));

  camsim_kill (camsim);
  camsim_restart (camsim);
  g_assert_cmpint (camsim->port, ==, port);
  {
    g_autoptr(Pull) second = pull_run (camsim, "hall", NULL, NULL, FALSE);
    g_assert_no_error (second->error);
    g_assert_cmpint (second->width, ==, 160);
  }

  camsim_stop (camsim);
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* A bad argument is one line on stderr, naming what is wrong, and exit 2. */
static void
test_camsim_bad_arguments (void)
{
  struct {
    const char *args[5];
    const char *named;
  } cases[] = {
    { { "--camera", "hall:320x24O@10" }, "320x24O@10" },
    { { "--camera", "hall:321x240@10" }, "321x240@10" },
    { { "--camera", "hall:320x240@0" }, "320x240@0" },
    { { "--camera", "hall,audio=mp3" }, "audio=mp3" },
    { { "--camera", "hall,audio=" }, "audio=" },
    { { "--camera", "hall,codec=vp8" }, "codec=vp8" },
    { { "--camera", "hall,scene=beach" }, "scene=beach" },
    { { "--camera", "hall,replay=yes" }, "replay=yes" },
    { { "--camera", "hall,bitrate=0" }, "bitrate=0" },
    { { "--camera", "hall,bitrate=fast" }, "bitrate=fast" },
    { { "--camera", "hall,bitrate=" }, "bitrate=" },
    { { "--camera", "hall,replay,live" }, "live" },
    { { "--camera", "hall", "--scene", "beach" }, "beach" },
    { { "--camera", "/hall" }, "/hall" },
    { { "--camera", "a hall" }, "a hall" },
    { { "--camera", "hall", "--camera", "hall" }, "hall" },
    { { "--camera", "hall", "--auth", "keeper" }, "--auth" },
    { { "--camera", "hall", "--port", "70000" }, "70000" },
    { { "--camera", "hall", "--address", "nowhere" }, "nowhere" },
    { { "--port", "0" }, "--camera" },
    { { "--camera", "hall", "extra" }, "extra" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      process = camsim_spawn (cases[i].args, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &result);
      if (!camsim_wait_for (is_set, &result, DEADLINE_US))
        {
          g_subprocess_force_exit (process);
          g_error ("vigil-camsim %s %s: still running, not refused", cases[i].args[0], cases[i].args[1]);
        }
      g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error);
      g_assert_no_error (error);

      g_test_message ("%.*s", (int) strcspn (err, "\n"), err);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "vigil-camsim: "));
      g_assert_true (g_str_has_suffix (err, "\n"));
      g_assert_null (strchr (err, '\n') == err + strlen (err) - 1 ? NULL : "more than one line");
      g_assert_nonnull (strstr (err, cases[i].named));
    }
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("VIGIL_CAMSIM"));

  g_test_add_func ("/camsim/streams", test_camsim_streams);
  g_test_add_func ("/camsim/replay", test_camsim_replay);
  g_test_add_func ("/camsim/scenes", test_camsim_scenes);
  g_test_add_func ("/camsim/auth", test_camsim_auth);
  g_test_add_func ("/camsim/freeze-kill-restart", test_camsim_freeze_kill_restart);
  g_test_add_func ("/camsim/bad-arguments", test_camsim_bad_arguments);

  return g_test_run ();
}
