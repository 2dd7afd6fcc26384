/* vigil-cameras-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-camera-source.h"
#include "vigil-form-util.h"
#include "vigil-prompt-dialog.h"
#include "vigil-room-chooser.h"
#include "vigil-cameras-dialog.h"

/* As long as `vigilctl camera check` watches by default; a camera still
 * connecting then (a busy network or machine) is given until the longer
 * limit to send its first frame, rather than be reported as silent. */
#define CHECK_SECONDS 5
#define CHECK_MAX_SECONDS 15

struct _VigilCamerasDialog
{
  AdwWindow         parent_instance;

  VigilSite        *site;
  VigilSession     *session;
  GCancellable     *cancellable;  /* reads and checks; cancelled when the dialog goes */
  GHashTable       *outcomes;     /* camera → its last check, in words, kept across reloads */
  GHashTable       *outcome_labels; /* camera → the label showing it now */
  gboolean          saving;

  GtkLabel         *problem;
  GtkListBox       *rooms;
  GtkListBox       *cameras;
  GtkWidget        *add_camera_button;
  GtkWidget        *camera_form;
  GtkEditable      *camera_name;
  GtkToggleButton  *family_room;
  VigilRoomChooser *camera_room;
  GtkEditable      *camera_url;
  GtkEditable      *camera_username;
  GtkEditable      *camera_password;
  GtkToggleButton  *camera_audio;
  GtkLabel         *refusal;
  GtkButton        *save_camera;
};

G_DEFINE_FINAL_TYPE (VigilCamerasDialog, vigil_cameras_dialog, ADW_TYPE_WINDOW)

static void
show_text (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
    }
  return row;
}

/* The camera check, on a thread of its own: the media layer's camera
 * source connects with the stored credentials and is watched for a few
 * seconds in a main context of the thread's, so that nothing it does waits
 * on the console's main loop, nor the console on it. */

typedef struct
{
  VigilSite         *site;
  char              *camera;
  VigilCameraSource *source;
  GError            *error;
  gboolean           opened;
  gboolean           over;
  gint64             started;      /* monotonic */
  gint64             first_frame;  /* monotonic, 0: none yet */
  guint              losses;
  VigilCameraState   state;
  char              *lost;         /* the last loss, in words */
  VigilMediaInfo    *media;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->site);
  g_free (check->camera);
  g_free (check->lost);
  g_clear_pointer (&check->media, vigil_media_info_free);
  g_free (check);
}

static void
on_check_opened (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Check *check = user_data;

  check->source = vigil_camera_source_new_for_camera_finish (result, &check->error);
  check->opened = TRUE;
}

static void
on_check_state (VigilCameraSource *source,
                GParamSpec        *pspec,
                Check             *check)
{
  VigilCameraState state = vigil_camera_source_get_state (source);

  if (state == VIGIL_CAMERA_STATE_PLAYING && check->media == NULL &&
      vigil_camera_source_get_media_info (source) != NULL)
    check->media = vigil_media_info_copy (vigil_camera_source_get_media_info (source));
  if (state == VIGIL_CAMERA_STATE_LOST)
    {
      const char *detail = vigil_camera_source_get_loss_detail (source);

      if (check->state != VIGIL_CAMERA_STATE_LOST)
        check->losses++;
      g_free (check->lost);
      check->lost = g_strdup_printf ("%s%s%s", vigil_camera_loss_to_string (vigil_camera_source_get_loss (source)),
                                     detail != NULL ? ": " : "", detail != NULL ? detail : "");
    }
  check->state = state;
}

static void
on_check_frame (VigilCameraSource *source,
                Check             *check)
{
  g_autoptr(GstSample) frame = vigil_camera_source_pull_frame (source, NULL);

  if (frame != NULL && check->first_frame == 0)
    check->first_frame = g_get_monotonic_time ();
}

static gboolean
on_check_cancelled (GCancellable *cancellable,
                    gpointer      user_data)
{
  Check *check = user_data;

  check->over = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_check_tick (gpointer user_data)
{
  Check *check = user_data;
  gint64 watched = g_get_monotonic_time () - check->started;
  gboolean connecting = check->first_frame == 0 && check->losses == 0;

  if (watched >= CHECK_MAX_SECONDS * G_USEC_PER_SEC || (watched >= CHECK_SECONDS * G_USEC_PER_SEC && !connecting))
    {
      check->over = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static char *
describe_check (Check   *check,
                guint64  frames)
{
  GString *text = g_string_new (NULL);
  guint seconds = (guint) ((g_get_monotonic_time () - check->started + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);

  if (frames > 0)
    {
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%" G_GUINT64_FORMAT " frames in %u second; the first after %u ms",
                                                 "%" G_GUINT64_FORMAT " frames in %u seconds; the first after %u ms",
                                                 seconds),
                              frames, seconds, (guint) ((check->first_frame - check->started) / 1000));
      if (check->media != NULL)
        {
          const VigilMediaInfo *media = check->media;

          g_string_append (text, "; ");
          g_string_append_printf (text, _("video %s %u×%u"), media->video_codec, media->width, media->height);
          if (media->fps_n > 0)
            g_string_append_printf (text, _(" at %.3g fps"), (double) media->fps_n / media->fps_d);
          if (media->audio_codec != NULL)
            g_string_append_printf (text, _("; sound %s %u Hz"), media->audio_codec, media->audio_rate);
          else
            g_string_append (text, _("; no sound"));
        }
    }
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "No frames in %u second", "No frames in %u seconds",
                                               seconds), seconds);

  if (check->losses > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "; lost %u time, last: %s",
                                               "; lost %u times, last: %s", check->losses),
                            check->losses, check->lost);
  else if (frames == 0)
    g_string_append (text, _("; the camera never answered"));
  g_string_append (text, ".");
  return g_string_free (text, FALSE);
}

static void
run_check (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Check *check = task_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timer = NULL;
  g_autoptr(GSource) cancelled = NULL;
  guint64 frames;

  g_main_context_push_thread_default (context);
  vigil_camera_source_new_for_camera (check->site, check->camera, VIGIL_CAMERA_STREAM_MAIN, cancellable,
                                      on_check_opened, check);
  while (!check->opened)
    g_main_context_iteration (context, TRUE);
  if (check->source == NULL)
    {
      g_main_context_pop_thread_default (context);
      g_task_return_error (task, g_steal_pointer (&check->error));
      return;
    }

  g_signal_connect (check->source, "notify::state", G_CALLBACK (on_check_state), check);
  g_signal_connect (check->source, "notify::loss", G_CALLBACK (on_check_state), check);
  g_signal_connect (check->source, "frame", G_CALLBACK (on_check_frame), check);
  /* Decoded as the wall decodes, at a tile's size. */
  vigil_camera_source_set_frame_size (check->source, 320, 180);
  check->state = VIGIL_CAMERA_STATE_STOPPED;
  check->started = g_get_monotonic_time ();
  vigil_camera_source_start (check->source);

  timer = g_timeout_source_new (250);
  g_source_set_callback (timer, on_check_tick, check, NULL);
  g_source_attach (timer, context);
  cancelled = g_cancellable_source_new (cancellable);
  g_source_set_callback (cancelled, G_SOURCE_FUNC (on_check_cancelled), check, NULL);
  g_source_attach (cancelled, context);
  while (!check->over)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timer);
  g_source_destroy (cancelled);

  frames = vigil_camera_source_get_frame_count (check->source);
  g_signal_handlers_disconnect_by_data (check->source, check);
  vigil_camera_source_stop (check->source);
  g_clear_object (&check->source);
  g_main_context_pop_thread_default (context);

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, describe_check (check, frames), g_free);
}

static void
show_outcome (VigilCamerasDialog *self,
              const char         *camera,
              const char         *outcome)
{
  GtkLabel *label = g_hash_table_lookup (self->outcome_labels, camera);

  g_hash_table_insert (self->outcomes, g_strdup (camera), g_strdup (outcome));
  if (label != NULL)
    show_text (label, outcome);
}

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VigilCamerasDialog *self = VIGIL_CAMERAS_DIALOG (object);
  Check *check = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = g_task_propagate_pointer (G_TASK (result), &error);

  /* The dialog went while the check ran. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->site == NULL)
    return;
  if (outcome == NULL)
    outcome = g_strdup_printf (_("Could not check: %s"), error->message);
  show_outcome (self, check->camera, outcome);
}

static void
on_check (GtkButton          *button,
          VigilCamerasDialog *self)
{
  const char *camera = g_object_get_data (G_OBJECT (button), "camera");
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_checked, NULL);
  Check *check = g_new0 (Check, 1);

  check->site = g_object_ref (self->site);
  check->camera = g_strdup (camera);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  show_outcome (self, camera, _("Checking for a few seconds…"));
  g_task_run_in_thread (task, run_check);
}

/* The lists */

static char *
describe_camera (VigilCamera *camera)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *room = vigil_camera_get_room (camera);

  if (vigil_camera_get_location (camera) == VIGIL_LOCATION_FAMILY_ROOM)
    g_string_append_printf (text, _("family room, %s"), room != NULL ? room : "");
  else if (room != NULL)
    g_string_append_printf (text, _("communal, %s"), room);
  else
    g_string_append (text, _("communal"));
  /* Credentials never go into the address: the core refuses them there. */
  g_string_append_printf (text, " · %s · %s · %s", vigil_camera_get_url (camera),
                          vigil_camera_get_has_audio (camera) ? _("with a microphone") : _("no microphone"),
                          vigil_camera_get_enabled (camera) ? _("enabled") : _("disabled"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
camera_row (VigilCamerasDialog *self,
            VigilCamera        *camera)
{
  const char *name = vigil_camera_get_name (camera);
  g_autofree char *details = describe_camera (camera);
  g_autofree char *check_name = g_strdup_printf (_("Check %s"), name);
  g_autofree char *outcome_name = g_strdup_printf (_("Check of %s"), name);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *subtitle = gtk_label_new (details);
  GtkWidget *check = gtk_button_new_with_label (_("Check"));
  GtkWidget *outcome = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_name, -1);
  g_object_set_data_full (G_OBJECT (check), "camera", g_strdup (name), g_free);
  g_signal_connect (check, "clicked", G_CALLBACK (on_check), self);
  gtk_box_append (GTK_BOX (top), texts);
  gtk_box_append (GTK_BOX (top), check);
  gtk_box_append (GTK_BOX (box), top);

  gtk_label_set_xalign (GTK_LABEL (outcome), 0);
  gtk_label_set_wrap (GTK_LABEL (outcome), TRUE);
  gtk_label_set_selectable (GTK_LABEL (outcome), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (outcome), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, outcome_name, -1);
  show_text (GTK_LABEL (outcome), g_hash_table_lookup (self->outcomes, name));
  g_hash_table_insert (self->outcome_labels, g_strdup (name), outcome);
  gtk_box_append (GTK_BOX (box), outcome);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details, -1);
  return row;
}

static void
on_cameras (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VigilCamerasDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = vigil_site_list_cameras_finish (VIGIL_SITE (object), result, &error);

  if (self->site == NULL)
    return;
  if (cameras == NULL)
    {
      show_text (self->problem, error->message);
      return;
    }
  g_hash_table_remove_all (self->outcome_labels);
  clear_list (self->cameras);
  if (cameras->len == 0)
    gtk_list_box_append (self->cameras, text_row (_("No cameras yet"), NULL));
  for (guint i = 0; i < cameras->len; i++)
    gtk_list_box_append (self->cameras, camera_row (self, g_ptr_array_index (cameras, i)));
}

static void
on_rooms (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VigilCamerasDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rooms = vigil_site_list_rooms_finish (VIGIL_SITE (object), result, &error);

  if (self->site == NULL)
    return;
  if (rooms == NULL)
    {
      show_text (self->problem, error->message);
      return;
    }
  clear_list (self->rooms);
  if (rooms->len == 0)
    gtk_list_box_append (self->rooms, text_row (_("No rooms yet"), NULL));
  for (guint i = 0; i < rooms->len; i++)
    gtk_list_box_append (self->rooms, text_row (g_ptr_array_index (rooms, i), NULL));
}

static void
reload (VigilCamerasDialog *self)
{
  show_text (self->problem, NULL);
  vigil_site_list_rooms_async (self->site, self->cancellable, on_rooms, g_object_ref (self));
  vigil_site_list_cameras_async (self->site, self->cancellable, on_cameras, g_object_ref (self));
  vigil_room_chooser_load (self->camera_room, self->site);
}

/* Adding a room */

static void
on_room_added (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) prompt = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilCamerasDialog) self = g_object_steal_data (G_OBJECT (prompt), "cameras-dialog");

  if (!vigil_site_add_room_finish (VIGIL_SITE (object), result, &error))
    {
      vigil_prompt_dialog_refuse (prompt, error->message);
      return;
    }
  vigil_prompt_dialog_done (prompt);
  /* Unless this dialog went while the room was added. */
  if (self->site != NULL)
    reload (self);
}

static void
on_room_submit (VigilCamerasDialog *self,
                const char         *name,
                VigilPromptDialog  *prompt)
{
  g_object_set_data_full (G_OBJECT (prompt), "cameras-dialog", g_object_ref (self), g_object_unref);
  vigil_site_add_room_async (self->site, self->session, name, NULL, NULL, on_room_added, g_object_ref (prompt));
}

static void
on_add_room (VigilCamerasDialog *self)
{
  VigilPromptDialog *prompt = vigil_prompt_dialog_new (GTK_WIDGET (self), _("Add a Room"),
                                                       _("A room a family can be placed in: a bedroom, never a "
                                                         "bathroom or toilet."),
                                                       _("Room name"), _("Add Room"));

  g_signal_connect_object (prompt, "submit", G_CALLBACK (on_room_submit), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (prompt));
}

/* Adding a camera */

static void
end_camera_form (VigilCamerasDialog *self)
{
  GtkEditable *entries[] = { self->camera_name, self->camera_url, self->camera_username, self->camera_password };

  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_text (entries[i], "");
  show_text (self->refusal, NULL);
  gtk_widget_set_visible (self->camera_form, FALSE);
  gtk_widget_set_sensitive (self->add_camera_button, TRUE);
}

static void
on_add_camera (VigilCamerasDialog *self)
{
  gtk_widget_set_visible (self->camera_form, TRUE);
  gtk_widget_set_sensitive (self->add_camera_button, FALSE);
  vigil_room_chooser_load (self->camera_room, self->site);
  gtk_widget_grab_focus (GTK_WIDGET (self->camera_name));
}

static void
on_location_toggled (VigilCamerasDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->camera_room), gtk_toggle_button_get_active (self->family_room));
}

static void
on_camera_added (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VigilCamerasDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->site == NULL)
    return;
  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_camera), TRUE);
  if (!vigil_site_add_camera_finish (VIGIL_SITE (object), result, &error))
    {
      show_text (self->refusal, error->message);
      return;
    }
  end_camera_form (self);
  reload (self);
}

static void
on_save_camera (VigilCamerasDialog *self)
{
  gboolean family_room = gtk_toggle_button_get_active (self->family_room);
  const char *username = vigil_form_optional (self->camera_username);
  g_autoptr(VigilCamera) camera = NULL;

  if (self->saving)
    return;
  /* A communal camera belongs to no family's room. */
  camera = vigil_camera_new (vigil_form_text (self->camera_name),
                             family_room ? VIGIL_LOCATION_FAMILY_ROOM : VIGIL_LOCATION_COMMUNAL,
                             family_room ? vigil_room_chooser_get_room (self->camera_room) : NULL,
                             vigil_form_text (self->camera_url), NULL,
                             gtk_toggle_button_get_active (self->camera_audio));
  self->saving = TRUE;
  show_text (self->refusal, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_camera), FALSE);
  /* The credentials go to the Secret Service through the core, as with
   * `vigilctl camera add`; a password without a username has no use. */
  vigil_site_add_camera_async (self->site, self->session, camera, username,
                               username != NULL ? gtk_editable_get_text (self->camera_password) : NULL, NULL,
                               NULL, on_camera_added, g_object_ref (self));
}

static void
on_cancel_camera (VigilCamerasDialog *self)
{
  end_camera_form (self);
}

static void
on_close (VigilCamerasDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
vigil_cameras_dialog_dispose (GObject *object)
{
  VigilCamerasDialog *self = VIGIL_CAMERAS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->outcome_labels, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CAMERAS_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_cameras_dialog_parent_class)->dispose (object);
}

static void
vigil_cameras_dialog_finalize (GObject *object)
{
  VigilCamerasDialog *self = VIGIL_CAMERAS_DIALOG (object);

  g_clear_pointer (&self->outcomes, g_hash_table_unref);

  G_OBJECT_CLASS (vigil_cameras_dialog_parent_class)->finalize (object);
}

static void
vigil_cameras_dialog_class_init (VigilCamerasDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_cameras_dialog_dispose;
  object_class->finalize = vigil_cameras_dialog_finalize;

  g_type_ensure (VIGIL_TYPE_ROOM_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-cameras-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, problem);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, rooms);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, cameras);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, add_camera_button);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, camera_form);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, camera_name);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, family_room);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, camera_room);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, camera_url);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, camera_username);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, camera_password);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, camera_audio);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilCamerasDialog, save_camera);
  gtk_widget_class_bind_template_callback (widget_class, on_close);
  gtk_widget_class_bind_template_callback (widget_class, on_add_room);
  gtk_widget_class_bind_template_callback (widget_class, on_add_camera);
  gtk_widget_class_bind_template_callback (widget_class, on_location_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_save_camera);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_camera);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_cameras_dialog_init (VigilCamerasDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->outcomes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->outcome_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

VigilCamerasDialog *
vigil_cameras_dialog_new (GtkWidget    *parent,
                          VigilSite    *site,
                          VigilSession *session)
{
  VigilCamerasDialog *self;
  GtkRoot *root;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_CAMERAS_DIALOG, NULL);
  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  reload (self);
  return self;
}
