/* vigil-wall-start-window.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-login-page.h"
#include "vigil-widget-util.h"
#include "vigil-wall-start-window.h"

#define MONITORS_KEY "wall-monitors"

struct _VigilWallStartWindow
{
  AdwApplicationWindow parent_instance;

  VigilSite    *site;
  GSettings    *settings;     /* NULL where the schema is not installed */
  GStrv         chosen;       /* connectors, where there are no settings */
  GPtrArray    *rows;         /* AdwActionRow, one per monitor shown */

  GtkStack             *pages;
  AdwPreferencesGroup  *monitors;
  GtkLabel             *refusal;
  VigilLoginPage       *login_page;
  AdwStatusPage        *no_site_page;
};

enum
{
  SIGNAL_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilWallStartWindow, vigil_wall_start_window, ADW_TYPE_APPLICATION_WINDOW)

GPtrArray *
vigil_wall_start_window_pick_monitors (GListModel         *monitors,
                                       const char * const *chosen)
{
  GPtrArray *picked = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (monitors);

  for (guint i = 0; i < n && chosen != NULL; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      const char *connector = gdk_monitor_get_connector (monitor);

      if (connector != NULL && g_strv_contains (chosen, connector))
        g_ptr_array_add (picked, g_steal_pointer (&monitor));
    }
  /* None chosen, or none of those chosen connected: every monitor. */
  if (picked->len == 0)
    for (guint i = 0; i < n; i++)
      g_ptr_array_add (picked, g_list_model_get_item (monitors, i));
  return picked;
}

static GStrv
get_chosen (VigilWallStartWindow *self)
{
  return self->settings != NULL ? g_settings_get_strv (self->settings, MONITORS_KEY) : g_strdupv (self->chosen);
}

static void
on_monitor_switched (VigilWallStartWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) chosen = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (self->rows, i);
      GtkSwitch *toggle = GTK_SWITCH (adw_action_row_get_activatable_widget (row));

      if (gtk_switch_get_active (toggle))
        g_strv_builder_add (builder, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    }
  chosen = g_strv_builder_end (builder);
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, MONITORS_KEY, (const char * const *) chosen);
  else
    {
      g_strfreev (self->chosen);
      self->chosen = g_steal_pointer (&chosen);
    }
}

/* A row per monitor, named by its connector (what the setting keeps), its
 * size and place below; switched on where the setting names it. */
static void
list_monitors (VigilWallStartWindow *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_auto(GStrv) chosen = get_chosen (self);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->monitors, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      const char *connector = gdk_monitor_get_connector (monitor);
      const char *model;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      GdkRectangle area;
      g_autofree char *where = NULL;
      g_autofree char *name = NULL;

      if (connector == NULL)
        continue;
      gdk_monitor_get_geometry (monitor, &area);
      /* TRANSLATORS: a monitor's model, size and place: "DELL P2419H, 1920×1080 at 0, 0" */
      model = gdk_monitor_get_model (monitor);
      where = g_strdup_printf (_("%s, %d×%d at %d, %d"), model != NULL ? model : _("Monitor"), area.width, area.height,
                               area.x, area.y);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), connector);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      gtk_switch_set_active (GTK_SWITCH (toggle), chosen != NULL && g_strv_contains ((const char * const *) chosen,
                                                                                     connector));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      name = g_strdup_printf (_("Show the wall on %s"), connector);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_monitor_switched), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      /* The row labels its activatable widget with its title, which
       * assistive technology read after the switch's own name ("Show the
       * wall on DP-1 DP-1"): the name above says it all. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      adw_preferences_group_add (self->monitors, row);
      g_ptr_array_add (self->rows, row);
    }
}

typedef struct
{
  VigilWallStartWindow *self;
  VigilSession         *session;
  GPtrArray            *monitors;
} Starting;

static void
starting_free (Starting *starting)
{
  g_object_unref (starting->self);
  g_object_unref (starting->session);
  g_ptr_array_unref (starting->monitors);
  g_free (starting);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Starting, starting_free)

static void
on_refused_logout (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_site_logout_finish (VIGIL_SITE (object), result, &error))
    g_warning ("The logout could not be written to the audit trail: %s", error->message);
}

static void
on_wall_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Starting) starting = user_data;
  VigilWallStartWindow *self = starting->self;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->login_page), TRUE);
  if (!vigil_site_start_wall_finish (VIGIL_SITE (object), result, &error))
    {
      /* The core's words ("permission denied: … run-wall"); the session
       * it refused ends at once. */
      gtk_label_set_text (self->refusal, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->refusal), TRUE);
      vigil_site_logout_async (self->site, starting->session, NULL, on_refused_logout, NULL);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), FALSE);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, starting->session, starting->monitors);
}

static void
on_logged_in (VigilWallStartWindow *self,
              VigilSession         *session)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_auto(GStrv) chosen = get_chosen (self);
  Starting *starting = g_new0 (Starting, 1);

  starting->self = g_object_ref (self);
  starting->session = g_object_ref (session);
  starting->monitors = vigil_wall_start_window_pick_monitors (monitors, (const char * const *) chosen);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_page), FALSE);
  vigil_site_start_wall_async (self->site, session, starting->monitors->len, NULL, on_wall_started, starting);
}

static void
vigil_wall_start_window_dispose (GObject *object)
{
  VigilWallStartWindow *self = VIGIL_WALL_START_WINDOW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WALL_START_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_wall_start_window_parent_class)->dispose (object);
}

static void
vigil_wall_start_window_finalize (GObject *object)
{
  VigilWallStartWindow *self = VIGIL_WALL_START_WINDOW (object);

  g_strfreev (self->chosen);

  G_OBJECT_CLASS (vigil_wall_start_window_parent_class)->finalize (object);
}

static void
vigil_wall_start_window_class_init (VigilWallStartWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_wall_start_window_dispose;
  object_class->finalize = vigil_wall_start_window_finalize;

  signals[SIGNAL_STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 2, VIGIL_TYPE_SESSION, G_TYPE_PTR_ARRAY);

  g_type_ensure (VIGIL_TYPE_LOGIN_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-wall-start-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWallStartWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, VigilWallStartWindow, monitors);
  gtk_widget_class_bind_template_child (widget_class, VigilWallStartWindow, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilWallStartWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, VigilWallStartWindow, no_site_page);
  gtk_widget_class_bind_template_callback (widget_class, on_logged_in);
}

static void
vigil_wall_start_window_init (VigilWallStartWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->settings = vigil_settings_new ();
}

VigilWallStartWindow *
vigil_wall_start_window_new (AdwApplication *application,
                             VigilSite      *site,
                             const GError   *site_error)
{
  VigilWallStartWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (site == NULL || VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (site != NULL || site_error != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_WALL_START_WINDOW, "application", application, NULL);
  if (site == NULL)
    {
      adw_status_page_set_description (self->no_site_page, site_error->message);
      gtk_stack_set_visible_child_name (self->pages, "no-site");
      return self;
    }
  self->site = g_object_ref (site);
  vigil_login_page_set_site (self->login_page, site);
  list_monitors (self);
  g_signal_connect_object (gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self))), "items-changed",
                           G_CALLBACK (list_monitors), self, G_CONNECT_SWAPPED);
  return self;
}
