/* vigilctl-duty.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigilctl.h"

G_BEGIN_DECLS

/* Shared by vigilctl-duty.c and vigilctl-notes.c, until the JSON helpers of
 * all the commands are brought together in vigilctl-util.c. */

/* Adds @name: @value, or null for NULL. */
void vigilctl_duty_json_string (JsonBuilder *builder,
                                const char  *name,
                                const char  *value);
/* Adds @name: the instant in UTC ISO-8601, or null for 0 (none). */
void vigilctl_duty_json_time   (JsonBuilder *builder,
                                const char  *name,
                                gint64       instant_us);

G_END_DECLS
