/* vigil-test-utils.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "vigil-test-utils.h"

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

VigilSite *
vigil_test_site_new (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *site_dir = g_build_filename (dir, "site", NULL);
  VigilSite *site;

  site = vigil_site_create (site_dir, "Test Centre", VIGIL_TEST_MANAGER, "Morgan Manager", 7,
                            VIGIL_TEST_MANAGER_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (site);

  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&site_dir);
  return site;
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
