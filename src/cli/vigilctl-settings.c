/* vigilctl-settings.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigilctl.h"

static int
settings_list (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) keys = vigil_site_list_settings ();
  GError *error = NULL;

  options = vigilctl_options_new (NULL, _("Lists the site settings and their values (defaults where unset)."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "settings list", &error) ||
      vigilctl_site (ctx, &error) == NULL)
    return vigilctl_fail (error);

  json_builder_begin_object (builder);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = vigil_site_get_setting (ctx->site, keys[i], &error);

      if (value == NULL)
        return vigilctl_fail (error);
      if (as_json)
        vigilctl_json_string (builder, keys[i], value);
      else
        printf ("%-20s %s\n", keys[i], vigilctl_shown (value));
    }
  json_builder_end_object (builder);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      vigilctl_print_json (root);
    }
  return VIGILCTL_EXIT_OK;
}

static int
settings_set (VigilctlContext  *ctx,
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

  options = vigilctl_options_new (_("KEY VALUE"),
                                  _("Changes a site setting (see “vigilctl settings list”). Needs the "
                                    "manage-settings permission; the old and new values are audited."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 2, "settings set", &error) ||
      !vigil_site_check_setting (argv[1], argv[2], &error) ||
      !vigil_text_validate_reason (reason, FALSE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_set_setting (ctx->site, session, argv[1], argv[2], reason, &error))
    return vigilctl_fail (error);

  printf (_("%s set to %s.\n"), vigilctl_shown (argv[1]), vigilctl_shown (argv[2]));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand settings_commands[] = {
  { "list", settings_list },
  { "set", settings_set },
};

int
vigilctl_cmd_settings (VigilctlContext  *ctx,
                       int               argc,
                       char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "settings", settings_commands, G_N_ELEMENTS (settings_commands));
}
