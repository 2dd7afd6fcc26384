/* vigil-site-family-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-site-async-private.h"
#include "vigil-site-centre.h"
#include "vigil-window-private.h"

/* Stage changes, observation windows and safeguarding overrides, on the
 * site's worker (see vigil-site-async.c): each call runs its synchronous
 * twin there. */

/* A stage change and the scheduled changes it replaced. */
typedef struct
{
  VigilStageChange *change;
  GPtrArray        *replaced;
} StageOutcome;

static void
stage_outcome_free (StageOutcome *outcome)
{
  g_clear_object (&outcome->change);
  g_clear_pointer (&outcome->replaced, g_ptr_array_unref);
  g_free (outcome);
}

/* ---- stage changes ----------------------------------------------------- */

static gpointer
set_stage_work (VigilSite  *self,
                gpointer    data,
                GError    **error)
{
  VigilSiteCall *call = data;
  StageOutcome *outcome = g_new0 (StageOutcome, 1);

  outcome->change = vigil_site_set_stage (self, call->session, call->name, call->number, call->id,
                                          call->reason, call->text, &outcome->replaced, error);
  if (outcome->change == NULL)
    g_clear_pointer (&outcome, stage_outcome_free);
  return outcome;
}

void
vigil_site_set_stage_async (VigilSite           *self,
                            VigilSession        *session,
                            const char          *case_ref,
                            VigilFamilyState     state,
                            gint64               effective_at,
                            const char          *reason,
                            const char          *evidence,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->number = state;
  call->id = effective_at;
  call->reason = g_strdup (reason);
  call->text = g_strdup (evidence);
  vigil_site_call_run (self, vigil_site_set_stage_async, call, set_stage_work,
                       (GDestroyNotify) stage_outcome_free, cancellable, callback, user_data);
}

/**
 * vigil_site_set_stage_finish:
 * @replaced: (out) (optional) (transfer full) (element-type VigilStageChange):
 *   as for vigil_site_set_stage()
 */
VigilStageChange *
vigil_site_set_stage_finish (VigilSite     *self,
                             GAsyncResult  *result,
                             GPtrArray    **replaced,
                             GError       **error)
{
  StageOutcome *outcome = vigil_site_finish_pointer (self, result, vigil_site_set_stage_async, error);
  VigilStageChange *change;

  if (replaced != NULL)
    *replaced = NULL;
  if (outcome == NULL)
    return NULL;

  change = g_steal_pointer (&outcome->change);
  if (replaced != NULL)
    *replaced = g_steal_pointer (&outcome->replaced);
  stage_outcome_free (outcome);
  return change;
}

static gpointer
cancel_stage_change_work (VigilSite  *self,
                          gpointer    data,
                          GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_cancel_stage_change (self, call->session, call->name, call->id,
                                                          call->reason, error));
}

void
vigil_site_cancel_stage_change_async (VigilSite           *self,
                                      VigilSession        *session,
                                      const char          *case_ref,
                                      gint64               change_id,
                                      const char          *reason,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->id = change_id;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_cancel_stage_change_async, call, cancel_stage_change_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_cancel_stage_change_finish (VigilSite     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_cancel_stage_change_async, error);
}

static gpointer
list_stage_changes_work (VigilSite  *self,
                         gpointer    data,
                         GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_list_stage_changes (self, call->name, error);
}

void
vigil_site_list_stage_changes_async (VigilSite           *self,
                                     const char          *case_ref,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  vigil_site_call_run (self, vigil_site_list_stage_changes_async, call, list_stage_changes_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_stage_changes_finish (VigilSite     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_stage_changes_async, error);
}

/* ---- observation windows ----------------------------------------------- */

/* The worker reads its own copy of the window to add. */
static VigilWindow *
window_copy (VigilWindow *window)
{
  VigilWindow *copy = vigil_window_new (vigil_window_get_days (window),
                                        vigil_window_get_date (window),
                                        vigil_window_get_start_minute (window),
                                        vigil_window_get_end_minute (window),
                                        vigil_window_get_audio (window),
                                        vigil_window_get_purpose (window));

  vigil_window_set_stored (copy, vigil_window_get_id (window), vigil_window_get_family_id (window),
                           vigil_window_get_created_by (window), vigil_window_get_created_at (window),
                           vigil_window_get_removed_at (window), vigil_window_get_removed_by (window));
  return copy;
}

static gpointer
add_window_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_add_window (self, call->session, call->name, VIGIL_WINDOW (call->record), error);
}

void
vigil_site_add_window_async (VigilSite           *self,
                             VigilSession        *session,
                             const char          *case_ref,
                             VigilWindow         *window,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL);
  g_return_if_fail (VIGIL_IS_WINDOW (window));

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->record = G_OBJECT (window_copy (window));
  vigil_site_call_run (self, vigil_site_add_window_async, call, add_window_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilWindow *
vigil_site_add_window_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_add_window_async, error);
}

static gpointer
lookup_window_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_lookup_window (self, call->id, error);
}

void
vigil_site_lookup_window_async (VigilSite           *self,
                                gint64               window_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));

  call = vigil_site_call_new (NULL);
  call->id = window_id;
  vigil_site_call_run (self, vigil_site_lookup_window_async, call, lookup_window_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilWindow *
vigil_site_lookup_window_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_lookup_window_async, error);
}

static gpointer
remove_window_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_remove_window (self, call->session, call->id, call->reason, error));
}

void
vigil_site_remove_window_async (VigilSite           *self,
                                VigilSession        *session,
                                gint64               window_id,
                                const char          *reason,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  call = vigil_site_call_new (session);
  call->id = window_id;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_remove_window_async, call, remove_window_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_remove_window_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_remove_window_async, error);
}

static gpointer
list_windows_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_list_windows (self, call->name, call->flag, error);
}

void
vigil_site_list_windows_async (VigilSite           *self,
                               const char          *case_ref,
                               gboolean             include_removed,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  call->flag = include_removed;
  vigil_site_call_run (self, vigil_site_list_windows_async, call, list_windows_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_windows_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_windows_async, error);
}

/* ---- safeguarding overrides -------------------------------------------- */

static gpointer
start_override_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_start_override (self, call->session, call->name, call->text, call->number, error);
}

void
vigil_site_start_override_async (VigilSite           *self,
                                 VigilSession        *session,
                                 const char          *case_ref,
                                 const char          *rationale,
                                 guint                hours,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->text = g_strdup (rationale);
  call->number = hours;
  vigil_site_call_run (self, vigil_site_start_override_async, call, start_override_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilOverride *
vigil_site_start_override_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_start_override_async, error);
}

static gpointer
end_override_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_end_override (self, call->session, call->name, call->reason, error));
}

void
vigil_site_end_override_async (VigilSite           *self,
                               VigilSession        *session,
                               const char          *case_ref,
                               const char          *reason,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_end_override_async, call, end_override_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_end_override_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_end_override_async, error);
}

static gpointer
get_running_override_work (VigilSite  *self,
                           gpointer    data,
                           GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_get_running_override (self, call->name, error);
}

void
vigil_site_get_running_override_async (VigilSite           *self,
                                       const char          *case_ref,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  vigil_site_call_run (self, vigil_site_get_running_override_async, call, get_running_override_work,
                       g_object_unref, cancellable, callback, user_data);
}

VigilOverride *
vigil_site_get_running_override_finish (VigilSite     *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_get_running_override_async, error);
}

static gpointer
list_overrides_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_list_overrides (self, call->name, error);
}

void
vigil_site_list_overrides_async (VigilSite           *self,
                                 const char          *case_ref,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  vigil_site_call_run (self, vigil_site_list_overrides_async, call, list_overrides_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_overrides_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_overrides_async, error);
}
