/* vigil-stage-change-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-stage-change-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-stage-change.h"

G_BEGIN_DECLS

VigilStageChange *vigil_stage_change_new (gint64            id,
                                          gint64            family_id,
                                          gint64            effective_at,
                                          VigilFamilyState  from_state,
                                          VigilFamilyState  to_state,
                                          const char       *changed_by,
                                          gint64            recorded_at,
                                          const char       *reason,
                                          const char       *evidence,
                                          gint64            cancelled_at,
                                          const char       *cancelled_by);

G_END_DECLS
