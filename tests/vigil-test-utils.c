/* vigil-test-utils.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <libpq-fe.h>

#include "vigil-test-raw.h"
#include "vigil-site-footage.h"
#include "vigil-test-utils.h"

char *
vigil_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vigil-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *path = g_file_get_path (child);
          remove_tree (path);
        }
      else
        g_file_delete (child, NULL, NULL);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

/* Removes @dir, and its parent too when that is an emptied folder made by
 * vigil_test_make_dir() (sites live one level down, in "site"). */
void
vigil_test_remove_dir (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *parent_name = g_path_get_basename (parent);

  remove_tree (dir);
  if (g_str_has_prefix (parent_name, "vigil-test-"))
    g_rmdir (parent);
}

VigilSession *
vigil_test_login (VigilSite  *site,
                  const char *username,
                  const char *password)
{
  g_autoptr(GError) error = NULL;
  VigilSession *session = vigil_site_login (site, username, password, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

VigilSession *
vigil_test_login_manager (VigilSite *site)
{
  return vigil_test_login (site, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
}

void
vigil_test_add_staff (VigilSite    *site,
                      VigilSession *manager,
                      const char   *username,
                      guint         band,
                      VigilRole     role,
                      const char   *assessed_on,
                      const char   *refresher_due,
                      const char   *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaff) staff = vigil_staff_new (username, username, band, role);

  if (assessed_on == NULL && refresher_due == NULL)
    {
      assessed_on = "2026-01-01";
      refresher_due = "2099-01-01";
    }
  vigil_staff_set_competency (staff, assessed_on, NULL, refresher_due);

  g_assert_true (vigil_site_add_staff (site, manager, staff, password, "test", &error));
  g_assert_no_error (error);
}

gint64
vigil_test_count_audit (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  return entries->len;
}

gint64
vigil_test_instant (const char *iso8601)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (iso8601, NULL);

  g_assert_nonnull (parsed);
  return g_date_time_to_unix (parsed) * G_USEC_PER_SEC + g_date_time_get_microsecond (parsed);
}

void
vigil_test_assert_finalize_soon (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      /* Nothing to dispatch means the worker is still finishing: yield. */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  if (weak != NULL)
    {
      g_object_remove_weak_pointer (weak, &weak);
      g_test_fail_printf ("a %s is still referenced 5 s after its last user let go",
                          G_OBJECT_TYPE_NAME (weak));
    }
}

void
vigil_test_assert_audit_intact (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  gint64 checked = -1;

  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checked, ==, vigil_test_count_audit (site));
}

/* Sites made once per program
 * ------------------------------------------------------------------------ */

typedef struct
{
  VigilTestMakeSite   make;
  VigilTestBuildSite  build;
  char               *dir;     /* the template's site folder */
  char               *site_id;
  GBytes             *key;
} Template;

static GArray *templates;

static void
remove_templates (void)
{
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      Template *template = &g_array_index (templates, Template, i);

      vigil_test_remove_dir (template->dir);
      g_free (template->dir);
      g_free (template->site_id);
      g_bytes_unref (template->key);
    }
  g_clear_pointer (&templates, g_array_unref);
}

static char *
raw_site_id (const char *dir)
{
  PGresult *result = vigil_test_raw_postgres (dir, "SELECT value FROM settings WHERE key = 'site-id'");
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *id;

  if (result != NULL)
    {
      g_assert_cmpint (PQntuples (result), ==, 1);
      id = g_strdup (PQgetvalue (result, 0, 0));
      PQclear (result);
      return id;
    }

  db = vigil_test_raw_open_file (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT value FROM settings WHERE key = 'site-id'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return id;
}

static void
make_bare_site (const char *site_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = vigil_test_on_postgres () ? vigil_test_postgres_database_from (NULL) : NULL;
  VigilSite *site = vigil_site_create_in_database (site_dir, database, "Test Centre", VIGIL_TEST_MANAGER,
                                                   "Morgan Manager", 7, VIGIL_TEST_MANAGER_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_nonnull (site);
  g_assert_finalize_object (site);
}

static const Template *
find_template (VigilTestMakeSite   make,
               VigilTestBuildSite  build)
{
  g_autoptr(GError) error = NULL;
  Template template = { make, build, NULL, NULL, NULL };

  if (templates == NULL)
    {
      templates = g_array_new (FALSE, TRUE, sizeof (Template));
      atexit (remove_templates);
    }
  for (guint i = 0; i < templates->len; i++)
    {
      Template *known = &g_array_index (templates, Template, i);

      if (known->make == make && known->build == build)
        return known;
    }

  if (build == NULL)
    {
      g_autofree char *parent = vigil_test_make_dir ();

      template.dir = g_build_filename (parent, "site", NULL);
      make (template.dir);
    }
  else
    {
      VigilSite *site = vigil_test_site_new (&template.dir);
      VigilSession *manager = vigil_test_login_manager (site);

      build (site, manager, template.dir);
      g_assert_finalize_object (manager);
      g_assert_finalize_object (site);
    }

  template.site_id = raw_site_id (template.dir);
  template.key = vigil_secrets_lookup_site_key (template.site_id, NULL, &error);
  g_assert_no_error (error);
  g_array_append_val (templates, template);
  return &g_array_index (templates, Template, templates->len - 1);
}

static void
copy_folder (const char *from,
             const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (from, 0, &error);
  GStatBuf st;
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_stat (from, &st), ==, 0);
  g_assert_cmpint (g_mkdir (to, st.st_mode & 07777), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from_path = g_build_filename (from, name, NULL);
      g_autofree char *to_path = g_build_filename (to, name, NULL);
      g_autoptr(GFile) source = g_file_new_for_path (from_path);
      g_autoptr(GFile) destination = g_file_new_for_path (to_path);

      /* SQLite rebuilds its shared-memory index; a copied one would lie. */
      if (g_str_has_suffix (name, "-shm"))
        continue;
      g_assert_true (g_file_copy (source, destination, G_FILE_COPY_ALL_METADATA | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                                  NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static char *
copy_template (const Template *template)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = vigil_test_make_dir ();
  g_autofree char *site_dir = g_build_filename (parent, "site", NULL);
  g_autofree char *site_id = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  g_autofree char *template_database = NULL;

  copy_folder (template->dir, site_dir);

  /* A database of its own for a site on PostgreSQL, copied from the
   * template's. */
  template_database = vigil_test_site_database (template->dir);
  if (template_database != NULL)
    {
      g_autofree char *template_name = vigil_test_database_name (template_database);
      g_autofree char *url = vigil_test_postgres_database_from (template_name);
      g_autofree char *pointer = g_build_filename (site_dir, "database", NULL);
      g_autofree char *line = g_strconcat (url, "\n", NULL);

      g_assert_true (g_file_set_contents_full (pointer, line, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
      g_assert_no_error (error);
    }

  /* A site id of its own, and the key stored under it, so the keyring
   * items of one copy are not another's. */
  sql = g_strdup_printf ("UPDATE settings SET value = '%s' WHERE key = 'site-id'", site_id);
  vigil_test_raw_exec (site_dir, sql);
  g_assert_true (vigil_secrets_store_site_key (site_id, "Test Centre", template->key, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&site_dir);
}

char *
vigil_test_site_copy (VigilTestMakeSite make)
{
  g_return_val_if_fail (make != NULL, NULL);

  return copy_template (find_template (make, NULL));
}

VigilSite *
vigil_test_site_open (const char *dir)
{
  g_autoptr(GError) error = NULL;
  VigilSite *site = vigil_site_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (site);
  return site;
}

VigilSite *
vigil_test_site_new_built (VigilTestBuildSite   build,
                           char               **dir_out)
{
  g_autofree char *site_dir = NULL;
  VigilSite *site;

  site_dir = build != NULL ? copy_template (find_template (NULL, build)) : vigil_test_site_copy (make_bare_site);
  site = vigil_test_site_open (site_dir);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&site_dir);
  return site;
}

VigilSite *
vigil_test_site_new (char **dir_out)
{
  return vigil_test_site_new_built (NULL, dir_out);
}

/* vigilctl
 * ------------------------------------------------------------------------ */

void
vigil_test_run_vigilctlv (const char         *stdin_text,
                          int                *exit_status,
                          char              **out,
                          char              **err,
                          const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *shown = g_strjoinv (" ", (char **) args);
  g_autofree char *database = NULL;
  const char *vigilctl = g_getenv ("VIGILCTL");

  g_assert_nonnull (exit_status);
  if (vigilctl == NULL)
    g_error ("VIGILCTL is not set: run this test through meson test");

  g_ptr_array_add (argv, (gpointer) vigilctl);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  /* The postgresql suite: a site made by `vigilctl init` gets a database
   * of its own, unless the test names one. */
  if (vigil_test_on_postgres () && g_strv_contains (args, "init") && !g_strv_contains (args, "--database"))
    {
      database = vigil_test_postgres_database_from (NULL);
      g_ptr_array_add (argv, (gpointer) "--database");
      g_ptr_array_add (argv, database);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL)
    g_error ("vigilctl %s: %s", shown, error->message);

  /* vigilctl may rightly stop before it reads its input (a bad option), so a
   * broken pipe here is no failure; the input is far smaller than a pipe's
   * buffer, so writing it first cannot block. Such a write must be an
   * error, not the death of the test by SIGPIPE. */
  signal (SIGPIPE, SIG_IGN);
  if (stdin_text != NULL &&
      !g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), stdin_text, strlen (stdin_text),
                                  NULL, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        g_error ("vigilctl %s: writing its input: %s", shown, error->message);
      g_clear_error (&error);
    }

  /* This closes standard input, then reads both outputs to the end. */
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error))
    g_error ("vigilctl %s: %s", shown, error->message);

  /* A crash is never an answer. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("vigilctl %s did not exit normally:\n%s", shown, stderr_text);
  *exit_status = g_subprocess_get_exit_status (process);

  g_test_message ("vigilctl %s → %d\n--- stdout:\n%s--- stderr:\n%s",
                  shown, *exit_status, stdout_text, stderr_text);

  if (out != NULL)
    {
      g_free (*out);
      *out = g_steal_pointer (&stdout_text);
    }
  if (err != NULL)
    {
      g_free (*err);
      *err = g_steal_pointer (&stderr_text);
    }
}

void
vigil_test_run_vigilctl (const char  *stdin_text,
                         int         *exit_status,
                         char       **out,
                         char       **err,
                         const char  *first_arg,
                         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  vigil_test_run_vigilctlv (stdin_text, exit_status, out, err, (const char *const *) args->pdata);
}

void
vigil_test_assert_one_line_error (const char *err,
                                  const char *needle)
{
  const char *newline = err != NULL ? strchr (err, '\n') : NULL;

  if (err == NULL || !g_str_has_prefix (err, "vigilctl: ") || newline == NULL || newline[1] != '\0' ||
      strstr (err, needle) == NULL)
    {
      /* The TAP line must stay one line. */
      g_autofree char *shown = err != NULL ? g_strescape (err, NULL) : g_strdup ("(null)");
      g_test_fail_printf ("expected one line “vigilctl: …” naming “%s”, got “%s”", needle, shown);
    }
}

void
vigil_test_assert_matches (const char *text,
                           const char *pattern)
{
  if (text == NULL || !g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0))
    {
      g_autofree char *shown = text != NULL ? g_strescape (text, NULL) : g_strdup ("(null)");
      g_test_fail_printf ("“%s” does not match /%s/", shown, pattern);
    }
}

/* Tolerated library messages */

typedef struct
{
  char *domain;
  char *part;
} Tolerated;

static GMutex tolerated_lock;
static GPtrArray *tolerated;

static gboolean
is_tolerated (const char *domain,
              const char *message)
{
  gboolean found = FALSE;

  g_mutex_lock (&tolerated_lock);
  for (guint i = 0; tolerated != NULL && i < tolerated->len && !found; i++)
    {
      Tolerated *known = g_ptr_array_index (tolerated, i);

      found = g_strcmp0 (domain, known->domain) == 0 && strstr (message, known->part) != NULL;
    }
  g_mutex_unlock (&tolerated_lock);
  return found;
}

static gboolean
fatal_unless_tolerated (const char     *domain,
                        GLogLevelFlags  level,
                        const char     *message,
                        gpointer        user_data)
{
  return !is_tolerated (domain, message);
}

/* In a TAP run GLib's own handler announces a fatal message as "Bail out!",
 * which fails the run even when the fatal handler lets it through: a
 * tolerated message is told as a test message instead. */
static void
on_library_message (const char     *domain,
                    GLogLevelFlags  level,
                    const char     *message,
                    gpointer        user_data)
{
  if (is_tolerated (domain, message))
    g_test_message ("%s, tolerated: %s", domain, message);
  else
    g_log_default_handler (domain, level, message, user_data);
}

void
vigil_test_tolerate (const char     *domain,
                     GLogLevelFlags  level,
                     const char     *part)
{
  gboolean known;

  g_test_log_set_fatal_handler (fatal_unless_tolerated, NULL);
  known = is_tolerated (domain, part);
  if (known)
    return;

  g_mutex_lock (&tolerated_lock);
  if (tolerated == NULL)
    tolerated = g_ptr_array_new ();
  g_ptr_array_add (tolerated, g_memdup2 (&(Tolerated) { g_strdup (domain), g_strdup (part) }, sizeof (Tolerated)));
  g_mutex_unlock (&tolerated_lock);
  g_log_set_handler (domain, level | G_LOG_FLAG_FATAL, on_library_message, NULL);
}

gboolean
vigil_test_audit_has (VigilSite  *site,
                      const char *actor,
                      const char *action,
                      const char *object,
                      const char *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);
      const char *reason = vigil_audit_entry_get_reason (entry);
      const char *detail = vigil_audit_entry_get_detail (entry);

      if ((actor != NULL && g_strcmp0 (vigil_audit_entry_get_actor (entry), actor) != 0) ||
          (action != NULL && g_strcmp0 (vigil_audit_entry_get_action (entry), action) != 0) ||
          (object != NULL && g_strcmp0 (vigil_audit_entry_get_object (entry), object) != 0))
        continue;
      if (part == NULL || (reason != NULL && strstr (reason, part) != NULL) ||
          (detail != NULL && strstr (detail, part) != NULL))
        return TRUE;
    }
  return FALSE;
}

void
vigil_test_wait_audit (VigilSite  *site,
                       const char *actor,
                       const char *action,
                       const char *object,
                       const char *part,
                       gint64      timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  /* Another process writes it: look every 50 ms until the deadline. */
  while (!vigil_test_audit_has (site, actor, action, object, part))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no “%s” entry about %s on the audit trail", action, object ? object : "anything");
      g_usleep (50 * 1000);
    }
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
vigil_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

/* openssl, run in @dir; fails the test, saying what it said, if it fails. */
static void
run_openssl (const char *dir,
             const char *command)
{
  g_autofree char *line = g_strdup_printf ("openssl %s", command);
  g_auto(GStrv) argv = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_shell_parse_argv (line, NULL, &argv, &error));
  g_spawn_sync (dir, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s: %s", command, err);
}

void
vigil_test_make_certificate (const char *dir,
                             const char *prefix)
{
  const char *curve = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  g_autofree char *ca = g_strdup_printf ("req -x509 %s -days 2 -subj /CN=%s-ca -keyout %s-ca.key -out %s-ca.crt",
                                         curve, prefix, prefix, prefix);
  g_autofree char *request = g_strdup_printf ("req %s -subj /CN=localhost -keyout %s.key -out %s.csr",
                                              curve, prefix, prefix);
  g_autofree char *sign = g_strdup_printf ("x509 -req -in %s.csr -CA %s-ca.crt -CAkey %s-ca.key -CAcreateserial "
                                           "-days 2 -extfile san.ext -out %s.crt", prefix, prefix, prefix, prefix);
  g_autofree char *san = g_build_filename (dir, "san.ext", NULL);

  g_assert_true (g_file_set_contents (san, "subjectAltName=DNS:localhost\n", -1, NULL));
  run_openssl (dir, ca);
  run_openssl (dir, request);
  run_openssl (dir, sign);
}

GSubprocess *
vigil_test_start_footage_service (const char  *data_dir,
                                  const char  *tls_dir,
                                  const char  *prefix,
                                  char       **url)
{
  g_autoptr(GSubprocessLauncher) launcher = vigil_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *certificate = g_strdup_printf ("%s/%s.crt", tls_dir, prefix);
  g_autofree char *key = g_strdup_printf ("%s/%s.key", tls_dir, prefix);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *service;
  guint port = 0;

  g_assert_nonnull (g_getenv ("VIGIL_FOOTAGE_SERVICE"));
  service = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VIGIL_FOOTAGE_SERVICE"),
                                         "--data-dir", data_dir, "--certificate", certificate, "--key", key,
                                         "--address", "127.0.0.1", "--port", "0", NULL);
  g_assert_no_error (error);

  /* Its first line says the port, once it listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "Serving footage on port %u", &port), ==, 1);
  *url = g_strdup_printf ("https://localhost:%u", port);
  return service;
}

void
vigil_test_use_footage_service (VigilSite  *site,
                                const char *data_dir,
                                const char *tls_dir,
                                const char *url)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autofree char *authority = g_build_filename (tls_dir, "recorder-ca.crt", NULL);
  g_autofree char *trusted = g_build_filename (data_dir, "footage-ca.crt", NULL);
  g_autofree char *pem = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_set_setting (site, manager, VIGIL_SETTING_FOOTAGE_SERVICE, url,
                                         "the recorder's machine serves footage", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (authority, &pem, NULL, NULL));
  g_assert_true (g_file_set_contents (trusted, pem, -1, NULL));
}

guint
vigil_test_fetched_footage_folders (void)
{
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), "vigil", "footage", NULL);
  g_autoptr(GDir) dir = g_dir_open (parent, 0, NULL);
  guint count = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    count++;
  return count;
}
