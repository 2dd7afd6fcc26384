/* vigil-store-exports.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-export-private.h"
#include "vigil-store-exports.h"
#include "vigil-store-private.h"

#define READ_ERROR  _("Could not read the exports")
#define WRITE_ERROR _("Could not write the exports")

/* The cameras come back as one text, a name a line, sorted (a camera's
 * name is one line of text); the runs as a count and the newest folder. */
#define EXPORT_SELECT \
  "SELECT e.id, e.from_at, e.to_at, e.case_ref, e.exhibit, e.purpose, e.requested_by, e.requested_at," \
  " e.state, e.decided_by, e.decided_at, e.decision_reason, e.hold_until," \
  " (SELECT group_concat (name, '\n') FROM (SELECT c.name FROM export_cameras ec" \
  "   JOIN cameras c ON c.id = ec.camera_id WHERE ec.export_id = e.id ORDER BY c.name) AS names)," \
  " (SELECT count (*) FROM export_runs r WHERE r.export_id = e.id AND r.outcome = 'written')," \
  " (SELECT folder FROM export_runs r WHERE r.export_id = e.id AND r.outcome = 'written'" \
  "   ORDER BY r.id DESC LIMIT 1)" \
  " FROM exports e"

static gpointer
export_from_row (VigilStoreStmt *stmt)
{
  const char *names = vigil_store_stmt_column_text (stmt, 13);
  g_auto(GStrv) cameras = g_strsplit (names ? names : "", "\n", -1);
  VigilExportState state = VIGIL_EXPORT_REQUESTED;
  VigilExport *export;

  export = vigil_export_new (vigil_store_stmt_column_int64 (stmt, 0), (const char * const *) cameras,
                             vigil_store_stmt_column_int64 (stmt, 1), vigil_store_stmt_column_int64 (stmt, 2),
                             vigil_store_stmt_column_text (stmt, 3), vigil_store_stmt_column_text (stmt, 4),
                             vigil_store_stmt_column_text (stmt, 5), vigil_store_stmt_column_text (stmt, 6),
                             vigil_store_stmt_column_int64 (stmt, 7));
  /* The CHECK constraint keeps the state to the three names. */
  vigil_export_state_from_string (vigil_store_stmt_column_text (stmt, 8), &state);
  if (state != VIGIL_EXPORT_REQUESTED)
    vigil_export_set_decision (export, state, vigil_store_stmt_column_text (stmt, 9), vigil_store_stmt_column_int64 (stmt, 10),
                               vigil_store_stmt_column_text (stmt, 11), vigil_store_stmt_column_text (stmt, 12));
  vigil_export_set_runs (export, vigil_store_stmt_column_int64 (stmt, 14), vigil_store_stmt_column_text (stmt, 15));
  return export;
}

gint64
vigil_store_export_insert (VigilStore    *self,
                           const gint64  *camera_ids,
                           guint          n_cameras,
                           gint64         from,
                           gint64         to,
                           const char    *case_ref,
                           const char    *exhibit,
                           const char    *purpose,
                           const char    *requested_by,
                           gint64         requested_at,
                           GError       **error)
{
  VigilStoreStmt *stmt;
  gint64 id;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (n_cameras > 0, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO exports (from_at, to_at, case_ref, exhibit, purpose,"
                                    " requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, from);
  vigil_store_stmt_bind_int64 (stmt, 2, to);
  vigil_store_stmt_bind_text (stmt, 3, case_ref);
  vigil_store_stmt_bind_text (stmt, 4, exhibit);
  vigil_store_stmt_bind_text (stmt, 5, purpose);
  vigil_store_stmt_bind_text (stmt, 6, requested_by);
  vigil_store_stmt_bind_int64 (stmt, 7, requested_at);
  id = vigil_store_insert_row (self, stmt, NULL, WRITE_ERROR, error);
  if (id == 0)
    return 0;

  for (guint i = 0; i < n_cameras; i++)
    {
      if (!(stmt = vigil_store_prepare (self,
                                        "INSERT INTO export_cameras (export_id, camera_id) VALUES (?, ?)",
                                        error)))
        return 0;
      vigil_store_stmt_bind_int64 (stmt, 1, id);
      vigil_store_stmt_bind_int64 (stmt, 2, camera_ids[i]);
      if (vigil_store_insert_row (self, stmt, _("a camera is named twice in the export"), WRITE_ERROR, error) == 0)
        return 0;
    }

  return id;
}

gboolean
vigil_store_export_decide (VigilStore        *self,
                           gint64             export_id,
                           VigilExportState   state,
                           const char        *decided_by,
                           gint64             decided_at,
                           const char        *reason,
                           const char        *hold_until,
                           GError           **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != VIGIL_EXPORT_REQUESTED, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE exports SET state = ?, decided_by = ?, decided_at = ?,"
                                    " decision_reason = ?, hold_until = ? WHERE id = ? AND state = 'requested'",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, vigil_export_state_to_string (state));
  vigil_store_stmt_bind_text (stmt, 2, decided_by);
  vigil_store_stmt_bind_int64 (stmt, 3, decided_at);
  vigil_store_stmt_bind_text (stmt, 4, reason);
  vigil_store_stmt_bind_text (stmt, 5, hold_until);
  vigil_store_stmt_bind_int64 (stmt, 6, export_id);
  not_found = g_strdup_printf (_("export %lld is not waiting for a decision"), (long long) export_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

VigilExport *
vigil_store_export_get (VigilStore  *self,
                        gint64       export_id,
                        GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, EXPORT_SELECT " WHERE e.id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, export_id);
  not_found = g_strdup_printf (_("no export %lld"), (long long) export_id);
  return vigil_store_read_one (self, stmt, export_from_row, not_found, READ_ERROR, error);
}

GPtrArray *
vigil_store_exports_list (VigilStore  *self,
                          GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, EXPORT_SELECT " ORDER BY e.id DESC", error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, export_from_row, g_object_unref, READ_ERROR, error);
}

gint64
vigil_store_export_run_begin (VigilStore  *self,
                              gint64       export_id,
                              const char  *run_by,
                              gint64       started_at,
                              GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO export_runs (export_id, run_by, started_at) VALUES (?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, export_id);
  vigil_store_stmt_bind_text (stmt, 2, run_by);
  vigil_store_stmt_bind_int64 (stmt, 3, started_at);
  return vigil_store_insert_row (self, stmt, NULL, WRITE_ERROR, error);
}

gboolean
vigil_store_export_run_finish (VigilStore  *self,
                               gint64       run_id,
                               gint64       finished_at,
                               const char  *outcome,
                               const char  *folder,
                               const char  *manifest_sha256,
                               GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (outcome != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE export_runs SET finished_at = ?, outcome = ?, folder = ?,"
                                    " manifest_sha256 = ? WHERE id = ? AND finished_at IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, finished_at);
  vigil_store_stmt_bind_text (stmt, 2, outcome);
  vigil_store_stmt_bind_text (stmt, 3, folder);
  vigil_store_stmt_bind_text (stmt, 4, manifest_sha256);
  vigil_store_stmt_bind_int64 (stmt, 5, run_id);
  not_found = g_strdup_printf (_("export run %lld has already finished"), (long long) run_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}
