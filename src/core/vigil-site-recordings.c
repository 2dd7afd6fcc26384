/* vigil-site-recordings.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "vigil-error.h"
#include "vigil-site-machines.h"
#include "vigil-site-recordings-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-recordings.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-site-recordings.h"

/* Recordings: what the recorder writes (segments, gaps, its state), the
 * holds team leads place, and the deletions retention makes. The recorder's
 * calls take no session: it is the site's own service, and acts in the
 * trail as VIGIL_RECORDER_ACTOR. Segments are not audited one by one (one a
 * minute a camera would drown the trail); what the trail keeps is every
 * deletion, every dropped segment, every gap and every hold. Audit text is
 * a record, in the source language; errors shown to staff are translated. */

#define MAX_PATH_CHARS   1024
#define MAX_DETAIL_CHARS 500

char *
vigil_site_recordings_camera_object (const char *camera)
{
  return g_strdup_printf ("camera:%s", camera);
}

/* "from=2026-12-02T02:15:55.123Z to=2026-12-02T02:16:55.120Z", for the
 * trail's details; an @end of 0 is "open". */
char *
vigil_site_recordings_utc_range (gint64 start,
                                 gint64 end)
{
  g_autofree char *from = vigil_time_format_utc_ms (start);
  g_autofree char *to = end != 0 ? vigil_time_format_utc_ms (end) : g_strdup ("open");

  return g_strdup_printf ("from=%s to=%s", from, to);
}

/**
 * vigil_site_get_recordings_dir:
 *
 * Returns: (transfer full): the folder segments live in
 */
char *
vigil_site_get_recordings_dir (VigilSite *self)
{
  g_autofree char *setting = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  setting = vigil_store_get_setting (vigil_site_get_store (self), VIGIL_SETTING_RECORDINGS_DIR, NULL);
  if (setting != NULL && setting[0] != '\0')
    return g_steal_pointer (&setting);
  return g_build_filename (vigil_site_get_data_dir (self), "recordings", NULL);
}

/**
 * vigil_site_claim_recording:
 * @doing: (nullable): what the holder does, after "process PID on HOST"
 *
 * Takes the site's one recording lock (recorder.lock in the data folder, an
 * exclusive flock), held until the returned descriptor is closed, and
 * writes into it who holds it. Refused at once, naming the holder, when a
 * recorder, or a move of the site, holds it.
 *
 * Returns: the lock file's descriptor, or -1 with @error set
 */
int
vigil_site_claim_recording (VigilSite   *self,
                            const char  *doing,
                            GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *holder = NULL;
  int fd;

  g_return_val_if_fail (VIGIL_IS_SITE (self), -1);

  path = g_build_filename (vigil_site_get_data_dir (self), "recorder.lock", NULL);
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot open %s: %s"), path, g_strerror (saved));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_file_get_contents (path, &holder, NULL, NULL);
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("the site %s is already being recorded by %s"), vigil_site_get_name (self),
                   holder && *holder ? g_strstrip (holder) : _("another vigil-recorder"));
      return -1;
    }

  holder = g_strdup_printf ("process %d on %s%s%s\n", (int) getpid (), g_get_host_name (),
                            doing != NULL ? ", " : "", doing != NULL ? doing : "");
  if (ftruncate (fd, 0) != 0 || pwrite (fd, holder, strlen (holder), 0) < 0)
    g_warning ("Cannot write %s: %s", path, g_strerror (errno));
  return fd;
}

/* A segment's path: relative, inside the recordings folder, one printable
 * line. */
static gboolean
check_segment_path (const char  *path,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (!vigil_text_validate_name (path, MAX_PATH_CHARS, _("segment path"), error))
    return FALSE;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_path_is_absolute (path) || parts[i][0] == '\0' || strcmp (parts[i], ".") == 0 ||
        strcmp (parts[i], "..") == 0)
      {
        g_autofree char *shown = vigil_text_quote (path);
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                     _("segment path “%s” must be relative to the recordings folder and stay inside it"), shown);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_sha256 (const char  *sha256,
              GError     **error)
{
  gboolean ok = sha256 != NULL && strlen (sha256) == 64;

  for (guint i = 0; ok && i < 64; i++)
    ok = g_ascii_isxdigit (sha256[i]) && !g_ascii_isupper (sha256[i]);

  if (!ok)
    {
      g_autofree char *shown = vigil_text_quote (sha256 ? sha256 : "");
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a segment's SHA-256 is 64 lower-case hex digits, not “%s”"), shown);
    }
  return ok;
}

/* Segments */

typedef struct
{
  const char *camera;
  const char *path;
  gint64      start;
  gboolean    audio;
  gint64      id;
} OpenSegment;

static gboolean
open_segment (VigilSite  *self,
              gpointer    data,
              GError    **error)
{
  OpenSegment *open = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilCamera) camera = vigil_store_camera_lookup (store, open->camera, error);

  if (camera == NULL)
    return FALSE;
  open->id = vigil_store_segment_insert (store, vigil_camera_get_id (camera), open->path, open->start,
                                         open->audio, vigil_site_now (self), error);
  return open->id != 0;
}

/**
 * vigil_site_open_segment:
 * @path: the file, relative to the recordings folder
 * @start: the instant of its first frame
 *
 * Returns: the new segment's id, or 0 with @error set
 */
gint64
vigil_site_open_segment (VigilSite   *self,
                         const char  *camera,
                         const char  *path,
                         gint64       start,
                         gboolean     audio,
                         GError     **error)
{
  OpenSegment open = { camera, path, start, audio, 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), 0);
  g_return_val_if_fail (camera != NULL && path != NULL, 0);

  if (!check_segment_path (path, error))
    return 0;
  if (!vigil_site_centre_transact (self, open_segment, &open, error))
    return 0;
  return open.id;
}

typedef struct
{
  gint64      id;
  gint64      end;
  guint64     bytes;
  const char *sha256;
} CloseSegment;

static gboolean
close_segment (VigilSite  *self,
               gpointer    data,
               GError    **error)
{
  CloseSegment *close = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilSegment) segment = vigil_store_segment_get (store, close->id, error);

  if (segment == NULL)
    return FALSE;
  if (close->end < vigil_segment_get_start (segment))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("segment %lld cannot end before its first frame"), (long long) close->id);
      return FALSE;
    }
  return vigil_store_segment_close (store, close->id, close->end, close->bytes, close->sha256,
                                    vigil_site_now (self), error);
}

/**
 * vigil_site_close_segment:
 * @end: the instant of its last frame
 * @sha256: the file's SHA-256, 64 lower-case hex digits
 *
 * Closes an open segment once its file and folder are synced.
 */
gboolean
vigil_site_close_segment (VigilSite   *self,
                          gint64       segment_id,
                          gint64       end,
                          guint64      bytes,
                          const char  *sha256,
                          GError     **error)
{
  CloseSegment close = { segment_id, end, bytes, sha256 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  if (!check_sha256 (sha256, error))
    return FALSE;
  if (bytes > G_MAXINT64)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("a segment cannot be that large"));
      return FALSE;
    }
  return vigil_site_centre_transact (self, close_segment, &close, error);
}

typedef struct
{
  gint64      id;
  const char *why;
} DropSegment;

static gboolean
drop_segment (VigilSite  *self,
              gpointer    data,
              GError    **error)
{
  DropSegment *drop = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilSegment) segment = vigil_store_segment_get (store, drop->id, error);
  g_autofree char *object = NULL;
  g_autofree char *range = NULL;
  g_autofree char *detail = NULL;

  if (segment == NULL)
    return FALSE;
  if (vigil_segment_get_state (segment) != VIGIL_SEGMENT_OPEN)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("segment %lld is closed: only an open segment with no frame is dropped"),
                   (long long) drop->id);
      return FALSE;
    }

  object = vigil_site_recordings_camera_object (vigil_segment_get_camera (segment));
  range = vigil_site_recordings_utc_range (vigil_segment_get_start (segment), 0);
  detail = g_strdup_printf ("segment=%" G_GINT64_FORMAT " path=%s %s", drop->id,
                            vigil_segment_get_path (segment), range);
  return vigil_store_segment_remove (store, drop->id, error) &&
         vigil_site_audit (self, VIGIL_RECORDER_ACTOR, "segment-dropped", object, drop->why, detail, error);
}

/**
 * vigil_site_drop_empty_segment:
 * @why: what the recorder found (the trail's reason)
 */
gboolean
vigil_site_drop_empty_segment (VigilSite   *self,
                               gint64       segment_id,
                               const char  *why,
                               GError     **error)
{
  DropSegment drop = { segment_id, why };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  if (!vigil_text_validate_reason (why, TRUE, error))
    return FALSE;
  return vigil_site_centre_transact (self, drop_segment, &drop, error);
}

GPtrArray *
vigil_site_list_open_segments (VigilSite  *self,
                               GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_segments_in_state (vigil_site_get_store (self), VIGIL_SEGMENT_OPEN, error);
}

/* Gaps */

typedef struct
{
  const char    *camera;
  gint64         start;
  gint64         end;
  VigilGapCause  cause;
  const char    *detail;
  gint64         id;
} AddGap;

static gboolean
audit_gap (VigilSite      *self,
           gint64          id,
           const char     *camera,
           gint64          start,
           gint64          end,
           VigilGapCause   cause,
           const char     *detail,
           GError        **error)
{
  g_autofree char *object = vigil_site_recordings_camera_object (camera);
  g_autofree char *range = vigil_site_recordings_utc_range (start, end);
  g_autofree char *text = g_strdup_printf ("gap=%" G_GINT64_FORMAT " %s cause=%s", id, range,
                                           vigil_gap_cause_to_string (cause));

  return vigil_site_audit (self, VIGIL_RECORDER_ACTOR, "recording-gap", object, detail ? detail : "", text, error);
}

static gboolean
add_gap (VigilSite  *self,
         gpointer    data,
         GError    **error)
{
  AddGap *add = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilCamera) camera = vigil_store_camera_lookup (store, add->camera, error);

  if (camera == NULL)
    return FALSE;
  add->id = vigil_store_gap_insert (store, vigil_camera_get_id (camera), add->start, add->end, add->cause,
                                    add->detail, error);
  if (add->id == 0)
    return FALSE;
  /* An open gap is audited when it closes, with its whole range. */
  return add->end == 0 ||
         audit_gap (self, add->id, vigil_camera_get_name (camera), add->start, add->end, add->cause,
                    add->detail, error);
}

static gboolean
check_gap (gint64          start,
           gint64          end,
           VigilGapCause   cause,
           const char     *detail,
           GError        **error)
{
  if (cause > VIGIL_GAP_ERROR)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("unknown gap cause %d"), (int) cause);
      return FALSE;
    }
  if (end != 0 && end < start)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("a gap cannot end before it starts"));
      return FALSE;
    }
  return vigil_text_validate_optional_line (detail, MAX_DETAIL_CHARS, _("gap detail"), error);
}

/**
 * vigil_site_open_gap:
 * @detail: (nullable): what the recorder saw
 *
 * Returns: the new gap's id, or 0 with @error set
 */
gint64
vigil_site_open_gap (VigilSite      *self,
                     const char     *camera,
                     gint64          start,
                     VigilGapCause   cause,
                     const char     *detail,
                     GError        **error)
{
  AddGap add = { camera, start, 0, cause, detail, 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), 0);
  g_return_val_if_fail (camera != NULL, 0);

  if (!check_gap (start, 0, cause, detail, error) || !vigil_site_centre_transact (self, add_gap, &add, error))
    return 0;
  return add.id;
}

typedef struct
{
  gint64 id;
  gint64 end;
} CloseGap;

static gboolean
close_gap (VigilSite  *self,
           gpointer    data,
           GError    **error)
{
  CloseGap *close = data;
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilGap) gap = vigil_store_gap_get (store, close->id, error);

  if (gap == NULL)
    return FALSE;
  if (close->end < vigil_gap_get_start (gap))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("a gap cannot end before it starts"));
      return FALSE;
    }
  return vigil_store_gap_close (store, close->id, close->end, error) &&
         audit_gap (self, close->id, vigil_gap_get_camera (gap), vigil_gap_get_start (gap), close->end,
                    vigil_gap_get_cause (gap), vigil_gap_get_detail (gap), error);
}

gboolean
vigil_site_close_gap (VigilSite   *self,
                      gint64       gap_id,
                      gint64       end,
                      GError     **error)
{
  CloseGap close = { gap_id, end };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  return vigil_site_centre_transact (self, close_gap, &close, error);
}

gboolean
vigil_site_add_gap (VigilSite      *self,
                    const char     *camera,
                    gint64          start,
                    gint64          end,
                    VigilGapCause   cause,
                    const char     *detail,
                    GError        **error)
{
  AddGap add = { camera, start, end, cause, detail, 0 };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (camera != NULL, FALSE);

  if (end == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("a gap added whole needs its end"));
      return FALSE;
    }
  return check_gap (start, end, cause, detail, error) && vigil_site_centre_transact (self, add_gap, &add, error);
}

GPtrArray *
vigil_site_list_open_gaps (VigilSite  *self,
                           GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_gaps_open (vigil_site_get_store (self), error);
}

/* A range [@from, @to) must end after it starts; the message gives both
 * in site time. */
gboolean
vigil_site_recordings_check_range (VigilSite  *self,
                                   gint64      from,
                                   gint64      to,
                                   GError    **error)
{
  if (from < to)
    return TRUE;

  {
    g_autofree char *start = vigil_site_centre_local_time (self, from);
    g_autofree char *end = vigil_site_centre_local_time (self, to);

    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("the range must end after it starts: %s to %s"), start, end);
  }
  return FALSE;
}

/**
 * vigil_site_list_recordings:
 * @segments: (out) (transfer full) (element-type VigilSegment)
 * @gaps: (out) (transfer full) (element-type VigilGap)
 *
 * An unknown camera is VIGIL_ERROR_NOT_FOUND; @to not after @from is
 * VIGIL_ERROR_INVALID.
 */
gboolean
vigil_site_list_recordings (VigilSite   *self,
                            const char  *camera,
                            gint64       from,
                            gint64       to,
                            GPtrArray  **segments,
                            GPtrArray  **gaps,
                            GError     **error)
{
  g_autoptr(VigilCamera) found = NULL;
  g_autoptr(GPtrArray) found_segments = NULL;
  g_autoptr(GPtrArray) found_gaps = NULL;
  VigilStore *store;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (camera != NULL, FALSE);
  g_return_val_if_fail (segments != NULL && gaps != NULL, FALSE);

  if (!vigil_site_recordings_check_range (self, from, to, error))
    return FALSE;

  store = vigil_site_get_store (self);
  /* One snapshot: a segment closing meanwhile is seen in one list or none. */
  if (!vigil_store_begin_read (store, error))
    return FALSE;
  if ((found = vigil_store_camera_lookup (store, camera, error)) == NULL ||
      (found_segments = vigil_store_segments_overlapping (store, vigil_camera_get_id (found), from, to,
                                                          error)) == NULL ||
      (found_gaps = vigil_store_gaps_overlapping (store, vigil_camera_get_id (found), from, to, error)) == NULL)
    {
      vigil_store_rollback (store);
      return FALSE;
    }
  if (!vigil_store_commit (store, error))
    return FALSE;

  *segments = g_steal_pointer (&found_segments);
  *gaps = g_steal_pointer (&found_gaps);
  return TRUE;
}

/* Bundles */

/* The start of the millisecond @instant falls in: a bundle's manifest
 * writes instants to the millisecond. */
static gint64
millisecond_of (gint64 instant)
{
  return instant - ((instant % G_TIME_SPAN_MILLISECOND) + G_TIME_SPAN_MILLISECOND) % G_TIME_SPAN_MILLISECOND;
}

/**
 * vigil_site_find_segment:
 * @path: the segment's file, relative to the recordings folder
 * @camera: (nullable): the camera's name, as the bundle gives it
 * @start: the instant of its first frame, to the millisecond
 *
 * Returns: (transfer full) (nullable): the segment, or %NULL (an error only
 *   when the store could not be read)
 */
VigilSegment *
vigil_site_find_segment (VigilSite   *self,
                         const char  *path,
                         const char  *camera,
                         gint64       start,
                         GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  gint64 from = millisecond_of (start);

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  found = vigil_store_segments_matching (vigil_site_get_store (self), path, camera, from,
                                         from + G_TIME_SPAN_MILLISECOND, error);
  if (found == NULL || found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

/**
 * vigil_site_find_deletion:
 *
 * Returns: (transfer full) (nullable): the deletion record, or %NULL (an
 *   error only when the store could not be read)
 */
VigilDeletion *
vigil_site_find_deletion (VigilSite   *self,
                          const char  *path,
                          const char  *camera,
                          gint64       start,
                          GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  gint64 from = millisecond_of (start);

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  found = vigil_store_deletions_matching (vigil_site_get_store (self), path, camera, from,
                                          from + G_TIME_SPAN_MILLISECOND, error);
  if (found == NULL || found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

/* The recorder's state */

static gboolean
check_status (VigilRecorderStatus  *status,
              GError              **error)
{
  if (!vigil_text_validate_optional_line (vigil_recorder_status_get_host (status), 255, _("host"), error) ||
      !vigil_text_validate_optional_line (vigil_recorder_status_get_recordings_dir (status), 4096,
                                          _("recordings folder"), error))
    return FALSE;

  for (guint i = 0; i < vigil_recorder_status_get_n_cameras (status); i++)
    {
      const VigilRecorderCamera *camera = vigil_recorder_status_get_camera (status, i);

      if (!vigil_text_validate_name (camera->name, 64, _("camera name"), error) ||
          !vigil_text_validate_optional_line (camera->detail, MAX_DETAIL_CHARS, _("camera detail"), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
report_recorder (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  return vigil_store_recorder_replace (vigil_site_get_store (self), data, error);
}

/**
 * vigil_site_report_recorder:
 *
 * Replaces the recorder's row and its cameras' rows, in one transaction.
 * Not audited: it is a heartbeat, not a change anyone made.
 */
gboolean
vigil_site_report_recorder (VigilSite            *self,
                            VigilRecorderStatus  *status,
                            GError              **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_RECORDER_STATUS (status), FALSE);

  return check_status (status, error) && vigil_site_check_machine (self, error) &&
         vigil_site_centre_transact (self, report_recorder, status, error);
}

/**
 * vigil_site_get_recorder_status:
 *
 * Returns: (transfer full) (nullable): the recorder's state as last
 *   reported, or %NULL (without an error) when no recorder ever ran
 */
VigilRecorderStatus *
vigil_site_get_recorder_status (VigilSite  *self,
                                GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilRecorderStatus) status = NULL;
  VigilStore *store;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  store = vigil_site_get_store (self);
  /* The recorder's row and its cameras from one heartbeat. */
  if (!vigil_store_begin_read (store, error))
    return NULL;
  status = vigil_store_recorder_get (store, &local_error);
  if (local_error != NULL)
    {
      vigil_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!vigil_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&status);
}
