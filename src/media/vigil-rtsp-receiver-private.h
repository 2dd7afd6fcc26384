/* vigil-rtsp-receiver-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gst/sdp/gstsdpmessage.h>

#include "vigil-camera-access.h"
#include "vigil-camera-chain-private.h"

G_BEGIN_DECLS

/* The recorder's own RTSP client (vigil-rtsp-receiver.c): one camera's
 * H.264 video and AAC sound over RTSP's own TCP connection (RTP
 * interleaved), unpacked into whole frames for an encoded handler, on one
 * thread that reads what arrived a few times a second rather than at every
 * packet. What a recorder spends on a camera is mostly this; rtspsrc's
 * pipeline does the same work with a thread and a hand-over per packet.
 * Anything else (other codecs, a camera that will not send over TCP,
 * rtsps) is left to rtspsrc: the receiver says so and stops. */
typedef struct _VigilRtspReceiver VigilRtspReceiver;

/* Each is called on the receiver's thread, never after
 * vigil_rtsp_receiver_close() returned; at most one of unsupported and
 * failed, after which the thread ends. */
typedef struct
{
  /* The camera answered DESCRIBE with this SDP. */
  void (*answered)    (gpointer owner, const GstSDPMessage *sdp);
  /* Video packets arrived (at most once per read). */
  void (*video_data)  (gpointer owner);
  /* The first whole video frame went to the handler. */
  void (*playing)     (gpointer owner, guint width, guint height);
  void (*unsupported) (gpointer owner, const char *detail);
  void (*failed)      (gpointer owner, VigilCameraLoss loss, const char *detail);
} VigilRtspReceiverEvents;

/* Connects at once, on a thread of its own. @owner is referenced by the
 * receiver until its thread ends (@owner_ref and @owner_unref). */
VigilRtspReceiver *vigil_rtsp_receiver_start (VigilCameraAccess             *access,
                                              VigilEncodedHandler           *encoded,
                                              const VigilRtspReceiverEvents *events,
                                              gpointer                       owner,
                                              gpointer                     (*owner_ref) (gpointer),
                                              GDestroyNotify                 owner_unref);
/* Stops every event and frame; the thread sends TEARDOWN (waiting at most
 * a second) and ends by itself, counted by
 * vigil_camera_attempt_count_shutting_down() until it has. */
void               vigil_rtsp_receiver_close (VigilRtspReceiver             *self);

/* Whether the receiver can take this camera (an rtsp:// address). */
gboolean           vigil_rtsp_receiver_accepts (VigilCameraAccess           *access);

G_END_DECLS
