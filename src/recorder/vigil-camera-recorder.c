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

#include "vigil-recording-thread-private.h"
#include "vigil-camera-recorder.h"

/* How far ahead the policy is read, and how many of its intervals. */
#define PLAN_AHEAD_US      (48 * G_TIME_SPAN_HOUR)
#define PLAN_INTERVALS     16
/* A camera whose record or credentials could not be read. */
#define SOURCE_RETRY_US    (30 * G_TIME_SPAN_SECOND)

struct _VigilCameraRecorder
{
  GObject             parent_instance;

  VigilSite          *site;
  char               *name;
  char               *url;
  gboolean            has_audio;
  VigilRecordingThread *thread;    /* what the camera's writing thread shares */
  gboolean            started;
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
  gint64              down_since;
  VigilRecordingState state;
  char               *state_detail;
  gint64              state_since;
  gint64              planned_until;
  gint64              source_retry;   /* when to try making the source again, or 0 */
};

G_DEFINE_FINAL_TYPE (VigilCameraRecorder, vigil_camera_recorder, G_TYPE_OBJECT)


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

  g_queue_clear_full (&self->unsaved, (GDestroyNotify) vigil_recording_event_free);
  g_clear_pointer (&self->open_rows, g_hash_table_unref);
  g_clear_pointer (&self->thread, vigil_recording_thread_unref);
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


VigilCameraRecorder *
vigil_camera_recorder_new (VigilSite   *site,
                           VigilCamera *camera,
                           const char  *recordings_dir,
                           gint64       segment_us)
{
  VigilCameraRecorder *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_CAMERA (camera), NULL);
  g_return_val_if_fail (recordings_dir != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CAMERA_RECORDER, NULL);
  self->site = g_object_ref (site);
  self->name = g_strdup (vigil_camera_get_name (camera));
  self->url = g_strdup (vigil_camera_get_url (camera));
  self->has_audio = vigil_camera_get_has_audio (camera);

  self->thread = vigil_recording_thread_new (self->name, recordings_dir, segment_us);

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
  vigil_recording_plan_set_segment_length (vigil_recording_thread_get_plan (self->thread), segment_us);
}

void
vigil_camera_recorder_set_disk_full (VigilCameraRecorder *self,
                                     gboolean             disk_full)
{
  g_return_if_fail (VIGIL_IS_CAMERA_RECORDER (self));

  vigil_recording_thread_set_disk_full (self->thread, disk_full);
}

static void
on_source_state (VigilCameraSource   *source,
                 GParamSpec          *pspec,
                 VigilCameraRecorder *self)
{
  VigilCameraState state = vigil_camera_source_get_state (source);

  if (state == VIGIL_CAMERA_STATE_LOST)
    vigil_recording_thread_camera_lost (self->thread);
  else if (state == VIGIL_CAMERA_STATE_PLAYING)
    {
      const VigilMediaInfo *info = vigil_camera_source_get_media_info (source);

      vigil_recording_thread_set_stream (self->thread, info != NULL && info->audio_codec != NULL);
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
          g_warning ("Cannot record %s (tried again in %d s): %s", self->name,
                     (int) (SOURCE_RETRY_US / G_TIME_SPAN_SECOND), error->message);
          self->source_retry = g_get_real_time () + SOURCE_RETRY_US;
          self->failed = TRUE;
          self->failure_cause = VIGIL_GAP_ERROR;
          g_free (self->failure_detail);
          self->failure_detail = g_strdup (error->message);
        }
      return;
    }

  self->source = source;
  if (self->stopping)
    return;

  vigil_camera_source_set_decode (source, FALSE);
  vigil_camera_source_set_camera_timing (source, TRUE);
  vigil_camera_source_set_encoded_func (source, vigil_recording_thread_take_sample,
                                        vigil_recording_thread_ref (self->thread),
                                        (GDestroyNotify) vigil_recording_thread_unref);
  g_signal_connect_object (source, "notify::state", G_CALLBACK (on_source_state), self, 0);
  vigil_camera_source_start (source);
}

static void
make_source (VigilCameraRecorder *self)
{
  self->source_retry = 0;
  vigil_camera_source_new_for_camera (self->site, self->name, VIGIL_CAMERA_STREAM_MAIN, self->cancellable,
                                      on_source_made, g_object_ref (self));
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

  if (vigil_recording_plan_set_intervals (vigil_recording_thread_get_plan (self->thread),
                                          (VigilPlanInterval *) intervals->data, intervals->len, now))
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
  g_return_if_fail (!self->started);

  add_down_gaps (self, down_since, g_get_real_time ());
  vigil_camera_recorder_replan (self);
  self->started = TRUE;
  vigil_recording_thread_start (self->thread);
  make_source (self);
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
            VigilRecordingEvent               *event)
{
  g_autoptr(GError) error = NULL;
  gint64 *row = g_hash_table_lookup (self->open_rows, event->path);

  switch (event->kind)
    {
    case VIGIL_RECORDING_EVENT_OPENED:
      {
        gint64 id = vigil_site_open_segment (self->site, self->name, event->path, event->start, event->audio, &error);

        if (id <= 0)
          break;
        g_hash_table_insert (self->open_rows, g_strdup (event->path), g_memdup2 (&id, sizeof id));
        return TRUE;
      }
    case VIGIL_RECORDING_EVENT_CLOSED:
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
    case VIGIL_RECORDING_EVENT_FAILED:
      return TRUE;
    }

  g_warning ("Cannot record %s's segment %s in the store (tried again shortly): %s",
             self->name, event->path, error->message);
  return FALSE;
}

static void
take_event (VigilCameraRecorder *self,
            VigilRecordingEvent               *event)
{
  switch (event->kind)
    {
    case VIGIL_RECORDING_EVENT_OPENED:
      self->recording = TRUE;
      self->recording_since = event->start;
      self->failed = FALSE;
      g_clear_pointer (&self->failure_detail, g_free);
      self->down_since = 0;
      close_gap (self, event->start);
      break;
    case VIGIL_RECORDING_EVENT_CLOSED:
      self->recording = FALSE;
      if (event->end > self->last_end)
        self->last_end = event->end;
      break;
    case VIGIL_RECORDING_EVENT_FAILED:
      self->failed = TRUE;
      self->failure_cause = event->cause;
      g_free (self->failure_detail);
      self->failure_detail = g_strdup (event->detail);
      break;
    }

  if (!g_queue_is_empty (&self->unsaved) || !save_event (self, event))
    g_queue_push_tail (&self->unsaved, event);
  else
    vigil_recording_event_free (event);
}

static void
take_events (VigilCameraRecorder *self)
{
  VigilRecordingEvent *event;

  while (!g_queue_is_empty (&self->unsaved) && save_event (self, g_queue_peek_head (&self->unsaved)))
    vigil_recording_event_free (g_queue_pop_head (&self->unsaved));

  while ((event = vigil_recording_thread_pop_event (self->thread)) != NULL)
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
  if (self->source == NULL && self->source_retry != 0 && now >= self->source_retry && !self->stopping)
    make_source (self);

  overrun = vigil_recording_thread_take_overrun (self->thread);
  if (overrun > 0)
    g_warning ("%s: the disk fell behind and %u frames were lost", self->name, overrun);

  if (!vigil_recording_plan_lookup (vigil_recording_thread_get_plan (self->thread), now, &interval))
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

  /* A gap starts where recording stopped (the last recorded frame), or
   * where the policy began to require it, whichever is later. */
  since = self->last_end;
  if (camera_state == VIGIL_CAMERA_STATE_LOST)
    {
      cause = VIGIL_GAP_CAMERA_OFFLINE;
      detail = vigil_camera_source_get_loss_detail (self->source);
      set_state (self, VIGIL_RECORDING_STATE_CAMERA_OFFLINE, detail, now);
    }
  else if (self->failed)
    {
      cause = self->failure_cause;
      detail = self->failure_detail;
      set_state (self, cause == VIGIL_GAP_DISK_FULL ? VIGIL_RECORDING_STATE_DISK_FULL : VIGIL_RECORDING_STATE_ERROR,
                 detail, now);
    }
  else if (vigil_recording_thread_get_disk_full (self->thread))
    {
      cause = VIGIL_GAP_DISK_FULL;
      detail = _("the recordings folder is short of space: no new segment starts");
      set_state (self, VIGIL_RECORDING_STATE_DISK_FULL, detail, now);
    }
  else if (self->down_since != 0)
    {
      cause = VIGIL_GAP_RECORDER_DOWN;
      detail = _("the recorder was not running");
      since = MAX (since, self->down_since);
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
  vigil_recording_thread_stop (self->thread);
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
