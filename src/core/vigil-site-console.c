/* vigil-site-console.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-duty-private.h"
#include "vigil-error.h"
#include "vigil-session-private.h"
#include "vigil-site-async-private.h"
#include "vigil-site-policy.h"
#include "vigil-site-private.h"
#include "vigil-site-wall.h"
#include "vigil-store-centre.h"
#include "vigil-store-duty.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-site-console.h"

/* What a console does that must be on the record: live views, locking,
 * logging out and the alarms of a duty (DESIGN.md, "Records that must
 * last").
 *
 * Each call checks the session first (vigil_site_check_active(), which also
 * refuses a locked or logged-out session), then decides and writes its
 * audit entry inside one write transaction, so what the entry says is what
 * the store held when it was written. Stopping a view, recording an alarm,
 * locking, unlocking and logging out work while the session is locked: they
 * show less, or must never wait for a password. */

#define CONCERN_VIEW_US ((gint64) VIGIL_CONCERN_VIEW_SECONDS * G_USEC_PER_SEC)

static char *
camera_object (VigilCamera *camera)
{
  return g_strdup_printf ("camera:%s", vigil_camera_get_name (camera));
}

static char *
staff_object (VigilSession *session)
{
  return g_strdup_printf ("staff:%s", vigil_session_get_username (session));
}

/* Short words that go into the one-line trail (a concern, why a view
 * stopped, an alarm's detail): blank space around them goes first. */
static char *
trimmed_line (const char  *text,
              const char  *what,
              GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*trimmed != '\0' && !vigil_text_validate_line (trimmed, VIGIL_TEXT_MAX_REASON, what, error))
    return NULL;

  return g_steal_pointer (&trimmed);
}

/* ---- live views --------------------------------------------------------- */

/* The open duty @username holds for the family placed in @camera's room
 * now, or %NULL (without an error) when they hold none there. */
static VigilDuty *
duty_for_camera (VigilSite    *self,
                 VigilCamera  *camera,
                 const char   *username,
                 GError      **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilFamily) family = NULL;

  if (vigil_camera_get_location (camera) != VIGIL_LOCATION_FAMILY_ROOM)
    return NULL;

  duty = vigil_store_duty_open_for_operator (store, username, &local_error);
  if (duty != NULL)
    family = vigil_store_family_in_room (store, vigil_camera_get_room (camera), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (family == NULL || g_strcmp0 (vigil_family_get_case_ref (family), vigil_duty_get_case_ref (duty)) != 0)
    return NULL;

  return g_steal_pointer (&duty);
}

/* The policy's words for a refusal, in the source language, for the trail. */
static char *
recorded_basis (VigilSite   *self,
                const char  *camera,
                gint64       now)
{
  g_auto(VigilPolicyDecision) decision = { 0 };
  locale_t previous = vigil_record_language_begin ();
  gboolean ok = vigil_site_explain_camera (self, camera, now, &decision, NULL);

  vigil_record_language_end (previous);
  return g_strdup (ok && decision.basis != NULL ? decision.basis : "");
}

typedef struct
{
  gint64    until;      /* 0: while the policy allows it */
  gboolean  refused;    /* denied: the refusal is on the record, and @error says it */
} ViewOutcome;

/* Inside the transaction: decides the view and writes its entry. */
static gboolean
settle_view (VigilSite     *self,
             VigilSession  *session,
             const char    *name,
             const char    *concern,
             ViewOutcome   *outcome,
             GError       **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_auto(VigilPolicyDecision) decision = { 0 };
  g_autoptr(VigilCamera) camera = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *basis = NULL;
  g_autofree char *until_text = NULL;
  const char *actor = vigil_session_get_username (session);
  gint64 now = vigil_site_now (self);

  if ((camera = vigil_store_camera_lookup (store, name, error)) == NULL ||
      !vigil_site_explain_camera (self, vigil_camera_get_name (camera), now, &decision, error))
    return FALSE;

  object = camera_object (camera);

  /* Nobody at the wall could say why, and everyone in the room sees it. */
  if (vigil_session_is_wall (session) && decision.live_view == VIGIL_LIVE_VIEW_REASON_REQUIRED)
    {
      if (!vigil_site_audit (self, actor, "live-view-refused", object, "the wall shows no room that needs a reason",
                             "live-view=reason-required wall", error))
        return FALSE;
      outcome->refused = TRUE;
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("%s may be viewed only for a reason: the wall shows no such room"),
                   vigil_camera_get_room (camera));
      return TRUE;
    }

  switch (decision.live_view)
    {
    case VIGIL_LIVE_VIEW_ALLOWED:
      outcome->until = 0;
      detail = vigil_camera_get_room (camera) != NULL
               ? g_strdup_printf ("live-view=allowed room=%s", vigil_camera_get_room (camera))
               : g_strdup ("live-view=allowed");
      return vigil_site_audit (self, actor, "live-view-started", object, concern, detail, error);

    case VIGIL_LIVE_VIEW_REASON_REQUIRED:
      /* The operator on duty for the family in the room has a reason
       * already: the duty, which the entry names. */
      duty = duty_for_camera (self, camera, actor, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (duty != NULL)
        {
          g_autofree char *reason = NULL;

          outcome->until = 0;
          reason = *concern != '\0' ? g_strdup (concern)
                                    : g_strdup_printf ("on duty for family %s", vigil_duty_get_case_ref (duty));
          detail = g_strdup_printf ("live-view=reason-required room=%s duty=%" G_GINT64_FORMAT " family=%s",
                                    vigil_camera_get_room (camera), vigil_duty_get_id (duty),
                                    vigil_duty_get_case_ref (duty));
          return vigil_site_audit (self, actor, "live-view-started", object, reason, detail, error);
        }

      if (*concern == '\0')
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("A safeguarding concern is required to view %s"), vigil_camera_get_room (camera));
          return FALSE;
        }

      outcome->until = now + CONCERN_VIEW_US;
      until_text = vigil_time_format_utc (outcome->until);
      detail = g_strdup_printf ("live-view=reason-required room=%s until=%s",
                                vigil_camera_get_room (camera), until_text);
      return vigil_site_audit (self, actor, "live-view-started", object, concern, detail, error);

    case VIGIL_LIVE_VIEW_DENIED:
    default:
      basis = recorded_basis (self, vigil_camera_get_name (camera), now);
      if (!vigil_site_audit (self, actor, "live-view-refused", object, basis, "live-view=denied", error))
        return FALSE;
      outcome->refused = TRUE;
      /* The policy's own words: they name the room and say why. */
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION, decision.basis);
      return TRUE;
    }
}

/**
 * vigil_site_start_live_view:
 * @camera: the camera's name
 * @concern: (nullable): the safeguarding concern, where the policy requires
 *   a reason: one line of ordinary text, at most 500 characters
 *
 * Starts a live view of @camera for any active member, as the centre's
 * rules say now. Where they require a reason, the operator on duty for the
 * family placed in that room needs none (their duty is the reason, and the
 * view lasts while it runs); anyone else gives a concern and may look for
 * VIGIL_CONCERN_VIEW_SECONDS. A view the rules deny is refused, and the
 * refusal is on the record too.
 *
 * Returns: the instant (microseconds, UTC) the view must end and be asked
 *   for again, 0 where it lasts while the rules allow it, or -1 with @error
 *   set
 */
gint64
vigil_site_start_live_view (VigilSite     *self,
                            VigilSession  *session,
                            const char    *camera,
                            const char    *concern,
                            GError       **error)
{
  VigilStore *store;
  ViewOutcome outcome = { 0, FALSE };
  g_autofree char *trimmed = NULL;
  g_autoptr(GError) refusal = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), -1);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), -1);
  g_return_val_if_fail (camera != NULL, -1);

  if (!vigil_site_check_active (self, session, N_("view a camera live"), error) ||
      (trimmed = trimmed_line (concern, _("concern"), error)) == NULL)
    return -1;

  store = vigil_site_get_store (self);
  if (!vigil_store_begin (store, error))
    return -1;

  if (!settle_view (self, session, camera, trimmed, &outcome, &refusal))
    {
      vigil_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&refusal));
      return -1;
    }

  if (!vigil_store_commit (store, error))
    return -1;

  /* A refusal was recorded, and is the answer. */
  if (outcome.refused)
    {
      g_propagate_error (error, g_steal_pointer (&refusal));
      return -1;
    }

  return outcome.until;
}

/**
 * vigil_site_stop_live_view:
 * @why: (nullable): in a few words ("logged out", "policy changed", "time
 *   up", "closed"); %NULL for "closed"
 *
 * Records that a live view of @camera ended. Allowed while the session is
 * locked: stopping shows less.
 */
gboolean
vigil_site_stop_live_view (VigilSite     *self,
                           VigilSession  *session,
                           const char    *camera,
                           const char    *why,
                           GError       **error)
{
  VigilStore *store;
  g_autoptr(VigilCamera) record = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *object = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (camera != NULL, FALSE);

  if (!vigil_site_check_active_while_locked (self, session, -1, N_("stop a live view"), error) ||
      (trimmed = trimmed_line (why, _("why the view stopped"), error)) == NULL)
    return FALSE;

  store = vigil_site_get_store (self);
  if (!vigil_store_begin (store, error))
    return FALSE;

  if ((record = vigil_store_camera_lookup (store, camera, error)) == NULL ||
      !vigil_site_audit (self, vigil_session_get_username (session), "live-view-stopped",
                         (object = camera_object (record)), *trimmed != '\0' ? trimmed : "closed", "", error))
    {
      vigil_store_rollback (store);
      return FALSE;
    }

  return vigil_store_commit (store, error);
}

/* ---- locking and logging out -------------------------------------------- */

/* The session is this site's and has not logged out. */
static gboolean
check_open_session (VigilSite     *self,
                    VigilSession  *session,
                    const char    *doing,
                    GError       **error)
{
  if (vigil_session_get_site (session) != self)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("permission denied: the session belongs to another site"));
      return FALSE;
    }

  if (vigil_session_is_ended (session))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("permission denied: %s may not %s: the session has ended; log in again"),
                   vigil_session_get_username (session), _(doing));
      return FALSE;
    }

  return TRUE;
}

/* Writes the lock's entry; @was_locked: the session was locked already,
 * so there is nothing to record. */
static gboolean
audit_lock (VigilSite     *self,
            VigilSession  *session,
            const char    *why,
            gboolean       was_locked,
            GError       **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *object = NULL;

  if (!check_open_session (self, session, N_("lock the console"), error) ||
      (trimmed = trimmed_line (why, _("why the console locked"), error)) == NULL)
    return FALSE;

  if (was_locked)
    return TRUE;

  return vigil_site_audit_alone (self, vigil_session_get_username (session), "session-locked",
                                 (object = staff_object (session)), *trimmed != '\0' ? trimmed : "by hand",
                                 "", error);
}

/* Locks an open session of this site at once; says whether it was locked
 * already. */
static gboolean
lock_now (VigilSite    *self,
          VigilSession *session)
{
  gboolean was_locked = vigil_session_is_locked (session);

  if (vigil_session_get_site (session) == self && !vigil_session_is_ended (session))
    vigil_session_set_locked (session, TRUE);
  return was_locked;
}

/**
 * vigil_site_lock_session:
 * @why: (nullable): "idle" or "by hand"; %NULL for "by hand"
 *
 * Locks the session: from now on every call made with it that changes
 * anything or reveals footage is refused (%VIGIL_ERROR_LOCKED) until
 * vigil_site_unlock_session(). The session is locked first and the lock
 * audited after, so that a lock never fails open: should the entry not be
 * written, the session is locked all the same and @error says why. Locking
 * a locked session changes nothing and writes nothing. A member whose
 * account was deactivated meanwhile may still lock: it only shows less.
 */
gboolean
vigil_site_lock_session (VigilSite     *self,
                         VigilSession  *session,
                         const char    *why,
                         GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);

  return audit_lock (self, session, why, lock_now (self, session), error);
}

/**
 * vigil_site_unlock_session:
 *
 * Checks @password exactly as a login does (argon2id; a wrong one counts
 * towards the lockout and is audited as "unlock-refused"; a locked-out
 * member, or one who may no longer log in, stays locked out) and unlocks
 * the session. A session that is not locked is left as it is.
 *
 * Returns: %TRUE once unlocked; a refusal is %VIGIL_ERROR_LOGIN_REFUSED
 *   and says why in plain words
 */
gboolean
vigil_site_unlock_session (VigilSite     *self,
                           VigilSession  *session,
                           const char    *password,
                           GError       **error)
{
  g_autoptr(VigilStaff) staff = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!check_open_session (self, session, N_("unlock the console"), error))
    return FALSE;

  if (!vigil_session_is_locked (session))
    return TRUE;

  staff = vigil_site_authenticate (self, vigil_session_get_username (session), password, "console",
                                   VIGIL_AUTH_UNLOCK, error);
  if (staff == NULL)
    return FALSE;

  vigil_session_set_locked (session, FALSE);
  return TRUE;
}

/**
 * vigil_site_logout:
 *
 * Ends the session for good, locked or not: every later call made with it
 * is refused. As with a lock, the session ends even when the entry cannot
 * be written. A duty the member holds goes on (it ends only with its
 * summary); the entry names it.
 */
gboolean
vigil_site_logout (VigilSite     *self,
                   VigilSession  *session,
                   GError       **error)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) duty_error = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);

  if (!check_open_session (self, session, N_("log out"), error))
    return FALSE;

  vigil_session_set_ended (session);

  duty = vigil_store_duty_open_for_operator (vigil_site_get_store (self), vigil_session_get_username (session),
                                             &duty_error);
  if (duty != NULL)
    detail = g_strdup_printf ("duty=%" G_GINT64_FORMAT " family=%s still open",
                              vigil_duty_get_id (duty), vigil_duty_get_case_ref (duty));

  return vigil_site_audit_alone (self, vigil_session_get_username (session), "logout",
                                 (object = staff_object (session)), "", detail ? detail : "", error);
}

/* ---- a duty's alarms ---------------------------------------------------- */

static const char *
alarm_action (VigilDutyAlarm alarm)
{
  switch (alarm)
    {
    case VIGIL_DUTY_ALARM_LOST:
      return "duty-alarm-lost";
    case VIGIL_DUTY_ALARM_ACKNOWLEDGED:
      return "duty-alarm-acknowledged";
    case VIGIL_DUTY_ALARM_RETURNED:
      return "duty-alarm-returned";
    default:
      return NULL;
    }
}

/**
 * vigil_site_record_duty_alarm:
 * @detail: (nullable): what was lost or came back ("picture", "sound", and
 *   the camera's words): one line of ordinary text
 *
 * Records a duty's alarm: only the operator on duty for the family may.
 * Allowed while the session is locked: an alarm never waits for a password.
 */
gboolean
vigil_site_record_duty_alarm (VigilSite       *self,
                              VigilSession    *session,
                              const char      *case_ref,
                              VigilDutyAlarm   alarm,
                              const char      *detail,
                              GError         **error)
{
  VigilStore *store;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *object = NULL;
  g_autofree char *record = NULL;
  const char *actor;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);
  g_return_val_if_fail (alarm_action (alarm) != NULL, FALSE);

  if (!vigil_site_check_active_while_locked (self, session, -1, N_("record a duty's alarm"), error) ||
      (trimmed = trimmed_line (detail, _("alarm detail"), error)) == NULL)
    return FALSE;

  store = vigil_site_get_store (self);
  actor = vigil_session_get_username (session);
  if (!vigil_store_begin (store, error))
    return FALSE;

  if ((family = vigil_store_family_lookup (store, case_ref, error)) == NULL)
    goto failed;

  duty = vigil_store_duty_open_for_family (store, vigil_family_get_id (family), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto failed;
    }
  if (duty == NULL || !g_str_equal (vigil_duty_get_operator (duty), actor))
    {
      if (duty == NULL)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                     _("permission denied: %s may not record an alarm for family %s: nobody is on duty for it"),
                     actor, vigil_family_get_case_ref (family));
      else
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                     _("permission denied: %s may not record an alarm for family %s: %s is on duty for it"),
                     actor, vigil_family_get_case_ref (family), vigil_duty_get_operator (duty));
      goto failed;
    }

  object = g_strdup_printf ("family:%s", vigil_family_get_case_ref (family));
  record = g_strdup_printf ("duty=%" G_GINT64_FORMAT, vigil_duty_get_id (duty));
  if (!vigil_site_audit (self, actor, alarm_action (alarm), object, trimmed, record, error))
    goto failed;

  return vigil_store_commit (store, error);

failed:
  vigil_store_rollback (store);
  return FALSE;
}

/* ---- on the site's worker ----------------------------------------------- */

static gpointer
start_live_view_work (VigilSite  *self,
                      gpointer    data,
                      GError    **error)
{
  VigilSiteCall *call = data;
  gint64 *until = g_new (gint64, 1);

  *until = vigil_site_start_live_view (self, call->session, call->name, call->reason, error);
  if (*until < 0)
    g_clear_pointer (&until, g_free);
  return until;
}

void
vigil_site_start_live_view_async (VigilSite           *self,
                                  VigilSession        *session,
                                  const char          *camera,
                                  const char          *concern,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (camera);
  call->reason = g_strdup (concern);
  vigil_site_call_run (self, vigil_site_start_live_view_async, call, start_live_view_work, g_free,
                       cancellable, callback, user_data);
}

gint64
vigil_site_start_live_view_finish (VigilSite     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autofree gint64 *until = vigil_site_finish_pointer (self, result, vigil_site_start_live_view_async, error);

  return until != NULL ? *until : -1;
}

static gpointer
stop_live_view_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_stop_live_view (self, call->session, call->name, call->reason, error));
}

void
vigil_site_stop_live_view_async (VigilSite           *self,
                                 VigilSession        *session,
                                 const char          *camera,
                                 const char          *why,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (camera);
  call->reason = g_strdup (why);
  vigil_site_call_run (self, vigil_site_stop_live_view_async, call, stop_live_view_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_stop_live_view_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_stop_live_view_async, error);
}

static gpointer
lock_session_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (audit_lock (self, call->session, call->reason, call->flag, error));
}

/* The session is locked at once, and the entry written on the worker: a
 * console that asks for a lock is locked when this returns. */
void
vigil_site_lock_session_async (VigilSite           *self,
                               VigilSession        *session,
                               const char          *why,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  call = vigil_site_call_new (session);
  call->reason = g_strdup (why);
  call->flag = lock_now (self, session);
  vigil_site_call_run (self, vigil_site_lock_session_async, call, lock_session_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_lock_session_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_lock_session_async, error);
}

static gpointer
unlock_session_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_unlock_session (self, call->session, call->secret, error));
}

/* The argon2id check takes a tenth of a second or more: on the worker. */
void
vigil_site_unlock_session_async (VigilSite           *self,
                                 VigilSession        *session,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (password != NULL);

  call = vigil_site_call_new (session);
  call->secret = g_strdup (password);
  vigil_site_call_run (self, vigil_site_unlock_session_async, call, unlock_session_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_unlock_session_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_unlock_session_async, error);
}

static gpointer
logout_work (VigilSite  *self,
             gpointer    data,
             GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_logout (self, call->session, error));
}

void
vigil_site_logout_async (VigilSite           *self,
                         VigilSession        *session,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  vigil_site_call_run (self, vigil_site_logout_async, vigil_site_call_new (session), logout_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_logout_finish (VigilSite     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_logout_async, error);
}

static gpointer
record_duty_alarm_work (VigilSite  *self,
                        gpointer    data,
                        GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_record_duty_alarm (self, call->session, call->name,
                                                        (VigilDutyAlarm) call->number, call->text, error));
}

void
vigil_site_record_duty_alarm_async (VigilSite           *self,
                                    VigilSession        *session,
                                    const char          *case_ref,
                                    VigilDutyAlarm       alarm,
                                    const char          *detail,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL);
  g_return_if_fail (alarm_action (alarm) != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->number = alarm;
  call->text = g_strdup (detail);
  vigil_site_call_run (self, vigil_site_record_duty_alarm_async, call, record_duty_alarm_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_record_duty_alarm_finish (VigilSite     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_record_duty_alarm_async, error);
}
