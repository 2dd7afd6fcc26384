/* vigil-review-player-reader.c
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
#include <unistd.h>

#include "vigil-matroska-private.h"
#include "vigil-review-player-private.h"

/* Recording paused for less than this (a camera's own hiccup, or the
 * normal step from one master's last frame to the next one's first) plays
 * in real time; a longer gap is skipped, holding the last frame before it
 * for GAP_HOLD. */
#define PLAYED_GAP_US   G_USEC_PER_SEC
#define GAP_HOLD        (40 * GST_MSECOND)
/* Sound is read from this far before a seek's target, for the decoder to
 * settle (Opus asks for 80 ms). */
#define AUDIO_PRE_ROLL  (100 * GST_MSECOND)

/* Reading a master: the little of Matroska VigilSegmentWriter writes
 * (docs/media.md, "The file"). */

typedef struct
{
  guint32 id;
  guint64 size;       /* G_MAXUINT64: unknown */
  guint   head;       /* bytes of ID and size */
} Head;

static guint
vint_length (guint8 first)
{
  guint length = 1;

  while (length <= 8 && !(first & (0x80 >> (length - 1))))
    length++;
  return length;
}

static gboolean
parse_head (const guint8 *data,
            gsize         length,
            Head         *head)
{
  guint id_length, size_length;
  gboolean unknown;

  if (length == 0)
    return FALSE;
  id_length = vint_length (data[0]);
  if (id_length > 4 || length <= id_length)
    return FALSE;
  size_length = vint_length (data[id_length]);
  if (size_length > 8 || length < id_length + size_length)
    return FALSE;

  head->id = 0;
  for (guint i = 0; i < id_length; i++)
    head->id = head->id << 8 | data[i];
  head->size = data[id_length] & (0xFF >> size_length);
  for (guint i = 1; i < size_length; i++)
    head->size = head->size << 8 | data[id_length + i];
  unknown = head->size == (G_GUINT64_CONSTANT (1) << (7 * size_length)) - 1;
  if (unknown)
    head->size = G_MAXUINT64;
  head->head = id_length + size_length;
  return TRUE;
}

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

static guint64
read_uint (const guint8 *data,
           guint64       size)
{
  guint64 value = 0;

  for (guint64 i = 0; i < size && i < 8; i++)
    value = value << 8 | data[i];
  return value;
}

static double
read_float (const guint8 *data,
            guint64       size)
{
  guint64 bits = read_uint (data, size);

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

typedef struct
{
  guint64       number;
  guint64       type;       /* 1 video, 2 audio */
  char          codec_id[32];
  GBytes       *codec_private;
  guint64       width;
  guint64       height;
  double        rate;
  guint64       channels;
} Track;

static void
read_track (Track        *track,
            const guint8 *data,
            gsize         length)
{
  Head head;

  for (gsize at = 0; at < length && parse_head (data + at, length - at, &head); at += head.head + head.size)
    {
      const guint8 *body = data + at + head.head;

      if (head.size > length - at - head.head)
        return;
      switch (head.id)
        {
        case VIGIL_MKV_VIDEO:
        case VIGIL_MKV_AUDIO:
          read_track (track, body, head.size);
          break;
        case VIGIL_MKV_TRACK_NUMBER:
          track->number = read_uint (body, head.size);
          break;
        case VIGIL_MKV_TRACK_TYPE:
          track->type = read_uint (body, head.size);
          break;
        case VIGIL_MKV_CODEC_ID:
          memcpy (track->codec_id, body, MIN (head.size, sizeof track->codec_id - 1));
          break;
        case VIGIL_MKV_CODEC_PRIVATE:
          g_clear_pointer (&track->codec_private, g_bytes_unref);
          track->codec_private = g_bytes_new (body, head.size);
          break;
        case VIGIL_MKV_PIXEL_WIDTH:
          track->width = read_uint (body, head.size);
          break;
        case VIGIL_MKV_PIXEL_HEIGHT:
          track->height = read_uint (body, head.size);
          break;
        case VIGIL_MKV_SAMPLING_FREQUENCY:
          track->rate = read_float (body, head.size);
          break;
        case VIGIL_MKV_CHANNELS:
          track->channels = read_uint (body, head.size);
          break;
        default:
          break;
        }
    }
}

static GstCaps *
caps_with_codec_data (const char *media_type,
                      GBytes     *codec_private)
{
  GstCaps *caps = gst_caps_new_empty_simple (media_type);

  if (codec_private != NULL)
    {
      g_autoptr(GstBuffer) data = gst_buffer_new_wrapped_bytes (codec_private);

      gst_caps_set_simple (caps, "codec_data", GST_TYPE_BUFFER, data, NULL);
    }
  return caps;
}

/* The caps of what the track holds, as the decoders take them; %NULL for
 * what Vigil does not record. */
static GstCaps *
caps_for_track (const Track *track)
{
  GstCaps *caps = NULL;
  int rate = (int) track->rate, channels = (int) track->channels;

  if (g_str_equal (track->codec_id, "V_MPEG4/ISO/AVC"))
    {
      caps = caps_with_codec_data ("video/x-h264", track->codec_private);
      gst_caps_set_simple (caps, "stream-format", G_TYPE_STRING, "avc", "alignment", G_TYPE_STRING, "au", NULL);
    }
  else if (g_str_equal (track->codec_id, "V_MPEGH/ISO/HEVC"))
    {
      caps = caps_with_codec_data ("video/x-h265", track->codec_private);
      gst_caps_set_simple (caps, "stream-format", G_TYPE_STRING, "hvc1", "alignment", G_TYPE_STRING, "au", NULL);
    }
  else if (g_str_equal (track->codec_id, "A_AAC"))
    {
      caps = caps_with_codec_data ("audio/mpeg", track->codec_private);
      gst_caps_set_simple (caps, "mpegversion", G_TYPE_INT, 4, "stream-format", G_TYPE_STRING, "raw",
                           "rate", G_TYPE_INT, rate, "channels", G_TYPE_INT, channels, NULL);
    }
  else if (g_str_equal (track->codec_id, "A_OPUS"))
    caps = gst_caps_new_simple ("audio/x-opus", "channel-mapping-family", G_TYPE_INT, 0,
                                "rate", G_TYPE_INT, 48000, "channels", G_TYPE_INT, channels, NULL);
  else if (g_str_equal (track->codec_id, "A_MS/ACM") && track->codec_private != NULL
           && g_bytes_get_size (track->codec_private) >= 2)
    {
      const guint8 *format = g_bytes_get_data (track->codec_private, NULL);
      guint tag = format[0] | format[1] << 8;

      /* WAVEFORMATEX tags 7 and 6: G.711 µ-law and A-law. */
      if (tag == 7 || tag == 6)
        caps = gst_caps_new_simple (tag == 7 ? "audio/x-mulaw" : "audio/x-alaw",
                                    "rate", G_TYPE_INT, rate, "channels", G_TYPE_INT, channels, NULL);
    }
  return caps;
}

static void
part_set_error (VigilReviewMaster *part,
                GPtrArray         *errors,
                const char        *reason)
{
  g_autofree char *display = g_filename_display_name (part->path);

  part->failed = TRUE;
  g_ptr_array_add (errors, g_strdup_printf (_("The recording “%s” cannot be played: %s"), display, reason));
}

/* Reads the master's tracks and the place and time of every frame, up to
 * its last complete one. */
static gboolean
index_part (VigilReviewMaster *part,
            GPtrArray         *errors)
{
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (VigilReviewBlock));
  guint64 track_numbers[2] = { 0, 0 };
  guint64 offset = 0, file_size;
  gint64 cluster_ms = 0;
  gboolean in_segment = FALSE;
  struct stat info;
  Head head;
  int fd;

  fd = g_open (part->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &info) < 0)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      part_set_error (part, errors, g_strerror (errsv));
      return FALSE;
    }
  file_size = (guint64) info.st_size;

  while (offset < file_size)
    {
      guint8 bytes[12];
      gsize available = (gsize) MIN (sizeof bytes, file_size - offset);
      guint64 body;

      if (!read_at (fd, offset, bytes, available) || !parse_head (bytes, available, &head))
        break;
      body = offset + head.head;
      if (offset == 0 && head.id != VIGIL_MKV_EBML)
        break;

      if (head.id == VIGIL_MKV_SEGMENT || head.id == VIGIL_MKV_CLUSTER)
        {
          /* Of unknown size: their children follow. */
          in_segment = TRUE;
          cluster_ms = 0;
          offset = body;
          continue;
        }
      if (head.size == G_MAXUINT64 || head.size > file_size - body)
        break;  /* cut short: the frames before it play */

      if (head.id == VIGIL_MKV_TRACKS && head.size < 1024 * 1024)
        {
          g_autofree guint8 *data = g_malloc (head.size);
          Head entry;

          if (!read_at (fd, body, data, head.size))
            break;
          for (gsize at = 0; at < head.size && parse_head (data + at, head.size - at, &entry);
               at += entry.head + entry.size)
            {
              Track track = { 0 };

              if (entry.size > head.size - at - entry.head)
                break;
              if (entry.id != VIGIL_MKV_TRACK_ENTRY)
                continue;
              read_track (&track, data + at + entry.head, entry.size);
              if ((track.type == 1 || track.type == 2) && track.number > 0)
                {
                  VigilMediaKind kind = track.type == 1 ? VIGIL_MEDIA_KIND_VIDEO : VIGIL_MEDIA_KIND_AUDIO;

                  track_numbers[kind] = track.number;
                  gst_clear_caps (&part->caps[kind]);
                  part->caps[kind] = caps_for_track (&track);
                }
              g_clear_pointer (&track.codec_private, g_bytes_unref);
            }
        }
      else if (head.id == VIGIL_MKV_CLUSTER_TIMESTAMP && head.size <= 8)
        {
          guint8 value[8];

          if (!read_at (fd, body, value, head.size))
            break;
          cluster_ms = (gint64) read_uint (value, head.size);
        }
      else if (head.id == VIGIL_MKV_SIMPLE_BLOCK && head.size >= 4 && head.size <= G_MAXUINT32)
        {
          guint8 block_head[12];
          gsize got = (gsize) MIN (sizeof block_head, head.size);
          guint track_length;
          guint64 number;
          VigilReviewBlock block;

          if (!read_at (fd, body, block_head, got))
            break;
          track_length = vint_length (block_head[0]);
          if (track_length > 8 || track_length + 3 > got)
            break;
          number = block_head[0] & (0xFF >> track_length);
          for (guint i = 1; i < track_length; i++)
            number = number << 8 | block_head[i];
          block.ms = cluster_ms + (gint16) (block_head[track_length] << 8 | block_head[track_length + 1]);
          block.key = (block_head[track_length + 2] & 0x80) != 0;
          block.offset = body + track_length + 3;
          block.size = (guint32) (head.size - track_length - 3);
          if (number == track_numbers[VIGIL_MEDIA_KIND_VIDEO] && number != 0)
            block.kind = VIGIL_MEDIA_KIND_VIDEO;
          else if (number == track_numbers[VIGIL_MEDIA_KIND_AUDIO] && number != 0)
            block.kind = VIGIL_MEDIA_KIND_AUDIO;
          else
            block.kind = G_MAXUINT8;
          if (block.kind != G_MAXUINT8)
            g_array_append_val (blocks, block);
        }
      offset = body + head.size;
    }
  close (fd);

  if (!in_segment)
    {
      part_set_error (part, errors, _("it is not a recording Vigil wrote"));
      return FALSE;
    }
  if (part->caps[VIGIL_MEDIA_KIND_VIDEO] == NULL || blocks->len == 0)
    {
      part_set_error (part, errors, _("it holds no video that Vigil can play"));
      return FALSE;
    }
  part->video_ms = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < blocks->len; i++)
    {
      VigilReviewBlock *block = &g_array_index (blocks, VigilReviewBlock, i);

      if (block->kind == VIGIL_MEDIA_KIND_VIDEO)
        g_array_append_val (part->video_ms, block->ms);
    }
  part->blocks = g_steal_pointer (&blocks);
  return TRUE;
}

/* VigilReviewShared */

static void
shared_free (VigilReviewShared *shared)
{
  for (guint i = 0; i < shared->n_parts; i++)
    {
      VigilReviewMaster *part = &shared->parts[i];

      g_free (part->path);
      g_clear_pointer (&part->blocks, g_array_unref);
      g_clear_pointer (&part->video_ms, g_array_unref);
      gst_clear_caps (&part->caps[0]);
      gst_clear_caps (&part->caps[1]);
    }
  g_free (shared->parts);
  g_ptr_array_unref (shared->errors);
  g_clear_pointer (&shared->newest, gst_sample_unref);
  g_source_unref (shared->wake);
  g_mutex_clear (&shared->lock);
}

VigilReviewShared *
vigil_review_shared_ref (VigilReviewShared *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

void
vigil_review_shared_unref (VigilReviewShared *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_free);
}

void
vigil_review_shared_wake (VigilReviewShared *shared)
{
  g_source_set_ready_time (shared->wake, 0);
}

/* The master playing at @pts on the timeline (the last one before it
 * beyond the end). */
guint
vigil_review_shared_part_at (VigilReviewShared *shared,
                             GstClockTime       pts)
{
  guint low = 0, high = shared->n_parts;

  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (shared->parts[middle].timeline <= pts)
        low = middle;
      else
        high = middle;
    }
  return low;
}

gint64
vigil_review_shared_wall_clock (VigilReviewShared *shared,
                                GstClockTime       pts)
{
  VigilReviewMaster *part = &shared->parts[vigil_review_shared_part_at (shared, pts)];

  return part->start_us + (gint64) ((pts - MIN (pts, part->timeline)) / GST_USECOND);
}

/* Keeps the indexes of the masters each reader is in and their
 * neighbours; a long review would otherwise hold every frame's place. */
static void
drop_far_indexes_locked (VigilReviewShared *shared)
{
  for (guint i = 0; i < shared->n_parts; i++)
    {
      VigilReviewMaster *part = &shared->parts[i];
      gboolean near = FALSE;

      for (guint k = 0; k < 2; k++)
        near = near || (i + 1 >= shared->cursor_part[k] && i <= shared->cursor_part[k] + 1);
      if (!near && part->blocks != NULL)
        {
          g_clear_pointer (&part->blocks, g_array_unref);
          g_clear_pointer (&part->video_ms, g_array_unref);
        }
    }
}

static gboolean
ensure_index_locked (VigilReviewShared *shared,
                     VigilReviewMaster *part)
{
  if (part->failed)
    return FALSE;
  if (part->blocks != NULL)
    return TRUE;
  if (!index_part (part, shared->errors))
    {
      vigil_review_shared_wake (shared);
      return FALSE;
    }
  return TRUE;
}

/* Readers */

VigilReviewCursor *
vigil_review_cursor_new (VigilReviewShared *shared,
                         VigilMediaKind     kind)
{
  VigilReviewCursor *cursor = g_new0 (VigilReviewCursor, 1);

  cursor->shared = vigil_review_shared_ref (shared);
  cursor->kind = kind;
  cursor->fd = -1;
  cursor->discont = TRUE;
  return cursor;
}

void
vigil_review_cursor_free (VigilReviewCursor *cursor)
{
  if (cursor->fd >= 0)
    close (cursor->fd);
  gst_clear_caps (&cursor->caps);
  vigil_review_shared_unref (cursor->shared);
  g_free (cursor);
}

static void
cursor_move_locked (VigilReviewCursor *cursor,
                    guint              part,
                    guint              block)
{
  VigilReviewShared *shared = cursor->shared;

  if (part != cursor->part)
    {
      cursor->part = part;
      shared->cursor_part[cursor->kind] = MIN (part, shared->n_parts - 1);
      drop_far_indexes_locked (shared);
    }
  cursor->block = block;
}

/* The next frame of the cursor's kind, timed on the timeline, or %NULL at
 * the end. @caps: the frame's, when they differ from the last. */
GstBuffer *
vigil_review_cursor_next (VigilReviewCursor  *cursor,
                          GstCaps           **caps)
{
  VigilReviewShared *shared = cursor->shared;

  for (;;)
    {
      g_autoptr(GstBuffer) buffer = NULL;
      GstClockTime pts, duration = GST_CLOCK_TIME_NONE;
      GstMapInfo map;
      VigilReviewBlock block;
      VigilReviewMaster *part = NULL;
      gboolean read;

      g_mutex_lock (&shared->lock);
      while (cursor->part < shared->n_parts)
        {
          part = &shared->parts[cursor->part];
          if ((cursor->kind == VIGIL_MEDIA_KIND_VIDEO || part->audio) && ensure_index_locked (shared, part))
            {
              for (; cursor->block < part->blocks->len; cursor->block++)
                {
                  VigilReviewBlock *candidate = &g_array_index (part->blocks, VigilReviewBlock, cursor->block);

                  if (candidate->kind == cursor->kind
                      && part->timeline + candidate->ms * GST_MSECOND < part->timeline_end)
                    break;
                }
              if (cursor->block < part->blocks->len)
                break;
            }
          cursor_move_locked (cursor, cursor->part + 1, 0);
        }
      if (cursor->part >= shared->n_parts)
        {
          g_mutex_unlock (&shared->lock);
          return NULL;
        }

      block = g_array_index (part->blocks, VigilReviewBlock, cursor->block);
      pts = part->timeline + block.ms * GST_MSECOND;
      /* The end of the range played: nothing after it is read. */
      if (pts >= shared->clip_end)
        {
          g_mutex_unlock (&shared->lock);
          return NULL;
        }
      if (cursor->kind == VIGIL_MEDIA_KIND_VIDEO)
        {
          /* Until the next frame: an accurate seek then shows the frame
           * at or before its target, and the last frame of a master lasts
           * until the next master's first. */
          duration = part->timeline_end - pts;
          for (guint i = cursor->block + 1; i < part->blocks->len; i++)
            {
              VigilReviewBlock *next = &g_array_index (part->blocks, VigilReviewBlock, i);

              if (next->kind == VIGIL_MEDIA_KIND_VIDEO)
                {
                  duration = MIN (duration, part->timeline + next->ms * GST_MSECOND - pts);
                  break;
                }
            }
        }
      if (cursor->caps == NULL || !gst_caps_is_equal (cursor->caps, part->caps[cursor->kind]))
        {
          gst_caps_replace (&cursor->caps, part->caps[cursor->kind]);
          *caps = gst_caps_ref (cursor->caps);
        }
      cursor->block++;
      g_mutex_unlock (&shared->lock);

      if (cursor->fd >= 0 && cursor->fd_part != cursor->part)
        {
          close (cursor->fd);
          cursor->fd = -1;
        }
      if (cursor->fd < 0)
        {
          cursor->fd = g_open (part->path, O_RDONLY | O_CLOEXEC, 0);
          cursor->fd_part = cursor->part;
        }

      buffer = gst_buffer_new_allocate (NULL, block.size, NULL);
      gst_buffer_map (buffer, &map, GST_MAP_WRITE);
      read = cursor->fd >= 0 && read_at (cursor->fd, block.offset, map.data, block.size);
      gst_buffer_unmap (buffer, &map);
      if (!read)
        {
          int errsv = errno;

          /* The master changed under the player: on to the next. */
          g_mutex_lock (&shared->lock);
          if (!part->failed)
            part_set_error (part, shared->errors, g_strerror (errsv));
          cursor_move_locked (cursor, cursor->part + 1, 0);
          g_mutex_unlock (&shared->lock);
          vigil_review_shared_wake (shared);
          continue;
        }

      GST_BUFFER_PTS (buffer) = pts;
      GST_BUFFER_DTS (buffer) = cursor->kind == VIGIL_MEDIA_KIND_VIDEO ? GST_CLOCK_TIME_NONE : pts;
      GST_BUFFER_DURATION (buffer) = duration;
      if (!block.key)
        GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
      if (cursor->discont)
        GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);
      cursor->discont = FALSE;
      return g_steal_pointer (&buffer);
    }
}

/* From the keyframe before @target (video), or a little before it (sound):
 * the decoders drop what comes before the seek's start. */
void
vigil_review_cursor_seek (VigilReviewCursor *cursor,
                          GstClockTime       target)
{
  VigilReviewShared *shared = cursor->shared;
  guint index = vigil_review_shared_part_at (shared, target), from = 0;
  VigilReviewMaster *part = &shared->parts[index];

  g_mutex_lock (&shared->lock);
  if ((cursor->kind == VIGIL_MEDIA_KIND_VIDEO || part->audio) && ensure_index_locked (shared, part))
    {
      GstClockTime wanted = target;

      if (cursor->kind == VIGIL_MEDIA_KIND_AUDIO)
        wanted = target > AUDIO_PRE_ROLL ? target - AUDIO_PRE_ROLL : 0;
      for (guint i = 0; i < part->blocks->len; i++)
        {
          VigilReviewBlock *block = &g_array_index (part->blocks, VigilReviewBlock, i);

          if (part->timeline + block->ms * GST_MSECOND > wanted)
            break;
          if (block->kind == cursor->kind && (block->key || cursor->kind == VIGIL_MEDIA_KIND_AUDIO))
            from = i;
        }
    }
  cursor_move_locked (cursor, index, from);
  g_mutex_unlock (&shared->lock);
  cursor->discont = TRUE;
}

/* The time of the frame that @pts is in. The decoder moves the first frame
 * after an accurate seek to the seek's start, where it begins to show:
 * the index knows when it was recorded. */
GstClockTime
vigil_review_shared_frame_pts_locked (VigilReviewShared *shared,
                                      GstClockTime       pts)
{
  VigilReviewMaster *part = &shared->parts[vigil_review_shared_part_at (shared, pts)];
  guint low = 0, high;

  if (part->video_ms == NULL || part->video_ms->len == 0 || pts < part->timeline)
    return pts;
  high = part->video_ms->len;
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (part->timeline + g_array_index (part->video_ms, gint64, middle) * GST_MSECOND <= pts)
        low = middle;
      else
        high = middle;
    }
  return part->timeline + g_array_index (part->video_ms, gint64, low) * GST_MSECOND;
}

/* The timeline */

static gboolean
wake_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs wake_funcs = { .dispatch = wake_dispatch };

/* The timeline's instant of @wall_clock_us: in a master, its place; in a
 * gap, where the next master begins; after the last, the timeline's end. */
static GstClockTime
timeline_at (VigilReviewShared *shared,
             gint64             wall_clock_us)
{
  for (guint i = 0; i < shared->n_parts; i++)
    {
      VigilReviewMaster *part = &shared->parts[i];

      if (wall_clock_us < part->start_us)
        return part->timeline;
      if (wall_clock_us <= part->end_us)
        return part->timeline + (GstClockTime) (wall_clock_us - part->start_us) * GST_USECOND;
    }
  return shared->n_parts > 0 ? shared->parts[shared->n_parts - 1].timeline_end : 0;
}

gboolean
vigil_review_shared_in_range (VigilReviewShared *shared,
                              GstClockTime       pts,
                              GstClockTime       duration)
{
  GstClockTime end = GST_CLOCK_TIME_IS_VALID (duration) ? pts + duration : pts + 1;

  return pts < shared->clip_end && end > shared->clip_start;
}

/* @parts, those there, on the timeline, played from @from_us to before
 * @to_us. The wake source is for the caller to attach. */
VigilReviewShared *
vigil_review_shared_new (const VigilReviewPart *parts,
                         guint                  n_parts,
                         gint64                 from_us,
                         gint64                 to_us)
{
  VigilReviewShared *shared = g_atomic_rc_box_new0 (VigilReviewShared);
  GstClockTime timeline = 0;

  g_mutex_init (&shared->lock);
  shared->errors = g_ptr_array_new_with_free_func (g_free);
  shared->shown_pts = GST_CLOCK_TIME_NONE;
  shared->dedupe_pts = GST_CLOCK_TIME_NONE;
  shared->parts = g_new0 (VigilReviewMaster, MAX (n_parts, 1));
  shared->wake = g_source_new (&wake_funcs, sizeof (GSource));
  /* A master that is not there at all is a gap in the footage: said, and
   * skipped like one. One that cannot be read is found when it plays. */
  for (guint i = 0; i < n_parts; i++)
    {
      VigilReviewMaster *part = &shared->parts[shared->n_parts];
      GStatBuf info;

      g_return_val_if_fail (parts[i].path != NULL && parts[i].end_us >= parts[i].start_us, shared);
      if (g_stat (parts[i].path, &info) < 0)
        {
          int errsv = errno;
          VigilReviewMaster missing = { .path = (char *) parts[i].path };

          part_set_error (&missing, shared->errors, g_strerror (errsv));
          continue;
        }
      part->path = g_strdup (parts[i].path);
      part->start_us = parts[i].start_us;
      part->end_us = parts[i].end_us;
      part->audio = parts[i].audio;
      shared->n_parts++;
    }

  /* One master follows another on the timeline as it was recorded, unless
   * the recording stopped between them for longer than PLAYED_GAP_US. */
  for (guint i = 0; i < shared->n_parts; i++)
    {
      VigilReviewMaster *part = &shared->parts[i];
      VigilReviewMaster *next = i + 1 < shared->n_parts ? &shared->parts[i + 1] : NULL;
      gint64 span_us;

      if (next != NULL && next->start_us > part->end_us && next->start_us - part->end_us <= PLAYED_GAP_US)
        span_us = next->start_us - part->start_us;
      else
        span_us = part->end_us - part->start_us + (gint64) (GAP_HOLD / GST_USECOND);
      part->timeline = timeline;
      part->timeline_end = timeline + (GstClockTime) span_us * GST_USECOND;
      timeline = part->timeline_end;
    }
  shared->clip_start = timeline_at (shared, from_us);
  shared->clip_end = MAX (timeline_at (shared, to_us), shared->clip_start);

  return shared;
}

/* The timeline's time of the frame recorded at or before @wall_clock_us. */
GstClockTime
vigil_review_shared_timeline_of (VigilReviewShared *shared,
                                 gint64             wall_clock_us)
{
  VigilReviewMaster *part;
  guint index = 0;

  while (index + 1 < shared->n_parts && shared->parts[index + 1].start_us <= wall_clock_us)
    index++;
  part = &shared->parts[index];
  return part->timeline + (GstClockTime) CLAMP (wall_clock_us - part->start_us, 0, part->end_us - part->start_us)
                          * GST_USECOND;
}
