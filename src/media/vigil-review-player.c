/* vigil-review-player.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include "vigil-camera-chain-private.h"
#include "vigil-camera-source.h"
#include "vigil-review-enums.h"
#include "vigil-review-player-private.h"
#include "vigil-review-player.h"

#define POSITION_NOTIFY_US (G_USEC_PER_SEC / 4)

struct _VigilReviewPlayer
{
  GObject           parent_instance;

  GMainContext     *context;
  VigilReviewShared *shared;
  GstElement       *pipeline;   /* %NULL without a master to play */
  GstElement       *video_sink;
  GstElement       *size_filter;
  GstElement       *volume_element;
  GSource          *bus_watch;
  GSource          *notify_timeout;

  VigilReviewState  state;
  gboolean          prerolled;    /* the pipeline has reached PAUSED once */
  GstClockTime      pending_seek; /* asked for before that */
  gboolean          seeking;      /* a flushing seek is on its way: the sink prerolls again */
  int               pending_steps; /* frames to step once it has */
  double            rate;
  double            volume;
  gboolean          muted;
  gint64            position;
  gint64            start;        /* of the range played */
  gint64            end;
  gint64            notified_at;
  guint64           seen_serial;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_POSITION,
  PROP_RATE,
  PROP_VOLUME,
  PROP_MUTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FRAME,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilReviewPlayer, vigil_review_player, G_TYPE_OBJECT)

/* Reading: appsrc's side */

static void
on_need_data (GstAppSrc *src,
              guint      length,
              gpointer   user_data)
{
  VigilReviewCursor *cursor = user_data;
  GstCaps *caps = NULL;
  GstBuffer *buffer = vigil_review_cursor_next (cursor, &caps);

  if (caps != NULL)
    {
      gst_app_src_set_caps (src, caps);
      gst_caps_unref (caps);
    }
  if (buffer == NULL)
    gst_app_src_end_of_stream (src);
  else
    gst_app_src_push_buffer (src, buffer);
}

static gboolean
on_seek_data (GstAppSrc *src,
              guint64    target,
              gpointer   user_data)
{
  vigil_review_cursor_seek (user_data, target);
  return TRUE;
}

/* Frames shown */

static void
frame_shown (VigilReviewShared *shared,
             GstSample         *sample)
{
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  GstClockTime pts;

  if (buffer == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    {
      if (sample != NULL)
        gst_sample_unref (sample);
      return;
    }

  /* A frame over before the range played: the one the pipeline first
   * prerolls on, before it is taken to the range's start. */
  if (!vigil_review_shared_in_range (shared, GST_BUFFER_PTS (buffer), GST_BUFFER_DURATION (buffer)))
    {
      gst_sample_unref (sample);
      return;
    }

  g_mutex_lock (&shared->lock);
  pts = vigil_review_shared_frame_pts_locked (shared, GST_BUFFER_PTS (buffer));
  /* After a seek the sink prerolls on the frame, then shows it again as it
   * starts playing: once is enough. */
  if (pts == shared->dedupe_pts)
    {
      g_mutex_unlock (&shared->lock);
      gst_sample_unref (sample);
      return;
    }
  shared->shown_pts = shared->dedupe_pts = pts;
  /* The whole frame's, from when it was recorded: after an accurate seek
   * into it, the buffer holds only the part from the seek on. */
  shared->shown_duration = GST_BUFFER_DURATION_IS_VALID (buffer)
                           ? GST_BUFFER_PTS (buffer) + GST_BUFFER_DURATION (buffer) - pts
                           : GST_CLOCK_TIME_NONE;
  shared->shown_wall = vigil_review_shared_wall_clock (shared, shared->shown_pts);
  shared->shown_serial++;
  g_clear_pointer (&shared->newest, gst_sample_unref);
  shared->newest = gst_sample_new (buffer, gst_sample_get_caps (sample), gst_sample_get_segment (sample),
                                   gst_structure_new ("vigil-review-frame",
                                                      "wall-clock", G_TYPE_INT64, shared->shown_wall,
                                                      "shown", G_TYPE_UINT64, shared->shown_serial,
                                                      NULL));
  gst_sample_unref (sample);
  shared->newest_wall = shared->shown_wall;
  g_mutex_unlock (&shared->lock);
  vigil_review_shared_wake (shared);
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  frame_shown (user_data, gst_app_sink_pull_sample (sink));
  return GST_FLOW_OK;
}

static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    user_data)
{
  frame_shown (user_data, gst_app_sink_pull_preroll (sink));
  return GST_FLOW_OK;
}

/* The player */

static void
set_state (VigilReviewPlayer *self,
           VigilReviewState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
notify_position (gpointer data)
{
  VigilReviewPlayer *self = data;

  if (self->notify_timeout != NULL)
    {
      g_source_destroy (self->notify_timeout);
      g_clear_pointer (&self->notify_timeout, g_source_unref);
    }
  self->notified_at = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  return G_SOURCE_REMOVE;
}

/* At most every POSITION_NOTIFY_US while playing, with the latest;
 * at once otherwise (a seek or a step). */
static void
set_position (VigilReviewPlayer *self,
              gint64             position)
{
  gint64 since;

  if (self->position == position)
    return;
  self->position = position;
  since = g_get_monotonic_time () - self->notified_at;
  if (self->state != VIGIL_REVIEW_STATE_PLAYING || since >= POSITION_NOTIFY_US)
    notify_position (self);
  else if (self->notify_timeout == NULL)
    {
      self->notify_timeout = g_timeout_source_new ((guint) ((POSITION_NOTIFY_US - since + 999) / 1000));
      g_source_set_callback (self->notify_timeout, notify_position, self, NULL);
      g_source_attach (self->notify_timeout, self->context);
    }
}

static gboolean
on_wake (gpointer data)
{
  g_autoptr(VigilReviewPlayer) self = g_object_ref (data);
  VigilReviewShared *shared = self->shared;
  g_autoptr(GPtrArray) errors = NULL;
  gboolean new_frame;
  gint64 wall;

  g_mutex_lock (&shared->lock);
  if (shared->errors->len > 0)
    {
      errors = g_steal_pointer (&shared->errors);
      shared->errors = g_ptr_array_new_with_free_func (g_free);
    }
  new_frame = shared->shown_serial != self->seen_serial;
  self->seen_serial = shared->shown_serial;
  wall = shared->shown_wall;
  g_mutex_unlock (&shared->lock);

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    g_signal_emit (self, signals[SIGNAL_ERROR], 0, g_ptr_array_index (errors, i));
  if (new_frame)
    {
      set_position (self, wall);
      g_signal_emit (self, signals[SIGNAL_FRAME], 0);
    }
  return G_SOURCE_CONTINUE;
}

static void
update_mute (VigilReviewPlayer *self)
{
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "volume", self->volume, "mute", self->muted || self->rate != 1.0, NULL);
}

static void seek_timeline (VigilReviewPlayer *self,
                           GstClockTime       pts);

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  VigilReviewPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ASYNC_DONE:
      self->seeking = FALSE;
      if (!self->prerolled)
        {
          int steps = self->pending_steps;

          self->prerolled = TRUE;
          /* The range's start, or a seek asked for before: steps asked
           * for meanwhile count from there. */
          if (GST_CLOCK_TIME_IS_VALID (self->pending_seek))
            {
              seek_timeline (self, self->pending_seek);
              self->pending_steps = steps;
            }
        }
      /* Steps asked for while the sink was flushed for a seek: a step event
       * reaching it then would be dropped with the flush. */
      if (!self->seeking && self->pending_steps != 0)
        {
          int frames = self->pending_steps;

          self->pending_steps = 0;
          vigil_review_player_step (self, frames);
        }
      break;
    case GST_MESSAGE_EOS:
      self->seeking = FALSE;
      self->pending_steps = 0;
      gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
      set_state (self, VIGIL_REVIEW_STATE_ENDED);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("review player: %s (%s)", error->message, debug ? debug : "");
        text = g_strdup_printf (_("The footage cannot be played on: %s"), error->message);
        gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
        set_state (self, VIGIL_REVIEW_STATE_ENDED);
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, text);
      }
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
vigil_review_player_dispose (GObject *object)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->bus_watch != NULL)
    g_source_destroy (self->bus_watch);
  g_clear_pointer (&self->bus_watch, g_source_unref);
  if (self->notify_timeout != NULL)
    g_source_destroy (self->notify_timeout);
  g_clear_pointer (&self->notify_timeout, g_source_unref);
  if (self->shared != NULL)
    g_source_destroy (self->shared->wake);
  g_clear_object (&self->video_sink);
  g_clear_object (&self->size_filter);
  g_clear_object (&self->volume_element);
  g_clear_object (&self->pipeline);

  G_OBJECT_CLASS (vigil_review_player_parent_class)->dispose (object);
}

static void
vigil_review_player_finalize (GObject *object)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  g_clear_pointer (&self->shared, vigil_review_shared_unref);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (vigil_review_player_parent_class)->finalize (object);
}

static void
vigil_review_player_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_review_player_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VigilReviewPlayer *self = VIGIL_REVIEW_PLAYER (object);

  switch (prop_id)
    {
    case PROP_RATE:
      vigil_review_player_set_rate (self, g_value_get_double (value));
      break;
    case PROP_VOLUME:
      vigil_review_player_set_volume (self, g_value_get_double (value));
      break;
    case PROP_MUTED:
      vigil_review_player_set_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_review_player_class_init (VigilReviewPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = vigil_review_player_dispose;
  object_class->finalize = vigil_review_player_finalize;
  object_class->get_property = vigil_review_player_get_property;
  object_class->set_property = vigil_review_player_set_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIGIL_TYPE_REVIEW_STATE,
                                              VIGIL_REVIEW_STATE_PAUSED, flags);
  properties[PROP_POSITION] = g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0.5, 8.0, 1.0, flags | G_PARAM_WRITABLE);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0, flags | G_PARAM_WRITABLE);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags | G_PARAM_WRITABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new frame waits in vigil_review_player_pull_frame(); at most once
   * per main loop iteration, as VigilCameraSource's "frame". */
  signals[SIGNAL_FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* One line for the reviewer: a master that cannot be read, named. */
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigil_review_player_init (VigilReviewPlayer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->rate = 1.0;
  self->volume = 1.0;
  self->pending_seek = GST_CLOCK_TIME_NONE;
}

/* The pipeline */

static GstElement *
make_element (const char *factory,
              GString    *missing)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    g_string_append_printf (missing, missing->len ? ", %s" : "%s", factory);
  return element;
}

/* decodebin's decoded pad, to what follows it. */
static void
on_decoded_pad (GstElement *decodebin,
                GstPad     *pad,
                gpointer    user_data)
{
  GstPad *target = user_data;

  if (!gst_pad_is_linked (target) && gst_pad_link (pad, target) != GST_PAD_LINK_OK)
    g_debug ("review player: could not link %s", GST_OBJECT_NAME (pad));
}

/* An appsrc reading one kind of frame from the masters, decoded, linked to
 * @next. Every element is in @bin when it returns. */
static void
add_track (GstBin            *bin,
           VigilReviewShared *shared,
           VigilMediaKind     kind,
           GstElement        *next)
{
  GstElement *src = gst_element_factory_make ("appsrc", NULL);
  GstElement *decodebin = gst_element_factory_make ("decodebin", NULL);
  GstAppSrcCallbacks callbacks = { .need_data = on_need_data, .seek_data = on_seek_data };
  g_autoptr(GstPad) target = gst_element_get_static_pad (next, "sink");
  VigilReviewCursor *cursor = vigil_review_cursor_new (shared, kind);

  /* Seekable in time: a seek reaches the readers as on_seek_data(), and
   * what they push after it is timed on the seek's segment. */
  g_object_set (src, "format", GST_FORMAT_TIME, "stream-type", GST_APP_STREAM_TYPE_SEEKABLE,
                "max-bytes", (guint64) (4 * 1024 * 1024), NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, cursor, (GDestroyNotify) vigil_review_cursor_free);
  g_signal_connect_data (decodebin, "pad-added", G_CALLBACK (on_decoded_pad), g_steal_pointer (&target),
                         (GClosureNotify) (void (*) (void)) gst_object_unref, 0);
  gst_bin_add_many (bin, src, decodebin, NULL);
  gst_element_link (src, decodebin);
}

/* The frames as VigilCameraSource hands them out: scaled, then converted
 * to VIGIL_CAMERA_FRAME_FORMAT, into an appsink that shows them on time. */
static gboolean
add_video (VigilReviewPlayer *self,
           GString           *missing)
{
  const char *factories[] = { "videoscale", "capsfilter", "videoconvert", "capsfilter", "appsink" };
  GstElement *elements[G_N_ELEMENTS (factories)];
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample, .new_preroll = on_new_preroll };
  g_autoptr(GstCaps) size = vigil_camera_chain_size_caps (0, 0);
  g_autoptr(GstCaps) format = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
                                                    gst_video_format_to_string (VIGIL_CAMERA_FRAME_FORMAT), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    elements[i] = make_element (factories[i], missing);
  if (missing->len > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
        if (elements[i] != NULL)
          gst_object_unref (gst_object_ref_sink (elements[i]));
      return FALSE;
    }

  self->size_filter = gst_object_ref (elements[1]);
  self->video_sink = gst_object_ref (elements[4]);
  g_object_set (elements[1], "caps", size, NULL);
  g_object_set (elements[3], "caps", format, NULL);
  /* Every frame, on time: never dropped for being late, as a reviewer
   * stepping through a busy machine's playback must still see each. */
  g_object_set (elements[4], "sync", TRUE, "max-lateness", (gint64) -1, "qos", FALSE,
                "enable-last-sample", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (elements[4]), &callbacks, vigil_review_shared_ref (self->shared),
                              (GDestroyNotify) vigil_review_shared_unref);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    gst_bin_add (GST_BIN (self->pipeline), elements[i]);
  for (guint i = 1; i < G_N_ELEMENTS (elements); i++)
    gst_element_link (elements[i - 1], elements[i]);
  add_track (GST_BIN (self->pipeline), self->shared, VIGIL_MEDIA_KIND_VIDEO, elements[0]);
  return TRUE;
}

/* Sound through pulsesink (PipeWire's pulse server), as the live views'
 * (vigil_sound_output_new()), but with a queue that waits rather than
 * drops: the reader runs ahead of the clock here, a camera never does. */
static gboolean
add_sound (VigilReviewPlayer *self,
           GString           *missing)
{
  const char *factories[] = { "queue", "audioconvert", "audioresample", "volume", "pulsesink" };
  GstElement *elements[G_N_ELEMENTS (factories)];
  g_autoptr(GstStructure) stream = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (factories); i++)
    elements[i] = make_element (factories[i], missing);
  if (missing->len > 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
        if (elements[i] != NULL)
          gst_object_unref (gst_object_ref_sink (elements[i]));
      return FALSE;
    }

  stream = gst_structure_new ("properties",
                              "media.name", G_TYPE_STRING, _("CCTV Review"),
                              "application.name", G_TYPE_STRING, "Vigil",
                              NULL);
  self->volume_element = gst_object_ref (elements[3]);
  g_object_set (elements[0], "max-size-buffers", 0, "max-size-bytes", 0,
                "max-size-time", (guint64) GST_SECOND, NULL);
  /* Not waited for when pausing or seeking (a master without sound has
   * nothing to preroll on), and never the pipeline's clock: the picture
   * keeps time with the system clock, the sound with it. */
  g_object_set (elements[4], "client-name", "Vigil", "stream-properties", stream,
                "provide-clock", FALSE, "sync", TRUE, "async", FALSE, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    gst_bin_add (GST_BIN (self->pipeline), elements[i]);
  for (guint i = 1; i < G_N_ELEMENTS (elements); i++)
    gst_element_link (elements[i - 1], elements[i]);
  add_track (GST_BIN (self->pipeline), self->shared, VIGIL_MEDIA_KIND_AUDIO, elements[0]);
  update_mute (self);
  return TRUE;
}

static void
build_pipeline (VigilReviewPlayer *self)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GstBus) bus = NULL;
  gboolean audio = FALSE;

  for (guint i = 0; i < self->shared->n_parts; i++)
    audio = audio || self->shared->parts[i].audio;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("vigil-review"));
  if (!add_video (self, missing) || (audio && !add_sound (self, missing)))
    {
      g_mutex_lock (&self->shared->lock);
      g_ptr_array_add (self->shared->errors,
                       g_strdup_printf (_("The footage cannot be played: this computer lacks GStreamer’s %s"),
                                        missing->str));
      g_mutex_unlock (&self->shared->lock);
      g_clear_object (&self->pipeline);
      return;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, (GSourceFunc) (void (*) (void)) on_bus_message, self, NULL);
  g_source_attach (self->bus_watch, self->context);
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

/* Public */

VigilReviewPlayer *
vigil_review_player_new (const VigilReviewPart *parts,
                         guint                  n_parts,
                         gint64                 from_us,
                         gint64                 to_us)
{
  VigilReviewPlayer *self;
  VigilReviewShared *shared;

  g_return_val_if_fail (parts != NULL || n_parts == 0, NULL);
  g_return_val_if_fail (from_us <= to_us, NULL);

  self = g_object_new (VIGIL_TYPE_REVIEW_PLAYER, NULL);
  shared = self->shared = vigil_review_shared_new (parts, n_parts, from_us, to_us);
  g_source_set_callback (shared->wake, on_wake, self, NULL);
  g_source_attach (shared->wake, self->context);

  if (shared->n_parts > 0)
    {
      self->start = MAX (from_us, shared->parts[0].start_us);
      self->end = MAX (MIN (to_us, shared->parts[shared->n_parts - 1].end_us), self->start);
      self->position = self->start;
      /* The pipeline prerolls from the first master's start: then to the
       * range's. */
      if (shared->clip_start > 0)
        self->pending_seek = shared->clip_start;
      build_pipeline (self);
    }
  if (self->pipeline == NULL)
    self->state = VIGIL_REVIEW_STATE_ENDED;
  if (shared->errors->len > 0)
    vigil_review_shared_wake (shared);
  return self;
}

VigilReviewPlayer *
vigil_review_player_new_for_segments (GPtrArray  *segments,
                                      const char *recordings_dir,
                                      gint64      from_us,
                                      gint64      to_us)
{
  g_autoptr(GArray) parts = NULL;
  g_autoptr(GPtrArray) paths = NULL;

  g_return_val_if_fail (segments != NULL, NULL);
  g_return_val_if_fail (recordings_dir != NULL, NULL);

  parts = g_array_sized_new (FALSE, TRUE, sizeof (VigilReviewPart), segments->len);
  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);
      char *path = g_build_filename (recordings_dir, vigil_segment_get_path (segment), NULL);

      VigilReviewPart part = {
        .path = path,
        .start_us = vigil_segment_get_start (segment),
        .end_us = vigil_segment_get_end (segment),
        .audio = vigil_segment_get_audio (segment),
      };

      g_ptr_array_add (paths, path);
      g_array_append_val (parts, part);
    }
  return vigil_review_player_new ((VigilReviewPart *) parts->data, parts->len, from_us, to_us);
}

void
vigil_review_player_play (VigilReviewPlayer *self)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline == NULL || self->state == VIGIL_REVIEW_STATE_PLAYING)
    return;
  if (self->state == VIGIL_REVIEW_STATE_ENDED)
    vigil_review_player_seek (self, vigil_review_player_get_start (self));
  gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  set_state (self, VIGIL_REVIEW_STATE_PLAYING);
}

void
vigil_review_player_pause (VigilReviewPlayer *self)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline == NULL || self->state != VIGIL_REVIEW_STATE_PLAYING)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_state (self, VIGIL_REVIEW_STATE_PAUSED);
}

static void
seek_timeline (VigilReviewPlayer *self,
               GstClockTime       pts)
{
  /* Within the range played. */
  pts = CLAMP (pts, self->shared->clip_start, MAX (self->shared->clip_end, self->shared->clip_start + 1) - 1);
  /* A seek while the pipeline first prerolls would be lost. */
  self->pending_seek = self->prerolled ? GST_CLOCK_TIME_NONE : pts;
  if (!self->prerolled)
    return;

  g_mutex_lock (&self->shared->lock);
  self->shared->dedupe_pts = GST_CLOCK_TIME_NONE;
  g_mutex_unlock (&self->shared->lock);

  /* A seek is to a place: steps asked for before it are overtaken. */
  self->pending_steps = 0;
  if (!gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, (gint64) pts, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    g_debug ("review player: the seek to %" GST_TIME_FORMAT " failed", GST_TIME_ARGS (pts));
  else
    self->seeking = TRUE;
  if (self->state == VIGIL_REVIEW_STATE_ENDED)
    set_state (self, VIGIL_REVIEW_STATE_PAUSED);
}

void
vigil_review_player_seek (VigilReviewPlayer *self,
                          gint64             wall_clock_us)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline != NULL)
    seek_timeline (self, vigil_review_shared_timeline_of (self->shared, wall_clock_us));
}

void
vigil_review_player_step (VigilReviewPlayer *self,
                          int                frames)
{
  GstClockTime pts, duration, back;

  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->pipeline == NULL || frames == 0)
    return;
  vigil_review_player_pause (self);
  /* Until the pipeline has prerolled (first, or after a seek), a step
   * waits: both ways count from the frame the seek shows. */
  if (!self->prerolled || self->seeking)
    {
      self->pending_steps += frames;
      return;
    }

  if (frames > 0)
    {
      if (self->state != VIGIL_REVIEW_STATE_ENDED)
        gst_element_send_event (self->video_sink,
                                gst_event_new_step (GST_FORMAT_BUFFERS, (guint64) frames, 1.0, TRUE, FALSE));
      return;
    }

  /* Back: into the middle of the frame as many frames before, which an
   * accurate seek shows. Not to just before the frame shown: frame times
   * are kept to the millisecond, and a frame a millisecond short of the
   * next would be clipped by the sink as over before that instant. */
  g_mutex_lock (&self->shared->lock);
  pts = self->shared->shown_pts;
  duration = self->shared->shown_duration;
  g_mutex_unlock (&self->shared->lock);
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;
  back = GST_CLOCK_TIME_IS_VALID (duration) && duration > 0
         ? (GstClockTime) (-(gint64) frames) * duration - duration / 2
         : 1;
  seek_timeline (self, pts > back ? pts - back : 0);
}

void
vigil_review_player_set_rate (VigilReviewPlayer *self,
                              double             rate)
{
  GstClockTime pts;

  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));
  g_return_if_fail (rate >= 0.5 && rate <= 8.0);

  if (self->rate == rate)
    return;
  self->rate = rate;
  update_mute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  /* Ended, the rate waits for play, which starts again from the start. */
  if (self->pipeline == NULL || self->state == VIGIL_REVIEW_STATE_ENDED)
    return;

  /* From the frame shown. Not an instant rate change: appsrc takes it for
   * a seek without a flush, which waits for its streaming thread, held by
   * a paused sink. */
  g_mutex_lock (&self->shared->lock);
  pts = self->shared->shown_pts;
  g_mutex_unlock (&self->shared->lock);
  seek_timeline (self, GST_CLOCK_TIME_IS_VALID (pts) ? pts : 0);
}

double
vigil_review_player_get_rate (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 1.0);

  return self->rate;
}

VigilReviewState
vigil_review_player_get_state (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), VIGIL_REVIEW_STATE_ENDED);

  return self->state;
}

gint64
vigil_review_player_get_position (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0);

  return self->position;
}

gint64
vigil_review_player_get_start (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0);

  return self->start;
}

gint64
vigil_review_player_get_end (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0);

  return self->end;
}

void
vigil_review_player_set_frame_size (VigilReviewPlayer *self,
                                    guint              width,
                                    guint              height)
{
  g_autoptr(GstCaps) caps = NULL;

  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  if (self->size_filter == NULL)
    return;
  caps = vigil_camera_chain_size_caps (width, height);
  g_object_set (self->size_filter, "caps", caps, NULL);
}

GstSample *
vigil_review_player_pull_frame (VigilReviewPlayer *self,
                                gint64            *wall_clock_us)
{
  GstSample *sample;

  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), NULL);

  g_mutex_lock (&self->shared->lock);
  sample = g_steal_pointer (&self->shared->newest);
  if (wall_clock_us != NULL)
    *wall_clock_us = sample != NULL ? self->shared->newest_wall : 0;
  g_mutex_unlock (&self->shared->lock);
  return sample;
}

void
vigil_review_player_set_volume (VigilReviewPlayer *self,
                                double             volume)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));
  g_return_if_fail (volume >= 0.0 && volume <= 1.0);

  if (self->volume == volume)
    return;
  self->volume = volume;
  update_mute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

double
vigil_review_player_get_volume (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), 0.0);

  return self->volume;
}

void
vigil_review_player_set_muted (VigilReviewPlayer *self,
                               gboolean           muted)
{
  g_return_if_fail (VIGIL_IS_REVIEW_PLAYER (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  update_mute (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
vigil_review_player_get_muted (VigilReviewPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (self), FALSE);

  return self->muted;
}
