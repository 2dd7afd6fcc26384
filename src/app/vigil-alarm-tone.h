/* vigil-alarm-tone.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIGIL_TYPE_ALARM_TONE (vigil_alarm_tone_get_type ())

G_DECLARE_FINAL_TYPE (VigilAlarmTone, vigil_alarm_tone, VIGIL, ALARM_TONE, GObject)

/* The sound of a duty's alarm: a beep repeated until it is stopped, through
 * the machine's default sound output. A machine with no sound output plays
 * it to nothing and says so once in the log; it never fails. Main thread
 * only. */
VigilAlarmTone *vigil_alarm_tone_new         (void);
void            vigil_alarm_tone_set_playing (VigilAlarmTone *self,
                                              gboolean        playing);
gboolean        vigil_alarm_tone_get_playing (VigilAlarmTone *self);
/* %FALSE once the tone was found to have no sound output to reach. */
gboolean        vigil_alarm_tone_get_audible (VigilAlarmTone *self);

G_END_DECLS
