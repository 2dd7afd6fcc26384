/* vigil-site-notes.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-error.h"
#include "vigil-note-private.h"
#include "vigil-site-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-notes.h"
#include "vigil-time.h"

#include "vigil-site-notes.h"

/* Records that must last: a saved note never changes. There is no edit and
 * no delete here (and the database refuses both); a correction is an
 * addendum, a note of its own with its own author and time, linked to the
 * note it corrects. Each note's SHA-256 goes into its keyed audit entry, so
 * a note changed behind Vigil's back no longer matches the trail. The
 * trail's reasons and details are records, not screens, so they are never
 * translated; errors shown to staff are. */

static gboolean
check_period (VigilSite      *self,
              VigilNoteKind   kind,
              gint64          from,
              gint64          to,
              GError        **error)
{
  gboolean has_period = from != 0 || to != 0;

  if (kind == VIGIL_NOTE_KIND_DUTY)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a duty summary is written by ending or handing over the duty, not as a note"));
      return FALSE;
    }
  if (kind == VIGIL_NOTE_KIND_REVIEW && !has_period)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a review note needs the period of footage reviewed (--from and --to)"));
      return FALSE;
    }
  if (!has_period)
    return TRUE;

  if (from == 0 || to == 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a note's period needs both its start and its end (--from and --to)"));
      return FALSE;
    }
  if (to < from)
    {
      GTimeZone *zone = vigil_site_get_time_zone (self);
      g_autofree char *start = vigil_time_format_local (from, zone, "%Y-%m-%d %H:%M %Z");
      g_autofree char *end = vigil_time_format_local (to, zone, "%Y-%m-%d %H:%M %Z");

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the period ends (%s) before it starts (%s)"), end, start);
      return FALSE;
    }
  /* A note records what was observed: a period still to come is a mistake. */
  if (to > vigil_site_now (self))
    {
      g_autofree char *end = vigil_time_format_local (to, vigil_site_get_time_zone (self),
                                                      "%Y-%m-%d %H:%M %Z");

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the period ends in the future (%s): a note records what was observed"), end);
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_site_check_note:
 *
 * Checks, without writing, a note's family, kind and period: observation or
 * review (a duty summary comes only with the end of its duty), a review with
 * the period reviewed, a period that ends after it starts and not in the
 * future. The body is checked by vigil_note_normalize_body().
 */
gboolean
vigil_site_check_note (VigilSite      *self,
                       const char     *case_ref,
                       VigilNoteKind   kind,
                       gint64          period_from,
                       gint64          period_to,
                       GError        **error)
{
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL, FALSE);

  return check_period (self, kind, period_from, period_to, error) &&
         (family = vigil_store_family_lookup (vigil_site_get_store (self), case_ref, error)) != NULL;
}

static gint64
save_note (VigilSite    *self,
           VigilSession *session,
           gint64        family_id,
           VigilNote    *note,
           const char   *action,
           const char   *reason,
           const char   *detail,
           GError      **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autofree char *object = NULL;
  gint64 id;

  if (!vigil_store_begin (store, error))
    return 0;

  if ((id = vigil_store_note_insert (store, family_id, note, error)) == 0 ||
      !vigil_site_audit (self, vigil_session_get_username (session), action,
                         (object = g_strdup_printf ("note:%" G_GINT64_FORMAT, id)), reason, detail, error))
    {
      vigil_store_rollback (store);
      return 0;
    }

  if (!vigil_store_commit (store, error))
    return 0;

  return id;
}

static VigilNote *
saved_copy (VigilNote *draft,
            gint64     id)
{
  VigilNote *note = vigil_note_new (id, vigil_note_get_case_ref (draft), vigil_note_get_kind (draft),
                                    vigil_note_get_author (draft), vigil_note_get_written_at (draft),
                                    vigil_note_get_body (draft));
  gint64 from, to;

  if (vigil_note_get_period (draft, &from, &to))
    vigil_note_set_period (note, from, to);
  vigil_note_set_addendum_to (note, vigil_note_get_addendum_to (draft));
  return note;
}

/**
 * vigil_site_add_note:
 * @kind: observation or review
 * @period_from: start of the period observed, or 0 (with @period_to 0) for none
 * @body: the note as written; see vigil_note_normalize_body()
 *
 * Saves a note about the family, written by the acting member now. Needs the
 * write-notes permission.
 *
 * Returns: (transfer full): the saved note, or %NULL with @error set
 */
VigilNote *
vigil_site_add_note (VigilSite      *self,
                     VigilSession   *session,
                     const char     *case_ref,
                     VigilNoteKind   kind,
                     gint64          period_from,
                     gint64          period_to,
                     const char     *body,
                     GError        **error)
{
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilNote) draft = NULL;
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *reason = NULL;
  const char *stored_ref;
  gint64 id;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL && body != NULL, NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_WRITE_NOTES, N_("write a note"), error) ||
      !check_period (self, kind, period_from, period_to, error) ||
      (text = vigil_note_normalize_body (body, -1, error)) == NULL ||
      (family = vigil_store_family_lookup (vigil_site_get_store (self), case_ref, error)) == NULL)
    return NULL;

  /* Saved and audited under the reference as stored, whatever its case. */
  stored_ref = vigil_family_get_case_ref (family);
  draft = vigil_note_new (0, stored_ref, kind, vigil_session_get_username (session), vigil_site_now (self), text);
  if (period_from != 0)
    vigil_note_set_period (draft, period_from, period_to);

  digest = vigil_note_body_digest (text);
  detail = g_strdup_printf ("family=%s kind=%s sha256=%s", stored_ref, vigil_note_kind_to_string (kind), digest);
  reason = g_strdup_printf ("%s note for family %s", vigil_note_kind_to_string (kind), stored_ref);

  id = save_note (self, session, vigil_family_get_id (family), draft, "note-added", reason, detail, error);
  return id != 0 ? saved_copy (draft, id) : NULL;
}

/* The note an addendum may amend: an original, not another addendum, so
 * every correction hangs off the note it corrects. */
static VigilNote *
amendable_note (VigilSite   *self,
                gint64       note_id,
                gint64      *family_id,
                GError     **error)
{
  g_autoptr(VigilNote) note = vigil_store_note_get (vigil_site_get_store (self), note_id, family_id, error);

  if (note != NULL && vigil_note_is_addendum (note))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("note %lld is itself an addendum to note %lld: add the correction to note %lld"),
                   (long long) note_id, (long long) vigil_note_get_addendum_to (note),
                   (long long) vigil_note_get_addendum_to (note));
      return NULL;
    }

  return g_steal_pointer (&note);
}

/**
 * vigil_site_check_addendum:
 *
 * Checks, without writing, that @note_id names a note an addendum may amend.
 */
gboolean
vigil_site_check_addendum (VigilSite   *self,
                           gint64       note_id,
                           GError     **error)
{
  g_autoptr(VigilNote) note = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);

  note = amendable_note (self, note_id, NULL, error);
  return note != NULL;
}

/**
 * vigil_site_add_addendum:
 * @note_id: the note corrected
 *
 * Saves a correction to a note: a note of its own, by the acting member, now,
 * linked to the original (which does not change). It takes the original's
 * kind and has no period of its own. Needs the write-notes permission.
 *
 * Returns: (transfer full): the saved addendum, or %NULL with @error set
 */
VigilNote *
vigil_site_add_addendum (VigilSite     *self,
                         VigilSession  *session,
                         gint64         note_id,
                         const char    *body,
                         GError       **error)
{
  g_autoptr(VigilNote) original = NULL;
  g_autoptr(VigilNote) draft = NULL;
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *reason = NULL;
  gint64 family_id = 0, id;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (body != NULL, NULL);

  if (!vigil_site_check_permission (self, session, VIGIL_PERMISSION_WRITE_NOTES,
                                    N_("add an addendum to a note"), error) ||
      (text = vigil_note_normalize_body (body, -1, error)) == NULL ||
      (original = amendable_note (self, note_id, &family_id, error)) == NULL)
    return NULL;

  draft = vigil_note_new (0, vigil_note_get_case_ref (original), vigil_note_get_kind (original),
                          vigil_session_get_username (session), vigil_site_now (self), text);
  vigil_note_set_addendum_to (draft, note_id);

  digest = vigil_note_body_digest (text);
  detail = g_strdup_printf ("family=%s amends=%" G_GINT64_FORMAT " sha256=%s",
                            vigil_note_get_case_ref (original), note_id, digest);
  reason = g_strdup_printf ("addendum to note %lld by %s",
                            (long long) note_id, vigil_note_get_author (original));

  id = save_note (self, session, family_id, draft, "note-addendum-added", reason, detail, error);
  return id != 0 ? saved_copy (draft, id) : NULL;
}

VigilNote *
vigil_site_get_note (VigilSite   *self,
                     gint64       note_id,
                     GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_note_get (vigil_site_get_store (self), note_id, NULL, error);
}

/**
 * vigil_site_list_notes:
 * @since_us: 0 for all
 *
 * The family's notes, oldest first, each followed by its addenda; with
 * @since_us, the notes that were, or that have an addendum, written since.
 *
 * Returns: (transfer full) (element-type VigilNote): the notes, or %NULL
 *   with @error set
 */
GPtrArray *
vigil_site_list_notes (VigilSite   *self,
                       const char  *case_ref,
                       gint64       since_us,
                       GError     **error)
{
  VigilStore *store;
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  store = vigil_site_get_store (self);
  if ((family = vigil_store_family_lookup (store, case_ref, error)) == NULL)
    return NULL;

  return vigil_store_note_list (store, vigil_family_get_id (family), since_us, error);
}
