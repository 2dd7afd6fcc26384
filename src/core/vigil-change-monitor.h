/* vigil-change-monitor.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-enums.h"
#include "vigil-site.h"

G_BEGIN_DECLS

/* The kinds of record a committed change touched; one bit per kind. */
typedef enum /*< flags >*/
{
  VIGIL_CHANGE_KIND_NONE           = 0,
  VIGIL_CHANGE_KIND_SETTINGS       = 1 << 0,
  VIGIL_CHANGE_KIND_STAFF          = 1 << 1,
  VIGIL_CHANGE_KIND_AUDIT          = 1 << 2,
  VIGIL_CHANGE_KIND_ROOMS          = 1 << 3,
  VIGIL_CHANGE_KIND_CAMERAS        = 1 << 4,
  VIGIL_CHANGE_KIND_FAMILIES       = 1 << 5,  /* and their agreements */
  VIGIL_CHANGE_KIND_STAGES         = 1 << 6,
  VIGIL_CHANGE_KIND_WINDOWS        = 1 << 7,
  VIGIL_CHANGE_KIND_OVERRIDES      = 1 << 8,
  VIGIL_CHANGE_KIND_WATCH_REQUESTS = 1 << 9,
  VIGIL_CHANGE_KIND_NOTES          = 1 << 10,
  VIGIL_CHANGE_KIND_DUTIES         = 1 << 11,
  VIGIL_CHANGE_KIND_RECORDINGS     = 1 << 12, /* segments, gaps and deletions */
  VIGIL_CHANGE_KIND_HOLDS          = 1 << 13,
  VIGIL_CHANGE_KIND_RECORDER       = 1 << 14, /* the recorder's state, every heartbeat */
  VIGIL_CHANGE_KIND_EXPORTS        = 1 << 15, /* court bundle requests, decisions and runs */
} VigilChangeKind;

/* Tells when any process commits a change to a site's file, and what kind
 * of record it touched (::changed, on the main context of the thread that
 * made the monitor). One per process is enough: every VigilRecordList of the
 * site can share it. */
#define VIGIL_TYPE_CHANGE_MONITOR (vigil_change_monitor_get_type ())

G_DECLARE_FINAL_TYPE (VigilChangeMonitor, vigil_change_monitor, VIGIL, CHANGE_MONITOR, GObject)

VigilChangeMonitor *vigil_change_monitor_new  (VigilSite           *site,
                                               GError             **error);
const char         *vigil_change_monitor_get_path (VigilChangeMonitor *self);

G_END_DECLS
