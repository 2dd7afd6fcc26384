/* vigil-wall-snapshot.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-core.h"

G_BEGIN_DECLS

/* One camera of the wall as the core saw it at one instant. */
typedef struct
{
  VigilCamera         *camera;
  VigilFamily         *family;      /* placed in the camera's room, or NULL */
  VigilFamilyState     state;       /* the family's stage now */
  VigilStageChange    *scheduled;   /* the family's next stage change to come, or NULL */
  VigilOverride       *override;    /* running, or NULL */
  VigilDuty           *duty;        /* the family's open duty, or NULL */
  VigilWatchRequest   *uncovered;   /* the family's uncovered request, or NULL */
  VigilPolicyDecision  decision;
} VigilWallEntry;

/* Everything the wall and its coverage show, read in one series of calls
 * on the site's worker (never on the main thread). */
typedef struct
{
  gint64     taken_at;
  GPtrArray *entries;    /* VigilWallEntry: family rooms by room, then communal by name */
  GPtrArray *duties;     /* VigilDuty, open */
  GPtrArray *uncovered;  /* VigilWatchRequest, oldest first */
  GPtrArray *families;   /* VigilFamily: every family placed, its room with a camera or not */
} VigilWallSnapshot;

void               vigil_wall_snapshot_take_async  (VigilSite           *site,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
VigilWallSnapshot *vigil_wall_snapshot_take_finish (GAsyncResult        *result,
                                                    GError             **error);
VigilWallSnapshot *vigil_wall_snapshot_ref         (VigilWallSnapshot   *self);
void               vigil_wall_snapshot_unref       (VigilWallSnapshot   *self);
/* The first instant after it was taken at which any camera's policy
 * changes, or 0. */
gint64             vigil_wall_snapshot_next_change (VigilWallSnapshot   *self);
/* The open duty held by @username, or NULL. */
VigilDuty         *vigil_wall_snapshot_duty_of     (VigilWallSnapshot   *self,
                                                    const char          *username);
/* How a family's tile and coverage name it: "K.M. (Room 1)". */
char              *vigil_wall_entry_describe_family (const VigilWallEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilWallSnapshot, vigil_wall_snapshot_unref)

G_END_DECLS
