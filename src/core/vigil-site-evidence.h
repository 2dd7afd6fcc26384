/* vigil-site-evidence.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-export.h"
#include "vigil-site.h"

G_BEGIN_DECLS

/* Evidence (DESIGN.md, "Records that must last" and "Court bundles"):
 * reviewing recorded footage, and court bundle exports that a second team
 * lead or manager approves. Every call checks its permission against the
 * store as it is now, and is audited. */

/* Reviews. Team leads and managers review by their role (review-footage);
 * an operator only when a manager has designated them
 * (vigil_site_set_staff_reviewer()). */
gboolean     vigil_site_check_reviewer      (VigilSite     *self,
                                             VigilSession  *session,
                                             GError       **error);
/* The same without a word on the trail, for showing the console's footage
 * section: every call that reveals anything checks again. */
gboolean     vigil_site_is_reviewer         (VigilSite     *self,
                                             VigilSession  *session);
/* Opens @camera's footage in [@from, @to) for a CCTV Review, with a
 * reason (required): audited as "cctv-review" with the camera and the
 * range. Returns the closed segments overlapping it (VigilSegment), by
 * start; the caller plays their files. */
GPtrArray   *vigil_site_open_review         (VigilSite     *self,
                                             VigilSession  *session,
                                             const char    *camera,
                                             gint64         from,
                                             gint64         to,
                                             const char    *reason,
                                             GError       **error);

/* Court bundle exports (export-footage: team leads and managers).
 * @case_ref must be a family's; the range must have ended. Audited as
 * "export-requested". */
VigilExport *vigil_site_request_export      (VigilSite          *self,
                                             VigilSession       *session,
                                             const char * const *cameras,
                                             gint64              from,
                                             gint64              to,
                                             const char         *case_ref,
                                             const char         *exhibit,
                                             const char         *purpose,
                                             GError            **error);
/* By anyone with export-footage but the requester, once. Approving holds
 * each camera's range until the end of @hold_until (YYYY-MM-DD, from today
 * on), so that nothing of it is deleted before the bundle is written.
 * Audited as "export-approved" or "export-refused"; a requester deciding
 * their own is refused and audited. */
VigilExport *vigil_site_approve_export      (VigilSite     *self,
                                             VigilSession  *session,
                                             gint64         export_id,
                                             const char    *reason,
                                             const char    *hold_until,
                                             GError       **error);
VigilExport *vigil_site_refuse_export       (VigilSite     *self,
                                             VigilSession  *session,
                                             gint64         export_id,
                                             const char    *reason,
                                             GError       **error);
VigilExport *vigil_site_get_export          (VigilSite     *self,
                                             VigilSession  *session,
                                             gint64         export_id,
                                             GError       **error);
/* Every export, newest first (VigilExport). */
GPtrArray   *vigil_site_list_exports        (VigilSite     *self,
                                             VigilSession  *session,
                                             GError       **error);

/* A run writes an approved export as a bundle (libvigil-media's
 * VigilBundleWriter). Begin refuses an export not approved; audited as
 * "export-started". Returns the run's id, or 0 with @error set. */
gint64       vigil_site_begin_export_run    (VigilSite     *self,
                                             VigilSession  *session,
                                             gint64         export_id,
                                             GError       **error);
/* Ends a run: written (@folder: the bundle folder's name, and the SHA-256
 * of its manifest.json), or not (@failure says why; cancelled when
 * @cancelled). Audited as "export-finished", "export-failed" or
 * "export-cancelled". The session may have locked meanwhile: the run was
 * allowed when it began. */
gboolean     vigil_site_finish_export_run   (VigilSite     *self,
                                             VigilSession  *session,
                                             gint64         export_id,
                                             gint64         run_id,
                                             const char    *folder,
                                             const char    *manifest_sha256,
                                             const char    *failure,
                                             gboolean       cancelled,
                                             GError       **error);

/* The trail's head now: how many entries, and the newest entry's MAC (hex),
 * for a bundle's manifest. */
gboolean     vigil_site_get_audit_head      (VigilSite     *self,
                                             gint64        *entries,
                                             char         **mac,
                                             GError       **error);

/* The console's calls on exports, on the site's worker (see docs/core-api.md,
 * "Asynchronous calls"): each runs its synchronous twin above, with the same
 * checks, refusals and audit entries. */
void         vigil_site_request_export_async  (VigilSite           *self,
                                               VigilSession        *session,
                                               const char * const  *cameras,
                                               gint64               from,
                                               gint64               to,
                                               const char          *case_ref,
                                               const char          *exhibit,
                                               const char          *purpose,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
VigilExport *vigil_site_request_export_finish (VigilSite           *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void         vigil_site_approve_export_async  (VigilSite           *self,
                                               VigilSession        *session,
                                               gint64               export_id,
                                               const char          *reason,
                                               const char          *hold_until,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
VigilExport *vigil_site_approve_export_finish (VigilSite           *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void         vigil_site_refuse_export_async   (VigilSite           *self,
                                               VigilSession        *session,
                                               gint64               export_id,
                                               const char          *reason,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
VigilExport *vigil_site_refuse_export_finish  (VigilSite           *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void         vigil_site_list_exports_async    (VigilSite           *self,
                                               VigilSession        *session,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray   *vigil_site_list_exports_finish   (VigilSite           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
