/* vigil-recording-plan.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-recording-plan.h"

typedef struct
{
  VigilPlanInterval interval;
  guint             id;
} Entry;

struct _VigilRecordingPlan
{
  GMutex  lock;
  GArray *entries;        /* Entry, by start */
  guint   next_id;
  guint   generation;     /* bumped whenever the intervals change */
  gint64  segment_us;

  /* The open segment */
  gboolean open;
  gint64   open_start;
  guint    open_id;       /* its interval's */
  gint64   open_end;      /* its interval's end */
  gboolean open_audio;
};

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  vigil_plan_interval_clear (&entry->interval);
}

void
vigil_plan_interval_clear (VigilPlanInterval *interval)
{
  g_clear_pointer (&interval->basis, g_free);
}

static void
interval_copy (VigilPlanInterval       *to,
               const VigilPlanInterval *from)
{
  *to = *from;
  to->basis = g_strdup (from->basis);
}

GArray *
vigil_plan_intervals_new (void)
{
  GArray *intervals = g_array_new (FALSE, TRUE, sizeof (VigilPlanInterval));

  g_array_set_clear_func (intervals, (GDestroyNotify) vigil_plan_interval_clear);
  return intervals;
}

VigilRecordingPlan *
vigil_recording_plan_new (gint64 segment_us)
{
  VigilRecordingPlan *plan = g_new0 (VigilRecordingPlan, 1);

  g_mutex_init (&plan->lock);
  plan->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (plan->entries, entry_clear);
  plan->next_id = 1;
  plan->segment_us = segment_us;
  return plan;
}

void
vigil_recording_plan_free (VigilRecordingPlan *plan)
{
  if (plan == NULL)
    return;
  g_array_unref (plan->entries);
  g_mutex_clear (&plan->lock);
  g_free (plan);
}

void
vigil_recording_plan_set_segment_length (VigilRecordingPlan *plan,
                                         gint64              segment_us)
{
  g_mutex_lock (&plan->lock);
  plan->segment_us = segment_us;
  g_mutex_unlock (&plan->lock);
}

static const Entry *
find_entry (VigilRecordingPlan *plan,
            gint64              at)
{
  for (guint i = 0; i < plan->entries->len; i++)
    {
      const Entry *entry = &g_array_index (plan->entries, Entry, i);

      if (entry->interval.start <= at && at < entry->interval.end)
        return entry;
    }
  return NULL;
}

/* The identity an incoming interval keeps: the old interval it is, or the
 * one it continues from @now on; 0 for a new one. */
static guint
same_as_before (VigilRecordingPlan      *plan,
                const VigilPlanInterval *interval,
                gint64                   now)
{
  for (guint i = 0; i < plan->entries->len; i++)
    {
      const Entry *old = &g_array_index (plan->entries, Entry, i);

      if (old->interval.end != interval->end || old->interval.audio != interval->audio)
        continue;
      if (old->interval.start == interval->start ||
          (old->interval.start <= interval->start && interval->start <= now))
        return old->id;
    }
  return 0;
}

gboolean
vigil_recording_plan_set_intervals (VigilRecordingPlan      *plan,
                                    const VigilPlanInterval *intervals,
                                    guint                    n_intervals,
                                    gint64                   now)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  gboolean changed;

  g_return_val_if_fail (plan != NULL, FALSE);

  g_array_set_clear_func (entries, entry_clear);

  g_mutex_lock (&plan->lock);
  changed = n_intervals != plan->entries->len;
  for (guint i = 0; i < n_intervals; i++)
    {
      Entry entry = { 0 };
      guint id = same_as_before (plan, &intervals[i], now);

      interval_copy (&entry.interval, &intervals[i]);
      /* Kept whole: the start stays the one the segment was opened in. */
      if (id != 0)
        {
          for (guint j = 0; j < plan->entries->len; j++)
            if (g_array_index (plan->entries, Entry, j).id == id)
              entry.interval.start = g_array_index (plan->entries, Entry, j).interval.start;
        }
      else
        changed = TRUE;
      entry.id = id != 0 ? id : plan->next_id++;
      g_array_append_val (entries, entry);
    }
  g_array_unref (plan->entries);
  plan->entries = g_steal_pointer (&entries);
  if (changed)
    plan->generation++;
  g_mutex_unlock (&plan->lock);

  return changed;
}

gboolean
vigil_recording_plan_lookup (VigilRecordingPlan *plan,
                             gint64              at,
                             VigilPlanInterval  *interval)
{
  const Entry *entry;

  g_return_val_if_fail (plan != NULL, FALSE);

  g_mutex_lock (&plan->lock);
  entry = find_entry (plan, at);
  if (entry != NULL && interval != NULL)
    interval_copy (interval, &entry->interval);
  g_mutex_unlock (&plan->lock);

  return entry != NULL;
}

gint64
vigil_recording_plan_get_horizon (VigilRecordingPlan *plan)
{
  gint64 horizon = 0;

  g_mutex_lock (&plan->lock);
  if (plan->entries->len > 0)
    horizon = g_array_index (plan->entries, Entry, plan->entries->len - 1).interval.end;
  g_mutex_unlock (&plan->lock);
  return horizon;
}

static void
open_at (VigilRecordingPlan *plan,
         const Entry        *entry,
         gint64              at)
{
  plan->open = TRUE;
  plan->open_start = at;
  plan->open_id = entry->id;
  plan->open_end = entry->interval.end;
  plan->open_audio = entry->interval.audio;
}

VigilPlanAction
vigil_recording_plan_video (VigilRecordingPlan *plan,
                            gint64              at,
                            gboolean            keyframe,
                            gboolean            may_open)
{
  VigilPlanAction action = VIGIL_PLAN_SKIP;
  const Entry *entry;

  g_return_val_if_fail (plan != NULL, VIGIL_PLAN_SKIP);

  g_mutex_lock (&plan->lock);
  entry = find_entry (plan, at);

  if (plan->open)
    {
      /* A frame from before the segment's start (the camera's clock went
       * back on a reconnection) is not written into it. */
      if (entry == NULL || at < plan->open_start)
        {
          plan->open = FALSE;
          action = VIGIL_PLAN_CLOSE;
        }
      else if (!keyframe ||
               (entry->id == plan->open_id && at - plan->open_start < plan->segment_us))
        action = VIGIL_PLAN_WRITE;
      else if (may_open)
        {
          open_at (plan, entry, at);
          action = VIGIL_PLAN_ROLL;
        }
      else
        {
          plan->open = FALSE;
          action = VIGIL_PLAN_CLOSE;
        }
    }
  else if (entry != NULL && keyframe && may_open)
    {
      open_at (plan, entry, at);
      action = VIGIL_PLAN_OPEN;
    }

  g_mutex_unlock (&plan->lock);
  return action;
}

gboolean
vigil_recording_plan_audio (VigilRecordingPlan *plan,
                            gint64              at)
{
  const Entry *entry;
  gboolean write;

  g_return_val_if_fail (plan != NULL, FALSE);

  g_mutex_lock (&plan->lock);
  entry = find_entry (plan, at);
  write = plan->open && plan->open_audio && at >= plan->open_start && entry != NULL && entry->interval.audio;
  g_mutex_unlock (&plan->lock);
  return write;
}

gboolean
vigil_recording_plan_segment_audio (VigilRecordingPlan *plan)
{
  gboolean audio;

  g_mutex_lock (&plan->lock);
  audio = plan->open && plan->open_audio;
  g_mutex_unlock (&plan->lock);
  return audio;
}

gboolean
vigil_recording_plan_is_open (VigilRecordingPlan *plan)
{
  gboolean open;

  g_mutex_lock (&plan->lock);
  open = plan->open;
  g_mutex_unlock (&plan->lock);
  return open;
}

gboolean
vigil_recording_plan_due_to_close (VigilRecordingPlan *plan,
                                   gint64              now,
                                   gint64              grace_us)
{
  gboolean due = FALSE;

  g_mutex_lock (&plan->lock);
  if (plan->open)
    {
      const Entry *entry = find_entry (plan, now - grace_us);

      /* The interval the segment was opened in ended (or was taken back
       * by a policy change) and no frame came to say so. */
      due = (plan->open_end != G_MAXINT64 && now - grace_us >= plan->open_end) ||
            (entry == NULL && find_entry (plan, now) == NULL);
      if (due)
        plan->open = FALSE;
    }
  g_mutex_unlock (&plan->lock);
  return due;
}

guint
vigil_recording_plan_get_generation (VigilRecordingPlan *plan)
{
  guint generation;

  g_mutex_lock (&plan->lock);
  generation = plan->generation;
  g_mutex_unlock (&plan->lock);
  return generation;
}

gint64
vigil_recording_plan_open_until (VigilRecordingPlan *plan)
{
  gint64 until = G_MAXINT64;

  g_mutex_lock (&plan->lock);
  if (plan->open)
    {
      const Entry *entry = find_entry (plan, plan->open_start);

      until = plan->open_start;
      /* Intervals that follow on without a break. */
      while (entry != NULL)
        {
          until = entry->interval.end;
          entry = until == G_MAXINT64 ? NULL : find_entry (plan, until);
        }
    }
  g_mutex_unlock (&plan->lock);
  return until;
}

void
vigil_recording_plan_closed (VigilRecordingPlan *plan)
{
  g_mutex_lock (&plan->lock);
  plan->open = FALSE;
  g_mutex_unlock (&plan->lock);
}

/* Reading the policy */

static void
append_interval (GArray                    *intervals,
                 gint64                     start,
                 gint64                     end,
                 gboolean                   audio,
                 const char                *basis)
{
  if (intervals->len > 0)
    {
      VigilPlanInterval *last = &g_array_index (intervals, VigilPlanInterval, intervals->len - 1);

      /* Two decisions that record alike (they differ in what the console
       * may show) are one interval for the recorder. */
      if (last->end == start && last->audio == audio)
        {
          last->end = end;
          return;
        }
    }

  g_array_append_vals (intervals, &(VigilPlanInterval) {
    .start = start, .end = end, .audio = audio, .basis = g_strdup (basis),
  }, 1);
}

gboolean
vigil_recording_plan_read_policy (VigilSite   *site,
                                  const char  *camera,
                                  gboolean     camera_has_audio,
                                  gint64       from,
                                  gint64       to,
                                  guint        max_intervals,
                                  GArray      *intervals,
                                  GError     **error)
{
  gint64 at = from;

  g_return_val_if_fail (VIGIL_IS_SITE (site), FALSE);
  g_return_val_if_fail (camera != NULL && intervals != NULL, FALSE);

  /* A policy changes what the console may show more often than what is
   * recorded: the steps are bounded apart from the intervals. */
  for (guint steps = 0; at < to && intervals->len < max_intervals && steps < 64; steps++)
    {
      g_auto(VigilPolicyDecision) decision = { 0 };
      gint64 end;

      if (!vigil_site_explain_camera (site, camera, at, &decision, error))
        return FALSE;

      end = decision.next_change > at ? decision.next_change : G_MAXINT64;
      if (decision.record)
        append_interval (intervals, at, end, decision.record_audio && camera_has_audio, decision.basis);
      at = end;
    }

  return TRUE;
}
