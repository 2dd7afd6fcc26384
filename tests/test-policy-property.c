/* test-policy-property.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "policy-fixture.h"
#include "policy-reference.h"

/* A property test of the policy engine: next_change is exactly the first
 * instant at which the answer differs, and every answer is DESIGN.md's
 * table as policy-reference.h reads it. */

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

/* Sizes: a quick run (the default suite) checks the first few inputs, in
 * a second or two; a thorough one (-m thorough, the "slow" suite) takes
 * some 40 s of CPU time, 20–35 s on two cores. The inputs come from seeds
 * of their own, so the quick run is the start of the thorough one.
 * VIGIL_POLICY_INPUTS and VIGIL_POLICY_INSTANTS override either for longer
 * runs (1000 × 4 takes a few minutes). */
#define QUICK_INPUTS         12
#define QUICK_INSTANTS       2
#define THOROUGH_INPUTS      112
#define THOROUGH_INSTANTS    4

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
  VigilPolicyAgreement agreement;    /* input.agreements: it or none */
  gint64              origin;
  gint64              clock_change;  /* one within the input's weeks, or 0 */
} RandomInput;

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
      r->clock_change = vigil_test_instant (clock_changes[g_rand_int_range (rand, 0, G_N_ELEMENTS (clock_changes))]);
      origin = r->clock_change - random_instant (rand, 0, 14 * DAY);
    }
  else
    origin = random_instant (rand, vigil_test_instant ("2026-09-01T00:00:00Z"), vigil_test_instant ("2027-12-31T00:00:00Z"));
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
      r->agreement.from = 0;
      break;
    case 1:
      r->agreement.from = random_boundary (rand, r->input.placed_from, r->input.placed_from + 14 * DAY);
      break;
    default:
      r->agreement.from = r->input.placed_from - g_rand_int_range (rand, 0, 3) * DAY;
      break;
    }
  r->agreement.covers_audio = g_rand_boolean (rand);
  r->input.agreements = &r->agreement;
  r->input.n_agreements = r->agreement.from != 0 ? 1 : 0;

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
              local_date_of (vigil_test_instant (clock_changes[g_rand_int_range (rand, 0, G_N_ELEMENTS (clock_changes))]),
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
      r->agreement.from = r->input.placed_from;
      r->input.agreements = &r->agreement;
      r->input.n_agreements = 1;
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

  g_string_append_printf (out, "%s camera, microphone %s; family %s, placed %s until %s; %u agreement(s)\n",
                          input->location == VIGIL_LOCATION_COMMUNAL ? "communal" : "family-room",
                          yes_no (input->camera_has_audio), yes_no (input->has_family),
                          placed, until, input->n_agreements);
  for (guint i = 0; i < input->n_agreements; i++)
    {
      g_autofree char *from = format_instant (input->agreements[i].from);

      g_string_append_printf (out, "  agreement from %s, covers audio %s\n",
                              from, yes_no (input->agreements[i].covers_audio));
    }
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
  for (guint i = 0; i < input->n_agreements; i++)
    g_array_append_val (boundaries, input->agreements[i].from);
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
    if (ABS (at - vigil_test_instant (clock_changes[c])) < DAY)
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
  guint n_inputs = env_count ("VIGIL_POLICY_INPUTS", g_test_thorough () ? THOROUGH_INPUTS : QUICK_INPUTS);
  guint n_instants = env_count ("VIGIL_POLICY_INSTANTS", g_test_thorough () ? THOROUGH_INSTANTS : QUICK_INSTANTS);
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
  policy_test_init (&argc, &argv);

  g_test_add_func ("/policy/property/next-change", test_property_next_change);

  return policy_test_run ();
}
