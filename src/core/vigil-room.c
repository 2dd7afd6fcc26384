/* vigil-room.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-room"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-room-private.h"

/* A room of the centre, as a list of rooms shows it (VigilRecordList): its
 * name is all a room has, and rooms are never renamed. A snapshot. */
struct _VigilRoom
{
  GObject  parent_instance;

  char    *name;
};

G_DEFINE_FINAL_TYPE (VigilRoom, vigil_room, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_room_finalize (GObject *object)
{
  VigilRoom *self = (VigilRoom *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (vigil_room_parent_class)->finalize (object);
}

static void
vigil_room_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigilRoom *self = VIGIL_ROOM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_room_class_init (VigilRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_room_finalize;
  object_class->get_property = vigil_room_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_room_init (VigilRoom *self)
{
}

VigilRoom *
vigil_room_new (const char *name)
{
  VigilRoom *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_ROOM, NULL);
  self->name = g_strdup (name);
  return self;
}

const char *
vigil_room_get_name (VigilRoom *self)
{
  g_return_val_if_fail (VIGIL_IS_ROOM (self), NULL);

  return self->name;
}
