/* vigil-wall-screen.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-wall.h"
#include "vigil-wall-screen.h"

struct _VigilWallScreen
{
  AdwApplicationWindow parent_instance;

  VigilSite *site;
  VigilWall *wall;
  gboolean   stopped;
  guint      clock_id;

  GtkLabel  *started_by;
  GtkLabel  *clock;
  AdwBin    *wall_holder;
  GtkLabel  *nothing;
};

G_DEFINE_FINAL_TYPE (VigilWallScreen, vigil_wall_screen, ADW_TYPE_APPLICATION_WINDOW)

/* A clock that moves says the wall is alive. */
static gboolean
on_clock (gpointer user_data)
{
  VigilWallScreen *self = user_data;
  g_autofree char *now = vigil_time_format_local (g_get_real_time (), vigil_site_get_time_zone (self->site),
                                                  "%H:%M:%S");

  gtk_label_set_text (self->clock, now);
  return G_SOURCE_CONTINUE;
}

void
vigil_wall_screen_apply (VigilWallScreen   *self,
                         VigilWallSnapshot *snapshot)
{
  guint shown;

  g_return_if_fail (VIGIL_IS_WALL_SCREEN (self));

  if (self->stopped)
    return;
  shown = vigil_wall_apply (self->wall, snapshot);
  gtk_widget_set_visible (GTK_WIDGET (self->nothing), shown == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->wall_holder), shown > 0);
}

void
vigil_wall_screen_stop (VigilWallScreen *self,
                        const char      *why)
{
  g_return_if_fail (VIGIL_IS_WALL_SCREEN (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  vigil_wall_clear (self->wall, why);
}

static gboolean
vigil_wall_screen_close_request (GtkWindow *window)
{
  VigilWallScreen *self = VIGIL_WALL_SCREEN (window);

  /* The application stops the wall (every view ended, the session logged
   * out) and then closes every screen. */
  if (!self->stopped)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "app.stop-wall", NULL);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (vigil_wall_screen_parent_class)->close_request (window);
}

static void
vigil_wall_screen_dispose (GObject *object)
{
  VigilWallScreen *self = VIGIL_WALL_SCREEN (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WALL_SCREEN);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_wall_screen_parent_class)->dispose (object);
}

static void
vigil_wall_screen_class_init (VigilWallScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_wall_screen_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = vigil_wall_screen_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-wall-screen.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWallScreen, started_by);
  gtk_widget_class_bind_template_child (widget_class, VigilWallScreen, clock);
  gtk_widget_class_bind_template_child (widget_class, VigilWallScreen, wall_holder);
  gtk_widget_class_bind_template_child (widget_class, VigilWallScreen, nothing);
}

static void
vigil_wall_screen_init (VigilWallScreen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilWallScreen *
vigil_wall_screen_new (AdwApplication *application,
                       VigilSite      *site,
                       VigilSession   *session,
                       GdkMonitor     *monitor,
                       guint           screen,
                       guint           screens)
{
  VigilWallScreen *self;
  GdkRectangle area;
  g_autofree char *at = NULL;
  g_autofree char *who = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (GDK_IS_MONITOR (monitor), NULL);
  g_return_val_if_fail (screen < screens, NULL);

  self = g_object_new (VIGIL_TYPE_WALL_SCREEN, "application", application, NULL);
  self->site = g_object_ref (site);
  self->wall = vigil_wall_new (site, session);
  vigil_wall_set_unattended (self->wall, screen, screens);
  adw_bin_set_child (self->wall_holder, GTK_WIDGET (self->wall));

  at = vigil_time_format_local (vigil_session_get_started_at (session), vigil_site_get_time_zone (site), "%H:%M");
  /* TRANSLATORS: "Wall started by Tom Lee (team-lead) at 21:04" */
  who = g_strdup_printf (_("Wall started by %s (%s) at %s"), vigil_session_get_display_name (session),
                         vigil_role_to_string (vigil_session_get_role (session)), at);
  gtk_label_set_text (self->started_by, who);
  /* TRANSLATORS: a window's title: "Vigil Wall, monitor 1 of 2" */
  title = g_strdup_printf (_("Vigil Wall, monitor %u of %u"), screen + 1, screens);
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* Its monitor's size also where no window manager makes it full
   * screen. */
  gdk_monitor_get_geometry (monitor, &area);
  gtk_window_set_default_size (GTK_WINDOW (self), area.width, area.height);
  gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);

  on_clock (self);
  self->clock_id = g_timeout_add_seconds (1, on_clock, self);
  return self;
}
