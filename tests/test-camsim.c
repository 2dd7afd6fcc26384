/* test-camsim.c: the simulated cameras, pulled over real RTSP on loopback
 * as a receiver would.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-camsim"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <gst/gst.h>

/* Generous: the first client of a mount waits for its pipeline to start. */
#define DEADLINE_US (10 * G_USEC_PER_SEC)
/* Seconds between NTP's epoch (1900) and Unix's (1970). */
#define NTP_UNIX_OFFSET G_GUINT64_CONSTANT (2208988800)

typedef struct
{
  GSubprocess *process;
  int port;
} Camsim;

/* A server outlives no failed test: it would hold the test's output open. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GPtrArray        *argv,
       GSubprocessFlags  flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the default main context until *done or the deadline; returns *done. */
static gboolean
wait_for (gboolean (*done) (gpointer),
          gpointer  data,
          gint64    deadline_us)
{
  gint64 deadline = g_get_monotonic_time () + deadline_us;
  guint tick = g_timeout_add (20, on_tick, NULL);
  gboolean result;

  while (!(result = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return result;
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Starts vigil-camsim on a port of its own choosing and waits for its one
 * ready line, which names that port. */
static Camsim
camsim_start (const char *first_arg,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) ready = NULL;
  g_autofree char *line = NULL;
  g_autofree char *port = NULL;
  Camsim camsim = { 0 };
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("VIGIL_CAMSIM"));
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  camsim.process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (camsim.process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line_read, &line);
  g_assert_true (wait_for (is_set, &line, DEADLINE_US));

  ready = g_regex_new ("^vigil-camsim: serving [0-9]+ cameras? on rtsp://127\\.0\\.0\\.1:([0-9]+)/$", 0, 0, NULL);
  if (!g_regex_match (ready, line, 0, &match))
    g_error ("unexpected ready line “%s”", line);
  port = g_match_info_fetch (match, 1);
  camsim.port = atoi (port);
  g_assert_cmpint (camsim.port, >, 0);

  return camsim;
}

static gboolean
has_exited (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

/* SIGTERM stops the server cleanly: it exits 0, not by the signal. */
static void
camsim_stop (Camsim *camsim)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (camsim->process, SIGTERM);
  g_subprocess_wait_async (camsim->process, NULL, on_exited, &exited);
  if (!wait_for (has_exited, &exited, DEADLINE_US))
    {
      g_subprocess_force_exit (camsim->process);
      g_error ("vigil-camsim did not stop on SIGTERM");
    }
  g_assert_true (g_subprocess_get_if_exited (camsim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (camsim->process), ==, 0);
  g_clear_object (&camsim->process);
}

/* What a receiver saw of one camera. */
typedef struct
{
  GMutex lock;
  GstElement *pipeline;
  const char *user;
  const char *password;
  gboolean want_audio;
  gboolean want_capture_time;

  /* under lock */
  guint video_frames;
  int width;
  int height;
  guint audio_buffers;
  GPtrArray *encodings;
  gint64 capture_time_us;
  gint64 capture_seen_at_us;

  /* main thread only */
  GError *error;
} Pull;

static void
on_video_frame (GstElement *sink,
                GstBuffer  *buffer,
                GstPad     *pad,
                gpointer    user_data)
{
  Pull *pull = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = gst_caps_get_structure (caps, 0);
  g_autoptr(GstCaps) ntp = gst_caps_new_empty_simple ("timestamp/x-ntp");
  GstReferenceTimestampMeta *meta = gst_buffer_get_reference_timestamp_meta (buffer, ntp);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  pull->video_frames++;
  gst_structure_get_int (s, "width", &pull->width);
  gst_structure_get_int (s, "height", &pull->height);
  if (meta != NULL && pull->capture_time_us == 0)
    {
      pull->capture_time_us = (gint64) (meta->timestamp / 1000) -
                              (gint64) NTP_UNIX_OFFSET * G_USEC_PER_SEC;
      pull->capture_seen_at_us = g_get_real_time ();
    }
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

/* rtspsrc's pads name what the camera sends, before any decoding. */
static void
on_rtsp_pad (GstElement *rtspsrc,
             GstPad     *pad,
             gpointer    user_data)
{
  Pull *pull = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *encoding = gst_structure_get_string (gst_caps_get_structure (caps, 0), "encoding-name");
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  g_ptr_array_add (pull->encodings, g_strdup (encoding ? encoding : "?"));
}

static void
on_source_setup (GstElement *uridecodebin,
                 GstElement *source,
                 gpointer    user_data)
{
  Pull *pull = user_data;

  g_object_set (source, "latency", 200, "add-reference-timestamp-meta", TRUE, NULL);
  if (pull->user != NULL)
    g_object_set (source, "user-id", pull->user, "user-pw", pull->password, NULL);
  g_signal_connect (source, "pad-added", G_CALLBACK (on_rtsp_pad), pull);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  Pull *pull = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR && pull->error == NULL)
    gst_message_parse_error (message, &pull->error, NULL);

  return G_SOURCE_CONTINUE;
}

static gboolean
pull_is_done (gpointer data)
{
  Pull *pull = data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pull->lock);

  return pull->error != NULL ||
         (pull->video_frames >= 3 &&
          (!pull->want_audio || pull->audio_buffers >= 3) &&
          (!pull->want_capture_time || pull->capture_time_us != 0));
}

static Pull *
pull_run (int         port,
          const char *path,
          const char *user,
          const char *password,
          gboolean    want_audio,
          gboolean    want_capture_time)
{
  Pull *pull = g_new0 (Pull, 1);
  g_autofree char *uri = g_strdup_printf ("rtsp://127.0.0.1:%d/%s", port, path);
  g_autoptr(GstBus) bus = NULL;
  GstElement *decodebin;
  guint watch;

  g_mutex_init (&pull->lock);
  pull->encodings = g_ptr_array_new_with_free_func (g_free);
  pull->user = user;
  pull->password = password;
  pull->want_audio = want_audio;
  pull->want_capture_time = want_capture_time;

  pull->pipeline = gst_pipeline_new (NULL);
  decodebin = gst_element_factory_make ("uridecodebin", NULL);
  g_assert_nonnull (decodebin);
  g_object_set (decodebin, "uri", uri, NULL);
  g_signal_connect (decodebin, "source-setup", G_CALLBACK (on_source_setup), pull);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_decoded_pad), pull);
  gst_bin_add (GST_BIN (pull->pipeline), decodebin);

  bus = gst_pipeline_get_bus (GST_PIPELINE (pull->pipeline));
  watch = gst_bus_add_watch (bus, on_bus_message, pull);
  gst_element_set_state (pull->pipeline, GST_STATE_PLAYING);

  if (!wait_for (pull_is_done, pull, DEADLINE_US))
    g_error ("%s: no result within the deadline: %u video frames, %u audio buffers",
             path, pull->video_frames, pull->audio_buffers);

  gst_element_set_state (pull->pipeline, GST_STATE_NULL);
  g_source_remove (watch);
  return pull;
}

static void
pull_free (Pull *pull)
{
  gst_object_unref (pull->pipeline);
  g_ptr_array_unref (pull->encodings);
  g_clear_error (&pull->error);
  g_mutex_clear (&pull->lock);
  g_free (pull);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pull, pull_free)

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

/* Each camera sends what its spec asked for, and nothing else. */
static void
test_camsim_streams (void)
{
  Camsim camsim = camsim_start ("--camera", "hall:320x240@10",
                                "--camera", "room/one:320x240@10,codec=h265,audio=aac",
                                "--camera", "lounge:160x120@5,audio=pcmu",
                                NULL);
  struct {
    const char *path;
    int width, height;
    gboolean audio;
    const char *encodings;
  } cases[] = {
    { "hall", 320, 240, FALSE, "H264" },
    { "room/one", 320, 240, TRUE, "H265 MPEG4-GENERIC" },
    { "lounge", 160, 120, TRUE, "H264 PCMU" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Pull) pull = pull_run (camsim.port, cases[i].path, NULL, NULL, cases[i].audio, FALSE);
      g_autofree char *encodings = NULL;

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
    g_autoptr(Pull) pull = pull_run (camsim.port, "nowhere", NULL, NULL, FALSE, FALSE);
    g_assert_error (pull->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND);
  }

  camsim_stop (&camsim);
}

/* Each frame's capture time comes back from the camera's RTCP sender
 * reports: the wall clock at capture, so no later than when the frame
 * arrived and not long before. */
static void
test_camsim_capture_time (void)
{
  Camsim camsim = camsim_start ("--camera", "hall:160x120@10", NULL);
  g_autoptr(Pull) pull = pull_run (camsim.port, "hall", NULL, NULL, FALSE, TRUE);
  gint64 age_us;

  g_assert_no_error (pull->error);
  age_us = pull->capture_seen_at_us - pull->capture_time_us;
  g_test_message ("a frame arrived %" G_GINT64_FORMAT " µs after its capture time", age_us);
  /* Loose bounds: loopback, but a busy machine, and NTP time in the SR is
   * taken when the report is sent. */
  g_assert_cmpint (age_us, >, -G_USEC_PER_SEC);
  g_assert_cmpint (age_us, <, 5 * G_USEC_PER_SEC);

  camsim_stop (&camsim);
}

/* With --auth, no credentials and wrong ones are refused; the right ones
 * play, over Basic or Digest, whichever the client picks. */
static void
test_camsim_auth (void)
{
  Camsim camsim = camsim_start ("--camera", "hall:160x120@5", "--auth", "keeper:s3cret pass", NULL);

  {
    g_autoptr(Pull) pull = pull_run (camsim.port, "hall", NULL, NULL, FALSE, FALSE);
    g_assert_error (pull->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
    g_assert_cmpuint (pull->video_frames, ==, 0);
  }
  {
    g_autoptr(Pull) pull = pull_run (camsim.port, "hall", "keeper", "wrong", FALSE, FALSE);
    g_assert_error (pull->error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED);
    g_assert_cmpuint (pull->video_frames, ==, 0);
  }
  {
    g_autoptr(Pull) pull = pull_run (camsim.port, "hall", "keeper", "s3cret pass", FALSE, FALSE);
    g_assert_no_error (pull->error);
    g_assert_cmpint (pull->width, ==, 160);
  }

  camsim_stop (&camsim);
}

/* A bad argument is one line on stderr, naming what is wrong, and exit 2. */
static void
test_camsim_bad_arguments (void)
{
  struct {
    const char *args[4];
    const char *named;
  } cases[] = {
    { { "--camera", "hall:320x24O@10" }, "320x24O@10" },
    { { "--camera", "hall:321x240@10" }, "321x240@10" },
    { { "--camera", "hall:320x240@0" }, "320x240@0" },
    { { "--camera", "hall,audio=mp3" }, "audio=mp3" },
    { { "--camera", "hall,codec=vp8" }, "codec=vp8" },
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
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (gpointer) g_getenv ("VIGIL_CAMSIM"));
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].args) && cases[i].args[j]; j++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);

      process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
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
  g_test_add_func ("/camsim/capture-time", test_camsim_capture_time);
  g_test_add_func ("/camsim/auth", test_camsim_auth);
  g_test_add_func ("/camsim/bad-arguments", test_camsim_bad_arguments);

  return g_test_run ();
}
