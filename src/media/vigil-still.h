/* vigil-still.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* A still of a recording's first or last picture, for the evidence sheet. */

typedef enum
{
  VIGIL_STILL_FIRST,
  VIGIL_STILL_LAST,
} VigilStillFrame;

/* Decodes the first or the last video frame of @path (a working copy's MP4
 * or a master's Matroska) into a CAIRO_FORMAT_RGB24 surface, scaled down to
 * at most @max_width pixels wide (0: as recorded) in the picture's aspect
 * ratio. The last frame is found by seeking to the last keyframe and
 * decoding on from there, not by decoding the whole file. @position_us, if
 * not %NULL, is the frame's time from the file's start. Slow and
 * synchronous: call it in a worker thread. Returns %NULL with @error (one
 * line naming the file) if the file has no picture that decodes. */
cairo_surface_t *vigil_still_read (const char       *path,
                                   VigilStillFrame   which,
                                   int               max_width,
                                   gint64           *position_us,
                                   GCancellable     *cancellable,
                                   GError          **error);

G_END_DECLS
