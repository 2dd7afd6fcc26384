/* vigil-application.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "vigil-core.h"
#include "vigil-console-window.h"
#include "vigil-demo-site.h"
#include "vigil-wall-feed.h"
#include "vigil-wall-screen.h"
#include "vigil-wall-start-window.h"
#include "vigil-application.h"

/* The console: one window on the site of this machine's data folder
 * (--data-dir, else $VIGIL_DATA_DIR, else the default, as for vigilctl), or
 * on the demo site (--demo: its own folder, never the real site's); or,
 * with --wall, the wall of monitors on that site. */
struct _VigilApplication
{
  AdwApplication parent_instance;

  char          *data_dir;
  gboolean       demo;
  int            exit_status;
  VigilSite     *site;
  GError        *site_error;

  VigilDemoSite *demo_site;
  GCancellable  *cancellable;
  GtkWindow     *preparing;
  AdwStatusPage *preparing_page;
  guint          sigterm_id;
  guint          sigint_id;

  /* --wall: the team lead's session it runs under, once started, and the
   * one feed every screen shows its share of. */
  gboolean            wall;
  VigilSession       *wall_session;
  VigilChangeMonitor *wall_changes;
  VigilWallFeed      *wall_feed;
  gboolean            wall_stopping;
};

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, ADW_TYPE_APPLICATION)

static int
vigil_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  VigilApplication *self = VIGIL_APPLICATION (application);

  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir);
  self->demo = g_variant_dict_contains (options, "demo");
  self->wall = g_variant_dict_contains (options, "wall");

  if (self->demo && self->wall)
    {
      g_printerr (_("vigil: --wall runs on a site that exists: start the demo first, then vigil --wall --data-dir "
                    "with its folder\n"));
      return 2;
    }

  /* Said in one line, before GTK would say it less plainly. */
  if (!gtk_init_check ())
    {
      g_printerr (_("vigil: cannot open a display: the console needs a desktop session (no usable DISPLAY or WAYLAND_DISPLAY)\n"));
      return 1;
    }

  if (self->demo)
    {
      g_autoptr(GError) error = NULL;

      if (self->data_dir == NULL)
        self->data_dir = vigil_demo_site_default_dir ();
      if (!vigil_demo_site_check_folder (self->data_dir, &error))
        {
          g_printerr ("vigil: --demo: %s\n", error->message);
          return 2;
        }
    }

  /* Go on to the primary instance. */
  return -1;
}

static gboolean
quit_now (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  /* Closing a window takes it off the application's list: walk a copy. */
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (user_data)),
                                     (GCopyFunc) (void (*) (void)) g_object_ref, NULL);

  /* Windows close as by hand, so a logged-in console logs out and its views
   * end on the trail; then the application quits, and shutdown stops the
   * demo's camera server rather than leaving it to its parent-death signal.
   * A window that cannot finish within 5 s does not keep it running. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  if (windows == NULL)
    quit_now (user_data);
  else
    g_timeout_add_seconds (5, quit_now, user_data);
  g_list_free_full (windows, g_object_unref);
  return G_SOURCE_CONTINUE;
}

static void
vigil_application_startup (GApplication *application)
{
  VigilApplication *self = VIGIL_APPLICATION (application);

  G_APPLICATION_CLASS (vigil_application_parent_class)->startup (application);

  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);
}

static void
vigil_application_shutdown (GApplication *application)
{
  VigilApplication *self = VIGIL_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->demo_site != NULL)
    vigil_demo_site_stop (self->demo_site);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);

  G_APPLICATION_CLASS (vigil_application_parent_class)->shutdown (application);
}

/* The demo
 * ------------------------------------------------------------------------ */

/* What the demo shows while it makes (or reopens) its site and starts its
 * cameras: a few seconds of password hashing and clip encoding. */
static GtkWindow *
preparing_window_new (VigilApplication *self)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Vigil Demo"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Preparing the demo site…"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Its staff, families and simulated cameras are being set up."));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), spinner);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  self->preparing_page = ADW_STATUS_PAGE (page);
  return GTK_WINDOW (window);
}

/* Not translated: a fixed form that scripts and tests read, the logins
 * first and the line naming the folder last. */
static void
print_demo_logins (VigilApplication *self)
{
  const char * const *logins = vigil_demo_site_get_logins ();

  for (guint i = 0; logins[i] != NULL; i++)
    g_print ("demo login: %s\n", logins[i]);
  g_print ("demo site: %s, cameras on rtsp://127.0.0.1:%u/\n", vigil_demo_site_get_data_dir (self->demo_site),
           vigil_demo_site_get_port (self->demo_site));
  fflush (stdout);
}

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(VigilApplication) self = user_data;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) error = NULL;
  VigilConsoleWindow *window;

  site = vigil_demo_site_start_finish (VIGIL_DEMO_SITE (object), result, &error);
  g_application_release (G_APPLICATION (self));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (site == NULL)
    {
      g_printerr ("vigil: --demo: %s\n", error->message);
      self->exit_status = 1;
      if (self->preparing != NULL)
        {
          adw_status_page_set_icon_name (self->preparing_page, "dialog-error-symbolic");
          adw_status_page_set_title (self->preparing_page, _("The demo could not start"));
          adw_status_page_set_description (self->preparing_page, error->message);
          adw_status_page_set_child (self->preparing_page, NULL);
        }
      return;
    }

  /* Closed while it was being prepared: nothing more to show. */
  if (self->preparing == NULL)
    return;

  g_set_object (&self->site, site);
  window = vigil_console_window_new (ADW_APPLICATION (self), site, NULL);
  vigil_console_window_set_demo_logins (window, vigil_demo_site_get_logins ());
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_destroy (self->preparing);
  print_demo_logins (self);
}

static void
start_demo (VigilApplication *self)
{
  self->demo_site = vigil_demo_site_new (self->data_dir);
  self->preparing = preparing_window_new (self);
  g_object_add_weak_pointer (G_OBJECT (self->preparing), (gpointer *) &self->preparing);
  gtk_window_present (self->preparing);

  /* Held until it is ready: closing the window meanwhile must not stop a
   * site half made. */
  g_application_hold (G_APPLICATION (self));
  vigil_demo_site_start_async (self->demo_site, self->cancellable, on_demo_started, g_object_ref (self));
}

/* The wall of monitors
 * ------------------------------------------------------------------------ */

static void
on_wall_logged_out (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *windows;

  if (!vigil_site_logout_finish (VIGIL_SITE (object), result, &error))
    g_warning ("The wall's logout could not be written to the audit trail: %s", error->message);
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
}

/* Every view ends on the trail ("wall stopped"), then the session logs out
 * (queued after them on the site's worker), then every screen closes. */
static void
stop_wall (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       user_data)
{
  VigilApplication *self = user_data;

  if (self->wall_session == NULL || self->wall_stopping)
    return;
  self->wall_stopping = TRUE;
  g_clear_object (&self->wall_feed);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (VIGIL_IS_WALL_SCREEN (l->data))
      {
        vigil_wall_screen_stop (l->data, "wall stopped");
        gtk_widget_set_visible (l->data, FALSE);
      }
  vigil_site_logout_async (self->site, self->wall_session, NULL, on_wall_logged_out, g_object_ref (self));
}

static void
on_wall_started (VigilApplication     *self,
                 VigilSession         *session,
                 GPtrArray            *monitors,
                 VigilWallStartWindow *start)
{
  g_autoptr(GError) error = NULL;

  g_set_object (&self->wall_session, session);
  self->wall_changes = vigil_change_monitor_new (self->site, &error);
  if (self->wall_changes == NULL)
    g_warning ("Changes made elsewhere will show on the wall only every minute: %s", error->message);
  self->wall_feed = vigil_wall_feed_new (self->site, self->wall_changes);
  for (guint i = 0; i < monitors->len; i++)
    {
      VigilWallScreen *screen = vigil_wall_screen_new (ADW_APPLICATION (self), self->site, session,
                                                       g_ptr_array_index (monitors, i), i, monitors->len);

      g_signal_connect_object (self->wall_feed, "updated", G_CALLBACK (vigil_wall_screen_apply), screen,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (screen));
    }
  gtk_window_destroy (GTK_WINDOW (start));
}

static void
start_wall (VigilApplication *self)
{
  VigilWallStartWindow *start = vigil_wall_start_window_new (ADW_APPLICATION (self), self->site, self->site_error);
  const char *quit[] = { "<Control>q", NULL };
  const GActionEntry actions[] = {
    { "stop-wall", stop_wall, NULL, NULL, NULL },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.stop-wall", quit);
  g_signal_connect_object (start, "started", G_CALLBACK (on_wall_started), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (start));
}

static void
vigil_application_activate (GApplication *application)
{
  VigilApplication *self = VIGIL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->demo)
    {
      if (self->demo_site == NULL)
        start_demo (self);
      return;
    }

  if (self->site == NULL && self->site_error == NULL)
    {
      g_autofree char *dir = self->data_dir ? g_strdup (self->data_dir) : vigil_site_default_data_dir ();

      self->site = vigil_site_open (dir, &self->site_error);
    }
  if (self->wall)
    {
      start_wall (self);
      return;
    }
  window = GTK_WINDOW (vigil_console_window_new (ADW_APPLICATION (application), self->site, self->site_error));
  gtk_window_present (window);
}

static void
vigil_application_dispose (GObject *object)
{
  VigilApplication *self = VIGIL_APPLICATION (object);

  g_clear_object (&self->demo_site);
  g_clear_object (&self->wall_feed);
  g_clear_object (&self->wall_changes);
  g_clear_object (&self->wall_session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_application_parent_class)->dispose (object);
}

static void
vigil_application_finalize (GObject *object)
{
  VigilApplication *self = VIGIL_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_error (&self->site_error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_application_parent_class)->finalize (object);
}

static void
vigil_application_class_init (VigilApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vigil_application_dispose;
  object_class->finalize = vigil_application_finalize;
  application_class->handle_local_options = vigil_application_handle_local_options;
  application_class->startup = vigil_application_startup;
  application_class->shutdown = vigil_application_shutdown;
  application_class->activate = vigil_application_activate;
}

static void
vigil_application_init (VigilApplication *self)
{
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The site's data folder"), N_("DIR") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Make (or reopen) the demo site, with simulated cameras, and show it; its folder is the user's "
         "vigil-demo folder unless --data-dir says another"), NULL },
    { "wall", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run the wall of monitors: full screen on each monitor chosen, started by a team lead's login, showing "
         "the communal areas and every room that may be watched without a reason, with no sound"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

VigilApplication *
vigil_application_new (void)
{
  /* Non-unique: every console (and every test's) is its own process, each
   * with its own login. */
  return g_object_new (VIGIL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/vigil/Vigil",
                       NULL);
}

int
vigil_application_get_exit_status (VigilApplication *self)
{
  g_return_val_if_fail (VIGIL_IS_APPLICATION (self), 1);

  return self->exit_status;
}
