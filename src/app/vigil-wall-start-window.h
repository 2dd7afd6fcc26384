/* vigil-wall-start-window.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WALL_START_WINDOW (vigil_wall_start_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilWallStartWindow, vigil_wall_start_window, VIGIL, WALL_START_WINDOW, AdwApplicationWindow)

/* `vigil --wall` before the wall runs: the monitors it will show on (kept
 * in the "wall-monitors" setting) and a login. The core starts the wall
 * for a team lead or manager (vigil_site_start_wall()) and refuses anyone
 * else in its own words; then ::started carries the wall's session and the
 * GdkMonitors chosen (a GPtrArray), and the window's work is done. Where
 * the site could not be opened, @site_error says why. */
VigilWallStartWindow *vigil_wall_start_window_new (AdwApplication *application,
                                                   VigilSite      *site,
                                                   const GError   *site_error);
/* Where the wall shows: the monitors @chosen names by connector, in the
 * display's order, or every monitor where it names none of them. */
GPtrArray            *vigil_wall_start_window_pick_monitors (GListModel         *monitors,
                                                             const char * const *chosen);

G_END_DECLS
