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

  VigilCameraSource *source;
  GdkTexture        *texture;
  gint64             capture_time;
  gint64             drawn_capture_time;
};

static void vigil_video_paintable_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilVideoPaintable, vigil_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, vigil_video_paintable_paintable_init))

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The texture keeps the frame's buffer mapped, and so alive, for as long as
 * it lives: no copy of the pixels is made. */
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

static GdkTexture *
texture_from_sample (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoMeta *meta = gst_buffer_get_video_meta (buffer);
  g_autoptr(GBytes) bytes = NULL;
  GstVideoInfo info;
  MappedFrame *mapped;
  gsize stride;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_RGBA)
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
  /* Cameras send opaque pictures: alpha is always full, so the straight
   * and premultiplied forms are the same. */
  return gdk_memory_texture_new (GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info),
                                 GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes, stride);
}

static void
on_frame (VigilCameraSource *source,
          gpointer           user_data)
{
  VigilVideoPaintable *self = user_data;
  gint64 capture_time = 0;
  g_autoptr(GstSample) sample = vigil_camera_source_pull_frame (source, &capture_time);
  g_autoptr(GdkTexture) texture = sample ? texture_from_sample (sample) : NULL;
  gboolean resized;

  if (texture == NULL)
    return;

  resized = self->texture == NULL ||
            gdk_texture_get_width (texture) != gdk_texture_get_width (self->texture) ||
            gdk_texture_get_height (texture) != gdk_texture_get_height (self->texture);
  g_set_object (&self->texture, texture);
  self->capture_time = capture_time;

  if (resized)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
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
      gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
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
  g_clear_object (&self->source);
  g_clear_object (&self->texture);

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
      g_signal_connect (self->source, "frame", G_CALLBACK (on_frame), self);
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

VigilCameraSource *
vigil_video_paintable_get_source (VigilVideoPaintable *self)
{
  g_return_val_if_fail (VIGIL_IS_VIDEO_PAINTABLE (self), NULL);
  return self->source;
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
