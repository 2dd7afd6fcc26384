/* vigil-record-list.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-types.h"
#include "vigil-change-monitor.h"
#include "vigil-site.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_RECORD_LIST (vigil_record_list_get_type ())

G_DECLARE_FINAL_TYPE (VigilRecordList, vigil_record_list, VIGIL, RECORD_LIST, GObject)

/* A GListModel of one kind of the site's records, kept up to date by a
 * change monitor; for widgets to bind to. Each starts empty and loading. */

/* VigilStaff, everyone, active or not */
VigilRecordList *vigil_record_list_new_staff          (VigilSite          *site,
                                                       VigilChangeMonitor *monitor);
/* VigilRoom */
VigilRecordList *vigil_record_list_new_rooms          (VigilSite          *site,
                                                       VigilChangeMonitor *monitor);
/* VigilCamera */
VigilRecordList *vigil_record_list_new_cameras        (VigilSite          *site,
                                                       VigilChangeMonitor *monitor);
/* VigilFamily, those placed now, or all when @include_discharged */
VigilRecordList *vigil_record_list_new_families       (VigilSite          *site,
                                                       VigilChangeMonitor *monitor,
                                                       gboolean            include_discharged);
/* VigilDuty, the open ones: who watches whom */
VigilRecordList *vigil_record_list_new_duties         (VigilSite          *site,
                                                       VigilChangeMonitor *monitor);
/* VigilWatchRequest, the open ones (nobody is on duty for them), oldest
 * first */
VigilRecordList *vigil_record_list_new_watch_requests (VigilSite          *site,
                                                       VigilChangeMonitor *monitor);
/* VigilNote, one family's notes and addenda, oldest first */
VigilRecordList *vigil_record_list_new_notes          (VigilSite          *site,
                                                       VigilChangeMonitor *monitor,
                                                       const char         *case_ref);

gboolean         vigil_record_list_get_loading        (VigilRecordList    *self);
const GError    *vigil_record_list_get_error          (VigilRecordList    *self);

G_END_DECLS
