/* vigil-recorder-status.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* What the recorder is doing about one camera. */
typedef enum
{
  VIGIL_RECORDING_STATE_NOT_REQUIRED,    /* the policy does not record now */
  VIGIL_RECORDING_STATE_RECORDING,
  VIGIL_RECORDING_STATE_WAITING,         /* required: connecting, or waiting for the first keyframe */
  VIGIL_RECORDING_STATE_CAMERA_OFFLINE,
  VIGIL_RECORDING_STATE_DISK_FULL,
  VIGIL_RECORDING_STATE_ERROR,
} VigilRecordingState;

/* A recorder whose heartbeat is older than this is not running, whatever
 * its row says (it heartbeats about every 2 s). */
#define VIGIL_RECORDER_HEARTBEAT_TIMEOUT (10 * G_TIME_SPAN_SECOND)

/* One camera's line of the recorder's state. */
typedef struct
{
  char                *name;
  gboolean             required;   /* the policy requires recording now */
  gboolean             recording;  /* frames are being written */
  VigilRecordingState  state;
  char                *detail;     /* nullable: what the recorder saw */
  gint64               since;      /* when it entered @state */
} VigilRecorderCamera;

#define VIGIL_TYPE_RECORDER_STATUS (vigil_recorder_status_get_type ())

G_DECLARE_FINAL_TYPE (VigilRecorderStatus, vigil_recorder_status, VIGIL, RECORDER_STATUS, GObject)

/* Filled by the recorder, which reports it with vigil_site_report_recorder();
 * read back with vigil_site_get_recorder_status(). */
VigilRecorderStatus *vigil_recorder_status_new (void);

void        vigil_recorder_status_set_pid            (VigilRecorderStatus *self,
                                                      guint                pid);
guint       vigil_recorder_status_get_pid            (VigilRecorderStatus *self);
void        vigil_recorder_status_set_host           (VigilRecorderStatus *self,
                                                      const char          *host);
const char *vigil_recorder_status_get_host           (VigilRecorderStatus *self);
void        vigil_recorder_status_set_started_at     (VigilRecorderStatus *self,
                                                      gint64               started_at);
gint64      vigil_recorder_status_get_started_at     (VigilRecorderStatus *self);
void        vigil_recorder_status_set_heartbeat_at   (VigilRecorderStatus *self,
                                                      gint64               heartbeat_at);
gint64      vigil_recorder_status_get_heartbeat_at   (VigilRecorderStatus *self);
/* 0 while running; set when it stopped cleanly. */
void        vigil_recorder_status_set_stopped_at     (VigilRecorderStatus *self,
                                                      gint64               stopped_at);
gint64      vigil_recorder_status_get_stopped_at     (VigilRecorderStatus *self);
void        vigil_recorder_status_set_free_bytes     (VigilRecorderStatus *self,
                                                      guint64              free_bytes);
guint64     vigil_recorder_status_get_free_bytes     (VigilRecorderStatus *self);
void        vigil_recorder_status_set_disk_full      (VigilRecorderStatus *self,
                                                      gboolean             disk_full);
gboolean    vigil_recorder_status_get_disk_full      (VigilRecorderStatus *self);
void        vigil_recorder_status_set_recordings_dir (VigilRecorderStatus *self,
                                                      const char          *recordings_dir);
const char *vigil_recorder_status_get_recordings_dir (VigilRecorderStatus *self);

/* Cameras, in the order added. */
void        vigil_recorder_status_add_camera         (VigilRecorderStatus *self,
                                                      const char          *camera,
                                                      gboolean             required,
                                                      gboolean             recording,
                                                      VigilRecordingState  state,
                                                      const char          *detail,
                                                      gint64               since);
void        vigil_recorder_status_clear_cameras      (VigilRecorderStatus *self);
guint       vigil_recorder_status_get_n_cameras      (VigilRecorderStatus *self);
const VigilRecorderCamera *
            vigil_recorder_status_get_camera         (VigilRecorderStatus *self,
                                                      guint                index);
const VigilRecorderCamera *
            vigil_recorder_status_find_camera        (VigilRecorderStatus *self,
                                                      const char          *camera);

/* Not stopped, and its heartbeat no older than
 * VIGIL_RECORDER_HEARTBEAT_TIMEOUT at @now. */
gboolean    vigil_recorder_status_is_running         (VigilRecorderStatus *self,
                                                      gint64               now);

/* "not-required", "recording", "waiting", "camera-offline", "disk-full",
 * "error". */
const char *vigil_recording_state_to_string          (VigilRecordingState  state);
gboolean    vigil_recording_state_from_string        (const char          *text,
                                                      VigilRecordingState *state,
                                                      GError             **error);

G_END_DECLS
