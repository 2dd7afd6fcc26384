/* vigil-wall-snapshot.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-wall-snapshot.h"

/* The calls queue on the site's worker and run in order; this counts the
 * answers still to come and fails the whole snapshot on the first error, so
 * the wall never shows half of a change. */
typedef struct
{
  VigilSite         *site;
  VigilWallSnapshot *snapshot;
  GPtrArray         *families;
  guint              pending;
  GError            *error;
} Taking;

static void
entry_free (VigilWallEntry *entry)
{
  g_clear_object (&entry->camera);
  g_clear_object (&entry->family);
  g_clear_object (&entry->override);
  g_clear_object (&entry->scheduled);
  g_clear_object (&entry->duty);
  g_clear_object (&entry->uncovered);
  vigil_policy_decision_clear (&entry->decision);
  g_free (entry);
}

static void
snapshot_clear (gpointer data)
{
  VigilWallSnapshot *self = data;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->duties, g_ptr_array_unref);
  g_clear_pointer (&self->uncovered, g_ptr_array_unref);
  g_clear_pointer (&self->families, g_ptr_array_unref);
}

VigilWallSnapshot *
vigil_wall_snapshot_ref (VigilWallSnapshot *self)
{
  return g_rc_box_acquire (self);
}

void
vigil_wall_snapshot_unref (VigilWallSnapshot *self)
{
  if (self != NULL)
    g_rc_box_release_full (self, snapshot_clear);
}

static void
taking_free (Taking *taking)
{
  g_clear_object (&taking->site);
  g_clear_pointer (&taking->snapshot, vigil_wall_snapshot_unref);
  g_clear_pointer (&taking->families, g_ptr_array_unref);
  g_clear_error (&taking->error);
  g_free (taking);
}

static Taking *
taking_of (GTask *task)
{
  return g_task_get_task_data (task);
}

/* One answer came: the last one finishes the task. */
static void
answered (GTask  *task,
          GError *error)
{
  Taking *taking = taking_of (task);

  if (error != NULL && taking->error == NULL)
    taking->error = error;
  else
    g_clear_error (&error);

  g_assert (taking->pending > 0);
  if (--taking->pending > 0)
    return;

  if (taking->error != NULL)
    g_task_return_error (task, g_steal_pointer (&taking->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&taking->snapshot), (GDestroyNotify) vigil_wall_snapshot_unref);
  g_object_unref (task);
}

/* One of the calls about one entry. */
typedef struct
{
  GTask          *task;
  VigilWallEntry *entry;
} EntryCall;

static EntryCall *
entry_call_new (GTask          *task,
                VigilWallEntry *entry)
{
  EntryCall *call = g_new0 (EntryCall, 1);

  call->task = task;
  call->entry = entry;
  taking_of (task)->pending++;
  return call;
}

static void
on_explained (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree EntryCall *call = user_data;
  GError *error = NULL;

  vigil_site_explain_camera_finish (VIGIL_SITE (object), result, &call->entry->decision, &error);
  answered (call->task, error);
}

static void
on_stages (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree EntryCall *call = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) changes = vigil_site_list_stage_changes_finish (VIGIL_SITE (object), result, &error);

  gint64 taken_at = taking_of (call->task)->snapshot->taken_at;

  if (changes != NULL)
    {
      call->entry->state = vigil_stage_change_list_state_at (changes, taken_at);
      for (guint i = 0; i < changes->len && call->entry->scheduled == NULL; i++)
        if (vigil_stage_change_is_pending (g_ptr_array_index (changes, i), taken_at))
          call->entry->scheduled = g_object_ref (g_ptr_array_index (changes, i));
    }
  answered (call->task, error);
}

static void
on_override (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree EntryCall *call = user_data;
  GError *error = NULL;

  /* No running override is no error: NULL without one. */
  call->entry->override = vigil_site_get_running_override_finish (VIGIL_SITE (object), result, &error);
  answered (call->task, error);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const VigilWallEntry *x = *(VigilWallEntry * const *) a;
  const VigilWallEntry *y = *(VigilWallEntry * const *) b;
  VigilLocation lx = vigil_camera_get_location (x->camera);
  VigilLocation ly = vigil_camera_get_location (y->camera);

  if (lx != ly)
    return lx == VIGIL_LOCATION_FAMILY_ROOM ? -1 : 1;
  if (lx == VIGIL_LOCATION_FAMILY_ROOM)
    {
      int by_room = g_utf8_collate (vigil_camera_get_room (x->camera), vigil_camera_get_room (y->camera));

      if (by_room != 0)
        return by_room;
    }
  return g_utf8_collate (vigil_camera_get_name (x->camera), vigil_camera_get_name (y->camera));
}

static VigilFamily *
family_in_room (GPtrArray  *families,
                const char *room)
{
  for (guint i = 0; room != NULL && i < families->len; i++)
    {
      VigilFamily *family = g_ptr_array_index (families, i);

      if (g_strcmp0 (vigil_family_get_room (family), room) == 0)
        return family;
    }
  return NULL;
}

static void
on_coverage (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Taking *taking = taking_of (task);
  VigilWallSnapshot *snapshot = taking->snapshot;
  VigilSite *site = VIGIL_SITE (object);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  /* The count's first unit, taken at the start, holds the task until every
   * call below is queued. */
  if (!vigil_site_get_coverage_finish (site, result, &snapshot->duties, &snapshot->uncovered, &error))
    {
      answered (task, error);
      return;
    }

  for (guint i = 0; i < snapshot->entries->len; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (snapshot->entries, i);
      const char *case_ref;

      vigil_site_explain_camera_async (site, vigil_camera_get_name (entry->camera), snapshot->taken_at, cancellable,
                                       on_explained, entry_call_new (task, entry));
      if (entry->family == NULL)
        continue;

      case_ref = vigil_family_get_case_ref (entry->family);
      for (guint j = 0; j < snapshot->duties->len; j++)
        if (g_strcmp0 (vigil_duty_get_case_ref (g_ptr_array_index (snapshot->duties, j)), case_ref) == 0)
          entry->duty = g_object_ref (g_ptr_array_index (snapshot->duties, j));
      for (guint j = 0; j < snapshot->uncovered->len; j++)
        if (g_strcmp0 (vigil_watch_request_get_case_ref (g_ptr_array_index (snapshot->uncovered, j)), case_ref) == 0)
          entry->uncovered = g_object_ref (g_ptr_array_index (snapshot->uncovered, j));
      vigil_site_list_stage_changes_async (site, case_ref, cancellable, on_stages, entry_call_new (task, entry));
      vigil_site_get_running_override_async (site, case_ref, cancellable, on_override,
                                             entry_call_new (task, entry));
    }
  answered (task, NULL);
}

static void
on_families (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Taking *taking = taking_of (task);
  GError *error = NULL;

  taking->families = vigil_site_list_families_finish (VIGIL_SITE (object), result, &error);
  if (taking->families == NULL)
    {
      answered (task, error);
      return;
    }
  taking->snapshot->families = g_ptr_array_ref (taking->families);

  for (guint i = 0; i < taking->snapshot->entries->len; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (taking->snapshot->entries, i);
      VigilFamily *family;

      if (vigil_camera_get_location (entry->camera) != VIGIL_LOCATION_FAMILY_ROOM)
        continue;
      family = family_in_room (taking->families, vigil_camera_get_room (entry->camera));
      if (family != NULL)
        entry->family = g_object_ref (family);
    }
  vigil_site_get_coverage_async (taking->site, g_task_get_cancellable (task), on_coverage, task);
}

static void
on_cameras (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Taking *taking = taking_of (task);
  GError *error = NULL;
  g_autoptr(GPtrArray) cameras = vigil_site_list_cameras_finish (VIGIL_SITE (object), result, &error);

  if (cameras == NULL)
    {
      answered (task, error);
      return;
    }

  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);
      VigilWallEntry *entry;

      if (!vigil_camera_get_enabled (camera))
        continue;
      entry = g_new0 (VigilWallEntry, 1);
      entry->camera = g_object_ref (camera);
      g_ptr_array_add (taking->snapshot->entries, entry);
    }
  g_ptr_array_sort (taking->snapshot->entries, compare_entries);
  vigil_site_list_families_async (taking->site, FALSE, g_task_get_cancellable (task), on_families, task);
}

void
vigil_wall_snapshot_take_async (VigilSite           *site,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Taking *taking;

  g_return_if_fail (VIGIL_IS_SITE (site));

  task = g_task_new (site, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_wall_snapshot_take_async);
  taking = g_new0 (Taking, 1);
  taking->site = g_object_ref (site);
  taking->pending = 1;
  taking->snapshot = g_rc_box_new0 (VigilWallSnapshot);
  taking->snapshot->taken_at = vigil_site_now (site);
  taking->snapshot->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_task_set_task_data (task, taking, (GDestroyNotify) taking_free);
  vigil_site_list_cameras_async (site, cancellable, on_cameras, task);
}

VigilWallSnapshot *
vigil_wall_snapshot_take_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_wall_snapshot_take_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
vigil_wall_snapshot_next_change (VigilWallSnapshot *self)
{
  gint64 next = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->entries->len; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->decision.next_change > 0 && (next == 0 || entry->decision.next_change < next))
        next = entry->decision.next_change;
    }
  /* An override ends at its time too, though the decision may not change
   * with it (the stage may record anyway): its banner must go. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (self->entries, i);
      gint64 end = entry->override != NULL ? vigil_override_get_end (entry->override) : 0;

      if (end > self->taken_at && (next == 0 || end < next))
        next = end;
    }
  return next;
}

VigilDuty *
vigil_wall_snapshot_duty_of (VigilWallSnapshot *self,
                             const char        *username)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->duties->len; i++)
    {
      VigilDuty *duty = g_ptr_array_index (self->duties, i);

      if (g_strcmp0 (vigil_duty_get_operator (duty), username) == 0)
        return duty;
    }
  return NULL;
}

char *
vigil_wall_entry_describe_family (const VigilWallEntry *entry)
{
  g_return_val_if_fail (entry != NULL && entry->family != NULL, NULL);

  /* TRANSLATORS: a family's label and its room, e.g. "K.M. (Room 1)" */
  return g_strdup_printf (_("%s (%s)"), vigil_family_get_label (entry->family),
                          vigil_family_get_room (entry->family));
}
