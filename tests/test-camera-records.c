/* test-camera-records.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-camera-records"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>

#include "vigil-secrets.h"
#include "vigil-site-centre-private.h"
#include "vigil-test-utils.h"

/* Camera records once registered: `vigilctl camera set`, `disable` and
 * `enable` driven as a manager would, on a real site and the real keyring;
 * and the order of the keyring write against the store's transaction, seen
 * by holding the file's write lock from another connection. */

#define MGR_STDIN          VIGIL_TEST_MANAGER_PASSWORD "\n"
#define LEAD               "terry"
#define LEAD_STDIN         "terry-password\n"
#define OLD_USERNAME       "cam-admin-7a31"
#define OLD_PASSWORD       "cam-Old-5e02c"
#define NEW_USERNAME       "cam-viewer-90be"
#define NEW_PASSWORD       "cam-New-b17d4"

typedef struct
{
  char *dir;
  char *site_dir;
} Cli;

static void
vigilctl (Cli         *cli,
          int         *status,
          char       **out,
          char       **err,
          const char  *stdin_text,
          ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  const char *arg;
  va_list ap;

  g_strv_builder_add_many (builder, "--data-dir", cli->site_dir, NULL);
  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (ap);
  args = g_strv_builder_end (builder);

  vigil_test_run_vigilctlv (stdin_text, status, out, err, (const char * const *) args);
}

#define OK(cli, out, stdin_text, ...) \
  G_STMT_START { \
    int status_ = -1; \
    g_autofree char *err_ = NULL; \
    vigilctl ((cli), &status_, (out), &err_, (stdin_text), __VA_ARGS__, NULL); \
    if (status_ != 0) \
      g_error ("vigilctl failed (%d): %s", status_, err_); \
  } G_STMT_END

static void
make_site (const char *site_dir)
{
  Cli cli = { NULL, (char *) site_dir };
  g_autofree char *out = NULL;

  OK (&cli, &out, MGR_STDIN, "init", "--site-name", "Camera Centre", "--manager", VIGIL_TEST_MANAGER,
      "--password-stdin");
  OK (&cli, &out, MGR_STDIN LEAD_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin",
      "staff", "add", LEAD, "--name", "Terry Lead", "--band", "6", "--role", "team-lead",
      "--competent-since", "2026-01-01", "--refresher-due", "2099-01-01");
  OK (&cli, &out, MGR_STDIN OLD_PASSWORD "\n", "--as", VIGIL_TEST_MANAGER, "--password-stdin",
      "camera", "add", "Lounge", "--location", "communal", "--url", "rtsp://lounge.local/main",
      "--sub-url", "rtsp://lounge.local/sub", "--username", OLD_USERNAME);
}

static void
cli_setup (Cli           *cli,
           gconstpointer  data)
{
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) error = NULL;

  cli->site_dir = vigil_test_site_copy (make_site);
  cli->dir = g_path_get_dirname (cli->site_dir);

  /* Copies share the site's id, and so its keyring items: each case starts
   * from the credentials the site was made with. */
  site = vigil_test_site_open (cli->site_dir);
  g_assert_true (vigil_secrets_store_camera_credentials (vigil_site_get_id (site), "Lounge", OLD_USERNAME,
                                                         OLD_PASSWORD, NULL, &error));
  g_assert_no_error (error);
}

static void
cli_teardown (Cli           *cli,
              gconstpointer  data)
{
  g_autoptr(VigilSite) site = vigil_test_site_open (cli->site_dir);

  vigil_secrets_clear_camera_credentials (vigil_site_get_id (site), "Lounge", NULL, NULL);
  vigil_secrets_clear_camera_credentials (vigil_site_get_id (site), "Gate", NULL, NULL);
  g_clear_object (&site);
  vigil_test_remove_dir (cli->dir);
  g_clear_pointer (&cli->site_dir, g_free);
  g_clear_pointer (&cli->dir, g_free);
}

/* The trail's entries from the end (0: the last). */
static VigilAuditEntry *
audit_from_end (const char *site_dir,
                guint       back)
{
  g_autoptr(VigilSite) site = vigil_test_site_open (site_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, back);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1 - back));
}

static gint64
audit_count (const char *site_dir)
{
  g_autoptr(VigilSite) site = vigil_test_site_open (site_dir);

  return vigil_test_count_audit (site);
}

/* The whole trail as text: actions, objects, reasons and details. */
static char *
audit_text (const char *site_dir)
{
  g_autoptr(VigilSite) site = vigil_test_site_open (site_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (text, "%s %s %s %s\n", vigil_audit_entry_get_action (entry),
                              vigil_audit_entry_get_object (entry), vigil_audit_entry_get_reason (entry),
                              vigil_audit_entry_get_detail (entry));
    }
  return g_string_free (text, FALSE);
}

static JsonObject *
listed_camera (Cli        *cli,
               JsonParser *parser,
               const char *name)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *cameras;

  OK (cli, &out, NULL, "camera", "list", "--json");
  g_assert_null (strstr (out, OLD_PASSWORD));
  g_assert_null (strstr (out, NEW_PASSWORD));
  g_assert_null (strstr (out, NEW_USERNAME));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  cameras = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (cameras); i++)
    {
      JsonObject *camera = json_array_get_object_element (cameras, i);

      if (g_strcmp0 (json_object_get_string_member (camera, "name"), name) == 0)
        return camera;
    }
  g_error ("camera %s is not listed: %s", name, out);
}

static void
assert_audit (Cli        *cli,
              const char *action,
              const char *object,
              const char *reason,
              const char *detail)
{
  g_autoptr(VigilAuditEntry) entry = audit_from_end (cli->site_dir, 0);

  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, VIGIL_TEST_MANAGER);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, action);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, object);
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, reason);
  g_assert_cmpstr (vigil_audit_entry_get_detail (entry), ==, detail);
}

static void
assert_credentials (Cli        *cli,
                    const char *username,
                    const char *password)
{
  g_autoptr(VigilSite) site = vigil_test_site_open (cli->site_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_username = NULL;
  g_autofree char *stored_password = NULL;

  g_assert_true (vigil_site_lookup_camera_credentials (site, "Lounge", &stored_username, &stored_password,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpstr (stored_username, ==, username);
  g_assert_cmpstr (stored_password, ==, password);
}

/* camera set: each option changes what the listing shows, and the trail
 * names the change, never a credential. */
static void
test_set (Cli           *cli,
          gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *trail = NULL;
  JsonObject *camera;

  OK (cli, &out, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "camera", "set", "lounge",
      "--url", "rtsps://lounge.local/main2", "--audio", "--reason", "new firmware");
  g_assert_nonnull (strstr (out, "Changed camera lounge"));
  camera = listed_camera (cli, parser, "Lounge");
  g_assert_cmpstr (json_object_get_string_member (camera, "url"), ==, "rtsps://lounge.local/main2");
  g_assert_cmpstr (json_object_get_string_member (camera, "sub_url"), ==, "rtsp://lounge.local/sub");
  g_assert_true (json_object_get_boolean_member (camera, "has_audio"));
  assert_audit (cli, "camera-changed", "camera:Lounge", "new firmware",
                "url=rtsps://lounge.local/main2 previous_url=rtsp://lounge.local/main audio=yes previous_audio=no");
  assert_credentials (cli, OLD_USERNAME, OLD_PASSWORD);

  OK (cli, &out, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "camera", "set", "Lounge",
      "--no-sub-url", "--no-audio");
  camera = listed_camera (cli, parser, "Lounge");
  g_assert_true (json_object_get_null_member (camera, "sub_url"));
  g_assert_false (json_object_get_boolean_member (camera, "has_audio"));
  assert_audit (cli, "camera-changed", "camera:Lounge", "",
                "sub_url=- previous_sub_url=rtsp://lounge.local/sub audio=no previous_audio=yes");

  /* New credentials: the keyring holds them, the trail only says so. */
  OK (cli, &out, MGR_STDIN NEW_PASSWORD "\n", "--as", VIGIL_TEST_MANAGER, "--password-stdin",
      "camera", "set", "Lounge", "--username", NEW_USERNAME, "--sub-url", "rtsp://lounge.local/low");
  g_assert_null (strstr (out, NEW_PASSWORD));
  assert_credentials (cli, NEW_USERNAME, NEW_PASSWORD);
  assert_audit (cli, "camera-changed", "camera:Lounge", "",
                "sub_url=rtsp://lounge.local/low previous_sub_url=- credentials=replaced");
  camera = listed_camera (cli, parser, "Lounge");
  g_assert_cmpstr (json_object_get_string_member (camera, "sub_url"), ==, "rtsp://lounge.local/low");

  trail = audit_text (cli->site_dir);
  g_assert_null (strstr (trail, NEW_USERNAME));
  g_assert_null (strstr (trail, NEW_PASSWORD));
  g_assert_null (strstr (trail, OLD_USERNAME));
  g_assert_null (strstr (trail, OLD_PASSWORD));
}

/* disable and enable: the listing says so both ways, each is audited, and
 * doing it twice is refused. */
static void
test_disable_enable (Cli           *cli,
                     gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 entries;
  int status = -1;

  OK (cli, &out, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "camera", "disable", "Lounge",
      "--reason", "lens cracked");
  g_assert_nonnull (strstr (out, "Disabled camera Lounge"));
  g_assert_false (json_object_get_boolean_member (listed_camera (cli, parser, "Lounge"), "enabled"));
  assert_audit (cli, "camera-disabled", "camera:Lounge", "lens cracked", "");
  OK (cli, &out, NULL, "camera", "list");
  vigil_test_assert_matches (out, "^Lounge +communal +- +no +disabled +rtsp://lounge.local/main$");

  /* A second disable is refused before the login: the trail stays. */
  entries = audit_count (cli->site_dir);
  vigilctl (cli, &status, &out, &err, "wrong-password\n", "--as", VIGIL_TEST_MANAGER, "--password-stdin",
            "camera", "disable", "Lounge", NULL);
  g_assert_cmpint (status, ==, 2);
  vigil_test_assert_one_line_error (err, "camera Lounge is already disabled");
  g_assert_cmpint (audit_count (cli->site_dir), ==, entries);

  OK (cli, &out, MGR_STDIN, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "camera", "enable", "LOUNGE");
  g_assert_true (json_object_get_boolean_member (listed_camera (cli, parser, "Lounge"), "enabled"));
  assert_audit (cli, "camera-enabled", "camera:Lounge", "", "");
  assert_credentials (cli, OLD_USERNAME, OLD_PASSWORD);
}

/* A team lead may not change cameras: refused, naming the permission, and
 * the refusal audited as every permission refusal is. Nothing changes. */
static void
test_permission_refused (Cli           *cli,
                         gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  struct {
    const char *doing;
    const char *args[6];
  } cases[] = {
    { "change a camera", { "camera", "set", "Lounge", "--url", "rtsp://evil.local/x" } },
    { "disable a camera", { "camera", "disable", "Lounge" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigilAuditEntry) entry = NULL;

      vigilctl (cli, &status, &out, &err, LEAD_STDIN, "--as", LEAD, "--password-stdin", cases[i].args[0],
                cases[i].args[1], cases[i].args[2], cases[i].args[3], cases[i].args[4], NULL);
      g_assert_cmpint (status, ==, 2);
      vigil_test_assert_one_line_error (err, "needs the manage-cameras permission");
      entry = audit_from_end (cli->site_dir, 0);
      g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, LEAD);
      g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "permission-refused");
      g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "manage-cameras");
      g_assert_cmpstr (vigil_audit_entry_get_detail (entry), ==, cases[i].doing);
    }

  g_assert_cmpstr (json_object_get_string_member (listed_camera (cli, parser, "Lounge"), "url"), ==,
                   "rtsp://lounge.local/main");
  g_assert_true (json_object_get_boolean_member (listed_camera (cli, parser, "Lounge"), "enabled"));
}

/* Bad input: exit 2, one line, checked before the login (a wrong acting
 * password is given and no login reaches the trail); no URL is quoted, nor
 * any credential. */
static void
test_bad_input (Cli           *cli,
                gconstpointer  data)
{
  gint64 entries = audit_count (cli->site_dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  struct {
    const char *needle;
    const char *stdin_text;
    const char *args[8];
  } cases[] = {
    { "say what changes", NULL, { "camera", "set", "Lounge" } },
    { "no camera “Hall”", NULL, { "camera", "set", "Hall", "--audio" } },
    { "no camera “Hall”", NULL, { "camera", "enable", "Hall" } },
    { "already has these settings", NULL, { "camera", "set", "Lounge", "--url", "rtsp://lounge.local/main" } },
    { "already enabled", NULL, { "camera", "enable", "Lounge" } },
    { "--audio or --no-audio", NULL, { "camera", "set", "Lounge", "--audio", "--no-audio" } },
    { "--sub-url or --no-sub-url", NULL, { "camera", "set", "Lounge", "--sub-url", "rtsp://h/s", "--no-sub-url" } },
    { "rtsp://", NULL, { "camera", "set", "Lounge", "--url", "http://h/a?secret-path" } },
    { "sub-stream URL", NULL, { "camera", "set", "Lounge", "--sub-url", "" } },
    { "holds a username or password", NULL, { "camera", "set", "Lounge", "--url", "rtsp://admin:" NEW_PASSWORD "@h/a" } },
    { "“password=” parameter", NULL, { "camera", "set", "Lounge", "--sub-url", "rtsp://h/s?password=" NEW_PASSWORD } },
    { "the camera's password is missing", "wrong-password\n", { "camera", "set", "Lounge", "--username", NEW_USERNAME } },
    { "camera username", "wrong-password\n" NEW_PASSWORD "\n", { "camera", "set", "Lounge", "--username", " spaced " } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) args = NULL;

      g_strv_builder_add_many (builder, "--data-dir", cli->site_dir, "--as", VIGIL_TEST_MANAGER,
                               "--password-stdin", NULL);
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_strv_builder_add (builder, cases[i].args[j]);
      args = g_strv_builder_end (builder);

      vigil_test_run_vigilctlv (cases[i].stdin_text ? cases[i].stdin_text : "wrong-password\n",
                                &status, &out, &err, (const char * const *) args);
      g_test_message ("case %u: %s", i, err);
      g_assert_cmpint (status, ==, 2);
      vigil_test_assert_one_line_error (err, cases[i].needle);
      g_assert_null (strstr (err, NEW_PASSWORD));
      g_assert_null (strstr (err, "secret-path"));
      g_assert_cmpstr (out, ==, "");
    }

  g_assert_cmpint (audit_count (cli->site_dir), ==, entries);
  assert_credentials (cli, OLD_USERNAME, OLD_PASSWORD);
}

/* The keyring against the store's lock
 * ------------------------------------------------------------------------
 *
 * Another connection holds the file's write lock; an add runs on the site's
 * worker meanwhile. The camera's keyring item is written while the add
 * still waits for the lock, so a slow keyring never holds it. */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Pending;

static void
add_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Pending *pending = user_data;

  pending->ok = vigil_site_add_camera_finish (VIGIL_SITE (source), result, &pending->error);
  pending->done = TRUE;
}

/* Waits, with a deadline well inside the store's busy timeout, until the
 * keyring holds @password for @camera. */
static gboolean
wait_for_keyring (VigilSite  *site,
                  const char *camera,
                  const char *password)
{
  gint64 deadline = g_get_monotonic_time () + 8 * G_TIME_SPAN_SECOND;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *username = NULL;
      g_autofree char *stored = NULL;

      g_assert_true (vigil_secrets_lookup_camera_credentials (vigil_site_get_id (site), camera, &username,
                                                              &stored, NULL, NULL));
      if (g_strcmp0 (stored, password) == 0)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
  return FALSE;
}

static VigilTestRaw *
hold_write_lock (const char *site_dir)
{
  VigilTestRaw *raw = vigil_test_raw_connect (site_dir);

  vigil_test_raw_lock (raw);
  return raw;
}

static void
release_write_lock (VigilTestRaw *raw,
                    const char   *sql)
{
  vigil_test_raw_run (raw, sql, NULL);
  vigil_test_raw_close (raw);
}

static void
wait_for (Pending *pending)
{
  while (!pending->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The item is written before the transaction: it is there while the add
 * waits for the lock, and the add completes once the lock is free. */
static void
test_keyring_before_transaction (Cli           *cli,
                                 gconstpointer  data)
{
  g_autoptr(VigilSite) site = vigil_test_site_open (cli->site_dir);
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Gate", VIGIL_LOCATION_COMMUNAL, NULL,
                                                    "rtsp://gate.local/main", NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Pending pending = { 0 };
  VigilTestRaw *db;

  manager = vigil_site_login (site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, "test", &error);
  g_assert_no_error (error);

  db = hold_write_lock (cli->site_dir);
  vigil_site_add_camera_async (site, manager, camera, NEW_USERNAME, NEW_PASSWORD, NULL, NULL, add_done, &pending);
  g_assert_true (wait_for_keyring (site, "Gate", NEW_PASSWORD));
  g_assert_false (pending.done);
  release_write_lock (db, "ROLLBACK");

  wait_for (&pending);
  g_assert_no_error (pending.error);
  g_assert_true (pending.ok);
  g_clear_object (&camera);
  camera = vigil_site_lookup_camera (site, "Gate", &error);
  g_assert_no_error (error);
  g_assert_true (vigil_camera_get_enabled (camera));
}

/* A camera of the same name races in while the add waits for the lock: the
 * insert refuses the duplicate, and the winner's credentials stay, whether
 * the winner wrote them after the loser (@winner_first FALSE) or before. */
static void
test_duplicate_race (Cli           *cli,
                     gconstpointer  data)
{
  gboolean winner_first = GPOINTER_TO_INT (data);
  g_autoptr(VigilSite) site = vigil_test_site_open (cli->site_dir);
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Gate", VIGIL_LOCATION_COMMUNAL, NULL,
                                                    "rtsp://gate.local/main", NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  gint64 entries;
  Pending pending = { 0 };
  VigilTestRaw *db;

  manager = vigil_site_login (site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, "test", &error);
  g_assert_no_error (error);
  entries = vigil_test_count_audit (site);

  if (winner_first)
    g_assert_true (vigil_secrets_store_camera_credentials (vigil_site_get_id (site), "Gate", OLD_USERNAME,
                                                           OLD_PASSWORD, NULL, &error));
  db = hold_write_lock (cli->site_dir);
  vigil_site_add_camera_async (site, manager, camera, NEW_USERNAME, NEW_PASSWORD, NULL, NULL, add_done, &pending);
  g_assert_true (wait_for_keyring (site, "Gate", NEW_PASSWORD));

  /* The winner, through the connection holding the lock. */
  vigil_test_raw_run (db, "INSERT INTO cameras (name, location, url, created_at)"
                      " VALUES ('GATE', 'communal', 'rtsp://winner.local/main', 1)", NULL);
  if (!winner_first)
    g_assert_true (vigil_secrets_store_camera_credentials (vigil_site_get_id (site), "Gate", OLD_USERNAME,
                                                           OLD_PASSWORD, NULL, &error));
  release_write_lock (db, "COMMIT");

  wait_for (&pending);
  g_assert_false (pending.ok);
  g_assert_error (pending.error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_assert_null (strstr (pending.error->message, NEW_PASSWORD));
  g_clear_error (&pending.error);

  g_assert_true (vigil_secrets_lookup_camera_credentials (vigil_site_get_id (site), "Gate", &username, &password,
                                                          NULL, &error));
  g_assert_cmpstr (username, ==, OLD_USERNAME);
  g_assert_cmpstr (password, ==, OLD_PASSWORD);
  g_assert_cmpint (vigil_test_count_audit (site), ==, entries);
}

/* A refused add (here, the name taken before it started) never touches the
 * keyring item of the camera that has the name. */
static void
test_duplicate_refused (Cli           *cli,
                        gconstpointer  data)
{
  g_autoptr(VigilSite) site = vigil_test_site_open (cli->site_dir);
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilCamera) camera = vigil_camera_new ("LOUNGE", VIGIL_LOCATION_COMMUNAL, NULL,
                                                    "rtsp://other.local/main", NULL, FALSE);
  g_autoptr(GError) error = NULL;

  manager = vigil_site_login (site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, "test", &error);
  g_assert_no_error (error);
  g_assert_false (vigil_site_add_camera (site, manager, camera, NEW_USERNAME, NEW_PASSWORD, NULL, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  assert_credentials (cli, OLD_USERNAME, OLD_PASSWORD);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/camera-records/set", Cli, NULL, cli_setup, test_set, cli_teardown);
  g_test_add ("/camera-records/disable-enable", Cli, NULL, cli_setup, test_disable_enable, cli_teardown);
  g_test_add ("/camera-records/permission-refused", Cli, NULL, cli_setup, test_permission_refused, cli_teardown);
  g_test_add ("/camera-records/bad-input", Cli, NULL, cli_setup, test_bad_input, cli_teardown);
  g_test_add ("/camera-records/keyring-before-transaction", Cli, NULL, cli_setup,
              test_keyring_before_transaction, cli_teardown);
  g_test_add ("/camera-records/duplicate-race/winner-after", Cli, GINT_TO_POINTER (FALSE), cli_setup,
              test_duplicate_race, cli_teardown);
  g_test_add ("/camera-records/duplicate-race/winner-before", Cli, GINT_TO_POINTER (TRUE), cli_setup,
              test_duplicate_race, cli_teardown);
  g_test_add ("/camera-records/duplicate-refused", Cli, NULL, cli_setup, test_duplicate_refused, cli_teardown);

  return g_test_run ();
}
