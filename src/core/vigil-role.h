/* vigil-role.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VIGIL_ROLE_OPERATOR,
  VIGIL_ROLE_TEAM_LEAD,
  VIGIL_ROLE_MANAGER,
} VigilRole;

/* What a role may do. Each later capability adds its permission here and to
 * the table in vigil-role.c; the core checks them on every call. */
typedef enum
{
  /* operators */
  VIGIL_PERMISSION_TAKE_DUTY,        /* take and end own duties, raise watch requests */
  VIGIL_PERMISSION_WRITE_NOTES,      /* observation summaries and addenda */
  /* team leads */
  VIGIL_PERMISSION_MANAGE_FAMILIES,  /* admit families, agreements */
  VIGIL_PERMISSION_CHANGE_STAGE,
  VIGIL_PERMISSION_EDIT_WINDOWS,
  VIGIL_PERMISSION_RUN_OVERRIDES,
  VIGIL_PERMISSION_ALLOCATE_DUTIES,  /* start duties for others, hand over */
  /* managers */
  VIGIL_PERMISSION_MANAGE_CAMERAS,   /* rooms and cameras */
  VIGIL_PERMISSION_MANAGE_STAFF,
  VIGIL_PERMISSION_MANAGE_SETTINGS,
} VigilPermission;

const char *vigil_role_to_string        (VigilRole        role);
gboolean    vigil_role_from_string      (const char      *text,
                                         VigilRole       *role,
                                         GError         **error);
const char *vigil_permission_to_string  (VigilPermission  permission);
gboolean    vigil_role_has_permission   (VigilRole        role,
                                         VigilPermission  permission);

G_END_DECLS
