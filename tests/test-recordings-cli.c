/* test-recordings-cli.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-recordings-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "recordings-fixture.h"

/* vigilctl recordings, hold and deletions as staff run them: the built
 * vigilctl on a site whose recordings the core wrote, checked by what the
 * person sees (exit status, output) and what the site then holds. */

#define LEAD_STDIN     TEAM_LEAD_PASSWORD "\n"
#define OPERATOR_STDIN OPERATOR_PASSWORD "\n"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* "vigilctl --data-dir DIR ARGS…" on the fixture's site. Cases that run a
 * changing command let go of their own site first. */
static void
vigilctl (Centre     *c,
          Run        *run,
          const char *stdin_text,
          ...)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  va_list ap;

  g_strv_builder_add_many (argv, "--data-dir", c->dir, NULL);
  va_start (ap, stdin_text);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_strv_builder_add (argv, arg);
  va_end (ap);
  args = g_strv_builder_end (argv);
  vigil_test_run_vigilctlv (stdin_text, &run->status, &run->out, &run->err, (const char * const *) args);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_keys (JsonObject         *object,
             const char * const *keys)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) keys));
  for (guint i = 0; keys[i] != NULL; i++)
    if (!json_object_has_member (object, keys[i]))
      g_error ("no member “%s”", keys[i]);
}

/* The recorder's segments and gaps, as a program reads them. */
static void
test_recordings_json (Centre        *c,
                      gconstpointer  data)
{
  static const char * const segment_keys[] = { "path", "start", "end", "bytes", "sha256", "audio", NULL };
  static const char * const gap_keys[] = { "start", "end", "cause", "detail", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *segments, *gaps;
  JsonObject *segment, *gap;
  gint64 start = vigil_test_instant ("2026-12-02T02:15:55.123Z");
  gint64 id;

  id = vigil_site_open_segment (c->site, COT, "Cot/2026-12-02/021555.mkv", start, TRUE, &error);
  g_assert_true (vigil_site_close_segment (c->site, id, start + 59 * G_TIME_SPAN_SECOND + 800 * G_TIME_SPAN_MILLISECOND,
                                           2500000, SHA_B, &error));
  g_assert_true (vigil_site_add_gap (c->site, COT, start + 60 * G_TIME_SPAN_SECOND,
                                     start + 120 * G_TIME_SPAN_SECOND, VIGIL_GAP_DISK_FULL, NULL, &error));
  g_assert_cmpint (vigil_site_open_gap (c->site, COT, start + 300 * G_TIME_SPAN_SECOND, VIGIL_GAP_CAMERA_OFFLINE,
                                        "no route to host", &error), >, 0);
  g_assert_no_error (error);

  vigilctl (c, &run, NULL, "recordings", "cot", "--from", "2026-12-02T02:00:00Z", "--to", "2026-12-02T03:00:00Z",
            "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  assert_keys (json_node_get_object (root), (const char * const []) { "segments", "gaps", NULL });
  segments = json_object_get_array_member (json_node_get_object (root), "segments");
  gaps = json_object_get_array_member (json_node_get_object (root), "gaps");
  g_assert_cmpuint (json_array_get_length (segments), ==, 1);
  g_assert_cmpuint (json_array_get_length (gaps), ==, 2);

  segment = json_array_get_object_element (segments, 0);
  assert_keys (segment, segment_keys);
  g_assert_cmpstr (json_object_get_string_member (segment, "path"), ==, "Cot/2026-12-02/021555.mkv");
  g_assert_cmpstr (json_object_get_string_member (segment, "start"), ==, "2026-12-02T02:15:55.123Z");
  g_assert_cmpstr (json_object_get_string_member (segment, "end"), ==, "2026-12-02T02:16:54.923Z");
  g_assert_cmpint (json_object_get_int_member (segment, "bytes"), ==, 2500000);
  g_assert_cmpstr (json_object_get_string_member (segment, "sha256"), ==, SHA_B);
  g_assert_true (json_object_get_boolean_member (segment, "audio"));

  gap = json_array_get_object_element (gaps, 0);
  assert_keys (gap, gap_keys);
  g_assert_cmpstr (json_object_get_string_member (gap, "start"), ==, "2026-12-02T02:16:55.123Z");
  g_assert_cmpstr (json_object_get_string_member (gap, "end"), ==, "2026-12-02T02:17:55.123Z");
  g_assert_cmpstr (json_object_get_string_member (gap, "cause"), ==, "disk-full");
  g_assert_true (json_object_get_null_member (gap, "detail"));
  gap = json_array_get_object_element (gaps, 1);
  g_assert_true (json_object_get_null_member (gap, "end"));
  g_assert_cmpstr (json_object_get_string_member (gap, "detail"), ==, "no route to host");

  /* The same as text, in site time (GMT in December). */
  vigilctl (c, &run, NULL, "recordings", COT, "--from", "2026-12-02T02:00", "--to", "2026-12-02T03:00", NULL);
  g_assert_cmpint (run.status, ==, 0);
  vigil_test_assert_matches (run.out, "^segment  2026-12-02 02:15:55 GMT to 2026-12-02 02:16:54 GMT  "
                                      "Cot/2026-12-02/021555.mkv  2500000 bytes, with sound");
  vigil_test_assert_matches (run.out, "^gap .* not recorded: camera-offline — no route to host$");
}

/* Bad lines are refused in one line, with a non-zero exit. */
static void
test_bad_input (Centre        *c,
                gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  vigilctl (c, &run, NULL, "recordings", "Garden", "--from", "2027-01-01T00:00Z", "--to", "2027-01-02T00:00Z",
            NULL);
  g_assert_cmpint (run.status, !=, 0);
  vigil_test_assert_one_line_error (run.err, "no camera");

  vigilctl (c, &run, NULL, "recordings", HALL, "--from", "2027-01-02T00:00Z", "--to", "2027-01-01T00:00Z", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "must end after it starts");

  vigilctl (c, &run, NULL, "recordings", HALL, "--from", "yesterday", "--to", "2027-01-01T00:00Z", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "--from");

  vigilctl (c, &run, NULL, "recordings", HALL, "--from", "2027-01-01T00:00Z", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "--to is required");

  vigilctl (c, &run, NULL, "deletions", "--from", "2027-01-01T00:00Z", "--to", "2026-13-01", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "--to");
}

/* Holds through the command line: a team lead places, lists and releases
 * one; an operator is refused, and the refusal is on the record. */
static void
test_holds (Centre        *c,
            gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *hold;
  gint64 audit;

  g_assert_finalize_object (g_steal_pointer (&c->site));

  vigilctl (c, &run, OPERATOR_STDIN, "--as", OPERATOR, "--password-stdin", "hold", "add", "--camera", COT,
            "--from", "2027-01-15T10:00Z", "--to", "2027-01-15T11:00Z", "--reason", "police request",
            "--until", "2099-12-31", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "hold-footage");
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM holds"), ==, 0);
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM audit WHERE action = 'permission-refused'"
                                               " AND actor = 'olive' AND object = 'hold-footage'"), ==, 1);

  /* A bad line writes nothing, not even a login. */
  audit = vigil_test_raw_int (c->dir, "SELECT count(*) FROM audit");
  vigilctl (c, &run, LEAD_STDIN, "--as", TEAM_LEAD, "--password-stdin", "hold", "add", "--camera", "Garden",
            "--from", "2027-01-15T10:00Z", "--to", "2027-01-15T11:00Z", "--reason", "police request",
            "--until", "2099-12-31", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "no camera");
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM audit"), ==, audit);

  vigilctl (c, &run, LEAD_STDIN, "--as", TEAM_LEAD, "--password-stdin", "hold", "add", "--camera", COT,
            "--from", "2027-01-15T10:00Z", "--to", "2027-01-15T11:00Z", "--reason", "police request",
            "--until", "2099-12-31", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "placed on Cot until the end of 2099-12-31"));

  vigilctl (c, &run, NULL, "hold", "list", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  hold = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (hold, "camera"), ==, COT);
  g_assert_cmpstr (json_object_get_string_member (hold, "from"), ==, "2027-01-15T10:00:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (hold, "reason"), ==, "police request");
  g_assert_cmpstr (json_object_get_string_member (hold, "placed_by"), ==, TEAM_LEAD);
  g_assert_true (json_object_get_boolean_member (hold, "active"));
  g_assert_true (json_object_get_null_member (hold, "released_at"));

  vigilctl (c, &run, OPERATOR_STDIN, "--as", OPERATOR, "--password-stdin", "hold", "release",
            "1", "--reason", "done", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "hold-footage");

  vigilctl (c, &run, LEAD_STDIN, "--as", TEAM_LEAD, "--password-stdin", "hold", "release", "1", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "reason");

  vigilctl (c, &run, LEAD_STDIN, "--as", TEAM_LEAD, "--password-stdin", "hold", "release", "1",
            "--reason", "case closed", NULL);
  g_assert_cmpint (run.status, ==, 0);
  vigilctl (c, &run, NULL, "hold", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  vigil_test_assert_matches (run.out, "^Hold 1  Cot  .*  until 2099-12-31 \\(ended\\)$");
  vigil_test_assert_matches (run.out, "^  released by terry at .*: case closed$");
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM audit WHERE action IN"
                                               " ('hold-placed', 'hold-released') AND actor = 'terry'"), ==, 2);

  c->site = vigil_test_site_open (c->dir);
}

/* Every deletion, as the centre certifies it. */
static void
test_deletions_json (Centre        *c,
                     gconstpointer  data)
{
  static const char * const keys[] = { "camera", "path", "start", "end", "bytes", "sha256", "deleted_at", "why",
                                       NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 id = add_segment (c->site, HALL, "Hall/2027-01-05/100000.mkv", "2027-01-05T10:00:00Z", 60, SHA_B);
  JsonObject *deletion;

  set_now (c, "2027-02-20T12:00:00.250Z");
  g_assert_true (vigil_site_begin_deletion (c->site, id, c->now, &error));
  g_assert_true (vigil_site_finish_deletion (c->site, id, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&c->site));

  vigilctl (c, &run, NULL, "deletions", "--from", "2027-02-20", "--to", "2027-02-21", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  deletion = json_array_get_object_element (json_node_get_array (root), 0);
  assert_keys (deletion, keys);
  g_assert_cmpstr (json_object_get_string_member (deletion, "camera"), ==, HALL);
  g_assert_cmpstr (json_object_get_string_member (deletion, "path"), ==, "Hall/2027-01-05/100000.mkv");
  g_assert_cmpstr (json_object_get_string_member (deletion, "start"), ==, "2027-01-05T10:00:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (deletion, "end"), ==, "2027-01-05T10:00:59.960Z");
  g_assert_cmpstr (json_object_get_string_member (deletion, "sha256"), ==, SHA_B);
  g_assert_cmpstr (json_object_get_string_member (deletion, "deleted_at"), ==, "2027-02-20T12:00:00.250Z");
  g_assert_cmpstr (json_object_get_string_member (deletion, "why"), ==,
                   "retention: communal footage is kept 31 days (site setting)");

  /* A range without one says so. */
  vigilctl (c, &run, NULL, "deletions", "--from", "2027-02-21", "--to", "2027-02-22", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "No deletions in that range.\n");

  c->site = vigil_test_site_open (c->dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/recordings-cli/" path, Centre, CENTRE_LOGINS (0), recordings_setup, func, centre_teardown)

  ADD ("recordings-json", test_recordings_json);
  ADD ("bad-input", test_bad_input);
  ADD ("holds", test_holds);
  ADD ("deletions-json", test_deletions_json);

  return g_test_run ();
}
