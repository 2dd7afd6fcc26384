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

/* Made by the site; a key set by hand would break the chain for every later
 * entry, so only site creation and the tests' tamperer set one. */
VigilAudit *vigil_audit_new     (VigilStore   *store,
                                 const char   *site_id);
void        vigil_audit_set_key (VigilAudit   *self,
                                 GBytes       *key);

G_END_DECLS
