/* duty-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <string.h>

#include "vigil-site-private.h"
#include "vigil-store-duty.h"
#include "vigil-test-utils.h"

G_BEGIN_DECLS

/* What the test-duty*.c programs share: a real site in a temporary folder
 * with a manager, two operators and a team lead, three families put in with
 * plain SQL (rooms and families are another part's records: these tests
 * depend on nothing but the schema), and ways to read the audit trail. */

#define PASSWORD "duty-password"
#define SUMMARY  "Baby settled at 22:10; woke 02:30, mother fed and settled her by 03:00.\n"

typedef struct
{
  char         *dir;
  VigilSite    *site;
  VigilSession *manager;
  VigilSession *okhan;     /* operator */
  VigilSession *jdavies;   /* operator */
  VigilSession *lead;      /* team lead "tlead" */
} Fixture;

/* Whom fixture_set_up() logs in, as g_test_add()'s data (0: all four).
 * Each login costs a password check with the production parameters, some
 * 0.1 s, so a case logs in only those it acts as; the others stay NULL. */
typedef enum
{
  AS_MANAGER = 1 << 0,
  AS_OKHAN   = 1 << 1,
  AS_JDAVIES = 1 << 2,
  AS_LEAD    = 1 << 3,
  AS_NOBODY  = 1 << 4,
} DutyLogins;

#define LOGINS(logins) GUINT_TO_POINTER (logins)

/* Each case gets a copy of one site made with the staff and families; the
 * teardown checks that the site and sessions are freed. */
void             fixture_set_up    (Fixture       *fixture,
                                    gconstpointer  data);
void             fixture_tear_down (Fixture       *fixture,
                                    gconstpointer  data);

/* @error is VIGIL_ERROR @code, and its message names @needle. */
void             assert_error_says (GError        *error,
                                    gint           code,
                                    const char    *needle);

VigilDuty       *start             (Fixture       *fixture,
                                    VigilSession  *session,
                                    const char    *ref,
                                    const char    *for_user);

/* Audit entries with @action. */
gint64           count_action      (VigilSite     *site,
                                    const char    *action);
VigilAuditEntry *last_entry        (VigilSite     *site);

G_END_DECLS
