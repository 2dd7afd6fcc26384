/* vigil-store-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

G_END_DECLS
