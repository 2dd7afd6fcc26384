/* vigil-family-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-family-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-family.h"

G_BEGIN_DECLS

/* The store fills in what only it knows. */
void vigil_family_set_stored (VigilFamily *self,
                              gint64       id,
                              const char  *discharged_on,
                              gint64       created_at);

G_END_DECLS
