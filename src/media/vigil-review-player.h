/* vigil-review-player.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

#include "vigil-camera-source.h"  /* VIGIL_CAMERA_FRAME_FORMAT */
#include "vigil-core.h"

G_BEGIN_DECLS

/* Plays a camera's recorded segments ("masters") for a CCTV Review as one
 * timeline, in the site's wall-clock time: every frame is known by the
 * instant it was recorded. docs/media.md, "Reviewing recorded footage: the
 * player", says how segments are joined and timed. */

typedef enum
{
  VIGIL_REVIEW_STATE_PAUSED,
  VIGIL_REVIEW_STATE_PLAYING,
  VIGIL_REVIEW_STATE_ENDED,     /* the last frame is shown */
} VigilReviewState;

/* One master, as the store records it. */
typedef struct
{
  const char *path;       /* the file (with the recordings folder) */
  gint64      start_us;   /* its first frame, µs since 1970 UTC */
  gint64      end_us;     /* its last frame */
  gboolean    audio;      /* whether it holds sound */
} VigilReviewPart;

#define VIGIL_TYPE_REVIEW_PLAYER (vigil_review_player_get_type ())

G_DECLARE_FINAL_TYPE (VigilReviewPlayer, vigil_review_player, VIGIL, REVIEW_PLAYER, GObject)

/* @parts in order of time, not overlapping, played from @from_us to before
 * @to_us (G_MININT64 and G_MAXINT64 for all of them): nothing recorded
 * outside that range is shown or heard, but for the frame on screen at
 * @from_us, recorded at or before it. The player is created paused at the
 * range's first frame, on the calling thread's thread-default main context,
 * which all its signals and notifications are emitted on. A master that
 * cannot be found is reported by "error" (once a handler can be connected,
 * on the next main loop iteration) and left out, as a gap. */
VigilReviewPlayer *vigil_review_player_new              (const VigilReviewPart *parts,
                                                         guint                  n_parts,
                                                         gint64                 from_us,
                                                         gint64                 to_us);
/* The VigilSegment of vigil_site_open_review(), in @recordings_dir, from
 * @from_us to before @to_us: the range the review was granted for. */
VigilReviewPlayer *vigil_review_player_new_for_segments (GPtrArray             *segments,
                                                         const char            *recordings_dir,
                                                         gint64                 from_us,
                                                         gint64                 to_us);

void               vigil_review_player_play             (VigilReviewPlayer     *self);
void               vigil_review_player_pause            (VigilReviewPlayer     *self);
/* Shows the frame recorded at or before @wall_clock_us (the first frame
 * for an instant before it; within a gap, the last frame before it). */
void               vigil_review_player_seek             (VigilReviewPlayer     *self,
                                                         gint64                 wall_clock_us);
/* Pauses, and moves @frames frames on (negative: back). */
void               vigil_review_player_step             (VigilReviewPlayer     *self,
                                                         int                    frames);
/* 0.5, 1, 2, 4 or 8 ("rate"). Sound plays at 1 only. */
void               vigil_review_player_set_rate         (VigilReviewPlayer     *self,
                                                         double                 rate);
double             vigil_review_player_get_rate         (VigilReviewPlayer     *self);

VigilReviewState   vigil_review_player_get_state        (VigilReviewPlayer     *self);
/* The wall-clock time (µs since 1970 UTC) the frame on screen was recorded
 * ("position", notified at most four times a second while playing). */
gint64             vigil_review_player_get_position     (VigilReviewPlayer     *self);
/* Where the range played starts and ends: the first frame's time or
 * @from_us, whichever is later, and the last frame's or @to_us, whichever
 * is earlier. */
gint64             vigil_review_player_get_start        (VigilReviewPlayer     *self);
gint64             vigil_review_player_get_end          (VigilReviewPlayer     *self);

/* As vigil_camera_source_set_frame_size(): frames are scaled in the
 * pipeline to @width x @height, 0 x 0 for the recorded size. */
void               vigil_review_player_set_frame_size   (VigilReviewPlayer     *self,
                                                         guint                  width,
                                                         guint                  height);
/* The newest frame shown (VIGIL_CAMERA_FRAME_FORMAT), or %NULL when none
 * came since the last call ("frame" says one did). @wall_clock_us: when it
 * was recorded. The sample's info ("vigil-review-frame") has that time as
 * "wall-clock" (gint64) and, as "shown" (guint64), how many frames the
 * player has shown: a caller that pulls less often than frames come can
 * tell how many went by. */
GstSample         *vigil_review_player_pull_frame       (VigilReviewPlayer     *self,
                                                         gint64                *wall_clock_us);

/* 0.0 to 1.0 ("volume"); default 1.0. */
void               vigil_review_player_set_volume       (VigilReviewPlayer     *self,
                                                         double                 volume);
double             vigil_review_player_get_volume       (VigilReviewPlayer     *self);
/* "muted"; default %FALSE. */
void               vigil_review_player_set_muted        (VigilReviewPlayer     *self,
                                                         gboolean               muted);
gboolean           vigil_review_player_get_muted        (VigilReviewPlayer     *self);

G_END_DECLS
