/* vigil-site-settings.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-site-footage.h"
#include "vigil-site-private.h"
#include "vigil-site-recordings.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* Site settings: a manager's to change, each change audited with the old
 * and new value. Unset settings read as their defaults. */

typedef struct
{
  const char *key;
  guint       fallback;
  guint       min;
  guint       max;
} UintSetting;

static const UintSetting uint_settings[] = {
  { VIGIL_SETTING_LOCKOUT_THRESHOLD, 5, 1, 100 },
  { VIGIL_SETTING_LOCKOUT_MINUTES, 15, 1, 24 * 60 },
  { VIGIL_SETTING_REFRESHER_MONTHS, 12, 1, 60 },
  { VIGIL_SETTING_RETENTION_DAYS, 31, 1, 3650 },
  /* The console's (issue 8): idle minutes before it locks itself; the
   * sound level, as N for -N dBFS, and how many seconds above it raise a
   * duty view's alert. */
  { VIGIL_SETTING_IDLE_LOCK_MINUTES, 5, 1, 240 },
  { VIGIL_SETTING_SOUND_ALERT_DB, 20, 1, 90 },
  { VIGIL_SETTING_SOUND_ALERT_SECONDS, 3, 1, 60 },
  /* The recorder's (issue 9): how long each segment file runs, and the free
   * space below which it stops writing and says the disk is full. */
  { VIGIL_SETTING_SEGMENT_SECONDS, 60, 10, 3600 },
  { VIGIL_SETTING_RECORDER_MIN_FREE_MB, 1024, 0, 1024 * 1024 },
};

/* Text settings beside the time zone: the recordings folder, an absolute
 * path, or empty for "recordings" in the data folder; and the footage
 * service's address, an https:// URL, or empty where no machine serves
 * footage to others. Each reads as empty when unset. */
#define MAX_PATH_CHARS 4096

static const char *const text_settings[] = {
  VIGIL_SETTING_RECORDINGS_DIR,
  VIGIL_SETTING_FOOTAGE_SERVICE,
};

static gboolean
is_text_setting (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_settings); i++)
    if (g_strcmp0 (text_settings[i], key) == 0)
      return TRUE;
  return FALSE;
}

#define DEFAULT_TIME_ZONE "Europe/London"

static const UintSetting *
find_uint_setting (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (uint_settings); i++)
    if (g_strcmp0 (uint_settings[i].key, key) == 0)
      return &uint_settings[i];
  return NULL;
}

guint
vigil_site_get_setting_uint (VigilSite  *self,
                             const char *key)
{
  const UintSetting *setting = find_uint_setting (key);
  g_autofree char *text = NULL;
  guint64 value;

  g_return_val_if_fail (VIGIL_IS_SITE (self), 0);
  g_return_val_if_fail (setting != NULL, 0);

  if (vigil_site_get_store (self) != NULL)
    text = vigil_store_get_setting (vigil_site_get_store (self), key, NULL);
  if (text != NULL && g_ascii_string_to_unsigned (text, 10, setting->min, setting->max, &value, NULL))
    return (guint) value;
  return setting->fallback;
}

/**
 * vigil_site_list_settings:
 *
 * Returns: (transfer full): the names of the settings a manager may change
 */
GStrv
vigil_site_list_settings (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv keys;

  for (guint i = 0; i < G_N_ELEMENTS (uint_settings); i++)
    g_strv_builder_add (builder, uint_settings[i].key);
  g_strv_builder_add (builder, VIGIL_SETTING_TIME_ZONE);
  for (guint i = 0; i < G_N_ELEMENTS (text_settings); i++)
    g_strv_builder_add (builder, text_settings[i]);
  keys = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return keys;
}

/**
 * vigil_site_get_setting:
 *
 * Returns: (transfer full): the setting's value as text, its default if unset
 */
char *
vigil_site_get_setting (VigilSite   *self,
                        const char  *key,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (g_strcmp0 (key, VIGIL_SETTING_TIME_ZONE) == 0)
    return g_strdup (g_time_zone_get_identifier (vigil_site_get_time_zone (self)));

  if (is_text_setting (key))
    {
      g_autoptr(GError) local_error = NULL;
      char *value = vigil_store_get_setting (vigil_site_get_store (self), key, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return value != NULL ? value : g_strdup ("");
    }

  if (find_uint_setting (key) == NULL)
    {
      g_autofree char *shown = vigil_text_quote (key);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                   _("unknown setting “%s”; “vigilctl settings list” shows them"), shown);
      return NULL;
    }

  return g_strdup_printf ("%u", vigil_site_get_setting_uint (self, key));
}

/* Checks @value for @key; returns the zone for a time-zone setting. */
static gboolean
validate_setting (const char  *key,
                  const char  *value,
                  GTimeZone  **zone,
                  GError     **error)
{
  const UintSetting *setting = find_uint_setting (key);

  if (g_strcmp0 (key, VIGIL_SETTING_TIME_ZONE) == 0)
    {
      *zone = vigil_time_zone_new (value, error);
      return *zone != NULL;
    }

  if (g_strcmp0 (key, VIGIL_SETTING_RECORDINGS_DIR) == 0)
    {
      if (!vigil_text_validate_optional_line (value, MAX_PATH_CHARS, key, error))
        return FALSE;
      if (value[0] != '\0' && !g_path_is_absolute (value))
        {
          g_autofree char *shown = vigil_text_quote (value);
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("%s must be an absolute path, or empty for the data folder's “recordings”, not “%s”"),
                       key, shown);
          return FALSE;
        }
      return TRUE;
    }

  if (g_strcmp0 (key, VIGIL_SETTING_FOOTAGE_SERVICE) == 0)
    return vigil_text_validate_optional_line (value, MAX_PATH_CHARS, key, error) &&
           (value[0] == '\0' || vigil_site_check_footage_service (value, error));

  if (setting == NULL)
    {
      g_autofree char *shown = vigil_text_quote (key);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                   _("unknown setting “%s”; “vigilctl settings list” shows them"), shown);
      return FALSE;
    }

  if (!g_ascii_string_to_unsigned (value, 10, setting->min, setting->max, NULL, NULL))
    {
      g_autofree char *shown = vigil_text_quote (value);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s must be a whole number from %u to %u, not “%s”"),
                   key, setting->min, setting->max, shown);
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_site_check_setting:
 *
 * Checks a setting and value without writing anything.
 */
gboolean
vigil_site_check_setting (const char  *key,
                          const char  *value,
                          GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  return validate_setting (key, value, &zone, error);
}

/**
 * vigil_site_set_setting:
 *
 * Changes a site setting. Needs the manage-settings permission; the change
 * and its audit entry (old and new value) commit together.
 */
gboolean
vigil_site_set_setting (VigilSite     *self,
                        VigilSession  *session,
                        const char    *key,
                        const char    *value,
                        const char    *reason,
                        GError       **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  VigilStore *store;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  if (!vigil_text_validate_reason (reason, FALSE, error) ||
      !vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_SETTINGS,
                                    N_("change site settings"), error) ||
      !validate_setting (key, value, &zone, error))
    return FALSE;

  store = vigil_site_get_store (self);
  old_value = vigil_site_get_setting (self, key, NULL);
  object = g_strdup_printf ("setting:%s", key);
  detail = g_strdup_printf ("%s -> %s", old_value, value);

  if (!vigil_store_begin (store, error))
    return FALSE;

  if (!vigil_store_set_setting (store, key, value, error) ||
      !vigil_site_audit (self, vigil_session_get_username (session), "setting-changed", object,
                         reason ? reason : "", detail, error))
    {
      vigil_store_rollback (store);
      return FALSE;
    }

  if (!vigil_store_commit (store, error))
    return FALSE;

  if (zone != NULL)
    vigil_site_set_time_zone (self, zone);
  return TRUE;
}
