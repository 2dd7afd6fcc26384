/* vigil-camera.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-camera"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-enums.h"
#include "vigil-error.h"
#include "vigil-text.h"

#include "vigil-camera-private.h"

/* A registered camera as the store holds it: a snapshot, never changed after
 * the store hands it out. Its username and password live in the Secret
 * Service (vigil-secrets.h), never here. */
struct _VigilCamera
{
  GObject        parent_instance;

  gint64         id;
  char          *name;
  VigilLocation  location;
  char          *room;
  char          *url;
  char          *sub_url;
  gboolean       has_audio;
  gboolean       enabled;
  gint64         created_at;
};

G_DEFINE_FINAL_TYPE (VigilCamera, vigil_camera, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_LOCATION,
  PROP_ROOM,
  PROP_URL,
  PROP_SUB_URL,
  PROP_HAS_AUDIO,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define MAX_NAME 64
#define MAX_URL  2048

static const char * const location_names[] = {
  [VIGIL_LOCATION_COMMUNAL] = "communal",
  [VIGIL_LOCATION_FAMILY_ROOM] = "family-room",
};

static void
vigil_camera_finalize (GObject *object)
{
  VigilCamera *self = (VigilCamera *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->room, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->sub_url, g_free);

  G_OBJECT_CLASS (vigil_camera_parent_class)->finalize (object);
}

static void
vigil_camera_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VigilCamera *self = VIGIL_CAMERA (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LOCATION:
      g_value_set_enum (value, self->location);
      break;
    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_SUB_URL:
      g_value_set_string (value, self->sub_url);
      break;
    case PROP_HAS_AUDIO:
      g_value_set_boolean (value, self->has_audio);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_camera_class_init (VigilCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = vigil_camera_finalize;
  object_class->get_property = vigil_camera_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LOCATION] = g_param_spec_enum ("location", NULL, NULL, VIGIL_TYPE_LOCATION,
                                                     VIGIL_LOCATION_COMMUNAL, flags);
  properties[PROP_ROOM] = g_param_spec_string ("room", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_SUB_URL] = g_param_spec_string ("sub-url", NULL, NULL, NULL, flags);
  properties[PROP_HAS_AUDIO] = g_param_spec_boolean ("has-audio", NULL, NULL, FALSE, flags);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_camera_init (VigilCamera *self)
{
  self->enabled = TRUE;
}

/**
 * vigil_camera_new:
 * @room: (nullable): the room of a family-room camera
 * @sub_url: (nullable): a lower-resolution stream for tiles
 *
 * A camera not yet registered; vigil_site_add_camera() stores it.
 */
VigilCamera *
vigil_camera_new (const char    *name,
                  VigilLocation  location,
                  const char    *room,
                  const char    *url,
                  const char    *sub_url,
                  gboolean       has_audio)
{
  VigilCamera *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_CAMERA, NULL);
  self->name = g_strdup (name);
  self->location = location;
  self->room = g_strdup (room);
  self->url = g_strdup (url);
  self->sub_url = g_strdup (sub_url);
  self->has_audio = !!has_audio;

  return self;
}

void
vigil_camera_set_stored (VigilCamera *self,
                         gint64       id,
                         gboolean     enabled,
                         gint64       created_at)
{
  g_return_if_fail (VIGIL_IS_CAMERA (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
  if (self->enabled != !!enabled)
    {
      self->enabled = !!enabled;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
    }
  self->created_at = created_at;
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
vigil_camera_get_id (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), 0);
  return self->id;
}

const char *
vigil_camera_get_name (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), NULL);
  return self->name;
}

VigilLocation
vigil_camera_get_location (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), VIGIL_LOCATION_COMMUNAL);
  return self->location;
}

const char *
vigil_camera_get_room (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), NULL);
  return self->room;
}

const char *
vigil_camera_get_url (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), NULL);
  return self->url;
}

const char *
vigil_camera_get_sub_url (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), NULL);
  return self->sub_url;
}

gboolean
vigil_camera_get_has_audio (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), FALSE);
  return self->has_audio;
}

gboolean
vigil_camera_get_enabled (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), FALSE);
  return self->enabled;
}

gint64
vigil_camera_get_created_at (VigilCamera *self)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), 0);
  return self->created_at;
}

const char *
vigil_camera_location_to_string (VigilLocation location)
{
  g_return_val_if_fail (location <= VIGIL_LOCATION_FAMILY_ROOM, NULL);
  return location_names[location];
}

gboolean
vigil_camera_location_from_string (const char     *text,
                                   VigilLocation  *location,
                                   GError        **error)
{
  g_return_val_if_fail (location != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (location_names); i++)
    {
      if (g_strcmp0 (text, location_names[i]) == 0)
        {
          *location = (VigilLocation) i;
          return TRUE;
        }
    }

  /* "--location bathroom" deserves the rule, not a list of words. */
  if (text != NULL && !vigil_camera_check_not_bathroom (text, _("location"), error))
    return FALSE;

  {
    g_autofree char *shown = vigil_text_quote (text ? text : "");
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                 _("unknown camera location “%s”: expected communal or family-room"), shown);
  }
  return FALSE;
}

/* Words that only appear in the name of a place no camera may watch.
 * Matched inside other words ("Bathroom2", "toilets"). */
static const char * const bathroom_fragments[] = {
  "bathroom", "toilet", "shower", "lavator", "washroom", "restroom", "ensuite", "en-suite",
  "en suite", "w.c.", "water closet",
};

/* Short words matched only whole, so "floor" and "bathe" stay innocent of
 * "loo" and "bath" while "WC 2" and "Bath 1" are caught. */
static const char * const bathroom_words[] = {
  "wc", "loo", "loos", "bath", "baths", "wcs", NULL,
};

gboolean
vigil_camera_check_not_bathroom (const char  *text,
                                 const char  *what,
                                 GError     **error)
{
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (text != NULL && what != NULL, FALSE);

  lower = g_utf8_strdown (text, -1);
  for (guint i = 0; !found && i < G_N_ELEMENTS (bathroom_fragments); i++)
    found = strstr (lower, bathroom_fragments[i]) != NULL;

  words = g_regex_split_simple ("[^[:alnum:]]+", lower, 0, 0);
  for (guint i = 0; !found && words[i] != NULL; i++)
    found = g_strv_contains (bathroom_words, words[i]);

  if (found)
    {
      g_autofree char *shown = vigil_text_quote (text);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the %s “%s” names a bathroom or toilet: cameras are never registered in bathrooms or toilets"),
                   what, shown);
      return FALSE;
    }

  return TRUE;
}

/* Parameter names that carry a login, compared in lower case with "-", "_"
 * and "." left out ("user_name", "api-key", "access_token"). */
static const char * const credential_keys[] = {
  "user", "username", "usr", "userid", "login", "loginname",
  "password", "pass", "passwd", "pwd", "psw", "passphrase",
  "token", "accesstoken", "authtoken", "auth", "authorization", "authkey",
  "key", "apikey", "secret", "credential", "credentials", "sessionid",
  NULL,
};

static char *
normalize_parameter_name (const char *raw,
                          gsize       len)
{
  g_autofree char *escaped = g_strndup (raw, len);
  g_autofree char *name = g_uri_unescape_string (escaped, NULL);
  const char *from = name != NULL ? name : escaped;
  GString *out = g_string_new (NULL);

  for (const char *p = from; *p != '\0'; p++)
    if (!strchr ("-_. \t", *p))
      g_string_append_c (out, g_ascii_tolower (*p));

  return g_string_free (out, FALSE);
}

/* The first NAME=VALUE piece of @text whose name carries a login, or NULL. */
static char *
find_credential_parameter (const char *text)
{
  for (const char *piece = text; *piece != '\0'; )
    {
      gsize len = strcspn (piece, "/;?&#");
      const char *equals = memchr (piece, '=', len);

      if (equals != NULL)
        {
          g_autofree char *name = normalize_parameter_name (piece, equals - piece);

          if (g_strv_contains (credential_keys, name))
            return g_strndup (piece, equals - piece);
        }

      piece += len;
      if (*piece != '\0')
        piece++;
    }

  return NULL;
}

/* Cameras also take a login as parameters: "?user=admin&password=…",
 * ";password=…" after the path, or a whole path segment such as
 * "/user=admin&password=&channel=1". Every NAME=VALUE piece after the host is
 * checked, as typed and with its escapes undone (a camera may decode
 * "user%3Dadmin"), so none of them reaches the data file, a listing or the
 * trail. */
static gboolean
check_no_credential_parameters (const char  *url,
                                const char  *what,
                                GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *found = NULL;

  if (!g_uri_split (url, G_URI_FLAGS_ENCODED, NULL, NULL, NULL, NULL, &path, &query, &fragment, NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("bad camera %s: expected rtsp://HOST[:PORT]/PATH or rtsps://…"), what);
      return FALSE;
    }

  rest = g_strjoin ("&", path ? path : "", query ? query : "", fragment ? fragment : "", NULL);
  decoded = g_uri_unescape_string (rest, NULL);
  found = find_credential_parameter (rest);
  if (found == NULL && decoded != NULL)
    found = find_credential_parameter (decoded);

  if (found != NULL)
    {
      g_autofree char *valid = vigil_text_quote (found);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the camera %s carries a login in its “%s=” parameter: leave it out of the URL and give the username with --username and the password on standard input, so they are kept in the Secret Service and never in the data file"),
                   what, valid);
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_camera_validate_url:
 * @what: which URL, for the message ("URL", "sub-stream URL")
 *
 * An rtsp:// or rtsps:// URL with a host and without credentials, neither as
 * user:password@ nor as parameters such as ?user=…&password=…: those go to
 * the Secret Service, and a URL is stored and shown as it is.
 */
gboolean
vigil_camera_validate_url (const char  *url,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (url != NULL && what != NULL, FALSE);

  /* Stored and shown as it is: one line of printable text first. A URL may
   * carry a password, so no refusal here quotes it. */
  if (!vigil_text_validate_name (url, MAX_URL, what, NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the camera %s must be one line of printable text of at most %d characters (not shown, as it may hold a password)"),
                   what, MAX_URL);
      return FALSE;
    }

  if (strlen (url) <= MAX_URL && g_utf8_validate (url, -1, NULL))
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "rtsp") != 0 && g_ascii_strcasecmp (scheme, "rtsps") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("bad camera %s (not shown, as it may hold a password): expected rtsp://HOST[:PORT]/PATH or rtsps://…"),
                   what);
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the camera %s holds a username or password: give them with --username and standard input instead, so they are kept in the Secret Service and never in the data file"),
                   what);
      return FALSE;
    }

  if (!check_no_credential_parameters (url, what, error))
    return FALSE;

  return TRUE;
}

gboolean
vigil_camera_validate_username (const char  *username,
                                GError     **error)
{
  g_return_val_if_fail (username != NULL, FALSE);

  return vigil_text_validate_name (username, 128, _("camera username"), error);
}

gboolean
vigil_camera_validate (VigilCamera  *self,
                       GError      **error)
{
  g_return_val_if_fail (VIGIL_IS_CAMERA (self), FALSE);

  if (!vigil_text_validate_name (self->name, MAX_NAME, _("camera name"), error) ||
      !vigil_camera_check_not_bathroom (self->name, _("camera name"), error))
    return FALSE;

  if (self->location == VIGIL_LOCATION_FAMILY_ROOM && self->room == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("camera %s is in a family room: say which with --room ROOM"), self->name);
      return FALSE;
    }
  /* Rooms are where families are placed; a communal camera watching one
   * would let the communal rules apply to a family's bedroom. */
  if (self->location == VIGIL_LOCATION_COMMUNAL && self->room != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("camera %s is communal: a communal camera has no --room (rooms are where families live)"),
                   self->name);
      return FALSE;
    }
  if (self->room != NULL && !vigil_camera_check_not_bathroom (self->room, _("room"), error))
    return FALSE;

  if (!vigil_camera_validate_url (self->url, _("URL"), error))
    return FALSE;
  if (self->sub_url != NULL && !vigil_camera_validate_url (self->sub_url, _("sub-stream URL"), error))
    return FALSE;

  return TRUE;
}
