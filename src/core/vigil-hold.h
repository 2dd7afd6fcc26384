/* vigil-hold.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_HOLD (vigil_hold_get_type ())

G_DECLARE_FINAL_TYPE (VigilHold, vigil_hold, VIGIL, HOLD, GObject)

/* An evidence lock on one camera's footage in [from, to), placed by a team
 * lead with a reason until the end of a date; held footage is never
 * deleted. */
gint64      vigil_hold_get_id             (VigilHold *self);
const char *vigil_hold_get_camera         (VigilHold *self);
gint64      vigil_hold_get_from           (VigilHold *self);
gint64      vigil_hold_get_to             (VigilHold *self);
const char *vigil_hold_get_reason         (VigilHold *self);
const char *vigil_hold_get_until          (VigilHold *self);
gint64      vigil_hold_get_until_end      (VigilHold *self);
const char *vigil_hold_get_placed_by      (VigilHold *self);
gint64      vigil_hold_get_placed_at      (VigilHold *self);
gint64      vigil_hold_get_released_at    (VigilHold *self);
const char *vigil_hold_get_released_by    (VigilHold *self);
const char *vigil_hold_get_release_reason (VigilHold *self);

/* Not released, and @at is before the end of its until date. */
gboolean    vigil_hold_is_active          (VigilHold *self,
                                           gint64     at);
/* Whether it covers any frame of footage from @start to @end, both
 * included. */
gboolean    vigil_hold_overlaps           (VigilHold *self,
                                           gint64     start,
                                           gint64     end);

G_END_DECLS
