/* atspi-driver.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "atspi-driver"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atspi-driver.h"
#include "vigil-test-utils.h"

void
console_test_init (void)
{
  /* GTK 4 has no AT-SPI cache object, which libatspi asks for. */
  vigil_test_tolerate ("dbind", G_LOG_LEVEL_WARNING, "/org/a11y/atspi/cache");
  /* libatspi 2.46 drops its table of an application's objects when the
   * application leaves the bus, and may then be told of one of them (a
   * console of another test running beside this one, quitting): it looks
   * the object up in the table it dropped. Seen once in some forty starts
   * with two console tests at a time. */
  vigil_test_tolerate ("GLib", G_LOG_LEVEL_CRITICAL, "assertion 'hash_table != NULL' failed");
  g_assert_cmpint (atspi_init (), <=, 1);
}

#define PROBE_INTERVAL_US (100 * 1000)

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @probe gives non-NULL or the deadline passes.
 * Each probe walks the console's tree over D-Bus, which the console answers
 * on its main loop between frames; probing back to back would slow the very
 * thing being waited for, so probes are 100 ms apart. */
static gpointer
poll_for (gpointer (*probe) (gpointer),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + CONSOLE_DEADLINE_US;
  guint tick = g_timeout_add (25, on_tick, NULL);
  gpointer found;

  while ((found = probe (data)) == NULL && g_get_monotonic_time () < deadline)
    {
      gint64 next = g_get_monotonic_time () + PROBE_INTERVAL_US;

      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  return found;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gpointer
find_app (gpointer data)
{
  Console *console = data;
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

/* Where $VIGIL_TEST_CONSOLE_WIDTH is set, the console opens that wide, as
 * on a handheld whose saved size it is: its settings are a key file of its
 * own (so parallel tests do not share it), saying the size. */
static void
set_width (Console             *console,
           GSubprocessLauncher *launcher)
{
  const char *width = g_getenv ("VIGIL_TEST_CONSOLE_WIDTH");
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_dir = NULL;
  g_autofree char *gtk_dir = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *gtk_settings = NULL;
  g_autofree char *size = NULL;

  if (width == NULL)
    return;
  console->config_dir = g_dir_make_tmp ("vigil-console-config-XXXXXX", &error);
  g_assert_no_error (error);
  settings_dir = g_build_filename (console->config_dir, "glib-2.0", "settings", NULL);
  gtk_dir = g_build_filename (console->config_dir, "gtk-4.0", NULL);
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (gtk_dir, 0700), ==, 0);
  keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  size = g_strdup_printf ("[org/vigil/Vigil]\nwindow-width=%s\nwindow-height=720\n", width);
  g_assert_true (g_file_set_contents (keyfile, size, -1, &error));
  g_assert_no_error (error);
  /* As test-session.sh's own: no blinking cursor without a window manager. */
  gtk_settings = g_build_filename (gtk_dir, "settings.ini", NULL);
  g_assert_true (g_file_set_contents (gtk_settings, "[Settings]\ngtk-cursor-blink=false\n", -1, &error));
  g_assert_no_error (error);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", console->config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
}

static Console *
spawn_console (const char *data_dir,
               const char *option)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("VIGIL_CONSOLE");
  Console *console = g_new0 (Console, 1);

  g_assert_nonnull (program);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");
  /* Under AddressSanitizer, the tests' slow, exact unwinding on every
   * allocation would keep GTK starting for minutes; the console is stopped
   * with SIGTERM, so it has no leak check to feed. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  set_width (console, launcher);
  console->process = g_subprocess_launcher_spawn (launcher, &error, program, "--data-dir", data_dir, option, NULL);
  g_assert_no_error (error);

  console->app = poll_for (find_app, console);
  if (console->app == NULL)
    g_error ("the console did not appear on the accessibility bus");
  return console;
}

Console *
console_start (const char *data_dir)
{
  return spawn_console (data_dir, NULL);
}

Console *
console_start_wall (const char *data_dir)
{
  return spawn_console (data_dir, "--wall");
}

void
console_free (Console *console)
{
  if (console == NULL)
    return;
  g_clear_object (&console->app);
  if (console->process != NULL)
    {
      g_subprocess_send_signal (console->process, SIGTERM);
      g_subprocess_wait (console->process, NULL, NULL);
      /* SIGTERM is a clean quit: anything else (a sanitizer's report, a
       * crash on the way out) is a failure of the test that ran it. */
      if (!g_subprocess_get_if_exited (console->process) || g_subprocess_get_exit_status (console->process) != 0)
        g_error ("the console did not quit cleanly on SIGTERM");
      g_clear_object (&console->process);
    }
  if (console->config_dir != NULL)
    vigil_test_remove_dir (console->config_dir);
  g_free (console->config_dir);
  g_free (console);
}

typedef struct
{
  Console     *console;
  AtspiAccessible *root;   /* where to search: the app where NULL */
  AtspiRole    role;
  const char  *name;
  const char  *description;
  const char  *prefix;
} Wanted;

static gboolean
matches (AtspiAccessible *accessible,
         Wanted          *wanted)
{
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  if (atspi_accessible_get_role (accessible, NULL) != wanted->role)
    return FALSE;
  if (wanted->prefix != NULL)
    return g_str_has_prefix ((name = atspi_accessible_get_name (accessible, NULL)) ? name : "", wanted->prefix);
  if (wanted->name != NULL)
    return g_strcmp0 ((name = atspi_accessible_get_name (accessible, NULL)), wanted->name) == 0;
  return g_strcmp0 ((description = atspi_accessible_get_description (accessible, NULL)), wanted->description) == 0;
}

static AtspiAccessible *
search (AtspiAccessible *accessible,
        Wanted          *wanted,
        guint            depth)
{
  int n;

  if (matches (accessible, wanted))
    return g_object_ref (accessible);
  if (depth > 40)
    return NULL;

  n = atspi_accessible_get_child_count (accessible, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);
      AtspiAccessible *found = child ? search (child, wanted, depth + 1) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What the console shows, for the log of a failed search. */
static void
dump (AtspiAccessible *accessible,
      guint            depth)
{
  g_autofree char *name = atspi_accessible_get_name (accessible, NULL);
  g_autofree char *description = atspi_accessible_get_description (accessible, NULL);
  g_autofree char *role = atspi_accessible_get_role_name (accessible, NULL);
  int n = atspi_accessible_get_child_count (accessible, NULL);

  g_printerr ("%*s%s “%s” (%s)\n", (int) depth * 2, "", role, name ? name : "", description ? description : "");
  for (int i = 0; i < n && depth < 40; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);

      if (child != NULL)
        dump (child, depth + 1);
    }
}

static gpointer
find_widget (gpointer data)
{
  Wanted *wanted = data;

  return search (wanted->root, wanted, 0);
}

AtspiAccessible *
console_find (Console     *console,
              AtspiRole    role,
              const char  *name,
              const char  *description)
{
  Wanted wanted = { console, console->app, role, name, description, NULL };
  AtspiAccessible *found = poll_for (find_widget, &wanted);

  if (found == NULL)
    dump (console->app, 0);
  if (found == NULL)
    g_error ("no %s named “%s” in the console", atspi_role_get_name (role), name ? name : description);
  return found;
}

typedef struct
{
  AtspiAccessible *button;
  Wanted          *wanted;
  gint64           clicked_at;
} ClickUntil;

static gpointer
clicked_and_found (gpointer data)
{
  ClickUntil *until = data;
  AtspiAccessible *found = search (until->wanted->root, until->wanted, 0);
  gint64 now = g_get_monotonic_time ();

  if (found == NULL && now - until->clicked_at >= G_USEC_PER_SEC)
    {
      console_click (until->button);
      until->clicked_at = now;
    }
  return found;
}

AtspiAccessible *
console_click_until (AtspiAccessible *button,
                     AtspiAccessible *root,
                     AtspiRole        role,
                     const char      *name,
                     const char      *description)
{
  Wanted wanted = { NULL, root, role, name, description, NULL };
  ClickUntil until = { button, &wanted, 0 };
  AtspiAccessible *found = poll_for (clicked_and_found, &until);

  if (found == NULL)
    {
      dump (root, 0);
      g_error ("clicking “%s” never brought a %s named “%s”", atspi_accessible_get_name (button, NULL),
               atspi_role_get_name (role), name ? name : description);
    }
  return found;
}

static gboolean
lacks (Wanted *wanted)
{
  g_autoptr(AtspiAccessible) found = search (wanted->root, wanted, 0);

  return found == NULL;
}

gboolean
console_lacks (AtspiAccessible *root,
               AtspiRole        role,
               const char      *name)
{
  Wanted wanted = { NULL, root, role, name, NULL, NULL };

  return lacks (&wanted);
}

gboolean
console_lacks_prefix (AtspiAccessible *root,
                      AtspiRole        role,
                      const char      *prefix)
{
  Wanted wanted = { NULL, root, role, NULL, NULL, prefix };

  return lacks (&wanted);
}

char *
console_read (AtspiAccessible *accessible)
{
  AtspiText *text = atspi_accessible_get_text_iface (accessible);
  g_autoptr(GError) error = NULL;
  char *read;
  int count;

  g_assert_nonnull (text);
  /* GTK 4.8 gives "" for an end offset of -1: ask for what it holds. */
  count = atspi_text_get_character_count (text, &error);
  g_assert_no_error (error);
  read = atspi_text_get_text (text, 0, count, &error);
  g_assert_no_error (error);
  g_object_unref (text);
  return read;
}

void
console_type (AtspiAccessible *entry,
              const char      *text)
{
  AtspiEditableText *editable = atspi_accessible_get_editable_text_iface (entry);
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = NULL;

  g_assert_nonnull (editable);
  g_assert_true (atspi_editable_text_set_text_contents (editable, text, &error));
  g_assert_no_error (error);
  g_object_unref (editable);
  typed = console_read (entry);
  g_assert_cmpstr (typed, ==, text);
}

void
console_click (AtspiAccessible *button)
{
  AtspiAction *action = atspi_accessible_get_action_iface (button);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (action);
  g_assert_true (atspi_action_do_action (action, 0, &error));
  g_assert_no_error (error);
  g_object_unref (action);
}

typedef struct
{
  AtspiAccessible *accessible;
  const char      *part;
  gboolean         present;   /* waiting for @part to come, or to go */
} WantedText;

static gpointer
text_as_wanted (gpointer data)
{
  WantedText *wanted = data;
  g_autofree char *text = console_read (wanted->accessible);

  return text != NULL && (strstr (text, wanted->part) != NULL) == wanted->present ? g_steal_pointer (&text) : NULL;
}

static char *
wait_for_text (AtspiAccessible *accessible,
               const char      *part,
               gboolean         present)
{
  WantedText wanted = { accessible, part, present };
  char *text = poll_for (text_as_wanted, &wanted);

  if (text == NULL)
    {
      g_autofree char *now = console_read (accessible);
      g_error (present ? "waited for “%s”, the text is “%s”" : "waited for “%s” to go, the text is “%s”",
               part, now ? now : "");
    }
  return text;
}

char *
console_wait_text (AtspiAccessible *accessible,
                   const char      *part)
{
  return wait_for_text (accessible, part, TRUE);
}

char *
console_wait_text_gone (AtspiAccessible *accessible,
                        const char      *part)
{
  return wait_for_text (accessible, part, FALSE);
}

static gpointer
is_empty (gpointer data)
{
  g_autofree char *text = console_read (data);

  return text == NULL || *text == '\0' ? data : NULL;
}

void
console_wait_empty (AtspiAccessible *accessible)
{
  if (poll_for (is_empty, accessible) == NULL)
    {
      g_autofree char *now = console_read (accessible);
      g_error ("waited for an empty field, it holds “%s”", now);
    }
}

AtspiAccessible *
console_find_prefix (AtspiAccessible *root,
                     AtspiRole        role,
                     const char      *prefix)
{
  Wanted wanted = { NULL, root, role, NULL, NULL, prefix };
  AtspiAccessible *found = poll_for (find_widget, &wanted);

  if (found == NULL)
    {
      dump (root, 0);
      g_error ("no %s named “%s…”", atspi_role_get_name (role), prefix);
    }
  return found;
}

typedef struct
{
  AtspiAccessible *accessible;
  const char      *part;
} WantedName;

static gpointer
name_has (gpointer data)
{
  WantedName *wanted = data;
  g_autofree char *name = atspi_accessible_get_name (wanted->accessible, NULL);

  return name != NULL && strstr (name, wanted->part) != NULL ? g_steal_pointer (&name) : NULL;
}

char *
console_wait_name (AtspiAccessible *accessible,
                   const char      *part)
{
  WantedName wanted = { accessible, part };
  char *name = poll_for (name_has, &wanted);

  if (name == NULL)
    {
      g_autofree char *last = atspi_accessible_get_name (accessible, NULL);

      g_error ("“%s” never came to say “%s”", last, part);
    }
  return name;
}

void
console_screenshot (const char *what)
{
  const char *folder = g_getenv ("VIGIL_TEST_SCREENSHOTS");
  g_autofree char *test = NULL;
  g_autofree char *program = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  Display *display;
  XImage *image;
  int width, height;

  if (folder == NULL || (display = XOpenDisplay (NULL)) == NULL)
    return;
  width = DisplayWidth (display, DefaultScreen (display));
  height = DisplayHeight (display, DefaultScreen (display));
  image = XGetImage (display, DefaultRootWindow (display), 0, 0, width, height, AllPlanes, ZPixmap);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  for (int y = 0; y < height; y++)
    {
      guchar *row = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf);

      for (int x = 0; x < width; x++)
        {
          unsigned long pixel = XGetPixel (image, x, y);

          row[3 * x] = (pixel >> 16) & 0xff;
          row[3 * x + 1] = (pixel >> 8) & 0xff;
          row[3 * x + 2] = pixel & 0xff;
        }
    }
  XDestroyImage (image);
  XCloseDisplay (display);

  test = g_strdelimit (g_strdup (g_test_get_path ()), "/", '-');
  program = g_path_get_basename (g_get_prgname ());
  file = g_strdup_printf ("%s%s-%s.png", program, test, what);
  g_mkdir_with_parents (folder, 0755);
  g_mkdir_with_parents (folder, 0755);
  path = g_build_filename (folder, file, NULL);
  if (!gdk_pixbuf_save (pixbuf, path, "png", &error, NULL))
    g_test_message ("no screenshot: %s", error->message);
  else
    g_test_message ("screenshot: %s", path);
}

static gpointer
find_window (gpointer data)
{
  Wanted *wanted = data;
  int n = atspi_accessible_get_child_count (wanted->console->app, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) window = atspi_accessible_get_child_at_index (wanted->console->app, i, NULL);
      g_autofree char *name = window ? atspi_accessible_get_name (window, NULL) : NULL;

      if (g_strcmp0 (name, wanted->name) == 0)
        return g_steal_pointer (&window);
    }
  return NULL;
}

AtspiAccessible *
console_find_window (Console    *console,
                     const char *title)
{
  Wanted wanted = { console, NULL, ATSPI_ROLE_FRAME, title, NULL, NULL };
  AtspiAccessible *found = poll_for (find_window, &wanted);

  if (found == NULL)
    {
      dump (console->app, 0);
      g_error ("no window titled “%s” in the console", title);
    }
  return found;
}

/* One look, no waiting: GTK 4.8 answers for a window being destroyed with
 * a path it no longer has (a critical in the console), so a test never
 * polls the toplevels while one goes; it waits for what follows instead,
 * then looks once. */
/* Non-NULL once no window of the console has the title wanted. */
static gpointer
window_gone (gpointer data)
{
  g_autoptr(AtspiAccessible) window = find_window (data);

  return window == NULL ? GINT_TO_POINTER (1) : NULL;
}

gboolean
console_wait_window_gone (Console    *console,
                          const char *title)
{
  Wanted wanted = { console, NULL, ATSPI_ROLE_FRAME, title, NULL, NULL };

  return poll_for (window_gone, &wanted) != NULL;
}

AtspiAccessible *
console_find_in (AtspiAccessible *window,
                 AtspiRole        role,
                 const char      *name,
                 const char      *description)
{
  Wanted wanted = { NULL, window, role, name, description, NULL };
  AtspiAccessible *found = poll_for (find_widget, &wanted);

  if (found == NULL)
    {
      dump (window, 0);
      g_error ("no %s named “%s” in “%s”", atspi_role_get_name (role), name ? name : description,
               atspi_accessible_get_name (window, NULL));
    }
  return found;
}

int
console_narrow_width (void)
{
  const char *width = g_getenv ("VIGIL_TEST_CONSOLE_WIDTH");

  return width != NULL ? (int) g_ascii_strtoll (width, NULL, 10) : 0;
}

AtspiRect
console_extents (AtspiAccessible *accessible)
{
  AtspiComponent *component = atspi_accessible_get_component_iface (accessible);
  g_autoptr(GError) error = NULL;
  AtspiRect *rect;
  AtspiRect copy;

  g_assert_nonnull (component);
  rect = atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, &error);
  g_assert_no_error (error);
  copy = *rect;
  g_free (rect);
  g_object_unref (component);
  return copy;
}
