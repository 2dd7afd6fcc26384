/* bench-postgres.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A site on PostgreSQL against the same site on SQLite, measured in the same
 * run on the same machine: the SQLite store is the reference, and each
 * figure is also given as PostgreSQL's ratio to it.
 *
 *   append    one audit entry per transaction (the trail's own path: its
 *             MAC, the head moved with it), as each login or change costs
 *   verify    the whole trail, read and every MAC checked
 *   login     a competency login (Argon2id, then the trail)
 *   explain   `policy explain` of a family room's camera: what the policy
 *             engine reads for one decision
 *   notify    from a commit on one connection (another machine's, in effect)
 *             to ::changed of the change monitor on another: median and p95
 *   consoles  20 consoles, each a thread with its own connection and its own
 *             operator, two to each of 10 families, starting a duty, writing
 *             a note and ending the duty as fast as they can for 60 s: duty
 *             cycles a second (three writes each), the refusals of a duty
 *             start that lost to the other console of its family, and then
 *             the rules checked: no two duties of a family ever overlapped,
 *             nor two of an operator, and the trail verifies
 *
 * The cluster is the test session's (build-aux/test-session.sh), on this
 * machine's loopback socket, without fsync: what it shows is the cost of the
 * store's round trips and of PostgreSQL's own work, not of a network or a
 * disk.
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-postgres
 * VIGIL_BENCH_ENTRIES (default 20,000) sizes the trail verified;
 * VIGIL_BENCH_COMMITS (default 200) the notifications timed;
 * VIGIL_BENCH_CONSOLE_SECONDS (default 60) the consoles' run.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "vigil-audit-private.h"
#include "vigil-change-monitor-private.h"
#include "vigil-store-private.h"
#include "vigil-test-utils.h"

#define APPENDS  500
#define LOGINS   10
#define EXPLAINS 1000
#define BATCH    1000

typedef struct
{
  double append_ms;
  double verify_per_s;
  double login_ms;
  double explain_ms;
  double notify_median_ms;
  double notify_p95_ms;
  double cycles_per_s;
  double refusals_per_s;
} Figures;

#define CONSOLES 20
#define FAMILIES 10

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* A site with a team lead, a family room, its camera and a stage-1
 * family, in @database or (%NULL) a SQLite file. */
static VigilSite *
make_site (const char  *database,
           char       **dir_out)
{
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "site", NULL);
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Cot cam", VIGIL_LOCATION_FAMILY_ROOM, "Room 1",
                                                    "rtsp://cot.local/main", NULL, FALSE);
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  VigilSite *site;

  site = vigil_site_create_in_database (dir, database, "Bench Centre", VIGIL_TEST_MANAGER, NULL, 7,
                                        VIGIL_TEST_MANAGER_PASSWORD, &error);
  g_assert_no_error (error);
  manager = vigil_test_login_manager (site);
  vigil_test_add_staff (site, manager, "terry", 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, "terry-password");
  lead = vigil_test_login (site, "terry", "terry-password");
  g_assert_true (vigil_site_add_room (site, manager, "Room 1", NULL, &error));
  g_assert_true (vigil_site_add_camera (site, manager, camera, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  today = vigil_date_today (vigil_site_get_time_zone (site), vigil_site_now (site));
  family = vigil_family_new ("FAM-1", "AB", "Room 1", today);
  vigil_family_set_agreement (family, today, TRUE);
  g_assert_true (vigil_site_add_family (site, lead, family, VIGIL_STATE_STAGE_1, NULL, &error));
  g_assert_no_error (error);

  *dir_out = g_steal_pointer (&dir);
  return site;
}

static void
append_one (VigilSite *site,
            guint      i)
{
  VigilStore *store = vigil_site_get_store (site);
  g_autoptr(GError) error = NULL;
  g_autofree char *object = g_strdup_printf ("bench:%u", i);

  g_assert_true (vigil_store_begin (store, &error));
  g_assert_true (vigil_audit_append (vigil_site_get_audit (site), vigil_site_now (site), VIGIL_TEST_MANAGER,
                                     "bench", object, "measuring", "", &error));
  g_assert_true (vigil_store_commit (store, &error));
  g_assert_no_error (error);
}

typedef struct
{
  gboolean seen;
} Seen;

static void
on_changed (VigilChangeMonitor *monitor,
            VigilChangeKind     kinds,
            Seen               *seen)
{
  if ((kinds & VIGIL_CHANGE_KIND_SETTINGS) != 0)
    seen->seen = TRUE;
}

static void
measure (const char *database,
         Figures    *figures)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = make_site (database, &dir);
  g_autoptr(VigilSite) other = NULL;
  g_autoptr(VigilChangeMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  VigilStore *store = vigil_site_get_store (site);
  guint entries = env_uint ("VIGIL_BENCH_ENTRIES", 20000);
  guint commits = env_uint ("VIGIL_BENCH_COMMITS", 200);
  gint64 checked = 0;
  double start;
  Seen seen = { 0 };

  start = now_ms ();
  for (guint i = 0; i < APPENDS; i++)
    append_one (site, i);
  figures->append_ms = (now_ms () - start) / APPENDS;

  /* The trail filled to its size in batches, then verified whole. */
  for (guint done = APPENDS; done < entries; done += BATCH)
    {
      g_assert_true (vigil_store_begin (store, &error));
      for (guint i = 0; i < BATCH; i++)
        g_assert_true (vigil_audit_append (vigil_site_get_audit (site), vigil_site_now (site), VIGIL_TEST_MANAGER,
                                           "bench", "bench:fill", "measuring", "", &error));
      g_assert_true (vigil_store_commit (store, &error));
    }
  start = now_ms ();
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
  g_assert_no_error (error);
  figures->verify_per_s = checked / ((now_ms () - start) / 1000.0);

  start = now_ms ();
  for (guint i = 0; i < LOGINS; i++)
    {
      g_autoptr(VigilSession) session = vigil_test_login (site, "terry", "terry-password");
    }
  figures->login_ms = (now_ms () - start) / LOGINS;

  start = now_ms ();
  for (guint i = 0; i < EXPLAINS; i++)
    {
      g_auto(VigilPolicyDecision) decision = { 0 };

      g_assert_true (vigil_site_explain_camera (site, "Cot cam", vigil_site_now (site), &decision, &error));
      g_assert_no_error (error);
    }
  figures->explain_ms = (now_ms () - start) / EXPLAINS;

  /* Another connection writes; this one's monitor is told. */
  other = vigil_test_site_open (dir);
  monitor = vigil_change_monitor_new (site, &error);
  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_changed), &seen);
  for (guint i = 0; i < commits; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u", i);
      gint64 deadline;
      double committed;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      seen.seen = FALSE;
      g_assert_true (vigil_store_set_setting (vigil_site_get_store (other), "bench-commit", value, &error));
      committed = now_ms ();
      deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      while (!seen.seen && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (seen.seen);
      g_array_append_vals (delays, (double[]) { now_ms () - committed }, 1);
    }
  g_array_sort (delays, compare_doubles);
  figures->notify_median_ms = g_array_index (delays, double, delays->len / 2);
  figures->notify_p95_ms = g_array_index (delays, double, (delays->len * 95) / 100);

  g_clear_object (&monitor);
  g_clear_object (&other);
  g_clear_object (&site);
  vigil_test_remove_dir (dir);
}

typedef struct
{
  const char *dir;
  guint       index;
  gint64      until;
  guint       cycles;
  guint       refusals;
  GError     *error;
} Console;

static gpointer
run_console (gpointer data)
{
  Console *console = data;
  g_autofree char *operator_name = g_strdup_printf ("op%02u", console->index);
  g_autofree char *case_ref = g_strdup_printf ("FAM-%u", console->index % FAMILIES + 1);
  g_autoptr(VigilSite) site = vigil_site_open (console->dir, &console->error);
  g_autoptr(VigilSession) session = NULL;

  if (site == NULL)
    return NULL;
  session = vigil_site_login (site, operator_name, "operator-password", "bench", &console->error);
  if (session == NULL)
    return NULL;

  while (g_get_monotonic_time () < console->until)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilDuty) duty = vigil_site_start_duty (site, session, case_ref, NULL, &error);
      g_autoptr(VigilNote) note = NULL;
      g_autoptr(VigilDuty) ended = NULL;

      if (duty == NULL)
        {
          /* The family's other console is on duty: the rule, not a fault. */
          if (!g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS) &&
              !g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_INVALID))
            {
              console->error = g_steal_pointer (&error);
              return NULL;
            }
          console->refusals++;
          g_thread_yield ();
          continue;
        }

      note = vigil_site_add_note (site, session, case_ref, VIGIL_NOTE_KIND_OBSERVATION, 0, 0,
                                  "Baby settled; parent responsive.", &error);
      if (note != NULL)
        ended = vigil_site_end_duty (site, session, case_ref, "Handing back: baby asleep.", &error);
      if (ended == NULL)
        {
          console->error = g_steal_pointer (&error);
          return NULL;
        }
      console->cycles++;
    }
  return NULL;
}

static void
measure_consoles (const char *database,
                  Figures    *figures)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = make_site (database, &dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) lead = vigil_test_login (site, "terry", "terry-password");
  g_autoptr(GError) error = NULL;
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (site), vigil_site_now (site));
  guint seconds = env_uint ("VIGIL_BENCH_CONSOLE_SECONDS", 60);
  Console consoles[CONSOLES] = { 0 };
  GThread *threads[CONSOLES];
  guint cycles = 0, refusals = 0;
  gint64 started;

  for (guint i = 2; i <= FAMILIES; i++)
    {
      g_autofree char *room = g_strdup_printf ("Room %u", i);
      g_autofree char *case_ref = g_strdup_printf ("FAM-%u", i);
      g_autoptr(VigilFamily) family = vigil_family_new (case_ref, "AB", room, today);

      g_assert_true (vigil_site_add_room (site, manager, room, NULL, &error));
      vigil_family_set_agreement (family, today, TRUE);
      g_assert_true (vigil_site_add_family (site, lead, family, VIGIL_STATE_STAGE_1, NULL, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < CONSOLES; i++)
    {
      g_autofree char *name = g_strdup_printf ("op%02u", i);

      vigil_test_add_staff (site, manager, name, 3, VIGIL_ROLE_OPERATOR, NULL, NULL, "operator-password");
    }

  started = g_get_monotonic_time ();
  for (guint i = 0; i < CONSOLES; i++)
    {
      consoles[i] = (Console) { dir, i, started + (gint64) seconds * G_USEC_PER_SEC, 0, 0, NULL };
      threads[i] = g_thread_new ("console", run_console, &consoles[i]);
    }
  for (guint i = 0; i < CONSOLES; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (consoles[i].error);
      cycles += consoles[i].cycles;
      refusals += consoles[i].refusals;
    }
  figures->cycles_per_s = cycles / (double) seconds;
  figures->refusals_per_s = refusals / (double) seconds;

  /* The rules held throughout, not only at the end. */
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT count(*) FROM duties a JOIN duties b"
                                            " ON a.id < b.id AND (a.family_id = b.family_id OR a.operator = b.operator)"
                                            " AND b.started_at < coalesce (a.ended_at, 9223372036854775807)"
                                            " AND a.started_at < coalesce (b.ended_at, 9223372036854775807)"), ==, 0);
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 0);
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT count(*) FROM duties"), ==, cycles);
  vigil_test_assert_audit_intact (site);

  g_clear_object (&lead);
  g_clear_object (&manager);
  g_clear_object (&site);
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *database = NULL;
  Figures lite = { 0 }, pg = { 0 };

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("VIGIL_TEST_POSTGRES") == NULL)
    {
      g_printerr ("bench-postgres: run it inside build-aux/test-session.sh, which starts the cluster\n");
      return 1;
    }

  measure (NULL, &lite);
  database = vigil_test_postgres_new_database ();
  measure (database, &pg);
  measure_consoles (NULL, &lite);
  g_free (database);
  database = vigil_test_postgres_new_database ();
  measure_consoles (database, &pg);

  printf ("%-28s %12s %12s %8s\n", "", "SQLite", "PostgreSQL", "ratio");
  printf ("%-28s %12.3f %12.3f %8.2f\n", "audit append (ms each)", lite.append_ms, pg.append_ms,
          pg.append_ms / lite.append_ms);
  printf ("%-28s %12.0f %12.0f %8.2f\n", "audit verify (entries/s)", lite.verify_per_s, pg.verify_per_s,
          pg.verify_per_s / lite.verify_per_s);
  printf ("%-28s %12.1f %12.1f %8.2f\n", "login (ms each)", lite.login_ms, pg.login_ms,
          pg.login_ms / lite.login_ms);
  printf ("%-28s %12.3f %12.3f %8.2f\n", "policy explain (ms each)", lite.explain_ms, pg.explain_ms,
          pg.explain_ms / lite.explain_ms);
  printf ("%-28s %12.1f %12.1f %8.2f\n", "change told, median (ms)", lite.notify_median_ms, pg.notify_median_ms,
          pg.notify_median_ms / lite.notify_median_ms);
  printf ("%-28s %12.1f %12.1f %8.2f\n", "change told, p95 (ms)", lite.notify_p95_ms, pg.notify_p95_ms,
          pg.notify_p95_ms / lite.notify_p95_ms);
  printf ("%-28s %12.1f %12.1f %8.2f\n", "20 consoles: duties/s", lite.cycles_per_s, pg.cycles_per_s,
          pg.cycles_per_s / lite.cycles_per_s);
  printf ("%-28s %12.1f %12.1f %8.2f\n", "20 consoles: refusals/s", lite.refusals_per_s, pg.refusals_per_s,
          pg.refusals_per_s / lite.refusals_per_s);
  return 0;
}
