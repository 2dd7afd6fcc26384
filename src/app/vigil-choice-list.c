/* vigil-choice-list.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-choice-list.h"

struct _VigilChoiceList
{
  GtkWidget  parent_instance;

  GtkWidget *chosen;   /* the chosen button, or NULL */
};

G_DEFINE_FINAL_TYPE (VigilChoiceList, vigil_choice_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mark_chosen (VigilChoiceList *self,
             GtkWidget       *button)
{
  GtkWidget *child;

  self->chosen = button;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkImage *check = g_object_get_data (G_OBJECT (child), "vigil-check");
      gboolean chosen = child == button;

      gtk_image_set_from_icon_name (check, chosen ? "object-select-symbolic" : NULL);
      if (chosen)
        gtk_widget_add_css_class (child, "vigil-chosen");
      else
        gtk_widget_remove_css_class (child, "vigil-chosen");
    }
}

static void
on_clicked (GtkButton       *button,
            VigilChoiceList *self)
{
  mark_chosen (self, GTK_WIDGET (button));
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0);
}

void
vigil_choice_list_append (VigilChoiceList *self,
                          const char      *key,
                          const char      *shown)
{
  GtkWidget *button, *box, *check, *label;

  g_return_if_fail (VIGIL_IS_CHOICE_LIST (self));
  g_return_if_fail (key != NULL && shown != NULL);

  button = gtk_button_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  check = gtk_image_new ();
  gtk_image_set_pixel_size (GTK_IMAGE (check), 16);
  gtk_widget_set_size_request (check, 16, 16);
  gtk_accessible_update_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  label = gtk_label_new (shown);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, shown, -1);

  g_object_set_data_full (G_OBJECT (button), "vigil-key", g_strdup (key), g_free);
  g_object_set_data_full (G_OBJECT (button), "vigil-shown", g_strdup (shown), g_free);
  g_object_set_data (G_OBJECT (button), "vigil-check", check);
  g_signal_connect (button, "clicked", G_CALLBACK (on_clicked), self);
  gtk_widget_set_parent (button, GTK_WIDGET (self));
}

void
vigil_choice_list_remove_all (VigilChoiceList *self)
{
  GtkWidget *child;

  g_return_if_fail (VIGIL_IS_CHOICE_LIST (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->chosen = NULL;
}

guint
vigil_choice_list_get_n_choices (VigilChoiceList *self)
{
  GtkWidget *child;
  guint n = 0;

  g_return_val_if_fail (VIGIL_IS_CHOICE_LIST (self), 0);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

void
vigil_choice_list_choose (VigilChoiceList *self,
                          const char      *key)
{
  GtkWidget *child;

  g_return_if_fail (VIGIL_IS_CHOICE_LIST (self));

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "vigil-key"), key) == 0)
      break;
  if (child == self->chosen)
    return;
  mark_chosen (self, child);
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0);
}

const char *
vigil_choice_list_get_chosen (VigilChoiceList *self)
{
  g_return_val_if_fail (VIGIL_IS_CHOICE_LIST (self), NULL);

  return self->chosen ? g_object_get_data (G_OBJECT (self->chosen), "vigil-key") : NULL;
}

const char *
vigil_choice_list_get_chosen_shown (VigilChoiceList *self)
{
  g_return_val_if_fail (VIGIL_IS_CHOICE_LIST (self), NULL);

  return self->chosen ? g_object_get_data (G_OBJECT (self->chosen), "vigil-shown") : NULL;
}

static void
vigil_choice_list_dispose (GObject *object)
{
  VigilChoiceList *self = VIGIL_CHOICE_LIST (object);

  vigil_choice_list_remove_all (self);

  G_OBJECT_CLASS (vigil_choice_list_parent_class)->dispose (object);
}

static void
vigil_choice_list_class_init (VigilChoiceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_choice_list_dispose;

  /**
   * VigilChoiceList::chosen:
   *
   * The choice changed (see vigil_choice_list_get_chosen()).
   */
  signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* Its buttons are its children, added as choices come: no template. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
vigil_choice_list_init (VigilChoiceList *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
}

VigilChoiceList *
vigil_choice_list_new (void)
{
  return g_object_new (VIGIL_TYPE_CHOICE_LIST, NULL);
}
