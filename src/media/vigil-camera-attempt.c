/* vigil-camera-attempt.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/sdp/gstsdpmessage.h>
#include <string.h>

#include "vigil-camera-attempt-private.h"

/* The low latency the console needs: the jitter buffer waits this long for a
 * late packet, where rtspsrc's default is 2 s. */
#define JITTER_LATENCY_MS 200
/* rtspsrc gives UDP this long to deliver before it asks for TCP instead. */
#define UDP_TIMEOUT_US (1500 * G_TIME_SPAN_MILLISECOND)
/* A connected camera that stops answering RTSP requests fails the attempt. */
#define TCP_TIMEOUT_US (5 * G_TIME_SPAN_SECOND)
#define LEVEL_INTERVAL_NS (100 * GST_MSECOND)
#define SILENCE_DB -100.0

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

/* What Vigil plays, by RTP encoding name: depayloader, parser (or none) and
 * decoder, and the name reports use. */
typedef struct
{
  const char     *encoding;
  VigilMediaKind  kind;
  const char     *codec;
  const char     *depayloader;
  const char     *parser;
  const char     *decoder;
} Codec;

static const Codec codecs[] = {
  { "H264", VIGIL_MEDIA_KIND_VIDEO, "h264", "rtph264depay", "h264parse", "avdec_h264" },
  { "H265", VIGIL_MEDIA_KIND_VIDEO, "h265", "rtph265depay", "h265parse", "avdec_h265" },
  { "MPEG4-GENERIC", VIGIL_MEDIA_KIND_AUDIO, "aac", "rtpmp4gdepay", "aacparse", "avdec_aac" },
  { "MP4A-LATM", VIGIL_MEDIA_KIND_AUDIO, "aac", "rtpmp4adepay", "aacparse", "avdec_aac" },
  { "PCMU", VIGIL_MEDIA_KIND_AUDIO, "pcmu", "rtppcmudepay", NULL, "mulawdec" },
  { "PCMA", VIGIL_MEDIA_KIND_AUDIO, "pcma", "rtppcmadepay", NULL, "alawdec" },
  { "OPUS", VIGIL_MEDIA_KIND_AUDIO, "opus", "rtpopusdepay", NULL, "opusdec" },
};

static const Codec *
find_codec (const char *encoding)
{
  for (gsize i = 0; encoding != NULL && i < G_N_ELEMENTS (codecs); i++)
    if (g_ascii_strcasecmp (codecs[i].encoding, encoding) == 0)
      return &codecs[i];
  return NULL;
}

struct _VigilCameraAttempt
{
  gatomicrefcount ref;

  /* Main context only. */
  GMainContext                   *context;
  const VigilCameraAttemptEvents *events;
  gpointer                        owner;    /* NULL once closed */
  VigilCameraAccess              *access;
  VigilCameraAttemptOptions       options;
  VigilCameraAttemptStage         stage;
  gint64                          started;
  gint64                          stage_started;
  GCancellable                   *cancellable;
  GSource                        *bus_watch;
  GstElement                     *pipeline;
  GstElement                     *capsfilter;

  /* Streaming threads and main context, under lock. */
  GMutex          lock;
  gint64          last_data;
  GstSample      *frame;
  gboolean        frame_pending;
  VigilMediaInfo  info;             /* filled from the SDP, then the caps */
  gboolean        playing_posted;
  gint            frames;           /* atomic */
};

/* Pipelines shutting down on their own threads, for wait_closed. */
static GMutex closing_lock;
static GCond closing_cond;
static guint closing_count;

static VigilCameraAttempt *
attempt_ref (VigilCameraAttempt *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

static void
attempt_unref (VigilCameraAttempt *self)
{
  if (!g_atomic_ref_count_dec (&self->ref))
    return;

  g_assert (self->pipeline == NULL && self->bus_watch == NULL);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->access, vigil_camera_access_free);
  g_clear_pointer (&self->options.encoded, vigil_encoded_handler_unref);
  g_clear_pointer (&self->frame, gst_sample_unref);
  g_free (self->info.video_codec);
  g_free (self->info.audio_codec);
  g_mutex_clear (&self->lock);
  g_main_context_unref (self->context);
  g_free (self);
}

static gint64
now (void)
{
  return g_get_monotonic_time ();
}

static void
set_stage (VigilCameraAttempt      *self,
           VigilCameraAttemptStage  stage)
{
  self->stage = stage;
  self->stage_started = now ();
}

static void
fail (VigilCameraAttempt *self,
      VigilCameraLoss     loss,
      const char         *detail)
{
  const char *password = vigil_camera_access_get_password (self->access);
  g_autofree char *said = NULL;

  if (self->owner == NULL || self->stage == VIGIL_CAMERA_ATTEMPT_FAILED)
    return;

  /* A camera or a library may echo what it was sent: no detail ever
   * carries the password on. */
  if (detail != NULL && password != NULL && *password != '\0' && strstr (detail, password) != NULL)
    detail = _("the camera's answer was withheld, as it quoted its credentials");

  set_stage (self, VIGIL_CAMERA_ATTEMPT_FAILED);
  said = g_strdup (detail);
  self->events->failed (self->owner, loss, said);
}

/* Posting from streaming threads to the owner's main context */

typedef void (*MainFunc) (VigilCameraAttempt *self);

typedef struct
{
  VigilCameraAttempt *attempt;
  MainFunc            func;
} Posted;

static gboolean
run_posted (gpointer data)
{
  Posted *posted = data;

  if (posted->attempt->owner != NULL)
    posted->func (posted->attempt);
  return G_SOURCE_REMOVE;
}

static void
free_posted (gpointer data)
{
  Posted *posted = data;

  attempt_unref (posted->attempt);
  g_free (posted);
}

static void
post_to_main (VigilCameraAttempt *self,
              MainFunc            func)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  Posted *posted = g_new0 (Posted, 1);

  posted->attempt = attempt_ref (self);
  posted->func = func;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, run_posted, posted, free_posted);
  g_source_set_static_name (source, "vigil-camera-attempt");
  g_source_attach (source, self->context);
}

static void
report_playing (VigilCameraAttempt *self)
{
  VigilMediaInfo info;

  if (self->stage != VIGIL_CAMERA_ATTEMPT_NEGOTIATING)
    return;

  g_mutex_lock (&self->lock);
  info = self->info;
  info.video_codec = g_strdup (self->info.video_codec);
  info.audio_codec = g_strdup (self->info.audio_codec);
  g_mutex_unlock (&self->lock);

  set_stage (self, VIGIL_CAMERA_ATTEMPT_PLAYING);
  self->events->playing (self->owner, &info);
  g_free (info.video_codec);
  g_free (info.audio_codec);
}

static void
report_frame (VigilCameraAttempt *self)
{
  g_mutex_lock (&self->lock);
  self->frame_pending = FALSE;
  g_mutex_unlock (&self->lock);

  if (self->stage == VIGIL_CAMERA_ATTEMPT_PLAYING)
    self->events->frame (self->owner);
}

/* Streaming threads */

static GstPadProbeReturn
on_video_data (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  VigilCameraAttempt *self = user_data;

  g_mutex_lock (&self->lock);
  self->last_data = now ();
  g_mutex_unlock (&self->lock);
  return GST_PAD_PROBE_OK;
}

/* The first parsed video frame: the camera is playing, and its caps say
 * what it sends. */
static GstPadProbeReturn
on_first_video (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  VigilCameraAttempt *self = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *structure = caps ? gst_caps_get_structure (caps, 0) : NULL;
  int width = 0, height = 0, fps_n = 0, fps_d = 1;

  if (structure != NULL)
    {
      gst_structure_get_int (structure, "width", &width);
      gst_structure_get_int (structure, "height", &height);
      gst_structure_get_fraction (structure, "framerate", &fps_n, &fps_d);
    }

  g_mutex_lock (&self->lock);
  self->info.width = MAX (width, 0);
  self->info.height = MAX (height, 0);
  self->info.fps_n = fps_n > 0 ? fps_n : 0;
  self->info.fps_d = fps_n > 0 && fps_d > 0 ? fps_d : 1;
  self->playing_posted = TRUE;
  g_mutex_unlock (&self->lock);

  post_to_main (self, report_playing);
  return GST_PAD_PROBE_REMOVE;
}

static GstFlowReturn
on_frame (GstAppSink *sink,
          gpointer    user_data)
{
  VigilCameraAttempt *self = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  gboolean post;

  if (sample == NULL)
    return GST_FLOW_OK;

  g_atomic_int_inc (&self->frames);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->frame, gst_sample_unref);
  self->frame = sample;
  post = !self->frame_pending;
  self->frame_pending = TRUE;
  g_mutex_unlock (&self->lock);

  if (post)
    post_to_main (self, report_frame);
  return GST_FLOW_OK;
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
    encoded->handler->func (encoded->kind, sample, encoded->handler->user_data);
  return GST_FLOW_OK;
}

static void
free_encoded_sink (gpointer data)
{
  EncodedSink *encoded = data;

  vigil_encoded_handler_unref (encoded->handler);
  g_free (encoded);
}

static GstElement *
make_encoded_sink (VigilCameraAttempt *self,
                   VigilMediaKind      kind)
{
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  GstAppSinkCallbacks callbacks = { .new_sample = on_encoded };
  EncodedSink *encoded = g_new0 (EncodedSink, 1);

  encoded->handler = vigil_encoded_handler_ref (self->options.encoded);
  encoded->kind = kind;
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, encoded, free_encoded_sink);
  return sink;
}

static GstCaps *
frame_caps (guint width,
            guint height)
{
  GstCaps *caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGBA", NULL);

  if (width > 0 && height > 0)
    gst_caps_set_simple (caps, "width", G_TYPE_INT, (int) width, "height", G_TYPE_INT, (int) height,
                         "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  return caps;
}

/* A named element, or a message saying which plugin is missing. */
static GstElement *
make_element (const char  *factory,
              GString     *missing)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_string_append_printf (missing, missing->len ? ", %s" : "%s", factory);
  return element;
}

static void
post_unsupported (VigilCameraAttempt *self,
                  GstElement         *from,
                  const char         *detail)
{
  GstStructure *structure = gst_structure_new ("vigil-unsupported", "detail", G_TYPE_STRING, detail, NULL);

  gst_element_post_message (from, gst_message_new_application (GST_OBJECT (from), structure));
}

static GstElement *
make_frame_sink (VigilCameraAttempt *self)
{
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  GstAppSinkCallbacks callbacks = { .new_sample = on_frame };

  /* Only the newest frame matters to a viewer. */
  g_object_set (sink, "sync", FALSE, "async", FALSE, "max-buffers", 1, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, attempt_ref (self), (GDestroyNotify) attempt_unref);
  return sink;
}

static void
add_to_chain (GPtrArray  *chain,
              GstElement *element)
{
  if (element != NULL)
    g_ptr_array_add (chain, gst_object_ref_sink (element));
}

/* depayloader ! [parser] ! [tee ! encoded sink] ! decoder ! … for one stream
 * of the camera, as a list of elements to link in order; %NULL with
 * @missing naming the plugins this machine lacks. */
static GPtrArray *
build_chain (VigilCameraAttempt  *self,
             const Codec         *codec,
             GString             *missing,
             GstElement         **tee)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (gst_object_unref);
  gboolean video = codec->kind == VIGIL_MEDIA_KIND_VIDEO;

  add_to_chain (chain, make_element (codec->depayloader, missing));
  if (codec->parser != NULL)
    add_to_chain (chain, make_element (codec->parser, missing));

  *tee = NULL;
  if (self->options.encoded != NULL && self->options.decode)
    add_to_chain (chain, *tee = gst_element_factory_make ("tee", NULL));
  else if (self->options.encoded != NULL)
    add_to_chain (chain, make_encoded_sink (self, codec->kind));

  if (self->options.decode)
    {
      GstElement *decoder = make_element (codec->decoder, missing);

      /* Frame threads each hold a frame back: slice threads only, for
       * latency. */
      if (decoder != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (decoder), "thread-type"))
        gst_util_set_object_arg (G_OBJECT (decoder), "thread-type", "slice");
      add_to_chain (chain, decoder);

      if (video)
        {
          add_to_chain (chain, make_element ("videoconvertscale", missing));
          g_autoptr(GstCaps) caps = NULL;
          GstElement *capsfilter = gst_element_factory_make ("capsfilter", NULL);

          g_mutex_lock (&self->lock);
          caps = frame_caps (self->options.width, self->options.height);
          self->capsfilter = capsfilter;
          g_mutex_unlock (&self->lock);
          g_object_set (capsfilter, "caps", caps, NULL);
          add_to_chain (chain, capsfilter);
          add_to_chain (chain, make_frame_sink (self));
        }
      else
        {
          GstElement *level = make_element ("level", missing);

          if (level != NULL)
            g_object_set (level, "interval", (guint64) LEVEL_INTERVAL_NS, "post-messages", TRUE, NULL);
          add_to_chain (chain, make_element ("audioconvert", missing));
          add_to_chain (chain, level);
        }
    }

  if ((self->options.decode && !video) || (!self->options.decode && self->options.encoded == NULL))
    {
      GstElement *sink = gst_element_factory_make ("fakesink", NULL);

      g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
      add_to_chain (chain, sink);
    }

  if (missing->len > 0)
    return NULL;
  return g_steal_pointer (&chain);
}

/* Links one stream of the camera, in the pipeline, to @pad. */
static void
link_stream (VigilCameraAttempt *self,
             GstElement         *rtspsrc,
             GstPad             *pad,
             const Codec        *codec)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GstPad) sinkpad = NULL;
  GstElement *tee = NULL;

  chain = build_chain (self, codec, missing, &tee);
  if (chain == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("this machine cannot play %s: GStreamer lacks %s"),
                                                 codec->codec, missing->str);

      if (codec->kind == VIGIL_MEDIA_KIND_VIDEO)
        post_unsupported (self, rtspsrc, detail);
      else
        g_debug ("camera %s: sound left out: %s", vigil_camera_access_get_url (self->access), detail);
      return;
    }

  for (guint i = 0; i < chain->len; i++)
    gst_bin_add (GST_BIN (self->pipeline), gst_object_ref (g_ptr_array_index (chain, i)));
  for (guint i = 1; i < chain->len; i++)
    gst_element_link (g_ptr_array_index (chain, i - 1), g_ptr_array_index (chain, i));

  if (tee != NULL)
    {
      GstElement *encoded = make_encoded_sink (self, codec->kind);

      gst_bin_add (GST_BIN (self->pipeline), encoded);
      gst_element_link (tee, encoded);
      gst_element_sync_state_with_parent (encoded);
    }

  if (codec->kind == VIGIL_MEDIA_KIND_VIDEO)
    {
      g_autoptr(GstPad) packets = gst_element_get_static_pad (g_ptr_array_index (chain, 0), "sink");
      g_autoptr(GstPad) parsed = gst_element_get_static_pad (g_ptr_array_index (chain, 1), "src");

      gst_pad_add_probe (packets, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                         on_video_data, attempt_ref (self), (GDestroyNotify) attempt_unref);
      gst_pad_add_probe (parsed, GST_PAD_PROBE_TYPE_BUFFER, on_first_video, attempt_ref (self),
                         (GDestroyNotify) attempt_unref);
    }

  for (guint i = chain->len; i > 0; i--)
    gst_element_sync_state_with_parent (g_ptr_array_index (chain, i - 1));

  sinkpad = gst_element_get_static_pad (g_ptr_array_index (chain, 0), "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    post_unsupported (self, rtspsrc, _("the camera's stream could not be linked"));
}

/* rtspsrc's pads appear as each stream's first packets arrive; the SDP says
 * at once what the camera will send, sound included. */
static void
on_sdp (GstElement    *rtspsrc,
        GstSDPMessage *sdp,
        gpointer       user_data)
{
  VigilCameraAttempt *self = user_data;

  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      const char *rtpmap = gst_sdp_media_get_attribute_val (media, "rtpmap");
      g_auto(GStrv) parts = NULL;
      const Codec *codec;

      /* "97 MPEG4-GENERIC/16000/1": payload type, encoding, rate, channels */
      if (rtpmap == NULL || (rtpmap = strchr (rtpmap, ' ')) == NULL)
        continue;
      parts = g_strsplit (rtpmap + 1, "/", 3);
      codec = find_codec (parts[0]);
      if (codec == NULL)
        continue;

      g_mutex_lock (&self->lock);
      if (codec->kind == VIGIL_MEDIA_KIND_VIDEO && self->info.video_codec == NULL)
        self->info.video_codec = g_strdup (codec->codec);
      else if (codec->kind == VIGIL_MEDIA_KIND_AUDIO && self->info.audio_codec == NULL)
        {
          const char *stereo = gst_sdp_media_get_attribute_val (media, "fmtp");

          self->info.audio_codec = g_strdup (codec->codec);
          self->info.audio_rate = parts[1] ? (guint) g_ascii_strtoull (parts[1], NULL, 10) : 0;
          self->info.audio_channels = parts[1] && parts[2] ? (guint) g_ascii_strtoull (parts[2], NULL, 10) : 1;
          /* Opus always says 2 channels in its rtpmap; its fmtp says
           * whether it sends them. */
          if (codec->decoder != NULL && g_str_equal (codec->codec, "opus"))
            self->info.audio_channels = stereo && strstr (stereo, "sprop-stereo=1") ? 2 : 1;
        }
      g_mutex_unlock (&self->lock);
    }
}

static void
on_pad_added (GstElement *rtspsrc,
              GstPad     *pad,
              gpointer    user_data)
{
  VigilCameraAttempt *self = user_data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *structure;
  const char *encoding;
  const Codec *codec;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  structure = gst_caps_get_structure (caps, 0);
  encoding = gst_structure_get_string (structure, "encoding-name");
  codec = find_codec (encoding);

  if (codec == NULL)
    {
      const char *media = gst_structure_get_string (structure, "media");

      if (g_strcmp0 (media, "video") == 0)
        {
          g_autofree char *detail = g_strdup_printf (_("the camera sends %s video, which Vigil does not play"),
                                                     encoding ? encoding : "unknown");
          post_unsupported (self, rtspsrc, detail);
        }
      else
        {
          GstElement *sink = gst_element_factory_make ("fakesink", NULL);
          g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (sink, "sink");

          /* Sound or data Vigil cannot use is left out. */
          g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
          gst_bin_add (GST_BIN (self->pipeline), sink);
          gst_element_sync_state_with_parent (sink);
          gst_pad_link (pad, sinkpad);
        }
      return;
    }

  link_stream (self, rtspsrc, pad, codec);
}

/* The bus, on the owner's main context */

static VigilCameraLoss
classify_error (VigilCameraAttempt  *self,
                const GError        *error,
                const char         **detail)
{
  *detail = error->message;

  if (error->domain == GST_RESOURCE_ERROR)
    switch (error->code)
      {
      case GST_RESOURCE_ERROR_NOT_AUTHORIZED:
        *detail = _("the camera refused the username and password");
        return VIGIL_CAMERA_LOSS_UNAUTHORIZED;
      case GST_RESOURCE_ERROR_NOT_FOUND:
        *detail = _("the camera has no stream at this address");
        return VIGIL_CAMERA_LOSS_ERROR;
      case GST_RESOURCE_ERROR_OPEN_READ:
      case GST_RESOURCE_ERROR_OPEN_READ_WRITE:
      case GST_RESOURCE_ERROR_READ:
      case GST_RESOURCE_ERROR_WRITE:
        if (self->stage == VIGIL_CAMERA_ATTEMPT_PLAYING)
          {
            *detail = _("the camera closed the connection");
            return VIGIL_CAMERA_LOSS_ENDED;
          }
        *detail = _("the camera closed the connection before it sent video");
        return VIGIL_CAMERA_LOSS_ERROR;
      default:
        break;
      }

  return VIGIL_CAMERA_LOSS_ERROR;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  VigilCameraAttempt *self = user_data;

  if (self->owner == NULL)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        const char *detail;
        VigilCameraLoss loss;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("camera %s: %s (%s)", vigil_camera_access_get_url (self->access), error->message,
                 debug ? debug : "");
        loss = classify_error (self, error, &detail);
        fail (self, loss, detail);
        break;
      }
    case GST_MESSAGE_EOS:
      fail (self, VIGIL_CAMERA_LOSS_ENDED, _("the camera ended the stream"));
      break;
    case GST_MESSAGE_APPLICATION:
      {
        const GstStructure *structure = gst_message_get_structure (message);

        if (gst_structure_has_name (structure, "vigil-unsupported"))
          fail (self, VIGIL_CAMERA_LOSS_ERROR, gst_structure_get_string (structure, "detail"));
        break;
      }
    case GST_MESSAGE_ELEMENT:
      {
        const GstStructure *structure = gst_message_get_structure (message);
        const GValue *rms;
        double loudest = SILENCE_DB;

        if (!gst_structure_has_name (structure, "level") ||
            (rms = gst_structure_get_value (structure, "rms")) == NULL)
          break;

        G_GNUC_BEGIN_IGNORE_DEPRECATIONS
        /* level still posts a GValueArray. */
        if (G_VALUE_TYPE (rms) == g_value_array_get_type ())
          {
            GValueArray *channels = g_value_get_boxed (rms);

            for (guint i = 0; i < channels->n_values; i++)
              loudest = MAX (loudest, g_value_get_double (g_value_array_get_nth (channels, i)));
          }
        G_GNUC_END_IGNORE_DEPRECATIONS
        if (self->stage == VIGIL_CAMERA_ATTEMPT_PLAYING)
          self->events->level (self->owner, MAX (loudest, SILENCE_DB));
        break;
      }
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Starting */

static void
start_pipeline (VigilCameraAttempt *self)
{
  const char *username = vigil_camera_access_get_username (self->access);
  const char *password = vigil_camera_access_get_password (self->access);
  g_autoptr(GstBus) bus = NULL;
  GstElement *rtspsrc = gst_element_factory_make ("rtspsrc", NULL);

  if (rtspsrc == NULL)
    {
      fail (self, VIGIL_CAMERA_LOSS_ERROR, _("this machine cannot play RTSP: GStreamer lacks rtspsrc"));
      return;
    }

  set_stage (self, VIGIL_CAMERA_ATTEMPT_NEGOTIATING);

  g_object_set (rtspsrc,
                "location", vigil_camera_access_get_url (self->access),
                "latency", (guint) JITTER_LATENCY_MS,
                "drop-on-latency", TRUE,
                "timeout", (guint64) UDP_TIMEOUT_US,
                "tcp-timeout", (guint64) TCP_TIMEOUT_US,
                "add-reference-timestamp-meta", TRUE,
                NULL);
  if (self->options.tcp_only)
    gst_util_set_object_arg (G_OBJECT (rtspsrc), "protocols", "tcp");
  /* Credentials go to rtspsrc as properties, never in the URL, so that no
   * message quoting the URL can carry them. */
  if (username != NULL)
    g_object_set (rtspsrc, "user-id", username, "user-pw", password ? password : "", NULL);

  g_signal_connect_data (rtspsrc, "on-sdp", G_CALLBACK (on_sdp), attempt_ref (self),
                         (GClosureNotify) (void (*) (void)) attempt_unref, 0);
  g_signal_connect_data (rtspsrc, "pad-added", G_CALLBACK (on_pad_added), attempt_ref (self),
                         (GClosureNotify) (void (*) (void)) attempt_unref, 0);

  self->pipeline = gst_pipeline_new (NULL);
  gst_bin_add (GST_BIN (self->pipeline), rtspsrc);

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, (GSourceFunc) (void (*) (void)) on_bus_message, attempt_ref (self),
                         (GDestroyNotify) attempt_unref);
  g_source_attach (self->bus_watch, self->context);

  g_mutex_lock (&closing_lock);
  closing_count++;
  g_mutex_unlock (&closing_lock);

  /* rtspsrc connects on a thread of its own: this returns at once. */
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    fail (self, VIGIL_CAMERA_LOSS_ERROR, _("the camera's stream could not be started"));
}

static void
on_probed (GObject      *client,
           GAsyncResult *result,
           gpointer      user_data)
{
  VigilCameraAttempt *self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (client), result, &error);
  if (self->owner == NULL || self->stage != VIGIL_CAMERA_ATTEMPT_PROBING)
    {
      attempt_unref (self);
      return;
    }

  if (connection == NULL)
    {
      g_autofree char *detail = NULL;
      VigilCameraLoss loss = VIGIL_CAMERA_LOSS_UNREACHABLE;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        loss = VIGIL_CAMERA_LOSS_REFUSED;
      detail = g_strdup_printf (loss == VIGIL_CAMERA_LOSS_REFUSED
                                ? _("nothing answers on the camera's port: %s")
                                : _("the camera cannot be reached: %s"), error->message);
      fail (self, loss, detail);
      attempt_unref (self);
      return;
    }

  /* The host answers: the probe's connection has done its work. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  start_pipeline (self);
  attempt_unref (self);
}

static gboolean
on_probe_timeout (gpointer user_data)
{
  VigilCameraAttempt *self = user_data;

  if (self->owner != NULL && self->stage == VIGIL_CAMERA_ATTEMPT_PROBING)
    {
      g_autoptr(GUri) uri = g_uri_parse (vigil_camera_access_get_url (self->access), G_URI_FLAGS_NONE, NULL);
      g_autofree char *detail = g_strdup_printf (_("no answer from %s"), uri ? g_uri_get_host (uri) : "");

      g_cancellable_cancel (self->cancellable);
      fail (self, VIGIL_CAMERA_LOSS_UNREACHABLE, detail);
    }
  return G_SOURCE_REMOVE;
}

static void
fail_bad_url (VigilCameraAttempt *self)
{
  fail (self, VIGIL_CAMERA_LOSS_ERROR, _("the camera's address is not a valid URL"));
}

VigilCameraAttempt *
vigil_camera_attempt_start (VigilCameraAccess               *access,
                            const VigilCameraAttemptOptions *options,
                            guint                            probe_timeout_ms,
                            const VigilCameraAttemptEvents  *events,
                            gpointer                         owner)
{
  VigilCameraAttempt *self = g_new0 (VigilCameraAttempt, 1);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_autoptr(GError) error = NULL;
  const char *url = vigil_camera_access_get_url (access);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->events = events;
  self->owner = owner;
  self->access = vigil_camera_access_copy (access);
  self->options = *options;
  if (options->encoded != NULL)
    self->options.encoded = vigil_encoded_handler_ref (options->encoded);
  self->cancellable = g_cancellable_new ();
  self->started = now ();
  set_stage (self, VIGIL_CAMERA_ATTEMPT_PROBING);

  address = g_network_address_parse_uri (url, g_str_has_prefix (url, "rtsps") ? 322 : 554, &error);
  if (address == NULL)
    {
      post_to_main (self, fail_bad_url);
      return self;
    }

  g_socket_client_connect_async (client, address, self->cancellable, on_probed, attempt_ref (self));

  timeout = g_timeout_source_new (probe_timeout_ms);
  g_source_set_callback (timeout, on_probe_timeout, attempt_ref (self), (GDestroyNotify) attempt_unref);
  g_source_attach (timeout, self->context);
  return self;
}

/* Closing */

static void
shut_down (gpointer data,
           gpointer user_data)
{
  GstElement *pipeline = data;

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  g_mutex_lock (&closing_lock);
  closing_count--;
  g_cond_broadcast (&closing_cond);
  g_mutex_unlock (&closing_lock);
}

void
vigil_camera_attempt_close (VigilCameraAttempt *self)
{
  static GThreadPool *pool;

  if (self == NULL)
    return;

  self->owner = NULL;
  g_cancellable_cancel (self->cancellable);
  if (self->bus_watch != NULL)
    {
      g_source_destroy (self->bus_watch);
      g_clear_pointer (&self->bus_watch, g_source_unref);
    }

  g_mutex_lock (&self->lock);
  self->capsfilter = NULL;
  g_mutex_unlock (&self->lock);

  /* Stopping rtspsrc sends TEARDOWN and may wait on a camera that no longer
   * answers: never on the caller's thread. */
  if (self->pipeline != NULL)
    {
      if (g_once_init_enter (&pool))
        g_once_init_leave (&pool, g_thread_pool_new (shut_down, NULL, -1, FALSE, NULL));
      g_thread_pool_push (pool, g_steal_pointer (&self->pipeline), NULL);
    }

  attempt_unref (self);
}

gboolean
vigil_camera_attempt_wait_closed (guint timeout_ms)
{
  gint64 deadline = now () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean closed;

  g_mutex_lock (&closing_lock);
  while (closing_count > 0 && g_cond_wait_until (&closing_cond, &closing_lock, deadline))
    ;
  closed = closing_count == 0;
  g_mutex_unlock (&closing_lock);
  return closed;
}

/* Reading */

VigilCameraAttemptStage
vigil_camera_attempt_get_stage (VigilCameraAttempt *self)
{
  return self->stage;
}

gint64
vigil_camera_attempt_get_started (VigilCameraAttempt *self)
{
  return self->started;
}

gint64
vigil_camera_attempt_get_stage_started (VigilCameraAttempt *self)
{
  return self->stage_started;
}

gint64
vigil_camera_attempt_get_last_data (VigilCameraAttempt *self)
{
  gint64 last;

  g_mutex_lock (&self->lock);
  last = self->last_data;
  g_mutex_unlock (&self->lock);
  return last;
}

guint
vigil_camera_attempt_get_frames (VigilCameraAttempt *self)
{
  return (guint) g_atomic_int_get (&self->frames);
}

void
vigil_camera_attempt_set_frame_size (VigilCameraAttempt *self,
                                     guint               width,
                                     guint               height)
{
  g_autoptr(GstCaps) caps = frame_caps (width, height);
  GstElement *capsfilter;

  g_mutex_lock (&self->lock);
  self->options.width = width;
  self->options.height = height;
  capsfilter = self->capsfilter ? gst_object_ref (self->capsfilter) : NULL;
  g_mutex_unlock (&self->lock);

  if (capsfilter != NULL)
    {
      g_object_set (capsfilter, "caps", caps, NULL);
      gst_object_unref (capsfilter);
    }
}

GstSample *
vigil_camera_attempt_pull_frame (VigilCameraAttempt *self)
{
  GstSample *frame;

  g_mutex_lock (&self->lock);
  frame = g_steal_pointer (&self->frame);
  g_mutex_unlock (&self->lock);
  return frame;
}
