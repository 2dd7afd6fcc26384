/* vigil-console-window.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CONSOLE_WINDOW (vigil_console_window_get_type ())

G_DECLARE_FINAL_TYPE (VigilConsoleWindow, vigil_console_window, VIGIL, CONSOLE_WINDOW, AdwApplicationWindow)

/* The console's window for @site; with no site, it says why (@error). */
VigilConsoleWindow *vigil_console_window_new (AdwApplication *application,
                               VigilSite      *site,
                               const GError   *error);
/* Demo mode: the demo's logins shown on the login page. */
void                vigil_console_window_set_demo_logins (VigilConsoleWindow *self,
                                                          const char * const *lines);

G_END_DECLS
