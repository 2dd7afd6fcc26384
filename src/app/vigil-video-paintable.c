/* vigil-video-paintable.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <gst/video/video.h>

#include "vigil-video-paintable.h"

struct _VigilVideoPaintable
{
  GObject parent_instance;

  /* One of the two: a live camera, or recorded footage under review. */
  VigilCameraSource *source;
  VigilReviewPlayer *player;
  GdkTexture        *texture;
  cairo_surface_t   *surface;
  gint64             capture_time;
  gint64             drawn_capture_time;
  gboolean           queued;   /* in the next batch */
};

static void vigil_video_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilVideoPaintable, vigil_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, vigil_video_paintable_paintable_init))

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_PLAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The texture and the cairo surface keep the frame's buffer mapped, and so
 * alive, for as long as they live: no copy of the pixels is made. */
typedef struct
{
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_buffer_unmap (mapped->buffer, &mapped->map);
  gst_buffer_unref (mapped->buffer);
  g_free (mapped);
}

/* VIGIL_CAMERA_FRAME_FORMAT, as GDK names it. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define FRAME_MEMORY_FORMAT GDK_MEMORY_B8G8R8A8
#else
#define FRAME_MEMORY_FORMAT GDK_MEMORY_A8R8G8B8
#endif

static cairo_user_data_key_t bytes_key;

static GdkTexture *
texture_from_sample (GstSample        *sample,
                     cairo_surface_t **surface)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoMeta *meta = gst_buffer_get_video_meta (buffer);
  g_autoptr(GBytes) bytes = NULL;
  GstVideoInfo info;
  MappedFrame *mapped;
  gsize stride;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      GST_VIDEO_INFO_FORMAT (&info) != VIGIL_CAMERA_FRAME_FORMAT)
    return NULL;

  mapped = g_new0 (MappedFrame, 1);
  mapped->buffer = gst_buffer_ref (buffer);
  if (!gst_buffer_map (buffer, &mapped->map, GST_MAP_READ))
    {
      gst_buffer_unref (mapped->buffer);
      g_free (mapped);
      return NULL;
    }

  /* A buffer pool may pad rows: the video meta says by how much. */
  stride = meta != NULL ? meta->stride[0] : GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  bytes = g_bytes_new_with_free_func (mapped->map.data + (meta != NULL ? meta->offset[0] : 0),
                                      mapped->map.size - (meta != NULL ? meta->offset[0] : 0),
                                      mapped_frame_free, mapped);
  /* Cameras send opaque pictures: alpha is always full, so the frame is
   * cairo's ARGB32 as it is, and the straight and premultiplied forms hold
   * the same bytes. The texture (for whoever asks for the current image) is
   * declared straight: GTK 4.8 converts a straight texture for drawing with
   * a plain premultiply, and one declared premultiplied through floats,
   * channel by channel, several times slower. */
  *surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (bytes, NULL), CAIRO_FORMAT_ARGB32,
                                                  GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info), stride);
  cairo_surface_set_user_data (*surface, &bytes_key, g_bytes_ref (bytes), (cairo_destroy_func_t) g_bytes_unref);
  return gdk_memory_texture_new (GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info),
                                 FRAME_MEMORY_FORMAT, bytes, stride);
}

/* Takes the source's newest frame, if one came since the last. */
static void
show_newest_frame (VigilVideoPaintable *self)
{
  gint64 capture_time = 0;
  g_autoptr(GstSample) sample = self->source != NULL ? vigil_camera_source_pull_frame (self->source, &capture_time)
                                                     : vigil_review_player_pull_frame (self->player, &capture_time);
  cairo_surface_t *surface = NULL;
  g_autoptr(GdkTexture) texture = sample ? texture_from_sample (sample, &surface) : NULL;
  gboolean resized;

  if (texture == NULL)
    return;

  resized = self->texture == NULL ||
            gdk_texture_get_width (texture) != gdk_texture_get_width (self->texture) ||
            gdk_texture_get_height (texture) != gdk_texture_get_height (self->texture);
  g_set_object (&self->texture, texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;
  self->capture_time = capture_time;

  if (resized)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/* New frames are shown in batches, DRAWS_PER_SECOND at most, at the same
 * moments for every view: a wall whose views' frames arrive at their own
 * moments would otherwise have GTK paint at every tick of its frame clock. */
#define DRAWS_PER_SECOND 30
#define BATCH_INTERVAL_US (G_USEC_PER_SEC / DRAWS_PER_SECOND)

static GPtrArray *batch;  /* VigilVideoPaintable, each held once */
static guint batch_id;

static gboolean
show_batch (gpointer data)
{
  g_autoptr(GPtrArray) due = g_steal_pointer (&batch);

  batch_id = 0;
  for (guint i = 0; i < due->len; i++)
    {
      VigilVideoPaintable *self = g_ptr_array_index (due, i);

      self->queued = FALSE;
      if (self->source != NULL || self->player != NULL)
        show_newest_frame (self);
    }
  return G_SOURCE_REMOVE;
}

/* "frame" of a VigilCameraSource or of a VigilReviewPlayer alike. */
static void
on_frame (GObject  *source,
          gpointer  user_data)
{
  VigilVideoPaintable *self = user_data;
  gint64 now, next;

  if (self->queued)
    return;
  self->queued = TRUE;
  if (batch == NULL)
    batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (batch, g_object_ref (self));
  if (batch_id != 0)
    return;
  now = g_get_monotonic_time ();
  next = (now / BATCH_INTERVAL_US + 1) * BATCH_INTERVAL_US;
  batch_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((next - now + 999) / 1000), show_batch, NULL, NULL);
}

static void
vigil_video_paintable_snapshot (GdkPaintable *paintable,
                                GdkSnapshot  *snapshot,
                                double        width,
                                double        height)
{
  VigilVideoPaintable *self = VIGIL_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    {
      /* A cairo node painting the frame's own memory rather than a texture
       * node: GTK 4.8's cairo renderer converts a texture's pixels into a
       * new surface each time a paint draws it, where this is composited
       * straight from the frame, only where the paint reaches. */
      cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &GRAPHENE_RECT_INIT (0, 0, width, height));

      cairo_scale (cr, width / gdk_texture_get_width (self->texture), height / gdk_texture_get_height (self->texture));
      cairo_set_source_surface (cr, self->surface, 0, 0);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_destroy (cr);
      self->drawn_capture_time = self->capture_time;
    }
}

static GdkPaintable *
vigil_video_paintable_get_current_image (GdkPaintable *paintable)
{
  VigilVideoPaintable *self = VIGIL_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (0, 0);
}

static int
vigil_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  VigilVideoPaintable *self = VIGIL_VIDEO_PAINTABLE (paintable);

  return self->texture ? gdk_texture_get_width (self->texture) : 0;
}

static int
vigil_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  VigilVideoPaintable *self = VIGIL_VIDEO_PAINTABLE (paintable);

  return self->texture ? gdk_texture_get_height (self->texture) : 0;
}

static void
vigil_video_paintable_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = vigil_video_paintable_snapshot;
  iface->get_current_image = vigil_video_paintable_get_current_image;
  iface->get_intrinsic_width = vigil_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = vigil_video_paintable_get_intrinsic_height;
}

static void
vigil_video_paintable_dispose (GObject *object)
{
  VigilVideoPaintable *self = VIGIL_VIDEO_PAINTABLE (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->source);
  g_clear_object (&self->player);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (vigil_video_paintable_parent_class)->dispose (object);
}

static void
vigil_video_paintable_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VigilVideoPaintable *self = VIGIL_VIDEO_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_PLAYER:
      g_value_set_object (value, self->player);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_video_paintable_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VigilVideoPaintable *self = VIGIL_VIDEO_PAINTABLE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      if (self->source != NULL)
        g_signal_connect (self->source, "frame", G_CALLBACK (on_frame), self);
      break;
    case PROP_PLAYER:
      self->player = g_value_dup_object (value);
      if (self->player != NULL)
        g_signal_connect (self->player, "frame", G_CALLBACK (on_frame), self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_video_paintable_class_init (VigilVideoPaintableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_video_paintable_dispose;
  object_class->get_property = vigil_video_paintable_get_property;
  object_class->set_property = vigil_video_paintable_set_property;

  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, VIGIL_TYPE_CAMERA_SOURCE,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                 G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYER] = g_param_spec_object ("player", NULL, NULL, VIGIL_TYPE_REVIEW_PLAYER,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                 G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_video_paintable_init (VigilVideoPaintable *self)
{
}

VigilVideoPaintable *
vigil_video_paintable_new (VigilCameraSource *source)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA_SOURCE (source), NULL);

  return g_object_new (VIGIL_TYPE_VIDEO_PAINTABLE, "source", source, NULL);
}

VigilVideoPaintable *
vigil_video_paintable_new_for_review (VigilReviewPlayer *player)
{
  g_return_val_if_fail (VIGIL_IS_REVIEW_PLAYER (player), NULL);

  return g_object_new (VIGIL_TYPE_VIDEO_PAINTABLE, "player", player, NULL);
}

VigilCameraSource *
vigil_video_paintable_get_source (VigilVideoPaintable *self)
{
  g_return_val_if_fail (VIGIL_IS_VIDEO_PAINTABLE (self), NULL);
  return self->source;
}

VigilReviewPlayer *
vigil_video_paintable_get_player (VigilVideoPaintable *self)
{
  g_return_val_if_fail (VIGIL_IS_VIDEO_PAINTABLE (self), NULL);
  return self->player;
}

GdkTexture *
vigil_video_paintable_get_texture (VigilVideoPaintable *self)
{
  g_return_val_if_fail (VIGIL_IS_VIDEO_PAINTABLE (self), NULL);
  return self->texture;
}

gint64
vigil_video_paintable_get_capture_time (VigilVideoPaintable *self)
{
  g_return_val_if_fail (VIGIL_IS_VIDEO_PAINTABLE (self), 0);
  return self->capture_time;
}

gint64
vigil_video_paintable_get_drawn_capture_time (VigilVideoPaintable *self)
{
  g_return_val_if_fail (VIGIL_IS_VIDEO_PAINTABLE (self), 0);
  return self->drawn_capture_time;
}

void
vigil_video_fit_frame (const VigilMediaInfo *info,
                       double                shown_width,
                       double                shown_height,
                       guint                *width,
                       guint                *height)
{
  double factor;

  g_return_if_fail (width != NULL && height != NULL);

  *width = *height = 0;
  if (info == NULL || info->width == 0 || info->height == 0 || shown_width < 2 || shown_height < 2)
    return;
  factor = MIN (shown_width / info->width, shown_height / info->height);
  if (factor >= 1.0)
    return;
  *width = MAX (2, (guint) (info->width * factor + 0.5) & ~1u);
  *height = MAX (2, (guint) (info->height * factor + 0.5) & ~1u);
}
