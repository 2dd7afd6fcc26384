/* test-site-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "site-async-fixture.h"

/* How the site's _async calls behave, made from a running main loop as the
 * console makes them: a refusal the same as the synchronous call's; a
 * cancelled call writing nothing; the loop running while a call works; a
 * connection of the worker's own; no thread left behind. Every pair is
 * exercised by test-site-async-calls.c. */
/* ---- refusals ---------------------------------------------------------- */

static void
assert_same_error (GError *sync_error,
                   GError *async_error)
{
  g_assert_nonnull (sync_error);
  g_assert_nonnull (async_error);
  g_assert_cmpstr (g_quark_to_string (async_error->domain), ==, g_quark_to_string (sync_error->domain));
  g_assert_cmpint (async_error->code, ==, sync_error->code);
  g_assert_cmpstr (async_error->message, ==, sync_error->message);
}

static void
assert_no_rooms (AsyncFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rooms = vigil_site_list_rooms (f->site, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 0);
}

/* Awaits a refused write: the synchronous call's error (@sync_error, then
 * cleared) and as many entries in the trail as it left (@sync_entries). */
static void
await_refusal (AsyncFixture *f,
               GError       **sync_error,
               guint          sync_entries,
               const char    *action,
               FinishBoolean  finish)
{
  g_autoptr(GAsyncResult) result = async_await_call (f, action);
  g_autoptr(GError) error = NULL;

  g_assert_false (finish (f->site, result, &error));
  assert_same_error (*sync_error, error);
  g_assert_cmpuint (f->written, ==, sync_entries);
  g_clear_error (sync_error);
}

/* A refused call says what the synchronous one says, and leaves what it
 * leaves: a permission refusal is kept in the trail, bad input is not. */
static void
test_refusals (AsyncFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(GError) async_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VigilStaff) weak = vigil_staff_new ("dora", "Dora", 3, VIGIL_ROLE_OPERATOR);
  g_autoptr(VigilStaff) found = NULL;
  g_autofree char *threshold = NULL;
  guint written;

  f->manager = async_login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  vigil_test_add_staff (f->site, f->manager, "olive", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  f->operator = async_login (f, "olive", PASSWORD);

  /* An operator may not add rooms. */
  g_assert_false (vigil_site_add_room (f->site, f->operator, "Room 9", NULL, &sync_error));
  g_assert_error (sync_error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  written = async_sync_written (f);
  g_assert_cmpuint (written, ==, 1);
  vigil_site_add_room_async (f->site, f->operator, "Room 9", NULL, NULL, async_got_result, &f->result);
  await_refusal (f, &sync_error, written, "permission-refused", vigil_site_add_room_finish);
  assert_no_rooms (f);

  /* A blank room name. */
  g_assert_false (vigil_site_add_room (f->site, f->manager, " ", NULL, &sync_error));
  written = async_sync_written (f);
  vigil_site_add_room_async (f->site, f->manager, " ", NULL, NULL, async_got_result, &f->result);
  await_refusal (f, &sync_error, written, NULL, vigil_site_add_room_finish);
  assert_no_rooms (f);

  /* A setting out of its range. */
  g_assert_false (vigil_site_set_setting (f->site, f->manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "0", NULL,
                                          &sync_error));
  written = async_sync_written (f);
  vigil_site_set_setting_async (f->site, f->manager, VIGIL_SETTING_LOCKOUT_THRESHOLD, "0", NULL,
                                NULL, async_got_result, &f->result);
  await_refusal (f, &sync_error, written, NULL, vigil_site_set_setting_finish);
  threshold = vigil_site_get_setting (f->site, VIGIL_SETTING_LOCKOUT_THRESHOLD, NULL);
  g_assert_cmpstr (threshold, ==, "5");

  /* A password too short, refused before any hashing. */
  g_assert_false (vigil_site_add_staff (f->site, f->manager, weak, "short", NULL, &sync_error));
  written = async_sync_written (f);
  vigil_site_add_staff_async (f->site, f->manager, weak, "short", NULL, NULL, async_got_result, &f->result);
  await_refusal (f, &sync_error, written, NULL, vigil_site_add_staff_finish);
  found = vigil_site_lookup_staff (f->site, "dora", NULL);
  g_assert_null (found);

  /* A read of what is not there. */
  g_assert_null (vigil_site_lookup_family (f->site, "LA-404", &sync_error));
  vigil_site_lookup_family_async (f->site, "LA-404", NULL, async_got_result, &f->result);
  result = async_await_call (f, NULL);
  g_assert_null (vigil_site_lookup_family_finish (f->site, result, &async_error));
  assert_same_error (sync_error, async_error);
}

/* ---- cancelling, and the loop while a call works ----------------------- */

/* Another connection holding the file's write lock, as a second console
 * mid-transaction would, until the main loop has ticked @release_after
 * times; @watched is the call that must wait for it. */
typedef struct
{
  sqlite3       *db;
  guint          ticks;
  guint          release_after;
  GAsyncResult **watched;
} LockHolder;

static void
lock_holder_take (LockHolder    *holder,
                  AsyncFixture *f,
                  GAsyncResult **watched)
{
  g_autofree char *path = g_build_filename (f->dir, "vigil.db", NULL);

  g_assert_cmpint (sqlite3_open (path, &holder->db), ==, SQLITE_OK);
  vigil_test_exec_raw (holder->db, "BEGIN IMMEDIATE");
  holder->ticks = 0;
  holder->release_after = 3;
  holder->watched = watched;
}

static gboolean
lock_holder_tick (gpointer user_data)
{
  LockHolder *holder = user_data;

  /* The loop runs while the call is still out: it cannot end before the
   * lock is let go, here. */
  g_assert_null (*holder->watched);
  if (++holder->ticks < holder->release_after)
    return G_SOURCE_CONTINUE;

  vigil_test_exec_raw (holder->db, "COMMIT");
  return G_SOURCE_REMOVE;
}

static void
lock_holder_close (LockHolder *holder)
{
  g_assert_cmpuint (holder->ticks, ==, holder->release_after);
  sqlite3_close (holder->db);
}

static void
test_loop_runs_during_slow_call (AsyncFixture *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VigilStaff) dora = vigil_staff_new ("dora", "Dora", 3, VIGIL_ROLE_OPERATOR);
  g_autoptr(VigilStaff) found = NULL;
  LockHolder holder;

  f->manager = async_login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);

  /* The add hashes with argon2id, then waits for the lock; the loop ticks. */
  lock_holder_take (&holder, f, &f->result);
  vigil_site_add_staff_async (f->site, f->manager, dora, PASSWORD, NULL, NULL, async_got_result, &f->result);
  g_timeout_add (10, lock_holder_tick, &holder);
  result = async_await_call (f, "staff-added");
  lock_holder_close (&holder);

  g_assert_true (vigil_site_add_staff_finish (f->site, result, &error));
  g_assert_no_error (error);
  found = vigil_site_lookup_staff (f->site, "dora", &error);
  g_assert_no_error (error);
}

static void
test_cancelled (AsyncFixture *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) queued_cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) blocked_result = NULL;
  g_autoptr(VigilStaff) dora = vigil_staff_new ("dora", "Dora", 3, VIGIL_ROLE_OPERATOR);
  GAsyncResult *blocked = NULL;
  LockHolder holder;

  f->manager = async_login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);

  /* Cancelled before it was made. */
  g_cancellable_cancel (cancellable);
  vigil_site_add_room_async (f->site, f->manager, "Room 1", NULL, cancellable, async_got_result, &f->result);
  result = async_await_call (f, NULL);
  g_assert_false (vigil_site_add_room_finish (f->site, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_no_rooms (f);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled while it waited behind a call held up by another writer. */
  lock_holder_take (&holder, f, &blocked);
  vigil_site_add_staff_async (f->site, f->manager, dora, PASSWORD, NULL, NULL, async_got_result, &blocked);
  vigil_site_add_room_async (f->site, f->manager, "Room 1", NULL, queued_cancellable, async_got_result, &f->result);
  g_cancellable_cancel (queued_cancellable);
  g_timeout_add (10, lock_holder_tick, &holder);

  blocked_result = async_await_slot (&blocked);
  lock_holder_close (&holder);
  g_assert_true (vigil_site_add_staff_finish (f->site, blocked_result, &error));
  g_assert_no_error (error);

  result = async_await_call (f, "staff-added");
  g_assert_cmpuint (f->written, ==, 1);
  g_assert_false (vigil_site_add_room_finish (f->site, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_no_rooms (f);
}

/* ---- the worker thread ------------------------------------------------- */

/* The worker has a connection of its own: a transaction held open on the
 * site's connection, by this thread, does not hold it up. */
static void
test_own_connection (AsyncFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  VigilStore *store = vigil_site_get_store (f->site);

  g_assert_true (vigil_store_begin_read (store, &error));
  vigil_site_list_staff_async (f->site, NULL, async_got_result, &f->result);
  result = async_await_call (f, NULL);
  vigil_store_rollback (store);

  staff = vigil_site_list_staff_finish (f->site, result, &error);
  g_assert_no_error (error);
  g_assert_true (async_has_staff (staff, VIGIL_TEST_MANAGER));
}

/* Started by the first call; a site let go with a call still out lives until
 * that call is done, then goes with its thread. */
static void
test_no_thread_left (AsyncFixture *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  VigilSite *site = f->site;

  f->manager = async_login (f, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  g_assert_cmpuint (async_count_workers (), ==, 0);

  vigil_site_add_room_async (site, f->manager, "Room 1", NULL, NULL, async_got_result, &f->result);
  g_object_add_weak_pointer (G_OBJECT (site), (gpointer *) &site);
  g_clear_object (&f->site);
  g_assert_nonnull (site);

  result = async_await_slot (&f->result);
  g_assert_cmpuint (async_count_workers (), ==, 1);
  g_assert_true (vigil_site_add_room_finish (site, result, &error));
  g_assert_no_error (error);

  g_clear_object (&result);
  g_assert_null (site);
  async_assert_no_worker_left ();
}

/* The worker opens the site's own file or nothing: a data file removed
 * behind the site is not made anew by the first async call. */
static void
test_worker_keeps_to_its_file (AsyncFixture *f,
                               gconstpointer  data)
{
  if (vigil_test_skip_on_postgres ("the SQLite file replaced under the worker"))
    return;

  g_autofree char *path = g_build_filename (f->dir, "vigil.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  g_assert_cmpint (g_unlink (path), ==, 0);

  vigil_site_list_staff_async (f->site, NULL, async_got_result, &f->result);
  result = async_await_slot (&f->result);
  staff = vigil_site_list_staff_finish (f->site, result, &error);
  g_assert_null (staff);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  main_loop = g_main_loop_new (NULL, FALSE);

  g_test_add ("/site-async/refusals", AsyncFixture, NULL, async_fixture_set_up, test_refusals, async_fixture_tear_down);
  g_test_add ("/site-async/loop-runs-during-slow-call", AsyncFixture, NULL, async_fixture_set_up,
              test_loop_runs_during_slow_call, async_fixture_tear_down);
  g_test_add ("/site-async/cancelled", AsyncFixture, NULL, async_fixture_set_up, test_cancelled, async_fixture_tear_down);
  g_test_add ("/site-async/own-connection", AsyncFixture, NULL, async_fixture_set_up, test_own_connection,
              async_fixture_tear_down);
  g_test_add ("/site-async/worker-keeps-to-its-file", AsyncFixture, NULL, async_fixture_set_up,
              test_worker_keeps_to_its_file, async_fixture_tear_down);
  g_test_add ("/site-async/no-thread-left", AsyncFixture, NULL, async_fixture_set_up, test_no_thread_left,
              async_fixture_tear_down);

  status = g_test_run ();
  g_main_loop_unref (main_loop);
  return status;
}
