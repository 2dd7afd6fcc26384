/* vigil-site-footage.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-site.h"

G_BEGIN_DECLS

/* Footage read across the network (vigil-site-footage.c): a laptop reviewing
 * a camera reads its segments from the recorder's machine only with a token
 * the core gave for that review, bound to the member, the camera and the
 * range, for a few minutes. */

#define VIGIL_FOOTAGE_TOKEN_SECONDS (5 * 60)

/* The site setting naming the footage service (vigil-footage-service on the
 * recorder's machine): "https://HOST[:PORT]", or empty (the default) where
 * every machine that reviews has the recordings on a disk of its own. */
#define VIGIL_SETTING_FOOTAGE_SERVICE "footage-service"

/* Whether @value is a footage service's address: https, a host, perhaps a
 * port, and nothing else (no user, path, query or fragment). */
gboolean  vigil_site_check_footage_service       (const char           *value,
                                                  GError              **error);
/* The footage service's address, or %NULL where the site names none. */
char     *vigil_site_get_footage_service         (VigilSite            *self);

/* For a member who may review footage (vigil_site_check_reviewer()): a new
 * token for @camera's footage in [@from, @to), valid for
 * VIGIL_FOOTAGE_TOKEN_SECONDS (its end in @expires_at, where not NULL).
 * The store keeps only its SHA-256; audited "footage-token-granted" with
 * the range, the end and the token's fingerprint (the first 12 hex digits
 * of its SHA-256). Returns the token (43 characters of URL-safe base64). */
char     *vigil_site_grant_footage_token         (VigilSite            *self,
                                                  VigilSession         *session,
                                                  const char           *camera,
                                                  gint64                from,
                                                  gint64                to,
                                                  gint64               *expires_at,
                                                  GError              **error);
void      vigil_site_grant_footage_token_async   (VigilSite            *self,
                                                  VigilSession         *session,
                                                  const char           *camera,
                                                  gint64                from,
                                                  gint64                to,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char     *vigil_site_grant_footage_token_finish  (VigilSite            *self,
                                                  GAsyncResult         *result,
                                                  gint64               *expires_at,
                                                  GError              **error);

/* For a member who may run court bundle exports (export-footage): a token
 * for @camera's footage over approved export @export_id's range, to fetch
 * its segments from the recorder's machine (purpose "export"). Refused
 * for an export not approved, or a camera it does not include. Finished by
 * vigil_site_grant_footage_token_finish(). */
char     *vigil_site_grant_export_token          (VigilSite            *self,
                                                  VigilSession         *session,
                                                  gint64                export_id,
                                                  const char           *camera,
                                                  gint64               *expires_at,
                                                  GError              **error);
void      vigil_site_grant_export_token_async    (VigilSite            *self,
                                                  VigilSession         *session,
                                                  gint64                export_id,
                                                  const char           *camera,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);

/* For the service that serves footage (it has no member's session): whether
 * @token lets its holder read @camera's footage in [@from, @to) (a segment's
 * range): given by this site, not expired, for that camera, the range
 * overlapping the one granted (a segment is read whole, as a review shows
 * it), and its member still active and still a reviewer (for an export's
 * token, still allowed to export). The member's username goes to
 * @username (where not NULL). A refusal (VIGIL_ERROR_PERMISSION, saying
 * why) is audited "footage-token-refused"; a token the site never gave is
 * refused in the same words whatever it holds. */
gboolean  vigil_site_redeem_footage_token        (VigilSite            *self,
                                                  const char           *token,
                                                  const char           *camera,
                                                  gint64                from,
                                                  gint64                to,
                                                  char                **username,
                                                  GError              **error);

G_END_DECLS
