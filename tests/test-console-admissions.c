/* test-console-admissions.c: admissions from the console, driven over
 * AT-SPI in a real window on the tests' display: a family admitted, a new
 * agreement recorded and a family discharged by a team lead, rooms and
 * cameras added and a camera checked by a manager, each judged by the core
 * and followed by the families list and by vigilctl; an operator is
 * offered none of it.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-admissions"

#include "config.h"

#include <string.h>

#include "desk-fixture.h"

/* Room 1: K.M. at stage 2; Room 2: R.T. at stage 3; Room 3 has a camera
 * and no family. The simulated camera room4 is registered by no one. */
static const DeskScene scene = { .rooms = 3, .spare = 1, .rt_stage = VIGIL_STATE_STAGE_3 };

/* The families list, once it shows @family's row. */
static void
show_families (Desk       *desk,
               const char *family)
{
  g_autofree char *open_name = g_strdup_printf ("Open %s", family);
  g_autoptr(AtspiAccessible) open = NULL;

  desk_show_section (desk, "Families");
  open = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, open_name, NULL);
}

/* Opens a dialog from a button of a page just shown: its first click may
 * be dropped (atspi-driver.h), and a repeated one brings the same dialog
 * forward. */
static AtspiAccessible *
open_dialog (Desk       *desk,
             const char *button_name,
             const char *title,
             AtspiRole   inner_role,
             const char *inner_name)
{
  g_autoptr(AtspiAccessible) button = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, button_name, NULL);
  g_autoptr(AtspiAccessible) inner = console_click_until (button, desk->console->app, inner_role, inner_name, NULL);

  return console_find_window (desk->console, title);
}

static AtspiAccessible *
open_family (Desk       *desk,
             const char *family,
             const char *state)
{
  g_autofree char *open_name = g_strdup_printf ("Open %s", family);
  g_autoptr(AtspiAccessible) open = NULL;
  AtspiAccessible *summary;
  g_autofree char *text = NULL;

  show_families (desk, family);
  open = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, open_name, NULL);
  summary = console_click_until (open, desk->main, ATSPI_ROLE_LABEL, NULL, "The family now");
  text = console_wait_text (summary, state);
  return summary;
}

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits, with the driver's deadline, until @root no longer holds the
 * widget: what a change takes away. */
static void
wait_gone (AtspiAccessible *root,
           AtspiRole        role,
           const char      *name)
{
  gint64 deadline = g_get_monotonic_time () + CONSOLE_DEADLINE_US;
  guint tick = g_timeout_add (25, on_tick, NULL);

  while (!console_lacks (root, role, name))
    {
      gint64 next = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

      if (g_get_monotonic_time () > deadline)
        g_error ("“%s” never went", name);
      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static VigilFamily *
lookup_family (Desk       *desk,
               const char *case_ref)
{
  g_autoptr(GError) error = NULL;
  VigilFamily *family = vigil_site_lookup_family (desk->site, case_ref, &error);

  g_assert_no_error (error);
  return family;
}

/* A team lead admits a family into Room 3: a case reference already used
 * is refused in the core's words and the dialog stays open; a new one is
 * admitted with its agreement, and the family is listed by the console and
 * by `vigilctl family list`. Rooms and cameras are not the team lead's. */
static void
test_admit (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) case_ref = NULL;
  g_autoptr(AtspiAccessible) label = NULL;
  g_autoptr(AtspiAccessible) room = NULL;
  g_autoptr(AtspiAccessible) stage = NULL;
  g_autoptr(AtspiAccessible) agreement = NULL;
  g_autoptr(AtspiAccessible) retention = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) open = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *today = NULL;
  g_autofree char *text = NULL;
  g_autofree char *listed = NULL;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  today = vigil_date_today (vigil_site_get_time_zone (desk.site), vigil_site_now (desk.site));
  show_families (&desk, KM);
  g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Rooms and Cameras…"));
  dialog = open_dialog (&desk, "Admit a Family…", "Admit a Family", ATSPI_ROLE_TEXT, "Case reference");
  case_ref = console_find_in (dialog, ATSPI_ROLE_TEXT, "Case reference", NULL);
  label = console_find_in (dialog, ATSPI_ROLE_TEXT, "Label", NULL);
  room = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Room 3", NULL);
  stage = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Stage 2", NULL);
  agreement = console_find_in (dialog, ATSPI_ROLE_TEXT, "Agreement signed on", NULL);
  retention = console_find_in (dialog, ATSPI_ROLE_TEXT, "Retention days", NULL);
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Admit", NULL);

  console_type (case_ref, "LA-2026-001");
  console_type (label, "J.P.");
  console_click (room);
  console_click (stage);
  console_type (agreement, today);
  console_type (retention, "45");
  console_click (save);
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  text = console_wait_text (refusal, "family “LA-2026-001” already exists");
  family = lookup_family (&desk, "LA-2026-001");
  g_assert_cmpstr (vigil_family_get_label (family), ==, "K.M.");

  console_type (case_ref, "LA-2026-003");
  console_click (save);
  open = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Open J.P. (Room 3)", NULL);
  g_clear_object (&family);
  family = lookup_family (&desk, "LA-2026-003");
  g_assert_cmpstr (vigil_family_get_room (family), ==, "Room 3");
  g_assert_cmpstr (vigil_family_get_agreement_signed_on (family), ==, today);
  g_assert_true (vigil_family_get_agreement_covers_audio (family));
  g_assert_cmpuint (vigil_family_get_retention_days (family), ==, 45);
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "family-added", NULL, "retention_days=45"));

  listed = desk_vigilctl (&desk, "family", "list", NULL);
  g_assert_nonnull (strstr (listed, "LA-2026-003"));
  g_assert_nonnull (strstr (listed, "J.P."));
  desk_close (&desk);
}

/* A new agreement without sound: the family's room records without sound
 * from then on, and the page says so. Then the family is discharged: it
 * leaves the list, and `vigilctl family list` no longer lists it. */
static void
test_agreement_and_discharge (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) sound = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) reason = NULL;
  g_autoptr(AtspiAccessible) preview = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autofree char *text = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *week_on = NULL;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  summary = open_family (&desk, KM, "stage 2 · recording with sound");

  button = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Record Agreement…", NULL);
  console_click (button);
  dialog = console_find_window (desk.console, "New Agreement for " KM);
  sound = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Agreement Covers Sound", NULL);
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Record Agreement", NULL);
  /* It starts from the agreement on file, which covers sound. GTK 4.8
   * shows a toggle button as a push button. */
  console_click (sound);
  /* Before saving: the sound goes from the picture of the next days. */
  preview = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "What will happen");
  text = console_wait_text (preview, "Records without sound");
  g_assert_null (strstr (text, "Records with sound"));
  console_click (save);
  g_free (text);
  text = console_wait_text (summary, "stage 2 · recording without sound");
  family = lookup_family (&desk, "LA-2026-001");
  g_assert_false (vigil_family_get_agreement_covers_audio (family));

  g_clear_object (&button);
  g_clear_object (&dialog);
  g_clear_object (&save);
  button = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Discharge…", NULL);
  console_click (button);
  dialog = console_find_window (desk.console, "Discharge " KM);
  reason = console_find_in (dialog, ATSPI_ROLE_TEXT, "Reason", NULL);
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Discharge", NULL);
  /* Before saving: the room records until the end of today, not for the
   * week it otherwise would. */
  g_clear_object (&preview);
  preview = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "What will happen");
  g_free (text);
  text = console_wait_text (preview, "Records without sound: now to");
  week_on = vigil_time_format_local (vigil_site_now (desk.site) + 7 * G_TIME_SPAN_DAY,
                                     vigil_site_get_time_zone (desk.site), "%a %-d %b");
  g_assert_null (strstr (text, week_on));
  console_type (reason, "Placement ended; family moved to supported housing");
  console_click (save);

  /* The page closes with the family gone; the list follows. */
  g_clear_object (&button);
  button = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Open " RT, NULL);
  wait_gone (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Open " KM);
  g_clear_object (&family);
  family = lookup_family (&desk, "LA-2026-001");
  g_assert_nonnull (vigil_family_get_discharged_on (family));
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "family-discharged", NULL, "supported housing"));
  listed = desk_vigilctl (&desk, "family", "list", NULL);
  g_assert_null (strstr (listed, "LA-2026-001"));
  g_assert_nonnull (strstr (listed, "LA-2026-002"));
  desk_close (&desk);
}

/* A manager adds Room 4 and the camera room4 in it, pointing at the
 * simulated camera, and checks it: frames arrive, and the outcome says how
 * soon and what they are. A camera in a bathroom is refused in the core's
 * words. */
static void
test_rooms_and_cameras (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) add_room = NULL;
  g_autoptr(AtspiAccessible) prompt = NULL;
  g_autoptr(AtspiAccessible) room_name = NULL;
  g_autoptr(AtspiAccessible) submit = NULL;
  g_autoptr(AtspiAccessible) rooms = NULL;
  g_autoptr(AtspiAccessible) row = NULL;
  g_autoptr(AtspiAccessible) add_camera = NULL;
  g_autoptr(AtspiAccessible) name = NULL;
  g_autoptr(AtspiAccessible) room = NULL;
  g_autoptr(AtspiAccessible) url = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) cameras = NULL;
  g_autoptr(AtspiAccessible) check = NULL;
  g_autoptr(AtspiAccessible) outcome = NULL;
  g_autoptr(VigilCamera) camera = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;

  desk_open (&desk, &scene, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD, NULL);
  show_families (&desk, KM);
  dialog = open_dialog (&desk, "Rooms and Cameras…", "Rooms and Cameras", ATSPI_ROLE_PUSH_BUTTON, "Add Room…");

  add_room = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add Room…", NULL);
  console_click (add_room);
  prompt = console_find_window (desk.console, "Add a Room");
  room_name = console_find_in (prompt, ATSPI_ROLE_TEXT, "Room name", NULL);
  submit = console_find_in (prompt, ATSPI_ROLE_PUSH_BUTTON, "Add Room", NULL);
  console_type (room_name, "Room 4");
  console_click (submit);
  rooms = console_find_in (dialog, ATSPI_ROLE_LIST, "Rooms", NULL);
  row = console_find_in (rooms, ATSPI_ROLE_LIST_ITEM, "Room 4", NULL);

  add_camera = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add Camera…", NULL);
  console_click (add_camera);
  name = console_find_in (dialog, ATSPI_ROLE_TEXT, "Camera name", NULL);
  room = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Room 4", NULL);
  url = console_find_in (dialog, ATSPI_ROLE_TEXT, "Stream address", NULL);
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add Camera", NULL);
  address = camsim_url (desk.camsim, "room4");
  console_click (room);
  console_type (url, address);

  /* Never in a bathroom: the core's words, and nothing registered. */
  console_type (name, "bathroom4");
  console_click (save);
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  text = console_wait_text (refusal, "bathroom");
  camera = vigil_site_lookup_camera (desk.site, "bathroom4", &error);
  g_assert_null (camera);
  g_clear_error (&error);

  console_type (name, "room4");
  console_click (save);
  cameras = console_find_in (dialog, ATSPI_ROLE_LIST, "Cameras", NULL);
  g_clear_object (&row);
  row = console_find_in (cameras, ATSPI_ROLE_LIST_ITEM, "room4", NULL);
  camera = vigil_site_lookup_camera (desk.site, "room4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_camera_get_room (camera), ==, "Room 4");
  g_assert_cmpint (vigil_camera_get_location (camera), ==, VIGIL_LOCATION_FAMILY_ROOM);
  g_assert_true (vigil_test_audit_has (desk.site, VIGIL_TEST_MANAGER, "camera-added", NULL, NULL));

  check = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Check room4", NULL);
  console_click (check);
  outcome = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Check of room4");
  g_free (text);
  /* Waiting for the outcome's end: a label read over AT-SPI while its text
   * changes can come back cut to the former text's length. */
  text = console_wait_text (outcome, " ms; video h264 320×180");
  g_test_message ("check: %s", text);
  g_assert_nonnull (strstr (text, "frames in"));
  g_assert_nonnull (strstr (text, "the first after"));
  console_screenshot ("camera-checked");
  desk_close (&desk);
}

/* An operator sees the families, and is offered neither admission, nor
 * agreements, nor discharge, nor rooms and cameras. */
static void
test_operator_offered_nothing (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) summary = NULL;
  const char *list_controls[] = { "Admit a Family…", "Rooms and Cameras…" };
  const char *family_controls[] = { "Record Agreement…", "Discharge…" };

  desk_open (&desk, &scene, OPERATOR, OPERATOR_PASSWORD, NULL);
  show_families (&desk, KM);
  for (guint i = 0; i < G_N_ELEMENTS (list_controls); i++)
    g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, list_controls[i]));
  summary = open_family (&desk, KM, "stage 2");
  for (guint i = 0; i < G_N_ELEMENTS (family_controls); i++)
    g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, family_controls[i]));
  desk_close (&desk);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-admissions/admit", test_admit);
  g_test_add_func ("/console-admissions/agreement-and-discharge", test_agreement_and_discharge);
  g_test_add_func ("/console-admissions/rooms-and-cameras", test_rooms_and_cameras);
  g_test_add_func ("/console-admissions/operator-offered-nothing", test_operator_offered_nothing);

  return g_test_run ();
}
