/* vigil-room.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ROOM (vigil_room_get_type ())

G_DECLARE_FINAL_TYPE (VigilRoom, vigil_room, VIGIL, ROOM, GObject)

const char *vigil_room_get_name (VigilRoom *self);

G_END_DECLS
