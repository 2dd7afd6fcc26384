/* vigil-site-wall.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-site.h"

G_BEGIN_DECLS

/* The wall of monitors (vigil-site-wall.c): a team lead's login starts it,
 * and from then on the session shows, unattended, only what the centre's
 * rules let anyone see without a reason. Needs run-wall; audited
 * "wall-started" with how many screens it shows on. A wall's session is
 * refused every live view that needs a reason (a safeguarding concern, or a
 * duty's), and the refusal is on the trail. The wall ends with the
 * session's logout. */
gboolean   vigil_site_start_wall        (VigilSite            *self,
                                         VigilSession         *session,
                                         guint                 screens,
                                         GError              **error);
void       vigil_site_start_wall_async  (VigilSite            *self,
                                         VigilSession         *session,
                                         guint                 screens,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean   vigil_site_start_wall_finish (VigilSite            *self,
                                         GAsyncResult         *result,
                                         GError              **error);
gboolean   vigil_session_is_wall        (VigilSession         *session);

G_END_DECLS
