/* vigil-notes-pdf.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vigil-site.h"

G_BEGIN_DECLS

/* A family's observation notes as a printable PDF for the case record
 * (vigil-notes-pdf.c): A4, each note with its addenda beneath it. The range
 * is of written times, @since_us included and @until_us not, 0 meaning
 * unbounded at that end. */

gboolean vigil_site_export_notes_pdf        (VigilSite            *self,
                                             const char           *case_ref,
                                             gint64                since_us,
                                             gint64                until_us,
                                             const char           *path,
                                             GError              **error);
void     vigil_site_export_notes_pdf_async  (VigilSite            *self,
                                             const char           *case_ref,
                                             gint64                since_us,
                                             gint64                until_us,
                                             const char           *path,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean vigil_site_export_notes_pdf_finish (VigilSite            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
