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

/* For a widget with one child (its template's) that must see its own
 * allocation: GtkBinLayout would do the same, but a widget with a layout
 * manager never has its size_allocate called. Its measure and the first
 * line of its size_allocate. */
static inline void
vigil_widget_measure_bin (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static inline void
vigil_widget_allocate_bin (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
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
