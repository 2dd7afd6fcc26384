/* vigil-site-migrate.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "vigil-audit-private.h"
#include "vigil-data-folder.h"
#include "vigil-error.h"
#include "vigil-site-private.h"
#include "vigil-site-recordings.h"
#include "vigil-store.h"

#include "vigil-site-migrate.h"

/* A single-machine site becoming a site of several machines: its records
 * move from the folder's SQLite file into an empty PostgreSQL database,
 * and the folder names the database from then on.
 *
 * The order keeps a failure at any step from losing anything: the copy
 * and its comparison commit in the database, under the file's write lock,
 * before the folder names the database; the file is then marked moved, so
 * that a program still holding it open is refused rather than writing
 * where nobody reads. The file stays in the folder, as it was, as the
 * record of what moved. No recorder may run meanwhile (its lock is held). */

typedef struct
{
  VigilSite          *site;
  const char         *actor;
  const char         *url;
  const char         *machine;   /* this one, the site's first */
  VigilStore         *from;
  VigilStore         *to;
  VigilAudit         *to_audit;
  VigilSiteMigration  done;
} Move;

/* Copies and compares, and writes the move into the database's trail;
 * committed there, and only there, when all went well. */
static gboolean
copy_into_database (Move    *move,
                    GError **error)
{
  g_autofree char *detail = NULL;
  gint64 now = vigil_site_now (move->site);

  if (!vigil_store_begin (move->from, error))
    return FALSE;
  if (!vigil_store_begin (move->to, error))
    {
      vigil_store_rollback (move->from);
      return FALSE;
    }

  if (!vigil_store_copy_site (move->from, move->to, &move->done.tables, &move->done.rows, &move->done.notes, error))
    goto failed;

  /* This machine is the first of the site's machines, and the trail
   * names it from the move on. */
  detail = g_strdup_printf ("from the SQLite file: tables=%u rows=%" G_GINT64_FORMAT " notes=%" G_GINT64_FORMAT
                            ", every row read back and compared",
                            move->done.tables, move->done.rows, move->done.notes);
  vigil_audit_set_machine (move->to_audit, move->machine);
  if (!vigil_audit_append (move->to_audit, now, move->actor, "site-moved", "site", "moved to PostgreSQL", detail,
                           error) ||
      !vigil_site_enrol_first_machine (move->to, move->to_audit, move->machine, move->actor, now,
                                       "the machine the site moved from", error) ||
      !vigil_store_commit (move->to, error))
    goto failed;

  return TRUE;

failed:
  vigil_store_rollback (move->to);
  vigil_store_rollback (move->from);
  return FALSE;
}

/* The file's part, once the database holds the site: its trail says where
 * the site went, and every table refuses writes from now on. A failure
 * here loses nothing (the database holds everything, and the folder names
 * it), so it is a warning. */
static void
seal_file (Move *move)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = g_strdup_printf ("to=%s", move->url);

  if (!vigil_site_audit (move->site, move->actor, "site-moved", "site", "moved to PostgreSQL", detail, &error) ||
      !vigil_store_seal_moved (move->from, &error) ||
      !vigil_store_commit (move->from, &error))
    {
      vigil_store_rollback (move->from);
      g_warning ("The site moved to %s, but its old data file could not be marked as moved: %s",
                 move->url, error->message);
    }
}

static gboolean
check_move (VigilSite     *self,
            VigilSession  *session,
            const char    *url,
            GError       **error)
{
  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_MANAGE_SETTINGS,
                                    N_("move the site to PostgreSQL"), error))
    return FALSE;

  if (vigil_store_is_database_url (vigil_store_get_path (vigil_site_get_store (self))))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the site in %s is on PostgreSQL already"), vigil_site_get_data_dir (self));
      return FALSE;
    }

  if (!vigil_store_is_database_url (url) || strchr (url, '\n') != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("database %s: give a PostgreSQL address, postgresql://HOST/NAME"), url);
      return FALSE;
    }

  /* Loaded before any lock is taken: a slow keyring holds up nobody. */
  return vigil_audit_ensure_key (vigil_site_get_audit (self), error);
}

/* The target: an empty database (its schema is made on opening), with the
 * site's key for its trail. */
static gboolean
open_target (Move    *move,
             GError **error)
{
  gboolean holds = FALSE;

  move->to = vigil_store_open (move->url, error);
  if (move->to == NULL || !vigil_store_holds_records (move->to, &holds, error))
    return FALSE;
  if (holds)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("database %s already holds records: give an empty database"), move->url);
      return FALSE;
    }

  move->to_audit = vigil_audit_new (move->to, vigil_site_get_id (move->site));
  return vigil_audit_ensure_key (move->to_audit, error);
}

/* The folder names the database, and this machine, from now on; a folder
 * that names one already is refused, as a half-finished earlier move would
 * have left it. */
static gboolean
name_database (Move    *move,
               int      dir_fd,
               GError **error)
{
  const char *data_dir = vigil_site_get_data_dir (move->site);
  gboolean created = FALSE;
  gboolean named = FALSE;

  if (!vigil_data_folder_claim_file (dir_fd, data_dir, VIGIL_SITE_DATABASE_FILE, &created, error))
    return FALSE;
  if (!created)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("%s names a database already"), data_dir);
      return FALSE;
    }
  if (!vigil_data_folder_write_line (dir_fd, data_dir, VIGIL_SITE_DATABASE_FILE, move->url, error) ||
      !vigil_site_name_this_machine (dir_fd, data_dir, move->machine, &named, error))
    {
      if (named)
        unlinkat (dir_fd, VIGIL_SITE_MACHINE_FILE, 0);
      unlinkat (dir_fd, VIGIL_SITE_DATABASE_FILE, 0);
      return FALSE;
    }
  if (fsync (dir_fd) != 0)
    g_warning ("Could not flush the data folder %s: %s", data_dir, g_strerror (errno));
  return TRUE;
}

/**
 * vigil_site_migrate_to_database:
 * @session: a manager's (manage-settings)
 * @database_url: an empty PostgreSQL database, postgresql://HOST/NAME,
 *   without a password (that is in the Secret Service)
 * @migration: (out) (optional): what was moved
 *
 * Moves a single-machine site's records from its SQLite file into
 * @database_url, every row read back and compared, the trail verified
 * afterwards; the data folder then names the database. Refused while a
 * recorder records the site. The site object still reads the old file:
 * open the folder again to reach the database.
 *
 * Returns: whether the site moved
 */
gboolean
vigil_site_migrate_to_database (VigilSite           *self,
                                VigilSession        *session,
                                const char          *database_url,
                                VigilSiteMigration  *migration,
                                GError             **error)
{
  const char *data_dir;
  Move move = { self, NULL, database_url, g_get_host_name (), NULL, NULL, NULL, { 0 } };
  g_autoptr(GError) busy = NULL;
  gboolean moved = FALSE;
  int dir_fd = -1;
  int recording_fd = -1;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (database_url != NULL, FALSE);

  if (!check_move (self, session, database_url, error))
    return FALSE;

  data_dir = vigil_site_get_data_dir (self);
  move.actor = vigil_session_get_username (session);
  move.from = vigil_site_get_store (self);

  dir_fd = open (data_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("Could not open the data folder %s: %s"), data_dir, g_strerror (saved_errno));
      return FALSE;
    }
  if (!vigil_data_folder_lock (dir_fd, data_dir, error))
    goto out;

  recording_fd = vigil_site_claim_recording (self, "moving the site to PostgreSQL", &busy);
  if (recording_fd < 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("stop the recorder before moving the site: %s"), busy->message);
      goto out;
    }

  if (!open_target (&move, error) || !copy_into_database (&move, error))
    goto out;

  if (!name_database (&move, dir_fd, error))
    {
      g_prefix_error (error, _("the site was copied into %s, but stays on its SQLite file: "), database_url);
      vigil_store_rollback (move.from);
      goto out;
    }

  seal_file (&move);

  /* Read afresh from the database, with the site's key. */
  if (!vigil_audit_verify (move.to_audit, &move.done.audit_entries, error))
    {
      g_prefix_error (error, _("the site moved to %s, but its trail there does not verify: "), database_url);
      goto out;
    }

  g_debug ("Site %s moved to %s: %u tables, %" G_GINT64_FORMAT " rows", vigil_site_get_name (self),
             database_url, move.done.tables, move.done.rows);
  if (migration != NULL)
    *migration = move.done;
  moved = TRUE;

out:
  g_clear_object (&move.to_audit);
  g_clear_object (&move.to);
  if (recording_fd >= 0)
    close (recording_fd);
  close (dir_fd);
  return moved;
}
