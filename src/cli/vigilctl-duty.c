/* vigilctl-duty.c
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

/* vigilctl watch, duty and coverage: one staff to one baby from the command
 * line. Each mutating verb checks everything it can (its options, the
 * summary file, the family, the people named) before it logs the actor in,
 * so bad input writes nothing, not even a login entry. */

static int
watch_request (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the family needs watching, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autofree char *when = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Says that the family with case reference REF needs a remote watcher now. "
                                    "The request stays open, and uncovered in “vigilctl coverage”, until "
                                    "someone starts a duty for the family. Needs the take-duty permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "watch request", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_watch_request (ctx->site, argv[1], reason, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (request = vigil_site_request_watch (ctx->site, session, argv[1], reason, &error)) == NULL)
    return vigilctl_fail (error);

  when = vigilctl_format_time (ctx, vigil_watch_request_get_requested_at (request));
  printf (_("Watch requested for family %s at %s; it is uncovered until someone starts a duty.\n"),
          vigilctl_shown (vigil_watch_request_get_case_ref (request)), when);
  return VIGILCTL_EXIT_OK;
}

static int
watch_withdraw (VigilctlContext  *ctx,
                int               argc,
                char            **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the request is withdrawn, for the audit trail (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilFamily) family = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Withdraws the open watch request for the family with case reference REF, "
                                    "with a reason: it is no longer uncovered. The member who raised it may; "
                                    "anyone else needs the allocate-duties permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "watch withdraw", &error))
    return vigilctl_fail (error);
  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("watch withdraw: --reason is required"));

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_watch_withdraw (ctx->site, NULL, argv[1], reason, &error) ||
      (family = vigil_site_lookup_family (ctx->site, argv[1], &error)) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_withdraw_watch (ctx->site, session, argv[1], reason, &error))
    return vigilctl_fail (error);

  printf (_("Watch request for family %s withdrawn; it is no longer uncovered.\n"),
          vigilctl_shown (vigil_family_get_case_ref (family)));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand watch_commands[] = {
  { "request", watch_request },
  { "withdraw", watch_withdraw },
};

int
vigilctl_cmd_watch (VigilctlContext  *ctx,
                    int               argc,
                    char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "watch", watch_commands, G_N_ELEMENTS (watch_commands));
}

static int
duty_start (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  g_autofree char *for_user = NULL;
  const GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_STRING, &for_user, N_("Start the duty for this operator (needs allocate-duties)"), N_("USER") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autofree char *when = NULL;
  const char *operator_name;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Starts a duty watching the family with case reference REF: the acting "
                                    "user's own (take-duty), or with --for someone else's (allocate-duties). "
                                    "An operator holds one duty at a time and a family has one operator on "
                                    "duty. The family's watch request, if any, closes."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "duty start", &error) ||
      vigilctl_site (ctx, &error) == NULL)
    return vigilctl_fail (error);

  operator_name = for_user ? for_user : ctx->acting_user;
  if (operator_name != NULL &&
      !vigil_site_check_duty_start (ctx->site, argv[1], operator_name, &error))
    return vigilctl_fail (error);

  if ((session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (duty = vigil_site_start_duty (ctx->site, session, argv[1], for_user, &error)) == NULL)
    return vigilctl_fail (error);

  when = vigilctl_format_time (ctx, vigil_duty_get_started_at (duty));
  printf (_("%s is on duty for family %s (%s) since %s.\n"),
          vigilctl_shown (vigil_duty_get_operator (duty)), vigilctl_shown (vigil_duty_get_case_ref (duty)),
          vigilctl_shown (vigil_duty_get_family_label (duty)), when);
  return VIGILCTL_EXIT_OK;
}

static int
duty_end (VigilctlContext  *ctx,
          int               argc,
          char            **argv)
{
  g_autofree char *summary_file = NULL;
  const GOptionEntry entries[] = {
    { "summary-file", 0, 0, G_OPTION_ARG_FILENAME, &summary_file, N_("The observation summary, a UTF-8 text file (required)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilDuty) open = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *when = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Ends the duty watching the family with case reference REF, saving its "
                                    "observation summary as a note in the same step: a duty never ends "
                                    "without it. Ending one's own duty needs take-duty; anyone else's, "
                                    "allocate-duties."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "duty end", &error))
    return vigilctl_fail (error);

  if (summary_file == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                  _("duty end: --summary-file is required: a duty ends only with its observation summary"));

  if ((summary = vigilctl_read_note_file (summary_file, &error)) == NULL ||
      vigilctl_site (ctx, &error) == NULL ||
      (open = vigil_site_get_open_duty (ctx->site, argv[1], &error)) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (ended = vigil_site_end_duty (ctx->site, session, argv[1], summary, &error)) == NULL)
    return vigilctl_fail (error);

  when = vigilctl_format_time (ctx, vigil_duty_get_ended_at (ended));
  printf (_("Duty of %s for family %s ended at %s; summary saved as note %lld.\n"),
          vigilctl_shown (vigil_duty_get_operator (ended)), vigilctl_shown (vigil_duty_get_case_ref (ended)), when,
          (long long) vigil_duty_get_summary_note (ended));
  return VIGILCTL_EXIT_OK;
}

static int
duty_handover (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *summary_file = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Who takes over (required)"), N_("USER") },
    { "summary-file", 0, 0, G_OPTION_ARG_FILENAME, &summary_file, N_("The outgoing duty's observation summary, a UTF-8 text file (required)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilDuty) outgoing = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(VigilDuty) incoming = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *when = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Hands the duty watching the family with case reference REF to USER in "
                                    "one step: the outgoing summary is saved, the outgoing duty ends and "
                                    "USER's starts at the same instant, so the family is never uncovered. "
                                    "The outgoing operator may hand over their own duty (take-duty); anyone "
                                    "else needs allocate-duties."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "duty handover", &error))
    return vigilctl_fail (error);

  if (to == NULL || summary_file == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("duty handover: --to and --summary-file are required"));

  if ((summary = vigilctl_read_note_file (summary_file, &error)) == NULL ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_handover (ctx->site, argv[1], to, &error) ||
      (outgoing = vigil_site_get_open_duty (ctx->site, argv[1], &error)) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (incoming = vigil_site_hand_over_duty (ctx->site, session, argv[1], to, summary, &error)) == NULL ||
      (ended = vigil_site_get_duty (ctx->site, vigil_duty_get_id (outgoing), &error)) == NULL)
    return vigilctl_fail (error);

  when = vigilctl_format_time (ctx, vigil_duty_get_started_at (incoming));
  printf (_("Family %s handed over from %s to %s at %s; summary saved as note %lld.\n"),
          vigilctl_shown (vigil_duty_get_case_ref (ended)), vigilctl_shown (vigil_duty_get_operator (ended)),
          vigilctl_shown (to), when,
          (long long) vigil_duty_get_summary_note (ended));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand duty_commands[] = {
  { "start", duty_start },
  { "handover", duty_handover },
  { "end", duty_end },
};

int
vigilctl_cmd_duty (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "duty", duty_commands, G_N_ELEMENTS (duty_commands));
}

/* "4 min", "2 h 05 min", "3 d 2 h": how long a family has waited. */
static char *
format_waited (gint64 microseconds)
{
  gint64 minutes = MAX (microseconds, 0) / G_USEC_PER_SEC / 60;

  if (minutes < 60)
    return g_strdup_printf (_("%d min"), (int) minutes);
  if (minutes < 24 * 60)
    return g_strdup_printf (_("%d h %02d min"), (int) (minutes / 60), (int) (minutes % 60));
  return g_strdup_printf (_("%d d %d h"), (int) (minutes / (24 * 60)), (int) (minutes / 60 % 24));
}

static void
print_coverage_json (GPtrArray *duties,
                     GPtrArray *uncovered,
                     gint64     now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "duties");
  json_builder_begin_array (builder);
  for (guint i = 0; i < duties->len; i++)
    {
      VigilDuty *duty = g_ptr_array_index (duties, i);

      json_builder_begin_object (builder);
      vigilctl_json_int (builder, "id", vigil_duty_get_id (duty));
      vigilctl_json_string (builder, "family", vigil_duty_get_case_ref (duty));
      vigilctl_json_string (builder, "label", vigil_duty_get_family_label (duty));
      vigilctl_json_string (builder, "operator", vigil_duty_get_operator (duty));
      vigilctl_json_time (builder, "started_at", vigil_duty_get_started_at (duty));
      vigilctl_json_string (builder, "started_by", vigil_duty_get_started_by (duty));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "uncovered");
  json_builder_begin_array (builder);
  for (guint i = 0; i < uncovered->len; i++)
    {
      VigilWatchRequest *request = g_ptr_array_index (uncovered, i);
      gint64 requested_at = vigil_watch_request_get_requested_at (request);

      json_builder_begin_object (builder);
      vigilctl_json_int (builder, "id", vigil_watch_request_get_id (request));
      vigilctl_json_string (builder, "family", vigil_watch_request_get_case_ref (request));
      vigilctl_json_string (builder, "label", vigil_watch_request_get_family_label (request));
      vigilctl_json_time (builder, "requested_at", requested_at);
      vigilctl_json_string (builder, "requested_by", vigil_watch_request_get_requested_by (request));
      vigilctl_json_string (builder, "reason", vigil_watch_request_get_reason (request));
      vigilctl_json_int (builder, "uncovered_seconds", MAX (now - requested_at, 0) / G_USEC_PER_SEC);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  vigilctl_print_json (root);
}

int
vigilctl_cmd_coverage (VigilctlContext  *ctx,
                       int               argc,
                       char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON (times in UTC)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  GError *error = NULL;
  gint64 now;

  options = vigilctl_options_new (NULL,
                                  _("Shows who is on duty watching which family, and every watch request "
                                    "nobody has taken yet, with how long it has been uncovered."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "coverage", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_get_coverage (ctx->site, &duties, &uncovered, &error))
    return vigilctl_fail (error);

  now = vigil_site_now (ctx->site);

  if (as_json)
    {
      print_coverage_json (duties, uncovered, now);
      return VIGILCTL_EXIT_OK;
    }

  printf ("%s\n", _("On duty:"));
  if (duties->len == 0)
    printf ("  %s\n", _("nobody"));
  for (guint i = 0; i < duties->len; i++)
    {
      VigilDuty *duty = g_ptr_array_index (duties, i);
      g_autofree char *since = vigilctl_format_time (ctx, vigil_duty_get_started_at (duty));

      printf (_("  %-12s %-10s watched by %-16s since %s\n"),
              vigilctl_shown (vigil_duty_get_case_ref (duty)), vigilctl_shown (vigil_duty_get_family_label (duty)),
              vigilctl_shown (vigil_duty_get_operator (duty)), since);
    }

  printf ("%s\n", _("Uncovered watch requests:"));
  if (uncovered->len == 0)
    printf ("  %s\n", _("none"));
  for (guint i = 0; i < uncovered->len; i++)
    {
      VigilWatchRequest *request = g_ptr_array_index (uncovered, i);
      gint64 requested_at = vigil_watch_request_get_requested_at (request);
      g_autofree char *since = vigilctl_format_time (ctx, requested_at);
      g_autofree char *waited = format_waited (now - requested_at);

      printf (_("  %-12s %-10s UNCOVERED for %s (requested by %s at %s)\n"),
              vigilctl_shown (vigil_watch_request_get_case_ref (request)),
              vigilctl_shown (vigil_watch_request_get_family_label (request)),
              waited, vigilctl_shown (vigil_watch_request_get_requested_by (request)), since);
    }

  return VIGILCTL_EXIT_OK;
}
