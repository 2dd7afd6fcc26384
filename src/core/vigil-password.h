/* vigil-password.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* argon2id through libsodium: 64 MiB, 3 passes, 1 lane (OWASP's minimum is
 * 19 MiB and 2 passes). About 0.12 s a hash on the reference machine. */
#define VIGIL_PASSWORD_MEMLIMIT (64u * 1024u * 1024u)
#define VIGIL_PASSWORD_OPSLIMIT 3u
#define VIGIL_PASSWORD_MIN_LENGTH 8

gboolean  vigil_password_check_acceptable (const char  *password,
                                           GError     **error);
char     *vigil_password_hash             (const char  *password,
                                           GError     **error);
gboolean  vigil_password_verify           (const char  *hash,
                                           const char  *password);
void      vigil_password_verify_nobody    (const char  *password);
gboolean  vigil_password_needs_rehash     (const char  *hash);

G_END_DECLS
