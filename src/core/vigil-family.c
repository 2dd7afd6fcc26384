/* vigil-family.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-family"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-family-private.h"

/* A family placed at the centre, with its CCTV and audio agreement. Its
 * state (stage 1 to 4, off) is not here: it is the history of stage changes
 * (VigilStageChange), which the policy reads as of any instant. */
struct _VigilFamily
{
  GObject   parent_instance;

  gint64    id;
  char     *case_ref;
  char     *label;
  char     *room;
  char     *admitted_on;
  char     *agreement_signed_on;
  gboolean  agreement_covers_audio;
  guint     retention_days;
  char     *consent_on;
  char     *discharged_on;
  gint64    created_at;
};

G_DEFINE_FINAL_TYPE (VigilFamily, vigil_family, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_REF,
  PROP_LABEL,
  PROP_ROOM,
  PROP_ADMITTED_ON,
  PROP_AGREEMENT_SIGNED_ON,
  PROP_AGREEMENT_COVERS_AUDIO,
  PROP_RETENTION_DAYS,
  PROP_CONSENT_ON,
  PROP_DISCHARGED_ON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define MAX_CASE_REF        32
#define MAX_ROOM            64
#define MAX_RETENTION_DAYS  3650

static void
vigil_family_finalize (GObject *object)
{
  VigilFamily *self = (VigilFamily *)object;

  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->room, g_free);
  g_clear_pointer (&self->admitted_on, g_free);
  g_clear_pointer (&self->agreement_signed_on, g_free);
  g_clear_pointer (&self->consent_on, g_free);
  g_clear_pointer (&self->discharged_on, g_free);

  G_OBJECT_CLASS (vigil_family_parent_class)->finalize (object);
}

static void
vigil_family_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilFamily *self = VIGIL_FAMILY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CASE_REF:
      g_value_set_string (value, self->case_ref);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;
    case PROP_ADMITTED_ON:
      g_value_set_string (value, self->admitted_on);
      break;
    case PROP_AGREEMENT_SIGNED_ON:
      g_value_set_string (value, self->agreement_signed_on);
      break;
    case PROP_AGREEMENT_COVERS_AUDIO:
      g_value_set_boolean (value, self->agreement_covers_audio);
      break;
    case PROP_RETENTION_DAYS:
      g_value_set_uint (value, self->retention_days);
      break;
    case PROP_CONSENT_ON:
      g_value_set_string (value, self->consent_on);
      break;
    case PROP_DISCHARGED_ON:
      g_value_set_string (value, self->discharged_on);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_family_class_init (VigilFamilyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_family_finalize;
  object_class->get_property = vigil_family_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CASE_REF] = g_param_spec_string ("case-ref", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_ROOM] = g_param_spec_string ("room", NULL, NULL, NULL, flags);
  properties[PROP_ADMITTED_ON] = g_param_spec_string ("admitted-on", NULL, NULL, NULL, flags);
  properties[PROP_AGREEMENT_SIGNED_ON] = g_param_spec_string ("agreement-signed-on", NULL, NULL, NULL, flags);
  properties[PROP_AGREEMENT_COVERS_AUDIO] = g_param_spec_boolean ("agreement-covers-audio", NULL, NULL, FALSE, flags);
  properties[PROP_RETENTION_DAYS] = g_param_spec_uint ("retention-days", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CONSENT_ON] = g_param_spec_string ("consent-on", NULL, NULL, NULL, flags);
  properties[PROP_DISCHARGED_ON] = g_param_spec_string ("discharged-on", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_family_init (VigilFamily *self)
{
}

/**
 * vigil_family_new:
 * @admitted_on: the admission date, YYYY-MM-DD
 *
 * A family not yet admitted; vigil_site_add_family() stores it. Without
 * vigil_family_set_agreement() there is no agreement on file; a retention of
 * 0 takes the site's default when the family is added.
 */
VigilFamily *
vigil_family_new (const char *case_ref,
                  const char *label,
                  const char *room,
                  const char *admitted_on)
{
  VigilFamily *self;

  g_return_val_if_fail (case_ref != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (room != NULL, NULL);
  g_return_val_if_fail (admitted_on != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_FAMILY, NULL);
  self->case_ref = g_strdup (case_ref);
  self->label = g_strdup (label);
  self->room = g_strdup (room);
  self->admitted_on = g_strdup (admitted_on);

  return self;
}

/**
 * vigil_family_set_agreement:
 * @signed_on: (nullable): the date the CCTV and audio agreement was signed,
 *   or %NULL for none on file
 * @covers_audio: whether the agreement allows audio; ignored without one
 */
void
vigil_family_set_agreement (VigilFamily *self,
                            const char  *signed_on,
                            gboolean     covers_audio)
{
  gboolean covers;

  g_return_if_fail (VIGIL_IS_FAMILY (self));

  covers = signed_on != NULL && covers_audio;
  if (vigil_text_replace (&self->agreement_signed_on, signed_on))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGREEMENT_SIGNED_ON]);
  if (self->agreement_covers_audio != covers)
    {
      self->agreement_covers_audio = covers;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGREEMENT_COVERS_AUDIO]);
    }
}

void
vigil_family_set_retention_days (VigilFamily *self,
                                 guint        retention_days)
{
  g_return_if_fail (VIGIL_IS_FAMILY (self));

  if (self->retention_days != retention_days)
    {
      self->retention_days = retention_days;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_DAYS]);
    }
}

void
vigil_family_set_consent_on (VigilFamily *self,
                             const char  *consent_on)
{
  g_return_if_fail (VIGIL_IS_FAMILY (self));

  if (vigil_text_replace (&self->consent_on, consent_on))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT_ON]);
}

void
vigil_family_set_stored (VigilFamily *self,
                         gint64       id,
                         const char  *discharged_on,
                         gint64       created_at)
{
  g_return_if_fail (VIGIL_IS_FAMILY (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (vigil_text_replace (&self->discharged_on, discharged_on))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCHARGED_ON]);
  self->created_at = created_at;
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
vigil_family_get_id (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), 0);
  return self->id;
}

const char *
vigil_family_get_case_ref (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), NULL);
  return self->case_ref;
}

const char *
vigil_family_get_label (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), NULL);
  return self->label;
}

const char *
vigil_family_get_room (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), NULL);
  return self->room;
}

const char *
vigil_family_get_admitted_on (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), NULL);
  return self->admitted_on;
}

const char *
vigil_family_get_agreement_signed_on (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), NULL);
  return self->agreement_signed_on;
}

gboolean
vigil_family_get_agreement_covers_audio (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), FALSE);
  return self->agreement_covers_audio;
}

guint
vigil_family_get_retention_days (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), 0);
  return self->retention_days;
}

const char *
vigil_family_get_consent_on (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), NULL);
  return self->consent_on;
}

const char *
vigil_family_get_discharged_on (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), NULL);
  return self->discharged_on;
}

gint64
vigil_family_get_created_at (VigilFamily *self)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), 0);
  return self->created_at;
}

/* Case references come from the placing authority ("LA-2026-0142",
 * "C/123/26"): letters, digits and a little punctuation, so they survive
 * file names, CSV and the court bundle's manifest unquoted. */
gboolean
vigil_family_validate_case_ref (const char  *case_ref,
                                GError     **error)
{
  gsize len;
  gboolean ok;

  g_return_val_if_fail (case_ref != NULL, FALSE);

  len = strlen (case_ref);
  ok = len >= 1 && len <= MAX_CASE_REF && g_ascii_isalnum (case_ref[0]);
  for (gsize i = 1; ok && i < len; i++)
    ok = g_ascii_isalnum (case_ref[i]) || strchr ("-/_.", case_ref[i]) != NULL;

  if (!ok)
    {
      g_autofree char *shown = vigil_text_quote (case_ref);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("bad case reference “%s”: use 1 to %d letters, digits, “-”, “/”, “_” or “.”, starting with a letter or digit"),
                   shown, MAX_CASE_REF);
    }
  return ok;
}

static gboolean
validate_past_date (const char  *date,
                    const char  *what,
                    const char  *today,
                    GError     **error)
{
  if (!vigil_date_validate (date, error))
    return FALSE;

  if (strcmp (date, today) > 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the %s date %s is in the future"), what, date);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_family_validate:
 * @today: the site's date today
 *
 * Checks the family's own fields; that its room exists and is free is the
 * site's to check.
 */
gboolean
vigil_family_validate (VigilFamily  *self,
                       const char   *today,
                       GError      **error)
{
  g_return_val_if_fail (VIGIL_IS_FAMILY (self), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  if (!vigil_family_validate_case_ref (self->case_ref, error) ||
      !vigil_text_validate_name (self->label, VIGIL_FAMILY_MAX_LABEL, _("family label"), error) ||
      !vigil_text_validate_name (self->room, MAX_ROOM, _("room name"), error) ||
      !vigil_date_validate (self->admitted_on, error))
    return FALSE;

  if (self->agreement_signed_on != NULL &&
      !validate_past_date (self->agreement_signed_on, _("agreement"), today, error))
    return FALSE;

  if (self->consent_on != NULL &&
      !validate_past_date (self->consent_on, _("consent"), today, error))
    return FALSE;

  if (self->retention_days < 1 || self->retention_days > MAX_RETENTION_DAYS)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("retention of %u days is out of range: 1 to %d days"),
                   self->retention_days, MAX_RETENTION_DAYS);
      return FALSE;
    }

  return TRUE;
}
