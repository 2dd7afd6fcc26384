/* vigil-site-camera.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-camera-private.h"
#include "vigil-error.h"
#include "vigil-secrets.h"
#include "vigil-site-async-private.h"
#include "vigil-site-centre-private.h"
#include "vigil-store-centre.h"
#include "vigil-text.h"

/* Changing a camera once registered: its streams, microphone and
 * credentials, and whether it is in use. Adding one is in
 * vigil-site-centre.c; both write credentials the same way (below). */

#define MAX_CAMERA_PASSWORD  1024

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

/* Credentials go to the keyring before the store's write transaction
 * begins, so a slow keyring (an unlock prompt, a busy daemon) never holds
 * the lock every other writer waits on. What was there before is kept in
 * memory so that a change which then fails can put it back. */
gboolean
vigil_site_camera_credentials_write (VigilSite                    *self,
                                     const char                   *camera,
                                     const char                   *username,
                                     const char                   *password,
                                     VigilSiteCameraCredentials   *written,
                                     GError                      **error)
{
  const char *site_id = vigil_site_get_id (self);

  memset (written, 0, sizeof *written);
  if (!vigil_secrets_lookup_camera_credentials (site_id, camera, &written->previous_username,
                                                &written->previous_password, NULL, error))
    return FALSE;

  if (!vigil_secrets_store_camera_credentials (site_id, camera, username, password, NULL, error))
    {
      vigil_site_camera_credentials_clear (written);
      return FALSE;
    }

  written->camera = g_strdup (camera);
  written->username = g_strdup (username);
  written->password = g_strdup (password);
  return TRUE;
}

/* After a change failed: the item goes back to what it was (removed if
 * there was none), but only while it still holds what this call wrote. If
 * someone else has written it since (another process adding a camera of
 * the same name that won the race), it is theirs and stays. */
void
vigil_site_camera_credentials_undo (VigilSite                   *self,
                                    VigilSiteCameraCredentials  *written)
{
  const char *site_id = vigil_site_get_id (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  char *password = NULL;
  gboolean ours;
  gboolean done;

  if (written->camera == NULL)
    return;

  if (!vigil_secrets_lookup_camera_credentials (site_id, written->camera, &username, &password, NULL, &error))
    {
      g_warning ("Could not check the keyring item of camera %s after a failed change: %s",
                 written->camera, error->message);
      return;
    }
  ours = g_strcmp0 (username, written->username) == 0 && g_strcmp0 (password, written->password) == 0;
  wipe_free (password);
  if (!ours)
    return;

  if (written->previous_username != NULL && written->previous_password != NULL)
    done = vigil_secrets_store_camera_credentials (site_id, written->camera, written->previous_username,
                                                   written->previous_password, NULL, &error);
  else
    done = vigil_secrets_clear_camera_credentials (site_id, written->camera, NULL, &error);
  if (!done)
    g_warning ("The keyring item of camera %s could not be put back after a failed change: %s",
               written->camera, error->message);
}

void
vigil_site_camera_credentials_clear (VigilSiteCameraCredentials *written)
{
  g_clear_pointer (&written->camera, g_free);
  g_clear_pointer (&written->username, g_free);
  g_clear_pointer (&written->password, wipe_free);
  g_clear_pointer (&written->previous_username, g_free);
  g_clear_pointer (&written->previous_password, wipe_free);
}

gboolean
vigil_site_camera_check_credentials (VigilCamera  *camera,
                                     const char   *username,
                                     const char   *password,
                                     GError      **error)
{
  const char *name = vigil_camera_get_name (camera);

  if (username != NULL &&
      !vigil_camera_validate_username (username, error))
    return FALSE;

  if ((username == NULL) != (password == NULL || *password == '\0'))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   username != NULL ? _("camera %s has a username but no password")
                                    : _("camera %s has a password but no username"),
                   name);
      return FALSE;
    }
  if (password != NULL && (strlen (password) > MAX_CAMERA_PASSWORD || strchr (password, '\n') != NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the camera's password must be one line of at most %d bytes"), MAX_CAMERA_PASSWORD);
      return FALSE;
    }
  return TRUE;
}

/* Camera changes */

/* The camera as it would become, checked like a new one, and the trail's
 * detail naming what changes (never a credential: URLs hold none, as
 * vigil_camera_validate_url refuses them). NULL with @error when nothing
 * would change. */
static VigilCamera *
check_update (VigilSite               *self,
              const char              *name,
              const char              *url,
              const char              *sub_url,
              VigilCameraAudioChange   audio,
              const char              *username,
              char                   **detail,
              GError                 **error)
{
  g_autoptr(VigilCamera) current = NULL;
  g_autoptr(VigilCamera) changed = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *new_sub_url;
  gboolean new_audio;

  if (url != NULL && !vigil_camera_validate_url (url, _("URL"), error))
    return NULL;
  if (sub_url != NULL && *sub_url != '\0' && !vigil_camera_validate_url (sub_url, _("sub-stream URL"), error))
    return NULL;
  if (username != NULL &&
      !vigil_camera_validate_username (username, error))
    return NULL;

  current = vigil_store_camera_lookup (vigil_site_get_store (self), name, error);
  if (current == NULL)
    return NULL;

  url = url ? url : vigil_camera_get_url (current);
  new_sub_url = sub_url == NULL ? vigil_camera_get_sub_url (current) : *sub_url != '\0' ? sub_url : NULL;
  new_audio = audio == VIGIL_CAMERA_AUDIO_UNCHANGED ? vigil_camera_get_has_audio (current)
                                                     : audio == VIGIL_CAMERA_AUDIO_ON;

  changed = vigil_camera_new (vigil_camera_get_name (current), vigil_camera_get_location (current),
                              vigil_camera_get_room (current), url, new_sub_url, new_audio);
  if (!vigil_camera_validate (changed, error))
    return NULL;

  if (strcmp (url, vigil_camera_get_url (current)) != 0)
    g_string_append_printf (text, " url=%s previous_url=%s", url, vigil_camera_get_url (current));
  if (g_strcmp0 (new_sub_url, vigil_camera_get_sub_url (current)) != 0)
    g_string_append_printf (text, " sub_url=%s previous_sub_url=%s", new_sub_url ?: "-",
                            vigil_camera_get_sub_url (current) ?: "-");
  if (new_audio != vigil_camera_get_has_audio (current))
    g_string_append_printf (text, " audio=%s previous_audio=%s", new_audio ? "yes" : "no",
                            new_audio ? "no" : "yes");
  if (username != NULL)
    g_string_append (text, " credentials=replaced");

  if (text->len == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("camera %s already has these settings: nothing to change"), vigil_camera_get_name (current));
      return NULL;
    }

  if (detail != NULL)
    *detail = g_strdup (text->str + 1);
  vigil_camera_set_stored (changed, vigil_camera_get_id (current), vigil_camera_get_enabled (current),
                           vigil_camera_get_created_at (current));
  return g_steal_pointer (&changed);
}

/**
 * vigil_site_check_camera_update:
 *
 * Checks, without writing, what vigil_site_update_camera() would check
 * (all but the password and the permission).
 */
gboolean
vigil_site_check_camera_update (VigilSite               *self,
                                const char              *name,
                                const char              *url,
                                const char              *sub_url,
                                VigilCameraAudioChange   audio,
                                const char              *username,
                                GError                 **error)
{
  g_autoptr(VigilCamera) camera = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  camera = check_update (self, name, url, sub_url, audio, username, NULL, error);
  return camera != NULL;
}

typedef struct
{
  VigilSession           *session;
  const char             *name;
  const char             *url;
  const char             *sub_url;
  VigilCameraAudioChange  audio;
  const char             *username;
  const char             *reason;
} UpdateCamera;

static gboolean
update_camera (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  UpdateCamera *update = data;
  g_autoptr(VigilCamera) camera = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *object = NULL;

  camera = check_update (self, update->name, update->url, update->sub_url, update->audio, update->username,
                         &detail, error);
  if (camera == NULL)
    return FALSE;

  object = g_strdup_printf ("camera:%s", vigil_camera_get_name (camera));
  return vigil_store_camera_update (vigil_site_get_store (self), vigil_camera_get_id (camera),
                                    vigil_camera_get_url (camera), vigil_camera_get_sub_url (camera),
                                    vigil_camera_get_has_audio (camera), error) &&
         vigil_site_audit (self, vigil_session_get_username (update->session), "camera-changed", object,
                           update->reason ? update->reason : "", detail, error);
}

/**
 * vigil_site_update_camera:
 * @url: (nullable): the new stream, or %NULL to keep it
 * @sub_url: (nullable): the new sub-stream, "" to remove it, %NULL to keep it
 * @username: (nullable): new credentials with @password, or %NULL to keep
 *   them; they go to the Secret Service before the change is written
 *
 * Changes a camera's streams, microphone or credentials. Its name, location
 * and room stay. Needs the manage-cameras permission; audited as
 * camera-changed, naming what changed but never a credential.
 */
gboolean
vigil_site_update_camera (VigilSite               *self,
                          VigilSession            *session,
                          const char              *name,
                          const char              *url,
                          const char              *sub_url,
                          VigilCameraAudioChange   audio,
                          const char              *username,
                          const char              *password,
                          const char              *reason,
                          GError                 **error)
{
  UpdateCamera update = { session, name, url, sub_url, audio, username, reason };
  VigilSiteCameraCredentials written = { 0 };
  g_autoptr(VigilCamera) camera = NULL;
  gboolean done;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_CAMERAS, N_("change a camera"), error) ||
      !vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;

  camera = check_update (self, name, url, sub_url, audio, username, NULL, error);
  if (camera == NULL || !vigil_site_camera_check_credentials (camera, username, password, error))
    return FALSE;

  /* Keyed by the name as stored, which is how the media side looks it up. */
  if (username != NULL &&
      !vigil_site_camera_credentials_write (self, vigil_camera_get_name (camera), username, password,
                                            &written, error))
    return FALSE;

  done = vigil_site_centre_transact (self, update_camera, &update, error);
  if (!done)
    vigil_site_camera_credentials_undo (self, &written);
  vigil_site_camera_credentials_clear (&written);
  return done;
}

/* Disabling and enabling */

static VigilCamera *
check_enabled (VigilSite   *self,
               const char  *name,
               gboolean     enabled,
               GError     **error)
{
  g_autoptr(VigilCamera) camera = vigil_store_camera_lookup (vigil_site_get_store (self), name, error);

  if (camera == NULL)
    return NULL;

  if (vigil_camera_get_enabled (camera) == enabled)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   enabled ? _("camera %s is already enabled") : _("camera %s is already disabled"),
                   vigil_camera_get_name (camera));
      return NULL;
    }
  return g_steal_pointer (&camera);
}

/**
 * vigil_site_check_camera_enabled:
 *
 * Checks, without writing, what vigil_site_set_camera_enabled() would
 * check: that the camera exists and is not already so.
 */
gboolean
vigil_site_check_camera_enabled (VigilSite   *self,
                                 const char  *name,
                                 gboolean     enabled,
                                 GError     **error)
{
  g_autoptr(VigilCamera) camera = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  camera = check_enabled (self, name, enabled, error);
  return camera != NULL;
}

typedef struct
{
  VigilSession *session;
  const char   *name;
  gboolean      enabled;
  const char   *reason;
} SetEnabled;

static gboolean
set_enabled (VigilSite  *self,
             gpointer    data,
             GError    **error)
{
  SetEnabled *set = data;
  g_autoptr(VigilCamera) camera = NULL;
  g_autofree char *object = NULL;

  camera = check_enabled (self, set->name, set->enabled, error);
  if (camera == NULL)
    return FALSE;

  object = g_strdup_printf ("camera:%s", vigil_camera_get_name (camera));
  return vigil_store_camera_set_enabled (vigil_site_get_store (self), vigil_camera_get_id (camera),
                                         set->enabled, error) &&
         vigil_site_audit (self, vigil_session_get_username (set->session),
                           set->enabled ? "camera-enabled" : "camera-disabled", object,
                           set->reason ? set->reason : "", "", error);
}

/**
 * vigil_site_set_camera_enabled:
 *
 * Takes a camera out of use or back into it: a disabled camera keeps its
 * record and credentials (the trail and old footage name it) but is neither
 * shown nor recorded. Needs the manage-cameras permission; audited as
 * camera-disabled or camera-enabled.
 */
gboolean
vigil_site_set_camera_enabled (VigilSite     *self,
                               VigilSession  *session,
                               const char    *name,
                               gboolean       enabled,
                               const char    *reason,
                               GError       **error)
{
  SetEnabled set = { session, name, enabled, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_CAMERAS,
                                    enabled ? N_("enable a camera") : N_("disable a camera"), error) ||
      !vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;

  return vigil_site_centre_transact (self, set_enabled, &set, error);
}

/* On the site's worker (see vigil-site-async.c) */

static gpointer
update_camera_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_update_camera (self, call->session, call->name, call->text, call->text2,
                                                    call->number, call->text3, call->secret, call->reason,
                                                    error));
}

void
vigil_site_update_camera_async (VigilSite               *self,
                                VigilSession            *session,
                                const char              *name,
                                const char              *url,
                                const char              *sub_url,
                                VigilCameraAudioChange   audio,
                                const char              *username,
                                const char              *password,
                                const char              *reason,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (name);
  call->text = g_strdup (url);
  call->text2 = g_strdup (sub_url);
  call->number = audio;
  call->text3 = g_strdup (username);
  call->secret = g_strdup (password);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_update_camera_async, call, update_camera_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_update_camera_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_update_camera_async, error);
}

static gpointer
set_camera_enabled_work (VigilSite  *self,
                         gpointer    data,
                         GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_set_camera_enabled (self, call->session, call->name, call->flag,
                                                         call->reason, error));
}

void
vigil_site_set_camera_enabled_async (VigilSite           *self,
                                     VigilSession        *session,
                                     const char          *name,
                                     gboolean             enabled,
                                     const char          *reason,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (name);
  call->flag = enabled;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_set_camera_enabled_async, call, set_camera_enabled_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_set_camera_enabled_finish (VigilSite     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_set_camera_enabled_async, error);
}
