/* vigil-text.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* Checks on the text staff type into records (names, labels, reasons,
 * purposes, rationales, evidence, URLs, usernames, setting values) and on
 * how such text is shown back. @what names the field in the message
 * ("room name"). A refusal is one line that names the field, says what is
 * wrong and quotes at most VIGIL_TEXT_QUOTE_CHARS characters of the value. */

/* How much of a bad value an error message quotes. */
#define VIGIL_TEXT_QUOTE_CHARS 32

/* The longest reason any call takes, for the one-line audit trail. */
#define VIGIL_TEXT_MAX_REASON  500

/* A character that is never shown as itself: controls (C0, DEL, C1), the
 * invisible and text-direction characters (Unicode format characters, such
 * as U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF)
 * and the line and paragraph separators U+2028, U+2029. */
gboolean vigil_text_char_is_hidden        (gunichar     c);

/* @text (@length bytes, or -1) with every hidden character and every byte
 * that is not UTF-8 written out visibly: "\n", "\r", "\t", "\x1b" for
 * controls and bad bytes, "\u{202E}" for the rest. Anything else is kept. */
char    *vigil_text_escape                (const char  *text,
                                           gssize       length);

/* At most VIGIL_TEXT_QUOTE_CHARS characters of @text, escaped, with "…"
 * when cut: for quoting a bad value in an error message. */
char    *vigil_text_quote                 (const char  *text);

/* 1 to @max_chars characters of printable UTF-8 text on one line, no space
 * at either end (so "Room 1" and "Room 1 " are never two rooms). */
gboolean vigil_text_validate_name         (const char  *text,
                                           guint        max_chars,
                                           const char  *what,
                                           GError     **error);

/* Required free text on one line: not blank, at most @max_chars
 * characters, printable (it goes into the one-line audit trail). */
gboolean vigil_text_validate_line         (const char  *text,
                                           guint        max_chars,
                                           const char  *what,
                                           GError     **error);

/* The same, but %NULL or "" is accepted. */
gboolean vigil_text_validate_optional_line (const char  *text,
                                            guint        max_chars,
                                            const char  *what,
                                            GError     **error);

/* A reason for the audit trail (at most VIGIL_TEXT_MAX_REASON characters),
 * required or not. */
gboolean vigil_text_validate_reason       (const char  *reason,
                                           gboolean     required,
                                           GError     **error);

/* Sets *@slot to a copy of @value, freeing the old string; says whether it
 * changed (so a setter notifies only on a real change). What g_set_str()
 * does from GLib 2.76, after Debian 12's 2.74. */
gboolean vigil_text_replace               (char       **slot,
                                           const char  *value);
/* Appends one CSV field (RFC 4180) and its comma, or the line's end when
 * @last; only the last field of a line may run over several lines. A
 * field a spreadsheet would run as a formula is kept as text. */
void     vigil_text_append_csv_field      (GString     *out,
                                           const char  *raw,
                                           gboolean     last);

G_END_DECLS
