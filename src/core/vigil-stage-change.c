/* vigil-stage-change.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-stage-change"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-enums.h"

#include "vigil-stage-change-private.h"

/* One entry of a family's stage history: from one state to another, taking
 * effect at an instant (at once, or scheduled for later). Entries are never
 * deleted; a scheduled change that is overtaken is marked cancelled. */
struct _VigilStageChange
{
  GObject           parent_instance;

  gint64            id;
  gint64            family_id;
  gint64            effective_at;
  VigilFamilyState  from_state;
  VigilFamilyState  to_state;
  char             *changed_by;
  gint64            recorded_at;
  char             *reason;
  char             *evidence;
  gint64            cancelled_at;
  char             *cancelled_by;
};

G_DEFINE_FINAL_TYPE (VigilStageChange, vigil_stage_change, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_EFFECTIVE_AT,
  PROP_FROM_STATE,
  PROP_TO_STATE,
  PROP_CHANGED_BY,
  PROP_RECORDED_AT,
  PROP_REASON,
  PROP_EVIDENCE,
  PROP_CANCELLED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_stage_change_finalize (GObject *object)
{
  VigilStageChange *self = (VigilStageChange *)object;

  g_clear_pointer (&self->changed_by, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->evidence, g_free);
  g_clear_pointer (&self->cancelled_by, g_free);

  G_OBJECT_CLASS (vigil_stage_change_parent_class)->finalize (object);
}

static void
vigil_stage_change_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilStageChange *self = VIGIL_STAGE_CHANGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_EFFECTIVE_AT:
      g_value_set_int64 (value, self->effective_at);
      break;
    case PROP_FROM_STATE:
      g_value_set_enum (value, self->from_state);
      break;
    case PROP_TO_STATE:
      g_value_set_enum (value, self->to_state);
      break;
    case PROP_CHANGED_BY:
      g_value_set_string (value, self->changed_by);
      break;
    case PROP_RECORDED_AT:
      g_value_set_int64 (value, self->recorded_at);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_EVIDENCE:
      g_value_set_string (value, self->evidence);
      break;
    case PROP_CANCELLED_AT:
      g_value_set_int64 (value, self->cancelled_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_stage_change_class_init (VigilStageChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_stage_change_finalize;
  object_class->get_property = vigil_stage_change_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_EFFECTIVE_AT] = g_param_spec_int64 ("effective-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_FROM_STATE] = g_param_spec_enum ("from-state", NULL, NULL, VIGIL_TYPE_FAMILY_STATE,
                                                   VIGIL_STATE_NONE, flags);
  properties[PROP_TO_STATE] = g_param_spec_enum ("to-state", NULL, NULL, VIGIL_TYPE_FAMILY_STATE,
                                                 VIGIL_STATE_NONE, flags);
  properties[PROP_CHANGED_BY] = g_param_spec_string ("changed-by", NULL, NULL, NULL, flags);
  properties[PROP_RECORDED_AT] = g_param_spec_int64 ("recorded-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_EVIDENCE] = g_param_spec_string ("evidence", NULL, NULL, NULL, flags);
  properties[PROP_CANCELLED_AT] = g_param_spec_int64 ("cancelled-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_stage_change_init (VigilStageChange *self)
{
}

VigilStageChange *
vigil_stage_change_new (gint64            id,
                        gint64            family_id,
                        gint64            effective_at,
                        VigilFamilyState  from_state,
                        VigilFamilyState  to_state,
                        const char       *changed_by,
                        gint64            recorded_at,
                        const char       *reason,
                        const char       *evidence,
                        gint64            cancelled_at,
                        const char       *cancelled_by)
{
  VigilStageChange *self = g_object_new (VIGIL_TYPE_STAGE_CHANGE, NULL);

  self->id = id;
  self->family_id = family_id;
  self->effective_at = effective_at;
  self->from_state = from_state;
  self->to_state = to_state;
  self->changed_by = g_strdup (changed_by);
  self->recorded_at = recorded_at;
  self->reason = g_strdup (reason);
  self->evidence = g_strdup (evidence ? evidence : "");
  self->cancelled_at = cancelled_at;
  self->cancelled_by = g_strdup (cancelled_by);

  return self;
}

gint64
vigil_stage_change_get_id (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), 0);
  return self->id;
}

gint64
vigil_stage_change_get_family_id (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), 0);
  return self->family_id;
}

gint64
vigil_stage_change_get_effective_at (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), 0);
  return self->effective_at;
}

/**
 * vigil_stage_change_get_from_state:
 *
 * Returns: the state before, VIGIL_STATE_NONE for the first (admission)
 */
VigilFamilyState
vigil_stage_change_get_from_state (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), VIGIL_STATE_NONE);
  return self->from_state;
}

VigilFamilyState
vigil_stage_change_get_to_state (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), VIGIL_STATE_NONE);
  return self->to_state;
}

const char *
vigil_stage_change_get_changed_by (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), NULL);
  return self->changed_by;
}

gint64
vigil_stage_change_get_recorded_at (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), 0);
  return self->recorded_at;
}

const char *
vigil_stage_change_get_reason (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), NULL);
  return self->reason;
}

/**
 * vigil_stage_change_get_evidence:
 *
 * Returns: the evidence reference ("Weekly Placement Update 2026-11-20"), or
 *   "" when none was given
 */
const char *
vigil_stage_change_get_evidence (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), NULL);
  return self->evidence;
}

/**
 * vigil_stage_change_get_cancelled_at:
 *
 * Returns: when a scheduled change was cancelled before taking effect, or 0
 */
gint64
vigil_stage_change_get_cancelled_at (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), 0);
  return self->cancelled_at;
}

const char *
vigil_stage_change_get_cancelled_by (VigilStageChange *self)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), NULL);
  return self->cancelled_by;
}

/* Scheduled and still to come at @now. */
gboolean
vigil_stage_change_is_pending (VigilStageChange *self,
                               gint64            now)
{
  g_return_val_if_fail (VIGIL_IS_STAGE_CHANGE (self), FALSE);
  return self->cancelled_at == 0 && self->effective_at > now;
}

VigilFamilyState
vigil_stage_change_list_state_at (GPtrArray *changes,
                                  gint64     at)
{
  VigilFamilyState state = VIGIL_STATE_NONE;

  g_return_val_if_fail (changes != NULL, VIGIL_STATE_NONE);

  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);

      if (change->cancelled_at != 0)
        continue;
      if (change->effective_at > at)
        break;
      state = change->to_state;
    }

  return state;
}

const char *
vigil_stage_change_describe_state (VigilFamilyState state)
{
  switch (state)
    {
    case VIGIL_STATE_NONE:
      return _("not yet admitted");
    case VIGIL_STATE_STAGE_1:
      return _("stage 1");
    case VIGIL_STATE_STAGE_2:
      return _("stage 2");
    case VIGIL_STATE_STAGE_3:
      return _("stage 3");
    case VIGIL_STATE_STAGE_4:
      return _("stage 4");
    case VIGIL_STATE_OFF:
      return _("recording off");
    default:
      g_return_val_if_reached (NULL);
    }
}
