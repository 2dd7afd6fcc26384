/* bench-login.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a login costs, against a bare argon2id verification with the same
 * parameters measured in the same run; and whether a wrong username takes as
 * long as a wrong password (the ratio should be close to 1).
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-login
 */

#include "config.h"

#include <sodium.h>
#include <stdio.h>

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

#define ROUNDS 15

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *samples)
{
  qsort (samples, ROUNDS, sizeof *samples, compare_double);
  return samples[ROUNDS / 2];
}

typedef enum { RIGHT, WRONG_PASSWORD, UNKNOWN_USER } Attempt;

static double
time_login (VigilSite *site,
            Attempt    attempt)
{
  double samples[ROUNDS];

  for (int i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VigilSession) session = NULL;
      gint64 t = g_get_monotonic_time ();

      session = vigil_site_login (site,
                                  attempt == UNKNOWN_USER ? "nobody-here" : "bench",
                                  attempt == RIGHT ? "bench-password" : "not-the-password",
                                  "bench", &error);
      samples[i] = (g_get_monotonic_time () - t) / 1e3;
      g_assert_true ((session != NULL) == (attempt == RIGHT));
    }
  return median (samples);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  double bare[ROUNDS], hashing[ROUNDS];
  double bare_ms, hash_ms, right_ms, wrong_ms, unknown_ms;

  g_assert_true (sodium_init () >= 0);
  vigil_test_add_staff (site, manager, "bench", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, "bench-password");
  /* Wrong passwords must not lock the account mid-run. */
  g_assert_true (vigil_store_set_setting (vigil_site_get_store (site), VIGIL_SETTING_LOCKOUT_THRESHOLD, "1000000", &error));

  hash = vigil_password_hash ("bench-password", &error);
  for (int i = 0; i < ROUNDS; i++)
    {
      gint64 t = g_get_monotonic_time ();
      g_autofree char *h = vigil_password_hash ("bench-password", NULL);
      hashing[i] = (g_get_monotonic_time () - t) / 1e3;

      t = g_get_monotonic_time ();
      g_assert_cmpint (crypto_pwhash_str_verify (hash, "bench-password", 14), ==, 0);
      bare[i] = (g_get_monotonic_time () - t) / 1e3;
    }
  bare_ms = median (bare);
  hash_ms = median (hashing);

  right_ms = time_login (site, RIGHT);
  wrong_ms = time_login (site, WRONG_PASSWORD);
  unknown_ms = time_login (site, UNKNOWN_USER);

  printf ("# argon2id m=%u MiB t=%u p=1, medians of %d\n", VIGIL_PASSWORD_MEMLIMIT >> 20, VIGIL_PASSWORD_OPSLIMIT, ROUNDS);
  printf ("# bare crypto_pwhash_str_verify: %.1f ms; hashing a new password: %.1f ms\n", bare_ms, hash_ms);
  printf ("# login, right password: %.1f ms (ratio to bare verify %.2f)\n", right_ms, right_ms / bare_ms);
  printf ("# login, wrong password: %.1f ms (ratio %.2f)\n", wrong_ms, wrong_ms / bare_ms);
  printf ("# login, unknown username: %.1f ms (ratio %.2f; to wrong password %.2f)\n",
          unknown_ms, unknown_ms / bare_ms, unknown_ms / wrong_ms);

  g_clear_object (&manager);
  g_clear_object (&site);
  vigil_test_remove_dir (dir);
  return 0;
}
