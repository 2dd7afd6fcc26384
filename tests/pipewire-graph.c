/* pipewire-graph.c: what the tests read of the session's PipeWire graph.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pipewire-graph.h"

const char *
pipewire_test_sink_name (void)
{
  const char *name = g_getenv ("VIGIL_TEST_AUDIO_SINK");

  return name != NULL && *name != '\0' ? name : "vigil-test-sink";
}

JsonNode *
pipewire_dump (void)
{
  const char *argv[] = { "pw-dump", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  JsonNode *node;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;
  node = json_from_string (out, &error);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    g_error ("pw-dump printed what is not a JSON array: %s", error != NULL ? error->message : "");
  return node;
}

gboolean
pipewire_is_type (JsonObject *object,
                  const char *type)
{
  return g_strcmp0 (json_object_get_string_member_with_default (object, "type", ""), type) == 0;
}

const char *
pipewire_prop (JsonObject *object,
               const char *key)
{
  JsonObject *info = json_object_has_member (object, "info") ? json_object_get_object_member (object, "info") : NULL;
  JsonObject *props = info != NULL && json_object_has_member (info, "props")
                      ? json_object_get_object_member (info, "props") : NULL;

  return props != NULL && json_object_has_member (props, key) ? json_object_get_string_member (props, key) : NULL;
}
