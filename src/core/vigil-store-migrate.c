/* vigil-store-migrate.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <string.h>

#include "vigil-error.h"
#include "vigil-store-backend-private.h"

/* A single-machine site's records, moved from its SQLite file into an
 * empty PostgreSQL database (vigilctl site migrate): every row of every
 * table, copied as it is (ids included, so every reference holds), then
 * read back from the database and compared, field by field, with the
 * file. Both stores are inside the caller's write transactions, so nothing
 * is written to either while the copy runs, and a copy that fails or
 * differs is rolled back whole. */

typedef struct
{
  const char *name;
  const char *order;   /* the same rows in the same order in both stores */
} Table;

/* Parents before children. A duty handed over names the later duty that
 * took it over; PostgreSQL checks a foreign key at the end of the
 * statement, so one COPY of the whole table holds it. The identity column
 * `rowid` of settings and recorder_cameras is PostgreSQL's own, made in
 * the order SQLite's rowids give. change_serials is each store's own
 * bookkeeping, and is not copied. */
static const Table tables[] = {
  { "settings", "rowid" },
  { "staff", "id" },
  { "machines", "id" },
  { "audit", "seq" },
  { "audit_head", "id" },
  { "rooms", "id" },
  { "cameras", "id" },
  { "families", "id" },
  { "agreements", "id" },
  { "stage_changes", "id" },
  { "windows", "id" },
  { "overrides", "id" },
  { "watch_requests", "id" },
  { "notes", "id" },
  { "duties", "id" },
  { "segments", "id" },
  { "gaps", "id" },
  { "holds", "id" },
  { "deletions", "id" },
  { "recorder", "id" },
  { "recorder_cameras", "rowid" },
  { "exports", "id" },
  { "export_cameras", "export_id, camera_id" },
  { "export_runs", "id" },
  { "footage_tokens", "id" },
};

static gboolean
known_table (const char *name)
{
  if (g_str_equal (name, "change_serials"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].name, name))
      return TRUE;
  return FALSE;
}

static gboolean
sqlite_failed (VigilStore  *from,
               GError     **error)
{
  vigil_store_set_error (from, error, _("Could not read the data file"));
  return FALSE;
}

static gboolean
pg_failed (VigilStore  *to,
           PGresult    *result,
           const char  *table,
           GError     **error)
{
  g_autofree char *what = g_strdup_printf (_("Could not copy table %s"), table);

  if (result != NULL)
    vigil_pg_keep_message (to, result);
  vigil_store_set_error (to, error, what);
  return FALSE;
}

/* A schema this copy does not know (a later Vigil's table) would be left
 * behind without a word: refused instead. */
static gboolean
check_tables_known (VigilStore  *from,
                    GError     **error)
{
  sqlite3 *db = vigil_store_get_sqlite (from);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_failed (from, error);

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (!known_table (name))
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                       _("the data file holds a table this Vigil cannot move (%s): nothing was moved"), name);
          ok = FALSE;
        }
    }
  if (ok && rc != SQLITE_DONE)
    ok = sqlite_failed (from, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* The table's columns as SQLite has them, quoted, joined by commas. */
static char *
column_list (VigilStore  *from,
             const char  *table,
             guint       *n_columns,
             GError     **error)
{
  g_autoptr(GString) list = g_string_new (NULL);
  char *sql = sqlite3_mprintf ("PRAGMA table_info (\"%w\")", table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  *n_columns = 0;
  rc = sqlite3_prepare_v2 (vigil_store_get_sqlite (from), sql, -1, &stmt, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      sqlite_failed (from, error);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_printf (list, "%s\"%s\"", list->len > 0 ? ", " : "", sqlite3_column_text (stmt, 1));
      (*n_columns)++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE || *n_columns == 0)
    {
      sqlite_failed (from, error);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* A value as COPY's text format writes it. */
static void
append_copy_value (GString    *line,
                   const char *value)
{
  if (value == NULL)
    {
      g_string_append (line, "\\N");
      return;
    }
  for (const char *p = value; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\r': g_string_append (line, "\\r"); break;
      case '\t': g_string_append (line, "\\t"); break;
      default: g_string_append_c (line, *p); break;
      }
}

/* The table's rows in the same order in both stores. */
static char *
select_sql (const Table *table,
            const char  *columns)
{
  return g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY %s", columns, table->name, table->order);
}

static sqlite3_stmt *
select_rows (VigilStore  *from,
             const Table *table,
             const char  *columns,
             GError     **error)
{
  g_autofree char *sql = select_sql (table, columns);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (vigil_store_get_sqlite (from), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite_failed (from, error);
      return NULL;
    }
  return stmt;
}

static gboolean
copy_table (VigilStore   *from,
            VigilStore   *to,
            const Table  *table,
            const char   *columns,
            guint         n_columns,
            gint64       *rows,
            GError      **error)
{
  PGconn *pg = vigil_store_get_pg (to);
  g_autofree char *copy = g_strdup_printf ("COPY \"%s\" (%s) FROM STDIN", table->name, columns);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(PGresult) result = NULL;
  sqlite3_stmt *stmt = select_rows (from, table, columns, error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;

  result = PQexec (pg, copy);
  if (PQresultStatus (result) != PGRES_COPY_IN)
    {
      sqlite3_finalize (stmt);
      return pg_failed (to, result, table->name, error);
    }

  *rows = 0;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_truncate (line, 0);
      for (guint i = 0; i < n_columns; i++)
        {
          if (i > 0)
            g_string_append_c (line, '\t');
          append_copy_value (line, (const char *) sqlite3_column_text (stmt, (int) i));
        }
      g_string_append_c (line, '\n');
      ok = PQputCopyData (pg, line->str, (int) line->len) == 1;
      (*rows)++;
    }
  if (ok && rc != SQLITE_DONE)
    {
      /* Ends the copy unfinished: the server throws away what it had. */
      PQputCopyEnd (pg, "the data file could not be read");
      g_clear_pointer (&result, PQclear);
      while ((result = PQgetResult (pg)) != NULL)
        g_clear_pointer (&result, PQclear);
      sqlite_failed (from, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (!ok || PQputCopyEnd (pg, NULL) != 1)
    return pg_failed (to, NULL, table->name, error);

  /* The copy's outcome, then the end of its results. */
  g_clear_pointer (&result, PQclear);
  result = PQgetResult (pg);
  for (PGresult *more; (more = PQgetResult (pg)) != NULL;)
    PQclear (more);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    return pg_failed (to, result, table->name, error);

  return TRUE;
}

/* Reads the table back from the database, a row at a time, beside the same
 * rows from the file: every field must be the same text, and the same
 * NULL. */
static gboolean
compare_table (VigilStore   *from,
               VigilStore   *to,
               const Table  *table,
               const char   *columns,
               guint         n_columns,
               gint64        rows,
               GError      **error)
{
  PGconn *pg = vigil_store_get_pg (to);
  g_autofree char *sql = select_sql (table, columns);
  sqlite3_stmt *stmt = select_rows (from, table, columns, error);
  gint64 row = 0;
  gboolean same = TRUE;
  gboolean failed = FALSE;
  PGresult *result;

  if (stmt == NULL)
    return FALSE;

  if (!PQsendQuery (pg, sql) || !PQsetSingleRowMode (pg))
    {
      sqlite3_finalize (stmt);
      return pg_failed (to, NULL, table->name, error);
    }

  while ((result = PQgetResult (pg)) != NULL)
    {
      ExecStatusType status = PQresultStatus (result);

      if (status == PGRES_SINGLE_TUPLE && same)
        {
          same = sqlite3_step (stmt) == SQLITE_ROW;
          for (guint i = 0; same && i < n_columns; i++)
            {
              const char *kept = (const char *) sqlite3_column_text (stmt, (int) i);
              gboolean null = PQgetisnull (result, 0, (int) i);

              same = null ? kept == NULL : kept != NULL && strcmp (kept, PQgetvalue (result, 0, (int) i)) == 0;
            }
          row += same ? 1 : 0;
        }
      else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && !failed)
        {
          failed = TRUE;
          vigil_pg_keep_message (to, result);
        }
      PQclear (result);
    }

  /* Every row of the file was read back, and no more. */
  if (same && !failed && sqlite3_step (stmt) != SQLITE_DONE)
    same = FALSE;
  sqlite3_finalize (stmt);

  if (failed)
    return pg_failed (to, NULL, table->name, error);
  if (!same || row != rows)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("table %s read back from %s differs from the data file at row %" G_GINT64_FORMAT
                     ": nothing was moved"),
                   table->name, vigil_store_get_path (to), row + 1);
      return FALSE;
    }
  return TRUE;
}

/* Identity columns go on from the highest id copied, not from 1. */
static gboolean
continue_identities (VigilStore  *to,
                     GError     **error)
{
  g_autoptr(PGresult) identities = NULL;

  identities = PQexec (vigil_store_get_pg (to),
                       "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema ()"
                       " AND column_name = 'id' AND is_identity = 'YES'");
  if (PQresultStatus (identities) != PGRES_TUPLES_OK)
    return pg_failed (to, identities, "identities", error);

  for (int i = 0; i < PQntuples (identities); i++)
    {
      const char *table = PQgetvalue (identities, i, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('%s', 'id'), top)"
                                              " FROM (SELECT max (id) AS top FROM \"%s\") AS copied"
                                              " WHERE top IS NOT NULL", table, table);
      g_autoptr(PGresult) result = PQexec (vigil_store_get_pg (to), sql);

      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        return pg_failed (to, result, table, error);
    }
  return TRUE;
}

/**
 * vigil_store_copy_site:
 * @from: a site's SQLite store, inside a write transaction
 * @to: an empty PostgreSQL store with the site's schema, inside a write
 *   transaction
 *
 * Copies every record of @from into @to and compares each row read back
 * with the file's. Nothing is committed: the caller commits both, or rolls
 * both back.
 */
gboolean
vigil_store_copy_site (VigilStore  *from,
                       VigilStore  *to,
                       guint       *n_tables,
                       gint64      *n_rows,
                       gint64      *n_notes,
                       GError     **error)
{
  g_return_val_if_fail (vigil_store_get_sqlite (from) != NULL, FALSE);
  g_return_val_if_fail (vigil_store_get_pg (to) != NULL, FALSE);
  g_return_val_if_fail (vigil_store_in_transaction (from) && vigil_store_in_transaction (to), FALSE);

  g_autoptr(GRecMutexLocker) from_locker = vigil_store_lock (from);
  g_autoptr(GRecMutexLocker) to_locker = vigil_store_lock (to);

  *n_tables = 0;
  *n_rows = 0;
  *n_notes = 0;
  if (!check_tables_known (from, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *columns = NULL;
      guint n_columns;
      gint64 rows = 0;

      columns = column_list (from, tables[i].name, &n_columns, error);
      if (columns == NULL ||
          !copy_table (from, to, &tables[i], columns, n_columns, &rows, error) ||
          !compare_table (from, to, &tables[i], columns, n_columns, rows, error))
        return FALSE;

      g_debug ("Moved %s: %" G_GINT64_FORMAT " rows", tables[i].name, rows);
      (*n_tables)++;
      *n_rows += rows;
      if (g_str_equal (tables[i].name, "notes"))
        *n_notes = rows;
    }

  return continue_identities (to, error);
}

/**
 * vigil_store_seal_moved:
 * @self: a SQLite store, inside a write transaction
 *
 * Makes every table of @self refuse every later write, saying the site has
 * moved: a program that still has the file open when its site moves to
 * PostgreSQL is refused, never heard and lost.
 */
gboolean
vigil_store_seal_moved (VigilStore  *self,
                        GError     **error)
{
  static const char *const events[] = { "INSERT", "UPDATE", "DELETE" };
  sqlite3 *db = vigil_store_get_sqlite (self);

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (vigil_store_in_transaction (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    for (guint e = 0; e < G_N_ELEMENTS (events); e++)
      {
        char *sql = sqlite3_mprintf ("CREATE TRIGGER \"moved_%w_%w\" BEFORE %s ON \"%w\" BEGIN"
                                     " SELECT RAISE (ABORT, 'this site has moved to PostgreSQL:"
                                     " open its data folder again'); END",
                                     tables[i].name, events[e], events[e], tables[i].name);
        int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

        sqlite3_free (sql);
        if (rc != SQLITE_OK)
          {
            vigil_store_set_error (self, error, _("Could not mark the data file as moved"));
            return FALSE;
          }
      }
  return TRUE;
}
