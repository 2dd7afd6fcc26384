/* vigil-store-schema.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include "vigil-store-private.h"

/* The site file's schema, as the steps that built it: the store runs those
 * a file has not had yet, in one transaction (vigil-store.c, migrate()). */

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

  /* 5 → 6: evidence. Members designated to review footage, and court bundle
   * exports: a request, then one decision by someone else, never changed
   * afterwards; each run of an approved export is kept too. */
  "ALTER TABLE staff ADD COLUMN reviewer INTEGER NOT NULL DEFAULT 0 CHECK (reviewer IN (0, 1));"
  "CREATE TABLE exports ("
  "  id              INTEGER PRIMARY KEY,"
  "  from_at         INTEGER NOT NULL,"
  "  to_at           INTEGER NOT NULL,"
  "  case_ref        TEXT NOT NULL CHECK (case_ref <> ''),"
  "  exhibit         TEXT NOT NULL CHECK (exhibit <> ''),"
  "  purpose         TEXT NOT NULL CHECK (purpose <> ''),"
  "  requested_by    TEXT NOT NULL,"
  "  requested_at    INTEGER NOT NULL,"
  "  state           TEXT NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'approved', 'refused')),"
  "  decided_by      TEXT,"
  "  decided_at      INTEGER,"
  "  decision_reason TEXT,"
  "  hold_until      TEXT,"
  "  CHECK (to_at > from_at),"
  "  CHECK ((state = 'requested') = (decided_by IS NULL)"
  "         AND (decided_by IS NULL) = (decided_at IS NULL)"
  "         AND (decided_by IS NULL) = (decision_reason IS NULL) AND decision_reason IS NOT ''),"
  "  CHECK ((state = 'approved') = (hold_until IS NOT NULL)),"
  "  CHECK (decided_by IS NOT requested_by)"
  ");"
  "CREATE TABLE export_cameras ("
  "  export_id INTEGER NOT NULL REFERENCES exports (id),"
  "  camera_id INTEGER NOT NULL REFERENCES cameras (id),"
  "  PRIMARY KEY (export_id, camera_id)"
  ");"
  "CREATE TABLE export_runs ("
  "  id              INTEGER PRIMARY KEY,"
  "  export_id       INTEGER NOT NULL REFERENCES exports (id),"
  "  run_by          TEXT NOT NULL,"
  "  started_at      INTEGER NOT NULL,"
  "  finished_at     INTEGER,"
  "  outcome         TEXT CHECK (outcome IN ('written', 'failed', 'cancelled')),"
  "  folder          TEXT,"
  "  manifest_sha256 TEXT,"
  "  CHECK ((finished_at IS NULL) = (outcome IS NULL)),"
  "  CHECK ((outcome = 'written') = (manifest_sha256 IS NOT NULL))"
  ");"
  /* A decision is made once: requested → approved or refused, and then the
   * row never changes again; nothing about an export is ever removed. */
  "CREATE TRIGGER exports_decided_once BEFORE UPDATE ON exports WHEN OLD.state <> 'requested'"
  "  BEGIN SELECT RAISE (ABORT, 'an export''s decision is never changed'); END;"
  "CREATE TRIGGER exports_request_fixed BEFORE UPDATE ON exports"
  "  WHEN NEW.from_at IS NOT OLD.from_at OR NEW.to_at IS NOT OLD.to_at OR NEW.case_ref IS NOT OLD.case_ref"
  "    OR NEW.exhibit IS NOT OLD.exhibit OR NEW.purpose IS NOT OLD.purpose"
  "    OR NEW.requested_by IS NOT OLD.requested_by OR NEW.requested_at IS NOT OLD.requested_at"
  "  BEGIN SELECT RAISE (ABORT, 'an export request is never changed'); END;"
  "CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports"
  "  BEGIN SELECT RAISE (ABORT, 'an export is never removed'); END;"
  "CREATE TRIGGER export_cameras_fixed BEFORE UPDATE ON export_cameras"
  "  BEGIN SELECT RAISE (ABORT, 'an export request is never changed'); END;"
  "CREATE TRIGGER export_cameras_no_delete BEFORE DELETE ON export_cameras"
  "  BEGIN SELECT RAISE (ABORT, 'an export is never removed'); END;"
  "CREATE TRIGGER export_runs_finished_once BEFORE UPDATE ON export_runs WHEN OLD.finished_at IS NOT NULL"
  "  BEGIN SELECT RAISE (ABORT, 'a finished export run never changes'); END;"
  "CREATE TRIGGER export_runs_no_delete BEFORE DELETE ON export_runs"
  "  BEGIN SELECT RAISE (ABORT, 'an export run is never removed'); END;"
  "INSERT INTO change_serials (kind) VALUES ('exports');"
  BUMP_SERIAL ("exports", "exports")
  BUMP_SERIAL ("export_cameras", "exports")
  BUMP_SERIAL ("export_runs", "exports"),

  /* 6 → 7: a camera's deletions found by time, as its review timeline asks
   * (a row a segment: some half a million a camera a year). */
  "CREATE INDEX deletions_camera_start ON deletions (camera COLLATE NOCASE, start_at);",

  /* 7 → 8: the machines of a site of several machines (a site on SQLite is
   * one machine and lists none), and the machine each entry of the trail
   * was written on (NULL before, and on a single machine). A machine is
   * invited once, joins once, and once revoked stays revoked; none is ever
   * removed. Its changes are told as the site's settings'. */
  "CREATE TABLE machines ("
  "  id            INTEGER PRIMARY KEY,"
  "  name          TEXT NOT NULL COLLATE NOCASE UNIQUE,"
  "  kind          TEXT NOT NULL CHECK (kind IN ('laptop', 'wall', 'handheld', 'recorder')),"
  "  invited_at    INTEGER NOT NULL,"
  "  invited_by    TEXT NOT NULL,"
  "  joined_at     INTEGER,"
  "  joined_by     TEXT,"
  "  revoked_at    INTEGER,"
  "  revoked_by    TEXT,"
  "  revoke_reason TEXT,"
  "  CHECK ((joined_at IS NULL) = (joined_by IS NULL)),"
  "  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)"
  "         AND (revoked_at IS NULL) = (revoke_reason IS NULL) AND revoke_reason IS NOT '')"
  ");"
  "CREATE TRIGGER machines_no_delete BEFORE DELETE ON machines"
  "  BEGIN SELECT RAISE (ABORT, 'a machine is revoked, never removed'); END;"
  "CREATE TRIGGER machines_revoked_once BEFORE UPDATE ON machines WHEN OLD.revoked_at IS NOT NULL"
  "  BEGIN SELECT RAISE (ABORT, 'a revoked machine stays revoked'); END;"
  "CREATE TRIGGER machines_joined_once BEFORE UPDATE ON machines"
  "  WHEN OLD.joined_at IS NOT NULL AND (NEW.joined_at IS NOT OLD.joined_at OR NEW.joined_by IS NOT OLD.joined_by)"
  "  BEGIN SELECT RAISE (ABORT, 'a machine joins once'); END;"
  BUMP_SERIAL ("machines", "settings")
  "ALTER TABLE audit ADD COLUMN machine TEXT;",

  /* 8 → 9: the tokens by which a member reads footage from the recorder's
   * machine, each for one camera and range, for minutes: only its SHA-256
   * is kept, so that nobody reading the store can use one. A token is the
   * record of what was let out, never changed or removed. */
  "CREATE TABLE footage_tokens ("
  "  id         INTEGER PRIMARY KEY,"
  "  sha256     TEXT NOT NULL UNIQUE CHECK (length (sha256) = 64),"
  "  username   TEXT NOT NULL COLLATE NOCASE,"
  "  camera     TEXT NOT NULL COLLATE NOCASE,"
  "  range_from INTEGER NOT NULL,"
  "  range_to   INTEGER NOT NULL,"
  "  purpose    TEXT NOT NULL CHECK (purpose IN ('review', 'export')),"
  "  granted_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  CHECK (range_from < range_to AND granted_at < expires_at)"
  ");"
  "CREATE TRIGGER footage_tokens_no_update BEFORE UPDATE ON footage_tokens"
  "  BEGIN SELECT RAISE (ABORT, 'a footage token is never changed'); END;"
  "CREATE TRIGGER footage_tokens_no_delete BEFORE DELETE ON footage_tokens"
  "  BEGIN SELECT RAISE (ABORT, 'a footage token is never removed'); END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == VIGIL_STORE_SCHEMA_VERSION);

const char *
vigil_store_migration (guint version)
{
  g_return_val_if_fail (version < G_N_ELEMENTS (migrations), NULL);

  return migrations[version];
}
