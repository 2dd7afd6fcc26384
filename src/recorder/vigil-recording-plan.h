/* vigil-recording-plan.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-core.h"

G_BEGIN_DECLS

/* When one camera must be recorded, as the policy says, and what to do with
 * each frame: the recorder's decisions, kept apart from files and threads so
 * that they can be checked against a clock the tests control.
 *
 * The plan holds the intervals in which the policy records the camera (from
 * now on, as far as the policy's next changes go) and whether a segment is
 * open. A frame's time decides: a frame outside every interval is never
 * written; a segment opens only at a keyframe; a segment that has run its
 * length, or whose interval ended or changed (a policy change), is rolled
 * over at the next keyframe, so that video never pauses where recording
 * goes on. The plan is safe to use from two threads: one that replaces the
 * intervals, one that writes. */

typedef struct
{
  gint64    start;     /* µs since 1970, inclusive */
  gint64    end;       /* exclusive; G_MAXINT64: no end in sight */
  gboolean  audio;     /* sound is recorded (the policy allows it and the camera has it) */
  char     *basis;     /* the policy's words */
} VigilPlanInterval;

typedef enum
{
  VIGIL_PLAN_SKIP,     /* not recorded */
  VIGIL_PLAN_WRITE,    /* into the open segment */
  VIGIL_PLAN_OPEN,     /* open a segment with this frame, then write it */
  VIGIL_PLAN_ROLL,     /* close the open segment, open one with this frame */
  VIGIL_PLAN_CLOSE,    /* close the open segment; the frame is not recorded */
} VigilPlanAction;

typedef struct _VigilRecordingPlan VigilRecordingPlan;

VigilRecordingPlan *vigil_recording_plan_new           (gint64              segment_us);
void                vigil_recording_plan_free          (VigilRecordingPlan *plan);
void                vigil_recording_plan_set_segment_length (VigilRecordingPlan *plan,
                                                             gint64              segment_us);

/* Replaces the intervals (sorted, not overlapping). An interval that is the
 * same as one the plan had (or that continues the one @now falls in, with
 * the same end and sound) keeps its identity, so that re-reading an
 * unchanged policy never splits a segment. Returns whether anything
 * changed. */
gboolean            vigil_recording_plan_set_intervals (VigilRecordingPlan      *plan,
                                                        const VigilPlanInterval *intervals,
                                                        guint                    n_intervals,
                                                        gint64                   now);

/* Whether the policy records at @at; with @interval, a copy of the
 * interval (clear it with vigil_plan_interval_clear). */
gboolean            vigil_recording_plan_lookup        (VigilRecordingPlan *plan,
                                                        gint64              at,
                                                        VigilPlanInterval  *interval);
/* The end of the last interval the plan knows, or 0 with none. */
gint64              vigil_recording_plan_get_horizon   (VigilRecordingPlan *plan);

/* A video frame at @at: what to do with it. @may_open is %FALSE while no
 * new segment may start (the disk is full, or the last one failed); a
 * segment due to roll is then closed instead. The plan takes it that the
 * caller did as told. */
VigilPlanAction     vigil_recording_plan_video         (VigilRecordingPlan *plan,
                                                        gint64              at,
                                                        gboolean            keyframe,
                                                        gboolean            may_open);
/* Whether an audio frame at @at goes into the open segment. */
gboolean            vigil_recording_plan_audio         (VigilRecordingPlan *plan,
                                                        gint64              at);
/* Whether the segment opened last has a sound track. */
gboolean            vigil_recording_plan_segment_audio (VigilRecordingPlan *plan);
gboolean            vigil_recording_plan_is_open       (VigilRecordingPlan *plan);
/* With no frame coming: whether the open segment must close at @now
 * (its interval ended more than @grace_us ago). */
gboolean            vigil_recording_plan_due_to_close  (VigilRecordingPlan *plan,
                                                        gint64              now,
                                                        gint64              grace_us);
/* Bumped whenever vigil_recording_plan_set_intervals() changes anything. */
guint               vigil_recording_plan_get_generation (VigilRecordingPlan *plan);
/* How long, as the plan now reads, the open segment may run: the end of
 * the intervals that cover it without a break from its start (its start
 * itself when none does; G_MAXINT64 with no end, or no open segment).
 * Frames already written from then on are to be taken back. */
gint64              vigil_recording_plan_open_until (VigilRecordingPlan *plan);
/* The segment was closed for a reason of the caller's (the camera lost, a
 * write failed, the recorder stopping). */
void                vigil_recording_plan_closed        (VigilRecordingPlan *plan);

void                vigil_plan_interval_clear          (VigilPlanInterval  *interval);

/* Reads the policy for @camera from @from until @to (or @max_intervals)
 * into @intervals (of VigilPlanInterval, from vigil_plan_intervals_new()):
 * the intervals in which it records, the first starting at @from at the
 * earliest, the last ending where the policy next changes (not clipped to
 * @to). */
gboolean            vigil_recording_plan_read_policy   (VigilSite          *site,
                                                        const char         *camera,
                                                        gboolean            camera_has_audio,
                                                        gint64              from,
                                                        gint64              to,
                                                        guint               max_intervals,
                                                        GArray             *intervals,
                                                        GError            **error);
GArray             *vigil_plan_intervals_new           (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilPlanInterval, vigil_plan_interval_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRecordingPlan, vigil_recording_plan_free)

G_END_DECLS
