/* vigil-site-login.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-password.h"
#include "vigil-session-private.h"
#include "vigil-site-async-private.h"
#include "vigil-site-machines.h"
#include "vigil-site-private.h"
#include "vigil-staff-private.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* Logins: who may sit at the console.
 *
 * The password is checked before anything is said about the account, and
 * every path costs one argon2id verification, so neither the answer nor its
 * timing tells an unknown username from a wrong password. Counters and the
 * audit entry are written in one transaction after the (slow) hash check, so
 * the write lock is never held while hashing. */

/* Typed usernames go into the audit trail as they were typed, within reason:
 * escaped (a line break typed as a username must not forge an entry) and
 * cut to a length. */
#define MAX_LOGGED_USERNAME 64

/* Failed attempts at a username that does not exist are counted as for a
 * real account, in settings rows under this prefix (never listed), so that
 * such a username locks after as many attempts, with the same words, and a
 * lock message never tells a real username from an invented one. */
#define UNKNOWN_FAILURES_PREFIX "login-failures:"
/* Each name typed makes a row: the newest this many are kept, so typing
 * names cannot grow the file without bound. A name dropped from the list
 * only starts its count again; it is no account. */
#define UNKNOWN_FAILURES_KEPT   1000

static char *
printable_username (const char *typed)
{
  g_autofree char *escaped = vigil_text_escape (typed, -1);

  return g_utf8_substring (escaped, 0, MIN (g_utf8_strlen (escaped, -1), MAX_LOGGED_USERNAME));
}

/* Writes an entry about a login attempt, unless the audit key could not be
 * read: the attempt still counts towards the lockout then, unaudited. */
static gboolean
audit_attempt (VigilSite   *self,
               gboolean     audited,
               const char  *actor,
               const char  *action,
               const char  *object,
               const char  *reason,
               const char  *via,
               GError     **error)
{
  return !audited || vigil_site_audit (self, actor, action, object, reason, via, error);
}

static char *
lockout_message (VigilSite *self,
                 guint      attempts,
                 gint64     until)
{
  g_autofree char *when = vigil_time_format_local (until, vigil_site_get_time_zone (self), "%H:%M %Z");

  return g_strdup_printf (_("locked after %u failed attempts until %s"), attempts, when);
}

/* The same, in the source language, for the audit trail. */
static char *
lockout_record (VigilSite *self,
                guint      attempts,
                gint64     until)
{
  locale_t previous = vigil_record_language_begin ();
  char *record = lockout_message (self, attempts, until);

  vigil_record_language_end (previous);
  return record;
}

typedef struct
{
  gboolean  allowed;
  char     *refusal;     /* what the person at the console is told */
} LoginOutcome;

static void
login_outcome_clear (LoginOutcome *outcome)
{
  g_clear_pointer (&outcome->refusal, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoginOutcome, login_outcome_clear)

/* Decides and records a login for a known member of staff, inside the
 * transaction, from their row as it is now. */
static gboolean
settle_known (VigilSite         *self,
              const char        *username,
              gboolean           password_ok,
              const char        *new_hash,
              const char        *via,
              VigilAuthPurpose   purpose,
              gboolean           audited,
              LoginOutcome      *outcome,
              GError           **error)
{
  const char *granted = purpose == VIGIL_AUTH_UNLOCK ? "session-unlocked" : "login";
  const char *refused = purpose == VIGIL_AUTH_UNLOCK ? "unlock-refused" : "login-refused";
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilStaff) staff = NULL;
  g_autofree char *object = g_strdup_printf ("staff:%s", username);
  g_autofree char *today = NULL;
  g_autofree char *record = NULL;   /* the refusal as the trail keeps it */
  guint threshold = vigil_site_get_setting_uint (self, VIGIL_SETTING_LOCKOUT_THRESHOLD);
  gint64 now = vigil_site_now (self);
  gint64 locked_until;
  guint failed;

  staff = vigil_store_staff_lookup (store, username, NULL, error);
  if (staff == NULL)
    return FALSE;

  failed = vigil_staff_get_failed_logins (staff);
  locked_until = vigil_staff_get_locked_until (staff);

  if (locked_until > now)
    {
      outcome->refusal = lockout_message (self, failed, locked_until);
      record = lockout_record (self, failed, locked_until);
      return audit_attempt (self, audited, username, refused, object, record, via, error);
    }

  if (locked_until != 0)
    {
      /* A lock that has run out starts the count again. */
      failed = 0;
      locked_until = 0;
    }

  if (!password_ok)
    {
      failed++;
      /* Unlocking, the name is on the screen already: only the password
       * can be wrong. */
      outcome->refusal = g_strdup (purpose == VIGIL_AUTH_UNLOCK ? _("wrong password")
                                                                : _("wrong username or password"));

      if (failed < threshold)
        return vigil_store_staff_set_login_state (store, username, failed, 0, error) &&
               audit_attempt (self, audited, username, refused, object, "wrong password", via, error);

      locked_until = now + (gint64) vigil_site_get_setting_uint (self, VIGIL_SETTING_LOCKOUT_MINUTES) * 60 * G_USEC_PER_SEC;
      g_free (outcome->refusal);
      outcome->refusal = lockout_message (self, failed, locked_until);
      record = lockout_record (self, failed, locked_until);
      return vigil_store_staff_set_login_state (store, username, failed, locked_until, error) &&
             audit_attempt (self, audited, username, refused, object, "wrong password", via, error) &&
             audit_attempt (self, audited, username, "lockout", object, record, via, error);
    }

  /* The right password, but an attempt that cannot be audited lets nobody
   * in, so it changes nothing either. */
  if (!audited)
    return TRUE;

  if (!vigil_store_staff_set_login_state (store, username, 0, 0, error))
    return FALSE;

  if (new_hash != NULL && !vigil_store_staff_set_password (store, username, new_hash, error))
    return FALSE;

  today = vigil_date_today (vigil_site_get_time_zone (self), now);
  outcome->refusal = vigil_staff_login_refusal (staff, today);
  if (outcome->refusal != NULL)
    {
      locale_t previous = vigil_record_language_begin ();

      record = vigil_staff_login_refusal (staff, today);
      vigil_record_language_end (previous);
      return vigil_site_audit (self, username, refused, object, record, via, error);
    }

  outcome->allowed = TRUE;
  return vigil_site_audit (self, username, granted, object, "", via, error);
}

/* The same for a username nobody has: always a wrong password, counted and
 * locked exactly as a real account's would be. */
static gboolean
settle_unknown (VigilSite     *self,
                const char    *typed,
                const char    *via,
                const char    *refused,
                gboolean       audited,
                LoginOutcome  *outcome,
                GError       **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(GError) read_error = NULL;
  g_autofree char *key = g_strconcat (UNKNOWN_FAILURES_PREFIX, typed, NULL);
  g_autofree char *object = g_strdup_printf ("staff:%s", typed);
  g_autofree char *state = NULL;
  g_autofree char *value = NULL;
  g_autofree char *record = NULL;
  g_autofree char *reason = NULL;
  guint threshold = vigil_site_get_setting_uint (self, VIGIL_SETTING_LOCKOUT_THRESHOLD);
  gint64 now = vigil_site_now (self);
  gint64 locked_until = 0;
  guint failed = 0;

  state = vigil_store_get_setting (store, key, &read_error);
  if (read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return FALSE;
    }
  if (state != NULL && sscanf (state, "%u %" G_GINT64_FORMAT, &failed, &locked_until) != 2)
    {
      failed = 0;
      locked_until = 0;
    }

  if (locked_until > now)
    {
      outcome->refusal = lockout_message (self, failed, locked_until);
      record = lockout_record (self, failed, locked_until);
      reason = g_strdup_printf ("unknown username; %s", record);
      return audit_attempt (self, audited, typed, refused, object, reason, via, error);
    }

  if (locked_until != 0)
    {
      failed = 0;
      locked_until = 0;
    }

  failed++;
  if (failed < threshold)
    {
      outcome->refusal = g_strdup (_("wrong username or password"));
      reason = g_strdup ("unknown username");
    }
  else
    {
      locked_until = now + (gint64) vigil_site_get_setting_uint (self, VIGIL_SETTING_LOCKOUT_MINUTES) * 60 * G_USEC_PER_SEC;
      outcome->refusal = lockout_message (self, failed, locked_until);
      record = lockout_record (self, failed, locked_until);
      reason = g_strdup_printf ("unknown username; %s", record);
    }

  value = g_strdup_printf ("%u %" G_GINT64_FORMAT, failed, locked_until);
  return vigil_store_set_setting (store, key, value, error) &&
         (state != NULL ||
          vigil_store_settings_trim_prefix (store, UNKNOWN_FAILURES_PREFIX, UNKNOWN_FAILURES_KEPT, error)) &&
         audit_attempt (self, audited, typed, refused, object, reason, via, error);
}

/**
 * vigil_site_login:
 * @via: where the login came from ("console", "vigilctl"), for the trail
 *
 * Logs a member of staff in when they are active, band 2 or higher, and hold
 * a CCTV competency whose refresher is not overdue. Every attempt is audited;
 * wrong passwords count towards the lockout.
 *
 * Returns: (transfer full): a session, or %NULL with @error set; a refusal is
 *   %VIGIL_ERROR_LOGIN_REFUSED and says why in plain words
 */
VigilSession *
vigil_site_login (VigilSite   *self,
                  const char  *username,
                  const char  *password,
                  const char  *via,
                  GError     **error)
{
  g_autoptr(VigilStaff) staff = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (username != NULL && password != NULL, NULL);

  staff = vigil_site_authenticate (self, username, password, via, VIGIL_AUTH_LOGIN, error);
  if (staff == NULL)
    return NULL;

  return vigil_session_new (self, staff, vigil_site_now (self));
}

/* A login's checks and records, for logging in and for unlocking a session
 * (vigil-site-console.c). */
VigilStaff *
vigil_site_authenticate (VigilSite         *self,
                         const char        *username,
                         const char        *password,
                         const char        *via,
                         VigilAuthPurpose   purpose,
                         GError           **error)
{
  VigilStore *store;
  g_autoptr(VigilStaff) staff = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *new_hash = NULL;
  g_autoptr(GError) key_error = NULL;
  g_auto(LoginOutcome) outcome = { FALSE, NULL };
  gboolean password_ok = FALSE;
  gboolean audited;
  gboolean recorded;

  g_assert (VIGIL_IS_SITE (self));
  g_assert (username != NULL && password != NULL);

  store = vigil_site_get_store (self);
  via = via ? via : "";

  /* A machine the site revoked, or never let join, logs nobody in. */
  if (!vigil_site_check_machine (self, error))
    return NULL;

  staff = vigil_store_staff_lookup (store, username, &hash, &lookup_error);
  if (staff == NULL && !g_error_matches (lookup_error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return NULL;
    }

  if (staff != NULL)
    {
      password_ok = vigil_password_verify (hash, password);
      if (password_ok && vigil_password_needs_rehash (hash))
        new_hash = vigil_password_hash (password, NULL);
    }
  else
    vigil_password_verify_nobody (password);

  /* Without the key the attempt cannot be audited, but it still counts:
   * otherwise a keyring made unreadable would allow guessing for ever. */
  audited = vigil_audit_ensure_key (vigil_site_get_audit (self), &key_error);
  if (!vigil_store_begin (store, error))
    return NULL;

  if (staff != NULL)
    recorded = settle_known (self, username, password_ok, new_hash, via, purpose, audited, &outcome, error);
  else
    {
      g_autofree char *typed = printable_username (username);

      recorded = settle_unknown (self, typed, via,
                                 purpose == VIGIL_AUTH_UNLOCK ? "unlock-refused" : "login-refused",
                                 audited, &outcome, error);
    }

  /* An attempt that cannot be recorded does not let anyone in. */
  if (!recorded)
    {
      vigil_store_rollback (store);
      return NULL;
    }
  if (!vigil_store_commit (store, error))
    return NULL;

  if (!audited)
    {
      g_propagate_error (error, g_steal_pointer (&key_error));
      return NULL;
    }

  if (!outcome.allowed)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED, outcome.refusal);
      return NULL;
    }

  return g_steal_pointer (&staff);
}

static gpointer
login_work (VigilSite  *self,
            gpointer    data,
            GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_login (self, call->name, call->secret, call->text, error);
}

/* The console's way in: the argon2id check takes a tenth of a second or more,
 * so it runs on the site's worker thread. */
void
vigil_site_login_async (VigilSite           *self,
                        const char          *username,
                        const char          *password,
                        const char          *via,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (username != NULL && password != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (username);
  call->secret = g_strdup (password);
  call->text = g_strdup (via);
  vigil_site_call_run (self, vigil_site_login_async, call, login_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilSession *
vigil_site_login_finish (VigilSite     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_login_async, error);
}
