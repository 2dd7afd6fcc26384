/* vigil-site-policy-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-site-policy-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-camera.h"
#include "vigil-family.h"
#include "vigil-site-policy.h"

G_BEGIN_DECLS

/* Shared by vigil-site-policy.c and vigil-site-outlook.c: what the policy
 * engine reads, gathered from the store, with the records its input points
 * into. The outlook lays a proposal over a copy of it. */
typedef struct
{
  VigilPolicyInput   input;
  VigilCamera       *camera;
  VigilFamily       *family;
  GPtrArray         *changes;     /* VigilStageChange, as the store lists them */
  GPtrArray         *windows;     /* VigilWindow, removed ones too */
  GPtrArray         *overrides;   /* VigilOverride */
  GArray            *stages;      /* VigilPolicyStage */
  GArray            *policy_windows;    /* VigilPolicyWindow, one for each of @windows */
  GArray            *policy_overrides;  /* VigilPolicyOverride, one for each of @overrides */
  GArray            *agreements;  /* VigilStoreAgreement */
  GArray            *policy_agreements;
} VigilPolicySource;

void      vigil_policy_source_clear             (VigilPolicySource       *source);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilPolicySource, vigil_policy_source_clear)

/* The family's room as its camera would see it, with a microphone: the
 * rules as they stand, whatever the hardware. */
gboolean  vigil_site_policy_load_family         (VigilSite               *self,
                                                 const char              *case_ref,
                                                 VigilPolicySource       *source,
                                                 GError                 **error);

/* A date's first instant in the site's zone, and the first instant of the
 * day after it (a day the clocks change lasts 23 or 25 hours); 0 for none:
 * when an agreement starts to hold, and when a discharged family's
 * placement ends. */
gint64    vigil_site_policy_date_start          (VigilSite               *self,
                                                 const char              *date);
gint64    vigil_site_policy_day_after_start     (VigilSite               *self,
                                                 const char              *date);
/* The stretches of [@from, @to) in which @input records, split where audio
 * starts or stops (VigilRecordingInterval, with its clear function set). */
GArray   *vigil_site_policy_recording_intervals (const VigilPolicyInput  *input,
                                                 gint64                   from,
                                                 gint64                   to);

G_END_DECLS
