/* test-site-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vigil-test-utils.h"

/* The site's _async calls, made from a running main loop as the console
 * makes them: every pair, in the order a centre would use them, each write
 * then seen by a synchronous read and in the audit trail; a refusal the same
 * as the synchronous call's; a cancelled call writing nothing; the loop
 * running while a call works; no thread left behind. */

#define DEADLINE_SECONDS 60
#define CASE_REF         "LA-1"
#define CAMERA           "Room 1 camera"
#define PASSWORD         "async-password"
#define SUMMARY          "Baby settled at 22:10; woke 02:30, mother fed and settled her by 03:00."
#define WORKER_NAME      "vigil-worker"

/* The loop every call here is made from and awaited in. */
static GMainLoop *main_loop;

typedef struct
{
  char         *dir;
  VigilSite    *site;
  GAsyncResult *result;     /* the call's, until awaited */
  guint         audit_len;  /* entries in the trail before the call */
  guint         written;    /* entries the call added */
  gint64        now;

  VigilSession *manager;
  VigilSession *lead;       /* "terry" */
  VigilSession *operator;   /* "olive" */
  VigilSession *relief;     /* "owen", who takes over from her */
  gint64        change_id;
  gint64        window_id;
  gint64        duty_id;
  gint64        note_id;
} Fixture;

/* The site worker threads alive in this process, found by their name. */
static guint
count_workers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, &error);
  const char *tid;
  guint n = 0;

  g_assert_no_error (error);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;

      /* A thread may end between the listing and the read. */
      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_equal (g_strstrip (comm), WORKER_NAME))
        n++;
    }
  return n;
}

/* A joined thread may stay listed for a moment. */
static void
assert_no_worker_left (void)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (count_workers () > 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("a site worker thread is still running");
      g_usleep (1000);
    }
}

static GPtrArray *
audit_entries (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  return entries;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;

  f->site = vigil_test_site_new (&f->dir);
  f->now = vigil_test_instant ("2027-02-10T12:00:00Z");
  vigil_site_set_now_for_testing (f->site, f->now);
  entries = audit_entries (f->site);
  f->audit_len = entries->len;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_null (f->result);
  g_clear_object (&f->manager);
  g_clear_object (&f->lead);
  g_clear_object (&f->operator);
  g_clear_object (&f->relief);

  /* Whatever ran on the worker, the site goes, and its thread with it. */
  if (f->site != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->site));
  assert_no_worker_left ();

  vigil_test_remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* The callback of every call here: keeps the result in the slot given. */
static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_true (VIGIL_IS_SITE (source));
  g_assert_null (*slot);
  *slot = g_object_ref (result);
  g_main_loop_quit (main_loop);
}

static gboolean
deadline_passed (gpointer user_data)
{
  g_error ("an async call did not finish within %d s", DEADLINE_SECONDS);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until got_result() fills @slot. */
static GAsyncResult *
await_slot (GAsyncResult **slot)
{
  guint deadline = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_passed, NULL);

  while (*slot == NULL)
    g_main_loop_run (main_loop);
  g_source_remove (deadline);
  return g_steal_pointer (slot);
}

/* Waits for the call in f->result; a write (@action) has left that entry in
 * the trail, a read (%NULL) none at all. */
static GAsyncResult *
await_call (Fixture    *f,
            const char *action)
{
  GAsyncResult *result = await_slot (&f->result);
  g_autoptr(GPtrArray) entries = audit_entries (f->site);
  gboolean found = FALSE;

  for (guint i = f->audit_len; i < entries->len; i++)
    if (g_strcmp0 (vigil_audit_entry_get_action (g_ptr_array_index (entries, i)), action) == 0)
      found = TRUE;
  if (action != NULL && !found)
    g_error ("no “%s” entry in the audit trail after the call", action);
  if (action == NULL && entries->len != f->audit_len)
    g_error ("a call that should write nothing wrote %u audit entries", entries->len - f->audit_len);

  f->written = entries->len - f->audit_len;
  f->audit_len = entries->len;
  return result;
}

/* What a synchronous call added to the trail. */
static guint
sync_written (Fixture *f)
{
  g_autoptr(GPtrArray) entries = audit_entries (f->site);
  guint written = entries->len - f->audit_len;

  f->audit_len = entries->len;
  return written;
}

/* Awaits a write that answers yes or no, which must be yes. */
typedef gboolean (*FinishBoolean) (VigilSite     *self,
                                   GAsyncResult  *result,
                                   GError       **error);

static void
await_write (Fixture       *f,
             const char    *action,
             FinishBoolean  finish)
{
  g_autoptr(GAsyncResult) result = await_call (f, action);
  g_autoptr(GError) error = NULL;

  g_assert_true (finish (f->site, result, &error));
  g_assert_no_error (error);
}

/* A synchronous login, which the trail records too. */
static VigilSession *
login (Fixture    *f,
       const char *username,
       const char *password)
{
  VigilSession *session = vigil_test_login (f->site, username, password);
  g_autoptr(GPtrArray) entries = audit_entries (f->site);

  f->audit_len = entries->len;
  return session;
}

static gboolean
has_staff (GPtrArray  *staff,
           const char *username)
{
  for (guint i = 0; i < staff->len; i++)
    if (g_str_equal (vigil_staff_get_username (g_ptr_array_index (staff, i)), username))
      return TRUE;
  return FALSE;
}

static gboolean
has_string (GPtrArray  *strings,
            const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), text))
      return TRUE;
  return FALSE;
}

/* ---- every pair, in a centre's order ----------------------------------- */

static void
step_login (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vigil_site_login_async (f->site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, "console",
                          NULL, got_result, &f->result);
  result = await_call (f, "login");
  f->manager = vigil_site_login_finish (f->site, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_session_get_username (f->manager), ==, VIGIL_TEST_MANAGER);
}

static void
step_settings (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *value = NULL;

  vigil_site_set_setting_async (f->site, f->manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "7", "async test",
                                NULL, got_result, &f->result);
  await_write (f, "setting-changed", vigil_site_set_setting_finish);
  stored = vigil_site_get_setting (f->site, VIGIL_SETTING_LOCKOUT_THRESHOLD, &error);
  g_assert_cmpstr (stored, ==, "7");

  vigil_site_get_setting_async (f->site, VIGIL_SETTING_LOCKOUT_THRESHOLD, NULL, got_result, &f->result);
  got = await_call (f, NULL);
  value = vigil_site_get_setting_finish (f->site, got, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "7");
}

/* Adds @username with a competency, then logs them in. */
static VigilSession *
add_member (Fixture    *f,
            const char *username,
            guint       band,
            VigilRole   role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VigilStaff) staff = vigil_staff_new (username, username, band, role);
  g_autoptr(VigilStaff) stored = NULL;

  vigil_staff_set_competency (staff, "2026-06-01", NULL, "2099-01-01");
  vigil_site_add_staff_async (f->site, f->manager, staff, PASSWORD, "new starter", NULL, got_result, &f->result);
  await_write (f, "staff-added", vigil_site_add_staff_finish);

  stored = vigil_site_lookup_staff (f->site, username, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_staff_get_role (stored), ==, role);
  /* The assessor was filled in on the worker's copy, not on ours. */
  g_assert_cmpstr (vigil_staff_get_competency_assessed_by (stored), ==, VIGIL_TEST_MANAGER);
  g_assert_null (vigil_staff_get_competency_assessed_by (staff));
  return login (f, username, PASSWORD);
}

static void
step_staff (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(VigilStaff) olive = NULL;
  g_autoptr(VigilStaff) found = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  f->lead = add_member (f, "terry", 6, VIGIL_ROLE_TEAM_LEAD);
  f->operator = add_member (f, "olive", 3, VIGIL_ROLE_OPERATOR);
  f->relief = add_member (f, "owen", 3, VIGIL_ROLE_OPERATOR);

  vigil_site_set_staff_password_async (f->site, f->manager, "olive", "olive-new-password", "forgotten",
                                       NULL, got_result, &f->result);
  await_write (f, "staff-password-set", vigil_site_set_staff_password_finish);
  g_clear_object (&f->operator);
  f->operator = login (f, "olive", "olive-new-password");

  vigil_site_set_staff_competency_async (f->site, f->manager, "olive", "2027-01-05", "2028-01-05",
                                         "refresher done", NULL, got_result, &f->result);
  await_write (f, "staff-competency-set", vigil_site_set_staff_competency_finish);
  olive = vigil_site_lookup_staff (f->site, "olive", &error);
  g_assert_cmpstr (vigil_staff_get_refresher_due (olive), ==, "2028-01-05");

  vigil_site_list_staff_async (f->site, NULL, got_result, &f->result);
  listed = await_call (f, NULL);
  staff = vigil_site_list_staff_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 4);
  g_assert_true (has_staff (staff, "owen"));

  vigil_site_lookup_staff_async (f->site, "olive", NULL, got_result, &f->result);
  looked_up = await_call (f, NULL);
  found = vigil_site_lookup_staff_finish (f->site, looked_up, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_staff_get_refresher_due (found), ==, "2028-01-05");
}

static void
step_rooms_and_cameras (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) rooms_listed = NULL;
  g_autoptr(GAsyncResult) camera_found = NULL;
  g_autoptr(GAsyncResult) cameras_listed = NULL;
  g_autoptr(GPtrArray) rooms = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(VigilCamera) camera = NULL;
  g_autoptr(VigilCamera) stored = NULL;
  g_autoptr(VigilCamera) found = NULL;

  vigil_site_add_room_async (f->site, f->manager, "Room 1", "new wing", NULL, got_result, &f->result);
  await_write (f, "room-added", vigil_site_add_room_finish);
  rooms = vigil_site_list_rooms (f->site, &error);
  g_assert_true (has_string (rooms, "Room 1"));

  vigil_site_list_rooms_async (f->site, NULL, got_result, &f->result);
  rooms_listed = await_call (f, NULL);
  listed = vigil_site_list_rooms_finish (f->site, rooms_listed, &error);
  g_assert_no_error (error);
  g_assert_true (has_string (listed, "Room 1"));

  camera = vigil_camera_new (CAMERA, VIGIL_LOCATION_FAMILY_ROOM, "Room 1", "rtsp://cam.example/room1", NULL, TRUE);
  vigil_site_add_camera_async (f->site, f->manager, camera, "viewer", "camera-password", "installed",
                               NULL, got_result, &f->result);
  await_write (f, "camera-added", vigil_site_add_camera_finish);
  stored = vigil_site_lookup_camera (f->site, CAMERA, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_camera_get_room (stored), ==, "Room 1");

  vigil_site_lookup_camera_async (f->site, CAMERA, NULL, got_result, &f->result);
  camera_found = await_call (f, NULL);
  found = vigil_site_lookup_camera_finish (f->site, camera_found, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_camera_get_has_audio (found));

  vigil_site_list_cameras_async (f->site, NULL, got_result, &f->result);
  cameras_listed = await_call (f, NULL);
  cameras = vigil_site_list_cameras_finish (f->site, cameras_listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 1);
}

static void
step_families (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(VigilFamily) family = vigil_family_new (CASE_REF, "AB", "Room 1", "2027-01-05");
  g_autoptr(VigilFamily) stored = NULL;
  g_autoptr(VigilFamily) found = NULL;
  g_autoptr(VigilFamily) signed_up = NULL;
  g_autoptr(GPtrArray) families = NULL;

  vigil_site_add_family_async (f->site, f->lead, family, VIGIL_STATE_STAGE_1, "referral",
                               NULL, got_result, &f->result);
  await_write (f, "family-added", vigil_site_add_family_finish);
  stored = vigil_site_lookup_family (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_family_get_label (stored), ==, "AB");

  vigil_site_lookup_family_async (f->site, CASE_REF, NULL, got_result, &f->result);
  looked_up = await_call (f, NULL);
  found = vigil_site_lookup_family_finish (f->site, looked_up, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_family_get_room (found), ==, "Room 1");

  vigil_site_list_families_async (f->site, FALSE, NULL, got_result, &f->result);
  listed = await_call (f, NULL);
  families = vigil_site_list_families_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (families->len, ==, 1);

  vigil_site_record_agreement_async (f->site, f->lead, CASE_REF, "2027-02-01", TRUE, 60, "signed",
                                     NULL, got_result, &f->result);
  await_write (f, "family-agreement-recorded", vigil_site_record_agreement_finish);
  signed_up = vigil_site_lookup_family (f->site, CASE_REF, &error);
  g_assert_cmpstr (vigil_family_get_agreement_signed_on (signed_up), ==, "2027-02-01");
  g_assert_true (vigil_family_get_agreement_covers_audio (signed_up));
  g_assert_cmpuint (vigil_family_get_retention_days (signed_up), ==, 60);
}

static VigilStageChange *
find_change (GPtrArray *changes,
             gint64     id)
{
  for (guint i = 0; i < changes->len; i++)
    if (vigil_stage_change_get_id (g_ptr_array_index (changes, i)) == id)
      return g_ptr_array_index (changes, i);
  return NULL;
}

static void
step_stages (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) set = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(VigilStageChange) change = NULL;
  g_autoptr(GPtrArray) replaced = NULL;
  g_autoptr(GPtrArray) scheduled = NULL;
  g_autoptr(GPtrArray) after_cancel = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gint64 in_two_days = f->now + 2 * G_TIME_SPAN_DAY;

  vigil_site_set_stage_async (f->site, f->lead, CASE_REF, VIGIL_STATE_STAGE_2, in_two_days, "progress",
                              "EV-7", NULL, got_result, &f->result);
  set = await_call (f, "stage-change-scheduled");
  change = vigil_site_set_stage_finish (f->site, set, &replaced, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_stage_change_get_effective_at (change), ==, in_two_days);
  g_assert_nonnull (replaced);
  g_assert_cmpuint (replaced->len, ==, 0);
  f->change_id = vigil_stage_change_get_id (change);
  scheduled = vigil_site_list_stage_changes (f->site, CASE_REF, &error);
  g_assert_nonnull (find_change (scheduled, f->change_id));

  vigil_site_cancel_stage_change_async (f->site, f->lead, CASE_REF, f->change_id, "plan changed",
                                        NULL, got_result, &f->result);
  await_write (f, "stage-change-cancelled", vigil_site_cancel_stage_change_finish);
  after_cancel = vigil_site_list_stage_changes (f->site, CASE_REF, &error);
  g_assert_cmpint (vigil_stage_change_get_cancelled_at (find_change (after_cancel, f->change_id)), !=, 0);

  vigil_site_list_stage_changes_async (f->site, CASE_REF, NULL, got_result, &f->result);
  listed = await_call (f, NULL);
  changes = vigil_site_list_stage_changes_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, after_cancel->len);
  g_assert_nonnull (find_change (changes, f->change_id));
}

static void
step_windows (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(VigilWindow) window = vigil_window_new (VIGIL_DAY_MONDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime");
  g_autoptr(VigilWindow) saved = NULL;
  g_autoptr(VigilWindow) stored = NULL;
  g_autoptr(VigilWindow) found = NULL;
  g_autoptr(VigilWindow) gone = NULL;
  g_autoptr(GPtrArray) windows = NULL;

  vigil_site_add_window_async (f->site, f->lead, CASE_REF, window, NULL, got_result, &f->result);
  added = await_call (f, "window-added");
  saved = vigil_site_add_window_finish (f->site, added, &error);
  g_assert_no_error (error);
  f->window_id = vigil_window_get_id (saved);
  stored = vigil_site_lookup_window (f->site, f->window_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_window_get_purpose (stored), ==, "bedtime");

  vigil_site_lookup_window_async (f->site, f->window_id, NULL, got_result, &f->result);
  looked_up = await_call (f, NULL);
  found = vigil_site_lookup_window_finish (f->site, looked_up, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_window_get_start_minute (found), ==, 19 * 60);

  vigil_site_list_windows_async (f->site, CASE_REF, FALSE, NULL, got_result, &f->result);
  listed = await_call (f, NULL);
  windows = vigil_site_list_windows_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (windows->len, ==, 1);

  vigil_site_remove_window_async (f->site, f->lead, f->window_id, "no longer needed", NULL, got_result, &f->result);
  await_write (f, "window-removed", vigil_site_remove_window_finish);
  gone = vigil_site_lookup_window (f->site, f->window_id, &error);
  g_assert_cmpint (vigil_window_get_removed_at (gone), !=, 0);
}

static void
step_overrides (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) running = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(VigilOverride) override = NULL;
  g_autoptr(VigilOverride) stored = NULL;
  g_autoptr(VigilOverride) found = NULL;
  g_autoptr(VigilOverride) none = NULL;
  g_autoptr(GPtrArray) overrides = NULL;

  vigil_site_start_override_async (f->site, f->lead, CASE_REF, "unexplained bruise", 2, NULL, got_result, &f->result);
  started = await_call (f, "override-started");
  override = vigil_site_start_override_finish (f->site, started, &error);
  g_assert_no_error (error);
  stored = vigil_site_get_running_override (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_override_get_id (stored), ==, vigil_override_get_id (override));

  vigil_site_get_running_override_async (f->site, CASE_REF, NULL, got_result, &f->result);
  running = await_call (f, NULL);
  found = vigil_site_get_running_override_finish (f->site, running, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_override_get_rationale (found), ==, "unexplained bruise");

  vigil_site_list_overrides_async (f->site, CASE_REF, NULL, got_result, &f->result);
  listed = await_call (f, NULL);
  overrides = vigil_site_list_overrides_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overrides->len, ==, 1);

  vigil_site_end_override_async (f->site, f->lead, CASE_REF, "resolved", NULL, got_result, &f->result);
  await_write (f, "override-ended", vigil_site_end_override_finish);
  none = vigil_site_get_running_override (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

/* Reads only: each async answer is the synchronous one. */
static void
step_policy (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) camera_explained = NULL;
  g_autoptr(GAsyncResult) family_explained = NULL;
  g_autoptr(GAsyncResult) timeline_read = NULL;
  g_auto(VigilPolicyDecision) by_camera = { 0 };
  g_auto(VigilPolicyDecision) by_camera_sync = { 0 };
  g_auto(VigilPolicyDecision) by_family = { 0 };
  g_auto(VigilPolicyDecision) by_family_sync = { 0 };
  g_autoptr(GArray) timeline = NULL;
  g_autoptr(GArray) timeline_sync = NULL;
  gint64 tomorrow = f->now + G_TIME_SPAN_DAY;

  vigil_site_explain_camera_async (f->site, CAMERA, f->now, NULL, got_result, &f->result);
  camera_explained = await_call (f, NULL);
  g_assert_true (vigil_site_explain_camera_finish (f->site, camera_explained, &by_camera, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_explain_camera (f->site, CAMERA, f->now, &by_camera_sync, &error));
  g_assert_true (vigil_policy_decision_same (&by_camera, &by_camera_sync));
  g_assert_cmpstr (by_camera.basis, ==, by_camera_sync.basis);

  vigil_site_explain_family_async (f->site, CASE_REF, f->now, NULL, got_result, &f->result);
  family_explained = await_call (f, NULL);
  g_assert_true (vigil_site_explain_family_finish (f->site, family_explained, &by_family, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_explain_family (f->site, CASE_REF, f->now, &by_family_sync, &error));
  g_assert_true (vigil_policy_decision_same (&by_family, &by_family_sync));

  vigil_site_recording_timeline_async (f->site, CASE_REF, f->now, tomorrow, NULL, got_result, &f->result);
  timeline_read = await_call (f, NULL);
  timeline = vigil_site_recording_timeline_finish (f->site, timeline_read, &error);
  g_assert_no_error (error);
  timeline_sync = vigil_site_recording_timeline (f->site, CASE_REF, f->now, tomorrow, &error);
  g_assert_cmpuint (timeline->len, ==, timeline_sync->len);
  g_assert_cmpuint (timeline->len, >, 0);
  for (guint i = 0; i < timeline->len; i++)
    g_assert_cmpstr (g_array_index (timeline, VigilRecordingInterval, i).basis, ==,
                     g_array_index (timeline_sync, VigilRecordingInterval, i).basis);
}

static void
step_duties (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) nobody = NULL;
  g_autoptr(GAsyncResult) requested = NULL;
  g_autoptr(GAsyncResult) covered = NULL;
  g_autoptr(GAsyncResult) started = NULL;
  g_autoptr(GAsyncResult) open = NULL;
  g_autoptr(GAsyncResult) by_id = NULL;
  g_autoptr(GAsyncResult) handed = NULL;
  g_autoptr(GAsyncResult) ended = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(GPtrArray) sync_duties = NULL;
  g_autoptr(GPtrArray) sync_uncovered = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) stored = NULL;
  g_autoptr(VigilDuty) found = NULL;
  g_autoptr(VigilDuty) fetched = NULL;
  g_autoptr(VigilDuty) incoming = NULL;
  g_autoptr(VigilDuty) now_open = NULL;
  g_autoptr(VigilDuty) last = NULL;
  g_autoptr(VigilDuty) after_end = NULL;

  vigil_site_request_watch_async (f->site, f->operator, CASE_REF, "baby unsettled", NULL, got_result, &f->result);
  requested = await_call (f, "watch-requested");
  request = vigil_site_request_watch_finish (f->site, requested, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_get_coverage (f->site, &sync_duties, &sync_uncovered, &error));
  g_assert_cmpuint (sync_uncovered->len, ==, 1);

  vigil_site_get_coverage_async (f->site, NULL, got_result, &f->result);
  covered = await_call (f, NULL);
  g_assert_true (vigil_site_get_coverage_finish (f->site, covered, &duties, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (duties->len, ==, 0);
  g_assert_cmpint (vigil_watch_request_get_id (g_ptr_array_index (uncovered, 0)), ==,
                   vigil_watch_request_get_id (request));

  vigil_site_start_duty_async (f->site, f->operator, CASE_REF, NULL, NULL, got_result, &f->result);
  started = await_call (f, "duty-started");
  duty = vigil_site_start_duty_finish (f->site, started, &error);
  g_assert_no_error (error);
  f->duty_id = vigil_duty_get_id (duty);
  stored = vigil_site_get_open_duty (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_operator (stored), ==, "olive");

  vigil_site_get_open_duty_async (f->site, CASE_REF, NULL, got_result, &f->result);
  open = await_call (f, NULL);
  found = vigil_site_get_open_duty_finish (f->site, open, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_duty_get_id (found), ==, f->duty_id);

  vigil_site_get_duty_async (f->site, f->duty_id, NULL, got_result, &f->result);
  by_id = await_call (f, NULL);
  fetched = vigil_site_get_duty_finish (f->site, by_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_operator (fetched), ==, "olive");

  vigil_site_hand_over_duty_async (f->site, f->operator, CASE_REF, "owen", SUMMARY, NULL, got_result, &f->result);
  handed = await_call (f, "duty-handed-over");
  incoming = vigil_site_hand_over_duty_finish (f->site, handed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_operator (incoming), ==, "owen");
  now_open = vigil_site_get_open_duty (f->site, CASE_REF, &error);
  g_assert_cmpint (vigil_duty_get_id (now_open), ==, vigil_duty_get_id (incoming));

  vigil_site_end_duty_async (f->site, f->relief, CASE_REF, SUMMARY, NULL, got_result, &f->result);
  ended = await_call (f, "duty-ended");
  last = vigil_site_end_duty_finish (f->site, ended, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_duty_get_id (last), ==, vigil_duty_get_id (incoming));
  after_end = vigil_site_get_open_duty (f->site, CASE_REF, &nobody);
  g_assert_null (after_end);
  g_assert_error (nobody, VIGIL_ERROR, VIGIL_ERROR_INVALID);
}

static void
step_notes (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GAsyncResult) corrected = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(VigilNote) stored = NULL;
  g_autoptr(VigilNote) found = NULL;
  g_autoptr(VigilNote) addendum = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  gboolean has_addendum = FALSE;

  vigil_site_add_note_async (f->site, f->operator, CASE_REF, VIGIL_NOTE_KIND_OBSERVATION, 0, 0,
                             "Baby fed at 11:30 and settled.", NULL, got_result, &f->result);
  added = await_call (f, "note-added");
  note = vigil_site_add_note_finish (f->site, added, &error);
  g_assert_no_error (error);
  f->note_id = vigil_note_get_id (note);
  stored = vigil_site_get_note (f->site, f->note_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_note_get_author (stored), ==, "olive");

  vigil_site_get_note_async (f->site, f->note_id, NULL, got_result, &f->result);
  fetched = await_call (f, NULL);
  found = vigil_site_get_note_finish (f->site, fetched, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_note_get_body (found), ==, vigil_note_get_body (stored));

  vigil_site_add_addendum_async (f->site, f->operator, f->note_id, "Correction: fed at 11:40.",
                                 NULL, got_result, &f->result);
  corrected = await_call (f, "note-addendum-added");
  addendum = vigil_site_add_addendum_finish (f->site, corrected, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_note_get_addendum_to (addendum), ==, f->note_id);

  vigil_site_list_notes_async (f->site, CASE_REF, 0, NULL, got_result, &f->result);
  listed = await_call (f, NULL);
  notes = vigil_site_list_notes_finish (f->site, listed, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    if (vigil_note_get_id (g_ptr_array_index (notes, i)) == vigil_note_get_id (addendum))
      has_addendum = TRUE;
  g_assert_true (has_addendum);
}

static void
step_discharge_and_deactivate (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilStaff) owen = NULL;

  vigil_site_discharge_family_async (f->site, f->lead, CASE_REF, "2027-02-10", "placement ended",
                                     NULL, got_result, &f->result);
  await_write (f, "family-discharged", vigil_site_discharge_family_finish);
  family = vigil_site_lookup_family (f->site, CASE_REF, &error);
  g_assert_cmpstr (vigil_family_get_discharged_on (family), ==, "2027-02-10");

  vigil_site_deactivate_staff_async (f->site, f->manager, "owen", "left the centre", NULL, got_result, &f->result);
  await_write (f, "staff-deactivated", vigil_site_deactivate_staff_finish);
  owen = vigil_site_lookup_staff (f->site, "owen", &error);
  g_assert_false (vigil_staff_get_active (owen));
}

static void
step_audit (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) verified = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 checked = -1;

  vigil_site_verify_audit_async (f->site, NULL, got_result, &f->result);
  verified = await_call (f, NULL);
  g_assert_true (vigil_site_verify_audit_finish (f->site, verified, &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, f->audit_len);

  vigil_site_list_audit_async (f->site, 0, NULL, got_result, &f->result);
  listed = await_call (f, NULL);
  entries = vigil_site_list_audit_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, f->audit_len);
}

static void
test_every_call (Fixture       *f,
                 gconstpointer  data)
{
  step_login (f);
  step_settings (f);
  step_staff (f);
  step_rooms_and_cameras (f);
  step_families (f);
  step_stages (f);
  step_windows (f);
  step_overrides (f);
  step_policy (f);
  step_duties (f);
  step_notes (f);
  step_discharge_and_deactivate (f);
  step_audit (f);
}

/* ---- refusals ---------------------------------------------------------- */

static void
assert_same_error (GError *sync_error,
                   GError *async_error)
{
  g_assert_nonnull (sync_error);
  g_assert_nonnull (async_error);
  g_assert_cmpstr (g_quark_to_string (async_error->domain), ==, g_quark_to_string (sync_error->domain));
  g_assert_cmpint (async_error->code, ==, sync_error->code);
  g_assert_cmpstr (async_error->message, ==, sync_error->message);
}

static void
assert_no_rooms (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rooms = vigil_site_list_rooms (f->site, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 0);
}

/* Awaits a refused write: the synchronous call's error (@sync_error, then
 * cleared) and as many entries in the trail as it left (@sync_entries). */
static void
await_refusal (Fixture       *f,
               GError       **sync_error,
               guint          sync_entries,
               const char    *action,
               FinishBoolean  finish)
{
  g_autoptr(GAsyncResult) result = await_call (f, action);
  g_autoptr(GError) error = NULL;

  g_assert_false (finish (f->site, result, &error));
  assert_same_error (*sync_error, error);
  g_assert_cmpuint (f->written, ==, sync_entries);
  g_clear_error (sync_error);
}

/* A refused call says what the synchronous one says, and leaves what it
 * leaves: a permission refusal is kept in the trail, bad input is not. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(GError) async_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VigilStaff) weak = vigil_staff_new ("dora", "Dora", 3, VIGIL_ROLE_OPERATOR);
  g_autoptr(VigilStaff) found = NULL;
  g_autofree char *threshold = NULL;
  guint written;

  f->manager = login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  vigil_test_add_staff (f->site, f->manager, "olive", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  f->operator = login (f, "olive", PASSWORD);

  /* An operator may not add rooms. */
  g_assert_false (vigil_site_add_room (f->site, f->operator, "Room 9", NULL, &sync_error));
  g_assert_error (sync_error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  written = sync_written (f);
  g_assert_cmpuint (written, ==, 1);
  vigil_site_add_room_async (f->site, f->operator, "Room 9", NULL, NULL, got_result, &f->result);
  await_refusal (f, &sync_error, written, "permission-refused", vigil_site_add_room_finish);
  assert_no_rooms (f);

  /* A blank room name. */
  g_assert_false (vigil_site_add_room (f->site, f->manager, " ", NULL, &sync_error));
  written = sync_written (f);
  vigil_site_add_room_async (f->site, f->manager, " ", NULL, NULL, got_result, &f->result);
  await_refusal (f, &sync_error, written, NULL, vigil_site_add_room_finish);
  assert_no_rooms (f);

  /* A setting out of its range. */
  g_assert_false (vigil_site_set_setting (f->site, f->manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "0", NULL,
                                          &sync_error));
  written = sync_written (f);
  vigil_site_set_setting_async (f->site, f->manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "0", NULL,
                                NULL, got_result, &f->result);
  await_refusal (f, &sync_error, written, NULL, vigil_site_set_setting_finish);
  threshold = vigil_site_get_setting (f->site, VIGIL_SETTING_LOCKOUT_THRESHOLD, NULL);
  g_assert_cmpstr (threshold, ==, "5");

  /* A password too short, refused before any hashing. */
  g_assert_false (vigil_site_add_staff (f->site, f->manager, weak, "short", NULL, &sync_error));
  written = sync_written (f);
  vigil_site_add_staff_async (f->site, f->manager, weak, "short", NULL, NULL, got_result, &f->result);
  await_refusal (f, &sync_error, written, NULL, vigil_site_add_staff_finish);
  found = vigil_site_lookup_staff (f->site, "dora", NULL);
  g_assert_null (found);

  /* A read of what is not there. */
  g_assert_null (vigil_site_lookup_family (f->site, "LA-404", &sync_error));
  vigil_site_lookup_family_async (f->site, "LA-404", NULL, got_result, &f->result);
  result = await_call (f, NULL);
  g_assert_null (vigil_site_lookup_family_finish (f->site, result, &async_error));
  assert_same_error (sync_error, async_error);
}

/* ---- cancelling, and the loop while a call works ----------------------- */

/* Another connection holding the file's write lock, as a second console
 * mid-transaction would, until the main loop has ticked @release_after
 * times; @watched is the call that must wait for it. */
typedef struct
{
  sqlite3       *db;
  guint          ticks;
  guint          release_after;
  GAsyncResult **watched;
} LockHolder;

static void
lock_holder_take (LockHolder    *holder,
                  Fixture       *f,
                  GAsyncResult **watched)
{
  g_autofree char *path = g_build_filename (f->dir, "vigil.db", NULL);

  g_assert_cmpint (sqlite3_open (path, &holder->db), ==, SQLITE_OK);
  vigil_test_exec_raw (holder->db, "BEGIN IMMEDIATE");
  holder->ticks = 0;
  holder->release_after = 3;
  holder->watched = watched;
}

static gboolean
lock_holder_tick (gpointer user_data)
{
  LockHolder *holder = user_data;

  /* The loop runs while the call is still out: it cannot end before the
   * lock is let go, here. */
  g_assert_null (*holder->watched);
  if (++holder->ticks < holder->release_after)
    return G_SOURCE_CONTINUE;

  vigil_test_exec_raw (holder->db, "COMMIT");
  return G_SOURCE_REMOVE;
}

static void
lock_holder_close (LockHolder *holder)
{
  g_assert_cmpuint (holder->ticks, ==, holder->release_after);
  sqlite3_close (holder->db);
}

static void
test_loop_runs_during_slow_call (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VigilStaff) dora = vigil_staff_new ("dora", "Dora", 3, VIGIL_ROLE_OPERATOR);
  g_autoptr(VigilStaff) found = NULL;
  LockHolder holder;

  f->manager = login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);

  /* The add hashes with argon2id, then waits for the lock; the loop ticks. */
  lock_holder_take (&holder, f, &f->result);
  vigil_site_add_staff_async (f->site, f->manager, dora, PASSWORD, NULL, NULL, got_result, &f->result);
  g_timeout_add (10, lock_holder_tick, &holder);
  result = await_call (f, "staff-added");
  lock_holder_close (&holder);

  g_assert_true (vigil_site_add_staff_finish (f->site, result, &error));
  g_assert_no_error (error);
  found = vigil_site_lookup_staff (f->site, "dora", &error);
  g_assert_no_error (error);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) queued_cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) blocked_result = NULL;
  g_autoptr(VigilStaff) dora = vigil_staff_new ("dora", "Dora", 3, VIGIL_ROLE_OPERATOR);
  GAsyncResult *blocked = NULL;
  LockHolder holder;

  f->manager = login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);

  /* Cancelled before it was made. */
  g_cancellable_cancel (cancellable);
  vigil_site_add_room_async (f->site, f->manager, "Room 1", NULL, cancellable, got_result, &f->result);
  result = await_call (f, NULL);
  g_assert_false (vigil_site_add_room_finish (f->site, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_no_rooms (f);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled while it waited behind a call held up by another writer. */
  lock_holder_take (&holder, f, &blocked);
  vigil_site_add_staff_async (f->site, f->manager, dora, PASSWORD, NULL, NULL, got_result, &blocked);
  vigil_site_add_room_async (f->site, f->manager, "Room 1", NULL, queued_cancellable, got_result, &f->result);
  g_cancellable_cancel (queued_cancellable);
  g_timeout_add (10, lock_holder_tick, &holder);

  blocked_result = await_slot (&blocked);
  lock_holder_close (&holder);
  g_assert_true (vigil_site_add_staff_finish (f->site, blocked_result, &error));
  g_assert_no_error (error);

  result = await_call (f, "staff-added");
  g_assert_cmpuint (f->written, ==, 1);
  g_assert_false (vigil_site_add_room_finish (f->site, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_no_rooms (f);
}

/* ---- the worker thread ------------------------------------------------- */

/* The worker has a connection of its own: a transaction held open on the
 * site's connection, by this thread, does not hold it up. */
static void
test_own_connection (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  VigilStore *store = vigil_site_get_store (f->site);

  g_assert_true (vigil_store_begin_read (store, &error));
  vigil_site_list_staff_async (f->site, NULL, got_result, &f->result);
  result = await_call (f, NULL);
  vigil_store_rollback (store);

  staff = vigil_site_list_staff_finish (f->site, result, &error);
  g_assert_no_error (error);
  g_assert_true (has_staff (staff, VIGIL_TEST_MANAGER));
}

/* Started by the first call; a site let go with a call still out lives until
 * that call is done, then goes with its thread. */
static void
test_no_thread_left (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  VigilSite *site = f->site;

  f->manager = login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  g_assert_cmpuint (count_workers (), ==, 0);

  vigil_site_add_room_async (site, f->manager, "Room 1", NULL, NULL, got_result, &f->result);
  g_object_add_weak_pointer (G_OBJECT (site), (gpointer *) &site);
  g_clear_object (&f->site);
  g_assert_nonnull (site);

  result = await_slot (&f->result);
  g_assert_cmpuint (count_workers (), ==, 1);
  g_assert_true (vigil_site_add_room_finish (site, result, &error));
  g_assert_no_error (error);

  g_clear_object (&result);
  g_assert_null (site);
  assert_no_worker_left ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  main_loop = g_main_loop_new (NULL, FALSE);

  g_test_add ("/site-async/every-call", Fixture, NULL, fixture_set_up, test_every_call, fixture_tear_down);
  g_test_add ("/site-async/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/site-async/loop-runs-during-slow-call", Fixture, NULL, fixture_set_up,
              test_loop_runs_during_slow_call, fixture_tear_down);
  g_test_add ("/site-async/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add ("/site-async/own-connection", Fixture, NULL, fixture_set_up, test_own_connection,
              fixture_tear_down);
  g_test_add ("/site-async/no-thread-left", Fixture, NULL, fixture_set_up, test_no_thread_left,
              fixture_tear_down);

  status = g_test_run ();
  g_main_loop_unref (main_loop);
  return status;
}
