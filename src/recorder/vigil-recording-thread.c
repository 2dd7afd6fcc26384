/* vigil-recording-thread.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vigil-segment-writer.h"
#include "vigil-recording-thread-private.h"

/* A segment whose interval ended closes this long after, when no frame
 * came to close it. */
#define CLOSE_GRACE_US     (500 * G_TIME_SPAN_MILLISECOND)
/* A frame's timestamps are trusted to within this of its arrival; beyond
 * it (a new connection, a camera's clock jump), they are set again. */
#define RESYNC_US          G_TIME_SPAN_SECOND
#define CREEP_PPM          1000
/* A new connection's first frames come in a burst; their timing settles
 * within this, and no segment starts before. */
#define SETTLE_US          G_TIME_SPAN_SECOND
/* Sound may start a moment after the picture: a segment that should have
 * sound waits this long for it before it opens without. */
#define AUDIO_WAIT_US      (3 * G_TIME_SPAN_SECOND)
/* A segment that could not be opened is tried again after this. */
#define RETRY_US           (5 * G_TIME_SPAN_SECOND)
/* Against a power cut: what is written reaches the disk at least this
 * often (a kill leaves it in the page cache, which survives). */
#define SYNC_US            G_TIME_SPAN_SECOND
/* How often the writing thread takes the frames that came. */
#define WRITE_INTERVAL_US  (50 * G_TIME_SPAN_MILLISECOND)
/* Picture and sound come through threads of their own, and a frame of one
 * may arrive after a later frame of the other. Each frame waits this long
 * for its elders before it is written, so that a segment's last sound
 * frames land in it and not in a gap between it and the next. A frame
 * reaches the file at most this plus WRITE_INTERVAL_US late. */
#define REORDER_US         (100 * G_TIME_SPAN_MILLISECOND)
/* Frames waiting for the writing thread: about a minute of a camera. A
 * disk that falls this far behind loses frames, and says so. */
#define MAX_QUEUED         4000

typedef enum
{
  ITEM_VIDEO,
  ITEM_AUDIO,
  ITEM_CLOSE,      /* the camera was lost: close the segment */
  ITEM_STOP,
} ItemKind;

typedef struct
{
  ItemKind   kind;
  GstBuffer *buffer;
  GstCaps   *caps;
  gint64     at;
  gint64     received;  /* monotonic */
  gboolean   settled;   /* timed well enough to start a segment with */
} Item;

/* What the streaming threads, the writing thread and the main thread
 * share; it outlives the recorder object until the last of them lets go. */
struct _VigilRecordingThread
{
  gatomicrefcount     ref;
  /* Frames, and messages, for the writing thread. A frame does not wake
   * it: it takes what came every WRITE_INTERVAL_US, as waking a thread for
   * each frame of 16 cameras cost more than all the writing. A message
   * wakes it at once. */
  GMutex              items_lock;
  GCond               items_cond;
  GQueue              items;    /* Item */
  GAsyncQueue        *events;   /* VigilRecordingEvent, for the main thread */
  GThread            *thread;   /* the writing thread, while it runs */
  VigilRecordingPlan *plan;
  char               *camera;
  char               *folder;   /* the camera's, relative */
  char               *recordings_dir;

  GMutex              lock;     /* the timestamps, and the flags below */
  gboolean            have_offset;
  gint64              offset;
  gint64              offset_stamp;
  gint64              settled_stamp;  /* from this timestamp on, frames are well timed */
  gint64              last_at;
  gboolean            disk_full;
  gboolean            stream_known;   /* whether the camera's stream is known yet */
  gboolean            stream_has_audio;
  guint               overrun;  /* frames lost to a full queue */
};

/* A folder name anyone can type: letters, digits, dot, dash and
 * underscore; anything else becomes an underscore. */
char *
vigil_segment_folder_name (const char *camera)
{
  GString *folder = g_string_new (NULL);

  for (const char *p = camera; *p != '\0'; p++)
    g_string_append_c (folder, g_ascii_isalnum (*p) || *p == '-' || *p == '_' || (*p == '.' && p != camera)
                               ? *p : '_');
  return g_string_free (folder, FALSE);
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->buffer, gst_buffer_unref);
  g_clear_pointer (&item->caps, gst_caps_unref);
  g_free (item);
}

void
vigil_recording_event_free (VigilRecordingEvent *event)
{

  g_free (event->path);
  g_free (event->sha256);
  g_free (event->detail);
  g_free (event);
}

VigilRecordingThread *
vigil_recording_thread_ref (VigilRecordingThread *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

void
vigil_recording_thread_unref (VigilRecordingThread *shared)
{

  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_queue_clear_full (&shared->items, item_free);
  g_mutex_clear (&shared->items_lock);
  g_cond_clear (&shared->items_cond);
  g_async_queue_unref (shared->events);
  vigil_recording_plan_free (shared->plan);
  g_free (shared->camera);
  g_free (shared->folder);
  g_free (shared->recordings_dir);
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

/* A message for the writing thread, in line with the frames. */
static void
push_item (VigilRecordingThread   *shared,
           ItemKind  kind)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  g_mutex_lock (&shared->items_lock);
  g_queue_push_tail (&shared->items, item);
  g_cond_signal (&shared->items_cond);
  g_mutex_unlock (&shared->items_lock);
}

/* Streaming threads */

/* A frame's wall-clock time: its timestamp (the camera's clock, evenly
 * spaced), set against the arrival of the least delayed frame, so that
 * frames keep the camera's spacing whatever the network's jitter. The
 * offset may creep up by CREEP_PPM of the time gone by, to follow a camera
 * whose clock runs slower than ours. */
static gint64
frame_time (VigilRecordingThread       *shared,
            GstClockTime  timestamp,
            gint64        arrival,
            gboolean     *settled)
{
  gint64 at;

  g_mutex_lock (&shared->lock);
  if (!GST_CLOCK_TIME_IS_VALID (timestamp))
    {
      at = MAX (arrival, shared->last_at);
      *settled = TRUE;
    }
  else
    {
      gint64 stamp = (gint64) (timestamp / GST_USECOND);
      gint64 offset = arrival - stamp;
      gint64 allowed = shared->offset + MAX (stamp - shared->offset_stamp, 0) * CREEP_PPM / 1000000;

      if (!shared->have_offset || offset - shared->offset > RESYNC_US)
        {
          shared->offset = offset;
          shared->settled_stamp = stamp + SETTLE_US;
        }
      else
        shared->offset = MIN (offset, allowed);
      shared->offset_stamp = stamp;
      shared->have_offset = TRUE;
      at = stamp + shared->offset;
      *settled = stamp >= shared->settled_stamp;
    }
  shared->last_at = at;
  g_mutex_unlock (&shared->lock);

  return at;
}

void
vigil_recording_thread_take_sample (VigilMediaKind  kind,
                                    GstSample      *sample,
                                    gpointer        user_data)
{
  VigilRecordingThread *shared = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gint64 arrival = vigil_encoded_sample_get_arrival (sample);
  GstClockTime timestamp;
  gboolean settled = FALSE;
  Item *item;

  if (buffer == NULL)
    return;

  timestamp = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
  item = g_new0 (Item, 1);
  item->kind = kind == VIGIL_MEDIA_KIND_VIDEO ? ITEM_VIDEO : ITEM_AUDIO;
  item->buffer = gst_buffer_ref (buffer);
  item->caps = gst_caps_ref (gst_sample_get_caps (sample));
  item->at = frame_time (shared, timestamp, arrival, &settled);
  item->received = g_get_monotonic_time ();
  item->settled = settled;

  g_mutex_lock (&shared->items_lock);
  if (shared->items.length < MAX_QUEUED)
    {
      g_queue_push_tail (&shared->items, g_steal_pointer (&item));
      g_mutex_unlock (&shared->items_lock);
      return;
    }
  g_mutex_unlock (&shared->items_lock);

  item_free (item);
  g_mutex_lock (&shared->lock);
  shared->overrun++;
  g_mutex_unlock (&shared->lock);
}

/* The writing thread */

typedef struct
{
  VigilRecordingThread *shared;
  GQueue              waiting;    /* frames, in the order they are written */
  VigilSegmentWriter *writer;
  char               *path;       /* relative */
  GstCaps            *video_caps;
  GstCaps            *audio_caps;
  gint64              retry_after;
  gint64              audio_wanted_since;
  gboolean            segment_audio;
  gint64              synced_at;
  guint               generation;   /* of the plan, last looked at */
} Writer;

static void
post (VigilRecordingThread    *shared,
      VigilRecordingEvent     *event)
{
  g_async_queue_push (shared->events, event);
}

static void
post_failure (VigilRecordingThread        *shared,
              const char    *path,
              const GError  *error)
{
  VigilRecordingEvent *event = g_new0 (VigilRecordingEvent, 1);

  event->kind = VIGIL_RECORDING_EVENT_FAILED;
  event->path = g_strdup (path);
  event->cause = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ? VIGIL_GAP_DISK_FULL : VIGIL_GAP_ERROR;
  event->detail = g_strdup (error->message);
  post (shared, event);
}

gboolean
vigil_segment_parse_file_name (const char *day,
                                       const char *file,
                                       gint64     *start)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = NULL;
  int hour, minute, second, ms;
  char end;

  if (strlen (file) != strlen ("00-00-00.000Z.mkv") || !g_str_has_suffix (file, "Z.mkv") ||
      sscanf (file, "%2d-%2d-%2d.%3d%c", &hour, &minute, &second, &ms, &end) != 5 || end != 'Z')
    return FALSE;
  iso = g_strdup_printf ("%sT%02d:%02d:%02dZ", day, hour, minute, second);
  if ((time = g_date_time_new_from_iso8601 (iso, NULL)) == NULL)
    return FALSE;
  *start = g_date_time_to_unix (time) * G_USEC_PER_SEC + ms * 1000;
  return TRUE;
}

/* Camera, then date, then time, in UTC, which never repeats an hour. */
static char *
segment_path (VigilRecordingThread *shared,
              gint64  start)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (time, "%Y-%m-%d");
  g_autofree char *clock = g_date_time_format (time, "%H-%M-%S");

  return g_strdup_printf ("%s/%s/%s.%03dZ.mkv", shared->folder, day, clock,
                          (int) ((start % G_USEC_PER_SEC) / 1000));
}

/* Makes the segment's folders, syncing each new one into its parent. */
static gboolean
make_folders (const char  *root,
              const char  *relative,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (relative, "/", -1);
  g_autofree char *path = g_strdup (root);

  for (guint i = 0; parts[i] != NULL && parts[i + 1] != NULL; i++)
    {
      char *next = g_build_filename (path, parts[i], NULL);

      if (g_mkdir (next, 0750) == 0)
        {
          int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

          if (fd >= 0)
            {
              fsync (fd);
              close (fd);
            }
        }
      else if (errno != EEXIST)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot make the recordings folder %s: %s"), next, g_strerror (saved));
          g_free (next);
          return FALSE;
        }
      g_free (path);
      path = next;
    }
  return TRUE;
}

/* Closes the segment's file (synced, hashed) and tells the main thread. */
static void
finish_file (Writer *writer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSegmentWriter) segment = g_steal_pointer (&writer->writer);
  g_autofree char *path = g_steal_pointer (&writer->path);
  VigilRecordingEvent *event;

  if (segment == NULL)
    return;

  g_debug ("%s: closing %s", writer->shared->camera, path);
  event = g_new0 (VigilRecordingEvent, 1);
  event->kind = VIGIL_RECORDING_EVENT_CLOSED;
  event->path = g_strdup (path);
  event->start = vigil_segment_writer_get_start (segment);
  event->end = vigil_segment_writer_get_last_time (segment);
  if (!vigil_segment_writer_close (segment, &event->bytes, &event->sha256, &error))
    {
      g_autofree char *full = g_build_filename (writer->shared->recordings_dir, path, NULL);
      g_autoptr(GError) recover_error = NULL;

      /* What was written before the failure is still footage: cut to
       * what plays and kept. */
      g_warning ("Closing %s failed: %s", full, error->message);
      g_clear_pointer (&event->sha256, g_free);
      if (!vigil_segment_writer_recover (full, event->start, &event->end, &event->bytes, &event->sha256,
                                         &recover_error))
        g_warning ("%s could not be recovered either: %s", full, recover_error->message);
      post_failure (writer->shared, path, error);
    }
  post (writer->shared, event);
}

static void
close_segment (Writer *writer)
{
  vigil_recording_plan_closed (writer->shared->plan);
  finish_file (writer);
}

static gboolean
may_open (Writer *writer,
          gint64  at)
{
  VigilRecordingThread *shared = writer->shared;
  VigilPlanInterval interval = { 0 };
  gboolean disk_full, has_audio, wait_for_audio = FALSE;

  /* Until the stream is known, the sound may be on its way. */
  g_mutex_lock (&shared->lock);
  disk_full = shared->disk_full;
  has_audio = !shared->stream_known || shared->stream_has_audio;
  g_mutex_unlock (&shared->lock);

  if (disk_full || at < writer->retry_after)
    return FALSE;

  if (vigil_recording_plan_lookup (shared->plan, at, &interval))
    {
      if (interval.audio && has_audio && writer->audio_caps == NULL)
        {
          if (writer->audio_wanted_since == 0)
            writer->audio_wanted_since = at;
          wait_for_audio = at - writer->audio_wanted_since < AUDIO_WAIT_US;
        }
      vigil_plan_interval_clear (&interval);
    }
  return !wait_for_audio;
}

static void
open_segment (Writer *writer,
              gint64  at)
{
  VigilRecordingThread *shared = writer->shared;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = segment_path (shared, at);
  g_autofree char *full = g_build_filename (shared->recordings_dir, path, NULL);
  gboolean audio = vigil_recording_plan_segment_audio (shared->plan) && writer->audio_caps != NULL;
  VigilRecordingEvent *event;

  g_assert (writer->writer == NULL);

  if (!make_folders (shared->recordings_dir, path, &error) ||
      !(writer->writer = vigil_segment_writer_new (full, writer->video_caps, audio ? writer->audio_caps : NULL,
                                                   at, &error)))
    {
      g_warning ("Cannot record %s into %s: %s", shared->camera, full, error->message);
      vigil_recording_plan_closed (shared->plan);
      writer->retry_after = at + RETRY_US;
      post_failure (shared, NULL, error);
      return;
    }

  g_debug ("%s: opened %s", shared->camera, path);
  writer->path = g_steal_pointer (&path);
  writer->segment_audio = audio;
  writer->audio_wanted_since = 0;
  event = g_new0 (VigilRecordingEvent, 1);
  event->kind = VIGIL_RECORDING_EVENT_OPENED;
  event->path = g_strdup (writer->path);
  event->start = at;
  event->audio = audio;
  post (shared, event);
}

static void
write_frame (Writer         *writer,
             VigilMediaKind  kind,
             Item           *item)
{
  g_autoptr(GError) error = NULL;

  if (vigil_segment_writer_write (writer->writer, kind, item->buffer, item->at, &error))
    {
      gint64 now = g_get_monotonic_time ();

      if (now - writer->synced_at >= SYNC_US)
        {
          if (!vigil_segment_writer_sync (writer->writer, &error))
            g_warning ("Syncing %s failed: %s", writer->path, error->message);
          writer->synced_at = now;
        }
      return;
    }

  g_warning ("Writing %s failed: %s", writer->path, error->message);
  post_failure (writer->shared, writer->path, error);
  writer->retry_after = item->at + RETRY_US;
  close_segment (writer);
}

static void
take_video (Writer *writer,
            Item   *item)
{
  gboolean keyframe = !GST_BUFFER_FLAG_IS_SET (item->buffer, GST_BUFFER_FLAG_DELTA_UNIT);

  if (item->caps != NULL && (writer->video_caps == NULL || !gst_caps_is_equal (writer->video_caps, item->caps)))
    {
      /* A new picture format cannot continue the segment's track. */
      if (writer->writer != NULL && writer->video_caps != NULL && keyframe)
        close_segment (writer);
      gst_caps_replace (&writer->video_caps, item->caps);
    }

  switch (vigil_recording_plan_video (writer->shared->plan, item->at, keyframe,
                                      keyframe && item->settled && may_open (writer, item->at)))
    {
    case VIGIL_PLAN_SKIP:
      break;
    case VIGIL_PLAN_CLOSE:
      close_segment (writer);
      break;
    case VIGIL_PLAN_ROLL:
      /* The plan counts the next segment open already: only the file
       * closes. */
      finish_file (writer);
      G_GNUC_FALLTHROUGH;
    case VIGIL_PLAN_OPEN:
      open_segment (writer, item->at);
      if (writer->writer != NULL)
        write_frame (writer, VIGIL_MEDIA_KIND_VIDEO, item);
      break;
    case VIGIL_PLAN_WRITE:
      if (writer->writer != NULL)
        write_frame (writer, VIGIL_MEDIA_KIND_VIDEO, item);
      break;
    }
}

static void
take_audio (Writer *writer,
            Item   *item)
{
  if (item->caps != NULL)
    gst_caps_replace (&writer->audio_caps, item->caps);
  if (writer->writer != NULL && writer->segment_audio &&
      vigil_recording_plan_audio (writer->shared->plan, item->at))
    write_frame (writer, VIGIL_MEDIA_KIND_AUDIO, item);
}

/* A policy change that took effect before it reached the recorder (an
 * override ended, a family's stage lowered): whatever the segment holds
 * from then on is taken back before it closes. */
static void
follow_plan (Writer *writer)
{
  VigilRecordingThread *shared = writer->shared;
  guint generation = vigil_recording_plan_get_generation (shared->plan);
  g_autoptr(GError) error = NULL;
  gint64 until, cut;

  if (generation == writer->generation)
    return;
  writer->generation = generation;
  if (writer->writer == NULL)
    return;

  until = vigil_recording_plan_open_until (shared->plan);
  if (until > vigil_segment_writer_get_last_time (writer->writer))
    return;

  cut = vigil_segment_writer_cut (writer->writer, until, &error);
  if (cut < 0)
    g_warning ("%s: frames recorded after the policy stopped recording could not be taken back: %s",
               shared->camera, error->message);
  else
    g_message ("%s: %" G_GINT64_FORMAT " frames recorded after the policy stopped recording were taken back",
               shared->camera, cut);
  close_segment (writer);
}

/* Whether a frame goes before another of the other kind: the earlier
 * first, and at the same instant the picture, which may start a segment
 * the sound then belongs to. */
static gboolean
goes_before (const Item *item,
             const Item *other)
{
  return item->at < other->at || (item->at == other->at && item->kind == ITEM_VIDEO);
}

/* Puts a frame among those waiting, in time order; frames of one kind
 * keep the order they came in, whatever their times. */
static void
wait_in_order (Writer *writer,
               Item   *item)
{
  GList *after = writer->waiting.tail;

  while (after != NULL)
    {
      Item *other = after->data;

      if (other->kind == item->kind || !goes_before (item, other))
        break;
      after = after->prev;
    }
  if (after == NULL)
    g_queue_push_head (&writer->waiting, item);
  else
    g_queue_insert_after (&writer->waiting, after, item);
}

/* Writes the waiting frames that came at or before the given monotonic
 * time. */
static void
write_waiting (Writer *writer,
               gint64  received_by)
{
  Item *item;

  while ((item = g_queue_peek_head (&writer->waiting)) != NULL && item->received <= received_by)
    {
      g_queue_pop_head (&writer->waiting);
      if (item->kind == ITEM_VIDEO)
        take_video (writer, item);
      else
        take_audio (writer, item);
      item_free (item);
    }
}

static gpointer
writer_thread (gpointer data)
{
  Writer writer = { .shared = data };
  VigilRecordingThread *shared = writer.shared;
  gboolean stop = FALSE;

  g_queue_init (&writer.waiting);
  while (!stop)
    {
      GQueue items = G_QUEUE_INIT;
      Item *item;

      g_mutex_lock (&shared->items_lock);
      if (shared->items.length == 0)
        g_cond_wait_until (&shared->items_cond, &shared->items_lock,
                           g_get_monotonic_time () + WRITE_INTERVAL_US);
      items = shared->items;
      g_queue_init (&shared->items);
      g_mutex_unlock (&shared->items_lock);

      follow_plan (&writer);

      while (!stop && (item = g_queue_pop_head (&items)) != NULL)
        {
          if (item->kind == ITEM_VIDEO || item->kind == ITEM_AUDIO)
            {
              wait_in_order (&writer, item);
              continue;
            }
          /* A message: what came before it is written first. */
          write_waiting (&writer, G_MAXINT64);
          close_segment (&writer);
          stop = item->kind == ITEM_STOP;
          item_free (item);
        }
      /* Nothing is written after a stop. */
      g_queue_clear_full (&items, item_free);
      if (stop)
        break;

      write_waiting (&writer, g_get_monotonic_time () - REORDER_US);
      /* No frame for a while, and the segment's interval is over. */
      if (writer.waiting.length == 0 && writer.writer != NULL &&
          vigil_recording_plan_due_to_close (shared->plan, g_get_real_time (), CLOSE_GRACE_US))
        close_segment (&writer);
    }

  g_queue_clear_full (&writer.waiting, item_free);
  g_clear_pointer (&writer.video_caps, gst_caps_unref);
  g_clear_pointer (&writer.audio_caps, gst_caps_unref);
  vigil_recording_thread_unref (shared);
  return NULL;
}


/* The main thread's side */

VigilRecordingThread *
vigil_recording_thread_new (const char *camera,
                            const char *recordings_dir,
                            gint64      segment_us)
{
  VigilRecordingThread *self = g_new0 (VigilRecordingThread, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  g_mutex_init (&self->items_lock);
  g_cond_init (&self->items_cond);
  g_queue_init (&self->items);
  self->events = g_async_queue_new_full ((GDestroyNotify) vigil_recording_event_free);
  self->plan = vigil_recording_plan_new (segment_us);
  self->camera = g_strdup (camera);
  self->folder = vigil_segment_folder_name (camera);
  self->recordings_dir = g_strdup (recordings_dir);
  return self;
}

VigilRecordingPlan *
vigil_recording_thread_get_plan (VigilRecordingThread *self)
{
  return self->plan;
}

void
vigil_recording_thread_start (VigilRecordingThread *self)
{
  g_assert (self->thread == NULL);
  self->thread = g_thread_new ("vigil-writer", writer_thread, vigil_recording_thread_ref (self));
}

void
vigil_recording_thread_stop (VigilRecordingThread *self)
{
  if (self->thread == NULL)
    return;
  push_item (self, ITEM_STOP);
  g_thread_join (g_steal_pointer (&self->thread));
}

void
vigil_recording_thread_camera_lost (VigilRecordingThread *self)
{
  push_item (self, ITEM_CLOSE);
}

void
vigil_recording_thread_set_stream (VigilRecordingThread *self,
                                   gboolean              has_audio)
{
  g_mutex_lock (&self->lock);
  self->stream_known = TRUE;
  self->stream_has_audio = has_audio;
  g_mutex_unlock (&self->lock);
}

void
vigil_recording_thread_set_disk_full (VigilRecordingThread *self,
                                      gboolean              disk_full)
{
  g_mutex_lock (&self->lock);
  self->disk_full = disk_full;
  g_mutex_unlock (&self->lock);
}

gboolean
vigil_recording_thread_get_disk_full (VigilRecordingThread *self)
{
  gboolean disk_full;

  g_mutex_lock (&self->lock);
  disk_full = self->disk_full;
  g_mutex_unlock (&self->lock);
  return disk_full;
}

guint
vigil_recording_thread_take_overrun (VigilRecordingThread *self)
{
  guint overrun;

  g_mutex_lock (&self->lock);
  overrun = self->overrun;
  self->overrun = 0;
  g_mutex_unlock (&self->lock);
  return overrun;
}

VigilRecordingEvent *
vigil_recording_thread_pop_event (VigilRecordingThread *self)
{
  return g_async_queue_try_pop (self->events);
}
