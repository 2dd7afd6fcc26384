/* vigil-store-family.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-override-private.h"
#include "vigil-stage-change-private.h"
#include "vigil-store-private.h"
#include "vigil-window-private.h"

#include "vigil-store-centre.h"

/* What the policy reads about a family over time: stage changes, observation
 * windows and safeguarding overrides. Rows are never deleted; the update
 * statements only ever fill in when something was cancelled, removed or
 * ended, and only once. */

/* What every failed read of these tables says. */
#define CENTRE_READ_ERROR _("Could not read the centre's records")

/* The schema's spelling of a state, kept here rather than borrowed from the
 * policy's display names so the file format never follows a wording change. */
static const char * const state_columns[] = {
  [VIGIL_STATE_NONE] = NULL,
  [VIGIL_STATE_STAGE_1] = "1",
  [VIGIL_STATE_STAGE_2] = "2",
  [VIGIL_STATE_STAGE_3] = "3",
  [VIGIL_STATE_STAGE_4] = "4",
  [VIGIL_STATE_OFF] = "off",
};

static VigilFamilyState
state_from_column (const char *text)
{
  for (guint i = VIGIL_STATE_STAGE_1; i < G_N_ELEMENTS (state_columns); i++)
    if (g_strcmp0 (text, state_columns[i]) == 0)
      return (VigilFamilyState) i;
  return VIGIL_STATE_NONE;
}

/* Stage changes */

static gpointer
stage_change_from_row (VigilStoreStmt *stmt)
{
  return vigil_stage_change_new (vigil_store_stmt_column_int64 (stmt, 0),
                                 vigil_store_stmt_column_int64 (stmt, 1),
                                 vigil_store_stmt_column_int64 (stmt, 2),
                                 state_from_column (vigil_store_stmt_column_text (stmt, 3)),
                                 state_from_column (vigil_store_stmt_column_text (stmt, 4)),
                                 vigil_store_stmt_column_text (stmt, 5),
                                 vigil_store_stmt_column_int64 (stmt, 6),
                                 vigil_store_stmt_column_text (stmt, 7),
                                 vigil_store_stmt_column_text (stmt, 8),
                                 vigil_store_stmt_column_int64 (stmt, 9),
                                 vigil_store_stmt_column_text (stmt, 10));
}

/**
 * vigil_store_stage_change_insert:
 * @from_state: the state before, VIGIL_STATE_NONE for the first
 *
 * Returns: the new change's id, or 0 with @error set
 */
gint64
vigil_store_stage_change_insert (VigilStore        *self,
                                 gint64             family_id,
                                 gint64             effective_at,
                                 VigilFamilyState   from_state,
                                 VigilFamilyState   to_state,
                                 const char        *changed_by,
                                 gint64             recorded_at,
                                 const char        *reason,
                                 const char        *evidence,
                                 GError           **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (from_state <= VIGIL_STATE_OFF, 0);
  g_return_val_if_fail (to_state >= VIGIL_STATE_STAGE_1 && to_state <= VIGIL_STATE_OFF, 0);
  g_return_val_if_fail (changed_by != NULL && reason != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO stage_changes (family_id, effective_at, from_state, to_state,"
                                    " changed_by, recorded_at, reason, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_int64 (stmt, 2, effective_at);
  if (from_state != VIGIL_STATE_NONE)
    vigil_store_stmt_bind_text (stmt, 3, state_columns[from_state]);
  else
    vigil_store_stmt_bind_null (stmt, 3);
  vigil_store_stmt_bind_text (stmt, 4, state_columns[to_state]);
  vigil_store_stmt_bind_text (stmt, 5, changed_by);
  vigil_store_stmt_bind_int64 (stmt, 6, recorded_at);
  vigil_store_stmt_bind_text (stmt, 7, reason);
  vigil_store_stmt_bind_text (stmt, 8, evidence ? evidence : "");

  return vigil_store_insert_row (self, stmt, NULL, _("Could not record a stage change"), error);
}

/**
 * vigil_store_stage_changes_list:
 *
 * Returns: (transfer full) (element-type VigilStageChange): the family's
 *   whole stage history by effective time, then id; cancelled changes
 *   included
 */
GPtrArray *
vigil_store_stage_changes_list (VigilStore  *self,
                                gint64       family_id,
                                GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT id, family_id, effective_at, from_state, to_state, changed_by,"
                                    " recorded_at, reason, evidence, coalesce (cancelled_at, 0), cancelled_by"
                                    " FROM stage_changes WHERE family_id = ? ORDER BY effective_at, id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  return vigil_store_collect_rows (self, stmt, stage_change_from_row, g_object_unref,
                                   CENTRE_READ_ERROR, error);
}

gboolean
vigil_store_stage_change_cancel (VigilStore  *self,
                                 gint64       change_id,
                                 gint64       at,
                                 const char  *cancelled_by,
                                 GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (cancelled_by != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE stage_changes SET cancelled_at = ?, cancelled_by = ?"
                                    " WHERE id = ? AND cancelled_at IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, at);
  vigil_store_stmt_bind_text (stmt, 2, cancelled_by);
  vigil_store_stmt_bind_int64 (stmt, 3, change_id);
  not_found = g_strdup_printf (_("no stage change number %" G_GINT64_FORMAT " to cancel"), change_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

/* Observation windows */

#define WINDOW_SELECT \
  "SELECT id, family_id, days, on_date, start_minute, end_minute, audio, purpose," \
  " created_by, created_at, coalesce (removed_at, 0), removed_by FROM windows"

static gpointer
window_from_row (VigilStoreStmt *stmt)
{
  VigilWindow *window;

  window = vigil_window_new (vigil_store_stmt_column_int64 (stmt, 2), vigil_store_stmt_column_text (stmt, 3),
                             vigil_store_stmt_column_int64 (stmt, 4), vigil_store_stmt_column_int64 (stmt, 5),
                             vigil_store_stmt_column_int64 (stmt, 6), vigil_store_stmt_column_text (stmt, 7));
  vigil_window_set_stored (window, vigil_store_stmt_column_int64 (stmt, 0), vigil_store_stmt_column_int64 (stmt, 1),
                           vigil_store_stmt_column_text (stmt, 8), vigil_store_stmt_column_int64 (stmt, 9),
                           vigil_store_stmt_column_int64 (stmt, 10), vigil_store_stmt_column_text (stmt, 11));
  return window;
}

gint64
vigil_store_window_insert (VigilStore   *self,
                           gint64        family_id,
                           VigilWindow  *window,
                           const char   *created_by,
                           gint64        now_us,
                           GError      **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (VIGIL_IS_WINDOW (window), 0);
  g_return_val_if_fail (created_by != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO windows (family_id, days, on_date, start_minute, end_minute,"
                                    " purpose, audio, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_int64 (stmt, 2, vigil_window_get_days (window));
  if (vigil_window_get_date (window) != NULL)
    vigil_store_stmt_bind_text (stmt, 3, vigil_window_get_date (window));
  else
    vigil_store_stmt_bind_null (stmt, 3);
  vigil_store_stmt_bind_int64 (stmt, 4, vigil_window_get_start_minute (window));
  vigil_store_stmt_bind_int64 (stmt, 5, vigil_window_get_end_minute (window));
  vigil_store_stmt_bind_text (stmt, 6, vigil_window_get_purpose (window));
  vigil_store_stmt_bind_int64 (stmt, 7, vigil_window_get_audio (window) ? 1 : 0);
  vigil_store_stmt_bind_text (stmt, 8, created_by);
  vigil_store_stmt_bind_int64 (stmt, 9, now_us);

  return vigil_store_insert_row (self, stmt, NULL, _("Could not add a window"), error);
}

VigilWindow *
vigil_store_window_lookup (VigilStore  *self,
                           gint64       window_id,
                           GError     **error)
{
  VigilWindow *window = NULL;
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, WINDOW_SELECT " WHERE id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, window_id);
  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    window = window_from_row (stmt);
  else if (rc == VIGIL_STORE_STEP_DONE)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                 _("no window number %" G_GINT64_FORMAT), window_id);
  else
    vigil_store_set_error (self, error, _("Could not read windows"));
  vigil_store_stmt_reset (stmt);

  return window;
}

/**
 * vigil_store_windows_list:
 * @include_removed: also the windows that were removed, which the policy
 *   needs for instants before their removal
 *
 * Returns: (transfer full) (element-type VigilWindow): the family's windows
 *   in the order they were added
 */
GPtrArray *
vigil_store_windows_list (VigilStore  *self,
                          gint64       family_id,
                          gboolean     include_removed,
                          GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    WINDOW_SELECT " WHERE family_id = ? AND (? <> 0 OR removed_at IS NULL) ORDER BY id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_int64 (stmt, 2, include_removed ? 1 : 0);
  return vigil_store_collect_rows (self, stmt, window_from_row, g_object_unref, CENTRE_READ_ERROR, error);
}

gboolean
vigil_store_window_remove (VigilStore  *self,
                           gint64       window_id,
                           gint64       at,
                           const char  *removed_by,
                           GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (removed_by != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE windows SET removed_at = ?, removed_by = ?"
                                    " WHERE id = ? AND removed_at IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, at);
  vigil_store_stmt_bind_text (stmt, 2, removed_by);
  vigil_store_stmt_bind_int64 (stmt, 3, window_id);
  not_found = g_strdup_printf (_("no window number %" G_GINT64_FORMAT " in place"), window_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

/* Safeguarding overrides */

static gpointer
override_from_row (VigilStoreStmt *stmt)
{
  return vigil_override_new (vigil_store_stmt_column_int64 (stmt, 0),
                             vigil_store_stmt_column_int64 (stmt, 1),
                             vigil_store_stmt_column_int64 (stmt, 2),
                             vigil_store_stmt_column_int64 (stmt, 3),
                             vigil_store_stmt_column_text (stmt, 4),
                             vigil_store_stmt_column_text (stmt, 5),
                             vigil_store_stmt_column_int64 (stmt, 6),
                             vigil_store_stmt_column_int64 (stmt, 7),
                             vigil_store_stmt_column_text (stmt, 8),
                             vigil_store_stmt_column_text (stmt, 9));
}

/**
 * vigil_store_override_insert:
 * @renews: the override this one renews, or 0
 *
 * Returns: the new override's id, or 0 with @error set
 */
gint64
vigil_store_override_insert (VigilStore  *self,
                             gint64       family_id,
                             gint64       started_at,
                             gint64       expires_at,
                             const char  *started_by,
                             const char  *rationale,
                             gint64       renews,
                             GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (started_by != NULL && rationale != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO overrides (family_id, started_at, expires_at, started_by,"
                                    " rationale, renews) VALUES (?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_int64 (stmt, 2, started_at);
  vigil_store_stmt_bind_int64 (stmt, 3, expires_at);
  vigil_store_stmt_bind_text (stmt, 4, started_by);
  vigil_store_stmt_bind_text (stmt, 5, rationale);
  if (renews != 0)
    vigil_store_stmt_bind_int64 (stmt, 6, renews);
  else
    vigil_store_stmt_bind_null (stmt, 6);

  return vigil_store_insert_row (self, stmt, NULL, _("Could not start an override"), error);
}

/**
 * vigil_store_overrides_list:
 *
 * Returns: (transfer full) (element-type VigilOverride): every override of
 *   the family, running, expired or ended, by start
 */
GPtrArray *
vigil_store_overrides_list (VigilStore  *self,
                            gint64       family_id,
                            GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT id, family_id, started_at, expires_at, started_by, rationale,"
                                    " coalesce (renews, 0), coalesce (ended_at, 0), ended_by, end_reason"
                                    " FROM overrides WHERE family_id = ? ORDER BY started_at, id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  return vigil_store_collect_rows (self, stmt, override_from_row, g_object_unref, CENTRE_READ_ERROR, error);
}

gboolean
vigil_store_override_end (VigilStore  *self,
                          gint64       override_id,
                          gint64       at,
                          const char  *ended_by,
                          const char  *end_reason,
                          GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (ended_by != NULL && end_reason != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE overrides SET ended_at = ?, ended_by = ?, end_reason = ?"
                                    " WHERE id = ? AND ended_at IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, at);
  vigil_store_stmt_bind_text (stmt, 2, ended_by);
  vigil_store_stmt_bind_text (stmt, 3, end_reason);
  vigil_store_stmt_bind_int64 (stmt, 4, override_id);
  not_found = g_strdup_printf (_("no running override number %" G_GINT64_FORMAT), override_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}
