/* test-store.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

#define WRITES_PER_PROCESS 150

static char *self_path;

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_migrate_empty_file (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_true (g_chmod (path, 0644) == 0);

  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name IN ('staff', 'audit', 'audit_head', 'settings')"), ==, 4);
  g_assert_cmpint (raw_int (path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);

  /* The file is private, and so is the WAL SQLite made beside it. */
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_true (vigil_store_set_setting (store, "probe", "1", &error));
  g_assert_cmpuint (file_mode (wal), ==, 0600);

  g_assert_finalize_object (g_steal_pointer (&store));
  vigil_test_remove_dir (dir);
}

static void
test_refuse_future_schema (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSite) reopened = NULL;
  sqlite3 *raw;

  g_assert_finalize_object (g_steal_pointer (&site));
  path = g_build_filename (dir, "vigil.db", NULL);

  /* As if a newer Vigil had upgraded the database. */
  if (vigil_test_on_postgres ())
    {
      vigil_test_raw_exec (dir, "UPDATE vigil_schema SET version = 99");
      reopened = vigil_site_open (dir, &error);
      g_assert_null (reopened);
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_SCHEMA_TOO_NEW);
      g_assert_nonnull (strstr (error->message, "schema version 99"));
      g_assert_null (strchr (error->message, '\n'));
      g_assert_cmpint (vigil_test_raw_int (dir, "SELECT version FROM vigil_schema"), ==, 99);
      vigil_test_remove_dir (dir);
      return;
    }

  /* As if a newer Vigil had upgraded the file. */
  raw = vigil_test_open_raw (dir);
  vigil_test_exec_raw (raw, "PRAGMA user_version = 99; PRAGMA journal_mode = DELETE;");
  sqlite3_close (raw);
  before = file_checksum (path);

  store = vigil_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "schema version 99"));
  g_assert_nonnull (strstr (error->message, "newer"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  reopened = vigil_site_open (dir, &error);
  g_assert_null (reopened);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_SCHEMA_TOO_NEW);

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (raw_int (path, "SELECT journal_mode = 'delete' FROM pragma_journal_mode"), ==, 1);

  vigil_test_remove_dir (dir);
}

static void
test_refuse_foreign_file (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  sqlite3 *raw;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  vigil_test_exec_raw (raw, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
  sqlite3_close (raw);
  before = file_checksum (path);

  store = vigil_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "not a Vigil data file"));

  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  vigil_test_remove_dir (dir);
}

static int
change_kind_index (const char *kind)
{
  for (guint i = 0; i < VIGIL_STORE_N_CHANGE_KINDS; i++)
    if (g_strcmp0 (vigil_store_change_kinds[i], kind) == 0)
      return (int) i;
  g_assert_not_reached ();
}

/* A change monitor's connection makes nothing and writes nothing; it sees
 * another connection's commit and the kind it touched, and between two
 * readings it holds no snapshot that would keep the log from being emptied. */
static void
test_watcher (void)
{
  if (vigil_test_skip_on_postgres ("the watcher's hold on the SQLite file and its log; test-change-monitor watches PostgreSQL"))
    return;

  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) watcher = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  gint64 serials[VIGIL_STORE_N_CHANGE_KINDS] = { 0 };
  gint64 again[VIGIL_STORE_N_CHANGE_KINDS] = { 0 };
  gint64 version, later;
  int rooms = change_kind_index ("rooms");
  GStatBuf st;

  g_assert_finalize_object (g_steal_pointer (&site));
  path = g_build_filename (dir, "vigil.db", NULL);
  empty = g_build_filename (dir, "empty.db", NULL);

  /* A missing file stays missing; an empty one stays empty. */
  watcher = vigil_store_open_watcher (empty, &error);
  g_assert_null (watcher);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE);
  g_assert_nonnull (strstr (error->message, "no longer there"));
  g_assert_false (g_file_test (empty, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  watcher = vigil_store_open_watcher (empty, &error);
  g_assert_null (watcher);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);
  after = file_checksum (empty);
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) "", 0);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&before, g_free);
  g_clear_pointer (&after, g_free);

  watcher = vigil_store_open_watcher (path, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_read_data_version (watcher, &version, &error));
  g_assert_true (vigil_store_read_change_serials (watcher, serials, G_N_ELEMENTS (serials), &error));
  g_assert_no_error (error);

  /* Nothing goes through it. */
  before = file_checksum (path);
  g_assert_false (vigil_store_set_setting (watcher, "probe", "1", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
  g_clear_error (&error);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  vigil_test_raw_exec (dir, "INSERT INTO rooms (name, created_at) VALUES ('Room 9', 0)");
  g_assert_true (vigil_store_read_data_version (watcher, &later, &error));
  g_assert_true (vigil_store_read_change_serials (watcher, again, G_N_ELEMENTS (again), &error));
  g_assert_no_error (error);
  g_assert_cmpint (later, !=, version);
  for (guint i = 0; i < VIGIL_STORE_N_CHANGE_KINDS; i++)
    g_assert_cmpint (again[i], ==, serials[i] + ((int) i == rooms ? 1 : 0));

  /* Not busy, and the log emptied: no reader was left inside a snapshot. */
  g_assert_cmpint (vigil_test_raw_int (dir, "PRAGMA wal_checkpoint (TRUNCATE)"), ==, 0);
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&watcher));
  vigil_test_remove_dir (dir);
}

static void
test_open_without_site (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *missing = g_build_filename (dir, "nowhere", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = NULL;

  site = vigil_site_open (missing, &error);
  g_assert_null (site);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  site = vigil_site_open (dir, &error);
  g_assert_null (site);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  vigil_test_remove_dir (dir);
}

static void
test_site_files_private (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSite) again = NULL;

  /* On PostgreSQL the folder holds the file naming the database. */
  db = g_build_filename (dir, vigil_test_on_postgres () ? "database" : "vigil.db", NULL);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_cmpuint (file_mode (db), ==, 0600);
  g_assert_cmpstr (vigil_site_get_name (site), ==, "Test Centre");

  /* A second site in the same folder is refused; the first is untouched. */
  again = vigil_site_create (dir, "Other", "boss", NULL, 7, "password-1", &error);
  g_assert_null (again);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&site));

  site = vigil_site_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_site_get_name (site), ==, "Test Centre");

  vigil_test_remove_dir (dir);
}

static void
test_default_data_dir (void)
{
  g_autofree char *from_env = NULL;
  g_autofree char *from_xdg = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "vigil", NULL);

  g_setenv ("VIGIL_DATA_DIR", "/srv/vigil-site", TRUE);
  from_env = vigil_site_default_data_dir ();
  g_unsetenv ("VIGIL_DATA_DIR");
  from_xdg = vigil_site_default_data_dir ();

  g_assert_cmpstr (from_env, ==, "/srv/vigil-site");
  g_assert_cmpstr (from_xdg, ==, expected);
}

static GSubprocess *
spawn_self (const char *role,
            const char *path,
            const char *tag)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                         self_path, role, path, tag, NULL);

  g_assert_no_error (error);
  return child;
}

static void
wait_ok (GSubprocess *child)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check (child, NULL, &error));
  g_assert_no_error (error);
}

/* Two processes opening a brand-new file at once: both end up on the current
 * schema, and it was migrated once. */
static void
test_concurrent_migration (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  a = spawn_self ("--open-store", path, "a");
  b = spawn_self ("--open-store", path, "b");
  wait_ok (a);
  wait_ok (b);

  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'audit'"), ==, 1);
  vigil_test_remove_dir (dir);
}

static gint64
count_actor (GPtrArray  *entries,
             const char *actor)
{
  gint64 n = 0;

  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (vigil_audit_entry_get_actor (g_ptr_array_index (entries, i)), actor) == 0)
      n++;
  return n;
}

/* Two processes appending to the trail at the same time: every entry of both
 * lands, in one unbroken chain. */
static void
test_concurrent_writers (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = vigil_test_count_audit (site);
  gint64 checked = 0;

  a = spawn_self ("--write-audit", dir, "writer-a");
  b = spawn_self ("--write-audit", dir, "writer-b");
  wait_ok (a);
  wait_ok (b);

  entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entries->len, ==, before + 2 * WRITES_PER_PROCESS);
  g_assert_cmpint (count_actor (entries, "writer-a"), ==, WRITES_PER_PROCESS);
  g_assert_cmpint (count_actor (entries, "writer-b"), ==, WRITES_PER_PROCESS);

  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, entries->len);

  vigil_test_remove_dir (dir);
}

static int
child_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, &error);

  if (store == NULL)
    g_printerr ("%s\n", error->message);
  return store ? 0 : 1;
}

static int
child_write_audit (const char *dir,
                   const char *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (dir, &error);

  if (site == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (int i = 0; i < WRITES_PER_PROCESS; i++)
    {
      g_autofree char *object = g_strdup_printf ("probe:%d", i);

      if (!vigil_site_audit_alone (site, actor, "test-write", object, "concurrency test", "", &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  return 0;
}

/* Rows made from typed names are trimmed to the newest few; other settings
 * are never touched. */
static void
test_settings_trim_prefix (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, &error);
  const char *names[] = { "anna", "ben", "cleo", "dev", "eli" };
  g_autofree char *kept = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *other = NULL;

  g_assert_no_error (error);
  g_assert_true (vigil_store_set_setting (store, "lockout-threshold", "7", &error));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *key = g_strconcat ("login-failures:", names[i], NULL);
      g_assert_true (vigil_store_set_setting (store, key, "1 0", &error));
    }
  g_assert_true (vigil_store_settings_trim_prefix (store, "login-failures:", 2, &error));
  g_assert_no_error (error);

  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM settings WHERE key LIKE 'login-failures:%'"), ==, 2);
  kept = vigil_store_get_setting (store, "login-failures:eli", &error);
  gone = vigil_store_get_setting (store, "login-failures:cleo", &error);
  other = vigil_store_get_setting (store, "lockout-threshold", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "1 0");
  g_assert_null (gone);
  g_assert_cmpstr (other, ==, "7");

  g_assert_finalize_object (g_steal_pointer (&store));
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--open-store"))
    return child_open_store (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "--write-audit"))
    return child_write_audit (argv[2], argv[3]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrate-empty-file", test_migrate_empty_file);
  g_test_add_func ("/store/refuse-future-schema", test_refuse_future_schema);
  g_test_add_func ("/store/refuse-foreign-file", test_refuse_foreign_file);
  g_test_add_func ("/store/concurrent-migration", test_concurrent_migration);
  g_test_add_func ("/store/concurrent-writers", test_concurrent_writers);
  g_test_add_func ("/store/watcher", test_watcher);
  g_test_add_func ("/site/open-without-site", test_open_without_site);
  g_test_add_func ("/site/files-private", test_site_files_private);
  g_test_add_func ("/site/default-data-dir", test_default_data_dir);
  g_test_add_func ("/store/settings-trim-prefix", test_settings_trim_prefix);

  return g_test_run ();
}
