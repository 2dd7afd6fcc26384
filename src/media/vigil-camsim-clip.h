/* vigil-camsim-clip.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMSIM_CLIP (vigil_camsim_clip_get_type ())

G_DECLARE_FINAL_TYPE (VigilCamsimClip, vigil_camsim_clip, VIGIL, CAMSIM_CLIP, GObject)

VigilCamsimClip *vigil_camsim_clip_new_encoded (const char       *description,
                                                GError          **error);
const char      *vigil_camsim_clip_get_description (VigilCamsimClip *self);
gboolean         vigil_camsim_clip_has_track   (VigilCamsimClip  *self,
                                                const char       *track);
GstClockTime     vigil_camsim_clip_get_period  (VigilCamsimClip  *self,
                                                const char       *track);
void             vigil_camsim_clip_feed        (VigilCamsimClip  *self,
                                                const char       *track,
                                                GstElement       *appsrc);

G_END_DECLS
