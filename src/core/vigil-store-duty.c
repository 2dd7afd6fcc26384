/* vigil-store-duty.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-duty-private.h"
#include "vigil-error.h"
#include "vigil-store-private.h"
#include "vigil-watch-request-private.h"

#include "vigil-store-duty.h"

/* Duties and watch requests. One operator to one family is held by the
 * partial unique indexes of schema 2 (duties_one_per_operator,
 * duties_one_per_family); vigil_store_duty_check_free() says the same thing
 * in words before the insert, and again after it should a constraint fire. */

#define DUTY_COLUMNS \
  "d.id, f.case_ref, f.label, d.operator, d.started_at, d.started_by," \
  " d.ended_at, d.ended_by, d.summary_note, d.handed_to"
#define DUTY_FROM " FROM duties d JOIN families f ON f.id = d.family_id"

#define REQUEST_COLUMNS \
  "w.id, f.case_ref, f.label, w.requested_at, w.requested_by, w.reason, w.closed_at, w.closed_by," \
  " w.withdrawn_reason"
#define REQUEST_FROM " FROM watch_requests w JOIN families f ON f.id = w.family_id"

/* What every failed read of these tables says. */
#define DUTY_READ_ERROR _("Could not read duties")

static gpointer
duty_from_row (VigilStoreStmt *stmt)
{
  VigilDuty *duty = vigil_duty_new (vigil_store_stmt_column_int64 (stmt, 0),
                                    vigil_store_stmt_column_text (stmt, 1),
                                    vigil_store_stmt_column_text (stmt, 2),
                                    vigil_store_stmt_column_text (stmt, 3),
                                    vigil_store_stmt_column_int64 (stmt, 4),
                                    vigil_store_stmt_column_text (stmt, 5));

  if (!vigil_store_stmt_column_is_null (stmt, 6))
    vigil_duty_set_ended (duty,
                          vigil_store_stmt_column_int64 (stmt, 6),
                          vigil_store_stmt_column_text (stmt, 7),
                          vigil_store_stmt_column_int64 (stmt, 8),
                          vigil_store_stmt_column_int64 (stmt, 9));
  return duty;
}

static gpointer
request_from_row (VigilStoreStmt *stmt)
{
  VigilWatchRequest *request = vigil_watch_request_new (vigil_store_stmt_column_int64 (stmt, 0),
                                                        vigil_store_stmt_column_text (stmt, 1),
                                                        vigil_store_stmt_column_text (stmt, 2),
                                                        vigil_store_stmt_column_int64 (stmt, 3),
                                                        vigil_store_stmt_column_text (stmt, 4),
                                                        vigil_store_stmt_column_text (stmt, 5));

  if (!vigil_store_stmt_column_is_null (stmt, 6))
    vigil_watch_request_set_closed (request,
                                    vigil_store_stmt_column_int64 (stmt, 6),
                                    vigil_store_stmt_column_text (stmt, 7));
  if (!vigil_store_stmt_column_is_null (stmt, 8))
    vigil_watch_request_set_withdrawn (request, vigil_store_stmt_column_text (stmt, 8));
  return request;
}

VigilDuty *
vigil_store_duty_get (VigilStore  *self,
                      gint64       duty_id,
                      GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT " DUTY_COLUMNS DUTY_FROM " WHERE d.id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, duty_id);
  not_found = g_strdup_printf (_("no duty %lld"), (long long) duty_id);
  return vigil_store_read_one (self, stmt, duty_from_row, not_found, DUTY_READ_ERROR, error);
}

VigilDuty *
vigil_store_duty_open_for_family (VigilStore  *self,
                                  gint64       family_id,
                                  GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " DUTY_COLUMNS DUTY_FROM
                                    " WHERE d.family_id = ? AND d.ended_at IS NULL",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  return vigil_store_read_one (self, stmt, duty_from_row, NULL, DUTY_READ_ERROR, error);
}

VigilDuty *
vigil_store_duty_open_for_operator (VigilStore  *self,
                                    const char  *operator_name,
                                    GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (operator_name != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " DUTY_COLUMNS DUTY_FROM
                                    " WHERE d.operator = ? AND d.ended_at IS NULL",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, operator_name);
  return vigil_store_read_one (self, stmt, duty_from_row, NULL, DUTY_READ_ERROR, error);
}

/**
 * vigil_store_duty_check_free:
 *
 * Checks that @operator_name holds no open duty and that the family has
 * nobody on duty, saying which rule a new duty would break
 * (%VIGIL_ERROR_EXISTS). Inside a write transaction the answer holds until
 * commit.
 */
gboolean
vigil_store_duty_check_free (VigilStore  *self,
                             gint64       family_id,
                             const char  *case_ref,
                             const char  *operator_name,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilDuty) busy = NULL;
  g_autoptr(VigilDuty) watched = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL && operator_name != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);

  /* The operator first: when both rules are broken (they already watch this
   * very family), that is the more useful thing to say. */
  busy = vigil_store_duty_open_for_operator (self, operator_name, &local_error);
  if (busy != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("%s is already on duty for family %s"),
                   operator_name, vigil_duty_get_case_ref (busy));
      return FALSE;
    }
  if (local_error == NULL)
    watched = vigil_store_duty_open_for_family (self, family_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (watched != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("family %s is already watched by %s"),
                   case_ref, vigil_duty_get_operator (watched));
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_store_duty_insert:
 *
 * Starts a duty. Should the database's one-to-one indexes refuse it (a
 * writer that did not check first), the error says which rule in words,
 * never as SQLite's message.
 *
 * Returns: the new duty's id, or 0 with @error set
 */
gint64
vigil_store_duty_insert (VigilStore  *self,
                         gint64       family_id,
                         const char  *case_ref,
                         const char  *operator_name,
                         gint64       started_at,
                         const char  *started_by,
                         GError     **error)
{
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (case_ref != NULL && operator_name != NULL && started_by != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO duties (family_id, operator, started_at, started_by)"
                                    " VALUES (?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_text (stmt, 2, operator_name);
  vigil_store_stmt_bind_int64 (stmt, 3, started_at);
  vigil_store_stmt_bind_text (stmt, 4, started_by);

  rc = vigil_store_stmt_step (stmt);
  vigil_store_stmt_reset (stmt);

  if (rc == VIGIL_STORE_STEP_UNIQUE)
    {
      if (vigil_store_duty_check_free (self, family_id, case_ref, operator_name, error))
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                     _("%s cannot start a duty for family %s: one of them is already on duty"),
                     operator_name, case_ref);
      return 0;
    }
  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not start a duty"));
      return 0;
    }

  return vigil_store_last_insert_id (self);
}

/* The schema's CHECK refuses an end without its summary note as well. */
gboolean
vigil_store_duty_end (VigilStore  *self,
                      gint64       duty_id,
                      gint64       ended_at,
                      const char  *ended_by,
                      gint64       summary_note,
                      GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (ended_by != NULL, FALSE);
  g_return_val_if_fail (summary_note > 0, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE duties SET ended_at = ?, ended_by = ?, summary_note = ?"
                                    " WHERE id = ? AND ended_at IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, ended_at);
  vigil_store_stmt_bind_text (stmt, 2, ended_by);
  vigil_store_stmt_bind_int64 (stmt, 3, summary_note);
  vigil_store_stmt_bind_int64 (stmt, 4, duty_id);
  /* A duty that is not open (another console ended it first) is an error. */
  not_found = g_strdup_printf (_("duty %lld is not open"), (long long) duty_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

/* Links an ended duty to the one that took over from it. The new duty can
 * only be inserted once the old one has ended (one duty per family), so the
 * link is written last, in the same transaction. */
gboolean
vigil_store_duty_set_handed_to (VigilStore  *self,
                                gint64       duty_id,
                                gint64       handed_to,
                                GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (handed_to > 0, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE duties SET handed_to = ?"
                                    " WHERE id = ? AND ended_at IS NOT NULL AND handed_to IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, handed_to);
  vigil_store_stmt_bind_int64 (stmt, 2, duty_id);
  if (!vigil_store_step_done (self, stmt, error))
    return FALSE;

  if (vigil_store_changes (self) != 1)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("duty %lld cannot be marked as handed over"), (long long) duty_id);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
vigil_store_duty_list_open (VigilStore  *self,
                            GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " DUTY_COLUMNS DUTY_FROM
                                    " WHERE d.ended_at IS NULL ORDER BY f.case_ref",
                                    error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, duty_from_row, g_object_unref, DUTY_READ_ERROR, error);
}

/* Duties that ran at some moment of [@from, @to), ended or not, oldest
 * first: a duty ended at @from was over before the period began. */
GPtrArray *
vigil_store_duty_list_overlapping (VigilStore  *self,
                                   gint64       from,
                                   gint64       to,
                                   GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " DUTY_COLUMNS DUTY_FROM
                                    " WHERE d.started_at < ? AND (d.ended_at IS NULL OR d.ended_at > ?)"
                                    " ORDER BY d.started_at, d.id",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, to);
  vigil_store_stmt_bind_int64 (stmt, 2, from);
  return vigil_store_collect_rows (self, stmt, duty_from_row, g_object_unref, DUTY_READ_ERROR, error);
}

/* One of @family_id's requests, the one @sql (a string literal: the store
 * keeps statements by it) picks. */
static VigilWatchRequest *
request_of_family (VigilStore  *self,
                   gint64       family_id,
                   const char  *sql,
                   GError     **error)
{
  VigilStoreStmt *stmt;

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, sql, error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  return vigil_store_read_one (self, stmt, request_from_row, NULL, DUTY_READ_ERROR, error);
}

VigilWatchRequest *
vigil_store_watch_request_open_for_family (VigilStore  *self,
                                           gint64       family_id,
                                           GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return request_of_family (self, family_id,
                            "SELECT " REQUEST_COLUMNS REQUEST_FROM " WHERE w.family_id = ? AND w.closed_at IS NULL",
                            error);
}

/**
 * vigil_store_watch_request_insert:
 *
 * Returns: the new request's id, or 0 with @error set; a family that already
 *   has an open request is %VIGIL_ERROR_EXISTS
 */
gint64
vigil_store_watch_request_insert (VigilStore  *self,
                                  gint64       family_id,
                                  gint64       requested_at,
                                  const char  *requested_by,
                                  const char  *reason,
                                  GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (requested_by != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO watch_requests (family_id, requested_at, requested_by, reason)"
                                    " VALUES (?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_int64 (stmt, 2, requested_at);
  vigil_store_stmt_bind_text (stmt, 3, requested_by);
  vigil_store_stmt_bind_text (stmt, 4, reason ? reason : "");

  return vigil_store_insert_row (self, stmt, _("the family already has an open watch request"),
                                 _("Could not raise a watch request"), error);
}

/**
 * vigil_store_watch_request_close:
 * @closed_id: (out): the request closed, or 0 when the family had none open
 *
 * Closes the family's open watch request, if it has one.
 */
gboolean
vigil_store_watch_request_close (VigilStore  *self,
                                 gint64       family_id,
                                 gint64       closed_at,
                                 const char  *closed_by,
                                 gint64      *closed_id,
                                 GError     **error)
{
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (closed_by != NULL, FALSE);
  g_return_val_if_fail (closed_id != NULL, FALSE);

  *closed_id = 0;

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE watch_requests SET closed_at = ?, closed_by = ?"
                                    " WHERE family_id = ? AND closed_at IS NULL RETURNING id",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, closed_at);
  vigil_store_stmt_bind_text (stmt, 2, closed_by);
  vigil_store_stmt_bind_int64 (stmt, 3, family_id);

  /* At most one row: the unique index allows one open request a family. */
  while ((rc = vigil_store_stmt_step (stmt)) == VIGIL_STORE_STEP_ROW)
    *closed_id = vigil_store_stmt_column_int64 (stmt, 0);
  vigil_store_stmt_reset (stmt);

  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not close a watch request"));
      return FALSE;
    }

  return TRUE;
}

/* Open requests whose family has nobody on duty, oldest first: the ones
 * that have waited longest matter most. A discharged family is no longer
 * watched, so a request left open for one is not shown as uncovered. */
GPtrArray *
vigil_store_watch_request_list_uncovered (VigilStore  *self,
                                          GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT " REQUEST_COLUMNS REQUEST_FROM
                                    " WHERE w.closed_at IS NULL AND f.discharged_on IS NULL AND NOT EXISTS"
                                    "  (SELECT 1 FROM duties d WHERE d.family_id = w.family_id"
                                    "   AND d.ended_at IS NULL)"
                                    " ORDER BY w.requested_at, w.id",
                                    error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, request_from_row, g_object_unref, DUTY_READ_ERROR, error);
}

/* The family's newest request, open or closed, or %NULL without an error
 * when it never had one: for saying why there is none open to withdraw. */
VigilWatchRequest *
vigil_store_watch_request_latest_for_family (VigilStore  *self,
                                             gint64       family_id,
                                             GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return request_of_family (self, family_id,
                            "SELECT " REQUEST_COLUMNS REQUEST_FROM " WHERE w.family_id = ?"
                            " ORDER BY w.requested_at DESC, w.id DESC LIMIT 1",
                            error);
}

/**
 * vigil_store_watch_request_withdraw:
 *
 * Closes the open request @request_id with the reason it was withdrawn. A
 * request closed meanwhile is %VIGIL_ERROR_NOT_FOUND.
 */
gboolean
vigil_store_watch_request_withdraw (VigilStore  *self,
                                    gint64       request_id,
                                    gint64       closed_at,
                                    const char  *closed_by,
                                    const char  *reason,
                                    GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (closed_by != NULL, FALSE);
  g_return_val_if_fail (reason != NULL && *reason != '\0', FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE watch_requests SET closed_at = ?, closed_by = ?, withdrawn_reason = ?"
                                    " WHERE id = ? AND closed_at IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, closed_at);
  vigil_store_stmt_bind_text (stmt, 2, closed_by);
  vigil_store_stmt_bind_text (stmt, 3, reason);
  vigil_store_stmt_bind_int64 (stmt, 4, request_id);
  not_found = g_strdup_printf (_("watch request %lld is not open"), (long long) request_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}
