/* recordings-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "centre-fixture.h"

G_BEGIN_DECLS

/* What test-recordings.c and test-recordings-cli.c share: the centre's site
 * (a manager, team lead terry, operator olive, Room 1 and Room 2) with a
 * communal camera "Hall" and a family-room camera "Cot" in Room 1, where
 * family ABC123 lives from 2027-01-01: its first agreement (that day) keeps
 * footage 28 days, a second (2027-01-20) 10 days. The site's own
 * retention-days is the default, 31. */

#define HALL       "Hall"
#define COT        "Cot"
#define FAMILY     "ABC123"
#define SHA_A      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* Like centre_setup(), on that site. */
void    recordings_setup   (Centre       *centre,
                            gconstpointer data);

/* A closed segment of @camera from @start_iso, @seconds long. */
gint64  add_segment        (VigilSite    *site,
                            const char   *camera,
                            const char   *path,
                            const char   *start_iso,
                            gint64        seconds,
                            const char   *sha256);

G_END_DECLS
