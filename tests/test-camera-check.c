/* test-camera-check.c: `vigilctl camera check` against simulated cameras:
 * a camera by name with its stored credentials, a camera that dies and
 * freezes while it is watched, and bad input.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-camera-check"

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "vigil-test-utils.h"
#include "media-test-utils.h"

#define CAMERA_USER "viewer"
#define CAMERA_PASSWORD "Quiet-Lamp-4471"

/* The JSON Lines of one run, each parsed. */
static GPtrArray *
parse_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node;

      if (*lines[i] == '\0')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_ptr_array_add (events, node);
    }
  return events;
}

static JsonObject *
event_at (GPtrArray *events,
          guint      i)
{
  return json_node_get_object (g_ptr_array_index (events, i));
}

static const char *
event_name (GPtrArray *events,
            guint      i)
{
  return json_object_get_string_member (event_at (events, i), "event");
}

/* "at": UTC ISO-8601 with milliseconds. */
static gint64
event_time (JsonObject *event)
{
  const char *at = json_object_get_string_member (event, "at");
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (at, NULL);

  g_assert_nonnull (time);
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$", at, 0, 0));
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
test_by_name (void)
{
  /* Replayed, so that the server's first connection is quick even under
   * the sanitizers beside other tests. */
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--auth", CAMERA_USER ":" CAMERA_PASSWORD,
                                           "--camera", "lounge:160x90@10,audio=pcmu", NULL);
  g_autofree char *url = camsim_url (camsim, "lounge");
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  JsonObject *playing, *video, *audio, *summary;
  int status;

  media_add_camera (site, manager, "Lounge", url, CAMERA_USER, CAMERA_PASSWORD);

  /* No login: the stored credentials are used, and shown nowhere, even with
   * every debug message on. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "GST_DEBUG", "2", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VIGILCTL"), "--data-dir", dir, "camera",
                                         "check", "Lounge", "--seconds", "5", "--json", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  if (g_subprocess_get_exit_status (process) != 0)
    g_test_message ("standard output:\n%s\nstandard error, the end:\n%s", out,
                    err + MAX (0, (gssize) strlen (err) - 6000));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  /* The debug messages were there to look through. */
  g_assert_nonnull (strstr (err, "DEBUG"));
  g_assert_null (strstr (out, CAMERA_PASSWORD));
  g_assert_null (strstr (err, CAMERA_PASSWORD));

  /* Connecting, playing, the summary; on a machine slow enough that the
   * first video takes more than the deadline, a "stalled" loss before the
   * playing line, and counted. */
  events = parse_lines (out);
  g_assert_cmpuint (events->len, >=, 3);
  g_assert_cmpstr (event_name (events, 0), ==, "connecting");
  g_assert_cmpstr (event_name (events, events->len - 2), ==, "playing");
  g_assert_cmpstr (event_name (events, events->len - 1), ==, "summary");
  for (guint i = 1; i < events->len - 2; i++)
    {
      g_assert_cmpstr (event_name (events, i), ==, "lost");
      g_assert_cmpstr (json_object_get_string_member (event_at (events, i), "cause"), ==, "stalled");
    }

  playing = event_at (events, events->len - 2);
  video = json_object_get_object_member (playing, "video");
  g_assert_cmpstr (json_object_get_string_member (video, "codec"), ==, "h264");
  g_assert_cmpint (json_object_get_int_member (video, "width"), ==, 160);
  g_assert_cmpint (json_object_get_int_member (video, "height"), ==, 90);
  g_assert_cmpfloat (json_object_get_double_member (video, "fps"), ==, 10.0);
  audio = json_object_get_object_member (playing, "audio");
  g_assert_cmpstr (json_object_get_string_member (audio, "codec"), ==, "pcmu");
  g_assert_cmpint (json_object_get_int_member (audio, "rate"), ==, 8000);
  g_assert_cmpint (json_object_get_int_member (audio, "channels"), ==, 1);
  g_assert_cmpint (event_time (playing), >=, event_time (event_at (events, 0)));

  summary = event_at (events, events->len - 1);
  g_assert_cmpint (json_object_get_int_member (summary, "frames"), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "first_frame_ms"), >, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "losses"), ==, events->len - 3);

  /* The same in words. */
  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", dir, "camera", "check", "Lounge",
                           "--seconds", "5", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_regex_match_simple ("connecting .*\n(.*lost +stalled: .*\n)?"
                                       ".*playing +video h264 160×90 at 10 fps; sound pcmu 8000 Hz, 1 channel\n"
                                       "\\d+ frames in 5 seconds; the first after \\d+ ms; lost [01] times?\\.\n$",
                                       out, 0, 0));

  camsim_stop (camsim);
  vigil_test_remove_dir (dir);
}

/* A check watched line by line while its camera dies and freezes. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GPtrArray        *events;
  char             *line;
  gboolean          reading;
  gboolean          ended;
} Watch;

static void
on_line (GObject      *stream,
         GAsyncResult *result,
         gpointer      user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (stream), result, NULL,
                                                                    &error);

  g_assert_no_error (error);
  watch->reading = FALSE;
  if (line == NULL)
    {
      watch->ended = TRUE;
      return;
    }
  g_ptr_array_add (watch->events, json_from_string (line, &error));
  g_assert_no_error (error);
}

typedef struct
{
  Watch      *watch;
  const char *event;
  guint       after;
} Awaited;

static gboolean
has_event (gpointer data)
{
  Awaited *awaited = data;
  Watch *watch = awaited->watch;

  for (guint i = awaited->after; i < watch->events->len; i++)
    if (g_str_equal (event_name (watch->events, i), awaited->event))
      return TRUE;
  if (!watch->reading && !watch->ended)
    {
      watch->reading = TRUE;
      g_data_input_stream_read_line_async (watch->out, G_PRIORITY_DEFAULT, NULL, on_line, watch);
    }
  return FALSE;
}

/* The next @event line; returns its time. */
static JsonObject *
await_event (Watch      *watch,
             const char *event,
             gint64      timeout_us)
{
  Awaited awaited = { watch, event, watch->events->len };

  if (!camsim_wait_for (has_event, &awaited, timeout_us))
    g_error ("no “%s” line within %.0f s", event, timeout_us / 1e6);
  for (guint i = awaited.after; i < watch->events->len; i++)
    if (g_str_equal (event_name (watch->events, i), event))
      return event_at (watch->events, i);
  g_assert_not_reached ();
}

static gboolean
has_ended (gpointer data)
{
  Awaited awaited = { data, "", 0 };

  has_event (&awaited);
  return ((Watch *) data)->ended;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
test_follows_camera (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:160x90@10", NULL);
  g_autofree char *url = camsim_url (camsim, "hall");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  Watch watch = { 0 };
  JsonObject *event, *summary;
  guint early_losses;
  gint64 action;

  watch.events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  /* A check outlives no failed test: it would hold the test's output open.
   * Its connections are dropped mid-request as the camera dies and freezes,
   * when rtspsrc 1.22 may log a critical of its own: not fatal here. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "gc-friendly", TRUE);
  watch.process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VIGILCTL"), "camera", "check",
                                               "--url", url, "--seconds", "120", "--json", NULL);
  g_assert_no_error (error);
  watch.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch.process));

  await_event (&watch, "playing", MEDIA_START_WAIT_US);
  /* A first connection slower than the deadline (under the sanitizers,
   * beside other tests) is a loss of its own, before the first playing. */
  early_losses = watch.events->len > 2 ? 1 : 0;

  /* Dead: noticed within 3 s; back within 2 s of its restart. */
  action = g_get_real_time ();
  camsim_kill (camsim);
  event = await_event (&watch, "lost", MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_assert_cmpint (event_time (event) - action, <, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));

  action = g_get_real_time ();
  camsim_restart (camsim);
  event = await_event (&watch, "playing", MEDIA_WAIT (MEDIA_RETURN_DEADLINE_US));
  g_assert_cmpint (event_time (event) - action, <, MEDIA_WAIT (MEDIA_RETURN_DEADLINE_US));

  /* Frozen: stalled within 3 s; playing again after SIGCONT. */
  action = g_get_real_time ();
  camsim_freeze (camsim);
  event = await_event (&watch, "lost", MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_assert_cmpstr (json_object_get_string_member (event, "cause"), ==, "stalled");
  g_assert_cmpint (event_time (event) - action, <, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));

  action = g_get_real_time ();
  camsim_thaw (camsim);
  event = await_event (&watch, "playing", MEDIA_WAIT (MEDIA_RETURN_DEADLINE_US));
  g_assert_cmpint (event_time (event) - action, <, MEDIA_WAIT (MEDIA_RETURN_DEADLINE_US));

  /* Interrupted, it still sums up. */
  g_subprocess_send_signal (watch.process, SIGINT);
  summary = await_event (&watch, "summary", 10 * G_USEC_PER_SEC);
  g_assert_cmpint (json_object_get_int_member (summary, "losses"), ==, 2 + early_losses);
  g_assert_cmpint (json_object_get_int_member (summary, "frames"), >, 0);
  g_assert_true (camsim_wait_for (has_ended, &watch, 10 * G_USEC_PER_SEC));
  g_assert_true (g_subprocess_wait_check (watch.process, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&watch.out);
  g_clear_object (&watch.process);
  g_clear_pointer (&watch.events, g_ptr_array_unref);
  camsim_stop (camsim);
}

/* Nothing listens: exit 1, with the loss said. */
static void
test_no_camera (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *summary;
  int status;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("rtsp://127.0.0.1:%d/hall", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "camera", "check", "--url", url, "--seconds", "1", "--json",
                           NULL);
  g_assert_cmpint (status, ==, 1);
  events = parse_lines (out);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (event_name (events, 1), ==, "lost");
  g_assert_cmpstr (json_object_get_string_member (event_at (events, 1), "cause"), ==, "refused");
  g_assert_nonnull (json_object_get_string_member (event_at (events, 1), "detail"));
  summary = event_at (events, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "frames"), ==, 0);
  g_assert_true (json_object_get_null_member (summary, "first_frame_ms"));
  g_assert_cmpint (json_object_get_int_member (summary, "losses"), ==, 1);
}

static void
test_bad_input (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", dir, "camera", "check", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "NAME or --url");

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", dir, "camera", "check", "Hall",
                           "--url", "rtsp://127.0.0.1/x", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "not both");

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", dir, "camera", "check", "Nowhere", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "Nowhere");

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "camera", "check", "--url", "rtsp://127.0.0.1/x",
                           "--seconds", "0", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "--seconds");

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "camera", "check", "--url", "http://127.0.0.1/x", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "rtsp://");

  /* Credentials in a URL on the command line are refused, and not echoed. */
  vigil_test_run_vigilctl (NULL, &status, &out, &err, "camera", "check", "--url",
                           "rtsp://admin:" CAMERA_PASSWORD "@127.0.0.1/x", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "username or password");
  g_assert_null (strstr (err, CAMERA_PASSWORD));
  g_assert_cmpstr (out, ==, "");

  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/camera-check/by-name", test_by_name);
  g_test_add_func ("/camera-check/follows-camera", test_follows_camera);
  g_test_add_func ("/camera-check/no-camera", test_no_camera);
  g_test_add_func ("/camera-check/bad-input", test_bad_input);

  return g_test_run ();
}
