/* vigil-site-migrate.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-site.h"

G_BEGIN_DECLS

/* What a move of a site from its SQLite file to PostgreSQL copied, every
 * row of it read back and compared. */
typedef struct
{
  guint  tables;
  gint64 rows;
  gint64 notes;
  gint64 audit_entries;   /* in the database's trail afterwards, verified */
} VigilSiteMigration;

gboolean vigil_site_migrate_to_database (VigilSite           *self,
                                         VigilSession        *session,
                                         const char          *database_url,
                                         VigilSiteMigration  *migration,
                                         GError             **error);

G_END_DECLS
