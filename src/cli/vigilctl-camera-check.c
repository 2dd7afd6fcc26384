/* vigilctl-camera-check.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>

#include "vigil-camera-source.h"
#include "vigil-media-enums.h"
#include "vigilctl.h"

/* vigilctl camera check: connects to a camera as the console would, through
 * libvigil-media's camera source, and reports what it sees. It shows no
 * footage, so a camera by name needs no login; its stored credentials are
 * used and never shown. */

#define DEFAULT_SECONDS 5
#define MAX_SECONDS 3600
/* Pipelines close on threads of their own; a program about to exit gives
 * them this long to send their TEARDOWN. */
#define CLOSE_WAIT_MS 3000

typedef struct
{
  VigilCameraSource *source;
  GMainLoop         *loop;
  gboolean           as_json;
  gint64             started;        /* monotonic */
  gint64             first_frame;    /* monotonic, 0: none */
  guint              losses;
  VigilCameraState   state;
  VigilCameraLoss    loss;
} Check;

/* JSON Lines: one object a line, "at" and "event" first. */
static JsonBuilder *
begin_event (const char *event)
{
  JsonBuilder *builder = json_builder_new ();
  g_autofree char *when = vigil_time_format_utc_ms (g_get_real_time ());

  json_builder_begin_object (builder);
  vigilctl_json_string (builder, "at", when);
  vigilctl_json_string (builder, "event", event);
  return builder;
}

static void
end_event (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  printf ("%s\n", line);
  fflush (stdout);
  g_object_unref (builder);
}

static char *
describe_media (const VigilMediaInfo *info)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("video %s %u×%u"), info->video_codec, info->width, info->height);
  if (info->fps_n > 0)
    g_string_append_printf (text, _(" at %.3g fps"), (double) info->fps_n / info->fps_d);
  if (info->audio_codec != NULL)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; sound %s %u Hz, %u channel",
                                               "; sound %s %u Hz, %u channels", info->audio_channels),
                            info->audio_codec, info->audio_rate, info->audio_channels);
  else
    g_string_append (text, _("; no sound"));
  return g_string_free (text, FALSE);
}

static void
print_line (const char *event,
            const char *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%H:%M:%S.%f");

  /* %f gives microseconds: milliseconds are enough to read. */
  when[12] = '\0';
  printf ("%s  %-10s  %s\n", when, event, text);
  fflush (stdout);
}

static void
media_to_json (JsonBuilder          *builder,
               const VigilMediaInfo *info)
{
  json_builder_set_member_name (builder, "video");
  json_builder_begin_object (builder);
  vigilctl_json_string (builder, "codec", info->video_codec);
  vigilctl_json_int (builder, "width", info->width);
  vigilctl_json_int (builder, "height", info->height);
  json_builder_set_member_name (builder, "fps");
  if (info->fps_n > 0)
    json_builder_add_double_value (builder, (double) info->fps_n / info->fps_d);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "audio");
  if (info->audio_codec == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      vigilctl_json_string (builder, "codec", info->audio_codec);
      vigilctl_json_int (builder, "rate", info->audio_rate);
      vigilctl_json_int (builder, "channels", info->audio_channels);
      json_builder_end_object (builder);
    }
}

static void
report_state (Check *check)
{
  VigilCameraState state = vigil_camera_source_get_state (check->source);
  VigilCameraLoss loss = vigil_camera_source_get_loss (check->source);
  JsonBuilder *builder;

  /* A loss whose cause changes while retrying is a new line, one loss. */
  if (state == check->state && loss == check->loss)
    return;
  if (state == VIGIL_CAMERA_STATE_LOST && check->state != VIGIL_CAMERA_STATE_LOST)
    check->losses++;
  check->state = state;
  check->loss = loss;

  switch (state)
    {
    case VIGIL_CAMERA_STATE_CONNECTING:
      if (check->as_json)
        end_event (begin_event ("connecting"));
      else
        print_line (_("connecting"), vigilctl_shown (vigil_camera_source_get_url (check->source)));
      break;

    case VIGIL_CAMERA_STATE_PLAYING:
      {
        const VigilMediaInfo *info = vigil_camera_source_get_media_info (check->source);

        if (check->as_json)
          {
            builder = begin_event ("playing");
            media_to_json (builder, info);
            end_event (builder);
          }
        else
          {
            g_autofree char *media = describe_media (info);
            print_line (_("playing"), media);
          }
        break;
      }

    case VIGIL_CAMERA_STATE_LOST:
      {
        const char *cause = vigil_camera_loss_to_string (loss);
        const char *detail = vigil_camera_source_get_loss_detail (check->source);

        if (check->as_json)
          {
            builder = begin_event ("lost");
            vigilctl_json_string (builder, "cause", cause);
            vigilctl_json_string (builder, "detail", detail);
            end_event (builder);
          }
        else
          {
            g_autofree char *text = g_strdup_printf ("%s: %s", cause, detail ? detail : "");
            print_line (_("lost"), vigilctl_shown (text));
          }
        break;
      }

    case VIGIL_CAMERA_STATE_STOPPED:
    default:
      break;
    }
}

static void
on_state_changed (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  report_state (user_data);
}

static void
on_frame (VigilCameraSource *source,
          gpointer           user_data)
{
  Check *check = user_data;
  g_autoptr(GstSample) frame = vigil_camera_source_pull_frame (source, NULL);

  if (frame != NULL && check->first_frame == 0)
    check->first_frame = g_get_monotonic_time ();
}

/* Time up; or Ctrl+C or SIGTERM, which end the check early with its
 * summary. */
static gboolean
on_interrupt (gpointer user_data)
{
  Check *check = user_data;

  g_main_loop_quit (check->loop);
  return G_SOURCE_CONTINUE;
}

static void
print_summary (Check   *check,
               guint64  frames)
{
  gint64 first_ms = check->first_frame ? (check->first_frame - check->started) / 1000 : -1;
  guint watched = (guint) ((g_get_monotonic_time () - check->started + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);

  if (check->as_json)
    {
      JsonBuilder *builder = begin_event ("summary");

      vigilctl_json_int (builder, "frames", (gint64) frames);
      json_builder_set_member_name (builder, "first_frame_ms");
      if (first_ms >= 0)
        json_builder_add_int_value (builder, first_ms);
      else
        json_builder_add_null_value (builder);
      vigilctl_json_int (builder, "losses", check->losses);
      end_event (builder);
      return;
    }

  if (first_ms >= 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " frames in %u second; the first after %" G_GINT64_FORMAT " ms; ",
                         "%" G_GUINT64_FORMAT " frames in %u seconds; the first after %" G_GINT64_FORMAT " ms; ", watched),
            frames, watched, first_ms);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "No frames in %u second; ", "No frames in %u seconds; ", watched), watched);
  printf (g_dngettext (GETTEXT_PACKAGE, "lost %u time.\n", "lost %u times.\n", check->losses), check->losses);
}

static void
on_source_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  VigilCameraSource *source = vigil_camera_source_new_for_camera_finish (result, &error);

  if (source == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, source, g_object_unref);
}

/* The camera's source, its record and credentials read on the site's worker
 * while this thread waits in a main loop. */
static VigilCameraSource *
open_by_name (VigilSite   *site,
              const char  *name,
              GError     **error)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  vigil_camera_source_new_for_camera (site, name, VIGIL_CAMERA_STREAM_MAIN, NULL, on_source_opened,
                                      g_object_ref (task));
  while (!g_task_get_completed (task))
    g_main_context_iteration (NULL, TRUE);
  return g_task_propagate_pointer (task, error);
}

int
vigilctl_camera_check (VigilctlContext  *ctx,
                       int               argc,
                       char            **argv)
{
  g_autofree char *url = NULL;
  int seconds = DEFAULT_SECONDS;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Check this address instead of a registered camera"), N_("URL") },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, N_("How long to watch (default 5)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print one JSON object a line (JSON Lines)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilCameraSource) source = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GError *error = NULL;
  Check check = { 0 };
  guint64 frames;
  guint timer, interrupt, terminate;

  options = vigilctl_options_new (_("(NAME | --url URL)"),
                                  _("Connects to a camera as the console would, for a few seconds, and reports "
                                    "what it sends, how soon the first frame came, and every change of state. "
                                    "Exit status 0 when frames arrived, 1 when none did. A camera by name uses its "
                                    "stored credentials and needs no login."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, -1, "camera check", &error))
    return vigilctl_fail (error);
  if (url != NULL && argc > 1)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("camera check: give a camera's NAME or --url, not both"));
  if (url == NULL && argc != 2)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                  argc < 2 ? _("camera check: give a camera's NAME or --url URL")
                                           : _("camera check: unexpected argument; see “vigilctl camera check --help”"));
  if (seconds < 1 || seconds > MAX_SECONDS)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("--seconds must be a whole number from 1 to %d"),
                                  MAX_SECONDS);
  if (!gst_init_check (NULL, NULL, &error))
    return vigilctl_fail (error);

  if (url != NULL)
    source = vigil_camera_source_new_for_url (url, &error);
  else if (vigilctl_site (ctx, &error) != NULL)
    source = open_by_name (ctx->site, argv[1], &error);
  if (source == NULL)
    return vigilctl_fail (error);

  loop = g_main_loop_new (NULL, FALSE);
  check.source = source;
  check.loop = loop;
  check.as_json = as_json;
  check.state = VIGIL_CAMERA_STATE_STOPPED;
  g_signal_connect (source, "notify::state", G_CALLBACK (on_state_changed), &check);
  g_signal_connect (source, "notify::loss", G_CALLBACK (on_state_changed), &check);
  g_signal_connect (source, "frame", G_CALLBACK (on_frame), &check);

  /* Decoded as the console decodes, at a wall tile's size. */
  vigil_camera_source_set_frame_size (source, 320, 180);
  check.started = g_get_monotonic_time ();
  vigil_camera_source_start (source);
  timer = g_timeout_add ((guint) seconds * 1000, on_interrupt, &check);
  interrupt = g_unix_signal_add (SIGINT, on_interrupt, &check);
  terminate = g_unix_signal_add (SIGTERM, on_interrupt, &check);
  g_main_loop_run (loop);
  g_source_remove (interrupt);
  g_source_remove (terminate);
  g_source_remove (timer);

  frames = vigil_camera_source_get_frame_count (source);
  g_signal_handlers_disconnect_by_data (source, &check);
  vigil_camera_source_stop (source);
  print_summary (&check, frames);

  g_clear_object (&source);
  vigil_camera_source_wait_closed (CLOSE_WAIT_MS);
  return frames > 0 ? VIGILCTL_EXIT_OK : VIGILCTL_EXIT_REFUSED;
}
