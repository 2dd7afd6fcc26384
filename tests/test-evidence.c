/* test-evidence.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-evidence"

#include "config.h"

#include <string.h>

#include "recordings-fixture.h"

/* Reviews and court bundle exports in the core, on a real site: who may
 * look at footage and why, and an export that needs a second team lead or
 * manager before it can run. Each refusal leaves the file as it was but
 * for the entry that records it. */

#define FROM "2027-02-10T10:00:00Z"
#define TO   "2027-02-10T10:05:00Z"

static gint64
count (Centre     *c,
       const char *sql)
{
  return vigil_test_raw_int (c->dir, sql);
}

/* The database refuses @sql, whoever runs it. */
static void
assert_raw_refused (Centre     *c,
                    const char *sql)
{
  g_autofree char *refusal = vigil_test_raw_try (c->dir, sql);

  g_assert_nonnull (refusal);
}

static VigilExport *
request (Centre       *c,
         VigilSession *session,
         GError      **error)
{
  const char *cameras[] = { COT, HALL, NULL };

  return vigil_site_request_export (c->site, session, cameras, vigil_test_instant (FROM), vigil_test_instant (TO),
                                    FAMILY, "JS/1", "care proceedings: the night of 10 February", error);
}

/* A team lead asks; they may not approve their own; nothing runs before a
 * second team lead or manager approves, and approving holds the footage. */
static void
test_export_approval (Centre        *c,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilExport) export = NULL;
  g_autoptr(VigilExport) approved = NULL;
  g_autoptr(GPtrArray) holds = NULL;
  g_autofree char *before = NULL;
  gint64 id;

  export = request (c, c->lead, &error);
  g_assert_no_error (error);
  id = vigil_export_get_id (export);
  g_assert_cmpint (vigil_export_get_state (export), ==, VIGIL_EXPORT_REQUESTED);
  g_assert_cmpstr (vigil_export_get_cameras (export)[0], ==, COT);
  g_assert_cmpstr (vigil_export_get_cameras (export)[1], ==, HALL);
  g_assert_null (vigil_export_get_cameras (export)[2]);
  assert_last_audit (c->site, TEAM_LEAD, "export-requested", "export:1", "care proceedings: the night of 10 February");

  /* Not before approval. */
  take_snapshot (c, &before);
  g_assert_cmpint (vigil_site_begin_export_run (c->site, c->lead, id, &error), ==, 0);
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "before a second team lead or manager approves");
  g_clear_error (&error);

  /* Not by the one who asked: refused, and the refusal kept. */
  g_assert_null (vigil_site_approve_export (c->site, c->lead, id, "looks right", "2027-06-30", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "second team lead or manager"));
  g_clear_error (&error);
  assert_last_audit (c->site, TEAM_LEAD, "permission-refused", "second-approver",
                     "the requester may not decide on their own export");
  g_assert_cmpint (count (c, "SELECT count(*) FROM exports WHERE state = 'requested'"), ==, 1);
  g_assert_cmpint (count (c, "SELECT count(*) FROM holds"), ==, 0);

  /* Not by an operator. */
  take_snapshot (c, &before);
  g_assert_null (vigil_site_approve_export (c->site, c->operator, id, "fine", "2027-06-30", &error));
  assert_permission_refused (c, before, error, OPERATOR, "export-footage");
  g_clear_error (&error);

  /* A manager approves: each camera's range is held to the date. */
  approved = vigil_site_approve_export (c->site, c->manager, id, "the court asked for it", "2027-06-30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_export_get_state (approved), ==, VIGIL_EXPORT_APPROVED);
  g_assert_cmpstr (vigil_export_get_decided_by (approved), ==, VIGIL_TEST_MANAGER);
  g_assert_cmpstr (vigil_export_get_hold_until (approved), ==, "2027-06-30");
  assert_last_audit (c->site, VIGIL_TEST_MANAGER, "export-approved", "export:1", "the court asked for it");
  holds = vigil_site_list_holds (c->site, &error);
  g_assert_cmpuint (holds->len, ==, 2);
  for (guint i = 0; i < holds->len; i++)
    {
      VigilHold *hold = g_ptr_array_index (holds, i);

      g_assert_cmpint (vigil_hold_get_from (hold), ==, vigil_test_instant (FROM));
      g_assert_cmpint (vigil_hold_get_to (hold), ==, vigil_test_instant (TO));
      g_assert_cmpstr (vigil_hold_get_until (hold), ==, "2027-06-30");
      g_assert_nonnull (strstr (vigil_hold_get_reason (hold), "export 1 (case ABC123, exhibit JS/1)"));
    }

  /* Decided once. */
  take_snapshot (c, &before);
  g_assert_null (vigil_site_refuse_export (c->site, c->manager, id, "changed my mind", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "already approved");
  g_clear_error (&error);

  /* The database holds it whoever writes. */
  assert_raw_refused (c, "UPDATE exports SET state = 'refused' WHERE id = 1");
  assert_raw_refused (c, "DELETE FROM exports");
  assert_raw_refused (c, "UPDATE export_cameras SET camera_id = 1");
}

/* The requester approving is refused by the database itself too; a
 * refusal ends a request; a bad request writes nothing. */
static void
test_export_refusals (Centre        *c,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilExport) export = NULL;
  g_autoptr(VigilExport) refused = NULL;
  g_autofree char *before = snapshot (c);
  const char *cameras[] = { COT, NULL };
  const char *unknown[] = { "Garden", NULL };
  const char *none[] = { NULL };
  gint64 from = vigil_test_instant (FROM);
  gint64 to = vigil_test_instant (TO);

  g_assert_null (vigil_site_request_export (c->site, c->operator, cameras, from, to, FAMILY, "1", "why", &error));
  assert_permission_refused (c, before, error, OPERATOR, "export-footage");
  g_clear_error (&error);

  take_snapshot (c, &before);
  g_assert_null (vigil_site_request_export (c->site, c->lead, none, from, to, FAMILY, "1", "why", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "at least one camera");
  g_clear_error (&error);
  g_assert_null (vigil_site_request_export (c->site, c->lead, unknown, from, to, FAMILY, "1", "why", &error));
  assert_refused (c, before, error, VIGIL_ERROR_NOT_FOUND, "Garden");
  g_clear_error (&error);
  g_assert_null (vigil_site_request_export (c->site, c->lead, cameras, from, to, "ZZZ999", "1", "why", &error));
  assert_refused (c, before, error, VIGIL_ERROR_NOT_FOUND, "ZZZ999");
  g_clear_error (&error);
  g_assert_null (vigil_site_request_export (c->site, c->lead, cameras, to, from, FAMILY, "1", "why", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "must end after it starts");
  g_clear_error (&error);
  g_assert_null (vigil_site_request_export (c->site, c->lead, cameras, from, vigil_test_instant ("2027-02-10T13:00:00Z"),
                                            FAMILY, "1", "why", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "has not come yet");
  g_clear_error (&error);
  g_assert_null (vigil_site_request_export (c->site, c->lead, cameras, from, to, FAMILY, "1", " ", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "purpose");
  g_clear_error (&error);

  export = vigil_site_request_export (c->site, c->lead, cameras, from, to, FAMILY, "1", "why", &error);
  g_assert_no_error (error);
  assert_raw_refused (c, "UPDATE exports SET state = 'approved', decided_by = '" TEAM_LEAD "',"
                                                " decided_at = 1, decision_reason = 'x', hold_until = '2027-06-30'");

  refused = vigil_site_refuse_export (c->site, c->manager, vigil_export_get_id (export), "no court order yet",
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_export_get_state (refused), ==, VIGIL_EXPORT_REFUSED);
  assert_last_audit (c->site, VIGIL_TEST_MANAGER, "export-refused", "export:1", "no court order yet");
  g_assert_cmpint (vigil_site_begin_export_run (c->site, c->lead, 1, &error), ==, 0);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_assert_cmpint (count (c, "SELECT count(*) FROM holds"), ==, 0);
}

/* A run is on the trail from its start to its end, written or not. */
static void
test_export_runs (Centre        *c,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilExport) export = request (c, c->lead, &error);
  g_autoptr(VigilExport) approved = NULL;
  g_autoptr(VigilExport) after = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  gint64 run;

  approved = vigil_site_approve_export (c->site, c->manager, 1, "ok", "2027-06-30", &error);
  g_assert_no_error (error);

  run = vigil_site_begin_export_run (c->site, c->lead, 1, &error);
  g_assert_no_error (error);
  assert_last_audit (c->site, TEAM_LEAD, "export-started", "export:1", "");
  g_assert_true (vigil_site_finish_export_run (c->site, c->lead, 1, run, NULL, NULL, "the disk is full\nreally",
                                               FALSE, &error));
  g_assert_no_error (error);
  assert_last_audit (c->site, TEAM_LEAD, "export-failed", "export:1", "the disk is full really");

  run = vigil_site_begin_export_run (c->site, c->lead, 1, &error);
  g_assert_true (vigil_site_finish_export_run (c->site, c->lead, 1, run, "ABC123-JS-1-export-1", SHA_A, NULL,
                                               FALSE, &error));
  g_assert_no_error (error);
  entry = audit_entry_from_end (c->site, 0);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "export-finished");
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "manifest-sha256=" SHA_A));
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "export=1 "));

  /* A finished run never changes. */
  g_assert_false (vigil_site_finish_export_run (c->site, c->lead, 1, run, NULL, NULL, "again", FALSE, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = vigil_site_get_export (c->site, c->lead, 1, &error);
  g_assert_cmpuint (vigil_export_get_times_written (after), ==, 1);
  g_assert_cmpstr (vigil_export_get_last_folder (after), ==, "ABC123-JS-1-export-1");
  g_assert_null (vigil_site_list_exports (c->site, c->operator, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
}

/* Reviewing: by role, or by a manager's designation, always with a reason;
 * the review is on the trail with its camera and range. */
static void
test_review (Centre        *c,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autofree char *before = NULL;
  gint64 from = vigil_test_instant (FROM);
  gint64 to = vigil_test_instant (TO);

  add_segment (c->site, COT, "Cot/2027-02-10/100000.mkv", "2027-02-10T10:00:00Z", 60, SHA_A);
  add_segment (c->site, COT, "Cot/2027-02-10/100100.mkv", "2027-02-10T10:01:00Z", 60, SHA_B);
  add_segment (c->site, COT, "Cot/2027-02-10/110000.mkv", "2027-02-10T11:00:00Z", 60, SHA_B);

  take_snapshot (c, &before);
  g_assert_null (vigil_site_open_review (c->site, c->operator, COT, from, to, "checking", &error));
  assert_permission_refused (c, before, error, OPERATOR, "review-footage");
  g_clear_error (&error);

  take_snapshot (c, &before);
  g_assert_null (vigil_site_open_review (c->site, c->lead, COT, from, to, "", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_assert_cmpint (count (c, "SELECT count(*) FROM audit WHERE action = 'cctv-review'"), ==, 0);

  segments = vigil_site_open_review (c->site, c->lead, COT, from, to, "fall reported at 10:02", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 2);
  entry = audit_entry_from_end (c->site, 0);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "cctv-review");
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "camera:" COT);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "fall reported at 10:02");
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "2027-02-10T10:00:00.000Z"));
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "2027-02-10T10:05:00.000Z"));
  g_clear_pointer (&segments, g_ptr_array_unref);

  /* Designated by a manager (only a manager), an operator may review. */
  g_assert_false (vigil_site_set_staff_reviewer (c->site, c->lead, OPERATOR, TRUE, "trained", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (vigil_site_set_staff_reviewer (c->site, c->manager, OPERATOR, TRUE, "review training done",
                                                &error));
  g_assert_no_error (error);
  assert_last_audit (c->site, VIGIL_TEST_MANAGER, "staff-reviewer-designated", "staff:" OPERATOR,
                     "review training done");
  segments = vigil_site_open_review (c->site, c->operator, COT, from, to, "night log check", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, 2);
  g_clear_pointer (&segments, g_ptr_array_unref);

  g_assert_true (vigil_site_set_staff_reviewer (c->site, c->manager, OPERATOR, FALSE, "left the team", &error));
  take_snapshot (c, &before);
  g_assert_null (vigil_site_open_review (c->site, c->operator, COT, from, to, "again", &error));
  assert_permission_refused (c, before, error, OPERATOR, "review-footage");
}

/* The item of @kind that starts at @start_iso (and ends at @end_iso), or
 * fails. */
static const VigilTimelineItem *
find_item (GArray            *items,
           VigilTimelineKind  kind,
           const char        *start_iso,
           const char        *end_iso)
{
  for (guint i = 0; i < items->len; i++)
    {
      const VigilTimelineItem *item = &g_array_index (items, VigilTimelineItem, i);

      if (item->kind == kind && item->start == vigil_test_instant (start_iso) &&
          item->end == vigil_test_instant (end_iso))
        return item;
    }
  g_error ("no timeline item of kind %d from %s to %s", kind, start_iso, end_iso);
}

static guint
count_kind (GArray            *items,
            VigilTimelineKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    n += g_array_index (items, VigilTimelineItem, i).kind == kind;
  return n;
}

/* A camera's timeline: footage, a gap with its cause, time not recorded up
 * to now, deleted footage, the family placed in the room, a note about the
 * period and a hold, each where it lies; for reviewers only, and never a
 * word on the trail for reading it. */
static void
test_timeline (Centre        *c,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(VigilHold) hold = NULL;
  g_autoptr(VigilNote) note = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const VigilTimelineItem *item;
  gint64 early;

  add_segment (c->site, COT, "Cot/2027-02-10/100000.mkv", "2027-02-10T10:00:00Z", 60, SHA_A);
  add_segment (c->site, COT, "Cot/2027-02-10/100100.mkv", "2027-02-10T10:01:00Z", 60, SHA_B);
  g_assert_true (vigil_site_add_gap (c->site, COT, vigil_test_instant ("2027-02-10T10:03:00Z"),
                                     vigil_test_instant ("2027-02-10T10:04:00Z"), VIGIL_GAP_CAMERA_OFFLINE,
                                     "no answer", &error));
  g_assert_no_error (error);
  /* Kept ten days under the second agreement: deleted by now. */
  early = add_segment (c->site, COT, "Cot/2027-01-25/100000.mkv", "2027-01-25T10:00:00Z", 60, SHA_A);
  g_assert_true (vigil_site_begin_deletion (c->site, early, c->now, &error));
  g_assert_true (vigil_site_finish_deletion (c->site, early, &error));
  g_assert_no_error (error);
  hold = vigil_site_add_hold (c->site, c->lead, COT, vigil_test_instant ("2027-02-10T10:00:30Z"),
                              vigil_test_instant ("2027-02-10T10:01:30Z"), "police request", "2027-03-01", &error);
  g_assert_no_error (error);
  note = vigil_site_add_note (c->site, c->lead, FAMILY, VIGIL_NOTE_KIND_REVIEW, vigil_test_instant (FROM),
                              vigil_test_instant (TO), "the fall at 10:02 is not in the footage", &error);
  g_assert_no_error (error);
  set_now (c, "2027-02-10T10:30:00Z");

  take_snapshot (c, &before);
  g_assert_null (vigil_site_camera_timeline (c->site, c->operator, COT, vigil_test_instant (FROM),
                                             vigil_test_instant (TO), &error));
  assert_permission_refused (c, before, error, OPERATOR, "review-footage");
  g_clear_error (&error);
  g_assert_null (vigil_site_camera_timeline (c->site, c->lead, COT, vigil_test_instant ("2027-02-01T00:00:00Z"),
                                             vigil_test_instant ("2027-02-10T00:00:00Z"), &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_clear_error (&error);

  take_snapshot (c, &before);
  items = vigil_site_camera_timeline (c->site, c->lead, COT, vigil_test_instant ("2027-02-10T09:59:00Z"),
                                      vigil_test_instant ("2027-02-10T11:00:00Z"), &error);
  g_assert_no_error (error);
  after = snapshot (c);
  g_assert_cmpstr (after, ==, before);

  item = find_item (items, VIGIL_TIMELINE_RECORDING, "2027-02-10T10:00:00Z", "2027-02-10T10:00:59.960Z");
  g_assert_false (item->audio);
  find_item (items, VIGIL_TIMELINE_RECORDING, "2027-02-10T10:01:00Z", "2027-02-10T10:01:59.960Z");
  item = find_item (items, VIGIL_TIMELINE_GAP, "2027-02-10T10:03:00Z", "2027-02-10T10:04:00Z");
  g_assert_cmpstr (item->label, ==, "camera-offline: no answer");
  /* What nothing accounts for is not recorded, up to now and no further. */
  find_item (items, VIGIL_TIMELINE_NOT_RECORDED, "2027-02-10T09:59:00Z", "2027-02-10T10:00:00Z");
  find_item (items, VIGIL_TIMELINE_NOT_RECORDED, "2027-02-10T10:01:59.960Z", "2027-02-10T10:03:00Z");
  find_item (items, VIGIL_TIMELINE_NOT_RECORDED, "2027-02-10T10:04:00Z", "2027-02-10T10:30:00Z");
  /* The 40 ms between one segment's last frame and the next's first is
   * not a stretch unrecorded. */
  g_assert_cmpuint (count_kind (items, VIGIL_TIMELINE_NOT_RECORDED), ==, 3);
  item = find_item (items, VIGIL_TIMELINE_PLACEMENT, "2027-02-10T09:59:00Z", "2027-02-10T11:00:00Z");
  g_assert_cmpstr (item->case_ref, ==, FAMILY);
  item = find_item (items, VIGIL_TIMELINE_NOTE, FROM, TO);
  g_assert_cmpint (item->id, ==, vigil_note_get_id (note));
  g_assert_cmpstr (item->label, ==, "review note by " TEAM_LEAD);
  item = find_item (items, VIGIL_TIMELINE_HOLD, "2027-02-10T10:00:30Z", "2027-02-10T10:01:30Z");
  g_assert_cmpint (item->id, ==, vigil_hold_get_id (hold));
  g_assert_nonnull (strstr (item->label, "police request (until 2027-03-01)"));
  g_assert_cmpuint (count_kind (items, VIGIL_TIMELINE_DELETED), ==, 0);
  for (guint i = 1; i < items->len; i++)
    g_assert_cmpint (g_array_index (items, VigilTimelineItem, i - 1).start, <=,
                     g_array_index (items, VigilTimelineItem, i).start);
  g_clear_pointer (&items, g_array_unref);

  /* Released, a hold leaves the timeline. */
  g_assert_true (vigil_site_release_hold (c->site, c->lead, vigil_hold_get_id (hold), "request withdrawn", &error));
  g_assert_no_error (error);
  items = vigil_site_camera_timeline (c->site, c->lead, COT, vigil_test_instant ("2027-02-10T09:59:00Z"),
                                      vigil_test_instant ("2027-02-10T11:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_kind (items, VIGIL_TIMELINE_HOLD), ==, 0);
  g_clear_pointer (&items, g_array_unref);

  /* Deleted footage is not "not recorded". */
  items = vigil_site_camera_timeline (c->site, c->lead, COT, vigil_test_instant ("2027-01-25T09:59:00Z"),
                                      vigil_test_instant ("2027-01-25T10:02:00Z"), &error);
  g_assert_no_error (error);
  item = find_item (items, VIGIL_TIMELINE_DELETED, "2027-01-25T10:00:00Z", "2027-01-25T10:00:59.960Z");
  g_assert_nonnull (item->label);
  find_item (items, VIGIL_TIMELINE_NOT_RECORDED, "2027-01-25T09:59:00Z", "2027-01-25T10:00:00Z");
  g_clear_pointer (&items, g_array_unref);

  /* The recorder stopped at 10:20 and has not run since: the time after
   * is said so (its gap is written when it starts again). */
  {
    g_autoptr(VigilRecorderStatus) status = vigil_recorder_status_new ();

    vigil_recorder_status_set_started_at (status, vigil_test_instant ("2027-02-10T09:00:00Z"));
    vigil_recorder_status_set_heartbeat_at (status, vigil_test_instant ("2027-02-10T10:19:59Z"));
    vigil_recorder_status_set_stopped_at (status, vigil_test_instant ("2027-02-10T10:20:00Z"));
    g_assert_true (vigil_site_report_recorder (c->site, status, &error));
    g_assert_no_error (error);
  }
  items = vigil_site_camera_timeline (c->site, c->lead, COT, vigil_test_instant ("2027-02-10T10:04:00Z"),
                                      vigil_test_instant ("2027-02-10T11:00:00Z"), &error);
  g_assert_no_error (error);
  item = find_item (items, VIGIL_TIMELINE_NOT_RECORDED, "2027-02-10T10:04:00Z", "2027-02-10T10:20:00Z");
  g_assert_null (item->label);
  item = find_item (items, VIGIL_TIMELINE_NOT_RECORDED, "2027-02-10T10:20:00Z", "2027-02-10T10:30:00Z");
  g_assert_cmpstr (item->label, ==, "the recorder is not running");
  g_clear_pointer (&items, g_array_unref);

  /* A communal camera looks into no family's room. */
  items = vigil_site_camera_timeline (c->site, c->lead, HALL, vigil_test_instant (FROM), vigil_test_instant (TO),
                                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_kind (items, VIGIL_TIMELINE_PLACEMENT), ==, 0);
  g_assert_cmpuint (count_kind (items, VIGIL_TIMELINE_NOTE), ==, 0);
  g_assert_cmpuint (items->len, ==, 1);
  find_item (items, VIGIL_TIMELINE_NOT_RECORDED, FROM, TO);
}

/* @token refused for @camera in [@from, @to), saying @why, and the
 * refusal on the trail as @actor's, naming the camera asked for. */
static void
refuse_token (Centre     *c,
              const char *token,
              const char *camera,
              gint64      from,
              gint64      to,
              const char *actor,
              const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  g_autofree char *object = g_strdup_printf ("camera:%s", camera);

  g_assert_false (vigil_site_redeem_footage_token (c->site, token, camera, from, to, &who, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  if (strstr (error->message, why) == NULL)
    g_error ("“%s” does not say “%s”", error->message, why);
  g_assert_null (who);
  assert_last_audit (c->site, actor, "footage-token-refused", object, NULL);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The token a reviewer gets for reading a camera's footage from the
 * recorder's machine: only for a reviewer, only for its camera and range,
 * only for minutes, and only while its member may still review; each
 * refusal is on the trail, and the store keeps no usable token. */
static void
test_footage_tokens (Centre        *c,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autofree char *before = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  g_autofree char *who = NULL;
  g_autofree char *sql = NULL;
  gint64 from = vigil_test_instant (FROM);
  gint64 to = vigil_test_instant (TO);
  gint64 expires = 0;

  set_now (c, "2027-02-10T12:00:00Z");

  /* Only for a reviewer, and only for a range. */
  take_snapshot (c, &before);
  g_assert_null (vigil_site_grant_footage_token (c->site, c->operator, COT, from, to, NULL, &error));
  assert_permission_refused (c, before, error, OPERATOR, "review-footage");
  g_clear_error (&error);
  take_snapshot (c, &before);
  g_assert_null (vigil_site_grant_footage_token (c->site, c->lead, COT, to, from, NULL, &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "start comes before its end");
  g_clear_error (&error);

  token = vigil_site_grant_footage_token (c->site, c->lead, COT, from, to, &expires, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpuint (strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), ==, 43);
  g_assert_cmpint (expires, ==, c->now + VIGIL_FOOTAGE_TOKEN_SECONDS * G_USEC_PER_SEC);
  entry = audit_entry_from_end (c->site, 0);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "footage-token-granted");
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, TEAM_LEAD);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "camera:" COT);
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "expires=2027-02-10T12:05:00Z"));
  /* Neither the store nor the trail holds the token itself. */
  sql = g_strdup_printf ("SELECT count(*) FROM footage_tokens WHERE sha256 = '%s'", token);
  g_assert_cmpint (count (c, sql), ==, 0);
  g_assert_null (strstr (vigil_audit_entry_get_detail (entry), token));
  g_assert_cmpint (count (c, "SELECT count(*) FROM footage_tokens"), ==, 1);
  assert_raw_refused (c, "UPDATE footage_tokens SET range_to = range_to + 3600000000");
  assert_raw_refused (c, "DELETE FROM footage_tokens");

  /* Its camera, within its range: the member it was given to. */
  g_assert_true (vigil_site_redeem_footage_token (c->site, token, COT, from, to, &who, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (who, ==, TEAM_LEAD);
  g_assert_true (vigil_site_redeem_footage_token (c->site, token, "cot", from + 60 * G_USEC_PER_SEC,
                                                  from + 120 * G_USEC_PER_SEC, NULL, &error));
  g_assert_no_error (error);

  /* A segment reaching over either edge is read whole, as the review
   * shows it; so is one whose last frame is the range's first instant,
   * and a segment of a single frame. */
  g_assert_true (vigil_site_redeem_footage_token (c->site, token, COT, from - 60 * G_USEC_PER_SEC, from, NULL,
                                                  &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_redeem_footage_token (c->site, token, COT, to - 1, to - 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_redeem_footage_token (c->site, token, COT, from - 30 * G_USEC_PER_SEC,
                                                  from + 30 * G_USEC_PER_SEC, NULL, &error));
  g_assert_no_error (error);

  /* Another camera, a range before or after, a token never given. */
  refuse_token (c, token, HALL, from, to, TEAM_LEAD, "for camera " COT ", not " HALL);
  refuse_token (c, token, COT, from - 60 * G_USEC_PER_SEC, from - 1, TEAM_LEAD, "another range of time");
  refuse_token (c, token, COT, to, to + 60 * G_USEC_PER_SEC, TEAM_LEAD, "another range of time");
  refuse_token (c, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", COT, from, to, "footage-service", "never gave");
  {
    g_autoptr(VigilAuditEntry) refused = audit_entry_from_end (c->site, 0);

    /* Nothing to say when a token the site never gave would have ended. */
    g_assert_null (strstr (vigil_audit_entry_get_detail (refused), "expires="));
    g_assert_nonnull (strstr (vigil_audit_entry_get_detail (refused), "token="));
  }

  /* A second token is another token, and the first still works alone. */
  other = vigil_site_grant_footage_token (c->site, c->lead, HALL, from, to, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, !=, token);
  refuse_token (c, other, COT, from, to, TEAM_LEAD, "for camera " HALL ", not " COT);

  /* A member no longer allowed to review is refused at once. */
  g_assert_true (vigil_site_set_staff_reviewer (c->site, c->manager, OPERATOR, TRUE, "review training done",
                                                &error));
  g_assert_no_error (error);
  g_clear_pointer (&other, g_free);
  other = vigil_site_grant_footage_token (c->site, c->operator, COT, from, to, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_redeem_footage_token (c->site, other, COT, from, to, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_set_staff_reviewer (c->site, c->manager, OPERATOR, FALSE, "moved to nights", &error));
  g_assert_no_error (error);
  refuse_token (c, other, COT, from, to, OPERATOR, "may no longer review footage");

  /* On the site's worker, the same. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *async_token = NULL;
    gint64 async_expires = 0;

    vigil_site_grant_footage_token_async (c->site, c->lead, COT, from, to, NULL, on_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    async_token = vigil_site_grant_footage_token_finish (c->site, result, &async_expires, &error);
    g_assert_no_error (error);
    g_assert_cmpint (async_expires, ==, expires);
    g_assert_true (vigil_site_redeem_footage_token (c->site, async_token, COT, from, to, NULL, &error));
    g_assert_no_error (error);
  }

  /* Five minutes on, the first token has expired. */
  set_now (c, "2027-02-10T12:04:59Z");
  g_assert_true (vigil_site_redeem_footage_token (c->site, token, COT, from, to, NULL, &error));
  g_assert_no_error (error);
  set_now (c, "2027-02-10T12:05:00Z");
  refuse_token (c, token, COT, from, to, TEAM_LEAD, "expired");
}

/* An export run on a laptop fetches its masters with a token for the
 * export: only for one who may run exports, only for an approved export's
 * cameras, over its range; its purpose is on the store's row and the
 * trail's entry. */
static void
test_export_tokens (Centre        *c,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilExport) export = request (c, c->lead, &error);
  g_autoptr(VigilExport) approved = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autofree char *before = NULL;
  g_autofree char *token = NULL;
  g_autofree char *who = NULL;
  gint64 from = vigil_test_instant (FROM);
  gint64 to = vigil_test_instant (TO);

  set_now (c, "2027-02-10T12:00:00Z");
  g_assert_no_error (error);

  /* Not before approval, never for an operator. */
  take_snapshot (c, &before);
  g_assert_null (vigil_site_grant_export_token (c->site, c->lead, 1, COT, NULL, &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "not approved");
  g_clear_error (&error);
  approved = vigil_site_approve_export (c->site, c->manager, 1, "ok", "2027-06-30", &error);
  g_assert_no_error (error);
  take_snapshot (c, &before);
  g_assert_null (vigil_site_grant_export_token (c->site, c->operator, 1, COT, NULL, &error));
  assert_permission_refused (c, before, error, OPERATOR, "export-footage");
  g_clear_error (&error);

  /* Only the export's cameras, and only an export there is. */
  take_snapshot (c, &before);
  g_assert_null (vigil_site_grant_export_token (c->site, c->lead, 1, "Kitchen", NULL, &error));
  assert_refused (c, before, error, VIGIL_ERROR_PERMISSION, "does not include camera Kitchen");
  g_clear_error (&error);
  take_snapshot (c, &before);
  g_assert_null (vigil_site_grant_export_token (c->site, c->lead, 99, COT, NULL, &error));
  assert_refused (c, before, error, VIGIL_ERROR_NOT_FOUND, "99");
  g_clear_error (&error);

  token = vigil_site_grant_export_token (c->site, c->lead, 1, "cot", NULL, &error);
  g_assert_no_error (error);
  entry = audit_entry_from_end (c->site, 0);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "footage-token-granted");
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "camera:" COT);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "export 1");
  g_assert_cmpint (count (c, "SELECT count(*) FROM footage_tokens WHERE purpose = 'export'"), ==, 1);

  /* Over the export's range and camera, and nothing else. */
  g_assert_true (vigil_site_redeem_footage_token (c->site, token, COT, from, from + 60 * G_USEC_PER_SEC, &who,
                                                  &error));
  g_assert_no_error (error);
  g_assert_cmpstr (who, ==, TEAM_LEAD);
  refuse_token (c, token, HALL, from, to, TEAM_LEAD, "for camera " COT ", not " HALL);
  refuse_token (c, token, COT, to, to + 60 * G_USEC_PER_SEC, TEAM_LEAD, "another range of time");

  /* Its member gone, the token goes with them. */
  g_assert_true (vigil_site_deactivate_staff (c->site, c->manager, TEAM_LEAD, "left the centre", &error));
  g_assert_no_error (error);
  refuse_token (c, token, COT, from, to, TEAM_LEAD, "no longer active");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ALL (CENTRE_MANAGER | CENTRE_LEAD | CENTRE_OPERATOR)
#define ADD(path, func, logins) \
  g_test_add ("/evidence/" path, Centre, CENTRE_LOGINS (logins), recordings_setup, func, centre_teardown)

  ADD ("export-approval", test_export_approval, ALL);
  ADD ("export-refusals", test_export_refusals, ALL);
  ADD ("export-runs", test_export_runs, ALL);
  ADD ("review", test_review, ALL);
  ADD ("footage-tokens", test_footage_tokens, ALL);
  ADD ("export-tokens", test_export_tokens, ALL);
  ADD ("timeline", test_timeline, ALL);

  return g_test_run ();
}
