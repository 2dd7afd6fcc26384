/* vigil-store-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include <sqlite3.h>

#include "vigil-store.h"

G_BEGIN_DECLS

/* Shared by the store's own files (vigil-store-*.c) and nothing else: all SQL
 * stays inside the store. */
/* Every store call holds this for its duration (the statement cache is
 * shared); it is recursive, so calls nest inside a transaction. */
GRecMutexLocker *vigil_store_lock      (VigilStore  *self);
sqlite3      *vigil_store_get_db       (VigilStore  *self);
sqlite3_stmt *vigil_store_prepare      (VigilStore  *self,
                                        const char  *sql,
                                        GError     **error);
gboolean      vigil_store_step_done    (VigilStore  *self,
                                        sqlite3_stmt *stmt,
                                        GError     **error);
void          vigil_store_set_error    (VigilStore  *self,
                                        GError     **error,
                                        const char  *what);
char         *vigil_store_column_dup   (sqlite3_stmt *stmt,
                                        int           column);
const char   *vigil_store_column_text  (sqlite3_stmt *stmt,
                                        int           column);
void          vigil_store_bind_optional_text (sqlite3_stmt *stmt,
                                              int           column,
                                              const char   *text);

/* The SQL that takes the schema from @version to @version + 1 (below
 * VIGIL_STORE_SCHEMA_VERSION); vigil-store-schema.c. */
const char   *vigil_store_migration    (guint         version);

/* Fails unless the file's change_serials rows are vigil_store_change_kinds. */
gboolean      vigil_store_check_change_kinds (VigilStore  *self,
                                              GError     **error);

/* Turns the current row of a statement into a new object (or string). */
typedef gpointer (*VigilStoreRowFunc) (sqlite3_stmt *stmt);

GPtrArray    *vigil_store_collect_rows (VigilStore        *self,
                                        sqlite3_stmt      *stmt,
                                        VigilStoreRowFunc  row_func,
                                        GDestroyNotify     free_func,
                                        const char        *what,
                                        GError           **error);
gpointer      vigil_store_read_one     (VigilStore        *self,
                                        sqlite3_stmt      *stmt,
                                        VigilStoreRowFunc  row_func,
                                        const char        *not_found,
                                        const char        *what,
                                        GError           **error);
gint64        vigil_store_insert_row   (VigilStore        *self,
                                        sqlite3_stmt      *stmt,
                                        const char        *exists,
                                        const char        *what,
                                        GError           **error);
gboolean      vigil_store_update_one   (VigilStore        *self,
                                        sqlite3_stmt      *stmt,
                                        const char        *not_found,
                                        GError           **error);

G_END_DECLS
