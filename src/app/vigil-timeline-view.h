/* vigil-timeline-view.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TIMELINE_VIEW (vigil_timeline_view_get_type ())

G_DECLARE_FINAL_TYPE (VigilTimelineView, vigil_timeline_view, VIGIL, TIMELINE_VIEW, GtkWidget)

/* A camera's timeline (vigil_site_camera_timeline()) drawn in lanes, footage,
 * the room's policy, notes and holds, across [from, to), with the same in
 * words beneath for screen readers. Dragging across it selects a range
 * ("selection-changed"). */
VigilTimelineView *vigil_timeline_view_new           (void);
/* @items: VigilTimelineItem, kept (a reference is taken); @now: when they
 * were read; @zone: the site's. */
void               vigil_timeline_view_set_items     (VigilTimelineView *self,
                                                      GArray            *items,
                                                      gint64             from,
                                                      gint64             to,
                                                      gint64             now,
                                                      GTimeZone         *zone);
/* The selected range, or %FALSE when none is. */
gboolean           vigil_timeline_view_get_selection (VigilTimelineView *self,
                                                      gint64            *from,
                                                      gint64            *to);
/* Shows a range as selected (0, 0 for none), without "selection-changed". */
void               vigil_timeline_view_set_selection (VigilTimelineView *self,
                                                      gint64             from,
                                                      gint64             to);

G_END_DECLS
