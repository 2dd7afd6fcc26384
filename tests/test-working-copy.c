/* test-working-copy.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Working copies and stills: masters recorded from simulated cameras with
 * the real segment writer (H.264 with AAC, G.711 µ-law or A-law; H.265
 * with Opus), made into working copies and judged with ffprobe and ffmpeg
 * as a court's player would see them: the index first, the picture as
 * recorded, every frame at its time across the joins, the sound there;
 * and stills of the first and last pictures.
 */

#define G_LOG_DOMAIN "test-working-copy"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "media-test-utils.h"
#include "vigil-still.h"
#include "vigil-working-copy.h"
#include "working-copy-fixture.h"

/* Times compared with ffprobe's, which prints µs: the copy's video counts
 * in 90 kHz ticks (11 µs), its sound in ticks of its rate (62.5 µs at
 * 16 kHz), each rounded to the nearest. */
#define TIME_EPSILON_US 12
#define SOUND_EPSILON_US 32

/* The working copy holds exactly @expected's frames, each at its time
 * from @start, to @epsilon_us. */
static void
assert_same_frames (GArray *copy,
                    GArray *expected,
                    gint64  start,
                    gint64  epsilon_us)
{
  g_assert_cmpuint (copy->len, ==, expected->len);
  for (guint i = 0; i < copy->len; i++)
    {
      gint64 time = start + g_array_index (copy, WcPacket, i).time_us;

      g_assert_cmpint (ABS (time - g_array_index (expected, WcPacket, i).time_us), <=, epsilon_us);
      g_assert_cmpint (g_array_index (copy, WcPacket, i).size, ==, g_array_index (expected, WcPacket, i).size);
    }
}

/* The working copy's bytes of its @i-th video packet are @buffer's. */
static void
assert_packet_is (const char *path,
                  GArray     *packets,
                  guint       i,
                  GstBuffer  *buffer)
{
  WcPacket *packet = &g_array_index (packets, WcPacket, i);
  g_autoptr(GBytes) bytes = wc_file_bytes (path, packet->pos, packet->size);
  GstMapInfo map;

  g_assert_true (packet->keyframe);
  g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), map.data, map.size);
  gst_buffer_unmap (buffer, &map);
}

typedef struct
{
  GArray       *fractions;
  GCancellable *cancel_at_half;
  const char   *path;
  gboolean      existed;     /* the file, when it was cancelled */
} Progress;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_array_append_val (progress->fractions, fraction);
  if (progress->cancel_at_half != NULL && fraction >= 0.5 && !g_cancellable_is_cancelled (progress->cancel_at_half))
    {
      progress->existed = g_file_test (progress->path, G_FILE_TEST_EXISTS);
      g_cancellable_cancel (progress->cancel_at_half);
    }
}

/* Writes the working copy of [@from, @to) of @masters to a new file in the
 * fixture's folder, and checks what every copy must be: faststart, its size
 * and hash, progress to the end, the picture in @video_codec as
 * recorded, every frame decoding. */
static char *
write_copy (const WcMasters        *masters,
            gint64                  from,
            gint64                  to,
            const char             *video_codec,
            VigilWorkingCopyResult *result)
{
  static guint count;
  g_autofree char *path = g_strdup_printf ("%s/copy-%u.mp4", wc_fixture_get ()->dir, count++);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Progress progress = { fractions, NULL, path, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) video = NULL;
  g_autofree char *boxes = NULL;
  g_autofree char *sha256 = NULL;

  g_assert_true (vigil_working_copy_write (masters->parts, WC_N_MASTERS, from, to, path, on_progress, &progress, NULL,
                                           result, &error));
  g_assert_no_error (error);

  /* The index comes first: it plays before it has all arrived. */
  boxes = wc_top_level_boxes (path);
  g_assert_cmpstr (boxes, ==, "ftyp moov mdat");
  g_assert_cmpuint (result->bytes, ==, wc_file_size (path));
  sha256 = wc_file_sha256 (path);
  g_assert_cmpstr (result->sha256, ==, sha256);

  g_assert_cmpuint (fractions->len, >=, 2);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  video = wc_probe_stream (path, "video");
  g_assert_nonnull (video);
  g_assert_cmpstr (json_object_get_string_member (video, "codec_name"), ==, video_codec);
  g_assert_cmpint (json_object_get_int_member (video, "width"), ==, WC_WIDTH);
  g_assert_cmpint (json_object_get_int_member (video, "height"), ==, WC_HEIGHT);
  wc_assert_decodes (path);
  return g_steal_pointer (&path);
}

/* Working copies */

static void
test_h264_aac (void)
{
  WcMasters *masters = &wc_fixture_get ()->aac;
  /* From inside the second master to inside the third. */
  gint64 keyframe = masters->parts[1].first_frame;
  gint64 from = keyframe + 5 * WC_FRAME_US + 1234;
  gint64 to = masters->parts[2].first_frame + 10 * WC_FRAME_US + 4321;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, from, to, "h264", &result);
  g_autoptr(GArray) video = wc_probe_packets (path, "v");
  g_autoptr(GArray) audio = wc_probe_packets (path, "a");
  g_autoptr(GArray) master_video = wc_master_packets (masters, "v", keyframe, to);
  g_autoptr(GArray) master_audio = wc_master_packets (masters, "a", keyframe, to);
  g_autoptr(JsonObject) sound = wc_probe_stream (path, "audio");
  gint64 last = MAX (g_array_index (master_video, WcPacket, master_video->len - 1).time_us,
                     g_array_index (master_audio, WcPacket, master_audio->len - 1).time_us);
  guint join = 0;

  /* It starts at the keyframe before the start asked for, and says so. */
  g_assert_cmpint (result.first_frame, ==, keyframe);
  g_assert_cmpint (ABS (result.last_frame - last), <=, TIME_EPSILON_US);
  g_assert_cmpint (result.last_frame, <, to);
  g_assert_cmpstr (result.audio, ==, "copied");

  /* Every frame up to the last before the end, at its time, across the
   * join; the picture's bytes are the camera's. */
  assert_same_frames (video, master_video, keyframe, TIME_EPSILON_US);
  assert_same_frames (audio, master_audio, keyframe, SOUND_EPSILON_US);
  g_assert_cmpint (g_array_index (video, WcPacket, 0).time_us, ==, 0);
  assert_packet_is (path, video, 0, masters->keyframes[1]);
  while (join < video->len
         && keyframe + g_array_index (video, WcPacket, join).time_us < masters->parts[2].first_frame - TIME_EPSILON_US)
    join++;
  g_assert_cmpuint (join, >, 0);
  g_assert_cmpuint (join, <, video->len);
  assert_packet_is (path, video, join, masters->keyframes[2]);
  /* No jump at the join: the frames go on at the camera's rate. */
  g_assert_cmpint (g_array_index (video, WcPacket, join).time_us - g_array_index (video, WcPacket, join - 1).time_us,
                   <, WC_FRAME_US * 3 / 2);

  /* The sound is the camera's AAC, copied. */
  g_assert_nonnull (sound);
  g_assert_cmpstr (json_object_get_string_member (sound, "codec_name"), ==, "aac");
}

/* G.711 sound becomes AAC, and the copy says so. */
static void
check_converted (WcMasters  *masters,
                 const char *words)
{
  gint64 start = masters->parts[0].first_frame;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, start, masters->end_us, "h264", &result);
  g_autoptr(GArray) video = wc_probe_packets (path, "v");
  g_autoptr(GArray) audio = wc_probe_packets (path, "a");
  g_autoptr(GArray) master_video = wc_master_packets (masters, "v", start, masters->end_us);
  g_autoptr(GArray) master_audio = wc_master_packets (masters, "a", start, masters->end_us);
  g_autoptr(JsonObject) sound = wc_probe_stream (path, "audio");
  gint64 sound_start, sound_stop, master_start, master_end, samples = 0;
  double copy_volume, master_volume;

  /* The range starts on a keyframe: the copy starts there; its last frame
   * is before the range's end, though the encoder stamps its last AAC
   * frame (the tail and its padding) later. */
  g_assert_cmpint (result.first_frame, ==, start);
  g_assert_cmpint (result.last_frame, <, masters->end_us);
  g_assert_cmpstr (result.audio, ==, words);
  assert_same_frames (video, master_video, start, TIME_EPSILON_US);
  assert_packet_is (path, video, 0, masters->keyframes[0]);

  /* The sound became AAC, at the same rate, over the same time (to the
   * padding of the last AAC frame, up to 128 ms at 8 kHz, which ffmpeg
   * plays, and the ms the masters count in), as loud as it was. */
  g_assert_nonnull (sound);
  g_assert_cmpstr (json_object_get_string_member (sound, "codec_name"), ==, "aac");
  g_assert_cmpstr (json_object_get_string_member (sound, "sample_rate"), ==, "8000");
  sound_start = start + wc_seconds_to_us (json_object_get_string_member (sound, "start_time"));
  sound_stop = start + wc_sound_end (path);
  master_start = g_array_index (master_audio, WcPacket, 0).time_us;
  master_end = g_array_index (master_audio, WcPacket, master_audio->len - 1).time_us
               + g_array_index (master_audio, WcPacket, master_audio->len - 1).size * G_USEC_PER_SEC / 8000;
  g_test_message ("sound %.3f to %.3f s; recorded %.3f to %.3f s", (sound_start - start) / 1e6,
                  (sound_stop - start) / 1e6, (master_start - start) / 1e6, (master_end - start) / 1e6);
  g_assert_cmpint (ABS (sound_start - master_start), <=, 1000);
  g_assert_cmpint (sound_stop, >=, master_end - 2000);
  g_assert_cmpint (sound_stop, <=, master_end + 128000 + 2000);
  /* All of it: an AAC frame for every 1,024 samples recorded (a byte
   * each), after the encoder's first. */
  for (guint i = 0; i < master_audio->len; i++)
    samples += g_array_index (master_audio, WcPacket, i).size;
  g_assert_cmpuint (audio->len, >=, (samples + 1024 + 1023) / 1024);
  g_assert_cmpuint (audio->len, <=, (samples + 1024 + 1023) / 1024 + 1);
  master_volume = wc_mean_volume ((const char * const []) { masters->paths[0], masters->paths[1],
                                                            masters->paths[2], NULL });
  copy_volume = wc_mean_volume ((const char * const []) { path, NULL });
  g_test_message ("mean volume: %.1f dB recorded, %.1f dB in the copy", master_volume, copy_volume);
  g_assert_cmpfloat (ABS (copy_volume - master_volume), <, 3.0);
}

static void
test_pcmu (void)
{
  check_converted (&wc_fixture_get ()->pcmu, "converted from PCMU to AAC");
}

static void
test_pcma (void)
{
  check_converted (&wc_fixture_get ()->pcma, "converted from PCMA to AAC");
}

/* H.265 and Opus are copied as they are. */
static void
test_h265_opus (void)
{
  WcMasters *masters = &wc_fixture_get ()->hevc;
  gint64 keyframe = masters->parts[0].first_frame;
  gint64 to = masters->parts[1].last_frame + 1;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, keyframe + WC_FRAME_US, to, "hevc", &result);
  g_autoptr(GArray) video = wc_probe_packets (path, "v");
  g_autoptr(GArray) audio = wc_probe_packets (path, "a");
  g_autoptr(GArray) master_video = wc_master_packets (masters, "v", keyframe, to);
  g_autoptr(GArray) master_audio = wc_master_packets (masters, "a", keyframe, to);
  g_autoptr(JsonObject) sound = wc_probe_stream (path, "audio");

  g_assert_cmpint (result.first_frame, ==, keyframe);
  g_assert_cmpstr (result.audio, ==, "copied");
  assert_same_frames (video, master_video, keyframe, TIME_EPSILON_US);
  assert_same_frames (audio, master_audio, keyframe, SOUND_EPSILON_US);
  assert_packet_is (path, video, 0, masters->keyframes[0]);
  g_assert_nonnull (sound);
  g_assert_cmpstr (json_object_get_string_member (sound, "codec_name"), ==, "opus");
}

/* The camera was offline between two masters: the copy keeps the time it
 * was away rather than closing the gap. */
static void
test_gap (void)
{
  WcMasters *masters = &wc_fixture_get ()->gap;
  gint64 start = masters->parts[0].first_frame;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, start - G_USEC_PER_SEC, masters->end_us, "h264", &result);
  g_autoptr(GArray) video = wc_probe_packets (path, "v");
  g_autoptr(GArray) master_video = wc_master_packets (masters, "v", start, masters->end_us);
  guint join = 0;

  g_assert_cmpint (result.first_frame, ==, start);
  assert_same_frames (video, master_video, start, TIME_EPSILON_US);
  while (start + g_array_index (video, WcPacket, join).time_us < masters->parts[2].first_frame - TIME_EPSILON_US)
    join++;
  g_assert_cmpint (g_array_index (video, WcPacket, join).time_us - g_array_index (video, WcPacket, join - 1).time_us,
                   >=, WC_GAP_US);
  assert_packet_is (path, video, join, masters->keyframes[2]);
}

static void
test_cancel (void)
{
  WcMasters *masters = &wc_fixture_get ()->aac;
  g_autofree char *path = g_build_filename (wc_fixture_get ()->dir, "cancelled.mp4", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Progress progress = { fractions, cancellable, path, FALSE };
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  /* Half-way through writing. */
  g_assert_false (vigil_working_copy_write (masters->parts, WC_N_MASTERS, masters->parts[0].first_frame,
                                            masters->end_us, path, on_progress, &progress, cancellable, &result,
                                            &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (progress.existed);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (result.sha256);
  g_clear_error (&error);

  /* Before it began. */
  g_assert_false (vigil_working_copy_write (masters->parts, WC_N_MASTERS, masters->parts[0].first_frame,
                                            masters->end_us, path, NULL, NULL, cancellable, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Writes a working copy of @parts (the AAC set, with one changed), which
 * must fail with @code and a one-line message naming @name, and leave no
 * file. */
static void
assert_refused (const VigilWorkingCopyPart *parts,
                int                         code,
                const char                 *name)
{
  WcMasters *masters = &wc_fixture_get ()->aac;
  g_autofree char *path = g_build_filename (wc_fixture_get ()->dir, "refused.mp4", NULL);
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_working_copy_write (parts, WC_N_MASTERS, masters->parts[0].first_frame, masters->end_us, path,
                                            NULL, NULL, NULL, &result, &error));
  g_assert_error (error, G_IO_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_bad_masters (void)
{
  WcFixture *f = wc_fixture_get ();
  VigilWorkingCopyPart parts[WC_N_MASTERS];
  g_autofree char *missing = g_build_filename (f->dir, "missing.mkv", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.mkv", NULL);
  g_autofree char *note = g_build_filename (f->dir, "note.mkv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  /* A master gone from the recordings folder. */
  memcpy (parts, f->aac.parts, sizeof parts);
  parts[1].path = missing;
  assert_refused (parts, G_IO_ERROR_NOT_FOUND, "missing.mkv");

  /* One whose second half a failing disk left as zeros. */
  g_file_get_contents (f->aac.parts[1].path, &contents, &length, &error);
  g_assert_no_error (error);
  memset (contents + length / 2, 0, length - length / 2);
  g_file_set_contents (damaged, contents, (gssize) length, &error);
  g_assert_no_error (error);
  parts[1].path = damaged;
  assert_refused (parts, G_IO_ERROR_INVALID_DATA, "damaged.mkv");

  /* Not a recording at all. */
  g_file_set_contents (note, "Not a recording: a note someone left in the folder.\n", -1, &error);
  g_assert_no_error (error);
  parts[1].path = note;
  assert_refused (parts, G_IO_ERROR_INVALID_DATA, "note.mkv");

  /* One that is not the segment the store recorded: it starts elsewhere. */
  memcpy (parts, f->aac.parts, sizeof parts);
  parts[2].path = f->gap.parts[2].path;
  assert_refused (parts, G_IO_ERROR_INVALID_DATA, "gap-2.mkv");
}

static void
test_refused (void)
{
  WcFixture *f = wc_fixture_get ();
  g_autofree char *path = g_build_filename (f->dir, "existing.mp4", NULL);
  g_autofree char *contents = NULL;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  /* An existing file is never overwritten. */
  g_file_set_contents (path, "someone else's", -1, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_working_copy_write (f->aac.parts, WC_N_MASTERS, f->aac.parts[0].first_frame, f->aac.end_us,
                                            path, NULL, NULL, NULL, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "someone else's");
  g_clear_error (&error);
  g_unlink (path);

  /* A range that falls in the gap holds no picture. */
  g_assert_false (vigil_working_copy_write (f->gap.parts, WC_N_MASTERS, f->gap.parts[1].last_frame + G_USEC_PER_SEC,
                                            f->gap.parts[2].first_frame - G_USEC_PER_SEC, path, NULL, NULL, NULL,
                                            &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Stills */

/* The still's darkest and brightest pixels' luma. */
static void
luma_range (cairo_surface_t *surface,
            int             *darkest,
            int             *brightest)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  *darkest = 255;
  *brightest = 0;
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        guint32 pixel = *(const guint32 *) (gconstpointer) (data + (gsize) y * stride + (gsize) x * 4);
        int luma = (299 * ((pixel >> 16) & 0xFF) + 587 * ((pixel >> 8) & 0xFF) + 114 * (pixel & 0xFF)) / 1000;

        *darkest = MIN (*darkest, luma);
        *brightest = MAX (*brightest, luma);
      }
}

/* How many pixels of @a and @b differ noticeably. */
static guint
pixels_differing (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  guint differing = 0;

  g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (cairo_image_surface_get_height (a), ==, cairo_image_surface_get_height (b));
  for (int y = 0; y < cairo_image_surface_get_height (a); y++)
    for (int x = 0; x < cairo_image_surface_get_width (a); x++)
      {
        gsize at = (gsize) y * cairo_image_surface_get_stride (a) + (gsize) x * 4;
        const guint8 *p = cairo_image_surface_get_data (a) + at, *q = cairo_image_surface_get_data (b) + at;

        differing += ABS (p[0] - q[0]) + ABS (p[1] - q[1]) + ABS (p[2] - q[2]) > 48;
      }
  return differing;
}

static cairo_surface_t *
read_still (const char      *path,
            VigilStillFrame  which,
            int              max_width,
            int              width,
            int              height,
            gint64           position_us)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *still;
  gint64 position = -1;
  int darkest, brightest;

  still = vigil_still_read (path, which, max_width, &position, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (still);
  g_assert_cmpint (cairo_image_surface_get_format (still), ==, CAIRO_FORMAT_RGB24);
  g_assert_cmpint (cairo_image_surface_get_width (still), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (still), ==, height);
  /* The very frame asked for. */
  g_assert_cmpint (ABS (position - position_us), <=, TIME_EPSILON_US);
  /* A picture, not a blank: the camera's black room and white ball. */
  luma_range (still, &darkest, &brightest);
  g_assert_cmpint (darkest, <, 64);
  g_assert_cmpint (brightest, >, 192);
  return still;
}

static void
test_stills (void)
{
  WcMasters *masters = &wc_fixture_get ()->aac;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, masters->parts[0].first_frame, masters->end_us, "h264", &result);
  g_autoptr(GArray) video = wc_probe_packets (path, "v");
  g_autoptr(GArray) master_video = wc_probe_packets (masters->parts[1].path, "v");
  cairo_surface_t *first, *last, *master_last;

  /* The working copy's first and last pictures, scaled to fit 100 pixels
   * across: 160×90 becomes 100×56. */
  first = read_still (path, VIGIL_STILL_FIRST, 100, 100, 56, 0);
  last = read_still (path, VIGIL_STILL_LAST, 100, 100, 56, g_array_index (video, WcPacket, video->len - 1).time_us);
  /* The ball has moved between them. */
  g_assert_cmpuint (pixels_differing (first, last), >, 20);

  /* A master's last, at its own size. */
  master_last = read_still (masters->parts[1].path, VIGIL_STILL_LAST, 0, WC_WIDTH, WC_HEIGHT,
                            g_array_index (master_video, WcPacket, master_video->len - 1).time_us);

  cairo_surface_destroy (first);
  cairo_surface_destroy (last);
  cairo_surface_destroy (master_last);
}

static void
test_still_refused (void)
{
  g_autofree char *note = g_build_filename (wc_fixture_get ()->dir, "note.txt", NULL);
  g_autofree char *missing = g_build_filename (wc_fixture_get ()->dir, "missing.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (note, "Not a recording.\n", -1, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_still_read (note, VIGIL_STILL_FIRST, 100, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "note.txt"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  g_assert_null (vigil_still_read (missing, VIGIL_STILL_LAST, 100, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.mp4"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  media_test_init (&argc, &argv);

  media_test_add ("/working-copy/h264-aac", test_h264_aac);
  media_test_add ("/working-copy/pcmu", test_pcmu);
  media_test_add ("/working-copy/pcma", test_pcma);
  media_test_add ("/working-copy/h265-opus", test_h265_opus);
  media_test_add ("/working-copy/gap", test_gap);
  media_test_add ("/working-copy/cancel", test_cancel);
  media_test_add ("/working-copy/bad-masters", test_bad_masters);
  media_test_add ("/working-copy/refused", test_refused);
  media_test_add ("/still/first-last", test_stills);
  media_test_add ("/still/refused", test_still_refused);

  status = g_test_run ();
  wc_fixture_free ();
  return status;
}
