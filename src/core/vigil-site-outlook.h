/* vigil-site-outlook.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-site.h"

G_BEGIN_DECLS

/* What a family's room will do over the coming days, read from the policy
 * timeline, so that a team lead sees what a decision does before making
 * it: the same answer with a change not yet saved (a proposal) laid over
 * what the store holds. Read-only: nothing is saved, nothing audited, no
 * login needed, as with vigil_site_explain_family(). */

typedef enum
{
  VIGIL_OUTLOOK_RECORDING,     /* the room's camera records; @audio: with sound; @label: the policy's basis */
  VIGIL_OUTLOOK_WINDOW,        /* an observation window's run; @label: its purpose; @audio: its audio */
  VIGIL_OUTLOOK_OVERRIDE,      /* a safeguarding override's run */
  VIGIL_OUTLOOK_STAGE_CHANGE,  /* an instant (@start == @end): a stage change takes effect; @label: e.g. "stage 3" */
  VIGIL_OUTLOOK_CLOCK_CHANGE,  /* an instant: the site's clocks change; @label: e.g. "clocks go forward, GMT to BST" */
} VigilOutlookKind;

/* One item of the outlook, clipped to the range asked for. */
typedef struct
{
  VigilOutlookKind  kind;
  gint64            start;
  gint64            end;
  gboolean          audio;
  char             *label;
} VigilOutlookItem;

typedef enum
{
  VIGIL_PROPOSAL_NONE,
  VIGIL_PROPOSAL_STAGE,           /* @state from @effective_at (0: now) */
  VIGIL_PROPOSAL_CANCEL_STAGE,    /* the scheduled stage change @id does not happen */
  VIGIL_PROPOSAL_ADD_WINDOW,      /* @days or @date, @start_minute, @end_minute, @audio, @purpose */
  VIGIL_PROPOSAL_REMOVE_WINDOW,   /* the window @id goes, from now */
  VIGIL_PROPOSAL_START_OVERRIDE,  /* an override from now for @hours (a renewal: the running one is replaced) */
  VIGIL_PROPOSAL_END_OVERRIDE,    /* the running override ends now */
  VIGIL_PROPOSAL_AGREEMENT,       /* a new agreement signed on @date, sound covered as @audio says */
  VIGIL_PROPOSAL_DISCHARGE,       /* the family leaves on @date */
} VigilProposalKind;

/* A change not yet saved, with the fields its kind names; the rest are
 * ignored. Its validity is not checked here: the vigil_site_check_*() call
 * of the change says whether it may be saved. */
typedef struct
{
  VigilProposalKind  kind;
  VigilFamilyState   state;
  gint64             effective_at;
  gint64             id;
  VigilDays          days;           /* 0 for a one-off */
  const char        *date;           /* "YYYY-MM-DD": a one-off window's, an agreement's, a discharge's */
  guint              start_minute;
  guint              end_minute;
  gboolean           audio;
  const char        *purpose;
  guint              hours;
} VigilPolicyProposal;

void    vigil_outlook_item_clear         (VigilOutlookItem          *item);

GArray *vigil_site_family_outlook        (VigilSite                 *self,
                                          const char                *case_ref,
                                          gint64                     from,
                                          gint64                     to,
                                          const VigilPolicyProposal *proposal,
                                          GError                   **error);
void    vigil_site_family_outlook_async  (VigilSite                 *self,
                                          const char                *case_ref,
                                          gint64                     from,
                                          gint64                     to,
                                          const VigilPolicyProposal *proposal,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
GArray *vigil_site_family_outlook_finish (VigilSite                 *self,
                                          GAsyncResult              *result,
                                          GError                   **error);

G_END_DECLS
