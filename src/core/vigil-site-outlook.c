/* vigil-site-outlook.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-override.h"
#include "vigil-policy-private.h"
#include "vigil-site-policy-private.h"
#include "vigil-site-private.h"
#include "vigil-stage-change.h"
#include "vigil-store-centre.h"
#include "vigil-window.h"
#include "vigil-site-outlook.h"

/* A family's coming days as the policy timeline draws them, with a change
 * not yet saved laid over a copy of what the store holds. Each proposal is
 * applied by the rule its saving call follows (vigil-site-family.c,
 * vigil-site-override.c), so the picture before saving is the picture
 * after. Nothing here writes. */

#define MINUTES_PER_DAY (24 * 60)
/* Far enough for any planning view; it also keeps the walk inside the
 * calendar GDateTime knows. */
#define MAX_OUTLOOK_DAYS 366

void
vigil_outlook_item_clear (VigilOutlookItem *item)
{
  g_return_if_fail (item != NULL);

  g_clear_pointer (&item->label, g_free);
}

/* The proposal applied */

/* The source's input pointing at copies of its arrays, changed by the
 * proposal. */
typedef struct
{
  VigilPolicyInput  input;
  GArray           *stages;     /* VigilPolicyStage */
  GArray           *windows;    /* VigilPolicyWindow */
  GArray           *overrides;  /* VigilPolicyOverride */
  GArray           *agreements; /* VigilPolicyAgreement */
} Draft;

static void
draft_clear (Draft *draft)
{
  g_clear_pointer (&draft->stages, g_array_unref);
  g_clear_pointer (&draft->windows, g_array_unref);
  g_clear_pointer (&draft->overrides, g_array_unref);
  g_clear_pointer (&draft->agreements, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Draft, draft_clear)

/* The stage changes in force, as the store lists them, leaving out those
 * @drop says go. */
typedef gboolean (*DropChange) (VigilStageChange *change,
                                guint             index,
                                gpointer          user_data);

static void
draft_stages_from (Draft                   *draft,
                   const VigilPolicySource *source,
                   DropChange               drop,
                   gpointer                 user_data)
{
  g_array_set_size (draft->stages, 0);
  for (guint i = 0; i < source->changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (source->changes, i);
      VigilPolicyStage stage = {
        vigil_stage_change_get_effective_at (change),
        vigil_stage_change_get_to_state (change),
      };

      if (vigil_stage_change_get_cancelled_at (change) == 0 && !drop (change, i, user_data))
        g_array_append_val (draft->stages, stage);
    }
}

typedef struct
{
  gint64 now;
  gint64 effective_at;
} Overtaking;

/* As vigil_site_set_stage(): the latest decision replaces every change
 * scheduled at or after its own time; the admission entry stays. */
static gboolean
is_overtaken (VigilStageChange *change,
              guint             index,
              gpointer          user_data)
{
  Overtaking *overtaking = user_data;

  return vigil_stage_change_is_pending (change, overtaking->now) &&
         vigil_stage_change_get_effective_at (change) >= overtaking->effective_at &&
         vigil_stage_change_get_from_state (change) != VIGIL_STATE_NONE;
}

static void
propose_stage (Draft                     *draft,
               const VigilPolicySource   *source,
               const VigilPolicyProposal *proposal,
               gint64                     now)
{
  VigilPolicyStage proposed = { proposal->effective_at != 0 ? proposal->effective_at : now, proposal->state };
  Overtaking overtaking = { now, proposed.effective_at };
  guint at = 0;

  /* Not a state the store would take: the picture stays as it is. */
  if (proposal->state < VIGIL_STATE_STAGE_1 || proposal->state > VIGIL_STATE_OFF)
    return;

  draft_stages_from (draft, source, is_overtaken, &overtaking);

  /* After every change at the same instant: the store lists a newer one
   * after them, and the last one there is the one in force. */
  while (at < draft->stages->len &&
         g_array_index (draft->stages, VigilPolicyStage, at).effective_at <= proposed.effective_at)
    at++;
  g_array_insert_val (draft->stages, at, proposed);
}

typedef struct
{
  gint64 now;
  guint  target;
} Cancelling;

/* As vigil_site_cancel_stage_change(): the change goes with every one
 * scheduled after it, which were planned on top of it. */
static gboolean
is_cancelled_with (VigilStageChange *change,
                   guint             index,
                   gpointer          user_data)
{
  Cancelling *cancelling = user_data;

  return index >= cancelling->target && vigil_stage_change_is_pending (change, cancelling->now);
}

static void
propose_cancel_stage (Draft                     *draft,
                      const VigilPolicySource   *source,
                      const VigilPolicyProposal *proposal,
                      gint64                     now)
{
  for (guint i = 0; i < source->changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (source->changes, i);
      Cancelling cancelling = { now, i };

      if (vigil_stage_change_get_id (change) != proposal->id)
        continue;

      /* One the saving call would refuse to cancel changes nothing. */
      if (vigil_stage_change_is_pending (change, now) &&
          vigil_stage_change_get_from_state (change) != VIGIL_STATE_NONE)
        draft_stages_from (draft, source, is_cancelled_with, &cancelling);
      return;
    }
}

static void
propose_add_window (Draft                     *draft,
                    const VigilPolicyProposal *proposal,
                    gint64                     now)
{
  VigilPolicyWindow window = {
    .days = proposal->days,
    .date = proposal->date,
    .start_minute = proposal->start_minute,
    .end_minute = proposal->end_minute,
    .audio = proposal->audio,
    .purpose = proposal->purpose,
    .valid_from = now,
    .valid_until = 0,
  };

  /* A time of day that does not exist cannot be drawn (nor saved). */
  if (proposal->start_minute >= MINUTES_PER_DAY || proposal->end_minute >= MINUTES_PER_DAY)
    return;

  /* Last, as the store lists windows by id. */
  g_array_append_val (draft->windows, window);
}

static void
propose_remove_window (Draft                     *draft,
                       const VigilPolicySource   *source,
                       const VigilPolicyProposal *proposal,
                       gint64                     now)
{
  for (guint i = 0; i < source->windows->len; i++)
    {
      VigilWindow *window = g_ptr_array_index (source->windows, i);

      /* A window already removed stays removed when it was. */
      if (vigil_window_get_id (window) == proposal->id && vigil_window_get_removed_at (window) == 0)
        g_array_index (draft->windows, VigilPolicyWindow, i).valid_until = now;
    }
}

/* The override running now, as the saving calls find it: the first in the
 * store's order. Its index in @source->overrides, or -1. */
static int
running_override (const VigilPolicySource *source,
                  gint64                   now)
{
  for (guint i = 0; i < source->overrides->len; i++)
    if (vigil_override_is_running (g_ptr_array_index (source->overrides, i), now))
      return (int) i;
  return -1;
}

static void
propose_start_override (Draft                     *draft,
                        const VigilPolicySource   *source,
                        const VigilPolicyProposal *proposal,
                        gint64                     now)
{
  guint hours = proposal->hours != 0 ? proposal->hours : VIGIL_OVERRIDE_DEFAULT_HOURS;
  VigilPolicyOverride started = { now, now + (gint64) hours * G_TIME_SPAN_HOUR };
  int running = running_override (source, now);

  /* A renewal ends the running one now, as vigil_site_start_override()
   * does. */
  if (running >= 0)
    g_array_index (draft->overrides, VigilPolicyOverride, running).end = now;
  g_array_append_val (draft->overrides, started);
}

static void
propose_end_override (Draft                   *draft,
                      const VigilPolicySource *source,
                      gint64                   now)
{
  int running = running_override (source, now);

  if (running >= 0)
    g_array_index (draft->overrides, VigilPolicyOverride, running).end = now;
}

/* Holds from local midnight of its date, after any signed the same day, as
 * vigil_site_record_agreement() files it. */
static void
propose_agreement (Draft                     *draft,
                   VigilSite                 *site,
                   const VigilPolicyProposal *proposal)
{
  VigilPolicyAgreement agreement = { vigil_site_policy_date_start (site, proposal->date), proposal->audio };
  guint at = draft->agreements->len;

  if (agreement.from == 0)
    return;
  while (at > 0 && g_array_index (draft->agreements, VigilPolicyAgreement, at - 1).from > agreement.from)
    at--;
  g_array_insert_val (draft->agreements, at, agreement);
}

static gboolean
is_pending (VigilStageChange *change,
            guint             index,
            gpointer          user_data)
{
  return vigil_stage_change_is_pending (change, *(const gint64 *) user_data);
}

/* As vigil_site_discharge_family() does: placed until the end of the day
 * they leave, nothing scheduled, no override running. */
static void
propose_discharge (Draft                     *draft,
                   VigilSite                 *site,
                   const VigilPolicySource   *source,
                   const VigilPolicyProposal *proposal,
                   gint64                     now)
{
  gint64 until = vigil_site_policy_day_after_start (site, proposal->date);

  if (until == 0)
    return;
  draft->input.placed_until = until;
  draft_stages_from (draft, source, is_pending, &now);
  propose_end_override (draft, source, now);
}

static void
draft_init (Draft                     *draft,
            VigilSite                 *site,
            const VigilPolicySource   *source,
            const VigilPolicyProposal *proposal,
            gint64                     now)
{
  draft->stages = g_array_copy (source->stages);
  draft->windows = g_array_copy (source->policy_windows);
  draft->overrides = g_array_copy (source->policy_overrides);
  draft->agreements = g_array_copy (source->policy_agreements);
  draft->input = source->input;

  switch (proposal != NULL ? proposal->kind : VIGIL_PROPOSAL_NONE)
    {
    case VIGIL_PROPOSAL_STAGE:
      propose_stage (draft, source, proposal, now);
      break;
    case VIGIL_PROPOSAL_CANCEL_STAGE:
      propose_cancel_stage (draft, source, proposal, now);
      break;
    case VIGIL_PROPOSAL_ADD_WINDOW:
      propose_add_window (draft, proposal, now);
      break;
    case VIGIL_PROPOSAL_REMOVE_WINDOW:
      propose_remove_window (draft, source, proposal, now);
      break;
    case VIGIL_PROPOSAL_START_OVERRIDE:
      propose_start_override (draft, source, proposal, now);
      break;
    case VIGIL_PROPOSAL_END_OVERRIDE:
      propose_end_override (draft, source, now);
      break;
    case VIGIL_PROPOSAL_AGREEMENT:
      propose_agreement (draft, site, proposal);
      break;
    case VIGIL_PROPOSAL_DISCHARGE:
      propose_discharge (draft, site, source, proposal, now);
      break;
    case VIGIL_PROPOSAL_NONE:
    default:
      break;
    }

  draft->input.stages = (const VigilPolicyStage *) draft->stages->data;
  draft->input.n_stages = draft->stages->len;
  draft->input.windows = (const VigilPolicyWindow *) draft->windows->data;
  draft->input.n_windows = draft->windows->len;
  draft->input.overrides = (const VigilPolicyOverride *) draft->overrides->data;
  draft->input.n_overrides = draft->overrides->len;
  draft->input.agreements = (const VigilPolicyAgreement *) draft->agreements->data;
  draft->input.n_agreements = draft->agreements->len;
}

/* The picture */

typedef struct
{
  GArray *items;  /* VigilOutlookItem */
  gint64  from;
  gint64  to;
  /* Runs are cut to the placement: a window or override of a family not
   * (or no longer) there runs in an empty room. */
  gint64  placed_from;
  gint64  placed_until;  /* 0: open */
} Outlook;

/* Takes @label. */
static void
add_run (Outlook          *outlook,
         VigilOutlookKind  kind,
         gint64            start,
         gint64            end,
         gboolean          audio,
         char             *label)
{
  VigilOutlookItem item = { kind, MAX (start, outlook->from), MIN (end, outlook->to), audio, label };

  item.start = MAX (item.start, outlook->placed_from);
  if (outlook->placed_until != 0)
    item.end = MIN (item.end, outlook->placed_until);

  if (item.end > item.start)
    g_array_append_val (outlook->items, item);
  else
    g_free (label);
}

/* Takes @label. */
static void
add_instant (Outlook          *outlook,
             VigilOutlookKind  kind,
             gint64            at,
             char             *label)
{
  VigilOutlookItem item = { kind, at, at, FALSE, label };

  if (at >= outlook->from && at < outlook->to)
    g_array_append_val (outlook->items, item);
  else
    g_free (label);
}

static void
add_recording (Outlook                *outlook,
               const VigilPolicyInput *input)
{
  g_autoptr(GArray) intervals = vigil_site_policy_recording_intervals (input, outlook->from, outlook->to);

  for (guint i = 0; i < intervals->len; i++)
    {
      VigilRecordingInterval *interval = &g_array_index (intervals, VigilRecordingInterval, i);
      VigilOutlookItem item = { VIGIL_OUTLOOK_RECORDING, interval->start, interval->end,
                                interval->record_audio, g_steal_pointer (&interval->basis) };

      /* Already within the range and the placement: the policy says so. */
      g_array_append_val (outlook->items, item);
    }
}

static void
add_window_run (const VigilPolicyWindow *window,
                gint64                   start,
                gint64                   end,
                gpointer                 user_data)
{
  add_run (user_data, VIGIL_OUTLOOK_WINDOW, start, end, window->audio, g_strdup (window->purpose));
}

static void
add_overrides (Outlook                *outlook,
               const VigilPolicyInput *input)
{
  for (guint i = 0; i < input->n_overrides; i++)
    add_run (outlook, VIGIL_OUTLOOK_OVERRIDE, input->overrides[i].start, input->overrides[i].end, FALSE,
             g_strdup (_("safeguarding override")));
}

static void
add_stage_changes (Outlook                *outlook,
                   const VigilPolicyInput *input)
{
  for (guint i = 0; i < input->n_stages; i++)
    add_instant (outlook, VIGIL_OUTLOOK_STAGE_CHANGE, input->stages[i].effective_at,
                 g_strdup (vigil_stage_change_describe_state (input->stages[i].state)));
}

/* Every instant in the range at which the zone's offset from UTC changes,
 * to the second: each interval boundary is found by halving, since a
 * zone's interval only ever moves forward with UTC time. */
static void
add_clock_changes (Outlook   *outlook,
                   GTimeZone *zone)
{
  /* The second before the first whole second in range, so a change at
   * @from itself is found; the last whole second in range. */
  gint64 lo = (outlook->from + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC - 1;
  gint64 last = (outlook->to + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC - 1;
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, lo);

  while (lo < last && g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, last) != interval)
    {
      gint64 hi = last;
      gint32 before, after;
      int next;

      while (hi - lo > 1)
        {
          gint64 mid = lo + (hi - lo) / 2;

          if (g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, mid) == interval)
            lo = mid;
          else
            hi = mid;
        }

      next = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, hi);
      before = g_time_zone_get_offset (zone, interval);
      after = g_time_zone_get_offset (zone, next);
      if (after != before)
        {
          const char *from_name = g_time_zone_get_abbreviation (zone, interval);
          const char *to_name = g_time_zone_get_abbreviation (zone, next);
          char *label;

          if (after > before)
            /* Translators: the site's clocks change; the two are time zone
             * abbreviations, as "GMT" and "BST" */
            label = g_strdup_printf (_("clocks go forward, %s to %s"), from_name, to_name);
          else
            /* Translators: as "clocks go forward, %s to %s" */
            label = g_strdup_printf (_("clocks go back, %s to %s"), from_name, to_name);
          add_instant (outlook, VIGIL_OUTLOOK_CLOCK_CHANGE, hi * G_USEC_PER_SEC, label);
        }

      interval = next;
      lo = hi;
    }
}

/* By start; then a fixed order, so that the same outlook always reads the
 * same. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const VigilOutlookItem *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if (x->audio != y->audio)
    return x->audio ? 1 : -1;
  return g_strcmp0 (x->label, y->label);
}

/* Whether a camera looks into the family's room; with none, nothing there
 * records, whatever the rules allow. */
static gboolean
room_has_camera (VigilSite   *self,
                 const char  *room,
                 gboolean    *has_camera,
                 GError     **error)
{
  g_autoptr(GPtrArray) cameras = NULL;

  *has_camera = FALSE;
  if (room == NULL)
    return TRUE;

  cameras = vigil_store_cameras_in_room (vigil_site_get_store (self), room, error);
  if (cameras == NULL)
    return FALSE;

  for (guint i = 0; i < cameras->len; i++)
    if (vigil_camera_get_location (g_ptr_array_index (cameras, i)) == VIGIL_LOCATION_FAMILY_ROOM)
      *has_camera = TRUE;
  return TRUE;
}

/**
 * vigil_site_family_outlook:
 * @from: the first instant shown
 * @to: the end of the range (exclusive); at most 366 days after @from
 * @proposal: (nullable): a change not yet saved, laid over the store's
 *   records; %NULL for none
 *
 * The family's room over [@from, @to): when it records and whether with
 * sound, the observation windows' and overrides' runs, the stage changes
 * that take effect and the site's clock changes, each clipped to the range
 * and sorted by start. With @proposal, the same as it would be once that
 * change was saved now (vigil_site_now()). A room with no camera records
 * nothing; windows and overrides run only while the family is placed.
 *
 * Returns: (transfer full) (element-type VigilOutlookItem): the items, their
 *   clear function set, or %NULL with @error
 */
GArray *
vigil_site_family_outlook (VigilSite                 *self,
                           const char                *case_ref,
                           gint64                     from,
                           gint64                     to,
                           const VigilPolicyProposal *proposal,
                           GError                   **error)
{
  g_auto(VigilPolicySource) source = { 0 };
  g_auto(Draft) draft = { 0 };
  g_autoptr(GArray) items = NULL;
  gboolean has_camera;
  Outlook outlook;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (to <= from)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("the outlook's end must be after its start"));
      return NULL;
    }
  if (to - from > MAX_OUTLOOK_DAYS * G_TIME_SPAN_DAY)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("an outlook covers at most %d days"),
                   MAX_OUTLOOK_DAYS);
      return NULL;
    }

  if (!vigil_site_policy_load_family (self, case_ref, &source, error) ||
      !room_has_camera (self, source.input.room, &has_camera, error))
    return NULL;

  draft_init (&draft, self, &source, proposal, vigil_site_now (self));

  items = g_array_new (FALSE, TRUE, sizeof (VigilOutlookItem));
  g_array_set_clear_func (items, (GDestroyNotify) vigil_outlook_item_clear);
  outlook = (Outlook) { items, from, to, draft.input.placed_from, draft.input.placed_until };

  if (has_camera)
    add_recording (&outlook, &draft.input);
  vigil_policy_foreach_window_run (&draft.input, from, to, add_window_run, &outlook);
  add_overrides (&outlook, &draft.input);
  add_stage_changes (&outlook, &draft.input);
  add_clock_changes (&outlook, draft.input.zone);

  g_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}
