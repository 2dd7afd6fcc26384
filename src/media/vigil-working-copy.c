/* vigil-working-copy.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A working copy is written in one pass with no temporary file: the
 * masters' frame indexes are read first (vigil-working-copy-master.c), so
 * every sample is known before the first byte; the MP4's index is computed
 * (vigil-working-copy-mp4.c) and written at the front, and the frames
 * follow, copied from the masters as they lie and hashed on the way.
 * mp4mux's faststart writes the media to a temporary file and copies it
 * back 4 KiB a buffer: twice the writing, and the kernel time of ffmpeg's
 * twice over (docs/media.md has the figures).
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vigil-working-copy-private.h"
#include "vigil-working-copy.h"
#include "vigil-sha256.h"

/* The masters are read, and the copy written, this much at a time: small
 * enough that what is copied into the chunk is still in the CPU's cache
 * when write(2) and the hash read it (4 MiB chunks cost the kernel three
 * times as much). */
#define READ_WINDOW (256 * 1024)
#define CHUNK_SIZE (64 * 1024)
/* Chunks written and waiting for the hashing thread, at most. */
#define N_CHUNKS 16
/* A master whose DateUTC is further than this from the start the store
 * recorded is not the segment the store means (a start read back from a
 * file's name is to the ms). */
#define START_TOLERANCE_US 1000
#define PROGRESS_STEP 0.01
/* The part of the progress that reading the masters' indexes is: on a cold
 * disk it reads them whole (readahead), as much as the copy does, but from
 * the page cache after that the copy is the slower. */
#define INDEX_SHARE 0.1

typedef struct
{
  guint8 *data;
  gsize   length;
} Chunk;

/* One export: the masters it reads, and what it writes. */
typedef struct
{
  guint                  n_parts;
  GArray                *sources;      /* VigilWcSource, by part; fd -1: not read */
  GArray                *masters;      /* VigilWcMaster, by part */
  GArray                *bases;        /* gint64, by part: its start, µs since 1970 */
  VigilWcTrack           tracks[VIGIL_WC_N_TRACKS];
  GArray                *samples;      /* VigilWcSample, in the order of the data */
  GByteArray            *converted;    /* the AAC, where the sound was G.711 */
  gint64                 first;
  gint64                 last;
  gint64                 to;          /* the range's end: no frame at or after it */

  /* Writing */
  int                    out_fd;
  guint64                written;
  Chunk                  chunks[N_CHUNKS];
  Chunk                 *chunk;        /* being filled */
  /* The SHA-256 is computed on a thread of its own, as the chunks are
   * written: on two cores, hashing costs the copy no time. */
  GThread               *hasher;
  GAsyncQueue           *to_hash;      /* Chunk: written */
  GAsyncQueue           *hashed;       /* Chunk: free again */
  Chunk                  end;          /* sent to stop the hasher */
  VigilSha256           *checksum;
  guint8                *window;       /* of a master */
  gsize                  window_size;
  guint                  window_source;
  guint64                window_start;
  gsize                  window_length;
} Export;

#define SOURCE(export, i) (&g_array_index ((export)->sources, VigilWcSource, (i)))
#define MASTER(export, i) (&g_array_index ((export)->masters, VigilWcMaster, (i)))
#define BASE(export, i) (g_array_index ((export)->bases, gint64, (i)))

static gpointer
hash_chunks (gpointer data)
{
  Export *export = data;
  Chunk *chunk;

  while ((chunk = g_async_queue_pop (export->to_hash)) != &export->end)
    {
      vigil_sha256_update (export->checksum, chunk->data, chunk->length);
      chunk->length = 0;
      g_async_queue_push (export->hashed, chunk);
    }
  return NULL;
}

static void
start_hasher (Export *export)
{
  export->checksum = vigil_sha256_new ();
  export->to_hash = g_async_queue_new ();
  export->hashed = g_async_queue_new ();
  for (guint i = 0; i < N_CHUNKS; i++)
    {
      export->chunks[i].data = g_malloc (CHUNK_SIZE);
      if (i > 0)
        g_async_queue_push (export->hashed, &export->chunks[i]);
    }
  export->chunk = &export->chunks[0];
  export->hasher = g_thread_new ("vigil-wc-hash", hash_chunks, export);
}

/* Waits for every chunk written to be hashed. */
static void
stop_hasher (Export *export)
{
  if (export->hasher == NULL)
    return;
  g_async_queue_push (export->to_hash, &export->end);
  g_thread_join (g_steal_pointer (&export->hasher));
}

static void
export_clear (Export *export)
{
  for (guint i = 0; export->sources != NULL && i < export->n_parts; i++)
    {
      if (SOURCE (export, i)->fd >= 0)
        close (SOURCE (export, i)->fd);
      vigil_wc_master_clear (MASTER (export, i));
    }
  g_clear_pointer (&export->sources, g_array_unref);
  g_clear_pointer (&export->masters, g_array_unref);
  g_clear_pointer (&export->bases, g_array_unref);
  for (guint t = 0; t < VIGIL_WC_N_TRACKS; t++)
    g_clear_pointer (&export->tracks[t].formats, g_ptr_array_unref);
  g_clear_pointer (&export->samples, g_array_unref);
  g_clear_pointer (&export->converted, g_byte_array_unref);
  if (export->out_fd >= 0)
    close (export->out_fd);
  stop_hasher (export);
  for (guint i = 0; i < N_CHUNKS; i++)
    g_clear_pointer (&export->chunks[i].data, g_free);
  g_clear_pointer (&export->to_hash, g_async_queue_unref);
  g_clear_pointer (&export->hashed, g_async_queue_unref);
  g_clear_pointer (&export->checksum, vigil_sha256_free);
  g_clear_pointer (&export->window, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Export, export_clear)

static void
free_format (gpointer data)
{
  vigil_wc_format_clear (data);
  g_free (data);
}

void
vigil_working_copy_result_clear (VigilWorkingCopyResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->sha256, g_free);
  g_clear_pointer (&result->audio, g_free);
  memset (result, 0, sizeof *result);
}

/* Reading the masters */

static gboolean
read_master (Export                      *export,
             guint                        i,
             const VigilWorkingCopyPart  *part,
             GCancellable                *cancellable,
             GError                     **error)
{
  VigilWcMaster *master = MASTER (export, i);
  g_autofree char *display = NULL;
  int errsv;

  SOURCE (export, i)->fd = g_open (part->path, O_RDONLY | O_CLOEXEC, 0);
  if (SOURCE (export, i)->fd < 0)
    {
      errsv = errno;
      display = g_filename_display_name (part->path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not read the recording “%s”: %s"),
                   display, g_strerror (errsv));
      return FALSE;
    }
  if (!vigil_wc_master_read (SOURCE (export, i)->fd, part->path, master, cancellable, error))
    return FALSE;

  BASE (export, i) = part->first_frame;
  if (master->date_utc != G_MININT64)
    {
      if (ABS (master->date_utc - part->first_frame) >= START_TOLERANCE_US)
        {
          g_autofree char *name = g_filename_display_name (part->path);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The recording “%s” does not start at the time recorded for it"), name);
          return FALSE;
        }
      /* The writer's own start, to the µs. */
      BASE (export, i) = master->date_utc;
    }
  return TRUE;
}

/* The video keyframe the copy starts at: the one at or before @from in the
 * master that holds @from, else (@from before the footage, or in a gap)
 * the first after it. */
static gboolean
find_start (Export  *export,
            gint64   from,
            gint64   to,
            gint64  *start)
{
  for (guint i = 0; i < export->n_parts; i++)
    {
      GArray *frames = MASTER (export, i)->frames;
      gint64 found = G_MININT64, last = G_MININT64;

      if (SOURCE (export, i)->fd < 0 || frames->len == 0)
        continue;
      for (guint j = 0; j < frames->len; j++)
        last = MAX (last, BASE (export, i) + g_array_index (frames, VigilWcFrame, j).time_us);
      if (last < from)
        continue;

      for (guint j = 0; j < frames->len; j++)
        {
          VigilWcFrame *frame = &g_array_index (frames, VigilWcFrame, j);
          gint64 time = BASE (export, i) + frame->time_us;

          if (frame->track != VIGIL_WC_VIDEO || !frame->keyframe || time >= to)
            continue;
          if (time <= from)
            found = time;
          else if (found == G_MININT64)
            {
              found = time;
              break;
            }
          else
            break;
        }
      if (found != G_MININT64)
        {
          *start = found;
          return TRUE;
        }
    }
  return FALSE;
}

/* The sample entry of @format in @track, added if new. */
static guint8
track_format (VigilWcTrack        *track,
              const VigilWcFormat *format)
{
  VigilWcFormat *copy;

  for (guint i = 0; i < track->formats->len; i++)
    if (vigil_wc_format_equal (g_ptr_array_index (track->formats, i), format))
      return (guint8) i;
  copy = g_new0 (VigilWcFormat, 1);
  *copy = *format;
  if (format->config != NULL)
    copy->config = g_bytes_ref (format->config);
  g_ptr_array_add (track->formats, copy);
  return (guint8) (track->formats->len - 1);
}

/* Every frame of the masters in [@start, @to), in the order of the files. */
static gboolean
select_samples (Export  *export,
                gint64   start,
                gint64   to,
                GError **error)
{
  gint64 previous[VIGIL_WC_N_TRACKS] = { G_MININT64, G_MININT64 };

  export->first = start;
  export->last = start;
  export->to = to;
  for (guint i = 0; i < export->n_parts; i++)
    {
      VigilWcMaster *master = MASTER (export, i);
      int entries[VIGIL_WC_N_TRACKS] = { -1, -1 };

      if (SOURCE (export, i)->fd < 0)
        continue;
      for (guint j = 0; j < master->frames->len; j++)
        {
          VigilWcFrame *frame = &g_array_index (master->frames, VigilWcFrame, j);
          VigilWcTrack *track;

          g_assert (frame->track < VIGIL_WC_N_TRACKS);
          track = &export->tracks[frame->track];
          g_assert (track->formats != NULL);
          VigilWcSample sample = { 0 };

          sample.time_us = BASE (export, i) + frame->time_us;
          if (sample.time_us < start || sample.time_us >= to)
            continue;

          if (entries[frame->track] < 0)
            {
              const VigilWcFormat *format = &master->formats[frame->track];
              const VigilWcFormat *first = track->formats->len > 0 ? g_ptr_array_index (track->formats, 0) : NULL;

              if (first != NULL && first->codec != format->codec)
                {
                  g_autofree char *name = g_filename_display_name (SOURCE (export, i)->path);

                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The recording “%s” has %s %s where the one before has %s: a working "
                                 "copy holds one"),
                               name, vigil_wc_codec_name (format->codec),
                               frame->track == VIGIL_WC_VIDEO ? _("video") : _("sound"),
                               vigil_wc_codec_name (first->codec));
                  return FALSE;
                }
              if (track->formats->len == G_MAXUINT8)
                {
                  g_autofree char *name = g_filename_display_name (SOURCE (export, i)->path);

                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The recording “%s” changes the camera's format once too often"), name);
                  return FALSE;
                }
              entries[frame->track] = track_format (track, format);
            }
          if (sample.time_us <= previous[frame->track])
            {
              g_autofree char *name = g_filename_display_name (SOURCE (export, i)->path);

              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The recording “%s” overlaps the one before it"), name);
              return FALSE;
            }
          previous[frame->track] = sample.time_us;

          sample.offset = frame->offset;
          sample.size = frame->size;
          sample.source = (guint16) i;
          sample.track = frame->track;
          sample.keyframe = frame->keyframe;
          sample.format = (guint8) entries[frame->track];
          g_array_append_val (export->samples, sample);
          export->last = MAX (export->last, sample.time_us);
        }
    }
  return TRUE;
}

/* G.711 sound becomes AAC, laid among the video samples by time. */
static gboolean
convert_audio (Export        *export,
               GCancellable  *cancellable,
               GError       **error)
{
  VigilWcTrack *audio = &export->tracks[VIGIL_WC_AUDIO];
  g_autoptr(GArray) pcm = g_array_new (FALSE, FALSE, sizeof (VigilWcSample));
  g_autoptr(GArray) aac = g_array_new (FALSE, FALSE, sizeof (VigilWcSample));
  g_autoptr(GArray) merged = NULL;
  VigilWcFormat format = { 0 };
  guint k = 0;

  if (audio->formats->len > 1)
    {
      /* Which master changed it is not worth the search: it is rare. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The camera's G.711 sound changes its rate in the range: it cannot be converted in one"));
      return FALSE;
    }
  for (guint i = 0; i < export->samples->len; i++)
    if (g_array_index (export->samples, VigilWcSample, i).track == VIGIL_WC_AUDIO)
      g_array_append_val (pcm, g_array_index (export->samples, VigilWcSample, i));

  export->converted = g_byte_array_new ();
  if (!vigil_wc_convert_audio (g_ptr_array_index (audio->formats, 0), (VigilWcSample *) (gpointer) pcm->data,
                               pcm->len, SOURCE (export, 0), export->converted, aac, &format,
                               &audio->priming, &audio->end_us, cancellable, error))
    {
      vigil_wc_format_clear (&format);
      return FALSE;
    }
  g_ptr_array_set_size (audio->formats, 0);
  track_format (audio, &format);
  vigil_wc_format_clear (&format);

  merged = g_array_sized_new (FALSE, FALSE, sizeof (VigilWcSample), export->samples->len);
  for (guint i = 0; i < export->samples->len; i++)
    {
      VigilWcSample *sample = &g_array_index (export->samples, VigilWcSample, i);

      if (sample->track != VIGIL_WC_VIDEO)
        continue;
      for (; k < aac->len && g_array_index (aac, VigilWcSample, k).time_us <= sample->time_us; k++)
        g_array_append_val (merged, g_array_index (aac, VigilWcSample, k));
      g_array_append_val (merged, *sample);
    }
  g_array_append_vals (merged, aac->data + (gsize) k * sizeof (VigilWcSample), aac->len - k);
  g_array_unref (export->samples);
  export->samples = g_steal_pointer (&merged);
  /* The encoder's last frame may be stamped at or after the range's end
   * (it carries the sound's tail and the encoder's padding): the copy's
   * last frame is still the last before the end. */
  for (guint i = 0; i < aac->len; i++)
    if (g_array_index (aac, VigilWcSample, i).time_us < export->to)
      export->last = MAX (export->last, g_array_index (aac, VigilWcSample, i).time_us);
  return TRUE;
}

/* Writing */

/* Writes the chunk filled, hands it to the hasher and takes a free one. */
static gboolean
flush (Export      *export,
       const char  *out_path,
       GError     **error)
{
  Chunk *chunk = export->chunk;
  gsize done = 0;

  while (done < chunk->length)
    {
      ssize_t wrote = write (export->out_fd, chunk->data + done, chunk->length - done);

      if (wrote < 0 && errno == EINTR)
        continue;
      if (wrote <= 0)
        {
          int errsv = wrote < 0 ? errno : EIO;
          g_autofree char *display = g_filename_display_name (out_path);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       _("Could not write the working copy “%s”: %s"), display, g_strerror (errsv));
          return FALSE;
        }
      done += (gsize) wrote;
    }
  export->written += chunk->length;
  g_async_queue_push (export->to_hash, chunk);
  export->chunk = g_async_queue_pop (export->hashed);
  return TRUE;
}

static gboolean
append (Export        *export,
        const guint8  *data,
        gsize          size,
        const char    *out_path,
        GError       **error)
{
  while (size > 0)
    {
      Chunk *chunk = export->chunk;
      gsize part = MIN (size, CHUNK_SIZE - chunk->length);

      memcpy (chunk->data + chunk->length, data, part);
      chunk->length += part;
      data += part;
      size -= part;
      if (chunk->length == CHUNK_SIZE && !flush (export, out_path, error))
        return FALSE;
    }
  return TRUE;
}

/* The bytes of @sample: from the window on its master, read again where
 * it does not hold them. */
static const guint8 *
sample_bytes (Export               *export,
              const VigilWcSample  *sample,
              GError              **error)
{
  gsize want;

  if (sample->source == VIGIL_WC_CONVERTED)
    return export->converted->data + sample->offset;
  if (sample->source == export->window_source && sample->offset >= export->window_start
      && sample->offset + sample->size <= export->window_start + export->window_length)
    return export->window + (sample->offset - export->window_start);

  want = MAX (READ_WINDOW, sample->size);
  if (want > export->window_size)
    {
      export->window = g_realloc (export->window, want);
      export->window_size = want;
    }
  export->window_source = sample->source;
  export->window_start = sample->offset;
  export->window_length = 0;
  while (export->window_length < want)
    {
      ssize_t got = pread (SOURCE (export, sample->source)->fd, export->window + export->window_length,
                           want - export->window_length, (off_t) (sample->offset + export->window_length));

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int errsv = errno;

          g_autofree char *name = g_filename_display_name (SOURCE (export, sample->source)->path);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       _("Could not read the recording “%s”: %s"), name, g_strerror (errsv));
          return NULL;
        }
      if (got == 0)
        break;
      export->window_length += (gsize) got;
    }
  if (export->window_length < sample->size)
    {
      /* Shorter than when its index was read. */
      g_autofree char *name = g_filename_display_name (SOURCE (export, sample->source)->path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The recording “%s” changed while it was being copied"), name);
      return NULL;
    }
  return export->window;
}

static gboolean
sync_folder (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int errsv;

  if (fd < 0 || fsync (fd) < 0)
    {
      g_autofree char *display = g_filename_display_name (folder);

      errsv = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not save the folder “%s”: %s"),
                   display, g_strerror (errsv));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
write_copy (Export                    *export,
            GByteArray                *head,
            const char                *out_path,
            VigilWorkingCopyProgress   progress,
            gpointer                   user_data,
            GCancellable              *cancellable,
            GError                   **error)
{
  double span = (double) MAX (export->last - export->first, 1);
  double reported = INDEX_SHARE;
  int errsv;

  export->out_fd = g_open (out_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (export->out_fd < 0)
    {
      g_autofree char *display = g_filename_display_name (out_path);

      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not create the working copy “%s”: %s"),
                   display, g_strerror (errsv));
      return FALSE;
    }

  start_hasher (export);
  export->window_source = VIGIL_WC_CONVERTED;
  if (!append (export, head->data, head->len, out_path, error))
    return FALSE;

  for (guint i = 0; i < export->samples->len; i++)
    {
      const VigilWcSample *sample = &g_array_index (export->samples, VigilWcSample, i);
      const guint8 *bytes = sample_bytes (export, sample, error);
      double fraction;

      if (bytes == NULL || !append (export, bytes, sample->size, out_path, error))
        return FALSE;
      /* Every hundredth of the way: often enough for a progress bar and a
       * prompt cancel, seldom enough to cost nothing. */
      fraction = INDEX_SHARE + (1 - INDEX_SHARE) * CLAMP ((sample->time_us - export->first) / span, 0.0, 1.0);
      if (fraction - reported >= PROGRESS_STEP)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress (fraction, user_data);
          reported = fraction;
        }
    }
  if (export->chunk->length > 0 && !flush (export, out_path, error))
    return FALSE;
  stop_hasher (export);

  if (fsync (export->out_fd) < 0)
    {
      g_autofree char *display = g_filename_display_name (out_path);

      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not save the working copy “%s”: %s"),
                   display, g_strerror (errsv));
      return FALSE;
    }
  errsv = close (export->out_fd) < 0 ? errno : 0;
  export->out_fd = -1;
  if (errsv != 0)
    {
      g_autofree char *display = g_filename_display_name (out_path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("Could not save the working copy “%s”: %s"),
                   display, g_strerror (errsv));
      return FALSE;
    }
  if (!sync_folder (out_path, error))
    return FALSE;
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}

gboolean
vigil_working_copy_write (const VigilWorkingCopyPart  *parts,
                          guint                        n_parts,
                          gint64                       from,
                          gint64                       to,
                          const char                  *out_path,
                          VigilWorkingCopyProgress     progress,
                          gpointer                     user_data,
                          GCancellable                *cancellable,
                          VigilWorkingCopyResult      *result,
                          GError                     **error)
{
  g_auto(Export) export = { 0 };
  g_autoptr(GByteArray) head = NULL;
  const VigilWcFormat *sound;
  gint64 start = 0, previous_first = G_MININT64;
  guint n_used = 0, n_read = 0;
  gboolean created;

  g_return_val_if_fail (parts != NULL || n_parts == 0, FALSE);
  g_return_val_if_fail (n_parts < VIGIL_WC_CONVERTED, FALSE);
  g_return_val_if_fail (from < to, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (result, 0, sizeof *result);
  export.n_parts = n_parts;
  export.out_fd = -1;
  export.sources = g_array_sized_new (FALSE, TRUE, sizeof (VigilWcSource), n_parts);
  export.masters = g_array_sized_new (FALSE, TRUE, sizeof (VigilWcMaster), n_parts);
  export.bases = g_array_sized_new (FALSE, TRUE, sizeof (gint64), n_parts);
  g_array_set_size (export.sources, n_parts);
  g_array_set_size (export.masters, n_parts);
  g_array_set_size (export.bases, n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      SOURCE (&export, i)->fd = -1;
      SOURCE (&export, i)->path = parts[i].path;
    }
  for (guint t = 0; t < VIGIL_WC_N_TRACKS; t++)
    export.tracks[t].formats = g_ptr_array_new_with_free_func (free_format);
  export.samples = g_array_new (FALSE, FALSE, sizeof (VigilWcSample));

  /* Only the masters that reach into the range are read. */
  for (guint i = 0; i < n_parts; i++)
    if (parts[i].last_frame >= from && parts[i].first_frame < to)
      n_used++;
  for (guint i = 0; i < n_parts; i++)
    {
      if (parts[i].first_frame < previous_first)
        {
          g_autofree char *name = g_filename_display_name (parts[i].path);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The recording “%s” is out of time order"), name);
          return FALSE;
        }
      previous_first = parts[i].first_frame;
      if (parts[i].last_frame < from || parts[i].first_frame >= to)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !read_master (&export, i, &parts[i], cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (INDEX_SHARE * ++n_read / n_used, user_data);
    }

  if (!find_start (&export, from, to, &start))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No picture was recorded in the range"));
      return FALSE;
    }
  if (!select_samples (&export, start, to, error))
    return FALSE;

  sound = export.tracks[VIGIL_WC_AUDIO].formats->len > 0
          ? g_ptr_array_index (export.tracks[VIGIL_WC_AUDIO].formats, 0) : NULL;
  if (sound == NULL)
    result->audio = g_strdup ("none");
  else if (sound->codec == VIGIL_WC_CODEC_PCMU || sound->codec == VIGIL_WC_CODEC_PCMA)
    {
      result->audio = g_strdup_printf ("converted from %s to AAC", vigil_wc_codec_name (sound->codec));
      if (!convert_audio (&export, cancellable, error))
        {
          vigil_working_copy_result_clear (result);
          return FALSE;
        }
    }
  else
    result->audio = g_strdup ("copied");

  head = vigil_wc_mp4_head (export.tracks, (VigilWcSample *) (gpointer) export.samples->data, export.samples->len,
                            start, error);
  if (head == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      vigil_working_copy_result_clear (result);
      return FALSE;
    }

  if (!write_copy (&export, head, out_path, progress, user_data, cancellable, error))
    {
      created = export.out_fd >= 0 || export.checksum != NULL;
      if (export.out_fd >= 0)
        {
          close (export.out_fd);
          export.out_fd = -1;
        }
      /* Nothing half-written is left; a file that was there is not ours. */
      if (created)
        g_unlink (out_path);
      vigil_working_copy_result_clear (result);
      return FALSE;
    }

  result->first_frame = export.first;
  result->last_frame = export.last;
  result->bytes = export.written;
  result->sha256 = g_strdup (vigil_sha256_get_string (export.checksum));
  return TRUE;
}
