/* vigil-duty.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DUTY (vigil_duty_get_type ())

G_DECLARE_FINAL_TYPE (VigilDuty, vigil_duty, VIGIL, DUTY, GObject)

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
