/* vigil-site-duty.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-site"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-duty-private.h"
#include "vigil-error.h"
#include "vigil-note-private.h"
#include "vigil-site-centre-private.h"
#include "vigil-store-centre.h"
#include "vigil-store-duty.h"
#include "vigil-store-notes.h"
#include "vigil-text.h"
#include "vigil-time.h"
#include "vigil-watch-request-private.h"

#include "vigil-site-duty.h"

/* Duties and handovers: one staff to one baby (watch requests are in
 * vigil-site-watch.c).
 *
 * Every change checks the actor's permission, then reads and writes inside
 * one write transaction (BEGIN IMMEDIATE), so two consoles racing are put in
 * a line: the second sees the first's duty and is told so in words. The
 * database's unique indexes hold the rule even for a writer that skipped
 * these checks. A duty ends only together with its summary note, in the
 * same transaction; a handover ends one duty and starts the next at the
 * same instant, so no moment is uncovered.
 *
 * The reasons and details written to the audit trail are records, not
 * screens: they stay in English whatever language the console speaks, so
 * the trail reads the same to everyone who checks it. Errors shown to staff
 * are translated. */

/* As long as the centre's other reasons (vigil-site-centre.c). */

/* The audit object names the family by its reference as stored, whatever
 * case it was typed in. */
static char *
family_object (const char *stored_case_ref)
{
  return g_strdup_printf ("family:%s", stored_case_ref);
}

/* The family's open duty, or %VIGIL_ERROR_INVALID when nobody is on duty.
 * Ending a duty works for a family discharged meanwhile; anything that
 * starts a duty (@placed) refuses one, as the centre's records do. */
static VigilDuty *
open_duty_for (VigilSite    *self,
               const char   *case_ref,
               gboolean      placed,
               VigilFamily **family_out,
               GError      **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilFamily) family = NULL;
  VigilDuty *duty;

  family = placed ? vigil_site_centre_placed_family (self, case_ref, error)
                  : vigil_store_family_lookup (store, case_ref, error);
  if (family == NULL)
    return NULL;

  duty = vigil_store_duty_open_for_family (store, vigil_family_get_id (family), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (duty == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("nobody is on duty for family %s"), vigil_family_get_case_ref (family));
      return NULL;
    }

  if (family_out != NULL)
    *family_out = g_steal_pointer (&family);
  return duty;
}

/* Read again inside the transaction: the duty must still be the one the
 * permission was checked against. */
static VigilDuty *
same_open_duty (VigilSite   *self,
                const char  *case_ref,
                gboolean     placed,
                VigilDuty   *expected,
                gint64      *family_id,
                GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilDuty) duty = open_duty_for (self, case_ref, placed, &family, error);

  if (duty == NULL)
    return NULL;

  if (vigil_duty_get_id (duty) != vigil_duty_get_id (expected))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the duty for family %s changed meanwhile (now %s is on duty); look again"),
                   vigil_family_get_case_ref (family), vigil_duty_get_operator (duty));
      return NULL;
    }

  *family_id = vigil_family_get_id (family);

  return g_steal_pointer (&duty);
}

static char *
normalize_summary (const char  *summary,
                   GError     **error)
{
  char *body;

  if (summary == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("a duty ends only with its observation summary, and none was given"));
      return NULL;
    }

  body = vigil_note_normalize_body (summary, -1, error);
  if (body == NULL)
    g_prefix_error (error, _("observation summary: "));
  return body;
}

/* ---- starting a duty --------------------------------------------------- */

/**
 * vigil_site_check_can_watch:
 *
 * Checks that @username is someone the console would let in, so could sit a
 * duty: the login rule of vigil_staff_login_refusal() (active, band 2 or
 * higher, with a CCTV competency whose refresher is not overdue). The
 * refusal names who and why, in the words login uses.
 */
gboolean
vigil_site_check_can_watch (VigilSite   *self,
                            const char  *username,
                            GError     **error)
{
  g_autoptr(VigilStaff) staff = NULL;
  g_autofree char *today = NULL;
  g_autofree char *refusal = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  staff = vigil_site_lookup_staff (self, username, error);
  if (staff == NULL)
    return FALSE;

  today = vigil_date_today (vigil_site_get_time_zone (self), vigil_site_now (self));
  refusal = vigil_staff_login_refusal (staff, today);
  if (refusal != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s cannot be on duty: %s"), vigil_staff_get_username (staff), refusal);
      return FALSE;
    }

  return TRUE;
}

static VigilFamily *
check_start (VigilSite   *self,
             const char  *case_ref,
             const char  *operator_name,
             GError     **error)
{
  g_autoptr(VigilFamily) family = vigil_site_centre_placed_family (self, case_ref, error);

  if (family == NULL ||
      !vigil_store_duty_check_free (vigil_site_get_store (self), vigil_family_get_id (family),
                                    vigil_family_get_case_ref (family), operator_name, error))
    return NULL;

  return g_steal_pointer (&family);
}

/**
 * vigil_site_check_duty_start:
 *
 * Checks, without writing, that @operator_name could start a duty for the
 * family now: someone who could log in, holding no duty, and the family
 * known, not discharged and watched by nobody.
 */
gboolean
vigil_site_check_duty_start (VigilSite   *self,
                             const char  *case_ref,
                             const char  *operator_name,
                             GError     **error)
{
  g_autoptr(VigilFamily) family = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL && operator_name != NULL, FALSE);

  return vigil_site_check_can_watch (self, operator_name, error) &&
         (family = check_start (self, case_ref, operator_name, error)) != NULL;
}

/**
 * vigil_site_start_duty:
 * @operator_name: (nullable): who goes on duty; %NULL for the acting member
 *
 * Starts a duty watching the family. Taking one's own needs the take-duty
 * permission; starting one for someone else needs allocate-duties. The
 * family's open watch request, if any, closes: it is covered now.
 *
 * Returns: (transfer full): the new duty, or %NULL with @error set
 */
VigilDuty *
vigil_site_start_duty (VigilSite     *self,
                       VigilSession  *session,
                       const char    *case_ref,
                       const char    *operator_name,
                       GError       **error)
{
  VigilStore *store;
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *object = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;
  const char *actor;
  gboolean own;
  gint64 now, id, request = 0;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  actor = vigil_session_get_username (session);
  operator_name = operator_name ? operator_name : actor;
  own = g_str_equal (operator_name, actor);

  if (!vigil_site_check_permission (self, session,
                                    own ? VIGIL_PERMISSION_TAKE_DUTY : VIGIL_PERMISSION_ALLOCATE_DUTIES,
                                    own ? N_("take a duty") : N_("start a duty for someone else"), error) ||
      !vigil_site_check_can_watch (self, operator_name, error))
    return NULL;

  store = vigil_site_get_store (self);
  reason = own ? g_strdup ("took the duty") : g_strdup_printf ("allocated to %s", operator_name);
  if (!vigil_store_begin (store, error))
    return NULL;

  /* Stamped under the write lock: a start that waited for it never comes
   * before the end of the duty it follows. */
  now = vigil_site_now (self);

  if ((family = check_start (self, case_ref, operator_name, error)) == NULL ||
      (id = vigil_store_duty_insert (store, vigil_family_get_id (family), vigil_family_get_case_ref (family),
                                     operator_name, now, actor, error)) == 0 ||
      !vigil_store_watch_request_close (store, vigil_family_get_id (family), now, actor, &request, error) ||
      !vigil_site_audit (self, actor, "duty-started",
                         (object = family_object (vigil_family_get_case_ref (family))), reason,
                         (detail = g_strdup_printf ("operator=%s duty=%" G_GINT64_FORMAT
                                                    " closed-request=%" G_GINT64_FORMAT,
                                                    operator_name, id, request)),
                         error))
    {
      vigil_store_rollback (store);
      return NULL;
    }

  if (!vigil_store_commit (store, error))
    return NULL;

  return vigil_duty_new (id, vigil_family_get_case_ref (family), vigil_family_get_label (family),
                         operator_name, now, actor);
}

/* ---- ending and handing over ------------------------------------------- */

/**
 * vigil_site_get_open_duty:
 *
 * Returns: (transfer full): the family's open duty, or %NULL with @error
 *   set (%VIGIL_ERROR_INVALID when nobody is on duty)
 */
VigilDuty *
vigil_site_get_open_duty (VigilSite   *self,
                          const char  *case_ref,
                          GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  return open_duty_for (self, case_ref, FALSE, NULL, error);
}

VigilDuty *
vigil_site_get_duty (VigilSite   *self,
                     gint64       duty_id,
                     GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  return vigil_store_duty_get (vigil_site_get_store (self), duty_id, error);
}

/* Saves the outgoing operator's summary and ends their duty at @now. */
static gboolean
close_with_summary (VigilSite   *self,
                    VigilDuty   *duty,
                    gint64       family_id,
                    const char  *actor,
                    const char  *body,
                    gint64       now,
                    gint64      *note_id,
                    GError     **error)
{
  VigilStore *store = vigil_site_get_store (self);
  g_autoptr(VigilNote) note = vigil_note_new (0, vigil_duty_get_case_ref (duty), VIGIL_NOTE_KIND_DUTY,
                                              actor, now, body);

  vigil_note_set_period (note, vigil_duty_get_started_at (duty), now);

  return (*note_id = vigil_store_note_insert (store, family_id, note, error)) != 0 &&
         vigil_store_duty_end (store, vigil_duty_get_id (duty), now, actor, *note_id, error);
}

/* What ending a duty and handing it over both need before their
 * transaction: the summary as it will be saved, and its digest; the open
 * duty as the permission was checked against it; who acts. */
typedef struct
{
  char       *body;
  char       *digest;
  VigilDuty  *before;
  char       *object;
  const char *actor;
  gboolean    own;
} Closing;

static void
closing_clear (Closing *closing)
{
  g_clear_pointer (&closing->body, g_free);
  g_clear_pointer (&closing->digest, g_free);
  g_clear_object (&closing->before);
  g_clear_pointer (&closing->object, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Closing, closing_clear)

/* Closing one's own duty needs take-duty; anyone else's, allocate-duties.
 * @placed: refuse a discharged family (a handover starts a new duty). */
static gboolean
prepare_close (VigilSite     *self,
               VigilSession  *session,
               const char    *case_ref,
               const char    *summary,
               gboolean       placed,
               const char    *doing_own,
               const char    *doing_other,
               Closing       *closing,
               GError       **error)
{
  g_assert (closing->body == NULL && closing->before == NULL);

  if ((closing->body = normalize_summary (summary, error)) == NULL ||
      (closing->before = open_duty_for (self, case_ref, placed, NULL, error)) == NULL)
    return FALSE;

  closing->actor = vigil_session_get_username (session);
  closing->own = g_str_equal (vigil_duty_get_operator (closing->before), closing->actor);
  if (!vigil_site_check_permission (self, session,
                                    closing->own ? VIGIL_PERMISSION_TAKE_DUTY : VIGIL_PERMISSION_ALLOCATE_DUTIES,
                                    closing->own ? doing_own : doing_other, error))
    return FALSE;

  closing->object = family_object (vigil_duty_get_case_ref (closing->before));
  closing->digest = vigil_note_body_digest (closing->body);
  return TRUE;
}

/**
 * vigil_site_end_duty:
 * @summary: the observation summary for the duty; required
 *
 * Ends the family's duty with its summary note (kind duty, the period from
 * the duty's start to now, written by the acting member), both in one
 * transaction: without a valid summary nothing is written. Ending one's own
 * duty needs take-duty; ending someone else's needs allocate-duties.
 *
 * Returns: (transfer full): the ended duty, or %NULL with @error set
 */
VigilDuty *
vigil_site_end_duty (VigilSite     *self,
                     VigilSession  *session,
                     const char    *case_ref,
                     const char    *summary,
                     GError       **error)
{
  VigilStore *store;
  g_auto(Closing) closing = { 0 };
  g_autoptr(VigilDuty) duty = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;
  gint64 family_id = 0, note_id = 0, now;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL, NULL);

  if (!prepare_close (self, session, case_ref, summary, FALSE,
                      N_("end a duty"), N_("end someone else's duty"), &closing, error))
    return NULL;

  store = vigil_site_get_store (self);
  reason = closing.own ? g_strdup ("ended the duty with its summary")
                       : g_strdup_printf ("ended %s's duty with its summary",
                                          vigil_duty_get_operator (closing.before));

  if (!vigil_store_begin (store, error))
    return NULL;

  /* A clock set back must not make a period that ends before it starts. */
  now = MAX (vigil_site_now (self), vigil_duty_get_started_at (closing.before));

  if ((duty = same_open_duty (self, case_ref, FALSE, closing.before, &family_id, error)) == NULL ||
      !close_with_summary (self, duty, family_id, closing.actor, closing.body, now, &note_id, error) ||
      !vigil_site_audit (self, closing.actor, "duty-ended", closing.object, reason,
                         (detail = g_strdup_printf ("operator=%s duty=%" G_GINT64_FORMAT
                                                    " summary-note=%" G_GINT64_FORMAT " sha256=%s",
                                                    vigil_duty_get_operator (duty),
                                                    vigil_duty_get_id (duty), note_id, closing.digest)),
                         error))
    {
      vigil_store_rollback (store);
      return NULL;
    }

  if (!vigil_store_commit (store, error))
    return NULL;

  vigil_duty_set_ended (duty, now, closing.actor, note_id, 0);
  return g_steal_pointer (&duty);
}

static gboolean
check_incoming (VigilSite   *self,
                VigilDuty   *outgoing,
                const char  *to_operator,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilDuty) busy = NULL;

  if (g_str_equal (to_operator, vigil_duty_get_operator (outgoing)))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is already on duty for family %s"),
                   to_operator, vigil_duty_get_case_ref (outgoing));
      return FALSE;
    }

  busy = vigil_store_duty_open_for_operator (vigil_site_get_store (self), to_operator, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (busy != NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("%s is already on duty for family %s"), to_operator, vigil_duty_get_case_ref (busy));
      return FALSE;
    }

  return TRUE;
}

/**
 * vigil_site_check_handover:
 *
 * Checks, without writing, that the family's duty could be handed to
 * @to_operator now.
 */
gboolean
vigil_site_check_handover (VigilSite   *self,
                           const char  *case_ref,
                           const char  *to_operator,
                           GError     **error)
{
  g_autoptr(VigilDuty) outgoing = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (case_ref != NULL && to_operator != NULL, FALSE);

  return (outgoing = open_duty_for (self, case_ref, TRUE, NULL, error)) != NULL &&
         vigil_site_check_can_watch (self, to_operator, error) &&
         check_incoming (self, outgoing, to_operator, error);
}

/**
 * vigil_site_hand_over_duty:
 * @to_operator: who takes over; they must hold no duty
 * @summary: the outgoing duty's observation summary; required
 *
 * In one transaction: saves the outgoing duty's summary, ends it and starts
 * @to_operator's duty at the same instant, linking the two. Handing over
 * one's own duty needs take-duty; anyone else's needs allocate-duties.
 *
 * Returns: (transfer full): the incoming duty, or %NULL with @error set
 */
VigilDuty *
vigil_site_hand_over_duty (VigilSite     *self,
                           VigilSession  *session,
                           const char    *case_ref,
                           const char    *to_operator,
                           const char    *summary,
                           GError       **error)
{
  VigilStore *store;
  g_auto(Closing) closing = { 0 };
  g_autoptr(VigilDuty) outgoing = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;
  gint64 family_id = 0, note_id = 0, incoming = 0, now;

  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SESSION (session), NULL);
  g_return_val_if_fail (case_ref != NULL && to_operator != NULL, NULL);

  if (!prepare_close (self, session, case_ref, summary, TRUE,
                      N_("hand over a duty"), N_("hand over someone else's duty"), &closing, error) ||
      !vigil_site_check_can_watch (self, to_operator, error))
    return NULL;

  store = vigil_site_get_store (self);
  reason = g_strdup_printf ("handed over from %s to %s", vigil_duty_get_operator (closing.before), to_operator);

  if (!vigil_store_begin (store, error))
    return NULL;

  now = MAX (vigil_site_now (self), vigil_duty_get_started_at (closing.before));

  /* Ended before the next starts: the family's unique index allows one open
   * duty, and both carry the same instant, so there is no gap. */
  if ((outgoing = same_open_duty (self, case_ref, TRUE, closing.before, &family_id, error)) == NULL ||
      !check_incoming (self, outgoing, to_operator, error) ||
      !close_with_summary (self, outgoing, family_id, closing.actor, closing.body, now, &note_id, error) ||
      (incoming = vigil_store_duty_insert (store, family_id, vigil_duty_get_case_ref (outgoing),
                                           to_operator, now, closing.actor, error)) == 0 ||
      !vigil_store_duty_set_handed_to (store, vigil_duty_get_id (outgoing), incoming, error) ||
      !vigil_site_audit (self, closing.actor, "duty-handed-over", closing.object, reason,
                         (detail = g_strdup_printf ("from=%s to=%s duty=%" G_GINT64_FORMAT
                                                    " new-duty=%" G_GINT64_FORMAT
                                                    " summary-note=%" G_GINT64_FORMAT " sha256=%s",
                                                    vigil_duty_get_operator (outgoing), to_operator,
                                                    vigil_duty_get_id (outgoing), incoming, note_id,
                                                    closing.digest)),
                         error))
    {
      vigil_store_rollback (store);
      return NULL;
    }

  if (!vigil_store_commit (store, error))
    return NULL;

  return vigil_duty_new (incoming, vigil_duty_get_case_ref (outgoing), vigil_duty_get_family_label (outgoing),
                         to_operator, now, closing.actor);
}

/* ---- coverage ---------------------------------------------------------- */

/**
 * vigil_site_get_coverage:
 * @duties: (out) (transfer full) (element-type VigilDuty): open duties
 * @uncovered: (out) (transfer full) (element-type VigilWatchRequest): open
 *   requests with nobody on duty, oldest first
 *
 * Who watches whom, and who is waiting, read from one snapshot.
 */
gboolean
vigil_site_get_coverage (VigilSite   *self,
                         GPtrArray  **duties,
                         GPtrArray  **uncovered,
                         GError     **error)
{
  VigilStore *store;
  g_autoptr(GPtrArray) open_duties = NULL;
  g_autoptr(GPtrArray) waiting = NULL;

  g_return_val_if_fail (VIGIL_IS_SITE (self), FALSE);
  g_return_val_if_fail (duties != NULL && uncovered != NULL, FALSE);

  store = vigil_site_get_store (self);
  if (!vigil_store_begin_read (store, error))
    return FALSE;

  if ((open_duties = vigil_store_duty_list_open (store, error)) == NULL ||
      (waiting = vigil_store_watch_request_list_uncovered (store, error)) == NULL)
    {
      vigil_store_rollback (store);
      return FALSE;
    }

  if (!vigil_store_commit (store, error))
    return FALSE;

  *duties = g_steal_pointer (&open_duties);
  *uncovered = g_steal_pointer (&waiting);
  return TRUE;
}

/**
 * vigil_site_list_duties:
 * @from: the period's start, inclusive (µs since the epoch, UTC)
 * @to: the period's end, exclusive
 *
 * Who has been on duty for whom: every duty that ran at some moment of
 * [@from, @to), ended, handed over or still open, oldest first. Like
 * vigil_site_get_coverage() it needs no session: it names staff and
 * families as the wall's coverage line does and reveals no footage, and
 * every logged-in console shows it.
 *
 * Returns: (transfer full) (element-type VigilDuty): the duties, or %NULL
 *   with @error set
 */
GPtrArray *
vigil_site_list_duties (VigilSite   *self,
                        gint64       from,
                        gint64       to,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_SITE (self), NULL);

  if (to <= from)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the period of duties to list ends before it starts"));
      return NULL;
    }

  return vigil_store_duty_list_overlapping (vigil_site_get_store (self), from, to, error);
}
