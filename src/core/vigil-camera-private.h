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

/* A camera's login name, kept in the Secret Service: one line of printable
 * text, at most 128 characters. */
gboolean vigil_camera_validate_username (const char  *username,
                                         GError     **error);

/* The store fills in what only it knows. */
void vigil_camera_set_stored (VigilCamera *self,
                              gint64       id,
                              gboolean     enabled,
                              gint64       created_at);

G_END_DECLS
