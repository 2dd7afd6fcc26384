/* vigil-store-staff.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-staff-private.h"
#include "vigil-store-private.h"

#define STAFF_COLUMNS \
  "username, display_name, band, role, active, competency_assessed_on," \
  " competency_assessed_by, competency_refresher_due, failed_logins, locked_until," \
  " password_hash, reviewer"

static VigilStaff *
staff_from_row (VigilStoreStmt  *stmt,
                char         **password_hash)
{
  VigilStaff *staff;
  VigilRole role = VIGIL_ROLE_OPERATOR;

  /* The CHECK constraint keeps the role to the three names. */
  vigil_role_from_string (vigil_store_stmt_column_text (stmt, 3), &role, NULL);

  staff = vigil_staff_new (vigil_store_stmt_column_text (stmt, 0),
                           vigil_store_stmt_column_text (stmt, 1),
                           vigil_store_stmt_column_int64 (stmt, 2),
                           role);
  vigil_staff_set_competency (staff,
                              vigil_store_stmt_column_text (stmt, 5),
                              vigil_store_stmt_column_text (stmt, 6),
                              vigil_store_stmt_column_text (stmt, 7));
  vigil_staff_set_account_state (staff,
                                 vigil_store_stmt_column_int64 (stmt, 4),
                                 vigil_store_stmt_column_int64 (stmt, 8),
                                 vigil_store_stmt_column_int64 (stmt, 9));
  vigil_staff_set_reviewer (staff, vigil_store_stmt_column_int64 (stmt, 11));
  if (password_hash != NULL)
    *password_hash = vigil_store_column_dup (stmt, 10);

  return staff;
}

static gpointer
staff_from_row_without_hash (VigilStoreStmt *stmt)
{
  return staff_from_row (stmt, NULL);
}

gboolean
vigil_store_staff_insert (VigilStore  *self,
                          VigilStaff  *staff,
                          const char  *password_hash,
                          gint64       now_us,
                          GError     **error)
{
  g_autofree char *exists = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_STAFF (staff), FALSE);
  g_return_val_if_fail (password_hash != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO staff (username, display_name, band, role, active,"
                                    " competency_assessed_on, competency_assessed_by,"
                                    " competency_refresher_due, password_hash, created_at)"
                                    " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, vigil_staff_get_username (staff));
  vigil_store_stmt_bind_text (stmt, 2, vigil_staff_get_display_name (staff));
  vigil_store_stmt_bind_int64 (stmt, 3, vigil_staff_get_band (staff));
  vigil_store_stmt_bind_text (stmt, 4, vigil_role_to_string (vigil_staff_get_role (staff)));
  vigil_store_stmt_bind_text (stmt, 5, vigil_staff_get_competency_assessed_on (staff));
  vigil_store_stmt_bind_text (stmt, 6, vigil_staff_get_competency_assessed_by (staff));
  vigil_store_stmt_bind_text (stmt, 7, vigil_staff_get_refresher_due (staff));
  vigil_store_stmt_bind_text (stmt, 8, password_hash);
  vigil_store_stmt_bind_int64 (stmt, 9, now_us);

  exists = g_strdup_printf (_("staff member “%s” already exists"), vigil_staff_get_username (staff));
  return vigil_store_insert_row (self, stmt, exists, _("Could not add a staff member"), error) != 0;
}

VigilStaff *
vigil_store_staff_lookup (VigilStore  *self,
                          const char  *username,
                          char       **password_hash,
                          GError     **error)
{
  VigilStoreStmt *stmt;
  VigilStaff *staff = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " STAFF_COLUMNS " FROM staff WHERE username = ?",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, username);
  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    staff = staff_from_row (stmt, password_hash);
  else if (rc == VIGIL_STORE_STEP_DONE)
    {
      g_autofree char *shown = vigil_text_quote (username);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                   _("no staff member “%s”"), shown);
    }
  else
    vigil_store_set_error (self, error, _("Could not read staff"));
  vigil_store_stmt_reset (stmt);

  return staff;
}

GPtrArray *
vigil_store_staff_list (VigilStore  *self,
                        GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " STAFF_COLUMNS " FROM staff ORDER BY username",
                                    error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, staff_from_row_without_hash, g_object_unref,
                                   _("Could not read staff"), error);
}

guint
vigil_store_staff_count_active_role (VigilStore  *self,
                                     VigilRole    role,
                                     GError     **error)
{
  VigilStoreStmt *stmt;
  guint count = 0;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT count(*) FROM staff WHERE active = 1 AND role = ?",
                                    error)))
    return 0;

  vigil_store_stmt_bind_text (stmt, 1, vigil_role_to_string (role));
  if (vigil_store_stmt_step (stmt) == VIGIL_STORE_STEP_ROW)
    count = vigil_store_stmt_column_int64 (stmt, 0);
  else
    vigil_store_set_error (self, error, _("Could not read staff"));
  vigil_store_stmt_reset (stmt);

  return count;
}

/* Runs a one-row UPDATE keyed by username as its last parameter. */
static gboolean
update_staff (VigilStore    *self,
              VigilStoreStmt  *stmt,
              int            username_column,
              const char    *username,
              GError       **error)
{
  g_autofree char *shown = vigil_text_quote (username);
  g_autofree char *not_found = g_strdup_printf (_("no staff member “%s”"), shown);

  vigil_store_stmt_bind_text (stmt, username_column, username);
  return vigil_store_update_one (self, stmt, not_found, error);
}

gboolean
vigil_store_staff_set_password (VigilStore  *self,
                                const char  *username,
                                const char  *password_hash,
                                GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL && password_hash != NULL, FALSE);

  /* A new password also lifts any lockout. */
  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE staff SET password_hash = ?, failed_logins = 0,"
                                    " locked_until = 0 WHERE username = ?",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, password_hash);
  return update_staff (self, stmt, 2, username, error);
}

gboolean
vigil_store_staff_set_login_state (VigilStore  *self,
                                   const char  *username,
                                   guint        failed_logins,
                                   gint64       locked_until,
                                   GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE staff SET failed_logins = ?, locked_until = ?"
                                    " WHERE username = ?",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, failed_logins);
  vigil_store_stmt_bind_int64 (stmt, 2, locked_until);
  return update_staff (self, stmt, 3, username, error);
}

/**
 * vigil_store_settings_trim_prefix:
 * @keep: how many of the rows under @prefix to keep, the newest
 *
 * Deletes the oldest settings rows whose key starts with @prefix, so that
 * rows made from what people type (failed logins of unknown usernames) stay
 * bounded.
 */
gboolean
vigil_store_settings_trim_prefix (VigilStore  *self,
                                  const char  *prefix,
                                  guint        keep,
                                  GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (prefix != NULL && *prefix != '\0', FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "DELETE FROM settings WHERE substr (key, 1, length (?1)) = ?1"
                                    " AND rowid NOT IN (SELECT rowid FROM settings"
                                    "  WHERE substr (key, 1, length (?1)) = ?1 ORDER BY rowid DESC LIMIT ?2)",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, prefix);
  vigil_store_stmt_bind_int64 (stmt, 2, keep);
  return vigil_store_step_done (self, stmt, error);
}

gboolean
vigil_store_staff_set_active (VigilStore  *self,
                              const char  *username,
                              gboolean     active,
                              GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "UPDATE staff SET active = ? WHERE username = ?", error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, active ? 1 : 0);
  return update_staff (self, stmt, 2, username, error);
}

gboolean
vigil_store_staff_set_competency (VigilStore  *self,
                                  VigilStaff  *staff,
                                  GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_STAFF (staff), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE staff SET competency_assessed_on = ?,"
                                    " competency_assessed_by = ?, competency_refresher_due = ?"
                                    " WHERE username = ?",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, vigil_staff_get_competency_assessed_on (staff));
  vigil_store_stmt_bind_text (stmt, 2, vigil_staff_get_competency_assessed_by (staff));
  vigil_store_stmt_bind_text (stmt, 3, vigil_staff_get_refresher_due (staff));
  return update_staff (self, stmt, 4, vigil_staff_get_username (staff), error);
}

gboolean
vigil_store_staff_set_reviewer (VigilStore  *self,
                                VigilStaff  *staff,
                                GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_STAFF (staff), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "UPDATE staff SET reviewer = ? WHERE username = ?", error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, vigil_staff_get_reviewer (staff));
  return update_staff (self, stmt, 2, vigil_staff_get_username (staff), error);
}
