/* vigil-site-evidence-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-site-async-private.h"
#include "vigil-site-evidence.h"

/* Court bundle exports on the site's worker (see vigil-site-async.c): each
 * call runs its synchronous twin there, so the console never waits on the
 * store. Writing a bundle is VigilBundleWriter's, in libvigil-media. */

/* A request names several cameras: a call of its own, copied when made. */
typedef struct
{
  VigilSession *session;
  GStrv         cameras;
  gint64        from;
  gint64        to;
  char         *case_ref;
  char         *exhibit;
  char         *purpose;
} RequestCall;

static void
request_call_free (RequestCall *call)
{
  g_clear_object (&call->session);
  g_clear_pointer (&call->cameras, g_strfreev);
  g_free (call->case_ref);
  g_free (call->exhibit);
  g_free (call->purpose);
  g_free (call);
}

static gpointer
request_export_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  RequestCall *call = data;

  return vigil_site_request_export (self, call->session, (const char * const *) call->cameras, call->from,
                                    call->to, call->case_ref, call->exhibit, call->purpose, error);
}

void
vigil_site_request_export_async (VigilSite           *self,
                                 VigilSession        *session,
                                 const char * const  *cameras,
                                 gint64               from,
                                 gint64               to,
                                 const char          *case_ref,
                                 const char          *exhibit,
                                 const char          *purpose,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RequestCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  /* The core judges missing cameras and words, as the synchronous call
   * does: its refusal is what the person sees. */
  call = g_new0 (RequestCall, 1);
  call->session = g_object_ref (session);
  call->cameras = g_strdupv ((char **) cameras);
  if (call->cameras == NULL)
    call->cameras = g_new0 (char *, 1);
  call->from = from;
  call->to = to;
  call->case_ref = g_strdup (case_ref);
  call->exhibit = g_strdup (exhibit);
  call->purpose = g_strdup (purpose);
  vigil_site_run_async (self, vigil_site_request_export_async, call, (GDestroyNotify) request_call_free,
                        request_export_work, g_object_unref, cancellable, callback, user_data);
}

VigilExport *
vigil_site_request_export_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_request_export_async, error);
}

static gpointer
approve_export_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_approve_export (self, call->session, call->id, call->reason, call->text, error);
}

void
vigil_site_approve_export_async (VigilSite           *self,
                                 VigilSession        *session,
                                 gint64               export_id,
                                 const char          *reason,
                                 const char          *hold_until,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  call = vigil_site_call_new (session);
  call->id = export_id;
  call->reason = g_strdup (reason);
  call->text = g_strdup (hold_until);
  vigil_site_call_run (self, vigil_site_approve_export_async, call, approve_export_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilExport *
vigil_site_approve_export_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_approve_export_async, error);
}

static gpointer
refuse_export_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_refuse_export (self, call->session, call->id, call->reason, error);
}

void
vigil_site_refuse_export_async (VigilSite           *self,
                                VigilSession        *session,
                                gint64               export_id,
                                const char          *reason,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  call = vigil_site_call_new (session);
  call->id = export_id;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_refuse_export_async, call, refuse_export_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilExport *
vigil_site_refuse_export_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_refuse_export_async, error);
}

static gpointer
list_exports_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_list_exports (self, call->session, error);
}

void
vigil_site_list_exports_async (VigilSite           *self,
                               VigilSession        *session,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  vigil_site_call_run (self, vigil_site_list_exports_async, vigil_site_call_new (session), list_exports_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_exports_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_exports_async, error);
}
