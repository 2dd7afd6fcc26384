/* vigil-site-policy.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-override.h"
#include "vigil-site-private.h"
#include "vigil-stage-change.h"
#include "vigil-store-centre.h"
#include "vigil-time.h"
#include "vigil-window.h"
#include "vigil-site-policy-private.h"

/* Gathers what the policy engine reads from the store: read-only, so no
 * login is needed to ask what the rules say. */

void
vigil_policy_source_clear (VigilPolicySource *source)
{
  g_clear_object (&source->camera);
  g_clear_object (&source->family);
  g_clear_pointer (&source->changes, g_ptr_array_unref);
  g_clear_pointer (&source->windows, g_ptr_array_unref);
  g_clear_pointer (&source->overrides, g_ptr_array_unref);
  g_clear_pointer (&source->stages, g_array_unref);
  g_clear_pointer (&source->policy_windows, g_array_unref);
  g_clear_pointer (&source->policy_overrides, g_array_unref);
  g_clear_pointer (&source->agreements, g_array_unref);
  g_clear_pointer (&source->policy_agreements, g_array_unref);
}

/* A calendar date's first instant in the site's zone; 0 for none. */
gint64
vigil_site_policy_date_start (VigilSite  *self,
                              const char *date)
{
  gint64 instant = 0;

  if (date == NULL || !vigil_time_parse (date, vigil_site_get_time_zone (self), &instant, NULL))
    return 0;
  return instant;
}

/* The first instant of the day after @date in the site's zone; 0 for none.
 * The next date's local midnight, not 24 hours on: a day when the clocks
 * change lasts 23 or 25 hours. */
gint64
vigil_site_policy_day_after_start (VigilSite  *self,
                                   const char *date)
{
  g_autoptr(GDateTime) midnight_utc = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next_day = NULL;
  g_autofree char *next_date = NULL;
  gint64 instant = vigil_site_policy_date_start (self, date);

  if (instant == 0 ||
      (midnight_utc = g_date_time_new_from_unix_utc (instant / G_USEC_PER_SEC)) == NULL ||
      (midnight = g_date_time_to_timezone (midnight_utc, vigil_site_get_time_zone (self))) == NULL ||
      (next_day = g_date_time_add_days (midnight, 1)) == NULL)
    return 0;

  next_date = g_date_time_format (next_day, "%Y-%m-%d");
  return vigil_site_policy_date_start (self, next_date);
}

static gboolean
load_family (VigilSite          *self,
             VigilPolicySource  *source,
             VigilFamily        *family,
             GError            **error)
{
  VigilStore *store = vigil_site_get_store (self);
  gint64 id = vigil_family_get_id (family);

  source->family = g_object_ref (family);
  source->changes = vigil_store_stage_changes_list (store, id, error);
  if (source->changes == NULL)
    return FALSE;
  source->windows = vigil_store_windows_list (store, id, TRUE, error);
  if (source->windows == NULL)
    return FALSE;
  source->overrides = vigil_store_overrides_list (store, id, error);
  if (source->overrides == NULL)
    return FALSE;
  source->agreements = vigil_store_agreements_list (store, id, error);
  if (source->agreements == NULL)
    return FALSE;

  source->stages = g_array_new (FALSE, FALSE, sizeof (VigilPolicyStage));
  for (guint i = 0; i < source->changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (source->changes, i);
      VigilPolicyStage stage = {
        vigil_stage_change_get_effective_at (change),
        vigil_stage_change_get_to_state (change),
      };

      if (vigil_stage_change_get_cancelled_at (change) == 0)
        g_array_append_val (source->stages, stage);
    }

  source->policy_windows = g_array_new (FALSE, FALSE, sizeof (VigilPolicyWindow));
  for (guint i = 0; i < source->windows->len; i++)
    {
      VigilWindow *window = g_ptr_array_index (source->windows, i);
      VigilPolicyWindow policy_window = {
        .days = vigil_window_get_days (window),
        .date = vigil_window_get_date (window),
        .start_minute = vigil_window_get_start_minute (window),
        .end_minute = vigil_window_get_end_minute (window),
        .audio = vigil_window_get_audio (window),
        .purpose = vigil_window_get_purpose (window),
        .valid_from = vigil_window_get_created_at (window),
        .valid_until = vigil_window_get_removed_at (window),
      };

      g_array_append_val (source->policy_windows, policy_window);
    }

  source->policy_overrides = g_array_new (FALSE, FALSE, sizeof (VigilPolicyOverride));
  for (guint i = 0; i < source->overrides->len; i++)
    {
      VigilOverride *override = g_ptr_array_index (source->overrides, i);
      gint64 ended = vigil_override_get_ended_at (override);
      gint64 expires = vigil_override_get_expires_at (override);
      VigilPolicyOverride policy_override = {
        vigil_override_get_started_at (override),
        ended != 0 ? MIN (ended, expires) : expires,
      };

      g_array_append_val (source->policy_overrides, policy_override);
    }

  /* Each agreement holds from local midnight of its signed date. */
  source->policy_agreements = g_array_new (FALSE, FALSE, sizeof (VigilPolicyAgreement));
  for (guint i = 0; i < source->agreements->len; i++)
    {
      const VigilStoreAgreement *agreement = &g_array_index (source->agreements, VigilStoreAgreement, i);
      VigilPolicyAgreement policy_agreement = {
        vigil_site_policy_date_start (self, agreement->signed_on),
        agreement->covers_audio,
      };

      if (policy_agreement.from != 0)
        g_array_append_val (source->policy_agreements, policy_agreement);
    }

  source->input.has_family = TRUE;
  source->input.family_label = vigil_family_get_label (family);
  source->input.placed_from = vigil_site_policy_date_start (self, vigil_family_get_admitted_on (family));
  /* Placed until the end of the discharge day: they may leave at bedtime. */
  source->input.placed_until = vigil_site_policy_day_after_start (self, vigil_family_get_discharged_on (family));
  source->input.agreements = (const VigilPolicyAgreement *) source->policy_agreements->data;
  source->input.n_agreements = source->policy_agreements->len;
  source->input.stages = (const VigilPolicyStage *) source->stages->data;
  source->input.n_stages = source->stages->len;
  source->input.windows = (const VigilPolicyWindow *) source->policy_windows->data;
  source->input.n_windows = source->policy_windows->len;
  source->input.overrides = (const VigilPolicyOverride *) source->policy_overrides->data;
  source->input.n_overrides = source->policy_overrides->len;

  return TRUE;
}

/* The family whose placement in @room covers @at: the one placed on that
 * local date, or, when the room was empty then, one admitted later and
 * still placed (so the answer names the instant they arrive). */
static VigilFamily *
family_in_room_at (VigilSite   *self,
                   const char  *room,
                   gint64       at,
                   GError     **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autofree char *date = vigil_date_today (vigil_site_get_time_zone (self), at);
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GError) local_error = NULL;

  family = vigil_store_family_in_room_on (store, room, date, &local_error);
  if (family == NULL && local_error == NULL)
    {
      family = vigil_store_family_in_room (store, room, &local_error);
      if (family != NULL && g_strcmp0 (vigil_family_get_admitted_on (family), date) <= 0)
        g_clear_object (&family);
    }

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return g_steal_pointer (&family);
}

static gboolean
load_camera (VigilSite          *self,
             VigilPolicySource  *source,
             const char         *name,
             gint64              at,
             GError            **error)
{
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GError) local_error = NULL;
  VigilCamera *camera;

  source->camera = vigil_store_camera_lookup (vigil_site_get_store (self), name, error);
  if (source->camera == NULL)
    return FALSE;
  camera = source->camera;

  source->input.zone = vigil_site_get_time_zone (self);
  source->input.location = vigil_camera_get_location (camera);
  source->input.camera_has_audio = vigil_camera_get_has_audio (camera);
  source->input.room = vigil_camera_get_room (camera);

  if (source->input.location == VIGIL_LOCATION_COMMUNAL)
    return TRUE;

  family = family_in_room_at (self, vigil_camera_get_room (camera), at, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return family == NULL || load_family (self, source, family, error);
}

/**
 * vigil_site_explain_camera:
 *
 * What the centre's rules say for @camera at @at. For a family-room camera
 * they are those of the family placed in its room at @at, which for a past
 * instant may be a family since discharged.
 */
gboolean
vigil_site_explain_camera (VigilSite            *self,
                           const char           *camera,
                           gint64                at,
                           VigilPolicyDecision  *decision,
                           GError              **error)
{
  g_auto(VigilPolicySource) source = { 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (camera != NULL && decision != NULL, FALSE);

  if (!load_camera (self, &source, camera, at, error))
    return FALSE;

  vigil_policy_decide (&source.input, at, decision);
  return TRUE;
}

gboolean
vigil_site_policy_load_family (VigilSite          *self,
                               const char         *case_ref,
                               VigilPolicySource  *source,
                               GError            **error)
{
  g_autoptr(VigilFamily) family = vigil_store_family_lookup (vigil_site_get_store (self), case_ref, error);

  if (family == NULL)
    return FALSE;

  /* A family's answer is about its room's camera: the rules as they stand,
   * whatever the hardware, so audio counts as possible. */
  source->input.zone = vigil_site_get_time_zone (self);
  source->input.location = VIGIL_LOCATION_FAMILY_ROOM;
  source->input.camera_has_audio = TRUE;
  source->input.room = vigil_family_get_room (family);

  return load_family (self, source, family, error);
}

/**
 * vigil_site_explain_family:
 *
 * What the centre's rules say for the family's room at @at, for a camera
 * with a microphone.
 */
gboolean
vigil_site_explain_family (VigilSite            *self,
                           const char           *case_ref,
                           gint64                at,
                           VigilPolicyDecision  *decision,
                           GError              **error)
{
  g_auto(VigilPolicySource) source = { 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL && decision != NULL, FALSE);

  if (!vigil_site_policy_load_family (self, case_ref, &source, error))
    return FALSE;

  vigil_policy_decide (&source.input, at, decision);
  return TRUE;
}

static void
interval_clear (gpointer data)
{
  VigilRecordingInterval *interval = data;

  g_clear_pointer (&interval->basis, g_free);
}

GArray *
vigil_site_policy_recording_intervals (const VigilPolicyInput *input,
                                       gint64                  from,
                                       gint64                  to)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, TRUE, sizeof (VigilRecordingInterval));
  gint64 at = from;

  g_array_set_clear_func (intervals, interval_clear);

  while (at < to)
    {
      g_auto(VigilPolicyDecision) decision = { 0 };
      gint64 until;

      vigil_policy_decide (input, at, &decision);
      until = decision.next_change == 0 ? to : MIN (decision.next_change, to);

      if (decision.record)
        {
          VigilRecordingInterval *last = intervals->len > 0
            ? &g_array_index (intervals, VigilRecordingInterval, intervals->len - 1) : NULL;

          /* A change in something else (live audio, say) does not split a
           * stretch of recording. */
          if (last != NULL && last->end == at && last->record_audio == decision.record_audio)
            last->end = until;
          else
            {
              VigilRecordingInterval interval = { at, until, decision.record_audio,
                                                  g_steal_pointer (&decision.basis) };
              g_array_append_val (intervals, interval);
            }
        }
      at = until;
    }

  return g_steal_pointer (&intervals);
}

/**
 * vigil_site_recording_timeline:
 *
 * The stretches of [@from, @to) in which the family's room camera records,
 * split where audio starts or stops, so a team lead can check tonight.
 *
 * Returns: (transfer full) (element-type VigilRecordingInterval): the stretches
 */
GArray *
vigil_site_recording_timeline (VigilSite   *self,
                               const char  *case_ref,
                               gint64       from,
                               gint64       to,
                               GError     **error)
{
  g_auto(VigilPolicySource) source = { 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (to <= from)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("the timeline's end must be after its start"));
      return NULL;
    }

  if (!vigil_site_policy_load_family (self, case_ref, &source, error))
    return NULL;

  return vigil_site_policy_recording_intervals (&source.input, from, to);
}
