/* vigil-matroska.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "vigil-matroska-private.h"

/* Writing */

void
vigil_mkv_put_id (GByteArray *out,
                  guint32     id)
{
  guint8 bytes[4] = { id >> 24, id >> 16, id >> 8, id };
  guint skip = id > 0xFFFFFF ? 0 : id > 0xFFFF ? 1 : id > 0xFF ? 2 : 3;

  g_byte_array_append (out, bytes + skip, 4 - skip);
}

void
vigil_mkv_put_size (GByteArray *out,
                    guint64     size)
{
  guint8 bytes[8];
  guint length = 1;

  /* All ones means "unknown": a known size needs one value less. */
  while (length < 8 && size >= (G_GUINT64_CONSTANT (1) << (7 * length)) - 1)
    length++;
  for (guint i = 0; i < length; i++)
    bytes[i] = size >> (8 * (length - 1 - i));
  bytes[0] |= 0x80 >> (length - 1);
  g_byte_array_append (out, bytes, length);
}

static void
put_be (GByteArray *out,
        guint64     value,
        guint       length)
{
  guint8 bytes[8];

  for (guint i = 0; i < length; i++)
    bytes[i] = value >> (8 * (length - 1 - i));
  g_byte_array_append (out, bytes, length);
}

void
vigil_mkv_put_uint (GByteArray *out,
                    guint32     id,
                    guint64     value)
{
  guint length = 1;

  while (length < 8 && value >> (8 * length) != 0)
    length++;
  vigil_mkv_put_id (out, id);
  vigil_mkv_put_size (out, length);
  put_be (out, value, length);
}

void
vigil_mkv_put_int (GByteArray *out,
                   guint32     id,
                   gint64      value)
{
  vigil_mkv_put_id (out, id);
  vigil_mkv_put_size (out, 8);
  put_be (out, (guint64) value, 8);
}

void
vigil_mkv_put_float (GByteArray *out,
                     guint32     id,
                     double      value)
{
  guint64 bits;

  G_STATIC_ASSERT (sizeof bits == sizeof value);
  memcpy (&bits, &value, sizeof bits);
  vigil_mkv_put_id (out, id);
  vigil_mkv_put_size (out, 8);
  put_be (out, bits, 8);
}

void
vigil_mkv_put_string (GByteArray *out,
                      guint32     id,
                      const char *value)
{
  vigil_mkv_put_binary (out, id, (const guint8 *) value, strlen (value));
}

void
vigil_mkv_put_binary (GByteArray   *out,
                      guint32       id,
                      const guint8 *data,
                      gsize         size)
{
  vigil_mkv_put_id (out, id);
  vigil_mkv_put_size (out, size);
  g_byte_array_append (out, data, size);
}

void
vigil_mkv_put_duration_slot (GByteArray *out,
                             gboolean    is_void,
                             double      ms)
{
  static const guint8 zeros[9] = { 0 };
  guint before = out->len;

  if (is_void)
    vigil_mkv_put_binary (out, VIGIL_MKV_VOID, zeros, sizeof zeros);
  else
    vigil_mkv_put_float (out, VIGIL_MKV_DURATION, ms);
  g_assert (out->len - before == VIGIL_MKV_DURATION_SLOT);
}

gsize
vigil_mkv_begin (GByteArray *out,
                 guint32     id)
{
  gsize begun;

  vigil_mkv_put_id (out, id);
  begun = out->len;
  put_be (out, 0, 8);
  return begun;
}

void
vigil_mkv_end (GByteArray *out,
               gsize       begun)
{
  guint64 size = out->len - begun - 8;

  for (guint i = 0; i < 8; i++)
    out->data[begun + i] = size >> (8 * (7 - i));
  out->data[begun] |= 0x01;
}

void
vigil_mkv_put_cluster (GByteArray *out,
                       guint64     timestamp_ms)
{
  vigil_mkv_put_id (out, VIGIL_MKV_CLUSTER);
  put_be (out, VIGIL_MKV_UNKNOWN_SIZE, 8);
  vigil_mkv_put_uint (out, VIGIL_MKV_CLUSTER_TIMESTAMP, timestamp_ms);
}

void
vigil_mkv_put_block_head (GByteArray *out,
                          guint       track,
                          gint16      relative_ms,
                          gboolean    keyframe,
                          gsize       frame_size)
{
  g_assert (track > 0 && track < 127);
  vigil_mkv_put_id (out, VIGIL_MKV_SIMPLE_BLOCK);
  vigil_mkv_put_size (out, frame_size + 4);
  g_byte_array_append (out, (guint8[]) { 0x80 | track }, 1);
  put_be (out, (guint16) relative_ms, 2);
  g_byte_array_append (out, (guint8[]) { keyframe ? 0x80 : 0x00 }, 1);
}

/* Reading */

static gboolean
read_at (int      fd,
         guint64  offset,
         guint8  *buffer,
         gsize    size)
{
  while (size > 0)
    {
      ssize_t got = pread (fd, buffer, size, (off_t) offset);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return FALSE;
      buffer += got;
      size -= (gsize) got;
      offset += (guint64) got;
    }
  return TRUE;
}

typedef enum
{
  ELEMENT_OK,
  ELEMENT_CUT,   /* the file ends inside its head */
  ELEMENT_BAD,   /* not EBML: zeros a power cut left, or another format */
} ElementRead;

typedef struct
{
  guint32  id;
  guint64  size;
  gboolean unknown_size;
  guint64  start;
  guint64  data;     /* where its content starts */
} Element;

static guint
vint_length (guint8 first)
{
  guint length = 1;

  while (length <= 8 && !(first & (0x80 >> (length - 1))))
    length++;
  return length;
}

/* The head of the element at @offset, which must end by @end. */
static ElementRead
read_element (int      fd,
              guint64  offset,
              guint64  end,
              Element *element)
{
  guint8 head[12];
  gsize available = (gsize) MIN (sizeof head, end - offset);
  guint id_length, size_length;

  g_assert (offset < end);
  if (!read_at (fd, offset, head, available))
    return ELEMENT_BAD;

  id_length = vint_length (head[0]);
  if (id_length > 4)
    return ELEMENT_BAD;
  if (id_length >= available)
    return ELEMENT_CUT;
  size_length = vint_length (head[id_length]);
  if (size_length > 8)
    return ELEMENT_BAD;
  if (id_length + size_length > available)
    return ELEMENT_CUT;

  element->id = 0;
  for (guint i = 0; i < id_length; i++)
    element->id = element->id << 8 | head[i];
  element->size = head[id_length] & (0xFF >> size_length);
  for (guint i = 1; i < size_length; i++)
    element->size = element->size << 8 | head[id_length + i];
  element->unknown_size = element->size == (G_GUINT64_CONSTANT (1) << (7 * size_length)) - 1;
  element->start = offset;
  element->data = offset + id_length + size_length;
  return ELEMENT_OK;
}

static gboolean
read_uint (int            fd,
           const Element *element,
           guint64       *value)
{
  guint8 bytes[8];

  if (element->size > 8 || !read_at (fd, element->data, bytes, element->size))
    return FALSE;
  *value = 0;
  for (guint i = 0; i < element->size; i++)
    *value = *value << 8 | bytes[i];
  return TRUE;
}

/* Whether the string element holds exactly @value, or begins with it. */
static gboolean
string_is (int            fd,
           const Element *element,
           const char    *value,
           gboolean       prefix)
{
  char text[256];
  gsize length = strlen (value);

  if (element->size > sizeof text || element->size < length || (!prefix && element->size != length))
    return FALSE;
  if (!read_at (fd, element->data, (guint8 *) text, element->size))
    return FALSE;
  return memcmp (text, value, length) == 0 && (prefix || element->size == length);
}

static gboolean
read_ebml_header (int      fd,
                  guint64  file_size,
                  guint64 *end)
{
  Element header, child;
  gboolean matroska = FALSE;

  if (read_element (fd, 0, file_size, &header) != ELEMENT_OK || header.id != VIGIL_MKV_EBML
      || header.unknown_size || header.data + header.size > file_size)
    return FALSE;
  for (guint64 offset = header.data; offset < header.data + header.size; offset = child.data + child.size)
    {
      if (read_element (fd, offset, header.data + header.size, &child) != ELEMENT_OK || child.unknown_size)
        return FALSE;
      if (child.id == VIGIL_MKV_DOC_TYPE)
        matroska = string_is (fd, &child, "matroska", FALSE);
    }
  *end = header.data + header.size;
  return matroska;
}

/* Info: whether Vigil wrote it, and where its Duration slot is. */
static gboolean
read_info (int            fd,
           const Element *info,
           VigilMkvScan  *scan)
{
  Element child;
  gboolean vigil = FALSE;

  for (guint64 offset = info->data; offset < info->data + info->size; offset = child.data + child.size)
    {
      if (read_element (fd, offset, info->data + info->size, &child) != ELEMENT_OK || child.unknown_size)
        return FALSE;
      if (child.id == VIGIL_MKV_WRITING_APP)
        vigil = string_is (fd, &child, "Vigil ", TRUE);
      else if ((child.id == VIGIL_MKV_VOID && child.size == 9) || (child.id == VIGIL_MKV_DURATION && child.size == 8))
        scan->duration_slot = child.start;
    }
  return vigil;
}

static const guint8 ebml_magic[4] = { 0x1A, 0x45, 0xDF, 0xA3 };

VigilMkvScanResult
vigil_mkv_scan (int           fd,
                guint64       file_size,
                VigilMkvScan *scan)
{
  guint8 magic[4];
  guint64 segment_end, offset, cluster_end = 0;
  Element segment, element;
  gboolean info = FALSE, vigil = FALSE, tracks = FALSE, in_cluster = FALSE;
  gint64 cluster_ms = -1;

  memset (scan, 0, sizeof *scan);
  scan->last_ms = -1;

  /* Empty, or cut inside the EBML ID: a file created just before a crash. */
  if (!read_at (fd, 0, magic, MIN (file_size, sizeof magic)))
    return file_size == 0 ? VIGIL_MKV_SCAN_NO_HEADER : VIGIL_MKV_SCAN_NOT_MATROSKA;
  if (memcmp (magic, ebml_magic, MIN (file_size, sizeof magic)) != 0)
    return VIGIL_MKV_SCAN_NOT_MATROSKA;
  if (file_size <= sizeof magic)
    return VIGIL_MKV_SCAN_NO_HEADER;

  if (!read_ebml_header (fd, file_size, &offset))
    return VIGIL_MKV_SCAN_NOT_MATROSKA;
  if (offset >= file_size)
    return VIGIL_MKV_SCAN_NO_HEADER;
  switch (read_element (fd, offset, file_size, &segment))
    {
    case ELEMENT_CUT:
      return VIGIL_MKV_SCAN_NO_HEADER;
    case ELEMENT_BAD:
      return VIGIL_MKV_SCAN_NOT_MATROSKA;
    case ELEMENT_OK:
    default:
      break;
    }
  if (segment.id != VIGIL_MKV_SEGMENT)
    return VIGIL_MKV_SCAN_NOT_MATROSKA;
  segment_end = segment.unknown_size ? file_size : MIN (file_size, segment.data + segment.size);

  /* Up to the first thing cut short or not EBML: what is after it cannot
   * be trusted, and the writer only ever appends. */
  for (offset = segment.data; offset < segment_end;)
    {
      if (read_element (fd, offset, segment_end, &element) != ELEMENT_OK)
        break;

      if (element.id == VIGIL_MKV_CLUSTER)
        {
          if (!tracks)
            break;
          in_cluster = TRUE;
          cluster_ms = -1;
          cluster_end = element.unknown_size ? segment_end : element.data + element.size;
          offset = element.data;
          continue;
        }

      if (element.unknown_size || element.data + element.size > file_size)
        break;

      if (in_cluster && offset < cluster_end
          && (element.id == VIGIL_MKV_CLUSTER_TIMESTAMP || element.id == VIGIL_MKV_SIMPLE_BLOCK
              || element.id == VIGIL_MKV_VOID))
        {
          if (element.id == VIGIL_MKV_CLUSTER_TIMESTAMP)
            {
              guint64 ms;

              if (!read_uint (fd, &element, &ms) || ms > G_MAXINT32)
                break;
              cluster_ms = (gint64) ms;
            }
          else if (element.id == VIGIL_MKV_SIMPLE_BLOCK)
            {
              guint8 head[4];
              gint64 ms;

              if (cluster_ms < 0 || element.size < sizeof head
                  || !read_at (fd, element.data, head, sizeof head))
                break;
              if (head[0] == (0x80 | VIGIL_MKV_TRACK_VIDEO))
                scan->video_frames++;
              else if (head[0] == (0x80 | VIGIL_MKV_TRACK_AUDIO))
                scan->audio_frames++;
              else
                break;
              ms = cluster_ms + (gint16) (head[1] << 8 | head[2]);
              scan->last_ms = MAX (scan->last_ms, ms);
              scan->complete_end = element.data + element.size;
            }
          offset = element.data + element.size;
          continue;
        }
      in_cluster = FALSE;

      if (element.id == VIGIL_MKV_INFO)
        {
          info = TRUE;
          vigil = read_info (fd, &element, scan);
        }
      else if (element.id == VIGIL_MKV_TRACKS)
        {
          if (!vigil)
            return VIGIL_MKV_SCAN_NOT_MATROSKA;
          tracks = TRUE;
          scan->complete_end = element.data + element.size;
        }
      offset = element.data + element.size;
    }

  if (info && !vigil)
    return VIGIL_MKV_SCAN_NOT_MATROSKA;
  if (!tracks)
    return VIGIL_MKV_SCAN_NO_HEADER;
  return VIGIL_MKV_SCAN_OK;
}
