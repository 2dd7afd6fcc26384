/* vigil-store-footage.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-footage.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-store.h"

G_BEGIN_DECLS

/* A footage token as the store keeps it: what it lets its member read, and
 * until when. Read and write only: permissions and the audit entries are
 * the site's (vigil-site-footage.c). */
typedef struct
{
  char   *username;
  char   *camera;
  gint64  from;
  gint64  to;
  char   *purpose;      /* "review" or "export" */
  gint64  granted_at;
  gint64  expires_at;
} VigilFootageGrant;

void               vigil_footage_grant_free        (VigilFootageGrant  *grant);
gboolean           vigil_store_footage_token_insert (VigilStore              *self,
                                                     const char              *sha256,
                                                     const VigilFootageGrant *grant,
                                                     GError                 **error);
/* NULL, with VIGIL_ERROR_NOT_FOUND, for a token the site never gave. */
VigilFootageGrant *vigil_store_footage_token_lookup (VigilStore              *self,
                                                     const char              *sha256,
                                                     GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilFootageGrant, vigil_footage_grant_free)

G_END_DECLS
