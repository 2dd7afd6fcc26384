/* test-audit.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

/* Each test starts from a site whose trail holds eight entries: the two of
 * site creation and six more; the tests of long trails ask for more. */
#define N_ENTRIES 8

/* Verification reads long trails in batches checked on other threads: a
 * trail of two and a half batches has two seams and a short last batch. */
#define BATCH VIGIL_AUDIT_VERIFY_BATCH
#define LONG_ENTRIES (2 * BATCH + BATCH / 2)

typedef struct
{
  char      *dir;
  VigilSite *site;
} Fixture;

/* Appends entries up to @n_entries, in one transaction: a long trail would
 * take minutes fsynced entry by entry. */
static void
fill_trail (VigilSite *site,
            int        n_entries)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store = vigil_site_get_store (site);

  g_assert_true (vigil_store_begin (store, &error));
  for (gint64 i = vigil_test_count_audit (site) + 1; i <= n_entries; i++)
    {
      g_autofree char *object = g_strdup_printf ("camera:%" G_GINT64_FORMAT, i);

      g_assert_true (vigil_site_audit (site, VIGIL_TEST_MANAGER, "test-change",
                                       object, "routine change", "", &error));
      g_assert_no_error (error);
    }
  g_assert_true (vigil_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->site = vigil_test_site_new (&fixture->dir);
  fill_trail (fixture->site, N_ENTRIES);
}

static void
long_fixture_set_up (Fixture       *fixture,
                     gconstpointer  user_data)
{
  fixture->site = vigil_test_site_new (&fixture->dir);
  fill_trail (fixture->site, LONG_ENTRIES);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->site));
  vigil_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Tampers with the file as someone with access to it but not to the key
 * would, then verifies through a freshly opened site, as `vigilctl audit
 * verify` does. */
static char *
tamper_and_verify (Fixture    *fixture,
                   const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = NULL;

  vigil_test_raw_tamper (fixture->dir, sql);

  site = vigil_site_open (fixture->dir, &error);
  g_assert_no_error (error);

  g_assert_false (vigil_audit_verify (vigil_site_get_audit (site), NULL, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_TAMPERED);
  g_assert_null (strchr (error->message, '\n'));
  return g_strdup (error->message);
}

static void
test_intact (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) reopened = NULL;
  gint64 checked = 0;

  g_assert_true (vigil_audit_verify (vigil_site_get_audit (fixture->site), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, N_ENTRIES);

  /* Another process carries the chain on with the key from the keyring. */
  reopened = vigil_site_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_audit_alone (reopened, "someone", "test-change", "camera:9", "", "", &error));
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (reopened), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, N_ENTRIES + 1);
}

static void
test_field_edited (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *message = tamper_and_verify (fixture, "UPDATE audit SET reason = 'nothing happened' WHERE seq = 5");

  g_assert_nonnull (strstr (message, "audit entry #5 "));
  g_assert_nonnull (strstr (message, "altered"));
}

static void
test_time_edited (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *message = tamper_and_verify (fixture, "UPDATE audit SET at = at - 3600000000 WHERE seq = 4");

  g_assert_nonnull (strstr (message, "audit entry #4 "));
}

static void
test_middle_deleted (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *message = tamper_and_verify (fixture, "DELETE FROM audit WHERE seq = 4");

  g_assert_nonnull (strstr (message, "audit entry #4 is missing"));
}

static void
test_deleted_and_renumbered (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *message =
    tamper_and_verify (fixture,
                       "DELETE FROM audit WHERE seq = 4;"
                       "UPDATE audit SET seq = seq - 1 WHERE seq > 4;"
                       "UPDATE audit_head SET seq = seq - 1;");

  g_assert_nonnull (strstr (message, "audit entry #4 "));
}

static void
test_two_swapped (Fixture       *fixture,
                  gconstpointer  user_data)
{
  /* Entries 5 and 6 trade places, each keeping its own MAC. */
  g_autofree char *message =
    tamper_and_verify (fixture,
                       "UPDATE audit SET seq = -5 WHERE seq = 5;"
                       "UPDATE audit SET seq = 5 WHERE seq = 6;"
                       "UPDATE audit SET seq = 6 WHERE seq = -5;");

  g_assert_nonnull (strstr (message, "audit entry #5 "));
  g_assert_nonnull (strstr (message, "moved"));
}

static void
test_tail_cut (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *message = tamper_and_verify (fixture, "DELETE FROM audit WHERE seq > 6");

  g_assert_nonnull (strstr (message, "audit entry #7 is missing"));
  g_assert_nonnull (strstr (message, "cut off"));
}

static void
test_tail_and_head_cut (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *message = tamper_and_verify (fixture, "DELETE FROM audit WHERE seq > 6; DELETE FROM audit_head;");

  g_assert_nonnull (strstr (message, "head record is missing"));
}

static void
test_head_moved_back (Fixture       *fixture,
                      gconstpointer  user_data)
{
  /* The tail is cut and the head pointed at the new last entry, but its MAC
   * cannot be made without the key. */
  g_autofree char *message =
    tamper_and_verify (fixture,
                       "DELETE FROM audit WHERE seq > 6;"
                       "UPDATE audit_head SET seq = 6, mac = (SELECT mac FROM audit WHERE seq = 6);");

  g_assert_nonnull (strstr (message, "head record was altered"));
}

static void
test_forged_entry_appended (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *message =
    tamper_and_verify (fixture,
                       "INSERT INTO audit (seq, at, actor, action, object, reason, detail, mac)"
                       " SELECT seq + 1, at, 'intruder', 'staff-added', 'staff:ghost', '', '', mac"
                       " FROM audit WHERE seq = 8;");

  g_assert_nonnull (strstr (message, "audit entry #9 "));
}

static void
test_wrong_key (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) other_key = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  g_autoptr(VigilAudit) audit = NULL;

  audit = vigil_audit_new (vigil_site_get_store (fixture->site), vigil_site_get_id (fixture->site));
  vigil_audit_set_key (audit, other_key);

  g_assert_false (vigil_audit_verify (audit, NULL, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "audit entry #1 "));
}

static void
test_key_missing (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = NULL;

  /* A file copied to a machine whose keyring never held its key. */
  vigil_test_raw_exec (fixture->dir, "UPDATE settings SET value = '00000000-0000-4000-8000-000000000000' WHERE key = 'site-id'");

  site = vigil_site_open (fixture->dir, &error);
  g_assert_no_error (error);

  g_assert_false (vigil_audit_verify (vigil_site_get_audit (site), NULL, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET);
  g_assert_nonnull (strstr (error->message, "Secret Service"));
  g_clear_error (&error);

  /* Nor can anything be written without it. */
  g_assert_false (vigil_site_audit_alone (site, "someone", "test-change", "camera:9", "", "", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET);
  g_assert_cmpint (vigil_test_count_audit (site), ==, N_ENTRIES);
}

static void
test_append_only_in_file (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *message = NULL;

  /* Without dropping the triggers first, the file (or database) itself
   * refuses. */
  message = vigil_test_raw_try (fixture->dir, "DELETE FROM audit WHERE seq = 3");
  g_assert_nonnull (strstr (message, "append-only"));
  g_clear_pointer (&message, g_free);
  message = vigil_test_raw_try (fixture->dir, "UPDATE audit SET reason = '' WHERE seq = 3");
  g_assert_nonnull (strstr (message, "append-only"));
  g_clear_pointer (&message, g_free);
  /* PostgreSQL's TRUNCATE passes by row triggers; a trigger of its own
   * refuses it. */
  if (vigil_test_on_postgres ())
    {
      message = vigil_test_raw_try (fixture->dir, "TRUNCATE audit");
      g_assert_nonnull (strstr (message, "never emptied"));
    }

  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, N_ENTRIES);
}

static void
test_list_since (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = vigil_audit_list (vigil_site_get_audit (fixture->site), 0, &error);
  g_autoptr(GPtrArray) later = NULL;
  gint64 future = vigil_site_now (fixture->site) + (gint64) 3600 * G_USEC_PER_SEC;

  g_assert_cmpint (all->len, ==, N_ENTRIES);
  g_assert_cmpstr (vigil_audit_entry_get_action (g_ptr_array_index (all, 0)), ==, "site-created");
  g_assert_cmpint (vigil_audit_entry_get_seq (g_ptr_array_index (all, N_ENTRIES - 1)), ==, N_ENTRIES);

  vigil_site_set_now_for_testing (fixture->site, future);
  g_assert_true (vigil_site_audit_alone (fixture->site, "someone", "later-change", "camera:9", "", "", &error));

  later = vigil_audit_list (vigil_site_get_audit (fixture->site), future, &error);
  g_assert_no_error (error);
  g_assert_cmpint (later->len, ==, 1);
  g_assert_cmpstr (vigil_audit_entry_get_action (g_ptr_array_index (later, 0)), ==, "later-change");
}

/* ---- long trails, checked in batches ------------------------------------ */

static void
test_long_intact (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) reopened = NULL;
  gint64 checked = 0;

  reopened = vigil_site_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (reopened), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, LONG_ENTRIES);

  /* Ending exactly on a seam, the last batch full. */
  fill_trail (fixture->site, 3 * BATCH);
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (reopened), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, 3 * BATCH);
}

/* @sql's tampering, verified; the message must name entry #@expected_seq
 * (followed by @then, if not %NULL). */
static void
assert_first_bad (Fixture    *fixture,
                  const char *sql,
                  gint64      expected_seq,
                  const char *then)
{
  g_autofree char *message = tamper_and_verify (fixture, sql);
  g_autofree char *named = g_strdup_printf ("audit entry #%" G_GINT64_FORMAT " %s", expected_seq, then ? then : "");

  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, named));
}

static void
test_long_edited_in_second_batch (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE audit SET reason = 'nothing' WHERE seq = %d", BATCH + BATCH / 3);

  assert_first_bad (fixture, sql, BATCH + BATCH / 3, "(");
}

static void
test_long_edited_in_last_batch (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE audit SET actor = 'someone' WHERE seq = %d", LONG_ENTRIES - 1);

  assert_first_bad (fixture, sql, LONG_ENTRIES - 1, "(");
}

/* @user_data: the seq to edit. The last entry of a batch and the first of
 * the next, each alone: the first is checked against a MAC carried over from
 * the batch before. */
static void
test_long_edited_at_seam (Fixture       *fixture,
                          gconstpointer  user_data)
{
  int seq = GPOINTER_TO_INT (user_data);
  g_autofree char *sql = g_strdup_printf ("UPDATE audit SET at = at + 1000000 WHERE seq = %d", seq);

  assert_first_bad (fixture, sql, seq, "(");
}

static void
test_long_two_edited (Fixture       *fixture,
                      gconstpointer  user_data)
{
  /* Bad entries in two batches, the later one edited first: the earlier is
   * named, whichever thread finds which. */
  g_autofree char *sql =
    g_strdup_printf ("UPDATE audit SET detail = 'x' WHERE seq = %d;"
                     "UPDATE audit SET detail = 'y' WHERE seq = %d;",
                     2 * BATCH + 7, BATCH + 2);

  assert_first_bad (fixture, sql, BATCH + 2, "(");
}

static void
test_long_deleted_at_seam (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM audit WHERE seq = %d", BATCH + 1);

  assert_first_bad (fixture, sql, BATCH + 1, "is missing");
}

static void
test_long_swapped_across_seam (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *sql =
    g_strdup_printf ("UPDATE audit SET seq = -1 WHERE seq = %d;"
                     "UPDATE audit SET seq = %d WHERE seq = %d;"
                     "UPDATE audit SET seq = %d WHERE seq = -1;",
                     BATCH, BATCH, BATCH + 1, BATCH + 1);

  assert_first_bad (fixture, sql, BATCH, "(");
}

/* Cut back to exactly two batches, so that the reading ends on a seam. */
static void
test_long_tail_cut_to_seam (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM audit WHERE seq > %d", 2 * BATCH);
  g_autofree char *message = tamper_and_verify (fixture, sql);
  g_autofree char *named = g_strdup_printf ("audit entry #%d is missing", 2 * BATCH + 1);

  g_assert_nonnull (strstr (message, named));
  g_assert_nonnull (strstr (message, "cut off"));
}

/* The MAC format that every site's trail was written in since the first
 * release (HMAC-SHA256 of the domain "vigil-audit-entry-v1" with its NUL,
 * then seq and time as 64-bit big-endian, then actor, action, object,
 * reason, detail and the previous MAC, each after its length as 64-bit
 * big-endian; the head's over "vigil-audit-head-v1", seq and the newest
 * MAC). The values were computed apart from Vigil's code, so that a change
 * of hashing library cannot change them unnoticed. */
static void
test_mac_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilAudit) audit = NULL;
  g_autoptr(GPtrArray) macs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *head_mac = NULL;
  g_autofree char *last_mac = NULL;
  gint64 head_seq = 0, checked = 0;
  sqlite3 *raw;
  sqlite3_stmt *stmt;

  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  audit = vigil_audit_new (store, "00000000-0000-4000-8000-000000000000");
  vigil_audit_set_key (audit, key);

  g_assert_true (vigil_store_begin (store, &error));
  g_assert_true (vigil_audit_append (audit, 1767225600000000, "mgr", "site-created", "site:test", "", "", &error));
  g_assert_true (vigil_audit_append (audit, 1767225601500000, "mgr", "staff-added", "staff:ana",
                                     "new starter", "role: practitioner", &error));
  g_assert_true (vigil_store_commit (store, &error));
  g_assert_no_error (error);

  raw = vigil_test_open_raw (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT mac FROM audit ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (macs, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (raw);

  g_assert_cmpuint (macs->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (macs, 0), ==, "bda7fd42962a3505a50515362c4a21defd0cfba63b1d3c6c7e20b6ade16ed638");
  g_assert_cmpstr (g_ptr_array_index (macs, 1), ==, "9cc979d6bd60cf1725ff2e69d77f35346f011a3b9a1f0403293611b997f111d3");

  g_assert_true (vigil_store_audit_get_head (store, &head_seq, &last_mac, &head_mac, &error));
  g_assert_cmpint (head_seq, ==, 2);
  g_assert_cmpstr (last_mac, ==, "9cc979d6bd60cf1725ff2e69d77f35346f011a3b9a1f0403293611b997f111d3");
  g_assert_cmpstr (head_mac, ==, "2326de5930a52f7a4b17dcd511a1e41d5e955374b51e274cf40c97e5d2addb7c");

  g_assert_true (vigil_audit_verify (audit, &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, 2);

  g_clear_object (&audit);
  g_assert_finalize_object (g_steal_pointer (&store));
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/audit/intact", test_intact);
  ADD ("/audit/tamper/field-edited", test_field_edited);
  ADD ("/audit/tamper/time-edited", test_time_edited);
  ADD ("/audit/tamper/middle-deleted", test_middle_deleted);
  ADD ("/audit/tamper/deleted-and-renumbered", test_deleted_and_renumbered);
  ADD ("/audit/tamper/two-swapped", test_two_swapped);
  ADD ("/audit/tamper/tail-cut", test_tail_cut);
  ADD ("/audit/tamper/tail-and-head-cut", test_tail_and_head_cut);
  ADD ("/audit/tamper/head-moved-back", test_head_moved_back);
  ADD ("/audit/tamper/forged-entry-appended", test_forged_entry_appended);
  ADD ("/audit/wrong-key", test_wrong_key);
  ADD ("/audit/key-missing", test_key_missing);
  ADD ("/audit/append-only-in-file", test_append_only_in_file);
  ADD ("/audit/list-since", test_list_since);

#define ADD_LONG(path, func, data) \
  g_test_add (path, Fixture, data, long_fixture_set_up, func, fixture_tear_down)

  ADD_LONG ("/audit/long/intact", test_long_intact, NULL);
  ADD_LONG ("/audit/long/edited-in-second-batch", test_long_edited_in_second_batch, NULL);
  ADD_LONG ("/audit/long/edited-in-last-batch", test_long_edited_in_last_batch, NULL);
  ADD_LONG ("/audit/long/edited-last-of-batch", test_long_edited_at_seam, GINT_TO_POINTER (BATCH));
  ADD_LONG ("/audit/long/edited-first-of-batch", test_long_edited_at_seam, GINT_TO_POINTER (BATCH + 1));
  ADD_LONG ("/audit/long/two-edited", test_long_two_edited, NULL);
  ADD_LONG ("/audit/long/deleted-at-seam", test_long_deleted_at_seam, NULL);
  ADD_LONG ("/audit/long/swapped-across-seam", test_long_swapped_across_seam, NULL);
  ADD_LONG ("/audit/long/tail-cut-to-seam", test_long_tail_cut_to_seam, NULL);

  g_test_add_func ("/audit/mac-format", test_mac_format);

#undef ADD_LONG
#undef ADD

  return g_test_run ();
}
