/* vigil-enrolment.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-enrolment.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* An invitation file: what a machine joining a site needs from the Secret
 * Service of one already in it (the site's key, the cameras' credentials,
 * the database's password), sealed with a passphrase, so that it is never
 * in clear on the way. Argon2id makes the key from the passphrase and a
 * random salt; XChaCha20-Poly1305 seals the payload, and authenticates the
 * file's header (its format and the hash's limits) with it. A wrong
 * passphrase and a changed file are one error: the file cannot be opened. */

#define VIGIL_ENROLMENT_MIN_PASSPHRASE 12

/* Writes @payload (a{sv}), sealed, to @path, a new file (0600). */
gboolean  vigil_enrolment_write (const char  *path,
                                 GVariant    *payload,
                                 const char  *passphrase,
                                 GError     **error);
/* The payload of the invitation at @path (a{sv}), or NULL. */
GVariant *vigil_enrolment_read  (const char  *path,
                                 const char  *passphrase,
                                 GError     **error);

G_END_DECLS
