/* vigil-demo-site.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-core.h"

G_BEGIN_DECLS

/* The demo site's name; with its marker file (below), how a demo site is
 * told from a real one. */
#define VIGIL_DEMO_SITE_NAME "Demo Family Centre"
/* A key file in the demo site's folder naming the site's id, written as
 * soon as the site exists; "complete" once everything is in place. */
#define VIGIL_DEMO_SITE_MARKER "vigil-demo.ini"

#define VIGIL_TYPE_DEMO_SITE (vigil_demo_site_get_type ())

G_DECLARE_FINAL_TYPE (VigilDemoSite, vigil_demo_site, VIGIL, DEMO_SITE, GObject)

/* "vigil-demo" in the user's data folder: never the real site's folder,
 * whatever $VIGIL_DATA_DIR says. */
char               *vigil_demo_site_default_dir   (void);
/* The demo's logins, one "USER PASSWORD ROLE" a line. */
const char * const *vigil_demo_site_get_logins    (void);
/* The vigil-camsim to run: $VIGIL_CAMSIM; else, for a console run from
 * its build folder, the one built beside it; else the installed one;
 * else the first on $PATH. */
char               *vigil_demo_site_find_camsim   (GError       **error);
/* The vigil-recorder to run, found the same way ($VIGIL_RECORDER). */
char               *vigil_demo_site_find_recorder (GError       **error);
/* Refuses, without changing anything, a folder --demo must leave alone:
 * one holding a site the demo did not make, or anything else but a site. */
gboolean            vigil_demo_site_check_folder  (const char    *data_dir,
                                                   GError       **error);

VigilDemoSite      *vigil_demo_site_new           (const char    *data_dir);
const char         *vigil_demo_site_get_data_dir  (VigilDemoSite *self);
/* Makes the demo site in the folder (or reopens the one there), starts one
 * vigil-camsim serving every demo camera on a free loopback port, points
 * the cameras at it, and starts a vigil-recorder for the site. The site
 * work runs on a thread of its own (making the site hashes passwords); the
 * camera server and the recorder are children of this process and stop
 * with it. */
void                vigil_demo_site_start_async   (VigilDemoSite *self,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
VigilSite          *vigil_demo_site_start_finish  (VigilDemoSite *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
/* The site, once started; %NULL before. */
VigilSite          *vigil_demo_site_get_site      (VigilDemoSite *self);
/* The camera server's port, or 0 while none runs. */
guint               vigil_demo_site_get_port      (VigilDemoSite *self);
/* Whether the last start made the site (rather than reopening it). */
gboolean            vigil_demo_site_get_created   (VigilDemoSite *self);
/* Stops the recorder, then the camera server: SIGTERM to each, and waits
 * (at most some seconds, then SIGKILL). */
void                vigil_demo_site_stop          (VigilDemoSite *self);

G_END_DECLS
