/* test-duty.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-duty"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "duty-fixture.h"

/* One staff to one baby, on a real site in a temporary folder: the rule in
 * the core and in the database, watch requests and coverage, ending a duty,
 * handovers, and a trail that is not translated. Two processes racing are in
 * test-duty-race.c, the duty verbs of vigilctl in test-duty-cli.c. */

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
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties"), ==, 1);

  /* Someone else may watch another family meanwhile. */
  g_assert_finalize_object (g_steal_pointer (&duty));
  duty = start (fixture, fixture->jdavies, "CD-456", NULL);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 2);

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
  g_assert_finalize_object (g_steal_pointer (&entry));

  g_assert_true (vigil_site_check_duty_start (fixture->site, "Ab-123", "jdavies", &error));
  g_assert_no_error (error);
  duty = start (fixture, fixture->jdavies, "ab-123", NULL);
  g_assert_cmpstr (vigil_duty_get_case_ref (duty), ==, "AB-123");
  g_assert_cmpstr (vigil_duty_get_family_label (duty), ==, "A.B.");
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM watch_requests WHERE closed_at IS NULL"), ==, 0);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");
  g_assert_finalize_object (g_steal_pointer (&entry));

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
  g_assert_finalize_object (g_steal_pointer (&entry));

  ended = vigil_site_end_duty (fixture->site, fixture->okhan, "ab-123", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_case_ref (ended), ==, "AB-123");
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");
  g_assert_finalize_object (g_steal_pointer (&entry));

  /* A discharged family is refused in any case, as the centre refuses it. */
  g_assert_null (vigil_site_request_watch (fixture->site, fixture->okhan, "ef-789", NULL, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "family EF-789 was discharged on 2026-11-10");
  g_clear_error (&error);
  g_assert_null (vigil_site_start_duty (fixture->site, fixture->okhan, "ef-789", NULL, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "family EF-789 was discharged on 2026-11-10");
  g_clear_error (&error);

  /* Discharged while watched: the duty cannot be handed on, but it can end
   * with its summary. */
  g_assert_finalize_object (g_steal_pointer (&duty));
  g_assert_finalize_object (g_steal_pointer (&ended));
  duty = start (fixture, fixture->okhan, "cd-456", NULL);
  vigil_test_raw_exec (fixture->dir, "UPDATE families SET discharged_on = '2026-11-20' WHERE case_ref = 'CD-456'");
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

  ab = vigil_test_raw_int (fixture->dir, "SELECT id FROM families WHERE case_ref = 'AB-123'");
  cd = vigil_test_raw_int (fixture->dir, "SELECT id FROM families WHERE case_ref = 'CD-456'");

  g_assert_cmpint (vigil_store_duty_insert (store, ab, "AB-123", "jdavies", 1, "test", &error), ==, 0);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "family AB-123 is already watched by okhan");
  g_assert_null (strstr (error->message, "UNIQUE"));
  g_clear_error (&error);

  g_assert_cmpint (vigil_store_duty_insert (store, cd, "CD-456", "okhan", 1, "test", &error), ==, 0);
  assert_error_says (error, VIGIL_ERROR_EXISTS, "okhan is already on duty for family AB-123");
  g_clear_error (&error);

  /* Straight into the file: the indexes and the CHECK refuse. */
  raw_error = vigil_test_raw_try (fixture->dir,
                                  "INSERT INTO duties (family_id, operator, started_at, started_by)"
                                  " SELECT id, 'jdavies', 1, 'x' FROM families WHERE case_ref = 'AB-123'");
  g_assert_nonnull (raw_error);
  g_assert_nonnull (strstr (raw_error, vigil_test_on_postgres () ? "duplicate key" : "UNIQUE"));
  g_clear_pointer (&raw_error, g_free);

  raw_error = vigil_test_raw_try (fixture->dir, "UPDATE duties SET ended_at = 5, ended_by = 'x'");
  g_assert_nonnull (raw_error);
  g_assert_nonnull (strstr (raw_error, vigil_test_on_postgres () ? "check constraint" : "CHECK"));

  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);
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
  vigil_test_raw_exec (fixture->dir, "UPDATE staff SET competency_assessed_on = NULL, competency_refresher_due = NULL"
                                     " WHERE username = 'nocomp'");

  /* An operator may not put someone else on duty. */
  duty = vigil_site_start_duty (fixture->site, fixture->okhan, "AB-123", "jdavies", &error);
  g_assert_null (duty);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "allocate-duties");
  g_clear_error (&error);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "permission-refused");
  g_assert_finalize_object (g_steal_pointer (&entry));

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
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties"), ==, 0);

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
  g_assert_finalize_object (g_steal_pointer (&entry));

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
    g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM watch_requests"), ==, 1);
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
  g_clear_pointer (&duties, g_ptr_array_unref);
  g_clear_pointer (&uncovered, g_ptr_array_unref);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM watch_requests WHERE closed_at IS NULL"), ==, 0);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT closed_at FROM watch_requests"), ==, t0 + (gint64) 7 * 60 * G_USEC_PER_SEC);
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
  g_assert_finalize_object (g_steal_pointer (&request));
  request = vigil_site_request_watch (fixture->site, fixture->okhan, "CD-456", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_get_coverage (fixture->site, &duties, &uncovered, &error));
  g_assert_cmpuint (uncovered->len, ==, 1);
  g_clear_pointer (&duties, g_ptr_array_unref);
  g_clear_pointer (&uncovered, g_ptr_array_unref);
  vigil_test_raw_exec (fixture->dir, "UPDATE families SET discharged_on = '2026-11-20' WHERE case_ref = 'CD-456'");
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
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 1);

  /* Someone else's duty needs allocate-duties. */
  ended = vigil_site_end_duty (fixture->site, fixture->jdavies, "AB-123", SUMMARY, &error);
  g_assert_null (ended);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "allocate-duties");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);

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
  g_assert_finalize_object (g_steal_pointer (&ended));
  ended = vigil_site_end_duty (fixture->site, fixture->okhan, "AB-123", SUMMARY, &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "nobody is on duty for family AB-123");
  g_clear_error (&error);

  /* A team lead may end someone else's duty; the summary is theirs. */
  g_assert_finalize_object (g_steal_pointer (&duty));
  duty = start (fixture, fixture->jdavies, "CD-456", NULL);
  ended = vigil_site_end_duty (fixture->site, fixture->lead, "CD-456", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_ended_by (ended), ==, "tlead");
  g_assert_finalize_object (g_steal_pointer (&note));
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
  notes_before = vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes");

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
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, notes_before);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM duties WHERE ended_at IS NULL"), ==, 2);

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
  g_assert_finalize_object (g_steal_pointer (&entry));

  /* okhan is free again; a team lead hands over jdavies's duty back. */
  third = vigil_site_hand_over_duty (fixture->site, fixture->lead, "AB-123", "okhan", SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_started_by (third), ==, "tlead");

  /* Every ended duty of the family was followed at once by the next. */
  g_assert_cmpint (vigil_test_raw_int (fixture->dir,
                                       "SELECT count(*) FROM duties a JOIN duties b ON b.id = a.handed_to"
                                       " WHERE a.ended_at <> b.started_at OR a.family_id <> b.family_id"), ==, 0);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir,
                                       "SELECT count(*) FROM duties d JOIN families f ON f.id = d.family_id"
                                       " WHERE f.case_ref = 'AB-123' AND d.ended_at IS NULL"), ==, 1);
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (fixture->site), NULL, &error));
  g_assert_no_error (error);
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
  g_assert_finalize_object (g_steal_pointer (&entry));

  g_assert_finalize_object (g_steal_pointer (&duty));
  duty = start (fixture, fixture->lead, "CD-456", "jdavies");
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "allocated to jdavies");
  g_assert_finalize_object (g_steal_pointer (&entry));

  next = vigil_site_hand_over_duty (fixture->site, fixture->okhan, "AB-123", "tlead", SUMMARY, &error);
  g_assert_no_error (error);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "handed over from okhan to tlead");
  g_assert_finalize_object (g_steal_pointer (&entry));

  ended = vigil_site_end_duty (fixture->site, fixture->lead, "AB-123", SUMMARY, &error);
  g_assert_no_error (error);
  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "ended the duty with its summary");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, logins) \
  g_test_add (path, Fixture, LOGINS (logins), fixture_set_up, func, fixture_tear_down)
  ADD ("/duty/one-operator-one-family", test_one_operator_one_family, AS_OKHAN | AS_JDAVIES | AS_LEAD);
  ADD ("/duty/lower-case-reference", test_lower_case_reference, AS_OKHAN | AS_JDAVIES);
  ADD ("/duty/database-holds-the-rule", test_database_holds_the_rule, AS_OKHAN);
  ADD ("/duty/start-for-someone-else", test_start_for_someone_else, AS_OKHAN | AS_LEAD | AS_MANAGER);
  ADD ("/duty/deactivated-session", test_deactivated_session, AS_OKHAN | AS_LEAD | AS_MANAGER);
  ADD ("/duty/watch-requests", test_watch_requests, AS_OKHAN | AS_JDAVIES);
  ADD ("/duty/end-needs-summary", test_end_needs_summary, AS_OKHAN | AS_JDAVIES | AS_LEAD);
  ADD ("/duty/handover", test_handover, AS_OKHAN | AS_JDAVIES | AS_LEAD);
  ADD ("/duty/trail-not-translated", test_trail_not_translated, AS_OKHAN | AS_LEAD);
#undef ADD

  return g_test_run ();
}
