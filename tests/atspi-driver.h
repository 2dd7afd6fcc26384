/* atspi-driver.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <atspi/atspi.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* The console (the program named by $VIGIL_CONSOLE) run as a child of the
 * test on the test session's Xvfb display, and driven as a person with a
 * screen reader would: over AT-SPI, by role and accessible name. Every wait
 * polls with a deadline while the main loop turns, as GTK 4.8 sends no
 * events when a widget is shown or a page changes. */

#define CONSOLE_DEADLINE_US (45 * G_USEC_PER_SEC)

typedef struct
{
  GSubprocess     *process;
  AtspiAccessible *app;
  char            *config_dir;   /* its own settings, or NULL */
} Console;

/* atspi_init(), with the one warning libatspi gives for GTK 4 (it has no
 * cache object) let through a test's fatal warnings. Once per test. */
void             console_test_init   (void);

Console         *console_start       (const char  *data_dir);
/* The same, as `vigil --wall`: the wall of monitors. */
Console         *console_start_wall  (const char  *data_dir);
/* SIGTERM, and waits until it has gone. */
void             console_free        (Console     *console);

/* The first widget below the window with @role and the accessible @name
 * (or, where @name is NULL, the accessible @description); fails the test
 * at the deadline. */
AtspiAccessible *console_find        (Console     *console,
                                      AtspiRole    role,
                                      const char  *name,
                                      const char  *description);
/* The console's window (or dialog) titled @title, and a widget inside it:
 * searching one window is quicker than searching them all. */
AtspiAccessible *console_find_window (Console         *console,
                                      const char      *title);
/* Whether no window of the console is titled @title within the deadline:
 * a window closed is gone from the accessibility tree a moment later. */
gboolean         console_wait_window_gone (Console    *console,
                                           const char *title);
AtspiAccessible *console_find_in     (AtspiAccessible *window,
                                      AtspiRole        role,
                                      const char      *name,
                                      const char      *description);
/* Clicks @button, and again each second, until @root holds the widget
 * (found as console_find_in() does) that the click brings: GTK 4.8 drops
 * the activation of a button not yet realized, such as one on a page just
 * switched to, which AT-SPI already lists. */
AtspiAccessible *console_click_until (AtspiAccessible *button,
                                      AtspiAccessible *root,
                                      AtspiRole        role,
                                      const char      *name,
                                      const char      *description);
/* Whether @root holds no widget with @role and the accessible @name, as
 * it shows now: for what must not be offered, once what is offered has
 * been found. */
gboolean         console_lacks       (AtspiAccessible *root,
                                      AtspiRole        role,
                                      const char      *name);
/* Whether @root holds no widget with @role whose accessible name starts
 * with @prefix, as it shows now. */
gboolean         console_lacks_prefix (AtspiAccessible *root,
                                       AtspiRole        role,
                                       const char      *prefix);
/* The first widget with @role whose accessible name starts with @prefix
 * (a wall tile: its name starts with the room and goes on with its state). */
AtspiAccessible *console_find_prefix (AtspiAccessible *root,
                                      AtspiRole        role,
                                      const char      *prefix);
/* Waits until @accessible's name contains @part; returns the name. */
char            *console_wait_name   (AtspiAccessible *accessible,
                                      const char      *part);
/* Saves the display as PNG, named after the test and @what, in
 * $VIGIL_TEST_SCREENSHOTS (beside the test logs). */
void             console_screenshot  (const char  *what);
void             console_type        (AtspiAccessible *entry,
                                      const char      *text);
void             console_click       (AtspiAccessible *button);
/* Its whole text (a label's, an entry's). */
char            *console_read        (AtspiAccessible *accessible);
/* Waits until @accessible's text no longer contains @part; returns the
 * text. */
char            *console_wait_text_gone (AtspiAccessible *accessible,
                                         const char      *part);
/* Waits until @accessible's text is empty. */
void             console_wait_empty  (AtspiAccessible *accessible);
/* Waits until @accessible's text contains @part; returns the text. */
char            *console_wait_text   (AtspiAccessible *accessible,
                                      const char      *part);

/* The width a handheld's console is opened at ($VIGIL_TEST_CONSOLE_WIDTH,
 * the tests' 360-pixel runs), or 0 for a laptop's. */
int              console_narrow_width (void);
/* Where @accessible is in its window, in pixels (GTK 4.8 gives no screen
 * coordinates). */
AtspiRect        console_extents      (AtspiAccessible *accessible);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Console, console_free)
/* libatspi 2.46 declares none of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)

G_END_DECLS
