/* duty-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <string.h>

#include "vigil-site-private.h"
#include "vigil-store-duty.h"
#include "vigil-test-utils.h"

/* What the test-duty*.c programs share: a real site in a temporary folder
 * with a manager, two operators and a team lead, three families put in with
 * plain SQL, and ways to read the file and the audit trail directly. */

#define PASSWORD "duty-password"
#define SUMMARY  "Baby settled at 22:10; woke 02:30, mother fed and settled her by 03:00.\n"

typedef struct
{
  char         *dir;
  VigilSite    *site;
  VigilSession *manager;
  VigilSession *okhan;     /* operator */
  VigilSession *jdavies;   /* operator */
  VigilSession *lead;      /* team lead "tlead" */
} Fixture;

/* Rooms and families are another part's records; these tests put them in
 * with plain SQL so that they depend on nothing but the schema. */
static inline void
raw_exec (const char *dir,
          const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Runs @sql on the file directly and gives its error, or NULL. */
static inline char *
raw_try (const char *dir,
         const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  sqlite3 *db = NULL;
  char *message = NULL;
  char *copy = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    copy = g_strdup (message ? message : "error");
  sqlite3_free (message);
  sqlite3_close (db);
  return copy;
}

static inline gint64
raw_int (const char *dir,
         const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static inline void
add_families (const char *dir)
{
  raw_exec (dir,
            "INSERT INTO rooms (name, created_at) VALUES ('Room 1', 0), ('Room 2', 0), ('Room 3', 0);"
            "INSERT INTO families (case_ref, label, room_id, admitted_on, retention_days, created_at)"
            " VALUES ('AB-123', 'A.B.', 1, '2026-11-01', 31, 0),"
            "        ('CD-456', 'C.D.', 2, '2026-11-02', 31, 0),"
            "        ('EF-789', 'E.F.', 3, '2026-10-01', 31, 0);"
            "UPDATE families SET discharged_on = '2026-11-10' WHERE case_ref = 'EF-789';");
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->site = vigil_test_site_new (&fixture->dir);
  fixture->manager = vigil_test_login_manager (fixture->site);
  vigil_test_add_staff (fixture->site, fixture->manager, "okhan", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (fixture->site, fixture->manager, "jdavies", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (fixture->site, fixture->manager, "tlead", 5, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, PASSWORD);
  fixture->okhan = vigil_test_login (fixture->site, "okhan", PASSWORD);
  fixture->jdavies = vigil_test_login (fixture->site, "jdavies", PASSWORD);
  fixture->lead = vigil_test_login (fixture->site, "tlead", PASSWORD);
  add_families (fixture->dir);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->okhan);
  g_clear_object (&fixture->jdavies);
  g_clear_object (&fixture->lead);
  g_clear_object (&fixture->manager);
  g_clear_object (&fixture->site);
  vigil_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static inline void
assert_error_says (GError     *error,
                   gint        code,
                   const char *needle)
{
  g_assert_nonnull (error);
  if (!g_error_matches (error, VIGIL_ERROR, code) || strstr (error->message, needle) == NULL)
    g_test_fail_printf ("expected error %d naming “%s”, got %d “%s”", code, needle, error->code, error->message);
}

static inline VigilDuty *
start (Fixture      *fixture,
       VigilSession *session,
       const char   *ref,
       const char   *for_user)
{
  g_autoptr(GError) error = NULL;
  VigilDuty *duty = vigil_site_start_duty (fixture->site, session, ref, for_user, &error);

  g_assert_no_error (error);
  g_assert_nonnull (duty);
  return duty;
}

static inline gint64
count_action (VigilSite  *site,
              const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);
  gint64 n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (vigil_audit_entry_get_action (g_ptr_array_index (entries, i)), action) == 0)
      n++;
  return n;
}

static inline VigilAuditEntry *
last_entry (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}
