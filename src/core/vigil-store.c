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
#include "vigil-store-private.h"

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

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text (static) → sqlite3_stmt */
  GRecMutex   lock;         /* held from begin to commit or rollback */
};

G_DEFINE_FINAL_TYPE (VigilStore, vigil_store, G_TYPE_OBJECT)

/* Three triggers that bump @kind's serial whenever a row of @table is
 * written. */
#define BUMP_ON(table, kind, event) \
  "CREATE TRIGGER " table "_" event "_serial AFTER " event " ON " table \
  " BEGIN UPDATE change_serials SET serial = serial + 1 WHERE kind = '" kind "'; END;"
#define BUMP_SERIAL(table, kind) \
  BUMP_ON (table, kind, "INSERT") BUMP_ON (table, kind, "UPDATE") BUMP_ON (table, kind, "DELETE")

/* Each entry takes the schema from version N to N+1. Append only: a released
 * migration never changes. */
static const char * const migrations[] = {
  /* 0 → 1: site settings, staff, the audit trail */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE staff ("
  "  id                       INTEGER PRIMARY KEY,"
  "  username                 TEXT NOT NULL UNIQUE,"
  "  display_name             TEXT NOT NULL,"
  "  band                     INTEGER NOT NULL CHECK (band BETWEEN 1 AND 9),"
  "  role                     TEXT NOT NULL CHECK (role IN ('operator', 'team-lead', 'manager')),"
  "  password_hash            TEXT NOT NULL,"
  "  active                   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  competency_assessed_on   TEXT,"
  "  competency_assessed_by   TEXT,"
  "  competency_refresher_due TEXT,"
  "  failed_logins            INTEGER NOT NULL DEFAULT 0,"
  "  locked_until             INTEGER NOT NULL DEFAULT 0,"
  "  created_at               INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit ("
  "  seq    INTEGER PRIMARY KEY,"
  "  at     INTEGER NOT NULL,"
  "  actor  TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  object TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  detail TEXT NOT NULL,"
  "  mac    TEXT NOT NULL"
  ");"
  "CREATE INDEX audit_at ON audit (at);"
  /* The newest entry, keyed, so that cutting entries off the end shows. */
  "CREATE TABLE audit_head ("
  "  id       INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq      INTEGER NOT NULL,"
  "  mac      TEXT NOT NULL,"
  "  head_mac TEXT NOT NULL"
  ");"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit entries are append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit entries are append-only'); END;",

  /* 1 → 2: the centre's records. Instants are microseconds since the epoch,
   * UTC; dates are YYYY-MM-DD; staff are named by username. Nothing that the
   * policy reads for a past instant is ever deleted: windows are marked
   * removed, overrides ended, stage changes cancelled. Room and camera names
   * and case references are one whatever their (ASCII) case, in the
   * database itself. */
  "CREATE TABLE rooms ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE cameras ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  location   TEXT NOT NULL CHECK (location IN ('communal', 'family-room')),"
  "  room_id    INTEGER REFERENCES rooms (id),"
  "  url        TEXT NOT NULL,"
  "  sub_url    TEXT,"
  "  has_audio  INTEGER NOT NULL DEFAULT 0 CHECK (has_audio IN (0, 1)),"
  "  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  CHECK (location = 'communal' OR room_id IS NOT NULL)"
  ");"
  "CREATE TABLE families ("
  "  id                     INTEGER PRIMARY KEY,"
  "  case_ref               TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  label                  TEXT NOT NULL,"
  "  room_id                INTEGER NOT NULL REFERENCES rooms (id),"
  "  admitted_on            TEXT NOT NULL,"
  "  agreement_signed_on    TEXT,"
  "  agreement_covers_audio INTEGER NOT NULL DEFAULT 0 CHECK (agreement_covers_audio IN (0, 1)),"
  "  retention_days         INTEGER NOT NULL CHECK (retention_days > 0),"
  "  consent_on             TEXT,"
  "  discharged_on          TEXT,"
  "  created_at             INTEGER NOT NULL"
  ");"
  /* A room holds one family at a time. */
  "CREATE UNIQUE INDEX families_one_per_room ON families (room_id) WHERE discharged_on IS NULL;"
  /* Every CCTV and audio agreement a family signs, each holding from its
   * signed date until the next; the families columns are the current one. */
  "CREATE TABLE agreements ("
  "  id             INTEGER PRIMARY KEY,"
  "  family_id      INTEGER NOT NULL REFERENCES families (id),"
  "  signed_on      TEXT NOT NULL,"
  "  covers_audio   INTEGER NOT NULL CHECK (covers_audio IN (0, 1)),"
  "  retention_days INTEGER NOT NULL CHECK (retention_days > 0),"
  "  recorded_at    INTEGER NOT NULL,"
  "  recorded_by    TEXT NOT NULL"
  ");"
  "CREATE INDEX agreements_family ON agreements (family_id, signed_on);"
  "CREATE TABLE stage_changes ("
  "  id           INTEGER PRIMARY KEY,"
  "  family_id    INTEGER NOT NULL REFERENCES families (id),"
  "  effective_at INTEGER NOT NULL,"
  "  from_state   TEXT CHECK (from_state IN ('1', '2', '3', '4', 'off')),"
  "  to_state     TEXT NOT NULL CHECK (to_state IN ('1', '2', '3', '4', 'off')),"
  "  changed_by   TEXT NOT NULL,"
  "  recorded_at  INTEGER NOT NULL,"
  "  reason       TEXT NOT NULL,"
  "  evidence     TEXT NOT NULL DEFAULT '',"
  "  cancelled_at INTEGER,"
  "  cancelled_by TEXT"
  ");"
  "CREATE INDEX stage_changes_family ON stage_changes (family_id, effective_at);"
  "CREATE TABLE windows ("
  "  id           INTEGER PRIMARY KEY,"
  "  family_id    INTEGER NOT NULL REFERENCES families (id),"
  "  days         INTEGER NOT NULL DEFAULT 0 CHECK (days BETWEEN 0 AND 127),"  /* Monday = 1 … Sunday = 64 */
  "  on_date      TEXT,"
  "  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),"
  "  end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),"
  "  purpose      TEXT NOT NULL,"
  "  audio        INTEGER NOT NULL DEFAULT 0 CHECK (audio IN (0, 1)),"
  "  created_by   TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL,"
  "  removed_at   INTEGER,"
  "  removed_by   TEXT,"
  "  CHECK ((days = 0) = (on_date IS NOT NULL))"
  ");"
  "CREATE TABLE overrides ("
  "  id           INTEGER PRIMARY KEY,"
  "  family_id    INTEGER NOT NULL REFERENCES families (id),"
  "  started_at   INTEGER NOT NULL,"
  "  expires_at   INTEGER NOT NULL,"
  "  started_by   TEXT NOT NULL,"
  "  rationale    TEXT NOT NULL CHECK (rationale <> ''),"
  "  renews       INTEGER REFERENCES overrides (id),"
  "  ended_at     INTEGER,"
  "  ended_by     TEXT,"
  "  end_reason   TEXT,"
  "  CHECK (expires_at > started_at AND expires_at - started_at <= 72 * 3600 * 1000000)"
  ");"
  "CREATE TABLE watch_requests ("
  "  id           INTEGER PRIMARY KEY,"
  "  family_id    INTEGER NOT NULL REFERENCES families (id),"
  "  requested_at INTEGER NOT NULL,"
  "  requested_by TEXT NOT NULL,"
  "  reason       TEXT NOT NULL DEFAULT '',"
  "  closed_at    INTEGER,"
  "  closed_by    TEXT"
  ");"
  "CREATE UNIQUE INDEX watch_requests_one_open ON watch_requests (family_id) WHERE closed_at IS NULL;"
  "CREATE TABLE notes ("
  "  id           INTEGER PRIMARY KEY,"
  "  family_id    INTEGER NOT NULL REFERENCES families (id),"
  "  kind         TEXT NOT NULL CHECK (kind IN ('duty', 'review', 'observation')),"
  "  author       TEXT NOT NULL,"
  "  written_at   INTEGER NOT NULL,"
  "  period_from  INTEGER,"
  "  period_to    INTEGER,"
  "  body         TEXT NOT NULL CHECK (body <> ''),"
  "  addendum_to  INTEGER REFERENCES notes (id),"
  "  CHECK (period_to IS NULL OR period_from IS NULL OR period_to >= period_from)"
  ");"
  "CREATE INDEX notes_family ON notes (family_id, written_at);"
  "CREATE TRIGGER notes_no_update BEFORE UPDATE ON notes"
  "  BEGIN SELECT RAISE (ABORT, 'a saved note never changes: add an addendum'); END;"
  "CREATE TRIGGER notes_no_delete BEFORE DELETE ON notes"
  "  BEGIN SELECT RAISE (ABORT, 'a saved note is never deleted'); END;"
  /* One operator to one baby, held by the database itself. */
  "CREATE TABLE duties ("
  "  id           INTEGER PRIMARY KEY,"
  "  family_id    INTEGER NOT NULL REFERENCES families (id),"
  "  operator     TEXT NOT NULL REFERENCES staff (username),"
  "  started_at   INTEGER NOT NULL,"
  "  started_by   TEXT NOT NULL,"
  "  ended_at     INTEGER,"
  "  ended_by     TEXT,"
  "  summary_note INTEGER REFERENCES notes (id),"
  "  handed_to    INTEGER REFERENCES duties (id),"
  "  CHECK (ended_at IS NULL OR summary_note IS NOT NULL)"
  ");"
  "CREATE UNIQUE INDEX duties_one_per_operator ON duties (operator) WHERE ended_at IS NULL;"
  "CREATE UNIQUE INDEX duties_one_per_family ON duties (family_id) WHERE ended_at IS NULL;",

  /* 2 → 3: a serial per kind of record, bumped by the file itself in every
   * transaction that writes the kind, so that other processes learn what
   * changed (VigilChangeMonitor), whoever wrote it. The rows are
   * vigil_store_change_kinds, which migrate() checks. */
  "CREATE TABLE change_serials ("
  "  kind   TEXT PRIMARY KEY,"
  "  serial INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "INSERT INTO change_serials (kind) VALUES ('settings'), ('staff'), ('audit'), ('rooms'), ('cameras'),"
  "  ('families'), ('stages'), ('windows'), ('overrides'), ('watch-requests'), ('notes'), ('duties');"
  BUMP_SERIAL ("settings", "settings")
  BUMP_SERIAL ("staff", "staff")
  BUMP_SERIAL ("audit", "audit")
  BUMP_SERIAL ("audit_head", "audit")
  BUMP_SERIAL ("rooms", "rooms")
  BUMP_SERIAL ("cameras", "cameras")
  BUMP_SERIAL ("families", "families")
  BUMP_SERIAL ("agreements", "families")
  BUMP_SERIAL ("stage_changes", "stages")
  BUMP_SERIAL ("windows", "windows")
  BUMP_SERIAL ("overrides", "overrides")
  BUMP_SERIAL ("watch_requests", "watch-requests")
  BUMP_SERIAL ("notes", "notes")
  BUMP_SERIAL ("duties", "duties"),

  /* 3 → 4: a watch request may be withdrawn, with a reason (issue 8). It is
   * closed then as a covered one is, so nothing else counts it as open; the
   * reason tells the two apart. */
  "ALTER TABLE watch_requests ADD COLUMN withdrawn_reason TEXT"
  "  CHECK (withdrawn_reason IS NULL OR (withdrawn_reason <> '' AND closed_at IS NOT NULL));",

  /* 4 → 5: recordings (issue 9). A segment's row is written when its file
   * opens and closed with its last frame, size and hash; a deletion removes
   * the row and leaves a record, by camera name, that is never changed or
   * removed. Holds are released, never deleted. The recorder rewrites its
   * one row and its cameras' rows every heartbeat. Paths are relative to
   * the recordings folder. */
  "CREATE TABLE segments ("
  "  id        INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL REFERENCES cameras (id),"
  "  path      TEXT NOT NULL UNIQUE CHECK (path <> ''),"
  "  start_at  INTEGER NOT NULL,"
  "  end_at    INTEGER,"
  "  bytes     INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),"
  "  sha256    TEXT CHECK (sha256 IS NULL OR length (sha256) = 64),"
  "  audio     INTEGER NOT NULL DEFAULT 0 CHECK (audio IN (0, 1)),"
  "  state     TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'deleting')),"
  "  opened_at INTEGER NOT NULL,"
  "  closed_at INTEGER,"
  "  CHECK ((state = 'open') = (end_at IS NULL) AND (state = 'open') = (sha256 IS NULL)),"
  "  CHECK (end_at IS NULL OR end_at >= start_at)"
  ");"
  "CREATE INDEX segments_camera_start ON segments (camera_id, start_at);"
  "CREATE INDEX segments_state_end ON segments (state, end_at);"
  "CREATE TABLE gaps ("
  "  id        INTEGER PRIMARY KEY,"
  "  camera_id INTEGER NOT NULL REFERENCES cameras (id),"
  "  start_at  INTEGER NOT NULL,"
  "  end_at    INTEGER,"
  "  cause     TEXT NOT NULL CHECK (cause IN ('camera-offline', 'recorder-down', 'disk-full', 'error')),"
  "  detail    TEXT,"
  "  CHECK (end_at IS NULL OR end_at >= start_at)"
  ");"
  "CREATE INDEX gaps_camera_start ON gaps (camera_id, start_at);"
  "CREATE INDEX gaps_open ON gaps (camera_id) WHERE end_at IS NULL;"
  "CREATE TABLE holds ("
  "  id             INTEGER PRIMARY KEY,"
  "  camera_id      INTEGER NOT NULL REFERENCES cameras (id),"
  "  from_at        INTEGER NOT NULL,"
  "  to_at          INTEGER NOT NULL,"
  "  reason         TEXT NOT NULL CHECK (reason <> ''),"
  "  until_date     TEXT NOT NULL,"
  "  until_end      INTEGER NOT NULL,"
  "  placed_by      TEXT NOT NULL,"
  "  placed_at      INTEGER NOT NULL,"
  "  released_at    INTEGER,"
  "  released_by    TEXT,"
  "  release_reason TEXT,"
  "  CHECK (to_at > from_at),"
  "  CHECK ((released_at IS NULL) = (released_by IS NULL)"
  "         AND (released_at IS NULL) = (release_reason IS NULL) AND release_reason IS NOT '')"
  ");"
  "CREATE TRIGGER holds_no_delete BEFORE DELETE ON holds"
  "  BEGIN SELECT RAISE (ABORT, 'a hold is released, never deleted'); END;"
  "CREATE TABLE deletions ("
  "  id         INTEGER PRIMARY KEY,"
  "  camera     TEXT NOT NULL,"
  "  path       TEXT NOT NULL,"
  "  start_at   INTEGER NOT NULL,"
  "  end_at     INTEGER NOT NULL,"
  "  bytes      INTEGER NOT NULL,"
  "  sha256     TEXT NOT NULL,"
  "  deleted_at INTEGER NOT NULL,"
  "  why        TEXT NOT NULL CHECK (why <> '')"
  ");"
  "CREATE INDEX deletions_at ON deletions (deleted_at);"
  "CREATE TRIGGER deletions_no_update BEFORE UPDATE ON deletions"
  "  BEGIN SELECT RAISE (ABORT, 'a deletion record never changes'); END;"
  "CREATE TRIGGER deletions_no_delete BEFORE DELETE ON deletions"
  "  BEGIN SELECT RAISE (ABORT, 'a deletion record is never removed'); END;"
  "CREATE TABLE recorder ("
  "  id             INTEGER PRIMARY KEY CHECK (id = 1),"
  "  pid            INTEGER NOT NULL,"
  "  host           TEXT NOT NULL,"
  "  started_at     INTEGER NOT NULL,"
  "  heartbeat_at   INTEGER NOT NULL,"
  "  stopped_at     INTEGER,"
  "  free_bytes     INTEGER NOT NULL,"
  "  disk_full      INTEGER NOT NULL CHECK (disk_full IN (0, 1)),"
  "  recordings_dir TEXT NOT NULL"
  ");"
  "CREATE TABLE recorder_cameras ("
  "  camera    TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  required  INTEGER NOT NULL CHECK (required IN (0, 1)),"
  "  recording INTEGER NOT NULL CHECK (recording IN (0, 1)),"
  "  state     TEXT NOT NULL CHECK (state IN ('not-required', 'recording', 'waiting', 'camera-offline',"
  "                                         'disk-full', 'error')),"
  "  detail    TEXT,"
  "  since     INTEGER NOT NULL"
  ");"
  "INSERT INTO change_serials (kind) VALUES ('recordings'), ('holds'), ('recorder');"
  BUMP_SERIAL ("segments", "recordings")
  BUMP_SERIAL ("gaps", "recordings")
  BUMP_SERIAL ("deletions", "recordings")
  BUMP_SERIAL ("holds", "holds")
  BUMP_SERIAL ("recorder", "recorder")
  BUMP_SERIAL ("recorder_cameras", "recorder"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VIGIL_STORE_SCHEMA_VERSION);

static void
vigil_store_finalize (GObject *object)
{
  VigilStore *self = (VigilStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
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
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
vigil_store_init (VigilStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
}

void
vigil_store_set_error (VigilStore  *self,
                       GError     **error,
                       const char  *what)
{
  g_assert (VIGIL_IS_STORE (self));

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
               _("%s in %s: %s"), what, self->path, sqlite3_errmsg (self->db));
}

GRecMutexLocker *
vigil_store_lock (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return g_rec_mutex_locker_new (&self->lock);
}

sqlite3 *
vigil_store_get_db (VigilStore *self)
{
  g_assert (VIGIL_IS_STORE (self));

  return self->db;
}

sqlite3_stmt *
vigil_store_prepare (VigilStore  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_assert (VIGIL_IS_STORE (self));

  /* Callers pass string literals, so the pointer is a stable key. */
  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      vigil_store_set_error (self, error, _("Could not prepare a query"));
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
vigil_store_step_done (VigilStore    *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      vigil_store_set_error (self, error, _("Could not write"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

char *
vigil_store_column_dup (sqlite3_stmt *stmt,
                        int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

const char *
vigil_store_column_text (sqlite3_stmt *stmt,
                         int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

void
vigil_store_bind_optional_text (sqlite3_stmt *stmt,
                                int           column,
                                const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/* Steps @stmt to the end, turning each row into an element; a failure is
 * reported as @what. */
GPtrArray *
vigil_store_collect_rows (VigilStore        *self,
                          sqlite3_stmt      *stmt,
                          VigilStoreRowFunc  row_func,
                          GDestroyNotify     free_func,
                          const char        *what,
                          GError           **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_func);
  int rc;

  g_assert (VIGIL_IS_STORE (self));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, row_func (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
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
                      sqlite3_stmt      *stmt,
                      VigilStoreRowFunc  row_func,
                      const char        *not_found,
                      const char        *what,
                      GError           **error)
{
  gpointer result = NULL;
  int rc;

  g_assert (VIGIL_IS_STORE (self));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = row_func (stmt);
  else if (rc == SQLITE_DONE && not_found != NULL)
    g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND, not_found);
  else if (rc != SQLITE_DONE)
    vigil_store_set_error (self, error, what);
  sqlite3_reset (stmt);

  return result;
}

/* Runs an UPDATE that must change exactly one row; none (the row is missing,
 * or already in the state the WHERE clause excludes) is VIGIL_ERROR_NOT_FOUND
 * with @not_found as its message, not a silent no-op. */
gboolean
vigil_store_update_one (VigilStore    *self,
                        sqlite3_stmt  *stmt,
                        const char    *not_found,
                        GError       **error)
{
  g_assert (VIGIL_IS_STORE (self));
  g_assert (not_found != NULL);

  if (!vigil_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) != 1)
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
                        sqlite3_stmt  *stmt,
                        const char    *exists,
                        const char    *what,
                        GError       **error)
{
  int rc;

  g_assert (VIGIL_IS_STORE (self));

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE && exists != NULL)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS, exists);
      return 0;
    }
  if (rc != SQLITE_DONE)
    {
      vigil_store_set_error (self, error, what);
      return 0;
    }

  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
exec (VigilStore  *self,
      const char  *sql,
      GError     **error)
{
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
      if (!exec (self, migrations[v], error) || !exec (self, bump, error))
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

static VigilStore *
open_store (const char  *path,
            OpenMode     mode,
            GError     **error)
{
  g_autoptr(VigilStore) self = NULL;
  gboolean watcher = mode == OPEN_WATCHER;
  gint64 version;

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
 * date. Several processes may hold the same file open at once.
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

const char *
vigil_store_get_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  return self->path;
}

gboolean
vigil_store_begin (VigilStore  *self,
                   GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!exec (self, "BEGIN IMMEDIATE", error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  return TRUE;
}

/* A read transaction: everything read until commit or rollback comes from one
 * snapshot, while other processes go on writing. */
gboolean
vigil_store_begin_read (VigilStore  *self,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->lock);
  if (!exec (self, "BEGIN DEFERRED", error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_store_commit (VigilStore  *self,
                    GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  ok = exec (self, "COMMIT", error);
  if (!ok)
    exec (self, "ROLLBACK", NULL);
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

void
vigil_store_rollback (VigilStore *self)
{
  g_return_if_fail (VIGIL_IS_STORE (self));

  exec (self, "ROLLBACK", NULL);
  g_rec_mutex_unlock (&self->lock);
}

char *
vigil_store_get_setting (VigilStore  *self,
                         const char  *key,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT value FROM settings WHERE key = ?", error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = vigil_store_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    vigil_store_set_error (self, error, _("Could not read a setting"));
  sqlite3_reset (stmt);

  return value;
}

gboolean
vigil_store_set_setting (VigilStore  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
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
