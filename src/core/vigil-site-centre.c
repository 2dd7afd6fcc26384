/* vigil-site-centre.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-camera-private.h"
#include "vigil-duty.h"
#include "vigil-error.h"
#include "vigil-secrets.h"
#include "vigil-site-centre-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-duty.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* Rooms, cameras and families: what the centre is and who lives in it. */

#define MAX_ROOM_NAME        64

/* The reason written for what a discharge ends: a record, so not translated. */
#define DISCHARGED           "family discharged"

gboolean
vigil_site_centre_transact (VigilSite              *self,
                            VigilSiteCentreChange   change,
                            gpointer                data,
                            GError                **error)
{
  VigilStore *store = vigil_site_get_store (self);

  if (!vigil_store_begin (store, error))
    return FALSE;

  if (!change (self, data, error))
    {
      vigil_store_rollback (store);
      return FALSE;
    }

  return vigil_store_commit (store, error);
}

char *
vigil_site_centre_today (VigilSite *self)
{
  return vigil_date_today (vigil_site_get_time_zone (self), vigil_site_now (self));
}

char *
vigil_site_centre_family_object (VigilFamily *family)
{
  return g_strdup_printf ("family:%s", vigil_family_get_case_ref (family));
}

char *
vigil_site_centre_local_time (VigilSite *self,
                              gint64     instant)
{
  return vigil_time_format_local (instant, vigil_site_get_time_zone (self), "%Y-%m-%d %H:%M %Z");
}

VigilFamily *
vigil_site_centre_placed_family (VigilSite   *self,
                                 const char  *case_ref,
                                 GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;

  family = vigil_store_family_lookup (vigil_site_get_store (self), case_ref, error);
  if (family == NULL)
    return NULL;

  if (vigil_family_get_discharged_on (family) != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("family %s was discharged on %s"),
                   vigil_family_get_case_ref (family), vigil_family_get_discharged_on (family));
      return NULL;
    }

  return g_steal_pointer (&family);
}

/* Rooms */

gboolean
vigil_site_check_new_room (VigilSite   *self,
                           const char  *name,
                           GError     **error)
{
  g_autofree char *existing = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* Rooms are where families live and family-room cameras look. */
  if (!vigil_text_validate_name (name, MAX_ROOM_NAME, _("room name"), error) ||
      !vigil_camera_check_not_bathroom (name, _("room name"), error))
    return FALSE;

  existing = vigil_store_room_lookup (vigil_site_get_store (self), name, NULL, NULL);
  if (existing != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS, _("room “%s” already exists"), existing);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  VigilSession *session;
  const char   *name;
  const char   *reason;
} AddRoom;

static gboolean
add_room (VigilSite  *self,
          gpointer    data,
          GError    **error)
{
  AddRoom *add = data;
  g_autofree char *object = g_strdup_printf ("room:%s", add->name);

  return vigil_site_check_new_room (self, add->name, error) &&
         vigil_store_room_insert (vigil_site_get_store (self), add->name, vigil_site_now (self), error) != 0 &&
         vigil_site_audit (self, vigil_session_get_username (add->session), "room-added", object,
                           add->reason ? add->reason : "", "", error);
}

/**
 * vigil_site_add_room:
 *
 * Adds a room families can be placed in. Needs the manage-cameras
 * permission. A name that says bathroom or toilet is refused.
 */
gboolean
vigil_site_add_room (VigilSite     *self,
                     VigilSession  *session,
                     const char    *name,
                     const char    *reason,
                     GError       **error)
{
  AddRoom add = { session, name, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_CAMERAS, N_("add a room"), error) ||
      !vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;

  return vigil_site_centre_transact (self, add_room, &add, error);
}

/**
 * vigil_site_list_rooms:
 *
 * Returns: (transfer full) (element-type utf8): the rooms' names
 */
GPtrArray *
vigil_site_list_rooms (VigilSite  *self,
                       GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_rooms_list (vigil_site_get_store (self), error);
}

/* Cameras */

/**
 * vigil_site_check_new_camera:
 * @username: (nullable): the camera's username, if it needs credentials
 *
 * Checks a camera without writing anything: its own fields (no bathroom or
 * toilet; an rtsp:// or rtsps:// URL without credentials in it), that its
 * room exists, and that the name is free.
 */
gboolean
vigil_site_check_new_camera (VigilSite    *self,
                             VigilCamera  *camera,
                             const char   *username,
                             GError      **error)
{
  g_autoptr(VigilCamera) existing = NULL;
  const char *room;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CAMERA (camera), FALSE);

  if (!vigil_camera_validate (camera, error))
    return FALSE;

  room = vigil_camera_get_room (camera);
  if (room != NULL)
    {
      g_autofree char *stored = vigil_store_room_lookup (vigil_site_get_store (self), room, NULL, error);
      if (stored == NULL)
        return FALSE;
    }

  if (username != NULL &&
      !vigil_camera_validate_username (username, error))
    return FALSE;

  existing = vigil_store_camera_lookup (vigil_site_get_store (self), vigil_camera_get_name (camera), NULL);
  if (existing != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("camera “%s” already exists"), vigil_camera_get_name (existing));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  VigilSession *session;
  VigilCamera  *camera;
  const char   *username;
  const char   *reason;
} AddCamera;

static gboolean
add_camera (VigilSite  *self,
            gpointer    data,
            GError    **error)
{
  AddCamera *add = data;
  VigilStore *store = vigil_site_get_store (self);
  VigilCamera *camera = add->camera;
  g_autofree char *object = g_strdup_printf ("camera:%s", vigil_camera_get_name (camera));
  g_autofree char *detail = NULL;
  gint64 room_id = 0;

  if (!vigil_site_check_new_camera (self, camera, add->username, error))
    return FALSE;

  if (vigil_camera_get_room (camera) != NULL)
    {
      g_autofree char *room = vigil_store_room_lookup (store, vigil_camera_get_room (camera), &room_id, error);
      if (room == NULL)
        return FALSE;
    }

  /* The name's UNIQUE constraint refuses a camera that raced in between
   * the check before the keyring write and this transaction. */
  if (vigil_store_camera_insert (store, camera, room_id, vigil_site_now (self), error) == 0)
    return FALSE;

  /* The URL holds no credentials (vigil_camera_validate_url refuses them),
   * so it may go into the trail; the username and password never do. */
  detail = g_strdup_printf ("location=%s room=%s url=%s sub_url=%s audio=%s credentials=%s",
                            vigil_camera_location_to_string (vigil_camera_get_location (camera)),
                            vigil_camera_get_room (camera) ?: "-",
                            vigil_camera_get_url (camera),
                            vigil_camera_get_sub_url (camera) ?: "-",
                            vigil_camera_get_has_audio (camera) ? "yes" : "no",
                            add->username != NULL ? "keyring" : "none");

  return vigil_site_audit (self, vigil_session_get_username (add->session), "camera-added", object,
                           add->reason ? add->reason : "", detail, error);
}

/**
 * vigil_site_add_camera:
 * @username: (nullable): the camera's username, with @password; both go to
 *   the Secret Service, never to the data file
 *
 * Registers a camera. Needs the manage-cameras permission.
 *
 * The credentials are written before the store's write transaction begins,
 * so a slow keyring never holds the store's lock; the name is checked free
 * first, so an existing camera's credentials are never overwritten. If the
 * insert or the commit then fails, the item is put back as it was (removed
 * if there was none), unless someone else has written it since. See
 * docs/centre-records.md.
 */
gboolean
vigil_site_add_camera (VigilSite     *self,
                       VigilSession  *session,
                       VigilCamera   *camera,
                       const char    *username,
                       const char    *password,
                       const char    *reason,
                       GError       **error)
{
  AddCamera add = { session, camera, username, reason };
  VigilSiteCameraCredentials written = { 0 };
  gboolean done;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_CAMERA (camera), FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_CAMERAS, N_("add a camera"), error) ||
      !vigil_text_validate_reason (reason, FALSE, error) ||
      !vigil_site_camera_check_credentials (camera, username, password, error) ||
      !vigil_site_check_new_camera (self, camera, username, error))
    return FALSE;

  if (username != NULL &&
      !vigil_site_camera_credentials_write (self, vigil_camera_get_name (camera), username, password,
                                            &written, error))
    return FALSE;

  done = vigil_site_centre_transact (self, add_camera, &add, error);
  if (!done)
    vigil_site_camera_credentials_undo (self, &written);
  vigil_site_camera_credentials_clear (&written);
  return done;
}

VigilCamera *
vigil_site_lookup_camera (VigilSite   *self,
                          const char  *name,
                          GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return vigil_store_camera_lookup (vigil_site_get_store (self), name, error);
}

GPtrArray *
vigil_site_list_cameras (VigilSite  *self,
                         GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_cameras_list (vigil_site_get_store (self), error);
}

/**
 * vigil_site_lookup_camera_credentials:
 * @username: (out): the username, or %NULL if the camera has none
 * @password: (out): the password, or %NULL if the camera has none
 *
 * For the processes that connect to the camera; internal (see
 * vigil-site-centre-private.h) because it asks for no session. The password
 * is the caller's to wipe and free.
 */
gboolean
vigil_site_lookup_camera_credentials (VigilSite   *self,
                                      const char  *name,
                                      char       **username,
                                      char       **password,
                                      GError     **error)
{
  g_autoptr(VigilCamera) camera = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL && username != NULL && password != NULL, FALSE);

  camera = vigil_site_lookup_camera (self, name, error);
  if (camera == NULL)
    return FALSE;

  return vigil_secrets_lookup_camera_credentials (vigil_site_get_id (self), vigil_camera_get_name (camera),
                                                  username, password, NULL, error);
}

/* Families */

/**
 * vigil_site_check_new_family:
 * @family: the family; a retention of 0 is set to the site's default
 *   (retention-days)
 * @initial_state: the stage at admission, 1 to 4
 *
 * Checks a family without writing anything: its fields, that the case
 * reference was never used, that the room exists and that no family is
 * placed in it now.
 */
gboolean
vigil_site_check_new_family (VigilSite         *self,
                             VigilFamily       *family,
                             VigilFamilyState   initial_state,
                             GError           **error)
{
  VigilStore *store;
  g_autofree char *today = NULL;
  g_autofree char *room = NULL;
  g_autoptr(VigilFamily) existing = NULL;
  g_autoptr(VigilFamily) occupant = NULL;
  g_autoptr(GError) lookup_error = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_FAMILY (family), FALSE);

  store = vigil_site_get_store (self);
  if (vigil_family_get_retention_days (family) == 0)
    vigil_family_set_retention_days (family, vigil_site_get_setting_uint (self, VIGIL_SETTING_RETENTION_DAYS));

  today = vigil_site_centre_today (self);
  if (!vigil_family_validate (family, today, error))
    return FALSE;

  if (initial_state < VIGIL_STATE_STAGE_1 || initial_state > VIGIL_STATE_STAGE_4)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a family is admitted at stage 1, 2, 3 or 4"));
      return FALSE;
    }

  existing = vigil_store_family_lookup (store, vigil_family_get_case_ref (family), &lookup_error);
  if (existing != NULL)
    {
      /* Case references are never reused, even after a discharge: notes,
       * exports and the trail name families by them. */
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("family “%s” already exists"), vigil_family_get_case_ref (existing));
      return FALSE;
    }
  if (!g_error_matches (lookup_error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }
  g_clear_error (&lookup_error);

  room = vigil_store_room_lookup (store, vigil_family_get_room (family), NULL, error);
  if (room == NULL)
    return FALSE;

  occupant = vigil_store_family_in_room (store, room, &lookup_error);
  if (lookup_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }
  if (occupant != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("room “%s” already has family %s (%s) placed in it: discharge them first"),
                   room, vigil_family_get_case_ref (occupant), vigil_family_get_label (occupant));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  VigilSession     *session;
  VigilFamily      *family;
  VigilFamilyState  initial_state;
  const char       *reason;
} AddFamily;

static gboolean
add_family (VigilSite  *self,
            gpointer    data,
            GError    **error)
{
  AddFamily *add = data;
  VigilFamily *family = add->family;
  VigilStore *store = vigil_site_get_store (self);
  const char *actor = vigil_session_get_username (add->session);
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *room = NULL;
  gint64 room_id = 0, family_id, admitted_at = 0, now = vigil_site_now (self);

  if (!vigil_site_check_new_family (self, family, add->initial_state, error))
    return FALSE;

  room = vigil_store_room_lookup (store, vigil_family_get_room (family), &room_id, error);
  if (room == NULL ||
      !vigil_time_parse (vigil_family_get_admitted_on (family), vigil_site_get_time_zone (self),
                         &admitted_at, error))
    return FALSE;

  family_id = vigil_store_family_insert (store, family, room_id, now, error);
  if (family_id == 0)
    return FALSE;

  /* The first entry of the stage history: the stage the family arrives at,
   * from local midnight of the admission date. */
  if (vigil_store_stage_change_insert (store, family_id, admitted_at, VIGIL_STATE_NONE, add->initial_state,
                                       actor, now,
                                       add->reason && *add->reason ? add->reason : "admission",
                                       "", error) == 0)
    return FALSE;

  /* The first entry of the agreement history, when signed on admission. */
  if (vigil_family_get_agreement_signed_on (family) != NULL &&
      vigil_store_agreement_insert (store, family_id, vigil_family_get_agreement_signed_on (family),
                                    vigil_family_get_agreement_covers_audio (family),
                                    vigil_family_get_retention_days (family), now, actor, error) == 0)
    return FALSE;

  object = vigil_site_centre_family_object (family);
  detail = g_strdup_printf ("label=%s room=%s admitted=%s stage=%d agreement=%s audio=%s retention_days=%u consent=%s",
                            vigil_family_get_label (family), room,
                            vigil_family_get_admitted_on (family), add->initial_state,
                            vigil_family_get_agreement_signed_on (family) ?: "none",
                            vigil_family_get_agreement_covers_audio (family) ? "yes" : "no",
                            vigil_family_get_retention_days (family),
                            vigil_family_get_consent_on (family) ?: "none");
  return vigil_site_audit (self, actor, "family-added", object,
                           add->reason ? add->reason : "", detail, error);
}

/**
 * vigil_site_add_family:
 * @initial_state: the stage at admission, 1 to 4; it becomes the first entry
 *   of the family's stage history, from local midnight of the admission date
 *
 * Admits a family into a room. Needs the manage-families permission.
 */
gboolean
vigil_site_add_family (VigilSite         *self,
                       VigilSession      *session,
                       VigilFamily       *family,
                       VigilFamilyState   initial_state,
                       const char        *reason,
                       GError           **error)
{
  AddFamily add = { session, family, initial_state, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_FAMILY (family), FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_FAMILIES, N_("admit a family"), error) ||
      !vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;

  return vigil_site_centre_transact (self, add_family, &add, error);
}

VigilFamily *
vigil_site_lookup_family (VigilSite   *self,
                          const char  *case_ref,
                          GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  return vigil_store_family_lookup (vigil_site_get_store (self), case_ref, error);
}

GPtrArray *
vigil_site_list_families (VigilSite  *self,
                          gboolean    include_discharged,
                          GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_families_list (vigil_site_get_store (self), include_discharged, error);
}

typedef struct
{
  VigilSession *session;
  const char   *case_ref;
  const char   *signed_on;
  gboolean      covers_audio;
  guint         retention_days;
  const char   *reason;
} RecordAgreement;

/* Everything that decides whether an agreement may be recorded, against the
 * store as it is: the same checks as at admission on the family as it would
 * become, and no date before the latest agreement's. */
static VigilFamily *
check_agreement (VigilSite    *self,
                 const char   *case_ref,
                 const char   *signed_on,
                 gboolean      covers_audio,
                 guint         retention_days,
                 char        **detail,
                 GError      **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GArray) history = NULL;
  g_autofree char *today = vigil_site_centre_today (self);
  const char *latest;
  guint retention;

  if (!vigil_date_validate (signed_on, error))
    return NULL;

  family = vigil_site_centre_placed_family (self, case_ref, error);
  if (family == NULL)
    return NULL;

  retention = retention_days ? retention_days : vigil_family_get_retention_days (family);
  if (detail != NULL)
    *detail = g_strdup_printf ("signed=%s audio=%s retention_days=%u previous=%s audio=%s retention_days=%u",
                               signed_on, covers_audio ? "yes" : "no", retention,
                               vigil_family_get_agreement_signed_on (family) ?: "none",
                               vigil_family_get_agreement_covers_audio (family) ? "yes" : "no",
                               vigil_family_get_retention_days (family));

  vigil_family_set_agreement (family, signed_on, covers_audio);
  vigil_family_set_retention_days (family, retention);
  if (!vigil_family_validate (family, today, error))
    return NULL;

  /* Agreements are a history: a new one replaces the last from its signed
   * date on, so it may not be dated before it (the past stays as it was). */
  history = vigil_store_agreements_list (store, vigil_family_get_id (family), error);
  if (history == NULL)
    return NULL;
  latest = history->len > 0 ? g_array_index (history, VigilStoreAgreement, history->len - 1).signed_on : NULL;
  if (latest != NULL && strcmp (signed_on, latest) < 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the new agreement's signed date %s is before the latest agreement's (%s): "
                     "a new agreement replaces the last one from its signed date on"),
                   signed_on, latest);
      return NULL;
    }

  return g_steal_pointer (&family);
}

/**
 * vigil_site_check_agreement:
 *
 * Checks, without writing, what vigil_site_record_agreement() would check.
 */
gboolean
vigil_site_check_agreement (VigilSite   *self,
                            const char  *case_ref,
                            const char  *signed_on,
                            gboolean     covers_audio,
                            guint        retention_days,
                            GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL && signed_on != NULL, FALSE);

  family = check_agreement (self, case_ref, signed_on, covers_audio, retention_days, NULL, error);
  return family != NULL;
}

static gboolean
record_agreement (VigilSite  *self,
                  gpointer    data,
                  GError    **error)
{
  RecordAgreement *record = data;
  VigilStore *store = vigil_site_get_store (self);
  const char *actor = vigil_session_get_username (record->session);
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  guint retention;

  family = check_agreement (self, record->case_ref, record->signed_on, record->covers_audio,
                            record->retention_days, &detail, error);
  if (family == NULL)
    return FALSE;

  retention = vigil_family_get_retention_days (family);
  object = vigil_site_centre_family_object (family);
  return vigil_store_family_set_agreement (store, vigil_family_get_id (family),
                                           record->signed_on, record->covers_audio, retention, error) &&
         vigil_store_agreement_insert (store, vigil_family_get_id (family), record->signed_on,
                                       record->covers_audio, retention, vigil_site_now (self), actor,
                                       error) != 0 &&
         vigil_site_audit (self, actor, "family-agreement-recorded",
                           object, record->reason ? record->reason : "", detail, error);
}

/**
 * vigil_site_record_agreement:
 * @signed_on: the date the (new) CCTV and audio agreement was signed
 * @retention_days: the days agreed, or 0 to keep the family's current figure
 *
 * Records a family's CCTV and audio agreement signed after admission, or a
 * new one that replaces the last from its signed date on; the earlier ones
 * are kept as a history, so the policy for a past instant does not change.
 * A date before the latest agreement's is refused. Needs the
 * manage-families permission.
 */
gboolean
vigil_site_record_agreement (VigilSite     *self,
                             VigilSession  *session,
                             const char    *case_ref,
                             const char    *signed_on,
                             gboolean       covers_audio,
                             guint          retention_days,
                             const char    *reason,
                             GError       **error)
{
  RecordAgreement record = { session, case_ref, signed_on, covers_audio, retention_days, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL && signed_on != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_FAMILIES,
                                    N_("record a family's agreement"), error) ||
      !vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;

  return vigil_site_centre_transact (self, record_agreement, &record, error);
}

typedef struct
{
  VigilSession *session;
  const char   *case_ref;
  const char   *date;
  const char   *reason;
} Discharge;

/* Everything that decides whether a family may be discharged on @date. */
static VigilFamily *
check_discharge (VigilSite   *self,
                 const char  *case_ref,
                 const char  *date,
                 GError     **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) duty_error = NULL;
  g_autofree char *today = vigil_site_centre_today (self);

  if (date == NULL)
    date = today;

  family = vigil_site_centre_placed_family (self, case_ref, error);
  if (family == NULL || !vigil_date_validate (date, error))
    return NULL;

  if (strcmp (date, today) > 0 || strcmp (date, vigil_family_get_admitted_on (family)) < 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a discharge date must fall between the admission on %s and today (%s)"),
                   vigil_family_get_admitted_on (family), today);
      return NULL;
    }

  /* A baby on someone's watch has not left: the watcher ends the duty (with
   * its summary note) or hands it over first. */
  duty = vigil_store_duty_open_for_family (store, vigil_family_get_id (family), &duty_error);
  if (duty_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&duty_error));
      return NULL;
    }
  if (duty != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("family %s cannot be discharged while %s is on duty watching them: end or hand over the duty first"),
                   vigil_family_get_case_ref (family), vigil_duty_get_operator (duty));
      return NULL;
    }

  return g_steal_pointer (&family);
}

/**
 * vigil_site_check_discharge:
 * @discharged_on: (nullable): as for vigil_site_discharge_family()
 *
 * Checks, without writing, what vigil_site_discharge_family() would check.
 */
gboolean
vigil_site_check_discharge (VigilSite   *self,
                            const char  *case_ref,
                            const char  *discharged_on,
                            GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  family = check_discharge (self, case_ref, discharged_on, error);
  return family != NULL;
}

static gboolean
discharge_family (VigilSite  *self,
                  gpointer    data,
                  GError    **error)
{
  Discharge *discharge = data;
  VigilStore *store = vigil_site_get_store (self);
  const char *actor = vigil_session_get_username (discharge->session);
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autofree char *today = vigil_site_centre_today (self);
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  gint64 now = vigil_site_now (self);
  gint64 closed_request = 0;
  const char *date = discharge->date ? discharge->date : today;

  family = check_discharge (self, discharge->case_ref, date, error);
  if (family == NULL)
    return FALSE;

  object = vigil_site_centre_family_object (family);

  /* What was planned for the family no longer applies once they have left:
   * scheduled stage changes are cancelled, a running override ended, an
   * open watch request closed (or every console would show it uncovered).
   * The reasons are records, so they are written in plain English. */
  if (!vigil_store_watch_request_close (store, vigil_family_get_id (family), now, actor, &closed_request, error))
    return FALSE;
  if (closed_request != 0)
    {
      g_autofree char *request_detail = g_strdup_printf ("request=%" G_GINT64_FORMAT, closed_request);

      if (!vigil_site_audit (self, actor, "watch-request-closed", object, DISCHARGED, request_detail, error))
        return FALSE;
    }

  changes = vigil_store_stage_changes_list (store, vigil_family_get_id (family), error);
  overrides = changes ? vigil_store_overrides_list (store, vigil_family_get_id (family), error) : NULL;
  if (overrides == NULL)
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);
      g_autofree char *change_detail = NULL;

      if (!vigil_stage_change_is_pending (change, now))
        continue;
      change_detail = g_strdup_printf ("change=%" G_GINT64_FORMAT, vigil_stage_change_get_id (change));
      if (!vigil_store_stage_change_cancel (store, vigil_stage_change_get_id (change), now, actor, error) ||
          !vigil_site_audit (self, actor, "stage-change-cancelled", object, DISCHARGED, change_detail, error))
        return FALSE;
    }

  for (guint i = 0; i < overrides->len; i++)
    {
      VigilOverride *running = g_ptr_array_index (overrides, i);
      g_autofree char *override_detail = NULL;

      if (!vigil_override_is_running (running, now))
        continue;
      override_detail = g_strdup_printf ("override=%" G_GINT64_FORMAT, vigil_override_get_id (running));
      if (!vigil_store_override_end (store, vigil_override_get_id (running), now, actor, DISCHARGED, error) ||
          !vigil_site_audit (self, actor, "override-ended", object, DISCHARGED, override_detail, error))
        return FALSE;
    }

  detail = g_strdup_printf ("discharged=%s room=%s", date, vigil_family_get_room (family));
  return vigil_store_family_set_discharged (store, vigil_family_get_id (family), date, error) &&
         vigil_site_audit (self, actor, "family-discharged", object,
                           discharge->reason ? discharge->reason : "", detail, error);
}

/**
 * vigil_site_discharge_family:
 * @discharged_on: (nullable): the date the family left, today if %NULL
 *
 * Records that a family has left: its room is free for the next family, any
 * scheduled stage change is cancelled, a running override ended and an open
 * watch request closed. Refused while an operator is on duty watching the
 * family: that duty ends (or is handed over) first. The family is placed
 * until the end of @discharged_on. Needs the manage-families permission.
 */
gboolean
vigil_site_discharge_family (VigilSite     *self,
                             VigilSession  *session,
                             const char    *case_ref,
                             const char    *discharged_on,
                             const char    *reason,
                             GError       **error)
{
  Discharge discharge = { session, case_ref, discharged_on, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_FAMILIES,
                                    N_("discharge a family"), error) ||
      !vigil_text_validate_reason (reason, FALSE, error))
    return FALSE;

  return vigil_site_centre_transact (self, discharge_family, &discharge, error);
}
