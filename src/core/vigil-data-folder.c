/* vigil-data-folder.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-data-folder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "vigil-error.h"
#include "vigil-data-folder.h"

/* Why the folder matters: SQLite opens the data file, its -wal and its -shm
 * by name. Whoever can write to the folder can put a file of their own, or
 * a symbolic link to someone else's, under those names; so the folder must
 * be the user's own and closed to everyone else, and the site is never
 * created through a link that someone may have planted. */

static void
set_folder_error (GError     **error,
                  const char  *data_dir,
                  int          saved_errno)
{
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
               _("Could not open the data folder %s: %s"), data_dir, g_strerror (saved_errno));
}

static gboolean
check_folder_stat (const struct stat  *st,
                   const char         *data_dir,
                   GError            **error)
{
  if (!S_ISDIR (st->st_mode))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("the data folder %s is not a folder"), data_dir);
      return FALSE;
    }

  if (st->st_uid != geteuid ())
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("the data folder %s belongs to another user (uid %u, not %u): a site's folder must be its own user's"),
                   data_dir, (guint) st->st_uid, (guint) geteuid ());
      return FALSE;
    }

  if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("others can write to the data folder %s (mode %04o): make it private (chmod 700) or choose another folder"),
                   data_dir, (guint) (st->st_mode & 07777));
      return FALSE;
    }

  return TRUE;
}

gboolean
vigil_data_folder_check_file_stat (const struct stat  *st,
                                   const char         *path,
                                   GError            **error)
{
  if (S_ISLNK (st->st_mode))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s is a symbolic link: Vigil never follows one to its data file"), path);
      return FALSE;
    }

  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s is not a regular file, so not a Vigil data file; it was left untouched"), path);
      return FALSE;
    }

  if (st->st_uid != geteuid ())
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s belongs to another user (uid %u, not %u); it was left untouched"),
                   path, (guint) st->st_uid, (guint) geteuid ());
      return FALSE;
    }

  return TRUE;
}

int
vigil_data_folder_open_for_create (const char  *data_dir,
                                   gboolean    *made,
                                   GError     **error)
{
  g_autofree char *folder = g_strdup (data_dir);
  g_autofree char *parent = NULL;
  struct stat st;
  gsize len;
  int fd;

  g_return_val_if_fail (data_dir != NULL && made != NULL, -1);

  *made = FALSE;

  /* "DIR/" would make the kernel follow a link named DIR. */
  len = strlen (folder);
  while (len > 1 && folder[len - 1] == G_DIR_SEPARATOR)
    folder[--len] = '\0';

  if (lstat (folder, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        {
          set_folder_error (error, data_dir, saved_errno);
          return -1;
        }

      /* Another process may make it at the same moment: that is fine, the
       * checks below apply to whoever made it. */
      parent = g_path_get_dirname (folder);
      if (g_mkdir_with_parents (parent, 0700) == 0 && mkdir (folder, 0700) == 0)
        *made = TRUE;
      else if (errno != EEXIST)
        {
          saved_errno = errno;
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                       _("Could not create the data folder %s: %s"), data_dir, g_strerror (saved_errno));
          return -1;
        }
    }

  fd = open (folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Linux says ENOTDIR rather than ELOOP for a link opened this way. */
      if (saved_errno == ELOOP || (saved_errno == ENOTDIR && lstat (folder, &st) == 0 && S_ISLNK (st.st_mode)))
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                     _("the data folder %s is a symbolic link: a site is never created through one; give the folder itself"),
                     data_dir);
      else if (saved_errno == ENOTDIR)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                     _("the data folder %s is not a folder"), data_dir);
      else
        set_folder_error (error, data_dir, saved_errno);
      return -1;
    }

  if (fstat (fd, &st) != 0)
    {
      set_folder_error (error, data_dir, errno);
      close (fd);
      return -1;
    }
  if (!check_folder_stat (&st, data_dir, error))
    {
      close (fd);
      return -1;
    }

  return fd;
}

gboolean
vigil_data_folder_check (const char  *data_dir,
                         GError     **error)
{
  struct stat st;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  if (stat (data_dir, &st) != 0)
    {
      set_folder_error (error, data_dir, errno);
      return FALSE;
    }

  return check_folder_stat (&st, data_dir, error);
}

gboolean
vigil_data_folder_lock (int          dir_fd,
                        const char  *data_dir,
                        GError     **error)
{
  g_return_val_if_fail (dir_fd >= 0, FALSE);

  /* On the folder, not the data file: closing another descriptor of the
   * data file would drop SQLite's own locks on it. */
  while (flock (dir_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;
      if (saved_errno == EWOULDBLOCK)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                     _("another process is creating a site in %s right now: let it finish, then look again"),
                     data_dir);
      else
        set_folder_error (error, data_dir, saved_errno);
      return FALSE;
    }

  return TRUE;
}

gboolean
vigil_data_folder_claim_file (int          dir_fd,
                              const char  *data_dir,
                              const char  *name,
                              gboolean    *created,
                              GError     **error)
{
  g_autofree char *path = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (dir_fd >= 0 && name != NULL && created != NULL, FALSE);

  path = g_build_filename (data_dir, name, NULL);
  *created = FALSE;

  if (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return vigil_data_folder_check_file_stat (&st, path, error);

  if (errno != ENOENT)
    {
      int saved_errno = errno;
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("Could not open %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* Made here or not at all: O_EXCL never opens someone else's file. */
  fd = openat (dir_fd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("Could not create %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  *created = TRUE;
  return TRUE;
}

void
vigil_data_folder_make_file_private (const char *path)
{
  struct stat st;

  g_return_if_fail (path != NULL);

  if (lstat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == geteuid () &&
      (st.st_mode & 077) != 0 && g_chmod (path, 0600) != 0)
    g_warning ("Could not make %s private: %s", path, g_strerror (errno));
}

char *
vigil_data_folder_read_line (const char  *data_dir,
                             const char  *name,
                             GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, name, NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return NULL;

  if (!vigil_data_folder_check_file_stat (&st, path, error))
    return NULL;
  if (!g_file_get_contents (path, &contents, NULL, NULL) || strchr (g_strstrip (contents), '\n') != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE, _("%s is not one line that Vigil can read"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* Writes @text, a line, into the file @name of @dir_fd's folder, made private and
 * empty by vigil_data_folder_claim_file(). */
gboolean
vigil_data_folder_write_line (int          dir_fd,
                              const char  *data_dir,
                              const char  *name,
                              const char  *text,
                              GError     **error)
{
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  gsize left = strlen (line);
  const char *p = line;
  int fd;

  fd = openat (dir_fd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  while (fd >= 0 && left > 0)
    {
      gssize n = write (fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      p += n;
      left -= (gsize) n;
    }

  if (fd < 0 || left > 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;
      g_autofree char *path = g_build_filename (data_dir, name, NULL);

      if (fd >= 0)
        close (fd);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("Could not write %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}
