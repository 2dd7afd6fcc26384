/* vigil-demo-site.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "vigil-demo-site.h"

/* A demo anyone can start on a machine with no cameras: a site made
 * through the core's public calls, as staff would make one (every change
 * is audited as the demo's manager or team lead), and simulated cameras
 * from one vigil-camsim. */

/* Replay cameras encode their clips before the ready line, on a machine
 * that may be busy building. */
#define CAMSIM_READY_SECONDS 30
#define CAMSIM_STOP_US (5 * G_USEC_PER_SEC)

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

struct _VigilDemoSite
{
  GObject parent_instance;

  char        *data_dir;
  VigilSite   *site;
  gboolean     created;
  gboolean     starting;
  GSubprocess *camsim;
  guint        port;
};

G_DEFINE_FINAL_TYPE (VigilDemoSite, vigil_demo_site, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_SITE,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
vigil_demo_site_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigil-demo", NULL);
}

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

/* Running from the build folder: the camera server built beside it, so a
 * fresh build needs no install and never runs an older installed one. */
static char *
built_camsim (void)
{
#if defined (VIGIL_BUILD_CONSOLE) && defined (VIGIL_BUILD_CAMSIM)
  g_autofree char *running = g_file_read_link ("/proc/self/exe", NULL);
  char built[PATH_MAX];

  if (running != NULL && realpath (VIGIL_BUILD_CONSOLE, built) != NULL && g_str_equal (running, built) &&
      g_file_test (VIGIL_BUILD_CAMSIM, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (VIGIL_BUILD_CAMSIM);
#endif
  return NULL;
}

char *
vigil_demo_site_find_camsim (GError **error)
{
  const char *named = g_getenv ("VIGIL_CAMSIM");
  char *found;

  if (named != NULL && *named != '\0')
    {
      if (g_file_test (named, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (named, G_FILE_TEST_IS_DIR))
        return g_strdup (named);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("VIGIL_CAMSIM names %s, which is not a program"), named);
      return NULL;
    }

  if ((found = built_camsim ()) != NULL)
    return found;
#ifdef VIGIL_INSTALLED_CAMSIM
  if (g_file_test (VIGIL_INSTALLED_CAMSIM, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (VIGIL_INSTALLED_CAMSIM);
#endif
  if ((found = g_find_program_in_path ("vigil-camsim")) != NULL)
    return found;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("the demo's cameras need vigil-camsim, which is neither installed nor on the PATH: "
                 "install Vigil, or set VIGIL_CAMSIM to the built one"));
  return NULL;
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
static gboolean
check_demo (VigilSite  *site,
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
                   _("the demo site in %s was never finished (it was stopped while being made): "
                     "remove that folder and start the demo again"),
                   vigil_site_get_data_dir (site));
      return FALSE;
    }
  return TRUE;
}

/* With no site in it, a folder the demo may make one in: missing or empty. */
static gboolean
check_empty (const char  *data_dir,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);

  if (dir == NULL || g_dir_read_name (dir) == NULL)
    return TRUE;

  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS,
               _("%s holds no site but is not empty: give the demo an empty folder, or a new one"), data_dir);
  return FALSE;
}

gboolean
vigil_demo_site_check_folder (const char  *data_dir,
                              GError     **error)
{
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) open_error = NULL;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  site = vigil_site_open (data_dir, &open_error);
  if (site != NULL)
    return check_demo (site, error);
  if (g_error_matches (open_error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE))
    return check_empty (data_dir, error);

  g_propagate_error (error, g_steal_pointer (&open_error));
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
static gboolean
renew_override (VigilSite  *site,
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
static gboolean
ensure_cameras (VigilSite  *site,
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

/* Starting
 * ------------------------------------------------------------------------ */

typedef struct
{
  char         *data_dir;

  /* The site's part, on a thread of its own. */
  VigilSite    *site;
  gboolean      created;
  gboolean      site_done;

  /* The camera server's part, on the main context. */
  GDataInputStream *camsim_out;
  GCancellable *ready_cancellable;
  GSource      *ready_timeout;
  gboolean      timed_out;
  guint         port;
  gboolean      camsim_done;

  GError       *error;
} Start;

static void
start_free (gpointer data)
{
  Start *start = data;

  g_free (start->data_dir);
  g_clear_object (&start->site);
  g_clear_object (&start->camsim_out);
  g_clear_object (&start->ready_cancellable);
  if (start->ready_timeout != NULL)
    g_source_destroy (start->ready_timeout);
  g_clear_pointer (&start->ready_timeout, g_source_unref);
  g_clear_error (&start->error);
  g_free (start);
}

static void
prepare_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Start *start = task_data;
  g_autoptr(VigilSite) site = NULL;
  g_autoptr(GError) error = NULL;
  gint64 begun = g_get_monotonic_time ();

  site = vigil_site_open (start->data_dir, &error);
  if (site != NULL)
    {
      if (!check_demo (site, &error) || !renew_override (site, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_NO_SITE))
    {
      g_clear_error (&error);
      if (!check_empty (start->data_dir, &error) ||
          (site = vigil_site_create (start->data_dir, VIGIL_DEMO_SITE_NAME, demo_staff[MANAGER].username,
                                     demo_staff[MANAGER].display_name, demo_staff[MANAGER].band,
                                     demo_staff[MANAGER].password, &error)) == NULL ||
          /* Marked at once, so that a demo stopped half-made is known as
           * the demo's and never taken for a real site. */
          !write_marker (site, FALSE, &error) ||
          !build_site (site, &error) ||
          !write_marker (site, TRUE, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      start->created = TRUE;
    }
  else
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Demo site %s in %s in %.2f s", start->created ? "made" : "opened", start->data_dir,
           (g_get_monotonic_time () - begun) / 1e6);
  start->site = g_steal_pointer (&site);
  g_task_return_boolean (task, TRUE);
}

static void
cameras_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Start *start = task_data;
  GError *error = NULL;

  if (!ensure_cameras (start->site, start->port, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
fail (Start  *start,
      GError *error)
{
  if (start->error == NULL)
    start->error = error;
  else
    g_error_free (error);
}

static void
on_cameras_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);
  g_autoptr(GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  GError *error = NULL;

  self->starting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      vigil_demo_site_stop (self);
      g_task_return_error (task, error);
      return;
    }

  g_set_object (&self->site, start->site);
  self->created = start->created;
  self->port = start->port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_task_return_pointer (task, g_object_ref (start->site), g_object_unref);
}

/* Both halves are in: the cameras, or the first error. */
static void
maybe_finish (GTask *task)
{
  VigilDemoSite *self = g_task_get_source_object (task);
  Start *start = g_task_get_task_data (task);
  g_autoptr(GTask) cameras = NULL;

  if (!start->site_done || !start->camsim_done)
    return;

  if (start->error != NULL)
    {
      self->starting = FALSE;
      vigil_demo_site_stop (self);
      g_task_return_error (task, g_steal_pointer (&start->error));
      g_object_unref (task);
      return;
    }

  cameras = g_task_new (self, g_task_get_cancellable (task), on_cameras_ready, task);
  g_task_set_task_data (cameras, start, NULL);
  g_task_run_in_thread (cameras, cameras_in_thread);
}

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    fail (start, error);
  start->site_done = TRUE;
  maybe_finish (task);
}

static gboolean
on_ready_timeout (gpointer user_data)
{
  Start *start = user_data;

  start->timed_out = TRUE;
  g_cancellable_cancel (start->ready_cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_ready_line (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr(GRegex) ready = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  g_source_destroy (start->ready_timeout);
  g_clear_pointer (&start->ready_timeout, g_source_unref);
  start->camsim_done = TRUE;

  ready = g_regex_new ("^vigil-camsim: serving [0-9]+ cameras? on rtsp://127\\.0\\.0\\.1:([0-9]+)/$", 0, 0, NULL);
  if (line != NULL && g_regex_match (ready, line, 0, &match))
    {
      g_autofree char *port = g_match_info_fetch (match, 1);

      start->port = (guint) g_ascii_strtoull (port, NULL, 10);
    }
  else if (start->timed_out)
    fail (start, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                              _("the demo's camera server (vigil-camsim) was not ready within %d s"),
                              CAMSIM_READY_SECONDS));
  else if (error != NULL)
    fail (start, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                              _("could not read from the demo's camera server (vigil-camsim): %s"),
                              error->message));
  else
    fail (start, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                              _("the demo's camera server (vigil-camsim) stopped before it was ready%s%s"),
                              line ? ": " : " (its error is above)", line ? line : ""));
  maybe_finish (task);
}

/* The server dies with the console, even one that crashed. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn_camsim (GError **error)
{
  g_autofree char *program = vigil_demo_site_find_camsim (error);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;

  if (program == NULL)
    return NULL;

  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_steal_pointer (&program));
  g_ptr_array_add (argv, g_strdup ("--address"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  for (guint i = 0; i < G_N_ELEMENTS (demo_cameras); i++)
    {
      g_ptr_array_add (argv, g_strdup ("--camera"));
      g_ptr_array_add (argv, g_strconcat (demo_cameras[i].path, demo_cameras[i].options, NULL));
    }
  g_ptr_array_add (argv, NULL);

  /* Its error, if any, is one line on the console's standard error. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

void
vigil_demo_site_start_async (VigilDemoSite       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) prepare = NULL;
  GTask *task;
  Start *start;
  GError *error = NULL;

  g_return_if_fail (VIGIL_IS_DEMO_SITE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_demo_site_start_async);
  if (self->starting || self->camsim != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, _("the demo site is already started"));
      g_object_unref (task);
      return;
    }

  start = g_new0 (Start, 1);
  start->data_dir = g_strdup (self->data_dir);
  g_task_set_task_data (task, start, start_free);
  self->starting = TRUE;

  /* On this thread, which lives as long as the console: the server is
   * told to stop when the thread that started it ends. */
  self->camsim = spawn_camsim (&error);
  if (self->camsim == NULL)
    {
      fail (start, error);
      start->camsim_done = TRUE;
    }
  else
    {
      start->camsim_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->camsim));
      /* The pipe stays open with the process: a server whose output was
       * closed would die of SIGPIPE if it wrote again. */
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (start->camsim_out), FALSE);
      start->ready_cancellable = g_cancellable_new ();
      start->ready_timeout = g_timeout_source_new_seconds (CAMSIM_READY_SECONDS);
      g_source_set_callback (start->ready_timeout, on_ready_timeout, start, NULL);
      g_source_attach (start->ready_timeout, g_main_context_get_thread_default ());
      g_data_input_stream_read_line_async (start->camsim_out, G_PRIORITY_DEFAULT, start->ready_cancellable,
                                           on_ready_line, task);
    }

  prepare = g_task_new (self, cancellable, on_prepared, task);
  g_task_set_task_data (prepare, start, NULL);
  g_task_run_in_thread (prepare, prepare_in_thread);
}

VigilSite *
vigil_demo_site_start_finish (VigilDemoSite  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Stopping
 * ------------------------------------------------------------------------ */

static void
on_camsim_exited (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

static gboolean
on_stop_deadline (gpointer user_data)
{
  gboolean *late = user_data;

  *late = TRUE;
  return G_SOURCE_REMOVE;
}

void
vigil_demo_site_stop (VigilDemoSite *self)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GSource) deadline = NULL;
  gboolean exited = FALSE;
  gboolean late = FALSE;

  g_return_if_fail (VIGIL_IS_DEMO_SITE (self));

  if (self->camsim == NULL)
    return;

  /* Waited for on a context of its own, so that the console's main loop
   * runs nothing else meanwhile (it may be shutting down). */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  g_subprocess_send_signal (self->camsim, SIGTERM);
  g_subprocess_wait_async (self->camsim, NULL, on_camsim_exited, &exited);
  deadline = g_timeout_source_new (CAMSIM_STOP_US / 1000);
  g_source_set_callback (deadline, on_stop_deadline, &late, NULL);
  g_source_attach (deadline, context);
  while (!exited && !late)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);
  if (!exited)
    {
      g_warning ("The demo's camera server did not stop within %d s: killing it",
                 (int) (CAMSIM_STOP_US / G_USEC_PER_SEC));
      g_subprocess_force_exit (self->camsim);
      while (!exited)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);

  g_clear_object (&self->camsim);
  if (self->port != 0)
    {
      self->port = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
}

/* The object
 * ------------------------------------------------------------------------ */

static void
vigil_demo_site_dispose (GObject *object)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  vigil_demo_site_stop (self);
  g_clear_object (&self->site);

  G_OBJECT_CLASS (vigil_demo_site_parent_class)->dispose (object);
}

static void
vigil_demo_site_finalize (GObject *object)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (vigil_demo_site_parent_class)->finalize (object);
}

static void
vigil_demo_site_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_SITE:
      g_value_set_object (value, self->site);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_demo_site_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilDemoSite *self = VIGIL_DEMO_SITE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_demo_site_class_init (VigilDemoSiteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_demo_site_dispose;
  object_class->finalize = vigil_demo_site_finalize;
  object_class->get_property = vigil_demo_site_get_property;
  object_class->set_property = vigil_demo_site_set_property;

  properties[PROP_DATA_DIR] = g_param_spec_string ("data-dir", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                   G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SITE] = g_param_spec_object ("site", NULL, NULL, VIGIL_TYPE_SITE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                               G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                             G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_demo_site_init (VigilDemoSite *self)
{
}

VigilDemoSite *
vigil_demo_site_new (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_object_new (VIGIL_TYPE_DEMO_SITE, "data-dir", data_dir, NULL);
}

const char *
vigil_demo_site_get_data_dir (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), NULL);
  return self->data_dir;
}

VigilSite *
vigil_demo_site_get_site (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), NULL);
  return self->site;
}

guint
vigil_demo_site_get_port (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), 0);
  return self->port;
}

gboolean
vigil_demo_site_get_created (VigilDemoSite *self)
{
  g_return_val_if_fail (VIGIL_IS_DEMO_SITE (self), FALSE);
  return self->created;
}
