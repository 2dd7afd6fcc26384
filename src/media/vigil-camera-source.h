/* vigil-camera-source.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

#include "vigil-core.h"
#include "vigil-media-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMERA_SOURCE (vigil_camera_source_get_type ())

G_DECLARE_FINAL_TYPE (VigilCameraSource, vigil_camera_source, VIGIL, CAMERA_SOURCE, GObject)

/* Called on a streaming thread with each encoded video or audio frame as the
 * camera sent it (after depayloading and parsing, never re-encoded), for a
 * recorder. It must return quickly; the sample's caps say what it is. */
typedef void (*VigilEncodedFunc) (VigilMediaKind  kind,
                                  GstSample      *sample,
                                  gpointer        user_data);

/* When the frame in a #VigilEncodedFunc's @sample arrived, in µs since the
 * epoch (as g_get_real_time()): the time its last packet reached this
 * machine where the source knows it (the recorder's own receiver reads a
 * camera's packets in batches, so the call may come up to tens of
 * milliseconds later), otherwise the moment of the call. */
gint64 vigil_encoded_sample_get_arrival (GstSample *sample);

/* Opens the named camera's stream with its stored credentials; the record and
 * the Secret Service are read on the site's worker, never on the caller's
 * thread. The source is created stopped, on the calling thread's
 * thread-default main context, which all its signals are emitted on. */
void               vigil_camera_source_new_for_camera        (VigilSite            *site,
                                                              const char           *camera,
                                                              VigilCameraStream     stream,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
VigilCameraSource *vigil_camera_source_new_for_camera_finish (GAsyncResult         *result,
                                                              GError              **error);
/* A bare rtsp:// URL without credentials (for `vigilctl camera check --url`). */
VigilCameraSource *vigil_camera_source_new_for_url           (const char           *url,
                                                              GError              **error);

const char        *vigil_camera_source_get_name         (VigilCameraSource  *self);
const char        *vigil_camera_source_get_url          (VigilCameraSource  *self);

/* Decoded frames come as 32-bit pixels in the machine's byte order, alpha
 * (always full) in the highest byte: the layout of cairo's ARGB32 and of
 * GDK_MEMORY_DEFAULT, so that drawing a frame moves no byte around. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define VIGIL_CAMERA_FRAME_FORMAT GST_VIDEO_FORMAT_BGRA
#else
#define VIGIL_CAMERA_FRAME_FORMAT GST_VIDEO_FORMAT_ARGB
#endif

/* Decoded frames are scaled in the pipeline to @width x @height; 0 x 0
 * keeps the camera's size. It may change while playing. */
void               vigil_camera_source_set_frame_size   (VigilCameraSource  *self,
                                                         guint               width,
                                                         guint               height);
/* Before start: no decoding at all when only the encoded stream is wanted. */
void               vigil_camera_source_set_decode       (VigilCameraSource  *self,
                                                         gboolean            decode);
/* Before start: frames are timed as the camera captured them (its RTP
 * timestamps), evenly spaced, not as they arrived: what a recording needs
 * and a live view, which follows arrival, does not. */
void               vigil_camera_source_set_camera_timing (VigilCameraSource *self,
                                                          gboolean           camera_timing);
/* Before start. @notify may run on any thread, once the last pipeline that
 * could call @func has closed. */
void               vigil_camera_source_set_encoded_func (VigilCameraSource  *self,
                                                         VigilEncodedFunc    func,
                                                         gpointer            user_data,
                                                         GDestroyNotify      notify);

/* Connects, and keeps reconnecting until stopped. Never blocks. */
void               vigil_camera_source_start            (VigilCameraSource  *self);
void               vigil_camera_source_stop             (VigilCameraSource  *self);

VigilCameraState   vigil_camera_source_get_state        (VigilCameraSource  *self);
/* Why the camera was lost, and in plain words (never with a password). */
VigilCameraLoss    vigil_camera_source_get_loss         (VigilCameraSource  *self);
const char        *vigil_camera_source_get_loss_detail  (VigilCameraSource  *self);
/* Wall-clock time (µs since 1970) the camera was last playing before it was
 * lost, or 0. */
gint64             vigil_camera_source_get_lost_since   (VigilCameraSource  *self);
/* What the camera sends, once playing; %NULL before. */
const VigilMediaInfo *vigil_camera_source_get_media_info   (VigilCameraSource  *self);
/* The loudest channel's RMS level in dBFS over the last 100 ms; -100 with
 * no sound. */
double             vigil_camera_source_get_sound_level  (VigilCameraSource  *self);
/* Plays the camera's sound (when it has any) through PipeWire as a stream
 * named @stream_name (the room's name, so a supervisor can route it), or
 * stops playing it with %NULL. May be called while playing. The sound level
 * keeps being measured whatever the volume or mute. */
void               vigil_camera_source_set_audio_output (VigilCameraSource  *self,
                                                         const char         *stream_name);
const char        *vigil_camera_source_get_audio_output (VigilCameraSource  *self);
/* 0.0 to 1.0 (the "volume" property); default 1.0. */
void               vigil_camera_source_set_volume       (VigilCameraSource  *self,
                                                         double              volume);
double             vigil_camera_source_get_volume       (VigilCameraSource  *self);
/* The "muted" property; default %FALSE. */
void               vigil_camera_source_set_muted        (VigilCameraSource  *self,
                                                         gboolean            muted);
gboolean           vigil_camera_source_get_muted        (VigilCameraSource  *self);
/* Decoded frames since start, over every connection. */
guint64            vigil_camera_source_get_frame_count  (VigilCameraSource  *self);

/* The newest decoded frame (VIGIL_CAMERA_FRAME_FORMAT), or %NULL when none arrived since the last
 * call. @capture_time: when the camera captured it, in µs since 1970, where
 * the camera says (RTCP sender reports); 0 where it does not. */
GstSample         *vigil_camera_source_pull_frame       (VigilCameraSource  *self,
                                                         gint64             *capture_time);

/* Waits up to @timeout_ms for every closed pipeline of every source to have
 * shut down (each closes on a thread of its own, as a camera that does not
 * answer may hold it); for a program about to exit. */
gboolean           vigil_camera_source_wait_closed      (guint               timeout_ms);

G_END_DECLS
