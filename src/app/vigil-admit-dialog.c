/* vigil-admit-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-form-util.h"
#include "vigil-room-chooser.h"
#include "vigil-admit-dialog.h"

struct _VigilAdmitDialog
{
  AdwWindow         parent_instance;

  VigilSite        *site;
  VigilSession     *session;
  gboolean          saving;

  GtkEditable      *case_ref;
  GtkEditable      *label;
  VigilRoomChooser *room;
  GtkEditable      *admitted;
  GtkToggleButton  *stage_1;
  GtkToggleButton  *stage_2;
  GtkToggleButton  *stage_3;
  GtkToggleButton  *stage_4;
  GtkEditable      *agreement;
  GtkToggleButton  *covers_sound;
  GtkEditable      *retention;
  GtkEditable      *consent;
  GtkLabel         *refusal;
  GtkButton        *save;
};

G_DEFINE_FINAL_TYPE (VigilAdmitDialog, vigil_admit_dialog, ADW_TYPE_WINDOW)

static void
refuse (VigilAdmitDialog *self,
        const char       *message)
{
  gtk_label_set_text (self->refusal, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), message != NULL);
}

static void
close_dialog (VigilAdmitDialog *self)
{
  /* GTK 4.8 warns when a window goes with an entry still focused. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static VigilFamily *
read_family (VigilAdmitDialog  *self,
             VigilFamilyState  *stage,
             GError           **error)
{
  const struct { GtkToggleButton *button; VigilFamilyState state; } stages[] = {
    { self->stage_1, VIGIL_STATE_STAGE_1 }, { self->stage_2, VIGIL_STATE_STAGE_2 },
    { self->stage_3, VIGIL_STATE_STAGE_3 }, { self->stage_4, VIGIL_STATE_STAGE_4 },
  };
  const char *room = vigil_room_chooser_get_room (self->room);
  g_autoptr(VigilFamily) family = NULL;
  guint days;

  *stage = VIGIL_STATE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (gtk_toggle_button_get_active (stages[i].button))
      *stage = stages[i].state;
  if (room == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("Choose the room the family is placed in."));
      return NULL;
    }
  if (*stage == VIGIL_STATE_NONE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("Choose the stage the family starts at."));
      return NULL;
    }
  if (!vigil_form_read_days (self->retention, &days, error))
    return NULL;

  family = vigil_family_new (vigil_form_text (self->case_ref), vigil_form_text (self->label), room,
                             vigil_form_text (self->admitted));
  /* Sound describes an agreement: without one there is nothing to cover. */
  vigil_family_set_agreement (family, vigil_form_optional (self->agreement),
                              gtk_toggle_button_get_active (self->covers_sound));
  vigil_family_set_consent_on (family, vigil_form_optional (self->consent));
  vigil_family_set_retention_days (family, days);
  return g_steal_pointer (&family);
}

static void
on_admitted (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilAdmitDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save), TRUE);
  if (!vigil_site_add_family_finish (VIGIL_SITE (object), result, &error))
    refuse (self, error->message);
  else
    close_dialog (self);
}

static void
on_save (VigilAdmitDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilFamily) family = NULL;
  VigilFamilyState stage;

  if (self->saving)
    return;
  if ((family = read_family (self, &stage, &error)) == NULL)
    {
      refuse (self, error->message);
      return;
    }
  self->saving = TRUE;
  refuse (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save), FALSE);
  vigil_site_add_family_async (self->site, self->session, family, stage, NULL, NULL, on_admitted,
                               g_object_ref (self));
}

static void
on_cancel (VigilAdmitDialog *self)
{
  close_dialog (self);
}

static void
vigil_admit_dialog_dispose (GObject *object)
{
  VigilAdmitDialog *self = VIGIL_ADMIT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_ADMIT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_admit_dialog_parent_class)->dispose (object);
}

static void
vigil_admit_dialog_class_init (VigilAdmitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_admit_dialog_dispose;

  g_type_ensure (VIGIL_TYPE_ROOM_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-admit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, case_ref);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, label);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, room);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, admitted);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, stage_1);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, stage_2);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, stage_3);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, stage_4);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, agreement);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, covers_sound);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, retention);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, consent);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilAdmitDialog, save);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_admit_dialog_init (VigilAdmitDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilAdmitDialog *
vigil_admit_dialog_new (GtkWidget    *parent,
                        VigilSite    *site,
                        VigilSession *session)
{
  VigilAdmitDialog *self;
  g_autofree char *today = NULL;
  GtkRoot *root;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_ADMIT_DIALOG, NULL);
  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  /* Admission is usually today, in the site's time, not the machine's. */
  today = vigil_date_today (vigil_site_get_time_zone (site), vigil_site_now (site));
  gtk_editable_set_text (self->admitted, today);
  vigil_room_chooser_load (self->room, site);
  return self;
}
