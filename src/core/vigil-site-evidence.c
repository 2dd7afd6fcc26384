/* vigil-site-evidence.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-role.h"
#include "vigil-site-centre-private.h"
#include "vigil-site-evidence.h"
#include "vigil-site-recordings-private.h"
#include "vigil-staff-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-exports.h"
#include "vigil-store-recordings.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* Reviews and court bundle exports. What a court may later ask is who saw
 * which footage and why, and who let it leave the centre: so opening
 * footage, each step of an export and each refusal are on the trail, and
 * an export's decision is made once, by someone other than its requester
 * (the store's triggers and CHECKs hold that too). */

#define MAX_EXHIBIT 40
#define MAX_PURPOSE 500

/* Reviews */

/* Designated by a manager, read as the store has it now: a manager
 * withdrawing it stops the member's next review. */
static gboolean
is_designated (VigilSite    *self,
               VigilSession *session)
{
  g_autoptr(VigilStaff) member = vigil_store_staff_lookup (vigil_site_get_store (self),
                                                           vigil_session_get_username (session), NULL, NULL);

  return member != NULL && vigil_staff_get_reviewer (member);
}

/**
 * vigil_site_check_reviewer:
 *
 * Whether the session's member may review recorded footage now: by role
 * (review-footage), or designated by a manager. A refusal is audited and
 * names the review-footage permission.
 */
gboolean
vigil_site_check_reviewer (VigilSite     *self,
                           VigilSession  *session,
                           GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);

  if (is_designated (self, session))
    return vigil_site_check_active (self, session, N_("review recorded footage"), error);

  return vigil_site_check_permission (self, session, VIGIL_PERMISSION_REVIEW_FOOTAGE,
                                      N_("review recorded footage"), error);
}

gboolean
vigil_site_is_reviewer (VigilSite    *self,
                        VigilSession *session)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);

  return vigil_role_has_permission (vigil_session_get_role (session), VIGIL_PERMISSION_REVIEW_FOOTAGE) ||
         is_designated (self, session);
}

/**
 * vigil_site_open_review:
 * @reason: why the footage is looked at; required
 *
 * Returns: (transfer full) (element-type VigilSegment): the closed segments
 *   overlapping the range, by start, or %NULL with @error set
 */
GPtrArray *
vigil_site_open_review (VigilSite     *self,
                        VigilSession  *session,
                        const char    *camera,
                        gint64         from,
                        gint64         to,
                        const char    *reason,
                        GError       **error)
{
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *range = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  if (!vigil_text_validate_reason (reason, TRUE, error) ||
      !vigil_site_check_reviewer (self, session, error) ||
      !vigil_site_list_recordings (self, camera, from, to, &segments, &gaps, error))
    return NULL;

  object = vigil_site_recordings_camera_object (camera);
  range = vigil_site_recordings_utc_range (from, to);
  detail = g_strdup_printf ("%s segments=%u gaps=%u", range, segments->len, gaps->len);
  if (!vigil_site_audit_alone (self, vigil_session_get_username (session), "cctv-review", object, reason, detail,
                               error))
    return NULL;

  return g_steal_pointer (&segments);
}

/* Exports */

static char *
export_object (gint64 id)
{
  return g_strdup_printf ("export:%" G_GINT64_FORMAT, id);
}

typedef struct
{
  const char * const *cameras;
  gint64              from;
  gint64              to;
  const char         *case_ref;
  const char         *exhibit;
  const char         *purpose;
  const char         *actor;
  VigilExport        *result;
} RequestExport;

static gboolean
check_request (VigilSite      *self,
               RequestExport  *request,
               GError        **error)
{
  if (request->cameras == NULL || request->cameras[0] == NULL)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("an export needs at least one camera"));
      return FALSE;
    }
  if (!vigil_text_validate_line (request->exhibit, MAX_EXHIBIT, _("exhibit"), error) ||
      !vigil_text_validate_line (request->purpose, MAX_PURPOSE, _("purpose"), error) ||
      !vigil_site_recordings_check_range (self, request->from, request->to, error))
    return FALSE;
  if (request->to > vigil_site_now (self))
    {
      g_autofree char *end = vigil_site_centre_local_time (self, request->to);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the range ends at %s, which has not come yet: export a range that has ended"), end);
      return FALSE;
    }
  return TRUE;
}

static gboolean
request_export (VigilSite  *self,
                gpointer    data,
                GError    **error)
{
  RequestExport *request = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(GArray) camera_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *object = NULL;
  g_autofree char *cameras = NULL;
  g_autofree char *range = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  family = vigil_store_family_lookup (store, request->case_ref, error);
  if (family == NULL)
    return FALSE;

  for (guint i = 0; request->cameras[i] != NULL; i++)
    {
      g_autoptr(VigilCamera) camera = vigil_store_camera_lookup (store, request->cameras[i], error);
      gint64 camera_id;

      if (camera == NULL)
        return FALSE;
      camera_id = vigil_camera_get_id (camera);
      g_array_append_val (camera_ids, camera_id);
    }

  id = vigil_store_export_insert (store, (const gint64 *) camera_ids->data, camera_ids->len, request->from,
                                  request->to, request->case_ref, request->exhibit, request->purpose,
                                  request->actor, vigil_site_now (self), error);
  if (id == 0)
    return FALSE;

  object = export_object (id);
  cameras = g_strjoinv (",", (char **) request->cameras);
  range = vigil_site_recordings_utc_range (request->from, request->to);
  detail = g_strdup_printf ("case=%s exhibit=%s cameras=%s %s", request->case_ref, request->exhibit, cameras,
                            range);
  return vigil_site_audit (self, request->actor, "export-requested", object, request->purpose, detail, error) &&
         (request->result = vigil_store_export_get (store, id, error)) != NULL;
}

/**
 * vigil_site_request_export:
 * @cameras: the cameras' names
 * @case_ref: the family's case reference; its notes go into the bundle
 * @exhibit: the exhibit number the bundle will carry ("JS/1")
 * @purpose: what the footage is wanted for; required
 *
 * Returns: (transfer full): the export, waiting for a decision, or %NULL
 *   with @error set
 */
VigilExport *
vigil_site_request_export (VigilSite          *self,
                           VigilSession       *session,
                           const char * const *cameras,
                           gint64              from,
                           gint64              to,
                           const char         *case_ref,
                           const char         *exhibit,
                           const char         *purpose,
                           GError            **error)
{
  RequestExport request = { cameras, from, to, case_ref, exhibit, purpose, NULL, NULL };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EXPORT_FOOTAGE,
                                    N_("request a court bundle export"), error) ||
      !check_request (self, &request, error))
    return NULL;

  request.actor = vigil_session_get_username (session);
  if (!vigil_site_centre_transact (self, request_export, &request, error))
    {
      g_clear_object (&request.result);
      return NULL;
    }
  return request.result;
}

typedef struct
{
  gint64            id;
  VigilExportState  state;
  const char       *actor;
  const char       *reason;
  const char       *hold_until;
  VigilExport      *result;
} DecideExport;

static gboolean
refuse_requester (DecideExport  *decide,
                  GError       **error)
{
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
               _("permission denied: %s requested export %lld and may not decide on it: "
                 "a second team lead or manager must"),
               decide->actor, (long long) decide->id);
  return FALSE;
}

static gboolean
decide_export (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  DecideExport *decide = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilExport) export = vigil_store_export_get (store, decide->id, error);
  g_autofree char *object = export_object (decide->id);
  g_autofree char *detail = NULL;
  gboolean approving = decide->state == VIGIL_EXPORT_APPROVED;

  if (export == NULL)
    return FALSE;

  if (vigil_export_get_state (export) != VIGIL_EXPORT_REQUESTED)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("export %lld was already %s by %s"), (long long) decide->id,
                   vigil_export_get_state (export) == VIGIL_EXPORT_APPROVED ? _("approved") : _("refused"),
                   vigil_export_get_decided_by (export));
      return FALSE;
    }

  /* Checked before too, with the refusal audited; the database's CHECK
   * holds it whatever the caller. */
  if (g_strcmp0 (vigil_export_get_requested_by (export), decide->actor) == 0)
    return refuse_requester (decide, error);

  if (!vigil_store_export_decide (store, decide->id, decide->state, decide->actor, vigil_site_now (self),
                                  decide->reason, decide->hold_until, error))
    return FALSE;

  if (approving)
    {
      const char * const *cameras = vigil_export_get_cameras (export);
      g_autofree char *hold_reason = g_strdup_printf ("court bundle export %" G_GINT64_FORMAT
                                                      " (case %s, exhibit %s)", decide->id,
                                                      vigil_export_get_case_ref (export),
                                                      vigil_export_get_exhibit (export));

      for (guint i = 0; cameras[i] != NULL; i++)
        if (!vigil_site_place_hold (self, decide->actor, cameras[i], vigil_export_get_from (export),
                                    vigil_export_get_to (export), hold_reason, decide->hold_until, error))
          return FALSE;
      detail = g_strdup_printf ("hold-until=%s", decide->hold_until);
    }

  return vigil_site_audit (self, decide->actor, approving ? "export-approved" : "export-refused", object,
                           decide->reason, detail, error) &&
         (decide->result = vigil_store_export_get (store, decide->id, error)) != NULL;
}

static VigilExport *
decide (VigilSite         *self,
        VigilSession      *session,
        DecideExport      *decide,
        GError           **error)
{
  const char *doing = decide->state == VIGIL_EXPORT_APPROVED ? N_("approve a court bundle export")
                                                             : N_("refuse a court bundle export");
  g_autoptr(VigilExport) export = NULL;

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EXPORT_FOOTAGE, doing, error) ||
      !vigil_text_validate_reason (decide->reason, TRUE, error) ||
      (decide->hold_until != NULL && !vigil_date_validate (decide->hold_until, error)))
    return NULL;

  decide->actor = vigil_session_get_username (session);
  export = vigil_store_export_get (vigil_site_get_store (self), decide->id, error);
  if (export == NULL)
    return NULL;
  if (g_strcmp0 (vigil_export_get_requested_by (export), decide->actor) == 0)
    {
      g_autoptr(GError) audit_error = NULL;

      if (!vigil_site_audit_alone (self, decide->actor, "permission-refused", "second-approver",
                                   "the requester may not decide on their own export", doing, &audit_error))
        g_warning ("A refused decision on export %" G_GINT64_FORMAT " was not audited: %s", decide->id,
                   audit_error->message);
      refuse_requester (decide, error);
      return NULL;
    }

  if (!vigil_site_centre_transact (self, decide_export, decide, error))
    {
      g_clear_object (&decide->result);
      return NULL;
    }
  return decide->result;
}

/**
 * vigil_site_approve_export:
 * @reason: why it may go; required
 * @hold_until: the last day the exported range is held, YYYY-MM-DD
 *
 * Returns: (transfer full): the export, approved, or %NULL with @error set
 */
VigilExport *
vigil_site_approve_export (VigilSite     *self,
                           VigilSession  *session,
                           gint64         export_id,
                           const char    *reason,
                           const char    *hold_until,
                           GError       **error)
{
  DecideExport approve = { export_id, VIGIL_EXPORT_APPROVED, NULL, reason, hold_until, NULL };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  if (hold_until == NULL)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           _("approving an export needs the date its footage is held until"));
      return NULL;
    }
  return decide (self, session, &approve, error);
}

/**
 * vigil_site_refuse_export:
 * @reason: why not; required
 *
 * Returns: (transfer full): the export, refused, or %NULL with @error set
 */
VigilExport *
vigil_site_refuse_export (VigilSite     *self,
                          VigilSession  *session,
                          gint64         export_id,
                          const char    *reason,
                          GError       **error)
{
  DecideExport refuse = { export_id, VIGIL_EXPORT_REFUSED, NULL, reason, NULL, NULL };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  return decide (self, session, &refuse, error);
}

/**
 * vigil_site_get_export:
 *
 * Returns: (transfer full): the export, or %NULL with @error set
 */
VigilExport *
vigil_site_get_export (VigilSite     *self,
                       VigilSession  *session,
                       gint64         export_id,
                       GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EXPORT_FOOTAGE,
                                    N_("look at court bundle exports"), error))
    return NULL;
  return vigil_store_export_get (vigil_site_get_store (self), export_id, error);
}

/**
 * vigil_site_list_exports:
 *
 * Returns: (transfer full) (element-type VigilExport): every export, newest
 *   first, or %NULL with @error set
 */
GPtrArray *
vigil_site_list_exports (VigilSite     *self,
                         VigilSession  *session,
                         GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EXPORT_FOOTAGE,
                                    N_("look at court bundle exports"), error))
    return NULL;
  return vigil_store_exports_list (vigil_site_get_store (self), error);
}

typedef struct
{
  gint64      export_id;
  gint64      run_id;
  const char *actor;
  const char *folder;
  const char *manifest_sha256;
  const char *failure;
  gboolean    cancelled;
} ExportRun;

static gboolean
begin_run (VigilSite  *self,
           gpointer    data,
           GError    **error)
{
  ExportRun *run = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilExport) export = vigil_store_export_get (store, run->export_id, error);
  g_autofree char *object = export_object (run->export_id);
  g_autofree char *detail = NULL;

  if (export == NULL)
    return FALSE;
  if (vigil_export_get_state (export) != VIGIL_EXPORT_APPROVED)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   vigil_export_get_state (export) == VIGIL_EXPORT_REFUSED
                     ? _("export %lld was refused and cannot run")
                     : _("export %lld cannot run before a second team lead or manager approves it"),
                   (long long) run->export_id);
      return FALSE;
    }

  run->run_id = vigil_store_export_run_begin (store, run->export_id, run->actor, vigil_site_now (self), error);
  if (run->run_id == 0)
    return FALSE;
  detail = g_strdup_printf ("run=%" G_GINT64_FORMAT, run->run_id);
  return vigil_site_audit (self, run->actor, "export-started", object, "", detail, error);
}

gint64
vigil_site_begin_export_run (VigilSite     *self,
                             VigilSession  *session,
                             gint64         export_id,
                             GError       **error)
{
  ExportRun run = { export_id, 0, NULL, NULL, NULL, NULL, FALSE };

  g_return_val_if_fail (VIGIL_IS_SITE (self), 0);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EXPORT_FOOTAGE,
                                    N_("run a court bundle export"), error))
    return 0;

  run.actor = vigil_session_get_username (session);
  if (!vigil_site_centre_transact (self, begin_run, &run, error))
    return 0;
  return run.run_id;
}

static gboolean
finish_run (VigilSite  *self,
            gpointer    data,
            GError    **error)
{
  ExportRun *run = data;
  g_autofree char *object = export_object (run->export_id);
  g_autofree char *detail = NULL;
  const char *outcome = run->folder != NULL ? "written" : run->cancelled ? "cancelled" : "failed";

  if (!vigil_store_export_run_finish (vigil_site_get_store (self), run->run_id, vigil_site_now (self), outcome,
                                      run->folder, run->manifest_sha256, error))
    return FALSE;

  if (run->folder != NULL)
    {
      detail = g_strdup_printf ("export=%" G_GINT64_FORMAT " run=%" G_GINT64_FORMAT " folder=%s manifest-sha256=%s",
                                run->export_id, run->run_id, run->folder, run->manifest_sha256);
      return vigil_site_audit (self, run->actor, "export-finished", object, "", detail, error);
    }

  detail = g_strdup_printf ("export=%" G_GINT64_FORMAT " run=%" G_GINT64_FORMAT, run->export_id, run->run_id);
  return vigil_site_audit (self, run->actor, run->cancelled ? "export-cancelled" : "export-failed", object,
                           run->failure ? run->failure : "", detail, error);
}

gboolean
vigil_site_finish_export_run (VigilSite     *self,
                              VigilSession  *session,
                              gint64         export_id,
                              gint64         run_id,
                              const char    *folder,
                              const char    *manifest_sha256,
                              const char    *failure,
                              gboolean       cancelled,
                              GError       **error)
{
  ExportRun run = { export_id, run_id, NULL, folder, manifest_sha256, NULL, cancelled };
  g_autofree char *reason = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail ((folder == NULL) == (manifest_sha256 == NULL), FALSE);

  /* A failure's message goes on the one-line trail: cut to a reason's
   * length and kept on one line. */
  if (failure != NULL)
    {
      reason = g_utf8_substring (failure, 0, MIN (g_utf8_strlen (failure, -1), VIGIL_TEXT_MAX_REASON));
      g_strdelimit (reason, "\r\n\t", ' ');
    }
  run.failure = reason;
  run.actor = vigil_session_get_username (session);
  return vigil_site_centre_transact (self, finish_run, &run, error);
}

gboolean
vigil_site_get_audit_head (VigilSite  *self,
                           gint64     *entries,
                           char      **mac,
                           GError    **error)
{
  g_autofree char *head_mac = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (entries != NULL && mac != NULL, FALSE);

  return vigil_store_audit_get_head (vigil_site_get_store (self), entries, mac, &head_mac, error);
}
