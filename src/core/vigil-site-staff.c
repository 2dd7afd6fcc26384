/* vigil-site-staff.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-duty.h"
#include "vigil-error.h"
#include "vigil-password.h"
#include "vigil-site-private.h"
#include "vigil-staff-private.h"
#include "vigil-store-duty.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* Staff records and competency: a manager's work. Every call checks the
 * actor's permission against the store, validates before it writes, and
 * writes the change and its audit entry in one transaction. */

static char *
today (VigilSite *self)
{
  return vigil_date_today (vigil_site_get_time_zone (self), vigil_site_now (self));
}

/**
 * vigil_site_check_new_staff:
 *
 * Checks a would-be member of staff without writing anything: their fields,
 * their competency dates against the site's today, and that the username is
 * free. vigil_site_add_staff() checks the same again.
 */
gboolean
vigil_site_check_new_staff (VigilSite   *self,
                            VigilStaff  *staff,
                            GError     **error)
{
  g_autofree char *date = NULL;
  g_autoptr(VigilStaff) existing = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_STAFF (staff), FALSE);

  date = today (self);
  if (!vigil_staff_validate (staff, date, error))
    return FALSE;

  existing = vigil_store_staff_lookup (vigil_site_get_store (self), vigil_staff_get_username (staff), NULL, NULL);
  if (existing != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("staff member “%s” already exists"), vigil_staff_get_username (staff));
      return FALSE;
    }

  return TRUE;
}

/* Runs @change and its audit entry in one transaction. */
typedef gboolean (*StaffChange) (VigilStore  *store,
                                 gpointer     data,
                                 GError     **error);

static gboolean
commit_change (VigilSite    *self,
               VigilSession *session,
               StaffChange   change,
               gpointer      data,
               const char   *action,
               const char   *username,
               const char   *reason,
               const char   *detail,
               GError      **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autofree char *object = g_strdup_printf ("staff:%s", username);

  if (!vigil_store_begin (store, error))
    return FALSE;

  if (!change (store, data, error) ||
      !vigil_site_audit (self, vigil_session_get_username (session), action, object,
                         reason ? reason : "", detail, error))
    {
      vigil_store_rollback (store);
      return FALSE;
    }

  return vigil_store_commit (store, error);
}

GPtrArray *
vigil_site_list_staff (VigilSite  *self,
                       GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_staff_list (vigil_site_get_store (self), error);
}

VigilStaff *
vigil_site_lookup_staff (VigilSite   *self,
                         const char  *username,
                         GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  return vigil_store_staff_lookup (vigil_site_get_store (self), username, NULL, error);
}

typedef struct
{
  VigilStaff *staff;
  const char *hash;
  gint64      now;
} AddStaff;

static gboolean
insert_staff (VigilStore  *store,
              gpointer     data,
              GError     **error)
{
  AddStaff *add = data;

  return vigil_store_staff_insert (store, add->staff, add->hash, add->now, error);
}

/**
 * vigil_site_add_staff:
 * @staff: the new member; their competency, if any, is recorded as assessed
 *   by the acting member of staff
 *
 * Needs the manage-staff permission.
 */
gboolean
vigil_site_add_staff (VigilSite     *self,
                      VigilSession  *session,
                      VigilStaff    *staff,
                      const char    *password,
                      const char    *reason,
                      GError       **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *detail = NULL;
  AddStaff add;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_STAFF (staff), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!vigil_text_validate_reason (reason, FALSE, error) ||
      !vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_STAFF, N_("add staff"), error))
    return FALSE;

  if (vigil_staff_get_competency_assessed_on (staff) != NULL)
    vigil_staff_set_competency (staff,
                                vigil_staff_get_competency_assessed_on (staff),
                                vigil_session_get_username (session),
                                vigil_staff_get_refresher_due (staff));

  if (!vigil_site_check_new_staff (self, staff, error) ||
      !vigil_password_check_acceptable (password, error))
    return FALSE;

  hash = vigil_password_hash (password, error);
  if (hash == NULL)
    return FALSE;

  detail = g_strdup_printf ("name=%s band=%u role=%s competency=%s..%s",
                            vigil_staff_get_display_name (staff),
                            vigil_staff_get_band (staff),
                            vigil_role_to_string (vigil_staff_get_role (staff)),
                            vigil_staff_get_competency_assessed_on (staff) ?: "none",
                            vigil_staff_get_refresher_due (staff) ?: "none");

  add = (AddStaff) { staff, hash, vigil_site_now (self) };
  return commit_change (self, session, insert_staff, &add, "staff-added",
                        vigil_staff_get_username (staff), reason, detail, error);
}

typedef struct
{
  const char *username;
  const char *hash;
} SetPassword;

static gboolean
update_password (VigilStore  *store,
                 gpointer     data,
                 GError     **error)
{
  SetPassword *set = data;

  return vigil_store_staff_set_password (store, set->username, set->hash, error);
}

/**
 * vigil_site_set_staff_password:
 *
 * Anyone may change their own password; changing someone else's needs the
 * manage-staff permission. A new password also lifts a lockout.
 */
gboolean
vigil_site_set_staff_password (VigilSite     *self,
                               VigilSession  *session,
                               const char    *username,
                               const char    *password,
                               const char    *reason,
                               GError       **error)
{
  g_autoptr(VigilStaff) target = NULL;
  g_autofree char *hash = NULL;
  SetPassword set;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (username != NULL && password != NULL, FALSE);

  if (!vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;

  if (g_strcmp0 (username, vigil_session_get_username (session)) == 0
      ? !vigil_site_check_active (self, session, N_("change their password"), error)
      : !vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_STAFF,
                                      N_("set another member's password"), error))
    return FALSE;

  target = vigil_site_lookup_staff (self, username, error);
  if (target == NULL || !vigil_password_check_acceptable (password, error))
    return FALSE;

  hash = vigil_password_hash (password, error);
  if (hash == NULL)
    return FALSE;

  set = (SetPassword) { username, hash };
  return commit_change (self, session, update_password, &set, "staff-password-set",
                        username, reason, NULL, error);
}

/* Everything that stops a deactivation, read from the store as it is now:
 * run again inside the transaction that writes it. */
static gboolean
check_deactivate (VigilStore  *store,
                  const char  *username,
                  GError     **error)
{
  g_autoptr(VigilStaff) staff = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  GError *duty_error = NULL;
  GError *count_error = NULL;
  guint managers;

  staff = vigil_store_staff_lookup (store, username, NULL, error);
  if (staff == NULL)
    return FALSE;

  if (!vigil_staff_get_active (staff))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is already deactivated"), username);
      return FALSE;
    }

  /* A baby must not be left watched by someone who can no longer log in. */
  duty = vigil_store_duty_open_for_operator (store, username, &duty_error);
  if (duty_error != NULL)
    {
      g_propagate_error (error, duty_error);
      return FALSE;
    }
  if (duty != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("cannot deactivate %s: they are on duty for family %s; end or hand over the duty first"),
                   username, vigil_duty_get_case_ref (duty));
      return FALSE;
    }

  /* Counted inside the transaction too, so two managers deactivating each
   * other at once cannot leave the site with none. */
  if (vigil_staff_get_role (staff) == VIGIL_ROLE_MANAGER)
    {
      managers = vigil_store_staff_count_active_role (store, VIGIL_ROLE_MANAGER, &count_error);
      if (count_error != NULL)
        {
          g_propagate_error (error, count_error);
          return FALSE;
        }
      if (managers <= 1)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("cannot deactivate %s: they are the site's last active manager"), username);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
deactivate (VigilStore  *store,
            gpointer     data,
            GError     **error)
{
  const char *username = data;

  return check_deactivate (store, username, error) &&
         vigil_store_staff_set_active (store, username, FALSE, error);
}

/**
 * vigil_site_check_deactivate_staff:
 *
 * Checks, without writing, that @username could be deactivated now: known,
 * active, on no duty, and not the site's last active manager.
 */
gboolean
vigil_site_check_deactivate_staff (VigilSite   *self,
                                   const char  *username,
                                   GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  return check_deactivate (vigil_site_get_store (self), username, error);
}

/**
 * vigil_site_deactivate_staff:
 *
 * Needs the manage-staff permission. The record stays (the audit trail and
 * notes name its username); the member can no longer log in.
 */
gboolean
vigil_site_deactivate_staff (VigilSite     *self,
                             VigilSession  *session,
                             const char    *username,
                             const char    *reason,
                             GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  if (!vigil_text_validate_reason (reason, FALSE, error) ||
      !vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_STAFF,
                                    N_("deactivate staff"), error))
    return FALSE;

  return commit_change (self, session, deactivate, (gpointer) username, "staff-deactivated",
                        username, reason, NULL, error);
}

static gboolean
update_competency (VigilStore  *store,
                   gpointer     data,
                   GError     **error)
{
  return vigil_store_staff_set_competency (store, data, error);
}

/**
 * vigil_site_set_staff_competency:
 *
 * Records a new CCTV competency assessment, by the acting member of staff.
 * Needs the manage-staff permission.
 */
gboolean
vigil_site_set_staff_competency (VigilSite     *self,
                                 VigilSession  *session,
                                 const char    *username,
                                 const char    *assessed_on,
                                 const char    *refresher_due,
                                 const char    *reason,
                                 GError       **error)
{
  g_autoptr(VigilStaff) target = NULL;
  g_autofree char *date = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (assessed_on != NULL && refresher_due != NULL, FALSE);

  if (!vigil_text_validate_reason (reason, FALSE, error) ||
      !vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_STAFF,
                                    N_("record a competency"), error))
    return FALSE;

  date = today (self);
  if (!vigil_staff_validate_competency (assessed_on, refresher_due, date, error))
    return FALSE;

  target = vigil_site_lookup_staff (self, username, error);
  if (target == NULL)
    return FALSE;

  detail = g_strdup_printf ("competency=%s..%s previous=%s..%s", assessed_on, refresher_due,
                            vigil_staff_get_competency_assessed_on (target) ?: "none",
                            vigil_staff_get_refresher_due (target) ?: "none");
  vigil_staff_set_competency (target, assessed_on, vigil_session_get_username (session), refresher_due);

  return commit_change (self, session, update_competency, target, "staff-competency-set",
                        username, reason, detail, error);
}

static gboolean
update_reviewer (VigilStore  *store,
                 gpointer     data,
                 GError     **error)
{
  return vigil_store_staff_set_reviewer (store, data, error);
}

/**
 * vigil_site_set_staff_reviewer:
 * @reviewer: whether @username may review recorded footage
 * @reason: why, for the trail; required
 *
 * Designates a member to review recorded footage (CCTV Review), or
 * withdraws it. Team leads and managers review by their role; this is how
 * an operator may. Needs the manage-staff permission (managers); audited
 * as "staff-reviewer-designated" or "staff-reviewer-withdrawn".
 */
gboolean
vigil_site_set_staff_reviewer (VigilSite     *self,
                               VigilSession  *session,
                               const char    *username,
                               gboolean       reviewer,
                               const char    *reason,
                               GError       **error)
{
  g_autoptr(VigilStaff) target = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  if (!vigil_text_validate_reason (reason, TRUE, error) ||
      !vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_STAFF,
                                    N_("designate who reviews footage"), error))
    return FALSE;

  target = vigil_site_lookup_staff (self, username, error);
  if (target == NULL)
    return FALSE;

  vigil_staff_set_reviewer (target, reviewer);
  return commit_change (self, session, update_reviewer, target,
                        reviewer ? "staff-reviewer-designated" : "staff-reviewer-withdrawn",
                        username, reason, NULL, error);
}
