/* vigil-matroska-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The little of EBML and Matroska that VigilSegmentWriter writes and reads
 * back after a crash (vigil-matroska.c). docs/media.md describes the
 * layout. */

#define VIGIL_MKV_EBML             0x1A45DFA3
#define VIGIL_MKV_EBML_VERSION     0x4286
#define VIGIL_MKV_EBML_READ_VERSION 0x42F7
#define VIGIL_MKV_EBML_MAX_ID_LENGTH 0x42F2
#define VIGIL_MKV_EBML_MAX_SIZE_LENGTH 0x42F3
#define VIGIL_MKV_DOC_TYPE         0x4282
#define VIGIL_MKV_DOC_TYPE_VERSION 0x4287
#define VIGIL_MKV_DOC_TYPE_READ_VERSION 0x4285
#define VIGIL_MKV_VOID             0xEC
#define VIGIL_MKV_SEGMENT          0x18538067
#define VIGIL_MKV_INFO             0x1549A966
#define VIGIL_MKV_TIMESTAMP_SCALE  0x2AD7B1
#define VIGIL_MKV_DURATION         0x4489
#define VIGIL_MKV_DATE_UTC         0x4461
#define VIGIL_MKV_MUXING_APP       0x4D80
#define VIGIL_MKV_WRITING_APP      0x5741
#define VIGIL_MKV_TRACKS           0x1654AE6B
#define VIGIL_MKV_TRACK_ENTRY      0xAE
#define VIGIL_MKV_TRACK_NUMBER     0xD7
#define VIGIL_MKV_TRACK_UID        0x73C5
#define VIGIL_MKV_TRACK_TYPE       0x83
#define VIGIL_MKV_FLAG_LACING      0x9C
#define VIGIL_MKV_LANGUAGE         0x22B59C
#define VIGIL_MKV_CODEC_ID         0x86
#define VIGIL_MKV_CODEC_PRIVATE    0x63A2
#define VIGIL_MKV_CODEC_DELAY      0x56AA
#define VIGIL_MKV_SEEK_PRE_ROLL    0x56BB
#define VIGIL_MKV_VIDEO            0xE0
#define VIGIL_MKV_PIXEL_WIDTH      0xB0
#define VIGIL_MKV_PIXEL_HEIGHT     0xBA
#define VIGIL_MKV_AUDIO            0xE1
#define VIGIL_MKV_SAMPLING_FREQUENCY 0xB5
#define VIGIL_MKV_CHANNELS         0x9F
#define VIGIL_MKV_CLUSTER          0x1F43B675
#define VIGIL_MKV_CLUSTER_TIMESTAMP 0xE7
#define VIGIL_MKV_SIMPLE_BLOCK     0xA3

#define VIGIL_MKV_TRACK_VIDEO 1
#define VIGIL_MKV_TRACK_AUDIO 2

/* The Duration slot in Info: an 11-byte Void while writing, a Duration (an
 * 8-byte float) of the same length once closed or recovered. */
#define VIGIL_MKV_DURATION_SLOT 11

/* The EBML "unknown size" of the Segment and of each Cluster, as 8 bytes:
 * a file that is never finished still reads to its end. */
#define VIGIL_MKV_UNKNOWN_SIZE G_GUINT64_CONSTANT (0x01FFFFFFFFFFFFFF)

/* Writing: elements appended to a byte array. A master element is begun
 * with a placeholder of 8 bytes for its size, filled in by _end. */
void   vigil_mkv_put_id      (GByteArray *out,
                              guint32     id);
void   vigil_mkv_put_size    (GByteArray *out,
                              guint64     size);
void   vigil_mkv_put_uint    (GByteArray *out,
                              guint32     id,
                              guint64     value);
void   vigil_mkv_put_int     (GByteArray *out,
                              guint32     id,
                              gint64      value);
void   vigil_mkv_put_float   (GByteArray *out,
                              guint32     id,
                              double      value);
void   vigil_mkv_put_string  (GByteArray *out,
                              guint32     id,
                              const char *value);
void   vigil_mkv_put_binary  (GByteArray *out,
                              guint32     id,
                              const guint8 *data,
                              gsize       size);
/* The 11 bytes of the Duration slot: a Void, or a Duration of @ms. */
void   vigil_mkv_put_duration_slot (GByteArray *out,
                                    gboolean    is_void,
                                    double      ms);
gsize  vigil_mkv_begin       (GByteArray *out,
                              guint32     id);
void   vigil_mkv_end         (GByteArray *out,
                              gsize       begun);
/* A Cluster of unknown size, with its Timestamp. */
void   vigil_mkv_put_cluster (GByteArray *out,
                              guint64     timestamp_ms);
/* The head of a SimpleBlock of @frame_size bytes: ID, size, track,
 * relative timestamp, flags. */
void   vigil_mkv_put_block_head (GByteArray *out,
                                 guint       track,
                                 gint16      relative_ms,
                                 gboolean    keyframe,
                                 gsize       frame_size);

/* Reading back a segment file (after a crash): what it holds up to its last
 * complete frame. */
typedef enum
{
  VIGIL_MKV_SCAN_NOT_MATROSKA,  /* not a Vigil segment: leave it alone */
  VIGIL_MKV_SCAN_NO_HEADER,     /* empty, or cut inside its header */
  VIGIL_MKV_SCAN_OK,
} VigilMkvScanResult;

typedef struct
{
  guint64 complete_end;    /* the end of the header or of the last complete frame */
  guint64 duration_slot;   /* where the Duration slot is, or 0 */
  guint64 video_frames;
  guint64 audio_frames;
  gint64  last_ms;         /* the latest frame time, relative to the start */
} VigilMkvScan;

VigilMkvScanResult vigil_mkv_scan (int           fd,
                                   guint64       file_size,
                                   VigilMkvScan *scan);

G_END_DECLS
