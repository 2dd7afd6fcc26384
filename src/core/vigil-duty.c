/* vigil-duty.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-duty"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-duty-private.h"

/* One operator watching one family's room remotely, as the store holds it.
 * A snapshot: the store hands out a new one on every read, so properties are
 * read-only and never change after the store has filled them in. */
struct _VigilDuty
{
  GObject  parent_instance;

  gint64   id;
  char    *case_ref;
  char    *family_label;
  char    *operator_name;
  gint64   started_at;
  char    *started_by;
  gint64   ended_at;       /* 0 while the duty is open */
  char    *ended_by;
  gint64   summary_note;   /* 0 while the duty is open */
  gint64   handed_to;      /* the duty that took over, or 0 */
};

G_DEFINE_FINAL_TYPE (VigilDuty, vigil_duty, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_REF,
  PROP_FAMILY_LABEL,
  PROP_OPERATOR,
  PROP_STARTED_AT,
  PROP_ENDED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_duty_finalize (GObject *object)
{
  VigilDuty *self = (VigilDuty *)object;

  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->family_label, g_free);
  g_clear_pointer (&self->operator_name, g_free);
  g_clear_pointer (&self->started_by, g_free);
  g_clear_pointer (&self->ended_by, g_free);

  G_OBJECT_CLASS (vigil_duty_parent_class)->finalize (object);
}

static void
vigil_duty_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigilDuty *self = VIGIL_DUTY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CASE_REF:
      g_value_set_string (value, self->case_ref);
      break;
    case PROP_FAMILY_LABEL:
      g_value_set_string (value, self->family_label);
      break;
    case PROP_OPERATOR:
      g_value_set_string (value, self->operator_name);
      break;
    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;
    case PROP_ENDED_AT:
      g_value_set_int64 (value, self->ended_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_duty_class_init (VigilDutyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_duty_finalize;
  object_class->get_property = vigil_duty_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CASE_REF] =
    g_param_spec_string ("case-ref", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FAMILY_LABEL] =
    g_param_spec_string ("family-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OPERATOR] =
    g_param_spec_string ("operator", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STARTED_AT] =
    g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENDED_AT] =
    g_param_spec_int64 ("ended-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_duty_init (VigilDuty *self)
{
}

/**
 * vigil_duty_new:
 *
 * Makes an open duty. Only the store makes these; a duty that has ended is
 * completed with vigil_duty_set_ended() before it is handed out.
 */
VigilDuty *
vigil_duty_new (gint64      id,
                const char *case_ref,
                const char *family_label,
                const char *operator_name,
                gint64      started_at,
                const char *started_by)
{
  VigilDuty *self;

  g_return_val_if_fail (case_ref != NULL, NULL);
  g_return_val_if_fail (operator_name != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_DUTY, NULL);
  self->id = id;
  self->case_ref = g_strdup (case_ref);
  self->family_label = g_strdup (family_label ? family_label : "");
  self->operator_name = g_strdup (operator_name);
  self->started_at = started_at;
  self->started_by = g_strdup (started_by ? started_by : "");

  return self;
}

void
vigil_duty_set_ended (VigilDuty  *self,
                      gint64      ended_at,
                      const char *ended_by,
                      gint64      summary_note,
                      gint64      handed_to)
{
  g_return_if_fail (VIGIL_IS_DUTY (self));
  g_return_if_fail (ended_at > 0);

  g_free (self->ended_by);
  self->ended_by = g_strdup (ended_by ? ended_by : "");
  self->summary_note = summary_note;
  self->handed_to = handed_to;

  if (self->ended_at != ended_at)
    {
      self->ended_at = ended_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED_AT]);
    }
}

gint64
vigil_duty_get_id (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), 0);
  return self->id;
}

const char *
vigil_duty_get_case_ref (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), NULL);
  return self->case_ref;
}

const char *
vigil_duty_get_family_label (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), NULL);
  return self->family_label;
}

const char *
vigil_duty_get_operator (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), NULL);
  return self->operator_name;
}

gint64
vigil_duty_get_started_at (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), 0);
  return self->started_at;
}

const char *
vigil_duty_get_started_by (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), NULL);
  return self->started_by;
}

gboolean
vigil_duty_is_open (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), FALSE);
  return self->ended_at == 0;
}

gint64
vigil_duty_get_ended_at (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), 0);
  return self->ended_at;
}

const char *
vigil_duty_get_ended_by (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), NULL);
  return self->ended_by;
}

gint64
vigil_duty_get_summary_note (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), 0);
  return self->summary_note;
}

gint64
vigil_duty_get_handed_to (VigilDuty *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY (self), 0);
  return self->handed_to;
}
