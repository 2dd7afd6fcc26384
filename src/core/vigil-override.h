/* vigil-override.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_OVERRIDE (vigil_override_get_type ())

G_DECLARE_FINAL_TYPE (VigilOverride, vigil_override, VIGIL, OVERRIDE, GObject)

/* DESIGN.md: 24 hours unless set shorter, at most 72. */
#define VIGIL_OVERRIDE_DEFAULT_HOURS 24
#define VIGIL_OVERRIDE_MAX_HOURS     72

gint64      vigil_override_get_id          (VigilOverride *self);
gint64      vigil_override_get_family_id   (VigilOverride *self);
gint64      vigil_override_get_started_at  (VigilOverride *self);
gint64      vigil_override_get_expires_at  (VigilOverride *self);
gint64      vigil_override_get_ended_at    (VigilOverride *self);
const char *vigil_override_get_started_by  (VigilOverride *self);
const char *vigil_override_get_rationale   (VigilOverride *self);
const char *vigil_override_get_ended_by    (VigilOverride *self);
const char *vigil_override_get_end_reason  (VigilOverride *self);
gint64      vigil_override_get_renews      (VigilOverride *self);

/* When it stops (or stopped) recording: its expiry, or when it was ended
 * early, whichever comes first. */
gint64      vigil_override_get_end         (VigilOverride *self);
gboolean    vigil_override_is_running      (VigilOverride *self,
                                            gint64         at);

G_END_DECLS
