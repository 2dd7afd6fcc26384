/* vigil-audit-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-audit-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-audit.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* Verification reads the trail in batches of this many entries and checks
 * them on several threads; the tests put bad entries at the seams. */
#define VIGIL_AUDIT_VERIFY_BATCH 1024

/* Made by the site; a key set by hand would break the chain for every later
 * entry, so only site creation and the tests' tamperer set one. */
VigilAudit *vigil_audit_new     (VigilStore   *store,
                                 const char   *site_id);
void        vigil_audit_set_key (VigilAudit   *self,
                                 GBytes       *key);

/* The machine (of a site of several) each entry appended from now on
 * names, in its MAC too; NULL for none. */
void        vigil_audit_set_machine (VigilAudit  *self,
                                     const char  *machine);

/* Appending is the core's alone: an entry written from outside would carry a
 * valid MAC without the permission check that the site's calls make. */
gboolean    vigil_audit_ensure_key (VigilAudit *self,
                                    GError    **error);
gboolean    vigil_audit_append  (VigilAudit   *self,
                                 gint64        at_us,
                                 const char   *actor,
                                 const char   *action,
                                 const char   *object,
                                 const char   *reason,
                                 const char   *detail,
                                 GError      **error);

G_END_DECLS
