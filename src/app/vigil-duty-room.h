/* vigil-duty-room.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-camera-source.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DUTY_ROOM (vigil_duty_room_get_type ())

G_DECLARE_FINAL_TYPE (VigilDutyRoom, vigil_duty_room, VIGIL, DUTY_ROOM, GObject)

/* The room of a duty's family, as the duty view shows it: its camera's
 * main stream, under a live view the core granted. Opening finds the
 * family's room and the room's camera (the first enabled family-room camera
 * by name), asks the core for the live view (it allows the operator on duty
 * without a concern) and opens the camera, stopped; all of it on the site's
 * worker. It fails with the core's words. A live view granted to an open
 * that then fails or is cancelled is ended again at once, so the trail
 * never holds a view nobody closes. */
void               vigil_duty_room_open         (VigilSite      *site,
                                                 VigilSession   *session,
                                                 VigilDuty      *duty,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
VigilDutyRoom     *vigil_duty_room_open_finish  (GAsyncResult   *result,
                                                 GError        **error);

const char        *vigil_duty_room_get_room     (VigilDutyRoom  *self);
const char        *vigil_duty_room_get_camera   (VigilDutyRoom  *self);
VigilCameraSource *vigil_duty_room_get_source   (VigilDutyRoom  *self);
/* Stops the camera and tells the core the live view ended, and @why ("duty
 * ended", "handed over", "closed"); once. Disposing closes with "closed". */
void               vigil_duty_room_close        (VigilDutyRoom  *self,
                                                 const char     *why);

G_END_DECLS
