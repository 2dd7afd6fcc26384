/* vigil-text.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-text"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-text.h"

/* One rule for every short text that reaches a record or a listing: a
 * single line of printable UTF-8. A line break in a reason would forge an
 * entry in a one-line listing of the trail; an escape sequence would drive
 * the terminal that shows it; an invisible or text-direction character
 * would make two names look alike or a sentence read in another order. */

gboolean
vigil_text_char_is_hidden (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SURROGATE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
append_escaped_char (GString  *out,
                     gunichar  c)
{
  switch (c)
    {
    case '\n':
      g_string_append (out, "\\n");
      break;
    case '\r':
      g_string_append (out, "\\r");
      break;
    case '\t':
      g_string_append (out, "\\t");
      break;
    default:
      if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "\\u{%04X}", c);
    }
}

/* Escapes at most @max_chars characters of @text (-1: all); says whether
 * any were left out. */
static gboolean
escape_into (GString    *out,
             const char *text,
             gssize      length,
             glong       max_chars)
{
  const char *p = text;
  const char *end;
  glong n = 0;

  if (text == NULL)
    return FALSE;

  end = text + (length < 0 ? strlen (text) : (gsize) length);
  while (p < end)
    {
      gunichar c;

      if (max_chars >= 0 && n == max_chars)
        return TRUE;

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: the byte itself. */
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
        }
      else
        {
          if (vigil_text_char_is_hidden (c))
            append_escaped_char (out, c);
          else
            g_string_append_unichar (out, c);
          p = g_utf8_next_char (p);
        }
      n++;
    }

  return FALSE;
}

char *
vigil_text_escape (const char *text,
                   gssize      length)
{
  GString *out = g_string_new (NULL);

  escape_into (out, text, length, -1);
  return g_string_free (out, FALSE);
}

char *
vigil_text_quote (const char *text)
{
  GString *out = g_string_new (NULL);

  if (escape_into (out, text, -1, VIGIL_TEXT_QUOTE_CHARS))
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* Words for a character that may not stand in a one-line field. */
static char *
describe_hidden (gunichar c)
{
  if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
    return g_strdup_printf (_("a line break (U+%04X)"), c);
  if (c == '\t')
    return g_strdup (_("a tab (U+0009)"));
  if (g_unichar_type (c) == G_UNICODE_CONTROL)
    return g_strdup_printf (_("a control character (U+%04X)"), c);
  return g_strdup_printf (_("an invisible or text-direction character (U+%04X)"), c);
}

/* Refuses text that is not UTF-8 or holds a hidden character, saying where
 * and quoting the start of it. @problem is the sentence start, such as
 * "the reason must be one line of ordinary text". */
static gboolean
check_printable (const char  *text,
                 const char  *problem,
                 GError     **error)
{
  const char *end = NULL;
  glong position = 1;

  if (!g_utf8_validate (text, -1, &end))
    {
      g_autofree char *shown = vigil_text_quote (text);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s: it is not valid UTF-8 (bad byte %ld): “%s”"),
                   problem, (long) (end - text) + 1, shown);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);

      if (vigil_text_char_is_hidden (c))
        {
          g_autofree char *shown = vigil_text_quote (text);
          g_autofree char *which = describe_hidden (c);
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("%s: it holds %s at character %ld: “%s”"),
                       problem, which, position, shown);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
check_length (const char  *text,
              guint        max_chars,
              const char  *what,
              GError     **error)
{
  glong len = g_utf8_strlen (text, -1);

  if (len > (glong) max_chars)
    {
      g_autofree char *shown = vigil_text_quote (text);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the %s is too long: at most %u characters (it has %ld): “%s”"),
                   what, max_chars, len, shown);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_text_validate_name (const char  *text,
                          guint        max_chars,
                          const char  *what,
                          GError     **error)
{
  g_autofree char *problem = NULL;
  glong len;

  g_return_val_if_fail (what != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("the %s is empty"), what);
      return FALSE;
    }

  problem = g_strdup_printf (_("bad %s"), what);
  if (!check_printable (text, problem, error) ||
      !check_length (text, max_chars, what, error))
    return FALSE;

  len = g_utf8_strlen (text, -1);
  if (g_unichar_isspace (g_utf8_get_char (text)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_offset_to_pointer (text, len - 1))))
    {
      g_autofree char *shown = vigil_text_quote (text);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the %s “%s” starts or ends with a space"), what, shown);
      return FALSE;
    }

  return TRUE;
}

gboolean
vigil_text_validate_line (const char  *text,
                          guint        max_chars,
                          const char  *what,
                          GError     **error)
{
  g_autofree char *problem = NULL;

  g_return_val_if_fail (what != NULL, FALSE);

  /* Checked before "blank": a line break alone is not "missing". */
  problem = g_strdup_printf (_("the %s must be one line of ordinary text"), what);
  if (text != NULL && !check_printable (text, problem, error))
    return FALSE;

  if (text == NULL || is_blank (text))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("the %s is required"), what);
      return FALSE;
    }

  return check_length (text, max_chars, what, error);
}

gboolean
vigil_text_validate_optional_line (const char  *text,
                                   guint        max_chars,
                                   const char  *what,
                                   GError     **error)
{
  g_return_val_if_fail (what != NULL, FALSE);

  return text == NULL || *text == '\0' ||
         vigil_text_validate_line (text, max_chars, what, error);
}

gboolean
vigil_text_validate_reason (const char  *reason,
                            gboolean     required,
                            GError     **error)
{
  if (required)
    return vigil_text_validate_line (reason, VIGIL_TEXT_MAX_REASON, _("reason"), error);
  return vigil_text_validate_optional_line (reason, VIGIL_TEXT_MAX_REASON, _("reason"), error);
}

gboolean
vigil_text_replace (char       **slot,
                    const char  *value)
{
  g_return_val_if_fail (slot != NULL, FALSE);

  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* What a CSV field may hold as it is: anything printable, and in the last
 * field (a note's body) its tabs and line breaks. Anything else can only
 * have come from outside Vigil, and is written out visibly
 * (vigil_text_escape()). */
static char *
printable_csv_text (const char *field,
                    gboolean    body)
{
  GString *out = g_string_new (NULL);
  const char *end = field + strlen (field);

  for (const char *p = field; p < end; )
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next = (c == (gunichar) -1 || c == (gunichar) -2) ? p + 1 : g_utf8_next_char (p);

      if ((body && (c == '\n' || c == '\t')) || (c < 0x110000 && !vigil_text_char_is_hidden (c)))
        g_string_append_len (out, p, next - p);
      else
        {
          g_autofree char *escaped = vigil_text_escape (p, next - p);
          g_string_append (out, escaped);
        }
      p = next;
    }

  return g_string_free (out, FALSE);
}

/* RFC 4180: a field holding a comma, a quote or a line break is quoted, and
 * its quotes doubled. A field a spreadsheet would run as a formula (one
 * that starts with "=", "+", "-", "@", a tab or a carriage return) is
 * written with a "'" before it, as OWASP advises for CSV that may be
 * opened in a spreadsheet: the text is kept, and nothing runs. */
void
vigil_text_append_csv_field (GString    *out,
                             const char *raw,
                             gboolean    last)
{
  /* Only the body, always the last cell, is multi-line. */
  g_autofree char *printable = printable_csv_text (raw, last);
  g_autofree char *field = strchr ("=+-@\t\r", printable[0]) != NULL && printable[0] != '\0'
                           ? g_strconcat ("'", printable, NULL)
                           : g_strdup (printable);

  if (strpbrk (field, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, field);

  g_string_append (out, last ? "\r\n" : ",");
}
