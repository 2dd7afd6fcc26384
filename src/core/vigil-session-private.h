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

/* Set only by the site's lock, unlock and logout calls, which audit them
 * (vigil-site-console.c); vigil_session_is_locked() is public. */
void          vigil_session_set_locked (VigilSession *self,
                                        gboolean      locked);
gboolean      vigil_session_is_ended   (VigilSession *self);
void          vigil_session_set_ended  (VigilSession *self);
/* Set only by vigil_site_start_wall(); vigil_session_is_wall() is public. */
void          vigil_session_set_wall   (VigilSession *self);

G_END_DECLS
