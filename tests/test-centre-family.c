/* test-centre-family.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "centre-fixture.h"
#include "vigil-camera-private.h"
#include "vigil-family-private.h"
#include "vigil-window-private.h"

/* How closely a family is watched over time, on a real site: stage changes
 * (now, scheduled, going back, replaced, cancelled), observation windows and
 * safeguarding overrides, with their refusals and audit entries. */

/* Stage changes */

static VigilFamilyState
state_at (Centre     *centre,
          const char *case_ref,
          gint64      at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vigil_site_list_stage_changes (centre->site, case_ref, &error);

  g_assert_no_error (error);
  return vigil_stage_change_list_state_at (changes, at);
}

static void
test_stage_changes (Centre        *centre,
                    gconstpointer  data)
{
  g_autoptr(VigilStageChange) up = NULL;
  g_autoptr(VigilStageChange) later = NULL;
  g_autoptr(VigilStageChange) back = NULL;
  g_autoptr(VigilStageChange) off = NULL;
  g_autoptr(GPtrArray) replaced = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  GError *refusal = NULL;
  gint64 friday = vigil_test_instant ("2027-02-12T18:00:00Z");
  gint64 next_friday = vigil_test_instant ("2027-02-19T18:00:00Z");

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, "2027-01-04");

  /* Refusals, none of which writes anything. */
  take_snapshot (centre, &before);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_3, 0,
                                       "going well", NULL, NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "evidence reference");
  g_clear_error (&refusal);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_2, 0,
                                       "no change", "PU", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "already at stage 2");
  g_clear_error (&refusal);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_3,
                                       centre->now - G_USEC_PER_SEC, "late", "PU", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "in the past");
  g_clear_error (&refusal);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_3, 0,
                                       "  ", "PU", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "reason is required");
  g_clear_error (&refusal);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "LA-9", VIGIL_STATE_STAGE_3, 0,
                                       "x", "PU", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_NOT_FOUND, "LA-9");
  g_clear_error (&refusal);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_NONE, 0,
                                       "x", "PU", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "stage 1, 2, 3 or 4, or off");
  g_clear_error (&refusal);

  /* Scheduled for Friday evening, with its evidence. */
  up = vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_3, friday,
                             "good progress", "Weekly Placement Update 2027-02-09", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_stage_change_get_from_state (up), ==, VIGIL_STATE_STAGE_2);
  g_assert_cmpint (vigil_stage_change_get_to_state (up), ==, VIGIL_STATE_STAGE_3);
  g_assert_cmpint (vigil_stage_change_get_effective_at (up), ==, friday);
  g_assert_cmpint (vigil_stage_change_get_recorded_at (up), ==, centre->now);
  g_assert_true (vigil_stage_change_is_pending (up, centre->now));
  assert_last_audit (centre->site, TEAM_LEAD, "stage-change-scheduled", "family:LA-1", "good progress");
  g_assert_cmpint (state_at (centre, "LA-1", centre->now), ==, VIGIL_STATE_STAGE_2);
  g_assert_cmpint (state_at (centre, "LA-1", friday - 1), ==, VIGIL_STATE_STAGE_2);
  g_assert_cmpint (state_at (centre, "LA-1", friday), ==, VIGIL_STATE_STAGE_3);

  /* Planned on top of it: stage 4 the week after (from stage 3 then). */
  later = vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_4, next_friday,
                                "still going well", "Family Risk Assessment 2", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_stage_change_get_from_state (later), ==, VIGIL_STATE_STAGE_3);

  /* A concern on Wednesday: back to stage 1 at once, with no evidence needed.
   * It replaces both plans. */
  set_now (centre, "2027-02-10T21:30:00Z");
  back = vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_1, 0,
                               "bruise seen at bath time", NULL, &replaced, &error);
  g_assert_no_error (error);
  /* The call says which plans it replaced, as they now stand. */
  g_assert_cmpuint (replaced->len, ==, 2);
  g_assert_cmpint (vigil_stage_change_get_id (g_ptr_array_index (replaced, 0)), ==, vigil_stage_change_get_id (up));
  g_assert_cmpint (vigil_stage_change_get_id (g_ptr_array_index (replaced, 1)), ==, vigil_stage_change_get_id (later));
  for (guint i = 0; i < replaced->len; i++)
    {
      g_assert_cmpint (vigil_stage_change_get_cancelled_at (g_ptr_array_index (replaced, i)), ==, centre->now);
      g_assert_cmpstr (vigil_stage_change_get_cancelled_by (g_ptr_array_index (replaced, i)), ==, TEAM_LEAD);
    }
  {
    g_autoptr(VigilAuditEntry) cancelled = audit_entry_from_end (centre->site, 1);
    /* The trail's reason is a record: plain English, naming the decision. */
    g_assert_cmpstr (vigil_audit_entry_get_reason (cancelled), ==,
                     "replaced by a later decision: bruise seen at bath time");
    g_assert_nonnull (strstr (vigil_audit_entry_get_detail (cancelled), " to=4 "));
  }
  g_assert_cmpint (vigil_stage_change_get_from_state (back), ==, VIGIL_STATE_STAGE_2);
  g_assert_cmpint (vigil_stage_change_get_effective_at (back), ==, centre->now);
  assert_last_audit (centre->site, TEAM_LEAD, "stage-changed", "family:LA-1", "bruise seen at bath time");
  {
    g_autoptr(VigilAuditEntry) cancelled = audit_entry_from_end (centre->site, 1);
    g_assert_cmpstr (vigil_audit_entry_get_action (cancelled), ==, "stage-change-cancelled");
  }
  g_assert_cmpint (state_at (centre, "LA-1", friday), ==, VIGIL_STATE_STAGE_1);
  g_assert_cmpint (state_at (centre, "LA-1", next_friday), ==, VIGIL_STATE_STAGE_1);

  /* Later, off from a stated time; then that plan is cancelled by hand. */
  off = vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_OFF, next_friday,
                              "end of assessment", "Final report", NULL, &error);
  g_assert_no_error (error);
  take_snapshot (centre, &before);
  g_assert_false (vigil_site_cancel_stage_change (centre->site, centre->lead, "LA-1",
                                                  vigil_stage_change_get_id (back), "oops", &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "already taken effect");
  g_clear_error (&refusal);
  g_assert_false (vigil_site_cancel_stage_change (centre->site, centre->lead, "LA-1",
                                                  vigil_stage_change_get_id (up), "oops", &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "already cancelled");
  g_clear_error (&refusal);
  g_assert_true (vigil_site_cancel_stage_change (centre->site, centre->lead, "LA-1",
                                                 vigil_stage_change_get_id (off), "report delayed", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "stage-change-cancelled", "family:LA-1", "report delayed");
  g_assert_cmpint (state_at (centre, "LA-1", next_friday), ==, VIGIL_STATE_STAGE_1);

  /* The whole history, in effective order, cancelled ones included, each
   * with who, why and on what evidence. */
  changes = vigil_site_list_stage_changes (centre->site, "LA-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 5);
  {
    struct {
      VigilFamilyState from, to;
      gboolean         cancelled;
      const char      *evidence;
    } expected[] = {
      { VIGIL_STATE_NONE, VIGIL_STATE_STAGE_2, FALSE, "" },
      { VIGIL_STATE_STAGE_2, VIGIL_STATE_STAGE_1, FALSE, "" },
      { VIGIL_STATE_STAGE_2, VIGIL_STATE_STAGE_3, TRUE, "Weekly Placement Update 2027-02-09" },
      { VIGIL_STATE_STAGE_3, VIGIL_STATE_STAGE_4, TRUE, "Family Risk Assessment 2" },
      { VIGIL_STATE_STAGE_1, VIGIL_STATE_OFF, TRUE, "Final report" },
    };
    for (guint i = 0; i < changes->len; i++)
      {
        VigilStageChange *change = g_ptr_array_index (changes, i);
        g_assert_cmpint (vigil_stage_change_get_from_state (change), ==, expected[i].from);
        g_assert_cmpint (vigil_stage_change_get_to_state (change), ==, expected[i].to);
        g_assert_cmpint (vigil_stage_change_get_cancelled_at (change) != 0, ==, expected[i].cancelled);
        g_assert_cmpstr (vigil_stage_change_get_evidence (change), ==, expected[i].evidence);
        g_assert_cmpstr (vigil_stage_change_get_changed_by (change), ==, TEAM_LEAD);
      }
  }
}

/* Windows */

static void
test_window_parsing (void)
{
  struct {
    const char *text;
    guint       days;
  } good_days[] = {
    { "mon,tue", VIGIL_DAY_MONDAY | VIGIL_DAY_TUESDAY },
    { "Mon-Fri", 0x1f },
    { "fri-mon", VIGIL_DAY_FRIDAY | VIGIL_DAY_SATURDAY | VIGIL_DAY_SUNDAY | VIGIL_DAY_MONDAY },
    { "sunday", VIGIL_DAY_SUNDAY },
    { "daily", 0x7f },
    { "sat, sun", VIGIL_DAY_SATURDAY | VIGIL_DAY_SUNDAY },
  };
  const char *bad_days[] = { "", "funday", "mon,,tue", "mon-", "mon-tue-wed", "1" };
  struct {
    const char *text;
    guint       minute;
  } good_times[] = { { "00:00", 0 }, { "7:05", 425 }, { "23:59", 1439 }, { "19:30", 1170 } };
  const char *bad_times[] = { "24:00", "12:60", "1230", "12:3", "-1:00", "12:30:00", "ab:cd", "" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good_days); i++)
    {
      VigilDays days = 0;
      g_assert_true (vigil_window_parse_days (good_days[i].text, &days, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (days, ==, good_days[i].days);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      VigilDays days = 0;
      g_assert_false (vigil_window_parse_days (bad_days[i], &days, &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good_times); i++)
    {
      guint minute = 0;
      g_autofree char *back = NULL;
      g_assert_true (vigil_window_parse_time (good_times[i].text, &minute, &error));
      g_assert_cmpuint (minute, ==, good_times[i].minute);
      back = vigil_window_format_minute (minute);
      g_assert_cmpuint (strlen (back), ==, 5);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_times); i++)
    {
      guint minute = 0;
      g_assert_false (vigil_window_parse_time (bad_times[i], &minute, &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_clear_error (&error);
    }

  {
    g_autofree char *text = vigil_window_days_to_string (VIGIL_DAY_MONDAY | VIGIL_DAY_FRIDAY);
    g_assert_cmpstr (text, ==, "mon,fri");
  }
}

static void
test_windows (Centre        *centre,
              gconstpointer  data)
{
  struct {
    VigilDays   days;
    const char *date;
    guint       start, end;
    const char *purpose;
    const char *needle;
  } bad[] = {
    { VIGIL_DAY_MONDAY, "2027-02-12", 60, 120, "x", "exactly one" },
    { 0, NULL, 60, 120, "x", "exactly one" },
    { 0, "2027-02-09", 60, 120, "x", "in the past" },
    { 0, "2027-02-30", 60, 120, "x", "malformed date" },
    { VIGIL_DAY_MONDAY, NULL, 1440, 60, "x", "00:00 to 23:59" },
    { VIGIL_DAY_MONDAY, NULL, 60, 120, "", "purpose is required" },
  };
  g_autoptr(VigilWindow) weekly = NULL;
  g_autoptr(VigilWindow) once = NULL;
  g_autoptr(GPtrArray) standing = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  GError *refusal = NULL;

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, "2027-01-04");

  take_snapshot (centre, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VigilWindow) window = vigil_window_new (bad[i].days, bad[i].date, bad[i].start, bad[i].end,
                                                        FALSE, bad[i].purpose);

      g_test_message ("window case %u: %s", i, bad[i].needle);
      g_assert_null (vigil_site_add_window (centre->site, centre->lead, "LA-1", window, &refusal));
      assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, bad[i].needle);
      g_clear_error (&refusal);
    }

  /* Set up ahead of stage 3: a weekday bedtime window with audio, and a
   * one-off check-in today that runs past midnight. */
  weekly = add_window (centre, "LA-1", vigil_window_new (0x1f, NULL, 19 * 60, 20 * 60 + 30, TRUE, "bedtime routine"));
  assert_last_audit (centre->site, TEAM_LEAD, "window-added", "family:LA-1", "bedtime routine");
  once = add_window (centre, "LA-1", vigil_window_new (0, "2027-02-10", 23 * 60, 60, FALSE, "check-in"));
  g_assert_true (vigil_window_get_past_midnight (once));
  g_assert_cmpstr (vigil_window_get_date (once), ==, "2027-02-10");
  g_assert_cmpuint (vigil_window_get_days (once), ==, 0);
  g_assert_cmpuint (vigil_window_get_days (weekly), ==, 0x1f);
  g_assert_cmpuint (vigil_window_get_start_minute (weekly), ==, 1140);
  g_assert_cmpuint (vigil_window_get_end_minute (weekly), ==, 1230);
  g_assert_true (vigil_window_get_audio (weekly));
  g_assert_cmpstr (vigil_window_get_created_by (weekly), ==, TEAM_LEAD);
  g_assert_cmpint (vigil_window_get_created_at (weekly), ==, centre->now);
  g_assert_cmpint (vigil_window_get_removed_at (weekly), ==, 0);

  /* Removal marks the window; it stays for the policy's past. */
  set_now (centre, "2027-02-11T09:00:00Z");
  g_assert_true (vigil_site_remove_window (centre->site, centre->lead, vigil_window_get_id (weekly),
                                           "new routine", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "window-removed", "family:LA-1", "new routine");

  take_snapshot (centre, &before);
  g_assert_false (vigil_site_remove_window (centre->site, centre->lead, vigil_window_get_id (weekly), NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "already removed");
  g_clear_error (&refusal);
  g_assert_false (vigil_site_remove_window (centre->site, centre->lead, 999, NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_NOT_FOUND, "999");
  g_clear_error (&refusal);

  standing = vigil_site_list_windows (centre->site, "LA-1", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (standing->len, ==, 1);
  all = vigil_store_windows_list (vigil_site_get_store (centre->site), vigil_window_get_family_id (once), TRUE, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpint (vigil_window_get_removed_at (g_ptr_array_index (all, 0)), ==, centre->now);
  g_assert_cmpstr (vigil_window_get_removed_by (g_ptr_array_index (all, 0)), ==, TEAM_LEAD);
}

/* An end equal to the start runs past midnight to the same time the next
 * day (DESIGN.md: an end not after the start runs into the next day): a
 * window of 24 hours, allowed and honoured by the policy. */
static void
test_whole_day_window (Centre        *centre,
                       gconstpointer  data)
{
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    const char *at;
    gboolean    record;
    const char *next_change;
  } expected[] = {
    { "2027-02-15T21:59:59Z", FALSE, "2027-02-15T22:00:00Z" },
    { "2027-02-15T22:00:00Z", TRUE, "2027-02-16T22:00:00Z" },
    { "2027-02-16T12:00:00Z", TRUE, "2027-02-16T22:00:00Z" },
    { "2027-02-16T22:00:00Z", FALSE, "2027-02-22T22:00:00Z" },
  };

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_3, "2027-01-04");
  window = add_window (centre, "LA-1", vigil_window_new (VIGIL_DAY_MONDAY, NULL, 22 * 60, 22 * 60, FALSE,
                                                         "weekly review"));
  g_assert_true (vigil_window_get_past_midnight (window));
  entry = audit_entry_from_end (centre->site, 0);
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), " when=mon 22:00–22:00 audio=no "));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(VigilPolicyDecision) decision = { 0 };

      g_assert_true (vigil_site_explain_family (centre->site, "LA-1", vigil_test_instant (expected[i].at), &decision, &error));
      g_assert_no_error (error);
      g_test_message ("at %s: %s", expected[i].at, decision.basis);
      g_assert_cmpint (decision.record, ==, expected[i].record);
      g_assert_cmpint (decision.next_change, ==, vigil_test_instant (expected[i].next_change));
    }
}

/* Agreements */

static void
explain_at (Centre              *centre,
            const char          *at,
            VigilPolicyDecision *decision)
{
  g_autoptr(GError) error = NULL;

  vigil_policy_decision_clear (decision);
  g_assert_true (vigil_site_explain_family (centre->site, "LA-1", vigil_test_instant (at), decision, &error));
  g_assert_no_error (error);
  g_test_message ("at %s: %s", at, decision->basis);
}

/* A new agreement replaces the last from its signed date on: what the rules
 * said before it stays as it was. One dated before the latest is refused. */
static void
test_agreement_history (Centre        *centre,
                        gconstpointer  data)
{
  g_auto(VigilPolicyDecision) decision = { 0 };
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  GError *refusal = NULL;

  /* Stage 1 since 2027-01-05, agreement with audio signed 2027-01-04. */
  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_1, "2027-01-04");
  explain_at (centre, "2027-01-20T12:00:00Z", &decision);
  g_assert_true (decision.record);
  g_assert_true (decision.record_audio);
  g_assert_cmpint (decision.next_change, ==, 0);

  /* A new one without audio, signed 2027-02-01. */
  g_assert_true (vigil_site_record_agreement (centre->site, centre->lead, "LA-1", "2027-02-01", FALSE, 0,
                                              "audio withdrawn", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "family-agreement-recorded", "family:LA-1", "audio withdrawn");

  /* Last month's answer is unchanged, up to local midnight of the new date. */
  explain_at (centre, "2027-01-20T12:00:00Z", &decision);
  g_assert_true (decision.record);
  g_assert_true (decision.record_audio);
  g_assert_cmpint (decision.live_view, ==, VIGIL_LIVE_VIEW_ALLOWED);
  g_assert_cmpint (decision.next_change, ==, vigil_test_instant ("2027-02-01T00:00:00Z"));
  explain_at (centre, "2027-01-31T23:59:59Z", &decision);
  g_assert_true (decision.record_audio);
  explain_at (centre, "2027-02-01T00:00:00Z", &decision);
  g_assert_true (decision.record);
  g_assert_false (decision.record_audio);
  g_assert_cmpint (decision.next_change, ==, 0);
  explain_at (centre, "2027-02-10T12:00:00Z", &decision);
  g_assert_true (decision.record);
  g_assert_false (decision.record_audio);
  /* Before admission (and the first agreement): nothing. */
  explain_at (centre, "2027-01-03T12:00:00Z", &decision);
  g_assert_false (decision.record);

  /* The families columns hold the current one; the history holds both. */
  family = vigil_site_lookup_family (centre->site, "LA-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_family_get_agreement_signed_on (family), ==, "2027-02-01");
  g_assert_false (vigil_family_get_agreement_covers_audio (family));
  history = vigil_store_agreements_list (vigil_site_get_store (centre->site), vigil_family_get_id (family), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (g_array_index (history, VigilStoreAgreement, 0).signed_on, ==, "2027-01-04");
  g_assert_true (g_array_index (history, VigilStoreAgreement, 0).covers_audio);
  g_assert_cmpstr (g_array_index (history, VigilStoreAgreement, 1).signed_on, ==, "2027-02-01");
  g_assert_false (g_array_index (history, VigilStoreAgreement, 1).covers_audio);
  g_assert_cmpuint (g_array_index (history, VigilStoreAgreement, 1).retention_days, ==,
                    vigil_family_get_retention_days (family));
  g_assert_cmpstr (g_array_index (history, VigilStoreAgreement, 1).recorded_by, ==, TEAM_LEAD);
  g_assert_cmpint (g_array_index (history, VigilStoreAgreement, 1).recorded_at, ==, centre->now);

  /* Dated before the latest: refused, nothing written. */
  take_snapshot (centre, &before);
  g_assert_false (vigil_site_record_agreement (centre->site, centre->lead, "LA-1", "2027-01-15", TRUE, 0,
                                               "backdated", &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "before the latest agreement");
  g_clear_error (&refusal);
  explain_at (centre, "2027-01-20T12:00:00Z", &decision);
  g_assert_true (decision.record_audio);
  explain_at (centre, "2027-02-05T12:00:00Z", &decision);
  g_assert_false (decision.record_audio);

  /* The same date is allowed: the later record holds from that date. */
  g_assert_true (vigil_site_record_agreement (centre->site, centre->lead, "LA-1", "2027-02-01", TRUE, 0,
                                              "audio agreed after all", &error));
  g_assert_no_error (error);
  explain_at (centre, "2027-02-05T12:00:00Z", &decision);
  g_assert_true (decision.record_audio);
  explain_at (centre, "2027-01-20T12:00:00Z", &decision);
  g_assert_true (decision.record_audio);
  g_assert_cmpint (decision.next_change, ==, 0);
}

/* Overrides */

static void
test_overrides (Centre        *centre,
                gconstpointer  data)
{
  g_autoptr(VigilOverride) first = NULL;
  g_autoptr(VigilOverride) renewal = NULL;
  g_autoptr(VigilOverride) longest = NULL;
  g_autoptr(VigilOverride) running = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  GError *refusal = NULL;

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_4, "2027-01-04");

  take_snapshot (centre, &before);
  g_assert_null (vigil_site_start_override (centre->site, centre->lead, "LA-1", "concern", 73, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "at most 72 hours");
  g_clear_error (&refusal);
  g_assert_null (vigil_site_start_override (centre->site, centre->lead, "LA-1", "", 0, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "rationale is required");
  g_clear_error (&refusal);
  g_assert_false (vigil_site_end_override (centre->site, centre->lead, "LA-1", "nothing to end", &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "no safeguarding override is running");
  g_clear_error (&refusal);

  /* 24 hours unless set shorter. */
  first = vigil_site_start_override (centre->site, centre->lead, "LA-1", "unexplained bruise", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_override_get_started_at (first), ==, centre->now);
  g_assert_cmpint (vigil_override_get_expires_at (first), ==, centre->now + 24 * G_TIME_SPAN_HOUR);
  g_assert_cmpstr (vigil_override_get_started_by (first), ==, TEAM_LEAD);
  g_assert_cmpint (vigil_override_get_renews (first), ==, 0);
  assert_last_audit (centre->site, TEAM_LEAD, "override-started", "family:LA-1", "unexplained bruise");

  /* Renewal needs new words. */
  set_now (centre, "2027-02-11T08:00:00Z");
  take_snapshot (centre, &before);
  g_assert_null (vigil_site_start_override (centre->site, centre->lead, "LA-1", " Unexplained BRUISE ", 0, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "needs a new rationale");
  g_clear_error (&refusal);

  renewal = vigil_site_start_override (centre->site, centre->lead, "LA-1",
                                       "second bruise found at morning check", 6, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_override_get_renews (renewal), ==, vigil_override_get_id (first));
  g_assert_cmpint (vigil_override_get_expires_at (renewal), ==, centre->now + 6 * G_TIME_SPAN_HOUR);
  assert_last_audit (centre->site, TEAM_LEAD, "override-renewed", "family:LA-1", "second bruise found at morning check");

  overrides = vigil_site_list_overrides (centre->site, "LA-1", &error);
  g_assert_cmpuint (overrides->len, ==, 2);
  {
    VigilOverride *old = g_ptr_array_index (overrides, 0);
    g_assert_cmpint (vigil_override_get_ended_at (old), ==, centre->now);
    g_assert_cmpstr (vigil_override_get_end_reason (old), ==, "renewed");
    g_assert_cmpstr (vigil_override_get_ended_by (old), ==, TEAM_LEAD);
    g_assert_cmpint (vigil_override_get_end (old), ==, centre->now);
    g_assert_false (vigil_override_is_running (old, centre->now));
  }

  /* Ended early, by whom and why. */
  set_now (centre, "2027-02-11T10:00:00Z");
  g_assert_true (vigil_site_end_override (centre->site, centre->lead, "LA-1", "explained by GP", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "override-ended", "family:LA-1", "explained by GP");
  running = vigil_site_get_running_override (centre->site, "LA-1", &error);
  g_assert_no_error (error);
  g_assert_null (running);

  /* The longest allowed is 72 hours, and it expires on its own. */
  longest = vigil_site_start_override (centre->site, centre->lead, "LA-1", "court direction", 72, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_override_get_end (longest), ==, centre->now + 72 * G_TIME_SPAN_HOUR);
  g_assert_true (vigil_override_is_running (longest, centre->now + 72 * G_TIME_SPAN_HOUR - 1));
  g_assert_false (vigil_override_is_running (longest, centre->now + 72 * G_TIME_SPAN_HOUR));
  set_now (centre, "2027-02-14T10:00:00Z");
  running = vigil_site_get_running_override (centre->site, "LA-1", &error);
  g_assert_null (running);
  /* An expired override is no renewal: the next one starts afresh. */
  g_assert_finalize_object (g_steal_pointer (&first));
  first = vigil_site_start_override (centre->site, centre->lead, "LA-1", "court direction", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_override_get_renews (first), ==, 0);
}

/* Records are snapshots, but a property that changes says so, once, and
 * only when it really changes (G_PARAM_EXPLICIT_NOTIFY). */
static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  GString *seen = data;

  g_string_append_printf (seen, "%s;", g_param_spec_get_name (pspec));
}

static void
test_notify (void)
{
  g_autoptr(VigilFamily) family = vigil_family_new ("LA-1", "AB", "Room 1", "2027-01-05");
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Lounge", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", NULL, FALSE);
  g_autoptr(VigilWindow) window = vigil_window_new (VIGIL_DAY_MONDAY, NULL, 60, 120, FALSE, "check-in");
  g_autoptr(GString) seen = g_string_new (NULL);

  g_signal_connect (family, "notify", G_CALLBACK (count_notify), seen);
  g_signal_connect (camera, "notify", G_CALLBACK (count_notify), seen);
  g_signal_connect (window, "notify", G_CALLBACK (count_notify), seen);

  vigil_family_set_stored (family, 7, NULL, 1);
  vigil_family_set_stored (family, 7, "2027-02-01", 1);
  vigil_family_set_stored (family, 7, "2027-02-01", 1);
  vigil_family_set_retention_days (family, 31);
  vigil_family_set_retention_days (family, 31);
  g_assert_cmpstr (seen->str, ==, "id;discharged-on;retention-days;");

  g_string_truncate (seen, 0);
  vigil_camera_set_stored (camera, 3, TRUE, 1);
  vigil_camera_set_stored (camera, 3, FALSE, 1);
  vigil_camera_set_stored (camera, 3, FALSE, 1);
  g_assert_cmpstr (seen->str, ==, "id;enabled;");

  g_string_truncate (seen, 0);
  vigil_window_set_stored (window, 5, 7, "terry", 1, 0, NULL);
  vigil_window_set_stored (window, 5, 7, "terry", 1, 9, "terry");
  g_assert_cmpstr (seen->str, ==, "id;removed-at;");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Each acts as the team lead only. */
#define ADD(path, func) \
  g_test_add (path, Centre, CENTRE_LOGINS (CENTRE_LEAD), centre_setup, func, centre_teardown)
  ADD ("/centre/stages", test_stage_changes);
  ADD ("/centre/windows", test_windows);
  ADD ("/centre/windows/whole-day", test_whole_day_window);
  ADD ("/centre/overrides", test_overrides);
  ADD ("/centre/agreements/history", test_agreement_history);
#undef ADD
  g_test_add_func ("/centre/windows/parsing", test_window_parsing);
  g_test_add_func ("/centre/objects/notify", test_notify);

  return g_test_run ();
}
