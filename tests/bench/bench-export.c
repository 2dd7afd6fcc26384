/* bench-export.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a court bundle export costs: one camera's 1080p footage with sound,
 * exported by VigilBundleWriter, against ffmpeg remuxing the same masters
 * into a faststart MP4 plus sha256sum of the result, in the same run.
 *
 * 1. Masters: 60 s of 1920x1080 25 fps H.264 (x264enc ultrafast, 4 Mbit/s,
 *    a keyframe every 2 s; videotestsrc snow, so that the encoder spends
 *    its whole bitrate, as a busy scene would) with AAC sound (avenc_aac,
 *    32 kbit/s) are encoded once into memory, then written again and again
 *    as the recorder writes them: VIGIL_BENCH_MINUTES (default 60) Matroska
 *    segments of 60 s by VigilSegmentWriter, each with its frames' times
 *    moved to the segment's start, registered in a real site's store
 *    (a family room's camera with a microphone, its family at stage 1) with
 *    the size and SHA-256 the writer gives, in the site's recordings folder.
 * 2. Vigil: a team lead requests an export of the whole range for the
 *    family's case and the manager approves it (neither timed); then
 *    vigil_bundle_writer_new() + vigil_bundle_writer_write() into a fresh
 *    folder: the masters copied and hashed, the MP4 working copy (remuxed,
 *    faststart), notes, audit entries, manifest, evidence sheet (two decoded
 *    stills) and SHA256SUMS.
 * 3. Vigil's working copy alone: vigil_working_copy_write() over the same
 *    masters (remuxed, faststart, hashed as written).
 * 4. The reference: ffmpeg -f concat -safe 0 -i list.txt -c copy
 *    -movflags +faststart out.mp4 over the same masters, then
 *    sha256sum out.mp4.
 * Each is measured by wall time and CPU time (user + system, of the bench
 * itself for Vigil, of the two processes for the reference, by wait4()),
 * VIGIL_BENCH_RUNS times (default 3) in turn, with the page cache dropped
 * before each run when the bench may (root), warm otherwise (then the
 * first round is left out); the means and the ratios Vigil / reference
 * are printed (aim for the whole export: at most 1.2). Nothing is asserted
 * about speed.
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-export
 * (about 9 minutes for an hour of footage; VIGIL_BENCH_MINUTES sizes it, and
 * VIGIL_BENCH_ENCODE_FRAMES, default 1500, shortens the encoded minute to
 * try the bench out quickly). The masters take
 * about 30 MB a minute, the bundle as much again and the reference's MP4
 * once more.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "media-test-utils.h"
#include "vigil-bundle-writer.h"
#include "vigil-segment-writer.h"
#include "vigil-working-copy.h"

extern char **environ;

#define SEGMENT_US   (60 * G_USEC_PER_SEC)
#define FPS          25
#define N_FRAMES     (60 * FPS)
#define AUDIO_RATE   48000
#define AUDIO_BLOCK  1024
#define LEAD         "lena"
#define LEAD_PASSWORD "lena-password"
#define ROOM         "Room 1"
#define CAMERA       "Room 1 cot"
#define CASE_REF     "LA-1"

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);

  return text ? (guint) g_ascii_strtoull (text, NULL, 10) : fallback;
}

/* The encoded minute */

typedef struct
{
  VigilMediaKind  kind;
  GstBuffer      *buffer;
  gint64          offset_us;   /* from the minute's start */
} Frame;

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  gst_buffer_unref (frame->buffer);
  g_free (frame);
}

typedef struct
{
  GMutex     lock;
  GPtrArray *frames;
  GstCaps   *caps[2];
  guint64    bytes[2];
} Minute;

static void
minute_clear (Minute *minute)
{
  g_mutex_clear (&minute->lock);
  g_clear_pointer (&minute->frames, g_ptr_array_unref);
  g_clear_pointer (&minute->caps[0], gst_caps_unref);
  g_clear_pointer (&minute->caps[1], gst_caps_unref);
}

static GstFlowReturn
on_new_sample (GstElement *sink,
               gpointer    user_data)
{
  Minute *minute = user_data;
  VigilMediaKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sink), "kind"));
  GstSample *sample = NULL;
  GstBuffer *buffer;
  GstClockTime timestamp;
  Frame *frame;

  g_signal_emit_by_name (sink, "pull-sample", &sample);
  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  timestamp = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
  g_assert_true (GST_CLOCK_TIME_IS_VALID (timestamp));

  frame = g_new0 (Frame, 1);
  frame->kind = kind;
  frame->buffer = gst_buffer_ref (buffer);
  frame->offset_us = (gint64) (timestamp / GST_USECOND);
  g_mutex_lock (&minute->lock);
  if (minute->caps[kind] == NULL)
    minute->caps[kind] = gst_caps_ref (gst_sample_get_caps (sample));
  minute->bytes[kind] += gst_buffer_get_size (buffer);
  g_ptr_array_add (minute->frames, frame);
  g_mutex_unlock (&minute->lock);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

/* In time order, the picture first at one instant, as the recorder writes
 * them. */
static int
compare_frames (gconstpointer a,
                gconstpointer b)
{
  const Frame *x = *(const Frame **) a, *y = *(const Frame **) b;

  if (x->offset_us != y->offset_us)
    return x->offset_us < y->offset_us ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

static void
encode_minute (Minute *minute)
{
  g_autofree char *description = g_strdup_printf (
    "videotestsrc pattern=snow num-buffers=%u "
    "! video/x-raw,format=I420,width=1920,height=1080,framerate=%d/1 "
    "! x264enc speed-preset=ultrafast bitrate=4000 key-int-max=%d "
    "! h264parse ! video/x-h264,stream-format=avc,alignment=au "
    "! appsink name=video sync=false emit-signals=true "
    "audiotestsrc wave=pink-noise volume=0.2 samplesperbuffer=%d num-buffers=%d "
    "! audio/x-raw,rate=%d,channels=1 ! audioconvert ! avenc_aac bitrate=32000 "
    "! aacparse ! audio/mpeg,stream-format=raw "
    "! appsink name=audio sync=false emit-signals=true",
    env_uint ("VIGIL_BENCH_ENCODE_FRAMES", N_FRAMES), FPS, 2 * FPS, AUDIO_BLOCK, 60 * AUDIO_RATE / AUDIO_BLOCK + 1, AUDIO_RATE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) video = NULL;
  g_autoptr(GstElement) audio = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  g_mutex_init (&minute->lock);
  minute->frames = g_ptr_array_new_with_free_func (frame_free);
  video = gst_bin_get_by_name (GST_BIN (pipeline), "video");
  audio = gst_bin_get_by_name (GST_BIN (pipeline), "audio");
  g_object_set_data (G_OBJECT (video), "kind", GINT_TO_POINTER (VIGIL_MEDIA_KIND_VIDEO));
  g_object_set_data (G_OBJECT (audio), "kind", GINT_TO_POINTER (VIGIL_MEDIA_KIND_AUDIO));
  g_signal_connect (video, "new-sample", G_CALLBACK (on_new_sample), minute);
  g_signal_connect (audio, "new-sample", G_CALLBACK (on_new_sample), minute);

  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) failure = NULL;

      gst_message_parse_error (message, &failure, NULL);
      g_error ("encoding the minute: %s", failure->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_nonnull (minute->caps[VIGIL_MEDIA_KIND_VIDEO]);
  g_assert_nonnull (minute->caps[VIGIL_MEDIA_KIND_AUDIO]);
  /* Each track from 0, whatever offset the encoders gave it. */
  for (guint kind = 0; kind < 2; kind++)
    {
      gint64 first = G_MAXINT64;

      for (guint i = 0; i < minute->frames->len; i++)
        {
          Frame *frame = g_ptr_array_index (minute->frames, i);

          if (frame->kind == kind)
            first = MIN (first, frame->offset_us);
        }
      for (guint i = 0; i < minute->frames->len; i++)
        {
          Frame *frame = g_ptr_array_index (minute->frames, i);

          if (frame->kind == kind)
            frame->offset_us -= first;
        }
    }
  g_ptr_array_sort (minute->frames, compare_frames);
  g_assert_false (GST_BUFFER_FLAG_IS_SET (((Frame *) g_ptr_array_index (minute->frames, 0))->buffer,
                                          GST_BUFFER_FLAG_DELTA_UNIT));
}

/* The site and its masters */

typedef struct
{
  char         *dir;
  VigilSite    *site;
  VigilSession *manager;
  VigilSession *lead;
  GPtrArray    *paths;        /* the masters, full paths */
  GArray       *parts;        /* VigilWorkingCopyPart */
  gint64        from;
  gint64        to;
  guint64       master_bytes;
} Bench;

static void
site_setup (Bench *bench)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autofree char *admitted = NULL;
  g_autoptr(VigilCamera) camera = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GError) error = NULL;

  bench->site = vigil_test_site_new (&bench->dir);
  bench->manager = vigil_test_login_manager (bench->site);
  vigil_test_add_staff (bench->site, bench->manager, LEAD, 4, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, LEAD_PASSWORD);
  bench->lead = vigil_test_login (bench->site, LEAD, LEAD_PASSWORD);

  g_assert_true (vigil_site_add_room (bench->site, bench->manager, ROOM, NULL, &error));
  g_assert_no_error (error);
  camera = vigil_camera_new (CAMERA, VIGIL_LOCATION_FAMILY_ROOM, ROOM, "rtsp://127.0.0.1:8554/cot", NULL, TRUE);
  g_assert_true (vigil_site_add_camera (bench->site, bench->manager, camera, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  now = g_date_time_new_now (vigil_site_get_time_zone (bench->site));
  before = g_date_time_add_days (now, -2);
  admitted = g_date_time_format (before, "%Y-%m-%d");
  family = vigil_family_new (CASE_REF, "AB", ROOM, admitted);
  vigil_family_set_agreement (family, admitted, TRUE);
  g_assert_true (vigil_site_add_family (bench->site, bench->lead, family, VIGIL_STATE_STAGE_1, NULL, &error));
  g_assert_no_error (error);
}

/* Writes @n_minutes segments of @minute, the last ending a minute ago, and
 * registers them as the recorder does. */
static void
write_masters (Bench  *bench,
               Minute *minute,
               guint   n_minutes)
{
  g_autofree char *recordings = vigil_site_get_recordings_dir (bench->site);
  g_autofree char *folder = g_build_filename (recordings, "bench", NULL);
  gint64 first = (g_get_real_time () / SEGMENT_US - n_minutes - 1) * SEGMENT_US;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  bench->paths = g_ptr_array_new_with_free_func (g_free);
  bench->parts = g_array_new (FALSE, TRUE, sizeof (VigilWorkingCopyPart));
  for (guint i = 0; i < n_minutes; i++)
    {
      gint64 start = first + i * SEGMENT_US;
      g_autofree char *relative = g_strdup_printf ("bench/cot-%03u.mkv", i);
      char *path = g_build_filename (recordings, relative, NULL);
      g_autoptr(VigilSegmentWriter) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *sha256 = NULL;
      VigilWorkingCopyPart part = { path, 0, 0 };
      guint64 bytes = 0;
      gboolean closed;
      gint64 id, last;

      id = vigil_site_open_segment (bench->site, CAMERA, relative, start, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      writer = vigil_segment_writer_new (path, minute->caps[VIGIL_MEDIA_KIND_VIDEO],
                                         minute->caps[VIGIL_MEDIA_KIND_AUDIO], start, &error);
      g_assert_no_error (error);
      for (guint f = 0; f < minute->frames->len; f++)
        {
          Frame *frame = g_ptr_array_index (minute->frames, f);

          if (frame->offset_us >= SEGMENT_US)
            break;
          g_assert_true (vigil_segment_writer_write (writer, frame->kind, frame->buffer, start + frame->offset_us, &error));
          g_assert_no_error (error);
        }
      last = vigil_segment_writer_get_last_time (writer);
      closed = vigil_segment_writer_close (writer, &bytes, &sha256, &error);
      g_assert_no_error (error);
      g_assert_true (closed);
      closed = vigil_site_close_segment (bench->site, id, last, bytes, sha256, &error);
      g_assert_no_error (error);
      g_assert_true (closed);

      part.first_frame = start;
      part.last_frame = last;
      g_array_append_val (bench->parts, part);
      g_ptr_array_add (bench->paths, path);
      bench->master_bytes += bytes;
      if (i == 0)
        bench->from = start;
      bench->to = last + 1;
    }
}

/* Measuring */

typedef struct
{
  double wall;
  double cpu;
} Cost;

static double
timeval_seconds (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static double
self_cpu (void)
{
  struct rusage self, children;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &self), ==, 0);
  g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &children), ==, 0);
  return timeval_seconds (&self.ru_utime) + timeval_seconds (&self.ru_stime)
         + timeval_seconds (&children.ru_utime) + timeval_seconds (&children.ru_stime);
}

/* Whether the page cache could be dropped (root only). */
static gboolean
drop_caches (void)
{
  FILE *file;
  gboolean dropped;

  sync ();
  if ((file = fopen ("/proc/sys/vm/drop_caches", "w")) == NULL)
    return FALSE;
  dropped = fputs ("3\n", file) >= 0;
  return fclose (file) == 0 && dropped;
}

/* Runs @argv (stdout to @out_path, or /dev/null) and gives its CPU time. */
static double
run_process (const char * const *argv,
             const char         *out_path)
{
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  int status = 0;
  pid_t pid;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, out_path ? out_path : "/dev/null",
                                    O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (posix_spawnp (&pid, argv[0], &actions, NULL, (char * const *) argv, environ) != 0)
    g_error ("could not start %s: %s", argv[0], g_strerror (errno));
  posix_spawn_file_actions_destroy (&actions);
  while (wait4 (pid, &status, 0, &usage) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed", argv[0]);
  return timeval_seconds (&usage.ru_utime) + timeval_seconds (&usage.ru_stime);
}

static guint64
folder_bytes (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  if (dir == NULL)
    {
      GStatBuf st;

      return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      total += folder_bytes (child);
    }
  return total;
}

/* An approved export of the whole range (not timed). */
static gint64
approved_export (Bench *bench,
                 guint  round)
{
  const char *cameras[] = { CAMERA, NULL };
  g_autofree char *exhibit = g_strdup_printf ("LA/%u", round + 1);
  g_autoptr(VigilExport) request = NULL;
  g_autoptr(VigilExport) approved = NULL;
  g_autoptr(GError) error = NULL;

  request = vigil_site_request_export (bench->site, bench->lead, cameras, bench->from, bench->to, CASE_REF, exhibit,
                                       "care proceedings: bench", &error);
  g_assert_no_error (error);
  approved = vigil_site_approve_export (bench->site, bench->manager, vigil_export_get_id (request),
                                        "court order 1 of 2026", "2099-12-31", &error);
  g_assert_no_error (error);
  return vigil_export_get_id (approved);
}

static Cost
run_vigil (Bench      *bench,
           const char *dest,
           gint64      export_id,
           guint64    *bundle_bytes)
{
  g_autoptr(VigilBundleWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu = self_cpu ();
  Cost cost;

  writer = vigil_bundle_writer_new (bench->site, bench->lead, export_id, dest, &error);
  g_assert_no_error (error);
  folder = vigil_bundle_writer_write (writer, NULL, &error);
  g_assert_no_error (error);
  cost.wall = (g_get_monotonic_time () - start) / 1e6;
  cost.cpu = self_cpu () - cpu;
  *bundle_bytes = folder_bytes (folder);
  return cost;
}

static Cost
run_working_copy (Bench      *bench,
                  const char *dest)
{
  g_autofree char *out = g_build_filename (dest, "working-copy.mp4", NULL);
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu = self_cpu ();
  Cost cost;

  g_assert_true (vigil_working_copy_write ((VigilWorkingCopyPart *) bench->parts->data, bench->parts->len,
                                           bench->from, bench->to, out, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  cost.wall = (g_get_monotonic_time () - start) / 1e6;
  cost.cpu = self_cpu () - cpu;
  return cost;
}

static Cost
run_reference (Bench      *bench,
               const char *dest)
{
  g_autofree char *list = g_build_filename (dest, "list.txt", NULL);
  g_autofree char *out = g_build_filename (dest, "out.mp4", NULL);
  g_autofree char *sums = g_build_filename (dest, "out.sha256", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *ffmpeg[] = { "ffmpeg", "-nostdin", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", list,
                           "-c", "copy", "-movflags", "+faststart", out, NULL };
  const char *sha256sum[] = { "sha256sum", out, NULL };
  gint64 start;
  Cost cost;

  for (guint i = 0; i < bench->paths->len; i++)
    g_string_append_printf (text, "file '%s'\n", (const char *) g_ptr_array_index (bench->paths, i));
  g_assert_true (g_file_set_contents (list, text->str, -1, &error));
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  cost.cpu = run_process (ffmpeg, NULL);
  cost.cpu += run_process (sha256sum, sums);
  cost.wall = (g_get_monotonic_time () - start) / 1e6;
  return cost;
}

static char *
fresh_folder (Bench      *bench,
              const char *name,
              guint       round)
{
  g_autofree char *leaf = g_strdup_printf ("%s-%u", name, round);
  char *path = g_build_filename (bench->dir, leaf, NULL);

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  return path;
}

static void
print_ratio (const char *what,
             Cost        vigil,
             Cost        reference)
{
  g_print ("  %-26s wall %7.1f s against %7.1f s: %.2f   CPU %7.1f s against %7.1f s: %.2f\n", what,
           vigil.wall, reference.wall, vigil.wall / reference.wall, vigil.cpu, reference.cpu,
           vigil.cpu / reference.cpu);
}

int
main (int    argc,
      char **argv)
{
  guint n_minutes = MAX (env_uint ("VIGIL_BENCH_MINUTES", 60), 1);
  guint n_runs = MAX (env_uint ("VIGIL_BENCH_RUNS", 3), 1);
  Minute minute = { 0 };
  Bench bench = { 0 };
  Cost vigil_sum = { 0 }, copy_sum = { 0 }, reference_sum = { 0 };
  guint64 bundle_bytes = 0;
  gboolean cold;
  guint counted = 0;
  gint64 start;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  start = g_get_monotonic_time ();
  encode_minute (&minute);
  g_print ("# one minute encoded in %.0f s: video %.2f Mbit/s, sound %.0f kbit/s\n",
           (g_get_monotonic_time () - start) / 1e6, minute.bytes[VIGIL_MEDIA_KIND_VIDEO] * 8 / 60e6,
           minute.bytes[VIGIL_MEDIA_KIND_AUDIO] * 8 / 60e3);

  site_setup (&bench);
  start = g_get_monotonic_time ();
  write_masters (&bench, &minute, n_minutes);
  minute_clear (&minute);
  g_print ("# %u masters of 60 s (%.0f MB) written and registered in %.0f s\n", n_minutes,
           bench.master_bytes / 1e6, (g_get_monotonic_time () - start) / 1e6);

  cold = drop_caches ();
  g_print ("# page cache %s\n", cold ? "dropped before each run (cold runs)"
                                     : "not dropped (not root): warm runs, the first round left out");
  for (guint round = 0; round < n_runs + (cold ? 0 : 1); round++)
    {
      gint64 export_id = approved_export (&bench, round);
      g_autofree char *vigil_dest = fresh_folder (&bench, "bundles", round);
      g_autofree char *copy_dest = fresh_folder (&bench, "working-copy", round);
      g_autofree char *reference_dest = fresh_folder (&bench, "reference", round);
      Cost vigil, copy, reference;

      drop_caches ();
      vigil = run_vigil (&bench, vigil_dest, export_id, &bundle_bytes);
      drop_caches ();
      copy = run_working_copy (&bench, copy_dest);
      drop_caches ();
      reference = run_reference (&bench, reference_dest);
      g_print ("# round %u: bundle %.1f s wall %.1f s CPU; working copy %.1f s wall %.1f s CPU; "
               "ffmpeg + sha256sum %.1f s wall %.1f s CPU\n",
               round + 1, vigil.wall, vigil.cpu, copy.wall, copy.cpu, reference.wall, reference.cpu);
      vigil_test_remove_dir (vigil_dest);
      vigil_test_remove_dir (copy_dest);
      vigil_test_remove_dir (reference_dest);
      if (!cold && round == 0)
        continue;
      vigil_sum.wall += vigil.wall;
      vigil_sum.cpu += vigil.cpu;
      copy_sum.wall += copy.wall;
      copy_sum.cpu += copy.cpu;
      reference_sum.wall += reference.wall;
      reference_sum.cpu += reference.cpu;
      counted++;
    }

  vigil_sum.wall /= counted;
  vigil_sum.cpu /= counted;
  copy_sum.wall /= counted;
  copy_sum.cpu /= counted;
  reference_sum.wall /= counted;
  reference_sum.cpu /= counted;
  g_print ("Court bundle export, one 1080p camera with sound, %u min (%.0f MB of masters), mean of %u %s runs,\n"
           "against ffmpeg -c copy -movflags +faststart + sha256sum:\n",
           n_minutes, bench.master_bytes / 1e6, counted, cold ? "cold" : "warm");
  print_ratio ("whole export (aim <= 1.2)", vigil_sum, reference_sum);
  print_ratio ("working copy alone", copy_sum, reference_sum);
  g_print ("  bundle: %.0f MB (%.2f times the masters)\n", bundle_bytes / 1e6,
           (double) bundle_bytes / bench.master_bytes);

  g_ptr_array_unref (bench.paths);
  g_array_unref (bench.parts);
  g_object_unref (bench.lead);
  g_object_unref (bench.manager);
  g_object_unref (bench.site);
  vigil_test_remove_dir (bench.dir);
  g_free (bench.dir);
  return 0;
}
