/* vigil-recorder-status.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder-status"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-text.h"

#include "vigil-recorder-status.h"

/* The recorder's own state: the process, its heartbeat, the disk, and each
 * camera's state. The recorder fills one and reports it every heartbeat;
 * the console and vigilctl read it back to show whether footage is being
 * made. */
struct _VigilRecorderStatus
{
  GObject  parent_instance;

  guint    pid;
  char    *host;
  gint64   started_at;
  gint64   heartbeat_at;
  gint64   stopped_at;
  guint64  free_bytes;
  gboolean disk_full;
  char    *recordings_dir;
  GArray  *cameras;   /* VigilRecorderCamera */
};

G_DEFINE_FINAL_TYPE (VigilRecorderStatus, vigil_recorder_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PID,
  PROP_HOST,
  PROP_STARTED_AT,
  PROP_HEARTBEAT_AT,
  PROP_STOPPED_AT,
  PROP_FREE_BYTES,
  PROP_DISK_FULL,
  PROP_RECORDINGS_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_names[] = {
  [VIGIL_RECORDING_STATE_NOT_REQUIRED] = "not-required",
  [VIGIL_RECORDING_STATE_RECORDING] = "recording",
  [VIGIL_RECORDING_STATE_WAITING] = "waiting",
  [VIGIL_RECORDING_STATE_CAMERA_OFFLINE] = "camera-offline",
  [VIGIL_RECORDING_STATE_DISK_FULL] = "disk-full",
  [VIGIL_RECORDING_STATE_ERROR] = "error",
};

static void
camera_clear (gpointer data)
{
  VigilRecorderCamera *camera = data;

  g_clear_pointer (&camera->name, g_free);
  g_clear_pointer (&camera->detail, g_free);
}

static void
vigil_recorder_status_finalize (GObject *object)
{
  VigilRecorderStatus *self = (VigilRecorderStatus *)object;

  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->recordings_dir, g_free);
  g_clear_pointer (&self->cameras, g_array_unref);

  G_OBJECT_CLASS (vigil_recorder_status_parent_class)->finalize (object);
}

static void
vigil_recorder_status_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VigilRecorderStatus *self = VIGIL_RECORDER_STATUS (object);

  switch (prop_id)
    {
    case PROP_PID:
      g_value_set_uint (value, self->pid);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PROP_HEARTBEAT_AT:
      g_value_set_int64 (value, self->heartbeat_at);
      break;
    case PROP_STOPPED_AT:
      g_value_set_int64 (value, self->stopped_at);
      break;
    case PROP_FREE_BYTES:
      g_value_set_uint64 (value, self->free_bytes);
      break;
    case PROP_DISK_FULL:
      g_value_set_boolean (value, self->disk_full);
      break;
    case PROP_RECORDINGS_DIR:
      g_value_set_string (value, self->recordings_dir);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_recorder_status_class_init (VigilRecorderStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_recorder_status_finalize;
  object_class->get_property = vigil_recorder_status_get_property;

  properties[PROP_PID] = g_param_spec_uint ("pid", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_STARTED_AT] = g_param_spec_int64 ("started-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_HEARTBEAT_AT] = g_param_spec_int64 ("heartbeat-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_STOPPED_AT] = g_param_spec_int64 ("stopped-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_FREE_BYTES] = g_param_spec_uint64 ("free-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DISK_FULL] = g_param_spec_boolean ("disk-full", NULL, NULL, FALSE, flags);
  properties[PROP_RECORDINGS_DIR] = g_param_spec_string ("recordings-dir", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_recorder_status_init (VigilRecorderStatus *self)
{
  self->cameras = g_array_new (FALSE, TRUE, sizeof (VigilRecorderCamera));
  g_array_set_clear_func (self->cameras, camera_clear);
}

VigilRecorderStatus *
vigil_recorder_status_new (void)
{
  return g_object_new (VIGIL_TYPE_RECORDER_STATUS, NULL);
}

static void
set_int64 (VigilRecorderStatus *self,
           gint64              *slot,
           gint64               value,
           guint                prop)
{
  if (*slot == value)
    return;
  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
vigil_recorder_status_set_pid (VigilRecorderStatus *self,
                               guint                pid)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));

  if (self->pid == pid)
    return;
  self->pid = pid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
}

guint
vigil_recorder_status_get_pid (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), 0);
  return self->pid;
}

void
vigil_recorder_status_set_host (VigilRecorderStatus *self,
                                const char          *host)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));

  if (vigil_text_replace (&self->host, host))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
}

/**
 * vigil_recorder_status_get_host:
 *
 * Returns: (nullable): the machine the recorder runs on
 */
const char *
vigil_recorder_status_get_host (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), NULL);
  return self->host;
}

void
vigil_recorder_status_set_started_at (VigilRecorderStatus *self,
                                      gint64               started_at)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));
  set_int64 (self, &self->started_at, started_at, PROP_STARTED_AT);
}

gint64
vigil_recorder_status_get_started_at (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), 0);
  return self->started_at;
}

void
vigil_recorder_status_set_heartbeat_at (VigilRecorderStatus *self,
                                        gint64               heartbeat_at)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));
  set_int64 (self, &self->heartbeat_at, heartbeat_at, PROP_HEARTBEAT_AT);
}

gint64
vigil_recorder_status_get_heartbeat_at (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), 0);
  return self->heartbeat_at;
}

void
vigil_recorder_status_set_stopped_at (VigilRecorderStatus *self,
                                      gint64               stopped_at)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));
  set_int64 (self, &self->stopped_at, stopped_at, PROP_STOPPED_AT);
}

/**
 * vigil_recorder_status_get_stopped_at:
 *
 * Returns: when the recorder stopped cleanly, or 0 (running, or it died
 *   without saying so: see vigil_recorder_status_is_running())
 */
gint64
vigil_recorder_status_get_stopped_at (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), 0);
  return self->stopped_at;
}

void
vigil_recorder_status_set_free_bytes (VigilRecorderStatus *self,
                                      guint64              free_bytes)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));

  if (self->free_bytes == free_bytes)
    return;
  self->free_bytes = free_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREE_BYTES]);
}

/**
 * vigil_recorder_status_get_free_bytes:
 *
 * Returns: the space free on the recordings folder's disk at the heartbeat
 */
guint64
vigil_recorder_status_get_free_bytes (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), 0);
  return self->free_bytes;
}

void
vigil_recorder_status_set_disk_full (VigilRecorderStatus *self,
                                     gboolean             disk_full)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));

  disk_full = !!disk_full;
  if (self->disk_full == disk_full)
    return;
  self->disk_full = disk_full;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISK_FULL]);
}

gboolean
vigil_recorder_status_get_disk_full (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), FALSE);
  return self->disk_full;
}

void
vigil_recorder_status_set_recordings_dir (VigilRecorderStatus *self,
                                          const char          *recordings_dir)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));

  if (vigil_text_replace (&self->recordings_dir, recordings_dir))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDINGS_DIR]);
}

/**
 * vigil_recorder_status_get_recordings_dir:
 *
 * Returns: (nullable): the folder the recorder writes segments into
 */
const char *
vigil_recorder_status_get_recordings_dir (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), NULL);
  return self->recordings_dir;
}

/**
 * vigil_recorder_status_add_camera:
 * @detail: (nullable): what the recorder saw, for staff
 * @since: when the camera entered @state
 *
 * Appends one camera's line. The store keeps one line a camera name: a
 * second line for the same name replaces the first when reported.
 */
void
vigil_recorder_status_add_camera (VigilRecorderStatus *self,
                                  const char          *camera,
                                  gboolean             required,
                                  gboolean             recording,
                                  VigilRecordingState  state,
                                  const char          *detail,
                                  gint64               since)
{
  VigilRecorderCamera line = { 0 };

  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));
  g_return_if_fail (camera != NULL);
  g_return_if_fail (state <= VIGIL_RECORDING_STATE_ERROR);

  line.name = g_strdup (camera);
  line.required = !!required;
  line.recording = !!recording;
  line.state = state;
  line.detail = g_strdup (detail);
  line.since = since;
  g_array_append_val (self->cameras, line);
}

void
vigil_recorder_status_clear_cameras (VigilRecorderStatus *self)
{
  g_return_if_fail (VIGIL_IS_RECORDER_STATUS (self));

  g_array_set_size (self->cameras, 0);
}

guint
vigil_recorder_status_get_n_cameras (VigilRecorderStatus *self)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), 0);
  return self->cameras->len;
}

/**
 * vigil_recorder_status_get_camera:
 * @index: below vigil_recorder_status_get_n_cameras()
 *
 * Returns: (transfer none): the camera's line, owned by @self and valid
 *   until its cameras change
 */
const VigilRecorderCamera *
vigil_recorder_status_get_camera (VigilRecorderStatus *self,
                                  guint                index)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), NULL);
  g_return_val_if_fail (index < self->cameras->len, NULL);

  return &g_array_index (self->cameras, VigilRecorderCamera, index);
}

/**
 * vigil_recorder_status_find_camera:
 *
 * Returns: (transfer none) (nullable): the line of the camera named @camera
 *   (without regard to ASCII case, as camera names are), or %NULL
 */
const VigilRecorderCamera *
vigil_recorder_status_find_camera (VigilRecorderStatus *self,
                                   const char          *camera)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  for (guint i = 0; i < self->cameras->len; i++)
    {
      const VigilRecorderCamera *line = &g_array_index (self->cameras, VigilRecorderCamera, i);

      if (g_ascii_strcasecmp (line->name, camera) == 0)
        return line;
    }
  return NULL;
}

gboolean
vigil_recorder_status_is_running (VigilRecorderStatus *self,
                                  gint64               now)
{
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (self), FALSE);

  return self->stopped_at == 0 && self->heartbeat_at != 0 &&
         now - self->heartbeat_at <= VIGIL_RECORDER_HEARTBEAT_TIMEOUT;
}

const char *
vigil_recording_state_to_string (VigilRecordingState state)
{
  g_return_val_if_fail (state <= VIGIL_RECORDING_STATE_ERROR, NULL);

  return state_names[state];
}

gboolean
vigil_recording_state_from_string (const char          *text,
                                   VigilRecordingState *state,
                                   GError             **error)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *state = (VigilRecordingState) i;
        return TRUE;
      }

  {
    g_autofree char *shown = vigil_text_quote (text ? text : "");
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("unknown recording state “%s”: expected not-required, recording, waiting, "
                   "camera-offline, disk-full or error"), shown);
  }
  return FALSE;
}
