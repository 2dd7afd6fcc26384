/* media-test-utils.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "media-test"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "vigil-media-enums.h"
#include "media-test-utils.h"

void
media_test_init (int    *argc,
                 char ***argv)
{
  gst_init (argc, argv);
  g_test_init (argc, argv, NULL);
}

static void
run_media_test (gconstpointer data)
{
  GTestFunc func = (GTestFunc) (void (*) (void)) data;

  /* rtspsrc 1.22 stopped in the middle of PLAY. */
  vigil_test_tolerate ("GStreamer", G_LOG_LEVEL_CRITICAL, "gst_event_set_seqnum");
  func ();
  /* Pipelines shut down on threads of their own: within the test, while
   * its handler stands. */
  g_assert_true (vigil_camera_source_wait_closed (20000));
}

void
media_test_add (const char *path,
                GTestFunc   func)
{
  g_test_add_data_func (path, (gconstpointer) (void (*) (void)) func, run_media_test);
}

typedef struct
{
  VigilCameraSource *source;
  VigilCameraState   state;
  VigilCameraLoss    loss;
  guint64            frames;
} Wanted;

static gboolean
in_state (gpointer data)
{
  Wanted *wanted = data;

  return vigil_camera_source_get_state (wanted->source) == wanted->state &&
         (wanted->loss == VIGIL_CAMERA_LOSS_NONE ||
          vigil_camera_source_get_loss (wanted->source) == wanted->loss);
}

static const char *
nick (GType       type,
      int         value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);

  return g_enum_get_value (klass, value)->value_nick;
}

gint64
media_wait_state (VigilCameraSource *source,
                  VigilCameraState   state,
                  VigilCameraLoss    loss,
                  gint64             timeout_us)
{
  Wanted wanted = { source, state, loss };
  gint64 start = g_get_monotonic_time ();

  if (!camsim_wait_for (in_state, &wanted, timeout_us))
    g_error ("%s: still %s (%s: %s) after %.1f s, waiting for %s (%s)",
             vigil_camera_source_get_url (source),
             nick (VIGIL_TYPE_CAMERA_STATE, vigil_camera_source_get_state (source)),
             nick (VIGIL_TYPE_CAMERA_LOSS, vigil_camera_source_get_loss (source)),
             vigil_camera_source_get_loss_detail (source) ? vigil_camera_source_get_loss_detail (source) : "",
             timeout_us / 1e6, nick (VIGIL_TYPE_CAMERA_STATE, state), nick (VIGIL_TYPE_CAMERA_LOSS, loss));
  return g_get_monotonic_time () - start;
}

static gboolean
has_frames (gpointer data)
{
  Wanted *wanted = data;

  return vigil_camera_source_get_frame_count (wanted->source) >= wanted->frames;
}

void
media_wait_frames (VigilCameraSource *source,
                   guint              count,
                   gint64             timeout_us)
{
  Wanted wanted = { source, 0, 0, vigil_camera_source_get_frame_count (source) + count };

  if (!camsim_wait_for (has_frames, &wanted, timeout_us))
    g_error ("%s: %" G_GUINT64_FORMAT " frames after %.1f s, waiting for %" G_GUINT64_FORMAT,
             vigil_camera_source_get_url (source), vigil_camera_source_get_frame_count (source),
             timeout_us / 1e6, wanted.frames);
}

VigilCameraSource *
media_source_for_url (Camsim     *camsim,
                      const char *path)
{
  g_autofree char *url = camsim_url (camsim, path);
  g_autoptr(GError) error = NULL;
  VigilCameraSource *source = vigil_camera_source_new_for_url (url, &error);

  g_assert_no_error (error);
  return source;
}

void
media_start_playing (VigilCameraSource *source)
{
  vigil_camera_source_start (source);
  media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  media_wait_frames (source, 3, MEDIA_START_WAIT_US);
}

void
media_add_camera (VigilSite    *site,
                  VigilSession *manager,
                  const char   *name,
                  const char   *url,
                  const char   *username,
                  const char   *password)
{
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, VIGIL_LOCATION_COMMUNAL, NULL, url, NULL, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_camera (site, manager, camera, username, password, NULL, &error));
  g_assert_no_error (error);
}

double
media_test_cpu_seconds (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    g_error ("cannot read %s", path);
  /* After "pid (name)": state is field 3; utime and stime are 14 and 15. */
  fields = g_strsplit (after_name + 2, " ", -1);
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

guint64
media_test_context_switches (GSubprocess *process)
{
  g_autofree char *tasks = g_strdup_printf ("/proc/%s/task", g_subprocess_get_identifier (process));
  g_autoptr(GDir) dir = g_dir_open (tasks, 0, NULL);
  const char *task;
  guint64 switches = 0;

  while (dir != NULL && (task = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tasks, task, "status", NULL);
      g_autofree char *status = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (path, &status, NULL, NULL))
        continue;   /* a thread that just ended */
      lines = g_strsplit (status, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "voluntary_ctxt_switches:") ||
            g_str_has_prefix (lines[i], "nonvoluntary_ctxt_switches:"))
          switches += g_ascii_strtoull (strchr (lines[i], ':') + 1, NULL, 10);
    }
  return switches;
}

static void
on_camera_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VigilCameraSource **source = user_data;
  g_autoptr(GError) error = NULL;

  *source = vigil_camera_source_new_for_camera_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

VigilCameraSource *
media_open_camera (VigilSite         *site,
                   const char        *name,
                   VigilCameraStream  stream)
{
  VigilCameraSource *source = NULL;

  vigil_camera_source_new_for_camera (site, name, stream, NULL, on_camera_opened, &source);
  g_assert_true (camsim_wait_for (is_set, &source, 10 * G_USEC_PER_SEC));
  return source;
}
