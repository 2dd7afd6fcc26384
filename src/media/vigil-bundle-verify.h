/* vigil-bundle-verify.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-core.h"

G_BEGIN_DECLS

/* The court bundle verifier (docs/bundles.md, "The verifier"): checks a
 * bundle's folder against its manifest.json and SHA256SUMS, that its
 * working copies play, and, given the site's records, its masters and its
 * manifest against what the recorder and the exporter recorded. */

typedef enum
{
  VIGIL_BUNDLE_FINDING_REMOVED,         /* listed, missing */
  VIGIL_BUNDLE_FINDING_ADDED,           /* in the folder, listed nowhere */
  VIGIL_BUNDLE_FINDING_CHANGED,         /* size or hash not as listed; lists that disagree */
  VIGIL_BUNDLE_FINDING_BAD_PATH,        /* a listed path that is not a plain path inside the folder */
  VIGIL_BUNDLE_FINDING_DOES_NOT_PLAY,   /* a working copy GStreamer cannot demux or decode */
  VIGIL_BUNDLE_FINDING_NOT_RECORDED_SO, /* a master whose hash is not the recorder's */
  VIGIL_BUNDLE_FINDING_UNKNOWN_MASTER,  /* a master the site never recorded, or not deleted */
  VIGIL_BUNDLE_FINDING_MANIFEST_NOT_AS_EXPORTED, /* manifest.json is not the one the trail recorded */
} VigilBundleFindingKind;

typedef struct
{
  VigilBundleFindingKind  kind;
  char                   *path;     /* the file, relative to the bundle folder */
  char                   *message;  /* what is wrong, one line, in words */
} VigilBundleFinding;

/* "removed", "added", "changed", "bad-path", "does-not-play",
 * "not-recorded-so", "unknown-master", "manifest-not-as-exported". */
const char *vigil_bundle_finding_kind_to_string (VigilBundleFindingKind  kind);
void        vigil_bundle_finding_free           (VigilBundleFinding     *finding);

/* Checks the bundle in @dir, synchronously: it hashes every file (up to
 * gigabytes each) and demuxes every working copy, so call it off any main
 * loop. GStreamer must be initialised. @site (nullable): the site's records,
 * used only when the site's id is the manifest's site.id.
 *
 * Returns the findings (VigilBundleFinding), by path, empty when the bundle
 * is intact; or %NULL with @error when @dir is not a bundle (no readable
 * manifest.json of format "vigil-bundle-1"), when the site's records could
 * not be read, when GStreamer lacks qtdemux, decodebin or a working copy's
 * decoder (G_IO_ERROR_NOT_SUPPORTED), or when @cancellable was cancelled.
 * @n_files: how many files were hashed. @store_note: %NULL when the masters and the manifest were
 * checked against @site, otherwise why not, in words. */
GPtrArray  *vigil_bundle_verify                 (const char             *dir,
                                                 VigilSite              *site,
                                                 GCancellable           *cancellable,
                                                 guint                  *n_files,
                                                 char                  **store_note,
                                                 GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilBundleFinding, vigil_bundle_finding_free)

G_END_DECLS
