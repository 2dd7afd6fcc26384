/* vigil-camsim.c: simulated RTSP cameras for the demo, the tests and the
 * benches.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-camsim"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>

#include "vigil-camsim-camera.h"

#define EXIT_BAD_INPUT 2
#define CAMSIM_ROLE "camera-user"

static void
print_error (const char *message)
{
  g_printerr ("vigil-camsim: %s\n", message);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* USER:PASSWORD; neither part empty, and no colon in the user name. */
static GstRTSPAuth *
create_auth (const char  *credentials,
             GError     **error)
{
  g_autoptr(GstRTSPAuth) auth = NULL;
  g_autoptr(GstRTSPToken) token = NULL;
  g_autofree char *user = NULL;
  g_autofree char *basic = NULL;
  const char *colon = strchr (credentials, ':');

  if (colon == NULL || colon == credentials || colon[1] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("malformed --auth: expected USER:PASSWORD, neither empty"));
      return NULL;
    }

  user = g_strndup (credentials, colon - credentials);
  auth = gst_rtsp_auth_new ();
  token = gst_rtsp_token_new (GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, CAMSIM_ROLE, NULL);

  basic = gst_rtsp_auth_make_basic (user, colon + 1);
  gst_rtsp_auth_add_basic (auth, basic, token);
  gst_rtsp_auth_add_digest (auth, user, colon + 1, token);
  gst_rtsp_auth_set_supported_methods (auth, GST_RTSP_AUTH_BASIC | GST_RTSP_AUTH_DIGEST);

  return g_steal_pointer (&auth);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GstRTSPServer) server = NULL;
  g_autoptr(GstRTSPMountPoints) mounts = NULL;
  g_autoptr(GstRTSPAuth) auth = NULL;
  g_autoptr(GstClock) clock = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) camera_specs = NULL;
  g_autofree char *address = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *host = NULL;
  g_autofree char *scene = NULL;
  g_autoptr(GHashTable) clips = NULL;
  gboolean replay = FALSE;
  gint port = 8554;
  guint source_id;
  int bound_port;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port to serve on; 0 picks a free one (default 8554)"), N_("PORT") },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address,
      N_("Address to serve on (default 127.0.0.1)"), N_("ADDRESS") },
    { "camera", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &camera_specs,
      N_("A camera, mounted at /PATH; repeat for more. Options: audio=aac|pcmu|pcma|opus, "
         "codec=h264|h265, scene=ball|night|still, bitrate=KBPS (the video's, 16 to 100000; "
         "the encoder's default of 2048 when absent), replay"),
      N_("PATH[:WxH@FPS][,OPTION…]") },
    { "scene", 0, 0, G_OPTION_ARG_STRING, &scene,
      N_("What cameras without scene= show: ball (the default), night or still"), N_("SCENE") },
    { "replay", 0, 0, G_OPTION_ARG_NONE, &replay,
      N_("Every camera replays a clip encoded once at start, as benches need"), NULL },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &credentials,
      N_("Require these credentials (Basic or Digest) on every camera"), N_("USER:PASSWORD") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serve simulated RTSP cameras."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, gst_init_get_option_group ());

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error (error->message);
      return EXIT_BAD_INPUT;
    }

  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), argv[1]);
      print_error (message);
      return EXIT_BAD_INPUT;
    }

  if (port < 0 || port > 65535)
    {
      g_autofree char *message = g_strdup_printf (_("port %d is out of range: expected 0 to 65535"), port);
      print_error (message);
      return EXIT_BAD_INPUT;
    }

  if (camera_specs == NULL)
    {
      print_error (_("no camera: give at least one --camera PATH"));
      return EXIT_BAD_INPUT;
    }

  if (address != NULL && !g_hostname_is_ip_address (address))
    {
      g_autofree char *message = g_strdup_printf (_("malformed --address “%s”: expected an IP address"), address);
      print_error (message);
      return EXIT_BAD_INPUT;
    }

  if (scene != NULL && !vigil_camsim_scene_is_known (scene))
    {
      g_autofree char *message = g_strdup_printf (_("unknown --scene “%s”: expected ball, night or still"),
                                                  scene);
      print_error (message);
      return EXIT_BAD_INPUT;
    }

  cameras = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; camera_specs[i] != NULL; i++)
    {
      VigilCamsimCamera *camera = vigil_camsim_camera_new_from_spec (camera_specs[i],
                                                                     scene ? scene : "ball",
                                                                     replay, &error);

      if (camera == NULL)
        {
          print_error (error->message);
          return EXIT_BAD_INPUT;
        }

      for (guint j = 0; j < cameras->len; j++)
        if (g_str_equal (vigil_camsim_camera_get_path (g_ptr_array_index (cameras, j)),
                         vigil_camsim_camera_get_path (camera)))
          {
            g_autofree char *message = g_strdup_printf (_("camera path “%s” is given twice"),
                                                        vigil_camsim_camera_get_path (camera));
            g_object_unref (camera);
            print_error (message);
            return EXIT_BAD_INPUT;
          }

      g_ptr_array_add (cameras, camera);
    }

  if (credentials != NULL && (auth = create_auth (credentials, &error)) == NULL)
    {
      print_error (error->message);
      return EXIT_BAD_INPUT;
    }

  for (guint i = 0; i < cameras->len; i++)
    if (!vigil_camsim_camera_check_elements (g_ptr_array_index (cameras, i), &error))
      {
        print_error (error->message);
        return EXIT_FAILURE;
      }

  /* Replay cameras' clips are encoded before the ready line, so that a
   * bench's measurement never includes them; cameras of one kind share. */
  clips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < cameras->len; i++)
    if (!vigil_camsim_camera_prepare_replay (g_ptr_array_index (cameras, i), clips, &error))
      {
        print_error (error->message);
        return EXIT_FAILURE;
      }

  /* Every camera's pipeline runs on the wall clock, so that the NTP times
   * in its RTCP sender reports are the frames' capture times. */
  clock = g_object_new (GST_TYPE_SYSTEM_CLOCK, "clock-type", GST_CLOCK_TYPE_REALTIME, NULL);

  server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (server, address ? address : "127.0.0.1");
  {
    g_autofree char *service = g_strdup_printf ("%d", port);
    gst_rtsp_server_set_service (server, service);
  }
  if (auth != NULL)
    gst_rtsp_server_set_auth (server, auth);

  mounts = gst_rtsp_server_get_mount_points (server);
  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamsimCamera *camera = g_ptr_array_index (cameras, i);
      GstRTSPMediaFactory *factory = vigil_camsim_camera_create_factory (camera, clock);
      g_autofree char *mount = g_strconcat ("/", vigil_camsim_camera_get_path (camera), NULL);

      if (auth != NULL)
        gst_rtsp_media_factory_add_role (factory, CAMSIM_ROLE,
                                         GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
                                         GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE,
                                         NULL);
      gst_rtsp_mount_points_add_factory (mounts, mount, factory);
    }

  loop = g_main_loop_new (NULL, FALSE);
  source_id = gst_rtsp_server_attach (server, NULL);
  if (source_id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("cannot serve on %s port %d: the address is not "
                                                    "this machine's or the port is taken"),
                                                  address ? address : "127.0.0.1", port);
      print_error (message);
      return EXIT_FAILURE;
    }

  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);

  bound_port = gst_rtsp_server_get_bound_port (server);
  host = gst_rtsp_server_get_address (server);
  /* The one line that tells a caller (a test, a script) it may connect. */
  printf (g_dngettext (GETTEXT_PACKAGE,
                       "vigil-camsim: serving %u camera on rtsp://%s%s%s:%d/\n",
                       "vigil-camsim: serving %u cameras on rtsp://%s%s%s:%d/\n",
                       cameras->len),
          cameras->len,
          strchr (host, ':') ? "[" : "", host, strchr (host, ':') ? "]" : "",
          bound_port);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (source_id);
  return EXIT_SUCCESS;
}
