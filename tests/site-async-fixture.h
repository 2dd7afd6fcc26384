/* site-async-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-test-utils.h"

G_BEGIN_DECLS

/* What the tests of the site's _async calls share: a site with its people,
 * a main loop every call is made from and awaited in, with a deadline, and
 * ways to count the worker threads and the entries a call wrote. */

#define DEADLINE_SECONDS 60
#define CASE_REF         "LA-1"
#define CAMERA           "Room 1 camera"
#define PASSWORD         "async-password"
#define SUMMARY          "Baby settled at 22:10; woke 02:30, mother fed and settled her by 03:00."
#define WORKER_NAME      "vigil-worker"

extern GMainLoop *main_loop;

typedef struct
{
  char         *dir;
  VigilSite    *site;
  GAsyncResult *result;     /* the call's, until awaited */
  guint         audit_len;  /* entries in the trail before the call */
  guint         written;    /* entries the call added */
  gint64        now;

  VigilSession *manager;
  VigilSession *lead;       /* "terry" */
  VigilSession *operator;   /* "olive" */
  VigilSession *relief;     /* "owen", who takes over from her */
  gint64        change_id;
  gint64        window_id;
  gint64        duty_id;
  gint64        note_id;
} AsyncFixture;

typedef gboolean (*FinishBoolean) (VigilSite     *self,
                                   GAsyncResult  *result,
                                   GError       **error);

guint async_count_workers (void);
void async_assert_no_worker_left (void);
GPtrArray * async_audit_entries (VigilSite *site);
void async_fixture_set_up (AsyncFixture *f, gconstpointer data);
void async_fixture_tear_down (AsyncFixture *f, gconstpointer data);
void async_got_result (GObject *source, GAsyncResult *result, gpointer user_data);
gboolean async_deadline_passed (gpointer user_data);
GAsyncResult * async_await_slot (GAsyncResult **slot);
GAsyncResult * async_await_call (AsyncFixture *f, const char *action);
guint async_sync_written (AsyncFixture *f);
void async_await_write (AsyncFixture *f, const char *action, FinishBoolean finish);
VigilSession * async_login (AsyncFixture *f, const char *username, const char *password);
gboolean async_has_staff (GPtrArray *staff, const char *username);
gboolean async_has_string (GPtrArray *strings, const char *text);

G_END_DECLS
