/* vigil-site-family.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-site-centre-private.h"
#include "vigil-stage-change-private.h"
#include "vigil-store-centre.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* How closely a family is watched over time: stage changes, observation
 * windows and safeguarding overrides. The team lead's work; each call checks
 * its permission, validates inside the transaction (so two consoles cannot
 * race past a rule) and writes the change with its audit entry. */

#define MAX_REASON    500
#define MAX_EVIDENCE  200
#define MAX_RATIONALE 1000

static char *
family_object (VigilFamily *family)
{
  return g_strdup_printf ("family:%s", vigil_family_get_case_ref (family));
}

static char *
local_time (VigilSite *self,
            gint64     instant)
{
  return vigil_time_format_local (instant, vigil_site_get_time_zone (self), "%Y-%m-%d %H:%M %Z");
}

/* Stage changes */

/* What a stage change would do, worked out against the store as it is. */
typedef struct
{
  VigilFamily      *family;
  GPtrArray        *changes;
  GPtrArray        *overtaken;     /* scheduled changes it replaces */
  gint64            now;
  gint64            effective_at;
  VigilFamilyState  from_state;
} StagePlan;

static void
stage_plan_clear (StagePlan *plan)
{
  g_clear_object (&plan->family);
  g_clear_pointer (&plan->changes, g_ptr_array_unref);
  g_clear_pointer (&plan->overtaken, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StagePlan, stage_plan_clear)

/* The latest decision wins: a new change replaces every scheduled change
 * due at or after its own time, so the history always reads as one chain
 * (each change's "from" is the one before's "to"). The admission entry is
 * never replaced. */
static gboolean
plan_stage_change (VigilSite         *self,
                   const char        *case_ref,
                   VigilFamilyState   state,
                   gint64             effective_at,
                   const char        *reason,
                   const char        *evidence,
                   StagePlan         *plan,
                   GError           **error)
{
  VigilStore *store = vigil_site_get_store (self);
  gint64 admitted_at = 0;

  if (state < VIGIL_STATE_STAGE_1 || state > VIGIL_STATE_OFF)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a family's state is stage 1, 2, 3 or 4, or off"));
      return FALSE;
    }
  if (!vigil_text_validate_line (reason, MAX_REASON, _("reason"), error))
    return FALSE;
  if (evidence != NULL && *evidence != '\0' &&
      !vigil_text_validate_line (evidence, MAX_EVIDENCE, _("evidence reference"), error))
    return FALSE;

  plan->family = vigil_site_centre_placed_family (self, case_ref, error);
  if (plan->family == NULL)
    return FALSE;

  plan->now = vigil_site_now (self);
  plan->effective_at = effective_at != 0 ? effective_at : plan->now;
  if (plan->effective_at < plan->now)
    {
      g_autofree char *shown = local_time (self, plan->effective_at);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is in the past: a stage change takes effect now or later (leave out the time for now)"),
                   shown);
      return FALSE;
    }

  if (!vigil_time_parse (vigil_family_get_admitted_on (plan->family), vigil_site_get_time_zone (self),
                         &admitted_at, error))
    return FALSE;
  if (admitted_at > plan->now && plan->effective_at <= admitted_at)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("family %s is admitted on %s at the stage given then: a change can take effect only after that"),
                   vigil_family_get_case_ref (plan->family), vigil_family_get_admitted_on (plan->family));
      return FALSE;
    }

  plan->changes = vigil_store_stage_changes_list (store, vigil_family_get_id (plan->family), error);
  if (plan->changes == NULL)
    return FALSE;

  plan->overtaken = g_ptr_array_new ();
  plan->from_state = VIGIL_STATE_NONE;
  for (guint i = 0; i < plan->changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (plan->changes, i);
      gint64 at = vigil_stage_change_get_effective_at (change);

      if (vigil_stage_change_get_cancelled_at (change) != 0)
        continue;
      if (vigil_stage_change_is_pending (change, plan->now) && at >= plan->effective_at &&
          vigil_stage_change_get_from_state (change) != VIGIL_STATE_NONE)
        g_ptr_array_add (plan->overtaken, change);
      else if (at <= plan->effective_at)
        plan->from_state = vigil_stage_change_get_to_state (change);
    }

  if (plan->from_state == state)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   plan->effective_at == plan->now ? _("family %s is already at %s")
                                                   : _("family %s will already be at %s then"),
                   vigil_family_get_case_ref (plan->family), vigil_stage_change_describe_state (state));
      return FALSE;
    }

  /* Watching a family less must rest on an assessment; watching them more
   * (going back a stage, for a concern) must never wait for paperwork. */
  if (state > plan->from_state && (evidence == NULL || *evidence == '\0'))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("moving family %s from %s to %s reduces observation: give the evidence reference (such as “Weekly Placement Update 2026-11-20” or a Family Risk Assessment)"),
                   vigil_family_get_case_ref (plan->family),
                   vigil_stage_change_describe_state (plan->from_state),
                   vigil_stage_change_describe_state (state));
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_site_check_stage_change:
 * @effective_at: when it takes effect, 0 for now; never in the past
 * @evidence: (nullable): the evidence reference; required for a change that
 *   reduces observation (a higher stage, or off)
 *
 * Checks a stage change without writing anything.
 */
gboolean
vigil_site_check_stage_change (VigilSite         *self,
                               const char        *case_ref,
                               VigilFamilyState   state,
                               gint64             effective_at,
                               const char        *reason,
                               const char        *evidence,
                               GError           **error)
{
  g_auto(StagePlan) plan = { 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  return plan_stage_change (self, case_ref, state, effective_at, reason, evidence, &plan, error);
}

static gboolean
cancel_changes (VigilSite    *self,
                VigilFamily  *family,
                GPtrArray    *changes,
                gint64        now,
                const char   *actor,
                const char   *reason,
                GError      **error)
{
  g_autofree char *object = family_object (family);

  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);
      g_autofree char *when = vigil_site_centre_utc (vigil_stage_change_get_effective_at (change));
      g_autofree char *detail = g_strdup_printf ("change=%" G_GINT64_FORMAT " to=%s effective=%s",
                                                 vigil_stage_change_get_id (change),
                                                 vigil_stage_change_describe_state (vigil_stage_change_get_to_state (change)),
                                                 when);

      if (!vigil_store_stage_change_cancel (vigil_site_get_store (self), vigil_stage_change_get_id (change),
                                            now, actor, error) ||
          !vigil_site_audit (self, actor, "stage-change-cancelled", object, reason, detail, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  VigilSession      *session;
  const char        *case_ref;
  VigilFamilyState   state;
  gint64             effective_at;
  const char        *reason;
  const char        *evidence;
  VigilStageChange  *result;
} SetStage;

static gboolean
set_stage (VigilSite  *self,
           gpointer    data,
           GError    **error)
{
  SetStage *set = data;
  const char *actor = vigil_session_get_username (set->session);
  const char *evidence = set->evidence ? set->evidence : "";
  g_auto(StagePlan) plan = { 0 };
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *when = NULL;
  g_autofree char *overtaken_reason = NULL;
  gint64 id;

  if (!plan_stage_change (self, set->case_ref, set->state, set->effective_at, set->reason, set->evidence,
                          &plan, error))
    return FALSE;

  overtaken_reason = g_strdup_printf (_("replaced by a later decision: %s"), set->reason);
  if (!cancel_changes (self, plan.family, plan.overtaken, plan.now, actor, overtaken_reason, error))
    return FALSE;

  id = vigil_store_stage_change_insert (vigil_site_get_store (self), vigil_family_get_id (plan.family),
                                        plan.effective_at, plan.from_state, set->state, actor, plan.now,
                                        set->reason, evidence, error);
  if (id == 0)
    return FALSE;

  object = family_object (plan.family);
  when = vigil_site_centre_utc (plan.effective_at);
  detail = g_strdup_printf ("change=%" G_GINT64_FORMAT " from=%s to=%s effective=%s evidence=%s",
                            id, vigil_stage_change_describe_state (plan.from_state),
                            vigil_stage_change_describe_state (set->state), when, evidence);
  if (!vigil_site_audit (self, actor,
                         plan.effective_at > plan.now ? "stage-change-scheduled" : "stage-changed",
                         object, set->reason, detail, error))
    return FALSE;

  set->result = vigil_stage_change_new (id, vigil_family_get_id (plan.family), plan.effective_at,
                                        plan.from_state, set->state, actor, plan.now, set->reason,
                                        evidence, 0, NULL);
  return TRUE;
}

/**
 * vigil_site_set_stage:
 * @effective_at: when it takes effect, 0 for now; a later time schedules it
 * @evidence: (nullable): the evidence reference; required for a change that
 *   reduces observation
 *
 * Changes a family's state, now or at a later time. A scheduled change due
 * at or after @effective_at is replaced (marked cancelled). Setting the state
 * the family will already be in is refused. Needs the change-stage
 * permission.
 *
 * Returns: (transfer full): the change as recorded, or %NULL with @error
 */
VigilStageChange *
vigil_site_set_stage (VigilSite         *self,
                      VigilSession      *session,
                      const char        *case_ref,
                      VigilFamilyState   state,
                      gint64             effective_at,
                      const char        *reason,
                      const char        *evidence,
                      GError           **error)
{
  SetStage set = { session, case_ref, state, effective_at, reason, evidence, NULL };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_CHANGE_STAGE,
                                    _("change a family's stage"), error))
    return NULL;

  if (!vigil_site_centre_transact (self, set_stage, &set, error))
    {
      g_clear_object (&set.result);
      return NULL;
    }
  return set.result;
}

typedef struct
{
  VigilSession *session;
  const char   *case_ref;
  gint64        change_id;
  const char   *reason;
} CancelStage;

static gboolean
cancel_stage (VigilSite  *self,
              gpointer    data,
              GError    **error)
{
  CancelStage *cancel = data;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) cancelled = g_ptr_array_new ();
  VigilStageChange *target = NULL;
  gint64 now = vigil_site_now (self);

  family = vigil_site_centre_placed_family (self, cancel->case_ref, error);
  if (family == NULL)
    return FALSE;
  changes = vigil_store_stage_changes_list (vigil_site_get_store (self), vigil_family_get_id (family), error);
  if (changes == NULL)
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);

      if (target == NULL && vigil_stage_change_get_id (change) == cancel->change_id)
        target = change;
      /* Changes scheduled after it were planned on top of it: they go too,
       * so what remains still reads as one chain. */
      if (target != NULL && vigil_stage_change_is_pending (change, now))
        g_ptr_array_add (cancelled, change);
    }

  if (target == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                   _("family %s has no stage change number %" G_GINT64_FORMAT),
                   vigil_family_get_case_ref (family), cancel->change_id);
      return FALSE;
    }
  if (vigil_stage_change_get_cancelled_at (target) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("stage change %" G_GINT64_FORMAT " was already cancelled"), cancel->change_id);
      return FALSE;
    }
  if (!vigil_stage_change_is_pending (target, now) ||
      vigil_stage_change_get_from_state (target) == VIGIL_STATE_NONE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("stage change %" G_GINT64_FORMAT " has already taken effect: make a new change instead"),
                   cancel->change_id);
      return FALSE;
    }

  return cancel_changes (self, family, cancelled, now, vigil_session_get_username (cancel->session),
                         cancel->reason, error);
}

/**
 * vigil_site_cancel_stage_change:
 *
 * Cancels a scheduled stage change that has not yet taken effect, with any
 * scheduled after it. Needs the change-stage permission.
 */
gboolean
vigil_site_cancel_stage_change (VigilSite     *self,
                                VigilSession  *session,
                                const char    *case_ref,
                                gint64         change_id,
                                const char    *reason,
                                GError       **error)
{
  CancelStage cancel = { session, case_ref, change_id, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_CHANGE_STAGE,
                                    _("cancel a scheduled stage change"), error) ||
      !vigil_text_validate_line (reason, MAX_REASON, _("reason"), error))
    return FALSE;

  return vigil_site_centre_transact (self, cancel_stage, &cancel, error);
}

/**
 * vigil_site_list_stage_changes:
 *
 * Returns: (transfer full) (element-type VigilStageChange): the family's whole
 *   stage history, cancelled and scheduled changes included
 */
GPtrArray *
vigil_site_list_stage_changes (VigilSite   *self,
                               const char  *case_ref,
                               GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  family = vigil_site_lookup_family (self, case_ref, error);
  if (family == NULL)
    return NULL;

  return vigil_store_stage_changes_list (vigil_site_get_store (self), vigil_family_get_id (family), error);
}

/* Observation windows */

/**
 * vigil_site_check_new_window:
 *
 * Checks a window without writing anything. A window may be set up for a
 * family at any stage, ahead of stage 3; it only counts at stages 3 and 4.
 */
gboolean
vigil_site_check_new_window (VigilSite    *self,
                             const char   *case_ref,
                             VigilWindow  *window,
                             GError      **error)
{
  g_autofree char *today = NULL;
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);
  g_return_val_if_fail (VIGIL_IS_WINDOW (window), FALSE);

  today = vigil_site_centre_today (self);
  if (!vigil_window_validate (window, today, error))
    return FALSE;

  family = vigil_site_centre_placed_family (self, case_ref, error);
  return family != NULL;
}

static char *
describe_window (VigilWindow *window)
{
  g_autofree char *days = vigil_window_days_to_string (vigil_window_get_days (window));
  g_autofree char *start = vigil_window_format_minute (vigil_window_get_start_minute (window));
  g_autofree char *end = vigil_window_format_minute (vigil_window_get_end_minute (window));

  return g_strdup_printf ("window=%" G_GINT64_FORMAT " %s=%s start=%s end=%s audio=%s purpose=%s",
                          vigil_window_get_id (window),
                          vigil_window_get_date (window) ? "date" : "days",
                          vigil_window_get_date (window) ? vigil_window_get_date (window) : days,
                          start, end, vigil_window_get_audio (window) ? "yes" : "no",
                          vigil_window_get_purpose (window));
}

typedef struct
{
  VigilSession *session;
  const char   *case_ref;
  VigilWindow  *window;
  VigilWindow  *result;
} AddWindow;

static gboolean
add_window (VigilSite  *self,
            gpointer    data,
            GError    **error)
{
  AddWindow *add = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  if (!vigil_site_check_new_window (self, add->case_ref, add->window, error))
    return FALSE;

  family = vigil_site_centre_placed_family (self, add->case_ref, error);
  if (family == NULL)
    return FALSE;

  id = vigil_store_window_insert (store, vigil_family_get_id (family), add->window,
                                  vigil_session_get_username (add->session), vigil_site_now (self), error);
  if (id == 0 || (add->result = vigil_store_window_lookup (store, id, error)) == NULL)
    return FALSE;

  object = family_object (family);
  detail = describe_window (add->result);
  return vigil_site_audit (self, vigil_session_get_username (add->session), "window-added", object,
                           vigil_window_get_purpose (add->window), detail, error);
}

/**
 * vigil_site_add_window:
 *
 * Adds an observation window to a family. Needs the edit-windows
 * permission.
 *
 * Returns: (transfer full): the window as stored (with its id), or %NULL
 */
VigilWindow *
vigil_site_add_window (VigilSite     *self,
                       VigilSession  *session,
                       const char    *case_ref,
                       VigilWindow   *window,
                       GError       **error)
{
  AddWindow add = { session, case_ref, window, NULL };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);
  g_return_val_if_fail (VIGIL_IS_WINDOW (window), NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EDIT_WINDOWS,
                                    _("set an observation window"), error))
    return NULL;

  if (!vigil_site_centre_transact (self, add_window, &add, error))
    {
      g_clear_object (&add.result);
      return NULL;
    }
  return add.result;
}

VigilWindow *
vigil_site_lookup_window (VigilSite  *self,
                          gint64      window_id,
                          GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_window_lookup (vigil_site_get_store (self), window_id, error);
}

typedef struct
{
  VigilSession *session;
  gint64        window_id;
  const char   *reason;
} RemoveWindow;

static gboolean
remove_window (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  RemoveWindow *remove = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;

  window = vigil_store_window_lookup (store, remove->window_id, error);
  if (window == NULL)
    return FALSE;
  if (vigil_window_get_removed_at (window) != 0)
    {
      g_autofree char *when = local_time (self, vigil_window_get_removed_at (window));
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("window %" G_GINT64_FORMAT " was already removed, at %s by %s"),
                   remove->window_id, when, vigil_window_get_removed_by (window));
      return FALSE;
    }

  family = vigil_store_family_lookup_id (store, vigil_window_get_family_id (window), error);
  if (family == NULL)
    return FALSE;

  object = family_object (family);
  detail = describe_window (window);
  return vigil_store_window_remove (store, remove->window_id, vigil_site_now (self),
                                    vigil_session_get_username (remove->session), error) &&
         vigil_site_audit (self, vigil_session_get_username (remove->session), "window-removed", object,
                           remove->reason ? remove->reason : "", detail, error);
}

/**
 * vigil_site_remove_window:
 *
 * Marks a window removed from now on. It is kept: the policy for an instant
 * before the removal still counts it. Needs the edit-windows permission.
 */
gboolean
vigil_site_remove_window (VigilSite     *self,
                          VigilSession  *session,
                          gint64         window_id,
                          const char    *reason,
                          GError       **error)
{
  RemoveWindow remove = { session, window_id, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_EDIT_WINDOWS,
                                    _("remove an observation window"), error))
    return FALSE;
  if (reason != NULL && *reason != '\0' &&
      !vigil_text_validate_line (reason, MAX_REASON, _("reason"), error))
    return FALSE;

  return vigil_site_centre_transact (self, remove_window, &remove, error);
}

/**
 * vigil_site_list_windows:
 * @include_removed: also windows that were removed
 *
 * Returns: (transfer full) (element-type VigilWindow): the family's windows
 */
GPtrArray *
vigil_site_list_windows (VigilSite   *self,
                         const char  *case_ref,
                         gboolean     include_removed,
                         GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  family = vigil_site_lookup_family (self, case_ref, error);
  if (family == NULL)
    return NULL;

  return vigil_store_windows_list (vigil_site_get_store (self), vigil_family_get_id (family),
                                   include_removed, error);
}

/* Safeguarding overrides */

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
      g_autofree char *until = local_time (self, vigil_override_get_end (plan->running));
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

  object = family_object (plan.family);
  expires = vigil_site_centre_utc (expires_at);
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
                                    _("start a safeguarding override"), error))
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

  running = find_running (overrides, now);
  if (running == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("no safeguarding override is running for family %s"), vigil_family_get_case_ref (family));
      return FALSE;
    }

  object = family_object (family);
  expires = vigil_site_centre_utc (vigil_override_get_expires_at (running));
  detail = g_strdup_printf ("override=%" G_GINT64_FORMAT " expires=%s", vigil_override_get_id (running), expires);
  return vigil_store_override_end (store, vigil_override_get_id (running), now,
                                   vigil_session_get_username (end->session), end->reason, error) &&
         vigil_site_audit (self, vigil_session_get_username (end->session), "override-ended", object,
                           end->reason, detail, error);
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
                                    _("end a safeguarding override"), error) ||
      !vigil_text_validate_line (reason, MAX_REASON, _("reason"), error))
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
