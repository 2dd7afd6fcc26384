/* vigil-enrolment.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "vigil-error.h"
#include "vigil-enrolment.h"

/* The file: MAGIC, then the hash's limits (two big-endian 64-bit numbers),
 * the salt and the nonce, then the sealed payload. Everything before the
 * payload is its associated data. */
#define MAGIC       "VIGILENROL1\n"
#define MAGIC_LEN   (sizeof MAGIC - 1)
#define HEADER_LEN  (MAGIC_LEN + 16 + crypto_pwhash_SALTBYTES + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
#define KEY_LEN     crypto_aead_xchacha20poly1305_ietf_KEYBYTES
/* Far larger than any site's: a file this size is not an invitation. */
#define MAX_FILE    (1024 * 1024)
#define PAYLOAD_TYPE G_VARIANT_TYPE_VARDICT

static gboolean
set_unreadable (GError     **error,
                const char  *path)
{
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
               _("%s cannot be opened: it is not a Vigil invitation, it was changed, or the passphrase is wrong"),
               path);
  return FALSE;
}

static gboolean
derive_key (guint8       key[KEY_LEN],
            const char  *passphrase,
            const guint8 *salt,
            guint64      ops,
            guint64      mem,
            GError     **error)
{
  if (crypto_pwhash (key, KEY_LEN, passphrase, strlen (passphrase), salt, ops, (size_t) mem,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           _("not enough memory to make the invitation's key from the passphrase"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint8 *data;
  gsize   len;
} Plain;

static void
plain_free (gpointer data)
{
  Plain *plain = data;

  sodium_memzero (plain->data, plain->len);
  g_free (plain->data);
  g_free (plain);
}

static void
put_u64 (guint8  *at,
         guint64  value)
{
  guint64 be = GUINT64_TO_BE (value);

  memcpy (at, &be, sizeof be);
}

static guint64
get_u64 (const guint8 *at)
{
  guint64 be;

  memcpy (&be, at, sizeof be);
  return GUINT64_FROM_BE (be);
}

gboolean
vigil_enrolment_write (const char  *path,
                       GVariant    *payload,
                       const char  *passphrase,
                       GError     **error)
{
  g_autoptr(GVariant) normal = NULL;
  guint8 header[HEADER_LEN];
  guint8 key[KEY_LEN];
  guint8 *salt = header + MAGIC_LEN + 16;
  guint8 *nonce = salt + crypto_pwhash_SALTBYTES;
  guint8 *sealed;
  unsigned long long sealed_len = 0;
  gsize plain_len;
  gboolean ok;
  int saved_errno;
  int fd;

  g_return_val_if_fail (g_variant_is_of_type (payload, PAYLOAD_TYPE), FALSE);

  if (g_utf8_strlen (passphrase, -1) < VIGIL_ENROLMENT_MIN_PASSPHRASE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the passphrase must be at least %d characters"), VIGIL_ENROLMENT_MIN_PASSPHRASE);
      return FALSE;
    }

  memcpy (header, MAGIC, MAGIC_LEN);
  put_u64 (header + MAGIC_LEN, crypto_pwhash_OPSLIMIT_MODERATE);
  put_u64 (header + MAGIC_LEN + 8, crypto_pwhash_MEMLIMIT_MODERATE);
  randombytes_buf (salt, crypto_pwhash_SALTBYTES);
  randombytes_buf (nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  if (!derive_key (key, passphrase, salt, crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE, error))
    return FALSE;

  normal = g_variant_get_normal_form (payload);
  plain_len = g_variant_get_size (normal);
  sealed = g_malloc (plain_len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (sealed, &sealed_len, g_variant_get_data (normal), plain_len,
                                              header, sizeof header, NULL, nonce, key);
  sodium_memzero (key, sizeof key);
  /* The serialised secrets, gone before the variant is freed. */
  sodium_memzero ((gpointer) g_variant_get_data (normal), plain_len);

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  ok = fd >= 0 && write (fd, header, sizeof header) == (gssize) sizeof header &&
       write (fd, sealed, (size_t) sealed_len) == (gssize) sealed_len && fsync (fd) == 0;
  saved_errno = errno;
  g_free (sealed);
  if (!ok)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("Could not write %s: %s"), path,
                   g_strerror (saved_errno));
      if (fd >= 0)
        unlink (path);
    }
  if (fd >= 0)
    close (fd);
  return ok;
}

GVariant *
vigil_enrolment_read (const char  *path,
                      const char  *passphrase,
                      GError     **error)
{
  g_autofree guint8 *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  guint8 key[KEY_LEN];
  guint8 *plain;
  unsigned long long plain_len = 0;
  gsize len = 0;
  guint64 ops, mem;
  GVariant *payload;
  GBytes *bytes;

  if (!g_file_get_contents (path, (char **) &contents, &len, &read_error))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("Could not read %s: %s"), path,
                   read_error->message);
      return NULL;
    }

  if (len <= HEADER_LEN + crypto_aead_xchacha20poly1305_ietf_ABYTES || len > MAX_FILE ||
      memcmp (contents, MAGIC, MAGIC_LEN) != 0)
    {
      set_unreadable (error, path);
      return NULL;
    }

  /* Limits beyond what this Vigil would write are not worked through. */
  ops = get_u64 (contents + MAGIC_LEN);
  mem = get_u64 (contents + MAGIC_LEN + 8);
  if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
      mem < crypto_pwhash_MEMLIMIT_MIN || mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
    {
      set_unreadable (error, path);
      return NULL;
    }

  if (!derive_key (key, passphrase, contents + MAGIC_LEN + 16, ops, mem, error))
    return NULL;

  plain = g_malloc (len - HEADER_LEN);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (plain, &plain_len, NULL, contents + HEADER_LEN,
                                                  len - HEADER_LEN, contents, HEADER_LEN,
                                                  contents + HEADER_LEN - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                  key) != 0)
    {
      sodium_memzero (key, sizeof key);
      g_free (plain);
      set_unreadable (error, path);
      return NULL;
    }
  sodium_memzero (key, sizeof key);

  /* The plain text is zeroed when the variant lets go of it. */
  {
    Plain *held = g_new (Plain, 1);

    held->data = plain;
    held->len = plain_len;
    bytes = g_bytes_new_with_free_func (plain, plain_len, plain_free, held);
  }
  payload = g_variant_ref_sink (g_variant_new_from_bytes (PAYLOAD_TYPE, bytes, FALSE));
  g_bytes_unref (bytes);
  if (!g_variant_is_normal_form (payload))
    {
      g_variant_unref (payload);
      set_unreadable (error, path);
      return NULL;
    }
  return payload;
}
