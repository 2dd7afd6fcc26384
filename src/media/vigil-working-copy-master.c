/* vigil-working-copy-master.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a master for its working copy: its tracks, and where each frame
 * lies and when. Only the elements' heads are read (one pread(2) a frame);
 * the frames themselves are copied later, straight into the MP4.
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-matroska-private.h"
#include "vigil-working-copy-private.h"

/* DateUTC counts nanoseconds from 2001-01-01T00:00:00Z. */
#define MKV_EPOCH_US G_GINT64_CONSTANT (978307200000000)
#define MKV_CRC32 0xBF
#define MKV_BLOCK_GROUP 0xA0
/* WAVEFORMATEX format tags, as the segment writer puts them. */
#define WAVE_FORMAT_ALAW  6
#define WAVE_FORMAT_MULAW 7
/* Info and Tracks are small; anything larger is not a Vigil segment. */
#define MAX_HEADER_ELEMENT (1024 * 1024)
#define CANCEL_CHECK_FRAMES 1024

void
vigil_wc_format_clear (VigilWcFormat *format)
{
  g_clear_pointer (&format->config, g_bytes_unref);
  memset (format, 0, sizeof *format);
}

gboolean
vigil_wc_format_equal (const VigilWcFormat *a,
                       const VigilWcFormat *b)
{
  if (a->codec != b->codec || a->width != b->width || a->height != b->height || a->rate != b->rate
      || a->channels != b->channels || (a->config == NULL) != (b->config == NULL))
    return FALSE;
  return a->config == NULL || g_bytes_equal (a->config, b->config);
}

const char *
vigil_wc_codec_name (VigilWcCodec codec)
{
  switch (codec)
    {
    case VIGIL_WC_CODEC_H264:
      return "H.264";
    case VIGIL_WC_CODEC_H265:
      return "H.265";
    case VIGIL_WC_CODEC_AAC:
      return "AAC";
    case VIGIL_WC_CODEC_OPUS:
      return "Opus";
    case VIGIL_WC_CODEC_PCMU:
      return "PCMU";
    case VIGIL_WC_CODEC_PCMA:
      return "PCMA";
    case VIGIL_WC_CODEC_NONE:
    default:
      return "none";
    }
}

void
vigil_wc_master_clear (VigilWcMaster *master)
{
  for (guint i = 0; i < VIGIL_WC_N_TRACKS; i++)
    vigil_wc_format_clear (&master->formats[i]);
  g_clear_pointer (&master->frames, g_array_unref);
}

static void set_damaged (GError     **error,
                         const char  *path,
                         const char  *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* "The recording “PATH” is damaged: REASON", one line. */
static void
set_damaged (GError     **error,
             const char  *path,
             const char  *format,
             ...)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The recording “%s” is damaged: %s"), display, reason);
}

gboolean
vigil_wc_read_at (int          fd,
                  const char  *path,
                  guint64      offset,
                  gpointer     buffer,
                  gsize        size,
                  GError     **error)
{
  guint8 *bytes = buffer;

  while (size > 0)
    {
      ssize_t got = pread (fd, bytes, size, (off_t) offset);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int errsv = errno;
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not read the recording “%s”: %s"),
                       display, g_strerror (errsv));
          return FALSE;
        }
      if (got == 0)
        {
          set_damaged (error, path, _("it ends early, at byte %" G_GUINT64_FORMAT), offset);
          return FALSE;
        }
      bytes += got;
      size -= (gsize) got;
      offset += (guint64) got;
    }
  return TRUE;
}

/* EBML */

typedef struct
{
  guint32  id;
  guint64  size;
  gboolean unknown_size;
  guint64  start;
  guint64  data;      /* where its content starts */
} Element;

static guint
vint_length (guint8 first)
{
  guint length = 1;

  while (length <= 8 && !(first & (0x80 >> (length - 1))))
    length++;
  return length;
}

/* The element whose head starts @bytes (@available of them, found at
 * @offset in the file). */
static gboolean
parse_head (const guint8 *bytes,
            gsize         available,
            guint64       offset,
            Element      *element)
{
  guint id_length, size_length;

  if (available == 0)
    return FALSE;
  id_length = vint_length (bytes[0]);
  if (id_length > 4 || id_length >= available)
    return FALSE;
  size_length = vint_length (bytes[id_length]);
  if (size_length > 8 || id_length + size_length > available)
    return FALSE;

  element->id = 0;
  for (guint i = 0; i < id_length; i++)
    element->id = element->id << 8 | bytes[i];
  element->size = bytes[id_length] & (0xFF >> size_length);
  for (guint i = 1; i < size_length; i++)
    element->size = element->size << 8 | bytes[id_length + i];
  element->unknown_size = element->size == (G_GUINT64_CONSTANT (1) << (7 * size_length)) - 1;
  element->start = offset;
  element->data = offset + id_length + size_length;
  return TRUE;
}

static guint64
parse_uint (const guint8 *bytes,
            guint64       size)
{
  guint64 value = 0;

  for (guint64 i = 0; i < size && i < 8; i++)
    value = value << 8 | bytes[i];
  return value;
}

static double
parse_float (const guint8 *bytes,
             guint64       size)
{
  guint64 bits = parse_uint (bytes, size);

  if (size == 4)
    {
      guint32 bits32 = (guint32) bits;
      float value;

      memcpy (&value, &bits32, sizeof value);
      return value;
    }
  if (size == 8)
    {
      double value;

      memcpy (&value, &bits, sizeof value);
      return value;
    }
  return 0;
}

/* Walks the children of a master element held in memory: each call gives
 * the next, or FALSE at the end or at one that does not fit. */
typedef struct
{
  const guint8 *bytes;
  gsize         size;
  gsize         at;
} Children;

static gboolean
children_next (Children *children,
               Element  *child,
               gboolean *bad)
{
  if (children->at >= children->size)
    return FALSE;
  if (!parse_head (children->bytes + children->at, children->size - children->at, children->at, child)
      || child->unknown_size || child->data + child->size > children->size)
    {
      *bad = TRUE;
      return FALSE;
    }
  children->at = child->data + child->size;
  return TRUE;
}

/* The content of @element, read whole. */
static guint8 *
read_body (int             fd,
           const char     *path,
           const Element  *element,
           guint64         file_size,
           GError        **error)
{
  g_autofree guint8 *body = NULL;

  if (element->unknown_size || element->size > MAX_HEADER_ELEMENT)
    {
      set_damaged (error, path, _("an element at byte %" G_GUINT64_FORMAT " is not as Vigil writes it"),
                   element->start);
      return NULL;
    }
  if (element->data + element->size > file_size)
    {
      set_damaged (error, path, _("it ends early, at byte %" G_GUINT64_FORMAT), file_size);
      return NULL;
    }
  body = g_malloc (MAX (element->size, 1));
  if (!vigil_wc_read_at (fd, path, element->data, body, element->size, error))
    return NULL;
  return g_steal_pointer (&body);
}

/* The header */

static gboolean
read_ebml_header (int          fd,
                  const char  *path,
                  guint64      file_size,
                  guint64     *end,
                  GError     **error)
{
  guint8 head[12];
  g_autofree guint8 *body = NULL;
  gboolean matroska = FALSE, bad = FALSE;
  Element header, child;
  Children children;

  if (file_size < sizeof head || !vigil_wc_read_at (fd, path, 0, head, sizeof head, NULL)
      || !parse_head (head, sizeof head, 0, &header) || header.id != VIGIL_MKV_EBML)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not a recording Vigil wrote"), display);
      return FALSE;
    }
  body = read_body (fd, path, &header, file_size, error);
  if (body == NULL)
    return FALSE;

  children = (Children) { body, header.size, 0 };
  while (children_next (&children, &child, &bad))
    if (child.id == VIGIL_MKV_DOC_TYPE)
      matroska = (child.size == 8 && memcmp (body + child.data, "matroska", 8) == 0)
                 || (child.size == 4 && memcmp (body + child.data, "webm", 4) == 0);
  if (bad || !matroska)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not a recording Vigil wrote"), display);
      return FALSE;
    }
  *end = header.data + header.size;
  return TRUE;
}

/* Info: the timestamp scale and the start. */
static gboolean
parse_info (const guint8  *body,
            guint64        size,
            guint64       *scale_ns,
            gint64        *date_utc)
{
  Children children = { body, size, 0 };
  gboolean bad = FALSE;
  Element child;

  while (children_next (&children, &child, &bad))
    {
      if (child.id == VIGIL_MKV_TIMESTAMP_SCALE)
        *scale_ns = parse_uint (body + child.data, child.size);
      else if (child.id == VIGIL_MKV_DATE_UTC && child.size == 8)
        *date_utc = MKV_EPOCH_US + (gint64) parse_uint (body + child.data, 8) / 1000;
    }
  return !bad && *scale_ns > 0;
}

static VigilWcCodec
codec_from_id (const guint8 *id,
               gsize         length,
               GBytes       *config)
{
  g_autofree char *text = g_strndup ((const char *) id, length);

  if (g_str_equal (text, "V_MPEG4/ISO/AVC"))
    return VIGIL_WC_CODEC_H264;
  if (g_str_equal (text, "V_MPEGH/ISO/HEVC"))
    return VIGIL_WC_CODEC_H265;
  if (g_str_equal (text, "A_AAC") || g_str_has_prefix (text, "A_AAC/"))
    return VIGIL_WC_CODEC_AAC;
  if (g_str_equal (text, "A_OPUS"))
    return VIGIL_WC_CODEC_OPUS;
  if (g_str_equal (text, "A_MS/ACM") && config != NULL && g_bytes_get_size (config) >= 2)
    {
      const guint8 *wave = g_bytes_get_data (config, NULL);
      guint tag = wave[0] | wave[1] << 8;

      if (tag == WAVE_FORMAT_MULAW)
        return VIGIL_WC_CODEC_PCMU;
      if (tag == WAVE_FORMAT_ALAW)
        return VIGIL_WC_CODEC_PCMA;
    }
  return VIGIL_WC_CODEC_NONE;
}

/* One TrackEntry, into @master's video or audio format; @numbers keeps
 * each kind's track number. */
static gboolean
parse_track (const guint8  *body,
             guint64        size,
             VigilWcMaster *master,
             guint64        numbers[VIGIL_WC_N_TRACKS],
             const char    *path,
             GError       **error)
{
  Children children = { body, size, 0 };
  const guint8 *codec_id = NULL;
  gsize codec_id_length = 0;
  g_autoptr(GBytes) config = NULL;
  guint64 number = 0, type = 0, width = 0, height = 0, channels = 0;
  double rate = 0;
  gboolean bad = FALSE;
  VigilWcFormat *format;
  Element child, inner;

  while (children_next (&children, &child, &bad))
    {
      const guint8 *data = body + child.data;

      switch (child.id)
        {
        case VIGIL_MKV_TRACK_NUMBER:
          number = parse_uint (data, child.size);
          break;
        case VIGIL_MKV_TRACK_TYPE:
          type = parse_uint (data, child.size);
          break;
        case VIGIL_MKV_CODEC_ID:
          codec_id = data;
          codec_id_length = child.size;
          break;
        case VIGIL_MKV_CODEC_PRIVATE:
          g_clear_pointer (&config, g_bytes_unref);
          config = g_bytes_new (data, child.size);
          break;
        case VIGIL_MKV_VIDEO:
        case VIGIL_MKV_AUDIO:
          {
            Children settings = { data, child.size, 0 };

            while (children_next (&settings, &inner, &bad))
              {
                if (inner.id == VIGIL_MKV_PIXEL_WIDTH)
                  width = parse_uint (data + inner.data, inner.size);
                else if (inner.id == VIGIL_MKV_PIXEL_HEIGHT)
                  height = parse_uint (data + inner.data, inner.size);
                else if (inner.id == VIGIL_MKV_SAMPLING_FREQUENCY)
                  rate = parse_float (data + inner.data, inner.size);
                else if (inner.id == VIGIL_MKV_CHANNELS)
                  channels = parse_uint (data + inner.data, inner.size);
              }
          }
          break;
        default:
          break;
        }
    }
  if (bad || number == 0 || codec_id == NULL)
    {
      set_damaged (error, path, _("a track is not as Vigil writes it"));
      return FALSE;
    }
  if (type != 1 && type != 2)
    return TRUE;

  format = &master->formats[type == 1 ? VIGIL_WC_VIDEO : VIGIL_WC_AUDIO];
  if (format->codec != VIGIL_WC_CODEC_NONE)
    {
      set_damaged (error, path, _("it has more than one %s track"), type == 1 ? "video" : "sound");
      return FALSE;
    }
  format->codec = codec_from_id (codec_id, codec_id_length, config);
  if (format->codec == VIGIL_WC_CODEC_NONE
      || (type == 1) != (format->codec == VIGIL_WC_CODEC_H264 || format->codec == VIGIL_WC_CODEC_H265))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *text = g_strndup ((const char *) codec_id, codec_id_length);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The recording “%s” holds %s a working copy cannot take (%s)"), display,
                   type == 1 ? _("video") : _("sound"), text);
      return FALSE;
    }
  /* The parameter sets or the decoder's configuration: without them the
   * copy would not play. G.711 needs none in MP4, as it is converted. */
  if (config == NULL && format->codec != VIGIL_WC_CODEC_PCMU && format->codec != VIGIL_WC_CODEC_PCMA)
    {
      set_damaged (error, path, _("its %s track lacks its codec's configuration"),
                   type == 1 ? "video" : "sound");
      return FALSE;
    }
  if (format->codec != VIGIL_WC_CODEC_PCMU && format->codec != VIGIL_WC_CODEC_PCMA)
    format->config = g_steal_pointer (&config);
  format->width = (guint) MIN (width, G_MAXUINT16);
  format->height = (guint) MIN (height, G_MAXUINT16);
  format->rate = rate > 0 && rate < G_MAXINT ? (guint) (rate + 0.5) : 0;
  format->channels = (guint) MIN (channels, 255);
  if (type == 1 && (format->width == 0 || format->height == 0))
    {
      set_damaged (error, path, _("its video track lacks the picture's size"));
      return FALSE;
    }
  if (type == 2 && (format->rate == 0 || format->channels == 0))
    {
      set_damaged (error, path, _("its sound track lacks its rate or channels"));
      return FALSE;
    }
  numbers[type == 1 ? VIGIL_WC_VIDEO : VIGIL_WC_AUDIO] = number;
  return TRUE;
}

static gboolean
parse_tracks (const guint8   *body,
              guint64         size,
              VigilWcMaster  *master,
              guint64         numbers[VIGIL_WC_N_TRACKS],
              const char     *path,
              GError        **error)
{
  Children children = { body, size, 0 };
  gboolean bad = FALSE;
  Element child;

  while (children_next (&children, &child, &bad))
    if (child.id == VIGIL_MKV_TRACK_ENTRY && !parse_track (body + child.data, child.size, master, numbers, path, error))
      return FALSE;
  if (bad)
    {
      set_damaged (error, path, _("its list of tracks is not as Vigil writes it"));
      return FALSE;
    }
  if (master->formats[VIGIL_WC_VIDEO].codec == VIGIL_WC_CODEC_NONE)
    {
      set_damaged (error, path, _("it has no video track"));
      return FALSE;
    }
  return TRUE;
}

/* The frames */

gboolean
vigil_wc_master_read (int             fd,
                      const char     *path,
                      VigilWcMaster  *master,
                      GCancellable   *cancellable,
                      GError        **error)
{
  guint64 numbers[VIGIL_WC_N_TRACKS] = { 0, 0 };
  guint64 scale_ns = 0, offset, segment_end;
  gint64 cluster_time = -1;
  gboolean tracks = FALSE;
  struct stat info;
  Element segment, element;
  guint8 head[16];

  g_assert (master->frames == NULL);
  memset (master, 0, sizeof *master);
  master->date_utc = G_MININT64;
  master->frames = g_array_new (FALSE, FALSE, sizeof (VigilWcFrame));

  if (fstat (fd, &info) < 0)
    {
      int errsv = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not read the recording “%s”: %s"),
                   display, g_strerror (errsv));
      return FALSE;
    }
  if (!read_ebml_header (fd, path, (guint64) info.st_size, &offset, error))
    return FALSE;

  if (offset + sizeof head > (guint64) info.st_size
      || !vigil_wc_read_at (fd, path, offset, head, sizeof head, error)
      || !parse_head (head, sizeof head, offset, &segment) || segment.id != VIGIL_MKV_SEGMENT)
    {
      g_clear_error (error);
      set_damaged (error, path, _("it has no Matroska segment"));
      return FALSE;
    }
  segment_end = segment.unknown_size ? (guint64) info.st_size : segment.data + segment.size;
  if (segment_end > (guint64) info.st_size)
    {
      set_damaged (error, path, _("it ends early, at byte %" G_GUINT64_FORMAT), (guint64) info.st_size);
      return FALSE;
    }

  /* Top-level elements one after another; a Cluster's children (Vigil
   * writes Clusters of unknown size) are walked in the same loop. */
  for (offset = segment.data; offset < segment_end;)
    {
      gsize available = (gsize) MIN (sizeof head, segment_end - offset);

      if (!vigil_wc_read_at (fd, path, offset, head, available, error))
        return FALSE;
      if (!parse_head (head, available, offset, &element))
        {
          if (available < sizeof head)
            set_damaged (error, path, _("it ends early, at byte %" G_GUINT64_FORMAT), segment_end);
          else
            set_damaged (error, path, _("what lies at byte %" G_GUINT64_FORMAT " is not Matroska"), offset);
          return FALSE;
        }
      if (element.id == VIGIL_MKV_CLUSTER)
        {
          cluster_time = -1;
          offset = element.data;
          continue;
        }
      if (element.unknown_size)
        {
          set_damaged (error, path, _("an element at byte %" G_GUINT64_FORMAT " is not as Vigil writes it"), offset);
          return FALSE;
        }
      if (element.data + element.size > segment_end)
        {
          set_damaged (error, path, _("it ends in the middle of an element, at byte %" G_GUINT64_FORMAT),
                       segment_end);
          return FALSE;
        }

      if (element.id == VIGIL_MKV_SIMPLE_BLOCK)
        {
          const guint8 *block = head + (element.data - offset);
          gsize in_head = available - (gsize) (element.data - offset);
          VigilWcFrame frame = { 0 };
          gint16 relative;

          /* Track number (one byte: Vigil's are 1 and 2), relative time,
           * flags. */
          if (!tracks || cluster_time < 0 || element.size < 4 || in_head < 4 || !(block[0] & 0x80))
            {
              set_damaged (error, path, _("a frame at byte %" G_GUINT64_FORMAT " is not as Vigil writes it"), offset);
              return FALSE;
            }
          if (block[3] & 0x06)
            {
              set_damaged (error, path, _("a frame at byte %" G_GUINT64_FORMAT " is laced, which Vigil never does"),
                           offset);
              return FALSE;
            }
          relative = (gint16) (block[1] << 8 | block[2]);
          if ((block[0] & 0x7F) == numbers[VIGIL_WC_VIDEO])
            frame.track = VIGIL_WC_VIDEO;
          else if (numbers[VIGIL_WC_AUDIO] != 0 && (block[0] & 0x7F) == numbers[VIGIL_WC_AUDIO])
            frame.track = VIGIL_WC_AUDIO;
          else
            {
              offset = element.data + element.size;
              continue;
            }
          frame.offset = element.data + 4;
          frame.size = (guint32) MIN (element.size - 4, G_MAXUINT32);
          frame.keyframe = (block[3] & 0x80) != 0;
          frame.time_us = (gint64) (((guint64) cluster_time + (guint64) (gint64) relative) * scale_ns / 1000);
          if (cluster_time + relative < 0)
            {
              set_damaged (error, path, _("a frame at byte %" G_GUINT64_FORMAT " is timed before the start"), offset);
              return FALSE;
            }
          g_array_append_val (master->frames, frame);
          if (master->frames->len % CANCEL_CHECK_FRAMES == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        }
      else if (element.id == VIGIL_MKV_CLUSTER_TIMESTAMP)
        {
          guint8 bytes[8];

          if (element.size > 8 || !vigil_wc_read_at (fd, path, element.data, bytes, element.size, error))
            {
              if (error != NULL && *error == NULL)
                set_damaged (error, path, _("a cluster at byte %" G_GUINT64_FORMAT " is not as Vigil writes it"),
                             offset);
              return FALSE;
            }
          cluster_time = (gint64) MIN (parse_uint (bytes, element.size), G_MAXINT32);
        }
      else if (element.id == MKV_BLOCK_GROUP)
        {
          set_damaged (error, path, _("a frame at byte %" G_GUINT64_FORMAT " is not as Vigil writes it"), offset);
          return FALSE;
        }
      else if (element.id == VIGIL_MKV_INFO || element.id == VIGIL_MKV_TRACKS)
        {
          g_autofree guint8 *body = read_body (fd, path, &element, segment_end, error);

          if (body == NULL)
            return FALSE;
          if (element.id == VIGIL_MKV_INFO && !parse_info (body, element.size, &scale_ns, &master->date_utc))
            {
              set_damaged (error, path, _("its segment information is not as Vigil writes it"));
              return FALSE;
            }
          if (element.id == VIGIL_MKV_TRACKS)
            {
              if (scale_ns == 0 || tracks)
                {
                  set_damaged (error, path, _("its list of tracks is not where Vigil writes it"));
                  return FALSE;
                }
              if (!parse_tracks (body, element.size, master, numbers, path, error))
                return FALSE;
              tracks = TRUE;
            }
        }
      /* Anything else (Void, CRC-32, Cues, Tags…) is skipped. */
      offset = element.data + element.size;
    }

  if (!tracks)
    {
      set_damaged (error, path, _("it has no list of tracks"));
      return FALSE;
    }
  return TRUE;
}
