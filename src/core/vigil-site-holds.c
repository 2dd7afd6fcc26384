/* vigil-site-holds.c
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

/* Holds (evidence locks): a team lead or manager keeps one camera's footage
 * in [from, to) with a reason, to the end of a date in the site's zone.
 * Held footage is never deleted (vigil-site-retention.c). A hold is
 * released, never removed; both are audited, and every call checks the
 * hold-footage permission. */

/* The first instant of the day after @date in the site's zone: the next
 * date's local midnight, not 24 hours on, as a day when the clocks change
 * lasts 23 or 25 hours. 0 for a date that is not one. */
static gint64
end_of_day (VigilSite  *self,
            const char *date)
{
  GTimeZone *zone = vigil_site_get_time_zone (self);
  g_autoptr(GDateTime) midnight_utc = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next_day = NULL;
  g_autofree char *next_date = NULL;
  gint64 instant = 0;

  if (!vigil_time_parse (date, zone, &instant, NULL) ||
      (midnight_utc = g_date_time_new_from_unix_utc (instant / G_USEC_PER_SEC)) == NULL ||
      (midnight = g_date_time_to_timezone (midnight_utc, zone)) == NULL ||
      (next_day = g_date_time_add_days (midnight, 1)) == NULL)
    return 0;

  next_date = g_date_time_format (next_day, "%Y-%m-%d");
  if (!vigil_time_parse (next_date, zone, &instant, NULL))
    return 0;
  return instant;
}

typedef struct
{
  const char   *actor;
  const char   *camera;
  gint64        from;
  gint64        to;
  const char   *reason;
  const char   *until;
  gint64        until_end;
  VigilHold    *result;
} AddHold;

static gboolean
check_hold (VigilSite  *self,
            AddHold    *add,
            GError    **error)
{
  if (!vigil_text_validate_reason (add->reason, TRUE, error) || !vigil_date_validate (add->until, error))
    return FALSE;
  if (!vigil_site_recordings_check_range (self, add->from, add->to, error))
    return FALSE;
  add->until_end = end_of_day (self, add->until);
  if (add->until_end == 0 || add->until_end <= vigil_site_now (self))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a hold until %s would already have ended: give a date from today on"), add->until);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_hold (VigilSite  *self,
          gpointer    data,
          GError    **error)
{
  AddHold *add = data;
  VigilStore *store = vigil_site_get_store (self);
  const char *actor = add->actor;
  g_autoptr(VigilCamera) camera = vigil_store_camera_lookup (store, add->camera, error);
  g_autofree char *object = NULL;
  g_autofree char *range = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  if (camera == NULL)
    return FALSE;
  id = vigil_store_hold_insert (store, vigil_camera_get_id (camera), add->from, add->to, add->reason, add->until,
                                add->until_end, actor, vigil_site_now (self), error);
  if (id == 0)
    return FALSE;

  object = vigil_site_recordings_camera_object (vigil_camera_get_name (camera));
  range = vigil_site_recordings_utc_range (add->from, add->to);
  detail = g_strdup_printf ("hold=%" G_GINT64_FORMAT " %s until=%s", id, range, add->until);
  return vigil_site_audit (self, actor, "hold-placed", object, add->reason, detail, error) &&
         (add->result = vigil_store_hold_get (store, id, error)) != NULL;
}

/**
 * vigil_site_add_hold:
 * @from: the first instant held
 * @to: the end of the range held (not included)
 * @reason: why, for the trail; required
 * @until: the hold's last day, YYYY-MM-DD in the site's zone, from today on
 *
 * Needs the hold-footage permission (team leads and managers).
 *
 * Returns: (transfer full): the hold, or %NULL with @error set
 */
VigilHold *
vigil_site_add_hold (VigilSite     *self,
                     VigilSession  *session,
                     const char    *camera,
                     gint64         from,
                     gint64         to,
                     const char    *reason,
                     const char    *until,
                     GError       **error)
{
  AddHold add = { NULL, camera, from, to, reason, until, 0, NULL };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (camera != NULL, NULL);

  add.actor = vigil_session_get_username (session);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_HOLD_FOOTAGE, N_("hold footage"), error) ||
      !check_hold (self, &add, error))
    return NULL;

  if (!vigil_site_centre_transact (self, add_hold, &add, error))
    {
      g_clear_object (&add.result);
      return NULL;
    }
  return add.result;
}

/* Places a hold as @actor inside the caller's transaction, checked and
 * audited as vigil_site_add_hold() does: an approved export holds what it
 * will export (vigil-site-evidence.c). */
gboolean
vigil_site_place_hold (VigilSite   *self,
                       const char  *actor,
                       const char  *camera,
                       gint64       from,
                       gint64       to,
                       const char  *reason,
                       const char  *until,
                       GError     **error)
{
  AddHold add = { actor, camera, from, to, reason, until, 0, NULL };
  gboolean placed;

  placed = check_hold (self, &add, error) && add_hold (self, &add, error);
  g_clear_object (&add.result);
  return placed;
}

/**
 * vigil_site_check_hold:
 *
 * Checks, without a session and without writing, what vigil_site_add_hold()
 * will check again: the reason, the date (from today on), the range and the
 * camera.
 */
gboolean
vigil_site_check_hold (VigilSite   *self,
                       const char  *camera,
                       gint64       from,
                       gint64       to,
                       const char  *reason,
                       const char  *until,
                       GError     **error)
{
  AddHold add = { NULL, camera, from, to, reason, until, 0, NULL };
  g_autoptr(VigilCamera) found = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (camera != NULL, FALSE);

  return check_hold (self, &add, error) &&
         (found = vigil_store_camera_lookup (vigil_site_get_store (self), camera, error)) != NULL;
}

typedef struct
{
  VigilSession *session;
  gint64        id;
  const char   *reason;
} ReleaseHold;

static gboolean
release_hold (VigilSite  *self,
              gpointer    data,
              GError    **error)
{
  ReleaseHold *release = data;
  VigilStore *store = vigil_site_get_store (self);
  const char *actor = vigil_session_get_username (release->session);
  g_autoptr(VigilHold) hold = vigil_store_hold_get (store, release->id, error);
  g_autofree char *object = NULL;
  g_autofree char *range = NULL;
  g_autofree char *detail = NULL;

  if (hold == NULL)
    return FALSE;
  if (vigil_hold_get_released_at (hold) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("hold %lld was already released by %s"),
                   (long long) release->id, vigil_hold_get_released_by (hold));
      return FALSE;
    }

  object = vigil_site_recordings_camera_object (vigil_hold_get_camera (hold));
  range = vigil_site_recordings_utc_range (vigil_hold_get_from (hold), vigil_hold_get_to (hold));
  detail = g_strdup_printf ("hold=%" G_GINT64_FORMAT " %s until=%s", release->id, range,
                            vigil_hold_get_until (hold));
  return vigil_store_hold_release (store, release->id, vigil_site_now (self), actor, release->reason, error) &&
         vigil_site_audit (self, actor, "hold-released", object, release->reason, detail, error);
}

/**
 * vigil_site_release_hold:
 * @reason: why it is no longer needed; required
 *
 * Ends a hold before its until date; the footage it kept is then subject to
 * retention again. Needs the hold-footage permission.
 */
gboolean
vigil_site_release_hold (VigilSite     *self,
                         VigilSession  *session,
                         gint64         hold_id,
                         const char    *reason,
                         GError       **error)
{
  ReleaseHold release = { session, hold_id, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_HOLD_FOOTAGE,
                                    N_("release a hold on footage"), error) ||
      !vigil_text_validate_reason (reason, TRUE, error))
    return FALSE;

  return vigil_site_centre_transact (self, release_hold, &release, error);
}

/**
 * vigil_site_list_holds:
 *
 * Returns: (transfer full) (element-type VigilHold): every hold, released
 *   ones included, newest first
 */
GPtrArray *
vigil_site_list_holds (VigilSite  *self,
                       GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_holds_list (vigil_site_get_store (self), error);
}
