/* bench-audit.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Audit trail speed at 1,000,000 entries, against a bare SQLite table with
 * the same columns and the same durability settings, measured in the same
 * run on the same disk:
 *
 *   fill      appends in transactions of 10,000 (the trail's own code path:
 *             HMAC, head update) vs bare INSERTs in the same batches
 *   append    one entry per transaction, fsynced, with 1,000,000 already
 *             there: what each login or change costs
 *   verify    the whole trail vs a bare scan reading the same rows
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-audit
 * Set VIGIL_BENCH_ENTRIES to measure a smaller trail.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

#define BATCH 10000
#define SINGLE_APPENDS 1000

static const char *bare_schema =
  "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
  "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL,"
  " action TEXT NOT NULL, object TEXT NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,"
  " mac TEXT NOT NULL);"
  "CREATE INDEX audit_at ON audit (at);";

static const char *fake_mac = "0000000000000000000000000000000000000000000000000000000000000000";

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static void
bare_insert (sqlite3_stmt *stmt,
             gint64        seq)
{
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  sqlite3_bind_text (stmt, 3, "bench", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, "login", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, "staff:bench", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, "console", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, fake_mac, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

static void
vigil_append (VigilSite *site)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_audit (site, "bench", "login", "staff:bench", "", "console", &error));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *bare_path = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) error = NULL;
  VigilStore *store;
  sqlite3 *bare;
  sqlite3_stmt *insert;
  const char *env = g_getenv ("VIGIL_BENCH_ENTRIES");
  gint64 target = env ? g_ascii_strtoll (env, NULL, 10) : 1000000;
  gint64 have, checked = 0, rows = 0;
  double t, fill_vigil, fill_bare, single_vigil, single_bare, verify_vigil, verify_bare;
  long rss_before_verify, rss_after_verify;

  site = vigil_test_site_new (&dir);
  store = vigil_site_get_store (site);
  bare_path = g_build_filename (dir, "bare.db", NULL);
  g_assert_cmpint (sqlite3_open (bare_path, &bare), ==, SQLITE_OK);
  vigil_test_exec_raw (bare, bare_schema);
  g_assert_cmpint (sqlite3_prepare_v2 (bare, "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, NULL), ==, SQLITE_OK);

  have = vigil_test_count_audit (site);

  /* Fill both to the target in equal batches. */
  t = now_s ();
  for (gint64 seq = have; seq < target; )
    {
      g_assert_true (vigil_store_begin (store, &error));
      for (int i = 0; i < BATCH && seq < target; i++, seq++)
        vigil_append (site);
      g_assert_true (vigil_store_commit (store, &error));
    }
  fill_vigil = now_s () - t;

  t = now_s ();
  for (gint64 seq = 1; seq <= target; )
    {
      vigil_test_exec_raw (bare, "BEGIN IMMEDIATE");
      for (int i = 0; i < BATCH && seq <= target; i++, seq++)
        bare_insert (insert, seq);
      vigil_test_exec_raw (bare, "COMMIT");
    }
  fill_bare = now_s () - t;

  /* One entry per fsynced transaction, at full size. */
  t = now_s ();
  for (int i = 0; i < SINGLE_APPENDS; i++)
    {
      g_assert_true (vigil_site_audit_alone (site, "bench", "login", "staff:bench", "", "console", &error));
    }
  single_vigil = now_s () - t;

  t = now_s ();
  for (int i = 0; i < SINGLE_APPENDS; i++)
    {
      vigil_test_exec_raw (bare, "BEGIN IMMEDIATE");
      bare_insert (insert, target + 1 + i);
      vigil_test_exec_raw (bare, "COMMIT");
    }
  single_bare = now_s () - t;

  rss_before_verify = peak_rss_kib ();
  t = now_s ();
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
  g_assert_no_error (error);
  verify_vigil = now_s () - t;
  rss_after_verify = peak_rss_kib ();

  {
    sqlite3_stmt *scan;
    gsize bytes = 0;

    t = now_s ();
    g_assert_cmpint (sqlite3_prepare_v2 (bare, "SELECT seq, at, actor, action, object, reason, detail, mac FROM audit ORDER BY seq", -1, &scan, NULL), ==, SQLITE_OK);
    while (sqlite3_step (scan) == SQLITE_ROW)
      {
        for (int c = 2; c < 8; c++)
          bytes += strlen ((const char *) sqlite3_column_text (scan, c));
        rows++;
      }
    sqlite3_finalize (scan);
    verify_bare = now_s () - t;
    g_assert_cmpuint (bytes, >, 0);
  }

  printf ("# audit trail at %" G_GINT64_FORMAT " entries (bare reference: %" G_GINT64_FORMAT " rows)\n", checked, rows);
  printf ("# fill (batches of %d): vigil %.0f entries/s, bare %.0f rows/s, ratio %.2f\n",
          BATCH, target / fill_vigil, target / fill_bare, fill_vigil / fill_bare);
  printf ("# append (1 per fsynced transaction): vigil %.0f entries/s (%.2f ms each), bare %.0f rows/s, ratio %.2f\n",
          SINGLE_APPENDS / single_vigil, single_vigil * 1000 / SINGLE_APPENDS,
          SINGLE_APPENDS / single_bare, single_vigil / single_bare);
  printf ("# verify: vigil %.2f s, bare scan %.2f s, ratio %.2f\n", verify_vigil, verify_bare, verify_vigil / verify_bare);
  printf ("# peak RSS: %ld KiB before verify, %ld KiB after\n", rss_before_verify, rss_after_verify);

  sqlite3_finalize (insert);
  sqlite3_close (bare);
  g_clear_object (&site);
  vigil_test_remove_dir (dir);
  return 0;
}
