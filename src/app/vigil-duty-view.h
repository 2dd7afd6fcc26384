/* vigil-duty-view.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DUTY_VIEW (vigil_duty_view_get_type ())

G_DECLARE_FINAL_TYPE (VigilDutyView, vigil_duty_view, VIGIL, DUTY_VIEW, GtkWidget)

/* The one family the logged-in operator is on duty for: large, from the
 * main stream, with the room's sound, its alarms, and handing over or
 * ending the duty. %NULL @duty: nothing (the view stops its camera). */
void       vigil_duty_view_set_duty   (VigilDutyView *self,
                                       VigilSite     *site,
                                       VigilSession  *session,
                                       VigilDuty     *duty);
VigilDuty *vigil_duty_view_get_duty   (VigilDutyView *self);
/* While the console is locked the picture, the sound and the alarms go on;
 * every other control waits for the password. */
void       vigil_duty_view_set_locked (VigilDutyView *self,
                                       gboolean       locked);

G_END_DECLS
