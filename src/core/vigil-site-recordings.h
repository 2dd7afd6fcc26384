/* vigil-site-recordings.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-site.h"
#include "vigil-segment.h"
#include "vigil-gap.h"
#include "vigil-hold.h"
#include "vigil-deletion.h"
#include "vigil-recorder-status.h"

G_BEGIN_DECLS

/* What the recorder (vigil-recorder) writes, and what everyone reads about
 * it (DESIGN.md, "Records that must last"): segments, gaps, holds,
 * deletions, and the recorder's own state.
 *
 * The recorder's calls take no session: the recorder is the site's own
 * service, not a member of staff, and it acts in the trail as
 * VIGIL_RECORDER_ACTOR. Holds are placed and released by team leads and
 * managers (VIGIL_PERMISSION_HOLD_FOOTAGE), checked here on every call. */

#define VIGIL_RECORDER_ACTOR "vigil-recorder"

/* Site settings the recorder reads. */
#define VIGIL_SETTING_SEGMENT_SECONDS       "segment-seconds"      /* default 60, 10 to 3600 */
#define VIGIL_SETTING_RECORDINGS_DIR        "recordings-dir"       /* default "": <data dir>/recordings */
#define VIGIL_SETTING_RECORDER_MIN_FREE_MB  "recorder-min-free-mb" /* default 1024 */

/* The folder segments live in: the setting when set, otherwise
 * "recordings" inside the site's data folder. Segment paths are relative to
 * it. */
char       *vigil_site_get_recordings_dir   (VigilSite      *self);

/* One recorder per site, and no recorder while the site moves: the
 * recording lock in the data folder. */
int         vigil_site_claim_recording      (VigilSite      *self,
                                             const char     *doing,
                                             GError        **error);

/* Segments. A segment's row is written when its file is opened (state
 * open), so a crash leaves it to be found; it is closed with its last frame,
 * size and hash once the file and its folder are synced. */
gint64      vigil_site_open_segment         (VigilSite      *self,
                                             const char     *camera,
                                             const char     *path,
                                             gint64          start,
                                             gboolean        audio,
                                             GError        **error);
gboolean    vigil_site_close_segment        (VigilSite      *self,
                                             gint64          segment_id,
                                             gint64          end,
                                             guint64         bytes,
                                             const char     *sha256,
                                             GError        **error);
/* An open segment whose file holds no frame at all (a crash right after it
 * was opened): its row goes, audited, as nothing was recorded. */
gboolean    vigil_site_drop_empty_segment   (VigilSite      *self,
                                             gint64          segment_id,
                                             const char     *why,
                                             GError        **error);
/* Open segments of every camera, oldest first (VigilSegment). */
GPtrArray  *vigil_site_list_open_segments   (VigilSite      *self,
                                             GError        **error);

/* Gaps: an interval in which the policy required recording and none was
 * made. Opened with its cause when it starts, closed when recording
 * resumes or the policy stops requiring it. */
gint64      vigil_site_open_gap             (VigilSite      *self,
                                             const char     *camera,
                                             gint64          start,
                                             VigilGapCause   cause,
                                             const char     *detail,
                                             GError        **error);
gboolean    vigil_site_close_gap            (VigilSite      *self,
                                             gint64          gap_id,
                                             gint64          end,
                                             GError        **error);
/* A gap known whole (the time the recorder was down, found at start-up). */
gboolean    vigil_site_add_gap              (VigilSite      *self,
                                             const char     *camera,
                                             gint64          start,
                                             gint64          end,
                                             VigilGapCause   cause,
                                             const char     *detail,
                                             GError        **error);
/* Gaps still open (VigilGap), for closing at start-up. */
GPtrArray  *vigil_site_list_open_gaps       (VigilSite      *self,
                                             GError        **error);

/* What exists for @camera overlapping [@from, @to): closed segments
 * (VigilSegment) by start, and gaps (VigilGap, open ones included) by
 * start. Needs no session: it reveals no footage. */
gboolean    vigil_site_list_recordings      (VigilSite      *self,
                                             const char     *camera,
                                             gint64          from,
                                             gint64          to,
                                             GPtrArray     **segments,
                                             GPtrArray     **gaps,
                                             GError        **error);

/* Retention. A family room camera's segment is kept for the retention days
 * of the agreement in force, at the segment's start, for the family placed
 * in the room then; a communal camera's (or a family room's with nobody
 * placed) for the site's retention-days. A segment expires at its end plus
 * those days. Returns closed segments expired at @now and not overlapped by
 * a hold running at @now (VigilSegment), oldest first. */
GPtrArray  *vigil_site_list_expired_segments (VigilSite     *self,
                                              gint64         now,
                                              GError       **error);
/* Deleting is two steps around the unlink, so that a crash between them
 * neither leaves footage undeleted and unrecorded nor a record of a file
 * still there: begin marks the segment deleting (refused, with
 * VIGIL_ERROR_INVALID like every refusal by a rule of the records, when it
 * is held or not expired at @now), the caller removes the file and syncs
 * the folder, then finish removes the
 * row, writes the deletion record and audits it ("recording-deleted":
 * camera, range, size, SHA-256, why) in one transaction. */
gboolean    vigil_site_begin_deletion       (VigilSite      *self,
                                             gint64          segment_id,
                                             gint64          now,
                                             GError        **error);
gboolean    vigil_site_finish_deletion      (VigilSite      *self,
                                             gint64          segment_id,
                                             GError        **error);
/* Segments marked deleting and not finished (a crash between the steps). */
GPtrArray  *vigil_site_list_deleting_segments (VigilSite    *self,
                                               GError      **error);
/* Deletions made in [@from, @to) (VigilDeletion), by deletion time. */
GPtrArray  *vigil_site_list_deletions       (VigilSite      *self,
                                             gint64          from,
                                             gint64          to,
                                             GError        **error);

/* A court bundle's master found again (vigilctl bundle verify): the
 * segment recorded at @path (relative to the recordings folder) or, when
 * none is, @camera's segment whose first frame falls in the same
 * millisecond as @start: a bundle names its master folders after the camera
 * in its own way, so the path alone may miss. Returns the segment in any
 * state (an open one has no hash yet), or %NULL without an error when the
 * store holds none. Needs no session: it reveals no footage. */
VigilSegment  *vigil_site_find_segment      (VigilSite      *self,
                                             const char     *path,
                                             const char     *camera,
                                             gint64          start,
                                             GError        **error);
/* The record of such a segment's deletion (the newest, should there be
 * several), or %NULL without an error. */
VigilDeletion *vigil_site_find_deletion     (VigilSite      *self,
                                             const char     *path,
                                             const char     *camera,
                                             gint64          start,
                                             GError        **error);

/* Holds. @until is a date ("YYYY-MM-DD") in the site's zone; the hold runs
 * to the end of that day. Audited as "hold-placed" and "hold-released". */
VigilHold  *vigil_site_add_hold             (VigilSite      *self,
                                             VigilSession   *session,
                                             const char     *camera,
                                             gint64          from,
                                             gint64          to,
                                             const char     *reason,
                                             const char     *until,
                                             GError        **error);
/* Checks a hold without a session and without writing: the camera, the
 * range, the reason and the date, as vigil_site_add_hold() will again. */
gboolean    vigil_site_check_hold           (VigilSite      *self,
                                             const char     *camera,
                                             gint64          from,
                                             gint64          to,
                                             const char     *reason,
                                             const char     *until,
                                             GError        **error);
gboolean    vigil_site_release_hold         (VigilSite      *self,
                                             VigilSession   *session,
                                             gint64          hold_id,
                                             const char     *reason,
                                             GError        **error);
/* Every hold, released ones included, newest first (VigilHold). */
GPtrArray  *vigil_site_list_holds           (VigilSite      *self,
                                             GError        **error);

/* The recorder's state, rewritten by it every heartbeat (about every
 * 2 s): VigilRecorderStatus carries the process, its heartbeat, free space
 * and each camera's state. */
gboolean    vigil_site_report_recorder      (VigilSite           *self,
                                             VigilRecorderStatus *status,
                                             GError             **error);
/* %NULL (no error) when no recorder ever ran for this site. */
VigilRecorderStatus *vigil_site_get_recorder_status (VigilSite   *self,
                                                     GError     **error);
void        vigil_site_get_recorder_status_async (VigilSite           *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
VigilRecorderStatus *vigil_site_get_recorder_status_finish (VigilSite     *self,
                                                            GAsyncResult  *result,
                                                            GError       **error);

G_END_DECLS
