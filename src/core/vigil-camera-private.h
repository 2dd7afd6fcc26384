/* vigil-camera-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-camera-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-camera.h"

G_BEGIN_DECLS

/* The store fills in what only it knows. */
void vigil_camera_set_stored (VigilCamera *self,
                              gint64       id,
                              gboolean     enabled,
                              gint64       created_at);

G_END_DECLS
