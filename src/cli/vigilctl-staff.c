/* vigilctl-staff.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vigilctl.h"

static int
staff_add (VigilctlContext  *ctx,
           int               argc,
           char            **argv)
{
  g_autofree char *display_name = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *competent_since = NULL;
  g_autofree char *refresher_due = NULL;
  g_autofree char *reason = NULL;
  int band = -1;  /* not given */
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("Display name (required)"), N_("NAME") },
    { "band", 0, 0, G_OPTION_ARG_INT, &band, N_("Band, 1 to 9 (required)"), N_("N") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_name, N_("operator, team-lead or manager (required)"), N_("ROLE") },
    { "competent-since", 0, 0, G_OPTION_ARG_STRING, &competent_since, N_("Date of the CCTV competency assessment"), N_("DATE") },
    { "refresher-due", 0, 0, G_OPTION_ARG_STRING, &refresher_due, N_("Date the competency refresher is due"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilStaff) staff = NULL;
  GError *error = NULL;
  VigilRole role;
  const char *password;

  options = vigilctl_options_new (_("USER"),
                                  _("Adds a member of staff. Standard input (--password-stdin) holds the acting "
                                    "user's password, then the new member's first password. Without "
                                    "--competent-since and --refresher-due the member cannot log in until a "
                                    "competency is recorded."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "staff add", &error))
    return vigilctl_fail (error);

  /* Everything that can be checked without the site is checked first, so a
   * bad line writes nothing at all. */
  if (display_name == NULL || band == -1 || role_name == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("staff add: --name, --band and --role are required"));
  if (!vigil_role_from_string (role_name, &role, &error) ||
      !vigil_text_validate_reason (reason, FALSE, &error))
    return vigilctl_fail (error);

  /* Out-of-range bands reach the core's check, which names the range. */
  staff = vigil_staff_new (argv[1], display_name, CLAMP (band, 0, 100), role);
  vigil_staff_set_competency (staff, competent_since, ctx->acting_user, refresher_due);

  password = vigilctl_password (ctx, 1, _("the new member's password"), &error);
  if (password == NULL || !vigil_password_check_acceptable (password, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_new_staff (ctx->site, staff, &error))
    return vigilctl_fail (error);

  session = vigilctl_login_actor (ctx, &error);
  if (session == NULL ||
      !vigil_site_add_staff (ctx->site, session, staff, password, reason, &error))
    return vigilctl_fail (error);

  printf (_("Added %s (%s, band %d, %s).\n"), vigilctl_shown (argv[1]), vigilctl_shown (display_name), band,
          vigilctl_shown (role_name));
  return VIGILCTL_EXIT_OK;
}

static JsonNode *
staff_to_json (VigilStaff *staff,
               gint64      now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 locked_until = vigil_staff_get_locked_until (staff);

  json_builder_begin_object (builder);
  vigilctl_json_string (builder, "username", vigil_staff_get_username (staff));
  vigilctl_json_string (builder, "display_name", vigil_staff_get_display_name (staff));
  vigilctl_json_int (builder, "band", vigil_staff_get_band (staff));
  vigilctl_json_string (builder, "role", vigil_role_to_string (vigil_staff_get_role (staff)));
  vigilctl_json_bool (builder, "active", vigil_staff_get_active (staff));
  vigilctl_json_bool (builder, "reviewer", vigil_staff_get_reviewer (staff));
  json_builder_set_member_name (builder, "competency");
  if (vigil_staff_get_competency_assessed_on (staff) != NULL)
    {
      json_builder_begin_object (builder);
      vigilctl_json_string (builder, "assessed_on", vigil_staff_get_competency_assessed_on (staff));
      vigilctl_json_string (builder, "assessed_by", vigil_staff_get_competency_assessed_by (staff));
      vigilctl_json_string (builder, "refresher_due", vigil_staff_get_refresher_due (staff));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  /* A lockout that has run out is no lockout: null. */
  vigilctl_json_time (builder, "locked_until", locked_until > now ? locked_until : 0);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
staff_list (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  GError *error = NULL;
  gint64 now;

  options = vigilctl_options_new (NULL, _("Lists all staff, active or not."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "staff list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (staff = vigil_site_list_staff (ctx->site, &error)) == NULL)
    return vigilctl_fail (error);

  now = vigil_site_now (ctx->site);

  if (as_json)
    {
      g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

      for (guint i = 0; i < staff->len; i++)
        g_ptr_array_add (nodes, staff_to_json (g_ptr_array_index (staff, i), now));
      vigilctl_print_json_array (nodes);
      return VIGILCTL_EXIT_OK;
    }

  printf ("%-16s %-24s %-4s %-10s %-12s %s\n",
          _("USERNAME"), _("NAME"), _("BAND"), _("ROLE"), _("STATUS"), _("REFRESHER DUE"));
  for (guint i = 0; i < staff->len; i++)
    {
      VigilStaff *member = g_ptr_array_index (staff, i);
      const char *status = !vigil_staff_get_active (member) ? _("deactivated")
                         : vigil_staff_get_locked_until (member) > now ? _("locked")
                         : _("active");

      printf ("%-16s %-24s %-4u %-10s %-12s %s\n",
              vigilctl_shown (vigil_staff_get_username (member)),
              vigilctl_shown (vigil_staff_get_display_name (member)),
              vigil_staff_get_band (member),
              vigil_role_to_string (vigil_staff_get_role (member)),
              status,
              vigil_staff_get_refresher_due (member) ? vigilctl_shown (vigil_staff_get_refresher_due (member))
                                                     : _("no competency"));
    }

  return VIGILCTL_EXIT_OK;
}

static int
staff_set_password (VigilctlContext  *ctx,
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
  g_autoptr(VigilStaff) target = NULL;
  GError *error = NULL;
  const char *password;

  options = vigilctl_options_new (_("USER"),
                                  _("Sets USER's password and lifts any lockout. Standard input holds the "
                                    "acting user's password, then the new one. Anyone may set their own; "
                                    "setting another's needs the manage-staff permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "staff set-password", &error))
    return vigilctl_fail (error);

  if (!vigil_text_validate_reason (reason, FALSE, &error))
    return vigilctl_fail (error);

  password = vigilctl_password (ctx, 1, _("the new password"), &error);
  if (password == NULL || !vigil_password_check_acceptable (password, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (target = vigil_site_lookup_staff (ctx->site, argv[1], &error)) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_set_staff_password (ctx->site, session, argv[1], password, reason, &error))
    return vigilctl_fail (error);

  printf (_("Password of %s changed.\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static int
staff_deactivate (VigilctlContext  *ctx,
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
  g_autoptr(VigilStaff) target = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("USER"),
                                  _("Deactivates USER: they can no longer log in; their record stays. "
                                    "Needs the manage-staff permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "staff deactivate", &error) ||
      !vigil_text_validate_reason (reason, FALSE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (target = vigil_site_lookup_staff (ctx->site, argv[1], &error)) == NULL ||
      !vigil_site_check_deactivate_staff (ctx->site, argv[1], &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_deactivate_staff (ctx->site, session, argv[1], reason, &error))
    return vigilctl_fail (error);

  printf (_("%s deactivated.\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static int
staff_competency (VigilctlContext  *ctx,
                  int               argc,
                  char            **argv)
{
  g_autofree char *assessed = NULL;
  g_autofree char *refresher_due = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "assessed", 0, 0, G_OPTION_ARG_STRING, &assessed, N_("Date of the assessment (required)"), N_("DATE") },
    { "refresher-due", 0, 0, G_OPTION_ARG_STRING, &refresher_due, N_("Date the refresher is due (required)"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilStaff) target = NULL;
  g_autofree char *today = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("USER"),
                                  _("Records a CCTV competency assessment of USER, by the acting user. "
                                    "Needs the manage-staff permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "staff competency", &error))
    return vigilctl_fail (error);

  if (assessed == NULL || refresher_due == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                  _("staff competency: --assessed and --refresher-due are required"));

  if (!vigil_text_validate_reason (reason, FALSE, &error) ||
      vigilctl_site (ctx, &error) == NULL)
    return vigilctl_fail (error);

  today = vigil_date_today (vigil_site_get_time_zone (ctx->site), vigil_site_now (ctx->site));
  if (!vigil_staff_validate_competency (assessed, refresher_due, today, &error) ||
      (target = vigil_site_lookup_staff (ctx->site, argv[1], &error)) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_set_staff_competency (ctx->site, session, argv[1], assessed, refresher_due, reason, &error))
    return vigilctl_fail (error);

  printf (_("Competency of %s recorded: assessed %s, refresher due %s.\n"), vigilctl_shown (argv[1]),
          vigilctl_shown (assessed), vigilctl_shown (refresher_due));
  return VIGILCTL_EXIT_OK;
}

static int
staff_reviewer (VigilctlContext  *ctx,
                int               argc,
                char            **argv)
{
  gboolean on = FALSE, off = FALSE;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_NONE, &on, N_("Designate USER to review recorded footage"), NULL },
    { "off", 0, 0, G_OPTION_ARG_NONE, &off, N_("Withdraw the designation"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("USER"),
                                  _("Designates USER to review recorded footage (CCTV Review), or withdraws it. "
                                    "Team leads and managers review by their role. Needs manage-staff."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "staff reviewer", &error))
    return vigilctl_fail (error);
  if (on == off)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("staff reviewer: give one of --on and --off"));
  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("staff reviewer: --reason is required"));

  if (vigilctl_site (ctx, &error) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_set_staff_reviewer (ctx->site, session, argv[1], on, reason, &error))
    return vigilctl_fail (error);

  printf (on ? _("%s may now review recorded footage.\n") : _("%s may no longer review recorded footage.\n"),
          vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand staff_commands[] = {
  { "add", staff_add },
  { "list", staff_list },
  { "set-password", staff_set_password },
  { "deactivate", staff_deactivate },
  { "competency", staff_competency },
  { "reviewer", staff_reviewer },
};

int
vigilctl_cmd_staff (VigilctlContext  *ctx,
                    int               argc,
                    char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "staff", staff_commands, G_N_ELEMENTS (staff_commands));
}
