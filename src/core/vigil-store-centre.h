/* vigil-store-centre.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-centre.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-camera.h"
#include "vigil-family.h"
#include "vigil-override.h"
#include "vigil-stage-change.h"
#include "vigil-store.h"
#include "vigil-window.h"

G_BEGIN_DECLS

/* The centre's records in the store: rooms, cameras, families, their stage
 * history, observation windows and safeguarding overrides. These calls read
 * and write only; permissions, validation and the audit entry are the site's
 * (vigil-site-centre.h), which wraps writes in one transaction.
 *
 * Names (rooms, cameras) and case references are matched without regard to
 * ASCII case, so "Room 1" and "room 1" are one room. A lookup of something
 * that does not exist is VIGIL_ERROR_NOT_FOUND; lists are GPtrArrays that own
 * their objects. */

/* Rooms (vigil-store-centre.c) */
gint64       vigil_store_room_insert            (VigilStore   *self,
                                                 const char   *name,
                                                 gint64        now_us,
                                                 GError      **error);
char        *vigil_store_room_lookup            (VigilStore   *self,
                                                 const char   *name,
                                                 gint64       *id,
                                                 GError      **error);
GPtrArray   *vigil_store_rooms_list             (VigilStore   *self,
                                                 GError      **error);

/* Cameras (vigil-store-centre.c) */
gint64       vigil_store_camera_insert          (VigilStore   *self,
                                                 VigilCamera  *camera,
                                                 gint64        room_id,
                                                 gint64        now_us,
                                                 GError      **error);
VigilCamera *vigil_store_camera_lookup          (VigilStore   *self,
                                                 const char   *name,
                                                 GError      **error);
GPtrArray   *vigil_store_cameras_list           (VigilStore   *self,
                                                 GError      **error);
GPtrArray   *vigil_store_cameras_in_room        (VigilStore   *self,
                                                 const char   *room_name,
                                                 GError      **error);
gboolean     vigil_store_camera_update          (VigilStore   *self,
                                                 gint64        camera_id,
                                                 const char   *url,
                                                 const char   *sub_url,
                                                 gboolean      has_audio,
                                                 GError      **error);
gboolean     vigil_store_camera_set_enabled     (VigilStore   *self,
                                                 gint64        camera_id,
                                                 gboolean      enabled,
                                                 GError      **error);

/* Families (vigil-store-centre.c) */
gint64       vigil_store_family_insert          (VigilStore   *self,
                                                 VigilFamily  *family,
                                                 gint64        room_id,
                                                 gint64        now_us,
                                                 GError      **error);
VigilFamily *vigil_store_family_lookup          (VigilStore   *self,
                                                 const char   *case_ref,
                                                 GError      **error);
VigilFamily *vigil_store_family_lookup_id       (VigilStore   *self,
                                                 gint64        family_id,
                                                 GError      **error);
VigilFamily *vigil_store_family_in_room         (VigilStore   *self,
                                                 const char   *room_name,
                                                 GError      **error);
VigilFamily *vigil_store_family_in_room_on      (VigilStore   *self,
                                                 const char   *room_name,
                                                 const char   *date,
                                                 GError      **error);
GPtrArray   *vigil_store_families_list          (VigilStore   *self,
                                                 gboolean      include_discharged,
                                                 GError      **error);
gboolean     vigil_store_family_set_agreement   (VigilStore   *self,
                                                 gint64        family_id,
                                                 const char   *signed_on,
                                                 gboolean      covers_audio,
                                                 guint         retention_days,
                                                 GError      **error);
gboolean     vigil_store_family_set_discharged  (VigilStore   *self,
                                                 gint64        family_id,
                                                 const char   *discharged_on,
                                                 GError      **error);

/* CCTV and audio agreements (vigil-store-centre.c): a family's history, each
 * holding from its signed date until the next one's. */
typedef struct
{
  gint64    id;
  char     *signed_on;       /* YYYY-MM-DD */
  gboolean  covers_audio;
  guint     retention_days;
  gint64    recorded_at;
  char     *recorded_by;
} VigilStoreAgreement;

gint64       vigil_store_agreement_insert       (VigilStore   *self,
                                                 gint64        family_id,
                                                 const char   *signed_on,
                                                 gboolean      covers_audio,
                                                 guint         retention_days,
                                                 gint64        recorded_at,
                                                 const char   *recorded_by,
                                                 GError      **error);
/* A GArray of VigilStoreAgreement, ordered by signed_on then id; it frees
 * their strings. */
GArray      *vigil_store_agreements_list        (VigilStore   *self,
                                                 gint64        family_id,
                                                 GError      **error);

/* Stage changes (vigil-store-family.c) */
gint64       vigil_store_stage_change_insert    (VigilStore   *self,
                                                 gint64        family_id,
                                                 gint64        effective_at,
                                                 VigilFamilyState from_state,
                                                 VigilFamilyState to_state,
                                                 const char   *changed_by,
                                                 gint64        recorded_at,
                                                 const char   *reason,
                                                 const char   *evidence,
                                                 GError      **error);
GPtrArray   *vigil_store_stage_changes_list     (VigilStore   *self,
                                                 gint64        family_id,
                                                 GError      **error);
gboolean     vigil_store_stage_change_cancel    (VigilStore   *self,
                                                 gint64        change_id,
                                                 gint64        at,
                                                 const char   *cancelled_by,
                                                 GError      **error);

/* Observation windows (vigil-store-family.c) */
gint64       vigil_store_window_insert          (VigilStore   *self,
                                                 gint64        family_id,
                                                 VigilWindow  *window,
                                                 const char   *created_by,
                                                 gint64        now_us,
                                                 GError      **error);
VigilWindow *vigil_store_window_lookup          (VigilStore   *self,
                                                 gint64        window_id,
                                                 GError      **error);
GPtrArray   *vigil_store_windows_list           (VigilStore   *self,
                                                 gint64        family_id,
                                                 gboolean      include_removed,
                                                 GError      **error);
gboolean     vigil_store_window_remove          (VigilStore   *self,
                                                 gint64        window_id,
                                                 gint64        at,
                                                 const char   *removed_by,
                                                 GError      **error);

/* Safeguarding overrides (vigil-store-family.c) */
gint64       vigil_store_override_insert        (VigilStore   *self,
                                                 gint64        family_id,
                                                 gint64        started_at,
                                                 gint64        expires_at,
                                                 const char   *started_by,
                                                 const char   *rationale,
                                                 gint64        renews,
                                                 GError      **error);
GPtrArray   *vigil_store_overrides_list         (VigilStore   *self,
                                                 gint64        family_id,
                                                 GError      **error);
gboolean     vigil_store_override_end           (VigilStore   *self,
                                                 gint64        override_id,
                                                 gint64        at,
                                                 const char   *ended_by,
                                                 const char   *end_reason,
                                                 GError      **error);

G_END_DECLS
