/* vigil-site-centre-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-site-centre.h"
#include "vigil-site-private.h"

G_BEGIN_DECLS

/* Shared by vigil-site-centre.c and vigil-site-family.c. */

/* A change: validates against the store as it is inside the transaction,
 * writes, and writes its audit entry; returns FALSE with @error to undo. */
typedef gboolean (*VigilSiteCentreChange) (VigilSite  *self,
                                           gpointer    data,
                                           GError    **error);

gboolean     vigil_site_centre_transact      (VigilSite              *self,
                                              VigilSiteCentreChange   change,
                                              gpointer                data,
                                              GError                **error);
char        *vigil_site_centre_today         (VigilSite              *self);
/* The family, refused (VIGIL_ERROR_INVALID) if discharged. */
VigilFamily *vigil_site_centre_placed_family (VigilSite              *self,
                                              const char             *case_ref,
                                              GError                **error);
/* "2026-11-20T14:30:00Z", for audit details. */
char        *vigil_site_centre_utc           (gint64                  instant);

G_END_DECLS
