/* bench-change-monitor.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a change monitor learns of commits, measured three ways against a bare
 * reference in the same run: what watching an idle site costs per hour (CPU
 * time and wake-ups of the whole process), and how long a commit made by
 * another process takes to reach the ::changed signal.
 *
 * The reference is the least a poller can do: a thread that runs PRAGMA
 * data_version on its own connection every POLL_MS and sleeps, with no main
 * loop and no signal. The candidates are the ways VigilChangeMonitor can
 * work (vigil-change-monitor-private.h): a file monitor on the -wal file,
 * data_version polled from the main loop, and the change_serials table
 * polled from the main loop. Commits come from a child process (this
 * program with --writer), which writes one settings row per commit around
 * Vigil, as any writer could, and reports the monotonic time at which its
 * COMMIT returned.
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-change-monitor
 * VIGIL_BENCH_IDLE_SECONDS (default 20) and VIGIL_BENCH_COMMITS (default 20)
 * size the run.
 */

#include "config.h"

#include <gio/gio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "vigil-change-monitor-private.h"
#include "vigil-test-utils.h"

#define POLL_MS          250
#define WAIT_SECONDS     5
#define MAX_GAP_MS       3000

/* ---- the writer (child process) ---------------------------------------- */

static int
run_writer (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char line[64];
  gint64 tick = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_busy_timeout (db, 10000) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO settings (key, value) VALUES ('bench-tick', ?)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("writer: %s", sqlite3_errmsg (db));

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, ++tick);
      if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
          sqlite3_step (stmt) != SQLITE_DONE ||
          sqlite3_reset (stmt) != SQLITE_OK ||
          sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        g_error ("writer: %s", sqlite3_errmsg (db));
      printf ("%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      fflush (stdout);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return 0;
}

typedef struct
{
  GSubprocess      *process;
  GOutputStream    *to;
  GDataInputStream *from;
} Writer;

static void
writer_start (Writer     *writer,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  writer->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      self_exe, "--writer", path, NULL);
  g_assert_no_error (error);
  writer->to = g_subprocess_get_stdin_pipe (writer->process);
  writer->from = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer->process));
}

static void
writer_commit (Writer *writer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (writer->to, "w\n", 2, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* When the child's last COMMIT returned (monotonic µs). */
static gint64
writer_committed_at (Writer *writer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line (writer->from, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return g_ascii_strtoll (line, NULL, 10);
}

static void
writer_stop (Writer *writer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_close (writer->to, NULL, &error));
  g_assert_true (g_subprocess_wait_check (writer->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&writer->from);
  g_clear_object (&writer->process);
}

/* ---- measuring ---------------------------------------------------------- */

typedef struct
{
  const char *name;
  double      cpu_ms_per_hour;
  double      wakeups_per_hour;
  double      checks_per_hour;
  double      median_ms;
  double      max_ms;
} Figures;

typedef struct
{
  double cpu_s;
  long   switches;
} Usage;

static Usage
usage_now (void)
{
  struct timespec ts;
  struct rusage ru;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  getrusage (RUSAGE_SELF, &ru);
  return (Usage) { ts.tv_sec + ts.tv_nsec / 1e9, ru.ru_nvcsw + ru.ru_nivcsw };
}

static void
idle_figures (Figures *figures,
              Usage    before,
              double   seconds)
{
  Usage after = usage_now ();

  figures->cpu_ms_per_hour = (after.cpu_s - before.cpu_s) * 1e3 * 3600 / seconds;
  figures->wakeups_per_hour = (after.switches - before.switches) * 3600 / seconds;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_main_loop_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
latency_figures (Figures *figures,
                 GArray  *samples)
{
  g_array_sort (samples, compare_double);
  figures->median_ms = g_array_index (samples, double, samples->len / 2);
  figures->max_ms = g_array_index (samples, double, samples->len - 1);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  return value != NULL && atoi (value) > 0 ? (guint) atoi (value) : fallback;
}

/* ---- the bare reference ------------------------------------------------- */

typedef struct
{
  const char  *path;
  gint         stop;
  guint64      polls;
  GAsyncQueue *seen;   /* gint64 *: when a new data_version was read */
} Bare;

static gpointer
bare_loop (gpointer data)
{
  Bare *bare = data;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 last = -1;

  g_assert_cmpint (sqlite3_open_v2 (bare->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL), ==, SQLITE_OK);

  while (!g_atomic_int_get (&bare->stop))
    {
      gint64 version;

      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      version = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      bare->polls++;

      if (last != -1 && version != last)
        {
          gint64 *at = g_new (gint64, 1);
          *at = g_get_monotonic_time ();
          g_async_queue_push (bare->seen, at);
        }
      last = version;
      g_usleep (POLL_MS * 1000);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return NULL;
}

static void
measure_bare (Figures    *figures,
              const char *path,
              Writer     *writer,
              guint       idle_seconds,
              guint       commits,
              GRand      *rand)
{
  Bare bare = { path, 0, 0, g_async_queue_new_full (g_free) };
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  GThread *thread;
  Usage before = usage_now ();

  thread = g_thread_new ("bare-poll", bare_loop, &bare);
  g_usleep ((gulong) idle_seconds * G_USEC_PER_SEC);
  idle_figures (figures, before, idle_seconds);
  figures->checks_per_hour = bare.polls * 3600.0 / idle_seconds;

  for (guint i = 0; i < commits; i++)
    {
      g_autofree gint64 *seen = NULL;
      gint64 committed;
      double ms;

      g_usleep (g_rand_int_range (rand, 50, MAX_GAP_MS) * 1000);
      writer_commit (writer);
      committed = writer_committed_at (writer);
      seen = g_async_queue_timeout_pop (bare.seen, WAIT_SECONDS * G_USEC_PER_SEC);
      g_assert_nonnull (seen);
      ms = (*seen - committed) / 1e3;
      g_array_append_val (samples, ms);
    }

  g_atomic_int_set (&bare.stop, 1);
  g_thread_join (thread);
  g_async_queue_unref (bare.seen);
  latency_figures (figures, samples);
}

/* ---- the candidates ----------------------------------------------------- */

typedef struct
{
  gint64 seen_at;
} Seen;

static void
on_changed (VigilChangeMonitor *monitor,
            VigilChangeKind     kinds,
            gpointer            data)
{
  Seen *seen = data;

  g_assert_true (kinds & VIGIL_CHANGE_KIND_SETTINGS);
  if (seen->seen_at == 0)
    seen->seen_at = g_get_monotonic_time ();
}

static void
measure_monitor (Figures          *figures,
                 const char       *path,
                 VigilChangeWatch  watch,
                 Writer           *writer,
                 guint             idle_seconds,
                 guint             commits,
                 GRand            *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilChangeMonitor) monitor = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  Seen seen = { 0 };
  Usage before;
  guint64 checks;

  monitor = vigil_change_monitor_new_for_path (path, watch, POLL_MS, &error);
  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_changed), &seen);

  before = usage_now ();
  checks = vigil_change_monitor_get_n_checks (monitor);
  run_main_loop_for (idle_seconds * 1000);
  idle_figures (figures, before, idle_seconds);
  figures->checks_per_hour = (vigil_change_monitor_get_n_checks (monitor) - checks) * 3600.0 / idle_seconds;
  g_assert_cmpint (seen.seen_at, ==, 0);

  for (guint i = 0; i < commits; i++)
    {
      gboolean timed_out = FALSE;
      guint timeout_id;
      gint64 committed;
      double ms;

      run_main_loop_for (g_rand_int_range (rand, 50, MAX_GAP_MS));
      seen.seen_at = 0;
      writer_commit (writer);
      timeout_id = g_timeout_add_seconds (WAIT_SECONDS, set_flag, &timed_out);
      while (seen.seen_at == 0 && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      g_assert_false (timed_out);
      g_source_remove (timeout_id);
      committed = writer_committed_at (writer);
      ms = (seen.seen_at - committed) / 1e3;
      g_array_append_val (samples, ms);
    }

  /* A monitor that fell back to polling would be measuring the wrong way. */
  if (watch == VIGIL_CHANGE_WATCH_WAL_FILE)
    g_assert_false (vigil_change_monitor_is_polling (monitor));

  g_signal_handlers_disconnect_by_data (monitor, &seen);
  g_assert_finalize_object (g_steal_pointer (&monitor));
  latency_figures (figures, samples);
}

static void
print_figures (const Figures *f,
               const Figures *bare)
{
  printf ("# %-34s %9.1f ms (%6.3f)  %8.0f (%6.3f)  %8.0f  %7.1f ms (%5.2f)  %7.1f ms\n",
          f->name, f->cpu_ms_per_hour, f->cpu_ms_per_hour / bare->cpu_ms_per_hour,
          f->wakeups_per_hour, f->wakeups_per_hour / bare->wakeups_per_hour, f->checks_per_hour,
          f->median_ms, f->median_ms / bare->median_ms, f->max_ms);
}

int
main (int    argc,
      char **argv)
{
  guint idle_seconds = env_uint ("VIGIL_BENCH_IDLE_SECONDS", 20);
  guint commits = env_uint ("VIGIL_BENCH_COMMITS", 20);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  Figures floor = { "main loop alone (no watching)" };
  Figures bare = { "bare data_version poll thread" };
  Figures wal = { "file monitor on -wal (chosen)" };
  Figures version = { "data_version poll, main loop" };
  Figures serials = { "change_serials poll, main loop" };
  Writer writer = { 0 };

  if (argc == 3 && strcmp (argv[1], "--writer") == 0)
    return run_writer (argv[2]);

  /* The site's file, held open as the console's own connection would. */
  dir = vigil_test_make_dir ();
  path = g_build_filename (dir, "vigil.db", NULL);
  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  writer_start (&writer, path);

  {
    Usage before = usage_now ();
    run_main_loop_for (idle_seconds * 1000);
    idle_figures (&floor, before, idle_seconds);
  }
  measure_bare (&bare, path, &writer, idle_seconds, commits, rand);
  measure_monitor (&wal, path, VIGIL_CHANGE_WATCH_WAL_FILE, &writer, idle_seconds, commits, rand);
  measure_monitor (&version, path, VIGIL_CHANGE_WATCH_POLL_VERSION, &writer, idle_seconds, commits, rand);
  measure_monitor (&serials, path, VIGIL_CHANGE_WATCH_POLL_SERIALS, &writer, idle_seconds, commits, rand);

  printf ("# Idle for %u s per way, then %u commits from another process %d–%d ms apart; polls every %d ms.\n",
          idle_seconds, commits, 50, MAX_GAP_MS, POLL_MS);
  printf ("# Per hour idle: CPU of the whole process and its wake-ups (context switches), with the ratio to\n"
          "# the bare poll; reads of the file. Commit to signal: median (ratio to bare) and worst.\n");
  printf ("# %-34s %21s  %17s  %8s  %18s  %10s\n", "way", "CPU/hour idle", "wake-ups/hour", "reads/h",
          "commit→signal", "worst");
  printf ("# %-34s %9.1f ms           %8.0f\n", floor.name, floor.cpu_ms_per_hour, floor.wakeups_per_hour);
  print_figures (&bare, &bare);
  print_figures (&wal, &bare);
  print_figures (&version, &bare);
  print_figures (&serials, &bare);

  writer_stop (&writer);
  g_clear_object (&store);
  vigil_test_remove_dir (dir);
  return 0;
}
