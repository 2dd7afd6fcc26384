/* vigil-store-machines.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-machines.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-machine.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* A site's machines in the store. Read and write only: permissions and the
 * audit entry are the site's (vigil-site-machines.c). */

gboolean      vigil_store_machine_insert     (VigilStore   *self,
                                              const char   *name,
                                              const char   *kind,
                                              gint64        at,
                                              const char   *by,
                                              GError      **error);
/* NULL, with VIGIL_ERROR_NOT_FOUND when the site has no such machine. */
VigilMachine *vigil_store_machine_lookup     (VigilStore   *self,
                                              const char   *name,
                                              GError      **error);
GPtrArray    *vigil_store_machines_list      (VigilStore   *self,
                                              GError      **error);
/* Once, and only while the machine is not revoked. */
gboolean      vigil_store_machine_set_joined (VigilStore   *self,
                                              const char   *name,
                                              gint64        at,
                                              const char   *by,
                                              GError      **error);
gboolean      vigil_store_machine_revoke     (VigilStore   *self,
                                              const char   *name,
                                              gint64        at,
                                              const char   *by,
                                              const char   *reason,
                                              GError      **error);

G_END_DECLS
