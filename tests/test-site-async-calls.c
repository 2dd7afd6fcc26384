/* test-site-async-calls.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "site-async-fixture.h"

/* The site's _async calls, made from a running main loop as the console
 * makes them: every pair, in the order a centre would use them, each write
 * then seen by a synchronous read and in the audit trail. */
/* ---- every pair, in a centre's order ----------------------------------- */

static void
step_login (AsyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vigil_site_login_async (f->site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, "console",
                          NULL, async_got_result, &f->result);
  result = async_await_call (f, "login");
  f->manager = vigil_site_login_finish (f->site, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_session_get_username (f->manager), ==, VIGIL_TEST_MANAGER);
}

static void
step_settings (AsyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *value = NULL;

  vigil_site_set_setting_async (f->site, f->manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "7", "async test",
                                NULL, async_got_result, &f->result);
  async_await_write (f, "setting-changed", vigil_site_set_setting_finish);
  stored = vigil_site_get_setting (f->site, VIGIL_SETTING_LOCKOUT_THRESHOLD, &error);
  g_assert_cmpstr (stored, ==, "7");

  vigil_site_get_setting_async (f->site, VIGIL_SETTING_LOCKOUT_THRESHOLD, NULL, async_got_result, &f->result);
  got = async_await_call (f, NULL);
  value = vigil_site_get_setting_finish (f->site, got, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "7");
}

/* Adds @username with a competency, then logs them in. */
static VigilSession *
add_member (AsyncFixture *f,
            const char *username,
            guint       band,
            VigilRole   role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VigilStaff) staff = vigil_staff_new (username, username, band, role);
  g_autoptr(VigilStaff) stored = NULL;

  vigil_staff_set_competency (staff, "2026-06-01", NULL, "2099-01-01");
  vigil_site_add_staff_async (f->site, f->manager, staff, PASSWORD, "new starter", NULL, async_got_result, &f->result);
  async_await_write (f, "staff-added", vigil_site_add_staff_finish);

  stored = vigil_site_lookup_staff (f->site, username, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_staff_get_role (stored), ==, role);
  /* The assessor was filled in on the worker's copy, not on ours. */
  g_assert_cmpstr (vigil_staff_get_competency_assessed_by (stored), ==, VIGIL_TEST_MANAGER);
  g_assert_null (vigil_staff_get_competency_assessed_by (staff));
  return async_login (f, username, PASSWORD);
}

static void
step_staff (AsyncFixture *f)
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
                                       NULL, async_got_result, &f->result);
  async_await_write (f, "staff-password-set", vigil_site_set_staff_password_finish);
  g_clear_object (&f->operator);
  f->operator = async_login (f, "olive", "olive-new-password");

  vigil_site_set_staff_competency_async (f->site, f->manager, "olive", "2027-01-05", "2028-01-05",
                                         "refresher done", NULL, async_got_result, &f->result);
  async_await_write (f, "staff-competency-set", vigil_site_set_staff_competency_finish);
  olive = vigil_site_lookup_staff (f->site, "olive", &error);
  g_assert_cmpstr (vigil_staff_get_refresher_due (olive), ==, "2028-01-05");

  vigil_site_list_staff_async (f->site, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  staff = vigil_site_list_staff_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 4);
  g_assert_true (async_has_staff (staff, "owen"));

  vigil_site_lookup_staff_async (f->site, "olive", NULL, async_got_result, &f->result);
  looked_up = async_await_call (f, NULL);
  found = vigil_site_lookup_staff_finish (f->site, looked_up, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_staff_get_refresher_due (found), ==, "2028-01-05");
}

static void
step_rooms_and_cameras (AsyncFixture *f)
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

  vigil_site_add_room_async (f->site, f->manager, "Room 1", "new wing", NULL, async_got_result, &f->result);
  async_await_write (f, "room-added", vigil_site_add_room_finish);
  rooms = vigil_site_list_rooms (f->site, &error);
  g_assert_true (async_has_string (rooms, "Room 1"));

  vigil_site_list_rooms_async (f->site, NULL, async_got_result, &f->result);
  rooms_listed = async_await_call (f, NULL);
  listed = vigil_site_list_rooms_finish (f->site, rooms_listed, &error);
  g_assert_no_error (error);
  g_assert_true (async_has_string (listed, "Room 1"));

  camera = vigil_camera_new (CAMERA, VIGIL_LOCATION_FAMILY_ROOM, "Room 1", "rtsp://cam.example/room1", NULL, TRUE);
  vigil_site_add_camera_async (f->site, f->manager, camera, "viewer", "camera-password", "installed",
                               NULL, async_got_result, &f->result);
  async_await_write (f, "camera-added", vigil_site_add_camera_finish);
  stored = vigil_site_lookup_camera (f->site, CAMERA, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_camera_get_room (stored), ==, "Room 1");

  vigil_site_lookup_camera_async (f->site, CAMERA, NULL, async_got_result, &f->result);
  camera_found = async_await_call (f, NULL);
  found = vigil_site_lookup_camera_finish (f->site, camera_found, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_camera_get_has_audio (found));

  vigil_site_list_cameras_async (f->site, NULL, async_got_result, &f->result);
  cameras_listed = async_await_call (f, NULL);
  cameras = vigil_site_list_cameras_finish (f->site, cameras_listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 1);
}

static void
step_families (AsyncFixture *f)
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
                               NULL, async_got_result, &f->result);
  async_await_write (f, "family-added", vigil_site_add_family_finish);
  stored = vigil_site_lookup_family (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_family_get_label (stored), ==, "AB");

  vigil_site_lookup_family_async (f->site, CASE_REF, NULL, async_got_result, &f->result);
  looked_up = async_await_call (f, NULL);
  found = vigil_site_lookup_family_finish (f->site, looked_up, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_family_get_room (found), ==, "Room 1");

  vigil_site_list_families_async (f->site, FALSE, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  families = vigil_site_list_families_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (families->len, ==, 1);

  vigil_site_record_agreement_async (f->site, f->lead, CASE_REF, "2027-02-01", TRUE, 60, "signed",
                                     NULL, async_got_result, &f->result);
  async_await_write (f, "family-agreement-recorded", vigil_site_record_agreement_finish);
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
step_stages (AsyncFixture *f)
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
                              "EV-7", NULL, async_got_result, &f->result);
  set = async_await_call (f, "stage-change-scheduled");
  change = vigil_site_set_stage_finish (f->site, set, &replaced, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_stage_change_get_effective_at (change), ==, in_two_days);
  g_assert_nonnull (replaced);
  g_assert_cmpuint (replaced->len, ==, 0);
  f->change_id = vigil_stage_change_get_id (change);
  scheduled = vigil_site_list_stage_changes (f->site, CASE_REF, &error);
  g_assert_nonnull (find_change (scheduled, f->change_id));

  vigil_site_cancel_stage_change_async (f->site, f->lead, CASE_REF, f->change_id, "plan changed",
                                        NULL, async_got_result, &f->result);
  async_await_write (f, "stage-change-cancelled", vigil_site_cancel_stage_change_finish);
  after_cancel = vigil_site_list_stage_changes (f->site, CASE_REF, &error);
  g_assert_cmpint (vigil_stage_change_get_cancelled_at (find_change (after_cancel, f->change_id)), !=, 0);

  vigil_site_list_stage_changes_async (f->site, CASE_REF, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  changes = vigil_site_list_stage_changes_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, after_cancel->len);
  g_assert_nonnull (find_change (changes, f->change_id));
}

static void
step_windows (AsyncFixture *f)
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

  vigil_site_add_window_async (f->site, f->lead, CASE_REF, window, NULL, async_got_result, &f->result);
  added = async_await_call (f, "window-added");
  saved = vigil_site_add_window_finish (f->site, added, &error);
  g_assert_no_error (error);
  f->window_id = vigil_window_get_id (saved);
  stored = vigil_site_lookup_window (f->site, f->window_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_window_get_purpose (stored), ==, "bedtime");

  vigil_site_lookup_window_async (f->site, f->window_id, NULL, async_got_result, &f->result);
  looked_up = async_await_call (f, NULL);
  found = vigil_site_lookup_window_finish (f->site, looked_up, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_window_get_start_minute (found), ==, 19 * 60);

  vigil_site_list_windows_async (f->site, CASE_REF, FALSE, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  windows = vigil_site_list_windows_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (windows->len, ==, 1);

  vigil_site_remove_window_async (f->site, f->lead, f->window_id, "no longer needed", NULL, async_got_result, &f->result);
  async_await_write (f, "window-removed", vigil_site_remove_window_finish);
  gone = vigil_site_lookup_window (f->site, f->window_id, &error);
  g_assert_cmpint (vigil_window_get_removed_at (gone), !=, 0);
}

static void
step_overrides (AsyncFixture *f)
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

  vigil_site_start_override_async (f->site, f->lead, CASE_REF, "unexplained bruise", 2, NULL, async_got_result, &f->result);
  started = async_await_call (f, "override-started");
  override = vigil_site_start_override_finish (f->site, started, &error);
  g_assert_no_error (error);
  stored = vigil_site_get_running_override (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_override_get_id (stored), ==, vigil_override_get_id (override));

  vigil_site_get_running_override_async (f->site, CASE_REF, NULL, async_got_result, &f->result);
  running = async_await_call (f, NULL);
  found = vigil_site_get_running_override_finish (f->site, running, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_override_get_rationale (found), ==, "unexplained bruise");

  vigil_site_list_overrides_async (f->site, CASE_REF, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  overrides = vigil_site_list_overrides_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overrides->len, ==, 1);

  vigil_site_end_override_async (f->site, f->lead, CASE_REF, "resolved", NULL, async_got_result, &f->result);
  async_await_write (f, "override-ended", vigil_site_end_override_finish);
  none = vigil_site_get_running_override (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

/* Reads only: each async answer is the synchronous one. */
static void
step_policy (AsyncFixture *f)
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

  vigil_site_explain_camera_async (f->site, CAMERA, f->now, NULL, async_got_result, &f->result);
  camera_explained = async_await_call (f, NULL);
  g_assert_true (vigil_site_explain_camera_finish (f->site, camera_explained, &by_camera, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_explain_camera (f->site, CAMERA, f->now, &by_camera_sync, &error));
  g_assert_true (vigil_policy_decision_same (&by_camera, &by_camera_sync));
  g_assert_cmpstr (by_camera.basis, ==, by_camera_sync.basis);

  vigil_site_explain_family_async (f->site, CASE_REF, f->now, NULL, async_got_result, &f->result);
  family_explained = async_await_call (f, NULL);
  g_assert_true (vigil_site_explain_family_finish (f->site, family_explained, &by_family, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_explain_family (f->site, CASE_REF, f->now, &by_family_sync, &error));
  g_assert_true (vigil_policy_decision_same (&by_family, &by_family_sync));

  vigil_site_recording_timeline_async (f->site, CASE_REF, f->now, tomorrow, NULL, async_got_result, &f->result);
  timeline_read = async_await_call (f, NULL);
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
step_duties (AsyncFixture *f)
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

  vigil_site_request_watch_async (f->site, f->operator, CASE_REF, "baby unsettled", NULL, async_got_result, &f->result);
  requested = async_await_call (f, "watch-requested");
  request = vigil_site_request_watch_finish (f->site, requested, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_get_coverage (f->site, &sync_duties, &sync_uncovered, &error));
  g_assert_cmpuint (sync_uncovered->len, ==, 1);

  vigil_site_get_coverage_async (f->site, NULL, async_got_result, &f->result);
  covered = async_await_call (f, NULL);
  g_assert_true (vigil_site_get_coverage_finish (f->site, covered, &duties, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (duties->len, ==, 0);
  g_assert_cmpint (vigil_watch_request_get_id (g_ptr_array_index (uncovered, 0)), ==,
                   vigil_watch_request_get_id (request));

  vigil_site_start_duty_async (f->site, f->operator, CASE_REF, NULL, NULL, async_got_result, &f->result);
  started = async_await_call (f, "duty-started");
  duty = vigil_site_start_duty_finish (f->site, started, &error);
  g_assert_no_error (error);
  f->duty_id = vigil_duty_get_id (duty);
  stored = vigil_site_get_open_duty (f->site, CASE_REF, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_operator (stored), ==, "olive");

  vigil_site_get_open_duty_async (f->site, CASE_REF, NULL, async_got_result, &f->result);
  open = async_await_call (f, NULL);
  found = vigil_site_get_open_duty_finish (f->site, open, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_duty_get_id (found), ==, f->duty_id);

  vigil_site_get_duty_async (f->site, f->duty_id, NULL, async_got_result, &f->result);
  by_id = async_await_call (f, NULL);
  fetched = vigil_site_get_duty_finish (f->site, by_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_operator (fetched), ==, "olive");

  vigil_site_hand_over_duty_async (f->site, f->operator, CASE_REF, "owen", SUMMARY, NULL, async_got_result, &f->result);
  handed = async_await_call (f, "duty-handed-over");
  incoming = vigil_site_hand_over_duty_finish (f->site, handed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_duty_get_operator (incoming), ==, "owen");
  now_open = vigil_site_get_open_duty (f->site, CASE_REF, &error);
  g_assert_cmpint (vigil_duty_get_id (now_open), ==, vigil_duty_get_id (incoming));

  vigil_site_end_duty_async (f->site, f->relief, CASE_REF, SUMMARY, NULL, async_got_result, &f->result);
  ended = async_await_call (f, "duty-ended");
  last = vigil_site_end_duty_finish (f->site, ended, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_duty_get_id (last), ==, vigil_duty_get_id (incoming));
  after_end = vigil_site_get_open_duty (f->site, CASE_REF, &nobody);
  g_assert_null (after_end);
  g_assert_error (nobody, VIGIL_ERROR, VIGIL_ERROR_INVALID);
}

static void
step_notes (AsyncFixture *f)
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
                             "Baby fed at 11:30 and settled.", NULL, async_got_result, &f->result);
  added = async_await_call (f, "note-added");
  note = vigil_site_add_note_finish (f->site, added, &error);
  g_assert_no_error (error);
  f->note_id = vigil_note_get_id (note);
  stored = vigil_site_get_note (f->site, f->note_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_note_get_author (stored), ==, "olive");

  vigil_site_get_note_async (f->site, f->note_id, NULL, async_got_result, &f->result);
  fetched = async_await_call (f, NULL);
  found = vigil_site_get_note_finish (f->site, fetched, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_note_get_body (found), ==, vigil_note_get_body (stored));

  vigil_site_add_addendum_async (f->site, f->operator, f->note_id, "Correction: fed at 11:40.",
                                 NULL, async_got_result, &f->result);
  corrected = async_await_call (f, "note-addendum-added");
  addendum = vigil_site_add_addendum_finish (f->site, corrected, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_note_get_addendum_to (addendum), ==, f->note_id);

  vigil_site_list_notes_async (f->site, CASE_REF, 0, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  notes = vigil_site_list_notes_finish (f->site, listed, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    if (vigil_note_get_id (g_ptr_array_index (notes, i)) == vigil_note_get_id (addendum))
      has_addendum = TRUE;
  g_assert_true (has_addendum);
}

static void
step_exports (AsyncFixture *f)
{
  const char *cameras[] = { CAMERA, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) requested = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) own = NULL;
  g_autoptr(GAsyncResult) approved = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(VigilExport) export = NULL;
  g_autoptr(VigilExport) other = NULL;
  g_autoptr(VigilExport) decided = NULL;
  g_autoptr(VigilExport) stored = NULL;
  g_autoptr(GPtrArray) exports = NULL;

  vigil_site_request_export_async (f->site, f->lead, cameras, vigil_test_instant ("2027-02-10T09:00:00Z"),
                                   vigil_test_instant ("2027-02-10T10:00:00Z"), CASE_REF, "TL-1", "for the court",
                                   NULL, async_got_result, &f->result);
  requested = async_await_call (f, "export-requested");
  export = vigil_site_request_export_finish (f->site, requested, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_export_get_state (export), ==, VIGIL_EXPORT_REQUESTED);
  g_assert_cmpstr (vigil_export_get_cameras (export)[0], ==, CAMERA);

  /* The requester's own decision: the synchronous call's refusal. */
  vigil_site_approve_export_async (f->site, f->lead, vigil_export_get_id (export), "fine", "2027-03-31",
                                   NULL, async_got_result, &f->result);
  own = async_await_call (f, "permission-refused");
  g_assert_null (vigil_site_approve_export_finish (f->site, own, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_clear_error (&error);

  vigil_site_approve_export_async (f->site, f->manager, vigil_export_get_id (export), "relevant to the hearing",
                                   "2027-03-31", NULL, async_got_result, &f->result);
  approved = async_await_call (f, "export-approved");
  decided = vigil_site_approve_export_finish (f->site, approved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_export_get_state (decided), ==, VIGIL_EXPORT_APPROVED);
  stored = vigil_site_get_export (f->site, f->manager, vigil_export_get_id (export), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_export_get_hold_until (stored), ==, "2027-03-31");

  vigil_site_request_export_async (f->site, f->lead, cameras, vigil_test_instant ("2027-02-10T10:00:00Z"),
                                   vigil_test_instant ("2027-02-10T11:00:00Z"), CASE_REF, "TL-2", "for the court",
                                   NULL, async_got_result, &f->result);
  second = async_await_call (f, "export-requested");
  other = vigil_site_request_export_finish (f->site, second, &error);
  g_assert_no_error (error);
  g_clear_object (&decided);
  vigil_site_refuse_export_async (f->site, f->manager, vigil_export_get_id (other), "not needed", NULL,
                                  async_got_result, &f->result);
  refused = async_await_call (f, "export-refused");
  decided = vigil_site_refuse_export_finish (f->site, refused, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_export_get_state (decided), ==, VIGIL_EXPORT_REFUSED);

  vigil_site_list_exports_async (f->site, f->manager, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  exports = vigil_site_list_exports_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exports->len, ==, 2);
  /* Newest first. */
  g_assert_cmpint (vigil_export_get_id (g_ptr_array_index (exports, 0)), ==, vigil_export_get_id (other));
}

static void
step_discharge_and_deactivate (AsyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilStaff) owen = NULL;

  vigil_site_discharge_family_async (f->site, f->lead, CASE_REF, "2027-02-10", "placement ended",
                                     NULL, async_got_result, &f->result);
  async_await_write (f, "family-discharged", vigil_site_discharge_family_finish);
  family = vigil_site_lookup_family (f->site, CASE_REF, &error);
  g_assert_cmpstr (vigil_family_get_discharged_on (family), ==, "2027-02-10");

  vigil_site_deactivate_staff_async (f->site, f->manager, "owen", "left the centre", NULL, async_got_result, &f->result);
  async_await_write (f, "staff-deactivated", vigil_site_deactivate_staff_finish);
  owen = vigil_site_lookup_staff (f->site, "owen", &error);
  g_assert_false (vigil_staff_get_active (owen));
}

static void
step_audit (AsyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) verified = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 checked = -1;

  vigil_site_verify_audit_async (f->site, NULL, async_got_result, &f->result);
  verified = async_await_call (f, NULL);
  g_assert_true (vigil_site_verify_audit_finish (f->site, verified, &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, f->audit_len);

  vigil_site_list_audit_async (f->site, 0, NULL, async_got_result, &f->result);
  listed = async_await_call (f, NULL);
  entries = vigil_site_list_audit_finish (f->site, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, f->audit_len);
}

static void
test_every_call (AsyncFixture *f,
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
  step_exports (f);
  step_discharge_and_deactivate (f);
  step_audit (f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  main_loop = g_main_loop_new (NULL, FALSE);

  g_test_add ("/site-async/every-call", AsyncFixture, NULL, async_fixture_set_up, test_every_call, async_fixture_tear_down);

  status = g_test_run ();
  g_main_loop_unref (main_loop);
  return status;
}
