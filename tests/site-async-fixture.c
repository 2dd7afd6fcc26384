/* site-async-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "site-async-fixture.h"
/* The loop every call here is made from and awaited in. */
GMainLoop *main_loop;


/* The site worker threads alive in this process, found by their name. */
guint
async_count_workers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, &error);
  const char *tid;
  guint n = 0;

  g_assert_no_error (error);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;

      /* A thread may end between the listing and the read. */
      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_equal (g_strstrip (comm), WORKER_NAME))
        n++;
    }
  return n;
}

/* A joined thread may stay listed for a moment. */
void
async_assert_no_worker_left (void)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (async_count_workers () > 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("a site worker thread is still running");
      g_usleep (1000);
    }
}

GPtrArray *
async_audit_entries (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  return entries;
}

void
async_fixture_set_up (AsyncFixture *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;

  f->site = vigil_test_site_new (&f->dir);
  f->now = vigil_test_instant ("2027-02-10T12:00:00Z");
  vigil_site_set_now_for_testing (f->site, f->now);
  entries = async_audit_entries (f->site);
  f->audit_len = entries->len;
}

void
async_fixture_tear_down (AsyncFixture *f,
                   gconstpointer  data)
{
  g_assert_null (f->result);
  g_clear_object (&f->manager);
  g_clear_object (&f->lead);
  g_clear_object (&f->operator);
  g_clear_object (&f->relief);

  /* Whatever ran on the worker, the site goes, and its thread with it. */
  if (f->site != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->site));
  async_assert_no_worker_left ();

  vigil_test_remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* The callback of every call here: keeps the result in the slot given. */
void
async_got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_true (VIGIL_IS_SITE (source));
  g_assert_null (*slot);
  *slot = g_object_ref (result);
  g_main_loop_quit (main_loop);
}

gboolean
async_deadline_passed (gpointer user_data)
{
  g_error ("an async call did not finish within %d s", DEADLINE_SECONDS);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until got_result() fills @slot. */
GAsyncResult *
async_await_slot (GAsyncResult **slot)
{
  guint deadline = g_timeout_add_seconds (DEADLINE_SECONDS, async_deadline_passed, NULL);

  while (*slot == NULL)
    g_main_loop_run (main_loop);
  g_source_remove (deadline);
  return g_steal_pointer (slot);
}

/* Waits for the call in f->result; a write (@action) has left that entry in
 * the trail, a read (%NULL) none at all. */
GAsyncResult *
async_await_call (AsyncFixture *f,
            const char *action)
{
  GAsyncResult *result = async_await_slot (&f->result);
  g_autoptr(GPtrArray) entries = async_audit_entries (f->site);
  gboolean found = FALSE;

  for (guint i = f->audit_len; i < entries->len; i++)
    if (g_strcmp0 (vigil_audit_entry_get_action (g_ptr_array_index (entries, i)), action) == 0)
      found = TRUE;
  if (action != NULL && !found)
    g_error ("no “%s” entry in the audit trail after the call", action);
  if (action == NULL && entries->len != f->audit_len)
    g_error ("a call that should write nothing wrote %u audit entries", entries->len - f->audit_len);

  f->written = entries->len - f->audit_len;
  f->audit_len = entries->len;
  return result;
}

/* What a synchronous call added to the trail. */
guint
async_sync_written (AsyncFixture *f)
{
  g_autoptr(GPtrArray) entries = async_audit_entries (f->site);
  guint written = entries->len - f->audit_len;

  f->audit_len = entries->len;
  return written;
}

/* Awaits a write that answers yes or no, which must be yes. */

void
async_await_write (AsyncFixture *f,
             const char    *action,
             FinishBoolean  finish)
{
  g_autoptr(GAsyncResult) result = async_await_call (f, action);
  g_autoptr(GError) error = NULL;

  g_assert_true (finish (f->site, result, &error));
  g_assert_no_error (error);
}

/* A synchronous async_login, which the trail records too. */
VigilSession *
async_login (AsyncFixture *f,
       const char *username,
       const char *password)
{
  VigilSession *session = vigil_test_login (f->site, username, password);
  g_autoptr(GPtrArray) entries = async_audit_entries (f->site);

  f->audit_len = entries->len;
  return session;
}

gboolean
async_has_staff (GPtrArray  *staff,
           const char *username)
{
  for (guint i = 0; i < staff->len; i++)
    if (g_str_equal (vigil_staff_get_username (g_ptr_array_index (staff, i)), username))
      return TRUE;
  return FALSE;
}

gboolean
async_has_string (GPtrArray  *strings,
            const char *text)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), text))
      return TRUE;
  return FALSE;
}
