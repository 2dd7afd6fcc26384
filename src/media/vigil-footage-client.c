/* vigil-footage-client.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vigil-bundle-private.h"
#include "vigil-error.h"
#include "vigil-segment.h"
#include "vigil-sha256.h"
#include "vigil-site-footage.h"
#include "vigil-site-recordings.h"

#include "vigil-footage-client.h"

#define AUTHORITY_FILE "footage-ca.crt"
#define READ_CHUNK (256 * 1024)
/* A refusal's one line, read from the answer's body at most this long. */
#define MAX_REASON 1024

struct _VigilFootageClient
{
  GObject       parent_instance;

  /* Weak: the client's last reference may go in its fetching thread, and
   * a site must not be finalized there. */
  GWeakRef      site;
  char         *service;     /* https://HOST[:PORT] */
  char         *authority;   /* the CA file, or NULL for the system's */
  char         *folder;      /* made on the first fetch */
};

G_DEFINE_FINAL_TYPE (VigilFootageClient, vigil_footage_client, G_TYPE_OBJECT)

/* What the fetching thread needs of a segment: nothing of the site. */
typedef struct
{
  char    *path;
  guint64  bytes;
  char    *sha256;
} Wanted;

/* One fetch: the task's data. A token lasts minutes; a long fetch asks
 * for another when the one it holds is about to expire, and goes on. */
typedef struct
{
  VigilFootageClient *client;     /* kept for its folder */
  VigilSession       *session;
  GArray             *wanted;     /* Wanted */
  guint               next;       /* the first not yet fetched */
  char               *camera;
  gint64              from;       /* a review's range */
  gint64              to;
  gint64              export_id;  /* or an export's, where not 0 */
  char               *token;
  gint64              expires_at;
} Fetch;

/* A token is not used for a new segment this close to its end. */
#define TOKEN_MARGIN_US (60 * G_USEC_PER_SEC)

static void
wanted_clear (Wanted *wanted)
{
  g_free (wanted->path);
  g_free (wanted->sha256);
}

static void
forget_token (Fetch *fetch)
{
  if (fetch->token != NULL)
    memset (fetch->token, 0, strlen (fetch->token));
  g_clear_pointer (&fetch->token, g_free);
}

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->client);
  g_clear_object (&fetch->session);
  g_array_unref (fetch->wanted);
  g_free (fetch->camera);
  forget_token (fetch);
  g_free (fetch);
}

static void
vigil_footage_client_finalize (GObject *object)
{
  VigilFootageClient *self = VIGIL_FOOTAGE_CLIENT (object);

  /* The footage leaves this machine with the review that fetched it. */
  if (self->folder != NULL)
    vigil_bundle_remove_tree (self->folder);
  g_free (self->folder);
  g_free (self->authority);
  g_free (self->service);
  g_weak_ref_clear (&self->site);
  G_OBJECT_CLASS (vigil_footage_client_parent_class)->finalize (object);
}

static void
vigil_footage_client_class_init (VigilFootageClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_footage_client_finalize;
}

static void
vigil_footage_client_init (VigilFootageClient *self)
{
}

/**
 * vigil_footage_segments_are_here:
 *
 * Returns: whether every segment's file is in this machine's recordings folder
 */
gboolean
vigil_footage_segments_are_here (VigilSite *site,
                                 GPtrArray *segments)
{
  g_autofree char *recordings_dir = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (site), FALSE);
  g_return_val_if_fail (segments != NULL, FALSE);

  recordings_dir = vigil_site_get_recordings_dir (site);
  for (guint i = 0; i < segments->len; i++)
    {
      g_autofree char *path = g_build_filename (recordings_dir,
                                                vigil_segment_get_path (g_ptr_array_index (segments, i)), NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    }
  return TRUE;
}

/**
 * vigil_footage_client_new:
 *
 * Returns: (transfer full): a client of @site's footage service, or %NULL
 */
VigilFootageClient *
vigil_footage_client_new (VigilSite  *site,
                          GError    **error)
{
  g_autofree char *service = NULL;
  g_autofree char *authority = NULL;
  VigilFootageClient *self;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);

  service = vigil_site_get_footage_service (site);
  if (service == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND,
                   _("The footage is not on this computer, and the site names no footage service "
                     "(the “%s” setting)"), VIGIL_SETTING_FOOTAGE_SERVICE);
      return NULL;
    }
  authority = g_build_filename (vigil_site_get_data_dir (site), AUTHORITY_FILE, NULL);

  self = g_object_new (VIGIL_TYPE_FOOTAGE_CLIENT, NULL);
  g_weak_ref_init (&self->site, site);
  self->service = g_steal_pointer (&service);
  if (g_file_test (authority, G_FILE_TEST_EXISTS))
    self->authority = g_steal_pointer (&authority);
  return self;
}

const char *
vigil_footage_client_get_folder (VigilFootageClient *self)
{
  g_return_val_if_fail (VIGIL_IS_FOOTAGE_CLIENT (self), NULL);

  return self->folder;
}

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  int saved;

  if (g_mkdir_with_parents (path, 0700) == 0)
    return TRUE;
  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot make %s: %s"), path, g_strerror (saved));
  return FALSE;
}

/* A private folder for the fetched footage: the user's cache, mode 0700. */
static gboolean
ensure_folder (VigilFootageClient  *self,
               GError             **error)
{
  g_autofree char *parent = NULL;
  g_autofree char *template = NULL;

  if (self->folder != NULL)
    return TRUE;
  parent = g_build_filename (g_get_user_cache_dir (), "vigil", "footage", NULL);
  if (!make_folder (parent, error))
    return FALSE;
  template = g_build_filename (parent, "review-XXXXXX", NULL);
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot make a folder in %s: %s"), parent,
                   g_strerror (saved));
      return FALSE;
    }
  self->folder = g_steal_pointer (&template);
  return TRUE;
}

/* The fetching thread */

static SoupSession *
open_session (Fetch   *fetch,
              GError **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  SoupSession *session;

  if (fetch->client->authority != NULL)
    {
      database = g_tls_file_database_new (fetch->client->authority, error);
      if (database == NULL)
        {
          g_prefix_error (error, "%s: ", fetch->client->authority);
          return NULL;
        }
    }
  session = soup_session_new_with_options ("user-agent", "Vigil/" PACKAGE_VERSION, "timeout", 30, NULL);
  if (database != NULL)
    soup_session_set_tls_database (session, database);
  return session;
}

/* The refusal's one line, from the answer's body. */
static char *
read_reason (GInputStream *stream,
             GCancellable *cancellable)
{
  g_autofree char *text = g_malloc0 (MAX_REASON + 1);
  gsize got = 0;
  char *end;

  g_input_stream_read_all (stream, text, MAX_REASON, &got, cancellable, NULL);
  text[got] = '\0';
  if ((end = strchr (text, '\n')) != NULL)
    *end = '\0';
  if (!g_utf8_validate (text, -1, NULL) || text[0] == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/* Fetches one segment into the folder under a temporary name, checks it
 * against the store's record, then gives it its own name. */
static gboolean
fetch_one (Fetch         *fetch,
           SoupSession   *session,
           const Wanted  *wanted,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (wanted->path, "/", FALSE);
  g_autofree char *url = g_strconcat (fetch->client->service, "/segments/", escaped, NULL);
  g_autofree char *target = g_build_filename (fetch->client->folder, wanted->path, NULL);
  g_autofree char *partial = g_strconcat (target, ".part", NULL);
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *bearer = g_strconcat ("Bearer ", fetch->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (partial);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(VigilSha256) sha = vigil_sha256_new ();
  g_autofree guint8 *chunk = NULL;
  guint64 written = 0;
  gboolean written_ok = TRUE;
  gssize got = 0;

  /* The store's path, kept inside the folder whatever it says. */
  if (msg == NULL || g_path_is_absolute (wanted->path) || g_str_has_prefix (wanted->path, "../") ||
      strstr (wanted->path, "/../") != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("%s is not an address the footage can be read from"),
                   url);
      return FALSE;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  body = soup_session_send (session, msg, cancellable, error);
  if (body == NULL)
    {
      g_prefix_error (error, _("Cannot reach the footage service at %s: "), fetch->client->service);
      return FALSE;
    }
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_autofree char *reason = read_reason (body, cancellable);
      guint status = soup_message_get_status (msg);
      gboolean refused = status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_UNAUTHORIZED;

      g_set_error (error, refused ? VIGIL_ERROR : G_IO_ERROR, refused ? VIGIL_ERROR_PERMISSION : G_IO_ERROR_FAILED,
                   _("The footage service refused %s: %s"), wanted->path,
                   reason != NULL ? reason : soup_message_get_reason_phrase (msg));
      return FALSE;
    }

  if (!make_folder (folder, error))
    return FALSE;
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (out == NULL)
    return FALSE;
  chunk = g_malloc (READ_CHUNK);
  while (written_ok && (got = g_input_stream_read (body, chunk, READ_CHUNK, cancellable, error)) > 0)
    {
      vigil_sha256_update (sha, chunk, (gsize) got);
      written += (guint64) got;
      written_ok = g_output_stream_write_all (G_OUTPUT_STREAM (out), chunk, (gsize) got, NULL, cancellable, error);
    }
  if (!written_ok || got < 0 || !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    {
      g_remove (partial);
      return FALSE;
    }

  if (written != wanted->bytes || g_strcmp0 (vigil_sha256_get_string (sha), wanted->sha256) != 0)
    {
      g_remove (partial);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The footage service sent %s as %" G_GUINT64_FORMAT " bytes with SHA-256 %s; "
                     "the site recorded %" G_GUINT64_FORMAT " bytes with SHA-256 %s"),
                   wanted->path, written, vigil_sha256_get_string (sha), wanted->bytes, wanted->sha256);
      return FALSE;
    }
  if (g_rename (partial, target) < 0)
    {
      int saved = errno;
      g_remove (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot keep %s: %s"), target,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Fetches segments from fetch->next on, while the token lasts. */
static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(SoupSession) session = NULL;
  GError *error = NULL;

  if ((session = open_session (fetch, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* One segment at least for each token, whatever the clocks say. */
  for (guint first = fetch->next;
       fetch->next < fetch->wanted->len &&
       (fetch->next == first || g_get_real_time () < fetch->expires_at - TOKEN_MARGIN_US);)
    {
      if (!fetch_one (fetch, session, &g_array_index (fetch->wanted, Wanted, fetch->next), cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      fetch->next++;
    }
  g_task_return_boolean (task, TRUE);
}

static void ask_for_token (GTask *task);

static void
on_part_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else if (fetch->next < fetch->wanted->len)
    ask_for_token (g_steal_pointer (&task));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GTask) part = NULL;
  GError *error = NULL;

  forget_token (fetch);
  fetch->token = vigil_site_grant_footage_token_finish (VIGIL_SITE (object), result, &fetch->expires_at, &error);
  if (fetch->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The fetch's own task returns once; each run of the thread has one of
   * its own. */
  part = g_task_new (fetch->client, g_task_get_cancellable (task), on_part_fetched, g_object_ref (task));
  g_task_set_task_data (part, fetch, NULL);
  g_task_run_in_thread (part, fetch_thread);
}

/* Takes @task's reference. */
static void
ask_for_token (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(VigilSite) site = g_weak_ref_get (&fetch->client->site);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (site == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The site was closed"));
      g_object_unref (task);
      return;
    }
  if (fetch->export_id != 0)
    vigil_site_grant_export_token_async (site, fetch->session, fetch->export_id, fetch->camera, cancellable,
                                         on_token, task);
  else
    vigil_site_grant_footage_token_async (site, fetch->session, fetch->camera, fetch->from, fetch->to, cancellable,
                                          on_token, task);
}

static void
start_fetch (VigilFootageClient  *self,
             VigilSession        *session,
             const char          *camera,
             GPtrArray           *segments,
             gint64               from,
             gint64               to,
             gint64               export_id,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  Fetch *fetch;

  g_task_set_source_tag (task, start_fetch);
  fetch = g_new0 (Fetch, 1);
  fetch->client = g_object_ref (self);
  fetch->session = g_object_ref (session);
  fetch->camera = g_strdup (camera);
  fetch->from = from;
  fetch->to = to;
  fetch->export_id = export_id;
  fetch->wanted = g_array_sized_new (FALSE, TRUE, sizeof (Wanted), segments->len);
  g_array_set_clear_func (fetch->wanted, (GDestroyNotify) wanted_clear);
  for (guint i = 0; i < segments->len; i++)
    {
      VigilSegment *segment = g_ptr_array_index (segments, i);
      Wanted wanted = {
        .path = g_strdup (vigil_segment_get_path (segment)),
        .bytes = vigil_segment_get_bytes (segment),
        .sha256 = g_strdup (vigil_segment_get_sha256 (segment)),
      };

      g_array_append_val (fetch->wanted, wanted);
    }
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  if (!ensure_folder (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ask_for_token (g_steal_pointer (&task));
}

void
vigil_footage_client_fetch_async (VigilFootageClient  *self,
                                  VigilSession        *session,
                                  const char          *camera,
                                  GPtrArray           *segments,
                                  gint64               from,
                                  gint64               to,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_FOOTAGE_CLIENT (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);
  g_return_if_fail (segments != NULL);

  start_fetch (self, session, camera, segments, from, to, 0, cancellable, callback, user_data);
}

void
vigil_footage_client_fetch_export_async (VigilFootageClient  *self,
                                         VigilSession        *session,
                                         gint64               export_id,
                                         const char          *camera,
                                         GPtrArray           *segments,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (VIGIL_IS_FOOTAGE_CLIENT (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (export_id > 0);
  g_return_if_fail (camera != NULL);
  g_return_if_fail (segments != NULL);

  start_fetch (self, session, camera, segments, 0, 0, export_id, cancellable, callback, user_data);
}

gboolean
vigil_footage_client_fetch_finish (VigilFootageClient  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == start_fetch, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
