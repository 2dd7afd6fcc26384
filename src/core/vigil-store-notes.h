/* vigil-store-notes.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-store-notes.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-note.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* Observation summary notes in the store (vigil-store-notes.c). There is no
 * update and no delete: a saved note never changes. */

gint64     vigil_store_note_insert (VigilStore  *self,
                                    gint64       family_id,
                                    VigilNote   *note,
                                    GError     **error);
VigilNote *vigil_store_note_get    (VigilStore  *self,
                                    gint64       note_id,
                                    gint64      *family_id,
                                    GError     **error);
GPtrArray *vigil_store_note_list   (VigilStore  *self,
                                    gint64       family_id,
                                    gint64       since_us,
                                    GError     **error);

G_END_DECLS
