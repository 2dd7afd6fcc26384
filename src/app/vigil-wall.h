/* vigil-wall.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WALL (vigil_wall_get_type ())

G_DECLARE_FINAL_TYPE (VigilWall, vigil_wall, VIGIL, WALL, GtkWidget)

/* The wall: every enabled camera as a tile, in a grid that fits the window
 * (up to VIGIL_WALL_MAX_TILES; a line says how many more there are). */
#define VIGIL_WALL_MAX_TILES 25

VigilWall *vigil_wall_new   (VigilSite         *site,
                             VigilSession      *session);
/* Brings every tile up to @snapshot: new cameras get a tile, gone ones lose
 * theirs (their views stopped and audited). Returns how many it shows. */
guint      vigil_wall_apply (VigilWall         *self,
                             VigilWallSnapshot *snapshot);
/* Makes it screen @screen (from 0) of @screens on the wall of monitors,
 * before anything is applied: it then shows its even share of the cameras
 * anyone may see without a reason, and nothing else, with nothing to press
 * (every room that needs a reason, and every denied one, left out). */
void       vigil_wall_set_unattended (VigilWall    *self,
                                      guint         screen,
                                      guint         screens);
/* Stops every view (@why on the trail) and empties the wall. */
void       vigil_wall_clear (VigilWall         *self,
                             const char        *why);

G_END_DECLS
