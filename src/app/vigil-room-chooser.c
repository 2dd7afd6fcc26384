/* vigil-room-chooser.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-room-chooser.h"

struct _VigilRoomChooser
{
  GtkWidget     parent_instance;

  GCancellable *cancellable;  /* the read of the rooms */
  char         *chosen;       /* kept across reloads */

  GtkWidget    *box;
  GtkLabel     *status;       /* no rooms, or why they could not be read */
};

G_DEFINE_FINAL_TYPE (VigilRoomChooser, vigil_room_chooser, GTK_TYPE_WIDGET)

static void
on_toggled (GtkToggleButton  *button,
            VigilRoomChooser *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  g_free (self->chosen);
  self->chosen = g_strdup (g_object_get_data (G_OBJECT (button), "room"));
}

static void
say (VigilRoomChooser *self,
     const char       *text)
{
  gtk_label_set_text (self->status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
}

static void
on_rooms (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VigilRoomChooser) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rooms = vigil_site_list_rooms_finish (VIGIL_SITE (object), result, &error);
  GtkToggleButton *first = NULL;
  GtkWidget *child;
  gboolean still_there = FALSE;

  if (rooms == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->box), child);
  for (guint i = 0; i < rooms->len; i++)
    {
      const char *room = g_ptr_array_index (rooms, i);
      GtkWidget *button = gtk_toggle_button_new_with_label (room);

      g_object_set_data_full (G_OBJECT (button), "room", g_strdup (room), g_free);
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      if (g_strcmp0 (room, self->chosen) == 0)
        {
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
          still_there = TRUE;
        }
      g_signal_connect (button, "toggled", G_CALLBACK (on_toggled), self);
      gtk_flow_box_append (GTK_FLOW_BOX (self->box), button);
    }
  if (!still_there)
    g_clear_pointer (&self->chosen, g_free);
  say (self, rooms->len == 0 ? _("No rooms yet: a manager adds them under Rooms and Cameras.") : NULL);
}

void
vigil_room_chooser_load (VigilRoomChooser *self,
                         VigilSite        *site)
{
  g_return_if_fail (VIGIL_IS_ROOM_CHOOSER (self));
  g_return_if_fail (VIGIL_IS_SITE (site));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  vigil_site_list_rooms_async (site, self->cancellable, on_rooms, g_object_ref (self));
}

const char *
vigil_room_chooser_get_room (VigilRoomChooser *self)
{
  g_return_val_if_fail (VIGIL_IS_ROOM_CHOOSER (self), NULL);

  return self->chosen;
}

static void
vigil_room_chooser_dispose (GObject *object)
{
  VigilRoomChooser *self = VIGIL_ROOM_CHOOSER (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vigil_room_chooser_parent_class)->dispose (object);
}

static void
vigil_room_chooser_finalize (GObject *object)
{
  VigilRoomChooser *self = VIGIL_ROOM_CHOOSER (object);

  g_free (self->chosen);

  G_OBJECT_CLASS (vigil_room_chooser_parent_class)->finalize (object);
}

static void
vigil_room_chooser_class_init (VigilRoomChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_room_chooser_dispose;
  object_class->finalize = vigil_room_chooser_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
vigil_room_chooser_init (VigilRoomChooser *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  /* A centre has more rooms than one line holds. */
  self->box = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->box), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->box), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->box), 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->status), GTK_WIDGET (self));
}

VigilRoomChooser *
vigil_room_chooser_new (void)
{
  return g_object_new (VIGIL_TYPE_ROOM_CHOOSER, NULL);
}
