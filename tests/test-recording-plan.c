/* test-recording-plan.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recorder's decisions, on a clock the test controls: which frames are
 * recorded, where segments start and end, and the intervals it reads from
 * the policy of a real site.
 */

#include "config.h"

#include "centre-fixture.h"
#include "vigil-recording-plan.h"

#define SEC    G_GINT64_CONSTANT (1000000)
#define MS     G_GINT64_CONSTANT (1000)
#define MINUTE (60 * SEC)
#define HOUR   (60 * MINUTE)

/* A camera sending 25 frames a second, a keyframe every 2 s. */
#define FRAME  (40 * MS)
#define GOP    (2 * SEC)

static const gint64 T0 = G_GINT64_CONSTANT (1800000000) * SEC;

static void
set_one (VigilRecordingPlan *plan,
         gint64              start,
         gint64              end,
         gboolean            audio,
         gint64              now)
{
  VigilPlanInterval interval = { .start = start, .end = end, .audio = audio, .basis = (char *) "test" };

  vigil_recording_plan_set_intervals (plan, &interval, 1, now);
}

static gboolean
is_key (gint64 at)
{
  return (at - T0) % GOP == 0;
}

/* Frames from @from to @to, keyframes on the GOP grid from T0: the first
 * frame opened and the last one written, and how many segments opened. */
typedef struct
{
  gint64 first;
  gint64 last;
  guint  opened;
  guint  closed;
  guint  written;
} Run;

static Run
feed (VigilRecordingPlan *plan,
      gint64              from,
      gint64              to,
      gboolean            may_open)
{
  Run run = { 0 };

  for (gint64 at = from; at < to; at += FRAME)
    switch (vigil_recording_plan_video (plan, at, is_key (at), may_open))
      {
      case VIGIL_PLAN_OPEN:
      case VIGIL_PLAN_ROLL:
        g_assert_true (is_key (at));
        if (run.first == 0)
          run.first = at;
        run.opened++;
        run.written++;
        run.last = at;
        break;
      case VIGIL_PLAN_WRITE:
        run.written++;
        run.last = at;
        break;
      case VIGIL_PLAN_CLOSE:
        run.closed++;
        break;
      case VIGIL_PLAN_SKIP:
        break;
      }
  return run;
}

/* A window from T0 + 1.3 s to T0 + 9.5 s: the first frame recorded is the
 * first keyframe at or after its start (T0 + 2 s), the last the last frame
 * before its end, and the frame at the end closes the segment. */
static void
test_window_edges (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (60 * SEC);
  gint64 start = T0 + 1300 * MS, end = T0 + 9500 * MS;
  Run run;

  set_one (plan, start, end, FALSE, T0);
  run = feed (plan, T0, T0 + 12 * SEC, TRUE);

  g_assert_cmpint (run.first, ==, T0 + 2 * SEC);
  g_assert_cmpint (run.last, ==, end - 20 * MS);
  g_assert_cmpint (run.last, <, end);
  g_assert_cmpuint (run.opened, ==, 1);
  g_assert_cmpuint (run.closed, ==, 1);
  g_assert_false (vigil_recording_plan_is_open (plan));
}

/* A window starting exactly on a keyframe records that keyframe. */
static void
test_start_on_keyframe (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (60 * SEC);
  Run run;

  set_one (plan, T0 + 4 * SEC, T0 + 6 * SEC, FALSE, T0);
  run = feed (plan, T0, T0 + 8 * SEC, TRUE);
  g_assert_cmpint (run.first, ==, T0 + 4 * SEC);
  g_assert_cmpint (run.last, ==, T0 + 6 * SEC - FRAME);
}

/* A segment rolls over at the first keyframe after its length, never at a
 * frame between keyframes, and no frame is lost in between. */
static void
test_roll_over (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (5 * SEC);
  Run run;

  set_one (plan, T0, G_MAXINT64, FALSE, T0);
  run = feed (plan, T0, T0 + 20 * SEC, TRUE);

  /* Opened at 0, rolled at 6, 12 and 18 s: 5 s rounded up to a GOP. */
  g_assert_cmpuint (run.opened, ==, 4);
  g_assert_cmpuint (run.written, ==, 20 * SEC / FRAME);
  g_assert_cmpuint (run.closed, ==, 0);
}

/* Reading an unchanged policy again (the interval now starting at the
 * moment of reading) does not split the segment; a real change does, at the
 * next keyframe, with video going on meanwhile. */
static void
test_policy_change (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (60 * SEC);
  Run run;

  set_one (plan, T0, T0 + HOUR, FALSE, T0);
  run = feed (plan, T0, T0 + 3 * SEC, TRUE);
  g_assert_cmpuint (run.opened, ==, 1);

  set_one (plan, T0 + 3 * SEC, T0 + HOUR, FALSE, T0 + 3 * SEC);
  run = feed (plan, T0 + 3 * SEC, T0 + 9 * SEC, TRUE);
  g_assert_cmpuint (run.opened, ==, 0);
  g_assert_cmpuint (run.written, ==, 6 * SEC / FRAME);

  /* Sound is now allowed: a new segment from the next keyframe (10 s),
   * the frames before it still written into the old one. */
  set_one (plan, T0 + 9 * SEC, T0 + HOUR, TRUE, T0 + 9 * SEC);
  g_assert_false (vigil_recording_plan_audio (plan, T0 + 9500 * MS));
  run = feed (plan, T0 + 9 * SEC, T0 + 11 * SEC, TRUE);
  g_assert_cmpuint (run.opened, ==, 1);
  g_assert_cmpint (run.first, ==, T0 + 10 * SEC);
  g_assert_cmpuint (run.written, ==, 2 * SEC / FRAME);
  g_assert_true (vigil_recording_plan_segment_audio (plan));
  g_assert_true (vigil_recording_plan_audio (plan, T0 + 10500 * MS));
  /* Sound from before the segment's first frame is not in it. */
  g_assert_false (vigil_recording_plan_audio (plan, T0 + 9990 * MS));
}

/* Sound goes in only where the interval allows it. */
static void
test_audio (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (60 * SEC);
  VigilPlanInterval intervals[] = {
    { .start = T0, .end = T0 + 10 * SEC, .audio = FALSE },
    { .start = T0 + 10 * SEC, .end = T0 + 20 * SEC, .audio = TRUE },
  };

  vigil_recording_plan_set_intervals (plan, intervals, G_N_ELEMENTS (intervals), T0);
  g_assert_false (vigil_recording_plan_audio (plan, T0 + SEC));
  feed (plan, T0, T0 + 5 * SEC, TRUE);
  g_assert_false (vigil_recording_plan_segment_audio (plan));
  g_assert_false (vigil_recording_plan_audio (plan, T0 + 5 * SEC));
  feed (plan, T0 + 5 * SEC, T0 + 12 * SEC, TRUE);
  g_assert_true (vigil_recording_plan_segment_audio (plan));
  g_assert_true (vigil_recording_plan_audio (plan, T0 + 11 * SEC));
  /* After the end, nothing. */
  feed (plan, T0 + 12 * SEC, T0 + 21 * SEC, TRUE);
  g_assert_false (vigil_recording_plan_is_open (plan));
  g_assert_false (vigil_recording_plan_audio (plan, T0 + 20 * SEC));
}

/* While no segment may open (a full disk), none does, and one due to roll
 * closes instead; once it may again, recording resumes at a keyframe. */
static void
test_may_not_open (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (4 * SEC);
  Run run;

  set_one (plan, T0, G_MAXINT64, FALSE, T0);
  run = feed (plan, T0, T0 + 3 * SEC, TRUE);
  g_assert_cmpuint (run.opened, ==, 1);
  run = feed (plan, T0 + 3 * SEC, T0 + 10 * SEC, FALSE);
  g_assert_cmpuint (run.opened, ==, 0);
  g_assert_cmpuint (run.closed, ==, 1);
  g_assert_cmpint (run.last, ==, T0 + 4 * SEC - FRAME);
  run = feed (plan, T0 + 10 * SEC, T0 + 12 * SEC, TRUE);
  g_assert_cmpint (run.first, ==, T0 + 10 * SEC);
}

/* With no frame arriving, a segment closes once its interval is over (a
 * camera gone quiet as a window ends), and not before. */
static void
test_due_to_close (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (60 * SEC);

  set_one (plan, T0, T0 + 10 * SEC, FALSE, T0);
  feed (plan, T0, T0 + 5 * SEC, TRUE);
  g_assert_false (vigil_recording_plan_due_to_close (plan, T0 + 10 * SEC, 500 * MS));
  g_assert_true (vigil_recording_plan_is_open (plan));
  g_assert_true (vigil_recording_plan_due_to_close (plan, T0 + 10600 * MS, 500 * MS));
  g_assert_false (vigil_recording_plan_is_open (plan));
}

/* A frame whose time goes back before the segment's start (a camera's
 * clock reset) closes the segment rather than being written into it. */
static void
test_time_goes_back (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (60 * SEC);

  set_one (plan, T0 - HOUR, G_MAXINT64, FALSE, T0);
  g_assert_cmpint (vigil_recording_plan_video (plan, T0, TRUE, TRUE), ==, VIGIL_PLAN_OPEN);
  g_assert_cmpint (vigil_recording_plan_video (plan, T0 - SEC, FALSE, TRUE), ==, VIGIL_PLAN_CLOSE);
}

/* A policy change that ends recording in the past (an override ended
 * before the recorder heard): the plan says how far the open segment may
 * run, so that what was written after is taken back. */
static void
test_open_until (void)
{
  g_autoptr(VigilRecordingPlan) plan = vigil_recording_plan_new (60 * SEC);
  VigilPlanInterval two[] = {
    { .start = T0, .end = T0 + 4 * SEC, .audio = FALSE },
    { .start = T0 + 4 * SEC, .end = T0 + 9 * SEC, .audio = TRUE },
  };
  guint generation;

  g_assert_cmpint (vigil_recording_plan_open_until (plan), ==, G_MAXINT64);
  set_one (plan, T0, T0 + HOUR, FALSE, T0);
  feed (plan, T0, T0 + 6 * SEC, TRUE);
  g_assert_cmpint (vigil_recording_plan_open_until (plan), ==, T0 + HOUR);

  generation = vigil_recording_plan_get_generation (plan);
  set_one (plan, T0, T0 + 5 * SEC, FALSE, T0 + 6 * SEC);
  g_assert_cmpuint (vigil_recording_plan_get_generation (plan), !=, generation);
  g_assert_cmpint (vigil_recording_plan_open_until (plan), ==, T0 + 5 * SEC);

  /* Intervals that follow on count as one. */
  vigil_recording_plan_set_intervals (plan, two, G_N_ELEMENTS (two), T0 + 6 * SEC);
  g_assert_cmpint (vigil_recording_plan_open_until (plan), ==, T0 + 9 * SEC);

  /* Nothing recorded at all any more. */
  vigil_recording_plan_set_intervals (plan, NULL, 0, T0 + 6 * SEC);
  g_assert_cmpint (vigil_recording_plan_open_until (plan), ==, T0);
}

/* The policy of a real site, read as the recorder reads it */

static void
add_camera (Centre     *centre,
            const char *name,
            const char *room,
            gboolean    has_audio)
{
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, room ? VIGIL_LOCATION_FAMILY_ROOM : VIGIL_LOCATION_COMMUNAL,
                                                    room, "rtsp://camera.invalid/main", NULL, has_audio);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_camera (centre->site, centre->manager, camera, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GArray *
read_policy (Centre     *centre,
             const char *camera,
             gboolean    has_audio,
             const char *from,
             const char *to)
{
  GArray *intervals = vigil_plan_intervals_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_recording_plan_read_policy (centre->site, camera, has_audio, vigil_test_instant (from),
                                                   vigil_test_instant (to), 16, intervals, &error));
  g_assert_no_error (error);
  return intervals;
}

static void
assert_interval (GArray     *intervals,
                 guint       i,
                 const char *start,
                 const char *end,
                 gboolean    audio)
{
  VigilPlanInterval *interval;

  g_assert_cmpuint (i, <, intervals->len);
  interval = &g_array_index (intervals, VigilPlanInterval, i);
  g_assert_cmpint (interval->start, ==, vigil_test_instant (start));
  g_assert_cmpint (interval->end, ==, end ? vigil_test_instant (end) : G_MAXINT64);
  g_assert_cmpint (interval->audio, ==, audio);
}

/* Stage 3 with a weekday bedtime window with sound (19:00–20:30 London,
 * GMT in February): recorded exactly inside the window, with sound; a
 * communal camera always, never with sound. */
static void
test_read_windows (Centre        *centre,
                   gconstpointer  data)
{
  g_autoptr(GArray) room = NULL;
  g_autoptr(GArray) lounge = NULL;
  g_autoptr(VigilWindow) window = NULL;

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_3, "2027-01-04");
  window = add_window (centre, "LA-1", vigil_window_new (0x1f, NULL, 19 * 60, 20 * 60 + 30, TRUE, "bedtime routine"));
  add_camera (centre, "Room 1 cot", "Room 1", TRUE);
  add_camera (centre, "Lounge", NULL, TRUE);

  /* Wednesday 10 to Friday 12 February 2027. */
  room = read_policy (centre, "Room 1 cot", TRUE, "2027-02-10T12:00:00Z", "2027-02-12T00:00:00Z");
  g_assert_cmpuint (room->len, >=, 2);
  assert_interval (room, 0, "2027-02-10T19:00:00Z", "2027-02-10T20:30:00Z", TRUE);
  assert_interval (room, 1, "2027-02-11T19:00:00Z", "2027-02-11T20:30:00Z", TRUE);

  /* Without a microphone, the same times without sound. */
  g_clear_pointer (&room, g_array_unref);
  room = read_policy (centre, "Room 1 cot", FALSE, "2027-02-10T12:00:00Z", "2027-02-11T00:00:00Z");
  assert_interval (room, 0, "2027-02-10T19:00:00Z", "2027-02-10T20:30:00Z", FALSE);

  lounge = read_policy (centre, "Lounge", TRUE, "2027-02-10T12:00:00Z", "2027-02-11T00:00:00Z");
  g_assert_cmpuint (lounge->len, ==, 1);
  assert_interval (lounge, 0, "2027-02-10T12:00:00Z", NULL, FALSE);
}

/* Stage 1 records from the moment of reading with no end in sight, with
 * sound as agreed; an override on a stage 4 family records from its start
 * for its hours. */
static void
test_read_stage_and_override (Centre        *centre,
                              gconstpointer  data)
{
  g_autoptr(GArray) intervals = NULL;
  g_autoptr(VigilOverride) override = NULL;
  g_autoptr(GError) error = NULL;

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_1, "2027-01-04");
  add_family (centre, "LA-2", "Room 2", "2027-01-05", VIGIL_STATE_STAGE_4, "2027-01-04");
  add_camera (centre, "Room 1 cot", "Room 1", TRUE);
  add_camera (centre, "Room 2 cot", "Room 2", FALSE);

  intervals = read_policy (centre, "Room 1 cot", TRUE, "2027-02-10T12:00:00Z", "2027-02-11T12:00:00Z");
  g_assert_cmpuint (intervals->len, ==, 1);
  assert_interval (intervals, 0, "2027-02-10T12:00:00Z", NULL, TRUE);
  g_clear_pointer (&intervals, g_array_unref);

  intervals = read_policy (centre, "Room 2 cot", FALSE, "2027-02-10T12:00:00Z", "2027-02-11T12:00:00Z");
  g_assert_cmpuint (intervals->len, ==, 0);
  g_clear_pointer (&intervals, g_array_unref);

  set_now (centre, "2027-02-10T13:00:00Z");
  override = vigil_site_start_override (centre->site, centre->lead, "LA-2", "a safeguarding concern", 6, &error);
  g_assert_no_error (error);
  intervals = read_policy (centre, "Room 2 cot", FALSE, "2027-02-10T12:00:00Z", "2027-02-11T12:00:00Z");
  g_assert_cmpuint (intervals->len, ==, 1);
  assert_interval (intervals, 0, "2027-02-10T13:00:00Z", "2027-02-10T19:00:00Z", FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recording-plan/window-edges", test_window_edges);
  g_test_add_func ("/recording-plan/start-on-keyframe", test_start_on_keyframe);
  g_test_add_func ("/recording-plan/roll-over", test_roll_over);
  g_test_add_func ("/recording-plan/policy-change", test_policy_change);
  g_test_add_func ("/recording-plan/audio", test_audio);
  g_test_add_func ("/recording-plan/may-not-open", test_may_not_open);
  g_test_add_func ("/recording-plan/due-to-close", test_due_to_close);
  g_test_add_func ("/recording-plan/time-goes-back", test_time_goes_back);
  g_test_add_func ("/recording-plan/open-until", test_open_until);
  g_test_add ("/recording-plan/read/windows", Centre, CENTRE_LOGINS (CENTRE_MANAGER | CENTRE_LEAD),
              centre_setup, test_read_windows, centre_teardown);
  g_test_add ("/recording-plan/read/stage-and-override", Centre, CENTRE_LOGINS (CENTRE_MANAGER | CENTRE_LEAD),
              centre_setup, test_read_stage_and_override, centre_teardown);

  return g_test_run ();
}
