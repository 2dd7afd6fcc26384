/* vigil-time.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* Instants are microseconds since the Unix epoch, UTC, as GLib's
 * g_get_real_time() gives them. Calendar dates are "YYYY-MM-DD" strings. */

gboolean  vigil_date_validate        (const char  *text,
                                      GError     **error);
char     *vigil_date_today           (GTimeZone   *zone,
                                      gint64       now_us);
char     *vigil_time_format_utc      (gint64       instant_us);
char     *vigil_time_format_utc_ms   (gint64       instant_us);
char     *vigil_time_format_local    (gint64       instant_us,
                                      GTimeZone   *zone,
                                      const char  *format);
gint64    vigil_time_local_to_instant (GTimeZone   *zone,
                                       gint64       wall_seconds);
gboolean  vigil_time_parse           (const char  *text,
                                      GTimeZone   *zone,
                                      gint64      *instant_us,
                                      GError     **error);
gboolean  vigil_time_parse_until     (const char  *text,
                                      GTimeZone   *zone,
                                      gint64      *instant_us,
                                      GError     **error);

/* A zone by its tz database name ("Europe/London"), never a path or a TZ
 * rule: NULL with @error set for anything else. */
GTimeZone *vigil_time_zone_new       (const char  *name,
                                      GError     **error);

G_END_DECLS
