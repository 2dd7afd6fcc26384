/* vigil-staff-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-staff-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-staff.h"

G_BEGIN_DECLS

/* Set only by the store when it reads a row back. */
void vigil_staff_set_account_state (VigilStaff *self,
                                    gboolean    active,
                                    guint       failed_logins,
                                    gint64      locked_until);
void vigil_staff_set_reviewer      (VigilStaff *self,
                                    gboolean    reviewer);

G_END_DECLS
