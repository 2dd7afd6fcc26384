/* test-camera-source.c: the camera source against simulated cameras on
 * loopback: frames at the size asked, every codec, the sound level, the
 * encoded stream, and credentials that never leak.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-camera-source"

#include "config.h"

#include <gst/video/video.h>
#include <string.h>

#include "vigil-test-utils.h"
#include "media-test-utils.h"

/* Frames */

typedef struct
{
  VigilCameraSource *source;
  guint              width;
  gint64             capture_time;
  GBytes            *first_pixels;
  gboolean           changed;
} FrameWatch;

/* Pulls frames until one is @width wide; remembers whether the picture
 * moved between frames of that size, and a capture time. */
static gboolean
frame_seen (gpointer data)
{
  FrameWatch *watch = data;
  gint64 capture_time = 0;
  g_autoptr(GstSample) frame = vigil_camera_source_pull_frame (watch->source, &capture_time);
  GstVideoInfo info;
  GstMapInfo map;

  if (frame == NULL)
    return FALSE;
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (frame)));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, VIGIL_CAMERA_FRAME_FORMAT);
  if (capture_time != 0)
    watch->capture_time = capture_time;
  if ((guint) GST_VIDEO_INFO_WIDTH (&info) != watch->width)
    return FALSE;

  g_assert_true (gst_buffer_map (gst_sample_get_buffer (frame), &map, GST_MAP_READ));
  if (watch->first_pixels == NULL)
    watch->first_pixels = g_bytes_new (map.data, map.size);
  else if (g_bytes_get_size (watch->first_pixels) == map.size &&
           memcmp (g_bytes_get_data (watch->first_pixels, NULL), map.data, map.size) != 0)
    watch->changed = TRUE;
  gst_buffer_unmap (gst_sample_get_buffer (frame), &map);

  return watch->changed && watch->capture_time != 0;
}

static void
watch_size (FrameWatch *watch,
            guint       width,
            guint       height)
{
  g_clear_pointer (&watch->first_pixels, g_bytes_unref);
  watch->width = width;
  watch->changed = FALSE;
  vigil_camera_source_set_frame_size (watch->source, width, height);
  /* Sender reports, which carry the capture time, come every few seconds. */
  if (!camsim_wait_for (frame_seen, watch, 15 * G_USEC_PER_SEC))
    g_error ("no moving %u-wide frames with a capture time (moved: %d, capture time: %" G_GINT64_FORMAT ")",
             width, watch->changed, watch->capture_time);
}

static void
test_frames (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--camera", "hall:640x360@15", NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "hall");
  FrameWatch watch = { source };
  const VigilMediaInfo *info;
  gint64 now;

  vigil_camera_source_start (source);
  g_assert_cmpint (vigil_camera_source_get_state (source), ==, VIGIL_CAMERA_STATE_CONNECTING);
  media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);

  info = vigil_camera_source_get_media_info (source);
  g_assert_cmpstr (info->video_codec, ==, "h264");
  g_assert_cmpuint (info->width, ==, 640);
  g_assert_cmpuint (info->height, ==, 360);
  g_assert_null (info->audio_codec);

  /* Scaled in the pipeline to what the consumer asks, and again when it
   * asks for another size while playing. */
  watch_size (&watch, 320, 180);
  watch_size (&watch, 160, 90);

  /* The capture time read back is the camera's clock, a moment ago. */
  now = g_get_real_time ();
  g_assert_cmpint (watch.capture_time, <=, now);
  g_assert_cmpint (watch.capture_time, >, now - 5 * G_USEC_PER_SEC);

  vigil_camera_source_stop (source);
  g_assert_cmpint (vigil_camera_source_get_state (source), ==, VIGIL_CAMERA_STATE_STOPPED);
  vigil_test_assert_finalize_soon (g_steal_pointer (&source));
  g_clear_pointer (&watch.first_pixels, g_bytes_unref);
  camsim_stop (camsim);
}

/* Codecs and sound */

typedef struct
{
  VigilCameraSource *source;
  double             quietest;
  double             loudest;
} Meter;

static void
on_level (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  Meter *meter = user_data;
  double level = vigil_camera_source_get_sound_level (meter->source);

  meter->quietest = MIN (meter->quietest, level);
  meter->loudest = MAX (meter->loudest, level);
}

/* Room noise, then the louder burst the simulated cameras make every 5 s. */
static gboolean
meters_moved (gpointer data)
{
  Meter *meters = data;

  for (guint i = 0; meters[i].source != NULL; i++)
    if (meters[i].loudest - meters[i].quietest < 10.0 || meters[i].quietest <= -100.0)
      return FALSE;
  return TRUE;
}

static void
test_codecs (void)
{
  static const struct {
    const char *path;
    const char *video;
    const char *audio;
    guint       rate;
  } cameras[] = {
    { "aac", "h264", "aac", 16000 },
    { "pcmu", "h264", "pcmu", 8000 },
    { "pcma", "h264", "pcma", 8000 },
    { "opus", "h264", "opus", 48000 },
    { "hevc", "h265", NULL, 0 },
  };
  g_autoptr(Camsim) camsim = camsim_start ("--replay",
                                           "--camera", "aac:160x90@10,audio=aac",
                                           "--camera", "pcmu:160x90@10,audio=pcmu",
                                           "--camera", "pcma:160x90@10,audio=pcma",
                                           "--camera", "opus:160x90@10,audio=opus",
                                           "--camera", "hevc:160x90@10,codec=h265",
                                           NULL);
  VigilCameraSource *sources[G_N_ELEMENTS (cameras)];
  /* The sound cameras' meters, ended by one without a source. */
  Meter meters[G_N_ELEMENTS (cameras)] = { { 0 } };
  guint n_meters = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      sources[i] = media_source_for_url (camsim, cameras[i].path);
      vigil_camera_source_start (sources[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      const VigilMediaInfo *info;

      media_wait_state (sources[i], VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
      media_wait_frames (sources[i], 3, MEDIA_START_WAIT_US);
      info = vigil_camera_source_get_media_info (sources[i]);
      g_assert_cmpstr (info->video_codec, ==, cameras[i].video);
      g_assert_cmpstr (info->audio_codec, ==, cameras[i].audio);
      g_assert_cmpuint (info->audio_rate, ==, cameras[i].rate);
      if (cameras[i].audio == NULL)
        {
          g_assert_cmpfloat (vigil_camera_source_get_sound_level (sources[i]), ==, -100.0);
          continue;
        }

      g_assert_cmpuint (info->audio_channels, ==, 1);
      meters[n_meters] = (Meter) { sources[i], 0.0, -100.0 };
      g_signal_connect (sources[i], "notify::sound-level", G_CALLBACK (on_level), &meters[n_meters]);
      n_meters++;
    }

  if (!camsim_wait_for (meters_moved, meters, 15 * G_USEC_PER_SEC))
    for (guint i = 0; i < n_meters; i++)
      g_test_message ("%s: level from %.1f to %.1f dB", vigil_camera_source_get_url (meters[i].source),
                      meters[i].quietest, meters[i].loudest);
  g_assert_true (meters_moved (meters));

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    g_object_unref (sources[i]);
  camsim_stop (camsim);
}

/* Credentials */

#define CAMERA_USER "viewer"
#define CAMERA_PASSWORD "Wh1sper-Quiet-Lamp"

/* Log lines come from streaming threads too. */
static GMutex log_lock;
static GPtrArray *log_lines;

static void
record_line (const char *line)
{
  g_mutex_lock (&log_lock);
  if (log_lines != NULL)
    g_ptr_array_add (log_lines, g_strdup (line));
  g_mutex_unlock (&log_lock);
}

/* Every GLib log line of the process, debug ones included; only warnings
 * and worse go on to the terminal, so that TAP output stays clean. */
static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      record_line (fields[i].value);
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
record_gst_log (GstDebugCategory *category,
                GstDebugLevel     level,
                const gchar      *file,
                const gchar      *function,
                gint              line,
                GObject          *object,
                GstDebugMessage  *message,
                gpointer          user_data)
{
  record_line (gst_debug_message_get (message));
}

static void
log_capture_begin (void)
{
  g_mutex_lock (&log_lock);
  g_clear_pointer (&log_lines, g_ptr_array_unref);
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_mutex_unlock (&log_lock);
}

/* Whether a line captured since log_capture_begin() was @line. */
static gboolean
log_capture_end_find (const char *line)
{
  gboolean found = FALSE;

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_lines->len && !found; i++)
    found = g_str_equal (g_ptr_array_index (log_lines, i), line);
  g_clear_pointer (&log_lines, g_ptr_array_unref);
  g_mutex_unlock (&log_lock);
  return found;
}

/* The encoded stream, for a recorder */

typedef struct
{
  gint          video;     /* atomic */
  gint          audio;
  gint          keyframes;
  gchar        *video_caps;
  gchar        *audio_caps;
  GstClockTime  first_pts;
  GstClockTime  last_pts;
  gboolean      backwards;  /* a video frame timed before the one before it */
  GMutex        lock;
} Encoded;

static void
on_encoded (VigilMediaKind  kind,
            GstSample      *sample,
            gpointer        user_data)
{
  Encoded *encoded = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const char *name = gst_structure_get_name (gst_caps_get_structure (gst_sample_get_caps (sample), 0));
  char **caps = kind == VIGIL_MEDIA_KIND_VIDEO ? &encoded->video_caps : &encoded->audio_caps;

  g_atomic_int_inc (kind == VIGIL_MEDIA_KIND_VIDEO ? &encoded->video : &encoded->audio);
  if (kind == VIGIL_MEDIA_KIND_VIDEO && !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    g_atomic_int_inc (&encoded->keyframes);

  g_mutex_lock (&encoded->lock);
  if (*caps == NULL)
    *caps = g_strdup (name);
  if (kind == VIGIL_MEDIA_KIND_VIDEO)
    {
      if (!GST_CLOCK_TIME_IS_VALID (encoded->first_pts))
        encoded->first_pts = GST_BUFFER_PTS (buffer);
      else if (GST_BUFFER_PTS (buffer) <= encoded->last_pts)
        encoded->backwards = TRUE;
      encoded->last_pts = GST_BUFFER_PTS (buffer);
    }
  g_mutex_unlock (&encoded->lock);
}

static gboolean
encoded_enough (gpointer data)
{
  Encoded *encoded = data;

  /* Two keyframes: the camera's 2-s interval came round at least once. */
  return g_atomic_int_get (&encoded->keyframes) >= 2 && g_atomic_int_get (&encoded->audio) >= 10;
}

/* Records @source as a recorder does (the stream as sent, no decoding at
 * all) until two keyframes and ten sound frames came, then stops it. */
static Encoded *
record_source (VigilCameraSource *source)
{
  Encoded *encoded = g_new0 (Encoded, 1);

  g_mutex_init (&encoded->lock);
  encoded->first_pts = GST_CLOCK_TIME_NONE;
  vigil_camera_source_set_decode (source, FALSE);
  vigil_camera_source_set_encoded_func (source, on_encoded, encoded, NULL);
  vigil_camera_source_start (source);
  media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  g_assert_true (camsim_wait_for (encoded_enough, encoded, 10 * G_USEC_PER_SEC));
  vigil_camera_source_stop (source);
  g_assert_true (vigil_camera_source_wait_closed (10000));
  g_assert_cmpuint (vigil_camera_source_get_frame_count (source), ==, 0);
  return encoded;
}

static void
encoded_free (Encoded *encoded)
{
  g_mutex_clear (&encoded->lock);
  g_free (encoded->video_caps);
  g_free (encoded->audio_caps);
  g_free (encoded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Encoded, encoded_free)

static void
test_encoded (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--camera", "cot:160x90@10,audio=aac",
                                           "--camera", "pcmu:160x90@10,audio=pcmu",
                                           "--camera", "hevc:160x90@10,codec=h265,audio=aac", NULL);
  const struct {
    const char *path;
    const char *video_caps;
    const char *audio_caps;
    gboolean    own_receiver;
  } cameras[] = {
    /* What most cameras send, taken by Vigil's own receiver… */
    { "cot", "video/x-h264", "audio/mpeg", TRUE },
    /* …and the rest by rtspsrc. */
    { "pcmu", "video/x-h264", "audio/x-mulaw", FALSE },
    { "hevc", "video/x-h265", "audio/mpeg", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, cameras[i].path);
      g_autoptr(Encoded) encoded = NULL;
      g_autofree char *own = g_strdup_printf ("camera %s: recorded by Vigil's own receiver",
                                              vigil_camera_source_get_url (source));

      log_capture_begin ();
      encoded = record_source (source);
      g_assert_cmpstr (encoded->video_caps, ==, cameras[i].video_caps);
      g_assert_cmpstr (encoded->audio_caps, ==, cameras[i].audio_caps);
      /* Timed by the camera: ten frames a second, in order. */
      g_assert_false (encoded->backwards);
      g_assert_cmpuint (encoded->last_pts - encoded->first_pts, >=,
                        (guint64) (g_atomic_int_get (&encoded->video) - 1) * 90 * GST_MSECOND);
      g_assert_cmpuint (encoded->last_pts - encoded->first_pts, <=,
                        (guint64) (g_atomic_int_get (&encoded->video) - 1) * 110 * GST_MSECOND);
      g_assert_cmpint (log_capture_end_find (own), ==, cameras[i].own_receiver);
    }
  camsim_stop (camsim);
}

static void
test_credentials (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--auth", CAMERA_USER ":" CAMERA_PASSWORD,
                                           "--camera", "lounge:160x90@10,audio=aac", NULL);
  g_autofree char *url = camsim_url (camsim, "lounge");
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilCameraSource) right = NULL;
  g_autoptr(VigilCameraSource) wrong = NULL;
  g_autoptr(VigilCameraSource) recorded = NULL;
  g_autoptr(VigilCameraSource) refused = NULL;
  g_autoptr(Encoded) encoded = NULL;
  g_autofree char *basic = g_base64_encode ((const guchar *) CAMERA_USER ":" CAMERA_PASSWORD,
                                            strlen (CAMERA_USER ":" CAMERA_PASSWORD));

  log_capture_begin ();
  /* GStreamer's warnings, and the RTSP client's and its connection's
   * debugging, searched rather than printed. */
  gst_debug_set_active (TRUE);
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (record_gst_log, NULL, NULL);
  gst_debug_set_default_threshold (GST_LEVEL_WARNING);
  gst_debug_set_threshold_for_name ("rtspsrc", GST_LEVEL_DEBUG);
  gst_debug_set_threshold_for_name ("rtspconnection", GST_LEVEL_DEBUG);

  media_add_camera (site, manager, "Lounge", url, CAMERA_USER, CAMERA_PASSWORD);
  media_add_camera (site, manager, "Lounge spare", url, CAMERA_USER, "not-" CAMERA_PASSWORD);

  /* The stored credentials open the camera (its sub-stream, which it lacks,
   * gives the main one). */
  right = media_open_camera (site, "Lounge", VIGIL_CAMERA_STREAM_SUB);
  g_assert_cmpstr (vigil_camera_source_get_name (right), ==, "Lounge");
  g_assert_cmpstr (vigil_camera_source_get_url (right), ==, url);
  media_start_playing (right);

  /* Wrong ones are reported as such, within the deadline. */
  wrong = media_open_camera (site, "Lounge spare", VIGIL_CAMERA_STREAM_SUB);
  vigil_camera_source_start (wrong);
  media_wait_state (wrong, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_UNAUTHORIZED,
                    MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_assert_nonnull (vigil_camera_source_get_loss_detail (wrong));
  g_assert_null (strstr (vigil_camera_source_get_loss_detail (wrong), CAMERA_PASSWORD));

  /* A recorder's (Vigil's own receiver) answers the camera's challenge as
   * well, and is refused the same way. */
  recorded = media_open_camera (site, "Lounge", VIGIL_CAMERA_STREAM_SUB);
  encoded = record_source (recorded);
  g_assert_cmpstr (encoded->audio_caps, ==, "audio/mpeg");
  refused = media_open_camera (site, "Lounge spare", VIGIL_CAMERA_STREAM_SUB);
  vigil_camera_source_set_decode (refused, FALSE);
  vigil_camera_source_set_encoded_func (refused, on_encoded, encoded, NULL);
  vigil_camera_source_start (refused);
  media_wait_state (refused, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_UNAUTHORIZED,
                    MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_assert_null (strstr (vigil_camera_source_get_loss_detail (refused), CAMERA_PASSWORD));

  vigil_camera_source_stop (right);
  vigil_camera_source_stop (wrong);
  vigil_camera_source_stop (refused);
  g_assert_true (vigil_camera_source_wait_closed (10000));
  gst_debug_remove_log_function (record_gst_log);
  gst_debug_unset_threshold_for_name ("rtspsrc");
  gst_debug_unset_threshold_for_name ("rtspconnection");
  gst_debug_set_default_threshold (GST_LEVEL_NONE);
  gst_debug_add_log_function (gst_debug_log_default, NULL, NULL);

  g_mutex_lock (&log_lock);
  g_assert_cmpuint (log_lines->len, >, 0);
  for (guint i = 0; i < log_lines->len; i++)
    {
      g_assert_null (strstr (g_ptr_array_index (log_lines, i), CAMERA_PASSWORD));
      /* Nor as HTTP Basic credentials. */
      g_assert_null (strstr (g_ptr_array_index (log_lines, i), basic));
    }
  g_clear_pointer (&log_lines, g_ptr_array_unref);
  g_mutex_unlock (&log_lock);

  camsim_stop (camsim);
  vigil_test_remove_dir (dir);
}

/* Sources dropped at every point of connecting, as the console drops a
 * tile's source when the tile closes. */
static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static void
test_dropped_while_connecting (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--camera", "hall:160x90@10", NULL);
  g_autoptr(VigilCameraSource) last = media_source_for_url (camsim, "hall");

  for (guint i = 0; i < 30; i++)
    {
      VigilCameraSource *source = media_source_for_url (camsim, "hall");
      gint64 until = g_get_monotonic_time () + g_random_int_range (0, 150) * G_TIME_SPAN_MILLISECOND;

      vigil_camera_source_start (source);
      camsim_wait_for (time_passed, &until, G_USEC_PER_SEC);
      g_object_unref (source);
    }
  g_assert_true (vigil_camera_source_wait_closed (20000));

  /* The camera still serves whoever comes next. */
  vigil_camera_source_start (last);
  media_wait_state (last, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  vigil_camera_source_stop (last);
  camsim_stop (camsim);
}

/* A camera that stops answering holds its connection's shutdown up about a
 * second, the TEARDOWN it is still sent, and not rtspsrc's 20 s limit on a
 * request: well within the 3 s that `vigilctl camera check` waits. */
static void
test_closed_while_frozen (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--camera", "hall:160x90@10", NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "hall");
  gint64 stopped;

  media_start_playing (source);
  camsim_freeze (camsim);
  stopped = g_get_monotonic_time ();
  vigil_camera_source_stop (source);
  g_assert_true (vigil_camera_source_wait_closed (3000));
  g_test_message ("shut down in %.2f s", (g_get_monotonic_time () - stopped) / 1e6);
  camsim_stop (camsim);
}

/* A watcher that stops the source, or drops it, the moment it is lost. */
static void
stop_when_lost (VigilCameraSource *source,
                GParamSpec        *pspec,
                gpointer           user_data)
{
  if (vigil_camera_source_get_state (source) == VIGIL_CAMERA_STATE_LOST)
    vigil_camera_source_stop (source);
}

static void
drop_when_lost (VigilCameraSource *source,
                GParamSpec        *pspec,
                gpointer           user_data)
{
  VigilCameraSource **held = user_data;

  if (vigil_camera_source_get_state (source) == VIGIL_CAMERA_STATE_LOST && *held != NULL)
    g_clear_object (held);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_stopped_by_watcher (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--camera", "hall:160x90@10", NULL);
  g_autoptr(VigilCameraSource) stopped = media_source_for_url (camsim, "hall");
  g_autoptr(VigilCameraSource) witness = media_source_for_url (camsim, "hall");
  VigilCameraSource *dropped = media_source_for_url (camsim, "hall");
  gpointer dropped_weak = dropped;
  guint64 frames;

  g_object_add_weak_pointer (G_OBJECT (dropped), &dropped_weak);
  vigil_camera_source_start (stopped);
  vigil_camera_source_start (dropped);
  media_wait_state (stopped, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  media_wait_state (dropped, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  /* Watched from now: a slow first connection may be lost for a moment. */
  g_signal_connect (stopped, "notify::state", G_CALLBACK (stop_when_lost), NULL);
  g_signal_connect (dropped, "notify::state", G_CALLBACK (drop_when_lost), &dropped);

  camsim_freeze (camsim);
  media_wait_state (stopped, VIGIL_CAMERA_STATE_STOPPED, VIGIL_CAMERA_LOSS_NONE, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_assert_true (camsim_wait_for (is_null, &dropped_weak, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US)));
  frames = vigil_camera_source_get_frame_count (stopped);

  /* Once the camera is back, as another source shows, the stopped one has
   * not connected again behind its watcher's back. */
  camsim_thaw (camsim);
  vigil_camera_source_start (witness);
  media_wait_state (witness, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  media_wait_frames (witness, 15, MEDIA_START_WAIT_US);
  g_assert_cmpint (vigil_camera_source_get_state (stopped), ==, VIGIL_CAMERA_STATE_STOPPED);
  g_assert_cmpuint (vigil_camera_source_get_frame_count (stopped), ==, frames);

  vigil_camera_source_stop (witness);
  camsim_stop (camsim);
}

int
main (int    argc,
      char **argv)
{
  g_log_set_debug_enabled (TRUE);
  g_log_set_writer_func (record_log, NULL, NULL);
  media_test_init (&argc, &argv);

  media_test_add ("/camera-source/frames", test_frames);
  media_test_add ("/camera-source/codecs", test_codecs);
  media_test_add ("/camera-source/encoded", test_encoded);
  media_test_add ("/camera-source/credentials", test_credentials);
  media_test_add ("/camera-source/dropped-while-connecting", test_dropped_while_connecting);
  media_test_add ("/camera-source/closed-while-frozen", test_closed_while_frozen);
  media_test_add ("/camera-source/stopped-by-watcher", test_stopped_by_watcher);

  return g_test_run ();
}
