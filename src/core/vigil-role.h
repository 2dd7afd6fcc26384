/* vigil-role.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-types.h"

G_BEGIN_DECLS

const char *vigil_role_to_string        (VigilRole        role);
gboolean    vigil_role_from_string      (const char      *text,
                                         VigilRole       *role,
                                         GError         **error);
const char *vigil_permission_to_string  (VigilPermission  permission);
gboolean    vigil_role_has_permission   (VigilRole        role,
                                         VigilPermission  permission);

G_END_DECLS
