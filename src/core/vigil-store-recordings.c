/* vigil-store-recordings.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-deletion-private.h"
#include "vigil-error.h"
#include "vigil-gap-private.h"
#include "vigil-hold-private.h"
#include "vigil-segment-private.h"
#include "vigil-store-private.h"

#include "vigil-store-recordings.h"

/* Recordings as rows. A segment's row lives from its file's opening to its
 * deletion, when a deletion record (which the schema keeps for good) takes
 * its place. Instants are microseconds since the epoch, UTC. */

#define READ_ERROR  _("Could not read the recordings")
#define WRITE_ERROR _("Could not write the recordings")

/* Segments */

#define DELETION_SELECT "SELECT id, camera, path, start_at, end_at, bytes, sha256, deleted_at, why FROM deletions"

#define SEGMENT_SELECT \
  "SELECT s.id, c.name, s.path, s.start_at, s.end_at, s.bytes, s.sha256, s.audio, s.state" \
  " FROM segments s JOIN cameras c ON c.id = s.camera_id"

static gpointer
segment_from_row (VigilStoreStmt *stmt)
{
  VigilSegmentState state = VIGIL_SEGMENT_OPEN;

  /* The CHECK constraint keeps the state to the three names. */
  vigil_segment_state_from_string (vigil_store_stmt_column_text (stmt, 8), &state, NULL);
  return vigil_segment_new (vigil_store_stmt_column_int64 (stmt, 0),
                            vigil_store_stmt_column_text (stmt, 1),
                            vigil_store_stmt_column_text (stmt, 2),
                            vigil_store_stmt_column_int64 (stmt, 3),
                            vigil_store_stmt_column_int64 (stmt, 4),
                            (guint64) vigil_store_stmt_column_int64 (stmt, 5),
                            vigil_store_stmt_column_text (stmt, 6),
                            vigil_store_stmt_column_int64 (stmt, 7) != 0,
                            state);
}

gint64
vigil_store_segment_insert (VigilStore  *self,
                            gint64       camera_id,
                            const char  *path,
                            gint64       start,
                            gboolean     audio,
                            gint64       opened_at,
                            GError     **error)
{
  VigilStoreStmt *stmt;
  g_autofree char *exists = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO segments (camera_id, path, start_at, audio, state, opened_at)"
                                    " VALUES (?, ?, ?, ?, 'open', ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, camera_id);
  vigil_store_stmt_bind_text (stmt, 2, path);
  vigil_store_stmt_bind_int64 (stmt, 3, start);
  vigil_store_stmt_bind_int64 (stmt, 4, audio ? 1 : 0);
  vigil_store_stmt_bind_int64 (stmt, 5, opened_at);
  exists = g_strdup_printf (_("a segment is already recorded at %s"), path);
  return vigil_store_insert_row (self, stmt, exists, WRITE_ERROR, error);
}

gboolean
vigil_store_segment_close (VigilStore  *self,
                           gint64       segment_id,
                           gint64       end,
                           guint64      bytes,
                           const char  *sha256,
                           gint64       closed_at,
                           GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE segments SET end_at = ?, bytes = ?, sha256 = ?, state = 'closed',"
                                    " closed_at = ? WHERE id = ? AND state = 'open'",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, end);
  vigil_store_stmt_bind_int64 (stmt, 2, (gint64) bytes);
  vigil_store_stmt_bind_text (stmt, 3, sha256);
  vigil_store_stmt_bind_int64 (stmt, 4, closed_at);
  vigil_store_stmt_bind_int64 (stmt, 5, segment_id);
  not_found = g_strdup_printf (_("no open segment %lld"), (long long) segment_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

gboolean
vigil_store_segment_mark_deleting (VigilStore  *self,
                                   gint64       segment_id,
                                   GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE segments SET state = 'deleting' WHERE id = ? AND state = 'closed'",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, segment_id);
  not_found = g_strdup_printf (_("no closed segment %lld"), (long long) segment_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

gboolean
vigil_store_segment_remove (VigilStore  *self,
                            gint64       segment_id,
                            GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "DELETE FROM segments WHERE id = ?", error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, segment_id);
  not_found = g_strdup_printf (_("no segment %lld"), (long long) segment_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

/**
 * vigil_store_segment_get:
 *
 * Returns: (transfer full): the segment, or %NULL with @error set
 */
VigilSegment *
vigil_store_segment_get (VigilStore  *self,
                         gint64       segment_id,
                         GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, SEGMENT_SELECT " WHERE s.id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, segment_id);
  not_found = g_strdup_printf (_("no segment %lld"), (long long) segment_id);
  return vigil_store_read_one (self, stmt, segment_from_row, not_found, READ_ERROR, error);
}

GPtrArray *
vigil_store_segments_in_state (VigilStore         *self,
                               VigilSegmentState   state,
                               GError            **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, SEGMENT_SELECT " WHERE s.state = ? ORDER BY s.start_at, s.id", error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, vigil_segment_state_to_string (state));
  return vigil_store_collect_rows (self, stmt, segment_from_row, g_object_unref, READ_ERROR, error);
}

GPtrArray *
vigil_store_segments_overlapping (VigilStore  *self,
                                  gint64       camera_id,
                                  gint64       from,
                                  gint64       to,
                                  GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    SEGMENT_SELECT " WHERE s.camera_id = ? AND s.start_at < ? AND s.end_at >= ?"
                                    " AND s.state = 'closed' ORDER BY s.start_at, s.id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, camera_id);
  vigil_store_stmt_bind_int64 (stmt, 2, to);
  vigil_store_stmt_bind_int64 (stmt, 3, from);
  return vigil_store_collect_rows (self, stmt, segment_from_row, g_object_unref, READ_ERROR, error);
}

GPtrArray *
vigil_store_segments_ended_by (VigilStore  *self,
                               gint64       ended_by,
                               GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    SEGMENT_SELECT " WHERE s.state = 'closed' AND s.end_at <= ?"
                                    " ORDER BY s.start_at, s.id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, ended_by);
  return vigil_store_collect_rows (self, stmt, segment_from_row, g_object_unref, READ_ERROR, error);
}

guint
vigil_store_min_retention_days (VigilStore  *self,
                                guint        site_days,
                                GError     **error)
{
  VigilStoreStmt *stmt;
  guint days = site_days;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT min (d) FROM (SELECT retention_days AS d FROM families"
                                    " UNION ALL SELECT retention_days FROM agreements) AS kept",
                                    error)))
    return 0;

  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW && !vigil_store_stmt_column_is_null (stmt, 0))
    days = MIN (days, (guint) MAX (vigil_store_stmt_column_int64 (stmt, 0), 1));
  vigil_store_stmt_reset (stmt);
  if (rc != VIGIL_STORE_STEP_ROW)
    {
      vigil_store_set_error (self, error, READ_ERROR);
      return 0;
    }
  return days;
}

/* Gaps */

#define GAP_SELECT \
  "SELECT g.id, c.name, g.start_at, g.end_at, g.cause, g.detail" \
  " FROM gaps g JOIN cameras c ON c.id = g.camera_id"

static gpointer
gap_from_row (VigilStoreStmt *stmt)
{
  VigilGapCause cause = VIGIL_GAP_ERROR;

  vigil_gap_cause_from_string (vigil_store_stmt_column_text (stmt, 4), &cause, NULL);
  return vigil_gap_new (vigil_store_stmt_column_int64 (stmt, 0),
                        vigil_store_stmt_column_text (stmt, 1),
                        vigil_store_stmt_column_int64 (stmt, 2),
                        vigil_store_stmt_column_int64 (stmt, 3),
                        cause,
                        vigil_store_stmt_column_text (stmt, 5));
}

gint64
vigil_store_gap_insert (VigilStore     *self,
                        gint64          camera_id,
                        gint64          start,
                        gint64          end,
                        VigilGapCause   cause,
                        const char     *detail,
                        GError        **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO gaps (camera_id, start_at, end_at, cause, detail)"
                                    " VALUES (?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, camera_id);
  vigil_store_stmt_bind_int64 (stmt, 2, start);
  if (end != 0)
    vigil_store_stmt_bind_int64 (stmt, 3, end);
  else
    vigil_store_stmt_bind_null (stmt, 3);
  vigil_store_stmt_bind_text (stmt, 4, vigil_gap_cause_to_string (cause));
  vigil_store_stmt_bind_text (stmt, 5, detail);
  return vigil_store_insert_row (self, stmt, NULL, WRITE_ERROR, error);
}

gboolean
vigil_store_gap_close (VigilStore  *self,
                       gint64       gap_id,
                       gint64       end,
                       GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "UPDATE gaps SET end_at = ? WHERE id = ? AND end_at IS NULL", error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, end);
  vigil_store_stmt_bind_int64 (stmt, 2, gap_id);
  not_found = g_strdup_printf (_("no open gap %lld"), (long long) gap_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

VigilGap *
vigil_store_gap_get (VigilStore  *self,
                     gint64       gap_id,
                     GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, GAP_SELECT " WHERE g.id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, gap_id);
  not_found = g_strdup_printf (_("no gap %lld"), (long long) gap_id);
  return vigil_store_read_one (self, stmt, gap_from_row, not_found, READ_ERROR, error);
}

GPtrArray *
vigil_store_gaps_open (VigilStore  *self,
                       GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, GAP_SELECT " WHERE g.end_at IS NULL ORDER BY g.start_at, g.id", error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, gap_from_row, g_object_unref, READ_ERROR, error);
}

GPtrArray *
vigil_store_gaps_overlapping (VigilStore  *self,
                              gint64       camera_id,
                              gint64       from,
                              gint64       to,
                              GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    GAP_SELECT " WHERE g.camera_id = ? AND g.start_at < ?"
                                    " AND (g.end_at IS NULL OR g.end_at > ?) ORDER BY g.start_at, g.id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, camera_id);
  vigil_store_stmt_bind_int64 (stmt, 2, to);
  vigil_store_stmt_bind_int64 (stmt, 3, from);
  return vigil_store_collect_rows (self, stmt, gap_from_row, g_object_unref, READ_ERROR, error);
}

/* Holds */

#define HOLD_SELECT \
  "SELECT h.id, c.name, h.from_at, h.to_at, h.reason, h.until_date, h.until_end, h.placed_by," \
  " h.placed_at, h.released_at, h.released_by, h.release_reason" \
  " FROM holds h JOIN cameras c ON c.id = h.camera_id"

static gpointer
hold_from_row (VigilStoreStmt *stmt)
{
  VigilHold *hold = vigil_hold_new (vigil_store_stmt_column_int64 (stmt, 0),
                                    vigil_store_stmt_column_text (stmt, 1),
                                    vigil_store_stmt_column_int64 (stmt, 2),
                                    vigil_store_stmt_column_int64 (stmt, 3),
                                    vigil_store_stmt_column_text (stmt, 4),
                                    vigil_store_stmt_column_text (stmt, 5),
                                    vigil_store_stmt_column_int64 (stmt, 6),
                                    vigil_store_stmt_column_text (stmt, 7),
                                    vigil_store_stmt_column_int64 (stmt, 8));

  if (!vigil_store_stmt_column_is_null (stmt, 9))
    vigil_hold_set_release (hold, vigil_store_stmt_column_int64 (stmt, 9), vigil_store_stmt_column_text (stmt, 10),
                            vigil_store_stmt_column_text (stmt, 11));
  return hold;
}

gint64
vigil_store_hold_insert (VigilStore  *self,
                         gint64       camera_id,
                         gint64       from,
                         gint64       to,
                         const char  *reason,
                         const char  *until,
                         gint64       until_end,
                         const char  *placed_by,
                         gint64       placed_at,
                         GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (reason != NULL && until != NULL && placed_by != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO holds (camera_id, from_at, to_at, reason, until_date, until_end,"
                                    " placed_by, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, camera_id);
  vigil_store_stmt_bind_int64 (stmt, 2, from);
  vigil_store_stmt_bind_int64 (stmt, 3, to);
  vigil_store_stmt_bind_text (stmt, 4, reason);
  vigil_store_stmt_bind_text (stmt, 5, until);
  vigil_store_stmt_bind_int64 (stmt, 6, until_end);
  vigil_store_stmt_bind_text (stmt, 7, placed_by);
  vigil_store_stmt_bind_int64 (stmt, 8, placed_at);
  return vigil_store_insert_row (self, stmt, NULL, WRITE_ERROR, error);
}

gboolean
vigil_store_hold_release (VigilStore  *self,
                          gint64       hold_id,
                          gint64       released_at,
                          const char  *released_by,
                          const char  *reason,
                          GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (released_by != NULL && reason != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE holds SET released_at = ?, released_by = ?, release_reason = ?"
                                    " WHERE id = ? AND released_at IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, released_at);
  vigil_store_stmt_bind_text (stmt, 2, released_by);
  vigil_store_stmt_bind_text (stmt, 3, reason);
  vigil_store_stmt_bind_int64 (stmt, 4, hold_id);
  not_found = g_strdup_printf (_("hold %lld is not in force: it was released, or there is no such hold"),
                               (long long) hold_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

VigilHold *
vigil_store_hold_get (VigilStore  *self,
                      gint64       hold_id,
                      GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, HOLD_SELECT " WHERE h.id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, hold_id);
  not_found = g_strdup_printf (_("no hold %lld"), (long long) hold_id);
  return vigil_store_read_one (self, stmt, hold_from_row, not_found, READ_ERROR, error);
}

GPtrArray *
vigil_store_holds_list (VigilStore  *self,
                        GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, HOLD_SELECT " ORDER BY h.placed_at DESC, h.id DESC", error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, hold_from_row, g_object_unref, READ_ERROR, error);
}

GPtrArray *
vigil_store_holds_active (VigilStore  *self,
                          gint64       now,
                          GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    HOLD_SELECT " WHERE h.released_at IS NULL AND h.until_end > ?"
                                    " ORDER BY h.id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, now);
  return vigil_store_collect_rows (self, stmt, hold_from_row, g_object_unref, READ_ERROR, error);
}

/* Deletions */

static gpointer
deletion_from_row (VigilStoreStmt *stmt)
{
  return vigil_deletion_new (vigil_store_stmt_column_int64 (stmt, 0),
                             vigil_store_stmt_column_text (stmt, 1),
                             vigil_store_stmt_column_text (stmt, 2),
                             vigil_store_stmt_column_int64 (stmt, 3),
                             vigil_store_stmt_column_int64 (stmt, 4),
                             (guint64) vigil_store_stmt_column_int64 (stmt, 5),
                             vigil_store_stmt_column_text (stmt, 6),
                             vigil_store_stmt_column_int64 (stmt, 7),
                             vigil_store_stmt_column_text (stmt, 8));
}

gint64
vigil_store_deletion_insert (VigilStore    *self,
                             VigilSegment  *segment,
                             gint64         deleted_at,
                             const char    *why,
                             GError       **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (VIGIL_IS_SEGMENT (segment), 0);
  g_return_val_if_fail (why != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO deletions (camera, path, start_at, end_at, bytes, sha256,"
                                    " deleted_at, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_text (stmt, 1, vigil_segment_get_camera (segment));
  vigil_store_stmt_bind_text (stmt, 2, vigil_segment_get_path (segment));
  vigil_store_stmt_bind_int64 (stmt, 3, vigil_segment_get_start (segment));
  vigil_store_stmt_bind_int64 (stmt, 4, vigil_segment_get_end (segment));
  vigil_store_stmt_bind_int64 (stmt, 5, (gint64) vigil_segment_get_bytes (segment));
  vigil_store_stmt_bind_text (stmt, 6, vigil_segment_get_sha256 (segment));
  vigil_store_stmt_bind_int64 (stmt, 7, deleted_at);
  vigil_store_stmt_bind_text (stmt, 8, why);
  return vigil_store_insert_row (self, stmt, NULL, WRITE_ERROR, error);
}

GPtrArray *
vigil_store_deletions_list (VigilStore  *self,
                            gint64       from,
                            gint64       to,
                            GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    DELETION_SELECT
                                    " WHERE deleted_at >= ? AND deleted_at < ?"
                                    " ORDER BY deleted_at, id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, from);
  vigil_store_stmt_bind_int64 (stmt, 2, to);
  return vigil_store_collect_rows (self, stmt, deletion_from_row, g_object_unref, READ_ERROR, error);
}

/* Bundles */

GPtrArray *
vigil_store_segments_matching (VigilStore  *self,
                               const char  *path,
                               const char  *camera,
                               gint64       from,
                               gint64       to,
                               GError     **error)
{
  g_autoptr(GPtrArray) at_path = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  /* Two lookups, each by an index: the path's, then the camera's start. */
  if (!(stmt = vigil_store_prepare (self, SEGMENT_SELECT " WHERE s.path = ?", error)))
    return NULL;
  vigil_store_stmt_bind_text (stmt, 1, path);
  at_path = vigil_store_collect_rows (self, stmt, segment_from_row, g_object_unref, READ_ERROR, error);
  if (at_path == NULL || at_path->len > 0 || camera == NULL)
    return g_steal_pointer (&at_path);

  if (!(stmt = vigil_store_prepare (self,
                                    SEGMENT_SELECT " WHERE s.camera_id IN"
                                    " (SELECT id FROM cameras WHERE name = ? COLLATE NOCASE)"
                                    " AND s.start_at >= ? AND s.start_at < ? ORDER BY s.start_at, s.id",
                                    error)))
    return NULL;
  vigil_store_stmt_bind_text (stmt, 1, camera);
  vigil_store_stmt_bind_int64 (stmt, 2, from);
  vigil_store_stmt_bind_int64 (stmt, 3, to);
  return vigil_store_collect_rows (self, stmt, segment_from_row, g_object_unref, READ_ERROR, error);
}

GPtrArray *
vigil_store_deletions_matching (VigilStore  *self,
                                const char  *path,
                                const char  *camera,
                                gint64       from,
                                gint64       to,
                                GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    DELETION_SELECT
                                    " WHERE path = ?1"
                                    " OR (camera = ?2 COLLATE NOCASE AND start_at >= ?3 AND start_at < ?4)"
                                    " ORDER BY path = ?1 DESC, deleted_at DESC, id DESC",
                                    error)))
    return NULL;

  /* Deletion records have no index but their time: they are looked up
   * only for a master the segments no longer hold, in one pass. */
  vigil_store_stmt_bind_text (stmt, 1, path);
  vigil_store_stmt_bind_text (stmt, 2, camera);
  vigil_store_stmt_bind_int64 (stmt, 3, from);
  vigil_store_stmt_bind_int64 (stmt, 4, to);
  return vigil_store_collect_rows (self, stmt, deletion_from_row, g_object_unref, READ_ERROR, error);
}

/* What a camera's timeline shows of footage deleted: the records of @camera
 * whose range overlaps [@from, @to), by start. */
GPtrArray *
vigil_store_deletions_overlapping (VigilStore  *self,
                                   const char  *camera,
                                   gint64       from,
                                   gint64       to,
                                   GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    DELETION_SELECT
                                    " WHERE camera = ? COLLATE NOCASE AND start_at < ? AND end_at > ?"
                                    " ORDER BY start_at, id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, camera);
  vigil_store_stmt_bind_int64 (stmt, 2, to);
  vigil_store_stmt_bind_int64 (stmt, 3, from);
  return vigil_store_collect_rows (self, stmt, deletion_from_row, g_object_unref, READ_ERROR, error);
}

/* The recorder */

gboolean
vigil_store_recorder_replace (VigilStore           *self,
                              VigilRecorderStatus  *status,
                              GError              **error)
{
  VigilStoreStmt *stmt;
  gint64 stopped_at;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (status), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO recorder (id, pid, host, started_at, heartbeat_at,"
                                    " stopped_at, free_bytes, disk_full, recordings_dir)"
                                    " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)"
                                    " ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host,"
                                    " started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,"
                                    " stopped_at = excluded.stopped_at, free_bytes = excluded.free_bytes,"
                                    " disk_full = excluded.disk_full, recordings_dir = excluded.recordings_dir",
                                    error)))
    return FALSE;

  stopped_at = vigil_recorder_status_get_stopped_at (status);
  vigil_store_stmt_bind_int64 (stmt, 1, vigil_recorder_status_get_pid (status));
  vigil_store_stmt_bind_text (stmt, 2, vigil_recorder_status_get_host (status) ?: "");
  vigil_store_stmt_bind_int64 (stmt, 3, vigil_recorder_status_get_started_at (status));
  vigil_store_stmt_bind_int64 (stmt, 4, vigil_recorder_status_get_heartbeat_at (status));
  if (stopped_at != 0)
    vigil_store_stmt_bind_int64 (stmt, 5, stopped_at);
  else
    vigil_store_stmt_bind_null (stmt, 5);
  vigil_store_stmt_bind_int64 (stmt, 6, (gint64) MIN (vigil_recorder_status_get_free_bytes (status), (guint64) G_MAXINT64));
  vigil_store_stmt_bind_int64 (stmt, 7, vigil_recorder_status_get_disk_full (status) ? 1 : 0);
  vigil_store_stmt_bind_text (stmt, 8, vigil_recorder_status_get_recordings_dir (status) ?: "");
  if (!vigil_store_step_done (self, stmt, error))
    return FALSE;

  if (!(stmt = vigil_store_prepare (self, "DELETE FROM recorder_cameras", error)) ||
      !vigil_store_step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < vigil_recorder_status_get_n_cameras (status); i++)
    {
      const VigilRecorderCamera *camera = vigil_recorder_status_get_camera (status, i);

      if (!(stmt = vigil_store_prepare (self,
                                        "INSERT INTO recorder_cameras (camera, required, recording,"
                                        " state, detail, since) VALUES (?, ?, ?, ?, ?, ?)"
                                        " ON CONFLICT (camera) DO UPDATE SET required = excluded.required,"
                                        " recording = excluded.recording, state = excluded.state,"
                                        " detail = excluded.detail, since = excluded.since",
                                        error)))
        return FALSE;
      vigil_store_stmt_bind_text (stmt, 1, camera->name);
      vigil_store_stmt_bind_int64 (stmt, 2, camera->required ? 1 : 0);
      vigil_store_stmt_bind_int64 (stmt, 3, camera->recording ? 1 : 0);
      vigil_store_stmt_bind_text (stmt, 4, vigil_recording_state_to_string (camera->state));
      vigil_store_stmt_bind_text (stmt, 5, camera->detail);
      vigil_store_stmt_bind_int64 (stmt, 6, camera->since);
      if (!vigil_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

VigilRecorderStatus *
vigil_store_recorder_get (VigilStore  *self,
                          GError     **error)
{
  g_autoptr(VigilRecorderStatus) status = NULL;
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT pid, host, started_at, heartbeat_at, stopped_at, free_bytes,"
                                    " disk_full, recordings_dir FROM recorder WHERE id = 1",
                                    error)))
    return NULL;

  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    {
      status = vigil_recorder_status_new ();
      vigil_recorder_status_set_pid (status, (guint) vigil_store_stmt_column_int64 (stmt, 0));
      vigil_recorder_status_set_host (status, vigil_store_stmt_column_text (stmt, 1));
      vigil_recorder_status_set_started_at (status, vigil_store_stmt_column_int64 (stmt, 2));
      vigil_recorder_status_set_heartbeat_at (status, vigil_store_stmt_column_int64 (stmt, 3));
      vigil_recorder_status_set_stopped_at (status, vigil_store_stmt_column_int64 (stmt, 4));
      vigil_recorder_status_set_free_bytes (status, (guint64) vigil_store_stmt_column_int64 (stmt, 5));
      vigil_recorder_status_set_disk_full (status, vigil_store_stmt_column_int64 (stmt, 6) != 0);
      vigil_recorder_status_set_recordings_dir (status, vigil_store_stmt_column_text (stmt, 7));
    }
  vigil_store_stmt_reset (stmt);
  if (rc != VIGIL_STORE_STEP_ROW && rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, READ_ERROR);
      return NULL;
    }
  if (status == NULL)
    return NULL;

  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT camera, required, recording, state, detail, since"
                                    " FROM recorder_cameras ORDER BY rowid",
                                    error)))
    return NULL;

  while ((rc = vigil_store_stmt_step (stmt)) == VIGIL_STORE_STEP_ROW)
    {
      VigilRecordingState state = VIGIL_RECORDING_STATE_ERROR;

      vigil_recording_state_from_string (vigil_store_stmt_column_text (stmt, 3), &state, NULL);
      vigil_recorder_status_add_camera (status, vigil_store_stmt_column_text (stmt, 0),
                                        vigil_store_stmt_column_int64 (stmt, 1) != 0, vigil_store_stmt_column_int64 (stmt, 2) != 0,
                                        state, vigil_store_stmt_column_text (stmt, 4), vigil_store_stmt_column_int64 (stmt, 5));
    }
  vigil_store_stmt_reset (stmt);
  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, READ_ERROR);
      return NULL;
    }

  return g_steal_pointer (&status);
}
