/* vigil-working-copy-audio.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * G.711 sound for a working copy: MP4 players do not take it (nor does
 * mp4mux), so it is decoded and encoded again as AAC, the only thing a
 * working copy ever re-encodes.
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

#include "vigil-working-copy-private.h"

/* FFmpeg's AAC encoder (avenc_aac) puts 1024 samples of priming before
 * the sound and pads the end to a whole frame; each frame is 1024 samples
 * (AAC-LC). voaacenc does not say its delay and drops the last partial
 * frame, so it is not used. */
#define ENCODER "avenc_aac"
#define PRIMING_SAMPLES 1024
#define AAC_FRAME_SAMPLES 1024
/* Four bits a sample: 32 kbit/s for a camera's 8 kHz, half of G.711's
 * rate, and more than telephone-band sound needs. */
#define BITS_PER_SAMPLE 4
/* The G.711 bytes pushed at a time. */
#define PUSH_BYTES (64 * 1024)
/* How long the encoder may take to drain once everything is pushed. */
#define DRAIN_TIMEOUT (30 * GST_SECOND)

typedef struct
{
  GstElement *pipeline;
  GstElement *src;
  GstElement *sink;
  GByteArray *aac;
  GArray     *sizes;       /* guint32, each AAC frame's */
  GstCaps    *caps;
} Encoder;

static void
encoder_clear (Encoder *encoder)
{
  if (encoder->pipeline != NULL)
    gst_element_set_state (encoder->pipeline, GST_STATE_NULL);
  g_clear_object (&encoder->src);
  g_clear_object (&encoder->sink);
  g_clear_object (&encoder->pipeline);
  g_clear_pointer (&encoder->sizes, g_array_unref);
  g_clear_pointer (&encoder->caps, gst_caps_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Encoder, encoder_clear)

static gboolean
encoder_start (Encoder              *encoder,
               const VigilWcFormat  *pcm,
               GError              **error)
{
  const char *names[] = { "appsrc", pcm->codec == VIGIL_WC_CODEC_PCMU ? "mulawdec" : "alawdec", "audioconvert",
                          ENCODER, "appsink" };
  GstElement *elements[G_N_ELEMENTS (names)];
  g_autoptr(GstCaps) caps = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      elements[i] = gst_element_factory_make (names[i], NULL);
      if (elements[i] == NULL)
        {
          for (guint j = 0; j < i; j++)
            gst_object_unref (gst_object_ref_sink (elements[j]));
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("Converting the sound to AAC needs the GStreamer element “%s”, which is not installed"),
                       names[i]);
          return FALSE;
        }
    }

  encoder->pipeline = gst_object_ref_sink (gst_pipeline_new ("vigil-working-copy-audio"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gst_bin_add (GST_BIN (encoder->pipeline), elements[i]);
  if (!gst_element_link_many (elements[0], elements[1], elements[2], elements[3], elements[4], NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The sound could not be converted to AAC"));
      return FALSE;
    }
  encoder->src = gst_object_ref (elements[0]);
  encoder->sink = gst_object_ref (elements[4]);

  caps = gst_caps_new_simple (pcm->codec == VIGIL_WC_CODEC_PCMU ? "audio/x-mulaw" : "audio/x-alaw",
                              "rate", G_TYPE_INT, (int) pcm->rate, "channels", G_TYPE_INT, (int) pcm->channels,
                              NULL);
  /* Never blocks: the same thread pushes the sound and takes the AAC. */
  g_object_set (encoder->src, "caps", caps, "format", GST_FORMAT_TIME, "block", FALSE, "max-bytes",
                (guint64) 0, NULL);
  g_object_set (elements[3], "bitrate", (int) (pcm->rate * pcm->channels * BITS_PER_SAMPLE), NULL);
  g_object_set (encoder->sink, "sync", FALSE, "max-buffers", 0, "emit-signals", FALSE, NULL);

  encoder->sizes = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (gst_element_set_state (encoder->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The sound could not be converted to AAC"));
      return FALSE;
    }
  return TRUE;
}

/* An error the pipeline posted, if any. */
static gboolean
encoder_check (Encoder  *encoder,
               GError  **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (encoder->pipeline);
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (message != NULL)
    {
      g_autoptr(GError) failure = NULL;

      gst_message_parse_error (message, &failure, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The sound could not be converted to AAC: %s"),
                   failure->message);
      return FALSE;
    }
  return TRUE;
}

static void
encoder_take (Encoder   *encoder,
              GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstMapInfo map;
  guint32 size;

  if (encoder->caps == NULL)
    encoder->caps = gst_caps_ref (gst_sample_get_caps (sample));
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  size = (guint32) map.size;
  g_byte_array_append (encoder->aac, map.data, map.size);
  g_array_append_val (encoder->sizes, size);
  gst_buffer_unmap (buffer, &map);
}

/* Takes every AAC frame ready, without waiting. */
static void
encoder_drain (Encoder *encoder)
{
  GstSample *sample;

  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (encoder->sink), 0)) != NULL)
    {
      encoder_take (encoder, sample);
      gst_sample_unref (sample);
    }
}

static void
encoder_push (Encoder    *encoder,
              GByteArray *pcm,
              guint64    *pushed,
              guint       rate,
              guint       channels)
{
  guint64 count = pcm->len / channels;
  GstBuffer *buffer = gst_buffer_new_memdup (pcm->data, pcm->len);

  /* Times of the encoder's own: the frames are timed afterwards, from the
   * masters. */
  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (*pushed, GST_SECOND, rate);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (count, GST_SECOND, rate);
  *pushed += count;
  gst_app_src_push_buffer (GST_APP_SRC (encoder->src), buffer);
  g_byte_array_set_size (pcm, 0);
  encoder_drain (encoder);
}

/* The time of the @n-th sound sample fed to the encoder (negative: the
 * priming, before the first), from the masters' frame times; @at walks
 * forward with rising @n. */
static gint64
input_time (const VigilWcSample *samples,
            gsize                n_samples,
            const guint64       *firsts,
            gint64               n,
            gsize               *at,
            guint                rate)
{
  if (n < 0)
    return samples[0].time_us - (-n * G_USEC_PER_SEC + rate - 1) / rate;
  while (*at + 1 < n_samples && firsts[*at + 1] <= (guint64) n)
    (*at)++;
  return samples[*at].time_us + (gint64) ((guint64) n - firsts[*at]) * G_USEC_PER_SEC / rate;
}

gboolean
vigil_wc_convert_audio (const VigilWcFormat  *pcm,
                        const VigilWcSample  *samples,
                        gsize                 n_samples,
                        const VigilWcSource  *sources,
                        GByteArray           *aac,
                        GArray               *converted,
                        VigilWcFormat        *format,
                        guint                *priming,
                        gint64               *end_us,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_auto(Encoder) encoder = { 0 };
  g_autoptr(GByteArray) chunk = g_byte_array_sized_new (PUSH_BYTES);
  g_autoptr(GArray) starts = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n_samples);
  guint64 *firsts;
  const GstStructure *structure;
  const GValue *codec_data;
  GstClockTime deadline;
  guint64 pushed = 0, offset = 0;
  gint64 previous = G_MININT64;
  gsize at = 0;
  int rate = 0, channels = 0;

  g_assert (pcm->codec == VIGIL_WC_CODEC_PCMU || pcm->codec == VIGIL_WC_CODEC_PCMA);
  g_assert (n_samples > 0 && pcm->rate > 0 && pcm->channels > 0);

  g_array_set_size (starts, n_samples);
  firsts = (guint64 *) (gpointer) starts->data;
  encoder.aac = aac;
  if (!encoder_start (&encoder, pcm, error))
    return FALSE;

  for (gsize i = 0; i < n_samples; i++)
    {
      const VigilWcSample *sample = &samples[i];

      /* G.711: a byte a sample and channel. */
      firsts[i] = pushed + chunk->len / pcm->channels;
      g_byte_array_set_size (chunk, chunk->len + sample->size);
      if (!vigil_wc_read_at (sources[sample->source].fd, sources[sample->source].path, sample->offset,
                             chunk->data + chunk->len - sample->size, sample->size, error))
        return FALSE;
      if (chunk->len >= PUSH_BYTES)
        {
          encoder_push (&encoder, chunk, &pushed, pcm->rate, pcm->channels);
          if (g_cancellable_set_error_if_cancelled (cancellable, error) || !encoder_check (&encoder, error))
            return FALSE;
        }
    }
  if (chunk->len > 0)
    encoder_push (&encoder, chunk, &pushed, pcm->rate, pcm->channels);
  gst_app_src_end_of_stream (GST_APP_SRC (encoder.src));

  /* The last frames, up to the end of the stream. */
  deadline = g_get_monotonic_time () * GST_USECOND + DRAIN_TIMEOUT;
  while (!gst_app_sink_is_eos (GST_APP_SINK (encoder.sink)))
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (encoder.sink), 100 * GST_MSECOND);

      if (sample != NULL)
        encoder_take (&encoder, sample);
      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !encoder_check (&encoder, error))
        return FALSE;
      if ((GstClockTime) g_get_monotonic_time () * GST_USECOND > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("The sound could not be converted to AAC: the encoder did not finish"));
          return FALSE;
        }
    }

  if (encoder.caps == NULL || encoder.sizes->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The sound could not be converted to AAC"));
      return FALSE;
    }
  structure = gst_caps_get_structure (encoder.caps, 0);
  codec_data = gst_structure_get_value (structure, "codec_data");
  if (codec_data == NULL || !GST_VALUE_HOLDS_BUFFER (codec_data) || !gst_structure_get_int (structure, "rate", &rate)
      || !gst_structure_get_int (structure, "channels", &channels) || rate <= 0 || channels <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The sound could not be converted to AAC: the encoder did not describe it"));
      return FALSE;
    }
  {
    GstBuffer *buffer = gst_value_get_buffer (codec_data);
    GstMapInfo map;

    if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The sound could not be converted to AAC"));
        return FALSE;
      }
    format->config = g_bytes_new (map.data, map.size);
    gst_buffer_unmap (buffer, &map);
  }
  format->codec = VIGIL_WC_CODEC_AAC;
  format->rate = (guint) rate;
  format->channels = (guint) channels;
  *priming = PRIMING_SAMPLES;
  *end_us = input_time (samples, n_samples, firsts, (gint64) pushed, &at, pcm->rate);
  at = 0;

  /* Frame k holds the sound fed to the encoder from sample
   * k × 1024 − priming on: it is timed as that sample was recorded, so that
   * a gap in the masters stays where it was. */
  for (guint k = 0; k < encoder.sizes->len; k++)
    {
      VigilWcSample sample = { 0 };

      sample.time_us = input_time (samples, n_samples, firsts,
                                   (gint64) k * AAC_FRAME_SAMPLES - PRIMING_SAMPLES, &at, pcm->rate);
      /* Times that rise, where the masters' frames were timed closer
       * together than they last. */
      if (previous != G_MININT64)
        sample.time_us = MAX (sample.time_us, previous + 1000);
      previous = sample.time_us;
      sample.offset = offset;
      sample.size = g_array_index (encoder.sizes, guint32, k);
      sample.source = VIGIL_WC_CONVERTED;
      sample.track = VIGIL_WC_AUDIO;
      sample.keyframe = TRUE;
      offset += sample.size;
      g_array_append_val (converted, sample);
    }
  return TRUE;
}
