/* vigilctl-policy.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigil-site-policy.h"
#include "vigilctl.h"

/* policy explain and policy timeline: read-only, so no login. */

static void
print_instant (VigilctlContext *ctx,
               const char      *label,
               gint64           instant)
{
  g_autofree char *local = vigilctl_format_time (ctx, instant);
  g_autofree char *utc = vigil_time_format_utc (instant);

  printf ("  %-13s %s (%s)\n", label, local, utc);
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static const char *
live_view_words (VigilLiveView live_view)
{
  switch (live_view)
    {
    case VIGIL_LIVE_VIEW_ALLOWED:
      return _("allowed");
    case VIGIL_LIVE_VIEW_REASON_REQUIRED:
      return _("only for a safeguarding concern, with the reason logged");
    case VIGIL_LIVE_VIEW_DENIED:
    default:
      return _("denied");
    }
}

static int
policy_explain (VigilctlContext  *ctx,
                int               argc,
                char            **argv)
{
  g_autofree char *camera = NULL;
  g_autofree char *family = NULL;
  g_autofree char *at_text = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera, N_("The camera to explain"), N_("NAME") },
    { "family", 0, 0, G_OPTION_ARG_STRING, &family, N_("The family to explain (their room, for a camera with a microphone)"), N_("REF") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (ISO-8601; without an offset, the site's time; default now)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_auto(VigilPolicyDecision) decision = { 0 };
  GError *error = NULL;
  gint64 at;
  gboolean ok;

  options = vigilctl_options_new (NULL,
                                  _("Says what the centre's rules allow for a camera or a family at a moment: "
                                    "whether video and audio are recorded, whether the room may be viewed live, "
                                    "why, and when that next changes. Needs no login and changes nothing."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "policy explain", &error))
    return vigilctl_fail (error);

  if ((camera == NULL) == (family == NULL))
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("policy explain: give either --camera NAME or --family REF"));

  if (vigilctl_site (ctx, &error) == NULL)
    return vigilctl_fail (error);

  at = vigil_site_now (ctx->site);
  if (at_text != NULL && !vigil_time_parse (at_text, vigil_site_get_time_zone (ctx->site), &at, &error))
    return vigilctl_fail (error);

  ok = camera != NULL ? vigil_site_explain_camera (ctx->site, camera, at, &decision, &error)
                      : vigil_site_explain_family (ctx->site, family, at, &decision, &error);
  if (!ok)
    return vigilctl_fail (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      vigilctl_json_bool (builder, "record", decision.record);
      vigilctl_json_bool (builder, "record_audio", decision.record_audio);
      vigilctl_json_string (builder, "live_view", vigil_live_view_to_string (decision.live_view));
      vigilctl_json_bool (builder, "live_audio", decision.live_audio);
      vigilctl_json_string (builder, "basis", decision.basis);
      vigilctl_json_time (builder, "next_change", decision.next_change);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      vigilctl_print_json (root);
      return VIGILCTL_EXIT_OK;
    }

  printf (camera != NULL ? _("Camera %s\n") : _("Family %s\n"), vigilctl_shown (camera != NULL ? camera : family));
  print_instant (ctx, _("at"), at);
  printf ("  %-13s %s\n", _("record"), yes_no (decision.record));
  printf ("  %-13s %s\n", _("record audio"), yes_no (decision.record_audio));
  printf ("  %-13s %s\n", _("live view"), live_view_words (decision.live_view));
  printf ("  %-13s %s\n", _("live audio"), yes_no (decision.live_audio));
  printf ("  %-13s %s\n", _("because"), vigilctl_shown (decision.basis));
  if (decision.next_change != 0)
    print_instant (ctx, _("next change"), decision.next_change);
  else
    printf ("  %-13s %s\n", _("next change"), _("none: this holds until a record changes"));

  return VIGILCTL_EXIT_OK;
}

static int
policy_timeline (VigilctlContext  *ctx,
                 int               argc,
                 char            **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start (ISO-8601; required)"), N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End (ISO-8601; required)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GArray) intervals = NULL;
  GError *error = NULL;
  gint64 from, to;

  options = vigilctl_options_new (_("REF"),
                                  _("Lists when the family's room camera will record between two times, and "
                                    "with or without audio, so a team lead can check what tonight looks like."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "policy timeline", &error))
    return vigilctl_fail (error);

  if (from_text == NULL || to_text == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("policy timeline: --from and --to are required"));

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigil_time_parse (from_text, vigil_site_get_time_zone (ctx->site), &from, &error) ||
      !vigil_time_parse (to_text, vigil_site_get_time_zone (ctx->site), &to, &error) ||
      (intervals = vigil_site_recording_timeline (ctx->site, argv[1], from, to, &error)) == NULL)
    return vigilctl_fail (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < intervals->len; i++)
        {
          VigilRecordingInterval *interval = &g_array_index (intervals, VigilRecordingInterval, i);
          g_autofree char *start = vigil_time_format_utc (interval->start);
          g_autofree char *end = vigil_time_format_utc (interval->end);

          json_builder_begin_object (builder);
          vigilctl_json_string (builder, "start", start);
          vigilctl_json_string (builder, "end", end);
          vigilctl_json_bool (builder, "record_audio", interval->record_audio);
          vigilctl_json_string (builder, "basis", interval->basis);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      vigilctl_print_json (root);
      return VIGILCTL_EXIT_OK;
    }

  if (intervals->len == 0)
    printf (_("%s: no recording in that time.\n"), vigilctl_shown (argv[1]));

  for (guint i = 0; i < intervals->len; i++)
    {
      VigilRecordingInterval *interval = &g_array_index (intervals, VigilRecordingInterval, i);
      g_autofree char *start = vigilctl_format_time (ctx, interval->start);
      g_autofree char *end = vigilctl_format_time (ctx, interval->end);

      printf ("%s – %s  %s\n    %s\n", start, end,
              interval->record_audio ? _("video and audio") : _("video only"), vigilctl_shown (interval->basis));
    }

  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand policy_commands[] = {
  { "explain", policy_explain },
  { "timeline", policy_timeline },
};

int
vigilctl_cmd_policy (VigilctlContext  *ctx,
                     int               argc,
                     char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "policy", policy_commands, G_N_ELEMENTS (policy_commands));
}
