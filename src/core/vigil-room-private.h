/* vigil-room-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-room-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-room.h"

G_BEGIN_DECLS

/* Rooms are made by the core from the store's rows; everyone else reads
 * them. */
VigilRoom *vigil_room_new (const char *name);

G_END_DECLS
