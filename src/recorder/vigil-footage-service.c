/* vigil-footage-service.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-footage"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "vigil-error.h"
#include "vigil-site-footage.h"
#include "vigil-site-machines.h"
#include "vigil-site-recordings.h"

#include "vigil-footage-service.h"

#define SEGMENTS_PREFIX "/segments/"

struct _VigilFootageService
{
  GObject     parent_instance;

  VigilSite  *site;
  SoupServer *server;
  int         folder_fd;  /* the recordings folder, opened at the start */
  guint       port;
};

G_DEFINE_FINAL_TYPE (VigilFootageService, vigil_footage_service, G_TYPE_OBJECT)

static void
vigil_footage_service_dispose (GObject *object)
{
  VigilFootageService *self = VIGIL_FOOTAGE_SERVICE (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->site);
  if (self->folder_fd >= 0)
    close (self->folder_fd);
  self->folder_fd = -1;
  G_OBJECT_CLASS (vigil_footage_service_parent_class)->dispose (object);
}

static void
vigil_footage_service_class_init (VigilFootageServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_footage_service_dispose;
}

static void
vigil_footage_service_init (VigilFootageService *self)
{
  self->folder_fd = -1;
}

/* Answers @status with one line saying why; logged, never with a token. */
static void
refuse (SoupServerMessage *msg,
        guint              status,
        const char        *path,
        const char        *message)
{
  g_autofree char *body = g_strconcat (message, "\n", NULL);

  g_message ("%s %s: %u %s", soup_server_message_get_method (msg), path ? path : "?", status, message);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY, body, strlen (body));
}

/* The token from "Authorization: Bearer TOKEN", or %NULL. */
static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return *value != '\0' ? value : NULL;
}

/* Whether every range starts within the file; each end is clamped to it. */
static gboolean
ranges_fit (SoupRange *ranges,
            int        n_ranges,
            gsize      total)
{
  for (int i = 0; i < n_ranges; i++)
    {
      if (ranges[i].start < 0 || (guint64) ranges[i].start >= total || ranges[i].end < ranges[i].start)
        return FALSE;
      ranges[i].end = MIN (ranges[i].end, (goffset) total - 1);
    }
  return n_ranges > 0;
}

/* The segment's bytes, or one range of them where the request asks for
 * one (several ranges are answered with the whole, as HTTP allows). */
static void
send_file (SoupServerMessage *msg,
           GBytes            *bytes)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  gsize total = g_bytes_get_size (bytes);
  SoupRange *ranges = NULL;
  int n_ranges = 0;
  g_autoptr(GBytes) part = NULL;

  soup_message_headers_replace (response, "Accept-Ranges", "bytes");
  soup_message_headers_replace (response, "Cache-Control", "no-store");
  soup_message_headers_set_content_type (response, "video/x-matroska", NULL);

  /* soup_message_headers_get_ranges() parses, and makes each range's
   * ends explicit; whether they fall in the file is for the server to say. */
  if (soup_message_headers_get_one (request, "Range") != NULL &&
      (!soup_message_headers_get_ranges (request, total, &ranges, &n_ranges) || !ranges_fit (ranges, n_ranges,
                                                                                             total)))
    {
      g_autofree char *unsatisfied = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, total);

      if (ranges != NULL)
        soup_message_headers_free_ranges (request, ranges);
      soup_message_headers_replace (response, "Content-Range", unsatisfied);
      soup_server_message_set_status (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, NULL);
      return;
    }

  if (n_ranges == 1)
    {
      part = g_bytes_new_from_bytes (bytes, ranges[0].start, ranges[0].end - ranges[0].start + 1);
      soup_message_headers_set_content_range (response, ranges[0].start, ranges[0].end, total);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    {
      part = g_bytes_ref (bytes);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  if (ranges != NULL)
    soup_message_headers_free_ranges (request, ranges);

  if (soup_server_message_get_method (msg) == SOUP_METHOD_HEAD)
    soup_message_headers_set_content_length (response, g_bytes_get_size (part));
  else
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), part);
}

/* @path (the store's) in the recordings folder, never a link nor a step
 * out of it. */
static GMappedFile *
open_segment (VigilFootageService  *self,
              const char           *path,
              GError              **error)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  GMappedFile *mapped;
  int fd;

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, "not a path inside the recordings folder");
        return NULL;
      }
  fd = openat (self->folder_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return NULL;
    }
  mapped = g_mapped_file_new_from_fd (fd, FALSE, error);
  close (fd);
  return mapped;
}

/* Each connection serves one request. libsoup 3.2 (Debian 12's) never
 * closes a kept-alive connection that its client closes while idle, so
 * every client that went away would keep a descriptor of the service's
 * until it could accept no more; a fetch or a player's range costs a TLS
 * handshake more instead. */
static void
close_after (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
serve_segment (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *raw_path,
               GHashTable        *query,
               gpointer           user_data)
{
  VigilFootageService *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *token = bearer_token (msg);
  g_autofree char *path = NULL;
  g_autoptr(VigilSegment) segment = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  close_after (msg);
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      refuse (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, raw_path, _("Only GET and HEAD read footage"));
      return;
    }
  if (token == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                    "Bearer realm=\"vigil-footage\"");
      refuse (msg, SOUP_STATUS_UNAUTHORIZED, raw_path,
              _("Footage is served only with a footage token (Authorization: Bearer)"));
      return;
    }

  /* Escaped NULs are refused by g_uri_unescape_string(); the path must be
   * one the store recorded, so nothing outside the recordings folder can
   * be named. */
  if (!g_str_has_prefix (raw_path, SEGMENTS_PREFIX) ||
      (path = g_uri_unescape_string (raw_path + strlen (SEGMENTS_PREFIX), NULL)) == NULL)
    {
      refuse (msg, SOUP_STATUS_NOT_FOUND, raw_path, _("No such footage"));
      return;
    }

  if (!vigil_site_check_machine (self->site, &error))
    {
      refuse (msg, SOUP_STATUS_FORBIDDEN, raw_path, error->message);
      return;
    }

  segment = vigil_site_find_segment (self->site, path, NULL, 0, &error);
  if (error != NULL)
    {
      refuse (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, raw_path, error->message);
      return;
    }
  if (segment == NULL || vigil_segment_get_state (segment) != VIGIL_SEGMENT_CLOSED ||
      g_strcmp0 (vigil_segment_get_path (segment), path) != 0)
    {
      refuse (msg, SOUP_STATUS_NOT_FOUND, raw_path, _("No such footage"));
      return;
    }

  if (!vigil_site_redeem_footage_token (self->site, token, vigil_segment_get_camera (segment),
                                        vigil_segment_get_start (segment), vigil_segment_get_end (segment),
                                        NULL, &error))
    {
      refuse (msg, g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION) ? SOUP_STATUS_FORBIDDEN
                                                                                : SOUP_STATUS_SERVICE_UNAVAILABLE,
              raw_path, error->message);
      return;
    }

  mapped = open_segment (self, path, &error);
  if (mapped == NULL)
    {
      g_warning ("Cannot serve %s: %s", path, error->message);
      refuse (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, raw_path, _("The segment’s file cannot be read"));
      return;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  if (g_bytes_get_size (bytes) != vigil_segment_get_bytes (segment))
    {
      g_warning ("Not serving %s: it holds %" G_GSIZE_FORMAT " bytes, the store says %" G_GUINT64_FORMAT,
                 path, g_bytes_get_size (bytes), vigil_segment_get_bytes (segment));
      refuse (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, raw_path, _("The segment’s file is not the one recorded"));
      return;
    }
  send_file (msg, bytes);
}

static void
serve_other (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  close_after (msg);
  refuse (msg, SOUP_STATUS_NOT_FOUND, path, _("No such footage"));
}

/**
 * vigil_footage_service_new:
 *
 * Returns: (transfer full): a service for @site's footage, not yet listening
 */
VigilFootageService *
vigil_footage_service_new (VigilSite        *site,
                           GTlsCertificate  *certificate,
                           GError          **error)
{
  g_autofree char *folder = NULL;
  VigilFootageService *self;
  int fd;

  g_return_val_if_fail (VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  /* The folder is the one the site names at the start (a recorder, too,
   * reads it once); made here if the recorder has not yet. */
  folder = vigil_site_get_recordings_dir (site);
  if (g_mkdir_with_parents (folder, 0700) < 0 ||
      (fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot open the recordings folder %s: %s"),
                   folder, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_FOOTAGE_SERVICE, NULL);
  self->folder_fd = fd;
  self->site = g_object_ref (site);
  self->server = soup_server_new ("tls-certificate", certificate, "server-header", "vigil-footage", NULL);
  soup_server_add_handler (self->server, SEGMENTS_PREFIX, serve_segment, self, NULL);
  soup_server_add_handler (self->server, NULL, serve_other, self, NULL);
  return self;
}

gboolean
vigil_footage_service_listen (VigilFootageService  *self,
                              const char           *address,
                              guint                 port,
                              GError              **error)
{
  GSList *uris;

  g_return_val_if_fail (VIGIL_IS_FOOTAGE_SERVICE (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  if (address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
      g_autoptr(GSocketAddress) socket_address = NULL;

      if (inet == NULL)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("“%s” is not a numeric address to listen on"), address);
          return FALSE;
        }
      socket_address = g_inet_socket_address_new (inet, port);
      if (!soup_server_listen (self->server, socket_address, SOUP_SERVER_LISTEN_HTTPS, error))
        return FALSE;
    }
  else if (!soup_server_listen_all (self->server, port, SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

guint
vigil_footage_service_get_port (VigilFootageService *self)
{
  g_return_val_if_fail (VIGIL_IS_FOOTAGE_SERVICE (self), 0);

  return self->port;
}
