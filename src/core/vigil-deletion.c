/* vigil-deletion.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-deletion"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-deletion-private.h"

/* The camera is kept by name, not by reference: the record outlives any
 * change to the cameras, and the database refuses to change or remove it. */
struct _VigilDeletion
{
  GObject  parent_instance;

  gint64   id;
  char    *camera;
  char    *path;
  gint64   start;
  gint64   end;
  guint64  bytes;
  char    *sha256;
  gint64   deleted_at;
  char    *why;
};

G_DEFINE_FINAL_TYPE (VigilDeletion, vigil_deletion, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CAMERA,
  PROP_PATH,
  PROP_DELETED_AT,
  PROP_WHY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_deletion_finalize (GObject *object)
{
  VigilDeletion *self = (VigilDeletion *)object;

  g_clear_pointer (&self->camera, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->why, g_free);

  G_OBJECT_CLASS (vigil_deletion_parent_class)->finalize (object);
}

static void
vigil_deletion_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilDeletion *self = VIGIL_DELETION (object);

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
    case PROP_DELETED_AT:
      g_value_set_int64 (value, self->deleted_at);
      break;
    case PROP_WHY:
      g_value_set_string (value, self->why);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_deletion_class_init (VigilDeletionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_deletion_finalize;
  object_class->get_property = vigil_deletion_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CAMERA] = g_param_spec_string ("camera", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_DELETED_AT] = g_param_spec_int64 ("deleted-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_WHY] = g_param_spec_string ("why", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_deletion_init (VigilDeletion *self)
{
}

VigilDeletion *
vigil_deletion_new (gint64      id,
                    const char *camera,
                    const char *path,
                    gint64      start,
                    gint64      end,
                    guint64     bytes,
                    const char *sha256,
                    gint64      deleted_at,
                    const char *why)
{
  VigilDeletion *self = g_object_new (VIGIL_TYPE_DELETION, NULL);

  self->id = id;
  self->camera = g_strdup (camera);
  self->path = g_strdup (path);
  self->start = start;
  self->end = end;
  self->bytes = bytes;
  self->sha256 = g_strdup (sha256);
  self->deleted_at = deleted_at;
  self->why = g_strdup (why);

  return self;
}

gint64
vigil_deletion_get_id (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), 0);
  return self->id;
}

/**
 * vigil_deletion_get_camera:
 *
 * Returns: the camera's name when the segment was deleted
 */
const char *
vigil_deletion_get_camera (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), NULL);
  return self->camera;
}

/**
 * vigil_deletion_get_path:
 *
 * Returns: the file that was deleted, relative to the recordings folder
 */
const char *
vigil_deletion_get_path (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), NULL);
  return self->path;
}

gint64
vigil_deletion_get_start (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), 0);
  return self->start;
}

gint64
vigil_deletion_get_end (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), 0);
  return self->end;
}

guint64
vigil_deletion_get_bytes (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), 0);
  return self->bytes;
}

const char *
vigil_deletion_get_sha256 (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), NULL);
  return self->sha256;
}

gint64
vigil_deletion_get_deleted_at (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), 0);
  return self->deleted_at;
}

/**
 * vigil_deletion_get_why:
 *
 * Returns: the rule that deleted it ("retention: communal footage is kept
 *   31 days (site setting)")
 */
const char *
vigil_deletion_get_why (VigilDeletion *self)
{
  g_return_val_if_fail (VIGIL_IS_DELETION (self), NULL);
  return self->why;
}
