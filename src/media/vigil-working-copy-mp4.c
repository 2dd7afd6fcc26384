/* vigil-working-copy-mp4.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The MP4 of a working copy, up to its media data: with every sample known
 * before the first byte is written, the index (moov) is computed whole and
 * goes first, and the samples follow in one pass, with no temporary file
 * (ISO/IEC 14496-12 and -14; -15 for H.264 and H.265; Opus in ISOBMFF).
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-working-copy-private.h"

/* The movie's own timescale (mvhd, tkhd, elst): ms, as the masters. */
#define MOVIE_TIMESCALE 1000
/* The video track's: 90 kHz, as RTP times video. */
#define VIDEO_TIMESCALE 90000
/* Seconds from 1904-01-01, MP4's epoch, to 1970-01-01. */
#define MP4_EPOCH_OFFSET G_GINT64_CONSTANT (2082844800)
/* und, packed as ISO 639-2/T in three 5-bit letters. */
#define LANGUAGE_UND 0x55C4

static void
put_u8 (GByteArray *out,
        guint       value)
{
  guint8 byte = value;

  g_byte_array_append (out, &byte, 1);
}

static void
put_be (GByteArray *out,
        guint64     value,
        guint       length)
{
  guint8 bytes[8];

  for (guint i = 0; i < length; i++)
    bytes[i] = value >> (8 * (length - 1 - i));
  g_byte_array_append (out, bytes, length);
}

static void
put_u16 (GByteArray *out,
         guint       value)
{
  put_be (out, value, 2);
}

static void
put_u32 (GByteArray *out,
         guint64     value)
{
  put_be (out, value, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     value)
{
  put_be (out, value, 8);
}

static void
put_zeros (GByteArray *out,
           guint       count)
{
  static const guint8 zeros[32] = { 0 };

  g_assert (count <= sizeof zeros);
  g_byte_array_append (out, zeros, count);
}

static gsize
box_begin (GByteArray *out,
           const char *type)
{
  gsize begun = out->len;

  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *) type, 4);
  return begun;
}

static gsize
full_box_begin (GByteArray *out,
                const char *type,
                guint       version,
                guint32     flags)
{
  gsize begun = box_begin (out, type);

  put_u32 (out, (guint32) version << 24 | (flags & 0xFFFFFF));
  return begun;
}

static void
box_end (GByteArray *out,
         gsize       begun)
{
  guint32 size = out->len - begun;

  for (guint i = 0; i < 4; i++)
    out->data[begun + i] = size >> (8 * (3 - i));
}

static void
put_matrix (GByteArray *out)
{
  static const guint32 unity[9] = { 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000 };

  for (guint i = 0; i < G_N_ELEMENTS (unity); i++)
    put_u32 (out, unity[i]);
}

static void
put_bytes (GByteArray *out,
           GBytes     *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_byte_array_append (out, data, size);
}

/* One track's samples, as the tables need them. */
typedef struct
{
  VigilWcTrackKind    kind;
  const VigilWcTrack *track;
  GArray             *indices;     /* guint32: its samples, in data order */
  guint               timescale;
  guint64            *decode;      /* each sample's decode time, in timescale */
  guint64             duration;    /* the media's, in timescale */
  guint64             priming;     /* in timescale */
  gint64              first_us;    /* its first sample's time */
} Layout;

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->indices, g_array_unref);
  g_clear_pointer (&layout->decode, g_free);
}

static guint64
ticks (gint64 us,
       guint  timescale)
{
  return ((guint64) us * timescale + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
}

/* What a single sample lasts, for lack of a next one: a codec's frame, or
 * a guess at a camera's frame interval. */
static guint64
lone_duration (const Layout *layout)
{
  const VigilWcFormat *format = g_ptr_array_index (layout->track->formats, 0);

  if (format->codec == VIGIL_WC_CODEC_AAC)
    return (guint64) 1024 * layout->timescale / MAX (format->rate, 1);
  if (format->codec == VIGIL_WC_CODEC_OPUS)
    return layout->timescale / 50;
  return layout->timescale / 25;
}

/* The decode times, in a timescale fine enough and wide enough for the
 * 32-bit sample durations: a camera offline for hours is one long sample. */
static void
layout_times (Layout              *layout,
              const VigilWcSample *samples)
{
  const VigilWcFormat *format = g_ptr_array_index (layout->track->formats, 0);
  guint n = layout->indices->len;
  gint64 widest = 0;

  layout->first_us = samples[g_array_index (layout->indices, guint32, 0)].time_us;
  for (guint i = 1; i < n; i++)
    widest = MAX (widest, samples[g_array_index (layout->indices, guint32, i)].time_us
                          - samples[g_array_index (layout->indices, guint32, i - 1)].time_us);

  layout->timescale = layout->kind == VIGIL_WC_VIDEO ? VIDEO_TIMESCALE
                      : format->codec == VIGIL_WC_CODEC_OPUS ? 48000 : format->rate;
  if (layout->timescale == 0 || ticks (widest, layout->timescale) >= G_MAXUINT32)
    layout->timescale = MOVIE_TIMESCALE;

  layout->decode = g_new (guint64, n);
  for (guint i = 0; i < n; i++)
    layout->decode[i] = ticks (samples[g_array_index (layout->indices, guint32, i)].time_us - layout->first_us,
                               layout->timescale);
  layout->duration = layout->decode[n - 1]
                     + (n > 1 ? layout->decode[n - 1] - layout->decode[n - 2] : lone_duration (layout));
  layout->priming = format->rate > 0 ? (guint64) layout->track->priming * layout->timescale / format->rate : 0;
}

static guint64
sample_duration (const Layout *layout,
                 guint         i)
{
  guint n = layout->indices->len;

  if (i + 1 < n)
    return layout->decode[i + 1] - layout->decode[i];
  return n > 1 ? layout->decode[n - 1] - layout->decode[n - 2] : lone_duration (layout);
}

/* Sample entries */

static void
put_visual_entry (GByteArray          *out,
                  const VigilWcFormat *format)
{
  gboolean h264 = format->codec == VIGIL_WC_CODEC_H264;
  /* hvc1 rather than hev1: what Apple's players insist on; the camera's
   * parameter sets are in hvcC, and any it repeats in the stream are the
   * same. */
  gsize entry = box_begin (out, h264 ? "avc1" : "hvc1");
  gsize config;

  put_zeros (out, 6);
  put_u16 (out, 1);                /* data_reference_index */
  put_zeros (out, 16);
  put_u16 (out, format->width);
  put_u16 (out, format->height);
  put_u32 (out, 0x00480000);       /* 72 dpi */
  put_u32 (out, 0x00480000);
  put_u32 (out, 0);
  put_u16 (out, 1);                /* frame_count */
  put_zeros (out, 32);             /* compressorname */
  put_u16 (out, 0x0018);           /* depth */
  put_u16 (out, 0xFFFF);           /* pre_defined = -1 */
  config = box_begin (out, h264 ? "avcC" : "hvcC");
  put_bytes (out, format->config);
  box_end (out, config);
  box_end (out, entry);
}

/* An MPEG-4 descriptor's head; its length in the four-byte form. */
static void
put_descriptor_head (GByteArray *out,
                     guint       tag,
                     gsize       length)
{
  put_u8 (out, tag);
  put_u8 (out, 0x80 | ((length >> 21) & 0x7F));
  put_u8 (out, 0x80 | ((length >> 14) & 0x7F));
  put_u8 (out, 0x80 | ((length >> 7) & 0x7F));
  put_u8 (out, length & 0x7F);
}

static void
put_esds (GByteArray          *out,
          const VigilWcFormat *format,
          guint32              largest,
          guint32              bitrate)
{
  gsize config_size = g_bytes_get_size (format->config);
  gsize decoder_size = 13 + 5 + config_size;
  gsize esds = full_box_begin (out, "esds", 0, 0);

  put_descriptor_head (out, 0x03, 3 + 5 + decoder_size + 5 + 1);   /* ES_Descriptor */
  put_u16 (out, 0);                                                 /* ES_ID */
  put_u8 (out, 0);
  put_descriptor_head (out, 0x04, decoder_size);                    /* DecoderConfigDescriptor */
  put_u8 (out, 0x40);                                               /* MPEG-4 audio */
  put_u8 (out, 0x05 << 2 | 1);                                      /* audio stream */
  put_be (out, largest, 3);                                         /* bufferSizeDB */
  put_u32 (out, bitrate);                                           /* maxBitrate */
  put_u32 (out, bitrate);                                           /* avgBitrate */
  put_descriptor_head (out, 0x05, config_size);                     /* DecoderSpecificInfo */
  put_bytes (out, format->config);
  put_descriptor_head (out, 0x06, 1);                               /* SLConfigDescriptor */
  put_u8 (out, 0x02);
  box_end (out, esds);
}

/* dOps, from the OpusHead the segment writer keeps: the same fields, big
 * endian and without the magic. */
static gboolean
put_dops (GByteArray          *out,
          const VigilWcFormat *format)
{
  gsize size = 0;
  const guint8 *head = g_bytes_get_data (format->config, &size);
  gsize dops;

  if (size < 19 || memcmp (head, "OpusHead", 8) != 0 || (head[18] != 0 && size < 21u + head[9]))
    return FALSE;
  dops = box_begin (out, "dOps");
  put_u8 (out, 0);                                        /* Version */
  put_u8 (out, head[9]);                                  /* OutputChannelCount */
  put_u16 (out, head[10] | head[11] << 8);                /* PreSkip */
  put_u32 (out, head[12] | head[13] << 8 | head[14] << 16 | (guint32) head[15] << 24);
  put_u16 (out, head[16] | head[17] << 8);                /* OutputGain */
  put_u8 (out, head[18]);                                 /* ChannelMappingFamily */
  if (head[18] != 0)
    g_byte_array_append (out, head + 19, 2 + head[9]);    /* the mapping table */
  box_end (out, dops);
  return TRUE;
}

static gboolean
put_audio_entry (GByteArray          *out,
                 const VigilWcFormat *format,
                 guint32              largest,
                 guint32              bitrate,
                 GError             **error)
{
  gboolean opus = format->codec == VIGIL_WC_CODEC_OPUS;
  guint rate = opus ? 48000 : format->rate;
  gsize entry = box_begin (out, opus ? "Opus" : "mp4a");

  put_zeros (out, 6);
  put_u16 (out, 1);                /* data_reference_index */
  put_zeros (out, 8);
  put_u16 (out, format->channels);
  put_u16 (out, 16);               /* samplesize */
  put_u32 (out, 0);
  put_u32 (out, rate <= G_MAXUINT16 ? (guint32) rate << 16 : 0);
  if (opus)
    {
      if (!put_dops (out, format))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The sound's Opus header cannot be carried into the working copy"));
          return FALSE;
        }
    }
  else
    put_esds (out, format, largest, bitrate);
  box_end (out, entry);
  return TRUE;
}

/* Sample tables */

static void
put_stts (GByteArray   *out,
          const Layout *layout)
{
  gsize box = full_box_begin (out, "stts", 0, 0);
  gsize count_at = out->len;
  guint32 entries = 0, run = 0;
  guint64 delta = 0;

  put_u32 (out, 0);
  for (guint i = 0; i < layout->indices->len; i++)
    {
      guint64 duration = sample_duration (layout, i);

      if (run > 0 && duration != delta)
        {
          put_u32 (out, run);
          put_u32 (out, delta);
          entries++;
          run = 0;
        }
      delta = duration;
      run++;
    }
  put_u32 (out, run);
  put_u32 (out, delta);
  entries++;
  for (guint i = 0; i < 4; i++)
    out->data[count_at + i] = entries >> (8 * (3 - i));
  box_end (out, box);
}

static void
put_stss (GByteArray          *out,
          const Layout        *layout,
          const VigilWcSample *samples)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize box;

  for (guint i = 0; i < layout->indices->len; i++)
    if (samples[g_array_index (layout->indices, guint32, i)].keyframe)
      {
        guint32 number = i + 1;

        g_array_append_val (keys, number);
      }
  /* No table: every sample is a sync sample. */
  if (keys->len == layout->indices->len)
    return;
  box = full_box_begin (out, "stss", 0, 0);
  put_u32 (out, keys->len);
  for (guint i = 0; i < keys->len; i++)
    put_u32 (out, g_array_index (keys, guint32, i));
  box_end (out, box);
}

static void
put_stsz (GByteArray          *out,
          const Layout        *layout,
          const VigilWcSample *samples)
{
  gsize box = full_box_begin (out, "stsz", 0, 0);

  put_u32 (out, 0);
  put_u32 (out, layout->indices->len);
  for (guint i = 0; i < layout->indices->len; i++)
    put_u32 (out, samples[g_array_index (layout->indices, guint32, i)].size);
  box_end (out, box);
}

/* stsc and stco (or co64): a chunk is a run of the track's samples that lie
 * one after another in the data, with one sample entry. @positions: each
 * sample's place in the data after the head. */
static void
put_chunks (GByteArray          *out,
            const Layout        *layout,
            const VigilWcSample *samples,
            const guint64       *positions,
            guint64              base,
            gboolean             co64)
{
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GByteArray) stsc = g_byte_array_new ();
  guint32 stsc_entries = 0, last_count = 0, last_entry = 0, count = 0;
  gsize box;

  for (guint i = 0; i <= layout->indices->len; i++)
    {
      guint32 index = i < layout->indices->len ? g_array_index (layout->indices, guint32, i) : 0;
      gboolean starts = i == 0 || i == layout->indices->len
                        || g_array_index (layout->indices, guint32, i - 1) + 1 != index
                        || samples[index].format != samples[g_array_index (layout->indices, guint32, i - 1)].format;

      if (starts && count > 0)
        {
          guint32 entry = samples[g_array_index (layout->indices, guint32, i - 1)].format + 1u;

          if (count != last_count || entry != last_entry)
            {
              put_u32 (stsc, offsets->len);     /* first_chunk, 1-based: the chunk just ended */
              put_u32 (stsc, count);
              put_u32 (stsc, entry);
              stsc_entries++;
              last_count = count;
              last_entry = entry;
            }
          count = 0;
        }
      if (i == layout->indices->len)
        break;
      if (starts)
        {
          guint64 offset = base + positions[index];

          g_array_append_val (offsets, offset);
        }
      count++;
    }

  box = full_box_begin (out, "stsc", 0, 0);
  put_u32 (out, stsc_entries);
  g_byte_array_append (out, stsc->data, stsc->len);
  box_end (out, box);

  box = full_box_begin (out, co64 ? "co64" : "stco", 0, 0);
  put_u32 (out, offsets->len);
  for (guint i = 0; i < offsets->len; i++)
    put_be (out, g_array_index (offsets, guint64, i), co64 ? 8 : 4);
  box_end (out, box);
}

/* The track's edit list: the media is shown from @empty_ms into the movie
 * (sound may start a moment after the picture), past the encoder's
 * priming. */
static void
put_edits (GByteArray   *out,
           const Layout *layout,
           guint64       empty_ms,
           guint64       shown_ms)
{
  gsize edts, elst;

  if (empty_ms == 0 && layout->priming == 0)
    return;
  edts = box_begin (out, "edts");
  elst = full_box_begin (out, "elst", 1, 0);
  put_u32 (out, empty_ms > 0 ? 2 : 1);
  if (empty_ms > 0)
    {
      put_u64 (out, empty_ms);
      put_u64 (out, G_MAXUINT64);        /* media_time = -1: nothing shown */
      put_u32 (out, 0x00010000);
    }
  put_u64 (out, shown_ms);
  put_u64 (out, layout->priming);
  put_u32 (out, 0x00010000);
  box_end (out, elst);
  box_end (out, edts);
}

static gboolean
put_trak (GByteArray          *out,
          const Layout        *layout,
          const VigilWcSample *samples,
          const guint64       *positions,
          guint64              base,
          gboolean             co64,
          gint64               start_us,
          guint64             *track_ms,
          GError             **error)
{
  gboolean video = layout->kind == VIGIL_WC_VIDEO;
  const VigilWcFormat *first = g_ptr_array_index (layout->track->formats, 0);
  guint64 created = (guint64) (start_us / G_USEC_PER_SEC + MP4_EPOCH_OFFSET);
  guint64 end, shown, shown_ms, empty_ms;
  gint64 priming_us;
  guint32 largest = 0;
  guint64 bytes = 0;
  gsize trak, box, mdia, minf, stbl, stsd;

  g_assert (layout->timescale > 0);
  end = layout->track->end_us > layout->first_us
        ? MIN (ticks (layout->track->end_us - layout->first_us, layout->timescale), layout->duration)
        : layout->duration;
  shown = end > layout->priming ? end - layout->priming : 0;
  shown_ms = shown * MOVIE_TIMESCALE / layout->timescale;
  priming_us = (gint64) (layout->priming * G_USEC_PER_SEC / layout->timescale);
  empty_ms = (guint64) MAX (0, (layout->first_us + priming_us - start_us) / 1000);

  for (guint i = 0; i < layout->indices->len; i++)
    {
      guint32 size = samples[g_array_index (layout->indices, guint32, i)].size;

      largest = MAX (largest, size);
      bytes += size;
    }
  *track_ms = empty_ms + shown_ms;

  trak = box_begin (out, "trak");
  box = full_box_begin (out, "tkhd", 1, 0x3);    /* enabled, in the movie */
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, layout->kind + 1);               /* track_ID */
  put_u32 (out, 0);
  put_u64 (out, *track_ms);
  put_zeros (out, 8);
  put_u16 (out, 0);                              /* layer */
  put_u16 (out, 0);                              /* alternate_group */
  put_u16 (out, video ? 0 : 0x0100);             /* volume */
  put_u16 (out, 0);
  put_matrix (out);
  put_u32 (out, video ? (guint32) first->width << 16 : 0);
  put_u32 (out, video ? (guint32) first->height << 16 : 0);
  box_end (out, box);

  put_edits (out, layout, empty_ms, shown_ms);

  mdia = box_begin (out, "mdia");
  box = full_box_begin (out, "mdhd", 1, 0);
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, layout->timescale);
  put_u64 (out, layout->duration);
  put_u16 (out, LANGUAGE_UND);
  put_u16 (out, 0);
  box_end (out, box);

  box = full_box_begin (out, "hdlr", 0, 0);
  put_u32 (out, 0);
  g_byte_array_append (out, (const guint8 *) (video ? "vide" : "soun"), 4);
  put_zeros (out, 12);
  g_byte_array_append (out, (const guint8 *) (video ? "VideoHandler" : "SoundHandler"), 13);
  box_end (out, box);

  minf = box_begin (out, "minf");
  if (video)
    {
      box = full_box_begin (out, "vmhd", 0, 1);
      put_zeros (out, 8);
    }
  else
    {
      box = full_box_begin (out, "smhd", 0, 0);
      put_zeros (out, 4);
    }
  box_end (out, box);
  {
    gsize dinf = box_begin (out, "dinf");
    gsize dref = full_box_begin (out, "dref", 0, 0);

    put_u32 (out, 1);
    box_end (out, full_box_begin (out, "url ", 0, 1));    /* the data is in this file */
    box_end (out, dref);
    box_end (out, dinf);
  }

  stbl = box_begin (out, "stbl");
  stsd = full_box_begin (out, "stsd", 0, 0);
  put_u32 (out, layout->track->formats->len);
  for (guint i = 0; i < layout->track->formats->len; i++)
    {
      const VigilWcFormat *format = g_ptr_array_index (layout->track->formats, i);

      if (video)
        put_visual_entry (out, format);
      else if (!put_audio_entry (out, format, largest,
                                 (guint32) MIN (bytes * 8 * layout->timescale / MAX (layout->duration, 1),
                                                G_MAXUINT32), error))
        return FALSE;
    }
  box_end (out, stsd);
  put_stts (out, layout);
  if (video)
    put_stss (out, layout, samples);
  put_stsz (out, layout, samples);
  put_chunks (out, layout, samples, positions, base, co64);
  box_end (out, stbl);
  box_end (out, minf);
  box_end (out, mdia);
  box_end (out, trak);
  return TRUE;
}

static GByteArray *
make_moov (Layout               layouts[VIGIL_WC_N_TRACKS],
           const VigilWcSample *samples,
           const guint64       *positions,
           guint64              base,
           gboolean             co64,
           gint64               start_us,
           GError             **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) traks = g_byte_array_new ();
  guint64 created = (guint64) (start_us / G_USEC_PER_SEC + MP4_EPOCH_OFFSET);
  guint64 movie_ms = 0;
  gsize moov, mvhd;

  for (guint t = 0; t < VIGIL_WC_N_TRACKS; t++)
    {
      guint64 track_ms = 0;

      if (layouts[t].indices->len == 0)
        continue;
      if (!put_trak (traks, &layouts[t], samples, positions, base, co64, start_us, &track_ms, error))
        return NULL;
      movie_ms = MAX (movie_ms, track_ms);
    }

  moov = box_begin (out, "moov");
  mvhd = full_box_begin (out, "mvhd", 1, 0);
  put_u64 (out, created);
  put_u64 (out, created);
  put_u32 (out, MOVIE_TIMESCALE);
  put_u64 (out, movie_ms);
  put_u32 (out, 0x00010000);       /* rate 1.0 */
  put_u16 (out, 0x0100);           /* volume 1.0 */
  put_zeros (out, 10);
  put_matrix (out);
  put_zeros (out, 24);
  put_u32 (out, VIGIL_WC_N_TRACKS + 1);
  box_end (out, mvhd);
  g_byte_array_append (out, traks->data, traks->len);
  box_end (out, moov);
  return g_steal_pointer (&out);
}

static void
put_ftyp (GByteArray *out,
          gboolean    h264)
{
  gsize ftyp = box_begin (out, "ftyp");

  g_byte_array_append (out, (const guint8 *) "isom", 4);
  put_u32 (out, 0x200);
  g_byte_array_append (out, (const guint8 *) "isomiso2mp41", 12);
  if (h264)
    g_byte_array_append (out, (const guint8 *) "avc1", 4);
  box_end (out, ftyp);
}

GByteArray *
vigil_wc_mp4_head (const VigilWcTrack   tracks[VIGIL_WC_N_TRACKS],
                   const VigilWcSample *samples,
                   gsize                n_samples,
                   gint64               start_us,
                   GError             **error)
{
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autoptr(GByteArray) moov = NULL;
  g_autoptr(GArray) places = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n_samples);
  guint64 *positions;
  Layout layouts[VIGIL_WC_N_TRACKS] = { { 0 } };
  const VigilWcFormat *video;
  guint64 payload = 0, mdat_head, base;
  gboolean co64 = FALSE;

  g_assert (n_samples <= G_MAXUINT32);
  g_array_set_size (places, n_samples);
  positions = (guint64 *) (gpointer) places->data;
  for (guint t = 0; t < VIGIL_WC_N_TRACKS; t++)
    {
      layouts[t].kind = t;
      layouts[t].track = &tracks[t];
      layouts[t].indices = g_array_new (FALSE, FALSE, sizeof (guint32));
    }
  for (gsize i = 0; i < n_samples; i++)
    {
      guint32 index = (guint32) i;

      g_assert (samples[i].track < VIGIL_WC_N_TRACKS && samples[i].format < tracks[samples[i].track].formats->len);
      positions[i] = payload;
      payload += samples[i].size;
      g_array_append_val (layouts[samples[i].track].indices, index);
    }
  g_assert (layouts[VIGIL_WC_VIDEO].indices->len > 0);
  for (guint t = 0; t < VIGIL_WC_N_TRACKS; t++)
    if (layouts[t].indices->len > 0)
      layout_times (&layouts[t], samples);

  video = g_ptr_array_index (tracks[VIGIL_WC_VIDEO].formats, 0);
  put_ftyp (head, video->codec == VIGIL_WC_CODEC_H264);
  mdat_head = payload + 8 > G_MAXUINT32 ? 16 : 8;

  /* The chunk offsets count from the file's start, past the moov they are
   * in: its size first, with 32-bit offsets if they fit. */
  moov = make_moov (layouts, samples, positions, 0, FALSE, start_us, error);
  if (moov != NULL && head->len + moov->len + mdat_head + payload > G_MAXUINT32)
    {
      co64 = TRUE;
      g_clear_pointer (&moov, g_byte_array_unref);
      moov = make_moov (layouts, samples, positions, 0, TRUE, start_us, error);
    }
  if (moov != NULL)
    {
      base = head->len + moov->len + mdat_head;
      g_clear_pointer (&moov, g_byte_array_unref);
      moov = make_moov (layouts, samples, positions, base, co64, start_us, error);
    }
  for (guint t = 0; t < VIGIL_WC_N_TRACKS; t++)
    layout_clear (&layouts[t]);
  if (moov == NULL)
    return NULL;

  g_byte_array_append (head, moov->data, moov->len);
  if (mdat_head == 16)
    {
      put_u32 (head, 1);
      g_byte_array_append (head, (const guint8 *) "mdat", 4);
      put_u64 (head, payload + 16);
    }
  else
    {
      put_u32 (head, payload + 8);
      g_byte_array_append (head, (const guint8 *) "mdat", 4);
    }
  return g_steal_pointer (&head);
}
