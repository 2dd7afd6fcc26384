/* media-test-utils.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-camera-source.h"
#include "vigil-test-utils.h"
#include "camsim-fixture.h"

G_BEGIN_DECLS

/* The behaviour's own deadlines, and twice them for the tests' waits: a busy
 * machine must not fail a test that a quiet one passes. */
#define MEDIA_LOSS_DEADLINE_US (3 * G_USEC_PER_SEC)
#define MEDIA_RETURN_DEADLINE_US (2 * G_USEC_PER_SEC)
/* AddressSanitizer slows the camera server and the source alike, some two
 * to three times: the sanitizer build gets twice the margin again. */
#if defined (__SANITIZE_ADDRESS__)
#define MEDIA_SLOWDOWN 2
#else
#define MEDIA_SLOWDOWN 1
#endif
#define MEDIA_WAIT(deadline) (2 * MEDIA_SLOWDOWN * (deadline))
/* The first connection to a server that builds a camera's pipeline on
 * demand, on a machine that may be running other tests (and, in the
 * sanitizer build, a sanitized camera server encoding every camera). */
#define MEDIA_START_WAIT_US (20 * MEDIA_SLOWDOWN * G_USEC_PER_SEC)

/* gst_init and g_test_init. */
void    media_test_init   (int    *argc,
                           char ***argv);
/* g_test_add_func for a media test: it runs with a fatal-log handler that
 * lets through the one critical rtspsrc 1.22 itself may log when it is
 * stopped in the middle of PLAY (gst_event_set_seqnum with an invalid
 * seqnum); every other warning stays fatal. GLib resets such a handler
 * after each test, so each is given its own, and waits before it ends for
 * every pipeline the test closed to have shut down. */
void    media_test_add    (const char  *path,
                           GTestFunc    func);

/* Waits until @source is in @state (and, for LOST, @loss unless NONE);
 * returns the time it took in µs, or fails the test at @timeout_us. */
gint64  media_wait_state  (VigilCameraSource *source,
                           VigilCameraState   state,
                           VigilCameraLoss    loss,
                           gint64             timeout_us);
/* Waits for @count decoded frames more than now. */
void    media_wait_frames (VigilCameraSource *source,
                           guint              count,
                           gint64             timeout_us);
/* Starts @source and waits until it is playing and has decoded a few
 * frames. */
void    media_start_playing (VigilCameraSource *source);
VigilCameraSource *media_source_for_url (Camsim     *camsim,
                                         const char *path);
/* Registers a communal camera with sound and credentials. */
void    media_add_camera  (VigilSite    *site,
                           VigilSession *manager,
                           const char   *name,
                           const char   *url,
                           const char   *username,
                           const char   *password);

/* The named camera's source, opened through @site with its stored
 * credentials, as the console and the recorder open it. */
VigilCameraSource *media_open_camera (VigilSite         *site,
                                      const char        *name,
                                      VigilCameraStream  stream);

/* CPU-seconds (user and system) a child process has used so far, from
 * /proc; the benches' measure of their references. */
double media_test_cpu_seconds (GSubprocess *process);
/* Context switches (voluntary and not) of a child process's threads living
 * now, from /proc: how often it woke. */
guint64 media_test_context_switches (GSubprocess *process);

G_END_DECLS
