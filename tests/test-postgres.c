/* test-postgres.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-change-monitor-private.h"
#include "vigil-test-utils.h"

/* A site of several machines on PostgreSQL, as its machines reach it: made
 * by `vigilctl init --database`, over TLS with the server's certificate
 * checked, with a password from the Secret Service only, and a change on
 * one machine seen on another. The cluster is the session's
 * (build-aux/test-session.sh); these run in the postgresql suite only. */

#define MANAGER_STDIN VIGIL_TEST_MANAGER_PASSWORD "\n"

static char *
database_name (const char *url)
{
  const char *start = strstr (url, "@/") + 2;

  return g_strndup (start, strcspn (start, "?"));
}

static gboolean
folder_holds (const char *dir,
              const char *needle)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL) &&
          g_strstr_len (contents, (gssize) length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* `vigilctl init --database` makes the site there; the folder names the
 * database and holds no file of records; a database that holds a site, or
 * anything else, is refused and left as it was. */
static void
test_init_in_database (void)
{
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "site", NULL);
  g_autofree char *other = g_build_filename (parent, "other", NULL);
  g_autofree char *database = vigil_test_postgres_new_database ();
  g_autofree char *foreign = vigil_test_postgres_new_database ();
  g_autofree char *pointer = g_build_filename (dir, "database", NULL);
  g_autofree char *sqlite_file = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *named = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilTestRaw) raw = NULL;
  GStatBuf st;
  int status;

  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", dir, "--password-stdin", "init",
                           "--site-name", "Hill House", "--manager", VIGIL_TEST_MANAGER,
                           "--database", database, NULL);
  g_assert_cmpint (status, ==, 0);

  g_assert_true (g_file_get_contents (pointer, &named, NULL, NULL));
  g_assert_cmpstr (g_strstrip (named), ==, database);
  g_assert_cmpint (g_stat (pointer, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (sqlite_file, G_FILE_TEST_EXISTS));

  site = vigil_test_site_open (dir);
  g_assert_cmpstr (vigil_site_get_name (site), ==, "Hill House");
  vigil_test_assert_audit_intact (site);

  /* Another folder pointed at the same database: refused, nothing made. */
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", other, "--password-stdin", "init",
                           "--site-name", "Impostor", "--manager", "boss", "--database", database, NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "already exists");
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT count(*) FROM staff"), ==, 1);

  /* A database that holds someone else's tables. */
  {
    const char *sql = "CREATE TABLE payroll (who text); INSERT INTO payroll VALUES ('x')";
    PGconn *pg = PQconnectdb (foreign);
    PGresult *result;

    g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
    PQclear (PQexec (pg, sql));
    vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", other, "--password-stdin", "init",
                             "--site-name", "Elsewhere", "--manager", "boss", "--database", foreign, NULL);
    g_assert_cmpint (status, !=, 0);
    vigil_test_assert_one_line_error (err, "not a Vigil database");
    result = PQexec (pg, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "1");
    PQclear (result);
    PQfinish (pg);
  }

  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* Another machine reaches the database over TLS, the server checked, with
 * a password that only the Secret Service holds. */
static void
test_tls_and_password (void)
{
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "site", NULL);
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *url = vigil_test_postgres_remote_database (&name, &role);
  g_autofree char *unverifiable = NULL;
  g_autofree char *asks_plain = NULL;
  g_autofree char *with_password = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *stdin_text = g_strconcat (VIGIL_TEST_POSTGRES_PASSWORD, "\n", NULL);
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* No password in this machine's keyring: the server refuses. */
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", dir, "--password-stdin", "init",
                           "--site-name", "Hill House", "--manager", VIGIL_TEST_MANAGER, "--database", url, NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "password");

  /* Nor may the address carry one. */
  with_password = g_strdup_printf ("postgresql://%s:%s@localhost:%s/x", role, VIGIL_TEST_POSTGRES_PASSWORD,
                                   g_getenv ("VIGIL_TEST_POSTGRES_PORT"));
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", dir, "--password-stdin", "init",
                           "--site-name", "Hill House", "--manager", VIGIL_TEST_MANAGER,
                           "--database", with_password, NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "holds a password");
  g_assert_null (strstr (err, VIGIL_TEST_POSTGRES_PASSWORD));

  vigil_test_run_vigilctl (stdin_text, &status, &out, &err, "--password-stdin", "site", "database-password",
                           url, NULL);
  g_assert_cmpint (status, ==, 0);
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", dir, "--password-stdin", "init",
                           "--site-name", "Hill House", "--manager", VIGIL_TEST_MANAGER, "--database", url, NULL);
  g_assert_cmpint (status, ==, 0);

  /* The connection is TLS, as the server sees it. */
  site = vigil_test_site_open (dir);
  {
    PGconn *admin = NULL;
    g_autofree char *admin_url = g_strdup_printf ("postgresql://vigil@/postgres?host=%s&port=%s",
                                                  g_getenv ("VIGIL_TEST_POSTGRES"),
                                                  g_getenv ("VIGIL_TEST_POSTGRES_PORT"));
    PGresult *result;

    admin = PQconnectdb (admin_url);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FILTER (WHERE s.ssl), count(*) FROM pg_stat_activity a"
                                            " JOIN pg_stat_ssl s USING (pid) WHERE a.usename = '%s'", role);

    result = PQexec (admin, sql);
    g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
    g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, PQgetvalue (result, 0, 1));
    g_assert_cmpint (atoi (PQgetvalue (result, 0, 1)), >=, 1);
    PQclear (result);
    PQfinish (admin);
  }

  /* The password is in no file of the folder, and not in the trail. */
  g_assert_false (folder_holds (dir, VIGIL_TEST_POSTGRES_PASSWORD));
  {
    g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < entries->len; i++)
      {
        VigilAuditEntry *entry = g_ptr_array_index (entries, i);

        g_assert_null (strstr (vigil_audit_entry_get_detail (entry), VIGIL_TEST_POSTGRES_PASSWORD));
        g_assert_null (strstr (vigil_audit_entry_get_reason (entry), VIGIL_TEST_POSTGRES_PASSWORD));
      }
  }
  g_assert_finalize_object (g_steal_pointer (&site));

  /* An address that asks for no TLS still gets it: the server takes
   * nothing else over TCP, so reaching it at all shows TLS was used. */
  asks_plain = g_strconcat (url, "&sslmode=disable", NULL);
  vigil_test_run_vigilctl (stdin_text, &status, &out, &err, "--password-stdin", "site", "database-password",
                           asks_plain, NULL);
  g_assert_cmpint (status, ==, 0);
  site = vigil_site_open (dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(VigilStore) store = vigil_store_open (asks_plain, &error);

    g_assert_no_error (error);
    g_assert_nonnull (store);
  }
  g_assert_finalize_object (g_steal_pointer (&site));

  /* A server whose certificate cannot be checked (no authority given, and
   * none in the session's home) is not talked to. */
  unverifiable = g_strdup_printf ("postgresql://%s@localhost:%s/%s", role, g_getenv ("VIGIL_TEST_POSTGRES_PORT"), name);
  {
    g_autoptr(VigilStore) store = vigil_store_open (unverifiable, &error);

    g_assert_null (store);
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE);
    g_assert_nonnull (strstr (error->message, "certificate"));
    g_assert_null (strchr (error->message, '\n'));
  }

  vigil_test_remove_dir (dir);
}

typedef struct
{
  VigilChangeKind seen;
  gint64          at;
} Seen;

static void
on_changed (VigilChangeMonitor *monitor,
            VigilChangeKind     kinds,
            Seen               *seen)
{
  if ((kinds & VIGIL_CHANGE_KIND_ROOMS) != 0 && seen->at == 0)
    seen->at = g_get_monotonic_time ();
  seen->seen |= kinds;
}

/* Runs the main loop until a change of rooms is told, for up to twice the
 * second promised. */
static gboolean
wait_told (Seen *seen)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (seen->at == 0 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  return seen->at != 0;
}

/* The server drops the connections of a machine (it restarted, or the
 * network went): the site's next call connects again, and so does its change
 * monitor, which tells the change it might have missed. */
static void
test_lost_connections (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilChangeMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pointer = g_build_filename (dir, "database", NULL);
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *terminate = NULL;
  Seen seen = { 0 };

  g_assert_true (g_file_get_contents (pointer, &url, NULL, NULL));
  name = database_name (g_strstrip (url));
  monitor = vigil_change_monitor_new (site, &error);
  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_changed), &seen);

  terminate = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                               " WHERE datname = '%s' AND application_name IN ('vigil', 'vigil-watcher')", name);
  vigil_test_postgres_admin (terminate);

  manager = vigil_site_login (site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, "test", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_room (site, manager, "Room 8", NULL, &error));
  g_assert_no_error (error);

  g_assert_true (wait_told (&seen));

  g_assert_finalize_object (g_steal_pointer (&monitor));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/postgres/init-in-database", test_init_in_database);
  g_test_add_func ("/postgres/tls-and-password", test_tls_and_password);
  g_test_add_func ("/postgres/lost-connections", test_lost_connections);

  return g_test_run ();
}
