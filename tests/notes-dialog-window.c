/* notes-dialog-window.c: the notes dialog on its own, for
 * test-console-notes: opens the site in --data-dir, logs in as
 * $VIGIL_TEST_NOTES_USER with $VIGIL_TEST_NOTES_PASSWORD, and shows the
 * notes of family $VIGIL_TEST_NOTES_FAMILY, until it is stopped.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "notes-dialog-window"

#include "config.h"

#include <adwaita.h>
#include <glib-unix.h>
#include <signal.h>

#include "vigil-core.h"
#include "vigil-notes-dialog.h"

static char *data_dir;

/* As the console does: SIGTERM is a clean quit, which the tests check. */
static gboolean
on_sigterm (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *application)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (data_dir, &error);
  g_autoptr(VigilSession) session = NULL;
  VigilNotesDialog *dialog;

  if (site == NULL)
    g_error ("%s", error->message);
  session = vigil_site_login (site, g_getenv ("VIGIL_TEST_NOTES_USER"), g_getenv ("VIGIL_TEST_NOTES_PASSWORD"),
                              "test", &error);
  if (session == NULL)
    g_error ("%s", error->message);

  dialog = vigil_notes_dialog_new (NULL, site, session, g_getenv ("VIGIL_TEST_NOTES_FAMILY"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (dialog));
}

int
main (int    argc,
      char **argv)
{
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The site's data folder", "DIR" },
    { NULL }
  };
  g_autoptr(AdwApplication) application = adw_application_new ("org.vigil.Vigil.NotesTest",
                                                                G_APPLICATION_NON_UNIQUE);

  g_application_add_main_option_entries (G_APPLICATION (application), entries);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), NULL);
  g_unix_signal_add (SIGTERM, on_sigterm, application);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
