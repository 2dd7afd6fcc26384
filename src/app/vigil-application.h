/* vigil-application.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_APPLICATION (vigil_application_get_type ())

G_DECLARE_FINAL_TYPE (VigilApplication, vigil_application, VIGIL, APPLICATION, AdwApplication)

VigilApplication *vigil_application_new             (void);
/* What the program exits with when g_application_run() gave 0: 1 when the
 * demo could not start. */
int               vigil_application_get_exit_status (VigilApplication *self);

G_END_DECLS
