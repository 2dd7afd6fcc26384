/* vigil-watch-request.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WATCH_REQUEST (vigil_watch_request_get_type ())

G_DECLARE_FINAL_TYPE (VigilWatchRequest, vigil_watch_request, VIGIL, WATCH_REQUEST, GObject)

gint64             vigil_watch_request_get_id           (VigilWatchRequest *self);
const char        *vigil_watch_request_get_case_ref     (VigilWatchRequest *self);
const char        *vigil_watch_request_get_family_label (VigilWatchRequest *self);
gint64             vigil_watch_request_get_requested_at (VigilWatchRequest *self);
const char        *vigil_watch_request_get_requested_by (VigilWatchRequest *self);
const char        *vigil_watch_request_get_reason       (VigilWatchRequest *self);
gboolean           vigil_watch_request_is_open          (VigilWatchRequest *self);
gint64             vigil_watch_request_get_closed_at    (VigilWatchRequest *self);
const char        *vigil_watch_request_get_closed_by    (VigilWatchRequest *self);
const char        *vigil_watch_request_get_withdrawn_reason (VigilWatchRequest *self);

G_END_DECLS
