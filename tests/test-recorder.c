/* test-recorder.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vigil-recorder follows the policy: stage 1 records continuously, with
 * sound only where agreed; a stage 3 window is recorded exactly inside its
 * edges; an override records at once and stops where it ends; one recorder
 * per site. Real cameras (vigil-camsim), real files, judged by ffprobe.
 */

#include "config.h"

#include <gst/gst.h>
#include <string.h>

#include "recorder-fixture.h"

/* 10 frames a second. */
#define FRAME (100 * REC_MS)

/* No gap, but for a camera-offline one before the first frame recorded: a
 * first connection that a busy machine made slower than the camera's
 * deadline (test-recorder-faults judges those). Continuity is
 * assert_continuous()'s. */
static void
assert_no_gaps (Rec        *rec,
                const char *camera,
                GPtrArray  *segments)
{
  g_autoptr(GPtrArray) gaps = rec_gaps (rec, camera);
  gint64 first = vigil_segment_get_start (g_ptr_array_index (segments, 0));

  for (guint i = 0; i < gaps->len; i++)
    {
      VigilGap *gap = g_ptr_array_index (gaps, i);
      double length = (vigil_gap_get_end (gap) - vigil_gap_get_start (gap)) / 1e6;

      if (i == 0 && vigil_gap_get_cause (gap) == VIGIL_GAP_CAMERA_OFFLINE && vigil_gap_get_end (gap) <= first)
        {
          g_test_message ("%s connected slowly: a %s gap of %.1f s before its first frame (%s)", camera,
                          vigil_gap_cause_to_string (vigil_gap_get_cause (gap)), length, vigil_gap_get_detail (gap));
          continue;
        }
      g_error ("%s has a %s gap of %.1f s: %s", camera, vigil_gap_cause_to_string (vigil_gap_get_cause (gap)),
               length, vigil_gap_get_detail (gap));
    }
}

/* Each segment starts where the one before ended, after it and at most a
 * few frames on, and plays from a keyframe for as long as the store says;
 * its sound follows on from the one before's without a missing frame. */
static void
assert_continuous (Rec        *rec,
                   GPtrArray  *segments,
                   guint       audio_streams)
{
  double sound_ended = 0;   /* s since the epoch, the segment before's */

  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);
      gint64 length = vigil_segment_get_end (segment) - vigil_segment_get_start (segment);
      double start = vigil_segment_get_start (segment) / 1e6;
      RecProbe probe;

      g_assert_cmpint (vigil_segment_get_state (segment), ==, VIGIL_SEGMENT_CLOSED);
      g_assert_cmpint (vigil_segment_get_audio (segment), ==, audio_streams > 0);
      rec_probe (rec, segment, &probe);
      g_assert_cmpuint (probe.video_streams, ==, 1);
      g_assert_cmpuint (probe.audio_streams, ==, audio_streams);
      /* Sound in all but a segment too short for a sound frame (the one
       * a stop closed). */
      if (audio_streams > 0 && length > REC_SEC)
        g_assert_cmpuint (probe.audio_packets, >, 0);
      /* Times in the file count from its first picture, the store's
       * start. Sound frames are 21 ms: one missing at the join leaves a
       * hole of at least 21 ms more than the one frame's wait. */
      if (probe.audio_packets > 0)
        {
          if (sound_ended > 0)
            g_assert_cmpfloat (start + probe.first_audio_time - probe.first_time - sound_ended, <,
                               probe.audio_frame * 0.5 + 0.003);
          sound_ended = start + probe.last_audio_end - probe.first_time;
        }
      g_assert_true (probe.first_is_keyframe);
      /* The store's last frame is the file's, sound or picture. */
      g_assert_cmpfloat_with_epsilon (probe.last_any_time - probe.first_time, length / 1e6, 0.005);
      /* 10 frames a second: the camera's, give or take what a machine
       * under load drops before the recorder (the file's times are what
       * was captured, so fewer frames do not shorten it). */
      g_assert_cmpint (probe.video_packets, <=, length / FRAME + 3);
      g_assert_cmpint (probe.video_packets, >=, (length / FRAME + 1) * 9 / 10);

      if (i > 0)
        {
          VigilSegment *before = g_ptr_array_index (segments, i - 1);
          gint64 step = vigil_segment_get_start (segment) - vigil_segment_get_end (before);

          g_assert_cmpint (step, >, 0);
          g_assert_cmpint (step, <=, 3 * FRAME);
        }
    }
}

/* Stage 1 and 2 record continuously, sound where the agreement covers it;
 * a communal camera always, never with sound. */
static void
test_stage_one (void)
{
  g_auto(Rec) rec;
  const char *cameras[] = { "Room 1 cot", "Room 2 cot", "Lounge" };
  const guint audio[] = { 1, 0, 0 };
  gint64 started;

  rec_setup (&rec, "room1:160x90@10,audio=aac", "room2:160x90@10,audio=aac", "lounge:160x90@10,audio=aac", NULL);
  rec_add_room (&rec, "Room 1");
  rec_add_room (&rec, "Room 2");
  rec_add_camera (&rec, "Room 1 cot", "Room 1", "room1", TRUE);
  rec_add_camera (&rec, "Room 2 cot", "Room 2", "room2", TRUE);
  rec_add_camera (&rec, "Lounge", NULL, "lounge", TRUE);
  rec_add_family (&rec, "LA-1", "Room 1", VIGIL_STATE_STAGE_1, TRUE);
  rec_add_family (&rec, "LA-2", "Room 2", VIGIL_STATE_STAGE_2, FALSE);

  started = g_get_real_time ();
  rec_start_recorder (&rec);
  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    rec_wait_segments (&rec, cameras[i], 2, REC_START_WAIT + 30 * REC_SEC);
  rec_stop_recorder (&rec);

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      g_autoptr(GPtrArray) segments = rec_segments (&rec, cameras[i]);

      /* Two of 10 s, and the one the stop closed. */
      g_assert_cmpuint (segments->len, >=, 3);
      g_assert_cmpint (vigil_segment_get_start (g_ptr_array_index (segments, 0)), >=, started);
      assert_continuous (&rec, segments, audio[i]);
      assert_no_gaps (&rec, cameras[i], segments);
    }
}

typedef struct
{
  Rec    *rec;
  gint64  end;
} WindowWait;

/* The window's last segment is stored: one ends at or after @end. How many
 * segments the minute takes is not judged (under load a roll may wait for
 * a later keyframe); their edges are. */
static gboolean
window_recorded (gpointer data)
{
  WindowWait *wait = data;
  g_autoptr(GPtrArray) segments = rec_segments (wait->rec, "Room 3 cot");

  for (guint i = 0; i < segments->len; i++)
    if (vigil_segment_get_end (g_ptr_array_index (segments, i)) >= wait->end)
      return TRUE;
  return FALSE;
}

/* A stage 3 family's one-off window of one minute: not one frame before
 * its start or at or after its end, the first frame the camera's first
 * keyframe at or after the start; without sound, as the window says. */
static void
test_window_edges (void)
{
  g_auto(Rec) rec;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(VigilWindow) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  gint64 start, end;
  VigilSegment *first, *last;

  rec_setup (&rec, "room3:160x90@10,audio=aac", NULL);
  rec_add_room (&rec, "Room 3");
  rec_add_camera (&rec, "Room 3 cot", "Room 3", "room3", TRUE);
  rec_add_family (&rec, "LA-3", "Room 3", VIGIL_STATE_STAGE_3, TRUE);

  /* The next whole minute at least 20 s away: time to start. */
  start = (g_get_real_time () + 20 * REC_SEC + 60 * REC_SEC - 1) / (60 * REC_SEC) * (60 * REC_SEC);
  end = start + 60 * REC_SEC;
  utc = g_date_time_new_from_unix_utc (start / REC_SEC);
  local = g_date_time_to_timezone (utc, vigil_site_get_time_zone (rec.site));
  date = g_date_time_format (local, "%Y-%m-%d");
  window = vigil_window_new (0, date, g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local),
                             (g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local) + 1) % (24 * 60),
                             FALSE, "check-in");
  added = vigil_site_add_window (rec.site, rec.lead, "LA-3", window, &error);
  g_assert_no_error (error);

  rec_start_recorder (&rec);
  /* Through the window, and until its last segment is recorded: how long a
   * busy disk takes to sync and the store to take the segments is not what
   * is judged here, their frames' times are. */
  rec_wait_until (end + 2 * REC_SEC);
  if (!rec_wait (window_recorded, &(WindowWait) { &rec, end - 3 * FRAME }, REC_START_WAIT))
    {
      g_autoptr(GPtrArray) stored = rec_segments (&rec, "Room 3 cot");

      g_error ("Room 3 cot has %u segments and none ending at the window's end after %d s", stored->len,
               (int) (REC_START_WAIT / REC_SEC));
    }
  rec_stop_recorder (&rec);

  segments = rec_segments (&rec, "Room 3 cot");
  first = g_ptr_array_index (segments, 0);
  last = g_ptr_array_index (segments, segments->len - 1);
  g_test_message ("window %.3f–%.3f s; recorded %.3f–%.3f s", 0.0, (end - start) / 1e6,
                  (vigil_segment_get_start (first) - start) / 1e6, (vigil_segment_get_end (last) - start) / 1e6);

  g_assert_cmpint (vigil_segment_get_start (first), >=, start);
  g_assert_cmpint (vigil_segment_get_start (first), <, start + REC_GOP + 3 * FRAME);
  g_assert_cmpint (vigil_segment_get_end (last), <, end);
  g_assert_cmpint (vigil_segment_get_end (last), >=, end - 3 * FRAME);
  assert_continuous (&rec, segments, 0);
  assert_no_gaps (&rec, "Room 3 cot", segments);
}

/* Stage 4 outside every window records nothing; an override records at
 * once, and nothing from the moment it is ended. */
static void
test_override (void)
{
  g_auto(Rec) rec;
  g_autoptr(VigilOverride) override = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started, ended;
  VigilSegment *first, *last;

  rec_setup (&rec, "room4:160x90@10", NULL);
  rec_add_room (&rec, "Room 4");
  rec_add_camera (&rec, "Room 4 cot", "Room 4", "room4", FALSE);
  rec_add_family (&rec, "LA-4", "Room 4", VIGIL_STATE_STAGE_4, TRUE);

  rec_start_recorder (&rec);
  rec_wait_camera_state (&rec, "Room 4 cot", VIGIL_RECORDING_STATE_NOT_REQUIRED, REC_NOTICE_WAIT);

  override = vigil_site_start_override (rec.site, rec.lead, "LA-4", "a safeguarding concern", 1, &error);
  g_assert_no_error (error);
  started = vigil_override_get_started_at (override);
  rec_wait_camera_state (&rec, "Room 4 cot", VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
  /* A few keyframes in. */
  rec_wait_until (g_get_real_time () + 3 * REC_SEC);

  g_assert_true (vigil_site_end_override (rec.site, rec.lead, "LA-4", "concern resolved", &error));
  g_assert_no_error (error);
  ended = g_get_real_time ();
  rec_wait_segments (&rec, "Room 4 cot", 1, REC_NOTICE_WAIT);
  rec_wait_camera_state (&rec, "Room 4 cot", VIGIL_RECORDING_STATE_NOT_REQUIRED, REC_NOTICE_WAIT);
  rec_stop_recorder (&rec);

  segments = rec_segments (&rec, "Room 4 cot");
  first = g_ptr_array_index (segments, 0);
  last = g_ptr_array_index (segments, segments->len - 1);
  g_test_message ("override from %.3f s to %.3f s; recorded %.3f–%.3f s", 0.0, (ended - started) / 1e6,
                  (vigil_segment_get_start (first) - started) / 1e6, (vigil_segment_get_end (last) - started) / 1e6);

  g_assert_cmpint (vigil_segment_get_start (first), >=, started);
  g_assert_cmpint (vigil_segment_get_start (first), <, started + REC_NOTICE_WAIT + REC_GOP);
  /* The override's end is recorded when it is ended: not one frame from
   * then on, though the recorder learns of it a moment later. */
  g_assert_cmpint (vigil_segment_get_end (last), <, ended);
  g_assert_cmpint (vigil_segment_get_end (last), >=, ended - REC_NOTICE_WAIT);
  assert_continuous (&rec, segments, 0);
  assert_no_gaps (&rec, "Room 4 cot", segments);
}

/* A second recorder for the same site refuses to start, saying which
 * process holds the site, and the first goes on. */
static void
test_one_per_site (void)
{
  g_auto(Rec) rec;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *holder = NULL;

  rec_setup (&rec, "lounge:160x90@10", NULL);
  rec_add_camera (&rec, "Lounge", NULL, "lounge", FALSE);
  rec_start_recorder (&rec);

  second = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             g_getenv ("VIGIL_RECORDER"), "--data-dir", rec.dir, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (second, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 1);
  holder = g_strdup_printf ("process %s on ", g_subprocess_get_identifier (rec.recorder));
  g_assert_true (g_str_has_prefix (err, "vigil-recorder: "));
  g_assert_nonnull (strstr (err, holder));
  /* One line. */
  g_assert_cmpint (strchr (err, '\n') - err, ==, (gssize) strlen (err) - 1);

  rec_wait_segments (&rec, "Lounge", 1, REC_START_WAIT + 15 * REC_SEC);
  rec_stop_recorder (&rec);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recorder/stage-one", test_stage_one);
  g_test_add_func ("/recorder/window-edges", test_window_edges);
  g_test_add_func ("/recorder/override", test_override);
  g_test_add_func ("/recorder/one-per-site", test_one_per_site);

  return g_test_run ();
}
