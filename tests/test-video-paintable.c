/* test-video-paintable.c: a simulated camera's picture reaches GTK, on the
 * main loop, as textures at the size asked, without a copy.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-video-paintable"

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "media-test-utils.h"
#include "vigil-video-paintable.h"

static GThread *main_thread;

typedef struct
{
  guint contents;
  guint sizes;
} Invalidations;

static void
on_contents (GdkPaintable *paintable,
             gpointer      user_data)
{
  Invalidations *seen = user_data;

  /* GTK is touched from the main thread only. */
  g_assert_true (g_thread_self () == main_thread);
  seen->contents++;
}

static void
on_size (GdkPaintable *paintable,
         gpointer      user_data)
{
  Invalidations *seen = user_data;

  g_assert_true (g_thread_self () == main_thread);
  seen->sizes++;
}

typedef struct
{
  GdkPaintable *paintable;
  int           width;
} SizeWanted;

static gboolean
has_width (gpointer data)
{
  SizeWanted *wanted = data;

  return gdk_paintable_get_intrinsic_width (wanted->paintable) == wanted->width;
}

/* What a widget showing the paintable would draw: rendered by GSK's
 * software renderer, downloaded as RGBA bytes. */
static GBytes *
render (GdkPaintable *paintable,
        int           width,
        int           height)
{
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  guchar *pixels = g_malloc (width * height * 4);

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  gdk_texture_download (texture, pixels, width * 4);
  return g_bytes_new_take (pixels, width * height * 4);
}

/* A picture, not a blank: more than a handful of distinct values. */
static gboolean
has_picture (GBytes *pixels)
{
  gsize size;
  const guchar *data = g_bytes_get_data (pixels, &size);
  gboolean seen[256] = { FALSE };
  guint distinct = 0;

  for (gsize i = 0; i < size; i += 4)
    if (!seen[data[i]])
      {
        seen[data[i]] = TRUE;
        distinct++;
      }
  return distinct > 8;
}

typedef struct
{
  GdkPaintable *paintable;
  GBytes       *first;
} Moved;

/* The first frames of a stream joined mid-way can be flat until its next
 * keyframe: wait for a picture. */
static gboolean
shows_picture (gpointer data)
{
  Moved *moved = data;

  g_clear_pointer (&moved->first, g_bytes_unref);
  moved->first = render (moved->paintable, 320, 180);
  return has_picture (moved->first);
}

static gboolean
picture_moved (gpointer data)
{
  Moved *moved = data;
  g_autoptr(GBytes) now = render (moved->paintable, 320, 180);

  return !g_bytes_equal (now, moved->first);
}

static void
test_picture (void)
{
  g_autoptr(Camsim) camsim = camsim_start ("--replay", "--camera", "hall:640x360@15", NULL);
  g_autoptr(VigilCameraSource) source = media_source_for_url (camsim, "hall");
  g_autoptr(VigilVideoPaintable) video = vigil_video_paintable_new (source);
  GdkPaintable *paintable = GDK_PAINTABLE (video);
  Invalidations seen = { 0 };
  SizeWanted wanted = { paintable, 320 };
  g_autoptr(GdkPaintable) empty = NULL;
  Moved moved = { paintable };

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (on_contents), &seen);
  g_signal_connect (paintable, "invalidate-size", G_CALLBACK (on_size), &seen);

  /* Nothing to show before the first frame. */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 0);
  empty = gdk_paintable_get_current_image (paintable);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (empty), ==, 0);

  vigil_camera_source_set_frame_size (source, 320, 180);
  vigil_camera_source_start (source);
  g_assert_true (camsim_wait_for (has_width, &wanted, MEDIA_START_WAIT_US));
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 180);
  g_assert_cmpuint (seen.sizes, ==, 1);

  /* The camera's picture, and it moves. */
  g_assert_true (camsim_wait_for (shows_picture, &moved, 5 * G_USEC_PER_SEC));
  g_assert_true (camsim_wait_for (picture_moved, &moved, 5 * G_USEC_PER_SEC));
  g_assert_cmpuint (seen.contents, >, 1);
  g_assert_cmpint (vigil_video_paintable_get_capture_time (video), >=, 0);

  /* A tile resized: the frames follow, and the size change is told. */
  vigil_camera_source_set_frame_size (source, 160, 90);
  wanted.width = 160;
  g_assert_true (camsim_wait_for (has_width, &wanted, MEDIA_START_WAIT_US));
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 90);
  g_assert_cmpuint (seen.sizes, ==, 2);

  vigil_camera_source_stop (source);
  g_bytes_unref (moved.first);
  vigil_test_assert_finalize_soon (g_steal_pointer (&video));
  camsim_stop (camsim);
}

int
main (int    argc,
      char **argv)
{
  main_thread = g_thread_self ();
  gtk_init ();
  media_test_init (&argc, &argv);

  media_test_add ("/video-paintable/picture", test_picture);

  return g_test_run ();
}
