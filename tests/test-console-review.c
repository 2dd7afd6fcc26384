/* test-console-review.c: footage in the console, driven over AT-SPI in a
 * real window: a camera's timeline of what the real recorder wrote, a CCTV
 * Review opened with its reason (and refused without), a hold placed and
 * released from the timeline, and the Footage section only for reviewers.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-review"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "desk-fixture.h"
#include "vigil-site-footage.h"

static const DeskScene scene = { .rooms = 2, .rt_stage = VIGIL_STATE_STAGE_2 };

#define REVIEW_WINDOW "CCTV Review: room1"

static char *
local_time (Desk   *desk,
            gint64  instant)
{
  return vigil_time_format_local (instant, vigil_site_get_time_zone (desk->site), "%Y-%m-%d %H:%M:%S");
}

/* The hold of room1 not released, or NULL. */
static VigilHold *
hold_in_force (Desk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) holds = vigil_site_list_holds (desk->site, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < holds->len; i++)
    {
      VigilHold *hold = g_ptr_array_index (holds, i);

      if (vigil_hold_get_released_at (hold) == 0)
        return g_object_ref (hold);
    }
  return NULL;
}

/* Answers a prompt: @answer typed into its entry named @entry, then its
 * @action button pressed. */
static void
answer (AtspiAccessible *dialog,
        const char      *entry,
        const char      *text,
        const char      *action)
{
  g_autoptr(AtspiAccessible) field = console_find_in (dialog, ATSPI_ROLE_TEXT, entry, NULL);
  g_autoptr(AtspiAccessible) button = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, action, NULL);

  console_type (field, text);
  console_click (button);
}

/* A team lead sees what the recorder wrote on room1's timeline; a review
 * needs a reason, and one given is on the trail with the camera; the review
 * window goes when the console locks. A hold placed from the range shows in
 * the list and in the store, and is released with a reason. */
static void
test_review_and_hold (void)
{
  Desk desk = { 0 };
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(AtspiAccessible) words = NULL;
  g_autoptr(AtspiAccessible) from = NULL;
  g_autoptr(AtspiAccessible) to = NULL;
  g_autoptr(AtspiAccessible) review = NULL;
  g_autoptr(AtspiAccessible) hold_button = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) holds = NULL;
  g_autoptr(AtspiAccessible) release = NULL;
  g_autoptr(AtspiAccessible) no_holds = NULL;
  g_autoptr(AtspiAccessible) lock = NULL;
  g_autoptr(AtspiAccessible) date = NULL;
  g_autoptr(AtspiAccessible) hold_action = NULL;
  g_autoptr(VigilHold) hold = NULL;
  g_autofree char *text = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *until = NULL;
  gint64 first, last;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  desk_record (&desk, (const char *[]) { "room1", NULL }, 2);
  segments = desk_segments (&desk, "room1");
  first = vigil_segment_get_start (g_ptr_array_index (segments, 0));
  last = vigil_segment_get_end (g_ptr_array_index (segments, segments->len - 1));

  desk_show_section (&desk, "Footage");
  words = console_find_in (desk.main, ATSPI_ROLE_LABEL, NULL, "What the timeline shows");
  text = console_wait_text (words, "Recorded with");
  g_assert_nonnull (strstr (text, "K.M. (" KM_REF ") placed in the room"));

  from = console_find_in (desk.main, ATSPI_ROLE_TEXT, "Range from", NULL);
  to = console_find_in (desk.main, ATSPI_ROLE_TEXT, "Range to", NULL);
  start = local_time (&desk, first);
  end = local_time (&desk, last + G_USEC_PER_SEC);
  console_type (from, start);
  console_type (to, end);

  /* No reason, no footage: the core's words, and nothing on the trail. */
  review = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Review…", NULL);
  console_click (review);
  dialog = console_find_window (desk.console, "Review Footage");
  answer (dialog, "Reason", "", "Open");
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  g_free (text);
  text = console_wait_text (refusal, "reason");
  g_assert_false (vigil_test_audit_has (desk.site, LEAD, "cctv-review", NULL, NULL));

  answer (dialog, "Reason", "Bruise reported on the 2nd: checking the evening", "Open");
  window = console_find_window (desk.console, REVIEW_WINDOW);
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "cctv-review", "camera:room1",
                                       "Bruise reported on the 2nd: checking the evening"));
  console_screenshot ("review-open");

  /* Footage under review does not stay on a locked console. */
  lock = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Lock", NULL);
  console_click (lock);
  {
    g_autoptr(AtspiAccessible) password = console_find_in (desk.main, ATSPI_ROLE_PASSWORD_TEXT,
                                                           "Password to unlock", NULL);
    g_autoptr(AtspiAccessible) unlock = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Unlock", NULL);

    /* The lock closed it as it showed. */
    g_assert_true (console_wait_window_gone (desk.console, REVIEW_WINDOW));
    console_type (password, LEAD_PASSWORD);
    console_click (unlock);
  }

  /* A hold of the range: a date past is refused in the core's words. */
  desk_show_section (&desk, "Footage");
  hold_button = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Hold…", NULL);
  console_click (hold_button);
  g_clear_object (&dialog);
  g_clear_object (&refusal);
  dialog = console_find_window (desk.console, "Hold Footage");
  date = console_find_in (dialog, ATSPI_ROLE_TEXT, "Held until", NULL);
  console_type (date, "2020-01-01");
  answer (dialog, "Reason", "Police request 26/1187", "Hold");
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  g_free (text);
  text = console_wait_text (refusal, "2020-01-01");
  hold_action = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Hold", NULL);
  g_assert_null (hold_in_force (&desk));

  until = vigil_date_today (vigil_site_get_time_zone (desk.site), vigil_site_now (desk.site) + 30 * G_TIME_SPAN_DAY);
  console_type (date, until);
  console_click (hold_action);
  holds = console_find_in (desk.main, ATSPI_ROLE_LIST, "Holds", NULL);
  hold = hold_in_force (&desk);
  g_assert_nonnull (hold);
  g_assert_cmpstr (vigil_hold_get_camera (hold), ==, "room1");
  g_assert_cmpstr (vigil_hold_get_reason (hold), ==, "Police request 26/1187");
  g_assert_cmpstr (vigil_hold_get_until (hold), ==, until);
  g_assert_cmpint (vigil_hold_get_from (hold), <=, first);
  g_assert_cmpint (vigil_hold_get_to (hold), >=, last);

  g_assert_true (console_wait_window_gone (desk.console, "Hold Footage"));
  release = console_find_in (holds, ATSPI_ROLE_PUSH_BUTTON, "Release…", NULL);
  g_free (text);
  text = console_wait_text (words, "Held, hold");
  g_assert_nonnull (strstr (text, "Police request 26/1187"));
  console_screenshot ("held");

  console_click (release);
  g_clear_object (&dialog);
  dialog = console_find_window (desk.console, "Release Hold 1");
  answer (dialog, "Reason", "Police no longer need it", "Release");
  no_holds = console_find_in (desk.main, ATSPI_ROLE_LABEL, "No footage in view is held.", NULL);
  g_clear_object (&hold);
  g_assert_null ((hold = hold_in_force (&desk)));
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "hold-released", NULL, "Police no longer need it"));
  desk_close (&desk);
}

/* An operator sees no Footage section unless a manager designated them. */
static void
designate (Desk         *desk,
           VigilSession *lead)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (desk->site);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_set_staff_reviewer (desk->site, manager, OPERATOR, TRUE, "review training done", &error));
  g_assert_no_error (error);
}

static void
test_reviewers_only (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) families = NULL;
  g_autoptr(AtspiAccessible) footage = NULL;

  desk_open (&desk, &scene, RELIEF, OPERATOR_PASSWORD, designate);
  /* The sections are there once one is: then Footage is not. */
  families = console_find_in (desk.main, ATSPI_ROLE_PAGE_TAB, "Wall", NULL);
  g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PAGE_TAB, "Footage"));
  desk_close (&desk);

  desk_open (&desk, &scene, OPERATOR, OPERATOR_PASSWORD, designate);
  footage = console_find_in (desk.main, ATSPI_ROLE_PAGE_TAB, "Footage", NULL);
  desk_close (&desk);
}

static gboolean
fetched_folders_are (gpointer count)
{
  return vigil_test_fetched_footage_folders () == GPOINTER_TO_UINT (count);
}

/* A laptop of a site of several machines reviews footage the recorder's
 * machine holds: the console has none of room1's files, and fetches them
 * through vigil-footage-service with a token for that review; the picture
 * shows a frame of them, and the footage leaves the laptop with the
 * window. With the service gone, the review says so.
 *
 * One SQLite file cannot be shared by two machines' folders, so the
 * laptop is made here as the console that cannot see the recordings:
 * the service opens the recordings folder when it starts and serves that
 * folder (by its descriptor) for as long as it runs; the folder is then
 * moved out of the data folder, where the console looks for it. */
static void
test_through_the_recorder (void)
{
  Desk desk = { 0 };
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(AtspiAccessible) from = NULL;
  g_autoptr(AtspiAccessible) to = NULL;
  g_autoptr(AtspiAccessible) review = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) window = NULL;
  g_autoptr(AtspiAccessible) picture = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) close = NULL;
  g_autofree char *tls = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *moved_from = NULL;
  g_autofree char *moved_to = NULL;
  guint folders_before;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  desk_record (&desk, (const char *[]) { "room1", NULL }, 2);
  segments = desk_segments (&desk, "room1");

  tls = g_build_filename (desk.dir, "tls", NULL);
  g_assert_cmpint (g_mkdir_with_parents (tls, 0700), ==, 0);
  vigil_test_make_certificate (tls, "recorder");
  service = vigil_test_start_footage_service (desk.dir, tls, "recorder", &url);
  moved_from = g_build_filename (desk.dir, "recordings", NULL);
  moved_to = g_build_filename (desk.dir, "recorder-host-recordings", NULL);
  g_assert_cmpint (g_rename (moved_from, moved_to), ==, 0);

  vigil_test_use_footage_service (desk.site, desk.dir, tls, url);

  desk_show_section (&desk, "Footage");
  from = console_find_in (desk.main, ATSPI_ROLE_TEXT, "Range from", NULL);
  to = console_find_in (desk.main, ATSPI_ROLE_TEXT, "Range to", NULL);
  start = local_time (&desk, vigil_segment_get_start (g_ptr_array_index (segments, 0)));
  end = local_time (&desk, vigil_segment_get_end (g_ptr_array_index (segments, segments->len - 1)) + G_USEC_PER_SEC);
  console_type (from, start);
  console_type (to, end);

  folders_before = vigil_test_fetched_footage_folders ();
  review = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Review…", NULL);
  console_click (review);
  dialog = console_find_window (desk.console, "Review Footage");
  answer (dialog, "Reason", "Checking the night feed from the laptop", "Open");
  window = console_find_window (desk.console, REVIEW_WINDOW);
  picture = console_find_in (window, ATSPI_ROLE_IMAGE, "Recorded picture, showing a frame", NULL);
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "footage-token-granted", "camera:room1", NULL));
  g_assert_false (vigil_test_audit_has (desk.site, NULL, "footage-token-refused", NULL, NULL));
  g_assert_cmpuint (vigil_test_fetched_footage_folders (), ==, folders_before + 1);
  console_screenshot ("review-through-the-recorder");

  /* Closed, the review takes its footage off the laptop. */
  close = console_find_in (window, ATSPI_ROLE_PUSH_BUTTON, "Close", NULL);
  console_click (close);
  g_assert_true (console_wait_window_gone (desk.console, REVIEW_WINDOW));
  g_assert_true (camsim_wait_for (fetched_folders_are, GUINT_TO_POINTER (folders_before), 10 * G_USEC_PER_SEC));

  /* The recorder's machine unreachable: the review says so. */
  g_subprocess_send_signal (service, SIGTERM);
  g_assert_true (g_subprocess_wait (service, NULL, NULL));
  g_clear_object (&dialog);
  console_click (review);
  dialog = console_find_window (desk.console, "Review Footage");
  answer (dialog, "Reason", "Checking again", "Open");
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  text = console_wait_text (refusal, "Cannot reach the footage service");
  g_assert_true (console_wait_window_gone (desk.console, REVIEW_WINDOW));
  desk_close (&desk);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/console-review/review-and-hold", test_review_and_hold);
  g_test_add_func ("/console-review/reviewers-only", test_reviewers_only);
  g_test_add_func ("/console-review/through-the-recorder", test_through_the_recorder);
  return g_test_run ();
}
