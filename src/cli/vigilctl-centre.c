/* vigilctl-centre.c
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

/* vigilctl room, camera, window and override. Families and stages are in
 * vigilctl-family.c. Each changing command checks all it can before it asks
 * for the acting user's login, so a bad line writes nothing at all. */

/* room */

static int
room_add (VigilctlContext  *ctx,
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

  options = vigilctl_options_new (_("ROOM"),
                                  _("Adds a room families can be placed in (a bedroom, never a bathroom or "
                                    "toilet). Needs the manage-cameras permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "room add", &error) ||
      !vigil_text_validate_reason (reason, FALSE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_new_room (ctx->site, argv[1], &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_add_room (ctx->site, session, argv[1], reason, &error))
    return vigilctl_fail (error);

  printf (_("Added room %s.\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static int
room_list (VigilctlContext  *ctx,
           int               argc,
           char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(GPtrArray) families = NULL;
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  GError *error = NULL;

  options = vigilctl_options_new (NULL, _("Lists the rooms, with the family placed in each."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "room list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (rooms = vigil_site_list_rooms (ctx->site, &error)) == NULL ||
      (families = vigil_site_list_families (ctx->site, FALSE, &error)) == NULL)
    return vigilctl_fail (error);

  if (!as_json)
    printf ("%-24s %s\n", _("ROOM"), _("FAMILY"));

  for (guint i = 0; i < rooms->len; i++)
    {
      const char *room = g_ptr_array_index (rooms, i);
      VigilFamily *placed = NULL;

      for (guint j = 0; j < families->len && placed == NULL; j++)
        if (g_ascii_strcasecmp (vigil_family_get_room (g_ptr_array_index (families, j)), room) == 0)
          placed = g_ptr_array_index (families, j);

      if (as_json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          vigilctl_json_string (builder, "name", room);
          vigilctl_json_string (builder, "family", placed ? vigil_family_get_case_ref (placed) : NULL);
          json_builder_end_object (builder);
          g_ptr_array_add (nodes, json_builder_get_root (builder));
        }
      else if (placed != NULL)
        printf ("%-24s %s (%s)\n", vigilctl_shown (room), vigilctl_shown (vigil_family_get_case_ref (placed)),
                vigilctl_shown (vigil_family_get_label (placed)));
      else
        printf ("%-24s %s\n", vigilctl_shown (room), _("empty"));
    }

  if (as_json)
    vigilctl_print_json_array (nodes);
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand room_commands[] = {
  { "add", room_add },
  { "list", room_list },
};

int
vigilctl_cmd_room (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "room", room_commands, G_N_ELEMENTS (room_commands));
}

/* camera */

static int
camera_add (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  g_autofree char *location_name = NULL;
  g_autofree char *room = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sub_url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *reason = NULL;
  gboolean audio = FALSE;
  const GOptionEntry entries[] = {
    { "location", 0, 0, G_OPTION_ARG_STRING, &location_name, N_("communal or family-room (required)"), N_("WHERE") },
    { "room", 0, 0, G_OPTION_ARG_STRING, &room, N_("The room of a family-room camera"), N_("ROOM") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The stream, rtsp:// or rtsps:// (required)"), N_("URL") },
    { "sub-url", 0, 0, G_OPTION_ARG_STRING, &sub_url, N_("A lower-resolution stream for tiles"), N_("URL") },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &audio, N_("The camera has a microphone"), NULL },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_("The camera's username; its password is read from standard input"), N_("USER") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilCamera) camera = NULL;
  GError *error = NULL;
  VigilLocation location;
  const char *password = NULL;

  options = vigilctl_options_new (_("NAME"),
                                  _("Registers a camera. Cameras are never registered in bathrooms or toilets. "
                                    "With --username, standard input (--password-stdin) holds the acting user's "
                                    "password, then the camera's; both camera credentials are kept in the Secret "
                                    "Service, never in the data file. Needs the manage-cameras permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "camera add", &error))
    return vigilctl_fail (error);

  if (location_name == NULL || url == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("camera add: --location and --url are required"));
  if (!vigil_camera_location_from_string (location_name, &location, &error))
    return vigilctl_fail (error);

  camera = vigil_camera_new (argv[1], location, room, url, sub_url, audio);
  if (!vigil_camera_validate (camera, &error) ||
      !vigil_text_validate_reason (reason, FALSE, &error))
    return vigilctl_fail (error);

  if (username != NULL &&
      (password = vigilctl_password (ctx, 1, _("the camera's password"), &error)) == NULL)
    return vigilctl_fail (error);

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_new_camera (ctx->site, camera, username, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_add_camera (ctx->site, session, camera, username, password, reason, &error))
    return vigilctl_fail (error);

  if (location == VIGIL_LOCATION_FAMILY_ROOM)
    printf (_("Added camera %s (family room %s%s).\n"), vigilctl_shown (argv[1]), vigilctl_shown (room),
            audio ? _(", with audio") : "");
  else
    printf (_("Added camera %s (communal%s).\n"), vigilctl_shown (argv[1]), audio ? _(", with a microphone that communal rules keep off") : "");
  if (username != NULL)
    printf (_("Its username and password are kept in the Secret Service.\n"));
  return VIGILCTL_EXIT_OK;
}

static int
camera_set (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *sub_url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *reason = NULL;
  gboolean no_sub_url = FALSE;
  gboolean audio = FALSE;
  gboolean no_audio = FALSE;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The new stream, rtsp:// or rtsps://"), N_("URL") },
    { "sub-url", 0, 0, G_OPTION_ARG_STRING, &sub_url, N_("A new lower-resolution stream for tiles"), N_("URL") },
    { "no-sub-url", 0, 0, G_OPTION_ARG_NONE, &no_sub_url, N_("The camera has no sub-stream any more"), NULL },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &audio, N_("The camera has a microphone"), NULL },
    { "no-audio", 0, 0, G_OPTION_ARG_NONE, &no_audio, N_("The camera has no microphone"), NULL },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_("New credentials: the camera's username; its password is read from standard input"), N_("USER") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  GError *error = NULL;
  VigilCameraAudioChange audio_change = VIGIL_CAMERA_AUDIO_UNCHANGED;
  const char *password = NULL;

  options = vigilctl_options_new (_("NAME"),
                                  _("Changes a camera's streams, microphone or credentials; its name, location "
                                    "and room stay. With --username, standard input (--password-stdin) holds the "
                                    "acting user's password, then the camera's. Needs the manage-cameras permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "camera set", &error))
    return vigilctl_fail (error);

  if (sub_url != NULL && no_sub_url)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("camera set: give --sub-url or --no-sub-url, not both"));
  if (audio && no_audio)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("camera set: give --audio or --no-audio, not both"));
  if (url == NULL && sub_url == NULL && !no_sub_url && !audio && !no_audio && username == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                  _("camera set: say what changes (--url, --sub-url, --no-sub-url, --audio, "
                                    "--no-audio or --username)"));
  /* An empty --sub-url is a bad URL, not a way to remove it. */
  if (sub_url != NULL && !vigil_camera_validate_url (sub_url, _("sub-stream URL"), &error))
    return vigilctl_fail (error);
  if (no_sub_url)
    sub_url = g_strdup ("");
  if (audio || no_audio)
    audio_change = audio ? VIGIL_CAMERA_AUDIO_ON : VIGIL_CAMERA_AUDIO_OFF;

  if (!vigil_text_validate_reason (reason, FALSE, &error))
    return vigilctl_fail (error);

  if (username != NULL &&
      (password = vigilctl_password (ctx, 1, _("the camera's password"), &error)) == NULL)
    return vigilctl_fail (error);

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_camera_update (ctx->site, argv[1], url, sub_url, audio_change, username, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_update_camera (ctx->site, session, argv[1], url, sub_url, audio_change, username, password,
                                 reason, &error))
    return vigilctl_fail (error);

  printf (_("Changed camera %s.\n"), vigilctl_shown (argv[1]));
  if (username != NULL)
    printf (_("Its new username and password are kept in the Secret Service.\n"));
  return VIGILCTL_EXIT_OK;
}

static int
camera_set_enabled (VigilctlContext  *ctx,
                    int               argc,
                    char            **argv,
                    gboolean          enabled)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the audit trail"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("NAME"),
                                  enabled ? _("Puts a disabled camera back into use. Needs the manage-cameras "
                                              "permission.")
                                          : _("Takes a camera out of use: it is neither shown nor recorded, and "
                                              "keeps its record and credentials. Needs the manage-cameras "
                                              "permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, enabled ? "camera enable" : "camera disable", &error) ||
      !vigil_text_validate_reason (reason, FALSE, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_camera_enabled (ctx->site, argv[1], enabled, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_set_camera_enabled (ctx->site, session, argv[1], enabled, reason, &error))
    return vigilctl_fail (error);

  printf (enabled ? _("Enabled camera %s.\n") : _("Disabled camera %s.\n"), vigilctl_shown (argv[1]));
  return VIGILCTL_EXIT_OK;
}

static int
camera_disable (VigilctlContext  *ctx,
                int               argc,
                char            **argv)
{
  return camera_set_enabled (ctx, argc, argv, FALSE);
}

static int
camera_enable (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  return camera_set_enabled (ctx, argc, argv, TRUE);
}

static JsonNode *
camera_to_json (VigilCamera *camera)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  vigilctl_json_int (builder, "id", vigil_camera_get_id (camera));
  vigilctl_json_string (builder, "name", vigil_camera_get_name (camera));
  vigilctl_json_string (builder, "location",
                        vigil_camera_location_to_string (vigil_camera_get_location (camera)));
  vigilctl_json_string (builder, "room", vigil_camera_get_room (camera));
  vigilctl_json_string (builder, "url", vigil_camera_get_url (camera));
  vigilctl_json_string (builder, "sub_url", vigil_camera_get_sub_url (camera));
  vigilctl_json_bool (builder, "has_audio", vigil_camera_get_has_audio (camera));
  vigilctl_json_bool (builder, "enabled", vigil_camera_get_enabled (camera));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
camera_list (VigilctlContext  *ctx,
             int               argc,
             char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (NULL, _("Lists the cameras (never their credentials)."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "camera list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (cameras = vigil_site_list_cameras (ctx->site, &error)) == NULL)
    return vigilctl_fail (error);

  if (as_json)
    {
      g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

      for (guint i = 0; i < cameras->len; i++)
        g_ptr_array_add (nodes, camera_to_json (g_ptr_array_index (cameras, i)));
      vigilctl_print_json_array (nodes);
      return VIGILCTL_EXIT_OK;
    }

  printf ("%-20s %-12s %-16s %-6s %-8s %s\n",
          _("NAME"), _("LOCATION"), _("ROOM"), _("AUDIO"), _("ENABLED"), _("URL"));
  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);

      printf ("%-20s %-12s %-16s %-6s %-8s %s\n",
              vigilctl_shown (vigil_camera_get_name (camera)),
              vigil_camera_location_to_string (vigil_camera_get_location (camera)),
              vigil_camera_get_room (camera) ? vigilctl_shown (vigil_camera_get_room (camera)) : "-",
              vigil_camera_get_has_audio (camera) ? _("yes") : _("no"),
              vigil_camera_get_enabled (camera) ? _("yes") : _("disabled"),
              vigilctl_shown (vigil_camera_get_url (camera)));
    }
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand camera_commands[] = {
  { "add", camera_add },
  { "list", camera_list },
  { "set", camera_set },
  { "disable", camera_disable },
  { "enable", camera_enable },
  { "check", vigilctl_camera_check },
};

int
vigilctl_cmd_camera (VigilctlContext  *ctx,
                     int               argc,
                     char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "camera", camera_commands, G_N_ELEMENTS (camera_commands));
}

/* window */

static char *
describe_window_times (VigilWindow *window)
{
  g_autofree char *when = vigil_window_describe (window);

  return g_strconcat (when, vigil_window_get_past_midnight (window) ? _(" (ends the next day)") : "", NULL);
}

static int
window_add (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  g_autofree char *days_text = NULL;
  g_autofree char *date = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *purpose = NULL;
  gboolean audio = FALSE;
  const GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_STRING, &days_text, N_("Weekly on these days: mon,tue,… or mon-fri or daily"), N_("DAYS") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Once, on this date"), N_("YYYY-MM-DD") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text, N_("Start, local wall-clock time, inclusive (required)"), N_("HH:MM") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end_text, N_("End, exclusive; before the start means the next day (required)"), N_("HH:MM") },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &purpose, N_("What it is for: bedtime routine, mealtime, check-in (required)"), N_("TEXT") },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &audio, N_("Record audio too (if the family's agreement covers audio)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(VigilWindow) added = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *times = NULL;
  GError *error = NULL;
  VigilDays days = 0;
  guint start = 0, end = 0;
  VigilFamilyState state;

  options = vigilctl_options_new (_("REF"),
                                  _("Adds an observation window for a family at stage 3 or 4 (it may be set up "
                                    "before they get there). Times are the site's wall-clock times. Needs the "
                                    "edit-windows permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "window add", &error))
    return vigilctl_fail (error);

  if ((days_text == NULL) == (date == NULL))
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("window add: give either --days (weekly) or --date (one-off)"));
  if (start_text == NULL || end_text == NULL || purpose == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("window add: --start, --end and --purpose are required"));
  if ((days_text != NULL && !vigil_window_parse_days (days_text, &days, &error)) ||
      !vigil_window_parse_time (start_text, &start, &error) ||
      !vigil_window_parse_time (end_text, &end, &error))
    return vigilctl_fail (error);

  window = vigil_window_new (days, date, start, end, audio, purpose);
  if (vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_new_window (ctx->site, argv[1], window, &error) ||
      (family = vigil_site_lookup_family (ctx->site, argv[1], &error)) == NULL ||
      (changes = vigil_site_list_stage_changes (ctx->site, argv[1], &error)) == NULL ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (added = vigil_site_add_window (ctx->site, session, argv[1], window, &error)) == NULL)
    return vigilctl_fail (error);

  times = describe_window_times (added);
  printf (_("Added window %" G_GINT64_FORMAT " for %s: %s, %s, %s.\n"),
          vigil_window_get_id (added), vigilctl_shown (vigil_family_get_case_ref (family)), vigilctl_shown (times),
          vigilctl_shown (purpose),
          audio ? _("video and audio") : _("video only"));

  state = vigil_stage_change_list_state_at (changes, vigil_site_now (ctx->site));
  if (state != VIGIL_STATE_STAGE_3 && state != VIGIL_STATE_STAGE_4)
    printf (_("Note: %s is at %s now; windows count only at stages 3 and 4.\n"),
            vigilctl_shown (vigil_family_get_case_ref (family)), vigil_stage_change_describe_state (state));
  if (audio && !vigil_family_get_agreement_covers_audio (family))
    printf (_("Note: %s's agreement does not cover audio, so this window records video only.\n"),
            vigilctl_shown (vigil_family_get_case_ref (family)));
  return VIGILCTL_EXIT_OK;
}

static JsonNode *
window_to_json (VigilWindow *window)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *start = vigil_window_format_minute (vigil_window_get_start_minute (window));
  g_autofree char *end = vigil_window_format_minute (vigil_window_get_end_minute (window));

  json_builder_begin_object (builder);
  vigilctl_json_int (builder, "id", vigil_window_get_id (window));
  json_builder_set_member_name (builder, "days");
  if (vigil_window_get_days (window) != 0)
    {
      json_builder_begin_array (builder);
      for (guint d = 0; d < 7; d++)
        if (vigil_window_get_days (window) & (1u << d))
          {
            g_autofree char *name = vigil_window_days_to_string (1u << d);
            json_builder_add_string_value (builder, name);
          }
      json_builder_end_array (builder);
    }
  else
    json_builder_add_null_value (builder);
  vigilctl_json_string (builder, "date", vigil_window_get_date (window));
  vigilctl_json_string (builder, "start", start);
  vigilctl_json_string (builder, "end", end);
  vigilctl_json_bool (builder, "past_midnight", vigil_window_get_past_midnight (window));
  vigilctl_json_bool (builder, "audio", vigil_window_get_audio (window));
  vigilctl_json_string (builder, "purpose", vigil_window_get_purpose (window));
  vigilctl_json_string (builder, "created_by", vigil_window_get_created_by (window));
  vigilctl_json_time (builder, "created_at", vigil_window_get_created_at (window));
  vigilctl_json_time (builder, "removed_at", vigil_window_get_removed_at (window));
  vigilctl_json_string (builder, "removed_by", vigil_window_get_removed_by (window));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
window_list (VigilctlContext  *ctx,
             int               argc,
             char            **argv)
{
  gboolean as_json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include removed windows"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"), _("Lists a family's observation windows."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "window list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (windows = vigil_site_list_windows (ctx->site, argv[1], all, &error)) == NULL)
    return vigilctl_fail (error);

  if (as_json)
    {
      g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

      for (guint i = 0; i < windows->len; i++)
        g_ptr_array_add (nodes, window_to_json (g_ptr_array_index (windows, i)));
      vigilctl_print_json_array (nodes);
      return VIGILCTL_EXIT_OK;
    }

  printf ("%-5s %-44s %-6s %s\n", _("ID"), _("WHEN"), _("AUDIO"), _("PURPOSE"));
  for (guint i = 0; i < windows->len; i++)
    {
      VigilWindow *window = g_ptr_array_index (windows, i);
      g_autofree char *times = describe_window_times (window);
      g_autofree char *removed = NULL;

      if (vigil_window_get_removed_at (window) != 0)
        {
          g_autofree char *when = vigilctl_format_time (ctx, vigil_window_get_removed_at (window));
          removed = g_strdup_printf (_(" [removed %s by %s]"), when, vigilctl_shown (vigil_window_get_removed_by (window)));
        }
      printf ("%-5" G_GINT64_FORMAT " %-44s %-6s %s%s\n",
              vigil_window_get_id (window), vigilctl_shown (times),
              vigil_window_get_audio (window) ? _("yes") : _("no"),
              vigilctl_shown (vigil_window_get_purpose (window)), removed ? removed : "");
    }
  return VIGILCTL_EXIT_OK;
}

static int
window_remove (VigilctlContext  *ctx,
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
  gint64 id = 0;

  options = vigilctl_options_new (_("ID"),
                                  _("Removes an observation window from now on (it stays in the record). Needs "
                                    "the edit-windows permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "window remove", &error) ||
      !vigilctl_parse_id (argv[1], _("window"), &id, &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_remove_window (ctx->site, id, reason, &error))
    return vigilctl_fail (error);

  if ((session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_remove_window (ctx->site, session, id, reason, &error))
    return vigilctl_fail (error);

  printf (_("Removed window %" G_GINT64_FORMAT ".\n"), id);
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand window_commands[] = {
  { "add", window_add },
  { "list", window_list },
  { "remove", window_remove },
};

int
vigilctl_cmd_window (VigilctlContext  *ctx,
                     int               argc,
                     char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "window", window_commands, G_N_ELEMENTS (window_commands));
}

/* override */

static int
override_start (VigilctlContext  *ctx,
                int               argc,
                char            **argv)
{
  g_autofree char *rationale = NULL;
  int hours = VIGIL_OVERRIDE_DEFAULT_HOURS;
  const GOptionEntry entries[] = {
    { "rationale", 0, 0, G_OPTION_ARG_STRING, &rationale, N_("The safeguarding concern (required)"), N_("TEXT") },
    { "hours", 0, 0, G_OPTION_ARG_INT, &hours, N_("How long, 1 to 72 hours (default 24)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilOverride) started = NULL;
  g_autofree char *until = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Turns recording back on for a family for a safeguarding concern, whatever "
                                    "its stage. If an override is running this renews it, which needs a new "
                                    "rationale. Needs the run-overrides permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "override start", &error))
    return vigilctl_fail (error);

  if (rationale == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("override start: --rationale is required"));
  if (hours < 1 || hours > VIGIL_OVERRIDE_MAX_HOURS)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                  _("override start: --hours must be 1 to %d (an override lasts at most %d hours)"),
                                  VIGIL_OVERRIDE_MAX_HOURS, VIGIL_OVERRIDE_MAX_HOURS);

  if (vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_override (ctx->site, argv[1], rationale, hours, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (started = vigil_site_start_override (ctx->site, session, argv[1], rationale, hours, &error)) == NULL)
    return vigilctl_fail (error);

  until = vigilctl_format_time (ctx, vigil_override_get_expires_at (started));
  if (vigil_override_get_renews (started) != 0)
    printf (_("Renewed the safeguarding override of %s: override %" G_GINT64_FORMAT " records until %s (override %" G_GINT64_FORMAT " ended).\n"),
            vigilctl_shown (argv[1]), vigil_override_get_id (started), until, vigil_override_get_renews (started));
  else
    printf (_("Started safeguarding override %" G_GINT64_FORMAT " for %s: recording until %s.\n"),
            vigil_override_get_id (started), vigilctl_shown (argv[1]), until);
  return VIGILCTL_EXIT_OK;
}

static int
override_end (VigilctlContext  *ctx,
              int               argc,
              char            **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it ends early (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilOverride) running = NULL;
  g_autoptr(VigilFamily) family = NULL;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Ends a family's running safeguarding override before it expires. Needs the "
                                    "run-overrides permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "override end", &error))
    return vigilctl_fail (error);

  if (reason == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("override end: --reason is required"));

  if (vigilctl_site (ctx, &error) == NULL ||
      (running = vigil_site_check_end_override (ctx->site, argv[1], reason, &error)) == NULL ||
      (family = vigil_site_lookup_family (ctx->site, argv[1], &error)) == NULL)
    return vigilctl_fail (error);

  if ((session = vigilctl_login_actor (ctx, &error)) == NULL ||
      !vigil_site_end_override (ctx->site, session, argv[1], reason, &error))
    return vigilctl_fail (error);

  printf (_("Ended safeguarding override %" G_GINT64_FORMAT " of %s.\n"),
          vigil_override_get_id (running), vigilctl_shown (vigil_family_get_case_ref (family)));
  return VIGILCTL_EXIT_OK;
}

static JsonNode *
override_to_json (VigilOverride *override,
                  gint64         now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  vigilctl_json_int (builder, "id", vigil_override_get_id (override));
  vigilctl_json_time (builder, "started_at", vigil_override_get_started_at (override));
  vigilctl_json_time (builder, "expires_at", vigil_override_get_expires_at (override));
  vigilctl_json_string (builder, "started_by", vigil_override_get_started_by (override));
  vigilctl_json_string (builder, "rationale", vigil_override_get_rationale (override));
  json_builder_set_member_name (builder, "renews");
  if (vigil_override_get_renews (override) != 0)
    json_builder_add_int_value (builder, vigil_override_get_renews (override));
  else
    json_builder_add_null_value (builder);
  vigilctl_json_time (builder, "ended_at", vigil_override_get_ended_at (override));
  vigilctl_json_string (builder, "ended_by", vigil_override_get_ended_by (override));
  vigilctl_json_string (builder, "end_reason", vigil_override_get_end_reason (override));
  vigilctl_json_bool (builder, "running", vigil_override_is_running (override, now));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
override_list (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  GError *error = NULL;
  gint64 now;

  options = vigilctl_options_new (_("REF"), _("Lists a family's safeguarding overrides, running or past."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "override list", &error) ||
      vigilctl_site (ctx, &error) == NULL ||
      (overrides = vigil_site_list_overrides (ctx->site, argv[1], &error)) == NULL)
    return vigilctl_fail (error);

  now = vigil_site_now (ctx->site);
  if (as_json)
    {
      g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

      for (guint i = 0; i < overrides->len; i++)
        g_ptr_array_add (nodes, override_to_json (g_ptr_array_index (overrides, i), now));
      vigilctl_print_json_array (nodes);
      return VIGILCTL_EXIT_OK;
    }

  for (guint i = 0; i < overrides->len; i++)
    {
      VigilOverride *override = g_ptr_array_index (overrides, i);
      g_autofree char *from = vigilctl_format_time (ctx, vigil_override_get_started_at (override));
      g_autofree char *to = vigilctl_format_time (ctx, vigil_override_get_end (override));
      g_autofree char *ending = NULL;

      if (vigil_override_is_running (override, now))
        ending = g_strdup (_("running"));
      else if (vigil_override_get_ended_at (override) != 0)
        ending = g_strdup_printf (_("ended by %s: %s"), vigilctl_shown (vigil_override_get_ended_by (override)),
                                  vigilctl_shown (vigil_override_get_end_reason (override)));
      else
        ending = g_strdup (_("expired"));

      printf (_("%" G_GINT64_FORMAT "  %s – %s  by %s  (%s)\n    %s\n"),
              vigil_override_get_id (override), from, to,
              vigilctl_shown (vigil_override_get_started_by (override)),
              ending, vigilctl_shown (vigil_override_get_rationale (override)));
    }
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand override_commands[] = {
  { "start", override_start },
  { "end", override_end },
  { "list", override_list },
};

int
vigilctl_cmd_override (VigilctlContext  *ctx,
                       int               argc,
                       char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "override", override_commands, G_N_ELEMENTS (override_commands));
}
