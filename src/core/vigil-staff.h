/* vigil-staff.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"
#include "vigil-role.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_STAFF (vigil_staff_get_type ())

G_DECLARE_FINAL_TYPE (VigilStaff, vigil_staff, VIGIL, STAFF, GObject)

VigilStaff *vigil_staff_new                       (const char  *username,
                                                   const char  *display_name,
                                                   guint        band,
                                                   VigilRole    role);
const char *vigil_staff_get_username              (VigilStaff  *self);
const char *vigil_staff_get_display_name          (VigilStaff  *self);
guint       vigil_staff_get_band                  (VigilStaff  *self);
VigilRole   vigil_staff_get_role                  (VigilStaff  *self);
gboolean    vigil_staff_get_active                (VigilStaff  *self);
const char *vigil_staff_get_competency_assessed_on (VigilStaff *self);
const char *vigil_staff_get_competency_assessed_by (VigilStaff *self);
const char *vigil_staff_get_refresher_due         (VigilStaff  *self);
gint64      vigil_staff_get_locked_until          (VigilStaff  *self);
gboolean    vigil_staff_get_reviewer              (VigilStaff  *self);
guint       vigil_staff_get_failed_logins         (VigilStaff  *self);
void        vigil_staff_set_competency            (VigilStaff  *self,
                                                   const char  *assessed_on,
                                                   const char  *assessed_by,
                                                   const char  *refresher_due);

char       *vigil_staff_login_refusal             (VigilStaff  *self,
                                                   const char  *today);
gboolean    vigil_staff_validate_username         (const char  *username,
                                                   GError     **error);
gboolean    vigil_staff_validate_competency       (const char  *assessed_on,
                                                   const char  *refresher_due,
                                                   const char  *today,
                                                   GError     **error);
gboolean    vigil_staff_validate                  (VigilStaff  *staff,
                                                   const char  *today,
                                                   GError     **error);

G_END_DECLS
