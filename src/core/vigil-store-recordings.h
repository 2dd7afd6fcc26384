/* vigil-store-recordings.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-recordings.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-deletion.h"
#include "vigil-gap.h"
#include "vigil-hold.h"
#include "vigil-recorder-status.h"
#include "vigil-segment.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* Recordings in the store (vigil-store-recordings.c): segments, gaps, holds,
 * deletions and the recorder's state. The site's calls
 * (vigil-site-recordings.c) check and audit; these only read and write.
 * Cameras are given by id and come back by name. A segment, gap or hold id
 * that is not there (or not in the state a change needs) is
 * VIGIL_ERROR_NOT_FOUND. */

/* Segments */
gint64        vigil_store_segment_insert        (VigilStore         *self,
                                                 gint64              camera_id,
                                                 const char         *path,
                                                 gint64              start,
                                                 gboolean            audio,
                                                 gint64              opened_at,
                                                 GError            **error);
gboolean      vigil_store_segment_close         (VigilStore         *self,
                                                 gint64              segment_id,
                                                 gint64              end,
                                                 guint64             bytes,
                                                 const char         *sha256,
                                                 gint64              closed_at,
                                                 GError            **error);
gboolean      vigil_store_segment_mark_deleting (VigilStore         *self,
                                                 gint64              segment_id,
                                                 GError            **error);
gboolean      vigil_store_segment_remove        (VigilStore         *self,
                                                 gint64              segment_id,
                                                 GError            **error);
VigilSegment *vigil_store_segment_get           (VigilStore         *self,
                                                 gint64              segment_id,
                                                 GError            **error);
/* Every segment in @state, by start. */
GPtrArray    *vigil_store_segments_in_state     (VigilStore         *self,
                                                 VigilSegmentState   state,
                                                 GError            **error);
/* Closed segments of the camera with a frame in [@from, @to), by start. */
GPtrArray    *vigil_store_segments_overlapping  (VigilStore         *self,
                                                 gint64              camera_id,
                                                 gint64              from,
                                                 gint64              to,
                                                 GError            **error);
/* Closed segments of every camera whose last frame is at or before
 * @ended_by, by start. */
GPtrArray    *vigil_store_segments_ended_by     (VigilStore         *self,
                                                 gint64              ended_by,
                                                 GError            **error);

/* The fewest days any retention rule keeps footage: the least of
 * @site_days and every family's and agreement's retention days. */
guint         vigil_store_min_retention_days    (VigilStore         *self,
                                                 guint               site_days,
                                                 GError            **error);

/* Gaps; an @end of 0 is an open gap. */
gint64        vigil_store_gap_insert            (VigilStore         *self,
                                                 gint64              camera_id,
                                                 gint64              start,
                                                 gint64              end,
                                                 VigilGapCause       cause,
                                                 const char         *detail,
                                                 GError            **error);
gboolean      vigil_store_gap_close             (VigilStore         *self,
                                                 gint64              gap_id,
                                                 gint64              end,
                                                 GError            **error);
VigilGap     *vigil_store_gap_get               (VigilStore         *self,
                                                 gint64              gap_id,
                                                 GError            **error);
GPtrArray    *vigil_store_gaps_open             (VigilStore         *self,
                                                 GError            **error);
/* Gaps of the camera overlapping [@from, @to), open ones included, by start. */
GPtrArray    *vigil_store_gaps_overlapping      (VigilStore         *self,
                                                 gint64              camera_id,
                                                 gint64              from,
                                                 gint64              to,
                                                 GError            **error);

/* Holds */
gint64        vigil_store_hold_insert           (VigilStore         *self,
                                                 gint64              camera_id,
                                                 gint64              from,
                                                 gint64              to,
                                                 const char         *reason,
                                                 const char         *until,
                                                 gint64              until_end,
                                                 const char         *placed_by,
                                                 gint64              placed_at,
                                                 GError            **error);
gboolean      vigil_store_hold_release          (VigilStore         *self,
                                                 gint64              hold_id,
                                                 gint64              released_at,
                                                 const char         *released_by,
                                                 const char         *reason,
                                                 GError            **error);
VigilHold    *vigil_store_hold_get              (VigilStore         *self,
                                                 gint64              hold_id,
                                                 GError            **error);
/* Every hold, newest first. */
GPtrArray    *vigil_store_holds_list            (VigilStore         *self,
                                                 GError            **error);
/* Holds not released whose until date has not ended at @now. */
GPtrArray    *vigil_store_holds_active          (VigilStore         *self,
                                                 gint64              now,
                                                 GError            **error);

/* Deletions: insert and list only; the schema refuses the rest. */
gint64        vigil_store_deletion_insert       (VigilStore         *self,
                                                 VigilSegment       *segment,
                                                 gint64              deleted_at,
                                                 const char         *why,
                                                 GError            **error);
GPtrArray    *vigil_store_deletions_list        (VigilStore         *self,
                                                 gint64              from,
                                                 gint64              to,
                                                 GError            **error);

/* A court bundle's master looked up (vigil_site_find_segment()): the
 * segment at @path or, only when there is none, those of the camera named
 * @camera (any case; %NULL: none) whose first frame is in [@from, @to). The
 * same for deletion records, in one list: those at @path first, newest
 * first. */
GPtrArray    *vigil_store_segments_matching     (VigilStore         *self,
                                                 const char         *path,
                                                 const char         *camera,
                                                 gint64              from,
                                                 gint64              to,
                                                 GError            **error);
GPtrArray    *vigil_store_deletions_matching    (VigilStore         *self,
                                                 const char         *path,
                                                 const char         *camera,
                                                 gint64              from,
                                                 gint64              to,
                                                 GError            **error);

GPtrArray    *vigil_store_deletions_overlapping (VigilStore         *self,
                                                 const char         *camera,
                                                 gint64              from,
                                                 gint64              to,
                                                 GError            **error);

/* The recorder's row and its cameras' rows, replaced whole. */
gboolean      vigil_store_recorder_replace      (VigilStore          *self,
                                                 VigilRecorderStatus *status,
                                                 GError             **error);
/* %NULL without an error when no recorder ever reported. */
VigilRecorderStatus *vigil_store_recorder_get   (VigilStore          *self,
                                                 GError             **error);

G_END_DECLS
