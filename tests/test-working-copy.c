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
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "media-test-utils.h"
#include "vigil-segment-writer.h"
#include "vigil-still.h"
#include "vigil-working-copy.h"

#define WIDTH 160
#define HEIGHT 90
/* The camera's frame interval (10 fps); a keyframe every 2 s. */
#define FRAME_US (G_USEC_PER_SEC / 10)
/* Masters of one keyframe interval each: 2 s. */
#define N_MASTERS 3
/* How long the camera is offline between the second and third master of
 * the set with a gap. */
#define GAP_US (3 * G_USEC_PER_SEC)
/* Times compared with ffprobe's: the copy's video counts in 90 kHz ticks
 * (11 µs), and ffprobe prints µs. */
#define TIME_EPSILON_US 12

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

static JsonObject *
run_json (const char * const *argv)
{
  g_autofree char *out = run_tool (argv, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (out, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (root));
}

/* The stream of @type ("video" or "audio") of @path, or %NULL. */
static JsonObject *
probe_stream (const char *path,
              const char *type)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_streams", "-of", "json", path, NULL };
  g_autoptr(JsonObject) info = run_json (argv);
  JsonArray *streams = json_object_get_array_member (info, "streams");

  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *stream = json_array_get_object_element (streams, i);

      if (g_str_equal (json_object_get_string_member (stream, "codec_type"), type))
        return json_object_ref (stream);
    }
  return NULL;
}

typedef struct
{
  gint64   time_us;    /* from the file's start */
  gint64   pos;
  gint64   size;
  gboolean keyframe;
} Packet;

static gint64
seconds_to_us (const char *text)
{
  double seconds = g_ascii_strtod (text, NULL) * G_USEC_PER_SEC;

  return (gint64) (seconds < 0 ? seconds - 0.5 : seconds + 0.5);
}

/* The packets of @path's stream @select ("v" or "a"), in order. */
static GArray *
probe_packets (const char *path,
               const char *select)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", select, "-show_entries",
                         "packet=pts_time,pos,size,flags", "-of", "json", path, NULL };
  g_autoptr(JsonObject) info = run_json (argv);
  JsonArray *packets = json_object_get_array_member (info, "packets");
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Packet));

  for (guint i = 0; packets != NULL && i < json_array_get_length (packets); i++)
    {
      JsonObject *packet = json_array_get_object_element (packets, i);
      Packet p = {
        .time_us = seconds_to_us (json_object_get_string_member (packet, "pts_time")),
        .pos = g_ascii_strtoll (json_object_get_string_member (packet, "pos"), NULL, 10),
        .size = g_ascii_strtoll (json_object_get_string_member (packet, "size"), NULL, 10),
        .keyframe = json_object_get_string_member (packet, "flags")[0] == 'K',
      };

      g_array_append_val (out, p);
    }
  return out;
}

/* Decodes every packet of @path: a player would show and play all of it. */
static void
assert_decodes (const char *path)
{
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-fps_mode", "passthrough",
                         "-enc_time_base", "-1", "-f", "null", "-", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = run_tool (argv, &err);

  g_assert_cmpstr (err, ==, "");
}

/* The mean volume in dB, as ffmpeg's volumedetect measures it, of the
 * sound of @paths played one after another. */
static double
mean_volume (const char * const *paths)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) filter = g_string_new (NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  const char *found;
  guint n = 0;

  g_ptr_array_add (argv, g_strdup ("ffmpeg"));
  g_ptr_array_add (argv, g_strdup ("-nostdin"));
  g_ptr_array_add (argv, g_strdup ("-hide_banner"));
  for (; paths[n] != NULL; n++)
    {
      g_ptr_array_add (argv, g_strdup ("-i"));
      g_ptr_array_add (argv, g_strdup (paths[n]));
      g_string_append_printf (filter, "[%u:a]", n);
    }
  g_string_append_printf (filter, "concat=n=%u:v=0:a=1,volumedetect", n);
  g_ptr_array_add (argv, g_strdup ("-filter_complex"));
  g_ptr_array_add (argv, g_strdup (filter->str));
  g_ptr_array_add (argv, g_strdup ("-f"));
  g_ptr_array_add (argv, g_strdup ("null"));
  g_ptr_array_add (argv, g_strdup ("-"));
  g_ptr_array_add (argv, NULL);
  out = run_tool ((const char * const *) argv->pdata, &err);
  found = strstr (err, "mean_volume:");
  g_assert_nonnull (found);
  return g_ascii_strtod (found + strlen ("mean_volume:"), NULL);
}

static guint64 file_size (const char *path);

/* When @path's sound ends, from the file's start, decoded as a player
 * plays it: in time, with silence where the camera sent none. */
static gint64
sound_end (const char *path)
{
  g_autofree char *raw = g_strconcat (path, ".raw", NULL);
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vn", "-af",
                         "aresample=async=1:first_pts=0", "-ac", "1", "-ar", "8000", "-f", "s16le", raw, NULL };
  g_autofree char *out = run_tool (argv, NULL);
  gint64 length = (gint64) file_size (raw) / 2 * G_USEC_PER_SEC / 8000;

  g_unlink (raw);
  return length;
}

/* The top-level boxes of an MP4, in order: "ftyp moov mdat". */
static char *
top_level_boxes (const char *path)
{
  g_autoptr(GString) boxes = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  for (gsize at = 0; at + 8 <= length;)
    {
      const guint8 *head = (const guint8 *) contents + at;
      guint64 size = (guint64) head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3];

      if (size == 1)
        {
          g_assert_cmpuint (at + 16, <=, length);
          size = 0;
          for (guint i = 8; i < 16; i++)
            size = size << 8 | head[i];
        }
      g_assert_cmpuint (size, >=, 8);
      g_string_append_printf (boxes, "%s%.4s", boxes->len > 0 ? " " : "", head + 4);
      at += size;
      g_assert_cmpuint (at, <=, length);
    }
  return g_string_free (g_steal_pointer (&boxes), FALSE);
}

static guint64
file_size (const char *path)
{
  struct stat info;

  g_assert_no_errno (stat (path, &info));
  return (guint64) info.st_size;
}

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

/* @size bytes of @path at @pos. */
static GBytes *
file_bytes (const char *path,
            gint64      pos,
            gint64      size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pos + size, <=, (gint64) length);
  return g_bytes_new (contents + pos, (gsize) size);
}

/* The cameras: frames captured once, masters written from them */

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

/* Three keyframe intervals of one camera's stream, from a keyframe (not
 * the stream's first), timed as the recorder times them: by the camera's
 * own clock (the RTP timestamps), from the wall clock at the first. */
typedef struct
{
  GMutex      lock;
  GstCaps    *video_caps;
  GstCaps    *audio_caps;
  GPtrArray  *frames;
  GstClockTime first_pts;
  gint64      first_us;
  gint64      end_us;       /* the next keyframe's time, or 0 */
  gint64      last_us[2];   /* the latest frame's, by kind */
  guint       passed;       /* keyframes before the first taken */
  guint       keyframes;
  gboolean    audio_done;   /* sound has reached the end */
} Capture;

static void
capture_free (Capture *capture)
{
  g_mutex_clear (&capture->lock);
  g_clear_pointer (&capture->video_caps, gst_caps_unref);
  g_clear_pointer (&capture->audio_caps, gst_caps_unref);
  g_clear_pointer (&capture->frames, g_ptr_array_unref);
  g_free (capture);
}

static void
on_encoded (VigilMediaKind  kind,
            GstSample      *sample,
            gpointer        user_data)
{
  Capture *capture = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gboolean video = kind == VIGIL_MEDIA_KIND_VIDEO;
  gboolean keyframe = video && !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  GstClockTime timestamp = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
  GstCaps **caps;
  Frame *frame;
  gint64 time_us;

  g_mutex_lock (&capture->lock);
  caps = video ? &capture->video_caps : &capture->audio_caps;
  if (*caps == NULL)
    *caps = gst_caps_ref (gst_sample_get_caps (sample));

  /* A recorder's start: a keyframe, once it knows what the sound is, and
   * not the stream's first, whose interval comes in a burst as the
   * connection settles. */
  if (capture->keyframes == 0)
    {
      capture->passed += keyframe;
      if (!keyframe || capture->passed < 2 || capture->audio_caps == NULL)
        {
          g_mutex_unlock (&capture->lock);
          return;
        }
    }
  if (capture->keyframes == 0)
    {
      capture->first_pts = timestamp;
      capture->first_us = g_get_real_time ();
      capture->last_us[0] = capture->last_us[1] = capture->first_us;
    }
  /* As the recorder does: a frame the depayloader left untimed follows
   * the one before. */
  if (GST_CLOCK_TIME_IS_VALID (timestamp) && GST_CLOCK_TIME_IS_VALID (capture->first_pts))
    time_us = capture->first_us + GST_CLOCK_DIFF (capture->first_pts, timestamp) / 1000;
  else
    time_us = capture->last_us[kind] + 1000;
  capture->last_us[kind] = MAX (capture->last_us[kind], time_us);
  if (keyframe && capture->keyframes++ == N_MASTERS)
    capture->end_us = time_us;
  if (!video && capture->end_us > 0 && time_us >= capture->end_us)
    capture->audio_done = TRUE;
  if (time_us < capture->first_us || (capture->end_us > 0 && time_us >= capture->end_us))
    {
      g_mutex_unlock (&capture->lock);
      return;
    }

  frame = g_new0 (Frame, 1);
  frame->kind = kind;
  frame->buffer = gst_buffer_ref (buffer);
  frame->time_us = time_us;
  g_ptr_array_add (capture->frames, frame);
  g_mutex_unlock (&capture->lock);
}

static gboolean
captures_done (gpointer data)
{
  Capture **captures = data;
  gboolean done = TRUE;

  for (guint i = 0; captures[i] != NULL; i++)
    {
      g_mutex_lock (&captures[i]->lock);
      done = done && captures[i]->audio_done;
      g_mutex_unlock (&captures[i]->lock);
    }
  return done;
}

/* In time order, the picture first at one instant, as the recorder writes
 * them. */
static int
compare_frames (gconstpointer a,
                gconstpointer b)
{
  const Frame *x = *(const Frame **) a, *y = *(const Frame **) b;

  if (x->time_us != y->time_us)
    return x->time_us < y->time_us ? -1 : 1;
  return (int) x->kind - (int) y->kind;
}

/* A set of masters written from one capture. */
typedef struct
{
  VigilWorkingCopyPart parts[N_MASTERS];
  char                *paths[N_MASTERS];
  GstBuffer           *keyframes[N_MASTERS];    /* each master's first frame */
  gint64               end_us;                  /* after the last frame */
} Masters;

static void
masters_clear (Masters *masters)
{
  for (guint i = 0; i < N_MASTERS; i++)
    {
      g_free (masters->paths[i]);
      g_clear_pointer (&masters->keyframes[i], gst_buffer_unref);
    }
}

/* Writes @capture into N_MASTERS segment files in @dir named @name-N.mkv,
 * one a keyframe interval, the last @gap_us later than it was recorded. */
static void
write_masters (Capture    *capture,
               const char *dir,
               const char *name,
               gint64      gap_us,
               Masters    *masters)
{
  g_autoptr(VigilSegmentWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  int index = -1;

  g_ptr_array_sort (capture->frames, compare_frames);
  for (guint i = 0; i <= capture->frames->len; i++)
    {
      Frame *frame = i < capture->frames->len ? g_ptr_array_index (capture->frames, i) : NULL;
      gboolean keyframe = frame != NULL && frame->kind == VIGIL_MEDIA_KIND_VIDEO
                          && !GST_BUFFER_FLAG_IS_SET (frame->buffer, GST_BUFFER_FLAG_DELTA_UNIT);
      gint64 time_us = 0;

      if (frame == NULL || keyframe)
        {
          if (writer != NULL)
            {
              masters->parts[index].last_frame = vigil_segment_writer_get_last_time (writer);
              g_assert_true (vigil_segment_writer_close (writer, NULL, NULL, &error));
              g_assert_no_error (error);
              g_clear_object (&writer);
            }
          if (frame == NULL)
            break;
          index++;
          g_assert_cmpint (index, <, N_MASTERS);
        }
      g_assert_cmpint (index, >=, 0);
      time_us = frame->time_us + (index == N_MASTERS - 1 ? gap_us : 0);
      if (keyframe)
        {
          masters->paths[index] = g_strdup_printf ("%s/%s-%d.mkv", dir, name, index);
          masters->parts[index].path = masters->paths[index];
          masters->parts[index].first_frame = time_us;
          masters->keyframes[index] = gst_buffer_ref (frame->buffer);
          writer = vigil_segment_writer_new (masters->paths[index], capture->video_caps, capture->audio_caps,
                                             time_us, &error);
          g_assert_no_error (error);
        }
      g_assert_true (vigil_segment_writer_write (writer, frame->kind, frame->buffer, time_us, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (index, ==, N_MASTERS - 1);
  masters->end_us = capture->end_us + gap_us;
}

/* The cameras, on one simulated camera server. */
static const struct
{
  const char *path;
  const char *spec;
} cameras[] = {
  { "aac", "aac:160x90@10,audio=aac" },
  { "pcmu", "pcmu:160x90@10,audio=pcmu" },
  { "pcma", "pcma:160x90@10,audio=pcma" },
  { "hevc", "hevc:160x90@10,codec=h265,audio=opus" },
};

/* Everything the tests share, made once. */
typedef struct
{
  char    *dir;
  Masters  aac;        /* H.264 and AAC */
  Masters  pcmu;       /* H.264 and G.711 µ-law */
  Masters  pcma;       /* H.264 and G.711 A-law */
  Masters  hevc;       /* H.265 and Opus */
  Masters  gap;        /* the AAC camera, offline for GAP_US before the last */
} Fixture;

static Fixture *fixture;

/* Whether @capture holds every video frame of its three keyframe
 * intervals: a machine too busy to take them all (the camera source drops
 * what comes too late) leaves masters that would not decode. */
static gboolean
capture_complete (Capture *capture)
{
  gint64 previous = 0;
  guint frames = 0;

  for (guint i = 0; i < capture->frames->len; i++)
    {
      Frame *frame = g_ptr_array_index (capture->frames, i);

      if (frame->kind != VIGIL_MEDIA_KIND_VIDEO)
        continue;
      if (frames++ > 0 && frame->time_us - previous > FRAME_US * 3 / 2)
        return FALSE;
      previous = frame->time_us;
    }
  return frames == N_MASTERS * 2 * G_USEC_PER_SEC / FRAME_US;
}

/* Captures every camera at once; FALSE if one lost frames. */
static gboolean
capture_cameras (Capture **captures)
{
  g_autoptr(Camsim) camsim = NULL;
  VigilCameraSource *sources[G_N_ELEMENTS (cameras)];
  gboolean complete = TRUE;

  camsim = camsim_start ("--replay", "--camera", cameras[0].spec, "--camera", cameras[1].spec,
                         "--camera", cameras[2].spec, "--camera", cameras[3].spec, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      captures[i] = g_new0 (Capture, 1);
      g_mutex_init (&captures[i]->lock);
      captures[i]->frames = g_ptr_array_new_with_free_func (frame_free);
      sources[i] = media_source_for_url (camsim, cameras[i].path);
      vigil_camera_source_set_decode (sources[i], FALSE);
      vigil_camera_source_set_camera_timing (sources[i], TRUE);
      vigil_camera_source_set_encoded_func (sources[i], on_encoded, captures[i], NULL);
      vigil_camera_source_start (sources[i]);
    }
  /* Up to 2 s to the first keyframe, 2 s to settle, then three intervals
   * of 2 s. */
  g_assert_true (camsim_wait_for (captures_done, captures, MEDIA_START_WAIT_US + MEDIA_WAIT (10 * G_USEC_PER_SEC)));
  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      vigil_camera_source_stop (sources[i]);
      g_object_unref (sources[i]);
    }
  g_assert_true (vigil_camera_source_wait_closed (10000));
  camsim_stop (camsim);

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    if (!capture_complete (captures[i]))
      {
        g_test_message ("the capture of camera %s lost frames", cameras[i].path);
        complete = FALSE;
      }
  return complete;
}

static Fixture *
get_fixture (void)
{
  Capture *captures[G_N_ELEMENTS (cameras) + 1] = { NULL };
  Masters *masters[G_N_ELEMENTS (cameras)];
  guint attempts = 0;

  if (fixture != NULL)
    return fixture;

  /* Taken again (twice at most) if the machine was too busy. */
  while (!capture_cameras (captures))
    {
      g_assert_cmpuint (++attempts, <, 3);
      for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
        g_clear_pointer (&captures[i], capture_free);
    }

  fixture = g_new0 (Fixture, 1);
  fixture->dir = vigil_test_make_dir ();
  masters[0] = &fixture->aac;
  masters[1] = &fixture->pcmu;
  masters[2] = &fixture->pcma;
  masters[3] = &fixture->hevc;
  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      write_masters (captures[i], fixture->dir, cameras[i].path, 0, masters[i]);
      if (i == 0)
        write_masters (captures[i], fixture->dir, "gap", GAP_US, &fixture->gap);
      capture_free (captures[i]);
    }
  return fixture;
}

static void
fixture_free (Fixture *f)
{
  masters_clear (&f->aac);
  masters_clear (&f->pcmu);
  masters_clear (&f->pcma);
  masters_clear (&f->hevc);
  masters_clear (&f->gap);
  vigil_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f);
}

/* The frames of stream @select of @masters that lie in [@start, @to), with
 * their times since 1970, as ffprobe reads them from the masters. */
static GArray *
master_packets (const Masters *masters,
                const char    *select,
                gint64         start,
                gint64         to)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Packet));

  for (guint i = 0; i < N_MASTERS; i++)
    {
      g_autoptr(GArray) packets = probe_packets (masters->parts[i].path, select);

      for (guint j = 0; j < packets->len; j++)
        {
          Packet packet = g_array_index (packets, Packet, j);

          packet.time_us += masters->parts[i].first_frame;
          if (packet.time_us >= start && packet.time_us < to)
            g_array_append_val (out, packet);
        }
    }
  return out;
}

/* The working copy holds exactly @expected's frames, each at its time
 * from @start. */
static void
assert_same_frames (GArray *copy,
                    GArray *expected,
                    gint64  start)
{
  g_assert_cmpuint (copy->len, ==, expected->len);
  for (guint i = 0; i < copy->len; i++)
    {
      gint64 time = start + g_array_index (copy, Packet, i).time_us;

      g_assert_cmpint (ABS (time - g_array_index (expected, Packet, i).time_us), <=, TIME_EPSILON_US);
      g_assert_cmpint (g_array_index (copy, Packet, i).size, ==, g_array_index (expected, Packet, i).size);
    }
}

/* The working copy's bytes of its @i-th video packet are @buffer's. */
static void
assert_packet_is (const char *path,
                  GArray     *packets,
                  guint       i,
                  GstBuffer  *buffer)
{
  Packet *packet = &g_array_index (packets, Packet, i);
  g_autoptr(GBytes) bytes = file_bytes (path, packet->pos, packet->size);
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
write_copy (const Masters          *masters,
            gint64                  from,
            gint64                  to,
            const char             *video_codec,
            VigilWorkingCopyResult *result)
{
  static guint count;
  g_autofree char *path = g_strdup_printf ("%s/copy-%u.mp4", get_fixture ()->dir, count++);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Progress progress = { fractions, NULL, path, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) video = NULL;
  g_autofree char *boxes = NULL;
  g_autofree char *sha256 = NULL;

  g_assert_true (vigil_working_copy_write (masters->parts, N_MASTERS, from, to, path, on_progress, &progress, NULL,
                                           result, &error));
  g_assert_no_error (error);

  /* The index comes first: it plays before it has all arrived. */
  boxes = top_level_boxes (path);
  g_assert_cmpstr (boxes, ==, "ftyp moov mdat");
  g_assert_cmpuint (result->bytes, ==, file_size (path));
  sha256 = file_sha256 (path);
  g_assert_cmpstr (result->sha256, ==, sha256);

  g_assert_cmpuint (fractions->len, >=, 2);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  video = probe_stream (path, "video");
  g_assert_nonnull (video);
  g_assert_cmpstr (json_object_get_string_member (video, "codec_name"), ==, video_codec);
  g_assert_cmpint (json_object_get_int_member (video, "width"), ==, WIDTH);
  g_assert_cmpint (json_object_get_int_member (video, "height"), ==, HEIGHT);
  assert_decodes (path);
  return g_steal_pointer (&path);
}

/* Working copies */

static void
test_h264_aac (void)
{
  Masters *masters = &get_fixture ()->aac;
  /* From inside the second master to inside the third. */
  gint64 keyframe = masters->parts[1].first_frame;
  gint64 from = keyframe + 5 * FRAME_US + 1234;
  gint64 to = masters->parts[2].first_frame + 10 * FRAME_US + 4321;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, from, to, "h264", &result);
  g_autoptr(GArray) video = probe_packets (path, "v");
  g_autoptr(GArray) audio = probe_packets (path, "a");
  g_autoptr(GArray) master_video = master_packets (masters, "v", keyframe, to);
  g_autoptr(GArray) master_audio = master_packets (masters, "a", keyframe, to);
  g_autoptr(JsonObject) sound = probe_stream (path, "audio");
  gint64 last = MAX (g_array_index (master_video, Packet, master_video->len - 1).time_us,
                     g_array_index (master_audio, Packet, master_audio->len - 1).time_us);
  guint join = 0;

  /* It starts at the keyframe before the start asked for, and says so. */
  g_assert_cmpint (result.first_frame, ==, keyframe);
  g_assert_cmpint (ABS (result.last_frame - last), <=, TIME_EPSILON_US);
  g_assert_cmpint (result.last_frame, <, to);
  g_assert_cmpstr (result.audio, ==, "copied");

  /* Every frame up to the last before the end, at its time, across the
   * join; the picture's bytes are the camera's. */
  assert_same_frames (video, master_video, keyframe);
  assert_same_frames (audio, master_audio, keyframe);
  g_assert_cmpint (g_array_index (video, Packet, 0).time_us, ==, 0);
  assert_packet_is (path, video, 0, masters->keyframes[1]);
  while (join < video->len
         && keyframe + g_array_index (video, Packet, join).time_us < masters->parts[2].first_frame - TIME_EPSILON_US)
    join++;
  g_assert_cmpuint (join, >, 0);
  g_assert_cmpuint (join, <, video->len);
  assert_packet_is (path, video, join, masters->keyframes[2]);
  /* No jump at the join: the frames go on at the camera's rate. */
  g_assert_cmpint (g_array_index (video, Packet, join).time_us - g_array_index (video, Packet, join - 1).time_us,
                   <, FRAME_US * 3 / 2);

  /* The sound is the camera's AAC, copied. */
  g_assert_nonnull (sound);
  g_assert_cmpstr (json_object_get_string_member (sound, "codec_name"), ==, "aac");
}

/* G.711 sound becomes AAC, and the copy says so. */
static void
check_converted (Masters    *masters,
                 const char *words)
{
  gint64 start = masters->parts[0].first_frame;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, start, masters->end_us, "h264", &result);
  g_autoptr(GArray) video = probe_packets (path, "v");
  g_autoptr(GArray) audio = probe_packets (path, "a");
  g_autoptr(GArray) master_video = master_packets (masters, "v", start, masters->end_us);
  g_autoptr(GArray) master_audio = master_packets (masters, "a", start, masters->end_us);
  g_autoptr(JsonObject) sound = probe_stream (path, "audio");
  gint64 sound_start, sound_stop, master_start, master_end;
  double copy_volume, master_volume;

  /* The range starts on a keyframe: the copy starts there. */
  g_assert_cmpint (result.first_frame, ==, start);
  g_assert_cmpstr (result.audio, ==, words);
  assert_same_frames (video, master_video, start);
  assert_packet_is (path, video, 0, masters->keyframes[0]);

  /* The sound became AAC, at the same rate, over the same time (to the
   * padding of the last AAC frame, up to 128 ms at 8 kHz, which ffmpeg
   * plays, and the ms the masters count in), as loud as it was. */
  g_assert_nonnull (sound);
  g_assert_cmpstr (json_object_get_string_member (sound, "codec_name"), ==, "aac");
  g_assert_cmpstr (json_object_get_string_member (sound, "sample_rate"), ==, "8000");
  sound_start = start + seconds_to_us (json_object_get_string_member (sound, "start_time"));
  sound_stop = start + sound_end (path);
  master_start = g_array_index (master_audio, Packet, 0).time_us;
  master_end = g_array_index (master_audio, Packet, master_audio->len - 1).time_us
               + g_array_index (master_audio, Packet, master_audio->len - 1).size * G_USEC_PER_SEC / 8000;
  g_test_message ("sound %.3f to %.3f s; recorded %.3f to %.3f s", (sound_start - start) / 1e6,
                  (sound_stop - start) / 1e6, (master_start - start) / 1e6, (master_end - start) / 1e6);
  g_assert_cmpint (ABS (sound_start - master_start), <=, 1000);
  g_assert_cmpint (sound_stop, >=, master_end - 2000);
  g_assert_cmpint (sound_stop, <=, master_end + 128000 + 2000);
  g_assert_cmpuint (audio->len, >=, (master_end - master_start) / 128000);
  master_volume = mean_volume ((const char * const []) { masters->paths[0], masters->paths[1], masters->paths[2],
                                                         NULL });
  copy_volume = mean_volume ((const char * const []) { path, NULL });
  g_test_message ("mean volume: %.1f dB recorded, %.1f dB in the copy", master_volume, copy_volume);
  g_assert_cmpfloat (ABS (copy_volume - master_volume), <, 3.0);
}

static void
test_pcmu (void)
{
  check_converted (&get_fixture ()->pcmu, "converted from PCMU to AAC");
}

static void
test_pcma (void)
{
  check_converted (&get_fixture ()->pcma, "converted from PCMA to AAC");
}

/* H.265 and Opus are copied as they are. */
static void
test_h265_opus (void)
{
  Masters *masters = &get_fixture ()->hevc;
  gint64 keyframe = masters->parts[0].first_frame;
  gint64 to = masters->parts[1].last_frame + 1;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, keyframe + FRAME_US, to, "hevc", &result);
  g_autoptr(GArray) video = probe_packets (path, "v");
  g_autoptr(GArray) audio = probe_packets (path, "a");
  g_autoptr(GArray) master_video = master_packets (masters, "v", keyframe, to);
  g_autoptr(GArray) master_audio = master_packets (masters, "a", keyframe, to);
  g_autoptr(JsonObject) sound = probe_stream (path, "audio");

  g_assert_cmpint (result.first_frame, ==, keyframe);
  g_assert_cmpstr (result.audio, ==, "copied");
  assert_same_frames (video, master_video, keyframe);
  assert_same_frames (audio, master_audio, keyframe);
  assert_packet_is (path, video, 0, masters->keyframes[0]);
  g_assert_nonnull (sound);
  g_assert_cmpstr (json_object_get_string_member (sound, "codec_name"), ==, "opus");
}

/* The camera was offline between two masters: the copy keeps the time it
 * was away rather than closing the gap. */
static void
test_gap (void)
{
  Masters *masters = &get_fixture ()->gap;
  gint64 start = masters->parts[0].first_frame;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, start - G_USEC_PER_SEC, masters->end_us, "h264", &result);
  g_autoptr(GArray) video = probe_packets (path, "v");
  g_autoptr(GArray) master_video = master_packets (masters, "v", start, masters->end_us);
  guint join = 0;

  g_assert_cmpint (result.first_frame, ==, start);
  assert_same_frames (video, master_video, start);
  while (start + g_array_index (video, Packet, join).time_us < masters->parts[2].first_frame - TIME_EPSILON_US)
    join++;
  g_assert_cmpint (g_array_index (video, Packet, join).time_us - g_array_index (video, Packet, join - 1).time_us,
                   >=, GAP_US);
  assert_packet_is (path, video, join, masters->keyframes[2]);
}

static void
test_cancel (void)
{
  Masters *masters = &get_fixture ()->aac;
  g_autofree char *path = g_build_filename (get_fixture ()->dir, "cancelled.mp4", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Progress progress = { fractions, cancellable, path, FALSE };
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  /* Half-way through writing. */
  g_assert_false (vigil_working_copy_write (masters->parts, N_MASTERS, masters->parts[0].first_frame,
                                            masters->end_us, path, on_progress, &progress, cancellable, &result,
                                            &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (progress.existed);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (result.sha256);
  g_clear_error (&error);

  /* Before it began. */
  g_assert_false (vigil_working_copy_write (masters->parts, N_MASTERS, masters->parts[0].first_frame,
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
  Masters *masters = &get_fixture ()->aac;
  g_autofree char *path = g_build_filename (get_fixture ()->dir, "refused.mp4", NULL);
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (vigil_working_copy_write (parts, N_MASTERS, masters->parts[0].first_frame, masters->end_us, path,
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
  Fixture *f = get_fixture ();
  VigilWorkingCopyPart parts[N_MASTERS];
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
  Fixture *f = get_fixture ();
  g_autofree char *path = g_build_filename (f->dir, "existing.mp4", NULL);
  g_autofree char *contents = NULL;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  /* An existing file is never overwritten. */
  g_file_set_contents (path, "someone else's", -1, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_working_copy_write (f->aac.parts, N_MASTERS, f->aac.parts[0].first_frame, f->aac.end_us,
                                            path, NULL, NULL, NULL, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_file_get_contents (path, &contents, NULL, NULL);
  g_assert_cmpstr (contents, ==, "someone else's");
  g_clear_error (&error);
  g_unlink (path);

  /* A range that falls in the gap holds no picture. */
  g_assert_false (vigil_working_copy_write (f->gap.parts, N_MASTERS, f->gap.parts[1].last_frame + G_USEC_PER_SEC,
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
  Masters *masters = &get_fixture ()->aac;
  g_auto(VigilWorkingCopyResult) result = { 0 };
  g_autofree char *path = write_copy (masters, masters->parts[0].first_frame, masters->end_us, "h264", &result);
  g_autoptr(GArray) video = probe_packets (path, "v");
  g_autoptr(GArray) master_video = probe_packets (masters->parts[1].path, "v");
  cairo_surface_t *first, *last, *master_last;

  /* The working copy's first and last pictures, scaled to fit 100 pixels
   * across: 160×90 becomes 100×56. */
  first = read_still (path, VIGIL_STILL_FIRST, 100, 100, 56, 0);
  last = read_still (path, VIGIL_STILL_LAST, 100, 100, 56, g_array_index (video, Packet, video->len - 1).time_us);
  /* The ball has moved between them. */
  g_assert_cmpuint (pixels_differing (first, last), >, 20);

  /* A master's last, at its own size. */
  master_last = read_still (masters->parts[1].path, VIGIL_STILL_LAST, 0, WIDTH, HEIGHT,
                            g_array_index (master_video, Packet, master_video->len - 1).time_us);

  cairo_surface_destroy (first);
  cairo_surface_destroy (last);
  cairo_surface_destroy (master_last);
}

static void
test_still_refused (void)
{
  g_autofree char *note = g_build_filename (get_fixture ()->dir, "note.txt", NULL);
  g_autofree char *missing = g_build_filename (get_fixture ()->dir, "missing.mp4", NULL);
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
  g_clear_pointer (&fixture, fixture_free);
  return status;
}
