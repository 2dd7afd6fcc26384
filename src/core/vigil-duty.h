/* vigil-duty.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_DUTY (vigil_duty_get_type ())

G_DECLARE_FINAL_TYPE (VigilDuty, vigil_duty, VIGIL, DUTY, GObject)

VigilDuty  *vigil_duty_new                 (gint64      id,
                                            const char *case_ref,
                                            const char *family_label,
                                            const char *operator_name,
                                            gint64      started_at,
                                            const char *started_by);
void        vigil_duty_set_ended           (VigilDuty  *self,
                                            gint64      ended_at,
                                            const char *ended_by,
                                            gint64      summary_note,
                                            gint64      handed_to);
gint64      vigil_duty_get_id              (VigilDuty  *self);
const char *vigil_duty_get_case_ref        (VigilDuty  *self);
const char *vigil_duty_get_family_label    (VigilDuty  *self);
const char *vigil_duty_get_operator        (VigilDuty  *self);
gint64      vigil_duty_get_started_at      (VigilDuty  *self);
const char *vigil_duty_get_started_by      (VigilDuty  *self);
gboolean    vigil_duty_is_open             (VigilDuty  *self);
gint64      vigil_duty_get_ended_at        (VigilDuty  *self);
const char *vigil_duty_get_ended_by        (VigilDuty  *self);
gint64      vigil_duty_get_summary_note    (VigilDuty  *self);
gint64      vigil_duty_get_handed_to       (VigilDuty  *self);

G_END_DECLS
