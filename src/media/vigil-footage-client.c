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

typedef struct
{
  VigilFootageClient *client;   /* kept for its folder */
  GArray             *wanted;   /* Wanted */
  char               *camera;
  gint64              from;
  gint64              to;
  char               *token;
} Fetch;

static void
wanted_clear (Wanted *wanted)
{
  g_free (wanted->path);
  g_free (wanted->sha256);
}

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->client);
  g_array_unref (fetch->wanted);
  g_free (fetch->camera);
  if (fetch->token != NULL)
    memset (fetch->token, 0, strlen (fetch->token));
  g_free (fetch->token);
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
  if (g_mkdir_with_parents (parent, 0700) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot make %s: %s"), parent,
                   g_strerror (saved));
      return FALSE;
    }
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
  gssize got;

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

  if (g_mkdir_with_parents (folder, 0700) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot make %s: %s"), folder,
                   g_strerror (saved));
      return FALSE;
    }
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (out == NULL)
    return FALSE;
  chunk = g_malloc (READ_CHUNK);
  while ((got = g_input_stream_read (body, chunk, READ_CHUNK, cancellable, error)) > 0)
    {
      vigil_sha256_update (sha, chunk, (gsize) got);
      written += (guint64) got;
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), chunk, (gsize) got, NULL, cancellable, error))
        break;
    }
  if (got < 0 || (error != NULL && *error != NULL) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
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
  for (guint i = 0; i < fetch->wanted->len; i++)
    if (!fetch_one (fetch, session, &g_array_index (fetch->wanted, Wanted, i), cancellable, &error))
      {
        g_task_return_error (task, error);
        return;
      }
  g_task_return_boolean (task, TRUE);
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  fetch->token = vigil_site_grant_footage_token_finish (VIGIL_SITE (object), result, NULL, &error);
  if (fetch->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, fetch_thread);
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
  g_autoptr(GTask) task = NULL;
  g_autoptr(VigilSite) site = NULL;
  GError *error = NULL;
  Fetch *fetch;

  g_return_if_fail (VIGIL_IS_FOOTAGE_CLIENT (self));
  g_return_if_fail (VIGIL_IS_SESSION (session));
  g_return_if_fail (camera != NULL);
  g_return_if_fail (segments != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_footage_client_fetch_async);

  fetch = g_new0 (Fetch, 1);
  fetch->client = g_object_ref (self);
  fetch->camera = g_strdup (camera);
  fetch->from = from;
  fetch->to = to;
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

  site = g_weak_ref_get (&self->site);
  if (site == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The site was closed"));
      return;
    }
  if (!ensure_folder (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  vigil_site_grant_footage_token_async (site, session, camera, from, to, cancellable, on_token,
                                        g_steal_pointer (&task));
}

gboolean
vigil_footage_client_fetch_finish (VigilFootageClient  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
