/* vigil-test-raw.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "vigil-test-raw.h"
#include "vigil-test-utils.h"

/* Behind the site's calls: the tests' own SQL, into a site's SQLite file or
 * its PostgreSQL database, whichever the site's folder names, and the
 * postgresql suite's cluster. */

/* The postgresql suite: the same tests, each site's records in a database
 * of its own on the session's throw-away cluster (build-aux/test-session.sh
 * names its socket folder in VIGIL_TEST_POSTGRES). */
gboolean
vigil_test_on_postgres (void)
{
  return g_strcmp0 (g_getenv ("VIGIL_TEST_STORE"), "postgresql") == 0;
}

gboolean
vigil_test_skip_on_postgres (const char *why)
{
  if (!vigil_test_on_postgres ())
    return FALSE;

  g_test_skip (why);
  return TRUE;
}

static char *
postgres_url (const char *database)
{
  const char *socket_dir = g_getenv ("VIGIL_TEST_POSTGRES");

  if (socket_dir == NULL || *socket_dir == '\0')
    g_error ("the postgresql suite needs the cluster build-aux/test-session.sh starts (VIGIL_TEST_POSTGRES)");
  return g_strdup_printf ("postgresql://vigil@/%s?host=%s&port=%s", database, socket_dir,
                          g_getenv ("VIGIL_TEST_POSTGRES_PORT") ?: "5432");
}

static PGconn *
postgres_connect (const char *url)
{
  PGconn *pg = PQconnectdb (url);

  if (PQstatus (pg) != CONNECTION_OK)
    g_error ("%s: %s", url, PQerrorMessage (pg));
  return pg;
}

/* A new database, empty or a copy of @template (which nobody may be
 * connected to), and its URL. */

char *
vigil_test_postgres_new_database (void)
{
  return vigil_test_postgres_database_from (NULL);
}

void
vigil_test_postgres_admin (const char *sql)
{
  g_autofree char *url = postgres_url ("postgres");
  PGconn *pg = postgres_connect (url);
  PGresult *result = PQexec (pg, sql);

  if (!(PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK))
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (pg);
}

char *
vigil_test_postgres_database_from (const char *template)
{
  g_autofree char *admin_url = postgres_url ("postgres");
  g_autofree char *name = g_strdup_printf ("vigil_%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *sql = NULL;
  PGconn *pg = postgres_connect (admin_url);
  PGresult *result;

  sql = template != NULL ? g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", name, template)
                         : g_strdup_printf ("CREATE DATABASE %s", name);
  result = PQexec (pg, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (pg);
  return postgres_url (name);
}


/* The database the site in @dir keeps its records in, or NULL for a site
 * on SQLite. */
char *
vigil_test_site_database (const char *dir)
{
  g_autofree char *pointer = g_build_filename (dir, "database", NULL);
  char *url = NULL;

  if (!g_file_get_contents (pointer, &url, NULL, NULL))
    return NULL;
  return g_strstrip (url);
}

/* The name in a URL postgres_url() made. */
char *
vigil_test_database_name (const char *url)
{
  const char *start = strstr (url, "@/") + 2;

  return g_strndup (start, strcspn (start, "?"));
}

char *
vigil_test_postgres_remote_database (char **name_out,
                                     char **role_out)
{
  g_autofree char *local = vigil_test_postgres_new_database ();
  g_autofree char *name = vigil_test_database_name (local);
  /* Roles are the cluster's: one of its own, for each run. */
  g_autofree char *role = g_strdup_printf ("guard_%08x", g_random_int ());
  g_autofree char *sql = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD '%s'; ALTER DATABASE %s OWNER TO %s;"
                                          " GRANT ALL ON SCHEMA public TO %s",
                                          role, VIGIL_TEST_POSTGRES_PASSWORD, name, role, role);
  char *url;

  vigil_test_postgres_admin (sql);
  url = g_strdup_printf ("postgresql://%s@localhost:%s/%s?sslrootcert=%s", role,
                         g_getenv ("VIGIL_TEST_POSTGRES_PORT"), name, g_getenv ("VIGIL_TEST_POSTGRES_CA"));
  if (name_out != NULL)
    *name_out = g_steal_pointer (&name);
  if (role_out != NULL)
    *role_out = g_steal_pointer (&role);
  return url;
}

sqlite3 *
vigil_test_open_raw (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  vigil_test_exec_raw (db, "DROP TRIGGER IF EXISTS audit_no_update");
  vigil_test_exec_raw (db, "DROP TRIGGER IF EXISTS audit_no_delete");
  return db;
}

void
vigil_test_exec_raw (sqlite3    *db,
                     const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}


sqlite3 *
vigil_test_raw_open_file (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

/* @sql run on the PostgreSQL database of the site in @dir, or NULL for
 * a site on SQLite; the result, with the connection closed. */
PGresult *
vigil_test_raw_postgres (const char *dir,
              const char *sql)
{
  g_autofree char *url = vigil_test_site_database (dir);
  PGresult *result;
  PGconn *pg;

  if (url == NULL)
    return NULL;

  pg = postgres_connect (url);
  result = PQexec (pg, sql);
  PQfinish (pg);
  return result;
}

static gboolean
postgres_ok (PGresult *result)
{
  return PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK;
}

void
vigil_test_raw_exec (const char *dir,
                     const char *sql)
{
  PGresult *result = vigil_test_raw_postgres (dir, sql);
  sqlite3 *db;

  if (result != NULL)
    {
      if (!postgres_ok (result))
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      PQclear (result);
      return;
    }

  db = vigil_test_raw_open_file (dir);
  vigil_test_exec_raw (db, sql);
  sqlite3_close (db);
}

char *
vigil_test_raw_try (const char *dir,
                    const char *sql)
{
  PGresult *result = vigil_test_raw_postgres (dir, sql);
  sqlite3 *db;
  char *message = NULL;
  char *copy = NULL;

  if (result != NULL)
    {
      if (!postgres_ok (result))
        copy = g_strdup (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));
      PQclear (result);
      return copy;
    }

  db = vigil_test_raw_open_file (dir);

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    copy = g_strdup (message ? message : "error");
  sqlite3_free (message);
  sqlite3_close (db);
  return copy;
}

gint64
vigil_test_raw_int (const char *dir,
                    const char *sql)
{
  PGresult *result = vigil_test_raw_postgres (dir, sql);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (result != NULL)
    {
      if (!postgres_ok (result) || PQntuples (result) < 1)
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      /* A comparison is a boolean in PostgreSQL. */
      value = PQgetvalue (result, 0, 0)[0] == 't' ? 1 : g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      PQclear (result);
      return value;
    }

  db = vigil_test_raw_open_file (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

char *
vigil_test_raw_text (const char *dir,
                     const char *sql)
{
  PGresult *result = vigil_test_raw_postgres (dir, sql);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (result != NULL)
    {
      if (!postgres_ok (result))
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      for (int row = 0; row < PQntuples (result); row++)
        for (int i = 0; i < PQnfields (result); i++)
          g_string_append_printf (text, "%s%s", text->len > 0 ? "|" : "",
                                  PQgetisnull (result, row, i) ? "(null)" : PQgetvalue (result, row, i));
      PQclear (result);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  db = vigil_test_raw_open_file (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "|" : "", (const char *) sqlite3_column_text (stmt, i));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

struct _VigilTestRaw
{
  sqlite3 *db;
  PGconn  *pg;
};

VigilTestRaw *
vigil_test_raw_connect (const char *dir)
{
  g_autofree char *url = vigil_test_site_database (dir);
  VigilTestRaw *raw = g_new0 (VigilTestRaw, 1);

  if (url != NULL)
    raw->pg = postgres_connect (url);
  else
    raw->db = vigil_test_raw_open_file (dir);
  return raw;
}

gboolean
vigil_test_raw_run (VigilTestRaw  *raw,
                    const char    *sql,
                    char         **error_out)
{
  char *message = NULL;
  gboolean ok;

  if (raw->pg != NULL)
    {
      PGresult *result = PQexec (raw->pg, sql);

      ok = postgres_ok (result);
      if (!ok)
        message = g_strdup (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));
      PQclear (result);
    }
  else
    {
      char *sqlite_message = NULL;

      ok = sqlite3_exec (raw->db, sql, NULL, NULL, &sqlite_message) == SQLITE_OK;
      message = g_strdup (sqlite_message);
      sqlite3_free (sqlite_message);
    }

  if (!ok && error_out == NULL)
    g_error ("%s: %s", sql, message);
  if (error_out != NULL)
    *error_out = g_steal_pointer (&message);
  g_free (message);
  return ok;
}

gint64
vigil_test_raw_query_int (VigilTestRaw *raw,
                          const char   *sql)
{
  gint64 value;

  if (raw->pg != NULL)
    {
      PGresult *result = PQexec (raw->pg, sql);

      if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) < 1)
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      PQclear (result);
    }
  else
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (raw->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
          sqlite3_step (stmt) != SQLITE_ROW)
        g_error ("%s: %s", sql, sqlite3_errmsg (raw->db));
      value = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  return value;
}

void
vigil_test_raw_lock (VigilTestRaw *raw)
{
  /* What the store's own writers take: the file's write lock, or the
   * site's advisory lock. */
  vigil_test_raw_run (raw, raw->pg != NULL ? "BEGIN; SELECT pg_advisory_xact_lock (1449346892)" : "BEGIN IMMEDIATE",
                      NULL);
}

void
vigil_test_raw_close (VigilTestRaw *raw)
{
  if (raw == NULL)
    return;
  g_clear_pointer (&raw->pg, PQfinish);
  g_clear_pointer (&raw->db, sqlite3_close);
  g_free (raw);
}

void
vigil_test_raw_tamper (const char *dir,
                       const char *sql)
{
  g_autofree char *with_triggers_dropped = NULL;
  sqlite3 *db;

  if (vigil_test_on_postgres ())
    {
      with_triggers_dropped = g_strconcat ("DROP TRIGGER audit_append_only ON audit;", sql, NULL);
      vigil_test_raw_exec (dir, with_triggers_dropped);
      return;
    }

  db = vigil_test_open_raw (dir);
  vigil_test_exec_raw (db, sql);
  sqlite3_close (db);
}

void
vigil_test_raw_undo_schema_9 (const char *dir)
{
  vigil_test_raw_exec (dir, "DROP TABLE footage_tokens; PRAGMA user_version = 8;");
}

void
vigil_test_raw_undo_schema_8 (const char *dir)
{
  vigil_test_raw_undo_schema_9 (dir);
  vigil_test_raw_exec (dir, "DROP TABLE machines; ALTER TABLE audit DROP COLUMN machine; PRAGMA user_version = 7;");
}

void
vigil_test_raw_undo_schema_7 (const char *dir)
{
  vigil_test_raw_undo_schema_8 (dir);
  vigil_test_raw_exec (dir, "DROP INDEX deletions_camera_start; PRAGMA user_version = 6;");
}

void
vigil_test_raw_undo_schema_6 (const char *dir)
{
  vigil_test_raw_undo_schema_7 (dir);
  vigil_test_raw_exec (dir,
                       "DROP TABLE export_runs; DROP TABLE export_cameras; DROP TABLE exports;"
                       "ALTER TABLE staff DROP COLUMN reviewer;"
                       "DELETE FROM change_serials WHERE kind = 'exports';"
                       "PRAGMA user_version = 5;");
}

void
vigil_test_raw_undo_schema_5 (const char *dir)
{
  vigil_test_raw_undo_schema_6 (dir);
  vigil_test_raw_exec (dir,
                       "DROP TABLE segments; DROP TABLE gaps; DROP TABLE holds; DROP TABLE deletions;"
                       "DROP TABLE recorder; DROP TABLE recorder_cameras;"
                       "DELETE FROM change_serials WHERE kind IN ('recordings', 'holds', 'recorder');"
                       "PRAGMA user_version = 4;");
}

