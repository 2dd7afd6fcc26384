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

static int
site_invite (VigilctlContext  *ctx,
             int               argc,
             char            **argv)
{
  g_autofree char *kind = NULL;
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("laptop, wall, handheld or recorder"), N_("KIND") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The invitation file to write (a new file)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  const char *passphrase;
  GError *error = NULL;

  options = vigilctl_options_new (_("MACHINE"),
                                  _("Invites a machine to a site on PostgreSQL: adds it to the site's machines and "
                                    "writes the file it joins with (vigilctl site join), holding the site's audit "
                                    "key, the cameras' credentials and the database's password from this "
                                    "machine's Secret Service, sealed with a passphrase of at least 12 "
                                    "characters. Standard input holds the acting manager's password, then the "
                                    "passphrase; give the passphrase apart from the file. Needs "
                                    "manage-settings."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "site invite", &error))
    return vigilctl_fail (error);
  if (kind == NULL || out == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("site invite: give --kind KIND and --out FILE"));

  if ((session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (passphrase = vigilctl_password (ctx, 1, _("the invitation's passphrase"), &error)) == NULL ||
      !vigil_site_invite_machine (ctx->site, session, argv[1], kind, out, passphrase, &error))
    return vigilctl_fail (error);

  printf (_("Invited %s (%s): it joins with %s and the passphrase.\n"), vigilctl_shown (argv[1]),
          vigilctl_shown (kind), vigilctl_shown (out));
  return VIGILCTL_EXIT_OK;
}

static int
site_join (VigilctlContext  *ctx,
           int               argc,
           char            **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSite) site = NULL;
  const char *password;
  const char *passphrase;
  GError *error = NULL;

  options = vigilctl_options_new (_("FILE"),
                                  _("Lets this machine join the site whose invitation FILE is (vigilctl site "
                                    "invite): the site's secrets go into this machine's Secret Service and the "
                                    "data folder (--data-dir) names the site's database and this machine. An "
                                    "invitation serves once. A manager logs in here (--as); standard input "
                                    "holds the manager's password, then the invitation's passphrase."),
                                  NULL);
  if (!vigilctl_parse (options, &argc, &argv, 1, "site join", &error))
    return vigilctl_fail (error);
  if (ctx->acting_user == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("site join: a manager lets a machine join: give --as USER "
                                                       "--password-stdin"));

  if ((password = vigilctl_password (ctx, 0, _("the manager's password"), &error)) == NULL ||
      (passphrase = vigilctl_password (ctx, 1, _("the invitation's passphrase"), &error)) == NULL ||
      (site = vigil_site_join (ctx->data_dir, argv[1], passphrase, ctx->acting_user, password, &error)) == NULL)
    return vigilctl_fail (error);

  printf (_("This machine, %s, has joined the site %s.\n"), vigilctl_shown (vigil_site_get_machine (site)),
          vigilctl_shown (vigil_site_get_name (site)));
  return VIGILCTL_EXIT_OK;
}

static int
site_machines (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) machines = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (NULL, _("Lists the site's machines: invited, joined, revoked."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "site machines", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (machines = vigil_site_list_machines (ctx->site, &error)) == NULL)
    return vigilctl_fail (error);

  if (as_json)
    {
      g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

      for (guint i = 0; i < machines->len; i++)
        {
          VigilMachine *machine = g_ptr_array_index (machines, i);
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          vigilctl_json_string (builder, "name", vigil_machine_get_name (machine));
          vigilctl_json_string (builder, "kind", vigil_machine_get_kind (machine));
          vigilctl_json_time (builder, "invited_at", vigil_machine_get_invited_at (machine));
          vigilctl_json_string (builder, "invited_by", vigil_machine_get_invited_by (machine));
          vigilctl_json_time (builder, "joined_at", vigil_machine_get_joined_at (machine));
          vigilctl_json_string (builder, "joined_by", vigil_machine_get_joined_by (machine));
          vigilctl_json_time (builder, "revoked_at", vigil_machine_get_revoked_at (machine));
          vigilctl_json_string (builder, "revoked_by", vigil_machine_get_revoked_by (machine));
          vigilctl_json_string (builder, "revoke_reason", vigil_machine_get_revoke_reason (machine));
          vigilctl_json_bool (builder, "this_machine",
                              g_strcmp0 (vigil_machine_get_name (machine), vigil_site_get_machine (ctx->site)) == 0);
          json_builder_end_object (builder);
          g_ptr_array_add (nodes, json_builder_get_root (builder));
        }
      vigilctl_print_json_array (nodes);
      return VIGILCTL_EXIT_OK;
    }

  printf ("%-24s %-9s %s\n", _("MACHINE"), _("KIND"), _("STATE"));
  for (guint i = 0; i < machines->len; i++)
    {
      VigilMachine *machine = g_ptr_array_index (machines, i);
      g_autofree char *state = NULL;

      if (vigil_machine_get_revoked_at (machine) != 0)
        {
          g_autofree char *at = vigilctl_format_time (ctx, vigil_machine_get_revoked_at (machine));

          state = g_strdup_printf (_("revoked %s by %s: %s"), at, vigil_machine_get_revoked_by (machine),
                                   vigil_machine_get_revoke_reason (machine));
        }
      else if (vigil_machine_get_joined_at (machine) != 0)
        {
          g_autofree char *at = vigilctl_format_time (ctx, vigil_machine_get_joined_at (machine));

          state = g_strdup_printf (_("joined %s"), at);
        }
      else
        {
          g_autofree char *at = vigilctl_format_time (ctx, vigil_machine_get_invited_at (machine));

          state = g_strdup_printf (_("invited %s by %s, not joined yet"), at, vigil_machine_get_invited_by (machine));
        }
      printf ("%-24s %-9s %s%s\n", vigilctl_shown (vigil_machine_get_name (machine)),
              vigil_machine_get_kind (machine), vigilctl_shown (state),
              g_strcmp0 (vigil_machine_get_name (machine), vigil_site_get_machine (ctx->site)) == 0
                ? _(" (this machine)") : "");
    }
  return VIGILCTL_EXIT_OK;
}

static int
site_revoke (VigilctlContext  *ctx,
             int               argc,
             char            **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("MACHINE"),
                                  _("Revokes a machine of the site: from its next call on it logs nobody in and "
                                    "acts for nobody. Needs manage-settings."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "site revoke", &error) ||
      !vigil_text_validate_reason (reason, TRUE, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_revoke_machine (ctx->site, session, argv[1], reason, &error))
    return vigilctl_fail (error);

  printf (_("Revoked %s.\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand site_commands[] = {
  { "database-password", site_database_password },
  { "migrate", site_migrate },
  { "invite", site_invite },
  { "join", site_join },
  { "machines", site_machines },
  { "revoke", site_revoke },
};

int
vigilctl_cmd_site (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "site", site_commands, G_N_ELEMENTS (site_commands));
}
