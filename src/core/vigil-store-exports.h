/* vigil-store-exports.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-exports.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-export.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* Court bundle exports in the store (vigil-store-exports.c): requests,
 * their one decision, and runs. The site's calls (vigil-site-evidence.c)
 * check and audit; these only read and write. Cameras are given by id and
 * come back by name. */
gint64        vigil_store_export_insert  (VigilStore         *self,
                                          const gint64       *camera_ids,
                                          guint               n_cameras,
                                          gint64              from,
                                          gint64              to,
                                          const char         *case_ref,
                                          const char         *exhibit,
                                          const char         *purpose,
                                          const char         *requested_by,
                                          gint64              requested_at,
                                          GError            **error);
/* Fails with VIGIL_ERROR_NOT_FOUND unless the export is still requested. */
gboolean      vigil_store_export_decide  (VigilStore         *self,
                                          gint64              export_id,
                                          VigilExportState    state,
                                          const char         *decided_by,
                                          gint64              decided_at,
                                          const char         *reason,
                                          const char         *hold_until,
                                          GError            **error);
VigilExport  *vigil_store_export_get     (VigilStore         *self,
                                          gint64              export_id,
                                          GError            **error);
/* Every export, newest first. */
GPtrArray    *vigil_store_exports_list   (VigilStore         *self,
                                          GError            **error);

gint64        vigil_store_export_run_begin  (VigilStore      *self,
                                             gint64           export_id,
                                             const char      *run_by,
                                             gint64           started_at,
                                             GError         **error);
/* @outcome: "written" (with @folder and @manifest_sha256), "failed" or
 * "cancelled". */
gboolean      vigil_store_export_run_finish (VigilStore      *self,
                                             gint64           run_id,
                                             gint64           finished_at,
                                             const char      *outcome,
                                             const char      *folder,
                                             const char      *manifest_sha256,
                                             GError         **error);

G_END_DECLS
