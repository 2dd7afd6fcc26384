/* bench-recorder.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What vigil-recorder costs, what a crash loses, and how fast it follows the
 * policy, on simulated cameras (vigil-camsim --replay, so that the server
 * encodes each clip once and costs little; a keyframe every 2 s).
 *
 * 1. CPU: 16 cameras (12 at 640x360 15 fps 1 Mbit/s, 4 at 1920x1080 25 fps
 *    4 Mbit/s, H.264 with AAC sound), each a family room's camera with a
 *    microphone, its family at stage 1 with an agreement that covers sound,
 *    so that the policy records picture and sound all the time; segments of
 *    60 s. vigil-recorder records them all, then (not at the same time, so
 *    that they do not compete for the 2 cores) 16 ffmpeg processes record the
 *    same streams as the bare reference:
 *      ffmpeg -nostdin -loglevel error -rtsp_transport tcp -i URL -c copy
 *             -f segment -segment_time 60 OUT%03d.mkv
 *    (Matroska, which takes H.264 and AAC as they come). Each is measured
 *    over the same window after the same warm-up, by its user and system
 *    time in /proc; the camera server's own CPU is measured apart and left
 *    out. Reported as CPU-seconds per stream-hour and their ratio (aim: at
 *    most 1.0). A third run, one gst-launch-1.0 doing the recorder's work
 *    with GStreamer alone (rtspsrc latency=200 over UDP, depayloaders,
 *    parsers, splitmuxsink with matroskamux), is what the recorder would
 *    cost without its own RTSP receiver.
 * 2. kill -9: VIGIL_BENCH_KILLS times, vigil-recorder recording 4 of those
 *    cameras (640x360) is killed 2-8 s after all of them record, at K, and
 *    started again; once it has closed the segment each camera had open,
 *    from its file, the footage lost is K minus that segment's last frame
 *    (aim: at most 1 s each). The time from the restart to recording again
 *    is shown too: it is a gap the store records, not footage lost.
 * 3. Policy changes: a camera in a room whose family is at stage 4 (not
 *    recorded), the recorder running and connected to it. A team lead starts
 *    an override at T (the override's start in the store) and ends it at E
 *    (its end in the store) about 3 s later; the first recorded frame (the
 *    first segment's start) minus T (aim: the keyframe interval, 2 s, plus
 *    0.2 s at most) and E minus the last recorded frame (aim: 0 to 0.2 s),
 *    over VIGIL_BENCH_TRIALS trials started at random points of the
 *    keyframe interval.
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-recorder
 * (about 15 minutes). VIGIL_BENCH_SECONDS (default 120), VIGIL_BENCH_KILLS
 * (default 20) and VIGIL_BENCH_TRIALS (default 10) size the run; 0 leaves
 * that part out.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "media-test-utils.h"
#include "recorder-fixture.h"

#define WARM_UP_SECONDS 10
#define N_SMALL 12
#define N_LARGE 4
#define N_CAMERAS (N_SMALL + N_LARGE)
#define N_KILLED 4
#define SEGMENT_SECONDS "60"
#define KEYFRAME_US (2 * G_USEC_PER_SEC)
#define STREAM_HOUR 3600.0

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);

  return text ? (guint) g_ascii_strtoull (text, NULL, 10) : fallback;
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

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The site: cameras and the rooms they watch */

/* Camera @i of a site: its camsim path, its name on the site and its room. */
static char *
camera_path (const char *prefix,
             guint       i)
{
  return g_strdup_printf ("%s%02u", prefix, i);
}

static char *
camera_name (const char *prefix,
             guint       i)
{
  return g_strdup_printf ("Room %s%02u camera", prefix, i);
}

/* 640x360 15 fps at 1 Mbit/s, or 1920x1080 25 fps at 4 Mbit/s; H.264 and
 * AAC, replayed. */
static char *
camera_spec (const char *prefix,
             guint       i,
             gboolean    large)
{
  g_autofree char *path = camera_path (prefix, i);

  return g_strdup_printf (large ? "%s:1920x1080@25,audio=aac,bitrate=4000" : "%s:640x360@15,audio=aac,bitrate=1000",
                          path);
}

/* A site as the recorder's tests make one (recorder-fixture.c), with
 * segments of 60 s, and a camera server replaying @n_large large and
 * @n_small small cameras (paths PREFIXnn). Each camera, with its
 * microphone, is in a room of its own, whose family is at @stage with an
 * agreement that covers sound. */
static void
site_setup (Rec              *rec,
            const char       *prefix,
            guint             n_small,
            guint             n_large,
            VigilFamilyState  stage)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  memset (rec, 0, sizeof *rec);
  rec->site = vigil_test_site_new (&rec->dir);
  rec->manager = vigil_test_login_manager (rec->site);
  vigil_test_add_staff (rec->site, rec->manager, REC_LEAD, 4, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, REC_LEAD_PASSWORD);
  rec->lead = vigil_test_login (rec->site, REC_LEAD, REC_LEAD_PASSWORD);
  rec->recordings = vigil_site_get_recordings_dir (rec->site);
  rec_set_setting (rec, VIGIL_SETTING_SEGMENT_SECONDS, SEGMENT_SECONDS);
  rec_set_setting (rec, VIGIL_SETTING_RECORDER_MIN_FREE_MB, "0");

  g_ptr_array_add (args, g_strdup ("--replay"));
  for (guint i = 0; i < n_small + n_large; i++)
    {
      g_ptr_array_add (args, g_strdup ("--camera"));
      g_ptr_array_add (args, camera_spec (prefix, i, i >= n_small));
    }
  g_ptr_array_add (args, NULL);
  rec->camsim = camsim_startv (0, (const char * const *) args->pdata);

  for (guint i = 0; i < n_small + n_large; i++)
    {
      g_autofree char *room = g_strdup_printf ("Room %s%02u", prefix, i);
      g_autofree char *name = camera_name (prefix, i);
      g_autofree char *path = camera_path (prefix, i);
      g_autofree char *case_ref = g_strdup_printf ("LA-%s%02u", prefix, i);

      rec_add_room (rec, room);
      rec_add_camera (rec, name, room, path, TRUE);
      rec_add_family (rec, case_ref, room, stage, TRUE);
    }
}

typedef struct
{
  Rec                 *rec;
  const char          *prefix;
  guint                n;
  VigilRecordingState  state;
} StateWait;

static gboolean
cameras_in_state (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(VigilRecorderStatus) status = vigil_site_get_recorder_status (wait->rec->site, NULL);

  if (status == NULL)
    return FALSE;
  for (guint i = 0; i < wait->n; i++)
    {
      g_autofree char *name = camera_name (wait->prefix, i);
      const VigilRecorderCamera *camera = vigil_recorder_status_find_camera (status, name);

      if (camera == NULL || camera->state != wait->state)
        return FALSE;
    }
  return TRUE;
}

/* Waits until the recorder says the first @n cameras are all in @state. */
static void
wait_cameras (Rec                 *rec,
              const char          *prefix,
              guint                n,
              VigilRecordingState  state,
              gint64               timeout_us)
{
  StateWait wait = { rec, prefix, n, state };

  if (!rec_wait (cameras_in_state, &wait, timeout_us))
    g_error ("the recorder never said its %u cameras were %s", n, vigil_recording_state_to_string (state));
}

/* 1. CPU */

typedef struct
{
  double  recorder;
  double  ffmpeg;
  double  server_recorder;
  double  server_ffmpeg;
  double  gstreamer;
  double  server_gstreamer;
  guint64 gstreamer_bytes;
  guint64 recorder_bytes;
  double  recorder_seconds;   /* of footage, summed over the cameras */
  guint64 recorder_switches;  /* context switches over the window */
  guint64 ffmpeg_switches;
  guint64 gstreamer_switches;
  guint   audio_segments;
  guint   segments;
  guint64 ffmpeg_bytes;
} Cpu;

static void
measure_recorder (Rec   *rec,
                  guint  seconds,
                  Cpu   *cpu)
{
  double before, server_before;

  rec_start_recorder (rec);
  wait_cameras (rec, "c", N_CAMERAS, VIGIL_RECORDING_STATE_RECORDING, 2 * REC_START_WAIT);
  run_for (WARM_UP_SECONDS);
  before = media_test_cpu_seconds (rec->recorder);
  cpu->recorder_switches = media_test_context_switches (rec->recorder);
  server_before = media_test_cpu_seconds (rec->camsim->process);
  run_for (seconds);
  cpu->recorder = media_test_cpu_seconds (rec->recorder) - before;
  cpu->recorder_switches = media_test_context_switches (rec->recorder) - cpu->recorder_switches;
  cpu->server_recorder = media_test_cpu_seconds (rec->camsim->process) - server_before;
  /* Every camera recorded to the end of the window. */
  wait_cameras (rec, "c", N_CAMERAS, VIGIL_RECORDING_STATE_RECORDING, 0);
  rec_stop_recorder (rec);

  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autofree char *name = camera_name ("c", i);
      g_autoptr(GPtrArray) segments = rec_segments (rec, name);

      for (guint j = 0; j < segments->len; j++)
        {
          VigilSegment *segment = g_ptr_array_index (segments, j);

          cpu->recorder_bytes += vigil_segment_get_bytes (segment);
          cpu->recorder_seconds += (vigil_segment_get_end (segment) - vigil_segment_get_start (segment)) / 1e6;
          cpu->audio_segments += vigil_segment_get_audio (segment);
          cpu->segments++;
        }
    }
}

static guint64
bytes_in_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint64 total = 0;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf info;

      if (g_stat (path, &info) == 0)
        total += info.st_size;
    }
  return total;
}

static gboolean
child_gone (gpointer data)
{
  return g_subprocess_get_identifier (data) == NULL;
}

/* CPU-seconds the @children (GSubprocess) use together over @seconds after
 * the warm-up, and their context switches into @switches; the server's
 * CPU-seconds into @server. Then SIGINT (which ends
 * each file properly), and each must have run to the end of the window. */
static double
measure_children (Rec       *rec,
                  GPtrArray *children,
                  guint      seconds,
                  double    *server,
                  guint64   *switches)
{
  double before = 0, after = 0, server_before;
  guint64 switches_before = 0, switches_after = 0;

  run_for (WARM_UP_SECONDS);
  for (guint i = 0; i < children->len; i++)
    {
      before += media_test_cpu_seconds (g_ptr_array_index (children, i));
      switches_before += media_test_context_switches (g_ptr_array_index (children, i));
    }
  server_before = media_test_cpu_seconds (rec->camsim->process);
  run_for (seconds);
  for (guint i = 0; i < children->len; i++)
    {
      after += media_test_cpu_seconds (g_ptr_array_index (children, i));
      switches_after += media_test_context_switches (g_ptr_array_index (children, i));
    }
  *switches = switches_after - switches_before;
  *server = media_test_cpu_seconds (rec->camsim->process) - server_before;

  for (guint i = 0; i < children->len; i++)
    {
      GSubprocess *child = g_ptr_array_index (children, i);

      if (child_gone (child))
        g_error ("a reference process ended before the end of the window");
      g_subprocess_send_signal (child, SIGINT);
      /* gst-launch-1.0 -e may wait for an EOS that rtspsrc never sends. */
      if (!camsim_wait_for (child_gone, child, 10 * G_USEC_PER_SEC))
        g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, NULL);
    }
  return after - before;
}

static void
measure_ffmpeg (Rec   *rec,
                guint  seconds,
                Cpu   *cpu)
{
  g_autoptr(GPtrArray) ffmpegs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autofree char *path = camera_path ("c", i);
      g_autofree char *url = camsim_url (rec->camsim, path);
      g_autofree char *dir = g_build_filename (rec->dir, "ffmpeg", path, NULL);
      g_autofree char *pattern = g_build_filename (dir, "out%03d.mkv", NULL);
      g_autoptr(GError) error = NULL;
      GSubprocess *ffmpeg;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      ffmpeg = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                 "ffmpeg", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp",
                                 "-i", url, "-c", "copy", "-f", "segment", "-segment_time", SEGMENT_SECONDS,
                                 pattern, NULL);
      g_assert_no_error (error);
      g_ptr_array_add (ffmpegs, ffmpeg);
      g_ptr_array_add (dirs, g_steal_pointer (&dir));
    }

  cpu->ffmpeg = measure_children (rec, ffmpegs, seconds, &cpu->server_ffmpeg, &cpu->ffmpeg_switches);
  for (guint i = 0; i < dirs->len; i++)
    {
      guint64 bytes = bytes_in_dir (g_ptr_array_index (dirs, i));

      if (bytes == 0)
        g_error ("ffmpeg recorded nothing in %s", (char *) g_ptr_array_index (dirs, i));
      cpu->ffmpeg_bytes += bytes;
    }
}

/* The recorder's work in GStreamer alone: one gst-launch-1.0 taking each
 * camera as rtspsrc does (latency=200, UDP), depayloading
 * and parsing picture and sound, into 60 s Matroska files (splitmuxsink with
 * matroskamux). */
static void
measure_gstreamer (Rec   *rec,
                   guint  seconds,
                   Cpu   *cpu)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) launches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *dir = g_build_filename (rec->dir, "gst-launch", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *launch;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_ptr_array_add (argv, g_strdup ("gst-launch-1.0"));
  g_ptr_array_add (argv, g_strdup ("-q"));
  g_ptr_array_add (argv, g_strdup ("-e"));
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autofree char *path = camera_path ("c", i);
      g_autofree char *url = camsim_url (rec->camsim, path);
      g_autofree char *pattern = g_strdup_printf ("%s/%s-%%03d.mkv", dir, path);
      g_autofree char *line = g_strdup_printf (
        "rtspsrc name=src%u location=%s latency=200 "
        "src%u. ! application/x-rtp,media=video ! rtph264depay ! h264parse "
        "! splitmuxsink name=mux%u muxer-factory=matroskamux max-size-time=%s000000000 location=%s "
        "src%u. ! application/x-rtp,media=audio ! rtpmp4gdepay ! aacparse ! mux%u.audio_%%u",
        i, url, i, i, SEGMENT_SECONDS, pattern, i, i);
      g_auto(GStrv) words = NULL;

      g_assert_true (g_shell_parse_argv (line, NULL, &words, &error));
      g_assert_no_error (error);
      for (guint j = 0; words[j] != NULL; j++)
        g_ptr_array_add (argv, g_strdup (words[j]));
    }
  g_ptr_array_add (argv, NULL);

  launch = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_ptr_array_add (launches, launch);
  cpu->gstreamer = measure_children (rec, launches, seconds, &cpu->server_gstreamer, &cpu->gstreamer_switches);
  cpu->gstreamer_bytes = bytes_in_dir (dir);
}

static void
bench_cpu (guint seconds)
{
  g_auto(Rec) rec;
  Cpu cpu = { 0 };
  double stream_hours = N_CAMERAS * seconds / STREAM_HOUR;
  double recorder_rate, ffmpeg_rate;

  site_setup (&rec, "c", N_SMALL, N_LARGE, VIGIL_STATE_STAGE_1);
  measure_recorder (&rec, seconds, &cpu);
  measure_ffmpeg (&rec, seconds, &cpu);
  measure_gstreamer (&rec, seconds, &cpu);

  recorder_rate = cpu.recorder / stream_hours;
  ffmpeg_rate = cpu.ffmpeg / stream_hours;
  printf ("# 1. CPU: 16 cameras (12 x 640x360 15 fps 1 Mbit/s, 4 x 1920x1080 25 fps 4 Mbit/s, H.264 + AAC),\n"
          "#    segments of %s s, %u s measured after %u s of warm-up, one after the other\n",
          SEGMENT_SECONDS, seconds, WARM_UP_SECONDS);
  printf ("# %-52s %8s %8s %16s\n", "", "CPU-s", "cores", "CPU-s/stream-h");
  printf ("# %-52s %8.2f %8.3f %16.2f\n", "ffmpeg -c copy -f segment, .mkv, 16 processes (ref.)", cpu.ffmpeg,
          cpu.ffmpeg / seconds, ffmpeg_rate);
  printf ("# %-52s %8.2f %8.3f %16.2f\n", "vigil-recorder, .mkv (Matroska)", cpu.recorder, cpu.recorder / seconds,
          recorder_rate);
  /* One run in three here, gst-launch-1.0 ran the whole window and wrote
   * nothing (not looked into): a figure for no work is no reference. */
  if (cpu.gstreamer_bytes > 0)
    printf ("# %-52s %8.2f %8.3f %16.2f\n", "gst-launch-1.0: the same work, splitmuxsink .mkv", cpu.gstreamer,
            cpu.gstreamer / seconds, cpu.gstreamer / stream_hours);
  else
    printf ("# gst-launch-1.0 recorded nothing this time (%.2f CPU-s): left out\n", cpu.gstreamer);
  printf ("# %-52s %8.3f\n", "ratio recorder / ffmpeg (aim: at most 1.0)", recorder_rate / ffmpeg_rate);
  if (cpu.gstreamer_bytes > 0)
    {
      printf ("# %-52s %8.3f\n", "ratio gst-launch-1.0 / ffmpeg", cpu.gstreamer / cpu.ffmpeg);
      printf ("# %-52s %8.3f\n", "ratio recorder / gst-launch-1.0", cpu.recorder / cpu.gstreamer);
    }
  printf ("# recorder: %u segments (%u with sound), %.1f s of footage, %.1f MB, %.2f Mbit/s a camera on average\n",
          cpu.segments, cpu.audio_segments, cpu.recorder_seconds, cpu.recorder_bytes / 1e6,
          cpu.recorder_bytes * 8 / 1e6 / cpu.recorder_seconds);
  printf ("# ffmpeg: %.1f MB written; gst-launch-1.0: %.1f MB\n", cpu.ffmpeg_bytes / 1e6,
          cpu.gstreamer_bytes / 1e6);
  printf ("# camera server, left out: %.2f CPU-s with the recorder, %.2f with ffmpeg, %.2f with gst-launch-1.0\n",
          cpu.server_recorder, cpu.server_ffmpeg, cpu.server_gstreamer);
  printf ("# context switches a second, all threads: recorder %.0f, ffmpeg %.0f, gst-launch-1.0 %.0f\n",
          (double) cpu.recorder_switches / seconds, (double) cpu.ffmpeg_switches / seconds,
          (double) cpu.gstreamer_switches / seconds);
  fflush (stdout);
  camsim_stop (rec.camsim);
}

/* 2. kill -9 */

/* The last frame of @camera's closed segments that started before @before,
 * or 0. */
static gint64
last_end_before (Rec        *rec,
                 const char *camera,
                 gint64      before)
{
  g_autoptr(GPtrArray) segments = rec_segments (rec, camera);
  gint64 end = 0;

  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);

      if (vigil_segment_get_start (segment) < before)
        end = MAX (end, vigil_segment_get_end (segment));
    }
  return end;
}

typedef struct
{
  Rec    *rec;
  gint64  killed_at;
  gint64  ends[N_KILLED];   /* the last frames closed before the kill */
} RecoveryWait;

/* Every camera's segment open at the kill is closed, from its file. */
static gboolean
recovered (gpointer data)
{
  RecoveryWait *wait = data;

  for (guint i = 0; i < N_KILLED; i++)
    {
      g_autofree char *name = camera_name ("k", i);

      if (last_end_before (wait->rec, name, wait->killed_at) <= wait->ends[i])
        return FALSE;
    }
  return TRUE;
}

static void
bench_kill (guint n)
{
  g_auto(Rec) rec;
  g_autoptr(GArray) lost = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) worst = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) back = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260);
  double sum = 0;

  site_setup (&rec, "k", N_KILLED, 0, VIGIL_STATE_STAGE_1);
  rec_start_recorder (&rec);

  for (guint trial = 0; trial < n; trial++)
    {
      RecoveryWait wait = { &rec };
      double trial_worst = 0, took;

      wait_cameras (&rec, "k", N_KILLED, VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
      run_for (g_rand_double_range (rand, 2.0, 8.0));
      for (guint i = 0; i < N_KILLED; i++)
        {
          g_autofree char *name = camera_name ("k", i);

          wait.ends[i] = last_end_before (&rec, name, G_MAXINT64);
        }

      wait.killed_at = g_get_real_time ();
      rec_kill_recorder (&rec);
      rec_start_recorder (&rec);
      if (!rec_wait (recovered, &wait, REC_START_WAIT))
        g_error ("trial %u: the segments open at the kill were not recovered", trial);

      for (guint i = 0; i < N_KILLED; i++)
        {
          g_autofree char *name = camera_name ("k", i);
          double seconds = (wait.killed_at - last_end_before (&rec, name, wait.killed_at)) / 1e6;

          g_array_append_val (lost, seconds);
          sum += seconds;
          trial_worst = MAX (trial_worst, seconds);
        }
      g_array_append_val (worst, trial_worst);

      wait_cameras (&rec, "k", N_KILLED, VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
      took = (g_get_real_time () - wait.killed_at) / 1e6;
      g_array_append_val (back, took);
      printf ("# kill %2u: lost %.3f s at worst of %u cameras; recording again %.2f s after the kill\n", trial + 1,
              trial_worst, N_KILLED, took);
      fflush (stdout);
    }
  rec_stop_recorder (&rec);

  g_array_sort (lost, compare_doubles);
  g_array_sort (worst, compare_doubles);
  g_array_sort (back, compare_doubles);
  printf ("# 2. kill -9: %u kills of vigil-recorder recording %u cameras (640x360 15 fps, AAC), 2-8 s after all\n"
          "#    recorded; footage lost = kill time - the recovered segment's last frame, per camera\n",
          n, N_KILLED);
  printf ("# %-44s %8.3f s\n", "lost, mean over cameras and kills", sum / lost->len);
  printf ("# %-44s %8.3f s\n", "lost, median", g_array_index (lost, double, lost->len / 2));
  printf ("# %-44s %8.3f s   (aim: at most 1 s each)\n", "lost, max", g_array_index (lost, double, lost->len - 1));
  printf ("# %-44s %8.3f s\n", "lost, min", g_array_index (lost, double, 0));
  printf ("# %-44s %8.2f s median, %.2f s max\n", "kill to recording again (a recorded gap)",
          g_array_index (back, double, back->len / 2), g_array_index (back, double, back->len - 1));
  fflush (stdout);
  camsim_stop (rec.camsim);
}

/* 3. Policy changes */

typedef struct
{
  Rec    *rec;
  guint   count;
} SegmentCount;

static gboolean
more_segments (gpointer data)
{
  SegmentCount *wait = data;
  g_autofree char *name = camera_name ("p", 0);
  g_autoptr(GPtrArray) segments = rec_segments (wait->rec, name);

  return segments->len > wait->count;
}

static gint64
override_ended_at (Rec          *rec,
                   VigilOverride *override)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overrides = vigil_site_list_overrides (rec->site, "LA-p00", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < overrides->len; i++)
    {
      VigilOverride *listed = g_ptr_array_index (overrides, i);

      if (vigil_override_get_id (listed) == vigil_override_get_id (override))
        return vigil_override_get_ended_at (listed);
    }
  g_error ("override %" G_GINT64_FORMAT " is not listed", vigil_override_get_id (override));
}

static void
report (const char *what,
        GArray     *times,
        const char *aim)
{
  g_array_sort (times, compare_doubles);
  printf ("# %-40s median %7.0f ms   min %7.0f ms   max %7.0f ms   (%s)\n", what,
          g_array_index (times, double, times->len / 2) * 1e3, g_array_index (times, double, 0) * 1e3,
          g_array_index (times, double, times->len - 1) * 1e3, aim);
}

static void
bench_policy (guint n)
{
  g_auto(Rec) rec;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) last = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261);
  g_autofree char *name = camera_name ("p", 0);

  site_setup (&rec, "p", 1, 0, VIGIL_STATE_STAGE_4);
  rec_start_recorder (&rec);
  wait_cameras (&rec, "p", 1, VIGIL_RECORDING_STATE_NOT_REQUIRED, REC_NOTICE_WAIT);
  /* The recorder connects to a camera it need not record at once, but its
   * status does not say when it has: a first connection is given 5 s. */
  run_for (5.0);

  for (guint trial = 0; trial < n; trial++)
    {
      g_autoptr(VigilOverride) override = NULL;
      g_autoptr(GPtrArray) segments = NULL;
      g_autoptr(GError) error = NULL;
      SegmentCount count = { &rec, 0 };
      VigilSegment *opened, *closed;
      gint64 started, ended;
      double to_first, from_last;

      segments = rec_segments (&rec, name);
      count.count = segments->len;
      g_clear_pointer (&segments, g_ptr_array_unref);

      /* At a random point of the camera's keyframe interval. */
      run_for (g_rand_double_range (rand, 0.5, 2.5));
      override = vigil_site_start_override (rec.site, rec.lead, "LA-p00", "bench: a policy change", 1, &error);
      g_assert_no_error (error);
      started = vigil_override_get_started_at (override);
      wait_cameras (&rec, "p", 1, VIGIL_RECORDING_STATE_RECORDING, REC_START_WAIT);
      run_for (3.0);

      g_assert_true (vigil_site_end_override (rec.site, rec.lead, "LA-p00", "bench: over", &error));
      g_assert_no_error (error);
      ended = override_ended_at (&rec, override);
      if (!rec_wait (more_segments, &count, 2 * REC_NOTICE_WAIT))
        g_error ("trial %u: no segment was closed after the override ended", trial);
      wait_cameras (&rec, "p", 1, VIGIL_RECORDING_STATE_NOT_REQUIRED, REC_NOTICE_WAIT);

      segments = rec_segments (&rec, name);
      opened = g_ptr_array_index (segments, count.count);
      closed = g_ptr_array_index (segments, segments->len - 1);
      to_first = (vigil_segment_get_start (opened) - started) / 1e6;
      from_last = (ended - vigil_segment_get_end (closed)) / 1e6;
      g_array_append_val (first, to_first);
      g_array_append_val (last, from_last);
      printf ("# change %2u: start to first frame %.3f s, end - last frame %.3f s (%u segment(s))\n", trial + 1,
              to_first, from_last, segments->len - count.count);
      fflush (stdout);
    }
  rec_stop_recorder (&rec);

  printf ("# 3. policy changes: a stage-4 room's camera (640x360 15 fps, keyframe every %.0f s), an override\n"
          "#    started and ended by a team lead, %u trials\n", KEYFRAME_US / 1e6, n);
  report ("override start to first frame", first, "aim: at most 2,200 ms");
  report ("override end - last frame", last, "aim: 0 to 200 ms");
  fflush (stdout);
  camsim_stop (rec.camsim);
}

int
main (int    argc,
      char **argv)
{
  guint seconds = env_uint ("VIGIL_BENCH_SECONDS", 120);
  guint kills = env_uint ("VIGIL_BENCH_KILLS", 20);
  guint trials = env_uint ("VIGIL_BENCH_TRIALS", 10);

  gst_init (&argc, &argv);
  g_assert_nonnull (g_getenv ("VIGIL_RECORDER"));
  /* 0 leaves a part out. */
  if (seconds > 0)
    bench_cpu (seconds);
  if (kills > 0)
    bench_kill (kills);
  if (trials > 0)
    bench_policy (trials);
  return 0;
}
