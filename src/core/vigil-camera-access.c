/* vigil-camera-access.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vigil-secrets.h"
#include "vigil-site-async-private.h"
#include "vigil-site-centre.h"
#include "vigil-camera-access.h"

struct _VigilCameraAccess
{
  char *camera;
  char *url;
  char *username;
  char *password;
};

G_DEFINE_BOXED_TYPE (VigilCameraAccess, vigil_camera_access, vigil_camera_access_copy, vigil_camera_access_free)

VigilCameraAccess *
vigil_camera_access_new (const char *camera,
                         const char *url,
                         const char *username,
                         const char *password)
{
  VigilCameraAccess *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_new0 (VigilCameraAccess, 1);
  self->camera = g_strdup (camera);
  self->url = g_strdup (url);
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  return self;
}

VigilCameraAccess *
vigil_camera_access_copy (VigilCameraAccess *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return vigil_camera_access_new (self->camera, self->url, self->username, self->password);
}

void
vigil_camera_access_free (VigilCameraAccess *self)
{
  if (self == NULL)
    return;

  if (self->password != NULL)
    sodium_memzero (self->password, strlen (self->password));
  g_free (self->password);
  g_free (self->username);
  g_free (self->url);
  g_free (self->camera);
  g_free (self);
}

const char *
vigil_camera_access_get_camera (VigilCameraAccess *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->camera;
}

const char *
vigil_camera_access_get_url (VigilCameraAccess *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

const char *
vigil_camera_access_get_username (VigilCameraAccess *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->username;
}

const char *
vigil_camera_access_get_password (VigilCameraAccess *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->password;
}

/**
 * vigil_site_open_camera_access:
 * @camera: the camera's name
 * @stream: which stream; a camera without a sub-stream gives its main one
 *
 * Reads the camera's record and its credentials from the Secret Service (a
 * D-Bus call: use the _async twin from a main loop).
 */
VigilCameraAccess *
vigil_site_open_camera_access (VigilSite          *site,
                               const char         *camera,
                               VigilCameraStream   stream,
                               GError            **error)
{
  g_autoptr(VigilCamera) record = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  VigilCameraAccess *access;
  const char *url;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (camera != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  record = vigil_site_lookup_camera (site, camera, error);
  if (record == NULL)
    return NULL;

  if (!vigil_secrets_lookup_camera_credentials (vigil_site_get_id (site), vigil_camera_get_name (record),
                                                &username, &password, NULL, error))
    return NULL;

  url = vigil_camera_get_url (record);
  if (stream == VIGIL_CAMERA_STREAM_SUB && vigil_camera_get_sub_url (record) != NULL)
    url = vigil_camera_get_sub_url (record);

  access = vigil_camera_access_new (vigil_camera_get_name (record), url, username, password);
  if (password != NULL)
    sodium_memzero (password, strlen (password));
  return access;
}

static gpointer
open_camera_access_work (VigilSite  *self,
                         gpointer    data,
                         GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_open_camera_access (self, call->name, call->number, error);
}

void
vigil_site_open_camera_access_async (VigilSite           *site,
                                     const char          *camera,
                                     VigilCameraStream    stream,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (site));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (camera);
  call->number = stream;
  vigil_site_call_run (site, vigil_site_open_camera_access_async, call, open_camera_access_work,
                       (GDestroyNotify) vigil_camera_access_free, cancellable, callback, user_data);
}

VigilCameraAccess *
vigil_site_open_camera_access_finish (VigilSite     *site,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return vigil_site_finish_pointer (site, result, vigil_site_open_camera_access_async, error);
}
