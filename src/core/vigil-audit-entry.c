/* vigil-audit-entry.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-audit"

#include "config.h"

#include "vigil-audit-entry.h"

/* One entry of the audit trail as read back; immutable, like the entry. */
struct _VigilAuditEntry
{
  GObject  parent_instance;

  gint64   seq;
  gint64   at;
  char    *actor;
  char    *action;
  char    *object;
  char    *reason;
  char    *detail;
  char    *machine;
};

G_DEFINE_FINAL_TYPE (VigilAuditEntry, vigil_audit_entry, G_TYPE_OBJECT)

static void
vigil_audit_entry_finalize (GObject *object)
{
  VigilAuditEntry *self = (VigilAuditEntry *)object;

  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->object, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->machine, g_free);

  G_OBJECT_CLASS (vigil_audit_entry_parent_class)->finalize (object);
}

static void
vigil_audit_entry_class_init (VigilAuditEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_audit_entry_finalize;
}

static void
vigil_audit_entry_init (VigilAuditEntry *self)
{
}

VigilAuditEntry *
vigil_audit_entry_new (gint64      seq,
                       gint64      at_us,
                       const char *actor,
                       const char *action,
                       const char *object,
                       const char *reason,
                       const char *detail,
                       const char *machine)
{
  VigilAuditEntry *self = g_object_new (VIGIL_TYPE_AUDIT_ENTRY, NULL);

  self->seq = seq;
  self->at = at_us;
  self->actor = g_strdup (actor);
  self->action = g_strdup (action);
  self->object = g_strdup (object);
  self->reason = g_strdup (reason);
  self->detail = g_strdup (detail);
  self->machine = g_strdup (machine);

  return self;
}

gint64
vigil_audit_entry_get_seq (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), 0);
  return self->seq;
}

gint64
vigil_audit_entry_get_at (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), 0);
  return self->at;
}

const char *
vigil_audit_entry_get_actor (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), NULL);
  return self->actor;
}

const char *
vigil_audit_entry_get_action (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), NULL);
  return self->action;
}

const char *
vigil_audit_entry_get_object (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), NULL);
  return self->object;
}

const char *
vigil_audit_entry_get_reason (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), NULL);
  return self->reason;
}

const char *
vigil_audit_entry_get_detail (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), NULL);
  return self->detail;
}

/**
 * vigil_audit_entry_get_machine:
 *
 * Returns: (nullable): the machine the entry was written on, for a site of
 *   several machines; %NULL on a single machine
 */
const char *
vigil_audit_entry_get_machine (VigilAuditEntry *self)
{
  g_return_val_if_fail (VIGIL_IS_AUDIT_ENTRY (self), NULL);
  return self->machine;
}
