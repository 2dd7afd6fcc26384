/* vigil-wall-feed.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-app"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-wall-feed.h"

/* What the recorder writes about itself and its segments, and notes, staff
 * and the trail, are not the wall's. */
#define WALL_CHANGES (~(VIGIL_CHANGE_KIND_AUDIT | VIGIL_CHANGE_KIND_NOTES | VIGIL_CHANGE_KIND_STAFF | \
                        VIGIL_CHANGE_KIND_RECORDER | VIGIL_CHANGE_KIND_RECORDINGS | VIGIL_CHANGE_KIND_HOLDS))

struct _VigilWallFeed
{
  GObject parent_instance;

  VigilSite          *site;
  VigilChangeMonitor *monitor;
  GCancellable       *cancellable;
  gboolean            reading;
  gboolean            read_again;
  guint               next_change_id;
};

enum
{
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilWallFeed, vigil_wall_feed, G_TYPE_OBJECT)

static gboolean
on_next_change (gpointer user_data)
{
  VigilWallFeed *self = user_data;

  self->next_change_id = 0;
  vigil_wall_feed_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
on_snapshot (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilWallFeed) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilWallSnapshot) snapshot = vigil_wall_snapshot_take_finish (result, &error);
  gint64 next, wait_ms;

  self->reading = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (snapshot == NULL)
    g_warning ("The wall could not be read: %s", error->message);
  if (self->read_again)
    {
      vigil_wall_feed_refresh (self);
      return;
    }

  /* Wake at the next change of any camera's policy, and at least every
   * minute (also after a failed read). */
  g_clear_handle_id (&self->next_change_id, g_source_remove);
  next = snapshot != NULL ? vigil_wall_snapshot_next_change (snapshot) : 0;
  wait_ms = next > 0 ? (next - g_get_real_time ()) / 1000 + 20 : 60000;
  self->next_change_id = g_timeout_add (CLAMP (wait_ms, 20, 60000), on_next_change, self);

  if (snapshot != NULL)
    g_signal_emit (self, signals[UPDATED], 0, snapshot);
}

void
vigil_wall_feed_refresh (VigilWallFeed *self)
{
  g_return_if_fail (VIGIL_IS_WALL_FEED (self));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  self->reading = TRUE;
  self->read_again = FALSE;
  vigil_wall_snapshot_take_async (self->site, self->cancellable, on_snapshot, g_object_ref (self));
}

static void
on_changed (VigilWallFeed   *self,
            VigilChangeKind  kinds)
{
  if (kinds & WALL_CHANGES)
    vigil_wall_feed_refresh (self);
}

static void
vigil_wall_feed_dispose (GObject *object)
{
  VigilWallFeed *self = VIGIL_WALL_FEED (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->next_change_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_wall_feed_parent_class)->dispose (object);
}

static void
vigil_wall_feed_finalize (GObject *object)
{
  VigilWallFeed *self = VIGIL_WALL_FEED (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_wall_feed_parent_class)->finalize (object);
}

static void
vigil_wall_feed_class_init (VigilWallFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_wall_feed_dispose;
  object_class->finalize = vigil_wall_feed_finalize;

  signals[UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
vigil_wall_feed_init (VigilWallFeed *self)
{
  self->cancellable = g_cancellable_new ();
}

VigilWallFeed *
vigil_wall_feed_new (VigilSite          *site,
                     VigilChangeMonitor *monitor)
{
  VigilWallFeed *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (monitor == NULL || VIGIL_IS_CHANGE_MONITOR (monitor), NULL);

  self = g_object_new (VIGIL_TYPE_WALL_FEED, NULL);
  self->site = g_object_ref (site);
  if (monitor != NULL)
    {
      self->monitor = g_object_ref (monitor);
      g_signal_connect_swapped (monitor, "changed", G_CALLBACK (on_changed), self);
    }
  vigil_wall_feed_refresh (self);
  return self;
}
