/* vigil-review-player.c
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
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-camera-chain-private.h"
#include "vigil-camera-source.h"
#include "vigil-matroska-private.h"
#include "vigil-review-enums.h"
#include "vigil-review-player.h"

/* Recording paused for less than this (a camera's own hiccup, or the
 * normal step from one master's last frame to the next one's first) plays
 * in real time; a longer gap is skipped, holding the last frame before it
 * for GAP_HOLD. */
#define PLAYED_GAP_US   G_USEC_PER_SEC
#define GAP_HOLD        (40 * GST_MSECOND)
/* Sound is read from this far before a seek's target, for the decoder to
 * settle (Opus asks for 80 ms). */
#define AUDIO_PRE_ROLL  (100 * GST_MSECOND)
#define POSITION_NOTIFY_US (G_USEC_PER_SEC / 4)

/* One frame in a master, as its index has it. */
typedef struct
{
  gint64   ms;        /* from the master's start */
  guint64  offset;    /* of the frame's bytes */
  guint32  size;
  guint8   kind;      /* VigilMediaKind */
  gboolean key;
} Block;

typedef struct
{
  char         *path;
  gint64        start_us;
  gint64        end_us;
  gboolean      audio;
  /* Where the master plays on the pipeline's timeline, which runs through
   * the masters end to end with long gaps left out. */
  GstClockTime  timeline;
  GstClockTime  timeline_end;
  /* Under Shared's lock: read when first played, dropped when far behind. */
  GArray       *blocks;
  GArray       *video_ms;   /* gint64, each video frame's time, rising */
  GstCaps      *caps[2];
  gboolean      failed;
} Part;

/* What the player shares with GStreamer's threads, which outlive it a
 * moment when it is disposed while they run. */
typedef struct
{
  Part        *parts;      /* the timeline fields never change */
  guint        n_parts;
  GSource     *wake;       /* dispatched on the player's main context */

  GMutex       lock;       /* everything below, and each Part's index */
  guint        cursor_part[2];
  GPtrArray   *errors;     /* messages for the main context */
  GstSample   *newest;     /* not yet pulled */
  gint64       newest_wall;
  GstClockTime shown_pts;  /* the last frame shown */
  GstClockTime dedupe_pts; /* the same, but GST_CLOCK_TIME_NONE after a seek */
  GstClockTime shown_duration;
  gint64       shown_wall;
  guint64      shown_serial;
} Shared;

/* One track's reader, behind its appsrc; only ever used on the appsrc's
 * streaming thread (seeks hold its stream lock). */
typedef struct
{
  Shared         *shared;
  VigilMediaKind  kind;
  guint           part;
  guint           block;
  int             fd;       /* the part's file, or -1 */
  guint           fd_part;
  GstCaps        *caps;     /* the last set on the appsrc */
  gboolean        discont;
} Cursor;

struct _VigilReviewPlayer
{
  GObject           parent_instance;

  GMainContext     *context;
  Shared           *shared;
  GstElement       *pipeline;   /* %NULL without a master to play */
  GstElement       *video_sink;
  GstElement       *size_filter;
  GstElement       *volume_element;
  GSource          *bus_watch;
  GSource          *notify_timeout;

  VigilReviewState  state;
  gboolean          prerolled;    /* the pipeline has reached PAUSED once */
  GstClockTime      pending_seek; /* asked for before that */
  double            rate;
  double            volume;
  gboolean          muted;
  gint64            position;
  gint64            notified_at;
  guint64           seen_serial;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_POSITION,
  PROP_RATE,
  PROP_VOLUME,
  PROP_MUTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FRAME,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilReviewPlayer, vigil_review_player, G_TYPE_OBJECT)

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
part_set_error (Part       *part,
                GPtrArray  *errors,
                const char *reason)
{
  g_autofree char *display = g_filename_display_name (part->path);

  part->failed = TRUE;
  g_ptr_array_add (errors, g_strdup_printf (_("The recording “%s” cannot be played: %s"), display, reason));
}

/* Reads the master's tracks and the place and time of every frame, up to
 * its last complete one. */
static gboolean
index_part (Part      *part,
            GPtrArray *errors)
{
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (Block));
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
          Block block;

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
      Block *block = &g_array_index (blocks, Block, i);

      if (block->kind == VIGIL_MEDIA_KIND_VIDEO)
        g_array_append_val (part->video_ms, block->ms);
    }
  part->blocks = g_steal_pointer (&blocks);
  return TRUE;
}

/* Shared */

static void
shared_free (Shared *shared)
{
  for (guint i = 0; i < shared->n_parts; i++)
    {
      Part *part = &shared->parts[i];

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

static Shared *
shared_ref (Shared *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_unref (Shared *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_free);
}

static void
wake_main_context (Shared *shared)
{
  g_source_set_ready_time (shared->wake, 0);
}

/* The master playing at @pts on the timeline (the last one before it
 * beyond the end). */
static guint
part_at_timeline (Shared       *shared,
                  GstClockTime  pts)
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

static gint64
wall_clock_of (Shared       *shared,
               GstClockTime  pts)
{
  Part *part = &shared->parts[part_at_timeline (shared, pts)];

  return part->start_us + (gint64) ((pts - MIN (pts, part->timeline)) / GST_USECOND);
}

/* Keeps the indexes of the masters each reader is in and their
 * neighbours; a long review would otherwise hold every frame's place. */
static void
drop_far_indexes_locked (Shared *shared)
{
  for (guint i = 0; i < shared->n_parts; i++)
    {
      Part *part = &shared->parts[i];
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
ensure_index_locked (Shared *shared,
                     Part   *part)
{
  if (part->failed)
    return FALSE;
  if (part->blocks != NULL)
    return TRUE;
  if (!index_part (part, shared->errors))
    {
      wake_main_context (shared);
      return FALSE;
    }
  return TRUE;
}

/* Readers */

static void
cursor_free (Cursor *cursor)
{
  if (cursor->fd >= 0)
    close (cursor->fd);
  gst_clear_caps (&cursor->caps);
  shared_unref (cursor->shared);
  g_free (cursor);
}

static void
cursor_move_locked (Cursor *cursor,
                    guint   part,
                    guint   block)
{
  Shared *shared = cursor->shared;

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
static GstBuffer *
cursor_next (Cursor   *cursor,
             GstCaps **caps)
{
  Shared *shared = cursor->shared;

  for (;;)
    {
      g_autoptr(GstBuffer) buffer = NULL;
      GstClockTime pts, duration = GST_CLOCK_TIME_NONE;
      GstMapInfo map;
      Block block;
      Part *part = NULL;
      gboolean read;

      g_mutex_lock (&shared->lock);
      while (cursor->part < shared->n_parts)
        {
          part = &shared->parts[cursor->part];
          if ((cursor->kind == VIGIL_MEDIA_KIND_VIDEO || part->audio) && ensure_index_locked (shared, part))
            {
              for (; cursor->block < part->blocks->len; cursor->block++)
                {
                  Block *candidate = &g_array_index (part->blocks, Block, cursor->block);

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

      block = g_array_index (part->blocks, Block, cursor->block);
      pts = part->timeline + block.ms * GST_MSECOND;
      if (cursor->kind == VIGIL_MEDIA_KIND_VIDEO)
        {
          /* Until the next frame: an accurate seek then shows the frame
           * at or before its target, and the last frame of a master lasts
           * until the next master's first. */
          duration = part->timeline_end - pts;
          for (guint i = cursor->block + 1; i < part->blocks->len; i++)
            {
              Block *next = &g_array_index (part->blocks, Block, i);

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
          wake_main_context (shared);
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

static void
on_need_data (GstAppSrc *src,
              guint      length,
              gpointer   user_data)
{
  Cursor *cursor = user_data;
  GstCaps *caps = NULL;
  GstBuffer *buffer = cursor_next (cursor, &caps);

  if (caps != NULL)
    {
      gst_app_src_set_caps (src, caps);
      gst_caps_unref (caps);
    }
  if (buffer == NULL)
    gst_app_src_end_of_stream (src);
  else
    gst_app_src_push_buffer (src, buffer);
}

/* From the keyframe before @target (video), or a little before it (sound):
 * the decoders drop what comes before the seek's start. */
static gboolean
on_seek_data (GstAppSrc *src,
              guint64    target,
              gpointer   user_data)
{
  Cursor *cursor = user_data;
  Shared *shared = cursor->shared;
  guint index = part_at_timeline (shared, target), from = 0;
  Part *part = &shared->parts[index];

  g_mutex_lock (&shared->lock);
  if ((cursor->kind == VIGIL_MEDIA_KIND_VIDEO || part->audio) && ensure_index_locked (shared, part))
    {
      GstClockTime wanted = target;

      if (cursor->kind == VIGIL_MEDIA_KIND_AUDIO)
        wanted = target > AUDIO_PRE_ROLL ? target - AUDIO_PRE_ROLL : 0;
      for (guint i = 0; i < part->blocks->len; i++)
        {
          Block *block = &g_array_index (part->blocks, Block, i);

          if (part->timeline + block->ms * GST_MSECOND > wanted)
            break;
          if (block->kind == cursor->kind && (block->key || cursor->kind == VIGIL_MEDIA_KIND_AUDIO))
            from = i;
        }
    }
  cursor_move_locked (cursor, index, from);
  g_mutex_unlock (&shared->lock);
  cursor->discont = TRUE;
  return TRUE;
}

/* Frames shown */

/* The time of the frame that @pts is in. The decoder moves the first frame
 * after an accurate seek to the seek's start, where it begins to show:
 * the index knows when it was recorded. */
static GstClockTime
frame_pts_locked (Shared       *shared,
                  GstClockTime  pts)
{
  Part *part = &shared->parts[part_at_timeline (shared, pts)];
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

static void
frame_shown (Shared    *shared,
             GstSample *sample)
{
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  GstClockTime pts;

  if (buffer == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    {
      if (sample != NULL)
        gst_sample_unref (sample);
      return;
    }

  g_mutex_lock (&shared->lock);
  pts = frame_pts_locked (shared, GST_BUFFER_PTS (buffer));
  /* After a seek the sink prerolls on the frame, then shows it again as it
   * starts playing: once is enough. */
  if (pts == shared->dedupe_pts)
    {
      g_mutex_unlock (&shared->lock);
      gst_sample_unref (sample);
      return;
    }
  shared->shown_pts = shared->dedupe_pts = pts;
  shared->shown_duration = GST_BUFFER_DURATION (buffer);
  shared->shown_wall = wall_clock_of (shared, shared->shown_pts);
  shared->shown_serial++;
  g_clear_pointer (&shared->newest, gst_sample_unref);
  shared->newest = gst_sample_new (buffer, gst_sample_get_caps (sample), gst_sample_get_segment (sample),
                                   gst_structure_new ("vigil-review-frame",
                                                      "wall-clock", G_TYPE_INT64, shared->shown_wall,
                                                      "shown", G_TYPE_UINT64, shared->shown_serial,
                                                      NULL));
  gst_sample_unref (sample);
  shared->newest_wall = shared->shown_wall;
  g_mutex_unlock (&shared->lock);
  wake_main_context (shared);
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  frame_shown (user_data, gst_app_sink_pull_sample (sink));
  return GST_FLOW_OK;
}

static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    user_data)
{
  frame_shown (user_data, gst_app_sink_pull_preroll (sink));
  return GST_FLOW_OK;
}

/* The player */

static void
set_state (VigilReviewPlayer *self,
           VigilReviewState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
notify_position (gpointer data)
{
  VigilReviewPlayer *self = data;

  if (self->notify_timeout != NULL)
    {
      g_source_destroy (self->notify_timeout);
      g_clear_pointer (&self->notify_timeout, g_source_unref);
    }
  self->notified_at = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  return G_SOURCE_REMOVE;
}

/* At most every POSITION_NOTIFY_US while playing, with the latest;
 * at once otherwise (a seek or a step). */
static void
set_position (VigilReviewPlayer *self,
              gint64             position)
{
  gint64 since;

  if (self->position == position)
    return;
  self->position = position;
  since = g_get_monotonic_time () - self->notified_at;
  if (self->state != VIGIL_REVIEW_STATE_PLAYING || since >= POSITION_NOTIFY_US)
    notify_position (self);
  else if (self->notify_timeout == NULL)
    {
      self->notify_timeout = g_timeout_source_new ((guint) ((POSITION_NOTIFY_US - since + 999) / 1000));
      g_source_set_callback (self->notify_timeout, notify_position, self, NULL);
      g_source_attach (self->notify_timeout, self->context);
    }
}

static gboolean
on_wake (gpointer data)
{
  g_autoptr(VigilReviewPlayer) self = g_object_ref (data);
  Shared *shared = self->shared;
  g_autoptr(GPtrArray) errors = NULL;
  gboolean new_frame;
  gint64 wall;

  g_mutex_lock (&shared->lock);
  if (shared->errors->len > 0)
    {
      errors = g_steal_pointer (&shared->errors);
      shared->errors = g_ptr_array_new_with_free_func (g_free);
    }
  new_frame = shared->shown_serial != self->seen_serial;
  self->seen_serial = shared->shown_serial;
  wall = shared->shown_wall;
  g_mutex_unlock (&shared->lock);

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, g_ptr_array_index (errors, i));
  if (new_frame)
    {
      set_position (self, wall);
      g_signal_emit (self, signals[SIGNAL_FRAME], 0);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
wake_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs wake_funcs = { .dispatch = wake_dispatch };

static void
update_mute (VigilReviewPlayer *self)
{
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "volume", self->volume, "mute", self->muted || self->rate != 1.0, NULL);
}

static void seek_timeline (VigilReviewPlayer *self,
                           GstClockTime       pts);

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  VigilReviewPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ASYNC_DONE:
      if (!self->prerolled)
        {
          self->prerolled = TRUE;
          if (GST_CLOCK_TIME_IS_VALID (self->pending_seek))
            seek_timeline (self, self->pending_seek);
        }
      break;
    case GST_MESSAGE_EOS:
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      set_state (self, VIGIL_REVIEW_STATE_ENDED);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("review player: %s (%s)", error->message, debug ? debug : "");
        text = g_strdup_printf (_("The footage cannot be played on: %s"), error->message);
        gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
        set_state (self, VIGIL_REVIEW_STATE_ENDED);
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, text);
      }
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
vigil_review_player_dispose (GObject *object)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != NULL)
    g_source_destroy (self->bus_watch);
  g_clear_pointer (&self->bus_watch, g_source_unref);
  if (self->notify_timeout != NULL)
    g_source_destroy (self->notify_timeout);
  g_clear_pointer (&self->notify_timeout, g_source_unref);
  if (self->shared != NULL)
    g_source_destroy (self->shared->wake);
  g_clear_object (&self->video_sink);
  g_clear_object (&self->size_filter);
  g_clear_object (&self->volume_element);
  g_clear_object (&self->pipeline);

  G_OBJECT_CLASS (vigil_review_player_parent_class)->dispose (object);
}

static void
vigil_review_player_finalize (GObject *object)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  g_clear_pointer (&self->shared, shared_unref);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (vigil_review_player_parent_class)->finalize (object);
}

static void
vigil_review_player_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_review_player_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      vigil_review_player_set_rate (self, g_value_get_double (value));
      break;
    case PROP_VOLUME:
      vigil_review_player_set_volume (self, g_value_get_double (value));
      break;
    case PROP_MUTED:
      vigil_review_player_set_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_review_player_class_init (VigilReviewPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = vigil_review_player_dispose;
  object_class->finalize = vigil_review_player_finalize;
  object_class->get_property = vigil_review_player_get_property;
  object_class->set_property = vigil_review_player_set_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIGIL_TYPE_REVIEW_STATE,
                                              VIGIL_REVIEW_STATE_PAUSED, flags);
  properties[PROP_POSITION] = g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0.5, 8.0, 1.0, flags | G_PARAM_WRITABLE);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0, flags | G_PARAM_WRITABLE);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags | G_PARAM_WRITABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new frame waits in vigil_review_player_pull_frame(); at most once
   * per main loop iteration, as VigilCameraSource's "frame". */
  signals[SIGNAL_FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* One line for the reviewer: a master that cannot be read, named. */
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigil_review_player_init (VigilReviewPlayer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->rate = 1.0;
  self->volume = 1.0;
  self->pending_seek = GST_CLOCK_TIME_NONE;
}

/* The pipeline */

static GstElement *
make_element (const char *factory,
              GString    *missing)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_string_append_printf (missing, missing->len ? ", %s" : "%s", factory);
  return element;
}

/* decodebin's decoded pad, to what follows it. */
static void
on_decoded_pad (GstElement *decodebin,
                GstPad     *pad,
                gpointer    user_data)
{
  GstPad *target = user_data;

  if (!gst_pad_is_linked (target) && gst_pad_link (pad, target) != GST_PAD_LINK_OK)
    g_debug ("review player: could not link %s", GST_OBJECT_NAME (pad));
}

/* An appsrc reading one kind of frame from the masters, decoded, linked to
 * @next. Every element is in @bin when it returns. */
static void
add_track (GstBin         *bin,
           Shared         *shared,
           VigilMediaKind  kind,
           GstElement     *next)
{
  GstElement *src = gst_element_factory_make ("appsrc", NULL);
  GstElement *decodebin = gst_element_factory_make ("decodebin", NULL);
  GstAppSrcCallbacks callbacks = { .need_data = on_need_data, .seek_data = on_seek_data };
  g_autoptr(GstPad) target = gst_element_get_static_pad (next, "sink");
  Cursor *cursor = g_new0 (Cursor, 1);

  cursor->shared = shared_ref (shared);
  cursor->kind = kind;
  cursor->fd = -1;
  cursor->discont = TRUE;
  /* Seekable in time: a seek reaches the readers as on_seek_data(), and
   * what they push after it is timed on the seek's segment. */
  g_object_set (src, "format", GST_FORMAT_TIME, "stream-type", GST_APP_STREAM_TYPE_SEEKABLE,
                "max-bytes", (guint64) (4 * 1024 * 1024), NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, cursor, (GDestroyNotify) cursor_free);
  g_signal_connect_data (decodebin, "pad-added", G_CALLBACK (on_decoded_pad), g_steal_pointer (&target),
                         (GClosureNotify) (void (*) (void)) gst_object_unref, 0);
  gst_bin_add_many (bin, src, decodebin, NULL);
  gst_element_link (src, decodebin);
}

/* The frames as VigilCameraSource hands them out: scaled, then converted
 * to VIGIL_CAMERA_FRAME_FORMAT, into an appsink that shows them on time. */
static gboolean
add_video (VigilReviewPlayer *self,
           GString           *missing)
{
  const char *factories[] = { "videoscale", "capsfilter", "videoconvert", "capsfilter", "appsink" };
  GstElement *elements[G_N_ELEMENTS (factories)];
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample, .new_preroll = on_new_preroll };
  g_autoptr(GstCaps) size = vigil_camera_chain_size_caps (0, 0);
  g_autoptr(GstCaps) format = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
                                                    gst_video_format_to_string (VIGIL_CAMERA_FRAME_FORMAT), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    elements[i] = make_element (factories[i], missing);
  if (missing->len > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
        if (elements[i] != NULL)
          gst_object_unref (gst_object_ref_sink (elements[i]));
      return FALSE;
    }

  self->size_filter = gst_object_ref (elements[1]);
  self->video_sink = gst_object_ref (elements[4]);
  g_object_set (elements[1], "caps", size, NULL);
  g_object_set (elements[3], "caps", format, NULL);
  /* Every frame, on time: never dropped for being late, as a reviewer
   * stepping through a busy machine's playback must still see each. */
  g_object_set (elements[4], "sync", TRUE, "max-lateness", (gint64) -1, "qos", FALSE,
                "enable-last-sample", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (elements[4]), &callbacks, shared_ref (self->shared),
                              (GDestroyNotify) shared_unref);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    gst_bin_add (GST_BIN (self->pipeline), elements[i]);
  for (guint i = 1; i < G_N_ELEMENTS (elements); i++)
    gst_element_link (elements[i - 1], elements[i]);
  add_track (GST_BIN (self->pipeline), self->shared, VIGIL_MEDIA_KIND_VIDEO, elements[0]);
  return TRUE;
}

/* Sound through pulsesink (PipeWire's pulse server), as the live views'
 * (vigil_sound_output_new()), but with a queue that waits rather than
 * drops: the reader runs ahead of the clock here, a camera never does. */
static gboolean
add_sound (VigilReviewPlayer *self,
           GString           *missing)
{
  const char *factories[] = { "queue", "audioconvert", "audioresample", "volume", "pulsesink" };
  GstElement *elements[G_N_ELEMENTS (factories)];
  g_autoptr(GstStructure) stream = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    elements[i] = make_element (factories[i], missing);
  if (missing->len > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
        if (elements[i] != NULL)
          gst_object_unref (gst_object_ref_sink (elements[i]));
      return FALSE;
    }

  stream = gst_structure_new ("properties",
                              "media.name", G_TYPE_STRING, _("CCTV Review"),
                              "application.name", G_TYPE_STRING, "Vigil",
                              NULL);
  self->volume_element = gst_object_ref (elements[3]);
  g_object_set (elements[0], "max-size-buffers", 0, "max-size-bytes", 0,
                "max-size-time", (guint64) GST_SECOND, NULL);
  /* Not waited for when pausing or seeking (a master without sound has
   * nothing to preroll on), and never the pipeline's clock: the picture
   * keeps time with the system clock, the sound with it. */
  g_object_set (elements[4], "client-name", "Vigil", "stream-properties", stream,
                "provide-clock", FALSE, "sync", TRUE, "async", FALSE, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    gst_bin_add (GST_BIN (self->pipeline), elements[i]);
  for (guint i = 1; i < G_N_ELEMENTS (elements); i++)
    gst_element_link (elements[i - 1], elements[i]);
  add_track (GST_BIN (self->pipeline), self->shared, VIGIL_MEDIA_KIND_AUDIO, elements[0]);
  update_mute (self);
  return TRUE;
}

static void
build_pipeline (VigilReviewPlayer *self)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GstBus) bus = NULL;
  gboolean audio = FALSE;

  for (guint i = 0; i < self->shared->n_parts; i++)
    audio = audio || self->shared->parts[i].audio;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("vigil-review"));
  if (!add_video (self, missing) || (audio && !add_sound (self, missing)))
    {
      g_mutex_lock (&self->shared->lock);
      g_ptr_array_add (self->shared->errors,
                       g_strdup_printf (_("The footage cannot be played: this computer lacks GStreamer’s %s"),
                                        missing->str));
      g_mutex_unlock (&self->shared->lock);
      g_clear_object (&self->pipeline);
      return;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, (GSourceFunc) (void (*) (void)) on_bus_message, self, NULL);
  g_source_attach (self->bus_watch, self->context);
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

/* Public */

VigilReviewPlayer *
vigil_review_player_new (const VigilReviewPart *parts,
                         guint                  n_parts)
{
  VigilReviewPlayer *self;
  Shared *shared;
  GstClockTime timeline = 0;

  g_return_val_if_fail (parts != NULL || n_parts == 0, NULL);

  self = g_object_new (VIGIL_TYPE_REVIEW_PLAYER, NULL);
  shared = self->shared = g_atomic_rc_box_new0 (Shared);
  g_mutex_init (&shared->lock);
  shared->errors = g_ptr_array_new_with_free_func (g_free);
  shared->shown_pts = GST_CLOCK_TIME_NONE;
  shared->dedupe_pts = GST_CLOCK_TIME_NONE;
  shared->parts = g_new0 (Part, MAX (n_parts, 1));

  /* A master that is not there at all is a gap in the footage: said, and
   * skipped like one. One that cannot be read is found when it plays. */
  for (guint i = 0; i < n_parts; i++)
    {
      Part *part = &shared->parts[shared->n_parts];
      GStatBuf info;

      g_return_val_if_fail (parts[i].path != NULL && parts[i].end_us >= parts[i].start_us, self);
      if (g_stat (parts[i].path, &info) < 0)
        {
          int errsv = errno;
          Part missing = { .path = (char *) parts[i].path };

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
      Part *part = &shared->parts[i];
      Part *next = i + 1 < shared->n_parts ? &shared->parts[i + 1] : NULL;
      gint64 span_us;

      if (next != NULL && next->start_us > part->end_us && next->start_us - part->end_us <= PLAYED_GAP_US)
        span_us = next->start_us - part->start_us;
      else
        span_us = part->end_us - part->start_us + (gint64) (GAP_HOLD / GST_USECOND);
      part->timeline = timeline;
      part->timeline_end = timeline + (GstClockTime) span_us * GST_USECOND;
      timeline = part->timeline_end;
    }

  shared->wake = g_source_new (&wake_funcs, sizeof (GSource));
  g_source_set_callback (shared->wake, on_wake, self, NULL);
  g_source_attach (shared->wake, self->context);

  if (shared->n_parts > 0)
    {
      self->position = shared->parts[0].start_us;
      build_pipeline (self);
    }
  if (self->pipeline == NULL)
    self->state = VIGIL_REVIEW_STATE_ENDED;
  if (shared->errors->len > 0)
    wake_main_context (shared);
  return self;
}

VigilReviewPlayer *
vigil_review_player_new_for_segments (GPtrArray  *segments,
                                      const char *recordings_dir)
{
  g_autofree VigilReviewPart *parts = NULL;
  g_autoptr(GPtrArray) paths = NULL;

  g_return_val_if_fail (segments != NULL, NULL);
  g_return_val_if_fail (recordings_dir != NULL, NULL);

  parts = g_new0 (VigilReviewPart, MAX (segments->len, 1));
  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);
      char *path = g_build_filename (recordings_dir, vigil_segment_get_path (segment), NULL);

      g_ptr_array_add (paths, path);
      parts[i] = (VigilReviewPart) {
        .path = path,
        .start_us = vigil_segment_get_start (segment),
        .end_us = vigil_segment_get_end (segment),
        .audio = vigil_segment_get_audio (segment),
      };
    }
  return vigil_review_player_new (parts, segments->len);
}

void
vigil_review_player_play (VigilReviewPlayer *self)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline == NULL || self->state == VIGIL_REVIEW_STATE_PLAYING)
    return;
  if (self->state == VIGIL_REVIEW_STATE_ENDED)
    vigil_review_player_seek (self, vigil_review_player_get_start (self));
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  set_state (self, VIGIL_REVIEW_STATE_PLAYING);
}

void
vigil_review_player_pause (VigilReviewPlayer *self)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline == NULL || self->state != VIGIL_REVIEW_STATE_PLAYING)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_state (self, VIGIL_REVIEW_STATE_PAUSED);
}

static void
seek_timeline (VigilReviewPlayer *self,
               GstClockTime       pts)
{
  /* A seek while the pipeline first prerolls would be lost. */
  self->pending_seek = self->prerolled ? GST_CLOCK_TIME_NONE : pts;
  if (!self->prerolled)
    return;

  g_mutex_lock (&self->shared->lock);
  self->shared->dedupe_pts = GST_CLOCK_TIME_NONE;
  g_mutex_unlock (&self->shared->lock);

  if (!gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, (gint64) pts, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    g_debug ("review player: the seek to %" GST_TIME_FORMAT " failed", GST_TIME_ARGS (pts));
  if (self->state == VIGIL_REVIEW_STATE_ENDED)
    set_state (self, VIGIL_REVIEW_STATE_PAUSED);
}

void
vigil_review_player_seek (VigilReviewPlayer *self,
                          gint64             wall_clock_us)
{
  Shared *shared;
  Part *part;
  guint index = 0;

  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline == NULL)
    return;
  shared = self->shared;
  while (index + 1 < shared->n_parts && shared->parts[index + 1].start_us <= wall_clock_us)
    index++;
  part = &shared->parts[index];
  seek_timeline (self, part->timeline
                       + (GstClockTime) CLAMP (wall_clock_us - part->start_us, 0, part->end_us - part->start_us)
                       * GST_USECOND);
}

void
vigil_review_player_step (VigilReviewPlayer *self,
                          int                frames)
{
  GstClockTime pts, duration, back;

  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline == NULL || frames == 0)
    return;
  vigil_review_player_pause (self);

  if (frames > 0)
    {
      if (self->state != VIGIL_REVIEW_STATE_ENDED)
        gst_element_send_event (self->video_sink,
                                gst_event_new_step (GST_FORMAT_BUFFERS, (guint64) frames, 1.0, TRUE, FALSE));
      return;
    }

  /* Back: to just before the frame shown, which an accurate seek shows as
   * the frame before it, as frames last until the next one. */
  g_mutex_lock (&self->shared->lock);
  pts = self->shared->shown_pts;
  duration = self->shared->shown_duration;
  g_mutex_unlock (&self->shared->lock);
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;
  back = 1 + (GstClockTime) (-(gint64) frames - 1) * (GST_CLOCK_TIME_IS_VALID (duration) ? duration : 0);
  seek_timeline (self, pts > back ? pts - back : 0);
}

void
vigil_review_player_set_rate (VigilReviewPlayer *self,
                              double             rate)
{
  GstClockTime pts;

  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));
  g_return_if_fail (rate >= 0.5 && rate <= 8.0);

  if (self->rate == rate)
    return;
  self->rate = rate;
  update_mute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  if (self->pipeline == NULL)
    return;

  /* From the frame shown. Not an instant rate change: appsrc takes it for
   * a seek without a flush, which waits for its streaming thread, held by
   * a paused sink. */
  g_mutex_lock (&self->shared->lock);
  pts = self->shared->shown_pts;
  g_mutex_unlock (&self->shared->lock);
  seek_timeline (self, GST_CLOCK_TIME_IS_VALID (pts) ? pts : 0);
}

double
vigil_review_player_get_rate (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 1.0);

  return self->rate;
}

VigilReviewState
vigil_review_player_get_state (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), VIGIL_REVIEW_STATE_ENDED);

  return self->state;
}

gint64
vigil_review_player_get_position (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0);

  return self->position;
}

gint64
vigil_review_player_get_start (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0);

  return self->shared->n_parts > 0 ? self->shared->parts[0].start_us : 0;
}

gint64
vigil_review_player_get_end (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0);

  return self->shared->n_parts > 0 ? self->shared->parts[self->shared->n_parts - 1].end_us : 0;
}

void
vigil_review_player_set_frame_size (VigilReviewPlayer *self,
                                    guint              width,
                                    guint              height)
{
  g_autoptr(GstCaps) caps = NULL;

  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->size_filter == NULL)
    return;
  caps = vigil_camera_chain_size_caps (width, height);
  g_object_set (self->size_filter, "caps", caps, NULL);
}

GstSample *
vigil_review_player_pull_frame (VigilReviewPlayer *self,
                                gint64            *wall_clock_us)
{
  GstSample *sample;

  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), NULL);

  g_mutex_lock (&self->shared->lock);
  sample = g_steal_pointer (&self->shared->newest);
  if (wall_clock_us != NULL)
    *wall_clock_us = sample != NULL ? self->shared->newest_wall : 0;
  g_mutex_unlock (&self->shared->lock);
  return sample;
}

void
vigil_review_player_set_volume (VigilReviewPlayer *self,
                                double             volume)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));
  g_return_if_fail (volume >= 0.0 && volume <= 1.0);

  if (self->volume == volume)
    return;
  self->volume = volume;
  update_mute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

double
vigil_review_player_get_volume (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0.0);

  return self->volume;
}

void
vigil_review_player_set_muted (VigilReviewPlayer *self,
                               gboolean           muted)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  update_mute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
vigil_review_player_get_muted (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), FALSE);

  return self->muted;
}
