/* vigil-policy-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-policy-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-policy.h"

G_BEGIN_DECLS

/* One run of @window, from @start to @end, exactly as the engine counts it:
 * wall-clock times by DESIGN.md's clock-change rule, past midnight when the
 * end is not after the start, and only while the window existed. */
typedef void (*VigilPolicyWindowRunFunc) (const VigilPolicyWindow *window,
                                          gint64                   start,
                                          gint64                   end,
                                          gpointer                 user_data);

/* Calls @func for every run of @input's windows that overlaps [@from, @to),
 * unclipped. A run the clocks swallow (01:15–01:45 the night they go
 * forward) has no length and is not a run. */
void  vigil_policy_foreach_window_run (const VigilPolicyInput   *input,
                                       gint64                    from,
                                       gint64                    to,
                                       VigilPolicyWindowRunFunc  func,
                                       gpointer                  user_data);

G_END_DECLS
