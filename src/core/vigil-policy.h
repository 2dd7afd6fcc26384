/* vigil-policy.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* The centre's rules (DESIGN.md, "Centre rules") as a pure function: given a
 * camera, the family placed in its room with everything recorded about them,
 * and an instant, what may happen now and when that next changes. It reads
 * nothing and writes nothing; the store gathers its input. */

/* A (non-cancelled) stage change: @state holds from @effective_at until the
 * next change. */
typedef struct
{
  gint64           effective_at;
  VigilFamilyState state;
} VigilPolicyStage;

/* An observation window. Weekly when @days is non-zero, otherwise one-off on
 * @date ("YYYY-MM-DD"). Times are wall-clock minutes in the site's zone;
 * an end not after the start runs into the next day. The window counts only
 * while it existed: from @valid_from until @valid_until (0: still there). */
typedef struct
{
  guint        days;
  const char  *date;
  guint        start_minute;
  guint        end_minute;
  gboolean     audio;
  const char  *purpose;
  gint64       valid_from;
  gint64       valid_until;
} VigilPolicyWindow;

/* A safeguarding override running from @start until @end (its expiry, or
 * when it was ended early, whichever came first). */
typedef struct
{
  gint64 start;
  gint64 end;
} VigilPolicyOverride;

/* A signed CCTV and audio agreement; it holds from @from until the next
 * one's @from. */
typedef struct
{
  gint64   from;
  gboolean covers_audio;
} VigilPolicyAgreement;

typedef struct
{
  VigilLocation              location;
  gboolean                   camera_has_audio;
  const char                *room;              /* for the basis text */

  /* The family placed in the camera's room; for a communal camera these
   * are ignored. */
  gboolean                   has_family;
  const char                *family_label;
  gint64                     placed_from;       /* admission */
  gint64                     placed_until;      /* discharge, or 0 */

  /* Signed CCTV and audio agreements, sorted by from; the one in force at
   * an instant is the last with from <= it, none before the first. */
  const VigilPolicyAgreement *agreements;
  guint                      n_agreements;

  const VigilPolicyStage    *stages;            /* sorted by effective_at */
  guint                      n_stages;
  const VigilPolicyWindow   *windows;
  guint                      n_windows;
  const VigilPolicyOverride *overrides;
  guint                      n_overrides;

  GTimeZone                 *zone;              /* the site's */
} VigilPolicyInput;

typedef struct
{
  gboolean       record;
  gboolean       record_audio;
  VigilLiveView  live_view;
  gboolean       live_audio;
  char          *basis;        /* why, in words a team lead reads */
  gint64         next_change;  /* the first instant after @at when any of the
                                * four answers above differs; 0 when never */
} VigilPolicyDecision;

void        vigil_policy_decide              (const VigilPolicyInput *input,
                                              gint64                  at,
                                              VigilPolicyDecision    *decision);
void        vigil_policy_decision_clear      (VigilPolicyDecision    *decision);
gboolean    vigil_policy_decision_same       (const VigilPolicyDecision *a,
                                              const VigilPolicyDecision *b);
const char *vigil_live_view_to_string        (VigilLiveView           live_view);
const char *vigil_family_state_to_string     (VigilFamilyState        state);
gboolean    vigil_family_state_from_string   (const char             *text,
                                              VigilFamilyState       *state,
                                              GError                **error);

/* Wall-clock time in @zone to an instant, by DESIGN.md's rule: a time that
 * does not exist (clocks forward) is the instant of the change; a time that
 * occurs twice (clocks back) is its first occurrence. */
gint64      vigil_policy_local_to_instant    (GTimeZone              *zone,
                                              int                     year,
                                              int                     month,
                                              int                     day,
                                              guint                   minute_of_day);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilPolicyDecision, vigil_policy_decision_clear)

G_END_DECLS
