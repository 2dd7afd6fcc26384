/* vigil-camera-sound-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* The sound output of one camera attempt (vigil-camera-sound.c): the
 * camera's first sound stream played through PipeWire. It joins a running
 * pipeline at that stream's sound tee and leaves it at any time; each call
 * may come from the main context or a streaming thread. Starting and
 * stopping the output happen on GStreamer's own threads, and count as
 * shutting down for vigil_camera_attempt_wait_closed() until done. */
typedef struct _VigilCameraSound VigilCameraSound;

/* @url names the camera in messages; @stream_name is the stream's name,
 * %NULL for no sound. */
VigilCameraSound *vigil_camera_sound_new        (const char       *url,
                                                 const char       *stream_name,
                                                 double            volume,
                                                 gboolean          muted);
void              vigil_camera_sound_unref      (VigilCameraSound *self);

/* The sound tee of a stream just linked: the first one is played, unless
 * the sound was closed. */
void              vigil_camera_sound_add_tee    (VigilCameraSound *self,
                                                 GstElement       *sound_tee);
/* An error posted by @source, inside some sound output: if it is this one,
 * the output leaves the pipeline; the picture and the level go on. */
void              vigil_camera_sound_lose       (VigilCameraSound *self,
                                                 GstObject        *source,
                                                 const GError     *error);
/* The attempt closed: the output goes down with the pipeline, and nothing
 * joins it any more. */
void              vigil_camera_sound_close      (VigilCameraSound *self);

void              vigil_camera_sound_set_output (VigilCameraSound *self,
                                                 const char       *stream_name);
void              vigil_camera_sound_set_volume (VigilCameraSound *self,
                                                 double            volume,
                                                 gboolean          muted);

G_END_DECLS
