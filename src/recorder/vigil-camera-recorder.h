/* vigil-camera-recorder.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-core.h"
#include "vigil-camera-source.h"
#include "vigil-recording-plan.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMERA_RECORDER (vigil_camera_recorder_get_type ())

G_DECLARE_FINAL_TYPE (VigilCameraRecorder, vigil_camera_recorder, VIGIL, CAMERA_RECORDER, GObject)

/* Records one camera into segments exactly when its plan says, and keeps
 * its gaps: made and used on the recorder's main thread, which alone
 * touches the site. Frames are written by a thread of the camera's own, as
 * they arrive. */
VigilCameraRecorder *vigil_camera_recorder_new        (VigilSite           *site,
                                                       VigilCamera         *camera,
                                                       const char          *recordings_dir,
                                                       gint64               segment_us);
const char          *vigil_camera_recorder_get_name   (VigilCameraRecorder *self);
const char          *vigil_camera_recorder_get_url    (VigilCameraRecorder *self);
gboolean             vigil_camera_recorder_get_has_audio (VigilCameraRecorder *self);

/* Connects the camera and starts following the policy. @down_since, when
 * not 0, is when recording last stopped because the recorder was not
 * running: required time since then is a recorder-down gap. */
void                 vigil_camera_recorder_start      (VigilCameraRecorder *self,
                                                       gint64               down_since);
/* Reads the policy again (it changed, or time moved on). */
void                 vigil_camera_recorder_replan     (VigilCameraRecorder *self);
void                 vigil_camera_recorder_set_segment_length (VigilCameraRecorder *self,
                                                               gint64               segment_us);
/* While the disk is short of space, no new segment starts. */
void                 vigil_camera_recorder_set_disk_full (VigilCameraRecorder *self,
                                                          gboolean             disk_full);
/* Called often (every 200 ms) on the main thread: takes in what the
 * writing thread did, and opens and closes gaps. */
void                 vigil_camera_recorder_tick       (VigilCameraRecorder *self,
                                                       gint64               now);
/* Adds this camera's state to @status. */
void                 vigil_camera_recorder_report     (VigilCameraRecorder *self,
                                                       VigilRecorderStatus *status,
                                                       gint64               now);
/* Closes the open segment and stops; the segment's row is written by
 * vigil_camera_recorder_tick() (or finish) once its file is synced.
 * Returns %TRUE once nothing is left to record in the store. */
void                 vigil_camera_recorder_stop       (VigilCameraRecorder *self);
gboolean             vigil_camera_recorder_finish     (VigilCameraRecorder *self,
                                                       gint64               now);

G_END_DECLS
