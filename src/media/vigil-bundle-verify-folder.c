/* vigil-bundle-verify-folder.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-bundle"

#include "config.h"

#include <glib/gi18n.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vigil-bundle-verify-private.h"
#include "vigil-sha256.h"

/* A bundle's folder as the verifier reads it. The folder came on a disc
 * or a stick and nothing in it is trusted: the walk never follows a
 * symbolic link, and each file is opened through its folders one at a time
 * (openat, O_NOFOLLOW), so neither a path with "..", nor a link, nor a
 * folder swapped for a link after the walk can lead outside the bundle. */

#define MAX_PATH_BYTES 4096
#define MAX_DEPTH      32
#define LIST_CHUNK     (64 * 1024)
/* Masters and working copies run to gigabytes. */
#define HASH_CHUNK     (1024 * 1024)

/* The callers say which file could not be read. */
static void
set_errno_error (GError **error,
                 int      errsv)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
}

gboolean
vigil_bundle_path_is_plain (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path[0] == '\0' || path[0] == '/' || strlen (path) > MAX_PATH_BYTES || !g_utf8_validate (path, -1, NULL))
    return FALSE;
  for (const char *p = path; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0 || strcmp (parts[i], "..") == 0)
      return FALSE;
  return TRUE;
}

static void
entry_free (gpointer data)
{
  VigilBundleEntry *entry = data;

  g_free (entry->unreadable);
  g_free (entry);
}

static VigilBundleEntry *
entry_at (int         dir_fd,
          const char *name)
{
  VigilBundleEntry *entry = g_new0 (VigilBundleEntry, 1);
  struct stat st;

  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    entry->type = VIGIL_BUNDLE_ENTRY_OTHER;
  else if (S_ISREG (st.st_mode))
    entry->type = VIGIL_BUNDLE_ENTRY_FILE;
  else if (S_ISDIR (st.st_mode))
    entry->type = VIGIL_BUNDLE_ENTRY_FOLDER;
  else if (S_ISLNK (st.st_mode))
    entry->type = VIGIL_BUNDLE_ENTRY_LINK;
  else
    entry->type = VIGIL_BUNDLE_ENTRY_OTHER;
  entry->bytes = (guint64) st.st_size;
  return entry;
}

/* Records everything under the folder open as @dir_fd (which it closes);
 * @prefix is its path in the bundle, %NULL for the bundle's own. */
static gboolean
walk_folder (GHashTable    *entries,
             int            dir_fd,
             const char    *prefix,
             guint          depth,
             GCancellable  *cancellable,
             GError       **error)
{
  DIR *dir = fdopendir (dir_fd);
  struct dirent *item;

  if (dir == NULL)
    {
      int errsv = errno;

      close (dir_fd);
      if (prefix == NULL)
        {
          set_errno_error (error, errsv);
          return FALSE;
        }
      ((VigilBundleEntry *) g_hash_table_lookup (entries, prefix))->unreadable = g_strdup (g_strerror (errsv));
      return TRUE;
    }

  while ((item = readdir (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      VigilBundleEntry *entry;
      int sub_fd;

      if (strcmp (item->d_name, ".") == 0 || strcmp (item->d_name, "..") == 0)
        continue;

      path = prefix != NULL ? g_strconcat (prefix, "/", item->d_name, NULL) : g_strdup (item->d_name);
      entry = entry_at (dirfd (dir), item->d_name);
      g_hash_table_insert (entries, g_strdup (path), entry);
      if (entry->type != VIGIL_BUNDLE_ENTRY_FOLDER)
        continue;

      if (depth >= MAX_DEPTH)
        {
          entry->unreadable = g_strdup (_("it lies too deep in the bundle"));
          continue;
        }
      sub_fd = openat (dirfd (dir), item->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub_fd < 0)
        entry->unreadable = g_strdup (g_strerror (errno));
      else if (!walk_folder (entries, sub_fd, path, depth + 1, cancellable, error))
        {
          closedir (dir);
          return FALSE;
        }
    }

  closedir (dir);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/**
 * vigil_bundle_walk:
 *
 * Returns: (transfer full) (element-type utf8 VigilBundleEntry): what the
 *   folder holds, or %NULL with @error when it cannot be read at all
 */
GHashTable *
vigil_bundle_walk (int            root_fd,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  int dir_fd = dup (root_fd);

  if (dir_fd < 0)
    {
      set_errno_error (error, errno);
      return NULL;
    }
  if (!walk_folder (entries, dir_fd, NULL, 0, cancellable, error))
    return NULL;
  return g_steal_pointer (&entries);
}

int
vigil_bundle_open (int          root_fd,
                   const char  *path,
                   GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  int dir_fd = dup (root_fd);
  int fd = -1;
  struct stat st;

  g_return_val_if_fail (vigil_bundle_path_is_plain (path), -1);

  if (dir_fd < 0)
    {
      set_errno_error (error, errno);
      return -1;
    }

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean last = parts[i + 1] == NULL;
      int next = openat (dir_fd, parts[i],
                         last ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
                              : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int errsv = errno;

      close (dir_fd);
      if (next < 0)
        {
          set_errno_error (error, errsv);
          return -1;
        }
      if (last)
        fd = next;
      else
        dir_fd = next;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("it is no longer a file"));
      return -1;
    }
  return fd;
}

gboolean
vigil_bundle_read_list (int           root_fd,
                        const char   *path,
                        gsize         max_bytes,
                        char        **contents,
                        gsize        *length,
                        GError      **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree guint8 *chunk = NULL;
  int fd = vigil_bundle_open (root_fd, path, error);

  if (fd < 0)
    return FALSE;

  chunk = g_malloc (LIST_CHUNK);
  for (;;)
    {
      ssize_t got = read (fd, chunk, LIST_CHUNK);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int errsv = errno;

          close (fd);
          set_errno_error (error, errsv);
          return FALSE;
        }
      if (got == 0)
        break;
      if (bytes->len + (gsize) got > max_bytes)
        {
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("it is larger than %" G_GSIZE_FORMAT " MiB"),
                       max_bytes / (1024 * 1024));
          return FALSE;
        }
      g_byte_array_append (bytes, chunk, (guint) got);
    }
  close (fd);

  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  *contents = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
  return TRUE;
}

char *
vigil_bundle_hash (int            root_fd,
                   const char    *path,
                   GCancellable  *cancellable,
                   guint64       *bytes,
                   GError       **error)
{
  g_autoptr(VigilSha256) checksum = vigil_sha256_new ();
  g_autofree guint8 *chunk = NULL;
  gboolean hashed = FALSE;
  guint64 total = 0;
  int fd = vigil_bundle_open (root_fd, path, error);

  if (fd < 0)
    return NULL;

  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  chunk = g_malloc (HASH_CHUNK);
  for (;;)
    {
      ssize_t got = read (fd, chunk, HASH_CHUNK);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        set_errno_error (error, errno);
      if (got <= 0)
        {
          hashed = got == 0;
          break;
        }
      vigil_sha256_update (checksum, chunk, got);
      total += (guint64) got;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
    }
  close (fd);

  if (!hashed)
    return NULL;
  *bytes = total;
  return g_strdup (vigil_sha256_get_string (checksum));
}
