/* vigil-site-watch.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-site-centre-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-duty.h"
#include "vigil-text.h"
#include "vigil-time.h"
#include "vigil-watch-request-private.h"

#include "vigil-site-duty.h"

/* Watch requests: "this family needs a remote watcher now", raised and
 * withdrawn. A request closes when a duty starts for the family
 * (vigil-site-duty.c) or when it is withdrawn; while open with nobody on
 * duty it is uncovered. As for duties, each change checks the actor, then
 * reads and writes inside one write transaction, and its audit entry is
 * written in the same. */

/* ---- watch requests ---------------------------------------------------- */

/* A watch request's reason is optional; given, it goes into the one-line
 * audit trail, so it is checked as every other reason is. Blank space
 * around it goes first. */
static char *
trimmed_reason (const char  *reason,
                GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (*trimmed != '\0' && !vigil_text_validate_reason (trimmed, TRUE, error))
    return NULL;

  return g_steal_pointer (&trimmed);
}

static VigilFamily *
check_request (VigilSite   *self,
               const char  *case_ref,
               GError     **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;

  family = vigil_site_centre_placed_family (self, case_ref, error);
  if (family == NULL)
    return NULL;

  duty = vigil_store_duty_open_for_family (store, vigil_family_get_id (family), &local_error);
  if (duty == NULL && local_error == NULL)
    request = vigil_store_watch_request_open_for_family (store, vigil_family_get_id (family), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (duty != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("family %s is already watched by %s"),
                   vigil_family_get_case_ref (family), vigil_duty_get_operator (duty));
      return NULL;
    }
  if (request != NULL)
    {
      g_autofree char *when = vigil_time_format_local (vigil_watch_request_get_requested_at (request),
                                                       vigil_site_get_time_zone (self), "%Y-%m-%d %H:%M %Z");

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("family %s already has an open watch request, raised by %s at %s"),
                   vigil_family_get_case_ref (family), vigil_watch_request_get_requested_by (request), when);
      return NULL;
    }

  return g_steal_pointer (&family);
}

/**
 * vigil_site_check_watch_request:
 * @reason: (nullable): as for vigil_site_request_watch()
 *
 * Checks, without writing, that a watch request for the family would be
 * accepted: a reason that is one line of ordinary text, if there is one; a
 * known family, not discharged, with nobody on duty and no open request
 * already.
 */
gboolean
vigil_site_check_watch_request (VigilSite   *self,
                                const char  *case_ref,
                                const char  *reason,
                                GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  return (trimmed = trimmed_reason (reason, error)) != NULL &&
         (family = check_request (self, case_ref, error)) != NULL;
}

/**
 * vigil_site_request_watch:
 * @reason: (nullable): why the family needs watching, for the trail: one
 *   line of ordinary text, at most 500 characters
 *
 * Says the family needs a remote watcher now. Needs the take-duty
 * permission. A family has at most one open request; it closes when a duty
 * starts for the family.
 *
 * Returns: (transfer full): the open request, or %NULL with @error set
 */
VigilWatchRequest *
vigil_site_request_watch (VigilSite     *self,
                          VigilSession  *session,
                          const char    *case_ref,
                          const char    *reason,
                          GError       **error)
{
  VigilStore *store;
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  const char *actor;
  gint64 now, id;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_TAKE_DUTY,
                                    N_("raise a watch request"), error) ||
      (trimmed = trimmed_reason (reason, error)) == NULL)
    return NULL;

  store = vigil_site_get_store (self);
  actor = vigil_session_get_username (session);
  now = vigil_site_now (self);

  if (!vigil_store_begin (store, error))
    return NULL;

  if ((family = check_request (self, case_ref, error)) == NULL ||
      (id = vigil_store_watch_request_insert (store, vigil_family_get_id (family), now, actor, trimmed,
                                              error)) == 0 ||
      !vigil_site_audit (self, actor, "watch-requested",
                         (object = vigil_site_centre_family_object (family)), trimmed,
                         (detail = g_strdup_printf ("request=%" G_GINT64_FORMAT, id)), error))
    {
      vigil_store_rollback (store);
      return NULL;
    }

  if (!vigil_store_commit (store, error))
    return NULL;

  return vigil_watch_request_new (id, vigil_family_get_case_ref (family), vigil_family_get_label (family),
                                  now, actor, trimmed);
}

/* ---- withdrawing a watch request -------------------------------------- */

/* The family's open request, or why there is none to withdraw: nobody ever
 * asked, a duty covers it (or covered it), or it was withdrawn. */
static VigilWatchRequest *
open_request_for (VigilSite    *self,
                  const char   *case_ref,
                  VigilFamily **family_out,
                  GError      **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(VigilWatchRequest) latest = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  const char *stored_ref;

  family = vigil_store_family_lookup (store, case_ref, error);
  if (family == NULL)
    return NULL;
  stored_ref = vigil_family_get_case_ref (family);

  request = vigil_store_watch_request_open_for_family (store, vigil_family_get_id (family), &local_error);
  if (request == NULL && local_error == NULL)
    latest = vigil_store_watch_request_latest_for_family (store, vigil_family_get_id (family), &local_error);
  if (request == NULL && local_error == NULL)
    duty = vigil_store_duty_open_for_family (store, vigil_family_get_id (family), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (request != NULL)
    {
      if (family_out != NULL)
        *family_out = g_steal_pointer (&family);
      return g_steal_pointer (&request);
    }

  if (latest != NULL && vigil_watch_request_get_withdrawn_reason (latest) != NULL)
    {
      g_autofree char *when = vigil_site_centre_local_time (self, vigil_watch_request_get_closed_at (latest));

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("family %s has no open watch request: %s withdrew it at %s"),
                   stored_ref, vigil_watch_request_get_closed_by (latest), when);
    }
  else if (duty != NULL)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("family %s has no open watch request: %s is on duty for the family"),
                 stored_ref, vigil_duty_get_operator (duty));
  else if (latest != NULL)
    {
      g_autofree char *when = vigil_site_centre_local_time (self, vigil_watch_request_get_closed_at (latest));

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("family %s has no open watch request: the last one was covered by a duty at %s"),
                   stored_ref, when);
    }
  else
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("family %s has no open watch request"), stored_ref);
  return NULL;
}

/* A withdrawal's reason is required: a request someone raised is not put
 * aside without saying why. */
static char *
withdraw_reason (const char  *reason,
                 GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           _("a watch request is withdrawn only with a reason, and none was given"));
      return NULL;
    }
  if (!vigil_text_validate_reason (trimmed, TRUE, error))
    return NULL;

  return g_steal_pointer (&trimmed);
}

/**
 * vigil_site_check_watch_withdraw:
 * @session: (nullable): who would withdraw it; %NULL checks everything but
 *   their right to (a command line checks before it logs anyone in)
 *
 * Checks, without writing anything (not even a refusal), that the family's
 * open watch request could be withdrawn: a reason that is one line of
 * ordinary text, a known family with an open request, and, given
 * @session, a member who raised it or whose role holds allocate-duties.
 */
gboolean
vigil_site_check_watch_withdraw (VigilSite    *self,
                                 VigilSession *session,
                                 const char   *case_ref,
                                 const char   *reason,
                                 GError      **error)
{
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(VigilStaff) actor = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (session == NULL || VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  if ((trimmed = withdraw_reason (reason, error)) == NULL ||
      (request = open_request_for (self, case_ref, NULL, error)) == NULL)
    return FALSE;

  if (session == NULL ||
      g_str_equal (vigil_watch_request_get_requested_by (request), vigil_session_get_username (session)))
    return TRUE;

  actor = vigil_site_lookup_staff (self, vigil_session_get_username (session), error);
  if (actor == NULL)
    return FALSE;
  if (!vigil_role_has_permission (vigil_staff_get_role (actor), VIGIL_PERMISSION_ALLOCATE_DUTIES))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("permission denied: %s may not withdraw %s's watch request: that needs the %s permission, which the %s role does not have"),
                   vigil_session_get_username (session), vigil_watch_request_get_requested_by (request),
                   vigil_permission_to_string (VIGIL_PERMISSION_ALLOCATE_DUTIES),
                   vigil_role_to_string (vigil_staff_get_role (actor)));
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_site_withdraw_watch:
 * @reason: why it is withdrawn, for the trail: required, one line of
 *   ordinary text, at most 500 characters
 *
 * Withdraws the family's open watch request: it is closed, no longer
 * uncovered, and the trail keeps who withdrew it and why. The member who
 * raised it may; anyone else needs allocate-duties (a team lead or
 * manager). A request already covered by a duty, or already withdrawn, is
 * %VIGIL_ERROR_INVALID and says which.
 */
gboolean
vigil_site_withdraw_watch (VigilSite     *self,
                           VigilSession  *session,
                           const char    *case_ref,
                           const char    *reason,
                           GError       **error)
{
  VigilStore *store;
  g_autoptr(VigilWatchRequest) before = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  const char *actor;
  gboolean own;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  if (!vigil_site_check_active (self, session, N_("withdraw a watch request"), error) ||
      (trimmed = withdraw_reason (reason, error)) == NULL ||
      (before = open_request_for (self, case_ref, NULL, error)) == NULL)
    return FALSE;

  actor = vigil_session_get_username (session);
  own = g_str_equal (vigil_watch_request_get_requested_by (before), actor);
  if (!own &&
      !vigil_site_check_permission (self, session, VIGIL_PERMISSION_ALLOCATE_DUTIES,
                                    N_("withdraw someone else's watch request"), error))
    return FALSE;

  store = vigil_site_get_store (self);
  if (!vigil_store_begin (store, error))
    return FALSE;

  /* Read again inside the transaction: a duty may have covered it, or
   * someone withdrawn it and another raised a new one, meanwhile. */
  if ((request = open_request_for (self, case_ref, &family, error)) == NULL)
    {
      vigil_store_rollback (store);
      return FALSE;
    }
  if (vigil_watch_request_get_id (request) != vigil_watch_request_get_id (before))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the watch request for family %s changed meanwhile (now raised by %s); look again"),
                   vigil_family_get_case_ref (family), vigil_watch_request_get_requested_by (request));
      vigil_store_rollback (store);
      return FALSE;
    }

  if (!vigil_store_watch_request_withdraw (store, vigil_watch_request_get_id (request), vigil_site_now (self),
                                           actor, trimmed, error) ||
      !vigil_site_audit (self, actor, "watch-withdrawn",
                         (object = vigil_site_centre_family_object (family)), trimmed,
                         (detail = g_strdup_printf ("request=%" G_GINT64_FORMAT " raised-by=%s",
                                                    vigil_watch_request_get_id (request),
                                                    vigil_watch_request_get_requested_by (request))),
                         error))
    {
      vigil_store_rollback (store);
      return FALSE;
    }

  return vigil_store_commit (store, error);
}
