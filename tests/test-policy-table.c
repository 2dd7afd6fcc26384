/* test-policy-table.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "policy-fixture.h"

/* The policy engine against DESIGN.md, "Centre rules (the policy)": every
 * row of the table, each with and without a microphone on the camera and
 * an agreement covering audio. */

/* 1. DESIGN.md's table
 * ------------------------------------------------------------------------ */

typedef enum
{
  FAMILY_PLACED,
  FAMILY_NONE,            /* the room has no family */
  FAMILY_NOT_YET,         /* admitted after the instant */
  FAMILY_DISCHARGED,      /* discharged before the instant */
} FamilySituation;

typedef enum
{
  WINDOWS_NONE,           /* no windows at all */
  WINDOWS_IN_AUDIO,       /* inside a window that records audio */
  WINDOWS_IN_SILENT,      /* inside a window without audio */
  WINDOWS_OUTSIDE,        /* windows exist, none is running */
} WindowSituation;

typedef enum
{
  AGREEMENT_SIGNED,
  AGREEMENT_NONE,
  AGREEMENT_LATER,        /* signed only after the instant */
} AgreementSituation;

typedef enum
{
  AUDIO_NEVER,
  AUDIO_IF_AGREED,        /* if the agreement covers audio (and there is a microphone) */
} AudioRule;

typedef struct
{
  const char         *name;
  VigilLocation       location;
  FamilySituation     family;
  VigilFamilyState    state;
  WindowSituation     windows;
  gboolean            override;
  AgreementSituation  agreement;

  /* Expected, from DESIGN.md. */
  gboolean            record;
  AudioRule           audio;
  VigilLiveView       live_view;
  const char         *basis_words;
} PolicyRow;

#define FAMILY VIGIL_LOCATION_FAMILY_ROOM
#define COMMUNAL VIGIL_LOCATION_COMMUNAL
#define S1 VIGIL_STATE_STAGE_1
#define S2 VIGIL_STATE_STAGE_2
#define S3 VIGIL_STATE_STAGE_3
#define S4 VIGIL_STATE_STAGE_4
#define OFF VIGIL_STATE_OFF

static const PolicyRow policy_rows[] = {
  /* stage 1 or 2: video always; audio always if the agreement covers it;
   * live view allowed. Windows do not matter. */
  { "stage-1", FAMILY, FAMILY_PLACED, S1, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "stage 1" },
  { "stage-2", FAMILY, FAMILY_PLACED, S2, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "stage 2" },
  { "stage-1-outside-windows", FAMILY, FAMILY_PLACED, S1, WINDOWS_OUTSIDE, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "stage 1" },
  { "stage-2-in-silent-window", FAMILY, FAMILY_PLACED, S2, WINDOWS_IN_SILENT, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "stage 2" },

  /* stage 3 or 4 inside a window: video; audio if the window says audio and
   * the agreement covers it; live view allowed. */
  { "stage-3-in-audio-window", FAMILY, FAMILY_PLACED, S3, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "window" },
  { "stage-3-in-silent-window", FAMILY, FAMILY_PLACED, S3, WINDOWS_IN_SILENT, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_NEVER, ALLOWED, "window" },
  { "stage-4-in-audio-window", FAMILY, FAMILY_PLACED, S4, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "window" },
  { "stage-4-in-silent-window", FAMILY, FAMILY_PLACED, S4, WINDOWS_IN_SILENT, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_NEVER, ALLOWED, "window" },

  /* stage 3 or 4 outside every window: nothing; reason required. */
  { "stage-3-outside-windows", FAMILY, FAMILY_PLACED, S3, WINDOWS_OUTSIDE, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "outside every" },
  { "stage-4-outside-windows", FAMILY, FAMILY_PLACED, S4, WINDOWS_OUTSIDE, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "outside every" },
  { "stage-3-no-windows", FAMILY, FAMILY_PLACED, S3, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "outside every" },

  /* recording off: nothing, even inside a window; reason required. */
  { "off", FAMILY, FAMILY_PLACED, OFF, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "off" },
  { "off-in-audio-window", FAMILY, FAMILY_PLACED, OFF, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "off" },

  /* an override at any stage: video; audio if the agreement covers it (not
   * the window's say); live view allowed. */
  { "override-stage-1", FAMILY, FAMILY_PLACED, S1, WINDOWS_NONE, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },
  { "override-stage-2-in-silent-window", FAMILY, FAMILY_PLACED, S2, WINDOWS_IN_SILENT, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },
  { "override-stage-3-in-silent-window", FAMILY, FAMILY_PLACED, S3, WINDOWS_IN_SILENT, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },
  { "override-stage-3-outside-windows", FAMILY, FAMILY_PLACED, S3, WINDOWS_OUTSIDE, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },
  { "override-stage-4-no-windows", FAMILY, FAMILY_PLACED, S4, WINDOWS_NONE, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },
  { "override-stage-4-in-audio-window", FAMILY, FAMILY_PLACED, S4, WINDOWS_IN_AUDIO, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },
  { "override-off", FAMILY, FAMILY_PLACED, OFF, WINDOWS_NONE, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },
  { "override-off-outside-windows", FAMILY, FAMILY_PLACED, OFF, WINDOWS_OUTSIDE, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_IF_AGREED, ALLOWED, "override" },

  /* an override without an agreement still records video; no audio, since
   * no agreement covers it. */
  { "override-no-agreement-stage-1", FAMILY, FAMILY_PLACED, S1, WINDOWS_NONE, TRUE, AGREEMENT_NONE,
    TRUE, AUDIO_NEVER, ALLOWED, "override" },
  { "override-no-agreement-stage-3-outside", FAMILY, FAMILY_PLACED, S3, WINDOWS_OUTSIDE, TRUE, AGREEMENT_NONE,
    TRUE, AUDIO_NEVER, ALLOWED, "override" },
  { "override-no-agreement-stage-4-in-audio-window", FAMILY, FAMILY_PLACED, S4, WINDOWS_IN_AUDIO, TRUE, AGREEMENT_NONE,
    TRUE, AUDIO_NEVER, ALLOWED, "override" },
  { "override-no-agreement-off", FAMILY, FAMILY_PLACED, OFF, WINDOWS_NONE, TRUE, AGREEMENT_NONE,
    TRUE, AUDIO_NEVER, ALLOWED, "override" },
  { "override-agreement-later-stage-2", FAMILY, FAMILY_PLACED, S2, WINDOWS_NONE, TRUE, AGREEMENT_LATER,
    TRUE, AUDIO_NEVER, ALLOWED, "override" },

  /* no signed agreement: nothing at any stage; reason required. */
  { "no-agreement-stage-1", FAMILY, FAMILY_PLACED, S1, WINDOWS_NONE, FALSE, AGREEMENT_NONE,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "agreement" },
  { "no-agreement-stage-2", FAMILY, FAMILY_PLACED, S2, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_NONE,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "agreement" },
  { "no-agreement-stage-3-in-audio-window", FAMILY, FAMILY_PLACED, S3, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_NONE,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "agreement" },
  { "no-agreement-stage-4-outside-windows", FAMILY, FAMILY_PLACED, S4, WINDOWS_OUTSIDE, FALSE, AGREEMENT_NONE,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "agreement|outside every" },
  { "no-agreement-off", FAMILY, FAMILY_PLACED, OFF, WINDOWS_NONE, FALSE, AGREEMENT_NONE,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "agreement|off" },
  { "agreement-later-stage-1", FAMILY, FAMILY_PLACED, S1, WINDOWS_NONE, FALSE, AGREEMENT_LATER,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "agreement" },
  { "agreement-later-stage-3-in-audio-window", FAMILY, FAMILY_PLACED, S3, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_LATER,
    FALSE, AUDIO_NEVER, REASON_REQUIRED, "agreement" },

  /* no family placed: nothing; live view denied. */
  { "no-family", FAMILY, FAMILY_NONE, S1, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, DENIED, "no family" },
  { "no-family-stage-3-in-audio-window", FAMILY, FAMILY_NONE, S3, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, DENIED, "no family" },
  { "before-admission", FAMILY, FAMILY_NOT_YET, S1, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, DENIED, "no family" },
  { "before-admission-stage-3-in-audio-window", FAMILY, FAMILY_NOT_YET, S3, WINDOWS_IN_AUDIO, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, DENIED, "no family" },
  { "after-discharge", FAMILY, FAMILY_DISCHARGED, S2, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    FALSE, AUDIO_NEVER, DENIED, "no family" },

  /* communal: video always, never audio, live view allowed, whatever the
   * family fields say. */
  { "communal", COMMUNAL, FAMILY_PLACED, S1, WINDOWS_NONE, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_NEVER, ALLOWED, "communal" },
  { "communal-ignores-stage-3-outside", COMMUNAL, FAMILY_PLACED, S3, WINDOWS_OUTSIDE, FALSE, AGREEMENT_SIGNED,
    TRUE, AUDIO_NEVER, ALLOWED, "communal" },
  { "communal-ignores-off-and-agreement", COMMUNAL, FAMILY_PLACED, OFF, WINDOWS_NONE, FALSE, AGREEMENT_NONE,
    TRUE, AUDIO_NEVER, ALLOWED, "communal" },
  { "communal-ignores-override", COMMUNAL, FAMILY_PLACED, S3, WINDOWS_IN_AUDIO, TRUE, AGREEMENT_SIGNED,
    TRUE, AUDIO_NEVER, ALLOWED, "communal" },
  { "communal-no-family", COMMUNAL, FAMILY_NONE, S1, WINDOWS_NONE, FALSE, AGREEMENT_NONE,
    TRUE, AUDIO_NEVER, ALLOWED, "communal" },
};

/* Wednesday 2026-11-18, 19:30 GMT. */
#define TABLE_AT "2026-11-18T19:30:00Z"

static void
test_table_row (gconstpointer data)
{
  const PolicyRow *row = data;
  gint64 at = vigil_test_instant (TABLE_AT);
  /* Wednesday evening windows around the instant, and others elsewhere. */
  const VigilPolicyWindow in_audio[] = {
    { VIGIL_DAY_MONDAY, NULL, 8 * 60, 9 * 60, FALSE, "breakfast", 0, 0 },
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  const VigilPolicyWindow in_silent[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime routine", 0, 0 },
    { VIGIL_DAY_TUESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  const VigilPolicyWindow outside[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 7 * 60, 8 * 60, TRUE, "breakfast", 0, 0 },
    { VIGIL_DAY_TUESDAY | VIGIL_DAY_THURSDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
    { 0, "2026-11-19", 19 * 60, 20 * 60, TRUE, "check-in", 0, 0 },
    { 0, "2026-11-11", 19 * 60, 20 * 60, TRUE, "check-in", 0, 0 },
    { VIGIL_DAY_WEDNESDAY, NULL, 20 * 60, 21 * 60, TRUE, "check-in", 0, 0 },
  };
  VigilPolicyStage stages[] = {
    { vigil_test_instant ("2026-09-01T09:00:00Z"), row->state },
  };
  VigilPolicyOverride overrides[] = {
    { at - 2 * HOUR, at + 22 * HOUR },
  };

  for (guint variant = 0; variant < 4; variant++)
    {
      g_auto(VigilPolicyDecision) decision = { 0 };
      g_autofree char *actual = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;
      g_autofree char *wanted = NULL;
      VigilPolicyInput input;
      gboolean camera_audio = (variant & 1) != 0;
      gboolean covers_audio = (variant & 2) != 0;
      gboolean record_audio, live_audio;

      family_input_init (&input);
      input.location = row->location;
      input.camera_has_audio = camera_audio;
      set_agreement_audio (&input, covers_audio);
      input.stages = stages;
      input.n_stages = G_N_ELEMENTS (stages);

      switch (row->family)
        {
        case FAMILY_PLACED:
          break;
        case FAMILY_NONE:
          input.has_family = FALSE;
          input.family_label = NULL;
          break;
        case FAMILY_NOT_YET:
          input.placed_from = at + 3 * DAY;
          stages[0].effective_at = input.placed_from;
          set_agreement_from (&input, input.placed_from);
          break;
        case FAMILY_DISCHARGED:
          input.placed_until = at - 3 * DAY;
          break;
        default:
          g_assert_not_reached ();
        }

      switch (row->agreement)
        {
        case AGREEMENT_SIGNED:
          break;
        case AGREEMENT_NONE:
          set_agreement_from (&input, 0);
          break;
        case AGREEMENT_LATER:
          set_agreement_from (&input, at + 2 * DAY);
          break;
        default:
          g_assert_not_reached ();
        }

      switch (row->windows)
        {
        case WINDOWS_NONE:
          break;
        case WINDOWS_IN_AUDIO:
          input.windows = in_audio;
          input.n_windows = G_N_ELEMENTS (in_audio);
          break;
        case WINDOWS_IN_SILENT:
          input.windows = in_silent;
          input.n_windows = G_N_ELEMENTS (in_silent);
          break;
        case WINDOWS_OUTSIDE:
          input.windows = outside;
          input.n_windows = G_N_ELEMENTS (outside);
          break;
        default:
          g_assert_not_reached ();
        }

      if (row->override)
        {
          input.overrides = overrides;
          input.n_overrides = G_N_ELEMENTS (overrides);
        }

      record_audio = row->audio == AUDIO_IF_AGREED && camera_audio && covers_audio;
      live_audio = row->location == FAMILY && camera_audio && row->live_view != DENIED;

      vigil_policy_decide (&input, at, &decision);

      got = describe_decision (&decision);
      wanted = describe_answer (row->record, record_audio, row->live_view, live_audio);
      actual = g_strdup_printf ("%s, camera audio %s, agreement covers audio %s: %s",
                                row->name, yes_no (camera_audio), yes_no (covers_audio), got);
      expected = g_strdup_printf ("%s, camera audio %s, agreement covers audio %s: %s",
                                  row->name, yes_no (camera_audio), yes_no (covers_audio), wanted);
      g_assert_cmpstr (actual, ==, expected);

      g_assert_nonnull (decision.basis);
      g_assert_cmpstr (decision.basis, !=, "");
      assert_basis_mentions (decision.basis, row->basis_words);
      g_assert_true (decision.next_change == 0 || decision.next_change > at);
    }
}

int
main (int   argc,
      char *argv[])
{
  policy_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (policy_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/policy/table/%s", policy_rows[i].name);

      g_test_add_data_func (path, &policy_rows[i], test_table_row);
    }

  return policy_test_run ();
}
