/* test-video-paintable.c: a simulated camera's picture reaches GTK, on the
 * main loop, as textures at the size asked, without a copy; and so does
 * recorded footage under review, each frame with the time it was recorded.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-video-paintable"

#include "config.h"

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gtk/gtk.h>
#include <string.h>

#include "media-test-utils.h"
#include "vigil-segment-writer.h"
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

/* A master of @frames frames, 10 a second, 160x90, recorded from @start_us;
 * the last frame's time in @last_us. */
static char *
write_master (const char *folder,
              gint64      start_us,
              guint       frames,
              gint64     *last_us)
{
  g_autofree char *description = g_strdup_printf (
    "videotestsrc pattern=ball num-buffers=%u ! video/x-raw,width=160,height=90,framerate=10/1 "
    "! x264enc speed-preset=ultrafast tune=zerolatency key-int-max=10 ! h264parse "
    "! video/x-h264,stream-format=avc,alignment=au ! appsink name=sink sync=false", frames);
  g_autofree char *path = g_build_filename (folder, "master.mkv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(VigilSegmentWriter) writer = NULL;
  GstClockTime first = GST_CLOCK_TIME_NONE;
  GstSample *sample;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);

      if (writer == NULL)
        {
          first = GST_BUFFER_PTS (buffer);
          writer = vigil_segment_writer_new (path, gst_sample_get_caps (sample), NULL, start_us, &error);
          g_assert_no_error (error);
        }
      *last_us = start_us + (gint64) ((GST_BUFFER_PTS (buffer) - first) / GST_USECOND);
      vigil_segment_writer_write (writer, VIGIL_MEDIA_KIND_VIDEO, buffer, *last_us, &error);
      g_assert_no_error (error);
      gst_sample_unref (sample);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_nonnull (writer);
  vigil_segment_writer_close (writer, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct
{
  VigilVideoPaintable *video;
  gint64               time;
} TimeWanted;

static gboolean
shows_time (gpointer data)
{
  TimeWanted *wanted = data;

  return vigil_video_paintable_get_capture_time (wanted->video) == wanted->time;
}

static void
test_review (void)
{
  /* 2026-03-02 09:00:00 UTC */
  const gint64 start = G_GINT64_CONSTANT (1772442000000000);
  g_autofree char *folder = vigil_test_make_dir ();
  gint64 last = 0;
  g_autofree char *path = write_master (folder, start, 20, &last);
  VigilReviewPart part = { path, start, 0, FALSE };
  g_autoptr(VigilReviewPlayer) player = NULL;
  g_autoptr(VigilVideoPaintable) video = NULL;
  GdkPaintable *paintable;
  Invalidations seen = { 0 };
  SizeWanted wanted = { NULL, 160 };
  TimeWanted time = { NULL, start };

  part.end_us = last;
  player = vigil_review_player_new (&part, 1, G_MININT64, G_MAXINT64);
  video = vigil_video_paintable_new_for_review (player);
  paintable = GDK_PAINTABLE (video);
  wanted.paintable = paintable;
  time.video = video;
  g_assert_true (vigil_video_paintable_get_player (video) == player);
  g_assert_null (vigil_video_paintable_get_source (video));
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (on_contents), &seen);
  g_signal_connect (paintable, "invalidate-size", G_CALLBACK (on_size), &seen);

  /* Paused on the first frame, shown with the time it was recorded. */
  g_assert_true (camsim_wait_for (has_width, &wanted, MEDIA_START_WAIT_US));
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 90);
  g_assert_true (camsim_wait_for (shows_time, &time, MEDIA_START_WAIT_US));
  {
    g_autoptr(GBytes) pixels = render (paintable, 160, 90);

    g_assert_true (has_picture (pixels));
  }

  /* A step on: the next frame, a tenth of a second later. */
  vigil_review_player_step (player, 1);
  time.time = start + 100 * 1000;
  g_assert_true (camsim_wait_for (shows_time, &time, MEDIA_START_WAIT_US));
  g_assert_cmpuint (seen.contents, >=, 2);
  g_assert_cmpuint (seen.sizes, ==, 1);

  /* And back, at once: the first frame again. */
  vigil_review_player_step (player, -1);
  time.time = start;
  g_assert_true (camsim_wait_for (shows_time, &time, MEDIA_START_WAIT_US));

  g_clear_object (&player);
  vigil_test_assert_finalize_soon (g_steal_pointer (&video));
  vigil_test_remove_dir (folder);
}

int
main (int    argc,
      char **argv)
{
  main_thread = g_thread_self ();
  gtk_init ();
  media_test_init (&argc, &argv);

  media_test_add ("/video-paintable/picture", test_picture);
  media_test_add ("/video-paintable/review", test_review);

  return g_test_run ();
}
