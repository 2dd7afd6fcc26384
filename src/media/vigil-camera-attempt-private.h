/* vigil-camera-attempt-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "vigil-camera-access.h"
#include "vigil-camera-chain-private.h"
#include "vigil-camera-source.h"

G_BEGIN_DECLS

/* One connection to a camera (vigil-camera-attempt.c): a TCP probe that says
 * at once whether the host answers, then an rtspsrc pipeline. The camera
 * source makes a new attempt for every connection and closes the old one;
 * what the attempt sees reaches its owner on the owner's main context. */
typedef struct _VigilCameraAttempt VigilCameraAttempt;

typedef enum
{
  VIGIL_CAMERA_ATTEMPT_PROBING,      /* connecting to the host's port */
  VIGIL_CAMERA_ATTEMPT_NEGOTIATING,  /* RTSP until the first video */
  VIGIL_CAMERA_ATTEMPT_PLAYING,
  VIGIL_CAMERA_ATTEMPT_FAILED,
} VigilCameraAttemptStage;

/* Each is called on the owner's main context, never after the attempt was
 * closed; failed at most once. The owner may close the attempt from any of
 * them. */
typedef struct
{
  void (*playing) (gpointer owner, const VigilMediaInfo *info);
  void (*frame)   (gpointer owner);
  void (*level)   (gpointer owner, double level);
  void (*failed)  (gpointer owner, VigilCameraLoss loss, const char *detail);
} VigilCameraAttemptEvents;

typedef struct
{
  guint                width;     /* 0: the camera's size */
  guint                height;
  gboolean             decode;
  gboolean             tcp_only;
  gboolean             camera_timing;
  VigilEncodedHandler *encoded;   /* or %NULL */
  /* The sound played through PipeWire: the stream's name, or %NULL for
   * none; copied by the attempt. */
  char                *sound_output;
  double               volume;
  gboolean             muted;
} VigilCameraAttemptOptions;

VigilCameraAttempt     *vigil_camera_attempt_start          (GMainContext                    *context,
                                                             VigilCameraAccess               *access,
                                                             const VigilCameraAttemptOptions *options,
                                                             guint                            probe_timeout_ms,
                                                             const VigilCameraAttemptEvents  *events,
                                                             gpointer                         owner);
/* Stops every event, and shuts the pipeline down on a thread of its own. */
void                    vigil_camera_attempt_close          (VigilCameraAttempt              *self);

VigilCameraAttemptStage vigil_camera_attempt_get_stage      (VigilCameraAttempt              *self);
/* Monotonic times (µs): the attempt's start, the stage's start, and the last
 * video packet (0: none yet). */
gint64                  vigil_camera_attempt_get_started    (VigilCameraAttempt              *self);
gint64                  vigil_camera_attempt_get_stage_started (VigilCameraAttempt           *self);
gint64                  vigil_camera_attempt_get_last_data  (VigilCameraAttempt              *self);
/* Whether the camera answered RTSP (its SDP came). */
gboolean                vigil_camera_attempt_get_answered   (VigilCameraAttempt              *self);
/* Decoded frames so far. */
guint                   vigil_camera_attempt_get_frames     (VigilCameraAttempt              *self);
void                    vigil_camera_attempt_set_frame_size (VigilCameraAttempt              *self,
                                                             guint                            width,
                                                             guint                            height);
GstSample              *vigil_camera_attempt_pull_frame     (VigilCameraAttempt              *self);
/* The sound output, changed while playing: a new stream name (%NULL: none),
 * and its volume. */
void                    vigil_camera_attempt_set_sound_output (VigilCameraAttempt            *self,
                                                               const char                    *stream_name);
void                    vigil_camera_attempt_set_sound_volume (VigilCameraAttempt            *self,
                                                               double                         volume,
                                                               gboolean                       muted);

/* Waits until every closed attempt's pipeline has shut down. */
gboolean                vigil_camera_attempt_wait_closed    (guint                            timeout_ms);
/* Counts work that goes on after a close (a pipeline or a sound output
 * stopping: +1 when it begins, -1 when done), for wait_closed. */
void                    vigil_camera_attempt_count_shutting_down (int                         change);

G_END_DECLS
