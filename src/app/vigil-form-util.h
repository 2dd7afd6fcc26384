/* vigil-form-util.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "vigil-core.h"

G_BEGIN_DECLS

/* Reading the entries of the centre's forms. What a form cannot read it
 * says at once; everything else goes to the core, which judges it. */

/* The text without its leading spaces. */
static inline const char *
vigil_form_text (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  while (g_ascii_isspace (*text))
    text++;
  return text;
}

/* The text, or %NULL for an entry left empty: the core's "none". */
static inline const char *
vigil_form_optional (GtkEditable *editable)
{
  const char *text = vigil_form_text (editable);

  return *text != '\0' ? text : NULL;
}

/* Days footage is kept: 0 where the entry is empty (the site's default, or
 * the figure on file). Its range is the core's to judge. */
static inline gboolean
vigil_form_read_days (GtkEditable  *editable,
                      guint        *days,
                      GError      **error)
{
  const char *text = vigil_form_text (editable);
  guint64 value = 0;

  *days = 0;
  if (*text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("The days footage is kept must be a whole number, such as 31."));
      return FALSE;
    }
  *days = (guint) value;
  return TRUE;
}

G_END_DECLS
