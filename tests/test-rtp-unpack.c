/* test-rtp-unpack.c: the recorder's RTP unpacking, packet by packet
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a camera sends, built here packet by packet, and the frames that
 * come out: whole, in order, timed by the camera's clock, nothing lost or
 * added. (The recorder's tests record real cameras through the same code.)
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vigil-rtp-unpack-private.h"

/* Sequence parameter sets from x264 (the codec_data of h264parse's caps). */
static const struct {
  const char *hex;
  guint       width;
  guint       height;
} sps_cases[] = {
  /* High, 4:2:0, cropped from 96 lines */
  { "67640014acd9428df93016a0c0c0d4a0000003002000000791e28532c0", 160, 90 },
  { "6764001eacd940a02ff97016a0c0c0d4a0000003002000000791e2c5b2c0", 640, 360 },
  /* cropped from 1088 lines */
  { "67640028acd940780227e5c05a808080a0000003002000000791e30632c0", 1920, 1080 },
  /* Baseline */
  { "6742c015d9028df93016a0c0c0d4a0000003002000000791e2c5c9", 160, 90 },
  /* High 4:4:4 Predictive (its own chroma fields; crop units of one) */
  { "67f4002890d9b280f0044fc4e02d40404050000003001000000303c8f1831960", 1920, 1080 },
};

static GBytes *
from_hex (const char *hex)
{
  GByteArray *bytes = g_byte_array_new ();

  for (gsize i = 0; hex[i] && hex[i + 1]; i += 2)
    {
      guint8 byte = (guint8) (g_ascii_xdigit_value (hex[i]) << 4 | g_ascii_xdigit_value (hex[i + 1]));

      g_byte_array_append (bytes, &byte, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

static void
test_sps_size (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sps_cases); i++)
    {
      g_autoptr(GBytes) sps = from_hex (sps_cases[i].hex);
      gsize size;
      const guint8 *data = g_bytes_get_data (sps, &size);
      guint width = 0, height = 0;

      g_assert_true (vigil_h264_sps_size (data, size, &width, &height));
      g_assert_cmpuint (width, ==, sps_cases[i].width);
      g_assert_cmpuint (height, ==, sps_cases[i].height);
      /* Cut short, it says nothing rather than something wrong. */
      g_assert_false (vigil_h264_sps_size (data, 6, &width, &height));
    }
}

/* Whether @caps says at least what @text says. */
static gboolean
caps_say (GstCaps    *caps,
          const char *text)
{
  g_autoptr(GstCaps) wanted = gst_caps_from_string (text);

  return gst_caps_is_subset (caps, wanted);
}

/* Frames out */

typedef struct
{
  GPtrArray *frames;   /* GstBuffer */
  GPtrArray *caps;     /* GstCaps, one per frame */
} Out;

static void
on_frame (GstBuffer *frame,
          GstCaps   *caps,
          gpointer   user_data)
{
  Out *out = user_data;

  g_ptr_array_add (out->frames, gst_buffer_ref (frame));
  g_ptr_array_add (out->caps, gst_caps_ref (caps));
}

static void
out_init (Out *out)
{
  out->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  out->caps = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);
}

static void
out_clear (Out *out)
{
  g_ptr_array_unref (out->frames);
  g_ptr_array_unref (out->caps);
}

/* One RTP packet (RFC 3550 5.1: no CSRC, no extension). */
static GByteArray *
packet_new (guint16  seq,
            guint32  ts,
            gboolean marker)
{
  GByteArray *packet = g_byte_array_new ();
  guint8 header[12] = {
    0x80, (guint8) ((marker ? 0x80 : 0) | 96), (guint8) (seq >> 8), (guint8) seq,
    (guint8) (ts >> 24), (guint8) (ts >> 16), (guint8) (ts >> 8), (guint8) ts,
    0x12, 0x34, 0x56, 0x78,
  };

  g_byte_array_append (packet, header, sizeof header);
  return packet;
}

static void
push (VigilRtpUnpack *unpack,
      GByteArray     *packet,
      GstClockTime    base)
{
  vigil_rtp_unpack_push (unpack, packet->data, packet->len, base);
  g_byte_array_unref (packet);
}

/* A NAL unit of @type and @size bytes, its header included. */
static GByteArray *
nal_new (guint type,
         gsize size)
{
  GByteArray *nal = g_byte_array_sized_new ((guint) size);

  g_byte_array_append (nal, (guint8[]) { (guint8) (0x60 | type) }, 1);
  for (gsize i = 1; i < size; i++)
    g_byte_array_append (nal, (guint8[]) { (guint8) (i * 7 + type) }, 1);
  return nal;
}

/* @frame holds, in the avc form, exactly these NAL units. */
static void
assert_nals (GstBuffer  *frame,
             GByteArray **nals,
             guint        n_nals)
{
  GstMapInfo map;
  gsize at = 0;

  g_assert_true (gst_buffer_map (frame, &map, GST_MAP_READ));
  for (guint i = 0; i < n_nals; i++)
    {
      g_assert_cmpuint (at + 4 + nals[i]->len, <=, map.size);
      g_assert_cmpuint ((guint) map.data[at] << 24 | (guint) map.data[at + 1] << 16 |
                        (guint) map.data[at + 2] << 8 | map.data[at + 3], ==, nals[i]->len);
      g_assert_cmpmem (map.data + at + 4, nals[i]->len, nals[i]->data, nals[i]->len);
      at += 4 + nals[i]->len;
    }
  g_assert_cmpuint (at, ==, map.size);
  gst_buffer_unmap (frame, &map);
}

static void
test_h264 (void)
{
  g_autoptr(GBytes) sps_bytes = from_hex (sps_cases[0].hex);
  g_autoptr(GByteArray) sps = g_bytes_unref_to_array (g_bytes_ref (sps_bytes));
  g_autoptr(GByteArray) pps = g_byte_array_new ();
  g_autoptr(GByteArray) idr = nal_new (5, 3000);
  g_autoptr(GByteArray) sei = nal_new (6, 20);
  g_autoptr(GByteArray) slice = nal_new (1, 500);
  g_autoptr(GByteArray) lost_slice = nal_new (1, 2500);
  g_autoptr(GByteArray) filler = nal_new (12, 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilRtpUnpack) unpack = NULL;
  GByteArray *packet;
  GstClockTime base = 5 * GST_SECOND;
  /* Just before the 32-bit RTP clock wraps. */
  guint32 ts = 0xffffffff - 4000;
  guint16 seq = 65534;
  GByteArray *first[] = { sps, pps, sei, idr };
  GByteArray *second[] = { slice, filler };
  GByteArray *third[] = { slice };
  Out out;
  int width, height;

  g_byte_array_append (pps, (const guint8[]) { 0x68, 0xeb, 0xec, 0xb2, 0x2c }, 5);
  out_init (&out);
  /* Parameter sets in the SDP too, as a camera usually gives them. */
  unpack = vigil_rtp_unpack_new (VIGIL_RTP_UNPACK_H264, 90000, 0,
                                 "96 packetization-mode=1;sprop-parameter-sets=Z2QAFKzZQo35MBagwMDUoAAAAwAgAAAHkeKFMsA=,aOvssiw=",
                                 on_frame, &out, &error);
  g_assert_no_error (error);

  /* A keyframe: SPS, PPS and SEI together (STAP-A), then the IDR picture
   * in three fragments (FU-A), the marker on the last. */
  packet = packet_new (seq++, ts, FALSE);
  g_byte_array_append (packet, (guint8[]) { 0x78 }, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_byte_array_append (packet, (guint8[]) { (guint8) (first[i]->len >> 8), (guint8) first[i]->len }, 2);
      g_byte_array_append (packet, first[i]->data, first[i]->len);
    }
  push (unpack, packet, base);
  for (gsize at = 1, part = 0; at < idr->len; at += 1200, part++)
    {
      gsize size = MIN (1200, idr->len - at);
      gboolean last = at + size == idr->len;

      packet = packet_new (seq++, ts, last);
      g_byte_array_append (packet, (guint8[]) { (guint8) ((idr->data[0] & 0xe0) | 28),
                                                (guint8) ((part == 0 ? 0x80 : 0) | (last ? 0x40 : 0) | 5) }, 2);
      g_byte_array_append (packet, idr->data + at, (guint) size);
      push (unpack, packet, base + 3 * GST_SECOND /* read on the first packet only */);
    }
  g_assert_cmpuint (out.frames->len, ==, 1);

  /* A tenth of a second later, past the wrap: a slice and filler, as single
   * NAL units, and no marker; the next frame's first packet ends it. */
  ts += 9000;
  packet = packet_new (seq++, ts, FALSE);
  g_byte_array_append (packet, slice->data, slice->len);
  push (unpack, packet, 0);
  packet = packet_new (seq++, ts, FALSE);
  g_byte_array_append (packet, filler->data, filler->len);
  push (unpack, packet, 0);

  /* Then a slice whose middle fragment is lost: the frame keeps what came
   * whole. */
  ts += 9000;
  packet = packet_new (seq++, ts, FALSE);
  g_byte_array_append (packet, slice->data, slice->len);
  push (unpack, packet, 0);
  g_assert_cmpuint (out.frames->len, ==, 2);
  packet = packet_new (seq++, ts, FALSE);
  g_byte_array_append (packet, (guint8[]) { 0x7c, 0x81 }, 2);
  g_byte_array_append (packet, lost_slice->data + 1, 1000);
  push (unpack, packet, 0);
  seq++;
  packet = packet_new (seq++, ts, TRUE);
  g_byte_array_append (packet, (guint8[]) { 0x7c, 0x41 }, 2);
  g_byte_array_append (packet, lost_slice->data + 2001, 499);
  push (unpack, packet, 0);
  g_assert_cmpuint (out.frames->len, ==, 3);

  assert_nals (g_ptr_array_index (out.frames, 0), first, G_N_ELEMENTS (first));
  assert_nals (g_ptr_array_index (out.frames, 1), second, G_N_ELEMENTS (second));
  assert_nals (g_ptr_array_index (out.frames, 2), third, G_N_ELEMENTS (third));
  g_assert_false (GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (out.frames, 0), GST_BUFFER_FLAG_DELTA_UNIT));
  g_assert_true (GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (out.frames, 1), GST_BUFFER_FLAG_DELTA_UNIT));
  g_assert_cmpuint (GST_BUFFER_PTS (g_ptr_array_index (out.frames, 0)), ==, base);
  g_assert_cmpuint (GST_BUFFER_PTS (g_ptr_array_index (out.frames, 1)), ==, base + 100 * GST_MSECOND);
  g_assert_cmpuint (GST_BUFFER_PTS (g_ptr_array_index (out.frames, 2)), ==, base + 200 * GST_MSECOND);

  /* What the segment writer needs: the picture's size and the parameter
   * sets, the same caps for every frame while they do not change. */
  g_assert_true (g_ptr_array_index (out.caps, 0) == g_ptr_array_index (out.caps, 2));
  g_assert_true (gst_structure_get_int (gst_caps_get_structure (g_ptr_array_index (out.caps, 0), 0), "width", &width));
  g_assert_true (gst_structure_get_int (gst_caps_get_structure (g_ptr_array_index (out.caps, 0), 0), "height", &height));
  g_assert_cmpint (width, ==, 160);
  g_assert_cmpint (height, ==, 90);
  g_assert_true (caps_say (g_ptr_array_index (out.caps, 0), "video/x-h264, stream-format=avc, alignment=au"));
  out_clear (&out);
}

/* A camera that gives its parameter sets only in the stream: nothing comes
 * out until they have, then the picture's size follows them. */
static void
test_h264_in_band (void)
{
  g_autoptr(GBytes) small = from_hex (sps_cases[0].hex);
  g_autoptr(GBytes) large = from_hex (sps_cases[2].hex);
  g_autoptr(VigilRtpUnpack) unpack = NULL;
  GBytes *sets[] = { NULL, small, large };
  guint16 seq = 1;
  Out out;

  out_init (&out);
  unpack = vigil_rtp_unpack_new (VIGIL_RTP_UNPACK_H264, 90000, 0, NULL, on_frame, &out, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      GByteArray *packet;

      if (sets[i] != NULL)
        {
          packet = packet_new (seq++, i * 3000, FALSE);
          g_byte_array_append (packet, g_bytes_get_data (sets[i], NULL), (guint) g_bytes_get_size (sets[i]));
          push (unpack, packet, 0);
          packet = packet_new (seq++, i * 3000, FALSE);
          g_byte_array_append (packet, (const guint8[]) { 0x68, 0xeb, 0xec, 0xb2, 0x2c }, 5);
          push (unpack, packet, 0);
        }
      packet = packet_new (seq++, i * 3000, TRUE);
      g_byte_array_append (packet, (const guint8[]) { 0x65, 0x88, 0x84, 0x00 }, 4);
      push (unpack, packet, 0);
    }

  g_assert_cmpuint (out.frames->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      int width = 0;

      gst_structure_get_int (gst_caps_get_structure (g_ptr_array_index (out.caps, i), 0), "width", &width);
      g_assert_cmpint (width, ==, i == 0 ? 160 : 1920);
    }
  g_assert_false (gst_caps_is_equal (g_ptr_array_index (out.caps, 0), g_ptr_array_index (out.caps, 1)));
  out_clear (&out);
}

#define AAC_FMTP "97 streamtype=5;profile-level-id=15;mode=AAC-hbr;config=1408;sizelength=13;indexlength=3;indexdeltalength=3"

static void
aac_packet_add_headers (GByteArray  *packet,
                        const gsize *sizes,
                        guint        n_sizes)
{
  guint bits = 16 * n_sizes;

  g_byte_array_append (packet, (guint8[]) { (guint8) (bits >> 8), (guint8) bits }, 2);
  /* 13 bits of size, 3 of index (0) */
  for (guint i = 0; i < n_sizes; i++)
    g_byte_array_append (packet, (guint8[]) { (guint8) (sizes[i] >> 5), (guint8) (sizes[i] << 3) }, 2);
}

static void
test_aac (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilRtpUnpack) unpack = NULL;
  g_autoptr(GByteArray) big = nal_new (0, 2000);
  const gsize sizes[] = { 100, 120 };
  GstClockTime base = 7 * GST_SECOND;
  GByteArray *packet;
  GstMapInfo map;
  int rate = 0, channels = 0;
  Out out;

  /* Only AAC-hbr, what cameras send. */
  unpack = vigil_rtp_unpack_new (VIGIL_RTP_UNPACK_AAC, 16000, 1, "97 mode=AAC-lbr;config=1408;sizelength=6",
                                 on_frame, NULL, &error);
  g_assert_null (unpack);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  out_init (&out);
  unpack = vigil_rtp_unpack_new (VIGIL_RTP_UNPACK_AAC, 16000, 1, AAC_FMTP, on_frame, &out, &error);
  g_assert_no_error (error);

  /* Two frames in one packet… */
  packet = packet_new (1, 1000, TRUE);
  aac_packet_add_headers (packet, sizes, 2);
  for (gsize i = 0; i < sizes[0] + sizes[1]; i++)
    g_byte_array_append (packet, (guint8[]) { (guint8) (i < sizes[0] ? 1 : 2) }, 1);
  push (unpack, packet, base);
  /* …and one frame in two. */
  for (guint part = 0; part < 2; part++)
    {
      packet = packet_new (2 + part, 1000 + 2048, part == 1);
      aac_packet_add_headers (packet, (gsize[]) { big->len }, 1);
      g_byte_array_append (packet, big->data + part * 1500, part == 0 ? 1500 : big->len - 1500);
      push (unpack, packet, 0);
    }

  g_assert_cmpuint (out.frames->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      GstBuffer *frame = g_ptr_array_index (out.frames, i);

      /* 1024 samples a frame: 64 ms at 16 kHz. */
      g_assert_cmpuint (GST_BUFFER_PTS (frame), ==, base + i * 64 * GST_MSECOND);
      g_assert_cmpuint (GST_BUFFER_DURATION (frame), ==, 64 * GST_MSECOND);
      g_assert_true (gst_buffer_map (frame, &map, GST_MAP_READ));
      if (i < 2)
        {
          g_assert_cmpuint (map.size, ==, sizes[i]);
          g_assert_cmpuint (map.data[0], ==, i + 1);
          g_assert_cmpuint (map.data[map.size - 1], ==, i + 1);
        }
      else
        g_assert_cmpmem (map.data, map.size, big->data, big->len);
      gst_buffer_unmap (frame, &map);
    }
  g_assert_true (gst_structure_get_int (gst_caps_get_structure (g_ptr_array_index (out.caps, 0), 0), "rate", &rate));
  g_assert_true (gst_structure_get_int (gst_caps_get_structure (g_ptr_array_index (out.caps, 0), 0), "channels",
                                        &channels));
  g_assert_cmpint (rate, ==, 16000);
  g_assert_cmpint (channels, ==, 1);
  g_assert_true (caps_say (g_ptr_array_index (out.caps, 0), "audio/mpeg, mpegversion=4, stream-format=raw"));
  out_clear (&out);
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rtp-unpack/sps-size", test_sps_size);
  g_test_add_func ("/rtp-unpack/h264", test_h264);
  g_test_add_func ("/rtp-unpack/h264-in-band", test_h264_in_band);
  g_test_add_func ("/rtp-unpack/aac", test_aac);

  return g_test_run ();
}
