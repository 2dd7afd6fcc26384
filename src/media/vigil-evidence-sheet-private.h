/* vigil-evidence-sheet-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-bundle-private.h"

G_BEGIN_DECLS

/* The width, in pixels, stills are grabbed at for the sheet. */
#define VIGIL_EVIDENCE_STILL_WIDTH 480

/* The printable evidence sheet of a bundle (PDF, A4): a first page saying
 * what the bundle is, who asked, who approved and why, the range, and the
 * trail's head; then a page per camera with its footage's real range, its
 * gaps and stills of its first and last frame. */
gboolean vigil_evidence_sheet_write (VigilBundle  *bundle,
                                     const char   *path,
                                     GError      **error);

G_END_DECLS
