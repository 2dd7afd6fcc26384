/* vigil-sha256.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SHA-256 of footage, as the store, the manifests and sha256sum write it:
 * nettle's, which uses the CPU's SHA instructions where it has them (about
 * three times GLib's GChecksum, 1.0-1.3 GB/s against 0.4, on the machines
 * measured); every segment, master and working copy is hashed, so it
 * counts. */
typedef struct _VigilSha256 VigilSha256;

VigilSha256 *vigil_sha256_new        (void);
void         vigil_sha256_update     (VigilSha256 *self,
                                      const void  *data,
                                      gsize        length);
/* The digest, 64 lowercase hex digits, owned by @self; nothing may be
 * added after it is asked for. */
const char  *vigil_sha256_get_string (VigilSha256 *self);
void         vigil_sha256_free       (VigilSha256 *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSha256, vigil_sha256_free)

G_END_DECLS
