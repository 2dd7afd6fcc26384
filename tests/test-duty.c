/* test-duty.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-duty"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "vigil-site-private.h"
#include "vigil-store-duty.h"
#include "vigil-test-utils.h"

/* One staff to one baby, on a real site in a temporary folder: the rule in
 * the core and in the database, two processes racing for it, handovers with
 * no moment uncovered, and the duty verbs of vigilctl. */

#define PASSWORD "duty-password"
#define SUMMARY  "Baby settled at 22:10; woke 02:30, mother fed and settled her by 03:00.\n"

static char *self_path;

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
static void
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
static char *
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

static gint64
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

static void
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

static void
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

static void
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

static void
assert_error_says (GError     *error,
                   gint        code,
                   const char *needle)
{
  g_assert_nonnull (error);
  if (!g_error_matches (error, VIGIL_ERROR, code) || strstr (error->message, needle) == NULL)
    g_test_fail_printf ("expected error %d naming “%s”, got %d “%s”", code, needle, error->code, error->message);
}

static VigilDuty *
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

static gint64
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

static VigilAuditEntry *
last_entry (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}

/* ---- the rule, in the core --------------------------------------------- */

static void
test_one_operator_one_family (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) refused = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 audit_before;

  duty = start (fixture, fixture->okhan, "AB-123", NULL);
  g_assert_cmpstr (vigil_duty_get_operator (duty), ==, "okhan");
  g_assert_cmpstr (vigil_duty_get_family_label (duty), ==, "A.B.");
  g_assert_true (vigil_duty_is_open (duty));

  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "duty-started");
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, "okhan");
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");

  audit_before = vigil_test_count_audit (fixture->site);

  /* A family has one operator on duty … */
  refused = vigil_site_start_duty (fixture->site, fixture->jdavies, "AB-123", NULL, &error);
  g_assert_null (refused);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "family AB-123 is already watched by okhan");
  g_clear_error (&error);

  refused = vigil_site_start_duty (fixture->site, fixture->lead, "AB-123", "jdavies", &error);
  g_assert_null (refused);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "family AB-123 is already watched by okhan");
  g_clear_error (&error);

  /* … and an operator holds one duty. */
  refused = vigil_site_start_duty (fixture->site, fixture->okhan, "CD-456", NULL, &error);
  g_assert_null (refused);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "okhan is already on duty for family AB-123");
  g_clear_error (&error);

  refused = vigil_site_start_duty (fixture->site, fixture->okhan, "AB-123", NULL, &error);
  g_assert_null (refused);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "okhan is already on duty for family AB-123");
  g_clear_error (&error);

  /* Refusals wrote nothing. */
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties"), ==, 1);

  /* Someone else may watch another family meanwhile. */
  g_clear_object (&duty);
  duty = start (fixture, fixture->jdavies, "CD-456", NULL);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 2);

  /* Unknown and discharged families. */
  refused = vigil_site_start_duty (fixture->site, fixture->lead, "ZZ-000", NULL, &error);
  assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "no family with case reference “ZZ-000”");
  g_clear_error (&error);
  refused = vigil_site_start_duty (fixture->site, fixture->lead, "EF-789", NULL, &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "discharged on 2026-11-10");
  g_clear_error (&error);
}

/* Case references are matched without regard to case, as everywhere else
 * in the centre's records; what is saved and audited is the reference as
 * stored. */
static void
test_lower_case_reference (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) open = NULL;
  g_autoptr(VigilDuty) next = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_check_watch_request (fixture->site, "ab-123", NULL, &error));
  g_assert_no_error (error);
  request = vigil_site_request_watch (fixture->site, fixture->okhan, "ab-123", "parents asleep", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_watch_request_get_case_ref (request), ==, "AB-123");
  g_assert_cmpstr (vigil_watch_request_get_family_label (request), ==, "A.B.");
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");
  g_clear_object (&entry);

  g_assert_true (vigil_site_check_duty_start (fixture->site, "Ab-123", "jdavies", &error));
  g_assert_no_error (error);
  duty = start (fixture, fixture->jdavies, "ab-123", NULL);
  g_assert_cmpstr (vigil_duty_get_case_ref (duty), ==, "AB-123");
  g_assert_cmpstr (vigil_duty_get_family_label (duty), ==, "A.B.");
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM watch_requests WHERE closed_at IS NULL"), ==, 0);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");
  g_clear_object (&entry);

  /* The same family, however it is typed. */
  g_assert_null (vigil_site_start_duty (fixture->site, fixture->okhan, "AB-123", NULL, &error));
  assert_error_says (error, VIGIL_ERROR_EXISTS, "family AB-123 is already watched by jdavies");
  g_clear_error (&error);

  open = vigil_site_get_open_duty (fixture->site, "ab-123", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_duty_get_id (open), ==, vigil_duty_get_id (duty));

  g_assert_true (vigil_site_check_handover (fixture->site, "ab-123", "okhan", &error));
  g_assert_no_error (error);
  next = vigil_site_hand_over_duty (fixture->site, fixture->jdavies, "ab-123", "okhan", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_case_ref (next), ==, "AB-123");
  g_assert_cmpstr (vigil_duty_get_family_label (next), ==, "A.B.");
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");
  g_clear_object (&entry);

  ended = vigil_site_end_duty (fixture->site, fixture->okhan, "ab-123", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_case_ref (ended), ==, "AB-123");
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");
  g_clear_object (&entry);

  /* A discharged family is refused in any case, as the centre refuses it. */
  g_assert_null (vigil_site_request_watch (fixture->site, fixture->okhan, "ef-789", NULL, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "family EF-789 was discharged on 2026-11-10");
  g_clear_error (&error);
  g_assert_null (vigil_site_start_duty (fixture->site, fixture->okhan, "ef-789", NULL, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "family EF-789 was discharged on 2026-11-10");
  g_clear_error (&error);

  /* Discharged while watched: the duty cannot be handed on, but it can end
   * with its summary. */
  g_clear_object (&duty);
  g_clear_object (&ended);
  duty = start (fixture, fixture->okhan, "cd-456", NULL);
  raw_exec (fixture->dir, "UPDATE families SET discharged_on = '2026-11-20' WHERE case_ref = 'CD-456'");
  g_assert_false (vigil_site_check_handover (fixture->site, "cd-456", "jdavies", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "family CD-456 was discharged on 2026-11-20");
  g_clear_error (&error);
  g_assert_null (vigil_site_hand_over_duty (fixture->site, fixture->okhan, "cd-456", "jdavies", SUMMARY, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "family CD-456 was discharged on 2026-11-20");
  g_clear_error (&error);
  ended = vigil_site_end_duty (fixture->site, fixture->okhan, "cd-456", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_duty_is_open (ended));
}

/* The database holds the rule for a writer that skips the core's checks,
 * and the store turns its refusal into words. */
static void
test_database_holds_the_rule (Fixture       *fixture,
                              gconstpointer  data)
{
  VigilStore *store = vigil_site_get_store (fixture->site);
  g_autoptr(VigilDuty) duty = start (fixture, fixture->okhan, "AB-123", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *raw_error = NULL;
  gint64 ab, cd;

  ab = raw_int (fixture->dir, "SELECT id FROM families WHERE case_ref = 'AB-123'");
  cd = raw_int (fixture->dir, "SELECT id FROM families WHERE case_ref = 'CD-456'");

  g_assert_cmpint (vigil_store_duty_insert (store, ab, "AB-123", "jdavies", 1, "test", &error), ==, 0);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "family AB-123 is already watched by okhan");
  g_assert_null (strstr (error->message, "UNIQUE"));
  g_clear_error (&error);

  g_assert_cmpint (vigil_store_duty_insert (store, cd, "CD-456", "okhan", 1, "test", &error), ==, 0);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "okhan is already on duty for family AB-123");
  g_clear_error (&error);

  /* Straight into the file: the indexes and the CHECK refuse. */
  raw_error = raw_try (fixture->dir,
                       "INSERT INTO duties (family_id, operator, started_at, started_by)"
                       " SELECT id, 'jdavies', 1, 'x' FROM families WHERE case_ref = 'AB-123'");
  g_assert_nonnull (raw_error);
  g_assert_nonnull (strstr (raw_error, "UNIQUE"));
  g_clear_pointer (&raw_error, g_free);

  raw_error = raw_try (fixture->dir, "UPDATE duties SET ended_at = 5, ended_by = 'x'");
  g_assert_nonnull (raw_error);
  g_assert_nonnull (strstr (raw_error, "CHECK"));

  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);
}

static void
test_start_for_someone_else (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  vigil_test_add_staff (fixture->site, fixture->manager, "bandone", 1, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (fixture->site, fixture->manager, "lapsed", 3, VIGIL_ROLE_OPERATOR,
                        "2026-01-01", "2026-02-01", PASSWORD);
  vigil_test_add_staff (fixture->site, fixture->manager, "nocomp", 3, VIGIL_ROLE_OPERATOR,
                        "2026-01-01", "2099-01-01", PASSWORD);
  vigil_test_add_staff (fixture->site, fixture->manager, "leaver", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  g_assert_true (vigil_site_deactivate_staff (fixture->site, fixture->manager, "leaver", "left", &error));
  g_assert_no_error (error);
  raw_exec (fixture->dir, "UPDATE staff SET competency_assessed_on = NULL, competency_refresher_due = NULL"
                          " WHERE username = 'nocomp'");

  /* An operator may not put someone else on duty. */
  duty = vigil_site_start_duty (fixture->site, fixture->okhan, "AB-123", "jdavies", &error);
  g_assert_null (duty);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "allocate-duties");
  g_clear_error (&error);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "permission-refused");
  g_clear_object (&entry);

  /* A team lead may, but only someone who could log in. */
  duty = vigil_site_start_duty (fixture->site, fixture->lead, "AB-123", "bandone", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "band 1: CCTV duty needs band 2 or higher");
  g_clear_error (&error);
  duty = vigil_site_start_duty (fixture->site, fixture->lead, "AB-123", "lapsed", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "refresher overdue since 2026-02-01");
  g_clear_error (&error);
  duty = vigil_site_start_duty (fixture->site, fixture->lead, "AB-123", "nocomp", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "no CCTV competency");
  g_clear_error (&error);
  duty = vigil_site_start_duty (fixture->site, fixture->lead, "AB-123", "leaver", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "deactivated");
  g_clear_error (&error);
  duty = vigil_site_start_duty (fixture->site, fixture->lead, "AB-123", "nobody", &error);
  assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "nobody");
  g_clear_error (&error);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties"), ==, 0);

  duty = start (fixture, fixture->lead, "AB-123", "jdavies");
  g_assert_cmpstr (vigil_duty_get_operator (duty), ==, "jdavies");
  g_assert_cmpstr (vigil_duty_get_started_by (duty), ==, "tlead");
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, "tlead");
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "operator=jdavies"));
}

/* A member deactivated after logging in can do nothing with the session. */
static void
test_deactivated_session (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_deactivate_staff (fixture->site, fixture->manager, "okhan", "left", &error));
  g_assert_no_error (error);

  duty = vigil_site_start_duty (fixture->site, fixture->okhan, "AB-123", NULL, &error);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "deactivated");
  g_clear_error (&error);
  request = vigil_site_request_watch (fixture->site, fixture->okhan, "AB-123", NULL, &error);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "deactivated");
  g_clear_error (&error);
  duty = vigil_site_start_duty (fixture->site, fixture->lead, "AB-123", "okhan", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "okhan cannot be on duty: account okhan is deactivated");
}

/* ---- watch requests and coverage ---------------------------------------- */

static void
test_watch_requests (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(VigilWatchRequest) again = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = (gint64) 1795212000 * G_USEC_PER_SEC;   /* 2026-11-20 22:00 UTC */

  vigil_site_set_now_for_testing (fixture->site, t0);
  request = vigil_site_request_watch (fixture->site, fixture->okhan, "AB-123", "parents asleep", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_watch_request_get_requested_at (request), ==, t0);
  g_assert_true (vigil_watch_request_is_open (request));

  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "watch-requested");
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "parents asleep");
  g_clear_object (&entry);

  /* The reason goes into the one-line trail: control characters, more
   * than one line or a very long reason are refused, and nothing written. */
  {
    g_autofree char *long_reason = g_strnfill (501, 'x');
    const struct { const char *reason; const char *says; } bad[] = {
      { "parents \x1b[31masleep", "the reason must be one line of ordinary text" },
      { "parents asleep\nbaby unsettled", "the reason must be one line of ordinary text" },
      { "caf\xc3", "the reason must be one line of ordinary text" },
      { long_reason, "the reason is too long: at most 500 characters" },
    };
    gint64 audit_before = vigil_test_count_audit (fixture->site);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (vigil_site_check_watch_request (fixture->site, "CD-456", bad[i].reason, &error));
        assert_error_says (error, VIGIL_ERROR_INVALID, bad[i].says);
        g_clear_error (&error);
        again = vigil_site_request_watch (fixture->site, fixture->okhan, "CD-456", bad[i].reason, &error);
        g_assert_null (again);
        assert_error_says (error, VIGIL_ERROR_INVALID, bad[i].says);
        g_clear_error (&error);
      }
    g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);
    g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM watch_requests"), ==, 1);
  }

  /* One open request a family: a second is refused, naming the first. */
  again = vigil_site_request_watch (fixture->site, fixture->jdavies, "AB-123", NULL, &error);
  g_assert_null (again);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "already has an open watch request, raised by okhan");
  g_clear_error (&error);

  vigil_site_set_now_for_testing (fixture->site, t0 + (gint64) 7 * 60 * G_USEC_PER_SEC);
  g_assert_true (vigil_site_get_coverage (fixture->site, &duties, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (duties->len, ==, 0);
  g_assert_cmpuint (uncovered->len, ==, 1);
  g_assert_cmpstr (vigil_watch_request_get_case_ref (g_ptr_array_index (uncovered, 0)), ==, "AB-123");
  g_assert_cmpint (vigil_watch_request_get_requested_at (g_ptr_array_index (uncovered, 0)), ==, t0);
  g_clear_pointer (&duties, g_ptr_array_unref);
  g_clear_pointer (&uncovered, g_ptr_array_unref);

  /* A duty covers it, and closes it. */
  duty = start (fixture, fixture->jdavies, "AB-123", NULL);
  g_assert_true (vigil_site_get_coverage (fixture->site, &duties, &uncovered, &error));
  g_assert_cmpuint (duties->len, ==, 1);
  g_assert_cmpstr (vigil_duty_get_operator (g_ptr_array_index (duties, 0)), ==, "jdavies");
  g_assert_cmpuint (uncovered->len, ==, 0);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM watch_requests WHERE closed_at IS NULL"), ==, 0);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT closed_at FROM watch_requests"), ==, t0 + (gint64) 7 * 60 * G_USEC_PER_SEC);
  entry = last_entry (fixture->site);
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "closed-request=1"));

  /* A family that is watched needs no request. */
  again = vigil_site_request_watch (fixture->site, fixture->okhan, "AB-123", NULL, &error);
  g_assert_null (again);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "family AB-123 is already watched by jdavies");
  g_clear_error (&error);

  again = vigil_site_request_watch (fixture->site, fixture->okhan, "EF-789", NULL, &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "discharged");
  g_clear_error (&error);

  /* A request left open when its family was discharged is nobody's to
   * cover: coverage does not list it. */
  g_clear_object (&request);
  request = vigil_site_request_watch (fixture->site, fixture->okhan, "CD-456", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_get_coverage (fixture->site, &duties, &uncovered, &error));
  g_assert_cmpuint (uncovered->len, ==, 1);
  g_clear_pointer (&duties, g_ptr_array_unref);
  g_clear_pointer (&uncovered, g_ptr_array_unref);
  raw_exec (fixture->dir, "UPDATE families SET discharged_on = '2026-11-20' WHERE case_ref = 'CD-456'");
  g_assert_true (vigil_site_get_coverage (fixture->site, &duties, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uncovered->len, ==, 0);
}

/* ---- ending a duty ------------------------------------------------------ */

static void
test_end_needs_summary (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad[] = { NULL, "", "  \n\t\n", "caf\xc3", "bell \a ring" };
  gint64 t0 = (gint64) 1795212000 * G_USEC_PER_SEC;
  gint64 audit_before, from, to;

  vigil_site_set_now_for_testing (fixture->site, t0);
  duty = start (fixture, fixture->okhan, "AB-123", NULL);
  vigil_site_set_now_for_testing (fixture->site, t0 + (gint64) 9 * 3600 * G_USEC_PER_SEC);
  audit_before = vigil_test_count_audit (fixture->site);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ended = vigil_site_end_duty (fixture->site, fixture->okhan, "AB-123", bad[i], &error);
      g_assert_null (ended);
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "summary"));
      g_clear_error (&error);
    }

  /* Nothing written: the duty is open, no note, no audit entry. */
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);

  /* Someone else's duty needs allocate-duties. */
  ended = vigil_site_end_duty (fixture->site, fixture->jdavies, "AB-123", SUMMARY, &error);
  g_assert_null (ended);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "allocate-duties");
  g_clear_error (&error);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);

  ended = vigil_site_end_duty (fixture->site, fixture->okhan, "AB-123", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_duty_is_open (ended));
  g_assert_cmpint (vigil_duty_get_ended_at (ended), ==, t0 + (gint64) 9 * 3600 * G_USEC_PER_SEC);
  g_assert_cmpint (vigil_duty_get_summary_note (ended), >, 0);

  note = vigil_site_get_note (fixture->site, vigil_duty_get_summary_note (ended), &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_note_get_kind (note), ==, VIGIL_NOTE_KIND_DUTY);
  g_assert_cmpstr (vigil_note_get_author (note), ==, "okhan");
  g_assert_cmpstr (vigil_note_get_case_ref (note), ==, "AB-123");
  g_assert_true (g_str_has_prefix (vigil_note_get_body (note), "Baby settled"));
  g_assert_true (vigil_note_get_period (note, &from, &to));
  g_assert_cmpint (from, ==, t0);
  g_assert_cmpint (to, ==, t0 + (gint64) 9 * 3600 * G_USEC_PER_SEC);
  g_assert_cmpint (count_action (fixture->site, "duty-ended"), ==, 1);

  /* Nobody is on duty now. */
  g_clear_object (&ended);
  ended = vigil_site_end_duty (fixture->site, fixture->okhan, "AB-123", SUMMARY, &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "nobody is on duty for family AB-123");
  g_clear_error (&error);

  /* A team lead may end someone else's duty; the summary is theirs. */
  g_clear_object (&duty);
  duty = start (fixture, fixture->jdavies, "CD-456", NULL);
  ended = vigil_site_end_duty (fixture->site, fixture->lead, "CD-456", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_ended_by (ended), ==, "tlead");
  g_clear_object (&note);
  note = vigil_site_get_note (fixture->site, vigil_duty_get_summary_note (ended), &error);
  g_assert_cmpstr (vigil_note_get_author (note), ==, "tlead");
}

/* ---- handover ----------------------------------------------------------- */

static void
test_handover (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VigilDuty) first = NULL;
  g_autoptr(VigilDuty) second = NULL;
  g_autoptr(VigilDuty) third = NULL;
  g_autoptr(VigilDuty) refused = NULL;
  g_autoptr(VigilDuty) old = NULL;
  g_autoptr(VigilDuty) other = NULL;
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from, to, notes_before;

  first = start (fixture, fixture->okhan, "AB-123", NULL);
  other = start (fixture, fixture->lead, "CD-456", NULL);
  notes_before = raw_int (fixture->dir, "SELECT count(*) FROM notes");

  /* To someone already on duty, to themselves, without a summary, or by
   * another operator: refused, and nothing written. */
  refused = vigil_site_hand_over_duty (fixture->site, fixture->okhan, "AB-123", "tlead", SUMMARY, &error);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "tlead is already on duty for family CD-456");
  g_clear_error (&error);
  refused = vigil_site_hand_over_duty (fixture->site, fixture->okhan, "AB-123", "okhan", SUMMARY, &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "okhan is already on duty for family AB-123");
  g_clear_error (&error);
  refused = vigil_site_hand_over_duty (fixture->site, fixture->okhan, "AB-123", "jdavies", "", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "summary");
  g_clear_error (&error);
  refused = vigil_site_hand_over_duty (fixture->site, fixture->jdavies, "AB-123", "jdavies", SUMMARY, &error);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "allocate-duties");
  g_clear_error (&error);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, notes_before);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 2);

  /* The outgoing operator hands over their own duty. */
  second = vigil_site_hand_over_duty (fixture->site, fixture->okhan, "AB-123", "jdavies", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_operator (second), ==, "jdavies");

  old = vigil_site_get_duty (fixture->site, vigil_duty_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_false (vigil_duty_is_open (old));
  g_assert_cmpint (vigil_duty_get_ended_at (old), ==, vigil_duty_get_started_at (second));
  g_assert_cmpint (vigil_duty_get_handed_to (old), ==, vigil_duty_get_id (second));

  note = vigil_site_get_note (fixture->site, vigil_duty_get_summary_note (old), &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_note_get_kind (note), ==, VIGIL_NOTE_KIND_DUTY);
  g_assert_cmpstr (vigil_note_get_author (note), ==, "okhan");
  g_assert_true (vigil_note_get_period (note, &from, &to));
  g_assert_cmpint (from, ==, vigil_duty_get_started_at (first));
  g_assert_cmpint (to, ==, vigil_duty_get_started_at (second));

  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "duty-handed-over");
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, "okhan");
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "from=okhan to=jdavies"));
  g_clear_object (&entry);

  /* okhan is free again; a team lead hands over jdavies's duty back. */
  third = vigil_site_hand_over_duty (fixture->site, fixture->lead, "AB-123", "okhan", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_started_by (third), ==, "tlead");

  /* Every ended duty of the family was followed at once by the next. */
  g_assert_cmpint (raw_int (fixture->dir,
                            "SELECT count(*) FROM duties a JOIN duties b ON b.id = a.handed_to"
                            " WHERE a.ended_at <> b.started_at OR a.family_id <> b.family_id"), ==, 0);
  g_assert_cmpint (raw_int (fixture->dir,
                            "SELECT count(*) FROM duties d JOIN families f ON f.id = d.family_id"
                            " WHERE f.case_ref = 'AB-123' AND d.ended_at IS NULL"), ==, 1);
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (fixture->site), NULL, &error));
  g_assert_no_error (error);
}

/* Another process watches the family's open duties while handovers run:
 * it must never see none or two. */
static void
test_handover_never_uncovered (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = start (fixture, fixture->okhan, "AB-123", NULL);
  g_autofree char *ready = g_build_filename (fixture->dir, "observer-ready", NULL);
  g_autofree char *stop = g_build_filename (fixture->dir, "observer-stop", NULL);
  g_autoptr(GSubprocess) observer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *names[] = { "jdavies", "okhan" };

  observer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                               self_path, "--observe", fixture->dir, "AB-123", NULL);
  g_assert_no_error (error);
  for (int i = 0; i < 1000 && !g_file_test (ready, G_FILE_TEST_EXISTS); i++)
    g_usleep (10 * 1000);
  g_assert_true (g_file_test (ready, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(VigilDuty) next = vigil_site_hand_over_duty (fixture->site, fixture->lead, "AB-123",
                                                             names[i % 2], SUMMARY, &error);
      g_assert_no_error (error);
      g_assert_nonnull (next);
    }

  g_assert_true (g_file_set_contents (stop, "", 0, NULL));
  g_assert_true (g_subprocess_communicate_utf8 (observer, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("observer: %s%s", out, err);
  g_assert_true (g_subprocess_get_if_exited (observer));
  g_assert_cmpint (g_subprocess_get_exit_status (observer), ==, 0);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties"), ==, 31);
}

static int
child_observe (const char *dir,
               const char *ref)
{
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *ready = g_build_filename (dir, "observer-ready", NULL);
  g_autofree char *stop = g_build_filename (dir, "observer-stop", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint looks = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM duties d JOIN families f ON f.id = d.family_id"
                              " WHERE f.case_ref = ? AND d.ended_at IS NULL", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("cannot read %s\n", path);
      return 1;
    }
  sqlite3_busy_timeout (db, 10000);
  sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);

  while (!g_file_test (stop, G_FILE_TEST_EXISTS))
    {
      gint64 open;

      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_printerr ("read failed: %s\n", sqlite3_errmsg (db));
          return 1;
        }
      open = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (open != 1)
        {
          g_printerr ("saw %" G_GINT64_FORMAT " open duties for %s after %u looks\n", open, ref, looks);
          return 1;
        }
      if (looks++ == 0)
        g_file_set_contents (ready, "", 0, NULL);
    }

  g_print ("%u looks, always one open duty\n", looks);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return 0;
}

/* ---- racing processes --------------------------------------------------- */

/* Two processes log in, wait for the same instant, and both try to start a
 * duty. */
static void
race (Fixture    *fixture,
      const char *user_a,
      const char *ref_a,
      const char *user_b,
      const char *ref_b,
      const char *winner_says_a,
      const char *winner_says_b)
{
  g_autofree char *start_at = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () + 1500 * 1000);
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_a = NULL, *err_a = NULL, *out_b = NULL, *err_b = NULL;
  int status_a, status_b;

  a = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        self_path, "--race", fixture->dir, user_a, ref_a, start_at, NULL);
  g_assert_no_error (error);
  b = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        self_path, "--race", fixture->dir, user_b, ref_b, start_at, NULL);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_communicate_utf8 (a, NULL, NULL, &out_a, &err_a, &error));
  g_assert_true (g_subprocess_communicate_utf8 (b, NULL, NULL, &out_b, &err_b, &error));
  status_a = g_subprocess_get_exit_status (a);
  status_b = g_subprocess_get_exit_status (b);
  g_test_message ("a: %d %s%s; b: %d %s%s", status_a, out_a, err_a, status_b, out_b, err_b);

  /* Exactly one wins (0); the loser is refused in words (2). */
  g_assert_true ((status_a == 0 && status_b == 2) || (status_a == 2 && status_b == 0));
  if (status_a == 0)
    g_assert_nonnull (strstr (err_b, winner_says_a));
  else
    g_assert_nonnull (strstr (err_a, winner_says_b));
  g_assert_null (strstr (status_a == 0 ? err_b : err_a, "UNIQUE"));
}

static void
end_all (Fixture *fixture)
{
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_get_coverage (fixture->site, &duties, &uncovered, &error));
  for (guint i = 0; i < duties->len; i++)
    {
      g_autoptr(VigilDuty) ended = vigil_site_end_duty (fixture->site, fixture->lead,
                                                        vigil_duty_get_case_ref (g_ptr_array_index (duties, i)),
                                                        SUMMARY, &error);
      g_assert_no_error (error);
    }
}

static void
test_race_same_family (Fixture       *fixture,
                       gconstpointer  data)
{
  for (int round = 0; round < 3; round++)
    {
      race (fixture, "okhan", "AB-123", "jdavies", "AB-123",
            "family AB-123 is already watched by okhan", "family AB-123 is already watched by jdavies");
      g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);
      end_all (fixture);
    }
}

static void
test_race_same_operator (Fixture       *fixture,
                         gconstpointer  data)
{
  for (int round = 0; round < 3; round++)
    {
      race (fixture, "okhan", "AB-123", "okhan", "CD-456",
            "okhan is already on duty for family AB-123", "okhan is already on duty for family CD-456");
      g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);
      end_all (fixture);
    }
}

static int
child_race (const char *dir,
            const char *user,
            const char *ref,
            const char *start_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (dir, &error);
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  gint64 wait;

  if (site == NULL ||
      (session = vigil_site_login (site, user, PASSWORD, "test", &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  wait = g_ascii_strtoll (start_at, NULL, 10) - g_get_real_time ();
  if (wait > 0)
    g_usleep (wait);

  duty = vigil_site_start_duty (site, session, ref, NULL, &error);
  if (duty == NULL)
    {
      g_printerr ("%s\n", error->message);
      return g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS) ? 2 : 1;
    }

  g_print ("%s on duty for %s\n", user, ref);
  return 0;
}

/* ---- the trail is a record, not a screen -------------------------------- */

/* A Welsh catalogue with just enough in it: one message staff see, and the
 * reasons Vigil itself writes into the trail, which must stay as written. */
static const char welsh_po[] =
  "msgid \"\"\n"
  "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\n"
  "msgid \"nobody is on duty for family %s\"\n"
  "msgstr \"does neb ar ddyletswydd i deulu %s\"\n"
  "\n"
  "msgid \"took the duty\"\n"
  "msgstr \"cymerodd y ddyletswydd\"\n"
  "\n"
  "msgid \"allocated to %s\"\n"
  "msgstr \"neilltuwyd i %s\"\n"
  "\n"
  "msgid \"ended the duty with its summary\"\n"
  "msgstr \"daeth y ddyletswydd i ben\"\n"
  "\n"
  "msgid \"handed over from %s to %s\"\n"
  "msgstr \"trosglwyddwyd o %s i %s\"\n";

static gboolean
use_welsh (const char *dir)
{
  g_autofree char *po = g_build_filename (dir, "cy.po", NULL);
  g_autofree char *messages = g_build_filename (dir, "locale", "cy", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *locale = g_build_filename (dir, "locale", NULL);
  g_autoptr(GError) error = NULL;
  const char *msgfmt[] = { "msgfmt", "-o", mo, po, NULL };
  int status = -1;

  g_assert_true (g_file_set_contents (po, welsh_po, -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  if (!g_spawn_sync (NULL, (char **) msgfmt, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;

  /* LANGUAGE counts under any locale but plain "C"; meson runs the tests
   * in C.UTF-8. */
  g_setenv ("LANGUAGE", "cy", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

static void
test_trail_not_translated (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) next = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  /* The catalogue is switched on in a child, so no other test speaks Welsh. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  if (!use_welsh (fixture->dir))
    {
      g_test_skip ("msgfmt is not available");
      return;
    }

  /* What staff see is translated … */
  g_assert_null (vigil_site_get_open_duty (fixture->site, "AB-123", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "does neb ar ddyletswydd i deulu AB-123");
  g_clear_error (&error);

  /* … what the trail keeps is not. */
  duty = start (fixture, fixture->okhan, "AB-123", NULL);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "took the duty");
  g_clear_object (&entry);

  g_clear_object (&duty);
  duty = start (fixture, fixture->lead, "CD-456", "jdavies");
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "allocated to jdavies");
  g_clear_object (&entry);

  next = vigil_site_hand_over_duty (fixture->site, fixture->okhan, "AB-123", "tlead", SUMMARY, &error);
  g_assert_no_error (error);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "handed over from okhan to tlead");
  g_clear_object (&entry);

  ended = vigil_site_end_duty (fixture->site, fixture->lead, "AB-123", SUMMARY, &error);
  g_assert_no_error (error);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "ended the duty with its summary");
}

/* ---- vigilctl ----------------------------------------------------------- */

static int
vigilctl (const char  *input,
          char       **out,
          char       **err,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  /* The outputs of the previous run are dropped. */
  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);

  g_ptr_array_add (argv, (gpointer) g_getenv ("VIGILCTL"));
  g_assert_nonnull (argv->pdata[0]);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* vigilctl rightly stops before reading its input when the command line
   * is bad, so a broken pipe here is no failure; the input is far smaller
   * than a pipe's buffer, so writing it first cannot block. */
  if (!g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), input, strlen (input),
                                  NULL, NULL, &error))
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
      g_clear_error (&error);
    }
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  {
    g_autofree char *shown = g_strjoinv (" ", (char **) argv->pdata + 1);
    g_test_message ("vigilctl %s → %d\n%s%s", shown, g_subprocess_get_exit_status (process), *out, *err);
  }
  return g_subprocess_get_exit_status (process);
}

static void
assert_matches (const char *text,
                const char *pattern)
{
  if (!g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0))
    {
      g_autofree char *shown = g_strescape (text, NULL);
      g_test_fail_printf ("“%s” does not match /%s/", shown, pattern);
    }
}

static void
assert_one_line (const char *err,
                 const char *needle)
{
  g_assert_true (g_str_has_prefix (err, "vigilctl: "));
  g_assert_nonnull (strstr (err, needle));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

#define AS(user) "--data-dir", fixture->dir, "--as", user, "--password-stdin"

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *summary = g_build_filename (fixture->dir, "summary.txt", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.txt", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.txt", NULL);
  char *out = NULL, *err = NULL;
  gint64 audit_before;

  g_assert_true (g_file_set_contents (summary, SUMMARY, -1, NULL));
  g_assert_true (g_file_set_contents (empty, "\n", -1, NULL));

#define RUN(...) vigilctl (PASSWORD "\n", &out, &err, __VA_ARGS__, NULL)

  g_assert_cmpint (RUN (AS ("okhan"), "watch", "request", "ab-123", "--reason", "parents asleep"), ==, 0);
  g_assert_nonnull (strstr (out, "Watch requested for family AB-123"));
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage"), ==, 0);
  assert_matches (out, "AB-123 .*UNCOVERED for 0 min \\(requested by okhan at .* (GMT|BST)\\)");

  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "start", "ab-123"), ==, 0);
  g_assert_nonnull (strstr (out, "jdavies is on duty for family AB-123 (A.B.) since "));

  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage", "--json"), ==, 0);
  assert_matches (out, "\"uncovered\"\\s*:\\s*\\[\\s*\\]");
  assert_matches (out, "\"family\"\\s*:\\s*\"AB-123\"[^{}]*\"operator\"\\s*:\\s*\"jdavies\"[^{}]*"
                       "\"started_at\"\\s*:\\s*\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");

  /* Bad input: one line, exit 2, nothing written (not even a login). */
  audit_before = vigil_test_count_audit (fixture->site);
  g_assert_cmpint (RUN (AS ("okhan"), "duty", "start", "AB-123"), ==, 2);
  assert_one_line (err, "family AB-123 is already watched by jdavies");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "end", "AB-123"), ==, 2);
  assert_one_line (err, "--summary-file is required");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "end", "AB-123", "--summary-file", empty), ==, 2);
  assert_one_line (err, "the note is empty");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "end", "AB-123", "--summary-file", missing), ==, 2);
  assert_one_line (err, "missing.txt");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "handover", "AB-123", "--to", "nobody", "--summary-file", summary), ==, 2);
  assert_one_line (err, "no staff member “nobody”");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "start", "ZZ-9"), ==, 2);
  assert_one_line (err, "no family with case reference “ZZ-9”");
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "request", "CD-456", "--reason", "asleep\x07"), ==, 2);
  assert_one_line (err, "the reason must be one line of ordinary text");
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);
  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);

  /* A refused permission: named, and audited with the login. */
  g_assert_cmpint (RUN (AS ("okhan"), "duty", "start", "CD-456", "--for", "tlead"), ==, 2);
  assert_one_line (err, "allocate-duties");

  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "handover", "AB-123", "--to", "okhan", "--summary-file", summary), ==, 0);
  g_assert_nonnull (strstr (out, "Family AB-123 handed over from jdavies to okhan at "));
  g_assert_cmpint (RUN (AS ("tlead"), "duty", "end", "AB-123", "--summary-file", summary), ==, 0);
  g_assert_nonnull (strstr (out, "Duty of okhan for family AB-123 ended at "));
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage"), ==, 0);
  g_assert_nonnull (strstr (out, "On duty:\n  nobody\nUncovered watch requests:\n  none\n"));

  g_assert_cmpint (raw_int (fixture->dir, "SELECT count(*) FROM notes WHERE kind = 'duty'"), ==, 2);
  g_assert_cmpint (count_action (fixture->site, "duty-handed-over"), ==, 1);
  g_assert_cmpint (count_action (fixture->site, "duty-ended"), ==, 1);
  g_assert_cmpint (count_action (fixture->site, "watch-requested"), ==, 1);

  /* An instant the store does not have (0) is null in JSON, never 1970. */
  raw_exec (fixture->dir, "INSERT INTO watch_requests (family_id, requested_at, requested_by)"
                          " SELECT id, 0, 'okhan' FROM families WHERE case_ref = 'CD-456'");
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage", "--json"), ==, 0);
  assert_matches (out, "\"family\"\\s*:\\s*\"CD-456\"[^{}]*\"requested_at\"\\s*:\\s*null");
  g_assert_null (strstr (out, "1970"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
#undef RUN
}

int
main (int    argc,
      char **argv)
{
  if (argc == 6 && g_str_equal (argv[1], "--race"))
    return child_race (argv[2], argv[3], argv[4], argv[5]);
  if (argc == 4 && g_str_equal (argv[1], "--observe"))
    return child_observe (argv[2], argv[3]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/duty/one-operator-one-family", test_one_operator_one_family);
  ADD ("/duty/lower-case-reference", test_lower_case_reference);
  ADD ("/duty/database-holds-the-rule", test_database_holds_the_rule);
  ADD ("/duty/start-for-someone-else", test_start_for_someone_else);
  ADD ("/duty/deactivated-session", test_deactivated_session);
  ADD ("/duty/watch-requests", test_watch_requests);
  ADD ("/duty/end-needs-summary", test_end_needs_summary);
  ADD ("/duty/handover", test_handover);
  ADD ("/duty/handover-never-uncovered", test_handover_never_uncovered);
  ADD ("/duty/race-same-family", test_race_same_family);
  ADD ("/duty/race-same-operator", test_race_same_operator);
  ADD ("/duty/trail-not-translated", test_trail_not_translated);
  ADD ("/duty/cli", test_cli);
#undef ADD

  return g_test_run ();
}
