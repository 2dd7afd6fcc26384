/* vigil-cameras-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CAMERAS_DIALOG (vigil_cameras_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilCamerasDialog, vigil_cameras_dialog, VIGIL, CAMERAS_DIALOG, AdwWindow)

/* A manager's rooms and cameras: what is registered, a room or a camera
 * added (its credentials kept in the Secret Service), and a camera checked
 * as the console would connect to it, its outcome said in words. The core
 * judges every change and its refusals are shown in its words. */
VigilCamerasDialog *vigil_cameras_dialog_new (GtkWidget    *parent,
                                              VigilSite    *site,
                                              VigilSession *session);

G_END_DECLS
