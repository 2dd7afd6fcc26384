/* vigil-site-machines.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-machine.h"
#include "vigil-site.h"

G_BEGIN_DECLS

/* The machines of a site of several (its store on PostgreSQL): the one it
 * was set up on, and each one a manager invites and lets join. Every call a
 * member makes, and every login, is refused on a machine the site revoked
 * or never let join. The trail names the machine of every entry. */

/* Whether this machine may act for the site: the check every member's
 * call and every login makes, and the recorder's each heartbeat. */
gboolean      vigil_site_check_machine  (VigilSite     *self,
                                         GError       **error);
gboolean      vigil_site_invite_machine (VigilSite     *self,
                                         VigilSession  *session,
                                         const char    *name,
                                         const char    *kind,
                                         const char    *path,
                                         const char    *passphrase,
                                         GError       **error);
VigilSite    *vigil_site_join           (const char    *data_dir,
                                         const char    *path,
                                         const char    *passphrase,
                                         const char    *username,
                                         const char    *password,
                                         GError       **error);
GPtrArray    *vigil_site_list_machines  (VigilSite     *self,
                                         GError       **error);
gboolean      vigil_site_revoke_machine (VigilSite     *self,
                                         VigilSession  *session,
                                         const char    *name,
                                         const char    *reason,
                                         GError       **error);

G_END_DECLS
