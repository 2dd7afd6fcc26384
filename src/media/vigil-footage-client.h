/* vigil-footage-client.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-session.h"
#include "vigil-site.h"

G_BEGIN_DECLS

/* A laptop's side of footage across the network: the segments of one
 * review, fetched from the site's footage service (vigil-footage-service on
 * the recorder's machine) with a token the core grants for that camera and
 * range, each checked against the SHA-256 the store recorded, into a
 * private folder of this machine's that goes when the client does. */

#define VIGIL_TYPE_FOOTAGE_CLIENT (vigil_footage_client_get_type ())

G_DECLARE_FINAL_TYPE (VigilFootageClient, vigil_footage_client, VIGIL, FOOTAGE_CLIENT, GObject)

/* Whether every one of @segments (VigilSegment) is in this machine's
 * recordings folder, as on the recorder's machine or a site of one. */
gboolean            vigil_footage_segments_are_here   (VigilSite            *site,
                                                       GPtrArray            *segments);

/* A client of @site's footage service; refused when the site names none.
 * The service's certificate is checked against the authority in the data
 * folder's "footage-ca.crt" where there is one, else the system's. */
VigilFootageClient *vigil_footage_client_new          (VigilSite            *site,
                                                       GError              **error);
/* The folder the segments are fetched into, by their paths in the
 * recordings folder: a review plays them from there. */
const char         *vigil_footage_client_get_folder   (VigilFootageClient   *self);

/* Asks the core for a token for @camera's footage in [@from, @to) (as
 * @session's member; audited), then fetches each of @segments; another
 * token where a long fetch outlasts one. Fails,
 * saying why, when the service refuses, cannot be reached or checked, or
 * sends a file that is not the one recorded. */
void                vigil_footage_client_fetch_async  (VigilFootageClient   *self,
                                                       VigilSession         *session,
                                                       const char           *camera,
                                                       GPtrArray            *segments,
                                                       gint64                from,
                                                       gint64                to,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* The same for approved export @export_id (vigil_site_grant_export_token()):
 * @camera's @segments over the export's range. Finished by
 * vigil_footage_client_fetch_finish(). */
void                vigil_footage_client_fetch_export_async (VigilFootageClient *self,
                                                             VigilSession       *session,
                                                             gint64              export_id,
                                                             const char         *camera,
                                                             GPtrArray          *segments,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
gboolean            vigil_footage_client_fetch_finish (VigilFootageClient   *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
