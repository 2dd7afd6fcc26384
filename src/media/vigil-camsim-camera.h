/* vigil-camsim-camera.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gst/rtsp-server/rtsp-server.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMSIM_CAMERA (vigil_camsim_camera_get_type ())

G_DECLARE_FINAL_TYPE (VigilCamsimCamera, vigil_camsim_camera, VIGIL, CAMSIM_CAMERA, GObject)

gboolean             vigil_camsim_scene_is_known         (const char         *scene);

VigilCamsimCamera   *vigil_camsim_camera_new_from_spec   (const char         *spec,
                                                          const char         *default_scene,
                                                          gboolean            replay,
                                                          GError            **error);
const char          *vigil_camsim_camera_get_path        (VigilCamsimCamera  *self);
guint                vigil_camsim_camera_get_width       (VigilCamsimCamera  *self);
guint                vigil_camsim_camera_get_height      (VigilCamsimCamera  *self);
guint                vigil_camsim_camera_get_fps         (VigilCamsimCamera  *self);
const char          *vigil_camsim_camera_get_codec       (VigilCamsimCamera  *self);
const char          *vigil_camsim_camera_get_audio       (VigilCamsimCamera  *self);
const char          *vigil_camsim_camera_get_scene       (VigilCamsimCamera  *self);
gboolean             vigil_camsim_camera_get_replay      (VigilCamsimCamera  *self);
guint                vigil_camsim_camera_get_bitrate     (VigilCamsimCamera  *self);
char                *vigil_camsim_camera_dup_launch_line (VigilCamsimCamera  *self);
char                *vigil_camsim_camera_dup_clip_description (VigilCamsimCamera *self);
gboolean             vigil_camsim_camera_check_elements  (VigilCamsimCamera  *self,
                                                          GError            **error);
gboolean             vigil_camsim_camera_prepare_replay  (VigilCamsimCamera  *self,
                                                          GHashTable         *clips,
                                                          GError            **error);
GstRTSPMediaFactory *vigil_camsim_camera_create_factory  (VigilCamsimCamera  *self,
                                                          GstClock           *clock);

G_END_DECLS
