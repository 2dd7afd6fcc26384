/* vigil-site-centre-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-site-centre-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-site-centre.h"
#include "vigil-site-private.h"

G_BEGIN_DECLS

/* Shared by vigil-site-centre.c, vigil-site-family.c and
 * vigil-site-override.c. */

/* A change: validates against the store as it is inside the transaction,
 * writes, and writes its audit entry; returns FALSE with @error to undo. */
typedef gboolean (*VigilSiteCentreChange) (VigilSite  *self,
                                           gpointer    data,
                                           GError    **error);

gboolean     vigil_site_centre_transact      (VigilSite              *self,
                                              VigilSiteCentreChange   change,
                                              gpointer                data,
                                              GError                **error);
char        *vigil_site_centre_today         (VigilSite              *self);
/* "family:LA-2027-0042": how the trail names a family. */
char        *vigil_site_centre_family_object (VigilFamily            *family);
/* "2026-11-20 14:30 GMT", for messages. */
char        *vigil_site_centre_local_time    (VigilSite              *self,
                                              gint64                  instant);
/* The family, refused (VIGIL_ERROR_INVALID) if discharged. */
VigilFamily *vigil_site_centre_placed_family (VigilSite              *self,
                                              const char             *case_ref,
                                              GError                **error);

/* A camera's username and password from the Secret Service. It asks for no
 * session, so it is internal: for the processes that connect to cameras
 * (the recorder, the media library), never for the console's pages or
 * vigilctl, which must not be able to hand a password out. */
gboolean     vigil_site_lookup_camera_credentials (VigilSite         *self,
                                                   const char        *name,
                                                   char             **username,
                                                   char             **password,
                                                   GError           **error);

/* Camera credentials are written to the keyring before the store's write
 * transaction (vigil-site-camera.c): what was written and what it replaced,
 * so that a change which fails can put the item back. */
typedef struct
{
  char *camera;
  char *username;
  char *password;
  char *previous_username;
  char *previous_password;
} VigilSiteCameraCredentials;

gboolean     vigil_site_camera_check_credentials (VigilCamera                 *camera,
                                                  const char                  *username,
                                                  const char                  *password,
                                                  GError                     **error);
gboolean     vigil_site_camera_credentials_write (VigilSite                   *self,
                                                  const char                  *camera,
                                                  const char                  *username,
                                                  const char                  *password,
                                                  VigilSiteCameraCredentials  *written,
                                                  GError                     **error);
void         vigil_site_camera_credentials_undo  (VigilSite                   *self,
                                                  VigilSiteCameraCredentials  *written);
void         vigil_site_camera_credentials_clear (VigilSiteCameraCredentials  *written);

G_END_DECLS
