/* centre-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-test"

#include "config.h"

#include "centre-fixture.h"

void
set_now (Centre     *centre,
         const char *iso8601)
{
  centre->now = vigil_test_instant (iso8601);
  vigil_site_set_now_for_testing (centre->site, centre->now);
}

void
take_snapshot (Centre  *centre,
               char   **before)
{
  g_free (*before);
  *before = snapshot (centre);
}

char *
snapshot (Centre *centre)
{
  return vigil_test_raw_text (centre->dir,
                              "SELECT (SELECT count(*) FROM rooms) || ' rooms, ' ||"
                              " (SELECT count(*) FROM cameras) || ' cameras, ' ||"
                              " (SELECT count(*) FROM families) || ' families, ' ||"
                              " (SELECT count(*) FROM families WHERE discharged_on IS NOT NULL) || ' discharged, ' ||"
                              " (SELECT count(*) FROM agreements) || ' agreements, ' ||"
                              " (SELECT count(*) FROM stage_changes) || ' stages, ' ||"
                              " (SELECT count(*) FROM stage_changes WHERE cancelled_at IS NOT NULL) || ' cancelled, ' ||"
                              " (SELECT count(*) FROM windows) || ' windows, ' ||"
                              " (SELECT count(*) FROM windows WHERE removed_at IS NOT NULL) || ' removed, ' ||"
                              " (SELECT count(*) FROM overrides) || ' overrides, ' ||"
                              " (SELECT count(*) FROM overrides WHERE ended_at IS NOT NULL) || ' ended, ' ||"
                              " (SELECT count(*) FROM audit) || ' audit'");
}

/* The site's clock for every case: dates read the same whenever the tests
 * run. */
#define CENTRE_NOW "2027-02-10T12:00:00Z"

static void
build_centre (VigilSite    *site,
              VigilSession *manager,
              const char   *dir)
{
  g_autoptr(GError) error = NULL;

  vigil_site_set_now_for_testing (site, vigil_test_instant (CENTRE_NOW));
  vigil_test_add_staff (site, manager, TEAM_LEAD, 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, TEAM_LEAD_PASSWORD);
  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);

  g_assert_true (vigil_site_add_room (site, manager, "Room 1", "new wing", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_room (site, manager, "Room 2", NULL, &error));
  g_assert_no_error (error);
}

void
centre_setup (Centre        *centre,
              gconstpointer  data)
{
  CentreLogins logins = GPOINTER_TO_UINT (data);

  if (logins == 0)
    logins = CENTRE_MANAGER | CENTRE_LEAD | CENTRE_OPERATOR;

  centre->site = vigil_test_site_new_built (build_centre, &centre->dir);
  set_now (centre, CENTRE_NOW);
  if (logins & CENTRE_MANAGER)
    centre->manager = vigil_test_login_manager (centre->site);
  if (logins & CENTRE_LEAD)
    centre->lead = vigil_test_login (centre->site, TEAM_LEAD, TEAM_LEAD_PASSWORD);
  if (logins & CENTRE_OPERATOR)
    centre->operator = vigil_test_login (centre->site, OPERATOR, OPERATOR_PASSWORD);
}

void
centre_teardown (Centre        *centre,
                 gconstpointer  data)
{
  /* Whatever a test did, the trail it left verifies. */
  vigil_test_assert_audit_intact (centre->site);

  /* Nothing a test made keeps the site or a session alive. */
  if (centre->operator != NULL)
    g_assert_finalize_object (g_steal_pointer (&centre->operator));
  if (centre->lead != NULL)
    g_assert_finalize_object (g_steal_pointer (&centre->lead));
  if (centre->manager != NULL)
    g_assert_finalize_object (g_steal_pointer (&centre->manager));
  g_assert_finalize_object (g_steal_pointer (&centre->site));
  vigil_test_remove_dir (centre->dir);
  g_clear_pointer (&centre->dir, g_free);
}

VigilAuditEntry *
audit_entry_from_end (VigilSite *site,
                      guint      back)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, back);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1 - back));
}

void
assert_last_audit (VigilSite  *site,
                   const char *actor,
                   const char *action,
                   const char *object,
                   const char *reason)
{
  g_autoptr(VigilAuditEntry) entry = audit_entry_from_end (site, 0);

  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, actor);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, action);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, object);
  if (reason != NULL)
    g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, reason);
}

void
assert_refused (Centre      *centre,
                const char  *before,
                GError      *error,
                gint         code,
                const char  *needle)
{
  g_autofree char *after = snapshot (centre);

  g_assert_error (error, VIGIL_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
  g_assert_cmpstr (after, ==, before);
}

void
add_family (Centre           *centre,
            const char       *case_ref,
            const char       *room,
            const char       *admitted_on,
            VigilFamilyState  stage,
            const char       *agreement)
{
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, "AB", room, admitted_on);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, agreement, TRUE);
  g_assert_true (vigil_site_add_family (centre->site, centre->lead, family, stage, NULL, &error));
  g_assert_no_error (error);
}

void
assert_permission_refused (Centre     *centre,
                           const char *before,
                           GError     *error,
                           const char *actor,
                           const char *permission)
{
  g_autofree char *after = snapshot (centre);
  g_autofree char *expected = NULL;
  g_autoptr(VigilAuditEntry) entry = audit_entry_from_end (centre->site, 0);
  g_autofree char *wanted = g_strdup_printf ("needs the %s permission", permission);
  const char *audit_part = strrchr (before, ',');

  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  if (strstr (error->message, wanted) == NULL)
    g_error ("“%s” does not name %s", error->message, permission);

  /* Nothing changed but one entry more in the trail: the refusal itself. */
  expected = g_strdup_printf ("%.*s, %" G_GINT64_FORMAT " audit", (int) (audit_part - before), before,
                              g_ascii_strtoll (audit_part + 2, NULL, 10) + 1);
  g_assert_cmpstr (after, ==, expected);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "permission-refused");
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, actor);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, permission);
}

VigilWindow *
add_window (Centre      *centre,
            const char  *case_ref,
            VigilWindow *window)
{
  g_autoptr(VigilWindow) owned = window;
  g_autoptr(GError) error = NULL;
  VigilWindow *added = vigil_site_add_window (centre->site, centre->lead, case_ref, owned, &error);

  g_assert_no_error (error);
  g_assert_nonnull (added);
  return added;
}
