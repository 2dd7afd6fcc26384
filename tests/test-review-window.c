/* test-review-window.c: the review window in a real window on the tests'
 * display, driven over AT-SPI, playing footage vigil-recorder recorded in
 * the test from a simulated camera into a real site: the frame's time in
 * the site's zone, play and pause, a frame's step each way, a seek, twice
 * the speed at 2×, a review note written with the period chosen from the
 * frames, an empty one refused, and a missing master named in words.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-review-window"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "atspi-driver.h"
#include "recorder-fixture.h"

#define CASE    "LA-7"
#define CAMERA  "Room 1 cot"
/* Not the machine's zone nor UTC, so that a time shown in either fails. */
#define ZONE    "America/New_York"
/* The simulated camera's frame interval (10 frames a second). */
#define FRAME_S 0.1
/* Matroska keeps frame times in milliseconds: the frame at a position asked
 * for may read up to one tick after it. */
#define TICK_S 0.001
#define WINDOW_DEADLINE_US (45 * G_USEC_PER_SEC)
#define PROBE_US (50 * 1000)

/* "2026-12-02 16:04:07.3 EST": the site's wall-clock time of @instant to
 * the tenth it falls in. */
static char *
expected_time (gint64 instant)
{
  g_autoptr(GTimeZone) zone = vigil_time_zone_new (ZONE, NULL);
  g_autofree char *seconds = vigil_time_format_local (instant, zone, "%Y-%m-%d %H:%M:%S");
  g_autofree char *abbreviation = vigil_time_format_local (instant, zone, "%Z");

  return g_strdup_printf ("%s.%d %s", seconds, (int) ((instant % G_USEC_PER_SEC) / 100000), abbreviation);
}

static char *
period_words (const char *lead,
              gint64      from,
              gint64      to)
{
  g_autofree char *from_text = expected_time (from);
  g_autofree char *to_text = expected_time (to);

  return g_strdup_printf ("%s: %s to %s", lead, from_text, to_text);
}

/* The label's time as seconds (to the tenth), for differences. */
static double
label_seconds (const char *text)
{
  int year, month, day, hour, minute, second, tenth;
  g_autoptr(GDateTime) time = NULL;

  if (sscanf (text, "%d-%d-%d %d:%d:%d.%d", &year, &month, &day, &hour, &minute, &second, &tenth) != 7)
    g_error ("the time label reads “%s”, not a time", text);
  time = g_date_time_new_utc (year, month, day, hour, minute, second);
  return (double) g_date_time_to_unix (time) + tenth / 10.0;
}

static double
scale_value (AtspiAccessible *scale)
{
  AtspiValue *value = atspi_accessible_get_value_iface (scale);
  g_autoptr(GError) error = NULL;
  double read;

  g_assert_nonnull (value);
  read = atspi_value_get_current_value (value, &error);
  g_assert_no_error (error);
  g_object_unref (value);
  return read;
}

static void
set_scale (AtspiAccessible *scale,
           double           seconds)
{
  AtspiValue *value = atspi_accessible_get_value_iface (scale);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (value);
  g_assert_true (atspi_value_set_current_value (value, seconds, &error));
  g_assert_no_error (error);
  g_object_unref (value);
}

typedef struct
{
  AtspiAccessible *time_label;
  AtspiAccessible *scale;
  double           from;    /* label seconds, or scale value */
  double           until;
  char            *text;
  gint64           start;    /* the first frame's time */
  gint64           settled;  /* the frame wait_frame() saw */
} Watch;

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Turns the main loop until @done or the deadline; whether @done came. */
static gboolean
poll_until (gboolean (*done) (Watch *watch),
            Watch     *watch,
            gint64     timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  guint tick = g_timeout_add (10, on_tick, NULL);
  gboolean reached;

  while (!(reached = done (watch)) && g_get_monotonic_time () < deadline)
    {
      gint64 next = g_get_monotonic_time () + PROBE_US;

      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  return reached;
}

static gboolean
label_reached (Watch *watch)
{
  g_free (watch->text);
  watch->text = console_read (watch->time_label);
  return label_seconds (watch->text) >= watch->until;
}

static gboolean
label_changed (Watch *watch)
{
  g_free (watch->text);
  watch->text = console_read (watch->time_label);
  return label_seconds (watch->text) != watch->from;
}

static gboolean
scale_changed (Watch *watch)
{
  return fabs (scale_value (watch->scale) - watch->from) > 0.001;
}

/* How many seconds of footage go by in a second, read off the label over
 * @footage seconds from its next change (the player may be seeking). */
static double
measure_speed (Watch  *watch,
               double  footage)
{
  gint64 began, ended;
  double first;

  watch->from = label_seconds (watch->text);
  g_assert_true (poll_until (label_changed, watch, WINDOW_DEADLINE_US));
  began = g_get_monotonic_time ();
  first = label_seconds (watch->text);
  watch->until = first + footage;
  g_assert_true (poll_until (label_reached, watch, WINDOW_DEADLINE_US));
  ended = g_get_monotonic_time ();
  return (label_seconds (watch->text) - first) / ((double) (ended - began) / G_USEC_PER_SEC);
}

/* The frame on screen once the scale (seconds from the first frame, set
 * from each frame shown) is within [@low, @high] and the label gives that
 * frame's time. Both are read together: a scale just set over AT-SPI holds
 * the value asked for until the frame sought arrives. */
static gboolean
frame_settled (Watch *watch)
{
  double value = scale_value (watch->scale);
  g_autofree char *expected = NULL;

  if (value < watch->from || value > watch->until)
    return FALSE;
  expected = expected_time (watch->start + llround (value * G_USEC_PER_SEC));
  g_free (watch->text);
  watch->text = console_read (watch->time_label);
  if (g_strcmp0 (watch->text, expected) != 0)
    return FALSE;
  watch->settled = watch->start + llround (value * G_USEC_PER_SEC);
  return TRUE;
}

static gint64
wait_frame (Watch  *watch,
            gint64  start,
            double  low,
            double  high)
{
  watch->start = start;
  watch->from = low;
  watch->until = high;
  if (!poll_until (frame_settled, watch, WINDOW_DEADLINE_US))
    g_error ("the frame on screen never came to %.3f–%.3f s: the position is %.6f s, the time “%s”", low, high,
             scale_value (watch->scale), watch->text);
  return watch->settled;
}

static void
start_window (Rec     *rec,
              Console **console)
{
  g_autoptr(GPtrArray) segments = rec_segments (rec, CAMERA);
  gint64 from = vigil_segment_get_start (g_ptr_array_index (segments, 0));
  gint64 to = vigil_segment_get_end (g_ptr_array_index (segments, segments->len - 1)) + 1;
  g_autofree char *from_text = g_strdup_printf ("%" G_GINT64_FORMAT, from);
  g_autofree char *to_text = g_strdup_printf ("%" G_GINT64_FORMAT, to);

  g_setenv ("VIGIL_TEST_REVIEW_USER", REC_LEAD, TRUE);
  g_setenv ("VIGIL_TEST_REVIEW_PASSWORD", REC_LEAD_PASSWORD, TRUE);
  g_setenv ("VIGIL_TEST_REVIEW_CAMERA", CAMERA, TRUE);
  g_setenv ("VIGIL_TEST_REVIEW_FROM", from_text, TRUE);
  g_setenv ("VIGIL_TEST_REVIEW_TO", to_text, TRUE);
  g_setenv ("VIGIL_TEST_REVIEW_REASON", "allegation of rough handling at 02:10", TRUE);
  g_setenv ("VIGIL_TEST_REVIEW_CASE", CASE, TRUE);
  *console = console_start (rec->dir);
}

static void
test_review (void)
{
  g_auto(Rec) rec;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) picture = NULL;
  g_autoptr(AtspiAccessible) time_label = NULL;
  g_autoptr(AtspiAccessible) scale = NULL;
  g_autoptr(AtspiAccessible) play = NULL;
  g_autoptr(AtspiAccessible) speed = NULL;
  g_autoptr(AtspiAccessible) forward = NULL;
  g_autoptr(AtspiAccessible) back = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  g_autoptr(AtspiAccessible) text = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) period = NULL;
  g_autoptr(AtspiAccessible) mark = NULL;
  g_autoptr(AtspiAccessible) state = NULL;
  g_autoptr(AtspiAccessible) problem = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *basename = NULL;
  Console *console = NULL;
  Watch watch = { 0 };
  gint64 start, last, stepped, period_from, period_to, note_from, note_to;
  double at_1x, at_2x, paused_at, before_step;
  VigilNote *note;

  /* Two segments and more of a family room's camera, without sound (the
   * player's own test plays sound). The steps come before playing: with
   * sound, steps taken right after a speed change while playing once went
   * 2.3 s on before the player held steps for its seeks' preroll, and that
   * order is not yet tested here (docs/console.md, "The review window"). */
  rec_setup (&rec, "room1:160x90@10", NULL);
  rec_set_setting (&rec, VIGIL_SETTING_TIME_ZONE, ZONE);
  rec_add_room (&rec, "Room 1");
  rec_add_camera (&rec, CAMERA, "Room 1", "room1", FALSE);
  rec_add_family (&rec, CASE, "Room 1", VIGIL_STATE_STAGE_1, TRUE);
  rec_start_recorder (&rec);
  rec_wait_segments (&rec, CAMERA, 2, REC_START_WAIT + 30 * REC_SEC);
  rec_stop_recorder (&rec);
  segments = rec_segments (&rec, CAMERA);
  g_assert_cmpuint (segments->len, >=, 2);
  start = vigil_segment_get_start (g_ptr_array_index (segments, 0));
  last = vigil_segment_get_end (g_ptr_array_index (segments, segments->len - 1));
  g_assert_cmpint (last - start, >, 18 * G_USEC_PER_SEC);

  console_test_init ();
  start_window (&rec, &console);
  window = console_find_window (console, "CCTV Review: " CAMERA);

  /* Opened on the first frame, at its time in the site's zone. */
  picture = console_find_in (window, ATSPI_ROLE_IMAGE, "Recorded picture, showing a frame", NULL);
  time_label = console_find_in (window, ATSPI_ROLE_LABEL, NULL, "Time of the frame");
  first = expected_time (start);
  g_free (console_wait_text (time_label, first));
  g_assert_true (g_str_has_suffix (first, " EST") || g_str_has_suffix (first, " EDT"));
  scale = console_find_in (window, ATSPI_ROLE_SLIDER, "Position", NULL);
  g_assert_cmpfloat (scale_value (scale), ==, 0.0);
  /* Footage without sound offers no sound controls. */
  g_assert_true (console_lacks (window, ATSPI_ROLE_PUSH_BUTTON, "Mute"));
  console_screenshot ("opened");

  watch.time_label = time_label;
  watch.scale = scale;
  watch.text = console_read (time_label);

  /* The scale seeks: the frame at or before the instant chosen. */
  set_scale (scale, 15.0);
  wait_frame (&watch, start, 15.0 - 2 * FRAME_S, 15.0 + TICK_S);

  /* A frame forward is a frame interval on, a frame back where it was. */
  before_step = scale_value (scale);
  forward = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Step Forward One Frame", NULL);
  console_click (forward);
  stepped = wait_frame (&watch, start, before_step + FRAME_S * 0.7, before_step + FRAME_S * 1.3);
  back = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Step Back One Frame", NULL);
  console_click (back);
  wait_frame (&watch, start, before_step - 0.002, before_step + 0.002);
  g_assert_cmpint (stepped, >, start);

  /* A review note over a period chosen from the frames. */
  set_scale (scale, 2.0);
  period_from = wait_frame (&watch, start, 2.0 - 2 * FRAME_S, 2.0 + TICK_S);
  /* The whole reviewed range until chosen; a button acts a moment after
   * its click (GTK's keyboard activation), so each choice is waited for. */
  mark = console_find_in (window, ATSPI_ROLE_LABEL, NULL, "Period chosen for the review note");
  {
    g_autofree char *whole = period_words ("Note period", start, last);

    g_free (console_wait_text (mark, whole));
  }
  button = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Period Starts Here", NULL);
  console_click (button);
  {
    g_autofree char *from_here = period_words ("Note period", period_from, last);

    g_free (console_wait_text (mark, from_here));
  }
  set_scale (scale, 7.0);
  period_to = wait_frame (&watch, start, 7.0 - 2 * FRAME_S, 7.0 + TICK_S);
  g_clear_object (&button);
  button = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Period Ends Here", NULL);
  console_click (button);
  {
    g_autofree char *chosen = period_words ("Note period", period_from, period_to);

    g_free (console_wait_text (mark, chosen));
  }
  g_clear_object (&button);
  button = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Write Review Note…", NULL);
  period = console_click_until (button, window, ATSPI_ROLE_LABEL, NULL, "Period of the review note");
  {
    g_autofree char *words = period_words ("Period reviewed", period_from, period_to);

    g_free (console_wait_text (period, words));
  }

  /* Empty, it is refused in the core's words, and nothing is stored. */
  text = console_find_in (window, ATSPI_ROLE_TEXT, "Review note", NULL);
  save = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Save Review Note", NULL);
  console_click (save);
  refusal = console_find_in (window, ATSPI_ROLE_LABEL, NULL, "Why the review note was refused");
  g_free (console_wait_text (refusal, "the note is empty"));
  notes = vigil_site_list_notes (rec.site, CASE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
  g_clear_pointer (&notes, g_ptr_array_unref);

  /* Written, it is stored: a review note of the family, with the period. */
  console_type (text, "No rough handling seen: father lifts baby with head supported.");
  console_click (save);
  state = console_find_in (window, ATSPI_ROLE_LABEL, NULL, "Review note state");
  g_free (console_wait_text (state, "Review note saved for " CASE));
  notes = vigil_site_list_notes (rec.site, CASE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  note = g_ptr_array_index (notes, 0);
  g_assert_cmpint (vigil_note_get_kind (note), ==, VIGIL_NOTE_KIND_REVIEW);
  g_assert_cmpstr (vigil_note_get_case_ref (note), ==, CASE);
  g_assert_cmpstr (vigil_note_get_author (note), ==, REC_LEAD);
  g_assert_cmpstr (vigil_note_get_body (note), ==, "No rough handling seen: father lifts baby with head supported.");
  g_assert_true (vigil_note_get_period (note, &note_from, &note_to));
  /* The frame the buttons took, as the slider gave it. The player may name
   * a frame just sought by the instant sought once and by its recorded
   * millisecond the next time (seen once in five runs): a millisecond is
   * allowed, far below the tenth of a second shown. */
  g_assert_cmpint (llabs (note_from - period_from), <=, 1000);
  g_assert_cmpint (llabs (note_to - period_to), <=, 1000);
  console_screenshot ("note-saved");

  /* Playing: the label runs with the footage, at 1× and twice as fast at
   * 2× (generous bounds: the machine may be busy). */
  g_free (watch.text);
  watch.text = console_read (time_label);
  play = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Play", NULL);
  console_click (play);
  g_free (console_wait_name (play, "Pause"));
  at_1x = measure_speed (&watch, 3.0);
  /* Paused while the speed changes, so that what is timed is playing. */
  console_click (play);
  g_free (console_wait_name (play, "Play"));
  speed = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Speed 2×", NULL);
  console_click (speed);
  g_free (watch.text);
  watch.text = console_read (time_label);
  console_click (play);
  g_free (console_wait_name (play, "Pause"));
  at_2x = measure_speed (&watch, 4.0);
  g_test_message ("footage seconds a second: %.2f at 1×, %.2f at 2×", at_1x, at_2x);
  g_assert_cmpfloat (at_1x, >, 0.6);
  g_assert_cmpfloat (at_1x, <, 1.5);
  g_assert_cmpfloat (at_2x / at_1x, >, 1.4);
  g_assert_cmpfloat (at_2x / at_1x, <, 2.8);
  /* Paused, the label stops: it has not moved a second and a half on. The
   * speed goes back to 1× while paused: a change of speed while playing is
   * a seek to the frame then shown, which a busy machine may show again
   * after a pause that follows at once. */
  console_click (play);
  g_free (console_wait_name (play, "Play"));
  g_clear_object (&speed);
  speed = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Speed 1×", NULL);
  console_click (speed);
  paused_at = scale_value (scale);
  watch.from = paused_at;
  g_assert_false (poll_until (scale_changed, &watch, 1500 * 1000));
  g_free (watch.text);
  watch.text = console_read (time_label);
  shown = expected_time (start + llround (paused_at * G_USEC_PER_SEC));
  g_assert_cmpstr (watch.text, ==, shown);

  console_free (console);

  /* A master gone: said in words, naming it; the rest still plays. */
  missing = rec_segment_file (&rec, g_ptr_array_index (segments, 1));
  moved = g_strconcat (missing, ".away", NULL);
  g_assert_cmpint (g_rename (missing, moved), ==, 0);
  start_window (&rec, &console);
  g_clear_object (&window);
  window = console_find_window (console, "CCTV Review: " CAMERA);
  problem = console_find_in (window, ATSPI_ROLE_LABEL, NULL, "Problem with the footage");
  basename = g_path_get_basename (missing);
  g_free (console_wait_text (problem, basename));
  g_clear_object (&time_label);
  time_label = console_find_in (window, ATSPI_ROLE_LABEL, NULL, "Time of the frame");
  g_free (console_wait_text (time_label, first));
  console_screenshot ("missing-master");
  console_free (console);
  g_assert_cmpint (g_rename (moved, missing), ==, 0);

  g_free (watch.text);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/review-window/review", test_review);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
