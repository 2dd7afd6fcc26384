/* vigil-console-window.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-login-page.h"
#include "vigil-console-window.h"

struct _VigilConsoleWindow
{
  AdwApplicationWindow parent_instance;

  VigilSite    *site;
  VigilSession *session;

  AdwWindowTitle *title;
  GtkStack       *pages;
  VigilLoginPage *login_page;
  AdwStatusPage  *console_page;
  AdwStatusPage  *no_site_page;
  GtkLabel       *who;
};

G_DEFINE_FINAL_TYPE (VigilConsoleWindow, vigil_console_window, ADW_TYPE_APPLICATION_WINDOW)

/* After login: who is logged in, in the header and on the page. */
static void
on_logged_in (VigilConsoleWindow  *self,
              VigilSession *session)
{
  g_autofree char *who = NULL;

  g_set_object (&self->session, session);
  who = g_strdup_printf (_("%s (%s)"), vigil_session_get_display_name (session),
                         vigil_role_to_string (vigil_session_get_role (session)));
  adw_window_title_set_subtitle (self->title, who);
  adw_status_page_set_title (self->console_page, vigil_session_get_display_name (session));
  gtk_label_set_text (self->who, who);
  gtk_stack_set_visible_child_name (self->pages, "console");
}

static void
vigil_console_window_dispose (GObject *object)
{
  VigilConsoleWindow *self = VIGIL_CONSOLE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CONSOLE_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_console_window_parent_class)->dispose (object);
}

static void
vigil_console_window_class_init (VigilConsoleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_console_window_dispose;

  g_type_ensure (VIGIL_TYPE_LOGIN_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-console-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, title);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, login_page);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, console_page);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, no_site_page);
  gtk_widget_class_bind_template_child (widget_class, VigilConsoleWindow, who);
  gtk_widget_class_bind_template_callback (widget_class, on_logged_in);
}

static void
vigil_console_window_init (VigilConsoleWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VigilConsoleWindow *
vigil_console_window_new (AdwApplication *application,
                  VigilSite      *site,
                  const GError   *error)
{
  VigilConsoleWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (site != NULL || error != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CONSOLE_WINDOW, "application", application, NULL);
  if (site == NULL)
    {
      adw_status_page_set_description (self->no_site_page, error->message);
      gtk_stack_set_visible_child_name (self->pages, "no-site");
      return self;
    }

  self->site = g_object_ref (site);
  vigil_login_page_set_site (self->login_page, site);
  gtk_stack_set_visible_child_name (self->pages, "login");
  return self;
}

void
vigil_console_window_set_demo_logins (VigilConsoleWindow *self,
                                      const char * const *lines)
{
  g_return_if_fail (VIGIL_IS_CONSOLE_WINDOW (self));

  vigil_login_page_set_demo_logins (self->login_page, lines);
}
