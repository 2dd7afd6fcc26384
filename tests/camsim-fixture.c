/* camsim-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "camsim-fixture"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "camsim-fixture.h"

/* How long a server may take to stop on SIGTERM or die on SIGKILL. */
#define EXIT_DEADLINE_US (10 * G_USEC_PER_SEC)

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
camsim_wait_for (gboolean (*done) (gpointer),
                 gpointer  data,
                 gint64    timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  /* Conditions set from other threads wake no main context: look again
   * at least this often. */
  guint tick = g_timeout_add (20, on_tick, NULL);
  gboolean result;

  while (!(result = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return result;
}

/* A server outlives no failed test: it would hold the test's output open. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocess *
camsim_spawn (const char * const *args,
              GSubprocessFlags    flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("VIGIL_CAMSIM");
  GSubprocess *process;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_assert_no_error (error);
  /* End of output before a line: the server exited. */
  if (*line == NULL)
    *line = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Spawns the server and reads its ready line, which names its port. */
static void
launch (Camsim *camsim,
        int     port)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) ready = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *port_text = g_strdup_printf ("%d", port);
  g_autofree char *line = NULL;
  g_autofree char *bound = NULL;

  g_strv_builder_add (builder, "--port");
  g_strv_builder_add (builder, port_text);
  g_strv_builder_addv (builder, (const char **) camsim->args);
  argv = g_strv_builder_end (builder);

  g_assert_null (camsim->process);
  camsim->process = camsim_spawn ((const char * const *) argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  camsim->frozen = FALSE;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (camsim->process));
  /* The pipe stays open with the process: a server whose output was
   * closed would die of SIGPIPE if it ever wrote again. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line_read, &line);
  if (!camsim_wait_for (is_set, &line, CAMSIM_START_DEADLINE_US))
    g_error ("vigil-camsim printed no ready line within %d s",
             (int) (CAMSIM_START_DEADLINE_US / G_USEC_PER_SEC));

  ready = g_regex_new ("^vigil-camsim: serving [0-9]+ cameras? on rtsp://127\\.0\\.0\\.1:([0-9]+)/$", 0, 0, NULL);
  if (!g_regex_match (ready, line, 0, &match))
    g_error ("vigil-camsim did not start on port %d: “%s” (its error is above)", port, line);

  bound = g_match_info_fetch (match, 1);
  camsim->port = atoi (bound);
  g_assert_cmpint (camsim->port, >, 0);
  if (port != 0)
    g_assert_cmpint (camsim->port, ==, port);
}

Camsim *
camsim_startv (int                 port,
               const char * const *args)
{
  Camsim *camsim = g_new0 (Camsim, 1);

  g_assert_cmpint (port, >=, 0);
  camsim->args = g_strdupv ((char **) args);
  launch (camsim, port);
  return camsim;
}

Camsim *
camsim_start (const char *first_arg,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return camsim_startv (0, (const char * const *) args->pdata);
}

void
camsim_restart (Camsim *camsim)
{
  g_assert_nonnull (camsim);
  g_assert_null (camsim->process);
  launch (camsim, camsim->port);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
signal_and_wait (Camsim     *camsim,
                 int         signum,
                 const char *what)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (camsim->process, signum);
  g_subprocess_wait_async (camsim->process, NULL, on_exited, &exited);
  if (!camsim_wait_for (is_true, &exited, EXIT_DEADLINE_US))
    {
      g_subprocess_force_exit (camsim->process);
      g_error ("vigil-camsim did not %s", what);
    }
}

void
camsim_kill (Camsim *camsim)
{
  g_assert_nonnull (camsim);
  g_assert_nonnull (camsim->process);

  signal_and_wait (camsim, SIGKILL, "die on SIGKILL");
  g_assert_true (g_subprocess_get_if_signaled (camsim->process));
  g_assert_cmpint (g_subprocess_get_term_sig (camsim->process), ==, SIGKILL);
  g_clear_object (&camsim->process);
  camsim->frozen = FALSE;
}

/* Whether every thread of the server is stopped: kill() returns before a
 * thread running on another processor has stopped, and a frame it stamps
 * meanwhile would be one the camera sent after its freeze. */
static gboolean
is_stopped (gpointer data)
{
  Camsim *camsim = data;
  g_autofree char *folder = g_strdup_printf ("/proc/%s/task", g_subprocess_get_identifier (camsim->process));
  g_autoptr(GDir) tasks = g_dir_open (folder, 0, NULL);
  const char *task;

  g_assert_nonnull (tasks);
  while ((task = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, task, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *state;

      /* "pid (name) S …": the state follows the name's last bracket. */
      if (!g_file_get_contents (path, &stat, NULL, NULL) || (state = strrchr (stat, ')')) == NULL)
        return FALSE;
      if (state[1] != ' ' || (state[2] != 'T' && state[2] != 't'))
        return FALSE;
    }
  return TRUE;
}

void
camsim_freeze (Camsim *camsim)
{
  g_assert_nonnull (camsim);
  g_assert_nonnull (camsim->process);
  g_assert_false (camsim->frozen);

  g_subprocess_send_signal (camsim->process, SIGSTOP);
  if (!camsim_wait_for (is_stopped, camsim, EXIT_DEADLINE_US))
    g_error ("vigil-camsim did not stop on SIGSTOP");
  camsim->frozen = TRUE;
}

void
camsim_thaw (Camsim *camsim)
{
  g_assert_nonnull (camsim);
  g_assert_nonnull (camsim->process);
  g_assert_true (camsim->frozen);

  g_subprocess_send_signal (camsim->process, SIGCONT);
  camsim->frozen = FALSE;
}

/* SIGTERM stops the server cleanly: it exits 0, not by the signal. */
void
camsim_stop (Camsim *camsim)
{
  g_assert_nonnull (camsim);
  g_assert_nonnull (camsim->process);

  if (camsim->frozen)
    camsim_thaw (camsim);

  signal_and_wait (camsim, SIGTERM, "stop on SIGTERM");
  g_assert_true (g_subprocess_get_if_exited (camsim->process));
  g_assert_cmpint (g_subprocess_get_exit_status (camsim->process), ==, 0);
  g_clear_object (&camsim->process);
}

void
camsim_free (Camsim *camsim)
{
  if (camsim == NULL)
    return;

  /* SIGKILL ends a stopped process too. */
  if (camsim->process != NULL)
    camsim_kill (camsim);

  g_strfreev (camsim->args);
  g_free (camsim);
}

char *
camsim_url (Camsim     *camsim,
            const char *path)
{
  g_assert_nonnull (camsim);
  g_assert_nonnull (path);

  return g_strdup_printf ("rtsp://127.0.0.1:%d/%s", camsim->port, path);
}
