/* vigil-site-centre-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-camera-private.h"
#include "vigil-family-private.h"
#include "vigil-site-async-private.h"
#include "vigil-site-centre.h"

/* Rooms, cameras and families, on the site's worker (see
 * vigil-site-async.c): each call runs its synchronous twin there. */

/* The worker reads copies of the records it adds: the adding calls fill in
 * defaults on them, which must never happen on an object the caller may be
 * showing, from another thread. */
static VigilCamera *
camera_copy (VigilCamera *camera)
{
  VigilCamera *copy = vigil_camera_new (vigil_camera_get_name (camera),
                                        vigil_camera_get_location (camera),
                                        vigil_camera_get_room (camera),
                                        vigil_camera_get_url (camera),
                                        vigil_camera_get_sub_url (camera),
                                        vigil_camera_get_has_audio (camera));

  vigil_camera_set_stored (copy, vigil_camera_get_id (camera), vigil_camera_get_enabled (camera),
                           vigil_camera_get_created_at (camera));
  return copy;
}

static VigilFamily *
family_copy (VigilFamily *family)
{
  VigilFamily *copy = vigil_family_new (vigil_family_get_case_ref (family),
                                        vigil_family_get_label (family),
                                        vigil_family_get_room (family),
                                        vigil_family_get_admitted_on (family));

  vigil_family_set_agreement (copy, vigil_family_get_agreement_signed_on (family),
                              vigil_family_get_agreement_covers_audio (family));
  vigil_family_set_retention_days (copy, vigil_family_get_retention_days (family));
  vigil_family_set_consent_on (copy, vigil_family_get_consent_on (family));
  vigil_family_set_stored (copy, vigil_family_get_id (family), vigil_family_get_discharged_on (family),
                           vigil_family_get_created_at (family));
  return copy;
}

/* ---- rooms ------------------------------------------------------------- */

static gpointer
add_room_work (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_add_room (self, call->session, call->name, call->reason, error));
}

void
vigil_site_add_room_async (VigilSite           *self,
                           VigilSession        *session,
                           const char          *name,
                           const char          *reason,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (name != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (name);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_add_room_async, call, add_room_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_add_room_finish (VigilSite     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_add_room_async, error);
}

static gpointer
list_rooms_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  return vigil_site_list_rooms (self, error);
}

void
vigil_site_list_rooms_async (VigilSite           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));

  vigil_site_call_run (self, vigil_site_list_rooms_async, vigil_site_call_new (NULL), list_rooms_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_rooms_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_rooms_async, error);
}

/* ---- cameras ----------------------------------------------------------- */

static gpointer
add_camera_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_add_camera (self, call->session, VIGIL_CAMERA (call->record),
                                                 call->name, call->secret, call->reason, error));
}

void
vigil_site_add_camera_async (VigilSite           *self,
                             VigilSession        *session,
                             VigilCamera         *camera,
                             const char          *username,
                             const char          *password,
                             const char          *reason,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (VIGIL_IS_CAMERA (camera));

  call = vigil_site_call_new (session);
  call->record = G_OBJECT (camera_copy (camera));
  call->name = g_strdup (username);
  call->secret = g_strdup (password);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_add_camera_async, call, add_camera_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_add_camera_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_add_camera_async, error);
}

static gpointer
lookup_camera_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_lookup_camera (self, call->name, error);
}

void
vigil_site_lookup_camera_async (VigilSite           *self,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (name != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (name);
  vigil_site_call_run (self, vigil_site_lookup_camera_async, call, lookup_camera_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilCamera *
vigil_site_lookup_camera_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_lookup_camera_async, error);
}

static gpointer
list_cameras_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  return vigil_site_list_cameras (self, error);
}

void
vigil_site_list_cameras_async (VigilSite           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));

  vigil_site_call_run (self, vigil_site_list_cameras_async, vigil_site_call_new (NULL), list_cameras_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_cameras_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_cameras_async, error);
}

/* ---- families ---------------------------------------------------------- */

static gpointer
add_family_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_add_family (self, call->session, VIGIL_FAMILY (call->record),
                                                 call->number, call->reason, error));
}

void
vigil_site_add_family_async (VigilSite           *self,
                             VigilSession        *session,
                             VigilFamily         *family,
                             VigilFamilyState     initial_state,
                             const char          *reason,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (VIGIL_IS_FAMILY (family));

  call = vigil_site_call_new (session);
  call->record = G_OBJECT (family_copy (family));
  call->number = initial_state;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_add_family_async, call, add_family_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_add_family_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_add_family_async, error);
}

static gpointer
lookup_family_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_lookup_family (self, call->name, error);
}

void
vigil_site_lookup_family_async (VigilSite           *self,
                                const char          *case_ref,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (case_ref);
  vigil_site_call_run (self, vigil_site_lookup_family_async, call, lookup_family_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilFamily *
vigil_site_lookup_family_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_lookup_family_async, error);
}

static gpointer
list_families_work (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_list_families (self, call->flag, error);
}

void
vigil_site_list_families_async (VigilSite           *self,
                                gboolean             include_discharged,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));

  call = vigil_site_call_new (NULL);
  call->flag = include_discharged;
  vigil_site_call_run (self, vigil_site_list_families_async, call, list_families_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_families_finish (VigilSite     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_families_async, error);
}

static gpointer
record_agreement_work (VigilSite  *self,
                       gpointer    data,
                       GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_record_agreement (self, call->session, call->name, call->text,
                                                       call->flag, call->number, call->reason, error));
}

void
vigil_site_record_agreement_async (VigilSite           *self,
                                   VigilSession        *session,
                                   const char          *case_ref,
                                   const char          *signed_on,
                                   gboolean             covers_audio,
                                   guint                retention_days,
                                   const char          *reason,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL && signed_on != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->text = g_strdup (signed_on);
  call->flag = covers_audio;
  call->number = retention_days;
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_record_agreement_async, call, record_agreement_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_record_agreement_finish (VigilSite     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_record_agreement_async, error);
}

static gpointer
discharge_family_work (VigilSite  *self,
                       gpointer    data,
                       GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_discharge_family (self, call->session, call->name, call->text,
                                                       call->reason, error));
}

void
vigil_site_discharge_family_async (VigilSite           *self,
                                   VigilSession        *session,
                                   const char          *case_ref,
                                   const char          *discharged_on,
                                   const char          *reason,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (case_ref != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (case_ref);
  call->text = g_strdup (discharged_on);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_discharge_family_async, call, discharge_family_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_discharge_family_finish (VigilSite     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_discharge_family_async, error);
}
