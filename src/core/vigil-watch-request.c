/* vigil-watch-request.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-watch-request"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-text.h"
#include "vigil-watch-request-private.h"

/* "This family needs a remote watcher now." Open until a duty starts for the
 * family; while open with nobody on duty it is uncovered, and every console
 * shows it. A snapshot, like VigilDuty. */
struct _VigilWatchRequest
{
  GObject  parent_instance;

  gint64   id;
  char    *case_ref;
  char    *family_label;
  gint64   requested_at;
  char    *requested_by;
  char    *reason;
  gint64   closed_at;      /* 0 while open */
  char    *closed_by;
  char    *withdrawn;      /* why it was withdrawn; NULL if it was covered */
};

G_DEFINE_FINAL_TYPE (VigilWatchRequest, vigil_watch_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_REF,
  PROP_FAMILY_LABEL,
  PROP_REQUESTED_AT,
  PROP_REQUESTED_BY,
  PROP_CLOSED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_watch_request_finalize (GObject *object)
{
  VigilWatchRequest *self = (VigilWatchRequest *)object;

  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->family_label, g_free);
  g_clear_pointer (&self->requested_by, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->closed_by, g_free);
  g_clear_pointer (&self->withdrawn, g_free);

  G_OBJECT_CLASS (vigil_watch_request_parent_class)->finalize (object);
}

static void
vigil_watch_request_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilWatchRequest *self = VIGIL_WATCH_REQUEST (object);

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
    case PROP_REQUESTED_AT:
      g_value_set_int64 (value, self->requested_at);
      break;
    case PROP_REQUESTED_BY:
      g_value_set_string (value, self->requested_by);
      break;
    case PROP_CLOSED_AT:
      g_value_set_int64 (value, self->closed_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_watch_request_class_init (VigilWatchRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_watch_request_finalize;
  object_class->get_property = vigil_watch_request_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CASE_REF] =
    g_param_spec_string ("case-ref", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FAMILY_LABEL] =
    g_param_spec_string ("family-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REQUESTED_AT] =
    g_param_spec_int64 ("requested-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REQUESTED_BY] =
    g_param_spec_string ("requested-by", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLOSED_AT] =
    g_param_spec_int64 ("closed-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_watch_request_init (VigilWatchRequest *self)
{
}

VigilWatchRequest *
vigil_watch_request_new (gint64      id,
                         const char *case_ref,
                         const char *family_label,
                         gint64      requested_at,
                         const char *requested_by,
                         const char *reason)
{
  VigilWatchRequest *self;

  g_return_val_if_fail (case_ref != NULL, NULL);
  g_return_val_if_fail (requested_by != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_WATCH_REQUEST, NULL);
  self->id = id;
  self->case_ref = g_strdup (case_ref);
  self->family_label = g_strdup (family_label ? family_label : "");
  self->requested_at = requested_at;
  self->requested_by = g_strdup (requested_by);
  self->reason = g_strdup (reason ? reason : "");

  return self;
}

void
vigil_watch_request_set_closed (VigilWatchRequest *self,
                                gint64             closed_at,
                                const char        *closed_by)
{
  g_return_if_fail (VIGIL_IS_WATCH_REQUEST (self));
  g_return_if_fail (closed_at > 0);

  g_free (self->closed_by);
  self->closed_by = g_strdup (closed_by ? closed_by : "");

  if (self->closed_at != closed_at)
    {
      self->closed_at = closed_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED_AT]);
    }
}

gint64
vigil_watch_request_get_id (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), 0);
  return self->id;
}

const char *
vigil_watch_request_get_case_ref (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), NULL);
  return self->case_ref;
}

const char *
vigil_watch_request_get_family_label (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), NULL);
  return self->family_label;
}

gint64
vigil_watch_request_get_requested_at (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), 0);
  return self->requested_at;
}

const char *
vigil_watch_request_get_requested_by (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), NULL);
  return self->requested_by;
}

const char *
vigil_watch_request_get_reason (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), NULL);
  return self->reason;
}

gboolean
vigil_watch_request_is_open (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), FALSE);
  return self->closed_at == 0;
}

gint64
vigil_watch_request_get_closed_at (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), 0);
  return self->closed_at;
}

const char *
vigil_watch_request_get_closed_by (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), NULL);
  return self->closed_by;
}

/* A withdrawn request is closed with a reason; one closed without is the
 * one a duty covered. */
void
vigil_watch_request_set_withdrawn (VigilWatchRequest *self,
                                   const char        *reason)
{
  g_return_if_fail (VIGIL_IS_WATCH_REQUEST (self));
  g_return_if_fail (reason != NULL);

  vigil_text_replace (&self->withdrawn, reason);
}

/**
 * vigil_watch_request_get_withdrawn_reason:
 *
 * Returns: (nullable): why the request was withdrawn, or %NULL when it is
 *   open or a duty covered it
 */
const char *
vigil_watch_request_get_withdrawn_reason (VigilWatchRequest *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_REQUEST (self), NULL);
  return self->withdrawn;
}
