/* vigil-store-stmt.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include "vigil-store-backend-private.h"

/* A statement is a SQLite statement, or for PostgreSQL the translated text,
 * its parameters and the rows of its last run: every store file writes its
 * SQL once, against this, and never sees which one it has. */

struct _VigilStoreStmt
{
  VigilStore   *store;      /* not a reference: the store owns its statements */
  gboolean      uncached;
  sqlite3_stmt *lite;
  VigilPgQuery *pg;
};

VigilStoreStmt *
vigil_store_stmt_new (VigilStore  *store,
                      const char  *sql,
                      gboolean     uncached,
                      GError     **error)
{
  VigilStoreStmt *stmt = g_new0 (VigilStoreStmt, 1);
  sqlite3 *db = vigil_store_get_sqlite (store);

  stmt->store = store;
  stmt->uncached = uncached;

  if (db == NULL)
    {
      stmt->pg = vigil_pg_query_new (sql, uncached);
      return stmt;
    }

  if (sqlite3_prepare_v3 (db, sql, -1, uncached ? 0 : SQLITE_PREPARE_PERSISTENT,
                          &stmt->lite, NULL) != SQLITE_OK)
    {
      vigil_store_set_error (store, error, _("Could not prepare a query"));
      g_free (stmt);
      return NULL;
    }

  /* An uncached statement is stepped while its caller runs others on the
   * same connection (the store's lock keeps other threads out). Each SQLite
   * call takes and drops the connection's mutex (it is opened FULLMUTEX):
   * held for the statement's life, that recursive mutex is taken again by
   * its owner at each call, a counter rather than two atomic operations,
   * a sixth of the time a million-entry audit verification took. */
  if (uncached)
    sqlite3_mutex_enter (sqlite3_db_mutex (db));

  return stmt;
}

void
vigil_store_stmt_free (VigilStoreStmt *stmt)
{
  if (stmt == NULL)
    return;

  if (stmt->lite != NULL)
    {
      sqlite3 *db = sqlite3_db_handle (stmt->lite);

      sqlite3_finalize (stmt->lite);
      if (stmt->uncached)
        sqlite3_mutex_leave (sqlite3_db_mutex (db));
    }
  g_clear_pointer (&stmt->pg, vigil_pg_query_free);
  g_free (stmt);
}

/* Ready for a new run: the last one's rows and bindings forgotten. */
void
vigil_store_stmt_clear (VigilStoreStmt *stmt)
{
  if (stmt->lite != NULL)
    {
      sqlite3_reset (stmt->lite);
      sqlite3_clear_bindings (stmt->lite);
    }
  else
    vigil_pg_query_clear (stmt->pg);
}

void
vigil_store_stmt_bind_int64 (VigilStoreStmt *stmt,
                             int             param,
                             gint64          value)
{
  if (stmt->lite != NULL)
    sqlite3_bind_int64 (stmt->lite, param, value);
  else
    vigil_pg_query_bind (stmt->pg, param, VIGIL_PG_INT8, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

void
vigil_store_stmt_bind_text (VigilStoreStmt *stmt,
                            int             param,
                            const char     *text)
{
  if (text == NULL)
    vigil_store_stmt_bind_null (stmt, param);
  else if (stmt->lite != NULL)
    sqlite3_bind_text (stmt->lite, param, text, -1, SQLITE_TRANSIENT);
  else
    vigil_pg_query_bind (stmt->pg, param, VIGIL_PG_TEXT, g_strdup (text));
}

void
vigil_store_stmt_bind_null (VigilStoreStmt *stmt,
                            int             param)
{
  if (stmt->lite != NULL)
    sqlite3_bind_null (stmt->lite, param);
  else
    vigil_pg_query_bind (stmt->pg, param, VIGIL_PG_UNKNOWN, NULL);
}

VigilStoreStep
vigil_store_stmt_step (VigilStoreStmt *stmt)
{
  int rc;

  if (stmt->pg != NULL)
    return vigil_pg_query_step (stmt->pg, stmt->store);

  rc = sqlite3_step (stmt->lite);
  if (rc == SQLITE_ROW)
    return VIGIL_STORE_STEP_ROW;
  if (rc == SQLITE_DONE)
    return VIGIL_STORE_STEP_DONE;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return VIGIL_STORE_STEP_UNIQUE;
  return VIGIL_STORE_STEP_FAILED;
}

void
vigil_store_stmt_reset (VigilStoreStmt *stmt)
{
  if (stmt->lite != NULL)
    sqlite3_reset (stmt->lite);
  else
    vigil_pg_query_reset (stmt->pg);
}

gint64
vigil_store_stmt_column_int64 (VigilStoreStmt *stmt,
                               int             column)
{
  if (stmt->lite != NULL)
    return sqlite3_column_int64 (stmt->lite, column);
  return vigil_pg_query_column_int64 (stmt->pg, column);
}

const char *
vigil_store_stmt_column_text (VigilStoreStmt *stmt,
                              int             column)
{
  if (stmt->lite != NULL)
    return (const char *) sqlite3_column_text (stmt->lite, column);
  return vigil_pg_query_column_text (stmt->pg, column);
}

gboolean
vigil_store_stmt_column_is_null (VigilStoreStmt *stmt,
                                 int             column)
{
  if (stmt->lite != NULL)
    return sqlite3_column_type (stmt->lite, column) == SQLITE_NULL;
  return vigil_pg_query_column_text (stmt->pg, column) == NULL;
}
