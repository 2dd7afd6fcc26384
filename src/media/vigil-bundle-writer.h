/* vigil-bundle-writer.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_BUNDLE_WRITER (vigil_bundle_writer_get_type ())

G_DECLARE_FINAL_TYPE (VigilBundleWriter, vigil_bundle_writer, VIGIL, BUNDLE_WRITER, GObject)

/* Writes an approved court bundle export as a folder (docs/bundles.md).
 * _new() reads everything the bundle needs from the store on the calling
 * thread and starts the run (audited "export-started"); writing the files
 * is slow work, done by _write() or on a thread by _write_async(); the
 * run's end is recorded on the calling thread. The "fraction" property
 * (0 to 1) follows the writing, notified on the calling thread's main
 * context. */
VigilBundleWriter *vigil_bundle_writer_new          (VigilSite          *site,
                                                     VigilSession       *session,
                                                     gint64              export_id,
                                                     const char         *dest_dir,
                                                     GError            **error);
/* The folder the bundle will have once written. */
const char        *vigil_bundle_writer_get_folder   (VigilBundleWriter  *self);
double             vigil_bundle_writer_get_fraction (VigilBundleWriter  *self);

/* Returns the bundle folder's path, or %NULL with @error set (and no
 * folder left behind). Either way the run's end is on the trail. */
char              *vigil_bundle_writer_write        (VigilBundleWriter  *self,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
void               vigil_bundle_writer_write_async  (VigilBundleWriter  *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
char              *vigil_bundle_writer_write_finish (VigilBundleWriter  *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

G_END_DECLS
