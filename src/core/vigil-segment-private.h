/* vigil-segment-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-segment-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-segment.h"

G_BEGIN_DECLS

VigilSegment *vigil_segment_new (gint64             id,
                                 const char        *camera,
                                 const char        *path,
                                 gint64             start,
                                 gint64             end,
                                 guint64            bytes,
                                 const char        *sha256,
                                 gboolean           audio,
                                 VigilSegmentState  state);

G_END_DECLS
