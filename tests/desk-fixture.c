/* desk-fixture.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "desk-fixture"

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "desk-fixture.h"

static void
add_room_camera (Desk         *desk,
                 VigilSession *manager,
                 guint         number)
{
  g_autofree char *name = g_strdup_printf ("room%u", number);
  g_autofree char *room = g_strdup_printf ("Room %u", number);
  g_autofree char *url = camsim_url (desk->camsim, name);
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, VIGIL_LOCATION_FAMILY_ROOM, room, url, NULL, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_room (desk->site, manager, room, "test", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (desk->site, manager, camera, NULL, NULL, "test", &error));
  g_assert_no_error (error);
}

static void
admit (Desk             *desk,
       VigilSession     *lead,
       const char       *case_ref,
       const char       *label,
       const char       *room,
       VigilFamilyState  stage)
{
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (desk->site), vigil_site_now (desk->site));
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, label, room, today);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, today, TRUE);
  g_assert_true (vigil_site_add_family (desk->site, lead, family, stage, "admitted", &error));
  g_assert_no_error (error);
}

void
desk_open (Desk            *desk,
           const DeskScene *scene,
           const char      *username,
           const char      *password,
           DeskBefore       before)
{
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  g_autoptr(AtspiAccessible) wall = NULL;

  g_assert_cmpuint (scene->rooms, >=, 2);

  console_test_init ();
  desk->site = vigil_test_site_new (&desk->dir);
  manager = vigil_test_login_manager (desk->site);
  vigil_test_add_staff (desk->site, manager, OPERATOR, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (desk->site, manager, RELIEF, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (desk->site, manager, LEAD, 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, LEAD_PASSWORD);
  lead = vigil_test_login (desk->site, LEAD, LEAD_PASSWORD);

  g_ptr_array_add (args, g_strdup ("--replay"));
  for (guint i = 1; i <= scene->rooms + scene->spare; i++)
    {
      g_ptr_array_add (args, g_strdup ("--camera"));
      g_ptr_array_add (args, g_strdup_printf ("room%u:320x180@5", i));
    }
  g_ptr_array_add (args, NULL);
  desk->camsim = camsim_startv (0, (const char * const *) args->pdata);
  for (guint i = 1; i <= scene->rooms; i++)
    add_room_camera (desk, manager, i);
  admit (desk, lead, KM_REF, "K.M.", "Room 1", VIGIL_STATE_STAGE_2);
  admit (desk, lead, RT_REF, "R.T.", "Room 2", scene->rt_stage);
  if (before != NULL)
    before (desk, lead);

  desk->console = console_start (desk->dir);
  user = console_find (desk->console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (desk->console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (desk->console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_type (user, username);
  console_type (secret, password);
  console_click (button);
  desk->main = console_find_window (desk->console, "Vigil");
  /* The wall first: the other views follow the same snapshot. */
  wall = console_find (desk->console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
}

void
desk_close (Desk *desk)
{
  g_clear_object (&desk->main);
  g_clear_pointer (&desk->console, console_free);
  g_clear_pointer (&desk->camsim, camsim_free);
  g_clear_object (&desk->site);
  vigil_test_remove_dir (desk->dir);
  g_clear_pointer (&desk->dir, g_free);
}

void
desk_show_section (Desk       *desk,
                   const char *title)
{
  g_autoptr(AtspiAccessible) switcher = console_find_in (desk->main, ATSPI_ROLE_PAGE_TAB, title, NULL);

  console_click (switcher);
}

char *
desk_vigilctl (Desk       *desk,
               const char *first,
               ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status = -1;

  g_ptr_array_add (args, (gpointer) "--data-dir");
  g_ptr_array_add (args, desk->dir);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  vigil_test_run_vigilctlv (NULL, &status, &out, &err, (const char * const *) args->pdata);
  g_assert_cmpint (status, ==, 0);
  return out;
}

GPtrArray *
desk_segments (Desk       *desk,
               const char *camera)
{
  g_autoptr(GPtrArray) gaps = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *segments = NULL;

  g_assert_true (vigil_site_list_recordings (desk->site, camera, 0, G_MAXINT64, &segments, &gaps, &error));
  g_assert_no_error (error);
  return segments;
}

typedef struct
{
  Desk       *desk;
  const char *camera;
  guint       count;
} SegmentWait;

static gboolean
enough_segments (gpointer data)
{
  SegmentWait *wait = data;
  g_autoptr(GPtrArray) segments = desk_segments (wait->desk, wait->camera);

  return segments->len >= wait->count;
}

/* A recorder outlives no failed test. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
desk_record (Desk               *desk,
             const char * const *cameras,
             guint               segments)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (desk->site);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) recorder = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_set_setting (desk->site, manager, VIGIL_SETTING_SEGMENT_SECONDS, "10", "test", &error));
  g_assert_true (vigil_site_set_setting (desk->site, manager, VIGIL_SETTING_RECORDER_MIN_FREE_MB, "0", "test",
                                         &error));
  g_assert_no_error (error);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Only criticals are the recorder's own bugs: it warns of what goes
   * wrong around it. */
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  recorder = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("VIGIL_RECORDER"), "--data-dir", desk->dir,
                                          NULL);
  g_assert_no_error (error);
  for (guint i = 0; cameras[i] != NULL; i++)
    {
      SegmentWait wait = { desk, cameras[i], segments };

      /* A first connection on a busy machine, then each segment's 10 s. */
      if (!camsim_wait_for (enough_segments, &wait, (60 + 20 * (gint64) segments) * G_USEC_PER_SEC))
        g_error ("%s was not recorded", cameras[i]);
    }
  /* Stopped, it closes what it was writing: the footage is what it is
   * from here on. */
  g_subprocess_send_signal (recorder, SIGTERM);
  g_assert_true (g_subprocess_wait_check (recorder, NULL, &error));
  g_assert_no_error (error);
}
