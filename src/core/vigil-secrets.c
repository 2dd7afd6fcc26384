/* vigil-secrets.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <libsecret/secret.h>
#include <stdarg.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-secrets.h"

static const SecretSchema site_key_schema = {
  "org.vigil.Vigil.SiteKey",
  SECRET_SCHEMA_NONE,
  {
    { "site-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
set_secret_error (GError     **error,
                  GError      *cause,
                  const char  *what)
{
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET,
               _("%s: the Secret Service (gnome-keyring) could not be used: %s"),
               what, cause->message);
}

/* A locked keyring is worth its own words: libsecret asks for it to be
 * unlocked and, with nobody there to answer, gives back no secret and no
 * error, which would read as a missing key. */
static void
set_locked_error (GError     **error,
                  const char  *what)
{
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET,
               _("%s: the keyring is locked; unlock it (log in to the desktop, or unlock the “Login” keyring in Passwords and Keys) and try again"),
               what);
}

/* Whether the only items with these attributes are in locked keyrings (an
 * unlocked copy elsewhere can still be read); asked without unlocking
 * anything. */
static gboolean
item_is_locked (const SecretSchema *schema,
                GCancellable       *cancellable,
                ...)
{
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  gboolean locked = FALSE;
  gboolean unlocked = FALSE;
  va_list args;

  va_start (args, cancellable);
  attributes = secret_attributes_buildv (schema, args);
  va_end (args);
  if (attributes == NULL)
    return FALSE;

  items = secret_service_search_sync (NULL, schema, attributes, SECRET_SEARCH_ALL, cancellable, NULL);
  for (GList *l = items; l != NULL; l = l->next)
    {
      if (secret_item_get_locked (l->data))
        locked = TRUE;
      else
        unlocked = TRUE;
    }
  g_list_free_full (items, g_object_unref);
  return locked && !unlocked;
}

/* Whether the keyring new secrets go to is locked. */
static gboolean
default_collection_is_locked (void)
{
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, NULL);
  g_autoptr(SecretCollection) collection = NULL;

  if (service == NULL)
    return FALSE;
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, NULL);
  return collection != NULL && secret_collection_get_locked (collection);
}

GBytes *
vigil_secrets_lookup_site_key (const char    *site_id,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree guchar *raw = NULL;
  char *encoded;
  gsize len = 0;

  g_return_val_if_fail (site_id != NULL, NULL);

  /* Asked first: libsecret 0.20 answers a lookup of a locked item with a
   * GLib critical of its own (a GTask returned a NULL error). */
  if (item_is_locked (&site_key_schema, cancellable, "site-id", site_id, NULL))
    {
      set_locked_error (error, _("Could not read the site key"));
      return NULL;
    }
  encoded = secret_password_lookup_sync (&site_key_schema, cancellable, &local_error,
                                         "site-id", site_id,
                                         NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error, _("Could not read the site key"));
      return NULL;
    }
  if (encoded == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET,
                   _("the key of site %s is not in the Secret Service: the audit trail can be neither written nor verified"),
                   site_id);
      return NULL;
    }

  raw = g_base64_decode (encoded, &len);
  secret_password_free (encoded);

  if (len < 32)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET,
                   _("the key of site %s in the Secret Service is damaged"), site_id);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&raw), len);
}

/* Only for a site whose creation failed: a live site's key is never
 * removed, or its audit trail could no longer be verified. */
gboolean
vigil_secrets_clear_site_key (const char    *site_id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (site_id != NULL, FALSE);

  secret_password_clear_sync (&site_key_schema, cancellable, &local_error,
                              "site-id", site_id,
                              NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error, _("Could not remove the site key"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_secrets_store_site_key (const char    *site_id,
                              const char    *site_name,
                              GBytes        *key,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *label = NULL;
  gsize len;
  const guchar *data;

  g_return_val_if_fail (site_id != NULL && site_name != NULL && key != NULL, FALSE);

  data = g_bytes_get_data (key, &len);
  encoded = g_base64_encode (data, len);
  label = g_strdup_printf (_("Vigil audit key for %s"), site_name);

  /* Asked first: libsecret 0.20 answers a write to a locked keyring with a
   * GLib critical of its own (a GTask returned a NULL error). */
  if (default_collection_is_locked ())
    {
      set_locked_error (error, _("Could not save the site key"));
      return FALSE;
    }
  if (!secret_password_store_sync (&site_key_schema, SECRET_COLLECTION_DEFAULT, label,
                                   encoded, cancellable, &local_error,
                                   "site-id", site_id,
                                   NULL))
    {
      set_secret_error (error, local_error, _("Could not save the site key"));
      return FALSE;
    }

  return TRUE;
}

static const SecretSchema camera_schema = {
  "org.vigil.Vigil.Camera",
  SECRET_SCHEMA_NONE,
  {
    { "site-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "camera", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* One secret holds both: "USERNAME\nPASSWORD". Neither can hold a line
 * break (the password is a line of standard input; the username is
 * checked), so the first one splits them. */
gboolean
vigil_secrets_store_camera_credentials (const char    *site_id,
                                        const char    *camera,
                                        const char    *username,
                                        const char    *password,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GString) secret = NULL;
  gboolean ok;

  g_return_val_if_fail (site_id != NULL && camera != NULL, FALSE);
  g_return_val_if_fail (username != NULL && password != NULL, FALSE);
  g_return_val_if_fail (strchr (username, '\n') == NULL, FALSE);

  secret = g_string_new (username);
  g_string_append_c (secret, '\n');
  g_string_append (secret, password);
  label = g_strdup_printf (_("Vigil camera %s"), camera);

  if (default_collection_is_locked ())
    {
      sodium_memzero (secret->str, secret->len);
      set_locked_error (error, _("Could not save the camera's credentials"));
      return FALSE;
    }
  ok = secret_password_store_sync (&camera_schema, SECRET_COLLECTION_DEFAULT, label,
                                   secret->str, cancellable, &local_error,
                                   "site-id", site_id,
                                   "camera", camera,
                                   NULL);
  sodium_memzero (secret->str, secret->len);

  if (!ok)
    {
      set_secret_error (error, local_error, _("Could not save the camera's credentials"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_secrets_lookup_camera_credentials (const char    *site_id,
                                         const char    *camera,
                                         char         **username,
                                         char         **password,
                                         GCancellable  *cancellable,
                                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;
  char *split;

  g_return_val_if_fail (site_id != NULL && camera != NULL, FALSE);
  g_return_val_if_fail (username != NULL && password != NULL, FALSE);

  *username = NULL;
  *password = NULL;

  /* Asked first, as for the site key. */
  if (item_is_locked (&camera_schema, cancellable, "site-id", site_id, "camera", camera, NULL))
    {
      set_locked_error (error, _("Could not read the camera's credentials"));
      return FALSE;
    }
  secret = secret_password_lookup_sync (&camera_schema, cancellable, &local_error,
                                        "site-id", site_id,
                                        "camera", camera,
                                        NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error, _("Could not read the camera's credentials"));
      return FALSE;
    }
  if (secret == NULL)
    return TRUE;

  split = strchr (secret, '\n');
  if (split == NULL)
    {
      secret_password_free (secret);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SECRET,
                   _("the credentials of camera %s in the Secret Service are damaged"), camera);
      return FALSE;
    }

  *username = g_strndup (secret, split - secret);
  *password = g_strdup (split + 1);
  secret_password_free (secret);
  return TRUE;
}

gboolean
vigil_secrets_clear_camera_credentials (const char    *site_id,
                                        const char    *camera,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (site_id != NULL && camera != NULL, FALSE);

  secret_password_clear_sync (&camera_schema, cancellable, &local_error,
                              "site-id", site_id,
                              "camera", camera,
                              NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error, _("Could not remove the camera's credentials"));
      return FALSE;
    }
  return TRUE;
}

static const SecretSchema database_schema = {
  "org.vigil.Vigil.Database",
  SECRET_SCHEMA_NONE,
  {
    { "address", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

gboolean
vigil_secrets_store_database_password (const char    *address,
                                       const char    *password,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (address != NULL && password != NULL, FALSE);

  if (default_collection_is_locked ())
    {
      set_locked_error (error, _("Could not save the database password"));
      return FALSE;
    }

  label = g_strdup_printf (_("Vigil database %s"), address);
  if (!secret_password_store_sync (&database_schema, SECRET_COLLECTION_DEFAULT, label,
                                   password, cancellable, &local_error,
                                   "address", address,
                                   NULL))
    {
      set_secret_error (error, local_error, _("Could not save the database password"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_secrets_clear_database_password (const char    *address,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (address != NULL, FALSE);

  secret_password_clear_sync (&database_schema, cancellable, &local_error, "address", address, NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error, _("Could not remove the database password"));
      return FALSE;
    }
  return TRUE;
}

/* %NULL, without an error, when none is stored: a database reached over a
 * local socket may need none. */
char *
vigil_secrets_lookup_database_password (const char    *address,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret;
  char *password;

  g_return_val_if_fail (address != NULL, NULL);

  if (item_is_locked (&database_schema, cancellable, "address", address, NULL))
    {
      set_locked_error (error, _("Could not read the database password"));
      return NULL;
    }
  secret = secret_password_lookup_sync (&database_schema, cancellable, &local_error,
                                        "address", address,
                                        NULL);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error, _("Could not read the database password"));
      return NULL;
    }

  /* Copied to memory of GLib's, which callers free with g_free(). */
  password = g_strdup (secret);
  if (secret != NULL)
    secret_password_free (secret);
  return password;
}
