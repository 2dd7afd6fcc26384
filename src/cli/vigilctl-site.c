/* vigilctl-site.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigilctl.h"

/* A site of several machines: what each machine holds of its own. */

static int
site_database_password (VigilctlContext  *ctx,
                        int               argc,
                        char            **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  GError *error = NULL;
  const char *password;

  options = vigilctl_options_new (_("postgresql://USER@HOST/NAME"),
                                  _("Keeps the password Vigil gives the PostgreSQL database at this address in "
                                    "this machine's Secret Service, never in a file, an argument or a log. The "
                                    "address is written as the site's data folder names it, without the "
                                    "password; the password is read from standard input (--password-stdin)."),
                                  NULL);
  if (!vigilctl_parse (options, &argc, &argv, 1, "site database-password", &error))
    return vigilctl_fail (error);

  password = vigilctl_password (ctx, 0, _("the database password"), &error);
  if (password == NULL || !vigil_site_store_database_password (argv[1], password, &error))
    return vigilctl_fail (error);

  printf (_("The password for %s is in this machine's keyring.\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand site_commands[] = {
  { "database-password", site_database_password },
};

int
vigilctl_cmd_site (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "site", site_commands, G_N_ELEMENTS (site_commands));
}
