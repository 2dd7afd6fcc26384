/* test-cli.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>

#include "vigil-test-utils.h"

/* Drives the built vigilctl ($VIGILCTL) as an administrator would: a fresh
 * site in a temporary folder, passwords written on standard input, and only
 * what the person at the terminal sees (exit status, stdout, stderr) and what
 * the site then holds (staff list, audit trail) is checked. */

#define MGR_STDIN VIGIL_TEST_MANAGER_PASSWORD "\n"
#define ASSESSED  "2026-01-01"
#define DUE       "2099-01-01"

typedef struct
{
  char *tmp;    /* the temporary folder, removed at the end */
  char *dir;    /* the site's data folder inside it */
} Fixture;

static void
init_site (const char *dir)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  vigil_test_run_vigilctl (MGR_STDIN, &status, &out, &err,
                           "--data-dir", dir, "init", "--site-name", "Test Centre",
                           "--manager", VIGIL_TEST_MANAGER, "--password-stdin", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Test Centre"));
}

/* A temporary folder; the site's folder in it is not made yet. */
static void
fixture_set_up_empty (Fixture       *fixture,
                      gconstpointer  data)
{
  fixture->tmp = vigil_test_make_dir ();
  fixture->dir = g_build_filename (fixture->tmp, "site", NULL);
}

/* A site made by "vigilctl init", with the manager VIGIL_TEST_MANAGER: a
 * copy of one made once (init's own case is /cli/init). */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = vigil_test_site_copy (init_site);
  fixture->tmp = g_path_get_dirname (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vigil_test_remove_dir (fixture->tmp);
  g_clear_pointer (&fixture->tmp, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Adds a member as the manager; @assessed NULL leaves them without a
 * competency. */
static void
add_member (Fixture    *fixture,
            const char *username,
            const char *band,
            const char *role,
            const char *assessed,
            const char *password)
{
  g_autofree char *input = g_strdup_printf ("%s\n%s\n", VIGIL_TEST_MANAGER_PASSWORD, password);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (assessed != NULL)
    vigil_test_run_vigilctl (input, &status, &out, &err,
                             "--data-dir", fixture->dir, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                             "staff", "add", username, "--name", username, "--band", band, "--role", role,
                             "--competent-since", assessed, "--refresher-due", DUE, NULL);
  else
    vigil_test_run_vigilctl (input, &status, &out, &err,
                             "--data-dir", fixture->dir, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                             "staff", "add", username, "--name", username, "--band", band, "--role", role, NULL);

  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, username));
}

/* login-check for @username; returns the exit status and the output. */
static int
login_check (Fixture     *fixture,
             const char  *username,
             const char  *password,
             char       **out,
             char       **err)
{
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  int status;

  vigil_test_run_vigilctl (input, &status, out, err,
                           "--data-dir", fixture->dir, "login-check", username, "--password-stdin", NULL);
  return status;
}

static void
assert_login_allowed (Fixture    *fixture,
                      const char *username,
                      const char *password)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("%s may log in.\n", username);

  g_assert_cmpint (login_check (fixture, username, password, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, expected);
}

static void
assert_login_refused (Fixture    *fixture,
                      const char *username,
                      const char *password,
                      const char *reason)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (login_check (fixture, username, password, &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  vigil_test_assert_one_line_error (err, reason);
}

static char *
capture_ok (Fixture    *fixture,
            const char *group,
            const char *command,
            const char *option)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, group, command, option, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

/* Everything a change could show in: the staff and the audit trail. */
static char *
site_snapshot (Fixture *fixture)
{
  g_autofree char *staff = capture_ok (fixture, "staff", "list", "--json");
  g_autofree char *audit = capture_ok (fixture, "audit", "list", "--json");

  return g_strconcat (staff, audit, NULL);
}

/* The actions of the audit trail, oldest first. */
static GPtrArray *
audit_actions (Fixture *fixture)
{
  g_autofree char *json = capture_ok (fixture, "audit", "list", "--json");
  g_autoptr(GRegex) regex = g_regex_new ("\"action\"\\s*:\\s*\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_free);

  g_regex_match (regex, json, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (actions, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
  return actions;
}

static gint64
audit_count (Fixture *fixture)
{
  g_autoptr(GPtrArray) actions = audit_actions (fixture);

  return actions->len;
}

/* init */

static void
test_init (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "vigil.db", NULL);
  g_autofree char *other = g_build_filename (fixture->tmp, "other", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *staff = NULL;
  GStatBuf st;
  int status;

  init_site (fixture->dir);

  g_assert_cmpint (g_stat (fixture->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  staff = capture_ok (fixture, "staff", "list", NULL);
  vigil_test_assert_matches (staff, "^" VIGIL_TEST_MANAGER "\\s.*\\s7\\s+manager\\s+active\\s+\\d{4}-\\d\\d-\\d\\d$");

  /* A second init in the same folder leaves the first site alone. */
  vigil_test_run_vigilctl (MGR_STDIN, &status, &out, &err,
                           "--data-dir", fixture->dir, "init", "--site-name", "Second",
                           "--manager", "other", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "already exists");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Without --password-stdin there is no password, so no site either. */
  vigil_test_run_vigilctl (MGR_STDIN, &status, &out, &err,
                           "--data-dir", other, "init", "--site-name", "Other",
                           "--manager", VIGIL_TEST_MANAGER, NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "--password-stdin");
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* staff add, staff list */

static void
test_staff_add_list (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *list = NULL;
  g_autofree char *json = NULL;

  add_member (fixture, "olive", "3", "operator", ASSESSED, "olive-pass");
  add_member (fixture, "tess", "5", "team-lead", NULL, "tess-pass1");

  list = capture_ok (fixture, "staff", "list", NULL);
  vigil_test_assert_matches (list, "^USERNAME\\s+NAME\\s+BAND\\s+ROLE\\s+STATUS\\s+REFRESHER DUE$");
  vigil_test_assert_matches (list, "^olive\\s+olive\\s+3\\s+operator\\s+active\\s+" DUE "$");
  vigil_test_assert_matches (list, "^tess\\s+tess\\s+5\\s+team-lead\\s+active\\s+no competency$");

  json = capture_ok (fixture, "staff", "list", "--json");
  g_assert_true (g_str_has_prefix (json, "["));
  vigil_test_assert_matches (json,
                             "\"username\"\\s*:\\s*\"olive\"[^{}]*"
                             "\"band\"\\s*:\\s*3[^{}]*"
                             "\"role\"\\s*:\\s*\"operator\"[^{}]*"
                             "\"active\"\\s*:\\s*true[^{}]*"
                             "\"competency\"\\s*:\\s*\\{[^{}]*"
                             "\"assessed_on\"\\s*:\\s*\"" ASSESSED "\"[^{}]*"
                             "\"assessed_by\"\\s*:\\s*\"" VIGIL_TEST_MANAGER "\"[^{}]*"
                             "\"refresher_due\"\\s*:\\s*\"" DUE "\"");
  vigil_test_assert_matches (json,
                             "\"username\"\\s*:\\s*\"tess\"[^{}]*"
                             "\"band\"\\s*:\\s*5[^{}]*"
                             "\"role\"\\s*:\\s*\"team-lead\"[^{}]*"
                             "\"competency\"\\s*:\\s*null");
  vigil_test_assert_matches (json, "\"username\"\\s*:\\s*\"" VIGIL_TEST_MANAGER "\"[^{}]*\"role\"\\s*:\\s*\"manager\"");
}

/* Bad input: exit 2, one line naming the problem, nothing written */

typedef struct
{
  const char *name;     /* the test path's last part */
  const char *stdin_text;
  const char *args[24];   /* NULL-terminated */
  const char *needle;
} BadInput;

static const BadInput bad_inputs[] = {
  { "unknown-role", MGR_STDIN "newbie-pass\n",
    { "--as", VIGIL_TEST_MANAGER, "--password-stdin", "staff", "add", "newbie", "--name", "New",
      "--band", "3", "--role", "boss" },
    "unknown role “boss”" },
  { "band-0", MGR_STDIN "newbie-pass\n",
    { "--as", VIGIL_TEST_MANAGER, "--password-stdin", "staff", "add", "newbie", "--name", "New",
      "--band", "0", "--role", "operator" },
    "band 0" },
  { "band-12", MGR_STDIN "newbie-pass\n",
    { "--as", VIGIL_TEST_MANAGER, "--password-stdin", "staff", "add", "newbie", "--name", "New",
      "--band", "12", "--role", "operator" },
    "band 12" },
  { "malformed-date-on-add", MGR_STDIN "newbie-pass\n",
    { "--as", VIGIL_TEST_MANAGER, "--password-stdin", "staff", "add", "newbie", "--name", "New",
      "--band", "3", "--role", "operator", "--competent-since", "2026-13-01",
      "--refresher-due", DUE },
    "2026-13-01" },
  { "malformed-date-on-competency", MGR_STDIN,
    { "--as", VIGIL_TEST_MANAGER, "--password-stdin", "staff", "competency", "olive",
      "--assessed", "2026-13-01", "--refresher-due", DUE },
    "2026-13-01" },
  { "duplicate-username", MGR_STDIN "another-pass\n",
    { "--as", VIGIL_TEST_MANAGER, "--password-stdin", "staff", "add", "olive", "--name", "Olive Two",
      "--band", "4", "--role", "operator" },
    "“olive” already exists" },
  { "missing-as", MGR_STDIN "newbie-pass\n",
    { "--password-stdin", "staff", "add", "newbie", "--name", "New",
      "--band", "3", "--role", "operator" },
    "--as" },
  { "missing-as-on-deactivate", MGR_STDIN,
    { "--password-stdin", "staff", "deactivate", "olive" },
    "--as" },
};

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  const BadInput *bad = data;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  add_member (fixture, "olive", "3", "operator", ASSESSED, "olive-pass");
  before = site_snapshot (fixture);

  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, fixture->dir);
  for (guint i = 0; bad->args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) bad->args[i]);
  g_ptr_array_add (args, NULL);

  vigil_test_run_vigilctlv (bad->stdin_text, &status, &out, &err, (const char *const *) args->pdata);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  vigil_test_assert_one_line_error (err, bad->needle);

  after = site_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_missing_data_folder (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->tmp, "missing", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", missing, "staff", "list", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  vigil_test_assert_one_line_error (err, missing);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  vigil_test_run_vigilctl (MGR_STDIN "newbie-pass\n", &status, &out, &err,
                           "--data-dir", missing, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                           "staff", "add", "newbie", "--name", "New", "--band", "3", "--role", "operator", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  vigil_test_assert_one_line_error (err, missing);
  g_assert_nonnull (strstr (err, "does not exist"));

  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

/* A wrong acting password is a refused login: audited, but nothing else. */
static void
test_wrong_acting_password (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *staff_before = capture_ok (fixture, "staff", "list", "--json");
  g_autofree char *staff_after = NULL;
  g_autoptr(GPtrArray) before = audit_actions (fixture);
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  vigil_test_run_vigilctl ("not-the-password\nnewbie-pass\n", &status, &out, &err,
                           "--data-dir", fixture->dir, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                           "staff", "add", "newbie", "--name", "New", "--band", "3", "--role", "operator", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  vigil_test_assert_one_line_error (err, "cannot act as " VIGIL_TEST_MANAGER);

  staff_after = capture_ok (fixture, "staff", "list", "--json");
  g_assert_cmpstr (staff_after, ==, staff_before);
  g_assert_null (strstr (staff_after, "newbie"));

  after = audit_actions (fixture);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
  g_assert_cmpstr (g_ptr_array_index (after, before->len), ==, "login-refused");
}

/* login-check */

static void
test_login_check (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *audit = NULL;
  gint64 before;

  add_member (fixture, "olive", "3", "operator", ASSESSED, "olive-pass");
  add_member (fixture, "bert", "1", "operator", ASSESSED, "bert-pass");
  add_member (fixture, "nora", "4", "operator", NULL, "nora-pass");

  before = audit_count (fixture);

  assert_login_allowed (fixture, "olive", "olive-pass");
  assert_login_refused (fixture, "olive", "wrong-pass", "wrong username or password");
  assert_login_refused (fixture, "nobody", "wrong-pass", "wrong username or password");
  assert_login_refused (fixture, "bert", "bert-pass", "band 1: CCTV duty needs band 2 or higher");
  assert_login_refused (fixture, "nora", "nora-pass", "no CCTV competency");

  /* Every attempt is in the trail, with the reason and where it came from. */
  g_assert_cmpint (audit_count (fixture), ==, before + 5);
  audit = capture_ok (fixture, "audit", "list", NULL);
  vigil_test_assert_matches (audit, "^#\\d+ .*\\solive\\s+login\\s+staff:olive\\s+vigilctl login-check$");
  vigil_test_assert_matches (audit, "^#\\d+ .*\\solive\\s+login-refused\\s+staff:olive\\s.*wrong password.*vigilctl login-check$");
  vigil_test_assert_matches (audit, "^#\\d+ .*\\snobody\\s+login-refused\\s+staff:nobody\\s.*unknown username.*vigilctl login-check$");
  vigil_test_assert_matches (audit, "^#\\d+ .*\\sbert\\s+login-refused\\s+staff:bert\\s.*band 1: CCTV duty needs band 2 or higher.*vigilctl login-check$");
  vigil_test_assert_matches (audit, "^#\\d+ .*\\snora\\s+login-refused\\s+staff:nora\\s.*no CCTV competency.*vigilctl login-check$");
}

static void
test_lockout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;
  g_autoptr(GPtrArray) actions = NULL;

  add_member (fixture, "lena", "3", "operator", ASSESSED, "lena-pass");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *attempt_err = NULL;

      g_assert_cmpint (login_check (fixture, "lena", "wrong-pass", NULL, &attempt_err), ==, 1);
      vigil_test_assert_one_line_error (attempt_err, "vigilctl: ");
    }

  /* Even the right password is refused now, and the refusal says until when. */
  g_assert_cmpint (login_check (fixture, "lena", "lena-pass", &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  vigil_test_assert_one_line_error (err, "locked after 5 failed attempts until ");
  vigil_test_assert_matches (err, "until \\d\\d:\\d\\d");

  list = capture_ok (fixture, "staff", "list", NULL);
  vigil_test_assert_matches (list, "^lena\\s.*\\slocked\\s");

  actions = audit_actions (fixture);
  g_assert_true (g_ptr_array_find_with_equal_func (actions, "lockout", g_str_equal, NULL));
}

/* staff set-password, deactivate, competency */

static void
test_staff_changes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;
  int status;

  add_member (fixture, "olive", "3", "operator", ASSESSED, "olive-pass");
  add_member (fixture, "nora", "4", "operator", NULL, "nora-pass");

  vigil_test_run_vigilctl (MGR_STDIN "olive-new-pass\n", &status, &out, &err,
                           "--data-dir", fixture->dir, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                           "staff", "set-password", "olive", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  assert_login_allowed (fixture, "olive", "olive-new-pass");
  assert_login_refused (fixture, "olive", "olive-pass", "wrong username or password");

  vigil_test_run_vigilctl (MGR_STDIN, &status, &out, &err,
                           "--data-dir", fixture->dir, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                           "staff", "deactivate", "olive", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  assert_login_refused (fixture, "olive", "olive-new-pass", "deactivated");
  list = capture_ok (fixture, "staff", "list", NULL);
  vigil_test_assert_matches (list, "^olive\\s.*\\sdeactivated\\s");

  assert_login_refused (fixture, "nora", "nora-pass", "no CCTV competency");
  vigil_test_run_vigilctl (MGR_STDIN, &status, &out, &err,
                           "--data-dir", fixture->dir, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                           "staff", "competency", "nora", "--assessed", ASSESSED, "--refresher-due", DUE, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  assert_login_allowed (fixture, "nora", "nora-pass");
}

/* Passwords never come from arguments */

static void
test_no_password_argument (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->tmp, "other", NULL);
  g_autofree char *before = site_snapshot (fixture);
  g_autofree char *after = NULL;
  int status;

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    vigil_test_run_vigilctl (NULL, &status, &out, &err,
                             "--data-dir", other, "init", "--site-name", "Other",
                             "--manager", VIGIL_TEST_MANAGER, "--password", VIGIL_TEST_MANAGER_PASSWORD, NULL);
    g_assert_cmpint (status, ==, 2);
    g_assert_cmpstr (out, ==, "");
    vigil_test_assert_one_line_error (err, "--password");
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    vigil_test_run_vigilctl (NULL, &status, &out, &err,
                             "--data-dir", fixture->dir, "login-check", VIGIL_TEST_MANAGER,
                             "--password", VIGIL_TEST_MANAGER_PASSWORD, NULL);
    g_assert_cmpint (status, ==, 2);
    g_assert_cmpstr (out, ==, "");
    vigil_test_assert_one_line_error (err, "--password");
  }

  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    vigil_test_run_vigilctl (NULL, &status, &out, &err,
                             "--data-dir", fixture->dir, "--as", VIGIL_TEST_MANAGER,
                             "--password", VIGIL_TEST_MANAGER_PASSWORD,
                             "staff", "add", "newbie", "--name", "New", "--band", "3", "--role", "operator", NULL);
    g_assert_cmpint (status, ==, 2);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_str_has_prefix (err, "vigilctl: "));
  }

  /* Not even a login attempt was made. */
  after = site_snapshot (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* --help everywhere */

static const char *const help_commands[][2] = {
  { NULL, NULL },
  { "init", NULL },
  { "staff", NULL },
  { "staff", "add" },
  { "staff", "list" },
  { "staff", "set-password" },
  { "staff", "deactivate" },
  { "staff", "competency" },
  { "login-check", NULL },
  { "audit", NULL },
  { "audit", "verify" },
  { "audit", "list" },
};

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  /* Help needs no site, and must not make one. */
  for (guint i = 0; i < G_N_ELEMENTS (help_commands); i++)
    {
      const char *command = help_commands[i][0];
      const char *sub = help_commands[i][1];
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      g_test_message ("--help: %s %s", command ? command : "", sub ? sub : "");
      if (command == NULL)
        vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, "--help", NULL);
      else if (sub == NULL)
        vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, command, "--help", NULL);
      else
        vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, command, sub, "--help", NULL);

      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (out, "Usage"));
    }

  g_assert_false (g_file_test (fixture->dir, G_FILE_TEST_EXISTS));
}

/* audit verify and audit list */

static void
test_audit_verify (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, "audit", "verify", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  vigil_test_raw_tamper (fixture->dir, "UPDATE audit SET reason = 'x' WHERE seq = 2");

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, "audit", "verify", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_null (strstr (out, "intact:"));
  vigil_test_assert_one_line_error (err, "#2");
  g_assert_nonnull (strstr (err, "NOT intact"));
}

static void
test_audit_list_since (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *all = capture_ok (fixture, "audit", "list", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  vigil_test_assert_matches (all, "^#1 .*site-created");
  vigil_test_assert_matches (all, "^#2 .*staff-added\\s+staff:" VIGIL_TEST_MANAGER);

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir,
                           "audit", "list", "--since", "2099-01-01T00:00:00Z", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir,
                           "audit", "list", "--since", "2000-01-01", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, all);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir,
                           "audit", "list", "--since", "yesterday-ish", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  vigil_test_assert_one_line_error (err, "yesterday-ish");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* A write to a vigilctl that has already exited must be an error, not death. */
  signal (SIGPIPE, SIG_IGN);

  /* One behaviour against the spec should not hide the others. */
  g_test_set_nonfatal_assertions ();

  g_test_add ("/cli/init", Fixture, NULL,
              fixture_set_up_empty, test_init, fixture_tear_down);
  g_test_add ("/cli/staff/add-and-list", Fixture, NULL,
              fixture_set_up, test_staff_add_list, fixture_tear_down);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/bad-input/%s", bad_inputs[i].name);

      g_test_add (path, Fixture, &bad_inputs[i],
                  fixture_set_up, test_bad_input, fixture_tear_down);
    }
  g_test_add ("/cli/bad-input/missing-data-folder", Fixture, NULL,
              fixture_set_up_empty, test_missing_data_folder, fixture_tear_down);
  g_test_add ("/cli/bad-input/wrong-acting-password", Fixture, NULL,
              fixture_set_up, test_wrong_acting_password, fixture_tear_down);

  g_test_add ("/cli/login-check/reasons-and-audit", Fixture, NULL,
              fixture_set_up, test_login_check, fixture_tear_down);
  g_test_add ("/cli/login-check/lockout", Fixture, NULL,
              fixture_set_up, test_lockout, fixture_tear_down);
  g_test_add ("/cli/staff/set-password-deactivate-competency", Fixture, NULL,
              fixture_set_up, test_staff_changes, fixture_tear_down);
  g_test_add ("/cli/no-password-argument", Fixture, NULL,
              fixture_set_up, test_no_password_argument, fixture_tear_down);
  g_test_add ("/cli/help", Fixture, NULL,
              fixture_set_up_empty, test_help, fixture_tear_down);
  g_test_add ("/cli/audit/verify-detects-tampering", Fixture, NULL,
              fixture_set_up, test_audit_verify, fixture_tear_down);
  g_test_add ("/cli/audit/list-since", Fixture, NULL,
              fixture_set_up, test_audit_list_since, fixture_tear_down);

  return g_test_run ();
}
