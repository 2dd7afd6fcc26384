/* vigil-working-copy-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What vigil-working-copy.c shares with the files that read a master
 * (vigil-working-copy-master.c), convert G.711 sound to AAC
 * (vigil-working-copy-audio.c) and lay out the MP4's index
 * (vigil-working-copy-mp4.c). */

typedef enum
{
  VIGIL_WC_CODEC_NONE,
  VIGIL_WC_CODEC_H264,
  VIGIL_WC_CODEC_H265,
  VIGIL_WC_CODEC_AAC,
  VIGIL_WC_CODEC_OPUS,
  VIGIL_WC_CODEC_PCMU,
  VIGIL_WC_CODEC_PCMA,
} VigilWcCodec;

typedef enum
{
  VIGIL_WC_VIDEO,
  VIGIL_WC_AUDIO,
  VIGIL_WC_N_TRACKS,
} VigilWcTrackKind;

/* A track's format, as a master's track entry gives it. */
typedef struct
{
  VigilWcCodec codec;
  /* avcC, hvcC, the AudioSpecificConfig or the OpusHead; %NULL for G.711. */
  GBytes      *config;
  guint        width;
  guint        height;
  guint        rate;
  guint        channels;
} VigilWcFormat;

void        vigil_wc_format_clear (VigilWcFormat       *format);
gboolean    vigil_wc_format_equal (const VigilWcFormat *a,
                                   const VigilWcFormat *b);
/* "H.264", "PCMU", …: for messages and the manifest. */
const char *vigil_wc_codec_name   (VigilWcCodec         codec);

/* One frame of a master, where it lies in the file. */
typedef struct
{
  guint64 offset;
  guint32 size;
  guint8  track;      /* VigilWcTrackKind */
  guint8  keyframe;
  gint64  time_us;    /* from the segment's start */
} VigilWcFrame;

typedef struct
{
  /* The segment's start (µs since 1970, UTC) as the file's DateUTC has it,
   * or G_MININT64 where it has none. */
  gint64         date_utc;
  VigilWcFormat  formats[VIGIL_WC_N_TRACKS];  /* codec NONE: no such track */
  GArray        *frames;                      /* VigilWcFrame, in file order */
} VigilWcMaster;

/* Reads the tracks and the frame index of the master at @path (open as
 * @fd): the heads of its elements only, not the frames. A file cut short,
 * or that is not Matroska as Vigil writes it, is an error naming it. */
gboolean vigil_wc_master_read  (int             fd,
                                const char     *path,
                                VigilWcMaster  *master,
                                GCancellable   *cancellable,
                                GError        **error);
void     vigil_wc_master_clear (VigilWcMaster  *master);

/* pread(2) of exactly @size bytes; a file that ends before is an error
 * naming @path. */
gboolean vigil_wc_read_at      (int             fd,
                                const char     *path,
                                guint64         offset,
                                gpointer        buffer,
                                gsize           size,
                                GError        **error);

/* Where a sample of the working copy comes from. */
#define VIGIL_WC_CONVERTED G_MAXUINT16

/* One sample of the working copy, in the order of its media data. */
typedef struct
{
  gint64  time_us;    /* µs since 1970, UTC */
  guint64 offset;     /* in its master, or in the converted sound */
  guint32 size;
  guint16 source;     /* the part, or VIGIL_WC_CONVERTED */
  guint8  track;      /* VigilWcTrackKind */
  guint8  keyframe;
  guint8  format;     /* its track's sample entry */
} VigilWcSample;

typedef struct
{
  /* VigilWcFormat, one per sample entry; none: the file has no such
   * track. */
  GPtrArray *formats;
  /* Samples of priming the sound's encoder put before the first real one,
   * which a player skips. */
  guint      priming;
  /* Where the sound ends (µs since 1970), short of the padding an encoder
   * put after it; 0: at the end of the last sample. */
  gint64     end_us;
} VigilWcTrack;

/* Everything before the media data: ftyp, moov (sample tables for
 * @samples, laid out one after another in that order right after this
 * head) and the head of mdat. @start_us is the time of the movie's start;
 * every sample lies at or after it. */
GByteArray *vigil_wc_mp4_head (const VigilWcTrack   tracks[VIGIL_WC_N_TRACKS],
                               const VigilWcSample *samples,
                               gsize                n_samples,
                               gint64               start_us,
                               GError             **error);

/* A master open for reading: its samples' source. */
typedef struct
{
  int         fd;      /* -1: not open */
  const char *path;
} VigilWcSource;

/* G.711 sound to AAC. @samples are the sound's samples (in time order) in
 * the format @pcm, read from @sources (by the samples' source). Fills @aac with the AAC frames, one after another,
 * @converted with a sample for each (source VIGIL_WC_CONVERTED, offset into
 * @aac, timed from the sound it encodes), @format, @priming and @end_us
 * (where the last sample recorded ends). */
gboolean vigil_wc_convert_audio (const VigilWcFormat  *pcm,
                                 const VigilWcSample  *samples,
                                 gsize                 n_samples,
                                 const VigilWcSource  *sources,
                                 GByteArray           *aac,
                                 GArray               *converted,
                                 VigilWcFormat        *format,
                                 guint                *priming,
                                 gint64               *end_us,
                                 GCancellable         *cancellable,
                                 GError              **error);

G_END_DECLS
