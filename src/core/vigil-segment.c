/* vigil-segment.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-segment"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-enums.h"
#include "vigil-error.h"
#include "vigil-text.h"

#include "vigil-segment-private.h"

/* A segment as the store holds it: a file of one camera's recording, named
 * by its path inside the recordings folder. Its row is written when the file
 * is opened, so a crash leaves it to be found and closed or dropped. */
struct _VigilSegment
{
  GObject            parent_instance;

  gint64             id;
  char              *camera;
  char              *path;
  gint64             start;
  gint64             end;
  guint64            bytes;
  char              *sha256;
  gboolean           audio;
  VigilSegmentState  state;
};

G_DEFINE_FINAL_TYPE (VigilSegment, vigil_segment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CAMERA,
  PROP_PATH,
  PROP_START,
  PROP_END,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_names[] = {
  [VIGIL_SEGMENT_OPEN] = "open",
  [VIGIL_SEGMENT_CLOSED] = "closed",
  [VIGIL_SEGMENT_DELETING] = "deleting",
};

static void
vigil_segment_finalize (GObject *object)
{
  VigilSegment *self = (VigilSegment *)object;

  g_clear_pointer (&self->camera, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (vigil_segment_parent_class)->finalize (object);
}

static void
vigil_segment_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VigilSegment *self = VIGIL_SEGMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CAMERA:
      g_value_set_string (value, self->camera);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;
    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_segment_class_init (VigilSegmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_segment_finalize;
  object_class->get_property = vigil_segment_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CAMERA] = g_param_spec_string ("camera", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_START] = g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_END] = g_param_spec_int64 ("end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIGIL_TYPE_SEGMENT_STATE,
                                              VIGIL_SEGMENT_OPEN, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_segment_init (VigilSegment *self)
{
}

VigilSegment *
vigil_segment_new (gint64             id,
                   const char        *camera,
                   const char        *path,
                   gint64             start,
                   gint64             end,
                   guint64            bytes,
                   const char        *sha256,
                   gboolean           audio,
                   VigilSegmentState  state)
{
  VigilSegment *self = g_object_new (VIGIL_TYPE_SEGMENT, NULL);

  self->id = id;
  self->camera = g_strdup (camera);
  self->path = g_strdup (path);
  self->start = start;
  self->end = end;
  self->bytes = bytes;
  self->sha256 = g_strdup (sha256);
  self->audio = !!audio;
  self->state = state;

  return self;
}

gint64
vigil_segment_get_id (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), 0);
  return self->id;
}

/**
 * vigil_segment_get_camera:
 *
 * Returns: the camera's name
 */
const char *
vigil_segment_get_camera (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), NULL);
  return self->camera;
}

/**
 * vigil_segment_get_path:
 *
 * Returns: the file, relative to the recordings folder
 *   (vigil_site_get_recordings_dir())
 */
const char *
vigil_segment_get_path (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), NULL);
  return self->path;
}

/**
 * vigil_segment_get_start:
 *
 * Returns: the instant of its first frame
 */
gint64
vigil_segment_get_start (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), 0);
  return self->start;
}

/**
 * vigil_segment_get_end:
 *
 * Returns: the instant of its last frame, or 0 while it is open
 */
gint64
vigil_segment_get_end (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), 0);
  return self->end;
}

/**
 * vigil_segment_get_bytes:
 *
 * Returns: the file's size once closed, 0 while open
 */
guint64
vigil_segment_get_bytes (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), 0);
  return self->bytes;
}

/**
 * vigil_segment_get_sha256:
 *
 * Returns: (nullable): the file's SHA-256 in lower-case hex, %NULL while
 *   open
 */
const char *
vigil_segment_get_sha256 (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), NULL);
  return self->sha256;
}

gboolean
vigil_segment_get_audio (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), FALSE);
  return self->audio;
}

VigilSegmentState
vigil_segment_get_state (VigilSegment *self)
{
  g_return_val_if_fail (VIGIL_IS_SEGMENT (self), VIGIL_SEGMENT_OPEN);
  return self->state;
}

const char *
vigil_segment_state_to_string (VigilSegmentState state)
{
  g_return_val_if_fail (state <= VIGIL_SEGMENT_DELETING, NULL);

  return state_names[state];
}

gboolean
vigil_segment_state_from_string (const char         *text,
                                 VigilSegmentState  *state,
                                 GError            **error)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *state = (VigilSegmentState) i;
        return TRUE;
      }

  {
    g_autofree char *shown = vigil_text_quote (text ? text : "");
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("unknown segment state “%s”: expected open, closed or deleting"), shown);
  }
  return FALSE;
}
