/* test-console-recording.c: the console's header and recording alarm, driven
 * over AT-SPI in a real window on the tests' display, while a real
 * vigil-recorder records simulated RTSP cameras into the same site (or does
 * not: it is not running, a camera is lost, it is killed).
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-recording"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "atspi-driver.h"
#include "camsim-fixture.h"
#include "vigil-test-utils.h"

#define OPERATOR          "okhan"
#define OPERATOR_PASSWORD "operator-pass"
#define LEAD              "tlee"
#define LEAD_PASSWORD     "lead-pass"

/* The console reads the recorder's state every 2 s (and on its change
 * signals); the recorder writes it about every 2 s. */
#define CHECK_US (2 * G_USEC_PER_SEC)
/* A recorder's first segment of a camera needs a connection and then a
 * keyframe (one every 2 s): on a busy machine that takes up to 30 s, and
 * the recorder and the console's check follow it. The same for a camera
 * coming back. */
#define RECORDING_DEADLINE_US (30 * G_USEC_PER_SEC + 2 * CHECK_US + 4 * G_USEC_PER_SEC)
/* A camera lost is noticed within 3 s (vigil-camera-source.c) and said by
 * the next check: a busy machine gets twice that, and a margin. */
#define LOSS_DEADLINE_US (2 * (3 * G_USEC_PER_SEC + CHECK_US) + 4 * G_USEC_PER_SEC)
/* A recorder that died is known by its heartbeat going stale
 * (VIGIL_RECORDER_HEARTBEAT_TIMEOUT) and said by the next check: twice
 * that, and a margin. */
/* The console gives the recorder this long (its RECORDER_WAIT_US) to start
 * recording a camera the policy has come to record. */
#define GRACE_US (20 * G_USEC_PER_SEC)
#define DEAD_RECORDER_DEADLINE_US (2 * (VIGIL_RECORDER_HEARTBEAT_TIMEOUT + CHECK_US) + 4 * G_USEC_PER_SEC)

typedef struct
{
  char            *dir;
  VigilSite       *site;
  Camsim          *camsim;
  Console         *console;
  GSubprocess     *recorder;
  AtspiAccessible *header;    /* the header's "The recorder" label */
  AtspiAccessible *page;      /* the box that holds the recording alarm */
  gint64           started;
} Site;

static double
seconds_since (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1e6;
}

static void
add_camera (Site         *site,
            VigilSession *manager,
            const char   *name,
            const char   *room)
{
  g_autofree char *url = camsim_url (site->camsim, name);
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, room ? VIGIL_LOCATION_FAMILY_ROOM : VIGIL_LOCATION_COMMUNAL,
                                                    room, url, NULL, FALSE);
  g_autoptr(GError) error = NULL;

  if (room != NULL)
    g_assert_true (vigil_site_add_room (site->site, manager, room, "test", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (site->site, manager, camera, NULL, NULL, "test", &error));
  g_assert_no_error (error);
}

static void
admit (Site             *site,
       VigilSession     *lead,
       const char       *case_ref,
       const char       *label,
       const char       *room,
       VigilFamilyState  stage)
{
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (site->site), vigil_site_now (site->site));
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, label, room, today);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, today, FALSE);
  g_assert_true (vigil_site_add_family (site->site, lead, family, stage, "admitted", &error));
  g_assert_no_error (error);
}

/* Room 1: K.M. at stage 2, recorded at all hours; Room 2: R.T. at stage 3
 * with no window, so not recorded now; and the lounge, communal, recorded.
 * The policy records two cameras. */
static void
site_open (Site *site)
{
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(GError) error = NULL;

  console_test_init ();
  site->started = g_get_monotonic_time ();
  site->site = vigil_test_site_new (&site->dir);
  manager = vigil_test_login_manager (site->site);
  vigil_test_add_staff (site->site, manager, OPERATOR, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, OPERATOR_PASSWORD);
  vigil_test_add_staff (site->site, manager, LEAD, 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, LEAD_PASSWORD);
  lead = vigil_test_login (site->site, LEAD, LEAD_PASSWORD);
  /* The recordings disk's alarm is not this test's: whatever this machine
   * has free is enough. */
  g_assert_true (vigil_site_set_setting (site->site, manager, VIGIL_SETTING_RECORDER_MIN_FREE_MB, "0", "test", &error));
  g_assert_no_error (error);

  /* Small replayed clips: the console plays two of them and the recorder
   * records them, on a machine that may be busy with something else. */
  site->camsim = camsim_start ("--replay", "--camera", "room1:320x180@5", "--camera", "room2:320x180@5",
                               "--camera", "lounge:320x180@5", NULL);
  add_camera (site, manager, "room1", "Room 1");
  add_camera (site, manager, "room2", "Room 2");
  add_camera (site, manager, "lounge", NULL);
  admit (site, lead, "LA-2026-001", "K.M.", "Room 1", VIGIL_STATE_STAGE_2);
  admit (site, lead, "LA-2026-002", "R.T.", "Room 2", VIGIL_STATE_STAGE_3);
}

static void
site_close (Site *site)
{
  if (site->recorder != NULL)
    {
      g_subprocess_force_exit (site->recorder);
      g_subprocess_wait (site->recorder, NULL, NULL);
      g_clear_object (&site->recorder);
    }
  g_clear_object (&site->header);
  g_clear_object (&site->page);
  g_clear_pointer (&site->console, console_free);
  g_clear_pointer (&site->camsim, camsim_free);
  g_clear_object (&site->site);
  vigil_test_remove_dir (site->dir);
  g_free (site->dir);
}

/* A recorder outlives no failed test. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* vigil-recorder on the site, as systemd would run it (as
 * tests/recorder-fixture.c does); the test waits on what the console
 * shows, not on the recorder's own report. */
static void
start_recorder (Site *site)
{
  const char *program = g_getenv ("VIGIL_RECORDER");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (program);
  g_assert_null (site->recorder);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* The recorder warns of what goes wrong around it (here, a lost camera)
   * as its journal should show: only criticals are its own bugs. */
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "fatal-criticals", TRUE);
  site->recorder = g_subprocess_launcher_spawn (launcher, &error, program, "--data-dir", site->dir, NULL);
  g_assert_no_error (error);
}

/* SIGKILL: the recorder crashing, with no chance to say it stopped. */
static void
kill_recorder (Site *site)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (site->recorder);
  g_assert_true (g_subprocess_wait (site->recorder, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (site->recorder));
  g_clear_object (&site->recorder);
}

static void
log_in (Site       *site,
        const char *username,
        const char *password)
{
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  g_autoptr(AtspiAccessible) who = NULL;

  g_test_message ("site made at %.1f s", seconds_since (site->started));
  site->console = console_start (site->dir);
  user = console_find (site->console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (site->console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (site->console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_type (user, username);
  console_type (secret, password);
  console_click (button);

  /* The alarm is hidden when it has nothing to say, and GTK takes a hidden
   * widget out of the accessible tree: it is sought afresh each time in
   * the box it shares with the always-shown "who is logged in" label. */
  who = console_find (site->console, ATSPI_ROLE_LABEL, NULL, "Who is logged in");
  site->page = atspi_accessible_get_parent (who, NULL);
  g_assert_nonnull (site->page);
  site->header = console_find (site->console, ATSPI_ROLE_LABEL, NULL, "The recorder");
  g_test_message ("logged in at %.1f s", seconds_since (site->started));
}

/* libatspi 2.46 declares no cleanup of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiText, g_object_unref)

/* The label's text, or NULL if it cannot be read (it has just left the
 * tree). */
static char *
try_read (AtspiAccessible *accessible)
{
  g_autoptr(AtspiText) text = atspi_accessible_get_text_iface (accessible);
  int count;

  if (text == NULL)
    return NULL;
  /* GTK 4.8 gives "" for an end offset of -1: ask for what it holds. */
  count = atspi_text_get_character_count (text, NULL);
  return count >= 0 ? atspi_text_get_text (text, 0, count, NULL) : NULL;
}

/* What the recording alarm says now: "" when it is hidden or empty. */
static char *
read_alarm (Site *site)
{
  int n = atspi_accessible_get_child_count (site->page, NULL);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (site->page, i, NULL);
      g_autofree char *description = child ? atspi_accessible_get_description (child, NULL) : NULL;
      g_autofree char *text = NULL;

      if (g_strcmp0 (description, "Recording alarm") != 0 ||
          atspi_accessible_get_role (child, NULL) != ATSPI_ROLE_LABEL)
        continue;
      text = try_read (child);
      return text != NULL ? g_steal_pointer (&text) : g_strdup ("");
    }
  return g_strdup ("");
}

/* What the operator sees of recording: the header and the alarm. */
typedef struct
{
  char *header;
  char *alarm;
} Shown;

static void
shown_clear (Shown *shown)
{
  g_clear_pointer (&shown->header, g_free);
  g_clear_pointer (&shown->alarm, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shown, shown_clear)

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Reads the header and the alarm every 100 ms, the main loop turning
 * between reads (each read is answered on the console's main loop, so reading
 * back to back would slow what is awaited), until @done says they are what
 * is wanted or @deadline_us has passed since @since; fails the test then,
 * saying what was shown. Returns the seconds it took. */
static double
wait_shown (Site        *site,
            gint64       since,
            gint64       deadline_us,
            gboolean   (*done) (const Shown *shown),
            const char  *wanted,
            Shown       *shown)
{
  guint tick = g_timeout_add (25, on_tick, NULL);
  gint64 deadline = since + deadline_us;
  g_autofree char *last = NULL;

  for (;;)
    {
      g_autofree char *now = NULL;
      gint64 next;

      shown_clear (shown);
      shown->header = try_read (site->header);
      shown->alarm = read_alarm (site);
      if (shown->header == NULL)
        shown->header = g_strdup ("");
      /* Every state passed through, for the log of a failure. */
      now = g_strdup_printf ("“%s”, “%s”", shown->header, shown->alarm);
      if (g_strcmp0 (now, last) != 0)
        g_test_message ("at %.1f s: %s", seconds_since (since), now);
      g_free (last);
      last = g_steal_pointer (&now);
      /* The policy records two cameras throughout: a header that counts
       * fewer has believed a recorder that has not caught up. */
      if (strstr (shown->header, " of 0 cameras") != NULL || strstr (shown->header, " of 1 cameras") != NULL)
        g_error ("the header says “%s” while the policy records two cameras", shown->header);
      if (done (shown))
        break;
      if (g_get_monotonic_time () >= deadline)
        {
          console_screenshot ("failed");
          g_error ("waited %.1f s for %s: the header says “%s”, the alarm “%s”", deadline_us / 1e6, wanted,
                   shown->header, shown->alarm);
        }
      next = g_get_monotonic_time () + 100 * 1000;
      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  g_test_message ("%s after %.1f s: the header says “%s”, the alarm “%s”", wanted, seconds_since (since),
                  shown->header, shown->alarm);
  return seconds_since (since);
}

static gboolean
says_recorder_down (const Shown *shown)
{
  return g_str_equal (shown->header, "Recorder not running") &&
         strstr (shown->alarm, "Recording alarm: the recorder is not running; not recorded: ") != NULL &&
         strstr (shown->alarm, "room1") != NULL && strstr (shown->alarm, "lounge") != NULL;
}

static gboolean
says_all_recorded (const Shown *shown)
{
  return g_str_equal (shown->header, "Recording 2 of 2 cameras") && *shown->alarm == '\0';
}

static gboolean
says_cameras_offline (const Shown *shown)
{
  return g_str_equal (shown->header, "Recording 0 of 2 cameras") &&
         strstr (shown->alarm, "Recording alarm: room1 is not recorded (camera-offline") != NULL &&
         strstr (shown->alarm, "Recording alarm: lounge is not recorded (camera-offline") != NULL;
}

static gboolean
says_lounge_unplanned (const Shown *shown)
{
  return g_str_equal (shown->header, "Recording 1 of 2 cameras") &&
         g_str_equal (shown->alarm, "Recording alarm: lounge is not recorded (the recorder does not record it)");
}

/* A recorder, running for a minute, that records Room 1 and knows nothing
 * of the lounge (a recorder with a bug, or one that could not read the
 * cameras): written from the test, as vigil-recorder writes it, every 2 s. */
static gboolean
report_partial_recorder (gpointer user_data)
{
  Site *site = user_data;
  gint64 now = g_get_real_time ();
  g_autoptr(VigilRecorderStatus) status = vigil_recorder_status_new ();
  g_autoptr(GError) error = NULL;

  vigil_recorder_status_set_pid (status, getpid ());
  vigil_recorder_status_set_host (status, g_get_host_name ());
  vigil_recorder_status_set_started_at (status, now - 60 * G_USEC_PER_SEC);
  vigil_recorder_status_set_heartbeat_at (status, now);
  vigil_recorder_status_add_camera (status, "room1", TRUE, TRUE, VIGIL_RECORDING_STATE_RECORDING, NULL,
                                    now - 60 * G_USEC_PER_SEC);
  g_assert_true (vigil_site_report_recorder (site->site, status, &error));
  g_assert_no_error (error);
  return G_SOURCE_CONTINUE;
}

/* The console says whenever footage the policy requires is not being
 * recorded, and says nothing once it is: the recorder not running, then
 * recording, then its cameras lost and back, then the recorder killed. */
static void
test_recording_alarm (void)
{
  Site site = { 0 };
  g_auto(Shown) shown = { 0 };
  gint64 since, policy_known;
  guint reporting;

  site_open (&site);
  log_in (&site, OPERATOR, OPERATOR_PASSWORD);

  /* No recorder has ever run: the alarm names the cameras the policy
   * records, and not Room 2, which it does not record now. */
  wait_shown (&site, g_get_monotonic_time (), CONSOLE_DEADLINE_US, says_recorder_down,
              "the recorder not running", &shown);
  /* The alarm names the cameras: the console has read the policy. */
  policy_known = g_get_monotonic_time ();
  g_assert_null (strstr (shown.alarm, "room2"));
  console_screenshot ("recorder-not-running");

  /* The recorder starts: once it writes both cameras the alarm goes, and
   * the header counts the two cameras the policy records, not Room 2. */
  start_recorder (&site);
  since = g_get_monotonic_time ();
  wait_shown (&site, since, RECORDING_DEADLINE_US, says_all_recorded, "both cameras recorded", &shown);
  console_screenshot ("recording");

  /* The camera server dies: both cameras are named, with the recorder's
   * reason. */
  camsim_kill (site.camsim);
  since = g_get_monotonic_time ();
  wait_shown (&site, since, LOSS_DEADLINE_US, says_cameras_offline, "both cameras offline", &shown);
  g_assert_null (strstr (shown.alarm, "room2"));
  g_assert_null (strstr (shown.alarm, "the recorder is not running"));
  console_screenshot ("cameras-offline");

  /* They come back at their addresses: the alarm goes again. */
  camsim_restart (site.camsim);
  since = g_get_monotonic_time ();
  wait_shown (&site, since, RECORDING_DEADLINE_US, says_all_recorded, "both cameras recorded again", &shown);

  /* The recorder crashes, saying nothing: its stale heartbeat tells. */
  kill_recorder (&site);
  since = g_get_monotonic_time ();
  wait_shown (&site, since, DEAD_RECORDER_DEADLINE_US, says_recorder_down, "the killed recorder noticed", &shown);
  g_assert_null (strstr (shown.alarm, "room2"));
  console_screenshot ("recorder-killed");

  /* A recorder that leaves out a camera the policy records: the console
   * holds to the policy, not to the recorder's idea of it, once the grace
   * it gives a recorder since it read the policy has passed. */
  report_partial_recorder (&site);
  reporting = g_timeout_add_seconds (2, report_partial_recorder, &site);
  since = g_get_monotonic_time ();
  wait_shown (&site, since, MAX (policy_known + GRACE_US - since, 0) + LOSS_DEADLINE_US, says_lounge_unplanned,
              "the camera the recorder left out", &shown);
  g_source_remove (reporting);
  console_screenshot ("camera-left-out");

  g_test_message ("done at %.1f s", seconds_since (site.started));
  vigil_test_assert_audit_intact (site.site);
  site_close (&site);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-recording/alarm", test_recording_alarm);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
