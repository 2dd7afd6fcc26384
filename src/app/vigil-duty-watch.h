/* vigil-duty-watch.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vigil-camera-source.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_DUTY_WATCH (vigil_duty_watch_get_type ())

G_DECLARE_FINAL_TYPE (VigilDutyWatch, vigil_duty_watch, VIGIL, DUTY_WATCH, GObject)

/* A camera has lost its sound when it sends sound, its picture plays, and
 * no sound level has come for this long (the source measures every
 * 100 ms). */
#define VIGIL_DUTY_SOUND_LOSS_US (3 * G_USEC_PER_SEC)

/* What a duty view must notice of its camera, decided without GTK on the
 * source's main context:
 *
 * - "lost" (what, lost_at, detail): the picture ("picture": the camera was
 *   lost after it played, stalled included, or has shown nothing 10 s after
 *   the watch began) or the sound ("sound") went; @lost_at is the
 *   wall-clock time (µs) of the last picture or sound, @detail says why in
 *   the camera's words. Once per loss.
 * - "returned" (what): it came back.
 * - notify::loud: the sound stayed above -alert_db dBFS for alert_seconds
 *   (dips shorter than a second forgiven), or, once raised, has been
 *   quiet for alert_seconds. */
VigilDutyWatch *vigil_duty_watch_new               (VigilCameraSource *source);
void            vigil_duty_watch_set_sound_alert   (VigilDutyWatch    *self,
                                                    guint              alert_db,
                                                    guint              alert_seconds);
gboolean        vigil_duty_watch_get_loud          (VigilDutyWatch    *self);
/* When the loud sound began (µs since 1970), while loud. */
gint64          vigil_duty_watch_get_loud_since    (VigilDutyWatch    *self);
/* The operator saw it: no new alert until the room has been quiet for
 * alert_seconds. */
void            vigil_duty_watch_acknowledge_loud  (VigilDutyWatch    *self);
/* The camera has sent sound during this watch. */
gboolean        vigil_duty_watch_get_has_sound     (VigilDutyWatch    *self);
/* Stops watching (the source is let go); nothing is emitted after this. */
void            vigil_duty_watch_stop              (VigilDutyWatch    *self);

G_END_DECLS
