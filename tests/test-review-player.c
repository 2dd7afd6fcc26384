/* test-review-player.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VigilReviewPlayer on real masters: H.264 at 25 fps (and Opus sound in
 * some) encoded by GStreamer and written by VigilSegmentWriter, as the
 * recorder writes them, in masters of 2 s. What a reviewer would notice:
 * every frame once across the joins, the recorded time of each, a gap as
 * a jump, seeking, pausing, stepping, speed, and a master that is missing.
 */

#define G_LOG_DOMAIN "test-review-player"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "media-test-utils.h"
#include "vigil-review-player.h"
#include "vigil-segment-writer.h"

#define FRAME_US (G_USEC_PER_SEC / 25)
#define MASTER_FRAMES 50
/* M0-M4 follow one another; M5 begins GAP_US after M4's last frame. */
#define N_MASTERS 6
#define GAP_US (5 * G_USEC_PER_SEC)
/* 2026-03-02 09:00:00 UTC */
#define BASE_US G_GINT64_CONSTANT (1772442000000000)
/* A bit more than every wait needs at 1×, for a busy machine. */
#define WAIT_US(us) (MEDIA_SLOWDOWN * (3 * (us) + 10 * G_USEC_PER_SEC))

static char *folder;
static VigilReviewPart masters[N_MASTERS];

/* Masters */

static GPtrArray *
encode (const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  GPtrArray *samples = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  GstSample *sample;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))) != NULL)
    g_ptr_array_add (samples, sample);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return samples;
}

/* x264enc begins at 1000 hours (so that no DTS is negative); each stream
 * is timed from its first sample. */
static gint64
sample_time (GPtrArray *samples,
             guint      index,
             gint64     offset_us)
{
  GstClockTime first = GST_BUFFER_PTS (gst_sample_get_buffer (g_ptr_array_index (samples, 0)));
  GstClockTime pts = GST_BUFFER_PTS (gst_sample_get_buffer (g_ptr_array_index (samples, index)));

  return offset_us + (gint64) ((pts - first) / GST_USECOND);
}

/* Writes the sound of [from, to) into @writer, in its time. */
static void
write_sound (VigilSegmentWriter *writer,
             GPtrArray          *sound,
             gint64              offset_us,
             gint64              from,
             gint64              to)
{
  for (guint i = 0; i < sound->len; i++)
    {
      gint64 time = sample_time (sound, i, offset_us);
      g_autoptr(GError) error = NULL;

      if (time >= from && time < to)
        {
          vigil_segment_writer_write (writer, VIGIL_MEDIA_KIND_AUDIO, gst_sample_get_buffer (g_ptr_array_index (sound, i)),
                                      time, &error);
          g_assert_no_error (error);
        }
    }
}

/* The masters, each MASTER_FRAMES frames beginning with a keyframe; sound
 * in M0, M1 and M3. */
static void
make_masters (void)
{
  g_autoptr(GPtrArray) video = encode (
    "videotestsrc pattern=ball num-buffers=300 ! video/x-raw,width=320,height=240,framerate=25/1 "
    "! x264enc speed-preset=ultrafast tune=zerolatency key-int-max=50 ! h264parse "
    "! video/x-h264,stream-format=avc,alignment=au ! appsink name=sink sync=false");
  g_autoptr(GPtrArray) sound = encode (
    "audiotestsrc wave=ticks num-buffers=1300 samplesperbuffer=480 ! audio/x-raw,rate=48000,channels=1 "
    "! opusenc ! appsink name=sink sync=false");
  GstCaps *video_caps = gst_sample_get_caps (g_ptr_array_index (video, 0));
  GstCaps *sound_caps = gst_sample_get_caps (g_ptr_array_index (sound, 0));

  g_assert_cmpuint (video->len, ==, N_MASTERS * MASTER_FRAMES);
  for (guint m = 0; m < N_MASTERS; m++)
    {
      gint64 offset_us = BASE_US + (m == N_MASTERS - 1 ? GAP_US - FRAME_US : 0);
      gboolean audio = m == 0 || m == 1 || m == 3;
      g_autofree char *name = g_strdup_printf ("M%u.mkv", m);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      gint64 start = sample_time (video, m * MASTER_FRAMES, offset_us);
      g_autoptr(VigilSegmentWriter) writer = NULL;
      g_autoptr(GError) error = NULL;
      gint64 last = start;

      g_assert_false (GST_BUFFER_FLAG_IS_SET (gst_sample_get_buffer (g_ptr_array_index (video, m * MASTER_FRAMES)),
                                              GST_BUFFER_FLAG_DELTA_UNIT));
      writer = vigil_segment_writer_new (path, video_caps, audio ? sound_caps : NULL, start, &error);
      g_assert_no_error (error);
      for (guint i = m * MASTER_FRAMES; i < (m + 1) * MASTER_FRAMES; i++)
        {
          GstSample *sample = g_ptr_array_index (video, i);

          last = sample_time (video, i, offset_us);
          /* The sound up to the frame, before it: blocks in time order. */
          if (audio && i > m * MASTER_FRAMES)
            write_sound (writer, sound, offset_us, last - FRAME_US, last);
          vigil_segment_writer_write (writer, VIGIL_MEDIA_KIND_VIDEO, gst_sample_get_buffer (sample), last, &error);
          g_assert_no_error (error);
        }
      if (audio)
        write_sound (writer, sound, offset_us, last, last + FRAME_US);
      vigil_segment_writer_close (writer, NULL, NULL, &error);
      g_assert_no_error (error);

      masters[m] = (VigilReviewPart) { g_steal_pointer (&path), start, last, audio };
    }
}

/* Waiting */

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @done, or the deadline. */
static gboolean
wait_for (gboolean (*done) (gpointer),
          gpointer   data,
          gint64     timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  guint id = g_timeout_add (20, tick, NULL);

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return done (data);
}

/* What the player showed. */
typedef struct
{
  VigilReviewPlayer *player;
  GArray            *times;    /* gint64, each frame pulled */
  GArray            *shown;    /* guint64, how many frames the player had shown by then */
  GArray            *arrivals; /* gint64, monotonic */
  GPtrArray         *errors;
  guint              width;
  guint              position_notes;
} Viewer;

static void
on_frame (VigilReviewPlayer *player,
          Viewer            *viewer)
{
  gint64 time = 0, now = g_get_monotonic_time ();
  g_autoptr(GstSample) sample = vigil_review_player_pull_frame (player, &time);
  GstVideoInfo info;
  guint64 shown = 0;
  gint64 info_time = 0;

  if (sample == NULL)
    return;
  g_assert_true (gst_structure_get (gst_sample_get_info (sample), "wall-clock", G_TYPE_INT64, &info_time,
                                    "shown", G_TYPE_UINT64, &shown, NULL));
  g_assert_cmpint (info_time, ==, time);
  g_array_append_val (viewer->shown, shown);
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, VIGIL_CAMERA_FRAME_FORMAT);
  viewer->width = GST_VIDEO_INFO_WIDTH (&info);
  g_array_append_val (viewer->times, time);
  g_array_append_val (viewer->arrivals, now);
}

static void
on_position (VigilReviewPlayer *player,
             GParamSpec        *pspec,
             Viewer            *viewer)
{
  viewer->position_notes++;
}

static void
on_error (VigilReviewPlayer *player,
          const char        *message,
          Viewer            *viewer)
{
  g_test_message ("error: %s", message);
  g_ptr_array_add (viewer->errors, g_strdup (message));
}

static Viewer *
viewer_new_range (const VigilReviewPart *parts,
                  guint                  n_parts,
                  gint64                 from,
                  gint64                 to)
{
  Viewer *viewer = g_new0 (Viewer, 1);

  viewer->player = vigil_review_player_new (parts, n_parts, from, to);
  viewer->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  viewer->shown = g_array_new (FALSE, FALSE, sizeof (guint64));
  viewer->arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  viewer->errors = g_ptr_array_new_with_free_func (g_free);
  vigil_review_player_set_frame_size (viewer->player, 160, 120);
  g_signal_connect (viewer->player, "frame", G_CALLBACK (on_frame), viewer);
  g_signal_connect (viewer->player, "error", G_CALLBACK (on_error), viewer);
  g_signal_connect (viewer->player, "notify::position", G_CALLBACK (on_position), viewer);
  return viewer;
}

static Viewer *
viewer_new (const VigilReviewPart *parts,
            guint                  n_parts)
{
  return viewer_new_range (parts, n_parts, G_MININT64, G_MAXINT64);
}

static void
viewer_free (Viewer *viewer)
{
  g_signal_handlers_disconnect_by_data (viewer->player, viewer);
  g_assert_finalize_object (viewer->player);
  g_array_unref (viewer->times);
  g_array_unref (viewer->shown);
  g_array_unref (viewer->arrivals);
  g_ptr_array_unref (viewer->errors);
  g_free (viewer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Viewer, viewer_free)

static gboolean
has_ended (gpointer data)
{
  Viewer *viewer = data;

  return vigil_review_player_get_state (viewer->player) == VIGIL_REVIEW_STATE_ENDED;
}

static gboolean
has_frame (gpointer data)
{
  Viewer *viewer = data;

  return viewer->times->len > 0;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gint64
last_time (Viewer *viewer)
{
  g_assert_cmpuint (viewer->times->len, >, 0);
  return g_array_index (viewer->times, gint64, viewer->times->len - 1);
}

static void
clear_frames (Viewer *viewer)
{
  g_array_set_size (viewer->times, 0);
  g_array_set_size (viewer->shown, 0);
  g_array_set_size (viewer->arrivals, 0);
}

/* Shows the frame after a seek or a step: what the reviewer sees once the
 * player has settled. */
static gint64
settle (Viewer *viewer)
{
  clear_frames (viewer);
  g_assert_true (wait_for (has_frame, viewer, WAIT_US (G_USEC_PER_SEC)));
  /* Nothing more follows while paused. */
  wait_for (never, NULL, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (viewer->times->len, ==, 1);
  g_assert_cmpint (vigil_review_player_get_position (viewer->player), ==, last_time (viewer));
  return last_time (viewer);
}

/* When the @n-th frame of the masters from @first on was recorded. */
static gint64
frame_time (guint first,
            guint n)
{
  return masters[first + n / MASTER_FRAMES].start_us + (n % MASTER_FRAMES) * FRAME_US;
}

/* Every frame shown once, in order, with the time it was recorded (each
 * FRAME_US after the one before, but across the gap, which shows as the
 * gap itself), from the first frame to the last. The test's main loop may
 * miss a frame on a busy machine (a view shows the newest): the frames the
 * player counts as shown say which. */
static void
assert_every_frame (Viewer *viewer,
                    guint   first,
                    guint   n_masters)
{
  guint64 first_shown;
  guint missed = 0, skipped = 0;

  g_assert_cmpuint (viewer->times->len, >, 0);
  /* The first frames too may have been missed: counted from the first
   * frame of all, which the first seen says how far it follows. */
  while (skipped < 3 && g_array_index (viewer->times, gint64, 0) != frame_time (first, skipped))
    skipped++;
  first_shown = g_array_index (viewer->shown, guint64, 0) - skipped;
  missed = skipped;
  for (guint i = 0; i < viewer->times->len; i++)
    {
      guint64 n = g_array_index (viewer->shown, guint64, i) - first_shown;

      g_assert_cmpuint (n, <, n_masters * MASTER_FRAMES);
      g_assert_cmpint (g_array_index (viewer->times, gint64, i), ==, frame_time (first, (guint) n));
      if (i > 0)
        missed += (guint) (n - (g_array_index (viewer->shown, guint64, i - 1) - first_shown) - 1);
    }
  g_assert_cmpuint (g_array_index (viewer->shown, guint64, viewer->times->len - 1) - first_shown, ==,
                    n_masters * MASTER_FRAMES - 1);
  if (missed > 0)
    g_test_message ("the test's main loop missed %u of %u frames", missed, n_masters * MASTER_FRAMES);
}

/* Tests */

static void
test_joins (void)
{
  /* M2 → M3 → M4 without sound, with, without; M4 → M5 across the gap. */
  g_autoptr(Viewer) viewer = viewer_new (&masters[2], 4);
  gint64 first, started;

  g_assert_cmpint (vigil_review_player_get_start (viewer->player), ==, masters[2].start_us);
  g_assert_cmpint (vigil_review_player_get_end (viewer->player), ==, masters[5].end_us);
  /* Paused on the first frame. */
  first = settle (viewer);
  g_assert_cmpint (first, ==, masters[2].start_us);
  g_assert_cmpint (vigil_review_player_get_state (viewer->player), ==, VIGIL_REVIEW_STATE_PAUSED);

  viewer->position_notes = 0;
  started = g_get_monotonic_time ();
  vigil_review_player_play (viewer->player);
  g_assert_cmpint (vigil_review_player_get_state (viewer->player), ==, VIGIL_REVIEW_STATE_PLAYING);
  g_assert_true (wait_for (has_ended, viewer, WAIT_US (8 * G_USEC_PER_SEC)));
  assert_every_frame (viewer, 2, 4);
  /* A few times a second, not with every frame. */
  g_assert_cmpuint (viewer->position_notes, <=, 4 * (g_get_monotonic_time () - started) / G_USEC_PER_SEC + 4);
  g_assert_cmpuint (viewer->position_notes, >=, 8);
  g_assert_cmpint (vigil_review_player_get_position (viewer->player), ==, masters[5].end_us);
  g_assert_cmpuint (viewer->width, ==, 160);
  g_assert_cmpuint (viewer->errors->len, ==, 0);
}

static void
test_seek_pause_step (void)
{
  g_autoptr(Viewer) viewer = viewer_new (masters, N_MASTERS);
  gint64 shown, position;

  settle (viewer);

  /* Between two frames: the one before. */
  vigil_review_player_seek (viewer->player, masters[3].start_us + 1000 * G_TIME_SPAN_MILLISECOND + 25000);
  shown = settle (viewer);
  g_assert_cmpint (shown, ==, masters[3].start_us + 1000 * G_TIME_SPAN_MILLISECOND);
  /* On a frame: that frame, across a master's join too. */
  vigil_review_player_seek (viewer->player, masters[1].start_us);
  g_assert_cmpint (settle (viewer), ==, masters[1].start_us);
  vigil_review_player_seek (viewer->player, masters[1].start_us - 1);
  g_assert_cmpint (settle (viewer), ==, masters[0].end_us);
  /* In the gap: its last frame before; before the first: the first. */
  vigil_review_player_seek (viewer->player, masters[4].end_us + GAP_US / 2);
  g_assert_cmpint (settle (viewer), ==, masters[4].end_us);
  vigil_review_player_seek (viewer->player, masters[0].start_us - G_USEC_PER_SEC);
  g_assert_cmpint (settle (viewer), ==, masters[0].start_us);

  /* Step: one frame on, then back, and over a join. */
  vigil_review_player_seek (viewer->player, masters[2].end_us - FRAME_US);
  shown = settle (viewer);
  vigil_review_player_step (viewer->player, 1);
  g_assert_cmpint (settle (viewer), ==, shown + FRAME_US);
  vigil_review_player_step (viewer->player, 1);
  g_assert_cmpint (settle (viewer), ==, masters[3].start_us);
  vigil_review_player_step (viewer->player, -1);
  g_assert_cmpint (settle (viewer), ==, masters[2].end_us);
  vigil_review_player_step (viewer->player, -1);
  g_assert_cmpint (settle (viewer), ==, shown);

  /* Pause holds the frame and the position. */
  vigil_review_player_play (viewer->player);
  clear_frames (viewer);
  g_assert_true (wait_for (has_frame, viewer, WAIT_US (G_USEC_PER_SEC)));
  vigil_review_player_pause (viewer->player);
  g_assert_cmpint (vigil_review_player_get_state (viewer->player), ==, VIGIL_REVIEW_STATE_PAUSED);
  /* A frame on its way as it paused may still come. */
  wait_for (never, NULL, 100 * G_TIME_SPAN_MILLISECOND);
  clear_frames (viewer);
  position = vigil_review_player_get_position (viewer->player);
  wait_for (never, NULL, 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (viewer->times->len, ==, 0);
  g_assert_cmpint (vigil_review_player_get_position (viewer->player), ==, position);
  vigil_review_player_step (viewer->player, 1);
  g_assert_cmpint (settle (viewer), ==, position + FRAME_US);
  g_assert_cmpuint (viewer->errors->len, ==, 0);
}

/* A review is granted for a range: the player shows nothing outside it,
 * however it is played, sought or stepped, but for the frame on screen at
 * its start. */
static void
test_range (void)
{
  gint64 from = masters[1].start_us + 720 * G_TIME_SPAN_MILLISECOND + 10 * G_TIME_SPAN_MILLISECOND;
  gint64 to = masters[3].start_us + 500 * G_TIME_SPAN_MILLISECOND;
  gint64 first = masters[1].start_us + 720 * G_TIME_SPAN_MILLISECOND;
  gint64 last = masters[3].start_us + 480 * G_TIME_SPAN_MILLISECOND;
  g_autoptr(Viewer) viewer = viewer_new_range (masters, N_MASTERS, from, to);
  guint64 first_shown;

  g_assert_cmpint (vigil_review_player_get_start (viewer->player), ==, from);
  g_assert_cmpint (vigil_review_player_get_end (viewer->player), ==, to);
  /* Opened on the frame on screen at its start: none before it showed. */
  g_assert_cmpint (settle (viewer), ==, first);

  /* Played to its end, every frame in it and none after. */
  clear_frames (viewer);
  vigil_review_player_play (viewer->player);
  g_assert_true (wait_for (has_ended, viewer, WAIT_US (4 * G_USEC_PER_SEC)));
  g_assert_cmpuint (viewer->times->len, >, 0);
  first_shown = g_array_index (viewer->shown, guint64, 0);
  for (guint i = 0; i < viewer->times->len; i++)
    {
      gint64 time = g_array_index (viewer->times, gint64, i);

      g_assert_cmpint (time, >=, first);
      g_assert_cmpint (time, <=, last);
    }
  g_assert_cmpint (last_time (viewer), ==, last);
  /* From the frame after the one shown paused, none missed. */
  g_assert_cmpint (g_array_index (viewer->times, gint64, 0), <=, first + FRAME_US);
  g_assert_cmpuint (g_array_index (viewer->shown, guint64, viewer->times->len - 1) - first_shown, ==,
                    (guint64) ((last - g_array_index (viewer->times, gint64, 0)) / FRAME_US));
  g_assert_cmpint (vigil_review_player_get_position (viewer->player), ==, last);

  /* Sought or stepped past its edges: its edges. */
  vigil_review_player_seek (viewer->player, masters[0].start_us);
  g_assert_cmpint (settle (viewer), ==, first);
  vigil_review_player_step (viewer->player, -1);
  g_assert_cmpint (settle (viewer), ==, first);
  vigil_review_player_seek (viewer->player, masters[5].start_us);
  g_assert_cmpint (settle (viewer), ==, last);
  vigil_review_player_step (viewer->player, -2);
  g_assert_cmpint (settle (viewer), ==, last - 2 * FRAME_US);
  g_assert_cmpuint (viewer->errors->len, ==, 0);
}

static void
test_rate (void)
{
  /* 10 s of footage, M0 to M4, with and without sound. */
  g_autoptr(Viewer) viewer = viewer_new (masters, 5);
  gint64 started, took;

  settle (viewer);
  vigil_review_player_set_rate (viewer->player, 4.0);
  g_assert_cmpfloat (vigil_review_player_get_rate (viewer->player), ==, 4.0);
  /* The frame shown stays. */
  g_assert_cmpint (settle (viewer), ==, masters[0].start_us);
  started = g_get_monotonic_time ();
  vigil_review_player_play (viewer->player);
  g_assert_true (wait_for (has_ended, viewer, WAIT_US (3 * G_USEC_PER_SEC)));

  /* The frames still carry their recorded times. */
  assert_every_frame (viewer, 0, 5);
  took = g_array_index (viewer->arrivals, gint64, viewer->arrivals->len - 1) - started;
  g_test_message ("10 s at 4x took %.2f s", took / 1e6);
  g_assert_cmpint (took, >, 1500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (took, <, MEDIA_SLOWDOWN * 6 * G_USEC_PER_SEC);

  /* 8×, from the start again once ended: every frame still (none dropped
   * for being late), in about 1.25 s where the machine can decode them. */
  vigil_review_player_set_rate (viewer->player, 8.0);
  clear_frames (viewer);
  started = g_get_monotonic_time ();
  vigil_review_player_play (viewer->player);
  g_assert_true (wait_for (has_ended, viewer, WAIT_US (2 * G_USEC_PER_SEC)));
  assert_every_frame (viewer, 0, 5);
  took = g_array_index (viewer->arrivals, gint64, viewer->arrivals->len - 1) - started;
  g_test_message ("10 s at 8x took %.2f s", took / 1e6);
  g_assert_cmpint (took, >, 700 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (took, <, MEDIA_SLOWDOWN * 6 * G_USEC_PER_SEC);

  /* 0.5×: the last second in about 2 s. */
  vigil_review_player_set_rate (viewer->player, 0.5);
  vigil_review_player_seek (viewer->player, masters[4].end_us - G_USEC_PER_SEC);
  g_assert_cmpint (settle (viewer), ==, masters[4].end_us - G_USEC_PER_SEC);
  started = g_get_monotonic_time ();
  vigil_review_player_play (viewer->player);
  g_assert_true (wait_for (has_ended, viewer, WAIT_US (2 * G_USEC_PER_SEC)));
  took = g_array_index (viewer->arrivals, gint64, viewer->arrivals->len - 1) - started;
  g_test_message ("1 s at 0.5x took %.2f s", took / 1e6);
  g_assert_cmpint (took, >, 1500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (last_time (viewer), ==, masters[4].end_us);
  g_assert_cmpuint (viewer->errors->len, ==, 0);
}

static void
test_sound (void)
{
  /* M0 and M1 with sound, M2 without: the sound output follows. */
  g_autoptr(Viewer) viewer = viewer_new (masters, 3);

  settle (viewer);
  g_assert_false (vigil_review_player_get_muted (viewer->player));
  vigil_review_player_set_muted (viewer->player, TRUE);
  g_assert_true (vigil_review_player_get_muted (viewer->player));
  vigil_review_player_set_muted (viewer->player, FALSE);
  vigil_review_player_set_volume (viewer->player, 0.5);
  g_assert_cmpfloat (vigil_review_player_get_volume (viewer->player), ==, 0.5);
  vigil_review_player_seek (viewer->player, masters[1].start_us + G_USEC_PER_SEC);
  settle (viewer);
  clear_frames (viewer);
  vigil_review_player_play (viewer->player);
  g_assert_true (wait_for (has_ended, viewer, WAIT_US (4 * G_USEC_PER_SEC)));
  g_assert_cmpint (last_time (viewer), ==, masters[2].end_us);
  g_assert_cmpuint (viewer->errors->len, ==, 0);

  /* Played again from the start once ended. */
  clear_frames (viewer);
  vigil_review_player_play (viewer->player);
  g_assert_true (wait_for (has_frame, viewer, WAIT_US (G_USEC_PER_SEC)));
  g_assert_cmpint (g_array_index (viewer->times, gint64, 0), ==, masters[0].start_us);
}

static gboolean
has_error (gpointer data)
{
  Viewer *viewer = data;

  return viewer->errors->len > 0;
}

static void
test_missing (void)
{
  g_autofree char *missing = g_build_filename (folder, "M-missing.mkv", NULL);
  g_autofree char *broken = g_build_filename (folder, "M-broken.mkv", NULL);
  VigilReviewPart parts[] = {
    masters[0],
    { missing, masters[1].start_us, masters[1].end_us, TRUE },
    masters[2],
  };
  g_autoptr(Viewer) viewer = NULL;
  g_autoptr(GError) error = NULL;

  /* Not there: said at once, and left out as a gap. */
  viewer = viewer_new (parts, G_N_ELEMENTS (parts));
  g_assert_true (wait_for (has_error, viewer, WAIT_US (G_USEC_PER_SEC)));
  g_assert_cmpuint (viewer->errors->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (viewer->errors, 0), missing));
  g_assert_null (strchr (g_ptr_array_index (viewer->errors, 0), '\n'));
  g_assert_cmpint (settle (viewer), ==, masters[0].start_us);
  vigil_review_player_seek (viewer->player, masters[1].start_us + G_USEC_PER_SEC);
  g_assert_cmpint (settle (viewer), ==, masters[0].end_us);
  vigil_review_player_step (viewer->player, 1);
  g_assert_cmpint (settle (viewer), ==, masters[2].start_us);
  g_clear_pointer (&viewer, viewer_free);

  /* There, but not a recording: said when it plays, and passed over. */
  g_file_set_contents (broken, "not a recording", -1, &error);
  g_assert_no_error (error);
  parts[1].path = broken;
  viewer = viewer_new (parts, G_N_ELEMENTS (parts));
  settle (viewer);
  vigil_review_player_seek (viewer->player, masters[0].end_us - 5 * FRAME_US);
  settle (viewer);
  vigil_review_player_play (viewer->player);
  g_assert_true (wait_for (has_error, viewer, WAIT_US (G_USEC_PER_SEC)));
  g_assert_nonnull (strstr (g_ptr_array_index (viewer->errors, 0), broken));
  g_assert_true (wait_for (has_ended, viewer, WAIT_US (4 * G_USEC_PER_SEC)));
  g_assert_cmpint (last_time (viewer), ==, masters[2].end_us);
  g_assert_cmpuint (viewer->errors->len, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  media_test_init (&argc, &argv);
  folder = vigil_test_make_dir ();
  make_masters ();

  media_test_add ("/review-player/joins", test_joins);
  media_test_add ("/review-player/seek-pause-step", test_seek_pause_step);
  media_test_add ("/review-player/range", test_range);
  media_test_add ("/review-player/rate", test_rate);
  media_test_add ("/review-player/sound", test_sound);
  media_test_add ("/review-player/missing", test_missing);

  status = g_test_run ();
  for (guint m = 0; m < N_MASTERS; m++)
    g_free ((char *) masters[m].path);
  vigil_test_remove_dir (folder);
  g_free (folder);
  return status;
}
