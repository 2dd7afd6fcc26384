/* policy-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-test"

#include "config.h"

#include "policy-fixture.h"

GTimeZone *london;

/* The one agreement family_input_init() gives. */
static VigilPolicyAgreement fixture_agreement;

void
policy_test_init (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_test_set_nonfatal_assertions ();

  london = g_time_zone_new_identifier ("Europe/London");
  g_assert_nonnull (london);
}

int
policy_test_run (void)
{
  int status = g_test_run ();

  g_clear_pointer (&london, g_time_zone_unref);
  return status;
}

char *
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

const char *
yes_no (gboolean value)
{
  return value ? "yes" : "no";
}

char *
describe_answer (gboolean      record,
                 gboolean      record_audio,
                 VigilLiveView live_view,
                 gboolean      live_audio)
{
  return g_strdup_printf ("record=%s record_audio=%s live_view=%s live_audio=%s",
                          yes_no (record), yes_no (record_audio),
                          vigil_live_view_to_string (live_view), yes_no (live_audio));
}

char *
describe_decision (const VigilPolicyDecision *decision)
{
  return describe_answer (decision->record, decision->record_audio,
                          decision->live_view, decision->live_audio);
}

void
set_agreement_from (VigilPolicyInput *input,
                    gint64            from)
{
  fixture_agreement.from = from;
  input->agreements = from != 0 ? &fixture_agreement : NULL;
  input->n_agreements = from != 0 ? 1 : 0;
}

void
set_agreement_audio (VigilPolicyInput *input,
                     gboolean          covers_audio)
{
  g_assert_true (input->n_agreements == 0 || input->agreements == &fixture_agreement);
  fixture_agreement.covers_audio = covers_audio;
}

void
family_input_init (VigilPolicyInput *input)
{
  *input = (VigilPolicyInput) { 0 };
  input->location = VIGIL_LOCATION_FAMILY_ROOM;
  input->camera_has_audio = TRUE;
  input->room = "Room 4";
  input->has_family = TRUE;
  input->family_label = "A.B.";
  input->placed_from = vigil_test_instant ("2026-06-01T09:00:00Z");
  input->placed_until = 0;
  set_agreement_from (input, input->placed_from);
  set_agreement_audio (input, TRUE);
  input->zone = london;
}

void
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

void
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

void
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
