/* vigil-password.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-password"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-password.h"

/* A hash of a random password nobody knows, made with the parameters above.
 * Checking a login for an unknown username against it costs exactly what a
 * wrong password for a real one costs, so timing does not reveal who exists. */
static const char nobody_hash[] =
  "$argon2id$v=19$m=65536,t=3,p=1$o3x4Ul4CHSAWJJa1vX0Fcg$uIOvUNSGfngbBy8SWMOb/HBMc9QeadYtjLuoviY8XgE";

#define MAX_PASSWORD_LENGTH 1024

static void
ensure_sodium (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      if (sodium_init () < 0)
        g_error ("libsodium could not be initialised");
      g_once_init_leave (&initialised, 1);
    }
}

gboolean
vigil_password_check_acceptable (const char  *password,
                                 GError     **error)
{
  gsize len = password ? strlen (password) : 0;

  if (len == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("empty password"));
      return FALSE;
    }
  if (g_utf8_strlen (password, -1) < VIGIL_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("password too short: use at least %d characters"),
                   VIGIL_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  if (len > MAX_PASSWORD_LENGTH)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("password too long: use at most %d bytes"), MAX_PASSWORD_LENGTH);
      return FALSE;
    }
  return TRUE;
}

char *
vigil_password_hash (const char  *password,
                     GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  ensure_sodium ();

  if (crypto_pwhash_str_alg (out, password, strlen (password),
                             VIGIL_PASSWORD_OPSLIMIT, VIGIL_PASSWORD_MEMLIMIT,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("could not hash the password: not enough memory"));
      return NULL;
    }

  return g_strdup (out);
}

gboolean
vigil_password_verify (const char *hash,
                       const char *password)
{
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  ensure_sodium ();

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

void
vigil_password_verify_nobody (const char *password)
{
  g_return_if_fail (password != NULL);

  (void) vigil_password_verify (nobody_hash, password);
}

gboolean
vigil_password_needs_rehash (const char *hash)
{
  g_return_val_if_fail (hash != NULL, FALSE);

  ensure_sodium ();

  return crypto_pwhash_str_needs_rehash (hash, VIGIL_PASSWORD_OPSLIMIT,
                                         VIGIL_PASSWORD_MEMLIMIT) != 0;
}
