/* vigil-test-utils.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "vigil-test-utils.h"

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
static char *postgres_new_database (const char *template);

char *
vigil_test_postgres_new_database (void)
{
  return postgres_new_database (NULL);
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

static char *
postgres_new_database (const char *template)
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
static char *
site_database (const char *dir)
{
  g_autofree char *pointer = g_build_filename (dir, "database", NULL);
  char *url = NULL;

  if (!g_file_get_contents (pointer, &url, NULL, NULL))
    return NULL;
  return g_strstrip (url);
}

/* The name in a URL postgres_url() made. */
static char *
database_name (const char *url)
{
  const char *start = strstr (url, "@/") + 2;

  return g_strndup (start, strcspn (start, "?"));
}

char *
vigil_test_postgres_remote_database (char **name_out,
                                     char **role_out)
{
  g_autofree char *local = vigil_test_postgres_new_database ();
  g_autofree char *name = database_name (local);
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

char *
vigil_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vigil-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *path = g_file_get_path (child);
          remove_tree (path);
        }
      else
        g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

/* Removes @dir, and its parent too when that is an emptied folder made by
 * vigil_test_make_dir() (sites live one level down, in "site"). */
void
vigil_test_remove_dir (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *parent_name = g_path_get_basename (parent);

  remove_tree (dir);
  if (g_str_has_prefix (parent_name, "vigil-test-"))
    g_rmdir (parent);
}

VigilSession *
vigil_test_login (VigilSite  *site,
                  const char *username,
                  const char *password)
{
  g_autoptr(GError) error = NULL;
  VigilSession *session = vigil_site_login (site, username, password, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

VigilSession *
vigil_test_login_manager (VigilSite *site)
{
  return vigil_test_login (site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
}

void
vigil_test_add_staff (VigilSite    *site,
                      VigilSession *manager,
                      const char   *username,
                      guint         band,
                      VigilRole     role,
                      const char   *assessed_on,
                      const char   *refresher_due,
                      const char   *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaff) staff = vigil_staff_new (username, username, band, role);

  if (assessed_on == NULL && refresher_due == NULL)
    {
      assessed_on = "2026-01-01";
      refresher_due = "2099-01-01";
    }
  vigil_staff_set_competency (staff, assessed_on, NULL, refresher_due);

  g_assert_true (vigil_site_add_staff (site, manager, staff, password, "test", &error));
  g_assert_no_error (error);
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


gint64
vigil_test_count_audit (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  return entries->len;
}

static sqlite3 *
raw_open (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

/* @sql run on the PostgreSQL database of the site in @dir, or NULL for
 * a site on SQLite; the result, with the connection closed. */
static PGresult *
raw_postgres (const char *dir,
              const char *sql)
{
  g_autofree char *url = site_database (dir);
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
  PGresult *result = raw_postgres (dir, sql);
  sqlite3 *db;

  if (result != NULL)
    {
      if (!postgres_ok (result))
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      PQclear (result);
      return;
    }

  db = raw_open (dir);
  vigil_test_exec_raw (db, sql);
  sqlite3_close (db);
}

char *
vigil_test_raw_try (const char *dir,
                    const char *sql)
{
  PGresult *result = raw_postgres (dir, sql);
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

  db = raw_open (dir);

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
  PGresult *result = raw_postgres (dir, sql);
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

  db = raw_open (dir);
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
  PGresult *result = raw_postgres (dir, sql);
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

  db = raw_open (dir);
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
  g_autofree char *url = site_database (dir);
  VigilTestRaw *raw = g_new0 (VigilTestRaw, 1);

  if (url != NULL)
    raw->pg = postgres_connect (url);
  else
    raw->db = raw_open (dir);
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
vigil_test_raw_undo_schema_8 (const char *dir)
{
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

gint64
vigil_test_instant (const char *iso8601)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (parsed);
  return g_date_time_to_unix (parsed) * G_USEC_PER_SEC + g_date_time_get_microsecond (parsed);
}

void
vigil_test_assert_finalize_soon (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      /* Nothing to dispatch means the worker is still finishing: yield. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  if (weak != NULL)
    {
      g_object_remove_weak_pointer (weak, &weak);
      g_test_fail_printf ("a %s is still referenced 5 s after its last user let go",
                          G_OBJECT_TYPE_NAME (weak));
    }
}

void
vigil_test_assert_audit_intact (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  gint64 checked = -1;

  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, vigil_test_count_audit (site));
}

/* Sites made once per program
 * ------------------------------------------------------------------------ */

typedef struct
{
  VigilTestMakeSite   make;
  VigilTestBuildSite  build;
  char               *dir;     /* the template's site folder */
  char               *site_id;
  GBytes             *key;
} Template;

static GArray *templates;

static void
remove_templates (void)
{
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      Template *template = &g_array_index (templates, Template, i);

      vigil_test_remove_dir (template->dir);
      g_free (template->dir);
      g_free (template->site_id);
      g_bytes_unref (template->key);
    }
  g_clear_pointer (&templates, g_array_unref);
}

static char *
raw_site_id (const char *dir)
{
  PGresult *result = raw_postgres (dir, "SELECT value FROM settings WHERE key = 'site-id'");
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *id;

  if (result != NULL)
    {
      g_assert_cmpint (PQntuples (result), ==, 1);
      id = g_strdup (PQgetvalue (result, 0, 0));
      PQclear (result);
      return id;
    }

  db = raw_open (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM settings WHERE key = 'site-id'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return id;
}

static void
make_bare_site (const char *site_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = vigil_test_on_postgres () ? postgres_new_database (NULL) : NULL;
  VigilSite *site = vigil_site_create_in_database (site_dir, database, "Test Centre", VIGIL_TEST_MANAGER,
                                                   "Morgan Manager", 7, VIGIL_TEST_MANAGER_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (site);
  g_assert_finalize_object (site);
}

static const Template *
find_template (VigilTestMakeSite   make,
               VigilTestBuildSite  build)
{
  g_autoptr(GError) error = NULL;
  Template template = { make, build, NULL, NULL, NULL };

  if (templates == NULL)
    {
      templates = g_array_new (FALSE, TRUE, sizeof (Template));
      atexit (remove_templates);
    }
  for (guint i = 0; i < templates->len; i++)
    {
      Template *known = &g_array_index (templates, Template, i);

      if (known->make == make && known->build == build)
        return known;
    }

  if (build == NULL)
    {
      g_autofree char *parent = vigil_test_make_dir ();

      template.dir = g_build_filename (parent, "site", NULL);
      make (template.dir);
    }
  else
    {
      VigilSite *site = vigil_test_site_new (&template.dir);
      VigilSession *manager = vigil_test_login_manager (site);

      build (site, manager, template.dir);
      g_assert_finalize_object (manager);
      g_assert_finalize_object (site);
    }

  template.site_id = raw_site_id (template.dir);
  template.key = vigil_secrets_lookup_site_key (template.site_id, NULL, &error);
  g_assert_no_error (error);
  g_array_append_val (templates, template);
  return &g_array_index (templates, Template, templates->len - 1);
}

static void
copy_folder (const char *from,
             const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (from, 0, &error);
  GStatBuf st;
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (from, &st), ==, 0);
  g_assert_cmpint (g_mkdir (to, st.st_mode & 07777), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from_path = g_build_filename (from, name, NULL);
      g_autofree char *to_path = g_build_filename (to, name, NULL);
      g_autoptr(GFile) source = g_file_new_for_path (from_path);
      g_autoptr(GFile) destination = g_file_new_for_path (to_path);

      /* SQLite rebuilds its shared-memory index; a copied one would lie. */
      if (g_str_has_suffix (name, "-shm"))
        continue;
      g_assert_true (g_file_copy (source, destination, G_FILE_COPY_ALL_METADATA | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                                  NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static char *
copy_template (const Template *template)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *site_dir = g_build_filename (parent, "site", NULL);
  g_autofree char *site_id = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  g_autofree char *template_database = NULL;

  copy_folder (template->dir, site_dir);

  /* A database of its own for a site on PostgreSQL, copied from the
   * template's. */
  template_database = site_database (template->dir);
  if (template_database != NULL)
    {
      g_autofree char *template_name = database_name (template_database);
      g_autofree char *url = postgres_new_database (template_name);
      g_autofree char *pointer = g_build_filename (site_dir, "database", NULL);
      g_autofree char *line = g_strconcat (url, "\n", NULL);

      g_assert_true (g_file_set_contents_full (pointer, line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
      g_assert_no_error (error);
    }

  /* A site id of its own, and the key stored under it, so the keyring
   * items of one copy are not another's. */
  sql = g_strdup_printf ("UPDATE settings SET value = '%s' WHERE key = 'site-id'", site_id);
  vigil_test_raw_exec (site_dir, sql);
  g_assert_true (vigil_secrets_store_site_key (site_id, "Test Centre", template->key, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&site_dir);
}

char *
vigil_test_site_copy (VigilTestMakeSite make)
{
  g_return_val_if_fail (make != NULL, NULL);

  return copy_template (find_template (make, NULL));
}

VigilSite *
vigil_test_site_open (const char *dir)
{
  g_autoptr(GError) error = NULL;
  VigilSite *site = vigil_site_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (site);
  return site;
}

VigilSite *
vigil_test_site_new_built (VigilTestBuildSite   build,
                           char               **dir_out)
{
  g_autofree char *site_dir = NULL;
  VigilSite *site;

  site_dir = build != NULL ? copy_template (find_template (NULL, build)) : vigil_test_site_copy (make_bare_site);
  site = vigil_test_site_open (site_dir);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&site_dir);
  return site;
}

VigilSite *
vigil_test_site_new (char **dir_out)
{
  return vigil_test_site_new_built (NULL, dir_out);
}

/* vigilctl
 * ------------------------------------------------------------------------ */

void
vigil_test_run_vigilctlv (const char         *stdin_text,
                          int                *exit_status,
                          char              **out,
                          char              **err,
                          const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *shown = g_strjoinv (" ", (char **) args);
  g_autofree char *database = NULL;
  const char *vigilctl = g_getenv ("VIGILCTL");

  g_assert_nonnull (exit_status);
  if (vigilctl == NULL)
    g_error ("VIGILCTL is not set: run this test through meson test");

  g_ptr_array_add (argv, (gpointer) vigilctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  /* The postgresql suite: a site made by `vigilctl init` gets a database
   * of its own, unless the test names one. */
  if (vigil_test_on_postgres () && g_strv_contains (args, "init") && !g_strv_contains (args, "--database"))
    {
      database = postgres_new_database (NULL);
      g_ptr_array_add (argv, (gpointer) "--database");
      g_ptr_array_add (argv, database);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL)
    g_error ("vigilctl %s: %s", shown, error->message);

  /* vigilctl may rightly stop before it reads its input (a bad option), so a
   * broken pipe here is no failure; the input is far smaller than a pipe's
   * buffer, so writing it first cannot block. Such a write must be an
   * error, not the death of the test by SIGPIPE. */
  signal (SIGPIPE, SIG_IGN);
  if (stdin_text != NULL &&
      !g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), stdin_text, strlen (stdin_text),
                                  NULL, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        g_error ("vigilctl %s: writing its input: %s", shown, error->message);
      g_clear_error (&error);
    }

  /* This closes standard input, then reads both outputs to the end. */
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error))
    g_error ("vigilctl %s: %s", shown, error->message);

  /* A crash is never an answer. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("vigilctl %s did not exit normally:\n%s", shown, stderr_text);
  *exit_status = g_subprocess_get_exit_status (process);

  g_test_message ("vigilctl %s → %d\n--- stdout:\n%s--- stderr:\n%s",
                  shown, *exit_status, stdout_text, stderr_text);

  if (out != NULL)
    {
      g_free (*out);
      *out = g_steal_pointer (&stdout_text);
    }
  if (err != NULL)
    {
      g_free (*err);
      *err = g_steal_pointer (&stderr_text);
    }
}

void
vigil_test_run_vigilctl (const char  *stdin_text,
                         int         *exit_status,
                         char       **out,
                         char       **err,
                         const char  *first_arg,
                         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  vigil_test_run_vigilctlv (stdin_text, exit_status, out, err, (const char *const *) args->pdata);
}

void
vigil_test_assert_one_line_error (const char *err,
                                  const char *needle)
{
  const char *newline = err != NULL ? strchr (err, '\n') : NULL;

  if (err == NULL || !g_str_has_prefix (err, "vigilctl: ") || newline == NULL || newline[1] != '\0' ||
      strstr (err, needle) == NULL)
    {
      /* The TAP line must stay one line. */
      g_autofree char *shown = err != NULL ? g_strescape (err, NULL) : g_strdup ("(null)");
      g_test_fail_printf ("expected one line “vigilctl: …” naming “%s”, got “%s”", needle, shown);
    }
}

void
vigil_test_assert_matches (const char *text,
                           const char *pattern)
{
  if (text == NULL || !g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0))
    {
      g_autofree char *shown = text != NULL ? g_strescape (text, NULL) : g_strdup ("(null)");
      g_test_fail_printf ("“%s” does not match /%s/", shown, pattern);
    }
}

/* Tolerated library messages */

typedef struct
{
  char *domain;
  char *part;
} Tolerated;

static GMutex tolerated_lock;
static GPtrArray *tolerated;

static gboolean
is_tolerated (const char *domain,
              const char *message)
{
  gboolean found = FALSE;

  g_mutex_lock (&tolerated_lock);
  for (guint i = 0; tolerated != NULL && i < tolerated->len && !found; i++)
    {
      Tolerated *known = g_ptr_array_index (tolerated, i);

      found = g_strcmp0 (domain, known->domain) == 0 && strstr (message, known->part) != NULL;
    }
  g_mutex_unlock (&tolerated_lock);
  return found;
}

static gboolean
fatal_unless_tolerated (const char     *domain,
                        GLogLevelFlags  level,
                        const char     *message,
                        gpointer        user_data)
{
  return !is_tolerated (domain, message);
}

/* In a TAP run GLib's own handler announces a fatal message as "Bail out!",
 * which fails the run even when the fatal handler lets it through: a
 * tolerated message is told as a test message instead. */
static void
on_library_message (const char     *domain,
                    GLogLevelFlags  level,
                    const char     *message,
                    gpointer        user_data)
{
  if (is_tolerated (domain, message))
    g_test_message ("%s, tolerated: %s", domain, message);
  else
    g_log_default_handler (domain, level, message, user_data);
}

void
vigil_test_tolerate (const char     *domain,
                     GLogLevelFlags  level,
                     const char     *part)
{
  gboolean known;

  g_test_log_set_fatal_handler (fatal_unless_tolerated, NULL);
  known = is_tolerated (domain, part);
  if (known)
    return;

  g_mutex_lock (&tolerated_lock);
  if (tolerated == NULL)
    tolerated = g_ptr_array_new ();
  g_ptr_array_add (tolerated, g_memdup2 (&(Tolerated) { g_strdup (domain), g_strdup (part) }, sizeof (Tolerated)));
  g_mutex_unlock (&tolerated_lock);
  g_log_set_handler (domain, level | G_LOG_FLAG_FATAL, on_library_message, NULL);
}

gboolean
vigil_test_audit_has (VigilSite  *site,
                      const char *actor,
                      const char *action,
                      const char *object,
                      const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);
      const char *reason = vigil_audit_entry_get_reason (entry);
      const char *detail = vigil_audit_entry_get_detail (entry);

      if ((actor != NULL && g_strcmp0 (vigil_audit_entry_get_actor (entry), actor) != 0) ||
          (action != NULL && g_strcmp0 (vigil_audit_entry_get_action (entry), action) != 0) ||
          (object != NULL && g_strcmp0 (vigil_audit_entry_get_object (entry), object) != 0))
        continue;
      if (part == NULL || (reason != NULL && strstr (reason, part) != NULL) ||
          (detail != NULL && strstr (detail, part) != NULL))
        return TRUE;
    }
  return FALSE;
}

void
vigil_test_wait_audit (VigilSite  *site,
                       const char *actor,
                       const char *action,
                       const char *object,
                       const char *part,
                       gint64      timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  /* Another process writes it: look every 50 ms until the deadline. */
  while (!vigil_test_audit_has (site, actor, action, object, part))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no “%s” entry about %s on the audit trail", action, object ? object : "anything");
      g_usleep (50 * 1000);
    }
}
