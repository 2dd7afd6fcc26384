/* vigil-window-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-window-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-window.h"

G_BEGIN_DECLS

/* The store fills in what only it knows. */
void vigil_window_set_stored (VigilWindow *self,
                              gint64       id,
                              gint64       family_id,
                              const char  *created_by,
                              gint64       created_at,
                              gint64       removed_at,
                              const char  *removed_by);

G_END_DECLS
