/* test-hardening-init.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-hardening-init"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-test-utils.h"

/* The data folder and file as someone else on the machine might have laid
 * them out: a folder others can write to or that is someone else's, a link
 * planted where the folder or the file should be, a file that is not
 * Vigil's, an empty file an interrupted set-up left, a set-up already under
 * way. A site is made only where nobody else can reach into it, and nothing
 * that is refused is changed. */

#define SOMEONE_ELSE 4242

static guint
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static guint
owner_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  return st.st_uid;
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static VigilSite *
create (const char  *dir,
        GError     **error)
{
  return vigil_site_create (dir, "Test Centre", VIGIL_TEST_MANAGER, "Morgan Manager", 7,
                            VIGIL_TEST_MANAGER_PASSWORD, error);
}

static void
assert_refused (const char *dir,
                int         code,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = create (dir, &error);

  g_assert_null (site);
  g_assert_error (error, VIGIL_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
}

static void
assert_site_works (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (dir, &error);
  g_autoptr(VigilSession) session = NULL;
  gint64 checked = 0;

  g_assert_no_error (error);
  session = vigil_test_login_manager (site);
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, >=, 3);
}

static gboolean
running_as_root (void)
{
  if (geteuid () == 0)
    return TRUE;
  g_test_skip ("giving a folder to another user needs root");
  return FALSE;
}

static void
test_others_can_write (void)
{
  static const guint modes[] = { 0777, 0770, 0720, 0702, 01777 };
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (top, "site", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_assert_cmpint (g_chmod (dir, modes[i]), ==, 0);
      assert_refused (dir, VIGIL_ERROR_STORE, "others can write to the data folder");
      g_assert_cmpuint (mode_of (dir), ==, modes[i]);
      g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
    }

  /* Readable by others is no danger: accepted, then made private. */
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilSite) site = create (dir, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (mode_of (dir), ==, 0700);
    g_assert_cmpuint (mode_of (db), ==, 0600);
  }

  vigil_test_remove_dir (dir);
}

static void
test_someone_elses_folder (void)
{
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (top, "site", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);

  if (!running_as_root ())
    return;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpint (chown (dir, SOMEONE_ELSE, SOMEONE_ELSE), ==, 0);

  assert_refused (dir, VIGIL_ERROR_STORE, "belongs to another user");
  g_assert_cmpuint (owner_of (dir), ==, SOMEONE_ELSE);
  g_assert_cmpuint (mode_of (dir), ==, 0700);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  vigil_test_remove_dir (dir);
}

/* A link where the folder should be is never followed, dangling or not. */
static void
test_linked_folder (void)
{
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *real = g_build_filename (top, "real", NULL);
  g_autofree char *link = g_build_filename (top, "site", NULL);
  g_autofree char *slash = g_strconcat (link, "/", NULL);
  g_autofree char *dangling = g_build_filename (top, "dangling", NULL);
  g_autofree char *missing = g_build_filename (top, "not-yet", NULL);
  g_autofree char *db = g_build_filename (real, "vigil.db", NULL);

  g_assert_cmpint (g_mkdir (real, 0700), ==, 0);
  g_assert_cmpint (symlink (real, link), ==, 0);
  g_assert_cmpint (symlink (missing, dangling), ==, 0);

  assert_refused (link, VIGIL_ERROR_STORE, "is a symbolic link");
  assert_refused (slash, VIGIL_ERROR_STORE, "is a symbolic link");
  assert_refused (dangling, VIGIL_ERROR_STORE, "is a symbolic link");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_unlink (link);
  g_unlink (dangling);
  g_rmdir (real);
  g_rmdir (top);
}

/* A link where the data file should be is never followed either, and what
 * it points to is left as it was. */
static void
test_linked_file (void)
{
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (top, "site", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *target = g_build_filename (top, "precious.txt", NULL);
  g_autofree char *absent = g_build_filename (top, "absent.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, "not a database\n", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0644), ==, 0);
  before = checksum_of (target);

  g_assert_cmpint (symlink (target, db), ==, 0);
  assert_refused (dir, VIGIL_ERROR_STORE, "is a symbolic link");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilSite) site = vigil_site_open (dir, &error);

    g_assert_null (site);
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
    g_assert_nonnull (strstr (error->message, "symbolic link"));
  }
  after = checksum_of (target);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (mode_of (target), ==, 0644);

  g_unlink (db);
  g_assert_cmpint (symlink (absent, db), ==, 0);
  assert_refused (dir, VIGIL_ERROR_STORE, "is a symbolic link");
  g_assert_false (g_file_test (absent, G_FILE_TEST_EXISTS));

  g_unlink (db);
  g_unlink (target);
  vigil_test_remove_dir (dir);
}

/* A file that is not Vigil's is refused by init and by open, and keeps its
 * mode and its bytes. */
static void
test_foreign_file_untouched (void)
{
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (top, "site", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *raw = NULL;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  vigil_test_exec_raw (raw, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
  sqlite3_close (raw);
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  before = checksum_of (db);

  assert_refused (dir, VIGIL_ERROR_STORE, "not a Vigil data file");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilSite) site = vigil_site_open (dir, &error);

    g_assert_null (site);
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
  }
  after = checksum_of (db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (mode_of (db), ==, 0644);

  vigil_test_remove_dir (dir);
}

static void
test_someone_elses_file (void)
{
  if (vigil_test_skip_on_postgres ("the SQLite file's owner"))
    return;

  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  VigilSite *site;

  if (!running_as_root ())
    return;

  site = vigil_test_site_new (&dir);
  g_object_unref (site);
  db = g_build_filename (dir, "vigil.db", NULL);
  g_assert_cmpint (chown (db, SOMEONE_ELSE, SOMEONE_ELSE), ==, 0);
  g_assert_cmpint (g_chmod (db, 0644), ==, 0);
  before = checksum_of (db);

  assert_refused (dir, VIGIL_ERROR_STORE, "belongs to another user");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilSite) opened = vigil_site_open (dir, &error);

    g_assert_null (opened);
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
    g_assert_nonnull (strstr (error->message, "belongs to another user"));
  }
  after = checksum_of (db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (owner_of (db), ==, SOMEONE_ELSE);
  g_assert_cmpuint (mode_of (db), ==, 0644);

  vigil_test_remove_dir (dir);
}

/* An existing site's folder is checked on every open too, and never
 * changed by the check. */
static void
test_open_checks_folder (void)
{
  g_autofree char *dir = NULL;
  VigilSite *site = vigil_test_site_new (&dir);

  g_object_unref (site);
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilSite) opened = vigil_site_open (dir, &error);

    g_assert_null (opened);
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
    g_assert_nonnull (strstr (error->message, "others can write"));
  }
  g_assert_cmpuint (mode_of (dir), ==, 0777);

  if (geteuid () == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilSite) opened = NULL;

      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
      g_assert_cmpint (chown (dir, SOMEONE_ELSE, SOMEONE_ELSE), ==, 0);
      opened = vigil_site_open (dir, &error);
      g_assert_null (opened);
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
      g_assert_nonnull (strstr (error->message, "belongs to another user"));
      g_assert_cmpint (chown (dir, 0, 0), ==, 0);
    }

  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  assert_site_works (dir);
  vigil_test_remove_dir (dir);
}

/* What an init that stopped half-way leaves is finished by the next one,
 * and open says so rather than pointing at init and init at open. */
static void
test_unfinished_file (gconstpointer data)
{
  gboolean with_schema = GPOINTER_TO_INT (data);
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (top, "site", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  if (with_schema)
    {
      VigilStore *store = vigil_store_open (db, &error);

      g_assert_no_error (error);
      g_object_unref (store);
    }
  else
    g_assert_true (g_file_set_contents (db, "", 0, NULL));

  {
    g_autoptr(VigilSite) opened = vigil_site_open (dir, &error);

    g_assert_null (opened);
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE);
    g_assert_nonnull (strstr (error->message, "interrupted"));
    g_assert_nonnull (strstr (error->message, "vigilctl init"));
    g_clear_error (&error);
  }

  {
    g_autoptr(VigilSite) site = create (dir, &error);

    g_assert_no_error (error);
    g_assert_nonnull (site);
  }
  assert_site_works (dir);
  vigil_test_remove_dir (dir);
}

/* A file with records but no site is not something init finishes. */
static void
test_records_without_site (void)
{
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (top, "site", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  VigilStore *store;
  sqlite3 *raw;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  g_object_unref (store);
  raw = vigil_test_open_raw (dir);
  vigil_test_exec_raw (raw, "INSERT INTO rooms (name, created_at) VALUES ('Room 1', 0);"
                            "PRAGMA wal_checkpoint(TRUNCATE);");
  sqlite3_close (raw);
  before = checksum_of (db);

  assert_refused (dir, VIGIL_ERROR_STORE, "holds records but no site");
  after = checksum_of (db);
  g_assert_cmpstr (after, ==, before);

  vigil_test_remove_dir (dir);
}

/* A second init while one is under way is refused at once, and makes
 * nothing; a finished site is never made into another. */
static void
test_init_under_way (void)
{
  g_autofree char *top = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (top, "site", NULL);
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int held;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  held = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (held, >=, 0);
  g_assert_cmpint (flock (held, LOCK_EX | LOCK_NB), ==, 0);

  assert_refused (dir, VIGIL_ERROR_EXISTS, "another process is creating a site");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  close (held);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VigilSite) site = create (dir, &error);

    g_assert_no_error (error);
  }
  /* Its bytes are left as they are; being Vigil's, it is made private
   * again if it was copied in readable by others. */
  g_assert_cmpint (g_chmod (db, 0640), ==, 0);
  before = checksum_of (db);
  assert_refused (dir, VIGIL_ERROR_EXISTS, "already exists");
  after = checksum_of (db);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (mode_of (db), ==, 0600);
  assert_site_works (dir);

  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/init/others-can-write", test_others_can_write);
  g_test_add_func ("/hardening/init/someone-elses-folder", test_someone_elses_folder);
  g_test_add_func ("/hardening/init/linked-folder", test_linked_folder);
  g_test_add_func ("/hardening/init/linked-file", test_linked_file);
  g_test_add_func ("/hardening/init/foreign-file-untouched", test_foreign_file_untouched);
  g_test_add_func ("/hardening/init/someone-elses-file", test_someone_elses_file);
  g_test_add_func ("/hardening/init/open-checks-folder", test_open_checks_folder);
  g_test_add_data_func ("/hardening/init/empty-file-finished", GINT_TO_POINTER (FALSE), test_unfinished_file);
  g_test_add_data_func ("/hardening/init/bare-schema-finished", GINT_TO_POINTER (TRUE), test_unfinished_file);
  g_test_add_func ("/hardening/init/records-without-site", test_records_without_site);
  g_test_add_func ("/hardening/init/init-under-way", test_init_under_way);

  return g_test_run ();
}
