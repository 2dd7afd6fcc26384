/* test-policy-windows.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "policy-fixture.h"

/* Observation windows in the policy engine: edges to the second and the
 * microsecond, windows past midnight, whole days, one-off dates, days of
 * the week, overlapping windows, and windows added or removed. */

/* 2. Window edges, past midnight, one-off, days, overlaps, validity
 * ------------------------------------------------------------------------ */

static void
test_window_edges (void)
{
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = vigil_test_instant ("2026-11-18T19:00:00Z");   /* GMT: local = UTC */
  gint64 end = vigil_test_instant ("2026-11-18T20:00:00Z");

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  /* Start inclusive, end exclusive, to the second and the microsecond. */
  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start - 1, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, end);
  check (&input, start + 1, TRUE, TRUE, ALLOWED, end);
  check (&input, end - SEC, TRUE, TRUE, ALLOWED, end);
  check (&input, end - 1, TRUE, TRUE, ALLOWED, end);
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, start + WEEK);
  check (&input, end + SEC, FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  /* The same window in summer: 19:00 BST is 18:00 UTC. */
  start = vigil_test_instant ("2026-07-15T18:00:00Z");
  end = vigil_test_instant ("2026-07-15T19:00:00Z");
  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, end);
  check (&input, end - SEC, TRUE, TRUE, ALLOWED, end);
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, start + WEEK);
  /* 19:30 UTC in summer is 20:30 BST: outside. */
  check (&input, vigil_test_instant ("2026-07-15T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  /* Without a microphone: video only, and no live audio. */
  input.camera_has_audio = FALSE;
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
}

static void
test_window_past_midnight (void)
{
  /* Monday only, 22:00–02:00: Monday night into Tuesday morning. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_MONDAY, NULL, 22 * 60, 2 * 60, FALSE, "night check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = vigil_test_instant ("2026-11-02T22:00:00Z");   /* Monday, GMT */
  gint64 end = vigil_test_instant ("2026-11-03T02:00:00Z");     /* Tuesday */

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  /* Tuesday 01:00 is inside (Monday's window), Monday 01:00 is not. */
  check (&input, vigil_test_instant ("2026-11-03T01:00:00Z"), TRUE, FALSE, ALLOWED, end);
  check (&input, vigil_test_instant ("2026-11-02T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, vigil_test_instant ("2026-11-10T01:00:00Z"), TRUE, FALSE, ALLOWED, end + WEEK);
  check (&input, vigil_test_instant ("2026-11-09T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start + WEEK);
  /* Sunday night is not Monday night. */
  check (&input, vigil_test_instant ("2026-11-01T23:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, vigil_test_instant ("2026-11-03T23:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, FALSE, ALLOWED, end);
  check (&input, vigil_test_instant ("2026-11-03T00:00:00Z"), TRUE, FALSE, ALLOWED, end);
  check (&input, end - SEC, TRUE, FALSE, ALLOWED, end);
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  /* In summer the same window is 21:00–01:00 UTC. */
  check (&input, vigil_test_instant ("2026-07-13T20:59:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-07-13T21:00:00Z"));
  check (&input, vigil_test_instant ("2026-07-14T00:59:59Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-07-14T01:00:00Z"));
}

static void
test_window_whole_day (void)
{
  /* An end equal to the start runs 24 hours, into the next day. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_THURSDAY, NULL, 9 * 60, 9 * 60, TRUE, "check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = vigil_test_instant ("2026-11-19T09:00:00Z");   /* Thursday */

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, start + DAY);
  check (&input, start + DAY - SEC, TRUE, TRUE, ALLOWED, start + DAY);
  check (&input, start + DAY, FALSE, FALSE, REASON_REQUIRED, start + WEEK);
}

static void
test_window_one_off (void)
{
  const VigilPolicyWindow windows[] = {
    { 0, "2026-11-18", 10 * 60, 11 * 60, TRUE, "mealtime", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = vigil_test_instant ("2026-11-18T10:00:00Z");
  gint64 end = vigil_test_instant ("2026-11-18T11:00:00Z");

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  check (&input, vigil_test_instant ("2026-11-11T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, vigil_test_instant ("2026-11-17T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, end);
  check (&input, end - SEC, TRUE, TRUE, ALLOWED, end);
  /* Once it is over nothing changes again. */
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2026-11-19T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2026-11-25T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2027-11-18T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Far ahead of it, next_change still finds it. */
  check (&input, vigil_test_instant ("2026-09-02T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
}

static void
test_window_days (void)
{
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_MONDAY | VIGIL_DAY_WEDNESDAY | VIGIL_DAY_FRIDAY, NULL, 9 * 60, 10 * 60, TRUE, "breakfast", 0, 0 },
  };
  const VigilPolicyWindow every_day[] = {
    { 0x7f, NULL, 9 * 60, 10 * 60, TRUE, "breakfast", 0, 0 },
  };
  const VigilPolicyWindow weekend[] = {
    { VIGIL_DAY_SATURDAY | VIGIL_DAY_SUNDAY, NULL, 9 * 60, 10 * 60, TRUE, "breakfast", 0, 0 },
  };
  const gboolean expect_mwf[7] = { TRUE, FALSE, TRUE, FALSE, TRUE, FALSE, FALSE };
  const gboolean expect_weekend[7] = { FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  /* Monday 2026-11-16, 09:30 GMT. */
  gint64 monday = vigil_test_instant ("2026-11-16T09:30:00Z");

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));
  for (int day = 0; day < 7; day++)
    {
      gboolean in = expect_mwf[day];

      check (&input, monday + day * DAY, in, in, in ? ALLOWED : REASON_REQUIRED, ANY_CHANGE);
    }
  /* From Friday's window's end the next is Monday's. */
  check (&input, monday + 4 * DAY + 30 * MINUTE, FALSE, FALSE, REASON_REQUIRED, monday + WEEK - 30 * MINUTE);

  stage_3_input (&input, &stage, every_day, G_N_ELEMENTS (every_day));
  for (int day = 0; day < 7; day++)
    check (&input, monday + day * DAY, TRUE, TRUE, ALLOWED, monday + day * DAY + 30 * MINUTE);

  stage_3_input (&input, &stage, weekend, G_N_ELEMENTS (weekend));
  for (int day = 0; day < 7; day++)
    {
      gboolean in = expect_weekend[day];

      check (&input, monday + day * DAY, in, in, in ? ALLOWED : REASON_REQUIRED, ANY_CHANGE);
    }
}

static void
test_window_overlap (void)
{
  /* Wednesday 18:00–20:00 without audio, 19:00–21:00 with. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 18 * 60, 20 * 60, FALSE, "mealtime", 0, 0 },
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 21 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  const VigilPolicyWindow reversed[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 21 * 60, TRUE, "bedtime routine", 0, 0 },
    { VIGIL_DAY_WEDNESDAY, NULL, 18 * 60, 20 * 60, FALSE, "mealtime", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));
  for (guint pass = 0; pass < 2; pass++)
    {
      check (&input, vigil_test_instant ("2026-11-18T17:59:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T18:00:00Z"));
      check (&input, vigil_test_instant ("2026-11-18T18:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T19:00:00Z"));
      /* Audio from 19:00; the silent window ending at 20:00 changes nothing. */
      check (&input, vigil_test_instant ("2026-11-18T19:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
      check (&input, vigil_test_instant ("2026-11-18T19:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
      check (&input, vigil_test_instant ("2026-11-18T20:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
      check (&input, vigil_test_instant ("2026-11-18T21:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-25T18:00:00Z"));

      input.windows = reversed;
    }

  /* Audio not agreed: the audio window gives video only, so 19:00 changes
   * nothing either. */
  input.windows = windows;
  set_agreement_audio (&input, FALSE);
  check (&input, vigil_test_instant ("2026-11-18T18:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
}

static void
test_window_validity (void)
{
  /* Added at 19:20 on the Wednesday, removed at 19:40 the Wednesday after. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine",
      vigil_test_instant ("2026-11-18T19:20:00Z"), vigil_test_instant ("2026-11-25T19:40:00Z") },
  };
  /* Added during its occurrence and never removed. */
  const VigilPolicyWindow added[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine",
      vigil_test_instant ("2026-11-18T19:20:00Z"), 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  /* The week before it existed: nothing, and the first change is when it is
   * added. */
  check (&input, vigil_test_instant ("2026-11-11T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T19:20:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:10:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T19:20:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:19:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T19:20:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:20:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-25T19:00:00Z"));
  /* The next week it runs from 19:00 until its removal at 19:40. */
  check (&input, vigil_test_instant ("2026-11-25T19:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-25T19:40:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T19:39:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-25T19:40:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T19:40:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2026-12-02T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  input.windows = added;
  check (&input, vigil_test_instant ("2026-11-18T19:10:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T19:20:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:20:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T19:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-25T20:00:00Z"));
}

int
main (int   argc,
      char *argv[])
{
  policy_test_init (&argc, &argv);

  g_test_add_func ("/policy/window/edges", test_window_edges);
  g_test_add_func ("/policy/window/past-midnight", test_window_past_midnight);
  g_test_add_func ("/policy/window/whole-day", test_window_whole_day);
  g_test_add_func ("/policy/window/one-off", test_window_one_off);
  g_test_add_func ("/policy/window/days", test_window_days);
  g_test_add_func ("/policy/window/overlap", test_window_overlap);
  g_test_add_func ("/policy/window/validity", test_window_validity);

  return policy_test_run ();
}
