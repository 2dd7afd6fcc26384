/* vigil-demo-site-records.c: what the demo site holds, and making it.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-demo-site-private.h"

/* The site is made through the core's public calls, as staff would make
 * one: every change is audited as the demo's manager or team lead. */

/* How the demo's logins and changes are marked in the trail. */
#define DEMO_VIA "demo"
#define DEMO_REASON "demo site"

typedef struct
{
  const char *username;
  const char *password;
  const char *display_name;
  guint       band;
  VigilRole   role;
  int         assessed_days_ago;
  int         refresher_due_in_days;  /* negative: overdue */
} DemoStaff;

/* The first is the site's first manager (its competency is the core's). */
static const DemoStaff demo_staff[] = {
  { "mgr", "demo-manager", "Morgan Price", 7, VIGIL_ROLE_MANAGER, 0, 0 },
  { "tlee", "demo-teamlead", "Tamsin Lee", 6, VIGIL_ROLE_TEAM_LEAD, 90, 275 },
  { "okhan", "demo-operator", "Omar Khan", 4, VIGIL_ROLE_OPERATOR, 30, 335 },
  { "jdavies", "demo-operator", "Jess Davies", 3, VIGIL_ROLE_OPERATOR, 200, 165 },
  /* Refused at login: band 1. */
  { "student", "demo-student", "Sam Student", 1, VIGIL_ROLE_OPERATOR, 10, 355 },
  /* Refused at login: the refresher fell due a month ago. */
  { "lapsed", "demo-lapsed", "Lee Parry", 4, VIGIL_ROLE_OPERATOR, 400, -35 },
};

enum { MANAGER, TEAM_LEAD };

typedef struct
{
  const char *name;
  const char *room;     /* NULL: communal */
  const char *path;     /* the camera's mount on vigil-camsim */
  const char *options;  /* the rest of its --camera spec */
  gboolean    audio;
} DemoCamera;

/* Replay cameras save the CPU that live encoding would take (a clip is
 * shared by cameras with the same picture and sound); the lounge is live,
 * so one picture shows its name and the wall clock. */
static const DemoCamera demo_cameras[] = {
  { "Room 1 camera", "Room 1", "room1", ",audio=pcmu,replay", TRUE },
  { "Room 2 camera", "Room 2", "room2", ",audio=aac,replay", TRUE },
  { "Room 3 camera", "Room 3", "room3", ",scene=night,replay", FALSE },
  { "Room 4 camera", "Room 4", "room4", ",scene=night,replay", FALSE },
  { "Room 5 camera", "Room 5", "room5", ",scene=night,replay", FALSE },
  { "Room 6 camera", "Room 6", "room6", ",scene=night,replay", FALSE },
  { "Room 7 camera", "Room 7", "room7", ",scene=still,replay", FALSE },
  { "Lounge", NULL, "lounge", "", FALSE },
  { "Kitchen", NULL, "kitchen", ",replay", FALSE },
  { "Corridor", NULL, "corridor", ",scene=still,replay", FALSE },
};

typedef struct
{
  const char       *case_ref;
  const char       *label;
  const char       *room;
  int               admitted_days_ago;
  VigilFamilyState  admitted_at;
  VigilFamilyState  now;
  gboolean          agreement_covers_audio;
} DemoFamily;

/* Every state a family can be in; Room 7 has nobody, so its view is
 * denied. */
static const DemoFamily demo_families[] = {
  { "LA-2026-014", "K.M.", "Room 1", 6, VIGIL_STATE_STAGE_1, VIGIL_STATE_STAGE_1, TRUE },
  { "LA-2026-019", "R.T.", "Room 2", 20, VIGIL_STATE_STAGE_1, VIGIL_STATE_STAGE_2, TRUE },
  { "LA-2026-021", "A.B.", "Room 3", 34, VIGIL_STATE_STAGE_2, VIGIL_STATE_STAGE_3, TRUE },
  { "LA-2026-008", "J.P.", "Room 4", 48, VIGIL_STATE_STAGE_4, VIGIL_STATE_STAGE_4, FALSE },
  { "LA-2026-002", "L.W.", "Room 5", 62, VIGIL_STATE_STAGE_4, VIGIL_STATE_OFF, FALSE },
  { "LA-2026-011", "D.H.", "Room 6", 41, VIGIL_STATE_STAGE_3, VIGIL_STATE_STAGE_4, TRUE },
};

enum { FAMILY_STAGE_1, FAMILY_STAGE_2, FAMILY_STAGE_3, FAMILY_STAGE_4, FAMILY_OFF, FAMILY_OVERRIDE };

/* Windows that recur every evening and night, in the site's zone. */
typedef struct
{
  guint       family;
  guint       start_minute;
  guint       end_minute;
  gboolean    audio;
  const char *purpose;
} DemoWindow;

static const DemoWindow demo_windows[] = {
  { FAMILY_STAGE_3, 19 * 60, 20 * 60, TRUE, "bedtime routine" },
  { FAMILY_STAGE_3, 2 * 60, 2 * 60 + 30, TRUE, "night feed" },
  { FAMILY_STAGE_4, 19 * 60 + 30, 20 * 60 + 15, FALSE, "bedtime routine" },
  { FAMILY_STAGE_4, 3 * 60, 3 * 60 + 30, FALSE, "night feed" },
  { FAMILY_STAGE_4, 7 * 60 + 30, 8 * 60 + 15, FALSE, "breakfast" },
  { FAMILY_OVERRIDE, 19 * 60, 19 * 60 + 45, FALSE, "bedtime routine" },
};

#define MINUTES_A_DAY (24 * 60)

const char * const *
vigil_demo_site_get_logins (void)
{
  static GStrv logins;

  if (g_once_init_enter (&logins))
    {
      GStrv lines = g_new0 (char *, G_N_ELEMENTS (demo_staff) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (demo_staff); i++)
        lines[i] = g_strdup_printf ("%s %s %s", demo_staff[i].username, demo_staff[i].password,
                                    vigil_role_to_string (demo_staff[i].role));
      g_once_init_leave (&logins, lines);
    }
  return (const char * const *) logins;
}

/* Dates and times in the site's zone
 * ------------------------------------------------------------------------ */

static GDateTime *
local_now (VigilSite *site)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (vigil_site_now (site) / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, vigil_site_get_time_zone (site));
}

/* The site's date @days from today ("YYYY-MM-DD"). */
static char *
date_from_today (VigilSite *site,
                 int        days)
{
  g_autoptr(GDateTime) now = local_now (site);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gboolean
window_holds (guint start,
              guint end,
              guint minute)
{
  /* An end not after the start runs past midnight. */
  if (end > start)
    return minute >= start && minute < end;
  return minute >= start || minute < end;
}

/* The marker
 * ------------------------------------------------------------------------ */

static char *
marker_path (const char *data_dir)
{
  return g_build_filename (data_dir, VIGIL_DEMO_SITE_MARKER, NULL);
}

static gboolean
write_marker (VigilSite  *site,
              gboolean    complete,
              GError    **error)
{
  g_autoptr(GKeyFile) marker = g_key_file_new ();
  g_autofree char *path = marker_path (vigil_site_get_data_dir (site));

  g_key_file_set_comment (marker, NULL, NULL, " Made by vigil --demo: this folder holds the demo site.", NULL);
  g_key_file_set_string (marker, "Demo", "site-id", vigil_site_get_id (site));
  g_key_file_set_boolean (marker, "Demo", "complete", complete);
  return g_key_file_save_to_file (marker, path, error);
}

/* A demo site is one named VIGIL_DEMO_SITE_NAME whose folder holds the
 * marker with its id: the name alone could be a real site's, and a marker
 * copied beside another site names another id. */
gboolean
vigil_demo_site_check_demo (VigilSite  *site,
            GError    **error)
{
  g_autoptr(GKeyFile) marker = g_key_file_new ();
  g_autofree char *path = marker_path (vigil_site_get_data_dir (site));
  g_autofree char *id = NULL;

  if (g_strcmp0 (vigil_site_get_name (site), VIGIL_DEMO_SITE_NAME) != 0 ||
      !g_key_file_load_from_file (marker, path, G_KEY_FILE_NONE, NULL) ||
      (id = g_key_file_get_string (marker, "Demo", "site-id", NULL)) == NULL ||
      !g_str_equal (id, vigil_site_get_id (site)))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
                   _("%s holds the site “%s”, which is not a demo site: the demo never changes a real site "
                     "(give it an empty folder, or leave out --data-dir)"),
                   vigil_site_get_data_dir (site), vigil_site_get_name (site));
      return FALSE;
    }
  if (!g_key_file_get_boolean (marker, "Demo", "complete", NULL))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("the demo site in %s is not finished: another vigil --demo is making it, or one was "
                     "stopped while making it (then remove that folder and start the demo again)"),
                   vigil_site_get_data_dir (site));
      return FALSE;
    }
  return TRUE;
}

/* With no site in it, a folder the demo may make one in: missing or empty. */
gboolean
vigil_demo_site_check_empty (const char  *data_dir,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);

  if (dir == NULL || g_dir_read_name (dir) == NULL)
    return TRUE;

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
               _("%s holds no site but is not empty: give the demo an empty folder, or a new one"), data_dir);
  return FALSE;
}

/* Making the site, through the core's calls
 * ------------------------------------------------------------------------ */

static VigilSession *
log_in (VigilSite  *site,
        guint       member,
        GError    **error)
{
  VigilSession *session = vigil_site_login (site, demo_staff[member].username, demo_staff[member].password,
                                            DEMO_VIA, error);

  if (session == NULL)
    g_prefix_error (error, _("the demo's %s could not log in: "), demo_staff[member].username);
  return session;
}

static gboolean
add_staff (VigilSite     *site,
           VigilSession  *manager,
           GError       **error)
{
  for (guint i = MANAGER + 1; i < G_N_ELEMENTS (demo_staff); i++)
    {
      const DemoStaff *member = &demo_staff[i];
      g_autoptr(VigilStaff) staff = vigil_staff_new (member->username, member->display_name, member->band,
                                                     member->role);
      g_autofree char *assessed_on = date_from_today (site, -member->assessed_days_ago);
      g_autofree char *refresher_due = date_from_today (site, member->refresher_due_in_days);

      /* The core takes a refresher already overdue as it is: the member
       * exists and is refused at login, as the demo wants. */
      vigil_staff_set_competency (staff, assessed_on, NULL, refresher_due);
      if (!vigil_site_add_staff (site, manager, staff, member->password, DEMO_REASON, error))
        {
          g_prefix_error (error, _("adding the demo's %s: "), member->username);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_rooms (VigilSite     *site,
           VigilSession  *manager,
           GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_cameras); i++)
    if (demo_cameras[i].room != NULL && !vigil_site_add_room (site, manager, demo_cameras[i].room, DEMO_REASON, error))
      return FALSE;
  return TRUE;
}

static gboolean
add_families (VigilSite     *site,
              VigilSession  *lead,
              GError       **error)
{
  g_autofree char *today = date_from_today (site, 0);
  g_autofree char *evidence = g_strdup_printf ("Weekly Placement Update %s", today);

  for (guint i = 0; i < G_N_ELEMENTS (demo_families); i++)
    {
      const DemoFamily *demo = &demo_families[i];
      g_autofree char *admitted_on = date_from_today (site, -demo->admitted_days_ago);
      g_autoptr(VigilFamily) family = vigil_family_new (demo->case_ref, demo->label, demo->room, admitted_on);
      g_autoptr(VigilStageChange) change = NULL;

      vigil_family_set_agreement (family, admitted_on, demo->agreement_covers_audio);
      if (!vigil_site_add_family (site, lead, family, demo->admitted_at, "admitted", error))
        return FALSE;
      if (demo->now == demo->admitted_at)
        continue;

      change = vigil_site_set_stage (site, lead, demo->case_ref, demo->now, 0,
                                     demo->now == VIGIL_STATE_OFF ? "placement going well: recording off"
                                                                  : "placement going well",
                                     evidence, NULL, error);
      if (change == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_window (VigilSite     *site,
            VigilSession  *lead,
            guint          family,
            VigilDays      days,
            const char    *date,
            guint          start_minute,
            guint          end_minute,
            gboolean       audio,
            const char    *purpose,
            GError       **error)
{
  g_autoptr(VigilWindow) window = vigil_window_new (days, date, start_minute % MINUTES_A_DAY,
                                                    end_minute % MINUTES_A_DAY, audio, purpose);
  g_autoptr(VigilWindow) added = vigil_site_add_window (site, lead, demo_families[family].case_ref, window, error);

  return added != NULL;
}

/* Tonight's windows: every evening's, and two that make the wall change
 * while the demo runs: the stage 3 room is in a window from now for two
 * hours (allowed now, a reason required after), and the stage 4 room's
 * next window begins within the next half hour (a reason required now,
 * allowed then). */
static gboolean
add_windows (VigilSite     *site,
             VigilSession  *lead,
             GError       **error)
{
  g_autoptr(GDateTime) now = local_now (site);
  guint minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
  guint check_in = minute - minute % 15;
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 15 + (15 - minute % 15));
  guint meal = g_date_time_get_hour (soon) * 60 + g_date_time_get_minute (soon);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *meal_day = g_date_time_format (soon, "%Y-%m-%d");

  for (guint i = 0; i < G_N_ELEMENTS (demo_windows); i++)
    {
      const DemoWindow *w = &demo_windows[i];

      /* The stage 4 room must want a reason now, whenever the demo is
       * made: an evening window that holds this minute is left out. */
      if (w->family == FAMILY_STAGE_4 && window_holds (w->start_minute, w->end_minute, minute))
        continue;
      if (!add_window (site, lead, w->family, VIGIL_DAY_MONDAY | VIGIL_DAY_TUESDAY | VIGIL_DAY_WEDNESDAY |
                       VIGIL_DAY_THURSDAY | VIGIL_DAY_FRIDAY | VIGIL_DAY_SATURDAY | VIGIL_DAY_SUNDAY, NULL,
                       w->start_minute, w->end_minute, w->audio, w->purpose, error))
        return FALSE;
    }

  return add_window (site, lead, FAMILY_STAGE_3, 0, today, check_in, check_in + 120, TRUE, "check-in", error) &&
         add_window (site, lead, FAMILY_STAGE_4, 0, meal_day, meal, meal + 30, FALSE, "mealtime", error);
}

static gboolean
start_override (VigilSite     *site,
                VigilSession  *lead,
                GError       **error)
{
  g_autoptr(VigilOverride) running = NULL;

  running = vigil_site_start_override (site, lead, demo_families[FAMILY_OVERRIDE].case_ref,
                                       "night staff heard the baby fall: recording on until the safeguarding review",
                                       0, error);
  return running != NULL;
}

/* A note with an addendum, so the family's notes have something to show. */
static gboolean
add_notes (VigilSite     *site,
           VigilSession  *lead,
           GError       **error)
{
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(VigilNote) addendum = NULL;

  note = vigil_site_add_note (site, lead, demo_families[FAMILY_STAGE_1].case_ref, VIGIL_NOTE_KIND_OBSERVATION,
                              0, 0, "Baby settled after the late feed; mother checked on him twice and "
                              "put him down on his back each time.", error);
  if (note == NULL)
    return FALSE;
  addendum = vigil_site_add_addendum (site, lead, vigil_note_get_id (note),
                                      "Correction: it was the father who did the second check.", error);
  return addendum != NULL;
}

/* Everything but the cameras, which wait for the camera server's port. */
static gboolean
build_site (VigilSite  *site,
            GError    **error)
{
  g_autoptr(VigilSession) manager = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(VigilWatchRequest) request = NULL;

  if ((manager = log_in (site, MANAGER, error)) == NULL ||
      !add_staff (site, manager, error) ||
      !add_rooms (site, manager, error) ||
      (lead = log_in (site, TEAM_LEAD, error)) == NULL ||
      !add_families (site, lead, error) ||
      !add_windows (site, lead, error) ||
      !start_override (site, lead, error) ||
      !add_notes (site, lead, error))
    return FALSE;

  /* Nobody takes it: the wall shows it uncovered until someone does. */
  request = vigil_site_request_watch (site, lead, demo_families[FAMILY_STAGE_2].case_ref,
                                      "parents asleep; baby unsettled after the late feed", error);
  return request != NULL;
}

/* An override lasts a day: a demo reopened later gets a new one, so there
 * is always one to see. */
gboolean
vigil_demo_site_renew (VigilSite  *site,
                GError    **error)
{
  g_autoptr(VigilOverride) running = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(GError) local_error = NULL;

  running = vigil_site_get_running_override (site, demo_families[FAMILY_OVERRIDE].case_ref, &local_error);
  if (running != NULL)
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if ((lead = log_in (site, TEAM_LEAD, error)) == NULL || !start_override (site, lead, error))
    return FALSE;
  return TRUE;
}

static char *
camera_url (const DemoCamera *camera,
            guint             port)
{
  return g_strdup_printf ("rtsp://127.0.0.1:%u/%s", port, camera->path);
}

/* Adds the cameras missing and points every camera at this run's camera
 * server, as the demo's manager. */
gboolean
vigil_demo_site_point_cameras (VigilSite  *site,
                guint       port,
                GError    **error)
{
  g_autoptr(VigilSession) manager = NULL;
  g_autofree char *reason = g_strdup_printf ("demo cameras served on port %u", port);

  for (guint i = 0; i < G_N_ELEMENTS (demo_cameras); i++)
    {
      const DemoCamera *demo = &demo_cameras[i];
      g_autofree char *url = camera_url (demo, port);
      g_autoptr(VigilCamera) camera = NULL;
      g_autoptr(GError) lookup_error = NULL;

      camera = vigil_site_lookup_camera (site, demo->name, &lookup_error);
      if (camera != NULL && g_strcmp0 (vigil_camera_get_url (camera), url) == 0)
        continue;
      if (camera == NULL && !g_error_matches (lookup_error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&lookup_error));
          return FALSE;
        }

      if (manager == NULL && (manager = log_in (site, MANAGER, error)) == NULL)
        return FALSE;

      if (camera == NULL)
        {
          g_autoptr(VigilCamera) added = vigil_camera_new (demo->name,
                                                           demo->room ? VIGIL_LOCATION_FAMILY_ROOM
                                                                      : VIGIL_LOCATION_COMMUNAL,
                                                           demo->room, url, NULL, demo->audio);

          if (!vigil_site_add_camera (site, manager, added, NULL, NULL, DEMO_REASON, error))
            return FALSE;
        }
      else if (!vigil_site_update_camera (site, manager, demo->name, url, NULL, VIGIL_CAMERA_AUDIO_UNCHANGED,
                                          NULL, NULL, reason, error))
        return FALSE;
    }

  return TRUE;
}

/* Makes the demo site in @data_dir, which holds no site; everything but
 * the cameras, which wait for the camera server's port. */
VigilSite *
vigil_demo_site_make (const char  *data_dir,
                      GError     **error)
{
  g_autoptr(VigilSite) site = NULL;

  if (!vigil_demo_site_check_empty (data_dir, error) ||
      (site = vigil_site_create (data_dir, VIGIL_DEMO_SITE_NAME, demo_staff[MANAGER].username,
                                 demo_staff[MANAGER].display_name, demo_staff[MANAGER].band,
                                 demo_staff[MANAGER].password, error)) == NULL ||
      /* Marked at once, so that a demo stopped half-made is known as the
       * demo's and never taken for a real site. */
      !write_marker (site, FALSE, error) ||
      !build_site (site, error) ||
      !write_marker (site, TRUE, error))
    return NULL;

  return g_steal_pointer (&site);
}

void
vigil_demo_site_add_camsim_args (GPtrArray *argv)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_cameras); i++)
    {
      g_ptr_array_add (argv, g_strdup ("--camera"));
      g_ptr_array_add (argv, g_strconcat (demo_cameras[i].path, demo_cameras[i].options, NULL));
    }
}
