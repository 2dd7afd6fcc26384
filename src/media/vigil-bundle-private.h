/* vigil-bundle-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "vigil-core.h"

G_BEGIN_DECLS

/* What a court bundle holds, read from the store once (vigil-bundle.c),
 * then filled in as its files are written (vigil-bundle-writer.c) and
 * described (vigil-bundle-manifest.c, vigil-evidence-sheet.c). */

typedef struct
{
  char            *name;
  char            *safe_name;       /* as it appears in file names */
  GPtrArray       *segments;        /* VigilSegment, by start */
  GPtrArray       *gaps;            /* VigilGap, by start */

  /* Filled in while writing. */
  GPtrArray       *master_paths;    /* relative to the bundle */
  guint64          bytes;
  guint64          bytes_reported;
  char            *working_copy;    /* relative, or NULL when nothing was recorded */
  gint64           first_frame;
  gint64           last_frame;
  char            *audio;           /* "copied", "none", "converted from … to AAC" */
  cairo_surface_t *first_still;
  cairo_surface_t *last_still;
} VigilBundleCamera;

typedef struct
{
  char    *path;
  guint64  bytes;
  char    *sha256;
} VigilBundleFile;

typedef struct
{
  gint64       export_id;
  gint64       from;
  gint64       to;
  char        *case_ref;
  char        *exhibit;
  char        *purpose;
  char        *site_name;
  char        *site_id;
  GTimeZone   *zone;
  char        *requested_by;
  char        *requested_name;
  gint64       requested_at;
  char        *approved_by;
  char        *approved_name;
  gint64       approved_at;
  char        *approval_reason;
  char        *hold_until;
  char        *exported_by;
  char        *exported_name;
  gint64       exported_at;
  char        *recordings_dir;
  GPtrArray   *cameras;            /* VigilBundleCamera */
  char        *notes_csv;
  guint        n_notes;
  char        *audit_csv;
  guint        n_audit;
  gint64       audit_entries;
  char        *audit_mac;
  GPtrArray   *files;              /* VigilBundleFile, as written */
} VigilBundle;

VigilBundle *vigil_bundle_read          (VigilSite     *site,
                                         VigilSession  *session,
                                         VigilExport   *export,
                                         GError       **error);
void         vigil_bundle_free          (VigilBundle   *bundle);
char        *vigil_bundle_folder_name   (VigilExport   *export);
char        *vigil_bundle_safe_name     (const char    *text);
void         vigil_bundle_add_file      (VigilBundle   *bundle,
                                         const char    *path,
                                         guint64        bytes,
                                         const char    *sha256);
gboolean     vigil_bundle_sync_folders  (const char    *root,
                                         GError       **error);
void         vigil_bundle_remove_tree   (const char    *path);
char        *vigil_bundle_format_time   (VigilBundle   *bundle,
                                         gint64         instant,
                                         gboolean       local);

char        *vigil_bundle_manifest_json (VigilBundle   *bundle);
char        *vigil_bundle_manifest_text (VigilBundle   *bundle);
char        *vigil_bundle_sha256sums    (VigilBundle   *bundle);

G_END_DECLS
