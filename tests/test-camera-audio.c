/* test-camera-audio.c: a camera's sound played through PipeWire, as the
 * duty view plays the baby's room: a stream named after the room, linked to
 * the session's sink, that follows the camera through a restart, with a
 * level meter that keeps moving while the sound is muted.
 *
 * It needs the PipeWire daemon, WirePlumber and pipewire-pulse that
 * build-aux/test-session.sh starts with a null sink; it is skipped only where
 * none answers and the session named no sink.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-camera-audio"

#include "config.h"

#include <json-glib/json-glib.h>
#include <unistd.h>

#include "vigil-test-utils.h"
#include "media-test-utils.h"
#include "pipewire-graph.h"

/* WirePlumber links a new stream within moments; a busy machine may take
 * longer, and the sanitizer build's (which once took more than 10 s to
 * have pulsesink's stream linked) longer still. */
#define LINK_WAIT_US (10 * MEDIA_SLOWDOWN * G_USEC_PER_SEC)

/* What the supervisor would see of the stream whose node is named @name. */
typedef struct
{
  gint64   node;          /* its node's id, or -1 */
  gint64   serial;        /* its node's serial: ids are reused, serials not */
  char    *node_state;    /* "running" while it plays */
  char    *media_name;    /* what PulseAudio's tools call it */
  char    *application;
  gboolean linked;        /* an active link from it to the test sink */
} Stream;

static void
stream_clear (Stream *stream)
{
  g_clear_pointer (&stream->node_state, g_free);
  g_clear_pointer (&stream->media_name, g_free);
  g_clear_pointer (&stream->application, g_free);
  stream->node = -1;
  stream->serial = -1;
  stream->linked = FALSE;
}

/* FALSE if no daemon answered. */
static gboolean
find_stream (const char *name,
             Stream     *stream)
{
  g_autoptr(JsonNode) dump = pipewire_dump ();
  JsonArray *objects;
  gint64 sink = -1;

  stream_clear (stream);
  if (dump == NULL)
    return FALSE;
  objects = json_node_get_array (dump);

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (!pipewire_is_type (object, "PipeWire:Interface:Node"))
        continue;
      if (g_strcmp0 (pipewire_prop (object, "node.name"), pipewire_test_sink_name ()) == 0)
        sink = json_object_get_int_member (object, "id");
      else if (g_strcmp0 (pipewire_prop (object, "node.name"), name) == 0)
        {
          JsonObject *info = json_object_get_object_member (object, "info");

          stream->node = json_object_get_int_member (object, "id");
          stream->serial = json_object_get_int_member (json_object_get_object_member (info, "props"),
                                                       "object.serial");
          stream->node_state = g_strdup (json_object_get_string_member_with_default (info, "state", ""));
          stream->application = g_strdup (pipewire_prop (object, "application.name"));
          stream->media_name = g_strdup (pipewire_prop (object, "media.name"));
        }
    }

  for (guint i = 0; i < json_array_get_length (objects) && stream->node >= 0; i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      JsonObject *info;

      if (!pipewire_is_type (object, "PipeWire:Interface:Link"))
        continue;
      info = json_object_get_object_member (object, "info");
      if (json_object_get_int_member_with_default (info, "output-node-id", -2) == stream->node &&
          json_object_get_int_member_with_default (info, "input-node-id", -2) == sink &&
          g_strcmp0 (json_object_get_string_member_with_default (info, "state", ""), "active") == 0)
        stream->linked = TRUE;
    }
  return TRUE;
}

/* pw-dump is a process: looked at every 100 ms, not every iteration. */
typedef struct
{
  const char *name;
  gboolean    present;     /* waiting for the stream to play, or to go */
  gint64      not_serial;  /* a node that does not count (an old stream) */
  gint64      next_look;
  Stream      stream;
} StreamWait;

static gboolean
stream_as_wanted (gpointer data)
{
  StreamWait *wait = data;
  gint64 now = g_get_monotonic_time ();

  if (now < wait->next_look)
    return FALSE;
  wait->next_look = now + 100 * G_TIME_SPAN_MILLISECOND;
  g_assert_true (find_stream (wait->name, &wait->stream));

  if (!wait->present)
    return wait->stream.node < 0;
  return wait->stream.node >= 0 && wait->stream.serial != wait->not_serial && wait->stream.linked &&
         g_strcmp0 (wait->stream.node_state, "running") == 0 && g_strcmp0 (wait->stream.media_name, wait->name) == 0;
}

/* Waits until a stream named @name plays into the sink (a node of its own,
 * other than the one with @not_serial) and returns its node's serial. */
static gint64
wait_stream_playing (const char *name,
                     gint64      not_serial)
{
  StreamWait wait = { name, TRUE, not_serial, 0, { -1 } };
  gint64 serial;

  if (!camsim_wait_for (stream_as_wanted, &wait, LINK_WAIT_US))
    g_error ("no stream \"%s\" playing into %s after %.0f s (node %" G_GINT64_FORMAT ", %s, %s, media.name %s)",
             name, pipewire_test_sink_name (), LINK_WAIT_US / 1e6, wait.stream.node, wait.stream.node_state,
             wait.stream.linked ? "linked" : "not linked", wait.stream.media_name);
  g_assert_cmpstr (wait.stream.application, ==, "Vigil");
  serial = wait.stream.serial;
  stream_clear (&wait.stream);
  return serial;
}

static void
wait_stream_gone (const char *name)
{
  StreamWait wait = { name, FALSE, -1, 0, { -1 } };

  if (!camsim_wait_for (stream_as_wanted, &wait, LINK_WAIT_US))
    g_error ("stream \"%s\" still there after %.0f s", name, LINK_WAIT_US / 1e6);
  stream_clear (&wait.stream);
}

/* Listening to the stream alone: pw-record, left unlinked by WirePlumber,
 * linked by hand to the stream's first output port, so that no other sound
 * in the session is heard. It prints 48 kHz 16-bit mono samples. */

#define LISTEN_RATE 48000
/* Half a second of exact zeros: muted. */
#define SILENT_RUN (LISTEN_RATE / 2)
/* Louder than -60 dBFS: the room's noise, played. */
#define LOUD_SAMPLE 33

typedef struct
{
  GSubprocess  *process;
  char         *node_name;
  char         *stream;
  gboolean      linked;
  gint64        next_try;
  GCancellable *cancellable;
  guint64       samples;
  guint         silent_run;
  guint         longest_silence;
  gint16        peak;
} Listener;

static void read_more (Listener *listener);

static void
on_read (GObject      *stream,
         GAsyncResult *result,
         gpointer      user_data)
{
  Listener *listener = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (stream), result, &error);
  const gint16 *samples;
  gsize size;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return;   /* cancelled, or pw-record ended */

  /* pw-record writes whole samples; a pipe may still split one. */
  samples = g_bytes_get_data (bytes, &size);
  for (gsize i = 0; i < size / 2; i++)
    {
      gint16 sample = ABS (samples[i]);

      listener->peak = MAX (listener->peak, sample);
      listener->silent_run = sample == 0 ? listener->silent_run + 1 : 0;
      listener->longest_silence = MAX (listener->longest_silence, listener->silent_run);
    }
  listener->samples += size / 2;
  read_more (listener);
}

static void
read_more (Listener *listener)
{
  g_input_stream_read_bytes_async (g_subprocess_get_stdout_pipe (listener->process), 4096, G_PRIORITY_DEFAULT,
                                   listener->cancellable, on_read, listener);
}

static Listener *
listener_new (const char *stream)
{
  Listener *listener = g_new0 (Listener, 1);
  static guint count;
  g_autofree char *props = NULL;
  g_autoptr(GError) error = NULL;

  listener->node_name = g_strdup_printf ("vigil-test-listener-%d-%u", (int) getpid (), count++);
  listener->stream = g_strdup (stream);
  listener->cancellable = g_cancellable_new ();
  props = g_strdup_printf ("{ node.autoconnect = false node.name = %s }", listener->node_name);
  listener->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                        "pw-record", "-P", props, "--format", "s16", "--rate", "48000",
                                        "--channels", "1", "-", NULL);
  g_assert_no_error (error);
  read_more (listener);
  return listener;
}

/* The first output port of the node named @node, from `pw-link -o`. */
static char *
first_output_port (const char *node)
{
  const char *argv[] = { "pw-link", "-o", NULL };
  g_autofree char *out = NULL;
  g_autofree char *prefix = g_strconcat (node, ":", NULL);
  g_auto(GStrv) lines = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, NULL, NULL))
    return NULL;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i]);
  return NULL;
}

static gboolean
listener_linked (gpointer data)
{
  Listener *listener = data;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *output = NULL;
  g_autofree char *input = NULL;
  int status = -1;

  if (now < listener->next_try)
    return FALSE;
  listener->next_try = now + 100 * G_TIME_SPAN_MILLISECOND;

  output = first_output_port (listener->stream);
  input = g_strconcat (listener->node_name, ":input_MONO", NULL);
  if (output != NULL)
    {
      const char *argv[] = { "pw-link", output, input, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL);
    }
  return status == 0;
}

/* Starts listening to @stream, and waits until it is linked. */
static Listener *
listen_to (const char *stream)
{
  Listener *listener = listener_new (stream);

  if (!camsim_wait_for (listener_linked, listener, LINK_WAIT_US))
    g_error ("could not link a listener to \"%s\"", stream);
  return listener;
}

static gboolean
heard_sound (gpointer data)
{
  Listener *listener = data;

  return listener->peak >= LOUD_SAMPLE;
}

static gboolean
heard_silence (gpointer data)
{
  Listener *listener = data;

  return listener->longest_silence >= SILENT_RUN;
}

/* What comes from now on: sound, or half a second of silence. */
static void
expect (Listener *listener,
        gboolean  sound)
{
  listener->peak = 0;
  listener->silent_run = 0;
  listener->longest_silence = 0;
  if (!camsim_wait_for (sound ? heard_sound : heard_silence, listener, LINK_WAIT_US))
    g_error ("\"%s\": expected %s; heard %" G_GUINT64_FORMAT " samples, peak %d, longest silence %u",
             listener->stream, sound ? "sound" : "silence", listener->samples, listener->peak,
             listener->longest_silence);
}

static void
listener_free (Listener *listener)
{
  g_cancellable_cancel (listener->cancellable);
  g_subprocess_force_exit (listener->process);
  g_assert_true (g_subprocess_wait (listener->process, NULL, NULL));
  /* The cancelled read reports on the next iteration. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (listener->process);
  g_object_unref (listener->cancellable);
  g_free (listener->node_name);
  g_free (listener->stream);
  g_free (listener);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listener, listener_free)

/* The level meter */

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
meter_moved (gpointer data)
{
  Meter *meter = data;

  return meter->loudest - meter->quietest >= 10.0 && meter->quietest > VIGIL_SOUND_LEVEL_SILENCE;
}

static void
watch_meter (Meter *meter)
{
  meter->quietest = 0.0;
  meter->loudest = VIGIL_SOUND_LEVEL_SILENCE;
  if (!camsim_wait_for (meter_moved, meter, 15 * G_USEC_PER_SEC))
    g_error ("the level stayed between %.1f and %.1f dB", meter->quietest, meter->loudest);
}

/* Tests */

/* A room's name, made unique to this process: tests running side by side
 * in one session must not see each other's streams. */
static char *
room (const char *name)
{
  return g_strdup_printf ("%s (test %d)", name, (int) getpid ());
}

/* A daemon that answers, with the PulseAudio protocol Vigil plays through,
 * or a skip; never a skip where the session said it started one. */
static gboolean
sound_server_present (void)
{
  g_autofree char *pulse = g_build_filename (g_get_user_runtime_dir (), "pulse", "native", NULL);
  g_autoptr(GstElementFactory) pulsesink = gst_element_factory_find ("pulsesink");
  Stream stream = { -1 };
  gboolean present = find_stream ("", &stream) && g_file_test (pulse, G_FILE_TEST_EXISTS) && pulsesink != NULL;

  stream_clear (&stream);
  if (present)
    return TRUE;
  if (g_getenv ("VIGIL_TEST_AUDIO_SINK") != NULL || g_getenv ("CI") != NULL)
    g_error ("no PipeWire daemon with pipewire-pulse answers (GStreamer's pulsesink: %s), though the session "
             "should have one (VIGIL_TEST_AUDIO_SINK or CI is set)", pulsesink ? "present" : "missing");
  g_test_skip ("no PipeWire daemon with pipewire-pulse answers (build-aux/test-session.sh starts one where "
               "PipeWire is installed)");
  return FALSE;
}

static void
test_room_stream (void)
{
  g_autoptr(Camsim) camsim = NULL;
  g_autoptr(VigilCameraSource) source = NULL;
  g_autoptr(Listener) listener = NULL;
  Meter meter = { 0 };
  g_autofree char *room1 = room ("Room 1");
  g_autofree char *room2 = room ("Room 2");
  gint64 serial;
  gboolean muted = FALSE;

  if (!sound_server_present ())
    return;

  camsim = camsim_start ("--replay", "--camera", "room1:160x90@10,audio=aac", NULL);
  source = media_source_for_url (camsim, "room1");
  meter.source = source;
  g_signal_connect (source, "notify::sound-level", G_CALLBACK (on_level), &meter);
  media_start_playing (source);

  /* Asked for while playing: the room's stream appears, linked to the
   * default sink. */
  g_assert_null (vigil_camera_source_get_audio_output (source));
  vigil_camera_source_set_audio_output (source, room1);
  g_assert_cmpstr (vigil_camera_source_get_audio_output (source), ==, room1);
  serial = wait_stream_playing (room1, -1);

  listener = listen_to (room1);
  expect (listener, TRUE);

  /* Muted: the stream stays, silent, and the meter keeps moving. */
  vigil_camera_source_set_volume (source, 0.5);
  g_object_set (source, "muted", TRUE, NULL);
  g_object_get (source, "muted", &muted, NULL);
  g_assert_true (muted);
  g_assert_cmpfloat (vigil_camera_source_get_volume (source), ==, 0.5);
  expect (listener, FALSE);
  watch_meter (&meter);
  g_assert_cmpint (wait_stream_playing (room1, -1), ==, serial);
  g_clear_pointer (&listener, listener_free);

  /* The camera dies and comes back: so does its stream, a new one, still
   * muted, with its meter moving; unmuted, it is heard again. */
  camsim_kill (camsim);
  media_wait_state (source, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_NONE, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  wait_stream_gone (room1);
  camsim_restart (camsim);
  media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  serial = wait_stream_playing (room1, serial);
  g_assert_true (vigil_camera_source_get_muted (source));
  listener = listen_to (room1);
  expect (listener, FALSE);
  watch_meter (&meter);
  vigil_camera_source_set_muted (source, FALSE);
  expect (listener, TRUE);
  g_clear_pointer (&listener, listener_free);

  /* Switched back and forth faster than a stream can start, then renamed,
   * then stopped: only the last name plays, then nothing; the meter does
   * not mind. */
  for (guint i = 0; i < 40; i++)
    {
      vigil_camera_source_set_audio_output (source, i % 3 == 2 ? NULL : i % 3 == 1 ? room2 : room1);
      vigil_camera_source_set_muted (source, i % 2);
      g_main_context_iteration (NULL, FALSE);
    }
  vigil_camera_source_set_muted (source, FALSE);
  vigil_camera_source_set_audio_output (source, room2);
  wait_stream_gone (room1);
  wait_stream_playing (room2, -1);
  vigil_camera_source_set_audio_output (source, NULL);
  wait_stream_gone (room2);
  watch_meter (&meter);

  vigil_camera_source_stop (source);
  vigil_test_assert_finalize_soon (g_steal_pointer (&source));
  camsim_stop (camsim);
}

/* Set before start, the stream plays from the first connection; stopping
 * the source takes it away. */
static void
test_before_start (void)
{
  g_autoptr(Camsim) camsim = NULL;
  g_autoptr(VigilCameraSource) source = NULL;
  g_autofree char *nursery = room ("Nursery");

  if (!sound_server_present ())
    return;

  camsim = camsim_start ("--replay", "--camera", "nursery:160x90@10,audio=pcmu", NULL);
  source = media_source_for_url (camsim, "nursery");
  vigil_camera_source_set_audio_output (source, nursery);
  media_start_playing (source);
  wait_stream_playing (nursery, -1);

  vigil_camera_source_stop (source);
  wait_stream_gone (nursery);
  vigil_test_assert_finalize_soon (g_steal_pointer (&source));
  camsim_stop (camsim);
}

int
main (int   argc,
      char *argv[])
{
  media_test_init (&argc, &argv);

  media_test_add ("/camera-audio/room-stream", test_room_stream);
  media_test_add ("/camera-audio/before-start", test_before_start);

  return g_test_run ();
}
