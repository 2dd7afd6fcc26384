/* vigil-camera-chain.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <gst/app/gstappsink.h>
#include <string.h>

#include "vigil-camera-chain-private.h"

#define LEVEL_INTERVAL_NS (100 * GST_MSECOND)

/* What Vigil plays, by RTP encoding name. */
static const VigilCodec codecs[] = {
  { "H264", VIGIL_MEDIA_KIND_VIDEO, "h264", "rtph264depay", "h264parse", "avdec_h264" },
  { "H265", VIGIL_MEDIA_KIND_VIDEO, "h265", "rtph265depay", "h265parse", "avdec_h265" },
  { "MPEG4-GENERIC", VIGIL_MEDIA_KIND_AUDIO, "aac", "rtpmp4gdepay", "aacparse", "avdec_aac" },
  { "MP4A-LATM", VIGIL_MEDIA_KIND_AUDIO, "aac", "rtpmp4adepay", "aacparse", "avdec_aac" },
  { "PCMU", VIGIL_MEDIA_KIND_AUDIO, "pcmu", "rtppcmudepay", NULL, "mulawdec" },
  { "PCMA", VIGIL_MEDIA_KIND_AUDIO, "pcma", "rtppcmadepay", NULL, "alawdec" },
  { "OPUS", VIGIL_MEDIA_KIND_AUDIO, "opus", "rtpopusdepay", NULL, "opusdec" },
};

const VigilCodec *
vigil_codec_find (const char *encoding)
{
  for (gsize i = 0; encoding != NULL && i < G_N_ELEMENTS (codecs); i++)
    if (g_ascii_strcasecmp (codecs[i].encoding, encoding) == 0)
      return &codecs[i];
  return NULL;
}

void
vigil_codec_read_sdp (const GstSDPMessage *sdp,
                      VigilMediaInfo      *info)
{
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      const char *rtpmap = gst_sdp_media_get_attribute_val (media, "rtpmap");
      const char *fmtp;
      g_auto(GStrv) parts = NULL;
      const VigilCodec *codec;

      /* "97 MPEG4-GENERIC/16000/1": payload type, encoding, rate, channels */
      if (rtpmap == NULL || (rtpmap = strchr (rtpmap, ' ')) == NULL)
        continue;
      parts = g_strsplit (rtpmap + 1, "/", 3);
      if ((codec = vigil_codec_find (parts[0])) == NULL)
        continue;

      if (codec->kind == VIGIL_MEDIA_KIND_VIDEO)
        {
          if (info->video_codec == NULL)
            info->video_codec = g_strdup (codec->name);
          continue;
        }
      if (info->audio_codec != NULL)
        continue;

      info->audio_codec = g_strdup (codec->name);
      info->audio_rate = parts[1] ? (guint) g_ascii_strtoull (parts[1], NULL, 10) : 0;
      info->audio_channels = parts[1] && parts[2] ? (guint) g_ascii_strtoull (parts[2], NULL, 10) : 1;
      /* Opus always says 2 channels in its rtpmap; its format parameters
       * say whether it sends them. */
      fmtp = gst_sdp_media_get_attribute_val (media, "fmtp");
      if (g_str_equal (codec->name, "opus"))
        info->audio_channels = fmtp && strstr (fmtp, "sprop-stereo=1") ? 2 : 1;
    }
}

/* The encoded stream */

struct _VigilEncodedHandler
{
  gatomicrefcount  ref;
  VigilEncodedFunc func;
  gpointer         user_data;
  GDestroyNotify   notify;
};

VigilEncodedHandler *
vigil_encoded_handler_new (VigilEncodedFunc func,
                           gpointer         user_data,
                           GDestroyNotify   notify)
{
  VigilEncodedHandler *handler = g_new0 (VigilEncodedHandler, 1);

  g_atomic_ref_count_init (&handler->ref);
  handler->func = func;
  handler->user_data = user_data;
  handler->notify = notify;
  return handler;
}

VigilEncodedHandler *
vigil_encoded_handler_ref (VigilEncodedHandler *handler)
{
  g_atomic_ref_count_inc (&handler->ref);
  return handler;
}

void
vigil_encoded_handler_unref (VigilEncodedHandler *handler)
{
  if (handler == NULL || !g_atomic_ref_count_dec (&handler->ref))
    return;
  if (handler->notify != NULL)
    handler->notify (handler->user_data);
  g_free (handler);
}

/* A sample's info: the time its frame arrived. */
#define ARRIVAL_INFO "vigil-arrival"

GstSample *
vigil_encoded_sample_new (GstBuffer *frame,
                          GstCaps   *caps,
                          gint64     arrival)
{
  return gst_sample_new (frame, caps, NULL, gst_structure_new (ARRIVAL_INFO, "time", G_TYPE_INT64, arrival, NULL));
}

gint64
vigil_encoded_sample_get_arrival (GstSample *sample)
{
  const GstStructure *info = gst_sample_get_info (sample);
  gint64 arrival;

  if (info != NULL && gst_structure_has_name (info, ARRIVAL_INFO) &&
      gst_structure_get_int64 (info, "time", &arrival))
    return arrival;
  return g_get_real_time ();
}

void
vigil_encoded_handler_call (VigilEncodedHandler *handler,
                            VigilMediaKind       kind,
                            GstSample           *sample)
{
  handler->func (kind, sample, handler->user_data);
}

typedef struct
{
  VigilEncodedHandler *handler;
  VigilMediaKind       kind;
} EncodedSink;

static GstFlowReturn
on_encoded (GstAppSink *sink,
            gpointer    user_data)
{
  EncodedSink *encoded = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample != NULL)
    vigil_encoded_handler_call (encoded->handler, encoded->kind, sample);
  return GST_FLOW_OK;
}

static void
free_encoded_sink (gpointer data)
{
  EncodedSink *encoded = data;

  vigil_encoded_handler_unref (encoded->handler);
  g_free (encoded);
}

/* What the recorder can put in Matroska as it is (VigilSegmentWriter):
 * H.264 and H.265 in whole frames with their parameter sets in the caps'
 * codec_data, AAC without ADTS headers; the parsers convert to these. The
 * other codecs Vigil receives come as they are. */
static const char encoded_caps[] =
  "video/x-h264, stream-format=avc, alignment=au; "
  "video/x-h265, stream-format=hvc1, alignment=au; "
  "audio/mpeg, stream-format=raw; "
  "audio/x-mulaw; audio/x-alaw; audio/x-opus";

GstElement *
vigil_encoded_handler_make_sink (VigilEncodedHandler *handler,
                                 VigilMediaKind       kind)
{
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  GstAppSinkCallbacks callbacks = { .new_sample = on_encoded };
  EncodedSink *encoded = g_new0 (EncodedSink, 1);
  g_autoptr(GstCaps) caps = gst_caps_from_string (encoded_caps);

  encoded->handler = vigil_encoded_handler_ref (handler);
  encoded->kind = kind;
  g_object_set (sink, "sync", FALSE, "async", FALSE, "caps", caps, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, encoded, free_encoded_sink);
  return sink;
}

/* Chains */

GstCaps *
vigil_camera_chain_size_caps (guint width,
                              guint height)
{
  GstCaps *caps = gst_caps_new_empty_simple ("video/x-raw");

  if (width > 0 && height > 0)
    gst_caps_set_simple (caps, "width", G_TYPE_INT, (int) width, "height", G_TYPE_INT, (int) height,
                         "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  return caps;
}

/* A named element, or %NULL with its name added to @missing. */
static GstElement *
make_element (const char *factory,
              GString    *missing)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_string_append_printf (missing, missing->len ? ", %s" : "%s", factory);
  return element;
}

static GstElement *
make_filter (GstCaps *caps)
{
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);

  g_object_set (filter, "caps", caps, NULL);
  gst_caps_unref (caps);
  return filter;
}

static GstElement *
make_fakesink (void)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  return sink;
}

static void
append (VigilCameraChain *chain,
        GstElement       *element)
{
  if (element != NULL)
    g_ptr_array_add (chain->elements, gst_object_ref_sink (element));
}

static void
append_video_decoding (VigilCameraChain              *chain,
                       const VigilCameraChainOptions *options,
                       GString                       *missing)
{
  chain->size_filter = make_filter (vigil_camera_chain_size_caps (options->width, options->height));

  /* Scaled first, then converted: converting a full-size frame to RGB
   * before scaling it down costs about as much again as decoding it. */
  append (chain, make_element ("videoscale", missing));
  append (chain, chain->size_filter);
  append (chain, make_element ("videoconvert", missing));
  append (chain, make_filter (gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
                                                  gst_video_format_to_string (VIGIL_CAMERA_FRAME_FORMAT),
                                                  NULL)));
  append (chain, options->frame_sink);
}

gboolean
vigil_camera_chain_build (VigilCameraChain              *chain,
                          const VigilCodec              *codec,
                          const VigilCameraChainOptions *options,
                          GString                       *missing)
{
  gboolean video = codec->kind == VIGIL_MEDIA_KIND_VIDEO;

  memset (chain, 0, sizeof *chain);
  chain->elements = g_ptr_array_new_with_free_func (gst_object_unref);

  append (chain, make_element (codec->depayloader, missing));
  if (codec->parser != NULL)
    append (chain, make_element (codec->parser, missing));

  if (options->encoded != NULL && options->decode)
    append (chain, chain->tee = gst_element_factory_make ("tee", NULL));
  else if (options->encoded != NULL)
    append (chain, vigil_encoded_handler_make_sink (options->encoded, codec->kind));

  if (options->decode)
    {
      GstElement *decoder = make_element (codec->decoder, missing);

      /* Frame threads each hold a frame back: slice threads only, for
       * latency. */
      if (decoder != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (decoder), "thread-type"))
        gst_util_set_object_arg (G_OBJECT (decoder), "thread-type", "slice");
      append (chain, decoder);

      if (video)
        append_video_decoding (chain, options, missing);
      else
        {
          GstElement *level = make_element ("level", missing);

          if (level != NULL)
            g_object_set (level, "interval", (guint64) LEVEL_INTERVAL_NS, "post-messages", TRUE, NULL);
          append (chain, make_element ("audioconvert", missing));
          append (chain, level);
          /* The speakers' branch joins here when asked for, after the
           * level, so that no volume or mute ever changes the meter. */
          append (chain, chain->sound_tee = gst_element_factory_make ("tee", NULL));
          append (chain, make_fakesink ());
        }
    }
  else if (options->encoded == NULL)
    append (chain, make_fakesink ());

  if (missing->len == 0)
    return TRUE;
  vigil_camera_chain_clear (chain);
  return FALSE;
}

void
vigil_camera_chain_clear (VigilCameraChain *chain)
{
  g_clear_pointer (&chain->elements, g_ptr_array_unref);
  chain->tee = NULL;
  chain->size_filter = NULL;
  chain->sound_tee = NULL;
}

/* Sound output */

static GQuark
sound_output_quark (void)
{
  return g_quark_from_static_string ("vigil-sound-output");
}

/* pulsesink names its stream (media.name) after the title in the tags it
 * receives, "Playback Stream" without one: every tag event on the way in is
 * replaced by the room's name, and the first buffer brings it where no tags
 * came. */
typedef struct
{
  GstTagList *title;
  gboolean    named;    /* streaming thread only */
} StreamTitle;

static void
stream_title_free (gpointer data)
{
  StreamTitle *title = data;

  gst_tag_list_unref (title->title);
  g_free (title);
}

static GstPadProbeReturn
name_stream (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         user_data)
{
  StreamTitle *title = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER)
    {
      /* In the order sticky events keep: after the segment, before the
       * buffer. The pad's stream lock is held, and taken again. */
      if (!title->named)
        gst_pad_send_event (pad, gst_event_new_tag (gst_tag_list_ref (title->title)));
      return GST_PAD_PROBE_OK;
    }

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_TAG)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
      GstTagList *tags = NULL;

      gst_event_parse_tag (event, &tags);
      if (tags != title->title)
        {
          gst_event_unref (event);
          GST_PAD_PROBE_INFO_DATA (info) = gst_event_new_tag (gst_tag_list_ref (title->title));
        }
      title->named = TRUE;
    }
  return GST_PAD_PROBE_OK;
}

GstElement *
vigil_sound_output_new (const char  *stream_name,
                        double       volume,
                        gboolean     muted,
                        GstElement **volume_element,
                        GString     *missing)
{
  const char *factories[] = { "queue", "audioconvert", "audioresample", "volume", "pulsesink" };
  GstElement *elements[G_N_ELEMENTS (factories)];
  g_autoptr(GstStructure) properties = NULL;
  g_autoptr(GstPad) sinkpad = NULL;
  StreamTitle *title;
  GstElement *bin;

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    elements[i] = make_element (factories[i], missing);
  if (missing->len > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
        if (elements[i] != NULL)
          gst_object_unref (gst_object_ref_sink (elements[i]));
      return NULL;
    }

  /* Its own thread, and never more than 200 ms behind: a sound server that
   * stalls holds neither the level nor the decoder, and drops what it
   * missed rather than playing it late. */
  g_object_set (elements[0], "leaky", 2 /* downstream */, "max-size-buffers", 0, "max-size-bytes", 0,
                "max-size-time", (guint64) (200 * GST_MSECOND), "silent", TRUE, NULL);
  g_object_set (elements[3], "volume", volume, "mute", muted, NULL);

  /* Through pipewire-pulse: pipewiresink 0.3.65 has no audio ring buffer
   * and let its delay wander between 10 and 550 ms (docs/camera-source.md).
   * node.name and media.name (the title, above) are what PipeWire's tools
   * show and route by.
   * In time with the pipeline's clock (sync), so that a camera whose clock
   * runs fast or slow is matched rather than left to fill or starve the
   * buffer; but never the pipeline's clock itself, nor waited for. */
  properties = gst_structure_new ("properties",
                                  "media.name", G_TYPE_STRING, stream_name,
                                  "node.name", G_TYPE_STRING, stream_name,
                                  "node.description", G_TYPE_STRING, stream_name,
                                  "application.name", G_TYPE_STRING, "Vigil",
                                  NULL);
  g_object_set (elements[4],
                "client-name", "Vigil",
                "stream-properties", properties,
                "buffer-time", (gint64) (100 * G_TIME_SPAN_MILLISECOND),
                "latency-time", (gint64) (20 * G_TIME_SPAN_MILLISECOND),
                "provide-clock", FALSE,
                "sync", TRUE,
                "async", FALSE,
                NULL);

  bin = gst_bin_new (NULL);
  g_object_set_qdata (G_OBJECT (bin), sound_output_quark (), GINT_TO_POINTER (TRUE));
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    gst_bin_add (GST_BIN (bin), elements[i]);
  for (guint i = 1; i < G_N_ELEMENTS (elements); i++)
    gst_element_link (elements[i - 1], elements[i]);

  title = g_new0 (StreamTitle, 1);
  title->title = gst_tag_list_new (GST_TAG_TITLE, stream_name, NULL);
  sinkpad = gst_element_get_static_pad (elements[0], "sink");
  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_BUFFER, name_stream, title,
                     stream_title_free);
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sinkpad));

  *volume_element = elements[3];
  return bin;
}

gboolean
vigil_sound_output_contains (GstObject *object)
{
  g_autoptr(GstObject) current = object ? gst_object_ref (object) : NULL;

  while (current != NULL)
    {
      GstObject *parent;

      if (g_object_get_qdata (G_OBJECT (current), sound_output_quark ()) != NULL)
        return TRUE;
      parent = gst_object_get_parent (current);
      gst_object_unref (current);
      current = parent;
    }
  return FALSE;
}

typedef struct
{
  GstElement     *tee;
  GstPad         *pad;      /* or %NULL: never linked */
  GstElement     *output;
  GDestroyNotify  done;
  gpointer        data;
} SoundRemoval;

static void
stop_sound_output (GstElement *output,
                   gpointer    user_data)
{
  SoundRemoval *removal = user_data;
  g_autoptr(GstObject) parent = gst_element_get_parent (output);

  gst_element_set_state (output, GST_STATE_NULL);
  if (parent != NULL)
    gst_bin_remove (GST_BIN (parent), output);
  if (removal->pad != NULL)
    gst_element_release_request_pad (removal->tee, removal->pad);
}

static void
free_sound_removal (gpointer data)
{
  SoundRemoval *removal = data;

  gst_object_unref (removal->tee);
  g_clear_object (&removal->pad);
  gst_object_unref (removal->output);
  if (removal->done != NULL)
    removal->done (removal->data);
  g_free (removal);
}

/* The tee's pad is between two buffers: unlinked there, no buffer is ever
 * pushed into a half-stopped output. */
static GstPadProbeReturn
on_sound_pad_idle (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  SoundRemoval *removal = user_data;
  g_autoptr(GstPad) peer = gst_pad_get_peer (pad);

  if (peer != NULL)
    gst_pad_unlink (pad, peer);
  gst_element_call_async (removal->output, stop_sound_output, removal, free_sound_removal);
  return GST_PAD_PROBE_REMOVE;
}

void
vigil_sound_output_remove (GstElement     *output,
                           GstElement     *tee,
                           GstPad         *pad,
                           GDestroyNotify  done,
                           gpointer        data)
{
  SoundRemoval *removal = g_new0 (SoundRemoval, 1);

  removal->tee = gst_object_ref (tee);
  removal->pad = pad ? gst_object_ref (pad) : NULL;
  removal->output = gst_object_ref (output);
  removal->done = done;
  removal->data = data;
  if (pad != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_IDLE, on_sound_pad_idle, removal, NULL);
  else
    gst_element_call_async (output, stop_sound_output, removal, free_sound_removal);
}
