/* vigil-change-monitor-private.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (VIGIL_CORE_COMPILATION)
# error "vigil-change-monitor-private.h is internal to libvigil-core: include vigil-core.h and go through the site's calls"
#endif

#include "vigil-change-monitor.h"

G_BEGIN_DECLS

/* How a monitor learns that the file changed. The site's monitor uses the
 * first; the others are kept so that the benchmark can measure them against
 * it and the tests can check that each one notices a change. */
typedef enum
{
  VIGIL_CHANGE_WATCH_WAL_FILE,      /* a file monitor on the -wal file, then data_version */
  VIGIL_CHANGE_WATCH_POLL_VERSION,  /* PRAGMA data_version every poll_ms */
  VIGIL_CHANGE_WATCH_POLL_SERIALS,  /* the change_serials table every poll_ms */
} VigilChangeWatch;

/* @poll_ms is the polling period of the two polling ways; 0 takes the
 * default. */
VigilChangeMonitor *vigil_change_monitor_new_for_path (const char        *path,
                                                       VigilChangeWatch   watch,
                                                       guint              poll_ms,
                                                       GError           **error);

/* How many times the monitor has read the file, for the benchmark. */
guint64             vigil_change_monitor_get_n_checks (VigilChangeMonitor *self);

/* TRUE once a WAL_FILE monitor has caught the file monitor missing a change
 * and polls instead. */
gboolean            vigil_change_monitor_is_polling   (VigilChangeMonitor *self);

/* Tests: the file monitor stops telling anything, as when inotify has run
 * out of watches, and the backstop comes every @backstop_ms. */
void                vigil_change_monitor_lose_file_events_for_testing (VigilChangeMonitor *self,
                                                                       guint               backstop_ms);

G_END_DECLS
