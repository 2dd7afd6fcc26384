/* vigil-store-audit.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-store-private.h"

/**
 * vigil_store_audit_get_head:
 *
 * Reads the recorded newest entry. An empty trail gives @seq 0 and %NULL
 * strings.
 */
gboolean
vigil_store_audit_get_head (VigilStore  *self,
                            gint64      *seq,
                            char       **mac,
                            char       **head_mac,
                            GError     **error)
{
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (seq != NULL && mac != NULL && head_mac != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT seq, mac, head_mac FROM audit_head WHERE id = 1", error)))
    return FALSE;

  *seq = 0;
  *mac = NULL;
  *head_mac = NULL;

  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    {
      *seq = vigil_store_stmt_column_int64 (stmt, 0);
      *mac = vigil_store_column_dup (stmt, 1);
      *head_mac = vigil_store_column_dup (stmt, 2);
    }
  vigil_store_stmt_reset (stmt);

  if (rc != VIGIL_STORE_STEP_ROW && rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not read the audit trail"));
      return FALSE;
    }

  return TRUE;
}

/* Must run inside a transaction: the entry and the head move together. */
gboolean
vigil_store_audit_append (VigilStore           *self,
                          const VigilAuditRow  *row,
                          const char           *head_mac,
                          GError              **error)
{
  VigilStoreStmt *insert, *head;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (row != NULL && head_mac != NULL, FALSE);
  /* Outside a transaction two writers could read the same head. */
  g_return_val_if_fail (vigil_store_in_transaction (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(insert = vigil_store_prepare (self,
                                      "INSERT INTO audit (seq, at, actor, action, object, reason, detail, mac,"
                                      " machine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (insert, 1, row->seq);
  vigil_store_stmt_bind_int64 (insert, 2, row->at);
  vigil_store_stmt_bind_text (insert, 3, row->actor);
  vigil_store_stmt_bind_text (insert, 4, row->action);
  vigil_store_stmt_bind_text (insert, 5, row->object);
  vigil_store_stmt_bind_text (insert, 6, row->reason);
  vigil_store_stmt_bind_text (insert, 7, row->detail);
  vigil_store_stmt_bind_text (insert, 8, row->mac);
  if (row->machine != NULL)
    vigil_store_stmt_bind_text (insert, 9, row->machine);
  else
    vigil_store_stmt_bind_null (insert, 9);
  if (!vigil_store_step_done (self, insert, error))
    return FALSE;

  if (!(head = vigil_store_prepare (self,
                                    "INSERT INTO audit_head (id, seq, mac, head_mac) VALUES (1, ?, ?, ?)"
                                    " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq,"
                                    " mac = excluded.mac, head_mac = excluded.head_mac",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (head, 1, row->seq);
  vigil_store_stmt_bind_text (head, 2, row->mac);
  vigil_store_stmt_bind_text (head, 3, head_mac);
  return vigil_store_step_done (self, head, error);
}

/**
 * vigil_store_audit_foreach:
 * @since_us: only entries at or after this instant; 0 for all
 *
 * Calls @func for each entry in sequence order, stopping at the first %FALSE.
 */
gboolean
vigil_store_audit_foreach (VigilStore         *self,
                           gint64              since_us,
                           VigilAuditRowFunc   func,
                           gpointer            user_data,
                           GError            **error)
{
  g_autoptr(VigilStoreStmt) stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* Not the statement cache: @func may itself query the store. */
  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare_uncached (self,
                                             "SELECT seq, at, actor, action, object, reason, detail, mac,"
                                             " machine FROM audit WHERE at >= ? ORDER BY seq",
                                             error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, since_us);

  while (ok && (rc = vigil_store_stmt_step (stmt)) == VIGIL_STORE_STEP_ROW)
    {
      VigilAuditRow row = {
        .seq = vigil_store_stmt_column_int64 (stmt, 0),
        .at = vigil_store_stmt_column_int64 (stmt, 1),
        .actor = vigil_store_stmt_column_text (stmt, 2),
        .action = vigil_store_stmt_column_text (stmt, 3),
        .object = vigil_store_stmt_column_text (stmt, 4),
        .reason = vigil_store_stmt_column_text (stmt, 5),
        .detail = vigil_store_stmt_column_text (stmt, 6),
        .mac = vigil_store_stmt_column_text (stmt, 7),
        .machine = vigil_store_stmt_column_is_null (stmt, 8) ? NULL : vigil_store_stmt_column_text (stmt, 8),
      };

      ok = func (&row, user_data, error);
    }

  if (ok && rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not read the audit trail"));
      ok = FALSE;
    }

  return ok;
}
