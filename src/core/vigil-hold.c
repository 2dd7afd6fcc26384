/* vigil-hold.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-hold"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-text.h"

#include "vigil-hold-private.h"

/* A hold is never deleted: it is released, with who, when and why, and it
 * stops protecting footage then, or at the end of its until date. */
struct _VigilHold
{
  GObject  parent_instance;

  gint64   id;
  char    *camera;
  gint64   from;
  gint64   to;
  char    *reason;
  char    *until;
  gint64   until_end;
  char    *placed_by;
  gint64   placed_at;
  gint64   released_at;
  char    *released_by;
  char    *release_reason;
};

G_DEFINE_FINAL_TYPE (VigilHold, vigil_hold, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CAMERA,
  PROP_FROM,
  PROP_TO,
  PROP_REASON,
  PROP_UNTIL,
  PROP_RELEASED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_hold_finalize (GObject *object)
{
  VigilHold *self = (VigilHold *)object;

  g_clear_pointer (&self->camera, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->until, g_free);
  g_clear_pointer (&self->placed_by, g_free);
  g_clear_pointer (&self->released_by, g_free);
  g_clear_pointer (&self->release_reason, g_free);

  G_OBJECT_CLASS (vigil_hold_parent_class)->finalize (object);
}

static void
vigil_hold_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigilHold *self = VIGIL_HOLD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CAMERA:
      g_value_set_string (value, self->camera);
      break;
    case PROP_FROM:
      g_value_set_int64 (value, self->from);
      break;
    case PROP_TO:
      g_value_set_int64 (value, self->to);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_UNTIL:
      g_value_set_string (value, self->until);
      break;
    case PROP_RELEASED_AT:
      g_value_set_int64 (value, self->released_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_hold_class_init (VigilHoldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_hold_finalize;
  object_class->get_property = vigil_hold_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CAMERA] = g_param_spec_string ("camera", NULL, NULL, NULL, flags);
  properties[PROP_FROM] = g_param_spec_int64 ("from", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_TO] = g_param_spec_int64 ("to", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_UNTIL] = g_param_spec_string ("until", NULL, NULL, NULL, flags);
  properties[PROP_RELEASED_AT] = g_param_spec_int64 ("released-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_hold_init (VigilHold *self)
{
}

VigilHold *
vigil_hold_new (gint64      id,
                const char *camera,
                gint64      from,
                gint64      to,
                const char *reason,
                const char *until,
                gint64      until_end,
                const char *placed_by,
                gint64      placed_at)
{
  VigilHold *self = g_object_new (VIGIL_TYPE_HOLD, NULL);

  self->id = id;
  self->camera = g_strdup (camera);
  self->from = from;
  self->to = to;
  self->reason = g_strdup (reason);
  self->until = g_strdup (until);
  self->until_end = until_end;
  self->placed_by = g_strdup (placed_by);
  self->placed_at = placed_at;

  return self;
}

void
vigil_hold_set_release (VigilHold  *self,
                        gint64      released_at,
                        const char *released_by,
                        const char *release_reason)
{
  g_return_if_fail (VIGIL_IS_HOLD (self));

  vigil_text_replace (&self->released_by, released_by);
  vigil_text_replace (&self->release_reason, release_reason);
  if (self->released_at != released_at)
    {
      self->released_at = released_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASED_AT]);
    }
}

gint64
vigil_hold_get_id (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), 0);
  return self->id;
}

/**
 * vigil_hold_get_camera:
 *
 * Returns: the held camera's name
 */
const char *
vigil_hold_get_camera (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), NULL);
  return self->camera;
}

gint64
vigil_hold_get_from (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), 0);
  return self->from;
}

gint64
vigil_hold_get_to (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), 0);
  return self->to;
}

const char *
vigil_hold_get_reason (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), NULL);
  return self->reason;
}

/**
 * vigil_hold_get_until:
 *
 * Returns: the last day of the hold, YYYY-MM-DD in the site's zone
 */
const char *
vigil_hold_get_until (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), NULL);
  return self->until;
}

/**
 * vigil_hold_get_until_end:
 *
 * Returns: the instant the hold ends: the end of its until date (the next
 *   date's local midnight) in the site's zone when it was placed
 */
gint64
vigil_hold_get_until_end (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), 0);
  return self->until_end;
}

const char *
vigil_hold_get_placed_by (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), NULL);
  return self->placed_by;
}

gint64
vigil_hold_get_placed_at (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), 0);
  return self->placed_at;
}

/**
 * vigil_hold_get_released_at:
 *
 * Returns: when it was released, or 0
 */
gint64
vigil_hold_get_released_at (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), 0);
  return self->released_at;
}

/**
 * vigil_hold_get_released_by:
 *
 * Returns: (nullable): who released it
 */
const char *
vigil_hold_get_released_by (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), NULL);
  return self->released_by;
}

/**
 * vigil_hold_get_release_reason:
 *
 * Returns: (nullable): why it was released
 */
const char *
vigil_hold_get_release_reason (VigilHold *self)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), NULL);
  return self->release_reason;
}

gboolean
vigil_hold_is_active (VigilHold *self,
                      gint64     at)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), FALSE);

  return self->released_at == 0 && at < self->until_end;
}

/**
 * vigil_hold_overlaps:
 * @start: the first frame of the footage
 * @end: its last frame
 *
 * The hold covers [from, to); footage covers [@start, @end] with its last
 * frame included, so a hold that starts on a segment's last frame still
 * keeps that segment: in doubt, footage is kept.
 */
gboolean
vigil_hold_overlaps (VigilHold *self,
                     gint64     start,
                     gint64     end)
{
  g_return_val_if_fail (VIGIL_IS_HOLD (self), FALSE);

  return self->from <= end && start < self->to;
}
