/* vigil-room-chooser.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ROOM_CHOOSER (vigil_room_chooser_get_type ())

G_DECLARE_FINAL_TYPE (VigilRoomChooser, vigil_room_chooser, VIGIL, ROOM_CHOOSER, GtkWidget)

/* The site's rooms as a group of toggle buttons, one chosen at most: drop
 * downs and combo rows offer no action over AT-SPI, buttons do. Each
 * button is named by its room. */
VigilRoomChooser *vigil_room_chooser_new      (void);
/* Reads the rooms again; the room chosen stays chosen while it exists. */
void              vigil_room_chooser_load     (VigilRoomChooser *self,
                                               VigilSite        *site);
/* The room chosen, or %NULL. */
const char       *vigil_room_chooser_get_room (VigilRoomChooser *self);

G_END_DECLS
