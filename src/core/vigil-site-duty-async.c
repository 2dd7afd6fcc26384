/* vigil-site-duty-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-notes-pdf.h"
#include "vigil-site-async-private.h"
#include "vigil-site-duty.h"
#include "vigil-site-notes.h"

/* Watch requests, duties, coverage and notes, on the site's worker (see
 * vigil-site-async.c): each call runs its synchronous twin there. */

/* ---- watch requests and duties ----------------------------------------- */

static gpointer
request_watch_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_request_watch (self, call->session, call->name, call->reason, error);
}

void
vigil_site_request_watch_async (VigilSite           *self,
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
  vigil_site_call_run (self, vigil_site_request_watch_async, call, request_watch_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilWatchRequest *
vigil_site_request_watch_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_request_watch_async, error);
}

static gpointer
withdraw_watch_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_withdraw_watch (self, call->session, call->name, call->reason, error));
}

void
vigil_site_withdraw_watch_async (VigilSite           *self,
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
  vigil_site_call_run (self, vigil_site_withdraw_watch_async, call, withdraw_watch_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_withdraw_watch_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_withdraw_watch_async, error);
}

static gpointer
start_duty_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_start_duty (self, call->session, call->name, call->text, error);
}

void
vigil_site_start_duty_async (VigilSite           *self,
                             VigilSession        *session,
                             const char          *case_ref,
                             const char          *operator_name,
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
  call->text = g_strdup (operator_name);
  vigil_site_call_run (self, vigil_site_start_duty_async, call, start_duty_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilDuty *
vigil_site_start_duty_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_start_duty_async, error);
}

static gpointer
get_open_duty_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_get_open_duty (self, call->name, error);
}

void
vigil_site_get_open_duty_async (VigilSite           *self,
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
  vigil_site_call_run (self, vigil_site_get_open_duty_async, call, get_open_duty_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilDuty *
vigil_site_get_open_duty_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_get_open_duty_async, error);
}

static gpointer
get_duty_work (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_get_duty (self, call->id, error);
}

void
vigil_site_get_duty_async (VigilSite           *self,
                           gint64               duty_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));

  call = vigil_site_call_new (NULL);
  call->id = duty_id;
  vigil_site_call_run (self, vigil_site_get_duty_async, call, get_duty_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilDuty *
vigil_site_get_duty_finish (VigilSite     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_get_duty_async, error);
}

static gpointer
end_duty_work (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_end_duty (self, call->session, call->name, call->text, error);
}

void
vigil_site_end_duty_async (VigilSite           *self,
                           VigilSession        *session,
                           const char          *case_ref,
                           const char          *summary,
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
  call->text = g_strdup (summary);
  vigil_site_call_run (self, vigil_site_end_duty_async, call, end_duty_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilDuty *
vigil_site_end_duty_finish (VigilSite     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_end_duty_async, error);
}

static gpointer
hand_over_duty_work (VigilSite  *self,
                     gpointer    data,
                     GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_hand_over_duty (self, call->session, call->name, call->text, call->text2, error);
}

void
vigil_site_hand_over_duty_async (VigilSite           *self,
                                 VigilSession        *session,
                                 const char          *case_ref,
                                 const char          *to_operator,
                                 const char          *summary,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL && to_operator != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->text = g_strdup (to_operator);
  call->text2 = g_strdup (summary);
  vigil_site_call_run (self, vigil_site_hand_over_duty_async, call, hand_over_duty_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilDuty *
vigil_site_hand_over_duty_finish (VigilSite     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_hand_over_duty_async, error);
}

/* ---- notes ------------------------------------------------------------- */

static gpointer
add_note_work (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_add_note (self, call->session, call->name, call->number, call->from, call->to,
                              call->text, error);
}

void
vigil_site_add_note_async (VigilSite           *self,
                           VigilSession        *session,
                           const char          *case_ref,
                           VigilNoteKind        kind,
                           gint64               period_from,
                           gint64               period_to,
                           const char          *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL && body != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->number = kind;
  call->from = period_from;
  call->to = period_to;
  call->text = g_strdup (body);
  vigil_site_call_run (self, vigil_site_add_note_async, call, add_note_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilNote *
vigil_site_add_note_finish (VigilSite     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_add_note_async, error);
}

static gpointer
add_addendum_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_add_addendum (self, call->session, call->id, call->text, error);
}

void
vigil_site_add_addendum_async (VigilSite           *self,
                               VigilSession        *session,
                               gint64               note_id,
                               const char          *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (body != NULL);

  call = vigil_site_call_new (session);
  call->id = note_id;
  call->text = g_strdup (body);
  vigil_site_call_run (self, vigil_site_add_addendum_async, call, add_addendum_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilNote *
vigil_site_add_addendum_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_add_addendum_async, error);
}

static gpointer
get_note_work (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_get_note (self, call->id, error);
}

void
vigil_site_get_note_async (VigilSite           *self,
                           gint64               note_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));

  call = vigil_site_call_new (NULL);
  call->id = note_id;
  vigil_site_call_run (self, vigil_site_get_note_async, call, get_note_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilNote *
vigil_site_get_note_finish (VigilSite     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_get_note_async, error);
}

static gpointer
list_notes_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_list_notes (self, call->name, call->from, error);
}

void
vigil_site_list_notes_async (VigilSite           *self,
                             const char          *case_ref,
                             gint64               since_us,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  call->from = since_us;
  vigil_site_call_run (self, vigil_site_list_notes_async, call, list_notes_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_notes_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_notes_async, error);
}

static gpointer
export_notes_pdf_work (VigilSite  *self,
                       gpointer    data,
                       GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_export_notes_pdf (self, call->name, call->from, call->to, call->text,
                                                       error));
}

/* Laying out and writing a long record takes a while: off the main loop. */
void
vigil_site_export_notes_pdf_async (VigilSite           *self,
                                   const char          *case_ref,
                                   gint64               since_us,
                                   gint64               until_us,
                                   const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);
  g_return_if_fail (path != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  call->from = since_us;
  call->to = until_us;
  call->text = g_strdup (path);
  vigil_site_call_run (self, vigil_site_export_notes_pdf_async, call, export_notes_pdf_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_export_notes_pdf_finish (VigilSite     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_export_notes_pdf_async, error);
}

/* ---- coverage ---------------------------------------------------------- */

typedef struct
{
  GPtrArray *duties;
  GPtrArray *uncovered;
} Coverage;

static void
coverage_free (Coverage *coverage)
{
  g_clear_pointer (&coverage->duties, g_ptr_array_unref);
  g_clear_pointer (&coverage->uncovered, g_ptr_array_unref);
  g_free (coverage);
}

static gpointer
get_coverage_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  Coverage *coverage = g_new0 (Coverage, 1);

  if (!vigil_site_get_coverage (self, &coverage->duties, &coverage->uncovered, error))
    g_clear_pointer (&coverage, coverage_free);
  return coverage;
}

void
vigil_site_get_coverage_async (VigilSite           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));

  vigil_site_call_run (self, vigil_site_get_coverage_async, vigil_site_call_new (NULL), get_coverage_work,
                       (GDestroyNotify) coverage_free, cancellable, callback, user_data);
}

/**
 * vigil_site_get_coverage_finish:
 * @duties: (out) (transfer full) (element-type VigilDuty): open duties
 * @uncovered: (out) (transfer full) (element-type VigilWatchRequest): open
 *   requests with nobody on duty, oldest first
 */
gboolean
vigil_site_get_coverage_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GPtrArray    **duties,
                                GPtrArray    **uncovered,
                                GError       **error)
{
  Coverage *coverage;

  g_return_val_if_fail (duties != NULL && uncovered != NULL, FALSE);

  coverage = vigil_site_finish_pointer (self, result, vigil_site_get_coverage_async, error);
  if (coverage == NULL)
    return FALSE;

  *duties = g_steal_pointer (&coverage->duties);
  *uncovered = g_steal_pointer (&coverage->uncovered);
  coverage_free (coverage);
  return TRUE;
}

static gpointer
list_duties_work (VigilSite  *self,
                  gpointer    data,
                  GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_list_duties (self, call->from, call->to, error);
}

void
vigil_site_list_duties_async (VigilSite           *self,
                              gint64               from,
                              gint64               to,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));

  call = vigil_site_call_new (NULL);
  call->from = from;
  call->to = to;
  vigil_site_call_run (self, vigil_site_list_duties_async, call, list_duties_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * vigil_site_list_duties_finish:
 *
 * Returns: (transfer full) (element-type VigilDuty): as
 *   vigil_site_list_duties()
 */
GPtrArray *
vigil_site_list_duties_finish (VigilSite     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_duties_async, error);
}
