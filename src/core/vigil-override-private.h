/* vigil-override-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-override-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-override.h"

G_BEGIN_DECLS

VigilOverride *vigil_override_new (gint64      id,
                                   gint64      family_id,
                                   gint64      started_at,
                                   gint64      expires_at,
                                   const char *started_by,
                                   const char *rationale,
                                   gint64      renews,
                                   gint64      ended_at,
                                   const char *ended_by,
                                   const char *end_reason);

G_END_DECLS
