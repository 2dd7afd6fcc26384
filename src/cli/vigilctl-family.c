/* vigilctl-family.c
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

/* vigilctl family and stage: admitting families, their agreement, and the
 * history of their stage. */

#define UNSET (-1)

static int
family_add (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  g_autofree char *label = NULL;
  g_autofree char *room = NULL;
  g_autofree char *admitted = NULL;
  g_autofree char *stage_text = NULL;
  g_autofree char *agreement = NULL;
  g_autofree char *consent = NULL;
  g_autofree char *reason = NULL;
  gboolean no_audio = FALSE;
  int retention_days = UNSET;
  const GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("What screens show: initials, never names (required)"), N_("TEXT") },
    { "room", 0, 0, G_OPTION_ARG_STRING, &room, N_("The room they are placed in (required)"), N_("ROOM") },
    { "admitted", 0, 0, G_OPTION_ARG_STRING, &admitted, N_("Admission date (required)"), N_("DATE") },
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage_text, N_("Stage at admission, 1 to 4 (required)"), N_("N") },
    { "agreement-signed", 0, 0, G_OPTION_ARG_STRING, &agreement, N_("Date the CCTV and audio agreement was signed"), N_("DATE") },
    { "no-audio", 0, 0, G_OPTION_ARG_NONE, &no_audio, N_("The agreement does not cover audio"), NULL },
    { "retention-days", 0, 0, G_OPTION_ARG_INT, &retention_days, N_("Days of footage kept, as agreed (default: the site's retention-days)"), N_("N") },
    { "consent", 0, 0, G_OPTION_ARG_STRING, &consent, N_("Date of the placing authority's consent"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilFamily) family = NULL;
  GError *error = NULL;
  VigilFamilyState stage;

  options = vigilctl_options_new (_("REF"),
                                  _("Admits a family into a room at a stage; the stage starts their stage "
                                    "history from local midnight of the admission date. Without "
                                    "--agreement-signed there is no CCTV and audio agreement on file and "
                                    "family-room cameras do not record. Needs the manage-families permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "family add", &error))
    return vigilctl_fail (error);

  if (label == NULL || room == NULL || admitted == NULL || stage_text == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                  _("family add: --label, --room, --admitted and --stage are required"));
  if (!vigil_family_state_from_string (stage_text, &stage, &error))
    return vigilctl_fail (error);
  if (no_audio && agreement == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                  _("family add: --no-audio describes the agreement: give --agreement-signed too"));
  if (retention_days != UNSET && retention_days < 1)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("family add: --retention-days must be at least 1"));
  if (!vigil_text_validate_reason (reason, FALSE, &error))
    return vigilctl_fail (error);

  family = vigil_family_new (argv[1], label, room, admitted);
  vigil_family_set_agreement (family, agreement, !no_audio);
  vigil_family_set_consent_on (family, consent);
  if (retention_days != UNSET)
    vigil_family_set_retention_days (family, retention_days);

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_new_family (ctx->site, family, stage, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_add_family (ctx->site, session, family, stage, reason, &error))
    return vigilctl_fail (error);

  g_clear_object (&family);
  if ((family = vigil_site_lookup_family (ctx->site, argv[1], &error)) == NULL)
    return vigilctl_fail (error);
  printf (_("Admitted family %s (%s) to %s on %s at %s; footage kept %u days.\n"),
          vigilctl_shown (vigil_family_get_case_ref (family)), vigilctl_shown (vigil_family_get_label (family)),
          vigilctl_shown (vigil_family_get_room (family)), vigilctl_shown (vigil_family_get_admitted_on (family)),
          vigil_stage_change_describe_state (stage),
          vigil_family_get_retention_days (family));
  if (agreement == NULL)
    printf (_("Note: no CCTV and audio agreement is on file, so the family's cameras do not record until one "
              "is (vigilctl family agreement %s --signed DATE).\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

/* The first scheduled change still to come, or NULL. */
static VigilStageChange *
next_scheduled (GPtrArray *changes,
                gint64     now)
{
  for (guint i = 0; i < changes->len; i++)
    if (vigil_stage_change_is_pending (g_ptr_array_index (changes, i), now))
      return g_ptr_array_index (changes, i);
  return NULL;
}

static JsonNode *
family_to_json (VigilFamily   *family,
                GPtrArray     *changes,
                VigilOverride *running,
                gint64         now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  VigilFamilyState state = vigil_stage_change_list_state_at (changes, now);

  json_builder_begin_object (builder);
  vigilctl_json_string (builder, "case_ref", vigil_family_get_case_ref (family));
  vigilctl_json_string (builder, "label", vigil_family_get_label (family));
  vigilctl_json_string (builder, "room", vigil_family_get_room (family));
  vigilctl_json_string (builder, "admitted_on", vigil_family_get_admitted_on (family));
  vigilctl_json_string (builder, "discharged_on", vigil_family_get_discharged_on (family));
  vigilctl_json_string (builder, "state", vigil_family_state_to_string (state));
  json_builder_set_member_name (builder, "agreement");
  if (vigil_family_get_agreement_signed_on (family) != NULL)
    {
      json_builder_begin_object (builder);
      vigilctl_json_string (builder, "signed_on", vigil_family_get_agreement_signed_on (family));
      vigilctl_json_bool (builder, "covers_audio", vigil_family_get_agreement_covers_audio (family));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  vigilctl_json_int (builder, "retention_days", vigil_family_get_retention_days (family));
  vigilctl_json_string (builder, "consent_on", vigil_family_get_consent_on (family));

  json_builder_set_member_name (builder, "scheduled");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);

      if (!vigil_stage_change_is_pending (change, now))
        continue;
      json_builder_begin_object (builder);
      vigilctl_json_int (builder, "id", vigil_stage_change_get_id (change));
      vigilctl_json_string (builder, "to",
                            vigil_family_state_to_string (vigil_stage_change_get_to_state (change)));
      vigilctl_json_time (builder, "effective_at", vigil_stage_change_get_effective_at (change));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "override");
  if (running != NULL)
    {
      json_builder_begin_object (builder);
      vigilctl_json_int (builder, "id", vigil_override_get_id (running));
      vigilctl_json_time (builder, "expires_at", vigil_override_get_end (running));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
family_list (VigilctlContext  *ctx,
             int               argc,
             char            **argv)
{
  gboolean as_json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include discharged families"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) families = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  GError *error = NULL;
  gint64 now;

  options = vigilctl_options_new (NULL,
                                  _("Lists the families placed now (with --all, also those discharged), with "
                                    "their state, agreement and anything scheduled."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "family list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (families = vigil_site_list_families (ctx->site, all, &error)) == NULL)
    return vigilctl_fail (error);

  now = vigil_site_now (ctx->site);
  if (!as_json)
    printf ("%-14s %-8s %-14s %-10s %-14s %-18s %s\n", _("REF"), _("LABEL"), _("ROOM"), _("ADMITTED"),
            _("STATE"), _("AGREEMENT"), _("NOTES"));

  for (guint i = 0; i < families->len; i++)
    {
      VigilFamily *family = g_ptr_array_index (families, i);
      const char *ref = vigil_family_get_case_ref (family);
      g_autoptr(GPtrArray) changes = NULL;
      g_autoptr(VigilOverride) running = NULL;
      g_autoptr(GString) notes = g_string_new (NULL);
      g_autofree char *agreement = NULL;
      VigilStageChange *next;

      if ((changes = vigil_site_list_stage_changes (ctx->site, ref, &error)) == NULL)
        return vigilctl_fail (error);
      running = vigil_site_get_running_override (ctx->site, ref, &error);
      if (error != NULL)
        return vigilctl_fail (error);

      if (as_json)
        {
          g_ptr_array_add (nodes, family_to_json (family, changes, running, now));
          continue;
        }

      if (vigil_family_get_agreement_signed_on (family) != NULL)
        agreement = g_strdup_printf ("%s%s", vigilctl_shown (vigil_family_get_agreement_signed_on (family)),
                                     vigil_family_get_agreement_covers_audio (family) ? "" : _(" no audio"));
      next = next_scheduled (changes, now);
      if (next != NULL)
        {
          g_autofree char *when = vigilctl_format_time (ctx, vigil_stage_change_get_effective_at (next));
          g_string_append_printf (notes, _("%s from %s; "),
                                  vigil_stage_change_describe_state (vigil_stage_change_get_to_state (next)), when);
        }
      if (running != NULL)
        {
          g_autofree char *until = vigilctl_format_time (ctx, vigil_override_get_end (running));
          g_string_append_printf (notes, _("OVERRIDE until %s; "), until);
        }
      if (vigil_family_get_discharged_on (family) != NULL)
        g_string_append_printf (notes, _("discharged %s; "), vigilctl_shown (vigil_family_get_discharged_on (family)));
      if (notes->len >= 2)
        g_string_truncate (notes, notes->len - 2);

      printf ("%-14s %-8s %-14s %-10s %-14s %-18s %s\n", vigilctl_shown (ref),
              vigilctl_shown (vigil_family_get_label (family)),
              vigilctl_shown (vigil_family_get_room (family)), vigilctl_shown (vigil_family_get_admitted_on (family)),
              vigil_stage_change_describe_state (vigil_stage_change_list_state_at (changes, now)),
              agreement ? agreement : _("none"), notes->str);
    }

  if (as_json)
    vigilctl_print_json_array (nodes);
  return VIGILCTL_EXIT_OK;
}

static int
family_agreement (VigilctlContext  *ctx,
                  int               argc,
                  char            **argv)
{
  g_autofree char *signed_on = NULL;
  g_autofree char *reason = NULL;
  gboolean no_audio = FALSE;
  int retention_days = UNSET;
  const GOptionEntry entries[] = {
    { "signed", 0, 0, G_OPTION_ARG_STRING, &signed_on, N_("Date the agreement was signed (required)"), N_("DATE") },
    { "no-audio", 0, 0, G_OPTION_ARG_NONE, &no_audio, N_("The agreement does not cover audio"), NULL },
    { "retention-days", 0, 0, G_OPTION_ARG_INT, &retention_days, N_("Days of footage kept, as agreed (default: unchanged)"), N_("N") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilFamily) family = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Records a family's CCTV and audio agreement signed after admission, or a "
                                    "new one replacing it. Needs the manage-families permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "family agreement", &error))
    return vigilctl_fail (error);

  if (signed_on == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("family agreement: --signed is required"));
  if (retention_days != UNSET && retention_days < 1)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("family agreement: --retention-days must be at least 1"));
  if (!vigil_date_validate (signed_on, &error) ||
      !vigil_text_validate_reason (reason, FALSE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (family = vigil_site_lookup_family (ctx->site, argv[1], &error)) == NULL ||
      !vigil_site_check_agreement (ctx->site, argv[1], signed_on, !no_audio,
                                   retention_days == UNSET ? 0 : retention_days, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_record_agreement (ctx->site, session, argv[1], signed_on, !no_audio,
                                    retention_days == UNSET ? 0 : retention_days, reason, &error))
    return vigilctl_fail (error);

  printf (_("Recorded the agreement of %s signed on %s (%s).\n"), vigilctl_shown (vigil_family_get_case_ref (family)),
          vigilctl_shown (signed_on),
          no_audio ? _("video only") : _("video and audio"));
  return VIGILCTL_EXIT_OK;
}

static int
family_discharge (VigilctlContext  *ctx,
                  int               argc,
                  char            **argv)
{
  g_autofree char *date = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Date they left (default today)"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilFamily) family = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Records that a family has left: their room is free for the next family, "
                                    "scheduled stage changes are cancelled and a running override ends. Needs "
                                    "the manage-families permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "family discharge", &error))
    return vigilctl_fail (error);

  if ((date != NULL && !vigil_date_validate (date, &error)) ||
      !vigil_text_validate_reason (reason, FALSE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (family = vigil_site_lookup_family (ctx->site, argv[1], &error)) == NULL)
    return vigilctl_fail (error);
  if (vigil_family_get_discharged_on (family) != NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("family %s was already discharged on %s"),
                                  vigil_family_get_case_ref (family), vigil_family_get_discharged_on (family));

  if (!vigil_site_check_discharge (ctx->site, argv[1], date, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_discharge_family (ctx->site, session, argv[1], date, reason, &error))
    return vigilctl_fail (error);

  printf (_("Discharged family %s; %s is free.\n"), vigilctl_shown (vigil_family_get_case_ref (family)),
          vigilctl_shown (vigil_family_get_room (family)));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand family_commands[] = {
  { "add", family_add },
  { "list", family_list },
  { "agreement", family_agreement },
  { "discharge", family_discharge },
};

int
vigilctl_cmd_family (VigilctlContext  *ctx,
                     int               argc,
                     char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "family", family_commands, G_N_ELEMENTS (family_commands));
}

/* stage */

static int
stage_set (VigilctlContext  *ctx,
           int               argc,
           char            **argv)
{
  g_autofree char *reason = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *effective_text = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (required)"), N_("TEXT") },
    { "evidence", 0, 0, G_OPTION_ARG_STRING, &evidence, N_("The evidence reference, such as “Weekly Placement Update 2026-11-20” (required to reduce observation)"), N_("TEXT") },
    { "effective", 0, 0, G_OPTION_ARG_STRING, &effective_text, N_("When it takes effect (default now; a later time schedules it)"), N_("ISO-8601") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilStageChange) change = NULL;
  g_autoptr(GPtrArray) replaced = NULL;
  g_autofree char *when = NULL;
  GError *error = NULL;
  VigilFamilyState state;
  gint64 effective_at = 0;

  options = vigilctl_options_new (_("REF 1|2|3|4|off"),
                                  _("Changes a family's stage, now or at a stated later time; going back a stage "
                                    "is allowed. A change that reduces observation (a higher stage, or off) "
                                    "needs --evidence. A new change replaces any change scheduled for the same "
                                    "time or later. Needs the change-stage permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 2, "stage set", &error))
    return vigilctl_fail (error);

  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("stage set: --reason is required"));
  if (!vigil_family_state_from_string (argv[2], &state, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (effective_text != NULL &&
       !vigil_time_parse (effective_text, vigil_site_get_time_zone (ctx->site), &effective_at, &error)) ||
      !vigil_site_check_stage_change (ctx->site, argv[1], state, effective_at, reason, evidence, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (change = vigil_site_set_stage (ctx->site, session, argv[1], state, effective_at, reason, evidence,
                                      &replaced, &error)) == NULL)
    return vigilctl_fail (error);

  when = vigilctl_format_time (ctx, vigil_stage_change_get_effective_at (change));
  if (vigil_stage_change_get_effective_at (change) > vigil_stage_change_get_recorded_at (change))
    printf (_("Scheduled change %" G_GINT64_FORMAT " of %s: %s → %s at %s.\n"),
            vigil_stage_change_get_id (change), vigilctl_shown (argv[1]),
            vigil_stage_change_describe_state (vigil_stage_change_get_from_state (change)),
            vigil_stage_change_describe_state (state), when);
  else
    printf (_("Family %s moved from %s to %s at %s (change %" G_GINT64_FORMAT ").\n"), vigilctl_shown (argv[1]),
            vigil_stage_change_describe_state (vigil_stage_change_get_from_state (change)),
            vigil_stage_change_describe_state (state), when, vigil_stage_change_get_id (change));

  /* Say which plans this replaced: the team lead may not remember them. */
  for (guint i = 0; i < replaced->len; i++)
    {
      VigilStageChange *old = g_ptr_array_index (replaced, i);
      g_autofree char *old_when = vigilctl_format_time (ctx, vigil_stage_change_get_effective_at (old));

      printf (_("Cancelled scheduled change %" G_GINT64_FORMAT " (%s at %s), which this replaces.\n"),
              vigil_stage_change_get_id (old),
              vigil_stage_change_describe_state (vigil_stage_change_get_to_state (old)), old_when);
    }
  return VIGILCTL_EXIT_OK;
}

static const char *
change_status (VigilStageChange *change,
               GPtrArray        *changes,
               gint64            now)
{
  VigilStageChange *current = NULL;

  if (vigil_stage_change_get_cancelled_at (change) != 0)
    return "cancelled";
  if (vigil_stage_change_is_pending (change, now))
    return "scheduled";

  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *other = g_ptr_array_index (changes, i);
      if (vigil_stage_change_get_cancelled_at (other) == 0 && vigil_stage_change_get_effective_at (other) <= now)
        current = other;
    }
  return change == current ? "current" : "past";
}

static JsonNode *
stage_change_to_json (VigilStageChange *change,
                      const char       *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  VigilFamilyState from = vigil_stage_change_get_from_state (change);
  const char *evidence = vigil_stage_change_get_evidence (change);

  json_builder_begin_object (builder);
  vigilctl_json_int (builder, "id", vigil_stage_change_get_id (change));
  vigilctl_json_time (builder, "effective_at", vigil_stage_change_get_effective_at (change));
  vigilctl_json_string (builder, "from", from != VIGIL_STATE_NONE ? vigil_family_state_to_string (from) : NULL);
  vigilctl_json_string (builder, "to", vigil_family_state_to_string (vigil_stage_change_get_to_state (change)));
  vigilctl_json_string (builder, "changed_by", vigil_stage_change_get_changed_by (change));
  vigilctl_json_time (builder, "recorded_at", vigil_stage_change_get_recorded_at (change));
  vigilctl_json_string (builder, "reason", vigil_stage_change_get_reason (change));
  /* No evidence given is null, not "". */
  vigilctl_json_string (builder, "evidence", evidence != NULL && *evidence != '\0' ? evidence : NULL);
  vigilctl_json_string (builder, "status", status);
  vigilctl_json_time (builder, "cancelled_at", vigil_stage_change_get_cancelled_at (change));
  vigilctl_json_string (builder, "cancelled_by", vigil_stage_change_get_cancelled_by (change));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
stage_history (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  GError *error = NULL;
  gint64 now;

  options = vigilctl_options_new (_("REF"),
                                  _("Shows a family's whole stage history: every change from admission, with "
                                    "who made it, why and on what evidence, and any still scheduled."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "stage history", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (changes = vigil_site_list_stage_changes (ctx->site, argv[1], &error)) == NULL)
    return vigilctl_fail (error);

  now = vigil_site_now (ctx->site);
  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);
      const char *status = change_status (change, changes, now);
      g_autofree char *when = NULL;
      g_autofree char *recorded = NULL;
      const char *shown_status;

      if (as_json)
        {
          g_ptr_array_add (nodes, stage_change_to_json (change, status));
          continue;
        }

      shown_status = g_str_equal (status, "cancelled") ? _("CANCELLED")
                   : g_str_equal (status, "scheduled") ? _("SCHEDULED")
                   : g_str_equal (status, "current") ? _("in force") : "";
      when = vigilctl_format_time (ctx, vigil_stage_change_get_effective_at (change));
      recorded = vigilctl_format_time (ctx, vigil_stage_change_get_recorded_at (change));
      printf ("%-4" G_GINT64_FORMAT " %s  %s → %s  %s\n", vigil_stage_change_get_id (change), when,
              vigil_stage_change_describe_state (vigil_stage_change_get_from_state (change)),
              vigil_stage_change_describe_state (vigil_stage_change_get_to_state (change)), shown_status);
      printf (_("     by %s at %s: %s\n"), vigilctl_shown (vigil_stage_change_get_changed_by (change)), recorded,
              vigilctl_shown (vigil_stage_change_get_reason (change)));
      if (*vigil_stage_change_get_evidence (change) != '\0')
        printf (_("     evidence: %s\n"), vigilctl_shown (vigil_stage_change_get_evidence (change)));
      if (vigil_stage_change_get_cancelled_at (change) != 0)
        {
          g_autofree char *cancelled = vigilctl_format_time (ctx, vigil_stage_change_get_cancelled_at (change));
          printf (_("     cancelled by %s at %s\n"), vigilctl_shown (vigil_stage_change_get_cancelled_by (change)), cancelled);
        }
    }

  if (as_json)
    vigilctl_print_json_array (nodes);
  return VIGILCTL_EXIT_OK;
}

static int
stage_cancel (VigilctlContext  *ctx,
              int               argc,
              char            **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  GError *error = NULL;
  gint64 id = 0;

  options = vigilctl_options_new (_("REF ID"),
                                  _("Cancels a scheduled stage change that has not yet taken effect (and any "
                                    "scheduled after it). Needs the change-stage permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 2, "stage cancel", &error))
    return vigilctl_fail (error);

  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("stage cancel: --reason is required"));
  if (!vigilctl_parse_id (argv[2], _("stage change"), &id, &error) ||
      !vigil_text_validate_reason (reason, TRUE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_stage_cancel (ctx->site, argv[1], id, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_cancel_stage_change (ctx->site, session, argv[1], id, reason, &error))
    return vigilctl_fail (error);

  printf (_("Cancelled scheduled stage change %" G_GINT64_FORMAT " of %s.\n"), id, vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand stage_commands[] = {
  { "set", stage_set },
  { "history", stage_history },
  { "cancel", stage_cancel },
};

int
vigilctl_cmd_stage (VigilctlContext  *ctx,
                    int               argc,
                    char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "stage", stage_commands, G_N_ELEMENTS (stage_commands));
}
