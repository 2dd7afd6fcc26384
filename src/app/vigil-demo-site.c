/* vigil-demo-site.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "vigil-demo-site-private.h"

/* A demo anyone can start on a machine with no cameras: a site made
 * through the core's public calls (vigil-demo-site-records.c), and
 * simulated cameras from one vigil-camsim, a child of the console. */

/* Replay cameras encode their clips before the ready line, on a machine
 * that may be busy building. */
#define CAMSIM_READY_SECONDS 30
#define CAMSIM_STOP_US (5 * G_USEC_PER_SEC)
/* The recorder syncs and hashes every open segment as it stops. */
#define RECORDER_STOP_US (20 * G_USEC_PER_SEC)

struct _VigilDemoSite
{
  GObject parent_instance;

  char        *data_dir;
  VigilSite   *site;
  gboolean     created;
  gboolean     starting;
  GSubprocess *camsim;
  GSubprocess *recorder;
  guint        port;
};

G_DEFINE_FINAL_TYPE (VigilDemoSite, vigil_demo_site, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_SITE,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
vigil_demo_site_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigil-demo", NULL);
}

/* Running from the build folder: the program built beside it, so a fresh
 * build needs no install and never runs an older installed one. */
static char *
built_program (const char *built)
{
#ifdef VIGIL_BUILD_CONSOLE
  g_autofree char *running = g_file_read_link ("/proc/self/exe", NULL);
  char console[PATH_MAX];

  if (running != NULL && realpath (VIGIL_BUILD_CONSOLE, console) != NULL && g_str_equal (running, console) &&
      g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (built);
#endif
  return NULL;
}

/* @variable's program; else the one built beside the console; else the
 * installed one; else the first @name on $PATH. */
static char *
find_program (const char  *variable,
              const char  *built,
              const char  *installed,
              const char  *name,
              const char  *needed_for,
              GError     **error)
{
  const char *named = g_getenv (variable);
  char *found;

  if (named != NULL && *named != '\0')
    {
      if (g_file_test (named, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (named, G_FILE_TEST_IS_DIR))
        return g_strdup (named);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s names %s, which is not a program"), variable, named);
      return NULL;
    }

  if ((found = built_program (built)) != NULL)
    return found;
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (installed);
  if ((found = g_find_program_in_path (name)) != NULL)
    return found;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("%s needs %s, which is neither installed nor on the PATH: install Vigil, or set %s to the built one"),
               needed_for, name, variable);
  return NULL;
}

char *
vigil_demo_site_find_camsim (GError **error)
{
  return find_program ("VIGIL_CAMSIM", VIGIL_BUILD_CAMSIM, VIGIL_INSTALLED_CAMSIM, "vigil-camsim",
                       _("the demo's cameras"), error);
}

char *
vigil_demo_site_find_recorder (GError **error)
{
  return find_program ("VIGIL_RECORDER", VIGIL_BUILD_RECORDER, VIGIL_INSTALLED_RECORDER, "vigil-recorder",
                       _("recording the demo"), error);
}

gboolean
vigil_demo_site_check_folder (const char  *data_dir,
                              GError     **error)
{
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) open_error = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  site = vigil_site_open (data_dir, &open_error);
  if (site != NULL)
    return vigil_demo_site_check_demo (site, error);
  if (g_error_matches (open_error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE))
    return vigil_demo_site_check_empty (data_dir, error);

  g_propagate_error (error, g_steal_pointer (&open_error));
  return FALSE;
}

/* Starting
 * ------------------------------------------------------------------------ */

typedef struct
{
  char         *data_dir;

  /* The site's part, on a thread of its own. */
  VigilSite    *site;
  gboolean      created;
  gboolean      site_done;

  /* The camera server's part, on the main context. */
  GDataInputStream *camsim_out;
  GCancellable *ready_cancellable;
  GSource      *ready_timeout;
  gboolean      timed_out;
  guint         port;
  gboolean      camsim_done;

  GError       *error;
} Start;

static void
start_free (gpointer data)
{
  Start *start = data;

  g_free (start->data_dir);
  g_clear_object (&start->site);
  g_clear_object (&start->camsim_out);
  g_clear_object (&start->ready_cancellable);
  if (start->ready_timeout != NULL)
    g_source_destroy (start->ready_timeout);
  g_clear_pointer (&start->ready_timeout, g_source_unref);
  g_clear_error (&start->error);
  g_free (start);
}

static void
prepare_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Start *start = task_data;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) error = NULL;
  gint64 begun = g_get_monotonic_time ();

  site = vigil_site_open (start->data_dir, &error);
  if (site != NULL)
    {
      if (!vigil_demo_site_check_demo (site, &error) || !vigil_demo_site_renew (site, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE))
    {
      g_clear_error (&error);
      if ((site = vigil_demo_site_make (start->data_dir, &error)) == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      start->created = TRUE;
    }
  else
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Demo site %s in %s in %.2f s", start->created ? "made" : "opened", start->data_dir,
           (g_get_monotonic_time () - begun) / 1e6);
  start->site = g_steal_pointer (&site);
  g_task_return_boolean (task, TRUE);
}

static void
cameras_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Start *start = task_data;
  GError *error = NULL;

  if (!vigil_demo_site_point_cameras (start->site, start->port, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
fail (Start  *start,
      GError *error)
{
  if (start->error == NULL)
    start->error = error;
  else
    g_error_free (error);
}

static GSubprocess *spawn_recorder (const char  *data_dir,
                                    GError     **error);

static void
on_cameras_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);
  g_autoptr(GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  GError *error = NULL;

  self->starting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vigil_demo_site_stop (self);
      g_task_return_error (task, error);
      return;
    }

  /* The demo records as a site does; without a recorder it still runs,
   * and every console says no recorder is running. */
  self->recorder = spawn_recorder (self->data_dir, &error);
  if (self->recorder == NULL)
    {
      g_warning ("The demo is not recorded: %s", error->message);
      g_clear_error (&error);
    }

  g_set_object (&self->site, start->site);
  self->created = start->created;
  self->port = start->port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_task_return_pointer (task, g_object_ref (start->site), g_object_unref);
}

/* Both halves are in: the cameras, or the first error. */
static void
maybe_finish (GTask *task)
{
  VigilDemoSite *self = g_task_get_source_object (task);
  Start *start = g_task_get_task_data (task);
  g_autoptr(GTask) cameras = NULL;

  if (!start->site_done || !start->camsim_done)
    return;

  if (start->error != NULL)
    {
      self->starting = FALSE;
      vigil_demo_site_stop (self);
      g_task_return_error (task, g_steal_pointer (&start->error));
      g_object_unref (task);
      return;
    }

  cameras = g_task_new (self, g_task_get_cancellable (task), on_cameras_ready, task);
  g_task_set_task_data (cameras, start, NULL);
  g_task_run_in_thread (cameras, cameras_in_thread);
}

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    fail (start, error);
  start->site_done = TRUE;
  maybe_finish (task);
}

static gboolean
on_ready_timeout (gpointer user_data)
{
  Start *start = user_data;

  start->timed_out = TRUE;
  g_cancellable_cancel (start->ready_cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_ready_line (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr(GRegex) ready = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  g_source_destroy (start->ready_timeout);
  g_clear_pointer (&start->ready_timeout, g_source_unref);
  start->camsim_done = TRUE;

  ready = g_regex_new ("^vigil-camsim: serving [0-9]+ cameras? on rtsp://127\\.0\\.0\\.1:([0-9]+)/$", 0, 0, NULL);
  if (line != NULL && g_regex_match (ready, line, 0, &match))
    {
      g_autofree char *port = g_match_info_fetch (match, 1);

      start->port = (guint) g_ascii_strtoull (port, NULL, 10);
    }
  else if (start->timed_out)
    fail (start, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                              _("the demo's camera server (vigil-camsim) was not ready within %d s"),
                              CAMSIM_READY_SECONDS));
  else if (error != NULL)
    fail (start, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                              _("could not read from the demo's camera server (vigil-camsim): %s"),
                              error->message));
  else
    fail (start, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                              _("the demo's camera server (vigil-camsim) stopped before it was ready%s%s"),
                              line ? ": " : " (its error is above)", line ? line : ""));
  maybe_finish (task);
}

/* The server dies with the console, even one that crashed. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn_camsim (GError **error)
{
  g_autofree char *program = vigil_demo_site_find_camsim (error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;

  if (program == NULL)
    return NULL;

  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_steal_pointer (&program));
  g_ptr_array_add (argv, g_strdup ("--address"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  vigil_demo_site_add_camsim_args (argv);
  g_ptr_array_add (argv, NULL);

  /* Its error, if any, is one line on the console's standard error. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

static GSubprocess *
spawn_recorder (const char  *data_dir,
                GError     **error)
{
  g_autofree char *program = vigil_demo_site_find_recorder (error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (program == NULL)
    return NULL;

  /* It logs to the console's standard error, as it would to the journal. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawn (launcher, error, program, "--data-dir", data_dir, NULL);
}

void
vigil_demo_site_start_async (VigilDemoSite       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) prepare = NULL;
  GTask *task;
  Start *start;
  GError *error = NULL;

  g_return_if_fail (VIGIL_IS_DEMO_SITE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_demo_site_start_async);
  if (self->starting || self->camsim != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, _("the demo site is already started"));
      g_object_unref (task);
      return;
    }

  start = g_new0 (Start, 1);
  start->data_dir = g_strdup (self->data_dir);
  g_task_set_task_data (task, start, start_free);
  self->starting = TRUE;

  /* On this thread, which lives as long as the console: the server is
   * told to stop when the thread that started it ends. */
  self->camsim = spawn_camsim (&error);
  if (self->camsim == NULL)
    {
      fail (start, error);
      start->camsim_done = TRUE;
    }
  else
    {
      start->camsim_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->camsim));
      /* The pipe stays open with the process: a server whose output was
       * closed would die of SIGPIPE if it wrote again. */
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (start->camsim_out), FALSE);
      start->ready_cancellable = g_cancellable_new ();
      start->ready_timeout = g_timeout_source_new_seconds (CAMSIM_READY_SECONDS);
      g_source_set_callback (start->ready_timeout, on_ready_timeout, start, NULL);
      g_source_attach (start->ready_timeout, g_main_context_get_thread_default ());
      g_data_input_stream_read_line_async (start->camsim_out, G_PRIORITY_DEFAULT, start->ready_cancellable,
                                           on_ready_line, task);
    }

  prepare = g_task_new (self, cancellable, on_prepared, task);
  g_task_set_task_data (prepare, start, NULL);
  g_task_run_in_thread (prepare, prepare_in_thread);
}

VigilSite *
vigil_demo_site_start_finish (VigilDemoSite  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Stopping
 * ------------------------------------------------------------------------ */

static void
on_child_exited (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

static gboolean
on_stop_deadline (gpointer user_data)
{
  gboolean *late = user_data;

  *late = TRUE;
  return G_SOURCE_REMOVE;
}

/* SIGTERM, and a wait of at most @timeout_us before SIGKILL. */
static void
stop_child (GSubprocess **child,
            const char   *what,
            gint64        timeout_us)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSource) deadline = NULL;
  gboolean exited = FALSE;
  gboolean late = FALSE;

  if (*child == NULL)
    return;

  /* Waited for on a context of its own, so that the console's main loop
   * runs nothing else meanwhile (it may be shutting down). */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_subprocess_send_signal (*child, SIGTERM);
  g_subprocess_wait_async (*child, NULL, on_child_exited, &exited);
  deadline = g_timeout_source_new (timeout_us / 1000);
  g_source_set_callback (deadline, on_stop_deadline, &late, NULL);
  g_source_attach (deadline, context);
  while (!exited && !late)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);
  if (!exited)
    {
      g_warning ("The demo's %s did not stop within %d s: killing it", what, (int) (timeout_us / G_USEC_PER_SEC));
      g_subprocess_force_exit (*child);
      while (!exited)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);
  g_clear_object (child);
}

void
vigil_demo_site_stop (VigilDemoSite *self)
{
  g_return_if_fail (VIGIL_IS_DEMO_SITE (self));

  /* The recorder first, so that it closes its segments while the cameras
   * still answer. */
  stop_child (&self->recorder, "recorder", RECORDER_STOP_US);
  if (self->camsim == NULL)
    return;
  stop_child (&self->camsim, "camera server", CAMSIM_STOP_US);
  if (self->port != 0)
    {
      self->port = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
}

/* The object
 * ------------------------------------------------------------------------ */

static void
vigil_demo_site_dispose (GObject *object)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  vigil_demo_site_stop (self);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_demo_site_parent_class)->dispose (object);
}

static void
vigil_demo_site_finalize (GObject *object)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (vigil_demo_site_parent_class)->finalize (object);
}

static void
vigil_demo_site_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_SITE:
      g_value_set_object (value, self->site);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_demo_site_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_demo_site_class_init (VigilDemoSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_demo_site_dispose;
  object_class->finalize = vigil_demo_site_finalize;
  object_class->get_property = vigil_demo_site_get_property;
  object_class->set_property = vigil_demo_site_set_property;

  properties[PROP_DATA_DIR] = g_param_spec_string ("data-dir", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                   G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SITE] = g_param_spec_object ("site", NULL, NULL, VIGIL_TYPE_SITE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                               G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                             G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_demo_site_init (VigilDemoSite *self)
{
}

VigilDemoSite *
vigil_demo_site_new (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_object_new (VIGIL_TYPE_DEMO_SITE, "data-dir", data_dir, NULL);
}

const char *
vigil_demo_site_get_data_dir (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), NULL);
  return self->data_dir;
}

VigilSite *
vigil_demo_site_get_site (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), NULL);
  return self->site;
}

guint
vigil_demo_site_get_port (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), 0);
  return self->port;
}

gboolean
vigil_demo_site_get_created (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), FALSE);
  return self->created;
}
