/* vigil-secrets.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-secrets.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Secrets live in the Secret Service (gnome-keyring), never in the data
 * file: the site's audit key now, camera credentials later. */

GBytes   *vigil_secrets_lookup_site_key (const char    *site_id,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean  vigil_secrets_clear_site_key  (const char    *site_id,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean  vigil_secrets_store_site_key  (const char    *site_id,
                                         const char    *site_name,
                                         GBytes        *key,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Camera credentials (for the RTSP stream), one item per camera of a site:
 * schema org.vigil.Vigil.Camera, attributes site-id and camera (its name).
 * Lookup gives TRUE with both %NULL when none are stored. */
gboolean  vigil_secrets_store_camera_credentials  (const char    *site_id,
                                                   const char    *camera,
                                                   const char    *username,
                                                   const char    *password,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
gboolean  vigil_secrets_lookup_camera_credentials (const char    *site_id,
                                                   const char    *camera,
                                                   char         **username,
                                                   char         **password,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
gboolean  vigil_secrets_clear_camera_credentials  (const char    *site_id,
                                                   const char    *camera,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* The password of a PostgreSQL site's database, one item per address
 * (the URL without a password): schema org.vigil.Vigil.Database. */
gboolean  vigil_secrets_store_database_password  (const char    *address,
                                                  const char    *password,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
gboolean  vigil_secrets_clear_database_password  (const char    *address,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
char     *vigil_secrets_lookup_database_password (const char    *address,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

G_END_DECLS
