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

static int
site_migrate (VigilctlContext  *ctx,
              int               argc,
              char            **argv)
{
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The empty PostgreSQL database to move to"),
      N_("postgresql://HOST/NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  VigilSiteMigration migration;
  GError *error = NULL;

  options = vigilctl_options_new (NULL,
                                  _("Moves a single-machine site from its SQLite file into an empty PostgreSQL "
                                    "database, every row read back and compared and the trail verified "
                                    "there; the data folder then names the database, and the old file, kept "
                                    "as it was, refuses every write. Stop the recorder and close every "
                                    "console first. A manager's login (manage-settings)."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "site migrate", &error))
    return vigilctl_fail (error);
  if (to == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("site migrate: give --to postgresql://HOST/NAME"));

  if (vigilctl_site (ctx, &error) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_migrate_to_database (ctx->site, session, to, &migration, &error))
    return vigilctl_fail (error);

  printf (_("Moved the site to %s: %u tables, %" G_GINT64_FORMAT " rows (%" G_GINT64_FORMAT
            " notes), every row read back and compared.\n"),
          vigilctl_shown (to), migration.tables, migration.rows, migration.notes);
  printf (_("The trail there verifies: %" G_GINT64_FORMAT " entries.\n"), migration.audit_entries);
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand site_commands[] = {
  { "database-password", site_database_password },
  { "migrate", site_migrate },
};

int
vigilctl_cmd_site (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "site", site_commands, G_N_ELEMENTS (site_commands));
}
