/* vigil-choice-list.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_CHOICE_LIST (vigil_choice_list_get_type ())

G_DECLARE_FINAL_TYPE (VigilChoiceList, vigil_choice_list, VIGIL, CHOICE_LIST, GtkWidget)

/* One of a few people or families, each a plain button named by what it
 * shows (check buttons expose no action over AT-SPI); the chosen one
 * carries a check mark. Emits "chosen" when the choice changes. */
VigilChoiceList *vigil_choice_list_new              (void);
void             vigil_choice_list_remove_all       (VigilChoiceList *self);
void             vigil_choice_list_append           (VigilChoiceList *self,
                                                     const char      *key,
                                                     const char      *shown);
guint            vigil_choice_list_get_n_choices    (VigilChoiceList *self);
/* Chooses the choice with @key, if there is one (%NULL: none). */
void             vigil_choice_list_choose           (VigilChoiceList *self,
                                                     const char      *key);
/* The chosen choice's key and what it shows, or %NULL. */
const char      *vigil_choice_list_get_chosen       (VigilChoiceList *self);
const char      *vigil_choice_list_get_chosen_shown (VigilChoiceList *self);

G_END_DECLS
