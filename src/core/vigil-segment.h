/* vigil-segment.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* Where a segment is in its life: written to (open), kept (closed), or
 * marked for deletion and not yet recorded as deleted (deleting). */
typedef enum
{
  VIGIL_SEGMENT_OPEN,
  VIGIL_SEGMENT_CLOSED,
  VIGIL_SEGMENT_DELETING,
} VigilSegmentState;

#define VIGIL_TYPE_SEGMENT (vigil_segment_get_type ())

G_DECLARE_FINAL_TYPE (VigilSegment, vigil_segment, VIGIL, SEGMENT, GObject)

/* One recorded file of one camera. Times are microseconds since 1970 UTC:
 * the first and the last frame. */
gint64             vigil_segment_get_id     (VigilSegment *self);
const char        *vigil_segment_get_camera (VigilSegment *self);
const char        *vigil_segment_get_path   (VigilSegment *self);
gint64             vigil_segment_get_start  (VigilSegment *self);
gint64             vigil_segment_get_end    (VigilSegment *self);
guint64            vigil_segment_get_bytes  (VigilSegment *self);
const char        *vigil_segment_get_sha256 (VigilSegment *self);
gboolean           vigil_segment_get_audio  (VigilSegment *self);
VigilSegmentState  vigil_segment_get_state  (VigilSegment *self);

const char        *vigil_segment_state_to_string   (VigilSegmentState   state);
gboolean           vigil_segment_state_from_string (const char         *text,
                                                    VigilSegmentState  *state,
                                                    GError            **error);

G_END_DECLS
