/* vigil-export-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-export-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-export.h"

G_BEGIN_DECLS

VigilExport *vigil_export_new          (gint64              id,
                                        const char * const *cameras,
                                        gint64              from,
                                        gint64              to,
                                        const char         *case_ref,
                                        const char         *exhibit,
                                        const char         *purpose,
                                        const char         *requested_by,
                                        gint64              requested_at);
void         vigil_export_set_decision (VigilExport        *self,
                                        VigilExportState    state,
                                        const char         *decided_by,
                                        gint64              decided_at,
                                        const char         *reason,
                                        const char         *hold_until);
void         vigil_export_set_runs     (VigilExport        *self,
                                        guint               times_written,
                                        const char         *last_folder);
gboolean     vigil_export_state_from_string (const char       *text,
                                             VigilExportState *state);

G_END_DECLS
