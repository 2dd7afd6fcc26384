/* desk-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "atspi-driver.h"
#include "camsim-fixture.h"
#include "vigil-test-utils.h"

G_BEGIN_DECLS

/* What the team lead's desk tests share (test-console-families, -duties and
 * -admissions): a real site in a temporary folder with a manager, two
 * operators and a team lead; simulated cameras room1, room2, … each in a
 * family room "Room 1", "Room 2", …; K.M. placed in Room 1 at stage 2 and
 * R.T. in Room 2, both with an agreement that covers sound; and the
 * console logged in as one of them, on its wall. */

#define OPERATOR          "okhan"
#define RELIEF            "jdavies"
#define OPERATOR_PASSWORD "operator-pass"
#define LEAD              "tlee"
#define LEAD_PASSWORD     "lead-pass"
#define KM_REF            "LA-2026-001"
#define RT_REF            "LA-2026-002"
#define KM                "K.M. (Room 1)"
#define RT                "R.T. (Room 2)"

typedef struct
{
  char            *dir;
  VigilSite       *site;
  Camsim          *camsim;
  Console         *console;
  AtspiAccessible *main;   /* the console's window */
} Desk;

typedef struct
{
  guint             rooms;      /* rooms with their camera, two at least */
  guint             spare;      /* cameras served after those, registered by no one */
  VigilFamilyState  rt_stage;   /* R.T.'s */
} DeskScene;

/* Runs with the team lead's session once the site is made, before the
 * console starts. */
typedef void (*DeskBefore) (Desk         *desk,
                            VigilSession *lead);

void desk_open           (Desk            *desk,
                          const DeskScene *scene,
                          const char      *username,
                          const char      *password,
                          DeskBefore       before);
void desk_close          (Desk            *desk);
/* Clicks the header's view switcher (the first of its two). */
void desk_show_section   (Desk            *desk,
                          const char      *title);
/* Runs vigilctl on the desk's site with the arguments up to a NULL; it
 * must succeed. Returns what it printed. */
char *desk_vigilctl      (Desk            *desk,
                          const char      *first,
                          ...) G_GNUC_NULL_TERMINATED;

/* Records @cameras (up to a NULL) with the real vigil-recorder, in
 * segments of 10 s, until each has @segments closed ones, then stops the
 * recorder. */
void       desk_record   (Desk               *desk,
                          const char * const *cameras,
                          guint               segments);
/* Everything recorded of @camera (VigilSegment), oldest first. */
GPtrArray *desk_segments (Desk               *desk,
                          const char         *camera);

G_END_DECLS
