/* vigil-window.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vigil-enums.h"
#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-window-private.h"

/* An observation window of a family at stage 3 or 4: weekly on some days, or
 * once on a date, between two wall-clock times in the site's zone (start
 * inclusive, end exclusive; an end not after the start runs into the next
 * day, so an end equal to the start makes a window of 24 hours). A removed
 * window is kept, marked removed, because the policy for an instant before
 * its removal still needs it. */
struct _VigilWindow
{
  GObject    parent_instance;

  gint64     id;
  gint64     family_id;
  VigilDays  days;
  char      *date;
  guint      start_minute;
  guint      end_minute;
  gboolean   audio;
  char      *purpose;
  char      *created_by;
  gint64     created_at;
  gint64     removed_at;
  char      *removed_by;
};

G_DEFINE_FINAL_TYPE (VigilWindow, vigil_window, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DAYS,
  PROP_DATE,
  PROP_START_MINUTE,
  PROP_END_MINUTE,
  PROP_AUDIO,
  PROP_PURPOSE,
  PROP_REMOVED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define MAX_PURPOSE   100
#define ALL_DAYS      0x7f
#define MINUTES_A_DAY (24 * 60)

static const char * const day_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char * const day_full_names[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static void
vigil_window_finalize (GObject *object)
{
  VigilWindow *self = (VigilWindow *)object;

  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->removed_by, g_free);

  G_OBJECT_CLASS (vigil_window_parent_class)->finalize (object);
}

static void
vigil_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilWindow *self = VIGIL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_DAYS:
      g_value_set_flags (value, self->days);
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_START_MINUTE:
      g_value_set_uint (value, self->start_minute);
      break;
    case PROP_END_MINUTE:
      g_value_set_uint (value, self->end_minute);
      break;
    case PROP_AUDIO:
      g_value_set_boolean (value, self->audio);
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_REMOVED_AT:
      g_value_set_int64 (value, self->removed_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_window_class_init (VigilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_window_finalize;
  object_class->get_property = vigil_window_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DAYS] = g_param_spec_flags ("days", NULL, NULL, VIGIL_TYPE_DAYS, 0, flags);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, flags);
  properties[PROP_START_MINUTE] = g_param_spec_uint ("start-minute", NULL, NULL, 0, MINUTES_A_DAY - 1, 0, flags);
  properties[PROP_END_MINUTE] = g_param_spec_uint ("end-minute", NULL, NULL, 0, MINUTES_A_DAY - 1, 0, flags);
  properties[PROP_AUDIO] = g_param_spec_boolean ("audio", NULL, NULL, FALSE, flags);
  properties[PROP_PURPOSE] = g_param_spec_string ("purpose", NULL, NULL, NULL, flags);
  properties[PROP_REMOVED_AT] = g_param_spec_int64 ("removed-at", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_window_init (VigilWindow *self)
{
}

/**
 * vigil_window_new:
 * @days: the days of a weekly window, or 0 for a one-off
 * @date: (nullable): the date of a one-off window, YYYY-MM-DD
 * @start_minute: minutes after local midnight, inclusive
 * @end_minute: minutes after local midnight, exclusive; not after the start
 *   means the next day
 *
 * A window not yet stored; vigil_site_add_window() stores it.
 */
VigilWindow *
vigil_window_new (VigilDays   days,
                  const char *date,
                  guint       start_minute,
                  guint       end_minute,
                  gboolean    audio,
                  const char *purpose)
{
  VigilWindow *self;

  g_return_val_if_fail (purpose != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_WINDOW, NULL);
  self->days = days;
  self->date = g_strdup (date);
  self->start_minute = start_minute;
  self->end_minute = end_minute;
  self->audio = !!audio;
  self->purpose = g_strdup (purpose);

  return self;
}

void
vigil_window_set_stored (VigilWindow *self,
                         gint64       id,
                         gint64       family_id,
                         const char  *created_by,
                         gint64       created_at,
                         gint64       removed_at,
                         const char  *removed_by)
{
  g_return_if_fail (VIGIL_IS_WINDOW (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (self->removed_at != removed_at)
    {
      self->removed_at = removed_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVED_AT]);
    }
  self->family_id = family_id;
  g_free (self->created_by);
  self->created_by = g_strdup (created_by);
  self->created_at = created_at;
  g_free (self->removed_by);
  self->removed_by = g_strdup (removed_by);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
vigil_window_get_id (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->id;
}

gint64
vigil_window_get_family_id (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->family_id;
}

/**
 * vigil_window_get_days:
 *
 * Returns: the days of a weekly window, 0 for a one-off
 */
VigilDays
vigil_window_get_days (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->days;
}

/**
 * vigil_window_get_date:
 *
 * Returns: (nullable): the date of a one-off window, %NULL for a weekly one
 */
const char *
vigil_window_get_date (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->date;
}

guint
vigil_window_get_start_minute (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->start_minute;
}

guint
vigil_window_get_end_minute (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->end_minute;
}

gboolean
vigil_window_get_audio (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), FALSE);
  return self->audio;
}

const char *
vigil_window_get_purpose (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->purpose;
}

const char *
vigil_window_get_created_by (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->created_by;
}

gint64
vigil_window_get_created_at (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->created_at;
}

/**
 * vigil_window_get_removed_at:
 *
 * Returns: when the window was removed, or 0 while it stands
 */
gint64
vigil_window_get_removed_at (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), 0);
  return self->removed_at;
}

const char *
vigil_window_get_removed_by (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);
  return self->removed_by;
}

/* Whether the window ends on the day after it starts. */
gboolean
vigil_window_get_past_midnight (VigilWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), FALSE);
  return self->end_minute <= self->start_minute;
}

static int
day_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (day_names); i++)
    if (g_ascii_strcasecmp (name, day_names[i]) == 0 ||
        g_ascii_strcasecmp (name, day_full_names[i]) == 0)
      return i;
  return -1;
}

static gboolean
bad_days (const char  *text,
          GError     **error)
{
  g_autofree char *shown = vigil_text_quote (text);

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
               _("bad days “%s”: expected days of the week such as mon,wed,fri or mon-fri (mon, tue, wed, thu, fri, sat, sun), or daily"),
               shown);
  return FALSE;
}

gboolean
vigil_window_parse_days (const char  *text,
                         VigilDays   *days,
                         GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint mask = 0;

  g_return_val_if_fail (text != NULL && days != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "daily") == 0)
    {
      *days = ALL_DAYS;
      return TRUE;
    }

  parts = g_strsplit (text, ",", -1);
  if (parts[0] == NULL)
    return bad_days (text, error);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) range = g_strsplit (g_strstrip (parts[i]), "-", 3);
      int first, last;

      if (range[0] == NULL || (range[1] != NULL && range[2] != NULL))
        return bad_days (text, error);

      first = day_index (range[0]);
      last = range[1] != NULL ? day_index (range[1]) : first;
      /* A range runs forward through the week: "fri-mon" is Friday to
       * Monday, as a rota would say it. */
      if (first < 0 || last < 0)
        return bad_days (text, error);
      for (int d = first;; d = (d + 1) % 7)
        {
          mask |= 1u << d;
          if (d == last)
            break;
        }
    }

  *days = (VigilDays) mask;
  return TRUE;
}

char *
vigil_window_days_to_string (VigilDays days)
{
  GString *out = g_string_new (NULL);

  if ((days & ALL_DAYS) == ALL_DAYS)
    {
      g_string_append (out, "daily");
      return g_string_free (out, FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (day_names); i++)
    if (days & (1u << i))
      g_string_append_printf (out, "%s%s", out->len ? "," : "", day_names[i]);

  return g_string_free (out, FALSE);
}

gboolean
vigil_window_parse_time (const char  *text,
                         guint       *minute,
                         GError     **error)
{
  guint hours = 99, minutes = 99;
  gsize len;
  char tail;

  g_return_val_if_fail (text != NULL && minute != NULL, FALSE);

  len = strlen (text);
  if ((len == 4 || len == 5) && text[len - 3] == ':' &&
      g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[len - 2]) && g_ascii_isdigit (text[len - 1]) &&
      (len == 4 || g_ascii_isdigit (text[1])) &&
      sscanf (text, "%2u:%2u%c", &hours, &minutes, &tail) == 2 &&
      hours < 24 && minutes < 60)
    {
      *minute = hours * 60 + minutes;
      return TRUE;
    }

  {
    g_autofree char *shown = vigil_text_quote (text);
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("bad time “%s”: expected HH:MM from 00:00 to 23:59"), shown);
  }
  return FALSE;
}

char *
vigil_window_format_minute (guint minute)
{
  return g_strdup_printf ("%02u:%02u", (minute / 60) % 24, minute % 60);
}

char *
vigil_window_describe (VigilWindow *self)
{
  g_autofree char *days = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (VIGIL_IS_WINDOW (self), NULL);

  days = vigil_window_days_to_string (self->days);
  start = vigil_window_format_minute (self->start_minute);
  end = vigil_window_format_minute (self->end_minute);
  return g_strdup_printf ("%s %s–%s", self->date ? self->date : days, start, end);
}

gboolean
vigil_window_validate (VigilWindow  *self,
                       const char   *today,
                       GError      **error)
{
  g_return_val_if_fail (VIGIL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);

  if ((self->days == 0) == (self->date == NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a window is either weekly (--days) or one-off (--date): give exactly one"));
      return FALSE;
    }
  if ((self->days & ~ALL_DAYS) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("bad days of the week"));
      return FALSE;
    }
  if (self->date != NULL)
    {
      if (!vigil_date_validate (self->date, error))
        return FALSE;
      /* Today is allowed: a window may be set up for this evening. */
      if (strcmp (self->date, today) < 0)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("a one-off window on %s is in the past"), self->date);
          return FALSE;
        }
    }

  if (self->start_minute >= MINUTES_A_DAY || self->end_minute >= MINUTES_A_DAY)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("window times run from 00:00 to 23:59"));
      return FALSE;
    }
  /* No check that the end is after the start: an end not after it runs past
   * midnight (DESIGN.md), and an equal end is a window of 24 hours. */

  return vigil_text_validate_line (self->purpose, MAX_PURPOSE, _("window purpose"), error);
}
