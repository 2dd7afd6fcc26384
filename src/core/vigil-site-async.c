/* vigil-site-async.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "vigil-audit-private.h"
#include "vigil-error.h"
#include "vigil-site-async-private.h"
#include "vigil-site-private.h"
#include "vigil-staff-private.h"

/* The site's _async calls, and its settings', staff's and audit trail's.
 *
 * A GTK main loop must not wait for SQLite's fsync, argon2id or the Secret
 * Service. Each site has one worker thread, started by its first _async
 * call, holding a connection of its own to the same data file; the calls run
 * their synchronous twins there, one at a time in the order made, because
 * vigil_site_get_store() gives the worker's connection on the worker's
 * thread. So every check, refusal and audit entry is the synchronous call's
 * own. A transaction belongs to a connection, so the main thread's
 * connection is never used from the worker. The GTask is touched only on
 * the thread that made it: the worker hands back the outcome in an idle
 * there, so the task, and the reference it holds on the site, is always
 * released on that thread, and the site is never finalized on the worker,
 * which would have to join itself. */

struct _VigilSiteWorker
{
  GThread     *thread;
  GAsyncQueue *calls;     /* GTasks, then the worker itself as the stop mark */
  char        *path;
  char        *site_id;
  char        *machine;   /* this machine's name, for the trail; NULL on one machine */
  VigilStore  *store;     /* opened and closed on the worker's thread */
  VigilAudit  *audit;
};

typedef struct
{
  VigilSiteWork   work;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  gpointer        result;    /* the worker's outcome, handed back */
  GError         *error;
} Job;

/* The worker whose thread this is, if any. */
static GPrivate current_worker;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_free (job);
}

/* On the task's own thread: the outcome becomes the task's, and the
 * worker's reference to the task goes with this source. */
static gboolean
complete_job (gpointer user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);

  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&job->result), job->result_free);
  return G_SOURCE_REMOVE;
}

static gboolean
worker_open (VigilSiteWorker  *worker,
             GError          **error)
{
  if (worker->store != NULL)
    return TRUE;

  /* The site's own file or nothing: a missing file is not made anew, and a
   * file put in its place would take this site's keyed entries. */
  worker->store = vigil_store_open_existing (worker->path, error);
  if (worker->store == NULL)
    return FALSE;
  {
    g_autofree char *id = vigil_store_get_setting (worker->store, "site-id", NULL);

    if (g_strcmp0 (id, worker->site_id) != 0)
      {
        g_clear_object (&worker->store);
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE,
                     _("The data file %s now holds another site"), worker->path);
        return FALSE;
      }
  }
  worker->audit = vigil_audit_new (worker->store, worker->site_id);
  vigil_audit_set_machine (worker->audit, worker->machine);
  return TRUE;
}

static void
worker_run (VigilSiteWorker *worker,
            GTask           *task)
{
  Job *job = g_task_get_task_data (task);
  GSource *source;

  /* A call cancelled while it waited is not started: nothing is written. */
  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &job->error) &&
      worker_open (worker, &job->error))
    job->result = job->work (g_task_get_source_object (task), job->data, &job->error);

  source = g_idle_source_new ();
  g_source_set_priority (source, g_task_get_priority (task));
  g_source_set_static_name (source, "[vigil] site call done");
  g_source_set_callback (source, complete_job, task, g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gpointer
worker_main (gpointer data)
{
  VigilSiteWorker *worker = data;
  gpointer item;

  g_private_set (&current_worker, worker);

  while ((item = g_async_queue_pop (worker->calls)) != worker)
    worker_run (worker, item);

  g_clear_object (&worker->audit);
  g_clear_object (&worker->store);
  g_private_set (&current_worker, NULL);
  return NULL;
}

VigilSiteWorker *
vigil_site_worker_new (const char *path,
                       const char *site_id,
                       const char *machine)
{
  VigilSiteWorker *worker = g_new0 (VigilSiteWorker, 1);

  worker->calls = g_async_queue_new ();
  worker->path = g_strdup (path);
  worker->site_id = g_strdup (site_id);
  worker->machine = g_strdup (machine);
  worker->thread = g_thread_new ("vigil-worker", worker_main, worker);
  return worker;
}

void
vigil_site_worker_free (VigilSiteWorker *worker)
{
  /* On its own thread this would wait for itself for ever. */
  g_assert (g_private_get (&current_worker) != worker);

  g_async_queue_push (worker->calls, worker);
  g_thread_join (worker->thread);
  g_async_queue_unref (worker->calls);
  g_free (worker->path);
  g_free (worker->site_id);
  g_free (worker->machine);
  g_free (worker);
}

VigilStore *
vigil_site_worker_get_store (VigilSiteWorker *worker)
{
  if (worker == NULL || g_private_get (&current_worker) != worker)
    return NULL;
  return worker->store;
}

VigilAudit *
vigil_site_worker_get_audit (VigilSiteWorker *worker)
{
  if (worker == NULL || g_private_get (&current_worker) != worker)
    return NULL;
  return worker->audit;
}

void
vigil_site_run_async (VigilSite           *self,
                      gpointer             source_tag,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      VigilSiteWork        work,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  VigilSiteWorker *worker = vigil_site_get_worker (self);
  GTask *task;
  Job *job;

  job = g_new0 (Job, 1);
  job->work = work;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* Cancelling after the start changes nothing: the caller is told what
   * was done, never "cancelled" for a change that was written. */
  g_task_set_check_cancellable (task, FALSE);

  /* The queue's reference is dropped by complete_job's source. */
  g_async_queue_push (worker->calls, task);
}

gpointer
vigil_site_finish_pointer (VigilSite     *self,
                           GAsyncResult  *result,
                           gpointer       source_tag,
                           GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
vigil_site_finish_boolean (VigilSite     *self,
                           GAsyncResult  *result,
                           gpointer       source_tag,
                           GError       **error)
{
  return vigil_site_finish_pointer (self, result, source_tag, error) != NULL;
}

VigilSiteCall *
vigil_site_call_new (VigilSession *session)
{
  VigilSiteCall *call = g_new0 (VigilSiteCall, 1);

  if (session != NULL)
    call->session = g_object_ref (session);
  return call;
}

void
vigil_site_call_free (VigilSiteCall *call)
{
  g_clear_object (&call->session);
  g_clear_object (&call->record);
  g_free (call->name);
  g_free (call->text);
  g_free (call->text2);
  g_free (call->text3);
  g_free (call->reason);
  if (call->secret != NULL)
    sodium_memzero (call->secret, strlen (call->secret));
  g_free (call->secret);
  g_free (call);
}

void
vigil_site_call_run (VigilSite           *self,
                     gpointer             source_tag,
                     VigilSiteCall       *call,
                     VigilSiteWork        work,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  vigil_site_run_async (self, source_tag, call, (GDestroyNotify) vigil_site_call_free,
                        work, result_free, cancellable, callback, user_data);
}

/* ---- settings ---------------------------------------------------------- */

static gpointer
set_setting_work (VigilSite  *self,
                  gpointer    data,
                  GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_set_setting (self, call->session, call->name, call->text,
                                                  call->reason, error));
}

void
vigil_site_set_setting_async (VigilSite           *self,
                              VigilSession        *session,
                              const char          *key,
                              const char          *value,
                              const char          *reason,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (key != NULL && value != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (key);
  call->text = g_strdup (value);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_set_setting_async, call, set_setting_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_set_setting_finish (VigilSite     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_set_setting_async, error);
}

static gpointer
get_setting_work (VigilSite  *self,
                  gpointer    data,
                  GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_get_setting (self, call->name, error);
}

void
vigil_site_get_setting_async (VigilSite           *self,
                              const char          *key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (key != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (key);
  vigil_site_call_run (self, vigil_site_get_setting_async, call, get_setting_work, g_free,
                       cancellable, callback, user_data);
}

char *
vigil_site_get_setting_finish (VigilSite     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_get_setting_async, error);
}

/* ---- staff ------------------------------------------------------------- */

static gpointer
list_staff_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  return vigil_site_list_staff (self, error);
}

void
vigil_site_list_staff_async (VigilSite           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));

  vigil_site_call_run (self, vigil_site_list_staff_async, vigil_site_call_new (NULL), list_staff_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_staff_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_staff_async, error);
}

static gpointer
lookup_staff_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_site_lookup_staff (self, call->name, error);
}

void
vigil_site_lookup_staff_async (VigilSite           *self,
                               const char          *username,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (username != NULL);

  call = vigil_site_call_new (NULL);
  call->name = g_strdup (username);
  vigil_site_call_run (self, vigil_site_lookup_staff_async, call, lookup_staff_work, g_object_unref,
                       cancellable, callback, user_data);
}

VigilStaff *
vigil_site_lookup_staff_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_lookup_staff_async, error);
}

/* The worker reads its own copy, and the adding call fills in the
 * competency's assessor on it, never on an object the caller may show. */
static VigilStaff *
staff_copy (VigilStaff *staff)
{
  VigilStaff *copy = vigil_staff_new (vigil_staff_get_username (staff),
                                      vigil_staff_get_display_name (staff),
                                      vigil_staff_get_band (staff),
                                      vigil_staff_get_role (staff));

  vigil_staff_set_competency (copy,
                              vigil_staff_get_competency_assessed_on (staff),
                              vigil_staff_get_competency_assessed_by (staff),
                              vigil_staff_get_refresher_due (staff));
  vigil_staff_set_account_state (copy,
                                 vigil_staff_get_active (staff),
                                 vigil_staff_get_failed_logins (staff),
                                 vigil_staff_get_locked_until (staff));
  return copy;
}

static gpointer
add_staff_work (VigilSite  *self,
                gpointer    data,
                GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_add_staff (self, call->session, VIGIL_STAFF (call->record),
                                                call->secret, call->reason, error));
}

void
vigil_site_add_staff_async (VigilSite           *self,
                            VigilSession        *session,
                            VigilStaff          *staff,
                            const char          *password,
                            const char          *reason,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (VIGIL_IS_STAFF (staff));
  g_return_if_fail (password != NULL);

  call = vigil_site_call_new (session);
  call->record = G_OBJECT (staff_copy (staff));
  call->secret = g_strdup (password);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_add_staff_async, call, add_staff_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_add_staff_finish (VigilSite     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_add_staff_async, error);
}

static gpointer
set_staff_password_work (VigilSite  *self,
                         gpointer    data,
                         GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_set_staff_password (self, call->session, call->name, call->secret,
                                                         call->reason, error));
}

void
vigil_site_set_staff_password_async (VigilSite           *self,
                                     VigilSession        *session,
                                     const char          *username,
                                     const char          *password,
                                     const char          *reason,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (username != NULL && password != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (username);
  call->secret = g_strdup (password);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_set_staff_password_async, call, set_staff_password_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_set_staff_password_finish (VigilSite     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_set_staff_password_async, error);
}

static gpointer
deactivate_staff_work (VigilSite  *self,
                       gpointer    data,
                       GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_deactivate_staff (self, call->session, call->name, call->reason, error));
}

void
vigil_site_deactivate_staff_async (VigilSite           *self,
                                   VigilSession        *session,
                                   const char          *username,
                                   const char          *reason,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (username != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (username);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_deactivate_staff_async, call, deactivate_staff_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_deactivate_staff_finish (VigilSite     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_deactivate_staff_async, error);
}

static gpointer
set_staff_competency_work (VigilSite  *self,
                           gpointer    data,
                           GError    **error)
{
  VigilSiteCall *call = data;

  return GINT_TO_POINTER (vigil_site_set_staff_competency (self, call->session, call->name, call->text,
                                                           call->text2, call->reason, error));
}

void
vigil_site_set_staff_competency_async (VigilSite           *self,
                                       VigilSession        *session,
                                       const char          *username,
                                       const char          *assessed_on,
                                       const char          *refresher_due,
                                       const char          *reason,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (username != NULL);

  call = vigil_site_call_new (session);
  call->name = g_strdup (username);
  call->text = g_strdup (assessed_on);
  call->text2 = g_strdup (refresher_due);
  call->reason = g_strdup (reason);
  vigil_site_call_run (self, vigil_site_set_staff_competency_async, call, set_staff_competency_work, NULL,
                       cancellable, callback, user_data);
}

gboolean
vigil_site_set_staff_competency_finish (VigilSite     *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return vigil_site_finish_boolean (self, result, vigil_site_set_staff_competency_async, error);
}

/* ---- the audit trail --------------------------------------------------- */

static gpointer
verify_audit_work (VigilSite  *self,
                   gpointer    data,
                   GError    **error)
{
  gint64 n_entries = 0;

  if (!vigil_audit_verify (vigil_site_get_audit (self), &n_entries, error))
    return NULL;
  return g_memdup2 (&n_entries, sizeof n_entries);
}

/**
 * vigil_site_verify_audit_async:
 *
 * vigil_audit_verify() on the site's trail, on the site's worker.
 */
void
vigil_site_verify_audit_async (VigilSite           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_SITE (self));

  vigil_site_call_run (self, vigil_site_verify_audit_async, vigil_site_call_new (NULL), verify_audit_work,
                       g_free, cancellable, callback, user_data);
}

gboolean
vigil_site_verify_audit_finish (VigilSite     *self,
                                GAsyncResult  *result,
                                gint64        *n_entries,
                                GError       **error)
{
  g_autofree gint64 *checked = vigil_site_finish_pointer (self, result, vigil_site_verify_audit_async, error);

  if (checked != NULL && n_entries != NULL)
    *n_entries = *checked;
  return checked != NULL;
}

static gpointer
list_audit_work (VigilSite  *self,
                 gpointer    data,
                 GError    **error)
{
  VigilSiteCall *call = data;

  return vigil_audit_list (vigil_site_get_audit (self), call->from, error);
}

/**
 * vigil_site_list_audit_async:
 *
 * vigil_audit_list() on the site's trail, on the site's worker.
 */
void
vigil_site_list_audit_async (VigilSite           *self,
                             gint64               since_us,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  VigilSiteCall *call;

  g_return_if_fail (VIGIL_IS_SITE (self));

  call = vigil_site_call_new (NULL);
  call->from = since_us;
  vigil_site_call_run (self, vigil_site_list_audit_async, call, list_audit_work,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
vigil_site_list_audit_finish (VigilSite     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return vigil_site_finish_pointer (self, result, vigil_site_list_audit_async, error);
}
