/* test-hardening-login.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-hardening-login"

#include "config.h"

#include <string.h>

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

/* Logins as someone hostile tries them: the lock words never tell a real
 * username from an invented one, a wrong password counts even when the
 * audit key cannot be read, and whatever is typed as a username reaches the
 * trail as one printable line. */

#define OPERATOR          "olive"
#define OPERATOR_PASSWORD "olive-password"
#define WRONG_PASSWORD    "not-her-password"
#define NOBODY            "oliver"

typedef struct
{
  char         *dir;
  VigilSite    *site;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VigilSession) manager = NULL;

  fixture->site = vigil_test_site_new (&fixture->dir);
  vigil_site_set_now_for_testing (fixture->site, vigil_test_instant ("2027-07-15T13:17:00Z"));
  manager = vigil_test_login_manager (fixture->site);
  vigil_test_add_staff (fixture->site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 checked = 0;

  g_assert_true (vigil_audit_verify (vigil_site_get_audit (fixture->site), &checked, &error));
  g_assert_no_error (error);

  g_clear_object (&fixture->site);
  vigil_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* The words a refused login gives, or NULL when it is let in. */
static char *
login_words (VigilSite  *site,
             const char *username,
             const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = vigil_site_login (site, username, password, "test", &error);

  if (session != NULL)
    return NULL;
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  return g_strdup (error->message);
}

static void
assert_same_words (VigilSite  *site,
                   const char *known_password,
                   const char *expected)
{
  g_autofree char *known = login_words (site, OPERATOR, known_password);
  g_autofree char *unknown = login_words (site, NOBODY, known_password);

  g_assert_cmpstr (known, ==, expected);
  g_assert_cmpstr (unknown, ==, expected);
}

static void
test_unknown_username_locks_alike (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *wrong = "wrong username or password";
  const char *locked = "locked after 5 failed attempts until 14:32 BST";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  VigilAuditEntry *last;

  /* Four wrong attempts at each: the same words. */
  for (guint i = 0; i < 4; i++)
    assert_same_words (fixture->site, WRONG_PASSWORD, wrong);

  /* The fifth locks both, in the same words, and so does every attempt
   * while the lock lasts, right password or not. */
  assert_same_words (fixture->site, WRONG_PASSWORD, locked);
  assert_same_words (fixture->site, WRONG_PASSWORD, locked);
  assert_same_words (fixture->site, OPERATOR_PASSWORD, locked);

  /* A lock that has run out starts the count again, for both: ten more
   * argon2id checks, so only in the thorough run (the slow suite). */
  if (g_test_thorough ())
    {
      vigil_site_set_now_for_testing (fixture->site, vigil_test_instant ("2027-07-15T13:33:00Z"));
      for (guint i = 0; i < 4; i++)
        assert_same_words (fixture->site, WRONG_PASSWORD, wrong);
      assert_same_words (fixture->site, WRONG_PASSWORD, "locked after 5 failed attempts until 14:48 BST");
    }

  /* Counting an invented name makes no one of it, and the trail says what
   * it was. */
  staff = vigil_site_list_staff (fixture->site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 2);
  entries = vigil_audit_list (vigil_site_get_audit (fixture->site), 0, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpstr (vigil_audit_entry_get_actor (last), ==, NOBODY);
  g_assert_cmpstr (vigil_audit_entry_get_action (last), ==, "login-refused");
  g_assert_cmpstr (vigil_audit_entry_get_reason (last), ==,
                   g_test_thorough () ? "unknown username; locked after 5 failed attempts until 14:48 BST"
                                      : "unknown username; locked after 5 failed attempts until 14:32 BST");
}

static guint
failed_logins (VigilSite *site,
               gint64    *locked_until)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaff) staff = vigil_site_lookup_staff (site, OPERATOR, &error);

  g_assert_no_error (error);
  *locked_until = vigil_staff_get_locked_until (staff);
  return vigil_staff_get_failed_logins (staff);
}

static void
assert_key_missing (VigilSite  *site,
                    const char *username,
                    const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = vigil_site_login (site, username, password, "test", &error);

  g_assert_null (session);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET);
}

/* Without the audit key an attempt cannot be audited, and nobody gets in;
 * but wrong passwords still count, or making the key unreadable would
 * allow guessing for ever. */
static void
test_counts_without_key (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(VigilSite) keyless = NULL;
  g_autofree char *words = NULL;
  const char *site_id = vigil_site_get_id (fixture->site);
  gint64 audit_before = vigil_test_count_audit (fixture->site);
  gint64 locked_until = 0;

  key = vigil_secrets_lookup_site_key (site_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_secrets_clear_site_key (site_id, NULL, &error));
  g_assert_no_error (error);

  /* A second process, as it were: it has not read the key yet. */
  keyless = vigil_site_open (fixture->dir, &error);
  g_assert_no_error (error);
  vigil_site_set_now_for_testing (keyless, vigil_test_instant ("2027-07-15T13:17:00Z"));

  for (guint i = 1; i <= 5; i++)
    {
      assert_key_missing (keyless, OPERATOR, WRONG_PASSWORD);
      g_assert_cmpuint (failed_logins (keyless, &locked_until), ==, i);
    }
  g_assert_cmpint (locked_until, ==, vigil_test_instant ("2027-07-15T13:32:00Z"));

  /* The right password changes nothing while the key is missing. */
  assert_key_missing (keyless, OPERATOR, OPERATOR_PASSWORD);
  g_assert_cmpuint (failed_logins (keyless, &locked_until), ==, 5);

  /* An invented name counts the same way. */
  for (guint i = 0; i < 4; i++)
    assert_key_missing (keyless, NOBODY, WRONG_PASSWORD);

  /* Nothing was audited without the key. */
  g_assert_cmpint (vigil_test_count_audit (keyless), ==, audit_before);

  /* With the key back, both are found locked. */
  g_assert_true (vigil_secrets_store_site_key (site_id, vigil_site_get_name (fixture->site), key, NULL, &error));
  g_assert_no_error (error);
  words = login_words (keyless, OPERATOR, OPERATOR_PASSWORD);
  g_assert_cmpstr (words, ==, "locked after 5 failed attempts until 14:32 BST");
  g_clear_pointer (&words, g_free);
  words = login_words (keyless, NOBODY, WRONG_PASSWORD);
  g_assert_cmpstr (words, ==, "locked after 5 failed attempts until 14:32 BST");
}

/* Whatever is typed as a username goes into the trail escaped and cut, so
 * it can neither forge a line nor drive a terminal. */
static void
test_typed_username (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *words = NULL;
  VigilAuditEntry *last;

  words = login_words (fixture->site, "eve\n#99 forged\x1b[2J\xe2\x80\xae", WRONG_PASSWORD);
  g_assert_cmpstr (words, ==, "wrong username or password");
  entries = vigil_audit_list (vigil_site_get_audit (fixture->site), 0, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpstr (vigil_audit_entry_get_actor (last), ==, "eve\\n#99 forged\\x1b[2J\\u{202E}");
  g_assert_cmpstr (vigil_audit_entry_get_object (last), ==, "staff:eve\\n#99 forged\\x1b[2J\\u{202E}");
  g_clear_pointer (&entries, g_ptr_array_unref);

  for (guint i = 0; i < 500; i++)
    g_string_append_c (long_name, 'x');
  g_clear_pointer (&words, g_free);
  words = login_words (fixture->site, long_name->str, WRONG_PASSWORD);
  entries = vigil_audit_list (vigil_site_get_audit (fixture->site), 0, &error);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpint (strlen (vigil_audit_entry_get_actor (last)), ==, 64);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/hardening/login/unknown-username-locks-alike", Fixture, NULL,
              fixture_set_up, test_unknown_username_locks_alike, fixture_tear_down);
  g_test_add ("/hardening/login/counts-without-key", Fixture, NULL,
              fixture_set_up, test_counts_without_key, fixture_tear_down);
  g_test_add ("/hardening/login/typed-username", Fixture, NULL,
              fixture_set_up, test_typed_username, fixture_tear_down);

  return g_test_run ();
}
