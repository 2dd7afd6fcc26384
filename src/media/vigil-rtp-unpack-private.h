/* vigil-rtp-unpack-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Whole frames from RTP packets, for the recorder's own RTSP receiver
 * (vigil-rtp-unpack.c): H.264 (RFC 6184: single NAL units, STAP-A, FU-A)
 * into access units in the "avc" form, and AAC (RFC 3640, AAC-hbr) into raw
 * frames, each with the caps VigilSegmentWriter takes. Nothing is
 * re-encoded: every NAL unit the camera sent is kept, filler included. */

typedef struct _VigilRtpUnpack VigilRtpUnpack;

typedef enum
{
  VIGIL_RTP_UNPACK_H264,
  VIGIL_RTP_UNPACK_AAC,
} VigilRtpUnpackCodec;

/* Each finished frame: its buffer's PTS is the camera's RTP time made
 * continuous, in ns from the stream's first packet plus @base_ns, and
 * video frames without an IDR picture are delta units. @caps stays the same
 * object until what it says changes. */
typedef void (*VigilRtpFrameFunc) (GstBuffer *frame,
                                   GstCaps   *caps,
                                   gpointer   user_data);

/* @fmtp: the SDP's format parameters (sprop-parameter-sets; config, sizelength,
 * indexlength…), or %NULL. %NULL, with @error set, for parameters this
 * unpacker cannot take (an AAC mode other than AAC-hbr). */
VigilRtpUnpack *vigil_rtp_unpack_new     (VigilRtpUnpackCodec  codec,
                                          guint                clock_rate,
                                          guint                channels,
                                          const char          *fmtp,
                                          VigilRtpFrameFunc    func,
                                          gpointer             user_data,
                                          GError             **error);
void            vigil_rtp_unpack_free    (VigilRtpUnpack      *self);
/* One RTP packet; @base_ns is the time its stream's first packet arrived
 * (read on the first packet only). Malformed packets are left out. */
void            vigil_rtp_unpack_push    (VigilRtpUnpack      *self,
                                          const guint8        *packet,
                                          gsize                size,
                                          GstClockTime         base_ns);

/* The picture size an H.264 sequence parameter set (a whole NAL unit, its
 * header included) says, after cropping; %FALSE if it cannot be read. */
gboolean        vigil_h264_sps_size      (const guint8        *sps,
                                          gsize                size,
                                          guint               *width,
                                          guint               *height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRtpUnpack, vigil_rtp_unpack_free)

G_END_DECLS
