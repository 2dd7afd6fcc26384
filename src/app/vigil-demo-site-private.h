/* vigil-demo-site-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-demo-site.h"

G_BEGIN_DECLS

/* What the demo site holds, and making it (vigil-demo-site-records.c).
 * Each runs the core's synchronous calls: on the demo's own thread. */

/* The site is the demo's (its name and marker), and finished. */
gboolean   vigil_demo_site_check_demo      (VigilSite   *site,
                                            GError     **error);
/* A folder with no site that the demo may make one in: missing or empty. */
gboolean   vigil_demo_site_check_empty     (const char  *data_dir,
                                            GError     **error);
/* Makes the site in @data_dir: everything but the cameras. */
VigilSite *vigil_demo_site_make            (const char  *data_dir,
                                            GError     **error);
/* On reopening: a new override where the last has run out. */
gboolean   vigil_demo_site_renew           (VigilSite   *site,
                                            GError     **error);
/* Adds the cameras missing and points every one at the camera server on
 * @port, as the demo's manager. */
gboolean   vigil_demo_site_point_cameras   (VigilSite   *site,
                                            guint        port,
                                            GError     **error);
/* vigil-camsim's --camera arguments for every demo camera. */
void       vigil_demo_site_add_camsim_args (GPtrArray   *argv);

G_END_DECLS
