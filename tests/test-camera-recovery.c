/* test-camera-recovery.c: a camera source never gives up. Simulated cameras
 * on loopback die, freeze, refuse and drop packets; each is noticed within
 * the deadline and played again soon after it returns.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-camera-recovery"

#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>

#include "media-test-utils.h"

static void
assert_recent (gint64 wall_clock_us)
{
  gint64 now = g_get_real_time ();

  g_assert_cmpint (wall_clock_us, <=, now);
  g_assert_cmpint (wall_clock_us, >, now - 2 * MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
}

static void
test_dead_camera (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:160x90@10", NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "hall");
  gint64 took;

  media_start_playing (source);

  camsim_kill (camsim);
  took = media_wait_state (source, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_NONE,
                           MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_test_message ("lost %.2f s after the kill (%s)", took / 1e6, vigil_camera_source_get_loss_detail (source));
  /* "No signal since": when the last video came. */
  assert_recent (vigil_camera_source_get_lost_since (source));
  /* Retried while the address refuses. */
  media_wait_state (source, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_REFUSED, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));

  camsim_restart (camsim);
  took = media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE,
                           MEDIA_WAIT (MEDIA_RETURN_DEADLINE_US));
  g_test_message ("playing %.2f s after the restart", took / 1e6);
  media_wait_frames (source, 3, MEDIA_START_WAIT_US);
  g_assert_cmpint (vigil_camera_source_get_lost_since (source), ==, 0);

  vigil_camera_source_stop (source);
  camsim_stop (camsim);
}

static gboolean
loss_changed (gpointer data)
{
  return vigil_camera_source_get_loss (data) != VIGIL_CAMERA_LOSS_STALLED;
}

static void
test_frozen_camera (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:160x90@10", NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "hall");
  gint64 took;

  media_start_playing (source);

  /* The connection stays open and says nothing. */
  camsim_freeze (camsim);
  took = media_wait_state (source, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_STALLED,
                           MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_test_message ("stalled %.2f s after SIGSTOP", took / 1e6);

  /* Frozen for longer than the RTSP client's own time limits: still a
   * stalled camera, never a different cause. */
  g_assert_false (camsim_wait_for (loss_changed, source, 7 * G_USEC_PER_SEC));

  camsim_thaw (camsim);
  took = media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE,
                           MEDIA_WAIT (MEDIA_RETURN_DEADLINE_US));
  g_test_message ("playing %.2f s after SIGCONT", took / 1e6);
  media_wait_frames (source, 3, MEDIA_START_WAIT_US);

  vigil_camera_source_stop (source);
  camsim_stop (camsim);
}

/* Frozen before the first connection: the camera takes the TCP connection
 * and never answers. */
static void
test_frozen_at_start (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:160x90@10", NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "hall");
  gint64 before;

  camsim_freeze (camsim);
  vigil_camera_source_start (source);
  media_wait_state (source, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_STALLED, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));

  /* Stopping it waits for no answer from the frozen camera: the caller's
   * loop is back at once, well within a frame or two. */
  before = g_get_monotonic_time ();
  vigil_camera_source_stop (source);
  g_assert_cmpint (g_get_monotonic_time () - before, <, 100 * G_TIME_SPAN_MILLISECOND);

  vigil_camera_source_start (source);
  camsim_thaw (camsim);
  media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);

  vigil_camera_source_stop (source);
  camsim_stop (camsim);
}

/* A loopback port bound but not listening: nothing answers there, and no
 * one else can take the port while the test runs. */
static GSocket *
bound_socket (int *port)
{
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

static void
test_refused (void)
{
  int port;
  g_autoptr(GSocket) socket = bound_socket (&port);
  g_autofree char *url = g_strdup_printf ("rtsp://127.0.0.1:%d/hall", port);
  g_autoptr(VigilCameraSource) source = vigil_camera_source_new_for_url (url, NULL);

  vigil_camera_source_start (source);
  media_wait_state (source, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_REFUSED, MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  assert_recent (vigil_camera_source_get_lost_since (source));
  vigil_camera_source_stop (source);
}

/* A host that drops every packet: a listening socket whose queue of
 * connections waiting to be accepted is full, so that the kernel drops
 * each new SYN unanswered. */
static void
test_unreachable (void)
{
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketClient) filler = g_socket_client_new ();
  g_autoptr(GSocketConnection) queued = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(VigilCameraSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  listener = g_socket_new_from_fd (fd, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any, FALSE, NULL));
  g_assert_true (listen (fd, 0) == 0);
  bound = g_socket_get_local_address (listener, NULL);
  queued = g_socket_client_connect (filler, G_SOCKET_CONNECTABLE (bound), NULL, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("rtsp://127.0.0.1:%d/hall",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  source = vigil_camera_source_new_for_url (url, NULL);
  vigil_camera_source_start (source);
  media_wait_state (source, VIGIL_CAMERA_STATE_LOST, VIGIL_CAMERA_LOSS_UNREACHABLE,
                    MEDIA_WAIT (MEDIA_LOSS_DEADLINE_US));
  g_assert_nonnull (strstr (vigil_camera_source_get_loss_detail (source), "127.0.0.1"));
  vigil_camera_source_stop (source);
}

int
main (int    argc,
      char **argv)
{
  media_test_init (&argc, &argv);

  media_test_add ("/camera-recovery/dead", test_dead_camera);
  media_test_add ("/camera-recovery/frozen", test_frozen_camera);
  media_test_add ("/camera-recovery/frozen-at-start", test_frozen_at_start);
  media_test_add ("/camera-recovery/refused", test_refused);
  media_test_add ("/camera-recovery/unreachable", test_unreachable);

  return g_test_run ();
}
