/* vigilctl-export.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <stdio.h>

#include "vigil-bundle-writer.h"
#include "vigilctl.h"

/* vigilctl review and export: looking at recorded footage for a CCTV
 * Review, and court bundle exports from request to bundle. Every one logs
 * in with --as; the core checks and audits each step. */

/* review */

int
vigilctl_cmd_review (VigilctlContext  *ctx,
                     int               argc,
                     char            **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the footage reviewed (required)"), N_("ISO") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the footage reviewed, not included (required)"),
      N_("ISO") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the footage is looked at (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autofree char *folder = NULL;
  gint64 from = 0, to = 0;
  GError *error = NULL;

  options = vigilctl_options_new (N_("CAMERA"),
                                  _("Opens a camera's recorded footage in a range for a CCTV Review: prints the "
                                    "segment files to play, one a line. The review and its reason are audited. "
                                    "Needs the review-footage permission, or a manager's designation."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "review", &error))
    return vigilctl_fail (error);
  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("review: --reason is required: say why the footage is "
                                                       "looked at"));

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigilctl_parse_instant (ctx, "review", "--from", from_text, &from, &error) ||
      !vigilctl_parse_instant (ctx, "review", "--to", to_text, &to, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (segments = vigil_site_open_review (ctx->site, session, argv[1], from, to, reason, &error)) == NULL)
    return vigilctl_fail (error);

  folder = vigil_site_get_recordings_dir (ctx->site);
  for (guint i = 0; i < segments->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, vigil_segment_get_path (g_ptr_array_index (segments, i)),
                                                NULL);

      printf ("%s\n", path);
    }
  if (segments->len == 0)
    fprintf (stderr, "%s\n", _("Nothing was recorded by that camera in the range."));
  return VIGILCTL_EXIT_OK;
}

/* export */

static void
print_export (VigilctlContext *ctx,
              VigilExport     *export)
{
  g_autofree char *from = vigilctl_format_time (ctx, vigil_export_get_from (export));
  g_autofree char *to = vigilctl_format_time (ctx, vigil_export_get_to (export));
  g_autofree char *requested = vigilctl_format_time (ctx, vigil_export_get_requested_at (export));
  g_autofree char *cameras = g_strjoinv (", ", (char **) vigil_export_get_cameras (export));

  printf (_("Export %lld  %s  case %s, exhibit %s\n"), (long long) vigil_export_get_id (export),
          vigil_export_state_to_string (vigil_export_get_state (export)),
          vigilctl_shown (vigil_export_get_case_ref (export)), vigilctl_shown (vigil_export_get_exhibit (export)));
  printf (_("  cameras %s, %s to %s\n"), vigilctl_shown (cameras), from, to);
  printf (_("  requested by %s at %s: %s\n"), vigilctl_shown (vigil_export_get_requested_by (export)), requested,
          vigilctl_shown (vigil_export_get_purpose (export)));
  if (vigil_export_get_state (export) != VIGIL_EXPORT_REQUESTED)
    {
      g_autofree char *decided = vigilctl_format_time (ctx, vigil_export_get_decided_at (export));

      printf (_("  %s by %s at %s: %s\n"),
              vigil_export_get_state (export) == VIGIL_EXPORT_APPROVED ? _("approved") : _("refused"),
              vigilctl_shown (vigil_export_get_decided_by (export)), decided,
              vigilctl_shown (vigil_export_get_decision_reason (export)));
    }
  if (vigil_export_get_hold_until (export) != NULL)
    printf (_("  footage held until the end of %s\n"), vigil_export_get_hold_until (export));
  if (vigil_export_get_times_written (export) > 0)
    printf (_("  written %u time(s); the newest bundle: %s\n"), vigil_export_get_times_written (export),
            vigilctl_shown (vigil_export_get_last_folder (export)));
}

static void
json_export (JsonBuilder *builder,
             VigilExport *export)
{
  const char * const *cameras = vigil_export_get_cameras (export);

  json_builder_begin_object (builder);
  vigilctl_json_int (builder, "id", vigil_export_get_id (export));
  vigilctl_json_string (builder, "state", vigil_export_state_to_string (vigil_export_get_state (export)));
  json_builder_set_member_name (builder, "cameras");
  json_builder_begin_array (builder);
  for (guint i = 0; cameras[i] != NULL; i++)
    json_builder_add_string_value (builder, cameras[i]);
  json_builder_end_array (builder);
  vigilctl_json_time_ms (builder, "from", vigil_export_get_from (export));
  vigilctl_json_time_ms (builder, "to", vigil_export_get_to (export));
  vigilctl_json_string (builder, "case", vigil_export_get_case_ref (export));
  vigilctl_json_string (builder, "exhibit", vigil_export_get_exhibit (export));
  vigilctl_json_string (builder, "purpose", vigil_export_get_purpose (export));
  vigilctl_json_string (builder, "requested_by", vigil_export_get_requested_by (export));
  vigilctl_json_time_ms (builder, "requested_at", vigil_export_get_requested_at (export));
  vigilctl_json_string (builder, "decided_by", vigil_export_get_decided_by (export));
  vigilctl_json_time_ms (builder, "decided_at", vigil_export_get_decided_at (export));
  vigilctl_json_string (builder, "decision_reason", vigil_export_get_decision_reason (export));
  vigilctl_json_string (builder, "hold_until", vigil_export_get_hold_until (export));
  vigilctl_json_int (builder, "times_written", vigil_export_get_times_written (export));
  vigilctl_json_string (builder, "last_folder", vigil_export_get_last_folder (export));
  json_builder_end_object (builder);
}

static int
export_request (VigilctlContext  *ctx,
                int               argc,
                char            **argv)
{
  g_auto(GStrv) cameras = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *case_ref = NULL;
  g_autofree char *exhibit = NULL;
  g_autofree char *purpose = NULL;
  const GOptionEntry entries[] = {
    { "camera", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cameras, N_("A camera to export (required; may be repeated)"),
      N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the range (required)"), N_("ISO") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the range, not included (required)"), N_("ISO") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("The family's case reference (required)"), N_("REF") },
    { "exhibit", 0, 0, G_OPTION_ARG_STRING, &exhibit, N_("The exhibit number (required)"), N_("TEXT") },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, N_("What the footage is wanted for (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilExport) export = NULL;
  gint64 from = 0, to = 0;
  GError *error = NULL;

  options = vigilctl_options_new (NULL,
                                  _("Asks for a court bundle of cameras' footage in a range. A second team lead "
                                    "or manager must approve it before it runs. Needs export-footage."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "export request", &error))
    return vigilctl_fail (error);
  if (cameras == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("export request: --camera is required"));
  if (case_ref == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("export request: --case is required"));
  if (exhibit == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("export request: --exhibit is required"));
  if (purpose == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("export request: --purpose is required"));

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigilctl_parse_instant (ctx, "export request", "--from", from_text, &from, &error) ||
      !vigilctl_parse_instant (ctx, "export request", "--to", to_text, &to, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (export = vigil_site_request_export (ctx->site, session, (const char * const *) cameras, from, to, case_ref,
                                           exhibit, purpose, &error)) == NULL)
    return vigilctl_fail (error);

  printf (_("Export %lld requested: it waits for a second team lead or manager to approve it.\n"),
          (long long) vigil_export_get_id (export));
  return VIGILCTL_EXIT_OK;
}

/* approve and refuse: the export's id, a reason, and for approval a date. */
static int
export_decide (VigilctlContext  *ctx,
               int               argc,
               char            **argv,
               gboolean          approve)
{
  const char *command = approve ? "export approve" : "export refuse";
  g_autofree char *reason = NULL;
  g_autofree char *hold_until = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (required)"), N_("TEXT") },
    { "hold-until", 0, 0, G_OPTION_ARG_STRING, &hold_until,
      N_("Hold the exported footage to the end of this date (required to approve)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilExport) export = NULL;
  gint64 id = 0;
  GError *error = NULL;

  options = vigilctl_options_new (N_("ID"),
                                  approve ? _("Approves a court bundle export another member asked for, holding "
                                              "its footage until a date. Needs export-footage.")
                                          : _("Refuses a court bundle export another member asked for. Needs "
                                              "export-footage."),
                                  approve ? entries : (const GOptionEntry[]) { entries[0], { NULL } });
  if (!vigilctl_parse (options, &argc, &argv, 1, command, &error))
    return vigilctl_fail (error);
  if (!vigilctl_parse_id (argv[1], _("export"), &id, &error))
    return vigilctl_fail (error);
  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("%s: --reason is required"), command);
  if (approve && hold_until == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("export approve: --hold-until is required: the date the "
                                                       "exported footage is held until"));

  if (vigilctl_site (ctx, &error) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (export = approve ? vigil_site_approve_export (ctx->site, session, id, reason, hold_until, &error)
                        : vigil_site_refuse_export (ctx->site, session, id, reason, &error)) == NULL)
    return vigilctl_fail (error);

  if (approve)
    printf (_("Export %lld approved; its footage is held until the end of %s.\n"), (long long) id, hold_until);
  else
    printf (_("Export %lld refused.\n"), (long long) id);
  return VIGILCTL_EXIT_OK;
}

static int
export_approve (VigilctlContext  *ctx,
                int               argc,
                char            **argv)
{
  return export_decide (ctx, argc, argv, TRUE);
}

static int
export_refuse (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  return export_decide (ctx, argc, argv, FALSE);
}

static int
export_list (VigilctlContext  *ctx,
             int               argc,
             char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON (times in UTC, with milliseconds)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GPtrArray) exports = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;

  options = vigilctl_options_new (NULL, _("Lists every court bundle export, newest first. Needs export-footage."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "export list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (exports = vigil_site_list_exports (ctx->site, session, &error)) == NULL)
    return vigilctl_fail (error);

  if (!as_json && exports->len == 0)
    printf ("%s\n", _("No exports."));

  json_builder_begin_array (builder);
  for (guint i = 0; i < exports->len; i++)
    {
      if (as_json)
        json_export (builder, g_ptr_array_index (exports, i));
      else
        print_export (ctx, g_ptr_array_index (exports, i));
    }
  json_builder_end_array (builder);

  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      vigilctl_print_json (root);
    }
  return VIGILCTL_EXIT_OK;
}

static void
on_fraction (VigilBundleWriter *writer,
             GParamSpec        *pspec,
             gpointer           user_data)
{
  int *shown = user_data;
  int percent = (int) (vigil_bundle_writer_get_fraction (writer) * 100);

  /* On standard error, a line each tenth: standard output is the result. */
  if (percent / 10 > *shown / 10)
    {
      fprintf (stderr, _("%d%% written\n"), percent);
      *shown = percent;
    }
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static int
export_run (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("The folder to write the bundle in (required)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilBundleWriter) writer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *folder = NULL;
  gint64 id = 0;
  int shown = 0;
  GError *error = NULL;

  options = vigilctl_options_new (N_("ID"),
                                  _("Writes an approved court bundle export as a folder inside DIR: the master "
                                    "segments, a working copy per camera, the manifest, notes, audit entries, an "
                                    "evidence sheet and SHA256SUMS. Needs export-footage."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "export run", &error))
    return vigilctl_fail (error);
  if (!vigilctl_parse_id (argv[1], _("export"), &id, &error))
    return vigilctl_fail (error);
  if (to == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("export run: --to is required"));

  if (!gst_init_check (NULL, NULL, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (writer = vigil_bundle_writer_new (ctx->site, session, id, to, &error)) == NULL)
    return vigilctl_fail (error);

  /* The files are written on a thread; progress and the end come back
   * here, where the run is recorded. */
  g_signal_connect (writer, "notify::fraction", G_CALLBACK (on_fraction), &shown);
  vigil_bundle_writer_write_async (writer, NULL, on_written, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  folder = vigil_bundle_writer_write_finish (writer, result, &error);
  if (folder == NULL)
    return vigilctl_fail (error);

  printf ("%s\n", folder);
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand export_commands[] = {
  { "request", export_request },
  { "approve", export_approve },
  { "refuse", export_refuse },
  { "run", export_run },
  { "list", export_list },
};

int
vigilctl_cmd_export (VigilctlContext  *ctx,
                     int               argc,
                     char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "export", export_commands, G_N_ELEMENTS (export_commands));
}
