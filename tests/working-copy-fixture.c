/* working-copy-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Masters for test-working-copy: four simulated cameras recorded at once
 * through the camera source, their frames timed as the recorder times
 * them, written with the real segment writer.
 */

#define G_LOG_DOMAIN "working-copy-fixture"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "media-test-utils.h"
#include "vigil-segment-writer.h"
#include "working-copy-fixture.h"

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
JsonObject *
wc_probe_stream (const char *path,
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

gint64
wc_seconds_to_us (const char *text)
{
  double seconds = g_ascii_strtod (text, NULL) * G_USEC_PER_SEC;

  return (gint64) (seconds < 0 ? seconds - 0.5 : seconds + 0.5);
}

/* The packets of @path's stream @select ("v" or "a"), in order. */
GArray *
wc_probe_packets (const char *path,
                  const char *select)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", select, "-show_entries",
                         "packet=pts_time,pos,size,flags", "-of", "json", path, NULL };
  g_autoptr(JsonObject) info = run_json (argv);
  JsonArray *packets = json_object_get_array_member (info, "packets");
  GArray *out = g_array_new (FALSE, FALSE, sizeof (WcPacket));

  for (guint i = 0; packets != NULL && i < json_array_get_length (packets); i++)
    {
      JsonObject *packet = json_array_get_object_element (packets, i);
      WcPacket p = {
        .time_us = wc_seconds_to_us (json_object_get_string_member (packet, "pts_time")),
        .pos = g_ascii_strtoll (json_object_get_string_member (packet, "pos"), NULL, 10),
        .size = g_ascii_strtoll (json_object_get_string_member (packet, "size"), NULL, 10),
        .keyframe = json_object_get_string_member (packet, "flags")[0] == 'K',
      };

      g_array_append_val (out, p);
    }
  return out;
}

/* Decodes every packet of @path: a player would show and play all of it. */
void
wc_assert_decodes (const char *path)
{
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-fps_mode", "passthrough",
                         "-enc_time_base", "-1", "-f", "null", "-", NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = run_tool (argv, &err);

  g_assert_cmpstr (err, ==, "");
}

/* The mean volume in dB, as ffmpeg's volumedetect measures it, of the
 * sound of @paths played one after another. */
double
wc_mean_volume (const char * const *paths)
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

/* When @path's sound ends, from the file's start, decoded as a player
 * plays it: in time, with silence where the camera sent none. */
gint64
wc_sound_end (const char *path)
{
  g_autofree char *raw = g_strconcat (path, ".raw", NULL);
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vn", "-af",
                         "aresample=async=1:first_pts=0", "-ac", "1", "-ar", "8000", "-f", "s16le", raw, NULL };
  g_autofree char *out = run_tool (argv, NULL);
  gint64 length = (gint64) wc_file_size (raw) / 2 * G_USEC_PER_SEC / 8000;

  g_unlink (raw);
  return length;
}

/* The top-level boxes of an MP4, in order: "ftyp moov mdat". */
char *
wc_top_level_boxes (const char *path)
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

guint64
wc_file_size (const char *path)
{
  struct stat info;

  g_assert_no_errno (stat (path, &info));
  return (guint64) info.st_size;
}

char *
wc_file_sha256 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* @size bytes of @path at @pos. */
GBytes *
wc_file_bytes (const char *path,
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
  if (keyframe && capture->keyframes++ == WC_N_MASTERS)
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

static void
masters_clear (WcMasters *masters)
{
  for (guint i = 0; i < WC_N_MASTERS; i++)
    {
      g_free (masters->paths[i]);
      g_clear_pointer (&masters->keyframes[i], gst_buffer_unref);
    }
}

/* Writes @capture into WC_N_MASTERS segment files in @dir named
 * @name-N.mkv, one a keyframe interval, the last @gap_us later than it was
 * recorded. */
static void
write_masters (Capture    *capture,
               const char *dir,
               const char *name,
               gint64      gap_us,
               WcMasters  *masters)
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
          g_assert_cmpint (index, <, WC_N_MASTERS);
        }
      g_assert_cmpint (index, >=, 0);
      time_us = frame->time_us + (index == WC_N_MASTERS - 1 ? gap_us : 0);
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
  g_assert_cmpint (index, ==, WC_N_MASTERS - 1);
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

static WcFixture *fixture;

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
      if (frames++ > 0 && frame->time_us - previous > WC_FRAME_US * 3 / 2)
        return FALSE;
      previous = frame->time_us;
    }
  return frames == WC_N_MASTERS * 2 * G_USEC_PER_SEC / WC_FRAME_US;
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

WcFixture *
wc_fixture_get (void)
{
  Capture *captures[G_N_ELEMENTS (cameras) + 1] = { NULL };
  WcMasters *masters[G_N_ELEMENTS (cameras)];
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

  fixture = g_new0 (WcFixture, 1);
  fixture->dir = vigil_test_make_dir ();
  masters[0] = &fixture->aac;
  masters[1] = &fixture->pcmu;
  masters[2] = &fixture->pcma;
  masters[3] = &fixture->hevc;
  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    {
      write_masters (captures[i], fixture->dir, cameras[i].path, 0, masters[i]);
      if (i == 0)
        write_masters (captures[i], fixture->dir, "gap", WC_GAP_US, &fixture->gap);
      capture_free (captures[i]);
    }
  return fixture;
}

void
wc_fixture_free (void)
{
  WcFixture *f = g_steal_pointer (&fixture);

  if (f == NULL)
    return;
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
GArray *
wc_master_packets (const WcMasters *masters,
                   const char      *select,
                   gint64           start,
                   gint64           to)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (WcPacket));

  for (guint i = 0; i < WC_N_MASTERS; i++)
    {
      g_autoptr(GArray) packets = wc_probe_packets (masters->parts[i].path, select);

      for (guint j = 0; j < packets->len; j++)
        {
          WcPacket packet = g_array_index (packets, WcPacket, j);

          packet.time_us += masters->parts[i].first_frame;
          if (packet.time_us >= start && packet.time_us < to)
            g_array_append_val (out, packet);
        }
    }
  return out;
}
