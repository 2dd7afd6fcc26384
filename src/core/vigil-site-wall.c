/* vigil-site-wall.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-session-private.h"
#include "vigil-site-async-private.h"
#include "vigil-site-private.h"

#include "vigil-site-wall.h"

/**
 * vigil_site_start_wall:
 * @screens: how many monitors the wall shows on, at least 1
 *
 * Makes @session the wall's: from here on every live view it asks for is
 * one the centre's rules allow without a reason, or refused. The entry
 * names who started it, and (on a site of several machines) where.
 */
gboolean
vigil_site_start_wall (VigilSite     *self,
                       VigilSession  *session,
                       guint          screens,
                       GError       **error)
{
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_RUN_WALL, N_("start the wall"), error))
    return FALSE;
  if (screens == 0)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           _("The wall needs at least one monitor to show on"));
      return FALSE;
    }
  if (vigil_session_is_wall (session))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("%s's session already runs the wall"),
                   vigil_session_get_username (session));
      return FALSE;
    }

  object = g_strdup_printf ("staff:%s", vigil_session_get_username (session));
  detail = g_strdup_printf ("screens=%u", screens);
  if (!vigil_site_audit_alone (self, vigil_session_get_username (session), "wall-started", object, "", detail,
                               error))
    return FALSE;

  vigil_session_set_wall (session);
  return TRUE;
}

static gpointer
start_wall_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_start_wall (self, call->session, call->number, error));
}

void
vigil_site_start_wall_async (VigilSite           *self,
                             VigilSession        *session,
                             guint                screens,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  call = vigil_site_call_new (session);
  call->number = screens;
  vigil_site_call_run (self, vigil_site_start_wall_async, call, start_wall_work, NULL, cancellable, callback,
                       user_data);
}

gboolean
vigil_site_start_wall_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_start_wall_async, error);
}
