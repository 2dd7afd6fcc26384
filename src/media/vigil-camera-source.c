/* vigil-camera-source.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "vigil-camera-attempt-private.h"
#include "vigil-media-enums.h"
#include "vigil-camera-source.h"

/* A camera that never gives up: one connection (a VigilCameraAttempt) at a
 * time, a watchdog that does not trust GStreamer to report a dead or frozen
 * camera, and retries for as long as the source runs.
 *
 * The times below keep the promises the console and the recorder rely on: a
 * camera lost is noticed within 3 s, and one that returns plays again within
 * 2 s (10 s after a long outage). */
#define WATCHDOG_TICK_MS 200
/* Playing, and no video packet for this long: stalled. */
#define STALL_US (2 * G_TIME_SPAN_SECOND)
/* The first connection since start: lost if not playing by then. */
#define FIRST_CONNECT_US (2500 * G_TIME_SPAN_MILLISECOND)
/* A camera that took the connection is given this long to start sending
 * before the connection is dropped and made again. */
#define NEGOTIATE_LIMIT_US (10 * G_TIME_SPAN_SECOND)
/* Retries: every second for the first two minutes of a loss, then every 5 s;
 * wrong credentials from 30 s, doubling up to 5 minutes, so that a camera
 * that locks an account after a few failures is never driven to it. */
#define FAST_RETRY_US G_TIME_SPAN_SECOND
#define FAST_RETRY_PERIOD_US (2 * G_TIME_SPAN_MINUTE)
#define SLOW_RETRY_US (5 * G_TIME_SPAN_SECOND)
#define AUTH_RETRY_US (30 * G_TIME_SPAN_SECOND)
#define AUTH_RETRY_MAX_US (5 * G_TIME_SPAN_MINUTE)
/* A camera lost after playing this long is tried again at once; one that
 * played less is flapping and waits its turn. */
#define STEADY_US (10 * G_TIME_SPAN_SECOND)

struct _VigilCameraSource
{
  GObject parent_instance;

  VigilCameraAccess         *access;
  /* Where the access came from, to read it again after a refusal: the
   * credentials may have been corrected meanwhile. */
  GWeakRef                   site;
  VigilCameraStream          stream;
  GCancellable              *reopening;
  VigilCameraAttemptOptions  options;
  VigilCameraAttempt        *attempt;
  GSource                   *watchdog;
  GMainContext              *context;

  VigilCameraState  state;
  VigilCameraLoss   loss;
  char             *loss_detail;
  gint64            lost_since;      /* wall clock, µs */
  gint64            loss_began;      /* monotonic, µs; 0 while playing */
  gint64            next_attempt;    /* monotonic, µs */
  guint             auth_failures;
  gint64            playing_since;   /* monotonic, µs */
  VigilMediaInfo   *info;
  double            sound_level;
  guint64           closed_frames;   /* frames of attempts already closed */
};

G_DEFINE_FINAL_TYPE (VigilCameraSource, vigil_camera_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_URL,
  PROP_STATE,
  PROP_LOSS,
  PROP_LOSS_DETAIL,
  PROP_LOST_SINCE,
  PROP_MEDIA_INFO,
  PROP_SOUND_LEVEL,
  PROP_VOLUME,
  PROP_MUTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FRAME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void close_attempt (VigilCameraSource *self);

static void
stop_watchdog (VigilCameraSource *self)
{
  g_cancellable_cancel (self->reopening);
  g_clear_object (&self->reopening);
  if (self->watchdog == NULL)
    return;
  g_source_destroy (self->watchdog);
  g_clear_pointer (&self->watchdog, g_source_unref);
}

/* A stopped view's frame buffers go back to the system. glibc keeps what a
 * streaming thread's frames freed in that thread's own arena, for threads
 * that have ended with the view: a 17-view wall opened and closed left
 * 150-200 MiB held that malloc_trim() returns. Once, a little after the
 * last of a burst of views stops, on the default main context. */
#define HEAP_TRIM_DELAY_SECONDS 2

static gint heap_trim_queued;

static gboolean
trim_heap (gpointer data)
{
  g_atomic_int_set (&heap_trim_queued, 0);
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
queue_heap_trim (void)
{
  GSource *source;

  if (!g_atomic_int_compare_and_exchange (&heap_trim_queued, 0, 1))
    return;
  source = g_timeout_source_new_seconds (HEAP_TRIM_DELAY_SECONDS);
  g_source_set_callback (source, trim_heap, NULL, NULL);
  g_source_attach (source, NULL);
  g_source_unref (source);
}

static void
vigil_camera_source_dispose (GObject *object)
{
  VigilCameraSource *self = VIGIL_CAMERA_SOURCE (object);

  close_attempt (self);
  stop_watchdog (self);
  queue_heap_trim ();

  G_OBJECT_CLASS (vigil_camera_source_parent_class)->dispose (object);
}

static void
vigil_camera_source_finalize (GObject *object)
{
  VigilCameraSource *self = VIGIL_CAMERA_SOURCE (object);

  g_clear_pointer (&self->access, vigil_camera_access_free);
  g_weak_ref_clear (&self->site);
  g_clear_pointer (&self->options.encoded, vigil_encoded_handler_unref);
  g_clear_pointer (&self->options.sound_output, g_free);
  g_clear_pointer (&self->loss_detail, g_free);
  g_clear_pointer (&self->info, vigil_media_info_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (vigil_camera_source_parent_class)->finalize (object);
}

static void
vigil_camera_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilCameraSource *self = VIGIL_CAMERA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, vigil_camera_source_get_name (self));
      break;
    case PROP_URL:
      g_value_set_string (value, vigil_camera_source_get_url (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LOSS:
      g_value_set_enum (value, self->loss);
      break;
    case PROP_LOSS_DETAIL:
      g_value_set_string (value, self->loss_detail);
      break;
    case PROP_LOST_SINCE:
      g_value_set_int64 (value, vigil_camera_source_get_lost_since (self));
      break;
    case PROP_MEDIA_INFO:
      g_value_set_boxed (value, self->info);
      break;
    case PROP_SOUND_LEVEL:
      g_value_set_double (value, self->sound_level);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->options.volume);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->options.muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camera_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VigilCameraSource *self = VIGIL_CAMERA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      vigil_camera_source_set_volume (self, g_value_get_double (value));
      break;
    case PROP_MUTED:
      vigil_camera_source_set_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camera_source_class_init (VigilCameraSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = vigil_camera_source_dispose;
  object_class->finalize = vigil_camera_source_finalize;
  object_class->get_property = vigil_camera_source_get_property;
  object_class->set_property = vigil_camera_source_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIGIL_TYPE_CAMERA_STATE,
                                              VIGIL_CAMERA_STATE_STOPPED, flags);
  properties[PROP_LOSS] = g_param_spec_enum ("loss", NULL, NULL, VIGIL_TYPE_CAMERA_LOSS,
                                             VIGIL_CAMERA_LOSS_NONE, flags);
  properties[PROP_LOSS_DETAIL] = g_param_spec_string ("loss-detail", NULL, NULL, NULL, flags);
  properties[PROP_LOST_SINCE] = g_param_spec_int64 ("lost-since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MEDIA_INFO] = g_param_spec_boxed ("media-info", NULL, NULL, VIGIL_TYPE_MEDIA_INFO, flags);
  properties[PROP_SOUND_LEVEL] = g_param_spec_double ("sound-level", NULL, NULL, VIGIL_SOUND_LEVEL_SILENCE, 0.0, VIGIL_SOUND_LEVEL_SILENCE,
                                                      flags);
  /* The sound played (vigil_camera_source_set_audio_output()); the level
   * is measured before either. */
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0, flags | G_PARAM_WRITABLE);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags | G_PARAM_WRITABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new decoded frame waits in vigil_camera_source_pull_frame(); emitted
   * on the source's main context, at most once per main loop iteration. */
  signals[SIGNAL_FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_camera_source_init (VigilCameraSource *self)
{
  self->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->site, NULL);
  self->options.decode = TRUE;
  self->options.volume = 1.0;
  self->sound_level = VIGIL_SOUND_LEVEL_SILENCE;
}

static VigilCameraSource *
source_new (VigilCameraAccess *access,
            VigilSite         *site,
            VigilCameraStream  stream)
{
  VigilCameraSource *self = g_object_new (VIGIL_TYPE_CAMERA_SOURCE, NULL);

  self->access = access;
  g_weak_ref_set (&self->site, site);
  self->stream = stream;
  return self;
}

/* State */

static void
set_state (VigilCameraSource *self,
           VigilCameraState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_loss (VigilCameraSource *self,
          VigilCameraLoss    loss,
          const char        *detail)
{
  /* Detail first: a watcher of "loss" reads both. */
  if (g_strcmp0 (self->loss_detail, detail) != 0)
    {
      g_free (self->loss_detail);
      self->loss_detail = g_strdup (detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOSS_DETAIL]);
    }
  if (self->loss != loss)
    {
      self->loss = loss;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOSS]);
    }
}

static void
close_attempt (VigilCameraSource *self)
{
  if (self->attempt == NULL)
    return;
  self->closed_frames += vigil_camera_attempt_get_frames (self->attempt);
  vigil_camera_attempt_close (g_steal_pointer (&self->attempt));
}

static void
set_sound_level (VigilCameraSource *self,
                 double             level)
{
  if (self->sound_level == level)
    return;
  self->sound_level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_LEVEL]);
}

/* Noticed a loss: the state a caller sees, all of it notified together.
 * @last_data: the monotonic time of the last video (0: none). A handler may
 * stop the source, or drop it: callers hold a reference and look again. */
static void
mark_lost (VigilCameraSource *self,
           VigilCameraLoss    loss,
           const char        *detail,
           gint64             last_data)
{
  gint64 now = g_get_monotonic_time ();

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != VIGIL_CAMERA_STATE_LOST)
    {
      /* "No signal since": the last video seen, or now if none ever was. */
      self->loss_began = now;
      self->lost_since = g_get_real_time () - (last_data > 0 ? now - last_data : 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_SINCE]);
    }
  set_sound_level (self, VIGIL_SOUND_LEVEL_SILENCE);
  set_loss (self, loss, detail);
  set_state (self, VIGIL_CAMERA_STATE_LOST);
  g_object_thaw_notify (G_OBJECT (self));
}

static gint64
retry_interval (VigilCameraSource *self,
                gint64             now)
{
  if (self->loss == VIGIL_CAMERA_LOSS_UNAUTHORIZED)
    return MIN (AUTH_RETRY_US << MIN (self->auth_failures - 1, 8), AUTH_RETRY_MAX_US);
  if (self->loss_began == 0 || now - self->loss_began < FAST_RETRY_PERIOD_US)
    return FAST_RETRY_US;
  return SLOW_RETRY_US;
}

static void start_attempt (VigilCameraSource *self);

/* The connection is over: drop it, tell the watchers (who may stop or drop
 * the source: the caller holds a reference), then, if the source still
 * runs, plan the next try. */
static void
attempt_over (VigilCameraSource *self,
              VigilCameraLoss    loss,
              const char        *detail)
{
  gint64 now = g_get_monotonic_time ();
  gboolean was_steady = self->state == VIGIL_CAMERA_STATE_PLAYING && now - self->playing_since >= STEADY_US;
  gint64 started = vigil_camera_attempt_get_started (self->attempt);
  gint64 last_data = vigil_camera_attempt_get_last_data (self->attempt);

  /* A camera that answered RTSP but whose video never came may be sending
   * UDP a firewall drops: from the next connection on, ask for TCP. */
  if (last_data == 0 && vigil_camera_attempt_get_answered (self->attempt) && loss == VIGIL_CAMERA_LOSS_STALLED)
    self->options.tcp_only = TRUE;
  if (loss == VIGIL_CAMERA_LOSS_UNAUTHORIZED)
    self->auth_failures++;
  close_attempt (self);

  mark_lost (self, loss, detail, last_data);
  if (self->state != VIGIL_CAMERA_STATE_LOST || self->attempt != NULL)
    return;

  /* A stream that dropped after playing steadily may be back at once;
   * otherwise retries are counted from the start of the last try. */
  self->next_attempt = was_steady ? now : started + retry_interval (self, now);
  if (self->next_attempt <= now)
    start_attempt (self);
}

/* What the attempt reports */

static void
on_attempt_playing (gpointer              owner,
                    const VigilMediaInfo *info)
{
  VigilCameraSource *self = owner;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->info, vigil_media_info_free);
  self->info = vigil_media_info_copy (info);
  self->auth_failures = 0;
  self->loss_began = 0;
  self->playing_since = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_INFO]);
  set_loss (self, VIGIL_CAMERA_LOSS_NONE, NULL);
  set_state (self, VIGIL_CAMERA_STATE_PLAYING);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_attempt_frame (gpointer owner)
{
  g_signal_emit (owner, signals[SIGNAL_FRAME], 0);
}

static void
on_attempt_level (gpointer owner,
                  double   level)
{
  set_sound_level (owner, level);
}

static void
on_attempt_failed (gpointer         owner,
                   VigilCameraLoss  loss,
                   const char      *detail)
{
  g_autoptr(VigilCameraSource) self = g_object_ref (owner);

  attempt_over (self, loss, detail);
}

static const VigilCameraAttemptEvents attempt_events = {
  .playing = on_attempt_playing,
  .frame = on_attempt_frame,
  .level = on_attempt_level,
  .failed = on_attempt_failed,
};

static void
connect_now (VigilCameraSource *self)
{
  gint64 probe_limit = self->state == VIGIL_CAMERA_STATE_LOST
                       ? MIN (retry_interval (self, g_get_monotonic_time ()), FIRST_CONNECT_US)
                       : FIRST_CONNECT_US;

  g_assert (self->attempt == NULL);
  self->attempt = vigil_camera_attempt_start (self->context, self->access, &self->options, probe_limit / 1000,
                                              &attempt_events, self);
}

static void
on_access_reopened (GObject      *site,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilCameraSource) self = user_data;
  g_autoptr(GError) error = NULL;
  VigilCameraAccess *access = vigil_site_open_camera_access_finish (VIGIL_SITE (site), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reopening);

  /* The camera may have been removed or the keyring locked: the last
   * credentials known are tried again. */
  if (access != NULL)
    {
      vigil_camera_access_free (self->access);
      self->access = access;
    }
  else
    g_debug ("camera %s: its credentials could not be read again: %s", vigil_camera_source_get_name (self),
             error->message);

  if (self->watchdog != NULL && self->attempt == NULL)
    connect_now (self);
}

/* After a refusal of its credentials, a camera opened by name has them read
 * again first, so that a corrected password is used without a restart. */
static void
start_attempt (VigilCameraSource *self)
{
  g_autoptr(VigilSite) site = g_weak_ref_get (&self->site);

  if (self->reopening != NULL)
    return;
  if (site == NULL || self->loss != VIGIL_CAMERA_LOSS_UNAUTHORIZED)
    {
      connect_now (self);
      return;
    }

  self->reopening = g_cancellable_new ();
  g_main_context_push_thread_default (self->context);
  vigil_site_open_camera_access_async (site, vigil_camera_access_get_camera (self->access), self->stream,
                                       self->reopening, on_access_reopened, g_object_ref (self));
  g_main_context_pop_thread_default (self->context);
}

static gboolean
on_watchdog (gpointer user_data)
{
  g_autoptr(VigilCameraSource) self = g_object_ref (user_data);
  gint64 now = g_get_monotonic_time ();
  const char *silent = _("the camera took the connection but sends no video");

  if (self->attempt == NULL)
    {
      if (now >= self->next_attempt)
        start_attempt (self);
      return G_SOURCE_CONTINUE;
    }

  switch (vigil_camera_attempt_get_stage (self->attempt))
    {
    case VIGIL_CAMERA_ATTEMPT_PLAYING:
      if (now - vigil_camera_attempt_get_last_data (self->attempt) > STALL_US)
        attempt_over (self, VIGIL_CAMERA_LOSS_STALLED, _("the camera stopped sending video"));
      break;

    case VIGIL_CAMERA_ATTEMPT_NEGOTIATING:
      /* A camera that took the connection and says nothing is lost for the
       * caller within the deadline, but given longer to answer, since a
       * frozen camera answers the moment it thaws. */
      if (now - vigil_camera_attempt_get_stage_started (self->attempt) > NEGOTIATE_LIMIT_US)
        attempt_over (self, VIGIL_CAMERA_LOSS_STALLED, silent);
      else if (self->state == VIGIL_CAMERA_STATE_CONNECTING &&
               now - vigil_camera_attempt_get_started (self->attempt) > FIRST_CONNECT_US)
        mark_lost (self, VIGIL_CAMERA_LOSS_STALLED, silent, 0);
      break;

    case VIGIL_CAMERA_ATTEMPT_PROBING:
    case VIGIL_CAMERA_ATTEMPT_FAILED:
    default:
      /* The probe has its own deadline; a failure is on its way. */
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Public */

static void
on_access_opened (GObject      *site,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  VigilCameraAccess *access;

  access = vigil_site_open_camera_access_finish (VIGIL_SITE (site), result, &error);
  if (access == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, source_new (access, VIGIL_SITE (site), GPOINTER_TO_INT (g_task_get_task_data (task))),
                           g_object_unref);
}

void
vigil_camera_source_new_for_camera (VigilSite           *site,
                                    const char          *camera,
                                    VigilCameraStream    stream,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_SITE (site));
  g_return_if_fail (camera != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_camera_source_new_for_camera);
  g_task_set_task_data (task, GINT_TO_POINTER (stream), NULL);
  vigil_site_open_camera_access_async (site, camera, stream, cancellable, on_access_opened, task);
}

VigilCameraSource *
vigil_camera_source_new_for_camera_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_camera_source_new_for_camera, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

VigilCameraSource *
vigil_camera_source_new_for_url (const char  *url,
                                 GError     **error)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vigil_camera_validate_url (url, _("URL"), error))
    return NULL;
  return source_new (vigil_camera_access_new (NULL, url, NULL, NULL), NULL, VIGIL_CAMERA_STREAM_MAIN);
}

const char *
vigil_camera_source_get_name (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), NULL);
  return vigil_camera_access_get_camera (self->access);
}

const char *
vigil_camera_source_get_url (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), NULL);
  return vigil_camera_access_get_url (self->access);
}

void
vigil_camera_source_set_frame_size (VigilCameraSource *self,
                                    guint              width,
                                    guint              height)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));
  g_return_if_fail ((width == 0) == (height == 0));

  self->options.width = width;
  self->options.height = height;
  if (self->attempt != NULL)
    vigil_camera_attempt_set_frame_size (self->attempt, width, height);
}

void
vigil_camera_source_set_decode (VigilCameraSource *self,
                                gboolean           decode)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));
  g_return_if_fail (self->state == VIGIL_CAMERA_STATE_STOPPED);

  self->options.decode = decode;
}

void
vigil_camera_source_set_camera_timing (VigilCameraSource *self,
                                       gboolean           camera_timing)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));
  g_return_if_fail (self->state == VIGIL_CAMERA_STATE_STOPPED);

  self->options.camera_timing = camera_timing;
}

void
vigil_camera_source_set_encoded_func (VigilCameraSource *self,
                                      VigilEncodedFunc   func,
                                      gpointer           user_data,
                                      GDestroyNotify     notify)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));
  g_return_if_fail (self->state == VIGIL_CAMERA_STATE_STOPPED);

  g_clear_pointer (&self->options.encoded, vigil_encoded_handler_unref);
  if (func != NULL)
    self->options.encoded = vigil_encoded_handler_new (func, user_data, notify);
}

void
vigil_camera_source_start (VigilCameraSource *self)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));

  if (self->state != VIGIL_CAMERA_STATE_STOPPED)
    return;

  self->loss_began = 0;
  self->lost_since = 0;
  g_object_freeze_notify (G_OBJECT (self));
  set_loss (self, VIGIL_CAMERA_LOSS_NONE, NULL);
  set_state (self, VIGIL_CAMERA_STATE_CONNECTING);
  g_object_thaw_notify (G_OBJECT (self));

  self->watchdog = g_timeout_source_new (WATCHDOG_TICK_MS);
  g_source_set_callback (self->watchdog, on_watchdog, self, NULL);
  g_source_set_static_name (self->watchdog, "vigil-camera-watchdog");
  g_source_attach (self->watchdog, self->context);

  start_attempt (self);
}

void
vigil_camera_source_stop (VigilCameraSource *self)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));

  close_attempt (self);
  stop_watchdog (self);
  queue_heap_trim ();
  g_object_freeze_notify (G_OBJECT (self));
  set_sound_level (self, VIGIL_SOUND_LEVEL_SILENCE);
  set_loss (self, VIGIL_CAMERA_LOSS_NONE, NULL);
  set_state (self, VIGIL_CAMERA_STATE_STOPPED);
  g_object_thaw_notify (G_OBJECT (self));
}

VigilCameraState
vigil_camera_source_get_state (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), VIGIL_CAMERA_STATE_STOPPED);
  return self->state;
}

VigilCameraLoss
vigil_camera_source_get_loss (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), VIGIL_CAMERA_LOSS_NONE);
  return self->loss;
}

const char *
vigil_camera_source_get_loss_detail (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), NULL);
  return self->loss_detail;
}

gint64
vigil_camera_source_get_lost_since (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), 0);
  return self->state == VIGIL_CAMERA_STATE_LOST ? self->lost_since : 0;
}

const VigilMediaInfo *
vigil_camera_source_get_media_info (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), NULL);
  return self->info;
}

double
vigil_camera_source_get_sound_level (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), VIGIL_SOUND_LEVEL_SILENCE);
  return self->sound_level;
}

guint64
vigil_camera_source_get_frame_count (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), 0);
  return self->closed_frames + (self->attempt ? vigil_camera_attempt_get_frames (self->attempt) : 0);
}

/* NTP time (ns since 1900) to Unix time (µs since 1970). */
#define NTP_UNIX_OFFSET_S G_GUINT64_CONSTANT (2208988800)

static gint64
capture_time_of (GstBuffer *buffer)
{
  static GstCaps *ntp_caps;
  GstReferenceTimestampMeta *meta;

  if (g_once_init_enter (&ntp_caps))
    g_once_init_leave (&ntp_caps, gst_caps_new_empty_simple ("timestamp/x-ntp"));

  meta = gst_buffer_get_reference_timestamp_meta (buffer, ntp_caps);
  if (meta == NULL || meta->timestamp < NTP_UNIX_OFFSET_S * GST_SECOND)
    return 0;
  return (gint64) ((meta->timestamp - NTP_UNIX_OFFSET_S * GST_SECOND) / GST_USECOND);
}

GstSample *
vigil_camera_source_pull_frame (VigilCameraSource *self,
                                gint64            *capture_time)
{
  GstSample *frame;

  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), NULL);

  frame = self->attempt ? vigil_camera_attempt_pull_frame (self->attempt) : NULL;
  if (capture_time != NULL)
    *capture_time = frame && gst_sample_get_buffer (frame) ? capture_time_of (gst_sample_get_buffer (frame)) : 0;
  return frame;
}

gboolean
vigil_camera_source_wait_closed (guint timeout_ms)
{
  return vigil_camera_attempt_wait_closed (timeout_ms);
}

/* Sound playback: the settings live in the options, so that each new
 * connection plays as the last did; the attempt playing applies them at
 * once. */
void
vigil_camera_source_set_audio_output (VigilCameraSource *self,
                                      const char        *stream_name)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));

  if (g_strcmp0 (self->options.sound_output, stream_name) == 0)
    return;
  g_free (self->options.sound_output);
  self->options.sound_output = g_strdup (stream_name);
  if (self->attempt != NULL)
    vigil_camera_attempt_set_sound_output (self->attempt, stream_name);
}

const char *
vigil_camera_source_get_audio_output (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), NULL);
  return self->options.sound_output;
}

static void
apply_volume (VigilCameraSource *self)
{
  if (self->attempt != NULL)
    vigil_camera_attempt_set_sound_volume (self->attempt, self->options.volume, self->options.muted);
}

void
vigil_camera_source_set_volume (VigilCameraSource *self,
                                double             volume)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));
  g_return_if_fail (volume >= 0.0 && volume <= 1.0);

  if (self->options.volume == volume)
    return;
  self->options.volume = volume;
  apply_volume (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

double
vigil_camera_source_get_volume (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), 1.0);
  return self->options.volume;
}

void
vigil_camera_source_set_muted (VigilCameraSource *self,
                               gboolean           muted)
{
  g_return_if_fail (VIGIL_IS_CAMERA_SOURCE (self));

  muted = !!muted;
  if (self->options.muted == muted)
    return;
  self->options.muted = muted;
  apply_volume (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
vigil_camera_source_get_muted (VigilCameraSource *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (self), FALSE);
  return self->options.muted;
}
