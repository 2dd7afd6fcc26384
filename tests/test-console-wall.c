/* test-console-wall.c: the console's wall, driven over AT-SPI in a real
 * window on the tests' display, against a real site whose cameras are
 * simulated RTSP cameras.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-wall"

#include "config.h"

#include <string.h>

#include "atspi-driver.h"
#include "camsim-fixture.h"
#include "vigil-test-utils.h"

#define OPERATOR          "okhan"
#define OPERATOR_PASSWORD "operator-pass"
#define LEAD              "tlee"
#define LEAD_PASSWORD     "lead-pass"
/* The wall follows a change made anywhere within 2 s; a busy machine gets
 * twice that. */
#define FOLLOW_DEADLINE_US (4 * G_USEC_PER_SEC)

typedef struct
{
  char      *dir;
  VigilSite *site;
  Camsim    *camsim;
  Console   *console;
  AtspiAccessible *wall;   /* the wall's widget, where tiles are sought */
  gint64     started;
} Wall;

static void
add_camera (Wall          *wall,
            VigilSession  *manager,
            const char    *name,
            const char    *room,
            gboolean       audio)
{
  g_autofree char *url = camsim_url (wall->camsim, name);
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, room ? VIGIL_LOCATION_FAMILY_ROOM : VIGIL_LOCATION_COMMUNAL,
                                                    room, url, NULL, audio);
  g_autoptr(GError) error = NULL;

  if (room != NULL)
    g_assert_true (vigil_site_add_room (wall->site, manager, room, "test", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (wall->site, manager, camera, NULL, NULL, "test", &error));
  g_assert_no_error (error);
}

static void
admit (Wall             *wall,
       VigilSession     *lead,
       const char       *case_ref,
       const char       *label,
       const char       *room,
       VigilFamilyState  stage)
{
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (wall->site), vigil_site_now (wall->site));
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, label, room, today);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, today, TRUE);
  g_assert_true (vigil_site_add_family (wall->site, lead, family, stage, "admitted", &error));
  g_assert_no_error (error);
}

/* Room 1: K.M. at stage 2 (shown); Room 2: R.T. at stage 3 with no
 * window (a concern needed); Room 3: nobody placed (never shown); and the
 * lounge. */
static void
wall_open (Wall *wall)
{
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilSession) lead = NULL;

  console_test_init ();
  wall->started = g_get_monotonic_time ();
  wall->site = vigil_test_site_new (&wall->dir);
  manager = vigil_test_login_manager (wall->site);
  vigil_test_add_staff (wall->site, manager, OPERATOR, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (wall->site, manager, LEAD, 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, LEAD_PASSWORD);
  lead = vigil_test_login (wall->site, LEAD, LEAD_PASSWORD);

  wall->camsim = camsim_start ("--replay", "--camera", "room1:320x180@5,audio=aac", "--camera", "room2:320x180@5",
                               "--camera", "room3:320x180@5", "--camera", "lounge:320x180@5", NULL);
  add_camera (wall, manager, "room1", "Room 1", TRUE);
  add_camera (wall, manager, "room2", "Room 2", FALSE);
  add_camera (wall, manager, "room3", "Room 3", FALSE);
  add_camera (wall, manager, "lounge", NULL, FALSE);
  admit (wall, lead, "LA-2026-001", "K.M.", "Room 1", VIGIL_STATE_STAGE_2);
  admit (wall, lead, "LA-2026-002", "R.T.", "Room 2", VIGIL_STATE_STAGE_3);
}

static void
wall_close (Wall *wall)
{
  g_clear_object (&wall->wall);
  g_clear_pointer (&wall->console, console_free);
  g_clear_pointer (&wall->camsim, camsim_free);
  g_clear_object (&wall->site);
  vigil_test_remove_dir (wall->dir);
  g_free (wall->dir);
}

static void
log_in (Wall       *wall,
        const char *username,
        const char *password)
{
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;

  g_test_message ("site made at %.1f s", (g_get_monotonic_time () - wall->started) / 1e6);
  wall->console = console_start (wall->dir);
  user = console_find (wall->console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (wall->console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (wall->console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_type (user, username);
  console_type (secret, password);
  console_click (button);
  wall->wall = console_find (wall->console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
}

static AtspiAccessible *
tile (Wall       *wall,
      const char *title)
{
  g_autofree char *prefix = g_strdup_printf ("%s — ", title);

  return console_find_prefix (wall->wall, ATSPI_ROLE_PANEL, prefix);
}

/* The wall shows what the policy allows and nothing it denies; a room that
 * needs a reason asks for the concern, refuses an empty one, and shows
 * the room once a concern is given, which the audit trail then holds. */
static void
test_policy_and_concern (void)
{
  Wall wall = { 0 };
  g_autoptr(AtspiAccessible) room1 = NULL;
  g_autoptr(AtspiAccessible) room2 = NULL;
  g_autoptr(AtspiAccessible) room3 = NULL;
  g_autoptr(AtspiAccessible) lounge = NULL;
  g_autoptr(AtspiAccessible) why = NULL;
  g_autoptr(AtspiAccessible) ask = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) concern = NULL;
  g_autoptr(AtspiAccessible) view = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) left = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  const char *given = "Baby crying for ten minutes and nobody answering";

  wall_open (&wall);
  log_in (&wall, OPERATOR, OPERATOR_PASSWORD);

  room1 = tile (&wall, "Room 1");
  g_test_message ("wall found at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);
  name = console_wait_name (room1, ", live");
  g_test_message ("Room 1 live at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);
  g_assert_nonnull (strstr (name, "Room 1 — K.M., stage 2, recording, sound recorded"));
  lounge = tile (&wall, "lounge");
  g_free (name);
  name = console_wait_name (lounge, "communal, recording, live");

  /* Room 3 has nobody placed: never shown, and the tile says why in the
   * core's words. */
  room3 = tile (&wall, "Room 3");
  g_free (name);
  name = console_wait_name (room3, "may not be viewed");
  why = console_find_in (room3, ATSPI_ROLE_LABEL, NULL, "Why Room 3 is not shown");
  text = console_wait_text (why, "no family placed");

  room2 = tile (&wall, "Room 2");
  g_free (name);
  name = console_wait_name (room2, "view needs a safeguarding concern");
  g_assert_null (strstr (name, "live"));
  console_screenshot ("wall");
  g_test_message ("every tile checked at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);

  /* An empty concern is refused, in the core's words. */
  ask = console_find_in (room2, ATSPI_ROLE_PUSH_BUTTON, "View for a safeguarding concern…: Room 2", NULL);
  console_click (ask);
  dialog = console_find_window (wall.console, "View for a Safeguarding Concern");
  concern = console_find_in (dialog, ATSPI_ROLE_TEXT, "Concern", NULL);
  view = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "View", NULL);
  console_click (view);
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  g_free (text);
  text = console_wait_text (refusal, "concern");
  g_assert_false (vigil_test_audit_has (wall.site, NULL, "live-view-started", "camera:room2", NULL));

  console_type (concern, given);
  console_click (view);
  g_free (name);
  name = console_wait_name (room2, ", live");
  left = console_find_in (room2, ATSPI_ROLE_LABEL, NULL, "Time left for Room 2");
  g_free (text);
  text = console_wait_text (left, "left");
  g_assert_nonnull (strstr (text, "10:00") != NULL ? text : strstr (text, "9:"));
  vigil_test_wait_audit (wall.site, OPERATOR, "live-view-started", "camera:room2", given, FOLLOW_DEADLINE_US);
  console_screenshot ("concern-view");
  g_test_message ("concern view checked at %.1f s", (g_get_monotonic_time () - wall.started) / 1e6);

  vigil_test_assert_audit_intact (wall.site);
  wall_close (&wall);
}

/* A stage change made with vigilctl while the console runs changes the
 * tile within 2 s, and closes a view the policy no longer allows. */
static void
test_follows_stage_change (void)
{
  Wall wall = { 0 };
  g_autoptr(AtspiAccessible) room1 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  gint64 changed_at, deadline;

  wall_open (&wall);
  log_in (&wall, OPERATOR, OPERATOR_PASSWORD);
  room1 = tile (&wall, "Room 1");
  name = console_wait_name (room1, ", live");

  vigil_test_run_vigilctl (LEAD_PASSWORD "\n", &status, NULL, &err, "--data-dir", wall.dir, "--as", LEAD, "--password-stdin",
                           "stage", "set", "LA-2026-001", "3", "--reason", "settled nights",
                           "--evidence", "Weekly Placement Update 2026-11-27", NULL);
  g_assert_cmpint (status, ==, 0);
  changed_at = g_get_monotonic_time ();
  deadline = changed_at + FOLLOW_DEADLINE_US;

  /* The tile says stage 3 and needs a concern: the view has closed. */
  while (g_get_monotonic_time () < deadline)
    {
      g_free (name);
      name = atspi_accessible_get_name (room1, NULL);
      if (strstr (name, "stage 3") != NULL && strstr (name, "view needs a safeguarding concern") != NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_test_message ("the tile followed in %.2f s: %s", (g_get_monotonic_time () - changed_at) / 1e6, name);
  g_assert_nonnull (strstr (name, "Room 1 — K.M., stage 3, not recording"));
  g_assert_nonnull (strstr (name, "view needs a safeguarding concern"));
  vigil_test_wait_audit (wall.site, OPERATOR, "live-view-stopped", "camera:room1", "policy changed", FOLLOW_DEADLINE_US);
  console_screenshot ("after-stage-change");

  wall_close (&wall);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-wall/policy-and-concern", test_policy_and_concern);
  g_test_add_func ("/console-wall/follows-stage-change", test_follows_stage_change);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
