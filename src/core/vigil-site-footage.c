/* vigil-site-footage.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-sha256.h"
#include "vigil-site-async-private.h"
#include "vigil-site-evidence.h"
#include "vigil-site-private.h"
#include "vigil-site-recordings-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-exports.h"
#include "vigil-store-footage.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-site-footage.h"

/* Footage across the network. A token is a capability: whoever presents
 * it reads what it names, so it names little (one camera, one range), lasts
 * minutes, and the store holds only its hash, so that nobody reading the
 * store, nor a backup of it, can use one. What a court may ask (who let
 * which footage out, and who was refused) is on the trail. */

#define TOKEN_BYTES 32
#define FINGERPRINT_DIGITS 12

/**
 * vigil_site_check_footage_service:
 *
 * Checks a footage service's address (the "footage-service" setting).
 */
gboolean
vigil_site_check_footage_service (const char  *value,
                                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *path;

  g_return_val_if_fail (value != NULL, FALSE);

  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  path = uri != NULL ? g_uri_get_path (uri) : NULL;
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_host (uri) == NULL ||
      g_uri_get_host (uri)[0] == '\0' || g_uri_get_userinfo (uri) != NULL ||
      (path[0] != '\0' && strcmp (path, "/") != 0) || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_autofree char *shown = vigil_text_quote (value);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s must be an address such as https://recorder.example:8443, "
                     "or empty, not “%s”"), VIGIL_SETTING_FOOTAGE_SERVICE, shown);
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_site_get_footage_service:
 *
 * Returns: (transfer full) (nullable): the footage service's address
 */
char *
vigil_site_get_footage_service (VigilSite *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  value = vigil_store_get_setting (vigil_site_get_store (self), VIGIL_SETTING_FOOTAGE_SERVICE, NULL);
  if (value == NULL || value[0] == '\0')
    return NULL;
  /* Without the slash a path is joined to it with. */
  if (g_str_has_suffix (value, "/"))
    value[strlen (value) - 1] = '\0';
  return g_steal_pointer (&value);
}

static char *
token_sha256 (const char *token)
{
  g_autoptr(VigilSha256) sha = vigil_sha256_new ();

  vigil_sha256_update (sha, (const guint8 *) token, strlen (token));
  return g_strdup (vigil_sha256_get_string (sha));
}

static char *
token_detail (const char        *sha256,
              gint64             from,
              gint64             to,
              gint64             expires_at)
{
  g_autofree char *range = vigil_site_recordings_utc_range (from, to);
  g_autofree char *until = NULL;

  /* A token the site never gave has no expiry to name. */
  if (expires_at == 0)
    return g_strdup_printf ("%s token=%.*s", range, FINGERPRINT_DIGITS, sha256);
  until = vigil_time_format_utc (expires_at);
  return g_strdup_printf ("%s expires=%s token=%.*s", range, until, FINGERPRINT_DIGITS, sha256);
}

/* A new token for @camera in [@from, @to), for @purpose, given to
 * @session's member: its hash stored and the grant audited, in one
 * transaction. */
static char *
issue_token (VigilSite     *self,
             VigilSession  *session,
             VigilCamera   *camera,
             gint64         from,
             gint64         to,
             const char    *purpose,
             const char    *reason,
             gint64        *expires_at,
             GError       **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autofree char *token = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  guint8 raw[TOKEN_BYTES];
  char *pad;
  VigilFootageGrant grant = { 0 };

  randombytes_buf (raw, sizeof raw);
  token = g_base64_encode (raw, sizeof raw);
  sodium_memzero (raw, sizeof raw);
  /* URL-safe, unpadded: it travels in a request's header or path. */
  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  if ((pad = strchr (token, '=')) != NULL)
    *pad = '\0';
  sha256 = token_sha256 (token);

  grant.username = (char *) vigil_session_get_username (session);
  grant.camera = (char *) vigil_camera_get_name (camera);
  grant.from = from;
  grant.to = to;
  grant.purpose = (char *) purpose;
  grant.granted_at = vigil_site_now (self);
  grant.expires_at = grant.granted_at + (gint64) VIGIL_FOOTAGE_TOKEN_SECONDS * G_USEC_PER_SEC;

  object = vigil_site_recordings_camera_object (grant.camera);
  detail = token_detail (sha256, from, to, grant.expires_at);
  if (!vigil_store_begin (store, error))
    return NULL;
  if (!vigil_store_footage_token_insert (store, sha256, &grant, error) ||
      !vigil_site_audit (self, grant.username, "footage-token-granted", object, reason, detail, error))
    {
      vigil_store_rollback (store);
      return NULL;
    }
  if (!vigil_store_commit (store, error))
    return NULL;

  if (expires_at != NULL)
    *expires_at = grant.expires_at;
  return g_steal_pointer (&token);
}

char *
vigil_site_grant_footage_token (VigilSite     *self,
                                VigilSession  *session,
                                const char    *camera,
                                gint64         from,
                                gint64         to,
                                gint64        *expires_at,
                                GError       **error)
{
  g_autoptr(VigilCamera) record = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  if (!vigil_site_check_reviewer (self, session, error))
    return NULL;
  if (from >= to)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           _("A footage token needs a range whose start comes before its end"));
      return NULL;
    }
  if ((record = vigil_store_camera_lookup (vigil_site_get_store (self), camera, error)) == NULL)
    return NULL;
  return issue_token (self, session, record, from, to, "review", "review", expires_at, error);
}

char *
vigil_site_grant_export_token (VigilSite     *self,
                               VigilSession  *session,
                               gint64         export_id,
                               const char    *camera,
                               gint64        *expires_at,
                               GError       **error)
{
  VigilStore *store;
  g_autoptr(VigilExport) export = NULL;
  g_autoptr(VigilCamera) record = NULL;
  g_autofree char *reason = NULL;
  const char * const *cameras;
  gboolean listed = FALSE;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EXPORT_FOOTAGE,
                                    N_("run a court bundle export"), error))
    return NULL;
  store = vigil_site_get_store (self);
  if ((export = vigil_store_export_get (store, export_id, error)) == NULL)
    return NULL;
  if (vigil_export_get_state (export) != VIGIL_EXPORT_APPROVED)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("export %lld is not approved: no footage goes out for it"), (long long) export_id);
      return NULL;
    }
  cameras = vigil_export_get_cameras (export);
  for (guint i = 0; cameras != NULL && cameras[i] != NULL; i++)
    listed = listed || g_ascii_strcasecmp (cameras[i], camera) == 0;
  if (!listed)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("export %lld does not include camera %s"), (long long) export_id, camera);
      return NULL;
    }
  if ((record = vigil_store_camera_lookup (store, camera, error)) == NULL)
    return NULL;
  reason = g_strdup_printf ("export %" G_GINT64_FORMAT, export_id);
  return issue_token (self, session, record, vigil_export_get_from (export), vigil_export_get_to (export), "export",
                      reason, expires_at, error);
}

/* Why @grant does not let its holder read @camera in [@from, @to) now, in
 * the words of the refusal, or NULL where it does. */
static char *
refusal (VigilSite         *self,
         VigilFootageGrant *grant,
         const char        *camera,
         gint64             from,
         gint64             to,
         GError           **error)
{
  g_autoptr(VigilStaff) member = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 now = vigil_site_now (self);

  if (now >= grant->expires_at)
    return g_strdup (_("the footage token has expired"));
  if (g_ascii_strcasecmp (camera, grant->camera) != 0)
    return g_strdup_printf (_("the footage token is for camera %s, not %s"), grant->camera, camera);
  /* A segment is served whole where it overlaps the range, as a review
   * lists it (vigil_site_list_recordings): its first frame before the
   * range's end, its last at or after its start. A segment of one frame
   * starts and ends at that frame. */
  if (from > to || from >= grant->to || to < grant->from)
    return g_strdup (_("the footage token is for another range of time"));

  member = vigil_store_staff_lookup (vigil_site_get_store (self), grant->username, NULL, &local_error);
  if (member == NULL && !g_error_matches (local_error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (member == NULL || !vigil_staff_get_active (member))
    return g_strdup_printf (_("%s's account is no longer active"), grant->username);
  /* The standing the grant needed, still held. */
  if (g_strcmp0 (grant->purpose, "export") == 0)
    {
      if (!vigil_role_has_permission (vigil_staff_get_role (member), VIGIL_PERMISSION_EXPORT_FOOTAGE))
        return g_strdup_printf (_("%s may no longer export footage"), grant->username);
    }
  else if (!vigil_role_has_permission (vigil_staff_get_role (member), VIGIL_PERMISSION_REVIEW_FOOTAGE) &&
           !vigil_staff_get_reviewer (member))
    return g_strdup_printf (_("%s may no longer review footage"), grant->username);
  return NULL;
}

gboolean
vigil_site_redeem_footage_token (VigilSite    *self,
                                 const char   *token,
                                 const char   *camera,
                                 gint64        from,
                                 gint64        to,
                                 char        **username,
                                 GError      **error)
{
  g_autoptr(VigilFootageGrant) grant = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *why = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (token != NULL && camera != NULL, FALSE);

  sha256 = token_sha256 (token);
  grant = vigil_store_footage_token_lookup (vigil_site_get_store (self), sha256, &local_error);
  if (grant == NULL && !g_error_matches (local_error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  if (grant == NULL)
    why = g_strdup (_("the site never gave this footage token"));
  else if ((why = refusal (self, grant, camera, from, to, &local_error)) == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (username != NULL)
        *username = g_strdup (grant->username);
      return TRUE;
    }

  /* Refused: on the trail as whoever the token was given to, or as the
   * service where it is no token of this site's. */
  object = vigil_site_recordings_camera_object (camera);
  detail = token_detail (sha256, from, to, grant != NULL ? grant->expires_at : 0);
  if (!vigil_site_audit_alone (self, grant != NULL ? grant->username : "footage-service", "footage-token-refused",
                               object, why, detail, error))
    return FALSE;
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION, _("Footage refused: %s"), why);
  return FALSE;
}

/* ---- on the site's worker ----------------------------------------------- */

typedef struct
{
  char   *token;
  gint64  expires_at;
} Granted;

static void
granted_free (Granted *granted)
{
  if (granted->token != NULL)
    sodium_memzero (granted->token, strlen (granted->token));
  g_free (granted->token);
  g_free (granted);
}

/* A review's token, or an export's where the call names one (its id). */
static gpointer
grant_work (VigilSite  *self,
            gpointer    data,
            GError    **error)
{
  VigilSiteCall *call = data;
  Granted *granted = g_new0 (Granted, 1);

  granted->token = call->id != 0
    ? vigil_site_grant_export_token (self, call->session, call->id, call->name, &granted->expires_at, error)
    : vigil_site_grant_footage_token (self, call->session, call->name, call->from, call->to, &granted->expires_at,
                                      error);
  if (granted->token == NULL)
    g_clear_pointer (&granted, granted_free);
  return granted;
}

void
vigil_site_grant_footage_token_async (VigilSite           *self,
                                      VigilSession        *session,
                                      const char          *camera,
                                      gint64               from,
                                      gint64               to,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (camera);
  call->from = from;
  call->to = to;
  vigil_site_call_run (self, vigil_site_grant_footage_token_async, call, grant_work, (GDestroyNotify) granted_free,
                       cancellable, callback, user_data);
}

void
vigil_site_grant_export_token_async (VigilSite           *self,
                                     VigilSession        *session,
                                     gint64               export_id,
                                     const char          *camera,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (session);
  call->id = export_id;
  call->name = g_strdup (camera);
  /* Finished by vigil_site_grant_footage_token_finish(): the same result. */
  vigil_site_call_run (self, vigil_site_grant_footage_token_async, call, grant_work,
                       (GDestroyNotify) granted_free, cancellable, callback, user_data);
}

char *
vigil_site_grant_footage_token_finish (VigilSite     *self,
                                       GAsyncResult  *result,
                                       gint64        *expires_at,
                                       GError       **error)
{
  Granted *granted = vigil_site_finish_pointer (self, result, vigil_site_grant_footage_token_async, error);
  char *token;

  if (granted == NULL)
    return NULL;
  if (expires_at != NULL)
    *expires_at = granted->expires_at;
  token = g_steal_pointer (&granted->token);
  granted_free (granted);
  return token;
}
