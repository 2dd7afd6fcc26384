/* vigil-footage-service.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-site.h"

G_BEGIN_DECLS

/* The footage service: the recorder's machine serving its closed segments
 * over HTTPS to the laptops of a site of several machines, each request
 * only with a footage token the core granted (vigil-site-footage.h).
 *
 *   GET /segments/PATH   PATH a segment's path in the recordings folder
 *   Authorization: Bearer TOKEN
 *
 * answers with the file, or one range of it (Range: bytes=A-B, 206). */

#define VIGIL_TYPE_FOOTAGE_SERVICE (vigil_footage_service_get_type ())

G_DECLARE_FINAL_TYPE (VigilFootageService, vigil_footage_service, VIGIL, FOOTAGE_SERVICE, GObject)

/* Opens the site's recordings folder (made if missing): the service serves
 * that folder, by a descriptor, for as long as it runs. */
VigilFootageService *vigil_footage_service_new    (VigilSite            *site,
                                                   GTlsCertificate      *certificate,
                                                   GError              **error);
/* Listens on @address (a numeric address, or %NULL for every interface)
 * and @port (0 for any free one). */
gboolean             vigil_footage_service_listen (VigilFootageService  *self,
                                                   const char           *address,
                                                   guint                 port,
                                                   GError              **error);
/* The port listened on, once listening. */
guint                vigil_footage_service_get_port (VigilFootageService *self);

G_END_DECLS
