/* vigil-test-raw.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libpq-fe.h>
#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

/* Between the test utilities' two files (vigil-test-raw.c and
 * vigil-test-utils.c), not for test programs. */

/* The SQLite file of the site in @dir, opened for the test's own SQL. */
sqlite3  *vigil_test_raw_open_file          (const char *dir);
/* @sql run on the database the site in @dir names. */
PGresult *vigil_test_raw_postgres           (const char *dir,
                                             const char *sql);
/* A new database, a copy of @template (nobody connected to it) or empty. */
char     *vigil_test_postgres_database_from (const char *template);
/* The database the site in @dir keeps its records in, or NULL on SQLite. */
char     *vigil_test_site_database          (const char *dir);
/* The database's name in an address the cluster's helpers made. */
char     *vigil_test_database_name          (const char *url);

G_END_DECLS
