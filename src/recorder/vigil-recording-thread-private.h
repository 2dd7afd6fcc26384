/* vigil-recording-thread-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-core.h"
#include "vigil-camera-source.h"
#include "vigil-recording-plan.h"

G_BEGIN_DECLS

/* One camera's writing thread, and what it shares with the camera's
 * streaming threads and the recorder's main thread (VigilCameraRecorder,
 * its only user). The streaming threads time each frame and queue it
 * (vigil_recording_thread_take_sample, a VigilEncodedFunc); the writing
 * thread asks the plan, and opens, writes, rolls and closes segments; the
 * main thread, which alone touches the site, takes what it did as events
 * and writes the rows. Reference-counted: the camera source's pipelines
 * may outlive the recorder object for a moment. */

typedef enum
{
  VIGIL_RECORDING_EVENT_OPENED,   /* a segment's file began */
  VIGIL_RECORDING_EVENT_CLOSED,   /* ...and is closed, synced and hashed */
  VIGIL_RECORDING_EVENT_FAILED,   /* opening or writing failed */
} VigilRecordingEventKind;

typedef struct
{
  VigilRecordingEventKind  kind;
  char                    *path;       /* relative to the recordings folder */
  gint64                   start;
  gint64                   end;        /* the last frame; 0: none (drop it) */
  gboolean                 audio;
  guint64                  bytes;
  char                    *sha256;     /* %NULL: neither closed nor recovered */
  VigilGapCause            cause;      /* of a failure */
  char                    *detail;
} VigilRecordingEvent;

void                  vigil_recording_event_free           (VigilRecordingEvent  *event);

typedef struct _VigilRecordingThread VigilRecordingThread;

VigilRecordingThread *vigil_recording_thread_new           (const char           *camera,
                                                            const char           *recordings_dir,
                                                            gint64                segment_us);
VigilRecordingThread *vigil_recording_thread_ref           (VigilRecordingThread *self);
void                  vigil_recording_thread_unref         (VigilRecordingThread *self);
VigilRecordingPlan   *vigil_recording_thread_get_plan      (VigilRecordingThread *self);
void                  vigil_recording_thread_start         (VigilRecordingThread *self);
/* Closes the open segment and joins the thread. */
void                  vigil_recording_thread_stop          (VigilRecordingThread *self);
/* The camera was lost: the open segment closes. */
void                  vigil_recording_thread_camera_lost   (VigilRecordingThread *self);
/* What the camera's stream holds, once it plays. */
void                  vigil_recording_thread_set_stream    (VigilRecordingThread *self,
                                                            gboolean              has_audio);
void                  vigil_recording_thread_set_disk_full (VigilRecordingThread *self,
                                                            gboolean              disk_full);
gboolean              vigil_recording_thread_get_disk_full (VigilRecordingThread *self);
/* Frames lost to a full queue since the last call. */
guint                 vigil_recording_thread_take_overrun  (VigilRecordingThread *self);
/* The next event, or %NULL. */
VigilRecordingEvent  *vigil_recording_thread_pop_event     (VigilRecordingThread *self);
/* A VigilEncodedFunc; @user_data is the thread (a reference the source
 * holds). */
void                  vigil_recording_thread_take_sample   (VigilMediaKind        kind,
                                                            GstSample            *sample,
                                                            gpointer              user_data);

/* Segments live in CAMERA/YYYY-MM-DD/HH-MM-SS.mmmZ.mkv under the
 * recordings folder: the camera's folder name (its name as anyone can type
 * it), then the UTC date and time of the first frame. */
char                 *vigil_segment_folder_name            (const char           *camera);
/* The first frame's time from a segment's date folder and file name. */
gboolean              vigil_segment_parse_file_name        (const char           *day,
                                                            const char           *file,
                                                            gint64               *start);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRecordingThread, vigil_recording_thread_unref)

G_END_DECLS
