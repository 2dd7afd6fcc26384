/* vigil-widget-util.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For the dispose of a GtkWidget subclass whose template gives it children:
 * gtk_widget_dispose_template() unparents only the children it binds, and
 * GTK warns when a widget is finalized with children left. */
static inline void
vigil_widget_dispose_children (GtkWidget *widget,
                               GType      widget_type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* This machine's console settings, or NULL where their schema is not
 * installed (run from a build folder without GSETTINGS_SCHEMA_DIR): the
 * console then keeps its choices only while it runs. */
static inline GSettings *
vigil_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)) == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

G_END_DECLS
