/* policy-reference.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "policy-fixture.h"

/* DESIGN.md's table read independently of the engine, for the property test
 * in test-policy-property.c: the answer expected at an instant, with the
 * window occurrences worked out here with vigil_policy_local_to_instant(). */

typedef struct
{
  gboolean      record;
  gboolean      record_audio;
  VigilLiveView live_view;
  gboolean      live_audio;
} Answer;

/* The local date, in Europe/London, of @at. */
static inline void
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

/* The occurrence of @window starting on local @date, as DESIGN.md has it,
 * clipped to when the window existed. */
static inline gboolean
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
static inline void
reference_answer (const VigilPolicyInput *input,
                  gint64                  at,
                  Answer                 *answer)
{
  VigilFamilyState state = VIGIL_STATE_NONE;
  gboolean placed, agreed, audio_agreed, override = FALSE, in_window = FALSE, window_audio = FALSE;
  const VigilPolicyAgreement *agreement = NULL;

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

  /* The agreement in force: the last one signed by then. */
  for (guint i = 0; i < input->n_agreements; i++)
    if (input->agreements[i].from <= at)
      agreement = &input->agreements[i];
  agreed = agreement != NULL;
  audio_agreed = agreed && agreement->covers_audio && input->camera_has_audio;

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
