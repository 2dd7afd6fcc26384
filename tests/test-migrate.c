/* test-migrate.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "duty-fixture.h"

/* `vigilctl site migrate --to URL`: a single-machine site on SQLite moves
 * into an empty PostgreSQL database with nothing lost, every table's rows
 * and every note's hash the same on both sides, the trail verifying there,
 * and the old file refusing the writes of a program that still holds it.
 * The sites start on SQLite (this program runs without VIGIL_TEST_STORE);
 * the databases are on the session's cluster, so it is in the postgresql
 * suite. */

#define MANAGER_STDIN VIGIL_TEST_MANAGER_PASSWORD "\n"
#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Text COPY must carry as it is: a tab, a backslash, "\N", a newline, a
 * carriage return and letters beyond ASCII. */
#define AWKWARD "Fed at 02:30\tsettled by 03:00; C:\\cot \\N «née» \r\nthen slept.\n"

static const char *const tables[] = {
  "settings", "staff", "machines", "audit", "audit_head", "rooms", "cameras", "families", "agreements", "stage_changes",
  "windows", "overrides", "watch_requests", "notes", "duties", "segments", "gaps", "holds", "deletions",
  "recorder", "recorder_cameras", "exports", "export_cameras", "export_runs", "footage_tokens",
};

static sqlite3 *
open_file (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
file_int (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Each note's SHA-256 over everything it records, from the file. */
static GPtrArray *
file_note_hashes (sqlite3 *db)
{
  GPtrArray *hashes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id || '|' || family_id || '|' || kind || '|' || author || '|' ||"
                                           " written_at || '|' || coalesce (period_from, '') || '|' ||"
                                           " coalesce (period_to, '') || '|' || coalesce (addendum_to, '') ||"
                                           " '|' || body FROM notes ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (hashes, g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                            (const char *) sqlite3_column_text (stmt, 0), -1));
  sqlite3_finalize (stmt);
  return hashes;
}

/* The same, from the database the folder names. */
static GPtrArray *
database_note_hashes (const char *dir,
                      gint64      n_notes)
{
  GPtrArray *hashes = g_ptr_array_new_with_free_func (g_free);

  for (gint64 i = 0; i < n_notes; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id || '|' || family_id || '|' || kind || '|' || author ||"
                                              " '|' || written_at || '|' || coalesce (period_from::text, '') ||"
                                              " '|' || coalesce (period_to::text, '') || '|' ||"
                                              " coalesce (addendum_to::text, '') || '|' || body FROM notes"
                                              " ORDER BY id OFFSET %" G_GINT64_FORMAT " LIMIT 1", i);
      g_autofree char *row = vigil_test_raw_text (dir, sql);

      g_ptr_array_add (hashes, g_compute_checksum_for_string (G_CHECKSUM_SHA256, row, -1));
    }
  return hashes;
}

/* A site with a row in every table: duties handed over (a duty naming the
 * later one that took it on), notes and an addendum in awkward text,
 * cameras, recordings, a hold, a deletion, an export and the recorder. */
static void
fill_site (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDuty) first = start (fixture, fixture->okhan, "AB-123", NULL);
  g_autoptr(VigilDuty) second = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(VigilNote) addendum = NULL;

  second = vigil_site_hand_over_duty (fixture->site, fixture->okhan, "AB-123", "jdavies", AWKWARD, &error);
  g_assert_no_error (error);
  ended = vigil_site_end_duty (fixture->site, fixture->jdavies, "AB-123", SUMMARY, &error);
  g_assert_no_error (error);
  note = vigil_site_add_note (fixture->site, fixture->lead, "CD-456", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, AWKWARD, &error);
  g_assert_no_error (error);
  addendum = vigil_site_add_addendum (fixture->site, fixture->lead, vigil_note_get_id (note),
                                      "Checked with the night staff.", &error);
  g_assert_no_error (error);

  vigil_test_raw_exec (fixture->dir,
                       "INSERT INTO agreements (family_id, signed_on, covers_audio, retention_days, recorded_at,"
                       " recorded_by) VALUES (1, '2026-11-01', 1, 31, 0, 'tlead');"
                       "INSERT INTO stage_changes (family_id, effective_at, from_state, to_state, changed_by,"
                       " recorded_at, reason) VALUES (1, 0, NULL, '1', 'tlead', 0, 'admitted');"
                       "INSERT INTO windows (family_id, days, start_minute, end_minute, purpose, created_by,"
                       " created_at) VALUES (2, 31, 600, 660, 'feeding', 'tlead', 0);"
                       "INSERT INTO overrides (family_id, started_at, expires_at, started_by, rationale, ended_at,"
                       " ended_by, end_reason) VALUES (2, 0, 3600000000, 'tlead', 'bruise seen', 60, 'tlead', 'ok');"
                       "INSERT INTO watch_requests (family_id, requested_at, requested_by, reason, closed_at,"
                       " closed_by) VALUES (2, 0, 'tlead', 'night feed', 5, 'tlead');"
                       "INSERT INTO cameras (name, location, url, created_at)"
                       " VALUES ('Hall', 'communal', 'rtsp://cam.local/hall', 0);"
                       "INSERT INTO segments (camera_id, path, start_at, end_at, bytes, sha256, audio, state,"
                       " opened_at, closed_at) VALUES (1, 'Hall/2026-12-01/10-00-00.mkv', 1000, 61000, 4096, '" SHA
                       "', 1, 'closed', 1000, 62000);"
                       "INSERT INTO segments (camera_id, path, start_at, opened_at)"
                       " VALUES (1, 'Hall/2026-12-01/10-01-00.mkv', 61000, 61000);"
                       "INSERT INTO gaps (camera_id, start_at, end_at, cause, detail)"
                       " VALUES (1, 70000, 90000, 'error', 'write failed:\tno space');"
                       "INSERT INTO holds (camera_id, from_at, to_at, reason, until_date, until_end, placed_by,"
                       " placed_at) VALUES (1, 0, 100000, 'court order', '2027-01-01', 5000000, 'tlead', 10);"
                       "INSERT INTO deletions (camera, path, start_at, end_at, bytes, sha256, deleted_at, why)"
                       " VALUES ('Hall', 'Hall/2026-11-01/10-00-00.mkv', 0, 10, 5, '" SHA "', 20, 'expired');"
                       "INSERT INTO exports (from_at, to_at, case_ref, exhibit, purpose, requested_by, requested_at,"
                       " state, decided_by, decided_at, decision_reason, hold_until) VALUES (0, 100, 'AB-123',"
                       " 'JD/1', 'court', 'tlead', 5, 'approved', '" VIGIL_TEST_MANAGER "', 6, 'fine', '2027-01-01');"
                       "INSERT INTO export_cameras (export_id, camera_id) VALUES (1, 1);"
                       "INSERT INTO export_runs (export_id, run_by, started_at, finished_at, outcome, folder,"
                       " manifest_sha256) VALUES (1, '" VIGIL_TEST_MANAGER "', 7, 8, 'written', '/bundles/JD1', '"
                       SHA "');"
                       "INSERT INTO recorder (id, pid, host, started_at, heartbeat_at, free_bytes, disk_full,"
                       " recordings_dir) VALUES (1, 42, 'cctv-1', 1, 2, 1000, 0, '/srv/recordings');"
                       "INSERT INTO recorder_cameras (camera, required, recording, state, since)"
                       " VALUES ('Hall', 1, 1, 'recording', 3);"
                       "INSERT INTO footage_tokens (sha256, username, camera, range_from, range_to, purpose,"
                       " granted_at, expires_at) VALUES ('" SHA "', 'tlead', 'Hall', 0, 100, 'review', 9, 10);");
}

static void
run_migrate (const char  *dir,
             const char  *as,
             const char  *url,
             int         *status,
             char       **out,
             char       **err)
{
  g_autofree char *password = g_strconcat (g_str_equal (as, VIGIL_TEST_MANAGER) ? VIGIL_TEST_MANAGER_PASSWORD
                                                                                 : PASSWORD, "\n", NULL);

  vigil_test_run_vigilctl (password, status, out, err, "--data-dir", dir, "--as", as, "--password-stdin",
                           "site", "migrate", "--to", url, NULL);
}

static void
test_everything_moves (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *url = vigil_test_postgres_new_database ();
  g_autofree char *pointer = g_build_filename (fixture->dir, "database", NULL);
  g_autofree char *named = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) file_hashes = NULL;
  g_autoptr(GPtrArray) database_hashes = NULL;
  g_autoptr(VigilSite) moved = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(VigilNote) later = NULL;
  g_autoptr(VigilNote) refused = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counts[G_N_ELEMENTS (tables)];
  gint64 max_note;
  sqlite3 *db;
  int status;

  fill_site (fixture);

  db = open_file (fixture->dir);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      counts[i] = file_int (db, sql);
      /* A single machine's site lists no machines. */
      g_assert_cmpint (counts[i], >, g_str_equal (tables[i], "machines") ? -1 : 0);
    }
  file_hashes = file_note_hashes (db);
  max_note = file_int (db, "SELECT max(id) FROM notes");
  sqlite3_close (db);

  run_migrate (fixture->dir, VIGIL_TEST_MANAGER, url, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  vigil_test_assert_matches (out, "^Moved the site to .*: 25 tables, [0-9]+ rows \\(4 notes\\), every row read back"
                                  " and compared\\.\nThe trail there verifies: [0-9]+ entries\\.\n$");

  /* The folder names the database now, and keeps the file. */
  g_assert_true (g_file_get_contents (pointer, &named, NULL, NULL));
  g_assert_cmpstr (g_strstrip (named), ==, url);

  /* Every table has what the file had. The trail gained two entries on
   * each side, vigilctl's login and the move itself (in the file, where the
   * site went; in the database, what came), and the database one more:
   * this machine, the first of the site's machines. Each note hashes the
   * same. */
  db = open_file (fixture->dir);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      gint64 in_file = file_int (db, sql);
      gint64 in_database = vigil_test_raw_int (fixture->dir, sql);
      gint64 first_machine = g_str_equal (tables[i], "audit") || g_str_equal (tables[i], "machines") ? 1 : 0;

      g_assert_cmpint (in_file, ==, counts[i] + (g_str_equal (tables[i], "audit") ? 2 : 0));
      if (in_database != in_file + first_machine)
        g_test_fail_printf ("%s: %" G_GINT64_FORMAT " rows in the database, %" G_GINT64_FORMAT " in the file",
                            tables[i], in_database, in_file);
    }
  sqlite3_close (db);
  database_hashes = database_note_hashes (fixture->dir, (gint64) file_hashes->len);
  g_assert_cmpuint (database_hashes->len, ==, 4);
  for (guint i = 0; i < file_hashes->len; i++)
    g_assert_cmpstr (g_ptr_array_index (database_hashes, i), ==, g_ptr_array_index (file_hashes, i));
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes WHERE body LIKE '%\\N «née»%'"),
                   ==, 2);

  /* The site opens there, its trail verifies, with the move in it. */
  moved = vigil_test_site_open (fixture->dir);
  vigil_test_assert_audit_intact (moved);
  g_assert_true (vigil_test_audit_has (moved, VIGIL_TEST_MANAGER, "site-moved", "site", "every row read back"));
  g_assert_cmpstr (vigil_site_get_machine (moved), ==, g_get_host_name ());
  {
    g_autofree char *entry = vigil_test_raw_text (fixture->dir, "SELECT action || ' on ' || machine FROM audit"
                                                                " ORDER BY seq DESC LIMIT 1");
    g_autofree char *expected = g_strdup_printf ("machine-joined on %s", g_get_host_name ());

    g_assert_cmpstr (entry, ==, expected);
  }
  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, "audit", "verify", NULL);
  g_assert_cmpint (status, ==, 0);

  /* Work goes on there: a note's id follows the highest moved. */
  lead = vigil_test_login (moved, "tlead", PASSWORD);
  later = vigil_site_add_note (moved, lead, "CD-456", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "Quiet night.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_note_get_id (later), ==, max_note + 1);

  /* A program that still held the file open is refused, not lost. */
  refused = vigil_site_add_note (fixture->site, fixture->lead, "CD-456", VIGIL_NOTE_KIND_OBSERVATION, 0, 0,
                                 "Written to the old file.", &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "moved to PostgreSQL"));
  g_clear_error (&error);

  /* The file's own trail says where the site went; nothing else changed. */
  db = open_file (fixture->dir);
  g_assert_cmpint (file_int (db, "SELECT count(*) FROM audit WHERE action = 'site-moved'"), ==, 1);
  g_assert_cmpint (file_int (db, "SELECT count(*) FROM notes"), ==, (gint64) file_hashes->len);
  sqlite3_close (db);

  /* Moving a site on PostgreSQL again is refused. */
  run_migrate (fixture->dir, VIGIL_TEST_MANAGER, url, &status, &out, &err);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "on PostgreSQL already");

  g_assert_finalize_object (g_steal_pointer (&lead));
  g_assert_finalize_object (g_steal_pointer (&moved));
}

/* The site stays on its file, as it was, and the database at @url (if
 * given) answers @sql with @expected, as it did before. */
static void
assert_not_moved (Fixture    *fixture,
                  const char *url,
                  const char *sql,
                  gint64      expected)
{
  g_autofree char *pointer = g_build_filename (fixture->dir, "database", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (g_file_test (pointer, G_FILE_TEST_EXISTS));
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM rooms"), ==, 3);
  g_assert_true (vigil_site_add_room (fixture->site, fixture->manager, "Room 9", NULL, &error));
  g_assert_no_error (error);
  vigil_test_raw_exec (fixture->dir, "DELETE FROM rooms WHERE name = 'Room 9'");

  if (url != NULL)
    {
      g_autofree char *dir = vigil_test_make_dir ();
      g_autofree char *other = g_build_filename (dir, "elsewhere", NULL);
      g_autofree char *pointer_other = g_build_filename (other, "database", NULL);

      /* Looked at through a folder of its own. */
      g_assert_true (g_mkdir (other, 0700) == 0);
      g_assert_true (g_file_set_contents (pointer_other, url, -1, NULL));
      g_assert_cmpint (g_chmod (pointer_other, 0600), ==, 0);
      g_assert_cmpint (vigil_test_raw_int (other, sql), ==, expected);
      vigil_test_remove_dir (other);
    }
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *empty = vigil_test_postgres_new_database ();
  g_autofree char *taken = vigil_test_postgres_new_database ();
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *taken_dir = g_build_filename (parent, "taken", NULL);
  g_autofree char *lock_path = g_build_filename (fixture->dir, "recorder.lock", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  int lock_fd;

  /* An operator may not. */
  run_migrate (fixture->dir, "okhan", empty, &status, &out, &err);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "move the site to PostgreSQL");
  assert_not_moved (fixture, empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", 0);

  /* Not a PostgreSQL address. */
  run_migrate (fixture->dir, VIGIL_TEST_MANAGER, "mysql://db/vigil", &status, &out, &err);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "give a PostgreSQL address");
  assert_not_moved (fixture, NULL, NULL, 0);

  /* A database that holds a site already: both stay as they were. */
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", taken_dir, "--password-stdin", "init",
                           "--site-name", "Elsewhere", "--manager", VIGIL_TEST_MANAGER, "--database", taken, NULL);
  g_assert_cmpint (status, ==, 0);
  run_migrate (fixture->dir, VIGIL_TEST_MANAGER, taken, &status, &out, &err);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "already holds records");
  assert_not_moved (fixture, taken, "SELECT count(*) FROM rooms", 0);
  g_assert_cmpint (vigil_test_raw_int (taken_dir, "SELECT count(*) FROM staff"), ==, 1);

  /* A recorder at work (its lock held): refused, naming it. */
  lock_fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (lock_fd, >=, 0);
  g_assert_cmpint (flock (lock_fd, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_cmpint (ftruncate (lock_fd, 0), ==, 0);
  g_assert_cmpint (write (lock_fd, "process 4242 on cctv-1\n", 23), ==, 23);
  run_migrate (fixture->dir, VIGIL_TEST_MANAGER, empty, &status, &out, &err);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "stop the recorder before moving the site");
  g_assert_nonnull (strstr (err, "process 4242 on cctv-1"));
  close (lock_fd);
  assert_not_moved (fixture, empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", 0);

  /* With the recorder stopped, the same move goes through. */
  run_migrate (fixture->dir, VIGIL_TEST_MANAGER, empty, &status, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM rooms"), ==, 3);

  vigil_test_remove_dir (taken_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/migrate/everything-moves", Fixture, NULL, fixture_set_up, test_everything_moves, fixture_tear_down);
  g_test_add ("/migrate/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);

  return g_test_run ();
}
