/* vigil-bundle-manifest.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-bundle"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-bundle-private.h"

/* A bundle describes itself twice: manifest.json for a program (the
 * verifier, a case system) and manifest.txt for a person; and
 * SHA256SUMS for `sha256sum -c`. The format is docs/bundles.md's; its
 * words are English whatever the locale, as every record is. */

#define FORMAT "vigil-bundle-1"

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          VigilBundle *bundle,
          const char  *member,
          gint64       instant,
          gboolean     local)
{
  g_autofree char *text = vigil_bundle_format_time (bundle, instant, local);

  add_string (builder, member, text);
}

static void
add_range (JsonBuilder *builder,
           VigilBundle *bundle,
           const char  *member,
           gint64       from,
           gint64       to)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_time (builder, bundle, "from", from, FALSE);
  add_time (builder, bundle, "to", to, FALSE);
  add_time (builder, bundle, "from_local", from, TRUE);
  add_time (builder, bundle, "to_local", to, TRUE);
  json_builder_end_object (builder);
}

static void
add_person (JsonBuilder *builder,
            VigilBundle *bundle,
            const char  *member,
            const char  *username,
            const char  *name,
            gint64       at)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_string (builder, "by", username);
  add_string (builder, "name", name);
  add_time (builder, bundle, "at", at, FALSE);
}

static void
add_camera (JsonBuilder       *builder,
            VigilBundle       *bundle,
            VigilBundleCamera *camera)
{
  json_builder_begin_object (builder);
  add_string (builder, "name", camera->name);

  json_builder_set_member_name (builder, "actual");
  if (camera->working_copy != NULL)
    {
      json_builder_begin_object (builder);
      add_time (builder, bundle, "from", camera->first_frame, FALSE);
      add_time (builder, bundle, "to", camera->last_frame, FALSE);
      add_time (builder, bundle, "from_local", camera->first_frame, TRUE);
      add_time (builder, bundle, "to_local", camera->last_frame, TRUE);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "masters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < camera->master_paths->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (camera->segments, i);

      json_builder_begin_object (builder);
      add_string (builder, "path", g_ptr_array_index (camera->master_paths, i));
      add_time (builder, bundle, "start", vigil_segment_get_start (segment), FALSE);
      add_time (builder, bundle, "end", vigil_segment_get_end (segment), FALSE);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, vigil_segment_get_bytes (segment));
      add_string (builder, "sha256", vigil_segment_get_sha256 (segment));
      json_builder_set_member_name (builder, "audio");
      json_builder_add_boolean_value (builder, vigil_segment_get_audio (segment));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "working_copy");
  if (camera->working_copy != NULL)
    {
      json_builder_begin_object (builder);
      add_string (builder, "path", camera->working_copy);
      add_time (builder, bundle, "first_frame", camera->first_frame, FALSE);
      add_time (builder, bundle, "last_frame", camera->last_frame, FALSE);
      add_string (builder, "audio", camera->audio);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "gaps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < camera->gaps->len; i++)
    {
      VigilGap *gap = g_ptr_array_index (camera->gaps, i);

      json_builder_begin_object (builder);
      add_time (builder, bundle, "start", vigil_gap_get_start (gap), FALSE);
      /* A gap still open when the bundle was read runs to the range's end
       * as far as the bundle knows. */
      add_time (builder, bundle, "end", vigil_gap_get_end (gap) > 0 ? vigil_gap_get_end (gap) : bundle->to, FALSE);
      add_string (builder, "cause", vigil_gap_cause_to_string (vigil_gap_get_cause (gap)));
      add_string (builder, "detail", vigil_gap_get_detail (gap));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  const VigilBundleFile *file_a = *(VigilBundleFile * const *) a;
  const VigilBundleFile *file_b = *(VigilBundleFile * const *) b;

  return strcmp (file_a->path, file_b->path);
}

static gboolean
is_manifest (const char *path)
{
  return g_str_equal (path, "manifest.json") || g_str_equal (path, "manifest.txt");
}

char *
vigil_bundle_manifest_json (VigilBundle *bundle)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_sort (bundle->files, compare_files);

  json_builder_begin_object (builder);
  add_string (builder, "format", FORMAT);
  add_string (builder, "software", "Vigil " PACKAGE_VERSION);

  json_builder_set_member_name (builder, "site");
  json_builder_begin_object (builder);
  add_string (builder, "name", bundle->site_name);
  add_string (builder, "id", bundle->site_id);
  add_string (builder, "zone", g_time_zone_get_identifier (bundle->zone));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "export");
  json_builder_add_int_value (builder, bundle->export_id);
  add_string (builder, "case", bundle->case_ref);
  add_string (builder, "exhibit", bundle->exhibit);
  add_string (builder, "purpose", bundle->purpose);

  add_person (builder, bundle, "requested", bundle->requested_by, bundle->requested_name, bundle->requested_at);
  json_builder_end_object (builder);
  add_person (builder, bundle, "approved", bundle->approved_by, bundle->approved_name, bundle->approved_at);
  add_string (builder, "reason", bundle->approval_reason);
  add_string (builder, "hold_until", bundle->hold_until);
  json_builder_end_object (builder);
  add_person (builder, bundle, "exported", bundle->exported_by, bundle->exported_name, bundle->exported_at);
  json_builder_end_object (builder);

  add_range (builder, bundle, "range", bundle->from, bundle->to);

  json_builder_set_member_name (builder, "cameras");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bundle->cameras->len; i++)
    add_camera (builder, bundle, g_ptr_array_index (bundle->cameras, i));
  json_builder_end_array (builder);

  add_string (builder, "notes", "notes.csv");
  add_string (builder, "audit", "audit.csv");
  json_builder_set_member_name (builder, "audit_head");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, bundle->audit_entries);
  add_string (builder, "mac", bundle->audit_mac);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bundle->files->len; i++)
    {
      VigilBundleFile *file = g_ptr_array_index (bundle->files, i);

      if (is_manifest (file->path))
        continue;
      json_builder_begin_object (builder);
      add_string (builder, "path", file->path);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, file->bytes);
      add_string (builder, "sha256", file->sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

static void
line_time (GString     *out,
           VigilBundle *bundle,
           const char  *label,
           gint64       instant)
{
  g_autofree char *utc = vigil_bundle_format_time (bundle, instant, FALSE);
  g_autofree char *local = vigil_bundle_format_time (bundle, instant, TRUE);

  g_string_append_printf (out, "%s%s (site time %s)\n", label, utc, local);
}

char *
vigil_bundle_manifest_text (VigilBundle *bundle)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (bundle->files, compare_files);

  g_string_append_printf (out, "Court bundle: case %s, exhibit %s\n", bundle->case_ref, bundle->exhibit);
  g_string_append_printf (out, "Site: %s (%s), time zone %s\n", bundle->site_name, bundle->site_id,
                          g_time_zone_get_identifier (bundle->zone));
  g_string_append_printf (out, "Export %" G_GINT64_FORMAT ", written by Vigil %s\n\n", bundle->export_id,
                          PACKAGE_VERSION);
  g_string_append_printf (out, "Purpose: %s\n", bundle->purpose);
  g_string_append_printf (out, "Requested by %s (%s)\n", bundle->requested_name, bundle->requested_by);
  line_time (out, bundle, "  at ", bundle->requested_at);
  g_string_append_printf (out, "Approved by %s (%s), because: %s\n", bundle->approved_name, bundle->approved_by,
                          bundle->approval_reason);
  line_time (out, bundle, "  at ", bundle->approved_at);
  g_string_append_printf (out, "  footage held until the end of %s\n", bundle->hold_until);
  g_string_append_printf (out, "Exported by %s (%s)\n", bundle->exported_name, bundle->exported_by);
  line_time (out, bundle, "  at ", bundle->exported_at);

  g_string_append (out, "\nRange requested\n");
  line_time (out, bundle, "  from ", bundle->from);
  line_time (out, bundle, "  to   ", bundle->to);

  for (guint i = 0; i < bundle->cameras->len; i++)
    {
      VigilBundleCamera *camera = g_ptr_array_index (bundle->cameras, i);

      g_string_append_printf (out, "\nCamera %s\n", camera->name);
      if (camera->working_copy == NULL)
        g_string_append (out, "  Nothing was recorded in the range.\n");
      else
        {
          line_time (out, bundle, "  Footage from ", camera->first_frame);
          line_time (out, bundle, "  to           ", camera->last_frame);
          if (camera->first_frame < bundle->from)
            g_string_append (out, "  (it starts at the keyframe before the requested start, so that the first "
                                  "picture is whole)\n");
          g_string_append_printf (out, "  %u master segment(s), bit for bit as recorded; working copy %s, sound %s\n",
                                  camera->master_paths->len, camera->working_copy, camera->audio);
        }
      if (camera->gaps->len == 0)
        g_string_append (out, "  No gap: recording was never missing where the centre's rules required it.\n");
      for (guint j = 0; j < camera->gaps->len; j++)
        {
          VigilGap *gap = g_ptr_array_index (camera->gaps, j);
          gint64 end = vigil_gap_get_end (gap) > 0 ? vigil_gap_get_end (gap) : bundle->to;
          g_autofree char *start = vigil_bundle_format_time (bundle, vigil_gap_get_start (gap), TRUE);
          g_autofree char *stop = vigil_bundle_format_time (bundle, end, TRUE);

          g_string_append_printf (out, "  Gap (not recorded though required): %s to %s, cause %s%s%s\n", start, stop,
                                  vigil_gap_cause_to_string (vigil_gap_get_cause (gap)),
                                  vigil_gap_get_detail (gap) ? ": " : "",
                                  vigil_gap_get_detail (gap) ? vigil_gap_get_detail (gap) : "");
        }
    }

  g_string_append_printf (out, "\nObservation notes in the range: %u (notes.csv)\n", bundle->n_notes);
  g_string_append_printf (out, "Audit entries in the range: %u (audit.csv)\n", bundle->n_audit);
  g_string_append_printf (out, "Audit trail when written: %" G_GINT64_FORMAT " entries, newest entry's MAC %s\n",
                          bundle->audit_entries, bundle->audit_mac ? bundle->audit_mac : "(none)");

  g_string_append (out, "\nFiles (SHA-256, bytes, path)\n");
  for (guint i = 0; i < bundle->files->len; i++)
    {
      VigilBundleFile *file = g_ptr_array_index (bundle->files, i);

      if (!is_manifest (file->path))
        g_string_append_printf (out, "  %s  %12" G_GUINT64_FORMAT "  %s\n", file->sha256, file->bytes, file->path);
    }
  g_string_append (out, "\nCheck the files with: sha256sum -c SHA256SUMS (in this folder), or vigilctl bundle verify.\n");
  return g_string_free (out, FALSE);
}

char *
vigil_bundle_sha256sums (VigilBundle *bundle)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (bundle->files, compare_files);
  for (guint i = 0; i < bundle->files->len; i++)
    {
      VigilBundleFile *file = g_ptr_array_index (bundle->files, i);

      g_string_append_printf (out, "%s  %s\n", file->sha256, file->path);
    }
  return g_string_free (out, FALSE);
}
