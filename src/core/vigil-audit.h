/* vigil-audit.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-audit-entry.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_AUDIT (vigil_audit_get_type ())

G_DECLARE_FINAL_TYPE (VigilAudit, vigil_audit, VIGIL, AUDIT, GObject)

gboolean    vigil_audit_verify  (VigilAudit   *self,
                                 gint64       *n_entries,
                                 GError      **error);
GPtrArray  *vigil_audit_list    (VigilAudit   *self,
                                 gint64        since_us,
                                 GError      **error);

G_END_DECLS
