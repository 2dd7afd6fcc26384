/* vigil-rtp-unpack.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vigil-rtp-unpack-private.h"

#define RTP_HEADER_SIZE 12
/* Samples in an AAC frame, and so the RTP time between two frames. */
#define AAC_FRAME_SAMPLES 1024
/* H.264 NAL unit types (ITU-T H.264 table 7-1, RFC 6184 table 1). */
#define NAL_IDR    5
#define NAL_SPS    7
#define NAL_PPS    8
#define NAL_STAP_A 24
#define NAL_FU_A   28

struct _VigilRtpUnpack
{
  VigilRtpUnpackCodec codec;
  guint               clock_rate;
  guint               channels;
  VigilRtpFrameFunc   func;
  gpointer            user_data;

  /* Timing */
  gboolean            started;
  GstClockTime        base_ns;
  gint64              first_ts;
  gint64              last_ts;      /* made continuous across the 32-bit wrap */
  guint16             next_seq;

  /* The frame being gathered */
  GByteArray         *frame;
  gint64              frame_ts;
  gboolean            frame_key;

  /* H.264 */
  gssize              fragment_at;  /* where an FU-A's NAL unit starts in frame, or -1 */
  GBytes             *sps;
  GBytes             *pps;
  gboolean            caps_stale;

  /* AAC */
  guint               size_length;
  guint               index_length;
  guint               index_delta_length;
  gsize               fragment_size;  /* a fragmented frame's whole size, or 0 */

  GstCaps            *caps;
};

/* Reading bits, most significant first */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         bit;
  gboolean      overrun;
} Bits;

static guint
read_bits (Bits  *bits,
           guint  count)
{
  guint value = 0;

  for (guint i = 0; i < count; i++)
    {
      if (bits->bit >= bits->size * 8)
        {
          bits->overrun = TRUE;
          return 0;
        }
      value = (value << 1) | ((bits->data[bits->bit / 8] >> (7 - bits->bit % 8)) & 1);
      bits->bit++;
    }
  return value;
}

/* Exp-Golomb, unsigned and signed (H.264 9.1). */
static guint
read_ue (Bits *bits)
{
  guint zeros = 0;

  while (read_bits (bits, 1) == 0 && !bits->overrun)
    if (++zeros > 31)
      {
        bits->overrun = TRUE;
        return 0;
      }
  return (1u << zeros) - 1 + read_bits (bits, zeros);
}

static int
read_se (Bits *bits)
{
  guint code = read_ue (bits);

  return code & 1 ? (int) ((code + 1) / 2) : -(int) (code / 2);
}

static void
skip_scaling_list (Bits *bits,
                   guint size)
{
  int last = 8, next = 8;

  for (guint j = 0; j < size && !bits->overrun; j++)
    {
      if (next != 0)
        next = (last + read_se (bits) + 256) % 256;
      last = next == 0 ? last : next;
    }
}

gboolean
vigil_h264_sps_size (const guint8 *sps,
                     gsize         size,
                     guint        *width,
                     guint        *height)
{
  g_autofree guint8 *rbsp = g_malloc (MAX (size, 1));
  gsize length = 0;
  Bits bits = { rbsp, 0, 0, FALSE };
  guint profile, chroma_format = 1, frame_mbs_only, mbs_wide, map_units_high;
  guint crop_left = 0, crop_right = 0, crop_top = 0, crop_bottom = 0, unit_x, unit_y;
  gboolean separate_planes = FALSE;

  /* The NAL header off, and the emulation prevention bytes (the 03 of
   * 00 00 03). */
  for (gsize i = 1, zeros = 0; i < size; i++)
    {
      if (zeros >= 2 && sps[i] == 3)
        {
          zeros = 0;
          continue;
        }
      zeros = sps[i] == 0 ? zeros + 1 : 0;
      rbsp[length++] = sps[i];
    }
  bits.size = length;

  profile = read_bits (&bits, 8);
  read_bits (&bits, 16);        /* constraints, level */
  read_ue (&bits);              /* seq_parameter_set_id */
  if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 ||
      profile == 83 || profile == 86 || profile == 118 || profile == 128 || profile == 138 ||
      profile == 139 || profile == 134 || profile == 135)
    {
      chroma_format = read_ue (&bits);
      if (chroma_format == 3)
        separate_planes = read_bits (&bits, 1);
      read_ue (&bits);          /* bit depths */
      read_ue (&bits);
      read_bits (&bits, 1);     /* qpprime_y_zero_transform_bypass */
      if (read_bits (&bits, 1)) /* seq_scaling_matrix_present */
        for (guint i = 0; i < (chroma_format == 3 ? 12u : 8u); i++)
          if (read_bits (&bits, 1))
            skip_scaling_list (&bits, i < 6 ? 16 : 64);
    }
  read_ue (&bits);              /* log2_max_frame_num_minus4 */
  switch (read_ue (&bits))      /* pic_order_cnt_type */
    {
    case 0:
      read_ue (&bits);
      break;
    case 1:
      {
        guint cycle;

        read_bits (&bits, 1);
        read_se (&bits);
        read_se (&bits);
        cycle = read_ue (&bits);
        for (guint i = 0; i < cycle && !bits.overrun; i++)
          read_se (&bits);
        break;
      }
    default:
      break;
    }
  read_ue (&bits);              /* max_num_ref_frames */
  read_bits (&bits, 1);         /* gaps_in_frame_num_value_allowed */
  mbs_wide = read_ue (&bits) + 1;
  map_units_high = read_ue (&bits) + 1;
  frame_mbs_only = read_bits (&bits, 1);
  if (!frame_mbs_only)
    read_bits (&bits, 1);       /* mb_adaptive_frame_field */
  read_bits (&bits, 1);         /* direct_8x8_inference */
  if (read_bits (&bits, 1))     /* frame_cropping */
    {
      crop_left = read_ue (&bits);
      crop_right = read_ue (&bits);
      crop_top = read_ue (&bits);
      crop_bottom = read_ue (&bits);
    }
  if (bits.overrun || mbs_wide > 1024 || map_units_high > 1024)
    return FALSE;

  /* H.264 7.4.2.1.1: the crop's units follow the chroma subsampling. */
  if (chroma_format == 0 || separate_planes)
    {
      unit_x = 1;
      unit_y = 2 - frame_mbs_only;
    }
  else
    {
      unit_x = chroma_format == 3 ? 1 : 2;
      unit_y = (chroma_format == 1 ? 2 : 1) * (2 - frame_mbs_only);
    }
  *width = mbs_wide * 16;
  *height = (2 - frame_mbs_only) * map_units_high * 16;
  if ((crop_left + crop_right) * unit_x >= *width || (crop_top + crop_bottom) * unit_y >= *height)
    return FALSE;
  *width -= (crop_left + crop_right) * unit_x;
  *height -= (crop_top + crop_bottom) * unit_y;
  return TRUE;
}

/* Format parameters */

static char *
fmtp_value (const char *fmtp,
            const char *key)
{
  g_auto(GStrv) pairs = NULL;

  if (fmtp == NULL)
    return NULL;
  /* "96 packetization-mode=1;sprop-parameter-sets=Z0LAH..,aM4..;…" */
  if (g_ascii_isdigit (*fmtp) && strchr (fmtp, ' ') != NULL)
    fmtp = strchr (fmtp, ' ') + 1;
  pairs = g_strsplit (fmtp, ";", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *pair = g_strstrip (pairs[i]);
      const char *equals = strchr (pair, '=');

      if (equals != NULL && (gsize) (equals - pair) == strlen (key) &&
          g_ascii_strncasecmp (pair, key, strlen (key)) == 0)
        return g_strdup (equals + 1);
    }
  return NULL;
}

static guint
fmtp_uint (const char *fmtp,
           const char *key,
           guint       fallback)
{
  g_autofree char *value = fmtp_value (fmtp, key);

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static GBytes *
hex_bytes (const char *hex)
{
  gsize length = hex != NULL ? strlen (hex) : 0;
  GByteArray *bytes;

  if (length == 0 || length % 2 != 0)
    return NULL;
  bytes = g_byte_array_sized_new (length / 2);
  for (gsize i = 0; i < length; i += 2)
    {
      int high = g_ascii_xdigit_value (hex[i]), low = g_ascii_xdigit_value (hex[i + 1]);

      if (high < 0 || low < 0)
        {
          g_byte_array_unref (bytes);
          return NULL;
        }
      g_byte_array_append (bytes, (guint8[]) { (guint8) (high << 4 | low) }, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

/* Frames out */

/* The running time of RTP time @ts: from the first packet's, set at its
 * arrival. */
static GstClockTime
stream_time (VigilRtpUnpack *self,
             gint64          ts)
{
  gint64 since = ts - self->first_ts;
  GstClockTime span = gst_util_uint64_scale ((guint64) ABS (since), GST_SECOND, self->clock_rate);

  if (since >= 0)
    return self->base_ns + span;
  return self->base_ns > span ? self->base_ns - span : 0;
}

static void
frame_reset (VigilRtpUnpack *self)
{
  g_byte_array_set_size (self->frame, 0);
  self->frame_key = FALSE;
  self->fragment_at = -1;
  self->fragment_size = 0;
}

static void
emit (VigilRtpUnpack *self,
      gint64          ts,
      const guint8   *data,
      gsize           size,
      gboolean        key)
{
  GstBuffer *buffer;

  if (self->caps == NULL || size == 0)
    return;

  buffer = gst_buffer_new_memdup (data, size);
  GST_BUFFER_PTS (buffer) = stream_time (self, ts);
  if (self->codec == VIGIL_RTP_UNPACK_AAC)
    GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale_int (AAC_FRAME_SAMPLES, GST_SECOND, (int) self->clock_rate);
  if (!key)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  self->func (buffer, self->caps, self->user_data);
  gst_buffer_unref (buffer);
}

/* H.264 */

static void
h264_update_caps (VigilRtpUnpack *self)
{
  gsize sps_size, pps_size;
  const guint8 *sps, *pps;
  guint width, height;
  GByteArray *avcc;
  g_autoptr(GstBuffer) codec_data = NULL;

  self->caps_stale = FALSE;
  if (self->sps == NULL || self->pps == NULL)
    return;
  sps = g_bytes_get_data (self->sps, &sps_size);
  pps = g_bytes_get_data (self->pps, &pps_size);
  if (sps_size < 4 || sps_size > G_MAXUINT16 || pps_size > G_MAXUINT16 || !vigil_h264_sps_size (sps, sps_size, &width, &height))
    return;

  /* The AVC decoder configuration record (ISO/IEC 14496-15 5.2.4.1):
   * version 1, the SPS's profile, compatibility and level, 4-byte lengths,
   * one SPS and one PPS. */
  avcc = g_byte_array_new ();
  g_byte_array_append (avcc, (guint8[]) { 1, sps[1], sps[2], sps[3], 0xff, 0xe1,
                                          (guint8) (sps_size >> 8), (guint8) sps_size }, 8);
  g_byte_array_append (avcc, sps, (guint) sps_size);
  g_byte_array_append (avcc, (guint8[]) { 1, (guint8) (pps_size >> 8), (guint8) pps_size }, 3);
  g_byte_array_append (avcc, pps, (guint) pps_size);
  codec_data = gst_buffer_new_wrapped (avcc->data, avcc->len);
  g_byte_array_free (avcc, FALSE);

  g_clear_pointer (&self->caps, gst_caps_unref);
  self->caps = gst_caps_new_simple ("video/x-h264",
                                    "stream-format", G_TYPE_STRING, "avc",
                                    "alignment", G_TYPE_STRING, "au",
                                    "width", G_TYPE_INT, (int) width,
                                    "height", G_TYPE_INT, (int) height,
                                    "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                    "codec_data", GST_TYPE_BUFFER, codec_data,
                                    NULL);
}

static void
h264_keep_parameter_set (VigilRtpUnpack  *self,
                         GBytes         **slot,
                         const guint8    *nal,
                         gsize            size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (nal, size);

  if (*slot != NULL && g_bytes_equal (*slot, bytes))
    return;
  g_clear_pointer (slot, g_bytes_unref);
  *slot = g_steal_pointer (&bytes);
  self->caps_stale = TRUE;
}

/* A whole NAL unit, now in the frame at @at (its length field's place). */
static void
h264_nal_done (VigilRtpUnpack *self,
               gsize           at)
{
  gsize size = self->frame->len - at - 4;
  guint8 *nal = self->frame->data + at + 4;
  guint type;

  if (size == 0)
    {
      g_byte_array_set_size (self->frame, (guint) at);
      return;
    }
  nal[-4] = (guint8) (size >> 24);
  nal[-3] = (guint8) (size >> 16);
  nal[-2] = (guint8) (size >> 8);
  nal[-1] = (guint8) size;

  type = nal[0] & 0x1f;
  if (type == NAL_IDR)
    self->frame_key = TRUE;
  else if (type == NAL_SPS)
    h264_keep_parameter_set (self, &self->sps, nal, size);
  else if (type == NAL_PPS)
    h264_keep_parameter_set (self, &self->pps, nal, size);
}

static void
h264_append_nal (VigilRtpUnpack *self,
                 const guint8   *nal,
                 gsize           size)
{
  gsize at = self->frame->len;

  g_byte_array_set_size (self->frame, (guint) (at + 4));
  g_byte_array_append (self->frame, nal, (guint) size);
  h264_nal_done (self, at);
}

static void
h264_finish_frame (VigilRtpUnpack *self)
{
  /* A fragment whose end never came is left out. */
  if (self->fragment_at >= 0)
    g_byte_array_set_size (self->frame, (guint) self->fragment_at);
  if (self->caps_stale)
    h264_update_caps (self);
  emit (self, self->frame_ts, self->frame->data, self->frame->len, self->frame_key);
  frame_reset (self);
}

static void
h264_push (VigilRtpUnpack *self,
           gint64          ts,
           gboolean        marker,
           gboolean        lost,
           const guint8   *payload,
           gsize           size)
{
  guint type;

  if (self->frame->len > 0 && ts != self->frame_ts)
    h264_finish_frame (self);
  self->frame_ts = ts;
  if (lost && self->fragment_at >= 0)
    {
      g_byte_array_set_size (self->frame, (guint) self->fragment_at);
      self->fragment_at = -1;
    }
  if (size < 1)
    return;

  type = payload[0] & 0x1f;
  if (type >= 1 && type <= 23)
    h264_append_nal (self, payload, size);
  else if (type == NAL_STAP_A)
    {
      gsize at = 1;

      while (at + 2 <= size)
        {
          gsize length = (gsize) payload[at] << 8 | payload[at + 1];

          at += 2;
          if (length == 0 || at + length > size)
            break;
          h264_append_nal (self, payload + at, length);
          at += length;
        }
    }
  else if (type == NAL_FU_A && size >= 2)
    {
      gboolean start = payload[1] & 0x80, end = payload[1] & 0x40;

      if (start)
        {
          guint8 header = (payload[0] & 0xe0) | (payload[1] & 0x1f);

          if (self->fragment_at >= 0)
            g_byte_array_set_size (self->frame, (guint) self->fragment_at);
          self->fragment_at = self->frame->len;
          g_byte_array_set_size (self->frame, self->frame->len + 4);
          g_byte_array_append (self->frame, &header, 1);
        }
      if (self->fragment_at >= 0)
        {
          g_byte_array_append (self->frame, payload + 2, (guint) (size - 2));
          if (end)
            {
              gsize at = (gsize) self->fragment_at;

              self->fragment_at = -1;
              h264_nal_done (self, at);
            }
        }
    }
  /* STAP-B, MTAP and FU-B belong to interleaved mode, which Vigil does not
   * ask for. */

  if (marker)
    h264_finish_frame (self);
}

/* AAC */

static void
aac_push (VigilRtpUnpack *self,
          gint64          ts,
          gboolean        marker,
          gboolean        lost,
          const guint8   *payload,
          gsize           size)
{
  guint header_bits, header_bytes;
  Bits bits;
  gsize data_at;
  guint index = 0;

  if (lost || (self->fragment_size > 0 && ts != self->frame_ts))
    frame_reset (self);
  if (size < 2)
    return;

  header_bits = (guint) payload[0] << 8 | payload[1];
  header_bytes = (header_bits + 7) / 8;
  if (2 + (gsize) header_bytes > size)
    return;
  bits = (Bits) { payload + 2, header_bytes, 0, FALSE };
  data_at = 2 + header_bytes;

  while (bits.bit + self->size_length <= header_bits)
    {
      gsize frame_size = read_bits (&bits, self->size_length);

      read_bits (&bits, index == 0 ? self->index_length : self->index_delta_length);
      if (bits.overrun)
        break;

      if (data_at + frame_size <= size && self->fragment_size == 0)
        emit (self, ts + (gint64) index * AAC_FRAME_SAMPLES, payload + data_at, frame_size, TRUE);
      else
        {
          /* One frame across several packets (RFC 3640 3.2.3): its size is
           * repeated in each, and the last has the marker. */
          self->fragment_size = frame_size;
          self->frame_ts = ts;
          g_byte_array_append (self->frame, payload + data_at, (guint) (size - data_at));
          if (marker || self->frame->len >= frame_size)
            {
              if (self->frame->len == frame_size)
                emit (self, ts, self->frame->data, self->frame->len, TRUE);
              frame_reset (self);
            }
          return;
        }
      data_at += frame_size;
      index++;
    }
}

static GstCaps *
aac_caps (guint       rate,
          guint       channels,
          const char *fmtp)
{
  g_autofree char *config = fmtp_value (fmtp, "config");
  g_autoptr(GBytes) bytes = hex_bytes (config);
  g_autoptr(GstBuffer) codec_data = NULL;

  if (bytes == NULL)
    return NULL;
  codec_data = gst_buffer_new_wrapped_bytes (bytes);
  return gst_caps_new_simple ("audio/mpeg",
                              "mpegversion", G_TYPE_INT, 4,
                              "stream-format", G_TYPE_STRING, "raw",
                              "rate", G_TYPE_INT, (int) rate,
                              "channels", G_TYPE_INT, (int) MAX (channels, 1),
                              "codec_data", GST_TYPE_BUFFER, codec_data,
                              NULL);
}

/* The unpacker */

static void
h264_read_sprop (VigilRtpUnpack *self,
                 const char     *fmtp)
{
  g_autofree char *sprop = fmtp_value (fmtp, "sprop-parameter-sets");
  g_auto(GStrv) sets = sprop != NULL ? g_strsplit (sprop, ",", -1) : NULL;

  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      gsize size = 0;
      g_autofree guint8 *nal = g_base64_decode (sets[i], &size);

      if (size == 0)
        continue;
      if ((nal[0] & 0x1f) == NAL_SPS)
        h264_keep_parameter_set (self, &self->sps, nal, size);
      else if ((nal[0] & 0x1f) == NAL_PPS)
        h264_keep_parameter_set (self, &self->pps, nal, size);
    }
  if (self->caps_stale)
    h264_update_caps (self);
}

VigilRtpUnpack *
vigil_rtp_unpack_new (VigilRtpUnpackCodec   codec,
                      guint                 clock_rate,
                      guint                 channels,
                      const char           *fmtp,
                      VigilRtpFrameFunc     func,
                      gpointer              user_data,
                      GError              **error)
{
  VigilRtpUnpack *self;

  g_return_val_if_fail (clock_rate > 0, NULL);

  self = g_new0 (VigilRtpUnpack, 1);
  self->codec = codec;
  self->clock_rate = clock_rate;
  self->channels = channels;
  self->func = func;
  self->user_data = user_data;
  self->frame = g_byte_array_new ();
  self->fragment_at = -1;

  if (codec == VIGIL_RTP_UNPACK_H264)
    h264_read_sprop (self, fmtp);
  else
    {
      g_autofree char *mode = fmtp_value (fmtp, "mode");

      self->size_length = fmtp_uint (fmtp, "sizelength", 0);
      self->index_length = fmtp_uint (fmtp, "indexlength", 0);
      self->index_delta_length = fmtp_uint (fmtp, "indexdeltalength", 0);
      self->caps = aac_caps (clock_rate, channels, fmtp);
      if (mode == NULL || g_ascii_strcasecmp (mode, "AAC-hbr") != 0 || self->size_length == 0 ||
          self->size_length > 16 || self->index_length > 8 || self->index_delta_length > 8 || self->caps == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("the camera sends AAC in a form Vigil does not record (%s)"), fmtp ? fmtp : "");
          vigil_rtp_unpack_free (self);
          return NULL;
        }
    }
  return self;
}

void
vigil_rtp_unpack_free (VigilRtpUnpack *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->frame);
  g_clear_pointer (&self->sps, g_bytes_unref);
  g_clear_pointer (&self->pps, g_bytes_unref);
  g_clear_pointer (&self->caps, gst_caps_unref);
  g_free (self);
}

void
vigil_rtp_unpack_push (VigilRtpUnpack *self,
                       const guint8   *packet,
                       gsize           size,
                       GstClockTime    base_ns)
{
  gsize header;
  guint16 seq;
  guint32 ts;
  gboolean marker, lost;

  if (size < RTP_HEADER_SIZE || (packet[0] >> 6) != 2)
    return;
  header = RTP_HEADER_SIZE + 4 * (packet[0] & 0x0f);
  if (packet[0] & 0x10)         /* an extension: its length in 32-bit words */
    {
      if (header + 4 > size)
        return;
      header += 4 + 4 * ((gsize) packet[header + 2] << 8 | packet[header + 3]);
    }
  if (packet[0] & 0x20)         /* padding: its count in the last byte */
    {
      if (packet[size - 1] > size)
        return;
      size -= packet[size - 1];
    }
  if (header > size)
    return;

  marker = packet[1] & 0x80;
  seq = (guint16) (packet[2] << 8 | packet[3]);
  ts = (guint32) packet[4] << 24 | (guint32) packet[5] << 16 | (guint32) packet[6] << 8 | packet[7];

  if (!self->started)
    {
      self->started = TRUE;
      self->base_ns = base_ns;
      self->first_ts = self->last_ts = ts;
      lost = FALSE;
    }
  else
    {
      /* Continuous across the wrap, and backwards by at most half of it. */
      self->last_ts += (gint32) (ts - (guint32) self->last_ts);
      lost = seq != self->next_seq;
    }
  self->next_seq = seq + 1;

  if (self->codec == VIGIL_RTP_UNPACK_H264)
    h264_push (self, self->last_ts, marker, lost, packet + header, size - header);
  else
    aac_push (self, self->last_ts, marker, lost, packet + header, size - header);
}
