/* test-console-core.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-core"

#include "config.h"

#include <string.h>

#include "site-async-fixture.h"

/* The core calls a console makes (vigil-site-console.h) and withdrawing a
 * watch request, on a real site in a temporary folder with a fixed clock:
 * live views as the centre's rules allow them, with the concern on the
 * record; locking, unlocking and logging out; the alarms of a duty; and the
 * _async twins giving the same answers. `vigilctl watch withdraw` is in
 * test-duty-cli.c. */

#define NOW          "2027-02-10T12:00:00Z"
#define STAFF_PASS   "console-password"
#define LOUNGE       "Lounge"
#define CAM_ALLOWED  "Cam 1"      /* Room 1: LA-1 at stage 1 */
#define CAM_CONCERN  "Cam 2"      /* Room 2: LA-3 at stage 3, no window */
#define CAM_DENIED   "Cam 3"      /* Room 3: nobody placed */
#define CONCERN      "Crying for 20 minutes and no answer at the door"
#define NOTE_BODY    "Mother settled the baby at 11:40."

typedef struct
{
  char         *dir;
  VigilSite    *site;
  VigilSession *olive;      /* operator */
  VigilSession *owen;       /* operator */
  VigilSession *terry;      /* team lead */
  gint64        now;
} Console;

static void
add_camera (VigilSite     *site,
            VigilSession  *manager,
            const char    *name,
            VigilLocation  location,
            const char    *room,
            const char    *path)
{
  g_autofree char *url = g_strdup_printf ("rtsp://127.0.0.1:8554/%s", path);
  g_autoptr(VigilCamera) camera = vigil_camera_new (name, location, room, url, NULL, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_camera (site, manager, camera, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
add_family (VigilSite        *site,
            VigilSession     *manager,
            const char       *case_ref,
            const char       *room,
            VigilFamilyState  stage)
{
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, "K.M.", room, "2027-02-01");
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, "2027-02-01", TRUE);
  g_assert_true (vigil_site_add_family (site, manager, family, stage, NULL, &error));
  g_assert_no_error (error);
}

static void
build_console_site (VigilSite    *site,
                    VigilSession *manager,
                    const char   *dir)
{
  g_autoptr(GError) error = NULL;
  const char *rooms[] = { "Room 1", "Room 2", "Room 3" };

  vigil_site_set_now_for_testing (site, vigil_test_instant (NOW));
  vigil_test_add_staff (site, manager, "olive", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, STAFF_PASS);
  vigil_test_add_staff (site, manager, "owen", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, STAFF_PASS);
  vigil_test_add_staff (site, manager, "terry", 6, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, STAFF_PASS);

  for (guint i = 0; i < G_N_ELEMENTS (rooms); i++)
    {
      g_assert_true (vigil_site_add_room (site, manager, rooms[i], NULL, &error));
      g_assert_no_error (error);
    }

  add_camera (site, manager, LOUNGE, VIGIL_LOCATION_COMMUNAL, NULL, "lounge");
  add_camera (site, manager, CAM_ALLOWED, VIGIL_LOCATION_FAMILY_ROOM, "Room 1", "room1");
  add_camera (site, manager, CAM_CONCERN, VIGIL_LOCATION_FAMILY_ROOM, "Room 2", "room2");
  add_camera (site, manager, CAM_DENIED, VIGIL_LOCATION_FAMILY_ROOM, "Room 3", "room3");
  add_family (site, manager, "LA-1", "Room 1", VIGIL_STATE_STAGE_1);
  add_family (site, manager, "LA-3", "Room 2", VIGIL_STATE_STAGE_3);
}

static void
console_set_up (Console       *c,
                gconstpointer  data)
{
  c->site = vigil_test_site_new_built (build_console_site, &c->dir);
  c->now = vigil_test_instant (NOW);
  vigil_site_set_now_for_testing (c->site, c->now);
  c->olive = vigil_test_login (c->site, "olive", STAFF_PASS);
  c->owen = vigil_test_login (c->site, "owen", STAFF_PASS);
  c->terry = vigil_test_login (c->site, "terry", STAFF_PASS);
}

static void
console_tear_down (Console       *c,
                   gconstpointer  data)
{
  VigilSession **sessions[] = { &c->olive, &c->owen, &c->terry };

  /* Whatever a test did, the trail it left verifies. */
  vigil_test_assert_audit_intact (c->site);

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    vigil_test_assert_finalize_soon (g_steal_pointer (sessions[i]));
  vigil_test_assert_finalize_soon (g_steal_pointer (&c->site));
  vigil_test_remove_dir (c->dir);
  g_clear_pointer (&c->dir, g_free);
}

/* ---- helpers ------------------------------------------------------------ */

static VigilAuditEntry *
entry_from_end (VigilSite *site,
                guint      back)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, back);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1 - back));
}

/* The last entry is @action by @actor about @object; @reason and @detail,
 * where given, are its reason and a part of its detail. */
static void
assert_last (VigilSite  *site,
             const char *actor,
             const char *action,
             const char *object,
             const char *reason,
             const char *detail_part)
{
  g_autoptr(VigilAuditEntry) entry = entry_from_end (site, 0);

  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, actor);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, action);
  g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, object);
  if (reason != NULL)
    g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, reason);
  if (detail_part != NULL && strstr (vigil_audit_entry_get_detail (entry), detail_part) == NULL)
    g_error ("detail “%s” does not say “%s”", vigil_audit_entry_get_detail (entry), detail_part);
}

static void
assert_error_says (GError     *error,
                   gint        code,
                   const char *needle)
{
  g_assert_error (error, VIGIL_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
}

static VigilDuty *
take_duty (Console      *c,
           VigilSession *session,
           const char   *case_ref)
{
  g_autoptr(GError) error = NULL;
  VigilDuty *duty = vigil_site_start_duty (c->site, session, case_ref, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (duty);
  return duty;
}

static gint64
failed_logins (Console    *c,
               const char *username)
{
  g_autofree char *sql = g_strdup_printf ("SELECT failed_logins FROM staff WHERE username = '%s'", username);

  return vigil_test_raw_int (c->dir, sql);
}

/* ---- live views --------------------------------------------------------- */

static void
test_live_view_allowed (Console       *c,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Stage 1: the family's room may be watched live, no reason asked. */
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, CAM_ALLOWED, NULL, &error), ==, 0);
  g_assert_no_error (error);
  assert_last (c->site, "olive", "live-view-started", "camera:" CAM_ALLOWED, "", "live-view=allowed");

  /* A communal camera: any logged-in member. */
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->owen, LOUNGE, NULL, &error), ==, 0);
  g_assert_no_error (error);
  assert_last (c->site, "owen", "live-view-started", "camera:" LOUNGE, "", NULL);

  g_assert_true (vigil_site_stop_live_view (c->site, c->olive, CAM_ALLOWED, "closed", &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "live-view-stopped", "camera:" CAM_ALLOWED, "closed", NULL);

  /* An unknown camera is nobody's to view, and nothing is written. */
  {
    gint64 before = vigil_test_count_audit (c->site);

    g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, "Cam 9", NULL, &error), ==, -1);
    assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "Cam 9");
    g_assert_cmpint (vigil_test_count_audit (c->site), ==, before);
  }
}

static void
test_live_view_reason_required (Console       *c,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *blanks[] = { NULL, "", "   \t " };
  gint64 before = vigil_test_count_audit (c->site);
  gint64 until;

  /* No concern, or a blank one: refused, naming the room; nothing written. */
  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, CAM_CONCERN, blanks[i], &error), ==, -1);
      assert_error_says (error, VIGIL_ERROR_INVALID, "A safeguarding concern is required to view Room 2");
      g_clear_error (&error);
    }
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, before);

  /* A concern of two lines would forge a second line in the trail. */
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, CAM_CONCERN, "one\ntwo", &error), ==, -1);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, before);

  /* Given: ten minutes from now, and the concern is on the record. */
  until = vigil_site_start_live_view (c->site, c->olive, CAM_CONCERN, "  " CONCERN " ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (until, ==, c->now + 600 * G_USEC_PER_SEC);
  g_assert_cmpint (until, ==, c->now + (gint64) VIGIL_CONCERN_VIEW_SECONDS * G_USEC_PER_SEC);
  assert_last (c->site, "olive", "live-view-started", "camera:" CAM_CONCERN, CONCERN, "until=2027-02-10T12:10:00");

  g_assert_true (vigil_site_stop_live_view (c->site, c->olive, CAM_CONCERN, "time up", &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "live-view-stopped", "camera:" CAM_CONCERN, "time up", NULL);
}

static void
test_live_view_denied (Console       *c,
                       gconstpointer  data)
{
  g_auto(VigilPolicyDecision) decision = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_explain_camera (c->site, CAM_DENIED, c->now, &decision, &error));
  g_assert_no_error (error);
  g_assert_cmpint (decision.live_view, ==, VIGIL_LIVE_VIEW_DENIED);

  /* A concern does not open a room with nobody placed in it. */
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, CAM_DENIED, CONCERN, &error), ==, -1);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, decision.basis);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "Room 3");

  /* The refusal is on the record, in the policy's words. */
  assert_last (c->site, "terry", "live-view-refused", "camera:" CAM_DENIED, decision.basis, "live-view=denied");
}

/* The operator on duty for the family in the room has their reason. */
static void
test_live_view_duty_holder (Console       *c,
                            gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) other = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  duty = take_duty (c, c->olive, "LA-3");
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, CAM_CONCERN, NULL, &error), ==, 0);
  g_assert_no_error (error);
  detail = g_strdup_printf ("duty=%" G_GINT64_FORMAT " family=LA-3", vigil_duty_get_id (duty));
  assert_last (c->site, "olive", "live-view-started", "camera:" CAM_CONCERN, "on duty for family LA-3", detail);

  /* Nobody else: a duty for another family, or none, is no reason here. */
  other = take_duty (c, c->owen, "LA-1");
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->owen, CAM_CONCERN, NULL, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_INVALID, "Room 2");
  g_clear_error (&error);
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, CAM_CONCERN, "", &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_INVALID, "Room 2");
  g_clear_error (&error);

  /* Once the duty has ended, its operator needs a concern like anyone. */
  ended = vigil_site_end_duty (c->site, c->olive, "LA-3", "Slept through.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, CAM_CONCERN, NULL, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_INVALID, "Room 2");
}

/* A member deactivated while logged in may no longer look. */
static void
test_live_view_deactivated (Console       *c,
                            gconstpointer  data)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (c->site);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_deactivate_staff (c->site, manager, "olive", "left the centre", &error));
  g_assert_no_error (error);

  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, LOUNGE, NULL, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "deactivated");
  assert_last (c->site, "olive", "permission-refused", "active-account", NULL, NULL);
  g_clear_error (&error);

  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, CAM_CONCERN, CONCERN, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "deactivated");
  g_clear_error (&error);

  /* Her console may still lock (it only shows less), but her password no
   * longer opens it. */
  g_assert_true (vigil_site_lock_session (c->site, c->olive, "idle", &error));
  g_assert_no_error (error);
  g_assert_false (vigil_site_unlock_session (c->site, c->olive, STAFF_PASS, &error));
  assert_error_says (error, VIGIL_ERROR_LOGIN_REFUSED, "account olive is deactivated");
  g_assert_true (vigil_session_is_locked (c->olive));
  assert_last (c->site, "olive", "unlock-refused", "staff:olive", "account olive is deactivated", NULL);

  vigil_test_assert_finalize_soon (g_steal_pointer (&manager));
}

/* The wall: a team lead starts it, and it shows nothing that needs a
 * reason, whatever it is given. */
static void
test_live_view_wall (Console       *c,
                     gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = vigil_test_count_audit (c->site);

  /* An operator may not, and the refusal is the only entry. */
  g_assert_false (vigil_site_start_wall (c->site, c->olive, 1, &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "run-wall");
  g_clear_error (&error);
  g_assert_false (vigil_session_is_wall (c->olive));
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, before + 1);
  assert_last (c->site, "olive", "permission-refused", "run-wall", NULL, NULL);

  g_assert_false (vigil_site_start_wall (c->site, c->terry, 0, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "at least one monitor");
  g_clear_error (&error);
  g_assert_false (vigil_session_is_wall (c->terry));

  /* Before the wall, a team lead's concern opens Room 2. */
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, CAM_CONCERN, CONCERN, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (vigil_site_stop_live_view (c->site, c->terry, CAM_CONCERN, "closed", &error));
  g_assert_no_error (error);

  g_assert_true (vigil_site_start_wall (c->site, c->terry, 2, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_session_is_wall (c->terry));
  assert_last (c->site, "terry", "wall-started", "staff:terry", "", "screens=2");
  g_assert_false (vigil_site_start_wall (c->site, c->terry, 2, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "already runs the wall");
  g_clear_error (&error);

  /* What anyone may see without a reason shows on the wall. */
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, CAM_ALLOWED, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, LOUNGE, NULL, &error), ==, 0);
  g_assert_no_error (error);

  /* A concern opens nothing there, nor does the team lead's own duty; each
   * refusal is on the record. */
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, CAM_CONCERN, CONCERN, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "Room 2 may be viewed only for a reason");
  g_clear_error (&error);
  assert_last (c->site, "terry", "live-view-refused", "camera:" CAM_CONCERN,
               "the wall shows no room that needs a reason", "wall");
  duty = take_duty (c, c->terry, "LA-3");
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, CAM_CONCERN, NULL, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "Room 2");
  g_clear_error (&error);
  assert_last (c->site, "terry", "live-view-refused", "camera:" CAM_CONCERN, NULL, "wall");
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->terry, CAM_DENIED, CONCERN, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "Room 3");
  g_clear_error (&error);

  /* Another session of the same team lead is an ordinary console's. */
  {
    g_autoptr(VigilSession) desk = vigil_test_login (c->site, "terry", STAFF_PASS);

    g_assert_false (vigil_session_is_wall (desk));
    g_assert_cmpint (vigil_site_start_live_view (c->site, desk, CAM_CONCERN, NULL, &error), ==, 0);
    g_assert_no_error (error);
    vigil_test_assert_finalize_soon (g_steal_pointer (&desk));
  }
}

/* ---- locking, unlocking, logging out ------------------------------------ */

static void
assert_locked_refusal (Console *c,
                       GError  *error)
{
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOCKED);
  g_assert_cmpstr (error->message, ==, "The console is locked: enter your password to go on.");
}

static void
test_lock_unlock (Console       *c,
                  gconstpointer  data)
{
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(GError) error = NULL;
  gint64 notes;

  g_assert_false (vigil_session_is_locked (c->olive));
  g_assert_true (vigil_site_lock_session (c->site, c->olive, "idle", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_session_is_locked (c->olive));
  assert_last (c->site, "olive", "session-locked", "staff:olive", "idle", NULL);

  /* Locking again changes nothing and writes nothing. */
  {
    gint64 before = vigil_test_count_audit (c->site);

    g_assert_true (vigil_site_lock_session (c->site, c->olive, "by hand", &error));
    g_assert_no_error (error);
    g_assert_cmpint (vigil_test_count_audit (c->site), ==, before);
  }

  /* A write and a footage call are refused, and their refusals kept. */
  notes = vigil_test_raw_int (c->dir, "SELECT count(*) FROM notes");
  note = vigil_site_add_note (c->site, c->olive, "LA-1", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, NOTE_BODY, &error);
  g_assert_null (note);
  assert_locked_refusal (c, error);
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_raw_int (c->dir, "SELECT count(*) FROM notes"), ==, notes);
  assert_last (c->site, "olive", "permission-refused", "unlocked-session", "the session is locked", "write a note");

  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, CAM_ALLOWED, NULL, &error), ==, -1);
  assert_locked_refusal (c, error);
  g_clear_error (&error);
  g_assert_null (vigil_site_request_watch (c->site, c->olive, "LA-1", NULL, &error));
  assert_locked_refusal (c, error);
  g_clear_error (&error);

  /* Someone else's session is not locked by hers. */
  g_assert_false (vigil_session_is_locked (c->owen));
  g_assert_cmpint (vigil_site_start_live_view (c->site, c->owen, CAM_ALLOWED, NULL, &error), ==, 0);
  g_assert_no_error (error);

  /* Stopping a view shows less: allowed while locked. */
  g_assert_true (vigil_site_stop_live_view (c->site, c->olive, CAM_ALLOWED, "locked", &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "live-view-stopped", "camera:" CAM_ALLOWED, "locked", NULL);

  /* A wrong password: refused as a login is, counted, audited. */
  g_assert_false (vigil_site_unlock_session (c->site, c->olive, "not-her-password", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  g_assert_cmpstr (error->message, ==, "wrong password");
  g_clear_error (&error);
  g_assert_true (vigil_session_is_locked (c->olive));
  g_assert_cmpint (failed_logins (c, "olive"), ==, 1);
  assert_last (c->site, "olive", "unlock-refused", "staff:olive", "wrong password", NULL);

  /* The right one unlocks, clears the count, and the note goes in. */
  g_assert_true (vigil_site_unlock_session (c->site, c->olive, STAFF_PASS, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_session_is_locked (c->olive));
  g_assert_cmpint (failed_logins (c, "olive"), ==, 0);
  assert_last (c->site, "olive", "session-unlocked", "staff:olive", "", NULL);

  note = vigil_site_add_note (c->site, c->olive, "LA-1", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, NOTE_BODY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
}

/* A locked-out member stays locked out, right password or not. */
static void
test_unlock_lockout (Console       *c,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint threshold = vigil_site_get_setting_uint (c->site, VIGIL_SETTING_LOCKOUT_THRESHOLD);

  g_assert_true (vigil_site_lock_session (c->site, c->olive, "by hand", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < threshold; i++)
    {
      g_assert_false (vigil_site_unlock_session (c->site, c->olive, "guess", &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
      if (i + 1 < threshold)
        g_clear_error (&error);
    }
  assert_error_says (error, VIGIL_ERROR_LOGIN_REFUSED, "locked after 5 failed attempts until");
  g_clear_error (&error);
  assert_last (c->site, "olive", "lockout", "staff:olive", NULL, NULL);

  g_assert_false (vigil_site_unlock_session (c->site, c->olive, STAFF_PASS, &error));
  assert_error_says (error, VIGIL_ERROR_LOGIN_REFUSED, "locked after 5 failed attempts until");
  g_clear_error (&error);
  g_assert_true (vigil_session_is_locked (c->olive));
  assert_last (c->site, "olive", "unlock-refused", "staff:olive", NULL, NULL);

  /* Once the lockout has run out, her password opens it again. */
  vigil_site_set_now_for_testing (c->site, c->now + 16 * 60 * G_USEC_PER_SEC);
  g_assert_true (vigil_site_unlock_session (c->site, c->olive, STAFF_PASS, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_session_is_locked (c->olive));
}

static void
test_logout (Console       *c,
             gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  gint64 before;

  duty = take_duty (c, c->olive, "LA-1");
  g_assert_true (vigil_site_logout (c->site, c->olive, &error));
  g_assert_no_error (error);
  /* Her duty goes on (it ends only with its summary): the entry says so. */
  detail = g_strdup_printf ("duty=%" G_GINT64_FORMAT " family=LA-1 still open", vigil_duty_get_id (duty));
  assert_last (c->site, "olive", "logout", "staff:olive", "", detail);

  /* Everything afterwards is refused: writes, footage, even the calls a
   * locked session may make. */
  note = vigil_site_add_note (c->site, c->olive, "LA-1", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, NOTE_BODY, &error);
  g_assert_null (note);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "the session has ended");
  g_clear_error (&error);
  assert_last (c->site, "olive", "permission-refused", "open-session", NULL, "write a note");

  g_assert_cmpint (vigil_site_start_live_view (c->site, c->olive, LOUNGE, NULL, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "the session has ended");
  g_clear_error (&error);
  g_assert_false (vigil_site_record_duty_alarm (c->site, c->olive, "LA-1", VIGIL_DUTY_ALARM_LOST, "picture",
                                                &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "the session has ended");
  g_clear_error (&error);

  before = vigil_test_count_audit (c->site);
  g_assert_false (vigil_site_lock_session (c->site, c->olive, "idle", &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "the session has ended");
  g_clear_error (&error);
  g_assert_false (vigil_site_unlock_session (c->site, c->olive, STAFF_PASS, &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "the session has ended");
  g_clear_error (&error);
  g_assert_false (vigil_site_logout (c->site, c->olive, &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "the session has ended");
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, before);
}

/* ---- a duty's alarms ---------------------------------------------------- */

static void
test_duty_alarm (Console       *c,
                 gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  gint64 before;

  duty = take_duty (c, c->olive, "LA-3");
  detail = g_strdup_printf ("duty=%" G_GINT64_FORMAT, vigil_duty_get_id (duty));

  g_assert_true (vigil_site_record_duty_alarm (c->site, c->olive, "LA-3", VIGIL_DUTY_ALARM_LOST,
                                               "picture: no signal since 12:00:00", &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "duty-alarm-lost", "family:LA-3", "picture: no signal since 12:00:00", detail);

  /* Only the operator on duty for the family records its alarms. */
  before = vigil_test_count_audit (c->site);
  g_assert_false (vigil_site_record_duty_alarm (c->site, c->terry, "LA-3", VIGIL_DUTY_ALARM_ACKNOWLEDGED,
                                                "picture", &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "olive is on duty for it");
  g_clear_error (&error);
  g_assert_false (vigil_site_record_duty_alarm (c->site, c->olive, "LA-1", VIGIL_DUTY_ALARM_LOST,
                                                "sound", &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "nobody is on duty for it");
  g_clear_error (&error);
  g_assert_false (vigil_site_record_duty_alarm (c->site, c->olive, "ZZ-9", VIGIL_DUTY_ALARM_LOST,
                                                "sound", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, before);

  /* An alarm never waits for a password. */
  g_assert_true (vigil_site_lock_session (c->site, c->olive, "idle", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_record_duty_alarm (c->site, c->olive, "LA-3", VIGIL_DUTY_ALARM_ACKNOWLEDGED,
                                               "picture", &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "duty-alarm-acknowledged", "family:LA-3", "picture", detail);
  g_assert_true (vigil_site_record_duty_alarm (c->site, c->olive, "LA-3", VIGIL_DUTY_ALARM_RETURNED,
                                               "picture", &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "duty-alarm-returned", "family:LA-3", "picture", detail);
  g_assert_true (vigil_session_is_locked (c->olive));
}

/* ---- withdrawing a watch request ---------------------------------------- */

static guint
uncovered_count (Console *c)
{
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_get_coverage (c->site, &duties, &uncovered, &error));
  g_assert_no_error (error);
  return uncovered->len;
}

static void
request (Console      *c,
         VigilSession *session,
         const char   *case_ref)
{
  g_autoptr(VigilWatchRequest) raised = NULL;
  g_autoptr(GError) error = NULL;

  raised = vigil_site_request_watch (c->site, session, case_ref, "parents asleep", &error);
  g_assert_no_error (error);
  g_assert_nonnull (raised);
}

static void
test_withdraw_watch (Console       *c,
                     gconstpointer  data)
{
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before;

  request (c, c->olive, "LA-1");
  g_assert_cmpuint (uncovered_count (c), ==, 1);

  /* A reason is required; a blank one is none. */
  before = vigil_test_count_audit (c->site);
  g_assert_false (vigil_site_withdraw_watch (c->site, c->olive, "LA-1", "  ", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_assert_false (vigil_site_check_watch_withdraw (c->site, NULL, "LA-1", NULL, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "reason");
  g_clear_error (&error);

  /* Another operator may not withdraw her request … */
  g_assert_false (vigil_site_check_watch_withdraw (c->site, c->owen, "LA-1", "not needed", &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "allocate-duties");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (c->site), ==, before);
  g_assert_false (vigil_site_withdraw_watch (c->site, c->owen, "LA-1", "not needed", &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "allocate-duties");
  g_clear_error (&error);
  assert_last (c->site, "owen", "permission-refused", "allocate-duties", NULL, NULL);
  g_assert_cmpuint (uncovered_count (c), ==, 1);

  /* … a team lead may, and it is no longer uncovered. */
  g_assert_true (vigil_site_check_watch_withdraw (c->site, c->terry, "LA-1", "parents awake", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_withdraw_watch (c->site, c->terry, "la-1", " parents awake ", &error));
  g_assert_no_error (error);
  assert_last (c->site, "terry", "watch-withdrawn", "family:LA-1", "parents awake", "raised-by=olive");
  g_assert_cmpuint (uncovered_count (c), ==, 0);

  /* Withdrawn already: said so, with who and when. */
  g_assert_false (vigil_site_withdraw_watch (c->site, c->olive, "LA-1", "again", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "terry withdrew it at 2027-02-10 12:00 GMT");
  g_clear_error (&error);

  /* The raiser withdraws her own without allocate-duties. */
  request (c, c->owen, "LA-1");
  g_assert_true (vigil_site_withdraw_watch (c->site, c->owen, "LA-1", "raised by mistake", &error));
  g_assert_no_error (error);
  assert_last (c->site, "owen", "watch-withdrawn", "family:LA-1", "raised by mistake", NULL);

  /* Covered by a duty: said so. And a family never asked for. */
  request (c, c->olive, "LA-3");
  duty = take_duty (c, c->owen, "LA-3");
  g_assert_false (vigil_site_withdraw_watch (c->site, c->olive, "LA-3", "not needed", &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "owen is on duty for the family");
  g_clear_error (&error);
  g_assert_false (vigil_site_check_watch_withdraw (c->site, NULL, "ZZ-9", "not needed", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Locked: refused like any write. */
  request (c, c->olive, "LA-1");
  g_assert_true (vigil_site_lock_session (c->site, c->olive, "idle", &error));
  g_assert_no_error (error);
  g_assert_false (vigil_site_withdraw_watch (c->site, c->olive, "LA-1", "not needed", &error));
  assert_locked_refusal (c, error);
  g_assert_cmpuint (uncovered_count (c), ==, 1);
}

/* A data file of schema 3, with requests open and closed, moves to schema
 * 4 on opening: its requests keep their state, none reads as withdrawn, and
 * the open one can be withdrawn. */
static void
test_withdraw_migration (void)
{
  if (vigil_test_skip_on_postgres ("a migration from an older SQLite file (PostgreSQL sites start at schema 7)"))
    return;

  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new_built (build_console_site, &dir);
  g_autoptr(VigilSession) terry = NULL;
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_raw_undo_schema_5 (dir);
  vigil_test_raw_exec (dir,
                       "ALTER TABLE watch_requests DROP COLUMN withdrawn_reason;"
                       "PRAGMA user_version = 3;"
                       "INSERT INTO watch_requests (family_id, requested_at, requested_by, reason, closed_at, closed_by)"
                       " SELECT id, 1, 'olive', 'asleep', 2, 'owen' FROM families WHERE case_ref = 'LA-1';"
                       "INSERT INTO watch_requests (family_id, requested_at, requested_by, reason)"
                       " SELECT id, 3, 'olive', 'asleep' FROM families WHERE case_ref = 'LA-1';");
  g_assert_cmpint (vigil_test_raw_int (dir, "PRAGMA user_version"), ==, 3);

  site = vigil_test_site_open (dir);
  g_assert_cmpint (vigil_test_raw_int (dir, "PRAGMA user_version"), ==, VIGIL_STORE_SCHEMA_VERSION);
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT count(*) FROM watch_requests WHERE withdrawn_reason IS NULL"),
                   ==, 2);
  vigil_site_set_now_for_testing (site, vigil_test_instant (NOW));

  g_assert_true (vigil_site_get_coverage (site, &duties, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uncovered->len, ==, 1);
  g_assert_null (vigil_watch_request_get_withdrawn_reason (g_ptr_array_index (uncovered, 0)));

  /* The schema holds a withdrawal to its rules: a reason, and closed. */
  {
    g_autofree char *refused = vigil_test_raw_try (dir, "UPDATE watch_requests SET withdrawn_reason = 'x'"
                                                        " WHERE closed_at IS NULL");
    g_assert_nonnull (refused);
  }

  terry = vigil_test_login (site, "terry", STAFF_PASS);
  g_assert_true (vigil_site_withdraw_watch (site, terry, "LA-1", "parents awake", &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_test_raw_int (dir, "SELECT count(*) FROM watch_requests"
                                            " WHERE withdrawn_reason = 'parents awake' AND closed_by = 'terry'"),
                   ==, 1);

  g_assert_finalize_object (g_steal_pointer (&terry));
  g_assert_finalize_object (g_steal_pointer (&site));
  vigil_test_remove_dir (dir);
}

/* ---- the _async twins ---------------------------------------------------- */

static GAsyncResult *
await (GAsyncResult **slot)
{
  return async_await_slot (slot);
}

static void
test_async (Console       *c,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  GAsyncResult *slot = NULL;
  gint64 until;

  /* Reason required: refused without a concern, ten minutes with one. */
  vigil_site_start_live_view_async (c->site, c->olive, CAM_CONCERN, "", NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_cmpint (vigil_site_start_live_view_finish (c->site, result, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_INVALID, "A safeguarding concern is required to view Room 2");
  g_clear_error (&error);
  g_clear_object (&result);

  vigil_site_start_live_view_async (c->site, c->olive, CAM_CONCERN, CONCERN, NULL, async_got_result, &slot);
  result = await (&slot);
  until = vigil_site_start_live_view_finish (c->site, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (until, ==, c->now + 600 * G_USEC_PER_SEC);
  assert_last (c->site, "olive", "live-view-started", "camera:" CAM_CONCERN, CONCERN, NULL);
  g_clear_object (&result);

  vigil_site_start_live_view_async (c->site, c->olive, CAM_ALLOWED, NULL, NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_cmpint (vigil_site_start_live_view_finish (c->site, result, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_object (&result);

  vigil_site_start_live_view_async (c->site, c->olive, CAM_DENIED, CONCERN, NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_cmpint (vigil_site_start_live_view_finish (c->site, result, &error), ==, -1);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "Room 3");
  g_clear_error (&error);
  g_clear_object (&result);

  vigil_site_stop_live_view_async (c->site, c->olive, CAM_CONCERN, "closed", NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_true (vigil_site_stop_live_view_finish (c->site, result, &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "live-view-stopped", "camera:" CAM_CONCERN, "closed", NULL);
  g_clear_object (&result);

  /* A lock holds from the moment it is asked for. */
  duty = take_duty (c, c->olive, "LA-3");
  vigil_site_lock_session_async (c->site, c->olive, "idle", NULL, async_got_result, &slot);
  g_assert_true (vigil_session_is_locked (c->olive));
  result = await (&slot);
  g_assert_true (vigil_site_lock_session_finish (c->site, result, &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "session-locked", "staff:olive", "idle", NULL);
  g_clear_object (&result);

  vigil_site_start_live_view_async (c->site, c->olive, LOUNGE, NULL, NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_cmpint (vigil_site_start_live_view_finish (c->site, result, &error), ==, -1);
  assert_locked_refusal (c, error);
  g_clear_error (&error);
  g_clear_object (&result);

  vigil_site_record_duty_alarm_async (c->site, c->olive, "LA-3", VIGIL_DUTY_ALARM_LOST, "sound", NULL,
                                      async_got_result, &slot);
  result = await (&slot);
  g_assert_true (vigil_site_record_duty_alarm_finish (c->site, result, &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "duty-alarm-lost", "family:LA-3", "sound", NULL);
  g_clear_object (&result);

  vigil_site_record_duty_alarm_async (c->site, c->owen, "LA-3", VIGIL_DUTY_ALARM_LOST, "sound", NULL,
                                      async_got_result, &slot);
  result = await (&slot);
  g_assert_false (vigil_site_record_duty_alarm_finish (c->site, result, &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "olive is on duty for it");
  g_clear_error (&error);
  g_clear_object (&result);

  vigil_site_unlock_session_async (c->site, c->olive, "wrong", NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_false (vigil_site_unlock_session_finish (c->site, result, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
  g_clear_error (&error);
  g_assert_true (vigil_session_is_locked (c->olive));
  assert_last (c->site, "olive", "unlock-refused", "staff:olive", "wrong password", NULL);
  g_clear_object (&result);

  vigil_site_unlock_session_async (c->site, c->olive, STAFF_PASS, NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_true (vigil_site_unlock_session_finish (c->site, result, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_session_is_locked (c->olive));
  assert_last (c->site, "olive", "session-unlocked", "staff:olive", "", NULL);
  g_clear_object (&result);

  request (c, c->owen, "LA-1");
  vigil_site_withdraw_watch_async (c->site, c->owen, "LA-1", "", NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_false (vigil_site_withdraw_watch_finish (c->site, result, &error));
  assert_error_says (error, VIGIL_ERROR_INVALID, "reason");
  g_clear_error (&error);
  g_clear_object (&result);

  vigil_site_withdraw_watch_async (c->site, c->owen, "LA-1", "parents awake", NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_true (vigil_site_withdraw_watch_finish (c->site, result, &error));
  g_assert_no_error (error);
  assert_last (c->site, "owen", "watch-withdrawn", "family:LA-1", "parents awake", NULL);
  g_assert_cmpuint (uncovered_count (c), ==, 0);
  g_clear_object (&result);

  vigil_site_logout_async (c->site, c->olive, NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_true (vigil_site_logout_finish (c->site, result, &error));
  g_assert_no_error (error);
  assert_last (c->site, "olive", "logout", "staff:olive", "", NULL);
  g_clear_object (&result);

  vigil_site_logout_async (c->site, c->olive, NULL, async_got_result, &slot);
  result = await (&slot);
  g_assert_false (vigil_site_logout_finish (c->site, result, &error));
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "the session has ended");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  main_loop = g_main_loop_new (NULL, FALSE);

#define ADD(path, func) \
  g_test_add ("/console-core/" path, Console, NULL, console_set_up, func, console_tear_down)

  ADD ("live-view/allowed", test_live_view_allowed);
  ADD ("live-view/reason-required", test_live_view_reason_required);
  ADD ("live-view/denied", test_live_view_denied);
  ADD ("live-view/duty-holder", test_live_view_duty_holder);
  ADD ("live-view/deactivated", test_live_view_deactivated);
  ADD ("live-view/wall", test_live_view_wall);
  ADD ("session/lock-unlock", test_lock_unlock);
  ADD ("session/unlock-lockout", test_unlock_lockout);
  ADD ("session/logout", test_logout);
  ADD ("duty-alarm", test_duty_alarm);
  ADD ("watch/withdraw", test_withdraw_watch);
  g_test_add_func ("/console-core/watch/schema-4-migration", test_withdraw_migration);
  ADD ("async", test_async);

#undef ADD

  status = g_test_run ();
  g_main_loop_unref (main_loop);
  return status;
}
