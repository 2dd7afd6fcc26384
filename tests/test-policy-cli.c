/* test-policy-cli.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-policy-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-test-utils.h"

/* What the rules say, and the settings that tune the site, as a team lead
 * or a manager asks vigilctl: `policy explain`, `policy timeline`,
 * `settings list` and `settings set`. Expected answers come from DESIGN.md's
 * table and the README, never from the program's output. */

#define MGR_STDIN     VIGIL_TEST_MANAGER_PASSWORD "\n"
#define LEAD          "terry"
#define LEAD_PASSWORD "terry-password"
#define LEAD_STDIN    LEAD_PASSWORD "\n"

/* 2099-01-05 is a Monday, in GMT (the site's zone then reads as UTC). */
#define STAGE_3_AT    "2099-01-04T09:00"

typedef struct
{
  char *dir;     /* the site's folder */
  char *out;
  char *err;
  int   status;
} Cli;

/* Runs "vigilctl --data-dir SITE ARGS…" with @input on its standard input. */
static void
run (Cli        *cli,
     const char *input,
     ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  const char *arg;
  va_list ap;

  g_strv_builder_add_many (builder, "--data-dir", cli->dir, NULL);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (ap);
  args = g_strv_builder_end (builder);

  vigil_test_run_vigilctlv (input, &cli->status, &cli->out, &cli->err, (const char * const *) args);
}

static void
assert_ok (Cli *cli)
{
  if (cli->status != 0)
    g_error ("vigilctl failed (%d): %s", cli->status, cli->err);
  g_assert_cmpstr (cli->err, ==, "");
}

/* Exit 2, nothing on standard output, one line naming the problem. */
static void
assert_bad_input (Cli        *cli,
                  const char *needle)
{
  g_assert_cmpint (cli->status, ==, 2);
  g_assert_cmpstr (cli->out, ==, "");
  vigil_test_assert_one_line_error (cli->err, needle);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The audit trail as `audit list --json` shows it. */
static JsonArray *
audit_trail (Cli *cli)
{
  g_autoptr(JsonNode) root = NULL;

  run (cli, NULL, "audit", "list", "--json", NULL);
  assert_ok (cli);
  root = parse_json (cli->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static JsonObject *
last_entry (JsonArray *trail)
{
  g_assert_cmpuint (json_array_get_length (trail), >, 0);
  return json_array_get_object_element (trail, json_array_get_length (trail) - 1);
}

/* A manager, a team lead, a family in Room 1 at stage 2 with an agreement
 * covering audio, moving to stage 3 at STAGE_3_AT with a weekday bedtime
 * window with audio, a camera with a microphone in its room and a communal
 * one; all put in through vigilctl. */
static void
make_site (const char *site_dir)
{
  Cli cli = { (char *) site_dir, NULL, NULL, 0 };

  run (&cli, MGR_STDIN, "init", "--site-name", "Test Centre", "--manager", VIGIL_TEST_MANAGER,
       "--password-stdin", NULL);
  assert_ok (&cli);
  run (&cli, MGR_STDIN LEAD_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "staff", "add", LEAD,
       "--name", "Terry Lead", "--band", "6", "--role", "team-lead", "--competent-since", "2026-01-01",
       "--refresher-due", "2099-12-31", NULL);
  assert_ok (&cli);
  run (&cli, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "room", "add", "Room 1", NULL);
  assert_ok (&cli);
  run (&cli, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "camera", "add", "Cot cam",
       "--location", "family-room", "--room", "Room 1", "--url", "rtsp://cot.local/main", "--audio", NULL);
  assert_ok (&cli);
  run (&cli, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "camera", "add", "Lounge",
       "--location", "communal", "--url", "rtsp://lounge.local/main", NULL);
  assert_ok (&cli);
  run (&cli, LEAD_STDIN, "--as", LEAD, "--password-stdin", "family", "add", "LA-1", "--label", "AB",
       "--room", "Room 1", "--admitted", "2026-01-10", "--stage", "2", "--agreement-signed", "2026-01-09", NULL);
  assert_ok (&cli);
  run (&cli, LEAD_STDIN, "--as", LEAD, "--password-stdin", "stage", "set", "LA-1", "3", "--reason",
       "settled well", "--evidence", "Weekly Placement Update 2098-12-28", "--effective", STAGE_3_AT, NULL);
  assert_ok (&cli);
  run (&cli, LEAD_STDIN, "--as", LEAD, "--password-stdin", "window", "add", "LA-1", "--days", "mon-fri",
       "--start", "19:00", "--end", "20:30", "--purpose", "bedtime routine", "--audio", NULL);
  assert_ok (&cli);

  g_clear_pointer (&cli.out, g_free);
  g_clear_pointer (&cli.err, g_free);
}

static void
cli_setup (Cli           *cli,
           gconstpointer  data)
{
  cli->dir = vigil_test_site_copy (make_site);
}

static void
cli_teardown (Cli           *cli,
              gconstpointer  data)
{
  vigil_test_remove_dir (cli->dir);
  g_clear_pointer (&cli->dir, g_free);
  g_clear_pointer (&cli->out, g_free);
  g_clear_pointer (&cli->err, g_free);
}

/* policy explain
 * ------------------------------------------------------------------------ */

/* Stage 2: recorded with audio, viewable; nothing recorded changes that
 * until stage 3 is due. */
static void
test_explain_stage_2 (Cli           *cli,
                      gconstpointer  data)
{
  g_autoptr(JsonArray) before = audit_trail (cli);
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *answer;

  run (cli, NULL, "policy", "explain", "--camera", "Cot cam", "--at", "2098-06-01T12:00", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^Camera Cot cam$");
  vigil_test_assert_matches (cli->out, "^  at +2098-06-01 12:00:00 BST \\(2098-06-01T11:00:00Z\\)$");
  vigil_test_assert_matches (cli->out, "^  record +yes$");
  vigil_test_assert_matches (cli->out, "^  record audio +yes$");
  vigil_test_assert_matches (cli->out, "^  live view +allowed$");
  vigil_test_assert_matches (cli->out, "^  live audio +yes$");
  vigil_test_assert_matches (cli->out, "^  because +\\S");
  vigil_test_assert_matches (cli->out, "^  next change +2099-01-04 09:00:00 GMT \\(2099-01-04T09:00:00Z\\)$");

  run (cli, NULL, "policy", "explain", "--family", "la-1", "--at", "2098-06-01T12:00", "--json", NULL);
  assert_ok (cli);
  root = parse_json (cli->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  answer = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (answer, "record"));
  g_assert_true (json_object_get_boolean_member (answer, "record_audio"));
  g_assert_cmpstr (json_object_get_string_member (answer, "live_view"), ==, "allowed");
  g_assert_true (json_object_get_boolean_member (answer, "live_audio"));
  g_assert_cmpstr (json_object_get_string_member (answer, "basis"), !=, "");
  g_assert_cmpstr (json_object_get_string_member (answer, "next_change"), ==, "2099-01-04T09:00:00Z");

  /* Asking needs no login and writes nothing. */
  after = audit_trail (cli);
  g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before));
}

/* Stage 3: inside the window, recorded with audio until it ends; outside
 * it, nothing recorded and the room shown only for a reason, with its
 * microphone (live audio follows live view). */
static void
test_explain_windows (Cli           *cli,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *answer;

  run (cli, NULL, "policy", "explain", "--camera", "Cot cam", "--at", "2099-01-05T19:30", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^  record +yes$");
  vigil_test_assert_matches (cli->out, "^  record audio +yes$");
  vigil_test_assert_matches (cli->out, "^  live view +allowed$");
  vigil_test_assert_matches (cli->out, "^  next change +2099-01-05 20:30:00 GMT \\(2099-01-05T20:30:00Z\\)$");

  run (cli, NULL, "policy", "explain", "--camera", "Cot cam", "--at", "2099-01-05T21:00", "--json", NULL);
  assert_ok (cli);
  root = parse_json (cli->out);
  answer = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (answer, "record"));
  g_assert_false (json_object_get_boolean_member (answer, "record_audio"));
  g_assert_cmpstr (json_object_get_string_member (answer, "live_view"), ==, "reason-required");
  g_assert_true (json_object_get_boolean_member (answer, "live_audio"));
  g_assert_cmpstr (json_object_get_string_member (answer, "next_change"), ==, "2099-01-06T19:00:00Z");

  run (cli, NULL, "policy", "explain", "--camera", "Cot cam", "--at", "2099-01-05T21:00", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^  live view +only for a safeguarding concern, with the reason logged$");

  /* Saturday: no window. */
  run (cli, NULL, "policy", "explain", "--family", "LA-1", "--at", "2099-01-10T19:30", "--json", NULL);
  assert_ok (cli);
  g_clear_pointer (&root, json_node_unref);
  root = parse_json (cli->out);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (root), "record"));
}

/* The communal camera records video, never audio, whoever is placed where;
 * before the family's admission their room has nobody to watch. */
static void
test_explain_communal_and_empty_room (Cli           *cli,
                                      gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *answer;

  run (cli, NULL, "policy", "explain", "--camera", "Lounge", "--at", "2099-01-05T21:00", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^Camera Lounge$");
  vigil_test_assert_matches (cli->out, "^  record +yes$");
  vigil_test_assert_matches (cli->out, "^  record audio +no$");
  vigil_test_assert_matches (cli->out, "^  live view +allowed$");
  vigil_test_assert_matches (cli->out, "^  live audio +no$");
  vigil_test_assert_matches (cli->out, "^  next change +none: ");

  run (cli, NULL, "policy", "explain", "--camera", "Cot cam", "--at", "2026-01-05T12:00:00Z", "--json", NULL);
  assert_ok (cli);
  root = parse_json (cli->out);
  answer = json_node_get_object (root);
  g_assert_false (json_object_get_boolean_member (answer, "record"));
  g_assert_cmpstr (json_object_get_string_member (answer, "live_view"), ==, "denied");
  g_assert_false (json_object_get_boolean_member (answer, "live_audio"));
  /* Admission on 2026-01-10 takes effect at local midnight. */
  g_assert_cmpstr (json_object_get_string_member (answer, "next_change"), ==, "2026-01-10T00:00:00Z");
}

static void
test_explain_refusals (Cli           *cli,
                       gconstpointer  data)
{
  run (cli, NULL, "policy", "explain", NULL);
  assert_bad_input (cli, "give either --camera NAME or --family REF");
  run (cli, NULL, "policy", "explain", "--camera", "Cot cam", "--family", "LA-1", NULL);
  assert_bad_input (cli, "give either --camera NAME or --family REF");
  run (cli, NULL, "policy", "explain", "--camera", "Porch", NULL);
  assert_bad_input (cli, "Porch");
  run (cli, NULL, "policy", "explain", "--family", "LA-9", NULL);
  assert_bad_input (cli, "LA-9");
  run (cli, NULL, "policy", "explain", "--family", "LA-1", "--at", "tomorrow", NULL);
  assert_bad_input (cli, "tomorrow");
}

/* policy timeline
 * ------------------------------------------------------------------------ */

static void
test_timeline (Cli           *cli,
               gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *intervals;
  JsonObject *first;

  /* Stage 2 records until stage 3 takes effect; then only the window. */
  run (cli, NULL, "policy", "timeline", "LA-1", "--from", "2099-01-03T00:00", "--to", "2099-01-07T00:00", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^2099-01-03 00:00:00 GMT – 2099-01-04 09:00:00 GMT  video and audio$");
  vigil_test_assert_matches (cli->out, "^2099-01-05 19:00:00 GMT – 2099-01-05 20:30:00 GMT  video and audio$");
  vigil_test_assert_matches (cli->out, "^2099-01-06 19:00:00 GMT – 2099-01-06 20:30:00 GMT  video and audio$");
  vigil_test_assert_matches (cli->out, "^    \\S");

  run (cli, NULL, "policy", "timeline", "LA-1", "--from", "2099-01-05T00:00", "--to", "2099-01-06T00:00", "--json",
       NULL);
  assert_ok (cli);
  root = parse_json (cli->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  intervals = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (intervals), ==, 1);
  first = json_array_get_object_element (intervals, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "start"), ==, "2099-01-05T19:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (first, "end"), ==, "2099-01-05T20:30:00Z");
  g_assert_true (json_object_get_boolean_member (first, "record_audio"));
  g_assert_cmpstr (json_object_get_string_member (first, "basis"), !=, "");

  /* A weekend: nothing recorded. */
  run (cli, NULL, "policy", "timeline", "LA-1", "--from", "2099-01-10T00:00", "--to", "2099-01-11T00:00", NULL);
  assert_ok (cli);
  g_assert_cmpstr (cli->out, ==, "LA-1: no recording in that time.\n");

  run (cli, NULL, "policy", "timeline", "LA-1", "--from", "2099-01-05T00:00", NULL);
  assert_bad_input (cli, "--from and --to are required");
  run (cli, NULL, "policy", "timeline", "LA-9", "--from", "2099-01-05T00:00", "--to", "2099-01-06T00:00", NULL);
  assert_bad_input (cli, "LA-9");
  run (cli, NULL, "policy", "timeline", "LA-1", "--from", "2099-02-30T00:00", "--to", "2099-03-01T00:00", NULL);
  assert_bad_input (cli, "2099-02-30");
}

/* settings
 * ------------------------------------------------------------------------ */

static void
test_settings_list (Cli           *cli,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *settings;

  /* The defaults the README gives. */
  run (cli, NULL, "settings", "list", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^lockout-threshold +5$");
  vigil_test_assert_matches (cli->out, "^lockout-minutes +15$");
  vigil_test_assert_matches (cli->out, "^refresher-months +12$");
  vigil_test_assert_matches (cli->out, "^retention-days +31$");
  vigil_test_assert_matches (cli->out, "^time-zone +Europe/London$");

  run (cli, NULL, "settings", "list", "--json", NULL);
  assert_ok (cli);
  root = parse_json (cli->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  settings = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (settings, "lockout-threshold"), ==, "5");
  g_assert_cmpstr (json_object_get_string_member (settings, "lockout-minutes"), ==, "15");
  g_assert_cmpstr (json_object_get_string_member (settings, "refresher-months"), ==, "12");
  g_assert_cmpstr (json_object_get_string_member (settings, "retention-days"), ==, "31");
  g_assert_cmpstr (json_object_get_string_member (settings, "time-zone"), ==, "Europe/London");
}

/* A manager changes a setting: it holds, and the trail keeps who, why and
 * the old and new value. */
static void
test_settings_set (Cli           *cli,
                   gconstpointer  data)
{
  g_autoptr(JsonArray) trail = NULL;
  JsonObject *entry;

  run (cli, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "settings", "set", "lockout-threshold", "3",
       "--reason", "after the March review", NULL);
  assert_ok (cli);
  g_assert_cmpstr (cli->out, ==, "lockout-threshold set to 3.\n");

  run (cli, NULL, "settings", "list", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^lockout-threshold +3$");

  trail = audit_trail (cli);
  entry = last_entry (trail);
  g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, VIGIL_TEST_MANAGER);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "setting-changed");
  g_assert_cmpstr (json_object_get_string_member (entry, "object"), ==, "setting:lockout-threshold");
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "after the March review");
  g_assert_cmpstr (json_object_get_string_member (entry, "detail"), ==, "5 -> 3");

  /* The site's zone is what times are shown in. */
  run (cli, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "settings", "set", "time-zone",
       "America/New_York", NULL);
  assert_ok (cli);
  run (cli, NULL, "policy", "explain", "--camera", "Lounge", "--at", "2099-01-05T12:00:00Z", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^  at +2099-01-05 07:00:00 EST \\(2099-01-05T12:00:00Z\\)$");

  run (cli, NULL, "audit", "verify", NULL);
  assert_ok (cli);
}

/* Bad keys and values are refused before the login, so they leave no trace;
 * a team lead is refused for want of the permission, which is audited. */
static void
test_settings_refusals (Cli           *cli,
                        gconstpointer  data)
{
  g_autoptr(JsonArray) before = audit_trail (cli);
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(JsonArray) refused = NULL;
  JsonObject *entry;
  struct {
    const char *key;
    const char *value;
    const char *needle;
  } bad[] = {
    { "colour", "blue", "unknown setting “colour”" },
    { "lockout-threshold", "0", "lockout-threshold must be a whole number from 1 to 100" },
    { "lockout-minutes", "1441", "from 1 to 1440" },
    { "refresher-months", "twelve", "refresher-months must be a whole number" },
    { "retention-days", "3651", "from 1 to 3650" },
    { "time-zone", "Mars/Olympus_Mons", "unknown time zone" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      run (cli, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "settings", "set", bad[i].key,
           bad[i].value, NULL);
      assert_bad_input (cli, bad[i].needle);
    }
  run (cli, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "settings", "set", "lockout-threshold", NULL);
  g_assert_cmpint (cli->status, ==, 2);
  g_assert_cmpstr (cli->out, ==, "");

  after = audit_trail (cli);
  g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before));

  run (cli, LEAD_STDIN, "--as", LEAD, "--password-stdin", "settings", "set", "lockout-threshold", "3", NULL);
  assert_bad_input (cli, "needs the manage-settings permission");
  refused = audit_trail (cli);
  entry = last_entry (refused);
  g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, LEAD);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "permission-refused");
  g_assert_cmpstr (json_object_get_string_member (entry, "object"), ==, "manage-settings");

  run (cli, NULL, "settings", "list", NULL);
  assert_ok (cli);
  vigil_test_assert_matches (cli->out, "^lockout-threshold +5$");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Cli, NULL, cli_setup, func, cli_teardown)
  ADD ("/policy-cli/explain/stage-2", test_explain_stage_2);
  ADD ("/policy-cli/explain/windows", test_explain_windows);
  ADD ("/policy-cli/explain/communal-and-empty-room", test_explain_communal_and_empty_room);
  ADD ("/policy-cli/explain/refusals", test_explain_refusals);
  ADD ("/policy-cli/timeline", test_timeline);
  ADD ("/settings-cli/list", test_settings_list);
  ADD ("/settings-cli/set", test_settings_set);
  ADD ("/settings-cli/refusals", test_settings_refusals);
#undef ADD

  return g_test_run ();
}
