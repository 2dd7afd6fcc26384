/* vigil-site-centre.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-camera.h"
#include "vigil-family.h"
#include "vigil-override.h"
#include "vigil-site.h"
#include "vigil-stage-change.h"
#include "vigil-window.h"

G_BEGIN_DECLS

/* The centre's records through the site: every call that changes something
 * takes the acting session, checks its permission (a refusal names it),
 * validates before it writes, and writes the change with its audit entry in
 * one transaction. The vigil_site_check_* calls validate without a session
 * and without writing, so a command line can refuse bad input before it asks
 * for a login; the changing call checks everything again.
 *
 * Rooms, cameras and families: vigil-site-centre.c (camera changes:
 * vigil-site-camera.c). Stages and windows:
 * vigil-site-family.c. Overrides: vigil-site-override.c. */

/* Rooms and cameras: the manage-cameras permission (managers). */
gboolean          vigil_site_check_new_room        (VigilSite        *self,
                                                    const char       *name,
                                                    GError          **error);
gboolean          vigil_site_add_room              (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *name,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_add_room_async        (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *name,
                                                    const char       *reason,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean          vigil_site_add_room_finish       (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
GPtrArray        *vigil_site_list_rooms            (VigilSite        *self,
                                                    GError          **error);
void              vigil_site_list_rooms_async      (VigilSite        *self,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GPtrArray        *vigil_site_list_rooms_finish     (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

gboolean          vigil_site_check_new_camera      (VigilSite        *self,
                                                    VigilCamera      *camera,
                                                    const char       *username,
                                                    GError          **error);
gboolean          vigil_site_add_camera            (VigilSite        *self,
                                                    VigilSession     *session,
                                                    VigilCamera      *camera,
                                                    const char       *username,
                                                    const char       *password,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_add_camera_async      (VigilSite        *self,
                                                    VigilSession     *session,
                                                    VigilCamera      *camera,
                                                    const char       *username,
                                                    const char       *password,
                                                    const char       *reason,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean          vigil_site_add_camera_finish     (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
VigilCamera      *vigil_site_lookup_camera         (VigilSite        *self,
                                                    const char       *name,
                                                    GError          **error);
void              vigil_site_lookup_camera_async   (VigilSite        *self,
                                                    const char       *name,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
VigilCamera      *vigil_site_lookup_camera_finish  (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
GPtrArray        *vigil_site_list_cameras          (VigilSite        *self,
                                                    GError          **error);
void              vigil_site_list_cameras_async    (VigilSite        *self,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GPtrArray        *vigil_site_list_cameras_finish   (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

/* Changing a registered camera (vigil-site-camera.c). @sub_url "" removes
 * the sub-stream; %NULL arguments keep what is there. */
typedef enum
{
  VIGIL_CAMERA_AUDIO_UNCHANGED,
  VIGIL_CAMERA_AUDIO_OFF,
  VIGIL_CAMERA_AUDIO_ON,
} VigilCameraAudioChange;

gboolean          vigil_site_check_camera_update   (VigilSite        *self,
                                                    const char       *name,
                                                    const char       *url,
                                                    const char       *sub_url,
                                                    VigilCameraAudioChange audio,
                                                    const char       *username,
                                                    GError          **error);
gboolean          vigil_site_update_camera         (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *name,
                                                    const char       *url,
                                                    const char       *sub_url,
                                                    VigilCameraAudioChange audio,
                                                    const char       *username,
                                                    const char       *password,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_update_camera_async   (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *name,
                                                    const char       *url,
                                                    const char       *sub_url,
                                                    VigilCameraAudioChange audio,
                                                    const char       *username,
                                                    const char       *password,
                                                    const char       *reason,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean          vigil_site_update_camera_finish  (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
gboolean          vigil_site_check_camera_enabled  (VigilSite        *self,
                                                    const char       *name,
                                                    gboolean          enabled,
                                                    GError          **error);
gboolean          vigil_site_set_camera_enabled    (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *name,
                                                    gboolean          enabled,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_set_camera_enabled_async (VigilSite        *self,
                                                       VigilSession     *session,
                                                       const char       *name,
                                                       gboolean          enabled,
                                                       const char       *reason,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
gboolean          vigil_site_set_camera_enabled_finish (VigilSite        *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);

/* Families: the manage-families permission (team leads). */
gboolean          vigil_site_check_new_family      (VigilSite        *self,
                                                    VigilFamily      *family,
                                                    VigilFamilyState  initial_state,
                                                    GError          **error);
gboolean          vigil_site_add_family            (VigilSite        *self,
                                                    VigilSession     *session,
                                                    VigilFamily      *family,
                                                    VigilFamilyState  initial_state,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_add_family_async      (VigilSite        *self,
                                                    VigilSession     *session,
                                                    VigilFamily      *family,
                                                    VigilFamilyState  initial_state,
                                                    const char       *reason,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean          vigil_site_add_family_finish     (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
VigilFamily      *vigil_site_lookup_family         (VigilSite        *self,
                                                    const char       *case_ref,
                                                    GError          **error);
void              vigil_site_lookup_family_async   (VigilSite        *self,
                                                    const char       *case_ref,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
VigilFamily      *vigil_site_lookup_family_finish  (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
GPtrArray        *vigil_site_list_families         (VigilSite        *self,
                                                    gboolean          include_discharged,
                                                    GError          **error);
void              vigil_site_list_families_async   (VigilSite        *self,
                                                    gboolean          include_discharged,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GPtrArray        *vigil_site_list_families_finish  (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
gboolean          vigil_site_record_agreement      (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    const char       *signed_on,
                                                    gboolean          covers_audio,
                                                    guint             retention_days,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_record_agreement_async (VigilSite        *self,
                                                     VigilSession     *session,
                                                     const char       *case_ref,
                                                     const char       *signed_on,
                                                     gboolean          covers_audio,
                                                     guint             retention_days,
                                                     const char       *reason,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
gboolean          vigil_site_record_agreement_finish (VigilSite        *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
gboolean          vigil_site_discharge_family      (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    const char       *discharged_on,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_discharge_family_async (VigilSite        *self,
                                                     VigilSession     *session,
                                                     const char       *case_ref,
                                                     const char       *discharged_on,
                                                     const char       *reason,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
gboolean          vigil_site_discharge_family_finish (VigilSite        *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
gboolean          vigil_site_check_agreement       (VigilSite        *self,
                                                    const char       *case_ref,
                                                    const char       *signed_on,
                                                    gboolean          covers_audio,
                                                    guint             retention_days,
                                                    GError          **error);
gboolean          vigil_site_check_discharge       (VigilSite        *self,
                                                    const char       *case_ref,
                                                    const char       *discharged_on,
                                                    GError          **error);

/* Stage changes: the change-stage permission (team leads). @effective_at 0
 * means now; @replaced (optional) receives the scheduled changes a new one
 * cancelled. */
gboolean          vigil_site_check_stage_change    (VigilSite        *self,
                                                    const char       *case_ref,
                                                    VigilFamilyState  state,
                                                    gint64            effective_at,
                                                    const char       *reason,
                                                    const char       *evidence,
                                                    GError          **error);
VigilStageChange *vigil_site_set_stage             (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    VigilFamilyState  state,
                                                    gint64            effective_at,
                                                    const char       *reason,
                                                    const char       *evidence,
                                                    GPtrArray       **replaced,
                                                    GError          **error);
void              vigil_site_set_stage_async       (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    VigilFamilyState  state,
                                                    gint64            effective_at,
                                                    const char       *reason,
                                                    const char       *evidence,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
VigilStageChange *vigil_site_set_stage_finish      (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GPtrArray       **replaced,
                                                    GError          **error);
gboolean          vigil_site_cancel_stage_change   (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    gint64            change_id,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_cancel_stage_change_async (VigilSite        *self,
                                                        VigilSession     *session,
                                                        const char       *case_ref,
                                                        gint64            change_id,
                                                        const char       *reason,
                                                        GCancellable     *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer          user_data);
gboolean          vigil_site_cancel_stage_change_finish (VigilSite        *self,
                                                         GAsyncResult     *result,
                                                         GError          **error);
gboolean          vigil_site_check_stage_cancel    (VigilSite        *self,
                                                    const char       *case_ref,
                                                    gint64            change_id,
                                                    GError          **error);
GPtrArray        *vigil_site_list_stage_changes    (VigilSite        *self,
                                                    const char       *case_ref,
                                                    GError          **error);
void              vigil_site_list_stage_changes_async (VigilSite        *self,
                                                       const char       *case_ref,
                                                       GCancellable     *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer          user_data);
GPtrArray        *vigil_site_list_stage_changes_finish (VigilSite        *self,
                                                        GAsyncResult     *result,
                                                        GError          **error);

/* Observation windows: the edit-windows permission (team leads). */
gboolean          vigil_site_check_new_window      (VigilSite        *self,
                                                    const char       *case_ref,
                                                    VigilWindow      *window,
                                                    GError          **error);
VigilWindow      *vigil_site_add_window            (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    VigilWindow      *window,
                                                    GError          **error);
void              vigil_site_add_window_async      (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    VigilWindow      *window,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
VigilWindow      *vigil_site_add_window_finish     (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
VigilWindow      *vigil_site_lookup_window         (VigilSite        *self,
                                                    gint64            window_id,
                                                    GError          **error);
void              vigil_site_lookup_window_async   (VigilSite        *self,
                                                    gint64            window_id,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
VigilWindow      *vigil_site_lookup_window_finish  (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
gboolean          vigil_site_check_remove_window   (VigilSite        *self,
                                                    gint64            window_id,
                                                    const char       *reason,
                                                    GError          **error);
gboolean          vigil_site_remove_window         (VigilSite        *self,
                                                    VigilSession     *session,
                                                    gint64            window_id,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_remove_window_async   (VigilSite        *self,
                                                    VigilSession     *session,
                                                    gint64            window_id,
                                                    const char       *reason,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean          vigil_site_remove_window_finish  (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
GPtrArray        *vigil_site_list_windows          (VigilSite        *self,
                                                    const char       *case_ref,
                                                    gboolean          include_removed,
                                                    GError          **error);
void              vigil_site_list_windows_async    (VigilSite        *self,
                                                    const char       *case_ref,
                                                    gboolean          include_removed,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GPtrArray        *vigil_site_list_windows_finish   (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

/* Safeguarding overrides: the run-overrides permission (team leads). @hours
 * 0 means VIGIL_OVERRIDE_DEFAULT_HOURS. */
gboolean          vigil_site_check_override        (VigilSite        *self,
                                                    const char       *case_ref,
                                                    const char       *rationale,
                                                    guint             hours,
                                                    GError          **error);
VigilOverride    *vigil_site_start_override        (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    const char       *rationale,
                                                    guint             hours,
                                                    GError          **error);
void              vigil_site_start_override_async  (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    const char       *rationale,
                                                    guint             hours,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
VigilOverride    *vigil_site_start_override_finish (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
VigilOverride    *vigil_site_check_end_override    (VigilSite        *self,
                                                    const char       *case_ref,
                                                    const char       *reason,
                                                    GError          **error);
gboolean          vigil_site_end_override          (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    const char       *reason,
                                                    GError          **error);
void              vigil_site_end_override_async    (VigilSite        *self,
                                                    VigilSession     *session,
                                                    const char       *case_ref,
                                                    const char       *reason,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean          vigil_site_end_override_finish   (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);
VigilOverride    *vigil_site_get_running_override  (VigilSite        *self,
                                                    const char       *case_ref,
                                                    GError          **error);
void              vigil_site_get_running_override_async (VigilSite        *self,
                                                         const char       *case_ref,
                                                         GCancellable     *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer          user_data);
VigilOverride    *vigil_site_get_running_override_finish (VigilSite        *self,
                                                          GAsyncResult     *result,
                                                          GError          **error);
GPtrArray        *vigil_site_list_overrides        (VigilSite        *self,
                                                    const char       *case_ref,
                                                    GError          **error);
void              vigil_site_list_overrides_async  (VigilSite        *self,
                                                    const char       *case_ref,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GPtrArray        *vigil_site_list_overrides_finish (VigilSite        *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

G_END_DECLS
