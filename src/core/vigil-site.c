/* vigil-site.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "vigil-data-folder.h"
#include "vigil-error.h"
#include "vigil-password.h"
#include "vigil-secrets.h"
#include "vigil-session-private.h"
#include "vigil-site-async-private.h"
#include "vigil-site-machines.h"
#include "vigil-site-private.h"
#include "vigil-site-console.h"
#include "vigil-staff-private.h"
#include "vigil-text.h"
#include "vigil-time.h"

/* A single machine's site: its records in this file. A site of several
 * machines has VIGIL_SITE_DATABASE_FILE instead. */
#define DATA_FILE_NAME "vigil.db"
#define SITE_KEY_BYTES 32
#define MAX_SITE_NAME  100

/* A site: one data folder holding one SQLite file, its audit key in the
 * Secret Service. Every call that changes something takes the acting
 * session and checks its permission here, in the core. */
struct _VigilSite
{
  GObject     parent_instance;

  char       *data_dir;
  char       *id;
  char       *name;
  GTimeZone  *zone;
  VigilStore *store;
  VigilAudit *audit;
  char       *machine;   /* this machine's name on a site of several; NULL on one */
  gint64      fixed_now;

  /* The _async calls' thread and connection (vigil-site-async.c). It reads
   * the zone too: zones replaced while it may be read are kept until the
   * site goes, so a zone once handed out stays valid. */
  VigilSiteWorker *worker;
  GMutex           zone_lock;
  GPtrArray       *old_zones;
};

G_DEFINE_FINAL_TYPE (VigilSite, vigil_site, G_TYPE_OBJECT)

static void
vigil_site_dispose (GObject *object)
{
  VigilSite *self = (VigilSite *)object;

  /* Every call still queued holds a reference to the site, so none is left
   * by now; this joins the thread and closes its connection. */
  g_clear_pointer (&self->worker, vigil_site_worker_free);
  g_clear_object (&self->audit);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_site_parent_class)->dispose (object);
}

static void
vigil_site_finalize (GObject *object)
{
  VigilSite *self = (VigilSite *)object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->machine, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->old_zones, g_ptr_array_unref);
  g_mutex_clear (&self->zone_lock);

  G_OBJECT_CLASS (vigil_site_parent_class)->finalize (object);
}

static void
vigil_site_class_init (VigilSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_site_dispose;
  object_class->finalize = vigil_site_finalize;
}

static void
vigil_site_init (VigilSite *self)
{
  g_mutex_init (&self->zone_lock);
}

/**
 * vigil_site_default_data_dir:
 *
 * Returns: (transfer full): `$VIGIL_DATA_DIR`, or `$XDG_DATA_HOME/vigil`
 */
char *
vigil_site_default_data_dir (void)
{
  const char *env = g_getenv ("VIGIL_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), VIGIL_DATA_FOLDER_NAME, NULL);
}

static char *
data_file_path (const char *data_dir)
{
  return g_build_filename (data_dir, DATA_FILE_NAME, NULL);
}

/* Where the site's records are: the PostgreSQL database the folder's
 * database file names, or its own SQLite file. */
static char *
store_address (const char  *data_dir,
               GError     **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autofree char *url = vigil_data_folder_read_line (data_dir, VIGIL_SITE_DATABASE_FILE, &read_error);

  if (url == NULL && read_error == NULL)
    return data_file_path (data_dir);
  if (url == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return NULL;
    }

  if (!vigil_store_is_database_url (url))
    {
      g_autofree char *pointer = g_build_filename (data_dir, VIGIL_SITE_DATABASE_FILE, NULL);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s does not name a PostgreSQL database (one line, postgresql://…)"), pointer);
      return NULL;
    }
  return g_steal_pointer (&url);
}

/* Reads the site's identity and settings from an opened store. */
static gboolean
load_site (VigilSite  *self,
           GError    **error)
{
  g_autofree char *zone_name = NULL;

  self->id = vigil_store_get_setting (self->store, "site-id", error);
  if (self->id == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE,
                     _("the data file in %s holds no finished site (a “vigilctl init” that was interrupted leaves it so): run “vigilctl init” to make the site"),
                     self->data_dir);
      return FALSE;
    }

  self->name = vigil_store_get_setting (self->store, "site-name", error);
  zone_name = vigil_store_get_setting (self->store, VIGIL_SETTING_TIME_ZONE, NULL);
  self->zone = vigil_time_zone_new (zone_name ? zone_name : "Europe/London", NULL);
  if (self->zone == NULL)
    {
      g_warning ("Unknown site time zone %s; showing times in UTC", zone_name);
      self->zone = g_time_zone_new_utc ();
    }

  self->audit = vigil_audit_new (self->store, self->id);
  return TRUE;
}

void
vigil_site_set_machine (VigilSite  *self,
                        const char *machine)
{
  g_free (self->machine);
  self->machine = g_strdup (machine);
  vigil_audit_set_machine (self->audit, machine);
}

/**
 * vigil_site_get_machine:
 *
 * Returns: (nullable): this machine's name, on a site of several machines;
 *   %NULL on a single machine's site, or before this machine joined
 */
const char *
vigil_site_get_machine (VigilSite *self)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  return self->machine;
}

/**
 * vigil_site_open:
 * @data_dir: the site's data folder
 *
 * Opens an existing site. A folder without a site is %VIGIL_ERROR_NO_SITE and
 * is left as it was.
 *
 * Returns: (transfer full): the site, or %NULL with @error set
 */
VigilSite *
vigil_site_open (const char  *data_dir,
                 GError     **error)
{
  g_autoptr(VigilSite) self = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE,
                   _("data folder %s does not exist: run “vigilctl init” first, or give --data-dir"),
                   data_dir);
      return NULL;
    }

  if (!vigil_data_folder_check (data_dir, error))
    return NULL;

  path = store_address (data_dir, error);
  if (path == NULL)
    return NULL;
  if (!vigil_store_is_database_url (path) &&
      !g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE,
                   _("no Vigil site in %s: run “vigilctl init” first"), data_dir);
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_SITE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->store = vigil_store_open (path, error);
  if (self->store == NULL || !load_site (self, error))
    return NULL;

  if (vigil_store_is_database_url (path))
    {
      g_autoptr(GError) machine_error = NULL;
      g_autofree char *machine = vigil_site_read_machine_file (data_dir, &machine_error);

      if (machine_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&machine_error));
          return NULL;
        }
      vigil_site_set_machine (self, machine);
    }

  return g_steal_pointer (&self);
}

static char *
add_months (const char *date,
            guint       months)
{
  GDate d;
  char buf[16];

  g_date_clear (&d, 1);
  g_date_set_parse (&d, date);
  g_date_add_months (&d, months);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &d);
  return g_strdup (buf);
}

/* The first manager, with a competency assessed today by "site set-up":
 * built and checked before anything of the site is made. */
static VigilStaff *
first_manager (VigilSite   *self,
               const char  *username,
               const char  *display_name,
               guint        band,
               GError     **error)
{
  g_autoptr(VigilStaff) manager = NULL;
  g_autofree char *today = vigil_date_today (self->zone, vigil_site_now (self));
  g_autofree char *refresher_due = add_months (today, vigil_site_get_setting_uint (self, VIGIL_SETTING_REFRESHER_MONTHS));

  manager = vigil_staff_new (username, display_name, band, VIGIL_ROLE_MANAGER);
  vigil_staff_set_competency (manager, today, "site set-up", refresher_due);
  if (!vigil_staff_validate (manager, today, error))
    return NULL;

  return g_steal_pointer (&manager);
}

static gboolean
write_new_site (VigilSite   *self,
                VigilStaff  *manager,
                const char  *password_hash,
                GError     **error)
{
  const char *manager_username = vigil_staff_get_username (manager);
  guint manager_band = vigil_staff_get_band (manager);
  const char *today = vigil_staff_get_competency_assessed_on (manager);
  const char *refresher_due = vigil_staff_get_refresher_due (manager);
  g_autofree char *object = g_strdup_printf ("staff:%s", manager_username);
  g_autofree char *detail = NULL;
  g_autofree char *existing_id = NULL;

  detail = g_strdup_printf ("band=%u role=manager competency=%s..%s", manager_band, today, refresher_due);

  if (!vigil_store_begin (self->store, error))
    return FALSE;

  /* Read under the write lock: a file that holds a site is never made
   * into another. */
  existing_id = vigil_store_get_setting (self->store, "site-id", NULL);
  if (existing_id != NULL)
    {
      vigil_store_rollback (self->store);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("a Vigil site already exists in %s"), self->data_dir);
      return FALSE;
    }

  if (!vigil_store_set_setting (self->store, "site-id", self->id, error) ||
      !vigil_store_set_setting (self->store, "site-name", self->name, error) ||
      !vigil_store_set_setting (self->store, VIGIL_SETTING_TIME_ZONE, "Europe/London", error) ||
      !vigil_store_staff_insert (self->store, manager, password_hash, vigil_site_now (self), error) ||
      !vigil_site_audit (self, manager_username, "site-created", "site", "site set up", self->name, error) ||
      !vigil_site_audit (self, manager_username, "staff-added", object, "first manager", detail, error) ||
      (self->machine != NULL &&
       !vigil_site_enrol_first_machine (self->store, self->audit, self->machine, manager_username,
                                        vigil_site_now (self), "the machine the site was set up on", error)))
    {
      vigil_store_rollback (self->store);
      return FALSE;
    }

  return vigil_store_commit (self->store, error);
}

/* An existing data file may be finished by init only when it holds no site
 * and no records: what an init interrupted before its one transaction
 * committed leaves behind (an empty file, or the bare schema). */
static gboolean
check_unfinished (VigilSite   *self,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *id = NULL;
  gboolean holds = FALSE;

  id = vigil_store_get_setting (self->store, "site-id", NULL);
  if (id != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("a Vigil site already exists in %s"), self->data_dir);
      return FALSE;
    }

  if (!vigil_store_holds_records (self->store, &holds, error))
    return FALSE;
  if (holds)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s holds records but no site: it was left untouched; move it away to make a new site"),
                   path);
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_site_create:
 *
 * Creates a site in @data_dir with its first manager, whose band and
 * competency are recorded as of today. The site's audit key is made here
 * and kept in the Secret Service.
 *
 * The folder is made 0700 if missing; an existing one must be the user's
 * own and closed to others, and is never reached through a symbolic link,
 * nor is the data file. Two processes creating a site in one folder at once
 * leave one site: the other is refused. A data file left empty by an
 * interrupted creation is finished.
 *
 * Returns: (transfer full): the site, or %NULL with @error set
 */
VigilSite *
vigil_site_create (const char  *data_dir,
                   const char  *site_name,
                   const char  *manager_username,
                   const char  *manager_display_name,
                   guint        manager_band,
                   const char  *manager_password,
                   GError     **error)
{
  return vigil_site_create_in_database (data_dir, NULL, site_name, manager_username, manager_display_name,
                                        manager_band, manager_password, error);
}

/**
 * vigil_site_store_database_password:
 * @database_url: a PostgreSQL address as a site's folder names it, without
 *   a password
 *
 * Keeps @password in this machine's Secret Service for @database_url: the
 * store gives it to the server whenever it connects there. It is never
 * written to a file, and never part of an address.
 */
gboolean
vigil_site_store_database_password (const char  *database_url,
                                    const char  *password,
                                    GError     **error)
{
  g_return_val_if_fail (database_url != NULL && password != NULL, FALSE);

  if (!vigil_store_is_database_url (database_url) || strchr (database_url, '\n') != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("database %s: give a PostgreSQL address, postgresql://HOST/NAME"), database_url);
      return FALSE;
    }
  if (*password == '\0' || strchr (password, '\n') != NULL)
    {
      g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           _("the database password must be one line, and not empty"));
      return FALSE;
    }

  return vigil_secrets_store_database_password (database_url, password, NULL, error);
}

/**
 * vigil_site_create_in_database:
 * @database_url: (nullable): a PostgreSQL database (postgresql://…, without
 *   a password: that is looked up in the Secret Service), or %NULL for a
 *   SQLite file in @data_dir
 *
 * Creates a site as vigil_site_create() does, its records in @database_url:
 * @data_dir then holds a file naming the database, and the database gets
 * the site's schema. A database that holds a site, or anything else, is
 * refused and left as it was.
 *
 * Returns: (transfer full): the site, or %NULL with @error set
 */
VigilSite *
vigil_site_create_in_database (const char  *data_dir,
                               const char  *database_url,
                               const char  *site_name,
                               const char  *manager_username,
                               const char  *manager_display_name,
                               guint        manager_band,
                               const char  *manager_password,
                               GError     **error)
{
  const char *claimed = database_url != NULL ? VIGIL_SITE_DATABASE_FILE : DATA_FILE_NAME;
  const char *other = database_url != NULL ? DATA_FILE_NAME : VIGIL_SITE_DATABASE_FILE;
  g_autoptr(VigilSite) self = NULL;
  g_autoptr(VigilStaff) manager = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hash = NULL;
  guchar raw_key[SITE_KEY_BYTES];
  gboolean made_folder = FALSE;
  gboolean created = FALSE;
  gboolean machine_named = FALSE;
  gboolean key_stored = FALSE;
  int dir_fd = -1;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (site_name != NULL, NULL);
  g_return_val_if_fail (manager_username != NULL && manager_password != NULL, NULL);

  if (database_url != NULL && (!vigil_store_is_database_url (database_url) || strchr (database_url, '\n') != NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("database %s: give a PostgreSQL address, postgresql://HOST/NAME"), database_url);
      return NULL;
    }

  if (!vigil_text_validate_line (site_name, MAX_SITE_NAME, _("site name"), error) ||
      !vigil_staff_validate_username (manager_username, error) ||
      !vigil_password_check_acceptable (manager_password, error))
    return NULL;

  /* Band 1 could never log in, leaving the site without a manager. */
  if (manager_band < 2 || manager_band > 9)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("band %u for the first manager: give 2 to 9 (CCTV duty needs band 2 or higher)"),
                   manager_band);
      return NULL;
    }

  self = g_object_new (VIGIL_TYPE_SITE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->id = g_uuid_string_random ();
  self->name = g_strstrip (g_strdup (site_name));
  self->zone = vigil_time_zone_new ("Europe/London", NULL);
  if (self->zone == NULL)
    self->zone = g_time_zone_new_utc ();

  manager = first_manager (self, manager_username,
                           manager_display_name ? manager_display_name : manager_username,
                           manager_band, error);
  if (manager == NULL)
    return NULL;

  hash = vigil_password_hash (manager_password, error);
  if (hash == NULL)
    return NULL;

  /* The folder stays open, and locked, until the site is made. */
  path = database_url != NULL ? g_strdup (database_url) : data_file_path (data_dir);
  dir_fd = vigil_data_folder_open_for_create (data_dir, &made_folder, error);
  if (dir_fd < 0)
    return NULL;

  if (!vigil_data_folder_lock (dir_fd, data_dir, error))
    goto failed;

  /* A folder holds one site, in one place or the other. */
  if (faccessat (dir_fd, other, F_OK, AT_SYMLINK_NOFOLLOW) == 0 ||
      (database_url != NULL && faccessat (dir_fd, claimed, F_OK, AT_SYMLINK_NOFOLLOW) == 0))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("a Vigil site already exists in %s"), data_dir);
      goto failed;
    }

  if (!vigil_data_folder_claim_file (dir_fd, data_dir, claimed, &created, error) ||
      (database_url != NULL && !vigil_data_folder_write_line (dir_fd, data_dir, VIGIL_SITE_DATABASE_FILE, database_url, error)))
    goto failed;

  /* A site of several machines: this one is its first, named after its
   * host; others join by invitation. */
  if (database_url != NULL &&
      (!vigil_site_name_this_machine (dir_fd, data_dir, g_get_host_name (), &machine_named, error)))
    goto failed;

  /* Refused before the key is made, when the file holds a site already. */
  if ((!created || database_url != NULL) &&
      ((self->store = vigil_store_open (path, error)) == NULL || !check_unfinished (self, path, error)))
    goto failed;

  /* The key goes to the Secret Service before the site is written, so a
   * keyring that cannot be reached leaves no half-made site behind. */
  randombytes_buf (raw_key, sizeof raw_key);
  key = g_bytes_new (raw_key, sizeof raw_key);
  sodium_memzero (raw_key, sizeof raw_key);
  if (!vigil_secrets_store_site_key (self->id, self->name, key, NULL, error))
    goto failed;
  key_stored = TRUE;

  if (self->store == NULL && (self->store = vigil_store_open (path, error)) == NULL)
    goto failed;

  self->audit = vigil_audit_new (self->store, self->id);
  vigil_audit_set_key (self->audit, key);
  if (machine_named)
    vigil_site_set_machine (self, g_get_host_name ());

  if (!write_new_site (self, manager, hash, error))
    goto failed;

  /* Accepted, so narrowed to the user alone (it may have been readable). */
  if (fchmod (dir_fd, 0700) != 0)
    g_warning ("Could not make the data folder %s private: %s", data_dir, g_strerror (errno));
  close (dir_fd);
  return g_steal_pointer (&self);

failed:
  /* Nothing of the site was committed: leave no file or folder this call
   * made, and no key for a site that does not exist, behind. What was there
   * before stays as it was. */
  g_clear_object (&self->audit);
  g_clear_object (&self->store);
  if (created)
    unlinkat (dir_fd, claimed, 0);
  if (machine_named)
    unlinkat (dir_fd, VIGIL_SITE_MACHINE_FILE, 0);
  if (key_stored)
    vigil_secrets_clear_site_key (self->id, NULL, NULL);
  close (dir_fd);
  if (made_folder)
    g_rmdir (data_dir);
  return NULL;
}

const char *
vigil_site_get_name (VigilSite *self)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  return self->name;
}

const char *
vigil_site_get_id (VigilSite *self)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  return self->id;
}

const char *
vigil_site_get_data_dir (VigilSite *self)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  return self->data_dir;
}

GTimeZone *
vigil_site_get_time_zone (VigilSite *self)
{
  GTimeZone *zone;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  g_mutex_lock (&self->zone_lock);
  zone = self->zone;
  g_mutex_unlock (&self->zone_lock);
  return zone;
}

/* On the site's worker thread, the worker's own: an entry goes into the
 * transaction of the connection that makes the change. */
VigilAudit *
vigil_site_get_audit (VigilSite *self)
{
  VigilAudit *worker_audit;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  worker_audit = vigil_site_worker_get_audit (self->worker);
  return worker_audit != NULL ? worker_audit : self->audit;
}

void
vigil_site_set_time_zone (VigilSite *self,
                          GTimeZone *zone)
{
  g_return_if_fail (VIGIL_IS_SITE (self));
  g_return_if_fail (zone != NULL);

  g_mutex_lock (&self->zone_lock);
  if (self->old_zones == NULL)
    self->old_zones = g_ptr_array_new_with_free_func ((GDestroyNotify) g_time_zone_unref);
  if (self->zone != NULL)
    g_ptr_array_add (self->old_zones, g_steal_pointer (&self->zone));
  self->zone = g_time_zone_ref (zone);
  g_mutex_unlock (&self->zone_lock);
}

/* On the site's worker thread, the worker's own connection: every
 * synchronous call then runs unchanged behind its _async twin. */
VigilStore *
vigil_site_get_store (VigilSite *self)
{
  VigilStore *worker_store;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  worker_store = vigil_site_worker_get_store (self->worker);
  return worker_store != NULL ? worker_store : self->store;
}

/* Started by the first _async call, from the thread that owns the site. */
VigilSiteWorker *
vigil_site_get_worker (VigilSite *self)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  if (self->worker == NULL)
    self->worker = vigil_site_worker_new (vigil_store_get_path (self->store), self->id, self->machine);
  return self->worker;
}

gint64
vigil_site_now (VigilSite *self)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), 0);

  return self->fixed_now != 0 ? self->fixed_now : g_get_real_time ();
}

void
vigil_site_set_now_for_testing (VigilSite *self,
                                gint64     now_us)
{
  g_return_if_fail (VIGIL_IS_SITE (self));

  self->fixed_now = now_us;
}

gboolean
vigil_site_audit (VigilSite   *self,
                  const char  *actor,
                  const char  *action,
                  const char  *object,
                  const char  *reason,
                  const char  *detail,
                  GError     **error)
{
  g_assert (VIGIL_IS_SITE (self));

  return vigil_audit_append (vigil_site_get_audit (self), vigil_site_now (self),
                             actor, action, object, reason, detail, error);
}

/* One audit entry in a transaction of its own. */
gboolean
vigil_site_audit_alone (VigilSite   *self,
                        const char  *actor,
                        const char  *action,
                        const char  *object,
                        const char  *reason,
                        const char  *detail,
                        GError     **error)
{
  g_assert (VIGIL_IS_SITE (self));

  if (!vigil_audit_ensure_key (vigil_site_get_audit (self), error) ||
      !vigil_store_begin (vigil_site_get_store (self), error))
    return FALSE;

  if (!vigil_site_audit (self, actor, action, object, reason, detail, error))
    {
      vigil_store_rollback (vigil_site_get_store (self));
      return FALSE;
    }

  return vigil_store_commit (vigil_site_get_store (self), error);
}

/* Why the member may not do @doing (an untranslated N_() phrase), in the
 * current language; %NULL when they may. */
static char *
refusal_message (VigilStaff *actor,
                 int         permission,
                 const char *doing,
                 const char *today)
{
  const char *username = vigil_staff_get_username (actor);
  g_autofree char *no_longer = vigil_staff_login_refusal (actor, today);

  if (!vigil_staff_get_active (actor))
    return g_strdup_printf (_("permission denied: %s may not %s: the account is deactivated"),
                            username, _(doing));

  /* A console left logged in past a refresher date, or after a band
   * change, may no longer act. */
  if (no_longer != NULL)
    return g_strdup_printf (_("permission denied: %s may not %s: %s"), username, _(doing), no_longer);

  if (permission >= 0 && !vigil_role_has_permission (vigil_staff_get_role (actor), permission))
    return g_strdup_printf (_("permission denied: %s may not %s: that needs the %s permission, which the %s role does not have"),
                            username, _(doing), vigil_permission_to_string (permission),
                            vigil_role_to_string (vigil_staff_get_role (actor)));

  return NULL;
}

/* The C locale, in which gettext gives back the source strings. */
locale_t
vigil_record_language_begin (void)
{
  static gsize source_language = 0;

  if (g_once_init_enter (&source_language))
    g_once_init_leave (&source_language, (gsize) newlocale (LC_ALL_MASK, "C", (locale_t) 0));

  return uselocale ((locale_t) source_language);
}

void
vigil_record_language_end (locale_t previous)
{
  uselocale (previous);
}

/* The acting member as the store holds them now: they must still exist and
 * be allowed at the console (active, band, competency), and, when
 * @permission is non-negative, their current role must hold it. A refusal
 * is audited. The audit key is loaded here, before any transaction, so that
 * a slow keyring never holds the database's write lock. */
static gboolean
check_actor (VigilSite     *self,
             VigilSession  *session,
             int            permission,
             gboolean       allow_locked,
             const char    *doing,
             GError       **error)
{
  g_autoptr(VigilStaff) actor = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *message = NULL;
  g_autofree char *record = NULL;
  locale_t previous;
  const char *username;

  if (vigil_session_get_site (session) != self)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                   _("permission denied: the session belongs to another site"));
      return FALSE;
    }

  if (!vigil_audit_ensure_key (vigil_site_get_audit (self), error) ||
      !vigil_site_check_machine (self, error))
    return FALSE;

  username = vigil_session_get_username (session);

  /* A session that logged out, or one locked at an unattended console, acts
   * no more: whoever sits there now may not be its member. The attempt is
   * kept, as every refusal is. */
  if (vigil_session_is_ended (session) || (!allow_locked && vigil_session_is_locked (session)))
    {
      gboolean ended = vigil_session_is_ended (session);

      if (!vigil_site_audit_alone (self, username, "permission-refused",
                                   ended ? "open-session" : "unlocked-session",
                                   ended ? "the session has ended (logged out)" : "the session is locked",
                                   doing, &audit_error))
        g_warning ("A refused %s by %s was not audited: %s", doing, username, audit_error->message);

      if (ended)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION,
                     _("permission denied: %s may not %s: the session has ended; log in again"),
                     username, _(doing));
      else
        g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_LOCKED,
                             _("The console is locked: enter your password to go on."));
      return FALSE;
    }

  actor = vigil_store_staff_lookup (vigil_site_get_store (self), username, NULL, error);
  if (actor == NULL)
    return FALSE;

  today = vigil_date_today (vigil_site_get_time_zone (self), vigil_site_now (self));
  message = refusal_message (actor, permission, doing, today);
  if (message == NULL)
    return TRUE;

  /* The trail keeps the refusal in the source language, whoever reads it. */
  previous = vigil_record_language_begin ();
  record = refusal_message (actor, permission, doing, today);
  vigil_record_language_end (previous);

  /* The refusal itself is worth keeping; failing to keep it is reported but
   * does not turn a refusal into anything else. */
  if (!vigil_site_audit_alone (self, username, "permission-refused",
                               permission >= 0 ? vigil_permission_to_string (permission) : "active-account",
                               record, doing, &audit_error))
    g_warning ("A refused %s by %s was not audited: %s", doing, username, audit_error->message);

  g_set_error_literal (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION, message);
  return FALSE;
}

/**
 * vigil_site_check_permission:
 * @doing: what the caller was about to do, for the refusal ("add staff")
 *
 * Checks, against the store as it is now, that the session's member of staff
 * is still active and that their role holds @permission. A refusal is
 * audited and names the missing permission. A locked session is refused
 * with %VIGIL_ERROR_LOCKED, a logged-out one with %VIGIL_ERROR_PERMISSION:
 * this is the one place every call that takes a session passes through.
 */
gboolean
vigil_site_check_permission (VigilSite        *self,
                             VigilSession     *session,
                             VigilPermission   permission,
                             const char       *doing,
                             GError          **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (doing != NULL, FALSE);

  return check_actor (self, session, permission, FALSE, doing, error);
}

/**
 * vigil_site_check_active:
 *
 * For what any member may do for themselves (their own password, a live
 * view): checks only that the session's member is still active, and, as
 * vigil_site_check_permission() does, that the session is neither locked nor
 * logged out.
 */
gboolean
vigil_site_check_active (VigilSite     *self,
                         VigilSession  *session,
                         const char    *doing,
                         GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (doing != NULL, FALSE);

  return check_actor (self, session, -1, FALSE, doing, error);
}

/* For the few calls a locked session may still make (vigil-site-console.c):
 * those that show less or must never wait for a password. @permission: as
 * for check_actor(), or -1. */
gboolean
vigil_site_check_active_while_locked (VigilSite     *self,
                                      VigilSession  *session,
                                      int            permission,
                                      const char    *doing,
                                      GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), FALSE);
  g_return_val_if_fail (doing != NULL, FALSE);

  return check_actor (self, session, permission, TRUE, doing, error);
}
