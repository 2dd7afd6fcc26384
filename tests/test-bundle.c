/* test-bundle.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A court bundle from end to end, as a centre makes one: footage recorded
 * by vigil-recorder from simulated cameras (one with AAC sound, one with
 * G.711), a recorder crash in the middle, then `vigilctl export request`,
 * `approve` by a second member and `run`; the bundle is judged as a court
 * would: `sha256sum -c`, ffprobe, the working copy's index at the front,
 * the gap listed, and `vigilctl bundle verify`, which names a changed file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "recorder-fixture.h"

#define CASE       "LA-1"
#define ROOM1_CAM  "Room 1 cot"
#define ROOM2_CAM  "Room 2 cot"

static char *
time_arg (gint64 instant)
{
  return vigil_time_format_utc_ms (instant);
}

static int
run (const char  *cwd,
     char       **out,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* *@out is reused from run to run. */
  g_clear_pointer (out, g_free);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The top-level boxes of an MP4, in order ("ftyp moov mdat"). */
static char *
top_level_boxes (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0, at = 0;
  GString *boxes = g_string_new (NULL);

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  while (at + 8 <= length)
    {
      guint64 size = GUINT32_FROM_BE (*(guint32 *) (data + at));

      if (size == 1 && at + 16 <= length)
        size = GUINT64_FROM_BE (*(guint64 *) (data + at + 8));
      g_string_append_printf (boxes, "%s%.4s", boxes->len ? " " : "", data + at + 4);
      if (size < 8)
        break;
      at += size;
    }
  return g_string_free (boxes, FALSE);
}

static JsonObject *
camera_in (JsonObject *manifest,
           const char *name)
{
  JsonArray *cameras = json_object_get_array_member (manifest, "cameras");

  for (guint i = 0; i < json_array_get_length (cameras); i++)
    {
      JsonObject *camera = json_array_get_object_element (cameras, i);

      if (g_str_equal (json_object_get_string_member (camera, "name"), name))
        return camera;
    }
  g_error ("the manifest has no camera %s", name);
}

static gint64
manifest_time (JsonObject *object,
               const char *member)
{
  return vigil_test_instant (json_object_get_string_member (object, member));
}

static void
test_bundle (void)
{
  g_auto(Rec) rec;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *bundles = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *boxes = NULL;
  g_autofree char *manifest_sha = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) expired = NULL;
  g_autoptr(GError) error = NULL;
  const char *vigilctl = g_getenv ("VIGILCTL");
  JsonObject *manifest, *room1, *room2;
  gint64 from, to;
  int status;

  rec_setup (&rec, "room1:160x90@10,audio=aac", "room2:160x90@10,audio=pcmu", NULL);
  rec_add_room (&rec, "Room 1");
  rec_add_room (&rec, "Room 2");
  rec_add_camera (&rec, ROOM1_CAM, "Room 1", "room1", TRUE);
  rec_add_camera (&rec, ROOM2_CAM, "Room 2", "room2", TRUE);
  rec_add_family (&rec, CASE, "Room 1", VIGIL_STATE_STAGE_1, TRUE);
  rec_add_family (&rec, "LA-2", "Room 2", VIGIL_STATE_STAGE_1, TRUE);

  /* A segment each, a crash, and a segment each after it. */
  rec_start_recorder (&rec);
  rec_wait_segments (&rec, ROOM1_CAM, 1, REC_START_WAIT + 20 * REC_SEC);
  rec_wait_segments (&rec, ROOM2_CAM, 1, REC_START_WAIT + 20 * REC_SEC);
  rec_kill_recorder (&rec);
  rec_start_recorder (&rec);
  rec_wait_segments (&rec, ROOM1_CAM, 3, REC_START_WAIT + 30 * REC_SEC);
  rec_wait_segments (&rec, ROOM2_CAM, 3, REC_START_WAIT + 30 * REC_SEC);
  rec_stop_recorder (&rec);

  /* From the middle of the first segment (between keyframes) to the end
   * of the last. */
  segments = rec_segments (&rec, ROOM1_CAM);
  from = vigil_segment_get_start (g_ptr_array_index (segments, 0)) + 3 * REC_SEC + 500 * REC_MS;
  to = vigil_segment_get_end (g_ptr_array_index (segments, segments->len - 1));
  from_text = time_arg (from);
  to_text = time_arg (to);

  vigil_test_run_vigilctl (REC_LEAD_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--as", REC_LEAD, "--password-stdin",
                           "export", "request", "--camera", ROOM1_CAM, "--camera", ROOM2_CAM, "--from", from_text,
                           "--to", to_text, "--case", CASE, "--exhibit", "LA/7", "--purpose",
                           "care proceedings: the night in question", NULL);
  if (status != 0)
    g_error ("export request: %s", err);
  g_assert_nonnull (strstr (out, "Export 1 requested"));

  /* Not before approval, and not approved by the one who asked. */
  bundles = g_build_filename (rec.dir, "bundles", NULL);
  g_assert_cmpint (g_mkdir (bundles, 0755), ==, 0);
  vigil_test_run_vigilctl (REC_LEAD_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--as", REC_LEAD, "--password-stdin",
                           "export", "run", "1", "--to", bundles, NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "before a second team lead or manager approves");
  vigil_test_run_vigilctl (REC_LEAD_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--as", REC_LEAD, "--password-stdin",
                           "export", "approve", "1", "--reason", "mine", "--hold-until", "2099-12-31", NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "may not decide on it");

  vigil_test_run_vigilctl (VIGIL_TEST_MANAGER_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--password-stdin", "--as",
                           VIGIL_TEST_MANAGER, "export", "approve", "1", "--reason", "court order 12 of 2026",
                           "--hold-until", "2099-12-31", NULL);
  if (status != 0)
    g_error ("export approve: %s", err);

  /* Held: a sweep long after retention leaves it. */
  expired = vigil_site_list_expired_segments (rec.site, vigil_test_instant ("2098-01-01T00:00:00Z"), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < expired->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (expired, i);

      g_assert_false (vigil_segment_get_end (segment) >= from && vigil_segment_get_start (segment) < to);
    }

  vigil_test_run_vigilctl (REC_LEAD_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--as", REC_LEAD, "--password-stdin",
                           "export", "run", "1", "--to", bundles, NULL);
  if (status != 0)
    g_error ("export run failed: %s", err);
  folder = g_strstrip (g_strdup (out));
  g_assert_true (g_str_has_suffix (folder, "/LA-1-LA-7-export-1"));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  /* sha256sum accepts it. */
  status = run (folder, &out, "sha256sum", "-c", "--quiet", "SHA256SUMS", NULL);
  if (status != 0)
    g_error ("sha256sum -c: %s", out);

  manifest_path = g_build_filename (folder, "manifest.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, manifest_path, &error));
  g_assert_no_error (error);
  manifest = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (manifest, "format"), ==, "vigil-bundle-1");
  g_assert_cmpstr (json_object_get_string_member (manifest, "case"), ==, CASE);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (manifest, "approved"), "by"), ==,
                   VIGIL_TEST_MANAGER);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (manifest, "requested"), "by"),
                   ==, REC_LEAD);

  room1 = camera_in (manifest, ROOM1_CAM);
  room2 = camera_in (manifest, ROOM2_CAM);
  for (guint c = 0; c < 2; c++)
    {
      JsonObject *camera = c == 0 ? room1 : room2;
      JsonObject *copy = json_object_get_object_member (camera, "working_copy");
      JsonArray *masters = json_object_get_array_member (camera, "masters");
      JsonArray *gaps = json_object_get_array_member (camera, "gaps");
      g_autofree char *copy_path = g_build_filename (folder, json_object_get_string_member (copy, "path"), NULL);
      g_autofree char *probe = NULL;
      gboolean down = FALSE;

      /* The crash is a gap, with its cause. */
      for (guint i = 0; i < json_array_get_length (gaps); i++)
        down |= g_str_equal (json_object_get_string_member (json_array_get_object_element (gaps, i), "cause"),
                             "recorder-down");
      g_assert_true (down);

      /* Every master plays. */
      g_assert_cmpuint (json_array_get_length (masters), >=, 2);
      for (guint i = 0; i < json_array_get_length (masters); i++)
        {
          g_autofree char *master = g_build_filename (folder, json_object_get_string_member (
                                                        json_array_get_object_element (masters, i), "path"), NULL);

          g_assert_cmpint (run (folder, &out, "ffprobe", "-v", "error", master, NULL), ==, 0);
        }

      /* The working copy: index first, H.264 as recorded, from the keyframe
       * before the requested start, which the manifest states. */
      g_clear_pointer (&boxes, g_free);
      boxes = top_level_boxes (copy_path);
      g_assert_true (g_str_has_prefix (boxes, "ftyp moov"));
      g_assert_nonnull (strstr (boxes, "mdat"));
      g_assert_cmpint (manifest_time (copy, "first_frame"), <=, from);
      g_assert_cmpint (manifest_time (copy, "first_frame"), >, from - REC_GOP - REC_SEC);
      g_assert_cmpint (manifest_time (copy, "last_frame"), <, to + 1);
      g_assert_cmpint (run (folder, &probe, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                            "-of", "csv=p=0", copy_path, NULL), ==, 0);
      g_assert_nonnull (strstr (probe, "h264"));
      g_assert_nonnull (strstr (probe, "aac"));
      g_assert_cmpint (run (folder, &probe, "ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                            "packet=flags", "-read_intervals", "%+#1", "-of", "csv=p=0", copy_path, NULL), ==, 0);
      g_assert_true (g_str_has_prefix (probe, "K"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (room1, "working_copy"), "audio"),
                   ==, "copied");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (room2, "working_copy"), "audio"),
                   ==, "converted from PCMU to AAC");

  /* The trail holds the manifest's hash. */
  manifest_sha = rec_sha256_of_file (manifest_path, NULL);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'export-finished'"
                                            " AND detail LIKE '%%manifest-sha256=%s%%'", manifest_sha);

    g_assert_cmpint (vigil_test_raw_int (rec.dir, sql), ==, 1);
  }

  /* The verifier: intact; then a byte changed in the working copy. */
  if (run (folder, &out, vigilctl, "bundle", "verify", folder, NULL) != 0)
    g_error ("bundle verify, without the site: %s", out);
  g_assert_nonnull (strstr (out, "intact"));
  if (run (folder, &out, vigilctl, "--data-dir", rec.dir, "bundle", "verify", folder, NULL) != 0)
    g_error ("bundle verify: %s", out);
  g_assert_nonnull (strstr (out, "intact"));
  g_assert_nonnull (strstr (out, "against the site's records"));
  {
    g_autofree char *copy_path = g_build_filename (folder, "working", "Room-1-cot.mp4", NULL);
    g_autofree char *data = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (copy_path, &data, &length, NULL));
    data[length / 2] ^= 0x01;
    g_assert_true (g_file_set_contents (copy_path, data, length, NULL));
  }
  g_assert_cmpint (run (folder, &out, vigilctl, "--data-dir", rec.dir, "bundle", "verify", folder, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "working/Room-1-cot.mp4"));
  g_assert_cmpint (run (folder, &out, "sha256sum", "-c", "--quiet", "SHA256SUMS", NULL), !=, 0);

}

/* An export run on a laptop of a site of several machines: the masters
 * come from the recorder's machine through vigil-footage-service with a
 * token for the export, and the bundle is the same as one written beside
 * the recordings: verified against the site's records, its masters the
 * files recorded. Nothing of them stays on the laptop but the bundle.
 *
 * The laptop is made as in test-console-review: the service opens the
 * recordings folder when it starts; the folder is then moved out of the
 * data folder, where vigilctl looks. */
static void
test_bundle_from_a_laptop (void)
{
  g_auto(Rec) rec;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *bundles = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *tls = NULL;
  g_autofree char *url = NULL;
  g_autofree char *moved = NULL;
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  const char *vigilctl = g_getenv ("VIGILCTL");
  guint folders_before = vigil_test_fetched_footage_folders ();
  int status;

  rec_setup (&rec, "room1:160x90@10", NULL);
  rec_add_room (&rec, "Room 1");
  rec_add_camera (&rec, ROOM1_CAM, "Room 1", "room1", TRUE);
  rec_add_family (&rec, CASE, "Room 1", VIGIL_STATE_STAGE_1, TRUE);
  rec_start_recorder (&rec);
  rec_wait_segments (&rec, ROOM1_CAM, 2, REC_START_WAIT + 30 * REC_SEC);
  rec_stop_recorder (&rec);
  segments = rec_segments (&rec, ROOM1_CAM);
  from_text = time_arg (vigil_segment_get_start (g_ptr_array_index (segments, 0)));
  to_text = time_arg (vigil_segment_get_end (g_ptr_array_index (segments, segments->len - 1)));

  vigil_test_run_vigilctl (REC_LEAD_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--as", REC_LEAD,
                           "--password-stdin", "export", "request", "--camera", ROOM1_CAM, "--from", from_text,
                           "--to", to_text, "--case", CASE, "--exhibit", "LA/8", "--purpose", "care proceedings",
                           NULL);
  if (status != 0)
    g_error ("export request: %s", err);
  vigil_test_run_vigilctl (VIGIL_TEST_MANAGER_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir,
                           "--password-stdin", "--as", VIGIL_TEST_MANAGER, "export", "approve", "1", "--reason",
                           "court order 13 of 2026", "--hold-until", "2099-12-31", NULL);
  if (status != 0)
    g_error ("export approve: %s", err);

  tls = g_build_filename (rec.dir, "tls", NULL);
  g_assert_cmpint (g_mkdir (tls, 0700), ==, 0);
  vigil_test_make_certificate (tls, "recorder");
  service = vigil_test_start_footage_service (rec.dir, tls, "recorder", &url);
  moved = g_build_filename (rec.dir, "recorder-host-recordings", NULL);
  g_assert_cmpint (g_rename (rec.recordings, moved), ==, 0);

  /* No service named: the run fails saying what to set, and no bundle. */
  bundles = g_build_filename (rec.dir, "bundles", NULL);
  g_assert_cmpint (g_mkdir (bundles, 0755), ==, 0);
  vigil_test_run_vigilctl (REC_LEAD_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--as", REC_LEAD,
                           "--password-stdin", "export", "run", "1", "--to", bundles, NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "footage-service");
  g_assert_true (vigil_test_audit_has (rec.site, REC_LEAD, "export-failed", NULL, "footage-service"));

  vigil_test_use_footage_service (rec.site, rec.dir, tls, url);

  vigil_test_run_vigilctl (REC_LEAD_PASSWORD "\n", &status, &out, &err, "--data-dir", rec.dir, "--as", REC_LEAD,
                           "--password-stdin", "export", "run", "1", "--to", bundles, NULL);
  if (status != 0)
    g_error ("export run from a laptop failed: %s", err);
  folder = g_strstrip (g_strdup (out));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  /* A token for the export, as the team lead who ran it. */
  g_assert_true (vigil_test_audit_has (rec.site, REC_LEAD, "footage-token-granted", NULL, "export 1"));
  g_assert_false (vigil_test_audit_has (rec.site, NULL, "footage-token-refused", NULL, NULL));

  /* The masters are the files recorded, the bundle whole. */
  if (run (folder, &out, "sha256sum", "-c", "--quiet", "SHA256SUMS", NULL) != 0)
    g_error ("sha256sum -c: %s", out);
  if (run (folder, &out, vigilctl, "--data-dir", rec.dir, "bundle", "verify", folder, NULL) != 0)
    g_error ("bundle verify: %s", out);
  g_assert_nonnull (strstr (out, "against the site's records"));
  g_assert_cmpuint (vigil_test_fetched_footage_folders (), ==, folders_before);

  g_subprocess_send_signal (service, SIGTERM);
  g_assert_true (g_subprocess_wait (service, NULL, NULL));
  /* The fixture's teardown finds the recordings where it left them. */
  g_assert_cmpint (g_rename (moved, rec.recordings), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bundle/recorded-range", test_bundle);
  g_test_add_func ("/bundle/from-a-laptop", test_bundle_from_a_laptop);

  return g_test_run ();
}
