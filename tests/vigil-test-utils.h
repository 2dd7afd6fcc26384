/* vigil-test-utils.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "vigil-core.h"
/* Tests reach behind the site's calls to tamper and to inspect. */
#include "vigil-audit-private.h"
#include "vigil-secrets.h"
#include "vigil-site-private.h"
#include "vigil-store-centre.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TEST_MANAGER          "mgr"
#define VIGIL_TEST_MANAGER_PASSWORD "manager-pass"

/* A fresh folder under the test's temporary directory, removed with its
 * contents by vigil_test_remove_dir(). */
char         *vigil_test_make_dir     (void);
void          vigil_test_remove_dir   (const char  *dir);

/* A real site in a fresh folder, with the first manager VIGIL_TEST_MANAGER;
 * its key goes to the session's gnome-keyring. */
VigilSite    *vigil_test_site_new     (char       **dir_out);
VigilSession *vigil_test_login        (VigilSite   *site,
                                       const char  *username,
                                       const char  *password);
VigilSession *vigil_test_login_manager (VigilSite  *site);

/* Adds a member with a competency from 2026-01-01 to 2099-01-01 unless
 * @assessed_on is given. */
void          vigil_test_add_staff    (VigilSite   *site,
                                       VigilSession *manager,
                                       const char  *username,
                                       guint        band,
                                       VigilRole    role,
                                       const char  *assessed_on,
                                       const char  *refresher_due,
                                       const char  *password);

/* The site's SQLite file opened directly, as someone with file access (not
 * Vigil) would; the append-only triggers are dropped, as such a person could. */
sqlite3      *vigil_test_open_raw     (const char  *dir);
void          vigil_test_exec_raw     (sqlite3     *db,
                                       const char  *sql);
gint64        vigil_test_count_audit  (VigilSite   *site);

G_END_DECLS
