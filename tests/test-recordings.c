/* test-recordings.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-recordings"

#include "config.h"

#include <string.h>

#include "recordings-fixture.h"
#include "vigil-store-recordings.h"

/* The core's recordings on a real site: what the recorder writes (segments,
 * gaps, its state), what retention then lets go, what a hold keeps, and the
 * record every deletion leaves. The site's clock is set by each case. */

static void
assert_error_says (GError     *error,
                   gint        code,
                   const char *needle)
{
  g_assert_error (error, VIGIL_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
  g_assert_null (strchr (error->message, '\n'));
}

static gboolean
has_segment (GPtrArray *segments,
             gint64     id)
{
  for (guint i = 0; i < segments->len; i++)
    if (vigil_segment_get_id (g_ptr_array_index (segments, i)) == id)
      return TRUE;
  return FALSE;
}

static GPtrArray *
expired_at (Centre     *c,
            const char *iso)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *expired = vigil_site_list_expired_segments (c->site, vigil_test_instant (iso), &error);

  g_assert_no_error (error);
  g_assert_nonnull (expired);
  return expired;
}

/* A segment is written open, then closed with its last frame, size and
 * hash, and read back by overlap; gaps open and close, or come whole, and
 * each is kept in the trail once its range is known. Segments are not. */
static void
test_segments_and_gaps (Centre        *c,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  gint64 start = vigil_test_instant ("2027-02-10T10:00:00Z");
  gint64 audit_before = vigil_test_count_audit (c->site);
  gint64 id, gap;
  VigilSegment *segment;

  id = vigil_site_open_segment (c->site, HALL, "Hall/2027-02-10/100000.mkv", start, TRUE, &error);
  g_assert_no_error (error);
  open = vigil_site_list_open_segments (c->site, &error);
  g_assert_cmpuint (open->len, ==, 1);
  segment = g_ptr_array_index (open, 0);
  g_assert_cmpint (vigil_segment_get_state (segment), ==, VIGIL_SEGMENT_OPEN);
  g_assert_cmpint (vigil_segment_get_end (segment), ==, 0);
  g_assert_null (vigil_segment_get_sha256 (segment));
  g_assert_cmpstr (vigil_segment_get_camera (segment), ==, HALL);

  /* While open it is not footage anyone may list. */
  g_assert_true (vigil_site_list_recordings (c->site, "hall", start - G_TIME_SPAN_HOUR, start + G_TIME_SPAN_HOUR,
                                             &segments, &gaps, &error));
  g_assert_cmpuint (segments->len, ==, 0);
  g_clear_pointer (&segments, g_ptr_array_unref);
  g_clear_pointer (&gaps, g_ptr_array_unref);

  /* Refusals: a bad hash, a path outside the folder, a path taken. */
  g_assert_false (vigil_site_close_segment (c->site, id, start + 60 * G_TIME_SPAN_SECOND, 10, "ABC", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "64 lower-case hex digits");
  g_clear_error (&error);
  g_assert_cmpint (vigil_site_open_segment (c->site, HALL, "../escape.mkv", start, FALSE, &error), ==, 0);
  assert_error_says (error, VIGIL_ERROR_INVALID, "inside it");
  g_clear_error (&error);
  g_assert_cmpint (vigil_site_open_segment (c->site, HALL, "Hall/2027-02-10/100000.mkv", start, FALSE, &error),
                   ==, 0);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (vigil_site_open_segment (c->site, "Garden", "Garden/1.mkv", start, FALSE, &error), ==, 0);
  assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "Garden");
  g_clear_error (&error);

  g_assert_true (vigil_site_close_segment (c->site, id, start + 59 * G_TIME_SPAN_SECOND, 123456, SHA_B, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_site_close_segment (c->site, id, start + 59 * G_TIME_SPAN_SECOND, 1, SHA_B, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Listed by overlap with [from, to): a range that ends at its first
   * frame, or starts after its last, does not see it. */
  g_assert_true (vigil_site_list_recordings (c->site, HALL, start - G_TIME_SPAN_HOUR, start + G_TIME_SPAN_HOUR,
                                             &segments, &gaps, &error));
  g_assert_cmpuint (segments->len, ==, 1);
  segment = g_ptr_array_index (segments, 0);
  g_assert_cmpstr (vigil_segment_get_path (segment), ==, "Hall/2027-02-10/100000.mkv");
  g_assert_cmpint (vigil_segment_get_end (segment), ==, start + 59 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (vigil_segment_get_bytes (segment), ==, 123456);
  g_assert_cmpstr (vigil_segment_get_sha256 (segment), ==, SHA_B);
  g_assert_true (vigil_segment_get_audio (segment));
  g_clear_pointer (&segments, g_ptr_array_unref);
  g_clear_pointer (&gaps, g_ptr_array_unref);
  g_assert_true (vigil_site_list_recordings (c->site, HALL, start - G_TIME_SPAN_HOUR, start, &segments, &gaps,
                                             &error));
  g_assert_cmpuint (segments->len, ==, 0);
  g_clear_pointer (&segments, g_ptr_array_unref);
  g_clear_pointer (&gaps, g_ptr_array_unref);
  g_assert_true (vigil_site_list_recordings (c->site, HALL, start + 60 * G_TIME_SPAN_SECOND,
                                             start + G_TIME_SPAN_HOUR, &segments, &gaps, &error));
  g_assert_cmpuint (segments->len, ==, 0);
  g_clear_pointer (&segments, g_ptr_array_unref);
  g_clear_pointer (&gaps, g_ptr_array_unref);
  /* Another camera's footage is not this one's. */
  g_assert_true (vigil_site_list_recordings (c->site, COT, start - G_TIME_SPAN_HOUR, start + G_TIME_SPAN_HOUR,
                                             &segments, &gaps, &error));
  g_assert_cmpuint (segments->len, ==, 0);
  g_clear_pointer (&segments, g_ptr_array_unref);
  g_clear_pointer (&gaps, g_ptr_array_unref);
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, audit_before);

  /* A gap: listed while open, audited when it closes. */
  gap = vigil_site_open_gap (c->site, HALL, start + 60 * G_TIME_SPAN_SECOND, VIGIL_GAP_CAMERA_OFFLINE,
                             "no packets for 5 s", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, audit_before);
  open = (g_ptr_array_unref (open), vigil_site_list_open_gaps (c->site, &error));
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_true (vigil_site_list_recordings (c->site, HALL, start, start + G_TIME_SPAN_HOUR, &segments, &gaps,
                                             &error));
  g_assert_cmpuint (gaps->len, ==, 1);
  g_assert_cmpint (vigil_gap_get_end (g_ptr_array_index (gaps, 0)), ==, 0);
  g_assert_cmpint (vigil_gap_get_cause (g_ptr_array_index (gaps, 0)), ==, VIGIL_GAP_CAMERA_OFFLINE);
  g_clear_pointer (&segments, g_ptr_array_unref);
  g_clear_pointer (&gaps, g_ptr_array_unref);

  g_assert_true (vigil_site_close_gap (c->site, gap, start + 5 * G_TIME_SPAN_MINUTE, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_test_audit_has (c->site, VIGIL_RECORDER_ACTOR, "recording-gap", "camera:Hall",
                                       "cause=camera-offline"));
  g_assert_true (vigil_test_audit_has (c->site, VIGIL_RECORDER_ACTOR, "recording-gap", "camera:Hall",
                                       "no packets for 5 s"));
  g_assert_false (vigil_site_close_gap (c->site, gap, start + 6 * G_TIME_SPAN_MINUTE, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  open = (g_ptr_array_unref (open), vigil_site_list_open_gaps (c->site, &error));
  g_assert_cmpuint (open->len, ==, 0);

  /* The time the recorder was down, found at start-up, comes whole. */
  g_assert_true (vigil_site_add_gap (c->site, COT, start, start + G_TIME_SPAN_MINUTE, VIGIL_GAP_RECORDER_DOWN,
                                     NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_test_audit_has (c->site, VIGIL_RECORDER_ACTOR, "recording-gap", "camera:Cot",
                                       "cause=recorder-down"));
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, audit_before + 2);

  g_assert_false (vigil_site_list_recordings (c->site, HALL, start, start, &segments, &gaps, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "must end after it starts");
  g_clear_error (&error);
  g_assert_false (vigil_site_list_recordings (c->site, "Garden", start, start + 1, &segments, &gaps, &error));
  assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "Garden");
}

/* Family room footage lasts the days of the agreement in force at its
 * start (28, then 10 from 2027-01-20); communal footage the site's 31. */
static void
test_retention (Centre        *c,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expired = NULL;
  gint64 cot_early = add_segment (c->site, COT, "Cot/a.mkv", "2027-01-15T10:00:00Z", 60, SHA_A);
  gint64 cot_late = add_segment (c->site, COT, "Cot/b.mkv", "2027-01-25T10:00:00Z", 60, SHA_A);
  gint64 hall = add_segment (c->site, HALL, "Hall/a.mkv", "2027-01-15T10:00:00Z", 60, SHA_A);
  /* Its last frame is 10:00:59.960: it expires 28 days on. */
  const char *cot_early_expiry = "2027-02-12T10:00:59.960Z";

  expired = expired_at (c, "2027-02-04T10:00:59.959Z");
  g_assert_cmpuint (expired->len, ==, 0);
  g_clear_pointer (&expired, g_ptr_array_unref);

  /* The later agreement's 10 days. */
  expired = expired_at (c, "2027-02-04T10:00:59.960Z");
  g_assert_cmpuint (expired->len, ==, 1);
  g_assert_true (has_segment (expired, cot_late));
  g_clear_pointer (&expired, g_ptr_array_unref);

  /* Not a microsecond before its 28 days: begin_deletion refuses too. */
  set_now (c, "2027-02-12T10:00:00Z");
  g_assert_false (vigil_site_begin_deletion (c->site, cot_early, vigil_test_instant ("2027-02-12T10:00:59.959Z"),
                                             &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "has not expired");
  g_clear_error (&error);
  expired = expired_at (c, cot_early_expiry);
  g_assert_cmpuint (expired->len, ==, 2);
  g_assert_true (has_segment (expired, cot_early));
  g_assert_false (has_segment (expired, hall));
  g_clear_pointer (&expired, g_ptr_array_unref);

  /* Communal: the site's 31 days. */
  expired = expired_at (c, "2027-02-15T10:00:59.960Z");
  g_assert_cmpuint (expired->len, ==, 3);
  g_assert_true (has_segment (expired, hall));
  /* Oldest first. */
  g_assert_cmpint (vigil_segment_get_id (g_ptr_array_index (expired, 2)), ==, cot_late);
}

/* A hold running at the instant asked about keeps what it covers on its
 * camera; released, or past its date, it keeps nothing. */
static void
test_holds_protect (Centre        *c,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expired = NULL;
  g_autoptr(VigilHold) hold = NULL;
  g_autoptr(VigilHold) short_hold = NULL;
  gint64 cot = add_segment (c->site, COT, "Cot/a.mkv", "2027-01-15T10:00:00Z", 60, SHA_A);
  gint64 hall = add_segment (c->site, HALL, "Hall/a.mkv", "2027-01-05T10:00:00Z", 60, SHA_A);

  /* Covers the Cot segment's last second only. */
  hold = vigil_site_add_hold (c->site, c->lead, COT, vigil_test_instant ("2027-01-15T10:00:59Z"),
                              vigil_test_instant ("2027-01-15T11:00:00Z"), "police request 4471", "2027-03-01",
                              &error);
  g_assert_no_error (error);
  g_assert_true (vigil_hold_is_active (hold, c->now));
  /* The end of 2027-03-01 in London: midnight GMT. */
  g_assert_cmpint (vigil_hold_get_until_end (hold), ==, vigil_test_instant ("2027-03-02T00:00:00Z"));
  g_assert_false (vigil_hold_is_active (hold, vigil_hold_get_until_end (hold)));
  assert_last_audit (c->site, TEAM_LEAD, "hold-placed", "camera:Cot", "police request 4471");
  /* Hall's footage in the same hours is not held by it. */
  short_hold = vigil_site_add_hold (c->site, c->lead, HALL, vigil_test_instant ("2027-01-05T09:00:00Z"),
                                    vigil_test_instant ("2027-01-05T10:30:00Z"), "complaint", "2027-02-11", &error);
  g_assert_no_error (error);

  set_now (c, "2027-02-20T12:00:00Z");
  expired = expired_at (c, "2027-02-20T12:00:00Z");
  g_assert_false (has_segment (expired, cot));
  /* The Hall hold ended with 2027-02-11. */
  g_assert_true (has_segment (expired, hall));
  g_clear_pointer (&expired, g_ptr_array_unref);

  g_assert_false (vigil_site_begin_deletion (c->site, cot, c->now, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "held");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM segments WHERE state = 'closed'"), ==, 2);

  g_assert_true (vigil_site_release_hold (c->site, c->lead, vigil_hold_get_id (hold), "case closed", &error));
  g_assert_no_error (error);
  assert_last_audit (c->site, TEAM_LEAD, "hold-released", "camera:Cot", "case closed");
  g_assert_false (vigil_site_release_hold (c->site, c->lead, vigil_hold_get_id (hold), "again", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "already released");
  g_clear_error (&error);

  expired = expired_at (c, "2027-02-20T12:00:00Z");
  g_assert_true (has_segment (expired, cot));
  g_assert_true (vigil_site_begin_deletion (c->site, cot, c->now, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GPtrArray) holds = vigil_site_list_holds (c->site, &error);

    g_assert_cmpuint (holds->len, ==, 2);
    /* Newest first; released ones kept, with who and why. */
    g_assert_cmpstr (vigil_hold_get_camera (g_ptr_array_index (holds, 0)), ==, HALL);
    g_assert_cmpstr (vigil_hold_get_released_by (g_ptr_array_index (holds, 1)), ==, TEAM_LEAD);
    g_assert_cmpstr (vigil_hold_get_release_reason (g_ptr_array_index (holds, 1)), ==, "case closed");
  }
}

/* Deleting leaves one deletion record and one audit entry, and the segment
 * is gone; a deletion record can be neither changed nor removed. */
static void
test_deletion (Centre        *c,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deleting = NULL;
  g_autoptr(GPtrArray) deletions = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  gint64 hall = add_segment (c->site, HALL, "Hall/a.mkv", "2027-01-05T10:00:00Z", 60, SHA_B);
  gint64 cot = add_segment (c->site, COT, "Cot/a.mkv", "2027-01-05T10:00:00Z", 60, SHA_A);
  gint64 audit_before = vigil_test_count_audit (c->site);
  VigilDeletion *deletion;

  set_now (c, "2027-02-20T12:00:00Z");
  g_assert_false (vigil_site_finish_deletion (c->site, hall, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "begin the deletion first");
  g_clear_error (&error);

  g_assert_true (vigil_site_begin_deletion (c->site, hall, c->now, &error));
  g_assert_no_error (error);
  deleting = vigil_site_list_deleting_segments (c->site, &error);
  g_assert_cmpuint (deleting->len, ==, 1);
  g_assert_cmpint (vigil_segment_get_state (g_ptr_array_index (deleting, 0)), ==, VIGIL_SEGMENT_DELETING);
  /* Begun twice (a crash between the steps) is no error. */
  g_assert_true (vigil_site_begin_deletion (c->site, hall, c->now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, audit_before);

  g_assert_true (vigil_site_finish_deletion (c->site, hall, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM segments WHERE path = 'Hall/a.mkv'"), ==, 0);
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, audit_before + 1);
  entry = audit_entry_from_end (c->site, 0);
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, VIGIL_RECORDER_ACTOR);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "recording-deleted");
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "camera:Hall");
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==,
                   "retention: communal footage is kept 31 days (site setting)");
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "sha256=" SHA_B));
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "from=2027-01-05T10:00:00.000Z"));

  g_assert_true (vigil_site_begin_deletion (c->site, cot, c->now, &error));
  g_assert_true (vigil_site_finish_deletion (c->site, cot, &error));
  g_assert_no_error (error);

  deletions = vigil_site_list_deletions (c->site, c->now, c->now + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deletions->len, ==, 2);
  deletion = g_ptr_array_index (deletions, 0);
  g_assert_cmpstr (vigil_deletion_get_camera (deletion), ==, HALL);
  g_assert_cmpstr (vigil_deletion_get_path (deletion), ==, "Hall/a.mkv");
  g_assert_cmpstr (vigil_deletion_get_sha256 (deletion), ==, SHA_B);
  g_assert_cmpuint (vigil_deletion_get_bytes (deletion), ==, 1000 + (guint64) hall);
  g_assert_cmpint (vigil_deletion_get_start (deletion), ==, vigil_test_instant ("2027-01-05T10:00:00Z"));
  g_assert_cmpint (vigil_deletion_get_deleted_at (deletion), ==, c->now);
  deletion = g_ptr_array_index (deletions, 1);
  g_assert_cmpstr (vigil_deletion_get_why (deletion), ==, "retention: family ABC123's agreement keeps footage 28 days");
  g_clear_pointer (&deletions, g_ptr_array_unref);
  deletions = vigil_site_list_deletions (c->site, 0, c->now, &error);
  g_assert_cmpuint (deletions->len, ==, 0);

  /* Not even SQL around Vigil changes or removes one. */
  {
    g_autofree char *update = vigil_test_raw_try (c->dir, "UPDATE deletions SET why = 'tidy'");
    g_autofree char *remove = vigil_test_raw_try (c->dir, "DELETE FROM deletions");

    g_assert_nonnull (update);
    g_assert_nonnull (strstr (update, "never changes"));
    g_assert_nonnull (remove);
    g_assert_nonnull (strstr (remove, "never removed"));
    g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM deletions"), ==, 2);
  }
}

/* Holds are a team lead's: an operator is refused by the core itself, and
 * the refusal is kept; bad holds are refused before anything is written. */
static void
test_hold_refusals (Centre        *c,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilHold) hold = NULL;
  g_autofree char *before = snapshot (c);
  gint64 from = vigil_test_instant ("2027-02-01T10:00:00Z");
  gint64 to = vigil_test_instant ("2027-02-01T11:00:00Z");

  hold = vigil_site_add_hold (c->site, c->operator, COT, from, to, "curious", "2027-03-01", &error);
  g_assert_null (hold);
  assert_permission_refused (c, before, error, OPERATOR, "hold-footage");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM holds"), ==, 0);

  take_snapshot (c, &before);
  g_assert_null (vigil_site_add_hold (c->site, c->lead, COT, from, to, "  ", "2027-03-01", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_assert_null (vigil_site_add_hold (c->site, c->lead, COT, from, to, "evidence", "2027-02-09", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "already have ended");
  g_clear_error (&error);
  g_assert_null (vigil_site_add_hold (c->site, c->lead, COT, to, from, "evidence", "2027-03-01", &error));
  assert_refused (c, before, error, VIGIL_ERROR_INVALID, "must end after it starts");
  g_clear_error (&error);
  g_assert_null (vigil_site_add_hold (c->site, c->lead, "Garden", from, to, "evidence", "2027-03-01", &error));
  assert_refused (c, before, error, VIGIL_ERROR_NOT_FOUND, "Garden");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM holds"), ==, 0);

  /* A hold is released, never deleted. */
  hold = vigil_site_add_hold (c->site, c->lead, COT, from, to, "evidence", "2027-02-10", &error);
  g_assert_no_error (error);
  {
    g_autofree char *refused = vigil_test_raw_try (c->dir, "DELETE FROM holds");

    g_assert_nonnull (refused);
  }
  g_assert_false (vigil_site_release_hold (c->site, c->operator, vigil_hold_get_id (hold), "done", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
}

/* A crash right after a segment opened leaves a file with no frame: its
 * row goes, and the trail says so. */
static void
test_drop_empty (Centre        *c,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start = vigil_test_instant ("2027-02-10T11:00:00Z");
  gint64 id = vigil_site_open_segment (c->site, COT, "Cot/empty.mkv", start, FALSE, &error);
  gint64 closed = add_segment (c->site, COT, "Cot/full.mkv", "2027-02-10T11:01:00Z", 60, SHA_A);

  g_assert_no_error (error);
  g_assert_true (vigil_site_drop_empty_segment (c->site, id, "no frame in the file after a restart", &error));
  g_assert_no_error (error);
  assert_last_audit (c->site, VIGIL_RECORDER_ACTOR, "segment-dropped", "camera:Cot",
                     "no frame in the file after a restart");
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM segments"), ==, 1);

  g_assert_false (vigil_site_drop_empty_segment (c->site, closed, "mistake", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "closed");
  g_clear_error (&error);
  g_assert_false (vigil_site_drop_empty_segment (c->site, id, "again", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
}

static void
got_status (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  VigilRecorderStatus **status = user_data;
  g_autoptr(GError) error = NULL;

  *status = vigil_site_get_recorder_status_finish (VIGIL_SITE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*status);
}

/* What the recorder reports is what the console reads back, and a
 * heartbeat older than 10 s means it is not running. */
static void
test_recorder_status (Centre        *c,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilRecorderStatus) status = vigil_recorder_status_new ();
  g_autoptr(VigilRecorderStatus) read = NULL;
  g_autoptr(VigilRecorderStatus) read_async = NULL;
  const VigilRecorderCamera *camera;
  gint64 beat = c->now;

  g_assert_null (vigil_site_get_recorder_status (c->site, &error));
  g_assert_no_error (error);

  vigil_recorder_status_set_pid (status, 4242);
  vigil_recorder_status_set_host (status, "recorder-1");
  vigil_recorder_status_set_started_at (status, beat - G_TIME_SPAN_HOUR);
  vigil_recorder_status_set_heartbeat_at (status, beat);
  vigil_recorder_status_set_free_bytes (status, G_GUINT64_CONSTANT (5000000000000));
  vigil_recorder_status_set_recordings_dir (status, "/srv/vigil/recordings");
  vigil_recorder_status_add_camera (status, HALL, TRUE, TRUE, VIGIL_RECORDING_STATE_RECORDING, NULL, beat - 60);
  vigil_recorder_status_add_camera (status, COT, TRUE, FALSE, VIGIL_RECORDING_STATE_CAMERA_OFFLINE,
                                    "connection refused", beat - 5);
  g_assert_true (vigil_site_report_recorder (c->site, status, &error));
  g_assert_no_error (error);

  read = vigil_site_get_recorder_status (c->site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_recorder_status_get_pid (read), ==, 4242);
  g_assert_cmpstr (vigil_recorder_status_get_host (read), ==, "recorder-1");
  g_assert_cmpint (vigil_recorder_status_get_heartbeat_at (read), ==, beat);
  g_assert_cmpuint (vigil_recorder_status_get_free_bytes (read), ==, G_GUINT64_CONSTANT (5000000000000));
  g_assert_false (vigil_recorder_status_get_disk_full (read));
  g_assert_cmpstr (vigil_recorder_status_get_recordings_dir (read), ==, "/srv/vigil/recordings");
  g_assert_cmpuint (vigil_recorder_status_get_n_cameras (read), ==, 2);
  camera = vigil_recorder_status_get_camera (read, 1);
  g_assert_cmpstr (camera->name, ==, COT);
  g_assert_true (camera->required);
  g_assert_false (camera->recording);
  g_assert_cmpint (camera->state, ==, VIGIL_RECORDING_STATE_CAMERA_OFFLINE);
  g_assert_cmpstr (camera->detail, ==, "connection refused");
  g_assert_cmpint (camera->since, ==, beat - 5);
  g_assert_cmpstr (vigil_recording_state_to_string (vigil_recorder_status_find_camera (read, "hall")->state),
                   ==, "recording");

  g_assert_true (vigil_recorder_status_is_running (read, beat + VIGIL_RECORDER_HEARTBEAT_TIMEOUT));
  g_assert_false (vigil_recorder_status_is_running (read, beat + VIGIL_RECORDER_HEARTBEAT_TIMEOUT + 1));

  /* The next heartbeat replaces the whole state; a clean stop says so. */
  vigil_recorder_status_clear_cameras (status);
  vigil_recorder_status_add_camera (status, HALL, FALSE, FALSE, VIGIL_RECORDING_STATE_NOT_REQUIRED, NULL, beat);
  vigil_recorder_status_set_heartbeat_at (status, beat + 2 * G_TIME_SPAN_SECOND);
  vigil_recorder_status_set_stopped_at (status, beat + 2 * G_TIME_SPAN_SECOND);
  vigil_recorder_status_set_disk_full (status, TRUE);
  g_assert_true (vigil_site_report_recorder (c->site, status, &error));
  g_assert_no_error (error);

  vigil_site_get_recorder_status_async (c->site, NULL, got_status, &read_async);
  while (read_async == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (vigil_recorder_status_get_n_cameras (read_async), ==, 1);
  g_assert_true (vigil_recorder_status_get_disk_full (read_async));
  g_assert_false (vigil_recorder_status_is_running (read_async, beat + 2 * G_TIME_SPAN_SECOND));
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM recorder"), ==, 1);
  vigil_test_assert_finalize_soon (g_steal_pointer (&read_async));
}

/* The recorder's settings, and where its folder is. */
static void
test_settings (Centre        *c,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = vigil_site_get_recordings_dir (c->site);
  g_autofree char *expected = g_build_filename (vigil_site_get_data_dir (c->site), "recordings", NULL);
  g_autofree char *shown = NULL;

  g_assert_cmpstr (dir, ==, expected);
  g_assert_cmpuint (vigil_site_get_setting_uint (c->site, VIGIL_SETTING_SEGMENT_SECONDS), ==, 60);
  g_assert_cmpuint (vigil_site_get_setting_uint (c->site, VIGIL_SETTING_RECORDER_MIN_FREE_MB), ==, 1024);
  shown = vigil_site_get_setting (c->site, VIGIL_SETTING_RECORDINGS_DIR, &error);
  g_assert_cmpstr (shown, ==, "");

  g_assert_false (vigil_site_set_setting (c->site, c->manager, VIGIL_SETTING_RECORDINGS_DIR, "recordings", NULL,
                                          &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "absolute path");
  g_clear_error (&error);
  g_assert_false (vigil_site_set_setting (c->site, c->manager, VIGIL_SETTING_SEGMENT_SECONDS, "5", NULL, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "from 10 to 3600");
  g_clear_error (&error);

  g_assert_true (vigil_site_set_setting (c->site, c->manager, VIGIL_SETTING_RECORDINGS_DIR, "/srv/footage", NULL,
                                         &error));
  g_assert_no_error (error);
  g_clear_pointer (&dir, g_free);
  dir = vigil_site_get_recordings_dir (c->site);
  g_assert_cmpstr (dir, ==, "/srv/footage");
}

/* A file of schema 6 gains the index by which a camera's review timeline
 * finds its deletions, and the timeline's query uses it. */
static void
test_deletions_index (Centre        *c,
                      gconstpointer  data)
{
  if (vigil_test_skip_on_postgres ("a migration from an older SQLite file (PostgreSQL sites start at schema 7)"))
    return;

  g_autofree char *dir = g_strdup (c->dir);
  g_autofree char *plan = NULL;

  g_assert_finalize_object (g_steal_pointer (&c->site));
  vigil_test_raw_undo_schema_7 (dir);
  g_assert_cmpint (vigil_test_raw_int (dir, "PRAGMA user_version"), ==, 6);
  c->site = vigil_test_site_open (dir);
  g_assert_cmpint (vigil_test_raw_int (dir, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  plan = vigil_test_raw_text (dir, "EXPLAIN QUERY PLAN SELECT id FROM deletions"
                                   " WHERE camera = 'Hall' COLLATE NOCASE AND start_at < 2 AND end_at > 1"
                                   " ORDER BY start_at, id");
  g_assert_nonnull (strstr (plan, "USING INDEX deletions_camera_start"));
}

/* A file of schema 4 gains the recordings' tables and change kinds. */
static void
test_migration (Centre        *c,
                gconstpointer  data)
{
  if (vigil_test_skip_on_postgres ("a migration from an older SQLite file (PostgreSQL sites start at schema 7)"))
    return;

  g_autofree char *dir = g_strdup (c->dir);

  g_assert_finalize_object (g_steal_pointer (&c->site));
  vigil_test_raw_undo_schema_5 (dir);
  g_assert_cmpint (vigil_test_raw_int (dir, "PRAGMA user_version"), ==, 4);
  c->site = vigil_test_site_open (dir);
  g_assert_cmpint (vigil_test_raw_int (dir, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT count(*) FROM change_serials"
                                            " WHERE kind IN ('recordings', 'holds', 'recorder')"), ==, 3);
  add_segment (c->site, HALL, "Hall/after.mkv", "2027-02-10T10:00:00Z", 60, SHA_A);
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT serial FROM change_serials WHERE kind = 'recordings'"),
                   ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, logins) \
  g_test_add ("/recordings/" path, Centre, CENTRE_LOGINS (logins), recordings_setup, func, centre_teardown)

  ADD ("segments-and-gaps", test_segments_and_gaps, 0);
  ADD ("retention", test_retention, 0);
  ADD ("holds-protect", test_holds_protect, CENTRE_LEAD);
  ADD ("deletion", test_deletion, 0);
  ADD ("hold-refusals", test_hold_refusals, CENTRE_LEAD | CENTRE_OPERATOR);
  ADD ("drop-empty", test_drop_empty, 0);
  ADD ("recorder-status", test_recorder_status, 0);
  ADD ("settings", test_settings, CENTRE_MANAGER);
  ADD ("schema-5-migration", test_migration, 0);
  ADD ("schema-7-migration", test_deletions_index, 0);

  return g_test_run ();
}
