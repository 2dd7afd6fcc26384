/* test-rtsp-receiver.c: the recorder's RTSP client against awkward cameras
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulated cameras (gst-rtsp-server) speak RTSP one well-mannered way.
 * Cameras in the field do not: here a camera scripted by the test answers
 * the recorder's client (a camera source in a recorder's mode, through a
 * site that holds the camera's credentials) the way real ones do, and the
 * test checks what a recorder would notice: the camera records, with sound,
 * and stays recording; or it is lost with a reason, and nothing crashes.
 */

#include "config.h"

#include <string.h>

#include "media-test-utils.h"
#include "vigil-test-utils.h"

#define USER "recorder"
#define PASSWORD "Quiet-Lamp-42"
#define REALM "IP Camera(C2241)"
#define OPAQUE "5ccc069c403ebaf9f0171e9517f40e41"
/* The session's timeout the camera gives: a keep-alive every second. */
#define SESSION_TIMEOUT_S 2

/* H.264 parameter sets for 160x90 (from x264), and AAC-LC 16 kHz mono. */
static const guint8 sps[] = {
  0x67, 0x64, 0x00, 0x14, 0xac, 0xd9, 0x42, 0x8d, 0xf9, 0x30, 0x16, 0xa0, 0xc0, 0xc0, 0xd4, 0xa0,
  0x00, 0x00, 0x03, 0x00, 0x20, 0x00, 0x00, 0x07, 0x91, 0xe2, 0x85, 0x32, 0xc0,
};
static const guint8 pps[] = { 0x68, 0xeb, 0xec, 0xb2, 0x2c };

typedef enum
{
  CAMERA_AWKWARD,      /* valid, but every way real cameras differ */
  CAMERA_MALFORMED,    /* answers DESCRIBE with a length it cannot have */
} CameraKind;

typedef struct
{
  CameraKind       kind;
  GSocketListener *listener;
  guint16          port;
  GCancellable    *cancellable;
  GThread         *thread;

  GMutex           lock;
  char            *nonce;          /* the challenge's now */
  guint            bad_auth;       /* requests whose answer to the challenge was wrong */
  guint            keep_alives;    /* answered ones */
  gint             renewed;        /* atomic: a keep-alive answered the renewed nonce */
  gint             torn_down;      /* atomic: TEARDOWN came, with the session */
  guint            describes;
  guint            frames_sent;    /* whole pictures */
  GArray          *sent;           /* Sent: when each picture was sent */
} Camera;

typedef struct
{
  gint64 from;   /* before its first packet, g_get_real_time () */
  gint64 by;     /* once it, its sound and what came between were sent */
} Sent;

/* The camera's side */

typedef struct
{
  char       *method;
  char       *url;
  GHashTable *headers;   /* lower-case name → value */
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->url, g_free);
  g_clear_pointer (&request->headers, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

/* Reads one request's head (these carry no body); FALSE at the end of the
 * connection, or with nothing within @timeout_ms when @timeout_ms > 0. */
static gboolean
read_request (Camera      *camera,
              GSocket     *socket,
              GByteArray  *in,
              guint        timeout_ms,
              Request     *request)
{
  for (;;)
    {
      char chunk[4096];
      gssize got;
      const char *data = (const char *) in->data;

      for (gsize i = 0; i + 4 <= in->len; i++)
        if (memcmp (data + i, "\r\n\r\n", 4) == 0)
          {
            g_autofree char *head = g_strndup (data, i);
            g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
            g_auto(GStrv) first = g_strsplit (lines[0], " ", 3);

            g_byte_array_remove_range (in, 0, (guint) (i + 4));
            request->method = g_strdup (first[0]);
            request->url = g_strdup (first[1]);
            request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
            for (guint j = 1; lines[j] != NULL; j++)
              {
                char *colon = strchr (lines[j], ':');

                if (colon == NULL)
                  continue;
                *colon = '\0';
                g_hash_table_replace (request->headers, g_ascii_strdown (lines[j], -1), g_strstrip (g_strdup (colon + 1)));
              }
            return TRUE;
          }

      if (timeout_ms > 0 && !g_socket_condition_timed_wait (socket, G_IO_IN, timeout_ms * 1000, camera->cancellable, NULL))
        return FALSE;
      got = g_socket_receive (socket, chunk, sizeof chunk, camera->cancellable, NULL);
      if (got <= 0)
        return FALSE;
      g_byte_array_append (in, (const guint8 *) chunk, (guint) got);
    }
}

static void
send_all (Camera       *camera,
          GSocket      *socket,
          const void   *data,
          gsize         size)
{
  g_socket_send_with_blocking (socket, data, size, TRUE, camera->cancellable, NULL);
}

static void
answer (Camera     *camera,
        GSocket    *socket,
        Request    *request,
        const char *status,
        const char *headers,
        const char *body)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "RTSP/1.0 %s\r\nCSeq: %s\r\n%s", status,
                          (char *) g_hash_table_lookup (request->headers, "cseq"), headers ? headers : "");
  if (body != NULL)
    g_string_append_printf (text, "Content-Length: %zu\r\n\r\n%s", strlen (body), body);
  else
    g_string_append (text, "\r\n");
  send_all (camera, socket, text->str, text->len);
}

static char *
md5_hex (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static char *
md5_hex (const char *format,
         ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* The value of @key in an Authorization header's list. */
static char *
auth_value (const char *header,
            const char *key)
{
  g_autofree char *quoted = g_strdup_printf (" %s=\"", key);
  g_autofree char *bare = g_strdup_printf (" %s=", key);
  const char *at = strstr (header, quoted);

  if (at != NULL)
    {
      at += strlen (quoted);
      return g_strndup (at, strcspn (at, "\""));
    }
  if ((at = strstr (header, bare)) != NULL)
    {
      at += strlen (bare);
      return g_strndup (at, strcspn (at, ","));
    }
  return NULL;
}

/* Whether @request answers the challenge now out, as RFC 2617 with
 * qop=auth asks. */
static gboolean
authorized (Camera  *camera,
            Request *request)
{
  const char *header = g_hash_table_lookup (request->headers, "authorization");
  g_autofree char *nonce = NULL, *uri = NULL, *response = NULL, *nc = NULL, *cnonce = NULL, *opaque = NULL;
  g_autofree char *ha1 = NULL, *ha2 = NULL, *expected = NULL;
  gboolean ok;

  if (header == NULL || !g_str_has_prefix (header, "Digest "))
    return FALSE;
  nonce = auth_value (header, "nonce");
  uri = auth_value (header, "uri");
  response = auth_value (header, "response");
  nc = auth_value (header, "nc");
  cnonce = auth_value (header, "cnonce");
  opaque = auth_value (header, "opaque");
  if (nonce == NULL || uri == NULL || response == NULL || nc == NULL || cnonce == NULL)
    return FALSE;
  ha1 = md5_hex ("%s:%s:%s", USER, REALM, PASSWORD);
  ha2 = md5_hex ("%s:%s", request->method, uri);
  expected = md5_hex ("%s:%s:%s:%s:auth:%s", ha1, nonce, nc, cnonce, ha2);

  g_mutex_lock (&camera->lock);
  ok = g_str_equal (nonce, camera->nonce) && g_str_equal (response, expected) && g_strcmp0 (opaque, OPAQUE) == 0 &&
       g_str_equal (uri, request->url);
  g_mutex_unlock (&camera->lock);
  return ok;
}

static void
challenge (Camera  *camera,
           GSocket *socket,
           Request *request)
{
  g_autofree char *headers = NULL;

  g_mutex_lock (&camera->lock);
  headers = g_strdup_printf ("WWW-Authenticate: Digest realm=\"%s\", qop=\"auth\", nonce=\"%s\", "
                             "opaque=\"%s\", algorithm=MD5, stale=FALSE\r\n"
                             "WWW-Authenticate: Basic realm=\"%s\"\r\n", REALM, camera->nonce, OPAQUE, REALM);
  g_mutex_unlock (&camera->lock);
  answer (camera, socket, request, "401 Unauthorized", headers, NULL);
}

/* One RTP packet on an interleaved channel. */
static void
send_packet (Camera       *camera,
             GSocket      *socket,
             guint         channel,
             guint16       seq,
             guint32       ts,
             gboolean      marker,
             const guint8 *payload,
             gsize         size)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint length = 12 + (guint) size;
  guint8 head[16] = {
    '$', (guint8) channel, (guint8) (length >> 8), (guint8) length,
    0x80, (guint8) ((marker ? 0x80 : 0) | (channel == 0 ? 96 : 97)), (guint8) (seq >> 8), (guint8) seq,
    (guint8) (ts >> 24), (guint8) (ts >> 16), (guint8) (ts >> 8), (guint8) ts, 0x0b, 0xad, 0xca, 0xfe,
  };

  g_byte_array_append (out, head, sizeof head);
  g_byte_array_append (out, payload, (guint) size);
  send_all (camera, socket, out->data, out->len);
}

/* The parameter sets together (STAP-A), as some cameras send them before
 * each keyframe, and here only then: the SDP carries none. */
static void
send_parameter_sets (Camera  *camera,
                     GSocket *socket,
                     guint16  seq,
                     guint32  ts)
{
  g_autoptr(GByteArray) stap = g_byte_array_new ();

  g_byte_array_append (stap, (guint8[]) { 0x78, 0, sizeof sps }, 3);
  g_byte_array_append (stap, sps, sizeof sps);
  g_byte_array_append (stap, (guint8[]) { 0, sizeof pps }, 2);
  g_byte_array_append (stap, pps, sizeof pps);
  send_packet (camera, socket, 0, seq, ts, FALSE, stap->data, stap->len);
}

static void
take_keep_alive (Camera  *camera,
                 GSocket *socket,
                 Request *request)
{
  gboolean ok = authorized (camera, request);

  g_mutex_lock (&camera->lock);
  if (!ok)
    camera->bad_auth++;
  else if (camera->keep_alives++ == 0)
    {
      /* The first one: the nonce goes stale, as some cameras' do. */
      g_free (camera->nonce);
      camera->nonce = g_strdup ("9d3c1e0f2ab54a7cb2d2e5a1f0c4b731");
      g_mutex_unlock (&camera->lock);
      challenge (camera, socket, request);
      return;
    }
  else if (camera->keep_alives > 1)
    g_atomic_int_set (&camera->renewed, TRUE);
  g_mutex_unlock (&camera->lock);
  answer (camera, socket, request, "200 OK", NULL, NULL);
}

/* Picture at 10 fps (a keyframe every second) and sound, until TEARDOWN or
 * the end of the connection, taking keep-alives as they come. */
static void
stream (Camera     *camera,
        GSocket    *socket,
        GByteArray *in,
        const char *session)
{
  guint16 video_seq = 2, audio_seq = 1;
  guint8 slice[600], idr[2500];

  memset (slice, 0x5a, sizeof slice);
  memset (idr, 0xa5, sizeof idr);
  for (guint frame = 0; !g_cancellable_is_cancelled (camera->cancellable); frame++)
    {
      guint32 ts = 1000 + frame * 9000;
      g_auto(Request) request = { 0 };
      guint8 aac[2 + 2 + 40] = { 0x00, 0x10, (guint8) (40 >> 5), (guint8) (40 << 3) };
      Sent sent = { g_get_real_time (), 0 };

      if (frame % 10 == 0)
        {
          guint8 start[1 + 1 + 1200], end[2 + sizeof idr - 1 - 1200];

          if (frame > 0)
            send_parameter_sets (camera, socket, video_seq++, ts);
          start[0] = 0x7c;
          start[1] = 0x85;
          memcpy (start + 2, idr + 1, 1200);
          end[0] = 0x7c;
          end[1] = 0x45;
          memcpy (end + 2, idr + 1 + 1200, sizeof idr - 1 - 1200);
          send_packet (camera, socket, 0, video_seq++, ts, FALSE, start, 2 + 1200);
          send_packet (camera, socket, 0, video_seq++, ts, TRUE, end, sizeof end);
        }
      else
        {
          slice[0] = 0x41;
          send_packet (camera, socket, 0, video_seq++, ts, TRUE, slice, sizeof slice);
        }
      /* 1024 samples of sound every 64 ms, near enough: one per frame. */
      send_packet (camera, socket, 2, audio_seq++, 1000 + frame * 1600, TRUE, aac, sizeof aac);

      /* Now and then, what cameras put between packets: a stray line end,
       * and a request of their own (RFC 2326 10.9) the client may ignore. */
      if (frame % 7 == 3)
        send_all (camera, socket, "\r\n", 2);
      if (frame % 13 == 5)
        {
          const char text[] = "SET_PARAMETER rtsp://camera/ RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 12\r\n\r\nbarrier: on\n";

          send_all (camera, socket, text, sizeof text - 1);
        }
      sent.by = g_get_real_time ();
      g_mutex_lock (&camera->lock);
      camera->frames_sent++;
      g_array_append_val (camera->sent, sent);
      g_mutex_unlock (&camera->lock);

      if (read_request (camera, socket, in, 100, &request))
        {
          if (g_str_equal (request.method, "TEARDOWN"))
            {
              g_atomic_int_set (&camera->torn_down,
                                g_strcmp0 (g_hash_table_lookup (request.headers, "session"), session) == 0);
              return;
            }
          take_keep_alive (camera, socket, &request);
        }
    }
}

static void
serve_awkward (Camera            *camera,
               GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GByteArray) in = g_byte_array_new ();
  g_autofree char *base = g_strdup_printf ("rtsp://127.0.0.1:%u/live/main", camera->port);
  const char *session = "A3F9C2D1";

  for (;;)
    {
      g_auto(Request) request = { 0 };

      if (!read_request (camera, socket, in, 0, &request))
        return;

      if (!authorized (camera, &request))
        {
          g_mutex_lock (&camera->lock);
          if (g_hash_table_contains (request.headers, "authorization"))
            camera->bad_auth++;
          g_mutex_unlock (&camera->lock);
          challenge (camera, socket, &request);
        }
      else if (g_str_equal (request.method, "DESCRIBE"))
        {
          /* The controls: relative, relative to a Content-Base that is
           * not the address asked for, and a session-level one. */
          g_autofree char *headers = g_strdup_printf ("Content-Type: application/sdp\r\nContent-Base: %s/\r\n", base);
          const char *sdp =
            "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Camera\r\nt=0 0\r\na=control:*\r\n"
            "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n"
            "a=control:trackID=1\r\n"
            "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/16000/1\r\n"
            "a=fmtp:97 streamtype=5; profile-level-id=15; mode=AAC-hbr; config=1408; SizeLength=13; "
            "IndexLength=3; IndexDeltaLength=3\r\na=control:trackID=2\r\n";

          g_mutex_lock (&camera->lock);
          camera->describes++;
          g_mutex_unlock (&camera->lock);
          answer (camera, socket, &request, "200 OK", headers, sdp);
        }
      else if (g_str_equal (request.method, "SETUP"))
        {
          const char *transport = g_hash_table_lookup (request.headers, "transport");
          const char *channels = transport ? strstr (transport, "interleaved=") : NULL;
          g_autofree char *headers = NULL;

          g_assert_nonnull (channels);
          g_assert_true (g_str_has_prefix (request.url, base));
          headers = g_strdup_printf ("Transport: RTP/AVP/TCP;unicast;%s;ssrc=0badcafe;mode=\"play\"\r\n"
                                     "Session: %s; timeout = %d\r\n", channels, session, SESSION_TIMEOUT_S);
          answer (camera, socket, &request, "200 OK", headers, NULL);
        }
      else if (g_str_equal (request.method, "PLAY"))
        {
          /* The session's control, and the first packet before the answer. */
          g_assert_cmpstr (g_hash_table_lookup (request.headers, "session"), ==, session);
          send_parameter_sets (camera, socket, 1, 1000);
          answer (camera, socket, &request, "200 OK", "RTP-Info: url=trackID=1;seq=1;rtptime=1000\r\n", NULL);
          stream (camera, socket, in, session);
          return;
        }
      else
        answer (camera, socket, &request, "200 OK", "Public: DESCRIBE, SETUP, PLAY, TEARDOWN, OPTIONS\r\n", NULL);
    }
}

static void
serve_malformed (Camera            *camera,
                 GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GByteArray) in = g_byte_array_new ();
  g_auto(Request) request = { 0 };
  g_autofree char *text = NULL;

  if (!read_request (camera, socket, in, 0, &request))
    return;
  g_mutex_lock (&camera->lock);
  camera->describes++;
  g_mutex_unlock (&camera->lock);
  /* A body of -1 bytes, then a blank head: no client may take them at
   * their word. */
  text = g_strdup_printf ("RTSP/1.0 200 OK\r\nCSeq: %s\r\nContent-Type: application/sdp\r\n"
                          "Content-Length: -1\r\n\r\n\r\n\r\nv=0\r\n",
                          (char *) g_hash_table_lookup (request.headers, "cseq"));
  send_all (camera, socket, text, strlen (text));
}

static gpointer
serve (gpointer data)
{
  Camera *camera = data;

  /* The camera source's probe comes first, and connects again after. */
  for (;;)
    {
      g_autoptr(GSocketConnection) connection = g_socket_listener_accept (camera->listener, NULL,
                                                                          camera->cancellable, NULL);

      if (connection == NULL)
        return NULL;
      if (camera->kind == CAMERA_AWKWARD)
        serve_awkward (camera, connection);
      else
        serve_malformed (camera, connection);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }
}

static Camera *
camera_start (CameraKind kind)
{
  Camera *camera = g_new0 (Camera, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  camera->kind = kind;
  camera->nonce = g_strdup ("2f1b8a7d0c6e4f3b9a5d7c1e8f0b2a4d");
  camera->cancellable = g_cancellable_new ();
  camera->listener = g_socket_listener_new ();
  camera->sent = g_array_new (FALSE, FALSE, sizeof (Sent));
  g_mutex_init (&camera->lock);
  g_socket_listener_add_address (camera->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &bound, &error);
  g_assert_no_error (error);
  camera->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  camera->thread = g_thread_new ("scripted-camera", serve, camera);
  return camera;
}

static void
camera_stop (Camera *camera)
{
  g_cancellable_cancel (camera->cancellable);
  g_socket_listener_close (camera->listener);
  g_thread_join (camera->thread);
  g_object_unref (camera->listener);
  g_object_unref (camera->cancellable);
  g_mutex_clear (&camera->lock);
  g_array_unref (camera->sent);
  g_free (camera->nonce);
  g_free (camera);
}

/* The recorder's side */

typedef struct
{
  gint    video;      /* atomic */
  gint    keyframes;
  gint    audio;
  gint    width;
  gint    first;      /* 1: the first picture was a keyframe; 2: it was not */
  GArray *arrivals;   /* gint64, each picture's; read once the source has closed */
} Frames;

static void
on_encoded (VigilMediaKind  kind,
            GstSample      *sample,
            gpointer        user_data)
{
  Frames *frames = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);

  if (kind == VIGIL_MEDIA_KIND_AUDIO)
    {
      g_atomic_int_inc (&frames->audio);
      return;
    }
  g_atomic_int_inc (&frames->video);
  if (frames->arrivals != NULL)
    {
      gint64 arrival = vigil_encoded_sample_get_arrival (sample);

      g_array_append_val (frames->arrivals, arrival);
    }
  if (!GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    g_atomic_int_inc (&frames->keyframes);
  g_atomic_int_compare_and_exchange (&frames->first, 0,
                                     GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT) ? 2 : 1);
  gst_structure_get_int (gst_caps_get_structure (gst_sample_get_caps (sample), 0), "width", &frames->width);
}

/* A recorder's source for @camera, through a site holding its credentials. */
static VigilCameraSource *
open_recorder_source (VigilSite *site,
                      Camera    *camera,
                      Frames    *frames)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autofree char *url = g_strdup_printf ("rtsp://127.0.0.1:%u/live/main", camera->port);
  VigilCameraSource *source;

  media_add_camera (site, manager, "Family room 2", url, USER, PASSWORD);
  source = media_open_camera (site, "Family room 2", VIGIL_CAMERA_STREAM_MAIN);
  vigil_camera_source_set_decode (source, FALSE);
  vigil_camera_source_set_encoded_func (source, on_encoded, frames, NULL);
  return source;
}

/* For a camera's flag set on its thread. */
static gboolean
flag_set (gpointer data)
{
  return g_atomic_int_get ((gint *) data);
}

static gboolean
recorded_enough (gpointer data)
{
  Frames *frames = data;

  return g_atomic_int_get (&frames->keyframes) >= 3 && g_atomic_int_get (&frames->audio) >= 20;
}

static void
test_awkward_camera (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  Camera *camera = camera_start (CAMERA_AWKWARD);
  g_autoptr(GArray) arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  Frames frames = { .arrivals = arrivals };
  g_autoptr(VigilCameraSource) source = open_recorder_source (site, camera, &frames);
  guint on_time = 0;

  vigil_camera_source_start (source);
  media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, MEDIA_START_WAIT_US);
  /* Picture (whose parameter sets come only in the stream, the first
   * before PLAY's answer) and sound; the session kept alive past its
   * timeout, a stale nonce answered anew. */
  g_assert_true (camsim_wait_for (recorded_enough, &frames, MEDIA_WAIT (10 * G_USEC_PER_SEC)));
  g_assert_true (camsim_wait_for (flag_set, &camera->renewed, MEDIA_WAIT (3 * SESSION_TIMEOUT_S * G_USEC_PER_SEC)));
  g_assert_cmpint (vigil_camera_source_get_state (source), ==, VIGIL_CAMERA_STATE_PLAYING);
  g_assert_cmpint (frames.width, ==, 160);
  g_assert_cmpint (g_atomic_int_get (&frames.video), >=, 21);

  vigil_camera_source_stop (source);
  g_assert_true (vigil_camera_source_wait_closed (10000));
  /* The camera reads it between two pictures. */
  g_assert_true (camsim_wait_for (flag_set, &camera->torn_down, MEDIA_WAIT (G_USEC_PER_SEC)));

  /* Every request answered the challenge right (qop, opaque), one
   * connection did it all, and it ended with TEARDOWN; every picture sent
   * was recorded from the first (the one whose parameter sets came before
   * PLAY's answer), but for one in flight as it stopped. */
  g_mutex_lock (&camera->lock);
  g_assert_cmpint (g_atomic_int_get (&frames.first), ==, 1);
  g_assert_cmpuint (g_atomic_int_get (&frames.video), >=, camera->frames_sent - 1);
  g_assert_cmpuint (camera->bad_auth, ==, 0);
  g_assert_cmpuint (camera->describes, ==, 1);

  /* Each picture's arrival is when it came, not when the receiver, which
   * reads in batches, got round to it: never before it was sent, and for
   * most pictures before the next was (the read that took a picture may
   * have taken the next too, on a busy machine). */
  for (guint i = 0; i < arrivals->len && i < camera->sent->len; i++)
    {
      gint64 arrival = g_array_index (arrivals, gint64, i);
      Sent *sent = &g_array_index (camera->sent, Sent, i);

      g_assert_cmpint (arrival, >=, sent->from);
      on_time += arrival <= sent->by;
    }
  g_test_message ("%u of %u pictures timed by their arrival", on_time, arrivals->len);
  g_assert_cmpuint (on_time, >, arrivals->len / 2);
  g_mutex_unlock (&camera->lock);
  camera_stop (camera);
  vigil_test_remove_dir (dir);
}

static gboolean
is_lost (gpointer data)
{
  return vigil_camera_source_get_state (data) == VIGIL_CAMERA_STATE_LOST;
}

static void
test_malformed_camera (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  Camera *camera = camera_start (CAMERA_MALFORMED);
  Frames frames = { 0 };
  g_autoptr(VigilCameraSource) source = open_recorder_source (site, camera, &frames);

  /* Lost, with a reason, and tried again; never playing. */
  vigil_camera_source_start (source);
  g_assert_true (camsim_wait_for (is_lost, source, MEDIA_START_WAIT_US));
  g_assert_cmpint (vigil_camera_source_get_loss (source), !=, VIGIL_CAMERA_LOSS_NONE);
  g_assert_nonnull (vigil_camera_source_get_loss_detail (source));
  vigil_camera_source_stop (source);
  g_assert_true (vigil_camera_source_wait_closed (10000));
  g_assert_cmpint (g_atomic_int_get (&frames.video), ==, 0);
  camera_stop (camera);
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  media_test_init (&argc, &argv);

  media_test_add ("/rtsp-receiver/awkward-camera", test_awkward_camera);
  media_test_add ("/rtsp-receiver/malformed-camera", test_malformed_camera);

  return g_test_run ();
}
