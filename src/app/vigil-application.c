/* vigil-application.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-core.h"
#include "vigil-console-window.h"
#include "vigil-application.h"

/* The console: one window on the site of this machine's data folder
 * (--data-dir, else $VIGIL_DATA_DIR, else the default, as for vigilctl). */
struct _VigilApplication
{
  AdwApplication parent_instance;

  char      *data_dir;
  VigilSite *site;
  GError    *site_error;
};

G_DEFINE_FINAL_TYPE (VigilApplication, vigil_application, ADW_TYPE_APPLICATION)

static int
vigil_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  VigilApplication *self = VIGIL_APPLICATION (application);

  g_variant_dict_lookup (options, "data-dir", "^ay", &self->data_dir);
  /* Go on to the primary instance. */
  return -1;
}

static void
vigil_application_activate (GApplication *application)
{
  VigilApplication *self = VIGIL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      if (self->site == NULL && self->site_error == NULL)
        {
          g_autofree char *dir = self->data_dir ? g_strdup (self->data_dir) : vigil_site_default_data_dir ();

          self->site = vigil_site_open (dir, &self->site_error);
        }
      window = GTK_WINDOW (vigil_console_window_new (ADW_APPLICATION (application), self->site, self->site_error));
    }
  gtk_window_present (window);
}

static void
vigil_application_finalize (GObject *object)
{
  VigilApplication *self = VIGIL_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_object (&self->site);
  g_clear_error (&self->site_error);

  G_OBJECT_CLASS (vigil_application_parent_class)->finalize (object);
}

static void
vigil_application_class_init (VigilApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vigil_application_finalize;
  application_class->handle_local_options = vigil_application_handle_local_options;
  application_class->activate = vigil_application_activate;
}

static void
vigil_application_init (VigilApplication *self)
{
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The site's data folder"), N_("DIR") },
    { NULL }
  };

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
