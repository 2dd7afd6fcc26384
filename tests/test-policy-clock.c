/* test-policy-clock.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "policy-fixture.h"

/* The nights the clocks change in Europe/London: local times to instants
 * (gaps and repeated hours), and windows, including those past midnight,
 * on those nights. */

/* 3. Clock changes in Europe/London
 * ------------------------------------------------------------------------ */

typedef struct
{
  int         year, month, day;
  const char *local;     /* HH:MM */
  const char *expected;  /* UTC */
} LocalCase;

static const LocalCase local_cases[] = {
  /* Ordinary days, GMT and BST. */
  { 2026, 11, 18, "19:00", "2026-11-18T19:00:00Z" },
  { 2026, 11, 18, "00:00", "2026-11-18T00:00:00Z" },
  { 2026, 11, 18, "23:59", "2026-11-18T23:59:00Z" },
  { 2026, 7, 15, "19:00", "2026-07-15T18:00:00Z" },
  { 2026, 7, 15, "00:00", "2026-07-14T23:00:00Z" },
  { 2026, 7, 15, "00:30", "2026-07-14T23:30:00Z" },
  { 2026, 12, 31, "23:59", "2026-12-31T23:59:00Z" },
  { 2027, 1, 1, "00:00", "2027-01-01T00:00:00Z" },
  { 2027, 2, 28, "01:30", "2027-02-28T01:30:00Z" },

  /* 2026-10-25: clocks back at 01:00 UTC; 01:00–01:59 occurs twice, the
   * first occurrence (BST) counts. */
  { 2026, 10, 24, "01:30", "2026-10-24T00:30:00Z" },
  { 2026, 10, 24, "22:00", "2026-10-24T21:00:00Z" },
  { 2026, 10, 25, "00:00", "2026-10-24T23:00:00Z" },
  { 2026, 10, 25, "00:30", "2026-10-24T23:30:00Z" },
  { 2026, 10, 25, "00:59", "2026-10-24T23:59:00Z" },
  { 2026, 10, 25, "01:00", "2026-10-25T00:00:00Z" },
  { 2026, 10, 25, "01:30", "2026-10-25T00:30:00Z" },
  { 2026, 10, 25, "01:59", "2026-10-25T00:59:00Z" },
  { 2026, 10, 25, "02:00", "2026-10-25T02:00:00Z" },
  { 2026, 10, 25, "02:30", "2026-10-25T02:30:00Z" },
  { 2026, 10, 25, "12:00", "2026-10-25T12:00:00Z" },
  { 2026, 10, 25, "23:59", "2026-10-25T23:59:00Z" },
  { 2026, 10, 26, "01:30", "2026-10-26T01:30:00Z" },

  /* 2027-03-28: clocks forward at 01:00 UTC; 01:00–01:59 does not exist
   * and means 01:00 UTC. */
  { 2027, 3, 27, "01:30", "2027-03-27T01:30:00Z" },
  { 2027, 3, 27, "23:59", "2027-03-27T23:59:00Z" },
  { 2027, 3, 28, "00:00", "2027-03-28T00:00:00Z" },
  { 2027, 3, 28, "00:59", "2027-03-28T00:59:00Z" },
  { 2027, 3, 28, "01:00", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "01:15", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "01:45", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "01:59", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "02:00", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "02:01", "2027-03-28T01:01:00Z" },
  { 2027, 3, 28, "12:00", "2027-03-28T11:00:00Z" },
  { 2027, 3, 28, "23:59", "2027-03-28T22:59:00Z" },
  { 2027, 3, 29, "01:30", "2027-03-29T00:30:00Z" },

  /* 2027-10-31: clocks back at 01:00 UTC. */
  { 2027, 10, 30, "01:30", "2027-10-30T00:30:00Z" },
  { 2027, 10, 31, "00:00", "2027-10-30T23:00:00Z" },
  { 2027, 10, 31, "00:30", "2027-10-30T23:30:00Z" },
  { 2027, 10, 31, "01:00", "2027-10-31T00:00:00Z" },
  { 2027, 10, 31, "01:30", "2027-10-31T00:30:00Z" },
  { 2027, 10, 31, "01:59", "2027-10-31T00:59:00Z" },
  { 2027, 10, 31, "02:00", "2027-10-31T02:00:00Z" },
  { 2027, 10, 31, "03:00", "2027-10-31T03:00:00Z" },
  { 2027, 11, 1, "01:30", "2027-11-01T01:30:00Z" },
};

static void
test_local_to_instant (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (local_cases); i++)
    {
      const LocalCase *c = &local_cases[i];
      guint hour, minute;
      g_autofree char *actual = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      g_assert_cmpint (sscanf (c->local, "%u:%u", &hour, &minute), ==, 2);
      got = format_instant (vigil_policy_local_to_instant (london, c->year, c->month, c->day,
                                                           hour * 60 + minute));
      actual = g_strdup_printf ("%04d-%02d-%02d %s London = %s", c->year, c->month, c->day, c->local, got);
      expected = g_strdup_printf ("%04d-%02d-%02d %s London = %s", c->year, c->month, c->day, c->local,
                                  c->expected);
      g_assert_cmpstr (actual, ==, expected);
    }

  /* Every minute of the three nights, against the rule. */
  {
    const struct { int y, m, d; gint64 change; gboolean forward; } nights[] = {
      { 2026, 10, 25, vigil_test_instant ("2026-10-25T01:00:00Z"), FALSE },
      { 2027, 3, 28, vigil_test_instant ("2027-03-28T01:00:00Z"), TRUE },
      { 2027, 10, 31, vigil_test_instant ("2027-10-31T01:00:00Z"), FALSE },
    };

    for (guint n = 0; n < G_N_ELEMENTS (nights); n++)
      {
        g_autoptr(GDateTime) midnight_utc = g_date_time_new_utc (nights[n].y, nights[n].m, nights[n].d, 0, 0, 0);
        gint64 midnight = g_date_time_to_unix (midnight_utc) * SEC;

        for (guint minute = 0; minute < 24 * 60; minute++)
          {
            gint64 got = vigil_policy_local_to_instant (london, nights[n].y, nights[n].m, nights[n].d, minute);
            gint64 wall = midnight + minute * MINUTE;
            gint64 expected;

            if (nights[n].forward)
              {
                /* GMT before 01:00, the change for 01:00–01:59, BST after. */
                if (minute < 60)
                  expected = wall;
                else if (minute < 120)
                  expected = nights[n].change;
                else
                  expected = wall - HOUR;
              }
            else
              {
                /* BST up to 01:59 (first occurrence), GMT from 02:00. */
                expected = minute < 120 ? wall - HOUR : wall;
              }

            if (got != expected)
              {
                g_autofree char *got_text = format_instant (got);
                g_autofree char *expected_text = format_instant (expected);

                g_test_message ("%04d-%02d-%02d minute %u: got %s, expected %s",
                                nights[n].y, nights[n].m, nights[n].d, minute, got_text, expected_text);
                g_test_fail ();
              }
          }
      }
  }
}

static void
test_clock_change_windows (void)
{
  /* DESIGN.md's two examples, as one-off windows. */
  const VigilPolicyWindow back_2027[] = {
    { 0, "2027-10-31", 30, 90, TRUE, "night check-in", 0, 0 },
  };
  const VigilPolicyWindow forward_2027[] = {
    { 0, "2027-03-28", 75, 105, TRUE, "night check-in", 0, 0 },
  };
  const VigilPolicyWindow forward_weekly[] = {
    { VIGIL_DAY_SUNDAY, NULL, 75, 105, TRUE, "night check-in", 0, 0 },
  };
  const VigilPolicyWindow back_weekly[] = {
    { VIGIL_DAY_SUNDAY, NULL, 30, 90, FALSE, "night check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  /* 00:30–01:30 on 2027-10-31 runs 23:30–00:30 UTC. */
  stage_3_input (&input, &stage, back_2027, G_N_ELEMENTS (back_2027));
  check (&input, vigil_test_instant ("2027-10-30T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-10-30T23:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-30T23:29:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-10-30T23:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-30T23:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-10-31T00:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T00:29:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-10-31T00:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T00:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  /* The second 01:00–01:30 (GMT) is not in the window. */
  check (&input, vigil_test_instant ("2027-10-31T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2027-10-31T01:15:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* 01:15–01:45 on 2027-03-28 never runs. */
  stage_3_input (&input, &stage, forward_2027, G_N_ELEMENTS (forward_2027));
  check (&input, vigil_test_instant ("2027-03-27T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2027-03-28T00:59:59Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2027-03-28T01:15:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2027-03-28T00:15:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Weekly on Sundays, 01:15–01:45: the Sunday before runs 01:15–01:45 UTC,
   * 2027-03-28 is skipped, the Sunday after runs 00:15–00:45 UTC. */
  stage_3_input (&input, &stage, forward_weekly, G_N_ELEMENTS (forward_weekly));
  check (&input, vigil_test_instant ("2027-03-21T01:15:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-03-21T01:45:00Z"));
  check (&input, vigil_test_instant ("2027-03-21T01:45:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-04-04T00:15:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-04-04T00:15:00Z"));
  check (&input, vigil_test_instant ("2027-04-04T00:15:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-04-04T00:45:00Z"));

  /* Weekly on Sundays, 00:30–01:30, no audio, around 2026-10-25 and
   * 2027-10-31. */
  stage_3_input (&input, &stage, back_weekly, G_N_ELEMENTS (back_weekly));
  check (&input, vigil_test_instant ("2026-10-24T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-10-24T23:30:00Z"));
  check (&input, vigil_test_instant ("2026-10-24T23:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-10-25T00:30:00Z"));
  check (&input, vigil_test_instant ("2026-10-25T00:30:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-01T00:30:00Z"));
  check (&input, vigil_test_instant ("2026-10-25T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-01T00:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-01T00:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-01T01:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-24T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-10-30T23:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-30T23:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2027-10-31T00:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T00:30:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-11-07T00:30:00Z"));
}

static void
test_clock_change_past_midnight (void)
{
  /* Saturday 22:00–02:00 across each night. */
  const VigilPolicyWindow saturday_night[] = {
    { VIGIL_DAY_SATURDAY, NULL, 22 * 60, 2 * 60, TRUE, "night check-in", 0, 0 },
  };
  /* Ends inside the hour that does not exist. */
  const VigilPolicyWindow ends_in_gap[] = {
    { 0, "2027-03-27", 22 * 60, 90, TRUE, "night check-in", 0, 0 },
  };
  /* Starts and ends in the hour that occurs twice. */
  const VigilPolicyWindow in_repeated_hour[] = {
    { 0, "2026-10-25", 60, 2 * 60, TRUE, "night check-in", 0, 0 },
    { 0, "2027-10-31", 90, 3 * 60, FALSE, "night check-in", 0, 0 },
  };
  /* Starts in the hour that does not exist. */
  const VigilPolicyWindow starts_in_gap[] = {
    { 0, "2027-03-28", 90, 150, TRUE, "night check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  stage_3_input (&input, &stage, saturday_night, G_N_ELEMENTS (saturday_night));
  /* 2026-10-24 22:00 BST = 21:00 UTC until 2026-10-25 02:00 GMT: five hours. */
  check (&input, vigil_test_instant ("2026-10-24T20:59:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-10-24T21:00:00Z"));
  check (&input, vigil_test_instant ("2026-10-24T21:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-10-25T02:00:00Z"));
  check (&input, vigil_test_instant ("2026-10-25T01:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-10-25T02:00:00Z"));
  check (&input, vigil_test_instant ("2026-10-25T02:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-10-31T22:00:00Z"));
  /* 2027-03-27 22:00 GMT until 2027-03-28 02:00 BST = 01:00 UTC: three hours. */
  check (&input, vigil_test_instant ("2027-03-27T22:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-03-28T01:00:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T00:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-03-28T01:00:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-04-03T21:00:00Z"));
  /* 2027-10-30 22:00 BST = 21:00 UTC until 2027-10-31 02:00 GMT. */
  check (&input, vigil_test_instant ("2027-10-30T21:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-10-31T02:00:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T01:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-10-31T02:00:00Z"));

  /* 22:00–01:30 from 2027-03-27: 01:30 does not exist, so it ends at the
   * change, 01:00 UTC. */
  stage_3_input (&input, &stage, ends_in_gap, G_N_ELEMENTS (ends_in_gap));
  check (&input, vigil_test_instant ("2027-03-27T22:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-03-28T01:00:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T00:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-03-28T01:00:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* 01:30–02:30 on 2027-03-28: from the change (01:00 UTC) to 02:30 BST. */
  stage_3_input (&input, &stage, starts_in_gap, G_N_ELEMENTS (starts_in_gap));
  check (&input, vigil_test_instant ("2027-03-28T00:59:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-03-28T01:00:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T01:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-03-28T01:30:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T01:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* 01:00–02:00 on 2026-10-25: first 01:00 (00:00 UTC) to 02:00 GMT, two
   * hours; 01:30–03:00 on 2027-10-31: 00:30 to 03:00 UTC. */
  stage_3_input (&input, &stage, in_repeated_hour, G_N_ELEMENTS (in_repeated_hour));
  check (&input, vigil_test_instant ("2026-10-24T23:59:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-10-25T00:00:00Z"));
  check (&input, vigil_test_instant ("2026-10-25T00:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-10-25T02:00:00Z"));
  check (&input, vigil_test_instant ("2026-10-25T01:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-10-25T02:00:00Z"));
  check (&input, vigil_test_instant ("2026-10-25T02:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-10-31T00:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T00:29:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-10-31T00:30:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T00:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2027-10-31T03:00:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T01:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2027-10-31T03:00:00Z"));
  check (&input, vigil_test_instant ("2027-10-31T03:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
}

int
main (int   argc,
      char *argv[])
{
  policy_test_init (&argc, &argv);

  g_test_add_func ("/policy/clock/local-to-instant", test_local_to_instant);
  g_test_add_func ("/policy/clock/windows", test_clock_change_windows);
  g_test_add_func ("/policy/clock/past-midnight", test_clock_change_past_midnight);

  return policy_test_run ();
}
