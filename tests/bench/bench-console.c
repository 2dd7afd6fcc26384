/* bench-console.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the console costs, with its own widgets in a real window on the test
 * session's display: the wall (VigilWall, fed as the console's window feeds
 * it, from VigilWallSnapshot on the site's worker) and the duty view
 * (VigilDutyView, given the operator's duty from the same snapshot), on a
 * real site in a temporary folder, an operator logged in through the core.
 *
 * 1. Latency and CPU: 16 cameras (4 family rooms at 1920x1080 25 fps, 12
 *    communal at 640x360 15 fps, H.264, no sound, replayed by one
 *    vigil-camsim so that the server costs little) on a 16-tile wall, and
 *    the main stream of Room 1, whose family the operator is on duty for,
 *    in the duty view beside it, as the console lays them out.
 *    - Latency: from each frame's capture time (the camera's, read back from
 *      its RTCP sender reports) to the end of the frame clock's paint in
 *      which GTK drew it (VigilVideoPaintable says which frame it last
 *      drew), for every frame drawn; and, apart, to the moment the frame
 *      reached the paintable on the main loop.
 *    - CPU: the CPU-seconds of this process (getrusage: the console's
 *      widgets, the camera sources, the core; not the camera server, nor
 *      the X server) over the window, and of its main thread alone (GTK's
 *      drawing and the main loop), against one gst-launch-1.0 decoding
 *      the same 17 streams to fakesink (rtspsrc latency=200 ! rtph264depay
 *      ! h264parse ! avdec_h264 thread-type=slice, as the camera source
 *      decodes, ! fakesink sync=false), the bare reference; and against one
 *      doing the same work as the camera sources (decoding, then scaling to
 *      the size each view asked for and converting to BGRA), which shows
 *      what the console adds on top of its pipelines. The window is taken
 *      in rounds of about 20 s, the console and the two references in
 *      turn, so that what else the machine runs weighs on all three alike.
 *      The resident memory 4 s after each round's window has closed is
 *      shown too.
 * 2. Memory: the demo site (as `vigil --demo` makes it, with its own camera
 *    server) on the wall of an operator, refreshed as the console's window
 *    refreshes it, for --minutes N; this process's resident memory each
 *    minute, against the first minute's.
 *
 * Run: build-aux/test-session.sh meson test -C _build --benchmark -v bench-console
 * (about 7 minutes). Its options, given with --test-args '…' (and a
 * --timeout-multiplier for a run over 25 minutes): --seconds S (default
 * 60; 0 skips part 1) is the CPU window, --minutes N (default 2; 0 skips
 * part 2) the memory run, whose figure is best taken in a run of its own
 * (--seconds 0). GSK_RENDERER, if set, picks
 * GTK's renderer; otherwise the bench uses cairo, as on a display without
 * usable GL.
 */

#define _GNU_SOURCE /* RUSAGE_THREAD */
#define G_LOG_DOMAIN "bench-console"

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "media-test-utils.h"
#include "vigil-demo-site.h"
#include "vigil-duty-view.h"
#include "vigil-video-paintable.h"
#include "vigil-wall-tile.h"
#include "vigil-wall.h"

#define WARM_UP_SECONDS 8
/* The CPU window is taken in rounds of about this length. */
#define ROUND_SECONDS   20
#define N_LARGE         4
#define N_SMALL         12
#define N_CAMERAS       (N_LARGE + N_SMALL)
#define OPERATOR        "okhan"
#define PASSWORD        "operator-pass"
#define DUTY_CASE_REF   "LA-2026-101"
/* Every view live: the site's worker, 17 connections and the first
 * keyframes on a busy machine. */
#define LIVE_WAIT_US    (90 * G_USEC_PER_SEC)
/* Xvfb's screen in build-aux/test-session.sh. */
#define WINDOW_WIDTH    1280
#define WINDOW_HEIGHT   800

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @seconds. */
static void
run_for (double seconds)
{
  camsim_wait_for (never, NULL, (gint64) (seconds * G_USEC_PER_SEC));
}

/* CPU-seconds of this process (RUSAGE_SELF) or of the calling thread
 * alone (RUSAGE_THREAD: on the main thread, GTK's drawing and the main
 * loop). */
static double
own_cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* A line of /proc/self/status ("VmRSS:", "RssAnon:"), in MiB. */
static double
own_memory_mib (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, key)) == NULL)
    g_error ("cannot read %s in /proc/self/status", key);
  return g_ascii_strtod (line + strlen (key), NULL) / 1024.0;
}

static double
load_average (void)
{
  double load[1] = { 0 };

  return getloadavg (load, 1) == 1 ? load[0] : -1;
}

/* ---- frames drawn ------------------------------------------------------- */

typedef struct
{
  GArray  *to_paintable;   /* ms, capture to the paintable on the main loop */
  GArray  *to_screen;      /* ms, capture to the end of the paint that drew it */
  guint64  arrived;
  guint64  drawn;
} Latencies;

/* One video paintable being watched. */
typedef struct
{
  VigilVideoPaintable *paintable;
  Latencies           *into;
  gint64               last_drawn;
  gboolean             seen;       /* found again in the latest look */
} Watched;

/* The views whose frames are counted: every picture showing a video
 * paintable under the wall and under the duty view. */
typedef struct
{
  GtkWidget *wall;
  GtkWidget *duty;
  GPtrArray *watched;      /* Watched */
  Latencies  wall_latency;
  Latencies  duty_latency;
  gboolean   counting;     /* frames counted */
  gboolean   keep_samples; /* and their latencies kept */
  guint      look_id;
  gulong     paint_id;
  GdkFrameClock *clock;
} Meter;

static void
latencies_init (Latencies *latencies)
{
  latencies->to_paintable = g_array_new (FALSE, FALSE, sizeof (double));
  latencies->to_screen = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
latencies_clear (Latencies *latencies)
{
  g_clear_pointer (&latencies->to_paintable, g_array_unref);
  g_clear_pointer (&latencies->to_screen, g_array_unref);
}

static void
on_frame_arrived (VigilVideoPaintable *paintable,
                  Watched             *watched)
{
  Meter *meter = g_object_get_data (G_OBJECT (paintable), "bench-meter");
  gint64 captured = vigil_video_paintable_get_capture_time (paintable);

  if (!meter->counting)
    return;
  watched->into->arrived++;
  if (meter->keep_samples && captured > 0)
    {
      double ms = (g_get_real_time () - captured) / 1e3;

      g_array_append_val (watched->into->to_paintable, ms);
    }
}

static void
watched_free (gpointer data)
{
  Watched *watched = data;

  g_signal_handlers_disconnect_by_data (watched->paintable, watched);
  g_object_unref (watched->paintable);
  g_free (watched);
}

static void
find_paintables (GtkWidget *widget,
                 GPtrArray *found)
{
  if (GTK_IS_PICTURE (widget) && VIGIL_IS_VIDEO_PAINTABLE (gtk_picture_get_paintable (GTK_PICTURE (widget))))
    g_ptr_array_add (found, gtk_picture_get_paintable (GTK_PICTURE (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_paintables (child, found);
}

static void
watch_under (Meter     *meter,
             GtkWidget *root,
             Latencies *into)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  if (root == NULL)
    return;
  find_paintables (root, found);
  for (guint i = 0; i < found->len; i++)
    {
      VigilVideoPaintable *paintable = g_ptr_array_index (found, i);
      Watched *watched = NULL;

      for (guint j = 0; j < meter->watched->len && watched == NULL; j++)
        if (((Watched *) g_ptr_array_index (meter->watched, j))->paintable == paintable)
          watched = g_ptr_array_index (meter->watched, j);
      if (watched == NULL)
        {
          watched = g_new0 (Watched, 1);
          watched->paintable = g_object_ref (paintable);
          watched->into = into;
          watched->last_drawn = vigil_video_paintable_get_drawn_capture_time (paintable);
          g_object_set_data (G_OBJECT (paintable), "bench-meter", meter);
          g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (on_frame_arrived), watched);
          g_ptr_array_add (meter->watched, watched);
        }
      watched->seen = TRUE;
    }
}

/* Views come and go (a tile's view stopped by the policy, a duty view
 * scaled to a new size keeps its paintable): looked for once a second, so
 * that a paint costs a few reads and no walk of the widgets. */
static gboolean
look_again (gpointer user_data)
{
  Meter *meter = user_data;

  for (guint i = 0; i < meter->watched->len; i++)
    ((Watched *) g_ptr_array_index (meter->watched, i))->seen = FALSE;
  watch_under (meter, meter->wall, &meter->wall_latency);
  watch_under (meter, meter->duty, &meter->duty_latency);
  for (guint i = meter->watched->len; i-- > 0;)
    if (!((Watched *) g_ptr_array_index (meter->watched, i))->seen)
      g_ptr_array_remove_index_fast (meter->watched, i);
  return G_SOURCE_CONTINUE;
}

/* After a paint: every paintable that drew a frame it had not drawn
 * before has put that frame on the screen. */
static void
on_after_paint (GdkFrameClock *clock,
                Meter         *meter)
{
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < meter->watched->len; i++)
    {
      Watched *watched = g_ptr_array_index (meter->watched, i);
      gint64 drawn = vigil_video_paintable_get_drawn_capture_time (watched->paintable);

      if (drawn == 0 || drawn == watched->last_drawn)
        continue;
      watched->last_drawn = drawn;
      if (!meter->counting)
        continue;
      watched->into->drawn++;
      if (meter->keep_samples)
        {
          double ms = (now - drawn) / 1e3;

          g_array_append_val (watched->into->to_screen, ms);
        }
    }
}

static void
meter_start (Meter     *meter,
             GtkWidget *window,
             GtkWidget *wall,
             GtkWidget *duty)
{
  meter->wall = wall;
  meter->duty = duty;
  meter->watched = g_ptr_array_new_with_free_func (watched_free);
  if (meter->wall_latency.to_screen == NULL)
    {
      latencies_init (&meter->wall_latency);
      latencies_init (&meter->duty_latency);
    }
  meter->clock = g_object_ref (gtk_widget_get_frame_clock (window));
  meter->paint_id = g_signal_connect (meter->clock, "after-paint", G_CALLBACK (on_after_paint), meter);
  meter->look_id = g_timeout_add_seconds (1, look_again, meter);
  look_again (meter);
}

static void
meter_stop (Meter *meter)
{
  g_clear_signal_handler (&meter->paint_id, meter->clock);
  g_clear_object (&meter->clock);
  g_clear_handle_id (&meter->look_id, g_source_remove);
  g_clear_pointer (&meter->watched, g_ptr_array_unref);
}

static void
meter_clear (Meter *meter)
{
  latencies_clear (&meter->wall_latency);
  latencies_clear (&meter->duty_latency);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  guint at;

  if (samples->len == 0)
    return NAN;
  g_array_sort (samples, compare_doubles);
  at = (guint) ceil (p * samples->len);
  return g_array_index (samples, double, MAX (at, 1) - 1);
}

static void
report_latency (const char *what,
                GArray     *samples)
{
  printf ("# %-44s median %6.1f ms   p95 %6.1f ms   max %7.1f ms   (%u frames)\n", what,
          percentile (samples, 0.5), percentile (samples, 0.95), percentile (samples, 1.0), samples->len);
}

/* ---- the console's widgets ---------------------------------------------- */

/* The wall and the duty view as the console's window feeds them: a
 * snapshot read on the site's worker, applied at once, taken again at the
 * next change of any camera's policy and at least every minute. */
typedef struct
{
  VigilSite     *site;
  VigilSession  *session;
  GtkWindow     *window;
  VigilWall     *wall;
  VigilDutyView *duty_view;     /* or NULL */
  GCancellable  *cancellable;
  guint          refresh_id;
  gboolean       reading;       /* a snapshot is being taken */
  guint          applied;
} Console;

static void console_refresh (Console *console);

static gboolean
on_refresh_due (gpointer user_data)
{
  Console *console = user_data;

  console->refresh_id = 0;
  console_refresh (console);
  return G_SOURCE_REMOVE;
}

static void
on_snapshot (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Console *console = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilWallSnapshot) snapshot = vigil_wall_snapshot_take_finish (result, &error);
  gint64 next, wait_ms;

  console->reading = FALSE;
  if (snapshot == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error ("the wall could not be read: %s", error->message);
      return;
    }
  if (console->duty_view != NULL && vigil_duty_view_get_duty (console->duty_view) == NULL)
    {
      VigilDuty *duty = vigil_wall_snapshot_duty_of (snapshot, vigil_session_get_username (console->session));

      if (duty != NULL)
        vigil_duty_view_set_duty (console->duty_view, console->site, console->session, duty);
    }
  vigil_wall_apply (console->wall, snapshot);
  console->applied++;

  next = vigil_wall_snapshot_next_change (snapshot);
  wait_ms = next > 0 ? (next - g_get_real_time ()) / 1000 + 20 : 60000;
  console->refresh_id = g_timeout_add (CLAMP (wait_ms, 20, 60000), on_refresh_due, console);
}

static void
console_refresh (Console *console)
{
  console->reading = TRUE;
  vigil_wall_snapshot_take_async (console->site, console->cancellable, on_snapshot, console);
}

/* The window as the console lays it out after a login: the duty view and
 * the wall side by side, each half the width. */
static Console *
console_open (VigilSite    *site,
              VigilSession *session,
              gboolean      with_duty)
{
  Console *console = g_new0 (Console, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  console->site = g_object_ref (site);
  console->session = g_object_ref (session);
  console->cancellable = g_cancellable_new ();
  console->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (console->window, WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  if (with_duty)
    {
      console->duty_view = g_object_new (VIGIL_TYPE_DUTY_VIEW, NULL);
      gtk_widget_set_hexpand (GTK_WIDGET (console->duty_view), TRUE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (console->duty_view));
    }
  console->wall = vigil_wall_new (site, session);
  gtk_widget_set_hexpand (GTK_WIDGET (console->wall), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (console->wall), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (console->wall));
  gtk_window_set_child (console->window, box);
  gtk_window_present (console->window);
  console_refresh (console);
  return console;
}

static gboolean
not_reading (gpointer data)
{
  return !((Console *) data)->reading;
}

static void
console_close (Console *console)
{
  g_cancellable_cancel (console->cancellable);
  g_clear_handle_id (&console->refresh_id, g_source_remove);
  /* A snapshot on its way is answered before the console goes. */
  g_assert_true (camsim_wait_for (not_reading, console, 10 * G_USEC_PER_SEC));
  /* Every view stops, audited "closed", as when the window closes. */
  gtk_window_destroy (console->window);
  g_assert_true (vigil_camera_source_wait_closed (20000));
  g_clear_object (&console->cancellable);
  g_clear_object (&console->session);
  g_clear_object (&console->site);
  g_free (console);
}

typedef struct
{
  Console *console;
  Meter   *meter;
  guint    wall_views;
  gboolean duty_view;
} LiveWanted;

static gboolean
count_live (gpointer data)
{
  LiveWanted *wanted = data;
  guint wall = 0, duty = 0;

  look_again (wanted->meter);
  for (guint i = 0; i < wanted->meter->watched->len; i++)
    {
      Watched *watched = g_ptr_array_index (wanted->meter->watched, i);

      if (vigil_video_paintable_get_drawn_capture_time (watched->paintable) == 0)
        continue;
      if (watched->into == &wanted->meter->wall_latency)
        wall++;
      else
        duty++;
    }
  return wall >= wanted->wall_views && (duty > 0) == wanted->duty_view;
}

/* ---- 1. latency and CPU ------------------------------------------------- */

static const char *
camera_path (guint i)
{
  static char paths[N_CAMERAS][16];

  g_snprintf (paths[i], sizeof paths[i], i < N_LARGE ? "room%u" : "communal%02u", i < N_LARGE ? i + 1 : i - N_LARGE + 1);
  return paths[i];
}

/* Four families at stage 2 (shown on the wall), in Rooms 1 to 4, each
 * room's camera at 1080p; twelve communal cameras; an operator. */
static void
build_site (VigilSite    *site,
            VigilSession *manager,
            Camsim       *camsim)
{
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (site), vigil_site_now (site));
  g_autoptr(GError) error = NULL;

  vigil_test_add_staff (site, manager, OPERATOR, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_autofree char *url = camsim_url (camsim, camera_path (i));
      g_autofree char *room = i < N_LARGE ? g_strdup_printf ("Room %u", i + 1) : NULL;
      g_autoptr(VigilCamera) camera = vigil_camera_new (camera_path (i), room ? VIGIL_LOCATION_FAMILY_ROOM
                                                                              : VIGIL_LOCATION_COMMUNAL,
                                                        room, url, NULL, FALSE);

      if (room != NULL)
        {
          g_autofree char *case_ref = i == 0 ? g_strdup (DUTY_CASE_REF) : g_strdup_printf ("LA-2026-%03u", 201 + i);
          g_autofree char *label = g_strdup_printf ("%c.B.", 'A' + i);
          g_autoptr(VigilFamily) family = vigil_family_new (case_ref, label, room, today);

          g_assert_true (vigil_site_add_room (site, manager, room, "bench", &error));
          g_assert_no_error (error);
          vigil_family_set_agreement (family, today, TRUE);
          g_assert_true (vigil_site_add_family (site, manager, family, VIGIL_STATE_STAGE_2, "bench", &error));
          g_assert_no_error (error);
        }
      g_assert_true (vigil_site_add_camera (site, manager, camera, NULL, NULL, "bench", &error));
      g_assert_no_error (error);
    }
}

/* The size each view's frames are scaled to, by camera, with the duty
 * view's last: what the camera sources were asked for. */
typedef struct
{
  char *path;
  int   width;
  int   height;
} StreamSize;

static void
stream_size_clear (gpointer data)
{
  g_free (((StreamSize *) data)->path);
}

static void
find_tiles (GtkWidget *widget,
            GPtrArray *found)
{
  if (VIGIL_IS_WALL_TILE (widget))
    g_ptr_array_add (found, widget);
  else
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
      find_tiles (child, found);
}

static void
add_size (GArray     *sizes,
          const char *path,
          GtkWidget  *view)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  GdkTexture *texture;
  StreamSize size;

  find_paintables (view, found);
  g_assert_cmpuint (found->len, ==, 1);
  texture = vigil_video_paintable_get_texture (g_ptr_array_index (found, 0));
  size = (StreamSize) { g_strdup (path), gdk_texture_get_width (texture), gdk_texture_get_height (texture) };
  g_array_append_val (sizes, size);
}

static void
read_sizes (Console *console,
            GArray  *sizes)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  find_tiles (GTK_WIDGET (console->wall), tiles);
  for (guint i = 0; i < tiles->len; i++)
    add_size (sizes, vigil_wall_tile_get_camera (g_ptr_array_index (tiles, i)), g_ptr_array_index (tiles, i));
  add_size (sizes, camera_path (0), GTK_WIDGET (console->duty_view));
}

typedef struct
{
  double console, reference, same_work;                       /* CPU-s */
  double console_main;                                        /* of console: the main thread's */
  double server_console, server_reference, server_same_work;  /* the camera server's */
  double load_console, load_reference, load_same_work;        /* load averages, summed */
} Cpu;

/* CPU-seconds of one gst-launch-1.0 playing each of @sizes' streams
 * through the camera source's depayloader, parser and decoder, then
 * fakesink, or (@scale) videoscale to the stream's size and videoconvert
 * to BGRA first; the server's are added to @server. */
static double
measure_launch (Camsim  *camsim,
                GArray  *sizes,
                gboolean scale,
                guint    seconds,
                double  *server,
                double  *load)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) launch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_dir = vigil_test_make_dir ();
  g_autofree char *log = g_build_filename (log_dir, "gst-launch.log", NULL);
  g_autofree char *said = NULL;
  double before, server_before, used;

  g_ptr_array_add (argv, g_strdup ("gst-launch-1.0"));
  g_ptr_array_add (argv, g_strdup ("-q"));
  for (guint i = 0; i < sizes->len; i++)
    {
      StreamSize *size = &g_array_index (sizes, StreamSize, i);
      g_autofree char *url = camsim_url (camsim, size->path);
      g_autofree char *pipeline = NULL;

      if (scale)
        pipeline = g_strdup_printf ("rtspsrc location=%s latency=200 ! rtph264depay ! h264parse ! "
                                    "avdec_h264 thread-type=slice ! videoscale ! "
                                    "video/x-raw,width=%d,height=%d,pixel-aspect-ratio=1/1 ! videoconvert ! "
                                    "video/x-raw,format=BGRA ! fakesink sync=false",
                                    url, size->width, size->height);
      else
        pipeline = g_strdup_printf ("rtspsrc location=%s latency=200 ! rtph264depay ! h264parse ! "
                                    "avdec_h264 thread-type=slice ! fakesink sync=false", url);
      {
        g_auto(GStrv) words = g_strsplit (pipeline, " ", -1);

        for (guint j = 0; words[j] != NULL; j++)
          g_ptr_array_add (argv, g_strdup (words[j]));
      }
    }
  g_ptr_array_add (argv, NULL);

  /* What it says while it plays is an error; what it says on SIGINT, as
   * rtspsrc tears down, is not. */
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  launch = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  run_for (WARM_UP_SECONDS);
  /* gst-launch-1.0 stops on the first error: every stream played. */
  if (g_subprocess_get_identifier (launch) == NULL)
    g_error ("gst-launch-1.0 stopped during the warm-up");
  before = media_test_cpu_seconds (launch);
  server_before = media_test_cpu_seconds (camsim->process);
  run_for (seconds);
  if (g_subprocess_get_identifier (launch) == NULL)
    g_error ("gst-launch-1.0 stopped during the measurement");
  used = media_test_cpu_seconds (launch) - before;
  *server = media_test_cpu_seconds (camsim->process) - server_before;
  *load += load_average ();
  if (g_file_get_contents (log, &said, NULL, NULL) && *said != '\0')
    g_error ("gst-launch-1.0 said: %s", said);

  g_subprocess_send_signal (launch, SIGINT);
  g_subprocess_wait (launch, NULL, NULL);
  vigil_test_remove_dir (log_dir);
  return used;
}

/* One slice of the console: the window opened, every view live and drawn,
 * a warm-up, then @seconds counted. The first reads the renderer and the
 * sizes the views asked for. */
static void
console_slice (VigilSite    *site,
               VigilSession *operator,
               Camsim       *camsim,
               guint         seconds,
               Meter        *meter,
               Cpu          *cpu,
               GArray       *sizes,
               GArray       *rss_after)
{
  gint64 started = g_get_monotonic_time ();
  Console *console = console_open (site, operator, TRUE);
  LiveWanted live = { console, meter, N_CAMERAS, TRUE };
  double before, main_before, server_before, rss;

  meter_start (meter, GTK_WIDGET (console->window), GTK_WIDGET (console->wall), GTK_WIDGET (console->duty_view));
  if (!camsim_wait_for (count_live, &live, LIVE_WAIT_US))
    g_error ("not every view drew a frame within %d s", (int) (LIVE_WAIT_US / G_USEC_PER_SEC));
  if (sizes->len == 0)
    printf ("# renderer: %s; every view drawn %.1f s after the window opened\n",
            G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (console->window))),
            (g_get_monotonic_time () - started) / 1e6);

  run_for (WARM_UP_SECONDS);
  meter->counting = TRUE;
  before = own_cpu_seconds (RUSAGE_SELF);
  main_before = own_cpu_seconds (RUSAGE_THREAD);
  server_before = media_test_cpu_seconds (camsim->process);
  run_for (seconds);
  cpu->console += own_cpu_seconds (RUSAGE_SELF) - before;
  cpu->console_main += own_cpu_seconds (RUSAGE_THREAD) - main_before;
  cpu->server_console += media_test_cpu_seconds (camsim->process) - server_before;
  cpu->load_console += load_average ();
  meter->counting = FALSE;

  if (sizes->len == 0)
    read_sizes (console, sizes);
  meter_stop (meter);
  console_close (console);
  /* The camera sources hand their memory back a moment after they stop. */
  run_for (4);
  rss = own_memory_mib ("VmRSS:");
  g_array_append_val (rss_after, rss);
}

static void
bench_wall_and_duty (guint seconds)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Camsim) camsim = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (StreamSize));
  g_autoptr(GArray) rss_after = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  VigilSite *site;
  VigilSession *manager, *operator;
  VigilDuty *duty;
  Meter meter = { .keep_samples = TRUE };
  Cpu cpu = { 0 };
  guint rounds = MAX (1, (seconds + ROUND_SECONDS / 2) / ROUND_SECONDS);
  guint slice = (seconds + rounds - 1) / rounds;
  double wall_sent, duty_sent, server;

  g_ptr_array_add (args, g_strdup ("--replay"));
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g_ptr_array_add (args, g_strdup ("--camera"));
      g_ptr_array_add (args, g_strdup_printf (i < N_LARGE ? "%s:1920x1080@25" : "%s:640x360@15", camera_path (i)));
    }
  g_ptr_array_add (args, NULL);
  camsim = camsim_startv (0, (const char * const *) args->pdata);
  g_array_set_clear_func (sizes, stream_size_clear);

  site = vigil_test_site_new (&dir);
  manager = vigil_test_login_manager (site);
  build_site (site, manager, camsim);
  operator = vigil_test_login (site, OPERATOR, PASSWORD);
  duty = vigil_site_start_duty (site, operator, DUTY_CASE_REF, OPERATOR, &error);
  g_assert_no_error (error);
  g_object_unref (duty);

  /* The console and the references take turns, so that a change in what
   * else the machine runs falls on all three alike. */
  for (guint round = 0; round < rounds; round++)
    {
      console_slice (site, operator, camsim, slice, &meter, &cpu, sizes, rss_after);
      cpu.reference += measure_launch (camsim, sizes, FALSE, slice, &server, &cpu.load_reference);
      cpu.server_reference += server;
      cpu.same_work += measure_launch (camsim, sizes, TRUE, slice, &server, &cpu.load_same_work);
      cpu.server_same_work += server;
    }
  seconds = rounds * slice;

  wall_sent = (N_LARGE * 25.0 + N_SMALL * 15.0) * seconds;
  duty_sent = 25.0 * seconds;
  printf ("# 16-tile wall (4 x 1920x1080 25 fps, 12 x 640x360 15 fps) and the duty view (Room 1's main stream) "
          "in a %dx%d window; %u rounds of %u s, each after %u s of warm-up\n", WINDOW_WIDTH, WINDOW_HEIGHT, rounds,
          slice, WARM_UP_SECONDS);
  printf ("# latency from the camera's capture time (aim: p95 at most 150 ms):\n");
  report_latency ("wall, to the screen (end of GTK's paint)", meter.wall_latency.to_screen);
  report_latency ("wall, to the paintable (on the main loop)", meter.wall_latency.to_paintable);
  report_latency ("duty view, to the screen (end of GTK's paint)", meter.duty_latency.to_screen);
  report_latency ("duty view, to the paintable (on the main loop)", meter.duty_latency.to_paintable);
  printf ("# frames: wall %" G_GUINT64_FORMAT " reached the paintables and %" G_GUINT64_FORMAT " were drawn "
          "(%.1f%% of the %.0f sent); duty view %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT " (%.1f%% of %.0f)\n",
          meter.wall_latency.arrived, meter.wall_latency.drawn, 100.0 * meter.wall_latency.drawn / wall_sent, wall_sent,
          meter.duty_latency.arrived, meter.duty_latency.drawn, 100.0 * meter.duty_latency.drawn / duty_sent,
          duty_sent);
  meter_clear (&meter);

  /* The views' ends reach the trail on the site's worker. */
  vigil_test_assert_finalize_soon (operator);
  vigil_test_assert_finalize_soon (manager);
  vigil_test_assert_finalize_soon (site);
  vigil_test_remove_dir (dir);

  printf ("# CPU over %u s, 17 streams (16 tiles and the duty view):\n", seconds);
  printf ("# %-58s %8s %8s %8s\n", "", "CPU-s", "cores", "ratio");
  printf ("# %-58s %8.2f %8.3f %8.3f\n", "gst-launch-1.0: decode to fakesink (bare reference)", cpu.reference,
          cpu.reference / seconds, 1.0);
  printf ("# %-58s %8.2f %8.3f %8.3f\n", "gst-launch-1.0: decode, scale to each view, BGRA (same work)",
          cpu.same_work, cpu.same_work / seconds, cpu.same_work / cpu.reference);
  printf ("# %-58s %8.2f %8.3f %8.3f\n", "console: wall and duty view drawn by GTK (aim: at most 1.5)", cpu.console,
          cpu.console / seconds, cpu.console / cpu.reference);
  printf ("# %-58s %8.2f %8.3f\n", "  of it the main thread (GTK drawing, the main loop)", cpu.console_main,
          cpu.console_main / seconds);
  printf ("# console to the same work in gst-launch-1.0: %.3f\n", cpu.console / cpu.same_work);
  printf ("# sizes the views asked for:");
  for (guint i = 0; i < sizes->len; i++)
    printf (" %s %dx%d", g_array_index (sizes, StreamSize, i).path, g_array_index (sizes, StreamSize, i).width,
            g_array_index (sizes, StreamSize, i).height);
  printf ("\n# camera server, left out: %.2f CPU-s with the console, %.2f and %.2f with the references; "
          "mean load average %.1f, %.1f and %.1f at the end of their slices\n", cpu.server_console,
          cpu.server_reference, cpu.server_same_work, cpu.load_console / rounds, cpu.load_reference / rounds,
          cpu.load_same_work / rounds);
  printf ("# resident memory of this process 4 s after each round's window closed:");
  for (guint i = 0; i < rss_after->len; i++)
    printf (" %.1f", g_array_index (rss_after, double, i));
  printf (" MiB\n");

  camsim_stop (camsim);
}

/* ---- 2. memory ---------------------------------------------------------- */

static void
on_demo_started (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;
  VigilSite *site = vigil_demo_site_start_finish (VIGIL_DEMO_SITE (object), result, error);

  if (site == NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the demo site did not start");
  g_clear_object (&site);
}

static gboolean
demo_answered (gpointer data)
{
  GError **error = ((gpointer *) data)[0];
  VigilDemoSite *demo = ((gpointer *) data)[1];

  return *error != NULL || vigil_demo_site_get_site (demo) != NULL;
}

static char *
demo_password (const char *username)
{
  for (const char * const *line = vigil_demo_site_get_logins (); *line != NULL; line++)
    {
      g_auto(GStrv) words = g_strsplit (*line, " ", 3);

      if (g_str_equal (words[0], username))
        return g_strdup (words[1]);
    }
  g_error ("the demo has no login %s", username);
}

static void
bench_memory (guint minutes)
{
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "demo", NULL);
  g_autofree char *password = demo_password (OPERATOR);
  g_autoptr(VigilDemoSite) demo = vigil_demo_site_new (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  gpointer answer[2] = { &error, demo };
  VigilSession *operator;
  Console *console;
  Meter meter = { .counting = TRUE };
  LiveWanted live = { 0 };
  guint64 drawn_before = 0;
  double start_rss, first, peak = 0;

  vigil_demo_site_start_async (demo, NULL, on_demo_started, &error);
  if (!camsim_wait_for (demo_answered, answer, LIVE_WAIT_US))
    g_error ("the demo site was not ready within %d s", (int) (LIVE_WAIT_US / G_USEC_PER_SEC));
  g_assert_no_error (error);
  operator = vigil_site_login (vigil_demo_site_get_site (demo), OPERATOR, password, "console", &error);
  g_assert_no_error (error);

  console = console_open (vigil_demo_site_get_site (demo), operator, FALSE);
  g_object_unref (operator);
  meter_start (&meter, GTK_WIDGET (console->window), GTK_WIDGET (console->wall), NULL);
  /* The demo's operator sees seven views live at its start (the
   * others need a concern, or are denied). */
  live = (LiveWanted) { console, &meter, 1, FALSE };
  if (!camsim_wait_for (count_live, &live, LIVE_WAIT_US))
    g_error ("the demo wall drew nothing within %d s", (int) (LIVE_WAIT_US / G_USEC_PER_SEC));
  start_rss = own_memory_mib ("VmRSS:");
  drawn_before = meter.wall_latency.drawn;
  printf ("# the demo wall (okhan, operator), %u minutes; resident memory of this process each minute\n", minutes);
  printf ("# %6s %10s %10s %10s %12s %6s\n", "minute", "RSS MiB", "anon MiB", "views", "frames/s", "load");
  printf ("# %6u %10.1f %10.1f %10u %12s %6.1f\n", 0, start_rss, own_memory_mib ("RssAnon:"), meter.watched->len, "",
          load_average ());
  fflush (stdout);

  for (guint minute = 1; minute <= minutes; minute++)
    {
      double now;

      run_for (60);
      now = own_memory_mib ("VmRSS:");
      g_array_append_val (rss, now);
      peak = MAX (peak, now);
      printf ("# %6u %10.1f %10.1f %10u %12.1f %6.1f\n", minute, now, own_memory_mib ("RssAnon:"),
              meter.watched->len, (meter.wall_latency.drawn - drawn_before) / 60.0, load_average ());
      fflush (stdout);
      drawn_before = meter.wall_latency.drawn;
    }

  first = g_array_index (rss, double, 0);
  printf ("# resident memory: %.1f MiB when the wall was live, %.1f MiB after the first minute, %.1f MiB after "
          "%u minutes (%+.1f MiB, %+.1f%%), at most %.1f MiB; the wall read %u times\n",
          start_rss, first, g_array_index (rss, double, rss->len - 1), minutes,
          g_array_index (rss, double, rss->len - 1) - first,
          100.0 * (g_array_index (rss, double, rss->len - 1) - first) / first, peak, console->applied);

  meter_stop (&meter);
  meter_clear (&meter);
  console_close (console);
  vigil_demo_site_stop (demo);
  vigil_test_remove_dir (parent);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- what the console costs");
  g_autoptr(GtkCssProvider) style = NULL;
  g_autoptr(GError) error = NULL;
  int seconds = 60, minutes = 2;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "The CPU window, in seconds (0: no latency and CPU)", "S" },
    { "minutes", 0, 0, G_OPTION_ARG_INT, &minutes, "The memory run, in minutes (0: none)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || seconds < 0 || minutes < 0)
    {
      g_printerr ("bench-console: %s\n", error != NULL ? error->message : "--seconds and --minutes are 0 or more");
      return 2;
    }

  setvbuf (stdout, NULL, _IOLBF, 0);
  /* Xvfb has no GL worth the name: GL would be software rendering. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gst_init (&argc, &argv);
  adw_init ();
  /* The console's looks, which its application loads. */
  style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (style, "/org/vigil/Vigil/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* rtspsrc 1.22 stopped in the middle of PLAY. */
  vigil_test_tolerate ("GStreamer", G_LOG_LEVEL_CRITICAL, "gst_event_set_seqnum");
  printf ("# %ld cores; load average %.1f at the start\n", sysconf (_SC_NPROCESSORS_ONLN), load_average ());

  if (seconds > 0)
    bench_wall_and_duty (seconds);
  if (minutes > 0)
    bench_memory (minutes);
  g_assert_true (vigil_camera_source_wait_closed (20000));
  return 0;
}
