/* vigil-audit-entry.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_AUDIT_ENTRY (vigil_audit_entry_get_type ())

G_DECLARE_FINAL_TYPE (VigilAuditEntry, vigil_audit_entry, VIGIL, AUDIT_ENTRY, GObject)

VigilAuditEntry *vigil_audit_entry_new        (gint64           seq,
                                               gint64           at_us,
                                               const char      *actor,
                                               const char      *action,
                                               const char      *object,
                                               const char      *reason,
                                               const char      *detail,
                                               const char      *machine);
gint64           vigil_audit_entry_get_seq    (VigilAuditEntry *self);
gint64           vigil_audit_entry_get_at     (VigilAuditEntry *self);
const char      *vigil_audit_entry_get_actor  (VigilAuditEntry *self);
const char      *vigil_audit_entry_get_action (VigilAuditEntry *self);
const char      *vigil_audit_entry_get_object (VigilAuditEntry *self);
const char      *vigil_audit_entry_get_reason (VigilAuditEntry *self);
const char      *vigil_audit_entry_get_detail (VigilAuditEntry *self);
const char      *vigil_audit_entry_get_machine (VigilAuditEntry *self);

G_END_DECLS
