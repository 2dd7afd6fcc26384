/* vigil-segment-writer.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "vigil-media-types.h"

G_BEGIN_DECLS

/* One recorded segment file: the camera's encoded frames, remuxed as they
 * came (never re-encoded) into Matroska that plays up to its last complete
 * frame after a crash or a power cut. Each frame goes to the file with one
 * write(2), nothing held back in user space. docs/media.md describes the
 * format and the recovery. */

#define VIGIL_TYPE_SEGMENT_WRITER (vigil_segment_writer_get_type ())

G_DECLARE_FINAL_TYPE (VigilSegmentWriter, vigil_segment_writer, VIGIL, SEGMENT_WRITER, GObject)

/* Creates @path (its folder must exist; an existing file is never
 * overwritten) and writes the header and the tracks. @video_caps: H.264
 * (stream-format=avc, alignment=au) or H.265 (hvc1 or hev1, alignment=au),
 * with codec_data, width and height. @audio_caps: AAC (stream-format=raw,
 * with codec_data), Opus, G.711 µ-law or A-law; %NULL: no audio track.
 * @start_us: the segment's start, wall-clock µs since 1970; the file's
 * timestamps count from it. */
VigilSegmentWriter *vigil_segment_writer_new       (const char          *path,
                                                    GstCaps             *video_caps,
                                                    GstCaps             *audio_caps,
                                                    gint64               start_us,
                                                    GError             **error);

/* Appends one frame, from any thread (video and audio come from different
 * ones). @time_us: the frame's wall-clock time; frames before the start are
 * refused. The file keeps it in ms, each track's rising by at least 1 ms a
 * frame (a burst of frames with one time is spread out). The first video frame must be a keyframe; audio before it is left
 * out (and %TRUE returned), so that a segment starts with its picture. Audio
 * for a writer without an audio track is refused. When the write fails
 * (ENOSPC, EFBIG, EIO…), the file is cut back to the end of the last
 * complete frame and every later write is refused: close the writer and
 * start another segment. */
gboolean            vigil_segment_writer_write     (VigilSegmentWriter  *self,
                                                    VigilMediaKind       kind,
                                                    GstBuffer           *buffer,
                                                    gint64               time_us,
                                                    GError             **error);

/* Takes back every frame timed at or after @before_us (among the last
 * 30 s of frames), for a policy change that reaches the recorder a moment
 * after it took effect. Returns the video frames taken back, or -1. */
gint64              vigil_segment_writer_cut       (VigilSegmentWriter  *self,
                                                    gint64               before_us,
                                                    GError             **error);
const char         *vigil_segment_writer_get_path  (VigilSegmentWriter  *self);
gint64              vigil_segment_writer_get_start (VigilSegmentWriter  *self);
/* The latest frame time written (video or audio, µs since 1970, as the file
 * has it), or 0. */
gint64              vigil_segment_writer_get_last_time (VigilSegmentWriter *self);
/* Video frames written. */
guint64             vigil_segment_writer_get_frames (VigilSegmentWriter *self);
/* Bytes in the file so far. */
guint64             vigil_segment_writer_get_size  (VigilSegmentWriter  *self);

/* fdatasync: what was written survives a power cut. May be called from any
 * thread while frames are being written (it does not hold them up), say once
 * a second. */
gboolean            vigil_segment_writer_sync      (VigilSegmentWriter  *self,
                                                    GError             **error);

/* Writes the duration into the header, fsyncs the file and its folder,
 * closes it, then reads it back to hash it: @bytes and @sha256 (lowercase
 * hex) are what the caller records. Slow: call it off the main thread.
 * Writes after it are refused. A writer dropped without closing leaves its
 * file as a crash would, for vigil_segment_writer_recover(). */
gboolean            vigil_segment_writer_close     (VigilSegmentWriter  *self,
                                                    guint64             *bytes,
                                                    char               **sha256,
                                                    GError             **error);

/* Whether the segment file at @path holds any sound. */
gboolean            vigil_segment_writer_read_audio (const char         *path,
                                                     gboolean           *audio,
                                                     GError            **error);
/* A segment left open by a crash: cuts it to the end of its last complete
 * frame (what plays), writes its duration into the header, fsyncs it and
 * its folder, and gives the time of its latest frame (@start_us, the start
 * the caller recorded, plus the file's timestamps), its size and SHA-256.
 * A file with no complete video frame (empty, or cut inside its header)
 * gives *@last_us = 0, for the caller to drop. A file that is not Vigil's
 * Matroska is refused with G_IO_ERROR_INVALID_DATA and left untouched.
 * Slow: call it off the main thread. */
gboolean            vigil_segment_writer_recover   (const char          *path,
                                                    gint64               start_us,
                                                    gint64              *last_us,
                                                    guint64             *bytes,
                                                    char               **sha256,
                                                    GError             **error);

/* The SHA-256 (lowercase hex) of the file at @path and its size, read in
 * 1 MiB chunks; for recorded segments and exports. Slow: off the main
 * thread. */
char               *vigil_file_sha256              (const char          *path,
                                                    guint64             *bytes,
                                                    GError             **error);

G_END_DECLS
