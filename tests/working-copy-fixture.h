/* working-copy-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>
#include <json-glib/json-glib.h>

#include "vigil-working-copy.h"

G_BEGIN_DECLS

/* What test-working-copy judges working copies and stills by: masters
 * recorded from simulated cameras with the real segment writer, made once,
 * and ffprobe's and ffmpeg's view of a file. */

#define WC_WIDTH 160
#define WC_HEIGHT 90
/* The cameras' frame interval (10 fps); a keyframe every 2 s. */
#define WC_FRAME_US (G_USEC_PER_SEC / 10)
/* Masters of one keyframe interval each: 2 s. */
#define WC_N_MASTERS 3
/* How long the camera is offline between the second and third master of
 * the set with a gap. */
#define WC_GAP_US (3 * G_USEC_PER_SEC)

/* A packet as ffprobe shows it. */
typedef struct
{
  gint64   time_us;    /* from the file's start */
  gint64   pos;
  gint64   size;
  gboolean keyframe;
} WcPacket;

/* A set of masters written from one capture. */
typedef struct
{
  VigilWorkingCopyPart parts[WC_N_MASTERS];
  char                *paths[WC_N_MASTERS];
  GstBuffer           *keyframes[WC_N_MASTERS];    /* each master's first frame */
  gint64               end_us;                     /* after the last frame */
} WcMasters;

/* The masters every test shares. */
typedef struct
{
  char      *dir;
  WcMasters  aac;        /* H.264 and AAC */
  WcMasters  pcmu;       /* H.264 and G.711 µ-law */
  WcMasters  pcma;       /* H.264 and G.711 A-law */
  WcMasters  hevc;       /* H.265 and Opus */
  WcMasters  gap;        /* the AAC camera, offline for WC_GAP_US before its last */
} WcFixture;

/* Records the cameras and writes their masters, the first time. */
WcFixture  *wc_fixture_get      (void);
void        wc_fixture_free     (void);

/* The stream of @type ("video" or "audio") of @path, or %NULL. */
JsonObject *wc_probe_stream     (const char       *path,
                                 const char       *type);
/* The packets (WcPacket) of @path's stream @select ("v" or "a"), in
 * order. */
GArray     *wc_probe_packets    (const char       *path,
                                 const char       *select);
/* The packets of stream @select of @masters that lie in [@start, @to),
 * timed since 1970. */
GArray     *wc_master_packets   (const WcMasters  *masters,
                                 const char       *select,
                                 gint64            start,
                                 gint64            to);
/* Every packet of @path decodes without a word from ffmpeg. */
void        wc_assert_decodes   (const char       *path);
/* The mean volume in dB (volumedetect) of the sound of @paths (up to a
 * %NULL) played one after another. */
double      wc_mean_volume      (const char * const *paths);
/* When @path's sound ends, from the file's start, played in time. */
gint64      wc_sound_end        (const char       *path);
/* The top-level boxes of an MP4, in order: "ftyp moov mdat". */
char       *wc_top_level_boxes  (const char       *path);
guint64     wc_file_size        (const char       *path);
char       *wc_file_sha256      (const char       *path);
/* @size bytes of @path at @pos. */
GBytes     *wc_file_bytes       (const char       *path,
                                 gint64            pos,
                                 gint64            size);
/* ffprobe's seconds, in µs. */
gint64      wc_seconds_to_us    (const char       *text);

G_END_DECLS
