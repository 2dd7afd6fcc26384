/* footage-main.c: vigil-footage-service, the recorder's machine serving
 * footage to the site's other machines
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-footage"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "vigil-footage-service.h"

#define DEFAULT_PORT 8443

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *certificate_file = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *address = NULL;
  int port = DEFAULT_PORT;
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("The site's data folder (default: $VIGIL_DATA_DIR, or the user's data folder)"), N_("DIR") },
    { "certificate", 0, 0, G_OPTION_ARG_FILENAME, &certificate_file,
      N_("This machine's TLS certificate (PEM), which the site's machines check"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, N_("Its private key (PEM)"), N_("FILE") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address,
      N_("The numeric address to listen on (default: every interface)"), N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port to listen on (default 8443; 0 for any free one)"),
      N_("PORT") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Say which version this is"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilFootageService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serves the recorder's footage over HTTPS to the site's other machines, "
                                           "each request only with a footage token the site granted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vigil-footage-service: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("vigil-footage-service %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 1)
    {
      g_printerr ("vigil-footage-service: %s\n", _("takes no arguments beyond its options"));
      return 2;
    }
  if (certificate_file == NULL || key_file == NULL)
    {
      g_printerr ("vigil-footage-service: %s\n",
                  _("--certificate and --key are needed: footage goes over TLS only"));
      return 2;
    }
  if (port < 0 || port > G_MAXUINT16)
    {
      g_printerr ("vigil-footage-service: %s\n", _("--port must be from 0 to 65535"));
      return 2;
    }

  if (data_dir == NULL)
    data_dir = vigil_site_default_data_dir ();

  certificate = g_tls_certificate_new_from_files (certificate_file, key_file, &error);
  if (certificate == NULL)
    {
      g_printerr ("vigil-footage-service: %s: %s\n", certificate_file, error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  /* From the start: a SIGTERM while it opens the site stops it cleanly. */
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  if ((site = vigil_site_open (data_dir, &error)) == NULL)
    {
      g_printerr ("vigil-footage-service: %s\n", error->message);
      return 1;
    }
  service = vigil_footage_service_new (site, certificate, &error);
  if (service == NULL || !vigil_footage_service_listen (service, address, (guint) port, &error))
    {
      g_printerr ("vigil-footage-service: %s\n", error->message);
      return 1;
    }

  /* The first line out says where: a port of 0 chose one. */
  g_print ("Serving footage on port %u\n", vigil_footage_service_get_port (service));
  fflush (stdout);
  g_main_loop_run (loop);

  /* The server and its connections closed, and what they leave to the
   * main context to finish let finish. */
  g_clear_object (&service);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}
