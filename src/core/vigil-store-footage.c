/* vigil-store-footage.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-store-private.h"
#include "vigil-store-footage.h"

void
vigil_footage_grant_free (VigilFootageGrant *grant)
{
  if (grant == NULL)
    return;
  g_free (grant->username);
  g_free (grant->camera);
  g_free (grant->purpose);
  g_free (grant);
}

static gpointer
grant_from_row (VigilStoreStmt *stmt)
{
  VigilFootageGrant *grant = g_new0 (VigilFootageGrant, 1);

  grant->username = g_strdup (vigil_store_stmt_column_text (stmt, 0));
  grant->camera = g_strdup (vigil_store_stmt_column_text (stmt, 1));
  grant->from = vigil_store_stmt_column_int64 (stmt, 2);
  grant->to = vigil_store_stmt_column_int64 (stmt, 3);
  grant->purpose = g_strdup (vigil_store_stmt_column_text (stmt, 4));
  grant->granted_at = vigil_store_stmt_column_int64 (stmt, 5);
  grant->expires_at = vigil_store_stmt_column_int64 (stmt, 6);
  return grant;
}

gboolean
vigil_store_footage_token_insert (VigilStore               *self,
                                  const char               *sha256,
                                  const VigilFootageGrant  *grant,
                                  GError                  **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL && grant != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "INSERT INTO footage_tokens (sha256, username, camera, range_from, range_to,"
                                          " purpose, granted_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, sha256);
  vigil_store_stmt_bind_text (stmt, 2, grant->username);
  vigil_store_stmt_bind_text (stmt, 3, grant->camera);
  vigil_store_stmt_bind_int64 (stmt, 4, grant->from);
  vigil_store_stmt_bind_int64 (stmt, 5, grant->to);
  vigil_store_stmt_bind_text (stmt, 6, grant->purpose);
  vigil_store_stmt_bind_int64 (stmt, 7, grant->granted_at);
  vigil_store_stmt_bind_int64 (stmt, 8, grant->expires_at);
  return vigil_store_insert_row (self, stmt, _("the token was given already"), _("Could not keep the footage token"),
                                 error) != 0;
}

VigilFootageGrant *
vigil_store_footage_token_lookup (VigilStore  *self,
                                  const char  *sha256,
                                  GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT username, camera, range_from, range_to, purpose, granted_at,"
                                          " expires_at FROM footage_tokens WHERE sha256 = ?", error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, sha256);
  return vigil_store_read_one (self, stmt, grant_from_row, _("the site never gave this footage token"),
                               _("Could not read the footage tokens"), error);
}
