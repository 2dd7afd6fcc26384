/* vigil-site-recordings-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-site-async-private.h"
#include "vigil-site-recordings.h"

/* The recordings' calls that the console makes from its main loop, run on
 * the site's worker (see vigil-site-async.c): each runs its synchronous
 * twin there. */

static gpointer
get_recorder_status_work (VigilSite  *self,
                          gpointer    data,
                          GError    **error)
{
  return vigil_site_get_recorder_status (self, error);
}

void
vigil_site_get_recorder_status_async (VigilSite           *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));

  vigil_site_call_run (self, vigil_site_get_recorder_status_async, vigil_site_call_new (NULL),
                       get_recorder_status_work, g_object_unref, cancellable, callback, user_data);
}

/**
 * vigil_site_get_recorder_status_finish:
 *
 * Returns: (transfer full) (nullable): as vigil_site_get_recorder_status():
 *   %NULL without an error when no recorder ever ran
 */
VigilRecorderStatus *
vigil_site_get_recorder_status_finish (VigilSite     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_get_recorder_status_async, error);
}
