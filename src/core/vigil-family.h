/* vigil-family.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_FAMILY (vigil_family_get_type ())

G_DECLARE_FINAL_TYPE (VigilFamily, vigil_family, VIGIL, FAMILY, GObject)

/* The longest label screens show: initials, never names. */
#define VIGIL_FAMILY_MAX_LABEL 16

VigilFamily *vigil_family_new                        (const char  *case_ref,
                                                      const char  *label,
                                                      const char  *room,
                                                      const char  *admitted_on);
void         vigil_family_set_agreement              (VigilFamily *self,
                                                      const char  *signed_on,
                                                      gboolean     covers_audio);
void         vigil_family_set_retention_days         (VigilFamily *self,
                                                      guint        retention_days);
void         vigil_family_set_consent_on             (VigilFamily *self,
                                                      const char  *consent_on);

gint64       vigil_family_get_id                     (VigilFamily *self);
const char  *vigil_family_get_case_ref               (VigilFamily *self);
const char  *vigil_family_get_label                  (VigilFamily *self);
const char  *vigil_family_get_room                   (VigilFamily *self);
const char  *vigil_family_get_admitted_on            (VigilFamily *self);
const char  *vigil_family_get_agreement_signed_on    (VigilFamily *self);
gboolean     vigil_family_get_agreement_covers_audio (VigilFamily *self);
guint        vigil_family_get_retention_days         (VigilFamily *self);
const char  *vigil_family_get_consent_on             (VigilFamily *self);
const char  *vigil_family_get_discharged_on          (VigilFamily *self);
gint64       vigil_family_get_created_at             (VigilFamily *self);

gboolean     vigil_family_validate_case_ref          (const char  *case_ref,
                                                      GError     **error);
gboolean     vigil_family_validate                   (VigilFamily *self,
                                                      const char  *today,
                                                      GError     **error);

G_END_DECLS
