/* test-footage-service.c: footage across the network. vigil-footage-service
 * runs as the recorder's machine runs it, serving real files over TLS on
 * loopback; the laptop's side (VigilFootageClient) and plain HTTPS requests
 * read through it with the core's tokens. Runs on SQLite, and again on
 * PostgreSQL in the postgresql suite.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-footage-service"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "camsim-fixture.h"
#include "recordings-fixture.h"
#include "vigil-footage-client.h"
#include "vigil-sha256.h"
#include "vigil-site-footage.h"
#include "vigil-site-recordings.h"

#define SEGMENT_BYTES 307217

typedef struct
{
  Centre       centre;
  char        *tls_dir;
  GSubprocess *service;
  char        *url;       /* https://localhost:PORT */
  gint64       base;      /* the first segment's start */
  GPtrArray   *cot;       /* VigilSegment, three of a minute each from base */
  GPtrArray   *hall;      /* one, from base */
} Footage;

/* A closed segment of @camera with @bytes random bytes in its file. */
static VigilSegment *
add_file_segment (Footage    *f,
                  const char *camera,
                  gint64      start)
{
  VigilSite *site = f->centre.site;
  g_autofree char *recordings = vigil_site_get_recordings_dir (site);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d/%H-%M-%S");
  g_autofree char *path = g_strdup_printf ("%s/%s.mkv", camera, stamp);
  g_autofree char *file = g_build_filename (recordings, path, NULL);
  g_autofree char *folder = g_path_get_dirname (file);
  g_autofree guint8 *bytes = g_malloc (SEGMENT_BYTES);
  g_autoptr(VigilSha256) sha = vigil_sha256_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 id;

  for (gsize i = 0; i < SEGMENT_BYTES; i += 4)
    {
      guint32 word = g_random_int ();
      memcpy (bytes + i, &word, MIN (4, SEGMENT_BYTES - i));
    }
  vigil_sha256_update (sha, bytes, SEGMENT_BYTES);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, (const char *) bytes, SEGMENT_BYTES, &error));

  id = vigil_site_open_segment (site, camera, path, start, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_close_segment (site, id, start + 59 * G_USEC_PER_SEC, SEGMENT_BYTES,
                                           vigil_sha256_get_string (sha), &error));
  g_assert_no_error (error);
  return vigil_site_find_segment (site, path, NULL, 0, &error);
}

static void
footage_setup (Footage      *f,
               gconstpointer data)
{
  recordings_setup (&f->centre, data);
  /* The service keeps the real time: so must the tokens. */
  f->base = (g_get_real_time () / G_USEC_PER_SEC - 3600) * G_USEC_PER_SEC;
  vigil_site_set_now_for_testing (f->centre.site, g_get_real_time ());

  f->cot = g_ptr_array_new_with_free_func (g_object_unref);
  f->hall = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < 3; i++)
    g_ptr_array_add (f->cot, add_file_segment (f, COT, f->base + i * 60 * G_USEC_PER_SEC));
  g_ptr_array_add (f->hall, add_file_segment (f, HALL, f->base));

  f->tls_dir = g_build_filename (f->centre.dir, "tls", NULL);
  g_assert_cmpint (g_mkdir (f->tls_dir, 0700), ==, 0);
  vigil_test_make_certificate (f->tls_dir, "recorder");
  vigil_test_make_certificate (f->tls_dir, "stranger");
  f->service = vigil_test_start_footage_service (f->centre.dir, f->tls_dir, "recorder", &f->url);
}

static void
footage_teardown (Footage      *f,
                  gconstpointer data)
{
  g_subprocess_send_signal (f->service, SIGTERM);
  g_subprocess_wait (f->service, NULL, NULL);
  g_clear_object (&f->service);
  g_clear_pointer (&f->cot, g_ptr_array_unref);
  g_clear_pointer (&f->hall, g_ptr_array_unref);
  g_free (f->url);
  g_free (f->tls_dir);
  centre_teardown (&f->centre, data);
}

/* This machine trusts the authority named @prefix ("recorder" signed the
 * service's certificate), or the system's alone where @prefix is NULL. */
static void
trust (Footage    *f,
       const char *prefix)
{
  g_autofree char *target = g_build_filename (f->centre.dir, "footage-ca.crt", NULL);
  g_autofree char *source = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_remove (target);
  if (prefix == NULL)
    return;
  source = g_strdup_printf ("%s/%s-ca.crt", f->tls_dir, prefix);
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (target, contents, (gssize) length, NULL));
}

static void
set_service (Footage    *f,
             const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_set_setting (f->centre.site, f->centre.manager, VIGIL_SETTING_FOOTAGE_SERVICE, value,
                                         "the recorder's machine serves footage", &error));
  g_assert_no_error (error);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Fetches @segments of @camera for @range as @session; returns whether it
 * worked, @error saying why not. */
static gboolean
fetch (VigilFootageClient *client,
       VigilSession       *session,
       const char         *camera,
       GPtrArray          *segments,
       gint64              from,
       gint64              to,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  vigil_footage_client_fetch_async (client, session, camera, segments, from, to, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return vigil_footage_client_fetch_finish (client, result, error);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(VigilSha256) sha = vigil_sha256_new ();

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  vigil_sha256_update (sha, contents, length);
  return g_strdup (vigil_sha256_get_string (sha));
}

static gint64
segment_end (GPtrArray *segments,
             guint      i)
{
  return vigil_segment_get_end (g_ptr_array_index (segments, i));
}

/* The site names the service: a laptop fetches a review's segments,
 * each the file recorded, into a private folder gone with the review. */
static void
test_fetch (Footage      *f,
            gconstpointer data)
{
  VigilSite *site = f->centre.site;
  g_autoptr(VigilFootageClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GPtrArray) two = NULL;
  const char *third;

  /* No service named: the laptop is told so, and what to set. */
  client = vigil_footage_client_new (site, &error);
  g_assert_null (client);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "footage-service"));
  g_clear_error (&error);
  g_assert_true (vigil_footage_segments_are_here (site, f->cot));

  /* Only an https address of a host, nothing more. */
  for (const char *const *value = (const char *[]) { "http://localhost:1", "https://", "https://h/some/path",
                                                      "https://user@h", "https://h?x=1", "localhost", NULL };
       *value != NULL; value++)
    {
      g_assert_false (vigil_site_set_setting (site, f->centre.manager, VIGIL_SETTING_FOOTAGE_SERVICE, *value,
                                              "a try", &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "https://recorder.example:8443"));
      g_clear_error (&error);
    }

  set_service (f, f->url);
  trust (f, "recorder");
  client = vigil_footage_client_new (site, &error);
  g_assert_no_error (error);
  two = g_ptr_array_copy (f->cot, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (two, g_object_unref);
  g_ptr_array_remove_index (two, 2);
  g_assert_true (fetch (client, f->centre.lead, COT, two, f->base, segment_end (f->cot, 1), &error));
  g_assert_no_error (error);
  g_assert_true (vigil_test_audit_has (site, TEAM_LEAD, "footage-token-granted", "camera:" COT, NULL));

  folder = g_strdup (vigil_footage_client_get_folder (client));
  g_assert_nonnull (folder);
  for (guint i = 0; i < two->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (two, i);
      g_autofree char *copy = g_build_filename (folder, vigil_segment_get_path (segment), NULL);
      g_autofree char *sha = file_sha256 (copy);
      GStatBuf info;

      g_assert_cmpstr (sha, ==, vigil_segment_get_sha256 (segment));
      g_assert_cmpint (g_stat (copy, &info), ==, 0);
      g_assert_cmpint (info.st_mode & 0077, ==, 0);
    }

  /* A segment after the range granted is refused, in the core's words,
   * and nothing of it stays on the laptop. */
  third = vigil_segment_get_path (g_ptr_array_index (f->cot, 2));
  g_assert_false (fetch (client, f->centre.lead, COT, f->cot, f->base, segment_end (f->cot, 1), &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, third));
  g_assert_nonnull (strstr (error->message, "range"));
  g_clear_error (&error);
  bad = g_build_filename (folder, third, NULL);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_free (bad);
  bad = g_strconcat (folder, "/", third, ".part", NULL);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_true (vigil_test_audit_has (site, TEAM_LEAD, "footage-token-refused", "camera:" COT, NULL));

  /* An operator who is not a reviewer gets no token, and so no footage. */
  g_assert_false (fetch (client, f->centre.operator, COT, two, f->base, segment_end (f->cot, 1), &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "review-footage"));
  g_clear_error (&error);

  /* The review over, its footage leaves the laptop. */
  g_clear_object (&client);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* A request as any HTTPS client makes it, trusting the recorder's
 * authority: the status, the body, and the Content-Range where there is one. */
static guint
request (Footage     *f,
         const char  *path,
         const char  *token,
         const char  *range,
         GBytes     **body,
         char       **content_range)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *authority = g_strdup_printf ("%s/recorder-ca.crt", f->tls_dir);
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (authority, NULL);
  g_autofree char *url = g_strconcat (f->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = NULL;

  g_assert_nonnull (database);
  soup_session_set_tls_database (session, database);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (range != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Range", range);
  got = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (body != NULL)
    *body = g_steal_pointer (&got);
  if (content_range != NULL)
    *content_range = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                             "Content-Range"));
  return soup_message_get_status (msg);
}

/* How many descriptors @process has open, from /proc. */
static guint
open_descriptors (GSubprocess *process)
{
  g_autofree char *folder = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (process));
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

typedef struct
{
  GSubprocess *process;
  guint        limit;
} Descriptors;

static gboolean
descriptors_below (gpointer data)
{
  Descriptors *wait = data;

  return open_descriptors (wait->process) < wait->limit;
}

static char *
segment_url_path (VigilSegment *segment)
{
  g_autofree char *escaped = g_uri_escape_string (vigil_segment_get_path (segment), "/", FALSE);

  return g_strconcat ("/segments/", escaped, NULL);
}

static char *
grant (Footage      *f,
       const char   *camera,
       gint64        from,
       gint64        to)
{
  g_autoptr(GError) error = NULL;
  char *token = vigil_site_grant_footage_token (f->centre.site, f->centre.lead, camera, from, to, NULL, &error);

  g_assert_no_error (error);
  return token;
}

static gboolean
bytes_say (GBytes     *bytes,
           const char *words)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return strstr (text, words) != NULL;
}

/* What the service answers, request by request: only a token's camera and
 * range, ranges of a file as asked, and nothing the store did not record. */
static void
test_requests (Footage      *f,
               gconstpointer data)
{
  VigilSegment *first = g_ptr_array_index (f->cot, 0);
  g_autofree char *first_path = segment_url_path (first);
  g_autofree char *hall_path = segment_url_path (g_ptr_array_index (f->hall, 0));
  g_autofree char *third_path = segment_url_path (g_ptr_array_index (f->cot, 2));
  g_autofree char *token = grant (f, COT, f->base, f->base + 30 * G_USEC_PER_SEC);
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *content_range = NULL;
  g_autofree char *recordings = vigil_site_get_recordings_dir (f->centre.site);
  g_autoptr(GBytes) body = NULL;
  gsize length;

  file = g_build_filename (recordings, vigil_segment_get_path (first), NULL);
  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));

  /* No token, or one the site never gave: nothing. */
  g_assert_cmpuint (request (f, first_path, NULL, NULL, &body, NULL), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_true (bytes_say (body, "footage token"));
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (request (f, first_path, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &body, NULL), ==,
                    SOUP_STATUS_FORBIDDEN);
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_true (vigil_test_audit_has (f->centre.site, "footage-service", "footage-token-refused", NULL, NULL));

  /* The token's camera and range: the file, byte for byte. */
  g_assert_cmpuint (request (f, first_path, token, NULL, &body, NULL), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (g_bytes_get_size (body), ==, length);
  g_assert_cmpint (memcmp (g_bytes_get_data (body, NULL), contents, length), ==, 0);
  g_clear_pointer (&body, g_bytes_unref);

  /* A range of it, as a player seeking asks. */
  g_assert_cmpuint (request (f, first_path, token, "bytes=1000-70999", &body, &content_range), ==,
                    SOUP_STATUS_PARTIAL_CONTENT);
  g_assert_cmpuint (g_bytes_get_size (body), ==, 70000);
  g_assert_cmpint (memcmp (g_bytes_get_data (body, NULL), contents + 1000, 70000), ==, 0);
  g_assert_cmpstr (content_range, ==, "bytes 1000-70999/" G_STRINGIFY (SEGMENT_BYTES));
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&content_range, g_free);
  g_assert_cmpuint (request (f, first_path, token, "bytes=-16", &body, NULL), ==, SOUP_STATUS_PARTIAL_CONTENT);
  g_assert_cmpint (memcmp (g_bytes_get_data (body, NULL), contents + length - 16, 16), ==, 0);
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (request (f, first_path, token, "bytes=999999999-", NULL, &content_range), ==,
                    SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE);
  g_assert_cmpstr (content_range, ==, "bytes */" G_STRINGIFY (SEGMENT_BYTES));
  g_clear_pointer (&content_range, g_free);

  /* Another camera, or the same camera outside the range: refused in the
   * core's words, and on the trail. */
  g_assert_cmpuint (request (f, hall_path, token, NULL, &body, NULL), ==, SOUP_STATUS_FORBIDDEN);
  g_assert_true (bytes_say (body, "for camera " COT ", not " HALL));
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_true (vigil_test_audit_has (f->centre.site, TEAM_LEAD, "footage-token-refused", "camera:" HALL, NULL));
  g_assert_cmpuint (request (f, third_path, token, NULL, &body, NULL), ==, SOUP_STATUS_FORBIDDEN);
  g_assert_true (bytes_say (body, "range"));
  g_clear_pointer (&body, g_bytes_unref);

  /* Nothing the store did not record, nothing outside the folder. */
  /* (libsoup refuses the first as a bad request before the service sees it.) */
  for (const char *const *path = (const char *[]) { "/segments/..%2Fvigil.db", "/segments/../vigil.db",
                                                     "/segments/%2E%2E/vigil.db", NULL };
       *path != NULL; path++)
    {
      guint status = request (f, *path, token, NULL, NULL, NULL);

      g_assert_true (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_BAD_REQUEST);
    }
  g_assert_cmpuint (request (f, "/vigil.db", token, NULL, NULL, NULL), ==, SOUP_STATUS_NOT_FOUND);
  g_assert_cmpuint (request (f, "/segments/Cot/2001-01-01/00-00-00.mkv", token, NULL, NULL, NULL), ==,
                    SOUP_STATUS_NOT_FOUND);

  /* A service runs for months: the connections its clients made and left
   * leave it nothing open. */
  {
    Descriptors wait = { f->service, open_descriptors (f->service) + 5 };

    for (guint i = 0; i < 40; i++)
      g_assert_cmpuint (request (f, first_path, token, "bytes=0-99", NULL, NULL), ==, SOUP_STATUS_PARTIAL_CONTENT);
    /* It closes each as its answer ends, a moment after the client has it. */
    if (!camsim_wait_for (descriptors_below, &wait, 5 * G_USEC_PER_SEC))
      g_error ("the service holds %u descriptors after 40 requests, %u before", open_descriptors (f->service),
               wait.limit - 5);
  }
}

/* A token past its five minutes is refused, by the service's own clock. */
static void
test_expired (Footage      *f,
              gconstpointer data)
{
  g_autofree char *first_path = segment_url_path (g_ptr_array_index (f->cot, 0));
  g_autofree char *token = NULL;
  g_autoptr(GBytes) body = NULL;

  vigil_site_set_now_for_testing (f->centre.site, g_get_real_time () - (VIGIL_FOOTAGE_TOKEN_SECONDS + 1) *
                                  G_USEC_PER_SEC);
  token = grant (f, COT, f->base, f->base + G_USEC_PER_SEC);
  g_assert_cmpuint (request (f, first_path, token, NULL, &body, NULL), ==, SOUP_STATUS_FORBIDDEN);
  g_assert_true (bytes_say (body, "expired"));
}

/* A laptop that does not trust the service's authority, or a service
 * whose certificate another authority signed, is not read from. */
static void
test_untrusted (Footage      *f,
                gconstpointer data)
{
  g_autoptr(VigilFootageClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, g_ptr_array_index (f->cot, 0));
  set_service (f, f->url);
  trust (f, "stranger");
  client = vigil_footage_client_new (f->centre.site, &error);
  g_assert_no_error (error);
  g_assert_false (fetch (client, f->centre.lead, COT, one, f->base, f->base + G_USEC_PER_SEC, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (error->message, "Cannot reach the footage service at https://localhost:"));
  g_clear_error (&error);
  g_clear_object (&client);

  trust (f, NULL);
  client = vigil_footage_client_new (f->centre.site, &error);
  g_assert_false (fetch (client, f->centre.lead, COT, one, f->base, f->base + G_USEC_PER_SEC, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/footage-service/" path, Footage, \
              CENTRE_LOGINS (CENTRE_MANAGER | CENTRE_LEAD | CENTRE_OPERATOR), footage_setup, func, \
              footage_teardown)

  ADD ("fetch", test_fetch);
  ADD ("requests", test_requests);
  ADD ("expired", test_expired);
  ADD ("untrusted", test_untrusted);

  return g_test_run ();
}
