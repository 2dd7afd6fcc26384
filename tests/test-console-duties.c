/* test-console-duties.c: the duties desk, driven over AT-SPI in a real
 * window on the tests' display: a team lead allocates a duty to an operator
 * and hands it over to another, the core refusing a second duty for the
 * same operator in its own words; the Today list, the audit trail and
 * vigilctl follow; an operator is offered neither.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-duties"

#include "config.h"

#include <string.h>

#include "desk-fixture.h"

#define SUMMARY           "Baby settled at 22:10; woke at 02:30, mother fed and settled her by 03:00."

/* What the console writes runs on the site's worker, a moment after the
 * click; on a busy machine it may take a few seconds. */
#define CORE_WAIT_US (10 * G_USEC_PER_SEC)

/* Two operators and a team lead; K.M. in Room 1 and R.T. in Room 2, both
 * at stage 2. */
static const DeskScene scene = { .rooms = 2, .rt_stage = VIGIL_STATE_STAGE_2 };

/* Switches to the Duties section (the first switcher: the header's) and
 * waits until its Today list has been read. */
static void
show_duties (Desk *desk)
{
  g_autoptr(AtspiAccessible) today = NULL;
  g_autofree char *text = NULL;

  desk_show_section (desk, "Duties");
  today = console_find_in (desk->main, ATSPI_ROLE_LABEL, NULL, "Duties today");
  text = console_wait_text (today, "oday");
}

static void
press (AtspiAccessible *root,
       const char      *name)
{
  g_autoptr(AtspiAccessible) button = console_find_in (root, ATSPI_ROLE_PUSH_BUTTON, name, NULL);

  console_click (button);
}

/* The duty's row in the Today list, once its name has @part. */
static char *
today_row (Desk       *desk,
           const char *prefix,
           const char *part)
{
  g_autoptr(AtspiAccessible) list = console_find_in (desk->main, ATSPI_ROLE_LIST, "Who has been on duty today", NULL);
  g_autoptr(AtspiAccessible) row = console_find_prefix (list, ATSPI_ROLE_LIST_ITEM, prefix);

  return console_wait_name (row, part);
}

static VigilDuty *
open_duty (Desk       *desk,
           const char *case_ref)
{
  g_autoptr(GError) error = NULL;
  VigilDuty *duty = vigil_site_get_open_duty (desk->site, case_ref, &error);

  if (duty == NULL)
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  return duty;
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits, with a deadline, until the family's open duty is
 * @operator_name's: the console's write runs on its own worker. */
static VigilDuty *
wait_duty (Desk       *desk,
           const char *case_ref,
           const char *operator_name)
{
  gint64 deadline = g_get_monotonic_time () + CORE_WAIT_US;
  guint tick = g_timeout_add (50, on_tick, NULL);
  VigilDuty *found = NULL;

  while (found == NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(VigilDuty) duty = open_duty (desk, case_ref);

      if (duty != NULL && g_strcmp0 (vigil_duty_get_operator (duty), operator_name) == 0)
        found = g_steal_pointer (&duty);
      else
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  if (found == NULL)
    g_error ("%s never went on duty for %s", operator_name, case_ref);
  return found;
}

/* Opens "Allocate a Duty…" and chooses @family and @operator_name. */
static AtspiAccessible *
allocate_dialog (Desk       *desk,
                 const char *family,
                 const char *operator_prefix)
{
  g_autoptr(AtspiAccessible) open = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, "Allocate a Duty…", NULL);
  g_autoptr(AtspiAccessible) chosen_family = NULL;
  g_autoptr(AtspiAccessible) chosen_operator = NULL;
  g_autoptr(AtspiAccessible) operator_button = NULL;
  g_autoptr(AtspiAccessible) family_button = NULL;
  g_autofree char *text = NULL;
  AtspiAccessible *dialog;

  /* The button is on a page just switched to: its first click may be lost. */
  chosen_family = console_click_until (open, desk->console->app, ATSPI_ROLE_LABEL, NULL, "Chosen family");
  dialog = console_find_window (desk->console, "Allocate a Duty");
  family_button = console_find_prefix (dialog, ATSPI_ROLE_PUSH_BUTTON, family);
  console_click (family_button);
  text = console_wait_text (chosen_family, family);
  /* The operators come from the staff list, read on the worker. */
  operator_button = console_find_prefix (dialog, ATSPI_ROLE_PUSH_BUTTON, operator_prefix);
  console_click (operator_button);
  chosen_operator = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Chosen operator");
  g_free (text);
  text = console_wait_text (chosen_operator, operator_prefix);
  return dialog;
}

/* A team lead allocates K.M. to okhan: the core has it, started by the
 * lead; vigilctl's coverage and the Today list show it. A second duty for
 * okhan is refused in the core's words, and nothing changes. */
static void
test_allocate (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) refused = NULL;
  g_autoptr(AtspiAccessible) now = NULL;
  g_autoptr(AtspiAccessible) row = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) still = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autofree char *coverage = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  show_duties (&desk);

  dialog = allocate_dialog (&desk, "K.M. (Room 1)", OPERATOR " (" OPERATOR ")");
  press (dialog, "Allocate");
  duty = wait_duty (&desk, KM_REF, OPERATOR);
  g_assert_cmpstr (vigil_duty_get_started_by (duty), ==, LEAD);
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "duty-started", "family:" KM_REF, "allocated to " OPERATOR));
  coverage = desk_vigilctl (&desk, "coverage", NULL);
  g_assert_nonnull (strstr (coverage, "watched by " OPERATOR));

  now = console_find_in (desk.main, ATSPI_ROLE_LIST, "On duty now", NULL);
  row = console_find_prefix (now, ATSPI_ROLE_LIST_ITEM, OPERATOR " watches K.M. (" KM_REF ")");
  name = today_row (&desk, OPERATOR " for K.M. (" KM_REF "): ", "still on");
  console_screenshot ("allocated");

  /* okhan holds a duty: the core refuses a second, and says so. */
  g_assert_false (vigil_site_check_duty_start (desk.site, RT_REF, OPERATOR, &refusal));
  g_clear_object (&dialog);
  dialog = allocate_dialog (&desk, "R.T. (Room 2)", OPERATOR " (" OPERATOR "), on duty for K.M.");
  press (dialog, "Allocate");
  refused = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  text = console_wait_text (refused, refusal->message);
  g_assert_cmpstr (text, ==, refusal->message);
  console_screenshot ("second-duty-refused");
  g_assert_null (open_duty (&desk, RT_REF));
  still = open_duty (&desk, KM_REF);
  g_assert_cmpstr (vigil_duty_get_operator (still), ==, OPERATOR);
  press (dialog, "Cancel");

  desk_close (&desk);
}

static void
okhan_on_duty (Desk         *desk,
               VigilSession *lead)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDuty) duty = vigil_site_start_duty (desk->site, lead, KM_REF, OPERATOR, &error);

  g_assert_no_error (error);
}

/* The team lead hands okhan's duty to jdavies with the summary: one step
 * in the core, on the audit trail, and in the Today list as two duties. */
static void
test_hand_over (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) open = NULL;
  g_autoptr(AtspiAccessible) chosen = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) colleague = NULL;
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *outgoing = NULL;
  g_autofree char *incoming = NULL;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, okhan_on_duty);
  show_duties (&desk);

  open = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Hand over the duty of " OPERATOR, NULL);
  chosen = console_click_until (open, desk.console->app, ATSPI_ROLE_LABEL, NULL, "Chosen colleague");
  dialog = console_find_window (desk.console, "Hand Over Duty");
  colleague = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, RELIEF " (" RELIEF ")", NULL);
  console_click (colleague);
  text = console_wait_text (chosen, "Hand over to " RELIEF);
  summary = console_find_in (dialog, ATSPI_ROLE_TEXT, "Summary", NULL);
  console_type (summary, SUMMARY);
  press (dialog, "Hand Over");

  duty = wait_duty (&desk, KM_REF, RELIEF);
  g_assert_cmpstr (vigil_duty_get_started_by (duty), ==, LEAD);
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "duty-handed-over", "family:" KM_REF,
                                       "handed over from " OPERATOR " to " RELIEF));
  notes = vigil_site_list_notes (desk.site, KM_REF, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (vigil_note_get_body (g_ptr_array_index (notes, 0)), ==, SUMMARY);

  outgoing = today_row (&desk, OPERATOR " for K.M. (" KM_REF "): ", "handed over");
  incoming = today_row (&desk, RELIEF " for K.M. (" KM_REF "): ", "still on");
  console_screenshot ("handed-over");

  desk_close (&desk);
}

static void
jdavies_on_duty_and_rt_waiting (Desk         *desk,
                                VigilSession *lead)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDuty) duty = vigil_site_start_duty (desk->site, lead, KM_REF, RELIEF, &error);
  g_autoptr(VigilWatchRequest) request = NULL;

  g_assert_no_error (error);
  request = vigil_site_request_watch (desk->site, lead, RT_REF, "unsettled at bedtime", &error);
  g_assert_no_error (error);
}

/* An operator sees who is on duty, what is uncovered and today's duties,
 * but is offered neither allocating nor handing over. */
static void
test_operator_not_offered (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) now = NULL;
  g_autoptr(AtspiAccessible) row = NULL;
  g_autoptr(AtspiAccessible) uncovered = NULL;
  g_autoptr(AtspiAccessible) waiting = NULL;
  g_autofree char *name = NULL;

  desk_open (&desk, &scene, OPERATOR, OPERATOR_PASSWORD, jdavies_on_duty_and_rt_waiting);
  show_duties (&desk);

  now = console_find_in (desk.main, ATSPI_ROLE_LIST, "On duty now", NULL);
  row = console_find_prefix (now, ATSPI_ROLE_LIST_ITEM, RELIEF " watches K.M.");
  uncovered = console_find_in (desk.main, ATSPI_ROLE_LIST, "Uncovered watch requests", NULL);
  waiting = console_find_prefix (uncovered, ATSPI_ROLE_LIST_ITEM, "Uncovered: R.T. (" RT_REF ") needs a watcher");
  name = today_row (&desk, RELIEF " for K.M. (" KM_REF "): ", "still on");

  g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Allocate a Duty…"));
  g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Hand over the duty of " RELIEF));
  g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Allocate a duty for R.T."));
  console_screenshot ("operator");

  desk_close (&desk);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-duties/allocate", test_allocate);
  g_test_add_func ("/console-duties/hand-over", test_hand_over);
  g_test_add_func ("/console-duties/operator-not-offered", test_operator_not_offered);

  return g_test_run ();
}
