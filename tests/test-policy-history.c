/* test-policy-history.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "policy-fixture.h"

/* The policy engine over time: safeguarding overrides, stage histories,
 * the agreement, admission and discharge, and communal cameras. */

/* 4. Overrides
 * ------------------------------------------------------------------------ */

static void
test_override_in_window (void)
{
  const VigilPolicyWindow silent[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime routine", 0, 0 },
  };
  const VigilPolicyWindow audible[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  VigilPolicyOverride inside[] = {
    { vigil_test_instant ("2026-11-18T19:30:00Z"), vigil_test_instant ("2026-11-18T19:45:00Z") },
  };
  VigilPolicyOverride past_end[] = {
    { vigil_test_instant ("2026-11-18T19:30:00Z"), vigil_test_instant ("2026-11-18T21:00:00Z") },
  };
  VigilPolicyOverride before_start[] = {
    { vigil_test_instant ("2026-11-18T18:00:00Z"), vigil_test_instant ("2026-11-18T19:30:00Z") },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  /* Starts and expires inside a silent window: audio only while it runs
   * (override rule: audio if the agreement covers it). */
  stage_3_input (&input, &stage, silent, G_N_ELEMENTS (silent));
  input.overrides = inside;
  input.n_overrides = G_N_ELEMENTS (inside);
  check (&input, vigil_test_instant ("2026-11-18T19:15:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T19:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:29:59Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T19:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T19:45:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:44:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T19:45:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:45:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-25T19:00:00Z"));

  /* Same, agreement without audio: video throughout, never audio, so
   * nothing changes until the window ends. */
  set_agreement_audio (&input, FALSE);
  check (&input, vigil_test_instant ("2026-11-18T19:15:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  set_agreement_audio (&input, TRUE);

  /* Starts inside, expires after the window: records throughout, until the
   * override ends. */
  input.overrides = past_end;
  check (&input, vigil_test_instant ("2026-11-18T19:15:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T19:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T20:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T20:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T21:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T21:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-25T19:00:00Z"));

  /* Starts before, expires inside a silent window: audio until it expires. */
  input.overrides = before_start;
  check (&input, vigil_test_instant ("2026-11-18T17:59:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T18:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T18:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T19:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T19:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));

  /* …inside a window with audio: nothing changes at the window's start nor
   * at the override's expiry, only at the window's end. */
  input.windows = audible;
  check (&input, vigil_test_instant ("2026-11-18T18:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));

  /* …without a microphone: video only throughout. */
  input.camera_has_audio = FALSE;
  check (&input, vigil_test_instant ("2026-11-18T18:00:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
}

static void
test_override_off_and_stage_1 (void)
{
  VigilPolicyStage off[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { vigil_test_instant ("2026-11-01T09:00:00Z"), VIGIL_STATE_OFF },
  };
  VigilPolicyStage stage_1[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
  };
  /* 24 hours from 10:00 on 2026-11-18. */
  VigilPolicyOverride override[] = {
    { vigil_test_instant ("2026-11-18T10:00:00Z"), vigil_test_instant ("2026-11-19T10:00:00Z") },
  };
  /* The same, ended early at 14:00. */
  VigilPolicyOverride ended_early[] = {
    { vigil_test_instant ("2026-11-18T10:00:00Z"), vigil_test_instant ("2026-11-18T14:00:00Z") },
  };
  /* Renewed before expiry with a new rationale: two overlapping. */
  VigilPolicyOverride renewed[] = {
    { vigil_test_instant ("2026-11-18T10:00:00Z"), vigil_test_instant ("2026-11-19T10:00:00Z") },
    { vigil_test_instant ("2026-11-19T06:00:00Z"), vigil_test_instant ("2026-11-21T06:00:00Z") },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = off;
  input.n_stages = G_N_ELEMENTS (off);
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);

  check (&input, vigil_test_instant ("2026-11-18T09:59:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T10:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T10:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-19T10:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-19T09:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-19T10:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-19T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Ended early: it stops at 14:00, and next_change says so. */
  input.overrides = ended_early;
  check (&input, vigil_test_instant ("2026-11-18T10:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T14:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T13:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T14:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T14:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2026-11-18T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Renewed: continuous until the renewal expires. */
  input.overrides = renewed;
  input.n_overrides = G_N_ELEMENTS (renewed);
  check (&input, vigil_test_instant ("2026-11-18T10:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-21T06:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-19T10:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-21T06:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-21T06:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* No agreement: the override still records video, no audio. */
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);
  set_agreement_from (&input, 0);
  check (&input, vigil_test_instant ("2026-11-18T09:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T10:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T10:00:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-19T10:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-19T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Stage 1 with an agreement without audio: video only, override or not,
   * so the override changes nothing. */
  family_input_init (&input);
  set_agreement_audio (&input, FALSE);
  input.stages = stage_1;
  input.n_stages = G_N_ELEMENTS (stage_1);
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);
  check (&input, vigil_test_instant ("2026-11-18T09:00:00Z"), TRUE, FALSE, ALLOWED, 0);
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), TRUE, FALSE, ALLOWED, 0);
  check (&input, vigil_test_instant ("2026-11-19T12:00:00Z"), TRUE, FALSE, ALLOWED, 0);

  /* Stage 1 with audio agreed: the override changes nothing either. */
  set_agreement_audio (&input, TRUE);
  check (&input, vigil_test_instant ("2026-11-18T09:00:00Z"), TRUE, TRUE, ALLOWED, 0);
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), TRUE, TRUE, ALLOWED, 0);
}

static void
test_override_clock_change (void)
{
  /* An override of 24 hours across the night the clocks go forward is 24
   * real hours. */
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_4 },
  };
  VigilPolicyOverride override[] = {
    { vigil_test_instant ("2027-03-27T20:00:00Z"), vigil_test_instant ("2027-03-28T20:00:00Z") },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);

  check (&input, vigil_test_instant ("2027-03-27T19:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-03-27T20:00:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T01:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2027-03-28T20:00:00Z"));
  check (&input, vigil_test_instant ("2027-03-28T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
}

/* 5. Stage changes over time
 * ------------------------------------------------------------------------ */

static void
test_stage_history (void)
{
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime routine", 0, 0 },
  };
  /* Stage 2, then 3 on Monday 2026-11-16 10:00, then off on Monday 11-30. */
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2026-11-02T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { vigil_test_instant ("2026-11-16T10:00:00Z"), VIGIL_STATE_STAGE_3 },
    { vigil_test_instant ("2026-11-30T10:00:00Z"), VIGIL_STATE_OFF },
  };
  /* The same, but off in the middle of Wednesday 11-25's window. */
  VigilPolicyStage off_in_window[] = {
    { vigil_test_instant ("2026-11-02T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { vigil_test_instant ("2026-11-16T10:00:00Z"), VIGIL_STATE_STAGE_3 },
    { vigil_test_instant ("2026-11-25T19:30:00Z"), VIGIL_STATE_OFF },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.placed_from = vigil_test_instant ("2026-11-02T09:00:00Z");
  set_agreement_from (&input, input.placed_from);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);
  input.windows = windows;
  input.n_windows = G_N_ELEMENTS (windows);

  /* Before admission: denied until the family arrives. */
  check (&input, vigil_test_instant ("2026-11-01T12:00:00Z"), FALSE, FALSE, DENIED, vigil_test_instant ("2026-11-02T09:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-02T08:59:59Z"), FALSE, FALSE, DENIED, vigil_test_instant ("2026-11-02T09:00:00Z"));
  /* Stage 2: continuous, windows ignored; it changes when stage 3 starts. */
  check (&input, vigil_test_instant ("2026-11-02T09:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-16T10:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-11T19:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-16T10:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-16T09:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-16T10:00:00Z"));
  /* Stage 3: only in the Wednesday window. */
  check (&input, vigil_test_instant ("2026-11-16T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-18T19:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T19:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-25T20:00:00Z"));
  /* Going off changes nothing outside windows (both: not recording,
   * reason required), so next_change skips it: never again. */
  check (&input, vigil_test_instant ("2026-11-25T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2026-11-30T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, vigil_test_instant ("2026-12-02T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Off in the middle of a window ends it. */
  input.stages = off_in_window;
  check (&input, vigil_test_instant ("2026-11-25T19:10:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-25T19:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
}

static void
test_stage_same_answer (void)
{
  const VigilPolicyWindow audible[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  const VigilPolicyWindow silent[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime routine", 0, 0 },
  };
  /* Stage 1 → 2 at an odd instant: same answer. */
  VigilPolicyStage one_two[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
    { vigil_test_instant ("2026-11-20T14:37:13Z"), VIGIL_STATE_STAGE_2 },
  };
  /* …and then off. */
  VigilPolicyStage one_two_off[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
    { vigil_test_instant ("2026-11-20T14:37:13Z"), VIGIL_STATE_STAGE_2 },
    { vigil_test_instant ("2026-12-04T08:00:00Z"), VIGIL_STATE_OFF },
  };
  /* 3 → 4 inside a window: same answer. */
  VigilPolicyStage three_four[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_3 },
    { vigil_test_instant ("2026-11-18T19:30:00Z"), VIGIL_STATE_STAGE_4 },
  };
  /* 2 → 3 inside a window. */
  VigilPolicyStage two_three[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { vigil_test_instant ("2026-11-18T19:30:00Z"), VIGIL_STATE_STAGE_3 },
  };
  /* Back from off to stage 2. */
  VigilPolicyStage back[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_3 },
    { vigil_test_instant ("2026-10-01T09:00:00Z"), VIGIL_STATE_OFF },
    { vigil_test_instant ("2026-11-20T16:45:00Z"), VIGIL_STATE_STAGE_2 },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = one_two;
  input.n_stages = G_N_ELEMENTS (one_two);
  check (&input, vigil_test_instant ("2026-11-10T12:00:00Z"), TRUE, TRUE, ALLOWED, 0);
  check (&input, vigil_test_instant ("2026-11-20T14:37:12Z"), TRUE, TRUE, ALLOWED, 0);
  check (&input, vigil_test_instant ("2026-11-20T14:37:13Z"), TRUE, TRUE, ALLOWED, 0);

  input.stages = one_two_off;
  input.n_stages = G_N_ELEMENTS (one_two_off);
  check (&input, vigil_test_instant ("2026-11-10T12:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-12-04T08:00:00Z"));
  check (&input, vigil_test_instant ("2026-12-04T08:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Without a microphone stage 1 → 2 → off is still a change. */
  input.camera_has_audio = FALSE;
  check (&input, vigil_test_instant ("2026-11-10T12:00:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-12-04T08:00:00Z"));
  input.camera_has_audio = TRUE;

  input.windows = audible;
  input.n_windows = G_N_ELEMENTS (audible);
  input.stages = three_four;
  input.n_stages = G_N_ELEMENTS (three_four);
  check (&input, vigil_test_instant ("2026-11-18T19:10:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));

  /* 2 → 3 inside a window with audio: same answer until the window ends. */
  input.stages = two_three;
  input.n_stages = G_N_ELEMENTS (two_three);
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  /* …inside a silent window: the audio stops at the stage change. */
  input.windows = silent;
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-18T19:30:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  /* …and with audio not agreed the answer stays video only until 20:00. */
  set_agreement_audio (&input, FALSE);
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T20:00:00Z"));
  set_agreement_audio (&input, TRUE);

  /* Going back from off to stage 2. */
  input.windows = NULL;
  input.n_windows = 0;
  input.stages = back;
  input.n_stages = G_N_ELEMENTS (back);
  check (&input, vigil_test_instant ("2026-09-20T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-20T16:45:00Z"));
  check (&input, vigil_test_instant ("2026-10-20T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-20T16:45:00Z"));
  check (&input, vigil_test_instant ("2026-11-20T16:45:00Z"), TRUE, TRUE, ALLOWED, 0);
}

static void
test_stage_after_clock_change (void)
{
  /* Off until a stage 3 scheduled for Sunday 2027-04-04 22:00 UTC (23:00
   * BST); a weekly window on Mondays 00:15–00:45, the first of which after
   * the change is 2027-04-05 00:15 BST = 2027-04-04 23:15 UTC. Asked a
   * fortnight before, across the spring clock change. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_MONDAY, NULL, 15, 45, FALSE, "night check-in", 0, 0 },
  };
  const VigilPolicyWindow last_one[] = {
    { VIGIL_DAY_MONDAY, NULL, 15, 45, FALSE, "night check-in", 0, vigil_test_instant ("2027-04-05T12:00:00Z") },
  };
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2027-03-01T09:00:00Z"), VIGIL_STATE_OFF },
    { vigil_test_instant ("2027-04-04T22:00:00Z"), VIGIL_STATE_STAGE_3 },
  };
  const char *asked[] = {
    "2027-03-20T23:30:00Z", "2027-03-20T23:00:00Z", "2027-03-20T23:59:59Z",
    "2027-03-21T00:00:00Z", "2027-03-25T12:00:00Z", "2027-04-01T23:30:00Z",
    "2027-04-04T22:00:00Z", "2027-04-04T23:14:59Z",
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);

  for (guint pass = 0; pass < 2; pass++)
    {
      input.windows = pass == 0 ? windows : last_one;
      input.n_windows = 1;

      for (guint i = 0; i < G_N_ELEMENTS (asked); i++)
        check (&input, vigil_test_instant (asked[i]), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2027-04-04T23:15:00Z"));
      check (&input, vigil_test_instant ("2027-04-04T23:15:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2027-04-04T23:45:00Z"));
      check (&input, vigil_test_instant ("2027-04-04T23:45:00Z"), FALSE, FALSE, REASON_REQUIRED,
             pass == 0 ? vigil_test_instant ("2027-04-11T23:15:00Z") : 0);
    }
}

/* 6. Agreement, family, admission and discharge
 * ------------------------------------------------------------------------ */

static void
test_agreement (void)
{
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
  };
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);

  /* None on file: nothing, reason required, for ever. */
  set_agreement_from (&input, 0);
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Signed later: changes then. */
  set_agreement_from (&input, vigil_test_instant ("2026-11-20T11:23:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-20T11:23:00Z"));
  check (&input, vigil_test_instant ("2026-11-20T11:22:59Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-20T11:23:00Z"));
  check (&input, vigil_test_instant ("2026-11-20T11:23:00Z"), TRUE, TRUE, ALLOWED, 0);

  /* Audio not agreed: video only, live view and live audio allowed. */
  set_agreement_audio (&input, FALSE);
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-20T11:23:00Z"));
  check (&input, vigil_test_instant ("2026-11-20T11:23:00Z"), TRUE, FALSE, ALLOWED, 0);

  /* Signed later at stage 3: the first change is the first window after
   * signing, not the signing. */
  stages[0].state = VIGIL_STATE_STAGE_3;
  set_agreement_audio (&input, TRUE);
  input.windows = windows;
  input.n_windows = G_N_ELEMENTS (windows);
  check (&input, vigil_test_instant ("2026-11-18T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-25T19:00:00Z"));
  /* Signed during a window: it starts recording at the signing. */
  set_agreement_from (&input, vigil_test_instant ("2026-11-25T19:12:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T19:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-25T19:12:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T19:12:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-25T20:00:00Z"));
}

/* Agreements kept as a history: each holds from its own date until the
 * next one's, so a replacement changes nothing before it. */
static void
test_agreement_history (void)
{
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
  };
  VigilPolicyAgreement agreements[] = {
    { vigil_test_instant ("2026-09-30T23:00:00Z"), TRUE },   /* D1: with audio */
    { vigil_test_instant ("2026-11-10T00:00:00Z"), FALSE },  /* D2: without */
    { vigil_test_instant ("2026-11-20T00:00:00Z"), FALSE },  /* D3: again without */
    { vigil_test_instant ("2026-12-01T00:00:00Z"), TRUE },   /* D4: with audio again */
  };
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_TUESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);
  input.agreements = agreements;
  input.n_agreements = 2;

  /* Before the first: none on file. */
  check (&input, vigil_test_instant ("2026-09-15T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-09-30T23:00:00Z"));
  /* Between D1 and D2: video and audio, until D2 changes the answer. */
  check (&input, vigil_test_instant ("2026-09-30T23:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-10T00:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-09T23:59:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-10T00:00:00Z"));
  /* From D2 on: video only, for ever. */
  check (&input, vigil_test_instant ("2026-11-10T00:00:00Z"), TRUE, FALSE, ALLOWED, 0);
  check (&input, vigil_test_instant ("2027-01-10T12:00:00Z"), TRUE, FALSE, ALLOWED, 0);

  /* A third like the second changes nothing; a fourth with audio does. */
  input.n_agreements = G_N_ELEMENTS (agreements);
  check (&input, vigil_test_instant ("2026-11-09T12:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-10T00:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-10T00:00:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-12-01T00:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-25T00:00:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-12-01T00:00:00Z"));
  check (&input, vigil_test_instant ("2026-12-01T00:00:00Z"), TRUE, TRUE, ALLOWED, 0);

  /* At stage 3, an audio window: audio inside it only while the agreement
   * in force covers audio. Tuesday 2026-11-03 (D1's), 2026-11-10 (D2's). */
  stages[0].state = VIGIL_STATE_STAGE_3;
  input.windows = windows;
  input.n_windows = G_N_ELEMENTS (windows);
  input.n_agreements = 2;
  check (&input, vigil_test_instant ("2026-11-03T19:30:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-11-03T20:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-10T19:30:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-10T20:00:00Z"));
  /* Outside a window before D2: the next change is the next window. */
  check (&input, vigil_test_instant ("2026-11-04T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, vigil_test_instant ("2026-11-10T19:00:00Z"));
}

static void
test_family_placement (void)
{
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2026-11-02T09:00:00Z"), VIGIL_STATE_STAGE_1 },
  };
  VigilPolicyOverride override[] = {
    { vigil_test_instant ("2026-11-18T10:00:00Z"), vigil_test_instant ("2026-11-19T10:00:00Z") },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.placed_from = vigil_test_instant ("2026-11-02T09:00:00Z");
  set_agreement_from (&input, input.placed_from);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);

  /* No family: denied, for ever, whatever else the input holds. */
  input.has_family = FALSE;
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, DENIED, 0);
  check (&input, vigil_test_instant ("2026-10-18T12:00:00Z"), FALSE, FALSE, DENIED, 0);
  input.camera_has_audio = FALSE;
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, DENIED, 0);
  input.camera_has_audio = TRUE;
  input.has_family = TRUE;

  /* Admitted 2026-11-02 09:00, discharged 2026-12-01 17:30. */
  input.placed_until = vigil_test_instant ("2026-12-01T17:30:00Z");
  check (&input, vigil_test_instant ("2026-10-18T12:00:00Z"), FALSE, FALSE, DENIED, vigil_test_instant ("2026-11-02T09:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-02T09:00:00Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-12-01T17:30:00Z"));
  check (&input, vigil_test_instant ("2026-12-01T17:29:59Z"), TRUE, TRUE, ALLOWED, vigil_test_instant ("2026-12-01T17:30:00Z"));
  check (&input, vigil_test_instant ("2026-12-01T17:30:00Z"), FALSE, FALSE, DENIED, 0);
  check (&input, vigil_test_instant ("2027-03-01T17:30:00Z"), FALSE, FALSE, DENIED, 0);

  /* Discharged while an override runs: the room is empty from discharge. */
  input.placed_until = vigil_test_instant ("2026-11-18T14:00:00Z");
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);
  set_agreement_audio (&input, FALSE);
  check (&input, vigil_test_instant ("2026-11-18T12:00:00Z"), TRUE, FALSE, ALLOWED, vigil_test_instant ("2026-11-18T14:00:00Z"));
  check (&input, vigil_test_instant ("2026-11-18T14:00:00Z"), FALSE, FALSE, DENIED, 0);
}

static void
test_communal (void)
{
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_3 },
    { vigil_test_instant ("2026-11-20T09:00:00Z"), VIGIL_STATE_OFF },
  };
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  const char *times[] = {
    "2026-11-18T19:30:00Z", "2026-11-18T12:00:00Z", "2026-10-25T01:30:00Z",
    "2027-03-28T01:00:00Z", "2027-10-31T00:30:00Z", "2030-01-01T00:00:00Z",
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.location = VIGIL_LOCATION_COMMUNAL;
  input.room = "Lounge";
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);
  input.windows = windows;
  input.n_windows = G_N_ELEMENTS (windows);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    for (guint audio = 0; audio < 2; audio++)
      {
        g_auto(VigilPolicyDecision) decision = { 0 };

        input.camera_has_audio = audio;
        vigil_policy_decide (&input, vigil_test_instant (times[i]), &decision);
        g_assert_true (decision.record);
        g_assert_false (decision.record_audio);
        g_assert_cmpint (decision.live_view, ==, ALLOWED);
        g_assert_false (decision.live_audio);
        g_assert_cmpint (decision.next_change, ==, 0);
        assert_basis_mentions (decision.basis, "communal");
      }
}

int
main (int   argc,
      char *argv[])
{
  policy_test_init (&argc, &argv);

  g_test_add_func ("/policy/override/in-window", test_override_in_window);
  g_test_add_func ("/policy/override/off-and-stage-1", test_override_off_and_stage_1);
  g_test_add_func ("/policy/override/clock-change", test_override_clock_change);
  g_test_add_func ("/policy/stage/history", test_stage_history);
  g_test_add_func ("/policy/stage/same-answer", test_stage_same_answer);
  g_test_add_func ("/policy/stage/after-clock-change", test_stage_after_clock_change);
  g_test_add_func ("/policy/agreement", test_agreement);
  g_test_add_func ("/policy/agreement/history", test_agreement_history);
  g_test_add_func ("/policy/family/placement", test_family_placement);
  g_test_add_func ("/policy/communal", test_communal);

  return policy_test_run ();
}
