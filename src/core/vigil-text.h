/* vigil-text.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* Checks on the short texts staff type into records: names, labels,
 * reasons. @what names the field in the message ("room name"). */

/* 1 to @max_chars characters of valid UTF-8, no control characters, no space
 * at either end (so "Room 1" and "Room 1 " are never two rooms). */
gboolean vigil_text_validate_name (const char  *text,
                                   guint        max_chars,
                                   const char  *what,
                                   GError     **error);

/* Required free text on one line: not blank, at most @max_chars characters,
 * no control characters (it goes into the one-line audit trail). */
gboolean vigil_text_validate_line (const char  *text,
                                   guint        max_chars,
                                   const char  *what,
                                   GError     **error);

/* Sets *@slot to a copy of @value, freeing the old string; says whether it
 * changed (so a setter notifies only on a real change). What g_set_str()
 * does from GLib 2.76, after Debian 12's 2.74. */
gboolean vigil_text_replace       (char       **slot,
                                   const char  *value);

G_END_DECLS
