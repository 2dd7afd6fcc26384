/* vigil-site-duty.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-duty.h"
#include "vigil-site.h"
#include "vigil-watch-request.h"

G_BEGIN_DECLS

/* One staff to one baby (vigil-site-duty.c). The check_ calls say, without
 * writing anything, whether the matching change would be refused; the change
 * itself checks everything again inside its transaction. */

gboolean           vigil_site_check_watch_request (VigilSite     *self,
                                                   const char    *case_ref,
                                                   const char    *reason,
                                                   GError       **error);
VigilWatchRequest *vigil_site_request_watch       (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *reason,
                                                   GError       **error);
void               vigil_site_request_watch_async (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *reason,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
VigilWatchRequest *vigil_site_request_watch_finish (VigilSite     *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);

/* Withdraws the open watch request for @case_ref, with a reason (audited):
 * by the member who raised it, or a team lead or manager. */
gboolean           vigil_site_check_watch_withdraw (VigilSite    *self,
                                                    VigilSession *session,
                                                    const char   *case_ref,
                                                    const char   *reason,
                                                    GError      **error);
gboolean           vigil_site_withdraw_watch      (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *reason,
                                                   GError       **error);
void               vigil_site_withdraw_watch_async (VigilSite    *self,
                                                    VigilSession *session,
                                                    const char   *case_ref,
                                                    const char   *reason,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer      user_data);
gboolean           vigil_site_withdraw_watch_finish (VigilSite    *self,
                                                     GAsyncResult *result,
                                                     GError      **error);
gboolean           vigil_site_check_can_watch     (VigilSite     *self,
                                                   const char    *username,
                                                   GError       **error);
gboolean           vigil_site_check_duty_start    (VigilSite     *self,
                                                   const char    *case_ref,
                                                   const char    *operator_name,
                                                   GError       **error);
VigilDuty         *vigil_site_start_duty          (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *operator_name,
                                                   GError       **error);
void               vigil_site_start_duty_async    (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *operator_name,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
VigilDuty         *vigil_site_start_duty_finish   (VigilSite     *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

VigilDuty         *vigil_site_get_open_duty       (VigilSite     *self,
                                                   const char    *case_ref,
                                                   GError       **error);
void               vigil_site_get_open_duty_async (VigilSite     *self,
                                                   const char    *case_ref,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
VigilDuty         *vigil_site_get_open_duty_finish (VigilSite     *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);
VigilDuty         *vigil_site_get_duty            (VigilSite     *self,
                                                   gint64         duty_id,
                                                   GError       **error);
void               vigil_site_get_duty_async      (VigilSite     *self,
                                                   gint64         duty_id,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
VigilDuty         *vigil_site_get_duty_finish     (VigilSite     *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
VigilDuty         *vigil_site_end_duty            (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *summary,
                                                   GError       **error);
void               vigil_site_end_duty_async      (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *summary,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
VigilDuty         *vigil_site_end_duty_finish     (VigilSite     *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
gboolean           vigil_site_check_handover      (VigilSite     *self,
                                                   const char    *case_ref,
                                                   const char    *to_operator,
                                                   GError       **error);
VigilDuty         *vigil_site_hand_over_duty      (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *case_ref,
                                                   const char    *to_operator,
                                                   const char    *summary,
                                                   GError       **error);
void               vigil_site_hand_over_duty_async (VigilSite     *self,
                                                    VigilSession  *session,
                                                    const char    *case_ref,
                                                    const char    *to_operator,
                                                    const char    *summary,
                                                    GCancellable  *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer       user_data);
VigilDuty         *vigil_site_hand_over_duty_finish (VigilSite     *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);

gboolean           vigil_site_get_coverage        (VigilSite     *self,
                                                   GPtrArray    **duties,
                                                   GPtrArray    **uncovered,
                                                   GError       **error);
void               vigil_site_get_coverage_async  (VigilSite     *self,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
gboolean           vigil_site_get_coverage_finish (VigilSite     *self,
                                                   GAsyncResult  *result,
                                                   GPtrArray    **duties,
                                                   GPtrArray    **uncovered,
                                                   GError       **error);

GPtrArray         *vigil_site_list_duties         (VigilSite     *self,
                                                   gint64         from,
                                                   gint64         to,
                                                   GError       **error);
void               vigil_site_list_duties_async   (VigilSite     *self,
                                                   gint64         from,
                                                   gint64         to,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
GPtrArray         *vigil_site_list_duties_finish  (VigilSite     *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

G_END_DECLS
