/* vigil-store-changes.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-error.h"
#include "vigil-store-backend-private.h"

/* What a change monitor reads (VigilChangeMonitor): SQLite's data_version,
 * which moves on a connection whenever another one commits, and the
 * serials that schema 3's triggers bump per kind of record. Each statement
 * is stepped to its end and reset at once, so that no read snapshot is held
 * between two looks: a snapshot held would keep the log from being
 * checkpointed, and would hide the very commits being watched for. */

/* The one list of kinds: change_serials' rows (schema 3; "recordings",
 * "holds" and "recorder" schema 5, "exports" schema 6) and the monitor's
 * flags are checked against it. A kind is only ever appended, together
 * with the migration that inserts its row and its triggers. */
#define CHANGE_KINDS \
  "settings", "staff", "audit", "rooms", "cameras", "families", "stages", "windows", "overrides", \
  "watch-requests", "notes", "duties", "recordings", "holds", "recorder", "exports"

const char * const vigil_store_change_kinds[] = { CHANGE_KINDS };

/* The array takes the header's size whatever the list holds; counted apart,
 * a list of another length does not compile. */
G_STATIC_ASSERT (sizeof ((const char *[]) { CHANGE_KINDS }) == VIGIL_STORE_N_CHANGE_KINDS * sizeof (const char *));

/* One text, so that vigil_store_prepare keeps one statement for both uses. */
static const char serials_sql[] = "SELECT kind, serial FROM change_serials";

/* The kind's place in the list, or -1 for a kind this build does not know. */
static int
change_kind_index (const char *name)
{
  if (name == NULL)
    return -1;

  for (guint i = 0; i < VIGIL_STORE_N_CHANGE_KINDS; i++)
    if (strcmp (name, vigil_store_change_kinds[i]) == 0)
      return (int) i;

  return -1;
}

/* Called by the migration, inside its transaction: the rows the schema
 * made must be exactly the list, or changes of a kind would go untold. */
gboolean
vigil_store_check_change_kinds (VigilStore  *self,
                                GError     **error)
{
  guint seen = 0;
  gboolean stray = FALSE;
  VigilStoreStmt *stmt;
  int rc;

  g_assert (VIGIL_IS_STORE (self));

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, serials_sql, error)))
    return FALSE;

  while ((rc = vigil_store_stmt_step (stmt)) == VIGIL_STORE_STEP_ROW)
    {
      int i = change_kind_index (vigil_store_stmt_column_text (stmt, 0));

      if (i < 0)
        stray = TRUE;
      else
        seen |= 1u << i;
    }
  vigil_store_stmt_reset (stmt);

  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not read the change serials"));
      return FALSE;
    }

  if (stray || seen != (1u << VIGIL_STORE_N_CHANGE_KINDS) - 1)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s does not count the kinds of change this Vigil tells of; it was left untouched"),
                   vigil_store_get_path (self));
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_store_read_data_version:
 * @version: (out): the connection's data version
 *
 * Reads a number that moves whenever another connection, in this process or
 * another, commits a change to the file.
 */
gboolean
vigil_store_read_data_version (VigilStore  *self,
                               gint64      *version,
                               GError     **error)
{
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  /* PostgreSQL tells of commits itself, with a notification each. */
  if (vigil_store_get_pg (self) != NULL)
    {
      gint64 *notified = vigil_store_get_notified (self);

      if (!vigil_pg_count_notifications (self, notified, error))
        return FALSE;
      *version = *notified;
      return TRUE;
    }

  if (!(stmt = vigil_store_prepare (self, "PRAGMA data_version", error)))
    return FALSE;

  rc = vigil_store_stmt_step (stmt);
  if (rc == VIGIL_STORE_STEP_ROW)
    *version = vigil_store_stmt_column_int64 (stmt, 0);
  else
    vigil_store_set_error (self, error, _("Could not read the data version"));
  vigil_store_stmt_reset (stmt);

  return rc == VIGIL_STORE_STEP_ROW;
}

/**
 * vigil_store_read_change_serials:
 * @serials: (array length=n_serials): where @serials[i] receives the serial
 *   of vigil_store_change_kinds[i]
 * @n_serials: %VIGIL_STORE_N_CHANGE_KINDS
 *
 * A kind the file does not count keeps its value, and a row of a kind this
 * build does not know is passed over. On failure @serials may be partly
 * written.
 */
gboolean
vigil_store_read_change_serials (VigilStore  *self,
                                 gint64      *serials,
                                 guint        n_serials,
                                 GError     **error)
{
  VigilStoreStmt *stmt;
  int rc;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (serials != NULL, FALSE);
  g_return_val_if_fail (n_serials == VIGIL_STORE_N_CHANGE_KINDS, FALSE);

  g_autoptr(GRecMutexLocker) locker = vigil_store_lock (self);
  if (!(stmt = vigil_store_prepare (self, serials_sql, error)))
    return FALSE;

  while ((rc = vigil_store_stmt_step (stmt)) == VIGIL_STORE_STEP_ROW)
    {
      int i = change_kind_index (vigil_store_stmt_column_text (stmt, 0));

      if (i >= 0)
        serials[i] = vigil_store_stmt_column_int64 (stmt, 1);
    }
  vigil_store_stmt_reset (stmt);

  if (rc != VIGIL_STORE_STEP_DONE)
    {
      vigil_store_set_error (self, error, _("Could not read the change serials"));
      return FALSE;
    }

  return TRUE;
}
