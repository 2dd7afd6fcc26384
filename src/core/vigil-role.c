/* vigil-role.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-role"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-role.h"

static const char * const role_names[] = {
  [VIGIL_ROLE_OPERATOR] = "operator",
  [VIGIL_ROLE_TEAM_LEAD] = "team-lead",
  [VIGIL_ROLE_MANAGER] = "manager",
};

static const char * const permission_names[] = {
  [VIGIL_PERMISSION_TAKE_DUTY] = "take-duty",
  [VIGIL_PERMISSION_WRITE_NOTES] = "write-notes",
  [VIGIL_PERMISSION_MANAGE_FAMILIES] = "manage-families",
  [VIGIL_PERMISSION_CHANGE_STAGE] = "change-stage",
  [VIGIL_PERMISSION_EDIT_WINDOWS] = "edit-windows",
  [VIGIL_PERMISSION_RUN_OVERRIDES] = "run-overrides",
  [VIGIL_PERMISSION_ALLOCATE_DUTIES] = "allocate-duties",
  [VIGIL_PERMISSION_HOLD_FOOTAGE] = "hold-footage",
  [VIGIL_PERMISSION_REVIEW_FOOTAGE] = "review-footage",
  [VIGIL_PERMISSION_EXPORT_FOOTAGE] = "export-footage",
  [VIGIL_PERMISSION_RUN_WALL] = "run-wall",
  [VIGIL_PERMISSION_MANAGE_CAMERAS] = "manage-cameras",
  [VIGIL_PERMISSION_MANAGE_STAFF] = "manage-staff",
  [VIGIL_PERMISSION_MANAGE_SETTINGS] = "manage-settings",
};

/* The least senior role that holds each permission; seniority is cumulative
 * (a team lead can do all an operator can, a manager all a team lead can). */
static const VigilRole permission_min_role[] = {
  [VIGIL_PERMISSION_TAKE_DUTY] = VIGIL_ROLE_OPERATOR,
  [VIGIL_PERMISSION_WRITE_NOTES] = VIGIL_ROLE_OPERATOR,
  [VIGIL_PERMISSION_MANAGE_FAMILIES] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_CHANGE_STAGE] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_EDIT_WINDOWS] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_RUN_OVERRIDES] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_ALLOCATE_DUTIES] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_HOLD_FOOTAGE] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_REVIEW_FOOTAGE] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_EXPORT_FOOTAGE] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_RUN_WALL] = VIGIL_ROLE_TEAM_LEAD,
  [VIGIL_PERMISSION_MANAGE_CAMERAS] = VIGIL_ROLE_MANAGER,
  [VIGIL_PERMISSION_MANAGE_STAFF] = VIGIL_ROLE_MANAGER,
  [VIGIL_PERMISSION_MANAGE_SETTINGS] = VIGIL_ROLE_MANAGER,
};

G_STATIC_ASSERT (G_N_ELEMENTS (permission_names) == VIGIL_PERMISSION_MANAGE_SETTINGS + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (permission_min_role) == VIGIL_PERMISSION_MANAGE_SETTINGS + 1);

const char *
vigil_role_to_string (VigilRole role)
{
  g_return_val_if_fail (role <= VIGIL_ROLE_MANAGER, NULL);

  return role_names[role];
}

gboolean
vigil_role_from_string (const char  *text,
                        VigilRole   *role,
                        GError     **error)
{
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (g_strcmp0 (text, role_names[i]) == 0)
        {
          *role = (VigilRole) i;
          return TRUE;
        }
    }

  {
    g_autofree char *shown = vigil_text_quote (text ? text : "");
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("unknown role “%s”: expected operator, team-lead or manager"), shown);
  }
  return FALSE;
}

const char *
vigil_permission_to_string (VigilPermission permission)
{
  g_return_val_if_fail (permission < G_N_ELEMENTS (permission_names), NULL);

  return permission_names[permission];
}

gboolean
vigil_role_has_permission (VigilRole       role,
                           VigilPermission permission)
{
  g_return_val_if_fail (permission < G_N_ELEMENTS (permission_min_role), FALSE);

  return role >= permission_min_role[permission];
}
