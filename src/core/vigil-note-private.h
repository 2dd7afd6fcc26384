/* vigil-note-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-note-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-note.h"

G_BEGIN_DECLS

/* Notes are made by the store and the site (vigil-store-notes.c,
 * vigil-site-notes.c, vigil-site-duty.c) and never change once saved;
 * everyone else reads them. */

VigilNote *vigil_note_new             (gint64         id,
                                       const char    *case_ref,
                                       VigilNoteKind  kind,
                                       const char    *author,
                                       gint64         written_at,
                                       const char    *body);
void       vigil_note_set_period      (VigilNote     *self,
                                       gint64         from_us,
                                       gint64         to_us);
void       vigil_note_set_addendum_to (VigilNote     *self,
                                       gint64         note_id);

G_END_DECLS
