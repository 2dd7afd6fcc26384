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
#include "vigil-text.h"
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
      g_autofree char *shown = vigil_text_quote (text);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("malformed date “%s”: expected a real date as YYYY-MM-DD"), shown);
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

/* "2026-11-20T14:30:05.123Z": for media events and recordings, where a
 * second is too coarse. */
char *
vigil_time_format_utc_ms (gint64 instant_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant_us / G_USEC_PER_SEC);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((instant_us % G_USEC_PER_SEC) / 1000));
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

static gint32
offset_at (GTimeZone *zone,
           gint64     unix_seconds)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, unix_seconds);

  return g_time_zone_get_offset (zone, interval);
}

/**
 * vigil_time_local_to_instant:
 * @wall_seconds: a wall-clock reading in @zone, as seconds since the epoch
 *   as if that reading were UTC
 *
 * Turns a wall-clock time into an instant by DESIGN.md's rule: a time that
 * does not exist (clocks forward) is the instant of the change; a time that
 * occurs twice (clocks back) is its first occurrence.
 *
 * Returns: the instant, in seconds since the epoch
 */
gint64
vigil_time_local_to_instant (GTimeZone *zone,
                             gint64     wall_seconds)
{
  gint64 candidates[2], lo, hi;
  gint32 offsets[2];
  guint n_valid = 0;

  g_return_val_if_fail (zone != NULL, 0);

  /* The offsets in force a day either side; a zone changes at most once in
   * that span. Each gives a candidate instant, valid if that offset really
   * is in force then. */
  offsets[0] = offset_at (zone, wall_seconds - 86400);
  offsets[1] = offset_at (zone, wall_seconds + 86400);

  for (guint i = 0; i < 2; i++)
    {
      gint64 instant = wall_seconds - offsets[i];

      if (offset_at (zone, instant) == offsets[i] &&
          (n_valid == 0 || instant != candidates[0]))
        candidates[n_valid++] = instant;
    }

  /* Occurs twice: the first occurrence. */
  if (n_valid == 2)
    return MIN (candidates[0], candidates[1]);
  if (n_valid == 1)
    return candidates[0];

  /* Does not exist (clocks went forward): the instant they changed, found
   * as the first second at which the later offset is in force. */
  lo = wall_seconds - MAX (offsets[0], offsets[1]);
  hi = wall_seconds - MIN (offsets[0], offsets[1]);
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (offset_at (zone, mid) == offsets[1])
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

/* Whether an ISO-8601 date-time names its offset ("Z", "+01:00", "-05"). */
static gboolean
has_offset (const char *text)
{
  const char *time_part = strchr (text, 'T');

  return time_part != NULL && strpbrk (time_part, "Zz+-") != NULL;
}

/* Accepts ISO-8601 with an offset or Z (a space may stand for the "T"); a
 * local date-time without one, read
 * in @zone by the same rule as observation windows (a skipped time is the
 * change, a repeated one its first occurrence); seconds may be left out; or
 * a bare date (local midnight in @zone). */
gboolean
vigil_time_parse (const char  *text,
                  GTimeZone   *zone,
                  gint64      *instant_us,
                  GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *full = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (instant_us != NULL, FALSE);

  len = strlen (text);
  if (len == 10 && vigil_date_validate (text, NULL))
    full = g_strconcat (text, "T00:00:00", NULL);
  else if (len >= 16 && (text[10] == 'T' || text[10] == ' ') && text[13] == ':' &&
           (text[16] == '\0' || text[16] == 'Z' || text[16] == '+' || text[16] == '-'))
    /* "YYYY-MM-DDTHH:MM", with or without an offset: GLib wants seconds. */
    full = g_strdup_printf ("%.16s:00%s", text, text + 16);
  else
    full = g_strdup (text);
  /* People write a space between the date and the time, as the console
   * shows them. */
  if (strlen (full) > 10 && full[10] == ' ')
    full[10] = 'T';

  /* Without an offset, read the wall clock as if UTC, then place it in the
   * site's zone ourselves: GLib would pick the second of a repeated hour. */
  parsed = g_date_time_new_from_iso8601 (full, utc);
  if (parsed == NULL)
    {
      g_autofree char *shown = vigil_text_quote (text);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("malformed time “%s”: expected ISO-8601, such as 2026-11-20T14:30:00Z"),
                   shown);
      return FALSE;
    }

  if (has_offset (full))
    *instant_us = g_date_time_to_unix (parsed) * G_USEC_PER_SEC;
  else
    *instant_us = vigil_time_local_to_instant (zone, g_date_time_to_unix (parsed)) * G_USEC_PER_SEC;
  *instant_us += g_date_time_get_microsecond (parsed);
  return TRUE;
}

/* tz database names are at most a few words of ASCII ("America/Argentina/
 * Buenos_Aires", "Etc/GMT+5"); every word starts with a capital letter,
 * which leaves out "localtime", "posixrules" and the "posix/" and "right/"
 * trees. No dots, no empty words and no leading "/": never a path. */
#define MAX_ZONE_NAME 64

static gboolean
is_zone_name (const char *name)
{
  gboolean word_start = TRUE;
  gsize len = strlen (name);

  if (len == 0 || len > MAX_ZONE_NAME)
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (word_start && !g_ascii_isupper (*p))
        return FALSE;
      word_start = *p == '/';
      if (!word_start && !g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '+')
        return FALSE;
    }

  return !word_start;
}

GTimeZone *
vigil_time_zone_new (const char  *name,
                     GError     **error)
{
  g_autofree char *path = NULL;
  const char *tzdir = g_getenv ("TZDIR");
  GTimeZone *zone = NULL;

  /* GLib would also take a path or a POSIX TZ rule ("EST5", "UTC+3"): only
   * a name that is a file of the tz database is a zone here. */
  if (name != NULL && is_zone_name (name))
    {
      path = g_build_filename (tzdir != NULL && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo", name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        zone = g_time_zone_new_identifier (name);
    }

  if (zone == NULL)
    {
      g_autofree char *shown = vigil_text_quote (name != NULL ? name : "");
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("unknown time zone “%s”: give a tz database name such as Europe/London"), shown);
    }

  return zone;
}

/* The end of a range a person types: a bare date takes in the whole of
 * that day (the next local midnight, left out); a date and time is the
 * instant the range stops, itself left out. */
gboolean
vigil_time_parse_until (const char  *text,
                        GTimeZone   *zone,
                        gint64      *instant_us,
                        GError     **error)
{
  g_autofree char *next_day = NULL;
  int year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (instant_us != NULL, FALSE);

  if (vigil_date_validate (text, NULL) && sscanf (text, "%4d-%2d-%2d", &year, &month, &day) == 3)
    {
      g_autoptr(GDateTime) start = g_date_time_new_utc (year, month, day, 0, 0, 0);
      g_autoptr(GDateTime) next = g_date_time_add_days (start, 1);

      next_day = g_date_time_format (next, "%Y-%m-%d");
      text = next_day;
    }
  return vigil_time_parse (text, zone, instant_us, error);
}
