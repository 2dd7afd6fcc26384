/* vigil-site-review.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-site.h"

G_BEGIN_DECLS

/* What a reviewer sees of a camera before opening any footage (DESIGN.md,
 * "Records that must last"): the camera's timeline, and the console's
 * asynchronous twins of the review and hold calls. */

typedef enum
{
  VIGIL_TIMELINE_RECORDING,     /* footage kept: @audio, @id the segment; @open while still being written */
  VIGIL_TIMELINE_DELETED,       /* footage recorded and since deleted: @label why */
  VIGIL_TIMELINE_GAP,           /* the policy required recording and none was made: @label the cause */
  VIGIL_TIMELINE_NOT_RECORDED,  /* nothing recorded and none required (up to now) */
  VIGIL_TIMELINE_PLACEMENT,     /* a family placed in the camera's room: @case_ref, @label the family's label */
  VIGIL_TIMELINE_WINDOW,        /* an observation window's run: @label its purpose, @audio */
  VIGIL_TIMELINE_OVERRIDE,      /* a safeguarding override's run */
  VIGIL_TIMELINE_NOTE,          /* a note about the period: @id, @case_ref, @label its kind and author;
                                 * an instant (@start == @end) at its writing when it names no period */
  VIGIL_TIMELINE_HOLD,          /* a hold in force: @id, @label its reason and end date */
} VigilTimelineKind;

typedef struct
{
  VigilTimelineKind  kind;
  gint64             start;
  gint64             end;
  gboolean           audio;
  gboolean           open;
  gint64             id;
  char              *case_ref;
  char              *label;
} VigilTimelineItem;

void       vigil_timeline_item_clear          (VigilTimelineItem    *item);

/* The most a timeline covers at once: a week and a day, so that a week
 * from any hour fits. */
#define VIGIL_TIMELINE_MAX_SPAN (8 * G_TIME_SPAN_DAY)

/* @camera over [@from, @to), for a reviewer (vigil_site_check_reviewer()):
 * every item clipped to the range, by start. Reveals no footage, so it is
 * not audited; the time not recorded runs only up to now. */
GArray    *vigil_site_camera_timeline         (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               gint64                from,
                                               gint64                to,
                                               GError              **error);
void       vigil_site_camera_timeline_async   (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               gint64                from,
                                               gint64                to,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GArray    *vigil_site_camera_timeline_finish  (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* vigil_site_open_review(), on the site's worker. */
void       vigil_site_open_review_async       (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               gint64                from,
                                               gint64                to,
                                               const char           *reason,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray *vigil_site_open_review_finish      (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* vigil_site_add_hold() and vigil_site_release_hold(), on the worker. */
void       vigil_site_add_hold_async          (VigilSite            *self,
                                               VigilSession         *session,
                                               const char           *camera,
                                               gint64                from,
                                               gint64                to,
                                               const char           *reason,
                                               const char           *until,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
VigilHold *vigil_site_add_hold_finish         (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void       vigil_site_release_hold_async      (VigilSite            *self,
                                               VigilSession         *session,
                                               gint64                hold_id,
                                               const char           *reason,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean   vigil_site_release_hold_finish     (VigilSite            *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
