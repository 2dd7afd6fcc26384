/* vigil-gap.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-gap"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-enums.h"
#include "vigil-error.h"
#include "vigil-text.h"

#include "vigil-gap-private.h"

/* A time in which the policy required recording of a camera and none was
 * made, with its cause: kept apart from time not recorded by policy, which
 * leaves no record at all. */
struct _VigilGap
{
  GObject        parent_instance;

  gint64         id;
  char          *camera;
  gint64         start;
  gint64         end;
  VigilGapCause  cause;
  char          *detail;
};

G_DEFINE_FINAL_TYPE (VigilGap, vigil_gap, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CAMERA,
  PROP_START,
  PROP_END,
  PROP_CAUSE,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const cause_names[] = {
  [VIGIL_GAP_CAMERA_OFFLINE] = "camera-offline",
  [VIGIL_GAP_RECORDER_DOWN] = "recorder-down",
  [VIGIL_GAP_DISK_FULL] = "disk-full",
  [VIGIL_GAP_ERROR] = "error",
};

static void
vigil_gap_finalize (GObject *object)
{
  VigilGap *self = (VigilGap *)object;

  g_clear_pointer (&self->camera, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (vigil_gap_parent_class)->finalize (object);
}

static void
vigil_gap_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  VigilGap *self = VIGIL_GAP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CAMERA:
      g_value_set_string (value, self->camera);
      break;
    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;
    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;
    case PROP_CAUSE:
      g_value_set_enum (value, self->cause);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_gap_class_init (VigilGapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_gap_finalize;
  object_class->get_property = vigil_gap_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CAMERA] = g_param_spec_string ("camera", NULL, NULL, NULL, flags);
  properties[PROP_START] = g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_END] = g_param_spec_int64 ("end", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CAUSE] = g_param_spec_enum ("cause", NULL, NULL, VIGIL_TYPE_GAP_CAUSE,
                                              VIGIL_GAP_CAMERA_OFFLINE, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_gap_init (VigilGap *self)
{
}

VigilGap *
vigil_gap_new (gint64         id,
               const char    *camera,
               gint64         start,
               gint64         end,
               VigilGapCause  cause,
               const char    *detail)
{
  VigilGap *self = g_object_new (VIGIL_TYPE_GAP, NULL);

  self->id = id;
  self->camera = g_strdup (camera);
  self->start = start;
  self->end = end;
  self->cause = cause;
  self->detail = g_strdup (detail);

  return self;
}

gint64
vigil_gap_get_id (VigilGap *self)
{
  g_return_val_if_fail (VIGIL_IS_GAP (self), 0);
  return self->id;
}

const char *
vigil_gap_get_camera (VigilGap *self)
{
  g_return_val_if_fail (VIGIL_IS_GAP (self), NULL);
  return self->camera;
}

gint64
vigil_gap_get_start (VigilGap *self)
{
  g_return_val_if_fail (VIGIL_IS_GAP (self), 0);
  return self->start;
}

/**
 * vigil_gap_get_end:
 *
 * Returns: when recording resumed (or stopped being required), or 0 while
 *   the gap is open
 */
gint64
vigil_gap_get_end (VigilGap *self)
{
  g_return_val_if_fail (VIGIL_IS_GAP (self), 0);
  return self->end;
}

VigilGapCause
vigil_gap_get_cause (VigilGap *self)
{
  g_return_val_if_fail (VIGIL_IS_GAP (self), VIGIL_GAP_ERROR);
  return self->cause;
}

/**
 * vigil_gap_get_detail:
 *
 * Returns: (nullable): what the recorder saw (an error's message, say)
 */
const char *
vigil_gap_get_detail (VigilGap *self)
{
  g_return_val_if_fail (VIGIL_IS_GAP (self), NULL);
  return self->detail;
}

const char *
vigil_gap_cause_to_string (VigilGapCause cause)
{
  g_return_val_if_fail (cause <= VIGIL_GAP_ERROR, NULL);

  return cause_names[cause];
}

gboolean
vigil_gap_cause_from_string (const char     *text,
                             VigilGapCause  *cause,
                             GError        **error)
{
  g_return_val_if_fail (cause != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cause_names); i++)
    if (g_strcmp0 (text, cause_names[i]) == 0)
      {
        *cause = (VigilGapCause) i;
        return TRUE;
      }

  {
    g_autofree char *shown = vigil_text_quote (text ? text : "");
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("unknown gap cause “%s”: expected camera-offline, recorder-down, disk-full or error"), shown);
  }
  return FALSE;
}
