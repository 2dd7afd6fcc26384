/* vigil-window.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-policy.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WINDOW (vigil_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilWindow, vigil_window, VIGIL, WINDOW, GObject)

VigilWindow *vigil_window_new                (VigilDays     days,
                                              const char   *date,
                                              guint         start_minute,
                                              guint         end_minute,
                                              gboolean      audio,
                                              const char   *purpose);
gint64       vigil_window_get_id             (VigilWindow  *self);
gint64       vigil_window_get_family_id      (VigilWindow  *self);
VigilDays    vigil_window_get_days           (VigilWindow  *self);
const char  *vigil_window_get_date           (VigilWindow  *self);
guint        vigil_window_get_start_minute   (VigilWindow  *self);
guint        vigil_window_get_end_minute     (VigilWindow  *self);
gboolean     vigil_window_get_audio          (VigilWindow  *self);
const char  *vigil_window_get_purpose        (VigilWindow  *self);
const char  *vigil_window_get_created_by     (VigilWindow  *self);
gint64       vigil_window_get_created_at     (VigilWindow  *self);
gint64       vigil_window_get_removed_at     (VigilWindow  *self);
const char  *vigil_window_get_removed_by     (VigilWindow  *self);
gboolean     vigil_window_get_past_midnight  (VigilWindow  *self);

/* "mon,tue,fri", "mon-fri", "sat,sun" (three-letter or full names, any
 * case); "daily" for every day. */
gboolean     vigil_window_parse_days         (const char   *text,
                                              VigilDays    *days,
                                              GError      **error);
char        *vigil_window_days_to_string     (VigilDays     days);
/* "HH:MM" (or "H:MM"), 00:00 to 23:59, as minutes after midnight. */
gboolean     vigil_window_parse_time         (const char   *text,
                                              guint        *minute,
                                              GError      **error);
char        *vigil_window_format_minute      (guint         minute);
/* When the window runs, in the same words in every language (it goes into
 * the audit trail as well as on screen): "mon,tue 19:00–20:30",
 * "2027-02-10 23:00–01:00". */
char        *vigil_window_describe           (VigilWindow  *self);

/* @today: the site's date; a one-off window cannot be for a day gone by. */
gboolean     vigil_window_validate           (VigilWindow  *self,
                                              const char   *today,
                                              GError      **error);

G_END_DECLS
