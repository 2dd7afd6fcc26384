/* vigil-override.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-override"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-override-private.h"

/* A safeguarding override: recording turned back on for a family, whatever
 * its stage, by a team lead with a rationale, until it expires or is ended
 * early. A renewal is a new override (renews names the old one), so each
 * rationale keeps its own period. */
struct _VigilOverride
{
  GObject  parent_instance;

  gint64   id;
  gint64   family_id;
  gint64   started_at;
  gint64   expires_at;
  char    *started_by;
  char    *rationale;
  gint64   renews;
  gint64   ended_at;
  char    *ended_by;
  char    *end_reason;
};

G_DEFINE_FINAL_TYPE (VigilOverride, vigil_override, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STARTED_AT,
  PROP_EXPIRES_AT,
  PROP_ENDED_AT,
  PROP_STARTED_BY,
  PROP_RATIONALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_override_finalize (GObject *object)
{
  VigilOverride *self = (VigilOverride *)object;

  g_clear_pointer (&self->started_by, g_free);
  g_clear_pointer (&self->rationale, g_free);
  g_clear_pointer (&self->ended_by, g_free);
  g_clear_pointer (&self->end_reason, g_free);

  G_OBJECT_CLASS (vigil_override_parent_class)->finalize (object);
}

static void
vigil_override_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilOverride *self = VIGIL_OVERRIDE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PROP_EXPIRES_AT:
      g_value_set_int64 (value, self->expires_at);
      break;
    case PROP_ENDED_AT:
      g_value_set_int64 (value, self->ended_at);
      break;
    case PROP_STARTED_BY:
      g_value_set_string (value, self->started_by);
      break;
    case PROP_RATIONALE:
      g_value_set_string (value, self->rationale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_override_class_init (VigilOverrideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_override_finalize;
  object_class->get_property = vigil_override_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STARTED_AT] = g_param_spec_int64 ("started-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_EXPIRES_AT] = g_param_spec_int64 ("expires-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_ENDED_AT] = g_param_spec_int64 ("ended-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_STARTED_BY] = g_param_spec_string ("started-by", NULL, NULL, NULL, flags);
  properties[PROP_RATIONALE] = g_param_spec_string ("rationale", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_override_init (VigilOverride *self)
{
}

VigilOverride *
vigil_override_new (gint64      id,
                    gint64      family_id,
                    gint64      started_at,
                    gint64      expires_at,
                    const char *started_by,
                    const char *rationale,
                    gint64      renews,
                    gint64      ended_at,
                    const char *ended_by,
                    const char *end_reason)
{
  VigilOverride *self = g_object_new (VIGIL_TYPE_OVERRIDE, NULL);

  self->id = id;
  self->family_id = family_id;
  self->started_at = started_at;
  self->expires_at = expires_at;
  self->started_by = g_strdup (started_by);
  self->rationale = g_strdup (rationale);
  self->renews = renews;
  self->ended_at = ended_at;
  self->ended_by = g_strdup (ended_by);
  self->end_reason = g_strdup (end_reason);

  return self;
}

gint64
vigil_override_get_id (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), 0);
  return self->id;
}

gint64
vigil_override_get_family_id (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), 0);
  return self->family_id;
}

gint64
vigil_override_get_started_at (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), 0);
  return self->started_at;
}

gint64
vigil_override_get_expires_at (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), 0);
  return self->expires_at;
}

/**
 * vigil_override_get_ended_at:
 *
 * Returns: when it was ended before expiring (early, or by a renewal), or 0
 */
gint64
vigil_override_get_ended_at (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), 0);
  return self->ended_at;
}

const char *
vigil_override_get_started_by (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), NULL);
  return self->started_by;
}

const char *
vigil_override_get_rationale (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), NULL);
  return self->rationale;
}

const char *
vigil_override_get_ended_by (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), NULL);
  return self->ended_by;
}

/**
 * vigil_override_get_end_reason:
 *
 * Returns: (nullable): why it was ended early; "renewed" when a renewal
 *   replaced it
 */
const char *
vigil_override_get_end_reason (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), NULL);
  return self->end_reason;
}

/**
 * vigil_override_get_renews:
 *
 * Returns: the id of the override this one renewed, or 0
 */
gint64
vigil_override_get_renews (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), 0);
  return self->renews;
}

gint64
vigil_override_get_end (VigilOverride *self)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), 0);

  if (self->ended_at != 0 && self->ended_at < self->expires_at)
    return self->ended_at;
  return self->expires_at;
}

/* Start inclusive, end exclusive, like windows. */
gboolean
vigil_override_is_running (VigilOverride *self,
                           gint64         at)
{
  g_return_val_if_fail (VIGIL_IS_OVERRIDE (self), FALSE);

  return self->started_at <= at && at < vigil_override_get_end (self);
}
