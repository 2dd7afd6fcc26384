/* vigil-store-backend-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-backend-private.h is internal to libvigil-core"
#endif

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "vigil-store-private.h"

G_BEGIN_DECLS

/* Between the store and its two backends, and nothing else: the store's
 * files above this see only VigilStoreStmt. */

/* The SQLite connection, or %NULL when the store is on PostgreSQL. */
sqlite3        *vigil_store_get_sqlite (VigilStore *self);
/* The PostgreSQL connection, or %NULL when the store is on SQLite. */
PGconn         *vigil_store_get_pg     (VigilStore *self);
/* Keeps @message (PostgreSQL's words) for vigil_store_error_message(). */
void            vigil_store_set_backend_message (VigilStore *self,
                                                 const char *message);
gint64         *vigil_store_get_notified (VigilStore *self);
/* Connects again (PQreset), which forgets the statements prepared: the
 * generation moves, and statements are prepared again under new names. */
void            vigil_store_pg_reset     (VigilStore *self);
guint           vigil_store_pg_generation (VigilStore *self);
char           *vigil_store_pg_statement_name (VigilStore *self);
/* Whether the store is a change monitor's (vigil_store_open_watcher()). */
gboolean        vigil_store_is_watcher   (VigilStore *self);
/* Counts what a PostgreSQL write outside a transaction changed, and tells
 * a write that needs the site's write lock around it. */
void            vigil_store_note_changes (VigilStore *self,
                                          gint64      changes);

VigilStoreStmt *vigil_store_stmt_new   (VigilStore  *store,
                                        const char  *sql,
                                        gboolean     uncached,
                                        GError     **error);
void            vigil_store_stmt_clear (VigilStoreStmt *stmt);

/* PostgreSQL, vigil-store-pg.c */

/* The type a parameter is sent as: PostgreSQL infers the rest. */
typedef enum
{
  VIGIL_PG_UNKNOWN = 0,
  VIGIL_PG_INT8 = 20,
  VIGIL_PG_TEXT = 25,
} VigilPgType;

typedef struct _VigilPgQuery VigilPgQuery;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* @sql in the SQL both backends take: its `?` and `?N` become `$N`. */
VigilPgQuery   *vigil_pg_query_new     (const char   *sql,
                                        gboolean      uncached);
void            vigil_pg_query_free    (VigilPgQuery *query);
void            vigil_pg_query_clear   (VigilPgQuery *query);
/* Takes @value. */
void            vigil_pg_query_bind    (VigilPgQuery *query,
                                        int           param,
                                        VigilPgType   type,
                                        char         *value);
VigilStoreStep  vigil_pg_query_step    (VigilPgQuery *query,
                                        VigilStore   *store);
void            vigil_pg_query_reset   (VigilPgQuery *query);
gint64          vigil_pg_query_column_int64 (VigilPgQuery *query,
                                             int           column);
const char     *vigil_pg_query_column_text  (VigilPgQuery *query,
                                             int           column);

/* Connects to @url, with the password from the Secret Service when it
 * holds one for the URL's user and host. */
PGconn         *vigil_pg_connect       (const char   *url,
                                        const char   *application_name,
                                        GError      **error);
/* Runs @sql (no parameters, perhaps several statements); a failure is
 * reported as @what. */
gboolean        vigil_pg_exec          (VigilStore   *store,
                                        const char   *sql,
                                        const char   *what,
                                        GError      **error);
/* Checks that @store's database is Vigil's (or empty) and not newer, and
 * sets up an empty one; a watcher only checks, and listens for changes. */
gboolean        vigil_pg_open_site     (VigilStore   *store,
                                        gboolean      watcher,
                                        GError      **error);
/* Keeps @result's error, one line, for vigil_store_error_message(). */
void            vigil_pg_keep_message  (VigilStore   *store,
                                        PGresult     *result);
/* Adds the change notifications that have come to @count. */
gboolean        vigil_pg_count_notifications (VigilStore  *store,
                                              gint64      *count,
                                              GError     **error);
gboolean        vigil_pg_holds_records (VigilStore   *store,
                                        gboolean     *holds,
                                        GError      **error);
/* The schema PostgreSQL sites began at, whole, and the step from each
 * later @version to the next; vigil-store-pg-schema.c. */
#define VIGIL_PG_FIRST_SCHEMA 7
const char     *vigil_pg_schema        (void);
const char     *vigil_pg_schema_step   (guint version);

/* PostgreSQL's single advisory lock a site's writers take: what
 * SQLite's BEGIN IMMEDIATE gives, one writer at a time. */
#define VIGIL_PG_WRITE_LOCK "SELECT pg_advisory_xact_lock (1449346892)"

G_END_DECLS
