/* duty-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-test"

#include "config.h"

#include "duty-fixture.h"

static void
build_duty_site (VigilSite    *site,
                 VigilSession *manager,
                 const char   *dir)
{
  vigil_test_add_staff (site, manager, "okhan", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (site, manager, "jdavies", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (site, manager, "tlead", 5, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, PASSWORD);
  vigil_test_raw_exec (dir,
                       "INSERT INTO rooms (name, created_at) VALUES ('Room 1', 0), ('Room 2', 0), ('Room 3', 0);"
                       "INSERT INTO families (case_ref, label, room_id, admitted_on, retention_days, created_at)"
                       " VALUES ('AB-123', 'A.B.', 1, '2026-11-01', 31, 0),"
                       "        ('CD-456', 'C.D.', 2, '2026-11-02', 31, 0),"
                       "        ('EF-789', 'E.F.', 3, '2026-10-01', 31, 0);"
                       "UPDATE families SET discharged_on = '2026-11-10' WHERE case_ref = 'EF-789';");
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  DutyLogins logins = GPOINTER_TO_UINT (data);

  if (logins == 0)
    logins = AS_MANAGER | AS_OKHAN | AS_JDAVIES | AS_LEAD;

  fixture->site = vigil_test_site_new_built (build_duty_site, &fixture->dir);
  if (logins & AS_MANAGER)
    fixture->manager = vigil_test_login_manager (fixture->site);
  if (logins & AS_OKHAN)
    fixture->okhan = vigil_test_login (fixture->site, "okhan", PASSWORD);
  if (logins & AS_JDAVIES)
    fixture->jdavies = vigil_test_login (fixture->site, "jdavies", PASSWORD);
  if (logins & AS_LEAD)
    fixture->lead = vigil_test_login (fixture->site, "tlead", PASSWORD);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Nothing a test made keeps the site or a session alive. */
  VigilSession **sessions[] = { &fixture->okhan, &fixture->jdavies, &fixture->lead, &fixture->manager };

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    if (*sessions[i] != NULL)
      g_assert_finalize_object (g_steal_pointer (sessions[i]));
  g_assert_finalize_object (g_steal_pointer (&fixture->site));
  vigil_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

void
assert_error_says (GError     *error,
                   gint        code,
                   const char *needle)
{
  g_assert_nonnull (error);
  if (!g_error_matches (error, VIGIL_ERROR, code) || strstr (error->message, needle) == NULL)
    g_test_fail_printf ("expected error %d naming “%s”, got %d “%s”", code, needle, error->code, error->message);
}

VigilDuty *
start (Fixture      *fixture,
       VigilSession *session,
       const char   *ref,
       const char   *for_user)
{
  g_autoptr(GError) error = NULL;
  VigilDuty *duty = vigil_site_start_duty (fixture->site, session, ref, for_user, &error);

  g_assert_no_error (error);
  g_assert_nonnull (duty);
  return duty;
}

gint64
count_action (VigilSite  *site,
              const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);
  gint64 n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (vigil_audit_entry_get_action (g_ptr_array_index (entries, i)), action) == 0)
      n++;
  return n;
}

VigilAuditEntry *
last_entry (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}
