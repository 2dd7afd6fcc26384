/* vigil-site-policy-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-site-async-private.h"
#include "vigil-site-outlook.h"
#include "vigil-site-policy.h"

/* What the centre's rules say, and a family's outlook, read on the site's
 * worker (see vigil-site-async.c): each call runs its synchronous twin
 * there. */

static void
decision_free (VigilPolicyDecision *decision)
{
  vigil_policy_decision_clear (decision);
  g_free (decision);
}

static gpointer
explain_camera_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;
  VigilPolicyDecision *decision = g_new0 (VigilPolicyDecision, 1);

  if (!vigil_site_explain_camera (self, call->name, call->id, decision, error))
    g_clear_pointer (&decision, decision_free);
  return decision;
}

void
vigil_site_explain_camera_async (VigilSite           *self,
                                 const char          *camera,
                                 gint64               at,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (camera);
  call->id = at;
  vigil_site_call_run (self, vigil_site_explain_camera_async, call, explain_camera_work,
                       (GDestroyNotify) decision_free, cancellable, callback, user_data);
}

/* Moves the worker's decision into the caller's, which they clear with
 * vigil_policy_decision_clear() as after the synchronous call. */
static gboolean
finish_decision (VigilSite            *self,
                 GAsyncResult         *result,
                 gpointer              source_tag,
                 VigilPolicyDecision  *decision,
                 GError              **error)
{
  VigilPolicyDecision *found = vigil_site_finish_pointer (self, result, source_tag, error);

  if (found == NULL)
    return FALSE;

  *decision = *found;
  g_free (found);
  return TRUE;
}

gboolean
vigil_site_explain_camera_finish (VigilSite            *self,
                                  GAsyncResult         *result,
                                  VigilPolicyDecision  *decision,
                                  GError              **error)
{
  g_return_val_if_fail (decision != NULL, FALSE);

  return finish_decision (self, result, vigil_site_explain_camera_async, decision, error);
}

static gpointer
explain_family_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;
  VigilPolicyDecision *decision = g_new0 (VigilPolicyDecision, 1);

  if (!vigil_site_explain_family (self, call->name, call->id, decision, error))
    g_clear_pointer (&decision, decision_free);
  return decision;
}

void
vigil_site_explain_family_async (VigilSite           *self,
                                 const char          *case_ref,
                                 gint64               at,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  call->id = at;
  vigil_site_call_run (self, vigil_site_explain_family_async, call, explain_family_work,
                       (GDestroyNotify) decision_free, cancellable, callback, user_data);
}

gboolean
vigil_site_explain_family_finish (VigilSite            *self,
                                  GAsyncResult         *result,
                                  VigilPolicyDecision  *decision,
                                  GError              **error)
{
  g_return_val_if_fail (decision != NULL, FALSE);

  return finish_decision (self, result, vigil_site_explain_family_async, decision, error);
}

static gpointer
recording_timeline_work (VigilSite  *self,
                         gpointer    data,
                         GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_recording_timeline (self, call->name, call->from, call->to, error);
}

void
vigil_site_recording_timeline_async (VigilSite           *self,
                                     const char          *case_ref,
                                     gint64               from,
                                     gint64               to,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  call->from = from;
  call->to = to;
  vigil_site_call_run (self, vigil_site_recording_timeline_async, call, recording_timeline_work,
                       (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
vigil_site_recording_timeline_finish (VigilSite     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_recording_timeline_async, error);
}

/* The outlook's arguments, the proposal's strings copied: the caller's may
 * be gone by the time the worker reads them. */
typedef struct
{
  char                *case_ref;
  gint64               from;
  gint64               to;
  gboolean             has_proposal;
  VigilPolicyProposal  proposal;  /* date and purpose point at the two below */
  char                *date;
  char                *purpose;
} OutlookCall;

static void
outlook_call_free (OutlookCall *call)
{
  g_free (call->case_ref);
  g_free (call->date);
  g_free (call->purpose);
  g_free (call);
}

static gpointer
family_outlook_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  OutlookCall *call = data;

  return vigil_site_family_outlook (self, call->case_ref, call->from, call->to,
                                    call->has_proposal ? &call->proposal : NULL, error);
}

void
vigil_site_family_outlook_async (VigilSite                 *self,
                                 const char                *case_ref,
                                 gint64                     from,
                                 gint64                     to,
                                 const VigilPolicyProposal *proposal,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  OutlookCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = g_new0 (OutlookCall, 1);
  call->case_ref = g_strdup (case_ref);
  call->from = from;
  call->to = to;
  if (proposal != NULL)
    {
      call->has_proposal = TRUE;
      call->proposal = *proposal;
      call->date = g_strdup (proposal->date);
      call->purpose = g_strdup (proposal->purpose);
      call->proposal.date = call->date;
      call->proposal.purpose = call->purpose;
    }

  vigil_site_run_async (self, vigil_site_family_outlook_async, call, (GDestroyNotify) outlook_call_free,
                        family_outlook_work, (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
vigil_site_family_outlook_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_family_outlook_async, error);
}
