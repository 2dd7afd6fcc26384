/* vigil-store-centre.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-camera-private.h"
#include "vigil-error.h"
#include "vigil-text.h"
#include "vigil-family-private.h"
#include "vigil-store-private.h"

#include "vigil-store-centre.h"

/* Rooms, cameras and families. Stage changes, windows and overrides are in
 * vigil-store-family.c. */

/* What every failed read of these tables says. */
#define CENTRE_READ_ERROR _("Could not read the centre's records")

/* Rooms */

gint64
vigil_store_room_insert (VigilStore  *self,
                         const char  *name,
                         gint64       now_us,
                         GError     **error)
{
  g_autofree char *exists = NULL;
  g_autofree char *shown = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "INSERT INTO rooms (name, created_at) VALUES (?, ?)", error)))
    return 0;

  vigil_store_stmt_bind_text (stmt, 1, name);
  vigil_store_stmt_bind_int64 (stmt, 2, now_us);
  shown = vigil_text_quote (name);
  exists = g_strdup_printf (_("room “%s” already exists"), shown);
  return vigil_store_insert_row (self, stmt, exists, _("Could not add a room"), error);
}

/**
 * vigil_store_room_lookup:
 * @id: (out) (optional): the room's id
 *
 * Returns: (transfer full): the room's name as stored, or %NULL with
 *   VIGIL_ERROR_NOT_FOUND
 */
char *
vigil_store_room_lookup (VigilStore  *self,
                         const char  *name,
                         gint64      *id,
                         GError     **error)
{
  VigilStoreStmt *stmt;
  char *stored = NULL;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT id, name FROM rooms WHERE name = ? COLLATE NOCASE", error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, name);
  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    {
      if (id != NULL)
        *id = vigil_store_stmt_column_int64 (stmt, 0);
      stored = vigil_store_column_dup (stmt, 1);
    }
  else if (rc == VIGIL_STORE_STEP_DONE)
    {
      g_autofree char *shown = vigil_text_quote (name);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                   _("no room “%s”: a manager adds rooms with “vigilctl room add”"), shown);
    }
  else
    vigil_store_set_error (self, error, _("Could not read rooms"));
  vigil_store_stmt_reset (stmt);

  return stored;
}

static gpointer
room_name_from_row (VigilStoreStmt *stmt)
{
  return vigil_store_column_dup (stmt, 0);
}

/**
 * vigil_store_rooms_list:
 *
 * Returns: (transfer full) (element-type utf8): every room's name, in order
 */
GPtrArray *
vigil_store_rooms_list (VigilStore  *self,
                        GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "SELECT name FROM rooms ORDER BY name COLLATE NOCASE", error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, room_name_from_row, g_free, CENTRE_READ_ERROR, error);
}

/* Cameras */

#define CAMERA_SELECT \
  "SELECT c.id, c.name, c.location, r.name, c.url, c.sub_url, c.has_audio, c.enabled, c.created_at" \
  " FROM cameras c LEFT JOIN rooms r ON r.id = c.room_id"

static gpointer
camera_from_row (VigilStoreStmt *stmt)
{
  VigilLocation location = VIGIL_LOCATION_COMMUNAL;
  VigilCamera *camera;

  /* The CHECK constraint keeps the location to the two names. */
  vigil_camera_location_from_string (vigil_store_stmt_column_text (stmt, 2), &location, NULL);
  camera = vigil_camera_new (vigil_store_stmt_column_text (stmt, 1), location, vigil_store_stmt_column_text (stmt, 3),
                             vigil_store_stmt_column_text (stmt, 4), vigil_store_stmt_column_text (stmt, 5),
                             vigil_store_stmt_column_int64 (stmt, 6));
  vigil_camera_set_stored (camera, vigil_store_stmt_column_int64 (stmt, 0),
                           vigil_store_stmt_column_int64 (stmt, 7), vigil_store_stmt_column_int64 (stmt, 8));
  return camera;
}

/**
 * vigil_store_camera_insert:
 * @room_id: the room of a family-room camera, or 0
 *
 * Returns: the new camera's id, or 0 with @error set
 */
gint64
vigil_store_camera_insert (VigilStore   *self,
                           VigilCamera  *camera,
                           gint64        room_id,
                           gint64        now_us,
                           GError      **error)
{
  g_autofree char *exists = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (VIGIL_IS_CAMERA (camera), 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO cameras (name, location, room_id, url, sub_url,"
                                    " has_audio, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_text (stmt, 1, vigil_camera_get_name (camera));
  vigil_store_stmt_bind_text (stmt, 2, vigil_camera_location_to_string (vigil_camera_get_location (camera)));
  if (room_id != 0)
    vigil_store_stmt_bind_int64 (stmt, 3, room_id);
  else
    vigil_store_stmt_bind_null (stmt, 3);
  vigil_store_stmt_bind_text (stmt, 4, vigil_camera_get_url (camera));
  vigil_store_stmt_bind_text (stmt, 5, vigil_camera_get_sub_url (camera));
  vigil_store_stmt_bind_int64 (stmt, 6, vigil_camera_get_has_audio (camera) ? 1 : 0);
  vigil_store_stmt_bind_int64 (stmt, 7, now_us);

  exists = g_strdup_printf (_("camera “%s” already exists"), vigil_camera_get_name (camera));
  return vigil_store_insert_row (self, stmt, exists, _("Could not add a camera"), error);
}

/**
 * vigil_store_camera_lookup:
 *
 * Returns: (transfer full): the camera, or %NULL with VIGIL_ERROR_NOT_FOUND
 */
VigilCamera *
vigil_store_camera_lookup (VigilStore  *self,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *not_found = NULL;
  g_autofree char *shown = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, CAMERA_SELECT " WHERE c.name = ? COLLATE NOCASE", error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, name);
  shown = vigil_text_quote (name);
  not_found = g_strdup_printf (_("no camera “%s”"), shown);
  return vigil_store_read_one (self, stmt, camera_from_row, not_found, CENTRE_READ_ERROR, error);
}

GPtrArray *
vigil_store_cameras_list (VigilStore  *self,
                          GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, CAMERA_SELECT " ORDER BY c.name COLLATE NOCASE", error)))
    return NULL;

  return vigil_store_collect_rows (self, stmt, camera_from_row, g_object_unref, CENTRE_READ_ERROR, error);
}

/**
 * vigil_store_cameras_in_room:
 *
 * Returns: (transfer full) (element-type VigilCamera): the room's cameras,
 *   empty for a room without any (or no such room)
 */
GPtrArray *
vigil_store_cameras_in_room (VigilStore  *self,
                             const char  *room_name,
                             GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (room_name != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    CAMERA_SELECT " WHERE r.name = ? COLLATE NOCASE ORDER BY c.name COLLATE NOCASE",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, room_name);
  return vigil_store_collect_rows (self, stmt, camera_from_row, g_object_unref, CENTRE_READ_ERROR, error);
}

/**
 * vigil_store_camera_update:
 * @sub_url: (nullable): the sub-stream, or %NULL for none
 *
 * Sets what the site may change of a camera once registered: its streams
 * and whether it has a microphone. Its name, location and room stay, as the
 * policy and the trail name it by them.
 */
gboolean
vigil_store_camera_update (VigilStore  *self,
                           gint64       camera_id,
                           const char  *url,
                           const char  *sub_url,
                           gboolean     has_audio,
                           GError     **error)
{
  VigilStoreStmt *stmt;
  g_autofree char *not_found = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "UPDATE cameras SET url = ?, sub_url = ?, has_audio = ? WHERE id = ?",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, url);
  vigil_store_stmt_bind_text (stmt, 2, sub_url);
  vigil_store_stmt_bind_int64 (stmt, 3, has_audio ? 1 : 0);
  vigil_store_stmt_bind_int64 (stmt, 4, camera_id);
  not_found = g_strdup_printf (_("no camera number %" G_GINT64_FORMAT), camera_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

gboolean
vigil_store_camera_set_enabled (VigilStore  *self,
                                gint64       camera_id,
                                gboolean     enabled,
                                GError     **error)
{
  VigilStoreStmt *stmt;
  g_autofree char *not_found = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, "UPDATE cameras SET enabled = ? WHERE id = ?", error)))
    return FALSE;

  vigil_store_stmt_bind_int64 (stmt, 1, enabled ? 1 : 0);
  vigil_store_stmt_bind_int64 (stmt, 2, camera_id);
  not_found = g_strdup_printf (_("no camera number %" G_GINT64_FORMAT), camera_id);
  return vigil_store_update_one (self, stmt, not_found, error);
}

/* Families */

#define FAMILY_SELECT \
  "SELECT f.id, f.case_ref, f.label, r.name, f.admitted_on, f.agreement_signed_on," \
  " f.agreement_covers_audio, f.retention_days, f.consent_on, f.discharged_on, f.created_at" \
  " FROM families f JOIN rooms r ON r.id = f.room_id"

static gpointer
family_from_row (VigilStoreStmt *stmt)
{
  VigilFamily *family;

  family = vigil_family_new (vigil_store_stmt_column_text (stmt, 1), vigil_store_stmt_column_text (stmt, 2),
                             vigil_store_stmt_column_text (stmt, 3), vigil_store_stmt_column_text (stmt, 4));
  vigil_family_set_agreement (family, vigil_store_stmt_column_text (stmt, 5), vigil_store_stmt_column_int64 (stmt, 6));
  vigil_family_set_retention_days (family, vigil_store_stmt_column_int64 (stmt, 7));
  vigil_family_set_consent_on (family, vigil_store_stmt_column_text (stmt, 8));
  vigil_family_set_stored (family, vigil_store_stmt_column_int64 (stmt, 0),
                           vigil_store_stmt_column_text (stmt, 9), vigil_store_stmt_column_int64 (stmt, 10));
  return family;
}

/**
 * vigil_store_family_insert:
 * @room_id: the room the family is placed in
 *
 * Returns: the new family's id, or 0 with @error set (VIGIL_ERROR_EXISTS for
 *   a case reference in use or a room that already has a family)
 */
gint64
vigil_store_family_insert (VigilStore   *self,
                           VigilFamily  *family,
                           gint64        room_id,
                           gint64        now_us,
                           GError      **error)
{
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (VIGIL_IS_FAMILY (family), 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO families (case_ref, label, room_id, admitted_on,"
                                    " agreement_signed_on, agreement_covers_audio, retention_days,"
                                    " consent_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_text (stmt, 1, vigil_family_get_case_ref (family));
  vigil_store_stmt_bind_text (stmt, 2, vigil_family_get_label (family));
  vigil_store_stmt_bind_int64 (stmt, 3, room_id);
  vigil_store_stmt_bind_text (stmt, 4, vigil_family_get_admitted_on (family));
  vigil_store_stmt_bind_text (stmt, 5, vigil_family_get_agreement_signed_on (family));
  vigil_store_stmt_bind_int64 (stmt, 6, vigil_family_get_agreement_covers_audio (family) ? 1 : 0);
  vigil_store_stmt_bind_int64 (stmt, 7, vigil_family_get_retention_days (family));
  vigil_store_stmt_bind_text (stmt, 8, vigil_family_get_consent_on (family));
  vigil_store_stmt_bind_int64 (stmt, 9, now_us);

  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_UNIQUE)
    {
      /* Two unique rules: the case reference, and one family a room. */
      if (strstr (vigil_store_error_message (self), "room_id") != NULL)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                     _("room “%s” already has a family placed in it"), vigil_family_get_room (family));
      else
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                     _("family “%s” already exists"), vigil_family_get_case_ref (family));
      vigil_store_stmt_reset (stmt);
      return 0;
    }
  vigil_store_stmt_reset (stmt);
  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not add a family"));
      return 0;
    }

  return vigil_store_last_insert_id (self);
}

/**
 * vigil_store_family_lookup:
 *
 * Returns: (transfer full): the family, discharged or not, or %NULL with
 *   VIGIL_ERROR_NOT_FOUND
 */
VigilFamily *
vigil_store_family_lookup (VigilStore  *self,
                           const char  *case_ref,
                           GError     **error)
{
  g_autofree char *not_found = NULL;
  g_autofree char *shown = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, FAMILY_SELECT " WHERE f.case_ref = ? COLLATE NOCASE", error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, case_ref);
  shown = vigil_text_quote (case_ref);
  not_found = g_strdup_printf (_("no family with case reference “%s”"), shown);
  return vigil_store_read_one (self, stmt, family_from_row, not_found, CENTRE_READ_ERROR, error);
}

VigilFamily *
vigil_store_family_lookup_id (VigilStore  *self,
                              gint64       family_id,
                              GError     **error)
{
  g_autofree char *not_found = NULL;
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, FAMILY_SELECT " WHERE f.id = ?", error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  not_found = g_strdup_printf (_("no family number %" G_GINT64_FORMAT), family_id);
  return vigil_store_read_one (self, stmt, family_from_row, not_found, CENTRE_READ_ERROR, error);
}

/**
 * vigil_store_family_in_room:
 *
 * Returns: (transfer full) (nullable): the family placed in the room now (not
 *   discharged), or %NULL, without an error, when there is none
 */
VigilFamily *
vigil_store_family_in_room (VigilStore  *self,
                            const char  *room_name,
                            GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (room_name != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    FAMILY_SELECT " WHERE r.name = ? COLLATE NOCASE AND f.discharged_on IS NULL",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, room_name);
  return vigil_store_read_one (self, stmt, family_from_row, NULL, CENTRE_READ_ERROR, error);
}

/**
 * vigil_store_family_in_room_on:
 * @date: a calendar date, YYYY-MM-DD, in the site's zone
 *
 * The family placed in the room on @date: admitted on or before it and not
 * discharged before it (a family is placed until the end of its discharge
 * day). When a family leaves and the next arrives on the same day, the one
 * who arrived is given.
 *
 * Returns: (transfer full) (nullable): the family, or %NULL, without an
 *   error, when the room was empty that day
 */
VigilFamily *
vigil_store_family_in_room_on (VigilStore  *self,
                               const char  *room_name,
                               const char  *date,
                               GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (room_name != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    FAMILY_SELECT " WHERE r.name = ?1 COLLATE NOCASE AND f.admitted_on <= ?2"
                                    " AND (f.discharged_on IS NULL OR f.discharged_on >= ?2)"
                                    " ORDER BY f.admitted_on DESC, f.id DESC LIMIT 1",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_text (stmt, 1, room_name);
  vigil_store_stmt_bind_text (stmt, 2, date);
  return vigil_store_read_one (self, stmt, family_from_row, NULL, CENTRE_READ_ERROR, error);
}

/**
 * vigil_store_families_list:
 *
 * Returns: (transfer full) (element-type VigilFamily): families by case
 *   reference
 */
GPtrArray *
vigil_store_families_list (VigilStore  *self,
                           gboolean     include_discharged,
                           GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    FAMILY_SELECT " WHERE ? <> 0 OR f.discharged_on IS NULL"
                                    " ORDER BY f.case_ref COLLATE NOCASE",
                                    error)))
    return NULL;

  vigil_store_stmt_bind_int64 (stmt, 1, include_discharged ? 1 : 0);
  return vigil_store_collect_rows (self, stmt, family_from_row, g_object_unref, CENTRE_READ_ERROR, error);
}

/* Runs a one-row UPDATE of the family. */
static gboolean
update_family (VigilStore    *self,
               VigilStoreStmt  *stmt,
               gint64         family_id,
               GError       **error)
{
  g_autofree char *not_found = g_strdup_printf (_("no family number %" G_GINT64_FORMAT), family_id);

  return vigil_store_update_one (self, stmt, not_found, error);
}

gboolean
vigil_store_family_set_agreement (VigilStore  *self,
                                  gint64       family_id,
                                  const char  *signed_on,
                                  gboolean     covers_audio,
                                  guint        retention_days,
                                  GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE families SET agreement_signed_on = ?, agreement_covers_audio = ?,"
                                    " retention_days = ? WHERE id = ?",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, signed_on);
  vigil_store_stmt_bind_int64 (stmt, 2, signed_on != NULL && covers_audio ? 1 : 0);
  vigil_store_stmt_bind_int64 (stmt, 3, retention_days);
  vigil_store_stmt_bind_int64 (stmt, 4, family_id);
  return update_family (self, stmt, family_id, error);
}

/* Agreements */

/**
 * vigil_store_agreement_insert:
 * @signed_on: the date the agreement was signed, YYYY-MM-DD
 *
 * Adds an agreement to the family's history. The caller keeps the families
 * columns (the current agreement) in step, in the same transaction.
 *
 * Returns: the new agreement's id, or 0 with @error set
 */
gint64
vigil_store_agreement_insert (VigilStore  *self,
                              gint64       family_id,
                              const char  *signed_on,
                              gboolean     covers_audio,
                              guint        retention_days,
                              gint64       recorded_at,
                              const char  *recorded_by,
                              GError     **error)
{
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  g_return_val_if_fail (signed_on != NULL && recorded_by != NULL, 0);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "INSERT INTO agreements (family_id, signed_on, covers_audio, retention_days,"
                                    " recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                                    error)))
    return 0;

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  vigil_store_stmt_bind_text (stmt, 2, signed_on);
  vigil_store_stmt_bind_int64 (stmt, 3, covers_audio ? 1 : 0);
  vigil_store_stmt_bind_int64 (stmt, 4, retention_days);
  vigil_store_stmt_bind_int64 (stmt, 5, recorded_at);
  vigil_store_stmt_bind_text (stmt, 6, recorded_by);

  rc = vigil_store_stmt_step (stmt);
  vigil_store_stmt_reset (stmt);
  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not record an agreement"));
      return 0;
    }

  return vigil_store_last_insert_id (self);
}

static void
agreement_clear (gpointer data)
{
  VigilStoreAgreement *agreement = data;

  g_clear_pointer (&agreement->signed_on, g_free);
  g_clear_pointer (&agreement->recorded_by, g_free);
}

/**
 * vigil_store_agreements_list:
 *
 * Returns: (transfer full): the family's agreements, a GArray of
 *   VigilStoreAgreement ordered by signed date then id, or NULL with @error set
 */
GArray *
vigil_store_agreements_list (VigilStore  *self,
                             gint64       family_id,
                             GError     **error)
{
  g_autoptr(GArray) list = NULL;
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "SELECT id, signed_on, covers_audio, retention_days, recorded_at, recorded_by"
                                    " FROM agreements WHERE family_id = ? ORDER BY signed_on, id",
                                    error)))
    return NULL;

  list = g_array_new (FALSE, TRUE, sizeof (VigilStoreAgreement));
  g_array_set_clear_func (list, agreement_clear);

  vigil_store_stmt_bind_int64 (stmt, 1, family_id);
  while ((rc = vigil_store_stmt_step (stmt)) == VIGIL_STORE_STEP_ROW)
    {
      VigilStoreAgreement agreement = {
        .id = vigil_store_stmt_column_int64 (stmt, 0),
        .signed_on = g_strdup (vigil_store_stmt_column_text (stmt, 1)),
        .covers_audio = vigil_store_stmt_column_int64 (stmt, 2) != 0,
        .retention_days = vigil_store_stmt_column_int64 (stmt, 3),
        .recorded_at = vigil_store_stmt_column_int64 (stmt, 4),
        .recorded_by = g_strdup (vigil_store_stmt_column_text (stmt, 5)),
      };

      g_array_append_val (list, agreement);
    }
  vigil_store_stmt_reset (stmt);

  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, CENTRE_READ_ERROR);
      return NULL;
    }

  return g_steal_pointer (&list);
}

gboolean
vigil_store_family_set_discharged (VigilStore  *self,
                                   gint64       family_id,
                                   const char  *discharged_on,
                                   GError     **error)
{
  VigilStoreStmt *stmt;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (discharged_on != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self,
                                    "UPDATE families SET discharged_on = ? WHERE id = ? AND discharged_on IS NULL",
                                    error)))
    return FALSE;

  vigil_store_stmt_bind_text (stmt, 1, discharged_on);
  vigil_store_stmt_bind_int64 (stmt, 2, family_id);
  return update_family (self, stmt, family_id, error);
}
