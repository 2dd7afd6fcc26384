/* test-machines.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>

#include "vigil-secrets.h"
#include "vigil-test-utils.h"

/* One site, several machines, each with a home, a D-Bus session and a
 * keyring of its own (tests/other-machine.sh), sharing only the session's
 * PostgreSQL cluster, reached over TLS with a password: a machine joins with
 * an invitation sealed by a passphrase, and the site's key, the cameras'
 * credentials and the database's password reach its keyring that way and
 * no other; a revoked machine is refused; two machines racing for one
 * family's duty leave one duty; a change made on one is in another's list
 * model within a second. This process is the site's first machine. */

#define MANAGER_STDIN   VIGIL_TEST_MANAGER_PASSWORD "\n"
#define PASSPHRASE      "the wall by the stairs, 2026"
#define INVITE_STDIN    VIGIL_TEST_MANAGER_PASSWORD "\n" PASSPHRASE "\n"
#define CAMERA_PASSWORD "cam-secret-9137"
#define OPERATOR_PASSWORD "operator-pass-1"

static const char *self_path;

typedef struct
{
  char *parent;
  char *dir;       /* this machine's data folder */
  char *url;
  char *role;
  char *site_id;
} Site;

/* Runs vigilctl (or, for ARGS starting with "--secrets", this program, and
 * for "--recorder", vigil-recorder) as the machine whose home is @machine. */
static void
run_on (const char  *machine,
        const char  *stdin_text,
        int         *status,
        char       **out,
        char       **err,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "other-machine.sh", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) machine);
  va_start (args, err);
  arg = va_arg (args, const char *);
  if (g_str_equal (arg, "--recorder"))
    {
      g_ptr_array_add (argv, (gpointer) g_getenv ("VIGIL_RECORDER"));
      arg = va_arg (args, const char *);
    }
  else
    g_ptr_array_add (argv, (gpointer) (g_str_has_prefix (arg, "--secrets") ? self_path : g_getenv ("VIGILCTL")));
  for (; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, stdin_text, NULL, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *status = g_subprocess_get_exit_status (process);
  if (*status != 0)
    g_test_message ("on %s: %s", machine, *err);
}

/* A site on a database reached as another machine reaches it, made by
 * vigilctl here, with the database's password in this keyring only. */
static void
site_set_up (Site *site)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *password = g_strconcat (VIGIL_TEST_POSTGRES_PASSWORD, "\n", NULL);
  int status;

  site->parent = vigil_test_make_dir ();
  site->dir = g_build_filename (site->parent, "first", NULL);
  site->url = vigil_test_postgres_remote_database (NULL, &site->role);

  vigil_test_run_vigilctl (password, &status, &out, &err, "--password-stdin", "site", "database-password",
                           site->url, NULL);
  g_assert_cmpint (status, ==, 0);
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", site->dir, "--password-stdin", "init",
                           "--site-name", "Hill House", "--manager", VIGIL_TEST_MANAGER, "--database", site->url,
                           NULL);
  g_assert_cmpint (status, ==, 0);
}

static void
site_tear_down (Site *site)
{
  vigil_test_remove_dir (site->dir);
  g_free (site->parent);
  g_free (site->dir);
  g_free (site->url);
  g_free (site->role);
  g_free (site->site_id);
}

/* A number @sql gives, read by the test itself, as the cluster's
 * administrator would: its own connection, the password given here. */
static gint64
database_int (Site       *site,
              const char *sql)
{
  g_autofree char *url = g_strconcat (site->url, "&password=", VIGIL_TEST_POSTGRES_PASSWORD, NULL);
  PGconn *pg = PQconnectdb (url);
  PGresult *result;
  gint64 value;

  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  result = PQexec (pg, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (pg);
  return value;
}

static char *
machine_root (Site       *site,
              const char *name)
{
  return g_build_filename (site->parent, name, NULL);
}

static char *
machine_folder (Site       *site,
                const char *name)
{
  return g_build_filename (site->parent, name, "site", NULL);
}

static char *
invite (Site       *site,
        const char *name,
        const char *kind)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *file = g_strdup_printf ("%s/%s.invitation", site->parent, name);
  int status;

  vigil_test_run_vigilctl (INVITE_STDIN, &status, &out, &err, "--data-dir", site->dir, "--as", VIGIL_TEST_MANAGER,
                           "--password-stdin", "site", "invite", name, "--kind", kind, "--out", file, NULL);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&file);
}

static void
join (Site       *site,
      const char *name,
      const char *file)
{
  g_autofree char *root = machine_root (site, name);
  g_autofree char *folder = machine_folder (site, name);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_on (root, INVITE_STDIN, &status, &out, &err, "--data-dir", folder, "--as", VIGIL_TEST_MANAGER,
          "--password-stdin", "site", "join", file, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "has joined the site Hill House"));
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle,
          gsize       needle_length)
{
  g_assert_cmpuint (needle_length, >, 0);
  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (haystack + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

/* The invitation holds none of the secrets it carries in clear. */
static void
assert_sealed (Site       *site,
               const char *file)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_text = NULL;
  gsize length = 0;
  gsize key_length = 0;
  const char *key_data;
  GStatBuf st;

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  key = vigil_secrets_lookup_site_key (site->site_id, NULL, &error);
  g_assert_no_error (error);
  key_data = g_bytes_get_data (key, &key_length);
  key_text = g_base64_encode ((const guchar *) key_data, key_length);

  g_assert_false (contains (contents, length, key_data, key_length));
  g_assert_false (contains (contents, length, key_text, strlen (key_text)));
  g_assert_false (contains (contents, length, VIGIL_TEST_POSTGRES_PASSWORD, strlen (VIGIL_TEST_POSTGRES_PASSWORD)));
  g_assert_false (contains (contents, length, CAMERA_PASSWORD, strlen (CAMERA_PASSWORD)));
  g_assert_false (contains (contents, length, site->site_id, strlen (site->site_id)));
}

/* The last entry @action in the trail, as the first machine reads it. */
static VigilAuditEntry *
last_entry (VigilSite  *site,
            const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  for (guint i = entries->len; i > 0; i--)
    if (g_strcmp0 (vigil_audit_entry_get_action (g_ptr_array_index (entries, i - 1)), action) == 0)
      return g_object_ref (g_ptr_array_index (entries, i - 1));
  return NULL;
}

static void
test_join_and_revoke (void)
{
  Site site = { NULL };
  g_autoptr(VigilSite) first = NULL;
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilCamera) camera = NULL;
  g_autoptr(VigilAuditEntry) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *wall = NULL;
  g_autofree char *wall_folder = NULL;
  g_autofree char *thief = NULL;
  g_autofree char *thief_folder = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  int status;

  site_set_up (&site);
  first = vigil_test_site_open (site.dir);
  site.site_id = g_strdup (vigil_site_get_id (first));
  g_assert_cmpstr (vigil_site_get_machine (first), ==, g_get_host_name ());
  manager = vigil_test_login_manager (first);
  camera = vigil_camera_new ("Hall", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://cam.local/hall", NULL, FALSE);
  g_assert_true (vigil_site_add_camera (first, manager, camera, "viewer", CAMERA_PASSWORD, NULL, &error));
  g_assert_no_error (error);

  file = invite (&site, "wall-1", "wall");
  assert_sealed (&site, file);
  wall = machine_root (&site, "wall-1");
  wall_folder = machine_folder (&site, "wall-1");

  /* A wrong passphrase opens nothing, and leaves nothing. */
  run_on (wall, VIGIL_TEST_MANAGER_PASSWORD "\nthe wall by the stairs, 2025\n", &status, &out, &err,
          "--data-dir", wall_folder, "--as", VIGIL_TEST_MANAGER, "--password-stdin", "site", "join", file, NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "cannot be opened");
  g_assert_false (g_file_test (wall_folder, G_FILE_TEST_EXISTS));

  join (&site, "wall-1", file);

  /* The site's key, the database's password and the camera's credentials
   * are in the wall's own keyring now: its trail verifies, it reaches the
   * database, and it can open the camera. */
  run_on (wall, NULL, &status, &out, &err, "--data-dir", wall_folder, "audit", "verify", NULL);
  g_assert_cmpint (status, ==, 0);
  run_on (wall, NULL, &status, &out, &err, "--secrets-camera", site.site_id, "Hall", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "viewer " CAMERA_PASSWORD "\n");

  /* Its changes are named as its own in the trail. */
  run_on (wall, MANAGER_STDIN, &status, &out, &err, "--data-dir", wall_folder, "--as", VIGIL_TEST_MANAGER,
          "--password-stdin", "room", "add", "Room 7", NULL);
  g_assert_cmpint (status, ==, 0);
  added = last_entry (first, "room-added");
  g_assert_nonnull (added);
  g_assert_cmpstr (vigil_audit_entry_get_object (added), ==, "room:Room 7");
  g_assert_cmpstr (vigil_audit_entry_get_machine (added), ==, "wall-1");
  vigil_test_assert_audit_intact (first);

  /* An invitation serves once. */
  thief = machine_root (&site, "thief");
  thief_folder = machine_folder (&site, "thief");
  run_on (thief, INVITE_STDIN, &status, &out, &err, "--data-dir", thief_folder, "--as", VIGIL_TEST_MANAGER,
          "--password-stdin", "site", "join", file, NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "used already");
  g_assert_false (g_file_test (thief_folder, G_FILE_TEST_EXISTS));
  run_on (thief, NULL, &status, &out, &err, "--secrets-key", site.site_id, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "none\n");

  /* Revoked: its next call is refused, and it changes nothing. */
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", site.dir, "--as", VIGIL_TEST_MANAGER,
                           "--password-stdin", "site", "revoke", "wall-1", "--reason", "left in the car park", NULL);
  g_assert_cmpint (status, ==, 0);
  run_on (wall, MANAGER_STDIN, &status, &out, &err, "--data-dir", wall_folder, "--as", VIGIL_TEST_MANAGER,
          "--password-stdin", "room", "add", "Room 8", NULL);
  g_assert_cmpint (status, !=, 0);
  expected = g_strdup_printf ("this machine (wall-1) was revoked by %s", VIGIL_TEST_MANAGER);
  vigil_test_assert_one_line_error (err, expected);
  run_on (wall, VIGIL_TEST_MANAGER_PASSWORD "\n", &status, &out, &err, "--data-dir", wall_folder, "--password-stdin",
          "login-check", VIGIL_TEST_MANAGER, NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpint (database_int (&site, "SELECT count(*) FROM rooms WHERE name = 'Room 8'"), ==, 0);

  /* The machine in use cannot revoke itself. */
  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", site.dir, "--as", VIGIL_TEST_MANAGER,
                           "--password-stdin", "site", "revoke", g_get_host_name (), "--reason", "mistake", NULL);
  g_assert_cmpint (status, !=, 0);
  vigil_test_assert_one_line_error (err, "the machine in use");

  vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", site.dir, "site", "machines", NULL);
  g_assert_cmpint (status, ==, 0);
  vigil_test_assert_matches (out, "\nwall-1 +wall +revoked .* left in the car park\n");

  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&first));
  site_tear_down (&site);
}

typedef struct
{
  GSubprocess *process;
  char        *out;
  char        *err;
} Started;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Started *started = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &started->out, &started->err, &error);
  g_assert_no_error (error);
}

/* Starts `duty start REF` as @operator on @machine, not waiting. */
static void
start_duty_on (Started    *started,
               const char *machine,
               const char *folder,
               const char *operator,
               const char *ref)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "other-machine.sh", NULL);
  g_autoptr(GError) error = NULL;

  started->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                       script, machine, g_getenv ("VIGILCTL"), "--data-dir", folder, "--as", operator,
                                       "--password-stdin", "duty", "start", ref, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (started->process, OPERATOR_PASSWORD "\n", NULL, on_communicated, started);
}

static int
finish (Started *started)
{
  int status;

  while (started->out == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_wait (started->process, NULL, NULL));
  status = g_subprocess_get_exit_status (started->process);
  g_clear_object (&started->process);
  return status;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gint64     *seen_at)
{
  if (*seen_at == 0 && g_list_model_get_n_items (model) == 1)
    *seen_at = g_get_monotonic_time ();
}

static void
test_race_and_follow (void)
{
  static const char *const families[] = { "AB-123", "CD-456", "EF-789" };
  Site site = { NULL };
  g_autoptr(VigilSite) first = NULL;
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilChangeMonitor) monitor = NULL;
  g_autoptr(VigilRecordList) rooms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *laptop_file = NULL;
  g_autofree char *handheld_file = NULL;
  g_autofree char *laptop = NULL;
  g_autofree char *laptop_folder = NULL;
  g_autofree char *handheld = NULL;
  g_autofree char *handheld_folder = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *summary = NULL;
  gint64 seen_at = 0;
  gint64 sent;
  int status;

  site_set_up (&site);
  summary = g_build_filename (site.parent, "summary.txt", NULL);
  g_assert_true (g_file_set_contents (summary, "Quiet; settled by 22:10.\n", -1, NULL));
  first = vigil_test_site_open (site.dir);
  manager = vigil_test_login_manager (first);
  vigil_test_add_staff (first, manager, "okhan", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (first, manager, "jdavies", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);

  laptop_file = invite (&site, "laptop-2", "laptop");
  handheld_file = invite (&site, "handheld-1", "handheld");
  join (&site, "laptop-2", laptop_file);
  join (&site, "handheld-1", handheld_file);
  laptop = machine_root (&site, "laptop-2");
  laptop_folder = machine_folder (&site, "laptop-2");
  handheld = machine_root (&site, "handheld-1");
  handheld_folder = machine_folder (&site, "handheld-1");

  /* A room added on the laptop is in this machine's list of rooms within a
   * second (twice that here, for a busy machine); the time is printed. */
  monitor = vigil_change_monitor_new (first, &error);
  g_assert_no_error (error);
  rooms = vigil_record_list_new_rooms (first, monitor);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rooms)), ==, 0);
  g_signal_connect (rooms, "items-changed", G_CALLBACK (on_items_changed), &seen_at);
  sent = g_get_monotonic_time ();
  run_on (laptop, MANAGER_STDIN, &status, &out, &err, "--data-dir", laptop_folder, "--as", VIGIL_TEST_MANAGER,
          "--password-stdin", "room", "add", "Room 1", NULL);
  g_assert_cmpint (status, ==, 0);
  {
    gint64 done = g_get_monotonic_time ();
    gint64 deadline = done + 2 * G_USEC_PER_SEC;

    while (seen_at == 0 && g_get_monotonic_time () < deadline)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    g_assert_cmpint (seen_at, !=, 0);
    g_test_message ("the laptop's room was in this machine's list %.0f ms after its vigilctl exited"
                    " (%.0f ms after it started)", MAX (seen_at - done, 0) / 1000.0, (seen_at - sent) / 1000.0);
  }

  /* Two machines, two operators, one family at once: one duty. */
  {
    static const char *const rooms_for[] = { "Room 2", "Room 3", "Room 4" };

    for (guint i = 0; i < G_N_ELEMENTS (families); i++)
      {
        g_autoptr(VigilFamily) family = vigil_family_new (families[i], families[i], rooms_for[i], "2026-11-01");

        g_assert_true (vigil_site_add_room (first, manager, rooms_for[i], NULL, &error));
        g_assert_no_error (error);
        vigil_family_set_agreement (family, "2026-11-01", FALSE);
        g_assert_true (vigil_site_add_family (first, manager, family, VIGIL_STATE_STAGE_3, NULL, &error));
        g_assert_no_error (error);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      Started on_laptop = { NULL }, on_handheld = { NULL };
      g_autofree char *open_duties = g_strdup_printf ("SELECT count(*) FROM duties d JOIN families f ON f.id ="
                                                      " d.family_id WHERE f.case_ref = '%s' AND d.ended_at IS NULL",
                                                      families[i]);
      int laptop_status, handheld_status;

      start_duty_on (&on_laptop, laptop, laptop_folder, "okhan", families[i]);
      start_duty_on (&on_handheld, handheld, handheld_folder, "jdavies", families[i]);
      laptop_status = finish (&on_laptop);
      handheld_status = finish (&on_handheld);

      g_test_message ("%s: laptop %d, handheld %d", families[i], laptop_status, handheld_status);
      g_assert_true ((laptop_status == 0) != (handheld_status == 0));
      vigil_test_assert_one_line_error (laptop_status == 0 ? on_handheld.err : on_laptop.err, "");
      g_assert_cmpint (database_int (&site, open_duties), ==, 1);

      /* The winner ends it, so both are free for the next family. */
      run_on (laptop_status == 0 ? laptop : handheld, OPERATOR_PASSWORD "\n", &status, &out, &err,
              "--data-dir", laptop_status == 0 ? laptop_folder : handheld_folder,
              "--as", laptop_status == 0 ? "okhan" : "jdavies", "--password-stdin", "duty", "end", families[i],
              "--summary-file", summary, NULL);
      g_assert_cmpint (status, ==, 0);
      g_free (on_laptop.out);
      g_free (on_laptop.err);
      g_free (on_handheld.out);
      g_free (on_handheld.err);
    }

  vigil_test_assert_audit_intact (first);
  g_assert_finalize_object (g_steal_pointer (&rooms));
  g_assert_finalize_object (g_steal_pointer (&monitor));
  g_assert_finalize_object (g_steal_pointer (&manager));
  g_assert_finalize_object (g_steal_pointer (&first));
  site_tear_down (&site);
}

static void
on_recorder_exited (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

/* The recorder's host, revoked while it records, stops: its segments
 * closed, saying why, within two heartbeats (twice that allowed here). */
static void
test_recorder_host_revoked (void)
{
  Site site = { NULL };
  g_autofree char *file = NULL;
  g_autofree char *host = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "other-machine.sh", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *recorder_err = NULL;
  g_autoptr(GSubprocess) recorder = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;
  gint64 deadline, revoked;
  int status;

  site_set_up (&site);
  file = invite (&site, "recorder-1", "recorder");
  join (&site, "recorder-1", file);
  host = machine_root (&site, "recorder-1");
  folder = machine_folder (&site, "recorder-1");

  recorder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, script, host, g_getenv ("VIGIL_RECORDER"),
                               "--data-dir", folder, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (recorder, NULL, on_recorder_exited, &exited);

  /* Running: its heartbeat is in the database. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!exited && database_int (&site, "SELECT count(*) FROM recorder WHERE stopped_at IS NULL") == 0 &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_false (exited);
  g_assert_cmpint (database_int (&site, "SELECT count(*) FROM recorder WHERE stopped_at IS NULL"), ==, 1);

  vigil_test_run_vigilctl (MANAGER_STDIN, &status, &out, &err, "--data-dir", site.dir, "--as", VIGIL_TEST_MANAGER,
                           "--password-stdin", "site", "revoke", "recorder-1", "--reason", "replaced", NULL);
  g_assert_cmpint (status, ==, 0);
  revoked = g_get_monotonic_time ();

  deadline = revoked + 10 * G_USEC_PER_SEC;
  while (!exited && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  if (!exited)
    g_subprocess_force_exit (recorder);
  g_assert_true (exited);
  g_test_message ("the recorder stopped %.1f s after its host was revoked", (g_get_monotonic_time () - revoked) / 1e6);
  g_assert_cmpint (g_subprocess_get_exit_status (recorder), ==, 1);
  {
    GInputStream *stream = g_subprocess_get_stderr_pipe (recorder);
    char buffer[8192];
    gsize n = 0;

    g_assert_true (g_input_stream_read_all (stream, buffer, sizeof buffer - 1, &n, NULL, NULL));
    buffer[n] = '\0';
    recorder_err = g_strdup (buffer);
  }
  g_assert_nonnull (strstr (recorder_err, "vigil-recorder: this machine (recorder-1) was revoked"));

  /* Started again, it refuses at once. */
  run_on (host, NULL, &status, &out, &err, "--recorder", "--data-dir", folder, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "was revoked"));

  site_tear_down (&site);
}

/* Run inside another machine's session: what its keyring holds. */
static int
show_secrets (char **argv)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (argv[1], "--secrets-camera"))
    {
      g_autofree char *username = NULL;
      g_autofree char *password = NULL;

      if (!vigil_secrets_lookup_camera_credentials (argv[2], argv[3], &username, &password, NULL, &error))
        g_error ("%s", error->message);
      g_print ("%s %s\n", username ? username : "none", password ? password : "none");
    }
  else
    {
      g_autoptr(GBytes) key = vigil_secrets_lookup_site_key (argv[2], NULL, &error);

      g_print ("%s\n", key != NULL ? "a key" : "none");
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 3 && g_str_has_prefix (argv[1], "--secrets"))
    return show_secrets (argv);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/machines/join-and-revoke", test_join_and_revoke);
  g_test_add_func ("/machines/race-and-follow", test_race_and_follow);
  g_test_add_func ("/machines/recorder-host-revoked", test_recorder_host_revoked);

  return g_test_run ();
}
