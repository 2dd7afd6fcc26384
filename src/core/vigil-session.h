/* vigil-session.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-role.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SESSION (vigil_session_get_type ())

G_DECLARE_FINAL_TYPE (VigilSession, vigil_session, VIGIL, SESSION, GObject)

const char *vigil_session_get_username     (VigilSession *self);
const char *vigil_session_get_display_name (VigilSession *self);
VigilRole   vigil_session_get_role         (VigilSession *self);
gint64      vigil_session_get_started_at   (VigilSession *self);

G_END_DECLS
