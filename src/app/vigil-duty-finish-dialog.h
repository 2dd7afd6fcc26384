/* vigil-duty-finish-dialog.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DUTY_FINISH_DIALOG (vigil_duty_finish_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VigilDutyFinishDialog, vigil_duty_finish_dialog, VIGIL, DUTY_FINISH_DIALOG, AdwWindow)

/* Hands over (@hand_over, choosing the colleague) or ends @duty, with its
 * summary note, modal on @parent. The core decides: every refusal is shown
 * in its words, and the dialog stays open. After the core has accepted, it
 * emits "finished" with the resulting duty (the colleague's, or the ended
 * one) and closes. */
VigilDutyFinishDialog *vigil_duty_finish_dialog_new        (GtkWindow             *parent,
                                                            VigilSite             *site,
                                                            VigilSession          *session,
                                                            VigilDuty             *duty,
                                                            gboolean               hand_over);
gboolean               vigil_duty_finish_dialog_get_hand_over (VigilDutyFinishDialog *self);
/* The duty the dialog finishes. */
VigilDuty             *vigil_duty_finish_dialog_get_duty   (VigilDutyFinishDialog *self);
/* While the console is locked nothing can be sent. */
void                   vigil_duty_finish_dialog_set_locked (VigilDutyFinishDialog *self,
                                                            gboolean               locked);

G_END_DECLS
