/* vigil-site-console.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-site.h"

G_BEGIN_DECLS

/* What a console does that must be on the record (vigil-site-console.c):
 * live views, locking, logging out, and the alarms of a duty. Each call
 * checks the session (and its lock) and writes its audit entry in one
 * transaction; each has an _async/_finish pair on the site's worker. */

/* How long a view given for a safeguarding concern lasts before the
 * console asks again (DESIGN.md, "Reason required"). */
#define VIGIL_CONCERN_VIEW_SECONDS (10 * 60)

/* A live view of @camera starts. Where the policy allows it, @concern may be
 * %NULL; where it requires a reason, an empty @concern is refused
 * (VIGIL_ERROR_INVALID, "A safeguarding concern is required to view Room 1");
 * where it denies the view, VIGIL_ERROR_PERMISSION with the policy's words.
 * The audit entry names the camera and the concern. Returns the instant the
 * view must end and be asked for again (a concern view: now + 10 minutes),
 * or 0 where it lasts while the policy allows it; -1 on error. */
gint64     vigil_site_start_live_view         (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               const char           *concern,
                                               GError              **error);
void       vigil_site_start_live_view_async   (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               const char           *concern,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gint64     vigil_site_start_live_view_finish  (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* A live view ends; @why in a few words ("logged out", "policy changed",
 * "time up", "closed"). Allowed while locked: stopping shows less. */
gboolean   vigil_site_stop_live_view          (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               const char           *why,
                                               GError              **error);
void       vigil_site_stop_live_view_async    (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               const char           *why,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean   vigil_site_stop_live_view_finish   (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Locking: after this, every call made with @session that changes anything
 * or reveals footage is refused (VIGIL_ERROR_LOCKED) until it is unlocked
 * with the member's password; @why: "idle" or "by hand". */
gboolean   vigil_site_lock_session            (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *why,
                                               GError              **error);
void       vigil_site_lock_session_async      (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *why,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean   vigil_site_lock_session_finish     (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Checks the password as a login does (a wrong one counts towards the
 * lockout, and the refusal is audited); unlocks and audits. */
gboolean   vigil_site_unlock_session          (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *password,
                                               GError              **error);
void       vigil_site_unlock_session_async    (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean   vigil_site_unlock_session_finish   (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean   vigil_session_is_locked            (VigilSession         *session);
/* Audits the logout; the session is refused everything afterwards. */
gboolean   vigil_site_logout                  (VigilSite            *self,
                                               VigilSession         *session,
                                               GError              **error);
void       vigil_site_logout_async            (VigilSite            *self,
                                               VigilSession         *session,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean   vigil_site_logout_finish           (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* A duty's picture or sound was lost, the operator acknowledged the alarm,
 * or it came back. Only the operator on duty for @case_ref records these;
 * @detail says what ("picture", "sound", and the camera's words). Allowed
 * while locked: an alarm never waits for a password. */
gboolean   vigil_site_record_duty_alarm       (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *case_ref,
                                               VigilDutyAlarm        alarm,
                                               const char           *detail,
                                               GError              **error);
void       vigil_site_record_duty_alarm_async (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *case_ref,
                                               VigilDutyAlarm        alarm,
                                               const char           *detail,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean   vigil_site_record_duty_alarm_finish (VigilSite           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
