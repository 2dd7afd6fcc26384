/* test-hardening-keyring.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-hardening-keyring"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "vigil-site-centre-private.h"
#include "vigil-test-utils.h"

/* A locked keyring is said to be locked. Locking the keyring that the other
 * tests share would break them, so this test brings up a D-Bus session and
 * a gnome-keyring of its own, before anything here touches D-Bus. Nothing
 * answers a request to unlock on that bus, as at a console whose user
 * dismissed the prompt. */

#define KEYRING_PASSWORD "vigil-test-keyring"
#define CAMERA_USER      "cam-admin"
#define CAMERA_PASSWORD  "cam-password"

typedef struct
{
  GSubprocess *bus;
  GSubprocess *daemon;
  char        *home;
} PrivateKeyring;

/* A session bus with no services to start: a request to unlock the keyring
 * finds no prompter. */
static const char bus_config[] =
  "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
  " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
  "<busconfig>\n"
  "  <type>session</type>\n"
  "  <listen>unix:dir=%s</listen>\n"
  "  <policy context=\"default\">\n"
  "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
  "    <allow eavesdrop=\"true\"/>\n"
  "    <allow own=\"*\"/>\n"
  "  </policy>\n"
  "</busconfig>\n";

static void
private_bus_up (PrivateKeyring *keyring)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *config = g_build_filename (keyring->home, "bus.conf", NULL);
  g_autofree char *contents = g_strdup_printf (bus_config, keyring->home);
  g_autofree char *config_option = g_strconcat ("--config-file=", config, NULL);
  g_autofree char *address = NULL;

  g_assert_true (g_file_set_contents (config, contents, -1, &error));
  keyring->bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                   "dbus-daemon", config_option, "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);

  /* The daemon prints its address once it listens. */
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring->bus));
  address = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
}

static gboolean
name_has_owner (GDBusConnection *connection,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
private_keyring_up (PrivateKeyring *keyring)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = NULL;
  gint64 deadline;

  keyring->home = vigil_test_make_dir ();
  private_bus_up (keyring);
  runtime = g_build_filename (keyring->home, "runtime", NULL);
  g_assert_cmpint (g_mkdir (runtime, 0700), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", keyring->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", keyring->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", keyring->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  keyring->daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--unlock",
                                                 "--components=secrets", "--foreground", NULL);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring->daemon), KEYRING_PASSWORD,
                                            strlen (KEYRING_PASSWORD), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (keyring->daemon), NULL, &error));
  g_assert_no_error (error);

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (connection, "org.freedesktop.secrets"))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gnome-keyring-daemon did not come up on the private bus");
      g_usleep (20 * 1000);
    }
}

static void
private_keyring_down (PrivateKeyring *keyring)
{
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  /* The bus goes away under this process's connection to it: that must not
   * end the process. */
  if (connection != NULL)
    g_dbus_connection_set_exit_on_close (connection, FALSE);
  secret_service_disconnect ();

  g_subprocess_force_exit (keyring->daemon);
  g_subprocess_wait (keyring->daemon, NULL, NULL);
  g_clear_object (&keyring->daemon);
  g_subprocess_force_exit (keyring->bus);
  g_subprocess_wait (keyring->bus, NULL, NULL);
  g_clear_object (&keyring->bus);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  vigil_test_remove_dir (keyring->home);
  g_clear_pointer (&keyring->home, g_free);
}

static void
lock_default_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(SecretCollection) collection = NULL;
  GList *objects;

  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                                                 NULL, &error);
  g_assert_no_error (error);
  objects = g_list_append (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_list_free (objects);
  g_assert_true (secret_collection_get_locked (collection));
}

static void
assert_said_locked (GError *error)
{
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET);
  if (strstr (error->message, "the keyring is locked") == NULL)
    g_error ("“%s” does not say the keyring is locked", error->message);
}

/* What a person runs: vigilctl's one line says so too. */
static void
assert_vigilctl_says_locked (const char *dir)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *binary = g_getenv ("VIGILCTL");

  if (binary == NULL)
    g_error ("VIGILCTL is not set: run this test through meson test");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              binary, "--data-dir", dir, "login-check", VIGIL_TEST_MANAGER, "--password-stdin",
                              NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, VIGIL_TEST_MANAGER_PASSWORD "\n", NULL,
                                                &out, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_true (g_str_has_prefix (err, "vigilctl: "));
  g_assert_nonnull (strstr (err, "the keyring is locked"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
}

static void
test_locked_keyring (void)
{
  PrivateKeyring keyring = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *other = NULL;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilSite) reopened = NULL;
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilStaff) staff = NULL;
  g_autoptr(VigilCamera) hall = vigil_camera_new ("Hall", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://hall/main", NULL, FALSE);
  g_autoptr(VigilCamera) porch = vigil_camera_new ("Porch", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://porch/main", NULL, FALSE);
  char *username = NULL;
  char *password = NULL;
  gint64 audit_before;

  private_keyring_up (&keyring);

  /* Made while the keyring is open: a site, and a camera with credentials. */
  site = vigil_test_site_new (&dir);
  manager = vigil_test_login_manager (site);
  g_assert_true (vigil_site_add_camera (site, manager, hall, CAMERA_USER, CAMERA_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  audit_before = vigil_test_count_audit (site);

  lock_default_keyring ();

  /* The key cannot be read: the login says why, and a wrong password still
   * counts. */
  reopened = vigil_site_open (dir, &error);
  g_assert_no_error (error);
  g_assert_null (vigil_site_login (reopened, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, "test", &error));
  assert_said_locked (error);
  g_clear_error (&error);
  g_assert_null (vigil_site_login (reopened, VIGIL_TEST_MANAGER, "wrong-password", "test", &error));
  assert_said_locked (error);
  g_clear_error (&error);
  staff = vigil_site_lookup_staff (reopened, VIGIL_TEST_MANAGER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_staff_get_failed_logins (staff), ==, 1);
  assert_vigilctl_says_locked (dir);

  /* Camera credentials can be neither read nor saved. */
  g_assert_false (vigil_site_lookup_camera_credentials (site, "Hall", &username, &password, &error));
  assert_said_locked (error);
  g_assert_null (username);
  g_assert_null (password);
  g_clear_error (&error);
  g_assert_false (vigil_site_add_camera (site, manager, porch, CAMERA_USER, CAMERA_PASSWORD, NULL, &error));
  assert_said_locked (error);
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (site), ==, audit_before);

  /* A new site cannot keep its key: refused in those words, no file left. */
  other = g_build_filename (dir, "..", "other-site", NULL);
  g_assert_null (vigil_site_create (other, "Other Centre", VIGIL_TEST_MANAGER, NULL, 7,
                                    VIGIL_TEST_MANAGER_PASSWORD, &error));
  assert_said_locked (error);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  g_clear_object (&manager);
  g_clear_object (&site);
  g_clear_object (&reopened);
  vigil_test_remove_dir (dir);
  private_keyring_down (&keyring);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/keyring/locked", test_locked_keyring);

  return g_test_run ();
}
