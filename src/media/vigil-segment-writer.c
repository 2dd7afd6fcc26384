/* vigil-segment-writer.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vigil-matroska-private.h"
#include "vigil-segment-writer.h"
#include "vigil-sha256.h"

#define HASH_CHUNK (1024 * 1024)
/* DateUTC counts nanoseconds from 2001-01-01T00:00:00Z. */
#define MKV_EPOCH_US G_GINT64_CONSTANT (978307200000000)
/* Opus's decoder needs 80 ms before a seek target to settle. */
#define OPUS_SEEK_PRE_ROLL_NS 80000000
/* WAVEFORMATEX format tags. */
#define WAVE_FORMAT_ALAW  6
#define WAVE_FORMAT_MULAW 7

struct _VigilSegmentWriter
{
  GObject  parent_instance;

  char    *path;
  gint64   start_us;
  gboolean has_audio;
  guint64  duration_slot;   /* where Info's Duration slot is */

  GMutex   lock;            /* everything below */
  int      fd;              /* -1 once closed */
  gboolean closed;
  gboolean failed;          /* a write failed: no more */
  gboolean started;         /* the first keyframe is written */
  guint64  size;
  gint64   cluster_ms;      /* the open cluster's time, or -1 */
  gint64   track_ms[2];     /* each track's last frame time, or -1 */
  gint64   last_us;
  guint64  frames;
  GArray  *marks;           /* Mark, the frames of the last CUT_WINDOW_US */
};

/* Where the file stood before a frame was written, so that it can be cut
 * back there. */
typedef struct
{
  gint64  time_us;
  guint64 size;
  guint64 frames;
  gint64  last_us;
  gint64  cluster_ms;
  gint64  track_ms[2];
  gboolean started;
} Mark;

/* How far back a segment can be cut: further than a policy change takes
 * to reach the recorder. */
#define CUT_WINDOW_US (30 * G_TIME_SPAN_SECOND)

G_DEFINE_FINAL_TYPE (VigilSegmentWriter, vigil_segment_writer, G_TYPE_OBJECT)

static void
vigil_segment_writer_finalize (GObject *object)
{
  VigilSegmentWriter *self = VIGIL_SEGMENT_WRITER (object);

  /* Not closed: the file stays as a crash would leave it, for recovery. */
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  g_array_unref (self->marks);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_segment_writer_parent_class)->finalize (object);
}

static void
vigil_segment_writer_class_init (VigilSegmentWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_segment_writer_finalize;
}

static void
vigil_segment_writer_init (VigilSegmentWriter *self)
{
  g_mutex_init (&self->lock);
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  self->fd = -1;
  self->cluster_ms = -1;
  self->track_ms[VIGIL_MEDIA_KIND_VIDEO] = self->track_ms[VIGIL_MEDIA_KIND_AUDIO] = -1;
}

static void set_io_error (GError     **error,
                          int          errsv,
                          const char  *format,
                          ...) G_GNUC_PRINTF (3, 4);

/* A G_IO_ERROR for @errsv; @format names the file and the reason. */
static void
set_io_error (GError     **error,
              int          errsv,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), message);
}

/* Tracks */

static GstBuffer *
get_codec_data (const GstStructure *structure)
{
  const GValue *value = gst_structure_get_value (structure, "codec_data");

  if (value == NULL || !GST_VALUE_HOLDS_BUFFER (value))
    return NULL;
  return gst_value_get_buffer (value);
}

static void
put_codec_private (GByteArray *out,
                   GstBuffer  *data)
{
  GstMapInfo map;

  if (!gst_buffer_map (data, &map, GST_MAP_READ))
    return;
  vigil_mkv_put_binary (out, VIGIL_MKV_CODEC_PRIVATE, map.data, map.size);
  gst_buffer_unmap (data, &map);
}

static gboolean
field_is (const GstStructure *structure,
          const char         *field,
          const char         *value,
          const char         *or_value)
{
  const char *actual = gst_structure_get_string (structure, field);

  /* A parser that leaves a field out sends what the format defaults to. */
  return actual == NULL || g_str_equal (actual, value) || (or_value != NULL && g_str_equal (actual, or_value));
}

static void
put_track_head (GByteArray *out,
                guint       number,
                guint       type,
                const char *codec_id)
{
  vigil_mkv_put_uint (out, VIGIL_MKV_TRACK_NUMBER, number);
  vigil_mkv_put_uint (out, VIGIL_MKV_TRACK_UID, ((guint64) g_random_int () << 32 | g_random_int ()) | 1);
  vigil_mkv_put_uint (out, VIGIL_MKV_TRACK_TYPE, type);
  vigil_mkv_put_uint (out, VIGIL_MKV_FLAG_LACING, 0);
  vigil_mkv_put_string (out, VIGIL_MKV_LANGUAGE, "und");
  vigil_mkv_put_string (out, VIGIL_MKV_CODEC_ID, codec_id);
}

static gboolean
put_video_track (GByteArray  *out,
                 GstCaps     *caps,
                 GError     **error)
{
  const GstStructure *structure;
  const char *name, *codec_id;
  GstBuffer *codec_data;
  int width = 0, height = 0;
  gsize entry, video;

  if (gst_caps_get_size (caps) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The camera's video cannot be recorded: its format is not fixed"));
      return FALSE;
    }
  structure = gst_caps_get_structure (caps, 0);
  name = gst_structure_get_name (structure);

  if (g_str_equal (name, "video/x-h264") && field_is (structure, "stream-format", "avc", NULL))
    codec_id = "V_MPEG4/ISO/AVC";
  else if (g_str_equal (name, "video/x-h265") && field_is (structure, "stream-format", "hvc1", "hev1"))
    codec_id = "V_MPEGH/ISO/HEVC";
  else
    {
      g_autofree char *text = gst_caps_to_string (caps);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The camera's video cannot be recorded: Vigil records H.264 and H.265 in frames with "
                     "their parameter sets apart, not %s"), text);
      return FALSE;
    }

  codec_data = get_codec_data (structure);
  if (codec_data == NULL || !field_is (structure, "alignment", "au", NULL)
      || !gst_structure_get_int (structure, "width", &width) || !gst_structure_get_int (structure, "height", &height)
      || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The camera's video cannot be recorded: its format lacks its size, its parameter sets or "
                     "whole frames"));
      return FALSE;
    }

  entry = vigil_mkv_begin (out, VIGIL_MKV_TRACK_ENTRY);
  put_track_head (out, VIGIL_MKV_TRACK_VIDEO, 1, codec_id);
  put_codec_private (out, codec_data);
  video = vigil_mkv_begin (out, VIGIL_MKV_VIDEO);
  vigil_mkv_put_uint (out, VIGIL_MKV_PIXEL_WIDTH, (guint64) width);
  vigil_mkv_put_uint (out, VIGIL_MKV_PIXEL_HEIGHT, (guint64) height);
  vigil_mkv_end (out, video);
  vigil_mkv_end (out, entry);
  return TRUE;
}

static void
put_le (GByteArray *out,
        guint32     value,
        guint       length)
{
  for (guint i = 0; i < length; i++)
    g_byte_array_append (out, (guint8[]) { value >> (8 * i) }, 1);
}

static gboolean
put_audio_track (GByteArray  *out,
                 GstCaps     *caps,
                 GError     **error)
{
  const GstStructure *structure = gst_caps_get_size (caps) == 1 ? gst_caps_get_structure (caps, 0) : NULL;
  const char *name = structure != NULL ? gst_structure_get_name (structure) : "";
  g_autoptr(GByteArray) codec_private = g_byte_array_new ();
  GstBuffer *codec_data = structure != NULL ? get_codec_data (structure) : NULL;
  int rate = 0, channels = 0, version = 0;
  const char *codec_id = NULL;
  gsize entry, audio;

  if (structure != NULL)
    {
      gst_structure_get_int (structure, "rate", &rate);
      gst_structure_get_int (structure, "channels", &channels);
    }

  if (g_str_equal (name, "audio/mpeg") && gst_structure_get_int (structure, "mpegversion", &version)
      && (version == 2 || version == 4) && field_is (structure, "stream-format", "raw", NULL)
      && codec_data != NULL)
    codec_id = "A_AAC";
  else if (g_str_equal (name, "audio/x-opus"))
    {
      int family = 0;

      gst_structure_get_int (structure, "channel-mapping-family", &family);
      rate = 48000;
      channels = channels > 0 ? channels : 1;
      if (family == 0 && channels <= 2)
        {
          /* OpusHead (RFC 7845): an RTP stream says nothing of pre-skip
           * or gain. */
          g_byte_array_append (codec_private, (const guint8 *) "OpusHead", 8);
          put_le (codec_private, 1, 1);
          put_le (codec_private, (guint32) channels, 1);
          put_le (codec_private, 0, 2);
          put_le (codec_private, 48000, 4);
          put_le (codec_private, 0, 2);
          put_le (codec_private, 0, 1);
          codec_id = "A_OPUS";
        }
    }
  else if (g_str_equal (name, "audio/x-mulaw") || g_str_equal (name, "audio/x-alaw"))
    {
      if (rate > 0 && channels > 0)
        {
          /* WAVEFORMATEX, for Matroska's A_MS/ACM: 8-bit samples. */
          put_le (codec_private, g_str_equal (name, "audio/x-mulaw") ? WAVE_FORMAT_MULAW : WAVE_FORMAT_ALAW, 2);
          put_le (codec_private, (guint32) channels, 2);
          put_le (codec_private, (guint32) rate, 4);
          put_le (codec_private, (guint32) (rate * channels), 4);
          put_le (codec_private, (guint32) channels, 2);
          put_le (codec_private, 8, 2);
          put_le (codec_private, 0, 2);
          codec_id = "A_MS/ACM";
        }
    }

  if (codec_id == NULL || rate <= 0 || channels <= 0)
    {
      g_autofree char *text = gst_caps_to_string (caps);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The camera's sound cannot be recorded: Vigil records AAC, Opus and G.711, not %s"), text);
      return FALSE;
    }

  entry = vigil_mkv_begin (out, VIGIL_MKV_TRACK_ENTRY);
  put_track_head (out, VIGIL_MKV_TRACK_AUDIO, 2, codec_id);
  if (codec_private->len > 0)
    vigil_mkv_put_binary (out, VIGIL_MKV_CODEC_PRIVATE, codec_private->data, codec_private->len);
  else
    put_codec_private (out, codec_data);
  if (g_str_equal (codec_id, "A_OPUS"))
    {
      vigil_mkv_put_uint (out, VIGIL_MKV_CODEC_DELAY, 0);
      vigil_mkv_put_uint (out, VIGIL_MKV_SEEK_PRE_ROLL, OPUS_SEEK_PRE_ROLL_NS);
    }
  audio = vigil_mkv_begin (out, VIGIL_MKV_AUDIO);
  vigil_mkv_put_float (out, VIGIL_MKV_SAMPLING_FREQUENCY, rate);
  vigil_mkv_put_uint (out, VIGIL_MKV_CHANNELS, (guint64) channels);
  vigil_mkv_end (out, audio);
  vigil_mkv_end (out, entry);
  return TRUE;
}

/* Everything before the first cluster. */
static GByteArray *
make_header (GstCaps  *video_caps,
             GstCaps  *audio_caps,
             gint64    start_us,
             guint64  *duration_slot,
             GError  **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize element;

  element = vigil_mkv_begin (out, VIGIL_MKV_EBML);
  vigil_mkv_put_uint (out, VIGIL_MKV_EBML_VERSION, 1);
  vigil_mkv_put_uint (out, VIGIL_MKV_EBML_READ_VERSION, 1);
  vigil_mkv_put_uint (out, VIGIL_MKV_EBML_MAX_ID_LENGTH, 4);
  vigil_mkv_put_uint (out, VIGIL_MKV_EBML_MAX_SIZE_LENGTH, 8);
  vigil_mkv_put_string (out, VIGIL_MKV_DOC_TYPE, "matroska");
  vigil_mkv_put_uint (out, VIGIL_MKV_DOC_TYPE_VERSION, 4);
  vigil_mkv_put_uint (out, VIGIL_MKV_DOC_TYPE_READ_VERSION, 2);
  vigil_mkv_end (out, element);

  vigil_mkv_put_id (out, VIGIL_MKV_SEGMENT);
  g_byte_array_append (out, (const guint8[]) { 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, 8);

  element = vigil_mkv_begin (out, VIGIL_MKV_INFO);
  vigil_mkv_put_uint (out, VIGIL_MKV_TIMESTAMP_SCALE, 1000000);
  vigil_mkv_put_string (out, VIGIL_MKV_MUXING_APP, "Vigil " PACKAGE_VERSION);
  vigil_mkv_put_string (out, VIGIL_MKV_WRITING_APP, "Vigil " PACKAGE_VERSION);
  vigil_mkv_put_int (out, VIGIL_MKV_DATE_UTC, (start_us - MKV_EPOCH_US) * 1000);
  *duration_slot = out->len;
  vigil_mkv_put_duration_slot (out, TRUE, 0);
  vigil_mkv_end (out, element);

  element = vigil_mkv_begin (out, VIGIL_MKV_TRACKS);
  if (!put_video_track (out, video_caps, error))
    return NULL;
  if (audio_caps != NULL && !put_audio_track (out, audio_caps, error))
    return NULL;
  vigil_mkv_end (out, element);
  return g_steal_pointer (&out);
}

/* Writing */

/* Writes all of @iov at @offset; 0 or the errno of the failure. */
static int
write_all (int           fd,
           struct iovec *iov,
           int           n_iov,
           guint64       offset)
{
  while (n_iov > 0)
    {
      ssize_t written = pwritev (fd, iov, n_iov, (off_t) offset);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        return errno;
      if (written == 0)
        return EIO;
      offset += (guint64) written;
      while (n_iov > 0 && (gsize) written >= iov->iov_len)
        {
          written -= (ssize_t) iov->iov_len;
          iov++;
          n_iov--;
        }
      if (n_iov > 0)
        {
          iov->iov_base = (guint8 *) iov->iov_base + written;
          iov->iov_len -= (gsize) written;
        }
    }
  return 0;
}

static gboolean
sync_folder (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int errsv;

  if (fd < 0 || fsync (fd) < 0)
    {
      errsv = errno;
      if (fd >= 0)
        close (fd);
      set_io_error (error, errsv, _("Could not save the folder “%s”: %s"), folder, g_strerror (errsv));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

VigilSegmentWriter *
vigil_segment_writer_new (const char  *path,
                          GstCaps     *video_caps,
                          GstCaps     *audio_caps,
                          gint64       start_us,
                          GError     **error)
{
  g_autoptr(VigilSegmentWriter) self = NULL;
  g_autoptr(GByteArray) header = NULL;
  guint64 duration_slot = 0;
  struct iovec iov;
  int errsv;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (GST_IS_CAPS (video_caps), NULL);
  g_return_val_if_fail (audio_caps == NULL || GST_IS_CAPS (audio_caps), NULL);
  g_return_val_if_fail (start_us >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  header = make_header (video_caps, audio_caps, start_us, &duration_slot, error);
  if (header == NULL)
    return NULL;

  self = g_object_new (VIGIL_TYPE_SEGMENT_WRITER, NULL);
  self->path = g_strdup (path);
  self->start_us = start_us;
  self->has_audio = audio_caps != NULL;
  self->duration_slot = duration_slot;

  self->fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (self->fd < 0)
    {
      errsv = errno;
      set_io_error (error, errsv, _("Could not create the recording “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }

  iov = (struct iovec) { header->data, header->len };
  if ((errsv = write_all (self->fd, &iov, 1, 0)) != 0)
    {
      set_io_error (error, errsv, _("Could not write to the recording “%s”: %s"), path, g_strerror (errsv));
      close (self->fd);
      self->fd = -1;
      g_unlink (path);
      return NULL;
    }
  self->size = header->len;
  return g_steal_pointer (&self);
}

/* vigil_segment_writer_write(), with the lock held. */
static gboolean
write_locked (VigilSegmentWriter  *self,
              VigilMediaKind       kind,
              GstBuffer           *buffer,
              gint64               time_us,
              GError             **error)
{
  g_autoptr(GByteArray) head = g_byte_array_sized_new (32);
  gboolean video = kind == VIGIL_MEDIA_KIND_VIDEO;
  gboolean keyframe, new_cluster;
  struct iovec iov[2];
  GstMapInfo map;
  Mark mark;
  gint64 ms;
  int errsv;

  keyframe = !video || !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  if (self->closed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The recording “%s” is already closed"), self->path);
      return FALSE;
    }
  if (self->failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The recording “%s” ended at an earlier write error"), self->path);
      return FALSE;
    }
  if (!video && !self->has_audio)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The recording “%s” has no sound track"), self->path);
      return FALSE;
    }
  /* ms in a signed 32-bit cluster time: some 24 days, far beyond a segment. */
  if (time_us < self->start_us || (time_us - self->start_us) / 1000 > G_MAXINT32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A frame from outside the time of the recording “%s” cannot be written to it"), self->path);
      return FALSE;
    }
  if (!self->started && !video)
    return TRUE;
  if (!self->started && !keyframe)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The recording “%s” must begin with a keyframe"), self->path);
      return FALSE;
    }

  /* Each track's times rise: sound packets that arrive in a burst would
   * share a millisecond, which players take for a broken stream and
   * remuxing to MP4 refuses. */
  ms = MAX ((time_us - self->start_us) / 1000, self->track_ms[kind] + 1);
  new_cluster = (video && keyframe) || self->cluster_ms < 0
                || ms - self->cluster_ms > G_MAXINT16 || ms - self->cluster_ms < G_MININT16;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("A frame for the recording “%s” could not be read"), self->path);
      return FALSE;
    }
  if (new_cluster)
    vigil_mkv_put_cluster (head, (guint64) ms);
  vigil_mkv_put_block_head (head, video ? VIGIL_MKV_TRACK_VIDEO : VIGIL_MKV_TRACK_AUDIO,
                            (gint16) (ms - (new_cluster ? ms : self->cluster_ms)), keyframe, map.size);

  mark = (Mark) {
    .time_us = time_us, .size = self->size, .frames = self->frames, .last_us = self->last_us,
    .cluster_ms = self->cluster_ms, .track_ms = { self->track_ms[0], self->track_ms[1] }, .started = self->started,
  };

  /* One call, straight to the file: the frame is there when it returns. */
  iov[0] = (struct iovec) { head->data, head->len };
  iov[1] = (struct iovec) { map.data, map.size };
  errsv = write_all (self->fd, iov, G_N_ELEMENTS (iov), self->size);
  if (errsv != 0)
    {
      gst_buffer_unmap (buffer, &map);
      /* Back to the last complete frame; recovery would cut there anyway
       * if this fails too. */
      if (ftruncate (self->fd, (off_t) self->size) < 0)
        g_debug ("could not cut %s back after a failed write: %s", self->path, g_strerror (errno));
      self->failed = TRUE;
      set_io_error (error, errsv, _("Could not write to the recording “%s”: %s"), self->path, g_strerror (errsv));
      return FALSE;
    }

  self->size += head->len + map.size;
  gst_buffer_unmap (buffer, &map);
  g_array_append_val (self->marks, mark);
  while (self->marks->len > 1 && time_us - g_array_index (self->marks, Mark, 0).time_us > CUT_WINDOW_US)
    g_array_remove_index (self->marks, 0);
  if (new_cluster)
    self->cluster_ms = ms;
  self->track_ms[kind] = ms;
  self->last_us = MAX (self->last_us, MAX (time_us, self->start_us + ms * 1000));
  if (video)
    {
      self->frames++;
      self->started = TRUE;
    }
  return TRUE;
}

gboolean
vigil_segment_writer_write (VigilSegmentWriter  *self,
                            VigilMediaKind       kind,
                            GstBuffer           *buffer,
                            gint64               time_us,
                            GError             **error)
{
  gboolean written;

  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), FALSE);
  g_return_val_if_fail (kind == VIGIL_MEDIA_KIND_VIDEO || kind == VIGIL_MEDIA_KIND_AUDIO, FALSE);
  g_return_val_if_fail (GST_IS_BUFFER (buffer), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&self->lock);
  written = write_locked (self, kind, buffer, time_us, error);
  g_mutex_unlock (&self->lock);
  return written;
}

/**
 * vigil_segment_writer_cut:
 * @before_us: the first instant the segment may not hold
 *
 * Takes back every frame timed at or after @before_us (within the last
 * 30 s of frames), as if it had never been written: for a policy change
 * that reaches the recorder a moment after it took effect.
 *
 * Returns: the number of video frames taken back, or -1 with @error set
 */
gint64
vigil_segment_writer_cut (VigilSegmentWriter  *self,
                          gint64               before_us,
                          GError             **error)
{
  guint first = 0;
  guint64 frames;
  Mark *mark;

  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), -1);

  g_mutex_lock (&self->lock);
  while (first < self->marks->len && g_array_index (self->marks, Mark, first).time_us < before_us)
    first++;
  if (first == self->marks->len || self->closed)
    {
      g_mutex_unlock (&self->lock);
      return 0;
    }

  mark = &g_array_index (self->marks, Mark, first);
  if (first == 0 && mark->time_us > before_us + CUT_WINDOW_US)
    {
      g_mutex_unlock (&self->lock);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The recording “%s” cannot be cut back further than its last %d s"),
                   self->path, (int) (CUT_WINDOW_US / G_TIME_SPAN_SECOND));
      return -1;
    }
  if (ftruncate (self->fd, (off_t) mark->size) < 0)
    {
      int errsv = errno;

      self->failed = TRUE;
      g_mutex_unlock (&self->lock);
      set_io_error (error, errsv, _("Could not cut back the recording “%s”: %s"), self->path, g_strerror (errsv));
      return -1;
    }

  frames = self->frames - mark->frames;
  self->size = mark->size;
  self->frames = mark->frames;
  self->last_us = mark->last_us;
  self->cluster_ms = mark->cluster_ms;
  self->track_ms[0] = mark->track_ms[0];
  self->track_ms[1] = mark->track_ms[1];
  self->started = mark->started;
  g_array_set_size (self->marks, first);
  g_mutex_unlock (&self->lock);

  return (gint64) frames;
}

const char *
vigil_segment_writer_get_path (VigilSegmentWriter *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), NULL);

  return self->path;
}

gint64
vigil_segment_writer_get_start (VigilSegmentWriter *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), 0);

  return self->start_us;
}

gint64
vigil_segment_writer_get_last_time (VigilSegmentWriter *self)
{
  gint64 value;

  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), 0);

  g_mutex_lock (&self->lock);
  value = self->last_us;
  g_mutex_unlock (&self->lock);
  return value;
}

guint64
vigil_segment_writer_get_frames (VigilSegmentWriter *self)
{
  guint64 value;

  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), 0);

  g_mutex_lock (&self->lock);
  value = self->frames;
  g_mutex_unlock (&self->lock);
  return value;
}

guint64
vigil_segment_writer_get_size (VigilSegmentWriter *self)
{
  guint64 value;

  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), 0);

  g_mutex_lock (&self->lock);
  value = self->size;
  g_mutex_unlock (&self->lock);
  return value;
}

gboolean
vigil_segment_writer_sync (VigilSegmentWriter  *self,
                           GError             **error)
{
  int fd = -1, errsv;

  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A file descriptor of its own, so that frames go on being written while
   * the disk catches up, and a close meanwhile cannot pull it away. */
  g_mutex_lock (&self->lock);
  if (self->fd >= 0)
    fd = fcntl (self->fd, F_DUPFD_CLOEXEC, 0);
  errsv = fd < 0 && !self->closed ? errno : 0;
  g_mutex_unlock (&self->lock);

  if (fd < 0 && errsv == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The recording “%s” is already closed"), self->path);
      return FALSE;
    }
  if (fd >= 0 && fdatasync (fd) < 0)
    errsv = errno;
  if (fd >= 0)
    close (fd);
  if (errsv != 0)
    {
      set_io_error (error, errsv, _("Could not save the recording “%s”: %s"), self->path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* Writes the Duration (ms) into the slot at @offset. */
static int
write_duration (int     fd,
                guint64 offset,
                gint64  ms)
{
  g_autoptr(GByteArray) slot = g_byte_array_new ();
  struct iovec iov;

  vigil_mkv_put_duration_slot (slot, FALSE, (double) ms);
  iov = (struct iovec) { slot->data, slot->len };
  return write_all (fd, &iov, 1, offset);
}

gboolean
vigil_segment_writer_close (VigilSegmentWriter  *self,
                            guint64             *bytes,
                            char               **sha256,
                            GError             **error)
{
  g_autofree char *hash = NULL;
  int fd, errsv = 0;

  g_return_val_if_fail (VIGIL_IS_SEGMENT_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Frames still coming are refused from here on; the fd is this call's. */
  g_mutex_lock (&self->lock);
  fd = self->fd;
  if (!self->closed)
    {
      self->closed = TRUE;
      self->fd = -1;
      if (self->started)
        errsv = write_duration (fd, self->duration_slot, (self->last_us - self->start_us) / 1000);
    }
  else
    fd = -1;
  g_mutex_unlock (&self->lock);

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The recording “%s” is already closed"), self->path);
      return FALSE;
    }
  if (errsv == 0 && fsync (fd) < 0)
    errsv = errno;
  close (fd);
  if (errsv != 0)
    {
      set_io_error (error, errsv, _("Could not save the recording “%s”: %s"), self->path, g_strerror (errsv));
      return FALSE;
    }
  if (!sync_folder (self->path, error))
    return FALSE;

  hash = vigil_file_sha256 (self->path, bytes, error);
  if (hash == NULL)
    return FALSE;
  if (sha256 != NULL)
    *sha256 = g_steal_pointer (&hash);
  return TRUE;
}

/* Recovery */

/* Whether a segment file holds sound: for one the store does not know
 * (a crash between its first frame and its record). */
gboolean
vigil_segment_writer_read_audio (const char  *path,
                                 gboolean    *audio,
                                 GError     **error)
{
  VigilMkvScan scan;
  struct stat info;
  int fd;

  g_return_val_if_fail (path != NULL && audio != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &info) < 0)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      set_io_error (error, errsv, _("Could not open the recording “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  if (vigil_mkv_scan (fd, (guint64) info.st_size, &scan) == VIGIL_MKV_SCAN_NOT_MATROSKA)
    {
      g_autofree char *display = g_filename_display_name (path);

      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a recording Vigil wrote; it was left as it is"), display);
      return FALSE;
    }
  close (fd);
  *audio = scan.audio_frames > 0;
  return TRUE;
}

gboolean
vigil_segment_writer_recover (const char  *path,
                              gint64       start_us,
                              gint64      *last_us,
                              guint64     *bytes,
                              char       **sha256,
                              GError     **error)
{
  g_autofree char *hash = NULL;
  VigilMkvScanResult result;
  VigilMkvScan scan;
  struct stat info;
  gint64 last = 0;
  int fd, errsv = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &info) < 0)
    {
      errsv = errno;
      if (fd >= 0)
        close (fd);
      set_io_error (error, errsv, _("Could not open the recording “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }

  result = vigil_mkv_scan (fd, (guint64) info.st_size, &scan);
  if (result == VIGIL_MKV_SCAN_NOT_MATROSKA)
    {
      g_autofree char *display = g_filename_display_name (path);

      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a recording Vigil wrote; it was left as it is"), display);
      return FALSE;
    }

  if (result == VIGIL_MKV_SCAN_OK)
    {
      if (scan.complete_end < (guint64) info.st_size && ftruncate (fd, (off_t) scan.complete_end) < 0)
        errsv = errno;
      if (errsv == 0 && scan.video_frames > 0)
        {
          last = start_us + scan.last_ms * 1000;
          if (scan.duration_slot > 0)
            errsv = write_duration (fd, scan.duration_slot, scan.last_ms);
        }
    }
  if (errsv == 0 && fsync (fd) < 0)
    errsv = errno;
  close (fd);
  if (errsv != 0)
    {
      set_io_error (error, errsv, _("Could not repair the recording “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  if (!sync_folder (path, error))
    return FALSE;

  hash = vigil_file_sha256 (path, bytes, error);
  if (hash == NULL)
    return FALSE;
  if (last_us != NULL)
    *last_us = last;
  if (sha256 != NULL)
    *sha256 = g_steal_pointer (&hash);
  return TRUE;
}

char *
vigil_file_sha256 (const char  *path,
                   guint64     *bytes,
                   GError     **error)
{
  g_autoptr(VigilSha256) checksum = NULL;
  g_autofree guint8 *chunk = NULL;
  guint64 total = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      set_io_error (error, errsv, _("Could not read “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }

  checksum = vigil_sha256_new ();
  chunk = g_malloc (HASH_CHUNK);
  for (;;)
    {
      ssize_t got = read (fd, chunk, HASH_CHUNK);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int errsv = errno;

          close (fd);
          set_io_error (error, errsv, _("Could not read “%s”: %s"), path, g_strerror (errsv));
          return NULL;
        }
      if (got == 0)
        break;
      vigil_sha256_update (checksum, chunk, got);
      total += (guint64) got;
    }
  close (fd);

  if (bytes != NULL)
    *bytes = total;
  return g_strdup (vigil_sha256_get_string (checksum));
}
