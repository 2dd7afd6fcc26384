/* vigil-store-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-store.h"

G_BEGIN_DECLS

/* Shared by the store's own files (vigil-store-*.c) and nothing else: all SQL
 * stays inside the store. */
/* Every store call holds this for its duration (the statement cache is
 * shared); it is recursive, so calls nest inside a transaction. */
GRecMutexLocker *vigil_store_lock      (VigilStore  *self);

/* A statement of the store's backend, SQLite or PostgreSQL, written once in
 * the SQL both understand (vigil-store-stmt.c). Parameters are `?` or `?N`,
 * numbered from 1; columns from 0. Cached by the store: callers neither keep
 * nor free it. */
typedef struct _VigilStoreStmt VigilStoreStmt;

typedef enum
{
  VIGIL_STORE_STEP_ROW,
  VIGIL_STORE_STEP_DONE,
  VIGIL_STORE_STEP_UNIQUE,   /* a unique constraint refused the write */
  VIGIL_STORE_STEP_FAILED,   /* vigil_store_set_error() says why */
} VigilStoreStep;

VigilStoreStmt *vigil_store_prepare    (VigilStore  *self,
                                        const char  *sql,
                                        GError     **error);
void          vigil_store_stmt_bind_int64  (VigilStoreStmt *stmt,
                                            int             param,
                                            gint64          value);
/* %NULL binds NULL. The text is copied. */
void          vigil_store_stmt_bind_text   (VigilStoreStmt *stmt,
                                            int             param,
                                            const char     *text);
void          vigil_store_stmt_bind_null   (VigilStoreStmt *stmt,
                                            int             param);
VigilStoreStep vigil_store_stmt_step       (VigilStoreStmt *stmt);
/* Ends the statement's run (call after its last step); bindings stay. */
void          vigil_store_stmt_reset       (VigilStoreStmt *stmt);
gint64        vigil_store_stmt_column_int64 (VigilStoreStmt *stmt,
                                             int             column);
/* Valid until the next step or reset; %NULL for NULL. */
const char   *vigil_store_stmt_column_text (VigilStoreStmt *stmt,
                                            int             column);
gboolean      vigil_store_stmt_column_is_null (VigilStoreStmt *stmt,
                                               int             column);

/* A statement outside the cache, for a caller that runs other statements
 * while stepping this one; freed with vigil_store_stmt_free(). */
VigilStoreStmt *vigil_store_prepare_uncached (VigilStore  *self,
                                              const char  *sql,
                                              GError     **error);
void          vigil_store_stmt_free        (VigilStoreStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStoreStmt, vigil_store_stmt_free)

/* Rows the last INSERT, UPDATE or DELETE changed, and the id the last INSERT
 * gave its row. */
gint64        vigil_store_changes          (VigilStore  *self);
gint64        vigil_store_last_insert_id   (VigilStore  *self);
gboolean      vigil_store_in_transaction   (VigilStore  *self);

gboolean      vigil_store_step_done    (VigilStore  *self,
                                        VigilStoreStmt *stmt,
                                        GError     **error);
void          vigil_store_set_error    (VigilStore  *self,
                                        GError     **error,
                                        const char  *what);
/* The backend's own words for the last failure. */
const char   *vigil_store_error_message (VigilStore *self);
char         *vigil_store_column_dup   (VigilStoreStmt *stmt,
                                        int             column);

/* The SQL that takes the schema from @version to @version + 1 (below
 * VIGIL_STORE_SCHEMA_VERSION); vigil-store-schema.c. */
const char   *vigil_store_migration    (guint         version);

/* Fails unless the file's change_serials rows are vigil_store_change_kinds. */
gboolean      vigil_store_check_change_kinds (VigilStore  *self,
                                              GError     **error);

/* Turns the current row of a statement into a new object (or string). */
typedef gpointer (*VigilStoreRowFunc) (VigilStoreStmt *stmt);

GPtrArray    *vigil_store_collect_rows (VigilStore        *self,
                                        VigilStoreStmt    *stmt,
                                        VigilStoreRowFunc  row_func,
                                        GDestroyNotify     free_func,
                                        const char        *what,
                                        GError           **error);
gpointer      vigil_store_read_one     (VigilStore        *self,
                                        VigilStoreStmt    *stmt,
                                        VigilStoreRowFunc  row_func,
                                        const char        *not_found,
                                        const char        *what,
                                        GError           **error);
gint64        vigil_store_insert_row   (VigilStore        *self,
                                        VigilStoreStmt    *stmt,
                                        const char        *exists,
                                        const char        *what,
                                        GError           **error);
gboolean      vigil_store_update_one   (VigilStore        *self,
                                        VigilStoreStmt    *stmt,
                                        const char        *not_found,
                                        GError           **error);

G_END_DECLS
