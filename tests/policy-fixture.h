/* policy-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <string.h>

#include "vigil-policy.h"
#include "vigil-time.h"

/* What the test-policy-*.c programs share: units of time, the three live
 * view answers, a family-room input to start from, and check(), which
 * compares every answer of one decision at once.
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

/* Europe/London; each program's main() sets it up. */
static GTimeZone *london;

/* Helpers
 * ------------------------------------------------------------------------ */

static inline gint64
instant (const char *iso8601)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (parsed);
  return g_date_time_to_unix (parsed) * SEC + g_date_time_get_microsecond (parsed);
}

static inline char *
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

static inline const char *
yes_no (gboolean value)
{
  return value ? "yes" : "no";
}

static inline char *
describe_answer (gboolean      record,
                 gboolean      record_audio,
                 VigilLiveView live_view,
                 gboolean      live_audio)
{
  return g_strdup_printf ("record=%s record_audio=%s live_view=%s live_audio=%s",
                          yes_no (record), yes_no (record_audio),
                          vigil_live_view_to_string (live_view), yes_no (live_audio));
}

static inline char *
describe_decision (const VigilPolicyDecision *decision)
{
  return describe_answer (decision->record, decision->record_audio,
                          decision->live_view, decision->live_audio);
}

/* The one agreement family_input_init() gives; the tests built on it use
 * one input at a time, changed through the two setters below. */
static VigilPolicyAgreement fixture_agreement;

/* The agreement from @from, or none when @from is 0. */
static inline void
set_agreement_from (VigilPolicyInput *input,
                    gint64            from)
{
  fixture_agreement.from = from;
  input->agreements = from != 0 ? &fixture_agreement : NULL;
  input->n_agreements = from != 0 ? 1 : 0;
}

static inline void
set_agreement_audio (VigilPolicyInput *input,
                     gboolean          covers_audio)
{
  g_assert_true (input->n_agreements == 0 || input->agreements == &fixture_agreement);
  fixture_agreement.covers_audio = covers_audio;
}

/* A family-room camera with a microphone in "Room 4", the family "A.B."
 * placed there since 2026-06-01 with a signed agreement covering audio.
 * Stages, windows and overrides are left to each test. */
static inline void
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
  set_agreement_from (input, input->placed_from);
  set_agreement_audio (input, TRUE);
  input->zone = london;
}

/* Decides at @at and compares the four answers, and next_change unless it is
 * ANY_CHANGE, as one line so that a failure shows all of them. Live audio is
 * derived: it follows live view where there is a microphone. */
#define check(input, at, record, record_audio, live_view, next_change) \
  check_decision (__LINE__, (input), (at), (record), (record_audio), (live_view), (next_change))

static inline void
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
static inline void
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

/* A stage 3 family-room input with @windows, for the window, clock-change
 * and override tests. */
static inline void
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
