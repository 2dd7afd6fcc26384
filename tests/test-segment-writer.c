/* test-segment-writer.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VigilSegmentWriter: a simulated camera's encoded stream, as the camera
 * source hands it to a recorder, written to Matroska and judged by ffprobe
 * and ffmpeg, as a player would see it: after a close, after a crash (a
 * file cut anywhere), and after a write error.
 */

#define G_LOG_DOMAIN "test-segment-writer"

#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "media-test-utils.h"
#include "vigil-segment-writer.h"

/* What each test records: a little over a keyframe interval (2 s). */
#define RECORD_US (3 * G_USEC_PER_SEC)
/* The camera's frame interval (10 fps). */
#define FRAME_US (G_USEC_PER_SEC / 10)

/* ffprobe and ffmpeg */

static char *
run_tool (const char * const *argv,
          char              **err_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (err_out != NULL)
    *err_out = g_strdup (err);
  else if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* ffprobe's view of @path: its format, and its streams with their packets
 * counted. */
static JsonObject *
probe (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-count_packets", "-show_format", "-show_streams",
                         "-of", "json", path, NULL };
  g_autofree char *out = run_tool (argv, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (out, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

static JsonObject *
probe_stream (JsonObject *info,
              const char *type)
{
  JsonArray *streams = json_object_get_array_member (info, "streams");

  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);

      if (g_str_equal (json_object_get_string_member (stream, "codec_type"), type))
        return stream;
    }
  return NULL;
}

static guint64
probe_packets (JsonObject *info)
{
  JsonArray *streams = json_object_get_array_member (info, "streams");
  guint64 packets = 0;

  for (guint i = 0; i < json_array_get_length (streams); i++)
    packets += g_ascii_strtoull (json_object_get_string_member (json_array_get_object_element (streams, i),
                                                                "nb_read_packets"), NULL, 10);
  return packets;
}

/* Decodes every packet of @path: a player would show all of it. */
static void
assert_decodes (const char *path)
{
  /* As timed: not converted to a constant frame rate, which would take
   * frames that arrived close together for duplicates. */
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-fps_mode", "passthrough",
                         "-enc_time_base", "-1", "-f", "null", "-", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = run_tool (argv, &err);

  g_assert_cmpstr (err, ==, "");
}

/* The flags of the video's first packet: "K" for a keyframe. */
static char *
first_video_packet_flags (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
                         "-show_entries", "packet=flags", "-of", "csv=p=0", path, NULL };

  return g_strstrip (run_tool (argv, NULL));
}

static guint64
file_size (const char *path)
{
  struct stat info;

  g_assert_no_errno (stat (path, &info));
  return (guint64) info.st_size;
}

/* The file's SHA-256 as this test reads it: all at once. */
static char *
file_sha256 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* The camera's stream */

typedef struct
{
  VigilMediaKind  kind;
  GstBuffer      *buffer;
  gint64          time_us;
} Frame;

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  gst_buffer_unref (frame->buffer);
  g_free (frame);
}

/* Frames from the first video keyframe on, for RECORD_US, with their time
 * of arrival as their wall-clock time. Written straight to @writer (from the
 * camera source's two streaming threads) or kept in @frames. */
typedef struct
{
  GMutex              lock;
  gboolean            with_audio;
  char               *path;          /* live: the writer's file */
  GstCaps            *video_caps;
  GstCaps            *audio_caps;
  VigilSegmentWriter *writer;
  GPtrArray          *frames;        /* or %NULL: live */
  gint64              first_us;      /* 0 until the first keyframe */
  gint64              last_us;
  gboolean            done;
  GError             *error;
} Recording;

static void
recording_free (Recording *recording)
{
  g_mutex_clear (&recording->lock);
  g_free (recording->path);
  g_clear_pointer (&recording->video_caps, gst_caps_unref);
  g_clear_pointer (&recording->audio_caps, gst_caps_unref);
  g_clear_object (&recording->writer);
  g_clear_pointer (&recording->frames, g_ptr_array_unref);
  g_clear_error (&recording->error);
  g_free (recording);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recording, recording_free)

static void
on_encoded (VigilMediaKind  kind,
            GstSample      *sample,
            gpointer        user_data)
{
  Recording *recording = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gboolean video = kind == VIGIL_MEDIA_KIND_VIDEO;
  gint64 now = g_get_real_time ();
  g_autoptr(VigilSegmentWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  GstCaps **caps;

  g_mutex_lock (&recording->lock);
  caps = video ? &recording->video_caps : &recording->audio_caps;
  if (*caps == NULL)
    *caps = gst_caps_ref (gst_sample_get_caps (sample));

  if (recording->done || (!video && !recording->with_audio))
    {
      g_mutex_unlock (&recording->lock);
      return;
    }
  if (recording->first_us == 0)
    {
      /* The recorder's start: a keyframe, once it knows what the sound is. */
      if (!video || GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT)
          || (recording->with_audio && recording->audio_caps == NULL))
        {
          g_mutex_unlock (&recording->lock);
          return;
        }
      recording->first_us = now;
      if (recording->frames == NULL)
        {
          recording->writer = vigil_segment_writer_new (recording->path, recording->video_caps,
                                                        recording->with_audio ? recording->audio_caps : NULL,
                                                        now, &recording->error);
          g_assert_no_error (recording->error);
        }
    }
  if (video && now - recording->first_us >= RECORD_US)
    recording->done = TRUE;
  recording->last_us = MAX (recording->last_us, now);

  if (recording->frames != NULL)
    {
      Frame *frame = g_new0 (Frame, 1);

      frame->kind = kind;
      frame->buffer = gst_buffer_ref (buffer);
      frame->time_us = now;
      g_ptr_array_add (recording->frames, frame);
      g_mutex_unlock (&recording->lock);
      return;
    }

  /* Written outside the test's lock: the writer's own keeps the two
   * threads apart. */
  writer = g_object_ref (recording->writer);
  g_mutex_unlock (&recording->lock);
  if (!vigil_segment_writer_write (writer, kind, buffer, now, &error))
    {
      g_mutex_lock (&recording->lock);
      if (recording->error == NULL)
        recording->error = g_steal_pointer (&error);
      g_mutex_unlock (&recording->lock);
    }
}

static gboolean
recording_done (gpointer data)
{
  Recording *recording = data;
  gboolean done;

  g_mutex_lock (&recording->lock);
  done = recording->done;
  g_mutex_unlock (&recording->lock);
  return done;
}

/* Records camera @spec for RECORD_US: into a writer at @path, or, with a
 * %NULL @path, into memory; with the source decoding the picture and sound
 * as well where @decode (the encoded stream then leaves by a tee). */
static Recording *
record_decoding (const char *spec,
                 gboolean    with_audio,
                 const char *path,
                 gboolean    decode)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--camera", spec, NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "cot");
  Recording *recording = g_new0 (Recording, 1);

  g_mutex_init (&recording->lock);
  recording->with_audio = with_audio;
  recording->path = g_strdup (path);
  if (path == NULL)
    recording->frames = g_ptr_array_new_with_free_func (frame_free);

  vigil_camera_source_set_decode (source, decode);
  vigil_camera_source_set_encoded_func (source, on_encoded, recording, NULL);
  vigil_camera_source_start (source);
  /* Joining mid-interval, the first keyframe may be 2 s away. */
  g_assert_true (camsim_wait_for (recording_done, recording, MEDIA_START_WAIT_US + 2 * RECORD_US));
  vigil_camera_source_stop (source);
  g_assert_true (vigil_camera_source_wait_closed (10000));
  camsim_stop (camsim);

  g_assert_no_error (recording->error);
  if (decode)
    g_assert_cmpuint (vigil_camera_source_get_frame_count (source), >, 0);
  return recording;
}

static Recording *
record (const char *spec,
        gboolean    with_audio,
        const char *path)
{
  return record_decoding (spec, with_audio, path, FALSE);
}

static Recording *get_captured (void);

/* Recording through the camera source */

static void
check_closed (Recording  *recording,
              const char *path,
              const char *video_codec,
              const char *audio_codec)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *flags = NULL;
  g_autoptr(JsonObject) info = NULL;
  JsonObject *video, *audio;
  guint64 bytes = 0;
  double duration, expected;

  g_assert_cmpuint (vigil_segment_writer_get_frames (recording->writer), >=, RECORD_US / FRAME_US / 2);
  g_assert_true (vigil_segment_writer_close (recording->writer, &bytes, &sha256, &error));
  g_assert_no_error (error);

  /* What the recorder records is what is on disk. */
  g_assert_cmpuint (bytes, ==, file_size (path));
  g_assert_cmpuint (bytes, ==, vigil_segment_writer_get_size (recording->writer));
  {
    g_autofree char *on_disk = file_sha256 (path);

    g_assert_cmpstr (sha256, ==, on_disk);
  }

  info = probe (path);
  video = probe_stream (info, "video");
  audio = probe_stream (info, "audio");
  g_assert_nonnull (video);
  g_assert_cmpstr (json_object_get_string_member (video, "codec_name"), ==, video_codec);
  g_assert_cmpint (json_object_get_int_member (video, "width"), ==, 160);
  g_assert_cmpint (json_object_get_int_member (video, "height"), ==, 90);
  if (audio_codec == NULL)
    g_assert_null (audio);
  else
    {
      g_assert_nonnull (audio);
      g_assert_cmpstr (json_object_get_string_member (audio, "codec_name"), ==, audio_codec);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (info, "streams")), ==,
                    audio_codec ? 2 : 1);
  g_assert_cmpuint (g_ascii_strtoull (json_object_get_string_member (video, "nb_read_packets"), NULL, 10), ==,
                    vigil_segment_writer_get_frames (recording->writer));

  duration = g_ascii_strtod (json_object_get_string_member (json_object_get_object_member (info, "format"),
                                                            "duration"), NULL);
  expected = (vigil_segment_writer_get_last_time (recording->writer)
              - vigil_segment_writer_get_start (recording->writer)) / (double) G_USEC_PER_SEC;
  g_assert_cmpfloat_with_epsilon (duration, expected, 0.3);
  g_assert_cmpfloat (expected, >=, RECORD_US / (double) G_USEC_PER_SEC - 0.3);

  flags = first_video_packet_flags (path);
  g_assert_true (g_str_has_prefix (flags, "K"));
  assert_decodes (path);
}

static void
test_with_audio (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  g_autoptr(Recording) recording = record ("cot:160x90@10,audio=aac", TRUE, path);
  g_autoptr(GError) error = NULL;
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, 16, NULL);

  check_closed (recording, path, "h264", "aac");

  /* A closed segment found at start-up (the recorder died before recording
   * it) is kept as it is. */
  {
    g_autofree char *closed_sha256 = file_sha256 (path);
    g_autofree char *sha256 = NULL;
    gint64 last_us = 0;

    g_assert_true (vigil_segment_writer_recover (path, vigil_segment_writer_get_start (recording->writer),
                                                 &last_us, NULL, &sha256, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (sha256, ==, closed_sha256);
    g_assert_cmpint (last_us, >, vigil_segment_writer_get_last_time (recording->writer) - 1000);
    g_assert_cmpint (last_us, <=, vigil_segment_writer_get_last_time (recording->writer));
  }

  /* Closed means closed. */
  g_assert_false (vigil_segment_writer_write (recording->writer, VIGIL_MEDIA_KIND_VIDEO, buffer,
                                              recording->last_us, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  gst_buffer_unref (buffer);

  g_assert_finalize_object (g_steal_pointer (&recording->writer));
  vigil_test_remove_dir (dir);
}

static void
test_without_audio (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  /* Recorded by a source that shows the camera too. */
  g_autoptr(Recording) recording = record_decoding ("cot:160x90@10,audio=aac", FALSE, path, TRUE);

  /* The camera sends sound; the segment leaves it out. */
  g_assert_nonnull (recording->audio_caps);
  check_closed (recording, path, "h264", NULL);
  vigil_test_remove_dir (dir);
}

static void
test_other_codecs (void)
{
  static const struct
  {
    const char *spec;
    const char *video;
    const char *audio;
  } cameras[] = {
    { "cot:160x90@10,codec=h265,audio=opus", "hevc", "opus" },
    { "cot:160x90@10,audio=pcmu", "h264", "pcm_mulaw" },
    { "cot:160x90@10,audio=pcma", "h264", "pcm_alaw" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      g_autofree char *dir = vigil_test_make_dir ();
      g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
      g_autoptr(Recording) recording = NULL;

      g_test_message ("%s", cameras[i].spec);
      recording = record (cameras[i].spec, TRUE, path);
      check_closed (recording, path, cameras[i].video, cameras[i].audio);
      vigil_test_remove_dir (dir);
    }
}

static void
test_refused_caps (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  g_autoptr(GstCaps) video = gst_caps_from_string ("video/x-h264, stream-format=byte-stream, alignment=au, "
                                                   "width=160, height=90");
  g_autoptr(GstCaps) vp8 = gst_caps_from_string ("video/x-vp8, width=160, height=90");
  g_autoptr(GstCaps) adpcm = gst_caps_from_string ("audio/x-adpcm, layout=g726, rate=8000, channels=1");
  g_autoptr(GError) error = NULL;
  VigilSegmentWriter *writer;

  writer = vigil_segment_writer_new (path, video, NULL, g_get_real_time (), &error);
  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  writer = vigil_segment_writer_new (path, vp8, NULL, g_get_real_time (), &error);
  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  /* Sound Vigil cannot record is named. */
  writer = vigil_segment_writer_new (path, get_captured ()->video_caps, adpcm, g_get_real_time (), &error);
  g_assert_null (writer);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "audio/x-adpcm"));
  /* Nothing was left behind. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  vigil_test_remove_dir (dir);
}

/* Written from memory: crashes, promptness, write errors */

static Recording *captured;

/* One recording with sound, kept in memory, for every test below. */
static Recording *
get_captured (void)
{
  if (captured == NULL)
    captured = record ("cot:160x90@10,audio=aac", TRUE, NULL);
  return captured;
}

/* A writer at @path of the captured stream, and where each frame ended in
 * the file. */
static VigilSegmentWriter *
new_writer (const char *path)
{
  Recording *recording = get_captured ();
  g_autoptr(GError) error = NULL;
  VigilSegmentWriter *writer = vigil_segment_writer_new (path, recording->video_caps, recording->audio_caps,
                                                         recording->first_us, &error);

  g_assert_no_error (error);
  return writer;
}

/* The latest time among the first @count frames. */
static gint64
latest_time (GPtrArray *frames,
             guint      count)
{
  gint64 latest = 0;

  for (guint i = 0; i < count; i++)
    latest = MAX (latest, ((Frame *) g_ptr_array_index (frames, i))->time_us);
  return latest;
}

static char *
assert_recovered (const char *path,
                  gint64      start_us,
                  gint64      expected_last_us,
                  guint64     expected_bytes,
                  guint64     expected_packets)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(JsonObject) info = NULL;
  guint64 bytes = 0;
  gint64 last_us = -1;

  g_assert_true (vigil_segment_writer_recover (path, start_us, &last_us, &bytes, &sha256, &error));
  g_assert_no_error (error);

  /* The file stores milliseconds, and spreads a burst of frames that
   * arrived in the same one. */
  g_assert_cmpint (last_us, >, expected_last_us - 1000);
  g_assert_cmpint (last_us, <, expected_last_us + FRAME_US);
  g_assert_cmpuint (bytes, ==, expected_bytes);
  g_assert_cmpuint (file_size (path), ==, expected_bytes);
  {
    g_autofree char *on_disk = file_sha256 (path);

    g_assert_cmpstr (sha256, ==, on_disk);
  }

  info = probe (path);
  g_assert_cmpuint (probe_packets (info), ==, expected_packets);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (json_object_get_string_member (
                                    json_object_get_object_member (info, "format"), "duration"), NULL),
                                  (last_us - start_us) / (double) G_USEC_PER_SEC, 0.002);
  assert_decodes (path);
  return g_steal_pointer (&sha256);
}

static void
copy_cut (const char *from,
          const char *to,
          guint64     length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_file_get_contents (from, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, <=, size);
  g_file_set_contents (to, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

static void
test_crash_recovery (void)
{
  Recording *recording = get_captured ();
  GPtrArray *frames = recording->frames;
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "open.mkv", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.mkv", NULL);
  g_autofree char *header_only = g_build_filename (dir, "header.mkv", NULL);
  g_autofree char *in_header = g_build_filename (dir, "in-header.mkv", NULL);
  g_autoptr(VigilSegmentWriter) writer = new_writer (path);
  g_autoptr(GArray) end_array = g_array_sized_new (FALSE, TRUE, sizeof (guint64), frames->len);
  guint64 *ends;
  guint64 header = vigil_segment_writer_get_size (writer);
  gint64 start_us = recording->first_us;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovered = NULL;
  g_autofree char *again = NULL;
  gint64 last_us = -1;
  guint64 bytes = 0;
  guint k;

  /* Where each frame ended in the file. */
  g_array_set_size (end_array, frames->len);
  ends = (guint64 *) (gpointer) end_array->data;
  for (guint i = 0; i < frames->len; i++)
    {
      Frame *frame = g_ptr_array_index (frames, i);

      g_assert_true (vigil_segment_writer_write (writer, frame->kind, frame->buffer, frame->time_us, &error));
      g_assert_no_error (error);
      ends[i] = vigil_segment_writer_get_size (writer);
    }
  g_assert_true (vigil_segment_writer_sync (writer, &error));
  g_assert_no_error (error);

  /* Copies of the open file, as a crash would leave it: cut in the middle
   * of a frame two thirds in, right after the header, inside the header. */
  k = frames->len * 2 / 3;
  copy_cut (path, cut, ends[k - 1] + (ends[k] - ends[k - 1]) / 2);
  copy_cut (path, header_only, header);
  copy_cut (path, in_header, header / 2);

  /* The writer dropped without a close: the process died. */
  g_assert_finalize_object (g_steal_pointer (&writer));
  g_free (assert_recovered (path, start_us, latest_time (frames, frames->len), ends[frames->len - 1],
                            frames->len));
  recovered = assert_recovered (cut, start_us, latest_time (frames, k), ends[k - 1], k);
  /* Recovering again changes nothing. */
  again = assert_recovered (cut, start_us, latest_time (frames, k), ends[k - 1], k);
  g_assert_cmpstr (again, ==, recovered);

  /* No frame: nothing to keep. */
  g_assert_true (vigil_segment_writer_recover (header_only, start_us, &last_us, &bytes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (last_us, ==, 0);
  g_assert_cmpuint (bytes, ==, header);
  last_us = -1;
  g_assert_true (vigil_segment_writer_recover (in_header, start_us, &last_us, &bytes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (last_us, ==, 0);
  g_assert_cmpuint (bytes, ==, header / 2);

  vigil_test_remove_dir (dir);
}

static void
test_not_a_segment (void)
{
  static const char text[] = "Not a recording: a note someone left in the folder.\n";
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "note.mkv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_us = -1;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_segment_writer_recover (path, g_get_real_time (), &last_us, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, text);
  vigil_test_remove_dir (dir);
}

static void
test_prompt (void)
{
  Recording *recording = get_captured ();
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  g_autoptr(VigilSegmentWriter) writer = new_writer (path);
  g_autoptr(GError) error = NULL;
  guint64 before = file_size (path);

  g_assert_cmpuint (before, ==, vigil_segment_writer_get_size (writer));
  for (guint i = 0; i < recording->frames->len; i++)
    {
      Frame *frame = g_ptr_array_index (recording->frames, i);
      guint64 after;

      g_assert_true (vigil_segment_writer_write (writer, frame->kind, frame->buffer, frame->time_us, &error));
      /* On disk (in the kernel's hands) as soon as the call returns. */
      after = file_size (path);
      g_assert_cmpuint (after, ==, vigil_segment_writer_get_size (writer));
      g_assert_cmpuint (after, >, before + gst_buffer_get_size (frame->buffer));
      before = after;
    }
  g_assert_finalize_object (g_steal_pointer (&writer));
  vigil_test_remove_dir (dir);
}

/* A policy change heard late: frames from an instant on are taken back,
 * and the file closes as if they had never come. */
static void
test_cut (void)
{
  Recording *recording = get_captured ();
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  g_autoptr(VigilSegmentWriter) writer = new_writer (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(JsonObject) info = NULL;
  guint kept_video = 0, kept = 0, all_video = 0;
  gint64 cut_at, kept_last = 0;
  guint64 bytes = 0;

  g_assert_cmpuint (recording->frames->len, >, 10);
  cut_at = ((Frame *) g_ptr_array_index (recording->frames, recording->frames->len * 2 / 3))->time_us;
  for (guint i = 0; i < recording->frames->len; i++)
    {
      Frame *frame = g_ptr_array_index (recording->frames, i);

      g_assert_true (vigil_segment_writer_write (writer, frame->kind, frame->buffer, frame->time_us, &error));
      g_assert_no_error (error);
      all_video += frame->kind == VIGIL_MEDIA_KIND_VIDEO;
      if (frame->time_us < cut_at)
        {
          kept++;
          kept_video += frame->kind == VIGIL_MEDIA_KIND_VIDEO;
          kept_last = MAX (kept_last, frame->time_us);
        }
    }

  g_assert_cmpint (vigil_segment_writer_cut (writer, cut_at, &error), ==, all_video - kept_video);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_segment_writer_get_frames (writer), ==, kept_video);
  /* Nothing after a cut that has already been made. */
  g_assert_cmpint (vigil_segment_writer_cut (writer, cut_at + G_TIME_SPAN_SECOND, &error), ==, 0);
  g_assert_true (vigil_segment_writer_close (writer, &bytes, &sha256, &error));
  g_assert_no_error (error);

  info = probe (path);
  g_assert_cmpuint (probe_packets (info), ==, kept);
  g_assert_cmpuint (bytes, ==, file_size (path));
  assert_decodes (path);
  g_assert_cmpint (ABS (vigil_segment_writer_get_last_time (writer) - kept_last), <, 1000);
  g_assert_finalize_object (g_steal_pointer (&writer));
  vigil_test_remove_dir (dir);
}

/* Sound released in bursts: several packets with the same time. */
static void
test_same_time (void)
{
  Recording *recording = get_captured ();
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  g_autoptr(VigilSegmentWriter) writer = new_writer (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  gint64 video_us = 0;
  guint audio = 0;

  for (guint i = 0; i < recording->frames->len; i++)
    {
      Frame *frame = g_ptr_array_index (recording->frames, i);

      if (frame->kind == VIGIL_MEDIA_KIND_VIDEO)
        video_us = frame->time_us;
      else
        audio++;
      g_assert_true (vigil_segment_writer_write (writer, frame->kind, frame->buffer,
                                                 frame->kind == VIGIL_MEDIA_KIND_VIDEO ? frame->time_us : video_us,
                                                 &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (audio, >, vigil_segment_writer_get_frames (writer));
  g_assert_true (vigil_segment_writer_close (writer, NULL, NULL, &error));
  g_assert_no_error (error);

  info = probe (path);
  g_assert_cmpuint (probe_packets (info), ==, recording->frames->len);
  assert_decodes (path);
  g_assert_finalize_object (g_steal_pointer (&writer));
  vigil_test_remove_dir (dir);
}

static void
test_refused_frames (void)
{
  Recording *recording = get_captured ();
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  g_autoptr(VigilSegmentWriter) writer = new_writer (path);
  g_autoptr(VigilSegmentWriter) again = NULL;
  g_autoptr(GError) error = NULL;
  Frame *first = g_ptr_array_index (recording->frames, 0);
  GstBuffer *delta = NULL;

  for (guint i = 0; i < recording->frames->len && delta == NULL; i++)
    {
      Frame *frame = g_ptr_array_index (recording->frames, i);

      if (frame->kind == VIGIL_MEDIA_KIND_VIDEO && GST_BUFFER_FLAG_IS_SET (frame->buffer, GST_BUFFER_FLAG_DELTA_UNIT))
        delta = frame->buffer;
    }
  g_assert_nonnull (delta);

  /* A segment begins with a keyframe, and at its start. */
  g_assert_false (vigil_segment_writer_write (writer, VIGIL_MEDIA_KIND_VIDEO, delta, first->time_us, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (vigil_segment_writer_write (writer, VIGIL_MEDIA_KIND_VIDEO, first->buffer, first->time_us - 1,
                                              &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_segment_writer_get_frames (writer), ==, 0);

  /* An existing file is never overwritten. */
  again = vigil_segment_writer_new (path, recording->video_caps, NULL, first->time_us, &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  g_assert_finalize_object (g_steal_pointer (&writer));
  vigil_test_remove_dir (dir);
}

static void
test_write_error (void)
{
  Recording *recording = get_captured ();
  GPtrArray *frames = recording->frames;
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "segment.mkv", NULL);
  g_autoptr(VigilSegmentWriter) writer = new_writer (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  struct rlimit old_limit, limit;
  void (*old_handler) (int);
  guint64 complete = vigil_segment_writer_get_size (writer), bytes = 0;
  guint written = 0, k = frames->len / 2;
  g_autoptr(JsonObject) info = NULL;

  /* The disk fills in the middle of frame k: files may grow no further
   * (EFBIG), as a full disk stops them (ENOSPC). */
  for (guint i = 0; i < k; i++)
    complete += 32 + gst_buffer_get_size (((Frame *) g_ptr_array_index (frames, i))->buffer);
  g_assert_no_errno (getrlimit (RLIMIT_FSIZE, &old_limit));
  limit = old_limit;
  limit.rlim_cur = complete;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &limit));

  for (; written < frames->len; written++)
    {
      Frame *frame = g_ptr_array_index (frames, written);

      if (!vigil_segment_writer_write (writer, frame->kind, frame->buffer, frame->time_us, &error))
        break;
      complete = vigil_segment_writer_get_size (writer);
    }
  g_assert_no_errno (setrlimit (RLIMIT_FSIZE, &old_limit));
  signal (SIGXFSZ, old_handler);

  g_assert_cmpuint (written, <, frames->len);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* The file ends with the last complete frame, and the writer writes no
   * more. */
  g_assert_cmpuint (file_size (path), ==, complete);
  g_assert_false (vigil_segment_writer_write (writer, VIGIL_MEDIA_KIND_AUDIO,
                                              ((Frame *) g_ptr_array_index (frames, 0))->buffer,
                                              recording->last_us, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  /* Closed, it plays up to that frame. */
  g_assert_true (vigil_segment_writer_close (writer, &bytes, &sha256, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bytes, ==, complete);
  {
    g_autofree char *on_disk = file_sha256 (path);

    g_assert_cmpstr (sha256, ==, on_disk);
  }
  info = probe (path);
  g_assert_cmpuint (probe_packets (info), ==, written);
  assert_decodes (path);

  g_assert_finalize_object (g_steal_pointer (&writer));
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  media_test_init (&argc, &argv);

  media_test_add ("/segment-writer/with-audio", test_with_audio);
  media_test_add ("/segment-writer/without-audio", test_without_audio);
  media_test_add ("/segment-writer/other-codecs", test_other_codecs);
  media_test_add ("/segment-writer/refused-caps", test_refused_caps);
  media_test_add ("/segment-writer/crash-recovery", test_crash_recovery);
  media_test_add ("/segment-writer/not-a-segment", test_not_a_segment);
  media_test_add ("/segment-writer/prompt", test_prompt);
  media_test_add ("/segment-writer/same-time", test_same_time);
  media_test_add ("/segment-writer/cut", test_cut);
  media_test_add ("/segment-writer/refused-frames", test_refused_frames);
  media_test_add ("/segment-writer/write-error", test_write_error);

  status = g_test_run ();
  g_clear_pointer (&captured, recording_free);
  return status;
}
