/* vigil-staff.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-staff"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-enums.h"
#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-staff-private.h"

/* A member of staff as the store holds them. Instances are snapshots: the
 * store hands out a new one on every read, so nothing here changes under a
 * caller's feet and no property needs change notification after construction
 * except the competency, which a caller fills in before adding the member. */
struct _VigilStaff
{
  GObject    parent_instance;

  char      *username;
  char      *display_name;
  guint      band;
  VigilRole  role;
  gboolean   active;
  char      *assessed_on;
  char      *assessed_by;
  char      *refresher_due;
  guint      failed_logins;
  gint64     locked_until;
  gboolean   reviewer;
};

G_DEFINE_FINAL_TYPE (VigilStaff, vigil_staff, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_BAND,
  PROP_ROLE,
  PROP_ACTIVE,
  PROP_REFRESHER_DUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_staff_finalize (GObject *object)
{
  VigilStaff *self = (VigilStaff *)object;

  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->assessed_on, g_free);
  g_clear_pointer (&self->assessed_by, g_free);
  g_clear_pointer (&self->refresher_due, g_free);

  G_OBJECT_CLASS (vigil_staff_parent_class)->finalize (object);
}

static void
vigil_staff_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilStaff *self = VIGIL_STAFF (object);

  switch (prop_id)
    {
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_BAND:
      g_value_set_uint (value, self->band);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_REFRESHER_DUE:
      g_value_set_string (value, self->refresher_due);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_staff_class_init (VigilStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_staff_finalize;
  object_class->get_property = vigil_staff_get_property;

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BAND] =
    g_param_spec_uint ("band", NULL, NULL, 1, 9, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, VIGIL_TYPE_ROLE, VIGIL_ROLE_OPERATOR,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REFRESHER_DUE] =
    g_param_spec_string ("refresher-due", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_staff_init (VigilStaff *self)
{
  self->active = TRUE;
}

VigilStaff *
vigil_staff_new (const char *username,
                 const char *display_name,
                 guint       band,
                 VigilRole   role)
{
  VigilStaff *self;

  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_STAFF, NULL);
  self->username = g_strdup (username);
  self->display_name = g_strdup (display_name);
  self->band = band;
  self->role = role;

  return self;
}

const char *
vigil_staff_get_username (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  return self->username;
}

const char *
vigil_staff_get_display_name (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  return self->display_name;
}

guint
vigil_staff_get_band (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), 0);
  return self->band;
}

VigilRole
vigil_staff_get_role (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), VIGIL_ROLE_OPERATOR);
  return self->role;
}

gboolean
vigil_staff_get_active (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), FALSE);
  return self->active;
}

const char *
vigil_staff_get_competency_assessed_on (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  return self->assessed_on;
}

const char *
vigil_staff_get_competency_assessed_by (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  return self->assessed_by;
}

const char *
vigil_staff_get_refresher_due (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  return self->refresher_due;
}

gint64
vigil_staff_get_locked_until (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), 0);
  return self->locked_until;
}

guint
vigil_staff_get_failed_logins (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), 0);
  return self->failed_logins;
}

void
vigil_staff_set_competency (VigilStaff *self,
                            const char *assessed_on,
                            const char *assessed_by,
                            const char *refresher_due)
{
  g_return_if_fail (VIGIL_IS_STAFF (self));

  vigil_text_replace (&self->assessed_on, assessed_on);
  vigil_text_replace (&self->assessed_by, assessed_by);
  if (vigil_text_replace (&self->refresher_due, refresher_due))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHER_DUE]);
}

void
vigil_staff_set_account_state (VigilStaff *self,
                               gboolean    active,
                               guint       failed_logins,
                               gint64      locked_until)
{
  g_return_if_fail (VIGIL_IS_STAFF (self));

  self->failed_logins = failed_logins;
  self->locked_until = locked_until;
  if (self->active != !!active)
    {
      self->active = !!active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
}

/* Designated by a manager to review recorded footage. Team leads and
 * managers review by their role (the review-footage permission); the flag
 * is how an operator may. */
gboolean
vigil_staff_get_reviewer (VigilStaff *self)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), FALSE);

  return self->reviewer;
}

void
vigil_staff_set_reviewer (VigilStaff *self,
                          gboolean    reviewer)
{
  g_return_if_fail (VIGIL_IS_STAFF (self));

  self->reviewer = !!reviewer;
}

#define MAX_DISPLAY_NAME 100

gboolean
vigil_staff_validate_username (const char  *username,
                              GError     **error)
{
  gsize len = strlen (username);
  gboolean ok = len >= 2 && len <= 32 && g_ascii_islower (username[0]);

  for (gsize i = 1; ok && i < len; i++)
    ok = g_ascii_islower (username[i]) || g_ascii_isdigit (username[i]) ||
         username[i] == '.' || username[i] == '_' || username[i] == '-';

  if (!ok)
    {
      g_autofree char *shown = vigil_text_quote (username);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("bad username “%s”: use 2 to 32 lower-case letters, digits, “.”, “_” or “-”, starting with a letter"),
                   shown);
    }
  return ok;
}

gboolean
vigil_staff_validate_competency (const char  *assessed_on,
                           const char  *refresher_due,
                           const char  *today,
                           GError     **error)
{
  if ((assessed_on == NULL) != (refresher_due == NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a CCTV competency needs both the assessment date and the refresher due date"));
      return FALSE;
    }
  if (assessed_on == NULL)
    return TRUE;

  if (!vigil_date_validate (assessed_on, error) || !vigil_date_validate (refresher_due, error))
    return FALSE;

  if (strcmp (assessed_on, today) > 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("competency assessed on %s, which is in the future"), assessed_on);
      return FALSE;
    }
  if (strcmp (refresher_due, assessed_on) <= 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("refresher due %s is not after the assessment on %s"), refresher_due, assessed_on);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_staff_validate (VigilStaff  *staff,
                           const char  *today,
                           GError     **error)
{
  const char *name;
  guint band;

  g_return_val_if_fail (VIGIL_IS_STAFF (staff), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  name = vigil_staff_get_display_name (staff);
  band = vigil_staff_get_band (staff);

  if (!vigil_staff_validate_username (vigil_staff_get_username (staff), error))
    return FALSE;

  if (!vigil_text_validate_name (name, MAX_DISPLAY_NAME, _("display name"), error))
    return FALSE;

  if (band < 1 || band > 9)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("band %u is out of range: bands run from 1 to 9"), band);
      return FALSE;
    }

  return vigil_staff_validate_competency (vigil_staff_get_competency_assessed_on (staff),
                                    vigil_staff_get_refresher_due (staff),
                                    today, error);
}

/**
 * vigil_staff_login_refusal:
 * @today: the site's date, "YYYY-MM-DD"
 *
 * The rule for sitting at the console, shared by login, permission checks
 * and duties: active, band 2 or higher, a CCTV competency on record whose
 * refresher is not overdue (allowed on the due date, refused from the day
 * after).
 *
 * Returns: (transfer full) (nullable): why @staff may not, in plain words, or
 *   %NULL when they may
 */
char *
vigil_staff_login_refusal (VigilStaff *self,
                           const char *today)
{
  g_return_val_if_fail (VIGIL_IS_STAFF (self), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  if (!self->active)
    return g_strdup_printf (_("account %s is deactivated"), self->username);

  if (self->band < 2)
    return g_strdup_printf (_("band %u: CCTV duty needs band 2 or higher"), self->band);

  if (self->refresher_due == NULL || self->assessed_on == NULL)
    return g_strdup (_("no CCTV competency on record: a manager must record an assessment first"));

  if (strcmp (today, self->refresher_due) > 0)
    return g_strdup_printf (_("CCTV competency refresher overdue since %s"), self->refresher_due);

  return NULL;
}
