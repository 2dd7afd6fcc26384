/* vigil-camera.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-policy.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMERA (vigil_camera_get_type ())

G_DECLARE_FINAL_TYPE (VigilCamera, vigil_camera, VIGIL, CAMERA, GObject)

VigilCamera   *vigil_camera_new                   (const char    *name,
                                                   VigilLocation  location,
                                                   const char    *room,
                                                   const char    *url,
                                                   const char    *sub_url,
                                                   gboolean       has_audio);
gint64         vigil_camera_get_id                (VigilCamera   *self);
const char    *vigil_camera_get_name              (VigilCamera   *self);
VigilLocation  vigil_camera_get_location          (VigilCamera   *self);
const char    *vigil_camera_get_room              (VigilCamera   *self);
const char    *vigil_camera_get_url               (VigilCamera   *self);
const char    *vigil_camera_get_sub_url           (VigilCamera   *self);
gboolean       vigil_camera_get_has_audio         (VigilCamera   *self);
gboolean       vigil_camera_get_enabled           (VigilCamera   *self);
gint64         vigil_camera_get_created_at        (VigilCamera   *self);

const char    *vigil_camera_location_to_string    (VigilLocation  location);
gboolean       vigil_camera_location_from_string  (const char    *text,
                                                   VigilLocation *location,
                                                   GError       **error);

/* Refuses a name that places a camera in a bathroom or toilet; @what says
 * which field it came from ("camera name", "room"). */
gboolean       vigil_camera_check_not_bathroom    (const char    *text,
                                                   const char    *what,
                                                   GError       **error);
gboolean       vigil_camera_validate_url          (const char    *url,
                                                   const char    *what,
                                                   GError       **error);
gboolean       vigil_camera_validate              (VigilCamera   *self,
                                                   GError       **error);

G_END_DECLS
