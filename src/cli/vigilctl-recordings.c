/* vigilctl-recordings.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigilctl.h"

/* vigilctl recordings, hold and deletions: what was recorded and what was
 * not (gaps), evidence holds, and the record of every deletion. Listings
 * need no login (they reveal no footage); placing and releasing a hold
 * need the hold-footage permission. JSON gives instants in UTC with
 * milliseconds, as a segment's frames are timed. */

static void
json_bytes (JsonBuilder *builder,
            const char  *member,
            guint64      bytes)
{
  vigilctl_json_int (builder, member, (gint64) MIN (bytes, (guint64) G_MAXINT64));
}

static void
print_root (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  vigilctl_print_json (root);
}

/* recordings */

static void
print_recordings_json (GPtrArray *segments,
                       GPtrArray *gaps)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);

      json_builder_begin_object (builder);
      vigilctl_json_string (builder, "path", vigil_segment_get_path (segment));
      vigilctl_json_time_ms (builder, "start", vigil_segment_get_start (segment));
      vigilctl_json_time_ms (builder, "end", vigil_segment_get_end (segment));
      json_bytes (builder, "bytes", vigil_segment_get_bytes (segment));
      vigilctl_json_string (builder, "sha256", vigil_segment_get_sha256 (segment));
      vigilctl_json_bool (builder, "audio", vigil_segment_get_audio (segment));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "gaps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < gaps->len; i++)
    {
      VigilGap *gap = g_ptr_array_index (gaps, i);

      json_builder_begin_object (builder);
      vigilctl_json_time_ms (builder, "start", vigil_gap_get_start (gap));
      vigilctl_json_time_ms (builder, "end", vigil_gap_get_end (gap));
      vigilctl_json_string (builder, "cause", vigil_gap_cause_to_string (vigil_gap_get_cause (gap)));
      vigilctl_json_string (builder, "detail", vigil_gap_get_detail (gap));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  print_root (builder);
}

static void
print_recordings_text (VigilctlContext *ctx,
                       GPtrArray       *segments,
                       GPtrArray       *gaps)
{
  if (segments->len == 0 && gaps->len == 0)
    printf ("%s\n", _("Nothing recorded and no gap in that range."));

  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);
      g_autofree char *start = vigilctl_format_time (ctx, vigil_segment_get_start (segment));
      g_autofree char *end = vigilctl_format_time (ctx, vigil_segment_get_end (segment));

      printf (_("segment  %s to %s  %s  %" G_GUINT64_FORMAT " bytes%s  sha256 %s\n"), start, end,
              vigilctl_shown (vigil_segment_get_path (segment)), vigil_segment_get_bytes (segment),
              vigil_segment_get_audio (segment) ? _(", with sound") : "",
              vigil_segment_get_sha256 (segment));
    }

  for (guint i = 0; i < gaps->len; i++)
    {
      VigilGap *gap = g_ptr_array_index (gaps, i);
      g_autofree char *start = vigilctl_format_time (ctx, vigil_gap_get_start (gap));
      g_autofree char *end = vigil_gap_get_end (gap) != 0
        ? vigilctl_format_time (ctx, vigil_gap_get_end (gap)) : g_strdup (_("now (still open)"));

      printf (_("gap      %s to %s  not recorded: %s%s%s\n"), start, end,
              vigil_gap_cause_to_string (vigil_gap_get_cause (gap)),
              vigil_gap_get_detail (gap) ? " — " : "",
              vigil_gap_get_detail (gap) ? vigilctl_shown (vigil_gap_get_detail (gap)) : "");
    }
}

int
vigilctl_cmd_recordings (VigilctlContext  *ctx,
                         int               argc,
                         char            **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the range (ISO-8601; without an offset, site time) (required)"), N_("ISO") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the range, not included (required)"), N_("ISO") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON (times in UTC, with milliseconds)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  gint64 from = 0, to = 0;
  GError *error = NULL;

  options = vigilctl_options_new (_("CAMERA"),
                                  _("Lists what was recorded of CAMERA in a range: the closed segments (file "
                                    "relative to the recordings folder, first and last frame, size, SHA-256) "
                                    "and the gaps, where recording was required and none was made, with "
                                    "their cause. Needs no login."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "recordings", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigilctl_parse_instant (ctx, "recordings", "--from", from_text, &from, &error) ||
      !vigilctl_parse_instant (ctx, "recordings", "--to", to_text, &to, &error) ||
      !vigil_site_list_recordings (ctx->site, argv[1], from, to, &segments, &gaps, &error))
    return vigilctl_fail (error);

  if (as_json)
    print_recordings_json (segments, gaps);
  else
    print_recordings_text (ctx, segments, gaps);
  return VIGILCTL_EXIT_OK;
}

/* hold */

static int
hold_add (VigilctlContext  *ctx,
          int               argc,
          char            **argv)
{
  g_autofree char *camera = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *until = NULL;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera, N_("The camera whose footage is held (required)"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the footage held (required)"), N_("ISO") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the footage held, not included (required)"), N_("ISO") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is held (required)"), N_("TEXT") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("The hold's last day, in site time (required)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilHold) hold = NULL;
  gint64 from = 0, to = 0;
  GError *error = NULL;

  options = vigilctl_options_new (NULL,
                                  _("Holds a camera's footage in a range, to the end of a date: held footage "
                                    "is never deleted. Needs the hold-footage permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "hold add", &error))
    return vigilctl_fail (error);
  if (camera == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("hold add: --camera is required"));
  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("hold add: --reason is required"));
  if (until == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("hold add: --until is required"));

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigilctl_parse_instant (ctx, "hold add", "--from", from_text, &from, &error) ||
      !vigilctl_parse_instant (ctx, "hold add", "--to", to_text, &to, &error) ||
      !vigil_site_check_hold (ctx->site, camera, from, to, reason, until, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (hold = vigil_site_add_hold (ctx->site, session, camera, from, to, reason, until, &error)) == NULL)
    return vigilctl_fail (error);

  printf (_("Hold %lld placed on %s until the end of %s.\n"), (long long) vigil_hold_get_id (hold),
          vigilctl_shown (vigil_hold_get_camera (hold)), vigil_hold_get_until (hold));
  return VIGILCTL_EXIT_OK;
}

static int
hold_list (VigilctlContext  *ctx,
           int               argc,
           char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON (times in UTC, with milliseconds)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;
  gint64 now;

  options = vigilctl_options_new (NULL, _("Lists every hold, released ones included, newest first. Needs no login."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "hold list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (holds = vigil_site_list_holds (ctx->site, &error)) == NULL)
    return vigilctl_fail (error);

  now = vigil_site_now (ctx->site);
  if (!as_json && holds->len == 0)
    printf ("%s\n", _("No holds."));

  json_builder_begin_array (builder);
  for (guint i = 0; i < holds->len; i++)
    {
      VigilHold *hold = g_ptr_array_index (holds, i);

      if (as_json)
        {
          json_builder_begin_object (builder);
          vigilctl_json_int (builder, "id", vigil_hold_get_id (hold));
          vigilctl_json_string (builder, "camera", vigil_hold_get_camera (hold));
          vigilctl_json_time_ms (builder, "from", vigil_hold_get_from (hold));
          vigilctl_json_time_ms (builder, "to", vigil_hold_get_to (hold));
          vigilctl_json_string (builder, "reason", vigil_hold_get_reason (hold));
          vigilctl_json_string (builder, "until", vigil_hold_get_until (hold));
          vigilctl_json_time_ms (builder, "until_end", vigil_hold_get_until_end (hold));
          vigilctl_json_string (builder, "placed_by", vigil_hold_get_placed_by (hold));
          vigilctl_json_time_ms (builder, "placed_at", vigil_hold_get_placed_at (hold));
          vigilctl_json_time_ms (builder, "released_at", vigil_hold_get_released_at (hold));
          vigilctl_json_string (builder, "released_by", vigil_hold_get_released_by (hold));
          vigilctl_json_string (builder, "release_reason", vigil_hold_get_release_reason (hold));
          vigilctl_json_bool (builder, "active", vigil_hold_is_active (hold, now));
          json_builder_end_object (builder);
          continue;
        }

      {
        g_autofree char *from = vigilctl_format_time (ctx, vigil_hold_get_from (hold));
        g_autofree char *to = vigilctl_format_time (ctx, vigil_hold_get_to (hold));
        g_autofree char *placed = vigilctl_format_time (ctx, vigil_hold_get_placed_at (hold));

        printf (_("Hold %lld  %s  %s to %s  until %s (%s)\n"), (long long) vigil_hold_get_id (hold),
                vigilctl_shown (vigil_hold_get_camera (hold)), from, to, vigil_hold_get_until (hold),
                vigil_hold_is_active (hold, now) ? _("in force") : _("ended"));
        printf (_("  placed by %s at %s: %s\n"), vigilctl_shown (vigil_hold_get_placed_by (hold)), placed,
                vigilctl_shown (vigil_hold_get_reason (hold)));
        if (vigil_hold_get_released_at (hold) != 0)
          {
            g_autofree char *released = vigilctl_format_time (ctx, vigil_hold_get_released_at (hold));

            printf (_("  released by %s at %s: %s\n"), vigilctl_shown (vigil_hold_get_released_by (hold)),
                    released, vigilctl_shown (vigil_hold_get_release_reason (hold)));
          }
      }
    }
  json_builder_end_array (builder);

  if (as_json)
    print_root (builder);
  return VIGILCTL_EXIT_OK;
}

static int
hold_release (VigilctlContext  *ctx,
              int               argc,
              char            **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is no longer needed (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  VigilHold *hold = NULL;
  gint64 id;
  GError *error = NULL;

  options = vigilctl_options_new (_("ID"),
                                  _("Releases hold ID before its date: its footage is subject to retention "
                                    "again. Needs the hold-footage permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "hold release", &error) ||
      !vigilctl_parse_id (argv[1], _("hold"), &id, &error) ||
      !vigil_text_validate_reason (reason, TRUE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (holds = vigil_site_list_holds (ctx->site, &error)) == NULL)
    return vigilctl_fail (error);

  for (guint i = 0; i < holds->len; i++)
    if (vigil_hold_get_id (g_ptr_array_index (holds, i)) == id)
      hold = g_ptr_array_index (holds, i);
  if (hold == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("no hold %lld"), (long long) id);
  if (vigil_hold_get_released_at (hold) != 0)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("hold %lld was already released by %s"), (long long) id,
                                  vigilctl_shown (vigil_hold_get_released_by (hold)));

  if ((session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_release_hold (ctx->site, session, id, reason, &error))
    return vigilctl_fail (error);

  printf (_("Hold %lld released.\n"), (long long) id);
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand hold_commands[] = {
  { "add", hold_add },
  { "list", hold_list },
  { "release", hold_release },
};

int
vigilctl_cmd_hold (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "hold", hold_commands, G_N_ELEMENTS (hold_commands));
}

/* deletions */

int
vigilctl_cmd_deletions (VigilctlContext  *ctx,
                        int               argc,
                        char            **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Deletions made from this time (required)"), N_("ISO") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("... until this time, not included (required)"), N_("ISO") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON (times in UTC, with milliseconds)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) deletions = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 from = 0, to = 0;
  GError *error = NULL;

  options = vigilctl_options_new (NULL,
                                  _("Lists the recordings deleted in a range of time, by when: camera, file, "
                                    "first and last frame, size, SHA-256, when and why. Needs no login."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "deletions", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigilctl_parse_instant (ctx, "deletions", "--from", from_text, &from, &error) ||
      !vigilctl_parse_instant (ctx, "deletions", "--to", to_text, &to, &error) ||
      (deletions = vigil_site_list_deletions (ctx->site, from, to, &error)) == NULL)
    return vigilctl_fail (error);

  if (!as_json && deletions->len == 0)
    printf ("%s\n", _("No deletions in that range."));

  json_builder_begin_array (builder);
  for (guint i = 0; i < deletions->len; i++)
    {
      VigilDeletion *deletion = g_ptr_array_index (deletions, i);

      if (as_json)
        {
          json_builder_begin_object (builder);
          vigilctl_json_string (builder, "camera", vigil_deletion_get_camera (deletion));
          vigilctl_json_string (builder, "path", vigil_deletion_get_path (deletion));
          vigilctl_json_time_ms (builder, "start", vigil_deletion_get_start (deletion));
          vigilctl_json_time_ms (builder, "end", vigil_deletion_get_end (deletion));
          json_bytes (builder, "bytes", vigil_deletion_get_bytes (deletion));
          vigilctl_json_string (builder, "sha256", vigil_deletion_get_sha256 (deletion));
          vigilctl_json_time_ms (builder, "deleted_at", vigil_deletion_get_deleted_at (deletion));
          vigilctl_json_string (builder, "why", vigil_deletion_get_why (deletion));
          json_builder_end_object (builder);
        }
      else
        {
          g_autofree char *deleted = vigilctl_format_time (ctx, vigil_deletion_get_deleted_at (deletion));
          g_autofree char *start = vigilctl_format_time (ctx, vigil_deletion_get_start (deletion));
          g_autofree char *end = vigilctl_format_time (ctx, vigil_deletion_get_end (deletion));

          printf (_("%s  %s  %s to %s  %s  %" G_GUINT64_FORMAT " bytes  sha256 %s\n  %s\n"), deleted,
                  vigilctl_shown (vigil_deletion_get_camera (deletion)), start, end,
                  vigilctl_shown (vigil_deletion_get_path (deletion)), vigil_deletion_get_bytes (deletion),
                  vigilctl_shown (vigil_deletion_get_sha256 (deletion)),
                  vigilctl_shown (vigil_deletion_get_why (deletion)));
        }
    }
  json_builder_end_array (builder);

  if (as_json)
    print_root (builder);
  return VIGILCTL_EXIT_OK;
}
