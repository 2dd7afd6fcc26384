/* test-settings.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

/* Site settings, a session that outlives what made it valid, and staff
 * changes that would leave a baby unwatched. */

static VigilAuditEntry *
last_entry (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}

static void
test_settings_change (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 before;

  vigil_test_add_staff (site, manager, "terry", 5, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, "terry-password");
  lead = vigil_test_login (site, "terry", "terry-password");

  /* Defaults before anything is set. */
  g_assert_cmpuint (vigil_site_get_setting_uint (site, VIGIL_SETTING_LOCKOUT_THRESHOLD), ==, 5);
  value = vigil_site_get_setting (site, VIGIL_SETTING_TIME_ZONE, &error);
  g_assert_cmpstr (value, ==, "Europe/London");

  /* A team lead may not. */
  before = vigil_test_count_audit (site);
  g_assert_false (vigil_site_set_setting (site, lead, VIGIL_SETTING_LOCKOUT_THRESHOLD, "3", "", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "manage-settings"));
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (site), ==, before + 1);
  g_assert_cmpuint (vigil_site_get_setting_uint (site, VIGIL_SETTING_LOCKOUT_THRESHOLD), ==, 5);

  /* Bad values and unknown keys change nothing. */
  before = vigil_test_count_audit (site);
  g_assert_false (vigil_site_set_setting (site, manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "0", "", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "from 1 to 100"));
  g_clear_error (&error);
  g_assert_false (vigil_site_set_setting (site, manager, "lockout-tries", "3", "", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (vigil_site_set_setting (site, manager, VIGIL_SETTING_TIME_ZONE, "Europe/Atlantis", "", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (site), ==, before);

  /* A manager may; the trail keeps old and new. */
  g_assert_true (vigil_site_set_setting (site, manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "3",
                                         "policy review", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_site_get_setting_uint (site, VIGIL_SETTING_LOCKOUT_THRESHOLD), ==, 3);
  entry = last_entry (site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "setting-changed");
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "setting:lockout-threshold");
  g_assert_cmpstr (vigil_audit_entry_get_detail (entry), ==, "5 -> 3");
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "policy review");

  /* The new threshold is what login uses. */
  for (int i = 0; i < 3; i++)
    g_assert_null (vigil_site_login (site, "terry", "wrong-password", "test", NULL));
  g_assert_null (vigil_site_login (site, "terry", "terry-password", "test", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  g_assert_nonnull (strstr (error->message, "locked after 3 failed attempts"));
  g_clear_error (&error);

  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), NULL, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (g_steal_pointer (&lead));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* A console left logged in past the member's refresher date may no longer
 * change anything. */
static void
test_session_outlives_competency (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) second = NULL;
  g_autoptr(GDateTime) day_after = NULL;
  g_autoptr(GError) error = NULL;

  vigil_test_add_staff (site, manager, "dee", 7, VIGIL_ROLE_MANAGER, "2026-01-01", "2026-12-31", "dee-password");
  vigil_site_set_now_for_testing (site, g_get_real_time ());
  second = vigil_test_login (site, "dee", "dee-password");

  /* 1 January 2027, noon: the refresher due on 31 December is overdue. */
  day_after = g_date_time_new_utc (2027, 1, 1, 12, 0, 0);
  vigil_site_set_now_for_testing (site, g_date_time_to_unix (day_after) * G_USEC_PER_SEC);

  g_assert_false (vigil_site_set_setting (site, second, VIGIL_SETTING_RETENTION_DAYS, "40", "", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "refresher overdue since 2026-12-31"));
  g_assert_cmpuint (vigil_site_get_setting_uint (site, VIGIL_SETTING_RETENTION_DAYS), ==, 31);

  g_assert_finalize_object (g_steal_pointer (&second));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* Deactivating someone on duty would leave a baby watched by nobody who can
 * log in: refused until the duty is handed over or ended. */
static void
test_deactivate_on_duty (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) operator = NULL;
  g_autoptr(VigilFamily) family = vigil_family_new ("AB-1", "A.B.", "Room 1", "2026-01-05");
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilStaff) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  vigil_family_set_agreement (family, "2026-01-05", TRUE);
  g_assert_true (vigil_site_add_room (site, manager, "Room 1", "", &error));
  g_assert_true (vigil_site_add_family (site, manager, family, VIGIL_STATE_STAGE_1, "", &error));
  g_assert_no_error (error);
  vigil_test_add_staff (site, manager, "olive", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, "olive-password");
  operator = vigil_test_login (site, "olive", "olive-password");
  duty = vigil_site_start_duty (site, operator, "AB-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (duty);

  before = vigil_test_count_audit (site);
  g_assert_false (vigil_site_deactivate_staff (site, manager, "olive", "left", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "on duty for family AB-1"));
  g_assert_cmpint (vigil_test_count_audit (site), ==, before);

  after = vigil_site_lookup_staff (site, "olive", NULL);
  g_assert_true (vigil_staff_get_active (after));

  g_assert_finalize_object (g_steal_pointer (&operator));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* The console's settings (issue 8): their defaults, and the ends of their
 * ranges taken, one past them refused with the range in words. */
static void
test_console_settings (void)
{
  const struct {
    const char *key;
    guint       fallback;
    guint       min;
    guint       max;
  } settings[] = {
    { VIGIL_SETTING_IDLE_LOCK_MINUTES, 5, 1, 240 },
    { VIGIL_SETTING_SOUND_ALERT_DB, 20, 1, 90 },
    { VIGIL_SETTING_SOUND_ALERT_SECONDS, 3, 1, 60 },
  };
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_auto(GStrv) keys = vigil_site_list_settings ();

  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      const char *key = settings[i].key;
      g_autofree char *shown = NULL;
      g_autofree char *min = g_strdup_printf ("%u", settings[i].min);
      g_autofree char *max = g_strdup_printf ("%u", settings[i].max);
      g_autofree char *below = g_strdup_printf ("%u", settings[i].min - 1);
      g_autofree char *above = g_strdup_printf ("%u", settings[i].max + 1);
      g_autofree char *range = g_strdup_printf ("%s must be a whole number from %u to %u", key,
                                                settings[i].min, settings[i].max);
      g_autoptr(GError) error = NULL;

      g_test_message ("setting %s", key);
      g_assert_true (g_strv_contains ((const char * const *) keys, key));
      g_assert_cmpuint (vigil_site_get_setting_uint (site, key), ==, settings[i].fallback);
      shown = vigil_site_get_setting (site, key, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_ascii_strtoull (shown, NULL, 10), ==, settings[i].fallback);

      g_assert_true (vigil_site_set_setting (site, manager, key, min, "", &error));
      g_assert_no_error (error);
      g_assert_cmpuint (vigil_site_get_setting_uint (site, key), ==, settings[i].min);
      g_assert_true (vigil_site_set_setting (site, manager, key, max, "", &error));
      g_assert_no_error (error);
      g_assert_cmpuint (vigil_site_get_setting_uint (site, key), ==, settings[i].max);

      g_assert_false (vigil_site_set_setting (site, manager, key, below, "", &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, range));
      g_clear_error (&error);
      g_assert_false (vigil_site_set_setting (site, manager, key, above, "", &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, range));
      g_clear_error (&error);
      g_assert_cmpuint (vigil_site_get_setting_uint (site, key), ==, settings[i].max);
    }

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/change", test_settings_change);
  g_test_add_func ("/settings/console", test_console_settings);
  g_test_add_func ("/settings/session-outlives-competency", test_session_outlives_competency);
  g_test_add_func ("/staff/deactivate-on-duty", test_deactivate_on_duty);

  return g_test_run ();
}
