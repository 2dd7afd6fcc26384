/* vigil-data-folder.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-data-folder.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include <glib.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* The site's data folder and file, as the core's own checks see them: a
 * folder of the user's own that nobody else can write to, so nobody else
 * can plant or swap a file in it, and a data file that is a regular file of
 * that user, never reached through a symbolic link. */

/* Opens @data_dir for creating a site in it, making it (0700) and its
 * parents if missing. The folder itself is never followed through a
 * symbolic link. Returns a descriptor of the folder, or -1 with @error;
 * *@made says whether this call made the folder. */
int      vigil_data_folder_open_for_create (const char         *data_dir,
                                            gboolean           *made,
                                            GError            **error);

/* Checks the folder of an existing site: the user's own, and nobody else
 * may write to it. */
gboolean vigil_data_folder_check           (const char         *data_dir,
                                            GError            **error);

/* Takes the folder's lock for creating a site, held until @dir_fd is
 * closed; refused at once when another process holds it. */
gboolean vigil_data_folder_lock            (int                 dir_fd,
                                            const char         *data_dir,
                                            GError            **error);

/* Makes @name in the folder if it is missing (0600, never through a
 * symbolic link) and says whether it did; an existing one must be a
 * regular file of the user's own. */
gboolean vigil_data_folder_claim_file      (int                 dir_fd,
                                            const char         *data_dir,
                                            const char         *name,
                                            gboolean           *created,
                                            GError            **error);

/* Narrows an accepted data file (or its -wal, -shm) to its user alone: it
 * may have been copied in readable by others. A missing file is no matter;
 * a failure is a warning, not an error. */
void     vigil_data_folder_make_file_private (const char       *path);

/* The one line of the folder's file @name (the site's database, this
 * machine); NULL without an error when the folder has no such file. */
char    *vigil_data_folder_read_line       (const char         *data_dir,
                                            const char         *name,
                                            GError            **error);
/* Writes @text, a line, into the file @name of the folder, once
 * vigil_data_folder_claim_file() made it, and flushes it. */
gboolean vigil_data_folder_write_line      (int                 dir_fd,
                                            const char         *data_dir,
                                            const char         *name,
                                            const char         *text,
                                            GError            **error);

/* Checks an opened data file: a regular file of the user's own. */
gboolean vigil_data_folder_check_file_stat (const struct stat  *st,
                                            const char         *path,
                                            GError            **error);

G_END_DECLS
