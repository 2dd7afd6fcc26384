/* vigil-export-dialog.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-export-dialog.h"

struct _VigilExportDialog
{
  AdwWindow     parent_instance;

  VigilSite    *site;
  VigilSession *session;
  GCancellable *cancellable;
  gboolean      busy;

  GtkFlowBox   *cameras;
  GtkFlowBox   *families;
  GtkLabel     *choices_status;
  GtkEntry     *from;
  GtkEntry     *to;
  GtkEntry     *exhibit;
  GtkEntry     *purpose;
  GtkLabel     *zone_hint;
  GtkLabel     *refusal;
  GtkWidget    *request_button;
  GtkToggleButton *first_family;   /* the families' group */
};

G_DEFINE_FINAL_TYPE (VigilExportDialog, vigil_export_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (VigilExportDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->request_button, !busy);
}

static void
refuse (VigilExportDialog *self,
        const char        *message)
{
  gtk_label_set_text (self->refusal, message);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), TRUE);
  set_busy (self, FALSE);
}

/* Toggle buttons rather than check buttons or a drop down: GTK 4.8 gives
 * neither an action a screen reader (or a test) can run. */
static GtkWidget *
choice_button (const char *label,
               const char *value)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (button), "value", g_strdup (value), g_free);
  return button;
}

static GPtrArray *
chosen_values (GtkFlowBox *box)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (GTK_IS_TOGGLE_BUTTON (button) && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)))
        g_ptr_array_add (values, g_strdup (g_object_get_data (G_OBJECT (button), "value")));
    }
  return values;
}

static void
on_cameras_listed (GObject      *site,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = vigil_site_list_cameras_finish (VIGIL_SITE (site), result, &error);

  /* Cancelled, or read after the dialog was disposed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;
  if (cameras == NULL)
    {
      gtk_label_set_text (self->choices_status, error->message);
      return;
    }
  for (guint i = 0; i < cameras->len; i++)
    {
      const char *name = vigil_camera_get_name (g_ptr_array_index (cameras, i));

      gtk_flow_box_append (self->cameras, choice_button (name, name));
    }
}

static void
on_families_listed (GObject      *site,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VigilExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) families = vigil_site_list_families_finish (VIGIL_SITE (site), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;
  if (families == NULL)
    {
      gtk_label_set_text (self->choices_status, error->message);
      return;
    }
  for (guint i = 0; i < families->len; i++)
    {
      VigilFamily *family = g_ptr_array_index (families, i);
      const char *case_ref = vigil_family_get_case_ref (family);
      /* Translators: a family to choose: "K.M. (LA-2026-001)" */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), vigil_family_get_label (family), case_ref);
      GtkWidget *button = choice_button (label, case_ref);

      /* One family a bundle: the buttons are a group. */
      if (self->first_family == NULL)
        self->first_family = GTK_TOGGLE_BUTTON (button);
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->first_family);
      gtk_flow_box_append (self->families, button);
    }
}

static void
on_requested (GObject      *site,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VigilExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilExport) export = vigil_site_request_export_finish (VIGIL_SITE (site), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;
  if (export == NULL)
    {
      refuse (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_REQUESTED], 0, export);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* A range typed in the site's time, read as vigilctl reads --from and
 * --to; a bare "To" date takes in the whole day. */
static gboolean
read_range (VigilExportDialog  *self,
            gint64             *from,
            gint64             *to,
            GError            **error)
{
  GTimeZone *zone = vigil_site_get_time_zone (self->site);
  const char *from_text = gtk_editable_get_text (GTK_EDITABLE (self->from));
  const char *to_text = gtk_editable_get_text (GTK_EDITABLE (self->to));

  if (!vigil_time_parse (from_text, zone, from, error))
    {
      /* Translators: the start of the range was not understood: "From: …" */
      g_prefix_error (error, _("From: "));
      return FALSE;
    }
  if (!vigil_time_parse_until (to_text, zone, to, error))
    {
      /* Translators: the end of the range was not understood: "To: …" */
      g_prefix_error (error, _("To: "));
      return FALSE;
    }
  return TRUE;
}

static void
on_request_clicked (VigilExportDialog *self)
{
  g_autoptr(GPtrArray) cameras = chosen_values (self->cameras);
  g_autoptr(GPtrArray) families = chosen_values (self->families);
  g_autoptr(GError) error = NULL;
  gint64 from = 0, to = 0;

  if (self->busy)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->refusal), FALSE);
  if (!read_range (self, &from, &to, &error))
    {
      refuse (self, error->message);
      return;
    }
  g_ptr_array_add (cameras, NULL);
  set_busy (self, TRUE);
  /* No camera or no family chosen goes to the core too: it says what is
   * missing, in the words every client gets. */
  vigil_site_request_export_async (self->site, self->session, (const char * const *) cameras->pdata, from, to,
                                   families->len > 0 ? g_ptr_array_index (families, 0) : "",
                                   gtk_editable_get_text (GTK_EDITABLE (self->exhibit)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->purpose)),
                                   self->cancellable, on_requested, g_object_ref (self));
}

static void
on_cancel_clicked (VigilExportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
vigil_export_dialog_dispose (GObject *object)
{
  VigilExportDialog *self = VIGIL_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_export_dialog_parent_class)->dispose (object);
}

static void
vigil_export_dialog_class_init (VigilExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_export_dialog_dispose;

  /* ::requested (VigilExport): the core has it; the dialog closes. */
  signals[SIGNAL_REQUESTED] = g_signal_new ("requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_EXPORT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, cameras);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, families);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, choices_status);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, from);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, to);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, exhibit);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, purpose);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, zone_hint);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, refusal);
  gtk_widget_class_bind_template_child (widget_class, VigilExportDialog, request_button);
  gtk_widget_class_bind_template_callback (widget_class, on_request_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vigil_export_dialog_init (VigilExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

VigilExportDialog *
vigil_export_dialog_new (GtkWindow    *parent,
                         VigilSite    *site,
                         VigilSession *session)
{
  VigilExportDialog *self;
  GTimeZone *zone;
  g_autofree char *abbreviation = NULL;
  g_autofree char *hint = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_EXPORT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  zone = vigil_site_get_time_zone (site);
  abbreviation = vigil_time_format_local (vigil_site_now (site), zone, "%Z");
  /* Translators: "Times in the site's time (GMT), such as 2026-12-02 14:00; the end is left out." */
  hint = g_strdup_printf (_("Times in the site's time (%s), such as 2026-12-02 14:00; the end is left out."),
                          abbreviation);
  gtk_label_set_text (self->zone_hint, hint);
  vigil_site_list_cameras_async (site, self->cancellable, on_cameras_listed, g_object_ref (self));
  vigil_site_list_families_async (site, FALSE, self->cancellable, on_families_listed, g_object_ref (self));
  return self;
}
