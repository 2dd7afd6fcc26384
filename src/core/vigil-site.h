/* vigil-site.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-types.h"
#include "vigil-audit.h"
#include "vigil-role.h"
#include "vigil-session.h"
#include "vigil-staff.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SITE (vigil_site_get_type ())

G_DECLARE_FINAL_TYPE (VigilSite, vigil_site, VIGIL, SITE, GObject)

/* Every call that writes, and every slow read, also has an _async/_finish
 * pair for a main loop: it runs the synchronous call on the site's worker
 * thread, which has its own connection to the data file, one call at a time
 * in the order made, and finishes with the same result or error. Records
 * and text passed in are copied when the call is made. Cancelling stops a
 * call that has not started (G_IO_ERROR_CANCELLED, nothing written); one
 * that has started runs to its end and reports what it did. A site stays
 * alive until its calls are done; its thread goes with it. */

/* Site settings a manager may change; each has a default. */
#define VIGIL_SETTING_LOCKOUT_THRESHOLD      "lockout-threshold"
#define VIGIL_SETTING_LOCKOUT_MINUTES        "lockout-minutes"
#define VIGIL_SETTING_REFRESHER_MONTHS       "refresher-months"
#define VIGIL_SETTING_RETENTION_DAYS         "retention-days"
#define VIGIL_SETTING_TIME_ZONE              "time-zone"
/* The console locks itself after this many idle minutes with no duty. */
#define VIGIL_SETTING_IDLE_LOCK_MINUTES      "idle-lock-minutes"
/* A duty view alerts when the room's sound stays above -N dBFS ... */
#define VIGIL_SETTING_SOUND_ALERT_DB         "sound-alert-db"
/* ... for this many seconds. */
#define VIGIL_SETTING_SOUND_ALERT_SECONDS    "sound-alert-seconds"

char         *vigil_site_default_data_dir     (void);
VigilSite    *vigil_site_create               (const char    *data_dir,
                                               const char    *site_name,
                                               const char    *manager_username,
                                               const char    *manager_display_name,
                                               guint          manager_band,
                                               const char    *manager_password,
                                               GError       **error);
gboolean      vigil_site_store_database_password (const char *database_url,
                                                  const char *password,
                                                  GError    **error);
VigilSite    *vigil_site_create_in_database   (const char    *data_dir,
                                               const char    *database_url,
                                               const char    *site_name,
                                               const char    *manager_username,
                                               const char    *manager_display_name,
                                               guint          manager_band,
                                               const char    *manager_password,
                                               GError       **error);
VigilSite    *vigil_site_open                 (const char    *data_dir,
                                               GError       **error);
const char   *vigil_site_get_name             (VigilSite     *self);
const char   *vigil_site_get_id               (VigilSite     *self);
const char   *vigil_site_get_machine          (VigilSite     *self);
const char   *vigil_site_get_data_dir         (VigilSite     *self);
GTimeZone    *vigil_site_get_time_zone        (VigilSite     *self);
VigilAudit   *vigil_site_get_audit            (VigilSite     *self);
void          vigil_site_verify_audit_async   (VigilSite     *self,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
gboolean      vigil_site_verify_audit_finish  (VigilSite     *self,
                                               GAsyncResult  *result,
                                               gint64        *n_entries,
                                               GError       **error);
void          vigil_site_list_audit_async     (VigilSite     *self,
                                               gint64         since_us,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
GPtrArray    *vigil_site_list_audit_finish    (VigilSite     *self,
                                               GAsyncResult  *result,
                                               GError       **error);
gint64        vigil_site_now                  (VigilSite     *self);

/* Settings (vigil-site-settings.c) */
guint         vigil_site_get_setting_uint     (VigilSite     *self,
                                               const char    *key);
GStrv         vigil_site_list_settings        (void);
char         *vigil_site_get_setting          (VigilSite     *self,
                                               const char    *key,
                                               GError       **error);
void          vigil_site_get_setting_async    (VigilSite     *self,
                                               const char    *key,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
char         *vigil_site_get_setting_finish   (VigilSite     *self,
                                               GAsyncResult  *result,
                                               GError       **error);
gboolean      vigil_site_check_setting        (const char    *key,
                                               const char    *value,
                                               GError       **error);
gboolean      vigil_site_set_setting          (VigilSite     *self,
                                               VigilSession  *session,
                                               const char    *key,
                                               const char    *value,
                                               const char    *reason,
                                               GError       **error);
void          vigil_site_set_setting_async    (VigilSite     *self,
                                               VigilSession  *session,
                                               const char    *key,
                                               const char    *value,
                                               const char    *reason,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
gboolean      vigil_site_set_setting_finish   (VigilSite     *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* Login (vigil-site-login.c) */
VigilSession *vigil_site_login                (VigilSite     *self,
                                               const char    *username,
                                               const char    *password,
                                               const char    *via,
                                               GError       **error);
void          vigil_site_login_async          (VigilSite     *self,
                                               const char    *username,
                                               const char    *password,
                                               const char    *via,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
VigilSession *vigil_site_login_finish         (VigilSite     *self,
                                               GAsyncResult  *result,
                                               GError       **error);
gboolean      vigil_site_check_active         (VigilSite     *self,
                                               VigilSession  *session,
                                               const char    *doing,
                                               GError       **error);
gboolean      vigil_site_check_permission     (VigilSite     *self,
                                               VigilSession  *session,
                                               VigilPermission permission,
                                               const char    *doing,
                                               GError       **error);

/* Staff (vigil-site-staff.c) */
GPtrArray    *vigil_site_list_staff           (VigilSite     *self,
                                               GError       **error);
void          vigil_site_list_staff_async     (VigilSite     *self,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
GPtrArray    *vigil_site_list_staff_finish    (VigilSite     *self,
                                               GAsyncResult  *result,
                                               GError       **error);
VigilStaff   *vigil_site_lookup_staff         (VigilSite     *self,
                                               const char    *username,
                                               GError       **error);
void          vigil_site_lookup_staff_async   (VigilSite     *self,
                                               const char    *username,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
VigilStaff   *vigil_site_lookup_staff_finish  (VigilSite     *self,
                                               GAsyncResult  *result,
                                               GError       **error);
gboolean      vigil_site_check_new_staff      (VigilSite     *self,
                                               VigilStaff    *staff,
                                               GError       **error);
gboolean      vigil_site_add_staff            (VigilSite     *self,
                                               VigilSession  *session,
                                               VigilStaff    *staff,
                                               const char    *password,
                                               const char    *reason,
                                               GError       **error);
void          vigil_site_add_staff_async      (VigilSite     *self,
                                               VigilSession  *session,
                                               VigilStaff    *staff,
                                               const char    *password,
                                               const char    *reason,
                                               GCancellable  *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer       user_data);
gboolean      vigil_site_add_staff_finish     (VigilSite     *self,
                                               GAsyncResult  *result,
                                               GError       **error);
gboolean      vigil_site_set_staff_password   (VigilSite     *self,
                                               VigilSession  *session,
                                               const char    *username,
                                               const char    *password,
                                               const char    *reason,
                                               GError       **error);
void          vigil_site_set_staff_password_async (VigilSite     *self,
                                                   VigilSession  *session,
                                                   const char    *username,
                                                   const char    *password,
                                                   const char    *reason,
                                                   GCancellable  *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer       user_data);
gboolean      vigil_site_set_staff_password_finish (VigilSite     *self,
                                                    GAsyncResult  *result,
                                                    GError       **error);
gboolean      vigil_site_deactivate_staff     (VigilSite     *self,
                                               VigilSession  *session,
                                               const char    *username,
                                               const char    *reason,
                                               GError       **error);
void          vigil_site_deactivate_staff_async (VigilSite     *self,
                                                 VigilSession  *session,
                                                 const char    *username,
                                                 const char    *reason,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
gboolean      vigil_site_deactivate_staff_finish (VigilSite     *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);
gboolean      vigil_site_check_deactivate_staff (VigilSite   *self,
                                                 const char  *username,
                                                 GError     **error);
gboolean      vigil_site_set_staff_competency (VigilSite     *self,
                                               VigilSession  *session,
                                               const char    *username,
                                               const char    *assessed_on,
                                               const char    *refresher_due,
                                               const char    *reason,
                                               GError       **error);
void          vigil_site_set_staff_competency_async (VigilSite     *self,
                                                     VigilSession  *session,
                                                     const char    *username,
                                                     const char    *assessed_on,
                                                     const char    *refresher_due,
                                                     const char    *reason,
                                                     GCancellable  *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer       user_data);
gboolean      vigil_site_set_staff_competency_finish (VigilSite     *self,
                                                      GAsyncResult  *result,
                                                      GError       **error);
gboolean      vigil_site_set_staff_reviewer (VigilSite     *self,
                                             VigilSession  *session,
                                             const char    *username,
                                             gboolean       reviewer,
                                             const char    *reason,
                                             GError       **error);

G_END_DECLS
