/* test-console-demo.c: `vigil --demo` in a real window on the tests'
 * display: the demo logins it prints and shows, and the refusals a user
 * meets with them; the demo wall, every tile saying what the core's policy
 * decides of its camera; and `vigil` with no display, or with --demo on a
 * real site, saying so in one line.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-demo"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "atspi-driver.h"
#include "vigil-test-utils.h"

/* Making the demo site and starting its cameras takes a few seconds; its
 * camera server alone may take 30 s on a busy machine. */
#define DEMO_READY_US (90 * G_USEC_PER_SEC)

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  return launcher;
}

static void
on_line (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("(end of output)");
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The next line of @out, within the deadline. */
static char *
read_line (GDataInputStream *out,
           gint64            deadline)
{
  char *line = NULL;
  guint tick = g_timeout_add (50, on_tick, NULL);

  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line, &line);
  while (line == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (line == NULL)
    g_error ("vigil --demo printed nothing more within %d s", (int) (DEMO_READY_US / G_USEC_PER_SEC));
  return line;
}

static gpointer
find_app (Console *console)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  GPid pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (console->process), NULL, 10);
  int n = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (app != NULL && (GPid) atspi_accessible_get_process_id (app, NULL) == pid)
        return g_steal_pointer (&app);
    }
  return NULL;
}

/* Starts `vigil --demo --data-dir DIR` and reads what it prints: the
 * demo's logins, then the line naming its folder. */
static Console *
demo_start (const char        *dir,
            GDataInputStream **out,
            GPtrArray         *logins)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("VIGIL_CONSOLE");
  Console *console = g_new0 (Console, 1);
  gint64 deadline = g_get_monotonic_time () + DEMO_READY_US;

  g_assert_nonnull (program);
  console->process = g_subprocess_launcher_spawn (launcher, &error, program, "--demo", "--data-dir", dir, NULL);
  g_assert_no_error (error);
  *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (console->process));
  /* Left open while the console runs: it must never die of SIGPIPE. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (*out), FALSE);

  for (;;)
    {
      g_autofree char *line = read_line (*out, deadline);

      if (g_str_has_prefix (line, "demo login: "))
        g_ptr_array_add (logins, g_strdup (line + strlen ("demo login: ")));
      else if (g_str_has_prefix (line, "demo site: "))
        break;
      else
        g_error ("vigil --demo printed “%s”", line);
    }

  while (console->app == NULL && g_get_monotonic_time () < deadline)
    {
      console->app = find_app (console);
      if (console->app == NULL)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_nonnull (console->app);
  return console;
}

typedef struct
{
  char *username;
  char *password;
  char *role;
} Login;

static Login
login_parse (const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);

  g_assert_cmpuint (g_strv_length (words), ==, 3);
  return (Login) { g_strdup (words[0]), g_strdup (words[1]), g_strdup (words[2]) };
}

static void
login_clear (Login *login)
{
  g_free (login->username);
  g_free (login->password);
  g_free (login->role);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Login, login_clear)

/* Types, presses Log In, and waits for the core's answer (the page empties
 * the password field once it has one). */
static void
log_in (Console    *console,
        const Login *login)
{
  g_autoptr(AtspiAccessible) username = console_find (console, ATSPI_ROLE_TEXT, "Username", NULL);
  g_autoptr(AtspiAccessible) password = console_find (console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  g_autoptr(AtspiAccessible) button = console_find (console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);

  console_type (username, login->username);
  console_type (password, login->password);
  console_click (button);
  console_wait_empty (password);
}

/* The demo prints its logins and shows the same on its login page; the
 * band-1 member and the one whose refresher is overdue (as the site's own
 * records say) are refused there in the core's words; the manager gets
 * in. */
static void
test_logins (void)
{
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "demo", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autofree char *today = NULL;
  Console *console;
  guint band_one = 0, overdue = 0, managers = 0;

  console_test_init ();
  console = demo_start (dir, &out, lines);
  g_assert_cmpuint (lines->len, >=, 4);

  /* Its records, read as any program on the machine would. */
  site = vigil_test_site_open (dir);
  g_assert_cmpstr (vigil_site_get_name (site), ==, "Demo Family Centre");
  today = vigil_date_today (vigil_site_get_time_zone (site), vigil_site_now (site));

  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(AtspiAccessible) shown = console_find (console, ATSPI_ROLE_LABEL, g_ptr_array_index (lines, i), NULL);
      g_autoptr(VigilStaff) staff = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *words = NULL;
      g_auto(Login) login = login_parse (g_ptr_array_index (lines, i));
      const char *due;

      staff = vigil_site_lookup_staff (site, login.username, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (vigil_role_to_string (vigil_staff_get_role (staff)), ==, login.role);
      due = vigil_staff_get_refresher_due (staff);
      managers += vigil_staff_get_role (staff) == VIGIL_ROLE_MANAGER;

      if (vigil_staff_get_band (staff) < 2)
        {
          log_in (console, &login);
          if (refusal == NULL)
            refusal = console_find (console, ATSPI_ROLE_LABEL, NULL, "Why the login was refused");
          g_free (console_wait_text (refusal, "band 1: CCTV duty needs band 2 or higher"));
          band_one++;
        }
      else if (due != NULL && strcmp (due, today) < 0)
        {
          words = g_strdup_printf ("refresher overdue since %s", due);
          log_in (console, &login);
          if (refusal == NULL)
            refusal = console_find (console, ATSPI_ROLE_LABEL, NULL, "Why the login was refused");
          g_free (console_wait_text (refusal, words));
          overdue++;
        }
    }
  g_assert_cmpuint (band_one, ==, 1);
  g_assert_cmpuint (overdue, ==, 1);
  g_assert_cmpuint (managers, ==, 1);

  /* And the manager's login works, as printed. */
  for (guint i = 0; i < lines->len; i++)
    {
      g_auto(Login) login = login_parse (g_ptr_array_index (lines, i));

      if (g_str_equal (login.role, "manager"))
        {
          g_autoptr(AtspiAccessible) who = NULL;

          log_in (console, &login);
          who = console_find (console, ATSPI_ROLE_LABEL, NULL, "Who is logged in");
          g_free (console_wait_text (who, "(manager)"));
        }
    }

  console_free (console);
  g_clear_object (&site);
  vigil_test_remove_dir (parent);
}

/* Runs the main loop until @probe holds or @timeout_us has passed,
 * probing 100 ms apart (each probe asks the console over D-Bus). */
static gboolean
poll_until (gboolean (*probe) (gpointer),
            gpointer   data,
            gint64     timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  guint tick = g_timeout_add (25, on_tick, NULL);
  gboolean done;

  while (!(done = probe (data)) && g_get_monotonic_time () < deadline)
    {
      gint64 next = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  return done;
}

/* One walk below @root for a widget with @role and the accessible @name
 * (or, where @name is NULL, @description); NULL if there is none now. */
static AtspiAccessible *
find_below (AtspiAccessible *root,
            AtspiRole        role,
            const char      *name,
            const char      *description,
            guint            depth)
{
  int n;

  if (atspi_accessible_get_role (root, NULL) == role)
    {
      g_autofree char *said = name != NULL ? atspi_accessible_get_name (root, NULL)
                                           : atspi_accessible_get_description (root, NULL);

      if (g_strcmp0 (said, name != NULL ? name : description) == 0)
        return g_object_ref (root);
    }
  n = depth < 40 ? atspi_accessible_get_child_count (root, NULL) : 0;
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (root, i, NULL);
      AtspiAccessible *found = child != NULL ? find_below (child, role, name, description, depth + 1) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  VigilSite           *site;
  AtspiAccessible     *wall;
  const char          *camera;
  const char          *title;
  AtspiAccessible     *tile;
  VigilPolicyDecision  decision;   /* the core's, at the last probe */
  char                *name;       /* the tile's, at the last probe */
  char                *why;        /* what a tile not shown says, at the last probe */
} TileWanted;

static void
tile_wanted_clear (TileWanted *wanted)
{
  g_clear_object (&wanted->tile);
  g_clear_pointer (&wanted->name, g_free);
  g_clear_pointer (&wanted->why, g_free);
  vigil_policy_decision_clear (&wanted->decision);
}

/* What the core decides of the camera now. The demo's windows open and
 * close as the clock goes: a test that expected what it read a while ago
 * would fail when one of them passes while it runs. */
static void
decide_now (TileWanted *wanted)
{
  g_autoptr(GError) error = NULL;

  vigil_policy_decision_clear (&wanted->decision);
  g_assert_true (vigil_site_explain_camera (wanted->site, wanted->camera, vigil_site_now (wanted->site),
                                            &wanted->decision, &error));
  g_assert_no_error (error);
}

/* The tile's name says what the core decides now: live (after
 * "connecting") where the view is allowed; and where it is not, not live
 * and why not. */
static gboolean
tile_named_as_decided (gpointer data)
{
  TileWanted *wanted = data;
  gboolean live;

  decide_now (wanted);
  g_free (wanted->name);
  wanted->name = atspi_accessible_get_name (wanted->tile, NULL);
  if (wanted->name == NULL)
    return FALSE;
  live = g_str_has_suffix (wanted->name, ", live");
  switch (wanted->decision.live_view)
    {
    case VIGIL_LIVE_VIEW_ALLOWED:
      return live;
    case VIGIL_LIVE_VIEW_REASON_REQUIRED:
      return !live && g_str_has_suffix (wanted->name, ", view needs a safeguarding concern");
    case VIGIL_LIVE_VIEW_DENIED:
    default:
      return !live && g_str_has_suffix (wanted->name, ", may not be viewed");
    }
}

/* Where the view is not allowed, the tile shows no room but: for a denied
 * one, the core's reason; for one that needs a concern, the button that
 * asks for it. */
static gboolean
tile_shows_as_decided (gpointer data)
{
  TileWanted *wanted = data;
  g_autoptr(AtspiAccessible) found = NULL;

  g_clear_pointer (&wanted->why, g_free);
  if (wanted->decision.live_view == VIGIL_LIVE_VIEW_DENIED)
    {
      g_autofree char *about = g_strdup_printf ("Why %s is not shown", wanted->title);

      found = find_below (wanted->wall, ATSPI_ROLE_LABEL, NULL, about, 0);
      wanted->why = found != NULL ? console_read (found) : NULL;
      return g_strcmp0 (wanted->why, wanted->decision.basis) == 0;
    }
  if (wanted->decision.live_view == VIGIL_LIVE_VIEW_REASON_REQUIRED)
    {
      g_autofree char *ask = g_strdup_printf ("View for a safeguarding concern…: %s", wanted->title);

      found = find_below (wanted->wall, ATSPI_ROLE_PUSH_BUTTON, ask, NULL, 0);
      return found != NULL;
    }
  return TRUE;
}

/* Waits until the tile of @wanted's camera says and shows what the core
 * decides of it now; a decision that changes meanwhile is followed. */
static void
wait_tile (TileWanted *wanted)
{
  g_autofree char *prefix = g_strdup_printf ("%s — ", wanted->title);

  wanted->tile = console_find_prefix (wanted->wall, ATSPI_ROLE_PANEL, prefix);
  for (guint tries = 0; ; tries++)
    {
      VigilLiveView decided;

      if (!poll_until (tile_named_as_decided, wanted, CONSOLE_DEADLINE_US))
        g_error ("the tile of %s says “%s”; the core says %s: %s", wanted->camera, wanted->name,
                 vigil_live_view_to_string (wanted->decision.live_view), wanted->decision.basis);
      decided = wanted->decision.live_view;
      /* Twice the 2 s the wall takes to follow a change. */
      if (poll_until (tile_shows_as_decided, wanted, 4 * G_USEC_PER_SEC))
        return;
      decide_now (wanted);
      if (wanted->decision.live_view == decided || tries >= 3)
        g_error ("the tile of %s says “%s” but shows “%s”; the core says %s: %s", wanted->camera, wanted->name,
                 wanted->why != NULL ? wanted->why : "(no reason, no button)",
                 vigil_live_view_to_string (wanted->decision.live_view), wanted->decision.basis);
      g_test_message ("the policy of %s changed during the check: looking again", wanted->camera);
    }
}

/* The wall's tiles: panels named "TITLE — what it shows". */
static guint
count_tiles (AtspiAccessible *accessible,
             guint            depth)
{
  g_autofree char *name = NULL;
  guint found = 0;
  int n;

  if (atspi_accessible_get_role (accessible, NULL) == ATSPI_ROLE_PANEL &&
      (name = atspi_accessible_get_name (accessible, NULL)) != NULL && strstr (name, " — ") != NULL)
    return 1;
  n = depth < 40 ? atspi_accessible_get_child_count (accessible, NULL) : 0;
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);

      if (child != NULL)
        found += count_tiles (child, depth + 1);
    }
  return found;
}

/* The console's window, found among the display's top-level windows by
 * the process id GDK gives it, is no larger than the screen: a window its
 * content made wider would show part of the wall off the screen's edge. */
static void
assert_window_fits (Console *console)
{
  GPid pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (console->process), NULL, 10);
  Display *display = XOpenDisplay (NULL);
  Window root, parent, *children = NULL;
  unsigned int n = 0;
  Atom pid_atom;
  int screen_width, screen_height;
  guint found = 0;

  g_assert_nonnull (display);
  screen_width = DisplayWidth (display, DefaultScreen (display));
  screen_height = DisplayHeight (display, DefaultScreen (display));
  pid_atom = XInternAtom (display, "_NET_WM_PID", False);
  g_assert_true (XQueryTree (display, DefaultRootWindow (display), &root, &parent, &children, &n));
  for (unsigned int i = 0; i < n; i++)
    {
      XWindowAttributes attributes;
      Atom type;
      int format;
      unsigned long items, after;
      unsigned char *value = NULL;
      gboolean ours;

      if (XGetWindowProperty (display, children[i], pid_atom, 0, 1, False, XA_CARDINAL, &type, &format, &items,
                              &after, &value) != Success)
        continue;
      ours = value != NULL && items == 1 && format == 32 && (GPid) *(unsigned long *) value == pid;
      if (value != NULL)
        XFree (value);
      if (!ours || !XGetWindowAttributes (display, children[i], &attributes) || attributes.map_state != IsViewable)
        continue;
      found++;
      g_test_message ("the console's window: %d × %d at %d, %d on a %d × %d screen", attributes.width,
                      attributes.height, attributes.x, attributes.y, screen_width, screen_height);
      g_assert_cmpint (attributes.x, >=, 0);
      g_assert_cmpint (attributes.y, >=, 0);
      g_assert_cmpint (attributes.x + attributes.width, <=, screen_width);
      g_assert_cmpint (attributes.y + attributes.height, <=, screen_height);
    }
  if (children != NULL)
    XFree (children);
  XCloseDisplay (display);
  g_assert_cmpuint (found, ==, 1);
}

/* The demo wall as a demo operator sees it: a tile for every camera of the
 * site, each saying what the core's policy decides of its camera now: live
 * where the view is allowed; asking for a safeguarding concern where one
 * is needed; "may not be viewed", with the core's reason, where the view
 * is denied. */
static void
test_wall (void)
{
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "demo", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(AtspiAccessible) who = NULL;
  g_autoptr(AtspiAccessible) wall = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Login) login = { NULL };
  guint views[VIGIL_LIVE_VIEW_DENIED + 1] = { 0 };
  guint enabled = 0;
  Console *console;

  console_test_init ();
  console = demo_start (dir, &out, lines);
  site = vigil_test_site_open (dir);
  for (guint i = 0; i < lines->len && login.username == NULL; i++)
    {
      g_auto(Login) line = login_parse (g_ptr_array_index (lines, i));

      if (g_str_equal (line.role, "operator"))
        login = (Login) { g_steal_pointer (&line.username), g_steal_pointer (&line.password),
                          g_steal_pointer (&line.role) };
    }
  g_assert_nonnull (login.username);

  log_in (console, &login);
  who = console_find (console, ATSPI_ROLE_LABEL, NULL, "Who is logged in");
  g_free (console_wait_text (who, "(operator)"));
  wall = console_find (console, ATSPI_ROLE_FILLER, "VigilWall", NULL);

  cameras = vigil_site_list_cameras (site, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);
      TileWanted wanted = { site, wall, vigil_camera_get_name (camera), NULL };

      if (!vigil_camera_get_enabled (camera))
        continue;
      enabled++;
      wanted.title = vigil_camera_get_location (camera) == VIGIL_LOCATION_FAMILY_ROOM
                     ? vigil_camera_get_room (camera) : vigil_camera_get_name (camera);
      wait_tile (&wanted);
      views[wanted.decision.live_view]++;
      g_test_message ("%s: “%s” (the core: %s)", wanted.camera, wanted.name,
                      vigil_live_view_to_string (wanted.decision.live_view));
      tile_wanted_clear (&wanted);
    }
  /* Every camera has its tile, and there is no other. */
  g_assert_cmpuint (enabled, >=, 1);
  g_assert_cmpuint (count_tiles (wall, 0), ==, enabled);
  /* The demo shows every kind of decision (docs/console.md). */
  g_assert_cmpuint (views[VIGIL_LIVE_VIEW_ALLOWED], >=, 1);
  g_assert_cmpuint (views[VIGIL_LIVE_VIEW_REASON_REQUIRED], >=, 1);
  g_assert_cmpuint (views[VIGIL_LIVE_VIEW_DENIED], >=, 1);
  console_screenshot ("wall");
  /* And the window is on the screen whole: no tile is off its edge. */
  assert_window_fits (console);

  console_free (console);
  g_clear_object (&site);
  vigil_test_remove_dir (parent);
}

/* A team lead of the demo moves its stage 2 family to stage 3 from the
 * Families view, with a reason and evidence: its wall tile and `vigilctl
 * policy explain` follow. */
static void
test_team_lead_desk (void)
{
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "demo", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GPtrArray) families = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtspiAccessible) main_window = NULL;
  g_autoptr(AtspiAccessible) section = NULL;
  g_autoptr(AtspiAccessible) open = NULL;
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) change = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) field = NULL;
  g_autoptr(AtspiAccessible) wall = NULL;
  g_autoptr(AtspiAccessible) tile = NULL;
  g_auto(Login) login = { NULL };
  g_autofree char *open_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *tile_prefix = NULL;
  g_autofree char *explained = NULL;
  g_autofree char *err = NULL;
  VigilFamily *family = NULL;
  Console *console;
  int status = -1;

  console_test_init ();
  console = demo_start (dir, &out, lines);
  site = vigil_test_site_open (dir);
  families = vigil_site_list_families (site, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < families->len && family == NULL; i++)
    {
      g_autoptr(GPtrArray) changes = vigil_site_list_stage_changes (site, vigil_family_get_case_ref (
                                                                      g_ptr_array_index (families, i)), &error);

      g_assert_no_error (error);
      if (vigil_stage_change_list_state_at (changes, vigil_site_now (site)) == VIGIL_STATE_STAGE_2)
        family = g_ptr_array_index (families, i);
    }
  g_assert_nonnull (family);
  for (guint i = 0; i < lines->len && login.username == NULL; i++)
    {
      g_auto(Login) line = login_parse (g_ptr_array_index (lines, i));

      if (g_str_equal (line.role, "team-lead"))
        login = (Login) { g_steal_pointer (&line.username), g_steal_pointer (&line.password),
                          g_steal_pointer (&line.role) };
    }
  g_assert_nonnull (login.username);

  log_in (console, &login);
  main_window = console_find_window (console, "Vigil");
  section = console_find_in (main_window, ATSPI_ROLE_PAGE_TAB, "Families", NULL);
  console_click (section);
  open_name = g_strdup_printf ("Open %s (%s)", vigil_family_get_label (family), vigil_family_get_room (family));
  open = console_find_in (main_window, ATSPI_ROLE_PUSH_BUTTON, open_name, NULL);
  summary = console_click_until (open, main_window, ATSPI_ROLE_LABEL, NULL, "The family now");
  g_free (console_wait_text (summary, "stage 2"));

  change = console_find_in (main_window, ATSPI_ROLE_PUSH_BUTTON, "Change Stage…", NULL);
  console_click (change);
  title = g_strdup_printf ("Change the Stage of %s (%s)", vigil_family_get_label (family),
                           vigil_family_get_room (family));
  dialog = console_find_window (console, title);
  field = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Stage 3", NULL);
  console_click (field);
  g_clear_object (&field);
  field = console_find_in (dialog, ATSPI_ROLE_TEXT, "Reason for the change", NULL);
  console_type (field, "Settled routines for two weeks");
  g_clear_object (&field);
  field = console_find_in (dialog, ATSPI_ROLE_TEXT, "Evidence reference", NULL);
  console_type (field, "Weekly Placement Update 2026-11-27");
  g_clear_object (&field);
  field = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Change Stage", NULL);
  console_click (field);
  g_free (console_wait_text (summary, "stage 3"));

  g_clear_object (&section);
  section = console_find_in (main_window, ATSPI_ROLE_PAGE_TAB, "Wall", NULL);
  console_click (section);
  wall = console_find (console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
  tile_prefix = g_strdup_printf ("%s — ", vigil_family_get_room (family));
  tile = console_find_prefix (wall, ATSPI_ROLE_PANEL, tile_prefix);
  g_assert_nonnull (tile);
  g_free (console_wait_name (tile, "stage 3"));

  vigil_test_run_vigilctl (NULL, &status, &explained, &err, "--data-dir", dir, "policy", "explain", "--family",
                           vigil_family_get_case_ref (family), NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (explained, "stage 3"));

  console_free (console);
  g_clear_object (&site);
  vigil_test_remove_dir (parent);
}

/* Runs the console with @args and without @unset in its environment,
 * and returns its exit status and what it wrote on standard error. */
static int
run_to_end (const char * const *args,
            const char * const *unset,
            char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("VIGIL_CONSOLE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; unset != NULL && unset[i] != NULL; i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
assert_one_line (const char *err,
                 const char *part)
{
  g_assert_true (g_str_has_prefix (err, "vigil: "));
  g_assert_nonnull (strstr (err, part));
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpstr (strchr (err, '\n'), ==, "\n");
}

/* With no display, the console says so in one line, demo or not. */
static void
test_no_display (void)
{
  const char * const unset[] = { "DISPLAY", "WAYLAND_DISPLAY", "GDK_BACKEND", NULL };
  const char * const plain[] = { NULL };
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *dir = g_build_filename (parent, "demo", NULL);
  const char * const demo[] = { "--demo", "--data-dir", dir, NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run_to_end (plain, unset, &err), !=, 0);
  assert_one_line (err, "cannot open a display");
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_to_end (demo, unset, &err), !=, 0);
  assert_one_line (err, "cannot open a display");
  /* Nothing was made. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  vigil_test_remove_dir (parent);
}

/* --demo pointed at a real site refuses in one line, before any window,
 * and leaves the site as it was. */
static void
test_real_site (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  const char * const args[] = { "--demo", "--data-dir", dir, NULL };
  gint64 entries = vigil_test_count_audit (site);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_to_end (args, NULL, &err), ==, 2);
  assert_one_line (err, "not a demo site");
  g_assert_cmpint (vigil_test_count_audit (site), ==, entries);

  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-demo/logins", test_logins);
  g_test_add_func ("/console-demo/wall", test_wall);
  g_test_add_func ("/console-demo/team-lead-desk", test_team_lead_desk);
  g_test_add_func ("/console-demo/no-display", test_no_display);
  g_test_add_func ("/console-demo/real-site", test_real_site);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
