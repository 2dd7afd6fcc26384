/* bench-footage.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What footage across the network costs: a laptop fetching a review's
 * segments from vigil-footage-service, against curl fetching the same files
 * from `openssl s_server -WWW` with the same certificate, in the same run,
 * both over loopback with TLS.
 *
 * 1. A real site (SQLite) with a camera, and VIGIL_BENCH_SEGMENTS (default
 *    20) segments of 7.5 MB each (a minute of a 1 Mbit/s camera; random
 *    bytes: the service and the client neither parse nor compress them)
 *    recorded in its store with their sizes and SHA-256.
 * 2. Vigil: vigil-footage-service started on loopback; a new
 *    VigilFootageClient fetches every segment for a review (the token
 *    granted and audited, each segment redeemed by the service, written to
 *    the cache, checked against the store's SHA-256).
 * 3. The reference: `openssl s_server -WWW` serving the recordings folder
 *    with the same certificate, and one curl process fetching the same
 *    paths over one connection into a folder (no token, no check).
 * Each is timed by wall clock, VIGIL_BENCH_RUNS times (default 5) in turn,
 * the page cache warm (the files were just written); the medians, the
 * throughput and the ratio Vigil / reference are printed, and the time
 * Vigil takes for one minute of footage (one segment). Nothing is asserted
 * about speed.
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-footage
 * (about a minute; needs curl and openssl).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "media-test-utils.h"
#include "vigil-footage-client.h"
#include "vigil-segment.h"
#include "vigil-sha256.h"
#include "vigil-site-footage.h"
#include "vigil-site-recordings.h"

#define SEGMENT_BYTES (7500 * 1000)
#define CAMERA        "Hall"

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 parsed;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 10000, &parsed, NULL))
    return (guint) parsed;
  return fallback;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* One fetch of every segment by a new client; its wall seconds. */
static double
time_vigil (VigilSite    *site,
            VigilSession *session,
            GPtrArray    *segments,
            gint64        from,
            gint64        to)
{
  g_autoptr(VigilFootageClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  client = vigil_footage_client_new (site, &error);
  g_assert_no_error (error);
  vigil_footage_client_fetch_async (client, session, CAMERA, segments, from, to, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!vigil_footage_client_fetch_finish (client, result, &error))
    g_error ("fetch: %s", error->message);
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* One curl process fetching every path into @into; its wall seconds. */
static double
time_reference (GPtrArray  *segments,
                const char *ca,
                guint       port,
                const char *into)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) curl = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_ptr_array_add (argv, g_strdup ("curl"));
  g_ptr_array_add (argv, g_strdup ("--silent"));
  g_ptr_array_add (argv, g_strdup ("--fail"));
  g_ptr_array_add (argv, g_strdup ("--create-dirs"));
  g_ptr_array_add (argv, g_strdup ("--cacert"));
  g_ptr_array_add (argv, g_strdup (ca));
  for (guint i = 0; i < segments->len; i++)
    {
      const char *path = vigil_segment_get_path (g_ptr_array_index (segments, i));

      g_ptr_array_add (argv, g_strdup ("--output"));
      g_ptr_array_add (argv, g_build_filename (into, path, NULL));
      g_ptr_array_add (argv, g_strdup_printf ("https://localhost:%u/%s", port, path));
    }
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  curl = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (curl, NULL, &error));
  g_assert_no_error (error);
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* openssl s_server -WWW on @port over @folder, once it answers. */
static GSubprocess *
start_reference (const char *folder,
                 const char *tls,
                 guint       port)
{
  g_autoptr(GSubprocessLauncher) launcher = vigil_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *certificate = g_build_filename (tls, "recorder.crt", NULL);
  g_autofree char *key = g_build_filename (tls, "recorder.key", NULL);
  g_autofree char *accept = g_strdup_printf ("%u", port);
  g_autoptr(GError) error = NULL;
  GSubprocess *server;

  g_subprocess_launcher_set_cwd (launcher, folder);
  server = g_subprocess_launcher_spawn (launcher, &error, "openssl", "s_server", "-quiet", "-WWW", "-accept", accept,
                                        "-cert", certificate, "-key", key, NULL);
  g_assert_no_error (error);
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(GSocketClient) probe = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_host (probe, "127.0.0.1", port, NULL,
                                                                                 NULL);

      if (connection != NULL)
        return server;
      g_usleep (50 * 1000);
    }
  g_error ("openssl s_server did not start on port %u", port);
}

int
main (int    argc,
      char **argv)
{
  guint n_segments = env_uint ("VIGIL_BENCH_SEGMENTS", 20);
  guint runs = env_uint ("VIGIL_BENCH_RUNS", 5);
  g_autofree char *dir = NULL;
  g_autofree char *tls = NULL;
  g_autofree char *url = NULL;
  g_autofree char *recordings = NULL;
  g_autofree char *ca = NULL;
  g_autofree guint8 *bytes = g_malloc (SEGMENT_BYTES);
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GSubprocess) reference = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) vigil_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reference_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  gint64 base = (g_get_real_time () / G_USEC_PER_SEC - 24 * 3600) * G_USEC_PER_SEC;
  guint port = 20000 + g_random_int_range (0, 20000);
  double megabytes = (double) n_segments * SEGMENT_BYTES / 1e6;
  double vigil_s, reference_s;

  g_test_init (&argc, &argv, NULL);
  site = vigil_test_site_new (&dir);
  manager = vigil_test_login_manager (site);
  media_add_camera (site, manager, CAMERA, "rtsp://127.0.0.1:1/unused", "viewer", "secret");
  recordings = vigil_site_get_recordings_dir (site);

  for (guint i = 0; i < n_segments; i++)
    {
      gint64 start = base + (gint64) i * 60 * G_USEC_PER_SEC;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
      g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d/%H-%M-%S");
      g_autofree char *path = g_strdup_printf (CAMERA "/%s.mkv", stamp);
      g_autofree char *file = g_build_filename (recordings, path, NULL);
      g_autofree char *folder = g_path_get_dirname (file);
      g_autoptr(VigilSha256) sha = vigil_sha256_new ();
      gint64 id;

      for (gsize at = 0; at < SEGMENT_BYTES; at += 4)
        {
          guint32 word = g_random_int ();
          memcpy (bytes + at, &word, 4);
        }
      vigil_sha256_update (sha, bytes, SEGMENT_BYTES);
      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      g_assert_true (g_file_set_contents (file, (const char *) bytes, SEGMENT_BYTES, NULL));
      id = vigil_site_open_segment (site, CAMERA, path, start, FALSE, &error);
      g_assert_no_error (error);
      g_assert_true (vigil_site_close_segment (site, id, start + 59 * G_USEC_PER_SEC, SEGMENT_BYTES,
                                               vigil_sha256_get_string (sha), &error));
      g_assert_no_error (error);
      g_ptr_array_add (segments, vigil_site_find_segment (site, path, NULL, 0, &error));
    }

  tls = g_build_filename (dir, "tls", NULL);
  g_assert_cmpint (g_mkdir (tls, 0700), ==, 0);
  vigil_test_make_certificate (tls, "recorder");
  ca = g_build_filename (tls, "recorder-ca.crt", NULL);
  service = vigil_test_start_footage_service (dir, tls, "recorder", &url);
  vigil_test_use_footage_service (site, dir, tls, url);
  reference = start_reference (recordings, tls, port);

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *into = g_build_filename (dir, "reference", NULL);
      double seconds;

      seconds = time_vigil (site, manager, segments, base, base + (gint64) n_segments * 60 * G_USEC_PER_SEC);
      g_array_append_val (vigil_times, seconds);
      seconds = time_reference (segments, ca, port, into);
      g_array_append_val (reference_times, seconds);
      {
        const char *rm[] = { "rm", "-rf", into, NULL };

        g_assert_true (g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                                     NULL));
      }
    }

  vigil_s = median (vigil_times);
  reference_s = median (reference_times);
  printf ("footage fetched: %u segments of %.1f MB (%.0f MB), %u runs, medians\n", n_segments, SEGMENT_BYTES / 1e6,
          megabytes, runs);
  printf ("  vigil (footage service + client, checked): %.2f s, %.0f MB/s, %.0f ms a segment (a minute at 1 Mbit/s)\n",
          vigil_s, megabytes / vigil_s, 1000 * vigil_s / n_segments);
  printf ("  reference (openssl s_server -WWW + curl):   %.2f s, %.0f MB/s\n", reference_s, megabytes / reference_s);
  printf ("  ratio vigil / reference: %.2f\n", vigil_s / reference_s);

  g_subprocess_send_signal (reference, SIGTERM);
  g_subprocess_wait (reference, NULL, NULL);
  g_subprocess_send_signal (service, SIGTERM);
  g_subprocess_wait (service, NULL, NULL);
  return 0;
}
