/* vigil-export.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

typedef enum
{
  VIGIL_EXPORT_REQUESTED,
  VIGIL_EXPORT_APPROVED,
  VIGIL_EXPORT_REFUSED,
} VigilExportState;

#define VIGIL_TYPE_EXPORT (vigil_export_get_type ())

G_DECLARE_FINAL_TYPE (VigilExport, vigil_export, VIGIL, EXPORT, GObject)

/* A court bundle export: cameras and a range asked for by one team lead or
 * manager, with the case, the exhibit and the purpose; approved or refused
 * once, by another; run (written as a bundle) any number of times once
 * approved. */
gint64             vigil_export_get_id              (VigilExport *self);
const char * const *vigil_export_get_cameras        (VigilExport *self);
gint64             vigil_export_get_from            (VigilExport *self);
gint64             vigil_export_get_to              (VigilExport *self);
const char        *vigil_export_get_case_ref        (VigilExport *self);
const char        *vigil_export_get_exhibit         (VigilExport *self);
const char        *vigil_export_get_purpose         (VigilExport *self);
const char        *vigil_export_get_requested_by    (VigilExport *self);
gint64             vigil_export_get_requested_at    (VigilExport *self);
VigilExportState   vigil_export_get_state           (VigilExport *self);
const char        *vigil_export_get_decided_by      (VigilExport *self);
gint64             vigil_export_get_decided_at      (VigilExport *self);
const char        *vigil_export_get_decision_reason (VigilExport *self);
const char        *vigil_export_get_hold_until      (VigilExport *self);
guint              vigil_export_get_times_written   (VigilExport *self);
const char        *vigil_export_get_last_folder     (VigilExport *self);

const char        *vigil_export_state_to_string     (VigilExportState state);

G_END_DECLS
