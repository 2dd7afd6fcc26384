/* vigil-site-family.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-site-centre-private.h"
#include "vigil-stage-change-private.h"
#include "vigil-store-centre.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* How closely a family is watched over time: stage changes and observation
 * windows (safeguarding overrides are in vigil-site-override.c). The team
 * lead's work; each call checks its permission, validates inside the
 * transaction (so two consoles cannot race past a rule) and writes the
 * change with its audit entry. */

#define MAX_EVIDENCE  200

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
  if (!vigil_text_validate_reason (reason, TRUE, error))
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
      g_autofree char *shown = vigil_site_centre_local_time (self, plan->effective_at);
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

/* Marks @changes cancelled, each with its audit entry; if @cancelled is not
 * NULL, adds to it each change as it now stands. */
static gboolean
cancel_changes (VigilSite    *self,
                VigilFamily  *family,
                GPtrArray    *changes,
                gint64        now,
                const char   *actor,
                const char   *reason,
                GPtrArray    *cancelled,
                GError      **error)
{
  g_autofree char *object = vigil_site_centre_family_object (family);

  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);
      g_autofree char *when = vigil_time_format_utc (vigil_stage_change_get_effective_at (change));
      g_autofree char *detail = g_strdup_printf ("change=%" G_GINT64_FORMAT " to=%s effective=%s",
                                                 vigil_stage_change_get_id (change),
                                                 vigil_family_state_to_string (vigil_stage_change_get_to_state (change)),
                                                 when);

      if (!vigil_store_stage_change_cancel (vigil_site_get_store (self), vigil_stage_change_get_id (change),
                                            now, actor, error) ||
          !vigil_site_audit (self, actor, "stage-change-cancelled", object, reason, detail, error))
        return FALSE;

      if (cancelled != NULL)
        g_ptr_array_add (cancelled,
                         vigil_stage_change_new (vigil_stage_change_get_id (change),
                                                 vigil_stage_change_get_family_id (change),
                                                 vigil_stage_change_get_effective_at (change),
                                                 vigil_stage_change_get_from_state (change),
                                                 vigil_stage_change_get_to_state (change),
                                                 vigil_stage_change_get_changed_by (change),
                                                 vigil_stage_change_get_recorded_at (change),
                                                 vigil_stage_change_get_reason (change),
                                                 vigil_stage_change_get_evidence (change),
                                                 now, actor));
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
  GPtrArray         *replaced;   /* VigilStageChange, cancelled */
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

  /* A record, so in plain English whatever the console's language. */
  overtaken_reason = g_strdup_printf ("replaced by a later decision: %s", set->reason);
  if (!cancel_changes (self, plan.family, plan.overtaken, plan.now, actor, overtaken_reason, set->replaced,
                       error))
    return FALSE;

  id = vigil_store_stage_change_insert (vigil_site_get_store (self), vigil_family_get_id (plan.family),
                                        plan.effective_at, plan.from_state, set->state, actor, plan.now,
                                        set->reason, evidence, error);
  if (id == 0)
    return FALSE;

  object = vigil_site_centre_family_object (plan.family);
  when = vigil_time_format_utc (plan.effective_at);
  detail = g_strdup_printf ("change=%" G_GINT64_FORMAT " from=%s to=%s effective=%s evidence=%s",
                            id, vigil_family_state_to_string (plan.from_state),
                            vigil_family_state_to_string (set->state), when, evidence);
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
 * @replaced: (out) (optional) (transfer full) (element-type VigilStageChange):
 *   the scheduled changes this one replaced, now marked cancelled (often
 *   none); set only on success
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
                      GPtrArray        **replaced,
                      GError           **error)
{
  g_autoptr(GPtrArray) cancelled = g_ptr_array_new_with_free_func (g_object_unref);
  SetStage set = { session, case_ref, state, effective_at, reason, evidence, NULL, cancelled };

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (replaced != NULL)
    *replaced = NULL;

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_CHANGE_STAGE,
                                    N_("change a family's stage"), error))
    return NULL;

  if (!vigil_site_centre_transact (self, set_stage, &set, error))
    {
      g_clear_object (&set.result);
      return NULL;
    }

  if (replaced != NULL)
    *replaced = g_steal_pointer (&cancelled);
  return set.result;
}

typedef struct
{
  VigilSession *session;
  const char   *case_ref;
  gint64        change_id;
  const char   *reason;
} CancelStage;

/* The scheduled change @change_id of the family and every change scheduled
 * after it, or %NULL when it cannot be cancelled now. */
static GPtrArray *
plan_cancel (VigilSite     *self,
             const char    *case_ref,
             gint64         change_id,
             VigilFamily  **family_out,
             GPtrArray    **changes_out,
             GError       **error)
{
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) cancelled = g_ptr_array_new ();
  VigilStageChange *target = NULL;
  gint64 now = vigil_site_now (self);

  family = vigil_site_centre_placed_family (self, case_ref, error);
  if (family == NULL)
    return NULL;
  changes = vigil_store_stage_changes_list (vigil_site_get_store (self), vigil_family_get_id (family), error);
  if (changes == NULL)
    return NULL;

  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);

      if (target == NULL && vigil_stage_change_get_id (change) == change_id)
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
                   vigil_family_get_case_ref (family), change_id);
      return NULL;
    }
  if (vigil_stage_change_get_cancelled_at (target) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("stage change %" G_GINT64_FORMAT " was already cancelled"), change_id);
      return NULL;
    }
  if (!vigil_stage_change_is_pending (target, now) ||
      vigil_stage_change_get_from_state (target) == VIGIL_STATE_NONE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("stage change %" G_GINT64_FORMAT " has already taken effect: make a new change instead"),
                   change_id);
      return NULL;
    }

  if (family_out != NULL)
    *family_out = g_steal_pointer (&family);
  if (changes_out != NULL)
    *changes_out = g_steal_pointer (&changes);
  return g_steal_pointer (&cancelled);
}

/**
 * vigil_site_check_stage_cancel:
 *
 * Checks, without writing, that the family's scheduled change @change_id
 * could be cancelled now.
 */
gboolean
vigil_site_check_stage_cancel (VigilSite   *self,
                               const char  *case_ref,
                               gint64       change_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) cancelled = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  cancelled = plan_cancel (self, case_ref, change_id, NULL, &changes, error);
  return cancelled != NULL;
}

static gboolean
cancel_stage (VigilSite  *self,
              gpointer    data,
              GError    **error)
{
  CancelStage *cancel = data;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) cancelled = NULL;

  /* @changes owns what @cancelled points to. */
  cancelled = plan_cancel (self, cancel->case_ref, cancel->change_id, &family, &changes, error);
  if (cancelled == NULL)
    return FALSE;

  return cancel_changes (self, family, cancelled, vigil_site_now (self),
                         vigil_session_get_username (cancel->session), cancel->reason, NULL, error);
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
                                    N_("cancel a scheduled stage change"), error) ||
      !vigil_text_validate_reason (reason, TRUE, error))
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

/* The window in an audit entry's details. */
static char *
window_detail (VigilWindow *window)
{
  g_autofree char *when = vigil_window_describe (window);

  return g_strdup_printf ("window=%" G_GINT64_FORMAT " when=%s audio=%s purpose=%s",
                          vigil_window_get_id (window), when,
                          vigil_window_get_audio (window) ? "yes" : "no",
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

  object = vigil_site_centre_family_object (family);
  detail = window_detail (add->result);
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
                                    N_("set an observation window"), error))
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

/* A window can be removed once: a second removal is refused, naming the
 * first. */
static gboolean
check_window_not_removed (VigilSite    *self,
                          VigilWindow  *window,
                          GError      **error)
{
  g_autofree char *when = NULL;

  if (vigil_window_get_removed_at (window) == 0)
    return TRUE;

  when = vigil_site_centre_local_time (self, vigil_window_get_removed_at (window));
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
               _("window %" G_GINT64_FORMAT " was already removed, at %s by %s"),
               vigil_window_get_id (window), when, vigil_window_get_removed_by (window));
  return FALSE;
}

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
  if (!check_window_not_removed (self, window, error))
    return FALSE;

  family = vigil_store_family_lookup_id (store, vigil_window_get_family_id (window), error);
  if (family == NULL)
    return FALSE;

  object = vigil_site_centre_family_object (family);
  detail = window_detail (window);
  return vigil_store_window_remove (store, remove->window_id, vigil_site_now (self),
                                    vigil_session_get_username (remove->session), error) &&
         vigil_site_audit (self, vigil_session_get_username (remove->session), "window-removed", object,
                           remove->reason ? remove->reason : "", detail, error);
}

/**
 * vigil_site_check_remove_window:
 * @reason: (nullable): why, if given
 *
 * Checks, without a session and without writing, what
 * vigil_site_remove_window() will check again: the window exists and is not
 * removed yet, and the reason is one line of text.
 */
gboolean
vigil_site_check_remove_window (VigilSite    *self,
                                gint64        window_id,
                                const char   *reason,
                                GError      **error)
{
  g_autoptr(VigilWindow) window = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  if (!vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;
  window = vigil_store_window_lookup (vigil_site_get_store (self), window_id, error);
  return window != NULL && check_window_not_removed (self, window, error);
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
                                    N_("remove an observation window"), error))
    return FALSE;
  if (reason != NULL && *reason != '\0' &&
      !vigil_text_validate_reason (reason, TRUE, error))
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
