/* camsim-fixture.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the media tests share: the simulated camera server, vigil-camsim (the
 * program named by $VIGIL_CAMSIM, which tests/meson.build sets), run as a
 * child of the test and treated as a camera would be: started, killed (a
 * dead camera), started again at the same address (a camera that comes
 * back), stopped with SIGSTOP (a frozen one: connection open, no data) and
 * let go again. A server never outlives its test, even one that fails.
 *
 * Every wait iterates the default main context until its condition holds
 * or its deadline passes; none sleeps for a fixed time. A failure to start,
 * stop or die within its deadline fails the test. */

/* How long a server may take to print its ready line: replay cameras
 * encode their clips first, on a machine that may be busy. */
#define CAMSIM_START_DEADLINE_US (20 * G_USEC_PER_SEC)

typedef struct
{
  GSubprocess *process;
  /* The port it serves on: picked by the server at the first start, kept
   * by camsim_restart(). */
  int          port;
  /* Its arguments after --port, for camsim_restart(). */
  GStrv        args;
  gboolean     frozen;
} Camsim;

/* Runs the default main context until @done (@data) is true or @timeout_us
 * has passed; returns what @done last returned. */
gboolean     camsim_wait_for (gboolean   (*done) (gpointer data),
                              gpointer     data,
                              gint64       timeout_us);

/* Starts vigil-camsim with @args (NULL-terminated, no --port) on @port,
 * or on a free port of its choosing when @port is 0, and waits for its
 * ready line. */
Camsim      *camsim_startv   (int                  port,
                              const char * const  *args);
/* The same, on a free port, with the arguments listed up to a NULL. */
Camsim      *camsim_start    (const char          *first_arg,
                              ...) G_GNUC_NULL_TERMINATED;

/* Starts the server again, with the same arguments and on the same port, as
 * soon as it has died (camsim_kill()) or stopped (camsim_stop()): a camera
 * coming back at its address. */
void         camsim_restart  (Camsim              *camsim);

/* SIGKILL, and waits until the process has gone: a dead camera. */
void         camsim_kill     (Camsim              *camsim);
/* SIGSTOP and SIGCONT: a frozen camera, and its return. */
void         camsim_freeze   (Camsim              *camsim);
void         camsim_thaw     (Camsim              *camsim);
/* SIGTERM (after SIGCONT if frozen), and checks that it exits 0. */
void         camsim_stop     (Camsim              *camsim);
/* Kills a server still running and frees @camsim. */
void         camsim_free     (Camsim              *camsim);

/* rtsp://127.0.0.1:PORT/PATH */
char        *camsim_url      (Camsim              *camsim,
                              const char          *path);

/* Runs vigil-camsim with exactly @args (NULL-terminated) and @flags, for
 * tests of its command line; it dies with the test. */
GSubprocess *camsim_spawn    (const char * const  *args,
                              GSubprocessFlags     flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Camsim, camsim_free)

G_END_DECLS
