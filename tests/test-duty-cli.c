/* test-duty-cli.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-duty-cli"

#include "config.h"

#include "duty-fixture.h"

/* The duty verbs of vigilctl, on a real site in a temporary folder. */

/* ---- vigilctl ----------------------------------------------------------- */

/* Runs vigilctl with @input on its standard input; gives its exit status.
 * The outputs of the previous run in *@out and *@err are dropped. */
static int
vigilctl_status (const char         *input,
                 char              **out,
                 char              **err,
                 const char *const  *args)
{
  int status;

  vigil_test_run_vigilctlv (input, &status, out, err, args);
  return status;
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

#define RUN(...) vigilctl_status (PASSWORD "\n", &out, &err, (const char *const[]) { __VA_ARGS__, NULL })

  g_assert_cmpint (RUN (AS ("okhan"), "watch", "request", "ab-123", "--reason", "parents asleep"), ==, 0);
  g_assert_nonnull (strstr (out, "Watch requested for family AB-123"));
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage"), ==, 0);
  vigil_test_assert_matches (out, "AB-123 .*UNCOVERED for 0 min \\(requested by okhan at .* (GMT|BST)\\)");

  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "start", "ab-123"), ==, 0);
  g_assert_nonnull (strstr (out, "jdavies is on duty for family AB-123 (A.B.) since "));

  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage", "--json"), ==, 0);
  vigil_test_assert_matches (out, "\"uncovered\"\\s*:\\s*\\[\\s*\\]");
  vigil_test_assert_matches (out, "\"family\"\\s*:\\s*\"AB-123\"[^{}]*\"operator\"\\s*:\\s*\"jdavies\"[^{}]*"
                                  "\"started_at\"\\s*:\\s*\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");

  /* Bad input: one line, exit 2, nothing written (not even a login). */
  audit_before = vigil_test_count_audit (fixture->site);
  g_assert_cmpint (RUN (AS ("okhan"), "duty", "start", "AB-123"), ==, 2);
  vigil_test_assert_one_line_error (err, "family AB-123 is already watched by jdavies");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "end", "AB-123"), ==, 2);
  vigil_test_assert_one_line_error (err, "--summary-file is required");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "end", "AB-123", "--summary-file", empty), ==, 2);
  vigil_test_assert_one_line_error (err, "the note is empty");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "end", "AB-123", "--summary-file", missing), ==, 2);
  vigil_test_assert_one_line_error (err, "missing.txt");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "handover", "AB-123", "--to", "nobody", "--summary-file", summary), ==, 2);
  vigil_test_assert_one_line_error (err, "no staff member “nobody”");
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "start", "ZZ-9"), ==, 2);
  vigil_test_assert_one_line_error (err, "no family with case reference “ZZ-9”");
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "request", "CD-456", "--reason", "asleep\x07"), ==, 2);
  vigil_test_assert_one_line_error (err, "the reason must be one line of ordinary text");
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);

  /* A refused permission: named, and audited with the login. */
  g_assert_cmpint (RUN (AS ("okhan"), "duty", "start", "CD-456", "--for", "tlead"), ==, 2);
  vigil_test_assert_one_line_error (err, "allocate-duties");

  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "handover", "AB-123", "--to", "okhan", "--summary-file", summary), ==, 0);
  g_assert_nonnull (strstr (out, "Family AB-123 handed over from jdavies to okhan at "));
  g_assert_cmpint (RUN (AS ("tlead"), "duty", "end", "AB-123", "--summary-file", summary), ==, 0);
  g_assert_nonnull (strstr (out, "Duty of okhan for family AB-123 ended at "));
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage"), ==, 0);
  g_assert_nonnull (strstr (out, "On duty:\n  nobody\nUncovered watch requests:\n  none\n"));

  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes WHERE kind = 'duty'"), ==, 2);
  g_assert_cmpint (count_action (fixture->site, "duty-handed-over"), ==, 1);
  g_assert_cmpint (count_action (fixture->site, "duty-ended"), ==, 1);
  g_assert_cmpint (count_action (fixture->site, "watch-requested"), ==, 1);

  /* An instant the store does not have (0) is null in JSON, never 1970. */
  vigil_test_raw_exec (fixture->dir, "INSERT INTO watch_requests (family_id, requested_at, requested_by)"
                                     " SELECT id, 0, 'okhan' FROM families WHERE case_ref = 'CD-456'");
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage", "--json"), ==, 0);
  vigil_test_assert_matches (out, "\"family\"\\s*:\\s*\"CD-456\"[^{}]*\"requested_at\"\\s*:\\s*null");
  g_assert_null (strstr (out, "1970"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
#undef RUN
}

/* vigilctl watch withdraw: bad input is one line and exit 2 with nothing
 * written; the raiser or a team lead withdraws, with the reason audited,
 * and the request is no longer uncovered. */
static void
test_cli_withdraw (Fixture       *fixture,
                   gconstpointer  data)
{
  char *out = NULL, *err = NULL;
  gint64 audit_before;

#define RUN(...) vigilctl_status (PASSWORD "\n", &out, &err, (const char *const[]) { __VA_ARGS__, NULL })

  g_assert_cmpint (RUN (AS ("okhan"), "watch", "request", "AB-123", "--reason", "parents asleep"), ==, 0);

  /* Bad input: one line, exit 2, nothing written (not even a login). */
  audit_before = vigil_test_count_audit (fixture->site);
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "AB-123"), ==, 2);
  vigil_test_assert_one_line_error (err, "--reason is required");
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "AB-123", "--reason", "  "), ==, 2);
  vigil_test_assert_one_line_error (err, "withdrawn only with a reason");
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "AB-123", "--reason", "two\nlines"), ==, 2);
  vigil_test_assert_one_line_error (err, "the reason must be one line of ordinary text");
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "CD-456", "--reason", "not needed"), ==, 2);
  vigil_test_assert_one_line_error (err, "family CD-456 has no open watch request");
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "ZZ-9", "--reason", "not needed"), ==, 2);
  vigil_test_assert_one_line_error (err, "no family with case reference “ZZ-9”");
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "--reason", "not needed"), ==, 2);
  vigil_test_assert_one_line_error (err, "missing argument");
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);

  /* Another operator is refused, named, and audited with the login. */
  g_assert_cmpint (RUN (AS ("jdavies"), "watch", "withdraw", "AB-123", "--reason", "not needed"), ==, 2);
  vigil_test_assert_one_line_error (err, "allocate-duties");
  g_assert_cmpint (count_action (fixture->site, "permission-refused"), ==, 1);
  g_assert_cmpint (count_action (fixture->site, "watch-withdrawn"), ==, 0);

  /* A team lead withdraws it: no longer uncovered. */
  g_assert_cmpint (RUN (AS ("tlead"), "watch", "withdraw", "ab-123", "--reason", "parents awake now"), ==, 0);
  g_assert_cmpstr (out, ==, "Watch request for family AB-123 withdrawn; it is no longer uncovered.\n");
  g_assert_cmpint (count_action (fixture->site, "watch-withdrawn"), ==, 1);
  {
    g_autoptr(VigilAuditEntry) entry = last_entry (fixture->site);

    g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, "tlead");
    g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "family:AB-123");
    g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "parents awake now");
  }
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "coverage"), ==, 0);
  g_assert_nonnull (strstr (out, "Uncovered watch requests:\n  none\n"));

  /* Again: said why there is nothing to withdraw. */
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "AB-123", "--reason", "not needed"), ==, 2);
  vigil_test_assert_one_line_error (err, "tlead withdrew it at");

  /* The raiser withdraws their own; one covered by a duty cannot be. */
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "request", "CD-456"), ==, 0);
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "CD-456", "--reason", "raised by mistake"), ==, 0);
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "request", "AB-123"), ==, 0);
  g_assert_cmpint (RUN (AS ("jdavies"), "duty", "start", "AB-123"), ==, 0);
  g_assert_cmpint (RUN (AS ("okhan"), "watch", "withdraw", "AB-123", "--reason", "not needed"), ==, 2);
  vigil_test_assert_one_line_error (err, "jdavies is on duty for the family");
  g_assert_cmpint (count_action (fixture->site, "watch-withdrawn"), ==, 2);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
#undef RUN
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, logins) \
  g_test_add (path, Fixture, LOGINS (logins), fixture_set_up, func, fixture_tear_down)
  ADD ("/duty/cli", test_cli, AS_NOBODY);
  ADD ("/duty/cli-withdraw", test_cli_withdraw, AS_NOBODY);
#undef ADD

  return g_test_run ();
}
