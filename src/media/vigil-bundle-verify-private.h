/* vigil-bundle-verify-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The verifier's parts (vigil-bundle-verify.c): reading the bundle's
 * folder (vigil-bundle-verify-folder.c) and playing its working copies
 * (vigil-bundle-verify-play.c). */

/* The folder. Everything is reached from the bundle's folder, open as
 * @root_fd, one folder at a time and never through a symbolic link. */

typedef enum
{
  VIGIL_BUNDLE_ENTRY_FILE,
  VIGIL_BUNDLE_ENTRY_FOLDER,
  VIGIL_BUNDLE_ENTRY_LINK,
  VIGIL_BUNDLE_ENTRY_OTHER,
} VigilBundleEntryType;

typedef struct
{
  VigilBundleEntryType  type;
  guint64               bytes;
  char                 *unreadable;  /* a folder that could not be read: why */
} VigilBundleEntry;

/* A path as a manifest or SHA256SUMS must write it: relative, "/" between
 * parts, no empty, "." or ".." part, one line of UTF-8. */
gboolean    vigil_bundle_path_is_plain (const char    *path);
/* Everything under @root_fd, by path in the bundle (VigilBundleEntry);
 * folders included, links not followed. */
GHashTable *vigil_bundle_walk          (int            root_fd,
                                        GCancellable  *cancellable,
                                        GError       **error);
/* Opens the file at @path (a plain path) for reading; one that is no
 * longer a file is refused, and nothing blocks on a FIFO. */
int         vigil_bundle_open          (int            root_fd,
                                        const char    *path,
                                        GError       **error);
/* A list (manifest.json, SHA256SUMS), whole and nul-terminated, of at
 * most @max_bytes. */
gboolean    vigil_bundle_read_list     (int            root_fd,
                                        const char    *path,
                                        gsize          max_bytes,
                                        char         **contents,
                                        gsize         *length,
                                        GError       **error);
/* The file's SHA-256 (lower-case hex) and size, read in chunks. */
char       *vigil_bundle_hash          (int            root_fd,
                                        const char    *path,
                                        GCancellable  *cancellable,
                                        guint64       *bytes,
                                        GError       **error);

/* Working copies. Sets *@why to why the MP4 open as @fd does not play, or
 * leaves it %NULL when it does; returns %FALSE with @error when cancelled,
 * or when GStreamer lacks a part it takes to tell. */
gboolean    vigil_bundle_check_plays   (int            fd,
                                        GCancellable  *cancellable,
                                        char         **why,
                                        GError       **error);

G_END_DECLS
