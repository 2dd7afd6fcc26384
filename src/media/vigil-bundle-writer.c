/* vigil-bundle-writer.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-bundle"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vigil-bundle-private.h"
#include "vigil-bundle-writer.h"
#include "vigil-footage-client.h"
#include "vigil-sha256.h"
#include "vigil-evidence-sheet-private.h"
#include "vigil-segment-writer.h"
#include "vigil-still.h"
#include "vigil-working-copy.h"

/* A court bundle is evidence: it is whole or it is not there. Everything
 * goes into a hidden folder beside the final one, each file synced as it
 * is closed, and the folder is renamed into place last; a failure or a
 * cancellation removes it. The store is only read (and the run recorded)
 * on the thread that made the writer: the files are written from what was
 * read then. */

struct _VigilBundleWriter
{
  GObject        parent_instance;

  VigilSite     *site;
  VigilSession  *session;
  GMainContext  *context;     /* where "fraction" is notified */
  VigilBundle   *bundle;      /* what was read from the store */
  gint64         export_id;
  gint64         run_id;
  gboolean       finished;    /* the run's end is recorded */
  char          *dest_dir;
  char          *partial;     /* the hidden folder written into */
  char          *folder;      /* the final one */

  VigilFootageClient *fetched; /* where the masters came from the recorder's machine */

  guint64        bytes_total; /* masters and working copies, for progress */
  guint64        bytes_done;
  double         fraction;
};

G_DEFINE_FINAL_TYPE (VigilBundleWriter, vigil_bundle_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define COPY_CHUNK (1024 * 1024)

static void record_end (VigilBundleWriter *self,
                        const char        *manifest_sha256,
                        const GError      *failure);

static void
vigil_bundle_writer_dispose (GObject *object)
{
  VigilBundleWriter *self = (VigilBundleWriter *)object;

  /* A writer dropped without writing still ends its run on the trail. */
  if (!self->finished && self->run_id != 0)
    {
      g_autoptr(GError) never = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "the bundle was never written");
      record_end (self, NULL, never);
    }

  g_clear_object (&self->fetched);
  g_clear_object (&self->site);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (vigil_bundle_writer_parent_class)->dispose (object);
}

static void
vigil_bundle_writer_finalize (GObject *object)
{
  VigilBundleWriter *self = (VigilBundleWriter *)object;

  g_clear_pointer (&self->bundle, vigil_bundle_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->dest_dir, g_free);
  g_clear_pointer (&self->partial, g_free);
  g_clear_pointer (&self->folder, g_free);

  G_OBJECT_CLASS (vigil_bundle_writer_parent_class)->finalize (object);
}

static void
vigil_bundle_writer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilBundleWriter *self = VIGIL_BUNDLE_WRITER (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_bundle_writer_class_init (VigilBundleWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_bundle_writer_dispose;
  object_class->finalize = vigil_bundle_writer_finalize;
  object_class->get_property = vigil_bundle_writer_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_bundle_writer_init (VigilBundleWriter *self)
{
}

/**
 * vigil_bundle_writer_new:
 * @dest_dir: an existing folder; the bundle becomes a folder inside it
 *
 * Needs the export-footage permission and an approved export.
 *
 * Returns: (transfer full): a writer, or %NULL with @error set
 */
VigilBundleWriter *
vigil_bundle_writer_new (VigilSite     *site,
                         VigilSession  *session,
                         gint64         export_id,
                         const char    *dest_dir,
                         GError       **error)
{
  g_autoptr(VigilBundleWriter) self = NULL;
  g_autoptr(VigilExport) export = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (dest_dir != NULL, NULL);

  export = vigil_site_get_export (site, session, export_id, error);
  if (export == NULL)
    return NULL;

  if (!g_file_test (dest_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("%s is not a folder: name an existing folder to write the bundle in"), dest_dir);
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_BUNDLE_WRITER, NULL);
  self->site = g_object_ref (site);
  self->session = g_object_ref (session);
  self->context = g_main_context_ref_thread_default ();
  self->dest_dir = g_strdup (dest_dir);
  self->export_id = export_id;

  name = vigil_bundle_folder_name (export);
  self->folder = g_build_filename (dest_dir, name, NULL);
  if (g_file_test (self->folder, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already holds %s: move it away or write the bundle elsewhere"), dest_dir, name);
      return NULL;
    }
  {
    g_autofree char *hidden = g_strdup_printf (".%s.partial", name);

    self->partial = g_build_filename (dest_dir, hidden, NULL);
  }

  /* The run starts (and is audited) before anything is read, so that even
   * a bundle that fails to be written is on the trail. */
  self->run_id = vigil_site_begin_export_run (site, session, export_id, error);
  if (self->run_id == 0)
    return NULL;

  self->bundle = vigil_bundle_read (site, session, export, error);
  if (self->bundle == NULL)
    {
      record_end (self, NULL, *error);
      return NULL;
    }

  for (guint i = 0; i < self->bundle->cameras->len; i++)
    {
      VigilBundleCamera *camera = g_ptr_array_index (self->bundle->cameras, i);

      for (guint j = 0; j < camera->segments->len; j++)
        self->bytes_total += 2 * vigil_segment_get_bytes (g_ptr_array_index (camera->segments, j));
    }

  return g_steal_pointer (&self);
}

const char *
vigil_bundle_writer_get_folder (VigilBundleWriter *self)
{
  g_return_val_if_fail (VIGIL_IS_BUNDLE_WRITER (self), NULL);

  return self->folder;
}

double
vigil_bundle_writer_get_fraction (VigilBundleWriter *self)
{
  g_return_val_if_fail (VIGIL_IS_BUNDLE_WRITER (self), 0.0);

  return self->fraction;
}

/* Progress */

static gboolean
notify_fraction (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_FRACTION]);
  return G_SOURCE_REMOVE;
}

/* From the writing thread: the value is a double written whole, and the
 * notification goes to the writer's own context. */
static void
advance (VigilBundleWriter *self,
         guint64            bytes)
{
  double fraction;

  self->bytes_done += bytes;
  fraction = self->bytes_total > 0 ? MIN (1.0, (double) self->bytes_done / self->bytes_total) : 1.0;
  if (fraction - self->fraction < 0.01 && fraction < 1.0)
    return;

  self->fraction = fraction;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, notify_fraction, g_object_ref (self),
                              g_object_unref);
}

/* Files */

static gboolean
sync_path (const char  *path,
           gboolean     folder,
           GError     **error)
{
  int fd = g_open (path, (folder ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC, 0);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not sync %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not make the folder %s: %s"), parent,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Notes a file written into the bundle: its size and hash, read back from
 * the disk, not taken on trust from what was meant to be written. */
static gboolean
add_file (VigilBundleWriter  *self,
          const char         *relative,
          GCancellable       *cancellable,
          GError            **error)
{
  g_autofree char *path = g_build_filename (self->partial, relative, NULL);
  g_autofree char *sha256 = NULL;
  guint64 bytes = 0;

  sha256 = vigil_file_sha256 (path, &bytes, error);
  if (sha256 == NULL || !sync_path (path, FALSE, error))
    return FALSE;

  vigil_bundle_add_file (self->bundle, relative, bytes, sha256);
  return TRUE;
}

static gboolean
write_text (VigilBundleWriter  *self,
            const char         *relative,
            const char         *text,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autofree char *path = g_build_filename (self->partial, relative, NULL);

  return make_parent (path, error) &&
         g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error) &&
         add_file (self, relative, cancellable, error);
}

/* Copies a master bit for bit, hashing what it reads; the copy is only
 * kept when that hash is the one the recorder wrote in the store. */
static gboolean
copy_master (VigilBundleWriter  *self,
             VigilSegment       *segment,
             const char         *relative,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autofree char *source = g_build_filename (self->bundle->recordings_dir, vigil_segment_get_path (segment), NULL);
  g_autofree char *target = g_build_filename (self->partial, relative, NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) target_file = g_file_new_for_path (target);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(VigilSha256) checksum = vigil_sha256_new ();
  g_autoptr(GByteArray) buffer = g_byte_array_sized_new (COPY_CHUNK);
  guint64 bytes = 0;
  gssize n;

  g_byte_array_set_size (buffer, COPY_CHUNK);
  if (!make_parent (target, error))
    return FALSE;
  in = g_file_read (source_file, cancellable, error);
  if (in == NULL)
    {
      g_prefix_error (error, _("The master %s cannot be read: "), vigil_segment_get_path (segment));
      return FALSE;
    }
  out = g_file_create (target_file, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    return FALSE;

  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer->data, COPY_CHUNK, cancellable, error)) > 0)
    {
      vigil_sha256_update (checksum, buffer->data, n);
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buffer->data, n, NULL, cancellable, error))
        return FALSE;
      bytes += n;
      advance (self, n);
    }
  if (n < 0 || !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error) ||
      !sync_path (target, FALSE, error))
    return FALSE;

  if (g_strcmp0 (vigil_sha256_get_string (checksum), vigil_segment_get_sha256 (segment)) != 0 ||
      bytes != vigil_segment_get_bytes (segment))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("The master %s is no longer as it was recorded: its SHA-256 or its size differs from "
                     "the store's; the bundle is not written"),
                   vigil_segment_get_path (segment));
      return FALSE;
    }

  vigil_bundle_add_file (self->bundle, relative, bytes, vigil_sha256_get_string (checksum));
  return TRUE;
}

static void
on_working_copy_progress (double   fraction,
                          gpointer user_data)
{
  VigilBundleCamera *camera = ((gpointer *) user_data)[1];
  VigilBundleWriter *self = ((gpointer *) user_data)[0];
  guint64 upto = (guint64) (fraction * camera->bytes);

  if (upto > camera->bytes_reported)
    {
      advance (self, upto - camera->bytes_reported);
      camera->bytes_reported = upto;
    }
}

static gboolean
write_camera (VigilBundleWriter  *self,
              VigilBundleCamera  *camera,
              GCancellable       *cancellable,
              GError            **error)
{
  VigilBundle *bundle = self->bundle;
  g_autoptr(GArray) part_list = NULL;
  VigilWorkingCopyPart *parts;
  VigilWorkingCopyResult result = { 0 };
  g_autofree char *copy_path = NULL;
  gpointer progress_data[2] = { self, camera };
  gboolean written;

  if (camera->segments->len == 0)
    return TRUE;

  part_list = g_array_sized_new (FALSE, TRUE, sizeof (VigilWorkingCopyPart), camera->segments->len);
  g_array_set_size (part_list, camera->segments->len);
  parts = (VigilWorkingCopyPart *) part_list->data;
  for (guint i = 0; i < camera->segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (camera->segments, i);
      g_autofree char *relative = g_build_filename ("master", vigil_segment_get_path (segment), NULL);

      if (!copy_master (self, segment, relative, cancellable, error))
        return FALSE;
      g_ptr_array_add (camera->master_paths, g_steal_pointer (&relative));
      parts[i].path = g_ptr_array_index (camera->master_paths, i);
      camera->bytes += vigil_segment_get_bytes (segment);
    }

  /* The working copy is made from the copies just checked, not from the
   * recordings folder, so it is made of exactly the bytes in the bundle. */
  {
    g_autoptr(GPtrArray) absolute = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < camera->segments->len; i++)
      {
        VigilSegment *segment = g_ptr_array_index (camera->segments, i);

        g_ptr_array_add (absolute, g_build_filename (self->partial, parts[i].path, NULL));
        parts[i].path = g_ptr_array_index (absolute, i);
        parts[i].first_frame = vigil_segment_get_start (segment);
        parts[i].last_frame = vigil_segment_get_end (segment);
      }

    camera->working_copy = g_strdup_printf ("working/%s.mp4", camera->safe_name);
    copy_path = g_build_filename (self->partial, camera->working_copy, NULL);
    if (!make_parent (copy_path, error))
      return FALSE;
    written = vigil_working_copy_write (parts, camera->segments->len, bundle->from, bundle->to, copy_path,
                                        on_working_copy_progress, progress_data, cancellable, &result, error);
  }
  if (!written)
    {
      g_prefix_error (error, _("The working copy of %s could not be made: "), camera->name);
      return FALSE;
    }

  camera->first_frame = result.first_frame;
  camera->last_frame = result.last_frame;
  camera->audio = g_strdup (result.audio);
  if (camera->bytes > camera->bytes_reported)
    advance (self, camera->bytes - camera->bytes_reported);

  /* Stills for the evidence sheet: a camera whose picture cannot be
   * decoded still gets its bundle, and the sheet says so. */
  camera->first_still = vigil_still_read (copy_path, VIGIL_STILL_FIRST, VIGIL_EVIDENCE_STILL_WIDTH, NULL,
                                          cancellable, NULL);
  camera->last_still = vigil_still_read (copy_path, VIGIL_STILL_LAST, VIGIL_EVIDENCE_STILL_WIDTH, NULL,
                                         cancellable, NULL);

  /* Hashed as it was written, and synced with its folder. */
  vigil_bundle_add_file (bundle, camera->working_copy, result.bytes, result.sha256);
  vigil_working_copy_result_clear (&result);
  return TRUE;
}

static gboolean
write_files (VigilBundleWriter  *self,
             GCancellable       *cancellable,
             char              **manifest_sha256,
             GError            **error)
{
  VigilBundle *bundle = self->bundle;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sums = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *manifest_path = NULL;

  if (g_mkdir (self->partial, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not make the folder %s: %s"),
                   self->partial, g_strerror (saved));
      return FALSE;
    }

  for (guint i = 0; i < bundle->cameras->len; i++)
    if (!write_camera (self, g_ptr_array_index (bundle->cameras, i), cancellable, error))
      return FALSE;

  if (!write_text (self, "notes.csv", bundle->notes_csv, cancellable, error) ||
      !write_text (self, "audit.csv", bundle->audit_csv, cancellable, error))
    return FALSE;

  sheet = g_build_filename (self->partial, "evidence-sheet.pdf", NULL);
  if (!vigil_evidence_sheet_write (bundle, sheet, error) ||
      !add_file (self, "evidence-sheet.pdf", cancellable, error))
    return FALSE;

  /* The manifests list every file so far; SHA256SUMS lists them and the
   * manifests too. */
  json = vigil_bundle_manifest_json (bundle);
  text = vigil_bundle_manifest_text (bundle);
  if (!write_text (self, "manifest.json", json, cancellable, error) ||
      !write_text (self, "manifest.txt", text, cancellable, error))
    return FALSE;
  manifest_path = g_build_filename (self->partial, "manifest.json", NULL);
  *manifest_sha256 = vigil_file_sha256 (manifest_path, NULL, error);
  if (*manifest_sha256 == NULL)
    return FALSE;

  sums = vigil_bundle_sha256sums (bundle);
  {
    g_autofree char *sums_path = g_build_filename (self->partial, "SHA256SUMS", NULL);

    if (!g_file_set_contents_full (sums_path, sums, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error) ||
        !sync_path (sums_path, FALSE, error))
      return FALSE;
  }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !vigil_bundle_sync_folders (self->partial, error))
    return FALSE;

  if (g_rename (self->partial, self->folder) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not name the bundle %s: %s"),
                   self->folder, g_strerror (saved));
      return FALSE;
    }
  /* The rename is made lasting if it can be; the bundle is whole and in
   * place whatever this says. */
  sync_path (self->dest_dir, TRUE, NULL);
  return TRUE;
}

/* Writing; on any thread, touching no store. */
static gboolean
write_bundle (VigilBundleWriter  *self,
              GCancellable       *cancellable,
              char              **manifest_sha256,
              GError            **error)
{
  if (write_files (self, cancellable, manifest_sha256, error))
    return TRUE;

  g_clear_pointer (manifest_sha256, g_free);
  vigil_bundle_remove_tree (self->partial);
  return FALSE;
}

/* On the writer's own thread: the run's end on the trail. A failure to
 * record it is logged: the bundle (or its absence) stands either way. */
static void
record_end (VigilBundleWriter *self,
            const char        *manifest_sha256,
            const GError      *failure)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = manifest_sha256 != NULL ? g_path_get_basename (self->folder) : NULL;
  gboolean cancelled = failure != NULL && g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  self->finished = TRUE;
  if (!vigil_site_finish_export_run (self->site, self->session, self->export_id,
                                     self->run_id, name, manifest_sha256, failure ? failure->message : NULL,
                                     cancelled, &error))
    g_warning ("The end of export run %" G_GINT64_FORMAT " was not recorded: %s", self->run_id, error->message);
}

/**
 * vigil_bundle_writer_write:
 *
 * Returns: (transfer full): the bundle folder's path, or %NULL with @error
 */
char *
vigil_bundle_writer_write (VigilBundleWriter  *self,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autofree char *manifest_sha256 = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_BUNDLE_WRITER (self), NULL);
  g_return_val_if_fail (!self->finished, NULL);

  if (!write_bundle (self, cancellable, &manifest_sha256, &local_error))
    {
      record_end (self, NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  record_end (self, manifest_sha256, NULL);
  return g_strdup (self->folder);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  VigilBundleWriter *self = source_object;
  char *manifest_sha256 = NULL;
  GError *error = NULL;

  if (write_bundle (self, cancellable, &manifest_sha256, &error))
    g_task_return_pointer (task, manifest_sha256, g_free);
  else
    g_task_return_error (task, error);
}

/* A laptop of a site of several machines: each camera's masters fetched
 * from the recorder's machine with a token for the export, one camera
 * after another, into a folder of this machine's; then the writing, from
 * there. */
static void fetch_next_camera (GTask *task);

static void
on_camera_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!vigil_footage_client_fetch_finish (VIGIL_FOOTAGE_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  fetch_next_camera (task);
}

/* Takes @task's reference. */
static void
fetch_next_camera (GTask *task)
{
  VigilBundleWriter *self = g_task_get_source_object (task);
  guint *next = g_task_get_task_data (task);
  GPtrArray *cameras = self->bundle->cameras;
  VigilBundleCamera *camera;

  while (*next < cameras->len && ((VigilBundleCamera *) g_ptr_array_index (cameras, *next))->segments->len == 0)
    (*next)++;
  if (*next == cameras->len)
    {
      g_free (self->bundle->recordings_dir);
      self->bundle->recordings_dir = g_strdup (vigil_footage_client_get_folder (self->fetched));
      g_task_run_in_thread (task, write_in_thread);
      g_object_unref (task);
      return;
    }
  camera = g_ptr_array_index (cameras, (*next)++);
  vigil_footage_client_fetch_export_async (self->fetched, self->session, self->export_id, camera->name,
                                           camera->segments, g_task_get_cancellable (task), on_camera_fetched, task);
}

static gboolean
masters_are_here (VigilBundleWriter *self)
{
  for (guint i = 0; i < self->bundle->cameras->len; i++)
    {
      VigilBundleCamera *camera = g_ptr_array_index (self->bundle->cameras, i);

      if (!vigil_footage_segments_are_here (self->site, camera->segments))
        return FALSE;
    }
  return TRUE;
}

/* Writes the bundle on a thread. Where this machine lacks the masters, as
 * a laptop does, they are fetched first through the site's footage
 * service (vigil-footage-client.h); vigil_bundle_writer_write() reads only
 * this machine's. */
void
vigil_bundle_writer_write_async (VigilBundleWriter   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (VIGIL_IS_BUNDLE_WRITER (self));
  g_return_if_fail (!self->finished);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_bundle_writer_write_async);
  g_task_set_return_on_cancel (task, FALSE);
  if (masters_are_here (self))
    {
      g_task_run_in_thread (task, write_in_thread);
      return;
    }

  g_clear_object (&self->fetched);
  self->fetched = vigil_footage_client_new (self->site, &error);
  if (self->fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_new0 (guint, 1), g_free);
  fetch_next_camera (g_steal_pointer (&task));
}

/**
 * vigil_bundle_writer_write_finish:
 *
 * Returns: (transfer full): the bundle folder's path, or %NULL with @error
 */
char *
vigil_bundle_writer_write_finish (VigilBundleWriter  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_autofree char *manifest_sha256 = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  manifest_sha256 = g_task_propagate_pointer (G_TASK (result), &local_error);
  /* The masters fetched from the recorder's machine are in the bundle
   * now, or not wanted: they leave this machine. */
  g_clear_object (&self->fetched);
  if (manifest_sha256 == NULL)
    {
      record_end (self, NULL, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  record_end (self, manifest_sha256, NULL);
  return g_strdup (self->folder);
}
