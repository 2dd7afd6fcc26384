/* test-hardening-cli.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-hardening-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "vigil-site-centre-private.h"
#include "vigil-test-utils.h"

/* vigilctl tried as a hostile user would: lines that must be refused before
 * anything is written, not even a login; listings of a file someone filled
 * behind Vigil's back; endless or oversized input; two set-ups at once. The
 * built vigilctl ($VIGILCTL) runs on a real site; what is checked is what a
 * person sees and what the trail then holds. */

#define MGR_STDIN       VIGIL_TEST_MANAGER_PASSWORD "\n"
#define OPERATOR        "olive"
#define OPERATOR_PASS   "olive-password"
#define LEAD            "terry"
#define LEAD_PASS       "terry-password"
#define FORGED          "routine\n#99    2026-12-01 09:00:00 GMT  mgr  staff-added  staff:eve"
#define HOSTILE         "X\x1b[2J\r\n#99 forged \xe2\x80\xae\xc2\x9b\x07 end"

typedef struct
{
  int    status;
  GBytes *out;
  GBytes *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_bytes_unref);
  g_clear_pointer (&run->err, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
text_of (GBytes *bytes)
{
  /* GSubprocess adds no terminator: the runner appends one. */
  return g_bytes_get_data (bytes, NULL);
}

static GBytes *
with_nul (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;
  char *copy = g_malloc (len + 1);

  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';
  return g_bytes_new_take (copy, len);
}

/* Runs "vigilctl ARGS…" with @stdin_text on standard input, or the file
 * @stdin_path when given; output is kept as bytes, whatever they are. */
static void
vigilctl_run (Run                *run,
              const char         *stdin_text,
              const char         *stdin_path,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *input_path = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  const char *binary = g_getenv ("VIGILCTL");

  if (binary == NULL)
    g_error ("VIGILCTL is not set: run this test through meson test");

  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Input comes from a file: vigilctl may rightly stop reading early (a
   * bad option), and a pipe would then lose what it wrote. */
  if (stdin_text != NULL)
    {
      int fd = g_file_open_tmp ("vigil-stdin-XXXXXX", &input_path, &error);

      g_assert_no_error (error);
      close (fd);
      g_assert_true (g_file_set_contents (input_path, stdin_text, -1, &error));
      stdin_path = input_path;
    }

  run_clear (run);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path ? stdin_path : "/dev/null");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (process, NULL, NULL, &out, &err, &error));
  if (input_path != NULL)
    g_unlink (input_path);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  run->out = with_nul (out);
  run->err = with_nul (err);
}

static void
vigilctl (Run        *run,
          const char *dir,
          const char *stdin_text,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, (gpointer) dir);
  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  vigilctl_run (run, stdin_text, NULL, (const char * const *) args->pdata);
}

/* Nothing a terminal would act on or hide: valid UTF-8, and no control,
 * invisible or text-direction character but line ends (and, in CSV, the
 * CR of a CRLF and the tabs a note's body may hold). */
static void
assert_printable_output (GBytes     *bytes,
                         gboolean    crlf,
                         const char *what)
{
  gsize len = 0;
  const char *text = g_bytes_get_data (bytes, &len);
  const char *end = NULL;

  if (!g_utf8_validate (text, len, &end))
    g_error ("%s: not UTF-8 at byte %ld", what, (long) (end - text));

  for (const char *p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || (crlf && ((c == '\r' && p[1] == '\n') || c == '\t')))
        continue;
      if (vigil_text_char_is_hidden (c))
        g_error ("%s: U+%04X at byte %ld of:\n%s", what, c, (long) (p - text), text);
    }
}

/* vigilctl's contract for bad input: exit 2, one printable line naming the
 * problem, nothing on standard output. */
static void
assert_bad_input (Run        *run,
                  const char *needle)
{
  const char *err = text_of (run->err);
  const char *newline = strchr (err, '\n');

  g_assert_cmpint (run->status, ==, 2);
  assert_printable_output (run->err, FALSE, "error");
  if (!g_str_has_prefix (err, "vigilctl: ") || newline == NULL || newline[1] != '\0' ||
      strstr (err, needle) == NULL)
    g_error ("expected one line “vigilctl: …” naming “%s”, got “%s”", needle, err);
  g_assert_cmpuint (g_bytes_get_size (run->out), ==, 0);
}

/* The site as the tests find it. */

typedef struct
{
  char   *dir;
  char   *files;
  gint64  scheduled_change;
  gint64  admission_change;
  gint64  window;
  gint64  note;
} Cli;

static char *
file_in (Cli        *cli,
         const char *name,
         const char *contents)
{
  char *path = g_build_filename (cli->files, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
add_family (VigilSite    *site,
            VigilSession *manager,
            const char   *case_ref,
            const char   *room,
            VigilFamilyState stage)
{
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, "AB", room, "2026-11-01");
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, "2026-11-01", TRUE);
  g_assert_true (vigil_site_add_family (site, manager, family, stage, NULL, &error));
  g_assert_no_error (error);
}

static void
cli_set_up (Cli           *cli,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&cli->dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(VigilSession) olive = NULL;
  g_autoptr(VigilCamera) room_camera = vigil_camera_new ("Cam 1", VIGIL_LOCATION_FAMILY_ROOM, "Room 1",
                                                         "rtsp://cam-1/main", NULL, TRUE);
  g_autoptr(VigilCamera) hall = vigil_camera_new ("Hall", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://hall/main", NULL, FALSE);
  g_autoptr(VigilWindow) window = vigil_window_new (VIGIL_DAY_MONDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime");
  g_autoptr(VigilWindow) added = NULL;
  g_autoptr(VigilStageChange) change = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(VigilOverride) override = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilNote) note = NULL;

  cli->files = vigil_test_make_dir ();
  vigil_test_add_staff (site, manager, OPERATOR, 3, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASS);
  vigil_test_add_staff (site, manager, LEAD, 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, LEAD_PASS);
  olive = vigil_test_login (site, OPERATOR, OPERATOR_PASS);

  g_assert_true (vigil_site_add_room (site, manager, "Room 1", NULL, &error));
  g_assert_true (vigil_site_add_room (site, manager, "Room 2", NULL, &error));
  g_assert_true (vigil_site_add_camera (site, manager, room_camera, NULL, NULL, NULL, &error));
  g_assert_true (vigil_site_add_camera (site, manager, hall, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  add_family (site, manager, "FAM-1", "Room 1", VIGIL_STATE_STAGE_3);
  add_family (site, manager, "FAM-2", "Room 2", VIGIL_STATE_STAGE_1);

  change = vigil_site_set_stage (site, manager, "FAM-1", VIGIL_STATE_STAGE_4,
                                 vigil_site_now (site) + 10 * G_TIME_SPAN_DAY, "good progress",
                                 "Placement Update 7", NULL, &error);
  g_assert_no_error (error);
  cli->scheduled_change = vigil_stage_change_get_id (change);
  changes = vigil_site_list_stage_changes (site, "FAM-1", &error);
  g_assert_no_error (error);
  cli->admission_change = vigil_stage_change_get_id (g_ptr_array_index (changes, 0));
  added = vigil_site_add_window (site, manager, "FAM-1", window, &error);
  g_assert_no_error (error);
  cli->window = vigil_window_get_id (added);
  override = vigil_site_start_override (site, manager, "FAM-1", "bruise seen at handover", 4, &error);
  g_assert_no_error (error);
  request = vigil_site_request_watch (site, olive, "FAM-1", "unsettled", &error);
  g_assert_no_error (error);
  duty = vigil_site_start_duty (site, olive, "FAM-2", NULL, &error);
  g_assert_no_error (error);
  note = vigil_site_add_note (site, olive, "FAM-1", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "Settled at 20:00.", &error);
  g_assert_no_error (error);
  cli->note = vigil_note_get_id (note);
}

static void
cli_tear_down (Cli           *cli,
               gconstpointer  data)
{
  vigil_test_remove_dir (cli->dir);
  vigil_test_remove_dir (cli->files);
  g_clear_pointer (&cli->dir, g_free);
  g_clear_pointer (&cli->files, g_free);
}

/* The trail's length and newest entry, as a reader of the file sees them. */
static char *
trail_state (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSite) site = vigil_site_open (dir, &error);
  g_autoptr(GPtrArray) entries = NULL;
  VigilAuditEntry *last;

  g_assert_no_error (error);
  entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (entries, entries->len - 1);
  return g_strdup_printf ("%u entries, last #%" G_GINT64_FORMAT " %s %s %s", entries->len,
                          vigil_audit_entry_get_seq (last), vigil_audit_entry_get_action (last),
                          vigil_audit_entry_get_object (last), vigil_audit_entry_get_reason (last));
}

typedef struct
{
  const char *needle;
  const char *stdin_text;   /* NULL: the manager's password alone */
  const char *args[16];
} BadLine;

/* Every changing verb, with lines it must refuse before the login: the
 * trail is exactly as it was after each. */
static void
test_bad_lines_write_nothing (Cli           *cli,
                              gconstpointer  data)
{
  g_autofree char *ok = file_in (cli, "ok.txt", "Fine night.\n");
  g_autofree char *rlo = file_in (cli, "rlo.txt", "Slept.\nWoke at \xe2\x80\xae" "0300\n");
  g_autofree char *missing = g_build_filename (cli->files, "missing.txt", NULL);
  g_autofree char *scheduled = g_strdup_printf ("%" G_GINT64_FORMAT, cli->scheduled_change);
  g_autofree char *admission = g_strdup_printf ("%" G_GINT64_FORMAT, cli->admission_change);
  g_autofree char *window = g_strdup_printf ("%" G_GINT64_FORMAT, cli->window);
  g_autofree char *note = g_strdup_printf ("%" G_GINT64_FORMAT, cli->note);
  g_autofree char *long_line = g_strnfill (2000, 'p');
  g_autofree char *long_stdin = g_strconcat (MGR_STDIN, long_line, "\n", NULL);
  const char *as[] = { "--as", VIGIL_TEST_MANAGER, "--password-stdin" };
  const BadLine lines[] = {
    /* staff */
    { "display name", MGR_STDIN "new-password\n", { "staff", "add", "eve", "--name", "Eve\n#99", "--band", "3", "--role", "operator" } },
    { "reason", MGR_STDIN "new-password\n", { "staff", "add", "eve", "--name", "Eve", "--band", "3", "--role", "operator", "--reason", FORGED } },
    { "bad username", MGR_STDIN "new-password\n", { "staff", "add", "Eve!", "--name", "Eve", "--band", "3", "--role", "operator" } },
    { "already exists", MGR_STDIN "new-password\n", { "staff", "add", OPERATOR, "--name", "Olive", "--band", "3", "--role", "operator" } },
    { "missing from line 2", MGR_STDIN, { "staff", "add", "eve", "--name", "Eve", "--band", "3", "--role", "operator" } },
    { "too long for a password", long_stdin, { "staff", "add", "eve", "--name", "Eve", "--band", "3", "--role", "operator" } },
    { "reason", MGR_STDIN "new-password\n", { "staff", "set-password", OPERATOR, "--reason", FORGED } },
    { "too short", MGR_STDIN "short\n", { "staff", "set-password", OPERATOR } },
    { "no staff member", MGR_STDIN "new-password\n", { "staff", "set-password", "nobody" } },
    { "reason", NULL, { "staff", "deactivate", OPERATOR, "--reason", FORGED } },
    { "last active manager", NULL, { "staff", "deactivate", VIGIL_TEST_MANAGER } },
    { "on duty", NULL, { "staff", "deactivate", OPERATOR } },
    { "in the future", NULL, { "staff", "competency", OPERATOR, "--assessed", "2999-01-01", "--refresher-due", "3000-01-01" } },
    { "reason", NULL, { "staff", "competency", OPERATOR, "--assessed", "2026-11-01", "--refresher-due", "2027-11-01", "--reason", FORGED } },
    /* settings */
    { "reason", NULL, { "settings", "set", "lockout-minutes", "20", "--reason", FORGED } },
    { "tz database name", NULL, { "settings", "set", "time-zone", "/etc/localtime" } },
    { "tz database name", NULL, { "settings", "set", "time-zone", "../../x" } },
    { "whole number", NULL, { "settings", "set", "lockout-minutes", "20\n#99" } },
    { "unknown setting", NULL, { "settings", "set", "colour", "blue" } },
    /* rooms and cameras */
    { "room name", NULL, { "room", "add", "Room\x1b[2J" } },
    { "bathroom", NULL, { "room", "add", "Bathroom 2" } },
    { "reason", NULL, { "room", "add", "Room 3", "--reason", FORGED } },
    { "username or password", NULL, { "camera", "add", "Cam 9", "--location", "communal", "--url", "rtsp://admin:pw@h/x" } },
    { "URL", NULL, { "camera", "add", "Cam 9", "--location", "communal", "--url", "rtsp://h/\x1b[2J" } },
    { "reason", NULL, { "camera", "add", "Cam 9", "--location", "communal", "--url", "rtsp://h/x", "--reason", FORGED } },
    { "no room", NULL, { "camera", "add", "Cam 9", "--location", "family-room", "--room", "Nowhere", "--url", "rtsp://h/x" } },
    { "camera's password is missing", MGR_STDIN, { "camera", "add", "Cam 9", "--location", "communal", "--url", "rtsp://h/x", "--username", "admin" } },
    /* families */
    { "family label", NULL, { "family", "add", "FAM-3", "--label", "A\xe2\x80\x8b" "B", "--room", "Room 1", "--admitted", "2026-11-01", "--stage", "1" } },
    { "reason", NULL, { "family", "add", "FAM-3", "--label", "AB", "--room", "Room 1", "--admitted", "2026-11-01", "--stage", "1", "--reason", FORGED } },
    { "already has family", NULL, { "family", "add", "FAM-3", "--label", "AB", "--room", "Room 1", "--admitted", "2026-11-01", "--stage", "1" } },
    { "in the future", NULL, { "family", "agreement", "FAM-1", "--signed", "2999-01-01" } },
    { "before the latest", NULL, { "family", "agreement", "FAM-1", "--signed", "2026-10-01" } },
    { "reason", NULL, { "family", "agreement", "FAM-1", "--signed", "2026-11-20", "--reason", FORGED } },
    { "between the admission", NULL, { "family", "discharge", "FAM-1", "--date", "2999-01-01" } },
    { "between the admission", NULL, { "family", "discharge", "FAM-1", "--date", "2026-10-01" } },
    { "reason", NULL, { "family", "discharge", "FAM-1", "--reason", FORGED } },
    { "on duty watching", NULL, { "family", "discharge", "FAM-2" } },
    /* stages, windows, overrides */
    { "reason", NULL, { "stage", "set", "FAM-1", "2", "--reason", FORGED } },
    { "evidence", NULL, { "stage", "set", "FAM-1", "off", "--reason", "ready" } },
    { "no stage change number", NULL, { "stage", "cancel", "FAM-1", "99999", "--reason", "changed plan" } },
    { "already taken effect", NULL, { "stage", "cancel", "FAM-1", admission, "--reason", "changed plan" } },
    { "reason", NULL, { "stage", "cancel", "FAM-1", scheduled, "--reason", FORGED } },
    { "purpose", NULL, { "window", "add", "FAM-1", "--days", "tue", "--start", "19:00", "--end", "20:00", "--purpose", "bath\xe2\x80\xa8time" } },
    { "window", NULL, { "window", "remove", "99999" } },
    { "reason", NULL, { "window", "remove", window, "--reason", FORGED } },
    { "rationale", NULL, { "override", "start", "FAM-1", "--rationale", "new\nconcern" } },
    { "no safeguarding override is running", NULL, { "override", "end", "FAM-2", "--reason", "resolved" } },
    { "reason", NULL, { "override", "end", "FAM-1", "--reason", FORGED } },
    /* duties, requests, notes */
    { "reason", NULL, { "watch", "request", "FAM-2", "--reason", FORGED } },
    { "already watched", NULL, { "watch", "request", "FAM-2" } },
    { "already", NULL, { "duty", "start", "FAM-2" } },
    { "no family", NULL, { "duty", "start", "NOPE" } },
    { "no staff member", NULL, { "duty", "start", "FAM-1", "--for", "nobody" } },
    { "too long", NULL, { "duty", "end", "FAM-2", "--summary-file", "/dev/zero" } },
    { "U+202E", NULL, { "duty", "end", "FAM-2", "--summary-file", rlo } },
    { "nobody is on duty", NULL, { "duty", "end", "FAM-1", "--summary-file", ok } },
    { "cannot read", NULL, { "duty", "end", "FAM-2", "--summary-file", missing } },
    { "too long", NULL, { "duty", "handover", "FAM-2", "--to", LEAD, "--summary-file", "/dev/zero" } },
    { "no staff member", NULL, { "duty", "handover", "FAM-2", "--to", "nobody", "--summary-file", ok } },
    { "too long", NULL, { "note", "add", "FAM-1", "--file", "/dev/zero" } },
    { "U+202E", NULL, { "note", "add", "FAM-1", "--file", rlo } },
    { "no family", NULL, { "note", "add", "NOPE", "--file", ok } },
    { "malformed note number", NULL, { "note", "addendum", "abc", "--file", ok } },
    { "too long", NULL, { "note", "addendum", note, "--file", "/dev/zero" } },
  };
  g_autofree char *before = trail_state (cli->dir);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *after = NULL;

      g_ptr_array_add (args, (gpointer) "--data-dir");
      g_ptr_array_add (args, cli->dir);
      for (guint j = 0; j < G_N_ELEMENTS (as); j++)
        g_ptr_array_add (args, (gpointer) as[j]);
      for (guint j = 0; lines[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) lines[i].args[j]);
      g_ptr_array_add (args, NULL);

      g_test_message ("line %u: %s %s", i, lines[i].args[0], lines[i].args[1]);
      vigilctl_run (&run, lines[i].stdin_text ? lines[i].stdin_text : MGR_STDIN, NULL,
                    (const char * const *) args->pdata);
      assert_bad_input (&run, lines[i].needle);
      after = trail_state (cli->dir);
      g_assert_cmpstr (after, ==, before);
    }

  /* A name that can be no one's, after --as, is bad input too. */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *after = NULL;

    vigilctl (&run, cli->dir, MGR_STDIN, "--as", "mgr\n#99", "--password-stdin", "room", "add", "Room 3", NULL);
    assert_bad_input (&run, "--as: bad username");
    after = trail_state (cli->dir);
    g_assert_cmpstr (after, ==, before);
  }

  /* The same harness sees a good line write: login and change. */
  {
    g_auto(Run) run = { 0 };
    g_autofree char *after = NULL;

    vigilctl (&run, cli->dir, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "room", "add", "Room 3",
              "--reason", "new wing", NULL);
    g_assert_cmpint (run.status, ==, 0);
    after = trail_state (cli->dir);
    g_assert_cmpstr (after, !=, before);
    g_assert_nonnull (strstr (after, "room-added room:Room 3 new wing"));
  }
}

/* What someone with the file wrote around Vigil, straight into SQLite. */
static void
raw_update (sqlite3    *db,
            const char *sql,
            const char *value)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), >=, 1);
  sqlite3_finalize (stmt);
}

static void
fill_with_hostile_text (const char *dir)
{
  sqlite3 *raw = vigil_test_open_raw (dir);

  vigil_test_exec_raw (raw, "DROP TRIGGER IF EXISTS notes_no_update");
  raw_update (raw, "UPDATE staff SET display_name = ? WHERE username = 'olive'", HOSTILE);
  raw_update (raw, "UPDATE staff SET competency_refresher_due = ? WHERE username = 'terry'", HOSTILE);
  raw_update (raw, "UPDATE rooms SET name = ? WHERE name = 'Room 2'", HOSTILE " not utf-8 \xff");
  raw_update (raw, "UPDATE cameras SET name = ?1, url = ?1 || url WHERE name = 'Hall'", HOSTILE);
  raw_update (raw, "UPDATE cameras SET url = ? WHERE name = 'Cam 1'", "rtsp://cam-1/" HOSTILE);
  raw_update (raw, "UPDATE families SET label = ? WHERE case_ref = 'FAM-1'", HOSTILE);
  raw_update (raw, "UPDATE windows SET purpose = ?", HOSTILE);
  raw_update (raw, "UPDATE overrides SET rationale = ?", HOSTILE);
  raw_update (raw, "UPDATE stage_changes SET reason = ?, evidence = ?1", HOSTILE);
  raw_update (raw, "UPDATE watch_requests SET reason = ?", HOSTILE);
  raw_update (raw, "UPDATE notes SET body = ?, author = ?1", HOSTILE "\n\tsecond line");
  raw_update (raw, "UPDATE settings SET value = ? WHERE key = 'site-name'", HOSTILE);
  raw_update (raw, "INSERT INTO audit (seq, at, actor, action, object, reason, detail, mac)"
                   " SELECT seq + 1, at, ?1, ?1, ?1, ?1, ?1, 'forged' FROM audit ORDER BY seq DESC LIMIT 1", HOSTILE);
  sqlite3_close (raw);
}

/* Listings never print a control character, whatever the file holds; JSON
 * escapes it and keeps the value; a forged line never starts a line. */
static void
test_listings_escape (Cli           *cli,
                      gconstpointer  data)
{
  /* PostgreSQL refuses text that is not UTF-8 before it is stored. */
  if (vigil_test_skip_on_postgres ("text that is not UTF-8, written straight into the SQLite file"))
    return;

  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 7);
  g_autofree char *from = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *to = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
  const char *hostile_camera = HOSTILE;
  const struct { gboolean json; const char *args[10]; } listings[] = {
    { TRUE, { "staff", "list" } },
    { TRUE, { "room", "list" } },
    { TRUE, { "camera", "list" } },
    { TRUE, { "family", "list", "--all" } },
    { TRUE, { "stage", "history", "FAM-1" } },
    { TRUE, { "window", "list", "FAM-1", "--all" } },
    { TRUE, { "override", "list", "FAM-1" } },
    { TRUE, { "coverage" } },
    { TRUE, { "notes", "FAM-1" } },
    { TRUE, { "audit", "list" } },
    { TRUE, { "settings", "list" } },
    { TRUE, { "policy", "explain", "--family", "FAM-1" } },
    { TRUE, { "policy", "explain", "--camera", "Cam 1" } },
    { TRUE, { "policy", "explain", "--camera", hostile_camera } },
    { TRUE, { "policy", "timeline", "FAM-1", "--from", from, "--to", to } },
  };

  fill_with_hostile_text (cli->dir);

  for (guint i = 0; i < G_N_ELEMENTS (listings); i++)
    for (guint json = 0; json <= (guint) listings[i].json; json++)
      {
        g_auto(Run) run = { 0 };
        g_autoptr(GPtrArray) args = g_ptr_array_new ();
        g_autofree char *what = NULL;

        g_ptr_array_add (args, (gpointer) "--data-dir");
        g_ptr_array_add (args, cli->dir);
        for (guint j = 0; listings[i].args[j] != NULL; j++)
          g_ptr_array_add (args, (gpointer) listings[i].args[j]);
        if (json)
          g_ptr_array_add (args, (gpointer) "--json");
        g_ptr_array_add (args, NULL);

        what = g_strjoinv (" ", (char **) args->pdata + 2);
        vigilctl_run (&run, NULL, NULL, (const char * const *) args->pdata);
        if (run.status != 0)
          g_error ("vigilctl %s failed (%d): %s", what, run.status, text_of (run.err));
        assert_printable_output (run.out, FALSE, what);
        assert_printable_output (run.err, FALSE, what);

        if (!json)
          {
            g_auto(GStrv) output_lines = g_strsplit (text_of (run.out), "\n", -1);

            for (guint l = 0; output_lines[l] != NULL; l++)
              if (g_str_has_prefix (output_lines[l], "#99 forged"))
                g_error ("vigilctl %s printed a forged line: %s", what, output_lines[l]);
          }
      }

  /* JSON keeps the value exactly, only escaped: what a program reads back
   * is what the file holds. */
  {
    g_auto(Run) run = { 0 };

    vigilctl (&run, cli->dir, NULL, "staff", "list", "--json", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (text_of (run.out),
                              "\"display_name\" : \"X\\u001b[2J\\r\\n#99 forged \\u202e\\u009b\\u0007 end\""));
  }

  /* The CSV export: CRLF record ends and line breaks inside a quoted body,
   * nothing else hidden. */
  {
    g_auto(Run) run = { 0 };

    vigilctl (&run, cli->dir, NULL, "notes", "FAM-1", "--csv", NULL);
    g_assert_cmpint (run.status, ==, 0);
    assert_printable_output (run.out, TRUE, "notes --csv");
    g_assert_nonnull (strstr (text_of (run.out), "\\x1b[2J\\r\n#99 forged"));
  }

  /* The audit trail lists the forged entry escaped, and verifies as broken. */
  {
    g_auto(Run) run = { 0 };

    vigilctl (&run, cli->dir, NULL, "audit", "verify", NULL);
    g_assert_cmpint (run.status, ==, 1);
    assert_printable_output (run.err, FALSE, "audit verify");
  }
}

/* Standard input is read as far as a command needs and no further, a line
 * at most as long as the longest password. */
static void
test_stdin_bounded (Cli           *cli,
                    gconstpointer  data)
{
  g_autofree char *before = trail_state (cli->dir);
  g_autofree char *endless = g_build_filename (cli->files, "endless.txt", NULL);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *after = NULL;

  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "--data-dir", cli->dir, "login-check", VIGIL_TEST_MANAGER, "--password-stdin", NULL };

    vigilctl_run (&run, NULL, "/dev/zero", args);
    assert_bad_input (&run, "nul byte");
  }
  {
    g_auto(Run) run = { 0 };
    g_autofree char *huge = g_strnfill (1024 * 1024, 'a');

    vigilctl (&run, cli->dir, huge, "login-check", VIGIL_TEST_MANAGER, "--password-stdin", NULL);
    assert_bad_input (&run, "too long for a password");
  }
  {
    g_auto(Run) run = { 0 };
    g_autofree char *nul = g_build_filename (cli->files, "nul.txt", NULL);
    const char *args[] = { "--data-dir", cli->dir, "login-check", VIGIL_TEST_MANAGER, "--password-stdin", NULL };

    g_assert_true (g_file_set_contents (nul, "manager\0pass\n", 13, NULL));
    vigilctl_run (&run, NULL, nul, args);
    assert_bad_input (&run, "nul byte");
  }

  /* None of those was a login attempt. */
  after = trail_state (cli->dir);
  g_assert_cmpstr (after, ==, before);

  /* Ten megabytes of password lines, as from "yes": one is read, and the
   * command does its work. */
  for (guint i = 0; i < 800000; i++)
    g_string_append (lines, MGR_STDIN);
  g_assert_true (g_file_set_contents (endless, lines->str, lines->len, NULL));
  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "--data-dir", cli->dir, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
                           "room", "add", "Room 4", NULL };

    vigilctl_run (&run, NULL, endless, args);
    g_assert_cmpint (run.status, ==, 0);
  }
}

/* An error quotes a short start of a bad value, escaped. */
static void
test_errors_quote_prefix (Cli           *cli,
                          gconstpointer  data)
{
  g_autoptr(GString) long_name = g_string_new ("Room \x1b[2J");
  g_auto(Run) run = { 0 };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (long_name, 'a' + i % 26);
  g_string_append (long_name, "TAIL");

  vigilctl (&run, cli->dir, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "room", "add",
            long_name->str, NULL);
  assert_bad_input (&run, "room name");
  g_assert_null (strstr (text_of (run.err), "TAIL"));
  g_assert_nonnull (strstr (text_of (run.err), "\\x1b[2J"));
  g_assert_cmpuint (g_bytes_get_size (run.err), <, 300);

  vigilctl (&run, cli->dir, NULL, long_name->str, NULL);
  assert_bad_input (&run, "unknown command");
  g_assert_null (strstr (text_of (run.err), "TAIL"));
  g_assert_cmpuint (g_bytes_get_size (run.err), <, 300);

  vigilctl (&run, cli->dir, NULL, "settings", "set", "time-zone", long_name->str, NULL);
  assert_bad_input (&run, "tz database name");
  g_assert_cmpuint (g_bytes_get_size (run.err), <, 300);

  /* GOption's own message quotes the option whole: cut too. */
  {
    g_autofree char *option = g_strconcat ("--", long_name->str, NULL);

    vigilctl (&run, cli->dir, NULL, "room", "list", option, NULL);
    assert_bad_input (&run, "room list: Unknown option");
    g_assert_cmpuint (g_bytes_get_size (run.err), <, 300);
  }

  /* A path is shown as typed, but never at any length. */
  {
    const char *args[] = { "--data-dir", long_name->str, "room", "list", NULL };

    vigilctl_run (&run, NULL, NULL, args);
    assert_bad_input (&run, "data folder");
    g_assert_cmpuint (g_bytes_get_size (run.err), <, 1100);
  }
}

/* The lock words are the same for an invented username as for a real one.
 * test-cli locks a real one through vigilctl already, and test-hardening-login
 * compares both in the core, so the quick run locks the invented one alone. */
static void
test_lock_words (Cli           *cli,
                 gconstpointer  data)
{
  static const char * const users[] = { "lena", LEAD };
  guint n_users = g_test_thorough () ? G_N_ELEMENTS (users) : 1;

  for (guint u = 0; u < n_users; u++)
    for (guint attempt = 1; attempt <= 5; attempt++)
      {
        g_auto(Run) run = { 0 };
        const char *err;

        vigilctl (&run, cli->dir, "not-the-password\n", "login-check", users[u], "--password-stdin", NULL);
        err = text_of (run.err);
        g_assert_cmpint (run.status, ==, 1);
        if (attempt < 5)
          g_assert_cmpstr (err, ==, "vigilctl: wrong username or password\n");
        else if (!g_regex_match_simple ("^vigilctl: locked after 5 failed attempts until \\d\\d:\\d\\d \\S+\\n$",
                                        err, 0, 0))
          g_error ("%s, attempt 5: “%s”", users[u], err);
      }
}

/* Two set-ups racing on a new folder leave exactly one working site; the
 * other is told so in one line. */
static void
test_init_race (void)
{
  /* Two rounds catch a loser that deletes the winner's file; the thorough
   * run (the slow suite) gives the race more chances. */
  guint rounds = g_test_thorough () ? 8 : 2;

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *top = vigil_test_make_dir ();
      g_autofree char *dir = g_build_filename (top, "site", NULL);
      const char *managers[] = { "alpha", "bravo" };
      GSubprocess *processes[2];
      int status[2];
      int winner = -1;

      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GError) error = NULL;

          processes[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                           g_getenv ("VIGILCTL"), "--data-dir", dir, "init", "--site-name",
                                           "Race Centre", "--manager", managers[i], "--password-stdin", NULL);
          g_assert_no_error (error);
        }
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;

          g_assert_true (g_subprocess_communicate_utf8 (processes[i], "race-password\n", NULL, &out, &err, &error));
          g_assert_no_error (error);
          status[i] = g_subprocess_get_exit_status (processes[i]);
          g_test_message ("round %u, %s: %d %s", round, managers[i], status[i], err);
          if (status[i] == 0)
            winner = i;
          else
            {
              g_assert_cmpint (status[i], ==, 2);
              g_assert_true (strstr (err, "another process is creating a site") != NULL ||
                             strstr (err, "already exists") != NULL);
              g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
            }
          g_object_unref (processes[i]);
        }

      g_assert_cmpint (winner, >=, 0);
      g_assert_cmpint (status[0] == 0 ? 1 : 0, ==, status[1] == 0 ? 0 : 1);
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(VigilSite) site = vigil_site_open (dir, &error);
        g_autoptr(VigilSession) session = NULL;
        g_autoptr(VigilStaff) loser = NULL;
        gint64 checked = 0;

        g_assert_no_error (error);
        session = vigil_test_login (site, managers[winner], "race-password");
        loser = vigil_site_lookup_staff (site, managers[1 - winner], &error);
        g_assert_null (loser);
        g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
        g_clear_error (&error);
        g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
        g_assert_no_error (error);
      }
      vigil_test_remove_dir (dir);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A child that rightly stops reading must not end this process. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add ("/hardening/cli/bad-lines-write-nothing", Cli, NULL, cli_set_up, test_bad_lines_write_nothing, cli_tear_down);
  g_test_add ("/hardening/cli/listings-escape", Cli, NULL, cli_set_up, test_listings_escape, cli_tear_down);
  g_test_add ("/hardening/cli/stdin-bounded", Cli, NULL, cli_set_up, test_stdin_bounded, cli_tear_down);
  g_test_add ("/hardening/cli/errors-quote-prefix", Cli, NULL, cli_set_up, test_errors_quote_prefix, cli_tear_down);
  g_test_add ("/hardening/cli/lock-words", Cli, NULL, cli_set_up, test_lock_words, cli_tear_down);
  g_test_add_func ("/hardening/cli/init-race", test_init_race);

  return g_test_run ();
}
