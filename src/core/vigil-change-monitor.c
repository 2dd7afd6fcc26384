/* vigil-change-monitor.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-change-monitor"

#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <string.h>

#include "vigil-site-private.h"
#include "vigil-store.h"

#include "vigil-change-monitor-private.h"

/* Tells the thread that made it, on that thread's main context, when any
 * process (this one included) commits a change to the site's file, and what
 * kind of record it touched.
 *
 * The file says both itself, read through a store of the monitor's own
 * (vigil-store-changes.c): the data version moves on that connection
 * whenever another connection commits, the site's own included, and the
 * triggers of schema 3 bump a serial per kind of record in the same
 * transaction as the change, so a writer that goes around Vigil is noticed
 * too.
 *
 * When to look is the cost that matters for a console left open for days.
 * Every commit writes to the -wal file, so a file monitor on it wakes the
 * monitor only when something is written, and costs nothing while the site
 * is quiet. The write comes before the commit is visible (SQLite syncs the
 * log first), so after each write the file is read again a few times over a
 * short hot window. A slow backstop poll catches a file monitor that does
 * not work (inotify out of watches); once it finds a change the file
 * monitor missed, the monitor polls from then on. The measurements behind
 * this are in tests/bench/bench-change-monitor.c. */

/* After a write to the log: read at once, then again after these growing
 * pauses, until the window closes. */
#define HOT_FIRST_MS     10
#define HOT_MAX_STEP_MS  250
#define HOT_WINDOW_MS    2500
/* A steady poll well inside the 1 s promised, for the polling ways. */
#define DEFAULT_POLL_MS  250
#define BACKSTOP_SECONDS 5

/* The store's kinds are the flags' bits, in order (checked by name in
 * class_init); a flag added without a kind fails here. */
#define N_KINDS VIGIL_STORE_N_CHANGE_KINDS
G_STATIC_ASSERT (VIGIL_CHANGE_KIND_EXPORTS == 1 << (N_KINDS - 1));

struct _VigilChangeMonitor
{
  GObject           parent_instance;

  char             *path;
  VigilStore       *store;
  GMainContext     *context;

  VigilChangeWatch  watch;
  guint             poll_ms;
  GFileMonitor     *wal_monitor;
  GSource          *poll_source;
  GSource          *hot_source;
  GSource          *notify_source;   /* PostgreSQL's LISTEN, instead of the file */
  gint64            hot_until;
  guint             hot_step_ms;

  gint64            data_version;
  gint64            serials[N_KINDS];
  guint64           n_checks;
  gboolean          stopped;     /* disposed, maybe from a ::changed handler */
};

G_DEFINE_FINAL_TYPE (VigilChangeMonitor, vigil_change_monitor, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
vigil_change_monitor_dispose (GObject *object)
{
  VigilChangeMonitor *self = (VigilChangeMonitor *)object;

  self->stopped = TRUE;
  if (self->wal_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->wal_monitor, self);
      g_file_monitor_cancel (self->wal_monitor);
      g_clear_object (&self->wal_monitor);
    }
  destroy_source (&self->poll_source);
  destroy_source (&self->hot_source);
  destroy_source (&self->notify_source);

  G_OBJECT_CLASS (vigil_change_monitor_parent_class)->dispose (object);
}

static void
vigil_change_monitor_finalize (GObject *object)
{
  VigilChangeMonitor *self = (VigilChangeMonitor *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (vigil_change_monitor_parent_class)->finalize (object);
}

static void
vigil_change_monitor_class_init (VigilChangeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GFlagsClass *kinds = g_type_class_ref (VIGIL_TYPE_CHANGE_KIND);

  /* Bit i is the store's kind i, which is its nick: checked once, so that
   * the two lists cannot drift apart unnoticed. */
  for (guint i = 0; i < N_KINDS; i++)
    {
      GFlagsValue *value = g_flags_get_value_by_nick (kinds, vigil_store_change_kinds[i]);

      g_assert (value != NULL && value->value == 1u << i);
    }
  g_type_class_unref (kinds);

  object_class->dispose = vigil_change_monitor_dispose;
  object_class->finalize = vigil_change_monitor_finalize;

  /**
   * VigilChangeMonitor::changed:
   * @self: the monitor
   * @kinds: the kinds of record that changed, at least one
   *
   * Emitted on the main context the monitor was made in, at most about a
   * second after a transaction that changed @kinds was committed by any
   * process. Several commits may be told in one emission.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__FLAGS,
                  G_TYPE_NONE, 1, VIGIL_TYPE_CHANGE_KIND);
  g_signal_set_va_marshaller (signals[CHANGED], G_TYPE_FROM_CLASS (klass), g_cclosure_marshal_VOID__FLAGSv);
}

static void
vigil_change_monitor_init (VigilChangeMonitor *self)
{
}

/* Reads the serials and keeps them; FALSE when they could not be read, and
 * then nothing is kept, so the next reading still sees what moved. @kinds
 * receives those that moved since the last reading. */
static gboolean
read_serials (VigilChangeMonitor  *self,
              VigilChangeKind     *kinds,
              GError             **error)
{
  gint64 serials[N_KINDS];
  guint changed = 0;

  memcpy (serials, self->serials, sizeof serials);
  if (!vigil_store_read_change_serials (self->store, serials, N_KINDS, error))
    return FALSE;

  for (guint i = 0; i < N_KINDS; i++)
    if (serials[i] != self->serials[i])
      changed |= 1u << i;
  memcpy (self->serials, serials, sizeof serials);

  *kinds = changed;
  return TRUE;
}

/* Looks at the file and emits ::changed if anything moved. @gate reads
 * data_version first, which is cheaper than the serials; FALSE means the
 * file could not be read (a writer recovering the log), to try again. */
static gboolean
check (VigilChangeMonitor *self,
       gboolean            gate,
       VigilChangeKind    *seen)
{
  g_autoptr(GError) error = NULL;
  VigilChangeKind kinds = VIGIL_CHANGE_KIND_NONE;
  gint64 version = self->data_version;

  self->n_checks++;
  if (seen != NULL)
    *seen = VIGIL_CHANGE_KIND_NONE;

  if (gate)
    {
      if (!vigil_store_read_data_version (self->store, &version, &error))
        {
          g_debug ("%s", error->message);
          return FALSE;
        }
      if (version == self->data_version)
        return TRUE;
    }

  if (!read_serials (self, &kinds, &error))
    {
      g_debug ("%s", error->message);
      return FALSE;
    }
  /* Only now: a failed reading must be made again next time. */
  self->data_version = version;

  if (kinds != VIGIL_CHANGE_KIND_NONE)
    {
      g_autoptr(VigilChangeMonitor) hold = g_object_ref (self);

      if (seen != NULL)
        *seen = kinds;
      g_signal_emit (self, signals[CHANGED], 0, kinds);
    }

  return TRUE;
}

static void start_polling (VigilChangeMonitor *self);

static gboolean
on_poll (gpointer data)
{
  VigilChangeMonitor *self = data;

  check (self, self->watch != VIGIL_CHANGE_WATCH_POLL_SERIALS, NULL);
  return G_SOURCE_CONTINUE;
}

static GSource *
attach_timeout (VigilChangeMonitor *self,
                GSource            *source,
                GSourceFunc         func)
{
  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, "[vigil] change monitor");
  g_source_attach (source, self->context);
  return source;
}

static gboolean on_hot (gpointer data);

static void
schedule_hot (VigilChangeMonitor *self)
{
  if (self->stopped)
    return;
  destroy_source (&self->hot_source);
  self->hot_source = attach_timeout (self, g_timeout_source_new (self->hot_step_ms), on_hot);
}

static gboolean
on_hot (gpointer data)
{
  g_autoptr(VigilChangeMonitor) self = g_object_ref (data);

  /* This source ends here; another follows while the window is open. */
  g_clear_pointer (&self->hot_source, g_source_unref);

  /* A failed read keeps the window open: the change is still to be seen. */
  if (!check (self, TRUE, NULL))
    self->hot_until = MAX (self->hot_until, g_get_monotonic_time () + HOT_WINDOW_MS * 1000);

  if (g_get_monotonic_time () < self->hot_until)
    {
      self->hot_step_ms = MIN (self->hot_step_ms * 2, HOT_MAX_STEP_MS);
      schedule_hot (self);
    }

  return G_SOURCE_REMOVE;
}

static void
on_wal_changed (GFileMonitor       *monitor,
                GFile              *file,
                GFile              *other_file,
                GFileMonitorEvent   event,
                gpointer            data)
{
  g_autoptr(VigilChangeMonitor) self = g_object_ref (data);

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;

  self->hot_until = g_get_monotonic_time () + HOT_WINDOW_MS * 1000;
  self->hot_step_ms = HOT_FIRST_MS;
  check (self, TRUE, NULL);
  schedule_hot (self);
}

static gboolean
on_backstop (gpointer data)
{
  g_autoptr(VigilChangeMonitor) self = g_object_ref (data);
  VigilChangeKind seen;

  /* Inside a hot window the file monitor is doing its work. */
  if (check (self, TRUE, &seen) && seen != VIGIL_CHANGE_KIND_NONE &&
      g_get_monotonic_time () > self->hot_until)
    {
      g_debug ("The file monitor on %s missed a change; polling instead", self->path);
      start_polling (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
start_polling (VigilChangeMonitor *self)
{
  if (self->stopped)
    return;
  if (self->wal_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->wal_monitor, self);
      g_file_monitor_cancel (self->wal_monitor);
      g_clear_object (&self->wal_monitor);
    }
  destroy_source (&self->poll_source);
  self->watch = VIGIL_CHANGE_WATCH_POLL_VERSION;
  self->poll_source = attach_timeout (self, g_timeout_source_new (self->poll_ms), on_poll);
}

/* PostgreSQL's notifications: the socket is readable when one comes. */
static gboolean
on_notified (int           fd,
             GIOCondition  condition,
             gpointer      data)
{
  g_autoptr(VigilChangeMonitor) self = g_object_ref (data);
  gint64 before;

  /* One that comes while the serials are read waits in libpq's queue, not
   * on the socket: look again until none came. */
  do
    {
      before = self->data_version;
      if (!check (self, TRUE, NULL))
        {
          /* The connection is lost, and its socket would wake the loop
           * for ever: poll instead, which connects again. */
          g_debug ("Lost the notifications of %s; polling instead", self->path);
          g_clear_pointer (&self->notify_source, g_source_unref);
          start_polling (self);
          return G_SOURCE_REMOVE;
        }
    }
  while (!self->stopped && self->data_version != before);

  return G_SOURCE_CONTINUE;
}

static gboolean
start_watching (VigilChangeMonitor  *self,
                GError             **error)
{
  g_autofree char *wal_path = NULL;
  g_autoptr(GFile) wal = NULL;
  int socket = vigil_store_get_socket (self->store);

  if (self->watch == VIGIL_CHANGE_WATCH_WAL_FILE && socket >= 0)
    {
      self->notify_source = g_unix_fd_source_new (socket, G_IO_IN);
      g_source_set_callback (self->notify_source, G_SOURCE_FUNC (on_notified), self, NULL);
      g_source_set_static_name (self->notify_source, "[vigil] change notifications");
      g_source_attach (self->notify_source, self->context);
      return TRUE;
    }

  if (self->watch != VIGIL_CHANGE_WATCH_WAL_FILE)
    {
      self->poll_source = attach_timeout (self, g_timeout_source_new (self->poll_ms), on_poll);
      return TRUE;
    }

  /* GLib watches the folder for the name, so the monitor holds while SQLite
   * removes and makes the log again. */
  wal_path = g_strconcat (self->path, "-wal", NULL);
  wal = g_file_new_for_path (wal_path);
  self->wal_monitor = g_file_monitor_file (wal, G_FILE_MONITOR_NONE, NULL, error);
  if (self->wal_monitor == NULL)
    return FALSE;
  /* Several commits in a row are each worth a look without waiting. */
  g_file_monitor_set_rate_limit (self->wal_monitor, HOT_FIRST_MS);
  g_signal_connect (self->wal_monitor, "changed", G_CALLBACK (on_wal_changed), self);

  self->poll_source = attach_timeout (self, g_timeout_source_new_seconds (BACKSTOP_SECONDS), on_backstop);
  /* Behind any file event that is due at the same time, so that a busy main
   * loop is not taken for a file monitor that missed a change. */
  g_source_set_priority (self->poll_source, G_PRIORITY_LOW);
  return TRUE;
}

/**
 * vigil_change_monitor_new_for_path: (skip)
 *
 * Internal: see vigil-change-monitor-private.h.
 */
VigilChangeMonitor *
vigil_change_monitor_new_for_path (const char        *path,
                                   VigilChangeWatch   watch,
                                   guint              poll_ms,
                                   GError           **error)
{
  g_autoptr(VigilChangeMonitor) self = NULL;
  VigilChangeKind ignored;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (watch <= VIGIL_CHANGE_WATCH_POLL_SERIALS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CHANGE_MONITOR, NULL);
  self->path = g_strdup (path);
  self->watch = watch;
  self->poll_ms = poll_ms > 0 ? poll_ms : DEFAULT_POLL_MS;
  self->context = g_main_context_ref_thread_default ();

  /* Its own connection: the data version only moves for other
   * connections' commits, and the site's own is one of those. It never
   * writes, and never makes a file that is not there. */
  self->store = vigil_store_open_watcher (path, error);
  if (self->store == NULL ||
      /* Where things stand now; only what follows is news. */
      !vigil_store_read_data_version (self->store, &self->data_version, error) ||
      !read_serials (self, &ignored, error))
    return NULL;

  if (!start_watching (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * vigil_change_monitor_new:
 * @site: an open site
 *
 * Watches @site's data file for changes committed by any process. Use the
 * monitor from the thread that made it: ::changed is emitted on that
 * thread's default main context, which must be running.
 *
 * Returns: (transfer full): the monitor, or %NULL with @error set
 */
VigilChangeMonitor *
vigil_change_monitor_new (VigilSite  *site,
                          GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return vigil_change_monitor_new_for_path (vigil_store_get_path (vigil_site_get_store (site)),
                                            VIGIL_CHANGE_WATCH_WAL_FILE, 0, error);
}

/**
 * vigil_change_monitor_get_path:
 *
 * Returns: the data file being watched
 */
const char *
vigil_change_monitor_get_path (VigilChangeMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (self), NULL);

  return self->path;
}

guint64
vigil_change_monitor_get_n_checks (VigilChangeMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (self), 0);

  return self->n_checks;
}

gboolean
vigil_change_monitor_is_polling (VigilChangeMonitor *self)
{
  g_return_val_if_fail (VIGIL_IS_CHANGE_MONITOR (self), FALSE);

  return self->wal_monitor == NULL && self->notify_source == NULL;
}

void
vigil_change_monitor_lose_file_events_for_testing (VigilChangeMonitor *self,
                                                   guint               backstop_ms)
{
  g_return_if_fail (VIGIL_IS_CHANGE_MONITOR (self));
  g_return_if_fail (self->wal_monitor != NULL);

  g_signal_handlers_disconnect_by_data (self->wal_monitor, self);
  destroy_source (&self->poll_source);
  self->poll_source = attach_timeout (self, g_timeout_source_new (backstop_ms), on_backstop);
  g_source_set_priority (self->poll_source, G_PRIORITY_LOW);
}
