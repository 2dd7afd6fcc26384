/* vigil-wall-screen.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WALL_SCREEN (vigil_wall_screen_get_type ())

G_DECLARE_FINAL_TYPE (VigilWallScreen, vigil_wall_screen, VIGIL, WALL_SCREEN, AdwApplicationWindow)

/* One monitor of the wall of monitors, full screen on @monitor: who
 * started the wall and when, the time, and screen @screen (from 0) of
 * @screens' share of the cameras (VigilWall, unattended). @session is the
 * wall's (vigil_site_start_wall()). Closing it asks the application to stop
 * the wall ("app.stop-wall"). */
VigilWallScreen *vigil_wall_screen_new   (AdwApplication    *application,
                                          VigilSite         *site,
                                          VigilSession      *session,
                                          GdkMonitor        *monitor,
                                          guint              screen,
                                          guint              screens);
void             vigil_wall_screen_apply (VigilWallScreen   *self,
                                          VigilWallSnapshot *snapshot);
/* Stops every view (@why on the trail); the window may close after. */
void             vigil_wall_screen_stop  (VigilWallScreen   *self,
                                          const char        *why);

G_END_DECLS
