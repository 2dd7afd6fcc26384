/* vigil-test-utils.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "vigil-core.h"
/* Tests reach behind the site's calls to tamper and to inspect. */
#include "vigil-audit-private.h"
#include "vigil-secrets.h"
#include "vigil-site-private.h"
#include "vigil-store-centre.h"
#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TEST_MANAGER          "mgr"
#define VIGIL_TEST_MANAGER_PASSWORD "manager-pass"

/* Whether this run keeps each site's records in PostgreSQL (the
 * postgresql suite) rather than a SQLite file. */
gboolean      vigil_test_on_postgres  (void);
/* In the postgresql suite, skips the case, saying @why (what it tests is
 * the SQLite file itself), and gives TRUE. */
gboolean      vigil_test_skip_on_postgres (const char *why);

/* The postgresql suite's cluster: a new empty database (its URL, reached
 * through the cluster's socket as its superuser), and @sql run as that
 * superuser, failing the test on an error. */
char         *vigil_test_postgres_new_database (void);
void          vigil_test_postgres_admin        (const char *sql);
/* A new database owned by a role of its own (*@role_out), whose password
 * is VIGIL_TEST_POSTGRES_PASSWORD, and the address another machine would
 * give: TCP to localhost, TLS checked against the session's certificate
 * authority. */
#define VIGIL_TEST_POSTGRES_PASSWORD "guard-db-pass-7731"
char         *vigil_test_postgres_remote_database (char **name_out,
                                                   char **role_out);

/* A fresh folder under the test's temporary directory, removed with its
 * contents by vigil_test_remove_dir(). */
char         *vigil_test_make_dir     (void);
void          vigil_test_remove_dir   (const char  *dir);

/* A real site in a fresh folder, with the first manager VIGIL_TEST_MANAGER;
 * its key goes to the session's gnome-keyring. It is a copy (see
 * vigil_test_site_copy()) of one site made at the program's first call, so
 * its first audit entry carries the time of that call. */
VigilSite    *vigil_test_site_new     (char       **dir_out);
VigilSession *vigil_test_login        (VigilSite   *site,
                                       const char  *username,
                                       const char  *password);
VigilSession *vigil_test_login_manager (VigilSite  *site);

/* Adds a member with a competency from 2026-01-01 to 2099-01-01 unless
 * @assessed_on is given. */
void          vigil_test_add_staff    (VigilSite   *site,
                                       VigilSession *manager,
                                       const char  *username,
                                       guint        band,
                                       VigilRole    role,
                                       const char  *assessed_on,
                                       const char  *refresher_due,
                                       const char  *password);

/* The site's SQLite file opened directly, as someone with file access (not
 * Vigil) would; the append-only triggers are dropped, as such a person could. */
sqlite3      *vigil_test_open_raw     (const char  *dir);
void          vigil_test_exec_raw     (sqlite3     *db,
                                       const char  *sql);
/* A connection of its own to the site in @dir, file or database, as
 * someone with access (not Vigil) would have: @sql run on it fails the
 * test on an error unless @error_out is given (the error's words, or NULL);
 * a lock taken is the one Vigil's writers take, until COMMIT or ROLLBACK. */
typedef struct _VigilTestRaw VigilTestRaw;

VigilTestRaw *vigil_test_raw_connect  (const char    *dir);
gboolean      vigil_test_raw_run      (VigilTestRaw  *raw,
                                       const char    *sql,
                                       char         **error_out);
gint64        vigil_test_raw_query_int (VigilTestRaw *raw,
                                        const char   *sql);
void          vigil_test_raw_lock     (VigilTestRaw  *raw);
void          vigil_test_raw_close    (VigilTestRaw  *raw);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTestRaw, vigil_test_raw_close)

/* @sql run on the site in @dir, file or database, as vigil_test_open_raw()
 * would: with the audit trail's append-only triggers dropped. */
void          vigil_test_raw_tamper   (const char  *dir,
                                       const char  *sql);
gint64        vigil_test_count_audit  (VigilSite   *site);
/* Whether the trail holds an entry @action (by @actor, about @object, with
 * @part in its reason or detail; each NULL for any), and a wait of up to
 * @timeout_us for one that another process writes. */
gboolean      vigil_test_audit_has    (VigilSite   *site,
                                       const char  *actor,
                                       const char  *action,
                                       const char  *object,
                                       const char  *part);
void          vigil_test_wait_audit   (VigilSite   *site,
                                       const char  *actor,
                                       const char  *action,
                                       const char  *object,
                                       const char  *part,
                                       gint64       timeout_us);

/* Plain SQL on the site file (or PostgreSQL database) in @dir, each on a connection of its own that
 * leaves the triggers in place: runs @sql (failing the test on an error),
 * runs it and gives its error or NULL, or gives the one integer it selects. */
void          vigil_test_raw_exec     (const char  *dir,
                                       const char  *sql);
char         *vigil_test_raw_try      (const char  *dir,
                                       const char  *sql);
gint64        vigil_test_raw_int      (const char  *dir,
                                       const char  *sql);

/* Takes the site file in @dir back from schema 5 to schema 4 (drops the
 * recordings' tables and change kinds), for tests of a migration from an
 * older file. */
void          vigil_test_raw_undo_schema_5 (const char *dir);
/* Takes a file back to schema 5 (no reviewers, no exports). */
void          vigil_test_raw_undo_schema_6 (const char *dir);
/* Takes a file back to schema 6 (deletions not indexed by camera). */
void          vigil_test_raw_undo_schema_7 (const char *dir);
/* Takes a file back to schema 7 (no machines). */
void          vigil_test_raw_undo_schema_8 (const char *dir);
/* Takes a file back to schema 8 (no footage tokens). */
void          vigil_test_raw_undo_schema_9 (const char *dir);
/* Every column of every row @sql gives, joined by "|". */
char         *vigil_test_raw_text           (const char *dir,
                                             const char *sql);

/* An instant written as ISO-8601 with its offset, in microseconds. */
gint64        vigil_test_instant      (const char  *iso8601);

/* Drops the caller's reference to @object and checks that it is then
 * freed: at once, or, where a worker thread still holds it (a GTask run in
 * a thread lets go just after its callback has run), once that thread has
 * let go, while the default main context runs; at most 5 s. */
void          vigil_test_assert_finalize_soon (gpointer object);

/* Lets one known message of a library through the tests' fatal warnings
 * (G_DEBUG=fatal-warnings): a message from @domain at @level that contains
 * @part is told as a test message instead. GLib resets a test's fatal
 * handler after each test, so a test calls this at its start. */
void          vigil_test_tolerate     (const char      *domain,
                                       GLogLevelFlags   level,
                                       const char      *part);

/* The whole trail verifies, up to its last entry. */
void          vigil_test_assert_audit_intact (VigilSite *site);

/* Sites made once per program
 * ------------------------------------------------------------------------
 *
 * Making a site and adding staff hash passwords with the production
 * Argon2id parameters, some 0.1 s each. A test program that wants the same
 * starting site for every case makes it once, as a template, and each case
 * gets a copy of its folder with a site id and audit key of its own: no
 * case sees another's records, keyring items or camera credentials. The
 * templates are removed when the program exits. */

/* Makes a site in @site_dir, a folder that does not exist yet, by any
 * means (vigilctl init, say); it must leave nothing open on it and keep no
 * camera credentials (the keyring's are not copied). */
typedef void (*VigilTestMakeSite)  (const char   *site_dir);

/* Adds to a new site with only VIGIL_TEST_MANAGER, as @manager; @dir is
 * the site's folder, for plain SQL. */
typedef void (*VigilTestBuildSite) (VigilSite    *site,
                                    VigilSession *manager,
                                    const char   *dir);

/* A copy, in a fresh folder, of the site @make made on the program's first
 * call; returns the copy's site folder (vigil_test_remove_dir() removes it
 * and the folder around it). */
char         *vigil_test_site_copy      (VigilTestMakeSite   make);

/* vigil_test_site_new(), and then what @build adds, made once; @build may
 * be NULL. */
VigilSite    *vigil_test_site_new_built (VigilTestBuildSite  build,
                                         char              **dir_out);

/* The site in @dir, opened as a program would open it. */
VigilSite    *vigil_test_site_open      (const char         *dir);

/* vigilctl
 * ------------------------------------------------------------------------
 *
 * Runs the built vigilctl ($VIGILCTL, which meson test sets) with the
 * arguments (NULL-terminated), writes @stdin_text (or nothing) to its
 * standard input and waits for it. A vigilctl that does not exit normally
 * (a crash, a sanitizer abort) fails the test. *@out and *@err receive what
 * it wrote, either may be NULL; a string already in them is freed first, so
 * start them at NULL (g_autofree) and reuse them from run to run. */
void          vigil_test_run_vigilctl   (const char         *stdin_text,
                                         int                *exit_status,
                                         char              **out,
                                         char              **err,
                                         const char         *first_arg,
                                         ...) G_GNUC_NULL_TERMINATED;
void          vigil_test_run_vigilctlv  (const char         *stdin_text,
                                         int                *exit_status,
                                         char              **out,
                                         char              **err,
                                         const char *const  *args);

/* vigilctl's error contract: @err is exactly one line "vigilctl: …" that
 * contains @needle. Fails the test (without stopping it) otherwise. */
void          vigil_test_assert_one_line_error (const char *err,
                                                const char *needle);

/* @text matches the multi-line regular expression @pattern. Fails the test
 * (without stopping it) otherwise. */
void          vigil_test_assert_matches (const char *text,
                                         const char *pattern);

/* A launcher whose children die with the test (PR_SET_PDEATHSIG): a
 * server left by a failed test would hold the test's output open. */
GSubprocessLauncher *vigil_test_launcher_new (GSubprocessFlags flags);

/* An authority "@prefix-ca.crt" (and its key) in @dir, and a certificate
 * for localhost it signed, "@prefix.crt" and "@prefix.key": made with
 * openssl, as a person setting up a site would. */
void          vigil_test_make_certificate (const char *dir,
                                           const char *prefix);

/* vigil-footage-service ($VIGIL_FOOTAGE_SERVICE) for the site in
 * @data_dir, on loopback at a free port, with @prefix's certificate in
 * @tls_dir; its address ("https://localhost:PORT") in @url. SIGTERM stops it. */
GSubprocess  *vigil_test_start_footage_service (const char  *data_dir,
                                                const char  *tls_dir,
                                                const char  *prefix,
                                                char       **url);

/* The site names the service at @url (set as the test manager), and this
 * machine (@data_dir's footage-ca.crt) trusts the authority
 * "recorder-ca.crt" in @tls_dir that signed its certificate. */
void          vigil_test_use_footage_service (VigilSite  *site,
                                              const char *data_dir,
                                              const char *tls_dir,
                                              const char *url);
/* How many folders of fetched footage (VigilFootageClient's, in the user's
 * cache) there are on this machine. */
guint         vigil_test_fetched_footage_folders (void);

G_END_DECLS
