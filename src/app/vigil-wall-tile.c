/* vigil-wall-tile.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-notes-dialog.h"
#include "vigil-prompt-dialog.h"
#include "vigil-video-paintable.h"
#include "vigil-widget-util.h"
#include "vigil-wall-tile.h"

typedef enum
{
  VIEW_NONE,
  VIEW_ASKING,   /* the core is asked for the view */
  VIEW_SHOWING,
} ViewState;

struct _VigilWallTile
{
  GtkWidget parent_instance;

  VigilSite    *site;
  VigilSession *session;

  /* What the last update said. */
  char          *camera;
  char          *title;        /* the room, or a communal camera's name */
  char          *case_ref;     /* the family placed, or NULL */
  char          *family;       /* "K.M. (Room 1)" */
  char          *summary;      /* "K.M., stage 2, recording" */
  char          *name;         /* the accessible name last given */
  VigilLiveView  live_view;
  char          *basis;
  gboolean       duty_here;    /* the member is on duty for this family */
  gboolean       unattended;   /* on the wall of monitors: nothing to press */
  gint64         override_end;

  ViewState          view;
  guint              serial;       /* of the latest request for the view */
  gboolean           suspended;    /* stopped for good: locked or logged out */
  gint64             grant_until;  /* a concern view's end, or 0 */
  GCancellable      *cancellable;
  VigilCameraSource *source;
  guint              frame_width;  /* asked of the source */
  guint              frame_height;
  guint              tick_id;

  GtkStack   *content;
  GtkPicture *picture;
  GtkLabel   *placeholder;
  GtkButton  *concern_button;
  GtkLabel   *title_label;
  GtkLabel   *detail_label;
  GtkLabel   *rec_label;
  GtkWidget  *sound_label;
  GtkLabel   *override_label;
  GtkLabel   *state_label;
  GtkLabel   *time_left;
  GtkLabel   *message;
  GtkButton  *take_duty;
  GtkButton  *request_watch;
  GtkButton  *withdraw;
  GtkButton  *allocate_duty;
  GtkButton  *notes;
};

G_DEFINE_FINAL_TYPE (VigilWallTile, vigil_wall_tile, GTK_TYPE_WIDGET)

static void update_view (VigilWallTile *self);

/* Words for the view, for the state label and the accessible name. */
static char *
describe_view (VigilWallTile *self)
{
  if (self->view == VIEW_SHOWING && self->source != NULL)
    {
      switch (vigil_camera_source_get_state (self->source))
        {
        case VIGIL_CAMERA_STATE_PLAYING:
          return g_strdup (_("live"));
        case VIGIL_CAMERA_STATE_LOST:
          {
            g_autofree char *since = vigil_time_format_local (vigil_camera_source_get_lost_since (self->source),
                                                                vigil_site_get_time_zone (self->site), "%H:%M:%S");

            return g_strdup_printf (_("No signal since %s"), since);
          }
        case VIGIL_CAMERA_STATE_CONNECTING:
        case VIGIL_CAMERA_STATE_STOPPED:
        default:
          return g_strdup (_("connecting"));
        }
    }
  if (self->view == VIEW_ASKING)
    return g_strdup (_("connecting"));
  switch (self->live_view)
    {
    case VIGIL_LIVE_VIEW_REASON_REQUIRED:
      return g_strdup (_("view needs a safeguarding concern"));
    case VIGIL_LIVE_VIEW_DENIED:
      return g_strdup (_("may not be viewed"));
    case VIGIL_LIVE_VIEW_ALLOWED:
    default:
      return g_strdup (_("not shown"));
    }
}

static void
show_state (VigilWallTile *self)
{
  g_autofree char *state = describe_view (self);
  g_autofree char *name = NULL;
  g_autofree char *left = NULL;
  gint64 now = g_get_real_time ();

  gtk_label_set_text (self->state_label, state);
  /* TRANSLATORS: a tile's accessible name: "Room 1 — K.M., stage 2, recording, live" */
  name = g_strdup_printf (_("%s — %s, %s"), self->title, self->summary, state);
  /* Told to assistive technology only when it changes: the tick runs every
   * second on every tile. */
  if (g_strcmp0 (name, self->name) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_free (self->name);
      self->name = g_steal_pointer (&name);
    }

  if (self->view == VIEW_SHOWING && self->grant_until > 0)
    {
      gint64 seconds = MAX (0, (self->grant_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

      left = g_strdup_printf (_("Concern view: %d:%02d left"), (int) (seconds / 60), (int) (seconds % 60));
    }
  gtk_label_set_text (self->time_left, left != NULL ? left : "");
  gtk_widget_set_visible (GTK_WIDGET (self->time_left), left != NULL);

  if (self->override_end > now)
    {
      gint64 minutes = (self->override_end - now) / (60 * G_USEC_PER_SEC);
      g_autofree char *banner = g_strdup_printf (_("Safeguarding override running: %d h %02d min left"),
                                                 (int) (minutes / 60), (int) (minutes % 60));

      gtk_label_set_text (self->override_label, banner);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->override_label), self->override_end > now);
}

static void
say (VigilWallTile *self,
     const char    *message)
{
  gtk_label_set_text (self->message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), message != NULL && *message != '\0');
}

static void
on_view_stopped (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The view has already gone from the screen; a trail that refused its
   * entry is a fault someone must see. */
  if (!vigil_site_stop_live_view_finish (VIGIL_SITE (object), result, &error))
    g_warning ("The end of a live view could not be written to the audit trail: %s", error->message);
}

static void
stop_view (VigilWallTile *self,
           const char    *why)
{
  gboolean audit = self->view != VIEW_NONE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      vigil_camera_source_stop (self->source);
      g_clear_object (&self->source);
    }
  gtk_picture_set_paintable (self->picture, NULL);
  self->view = VIEW_NONE;
  self->grant_until = 0;
  if (audit)
    vigil_site_stop_live_view_async (self->site, self->session, self->camera, why, NULL, on_view_stopped, NULL);
}

static void fit_frames (VigilWallTile *self);

static void
on_source_state (VigilWallTile *self)
{
  /* Playing, the camera has said its size. */
  fit_frames (self);
  show_state (self);
}

/* The view lasts while the policy allows it, while the member is on duty
 * for the family, or until a concern view's time is up. */
static gboolean
may_show (VigilWallTile *self)
{
  return self->live_view == VIGIL_LIVE_VIEW_ALLOWED || self->duty_here ||
         (self->grant_until > 0 && self->grant_until > g_get_real_time () &&
          self->live_view == VIGIL_LIVE_VIEW_REASON_REQUIRED);
}

/* Frames come scaled in the pipeline to the picture's area at the camera's
 * aspect: no bars, and nothing larger than is shown. */
static void
fit_frames (VigilWallTile *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  guint width, height;

  if (self->source == NULL)
    return;
  vigil_video_fit_frame (vigil_camera_source_get_media_info (self->source),
                         (double) gtk_widget_get_width (GTK_WIDGET (self->picture)) * scale,
                         (double) gtk_widget_get_height (GTK_WIDGET (self->picture)) * scale, &width, &height);
  if (width == self->frame_width && height == self->frame_height)
    return;
  self->frame_width = width;
  self->frame_height = height;
  vigil_camera_source_set_frame_size (self->source, width, height);
}

static void
on_source_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  VigilWallTile *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilCameraSource) source = vigil_camera_source_new_for_camera_finish (result, &error);
  g_autoptr(VigilVideoPaintable) paintable = NULL;

  if (source == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIGIL_WALL_TILE (user_data);
  if (source == NULL)
    {
      say (self, error->message);
      return;
    }
  self->source = g_steal_pointer (&source);
  self->frame_width = self->frame_height = 0;
  g_signal_connect_swapped (self->source, "notify::state", G_CALLBACK (on_source_state), self);
  fit_frames (self);
  paintable = vigil_video_paintable_new (self->source);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (paintable));
  gtk_stack_set_visible_child (self->content, GTK_WIDGET (self->picture));
  vigil_camera_source_start (self->source);
  show_state (self);
}

/* One request for the view; an answer to an older one is ignored. */
typedef struct
{
  VigilWallTile     *tile;
  VigilPromptDialog *dialog;
  guint              serial;
} Asking;

static void
asking_free (Asking *asking)
{
  g_object_unref (asking->tile);
  g_clear_object (&asking->dialog);
  g_free (asking);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Asking, asking_free)

static void
on_view_allowed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Asking) asking = user_data;
  VigilWallTile *self = asking->tile;
  g_autoptr(GError) error = NULL;
  gint64 until = vigil_site_start_live_view_finish (VIGIL_SITE (object), result, &error);

  if (self->view != VIEW_ASKING || asking->serial != self->serial)
    {
      /* Stopped meanwhile: the stop is on the trail after this start. */
      if (asking->dialog != NULL)
        vigil_prompt_dialog_done (asking->dialog);
      return;
    }
  if (until < 0)
    {
      self->view = VIEW_NONE;
      g_clear_object (&self->cancellable);
      if (asking->dialog != NULL)
        vigil_prompt_dialog_refuse (asking->dialog, error->message);
      else
        say (self, error->message);
      update_view (self);
      return;
    }

  if (asking->dialog != NULL)
    vigil_prompt_dialog_done (asking->dialog);
  self->view = VIEW_SHOWING;
  self->grant_until = until;
  say (self, NULL);
  /* The policy may have changed while the core was asked. */
  if (!may_show (self))
    {
      update_view (self);
      return;
    }
  vigil_camera_source_new_for_camera (self->site, self->camera, VIGIL_CAMERA_STREAM_SUB, self->cancellable,
                                      on_source_ready, self);
  show_state (self);
}

/* Asks the core for the view; @dialog carries a concern, and hears a
 * refusal. */
static void
start_view (VigilWallTile     *self,
            const char        *concern,
            VigilPromptDialog *dialog)
{
  Asking *asking = g_new0 (Asking, 1);

  g_assert (self->view == VIEW_NONE);
  self->view = VIEW_ASKING;
  self->serial++;
  self->cancellable = g_cancellable_new ();
  asking->tile = g_object_ref (self);
  asking->dialog = dialog != NULL ? g_object_ref (dialog) : NULL;
  asking->serial = self->serial;
  /* Not cancellable: once asked, the answer is what the trail holds. */
  vigil_site_start_live_view_async (self->site, self->session, self->camera, concern, NULL, on_view_allowed, asking);
  show_state (self);
}

/* Starts or stops the view to match the policy and the time. */
static void
update_view (VigilWallTile *self)
{
  if (self->view != VIEW_NONE && !may_show (self))
    stop_view (self, self->grant_until > 0 && self->grant_until <= g_get_real_time () ? "time up" : "policy changed");
  if (self->view == VIEW_NONE && !self->suspended &&
      (self->live_view == VIGIL_LIVE_VIEW_ALLOWED || self->duty_here))
    start_view (self, NULL, NULL);

  if (self->view == VIEW_NONE)
    {
      gboolean ask = !self->unattended && self->live_view == VIGIL_LIVE_VIEW_REASON_REQUIRED;

      gtk_stack_set_visible_child (self->content, gtk_widget_get_parent (GTK_WIDGET (self->placeholder)));
      gtk_label_set_text (self->placeholder, ask ? _("This room may be viewed only for a safeguarding concern.")
                                                 : self->basis);
      gtk_widget_set_visible (GTK_WIDGET (self->concern_button), ask);
    }
  show_state (self);
}

static gboolean
on_tick (gpointer user_data)
{
  VigilWallTile *self = user_data;

  if (self->view == VIEW_SHOWING && !may_show (self))
    update_view (self);
  else
    show_state (self);
  return G_SOURCE_CONTINUE;
}

static void
on_concern (VigilWallTile     *self,
            const char        *concern,
            VigilPromptDialog *dialog)
{
  if (self->view != VIEW_NONE || self->suspended)
    {
      vigil_prompt_dialog_done (dialog);
      return;
    }
  start_view (self, concern, dialog);
}

/* Asks for the one line the core needs; @on_submit (self, text, dialog)
 * answers. */
static void
ask (VigilWallTile *self,
     const char    *heading,
     const char    *body,
     const char    *entry_label,
     const char    *action_label,
     GCallback      on_submit)
{
  VigilPromptDialog *dialog = vigil_prompt_dialog_new (GTK_WIDGET (self), heading, body, entry_label, action_label);

  g_signal_connect_object (dialog, "submit", on_submit, self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_concern_clicked (VigilWallTile *self)
{
  g_autofree char *body = g_strdup_printf (_("%s may be viewed only for a safeguarding concern. Say what the "
                                             "concern is: it is written to the audit trail, and the room is "
                                             "shown for 10 minutes."), self->title);

  ask (self, _("View for a Safeguarding Concern"), body, _("Concern"), _("View"), G_CALLBACK (on_concern));
}

/* Duties and watch requests: the core decides; a refusal is shown on the
 * tile (or the dialog that asked), a success arrives with the next change. */
static void
on_duty_answer (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GObject) asker = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDuty) duty = vigil_site_start_duty_finish (VIGIL_SITE (object), result, &error);

  if (duty != NULL && VIGIL_IS_PROMPT_DIALOG (asker))
    vigil_prompt_dialog_done (VIGIL_PROMPT_DIALOG (asker));
  else if (duty == NULL && VIGIL_IS_PROMPT_DIALOG (asker))
    vigil_prompt_dialog_refuse (VIGIL_PROMPT_DIALOG (asker), error->message);
  else
    say (VIGIL_WALL_TILE (asker), duty == NULL ? error->message : NULL);
}

static void
on_take_duty (VigilWallTile *self)
{
  say (self, NULL);
  vigil_site_start_duty_async (self->site, self->session, self->case_ref, vigil_session_get_username (self->session),
                               NULL, on_duty_answer, g_object_ref (self));
}

static void
on_allocate (VigilWallTile     *self,
             const char        *operator_name,
             VigilPromptDialog *dialog)
{
  vigil_site_start_duty_async (self->site, self->session, self->case_ref, operator_name, NULL, on_duty_answer,
                               g_object_ref (dialog));
}

static void
on_allocate_clicked (VigilWallTile *self)
{
  g_autofree char *body = g_strdup_printf (_("Who goes on duty for %s? Give their username."), self->family);

  ask (self, _("Allocate Duty"), body, _("Operator"), _("Allocate"), G_CALLBACK (on_allocate));
}

static void
on_request_answer (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilWatchRequest) request = vigil_site_request_watch_finish (VIGIL_SITE (object), result, &error);

  if (request == NULL)
    vigil_prompt_dialog_refuse (dialog, error->message);
  else
    vigil_prompt_dialog_done (dialog);
}

static void
on_request (VigilWallTile     *self,
            const char        *reason,
            VigilPromptDialog *dialog)
{
  vigil_site_request_watch_async (self->site, self->session, self->case_ref, reason, NULL, on_request_answer,
                                  g_object_ref (dialog));
}

static void
on_request_clicked (VigilWallTile *self)
{
  g_autofree char *body = g_strdup_printf (_("Why does %s need someone watching now? Every console shows the "
                                             "request until someone takes the duty."), self->family);

  ask (self, _("Request a Watch"), body, _("Reason"), _("Request Watch"), G_CALLBACK (on_request));
}

static void
on_withdraw_answer (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilPromptDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_withdraw_watch_finish (VIGIL_SITE (object), result, &error))
    vigil_prompt_dialog_refuse (dialog, error->message);
  else
    vigil_prompt_dialog_done (dialog);
}

static void
on_withdraw (VigilWallTile     *self,
             const char        *reason,
             VigilPromptDialog *dialog)
{
  vigil_site_withdraw_watch_async (self->site, self->session, self->case_ref, reason, NULL, on_withdraw_answer,
                                   g_object_ref (dialog));
}

static void
on_withdraw_clicked (VigilWallTile *self)
{
  g_autofree char *body = g_strdup_printf (_("Why does %s no longer need someone watching? The reason is written "
                                             "to the audit trail."), self->family);

  ask (self, _("Withdraw the Watch Request"), body, _("Reason"), _("Withdraw"), G_CALLBACK (on_withdraw));
}

static void
on_notes_clicked (VigilWallTile *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_present (GTK_WINDOW (vigil_notes_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                          self->site, self->session, self->case_ref)));
}

static void
vigil_wall_tile_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  vigil_widget_allocate_bin (widget, width, height, baseline);
  fit_frames (VIGIL_WALL_TILE (widget));
}

static void
vigil_wall_tile_dispose (GObject *object)
{
  VigilWallTile *self = VIGIL_WALL_TILE (object);

  if (self->site != NULL)
    stop_view (self, "closed");
  g_clear_handle_id (&self->tick_id, g_source_remove);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_WALL_TILE);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_wall_tile_parent_class)->dispose (object);
}

static void
vigil_wall_tile_finalize (GObject *object)
{
  VigilWallTile *self = VIGIL_WALL_TILE (object);

  g_free (self->camera);
  g_free (self->title);
  g_free (self->case_ref);
  g_free (self->family);
  g_free (self->summary);
  g_free (self->name);
  g_free (self->basis);

  G_OBJECT_CLASS (vigil_wall_tile_parent_class)->finalize (object);
}

static void
vigil_wall_tile_class_init (VigilWallTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_wall_tile_dispose;
  object_class->finalize = vigil_wall_tile_finalize;
  widget_class->size_allocate = vigil_wall_tile_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-wall-tile.ui");
  widget_class->measure = vigil_widget_measure_bin;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "vigil-wall-tile");
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, content);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, picture);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, placeholder);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, concern_button);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, detail_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, rec_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, sound_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, override_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, state_label);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, time_left);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, message);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, take_duty);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, request_watch);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, withdraw);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, allocate_duty);
  gtk_widget_class_bind_template_child (widget_class, VigilWallTile, notes);
  gtk_widget_class_bind_template_callback (widget_class, on_concern_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_take_duty);
  gtk_widget_class_bind_template_callback (widget_class, on_allocate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_request_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_withdraw_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_clicked);
}

static void
vigil_wall_tile_init (VigilWallTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);
}

VigilWallTile *
vigil_wall_tile_new (VigilSite    *site,
                     VigilSession *session)
{
  VigilWallTile *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_WALL_TILE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  return self;
}

const char *
vigil_wall_tile_get_camera (VigilWallTile *self)
{
  g_return_val_if_fail (VIGIL_IS_WALL_TILE (self), NULL);

  return self->camera;
}

static void
set_named_button (GtkButton  *button,
                  gboolean    offered,
                  const char *what,
                  const char *title)
{
  /* Each tile's buttons are told apart by the room they act on. */
  g_autofree char *name = g_strdup_printf ("%s: %s", what, title);

  gtk_widget_set_visible (GTK_WIDGET (button), offered);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
vigil_wall_tile_update (VigilWallTile        *self,
                        const VigilWallEntry *entry,
                        VigilDuty            *my_duty)
{
  VigilCamera *camera;
  VigilRole role;
  gboolean family_room, placed, may_duty, may_allocate;
  g_autoptr(GString) summary = g_string_new (NULL);

  g_return_if_fail (VIGIL_IS_WALL_TILE (self));
  g_return_if_fail (entry != NULL);

  camera = entry->camera;
  family_room = vigil_camera_get_location (camera) == VIGIL_LOCATION_FAMILY_ROOM;
  placed = entry->family != NULL;
  g_free (self->camera);
  self->camera = g_strdup (vigil_camera_get_name (camera));
  g_free (self->title);
  self->title = g_strdup (family_room ? vigil_camera_get_room (camera) : vigil_camera_get_name (camera));
  g_clear_pointer (&self->case_ref, g_free);
  g_clear_pointer (&self->family, g_free);
  if (placed)
    {
      self->case_ref = g_strdup (vigil_family_get_case_ref (entry->family));
      self->family = vigil_wall_entry_describe_family (entry);
    }
  self->live_view = entry->decision.live_view;
  g_free (self->basis);
  self->basis = g_strdup (entry->decision.basis);
  self->duty_here = my_duty != NULL && entry->duty != NULL &&
                    vigil_duty_get_id (my_duty) == vigil_duty_get_id (entry->duty);
  self->override_end = entry->override != NULL ? vigil_override_get_end (entry->override) : 0;

  if (placed)
    g_string_append_printf (summary, "%s, %s", vigil_family_get_label (entry->family),
                            vigil_stage_change_describe_state (entry->state));
  else
    g_string_append (summary, family_room ? _("no family placed") : _("communal"));
  g_string_append (summary, ", ");
  g_string_append (summary, entry->decision.record ? _("recording") : _("not recording"));
  if (entry->decision.record_audio)
    g_string_append_printf (summary, ", %s", _("sound recorded"));
  if (entry->override != NULL)
    g_string_append_printf (summary, ", %s", _("safeguarding override"));
  if (entry->uncovered != NULL)
    g_string_append_printf (summary, ", %s", _("watch request uncovered"));
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&summary), FALSE);

  gtk_label_set_text (self->title_label, self->title);
  if (placed)
    {
      g_autofree char *detail = g_strdup_printf ("%s · %s", vigil_family_get_label (entry->family),
                                                 vigil_stage_change_describe_state (entry->state));

      gtk_label_set_text (self->detail_label, detail);
    }
  else
    gtk_label_set_text (self->detail_label, family_room ? _("No family placed") : _("Communal"));
  gtk_widget_set_visible (GTK_WIDGET (self->rec_label), entry->decision.record);
  gtk_widget_set_visible (self->sound_label, entry->decision.record_audio);
  if (entry->uncovered != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "uncovered");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "uncovered");

  /* Nobody stands at the wall of monitors: the core decides as ever, and
   * the wall offers nothing to decide. */
  role = vigil_session_get_role (self->session);
  placed = placed && !self->unattended;
  may_duty = placed && entry->duty == NULL && my_duty == NULL &&
             vigil_role_has_permission (role, VIGIL_PERMISSION_TAKE_DUTY);
  may_allocate = placed && entry->duty == NULL && vigil_role_has_permission (role, VIGIL_PERMISSION_ALLOCATE_DUTIES);
  set_named_button (self->take_duty, may_duty, _("Take Duty"), self->title);
  set_named_button (self->allocate_duty, may_allocate, _("Allocate Duty…"), self->title);
  set_named_button (self->request_watch, placed && entry->duty == NULL && entry->uncovered == NULL &&
                    vigil_role_has_permission (role, VIGIL_PERMISSION_TAKE_DUTY), _("Request Watch…"), self->title);
  /* The core says who may withdraw (the one who raised it, or a team lead);
   * the button is there for anyone who may take duties. */
  set_named_button (self->withdraw, placed && entry->uncovered != NULL &&
                    vigil_role_has_permission (role, VIGIL_PERMISSION_TAKE_DUTY), _("Withdraw Request…"), self->title);
  set_named_button (self->notes, placed, _("Notes…"), self->title);
  set_named_button (self->concern_button, !self->unattended && self->live_view == VIGIL_LIVE_VIEW_REASON_REQUIRED,
                    _("View for a safeguarding concern…"), self->title);
  {
    g_autofree char *about = g_strdup_printf (_("State of %s"), self->title);
    g_autofree char *message = g_strdup_printf (_("Message for %s"), self->title);
    g_autofree char *left = g_strdup_printf (_("Time left for %s"), self->title);
    g_autofree char *placeholder = g_strdup_printf (_("Why %s is not shown"), self->title);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, about, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->message), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_left), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, left, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->placeholder), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    placeholder, -1);
  }

  update_view (self);
}

void
vigil_wall_tile_stop (VigilWallTile *self,
                      const char    *why)
{
  g_return_if_fail (VIGIL_IS_WALL_TILE (self));

  self->suspended = TRUE;
  stop_view (self, why);
  show_state (self);
}

void
vigil_wall_tile_set_unattended (VigilWallTile *self,
                                gboolean       unattended)
{
  g_return_if_fail (VIGIL_IS_WALL_TILE (self));

  self->unattended = unattended;
}
