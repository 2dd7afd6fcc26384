/* vigil-text.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-text"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-text.h"

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
vigil_text_validate_name (const char  *text,
                          guint        max_chars,
                          const char  *what,
                          GError     **error)
{
  g_autofree char *shown = NULL;
  glong len;

  g_return_val_if_fail (what != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("the %s is empty"), what);
      return FALSE;
    }

  shown = g_utf8_make_valid (text, -1);
  if (!g_utf8_validate (text, -1, NULL) || has_control (text))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("bad %s “%s”: it holds characters that cannot be shown"), what, shown);
      return FALSE;
    }

  len = g_utf8_strlen (text, -1);
  if (len > (glong) max_chars)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the %s “%s” is too long: at most %u characters"), what, shown, max_chars);
      return FALSE;
    }

  if (g_unichar_isspace (g_utf8_get_char (text)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_offset_to_pointer (text, len - 1))))
    {
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
  g_return_val_if_fail (what != NULL, FALSE);

  if (text == NULL || is_blank (text))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("the %s is required"), what);
      return FALSE;
    }

  if (!g_utf8_validate (text, -1, NULL) || has_control (text))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the %s must be one line of ordinary text"), what);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the %s is too long: at most %u characters"), what, max_chars);
      return FALSE;
    }

  return TRUE;
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
