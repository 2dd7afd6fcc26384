/* vigil-bundle.c
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
#include <unistd.h>

#include "vigil-bundle-private.h"

/* What a bundle holds, read from the store in one go on the writer's
 * thread; and the small file chores its writing shares. */

static void
camera_free (gpointer data)
{
  VigilBundleCamera *camera = data;

  g_free (camera->name);
  g_free (camera->safe_name);
  g_clear_pointer (&camera->segments, g_ptr_array_unref);
  g_clear_pointer (&camera->gaps, g_ptr_array_unref);
  g_clear_pointer (&camera->master_paths, g_ptr_array_unref);
  g_free (camera->working_copy);
  g_free (camera->audio);
  g_clear_pointer (&camera->first_still, cairo_surface_destroy);
  g_clear_pointer (&camera->last_still, cairo_surface_destroy);
  g_free (camera);
}

static void
file_free (gpointer data)
{
  VigilBundleFile *file = data;

  g_free (file->path);
  g_free (file->sha256);
  g_free (file);
}

void
vigil_bundle_free (VigilBundle *bundle)
{
  if (bundle == NULL)
    return;

  g_free (bundle->case_ref);
  g_free (bundle->exhibit);
  g_free (bundle->purpose);
  g_free (bundle->site_name);
  g_free (bundle->site_id);
  g_clear_pointer (&bundle->zone, g_time_zone_unref);
  g_free (bundle->requested_by);
  g_free (bundle->requested_name);
  g_free (bundle->approved_by);
  g_free (bundle->approved_name);
  g_free (bundle->approval_reason);
  g_free (bundle->hold_until);
  g_free (bundle->exported_by);
  g_free (bundle->exported_name);
  g_free (bundle->recordings_dir);
  g_clear_pointer (&bundle->cameras, g_ptr_array_unref);
  g_free (bundle->notes_csv);
  g_free (bundle->audit_csv);
  g_free (bundle->audit_mac);
  g_clear_pointer (&bundle->files, g_ptr_array_unref);
  g_free (bundle);
}

/* Letters, digits, "-" and "_" as they are; anything else a "-". Names
 * stay readable and no name can climb out of its folder. */
char *
vigil_bundle_safe_name (const char *text)
{
  char *safe = g_strdup (text);

  for (char *p = safe; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      *p = '-';
  return safe;
}

char *
vigil_bundle_folder_name (VigilExport *export)
{
  g_autofree char *case_ref = vigil_bundle_safe_name (vigil_export_get_case_ref (export));
  g_autofree char *exhibit = vigil_bundle_safe_name (vigil_export_get_exhibit (export));

  return g_strdup_printf ("%s-%s-export-%" G_GINT64_FORMAT, case_ref, exhibit, vigil_export_get_id (export));
}

static char *
display_name (VigilSite  *site,
              const char *username)
{
  g_autoptr(VigilStaff) staff = vigil_site_lookup_staff (site, username, NULL);

  /* A member removed since keeps their username in the bundle. */
  return g_strdup (staff != NULL ? vigil_staff_get_display_name (staff) : username);
}

/* The audit entries written in [from, to): who logged in, watched, held
 * or changed anything while the footage was recorded. */
static char *
audit_csv (VigilBundle  *bundle,
           GPtrArray    *entries)
{
  static const char * const header[] = {
    "seq", "at_utc", "at_local", "actor", "action", "object", "reason", "detail",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    vigil_text_append_csv_field (out, header[i], i + 1 == G_N_ELEMENTS (header));

  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);
      gint64 at = vigil_audit_entry_get_at (entry);
      g_autofree char *seq = NULL;
      g_autofree char *utc = NULL;
      g_autofree char *local = NULL;

      if (at < bundle->from || at >= bundle->to)
        continue;

      seq = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_audit_entry_get_seq (entry));
      utc = vigil_bundle_format_time (bundle, at, FALSE);
      local = vigil_bundle_format_time (bundle, at, TRUE);
      vigil_text_append_csv_field (out, seq, FALSE);
      vigil_text_append_csv_field (out, utc, FALSE);
      vigil_text_append_csv_field (out, local, FALSE);
      vigil_text_append_csv_field (out, vigil_audit_entry_get_actor (entry), FALSE);
      vigil_text_append_csv_field (out, vigil_audit_entry_get_action (entry), FALSE);
      vigil_text_append_csv_field (out, vigil_audit_entry_get_object (entry), FALSE);
      vigil_text_append_csv_field (out, vigil_audit_entry_get_reason (entry), FALSE);
      vigil_text_append_csv_field (out, vigil_audit_entry_get_detail (entry), TRUE);
      bundle->n_audit++;
    }

  return g_string_free (out, FALSE);
}

static gboolean
read_cameras (VigilBundle  *bundle,
              VigilSite    *site,
              VigilExport  *export,
              GError      **error)
{
  const char * const *names = vigil_export_get_cameras (export);

  for (guint i = 0; names[i] != NULL; i++)
    {
      VigilBundleCamera *camera = g_new0 (VigilBundleCamera, 1);

      g_ptr_array_add (bundle->cameras, camera);
      camera->name = g_strdup (names[i]);
      camera->safe_name = vigil_bundle_safe_name (names[i]);
      camera->master_paths = g_ptr_array_new_with_free_func (g_free);
      if (!vigil_site_list_recordings (site, names[i], bundle->from, bundle->to, &camera->segments, &camera->gaps,
                                       error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_records (VigilBundle  *bundle,
              VigilSite    *site,
              GError      **error)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) in_range = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  notes = vigil_site_list_notes (site, bundle->case_ref, 0, error);
  if (notes == NULL)
    return FALSE;
  in_range = vigil_note_select_range (notes, bundle->from, bundle->to);
  bundle->n_notes = in_range->len;
  bundle->notes_csv = vigil_note_format_csv (in_range, bundle->zone);

  entries = vigil_audit_list (vigil_site_get_audit (site), bundle->from, error);
  if (entries == NULL)
    return FALSE;
  bundle->audit_csv = audit_csv (bundle, entries);

  /* Taken after the run began, so the head is at least that entry. */
  return vigil_site_get_audit_head (site, &bundle->audit_entries, &bundle->audit_mac, error);
}

/* Reads everything the bundle will say from the store, as it is now. */
VigilBundle *
vigil_bundle_read (VigilSite     *site,
                   VigilSession  *session,
                   VigilExport   *export,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  VigilBundle *bundle = g_new0 (VigilBundle, 1);

  bundle->export_id = vigil_export_get_id (export);
  bundle->from = vigil_export_get_from (export);
  bundle->to = vigil_export_get_to (export);
  bundle->case_ref = g_strdup (vigil_export_get_case_ref (export));
  bundle->exhibit = g_strdup (vigil_export_get_exhibit (export));
  bundle->purpose = g_strdup (vigil_export_get_purpose (export));
  bundle->site_name = g_strdup (vigil_site_get_name (site));
  bundle->site_id = g_strdup (vigil_site_get_id (site));
  bundle->zone = g_time_zone_ref (vigil_site_get_time_zone (site));
  bundle->requested_by = g_strdup (vigil_export_get_requested_by (export));
  bundle->requested_name = display_name (site, bundle->requested_by);
  bundle->requested_at = vigil_export_get_requested_at (export);
  bundle->approved_by = g_strdup (vigil_export_get_decided_by (export));
  bundle->approved_name = display_name (site, bundle->approved_by);
  bundle->approved_at = vigil_export_get_decided_at (export);
  bundle->approval_reason = g_strdup (vigil_export_get_decision_reason (export));
  bundle->hold_until = g_strdup (vigil_export_get_hold_until (export));
  bundle->exported_by = g_strdup (vigil_session_get_username (session));
  bundle->exported_name = g_strdup (vigil_session_get_display_name (session));
  bundle->exported_at = g_get_real_time ();
  bundle->recordings_dir = vigil_site_get_recordings_dir (site);
  bundle->cameras = g_ptr_array_new_with_free_func (camera_free);
  bundle->files = g_ptr_array_new_with_free_func (file_free);

  if (!read_cameras (bundle, site, export, &local_error) || !read_records (bundle, site, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      vigil_bundle_free (bundle);
      return NULL;
    }
  return bundle;
}

void
vigil_bundle_add_file (VigilBundle *bundle,
                       const char  *path,
                       guint64      bytes,
                       const char  *sha256)
{
  VigilBundleFile *file = g_new0 (VigilBundleFile, 1);

  file->path = g_strdup (path);
  file->bytes = bytes;
  file->sha256 = g_strdup (sha256);
  g_ptr_array_add (bundle->files, file);
}

static gboolean
sync_folder (const char  *path,
             GError     **error)
{
  int fd = g_open (path, O_DIRECTORY | O_RDONLY | O_CLOEXEC, 0);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not sync %s: %s"), path,
               g_strerror (saved));
  return FALSE;
}

/* Every folder under @root, deepest first, then @root: each file's name
 * is lasting before the folder holding it is renamed into place. */
gboolean
vigil_bundle_sync_folders (const char  *root,
                           GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
          !vigil_bundle_sync_folders (path, error))
        return FALSE;
    }
  return sync_folder (root, error);
}

/* Removes a partial bundle: only what the writer made, never following a
 * link out of it. */
void
vigil_bundle_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      vigil_bundle_remove_tree (child);
    }
  g_rmdir (path);
}

/* UTC as "2026-12-02T10:15:00.000Z", or the site's time with its offset
 * as "2026-12-02T10:15:00.000+00:00". */
char *
vigil_bundle_format_time (VigilBundle *bundle,
                          gint64       instant,
                          gboolean     local)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *offset = NULL;

  if (!local)
    return vigil_time_format_utc_ms (instant);

  utc = g_date_time_new_from_unix_utc (instant / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("");
  there = g_date_time_to_timezone (utc, bundle->zone);
  seconds = g_date_time_format (there, "%Y-%m-%dT%H:%M:%S");
  offset = g_date_time_format (there, "%:z");
  return g_strdup_printf ("%s.%03d%s", seconds, (int) ((instant % G_USEC_PER_SEC + G_USEC_PER_SEC) % G_USEC_PER_SEC / 1000),
                          offset);
}
