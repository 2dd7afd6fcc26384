/* vigil-store-notes.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-note-private.h"
#include "vigil-store-private.h"

#include "vigil-store-notes.h"

/* Notes are written once and read many times; the schema's triggers refuse
 * UPDATE and DELETE, and this file offers neither. */

#define NOTE_COLUMNS \
  "n.id, f.case_ref, n.kind, n.author, n.written_at, n.period_from, n.period_to," \
  " n.body, n.addendum_to, n.family_id"
#define NOTE_FROM " FROM notes n JOIN families f ON f.id = n.family_id"

static gpointer
note_from_row (VigilStoreStmt *stmt)
{
  VigilNoteKind kind = VIGIL_NOTE_KIND_OBSERVATION;
  VigilNote *note;

  /* The CHECK constraint keeps the kind to the three names. */
  vigil_note_kind_from_string (vigil_store_stmt_column_text (stmt, 2), &kind, NULL);

  note = vigil_note_new (vigil_store_stmt_column_int64 (stmt, 0),
                         vigil_store_stmt_column_text (stmt, 1),
                         kind,
                         vigil_store_stmt_column_text (stmt, 3),
                         vigil_store_stmt_column_int64 (stmt, 4),
                         vigil_store_stmt_column_text (stmt, 7));

  if (!vigil_store_stmt_column_is_null (stmt, 5) && !vigil_store_stmt_column_is_null (stmt, 6))
    vigil_note_set_period (note, vigil_store_stmt_column_int64 (stmt, 5), vigil_store_stmt_column_int64 (stmt, 6));
  if (!vigil_store_stmt_column_is_null (stmt, 8))
    vigil_note_set_addendum_to (note, vigil_store_stmt_column_int64 (stmt, 8));

  return note;
}

/**
 * vigil_store_note_insert:
 * @note: the note to save; its id is ignored
 *
 * Returns: the saved note's id, or 0 with @error set
 */
gint64
vigil_store_note_insert (VigilStore  *self,
                         gint64       family_id,
                         VigilNote   *note,
                         GError     **error)
{
  VigilStoreStmt *stmt;
  gint64 from, to;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (VIGIL_IS_NOTE (note), 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO notes (family_id, kind, author, written_at,"
                                    " period_from, period_to, body, addendum_to)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_text (stmt, 2, vigil_note_kind_to_string (vigil_note_get_kind (note)));
  vigil_store_stmt_bind_text (stmt, 3, vigil_note_get_author (note));
  vigil_store_stmt_bind_int64 (stmt, 4, vigil_note_get_written_at (note));
  if (vigil_note_get_period (note, &from, &to))
    {
      vigil_store_stmt_bind_int64 (stmt, 5, from);
      vigil_store_stmt_bind_int64 (stmt, 6, to);
    }
  else
    {
      vigil_store_stmt_bind_null (stmt, 5);
      vigil_store_stmt_bind_null (stmt, 6);
    }
  vigil_store_stmt_bind_text (stmt, 7, vigil_note_get_body (note));
  if (vigil_note_is_addendum (note))
    vigil_store_stmt_bind_int64 (stmt, 8, vigil_note_get_addendum_to (note));
  else
    vigil_store_stmt_bind_null (stmt, 8);

  if (!vigil_store_step_done (self, stmt, error))
    return 0;

  return vigil_store_last_insert_id (self);
}

/**
 * vigil_store_note_get:
 * @family_id: (out) (optional): the family the note is about
 *
 * Returns: (transfer full): the note, or %NULL with @error set; an unknown
 *   id is %VIGIL_ERROR_NOT_FOUND
 */
VigilNote *
vigil_store_note_get (VigilStore  *self,
                      gint64       note_id,
                      gint64      *family_id,
                      GError     **error)
{
  VigilStoreStmt *stmt;
  VigilNote *note = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT " NOTE_COLUMNS NOTE_FROM " WHERE n.id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, note_id);
  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    {
      note = note_from_row (stmt);
      if (family_id != NULL)
        *family_id = vigil_store_stmt_column_int64 (stmt, 9);
    }
  else if (rc == VIGIL_STORE_STEP_DONE)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                 _("no note %lld"), (long long) note_id);
  else
    vigil_store_set_error (self, error, _("Could not read notes"));
  vigil_store_stmt_reset (stmt);

  return note;
}

/**
 * vigil_store_note_list:
 * @since_us: 0 for all
 *
 * A family's notes, each followed by its addenda. A note is listed when it,
 * or any addendum to it, was written at or after @since_us; it is listed with
 * all its addenda, so a correction is never read without what it corrects.
 *
 * Returns: (transfer full) (element-type VigilNote): the notes, oldest first
 */
GPtrArray *
vigil_store_note_list (VigilStore  *self,
                       gint64       family_id,
                       gint64       since_us,
                       GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " NOTE_COLUMNS NOTE_FROM
                                    " JOIN notes r ON r.id = coalesce (n.addendum_to, n.id)"
                                    " WHERE n.family_id = ?1 AND coalesce (n.addendum_to, n.id) IN"
                                    "  (SELECT coalesce (addendum_to, id) FROM notes"
                                    "   WHERE family_id = ?1 AND written_at >= ?2)"
                                    " ORDER BY r.written_at, r.id, n.addendum_to IS NOT NULL,"
                                    "  n.written_at, n.id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_int64 (stmt, 2, since_us);
  return vigil_store_collect_rows (self, stmt, note_from_row, g_object_unref,
                                   _("Could not read notes"), error);
}
