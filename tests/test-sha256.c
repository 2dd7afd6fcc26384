/* test-sha256.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sha256"

#include "config.h"

#include <string.h>

#include "vigil-sha256.h"

/* FIPS 180-2's examples, and the empty message. */
static void
test_known (void)
{
  const struct { const char *text; const char *digest; } known[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr(VigilSha256) sha = vigil_sha256_new ();

      vigil_sha256_update (sha, known[i].text, strlen (known[i].text));
      g_assert_cmpstr (vigil_sha256_get_string (sha), ==, known[i].digest);
      /* Asked again, the same. */
      g_assert_cmpstr (vigil_sha256_get_string (sha), ==, known[i].digest);
    }
}

/* Fed in pieces of every size, as files are read, it agrees with GLib's. */
static void
test_pieces (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);
  g_autoptr(GByteArray) data = g_byte_array_sized_new (3 * 1024 * 1024 + 17);
  g_autoptr(GChecksum) reference = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(VigilSha256) sha = vigil_sha256_new ();
  gsize at = 0;

  g_byte_array_set_size (data, 3 * 1024 * 1024 + 17);
  for (gsize i = 0; i < data->len; i++)
    data->data[i] = (guint8) g_rand_int (rand);
  while (at < data->len)
    {
      gsize piece = MIN ((gsize) g_rand_int_range (rand, 0, 200000), data->len - at);

      vigil_sha256_update (sha, data->data + at, piece);
      at += piece;
    }
  g_checksum_update (reference, data->data, data->len);
  g_assert_cmpstr (vigil_sha256_get_string (sha), ==, g_checksum_get_string (reference));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sha256/known", test_known);
  g_test_add_func ("/sha256/pieces", test_pieces);
  return g_test_run ();
}
