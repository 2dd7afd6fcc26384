/* centre-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "vigil-site-centre-private.h"
#include "vigil-test-utils.h"

G_BEGIN_DECLS

/* What test-centre.c and test-centre-family.c share: a real site (real
 * SQLite file, real keyring) with a manager, a team lead, an operator and two
 * rooms, its clock fixed so that dates read the same whenever the tests run;
 * and ways to see that a refusal wrote nothing. */

#define TEAM_LEAD          "terry"
#define TEAM_LEAD_PASSWORD "terry-password"
#define OPERATOR           "olive"
#define OPERATOR_PASSWORD  "olive-password"

typedef struct
{
  char         *dir;
  VigilSite    *site;
  VigilSession *manager;
  VigilSession *lead;
  VigilSession *operator;
  gint64        now;
} Centre;

void             set_now                   (Centre           *centre,
                                            const char       *iso8601);

/* Every table of the centre's records and the audit trail, counted from the
 * file by a reader of its own: "nothing written" means this is unchanged.
 * take_snapshot() replaces the one in *@before. */
char            *snapshot                  (Centre           *centre);
void             take_snapshot             (Centre           *centre,
                                            char            **before);

/* Whom centre_setup() logs in, as g_test_add()'s data (0: all three). Each
 * login costs a password check with the production parameters, some 0.1 s,
 * so a case logs in only those it acts as; the others stay NULL. */
typedef enum
{
  CENTRE_MANAGER  = 1 << 0,
  CENTRE_LEAD     = 1 << 1,
  CENTRE_OPERATOR = 1 << 2,
} CentreLogins;

#define CENTRE_LOGINS(logins) GUINT_TO_POINTER (logins)

/* Each case gets a copy of one site made with the staff and rooms, so it
 * pays for its logins only, not for the password hashes of making it. The
 * teardown checks the trail and that the site and sessions are freed. */
void             centre_setup              (Centre           *centre,
                                            gconstpointer     data);
void             centre_teardown           (Centre           *centre,
                                            gconstpointer     data);

VigilAuditEntry *audit_entry_from_end      (VigilSite        *site,
                                            guint             back);
void             assert_last_audit         (VigilSite        *site,
                                            const char       *actor,
                                            const char       *action,
                                            const char       *object,
                                            const char       *reason);

/* A refusal that must leave the file as it was. */
void             assert_refused            (Centre           *centre,
                                            const char       *before,
                                            GError           *error,
                                            gint              code,
                                            const char       *needle);

void             add_family                (Centre           *centre,
                                            const char       *case_ref,
                                            const char       *room,
                                            const char       *admitted_on,
                                            VigilFamilyState  stage,
                                            const char       *agreement);

/* A refusal for want of @permission: nothing changed but the one audit
 * entry that records it. */
void             assert_permission_refused (Centre           *centre,
                                            const char       *before,
                                            GError           *error,
                                            const char       *actor,
                                            const char       *permission);

/* Adds @window (taken) to the family as the team lead. */
VigilWindow     *add_window                (Centre           *centre,
                                            const char       *case_ref,
                                            VigilWindow      *window);

G_END_DECLS
