/* vigil-site-recordings-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-site-recordings-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-site-centre-private.h"
#include "vigil-site-recordings.h"

G_BEGIN_DECLS

/* Shared by vigil-site-recordings.c and vigil-site-retention.c. */

/* "camera:Hall": how the trail names a camera. */
char     *vigil_site_recordings_camera_object (const char             *camera);
char     *vigil_site_recordings_utc_range     (gint64                  start,
                                               gint64                  end);
gboolean  vigil_site_recordings_check_range   (VigilSite              *self,
                                               gint64                  from,
                                               gint64                  to,
                                               GError                **error);

gboolean  vigil_site_place_hold               (VigilSite              *self,
                                               const char             *actor,
                                               const char             *camera,
                                               gint64                  from,
                                               gint64                  to,
                                               const char             *reason,
                                               const char             *until,
                                               GError                **error);

G_END_DECLS
