/* pipewire-graph.h: what the tests read of the session's PipeWire graph.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The null sink build-aux/test-session.sh makes (VIGIL_TEST_AUDIO_SINK). */
const char *pipewire_test_sink_name (void);
/* PipeWire's graph as `pw-dump` prints it (a JSON array), or NULL where no
 * daemon answers. */
JsonNode   *pipewire_dump           (void);
/* Whether a member of that graph is of @type ("PipeWire:Interface:Node"…). */
gboolean    pipewire_is_type        (JsonObject *object,
                                     const char *type);
/* A property of a node in that graph (its info's props), or NULL. */
const char *pipewire_prop           (JsonObject *object,
                                     const char *key);

G_END_DECLS
