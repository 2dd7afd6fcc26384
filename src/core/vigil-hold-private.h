/* vigil-hold-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-hold-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-hold.h"

G_BEGIN_DECLS

VigilHold *vigil_hold_new         (gint64      id,
                                   const char *camera,
                                   gint64      from,
                                   gint64      to,
                                   const char *reason,
                                   const char *until,
                                   gint64      until_end,
                                   const char *placed_by,
                                   gint64      placed_at);
void       vigil_hold_set_release (VigilHold  *self,
                                   gint64      released_at,
                                   const char *released_by,
                                   const char *release_reason);

G_END_DECLS
