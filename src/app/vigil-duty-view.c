/* vigil-duty-view.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-duty-view.h"

struct _VigilDutyView
{
  GtkWidget parent_instance;

  VigilDuty *duty;
};

G_DEFINE_FINAL_TYPE (VigilDutyView, vigil_duty_view, GTK_TYPE_WIDGET)

static void
vigil_duty_view_dispose (GObject *object)
{
  VigilDutyView *self = VIGIL_DUTY_VIEW (object);

  g_clear_object (&self->duty);
  G_OBJECT_CLASS (vigil_duty_view_parent_class)->dispose (object);
}

static void
vigil_duty_view_class_init (VigilDutyViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_duty_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BOX_LAYOUT);
}

static void
vigil_duty_view_init (VigilDutyView *self)
{
}

void
vigil_duty_view_set_duty (VigilDutyView *self,
                          VigilSite     *site,
                          VigilSession  *session,
                          VigilDuty     *duty)
{
  g_return_if_fail (VIGIL_IS_DUTY_VIEW (self));

  g_set_object (&self->duty, duty);
}

VigilDuty *
vigil_duty_view_get_duty (VigilDutyView *self)
{
  g_return_val_if_fail (VIGIL_IS_DUTY_VIEW (self), NULL);

  return self->duty;
}

void
vigil_duty_view_set_locked (VigilDutyView *self,
                            gboolean       locked)
{
  g_return_if_fail (VIGIL_IS_DUTY_VIEW (self));
}
