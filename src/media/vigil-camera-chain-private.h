/* vigil-camera-chain-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <gst/sdp/gstsdpmessage.h>

#include "vigil-camera-source.h"

G_BEGIN_DECLS

/* What a camera attempt links behind rtspsrc for each stream
 * (vigil-camera-chain.c): the codecs Vigil plays, and the elements that
 * depayload, parse, hand out and decode them. */

typedef struct
{
  const char     *encoding;      /* the RTP encoding name */
  VigilMediaKind  kind;
  const char     *name;          /* what reports say: "h264", "aac", … */
  const char     *depayloader;
  const char     *parser;        /* or %NULL */
  const char     *decoder;
} VigilCodec;

const VigilCodec *vigil_codec_find           (const char           *encoding);

/* The codecs an SDP announces, into @info (video codec; sound codec, rate
 * and channels), where @info has none yet. */
void              vigil_codec_read_sdp       (const GstSDPMessage  *sdp,
                                              VigilMediaInfo       *info);

/* The recorder's callback, shared by a source's attempts and freed when the
 * last pipeline that could call it has shut down. */
typedef struct _VigilEncodedHandler VigilEncodedHandler;

VigilEncodedHandler *vigil_encoded_handler_new   (VigilEncodedFunc      func,
                                                  gpointer              user_data,
                                                  GDestroyNotify        notify);
VigilEncodedHandler *vigil_encoded_handler_ref   (VigilEncodedHandler  *handler);
void                 vigil_encoded_handler_unref (VigilEncodedHandler  *handler);
/* A sample for a #VigilEncodedFunc, carrying the time its frame arrived
 * (see vigil_encoded_sample_get_arrival()). */
GstSample           *vigil_encoded_sample_new    (GstBuffer            *frame,
                                                  GstCaps              *caps,
                                                  gint64                arrival);
/* Passes one sample to @handler's function. */
void                 vigil_encoded_handler_call  (VigilEncodedHandler  *handler,
                                                  VigilMediaKind        kind,
                                                  GstSample            *sample);
/* An appsink that passes each sample to @handler. */
GstElement          *vigil_encoded_handler_make_sink (VigilEncodedHandler *handler,
                                                      VigilMediaKind       kind);

/* "video/x-raw" at @width x @height, or any size for 0 x 0. */
GstCaps          *vigil_camera_chain_size_caps (guint width,
                                                guint height);

typedef struct
{
  gboolean             decode;
  VigilEncodedHandler *encoded;      /* or %NULL */
  guint                width;
  guint                height;
  /* Floating, and taken: for decoded video only, %NULL otherwise. */
  GstElement          *frame_sink;
} VigilCameraChainOptions;

typedef struct
{
  GPtrArray  *elements;     /* in link order, each referenced */
  GstElement *tee;          /* where the encoded branch leaves, or %NULL */
  GstElement *size_filter;  /* decoded video's size, or %NULL */
  GstElement *sound_tee;    /* where decoded sound leaves for the speakers, or %NULL */
} VigilCameraChain;

/* The elements for one stream: depayloader ! [parser] ! [tee | encoded
 * sink] ! [decoder ! videoscale ! size ! videoconvert ! frame format ! frame sink |
 * decoder ! audioconvert ! level ! sound tee ! fakesink]. %FALSE, with
 * @missing naming the elements this machine lacks, if it cannot be built. */
gboolean          vigil_camera_chain_build     (VigilCameraChain              *chain,
                                                const VigilCodec              *codec,
                                                const VigilCameraChainOptions *options,
                                                GString                       *missing);
void              vigil_camera_chain_clear     (VigilCameraChain              *chain);

/* The sound played through PipeWire, as a bin to link to a sound tee:
 * queue ! audioconvert ! audioresample ! volume ! pulsesink, the stream
 * named @stream_name. Floating; %NULL, with @missing naming what this
 * machine lacks, if it cannot be built. @volume_element: the volume
 * element, not referenced. */
GstElement       *vigil_sound_output_new       (const char                    *stream_name,
                                                double                         volume,
                                                gboolean                       muted,
                                                GstElement                   **volume_element,
                                                GString                       *missing);
/* Whether @object is, or is inside, such a bin. */
gboolean          vigil_sound_output_contains  (GstObject                     *object);
/* Takes @output out of its pipeline: unlinks it from @tee's @pad (%NULL if
 * it was never linked) between two buffers, then stops it, releases the pad
 * and calls @done on one of GStreamer's threads, as stopping pulsesink may
 * wait on the sound server. */
void              vigil_sound_output_remove    (GstElement                    *output,
                                                GstElement                    *tee,
                                                GstPad                        *pad,
                                                GDestroyNotify                 done,
                                                gpointer                       data);

G_END_DECLS
