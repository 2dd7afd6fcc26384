/* vigil-family-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-family.h"

G_BEGIN_DECLS

/* The store fills in what only it knows. */
void vigil_family_set_stored (VigilFamily *self,
                              gint64       id,
                              const char  *discharged_on,
                              gint64       created_at);

G_END_DECLS
