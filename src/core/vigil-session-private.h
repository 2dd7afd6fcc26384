/* vigil-session-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-session-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-session.h"
#include "vigil-staff.h"

G_BEGIN_DECLS

/* Only a successful login makes a session: that is what lets every core call
 * trust the actor it is given. */
VigilSession *vigil_session_new (gpointer    site,
                                 VigilStaff *staff,
                                 gint64      started_at);
gpointer      vigil_session_get_site (VigilSession *self);

G_END_DECLS
