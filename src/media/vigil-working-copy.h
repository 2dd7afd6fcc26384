/* vigil-working-copy.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A court bundle's working copy of one camera: the recorded segments
 * ("masters") covering a range, remuxed (never re-encoded) into one MP4
 * whose index comes first, so that it starts playing at once. Sound that
 * MP4 cannot carry (G.711) is converted to AAC; the picture never is.
 * docs/media.md, "Working copies and stills", says how. */

/* One master: a segment file VigilSegmentWriter wrote, with the times the
 * store recorded for it (µs since 1970, UTC). */
typedef struct
{
  const char *path;
  gint64      first_frame;
  gint64      last_frame;
} VigilWorkingCopyPart;

typedef struct
{
  /* µs since 1970, UTC: the first frame (the keyframe at or before the
   * range's start) and the last (before its end), as the masters time them. */
  gint64   first_frame;
  gint64   last_frame;
  guint64  bytes;
  /* The file's SHA-256 (lowercase hex), hashed as it was written. */
  char    *sha256;
  /* "copied", "none" (no sound in the range), or "converted from PCMU to
   * AAC" (or PCMA): the words of the bundle's manifest. */
  char    *audio;
} VigilWorkingCopyResult;

/* How far the copy has come, from 0 to 1: reading the masters' indexes is
 * the first tenth, writing the rest (by the time of the frames written).
 * Called in the writing thread. */
typedef void (*VigilWorkingCopyProgress) (double   fraction,
                                          gpointer user_data);

/* Writes the working copy of [@from, @to) (µs since 1970, UTC) of the
 * masters @parts (one camera's, in time order; those outside the range are
 * not read) to @out_path, which must not exist. It starts at the video
 * keyframe at or before @from and ends with the last frame before @to; a
 * gap between masters stays a gap of the same length. The file is fsynced,
 * with its folder, before this returns. Slow and synchronous: call it in a
 * worker thread. On failure or cancellation nothing is left at @out_path,
 * and @error is one line, naming the master at fault where one is. */
gboolean vigil_working_copy_write (const VigilWorkingCopyPart  *parts,
                                   guint                        n_parts,
                                   gint64                       from,
                                   gint64                       to,
                                   const char                  *out_path,
                                   VigilWorkingCopyProgress     progress,
                                   gpointer                     user_data,
                                   GCancellable                *cancellable,
                                   VigilWorkingCopyResult      *result,
                                   GError                     **error);

/* Frees what @result holds (not @result itself). */
void     vigil_working_copy_result_clear (VigilWorkingCopyResult *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilWorkingCopyResult, vigil_working_copy_result_clear)

G_END_DECLS
