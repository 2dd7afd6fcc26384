/* vigil-time.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-time"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-time.h"

gboolean
vigil_date_validate (const char  *text,
                     GError     **error)
{
  guint year, month, day;
  char tail;

  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[8]) ||
      year < 1900 || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("malformed date “%s”: expected a real date as YYYY-MM-DD"), text);
      return FALSE;
    }

  return TRUE;
}

char *
vigil_date_today (GTimeZone *zone,
                  gint64     now_us)
{
  return vigil_time_format_local (now_us, zone, "%Y-%m-%d");
}

char *
vigil_time_format_utc (gint64 instant_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant_us / G_USEC_PER_SEC);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
vigil_time_format_local (gint64      instant_us,
                         GTimeZone  *zone,
                         const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, format);
}

/* Accepts ISO-8601 with an offset or Z, a local date-time without one (read in
 * @zone), with or without seconds, or a bare date (local midnight in @zone). */
gboolean
vigil_time_parse (const char  *text,
                  GTimeZone   *zone,
                  gint64      *instant_us,
                  GError     **error)
{
  g_autoptr(GDateTime) parsed = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (instant_us != NULL, FALSE);

  len = strlen (text);
  if (len == 10 && vigil_date_validate (text, NULL))
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00", NULL);
      parsed = g_date_time_new_from_iso8601 (midnight, zone);
    }
  else if (len >= 16 && text[10] == 'T' && text[13] == ':' &&
           (text[16] == '\0' || text[16] == 'Z' || text[16] == '+' || text[16] == '-'))
    {
      /* "YYYY-MM-DDTHH:MM", with or without an offset: GLib wants seconds. */
      g_autofree char *with_seconds = g_strdup_printf ("%.16s:00%s", text, text + 16);
      parsed = g_date_time_new_from_iso8601 (with_seconds, zone);
    }
  else
    parsed = g_date_time_new_from_iso8601 (text, zone);

  if (parsed == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("malformed time “%s”: expected ISO-8601, such as 2026-11-20T14:30:00Z"),
                   text);
      return FALSE;
    }

  *instant_us = g_date_time_to_unix (parsed) * G_USEC_PER_SEC +
                g_date_time_get_microsecond (parsed);
  return TRUE;
}
