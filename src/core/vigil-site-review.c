/* vigil-site-review.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-family.h"
#include "vigil-note.h"
#include "vigil-site-async-private.h"
#include "vigil-site-evidence.h"
#include "vigil-site-outlook.h"
#include "vigil-site-policy-private.h"
#include "vigil-site-private.h"
#include "vigil-site-recordings-private.h"
#include "vigil-site-review.h"
#include "vigil-store-centre.h"
#include "vigil-store-notes.h"
#include "vigil-store-recordings.h"

/* A camera's timeline gathers what the store holds about its footage
 * (segments, open ones too; gaps; deletions; holds) with what the policy
 * and the case records say about the room then (who was placed, windows,
 * overrides, notes). The time no footage, deletion or gap accounts for is
 * time the policy did not require recording: a gap is opened whenever it
 * did and nothing was recorded, and the recorder writes the time it was
 * down as a gap when it starts again. */

void
vigil_timeline_item_clear (VigilTimelineItem *item)
{
  g_return_if_fail (item != NULL);

  g_clear_pointer (&item->case_ref, g_free);
  g_clear_pointer (&item->label, g_free);
}

typedef struct
{
  GArray *items;
  gint64  from;
  gint64  to;
} Timeline;

/* Adds an item clipped to the range (instants are kept as they are);
 * returns it for the caller to fill in, or %NULL when it lies outside. */
static VigilTimelineItem *
add_item (Timeline          *timeline,
          VigilTimelineKind  kind,
          gint64             start,
          gint64             end)
{
  VigilTimelineItem item = { kind, MAX (start, timeline->from), MIN (end, timeline->to) };

  if (start == end ? (start < timeline->from || start >= timeline->to) : item.start >= item.end)
    return NULL;
  g_array_append_val (timeline->items, item);
  return &g_array_index (timeline->items, VigilTimelineItem, timeline->items->len - 1);
}

/* Footage */

static void
add_segment (Timeline     *timeline,
             VigilSegment *segment,
             gint64        end,
             gboolean      open)
{
  VigilTimelineItem *item = add_item (timeline, VIGIL_TIMELINE_RECORDING, vigil_segment_get_start (segment), end);

  if (item == NULL)
    return;
  item->audio = vigil_segment_get_audio (segment);
  item->open = open;
  item->id = vigil_segment_get_id (segment);
}

static gboolean
add_footage (Timeline    *timeline,
             VigilSite   *self,
             const char  *camera,
             gint64       now,
             GError     **error)
{
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) deletions = NULL;

  if (!vigil_site_list_recordings (self, camera, timeline->from, timeline->to, &segments, &gaps, error) ||
      (open = vigil_site_list_open_segments (self, error)) == NULL ||
      (deletions = vigil_store_deletions_overlapping (vigil_site_get_store (self), camera, timeline->from,
                                                      timeline->to, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);

      add_segment (timeline, segment, vigil_segment_get_end (segment), FALSE);
    }
  /* A segment being written has footage up to about now. */
  for (guint i = 0; i < open->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (open, i);

      if (g_ascii_strcasecmp (vigil_segment_get_camera (segment), camera) == 0)
        add_segment (timeline, segment, MAX (now, vigil_segment_get_start (segment)), TRUE);
    }
  for (guint i = 0; i < gaps->len; i++)
    {
      VigilGap *gap = g_ptr_array_index (gaps, i);
      const char *detail = vigil_gap_get_detail (gap);
      gint64 end = vigil_gap_get_end (gap);
      VigilTimelineItem *item = add_item (timeline, VIGIL_TIMELINE_GAP, vigil_gap_get_start (gap),
                                          end != 0 ? end : MAX (now, vigil_gap_get_start (gap)));

      if (item == NULL)
        continue;
      item->open = end == 0;
      item->id = vigil_gap_get_id (gap);
      item->label = detail != NULL && *detail != '\0'
                    ? g_strdup_printf ("%s: %s", vigil_gap_cause_to_string (vigil_gap_get_cause (gap)), detail)
                    : g_strdup (vigil_gap_cause_to_string (vigil_gap_get_cause (gap)));
    }
  for (guint i = 0; i < deletions->len; i++)
    {
      VigilDeletion *deletion = g_ptr_array_index (deletions, i);
      VigilTimelineItem *item = add_item (timeline, VIGIL_TIMELINE_DELETED, vigil_deletion_get_start (deletion),
                                          vigil_deletion_get_end (deletion));

      if (item == NULL)
        continue;
      item->id = vigil_deletion_get_id (deletion);
      item->label = g_strdup (vigil_deletion_get_why (deletion));
    }
  return TRUE;
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  const VigilTimelineItem *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* A segment ends at its last frame and the next begins a frame later: a
 * stretch shorter than this between footage is the time between frames,
 * not time unrecorded (a real loss is a gap the recorder writes). */
#define FRAME_SLACK_US G_USEC_PER_SEC

/* A stretch not recorded: after the recorder's last word, while it is not
 * running, it is said so, since the recorder writes the time it was down
 * as a gap only when it starts again. */
static void
add_unrecorded (Timeline *timeline,
                gint64    start,
                gint64    end,
                gint64    recorder_gone)
{
  VigilTimelineItem *item;

  if (recorder_gone != 0 && end > recorder_gone && start < recorder_gone)
    {
      add_unrecorded (timeline, start, recorder_gone, 0);
      start = recorder_gone;
    }
  item = add_item (timeline, VIGIL_TIMELINE_NOT_RECORDED, start, end);
  if (item != NULL && recorder_gone != 0 && start >= recorder_gone)
    item->label = g_strdup (_("the recorder is not running"));
}

/* The stretches up to now that no footage, deletion or gap covers. */
static void
add_not_recorded (Timeline *timeline,
                  gint64    now,
                  gint64    recorder_gone)
{
  g_autoptr(GArray) covered = g_array_new (FALSE, FALSE, sizeof (VigilTimelineItem));
  gint64 end = MIN (timeline->to, now);
  gint64 cursor = timeline->from;

  for (guint i = 0; i < timeline->items->len; i++)
    g_array_append_val (covered, g_array_index (timeline->items, VigilTimelineItem, i));
  g_array_sort (covered, compare_starts);

  for (guint i = 0; i < covered->len && cursor < end; i++)
    {
      const VigilTimelineItem *item = &g_array_index (covered, VigilTimelineItem, i);

      /* Between two stretches of footage, the time between frames. */
      if (item->start > cursor && (i == 0 || item->start - cursor >= FRAME_SLACK_US))
        add_unrecorded (timeline, cursor, MIN (item->start, end), recorder_gone);
      cursor = MAX (cursor, item->end);
    }
  if (cursor < end)
    add_unrecorded (timeline, cursor, end, recorder_gone);
}

/* When the recorder last said it ran, if it does not run now; 0 while it
 * runs. A site whose recorder never ran has nothing to say. */
static gboolean
recorder_gone_since (VigilSite  *self,
                     gint64      now,
                     gint64     *since,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilRecorderStatus) status = vigil_site_get_recorder_status (self, &local_error);

  *since = 0;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (status != NULL && !vigil_recorder_status_is_running (status, now))
    *since = vigil_recorder_status_get_stopped_at (status) != 0 ? vigil_recorder_status_get_stopped_at (status)
                                                                : vigil_recorder_status_get_heartbeat_at (status);
  return TRUE;
}

/* The room */

static gboolean
add_notes (Timeline     *timeline,
           VigilSite    *self,
           VigilFamily  *family,
           GError      **error)
{
  g_autoptr(GPtrArray) notes = vigil_store_note_list (vigil_site_get_store (self), vigil_family_get_id (family), 0,
                                                      error);

  if (notes == NULL)
    return FALSE;

  for (guint i = 0; i < notes->len; i++)
    {
      VigilNote *note = g_ptr_array_index (notes, i);
      gint64 start, end;
      VigilTimelineItem *item;

      if (vigil_note_is_addendum (note))
        continue;
      if (!vigil_note_get_period (note, &start, &end))
        start = end = vigil_note_get_written_at (note);
      if ((item = add_item (timeline, VIGIL_TIMELINE_NOTE, start, end)) == NULL)
        continue;
      item->id = vigil_note_get_id (note);
      item->case_ref = g_strdup (vigil_family_get_case_ref (family));
      /* Translators: a note on the review timeline: its kind and author, as
       * "review note by tlee" */
      item->label = g_strdup_printf (_("%s note by %s"), vigil_note_kind_to_string (vigil_note_get_kind (note)),
                                     vigil_note_get_author (note));
    }
  return TRUE;
}

static gboolean
add_family (Timeline     *timeline,
            VigilSite    *self,
            VigilFamily  *family,
            GError      **error)
{
  const char *admitted_on = vigil_family_get_admitted_on (family);
  const char *discharged_on = vigil_family_get_discharged_on (family);
  gint64 placed_from = admitted_on != NULL ? vigil_site_policy_date_start (self, admitted_on) : 0;
  gint64 placed_until = discharged_on != NULL ? vigil_site_policy_day_after_start (self, discharged_on) : G_MAXINT64;
  g_autoptr(GArray) outlook = NULL;
  VigilTimelineItem *item;

  if (placed_from == 0 || placed_from >= timeline->to || placed_until <= timeline->from)
    return TRUE;

  if ((item = add_item (timeline, VIGIL_TIMELINE_PLACEMENT, placed_from, placed_until)) == NULL)
    return TRUE;
  item->case_ref = g_strdup (vigil_family_get_case_ref (family));
  item->label = g_strdup (vigil_family_get_label (family));

  outlook = vigil_site_family_outlook (self, vigil_family_get_case_ref (family), timeline->from, timeline->to, NULL,
                                       error);
  if (outlook == NULL)
    return FALSE;
  for (guint i = 0; i < outlook->len; i++)
    {
      const VigilOutlookItem *run = &g_array_index (outlook, VigilOutlookItem, i);

      if (run->kind != VIGIL_OUTLOOK_WINDOW && run->kind != VIGIL_OUTLOOK_OVERRIDE)
        continue;
      item = add_item (timeline, run->kind == VIGIL_OUTLOOK_WINDOW ? VIGIL_TIMELINE_WINDOW : VIGIL_TIMELINE_OVERRIDE,
                       run->start, run->end);
      if (item == NULL)
        continue;
      item->audio = run->audio;
      item->case_ref = g_strdup (vigil_family_get_case_ref (family));
      item->label = g_strdup (run->label);
    }
  return add_notes (timeline, self, family, error);
}

/* The families ever placed in the camera's room, when it looks into one. */
static gboolean
add_room (Timeline     *timeline,
          VigilSite    *self,
          VigilCamera  *camera,
          GError      **error)
{
  const char *room = vigil_camera_get_room (camera);
  g_autoptr(GPtrArray) families = NULL;

  if (vigil_camera_get_location (camera) != VIGIL_LOCATION_FAMILY_ROOM || room == NULL)
    return TRUE;

  if ((families = vigil_store_families_list (vigil_site_get_store (self), TRUE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < families->len; i++)
    {
      VigilFamily *family = g_ptr_array_index (families, i);

      if (g_strcmp0 (vigil_family_get_room (family), room) == 0 && !add_family (timeline, self, family, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_holds (Timeline    *timeline,
           VigilSite   *self,
           const char  *camera,
           gint64       now,
           GError     **error)
{
  g_autoptr(GPtrArray) holds = vigil_store_holds_active (vigil_site_get_store (self), now, error);

  if (holds == NULL)
    return FALSE;
  for (guint i = 0; i < holds->len; i++)
    {
      VigilHold *hold = g_ptr_array_index (holds, i);
      VigilTimelineItem *item;

      if (g_ascii_strcasecmp (vigil_hold_get_camera (hold), camera) != 0 ||
          (item = add_item (timeline, VIGIL_TIMELINE_HOLD, vigil_hold_get_from (hold),
                            vigil_hold_get_to (hold))) == NULL)
        continue;
      item->id = vigil_hold_get_id (hold);
      /* Translators: a hold on the review timeline: its reason and the
       * date it runs to, as "Police request (until 2027-03-01)" */
      item->label = g_strdup_printf (_("%s (until %s)"), vigil_hold_get_reason (hold), vigil_hold_get_until (hold));
    }
  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const VigilTimelineItem *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/**
 * vigil_site_camera_timeline:
 * @from: the first instant shown
 * @to: the end of the range (exclusive), at most VIGIL_TIMELINE_MAX_SPAN
 *   after @from
 *
 * Returns: (transfer full) (element-type VigilTimelineItem): the items,
 *   their clear function set, or %NULL with @error set
 */
GArray *
vigil_site_camera_timeline (VigilSite     *self,
                            VigilSession  *session,
                            const char    *camera,
                            gint64         from,
                            gint64         to,
                            GError       **error)
{
  g_autoptr(VigilCamera) found = NULL;
  g_autoptr(GArray) items = NULL;
  gint64 now, recorder_gone;
  Timeline timeline;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  if (!vigil_site_check_reviewer (self, session, error) ||
      !vigil_site_recordings_check_range (self, from, to, error))
    return NULL;
  if (to - from > VIGIL_TIMELINE_MAX_SPAN)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("a timeline covers at most %d days"),
                   (int) (VIGIL_TIMELINE_MAX_SPAN / G_TIME_SPAN_DAY));
      return NULL;
    }
  if ((found = vigil_store_camera_lookup (vigil_site_get_store (self), camera, error)) == NULL)
    return NULL;

  items = g_array_new (FALSE, TRUE, sizeof (VigilTimelineItem));
  g_array_set_clear_func (items, (GDestroyNotify) vigil_timeline_item_clear);
  timeline = (Timeline) { items, from, to };
  now = vigil_site_now (self);

  if (!add_footage (&timeline, self, vigil_camera_get_name (found), now, error) ||
      !recorder_gone_since (self, now, &recorder_gone, error))
    return NULL;
  add_not_recorded (&timeline, now, recorder_gone);
  if (!add_room (&timeline, self, found, error) ||
      !add_holds (&timeline, self, vigil_camera_get_name (found), now, error))
    return NULL;

  g_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

/* On the site's worker */

static gpointer
camera_timeline_work (VigilSite  *self,
                      gpointer    data,
                      GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_camera_timeline (self, call->session, call->name, call->from, call->to, error);
}

void
vigil_site_camera_timeline_async (VigilSite           *self,
                                  VigilSession        *session,
                                  const char          *camera,
                                  gint64               from,
                                  gint64               to,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (camera);
  call->from = from;
  call->to = to;
  vigil_site_call_run (self, vigil_site_camera_timeline_async, call, camera_timeline_work,
                       (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

/**
 * vigil_site_camera_timeline_finish:
 *
 * Returns: (transfer full) (element-type VigilTimelineItem): as
 *   vigil_site_camera_timeline()
 */
GArray *
vigil_site_camera_timeline_finish (VigilSite     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_camera_timeline_async, error);
}

static gpointer
open_review_work (VigilSite  *self,
                  gpointer    data,
                  GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_open_review (self, call->session, call->name, call->from, call->to, call->reason, error);
}

void
vigil_site_open_review_async (VigilSite           *self,
                              VigilSession        *session,
                              const char          *camera,
                              gint64               from,
                              gint64               to,
                              const char          *reason,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (camera);
  call->from = from;
  call->to = to;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_open_review_async, call, open_review_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * vigil_site_open_review_finish:
 *
 * Returns: (transfer full) (element-type VigilSegment): as
 *   vigil_site_open_review()
 */
GPtrArray *
vigil_site_open_review_finish (VigilSite     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_open_review_async, error);
}

static gpointer
add_hold_work (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_add_hold (self, call->session, call->name, call->from, call->to, call->reason, call->text,
                              error);
}

void
vigil_site_add_hold_async (VigilSite           *self,
                           VigilSession        *session,
                           const char          *camera,
                           gint64               from,
                           gint64               to,
                           const char          *reason,
                           const char          *until,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (camera);
  call->from = from;
  call->to = to;
  call->reason = g_strdup (reason);
  call->text = g_strdup (until);
  vigil_site_call_run (self, vigil_site_add_hold_async, call, add_hold_work, g_object_unref, cancellable, callback,
                       user_data);
}

/**
 * vigil_site_add_hold_finish:
 *
 * Returns: (transfer full): the hold placed, or %NULL with @error set
 */
VigilHold *
vigil_site_add_hold_finish (VigilSite     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_add_hold_async, error);
}

static gpointer
release_hold_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_release_hold (self, call->session, call->id, call->reason, error));
}

void
vigil_site_release_hold_async (VigilSite           *self,
                               VigilSession        *session,
                               gint64               hold_id,
                               const char          *reason,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));

  call = vigil_site_call_new (session);
  call->id = hold_id;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_release_hold_async, call, release_hold_work, NULL, cancellable, callback,
                       user_data);
}

gboolean
vigil_site_release_hold_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_release_hold_async, error);
}
