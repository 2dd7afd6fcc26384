/* test-duty-race.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-duty-race"

#include "config.h"

#include <stdio.h>

#include "duty-fixture.h"

/* One staff to one baby across processes: another process watching a
 * family through handovers never sees it uncovered, and of two processes
 * racing for a family, or for one operator, exactly one wins. The children
 * are this same program, run again with --observe or --race. */

static char *self_path;

/* ---- handover, watched from another process --------------------------- */

/* Another process watches the family's open duties while handovers run:
 * it must never see none or two. */
static void
test_handover_never_uncovered (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = start (fixture, fixture->okhan, "AB-123", NULL);
  g_autofree char *ready = g_build_filename (fixture->dir, "observer-ready", NULL);
  g_autofree char *stop = g_build_filename (fixture->dir, "observer-stop", NULL);
  g_autoptr(GSubprocess) observer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *names[] = { "jdavies", "okhan" };

  observer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                               self_path, "--observe", fixture->dir, "AB-123", NULL);
  g_assert_no_error (error);
  for (int i = 0; i < 1000 && !g_file_test (ready, G_FILE_TEST_EXISTS); i++)
    g_usleep (10 * 1000);
  g_assert_true (g_file_test (ready, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(VigilDuty) next = vigil_site_hand_over_duty (fixture->site, fixture->lead, "AB-123",
                                                             names[i % 2], SUMMARY, &error);
      g_assert_no_error (error);
      g_assert_nonnull (next);
    }

  g_assert_true (g_file_set_contents (stop, "", 0, NULL));
  g_assert_true (g_subprocess_communicate_utf8 (observer, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("observer: %s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (observer));
  g_assert_cmpint (g_subprocess_get_exit_status (observer), ==, 0);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties"), ==, 31);
}

static int
child_observe (const char *dir,
               const char *ref)
{
  g_autofree char *ready = g_build_filename (dir, "observer-ready", NULL);
  g_autofree char *stop = g_build_filename (dir, "observer-stop", NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM duties d JOIN families f ON f.id = d.family_id"
                                          " WHERE f.case_ref = '%s' AND d.ended_at IS NULL", ref);
  g_autoptr(VigilTestRaw) raw = vigil_test_raw_connect (dir);
  guint looks = 0;

  while (!g_file_test (stop, G_FILE_TEST_EXISTS))
    {
      gint64 open = vigil_test_raw_query_int (raw, sql);

      if (open != 1)
        {
          g_printerr ("saw %" G_GINT64_FORMAT " open duties for %s after %u looks\n", open, ref, looks);
          return 1;
        }
      if (looks++ == 0)
        g_file_set_contents (ready, "", 0, NULL);
    }

  g_print ("%u looks, always one open duty\n", looks);
  return 0;
}

/* ---- racing processes --------------------------------------------------- */

/* Reads the line a racer writes once it has logged in. */
static void
wait_until_ready (GSubprocess *racer)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (racer));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* The racer writes nothing more until it is told to go, so this buffers
   * nothing that communicate() below would miss. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

static void
tell_to_go (GSubprocess *racer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (racer), "go\n", 3, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (g_subprocess_get_stdin_pipe (racer), NULL, &error));
}

/* Two processes log in, and once both are ready both are told at once to
 * start a duty. */
static void
race (Fixture    *fixture,
      const char *user_a,
      const char *ref_a,
      const char *user_b,
      const char *ref_b,
      const char *winner_says_a,
      const char *winner_says_b)
{
  const GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_PIPE;
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_a = NULL, *err_a = NULL, *out_b = NULL, *err_b = NULL;
  int status_a, status_b;

  a = g_subprocess_new (flags, &error, self_path, "--race", fixture->dir, user_a, ref_a, NULL);
  g_assert_no_error (error);
  b = g_subprocess_new (flags, &error, self_path, "--race", fixture->dir, user_b, ref_b, NULL);
  g_assert_no_error (error);

  wait_until_ready (a);
  wait_until_ready (b);
  tell_to_go (a);
  tell_to_go (b);

  g_assert_true (g_subprocess_communicate_utf8 (a, NULL, NULL, &out_a, &err_a, &error));
  g_assert_true (g_subprocess_communicate_utf8 (b, NULL, NULL, &out_b, &err_b, &error));
  status_a = g_subprocess_get_exit_status (a);
  status_b = g_subprocess_get_exit_status (b);
  g_test_message ("a: %d %s%s; b: %d %s%s", status_a, out_a, err_a, status_b, out_b, err_b);

  /* Exactly one wins (0); the loser is refused in words (2). */
  g_assert_true ((status_a == 0 && status_b == 2) || (status_a == 2 && status_b == 0));
  if (status_a == 0)
    g_assert_nonnull (strstr (err_b, winner_says_a));
  else
    g_assert_nonnull (strstr (err_a, winner_says_b));
  g_assert_null (strstr (status_a == 0 ? err_b : err_a, "UNIQUE"));
}

static void
end_all (Fixture *fixture)
{
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_get_coverage (fixture->site, &duties, &uncovered, &error));
  for (guint i = 0; i < duties->len; i++)
    {
      g_autoptr(VigilDuty) ended = vigil_site_end_duty (fixture->site, fixture->lead,
                                                        vigil_duty_get_case_ref (g_ptr_array_index (duties, i)),
                                                        SUMMARY, &error);
      g_assert_no_error (error);
    }
}

static void
test_race_same_family (Fixture       *fixture,
                       gconstpointer  data)
{
  for (int round = 0; round < 3; round++)
    {
      race (fixture, "okhan", "AB-123", "jdavies", "AB-123",
            "family AB-123 is already watched by okhan", "family AB-123 is already watched by jdavies");
      g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);
      end_all (fixture);
    }
}

static void
test_race_same_operator (Fixture       *fixture,
                         gconstpointer  data)
{
  for (int round = 0; round < 3; round++)
    {
      race (fixture, "okhan", "AB-123", "okhan", "CD-456",
            "okhan is already on duty for family AB-123", "okhan is already on duty for family CD-456");
      g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);
      end_all (fixture);
    }
}

static int
child_race (const char *dir,
            const char *user,
            const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (dir, &error);
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  char go[8];

  if (site == NULL ||
      (session = vigil_site_login (site, user, PASSWORD, "test", &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* Logged in: wait for the word, which both racers get at once. */
  fputs ("ready\n", stdout);
  fflush (stdout);
  if (fgets (go, sizeof go, stdin) == NULL)
    {
      g_printerr ("no word to go\n");
      return 1;
    }

  duty = vigil_site_start_duty (site, session, ref, NULL, &error);
  if (duty == NULL)
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS) ? 2 : 1;
    }

  g_print ("%s on duty for %s\n", user, ref);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--race"))
    return child_race (argv[2], argv[3], argv[4]);
  if (argc == 4 && g_str_equal (argv[1], "--observe"))
    return child_observe (argv[2], argv[3]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, logins) \
  g_test_add (path, Fixture, LOGINS (logins), fixture_set_up, func, fixture_tear_down)
  ADD ("/duty/handover-never-uncovered", test_handover_never_uncovered, AS_OKHAN | AS_LEAD);
  ADD ("/duty/race-same-family", test_race_same_family, AS_LEAD);
  ADD ("/duty/race-same-operator", test_race_same_operator, AS_LEAD);
#undef ADD

  return g_test_run ();
}
