/* vigilctl-init.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigilctl.h"

/* The first manager's band when --band is not given. */
#define DEFAULT_MANAGER_BAND 7

int
vigilctl_cmd_init (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  g_autofree char *site_name = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *database = NULL;
  int band = DEFAULT_MANAGER_BAND;
  const GOptionEntry entries[] = {
    { "site-name", 0, 0, G_OPTION_ARG_STRING, &site_name, N_("The site's name (required)"), N_("NAME") },
    { "manager", 0, 0, G_OPTION_ARG_STRING, &manager, N_("The first manager's username (required)"), N_("USER") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("The first manager's display name (default: the username)"), N_("NAME") },
    { "band", 0, 0, G_OPTION_ARG_INT, &band, N_("The first manager's band, 2 to 9 (default 7)"), N_("N") },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database,
      N_("Keep the site's records in this PostgreSQL database, shared by the site's machines, instead of a "
         "file in the data folder; its password, if it needs one, is looked up in the Secret Service"),
      N_("postgresql://HOST/NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilStaff) staff = NULL;
  GError *error = NULL;
  const char *password;

  options = vigilctl_options_new (NULL,
                                  _("Creates a site in the data folder and its first manager, whose band and "
                                    "CCTV competency are recorded as of today. The manager's password is read "
                                    "from standard input (--password-stdin). With --database the records go "
                                    "to an empty PostgreSQL database, which gets the site's tables and rules."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "init", &error))
    return vigilctl_fail (error);

  if (site_name == NULL || manager == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("init: --site-name and --manager are required"));

  password = vigilctl_password (ctx, 0, _("the manager's password"), &error);
  if (password == NULL)
    return vigilctl_fail (error);

  site = vigil_site_create_in_database (ctx->data_dir, database, site_name, manager, display_name,
                                        CLAMP (band, 0, 100), password, &error);
  if (site == NULL)
    return vigilctl_fail (error);

  staff = vigil_site_lookup_staff (site, manager, &error);
  if (staff == NULL)
    return vigilctl_fail (error);

  printf (_("Created site “%s” in %s.\n"), vigilctl_shown (vigil_site_get_name (site)),
          vigilctl_shown (vigil_site_get_data_dir (site)));
  printf (_("Manager %s, band %u; CCTV competency recorded %s, refresher due %s.\n"),
          vigilctl_shown (manager), vigil_staff_get_band (staff),
          vigil_staff_get_competency_assessed_on (staff),
          vigil_staff_get_refresher_due (staff));
  return VIGILCTL_EXIT_OK;
}

int
vigilctl_cmd_login_check (VigilctlContext  *ctx,
                          int               argc,
                          char            **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  GError *error = NULL;
  const char *password;

  options = vigilctl_options_new (_("USER"),
                                  _("Exits 0 when the console would let USER in; otherwise exits 1 and says "
                                    "why. The password is read from standard input (--password-stdin). This "
                                    "is a real login attempt: it is audited and counts towards the lockout."),
                                  NULL);
  if (!vigilctl_parse (options, &argc, &argv, 1, "login-check", &error))
    return vigilctl_fail (error);

  password = vigilctl_password (ctx, 0, _("the password"), &error);
  if (password == NULL || vigilctl_site (ctx, &error) == NULL)
    return vigilctl_fail (error);

  session = vigil_site_login (ctx->site, argv[1], password, "vigilctl login-check", &error);
  if (session == NULL)
    return vigilctl_fail (error);

  printf (_("%s may log in.\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}
