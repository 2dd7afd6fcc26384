/* test-login.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include "vigil-site-private.h"
#include "vigil-test-utils.h"

/* Who may sit at the console, on a real site: every reason a login is
 * refused, in the words the person at the console reads, the lockout and its
 * expiry, and what each attempt leaves in the audit trail. */

#define OPERATOR          "olive"
#define OPERATOR_PASSWORD "olive-password"
#define WRONG_PASSWORD    "not-her-password"

#define WRONG_CREDENTIALS "wrong username or password"

static GPtrArray *
list_audit (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

/* The entry @back places before the newest (0 is the newest). */
static VigilAuditEntry *
audit_entry_from_end (GPtrArray *entries,
                      guint      back)
{
  g_assert_cmpuint (entries->len, >, back);
  return g_ptr_array_index (entries, entries->len - 1 - back);
}

static void
assert_audit_entry (VigilAuditEntry *entry,
                    const char      *actor,
                    const char      *action,
                    const char      *object,
                    const char      *reason,
                    const char      *detail)
{
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, actor);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, action);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, object);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, reason);
  if (detail != NULL)
    g_assert_cmpstr (vigil_audit_entry_get_detail (entry), ==, detail);
}

/* Tries a login that must be refused with @message, and checks that the
 * attempt left exactly one "login-refused" entry giving @audit_reason. */
static void
assert_login_refused (VigilSite  *site,
                      const char *username,
                      const char *password,
                      const char *message,
                      const char *audit_reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *object = g_strdup_printf ("staff:%s", username);
  gint64 before = vigil_test_count_audit (site);

  session = vigil_site_login (site, username, password, "test", &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_null (session);

  entries = list_audit (site);
  g_assert_cmpint (entries->len, ==, before + 1);
  assert_audit_entry (audit_entry_from_end (entries, 0), username, "login-refused", object,
                      audit_reason, "test");
}

/* Logs in, which must work, and checks the "login" entry it leaves. */
static void
assert_login_allowed (VigilSite  *site,
                      const char *username,
                      const char *password)
{
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *object = g_strdup_printf ("staff:%s", username);
  gint64 before = vigil_test_count_audit (site);

  session = vigil_test_login (site, username, password);
  g_assert_cmpstr (vigil_session_get_username (session), ==, username);

  entries = list_audit (site);
  g_assert_cmpint (entries->len, ==, before + 1);
  assert_audit_entry (audit_entry_from_end (entries, 0), username, "login", object, "", "test");
}

/* A wrong password that reaches the threshold: refused with the lockout
 * message, audited as the failed attempt and then the lockout itself. */
static void
assert_wrong_password_locks (VigilSite  *site,
                             const char *username,
                             const char *lockout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *object = g_strdup_printf ("staff:%s", username);
  gint64 before = vigil_test_count_audit (site);

  session = vigil_site_login (site, username, WRONG_PASSWORD, "test", &error);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  g_assert_cmpstr (error->message, ==, lockout);
  g_assert_null (session);

  entries = list_audit (site);
  g_assert_cmpint (entries->len, ==, before + 2);
  assert_audit_entry (audit_entry_from_end (entries, 1), username, "login-refused", object,
                      "wrong password", "test");
  assert_audit_entry (audit_entry_from_end (entries, 0), username, "lockout", object,
                      lockout, "test");
}

static void
add_operator (VigilSite    *site,
              VigilSession *manager,
              const char   *dir)
{
  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        NULL, NULL, OPERATOR_PASSWORD);
}

/* A copy of one site made with the operator. */
static VigilSite *
site_with_operator (char **dir_out)
{
  return vigil_test_site_new_built (add_operator, dir_out);
}

static void
test_login_allowed (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = site_with_operator (&dir);
  g_autoptr(VigilSession) session = NULL;

  session = vigil_test_login (site, OPERATOR, OPERATOR_PASSWORD);
  g_assert_cmpstr (vigil_session_get_username (session), ==, OPERATOR);
  g_assert_cmpstr (vigil_session_get_display_name (session), ==, OPERATOR);
  g_assert_cmpint (vigil_session_get_role (session), ==, VIGIL_ROLE_OPERATOR);

  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_login_refusals (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = site_with_operator (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilStaff) uncertified = NULL;
  g_autoptr(GError) error = NULL;

  /* Band 1, though assessed competent. */
  vigil_test_add_staff (site, manager, "bernie", 1, VIGIL_ROLE_OPERATOR,
                        NULL, NULL, "bernie-password");
  assert_login_refused (site, "bernie", "bernie-password",
                        "band 1: CCTV duty needs band 2 or higher",
                        "band 1: CCTV duty needs band 2 or higher");

  /* Band 4 but never assessed. */
  uncertified = vigil_staff_new ("nia", "Nia", 4, VIGIL_ROLE_OPERATOR);
  g_assert_true (vigil_site_add_staff (site, manager, uncertified, "nia-password", "test", &error));
  g_assert_no_error (error);
  assert_login_refused (site, "nia", "nia-password",
                        "no CCTV competency on record: a manager must record an assessment first",
                        "no CCTV competency on record: a manager must record an assessment first");

  /* Deactivated: the right password no longer lets them in. */
  vigil_test_add_staff (site, manager, "dara", 5, VIGIL_ROLE_TEAM_LEAD,
                        NULL, NULL, "dara-password");
  g_assert_true (vigil_site_deactivate_staff (site, manager, "dara", "left the centre", &error));
  g_assert_no_error (error);
  assert_login_refused (site, "dara", "dara-password",
                        "account dara is deactivated", "account dara is deactivated");

  /* A wrong password and an unknown username read the same at the console;
   * only the trail tells them apart. */
  assert_login_refused (site, OPERATOR, WRONG_PASSWORD, WRONG_CREDENTIALS, "wrong password");
  assert_login_refused (site, "nobody", OPERATOR_PASSWORD, WRONG_CREDENTIALS, "unknown username");

  /* None of that stopped the operator getting in. */
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);
  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_login_refresher_due (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  const char *overdue = "CCTV competency refresher overdue since 2027-06-01";

  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        "2026-06-01", "2027-06-01", OPERATOR_PASSWORD);

  /* The due date is a date in the site's zone (BST in June), so it runs out
   * at local midnight, an hour before midnight UTC. */
  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-06-01T09:00:00+01:00"));
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-06-01T23:59:00+01:00"));
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-06-02T00:01:00+01:00"));
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD, overdue, overdue);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-09-20T12:00:00+01:00"));
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD, overdue, overdue);

  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_login_lockout (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = site_with_operator (&dir);
  const char *locked = "locked after 5 failed attempts until 14:32 BST";
  g_autoptr(VigilStaff) staff = NULL;
  g_autoptr(GError) error = NULL;

  /* Summer: the console shows British Summer Time, an hour ahead of UTC. */
  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-07-15T13:13:00Z"));
  for (guint i = 0; i < 4; i++)
    assert_login_refused (site, OPERATOR, WRONG_PASSWORD, WRONG_CREDENTIALS, "wrong password");

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-07-15T13:17:00Z"));
  assert_wrong_password_locks (site, OPERATOR, locked);

  staff = vigil_site_lookup_staff (site, OPERATOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_staff_get_locked_until (staff), ==, vigil_test_instant ("2027-07-15T13:32:00Z"));

  /* While locked, even the right password is refused, and says until when. */
  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-07-15T13:20:00Z"));
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD, locked, locked);
  assert_login_refused (site, OPERATOR, WRONG_PASSWORD, locked, locked);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-07-15T13:31:59Z"));
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD, locked, locked);

  /* Fifteen minutes on, the lock has run out and the count starts again: one
   * wrong password is just a wrong password, not a new lock. */
  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-07-15T13:32:00Z"));
  assert_login_refused (site, OPERATOR, WRONG_PASSWORD, WRONG_CREDENTIALS, "wrong password");
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);

  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_login_success_resets_count (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = site_with_operator (&dir);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-01-15T09:00:00Z"));
  for (guint i = 0; i < 4; i++)
    assert_login_refused (site, OPERATOR, WRONG_PASSWORD, WRONG_CREDENTIALS, "wrong password");
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);

  for (guint i = 0; i < 4; i++)
    assert_login_refused (site, OPERATOR, WRONG_PASSWORD, WRONG_CREDENTIALS, "wrong password");

  /* Eight wrong passwords, but never five in a row: not locked. */
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);

  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_login_lockout_setting (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = site_with_operator (&dir);
  VigilStore *store = vigil_site_get_store (site);
  const char *locked = "locked after 3 failed attempts until 09:30 GMT";
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_set_setting (store, VIGIL_SETTING_LOCKOUT_THRESHOLD, "3", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_set_setting (store, VIGIL_SETTING_LOCKOUT_MINUTES, "30", &error));
  g_assert_no_error (error);

  /* Winter: the console shows Greenwich Mean Time. */
  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-01-15T09:00:00Z"));
  for (guint i = 0; i < 2; i++)
    assert_login_refused (site, OPERATOR, WRONG_PASSWORD, WRONG_CREDENTIALS, "wrong password");
  assert_wrong_password_locks (site, OPERATOR, locked);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-01-15T09:20:00Z"));
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD, locked, locked);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-01-15T09:30:00Z"));
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);

  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* Every attempt in a mixed run shows in the trail, in order, and the trail
 * still verifies, also from a second opening of the site that has to fetch
 * the key from the keyring. */
static void
test_login_audit_trail (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = site_with_operator (&dir);
  g_autoptr(VigilSite) reopened = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *locked = "locked after 5 failed attempts until 10:15 GMT";
  const char *object = "staff:" OPERATOR;
  gint64 start = vigil_test_instant ("2027-02-01T10:00:00Z");
  gint64 checked = -1;
  guint i;

  vigil_site_set_now_for_testing (site, start);
  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);
  assert_login_refused (site, "ghost", "whatever-it-is", WRONG_CREDENTIALS, "unknown username");
  for (i = 0; i < 4; i++)
    assert_login_refused (site, OPERATOR, WRONG_PASSWORD, WRONG_CREDENTIALS, "wrong password");
  assert_wrong_password_locks (site, OPERATOR, locked);
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD, locked, locked);

  entries = vigil_audit_list (vigil_site_get_audit (site), start, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 9);

  assert_audit_entry (g_ptr_array_index (entries, 0), OPERATOR, "login", object, "", "test");
  assert_audit_entry (g_ptr_array_index (entries, 1), "ghost", "login-refused", "staff:ghost",
                      "unknown username", "test");
  for (i = 2; i < 7; i++)
    assert_audit_entry (g_ptr_array_index (entries, i), OPERATOR, "login-refused", object,
                        "wrong password", "test");
  assert_audit_entry (g_ptr_array_index (entries, 7), OPERATOR, "lockout", object, locked, "test");
  assert_audit_entry (g_ptr_array_index (entries, 8), OPERATOR, "login-refused", object, locked, "test");
  for (i = 0; i < entries->len; i++)
    g_assert_cmpint (vigil_audit_entry_get_at (g_ptr_array_index (entries, i)), ==, start);

  vigil_test_assert_audit_intact (site);

  reopened = vigil_site_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_audit_verify (vigil_site_get_audit (reopened), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, vigil_test_count_audit (site));

  g_assert_finalize_object (g_steal_pointer (&reopened));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

typedef struct
{
  GMainLoop    *loop;
  VigilSession *session;
  GError       *error;
} AsyncLogin;

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncLogin *login = user_data;

  login->session = vigil_site_login_finish (VIGIL_SITE (source), result, &login->error);
  g_main_loop_quit (login->loop);
}

static void
run_async_login (VigilSite  *site,
                 const char *username,
                 const char *password,
                 AsyncLogin *login)
{
  vigil_site_login_async (site, username, password, "console", NULL, login_done, login);
  g_main_loop_run (login->loop);
}

static void
test_login_async (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = site_with_operator (&dir);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) entries = NULL;
  AsyncLogin login = { loop, NULL, NULL };

  run_async_login (site, OPERATOR, OPERATOR_PASSWORD, &login);
  g_assert_no_error (login.error);
  g_assert_true (VIGIL_IS_SESSION (login.session));
  g_assert_cmpstr (vigil_session_get_username (login.session), ==, OPERATOR);
  g_assert_finalize_object (g_steal_pointer (&login.session));

  run_async_login (site, OPERATOR, WRONG_PASSWORD, &login);
  g_assert_error (login.error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  g_assert_cmpstr (login.error->message, ==, WRONG_CREDENTIALS);
  g_assert_null (login.session);
  g_clear_error (&login.error);

  entries = list_audit (site);
  assert_audit_entry (audit_entry_from_end (entries, 1), OPERATOR, "login", "staff:" OPERATOR,
                      "", "console");
  assert_audit_entry (audit_entry_from_end (entries, 0), OPERATOR, "login-refused", "staff:" OPERATOR,
                      "wrong password", "console");

  /* The login's worker thread lets go of the site just after answering. */
  vigil_test_assert_finalize_soon (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/login/allowed", test_login_allowed);
  g_test_add_func ("/login/refusals", test_login_refusals);
  g_test_add_func ("/login/refresher-due", test_login_refresher_due);
  g_test_add_func ("/login/lockout", test_login_lockout);
  g_test_add_func ("/login/success-resets-count", test_login_success_resets_count);
  g_test_add_func ("/login/lockout-setting", test_login_lockout_setting);
  g_test_add_func ("/login/audit-trail", test_login_audit_trail);
  g_test_add_func ("/login/async", test_login_async);

  return g_test_run ();
}
