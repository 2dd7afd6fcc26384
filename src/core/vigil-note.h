/* vigil-note.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "vigil-types.h"

G_BEGIN_DECLS

/* The longest note body accepted, in bytes of UTF-8. An overnight summary is
 * a few pages; anything larger is almost certainly the wrong file. */
#define VIGIL_NOTE_MAX_BODY (64 * 1024)

#define VIGIL_TYPE_NOTE (vigil_note_get_type ())

G_DECLARE_FINAL_TYPE (VigilNote, vigil_note, VIGIL, NOTE, GObject)

const char    *vigil_note_kind_to_string     (VigilNoteKind  kind);
gboolean       vigil_note_kind_from_string   (const char    *text,
                                              VigilNoteKind *kind,
                                              GError       **error);

char          *vigil_note_normalize_body     (const char    *text,
                                              gssize         length,
                                              GError       **error);
char          *vigil_note_body_digest        (const char    *body);

gint64         vigil_note_get_id             (VigilNote     *self);
const char    *vigil_note_get_case_ref       (VigilNote     *self);
VigilNoteKind  vigil_note_get_kind           (VigilNote     *self);
const char    *vigil_note_get_author         (VigilNote     *self);
gint64         vigil_note_get_written_at     (VigilNote     *self);
const char    *vigil_note_get_body           (VigilNote     *self);
gboolean       vigil_note_get_period         (VigilNote     *self,
                                              gint64        *from_us,
                                              gint64        *to_us);
gint64         vigil_note_get_addendum_to    (VigilNote     *self);
gboolean       vigil_note_is_addendum        (VigilNote     *self);

char          *vigil_note_format_csv         (GPtrArray     *notes,
                                              GTimeZone     *zone);
GPtrArray     *vigil_note_select_range       (GPtrArray     *notes,
                                              gint64         since_us,
                                              gint64         until_us);
gboolean       vigil_note_written_in_range   (VigilNote     *self,
                                              gint64         since_us,
                                              gint64         until_us);

G_END_DECLS
