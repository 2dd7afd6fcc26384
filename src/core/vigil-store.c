/* vigil-store.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-data-folder.h"
#include "vigil-error.h"
#include "vigil-store-backend-private.h"

/* "ViGL": marks a SQLite file as Vigil's, so a stray database is refused. */
#define VIGIL_APPLICATION_ID 0x5669474c

/* How long a writer waits for another process's transaction to finish. */
#define BUSY_TIMEOUT_MS 15000
/* A watcher reads on the main thread: it waits this long at most for a
 * writer that is recovering the log, and its next look tries again. */
#define WATCHER_BUSY_TIMEOUT_MS 100

struct _VigilStore
{
  GObject     parent_instance;

  char       *path;         /* the file, or the PostgreSQL URL */
  sqlite3    *db;
  PGconn     *pg;
  char       *pg_message;   /* PostgreSQL's words for the last failure */
  gint64      pg_changes;
  gint64      pg_notified;  /* notifications a watcher has had */
  gboolean    in_transaction;  /* PostgreSQL: between begin and its end */
  gboolean    watcher;
  guint       pg_generation;   /* connections made again */
  guint       pg_statements;   /* statements prepared, for their names */
  GHashTable *statements;   /* SQL text (static) → VigilStoreStmt */
  GRecMutex   lock;         /* held from begin to commit or rollback */
};

G_DEFINE_FINAL_TYPE (VigilStore, vigil_store, G_TYPE_OBJECT)

static void
vigil_store_finalize (GObject *object)
{
  VigilStore *self = (VigilStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->pg, PQfinish);
  g_clear_pointer (&self->pg_message, g_free);
  g_clear_pointer (&self->path, g_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (vigil_store_parent_class)->finalize (object);
}

static void
vigil_store_class_init (VigilStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_store_finalize;
}

static void
vigil_store_init (VigilStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) vigil_store_stmt_free);
}

void
vigil_store_set_error (VigilStore  *self,
                       GError     **error,
                       const char  *what)
{
  g_assert (VIGIL_IS_STORE (self));

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
               _("%s in %s: %s"), what, self->path, vigil_store_error_message (self));
}

const char *
vigil_store_error_message (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  if (self->db != NULL)
    return sqlite3_errmsg (self->db);
  return self->pg_message != NULL ? self->pg_message : PQerrorMessage (self->pg);
}

void
vigil_store_set_backend_message (VigilStore *self,
                                 const char *message)
{
  g_assert (VIGIL_IS_STORE (self));

  g_free (self->pg_message);
  self->pg_message = g_strdup (message);
}

void
vigil_store_note_changes (VigilStore *self,
                          gint64      changes)
{
  self->pg_changes = changes;
}

gint64
vigil_store_changes (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  if (self->db != NULL)
    return sqlite3_changes64 (self->db);
  return self->pg_changes;
}

gint64
vigil_store_last_insert_id (VigilStore *self)
{
  g_autoptr(PGresult) result = NULL;

  g_assert (VIGIL_IS_STORE (self));

  if (self->db != NULL)
    return sqlite3_last_insert_rowid (self->db);

  /* The sequence the INSERT drew its id from; no trigger draws one. */
  result = PQexec (self->pg, "SELECT lastval ()");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    return 0;
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

gboolean
vigil_store_in_transaction (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  if (self->db != NULL)
    return !sqlite3_get_autocommit (self->db);
  return self->in_transaction;
}

GRecMutexLocker *
vigil_store_lock (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return g_rec_mutex_locker_new (&self->lock);
}

sqlite3 *
vigil_store_get_sqlite (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return self->db;
}

PGconn *
vigil_store_get_pg (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return self->pg;
}

VigilStoreStmt *
vigil_store_prepare (VigilStore  *self,
                     const char  *sql,
                     GError     **error)
{
  VigilStoreStmt *stmt;

  g_assert (VIGIL_IS_STORE (self));

  /* Callers pass string literals, so the pointer is a stable key. */
  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      vigil_store_stmt_clear (stmt);
      return stmt;
    }

  stmt = vigil_store_stmt_new (self, sql, FALSE, error);
  if (stmt != NULL)
    g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

VigilStoreStmt *
vigil_store_prepare_uncached (VigilStore  *self,
                              const char  *sql,
                              GError     **error)
{
  g_assert (VIGIL_IS_STORE (self));

  return vigil_store_stmt_new (self, sql, TRUE, error);
}

gboolean
vigil_store_step_done (VigilStore      *self,
                       VigilStoreStmt  *stmt,
                       GError         **error)
{
  VigilStoreStep rc = vigil_store_stmt_step (stmt);
  gboolean ok = rc == VIGIL_STORE_STEP_DONE || rc == VIGIL_STORE_STEP_ROW;

  if (!ok)
    vigil_store_set_error (self, error, _("Could not write"));
  vigil_store_stmt_reset (stmt);
  return ok;
}

char *
vigil_store_column_dup (VigilStoreStmt *stmt,
                        int             column)
{
  return g_strdup (vigil_store_stmt_column_text (stmt, column));
}

/* Steps @stmt to the end, turning each row into an element; a failure is
 * reported as @what. */
GPtrArray *
vigil_store_collect_rows (VigilStore        *self,
                          VigilStoreStmt    *stmt,
                          VigilStoreRowFunc  row_func,
                          GDestroyNotify     free_func,
                          const char        *what,
                          GError           **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_func);
  int rc;

  g_assert (VIGIL_IS_STORE (self));

  while ((rc = vigil_store_stmt_step (stmt)) == VIGIL_STORE_STEP_ROW)
    g_ptr_array_add (list, row_func (stmt));
  vigil_store_stmt_reset (stmt);

  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, what);
      return NULL;
    }

  return g_steal_pointer (&list);
}

/* Steps @stmt for at most one row. None is VIGIL_ERROR_NOT_FOUND with
 * @not_found as its message, or NULL without an error when @not_found is
 * NULL; a failure is reported as @what. */
gpointer
vigil_store_read_one (VigilStore        *self,
                      VigilStoreStmt    *stmt,
                      VigilStoreRowFunc  row_func,
                      const char        *not_found,
                      const char        *what,
                      GError           **error)
{
  gpointer result = NULL;
  int rc;

  g_assert (VIGIL_IS_STORE (self));

  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    result = row_func (stmt);
  else if (rc == VIGIL_STORE_STEP_DONE && not_found != NULL)
    g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND, not_found);
  else if (rc != VIGIL_STORE_STEP_DONE)
    vigil_store_set_error (self, error, what);
  vigil_store_stmt_reset (stmt);

  return result;
}

/* Runs an UPDATE that must change exactly one row; none (the row is missing,
 * or already in the state the WHERE clause excludes) is VIGIL_ERROR_NOT_FOUND
 * with @not_found as its message, not a silent no-op. */
gboolean
vigil_store_update_one (VigilStore    *self,
                        VigilStoreStmt *stmt,
                        const char    *not_found,
                        GError       **error)
{
  g_assert (VIGIL_IS_STORE (self));
  g_assert (not_found != NULL);

  if (!vigil_store_step_done (self, stmt, error))
    return FALSE;

  if (vigil_store_changes (self) != 1)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND, not_found);
      return FALSE;
    }

  return TRUE;
}

/* Runs an INSERT and gives the new row's id, or 0 with @error set; a unique
 * constraint is VIGIL_ERROR_EXISTS with @exists as its message when @exists
 * is given, and any other failure is reported as @what. */
gint64
vigil_store_insert_row (VigilStore    *self,
                        VigilStoreStmt *stmt,
                        const char    *exists,
                        const char    *what,
                        GError       **error)
{
  int rc;

  g_assert (VIGIL_IS_STORE (self));

  rc = vigil_store_stmt_step (stmt);
  vigil_store_stmt_reset (stmt);
  if (rc == VIGIL_STORE_STEP_UNIQUE && exists != NULL)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS, exists);
      return 0;
    }
  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, what);
      return 0;
    }

  return vigil_store_last_insert_id (self);
}

static gboolean
exec (VigilStore  *self,
      const char  *sql,
      GError     **error)
{
  if (self->pg != NULL)
    return vigil_pg_exec (self, sql, _("Could not update the site's database"), error);

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      vigil_store_set_error (self, error, _("Could not update the data file"));
      return FALSE;
    }
  return TRUE;
}

/* Switching a new file to WAL needs it to itself, and SQLite reports a busy
 * file at once there rather than through the busy timeout; so a process that
 * opens a brand-new file while another sets it up waits here instead. */
static gboolean
enter_wal (VigilStore  *self,
           GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  int rc;

  while ((rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) != SQLITE_OK)
    {
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > deadline)
        {
          vigil_store_set_error (self, error, _("Could not update the data file"));
          return FALSE;
        }
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  return TRUE;
}

static gboolean
query_int (VigilStore  *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      ok = TRUE;
    }
  else
    vigil_store_set_error (self, error, _("Could not read the data file"));

  sqlite3_finalize (stmt);
  return ok;
}

/* Refuses, without writing anything, a file that is not Vigil's or that a
 * newer Vigil made. */
static gboolean
check_file_is_ours (VigilStore  *self,
                    gint64      *version,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 application_id, tables;
  int rc;

  /* One statement, so one snapshot: read apart, another process's migration
   * could commit in between and make a new file look like someone else's. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT (SELECT application_id FROM pragma_application_id),"
                          " (SELECT user_version FROM pragma_user_version),"
                          " (SELECT count(*) FROM sqlite_master)", -1, &stmt, NULL) != SQLITE_OK)
    {
      vigil_store_set_error (self, error, _("Could not read the data file"));
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  application_id = sqlite3_column_int64 (stmt, 0);
  *version = sqlite3_column_int64 (stmt, 1);
  tables = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      vigil_store_set_error (self, error, _("Could not read the data file"));
      return FALSE;
    }

  if ((application_id != 0 && application_id != VIGIL_APPLICATION_ID) ||
      (application_id == 0 && tables > 0))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s is not a Vigil data file; it was left untouched"), self->path);
      return FALSE;
    }

  if (*version > VIGIL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SCHEMA_TOO_NEW,
                   _("%s has schema version %d, made by a newer Vigil than this one (which knows up to %d); it was left untouched"),
                   self->path, (int) *version, VIGIL_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (VigilStore  *self,
         GError     **error)
{
  gint64 version;

  if (!vigil_store_begin (self, error))
    return FALSE;

  /* Read again under the write lock: another process may have migrated the
   * file while this one waited. */
  if (!check_file_is_ours (self, &version, error))
    goto failed;

  for (gint64 v = version; v < VIGIL_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", (int) v + 1);

      g_debug ("Migrating %s from schema %d to %d", self->path, (int) v, (int) v + 1);
      if (!exec (self, vigil_store_migration ((guint) v), error) || !exec (self, bump, error))
        goto failed;
    }

  /* A kind listed but not counted would never be told of: the list and
   * the migrations must not drift apart. */
  if (!vigil_store_check_change_kinds (self, error))
    goto failed;

  if (version == 0)
    {
      g_autofree char *mark = g_strdup_printf ("PRAGMA application_id = %d", VIGIL_APPLICATION_ID);
      if (!exec (self, mark, error))
        goto failed;
    }

  return vigil_store_commit (self, error);

failed:
  vigil_store_rollback (self);
  return FALSE;
}

/* Creates the file 0600 before SQLite sees it, if @create: SQLite gives its
 * -wal and -shm files the main file's mode, so they are private too. An
 * existing file is only looked at here (never through a symbolic link, and
 * only a regular file of the user's own) and its mode is left alone until
 * SQLite has found it to be Vigil's, so a file that is refused stays as it
 * was. No descriptor of it is opened here: closing one would drop the locks
 * another connection of this process may hold on it. */
static gboolean
ensure_private_file (const char  *path,
                     gboolean     create,
                     GError     **error)
{
  struct stat st;
  int saved_errno;

  if (create)
    {
      int fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

      if (fd >= 0)
        {
          gboolean ok = fchmod (fd, 0600) == 0;

          saved_errno = errno;
          close (fd);
          if (ok)
            return TRUE;
          goto failed;
        }
      if (errno != EEXIST)
        {
          saved_errno = errno;
          goto failed;
        }
    }

  if (lstat (path, &st) == 0)
    return vigil_data_folder_check_file_stat (&st, path, error);
  saved_errno = errno;

  if (!create && saved_errno == ENOENT)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE,
                   _("The data file %s is no longer there"), path);
      return FALSE;
    }

failed:
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
               _("Could not open %s: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static void
narrow_to_owner (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      vigil_data_folder_make_file_private (file);
    }
}

typedef enum
{
  OPEN_OR_CREATE,   /* vigil_store_open() */
  OPEN_EXISTING,    /* vigil_store_open_existing() */
  OPEN_WATCHER,     /* vigil_store_open_watcher(): existing, and read only */
} OpenMode;

/**
 * vigil_store_is_database_url:
 *
 * Whether @path names a PostgreSQL database (postgresql:// or postgres://)
 * rather than a SQLite file.
 */
gboolean
vigil_store_is_database_url (const char *path)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return g_str_has_prefix (path, "postgresql://") || g_str_has_prefix (path, "postgres://");
}

/* A site of several machines: its database on a PostgreSQL server. */
static VigilStore *
open_pg_store (const char  *url,
               OpenMode     mode,
               GError     **error)
{
  g_autoptr(VigilStore) self = g_object_new (VIGIL_TYPE_STORE, NULL);

  self->path = g_strdup (url);
  self->watcher = mode == OPEN_WATCHER;
  /* Named for the server's list of connections. */
  self->pg = vigil_pg_connect (url, mode == OPEN_WATCHER ? "vigil-watcher" : "vigil", error);
  if (self->pg == NULL || !vigil_pg_open_site (self, mode == OPEN_WATCHER, error))
    return NULL;

  return g_steal_pointer (&self);
}

static VigilStore *
open_store (const char  *path,
            OpenMode     mode,
            GError     **error)
{
  g_autoptr(VigilStore) self = NULL;
  gboolean watcher = mode == OPEN_WATCHER;
  gint64 version;

  if (vigil_store_is_database_url (path))
    return open_pg_store (path, mode, error);

  if (!ensure_private_file (path, mode == OPEN_OR_CREATE, error))
    return NULL;

  self = g_object_new (VIGIL_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  /* Without SQLITE_OPEN_CREATE: a file gone since the look above is an
   * error, not a new empty file. */
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
    {
      vigil_store_set_error (self, error, _("Could not open the data file"));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, watcher ? WATCHER_BUSY_TIMEOUT_MS : BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  /* Before anything that writes: a newer or foreign file stays as it was. */
  if (!check_file_is_ours (self, &version, error))
    return NULL;

  /* A watcher reads a file the site has already set up, and leaves it as
   * it is. */
  if (watcher)
    {
      if (version < VIGIL_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                       _("%s has schema version %d, older than this Vigil's %d; open the site before watching it"),
                       self->path, (int) version, VIGIL_STORE_SCHEMA_VERSION);
          return NULL;
        }
      if (!exec (self, "PRAGMA query_only = ON", error))
        return NULL;
      return g_steal_pointer (&self);
    }

  /* Vigil's (or empty), so made private, with the -wal and -shm SQLite may
   * just have made with the file's old mode. A file refused above keeps
   * its mode. */
  narrow_to_owner (path);

  /* FULL: a committed audit entry or note survives a power cut. */
  if (!enter_wal (self, error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (version < VIGIL_STORE_SCHEMA_VERSION && !migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * vigil_store_open:
 * @path: the site's SQLite file; created if missing (its folder must exist)
 *
 * Opens the file in WAL mode with foreign keys on and brings its schema up to
 * date. Several processes may hold the same file open at once. A
 * postgresql:// URL opens that database instead, setting it up if empty.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
VigilStore *
vigil_store_open (const char  *path,
                  GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_store (path, OPEN_OR_CREATE, error);
}

/**
 * vigil_store_open_existing:
 * @path: an existing data file
 *
 * Opens @path as vigil_store_open() does, but never makes a missing file
 * anew: that is %VIGIL_ERROR_NO_SITE. For a second connection to a site
 * already open, whose file must not be replaced by an empty one.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
VigilStore *
vigil_store_open_existing (const char  *path,
                           GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_store (path, OPEN_EXISTING, error);
}

/**
 * vigil_store_open_watcher:
 * @path: an existing data file
 *
 * Opens @path for a connection of its own that a change monitor reads on
 * the main thread. The file is checked as vigil_store_open() checks it, but
 * nothing is made or changed: a missing file is %VIGIL_ERROR_NO_SITE, a file
 * of an older schema is refused rather than migrated, nothing is ever
 * written through the connection, and a read waits only briefly for a busy
 * file (it fails, to be tried again).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
VigilStore *
vigil_store_open_watcher (const char  *path,
                          GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_store (path, OPEN_WATCHER, error);
}

/**
 * vigil_store_get_socket:
 *
 * The socket of a PostgreSQL store's connection, readable when a change
 * notification comes; -1 for a SQLite file.
 */
int
vigil_store_get_socket (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);

  return self->pg != NULL ? PQsocket (self->pg) : -1;
}

void
vigil_store_pg_reset (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  PQreset (self->pg);
  self->pg_generation++;
}

guint
vigil_store_pg_generation (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return self->pg_generation;
}

char *
vigil_store_pg_statement_name (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return g_strdup_printf ("vigil_%u", ++self->pg_statements);
}

gboolean
vigil_store_is_watcher (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return self->watcher;
}

/* A watcher's count of notifications; vigil-store-changes.c. */
gint64 *
vigil_store_get_notified (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return &self->pg_notified;
}

const char *
vigil_store_get_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return self->path;
}

/* Takes the store's lock and starts a transaction with @sql, or leaves
 * neither. */
static gboolean
begin_with (VigilStore  *self,
            const char  *sql,
            GError     **error)
{
  g_rec_mutex_lock (&self->lock);
  if (!exec (self, sql, error))
    {
      /* PostgreSQL runs the statements one by one: a BEGIN may stand. */
      if (self->pg != NULL)
        exec (self, "ROLLBACK", NULL);
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  self->in_transaction = TRUE;
  return TRUE;
}

/* Ends the transaction with @sql (rolled back if that fails) and lets go
 * of the store's lock. */
static gboolean
end_with (VigilStore  *self,
          const char  *sql,
          GError     **error)
{
  gboolean ok = exec (self, sql, error);

  if (!ok)
    exec (self, "ROLLBACK", NULL);
  self->in_transaction = FALSE;
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

gboolean
vigil_store_begin (VigilStore  *self,
                   GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  return begin_with (self, self->pg != NULL ? "BEGIN; " VIGIL_PG_WRITE_LOCK : "BEGIN IMMEDIATE", error);
}

/* A read transaction: everything read until commit or rollback comes from one
 * snapshot, while other processes go on writing. */
gboolean
vigil_store_begin_read (VigilStore  *self,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  return begin_with (self, self->pg != NULL ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN DEFERRED",
                     error);
}

gboolean
vigil_store_commit (VigilStore  *self,
                    GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  return end_with (self, "COMMIT", error);
}

void
vigil_store_rollback (VigilStore *self)
{
  g_return_if_fail (VIGIL_IS_STORE (self));

  end_with (self, "ROLLBACK", NULL);
}

char *
vigil_store_get_setting (VigilStore  *self,
                         const char  *key,
                         GError     **error)
{
  VigilStoreStmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT value FROM settings WHERE key = ?", error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, key);
  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    value = vigil_store_column_dup (stmt, 0);
  else if (rc != VIGIL_STORE_STEP_DONE)
    vigil_store_set_error (self, error, _("Could not read a setting"));
  vigil_store_stmt_reset (stmt);

  return value;
}

gboolean
vigil_store_set_setting (VigilStore  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, key);
  vigil_store_stmt_bind_text (stmt, 2, value);
  return vigil_store_step_done (self, stmt, error);
}

/**
 * vigil_store_holds_records:
 * @holds: (out): whether any table holds a row
 *
 * For telling a file that an interrupted set-up left (the bare schema, or
 * nothing) from one that holds something.
 */
gboolean
vigil_store_holds_records (VigilStore  *self,
                           gboolean    *holds,
                           GError     **error)
{
  sqlite3_stmt *tables = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (holds != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (self->pg != NULL)
    return vigil_pg_holds_records (self, holds, error);

  *holds = FALSE;
  if (sqlite3_prepare_v2 (self->db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                                    /* the schema's own bookkeeping, filled by the migration */
                                    " AND name <> 'change_serials'", -1, &tables, NULL) != SQLITE_OK)
    {
      vigil_store_set_error (self, error, _("Could not read the data file"));
      return FALSE;
    }

  while (!*holds && (rc = sqlite3_step (tables)) == SQLITE_ROW)
    {
      char *sql = sqlite3_mprintf ("SELECT EXISTS (SELECT 1 FROM \"%w\")", sqlite3_column_text (tables, 0));
      gint64 any = 0;
      gboolean ok = query_int (self, sql, &any, error);

      sqlite3_free (sql);
      if (!ok)
        {
          sqlite3_finalize (tables);
          return FALSE;
        }
      *holds = any != 0;
    }

  if (!*holds && rc != SQLITE_DONE)
    {
      /* A file that could not be read through may hold records. */
      vigil_store_set_error (self, error, _("Could not read the data file"));
      sqlite3_finalize (tables);
      return FALSE;
    }
  sqlite3_finalize (tables);
  return TRUE;
}
