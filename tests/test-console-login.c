/* test-console-login.c: the console's login page, driven over AT-SPI in a
 * real window on the tests' display, against a real site.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-login"

#include "config.h"

#include <string.h>

#include "atspi-driver.h"
#include "vigil-test-utils.h"

typedef struct
{
  Console         *console;
  AtspiAccessible *username;
  AtspiAccessible *password;
  AtspiAccessible *log_in;
} LoginPage;

static void
page_open (LoginPage  *page,
           const char *dir)
{
  page->console = console_start (dir);
  page->username = console_find (page->console, ATSPI_ROLE_TEXT, "Username", NULL);
  page->password = console_find (page->console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  page->log_in = console_find (page->console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
}

static void
page_close (LoginPage *page)
{
  g_clear_object (&page->username);
  g_clear_object (&page->password);
  g_clear_object (&page->log_in);
  g_clear_pointer (&page->console, console_free);
}

/* Types, presses Log In, and waits for the answer: the page empties the
 * password field once the core has answered, whatever the answer. */
static void
log_in (LoginPage  *page,
        const char *username,
        const char *password)
{
  console_type (page->username, username);
  console_type (page->password, password);
  console_click (page->log_in);
  console_wait_empty (page->password);
}

/* A refusal in the core's words; then the right password lets the
 * manager in, and the console says who is logged in. */
static void
test_refused_then_in (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(AtspiAccessible) error = NULL;
  g_autoptr(AtspiAccessible) who = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *shown = NULL;
  LoginPage page = { 0 };

  console_test_init ();
  page_open (&page, dir);

  /* The password typed is not left behind (log_in waits for that). */
  log_in (&page, VIGIL_TEST_MANAGER, "not-the-password");
  error = console_find (page.console, ATSPI_ROLE_LABEL, NULL, "Why the login was refused");
  refusal = console_wait_text (error, "wrong username or password");

  log_in (&page, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  who = console_find (page.console, ATSPI_ROLE_LABEL, NULL, "Who is logged in");
  g_free (shown);
  shown = console_wait_text (who, "(manager)");

  /* Both attempts are in the trail, as from any console. */
  g_assert_cmpint (vigil_test_count_audit (site), >=, 3);

  page_close (&page);
  vigil_test_remove_dir (dir);
}

/* Five wrong passwords lock the account, and the page says until when. */
static void
test_locked (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(AtspiAccessible) error = NULL;
  g_autofree char *shown = NULL;
  LoginPage page = { 0 };

  console_test_init ();
  page_open (&page, dir);

  /* Five wrong passwords lock the account: at the latest the next try
   * says so, with until when. */
  for (guint i = 0; i < 6 && (shown == NULL || strstr (shown, "until") == NULL); i++)
    {
      log_in (&page, VIGIL_TEST_MANAGER, "not-the-password");
      if (error == NULL)
        error = console_find (page.console, ATSPI_ROLE_LABEL, NULL, "Why the login was refused");
      g_free (shown);
      shown = console_read (error);
      g_assert_true (strstr (shown, "wrong username or password") != NULL || strstr (shown, "until") != NULL);
    }
  g_assert_nonnull (strstr (shown, "locked"));
  g_assert_nonnull (strstr (shown, "until"));

  /* Locked, the right password is refused too. */
  log_in (&page, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  g_free (shown);
  shown = console_read (error);
  g_assert_nonnull (strstr (shown, "until"));

  page_close (&page);
  vigil_test_remove_dir (dir);
}

static void
wait_audit (VigilSite  *site,
            const char *action)
{
  vigil_test_wait_audit (site, VIGIL_TEST_MANAGER, action, NULL, NULL, CONSOLE_DEADLINE_US);
}

/* Locking hides the console until the password is given again; a wrong
 * one is refused in the core's words; logging out ends the session. Each
 * step is on the audit trail. */
static void
test_lock_unlock_logout (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(AtspiAccessible) coverage = NULL;
  g_autoptr(AtspiAccessible) lock = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) unlock = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) log_out = NULL;
  g_autoptr(AtspiAccessible) who = NULL;
  g_autofree char *shown = NULL;
  LoginPage page = { 0 };

  console_test_init ();
  page_open (&page, dir);
  log_in (&page, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  coverage = console_find (page.console, ATSPI_ROLE_LABEL, NULL, "Who watches whom");
  shown = console_wait_text (coverage, "Nobody is on duty");

  lock = console_find (page.console, ATSPI_ROLE_PUSH_BUTTON, "Lock", NULL);
  console_click (lock);
  console_wait_empty (coverage);
  wait_audit (site, "session-locked");
  console_screenshot ("locked");

  secret = console_find (page.console, ATSPI_ROLE_PASSWORD_TEXT, "Password to unlock", NULL);
  unlock = console_find (page.console, ATSPI_ROLE_PUSH_BUTTON, "Unlock", NULL);
  console_type (secret, "not-the-password");
  console_click (unlock);
  refusal = console_find (page.console, ATSPI_ROLE_LABEL, NULL, "Why unlocking was refused");
  g_free (shown);
  shown = console_wait_text (refusal, "wrong password");
  wait_audit (site, "unlock-refused");
  g_free (shown);
  shown = console_read (coverage);
  g_assert_cmpstr (shown, ==, "");

  console_type (secret, VIGIL_TEST_MANAGER_PASSWORD);
  console_click (unlock);
  g_free (shown);
  shown = console_wait_text (coverage, "Nobody is on duty");
  wait_audit (site, "session-unlocked");

  log_out = console_find (page.console, ATSPI_ROLE_PUSH_BUTTON, "Log Out", NULL);
  console_click (log_out);
  who = console_find (page.console, ATSPI_ROLE_LABEL, NULL, "Who is logged in");
  console_wait_empty (who);
  wait_audit (site, "logout");

  page_close (&page);
  vigil_test_remove_dir (dir);
}

/* Left alone for the site's idle time (one minute here), the console locks
 * itself, and the trail says it locked for idleness. Thorough only: it
 * waits out that minute. */
static void
test_idle_lock (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(AtspiAccessible) coverage = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  LoginPage page = { 0 };
  gint64 idle_since;

  if (!g_test_thorough ())
    {
      g_test_skip ("waits a minute for the idle lock: run with -m thorough");
      return;
    }
  site = vigil_test_site_new (&dir);
  manager = vigil_test_login_manager (site);
  g_assert_true (vigil_site_set_setting (site, manager, VIGIL_SETTING_IDLE_LOCK_MINUTES, "1",
                                         "the idle lock's test", &error));
  g_assert_no_error (error);

  console_test_init ();
  page_open (&page, dir);
  log_in (&page, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  idle_since = g_get_monotonic_time ();
  coverage = console_find (page.console, ATSPI_ROLE_LABEL, NULL, "Who watches whom");
  shown = console_wait_text (coverage, "Nobody is on duty");

  /* The minute, checked every 5 s, with as much again for a busy machine. */
  vigil_test_wait_audit (site, VIGIL_TEST_MANAGER, "session-locked", NULL, "idle", 130 * G_USEC_PER_SEC);
  g_test_message ("locked %.1f s after the last touch", (g_get_monotonic_time () - idle_since) / 1e6);
  /* Not before its time: the Log In press was the last touch. */
  g_assert_cmpint (g_get_monotonic_time () - idle_since, >=, 55 * G_USEC_PER_SEC);
  secret = console_find (page.console, ATSPI_ROLE_PASSWORD_TEXT, "Password to unlock", NULL);
  console_wait_empty (coverage);
  console_screenshot ("idle-locked");

  page_close (&page);
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-login/refused-then-in", test_refused_then_in);
  g_test_add_func ("/console-login/locked", test_locked);
  g_test_add_func ("/console-login/lock-unlock-logout", test_lock_unlock_logout);
  g_test_add_func ("/console-login/idle-lock", test_idle_lock);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
