/* bench-camera-source.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the camera source costs, and how fast it notices a camera's loss and
 * return, measured against bare references in the same run.
 *
 * 1. CPU: 16 simulated cameras (12 at 640x360 15 fps, 4 at 1920x1080 25 fps,
 *    H.264, replayed by vigil-camsim so that the server costs little), each
 *    opened by a VigilCameraSource that decodes and scales to 320x180 BGRA,
 *    with a consumer pulling every frame on the main loop as the console
 *    will; against gst-launch-1.0 decoding the same 16 streams to fakesink
 *    (rtspsrc latency=200 ! depayloader ! parser ! avdec_h264 ! fakesink),
 *    the bare reference, and against gst-launch-1.0 doing the source's work
 *    with no program around it (the same, then videoscale to 320x180 and
 *    videoconvert to BGRA), which shows what the source itself adds. Each is
 *    measured over the same window after a warm-up; the camera server's own
 *    CPU is measured apart and left out.
 * 2. Loss and return: over VIGIL_BENCH_TRIALS trials each, the time from a
 *    SIGKILL of the server to `lost` and from its restart to `playing`, and
 *    from a SIGSTOP to `lost` (stalled) and from SIGCONT to `playing`.
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-camera-source
 * VIGIL_BENCH_SECONDS (default 60) and VIGIL_BENCH_TRIALS (default 20) size
 * the run.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "media-test-utils.h"

#define WARM_UP_SECONDS 8
#define N_SMALL 12
#define N_LARGE 4
#define N_CAMERAS (N_SMALL + N_LARGE)

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);

  return text ? (guint) g_ascii_strtoull (text, NULL, 10) : fallback;
}

static double
own_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @seconds. */
static void
run_for (double seconds)
{
  camsim_wait_for (never, NULL, (gint64) (seconds * G_USEC_PER_SEC));
}

static const char *
camera_path (guint i)
{
  static char paths[N_CAMERAS][8];

  g_snprintf (paths[i], sizeof paths[i], i < N_SMALL ? "s%02u" : "l%02u", i);
  return paths[i];
}

/* 1. CPU */

typedef struct
{
  double  reference;
  double  scaling_reference;
  double  source;
  double  server_reference;
  double  server_source;
  guint64 frames;
} Cpu;

static const char *const bare_tail[] = { "avdec_h264", "fakesink", NULL };
static const char *const scaling_tail[] = {
  "avdec_h264", "videoscale", "video/x-raw,width=320,height=180,pixel-aspect-ratio=1/1",
  "videoconvert", "video/x-raw,format=BGRA", "fakesink", NULL
};

static void
on_frame (VigilCameraSource *source,
          gpointer           user_data)
{
  g_autoptr(GstSample) frame = vigil_camera_source_pull_frame (source, NULL);
}

/* CPU-seconds of one gst-launch-1.0 playing every camera through
 * depayloader ! parser ! @tail; the server's are added to @server. */
static double
measure_launch (Camsim             *camsim,
                guint               seconds,
                const char * const *tail,
                double             *server)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) launch = NULL;
  g_autoptr(GError) error = NULL;
  double before, server_before, used;

  g_ptr_array_add (argv, g_strdup ("gst-launch-1.0"));
  g_ptr_array_add (argv, g_strdup ("-q"));
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_ptr_array_add (argv, g_strdup ("rtspsrc"));
      g_ptr_array_add (argv, g_strdup_printf ("location=%s", camsim_url (camsim, camera_path (i))));
      g_ptr_array_add (argv, g_strdup ("latency=200"));
      for (const char *const *parse = (const char *const[]) { "rtph264depay", "h264parse", NULL }; *parse; parse++)
        {
          g_ptr_array_add (argv, g_strdup ("!"));
          g_ptr_array_add (argv, g_strdup (*parse));
        }
      for (guint j = 0; tail[j] != NULL; j++)
        {
          g_ptr_array_add (argv, g_strdup ("!"));
          g_ptr_array_add (argv, g_strdup (tail[j]));
        }
    }
  g_ptr_array_add (argv, NULL);

  launch = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  run_for (WARM_UP_SECONDS);
  before = media_test_cpu_seconds (launch);
  server_before = media_test_cpu_seconds (camsim->process);
  run_for (seconds);
  used = media_test_cpu_seconds (launch) - before;
  *server += media_test_cpu_seconds (camsim->process) - server_before;

  g_subprocess_send_signal (launch, SIGINT);
  g_subprocess_wait (launch, NULL, NULL);
  return used;
}

static void
measure_sources (Camsim *camsim,
                 guint   seconds,
                 Cpu    *cpu)
{
  VigilCameraSource *sources[N_CAMERAS];
  double before, server_before;
  guint64 frames_before = 0;

  for (guint i = 0; i < N_CAMERAS; i++)
    {
      sources[i] = media_source_for_url (camsim, camera_path (i));
      vigil_camera_source_set_frame_size (sources[i], 320, 180);
      g_signal_connect (sources[i], "frame", G_CALLBACK (on_frame), NULL);
      vigil_camera_source_start (sources[i]);
    }

  run_for (WARM_UP_SECONDS);
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_assert_cmpint (vigil_camera_source_get_state (sources[i]), ==, VIGIL_CAMERA_STATE_PLAYING);
      frames_before += vigil_camera_source_get_frame_count (sources[i]);
    }
  before = own_cpu_seconds ();
  server_before = media_test_cpu_seconds (camsim->process);
  run_for (seconds);
  cpu->source = own_cpu_seconds () - before;
  cpu->server_source = media_test_cpu_seconds (camsim->process) - server_before;

  for (guint i = 0; i < N_CAMERAS; i++)
    {
      cpu->frames += vigil_camera_source_get_frame_count (sources[i]);
      g_object_unref (sources[i]);
    }
  cpu->frames -= frames_before;
  g_assert_true (vigil_camera_source_wait_closed (10000));
}

static void
bench_cpu (guint seconds)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Camsim) camsim = NULL;
  Cpu cpu = { 0 };
  double expected_fps = N_SMALL * 15 + N_LARGE * 25;

  g_ptr_array_add (args, g_strdup ("--replay"));
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_ptr_array_add (args, g_strdup ("--camera"));
      g_ptr_array_add (args, g_strdup_printf (i < N_SMALL ? "%s:640x360@15" : "%s:1920x1080@25", camera_path (i)));
    }
  g_ptr_array_add (args, NULL);
  camsim = camsim_startv (0, (const char * const *) args->pdata);

  cpu.reference = measure_launch (camsim, seconds, bare_tail, &cpu.server_reference);
  cpu.scaling_reference = measure_launch (camsim, seconds, scaling_tail, &cpu.server_reference);
  measure_sources (camsim, seconds, &cpu);

  printf ("# 16 cameras (12 x 640x360 15 fps, 4 x 1920x1080 25 fps, H.264), %u s after %u s of warm-up\n",
          seconds, WARM_UP_SECONDS);
  printf ("# %-48s %8s %10s\n", "", "CPU-s", "cores");
  printf ("# %-48s %8.2f %10.3f\n", "gst-launch-1.0: decode to fakesink (reference)", cpu.reference,
          cpu.reference / seconds);
  printf ("# %-48s %8.2f %10.3f\n", "gst-launch-1.0: decode, scale, convert (same work)", cpu.scaling_reference,
          cpu.scaling_reference / seconds);
  printf ("# %-48s %8.2f %10.3f\n", "VigilCameraSource: decode, scale to 320x180 BGRA", cpu.source,
          cpu.source / seconds);
  printf ("# %-48s %8.3f\n", "ratio to the bare reference (aim: at most 1.1)", cpu.source / cpu.reference);
  printf ("# %-48s %8.3f\n", "ratio to the same work in gst-launch-1.0", cpu.source / cpu.scaling_reference);
  printf ("# frames the sources delivered: %" G_GUINT64_FORMAT " (%.1f%% of the %.0f sent)\n", cpu.frames,
          100.0 * cpu.frames / (expected_fps * seconds), expected_fps * seconds);
  printf ("# camera server, left out: %.2f CPU-s a run with the references, %.2f with the sources\n",
          cpu.server_reference / 2, cpu.server_source);

  camsim_stop (camsim);
}

/* 2. Loss and return */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *times)
{
  g_array_sort (times, compare_doubles);
  printf ("# %-32s median %6.0f ms   max %6.0f ms   (%u trials)\n", what,
          g_array_index (times, double, times->len / 2) * 1e3,
          g_array_index (times, double, times->len - 1) * 1e3, times->len);
}

static double
elapsed_to (VigilCameraSource *source,
            VigilCameraState   state,
            VigilCameraLoss    loss,
            gint64             since)
{
  media_wait_state (source, state, loss, 30 * G_USEC_PER_SEC);
  return (g_get_monotonic_time () - since) / 1e6;
}

/* Trials of one way to lose the camera and one to bring it back: the time
 * from each to `lost` (with @cause, or any) and to `playing`. */
static void
trials (Camsim            *camsim,
        VigilCameraSource *source,
        guint              n,
        void             (*lose) (Camsim *),
        VigilCameraLoss    cause,
        void             (*restore) (Camsim *),
        GArray            *lost,
        GArray            *back)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 at;
      double took;

      media_wait_frames (source, 5, 10 * G_USEC_PER_SEC);
      at = g_get_monotonic_time ();
      lose (camsim);
      took = elapsed_to (source, VIGIL_CAMERA_STATE_LOST, cause, at);
      g_array_append_val (lost, took);
      /* Lost for a while, retried, before the camera comes back. */
      run_for (1.0 + g_random_double ());
      at = g_get_monotonic_time ();
      restore (camsim);
      took = elapsed_to (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, at);
      g_array_append_val (back, took);
    }
}

static void
bench_recovery (guint n)
{
  g_autoptr(Camsim) camsim = camsim_start ("--camera", "hall:320x180@15", NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "hall");
  g_autoptr(GArray) killed = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) restarted = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stopped = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) continued = g_array_new (FALSE, FALSE, sizeof (double));

  media_start_playing (source);
  trials (camsim, source, n, camsim_kill, VIGIL_CAMERA_LOSS_NONE, camsim_restart, killed, restarted);
  trials (camsim, source, n, camsim_freeze, VIGIL_CAMERA_LOSS_STALLED, camsim_thaw, stopped, continued);

  printf ("# loss and return of one camera (320x180 15 fps, live), deadlines 3 s and 2 s\n");
  report ("SIGKILL to lost", killed);
  report ("restart to playing", restarted);
  report ("SIGSTOP to lost (stalled)", stopped);
  report ("SIGCONT to playing", continued);

  vigil_camera_source_stop (source);
  camsim_stop (camsim);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);

  bench_cpu (env_uint ("VIGIL_BENCH_SECONDS", 60));
  bench_recovery (env_uint ("VIGIL_BENCH_TRIALS", 20));
  g_assert_true (vigil_camera_source_wait_closed (10000));
  return 0;
}
