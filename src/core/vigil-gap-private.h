/* vigil-gap-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-gap-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-gap.h"

G_BEGIN_DECLS

VigilGap *vigil_gap_new (gint64         id,
                         const char    *camera,
                         gint64         start,
                         gint64         end,
                         VigilGapCause  cause,
                         const char    *detail);

G_END_DECLS
