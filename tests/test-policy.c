/* test-policy.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "vigil-policy.h"
#include "vigil-time.h"

/* The policy engine against DESIGN.md, "Centre rules (the policy)": every
 * row of the table, window edges, windows past midnight and on the nights
 * the clocks change in Europe/London, overrides, stage histories and the
 * agreement; then a property test that next_change is exactly the first
 * instant at which the answer differs.
 *
 * Expected values are written from DESIGN.md, never from the engine's
 * output. Where DESIGN.md says "Live audio follows live view", the expected
 * live_audio is: the camera has a microphone and live view is not denied
 * (a communal camera never gives audio). */

#define SEC    G_GINT64_CONSTANT (1000000)
#define MINUTE (60 * SEC)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
#define WEEK   (7 * DAY)

/* For check(): do not compare next_change. */
#define ANY_CHANGE G_GINT64_CONSTANT (-1)

#define ALLOWED         VIGIL_LIVE_VIEW_ALLOWED
#define REASON_REQUIRED VIGIL_LIVE_VIEW_REASON_REQUIRED
#define DENIED          VIGIL_LIVE_VIEW_DENIED

static GTimeZone *london;

/* Helpers
 * ------------------------------------------------------------------------ */

static gint64
instant (const char *iso8601)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (parsed);
  return g_date_time_to_unix (parsed) * SEC + g_date_time_get_microsecond (parsed);
}

static char *
format_instant (gint64 at)
{
  g_autofree char *utc = NULL;
  gint64 micro;

  if (at == 0)
    return g_strdup ("never");

  utc = vigil_time_format_utc (at);
  micro = at % SEC;
  if (micro == 0)
    return g_steal_pointer (&utc);
  /* Before the epoch the format rounds towards zero; not needed here. */
  return g_strdup_printf ("%s+%06" G_GINT64_FORMAT "us", utc, micro);
}

static const char *
yes_no (gboolean value)
{
  return value ? "yes" : "no";
}

static char *
describe_answer (gboolean      record,
                 gboolean      record_audio,
                 VigilLiveView live_view,
                 gboolean      live_audio)
{
  return g_strdup_printf ("record=%s record_audio=%s live_view=%s live_audio=%s",
                          yes_no (record), yes_no (record_audio),
                          vigil_live_view_to_string (live_view), yes_no (live_audio));
}

static char *
describe_decision (const VigilPolicyDecision *decision)
{
  return describe_answer (decision->record, decision->record_audio,
                          decision->live_view, decision->live_audio);
}

/* A family-room camera with a microphone in "Room 4", the family "A.B."
 * placed there since 2026-06-01 with a signed agreement covering audio.
 * Stages, windows and overrides are left to each test. */
static void
family_input_init (VigilPolicyInput *input)
{
  *input = (VigilPolicyInput) { 0 };
  input->location = VIGIL_LOCATION_FAMILY_ROOM;
  input->camera_has_audio = TRUE;
  input->room = "Room 4";
  input->has_family = TRUE;
  input->family_label = "A.B.";
  input->placed_from = instant ("2026-06-01T09:00:00Z");
  input->placed_until = 0;
  input->agreement_from = input->placed_from;
  input->agreement_covers_audio = TRUE;
  input->zone = london;
}

/* Decides at @at and compares the four answers, and next_change unless it is
 * ANY_CHANGE, as one line so that a failure shows all of them. Live audio is
 * derived: it follows live view where there is a microphone. */
#define check(input, at, record, record_audio, live_view, next_change) \
  check_decision (__LINE__, (input), (at), (record), (record_audio), (live_view), (next_change))

static void
check_decision (int                     line,
                const VigilPolicyInput *input,
                gint64                  at,
                gboolean                record,
                gboolean                record_audio,
                VigilLiveView           live_view,
                gint64                  next_change)
{
  g_auto(VigilPolicyDecision) decision = { 0 };
  g_autofree char *when = format_instant (at);
  g_autofree char *answer = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *next = NULL;
  g_autofree char *wanted_next = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *expected = NULL;
  gboolean live_audio = input->location == VIGIL_LOCATION_FAMILY_ROOM &&
                        input->camera_has_audio && live_view != DENIED;

  vigil_policy_decide (input, at, &decision);

  answer = describe_decision (&decision);
  wanted = describe_answer (record, record_audio, live_view, live_audio);
  next = format_instant (decision.next_change);
  wanted_next = next_change == ANY_CHANGE ? g_strdup (next) : format_instant (next_change);

  actual = g_strdup_printf ("line %d, at %s: %s next_change=%s", line, when, answer, next);
  expected = g_strdup_printf ("line %d, at %s: %s next_change=%s", line, when, wanted, wanted_next);
  g_assert_cmpstr (actual, ==, expected);

  g_assert_nonnull (decision.basis);
  g_assert_cmpstr (decision.basis, !=, "");
  g_assert_true (decision.next_change == 0 || decision.next_change > at);
}

/* Checks that a basis mentions one of the words in @words, "|"-separated. */
static void
assert_basis_mentions (const char *basis,
                       const char *words)
{
  g_auto(GStrv) alternatives = g_strsplit (words, "|", -1);
  g_autofree char *lower = g_utf8_strdown (basis, -1);

  for (guint i = 0; alternatives[i] != NULL; i++)
    if (strstr (lower, alternatives[i]) != NULL)
      return;

  g_test_message ("basis “%s” mentions none of “%s”", basis, words);
  g_test_fail ();
}

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
  gint64 at = instant (TABLE_AT);
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
    { instant ("2026-09-01T09:00:00Z"), row->state },
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
      input.agreement_covers_audio = covers_audio;
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
          input.agreement_from = input.placed_from;
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
          input.agreement_from = 0;
          break;
        case AGREEMENT_LATER:
          input.agreement_from = at + 2 * DAY;
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

/* 2. Window edges, past midnight, one-off, days, overlaps, validity
 * ------------------------------------------------------------------------ */

static void
stage_3_input (VigilPolicyInput        *input,
               VigilPolicyStage        *stage,
               const VigilPolicyWindow *windows,
               guint                    n_windows)
{
  family_input_init (input);
  stage->effective_at = input->placed_from;
  stage->state = VIGIL_STATE_STAGE_3;
  input->stages = stage;
  input->n_stages = 1;
  input->windows = windows;
  input->n_windows = n_windows;
}

static void
test_window_edges (void)
{
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = instant ("2026-11-18T19:00:00Z");   /* GMT: local = UTC */
  gint64 end = instant ("2026-11-18T20:00:00Z");

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  /* Start inclusive, end exclusive, to the second and the microsecond. */
  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start - 1, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, end);
  check (&input, start + 1, TRUE, TRUE, ALLOWED, end);
  check (&input, end - SEC, TRUE, TRUE, ALLOWED, end);
  check (&input, end - 1, TRUE, TRUE, ALLOWED, end);
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, start + WEEK);
  check (&input, end + SEC, FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  /* The same window in summer: 19:00 BST is 18:00 UTC. */
  start = instant ("2026-07-15T18:00:00Z");
  end = instant ("2026-07-15T19:00:00Z");
  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, end);
  check (&input, end - SEC, TRUE, TRUE, ALLOWED, end);
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, start + WEEK);
  /* 19:30 UTC in summer is 20:30 BST: outside. */
  check (&input, instant ("2026-07-15T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  /* Without a microphone: video only, and no live audio. */
  input.camera_has_audio = FALSE;
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
}

static void
test_window_past_midnight (void)
{
  /* Monday only, 22:00–02:00: Monday night into Tuesday morning. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_MONDAY, NULL, 22 * 60, 2 * 60, FALSE, "night check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = instant ("2026-11-02T22:00:00Z");   /* Monday, GMT */
  gint64 end = instant ("2026-11-03T02:00:00Z");     /* Tuesday */

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  /* Tuesday 01:00 is inside (Monday's window), Monday 01:00 is not. */
  check (&input, instant ("2026-11-03T01:00:00Z"), TRUE, FALSE, ALLOWED, end);
  check (&input, instant ("2026-11-02T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, instant ("2026-11-10T01:00:00Z"), TRUE, FALSE, ALLOWED, end + WEEK);
  check (&input, instant ("2026-11-09T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start + WEEK);
  /* Sunday night is not Monday night. */
  check (&input, instant ("2026-11-01T23:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, instant ("2026-11-03T23:00:00Z"), FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, FALSE, ALLOWED, end);
  check (&input, instant ("2026-11-03T00:00:00Z"), TRUE, FALSE, ALLOWED, end);
  check (&input, end - SEC, TRUE, FALSE, ALLOWED, end);
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, start + WEEK);

  /* In summer the same window is 21:00–01:00 UTC. */
  check (&input, instant ("2026-07-13T20:59:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-07-13T21:00:00Z"));
  check (&input, instant ("2026-07-14T00:59:59Z"), TRUE, FALSE, ALLOWED, instant ("2026-07-14T01:00:00Z"));
}

static void
test_window_whole_day (void)
{
  /* An end equal to the start runs 24 hours, into the next day. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_THURSDAY, NULL, 9 * 60, 9 * 60, TRUE, "check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = instant ("2026-11-19T09:00:00Z");   /* Thursday */

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, start + DAY);
  check (&input, start + DAY - SEC, TRUE, TRUE, ALLOWED, start + DAY);
  check (&input, start + DAY, FALSE, FALSE, REASON_REQUIRED, start + WEEK);
}

static void
test_window_one_off (void)
{
  const VigilPolicyWindow windows[] = {
    { 0, "2026-11-18", 10 * 60, 11 * 60, TRUE, "mealtime", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  gint64 start = instant ("2026-11-18T10:00:00Z");
  gint64 end = instant ("2026-11-18T11:00:00Z");

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  check (&input, instant ("2026-11-11T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, instant ("2026-11-17T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start - SEC, FALSE, FALSE, REASON_REQUIRED, start);
  check (&input, start, TRUE, TRUE, ALLOWED, end);
  check (&input, end - SEC, TRUE, TRUE, ALLOWED, end);
  /* Once it is over nothing changes again. */
  check (&input, end, FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2026-11-19T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2026-11-25T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2027-11-18T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Far ahead of it, next_change still finds it. */
  check (&input, instant ("2026-09-02T10:30:00Z"), FALSE, FALSE, REASON_REQUIRED, start);
}

static void
test_window_days (void)
{
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_MONDAY | VIGIL_DAY_WEDNESDAY | VIGIL_DAY_FRIDAY, NULL, 9 * 60, 10 * 60, TRUE, "breakfast", 0, 0 },
  };
  const VigilPolicyWindow every_day[] = {
    { 0x7f, NULL, 9 * 60, 10 * 60, TRUE, "breakfast", 0, 0 },
  };
  const VigilPolicyWindow weekend[] = {
    { VIGIL_DAY_SATURDAY | VIGIL_DAY_SUNDAY, NULL, 9 * 60, 10 * 60, TRUE, "breakfast", 0, 0 },
  };
  const gboolean expect_mwf[7] = { TRUE, FALSE, TRUE, FALSE, TRUE, FALSE, FALSE };
  const gboolean expect_weekend[7] = { FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE };
  VigilPolicyStage stage;
  VigilPolicyInput input;
  /* Monday 2026-11-16, 09:30 GMT. */
  gint64 monday = instant ("2026-11-16T09:30:00Z");

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));
  for (int day = 0; day < 7; day++)
    {
      gboolean in = expect_mwf[day];

      check (&input, monday + day * DAY, in, in, in ? ALLOWED : REASON_REQUIRED, ANY_CHANGE);
    }
  /* From Friday's window's end the next is Monday's. */
  check (&input, monday + 4 * DAY + 30 * MINUTE, FALSE, FALSE, REASON_REQUIRED, monday + WEEK - 30 * MINUTE);

  stage_3_input (&input, &stage, every_day, G_N_ELEMENTS (every_day));
  for (int day = 0; day < 7; day++)
    check (&input, monday + day * DAY, TRUE, TRUE, ALLOWED, monday + day * DAY + 30 * MINUTE);

  stage_3_input (&input, &stage, weekend, G_N_ELEMENTS (weekend));
  for (int day = 0; day < 7; day++)
    {
      gboolean in = expect_weekend[day];

      check (&input, monday + day * DAY, in, in, in ? ALLOWED : REASON_REQUIRED, ANY_CHANGE);
    }
}

static void
test_window_overlap (void)
{
  /* Wednesday 18:00–20:00 without audio, 19:00–21:00 with. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 18 * 60, 20 * 60, FALSE, "mealtime", 0, 0 },
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 21 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  const VigilPolicyWindow reversed[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 21 * 60, TRUE, "bedtime routine", 0, 0 },
    { VIGIL_DAY_WEDNESDAY, NULL, 18 * 60, 20 * 60, FALSE, "mealtime", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));
  for (guint pass = 0; pass < 2; pass++)
    {
      check (&input, instant ("2026-11-18T17:59:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T18:00:00Z"));
      check (&input, instant ("2026-11-18T18:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T19:00:00Z"));
      /* Audio from 19:00; the silent window ending at 20:00 changes nothing. */
      check (&input, instant ("2026-11-18T19:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
      check (&input, instant ("2026-11-18T19:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
      check (&input, instant ("2026-11-18T20:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
      check (&input, instant ("2026-11-18T21:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-25T18:00:00Z"));

      input.windows = reversed;
    }

  /* Audio not agreed: the audio window gives video only, so 19:00 changes
   * nothing either. */
  input.windows = windows;
  input.agreement_covers_audio = FALSE;
  check (&input, instant ("2026-11-18T18:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
}

static void
test_window_validity (void)
{
  /* Added at 19:20 on the Wednesday, removed at 19:40 the Wednesday after. */
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine",
      instant ("2026-11-18T19:20:00Z"), instant ("2026-11-25T19:40:00Z") },
  };
  /* Added during its occurrence and never removed. */
  const VigilPolicyWindow added[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine",
      instant ("2026-11-18T19:20:00Z"), 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  stage_3_input (&input, &stage, windows, G_N_ELEMENTS (windows));

  /* The week before it existed: nothing, and the first change is when it is
   * added. */
  check (&input, instant ("2026-11-11T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T19:20:00Z"));
  check (&input, instant ("2026-11-18T19:10:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T19:20:00Z"));
  check (&input, instant ("2026-11-18T19:19:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T19:20:00Z"));
  check (&input, instant ("2026-11-18T19:20:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  check (&input, instant ("2026-11-18T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-25T19:00:00Z"));
  /* The next week it runs from 19:00 until its removal at 19:40. */
  check (&input, instant ("2026-11-25T19:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-25T19:40:00Z"));
  check (&input, instant ("2026-11-25T19:39:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-25T19:40:00Z"));
  check (&input, instant ("2026-11-25T19:40:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2026-12-02T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  input.windows = added;
  check (&input, instant ("2026-11-18T19:10:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T19:20:00Z"));
  check (&input, instant ("2026-11-18T19:20:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  check (&input, instant ("2026-11-25T19:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-25T20:00:00Z"));
}

/* 3. Clock changes in Europe/London
 * ------------------------------------------------------------------------ */

typedef struct
{
  int         year, month, day;
  const char *local;     /* HH:MM */
  const char *expected;  /* UTC */
} LocalCase;

static const LocalCase local_cases[] = {
  /* Ordinary days, GMT and BST. */
  { 2026, 11, 18, "19:00", "2026-11-18T19:00:00Z" },
  { 2026, 11, 18, "00:00", "2026-11-18T00:00:00Z" },
  { 2026, 11, 18, "23:59", "2026-11-18T23:59:00Z" },
  { 2026, 7, 15, "19:00", "2026-07-15T18:00:00Z" },
  { 2026, 7, 15, "00:00", "2026-07-14T23:00:00Z" },
  { 2026, 7, 15, "00:30", "2026-07-14T23:30:00Z" },
  { 2026, 12, 31, "23:59", "2026-12-31T23:59:00Z" },
  { 2027, 1, 1, "00:00", "2027-01-01T00:00:00Z" },
  { 2027, 2, 28, "01:30", "2027-02-28T01:30:00Z" },

  /* 2026-10-25: clocks back at 01:00 UTC; 01:00–01:59 occurs twice, the
   * first occurrence (BST) counts. */
  { 2026, 10, 24, "01:30", "2026-10-24T00:30:00Z" },
  { 2026, 10, 24, "22:00", "2026-10-24T21:00:00Z" },
  { 2026, 10, 25, "00:00", "2026-10-24T23:00:00Z" },
  { 2026, 10, 25, "00:30", "2026-10-24T23:30:00Z" },
  { 2026, 10, 25, "00:59", "2026-10-24T23:59:00Z" },
  { 2026, 10, 25, "01:00", "2026-10-25T00:00:00Z" },
  { 2026, 10, 25, "01:30", "2026-10-25T00:30:00Z" },
  { 2026, 10, 25, "01:59", "2026-10-25T00:59:00Z" },
  { 2026, 10, 25, "02:00", "2026-10-25T02:00:00Z" },
  { 2026, 10, 25, "02:30", "2026-10-25T02:30:00Z" },
  { 2026, 10, 25, "12:00", "2026-10-25T12:00:00Z" },
  { 2026, 10, 25, "23:59", "2026-10-25T23:59:00Z" },
  { 2026, 10, 26, "01:30", "2026-10-26T01:30:00Z" },

  /* 2027-03-28: clocks forward at 01:00 UTC; 01:00–01:59 does not exist
   * and means 01:00 UTC. */
  { 2027, 3, 27, "01:30", "2027-03-27T01:30:00Z" },
  { 2027, 3, 27, "23:59", "2027-03-27T23:59:00Z" },
  { 2027, 3, 28, "00:00", "2027-03-28T00:00:00Z" },
  { 2027, 3, 28, "00:59", "2027-03-28T00:59:00Z" },
  { 2027, 3, 28, "01:00", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "01:15", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "01:45", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "01:59", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "02:00", "2027-03-28T01:00:00Z" },
  { 2027, 3, 28, "02:01", "2027-03-28T01:01:00Z" },
  { 2027, 3, 28, "12:00", "2027-03-28T11:00:00Z" },
  { 2027, 3, 28, "23:59", "2027-03-28T22:59:00Z" },
  { 2027, 3, 29, "01:30", "2027-03-29T00:30:00Z" },

  /* 2027-10-31: clocks back at 01:00 UTC. */
  { 2027, 10, 30, "01:30", "2027-10-30T00:30:00Z" },
  { 2027, 10, 31, "00:00", "2027-10-30T23:00:00Z" },
  { 2027, 10, 31, "00:30", "2027-10-30T23:30:00Z" },
  { 2027, 10, 31, "01:00", "2027-10-31T00:00:00Z" },
  { 2027, 10, 31, "01:30", "2027-10-31T00:30:00Z" },
  { 2027, 10, 31, "01:59", "2027-10-31T00:59:00Z" },
  { 2027, 10, 31, "02:00", "2027-10-31T02:00:00Z" },
  { 2027, 10, 31, "03:00", "2027-10-31T03:00:00Z" },
  { 2027, 11, 1, "01:30", "2027-11-01T01:30:00Z" },
};

static void
test_local_to_instant (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (local_cases); i++)
    {
      const LocalCase *c = &local_cases[i];
      guint hour, minute;
      g_autofree char *actual = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;

      g_assert_cmpint (sscanf (c->local, "%u:%u", &hour, &minute), ==, 2);
      got = format_instant (vigil_policy_local_to_instant (london, c->year, c->month, c->day,
                                                           hour * 60 + minute));
      actual = g_strdup_printf ("%04d-%02d-%02d %s London = %s", c->year, c->month, c->day, c->local, got);
      expected = g_strdup_printf ("%04d-%02d-%02d %s London = %s", c->year, c->month, c->day, c->local,
                                  c->expected);
      g_assert_cmpstr (actual, ==, expected);
    }

  /* Every minute of the three nights, against the rule. */
  {
    const struct { int y, m, d; gint64 change; gboolean forward; } nights[] = {
      { 2026, 10, 25, instant ("2026-10-25T01:00:00Z"), FALSE },
      { 2027, 3, 28, instant ("2027-03-28T01:00:00Z"), TRUE },
      { 2027, 10, 31, instant ("2027-10-31T01:00:00Z"), FALSE },
    };

    for (guint n = 0; n < G_N_ELEMENTS (nights); n++)
      {
        g_autoptr(GDateTime) midnight_utc = g_date_time_new_utc (nights[n].y, nights[n].m, nights[n].d, 0, 0, 0);
        gint64 midnight = g_date_time_to_unix (midnight_utc) * SEC;

        for (guint minute = 0; minute < 24 * 60; minute++)
          {
            gint64 got = vigil_policy_local_to_instant (london, nights[n].y, nights[n].m, nights[n].d, minute);
            gint64 wall = midnight + minute * MINUTE;
            gint64 expected;

            if (nights[n].forward)
              {
                /* GMT before 01:00, the change for 01:00–01:59, BST after. */
                if (minute < 60)
                  expected = wall;
                else if (minute < 120)
                  expected = nights[n].change;
                else
                  expected = wall - HOUR;
              }
            else
              {
                /* BST up to 01:59 (first occurrence), GMT from 02:00. */
                expected = minute < 120 ? wall - HOUR : wall;
              }

            if (got != expected)
              {
                g_autofree char *got_text = format_instant (got);
                g_autofree char *expected_text = format_instant (expected);

                g_test_message ("%04d-%02d-%02d minute %u: got %s, expected %s",
                                nights[n].y, nights[n].m, nights[n].d, minute, got_text, expected_text);
                g_test_fail ();
              }
          }
      }
  }
}

static void
test_clock_change_windows (void)
{
  /* DESIGN.md's two examples, as one-off windows. */
  const VigilPolicyWindow back_2027[] = {
    { 0, "2027-10-31", 30, 90, TRUE, "night check-in", 0, 0 },
  };
  const VigilPolicyWindow forward_2027[] = {
    { 0, "2027-03-28", 75, 105, TRUE, "night check-in", 0, 0 },
  };
  const VigilPolicyWindow forward_weekly[] = {
    { VIGIL_DAY_SUNDAY, NULL, 75, 105, TRUE, "night check-in", 0, 0 },
  };
  const VigilPolicyWindow back_weekly[] = {
    { VIGIL_DAY_SUNDAY, NULL, 30, 90, FALSE, "night check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  /* 00:30–01:30 on 2027-10-31 runs 23:30–00:30 UTC. */
  stage_3_input (&input, &stage, back_2027, G_N_ELEMENTS (back_2027));
  check (&input, instant ("2027-10-30T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-10-30T23:30:00Z"));
  check (&input, instant ("2027-10-30T23:29:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-10-30T23:30:00Z"));
  check (&input, instant ("2027-10-30T23:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-10-31T00:30:00Z"));
  check (&input, instant ("2027-10-31T00:29:59Z"), TRUE, TRUE, ALLOWED, instant ("2027-10-31T00:30:00Z"));
  check (&input, instant ("2027-10-31T00:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  /* The second 01:00–01:30 (GMT) is not in the window. */
  check (&input, instant ("2027-10-31T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2027-10-31T01:15:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* 01:15–01:45 on 2027-03-28 never runs. */
  stage_3_input (&input, &stage, forward_2027, G_N_ELEMENTS (forward_2027));
  check (&input, instant ("2027-03-27T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2027-03-28T00:59:59Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2027-03-28T01:15:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2027-03-28T00:15:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Weekly on Sundays, 01:15–01:45: the Sunday before runs 01:15–01:45 UTC,
   * 2027-03-28 is skipped, the Sunday after runs 00:15–00:45 UTC. */
  stage_3_input (&input, &stage, forward_weekly, G_N_ELEMENTS (forward_weekly));
  check (&input, instant ("2027-03-21T01:15:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-03-21T01:45:00Z"));
  check (&input, instant ("2027-03-21T01:45:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-04-04T00:15:00Z"));
  check (&input, instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-04-04T00:15:00Z"));
  check (&input, instant ("2027-04-04T00:15:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-04-04T00:45:00Z"));

  /* Weekly on Sundays, 00:30–01:30, no audio, around 2026-10-25 and
   * 2027-10-31. */
  stage_3_input (&input, &stage, back_weekly, G_N_ELEMENTS (back_weekly));
  check (&input, instant ("2026-10-24T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-10-24T23:30:00Z"));
  check (&input, instant ("2026-10-24T23:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-10-25T00:30:00Z"));
  check (&input, instant ("2026-10-25T00:30:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-01T00:30:00Z"));
  check (&input, instant ("2026-10-25T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-01T00:30:00Z"));
  check (&input, instant ("2026-11-01T00:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-01T01:30:00Z"));
  check (&input, instant ("2027-10-24T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-10-30T23:30:00Z"));
  check (&input, instant ("2027-10-30T23:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2027-10-31T00:30:00Z"));
  check (&input, instant ("2027-10-31T00:30:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-11-07T00:30:00Z"));
}

static void
test_clock_change_past_midnight (void)
{
  /* Saturday 22:00–02:00 across each night. */
  const VigilPolicyWindow saturday_night[] = {
    { VIGIL_DAY_SATURDAY, NULL, 22 * 60, 2 * 60, TRUE, "night check-in", 0, 0 },
  };
  /* Ends inside the hour that does not exist. */
  const VigilPolicyWindow ends_in_gap[] = {
    { 0, "2027-03-27", 22 * 60, 90, TRUE, "night check-in", 0, 0 },
  };
  /* Starts and ends in the hour that occurs twice. */
  const VigilPolicyWindow in_repeated_hour[] = {
    { 0, "2026-10-25", 60, 2 * 60, TRUE, "night check-in", 0, 0 },
    { 0, "2027-10-31", 90, 3 * 60, FALSE, "night check-in", 0, 0 },
  };
  /* Starts in the hour that does not exist. */
  const VigilPolicyWindow starts_in_gap[] = {
    { 0, "2027-03-28", 90, 150, TRUE, "night check-in", 0, 0 },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  stage_3_input (&input, &stage, saturday_night, G_N_ELEMENTS (saturday_night));
  /* 2026-10-24 22:00 BST = 21:00 UTC until 2026-10-25 02:00 GMT: five hours. */
  check (&input, instant ("2026-10-24T20:59:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-10-24T21:00:00Z"));
  check (&input, instant ("2026-10-24T21:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-10-25T02:00:00Z"));
  check (&input, instant ("2026-10-25T01:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-10-25T02:00:00Z"));
  check (&input, instant ("2026-10-25T02:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-10-31T22:00:00Z"));
  /* 2027-03-27 22:00 GMT until 2027-03-28 02:00 BST = 01:00 UTC: three hours. */
  check (&input, instant ("2027-03-27T22:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-03-28T01:00:00Z"));
  check (&input, instant ("2027-03-28T00:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2027-03-28T01:00:00Z"));
  check (&input, instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-04-03T21:00:00Z"));
  /* 2027-10-30 22:00 BST = 21:00 UTC until 2027-10-31 02:00 GMT. */
  check (&input, instant ("2027-10-30T21:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-10-31T02:00:00Z"));
  check (&input, instant ("2027-10-31T01:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2027-10-31T02:00:00Z"));

  /* 22:00–01:30 from 2027-03-27: 01:30 does not exist, so it ends at the
   * change, 01:00 UTC. */
  stage_3_input (&input, &stage, ends_in_gap, G_N_ELEMENTS (ends_in_gap));
  check (&input, instant ("2027-03-27T22:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-03-28T01:00:00Z"));
  check (&input, instant ("2027-03-28T00:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2027-03-28T01:00:00Z"));
  check (&input, instant ("2027-03-28T01:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* 01:30–02:30 on 2027-03-28: from the change (01:00 UTC) to 02:30 BST. */
  stage_3_input (&input, &stage, starts_in_gap, G_N_ELEMENTS (starts_in_gap));
  check (&input, instant ("2027-03-28T00:59:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-03-28T01:00:00Z"));
  check (&input, instant ("2027-03-28T01:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-03-28T01:30:00Z"));
  check (&input, instant ("2027-03-28T01:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* 01:00–02:00 on 2026-10-25: first 01:00 (00:00 UTC) to 02:00 GMT, two
   * hours; 01:30–03:00 on 2027-10-31: 00:30 to 03:00 UTC. */
  stage_3_input (&input, &stage, in_repeated_hour, G_N_ELEMENTS (in_repeated_hour));
  check (&input, instant ("2026-10-24T23:59:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-10-25T00:00:00Z"));
  check (&input, instant ("2026-10-25T00:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-10-25T02:00:00Z"));
  check (&input, instant ("2026-10-25T01:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-10-25T02:00:00Z"));
  check (&input, instant ("2026-10-25T02:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-10-31T00:30:00Z"));
  check (&input, instant ("2027-10-31T00:29:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-10-31T00:30:00Z"));
  check (&input, instant ("2027-10-31T00:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2027-10-31T03:00:00Z"));
  check (&input, instant ("2027-10-31T01:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2027-10-31T03:00:00Z"));
  check (&input, instant ("2027-10-31T03:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
}

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
    { instant ("2026-11-18T19:30:00Z"), instant ("2026-11-18T19:45:00Z") },
  };
  VigilPolicyOverride past_end[] = {
    { instant ("2026-11-18T19:30:00Z"), instant ("2026-11-18T21:00:00Z") },
  };
  VigilPolicyOverride before_start[] = {
    { instant ("2026-11-18T18:00:00Z"), instant ("2026-11-18T19:30:00Z") },
  };
  VigilPolicyStage stage;
  VigilPolicyInput input;

  /* Starts and expires inside a silent window: audio only while it runs
   * (override rule: audio if the agreement covers it). */
  stage_3_input (&input, &stage, silent, G_N_ELEMENTS (silent));
  input.overrides = inside;
  input.n_overrides = G_N_ELEMENTS (inside);
  check (&input, instant ("2026-11-18T19:15:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T19:30:00Z"));
  check (&input, instant ("2026-11-18T19:29:59Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T19:30:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T19:45:00Z"));
  check (&input, instant ("2026-11-18T19:44:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T19:45:00Z"));
  check (&input, instant ("2026-11-18T19:45:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  check (&input, instant ("2026-11-18T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-25T19:00:00Z"));

  /* Same, agreement without audio: video throughout, never audio, so
   * nothing changes until the window ends. */
  input.agreement_covers_audio = FALSE;
  check (&input, instant ("2026-11-18T19:15:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  input.agreement_covers_audio = TRUE;

  /* Starts inside, expires after the window: records throughout, until the
   * override ends. */
  input.overrides = past_end;
  check (&input, instant ("2026-11-18T19:15:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T19:30:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
  check (&input, instant ("2026-11-18T19:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
  check (&input, instant ("2026-11-18T20:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
  check (&input, instant ("2026-11-18T20:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T21:00:00Z"));
  check (&input, instant ("2026-11-18T21:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-25T19:00:00Z"));

  /* Starts before, expires inside a silent window: audio until it expires. */
  input.overrides = before_start;
  check (&input, instant ("2026-11-18T17:59:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T18:00:00Z"));
  check (&input, instant ("2026-11-18T18:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T19:30:00Z"));
  check (&input, instant ("2026-11-18T19:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T19:30:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));

  /* …inside a window with audio: nothing changes at the window's start nor
   * at the override's expiry, only at the window's end. */
  input.windows = audible;
  check (&input, instant ("2026-11-18T18:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T20:00:00Z"));

  /* …without a microphone: video only throughout. */
  input.camera_has_audio = FALSE;
  check (&input, instant ("2026-11-18T18:00:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
}

static void
test_override_off_and_stage_1 (void)
{
  VigilPolicyStage off[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { instant ("2026-11-01T09:00:00Z"), VIGIL_STATE_OFF },
  };
  VigilPolicyStage stage_1[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
  };
  /* 24 hours from 10:00 on 2026-11-18. */
  VigilPolicyOverride override[] = {
    { instant ("2026-11-18T10:00:00Z"), instant ("2026-11-19T10:00:00Z") },
  };
  /* The same, ended early at 14:00. */
  VigilPolicyOverride ended_early[] = {
    { instant ("2026-11-18T10:00:00Z"), instant ("2026-11-18T14:00:00Z") },
  };
  /* Renewed before expiry with a new rationale: two overlapping. */
  VigilPolicyOverride renewed[] = {
    { instant ("2026-11-18T10:00:00Z"), instant ("2026-11-19T10:00:00Z") },
    { instant ("2026-11-19T06:00:00Z"), instant ("2026-11-21T06:00:00Z") },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = off;
  input.n_stages = G_N_ELEMENTS (off);
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);

  check (&input, instant ("2026-11-18T09:59:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T10:00:00Z"));
  check (&input, instant ("2026-11-18T10:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-19T10:00:00Z"));
  check (&input, instant ("2026-11-19T09:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-19T10:00:00Z"));
  check (&input, instant ("2026-11-19T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Ended early: it stops at 14:00, and next_change says so. */
  input.overrides = ended_early;
  check (&input, instant ("2026-11-18T10:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T14:00:00Z"));
  check (&input, instant ("2026-11-18T13:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T14:00:00Z"));
  check (&input, instant ("2026-11-18T14:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2026-11-18T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Renewed: continuous until the renewal expires. */
  input.overrides = renewed;
  input.n_overrides = G_N_ELEMENTS (renewed);
  check (&input, instant ("2026-11-18T10:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-21T06:00:00Z"));
  check (&input, instant ("2026-11-19T10:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-21T06:00:00Z"));
  check (&input, instant ("2026-11-21T06:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* No agreement: the override still records video, no audio. */
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);
  input.agreement_from = 0;
  check (&input, instant ("2026-11-18T09:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T10:00:00Z"));
  check (&input, instant ("2026-11-18T10:00:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-19T10:00:00Z"));
  check (&input, instant ("2026-11-19T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Stage 1 with an agreement without audio: video only, override or not,
   * so the override changes nothing. */
  family_input_init (&input);
  input.agreement_covers_audio = FALSE;
  input.stages = stage_1;
  input.n_stages = G_N_ELEMENTS (stage_1);
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);
  check (&input, instant ("2026-11-18T09:00:00Z"), TRUE, FALSE, ALLOWED, 0);
  check (&input, instant ("2026-11-18T12:00:00Z"), TRUE, FALSE, ALLOWED, 0);
  check (&input, instant ("2026-11-19T12:00:00Z"), TRUE, FALSE, ALLOWED, 0);

  /* Stage 1 with audio agreed: the override changes nothing either. */
  input.agreement_covers_audio = TRUE;
  check (&input, instant ("2026-11-18T09:00:00Z"), TRUE, TRUE, ALLOWED, 0);
  check (&input, instant ("2026-11-18T12:00:00Z"), TRUE, TRUE, ALLOWED, 0);
}

static void
test_override_clock_change (void)
{
  /* An override of 24 hours across the night the clocks go forward is 24
   * real hours. */
  VigilPolicyStage stages[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_4 },
  };
  VigilPolicyOverride override[] = {
    { instant ("2027-03-27T20:00:00Z"), instant ("2027-03-28T20:00:00Z") },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);

  check (&input, instant ("2027-03-27T19:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2027-03-27T20:00:00Z"));
  check (&input, instant ("2027-03-28T01:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2027-03-28T20:00:00Z"));
  check (&input, instant ("2027-03-28T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
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
    { instant ("2026-11-02T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { instant ("2026-11-16T10:00:00Z"), VIGIL_STATE_STAGE_3 },
    { instant ("2026-11-30T10:00:00Z"), VIGIL_STATE_OFF },
  };
  /* The same, but off in the middle of Wednesday 11-25's window. */
  VigilPolicyStage off_in_window[] = {
    { instant ("2026-11-02T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { instant ("2026-11-16T10:00:00Z"), VIGIL_STATE_STAGE_3 },
    { instant ("2026-11-25T19:30:00Z"), VIGIL_STATE_OFF },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.placed_from = instant ("2026-11-02T09:00:00Z");
  input.agreement_from = input.placed_from;
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);
  input.windows = windows;
  input.n_windows = G_N_ELEMENTS (windows);

  /* Before admission: denied until the family arrives. */
  check (&input, instant ("2026-11-01T12:00:00Z"), FALSE, FALSE, DENIED, instant ("2026-11-02T09:00:00Z"));
  check (&input, instant ("2026-11-02T08:59:59Z"), FALSE, FALSE, DENIED, instant ("2026-11-02T09:00:00Z"));
  /* Stage 2: continuous, windows ignored; it changes when stage 3 starts. */
  check (&input, instant ("2026-11-02T09:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-16T10:00:00Z"));
  check (&input, instant ("2026-11-11T19:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-16T10:00:00Z"));
  check (&input, instant ("2026-11-16T09:59:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-16T10:00:00Z"));
  /* Stage 3: only in the Wednesday window. */
  check (&input, instant ("2026-11-16T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-18T19:00:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  check (&input, instant ("2026-11-25T19:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-25T20:00:00Z"));
  /* Going off changes nothing outside windows (both: not recording,
   * reason required), so next_change skips it: never again. */
  check (&input, instant ("2026-11-25T20:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2026-11-30T10:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
  check (&input, instant ("2026-12-02T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Off in the middle of a window ends it. */
  input.stages = off_in_window;
  check (&input, instant ("2026-11-25T19:10:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-25T19:30:00Z"));
  check (&input, instant ("2026-11-25T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);
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
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
    { instant ("2026-11-20T14:37:13Z"), VIGIL_STATE_STAGE_2 },
  };
  /* …and then off. */
  VigilPolicyStage one_two_off[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
    { instant ("2026-11-20T14:37:13Z"), VIGIL_STATE_STAGE_2 },
    { instant ("2026-12-04T08:00:00Z"), VIGIL_STATE_OFF },
  };
  /* 3 → 4 inside a window: same answer. */
  VigilPolicyStage three_four[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_3 },
    { instant ("2026-11-18T19:30:00Z"), VIGIL_STATE_STAGE_4 },
  };
  /* 2 → 3 inside a window. */
  VigilPolicyStage two_three[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_2 },
    { instant ("2026-11-18T19:30:00Z"), VIGIL_STATE_STAGE_3 },
  };
  /* Back from off to stage 2. */
  VigilPolicyStage back[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_3 },
    { instant ("2026-10-01T09:00:00Z"), VIGIL_STATE_OFF },
    { instant ("2026-11-20T16:45:00Z"), VIGIL_STATE_STAGE_2 },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = one_two;
  input.n_stages = G_N_ELEMENTS (one_two);
  check (&input, instant ("2026-11-10T12:00:00Z"), TRUE, TRUE, ALLOWED, 0);
  check (&input, instant ("2026-11-20T14:37:12Z"), TRUE, TRUE, ALLOWED, 0);
  check (&input, instant ("2026-11-20T14:37:13Z"), TRUE, TRUE, ALLOWED, 0);

  input.stages = one_two_off;
  input.n_stages = G_N_ELEMENTS (one_two_off);
  check (&input, instant ("2026-11-10T12:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-12-04T08:00:00Z"));
  check (&input, instant ("2026-12-04T08:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Without a microphone stage 1 → 2 → off is still a change. */
  input.camera_has_audio = FALSE;
  check (&input, instant ("2026-11-10T12:00:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-12-04T08:00:00Z"));
  input.camera_has_audio = TRUE;

  input.windows = audible;
  input.n_windows = G_N_ELEMENTS (audible);
  input.stages = three_four;
  input.n_stages = G_N_ELEMENTS (three_four);
  check (&input, instant ("2026-11-18T19:10:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T20:00:00Z"));

  /* 2 → 3 inside a window with audio: same answer until the window ends. */
  input.stages = two_three;
  input.n_stages = G_N_ELEMENTS (two_three);
  check (&input, instant ("2026-11-18T12:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  /* …inside a silent window: the audio stops at the stage change. */
  input.windows = silent;
  check (&input, instant ("2026-11-18T12:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-18T19:30:00Z"));
  check (&input, instant ("2026-11-18T19:30:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  /* …and with audio not agreed the answer stays video only until 20:00. */
  input.agreement_covers_audio = FALSE;
  check (&input, instant ("2026-11-18T12:00:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T20:00:00Z"));
  input.agreement_covers_audio = TRUE;

  /* Going back from off to stage 2. */
  input.windows = NULL;
  input.n_windows = 0;
  input.stages = back;
  input.n_stages = G_N_ELEMENTS (back);
  check (&input, instant ("2026-09-20T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-20T16:45:00Z"));
  check (&input, instant ("2026-10-20T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-20T16:45:00Z"));
  check (&input, instant ("2026-11-20T16:45:00Z"), TRUE, TRUE, ALLOWED, 0);
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
    { VIGIL_DAY_MONDAY, NULL, 15, 45, FALSE, "night check-in", 0, instant ("2027-04-05T12:00:00Z") },
  };
  VigilPolicyStage stages[] = {
    { instant ("2027-03-01T09:00:00Z"), VIGIL_STATE_OFF },
    { instant ("2027-04-04T22:00:00Z"), VIGIL_STATE_STAGE_3 },
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
        check (&input, instant (asked[i]), FALSE, FALSE, REASON_REQUIRED, instant ("2027-04-04T23:15:00Z"));
      check (&input, instant ("2027-04-04T23:15:00Z"), TRUE, FALSE, ALLOWED, instant ("2027-04-04T23:45:00Z"));
      check (&input, instant ("2027-04-04T23:45:00Z"), FALSE, FALSE, REASON_REQUIRED,
             pass == 0 ? instant ("2027-04-11T23:15:00Z") : 0);
    }
}

/* 6. Agreement, family, admission and discharge
 * ------------------------------------------------------------------------ */

static void
test_agreement (void)
{
  VigilPolicyStage stages[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_1 },
  };
  const VigilPolicyWindow windows[] = {
    { VIGIL_DAY_WEDNESDAY, NULL, 19 * 60, 20 * 60, TRUE, "bedtime routine", 0, 0 },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);

  /* None on file: nothing, reason required, for ever. */
  input.agreement_from = 0;
  check (&input, instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, 0);

  /* Signed later: changes then. */
  input.agreement_from = instant ("2026-11-20T11:23:00Z");
  check (&input, instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-20T11:23:00Z"));
  check (&input, instant ("2026-11-20T11:22:59Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-20T11:23:00Z"));
  check (&input, instant ("2026-11-20T11:23:00Z"), TRUE, TRUE, ALLOWED, 0);

  /* Audio not agreed: video only, live view and live audio allowed. */
  input.agreement_covers_audio = FALSE;
  check (&input, instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-20T11:23:00Z"));
  check (&input, instant ("2026-11-20T11:23:00Z"), TRUE, FALSE, ALLOWED, 0);

  /* Signed later at stage 3: the first change is the first window after
   * signing, not the signing. */
  stages[0].state = VIGIL_STATE_STAGE_3;
  input.agreement_covers_audio = TRUE;
  input.windows = windows;
  input.n_windows = G_N_ELEMENTS (windows);
  check (&input, instant ("2026-11-18T19:30:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-25T19:00:00Z"));
  /* Signed during a window: it starts recording at the signing. */
  input.agreement_from = instant ("2026-11-25T19:12:00Z");
  check (&input, instant ("2026-11-25T19:00:00Z"), FALSE, FALSE, REASON_REQUIRED, instant ("2026-11-25T19:12:00Z"));
  check (&input, instant ("2026-11-25T19:12:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-11-25T20:00:00Z"));
}

static void
test_family_placement (void)
{
  VigilPolicyStage stages[] = {
    { instant ("2026-11-02T09:00:00Z"), VIGIL_STATE_STAGE_1 },
  };
  VigilPolicyOverride override[] = {
    { instant ("2026-11-18T10:00:00Z"), instant ("2026-11-19T10:00:00Z") },
  };
  VigilPolicyInput input;

  family_input_init (&input);
  input.placed_from = instant ("2026-11-02T09:00:00Z");
  input.agreement_from = input.placed_from;
  input.stages = stages;
  input.n_stages = G_N_ELEMENTS (stages);

  /* No family: denied, for ever, whatever else the input holds. */
  input.has_family = FALSE;
  check (&input, instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, DENIED, 0);
  check (&input, instant ("2026-10-18T12:00:00Z"), FALSE, FALSE, DENIED, 0);
  input.camera_has_audio = FALSE;
  check (&input, instant ("2026-11-18T12:00:00Z"), FALSE, FALSE, DENIED, 0);
  input.camera_has_audio = TRUE;
  input.has_family = TRUE;

  /* Admitted 2026-11-02 09:00, discharged 2026-12-01 17:30. */
  input.placed_until = instant ("2026-12-01T17:30:00Z");
  check (&input, instant ("2026-10-18T12:00:00Z"), FALSE, FALSE, DENIED, instant ("2026-11-02T09:00:00Z"));
  check (&input, instant ("2026-11-02T09:00:00Z"), TRUE, TRUE, ALLOWED, instant ("2026-12-01T17:30:00Z"));
  check (&input, instant ("2026-12-01T17:29:59Z"), TRUE, TRUE, ALLOWED, instant ("2026-12-01T17:30:00Z"));
  check (&input, instant ("2026-12-01T17:30:00Z"), FALSE, FALSE, DENIED, 0);
  check (&input, instant ("2027-03-01T17:30:00Z"), FALSE, FALSE, DENIED, 0);

  /* Discharged while an override runs: the room is empty from discharge. */
  input.placed_until = instant ("2026-11-18T14:00:00Z");
  input.overrides = override;
  input.n_overrides = G_N_ELEMENTS (override);
  input.agreement_covers_audio = FALSE;
  check (&input, instant ("2026-11-18T12:00:00Z"), TRUE, FALSE, ALLOWED, instant ("2026-11-18T14:00:00Z"));
  check (&input, instant ("2026-11-18T14:00:00Z"), FALSE, FALSE, DENIED, 0);
}

static void
test_communal (void)
{
  VigilPolicyStage stages[] = {
    { instant ("2026-09-01T09:00:00Z"), VIGIL_STATE_STAGE_3 },
    { instant ("2026-11-20T09:00:00Z"), VIGIL_STATE_OFF },
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
        vigil_policy_decide (&input, instant (times[i]), &decision);
        g_assert_true (decision.record);
        g_assert_false (decision.record_audio);
        g_assert_cmpint (decision.live_view, ==, ALLOWED);
        g_assert_false (decision.live_audio);
        g_assert_cmpint (decision.next_change, ==, 0);
        assert_basis_mentions (decision.basis, "communal");
      }
}

/* 7. The property: next_change is exactly the first instant the answer
 *    differs
 * ------------------------------------------------------------------------
 *
 * Random inputs from a fixed seed (stage histories over a few weeks, weekly
 * and one-off windows, some past midnight, some in the small hours of the
 * clock-change nights, overrides, agreements signed or not or later,
 * microphone or not), each checked at a few random instants, many of them
 * near the clock changes of 2026-10-25, 2027-03-28 and 2027-10-31. For each
 * instant @at with answer A and next_change N:
 *
 *  (a) at every second looked at in (@at, N) the answer is A and
 *      next_change is still N: every second within EDGE_SECONDS of @at and
 *      of N, SPREAD_SECONDS evenly spread and RANDOM_SECONDS random ones in
 *      between, and every input boundary (window occurrences worked out
 *      here with vigil_policy_local_to_instant(), stage changes, overrides,
 *      admission, discharge, agreement, windows added or removed) and the
 *      seconds either side of it;
 *  (b) at N the answer differs, and at N - 1 s it is A;
 *  (c) when N is 0, the answer is A, and next_change 0, at every boundary
 *      and at many other instants over the next ten weeks.
 *
 * At every instant checked the answer must also be DESIGN.md's table, as
 * reference_answer() applies it independently of the engine. */

#define PROPERTY_SEED        20261025
#define MAX_STAGES           5
#define MAX_WINDOWS          4
#define MAX_OVERRIDES        3
/* Per instant: seconds checked either side of @at and next_change, and
 * evenly spread and random seconds in between. */
#define EDGE_SECONDS         120
#define SPREAD_SECONDS       2000
#define RANDOM_SECONDS       200
/* When nothing ever changes: how far and how densely to look, besides
 * every input boundary. Each such decision has the engine look weeks
 * ahead, so these are sparser. */
#define NEVER_SPAN           (10 * WEEK)
#define NEVER_EDGE_SECONDS   30
#define NEVER_SPREAD         400
#define NEVER_RANDOM         40

/* Defaults sized for some 40 s of CPU time, 20–35 s on two cores;
 * VIGIL_POLICY_INPUTS and VIGIL_POLICY_INSTANTS override them for longer
 * runs (1000 × 4 takes a few minutes). */
#define DEFAULT_INPUTS       112
#define DEFAULT_INSTANTS     4

static const char * const clock_changes[] = {
  "2026-10-25T01:00:00Z", "2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z",
};

typedef struct
{
  VigilPolicyInput    input;
  VigilPolicyStage    stages[MAX_STAGES];
  VigilPolicyWindow   windows[MAX_WINDOWS];
  char                dates[MAX_WINDOWS][11];
  VigilPolicyOverride overrides[MAX_OVERRIDES];
  gint64              origin;
  gint64              clock_change;  /* one within the input's weeks, or 0 */
} RandomInput;

typedef struct
{
  gboolean      record;
  gboolean      record_audio;
  VigilLiveView live_view;
  gboolean      live_audio;
} Answer;

/* A whole second in [lo, hi). */
static gint64
random_instant (GRand  *rand,
                gint64  lo,
                gint64  hi)
{
  gint64 seconds = (hi - lo) / SEC;

  if (seconds <= 0)
    return lo - lo % SEC;
  g_assert_cmpint (seconds, <, G_MAXINT32);
  return (lo / SEC + g_rand_int_range (rand, 0, (gint32) seconds)) * SEC;
}

/* Whole seconds, sometimes whole minutes or hours, as staff would set. */
static gint64
random_boundary (GRand  *rand,
                 gint64  lo,
                 gint64  hi)
{
  gint64 at = random_instant (rand, lo, hi);

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      return at - at % MINUTE;
    case 1:
      return at - at % HOUR;
    default:
      return at;
    }
}

static void
local_date_of (gint64  at,
               GDate  *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, london);
  int y, m, d;

  g_date_time_get_ymd (local, &y, &m, &d);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
}

static guint
random_minute (GRand *rand)
{
  /* Half of them in the small hours, where the clocks change. */
  if (g_rand_boolean (rand))
    return g_rand_int_range (rand, 0, 12) * 15;
  return g_rand_int_range (rand, 0, 24 * 4) * 15;
}

static void
random_input (GRand       *rand,
              RandomInput *r)
{
  gint64 origin, t;
  guint n;
  /* One input in four is sparse: stage 3 or 4 throughout, one or two
   * windows on a single day a week or a single date, nothing else; its
   * answer changes rarely, so next_change must look far ahead. */
  gboolean sparse = g_rand_int_range (rand, 0, 4) == 0;

  memset (r, 0, sizeof *r);

  /* Near a clock change more often than not; otherwise anywhere from
   * autumn 2026 to the end of 2027. */
  if (g_rand_int_range (rand, 0, 4) != 0)
    {
      r->clock_change = instant (clock_changes[g_rand_int_range (rand, 0, G_N_ELEMENTS (clock_changes))]);
      origin = r->clock_change - random_instant (rand, 0, 14 * DAY);
    }
  else
    origin = random_instant (rand, instant ("2026-09-01T00:00:00Z"), instant ("2027-12-31T00:00:00Z"));
  r->origin = origin;

  r->input.location = g_rand_int_range (rand, 0, 12) == 0 ? VIGIL_LOCATION_COMMUNAL
                                                          : VIGIL_LOCATION_FAMILY_ROOM;
  r->input.camera_has_audio = g_rand_boolean (rand);
  r->input.room = "Room 7";
  r->input.has_family = g_rand_int_range (rand, 0, 12) != 0;
  r->input.family_label = "C.D.";
  r->input.zone = london;

  if (g_rand_int_range (rand, 0, 6) == 0)
    r->input.placed_from = random_boundary (rand, origin, origin + 7 * DAY);
  else
    r->input.placed_from = random_boundary (rand, origin - 5 * DAY, origin);
  if (g_rand_int_range (rand, 0, 5) == 0)
    r->input.placed_until = random_boundary (rand, r->input.placed_from + HOUR, r->input.placed_from + 28 * DAY);

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      r->input.agreement_from = 0;
      break;
    case 1:
      r->input.agreement_from = random_boundary (rand, r->input.placed_from, r->input.placed_from + 14 * DAY);
      break;
    default:
      r->input.agreement_from = r->input.placed_from - g_rand_int_range (rand, 0, 3) * DAY;
      break;
    }
  r->input.agreement_covers_audio = g_rand_boolean (rand);

  /* A stage history: stages 3 and 4 twice as likely, as windows matter
   * there. Usually the first stage takes effect on admission. */
  n = g_rand_int_range (rand, 1, MAX_STAGES + 1);
  t = r->input.placed_from;
  if (g_rand_int_range (rand, 0, 8) == 0)
    t = random_boundary (rand, t + MINUTE, t + DAY);
  for (guint i = 0; i < n; i++)
    {
      static const VigilFamilyState states[] = {
        VIGIL_STATE_STAGE_1, VIGIL_STATE_STAGE_2, VIGIL_STATE_STAGE_3, VIGIL_STATE_STAGE_3,
        VIGIL_STATE_STAGE_4, VIGIL_STATE_STAGE_4, VIGIL_STATE_OFF,
      };

      r->stages[i].effective_at = t;
      r->stages[i].state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      t = random_boundary (rand, t + HOUR, t + 10 * DAY);
    }
  r->input.stages = r->stages;
  r->input.n_stages = n;

  n = sparse ? 1 + (g_rand_int_range (rand, 0, 3) == 0) : g_rand_int_range (rand, 0, MAX_WINDOWS + 1);
  for (guint i = 0; i < n; i++)
    {
      VigilPolicyWindow *w = &r->windows[i];

      if (g_rand_int_range (rand, 0, 3) != 0)
        {
          w->days = g_rand_int_range (rand, 1, 128);
          if (sparse || g_rand_boolean (rand))
            w->days = 1u << g_rand_int_range (rand, 0, 7);
        }
      else
        {
          GDate date;

          if (g_rand_int_range (rand, 0, 3) == 0)
            {
              /* On, or the evening before, a clock-change night. */
              local_date_of (instant (clock_changes[g_rand_int_range (rand, 0, G_N_ELEMENTS (clock_changes))]),
                             &date);
              g_date_subtract_days (&date, g_rand_int_range (rand, 0, 2));
            }
          else
            {
              local_date_of (origin, &date);
              g_date_subtract_days (&date, 3);
              g_date_add_days (&date, g_rand_int_range (rand, 0, 24));
            }
          g_snprintf (r->dates[i], sizeof r->dates[i], "%04d-%02d-%02d",
                      g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
          w->date = r->dates[i];
        }

      w->start_minute = random_minute (rand);
      /* Sparse inputs' windows are often in the skipped hour: then a whole
       * occurrence vanishes and the next is a fortnight away. */
      switch (sparse && g_rand_boolean (rand) ? 10 : g_rand_int_range (rand, 0, 12))
        {
        case 10:
        case 11:
          /* Wholly inside 01:00–02:00, the hour that is skipped when the
           * clocks go forward. */
          w->start_minute = 60 + g_rand_int_range (rand, 0, 3) * 15;
          w->end_minute = w->start_minute + g_rand_int_range (rand, 1, (120 - w->start_minute) / 15 + 1) * 15;
          if (w->days != 0)
            w->days = VIGIL_DAY_SUNDAY;
          break;
        case 0:
          w->end_minute = w->start_minute;
          break;
        case 1:
        case 2:
        case 3:
          /* Past midnight. */
          w->end_minute = w->start_minute == 0 ? 0 : g_rand_int_range (rand, 0, w->start_minute / 15) * 15;
          break;
        default:
          if (w->start_minute >= 24 * 60 - 15)
            w->end_minute = 30;
          else
            w->end_minute = g_rand_int_range (rand, w->start_minute / 15 + 1, 24 * 4) * 15;
          break;
        }
      w->audio = g_rand_boolean (rand);
      w->purpose = "check-in";
      if (g_rand_int_range (rand, 0, 3) == 0)
        w->valid_from = random_boundary (rand, origin - 2 * DAY, origin + 14 * DAY);
      if (g_rand_int_range (rand, 0, 4) == 0)
        w->valid_until = random_boundary (rand, MAX (w->valid_from, origin - 2 * DAY) + MINUTE,
                                          origin + 21 * DAY);
    }
  r->input.windows = r->windows;
  r->input.n_windows = n;

  n = g_rand_int_range (rand, 0, 6);
  n = n < 3 ? 0 : n - 2;
  for (guint i = 0; i < n; i++)
    {
      VigilPolicyOverride *o = &r->overrides[i];
      /* 24 hours unless set shorter, at most 72. */
      gint64 length = g_rand_boolean (rand) ? 24 * HOUR : g_rand_int_range (rand, 1, 72 * 4 + 1) * 15 * MINUTE;

      if (i > 0 && g_rand_boolean (rand))
        /* A renewal before the previous one ran out. */
        o->start = random_boundary (rand, r->overrides[i - 1].start + MINUTE, r->overrides[i - 1].end);
      else
        o->start = random_boundary (rand, origin - 2 * DAY, origin + 21 * DAY);
      o->end = o->start + length;
      if (g_rand_int_range (rand, 0, 3) == 0)
        /* Ended early. */
        o->end = random_boundary (rand, o->start + MINUTE, o->end);
    }
  r->input.overrides = r->overrides;
  r->input.n_overrides = n;

  if (sparse)
    {
      r->input.location = VIGIL_LOCATION_FAMILY_ROOM;
      r->input.has_family = TRUE;
      r->input.placed_from = random_boundary (rand, origin - 10 * DAY, origin - 3 * DAY);
      r->input.placed_until = 0;
      r->input.agreement_from = r->input.placed_from;
      r->stages[0].effective_at = r->input.placed_from;
      r->stages[0].state = g_rand_boolean (rand) ? VIGIL_STATE_STAGE_3 : VIGIL_STATE_STAGE_4;
      r->input.n_stages = 1;
      r->input.n_overrides = 0;
      if (g_rand_boolean (rand))
        {
          /* Off first, then stage 3 or 4 from a stated time. */
          r->stages[1] = r->stages[0];
          r->stages[1].effective_at = random_boundary (rand, r->input.placed_from + HOUR,
                                                       r->input.placed_from + 21 * DAY);
          r->stages[0].state = VIGIL_STATE_OFF;
          r->input.n_stages = 2;
        }
    }
}

static char *
describe_input (const VigilPolicyInput *input)
{
  GString *out = g_string_new (NULL);
  g_autofree char *placed = format_instant (input->placed_from);
  g_autofree char *until = format_instant (input->placed_until);
  g_autofree char *agreement = format_instant (input->agreement_from);

  g_string_append_printf (out, "%s camera, microphone %s; family %s, placed %s until %s; "
                          "agreement %s, covers audio %s\n",
                          input->location == VIGIL_LOCATION_COMMUNAL ? "communal" : "family-room",
                          yes_no (input->camera_has_audio), yes_no (input->has_family),
                          placed, until, agreement, yes_no (input->agreement_covers_audio));
  for (guint i = 0; i < input->n_stages; i++)
    {
      g_autofree char *at = format_instant (input->stages[i].effective_at);

      g_string_append_printf (out, "  stage %s from %s\n",
                              vigil_family_state_to_string (input->stages[i].state), at);
    }
  for (guint i = 0; i < input->n_windows; i++)
    {
      const VigilPolicyWindow *w = &input->windows[i];
      g_autofree char *from = format_instant (w->valid_from);
      g_autofree char *to = format_instant (w->valid_until);
      g_autofree char *when = w->days != 0 ? g_strdup_printf ("days 0x%02x", w->days)
                                           : g_strdup_printf ("date %s", w->date);

      g_string_append_printf (out, "  window %s %02u:%02u–%02u:%02u audio %s, valid %s until %s\n",
                              when, w->start_minute / 60, w->start_minute % 60,
                              w->end_minute / 60, w->end_minute % 60, yes_no (w->audio),
                              w->valid_from ? from : "always", to);
    }
  for (guint i = 0; i < input->n_overrides; i++)
    {
      g_autofree char *start = format_instant (input->overrides[i].start);
      g_autofree char *end = format_instant (input->overrides[i].end);

      g_string_append_printf (out, "  override %s until %s\n", start, end);
    }
  return g_string_free (out, FALSE);
}

/* The occurrence of @window starting on local @date, as DESIGN.md has it,
 * clipped to when the window existed. */
static gboolean
reference_occurrence (const VigilPolicyWindow *window,
                      const GDate             *date,
                      gint64                  *start,
                      gint64                  *end)
{
  GDate end_date = *date;

  if (window->days != 0)
    {
      if ((window->days & (1u << (g_date_get_weekday (date) - 1))) == 0)
        return FALSE;
    }
  else
    {
      char iso[16];

      g_snprintf (iso, sizeof iso, "%04d-%02d-%02d",
                  g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
      if (g_strcmp0 (iso, window->date) != 0)
        return FALSE;
    }

  if (window->end_minute <= window->start_minute)
    g_date_add_days (&end_date, 1);

  *start = vigil_policy_local_to_instant (london, g_date_get_year (date), g_date_get_month (date),
                                          g_date_get_day (date), window->start_minute);
  *end = vigil_policy_local_to_instant (london, g_date_get_year (&end_date), g_date_get_month (&end_date),
                                        g_date_get_day (&end_date), window->end_minute);
  *start = MAX (*start, window->valid_from);
  if (window->valid_until != 0)
    *end = MIN (*end, window->valid_until);

  return *start < *end;
}

/* DESIGN.md's table, written independently of the engine. A family placed
 * before its first stage takes effect is treated as no family placed. */
static void
reference_answer (const VigilPolicyInput *input,
                  gint64                  at,
                  Answer                 *answer)
{
  VigilFamilyState state = VIGIL_STATE_NONE;
  gboolean placed, agreed, audio_agreed, override = FALSE, in_window = FALSE, window_audio = FALSE;

  *answer = (Answer) { FALSE, FALSE, DENIED, FALSE };

  if (input->location == VIGIL_LOCATION_COMMUNAL)
    {
      answer->record = TRUE;
      answer->live_view = ALLOWED;
      return;
    }

  placed = input->has_family && at >= input->placed_from &&
           (input->placed_until == 0 || at < input->placed_until);
  for (guint i = 0; i < input->n_stages; i++)
    if (input->stages[i].effective_at <= at)
      state = input->stages[i].state;

  if (!placed || state == VIGIL_STATE_NONE)
    return;

  agreed = input->agreement_from != 0 && at >= input->agreement_from;
  audio_agreed = agreed && input->agreement_covers_audio && input->camera_has_audio;

  for (guint i = 0; i < input->n_overrides; i++)
    if (input->overrides[i].start <= at && at < input->overrides[i].end)
      override = TRUE;

  if (state == VIGIL_STATE_STAGE_3 || state == VIGIL_STATE_STAGE_4)
    {
      GDate today, date;

      local_date_of (at, &today);
      for (int back = 2; back >= 0; back--)
        {
          date = today;
          g_date_subtract_days (&date, back);
          for (guint i = 0; i < input->n_windows; i++)
            {
              gint64 start, end;

              if (reference_occurrence (&input->windows[i], &date, &start, &end) &&
                  start <= at && at < end)
                {
                  in_window = TRUE;
                  window_audio |= input->windows[i].audio;
                }
            }
        }
    }

  if (override)
    {
      answer->record = TRUE;
      answer->record_audio = audio_agreed;
      answer->live_view = ALLOWED;
    }
  else if (!agreed)
    answer->live_view = REASON_REQUIRED;
  else if (state == VIGIL_STATE_STAGE_1 || state == VIGIL_STATE_STAGE_2)
    {
      answer->record = TRUE;
      answer->record_audio = audio_agreed;
      answer->live_view = ALLOWED;
    }
  else if (in_window)
    {
      answer->record = TRUE;
      answer->record_audio = audio_agreed && window_audio;
      answer->live_view = ALLOWED;
    }
  else
    answer->live_view = REASON_REQUIRED;

  /* Live audio follows live view. */
  answer->live_audio = input->camera_has_audio && answer->live_view != DENIED;
}

static gint
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
add_instant (GArray *instants,
             gint64  at,
             gint64  lo,
             gint64  hi)
{
  if (at > lo && at < hi)
    g_array_append_val (instants, at);
}

/* Every instant at which some input changes, in (lo - 1 s, hi + 1 s), with
 * the seconds either side if @either_side, clipped to (lo, hi). */
static void
add_boundaries (const VigilPolicyInput *input,
                gint64                  lo,
                gint64                  hi,
                gboolean                either_side,
                GArray                 *instants)
{
  GArray *boundaries = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate date, last;

  g_array_append_val (boundaries, input->placed_from);
  g_array_append_val (boundaries, input->placed_until);
  g_array_append_val (boundaries, input->agreement_from);
  for (guint i = 0; i < input->n_stages; i++)
    g_array_append_val (boundaries, input->stages[i].effective_at);
  for (guint i = 0; i < input->n_overrides; i++)
    {
      g_array_append_val (boundaries, input->overrides[i].start);
      g_array_append_val (boundaries, input->overrides[i].end);
    }
  for (guint i = 0; i < input->n_windows; i++)
    {
      g_array_append_val (boundaries, input->windows[i].valid_from);
      g_array_append_val (boundaries, input->windows[i].valid_until);
    }

  local_date_of (lo, &date);
  g_date_subtract_days (&date, 2);
  local_date_of (hi, &last);
  g_date_add_days (&last, 1);
  for (; g_date_compare (&date, &last) <= 0; g_date_add_days (&date, 1))
    for (guint i = 0; i < input->n_windows; i++)
      {
        gint64 start, end;

        if (reference_occurrence (&input->windows[i], &date, &start, &end))
          {
            g_array_append_val (boundaries, start);
            g_array_append_val (boundaries, end);
          }
      }

  for (guint i = 0; i < boundaries->len; i++)
    {
      gint64 b = g_array_index (boundaries, gint64, i);

      if (b == 0)
        continue;
      add_instant (instants, b, lo, hi);
      if (either_side)
        {
          add_instant (instants, b - SEC, lo, hi);
          add_instant (instants, b + SEC, lo, hi);
        }
    }
  g_array_unref (boundaries);
}

static void
sort_unique (GArray *instants)
{
  guint kept = 0;

  g_array_sort (instants, compare_instants);
  for (guint i = 0; i < instants->len; i++)
    if (kept == 0 || g_array_index (instants, gint64, i) != g_array_index (instants, gint64, kept - 1))
      g_array_index (instants, gint64, kept++) = g_array_index (instants, gint64, i);
  g_array_set_size (instants, kept);
}

typedef struct
{
  guint    index;         /* of the input */
  guint    instant;       /* of the instant, for that input */

  /* Results. */
  guint64  n_decisions;
  gboolean changes;       /* the instant has a next change */
  gboolean near_clock;    /* within a day of a clock change */
  gint64   elapsed;       /* µs */
  GString *failures;
  guint    n_failures;
} PropertyJob;

static gboolean
answer_same (const Answer              *a,
             const VigilPolicyDecision *d)
{
  return a->record == d->record && a->record_audio == d->record_audio &&
         a->live_view == d->live_view && a->live_audio == d->live_audio;
}

G_GNUC_PRINTF (5, 6)
static void
property_fail (PropertyJob            *job,
               const VigilPolicyInput *input,
               gint64                  at,
               gint64                  s,
               const char             *format,
               ...)
{
  g_autofree char *what = NULL;
  g_autofree char *described = NULL;
  g_autofree char *at_text = format_instant (at);
  g_autofree char *s_text = format_instant (s);
  va_list args;

  job->n_failures++;
  if (job->n_failures > 1)
    return;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  described = describe_input (input);
  g_string_append_printf (job->failures, "input %u (instant %u), at %s, checking %s: %s\n%s",
                          job->index, job->instant, at_text, s_text, what, described);
}

/* Checks the decision at @s against DESIGN.md's table and against the
 * answer at @at (@now); @same says whether the two should be the same. */
static gboolean
property_check_at (PropertyJob               *job,
                   const VigilPolicyInput    *input,
                   gint64                     at,
                   const VigilPolicyDecision *now,
                   gint64                     s,
                   gboolean                   same)
{
  g_auto(VigilPolicyDecision) then = { 0 };
  g_autofree char *now_text = NULL;
  Answer expected;

  vigil_policy_decide (input, s, &then);
  job->n_decisions++;

  reference_answer (input, s, &expected);
  if (!answer_same (&expected, &then))
    {
      g_autofree char *got = describe_decision (&then);
      g_autofree char *wanted = describe_answer (expected.record, expected.record_audio,
                                                 expected.live_view, expected.live_audio);

      property_fail (job, input, at, s, "DESIGN.md says %s, the engine %s", wanted, got);
      return FALSE;
    }

  if (same != vigil_policy_decision_same (now, &then))
    {
      g_autofree char *got = describe_decision (&then);
      g_autofree char *next = format_instant (now->next_change);

      now_text = describe_decision (now);
      property_fail (job, input, at, s, "answer at @at %s, next_change %s; answer here %s, expected %s",
                     now_text, next, got, same ? "the same" : "a different one");
      return FALSE;
    }

  /* Inside the span the first change after @s is still next_change. */
  if (same && then.next_change != now->next_change)
    {
      g_autofree char *next = format_instant (now->next_change);
      g_autofree char *then_next = format_instant (then.next_change);

      now_text = describe_decision (now);
      property_fail (job, input, at, s, "answer unchanged (%s) but next_change here is %s, at @at %s",
                     now_text, then_next, next);
      return FALSE;
    }

  return TRUE;
}

static void
property_check_instant (PropertyJob            *job,
                        GRand                  *rand,
                        const VigilPolicyInput *input,
                        gint64                  at)
{
  g_auto(VigilPolicyDecision) now = { 0 };
  g_autoptr(GArray) instants = g_array_new (FALSE, FALSE, sizeof (gint64));
  Answer expected;
  gint64 next, lo, hi;

  vigil_policy_decide (input, at, &now);
  job->n_decisions++;
  next = now.next_change;

  reference_answer (input, at, &expected);
  if (!answer_same (&expected, &now))
    {
      g_autofree char *got = describe_decision (&now);
      g_autofree char *wanted = describe_answer (expected.record, expected.record_audio,
                                                 expected.live_view, expected.live_audio);

      property_fail (job, input, at, at, "DESIGN.md says %s, the engine %s", wanted, got);
      return;
    }

  if (next != 0 && next <= at)
    {
      g_autofree char *text = format_instant (next);

      property_fail (job, input, at, at, "next_change %s is not after @at", text);
      return;
    }

  lo = at;
  hi = next != 0 ? next : at + NEVER_SPAN;

  if (next != 0)
    {
      job->changes = TRUE;

      /* (b) It differs at next_change, not a second before. */
      if (!property_check_at (job, input, at, &now, next, FALSE) ||
          !property_check_at (job, input, at, &now, next - SEC, TRUE))
        return;

      /* (a) Unchanged at every second in between we look at. */
      if (hi - lo <= (2 * EDGE_SECONDS + SPREAD_SECONDS) * SEC)
        {
          for (gint64 s = lo + SEC; s < hi; s += SEC)
            g_array_append_val (instants, s);
        }
      else
        {
          for (gint64 k = 1; k <= EDGE_SECONDS; k++)
            {
              add_instant (instants, lo + k * SEC, lo, hi);
              add_instant (instants, hi - k * SEC, lo, hi);
            }
          for (gint64 k = 1; k <= SPREAD_SECONDS; k++)
            {
              gint64 s = lo + (hi - lo) / (SPREAD_SECONDS + 1) * k;

              add_instant (instants, s - s % SEC, lo, hi);
            }
          for (guint k = 0; k < RANDOM_SECONDS; k++)
            add_instant (instants, random_instant (rand, lo + SEC, hi), lo, hi);
          add_boundaries (input, lo, hi, TRUE, instants);
        }
    }
  else
    {
      /* (c) Never changes: the same over the next ten weeks. */
      for (gint64 k = 1; k <= NEVER_SPREAD; k++)
        {
          gint64 s = lo + (hi - lo) / (NEVER_SPREAD + 1) * k;

          add_instant (instants, s - s % SEC, lo, hi);
        }
      for (guint k = 0; k < NEVER_RANDOM; k++)
        add_instant (instants, random_instant (rand, lo + SEC, hi), lo, hi);
      for (gint64 k = 1; k <= NEVER_EDGE_SECONDS; k++)
        add_instant (instants, lo + k * SEC, lo, hi);
      add_boundaries (input, lo, hi, FALSE, instants);
    }

  sort_unique (instants);
  for (guint i = 0; i < instants->len; i++)
    {
      gint64 s = g_array_index (instants, gint64, i);

      if (!property_check_at (job, input, at, &now, s, TRUE))
        return;
    }
}

static void
property_job (gpointer data,
              gpointer user_data)
{
  PropertyJob *job = data;
  guint32 input_seed[2] = { PROPERTY_SEED, job->index };
  guint32 instant_seed[3] = { PROPERTY_SEED, job->index, job->instant };
  g_autoptr(GRand) input_rand = g_rand_new_with_seed_array (input_seed, G_N_ELEMENTS (input_seed));
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (instant_seed, G_N_ELEMENTS (instant_seed));
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (gint64));
  RandomInput r;
  gint64 at, started = g_get_monotonic_time ();

  /* Every instant of an input regenerates it from the input's seed. */
  random_input (input_rand, &r);

  switch (g_rand_int_range (rand, 0, 7))
    {
    case 0:
      if (r.clock_change != 0)
        {
          /* Within three hours of the clock change. */
          at = random_instant (rand, r.clock_change - 3 * HOUR, r.clock_change + 3 * HOUR);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case 4:
    case 5:
      if (r.clock_change != 0)
        {
          /* In the fortnight before the clock change, half of the time
           * late in the evening, UTC: a week or two ahead is then the
           * small hours of a day on the other side of it. */
          at = r.clock_change - g_rand_int_range (rand, 1, 16) * DAY;
          at = at - at % DAY + random_instant (rand, g_rand_boolean (rand) ? 23 * HOUR : 0, DAY);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case 1:
    case 2:
      add_boundaries (&r.input, r.origin - 2 * DAY, r.origin + 28 * DAY, TRUE, boundaries);
      if (boundaries->len > 0)
        {
          /* On an input boundary, or a second either side; or about one
           * or two weeks before one. */
          at = g_array_index (boundaries, gint64, g_rand_int_range (rand, 0, boundaries->len));
          if (g_rand_boolean (rand))
            at += random_instant (rand, -2 * HOUR, 2 * HOUR) - g_rand_int_range (rand, 7, 16) * DAY;
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      at = random_instant (rand, r.origin - DAY, r.origin + 21 * DAY);
      break;
    }

  for (guint c = 0; c < G_N_ELEMENTS (clock_changes); c++)
    if (ABS (at - instant (clock_changes[c])) < DAY)
      job->near_clock = TRUE;

  property_check_instant (job, rand, &r.input, at);
  job->elapsed = g_get_monotonic_time () - started;
}

static guint
env_count (const char *name,
           guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static void
test_property_next_change (void)
{
  guint n_inputs = env_count ("VIGIL_POLICY_INPUTS", DEFAULT_INPUTS);
  guint n_instants = env_count ("VIGIL_POLICY_INSTANTS", DEFAULT_INSTANTS);
  guint n_jobs = n_inputs * n_instants;
  g_autoptr(GError) error = NULL;
  g_autofree PropertyJob *jobs = g_new0 (PropertyJob, n_jobs);
  GThreadPool *pool;
  guint64 n_decisions = 0;
  guint n_changes = 0, n_near_clock = 0, n_failed = 0;
  gint64 started = g_get_monotonic_time (), slowest = 0;

  /* The engine is pure: instants are checked in parallel, each from seeds
   * of its own, so the run is the same whatever the number of threads. */
  pool = g_thread_pool_new (property_job, NULL, MAX (1, (int) g_get_num_processors ()), TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_jobs; i++)
    {
      jobs[i].index = i / n_instants;
      jobs[i].instant = i % n_instants;
      jobs[i].failures = g_string_new (NULL);
      g_thread_pool_push (pool, &jobs[i], &error);
      g_assert_no_error (error);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < n_jobs; i++)
    {
      n_decisions += jobs[i].n_decisions;
      n_changes += jobs[i].changes;
      n_near_clock += jobs[i].near_clock;
      slowest = MAX (slowest, jobs[i].elapsed);
      if (jobs[i].n_failures > 0)
        {
          n_failed++;
          if (n_failed <= 5)
            g_test_message ("%s", jobs[i].failures->str);
        }
      g_string_free (jobs[i].failures, TRUE);
    }

  g_test_message ("%u inputs, %u instants each: %u with a next change, %u never changing, "
                  "%u within a day of a clock change; %" G_GUINT64_FORMAT " decisions in %.1f s "
                  "(slowest instant %.1f s); %u instants failed",
                  n_inputs, n_instants, n_changes, n_jobs - n_changes, n_near_clock, n_decisions,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
                  slowest / (double) G_USEC_PER_SEC, n_failed);
  g_assert_cmpuint (n_failed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  london = g_time_zone_new_identifier ("Europe/London");
  g_assert_nonnull (london);

  for (guint i = 0; i < G_N_ELEMENTS (policy_rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/policy/table/%s", policy_rows[i].name);

      g_test_add_data_func (path, &policy_rows[i], test_table_row);
    }
  g_test_add_func ("/policy/window/edges", test_window_edges);
  g_test_add_func ("/policy/window/past-midnight", test_window_past_midnight);
  g_test_add_func ("/policy/window/whole-day", test_window_whole_day);
  g_test_add_func ("/policy/window/one-off", test_window_one_off);
  g_test_add_func ("/policy/window/days", test_window_days);
  g_test_add_func ("/policy/window/overlap", test_window_overlap);
  g_test_add_func ("/policy/window/validity", test_window_validity);
  g_test_add_func ("/policy/clock/local-to-instant", test_local_to_instant);
  g_test_add_func ("/policy/clock/windows", test_clock_change_windows);
  g_test_add_func ("/policy/clock/past-midnight", test_clock_change_past_midnight);
  g_test_add_func ("/policy/override/in-window", test_override_in_window);
  g_test_add_func ("/policy/override/off-and-stage-1", test_override_off_and_stage_1);
  g_test_add_func ("/policy/override/clock-change", test_override_clock_change);
  g_test_add_func ("/policy/stage/history", test_stage_history);
  g_test_add_func ("/policy/stage/same-answer", test_stage_same_answer);
  g_test_add_func ("/policy/stage/after-clock-change", test_stage_after_clock_change);
  g_test_add_func ("/policy/agreement", test_agreement);
  g_test_add_func ("/policy/family/placement", test_family_placement);
  g_test_add_func ("/policy/communal", test_communal);
  g_test_add_func ("/policy/property/next-change", test_property_next_change);

  status = g_test_run ();
  g_time_zone_unref (london);
  return status;
}
