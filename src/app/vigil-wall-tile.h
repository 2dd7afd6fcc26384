/* vigil-wall-tile.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WALL_TILE (vigil_wall_tile_get_type ())

G_DECLARE_FINAL_TYPE (VigilWallTile, vigil_wall_tile, VIGIL, WALL_TILE, GtkWidget)

/* One camera on the wall: what the policy says about it (room, family,
 * stage, REC, sound, override), and its live view exactly as the core
 * allows: shown, asked for with a safeguarding concern, or refused in the
 * core's words. Every view started and stopped is on the audit trail. */
VigilWallTile *vigil_wall_tile_new        (VigilSite            *site,
                                           VigilSession         *session);
/* Shows @entry, starting or stopping the view as its decision says;
 * @my_duty is the logged-in member's open duty (or NULL). */
void           vigil_wall_tile_update     (VigilWallTile        *self,
                                           const VigilWallEntry *entry,
                                           VigilDuty            *my_duty);
const char    *vigil_wall_tile_get_camera (VigilWallTile        *self);
/* On the wall of monitors: no button, and never a concern asked for. */
void           vigil_wall_tile_set_unattended (VigilWallTile    *self,
                                               gboolean          unattended);
/* Stops the view, if any, saying @why on the audit trail. */
void           vigil_wall_tile_stop       (VigilWallTile        *self,
                                           const char           *why);

G_END_DECLS
