/* vigil-review-window.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

#include "vigil-footage-client.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_REVIEW_WINDOW (vigil_review_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilReviewWindow, vigil_review_window, VIGIL, REVIEW_WINDOW, AdwWindow)

/* A CCTV Review on screen: @segments (VigilSegment, as
 * vigil_site_open_review() returned them, which audited the review for
 * @from_us to @to_us) played from @from_us to before @to_us, and nothing
 * outside that range, as one timeline in the site's wall-clock time, with
 * play and pause, frame steps, speeds from 0.5× to 8× and a position to
 * seek. With @case_ref (nullable), a review note for that family can be
 * written, its period taken from the frames on screen. The player goes with
 * the window. With @fetched (nullable), the segments are played from the
 * folder that client fetched them into from the recorder's machine, which
 * goes with the window too; otherwise from this machine's recordings. */
VigilReviewWindow *vigil_review_window_new (GtkWindow          *parent,
                                            VigilSite          *site,
                                            VigilSession       *session,
                                            const char         *camera_label,
                                            GPtrArray          *segments,
                                            gint64              from_us,
                                            gint64              to_us,
                                            const char         *case_ref,
                                            VigilFootageClient *fetched);

G_END_DECLS
