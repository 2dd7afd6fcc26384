/* vigil-stage-change.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-policy.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_STAGE_CHANGE (vigil_stage_change_get_type ())

G_DECLARE_FINAL_TYPE (VigilStageChange, vigil_stage_change, VIGIL, STAGE_CHANGE, GObject)

gint64            vigil_stage_change_get_id            (VigilStageChange *self);
gint64            vigil_stage_change_get_family_id     (VigilStageChange *self);
gint64            vigil_stage_change_get_effective_at  (VigilStageChange *self);
VigilFamilyState  vigil_stage_change_get_from_state    (VigilStageChange *self);
VigilFamilyState  vigil_stage_change_get_to_state      (VigilStageChange *self);
const char       *vigil_stage_change_get_changed_by    (VigilStageChange *self);
gint64            vigil_stage_change_get_recorded_at   (VigilStageChange *self);
const char       *vigil_stage_change_get_reason        (VigilStageChange *self);
const char       *vigil_stage_change_get_evidence      (VigilStageChange *self);
gint64            vigil_stage_change_get_cancelled_at  (VigilStageChange *self);
const char       *vigil_stage_change_get_cancelled_by  (VigilStageChange *self);
gboolean          vigil_stage_change_is_pending        (VigilStageChange *self,
                                                        gint64            now);

/* "stage 1" … "stage 4", "recording off", translated: for messages and
 * listings, never for records (vigil_family_state_to_string() is for
 * those). */
const char       *vigil_stage_change_describe_state    (VigilFamilyState  state);

/* The state in force at @at according to @changes (VigilStageChange, in
 * effective order, as the store lists them); cancelled changes are skipped.
 * VIGIL_STATE_NONE before the first. */
VigilFamilyState  vigil_stage_change_list_state_at     (GPtrArray        *changes,
                                                        gint64            at);

G_END_DECLS
