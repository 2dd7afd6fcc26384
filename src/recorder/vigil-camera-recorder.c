/* vigil-camera-recorder.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "vigil-segment-writer.h"
#include "vigil-camera-recorder.h"

/* How far ahead the policy is read, and how many of its intervals. */
#define PLAN_AHEAD_US      (48 * G_TIME_SPAN_HOUR)
#define PLAN_INTERVALS     16
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
  gboolean   settled;   /* timed well enough to start a segment with */
} Item;

typedef enum
{
  EVENT_OPENED,
  EVENT_CLOSED,
  EVENT_FAILED,
} EventKind;

typedef struct
{
  EventKind      kind;
  char          *path;       /* relative to the recordings folder */
  gint64         start;
  gint64         end;
  gboolean       audio;
  guint64        bytes;
  char          *sha256;
  VigilGapCause  cause;
  char          *detail;
} Event;

/* What the streaming threads, the writing thread and the main thread
 * share; it outlives the recorder object until the last of them lets go. */
typedef struct
{
  gatomicrefcount     ref;
  GAsyncQueue        *items;    /* Item */
  GAsyncQueue        *events;   /* Event, for the main thread */
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
} Shared;

struct _VigilCameraRecorder
{
  GObject             parent_instance;

  VigilSite          *site;
  char               *name;
  char               *url;
  gboolean            has_audio;
  Shared             *shared;
  GThread            *thread;
  VigilCameraSource  *source;
  GCancellable       *cancellable;
  gboolean            stopping;

  /* The main thread's view */
  GHashTable         *open_rows;      /* path → segment id (gint64 *) */
  GQueue              unsaved;        /* Events whose rows could not be written yet */
  gboolean            recording;
  gint64              recording_since;
  gint64              last_end;       /* the last closed segment's last frame */
  gint64              gap_id;
  VigilGapCause       gap_cause;
  gint64              gap_end_bound;  /* the end of the interval the gap is in */
  gboolean            failed;         /* the writing thread's last try failed */
  VigilGapCause       failure_cause;  /* and why, until a segment opens */
  char               *failure_detail;
  gint64              failure_since;
  gint64              down_since;
  VigilRecordingState state;
  char               *state_detail;
  gint64              state_since;
  gint64              planned_until;
};

G_DEFINE_FINAL_TYPE (VigilCameraRecorder, vigil_camera_recorder, G_TYPE_OBJECT)

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->buffer, gst_buffer_unref);
  g_clear_pointer (&item->caps, gst_caps_unref);
  g_free (item);
}

static void
event_free (gpointer data)
{
  Event *event = data;

  g_free (event->path);
  g_free (event->sha256);
  g_free (event->detail);
  g_free (event);
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (gpointer data)
{
  Shared *shared = data;

  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_async_queue_unref (shared->items);
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
push_item (Shared   *shared,
           ItemKind  kind)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  g_async_queue_push (shared->items, item);
}

/* Streaming threads */

/* A frame's wall-clock time: its timestamp (the camera's clock, evenly
 * spaced), set against the arrival of the least delayed frame, so that
 * frames keep the camera's spacing whatever the network's jitter. The
 * offset may creep up by CREEP_PPM of the time gone by, to follow a camera
 * whose clock runs slower than ours. */
static gint64
frame_time (Shared       *shared,
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

static void
on_encoded (VigilMediaKind  kind,
            GstSample      *sample,
            gpointer        user_data)
{
  Shared *shared = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gint64 arrival = g_get_real_time ();
  GstClockTime timestamp;
  gboolean settled = FALSE;
  Item *item;

  if (buffer == NULL)
    return;

  if (g_async_queue_length (shared->items) > MAX_QUEUED)
    {
      g_mutex_lock (&shared->lock);
      shared->overrun++;
      g_mutex_unlock (&shared->lock);
      return;
    }

  timestamp = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
  item = g_new0 (Item, 1);
  item->kind = kind == VIGIL_MEDIA_KIND_VIDEO ? ITEM_VIDEO : ITEM_AUDIO;
  item->buffer = gst_buffer_ref (buffer);
  item->caps = gst_caps_ref (gst_sample_get_caps (sample));
  item->at = frame_time (shared, timestamp, arrival, &settled);
  item->settled = settled;
  g_async_queue_push (shared->items, item);
}

/* The writing thread */

typedef struct
{
  Shared             *shared;
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
post (Shared    *shared,
      Event     *event)
{
  g_async_queue_push (shared->events, event);
}

static void
post_failure (Shared        *shared,
              const char    *path,
              const GError  *error)
{
  Event *event = g_new0 (Event, 1);

  event->kind = EVENT_FAILED;
  event->path = g_strdup (path);
  event->cause = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ? VIGIL_GAP_DISK_FULL : VIGIL_GAP_ERROR;
  event->detail = g_strdup (error->message);
  post (shared, event);
}

gboolean
vigil_camera_recorder_parse_file_name (const char *day,
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
segment_path (Shared *shared,
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
  Event *event;

  if (segment == NULL)
    return;

  g_debug ("%s: closing %s", writer->shared->camera, path);
  event = g_new0 (Event, 1);
  event->kind = EVENT_CLOSED;
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
  Shared *shared = writer->shared;
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
  Shared *shared = writer->shared;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = segment_path (shared, at);
  g_autofree char *full = g_build_filename (shared->recordings_dir, path, NULL);
  gboolean audio = vigil_recording_plan_segment_audio (shared->plan) && writer->audio_caps != NULL;
  Event *event;

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
  event = g_new0 (Event, 1);
  event->kind = EVENT_OPENED;
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
  Shared *shared = writer->shared;
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

static gpointer
writer_thread (gpointer data)
{
  Writer writer = { .shared = data };
  Shared *shared = writer.shared;
  gboolean stop = FALSE;

  while (!stop)
    {
      Item *item = g_async_queue_timeout_pop (shared->items, 200 * G_TIME_SPAN_MILLISECOND);

      follow_plan (&writer);
      if (item == NULL)
        {
          if (writer.writer != NULL &&
              vigil_recording_plan_due_to_close (shared->plan, g_get_real_time (), CLOSE_GRACE_US))
            close_segment (&writer);
          continue;
        }

      switch (item->kind)
        {
        case ITEM_VIDEO:
          take_video (&writer, item);
          break;
        case ITEM_AUDIO:
          take_audio (&writer, item);
          break;
        case ITEM_CLOSE:
          close_segment (&writer);
          break;
        case ITEM_STOP:
          close_segment (&writer);
          stop = TRUE;
          break;
        }
      item_free (item);
    }

  g_clear_pointer (&writer.video_caps, gst_caps_unref);
  g_clear_pointer (&writer.audio_caps, gst_caps_unref);
  shared_unref (shared);
  return NULL;
}

/* The main thread */

static void
vigil_camera_recorder_dispose (GObject *object)
{
  VigilCameraRecorder *self = (VigilCameraRecorder *)object;

  vigil_camera_recorder_stop (self);
  g_clear_object (&self->source);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_camera_recorder_parent_class)->dispose (object);
}

static void
vigil_camera_recorder_finalize (GObject *object)
{
  VigilCameraRecorder *self = (VigilCameraRecorder *)object;

  g_queue_clear_full (&self->unsaved, event_free);
  g_clear_pointer (&self->open_rows, g_hash_table_unref);
  g_clear_pointer (&self->shared, shared_unref);
  g_clear_object (&self->site);
  g_free (self->name);
  g_free (self->url);
  g_free (self->failure_detail);
  g_free (self->state_detail);

  G_OBJECT_CLASS (vigil_camera_recorder_parent_class)->finalize (object);
}

static void
vigil_camera_recorder_class_init (VigilCameraRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_camera_recorder_dispose;
  object_class->finalize = vigil_camera_recorder_finalize;
}

static void
vigil_camera_recorder_init (VigilCameraRecorder *self)
{
  self->open_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cancellable = g_cancellable_new ();
  self->state = VIGIL_RECORDING_STATE_NOT_REQUIRED;
}

/* A folder name anyone can type: letters, digits, dot, dash and
 * underscore; anything else becomes an underscore. */
char *
vigil_camera_recorder_folder_name (const char *camera)
{
  GString *folder = g_string_new (NULL);

  for (const char *p = camera; *p != '\0'; p++)
    g_string_append_c (folder, g_ascii_isalnum (*p) || *p == '-' || *p == '_' || (*p == '.' && p != camera)
                               ? *p : '_');
  return g_string_free (folder, FALSE);
}

VigilCameraRecorder *
vigil_camera_recorder_new (VigilSite   *site,
                           VigilCamera *camera,
                           const char  *recordings_dir,
                           gint64       segment_us)
{
  VigilCameraRecorder *self;
  Shared *shared;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (recordings_dir != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CAMERA_RECORDER, NULL);
  self->site = g_object_ref (site);
  self->name = g_strdup (vigil_camera_get_name (camera));
  self->url = g_strdup (vigil_camera_get_url (camera));
  self->has_audio = vigil_camera_get_has_audio (camera);

  shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&shared->ref);
  g_mutex_init (&shared->lock);
  shared->items = g_async_queue_new_full (item_free);
  shared->events = g_async_queue_new_full (event_free);
  shared->plan = vigil_recording_plan_new (segment_us);
  shared->camera = g_strdup (self->name);
  shared->folder = vigil_camera_recorder_folder_name (self->name);
  shared->recordings_dir = g_strdup (recordings_dir);
  self->shared = shared;

  return self;
}

const char *
vigil_camera_recorder_get_name (VigilCameraRecorder *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_RECORDER (self), NULL);
  return self->name;
}

const char *
vigil_camera_recorder_get_url (VigilCameraRecorder *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_RECORDER (self), NULL);
  return self->url;
}

gboolean
vigil_camera_recorder_get_has_audio (VigilCameraRecorder *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_RECORDER (self), FALSE);
  return self->has_audio;
}

void
vigil_camera_recorder_set_segment_length (VigilCameraRecorder *self,
                                          gint64               segment_us)
{
  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));
  vigil_recording_plan_set_segment_length (self->shared->plan, segment_us);
}

void
vigil_camera_recorder_set_disk_full (VigilCameraRecorder *self,
                                     gboolean             disk_full)
{
  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));

  g_mutex_lock (&self->shared->lock);
  self->shared->disk_full = disk_full;
  g_mutex_unlock (&self->shared->lock);
}

static void
on_source_state (VigilCameraSource   *source,
                 GParamSpec          *pspec,
                 VigilCameraRecorder *self)
{
  VigilCameraState state = vigil_camera_source_get_state (source);

  if (state == VIGIL_CAMERA_STATE_LOST)
    push_item (self->shared, ITEM_CLOSE);
  else if (state == VIGIL_CAMERA_STATE_PLAYING)
    {
      const VigilMediaInfo *info = vigil_camera_source_get_media_info (source);

      g_mutex_lock (&self->shared->lock);
      self->shared->stream_known = TRUE;
      self->shared->stream_has_audio = info != NULL && info->audio_codec != NULL;
      g_mutex_unlock (&self->shared->lock);
    }
}

static void
on_source_made (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilCameraRecorder) self = user_data;
  g_autoptr(GError) error = NULL;
  VigilCameraSource *source = vigil_camera_source_new_for_camera_finish (result, &error);

  if (source == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Cannot record %s: %s", self->name, error->message);
          self->failed = TRUE;
          self->failure_cause = VIGIL_GAP_ERROR;
          g_free (self->failure_detail);
          self->failure_detail = g_strdup (error->message);
          self->failure_since = g_get_real_time ();
        }
      return;
    }

  self->source = source;
  if (self->stopping)
    return;

  vigil_camera_source_set_decode (source, FALSE);
  vigil_camera_source_set_camera_timing (source, TRUE);
  vigil_camera_source_set_encoded_func (source, on_encoded, shared_ref (self->shared), shared_unref);
  g_signal_connect_object (source, "notify::state", G_CALLBACK (on_source_state), self, 0);
  vigil_camera_source_start (source);
}

void
vigil_camera_recorder_replan (VigilCameraRecorder *self)
{
  g_autoptr(GArray) intervals = vigil_plan_intervals_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  /* From the open segment's start, so that a change reaching back into it
   * shows. */
  gint64 from = self->recording ? MIN (self->recording_since, now) : now;

  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));

  if (!vigil_recording_plan_read_policy (self->site, self->name, self->has_audio, from, now + PLAN_AHEAD_US,
                                         PLAN_INTERVALS, intervals, &error))
    {
      /* The plan stays as it was: better to go on as the policy last said
       * than to stop recording on a failed read. */
      g_warning ("Cannot read the policy for %s: %s", self->name, error->message);
      return;
    }

  if (vigil_recording_plan_set_intervals (self->shared->plan, (VigilPlanInterval *) intervals->data,
                                          intervals->len, now))
    g_debug ("%s: the policy's plan changed", self->name);
  /* Read again halfway through what was read, and before the last
   * interval read when the count ran out first (what follows it is
   * unknown). */
  self->planned_until = now + PLAN_AHEAD_US / 2;
  if (intervals->len >= PLAN_INTERVALS)
    self->planned_until = MIN (self->planned_until,
                               g_array_index (intervals, VigilPlanInterval, intervals->len - 1).start);
}

/* The time the recorder was not running, where the policy required
 * recording, is a gap: whole for the intervals that are over, and still
 * open for the one running now, until the first frame is recorded. */
static void
add_down_gaps (VigilCameraRecorder *self,
               gint64               down_since,
               gint64               now)
{
  g_autoptr(GArray) intervals = vigil_plan_intervals_new ();
  g_autoptr(GError) error = NULL;

  self->down_since = 0;
  if (down_since <= 0 || down_since >= now)
    return;

  if (!vigil_recording_plan_read_policy (self->site, self->name, self->has_audio, down_since, now,
                                         G_MAXUINT, intervals, &error))
    {
      g_warning ("Cannot read the policy for %s while the recorder was down: %s", self->name, error->message);
      return;
    }

  for (guint i = 0; i < intervals->len; i++)
    {
      VigilPlanInterval *interval = &g_array_index (intervals, VigilPlanInterval, i);
      gint64 start = MAX (interval->start, down_since);

      if (interval->end > now)
        self->down_since = start;
      else if (!vigil_site_add_gap (self->site, self->name, start, interval->end, VIGIL_GAP_RECORDER_DOWN,
                                    _("the recorder was not running"), &error))
        {
          g_warning ("Cannot record %s's gap while the recorder was down: %s", self->name, error->message);
          g_clear_error (&error);
        }
    }
}

void
vigil_camera_recorder_start (VigilCameraRecorder *self,
                             gint64               down_since)
{
  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));
  g_return_if_fail (self->thread == NULL);

  add_down_gaps (self, down_since, g_get_real_time ());
  vigil_camera_recorder_replan (self);
  self->thread = g_thread_new ("vigil-writer", writer_thread, shared_ref (self->shared));
  vigil_camera_source_new_for_camera (self->site, self->name, VIGIL_CAMERA_STREAM_MAIN, self->cancellable,
                                      on_source_made, g_object_ref (self));
}

/* Gaps and segments in the store */

static void
close_gap (VigilCameraRecorder *self,
           gint64               end)
{
  g_autoptr(GError) error = NULL;

  if (self->gap_id == 0)
    return;
  if (!vigil_site_close_gap (self->site, self->gap_id, end, &error))
    {
      g_warning ("Cannot close %s's gap: %s", self->name, error->message);
      return;
    }
  self->gap_id = 0;
}

static void
open_gap (VigilCameraRecorder *self,
          VigilGapCause        cause,
          gint64               start,
          const char          *detail)
{
  g_autoptr(GError) error = NULL;

  self->gap_id = vigil_site_open_gap (self->site, self->name, start, cause, detail, &error);
  if (self->gap_id <= 0)
    {
      g_warning ("Cannot record %s's gap: %s", self->name, error->message);
      self->gap_id = 0;
      return;
    }
  self->gap_cause = cause;
}

/* Writes an event's row; %FALSE leaves it for the next tick. */
static gboolean
save_event (VigilCameraRecorder *self,
            Event               *event)
{
  g_autoptr(GError) error = NULL;
  gint64 *row = g_hash_table_lookup (self->open_rows, event->path);

  switch (event->kind)
    {
    case EVENT_OPENED:
      {
        gint64 id = vigil_site_open_segment (self->site, self->name, event->path, event->start, event->audio, &error);

        if (id <= 0)
          break;
        g_hash_table_insert (self->open_rows, g_strdup (event->path), g_memdup2 (&id, sizeof id));
        return TRUE;
      }
    case EVENT_CLOSED:
      if (event->sha256 == NULL)
        {
          /* Neither closed nor recovered: the row stays open, and the next
           * start-up recovers the file. */
          g_hash_table_remove (self->open_rows, event->path);
          return TRUE;
        }
      if (row == NULL)
        {
          gint64 id = vigil_site_open_segment (self->site, self->name, event->path, event->start, event->audio,
                                               &error);
          if (id <= 0)
            break;
          g_hash_table_insert (self->open_rows, g_strdup (event->path), g_memdup2 (&id, sizeof id));
          row = g_hash_table_lookup (self->open_rows, event->path);
        }
      if (event->end == 0)
        {
          if (!vigil_site_drop_empty_segment (self->site, *row, _("the segment holds no frame"), &error))
            break;
        }
      else if (!vigil_site_close_segment (self->site, *row, event->end, event->bytes, event->sha256, &error))
        break;
      g_hash_table_remove (self->open_rows, event->path);
      return TRUE;
    case EVENT_FAILED:
      return TRUE;
    }

  g_warning ("Cannot record %s's segment %s in the store (tried again shortly): %s",
             self->name, event->path, error->message);
  return FALSE;
}

static void
take_event (VigilCameraRecorder *self,
            Event               *event)
{
  switch (event->kind)
    {
    case EVENT_OPENED:
      self->recording = TRUE;
      self->recording_since = event->start;
      self->failed = FALSE;
      g_clear_pointer (&self->failure_detail, g_free);
      self->down_since = 0;
      close_gap (self, event->start);
      break;
    case EVENT_CLOSED:
      self->recording = FALSE;
      if (event->end > self->last_end)
        self->last_end = event->end;
      break;
    case EVENT_FAILED:
      self->failed = TRUE;
      self->failure_cause = event->cause;
      g_free (self->failure_detail);
      self->failure_detail = g_strdup (event->detail);
      self->failure_since = MAX (self->last_end, g_get_real_time () - RETRY_US);
      break;
    }

  if (!g_queue_is_empty (&self->unsaved) || !save_event (self, event))
    g_queue_push_tail (&self->unsaved, event);
  else
    event_free (event);
}

static void
take_events (VigilCameraRecorder *self)
{
  Event *event;

  while (!g_queue_is_empty (&self->unsaved) && save_event (self, g_queue_peek_head (&self->unsaved)))
    event_free (g_queue_pop_head (&self->unsaved));

  while ((event = g_async_queue_try_pop (self->shared->events)) != NULL)
    take_event (self, event);
}

static void
set_state (VigilCameraRecorder *self,
           VigilRecordingState  state,
           const char          *detail,
           gint64               now)
{
  if (self->state != state)
    self->state_since = now;
  self->state = state;
  if (g_strcmp0 (self->state_detail, detail) != 0)
    {
      g_free (self->state_detail);
      self->state_detail = g_strdup (detail);
    }
}

void
vigil_camera_recorder_tick (VigilCameraRecorder *self,
                            gint64               now)
{
  VigilCameraState camera_state = self->source ? vigil_camera_source_get_state (self->source) : VIGIL_CAMERA_STATE_CONNECTING;
  g_auto(VigilPlanInterval) interval = { 0 };
  VigilGapCause cause = 0;
  gboolean gap_worthy = TRUE;
  const char *detail = NULL;
  gint64 since = 0;
  guint overrun;

  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));

  take_events (self);
  if (now >= self->planned_until)
    vigil_camera_recorder_replan (self);

  g_mutex_lock (&self->shared->lock);
  overrun = self->shared->overrun;
  self->shared->overrun = 0;
  g_mutex_unlock (&self->shared->lock);
  if (overrun > 0)
    g_warning ("%s: the disk fell behind and %u frames were lost", self->name, overrun);

  if (!vigil_recording_plan_lookup (self->shared->plan, now, &interval))
    {
      if (self->gap_id != 0)
        close_gap (self, MIN (now, self->gap_end_bound));
      self->down_since = 0;
      set_state (self, VIGIL_RECORDING_STATE_NOT_REQUIRED, NULL, now);
      return;
    }

  if (self->recording)
    {
      set_state (self, VIGIL_RECORDING_STATE_RECORDING, interval.basis, now);
      return;
    }

  if (camera_state == VIGIL_CAMERA_STATE_LOST)
    {
      cause = VIGIL_GAP_CAMERA_OFFLINE;
      detail = vigil_camera_source_get_loss_detail (self->source);
      since = MAX (vigil_camera_source_get_lost_since (self->source), self->last_end);
      set_state (self, VIGIL_RECORDING_STATE_CAMERA_OFFLINE, detail, now);
    }
  else if (self->failed)
    {
      cause = self->failure_cause;
      detail = self->failure_detail;
      since = self->failure_since;
      set_state (self, cause == VIGIL_GAP_DISK_FULL ? VIGIL_RECORDING_STATE_DISK_FULL : VIGIL_RECORDING_STATE_ERROR,
                 detail, now);
    }
  else if (self->shared->disk_full)
    {
      cause = VIGIL_GAP_DISK_FULL;
      detail = _("the recordings folder is short of space: no new segment starts");
      since = self->last_end;
      set_state (self, VIGIL_RECORDING_STATE_DISK_FULL, detail, now);
    }
  else if (self->down_since != 0)
    {
      cause = VIGIL_GAP_RECORDER_DOWN;
      detail = _("the recorder was not running");
      since = self->down_since;
      set_state (self, VIGIL_RECORDING_STATE_WAITING, interval.basis, now);
    }
  else
    {
      /* Connecting, or waiting for the camera's next keyframe: the
       * first frame recorded is a keyframe, by design not a gap. */
      gap_worthy = FALSE;
      set_state (self, VIGIL_RECORDING_STATE_WAITING, interval.basis, now);
    }

  if (!gap_worthy)
    return;

  since = CLAMP (since, interval.start, now);
  if (self->gap_id != 0 && self->gap_cause != cause)
    {
      close_gap (self, now);
      since = now;
    }
  if (self->gap_id == 0)
    open_gap (self, cause, since, detail);
  self->gap_end_bound = interval.end;
}

void
vigil_camera_recorder_report (VigilCameraRecorder *self,
                              VigilRecorderStatus *status,
                              gint64               now)
{
  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));

  vigil_recorder_status_add_camera (status, self->name, self->state != VIGIL_RECORDING_STATE_NOT_REQUIRED,
                                    self->recording, self->state, self->state_detail, self->state_since);
}

void
vigil_camera_recorder_stop (VigilCameraRecorder *self)
{
  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));

  if (self->stopping)
    return;
  self->stopping = TRUE;

  g_cancellable_cancel (self->cancellable);
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      vigil_camera_source_stop (self->source);
    }
  if (self->thread != NULL)
    {
      push_item (self->shared, ITEM_STOP);
      g_thread_join (g_steal_pointer (&self->thread));
    }
}

gboolean
vigil_camera_recorder_finish (VigilCameraRecorder *self,
                              gint64               now)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_RECORDER (self), FALSE);
  g_return_val_if_fail (self->stopping, FALSE);

  take_events (self);
  close_gap (self, MIN (now, self->gap_end_bound ? self->gap_end_bound : now));
  return g_queue_is_empty (&self->unsaved) && self->gap_id == 0;
}
