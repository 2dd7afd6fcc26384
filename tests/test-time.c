/* test-time.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-test-utils.h"

static GTimeZone *london;

static char *
parse_to_utc (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 instant = 0;

  g_assert_true (vigil_time_parse (text, london, &instant, &error));
  g_assert_no_error (error);
  return vigil_time_format_utc (instant);
}

static void
check (const char *text,
       const char *expected_utc)
{
  g_autofree char *utc = parse_to_utc (text);

  g_assert_cmpstr (utc, ==, expected_utc);
}

static void
test_parse_offsets (void)
{
  check ("2026-11-20T14:30:00Z", "2026-11-20T14:30:00Z");
  check ("2026-07-01T22:30:00+01:00", "2026-07-01T21:30:00Z");
  check ("2026-07-01T22:30+01:00", "2026-07-01T21:30:00Z");
  check ("2026-07-01T22:30Z", "2026-07-01T22:30:00Z");
}

static void
test_parse_site_time (void)
{
  /* No offset: the site's wall clock, GMT in winter and BST in summer. */
  check ("2026-11-20T14:30:00", "2026-11-20T14:30:00Z");
  check ("2026-07-01T22:30", "2026-07-01T21:30:00Z");
  check ("2026-07-01", "2026-06-30T23:00:00Z");
  check ("2026-12-25", "2026-12-25T00:00:00Z");
}

static void
test_parse_clock_changes (void)
{
  /* The hour clocks go back occurs twice: its first occurrence (BST). */
  check ("2027-10-31T01:15", "2027-10-31T00:15:00Z");
  check ("2026-10-25T01:30:00", "2026-10-25T00:30:00Z");
  /* The hour clocks go forward is skipped: the instant they change. */
  check ("2027-03-28T01:30", "2027-03-28T01:00:00Z");
  check ("2027-03-28T02:00", "2027-03-28T01:00:00Z");
  check ("2027-03-28T00:59", "2027-03-28T00:59:00Z");
  /* As the console shows times: a space for the "T". */
  check ("2026-11-20 14:30", "2026-11-20T14:30:00Z");
  check ("2026-11-20 14:30:15", "2026-11-20T14:30:15Z");
}

static void
test_parse_malformed (void)
{
  const char *bad[] = { "", "yesterday", "2026-13-01", "2026-11-20T25:00", "2026-11-20_14:30", "14:30" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 instant = 0;

      g_assert_false (vigil_time_parse (bad[i], london, &instant, &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "malformed"));
    }
}

static void
test_dates (void)
{
  const char *good[] = { "2026-01-31", "2028-02-29" };
  const char *bad[] = { "2026-02-29", "2026-1-01", "26-01-01", "2026-01-01x", "2026/01/01" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (vigil_date_validate (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (vigil_date_validate (bad[i], NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  london = g_time_zone_new_identifier ("Europe/London");
  g_assert_nonnull (london);

  g_test_add_func ("/time/parse/offsets", test_parse_offsets);
  g_test_add_func ("/time/parse/site-time", test_parse_site_time);
  g_test_add_func ("/time/parse/clock-changes", test_parse_clock_changes);
  g_test_add_func ("/time/parse/malformed", test_parse_malformed);
  g_test_add_func ("/time/dates", test_dates);

  return g_test_run ();
}
