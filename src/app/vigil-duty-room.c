/* vigil-duty-room.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-duty-room.h"

struct _VigilDutyRoom
{
  GObject parent_instance;

  VigilSite         *site;
  VigilSession      *session;
  char              *room;
  char              *camera;
  VigilCameraSource *source;
  gboolean           closed;
};

G_DEFINE_FINAL_TYPE (VigilDutyRoom, vigil_duty_room, G_TYPE_OBJECT)

static void
on_live_view_stopped (GObject      *site,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autofree char *camera = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_stop_live_view_finish (VIGIL_SITE (site), result, &error))
    g_warning ("The end of the live view of %s could not be recorded: %s", camera, error->message);
}

/* Never cancelled: the trail must hold the end of every view it holds. */
static void
stop_live_view (VigilSite    *site,
                VigilSession *session,
                const char   *camera,
                const char   *why)
{
  vigil_site_stop_live_view_async (site, session, camera, why, NULL, on_live_view_stopped, g_strdup (camera));
}

static void
vigil_duty_room_dispose (GObject *object)
{
  vigil_duty_room_close (VIGIL_DUTY_ROOM (object), "closed");
  G_OBJECT_CLASS (vigil_duty_room_parent_class)->dispose (object);
}

static void
vigil_duty_room_finalize (GObject *object)
{
  VigilDutyRoom *self = VIGIL_DUTY_ROOM (object);

  g_clear_object (&self->site);
  g_clear_object (&self->session);
  g_clear_pointer (&self->room, g_free);
  g_clear_pointer (&self->camera, g_free);
  G_OBJECT_CLASS (vigil_duty_room_parent_class)->finalize (object);
}

static void
vigil_duty_room_class_init (VigilDutyRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_duty_room_dispose;
  object_class->finalize = vigil_duty_room_finalize;
}

static void
vigil_duty_room_init (VigilDutyRoom *self)
{
}

/* ---- opening ------------------------------------------------------------ */

typedef struct
{
  VigilSite    *site;
  VigilSession *session;
  char         *case_ref;
  char         *room;
  char         *camera;
} Opening;

static void
opening_free (gpointer data)
{
  Opening *opening = data;

  g_clear_object (&opening->site);
  g_clear_object (&opening->session);
  g_free (opening->case_ref);
  g_free (opening->room);
  g_free (opening->camera);
  g_free (opening);
}

static void
on_source_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Opening *opening = g_task_get_task_data (task);
  g_autoptr(VigilCameraSource) source = NULL;
  g_autoptr(GError) error = NULL;
  VigilDutyRoom *self;

  source = vigil_camera_source_new_for_camera_finish (result, &error);
  if (source == NULL || g_task_return_error_if_cancelled (task))
    {
      stop_live_view (opening->site, opening->session, opening->camera,
                      g_cancellable_is_cancelled (g_task_get_cancellable (task)) ? "duty ended"
                                                                                 : "camera not opened");
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self = g_object_new (VIGIL_TYPE_DUTY_ROOM, NULL);
  self->site = g_object_ref (opening->site);
  self->session = g_object_ref (opening->session);
  self->room = g_steal_pointer (&opening->room);
  self->camera = g_steal_pointer (&opening->camera);
  self->source = g_steal_pointer (&source);
  g_task_return_pointer (task, self, g_object_unref);
}

static void
on_live_view (GObject      *site,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Opening *opening = g_task_get_task_data (task);
  GError *error = NULL;

  if (vigil_site_start_live_view_finish (VIGIL_SITE (site), result, &error) < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Granted and written to the trail, but the duty went meanwhile. */
  if (g_task_return_error_if_cancelled (task))
    {
      stop_live_view (opening->site, opening->session, opening->camera, "duty ended");
      return;
    }

  vigil_camera_source_new_for_camera (opening->site, opening->camera, VIGIL_CAMERA_STREAM_MAIN,
                                      g_task_get_cancellable (task), on_source_opened, g_object_ref (task));
}

static int
compare_cameras (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (vigil_camera_get_name (*(VigilCamera **) a), vigil_camera_get_name (*(VigilCamera **) b));
}

static void
on_cameras_listed (GObject      *site,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Opening *opening = g_task_get_task_data (task);
  g_autoptr(GPtrArray) cameras = NULL;
  GError *error = NULL;

  if ((cameras = vigil_site_list_cameras_finish (VIGIL_SITE (site), result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* A room with two cameras shows the first by name. */
  g_ptr_array_sort (cameras, compare_cameras);
  for (guint i = 0; i < cameras->len && opening->camera == NULL; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);

      if (vigil_camera_get_location (camera) == VIGIL_LOCATION_FAMILY_ROOM &&
          vigil_camera_get_enabled (camera) &&
          g_strcmp0 (vigil_camera_get_room (camera), opening->room) == 0)
        opening->camera = g_strdup (vigil_camera_get_name (camera));
    }
  if (opening->camera == NULL)
    {
      /* Translators: %s is a room, "Room 1". */
      g_task_return_new_error (task, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND, _("%s has no camera in use."),
                               opening->room);
      return;
    }

  /* The core decides: the operator on duty needs no concern. */
  vigil_site_start_live_view_async (opening->site, opening->session, opening->camera, NULL,
                                    g_task_get_cancellable (task), on_live_view, g_object_ref (task));
}

static void
on_family (GObject      *site,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Opening *opening = g_task_get_task_data (task);
  g_autoptr(VigilFamily) family = NULL;
  GError *error = NULL;

  if ((family = vigil_site_lookup_family_finish (VIGIL_SITE (site), result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (vigil_family_get_room (family) == NULL)
    {
      /* Translators: %s is a family's label. */
      g_task_return_new_error (task, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                               _("%s has no room, so there is no camera to show."), vigil_family_get_label (family));
      return;
    }

  opening->room = g_strdup (vigil_family_get_room (family));
  vigil_site_list_cameras_async (opening->site, g_task_get_cancellable (task), on_cameras_listed,
                                 g_object_ref (task));
}

void
vigil_duty_room_open (VigilSite           *site,
                      VigilSession        *session,
                      VigilDuty           *duty,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Opening *opening;

  g_return_if_fail (VIGIL_IS_SITE (site));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (VIGIL_IS_DUTY (duty));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_duty_room_open);
  opening = g_new0 (Opening, 1);
  opening->site = g_object_ref (site);
  opening->session = g_object_ref (session);
  opening->case_ref = g_strdup (vigil_duty_get_case_ref (duty));
  g_task_set_task_data (task, opening, opening_free);

  vigil_site_lookup_family_async (site, opening->case_ref, cancellable, on_family, g_steal_pointer (&task));
}

VigilDutyRoom *
vigil_duty_room_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_duty_room_open, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
vigil_duty_room_get_room (VigilDutyRoom *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_ROOM (self), NULL);
  return self->room;
}

const char *
vigil_duty_room_get_camera (VigilDutyRoom *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_ROOM (self), NULL);
  return self->camera;
}

VigilCameraSource *
vigil_duty_room_get_source (VigilDutyRoom *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_ROOM (self), NULL);
  return self->source;
}

void
vigil_duty_room_close (VigilDutyRoom *self,
                       const char    *why)
{
  g_return_if_fail (VIGIL_IS_DUTY_ROOM (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  if (self->source != NULL)
    {
      vigil_camera_source_set_audio_output (self->source, NULL);
      vigil_camera_source_stop (self->source);
      g_clear_object (&self->source);
    }
  stop_live_view (self->site, self->session, self->camera, why);
}
