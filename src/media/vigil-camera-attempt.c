/* vigil-camera-attempt.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <string.h>

#include "vigil-camera-attempt-private.h"
#include "vigil-camera-sound-private.h"
#include "vigil-rtsp-receiver-private.h"

/* The low latency the console needs: the jitter buffer waits this long for a
 * late packet, where rtspsrc's default is 2 s. */
#define JITTER_LATENCY_MS 200
/* rtspsrc gives UDP this long to deliver before it asks for TCP instead. */
#define UDP_TIMEOUT_US (1500 * G_TIME_SPAN_MILLISECOND)
/* rtspsrc's own limit on an RTSP request, kept above the camera source's
 * (10 s), which decides when a silent camera's connection is made again. */
#define TCP_TIMEOUT_US (20 * G_TIME_SPAN_SECOND)
/* Once the attempt is closed, the limit on what rtspsrc still asks of the
 * camera (TEARDOWN): a camera that no longer answers holds its pipeline's
 * shutdown up this long, not TCP_TIMEOUT_US. */
#define CLOSING_TCP_TIMEOUT_US (1 * G_TIME_SPAN_SECOND)
/* How long stopping rtspsrc waits for its thread to have closed the
 * connection (its teardown-timeout, 100 ms unless set): well above
 * CLOSING_TCP_TIMEOUT_US, so that only a thread stuck elsewhere outlasts
 * it. See shut_down(). */
#define CLOSING_WAIT_NS (3 * GST_SECOND)
/* The name of the pipeline's rtspsrc. */
#define RTSPSRC_NAME "camera"

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
  GSource                        *probe_timeout;
  GSource                        *bus_watch;
  GstElement                     *pipeline;
  /* A recorder's attempt (no decoding, no sound played) takes H.264 and AAC
   * with Vigil's own receiver, and anything else with rtspsrc. */
  gboolean                        own_receiver;
  VigilRtspReceiver              *receiver;

  /* Streaming threads and main context, under lock. */
  GMutex          lock;
  gboolean        closed;
  GstElement     *size_filter;      /* referenced */
  gboolean        video_linked;
  gint64          last_data;
  GstSample      *frame;
  gboolean        frame_pending;
  VigilMediaInfo  info;             /* filled from the SDP, then the caps */
  gboolean        answered;
  guint           linking;          /* streams being linked now */
  GCond           linked;           /* when linking falls to 0 */
  gint            frames;           /* atomic */
  VigilCameraLoss receiver_loss;    /* the receiver's failure, for the main context */
  char           *receiver_detail;

  /* Any thread; locked on its own. */
  VigilCameraSound *sound;
};

/* Pipelines and sound outputs of closed attempts still shutting down, for
 * wait_closed. */
static GMutex shutting_lock;
static GCond shutting_cond;
static guint shutting_down;

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

  g_assert (self->pipeline == NULL && self->bus_watch == NULL && self->probe_timeout == NULL && self->receiver == NULL);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->access, vigil_camera_access_free);
  g_clear_pointer (&self->options.encoded, vigil_encoded_handler_unref);
  g_clear_pointer (&self->frame, gst_sample_unref);
  g_free (self->info.video_codec);
  g_free (self->info.audio_codec);
  g_free (self->receiver_detail);
  vigil_camera_sound_unref (self->sound);
  g_cond_clear (&self->linked);
  g_mutex_clear (&self->lock);
  g_main_context_unref (self->context);
  g_free (self);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
set_stage (VigilCameraAttempt      *self,
           VigilCameraAttemptStage  stage)
{
  self->stage = stage;
  self->stage_started = g_get_monotonic_time ();
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
  g_autoptr(VigilMediaInfo) info = NULL;

  if (self->stage != VIGIL_CAMERA_ATTEMPT_NEGOTIATING)
    return;

  g_mutex_lock (&self->lock);
  info = vigil_media_info_copy (&self->info);
  g_mutex_unlock (&self->lock);

  set_stage (self, VIGIL_CAMERA_ATTEMPT_PLAYING);
  self->events->playing (self->owner, info);
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

/* Video data came, from rtspsrc's pad or Vigil's own receiver's thread. */
static void
note_video_data (gpointer owner)
{
  VigilCameraAttempt *self = owner;

  g_mutex_lock (&self->lock);
  self->last_data = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
}

static GstPadProbeReturn
on_video_data (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  note_video_data (user_data);
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
  self->info.fps_n = fps_n > 0 && fps_d > 0 ? fps_n : 0;
  self->info.fps_d = fps_n > 0 && fps_d > 0 ? fps_d : 1;
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
post_unsupported (GstElement *rtspsrc,
                  const char *detail)
{
  GstStructure *structure = gst_structure_new ("vigil-unsupported", "detail", G_TYPE_STRING, detail, NULL);

  gst_element_post_message (rtspsrc, gst_message_new_application (GST_OBJECT (rtspsrc), structure));
}

/* Streams Vigil does not use (data, a second video stream, sound it cannot
 * decode) are drained and left out. */
static void
drain (GstBin *bin,
       GstPad *pad)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (sink, "sink");

  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (bin, sink);
  gst_element_sync_state_with_parent (sink);
  gst_pad_link (pad, sinkpad);
}

/* Links one stream of the camera, in @bin, to @pad. */
static void
link_stream (VigilCameraAttempt *self,
             GstBin             *bin,
             GstElement         *rtspsrc,
             GstPad             *pad,
             const VigilCodec   *codec)
{
  gboolean video = codec->kind == VIGIL_MEDIA_KIND_VIDEO;
  VigilCameraChainOptions options = {
    .decode = self->options.decode,
    .encoded = self->options.encoded,
  };
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GstPad) sinkpad = NULL;
  VigilCameraChain chain;
  gboolean closed;

  g_mutex_lock (&self->lock);
  options.width = self->options.width;
  options.height = self->options.height;
  if (video && self->video_linked)
    codec = NULL;
  g_mutex_unlock (&self->lock);

  if (codec == NULL)
    {
      drain (bin, pad);
      return;
    }

  if (video && options.decode)
    options.frame_sink = make_frame_sink (self);
  if (!vigil_camera_chain_build (&chain, codec, &options, missing))
    {
      g_autofree char *detail = g_strdup_printf (_("this machine cannot play %s: GStreamer lacks %s"),
                                                 codec->name, missing->str);

      if (video)
        post_unsupported (rtspsrc, detail);
      else
        {
          g_debug ("camera %s: sound left out: %s", vigil_camera_access_get_url (self->access), detail);
          drain (bin, pad);
        }
      return;
    }

  /* The elements are not floating: the bin takes a reference of its own,
   * and the chain's go when it is cleared. */
  for (guint i = 0; i < chain.elements->len; i++)
    gst_bin_add (bin, g_ptr_array_index (chain.elements, i));
  for (guint i = 1; i < chain.elements->len; i++)
    gst_element_link (g_ptr_array_index (chain.elements, i - 1), g_ptr_array_index (chain.elements, i));

  if (chain.tee != NULL)
    {
      GstElement *encoded = vigil_encoded_handler_make_sink (options.encoded, codec->kind);

      gst_bin_add (bin, encoded);
      gst_element_link (chain.tee, encoded);
      gst_element_sync_state_with_parent (encoded);
    }

  if (video)
    {
      g_autoptr(GstPad) packets = gst_element_get_static_pad (g_ptr_array_index (chain.elements, 0), "sink");
      g_autoptr(GstPad) parsed = gst_element_get_static_pad (g_ptr_array_index (chain.elements, 1), "src");

      gst_pad_add_probe (packets, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                         on_video_data, attempt_ref (self), (GDestroyNotify) attempt_unref);
      gst_pad_add_probe (parsed, GST_PAD_PROBE_TYPE_BUFFER, on_first_video, attempt_ref (self),
                         (GDestroyNotify) attempt_unref);
    }

  /* The size filter is the owner's to change, unless it closed meanwhile. */
  g_mutex_lock (&self->lock);
  closed = self->closed;
  if (video)
    self->video_linked = TRUE;
  if (!closed && chain.size_filter != NULL)
    g_set_object (&self->size_filter, chain.size_filter);
  g_mutex_unlock (&self->lock);

  for (guint i = chain.elements->len; i > 0; i--)
    gst_element_sync_state_with_parent (g_ptr_array_index (chain.elements, i - 1));

  if (chain.sound_tee != NULL)
    vigil_camera_sound_add_tee (self->sound, chain.sound_tee);

  sinkpad = gst_element_get_static_pad (g_ptr_array_index (chain.elements, 0), "sink");
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK && video)
    post_unsupported (rtspsrc, _("the camera's stream could not be linked"));
  vigil_camera_chain_clear (&chain);
}

/* rtspsrc's pads appear as each stream's first packets arrive; the SDP says
 * at once what the camera will send, sound included. */
static void
on_sdp (GstElement    *rtspsrc,
        GstSDPMessage *sdp,
        gpointer       user_data)
{
  VigilCameraAttempt *self = user_data;

  g_mutex_lock (&self->lock);
  self->answered = TRUE;
  vigil_codec_read_sdp (sdp, &self->info);
  g_mutex_unlock (&self->lock);
}

static void
link_pad (VigilCameraAttempt *self,
          GstBin             *bin,
          GstElement         *rtspsrc,
          GstPad             *pad,
          gboolean            video_linked)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *structure;
  const char *encoding;
  const VigilCodec *codec;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  structure = gst_caps_get_structure (caps, 0);
  encoding = gst_structure_get_string (structure, "encoding-name");
  codec = vigil_codec_find (encoding);

  if (codec != NULL)
    link_stream (self, bin, rtspsrc, pad, codec);
  else if (g_strcmp0 (gst_structure_get_string (structure, "media"), "video") == 0 && !video_linked)
    {
      g_autofree char *detail = g_strdup_printf (_("the camera sends %s video, which Vigil does not play"),
                                                 encoding ? encoding : "unknown");
      post_unsupported (rtspsrc, detail);
    }
  else
    drain (bin, pad);
}

static void
on_pad_added (GstElement *rtspsrc,
              GstPad     *pad,
              gpointer    user_data)
{
  VigilCameraAttempt *self = user_data;
  /* The pipeline, taken from rtspsrc itself: the attempt may be closing on
   * the main context and have handed its own pointer on. */
  g_autoptr(GstObject) bin = gst_element_get_parent (rtspsrc);
  gboolean closed, video_linked;

  /* Counted until linked: the shutdown waits for it (see shut_down()). */
  g_mutex_lock (&self->lock);
  closed = self->closed || bin == NULL;
  video_linked = self->video_linked;
  if (!closed)
    self->linking++;
  g_mutex_unlock (&self->lock);
  if (closed)
    return;

  link_pad (self, GST_BIN (bin), rtspsrc, pad, video_linked);

  g_mutex_lock (&self->lock);
  if (--self->linking == 0)
    g_cond_broadcast (&self->linked);
  g_mutex_unlock (&self->lock);
}

/* The bus, on the owner's main context */

static VigilCameraLoss
classify_error (VigilCameraAttempt  *self,
                const GError        *error,
                const char         **detail)
{
  *detail = error->message;

  if (error->domain != GST_RESOURCE_ERROR)
    return VIGIL_CAMERA_LOSS_ERROR;

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
      *detail = self->stage == VIGIL_CAMERA_ATTEMPT_PLAYING
                ? _("the camera closed the connection")
                : _("the camera closed the connection before it sent video");
      return VIGIL_CAMERA_LOSS_ENDED;
    default:
      return VIGIL_CAMERA_LOSS_ERROR;
    }
}

static void
report_level (VigilCameraAttempt *self,
              const GValue       *rms)
{
  double loudest = VIGIL_SOUND_LEVEL_SILENCE;

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
    self->events->level (self->owner, loudest);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  VigilCameraAttempt *self = user_data;
  const GstStructure *structure = gst_message_get_structure (message);

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
        if (vigil_sound_output_contains (GST_MESSAGE_SRC (message)))
          {
            vigil_camera_sound_lose (self->sound, GST_MESSAGE_SRC (message), error);
            break;
          }
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
      if (gst_structure_has_name (structure, "vigil-unsupported"))
        fail (self, VIGIL_CAMERA_LOSS_ERROR, gst_structure_get_string (structure, "detail"));
      break;
    case GST_MESSAGE_LATENCY:
      /* The one sink that keeps time, the sound output, then plays each
       * sample at a steady delay (the jitter buffer's included) instead of
       * racing it; every other sink plays on arrival and is not counted. */
      gst_bin_recalculate_latency (GST_BIN (self->pipeline));
      break;
    case GST_MESSAGE_ELEMENT:
      if (gst_structure_has_name (structure, "level") && gst_structure_has_field (structure, "rms"))
        report_level (self, gst_structure_get_value (structure, "rms"));
      break;
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
  GstElement *rtspsrc = gst_element_factory_make ("rtspsrc", RTSPSRC_NAME);

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
  /* Frames timed by the camera's own clock (the RTP timestamps), spaced as
   * they were captured, rather than as they arrived. */
  if (self->options.camera_timing)
    gst_util_set_object_arg (G_OBJECT (rtspsrc), "buffer-mode", "none");
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

  /* rtspsrc connects on a thread of its own: this returns at once. */
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    fail (self, VIGIL_CAMERA_LOSS_ERROR, _("the camera's stream could not be started"));
}

/* Vigil's own receiver: its events come on its thread */

static void
on_receiver_answered (gpointer             owner,
                      const GstSDPMessage *sdp)
{
  on_sdp (NULL, (GstSDPMessage *) sdp, owner);
}

static void
on_receiver_playing (gpointer owner,
                     guint    width,
                     guint    height)
{
  VigilCameraAttempt *self = owner;

  g_debug ("camera %s: recorded by Vigil's own receiver", vigil_camera_access_get_url (self->access));
  g_mutex_lock (&self->lock);
  self->info.width = width;
  self->info.height = height;
  g_mutex_unlock (&self->lock);
  post_to_main (self, report_playing);
}

static void
fall_back (VigilCameraAttempt *self)
{
  if (self->stage != VIGIL_CAMERA_ATTEMPT_NEGOTIATING || self->receiver == NULL)
    return;
  vigil_rtsp_receiver_close (g_steal_pointer (&self->receiver));
  start_pipeline (self);
}

static void
on_receiver_unsupported (gpointer    owner,
                         const char *detail)
{
  g_debug ("camera %s: recorded through rtspsrc: %s",
           vigil_camera_access_get_url (((VigilCameraAttempt *) owner)->access), detail);
  post_to_main (owner, fall_back);
}

static void
report_receiver_failure (VigilCameraAttempt *self)
{
  g_autofree char *detail = NULL;
  VigilCameraLoss loss;

  g_mutex_lock (&self->lock);
  loss = self->receiver_loss;
  detail = g_steal_pointer (&self->receiver_detail);
  g_mutex_unlock (&self->lock);
  fail (self, loss, detail);
}

static void
on_receiver_failed (gpointer         owner,
                    VigilCameraLoss  loss,
                    const char      *detail)
{
  VigilCameraAttempt *self = owner;

  g_mutex_lock (&self->lock);
  self->receiver_loss = loss;
  g_free (self->receiver_detail);
  self->receiver_detail = g_strdup (detail);
  g_mutex_unlock (&self->lock);
  post_to_main (self, report_receiver_failure);
}

static const VigilRtspReceiverEvents receiver_events = {
  .answered = on_receiver_answered,
  .video_data = note_video_data,
  .playing = on_receiver_playing,
  .unsupported = on_receiver_unsupported,
  .failed = on_receiver_failed,
};

static void
start_receiver (VigilCameraAttempt *self)
{
  set_stage (self, VIGIL_CAMERA_ATTEMPT_NEGOTIATING);
  self->receiver = vigil_rtsp_receiver_start (self->access, self->options.encoded, &receiver_events, self,
                                              (gpointer (*) (gpointer)) attempt_ref,
                                              (GDestroyNotify) attempt_unref);
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
  destroy_source (&self->probe_timeout);

  if (connection == NULL)
    {
      gboolean refused = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
      g_autofree char *detail = g_strdup_printf (refused ? _("nothing answers on the camera's port (%s)")
                                                         : _("the camera cannot be reached (%s)"),
                                                 error->message);

      fail (self, refused ? VIGIL_CAMERA_LOSS_REFUSED : VIGIL_CAMERA_LOSS_UNREACHABLE, detail);
      attempt_unref (self);
      return;
    }

  /* The host answers: the probe's connection has done its work. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (self->own_receiver)
    start_receiver (self);
  else
    start_pipeline (self);
  attempt_unref (self);
}

static gboolean
on_probe_timeout (gpointer user_data)
{
  VigilCameraAttempt *self = user_data;
  g_autoptr(GUri) uri = g_uri_parse (vigil_camera_access_get_url (self->access), G_URI_FLAGS_NONE, NULL);
  g_autofree char *detail = g_strdup_printf (_("no answer from %s"), uri ? g_uri_get_host (uri) : "");

  g_clear_pointer (&self->probe_timeout, g_source_unref);
  g_cancellable_cancel (self->cancellable);
  fail (self, VIGIL_CAMERA_LOSS_UNREACHABLE, detail);
  return G_SOURCE_REMOVE;
}

static void
fail_bad_url (VigilCameraAttempt *self)
{
  fail (self, VIGIL_CAMERA_LOSS_ERROR, _("the camera's address is not a valid URL"));
}

VigilCameraAttempt *
vigil_camera_attempt_start (GMainContext                    *context,
                            VigilCameraAccess               *access,
                            const VigilCameraAttemptOptions *options,
                            guint                            probe_timeout_ms,
                            const VigilCameraAttemptEvents  *events,
                            gpointer                         owner)
{
  VigilCameraAttempt *self = g_new0 (VigilCameraAttempt, 1);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  const char *url = vigil_camera_access_get_url (access);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  g_cond_init (&self->linked);
  self->context = g_main_context_ref (context);
  self->events = events;
  self->owner = owner;
  self->access = vigil_camera_access_copy (access);
  self->options = *options;
  if (options->encoded != NULL)
    self->options.encoded = vigil_encoded_handler_ref (options->encoded);
  self->options.sound_output = NULL;
  self->own_receiver = !options->decode && options->encoded != NULL && options->sound_output == NULL &&
                       vigil_rtsp_receiver_accepts (access);
  self->sound = vigil_camera_sound_new (url, options->sound_output, options->volume, options->muted);
  self->cancellable = g_cancellable_new ();
  self->started = g_get_monotonic_time ();
  set_stage (self, VIGIL_CAMERA_ATTEMPT_PROBING);

  address = g_network_address_parse_uri (url, g_str_has_prefix (url, "rtsps") ? 322 : 554, NULL);
  if (address == NULL)
    {
      post_to_main (self, fail_bad_url);
      return self;
    }

  /* Straight to the camera, as rtspsrc goes: never through a proxy. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_main_context_push_thread_default (context);
  g_socket_client_connect_async (client, address, self->cancellable, on_probed, attempt_ref (self));
  g_main_context_pop_thread_default (context);

  self->probe_timeout = g_timeout_source_new (probe_timeout_ms);
  g_source_set_callback (self->probe_timeout, on_probe_timeout, attempt_ref (self), (GDestroyNotify) attempt_unref);
  g_source_attach (self->probe_timeout, context);
  return self;
}

/* Closing */

void
vigil_camera_attempt_count_shutting_down (int change)
{
  g_mutex_lock (&shutting_lock);
  shutting_down += change;
  g_cond_broadcast (&shutting_cond);
  g_mutex_unlock (&shutting_lock);
}

/* A closed attempt's pipeline, handed to the shut-down pool. */
typedef struct
{
  VigilCameraAttempt *attempt;     /* referenced */
  GstElement         *pipeline;
} Closing;

/* rtspsrc (1.22) works on a thread of its own, which runs one command at a
 * time (connecting with DESCRIBE and SETUP, PLAY, the streaming loop,
 * TEARDOWN) and frees its list of streams when SETUP fails or TEARDOWN is
 * done. Going from PAUSED to READY hands that thread TEARDOWN, interrupting
 * its command, and waits for it at most teardown-timeout (100 ms by
 * default); going from READY to NULL then interrupts whatever the thread
 * still does, walking that list unlocked against the thread's freeing.
 * Where the thread was still busy after 100 ms (a camera slow to answer
 * TEARDOWN, an interrupted SETUP still unwinding, or just a busy machine),
 * the walk read freed streams and crashed.
 *
 * So the wait at READY is made long enough to be the rule, and TEARDOWN
 * short enough to fit in it even when the camera no longer answers: NULL
 * then finds the thread idle and its list settled. Left to chance whatever
 * rtspsrc's user does: the same walk when going to READY interrupts a SETUP
 * in flight (a far narrower window, as the thread must first wake up), and
 * a TEARDOWN ignored because a switch from UDP to TCP was just asked for. */
static void
shut_down (gpointer data,
           gpointer user_data)
{
  Closing *closing = data;
  VigilCameraAttempt *self = closing->attempt;
  GstElement *pipeline = closing->pipeline;
  g_autoptr(GstElement) rtspsrc = gst_bin_get_by_name (GST_BIN (pipeline), RTSPSRC_NAME);

  /* A stream still being linked on a streaming thread is let finish first,
   * and none starts once closed: a bin that sees its links change while it
   * walks its elements in order to change their state loses that order
   * ("loop detected in the graph"). */
  g_mutex_lock (&self->lock);
  while (self->linking > 0)
    g_cond_wait (&self->linked, &self->lock);
  g_mutex_unlock (&self->lock);

  /* Read by rtspsrc when it next sends or waits for an answer, and when it
   * goes to READY. */
  if (rtspsrc != NULL)
    g_object_set (rtspsrc,
                  "tcp-timeout", (guint64) CLOSING_TCP_TIMEOUT_US,
                  "teardown-timeout", (guint64) CLOSING_WAIT_NS,
                  NULL);
  /* Waits there for TEARDOWN, then stops rtspsrc's thread. */
  gst_element_set_state (pipeline, GST_STATE_READY);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  attempt_unref (self);
  g_free (closing);
  vigil_camera_attempt_count_shutting_down (-1);
}

void
vigil_camera_attempt_close (VigilCameraAttempt *self)
{
  static GThreadPool *pool;

  if (self == NULL)
    return;

  self->owner = NULL;
  g_cancellable_cancel (self->cancellable);
  destroy_source (&self->probe_timeout);
  destroy_source (&self->bus_watch);
  vigil_rtsp_receiver_close (g_steal_pointer (&self->receiver));

  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_clear_object (&self->size_filter);
  g_mutex_unlock (&self->lock);

  /* The output goes down with the pipeline. */
  vigil_camera_sound_close (self->sound);

  /* Stopping rtspsrc sends TEARDOWN and may wait on a camera that no longer
   * answers: never on the caller's thread. */
  if (self->pipeline != NULL)
    {
      Closing *closing = g_new0 (Closing, 1);

      if (g_once_init_enter (&pool))
        g_once_init_leave (&pool, g_thread_pool_new (shut_down, NULL, -1, FALSE, NULL));

      vigil_camera_attempt_count_shutting_down (1);
      closing->attempt = attempt_ref (self);
      closing->pipeline = g_steal_pointer (&self->pipeline);
      g_thread_pool_push (pool, closing, NULL);
    }

  attempt_unref (self);
}

gboolean
vigil_camera_attempt_wait_closed (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean closed;

  g_mutex_lock (&shutting_lock);
  while (shutting_down > 0 && g_cond_wait_until (&shutting_cond, &shutting_lock, deadline))
    ;
  closed = shutting_down == 0;
  g_mutex_unlock (&shutting_lock);
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

gboolean
vigil_camera_attempt_get_answered (VigilCameraAttempt *self)
{
  gboolean answered;

  g_mutex_lock (&self->lock);
  answered = self->answered;
  g_mutex_unlock (&self->lock);
  return answered;
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
  g_autoptr(GstCaps) caps = vigil_camera_chain_size_caps (width, height);
  g_autoptr(GstElement) size_filter = NULL;

  g_mutex_lock (&self->lock);
  self->options.width = width;
  self->options.height = height;
  size_filter = self->size_filter ? gst_object_ref (self->size_filter) : NULL;
  g_mutex_unlock (&self->lock);

  if (size_filter != NULL)
    g_object_set (size_filter, "caps", caps, NULL);
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

void
vigil_camera_attempt_set_sound_output (VigilCameraAttempt *self,
                                       const char         *stream_name)
{
  vigil_camera_sound_set_output (self->sound, stream_name);
}

void
vigil_camera_attempt_set_sound_volume (VigilCameraAttempt *self,
                                       double              volume,
                                       gboolean            muted)
{
  vigil_camera_sound_set_volume (self->sound, volume, muted);
}
