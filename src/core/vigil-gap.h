/* vigil-gap.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* Why the policy required recording and none was made. */
typedef enum
{
  VIGIL_GAP_CAMERA_OFFLINE,
  VIGIL_GAP_RECORDER_DOWN,
  VIGIL_GAP_DISK_FULL,
  VIGIL_GAP_ERROR,
} VigilGapCause;

#define VIGIL_TYPE_GAP (vigil_gap_get_type ())

G_DECLARE_FINAL_TYPE (VigilGap, vigil_gap, VIGIL, GAP, GObject)

gint64         vigil_gap_get_id     (VigilGap *self);
const char    *vigil_gap_get_camera (VigilGap *self);
gint64         vigil_gap_get_start  (VigilGap *self);
gint64         vigil_gap_get_end    (VigilGap *self);
VigilGapCause  vigil_gap_get_cause  (VigilGap *self);
const char    *vigil_gap_get_detail (VigilGap *self);

/* "camera-offline", "recorder-down", "disk-full", "error". */
const char    *vigil_gap_cause_to_string   (VigilGapCause   cause);
gboolean       vigil_gap_cause_from_string (const char     *text,
                                            VigilGapCause  *cause,
                                            GError        **error);

G_END_DECLS
