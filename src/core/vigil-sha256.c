/* vigil-sha256.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-core"

#include "config.h"

#include <nettle/sha2.h>

#include "vigil-sha256.h"

struct _VigilSha256
{
  struct sha256_ctx ctx;
  char              hex[2 * SHA256_DIGEST_SIZE + 1];
  gboolean          done;
};

VigilSha256 *
vigil_sha256_new (void)
{
  VigilSha256 *self = g_new0 (VigilSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

void
vigil_sha256_update (VigilSha256 *self,
                     const void  *data,
                     gsize        length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->done);
  g_return_if_fail (data != NULL || length == 0);

  sha256_update (&self->ctx, length, data);
}

const char *
vigil_sha256_get_string (VigilSha256 *self)
{
  static const char digits[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];

  g_return_val_if_fail (self != NULL, NULL);

  if (self->done)
    return self->hex;
  sha256_digest (&self->ctx, sizeof digest, digest);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      self->hex[2 * i] = digits[digest[i] >> 4];
      self->hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  self->hex[sizeof self->hex - 1] = '\0';
  self->done = TRUE;
  return self->hex;
}

void
vigil_sha256_free (VigilSha256 *self)
{
  g_free (self);
}
