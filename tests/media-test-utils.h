/* media-test-utils.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-camera-source.h"
#include "camsim-fixture.h"

G_BEGIN_DECLS

/* The behaviour's own deadlines, and twice them for the tests' waits: a busy
 * machine must not fail a test that a quiet one passes. */
#define MEDIA_LOSS_DEADLINE_US (3 * G_USEC_PER_SEC)
#define MEDIA_RETURN_DEADLINE_US (2 * G_USEC_PER_SEC)
#define MEDIA_WAIT(deadline) (2 * (deadline))
/* First connection to a server that builds its pipeline on demand. */
#define MEDIA_START_WAIT_US (10 * G_USEC_PER_SEC)

/* gst_init, g_test_init, and a fatal-log handler that lets through the one
 * critical rtspsrc 1.22 itself may log when it is stopped in the middle of
 * PLAY (gst_event_set_seqnum with an invalid seqnum); every other warning
 * stays fatal. */
void    media_test_init   (int    *argc,
                           char ***argv);

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
VigilCameraSource *media_source_for_url (Camsim     *camsim,
                                         const char *path);

G_END_DECLS
