/* vigil-site-machines.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "vigil-audit-private.h"
#include "vigil-data-folder.h"
#include "vigil-enrolment.h"
#include "vigil-error.h"
#include "vigil-secrets.h"
#include "vigil-site-centre-private.h"
#include "vigil-site-console.h"
#include "vigil-site-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-machines.h"
#include "vigil-text.h"
#include "vigil-time.h"

#include "vigil-site-machines.h"

/* A site of several machines knows each of them by name. The data folder
 * of each names it (the file "machine"); the store lists them, and whether
 * each has joined or been revoked. A machine joins with an invitation file
 * that a manager made on a machine already in the site: the site's audit
 * key, the cameras' credentials and the database's password travel in it,
 * sealed with a passphrase (vigil-enrolment.c), from one Secret Service to
 * the other, never in clear and never through the database. A site on
 * SQLite is one machine and names none. */

#define MAX_MACHINE_NAME 64
#define MACHINE_JOINED   "machine-joined"

static char *
machine_object (const char *name)
{
  return g_strdup_printf ("machine:%s", name);
}

static gboolean
on_several_machines (VigilSite *self)
{
  return vigil_store_is_database_url (vigil_store_get_path (vigil_site_get_store (self)));
}

/* A host name's characters: letters, digits, ".", "_" and "-", starting
 * with a letter or digit. */
static gboolean
validate_machine_name (const char  *name,
                       GError     **error)
{
  gboolean ok = name != NULL && g_ascii_isalnum (name[0]) && strlen (name) <= MAX_MACHINE_NAME;

  for (const char *p = name; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-';

  if (!ok)
    {
      g_autofree char *quoted = vigil_text_quote (name != NULL ? name : "");

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("machine name %s: give 1 to %d letters, digits, “.”, “_” or “-”, starting with a letter or digit"),
                   quoted, MAX_MACHINE_NAME);
    }
  return ok;
}

/**
 * vigil_site_read_machine_file:
 *
 * Returns: (nullable): the name the data folder gives this machine, or
 *   %NULL without an error when it names none
 */
char *
vigil_site_read_machine_file (const char  *data_dir,
                              GError     **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autofree char *name = vigil_data_folder_read_line (data_dir, VIGIL_SITE_MACHINE_FILE, &read_error);

  if (read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return NULL;
    }
  if (name != NULL && !validate_machine_name (name, NULL))
    {
      g_autofree char *path = g_build_filename (data_dir, VIGIL_SITE_MACHINE_FILE, NULL);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE, _("%s does not name a machine (one line)"), path);
      return NULL;
    }
  return g_steal_pointer (&name);
}

/* Makes the folder's machine file, naming @name; *@named says it did. */
gboolean
vigil_site_name_this_machine (int          dir_fd,
                              const char  *data_dir,
                              const char  *name,
                              gboolean    *named,
                              GError     **error)
{
  gboolean created = FALSE;

  *named = FALSE;
  if (!validate_machine_name (name, error) ||
      !vigil_data_folder_claim_file (dir_fd, data_dir, VIGIL_SITE_MACHINE_FILE, &created, error))
    return FALSE;

  *named = created;
  if (!created)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS, _("%s names a machine already"), data_dir);
      return FALSE;
    }
  return vigil_data_folder_write_line (dir_fd, data_dir, VIGIL_SITE_MACHINE_FILE, name, error);
}

/* A site's first machine, joined as it is added, and its entry in @audit
 * (of @store), inside the caller's transaction: the machine a site is set
 * up on, or moved from. */
gboolean
vigil_site_enrol_first_machine (VigilStore  *store,
                                VigilAudit  *audit,
                                const char  *machine,
                                const char  *manager,
                                gint64       now,
                                const char  *why,
                                GError     **error)
{
  g_autofree char *object = machine_object (machine);

  return vigil_store_machine_insert (store, machine, "laptop", now, manager, error) &&
         vigil_store_machine_set_joined (store, machine, now, manager, error) &&
         vigil_audit_append (audit, now, manager, MACHINE_JOINED, object, why, "kind=laptop", error);
}

/**
 * vigil_site_check_machine:
 *
 * On a site of several machines, refuses a machine that is not one of
 * them, or that the site revoked. A single machine's site passes.
 */
gboolean
vigil_site_check_machine (VigilSite  *self,
                          GError    **error)
{
  g_autoptr(VigilMachine) machine = NULL;
  g_autoptr(GError) lookup_error = NULL;
  const char *name = vigil_site_get_machine (self);

  if (!on_several_machines (self))
    return TRUE;

  if (name == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("this machine has not joined the site in %s: a manager lets it join with “vigilctl site join”"),
                   vigil_site_get_data_dir (self));
      return FALSE;
    }

  machine = vigil_store_machine_lookup (vigil_site_get_store (self), name, &lookup_error);
  if (machine == NULL)
    {
      if (g_error_matches (lookup_error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND))
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                     _("this machine (%s) is not one of the site's machines"), name);
      else
        g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }

  if (vigil_machine_get_revoked_at (machine) != 0)
    {
      g_autofree char *when = vigil_time_format_local (vigil_machine_get_revoked_at (machine),
                                                       vigil_site_get_time_zone (self), "%Y-%m-%d %H:%M %Z");

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("this machine (%s) was revoked by %s at %s: %s"), name,
                   vigil_machine_get_revoked_by (machine), when, vigil_machine_get_revoke_reason (machine));
      return FALSE;
    }
  return TRUE;
}

/* Inviting */

/* What the joining machine's Secret Service will hold, from this one's. */
static GVariant *
invitation_payload (VigilSite    *self,
                    const char   *name,
                    const char   *kind,
                    GError      **error)
{
  const char *site_id = vigil_site_get_id (self);
  const char *url = vigil_store_get_path (vigil_site_get_store (self));
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autofree char *database_password = NULL;
  g_autoptr(GError) lookup_error = NULL;
  GVariantBuilder credentials;
  GVariantDict dict;

  key = vigil_secrets_lookup_site_key (site_id, NULL, error);
  if (key == NULL)
    return NULL;
  database_password = vigil_secrets_lookup_database_password (url, NULL, &lookup_error);
  if (lookup_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return NULL;
    }
  cameras = vigil_store_cameras_list (vigil_site_get_store (self), error);
  if (cameras == NULL)
    return NULL;

  g_variant_builder_init (&credentials, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; i < cameras->len; i++)
    {
      const char *camera = vigil_camera_get_name (g_ptr_array_index (cameras, i));
      g_autofree char *username = NULL;
      g_autofree char *password = NULL;

      if (!vigil_secrets_lookup_camera_credentials (site_id, camera, &username, &password, NULL, error))
        {
          g_variant_builder_clear (&credentials);
          return NULL;
        }
      if (username != NULL)
        g_variant_builder_add (&credentials, "(sss)", camera, username, password);
      if (password != NULL)
        sodium_memzero (password, strlen (password));
    }

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "site-id", "s", site_id);
  g_variant_dict_insert (&dict, "site-name", "s", vigil_site_get_name (self));
  g_variant_dict_insert (&dict, "database", "s", url);
  if (database_password != NULL)
    {
      g_variant_dict_insert (&dict, "database-password", "s", database_password);
      sodium_memzero (database_password, strlen (database_password));
    }
  g_variant_dict_insert_value (&dict, "key", g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, key, TRUE));
  g_variant_dict_insert (&dict, "machine", "s", name);
  g_variant_dict_insert (&dict, "kind", "s", kind);
  g_variant_dict_insert_value (&dict, "cameras", g_variant_builder_end (&credentials));
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

/* A machine invited, or joining, and its entry in the trail. */
typedef struct
{
  VigilSession *session;
  const char   *name;
  const char   *kind;
  gboolean      joining;
} MachineStep;

static gboolean
write_machine_step (VigilSite  *self,
                    gpointer    data,
                    GError    **error)
{
  MachineStep *step = data;
  VigilStore *store = vigil_site_get_store (self);
  const char *actor = vigil_session_get_username (step->session);
  g_autofree char *object = machine_object (step->name);
  g_autofree char *detail = g_strdup_printf ("kind=%s", step->kind);
  gint64 now = vigil_site_now (self);
  gboolean written = step->joining ? vigil_store_machine_set_joined (store, step->name, now, actor, error)
                                   : vigil_store_machine_insert (store, step->name, step->kind, now, actor, error);

  return written && vigil_site_audit (self, actor, step->joining ? MACHINE_JOINED : "machine-invited", object, "",
                                      detail, error);
}

/**
 * vigil_site_invite_machine:
 * @name: the new machine's name (its host name, say)
 * @kind: laptop, wall, handheld or recorder
 * @path: the invitation file to write (a new file, 0600)
 * @passphrase: at least VIGIL_ENROLMENT_MIN_PASSPHRASE characters, given
 *   to whoever lets the machine join, apart from the file
 *
 * Adds @name to the site's machines, not yet joined, and writes the sealed
 * invitation it joins with. Needs manage-settings.
 */
gboolean
vigil_site_invite_machine (VigilSite     *self,
                           VigilSession  *session,
                           const char    *name,
                           const char    *kind,
                           const char    *path,
                           const char    *passphrase,
                           GError       **error)
{
  MachineStep invite = { session, name, kind, FALSE };
  g_autoptr(VigilMachine) existing = NULL;
  g_autoptr(GVariant) payload = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (path != NULL && passphrase != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_SETTINGS,
                                    N_("invite a machine to the site"), error) ||
      !validate_machine_name (name, error))
    return FALSE;

  if (!vigil_machine_kind_is_valid (kind))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("machine kind %s: give %s"), kind ? kind : "",
                   VIGIL_MACHINE_KINDS);
      return FALSE;
    }
  if (!on_several_machines (self))
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           _("a site on SQLite is one machine: move it to PostgreSQL first (vigilctl site migrate)"));
      return FALSE;
    }
  existing = vigil_store_machine_lookup (vigil_site_get_store (self), name, NULL);
  if (existing != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("the site has a machine named %s already (a name is never reused)"), name);
      return FALSE;
    }

  /* Sealed before the site's write lock is taken: the passphrase's hash
   * takes most of a second. A file whose machine could not be added is
   * removed. */
  payload = invitation_payload (self, name, kind, error);
  if (payload == NULL || !vigil_enrolment_write (path, payload, passphrase, error))
    return FALSE;

  if (!vigil_site_centre_transact (self, write_machine_step, &invite, error))
    {
      unlink (path);
      return FALSE;
    }
  return TRUE;
}

/* Joining */

typedef struct
{
  GVariant   *payload;
  const char *site_id;
  const char *site_name;
  const char *url;
  const char *database_password;   /* NULL when the server asks none */
  const char *machine;
  const char *kind;
  GBytes     *key;
} Invitation;

static gboolean
read_invitation (Invitation  *invitation,
                 const char  *path,
                 const char  *passphrase,
                 GError     **error)
{
  GVariantDict dict;
  g_autoptr(GVariant) key = NULL;
  gboolean complete;

  invitation->payload = vigil_enrolment_read (path, passphrase, error);
  if (invitation->payload == NULL)
    return FALSE;

  g_variant_dict_init (&dict, invitation->payload);
  complete = g_variant_dict_lookup (&dict, "site-id", "&s", &invitation->site_id) &&
             g_variant_dict_lookup (&dict, "site-name", "&s", &invitation->site_name) &&
             g_variant_dict_lookup (&dict, "database", "&s", &invitation->url) &&
             g_variant_dict_lookup (&dict, "machine", "&s", &invitation->machine) &&
             g_variant_dict_lookup (&dict, "kind", "&s", &invitation->kind) &&
             (key = g_variant_dict_lookup_value (&dict, "key",
                                                 G_VARIANT_TYPE_BYTESTRING)) != NULL;
  if (!g_variant_dict_lookup (&dict, "database-password", "&s", &invitation->database_password))
    invitation->database_password = NULL;
  g_variant_dict_clear (&dict);

  if (!complete || !vigil_store_is_database_url (invitation->url) ||
      !validate_machine_name (invitation->machine, NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("%s is not a whole Vigil invitation"), path);
      return FALSE;
    }
  invitation->key = g_variant_get_data_as_bytes (key);
  return TRUE;
}

static void
invitation_clear (Invitation *invitation)
{
  g_clear_pointer (&invitation->key, g_bytes_unref);
  g_clear_pointer (&invitation->payload, g_variant_unref);
}

/* The machine an invitation names, in the site it names: invited, not yet
 * joined, not revoked. */
static gboolean
check_invited (VigilSite   *site,
               Invitation  *invitation,
               GError     **error)
{
  g_autoptr(VigilMachine) machine = NULL;

  if (g_strcmp0 (vigil_site_get_id (site), invitation->site_id) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the database %s holds another site than the invitation's (%s)"), invitation->url,
                   invitation->site_name);
      return FALSE;
    }

  machine = vigil_store_machine_lookup (vigil_site_get_store (site), invitation->machine, error);
  if (machine == NULL)
    return FALSE;
  if (vigil_machine_get_revoked_at (machine) != 0 || vigil_machine_get_joined_at (machine) != 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("the invitation for %s has been used already, or revoked"), invitation->machine);
      return FALSE;
    }
  return TRUE;
}

/* This machine's Secret Service gets the site's secrets. */
static gboolean
store_secrets (Invitation  *invitation,
               GError     **error)
{
  g_autoptr(GVariant) cameras = g_variant_lookup_value (invitation->payload, "cameras", G_VARIANT_TYPE ("a(sss)"));
  GVariantIter iter;
  const char *camera, *username, *password;

  if (!vigil_secrets_store_site_key (invitation->site_id, invitation->site_name, invitation->key, NULL, error))
    return FALSE;

  if (cameras == NULL)
    return TRUE;
  g_variant_iter_init (&iter, cameras);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &camera, &username, &password))
    if (!vigil_secrets_store_camera_credentials (invitation->site_id, camera, username, password, NULL, error))
      return FALSE;
  return TRUE;
}

/* With the folder made and naming the database: opens the site, checks
 * the invitation against it, keeps the secrets, names this machine and
 * lets it join under a manager's login. */
static VigilSite *
join_site (const char   *data_dir,
           int           dir_fd,
           Invitation   *invitation,
           const char   *username,
           const char   *password,
           gboolean     *named,
           GError      **error)
{
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(VigilSession) session = NULL;
  MachineStep join = { NULL, invitation->machine, invitation->kind, TRUE };

  site = vigil_site_open (data_dir, error);
  if (site == NULL || !check_invited (site, invitation, error) || !store_secrets (invitation, error) ||
      !vigil_site_name_this_machine (dir_fd, data_dir, invitation->machine, named, error))
    return NULL;
  vigil_site_set_machine (site, invitation->machine);

  session = vigil_site_login (site, username, password, "vigilctl site join", error);
  if (session == NULL ||
      !vigil_site_check_permission (site, session, VIGIL_PERMISSION_MANAGE_SETTINGS,
                                    N_("let a machine join the site"), error))
    return NULL;

  join.session = session;
  if (!vigil_site_centre_transact (site, write_machine_step, &join, error))
    return NULL;

  vigil_site_logout (site, session, NULL);
  return g_steal_pointer (&site);
}

/**
 * vigil_site_join:
 * @data_dir: this machine's data folder for the site; made if missing, and
 *   it must hold no site
 * @path: the invitation a manager made (vigil_site_invite_machine())
 * @username: a manager, logging in on this machine
 *
 * Opens the invitation with @passphrase, keeps the site's secrets in this
 * machine's Secret Service, and makes @data_dir name the site's database
 * and this machine; the machine joins, once, under the manager's login.
 * Nothing is left behind when it cannot.
 *
 * Returns: (transfer full): the site, opened on this machine
 */
VigilSite *
vigil_site_join (const char  *data_dir,
                 const char  *path,
                 const char  *passphrase,
                 const char  *username,
                 const char  *password,
                 GError     **error)
{
  Invitation invitation = { NULL };
  VigilSite *site = NULL;
  g_autofree char *had_password = NULL;
  gboolean made_folder = FALSE;
  gboolean pointed = FALSE;
  gboolean named = FALSE;
  gboolean had_key;
  int dir_fd;

  g_return_val_if_fail (data_dir != NULL && path != NULL && passphrase != NULL, NULL);
  g_return_val_if_fail (username != NULL && password != NULL, NULL);

  if (!read_invitation (&invitation, path, passphrase, error))
    {
      invitation_clear (&invitation);
      return NULL;
    }

  dir_fd = vigil_data_folder_open_for_create (data_dir, &made_folder, error);
  if (dir_fd < 0)
    {
      invitation_clear (&invitation);
      return NULL;
    }
  had_key = vigil_secrets_lookup_site_key (invitation.site_id, NULL, NULL) != NULL;
  had_password = vigil_secrets_lookup_database_password (invitation.url, NULL, NULL);

  if (!vigil_data_folder_lock (dir_fd, data_dir, error))
    goto out;
  if (faccessat (dir_fd, "vigil.db", F_OK, AT_SYMLINK_NOFOLLOW) == 0 ||
      faccessat (dir_fd, VIGIL_SITE_DATABASE_FILE, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS, _("a Vigil site already exists in %s"), data_dir);
      goto out;
    }

  /* The password first: the database is reached with it. */
  if ((invitation.database_password != NULL &&
       !vigil_secrets_store_database_password (invitation.url, invitation.database_password, NULL, error)) ||
      !vigil_data_folder_claim_file (dir_fd, data_dir, VIGIL_SITE_DATABASE_FILE, &pointed, error) ||
      !vigil_data_folder_write_line (dir_fd, data_dir, VIGIL_SITE_DATABASE_FILE, invitation.url, error))
    goto out;

  site = join_site (data_dir, dir_fd, &invitation, username, password, &named, error);
  if (site != NULL && fchmod (dir_fd, 0700) != 0)
    g_warning ("Could not make the data folder %s private: %s", data_dir, g_strerror (errno));

out:
  if (site == NULL)
    {
      /* Nothing of a join that failed stays: no file, no folder, and no
       * secret this machine did not hold before. */
      if (named)
        unlinkat (dir_fd, VIGIL_SITE_MACHINE_FILE, 0);
      if (pointed)
        unlinkat (dir_fd, VIGIL_SITE_DATABASE_FILE, 0);
      if (!had_key && invitation.site_id != NULL)
        vigil_secrets_clear_site_key (invitation.site_id, NULL, NULL);
      if (had_password == NULL && invitation.database_password != NULL)
        vigil_secrets_clear_database_password (invitation.url, NULL, NULL);
    }
  close (dir_fd);
  if (site == NULL && made_folder)
    g_rmdir (data_dir);
  invitation_clear (&invitation);
  return site;
}

/* Listing and revoking */

/**
 * vigil_site_list_machines:
 *
 * Returns: (transfer full) (element-type VigilMachine): the site's
 *   machines, in the order they were invited; none on a single machine
 */
GPtrArray *
vigil_site_list_machines (VigilSite  *self,
                          GError    **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_machines_list (vigil_site_get_store (self), error);
}

typedef struct
{
  VigilSession *session;
  const char   *name;
  const char   *reason;
} Revoke;

static gboolean
write_revoke (VigilSite  *self,
              gpointer    data,
              GError    **error)
{
  Revoke *revoke = data;
  const char *actor = vigil_session_get_username (revoke->session);
  g_autofree char *object = machine_object (revoke->name);

  return vigil_store_machine_revoke (vigil_site_get_store (self), revoke->name, vigil_site_now (self), actor,
                                     revoke->reason, error) &&
         vigil_site_audit (self, actor, "machine-revoked", object, revoke->reason, "", error);
}

/**
 * vigil_site_revoke_machine:
 * @reason: why, for the trail (required)
 *
 * Revokes a machine: from its next call on, it logs nobody in and acts for
 * nobody. The machine in use cannot revoke itself. Needs manage-settings.
 */
gboolean
vigil_site_revoke_machine (VigilSite     *self,
                           VigilSession  *session,
                           const char    *name,
                           const char    *reason,
                           GError       **error)
{
  Revoke revoke = { session, name, reason };

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_SETTINGS,
                                    N_("revoke a machine"), error) ||
      !vigil_text_validate_reason (reason, TRUE, error))
    return FALSE;

  if (g_ascii_strcasecmp (name, vigil_site_get_machine (self) ? vigil_site_get_machine (self) : "") == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is the machine in use: revoke it from another machine"), name);
      return FALSE;
    }

  return vigil_site_centre_transact (self, write_revoke, &revoke, error);
}
