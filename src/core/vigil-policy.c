/* vigil-policy.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-policy"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-time.h"
#include "vigil-policy-private.h"

/* The policy engine. Everything here is a pure function of its input: no
 * store, no clock, no globals, so it can be checked second by second.
 *
 * next_change works by walking the instants at which some input changes (a
 * stage change, admission, an agreement taking effect, an override's start or end, a
 * window occurrence's start or end, a window being added or removed) and
 * deciding afresh at each, until the answer differs. Weekly windows repeat,
 * so once every one-off event is behind and LOOKAHEAD_DAYS have passed
 * without a change, nothing will ever change. */

#define SECONDS_PER_DAY 86400
#define USEC_PER_DAY ((gint64) SECONDS_PER_DAY * G_USEC_PER_SEC)
/* Window occurrences are at most a day and an hour long (24 h plus a clock
 * change), so those starting two days before an instant cover it. */
#define LOOKBACK_DAYS 2
/* How far ahead weekly occurrences are looked for from any point: two weeks
 * and a day, because the night clocks go forward can swallow a whole
 * occurrence (a 01:15–01:45 window that night never runs), leaving the next
 * one up to fourteen days away. */
#define LOOKAHEAD_DAYS 15

static const char * const live_view_names[] = {
  [VIGIL_LIVE_VIEW_ALLOWED] = "allowed",
  [VIGIL_LIVE_VIEW_REASON_REQUIRED] = "reason-required",
  [VIGIL_LIVE_VIEW_DENIED] = "denied",
};

static const char * const state_names[] = {
  [VIGIL_STATE_NONE] = "none",
  [VIGIL_STATE_STAGE_1] = "1",
  [VIGIL_STATE_STAGE_2] = "2",
  [VIGIL_STATE_STAGE_3] = "3",
  [VIGIL_STATE_STAGE_4] = "4",
  [VIGIL_STATE_OFF] = "off",
};

const char *
vigil_live_view_to_string (VigilLiveView live_view)
{
  g_return_val_if_fail (live_view <= VIGIL_LIVE_VIEW_DENIED, NULL);

  return live_view_names[live_view];
}

const char *
vigil_family_state_to_string (VigilFamilyState state)
{
  g_return_val_if_fail (state <= VIGIL_STATE_OFF, NULL);

  return state_names[state];
}

gboolean
vigil_family_state_from_string (const char        *text,
                                VigilFamilyState  *state,
                                GError           **error)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = VIGIL_STATE_STAGE_1; i <= VIGIL_STATE_OFF; i++)
    {
      if (g_strcmp0 (text, state_names[i]) == 0)
        {
          *state = (VigilFamilyState) i;
          return TRUE;
        }
    }

  {
    g_autofree char *shown = vigil_text_quote (text ? text : "");
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("unknown stage “%s”: expected 1, 2, 3, 4 or off"), shown);
  }
  return FALSE;
}

/* Local time → instant
 * ------------------------------------------------------------------------ */

gint64
vigil_policy_local_to_instant (GTimeZone *zone,
                               int        year,
                               int        month,
                               int        day,
                               guint      minute_of_day)
{
  g_autoptr(GDateTime) wall = NULL;

  g_return_val_if_fail (zone != NULL, 0);
  g_return_val_if_fail (minute_of_day < 24 * 60, 0);

  /* The wall-clock reading as if it were UTC. */
  wall = g_date_time_new_utc (year, month, day, minute_of_day / 60, minute_of_day % 60, 0);
  g_return_val_if_fail (wall != NULL, 0);

  return vigil_time_local_to_instant (zone, g_date_time_to_unix (wall)) * G_USEC_PER_SEC;
}

/* Window occurrences
 * ------------------------------------------------------------------------ */

typedef struct
{
  gint64                    start;
  gint64                    end;
  const VigilPolicyWindow  *window;
} Occurrence;

/* Monday = 0 … Sunday = 6, as VigilDays' bits. */
static guint
day_bit (GDateTime *date)
{
  return 1u << (g_date_time_get_day_of_week (date) - 1);
}

/* The occurrence of @window starting on the local date of @date, clipped to
 * the time the window existed. FALSE when there is none. */
static gboolean
occurrence_on (const VigilPolicyWindow *window,
               GTimeZone               *zone,
               GDateTime               *date,
               Occurrence              *out)
{
  g_autoptr(GDateTime) next_day = NULL;
  int y, m, d;

  if (window->days != 0)
    {
      if ((window->days & day_bit (date)) == 0)
        return FALSE;
    }
  else
    {
      g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
      if (g_strcmp0 (iso, window->date) != 0)
        return FALSE;
    }

  g_date_time_get_ymd (date, &y, &m, &d);
  out->start = vigil_policy_local_to_instant (zone, y, m, d, window->start_minute);

  if (window->end_minute > window->start_minute)
    out->end = vigil_policy_local_to_instant (zone, y, m, d, window->end_minute);
  else
    {
      next_day = g_date_time_add_days (date, 1);
      g_date_time_get_ymd (next_day, &y, &m, &d);
      out->end = vigil_policy_local_to_instant (zone, y, m, d, window->end_minute);
    }

  out->start = MAX (out->start, window->valid_from);
  if (window->valid_until != 0)
    out->end = MIN (out->end, window->valid_until);
  out->window = window;

  return out->end > out->start;
}

/* Calls @func for every occurrence of every window starting on a local date
 * from @first_day to @last_day (noon of each, in the site's zone). */
typedef void (*OccurrenceFunc) (const Occurrence *occurrence,
                                gpointer          user_data);

static void
foreach_occurrence (const VigilPolicyInput *input,
                    gint64                  around,
                    int                     first_day,
                    int                     last_day,
                    OccurrenceFunc          func,
                    gpointer                user_data)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (around / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, input->zone);
  g_autoptr(GDateTime) noon = NULL;
  int y, m, d;

  g_date_time_get_ymd (local, &y, &m, &d);
  noon = g_date_time_new (input->zone, y, m, d, 12, 0, 0);

  for (int offset = first_day; offset <= last_day; offset++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (noon, offset);

      for (guint i = 0; i < input->n_windows; i++)
        {
          Occurrence occurrence;

          if (occurrence_on (&input->windows[i], input->zone, date, &occurrence))
            func (&occurrence, user_data);
        }
    }
}

typedef struct
{
  gint64                   from;
  gint64                   to;
  VigilPolicyWindowRunFunc func;
  gpointer                 user_data;
} RunsInRange;

static void
report_if_in_range (const Occurrence *occurrence,
                    gpointer          user_data)
{
  RunsInRange *range = user_data;

  if (occurrence->start < range->to && occurrence->end > range->from)
    range->func (occurrence->window, occurrence->start, occurrence->end, range->user_data);
}

void
vigil_policy_foreach_window_run (const VigilPolicyInput   *input,
                                 gint64                    from,
                                 gint64                    to,
                                 VigilPolicyWindowRunFunc  func,
                                 gpointer                  user_data)
{
  RunsInRange range = { from, to, func, user_data };
  gint64 days;

  g_return_if_fail (input != NULL && input->zone != NULL);
  g_return_if_fail (func != NULL);

  if (to <= from)
    return;

  /* Local dates from those whose runs could still be going at @from to
   * beyond the one @to falls on: a local day may be an hour short, so a
   * span of whole days can cross one date more than it lasts. */
  days = (to - from) / USEC_PER_DAY + 2;
  g_return_if_fail (days < G_MAXINT);
  foreach_occurrence (input, from, -LOOKBACK_DAYS, (int) days, report_if_in_range, &range);
}

/* Deciding at one instant
 * ------------------------------------------------------------------------ */

typedef struct
{
  gint64                   at;
  const VigilPolicyWindow *active;       /* one active window, for the basis */
  const VigilPolicyWindow *active_audio; /* an active window with audio, if any */
  gint64                   active_end;
} ActiveWindows;

static void
note_if_active (const Occurrence *occurrence,
                gpointer          user_data)
{
  ActiveWindows *active = user_data;

  if (occurrence->start <= active->at && active->at < occurrence->end)
    {
      if (active->active == NULL)
        {
          active->active = occurrence->window;
          active->active_end = occurrence->end;
        }
      if (occurrence->window->audio && active->active_audio == NULL)
        active->active_audio = occurrence->window;
    }
}

static VigilFamilyState
state_at (const VigilPolicyInput *input,
          gint64                  at)
{
  VigilFamilyState state = VIGIL_STATE_NONE;

  for (guint i = 0; i < input->n_stages && input->stages[i].effective_at <= at; i++)
    state = input->stages[i].state;

  return state;
}

static const VigilPolicyOverride *
override_at (const VigilPolicyInput *input,
             gint64                  at)
{
  const VigilPolicyOverride *running = NULL;

  /* Of overlapping ones (a renewal), the one that runs longest. */
  for (guint i = 0; i < input->n_overrides; i++)
    if (input->overrides[i].start <= at && at < input->overrides[i].end &&
        (running == NULL || input->overrides[i].end > running->end))
      running = &input->overrides[i];

  return running;
}

/* The agreement in force at @at: the last with from <= @at, or NULL. */
static const VigilPolicyAgreement *
agreement_at (const VigilPolicyInput *input,
              gint64                  at)
{
  const VigilPolicyAgreement *in_force = NULL;

  for (guint i = 0; i < input->n_agreements; i++)
    if (input->agreements[i].from <= at)
      in_force = &input->agreements[i];

  return in_force;
}

static char *
format_local (const VigilPolicyInput *input,
              gint64                  instant,
              const char             *format)
{
  return vigil_time_format_local (instant, input->zone, format);
}

/* Why audio is or is not recorded, for the basis. */
static const char *
audio_words (const VigilPolicyInput     *input,
             const VigilPolicyAgreement *agreement,
             gboolean                 window_audio,
             gboolean                 in_window,
             gboolean                *record_audio)
{
  *record_audio = FALSE;

  if (!input->camera_has_audio)
    return _("video only: the camera has no microphone");
  if (agreement == NULL || !agreement->covers_audio)
    return _("video only: the agreement does not cover audio");
  if (in_window && !window_audio)
    return _("video only: the window does not include audio");

  *record_audio = TRUE;
  return _("video and audio");
}

static void
decide_family_room (const VigilPolicyInput *input,
                    gint64                  at,
                    VigilPolicyDecision    *decision)
{
  const VigilPolicyOverride *override;
  VigilFamilyState state;
  const VigilPolicyAgreement *agreement;
  gboolean placed;
  const char *label = input->family_label ? input->family_label : _("the family");
  const char *room = input->room ? input->room : _("this room");

  placed = input->has_family && at >= input->placed_from &&
           (input->placed_until == 0 || at < input->placed_until);
  state = placed ? state_at (input, at) : VIGIL_STATE_NONE;

  if (!placed || state == VIGIL_STATE_NONE)
    {
      decision->live_view = VIGIL_LIVE_VIEW_DENIED;
      decision->basis = g_strdup_printf (_("%s has no family placed: nothing is recorded and the room may not be viewed"),
                                         room);
      return;
    }

  agreement = agreement_at (input, at);
  override = override_at (input, at);

  if (override != NULL)
    {
      g_autofree char *until = format_local (input, override->end, "%Y-%m-%d %H:%M %Z");
      const char *audio = audio_words (input, agreement, FALSE, FALSE, &decision->record_audio);

      decision->record = TRUE;
      decision->live_view = VIGIL_LIVE_VIEW_ALLOWED;
      decision->basis = g_strdup_printf (_("safeguarding override for %s running until %s: recording %s"),
                                         label, until, audio);
      return;
    }

  if (agreement == NULL)
    {
      decision->live_view = VIGIL_LIVE_VIEW_REASON_REQUIRED;
      decision->basis = g_strdup_printf (_("no signed CCTV and audio agreement for %s: not recording; live view only for a safeguarding concern, with the reason logged"),
                                         label);
      return;
    }

  switch (state)
    {
    case VIGIL_STATE_STAGE_1:
    case VIGIL_STATE_STAGE_2:
      {
        const char *audio = audio_words (input, agreement, FALSE, FALSE, &decision->record_audio);

        decision->record = TRUE;
        decision->live_view = VIGIL_LIVE_VIEW_ALLOWED;
        decision->basis = g_strdup_printf (_("%s at stage %d: recording continuously, %s"),
                                           label, (int) state, audio);
        return;
      }

    case VIGIL_STATE_STAGE_3:
    case VIGIL_STATE_STAGE_4:
      {
        ActiveWindows active = { at, NULL, NULL, 0 };

        foreach_occurrence (input, at, -LOOKBACK_DAYS, 0, note_if_active, &active);
        if (active.active != NULL)
          {
            const VigilPolicyWindow *shown = active.active_audio ? active.active_audio : active.active;
            const char *audio = audio_words (input, agreement, active.active_audio != NULL, TRUE,
                                             &decision->record_audio);

            decision->record = TRUE;
            decision->live_view = VIGIL_LIVE_VIEW_ALLOWED;
            decision->basis = g_strdup_printf (_("%s at stage %d, inside the “%s” observation window (%02u:%02u–%02u:%02u): recording %s"),
                                               label, (int) state, shown->purpose ? shown->purpose : "",
                                               shown->start_minute / 60, shown->start_minute % 60,
                                               shown->end_minute / 60, shown->end_minute % 60,
                                               audio);
            return;
          }

        decision->live_view = VIGIL_LIVE_VIEW_REASON_REQUIRED;
        decision->basis = g_strdup_printf (_("%s at stage %d, outside every observation window: not recording; live view only for a safeguarding concern, with the reason logged"),
                                           label, (int) state);
        return;
      }

    case VIGIL_STATE_OFF:
    case VIGIL_STATE_NONE:
    default:
      decision->live_view = VIGIL_LIVE_VIEW_REASON_REQUIRED;
      decision->basis = g_strdup_printf (_("recording is off for %s: live view only for a safeguarding concern, with the reason logged"),
                                         label);
      return;
    }
}

static void
decide_now (const VigilPolicyInput *input,
            gint64                  at,
            VigilPolicyDecision    *decision)
{
  *decision = (VigilPolicyDecision) { FALSE, FALSE, VIGIL_LIVE_VIEW_DENIED, FALSE, NULL, 0 };

  if (input->location == VIGIL_LOCATION_COMMUNAL)
    {
      decision->record = TRUE;
      decision->live_view = VIGIL_LIVE_VIEW_ALLOWED;
      decision->basis = g_strdup (_("communal camera: video is always recorded, audio never; any logged-in operator may view it live"));
      return;
    }

  decide_family_room (input, at, decision);

  /* Live audio follows live view (DESIGN.md), where there is a microphone. */
  decision->live_audio = input->camera_has_audio && decision->live_view != VIGIL_LIVE_VIEW_DENIED;
}

/* The next change
 * ------------------------------------------------------------------------ */

/* Instants at which some input changes, gathered for one stretch of time. */
typedef struct
{
  gint64  after;
  gint64  until;
  GArray *instants;  /* gint64 */
} Boundaries;

static void
add_boundary (Boundaries *boundaries,
              gint64      instant)
{
  if (instant > boundaries->after && instant <= boundaries->until)
    g_array_append_val (boundaries->instants, instant);
}

static void
add_occurrence (const Occurrence *occurrence,
                gpointer          user_data)
{
  add_boundary (user_data, occurrence->start);
  add_boundary (user_data, occurrence->end);
}

static void
add_one_off (const VigilPolicyInput  *input,
             const VigilPolicyWindow *window,
             Boundaries              *boundaries,
             gint64                  *last_fixed)
{
  g_autoptr(GDateTime) noon = NULL;
  Occurrence occurrence;
  int y, m, d;

  if (window->date == NULL || sscanf (window->date, "%d-%d-%d", &y, &m, &d) != 3)
    return;

  noon = g_date_time_new (input->zone, y, m, d, 12, 0, 0);
  if (noon != NULL && occurrence_on (window, input->zone, noon, &occurrence))
    {
      add_boundary (boundaries, occurrence.start);
      add_boundary (boundaries, occurrence.end);
      *last_fixed = MAX (*last_fixed, occurrence.end);
    }
}

/* Inputs that change at set instants rather than every week; returns the
 * last such instant. */
static gint64
add_fixed_boundaries (const VigilPolicyInput *input,
                      Boundaries             *boundaries)
{
  gint64 fixed[] = { input->placed_from, input->placed_until };
  gint64 last_fixed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      add_boundary (boundaries, fixed[i]);
      last_fixed = MAX (last_fixed, fixed[i]);
    }

  for (guint i = 0; i < input->n_agreements; i++)
    {
      add_boundary (boundaries, input->agreements[i].from);
      last_fixed = MAX (last_fixed, input->agreements[i].from);
    }

  for (guint i = 0; i < input->n_stages; i++)
    {
      add_boundary (boundaries, input->stages[i].effective_at);
      last_fixed = MAX (last_fixed, input->stages[i].effective_at);
    }

  for (guint i = 0; i < input->n_overrides; i++)
    {
      add_boundary (boundaries, input->overrides[i].start);
      add_boundary (boundaries, input->overrides[i].end);
      last_fixed = MAX (last_fixed, input->overrides[i].end);
    }

  for (guint i = 0; i < input->n_windows; i++)
    {
      const VigilPolicyWindow *window = &input->windows[i];

      add_boundary (boundaries, window->valid_from);
      add_boundary (boundaries, window->valid_until);
      last_fixed = MAX (last_fixed, MAX (window->valid_from, window->valid_until));
      if (window->days == 0)
        add_one_off (input, window, boundaries, &last_fixed);
    }

  return last_fixed;
}

static int
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

gboolean
vigil_policy_decision_same (const VigilPolicyDecision *a,
                            const VigilPolicyDecision *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->record == b->record &&
         a->record_audio == b->record_audio &&
         a->live_view == b->live_view &&
         a->live_audio == b->live_audio;
}

/* Walks forward a stretch of LOOKAHEAD_DAYS at a time, deciding afresh at
 * every boundary in it, until the answer differs or no change can come. */
static gint64
find_next_change (const VigilPolicyInput    *input,
                  gint64                     at,
                  const VigilPolicyDecision *now)
{
  g_autoptr(GArray) instants = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 stretch = LOOKAHEAD_DAYS * USEC_PER_DAY;

  for (gint64 after = at; ; after += stretch)
    {
      Boundaries boundaries = { after, after + stretch, instants };
      gint64 last_fixed, previous = G_MININT64;

      g_array_set_size (instants, 0);
      last_fixed = add_fixed_boundaries (input, &boundaries);
      /* Local days, with a margin either side of the UTC stretch. */
      foreach_occurrence (input, after, -LOOKBACK_DAYS, LOOKAHEAD_DAYS + 2, add_occurrence, &boundaries);
      g_array_sort (instants, compare_instants);

      for (guint i = 0; i < instants->len; i++)
        {
          g_auto(VigilPolicyDecision) then = { 0 };
          gint64 candidate = g_array_index (instants, gint64, i);

          if (candidate == previous)
            continue;
          previous = candidate;

          decide_now (input, candidate, &then);
          if (!vigil_policy_decision_same (now, &then))
            return candidate;
        }

      /* A whole stretch past every fixed event without a change: only
       * weekly windows are left, and they repeat, so none ever comes. */
      if (after > MAX (last_fixed, at))
        return 0;
    }
}



/**
 * vigil_policy_decide:
 * @input: the camera, its family and everything recorded about them
 * @at: the instant, in microseconds since the epoch
 * @decision: (out caller-allocates): the answer; clear it with
 *   vigil_policy_decision_clear()
 *
 * Applies DESIGN.md's table. The answer is record, record_audio, live_view
 * and live_audio; basis says why; next_change is the first instant after @at
 * at which any of the four differs, or 0 when none ever will.
 */
void
vigil_policy_decide (const VigilPolicyInput *input,
                     gint64                  at,
                     VigilPolicyDecision    *decision)
{
  g_return_if_fail (input != NULL);
  g_return_if_fail (input->zone != NULL);
  g_return_if_fail (decision != NULL);

  decide_now (input, at, decision);
  decision->next_change = find_next_change (input, at, decision);
}

void
vigil_policy_decision_clear (VigilPolicyDecision *decision)
{
  g_clear_pointer (&decision->basis, g_free);
}
