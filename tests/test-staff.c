/* test-staff.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

/* Staff records and competency on a real site: who may change them, what is
 * refused before anything is written, and what the trail keeps. */

#define OPERATOR           "olive"
#define OPERATOR_PASSWORD  "olive-password"
#define TEAM_LEAD          "terry"
#define TEAM_LEAD_PASSWORD "terry-password"

/* The staff list as a manager would read it, one member a line. */
static char *
describe_staff (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = vigil_site_list_staff (site, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < staff->len; i++)
    {
      VigilStaff *member = g_ptr_array_index (staff, i);

      g_string_append_printf (out, "%s|%s|%u|%s|%s|%s|%s|%s|%u|%" G_GINT64_FORMAT "\n",
                              vigil_staff_get_username (member),
                              vigil_staff_get_display_name (member),
                              vigil_staff_get_band (member),
                              vigil_role_to_string (vigil_staff_get_role (member)),
                              vigil_staff_get_active (member) ? "active" : "inactive",
                              vigil_staff_get_competency_assessed_on (member) ?: "-",
                              vigil_staff_get_competency_assessed_by (member) ?: "-",
                              vigil_staff_get_refresher_due (member) ?: "-",
                              vigil_staff_get_failed_logins (member),
                              vigil_staff_get_locked_until (member));
    }
  return g_string_free (out, FALSE);
}

static VigilAuditEntry *
last_audit_entry (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}

static void
assert_audit_entry (VigilAuditEntry *entry,
                    const char      *actor,
                    const char      *action,
                    const char      *object,
                    const char      *reason)
{
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, actor);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, action);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, object);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, reason);
}

static void
assert_login_refused (VigilSite  *site,
                      const char *username,
                      const char *password,
                      const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSession) session = vigil_site_login (site, username, password, "test", &error);

  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_null (session);
}

static void
assert_login_allowed (VigilSite  *site,
                      const char *username,
                      const char *password)
{
  g_autoptr(VigilSession) session = vigil_test_login (site, username, password);

  g_assert_cmpstr (vigil_session_get_username (session), ==, username);
}

/* The refusal @error must be a permission refusal naming manage-staff, and
 * the refusal itself must be the newest entry in the trail. */
static void
assert_permission_refused (VigilSite  *site,
                           GError     *error,
                           const char *actor,
                           const char *doing,
                           gint64      audit_before)
{
  g_autoptr(VigilAuditEntry) entry = NULL;

  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "manage-staff"));
  g_assert_nonnull (strstr (error->message, doing));

  g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before + 1);
  entry = last_audit_entry (site);
  assert_audit_entry (entry, actor, "permission-refused", "manage-staff", error->message);
  g_assert_cmpstr (vigil_audit_entry_get_detail (entry), ==, doing);
}

/* Operators and team leads may not touch staff records; each attempt is
 * refused naming the permission, written to the trail, and changes nothing. */
static void
test_staff_permission_refusals (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autofree char *staff_before = NULL;
  g_autofree char *staff_after = NULL;
  struct {
    const char *username;
    const char *password;
    const char *role;
  } actors[] = {
    { OPERATOR, OPERATOR_PASSWORD, "operator" },
    { TEAM_LEAD, TEAM_LEAD_PASSWORD, "team-lead" },
  };

  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (site, manager, TEAM_LEAD, 6, VIGIL_ROLE_TEAM_LEAD,
                        NULL, NULL, TEAM_LEAD_PASSWORD);
  staff_before = describe_staff (site);

  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    {
      g_autoptr(VigilSession) session = vigil_test_login (site, actors[i].username, actors[i].password);
      g_autoptr(VigilStaff) newcomer = vigil_staff_new ("newcomer", "New Comer", 3, VIGIL_ROLE_OPERATOR);
      g_autofree char *expected = NULL;
      GError *error = NULL;
      gint64 before;

      before = vigil_test_count_audit (site);
      g_assert_false (vigil_site_add_staff (site, session, newcomer, "newcomer-password", "test", &error));
      assert_permission_refused (site, error, actors[i].username, "add staff", before);
      expected = g_strdup_printf ("permission denied: %s may not add staff: that needs the "
                                  "manage-staff permission, which the %s role does not have",
                                  actors[i].username, actors[i].role);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);

      before = vigil_test_count_audit (site);
      g_assert_false (vigil_site_deactivate_staff (site, session, VIGIL_TEST_MANAGER, "test", &error));
      assert_permission_refused (site, error, actors[i].username, "deactivate staff", before);
      g_clear_error (&error);

      before = vigil_test_count_audit (site);
      g_assert_false (vigil_site_set_staff_competency (site, session, actors[i].username,
                                                       "2026-01-02", "2099-01-02", "test", &error));
      assert_permission_refused (site, error, actors[i].username, "record a competency", before);
      g_clear_error (&error);
    }

  staff_after = describe_staff (site);
  g_assert_cmpstr (staff_after, ==, staff_before);
  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* A session stays open after its member is deactivated; what it may do is
 * checked against the record as it is now. */
static void
test_staff_deactivated_session (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) deputy = NULL;
  g_autoptr(VigilStaff) newcomer = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_before = NULL;
  g_autofree char *staff_after = NULL;
  const char *refusal = "permission denied: dee may not add staff: the account is deactivated";
  gint64 before;

  vigil_test_add_staff (site, manager, "dee", 7, VIGIL_ROLE_MANAGER, NULL, NULL, "dee-password");
  deputy = vigil_test_login (site, "dee", "dee-password");

  g_assert_true (vigil_site_deactivate_staff (site, manager, "dee", "left the centre", &error));
  g_assert_no_error (error);

  staff_before = describe_staff (site);
  before = vigil_test_count_audit (site);
  newcomer = vigil_staff_new ("newcomer", "New Comer", 3, VIGIL_ROLE_OPERATOR);
  g_assert_false (vigil_site_add_staff (site, deputy, newcomer, "newcomer-password", "test", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, refusal);
  g_clear_error (&error);

  g_assert_cmpint (vigil_test_count_audit (site), ==, before + 1);
  entry = last_audit_entry (site);
  assert_audit_entry (entry, "dee", "permission-refused", "manage-staff", refusal);

  staff_after = describe_staff (site);
  g_assert_cmpstr (staff_after, ==, staff_before);

  assert_login_refused (site, "dee", "dee-password", "account dee is deactivated");
  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&deputy));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* Deactivated members may not go on using an open session to change their
 * own password either. */
static void
test_staff_deactivated_session_own_password (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) leaver = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_before = NULL;
  g_autofree char *staff_after = NULL;
  gint64 audit_before;
  gboolean changed;

  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        NULL, NULL, OPERATOR_PASSWORD);
  leaver = vigil_test_login (site, OPERATOR, OPERATOR_PASSWORD);
  g_assert_true (vigil_site_deactivate_staff (site, manager, OPERATOR, "left the centre", &error));
  g_assert_no_error (error);

  staff_before = describe_staff (site);
  audit_before = vigil_test_count_audit (site);
  changed = vigil_site_set_staff_password (site, leaver, OPERATOR, "a-new-password", "test", &error);
  staff_after = describe_staff (site);

  g_assert_false (changed);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "deactivated"));
  g_assert_cmpstr (staff_after, ==, staff_before);
  g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before + 1);

  g_assert_finalize_object (g_steal_pointer (&leaver));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

typedef struct
{
  const char *username;
  guint       band;
  const char *assessed_on;
  const char *refresher_due;
  const char *password;
  gint        code;
  const char *message;
} BadNewStaff;

/* Each bad request is refused with a message naming the problem, and leaves
 * the staff list and the trail exactly as they were. */
static void
test_staff_validation (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autofree char *staff_before = NULL;
  gint64 audit_before;
  const BadNewStaff bad_new[] = {
    { "newcomer", 0, "2027-01-04", "2028-01-04", "newcomer-password",
      VIGIL_ERROR_INVALID, "band 0 is out of range: bands run from 1 to 9" },
    { "newcomer", 12, "2027-01-04", "2028-01-04", "newcomer-password",
      VIGIL_ERROR_INVALID, "band 12 is out of range: bands run from 1 to 9" },
    { "New Comer", 3, "2027-01-04", "2028-01-04", "newcomer-password",
      VIGIL_ERROR_INVALID, "bad username “New Comer”: use 2 to 32 lower-case letters, digits, “.”, “_” or “-”, starting with a letter" },
    { "9lives", 3, "2027-01-04", "2028-01-04", "newcomer-password",
      VIGIL_ERROR_INVALID, "bad username “9lives”: use 2 to 32 lower-case letters, digits, “.”, “_” or “-”, starting with a letter" },
    { "newcomer", 3, "2026-13-01", "2028-01-04", "newcomer-password",
      VIGIL_ERROR_INVALID, "malformed date “2026-13-01”: expected a real date as YYYY-MM-DD" },
    { "newcomer", 3, "2027-01-04", "2027-02-30", "newcomer-password",
      VIGIL_ERROR_INVALID, "malformed date “2027-02-30”: expected a real date as YYYY-MM-DD" },
    { "newcomer", 3, "2027-01-04", "2027-01-04", "newcomer-password",
      VIGIL_ERROR_INVALID, "refresher due 2027-01-04 is not after the assessment on 2027-01-04" },
    { "newcomer", 3, "2027-01-04", "2026-12-01", "newcomer-password",
      VIGIL_ERROR_INVALID, "refresher due 2026-12-01 is not after the assessment on 2027-01-04" },
    { "newcomer", 3, "2027-01-06", "2028-01-06", "newcomer-password",
      VIGIL_ERROR_INVALID, "competency assessed on 2027-01-06, which is in the future" },
    { "newcomer", 3, "2027-01-04", NULL, "newcomer-password",
      VIGIL_ERROR_INVALID, "a CCTV competency needs both the assessment date and the refresher due date" },
    { "newcomer", 3, NULL, "2028-01-04", "newcomer-password",
      VIGIL_ERROR_INVALID, "a CCTV competency needs both the assessment date and the refresher due date" },
    { OPERATOR, 3, "2027-01-04", "2028-01-04", "newcomer-password",
      VIGIL_ERROR_EXISTS, "staff member “" OPERATOR "” already exists" },
    { VIGIL_TEST_MANAGER, 3, "2027-01-04", "2028-01-04", "newcomer-password",
      VIGIL_ERROR_EXISTS, "staff member “" VIGIL_TEST_MANAGER "” already exists" },
    { "newcomer", 3, "2027-01-04", "2028-01-04", "short",
      VIGIL_ERROR_INVALID, "password too short: use at least 8 characters" },
    { "newcomer", 3, "2027-01-04", "2028-01-04", "",
      VIGIL_ERROR_INVALID, "empty password" },
  };

  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        NULL, NULL, OPERATOR_PASSWORD);

  /* "Today" is 2027-01-05 at the site. */
  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-01-05T12:00:00Z"));
  staff_before = describe_staff (site);
  audit_before = vigil_test_count_audit (site);

  for (guint i = 0; i < G_N_ELEMENTS (bad_new); i++)
    {
      g_autoptr(VigilStaff) staff = vigil_staff_new (bad_new[i].username, "New Comer",
                                                     bad_new[i].band, VIGIL_ROLE_OPERATOR);
      g_autoptr(GError) error = NULL;
      g_autofree char *staff_after = NULL;

      g_test_message ("adding %s, band %u, competency %s..%s",
                      bad_new[i].username, bad_new[i].band,
                      bad_new[i].assessed_on ?: "none", bad_new[i].refresher_due ?: "none");
      vigil_staff_set_competency (staff, bad_new[i].assessed_on, NULL, bad_new[i].refresher_due);

      g_assert_false (vigil_site_add_staff (site, manager, staff, bad_new[i].password, "test", &error));
      g_assert_error (error, VIGIL_ERROR, bad_new[i].code);
      g_assert_cmpstr (error->message, ==, bad_new[i].message);

      staff_after = describe_staff (site);
      g_assert_cmpstr (staff_after, ==, staff_before);
      g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before);
    }

  /* The same checks guard a new competency for an existing member. */
  {
    const struct {
      const char *username;
      const char *assessed_on;
      const char *refresher_due;
      gint        code;
      const char *message;
    } bad_competency[] = {
      { OPERATOR, "2026-13-01", "2027-12-01", VIGIL_ERROR_INVALID,
        "malformed date “2026-13-01”: expected a real date as YYYY-MM-DD" },
      { OPERATOR, "2027-01-05", "2027-01-05", VIGIL_ERROR_INVALID,
        "refresher due 2027-01-05 is not after the assessment on 2027-01-05" },
      { OPERATOR, "2027-01-06", "2028-01-06", VIGIL_ERROR_INVALID,
        "competency assessed on 2027-01-06, which is in the future" },
      { "nobody", "2027-01-05", "2028-01-05", VIGIL_ERROR_NOT_FOUND, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_competency); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *staff_after = NULL;

        g_assert_false (vigil_site_set_staff_competency (site, manager, bad_competency[i].username,
                                                         bad_competency[i].assessed_on,
                                                         bad_competency[i].refresher_due,
                                                         "test", &error));
        g_assert_error (error, VIGIL_ERROR, bad_competency[i].code);
        if (bad_competency[i].message != NULL)
          g_assert_cmpstr (error->message, ==, bad_competency[i].message);

        staff_after = describe_staff (site);
        g_assert_cmpstr (staff_after, ==, staff_before);
        g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before);
      }
  }

  /* A good request still goes through afterwards. */
  {
    g_autoptr(VigilStaff) staff = vigil_staff_new ("newcomer", "New Comer", 3, VIGIL_ROLE_OPERATOR);
    g_autoptr(GError) error = NULL;

    vigil_staff_set_competency (staff, "2027-01-05", NULL, "2028-01-05");
    g_assert_true (vigil_site_add_staff (site, manager, staff, "newcomer-password", "test", &error));
    g_assert_no_error (error);
    g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before + 1);
  }

  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_staff_last_manager (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) deputy = NULL;
  g_autoptr(VigilStaff) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_before = NULL;
  g_autofree char *staff_after = NULL;
  const char *last = "cannot deactivate " VIGIL_TEST_MANAGER ": they are the site's last active manager";
  gint64 audit_before;

  /* Alone, the manager cannot deactivate themselves. */
  staff_before = describe_staff (site);
  audit_before = vigil_test_count_audit (site);
  g_assert_false (vigil_site_deactivate_staff (site, manager, VIGIL_TEST_MANAGER, "test", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, last);
  g_clear_error (&error);
  staff_after = describe_staff (site);
  g_assert_cmpstr (staff_after, ==, staff_before);
  g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before);
  g_clear_pointer (&staff_after, g_free);

  /* With a second manager, either may go, but not both. */
  vigil_test_add_staff (site, manager, "dee", 7, VIGIL_ROLE_MANAGER, NULL, NULL, "dee-password");
  deputy = vigil_test_login (site, "dee", "dee-password");
  g_assert_true (vigil_site_deactivate_staff (site, deputy, VIGIL_TEST_MANAGER, "retired", &error));
  g_assert_no_error (error);

  record = vigil_site_lookup_staff (site, VIGIL_TEST_MANAGER, &error);
  g_assert_no_error (error);
  g_assert_false (vigil_staff_get_active (record));

  g_free (staff_before);
  staff_before = describe_staff (site);
  audit_before = vigil_test_count_audit (site);
  g_assert_false (vigil_site_deactivate_staff (site, deputy, "dee", "test", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "cannot deactivate dee: they are the site's last active manager");
  g_clear_error (&error);

  /* Deactivating someone twice, or someone who does not exist, is refused. */
  g_assert_false (vigil_site_deactivate_staff (site, deputy, VIGIL_TEST_MANAGER, "test", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, VIGIL_TEST_MANAGER " is already deactivated");
  g_clear_error (&error);

  g_assert_false (vigil_site_deactivate_staff (site, deputy, "nobody", "test", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  staff_after = describe_staff (site);
  g_assert_cmpstr (staff_after, ==, staff_before);
  g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before);

  assert_login_allowed (site, "dee", "dee-password");
  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&deputy));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_staff_set_password (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) olive = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_before = NULL;
  g_autofree char *staff_after = NULL;
  gint64 before;

  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (site, manager, TEAM_LEAD, 6, VIGIL_ROLE_TEAM_LEAD,
                        NULL, NULL, TEAM_LEAD_PASSWORD);
  olive = vigil_test_login (site, OPERATOR, OPERATOR_PASSWORD);

  /* Their own: no permission needed. */
  g_assert_true (vigil_site_set_staff_password (site, olive, OPERATOR, "olive-new-password",
                                                "changed at first login", &error));
  g_assert_no_error (error);
  entry = last_audit_entry (site);
  assert_audit_entry (entry, OPERATOR, "staff-password-set", "staff:" OPERATOR, "changed at first login");
  g_assert_finalize_object (g_steal_pointer (&entry));

  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD, "wrong username or password");
  assert_login_allowed (site, OPERATOR, "olive-new-password");

  /* Someone else's: needs manage-staff. */
  staff_before = describe_staff (site);
  before = vigil_test_count_audit (site);
  g_assert_false (vigil_site_set_staff_password (site, olive, TEAM_LEAD, "taken-over-password",
                                                 "test", &error));
  assert_permission_refused (site, error, OPERATOR, "set another member's password", before);
  g_clear_error (&error);
  staff_after = describe_staff (site);
  g_assert_cmpstr (staff_after, ==, staff_before);
  assert_login_refused (site, TEAM_LEAD, "taken-over-password", "wrong username or password");

  /* Too short is refused even for one's own. */
  before = vigil_test_count_audit (site);
  g_assert_false (vigil_site_set_staff_password (site, olive, OPERATOR, "short", "test", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "password too short: use at least 8 characters");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (site), ==, before);

  /* A manager may set anyone's. */
  g_assert_true (vigil_site_set_staff_password (site, manager, TEAM_LEAD, "terry-reset-password",
                                                "forgotten", &error));
  g_assert_no_error (error);
  entry = last_audit_entry (site);
  assert_audit_entry (entry, VIGIL_TEST_MANAGER, "staff-password-set", "staff:" TEAM_LEAD, "forgotten");
  assert_login_allowed (site, TEAM_LEAD, "terry-reset-password");

  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&olive));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

static void
test_staff_password_lifts_lockout (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilStaff) record = NULL;
  g_autoptr(GError) error = NULL;

  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        NULL, NULL, OPERATOR_PASSWORD);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-01-15T09:00:00Z"));
  for (guint i = 0; i < 4; i++)
    assert_login_refused (site, OPERATOR, "not-her-password", "wrong username or password");
  assert_login_refused (site, OPERATOR, "not-her-password",
                        "locked after 5 failed attempts until 09:15 GMT");
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD,
                        "locked after 5 failed attempts until 09:15 GMT");

  /* The manager resets it five minutes later; no need to wait the rest. */
  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-01-15T09:05:00Z"));
  g_assert_true (vigil_site_set_staff_password (site, manager, OPERATOR, "olive-reset-password",
                                                "locked out", &error));
  g_assert_no_error (error);

  record = vigil_site_lookup_staff (site, OPERATOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_staff_get_locked_until (record), ==, 0);
  g_assert_cmpuint (vigil_staff_get_failed_logins (record), ==, 0);

  assert_login_allowed (site, OPERATOR, "olive-reset-password");
  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* Recording a competency changes who may log in. */
static void
test_staff_competency_allows_login (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilStaff) uncertified = NULL;
  g_autoptr(VigilStaff) record = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR,
                        "2026-02-01", "2027-02-01", OPERATOR_PASSWORD);
  uncertified = vigil_staff_new ("nia", "Nia", 4, VIGIL_ROLE_OPERATOR);
  g_assert_true (vigil_site_add_staff (site, manager, uncertified, "nia-password", "test", &error));
  g_assert_no_error (error);

  vigil_site_set_now_for_testing (site, vigil_test_instant ("2027-02-03T10:00:00Z"));
  assert_login_refused (site, OPERATOR, OPERATOR_PASSWORD,
                        "CCTV competency refresher overdue since 2027-02-01");
  assert_login_refused (site, "nia", "nia-password",
                        "no CCTV competency on record: a manager must record an assessment first");

  g_assert_true (vigil_site_set_staff_competency (site, manager, OPERATOR, "2027-02-03", "2028-02-03",
                                                  "annual refresher", &error));
  g_assert_no_error (error);
  entry = last_audit_entry (site);
  assert_audit_entry (entry, VIGIL_TEST_MANAGER, "staff-competency-set", "staff:" OPERATOR,
                      "annual refresher");
  g_assert_cmpstr (vigil_audit_entry_get_detail (entry), ==,
                   "competency=2027-02-03..2028-02-03 previous=2026-02-01..2027-02-01");
  g_assert_finalize_object (g_steal_pointer (&entry));

  g_assert_true (vigil_site_set_staff_competency (site, manager, "nia", "2027-02-02", "2028-02-02",
                                                  "first assessment", &error));
  g_assert_no_error (error);

  record = vigil_site_lookup_staff (site, OPERATOR, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_staff_get_competency_assessed_on (record), ==, "2027-02-03");
  g_assert_cmpstr (vigil_staff_get_competency_assessed_by (record), ==, VIGIL_TEST_MANAGER);
  g_assert_cmpstr (vigil_staff_get_refresher_due (record), ==, "2028-02-03");

  assert_login_allowed (site, OPERATOR, OPERATOR_PASSWORD);
  assert_login_allowed (site, "nia", "nia-password");
  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* Every change names the manager who made it, the member it was made to and
 * the reason given. */
static void
test_staff_changes_audited (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) deputy = NULL;
  g_autoptr(VigilStaff) newcomer = NULL;
  g_autoptr(VigilStaff) record = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *object = "staff:" OPERATOR;
  gint64 start = vigil_test_instant ("2027-03-01T10:00:00Z");
  const struct {
    const char *action;
    const char *reason;
  } expected[] = {
    { "staff-added", "new starter" },
    { "staff-password-set", "forgotten" },
    { "staff-competency-set", "annual refresher" },
    { "staff-deactivated", "left the centre" },
  };

  vigil_test_add_staff (site, manager, "dee", 7, VIGIL_ROLE_MANAGER, NULL, NULL, "dee-password");
  deputy = vigil_test_login (site, "dee", "dee-password");
  vigil_site_set_now_for_testing (site, start);

  newcomer = vigil_staff_new (OPERATOR, "Olive Operator", 3, VIGIL_ROLE_OPERATOR);
  vigil_staff_set_competency (newcomer, "2027-02-15", "someone else", "2028-02-15");
  g_assert_true (vigil_site_add_staff (site, deputy, newcomer, OPERATOR_PASSWORD, "new starter", &error));
  g_assert_no_error (error);

  /* The assessor on record is the manager who entered it. */
  record = vigil_site_lookup_staff (site, OPERATOR, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_staff_get_display_name (record), ==, "Olive Operator");
  g_assert_cmpuint (vigil_staff_get_band (record), ==, 3);
  g_assert_cmpint (vigil_staff_get_role (record), ==, VIGIL_ROLE_OPERATOR);
  g_assert_true (vigil_staff_get_active (record));
  g_assert_cmpstr (vigil_staff_get_competency_assessed_by (record), ==, "dee");

  g_assert_true (vigil_site_set_staff_password (site, deputy, OPERATOR, "olive-reset-password",
                                                "forgotten", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_set_staff_competency (site, deputy, OPERATOR, "2027-03-01", "2028-03-01",
                                                  "annual refresher", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_deactivate_staff (site, deputy, OPERATOR, "left the centre", &error));
  g_assert_no_error (error);

  entries = vigil_audit_list (vigil_site_get_audit (site), start, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);

      assert_audit_entry (entry, "dee", expected[i].action, object, expected[i].reason);
      g_assert_cmpint (vigil_audit_entry_get_at (entry), ==, start);
    }
  g_assert_cmpstr (vigil_audit_entry_get_detail (g_ptr_array_index (entries, 0)), ==,
                   "name=Olive Operator band=3 role=operator competency=2027-02-15..2028-02-15");

  /* The password is never written into the trail. */
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);
      const char *detail = vigil_audit_entry_get_detail (entry);

      g_assert_null (strstr (detail ? detail : "", "password-"));
      g_assert_null (strstr (vigil_audit_entry_get_reason (entry), "password-"));
    }

  assert_login_refused (site, OPERATOR, "olive-reset-password", "account " OPERATOR " is deactivated");
  vigil_test_assert_audit_intact (site);

  g_assert_finalize_object (g_steal_pointer (&deputy));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/staff/permission-refusals", test_staff_permission_refusals);
  g_test_add_func ("/staff/deactivated-session", test_staff_deactivated_session);
  g_test_add_func ("/staff/deactivated-session-own-password", test_staff_deactivated_session_own_password);
  g_test_add_func ("/staff/validation", test_staff_validation);
  g_test_add_func ("/staff/last-manager", test_staff_last_manager);
  g_test_add_func ("/staff/set-password", test_staff_set_password);
  g_test_add_func ("/staff/password-lifts-lockout", test_staff_password_lifts_lockout);
  g_test_add_func ("/staff/competency-allows-login", test_staff_competency_allows_login);
  g_test_add_func ("/staff/changes-audited", test_staff_changes_audited);

  return g_test_run ();
}
