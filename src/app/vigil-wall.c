/* vigil-wall.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-wall-tile.h"
#include "vigil-widget-util.h"
#include "vigil-wall.h"

struct _VigilWall
{
  GtkWidget parent_instance;

  VigilSite    *site;
  VigilSession *session;
  GHashTable   *tiles;     /* camera name → VigilWallTile (in the grid) */
  GPtrArray    *order;     /* the tiles shown, in the wall's order */
  gboolean      list;      /* narrow: one column, scrolled */
  guint         relayout_id;
  GtkGrid      *grid;
  GtkLabel     *more;

  /* On the wall of monitors: this screen's share of what may be seen
   * without a reason, with nothing to press. */
  gboolean      unattended;
  guint         screen;
  guint         screens;
};

G_DEFINE_FINAL_TYPE (VigilWall, vigil_wall, GTK_TYPE_WIDGET)

/* Narrower than this, the wall is a list: one tile a row, scrolled, as on a
 * handheld. */
#define LIST_BELOW_PX 560

static void
remove_tile (VigilWall     *self,
             VigilWallTile *tile,
             const char    *why)
{
  vigil_wall_tile_stop (tile, why);
  gtk_grid_remove (self->grid, GTK_WIDGET (tile));
}

void
vigil_wall_clear (VigilWall  *self,
                  const char *why)
{
  GHashTableIter iter;
  gpointer tile;

  g_return_if_fail (VIGIL_IS_WALL (self));

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, NULL, &tile))
    {
      remove_tile (self, tile, why);
      g_hash_table_iter_remove (&iter);
    }
  g_ptr_array_set_size (self->order, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->more), FALSE);
}

/* Puts every tile shown at its place: in a grid as square as the count
 * allows, wider than tall, or one a row where the wall is a list. */
static void
place_tiles (VigilWall *self)
{
  guint n = self->order->len;
  guint columns = self->list ? 1 : MAX (1, (guint) ceil (sqrt (n)));

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *tile = g_ptr_array_index (self->order, i);
      int column = -1, row = -1;

      if (gtk_widget_get_parent (tile) != NULL)
        gtk_grid_query_child (self->grid, tile, &column, &row, NULL, NULL);
      if (column == (int) (i % columns) && row == (int) (i / columns))
        continue;
      /* Held while out of the grid. */
      g_object_ref (tile);
      if (gtk_widget_get_parent (tile) != NULL)
        gtk_grid_remove (self->grid, tile);
      gtk_grid_attach (self->grid, tile, i % columns, i / columns, 1, 1);
      g_object_unref (tile);
    }
}

static gboolean
relayout (gpointer user_data)
{
  VigilWall *self = user_data;

  self->relayout_id = 0;
  self->list = gtk_widget_get_width (GTK_WIDGET (self)) < LIST_BELOW_PX;
  if (self->list)
    gtk_widget_add_css_class (GTK_WIDGET (self), "vigil-wall-list");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "vigil-wall-list");
  place_tiles (self);
  return G_SOURCE_REMOVE;
}

static void
vigil_wall_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  VigilWall *self = VIGIL_WALL (widget);

  vigil_widget_allocate_bin (widget, width, height, baseline);
  /* Not while the layout is being allocated: just after. */
  if ((width < LIST_BELOW_PX) != self->list && self->relayout_id == 0)
    self->relayout_id = g_idle_add (relayout, self);
}

static gboolean
still_there (VigilWallSnapshot *snapshot,
             const char        *camera)
{
  for (guint i = 0; i < snapshot->entries->len; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (snapshot->entries, i);

      if (g_strcmp0 (vigil_camera_get_name (entry->camera), camera) == 0)
        return TRUE;
    }
  return FALSE;
}

/* What this wall shows of @snapshot, in order: everything, or on the wall
 * of monitors, this screen's even share of the cameras anyone may see
 * without a reason (a room that needs one is not there at all). */
static GPtrArray *
shown_entries (VigilWall         *self,
               VigilWallSnapshot *snapshot)
{
  g_autoptr(GPtrArray) allowed = NULL;
  GPtrArray *share;
  guint first, end;

  if (!self->unattended)
    return g_ptr_array_ref (snapshot->entries);

  allowed = g_ptr_array_new ();
  for (guint i = 0; i < snapshot->entries->len; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (snapshot->entries, i);

      if (entry->decision.live_view == VIGIL_LIVE_VIEW_ALLOWED)
        g_ptr_array_add (allowed, entry);
    }
  first = allowed->len * self->screen / self->screens;
  end = allowed->len * (self->screen + 1) / self->screens;
  share = g_ptr_array_sized_new (end - first);
  for (guint i = first; i < end; i++)
    g_ptr_array_add (share, g_ptr_array_index (allowed, i));
  return share;
}

guint
vigil_wall_apply (VigilWall         *self,
                  VigilWallSnapshot *snapshot)
{
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) entries = NULL;
  VigilDuty *my_duty;
  GHashTableIter iter;
  gpointer name, tile;
  guint n;

  g_return_val_if_fail (VIGIL_IS_WALL (self), 0);
  g_return_val_if_fail (snapshot != NULL, 0);

  entries = shown_entries (self, snapshot);
  my_duty = self->unattended ? NULL : vigil_wall_snapshot_duty_of (snapshot,
                                                                   vigil_session_get_username (self->session));
  n = MIN (entries->len, VIGIL_WALL_MAX_TILES);
  g_ptr_array_set_size (self->order, 0);

  for (guint i = 0; i < n; i++)
    {
      VigilWallEntry *entry = g_ptr_array_index (entries, i);
      const char *camera = vigil_camera_get_name (entry->camera);

      tile = g_hash_table_lookup (self->tiles, camera);
      if (tile == NULL)
        {
          tile = vigil_wall_tile_new (self->site, self->session);
          vigil_wall_tile_set_unattended (tile, self->unattended);
          gtk_widget_set_hexpand (tile, TRUE);
          gtk_widget_set_vexpand (tile, TRUE);
          g_hash_table_insert (self->tiles, g_strdup (camera), tile);
        }
      g_ptr_array_add (self->order, tile);
      g_hash_table_add (kept, (gpointer) camera);
    }

  g_hash_table_iter_init (&iter, self->tiles);
  while (g_hash_table_iter_next (&iter, &name, &tile))
    if (!g_hash_table_contains (kept, name))
      {
        /* On the wall of monitors, a room leaves when a reason comes to be
         * needed: the policy changed. */
        remove_tile (self, tile, self->unattended && still_there (snapshot, name) ? "policy changed"
                                                                                 : "camera left the wall");
        g_hash_table_iter_remove (&iter);
      }

  place_tiles (self);
  for (guint i = 0; i < n; i++)
    vigil_wall_tile_update (g_ptr_array_index (self->order, i), g_ptr_array_index (entries, i), my_duty);

  if (entries->len > n)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u more camera is not shown: the wall shows %u at most",
                                                         "%u more cameras are not shown: the wall shows %u at most",
                                                         entries->len - n),
                                               entries->len - n, (guint) VIGIL_WALL_MAX_TILES);

      gtk_label_set_text (self->more, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more), entries->len > n);
  return n;
}

static void
vigil_wall_dispose (GObject *object)
{
  VigilWall *self = VIGIL_WALL (object);

  if (self->tiles != NULL)
    vigil_wall_clear (self, "closed");
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  vigil_widget_dispose_children (GTK_WIDGET (self), VIGIL_TYPE_WALL);
  g_clear_object (&self->session);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_wall_parent_class)->dispose (object);
}

static void
vigil_wall_class_init (VigilWallClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_wall_dispose;
  widget_class->measure = vigil_widget_measure_bin;
  widget_class->size_allocate = vigil_wall_size_allocate;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/vigil/Vigil/vigil-wall.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWall, grid);
  gtk_widget_class_bind_template_child (widget_class, VigilWall, more);
}

static void
vigil_wall_init (VigilWall *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The grid holds the tiles' references; this only finds them. */
  self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->order = g_ptr_array_new ();
}

VigilWall *
vigil_wall_new (VigilSite    *site,
                VigilSession *session)
{
  VigilWall *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);

  self = g_object_new (VIGIL_TYPE_WALL, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  return self;
}

void
vigil_wall_set_unattended (VigilWall *self,
                           guint      screen,
                           guint      screens)
{
  g_return_if_fail (VIGIL_IS_WALL (self));
  g_return_if_fail (screen < screens);
  g_return_if_fail (g_hash_table_size (self->tiles) == 0);

  self->unattended = TRUE;
  self->screen = screen;
  self->screens = screens;
}
