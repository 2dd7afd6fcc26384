/* vigil-camera-access.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* What a process needs to connect to a camera: its stream's URL and the
 * credentials the Secret Service keeps for it. Only the programs that
 * connect to cameras (libvigil-media, and through it the recorder, the
 * console's video and `vigilctl camera check`) may hold a password; the
 * console's pages and the rest of vigilctl must not be able to hand one out,
 * so this header is theirs alone. */
#if !defined (VIGIL_CORE_COMPILATION) && !defined (VIGIL_MEDIA_COMPILATION)
# error "vigil-camera-access.h is for the programs that connect to cameras: use libvigil-media's camera source"
#endif

#include <gio/gio.h>

#include "vigil-types.h"

G_BEGIN_DECLS

typedef struct _VigilCameraAccess VigilCameraAccess;

#define VIGIL_TYPE_CAMERA_ACCESS (vigil_camera_access_get_type ())

GType              vigil_camera_access_get_type     (void) G_GNUC_CONST;

/* @camera: the camera's name, or %NULL for a bare URL; @username and
 * @password: %NULL when the camera asks for none. */
VigilCameraAccess *vigil_camera_access_new          (const char         *camera,
                                                     const char         *url,
                                                     const char         *username,
                                                     const char         *password);
VigilCameraAccess *vigil_camera_access_copy         (VigilCameraAccess  *self);
/* Wipes the password from memory. */
void               vigil_camera_access_free         (VigilCameraAccess  *self);

const char        *vigil_camera_access_get_camera   (VigilCameraAccess  *self);
const char        *vigil_camera_access_get_url      (VigilCameraAccess  *self);
const char        *vigil_camera_access_get_username (VigilCameraAccess  *self);
const char        *vigil_camera_access_get_password (VigilCameraAccess  *self);

/* A registered camera's main stream or sub-stream (the main stream where it
 * has none), with its credentials. It asks for no session: connecting
 * reveals no footage to the caller by itself, and the recorder runs with no
 * one logged in. A disabled camera opens too, so that a manager can check it
 * before enabling it again; the console and the recorder leave disabled
 * cameras alone by their records. */
VigilCameraAccess *vigil_site_open_camera_access        (VigilSite           *site,
                                                         const char          *camera,
                                                         VigilCameraStream    stream,
                                                         GError             **error);
void               vigil_site_open_camera_access_async  (VigilSite           *site,
                                                         const char          *camera,
                                                         VigilCameraStream    stream,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
VigilCameraAccess *vigil_site_open_camera_access_finish (VigilSite           *site,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilCameraAccess, vigil_camera_access_free)

G_END_DECLS
