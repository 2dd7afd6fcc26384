/* vigil-recorder.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-core.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_RECORDER (vigil_recorder_get_type ())

G_DECLARE_FINAL_TYPE (VigilRecorder, vigil_recorder, VIGIL, RECORDER, GObject)

/* The site's recording service: every enabled camera recorded as the
 * policy says, segments left open by a crash recovered, the time it was not
 * running counted as gaps, expired footage deleted, and its state written
 * to the store for every console to see. One per site: a second one is
 * refused. Runs on the thread-default main context of its caller. */
VigilRecorder *vigil_recorder_new   (VigilSite      *site,
                                     GError        **error);
gboolean       vigil_recorder_start (VigilRecorder  *self,
                                     GError        **error);
/* Closes every segment cleanly and records that the recorder stopped. */
void           vigil_recorder_stop  (VigilRecorder  *self);

G_END_DECLS
