/* vigil-store-machines.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-store-private.h"
#include "vigil-store-machines.h"

#define MACHINES_READ_ERROR _("Could not read the site's machines")
#define MACHINE_SELECT \
  "SELECT name, kind, invited_at, invited_by, joined_at, joined_by, revoked_at, revoked_by, revoke_reason" \
  " FROM machines"

static gpointer
machine_from_row (VigilStoreStmt *stmt)
{
  VigilMachine *machine = vigil_machine_new (vigil_store_stmt_column_text (stmt, 0),
                                             vigil_store_stmt_column_text (stmt, 1),
                                             vigil_store_stmt_column_int64 (stmt, 2),
                                             vigil_store_stmt_column_text (stmt, 3));

  if (!vigil_store_stmt_column_is_null (stmt, 4))
    vigil_machine_set_joined (machine, vigil_store_stmt_column_int64 (stmt, 4),
                              vigil_store_stmt_column_text (stmt, 5));
  if (!vigil_store_stmt_column_is_null (stmt, 6))
    vigil_machine_set_revoked (machine, vigil_store_stmt_column_int64 (stmt, 6),
                               vigil_store_stmt_column_text (stmt, 7), vigil_store_stmt_column_text (stmt, 8));
  return machine;
}

gboolean
vigil_store_machine_insert (VigilStore  *self,
                            const char  *name,
                            const char  *kind,
                            gint64       at,
                            const char  *by,
                            GError     **error)
{
  g_autofree char *exists = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "INSERT INTO machines (name, kind, invited_at, invited_by)"
                                          " VALUES (?, ?, ?, ?)", error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, name);
  vigil_store_stmt_bind_text (stmt, 2, kind);
  vigil_store_stmt_bind_int64 (stmt, 3, at);
  vigil_store_stmt_bind_text (stmt, 4, by);
  exists = g_strdup_printf (_("the site has a machine named %s already (a name is never reused)"), name);
  return vigil_store_insert_row (self, stmt, exists, _("Could not add the machine"), error) != 0;
}

VigilMachine *
vigil_store_machine_lookup (VigilStore  *self,
                            const char  *name,
                            GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, MACHINE_SELECT " WHERE name = ?", error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, name);
  not_found = g_strdup_printf (_("no machine %s in this site"), name);
  return vigil_store_read_one (self, stmt, machine_from_row, not_found, MACHINES_READ_ERROR, error);
}

GPtrArray *
vigil_store_machines_list (VigilStore  *self,
                           GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, MACHINE_SELECT " ORDER BY invited_at, id", error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, machine_from_row, g_object_unref, MACHINES_READ_ERROR, error);
}

gboolean
vigil_store_machine_set_joined (VigilStore  *self,
                                const char  *name,
                                gint64       at,
                                const char  *by,
                                GError      **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "UPDATE machines SET joined_at = ?, joined_by = ?"
                                          " WHERE name = ? AND joined_at IS NULL AND revoked_at IS NULL", error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, at);
  vigil_store_stmt_bind_text (stmt, 2, by);
  vigil_store_stmt_bind_text (stmt, 3, name);
  not_found = g_strdup_printf (_("the invitation for %s has been used already, or revoked"), name);
  return vigil_store_update_one (self, stmt, not_found, error);
}

gboolean
vigil_store_machine_revoke (VigilStore  *self,
                            const char  *name,
                            gint64       at,
                            const char  *by,
                            const char  *reason,
                            GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "UPDATE machines SET revoked_at = ?, revoked_by = ?, revoke_reason = ?"
                                          " WHERE name = ? AND revoked_at IS NULL", error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, at);
  vigil_store_stmt_bind_text (stmt, 2, by);
  vigil_store_stmt_bind_text (stmt, 3, reason);
  vigil_store_stmt_bind_text (stmt, 4, name);
  not_found = g_strdup_printf (_("no machine %s in this site, or it is revoked already"), name);
  return vigil_store_update_one (self, stmt, not_found, error);
}
