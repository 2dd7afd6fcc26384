/* vigil-wall-feed.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-wall-snapshot.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_WALL_FEED (vigil_wall_feed_get_type ())

G_DECLARE_FINAL_TYPE (VigilWallFeed, vigil_wall_feed, VIGIL, WALL_FEED, GObject)

/* What the wall shows, read again whenever it may have changed: at every
 * change @monitor reports (made on any machine) that touches the wall, at
 * the next change of any camera's policy (a window opening, a stage change
 * taking effect, an override ending), and at least every minute. Each read
 * is a VigilWallSnapshot taken on the site's worker, handed to ::updated
 * (a VigilWallSnapshot pointer, valid during the emission). Reads never
 * overlap: a change during one brings one more. The first read starts at
 * once; disposing the feed stops it, and nothing is emitted after. */
VigilWallFeed *vigil_wall_feed_new     (VigilSite          *site,
                                        VigilChangeMonitor *monitor);
/* Reads again now (something changed that no signal tells). */
void           vigil_wall_feed_refresh (VigilWallFeed      *self);

G_END_DECLS
