/* vigil-watch-request-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-watch-request-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-watch-request.h"

G_BEGIN_DECLS

/* Watch requests are made and closed by the store and the site
 * (vigil-store-duty.c, vigil-site-watch.c, vigil-site-duty.c); everyone
 * else reads them. */

VigilWatchRequest *vigil_watch_request_new        (gint64             id,
                                                   const char        *case_ref,
                                                   const char        *family_label,
                                                   gint64             requested_at,
                                                   const char        *requested_by,
                                                   const char        *reason);
void               vigil_watch_request_set_closed (VigilWatchRequest *self,
                                                   gint64             closed_at,
                                                   const char        *closed_by);
void               vigil_watch_request_set_withdrawn (VigilWatchRequest *self,
                                                      const char        *reason);

G_END_DECLS
