/* recorder-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "recorder-fixture.h"

void
rec_setup (Rec        *rec,
           const char *first_camera,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  memset (rec, 0, sizeof *rec);
  rec->site = vigil_test_site_new (&rec->dir);
  rec->manager = vigil_test_login_manager (rec->site);
  vigil_test_add_staff (rec->site, rec->manager, REC_LEAD, 4, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, REC_LEAD_PASSWORD);
  rec->lead = vigil_test_login (rec->site, REC_LEAD, REC_LEAD_PASSWORD);
  rec->recordings = vigil_site_get_recordings_dir (rec->site);

  rec_set_setting (rec, VIGIL_SETTING_SEGMENT_SECONDS, "10");
  rec_set_setting (rec, VIGIL_SETTING_RECORDER_MIN_FREE_MB, "0");

  /* Clips encoded once and replayed: regular frames whatever else the
   * machine is doing, as a real camera's are. */
  g_ptr_array_add (args, (gpointer) "--replay");
  va_start (ap, first_camera);
  for (const char *camera = first_camera; camera != NULL; camera = va_arg (ap, const char *))
    {
      g_ptr_array_add (args, (gpointer) "--camera");
      g_ptr_array_add (args, (gpointer) camera);
    }
  va_end (ap);
  g_ptr_array_add (args, NULL);
  rec->camsim = camsim_startv (0, (const char * const *) args->pdata);
}

void
rec_teardown (Rec *rec)
{
  if (rec->recorder != NULL)
    rec_kill_recorder (rec);
  g_clear_pointer (&rec->camsim, camsim_free);
  g_clear_object (&rec->lead);
  g_clear_object (&rec->manager);
  g_clear_object (&rec->site);
  if (rec->dir != NULL)
    vigil_test_remove_dir (rec->dir);
  g_clear_pointer (&rec->dir, g_free);
  g_clear_pointer (&rec->recordings, g_free);
}

void
rec_add_room (Rec        *rec,
              const char *room)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_room (rec->site, rec->manager, room, NULL, &error));
  g_assert_no_error (error);
}

void
rec_add_camera (Rec        *rec,
                const char *name,
                const char *room,
                const char *path,
                gboolean    has_audio)
{
  g_autofree char *url = camsim_url (rec->camsim, path);
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, room ? VIGIL_LOCATION_FAMILY_ROOM : VIGIL_LOCATION_COMMUNAL,
                                                    room, url, NULL, has_audio);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_camera (rec->site, rec->manager, camera, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

void
rec_add_family (Rec              *rec,
                const char       *case_ref,
                const char       *room,
                VigilFamilyState  stage,
                gboolean          covers_audio)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (vigil_site_get_time_zone (rec->site));
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -2);
  g_autofree char *admitted = g_date_time_format (before, "%Y-%m-%d");
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, "AB", room, admitted);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, admitted, covers_audio);
  g_assert_true (vigil_site_add_family (rec->site, rec->lead, family, stage, NULL, &error));
  g_assert_no_error (error);
}

void
rec_set_setting (Rec        *rec,
                 const char *key,
                 const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_set_setting (rec->site, rec->manager, key, value, "recorder test", &error));
  g_assert_no_error (error);
}

gboolean
rec_wait (gboolean (*done) (gpointer data),
          gpointer   data,
          gint64     timeout_us)
{
  return camsim_wait_for (done, data, timeout_us);
}

static gboolean
time_reached (gpointer data)
{
  return g_get_real_time () >= *(gint64 *) data;
}

void
rec_wait_until (gint64 at)
{
  rec_wait (time_reached, &at, at - g_get_real_time () + REC_SEC);
}

typedef struct
{
  Rec    *rec;
  gint64  pid;
} RunningWait;

static gboolean
recorder_running (gpointer data)
{
  RunningWait *wait = data;
  g_autoptr(VigilRecorderStatus) status = vigil_site_get_recorder_status (wait->rec->site, NULL);

  return status != NULL && vigil_recorder_status_get_pid (status) == wait->pid &&
         vigil_recorder_status_is_running (status, g_get_real_time ());
}

/* A recorder outlives no failed test. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
rec_start_recorder (Rec *rec)
{
  const char *program = g_getenv ("VIGIL_RECORDER");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  RunningWait wait = { rec };

  g_assert_nonnull (program);
  g_assert_null (rec->recorder);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* The recorder warns of what goes wrong around it (a full disk, a lost
   * camera) as its journal should show: only criticals are its own bugs. */
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  rec->recorder = g_subprocess_launcher_spawn (launcher, &error, program, "--data-dir", rec->dir, NULL);
  g_assert_no_error (error);
  wait.pid = g_ascii_strtoll (g_subprocess_get_identifier (rec->recorder), NULL, 10);
  if (!rec_wait (recorder_running, &wait, REC_START_WAIT))
    g_error ("vigil-recorder did not report itself running");
}

static void
wait_exit (Rec    *rec,
           int     expected_status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait (rec->recorder, NULL, &error));
  g_assert_no_error (error);
  if (expected_status >= 0)
    {
      g_assert_true (g_subprocess_get_if_exited (rec->recorder));
      g_assert_cmpint (g_subprocess_get_exit_status (rec->recorder), ==, expected_status);
    }
  g_clear_object (&rec->recorder);
}

void
rec_stop_recorder (Rec *rec)
{
  g_autoptr(VigilRecorderStatus) status = NULL;

  g_assert_nonnull (rec->recorder);
  g_subprocess_send_signal (rec->recorder, SIGTERM);
  wait_exit (rec, 0);

  /* It said so before it went. */
  status = vigil_site_get_recorder_status (rec->site, NULL);
  g_assert_nonnull (status);
  g_assert_cmpint (vigil_recorder_status_get_stopped_at (status), >, 0);
  g_assert_false (vigil_recorder_status_is_running (status, g_get_real_time ()));
}

void
rec_kill_recorder (Rec *rec)
{
  g_subprocess_force_exit (rec->recorder);
  wait_exit (rec, -1);
}

static void
list_all (Rec         *rec,
          const char  *camera,
          GPtrArray  **segments,
          GPtrArray  **gaps)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_list_recordings (rec->site, camera, 0, G_MAXINT64, segments, gaps, &error));
  g_assert_no_error (error);
}

GPtrArray *
rec_segments (Rec        *rec,
              const char *camera)
{
  g_autoptr(GPtrArray) gaps = NULL;
  GPtrArray *segments = NULL;

  list_all (rec, camera, &segments, &gaps);
  return segments;
}

GPtrArray *
rec_gaps (Rec        *rec,
          const char *camera)
{
  g_autoptr(GPtrArray) segments = NULL;
  GPtrArray *gaps = NULL;

  list_all (rec, camera, &segments, &gaps);
  return gaps;
}

typedef struct
{
  Rec        *rec;
  const char *camera;
  guint       count;
} SegmentWait;

static gboolean
enough_segments (gpointer data)
{
  SegmentWait *wait = data;
  g_autoptr(GPtrArray) segments = rec_segments (wait->rec, wait->camera);

  return segments->len >= wait->count;
}

void
rec_wait_segments (Rec        *rec,
                   const char *camera,
                   guint       count,
                   gint64      timeout_us)
{
  SegmentWait wait = { rec, camera, count };

  if (!rec_wait (enough_segments, &wait, timeout_us))
    {
      g_autoptr(GPtrArray) segments = rec_segments (rec, camera);
      g_autoptr(GPtrArray) gaps = rec_gaps (rec, camera);

      g_error ("%s has %u segments and %u gaps, not %u segments, after %" G_GINT64_FORMAT " s", camera,
               segments->len, gaps->len, count, timeout_us / REC_SEC);
    }
}

typedef struct
{
  Rec                 *rec;
  const char          *camera;
  VigilRecordingState  state;
  gboolean             disk_full_seen;
} StateWait;

static gboolean
camera_in_state (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(VigilRecorderStatus) status = vigil_site_get_recorder_status (wait->rec->site, NULL);
  const VigilRecorderCamera *camera = status ? vigil_recorder_status_find_camera (status, wait->camera) : NULL;

  if (status != NULL && vigil_recorder_status_get_disk_full (status))
    wait->disk_full_seen = TRUE;
  return camera != NULL && camera->state == wait->state;
}

gboolean
rec_wait_camera_state (Rec                 *rec,
                       const char          *camera,
                       VigilRecordingState  state,
                       gint64               timeout_us)
{
  StateWait wait = { rec, camera, state };

  if (!rec_wait (camera_in_state, &wait, timeout_us))
    g_error ("the recorder never said %s was %s", camera, vigil_recording_state_to_string (state));
  return wait.disk_full_seen;
}

char *
rec_segment_file (Rec          *rec,
                  VigilSegment *segment)
{
  return g_build_filename (rec->recordings, vigil_segment_get_path (segment), NULL);
}

char *
rec_sha256_of_file (const char *path,
                    guint64    *bytes)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  if (bytes != NULL)
    *bytes = length;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static char *
run (const char * const *argv,
     char              **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], err ? *err : "");
  return out;
}

void
rec_probe (Rec          *rec,
           VigilSegment *segment,
           RecProbe     *probe)
{
  g_autofree char *path = rec_segment_file (rec, segment);
  guint64 bytes = 0;
  g_autofree char *sha256 = rec_sha256_of_file (path, &bytes);
  /* Every packet decoded as timed, not converted to a constant rate. */
  const char *decode[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-fps_mode", "passthrough", "-enc_time_base", "-1",
                           "-f", "null", "-",
                           NULL };
  const char *show[] = { "ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_packets", path, NULL };
  g_autofree char *decode_err = NULL;
  g_autofree char *decode_out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *show_err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *streams, *packets;
  gboolean first_video = TRUE;

  memset (probe, 0, sizeof *probe);

  g_assert_cmpstr (sha256, ==, vigil_segment_get_sha256 (segment));
  g_assert_cmpuint (bytes, ==, vigil_segment_get_bytes (segment));

  decode_out = run (decode, &decode_err);
  if (decode_err != NULL && *decode_err != '\0')
    g_error ("ffmpeg could not decode all of %s: %s", path, decode_err);

  json = run (show, &show_err);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  streams = json_object_get_array_member (root, "streams");
  packets = json_object_get_array_member (root, "packets");

  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      const char *type = json_object_get_string_member (json_array_get_object_element (streams, i), "codec_type");

      if (g_strcmp0 (type, "video") == 0)
        probe->video_streams++;
      else if (g_strcmp0 (type, "audio") == 0)
        probe->audio_streams++;
    }

  for (guint i = 0; packets != NULL && i < json_array_get_length (packets); i++)
    {
      JsonObject *packet = json_array_get_object_element (packets, i);
      const char *type = json_object_get_string_member (packet, "codec_type");
      double time = g_ascii_strtod (json_object_get_string_member_with_default (packet, "pts_time", "0"), NULL);

      probe->last_any_time = MAX (probe->last_any_time, time);
      if (g_strcmp0 (type, "audio") == 0)
        {
          double length = g_ascii_strtod (json_object_get_string_member_with_default (packet, "duration_time", "0"),
                                          NULL);

          if (probe->audio_packets++ == 0)
            probe->first_audio_time = time;
          probe->last_audio_end = MAX (probe->last_audio_end, time + length);
          probe->audio_frame = MAX (probe->audio_frame, length);
          continue;
        }
      probe->video_packets++;
      if (first_video)
        {
          probe->first_is_keyframe = strchr (json_object_get_string_member (packet, "flags"), 'K') != NULL;
          probe->first_time = time;
          first_video = FALSE;
        }
      probe->last_time = MAX (probe->last_time, time);
    }
}
