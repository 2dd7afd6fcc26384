/* test-console-wall.c: the console's wall, driven over AT-SPI in a real
 * window on the tests' display, against a real site whose cameras are
 * simulated RTSP cameras.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-wall"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "atspi-driver.h"
#include "camsim-fixture.h"
#include "pipewire-graph.h"
#include "vigil-test-utils.h"

#define OPERATOR          "okhan"
#define OPERATOR_PASSWORD "operator-pass"
#define LEAD              "tlee"
#define LEAD_PASSWORD     "lead-pass"
/* The wall follows a change made anywhere within 2 s; a busy machine gets
 * twice that. */
#define FOLLOW_DEADLINE_US (4 * G_USEC_PER_SEC)

typedef struct
{
  char      *dir;
  VigilSite *site;
  Camsim    *camsim;
  Console   *console;
  AtspiAccessible *wall;   /* the wall's widget, where tiles are sought */
  gint64     started;
} Wall;

static void
add_camera (Wall          *wall,
            VigilSession  *manager,
            const char    *name,
            const char    *room,
            gboolean       audio)
{
  g_autofree char *url = camsim_url (wall->camsim, name);
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, room ? VIGIL_LOCATION_FAMILY_ROOM : VIGIL_LOCATION_COMMUNAL,
                                                    room, url, NULL, audio);
  g_autoptr(GError) error = NULL;

  if (room != NULL)
    g_assert_true (vigil_site_add_room (wall->site, manager, room, "test", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (wall->site, manager, camera, NULL, NULL, "test", &error));
  g_assert_no_error (error);
}

static void
admit (Wall             *wall,
       VigilSession     *lead,
       const char       *case_ref,
       const char       *label,
       const char       *room,
       VigilFamilyState  stage)
{
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (wall->site), vigil_site_now (wall->site));
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, label, room, today);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, today, TRUE);
  g_assert_true (vigil_site_add_family (wall->site, lead, family, stage, "admitted", &error));
  g_assert_no_error (error);
}

/* Room 1: K.M. at stage 2 (shown); Room 2: R.T. at stage 3 with no
 * window (a concern needed); Room 3: nobody placed (never shown); and the
 * lounge. */
static void
wall_open (Wall *wall)
{
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilSession) lead = NULL;

  console_test_init ();
  wall->started = g_get_monotonic_time ();
  wall->site = vigil_test_site_new (&wall->dir);
  manager = vigil_test_login_manager (wall->site);
  vigil_test_add_staff (wall->site, manager, OPERATOR, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (wall->site, manager, LEAD, 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, LEAD_PASSWORD);
  lead = vigil_test_login (wall->site, LEAD, LEAD_PASSWORD);

  wall->camsim = camsim_start ("--replay", "--camera", "room1:320x180@5,audio=aac", "--camera", "room2:320x180@5",
                               "--camera", "room3:320x180@5", "--camera", "lounge:320x180@5", NULL);
  add_camera (wall, manager, "room1", "Room 1", TRUE);
  add_camera (wall, manager, "room2", "Room 2", FALSE);
  add_camera (wall, manager, "room3", "Room 3", FALSE);
  add_camera (wall, manager, "lounge", NULL, FALSE);
  admit (wall, lead, "LA-2026-001", "K.M.", "Room 1", VIGIL_STATE_STAGE_2);
  admit (wall, lead, "LA-2026-002", "R.T.", "Room 2", VIGIL_STATE_STAGE_3);
}

static void
wall_close (Wall *wall)
{
  g_clear_object (&wall->wall);
  g_clear_pointer (&wall->console, console_free);
  g_clear_pointer (&wall->camsim, camsim_free);
  g_clear_object (&wall->site);
  vigil_test_remove_dir (wall->dir);
  g_free (wall->dir);
}

static void
log_in (Wall       *wall,
        const char *username,
        const char *password)
{
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;

  g_test_message ("site made at %.1f s", (g_get_monotonic_time () - wall->started) / 1e6);
  wall->console = console_start (wall->dir);
  user = console_find (wall->console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (wall->console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (wall->console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_type (user, username);
  console_type (secret, password);
  console_click (button);
  wall->wall = console_find (wall->console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
}

static AtspiAccessible *
tile (Wall       *wall,
      const char *title)
{
  g_autofree char *prefix = g_strdup_printf ("%s — ", title);

  return console_find_prefix (wall->wall, ATSPI_ROLE_PANEL, prefix);
}

/* Four tiles: on a laptop a grid of two by two, Room 1 first and the
 * lounge last, so neither in the other's row or column; on a handheld's
 * narrow screen (the tests' 360-pixel run) a list, one under the other. */
static void
assert_wall_shape (AtspiAccessible *first,
                   AtspiAccessible *last)
{
  AtspiRect a = console_extents (first);
  AtspiRect b = console_extents (last);

  g_test_message ("Room 1 at %d,%d (%d px wide), the lounge at %d,%d", a.x, a.y, a.width, b.x, b.y);
  g_assert_cmpint (b.y, >, a.y);
  if (console_narrow_width () == 0)
    g_assert_cmpint (b.x, >, a.x);
  else
    {
      g_assert_cmpint (b.x, ==, a.x);
      g_assert_cmpint (a.width, <=, console_narrow_width ());
    }
}

/* The wall shows what the policy allows and nothing it denies; a room that
 * needs a reason asks for the concern, refuses an empty one, and shows
 * the room once a concern is given, which the audit trail then holds. */
static void
test_policy_and_concern (void)
{
  Wall wall = { 0 };
  g_autoptr(AtspiAccessible) room1 = NULL;
  g_autoptr(AtspiAccessible) room2 = NULL;
  g_autoptr(AtspiAccessible) room3 = NULL;
  g_autoptr(AtspiAccessible) lounge = NULL;
  g_autoptr(AtspiAccessible) why = NULL;
  g_autoptr(AtspiAccessible) ask = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) concern = NULL;
  g_autoptr(AtspiAccessible) view = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) left = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  const char *given = "Baby crying for ten minutes and nobody answering";

  wall_open (&wall);
  log_in (&wall, OPERATOR, OPERATOR_PASSWORD);

  room1 = tile (&wall, "Room 1");
  g_test_message ("wall found at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);
  name = console_wait_name (room1, ", live");
  g_test_message ("Room 1 live at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);
  g_assert_nonnull (strstr (name, "Room 1 — K.M., stage 2, recording, sound recorded"));
  lounge = tile (&wall, "lounge");
  g_free (name);
  name = console_wait_name (lounge, "communal, recording, live");

  /* Room 3 has nobody placed: never shown, and the tile says why in the
   * core's words. */
  room3 = tile (&wall, "Room 3");
  g_free (name);
  name = console_wait_name (room3, "may not be viewed");
  why = console_find_in (room3, ATSPI_ROLE_LABEL, NULL, "Why Room 3 is not shown");
  text = console_wait_text (why, "no family placed");

  assert_wall_shape (room1, lounge);

  room2 = tile (&wall, "Room 2");
  g_free (name);
  name = console_wait_name (room2, "view needs a safeguarding concern");
  g_assert_null (strstr (name, "live"));
  console_screenshot ("wall");
  g_test_message ("every tile checked at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);

  /* An empty concern is refused, in the core's words. */
  ask = console_find_in (room2, ATSPI_ROLE_PUSH_BUTTON, "View for a safeguarding concern…: Room 2", NULL);
  console_click (ask);
  dialog = console_find_window (wall.console, "View for a Safeguarding Concern");
  concern = console_find_in (dialog, ATSPI_ROLE_TEXT, "Concern", NULL);
  view = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "View", NULL);
  console_click (view);
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  g_free (text);
  text = console_wait_text (refusal, "concern");
  g_assert_false (vigil_test_audit_has (wall.site, NULL, "live-view-started", "camera:room2", NULL));

  console_type (concern, given);
  console_click (view);
  g_free (name);
  name = console_wait_name (room2, ", live");
  left = console_find_in (room2, ATSPI_ROLE_LABEL, NULL, "Time left for Room 2");
  g_free (text);
  text = console_wait_text (left, "left");
  g_assert_nonnull (strstr (text, "10:00") != NULL ? text : strstr (text, "9:"));
  vigil_test_wait_audit (wall.site, OPERATOR, "live-view-started", "camera:room2", given, FOLLOW_DEADLINE_US);
  console_screenshot ("concern-view");
  g_test_message ("concern view checked at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);

  vigil_test_assert_audit_intact (wall.site);
  wall_close (&wall);
}

/* A stage change made with vigilctl while the console runs changes the
 * tile within 2 s, and closes a view the policy no longer allows. */
static void
test_follows_stage_change (void)
{
  Wall wall = { 0 };
  g_autoptr(AtspiAccessible) room1 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  gint64 changed_at, deadline;

  wall_open (&wall);
  log_in (&wall, OPERATOR, OPERATOR_PASSWORD);
  room1 = tile (&wall, "Room 1");
  name = console_wait_name (room1, ", live");

  vigil_test_run_vigilctl (LEAD_PASSWORD "\n", &status, NULL, &err, "--data-dir", wall.dir, "--as", LEAD, "--password-stdin",
                           "stage", "set", "LA-2026-001", "3", "--reason", "settled nights",
                           "--evidence", "Weekly Placement Update 2026-11-27", NULL);
  g_assert_cmpint (status, ==, 0);
  changed_at = g_get_monotonic_time ();
  deadline = changed_at + FOLLOW_DEADLINE_US;

  /* The tile says stage 3 and needs a concern: the view has closed. */
  while (g_get_monotonic_time () < deadline)
    {
      g_free (name);
      name = atspi_accessible_get_name (room1, NULL);
      if (strstr (name, "stage 3") != NULL && strstr (name, "view needs a safeguarding concern") != NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_test_message ("the tile followed in %.2f s: %s", (g_get_monotonic_time () - changed_at) / 1e6, name);
  g_assert_nonnull (strstr (name, "Room 1 — K.M., stage 3, not recording"));
  g_assert_nonnull (strstr (name, "view needs a safeguarding concern"));
  vigil_test_wait_audit (wall.site, OPERATOR, "live-view-stopped", "camera:room1", "policy changed", FOLLOW_DEADLINE_US);
  console_screenshot ("after-stage-change");

  wall_close (&wall);
}

/* Whether the console's process (by its pid) has any node in the PipeWire
 * graph: a stream it plays is one. */
static gboolean
console_has_sound_node (Console *console)
{
  g_autoptr(JsonNode) dump = pipewire_dump ();
  const char *pid = g_subprocess_get_identifier (console->process);
  JsonArray *objects;

  g_assert_nonnull (dump);
  objects = json_node_get_array (dump);
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      JsonObject *info, *props;
      JsonNode *id;
      g_autofree char *text = NULL;

      if (!pipewire_is_type (object, "PipeWire:Interface:Node") ||
          !json_object_has_member (object, "info") ||
          !json_object_has_member ((info = json_object_get_object_member (object, "info")), "props"))
        continue;
      props = json_object_get_object_member (info, "props");
      if ((id = json_object_get_member (props, "application.process.id")) == NULL)
        continue;
      if (json_node_get_value_type (id) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (id));
      else
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
      if (g_strcmp0 (text, pid) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
set_stage (Wall       *wall,
           const char *case_ref,
           const char *stage)
{
  g_autofree char *err = NULL;
  int status = -1;

  vigil_test_run_vigilctl (LEAD_PASSWORD "\n", &status, NULL, &err, "--data-dir", wall->dir, "--as", LEAD,
                           "--password-stdin", "stage", "set", case_ref, stage, "--reason", "weekly review",
                           "--evidence", "Weekly Placement Update 2026-11-27", NULL);
  if (status != 0)
    g_error ("vigilctl stage set %s %s: %s", case_ref, stage, err);
}

/* Waits until @root has (or, with @present FALSE, no longer has) a tile
 * whose name starts with @title; fails the test at the deadline. */
static void
wait_tile (AtspiAccessible *root,
           const char      *title,
           gboolean         present)
{
  g_autofree char *prefix = g_strdup_printf ("%s — ", title);
  gint64 start = g_get_monotonic_time ();

  while (console_lacks_prefix (root, ATSPI_ROLE_PANEL, prefix) == present)
    {
      if (g_get_monotonic_time () - start > FOLLOW_DEADLINE_US)
        g_error ("%s was %s on the wall after %.0f s", title, present ? "not shown" : "still shown",
                 FOLLOW_DEADLINE_US / 1e6);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_test_message ("%s %s the wall in %.2f s", title, present ? "came onto" : "left",
                  (g_get_monotonic_time () - start) / 1e6);
}

/* `vigil --wall`: an operator may not start it; a team lead's login does,
 * and then it shows the communal camera and the room anyone may watch,
 * never a room that needs a reason or one nobody may see, nothing to
 * press, no sound; it says who started it, follows stage changes either
 * way, and ends every view and the session when it is stopped. */
static void
test_wall_of_monitors (void)
{
  Wall wall = { 0 };
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) toggle = NULL;
  g_autoptr(AtspiAccessible) screen = NULL;
  g_autoptr(AtspiAccessible) started_by = NULL;
  g_autoptr(AtspiAccessible) room1 = NULL;
  g_autoptr(AtspiAccessible) lounge = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  gint64 quiet_until;

  wall_open (&wall);
  wall.console = console_start_wall (wall.dir);

  /* The monitor to show on, as the start window lists it. */
  toggle = console_find_prefix (wall.console->app, ATSPI_ROLE_CHECK_BOX, "Show the wall on ");
  user = console_find (wall.console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (wall.console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (wall.console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_click (toggle);

  /* An operator's login is refused by the core, in its words, and ends. */
  console_type (user, OPERATOR);
  console_type (secret, OPERATOR_PASSWORD);
  console_click (button);
  refusal = console_find (wall.console, ATSPI_ROLE_LABEL, NULL, "Why the wall did not start");
  text = console_wait_text (refusal, "run-wall");
  vigil_test_wait_audit (wall.site, OPERATOR, "logout", NULL, NULL, FOLLOW_DEADLINE_US);
  g_assert_false (vigil_test_audit_has (wall.site, NULL, "wall-started", NULL, NULL));
  console_screenshot ("wall-refused");

  console_type (user, LEAD);
  console_type (secret, LEAD_PASSWORD);
  console_click (button);
  screen = console_find_window (wall.console, "Vigil Wall, monitor 1 of 1");
  vigil_test_wait_audit (wall.site, LEAD, "wall-started", NULL, "screens=1", FOLLOW_DEADLINE_US);
  started_by = console_find_in (screen, ATSPI_ROLE_LABEL, NULL, "Who started the wall");
  g_free (text);
  text = console_wait_text (started_by, "Wall started by ");
  g_assert_nonnull (strstr (text, "(team-lead) at "));
  g_assert_true (console_wait_window_gone (wall.console, "Vigil Wall"));

  room1 = console_find_prefix (screen, ATSPI_ROLE_PANEL, "Room 1 — ");
  name = console_wait_name (room1, ", live");
  g_assert_nonnull (strstr (name, "K.M., stage 2, recording, sound recorded"));
  lounge = console_find_prefix (screen, ATSPI_ROLE_PANEL, "lounge — ");
  g_free (name);
  name = console_wait_name (lounge, ", live");
  console_screenshot ("wall-of-monitors");

  /* Room 2 needs a reason and Room 3 may not be seen: neither is there,
   * and nothing on the wall can be pressed. */
  g_assert_true (console_lacks_prefix (screen, ATSPI_ROLE_PANEL, "Room 2 — "));
  g_assert_true (console_lacks_prefix (screen, ATSPI_ROLE_PANEL, "Room 3 — "));
  g_assert_true (console_lacks_prefix (screen, ATSPI_ROLE_PUSH_BUTTON, ""));
  g_assert_false (vigil_test_audit_has (wall.site, LEAD, "live-view-started", "camera:room2", NULL));
  g_assert_true (vigil_test_audit_has (wall.site, LEAD, "live-view-started", "camera:room1", NULL));

  /* Room 1's camera sends sound: for two seconds of it playing, the wall
   * has no stream in the sound graph. */
  if (pipewire_dump () == NULL)
    g_test_message ("no PipeWire daemon answers: the wall's silence is not checked");
  else
    for (quiet_until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC; g_get_monotonic_time () < quiet_until;)
      {
        g_assert_false (console_has_sound_node (wall.console));
        g_main_context_iteration (NULL, FALSE);
        g_usleep (100000);
      }

  /* R.T. back to stage 2: Room 2 comes on; K.M. to stage 3: Room 1 goes,
   * its view stopped because the policy changed. */
  set_stage (&wall, "LA-2026-002", "2");
  wait_tile (screen, "Room 2", TRUE);
  set_stage (&wall, "LA-2026-001", "3");
  wait_tile (screen, "Room 1", FALSE);
  vigil_test_wait_audit (wall.site, LEAD, "live-view-stopped", "camera:room1", "policy changed", FOLLOW_DEADLINE_US);
  console_screenshot ("wall-followed");

  /* Stopped (SIGTERM, as the session's end would): every view ends on the
   * trail, then the session. */
  g_clear_pointer (&wall.console, console_free);
  g_assert_true (vigil_test_audit_has (wall.site, LEAD, "live-view-stopped", "camera:lounge", "wall stopped"));
  g_assert_true (vigil_test_audit_has (wall.site, LEAD, "logout", NULL, NULL));

  g_clear_object (&lounge);
  g_clear_object (&room1);
  vigil_test_assert_audit_intact (wall.site);
  wall_close (&wall);
}

static gboolean
socket_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* A compositor with two monitors of different sizes, as a wall machine has
 * them: mutter, headless, with two virtual monitors (Xvfb gives GTK one).
 * Its Wayland socket's name goes to @display. */
static GSubprocess *
start_two_monitors (char **display)
{
  g_autoptr(GSubprocessLauncher) launcher = vigil_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *socket = NULL;
  GSubprocess *mutter;

  if (g_find_program_in_path ("mutter") == NULL)
    g_error ("mutter is not installed: build-aux/vigil-setup installs it for this test");
  /* Its warnings (no colord, no locale service here) are not the test's. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  *display = g_strdup_printf ("vigil-wall-%d", (int) getpid ());
  socket = g_build_filename (g_get_user_runtime_dir (), *display, NULL);
  mutter = g_subprocess_launcher_spawn (launcher, &error, "mutter", "--headless", "--wayland", "--no-x11",
                                        "--sm-disable", "--virtual-monitor", "1280x720", "--virtual-monitor",
                                        "1024x768", "--wayland-display", *display, NULL);
  g_assert_no_error (error);
  if (!camsim_wait_for (socket_exists, socket, 20 * G_USEC_PER_SEC))
    g_error ("mutter made no Wayland socket at %s", socket);
  return mutter;
}

/* The wall on a machine with two monitors: one screen on each, full
 * screen at each monitor's own size, the cameras shared between them, each
 * saying which it is. */
static void
test_two_monitors (void)
{
  Wall wall = { 0 };
  g_autoptr(GSubprocess) mutter = NULL;
  g_autofree char *display = NULL;
  g_autofree char *backend = NULL;
  g_autofree char *debug = NULL;
  g_autoptr(AtspiAccessible) first_monitor = NULL;
  g_autoptr(AtspiAccessible) second_monitor = NULL;
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  AtspiAccessible *screens[2] = { NULL, NULL };
  g_autoptr(AtspiAccessible) room1 = NULL;
  g_autoptr(AtspiAccessible) lounge = NULL;
  const int sizes[2][2] = { { 1280, 720 }, { 1024, 768 } };

  wall_open (&wall);
  mutter = start_two_monitors (&display);
  /* This console only, on the compositor's display; the others stay on
   * the session's. */
  backend = g_strdup (g_getenv ("GDK_BACKEND"));
  debug = g_strdup (g_getenv ("G_DEBUG"));
  g_setenv ("GDK_BACKEND", "wayland", TRUE);
  g_setenv ("WAYLAND_DISPLAY", display, TRUE);
  /* Now and then, as it exits on SIGTERM under this compositor, a GTK 4.8
   * console warns "cannot register existing fundamental type 'gchar'" from
   * inside GLib's type system; it is not the console's, so here it is not
   * made fatal. */
  g_setenv ("G_DEBUG", "gc-friendly", TRUE);
  wall.console = console_start_wall (wall.dir);
  if (debug != NULL)
    g_setenv ("G_DEBUG", debug, TRUE);
  else
    g_unsetenv ("G_DEBUG");
  if (backend != NULL)
    g_setenv ("GDK_BACKEND", backend, TRUE);
  else
    g_unsetenv ("GDK_BACKEND");
  g_unsetenv ("WAYLAND_DISPLAY");

  /* Both monitors offered, each switch named for its monitor once; none
   * chosen means every one. */
  first_monitor = console_find (wall.console, ATSPI_ROLE_CHECK_BOX, "Show the wall on Meta-0", NULL);
  second_monitor = console_find (wall.console, ATSPI_ROLE_CHECK_BOX, "Show the wall on Meta-1", NULL);
  user = console_find (wall.console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (wall.console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (wall.console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_type (user, LEAD);
  console_type (secret, LEAD_PASSWORD);
  console_click (button);

  screens[0] = console_find_window (wall.console, "Vigil Wall, monitor 1 of 2");
  screens[1] = console_find_window (wall.console, "Vigil Wall, monitor 2 of 2");
  vigil_test_wait_audit (wall.site, LEAD, "wall-started", NULL, "screens=2", FOLLOW_DEADLINE_US);

  /* The two cameras anyone may watch, one on each screen. */
  room1 = console_find_prefix (wall.console->app, ATSPI_ROLE_PANEL, "Room 1 — ");
  lounge = console_find_prefix (wall.console->app, ATSPI_ROLE_PANEL, "lounge — ");
  for (guint i = 0; i < 2; i++)
    {
      gboolean has_room1 = !console_lacks_prefix (screens[i], ATSPI_ROLE_PANEL, "Room 1 — ");
      gboolean has_lounge = !console_lacks_prefix (screens[i], ATSPI_ROLE_PANEL, "lounge — ");

      g_assert_true (has_room1 != has_lounge);
      g_assert_true (console_lacks_prefix (screens[i], ATSPI_ROLE_PANEL, "Room 2 — "));
    }

  /* Each full screen on its own monitor: its size is that monitor's. */
  for (guint i = 0; i < 2; i++)
    {
      gint64 deadline = g_get_monotonic_time () + FOLLOW_DEADLINE_US;
      AtspiRect extents;

      do
        {
          extents = console_extents (screens[i]);
          if (extents.width == sizes[i][0] && extents.height == sizes[i][1])
            break;
          g_usleep (100000);
        }
      while (g_get_monotonic_time () < deadline);
      g_assert_cmpint (extents.width, ==, sizes[i][0]);
      g_assert_cmpint (extents.height, ==, sizes[i][1]);
    }

  g_clear_object (&screens[0]);
  g_clear_object (&screens[1]);
  g_clear_pointer (&wall.console, console_free);
  g_assert_true (vigil_test_audit_has (wall.site, LEAD, "logout", NULL, NULL));
  g_subprocess_send_signal (mutter, SIGTERM);
  g_subprocess_wait (mutter, NULL, NULL);
  wall_close (&wall);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-wall/policy-and-concern", test_policy_and_concern);
  g_test_add_func ("/console-wall/follows-stage-change", test_follows_stage_change);
  g_test_add_func ("/console-wall/wall-of-monitors", test_wall_of_monitors);
  g_test_add_func ("/console-wall/two-monitors", test_two_monitors);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
