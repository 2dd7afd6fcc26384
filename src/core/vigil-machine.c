/* vigil-machine.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vigil-machine.h"

struct _VigilMachine
{
  GObject  parent_instance;

  char    *name;
  char    *kind;
  gint64   invited_at;
  char    *invited_by;
  gint64   joined_at;
  char    *joined_by;
  gint64   revoked_at;
  char    *revoked_by;
  char    *revoke_reason;
};

G_DEFINE_FINAL_TYPE (VigilMachine, vigil_machine, G_TYPE_OBJECT)

static void
vigil_machine_finalize (GObject *object)
{
  VigilMachine *self = VIGIL_MACHINE (object);

  g_free (self->name);
  g_free (self->kind);
  g_free (self->invited_by);
  g_free (self->joined_by);
  g_free (self->revoked_by);
  g_free (self->revoke_reason);

  G_OBJECT_CLASS (vigil_machine_parent_class)->finalize (object);
}

static void
vigil_machine_class_init (VigilMachineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_machine_finalize;
}

static void
vigil_machine_init (VigilMachine *self)
{
}

gboolean
vigil_machine_kind_is_valid (const char *kind)
{
  static const char *const kinds[] = { "laptop", "wall", "handheld", "recorder", NULL };

  return kind != NULL && g_strv_contains (kinds, kind);
}

VigilMachine *
vigil_machine_new (const char *name,
                   const char *kind,
                   gint64      invited_at,
                   const char *invited_by)
{
  VigilMachine *self = g_object_new (VIGIL_TYPE_MACHINE, NULL);

  self->name = g_strdup (name);
  self->kind = g_strdup (kind);
  self->invited_at = invited_at;
  self->invited_by = g_strdup (invited_by);
  return self;
}

void
vigil_machine_set_joined (VigilMachine *self,
                          gint64        at,
                          const char   *by)
{
  g_return_if_fail (VIGIL_IS_MACHINE (self));

  self->joined_at = at;
  g_free (self->joined_by);
  self->joined_by = g_strdup (by);
}

void
vigil_machine_set_revoked (VigilMachine *self,
                           gint64        at,
                           const char   *by,
                           const char   *reason)
{
  g_return_if_fail (VIGIL_IS_MACHINE (self));

  self->revoked_at = at;
  g_free (self->revoked_by);
  self->revoked_by = g_strdup (by);
  g_free (self->revoke_reason);
  self->revoke_reason = g_strdup (reason);
}

const char *
vigil_machine_get_name (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), NULL);
  return self->name;
}

const char *
vigil_machine_get_kind (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), NULL);
  return self->kind;
}

gint64
vigil_machine_get_invited_at (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), 0);
  return self->invited_at;
}

const char *
vigil_machine_get_invited_by (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), NULL);
  return self->invited_by;
}

gint64
vigil_machine_get_joined_at (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), 0);
  return self->joined_at;
}

const char *
vigil_machine_get_joined_by (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), NULL);
  return self->joined_by;
}

gint64
vigil_machine_get_revoked_at (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), 0);
  return self->revoked_at;
}

const char *
vigil_machine_get_revoked_by (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), NULL);
  return self->revoked_by;
}

const char *
vigil_machine_get_revoke_reason (VigilMachine *self)
{
  g_return_val_if_fail (VIGIL_IS_MACHINE (self), NULL);
  return self->revoke_reason;
}
