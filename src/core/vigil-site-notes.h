/* vigil-site-notes.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-note.h"
#include "vigil-site.h"

G_BEGIN_DECLS

/* Observation summary notes and their addenda (vigil-site-notes.c). Duty
 * summaries are written by vigil_site_end_duty() and
 * vigil_site_hand_over_duty(), never here. A period of 0, 0 means none. */

gboolean   vigil_site_check_note    (VigilSite     *self,
                                     const char    *case_ref,
                                     VigilNoteKind  kind,
                                     gint64         period_from,
                                     gint64         period_to,
                                     GError       **error);
VigilNote *vigil_site_add_note      (VigilSite     *self,
                                     VigilSession  *session,
                                     const char    *case_ref,
                                     VigilNoteKind  kind,
                                     gint64         period_from,
                                     gint64         period_to,
                                     const char    *body,
                                     GError       **error);
void       vigil_site_add_note_async (VigilSite     *self,
                                      VigilSession  *session,
                                      const char    *case_ref,
                                      VigilNoteKind  kind,
                                      gint64         period_from,
                                      gint64         period_to,
                                      const char    *body,
                                      GCancellable  *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer       user_data);
VigilNote *vigil_site_add_note_finish (VigilSite     *self,
                                       GAsyncResult  *result,
                                       GError       **error);
gboolean   vigil_site_check_addendum (VigilSite    *self,
                                     gint64         note_id,
                                     GError       **error);
VigilNote *vigil_site_add_addendum  (VigilSite     *self,
                                     VigilSession  *session,
                                     gint64         note_id,
                                     const char    *body,
                                     GError       **error);
void       vigil_site_add_addendum_async (VigilSite     *self,
                                          VigilSession  *session,
                                          gint64         note_id,
                                          const char    *body,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
VigilNote *vigil_site_add_addendum_finish (VigilSite     *self,
                                           GAsyncResult  *result,
                                           GError       **error);
VigilNote *vigil_site_get_note      (VigilSite     *self,
                                     gint64         note_id,
                                     GError       **error);
void       vigil_site_get_note_async (VigilSite     *self,
                                      gint64         note_id,
                                      GCancellable  *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer       user_data);
VigilNote *vigil_site_get_note_finish (VigilSite     *self,
                                       GAsyncResult  *result,
                                       GError       **error);
GPtrArray *vigil_site_list_notes    (VigilSite     *self,
                                     const char    *case_ref,
                                     gint64         since_us,
                                     GError       **error);
void       vigil_site_list_notes_async (VigilSite     *self,
                                        const char    *case_ref,
                                        gint64         since_us,
                                        GCancellable  *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer       user_data);
GPtrArray *vigil_site_list_notes_finish (VigilSite     *self,
                                         GAsyncResult  *result,
                                         GError       **error);

G_END_DECLS
