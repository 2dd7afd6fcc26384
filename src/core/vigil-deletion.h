/* vigil-deletion.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DELETION (vigil_deletion_get_type ())

G_DECLARE_FINAL_TYPE (VigilDeletion, vigil_deletion, VIGIL, DELETION, GObject)

/* The record, kept for good, that a segment was deleted: what it was (camera
 * by name, path, range, size, hash), when and why, so that the centre can
 * certify each deletion. */
gint64      vigil_deletion_get_id         (VigilDeletion *self);
const char *vigil_deletion_get_camera     (VigilDeletion *self);
const char *vigil_deletion_get_path       (VigilDeletion *self);
gint64      vigil_deletion_get_start      (VigilDeletion *self);
gint64      vigil_deletion_get_end        (VigilDeletion *self);
guint64     vigil_deletion_get_bytes      (VigilDeletion *self);
const char *vigil_deletion_get_sha256     (VigilDeletion *self);
gint64      vigil_deletion_get_deleted_at (VigilDeletion *self);
const char *vigil_deletion_get_why        (VigilDeletion *self);

G_END_DECLS
