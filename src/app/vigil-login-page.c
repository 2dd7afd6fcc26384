/* vigil-login-page.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-widget-util.h"
#include "vigil-login-page.h"

struct _VigilLoginPage
{
  GtkWidget parent_instance;

  VigilSite    *site;
  GCancellable *cancellable;

  GtkEntry         *username;
  GtkPasswordEntry *password;
  GtkLabel         *error;
  GtkButton        *log_in;
  GtkWidget        *demo_box;
  GtkBox           *demo_list;
};

G_DEFINE_FINAL_TYPE (VigilLoginPage, vigil_login_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (VigilLoginPage *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->log_in), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->username), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password), !busy);
}

static void
on_logged_in (GObject      *site,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VigilLoginPage) self = user_data;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = vigil_site_login_finish (VIGIL_SITE (site), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password), "");
  if (session == NULL)
    {
      /* The core's words: a wrong password, a lapsed competency, a lock
       * and until when. */
      gtk_label_set_text (self->error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->username), "");
  g_signal_emit (self, signals[SIGNAL_LOGGED_IN], 0, session);
}

static void
on_log_in (VigilLoginPage *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password));

  g_return_if_fail (self->site != NULL);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->log_in)))
    return;

  set_busy (self, TRUE);
  vigil_site_login_async (self->site, username, password, "console", self->cancellable, on_logged_in,
                          g_object_ref (self));
}

static void
on_username_activate (VigilLoginPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password));
}

static void
vigil_login_page_dispose (GObject *object)
{
  VigilLoginPage *self = VIGIL_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_LOGIN_PAGE);
  g_clear_object (&self->site);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_login_page_parent_class)->dispose (object);
}

static void
vigil_login_page_class_init (VigilLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_login_page_dispose;

  signals[SIGNAL_LOGGED_IN] = g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilLoginPage, username);
  gtk_widget_class_bind_template_child (widget_class, VigilLoginPage, password);
  gtk_widget_class_bind_template_child (widget_class, VigilLoginPage, error);
  gtk_widget_class_bind_template_child (widget_class, VigilLoginPage, log_in);
  gtk_widget_class_bind_template_child (widget_class, VigilLoginPage, demo_box);
  gtk_widget_class_bind_template_child (widget_class, VigilLoginPage, demo_list);
  gtk_widget_class_bind_template_callback (widget_class, on_log_in);
  gtk_widget_class_bind_template_callback (widget_class, on_username_activate);
}

static void
vigil_login_page_init (VigilLoginPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
vigil_login_page_set_site (VigilLoginPage *self,
                           VigilSite      *site)
{
  g_return_if_fail (VIGIL_IS_LOGIN_PAGE (self));
  g_return_if_fail (VIGIL_IS_SITE (site));

  g_set_object (&self->site, site);
}

void
vigil_login_page_set_demo_logins (VigilLoginPage     *self,
                                  const char * const *lines)
{
  GtkWidget *child;

  g_return_if_fail (VIGIL_IS_LOGIN_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->demo_list))) != NULL)
    gtk_box_remove (self->demo_list, child);

  /* One label a login, its text the line itself: what is read is what is
   * typed. Selectable, so a password can be copied. */
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (lines[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "monospace");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Demo login"), -1);
      gtk_box_append (self->demo_list, label);
    }
  gtk_widget_set_visible (self->demo_box, lines != NULL && lines[0] != NULL);
}
