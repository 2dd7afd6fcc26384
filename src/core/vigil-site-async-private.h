/* vigil-site-async-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-site-async-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include <gio/gio.h>

#include "vigil-audit.h"
#include "vigil-session.h"
#include "vigil-site.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* The site's worker (vigil-site-async.c): one thread with a SQLite connection
 * of its own, on which every _async call of the site runs its synchronous
 * twin, one call at a time, in the order they were made. */
typedef struct _VigilSiteWorker VigilSiteWorker;

VigilSiteWorker *vigil_site_worker_new       (const char       *path,
                                              const char       *site_id,
                                              const char       *machine);
/* Lets the calls already queued finish, then joins the thread. */
void             vigil_site_worker_free      (VigilSiteWorker  *worker);
/* The worker's connection and audit trail when called on its own thread,
 * %NULL anywhere else (or for a %NULL worker). */
VigilStore      *vigil_site_worker_get_store (VigilSiteWorker  *worker);
VigilAudit      *vigil_site_worker_get_audit (VigilSiteWorker  *worker);

/* The site's worker, started on first use (vigil-site.c). */
VigilSiteWorker *vigil_site_get_worker       (VigilSite        *self);

/* Runs on the worker: the result (for a boolean, GINT_TO_POINTER), or
 * %NULL; it failed when @error is set. */
typedef gpointer (*VigilSiteWork) (VigilSite  *self,
                                   gpointer    data,
                                   GError    **error);

/* Queues @work with @data (owned: freed with @data_free when the task is, on
 * the calling thread). A call cancelled before it starts writes nothing and
 * finishes with G_IO_ERROR_CANCELLED; once started it runs to the end and
 * reports what it did. @result_free frees a result nobody took. */
void      vigil_site_run_async      (VigilSite           *self,
                                     gpointer             source_tag,
                                     gpointer             data,
                                     GDestroyNotify       data_free,
                                     VigilSiteWork        work,
                                     GDestroyNotify       result_free,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  vigil_site_finish_boolean (VigilSite           *self,
                                     GAsyncResult        *result,
                                     gpointer             source_tag,
                                     GError             **error);
/* Also for arrays, and for lookups that may find nothing without an error. */
gpointer  vigil_site_finish_pointer (VigilSite           *self,
                                     GAsyncResult        *result,
                                     gpointer             source_tag,
                                     GError             **error);

/* The arguments of one async call, copied when it is made: each call fills
 * the fields it needs and names them in its worker function. */
typedef struct
{
  VigilSession *session;
  GObject      *record;   /* a private copy of a record to add */
  char         *name;     /* what the call is about: a username, case
                           * reference, room, camera or setting */
  char         *text;     /* a value, date, body, summary or rationale */
  char         *text2;    /* a second one */
  char         *text3;    /* a third one */
  char         *reason;
  char         *secret;   /* a password: wiped when freed */
  gint64        id;       /* a record's id, or an instant */
  gint64        from;
  gint64        to;
  guint         number;   /* a state, a kind, days or hours */
  gboolean      flag;
} VigilSiteCall;

VigilSiteCall *vigil_site_call_new  (VigilSession   *session);
void           vigil_site_call_free (VigilSiteCall  *call);
void           vigil_site_call_run  (VigilSite           *self,
                                     gpointer             source_tag,
                                     VigilSiteCall       *call,
                                     VigilSiteWork        work,
                                     GDestroyNotify       result_free,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);

G_END_DECLS
