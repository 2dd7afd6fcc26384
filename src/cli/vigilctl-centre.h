/* vigilctl-centre.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigilctl.h"

G_BEGIN_DECLS

/* Shared by vigilctl-centre.c and vigilctl-family.c. */

/* Adds @member: the instant in UTC ISO-8601, or null for 0. */
void       vigilctl_centre_json_time    (JsonBuilder  *builder,
                                         const char   *member,
                                         gint64        instant_us);
/* Adds @member: the text, or null for NULL (and for "" if @empty_is_null). */
void       vigilctl_centre_json_text    (JsonBuilder  *builder,
                                         const char   *member,
                                         const char   *text,
                                         gboolean      empty_is_null);
/* Prints @nodes (JsonNode, owned by the array) as one JSON array. */
void       vigilctl_centre_print_array  (GPtrArray    *nodes);
/* A positive record number from the command line ("12"). */
gboolean   vigilctl_centre_parse_id     (const char   *text,
                                         const char   *what,
                                         gint64       *id,
                                         GError      **error);

G_END_DECLS
