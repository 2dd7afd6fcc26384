/* policy-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <string.h>

#include "vigil-policy.h"
#include "vigil-test-utils.h"
#include "vigil-time.h"

G_BEGIN_DECLS

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

/* Europe/London, from policy_test_init() to policy_test_run()'s end. */
extern GTimeZone *london;

/* Each program's main(): g_test_init() with assertions that do not stop
 * the program (one wrong answer should not hide the others) and london
 * loaded; then the program adds its tests and returns policy_test_run(). */
void     policy_test_init      (int                       *argc,
                                char                    ***argv);
int      policy_test_run       (void);

/* Helpers
 * ------------------------------------------------------------------------ */

char       *format_instant     (gint64                     at);
const char *yes_no             (gboolean                   value);
char       *describe_answer    (gboolean                   record,
                                gboolean                   record_audio,
                                VigilLiveView              live_view,
                                gboolean                   live_audio);
char       *describe_decision  (const VigilPolicyDecision *decision);

/* family_input_init() gives one agreement, the same for every input: the
 * tests built on it use one input at a time, changed through these two
 * setters. The agreement from @from, or none when @from is 0. */
void     set_agreement_from    (VigilPolicyInput          *input,
                                gint64                     from);
void     set_agreement_audio   (VigilPolicyInput          *input,
                                gboolean                   covers_audio);

/* A family-room camera with a microphone in "Room 4", the family "A.B."
 * placed there since 2026-06-01 with a signed agreement covering audio.
 * Stages, windows and overrides are left to each test. */
void     family_input_init     (VigilPolicyInput          *input);

/* Decides at @at and compares the four answers, and next_change unless it is
 * ANY_CHANGE, as one line so that a failure shows all of them. Live audio is
 * derived: it follows live view where there is a microphone. */
#define check(input, at, record, record_audio, live_view, next_change) \
  check_decision (__LINE__, (input), (at), (record), (record_audio), (live_view), (next_change))

void     check_decision        (int                        line,
                                const VigilPolicyInput    *input,
                                gint64                     at,
                                gboolean                   record,
                                gboolean                   record_audio,
                                VigilLiveView              live_view,
                                gint64                     next_change);

/* Checks that a basis mentions one of the words in @words, "|"-separated. */
void     assert_basis_mentions (const char                *basis,
                                const char                *words);

/* A stage 3 family-room input with @windows, for the window, clock-change
 * and override tests. */
void     stage_3_input         (VigilPolicyInput          *input,
                                VigilPolicyStage          *stage,
                                const VigilPolicyWindow   *windows,
                                guint                      n_windows);

G_END_DECLS
