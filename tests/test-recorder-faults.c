/* test-recorder-faults.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vigil-recorder under faults: killed with SIGKILL mid-segment, cameras
 * that die or freeze, footage whose retention ends, a disk that fills.
 * Nothing already recorded is lost or damaged, and every interval the
 * policy required and did not get is a gap with its cause.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "recorder-fixture.h"

static void
assert_segments_intact (Rec       *rec,
                        GPtrArray *segments)
{
  for (guint i = 0; i < segments->len; i++)
    {
      RecProbe probe;

      rec_probe (rec, g_ptr_array_index (segments, i), &probe);
      g_assert_cmpuint (probe.video_streams, ==, 1);
      g_assert_true (probe.first_is_keyframe);
    }
}

/* The one segment that ends before @at and the one after it. */
static void
segments_around (GPtrArray     *segments,
                 gint64         at,
                 VigilSegment **before,
                 VigilSegment **after)
{
  *before = *after = NULL;
  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);

      if (vigil_segment_get_start (segment) < at)
        *before = segment;
      else if (*after == NULL)
        *after = segment;
    }
  g_assert_nonnull (*before);
  g_assert_nonnull (*after);
}

/* The gap between @before and @after: one, with @cause, covering the time
 * between them exactly. */
static void
assert_gap_between (GPtrArray     *gaps,
                    VigilSegment  *before,
                    VigilSegment  *after,
                    VigilGapCause  cause)
{
  for (guint i = 0; i < gaps->len; i++)
    {
      VigilGap *gap = g_ptr_array_index (gaps, i);

      if (vigil_gap_get_start (gap) < vigil_segment_get_end (before) ||
          vigil_gap_get_start (gap) >= vigil_segment_get_start (after))
        continue;
      g_assert_cmpstr (vigil_gap_cause_to_string (vigil_gap_get_cause (gap)), ==, vigil_gap_cause_to_string (cause));
      g_assert_cmpint (vigil_gap_get_end (gap), ==, vigil_segment_get_start (after));
      return;
    }
  g_error ("no %s gap between the segments ending %.3f s and starting %.3f s", vigil_gap_cause_to_string (cause),
           vigil_segment_get_end (before) / 1e6, vigil_segment_get_start (after) / 1e6);
}

/* SIGKILL in the middle of a segment, then a new recorder: the segment
 * plays to within a second of the kill, its hash is its bytes', and the
 * time until recording resumed is a recorder-down gap. */
static void
test_kill (void)
{
  g_auto(Rec) rec;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  VigilSegment *recovered, *next;
  RecProbe probe;
  gint64 killed;

  rec_setup (&rec, "hall:160x90@10", NULL);
  rec_add_camera (&rec, "Hall", NULL, "hall", FALSE);
  rec_start_recorder (&rec);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_wait_until (g_get_real_time () + 4 * REC_SEC);

  rec_kill_recorder (&rec);
  killed = g_get_real_time ();
  rec_start_recorder (&rec);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_wait_until (g_get_real_time () + 2 * REC_SEC);
  rec_stop_recorder (&rec);

  segments = rec_segments (&rec, "Hall");
  gaps = rec_gaps (&rec, "Hall");
  segments_around (segments, killed, &recovered, &next);
  g_test_message ("killed at %.3f s into the segment; it plays to %.3f s",
                  (killed - vigil_segment_get_start (recovered)) / 1e6,
                  (vigil_segment_get_end (recovered) - vigil_segment_get_start (recovered)) / 1e6);

  g_assert_cmpint (vigil_segment_get_end (recovered), >=, killed - REC_SEC);
  g_assert_cmpint (vigil_segment_get_end (recovered), <=, killed);
  rec_probe (&rec, recovered, &probe);
  g_assert_cmpfloat_with_epsilon (probe.last_time - probe.first_time,
                                  (vigil_segment_get_end (recovered) - vigil_segment_get_start (recovered)) / 1e6,
                                  0.05);
  assert_gap_between (gaps, recovered, next, VIGIL_GAP_RECORDER_DOWN);
  assert_segments_intact (&rec, segments);
}

/* SIGKILL after a segment's file was begun and before its row was
 * written (the row taken away here, as that crash would leave it): the
 * next recorder finds the file by its name and records it. */
static void
test_kill_before_row (void)
{
  g_auto(Rec) rec;
  g_autoptr(GPtrArray) segments = NULL;
  VigilSegment *recovered, *next;
  gint64 killed, open_start;
  RecProbe probe;

  rec_setup (&rec, "hall:160x90@10,audio=aac", NULL);
  rec_add_room (&rec, "Room 1");
  rec_add_camera (&rec, "Hall", "Room 1", "hall", TRUE);
  rec_add_family (&rec, "LA-1", "Room 1", VIGIL_STATE_STAGE_1, TRUE);
  rec_start_recorder (&rec);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_wait_until (g_get_real_time () + 3 * REC_SEC);

  rec_kill_recorder (&rec);
  killed = g_get_real_time ();
  g_assert_cmpint (vigil_test_raw_int (rec.dir, "SELECT count(*) FROM segments WHERE state = 'open'"), ==, 1);
  open_start = vigil_test_raw_int (rec.dir, "SELECT start_at FROM segments WHERE state = 'open'");
  vigil_test_raw_exec (rec.dir, "DELETE FROM segments WHERE state = 'open'");

  rec_start_recorder (&rec);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_stop_recorder (&rec);

  segments = rec_segments (&rec, "Hall");
  segments_around (segments, killed, &recovered, &next);
  /* Its start read from its name, to the millisecond. */
  g_assert_cmpint (ABS (vigil_segment_get_start (recovered) - open_start), <, REC_MS);
  g_assert_cmpint (vigil_segment_get_end (recovered), >=, killed - REC_SEC);
  g_assert_true (vigil_segment_get_audio (recovered));
  rec_probe (&rec, recovered, &probe);
  g_assert_cmpuint (probe.audio_streams, ==, 1);
  g_assert_true (probe.first_is_keyframe);
}

/* A camera server that dies, then one that freezes with its connections
 * open: each closes the segment cleanly and is a camera-offline gap until
 * the camera returns. */
static void
test_camera_offline (void)
{
  g_auto(Rec) rec;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  VigilSegment *before, *after;
  gint64 killed, frozen;

  rec_setup (&rec, "hall:160x90@10", NULL);
  rec_add_camera (&rec, "Hall", NULL, "hall", FALSE);
  rec_start_recorder (&rec);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_wait_until (g_get_real_time () + 3 * REC_SEC);

  /* The time taken once the camera has gone: no frame of it comes later. */
  camsim_kill (rec.camsim);
  killed = g_get_real_time ();
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_CAMERA_OFFLINE, 2 * 3 * REC_SEC + 2 * REC_SEC);
  camsim_restart (rec.camsim);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_wait_until (g_get_real_time () + 3 * REC_SEC);

  camsim_freeze (rec.camsim);
  frozen = g_get_real_time ();
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_CAMERA_OFFLINE, 2 * 3 * REC_SEC + 2 * REC_SEC);
  camsim_thaw (rec.camsim);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_wait_until (g_get_real_time () + REC_SEC);
  rec_stop_recorder (&rec);

  segments = rec_segments (&rec, "Hall");
  gaps = rec_gaps (&rec, "Hall");
  segments_around (segments, killed, &before, &after);
  g_test_message ("last frame %.3f s before the camera was killed",
                  (double) (killed - vigil_segment_get_end (before)) / REC_SEC);
  g_assert_cmpint (vigil_segment_get_end (before), <=, killed);
  assert_gap_between (gaps, before, after, VIGIL_GAP_CAMERA_OFFLINE);
  segments_around (segments, frozen, &before, &after);
  g_test_message ("last frame %.3f s before the camera was frozen",
                  (double) (frozen - vigil_segment_get_end (before)) / REC_SEC);
  g_assert_cmpint (vigil_segment_get_end (before), <=, frozen);
  assert_gap_between (gaps, before, after, VIGIL_GAP_CAMERA_OFFLINE);
  g_assert_cmpuint (gaps->len, ==, 2);
  assert_segments_intact (&rec, segments);
}

/* Retention, end to end in real time */

typedef struct
{
  const char *camera;
  gint64      age;       /* of its end */
  gboolean    expired;
  char       *path;
  char       *sha256;
  guint64     bytes;
} OldSegment;

static void
write_old_segment (Rec        *rec,
                   OldSegment *old,
                   gint64      now)
{
  g_autoptr(GError) error = NULL;
  gint64 end = now - old->age, start = end - 60 * REC_SEC;
  g_autofree char *contents = g_strdup_printf ("footage of %s ending %" G_GINT64_FORMAT, old->camera, end);
  g_autofree char *full = NULL;
  g_autofree char *folder = NULL;
  gint64 id;

  old->path = g_strdup_printf ("%s/%" G_GINT64_FORMAT ".mkv", old->camera, start);
  full = g_build_filename (rec->recordings, old->path, NULL);
  folder = g_path_get_dirname (full);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0750), ==, 0);
  g_assert_true (g_file_set_contents (full, contents, -1, &error));
  old->sha256 = rec_sha256_of_file (full, &old->bytes);

  id = vigil_site_open_segment (rec->site, old->camera, old->path, start, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_close_segment (rec->site, id, end, old->bytes, old->sha256, &error));
  g_assert_no_error (error);
}

static gboolean
deletions_made (gpointer data)
{
  Rec *rec = data;
  g_autoptr(GPtrArray) deletions = vigil_site_list_deletions (rec->site, 0, G_MAXINT64, NULL);

  return deletions != NULL && deletions->len >= 2;
}

/* Footage past its retention is deleted when the recorder starts (and at
 * least hourly after), each deletion recorded and audited; footage within
 * its retention, and held footage, stays. */
static void
test_sweep (void)
{
  g_auto(Rec) rec;
  g_autoptr(VigilFamily) family = vigil_family_new ("LA-1", "AB", "Room 1", "2026-01-05");
  g_autoptr(VigilHold) hold = NULL;
  g_autoptr(GPtrArray) deletions = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *until = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  OldSegment old[] = {
    { "Lounge", 40 * 24 * 3600 * REC_SEC, TRUE },
    { "Lounge", 35 * 24 * 3600 * REC_SEC, FALSE },   /* held */
    { "Lounge", 20 * 24 * 3600 * REC_SEC, FALSE },
    { "Room 1 cot", 10 * 24 * 3600 * REC_SEC, TRUE },
    { "Room 1 cot", 5 * 24 * 3600 * REC_SEC, FALSE },
  };

  rec_setup (&rec, "lounge:160x90@10", NULL);
  rec_add_room (&rec, "Room 1");
  rec_add_camera (&rec, "Lounge", NULL, "lounge", FALSE);
  rec_add_camera (&rec, "Room 1 cot", "Room 1", "lounge", FALSE);
  /* Kept 7 days by the family's agreement. */
  vigil_family_set_agreement (family, "2026-01-04", FALSE);
  vigil_family_set_retention_days (family, 7);
  g_assert_true (vigil_site_add_family (rec.site, rec.lead, family, VIGIL_STATE_STAGE_4, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    write_old_segment (&rec, &old[i], now);

  today = g_date_time_new_now (vigil_site_get_time_zone (rec.site));
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (today, 30);

    until = g_date_time_format (later, "%Y-%m-%d");
  }
  hold = vigil_site_add_hold (rec.site, rec.lead, "Lounge", now - 36 * 24 * 3600 * REC_SEC,
                              now - 34 * 24 * 3600 * REC_SEC, "court case 123", until, &error);
  g_assert_no_error (error);

  rec_start_recorder (&rec);
  if (!rec_wait (deletions_made, &rec, REC_START_WAIT))
    g_error ("the recorder deleted nothing expired");
  rec_stop_recorder (&rec);

  deletions = vigil_site_list_deletions (rec.site, 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deletions->len, ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      g_autofree char *full = g_build_filename (rec.recordings, old[i].path, NULL);
      VigilDeletion *deletion = NULL;

      for (guint j = 0; j < deletions->len; j++)
        if (g_strcmp0 (vigil_deletion_get_path (g_ptr_array_index (deletions, j)), old[i].path) == 0)
          deletion = g_ptr_array_index (deletions, j);

      g_assert_cmpint (g_file_test (full, G_FILE_TEST_EXISTS), ==, !old[i].expired);
      g_assert_cmpint (deletion != NULL, ==, old[i].expired);
      if (deletion == NULL)
        continue;
      g_assert_cmpstr (vigil_deletion_get_camera (deletion), ==, old[i].camera);
      g_assert_cmpstr (vigil_deletion_get_sha256 (deletion), ==, old[i].sha256);
      g_assert_cmpuint (vigil_deletion_get_bytes (deletion), ==, old[i].bytes);
      g_assert_nonnull (strstr (vigil_deletion_get_why (deletion), old[i].camera[0] == 'L' ? "31" : "7"));
      g_assert_cmpint (vigil_deletion_get_deleted_at (deletion), >=, now);
      g_assert_true (vigil_test_audit_has (rec.site, VIGIL_RECORDER_ACTOR, "recording-deleted", NULL, old[i].sha256));
    }
  vigil_test_assert_audit_intact (rec.site);
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      g_clear_pointer (&old[i].path, g_free);
      g_free (old[i].sha256);
    }
}

/* A disk that fills */

static char *
mount_small_disk (void)
{
  g_autofree char *dir = vigil_test_make_dir ();

  if (getuid () != 0 || mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=6m,mode=0700") != 0)
    {
      vigil_test_remove_dir (dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
set_filler (const char *disk,
            guint64     bytes)
{
  g_autofree char *path = g_build_filename (disk, "filler", NULL);
  int fd = open (path, O_WRONLY | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 0), ==, 0);
  if (bytes > 0)
    g_assert_cmpint (posix_fallocate (fd, 0, (off_t) bytes), ==, 0);
  close (fd);
}

/* Below the site's free-space threshold the recorder starts no new
 * segment, says so, and records a disk-full gap; it resumes by itself when
 * space returns, and nothing recorded is damaged. */
static void
test_disk_full (void)
{
  g_auto(Rec) rec;
  g_autofree char *disk = mount_small_disk ();
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  VigilSegment *before, *after;
  gint64 full_seen;
  gboolean said_full;

  if (disk == NULL)
    {
      g_test_skip ("mounting a small tmpfs needs root");
      return;
    }

  rec_setup (&rec, "hall:160x90@10", NULL);
  rec_set_setting (&rec, VIGIL_SETTING_RECORDINGS_DIR, disk);
  rec_set_setting (&rec, VIGIL_SETTING_RECORDER_MIN_FREE_MB, "3");
  g_free (rec.recordings);
  rec.recordings = g_strdup (disk);
  rec_add_camera (&rec, "Hall", NULL, "hall", FALSE);

  rec_start_recorder (&rec);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  rec_wait_until (g_get_real_time () + 2 * REC_SEC);

  /* 2 MiB left of 6: under the 3 MiB threshold. */
  set_filler (disk, 4 * 1024 * 1024);
  said_full = rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_DISK_FULL, 2 * 12 * REC_SEC);
  full_seen = g_get_real_time ();
  g_assert_true (said_full);

  set_filler (disk, 0);
  rec_wait_camera_state (&rec, "Hall", VIGIL_RECORDING_STATE_RECORDING, 2 * 4 * REC_SEC);
  rec_wait_until (g_get_real_time () + REC_SEC);
  rec_stop_recorder (&rec);

  segments = rec_segments (&rec, "Hall");
  gaps = rec_gaps (&rec, "Hall");
  segments_around (segments, full_seen, &before, &after);
  assert_gap_between (gaps, before, after, VIGIL_GAP_DISK_FULL);
  assert_segments_intact (&rec, segments);

  g_clear_pointer (&rec.site, g_object_unref);
  g_assert_cmpint (umount2 (disk, MNT_DETACH), ==, 0);
  vigil_test_remove_dir (disk);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder/kill", test_kill);
  g_test_add_func ("/recorder/kill-before-row", test_kill_before_row);
  g_test_add_func ("/recorder/camera-offline", test_camera_offline);
  g_test_add_func ("/recorder/sweep", test_sweep);
  g_test_add_func ("/recorder/disk-full", test_disk_full);

  return g_test_run ();
}
