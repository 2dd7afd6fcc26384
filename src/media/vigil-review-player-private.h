/* vigil-review-player-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "vigil-media-types.h"
#include "vigil-review-player.h"

G_BEGIN_DECLS

/* What VigilReviewPlayer reads its masters with
 * (vigil-review-player-reader.c): the timeline the masters are laid on, an
 * index of each master's frames read from its Matroska, and one cursor per
 * kind of frame that an appsrc pulls from. */

/* One frame in a master, as its index has it. */
typedef struct
{
  gint64   ms;        /* from the master's start */
  guint64  offset;    /* of the frame's bytes */
  guint32  size;
  guint8   kind;      /* VigilMediaKind */
  gboolean key;
} VigilReviewBlock;

/* One master, and where it plays. */
typedef struct
{
  char         *path;
  gint64        start_us;
  gint64        end_us;
  gboolean      audio;
  /* Where the master plays on the pipeline's timeline, which runs through
   * the masters end to end with long gaps left out. */
  GstClockTime  timeline;
  GstClockTime  timeline_end;
  /* Under the shared lock: read when first played, dropped when far
   * behind. */
  GArray       *blocks;
  GArray       *video_ms;   /* gint64, each video frame's time, rising */
  GstCaps      *caps[2];
  gboolean      failed;
} VigilReviewMaster;

/* What the player shares with GStreamer's threads, which outlive it a
 * moment when it is disposed while they run. */
typedef struct
{
  VigilReviewMaster *parts;          /* their timeline never changes */
  guint              n_parts;
  /* The range played, on the timeline: frames from its end on are not
   * read, and those over before its start are not shown. Never changes. */
  GstClockTime       clip_start;
  GstClockTime       clip_end;
  GSource           *wake;           /* dispatched on the player's main context */

  GMutex             lock;           /* everything below, and each master's index */
  guint              cursor_part[2];
  GPtrArray         *errors;         /* messages for the main context */
  GstSample         *newest;         /* not yet pulled */
  gint64             newest_wall;
  GstClockTime       shown_pts;      /* the last frame shown */
  GstClockTime       dedupe_pts;     /* the same, but GST_CLOCK_TIME_NONE after a seek */
  GstClockTime       shown_duration;
  gint64             shown_wall;
  guint64            shown_serial;
} VigilReviewShared;

/* One track's reader, behind its appsrc; only ever used on the appsrc's
 * streaming thread (seeks hold its stream lock). */
typedef struct
{
  VigilReviewShared *shared;
  VigilMediaKind     kind;
  guint              part;
  guint              block;
  int                fd;       /* the part's file, or -1 */
  guint              fd_part;
  GstCaps           *caps;     /* the last set on the appsrc */
  gboolean           discont;
} VigilReviewCursor;

/* @parts laid on the timeline, played from @from_us to before @to_us. */
VigilReviewShared *vigil_review_shared_new        (const VigilReviewPart *parts,
                                                   guint                  n_parts,
                                                   gint64                 from_us,
                                                   gint64                 to_us);
VigilReviewShared *vigil_review_shared_ref        (VigilReviewShared *shared);
void               vigil_review_shared_unref      (VigilReviewShared *shared);
/* Runs the wake source on its main context, from any thread. */
void               vigil_review_shared_wake       (VigilReviewShared *shared);
/* The master playing at @pts (the last before it beyond the end). */
guint              vigil_review_shared_part_at    (VigilReviewShared *shared,
                                                   GstClockTime           pts);
gint64             vigil_review_shared_wall_clock (VigilReviewShared *shared,
                                                   GstClockTime           pts);
GstClockTime       vigil_review_shared_timeline_of (VigilReviewShared *shared,
                                                    gint64                wall_clock_us);
/* Whether a frame at @pts lasting @duration is inside the range played. */
gboolean           vigil_review_shared_in_range   (VigilReviewShared *shared,
                                                   GstClockTime       pts,
                                                   GstClockTime       duration);
/* The time of the frame @pts falls in, with the lock held. */
GstClockTime       vigil_review_shared_frame_pts_locked (VigilReviewShared *shared,
                                                         GstClockTime       pts);

VigilReviewCursor *vigil_review_cursor_new        (VigilReviewShared *shared,
                                                   VigilMediaKind         kind);
void               vigil_review_cursor_free       (VigilReviewCursor *cursor);
/* The next frame, timed on the timeline, or %NULL at the end. @caps: set
 * to the frame's when they differ from the last frame's. */
GstBuffer         *vigil_review_cursor_next       (VigilReviewCursor *cursor,
                                                   GstCaps              **caps);
/* To the keyframe at or before @target (video), or a little before it
 * (sound). */
void               vigil_review_cursor_seek       (VigilReviewCursor *cursor,
                                                   GstClockTime           target);

G_END_DECLS
