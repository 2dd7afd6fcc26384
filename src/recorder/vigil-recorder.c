/* vigil-recorder.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "vigil-camera-recorder.h"
#include "vigil-recording-thread-private.h"
#include "vigil-segment-writer.h"
#include "vigil-recorder.h"

#define TICK_MS            200
#define HEARTBEAT_US       (2 * G_TIME_SPAN_SECOND)
#define DISK_CHECK_US      G_TIME_SPAN_SECOND
/* DESIGN.md: expired footage is deleted within the hour. */
#define SWEEP_US           (5 * G_TIME_SPAN_MINUTE)
#define CAMERA_RETRY_US    (30 * G_TIME_SPAN_SECOND)
#define MIB                (G_GUINT64_CONSTANT (1024) * 1024)

/* What makes the recorder read the policy again. */
#define POLICY_CHANGES (VIGIL_CHANGE_KIND_ROOMS | VIGIL_CHANGE_KIND_FAMILIES | VIGIL_CHANGE_KIND_STAGES | \
                        VIGIL_CHANGE_KIND_WINDOWS | VIGIL_CHANGE_KIND_OVERRIDES | VIGIL_CHANGE_KIND_SETTINGS)

struct _VigilRecorder
{
  GObject             parent_instance;

  VigilSite          *site;
  char               *recordings_dir;
  int                 lock_fd;
  gboolean            refused;    /* told once that the site refused this machine */
  VigilChangeMonitor *monitor;
  GHashTable         *cameras;        /* name → VigilCameraRecorder */
  GHashTable         *last_ends;      /* name → gint64 *, from recovery */
  gint64              down_since;
  gint64              started_at;
  guint               tick_id;
  gint64              next_heartbeat;
  gint64              next_disk_check;
  gint64              next_sweep;
  gint64              next_camera_read;
  gboolean            disk_full;
  guint64             free_bytes;
  gboolean            running;
};

G_DEFINE_FINAL_TYPE (VigilRecorder, vigil_recorder, G_TYPE_OBJECT)

enum
{
  REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vigil_recorder_dispose (GObject *object)
{
  VigilRecorder *self = (VigilRecorder *)object;

  vigil_recorder_stop (self);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->cameras, g_hash_table_unref);

  G_OBJECT_CLASS (vigil_recorder_parent_class)->dispose (object);
}

static void
vigil_recorder_finalize (GObject *object)
{
  VigilRecorder *self = (VigilRecorder *)object;

  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_clear_pointer (&self->last_ends, g_hash_table_unref);
  g_clear_object (&self->site);
  g_free (self->recordings_dir);

  G_OBJECT_CLASS (vigil_recorder_parent_class)->finalize (object);
}

static void
vigil_recorder_class_init (VigilRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_recorder_dispose;
  object_class->finalize = vigil_recorder_finalize;

  /**
   * VigilRecorder::refused:
   * @message: why, in one line
   *
   * The site refused this machine (a manager revoked it): the recorder
   * must stop, closing every segment.
   */
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vigil_recorder_init (VigilRecorder *self)
{
  self->lock_fd = -1;
  self->cameras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->last_ends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

VigilRecorder *
vigil_recorder_new (VigilSite  *site,
                    GError    **error)
{
  VigilRecorder *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);

  self = g_object_new (VIGIL_TYPE_RECORDER, NULL);
  self->site = g_object_ref (site);
  self->recordings_dir = vigil_site_get_recordings_dir (site);
  return self;
}

static gint64
segment_length (VigilRecorder *self)
{
  return (gint64) vigil_site_get_setting_uint (self->site, VIGIL_SETTING_SEGMENT_SECONDS) * G_TIME_SPAN_SECOND;
}

/* One recorder per site */

static gboolean
claim_site (VigilRecorder  *self,
            GError        **error)
{
  self->lock_fd = vigil_site_claim_recording (self->site, NULL, error);
  return self->lock_fd >= 0;
}

/* Start-up: what a crash left behind */

static void
note_last_end (VigilRecorder *self,
               const char    *camera,
               gint64         end)
{
  gint64 *known = g_hash_table_lookup (self->last_ends, camera);

  if (known == NULL)
    g_hash_table_insert (self->last_ends, g_strdup (camera), g_memdup2 (&end, sizeof end));
  else if (end > *known)
    *known = end;
}

static void
recover_segment (VigilRecorder *self,
                 VigilSegment  *segment)
{
  g_autofree char *path = g_build_filename (self->recordings_dir, vigil_segment_get_path (segment), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  gint64 last = 0;
  guint64 bytes = 0;
  gint64 id = vigil_segment_get_id (segment);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_warning ("Segment %s was left open and its file is missing", path);
      if (!vigil_site_drop_empty_segment (self->site, id, _("left open by a crash, and its file is missing"), &error))
        g_warning ("Cannot drop it: %s", error->message);
      return;
    }

  if (!vigil_segment_writer_recover (path, vigil_segment_get_start (segment), &last, &bytes, &sha256, &error))
    {
      /* Left as it is, open, for a person to look at: never deleted. */
      g_warning ("Cannot recover %s: %s", path, error->message);
      return;
    }

  if (last == 0)
    {
      g_message ("Segment %s held no frame when the recorder stopped; dropped", path);
      if (!vigil_site_drop_empty_segment (self->site, id, _("left open by a crash before its first frame"), &error))
        g_warning ("Cannot drop it: %s", error->message);
      return;
    }

  if (!vigil_site_close_segment (self->site, id, last, bytes, sha256, &error))
    {
      g_warning ("Cannot record recovered %s: %s", path, error->message);
      return;
    }
  g_message ("Recovered %s, left open by a crash: %" G_GUINT64_FORMAT " bytes", path, bytes);
  note_last_end (self, vigil_segment_get_camera (segment), last);
}

static void
finish_deletion (VigilRecorder *self,
                 VigilSegment  *segment)
{
  g_autofree char *path = g_build_filename (self->recordings_dir, vigil_segment_get_path (segment), NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  int fd;

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      g_warning ("Cannot delete expired %s: %s", path, g_strerror (errno));
      return;
    }
  if ((fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
    {
      fsync (fd);
      close (fd);
    }
  if (!vigil_site_finish_deletion (self->site, vigil_segment_get_id (segment), &error))
    g_warning ("Cannot record the deletion of %s: %s", path, error->message);
  else
    g_message ("Deleted %s: its retention ended", path);
}

/* Whether the store knows @relative (a segment of @camera from @start). */
static gboolean
segment_known (VigilRecorder *self,
               const char    *camera,
               const char    *relative,
               gint64         start)
{
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  g_autoptr(GError) error = NULL;

  if (!vigil_site_list_recordings (self->site, camera, start - G_TIME_SPAN_SECOND, start + G_TIME_SPAN_SECOND,
                                   &segments, &gaps, &error))
    {
      /* Unsure: left alone rather than recorded twice. */
      g_warning ("Cannot look up %s: %s", relative, error->message);
      return TRUE;
    }
  for (guint i = 0; i < segments->len; i++)
    if (g_strcmp0 (vigil_segment_get_path (g_ptr_array_index (segments, i)), relative) == 0)
      return TRUE;
  return FALSE;
}

/* A file the recorder began but whose row it never wrote (a crash in
 * between): recovered and recorded as any segment left open. */
static void
recover_orphan (VigilRecorder *self,
                const char    *camera,
                const char    *relative,
                gint64         start)
{
  g_autofree char *path = g_build_filename (self->recordings_dir, relative, NULL);
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) error = NULL;
  gboolean audio = FALSE;
  guint64 bytes = 0;
  gint64 last = 0, id;

  if (!vigil_segment_writer_recover (path, start, &last, &bytes, &sha256, &error) ||
      !vigil_segment_writer_read_audio (path, &audio, &error))
    {
      g_warning ("Cannot recover %s, which the store does not know: %s", path, error->message);
      return;
    }
  if (last == 0)
    {
      /* Nothing was recorded in it. */
      if (g_unlink (path) != 0)
        g_warning ("Cannot remove the empty %s: %s", path, g_strerror (errno));
      return;
    }

  if ((id = vigil_site_open_segment (self->site, camera, relative, start, audio, &error)) <= 0 ||
      !vigil_site_close_segment (self->site, id, last, bytes, sha256, &error))
    {
      g_warning ("Cannot record recovered %s: %s", path, error->message);
      return;
    }
  g_message ("Recovered %s, which a crash left unrecorded: %" G_GUINT64_FORMAT " bytes", path, bytes);
  note_last_end (self, camera, last);
}

/* Looks for such files among those begun since a little before the
 * recorder went down: earlier ones were recorded when they closed. */
static void
recover_orphans (VigilRecorder *self,
                 gint64         now)
{
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since = self->down_since - 10 * G_TIME_SPAN_MINUTE;

  if (self->down_since == 0)
    return;
  if ((cameras = vigil_site_list_cameras (self->site, &error)) == NULL)
    {
      g_warning ("Cannot list the site's cameras: %s", error->message);
      return;
    }

  for (guint i = 0; i < cameras->len; i++)
    {
      const char *camera = vigil_camera_get_name (g_ptr_array_index (cameras, i));
      g_autofree char *folder = vigil_segment_folder_name (camera);

      for (gint64 day = since - since % G_TIME_SPAN_DAY; day <= now; day += G_TIME_SPAN_DAY)
        {
          g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (day / G_USEC_PER_SEC);
          g_autofree char *date = g_date_time_format (time, "%Y-%m-%d");
          g_autofree char *dir_path = g_build_filename (self->recordings_dir, folder, date, NULL);
          g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
          const char *file;

          while (dir != NULL && (file = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *relative = g_build_filename (folder, date, file, NULL);
              gint64 start;

              if (vigil_segment_parse_file_name (date, file, &start) && start >= since &&
                  !segment_known (self, camera, relative, start))
                recover_orphan (self, camera, relative, start);
            }
        }
    }
}

static void
recover (VigilRecorder *self)
{
  g_autoptr(VigilRecorderStatus) previous = NULL;
  g_autoptr(GPtrArray) open_segments = NULL;
  g_autoptr(GPtrArray) deleting = NULL;
  g_autoptr(GPtrArray) open_gaps = NULL;
  g_autoptr(GError) error = NULL;

  if ((previous = vigil_site_get_recorder_status (self->site, &error)) != NULL)
    self->down_since = vigil_recorder_status_get_stopped_at (previous) != 0
                       ? vigil_recorder_status_get_stopped_at (previous)
                       : vigil_recorder_status_get_heartbeat_at (previous);
  else if (error != NULL)
    g_warning ("Cannot read the last recorder's state: %s", error->message);
  g_clear_error (&error);

  if ((open_segments = vigil_site_list_open_segments (self->site, &error)) == NULL)
    g_warning ("Cannot list segments left open: %s", error->message);
  for (guint i = 0; open_segments != NULL && i < open_segments->len; i++)
    recover_segment (self, g_ptr_array_index (open_segments, i));
  g_clear_error (&error);
  recover_orphans (self, g_get_real_time ());

  /* Gaps open when the recorder stopped end where it stopped; from there
   * on, the time is the recorder's own gap. */
  if ((open_gaps = vigil_site_list_open_gaps (self->site, &error)) == NULL)
    g_warning ("Cannot list gaps left open: %s", error->message);
  for (guint i = 0; open_gaps != NULL && i < open_gaps->len; i++)
    {
      VigilGap *gap = g_ptr_array_index (open_gaps, i);
      gint64 end = MAX (vigil_gap_get_start (gap), self->down_since);

      if (!vigil_site_close_gap (self->site, vigil_gap_get_id (gap), end, &error))
        {
          g_warning ("Cannot close a gap left open: %s", error->message);
          g_clear_error (&error);
        }
    }
  g_clear_error (&error);

  if ((deleting = vigil_site_list_deleting_segments (self->site, &error)) == NULL)
    g_warning ("Cannot list unfinished deletions: %s", error->message);
  for (guint i = 0; deleting != NULL && i < deleting->len; i++)
    finish_deletion (self, g_ptr_array_index (deleting, i));
}

/* Retention */

static void
sweep (VigilRecorder *self,
       gint64         now)
{
  g_autoptr(GPtrArray) expired = NULL;
  g_autoptr(GError) error = NULL;

  if ((expired = vigil_site_list_expired_segments (self->site, now, &error)) == NULL)
    {
      g_warning ("Cannot list expired segments: %s", error->message);
      return;
    }

  for (guint i = 0; i < expired->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (expired, i);

      if (!vigil_site_begin_deletion (self->site, vigil_segment_get_id (segment), now, &error))
        {
          g_message ("Not deleting %s: %s", vigil_segment_get_path (segment), error->message);
          g_clear_error (&error);
          continue;
        }
      finish_deletion (self, segment);
    }
}

/* Disk */

static void
check_disk (VigilRecorder *self)
{
  struct statvfs st;
  guint64 min_free = (guint64) vigil_site_get_setting_uint (self->site, VIGIL_SETTING_RECORDER_MIN_FREE_MB) * MIB;
  gboolean full;
  GHashTableIter iter;
  gpointer camera;

  if (statvfs (self->recordings_dir, &st) != 0)
    {
      g_warning ("Cannot see the free space of %s: %s", self->recordings_dir, g_strerror (errno));
      return;
    }

  self->free_bytes = (guint64) st.f_bavail * st.f_frsize;
  full = self->free_bytes < min_free;
  if (full == self->disk_full)
    return;

  self->disk_full = full;
  if (full)
    g_warning ("%s has %" G_GUINT64_FORMAT " MiB free, under the site's %" G_GUINT64_FORMAT " MiB: no new "
               "segment starts until space returns, and nothing unexpired or held is deleted to make room",
               self->recordings_dir, self->free_bytes / MIB, min_free / MIB);
  else
    g_message ("%s has space again (%" G_GUINT64_FORMAT " MiB free): recording resumes",
               self->recordings_dir, self->free_bytes / MIB);

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &camera))
    vigil_camera_recorder_set_disk_full (camera, full);
}

/* Cameras */

static void
add_camera (VigilRecorder *self,
            VigilCamera   *camera)
{
  const char *name = vigil_camera_get_name (camera);
  VigilCameraRecorder *recorder = vigil_camera_recorder_new (self->site, camera, self->recordings_dir,
                                                             segment_length (self));
  gint64 *last_end = g_hash_table_lookup (self->last_ends, name);
  gint64 down_since = self->down_since;

  if (down_since != 0 && last_end != NULL)
    down_since = MAX (down_since, *last_end);

  g_hash_table_insert (self->cameras, g_strdup (name), recorder);
  vigil_camera_recorder_set_disk_full (recorder, self->disk_full);
  vigil_camera_recorder_start (recorder, down_since);
}

static void
remove_camera (VigilRecorder *self,
               const char    *name)
{
  VigilCameraRecorder *recorder = g_hash_table_lookup (self->cameras, name);

  vigil_camera_recorder_stop (recorder);
  vigil_camera_recorder_finish (recorder, g_get_real_time ());
  g_hash_table_remove (self->cameras, name);
}

/* Follows the cameras' records: an enabled camera is recorded, one
 * disabled or removed no longer, one whose address changed is connected
 * again. */
static void
read_cameras (VigilRecorder *self)
{
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer name;

  if ((cameras = vigil_site_list_cameras (self->site, &error)) == NULL)
    {
      g_warning ("Cannot list the site's cameras: %s", error->message);
      return;
    }

  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);
      VigilCameraRecorder *recorder = g_hash_table_lookup (self->cameras, vigil_camera_get_name (camera));

      if (!vigil_camera_get_enabled (camera))
        continue;
      g_hash_table_add (wanted, (gpointer) vigil_camera_get_name (camera));
      if (recorder != NULL &&
          (g_strcmp0 (vigil_camera_recorder_get_url (recorder), vigil_camera_get_url (camera)) != 0 ||
           vigil_camera_recorder_get_has_audio (recorder) != vigil_camera_get_has_audio (camera)))
        {
          remove_camera (self, vigil_camera_get_name (camera));
          recorder = NULL;
        }
      if (recorder == NULL)
        add_camera (self, camera);
    }

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (wanted, name))
      g_ptr_array_add (gone, g_strdup (name));
  for (guint i = 0; i < gone->len; i++)
    remove_camera (self, g_ptr_array_index (gone, i));
}

/* The state every console reads */

static void
report (VigilRecorder *self,
        gint64         now,
        gint64         stopped_at)
{
  g_autoptr(VigilRecorderStatus) status = vigil_recorder_status_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) names = g_hash_table_get_keys (self->cameras);

  vigil_recorder_status_set_pid (status, (gint64) getpid ());
  vigil_recorder_status_set_host (status, g_get_host_name ());
  vigil_recorder_status_set_started_at (status, self->started_at);
  vigil_recorder_status_set_heartbeat_at (status, now);
  vigil_recorder_status_set_stopped_at (status, stopped_at);
  vigil_recorder_status_set_free_bytes (status, self->free_bytes);
  vigil_recorder_status_set_disk_full (status, self->disk_full);
  vigil_recorder_status_set_recordings_dir (status, self->recordings_dir);

  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    vigil_camera_recorder_report (g_hash_table_lookup (self->cameras, l->data), status, now);

  if (vigil_site_report_recorder (self->site, status, &error))
    return;

  if (!g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION))
    g_warning ("Cannot write the recorder's state: %s", error->message);
  else if (!self->refused)
    {
      self->refused = TRUE;
      g_signal_emit (self, signals[REFUSED], 0, error->message);
    }
}

static gboolean
on_tick (gpointer user_data)
{
  VigilRecorder *self = user_data;
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer camera;

  if (now >= self->next_disk_check)
    {
      check_disk (self);
      self->next_disk_check = now + DISK_CHECK_US;
    }
  if (now >= self->next_camera_read)
    {
      read_cameras (self);
      self->next_camera_read = now + CAMERA_RETRY_US;
    }

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &camera))
    vigil_camera_recorder_tick (camera, now);

  if (now >= self->next_heartbeat)
    {
      report (self, now, 0);
      self->next_heartbeat = now + HEARTBEAT_US;
    }
  if (now >= self->next_sweep)
    {
      sweep (self, now);
      self->next_sweep = now + SWEEP_US;
    }

  return G_SOURCE_CONTINUE;
}

static void
on_changed (VigilChangeMonitor *monitor,
            VigilChangeKind     kinds,
            VigilRecorder      *self)
{
  GHashTableIter iter;
  gpointer camera;

  if (kinds & VIGIL_CHANGE_KIND_CAMERAS)
    read_cameras (self);
  if (!(kinds & POLICY_CHANGES))
    return;

  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &camera))
    {
      vigil_camera_recorder_set_segment_length (camera, segment_length (self));
      vigil_camera_recorder_replan (camera);
    }
}

gboolean
vigil_recorder_start (VigilRecorder  *self,
                      GError        **error)
{
  GHashTableIter iter;
  gpointer camera;
  gint64 now;

  g_return_val_if_fail (VIGIL_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (g_mkdir_with_parents (self->recordings_dir, 0750) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot make the recordings folder %s: %s"), self->recordings_dir, g_strerror (saved));
      return FALSE;
    }
  if (!vigil_site_check_machine (self->site, error) ||
      !claim_site (self, error) ||
      (self->monitor = vigil_change_monitor_new (self->site, error)) == NULL)
    return FALSE;

  self->running = TRUE;
  self->started_at = g_get_real_time ();
  recover (self);
  check_disk (self);
  self->next_disk_check = self->started_at + DISK_CHECK_US;
  read_cameras (self);
  self->next_camera_read = self->started_at + CAMERA_RETRY_US;
  /* The first report already says what each camera must record. */
  now = g_get_real_time ();
  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &camera))
    vigil_camera_recorder_tick (camera, now);
  report (self, now, 0);
  self->next_heartbeat = self->started_at + HEARTBEAT_US;
  sweep (self, self->started_at);
  self->next_sweep = self->started_at + SWEEP_US;

  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_changed), self, 0);
  self->tick_id = g_timeout_add (TICK_MS, on_tick, self);
  g_message ("Recording site %s into %s", vigil_site_get_name (self->site), self->recordings_dir);
  return TRUE;
}

void
vigil_recorder_stop (VigilRecorder *self)
{
  GHashTableIter iter;
  gpointer camera;
  gint64 now;

  g_return_if_fail (VIGIL_IS_RECORDER (self));

  if (!self->running)
    return;
  self->running = FALSE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);

  /* Every camera's thread closes its segment (synced and hashed) before
   * it ends; the rows follow. */
  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &camera))
    vigil_camera_recorder_stop (camera);

  now = g_get_real_time ();
  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &camera))
    if (!vigil_camera_recorder_finish (camera, now))
      g_warning ("%s: some of its records could not be written; the next start recovers them",
                 vigil_camera_recorder_get_name (camera));

  report (self, now, now);
  g_message ("Stopped recording site %s", vigil_site_get_name (self->site));
}
