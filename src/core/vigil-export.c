/* vigil-export.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-export"

#include "config.h"

#include "vigil-text.h"

#include "vigil-export-private.h"

/* What was asked for is fixed when the export is requested; the decision
 * is set once when it is read back decided (the store refuses to change
 * it afterwards); runs are counted from the runs the store keeps. */
struct _VigilExport
{
  GObject           parent_instance;

  gint64            id;
  GStrv             cameras;
  gint64            from;
  gint64            to;
  char             *case_ref;
  char             *exhibit;
  char             *purpose;
  char             *requested_by;
  gint64            requested_at;
  VigilExportState  state;
  char             *decided_by;
  gint64            decided_at;
  char             *decision_reason;
  char             *hold_until;
  guint             times_written;
  char             *last_folder;
};

G_DEFINE_FINAL_TYPE (VigilExport, vigil_export, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_TIMES_WRITTEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_names[] = {
  [VIGIL_EXPORT_REQUESTED] = "requested",
  [VIGIL_EXPORT_APPROVED] = "approved",
  [VIGIL_EXPORT_REFUSED] = "refused",
};

static void
vigil_export_finalize (GObject *object)
{
  VigilExport *self = (VigilExport *)object;

  g_clear_pointer (&self->cameras, g_strfreev);
  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->exhibit, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->requested_by, g_free);
  g_clear_pointer (&self->decided_by, g_free);
  g_clear_pointer (&self->decision_reason, g_free);
  g_clear_pointer (&self->hold_until, g_free);
  g_clear_pointer (&self->last_folder, g_free);

  G_OBJECT_CLASS (vigil_export_parent_class)->finalize (object);
}

static void
vigil_export_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilExport *self = VIGIL_EXPORT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_STATE:
      g_value_set_string (value, state_names[self->state]);
      break;
    case PROP_TIMES_WRITTEN:
      g_value_set_uint (value, self->times_written);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_export_class_init (VigilExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_export_finalize;
  object_class->get_property = vigil_export_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_TIMES_WRITTEN] = g_param_spec_uint ("times-written", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_export_init (VigilExport *self)
{
}

VigilExport *
vigil_export_new (gint64              id,
                  const char * const *cameras,
                  gint64              from,
                  gint64              to,
                  const char         *case_ref,
                  const char         *exhibit,
                  const char         *purpose,
                  const char         *requested_by,
                  gint64              requested_at)
{
  VigilExport *self = g_object_new (VIGIL_TYPE_EXPORT, NULL);

  self->id = id;
  self->cameras = g_strdupv ((char **) cameras);
  self->from = from;
  self->to = to;
  self->case_ref = g_strdup (case_ref);
  self->exhibit = g_strdup (exhibit);
  self->purpose = g_strdup (purpose);
  self->requested_by = g_strdup (requested_by);
  self->requested_at = requested_at;

  return self;
}

void
vigil_export_set_decision (VigilExport      *self,
                           VigilExportState  state,
                           const char       *decided_by,
                           gint64            decided_at,
                           const char       *reason,
                           const char       *hold_until)
{
  g_return_if_fail (VIGIL_IS_EXPORT (self));

  vigil_text_replace (&self->decided_by, decided_by);
  vigil_text_replace (&self->decision_reason, reason);
  vigil_text_replace (&self->hold_until, hold_until);
  self->decided_at = decided_at;
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

void
vigil_export_set_runs (VigilExport *self,
                       guint        times_written,
                       const char  *last_folder)
{
  g_return_if_fail (VIGIL_IS_EXPORT (self));

  vigil_text_replace (&self->last_folder, last_folder);
  if (self->times_written != times_written)
    {
      self->times_written = times_written;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMES_WRITTEN]);
    }
}

const char *
vigil_export_state_to_string (VigilExportState state)
{
  g_return_val_if_fail (state <= VIGIL_EXPORT_REFUSED, NULL);

  return state_names[state];
}

gboolean
vigil_export_state_from_string (const char       *text,
                                VigilExportState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *state = (VigilExportState) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * vigil_export_get_cameras:
 *
 * Returns: (transfer none): the cameras' names, sorted
 */
const char * const *
vigil_export_get_cameras (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return (const char * const *) self->cameras;
}

gint64
vigil_export_get_id (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), 0);
  return self->id;
}

gint64
vigil_export_get_from (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), 0);
  return self->from;
}

gint64
vigil_export_get_to (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), 0);
  return self->to;
}

const char *
vigil_export_get_case_ref (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->case_ref;
}

const char *
vigil_export_get_exhibit (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->exhibit;
}

const char *
vigil_export_get_purpose (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->purpose;
}

const char *
vigil_export_get_requested_by (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->requested_by;
}

gint64
vigil_export_get_requested_at (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), 0);
  return self->requested_at;
}

VigilExportState
vigil_export_get_state (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), VIGIL_EXPORT_REQUESTED);
  return self->state;
}

/**
 * vigil_export_get_decided_by:
 *
 * Returns: NULL while requested
 */
const char *
vigil_export_get_decided_by (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->decided_by;
}

/**
 * vigil_export_get_decided_at:
 *
 * Returns: 0 while requested
 */
gint64
vigil_export_get_decided_at (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), 0);
  return self->decided_at;
}

/**
 * vigil_export_get_decision_reason:
 *
 * Returns: NULL while requested
 */
const char *
vigil_export_get_decision_reason (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->decision_reason;
}

/**
 * vigil_export_get_hold_until:
 *
 * Returns: the date the approver held the range until (YYYY-MM-DD, site zone); NULL unless approved
 */
const char *
vigil_export_get_hold_until (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->hold_until;
}

/**
 * vigil_export_get_times_written:
 *
 * Returns: how many runs wrote a whole bundle
 */
guint
vigil_export_get_times_written (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), 0);
  return self->times_written;
}

/**
 * vigil_export_get_last_folder:
 *
 * Returns: the folder name of the newest bundle written, or NULL
 */
const char *
vigil_export_get_last_folder (VigilExport *self)
{
  g_return_val_if_fail (VIGIL_IS_EXPORT (self), NULL);
  return self->last_folder;
}
