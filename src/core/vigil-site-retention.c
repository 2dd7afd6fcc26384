/* vigil-site-retention.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-site-recordings-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-recordings.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* Retention, deletion and holds (DESIGN.md, "Records that must last").
 *
 * A segment is kept for the days of one rule, chosen by its camera and the
 * local date of its first frame: a family room's by the CCTV agreement in
 * force that day of the family placed in the room then (the family's own
 * retention days when no agreement was in force yet); a communal camera's,
 * or an empty room's, by the site's retention-days. It expires at its last
 * frame plus that many 24-hour days. A hold that is active (not released,
 * its until date not over) and covers any frame of the segment keeps it,
 * whatever its age. Deleting takes two steps around the unlink; the second
 * leaves a deletion record and an audit entry naming the rule. */

#define DAY (24 * G_TIME_SPAN_HOUR)

typedef struct
{
  guint  days;
  char  *why;   /* a record: plain English whatever the locale */
} Rule;

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  g_free (rule->why);
  g_free (rule);
}

/* What the retention rules need, read once for many segments. */
typedef struct
{
  GHashTable *cameras;   /* lower-case name → VigilCamera */
  GHashTable *rules;     /* "camera-id date" → Rule */
  GPtrArray  *holds;     /* active at the instant asked about */
  guint       site_days;
} Retention;

static void
retention_clear (Retention *retention)
{
  g_clear_pointer (&retention->cameras, g_hash_table_unref);
  g_clear_pointer (&retention->rules, g_hash_table_unref);
  g_clear_pointer (&retention->holds, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Retention, retention_clear)

static gboolean
retention_load (VigilSite  *self,
                gint64      now,
                Retention  *retention,
                GError    **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(GPtrArray) cameras = vigil_store_cameras_list (store, error);

  if (cameras == NULL || (retention->holds = vigil_store_holds_active (store, now, error)) == NULL)
    return FALSE;

  retention->site_days = vigil_site_get_setting_uint (self, VIGIL_SETTING_RETENTION_DAYS);
  retention->rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, rule_free);
  retention->cameras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);

      g_hash_table_insert (retention->cameras, g_ascii_strdown (vigil_camera_get_name (camera), -1),
                           g_object_ref (camera));
    }
  return TRUE;
}

static Rule *
rule_new (guint  days,
          char  *why)
{
  Rule *rule = g_new0 (Rule, 1);

  rule->days = days;
  rule->why = why;
  return rule;
}

/* The rule for a segment of @camera that started at @start. */
static const Rule *
retention_rule (VigilSite     *self,
                Retention     *retention,
                VigilSegment  *segment,
                GError       **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autofree char *name = g_ascii_strdown (vigil_segment_get_camera (segment), -1);
  VigilCamera *camera = g_hash_table_lookup (retention->cameras, name);
  g_autofree char *date = NULL;
  g_autofree char *key = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GArray) agreements = NULL;
  g_autoptr(GError) local_error = NULL;
  const VigilStoreAgreement *in_force = NULL;
  Rule *rule;

  if (camera == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND, _("no camera “%s”"),
                   vigil_segment_get_camera (segment));
      return NULL;
    }

  date = vigil_date_today (vigil_site_get_time_zone (self), vigil_segment_get_start (segment));
  key = g_strdup_printf ("%" G_GINT64_FORMAT " %s", vigil_camera_get_id (camera), date);
  if ((rule = g_hash_table_lookup (retention->rules, key)) != NULL)
    return rule;

  if (vigil_camera_get_location (camera) == VIGIL_LOCATION_COMMUNAL)
    rule = rule_new (retention->site_days,
                     g_strdup_printf ("retention: communal footage is kept %u days (site setting)",
                                      retention->site_days));
  else
    {
      family = vigil_store_family_in_room_on (store, vigil_camera_get_room (camera), date, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (family == NULL)
        rule = rule_new (retention->site_days,
                         g_strdup_printf ("retention: nobody was placed in %s; its footage is kept %u days"
                                          " (site setting)", vigil_camera_get_room (camera), retention->site_days));
    }

  if (rule == NULL)
    {
      if ((agreements = vigil_store_agreements_list (store, vigil_family_get_id (family), error)) == NULL)
        return NULL;
      /* Each agreement holds from local midnight of its signed date. */
      for (guint i = 0; i < agreements->len; i++)
        if (g_strcmp0 (g_array_index (agreements, VigilStoreAgreement, i).signed_on, date) <= 0)
          in_force = &g_array_index (agreements, VigilStoreAgreement, i);

      if (in_force != NULL)
        rule = rule_new (in_force->retention_days,
                         g_strdup_printf ("retention: family %s's agreement keeps footage %u days",
                                          vigil_family_get_case_ref (family), in_force->retention_days));
      else
        rule = rule_new (vigil_family_get_retention_days (family),
                         g_strdup_printf ("retention: family %s's record keeps footage %u days"
                                          " (no agreement in force then)", vigil_family_get_case_ref (family),
                                          vigil_family_get_retention_days (family)));
    }

  g_hash_table_insert (retention->rules, g_steal_pointer (&key), rule);
  return rule;
}

static gint64
expires_at (VigilSegment *segment,
            const Rule   *rule)
{
  return vigil_segment_get_end (segment) + (gint64) rule->days * DAY;
}

/* An active hold that keeps @segment, or %NULL. */
static VigilHold *
holding (Retention    *retention,
         VigilSegment *segment)
{
  for (guint i = 0; i < retention->holds->len; i++)
    {
      VigilHold *hold = g_ptr_array_index (retention->holds, i);

      if (g_ascii_strcasecmp (vigil_hold_get_camera (hold), vigil_segment_get_camera (segment)) == 0 &&
          vigil_hold_overlaps (hold, vigil_segment_get_start (segment), vigil_segment_get_end (segment)))
        return hold;
    }
  return NULL;
}

static GPtrArray *
expired_segments (VigilSite  *self,
                  gint64      now,
                  GError    **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_auto(Retention) retention = { 0 };
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (g_object_unref);
  guint min_days;

  if (!retention_load (self, now, &retention, error))
    return NULL;

  /* Only segments old enough for the shortest rule are looked at, so a
   * sweep reads the few near their end, not months of footage. */
  min_days = vigil_store_min_retention_days (store, retention.site_days, error);
  if (min_days == 0 ||
      (candidates = vigil_store_segments_ended_by (store, now - (gint64) min_days * DAY, error)) == NULL)
    return NULL;

  for (guint i = 0; i < candidates->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (candidates, i);
      const Rule *rule = retention_rule (self, &retention, segment, error);

      if (rule == NULL)
        return NULL;
      if (now >= expires_at (segment, rule) && holding (&retention, segment) == NULL)
        g_ptr_array_add (expired, g_object_ref (segment));
    }

  return g_steal_pointer (&expired);
}

/**
 * vigil_site_list_expired_segments:
 * @now: the instant to judge at (the site's clock, usually)
 *
 * Returns: (transfer full) (element-type VigilSegment): the closed segments
 *   that may be deleted at @now, oldest first
 */
GPtrArray *
vigil_site_list_expired_segments (VigilSite  *self,
                                  gint64      now,
                                  GError    **error)
{
  VigilStore *store;
  g_autoptr(GPtrArray) expired = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  store = vigil_site_get_store (self);
  if (!vigil_store_begin_read (store, error))
    return NULL;
  if ((expired = expired_segments (self, now, error)) == NULL)
    {
      vigil_store_rollback (store);
      return NULL;
    }
  if (!vigil_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&expired);
}

typedef struct
{
  gint64 id;
  gint64 now;
} BeginDeletion;

static gboolean
begin_deletion (VigilSite  *self,
                gpointer    data,
                GError    **error)
{
  BeginDeletion *begin = data;
  VigilStore *store = vigil_site_get_store (self);
  g_auto(Retention) retention = { 0 };
  g_autoptr(VigilSegment) segment = vigil_store_segment_get (store, begin->id, error);
  const Rule *rule;
  VigilHold *hold;

  if (segment == NULL)
    return FALSE;
  /* Begun before a crash: the file may be gone already; finish it. */
  if (vigil_segment_get_state (segment) == VIGIL_SEGMENT_DELETING)
    return TRUE;
  if (vigil_segment_get_state (segment) == VIGIL_SEGMENT_OPEN)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("segment %lld is still being recorded and cannot be deleted"), (long long) begin->id);
      return FALSE;
    }

  if (!retention_load (self, begin->now, &retention, error) ||
      (rule = retention_rule (self, &retention, segment, error)) == NULL)
    return FALSE;

  if ((hold = holding (&retention, segment)) != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("segment %lld of %s is held (hold %lld, until %s): held footage is never deleted"),
                   (long long) begin->id, vigil_segment_get_camera (segment),
                   (long long) vigil_hold_get_id (hold), vigil_hold_get_until (hold));
      return FALSE;
    }
  if (begin->now < expires_at (segment, rule))
    {
      g_autofree char *until = vigil_site_centre_local_time (self, expires_at (segment, rule));

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("segment %lld of %s is kept until %s (%u days): it has not expired"),
                   (long long) begin->id, vigil_segment_get_camera (segment), until, rule->days);
      return FALSE;
    }

  return vigil_store_segment_mark_deleting (store, begin->id, error);
}

/**
 * vigil_site_begin_deletion:
 * @now: the instant to judge expiry and holds at
 *
 * Marks an expired, unheld, closed segment as deleting. A held or
 * unexpired one (or an open one) is refused with %VIGIL_ERROR_INVALID, the
 * code of every refusal by a rule of the records. A segment already
 * deleting is left so (a crash between the two steps).
 */
gboolean
vigil_site_begin_deletion (VigilSite  *self,
                           gint64      segment_id,
                           gint64      now,
                           GError    **error)
{
  BeginDeletion begin = { segment_id, now };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  return vigil_site_centre_transact (self, begin_deletion, &begin, error);
}

static gboolean
finish_deletion (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  gint64 id = *(gint64 *) data;
  VigilStore *store = vigil_site_get_store (self);
  gint64 now = vigil_site_now (self);
  g_auto(Retention) retention = { 0 };
  g_autoptr(VigilSegment) segment = vigil_store_segment_get (store, id, error);
  g_autofree char *object = NULL;
  g_autofree char *range = NULL;
  g_autofree char *detail = NULL;
  const Rule *rule;

  if (segment == NULL)
    return FALSE;
  if (vigil_segment_get_state (segment) != VIGIL_SEGMENT_DELETING)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("segment %lld was not marked for deletion: begin the deletion first"), (long long) id);
      return FALSE;
    }
  if (!retention_load (self, now, &retention, error) ||
      (rule = retention_rule (self, &retention, segment, error)) == NULL)
    return FALSE;

  object = vigil_site_recordings_camera_object (vigil_segment_get_camera (segment));
  range = vigil_site_recordings_utc_range (vigil_segment_get_start (segment), vigil_segment_get_end (segment));
  detail = g_strdup_printf ("segment=%" G_GINT64_FORMAT " path=%s %s bytes=%" G_GUINT64_FORMAT " sha256=%s",
                            id, vigil_segment_get_path (segment), range, vigil_segment_get_bytes (segment),
                            vigil_segment_get_sha256 (segment));
  return vigil_store_deletion_insert (store, segment, now, rule->why, error) != 0 &&
         vigil_store_segment_remove (store, id, error) &&
         vigil_site_audit (self, VIGIL_RECORDER_ACTOR, "recording-deleted", object, rule->why, detail, error);
}

/**
 * vigil_site_finish_deletion:
 *
 * Once the file is gone (and its folder synced): removes the segment's
 * row, writes its deletion record and audits it, in one transaction.
 */
gboolean
vigil_site_finish_deletion (VigilSite  *self,
                            gint64      segment_id,
                            GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  return vigil_site_centre_transact (self, finish_deletion, &segment_id, error);
}

GPtrArray *
vigil_site_list_deleting_segments (VigilSite  *self,
                                   GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_segments_in_state (vigil_site_get_store (self), VIGIL_SEGMENT_DELETING, error);
}

GPtrArray *
vigil_site_list_deletions (VigilSite  *self,
                           gint64      from,
                           gint64      to,
                           GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  if (from >= to)
    {
      g_autofree char *start = vigil_site_centre_local_time (self, from);
      g_autofree char *end = vigil_site_centre_local_time (self, to);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the range must end after it starts: %s to %s"), start, end);
      return NULL;
    }
  return vigil_store_deletions_list (vigil_site_get_store (self), from, to, error);
}
