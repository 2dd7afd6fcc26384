/* vigil-video-paintable.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vigil-camera-source.h"
#include "vigil-review-player.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_VIDEO_PAINTABLE (vigil_video_paintable_get_type ())

G_DECLARE_FINAL_TYPE (VigilVideoPaintable, vigil_video_paintable, VIGIL, VIDEO_PAINTABLE, GObject)

/* A camera's picture for a GtkPicture: the newest frame of @source as a
 * GdkTexture, taken on the main loop when the source says one is waiting
 * (at most once an iteration, however many arrived), never from a
 * streaming thread. Empty until the first frame. */
VigilVideoPaintable *vigil_video_paintable_new          (VigilCameraSource   *source);
/* The same for recorded footage under review: the frame @player shows, its
 * capture time the instant it was recorded. */
VigilVideoPaintable *vigil_video_paintable_new_for_review (VigilReviewPlayer *player);
/* The camera followed, or %NULL for a review's. */
VigilCameraSource   *vigil_video_paintable_get_source   (VigilVideoPaintable *self);
/* The review followed, or %NULL for a camera's. */
VigilReviewPlayer   *vigil_video_paintable_get_player   (VigilVideoPaintable *self);
/* The frame shown, or %NULL before the first. */
GdkTexture          *vigil_video_paintable_get_texture  (VigilVideoPaintable *self);
/* When the camera captured the frame shown (µs since 1970), or 0 where it
 * does not say. */
gint64               vigil_video_paintable_get_capture_time (VigilVideoPaintable *self);
/* When the camera captured the frame last drawn (the one a widget last put
 * in its snapshot), or 0: read after the frame clock's paint, it gives the
 * camera-to-screen latency of what is on the screen. */
gint64               vigil_video_paintable_get_drawn_capture_time (VigilVideoPaintable *self);

/* The frame size a view asks its source for: the camera's picture fitted
 * at its aspect into @shown_width x @shown_height device pixels, never more
 * than the camera sends (0 x 0: its own size; GTK scales up), even-sized
 * for the scaler. Until the camera's size is known: 0 x 0. */
void                 vigil_video_fit_frame (const VigilMediaInfo *info,
                                            double                shown_width,
                                            double                shown_height,
                                            guint                *width,
                                            guint                *height);

G_END_DECLS
