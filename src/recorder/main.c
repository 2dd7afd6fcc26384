/* main.c: vigil-recorder, the site's headless recording service
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <locale.h>

#include "vigil-camera-source.h"
#include "vigil-recorder.h"

/* Pipelines still closing when the recorder exits get this long. */
#define CLOSE_WAIT_MS 5000

static int exit_status = 0;

static void
on_refused (VigilRecorder *recorder,
            const char    *message,
            GMainLoop     *loop)
{
  g_printerr ("vigil-recorder: %s\n", message);
  exit_status = 1;
  g_main_loop_quit (loop);
}

static gboolean
on_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Asked to stop: closing every segment");
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir = NULL;
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("The site's data folder (default: $VIGIL_DATA_DIR, or the user's data folder)"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Say which version this is"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilRecorder) recorder = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Records the site's cameras exactly as its policy says."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vigil-recorder: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("vigil-recorder %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 1)
    {
      g_printerr ("vigil-recorder: %s\n", _("takes no arguments beyond its options"));
      return 2;
    }

  if (data_dir == NULL)
    data_dir = vigil_site_default_data_dir ();

  gst_init (NULL, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  /* Before starting: a SIGTERM that comes while the recorder starts (the
   * first sweep, the recovery of open segments) waits for the loop and
   * then stops it cleanly, rather than killing it half-started. */
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);

  if ((site = vigil_site_open (data_dir, &error)) == NULL ||
      (recorder = vigil_recorder_new (site, &error)) == NULL ||
      !vigil_recorder_start (recorder, &error))
    {
      g_printerr ("vigil-recorder: %s\n", error->message);
      return 1;
    }

  g_signal_connect (recorder, "refused", G_CALLBACK (on_refused), loop);
  g_main_loop_run (loop);

  vigil_recorder_stop (recorder);
  g_clear_object (&recorder);
  if (!vigil_camera_source_wait_closed (CLOSE_WAIT_MS))
    g_warning ("Some camera connections were still closing after %d ms", CLOSE_WAIT_MS);
  return exit_status;
}
