/* vigil-site-override.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-site-centre-private.h"
#include "vigil-store-centre.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* Safeguarding overrides: a team lead turns recording back on for a concern,
 * whatever the family's stage, with a rationale; 24 hours unless shorter, 72
 * at most, renewed only with a new rationale. Each call checks the
 * run-overrides permission, validates inside the transaction and writes the
 * change with its audit entry. */

#define MAX_RATIONALE 1000

static VigilOverride *
find_running (GPtrArray *overrides,
              gint64     now)
{
  for (guint i = 0; i < overrides->len; i++)
    if (vigil_override_is_running (g_ptr_array_index (overrides, i), now))
      return g_ptr_array_index (overrides, i);
  return NULL;
}

/* A renewal must say something new, not the same words again: compared
 * without regard to case or surrounding space. */
static gboolean
same_rationale (const char *a,
                const char *b)
{
  g_autofree char *trimmed_a = g_strstrip (g_strdup (a));
  g_autofree char *trimmed_b = g_strstrip (g_strdup (b));
  g_autofree char *folded_a = g_utf8_casefold (trimmed_a, -1);
  g_autofree char *folded_b = g_utf8_casefold (trimmed_b, -1);

  return g_utf8_collate (folded_a, folded_b) == 0;
}

typedef struct
{
  VigilFamily   *family;
  GPtrArray     *overrides;
  VigilOverride *running;
  gint64         now;
  guint          hours;
} OverridePlan;

static void
override_plan_clear (OverridePlan *plan)
{
  g_clear_object (&plan->family);
  g_clear_pointer (&plan->overrides, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OverridePlan, override_plan_clear)

static gboolean
plan_override (VigilSite     *self,
               const char    *case_ref,
               const char    *rationale,
               guint          hours,
               OverridePlan  *plan,
               GError       **error)
{
  plan->hours = hours != 0 ? hours : VIGIL_OVERRIDE_DEFAULT_HOURS;
  if (plan->hours > VIGIL_OVERRIDE_MAX_HOURS)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("an override lasts at most %d hours (%u asked): renew it with a new rationale when that runs out"),
                   VIGIL_OVERRIDE_MAX_HOURS, plan->hours);
      return FALSE;
    }
  if (!vigil_text_validate_line (rationale, MAX_RATIONALE, _("rationale"), error))
    return FALSE;

  plan->family = vigil_site_centre_placed_family (self, case_ref, error);
  if (plan->family == NULL)
    return FALSE;

  plan->now = vigil_site_now (self);
  plan->overrides = vigil_store_overrides_list (vigil_site_get_store (self),
                                                vigil_family_get_id (plan->family), error);
  if (plan->overrides == NULL)
    return FALSE;

  plan->running = find_running (plan->overrides, plan->now);
  if (plan->running != NULL && same_rationale (vigil_override_get_rationale (plan->running), rationale))
    {
      g_autofree char *until = vigil_site_centre_local_time (self, vigil_override_get_end (plan->running));
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("an override of family %s is running until %s with that rationale: renewing it needs a new rationale"),
                   vigil_family_get_case_ref (plan->family), until);
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_site_check_override:
 * @hours: 1 to 72, or 0 for 24
 *
 * Checks starting (or renewing) an override without writing anything.
 */
gboolean
vigil_site_check_override (VigilSite   *self,
                           const char  *case_ref,
                           const char  *rationale,
                           guint        hours,
                           GError     **error)
{
  g_auto(OverridePlan) plan = { 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  return plan_override (self, case_ref, rationale, hours, &plan, error);
}

typedef struct
{
  VigilSession  *session;
  const char    *case_ref;
  const char    *rationale;
  guint          hours;
  VigilOverride *result;
} StartOverride;

static gboolean
start_override (VigilSite  *self,
                gpointer    data,
                GError    **error)
{
  StartOverride *start = data;
  VigilStore *store = vigil_site_get_store (self);
  const char *actor = vigil_session_get_username (start->session);
  g_auto(OverridePlan) plan = { 0 };
  g_autoptr(GPtrArray) overrides = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *expires = NULL;
  gint64 renews = 0, id, expires_at;

  if (!plan_override (self, start->case_ref, start->rationale, start->hours, &plan, error))
    return FALSE;

  /* A renewal ends the running override now and starts a new one, so each
   * rationale keeps the period it justified. */
  if (plan.running != NULL)
    {
      renews = vigil_override_get_id (plan.running);
      if (!vigil_store_override_end (store, renews, plan.now, actor, "renewed", error))
        return FALSE;
    }

  expires_at = plan.now + (gint64) plan.hours * G_TIME_SPAN_HOUR;
  id = vigil_store_override_insert (store, vigil_family_get_id (plan.family), plan.now, expires_at,
                                    actor, start->rationale, renews, error);
  if (id == 0)
    return FALSE;

  object = vigil_site_centre_family_object (plan.family);
  expires = vigil_time_format_utc (expires_at);
  detail = renews != 0
    ? g_strdup_printf ("override=%" G_GINT64_FORMAT " hours=%u expires=%s renews=%" G_GINT64_FORMAT,
                       id, plan.hours, expires, renews)
    : g_strdup_printf ("override=%" G_GINT64_FORMAT " hours=%u expires=%s", id, plan.hours, expires);
  if (!vigil_site_audit (self, actor, renews != 0 ? "override-renewed" : "override-started", object,
                         start->rationale, detail, error))
    return FALSE;

  overrides = vigil_store_overrides_list (store, vigil_family_get_id (plan.family), error);
  if (overrides == NULL)
    return FALSE;
  for (guint i = 0; i < overrides->len && start->result == NULL; i++)
    if (vigil_override_get_id (g_ptr_array_index (overrides, i)) == id)
      start->result = g_object_ref (g_ptr_array_index (overrides, i));

  return start->result != NULL;
}

/**
 * vigil_site_start_override:
 * @rationale: the safeguarding concern; required
 * @hours: 1 to 72, or 0 for 24
 *
 * Starts a safeguarding override for a family. If one is already running
 * this renews it: the running one ends now (end reason "renewed") and a new
 * one starts, naming it in renews; a renewal needs a rationale different
 * from the running one's. Needs the run-overrides permission.
 *
 * Returns: (transfer full): the new override, or %NULL with @error
 */
VigilOverride *
vigil_site_start_override (VigilSite     *self,
                           VigilSession  *session,
                           const char    *case_ref,
                           const char    *rationale,
                           guint          hours,
                           GError       **error)
{
  StartOverride start = { session, case_ref, rationale, hours, NULL };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_RUN_OVERRIDES,
                                    N_("start a safeguarding override"), error))
    return NULL;

  if (!vigil_site_centre_transact (self, start_override, &start, error))
    {
      g_clear_object (&start.result);
      return NULL;
    }
  return start.result;
}

typedef struct
{
  VigilSession *session;
  const char   *case_ref;
  const char   *reason;
} EndOverride;

/* The family's override running at @now, or %NULL with the refusal a team
 * lead reads when there is none to end. */
static VigilOverride *
running_to_end (VigilFamily  *family,
                GPtrArray    *overrides,
                gint64        now,
                GError      **error)
{
  VigilOverride *running = find_running (overrides, now);

  if (running == NULL)
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("no safeguarding override is running for family %s"), vigil_family_get_case_ref (family));
  return running;
}

static gboolean
end_override (VigilSite  *self,
              gpointer    data,
              GError    **error)
{
  EndOverride *end = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *expires = NULL;
  VigilOverride *running;
  gint64 now = vigil_site_now (self);

  family = vigil_site_lookup_family (self, end->case_ref, error);
  if (family == NULL)
    return FALSE;
  overrides = vigil_store_overrides_list (store, vigil_family_get_id (family), error);
  if (overrides == NULL)
    return FALSE;

  running = running_to_end (family, overrides, now, error);
  if (running == NULL)
    return FALSE;

  object = vigil_site_centre_family_object (family);
  expires = vigil_time_format_utc (vigil_override_get_expires_at (running));
  detail = g_strdup_printf ("override=%" G_GINT64_FORMAT " expires=%s", vigil_override_get_id (running), expires);
  return vigil_store_override_end (store, vigil_override_get_id (running), now,
                                   vigil_session_get_username (end->session), end->reason, error) &&
         vigil_site_audit (self, vigil_session_get_username (end->session), "override-ended", object,
                           end->reason, detail, error);
}

/**
 * vigil_site_check_end_override:
 *
 * Checks, without a session and without writing, what
 * vigil_site_end_override() will check again: the family exists, an override
 * is running, and the reason is given as one line of text.
 *
 * Returns: (transfer full) (nullable): the running override, or %NULL with
 *   @error set
 */
VigilOverride *
vigil_site_check_end_override (VigilSite    *self,
                               const char   *case_ref,
                               const char   *reason,
                               GError      **error)
{
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  VigilOverride *running;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (!vigil_text_validate_reason (reason, TRUE, error) ||
      (family = vigil_site_lookup_family (self, case_ref, error)) == NULL ||
      (overrides = vigil_store_overrides_list (vigil_site_get_store (self), vigil_family_get_id (family),
                                               error)) == NULL)
    return NULL;

  running = running_to_end (family, overrides, vigil_site_now (self), error);
  return running ? g_object_ref (running) : NULL;
}

/**
 * vigil_site_end_override:
 * @reason: why it ends before its expiry; required
 *
 * Ends a family's running override early. Needs the run-overrides
 * permission.
 */
gboolean
vigil_site_end_override (VigilSite     *self,
                         VigilSession  *session,
                         const char    *case_ref,
                         const char    *reason,
                         GError       **error)
{
  EndOverride end = { session, case_ref, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_RUN_OVERRIDES,
                                    N_("end a safeguarding override"), error) ||
      !vigil_text_validate_reason (reason, TRUE, error))
    return FALSE;

  return vigil_site_centre_transact (self, end_override, &end, error);
}

/**
 * vigil_site_get_running_override:
 *
 * Returns: (transfer full) (nullable): the family's override running now, or
 *   %NULL (without an error) when none is
 */
VigilOverride *
vigil_site_get_running_override (VigilSite   *self,
                                 const char  *case_ref,
                                 GError     **error)
{
  g_autoptr(GPtrArray) overrides = NULL;
  VigilOverride *running;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  overrides = vigil_site_list_overrides (self, case_ref, error);
  if (overrides == NULL)
    return NULL;

  running = find_running (overrides, vigil_site_now (self));
  return running ? g_object_ref (running) : NULL;
}

/**
 * vigil_site_list_overrides:
 *
 * Returns: (transfer full) (element-type VigilOverride): every override of
 *   the family, by start
 */
GPtrArray *
vigil_site_list_overrides (VigilSite   *self,
                           const char  *case_ref,
                           GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  family = vigil_site_lookup_family (self, case_ref, error);
  if (family == NULL)
    return NULL;

  return vigil_store_overrides_list (vigil_site_get_store (self), vigil_family_get_id (family), error);
}
