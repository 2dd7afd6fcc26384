/* vigil-families-page.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-admit-dialog.h"
#include "vigil-cameras-dialog.h"
#include "vigil-family-page.h"
#include "vigil-widget-util.h"
#include "vigil-families-page.h"

struct _VigilFamiliesPage
{
  GtkWidget          parent_instance;

  VigilSite         *site;
  VigilSession      *session;
  VigilWallSnapshot *snapshot;   /* the latest */
  VigilFamilyPage   *family;     /* open, or NULL */
  GHashTable        *rows;       /* case reference → its row, kept from one snapshot to the next */
  GtkWindow         *dialog;     /* admitting, or rooms and cameras: one at a time */

  GtkStack          *stack;
  GtkWidget         *admit_button;
  GtkWidget         *cameras_button;
  GtkLabel          *empty;
  GtkListBox        *list;
  AdwBin            *family_holder;
};

G_DEFINE_FINAL_TYPE (VigilFamiliesPage, vigil_families_page, GTK_TYPE_WIDGET)

static const VigilWallEntry *
find_entry (VigilFamiliesPage *self,
            const char        *case_ref)
{
  for (guint i = 0; self->snapshot != NULL && i < self->snapshot->entries->len; i++)
    {
      const VigilWallEntry *entry = g_ptr_array_index (self->snapshot->entries, i);

      if (entry->family != NULL && g_str_equal (vigil_family_get_case_ref (entry->family), case_ref))
        return entry;
    }
  return NULL;
}

static void
close_family (VigilFamiliesPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  adw_bin_set_child (self->family_holder, NULL);
  self->family = NULL;
}

static void
on_open (GtkButton         *button,
         VigilFamiliesPage *self)
{
  const char *case_ref = g_object_get_data (G_OBJECT (button), "case-ref");
  const VigilWallEntry *entry = find_entry (self, case_ref);

  if (entry == NULL)
    return;
  self->family = vigil_family_page_new (self->site, self->session, case_ref);
  g_signal_connect_object (self->family, "back", G_CALLBACK (close_family), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->family_holder, GTK_WIDGET (self->family));
  vigil_family_page_apply (self->family, entry);
  gtk_stack_set_visible_child_name (self->stack, "family");
}

/* A second click (or a repeated one, where the first seemed lost) brings
 * the open dialog forward rather than opening another. */
static void
present_dialog (VigilFamiliesPage *self,
                GtkWindow         *dialog)
{
  g_clear_weak_pointer (&self->dialog);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (dialog);
}

static void
on_admit (VigilFamiliesPage *self)
{
  if (self->dialog != NULL)
    gtk_window_present (self->dialog);
  else
    present_dialog (self, GTK_WINDOW (vigil_admit_dialog_new (GTK_WIDGET (self), self->site, self->session)));
}

static void
on_rooms_and_cameras (VigilFamiliesPage *self)
{
  if (self->dialog != NULL)
    gtk_window_present (self->dialog);
  else
    present_dialog (self, GTK_WINDOW (vigil_cameras_dialog_new (GTK_WIDGET (self), self->site, self->session)));
}

/* A row stays while its family is placed, and is brought up to date, so
 * that neither focus nor a screen reader's place is lost at each change. */
static GtkWidget *
family_row (VigilFamiliesPage    *self,
            const VigilWallEntry *entry)
{
  const char *case_ref = vigil_family_get_case_ref (entry->family);
  g_autofree char *name = vigil_wall_entry_describe_family (entry);
  g_autofree char *summary = vigil_family_page_describe (entry, vigil_site_get_time_zone (self->site));
  GtkWidget *row = g_hash_table_lookup (self->rows, case_ref);

  if (row == NULL)
    {
      GtkWidget *open = gtk_button_new_with_label (_("Open"));
      g_autofree char *open_name = g_strdup_printf (_("Open %s"), name);

      row = adw_action_row_new ();
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, open_name, -1);
      g_object_set_data_full (G_OBJECT (open), "case-ref", g_strdup (case_ref), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (on_open), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      g_hash_table_insert (self->rows, g_strdup (case_ref), row);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  /* The row is named by its title already; the summary is its
   * description, which tests and screen readers read. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
  return row;
}

void
vigil_families_page_apply (VigilFamiliesPage *self,
                           VigilWallSnapshot *snapshot)
{
  g_autoptr(GHashTable) placed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer case_ref, row;
  int position = 0;

  g_return_if_fail (VIGIL_IS_FAMILIES_PAGE (self));
  g_return_if_fail (snapshot != NULL);

  g_clear_pointer (&self->snapshot, vigil_wall_snapshot_unref);
  self->snapshot = vigil_wall_snapshot_ref (snapshot);

  for (guint i = 0; i < snapshot->entries->len; i++)
    {
      const VigilWallEntry *entry = g_ptr_array_index (snapshot->entries, i);
      GtkWidget *shown;

      if (entry->family == NULL)
        continue;
      shown = family_row (self, entry);
      if (gtk_widget_get_parent (shown) == NULL)
        gtk_list_box_insert (self->list, shown, position);
      g_hash_table_add (placed, g_strdup (vigil_family_get_case_ref (entry->family)));
      position++;
    }
  /* A family whose room has no camera is placed all the same: listed, with
   * nothing to open, as the policy has nothing to show or record there. */
  for (guint i = 0; snapshot->families != NULL && i < snapshot->families->len; i++)
    {
      VigilFamily *family = g_ptr_array_index (snapshot->families, i);
      g_autofree char *key = g_strconcat ("no-camera:", vigil_family_get_case_ref (family), NULL);
      GtkWidget *shown;

      if (g_hash_table_contains (placed, vigil_family_get_case_ref (family)))
        continue;
      shown = g_hash_table_lookup (self->rows, key);
      if (shown == NULL)
        {
          g_autofree char *name = g_strdup_printf (_("%s (%s)"), vigil_family_get_label (family),
                                                   vigil_family_get_room (family));
          g_autofree char *summary = g_strdup_printf (_("No camera in %s: nothing is recorded or shown"),
                                                      vigil_family_get_room (family));

          shown = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (shown), name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (shown), summary);
          gtk_accessible_update_property (GTK_ACCESSIBLE (shown), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
          g_hash_table_insert (self->rows, g_strdup (key), shown);
          gtk_list_box_insert (self->list, shown, position);
        }
      g_hash_table_add (placed, g_steal_pointer (&key));
      position++;
    }
  /* Families discharged, or whose room lost its camera. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &case_ref, &row))
    if (!g_hash_table_contains (placed, case_ref))
      {
        gtk_list_box_remove (self->list, row);
        g_hash_table_iter_remove (&iter);
      }
  gtk_widget_set_visible (GTK_WIDGET (self->empty), position == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), position > 0);

  if (self->family != NULL)
    {
      const VigilWallEntry *entry = find_entry (self, vigil_family_page_get_case_ref (self->family));

      /* A family discharged while its page was open. */
      if (entry == NULL)
        close_family (self);
      else
        vigil_family_page_apply (self->family, entry);
    }
}

static void
vigil_families_page_dispose (GObject *object)
{
  VigilFamiliesPage *self = VIGIL_FAMILIES_PAGE (object);

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_FAMILIES_PAGE);
  self->family = NULL;
  g_clear_pointer (&self->snapshot, vigil_wall_snapshot_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_families_page_parent_class)->dispose (object);
}

static void
vigil_families_page_class_init (VigilFamiliesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_families_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-families-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilFamiliesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilFamiliesPage, empty);
  gtk_widget_class_bind_template_child (widget_class, VigilFamiliesPage, list);
  gtk_widget_class_bind_template_child (widget_class, VigilFamiliesPage, family_holder);
  gtk_widget_class_bind_template_child (widget_class, VigilFamiliesPage, admit_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFamiliesPage, cameras_button);
  gtk_widget_class_bind_template_callback (widget_class, on_admit);
  gtk_widget_class_bind_template_callback (widget_class, on_rooms_and_cameras);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
vigil_families_page_init (VigilFamiliesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

VigilFamiliesPage *
vigil_families_page_new (VigilSite    *site,
                         VigilSession *session)
{
  VigilFamiliesPage *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_FAMILIES_PAGE, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  /* Controls a role may not use are not offered; the core refuses them
   * anyway. */
  gtk_widget_set_visible (self->admit_button,
                          vigil_role_has_permission (vigil_session_get_role (session),
                                                     VIGIL_PERMISSION_MANAGE_FAMILIES));
  gtk_widget_set_visible (self->cameras_button,
                          vigil_role_has_permission (vigil_session_get_role (session),
                                                     VIGIL_PERMISSION_MANAGE_CAMERAS));
  return self;
}
