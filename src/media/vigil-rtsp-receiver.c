/* vigil-rtsp-receiver.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-media"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "vigil-camera-attempt-private.h"
#include "vigil-rtp-unpack-private.h"
#include "vigil-rtsp-receiver-private.h"

/* The limit on connecting and on each answer while setting up. */
#define REQUEST_TIMEOUT_S 10
/* And on TEARDOWN, once closed: a camera that no longer answers holds up
 * nothing for long. */
#define CLOSING_TIMEOUT_S 1
/* While playing, the thread sleeps until this much has arrived, or
 * READ_WAIT_US has gone by: a few reads a second per camera instead of one
 * per packet, and a frame at most READ_WAIT_US late to the recorder. */
#define READ_LOW_WATER (16 * 1024)
#define READ_WAIT_US (40 * G_TIME_SPAN_MILLISECOND)
#define READ_CHUNK (64 * 1024)
/* The session's timeout where the camera does not say one (RFC 2326 12.37). */
#define DEFAULT_SESSION_TIMEOUT_S 60
/* The longest RTSP message head and body taken from a camera. */
#define MAX_HEAD (16 * 1024)
#define MAX_BODY (256 * 1024)
/* Interleaved channels: RTP then RTCP for each stream. */
#define VIDEO_CHANNEL 0
#define AUDIO_CHANNEL 2

struct _VigilRtspReceiver
{
  gatomicrefcount                ref;
  VigilCameraAccess             *access;
  VigilEncodedHandler           *encoded;
  const VigilRtspReceiverEvents *events;
  gpointer                       owner;
  GDestroyNotify                 owner_unref;
  GCancellable                  *cancellable;

  GMutex                         lock;
  gboolean                       closed;

  /* The thread's own */
  GSocketConnection             *connection;
  GSocket                       *socket;
  GByteArray                    *in;
  guint                          cseq;
  char                          *base_url;   /* what the streams' controls are relative to */
  char                          *play_url;   /* the whole presentation's */
  char                          *session;
  guint                          session_timeout;
  gint64                         last_request;
  GHashTable                    *digest;     /* the Digest challenge's parameters, once asked for */
  guint                          digest_count;
  gboolean                       basic;
  VigilRtpUnpack                *video;
  VigilRtpUnpack                *audio;
  gboolean                       playing;
  gboolean                       video_seen;
  gint64                         arrived;    /* when the last read's last bytes came (g_get_real_time) */
};

typedef struct
{
  guint       status;
  char       *reason;
  GHashTable *headers;       /* lower-case name → value (the last) */
  GPtrArray  *authenticate;  /* every WWW-Authenticate */
  GBytes     *body;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->reason, g_free);
  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_clear_pointer (&response->authenticate, g_ptr_array_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static void
receiver_unref (VigilRtspReceiver *self)
{
  if (!g_atomic_ref_count_dec (&self->ref))
    return;

  if (self->owner_unref != NULL)
    self->owner_unref (self->owner);
  vigil_camera_access_free (self->access);
  vigil_encoded_handler_unref (self->encoded);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->in, g_byte_array_unref);
  g_free (self->base_url);
  g_free (self->session);
  g_clear_pointer (&self->digest, g_hash_table_unref);
  g_free (self->play_url);
  g_clear_pointer (&self->video, vigil_rtp_unpack_free);
  g_clear_pointer (&self->audio, vigil_rtp_unpack_free);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* Events, under the lock so that none comes after close() */

#define EMIT(self, event, ...) G_STMT_START {                           \
    g_mutex_lock (&(self)->lock);                                       \
    if (!(self)->closed)                                                \
      (self)->events->event ((self)->owner, ##__VA_ARGS__);             \
    g_mutex_unlock (&(self)->lock);                                     \
  } G_STMT_END

static gboolean
is_closed (VigilRtspReceiver *self)
{
  gboolean closed;

  g_mutex_lock (&self->lock);
  closed = self->closed;
  g_mutex_unlock (&self->lock);
  return closed;
}

/* Frames, to the handler */

static void
give (VigilRtspReceiver *self,
      VigilMediaKind     kind,
      GstBuffer         *frame,
      GstCaps           *caps)
{
  g_autoptr(GstSample) sample = vigil_encoded_sample_new (frame, caps, self->arrived);

  /* Under the lock: no frame reaches the handler once close() returned. */
  g_mutex_lock (&self->lock);
  if (!self->closed)
    vigil_encoded_handler_call (self->encoded, kind, sample);
  g_mutex_unlock (&self->lock);
}

static void
on_video_frame (GstBuffer *frame,
                GstCaps   *caps,
                gpointer   user_data)
{
  VigilRtspReceiver *self = user_data;

  give (self, VIGIL_MEDIA_KIND_VIDEO, frame, caps);
  if (!self->playing)
    {
      const GstStructure *structure = gst_caps_get_structure (caps, 0);
      int width = 0, height = 0;

      gst_structure_get_int (structure, "width", &width);
      gst_structure_get_int (structure, "height", &height);
      self->playing = TRUE;
      EMIT (self, playing, (guint) width, (guint) height);
    }
}

static void
on_audio_frame (GstBuffer *frame,
                GstCaps   *caps,
                gpointer   user_data)
{
  give (user_data, VIGIL_MEDIA_KIND_AUDIO, frame, caps);
}

/* Reading and writing RTSP */

/* Reads what has arrived into self->in, waiting for it when @blocking,
 * and sets self->arrived; FALSE with @error when the connection failed or
 * closed. The kernel says when the last bytes read arrived (SO_TIMESTAMPNS,
 * set when connected): with reads batched, that is tens of milliseconds
 * before the read. */
static gboolean
fill (VigilRtspReceiver  *self,
      gboolean            blocking,
      GCancellable       *cancellable,
      GError            **error)
{
  guint had = self->in->len;
  union {
    struct cmsghdr header;
    char           space[CMSG_SPACE (sizeof (struct timespec))];
  } control;
  struct iovec vector;
  struct msghdr message = { 0 };
  gssize got;

  if (blocking && !g_socket_condition_wait (self->socket, G_IO_IN, cancellable, error))
    return FALSE;

  g_byte_array_set_size (self->in, had + READ_CHUNK);
  vector = (struct iovec) { self->in->data + had, READ_CHUNK };
  message.msg_iov = &vector;
  message.msg_iovlen = 1;
  message.msg_control = control.space;
  message.msg_controllen = sizeof control.space;
  do
    got = recvmsg (g_socket_get_fd (self->socket), &message, MSG_DONTWAIT);
  while (got < 0 && errno == EINTR);
  g_byte_array_set_size (self->in, had + (guint) MAX (got, 0));
  if (got < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
      return FALSE;
    }
  if (got == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "closed");
      return FALSE;
    }

  self->arrived = g_get_real_time ();
  for (struct cmsghdr *header = CMSG_FIRSTHDR (&message); header != NULL; header = CMSG_NXTHDR (&message, header))
    if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_TIMESTAMPNS)
      {
        struct timespec stamp;

        memcpy (&stamp, CMSG_DATA (header), sizeof stamp);
        self->arrived = MIN (self->arrived, (gint64) stamp.tv_sec * G_USEC_PER_SEC + stamp.tv_nsec / 1000);
      }
  return TRUE;
}

static gboolean
send_text (VigilRtspReceiver  *self,
           const char         *text,
           GCancellable       *cancellable,
           GError            **error)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (self->connection)),
                                    text, strlen (text), NULL, cancellable, error);
}

static char *
md5_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* The Authorization header for @method on @url, or "" (RFC 2617). */
static char *
authorization (VigilRtspReceiver *self,
               const char        *method,
               const char        *url)
{
  const char *username = vigil_camera_access_get_username (self->access);
  const char *password = vigil_camera_access_get_password (self->access);

  if (username == NULL)
    return g_strdup ("");
  if (password == NULL)
    password = "";

  if (self->digest != NULL)
    {
      const char *realm = g_hash_table_lookup (self->digest, "realm");
      const char *nonce = g_hash_table_lookup (self->digest, "nonce");
      const char *opaque = g_hash_table_lookup (self->digest, "opaque");
      const char *qop = g_hash_table_lookup (self->digest, "qop");
      g_autofree char *a1 = g_strdup_printf ("%s:%s:%s", username, realm, password);
      g_autofree char *a2 = g_strdup_printf ("%s:%s", method, url);
      g_autofree char *ha1 = md5_hex (a1);
      g_autofree char *ha2 = md5_hex (a2);
      g_autofree char *all = NULL;
      g_autofree char *response = NULL;
      g_autofree char *quality = NULL;
      g_autofree char *opaque_said = opaque ? g_strdup_printf (", opaque=\"%s\"", opaque) : g_strdup ("");

      /* With qop=auth (RFC 2617 3.2.2): a count and a nonce of our own. */
      if (qop != NULL && strstr (qop, "auth") != NULL)
        {
          g_autofree char *cnonce = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
          g_autofree char *count = g_strdup_printf ("%08x", ++self->digest_count);

          all = g_strdup_printf ("%s:%s:%s:%s:auth:%s", ha1, nonce, count, cnonce, ha2);
          quality = g_strdup_printf (", qop=auth, nc=%s, cnonce=\"%s\"", count, cnonce);
        }
      else
        {
          all = g_strdup_printf ("%s:%s:%s", ha1, nonce, ha2);
          quality = g_strdup ("");
        }
      response = md5_hex (all);
      return g_strdup_printf ("Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
                              "response=\"%s\", algorithm=MD5%s%s\r\n", username, realm, nonce, url, response,
                              opaque_said, quality);
    }
  if (self->basic)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", username, password);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

      return g_strdup_printf ("Authorization: Basic %s\r\n", encoded);
    }
  return g_strdup ("");
}

static gboolean
send_request (VigilRtspReceiver  *self,
              const char         *method,
              const char         *url,
              const char         *headers,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autofree char *auth = authorization (self, method, url);
  g_autofree char *session = self->session ? g_strdup_printf ("Session: %s\r\n", self->session) : g_strdup ("");
  g_autofree char *text = g_strdup_printf ("%s %s RTSP/1.0\r\nCSeq: %u\r\nUser-Agent: Vigil/%s\r\n%s%s%s\r\n",
                                           method, url, ++self->cseq, PACKAGE_VERSION, auth, session,
                                           headers ? headers : "");

  self->last_request = g_get_monotonic_time ();
  return send_text (self, text, cancellable, error);
}

/* Takes the whole interleaved packets, and any stray line ends, at the
 * start of self->in (RFC 2326 10.12). */
static void
take_packets (VigilRtspReceiver *self)
{
  GstClockTime arrival = (GstClockTime) g_get_monotonic_time () * GST_USECOND;
  gsize at = 0;

  while (at < self->in->len)
    {
      const guint8 *data = self->in->data + at;
      gsize left = self->in->len - at, size;

      if (data[0] == '\r' || data[0] == '\n')
        {
          at++;
          continue;
        }
      if (data[0] != '$' || left < 4 || left < 4 + (size = (gsize) data[2] << 8 | data[3]))
        break;
      if (data[1] == VIDEO_CHANNEL && self->video != NULL)
        {
          self->video_seen = TRUE;
          vigil_rtp_unpack_push (self->video, data + 4, size, arrival);
        }
      else if (data[1] == AUDIO_CHANNEL && self->audio != NULL)
        vigil_rtp_unpack_push (self->audio, data + 4, size, arrival);
      at += 4 + size;
    }
  g_byte_array_remove_range (self->in, 0, (guint) at);
}

/* One message (an answer, or a request from the camera) at the start of
 * self->in, taken out of it: FALSE when it has not all arrived yet. One
 * that cannot be read has status 0. */
static gboolean
take_response (VigilRtspReceiver *self,
               Response          *response)
{
  const char *data = (const char *) self->in->data;
  g_autofree char *head_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) status = NULL;
  const char *length_text;
  guint64 length = 0;
  gsize head = 0;

  while (head + 4 <= self->in->len && head < MAX_HEAD && memcmp (data + head, "\r\n\r\n", 4) != 0)
    head++;
  if (head + 4 > self->in->len)
    return FALSE;
  head_text = g_strndup (data, head);
  head += 4;
  lines = g_strsplit (head_text, "\r\n", -1);
  response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  response->authenticate = g_ptr_array_new_with_free_func (g_free);
  status = g_strsplit (lines[0] != NULL ? lines[0] : "", " ", 3);
  if (g_str_has_prefix (head_text, "RTSP/") && status[0] != NULL && status[1] != NULL)
    response->status = (guint) g_ascii_strtoull (status[1], NULL, 10);
  response->reason = g_strdup (response->status && status[2] ? status[2] : "");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      *colon = '\0';
      g_hash_table_replace (response->headers, g_ascii_strdown (g_strstrip (lines[i]), -1),
                            g_strdup (g_strstrip (colon + 1)));
      if (g_ascii_strcasecmp (lines[i], "WWW-Authenticate") == 0)
        g_ptr_array_add (response->authenticate, g_strdup (g_strstrip (colon + 1)));
    }

  length_text = g_hash_table_lookup (response->headers, "content-length");
  if (length_text != NULL && !g_ascii_string_to_unsigned (length_text, 10, 0, MAX_BODY, &length, NULL))
    {
      /* Where it ends cannot be known: the head goes, the rest is looked
       * through for the next message. */
      response->status = 0;
      length = 0;
    }
  if (self->in->len < head + length)
    {
      response_clear (response);
      return FALSE;
    }
  response->body = g_bytes_new (self->in->data + head, (gsize) length);
  g_byte_array_remove_range (self->in, 0, (guint) (head + length));
  return TRUE;
}

/* A Digest challenge's parameters (RFC 2617 3.2.1): name=token or
 * name="quoted string", separated by commas; names in lower case. */
static GHashTable *
parse_digest (const char *challenge)
{
  GHashTable *parameters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *at = challenge + strlen ("Digest");

  while (*at != '\0')
    {
      const char *name, *equals;
      g_autofree char *key = NULL;
      GString *value = g_string_new (NULL);

      while (*at == ' ' || *at == '\t' || *at == ',')
        at++;
      name = at;
      equals = strchr (at, '=');
      if (*at == '\0' || equals == NULL)
        {
          g_string_free (value, TRUE);
          break;
        }
      at = equals + 1;
      while (*at == ' ' || *at == '\t')
        at++;
      if (*at == '"')
        {
          for (at++; *at != '\0' && *at != '"'; at++)
            {
              if (*at == '\\' && at[1] != '\0')
                at++;
              g_string_append_c (value, *at);
            }
          if (*at == '"')
            at++;
        }
      else
        for (; *at != '\0' && *at != ','; at++)
          g_string_append_c (value, *at);
      key = g_strndup (name, (gsize) (equals - name));
      g_hash_table_replace (parameters, g_ascii_strdown (g_strstrip (key), -1), g_strstrip (g_string_free (value, FALSE)));
    }
  return parameters;
}

/* Takes what the camera asked for; FALSE if it asked for nothing Vigil
 * can answer. */
static gboolean
take_challenge (VigilRtspReceiver *self,
                const Response    *response)
{
  for (guint i = 0; i < response->authenticate->len; i++)
    {
      const char *challenge = g_ptr_array_index (response->authenticate, i);

      if (g_ascii_strncasecmp (challenge, "Digest", 6) == 0)
        {
          g_autoptr(GHashTable) digest = parse_digest (challenge);
          const char *algorithm = g_hash_table_lookup (digest, "algorithm");

          if (g_hash_table_contains (digest, "realm") && g_hash_table_contains (digest, "nonce") &&
              (algorithm == NULL || g_ascii_strcasecmp (algorithm, "MD5") == 0))
            {
              g_clear_pointer (&self->digest, g_hash_table_unref);
              self->digest = g_steal_pointer (&digest);
              self->digest_count = 0;
              return TRUE;
            }
        }
      else if (g_ascii_strncasecmp (challenge, "Basic", 5) == 0)
        self->basic = TRUE;
    }
  return self->basic;
}

/* Sends a request and reads its answer, answering a challenge once. */
static gboolean
request (VigilRtspReceiver  *self,
         const char         *method,
         const char         *url,
         const char         *headers,
         Response           *response,
         GError            **error)
{
  for (guint tries = 0; ; tries++)
    {
      if (!send_request (self, method, url, headers, self->cancellable, error))
        return FALSE;
      /* Packets may come before PLAY's answer. */
      for (take_packets (self); !take_response (self, response); take_packets (self))
        if (!fill (self, TRUE, self->cancellable, error))
          return FALSE;
      if (response->status != 401 || tries > 0 || vigil_camera_access_get_username (self->access) == NULL ||
          !take_challenge (self, response))
        return TRUE;
      response_clear (response);
    }
}

/* Failing */

static void
fail_on_error (VigilRtspReceiver *self,
               const GError      *error)
{
  VigilCameraLoss loss = VIGIL_CAMERA_LOSS_ENDED;
  const char *detail;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      loss = VIGIL_CAMERA_LOSS_STALLED;
      detail = _("the camera did not answer");
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      loss = VIGIL_CAMERA_LOSS_REFUSED;
      detail = _("nothing answers on the camera's port");
    }
  else
    detail = self->playing ? _("the camera closed the connection")
                           : _("the camera closed the connection before it sent video");
  g_debug ("camera %s: %s", vigil_camera_access_get_url (self->access), error->message);
  EMIT (self, failed, loss, detail);
}

/* A request not answered 200 while setting up: wrong credentials or a
 * wrong address lose the camera, as they would with rtspsrc; anything else
 * (a redirect, a transport or a request this client does not make as the
 * camera wants) is left to rtspsrc. */
static void
refused (VigilRtspReceiver *self,
         const char        *method,
         const Response    *response)
{
  g_autofree char *detail = NULL;

  if (response->status == 401)
    EMIT (self, failed, VIGIL_CAMERA_LOSS_UNAUTHORIZED, _("the camera refused the username and password"));
  else if (response->status == 404)
    EMIT (self, failed, VIGIL_CAMERA_LOSS_ERROR, _("the camera has no stream at this address"));
  else
    {
      detail = g_strdup_printf ("the camera answered %s with %u %s", method, response->status, response->reason);
      EMIT (self, unsupported, detail);
    }
}

/* Setting up */

/* @control made absolute against @base (RFC 2326 C.1.1). */
static char *
control_url (const char *base,
             const char *control)
{
  if (control == NULL || g_str_equal (control, "*"))
    return g_strdup (base);
  if (g_str_has_prefix (control, "rtsp://"))
    return g_strdup (control);
  return g_strconcat (base, g_str_has_suffix (base, "/") ? "" : "/", control, NULL);
}

typedef struct
{
  const GstSDPMedia *media;
  char              *encoding;
  guint              rate;
  guint              channels;
  const char        *fmtp;
} SdpStream;

static void
sdp_stream_clear (SdpStream *stream)
{
  g_clear_pointer (&stream->encoding, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SdpStream, sdp_stream_clear)

/* The first stream of the SDP of @kind ("video", "audio"). */
static gboolean
find_stream (const GstSDPMessage *sdp,
             const char          *kind,
             SdpStream           *stream)
{
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      const char *rtpmap = gst_sdp_media_get_attribute_val (media, "rtpmap");
      g_auto(GStrv) parts = NULL;

      if (g_strcmp0 (gst_sdp_media_get_media (media), kind) != 0)
        continue;
      stream->media = media;
      stream->fmtp = gst_sdp_media_get_attribute_val (media, "fmtp");
      /* "97 MPEG4-GENERIC/16000/1" */
      if (rtpmap == NULL || (rtpmap = strchr (rtpmap, ' ')) == NULL)
        {
          stream->encoding = g_strdup ("unknown");
          return TRUE;
        }
      parts = g_strsplit (rtpmap + 1, "/", 3);
      stream->encoding = g_ascii_strup (parts[0], -1);
      stream->rate = parts[1] ? (guint) g_ascii_strtoull (parts[1], NULL, 10) : 0;
      stream->channels = parts[1] && parts[2] ? (guint) g_ascii_strtoull (parts[2], NULL, 10) : 1;
      return TRUE;
    }
  return FALSE;
}

/* The unpackers for what the camera sends; FALSE, with @unsupported, for
 * what only rtspsrc takes. */
static gboolean
make_unpackers (VigilRtspReceiver    *self,
                const GstSDPMessage  *sdp,
                SdpStream            *video,
                SdpStream            *audio,
                char                **unsupported)
{
  g_autoptr(GError) error = NULL;

  if (!find_stream (sdp, "video", video))
    {
      *unsupported = g_strdup (_("the camera sends no video"));
      return FALSE;
    }
  if (!g_str_equal (video->encoding, "H264") || video->rate == 0)
    {
      *unsupported = g_strdup_printf (_("the camera sends %s video"), video->encoding);
      return FALSE;
    }
  self->video = vigil_rtp_unpack_new (VIGIL_RTP_UNPACK_H264, video->rate, 0, video->fmtp, on_video_frame, self, NULL);

  if (!find_stream (sdp, "audio", audio))
    return TRUE;
  if (!g_str_equal (audio->encoding, "MPEG4-GENERIC") || audio->rate == 0)
    {
      *unsupported = g_strdup_printf (_("the camera sends %s sound"), audio->encoding);
      return FALSE;
    }
  self->audio = vigil_rtp_unpack_new (VIGIL_RTP_UNPACK_AAC, audio->rate, audio->channels, audio->fmtp,
                                      on_audio_frame, self, &error);
  if (self->audio == NULL)
    {
      *unsupported = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

/* SETUP of one stream on @channel; FALSE with nothing emitted when the
 * camera will not send over this connection. */
static gboolean
set_up (VigilRtspReceiver  *self,
        const char         *url,
        guint               channel,
        Response           *response,
        GError            **error)
{
  g_autofree char *transport = g_strdup_printf ("Transport: RTP/AVP/TCP;unicast;interleaved=%u-%u\r\n",
                                                channel, channel + 1);
  g_autofree char *expected = g_strdup_printf ("interleaved=%u-%u", channel, channel + 1);
  const char *session, *said;

  if (!request (self, "SETUP", url, transport, response, error))
    return FALSE;
  if (response->status != 200)
    return TRUE;

  said = g_hash_table_lookup (response->headers, "transport");
  if (said == NULL || strstr (said, expected) == NULL)
    {
      /* Another channel, or no TCP at all. */
      response->status = 461;
      g_free (response->reason);
      response->reason = g_strdup ("Unsupported Transport");
      return TRUE;
    }
  /* "Session: 4F2A9C;timeout=60" (RFC 2326 12.37) */
  session = g_hash_table_lookup (response->headers, "session");
  if (session != NULL && self->session == NULL)
    {
      g_auto(GStrv) parts = g_strsplit (session, ";", -1);

      self->session = g_strdup (g_strstrip (parts[0]));
      for (guint i = 1; parts[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (parts[i], "=", 2);
          guint64 timeout;

          if (pair[1] != NULL && g_ascii_strcasecmp (g_strstrip (pair[0]), "timeout") == 0 &&
              g_ascii_string_to_unsigned (g_strstrip (pair[1]), 10, 1, 3600, &timeout, NULL))
            self->session_timeout = (guint) timeout;
        }
    }
  return TRUE;
}

/* DESCRIBE, SETUP, PLAY; FALSE once an event said why not. */
static gboolean
start_playing (VigilRtspReceiver *self)
{
  const char *url = vigil_camera_access_get_url (self->access);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GstSDPMessage) sdp = NULL;
  g_auto(Response) response = { 0 };
  g_auto(SdpStream) video = { 0 };
  g_auto(SdpStream) audio = { 0 };
  g_autofree char *unsupported = NULL;
  g_autofree char *video_url = NULL;
  const char *content_base;
  gsize sdp_size;
  const guint8 *sdp_data;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, REQUEST_TIMEOUT_S);
  self->connection = g_socket_client_connect_to_uri (client, url, 554, self->cancellable, &error);
  if (self->connection == NULL)
    {
      fail_on_error (self, error);
      return FALSE;
    }
  self->socket = g_socket_connection_get_socket (self->connection);
  g_socket_set_timeout (self->socket, REQUEST_TIMEOUT_S);
  g_socket_set_option (self->socket, SOL_SOCKET, SO_TIMESTAMPNS, 1, NULL);

  if (!request (self, "DESCRIBE", url, "Accept: application/sdp\r\n", &response, &error))
    {
      fail_on_error (self, error);
      return FALSE;
    }
  if (response.status != 200)
    {
      refused (self, "DESCRIBE", &response);
      return FALSE;
    }
  sdp_data = g_bytes_get_data (response.body, &sdp_size);
  gst_sdp_message_new (&sdp);
  if (gst_sdp_message_parse_buffer (sdp_data, (guint) sdp_size, sdp) != GST_SDP_OK)
    {
      EMIT (self, failed, VIGIL_CAMERA_LOSS_ERROR, _("the camera's description of its stream cannot be read"));
      return FALSE;
    }
  EMIT (self, answered, sdp);

  if (!make_unpackers (self, sdp, &video, &audio, &unsupported))
    {
      EMIT (self, unsupported, unsupported);
      return FALSE;
    }

  content_base = g_hash_table_lookup (response.headers, "content-base");
  self->base_url = g_strdup (content_base ? content_base : url);
  self->play_url = control_url (self->base_url, gst_sdp_message_get_attribute_val (sdp, "control"));
  video_url = control_url (self->base_url, gst_sdp_media_get_attribute_val (video.media, "control"));
  response_clear (&response);
  if (!set_up (self, video_url, VIDEO_CHANNEL, &response, &error))
    {
      fail_on_error (self, error);
      return FALSE;
    }
  if (response.status != 200)
    {
      refused (self, "SETUP", &response);
      return FALSE;
    }

  if (self->audio != NULL)
    {
      g_autofree char *audio_url = control_url (self->base_url, gst_sdp_media_get_attribute_val (audio.media, "control"));

      response_clear (&response);
      if (!set_up (self, audio_url, AUDIO_CHANNEL, &response, &error))
        {
          fail_on_error (self, error);
          return FALSE;
        }
      if (response.status != 200)
        {
          refused (self, "SETUP", &response);
          return FALSE;
        }
    }

  response_clear (&response);
  if (!request (self, "PLAY", self->play_url, "Range: npt=0.000-\r\n", &response, &error))
    {
      fail_on_error (self, error);
      return FALSE;
    }
  if (response.status != 200)
    {
      refused (self, "PLAY", &response);
      return FALSE;
    }
  return TRUE;
}

/* Playing */

/* An answer to a keep-alive, or a request from the camera, while playing. */
static void
take_message (VigilRtspReceiver *self,
              const Response    *response)
{
  /* A nonce gone stale: the next keep-alive, at once, answers the new one. */
  if (response->status == 401 && take_challenge (self, response))
    self->last_request = 0;
  else if (response->status == 0)
    g_debug ("camera %s: a request from the camera, or an answer that cannot be read, left unanswered",
             vigil_camera_access_get_url (self->access));
  else if (response->status != 200)
    g_debug ("camera %s: a keep-alive was answered %u %s", vigil_camera_access_get_url (self->access),
             response->status, response->reason ? response->reason : "");
}

/* Takes everything whole at the start of self->in. */
static void
take_messages (VigilRtspReceiver *self)
{
  for (;;)
    {
      g_auto(Response) response = { 0 };
      const guint8 *data;

      take_packets (self);
      if (self->in->len == 0 || self->in->data[0] == '$')
        return;
      data = self->in->data;
      /* A message's head: an answer ("RTSP/1.0 200 OK") or a request
       * ("SET_PARAMETER …"). Anything else is not a message's start, and
       * is looked through for the next. */
      if (g_ascii_isupper (data[0]))
        {
          if (take_response (self, &response))
            {
              take_message (self, &response);
              continue;
            }
          if (self->in->len < MAX_HEAD)
            return;
        }
      g_byte_array_remove_range (self->in, 0, 1);
    }
}

static void
keep_alive (VigilRtspReceiver *self)
{
  g_autoptr(GError) error = NULL;
  const char *url = vigil_camera_access_get_url (self->access);

  if (g_get_monotonic_time () - self->last_request < (gint64) self->session_timeout * G_TIME_SPAN_SECOND / 2)
    return;
  if (!send_request (self, "OPTIONS", url, NULL, self->cancellable, &error))
    g_debug ("camera %s: keep-alive not sent: %s", url, error->message);
}

static void
play (VigilRtspReceiver *self)
{
  g_autoptr(GError) error = NULL;

  g_socket_set_option (self->socket, SOL_SOCKET, SO_RCVLOWAT, READ_LOW_WATER, NULL);
  take_messages (self);

  while (!is_closed (self))
    {
      g_autoptr(GError) waited = NULL;

      keep_alive (self);
      if (!g_socket_condition_timed_wait (self->socket, G_IO_IN, READ_WAIT_US, self->cancellable, &waited) &&
          !g_error_matches (waited, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        break;
      if (!fill (self, FALSE, self->cancellable, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              g_clear_error (&error);
              continue;
            }
          fail_on_error (self, error);
          return;
        }
      self->video_seen = FALSE;
      take_messages (self);
      if (self->video_seen)
        EMIT (self, video_data);
    }
}

/* TEARDOWN, then reading on until its answer (a second at most). A camera
 * may hold a packet for this connection that did not fit when sent;
 * gst-rtsp-server (1.22), for one, sends nothing more to any client of that
 * stream until it is written, and may not notice the connection going while
 * it waits. */
static void
tear_down (VigilRtspReceiver *self)
{
  g_autoptr(GError) error = NULL;
  const char *url = vigil_camera_access_get_url (self->access);
  gint64 deadline = g_get_monotonic_time () + CLOSING_TIMEOUT_S * G_TIME_SPAN_SECOND;

  if (self->session == NULL)
    return;
  g_socket_set_option (self->socket, SOL_SOCKET, SO_RCVLOWAT, 1, NULL);
  g_socket_set_timeout (self->socket, CLOSING_TIMEOUT_S);
  if (!send_request (self, "TEARDOWN", self->play_url, NULL, NULL, &error))
    {
      g_debug ("camera %s: TEARDOWN not sent: %s", url, error->message);
      return;
    }
  for (gint64 now = g_get_monotonic_time (); now < deadline; now = g_get_monotonic_time ())
    {
      g_auto(Response) response = { 0 };

      take_packets (self);
      if (self->in->len > 0 && self->in->data[0] != '$' && take_response (self, &response))
        return;
      if (!g_socket_condition_timed_wait (self->socket, G_IO_IN, deadline - now, NULL, NULL) ||
          !fill (self, FALSE, NULL, NULL))
        return;
    }
}

static gpointer
run (gpointer data)
{
  VigilRtspReceiver *self = data;

  if (start_playing (self))
    play (self);
  if (self->connection != NULL)
    {
      tear_down (self);
      g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
    }
  receiver_unref (self);
  vigil_camera_attempt_count_shutting_down (-1);
  return NULL;
}

gboolean
vigil_rtsp_receiver_accepts (VigilCameraAccess *access)
{
  return g_str_has_prefix (vigil_camera_access_get_url (access), "rtsp://");
}

VigilRtspReceiver *
vigil_rtsp_receiver_start (VigilCameraAccess             *access,
                           VigilEncodedHandler           *encoded,
                           const VigilRtspReceiverEvents *events,
                           gpointer                       owner,
                           gpointer                     (*owner_ref) (gpointer),
                           GDestroyNotify                 owner_unref)
{
  VigilRtspReceiver *self = g_new0 (VigilRtspReceiver, 1);
  g_autofree char *name = NULL;

  g_atomic_ref_count_init (&self->ref);
  g_atomic_ref_count_inc (&self->ref);   /* the thread's */
  g_mutex_init (&self->lock);
  self->access = vigil_camera_access_copy (access);
  self->encoded = vigil_encoded_handler_ref (encoded);
  self->events = events;
  self->owner = owner_ref (owner);
  self->owner_unref = owner_unref;
  self->cancellable = g_cancellable_new ();
  self->in = g_byte_array_sized_new (2 * READ_CHUNK);
  self->session_timeout = DEFAULT_SESSION_TIMEOUT_S;

  vigil_camera_attempt_count_shutting_down (1);
  g_thread_unref (g_thread_new ("vigil-rtsp", run, self));
  return self;
}

void
vigil_rtsp_receiver_close (VigilRtspReceiver *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->cancellable);
  receiver_unref (self);
}
