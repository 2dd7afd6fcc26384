/* vigil-store-duty.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-duty.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-duty.h"
#include "vigil-store.h"
#include "vigil-watch-request.h"

G_BEGIN_DECLS

/* Duties and watch requests in the store (vigil-store-duty.c). Lookups that
 * find nothing return %NULL without an error; the caller decides whether
 * that is one. Writers run inside the caller's transaction. */

VigilDuty         *vigil_store_duty_get                     (VigilStore   *self,
                                                             gint64        duty_id,
                                                             GError      **error);
VigilDuty         *vigil_store_duty_open_for_family         (VigilStore   *self,
                                                             gint64        family_id,
                                                             GError      **error);
VigilDuty         *vigil_store_duty_open_for_operator       (VigilStore   *self,
                                                             const char   *operator_name,
                                                             GError      **error);
gboolean           vigil_store_duty_check_free              (VigilStore   *self,
                                                             gint64        family_id,
                                                             const char   *case_ref,
                                                             const char   *operator_name,
                                                             GError      **error);
gint64             vigil_store_duty_insert                  (VigilStore   *self,
                                                             gint64        family_id,
                                                             const char   *case_ref,
                                                             const char   *operator_name,
                                                             gint64        started_at,
                                                             const char   *started_by,
                                                             GError      **error);
gboolean           vigil_store_duty_end                     (VigilStore   *self,
                                                             gint64        duty_id,
                                                             gint64        ended_at,
                                                             const char   *ended_by,
                                                             gint64        summary_note,
                                                             GError      **error);
gboolean           vigil_store_duty_set_handed_to           (VigilStore   *self,
                                                             gint64        duty_id,
                                                             gint64        handed_to,
                                                             GError      **error);
GPtrArray         *vigil_store_duty_list_open               (VigilStore   *self,
                                                             GError      **error);
GPtrArray         *vigil_store_duty_list_overlapping        (VigilStore   *self,
                                                             gint64        from,
                                                             gint64        to,
                                                             GError      **error);

VigilWatchRequest *vigil_store_watch_request_open_for_family (VigilStore  *self,
                                                             gint64        family_id,
                                                             GError      **error);
gint64             vigil_store_watch_request_insert         (VigilStore   *self,
                                                             gint64        family_id,
                                                             gint64        requested_at,
                                                             const char   *requested_by,
                                                             const char   *reason,
                                                             GError      **error);
gboolean           vigil_store_watch_request_close          (VigilStore   *self,
                                                             gint64        family_id,
                                                             gint64        closed_at,
                                                             const char   *closed_by,
                                                             gint64       *closed_id,
                                                             GError      **error);
GPtrArray         *vigil_store_watch_request_list_uncovered (VigilStore   *self,
                                                             GError      **error);
VigilWatchRequest *vigil_store_watch_request_latest_for_family (VigilStore *self,
                                                               gint64      family_id,
                                                               GError    **error);
gboolean           vigil_store_watch_request_withdraw       (VigilStore   *self,
                                                             gint64        request_id,
                                                             gint64        closed_at,
                                                             const char   *closed_by,
                                                             const char   *reason,
                                                             GError      **error);

G_END_DECLS
