/* test-console-duty.c: a duty taken, watched, handed over and ended in the
 * console's real window on the tests' display, driven over AT-SPI, against
 * a real site whose family room camera is a simulated RTSP camera with
 * sound: the room large and live with its sound played through the test
 * session's PipeWire, the alarm when the camera dies, and the duty handed
 * to a colleague who ends it from a console of their own.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-duty"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "atspi-driver.h"
#include "pipewire-graph.h"
#include "camsim-fixture.h"
#include "vigil-test-utils.h"

#define OPERATOR_A "okhan"
#define OPERATOR_B "jdavies"
#define PASSWORD   "operator-pass"
#define CASE_REF   "LA-2026-001"
#define FAMILY     "K.M."
#define ROOM       "Room 1"
#define SUMMARY    "Baby settled at 22:10; woke at 02:30, mother fed and settled her by 03:00."
#define END_SUMMARY "Quiet after the handover; baby asleep at the end of the shift."

/* The duty view raises its alarm within the camera source's 3 s loss
 * deadline: wait twice that. */
#define ALARM_DEADLINE_US (6 * G_USEC_PER_SEC)
/* What the console writes runs on the site's worker, a moment after the
 * click; WirePlumber links a new stream within moments. On a busy machine
 * both may take a few seconds. */
#define CORE_WAIT_US      (10 * G_USEC_PER_SEC)
#define LINK_WAIT_US      (10 * G_USEC_PER_SEC)
/* Probes walk the console's tree or run pw-dump: 100 ms apart. */
#define PROBE_US          (100 * 1000)

typedef struct
{
  char      *dir;
  VigilSite *site;
  Camsim    *room_camera;   /* the duty's camera, killed and restarted */
  Camsim    *lounge_camera; /* a communal camera, never touched */
} Centre;

/* ---- waiting ------------------------------------------------------------ */

static gboolean
on_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @probe holds or @timeout_us has passed, probing
 * every 100 ms; returns what @probe last returned. */
static gboolean
wait_until (gboolean (*probe) (gpointer),
            gpointer   data,
            gint64     timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  guint tick = g_timeout_add (25, on_tick, NULL);
  gboolean done;

  while (!(done = probe (data)) && g_get_monotonic_time () < deadline)
    {
      gint64 next = MIN (g_get_monotonic_time () + PROBE_US, deadline);

      while (g_get_monotonic_time () < next)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
  return done;
}

static gint64 started_at;

/* Where the time went, in the test's log. */
static void
step (const char *what)
{
  g_test_message ("%6.2f s: %s", (g_get_monotonic_time () - started_at) / 1e6, what);
}

/* ---- the site ----------------------------------------------------------- */

static void
add_camera (Centre       *centre,
            VigilSession *manager,
            Camsim       *camsim,
            const char   *name,
            const char   *room,
            gboolean      audio)
{
  g_autofree char *url = camsim_url (camsim, name);
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, room ? VIGIL_LOCATION_FAMILY_ROOM : VIGIL_LOCATION_COMMUNAL,
                                                    room, url, NULL, audio);
  g_autoptr(GError) error = NULL;

  if (room != NULL)
    g_assert_true (vigil_site_add_room (centre->site, manager, room, "test", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (centre->site, manager, camera, NULL, NULL, "test", &error));
  g_assert_no_error (error);
}

/* Two operators; K.M. at stage 2 in Room 1, whose camera sends sound; and
 * a lounge camera. Each camera is a server of its own, so that killing the
 * duty's camera leaves the lounge alone. */
static void
centre_open (Centre *centre)
{
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;

  console_test_init ();
  centre->site = vigil_test_site_new (&centre->dir);
  manager = vigil_test_login_manager (centre->site);
  vigil_test_add_staff (centre->site, manager, OPERATOR_A, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (centre->site, manager, OPERATOR_B, 4, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);

  centre->room_camera = camsim_start ("--replay", "--camera", "room1:640x360@10,audio=aac", NULL);
  centre->lounge_camera = camsim_start ("--replay", "--camera", "lounge:320x180@5", NULL);
  add_camera (centre, manager, centre->room_camera, "room1", ROOM, TRUE);
  add_camera (centre, manager, centre->lounge_camera, "lounge", NULL, FALSE);

  today = vigil_date_today (vigil_site_get_time_zone (centre->site), vigil_site_now (centre->site));
  family = vigil_family_new (CASE_REF, FAMILY, ROOM, today);
  vigil_family_set_agreement (family, today, TRUE);
  g_assert_true (vigil_site_add_family (centre->site, manager, family, VIGIL_STATE_STAGE_2, "admitted", &error));
  g_assert_no_error (error);
}

static void
centre_close (Centre *centre)
{
  g_clear_pointer (&centre->room_camera, camsim_free);
  g_clear_pointer (&centre->lounge_camera, camsim_free);
  g_clear_object (&centre->site);
  vigil_test_remove_dir (centre->dir);
  g_free (centre->dir);
}

/* ---- the trail ---------------------------------------------------------- */

typedef struct
{
  VigilSite  *site;
  gint64      after;           /* only entries after this one count */
  const char *actor;
  const char *action;
  const char *object;
  const char *reason_prefix;
  gint64      seq;             /* the entry found */
} EntryWanted;

static gboolean
has_entry (gpointer data)
{
  EntryWanted *wanted = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (wanted->site), 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);
      const char *reason = vigil_audit_entry_get_reason (entry);

      if (vigil_audit_entry_get_seq (entry) > wanted->after &&
          g_strcmp0 (vigil_audit_entry_get_action (entry), wanted->action) == 0 &&
          g_strcmp0 (vigil_audit_entry_get_actor (entry), wanted->actor) == 0 &&
          g_strcmp0 (vigil_audit_entry_get_object (entry), wanted->object) == 0 &&
          g_str_has_prefix (reason != NULL ? reason : "", wanted->reason_prefix))
        {
          wanted->seq = vigil_audit_entry_get_seq (entry);
          return TRUE;
        }
    }
  return FALSE;
}

/* Waits for an entry @action by @actor about @object whose reason starts
 * with @reason_prefix, after the entry @after; returns its number. */
static gint64
wait_entry (Centre     *centre,
            gint64      after,
            const char *actor,
            const char *action,
            const char *object,
            const char *reason_prefix)
{
  EntryWanted wanted = { centre->site, after, actor, action, object, reason_prefix, 0 };

  if (!wait_until (has_entry, &wanted, CORE_WAIT_US))
    {
      g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (centre->site), 0, NULL);

      for (guint i = 0; entries != NULL && i < entries->len; i++)
        {
          VigilAuditEntry *entry = g_ptr_array_index (entries, i);

          g_test_message ("trail: %" G_GINT64_FORMAT " %s %s %s: %s", vigil_audit_entry_get_seq (entry),
                          vigil_audit_entry_get_actor (entry), vigil_audit_entry_get_action (entry),
                          vigil_audit_entry_get_object (entry), vigil_audit_entry_get_reason (entry));
        }
      g_error ("no audit entry %s by %s about %s with a reason starting “%s” after entry %" G_GINT64_FORMAT,
               action, actor, object, reason_prefix, after);
    }
  step (action);
  return wanted.seq;
}

static char *
open_duty_operator (Centre *centre)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDuty) duty = vigil_site_get_open_duty (centre->site, CASE_REF, &error);

  if (duty == NULL)
    {
      g_assert_nonnull (error);
      return NULL;
    }
  return g_strdup (vigil_duty_get_operator (duty));
}

/* ---- the sound, as PipeWire shows it ------------------------------------ */

typedef struct
{
  const char *name;
  gboolean    present;   /* waiting for it to play, or to go */
  gboolean    found;     /* a node named so */
  gboolean    linked;    /* an active link from it to the session's sink */
} StreamWanted;

/* A node whose node.name or media.name is the room's, and an active link
 * from it to the sink. */
static gboolean
stream_as_wanted (gpointer data)
{
  StreamWanted *wanted = data;
  g_autoptr(JsonNode) dump = pipewire_dump ();
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *objects;
  gint64 sink = -1;

  g_assert_nonnull (dump);
  objects = json_node_get_array (dump);
  wanted->found = wanted->linked = FALSE;
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      gint64 id;

      if (!pipewire_is_type (object, "PipeWire:Interface:Node"))
        continue;
      id = json_object_get_int_member (object, "id");
      if (g_strcmp0 (pipewire_prop (object, "node.name"), pipewire_test_sink_name ()) == 0)
        sink = id;
      else if (g_strcmp0 (pipewire_prop (object, "node.name"), wanted->name) == 0 ||
               g_strcmp0 (pipewire_prop (object, "media.name"), wanted->name) == 0)
        g_array_append_val (nodes, id);
    }
  wanted->found = nodes->len > 0;

  for (guint i = 0; i < json_array_get_length (objects) && sink >= 0; i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      JsonObject *info;

      if (!pipewire_is_type (object, "PipeWire:Interface:Link"))
        continue;
      info = json_object_get_object_member (object, "info");
      if (json_object_get_int_member_with_default (info, "input-node-id", -2) != sink ||
          g_strcmp0 (json_object_get_string_member_with_default (info, "state", ""), "active") != 0)
        continue;
      for (guint n = 0; n < nodes->len; n++)
        if (json_object_get_int_member_with_default (info, "output-node-id", -2) == g_array_index (nodes, gint64, n))
          wanted->linked = TRUE;
    }
  return wanted->present ? wanted->found && wanted->linked : !wanted->found;
}

/* Whether the session has PipeWire with the sink: a session that named its
 * sink must have it; elsewhere the sound's check is left out, and says so. */
static gboolean
have_pipewire (void)
{
  g_autoptr(JsonNode) dump = NULL;

  if (g_getenv ("VIGIL_TEST_AUDIO_SINK") != NULL)
    return TRUE;
  dump = pipewire_dump ();
  if (dump == NULL)
    g_test_message ("no PipeWire daemon answers: the duty's sound stream is not checked");
  return dump != NULL;
}

static void
wait_stream (const char *name,
             gboolean    present)
{
  StreamWanted wanted = { name, present, FALSE, FALSE };

  if (wait_until (stream_as_wanted, &wanted, LINK_WAIT_US))
    {
      step (present ? "the room's stream plays into the sink" : "the room's stream has gone");
      return;
    }
  if (present)
    g_error ("no stream “%s” linked to %s after %.0f s (%s)", name, pipewire_test_sink_name (), LINK_WAIT_US / 1e6,
             wanted.found ? "there, not linked" : "not there");
  g_error ("stream “%s” still there after %.0f s", name, LINK_WAIT_US / 1e6);
}

/* ---- the console -------------------------------------------------------- */

/* Each probe walks part of the console's tree over D-Bus, which the
 * console answers between frames: the widgets are found once and then
 * only read. */

/* Starts a console on the site and logs @username in; returns the wall. */
static AtspiAccessible *
log_in (Centre      *centre,
        Console    **console,
        const char  *username)
{
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  AtspiAccessible *wall;

  *console = console_start (centre->dir);
  user = console_find (*console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (*console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (*console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_type (user, username);
  console_type (secret, PASSWORD);
  console_click (button);
  wall = console_find (*console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
  step (username);
  return wall;
}

/* A console that died (a fatal warning, a crash) fails the test. */
static void
assert_running (Console *console)
{
  if (g_subprocess_get_identifier (console->process) == NULL)
    g_error ("the console has gone (exit status %d)", g_subprocess_get_status (console->process));
}

typedef struct
{
  AtspiAccessible *label;
  const char      *part;
  char            *text;
} TextWanted;

static gboolean
text_has (gpointer data)
{
  TextWanted *wanted = data;

  g_free (wanted->text);
  wanted->text = console_read (wanted->label);
  return wanted->text != NULL && strstr (wanted->text, wanted->part) != NULL;
}

/* Waits, at most @timeout_us, until @label says @part; returns its text. */
static char *
wait_text (AtspiAccessible *label,
           const char      *part,
           gint64           timeout_us)
{
  TextWanted wanted = { label, part, NULL };

  if (!wait_until (text_has, &wanted, timeout_us))
    {
      g_autofree char *description = atspi_accessible_get_description (label, NULL);

      g_error ("after %.1f s, “%s” says “%s”, not “%s”", timeout_us / 1e6, description,
               wanted.text != NULL ? wanted.text : "", part);
    }
  step (wanted.text);
  return wanted.text;
}

static gboolean
name_has (gpointer data)
{
  TextWanted *wanted = data;

  g_free (wanted->text);
  wanted->text = atspi_accessible_get_name (wanted->label, NULL);
  return wanted->text != NULL && strstr (wanted->text, wanted->part) != NULL;
}

static char *
wait_name (AtspiAccessible *accessible,
           const char      *part,
           gint64           timeout_us)
{
  TextWanted wanted = { accessible, part, NULL };

  if (!wait_until (name_has, &wanted, timeout_us))
    g_error ("after %.1f s, the name is “%s”, not “%s”", timeout_us / 1e6, wanted.text, part);
  step (wanted.text);
  return wanted.text;
}

static void
press (AtspiAccessible *root,
       const char      *name)
{
  g_autoptr(AtspiAccessible) button = console_find_in (root, ATSPI_ROLE_PUSH_BUTTON, name, NULL);

  step (name);
  console_click (button);
}

/* What the tests read of a console: its header and coverage lines, and
 * the duty view's parts. */
typedef struct
{
  Console         *console;
  AtspiAccessible *wall;
  AtspiAccessible *who;
  AtspiAccessible *coverage;
  AtspiAccessible *duty;        /* the duty view's page, once shown */
  AtspiAccessible *title;
  AtspiAccessible *state;
  AtspiAccessible *alarm;
  AtspiAccessible *level;
} Screen;

static void
screen_open (Screen     *screen,
             Centre     *centre,
             const char *username)
{
  screen->wall = log_in (centre, &screen->console, username);
  screen->who = console_find (screen->console, ATSPI_ROLE_LABEL, NULL, "Who is logged in");
  screen->coverage = console_find (screen->console, ATSPI_ROLE_LABEL, NULL, "Who watches whom");
}

static void
screen_forget_duty (Screen *screen)
{
  g_clear_object (&screen->duty);
  g_clear_object (&screen->title);
  g_clear_object (&screen->state);
  g_clear_object (&screen->alarm);
  g_clear_object (&screen->level);
}

static void
screen_close (Screen *screen)
{
  screen_forget_duty (screen);
  g_clear_object (&screen->wall);
  g_clear_object (&screen->who);
  g_clear_object (&screen->coverage);
  if (screen->console != NULL)
    assert_running (screen->console);
  g_clear_pointer (&screen->console, console_free);
}

/* Once the duty view shows: its page (the nearest stack page above its
 * title), where its parts are sought. */
static void
screen_find_duty (Screen *screen)
{
  g_autoptr(AtspiAccessible) page = NULL;

  screen_forget_duty (screen);
  screen->title = console_find (screen->console, ATSPI_ROLE_LABEL, NULL, "The family on duty");
  page = g_object_ref (screen->title);
  for (;;)
    {
      g_autoptr(AtspiAccessible) parent = atspi_accessible_get_parent (page, NULL);
      g_autofree char *name = NULL;

      g_assert_nonnull (parent);
      g_set_object (&page, parent);
      name = atspi_accessible_get_name (page, NULL);
      if (g_strcmp0 (name, "GtkStackPage") == 0)
        break;
    }
  screen->duty = g_steal_pointer (&page);
  screen->state = console_find_in (screen->duty, ATSPI_ROLE_LABEL, NULL, "Camera state");
  screen->alarm = console_find_in (screen->duty, ATSPI_ROLE_LABEL, NULL, "Duty alarm");
  screen->level = console_find_in (screen->duty, ATSPI_ROLE_LABEL, NULL, "Sound level in decibels");
  step ("the duty view is there");
}

/* The colleague's button in the handover dialog: "Name (username)". */
static char *
colleague_name (Centre     *centre,
                const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStaff) staff = vigil_site_lookup_staff (centre->site, username, &error);

  g_assert_no_error (error);
  return g_strdup_printf ("%s (%s)", vigil_staff_get_display_name (staff), username);
}

/* The core's words for an empty summary, asked of the core itself (which
 * checks the summary before anything else, so nothing is written). */
static char *
empty_summary_refusal (Centre *centre)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (centre->site);
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) error = NULL;

  duty = vigil_site_hand_over_duty (centre->site, manager, CASE_REF, OPERATOR_B, "", &error);
  g_assert_null (duty);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  return g_strdup (error->message);
}

/* ---- the test ----------------------------------------------------------- */

#define CAMERA "camera:room1"
#define OF_FAMILY "family:" CASE_REF

/* On a handheld's narrow screen (the tests' 360-pixel run), the console's
 * page (its full-width "who" line) stays that narrow and the duty view's
 * picture fills it: the wall has folded away (AdwLeaflet). On a laptop's,
 * the two stand side by side. */
static void
assert_duty_fills_handheld (Screen *screen)
{
  g_autoptr(AtspiAccessible) picture = console_find_prefix (screen->duty, ATSPI_ROLE_IMAGE, "Duty view: ");
  AtspiRect line = console_extents (screen->who);
  AtspiRect duty = console_extents (picture);

  g_test_message ("the console's page is %d px wide, the duty view %d px", line.width, duty.width);
  if (console_narrow_width () == 0)
    {
      g_assert_cmpint (duty.width, <, line.width * 3 / 4);
      return;
    }
  g_assert_cmpint (line.width, <=, console_narrow_width ());
  g_assert_cmpint (duty.width, >=, line.width * 9 / 10);
  step ("the duty view fills the narrow screen");
}

/* Operator A takes the duty from the wall: the duty view shows the room
 * live with its sound playing into the session's sink; the camera dies and
 * the alarm stands until acknowledged, all on the trail with the camera's
 * return; the duty is handed over to B (an empty summary refused in the
 * core's words) and B ends it from a console of their own. */
static void
test_duty (void)
{
  Centre centre = { 0 };
  Screen a = { 0 };
  Screen b = { 0 };
  g_autoptr(AtspiAccessible) room1 = NULL;
  g_autoptr(AtspiAccessible) picture = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) chosen = NULL;
  g_autoptr(AtspiAccessible) refused = NULL;
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autofree char *refusal = NULL;
  g_autofree char *colleague = NULL;
  g_autofree char *operator = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  gboolean sound;
  gint64 killed_at, seq;

  started_at = g_get_monotonic_time ();
  centre_open (&centre);
  step ("site made");
  sound = have_pipewire ();
  screen_open (&a, &centre, OPERATOR_A);

  /* Stage 2: the wall shows the room, and offers the duty. */
  room1 = console_find_prefix (a.wall, ATSPI_ROLE_PANEL, ROOM " — ");
  name = wait_name (room1, ", live", CONSOLE_DEADLINE_US);
  g_assert_nonnull (strstr (name, ROOM " — " FAMILY ", stage 2, recording, sound recorded"));
  g_assert_null (open_duty_operator (&centre));
  console_screenshot ("wall");
  press (a.wall, "Take Duty: " ROOM);

  /* The duty view: the room, large and live; the header says whose
   * duty. */
  seq = wait_entry (&centre, 0, OPERATOR_A, "duty-started", OF_FAMILY, "");
  operator = open_duty_operator (&centre);
  g_assert_cmpstr (operator, ==, OPERATOR_A);
  screen_find_duty (&a);
  g_free (wait_text (a.title, ROOM " — " FAMILY, CORE_WAIT_US));
  g_free (wait_text (a.state, "Live", CONSOLE_DEADLINE_US));
  picture = console_find_in (a.duty, ATSPI_ROLE_IMAGE, "Duty view: " ROOM " — " FAMILY ", live", NULL);
  text = wait_text (a.who, "on duty for " FAMILY, CORE_WAIT_US);
  g_assert_nonnull (strstr (text, "(operator), on duty for " FAMILY));
  wait_entry (&centre, seq, OPERATOR_A, "live-view-started", CAMERA, "");
  /* The room's sound reaches the meter, and plays as a PipeWire stream
   * named after the room, linked to the session's sink. */
  g_free (wait_text (a.level, " dB", CONSOLE_DEADLINE_US));
  if (sound)
    wait_stream (ROOM, TRUE);
  console_screenshot ("duty-view");
  assert_duty_fills_handheld (&a);

  /* The camera dies: within twice the 3 s deadline a banner names the
   * room, and the loss is on the trail. */
  camsim_kill (centre.room_camera);
  killed_at = g_get_monotonic_time ();
  g_free (text);
  text = wait_text (a.alarm, "Picture lost in " ROOM " at ", ALARM_DEADLINE_US);
  g_test_message ("the alarm stood %.2f s after the camera died", (g_get_monotonic_time () - killed_at) / 1e6);
  seq = wait_entry (&centre, seq, OPERATOR_A, "duty-alarm-lost", OF_FAMILY, "picture: ");
  console_screenshot ("alarm");

  press (a.duty, "Acknowledge Alarm");
  seq = wait_entry (&centre, seq, OPERATOR_A, "duty-alarm-acknowledged", OF_FAMILY, "picture");
  /* Acknowledged, the banner goes, its words with it. */
  console_wait_empty (a.alarm);

  /* The camera comes back: live again, and the return on the trail. */
  camsim_restart (centre.room_camera);
  seq = wait_entry (&centre, seq, OPERATOR_A, "duty-alarm-returned", OF_FAMILY, "picture");
  g_free (wait_text (a.state, "Live", CONSOLE_DEADLINE_US));
  console_screenshot ("camera-back");

  /* Handed over to B: an empty summary is refused in the core's words and
   * the duty stays A's; with the summary it is B's. */
  refusal = empty_summary_refusal (&centre);
  press (a.duty, "Hand Over…");
  dialog = console_find_window (a.console, "Hand Over Duty");
  colleague = colleague_name (&centre, OPERATOR_B);
  press (dialog, colleague);
  chosen = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Chosen colleague");
  g_free (text);
  text = wait_text (chosen, "Hand over to ", CORE_WAIT_US);
  g_assert_nonnull (strstr (text, OPERATOR_B));
  press (dialog, "Hand Over");
  refused = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  g_free (text);
  text = wait_text (refused, refusal, CORE_WAIT_US);
  g_assert_cmpstr (text, ==, refusal);
  g_free (operator);
  operator = open_duty_operator (&centre);
  g_assert_cmpstr (operator, ==, OPERATOR_A);
  console_screenshot ("empty-summary");

  summary = console_find_in (dialog, ATSPI_ROLE_TEXT, "Summary", NULL);
  console_type (summary, SUMMARY);
  press (dialog, "Hand Over");
  seq = wait_entry (&centre, seq, OPERATOR_A, "duty-handed-over", OF_FAMILY, "");
  g_free (operator);
  operator = open_duty_operator (&centre);
  g_assert_cmpstr (operator, ==, OPERATOR_B);
  expected = g_strdup_printf ("%s watches %s since ", OPERATOR_B, FAMILY);
  g_free (wait_text (a.coverage, expected, CORE_WAIT_US));
  wait_entry (&centre, 0, OPERATOR_A, "live-view-stopped", CAMERA, "handed over");
  /* A's duty view has gone, and with it the sound. */
  g_free (text);
  text = wait_text (a.who, "(operator)", CORE_WAIT_US);
  g_assert_null (strstr (text, "on duty"));
  if (sound)
    wait_stream (ROOM, FALSE);
  console_screenshot ("handed-over");

  /* B, at a console of their own, sees the duty and ends it with a
   * summary. */
  screen_open (&b, &centre, OPERATOR_B);
  g_free (wait_text (b.who, "on duty for " FAMILY, CONSOLE_DEADLINE_US));
  screen_find_duty (&b);
  g_free (wait_text (b.state, "Live", CONSOLE_DEADLINE_US));
  g_clear_object (&dialog);
  g_clear_object (&summary);
  press (b.duty, "End Duty…");
  dialog = console_find_window (b.console, "End Duty");
  summary = console_find_in (dialog, ATSPI_ROLE_TEXT, "Summary", NULL);
  console_type (summary, END_SUMMARY);
  press (dialog, "End Duty");
  seq = wait_entry (&centre, seq, OPERATOR_B, "duty-ended", OF_FAMILY, "ended the duty");
  g_free (operator);
  operator = open_duty_operator (&centre);
  g_assert_null (operator);
  wait_entry (&centre, 0, OPERATOR_B, "live-view-stopped", CAMERA, "duty ended");
  g_free (wait_text (b.coverage, "Nobody is on duty.", CORE_WAIT_US));
  g_free (wait_text (a.coverage, "Nobody is on duty.", CORE_WAIT_US));
  console_screenshot ("ended");

  screen_close (&b);
  screen_close (&a);
  vigil_test_assert_audit_intact (centre.site);
  centre_close (&centre);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-duty/take-watch-hand-over-end", test_duty);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
