/* review-window-main.c: the review window on its own, for
 * test-review-window: opens the site in --data-dir, logs in as
 * $VIGIL_TEST_REVIEW_USER with $VIGIL_TEST_REVIEW_PASSWORD, opens a CCTV
 * Review of camera $VIGIL_TEST_REVIEW_CAMERA from $VIGIL_TEST_REVIEW_FROM
 * to $VIGIL_TEST_REVIEW_TO (µs since 1970 UTC) for the reason
 * $VIGIL_TEST_REVIEW_REASON, and shows it, with review notes for family
 * $VIGIL_TEST_REVIEW_CASE where that is set, until it is stopped. On
 * SIGTERM it closes the window and fails unless the window is then freed.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "review-window-main"

#include "config.h"

#include <adwaita.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <signal.h>
#include <stdlib.h>

#include "vigil-core.h"
#include "vigil-review-window.h"

static char *data_dir;
static GtkWindow *window;   /* weak: NULL once freed */
static gint64 closed_at;

#define FREED_DEADLINE_US (10 * G_USEC_PER_SEC)

/* Closing the window must free it (and with it its player): a window still
 * alive well after it closed is a leak, reported as a failed exit. */
static gboolean
check_freed (gpointer user_data)
{
  if (window != NULL && g_get_monotonic_time () - closed_at < FREED_DEADLINE_US)
    return G_SOURCE_CONTINUE;
  if (window != NULL)
    {
      g_printerr ("review-window-main: the review window was not freed when it closed\n");
      exit (EXIT_FAILURE);
    }
  g_application_release (G_APPLICATION (user_data));
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

/* As the console does: SIGTERM is a clean quit, which the tests check; the
 * window is closed first, as a reviewer closes it. */
static gboolean
on_sigterm (gpointer user_data)
{
  closed_at = g_get_monotonic_time ();
  /* Running until the check, though the last window has gone. */
  g_application_hold (G_APPLICATION (user_data));
  if (window != NULL)
    gtk_window_destroy (window);
  g_timeout_add (20, check_freed, user_data);
  return G_SOURCE_REMOVE;
}

static gint64
env_instant (const char *name)
{
  const char *text = g_getenv (name);

  if (text == NULL)
    g_error ("%s is not set", name);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
on_activate (GApplication *application)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (data_dir, &error);
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  const char *camera = g_getenv ("VIGIL_TEST_REVIEW_CAMERA");
  gint64 from, to;

  if (site == NULL)
    g_error ("%s", error->message);
  session = vigil_site_login (site, g_getenv ("VIGIL_TEST_REVIEW_USER"), g_getenv ("VIGIL_TEST_REVIEW_PASSWORD"),
                              "test", &error);
  if (session == NULL)
    g_error ("%s", error->message);
  from = env_instant ("VIGIL_TEST_REVIEW_FROM");
  to = env_instant ("VIGIL_TEST_REVIEW_TO");
  segments = vigil_site_open_review (site, session, camera, from, to, g_getenv ("VIGIL_TEST_REVIEW_REASON"), &error);
  if (segments == NULL)
    g_error ("%s", error->message);

  window = GTK_WINDOW (vigil_review_window_new (NULL, site, session, camera, segments, from, to,
                                                g_getenv ("VIGIL_TEST_REVIEW_CASE"), NULL));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_set_application (window, GTK_APPLICATION (application));
  gtk_window_present (window);
}

int
main (int    argc,
      char **argv)
{
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The site's data folder", "DIR" },
    { NULL }
  };
  g_autoptr(AdwApplication) application = NULL;
  int status;

  gst_init (&argc, &argv);
  application = adw_application_new ("org.vigil.Vigil.ReviewTest", G_APPLICATION_NON_UNIQUE);
  g_application_add_main_option_entries (G_APPLICATION (application), entries);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  g_unix_signal_add (SIGTERM, on_sigterm, application);
  status = g_application_run (G_APPLICATION (application), argc, argv);
  g_clear_pointer (&data_dir, g_free);
  return status;
}
