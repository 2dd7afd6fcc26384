/* vigil-machine.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_MACHINE (vigil_machine_get_type ())

G_DECLARE_FINAL_TYPE (VigilMachine, vigil_machine, VIGIL, MACHINE, GObject)

/* One machine of a site of several: a laptop, the wall, a handheld or the
 * recorder's host, invited by a manager, joined once with the invitation,
 * and perhaps revoked. */

/* The kinds, as the store and vigilctl name them. */
#define VIGIL_MACHINE_KINDS "laptop, wall, handheld or recorder"
gboolean    vigil_machine_kind_is_valid   (const char   *kind);

VigilMachine *vigil_machine_new           (const char   *name,
                                           const char   *kind,
                                           gint64        invited_at,
                                           const char   *invited_by);
void        vigil_machine_set_joined      (VigilMachine *self,
                                           gint64        at,
                                           const char   *by);
void        vigil_machine_set_revoked     (VigilMachine *self,
                                           gint64        at,
                                           const char   *by,
                                           const char   *reason);

const char *vigil_machine_get_name        (VigilMachine *self);
const char *vigil_machine_get_kind        (VigilMachine *self);
gint64      vigil_machine_get_invited_at  (VigilMachine *self);
const char *vigil_machine_get_invited_by  (VigilMachine *self);
/* 0 and NULL until it joins. */
gint64      vigil_machine_get_joined_at   (VigilMachine *self);
const char *vigil_machine_get_joined_by   (VigilMachine *self);
/* 0 and NULL unless revoked. */
gint64      vigil_machine_get_revoked_at  (VigilMachine *self);
const char *vigil_machine_get_revoked_by  (VigilMachine *self);
const char *vigil_machine_get_revoke_reason (VigilMachine *self);

G_END_DECLS
