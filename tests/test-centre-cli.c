/* test-centre-cli.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-centre-cli"

#include "config.h"

#include <gio/gio.h>
#include <stdarg.h>
#include <string.h>

#include "vigil-site-centre-private.h"
#include "vigil-test-utils.h"

/* The centre's vigilctl verbs driven as a manager or team lead would: the
 * built vigilctl ($VIGILCTL) on a fresh site, passwords on standard input.
 * What is checked is what the person sees (exit status, output) and what the
 * site then holds. */

#define MGR_STDIN          VIGIL_TEST_MANAGER_PASSWORD "\n"
#define LEAD               "terry"
#define LEAD_PASSWORD      "terry-password"
#define LEAD_STDIN         LEAD_PASSWORD "\n"
#define CAMERA_USERNAME    "cam-admin-51c2"
#define CAMERA_PASSWORD    "cam-Pa55-e9d41"

typedef struct
{
  char *dir;
  char *site_dir;
} Cli;

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

/* Runs "vigilctl --data-dir SITE ARGS…" with @stdin_text on its input. */
static void
vigilctl_args (Cli                *cli,
               Run                *run,
               const char         *stdin_text,
               const char * const *args)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) full = NULL;

  g_strv_builder_add_many (argv, "--data-dir", cli->site_dir, NULL);
  g_strv_builder_addv (argv, (const char **) args);
  full = g_strv_builder_end (argv);

  vigil_test_run_vigilctlv (stdin_text, &run->status, &run->out, &run->err, (const char * const *) full);
}

static void
vigilctl (Cli        *cli,
          Run        *run,
          const char *stdin_text,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  vigilctl_args (cli, run, stdin_text, (const char * const *) args->pdata);
}

static void
assert_ok (Run *run)
{
  if (run->status != 0)
    g_error ("vigilctl failed (%d): %s", run->status, run->err);
}

/* vigilctl's contract for bad input: exit 2, one line naming the problem. */
static void
assert_bad_input (Run        *run,
                  const char *needle)
{
  guint lines = 0;

  for (const char *p = run->err; *p != '\0'; p++)
    lines += *p == '\n';

  g_assert_cmpint (run->status, ==, 2);
  if (!g_str_has_prefix (run->err, "vigilctl: ") || lines != 1 || strstr (run->err, needle) == NULL)
    g_error ("expected one line “vigilctl: …” naming “%s”, got “%s”", needle, run->err);
  g_assert_cmpstr (run->out, ==, "");
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” does not contain “%s”", text, needle);
}

/* The site as it stands, read in-process: the trail's length and a line
 * per record. */
static char *
describe_site (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (cli->site_dir, &error);
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GPtrArray) families = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_string_append_printf (out, "audit %" G_GINT64_FORMAT "\n", vigil_test_count_audit (site));
  cameras = vigil_site_list_cameras (site, &error);
  for (guint i = 0; i < cameras->len; i++)
    g_string_append_printf (out, "camera %s\n", vigil_camera_get_name (g_ptr_array_index (cameras, i)));
  families = vigil_site_list_families (site, TRUE, &error);
  for (guint i = 0; i < families->len; i++)
    {
      VigilFamily *family = g_ptr_array_index (families, i);
      const char *ref = vigil_family_get_case_ref (family);
      g_autoptr(GPtrArray) changes = vigil_site_list_stage_changes (site, ref, &error);
      g_autoptr(GPtrArray) windows = vigil_site_list_windows (site, ref, TRUE, &error);
      g_autoptr(GPtrArray) overrides = vigil_site_list_overrides (site, ref, &error);

      g_string_append_printf (out, "family %s: %u changes, %u windows, %u overrides\n", ref,
                              changes->len, windows->len, overrides->len);
    }
  return g_string_free (out, FALSE);
}

/* The site every case starts from: a manager, a team lead, a room and a
 * family, all put in through vigilctl. */
static void
make_site (const char *site_dir)
{
  Cli cli = { NULL, (char *) site_dir };
  g_auto(Run) run = { 0 };

  vigilctl (&cli, &run, MGR_STDIN, "init", "--site-name", "Test Centre", "--manager", VIGIL_TEST_MANAGER,
            "--password-stdin", NULL);
  assert_ok (&run);
  vigilctl (&cli, &run, MGR_STDIN LEAD_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
            "staff", "add", LEAD, "--name", "Terry Lead", "--band", "6", "--role", "team-lead",
            "--competent-since", "2026-01-01", "--refresher-due", "2099-01-01", NULL);
  assert_ok (&run);
  vigilctl (&cli, &run, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "room", "add", "Room 1", NULL);
  assert_ok (&run);
  vigilctl (&cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "family", "add", "LA-1",
            "--label", "AB", "--room", "Room 1", "--admitted", "2026-01-10", "--stage", "2",
            "--agreement-signed", "2026-01-09", NULL);
  assert_ok (&run);
}

/* Each case gets a copy of that site, made once. */
static void
cli_setup (Cli           *cli,
           gconstpointer  data)
{
  cli->site_dir = vigil_test_site_copy (make_site);
  cli->dir = g_path_get_dirname (cli->site_dir);
}

static void
cli_teardown (Cli           *cli,
              gconstpointer  data)
{
  vigil_test_remove_dir (cli->dir);
  g_clear_pointer (&cli->site_dir, g_free);
  g_clear_pointer (&cli->dir, g_free);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0, needle_len = strlen (needle);

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (contents + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

/* A camera with credentials: the password goes on the line after the
 * manager's, is kept in the keyring, and shows up neither in the data file
 * nor in any listing. */
static void
test_camera_add_and_list (Cli           *cli,
                          gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  const char *suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;

  vigilctl (cli, &run, MGR_STDIN CAMERA_PASSWORD "\n", "--as", VIGIL_TEST_MANAGER, "--password-stdin",
            "camera", "add", "Cot cam", "--location", "family-room", "--room", "room 1",
            "--url", "rtsp://cam1.local/main", "--sub-url", "rtsp://cam1.local/sub", "--audio",
            "--username", CAMERA_USERNAME, NULL);
  assert_ok (&run);
  assert_contains (run.out, "Added camera Cot cam");
  g_assert_null (strstr (run.out, CAMERA_PASSWORD));

  vigilctl (cli, &run, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
            "camera", "add", "Lounge", "--location", "communal", "--url", "rtsps://lounge.local/main", NULL);
  assert_ok (&run);

  vigilctl (cli, &run, NULL, "camera", "list", NULL);
  assert_ok (&run);
  g_assert_true (g_regex_match_simple ("^Cot cam +family-room +Room 1 +yes +yes +rtsp://cam1.local/main$",
                                       run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Lounge +communal +- +no ", run.out, G_REGEX_MULTILINE, 0));

  vigilctl (cli, &run, NULL, "camera", "list", "--json", NULL);
  assert_ok (&run);
  assert_contains (run.out, "\"name\" : \"Cot cam\"");
  assert_contains (run.out, "\"sub_url\" : \"rtsp://cam1.local/sub\"");
  assert_contains (run.out, "\"room\" : null");
  g_assert_null (strstr (run.out, CAMERA_PASSWORD));
  g_assert_null (strstr (run.out, CAMERA_USERNAME));

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (cli->site_dir, "/vigil.db", suffixes[i], NULL);
      g_assert_false (file_contains (path, CAMERA_PASSWORD));
      g_assert_false (file_contains (path, CAMERA_USERNAME));
    }

  site = vigil_site_open (cli->site_dir, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_lookup_camera_credentials (site, "Cot cam", &username, &password, &error));
  g_assert_cmpstr (username, ==, CAMERA_USERNAME);
  g_assert_cmpstr (password, ==, CAMERA_PASSWORD);
}

/* Bad input: exit 2, one line, nothing written. Each is checked before the
 * login (a wrong acting password is given, and no login attempt reaches the
 * trail), so a slip never costs a lockout count either. */
static void
test_bad_input (Cli           *cli,
                gconstpointer  data)
{
  const char *wrong = "not-the-password\n";
  g_autofree char *before = describe_site (cli);
  g_auto(Run) run = { 0 };
  struct {
    const char *needle;
    const char *args[16];
  } cases[] = {
    { "bathroom or toilet", { "camera", "add", "Bathroom", "--location", "communal", "--url", "rtsp://h/a" } },
    { "bathroom or toilet", { "camera", "add", "Hall", "--location", "toilet", "--url", "rtsp://h/a" } },
    { "rtsp://", { "camera", "add", "Hall", "--location", "communal", "--url", "http://h/a" } },
    { "--room", { "camera", "add", "Cot", "--location", "family-room", "--url", "rtsp://h/a" } },
    { "no room", { "camera", "add", "Cot", "--location", "family-room", "--room", "Room 9", "--url", "rtsp://h/a" } },
    { "room “Room 1” already exists", { "room", "add", "ROOM 1" } },
    { "malformed date", { "family", "add", "LA-2", "--label", "CD", "--room", "Room 1", "--admitted", "2026-02-30", "--stage", "1" } },
    { "expected 1, 2, 3, 4 or off", { "family", "add", "LA-2", "--label", "CD", "--room", "Room 1", "--admitted", "2026-02-01", "--stage", "5" } },
    { "already has family LA-1", { "family", "add", "LA-2", "--label", "CD", "--room", "Room 1", "--admitted", "2026-02-01", "--stage", "1" } },
    { "--reason is required", { "stage", "set", "LA-1", "3", "--evidence", "PU" } },
    { "in the past", { "stage", "set", "LA-1", "3", "--reason", "x", "--evidence", "PU", "--effective", "2020-01-01T10:00:00Z" } },
    { "evidence reference", { "stage", "set", "LA-1", "3", "--reason", "going well" } },
    { "already at stage 2", { "stage", "set", "LA-1", "2", "--reason", "x" } },
    { "“user=” parameter", { "camera", "add", "Hall", "--location", "communal", "--url", "rtsp://h/s?user=admin&password=hunter2" } },
    { "either --days", { "window", "add", "LA-1", "--days", "mon", "--date", "2099-01-01", "--start", "22:00", "--end", "23:00", "--purpose", "x" } },
    { "bad time", { "window", "add", "LA-1", "--days", "mon", "--start", "25:00", "--end", "23:00", "--purpose", "x" } },
    { "bad days", { "window", "add", "LA-1", "--days", "someday", "--start", "21:00", "--end", "23:00", "--purpose", "x" } },
    { "no window number 42", { "window", "remove", "42" } },
    { "at most 72 hours", { "override", "start", "LA-1", "--rationale", "concern", "--hours", "73" } },
    { "--rationale is required", { "override", "start", "LA-1" } },
    { "no safeguarding override is running", { "override", "end", "LA-1", "--reason", "x" } },
    { "no family with case reference “LA-9”", { "override", "start", "LA-9", "--rationale", "x" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;

      g_strv_builder_add_many (builder, "--as", LEAD, "--password-stdin", NULL);
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_strv_builder_add (builder, cases[i].args[j]);
      args = g_strv_builder_end (builder);

      vigilctl_args (cli, &run, wrong, (const char * const *) args);
      assert_bad_input (&run, cases[i].needle);
      /* A password typed into a URL is not repeated back. */
      g_assert_null (strstr (run.err, "hunter2"));
    }

  {
    g_autofree char *after = describe_site (cli);
    g_assert_cmpstr (after, ==, before);
  }

  /* A good line with the wrong acting password: refused, and that login
   * attempt (only) is in the trail. */
  vigilctl (cli, &run, wrong, "--as", LEAD, "--password-stdin", "override", "start", "LA-1", "--rationale", "x", NULL);
  assert_bad_input (&run, "cannot act as terry");
}

/* A team lead's week: a scheduled stage change, a concern that replaces it,
 * windows, and an override renewed and ended. */
static void
test_stage_window_override_flow (Cli           *cli,
                                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "stage", "set", "LA-1", "3",
            "--reason", "good progress", "--evidence", "Weekly Placement Update 2026-11-20",
            "--effective", "2099-01-08T18:00", NULL);
  assert_ok (&run);
  assert_contains (run.out, "Scheduled change 2 of LA-1: stage 2 → stage 3 at 2099-01-08 18:00:00 GMT");

  vigilctl (cli, &run, NULL, "stage", "history", "LA-1", "--json", NULL);
  assert_ok (&run);
  assert_contains (run.out, "\"status\" : \"scheduled\"");
  assert_contains (run.out, "\"effective_at\" : \"2099-01-08T18:00:00Z\"");
  assert_contains (run.out, "\"evidence\" : \"Weekly Placement Update 2026-11-20\"");

  vigilctl (cli, &run, NULL, "family", "list", NULL);
  assert_ok (&run);
  assert_contains (run.out, "stage 3 from 2099-01-08 18:00:00 GMT");

  /* Going back a stage, at once, without evidence: it replaces the plan. */
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "stage", "set", "LA-1", "1",
            "--reason", "concern at bath time", NULL);
  assert_ok (&run);
  assert_contains (run.out, "moved from stage 2 to stage 1");
  assert_contains (run.out, "Cancelled scheduled change 2");

  vigilctl (cli, &run, NULL, "stage", "history", "LA-1", NULL);
  assert_ok (&run);
  g_assert_true (g_regex_match_simple ("^2 .*stage 2 → stage 3  CANCELLED$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^3 .*stage 2 → stage 1  in force$", run.out, G_REGEX_MULTILINE, 0));
  assert_contains (run.out, "by terry at ");

  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "window", "add", "LA-1",
            "--days", "mon-fri", "--start", "19:00", "--end", "20:30", "--purpose", "bedtime routine", "--audio", NULL);
  assert_ok (&run);
  assert_contains (run.out, "Added window 1 for LA-1");
  assert_contains (run.out, "windows count only at stages 3 and 4");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "window", "add", "LA-1",
            "--date", "2099-01-01", "--start", "23:30", "--end", "00:30", "--purpose", "check-in", NULL);
  assert_ok (&run);
  assert_contains (run.out, "ends the next day");
  /* An end equal to the start: a 24-hour window, into the next day. */
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "window", "add", "LA-1",
            "--days", "sun", "--start", "21:00", "--end", "21:00", "--purpose", "weekend review", NULL);
  assert_ok (&run);
  assert_contains (run.out, "sun 21:00–21:00 (ends the next day)");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "window", "remove", "1", NULL);
  assert_ok (&run);
  /* Twice: the core's words, naming who removed it, before any login. */
  {
    g_autofree char *before = describe_site (cli);
    g_autofree char *after = NULL;

    vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "window", "remove", "1", NULL);
    assert_bad_input (&run, "was already removed, at ");
    assert_contains (run.err, " by terry");
    after = describe_site (cli);
    g_assert_cmpstr (after, ==, before);
  }
  vigilctl (cli, &run, NULL, "window", "list", "LA-1", "--json", NULL);
  assert_ok (&run);
  g_assert_null (strstr (run.out, "bedtime routine"));
  assert_contains (run.out, "\"date\" : \"2099-01-01\"");
  vigilctl (cli, &run, NULL, "window", "list", "LA-1", "--all", NULL);
  assert_ok (&run);
  assert_contains (run.out, "[removed ");

  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "override", "start", "LA-1",
            "--rationale", "unexplained bruise", "--hours", "12", NULL);
  assert_ok (&run);
  assert_contains (run.out, "Started safeguarding override 1 for LA-1");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "override", "start", "LA-1",
            "--rationale", "Unexplained bruise", NULL);
  assert_bad_input (&run, "needs a new rationale");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "override", "start", "LA-1",
            "--rationale", "second bruise", NULL);
  assert_ok (&run);
  assert_contains (run.out, "Renewed the safeguarding override of LA-1: override 2");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "override", "end", "LA-1",
            "--reason", "explained by GP", NULL);
  assert_ok (&run);
  vigilctl (cli, &run, NULL, "override", "list", "LA-1", "--json", NULL);
  assert_ok (&run);
  assert_contains (run.out, "\"end_reason\" : \"renewed\"");
  assert_contains (run.out, "\"end_reason\" : \"explained by GP\"");
  assert_contains (run.out, "\"renews\" : 1");

  vigilctl (cli, &run, NULL, "audit", "verify", NULL);
  assert_ok (&run);
  vigilctl (cli, &run, NULL, "audit", "list", NULL);
  assert_ok (&run);
  {
    const char *actions[] = { "room-added", "family-added", "stage-change-scheduled", "stage-change-cancelled",
                              "stage-changed", "window-added", "window-removed", "override-started",
                              "override-renewed", "override-ended" };
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      assert_contains (run.out, actions[i]);
  }
}

/* A family's life past admission, as a team lead records it: a new
 * agreement, a scheduled stage change cancelled, and the discharge that
 * frees their room. */
static void
test_agreement_cancel_discharge (Cli           *cli,
                                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  vigilctl (cli, &run, NULL, "room", "list", NULL);
  assert_ok (&run);
  g_assert_true (g_regex_match_simple ("^ROOM +FAMILY$", run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Room 1 +LA-1 \\(AB\\)$", run.out, G_REGEX_MULTILINE, 0));

  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "family", "agreement", "LA-1",
            "--signed", "2026-02-01", "--no-audio", "--reason", "mother withdrew consent to audio", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Recorded the agreement of LA-1 signed on 2026-02-01 (video only).\n");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "family", "agreement", "LA-1", NULL);
  assert_bad_input (&run, "--signed is required");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "family", "agreement", "LA-9",
            "--signed", "2026-02-01", NULL);
  assert_bad_input (&run, "LA-9");

  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "stage", "set", "LA-1", "3",
            "--reason", "good progress", "--evidence", "Family Risk Assessment 2098-12-01",
            "--effective", "2099-01-08T18:00", NULL);
  assert_ok (&run);
  assert_contains (run.out, "Scheduled change 2 of LA-1");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "stage", "cancel", "LA-1", "2", NULL);
  assert_bad_input (&run, "--reason is required");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "stage", "cancel", "LA-1", "two",
            "--reason", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "stage", "cancel", "LA-1", "2",
            "--reason", "review brought forward", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Cancelled scheduled stage change 2 of LA-1.\n");
  vigilctl (cli, &run, NULL, "stage", "history", "LA-1", NULL);
  assert_ok (&run);
  g_assert_true (g_regex_match_simple ("^2 .*stage 2 → stage 3  CANCELLED$", run.out, G_REGEX_MULTILINE, 0));
  assert_contains (run.out, "cancelled by terry at ");

  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "family", "discharge", "LA-1",
            "--date", "2026-03-01", "--reason", "placement ended", NULL);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Discharged family LA-1; Room 1 is free.\n");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "family", "discharge", "LA-1", NULL);
  assert_bad_input (&run, "family LA-1 was already discharged on 2026-03-01");

  vigilctl (cli, &run, NULL, "room", "list", NULL);
  assert_ok (&run);
  g_assert_true (g_regex_match_simple ("^Room 1 +empty$", run.out, G_REGEX_MULTILINE, 0));
  vigilctl (cli, &run, NULL, "family", "list", NULL);
  assert_ok (&run);
  g_assert_null (strstr (run.out, "LA-1"));
  vigilctl (cli, &run, NULL, "family", "list", "--all", NULL);
  assert_ok (&run);
  assert_contains (run.out, "discharged 2026-03-01");

  vigilctl (cli, &run, NULL, "audit", "list", NULL);
  assert_ok (&run);
  assert_contains (run.out, "family-agreement-recorded");
  assert_contains (run.out, "mother withdrew consent to audio");
  assert_contains (run.out, "stage-change-cancelled");
  assert_contains (run.out, "review brought forward");
  assert_contains (run.out, "family-discharged");
  vigilctl (cli, &run, NULL, "audit", "verify", NULL);
  assert_ok (&run);
}

/* A team lead may not add cameras; the refusal names the permission. */
static void
test_permission_refused (Cli           *cli,
                         gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "camera", "add", "Lounge",
            "--location", "communal", "--url", "rtsp://lounge.local/main", NULL);
  assert_bad_input (&run, "needs the manage-cameras permission");
  vigilctl (cli, &run, LEAD_STDIN, "--as", LEAD, "--password-stdin", "room", "add", "Room 2", NULL);
  assert_bad_input (&run, "needs the manage-cameras permission");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/centre-cli/camera-add-and-list", Cli, NULL, cli_setup, test_camera_add_and_list, cli_teardown);
  g_test_add ("/centre-cli/bad-input", Cli, NULL, cli_setup, test_bad_input, cli_teardown);
  g_test_add ("/centre-cli/stage-window-override", Cli, NULL, cli_setup, test_stage_window_override_flow, cli_teardown);
  g_test_add ("/centre-cli/permission-refused", Cli, NULL, cli_setup, test_permission_refused, cli_teardown);
  g_test_add ("/centre-cli/agreement-cancel-discharge", Cli, NULL, cli_setup, test_agreement_cancel_discharge,
              cli_teardown);

  return g_test_run ();
}
