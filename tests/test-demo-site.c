/* test-demo-site.c: `vigil --demo`'s site, made and reopened in a temporary
 * folder with the real core, the session's keyring and a real vigil-camsim.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-demo-site"

#include "config.h"

#include <string.h>

#include "media-test-utils.h"
#include "vigil-demo-site.h"

/* The demo's own deadline for its camera server is 30 s; making the site
 * takes a few seconds more. */
#define DEMO_START_WAIT_US (90 * G_USEC_PER_SEC)

typedef struct
{
  VigilSite *site;
  GError    *error;
  gboolean   done;
} Started;

static void
on_started (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Started *started = user_data;

  started->site = vigil_demo_site_start_finish (VIGIL_DEMO_SITE (object), result, &started->error);
  started->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Started *) data)->done;
}

/* Starts @demo; returns the error, or NULL with *@site set. */
static GError *
demo_try_start (VigilDemoSite  *demo,
                VigilSite     **site)
{
  Started started = { 0 };
  gint64 begun = g_get_monotonic_time ();

  vigil_demo_site_start_async (demo, NULL, on_started, &started);
  g_assert_true (camsim_wait_for (is_done, &started, DEMO_START_WAIT_US));
  if (started.error == NULL)
    g_test_message ("demo site %s, cameras ready, in %.2f s", vigil_demo_site_get_created (demo) ? "made" : "opened",
                    (g_get_monotonic_time () - begun) / 1e6);
  /* The demo holds its site; the test only borrows it. */
  *site = started.site;
  if (started.site != NULL)
    g_object_unref (started.site);
  return started.error;
}

static VigilSite *
demo_start (VigilDemoSite *demo)
{
  VigilSite *site = NULL;
  g_autoptr(GError) error = demo_try_start (demo, &site);

  g_assert_no_error (error);
  g_assert_nonnull (site);
  g_assert_true (site == vigil_demo_site_get_site (demo));
  g_assert_cmpuint (vigil_demo_site_get_port (demo), >, 0);
  return site;
}

static char *
demo_dir_new (void)
{
  g_autofree char *parent = vigil_test_make_dir ();

  /* The demo makes its folder itself, as it does in the user's data
   * folder. */
  return g_build_filename (parent, "demo", NULL);
}

static void
demo_dir_remove (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);

  vigil_test_remove_dir (parent);
}

static VigilFamilyState
state_now (VigilSite  *site,
           const char *case_ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vigil_site_list_stage_changes (site, case_ref, &error);
  VigilFamilyState state = VIGIL_STATE_NONE;
  gint64 now = vigil_site_now (site);
  gint64 latest = G_MININT64;

  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    {
      VigilStageChange *change = g_ptr_array_index (changes, i);
      gint64 at = vigil_stage_change_get_effective_at (change);

      if (vigil_stage_change_get_cancelled_at (change) == 0 && at <= now && at >= latest)
        {
          latest = at;
          state = vigil_stage_change_get_to_state (change);
        }
    }
  return state;
}

static VigilFamily *
family_in_room (GPtrArray  *families,
                const char *room)
{
  for (guint i = 0; room != NULL && i < families->len; i++)
    if (g_strcmp0 (vigil_family_get_room (g_ptr_array_index (families, i)), room) == 0)
      return g_ptr_array_index (families, i);
  return NULL;
}

/* Every role, and a band-1 member and an overdue one whom the core
 * refuses, in its words; every demo login is one of the site's staff. */
static void
assert_staff (VigilSite *site)
{
  const char * const *logins = vigil_demo_site_get_logins ();
  gboolean roles[VIGIL_ROLE_MANAGER + 1] = { FALSE };
  guint operators = 0, band_one = 0, overdue = 0;
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (site), vigil_site_now (site));

  for (guint i = 0; logins[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (logins[i], " ", -1);
      g_autoptr(VigilStaff) staff = NULL;
      g_autoptr(VigilSession) session = NULL;
      g_autoptr(GError) error = NULL;
      const char *due;

      g_assert_cmpuint (g_strv_length (words), ==, 3);
      staff = vigil_site_lookup_staff (site, words[0], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (vigil_role_to_string (vigil_staff_get_role (staff)), ==, words[2]);
      due = vigil_staff_get_refresher_due (staff);

      session = vigil_site_login (site, words[0], words[1], "test", &error);
      if (vigil_staff_get_band (staff) < 2)
        {
          g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
          g_assert_nonnull (strstr (error->message, "band 1: CCTV duty needs band 2 or higher"));
          band_one++;
        }
      else if (due != NULL && strcmp (due, today) < 0)
        {
          g_autofree char *words_of_core = g_strdup_printf ("refresher overdue since %s", due);

          g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED);
          g_assert_nonnull (strstr (error->message, words_of_core));
          overdue++;
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (session);
          roles[vigil_session_get_role (session)] = TRUE;
          operators += vigil_session_get_role (session) == VIGIL_ROLE_OPERATOR;
        }
    }

  g_assert_true (roles[VIGIL_ROLE_MANAGER]);
  g_assert_true (roles[VIGIL_ROLE_TEAM_LEAD]);
  g_assert_cmpuint (operators, >=, 2);
  g_assert_cmpuint (band_one, ==, 1);
  g_assert_cmpuint (overdue, ==, 1);
}

/* Families at every stage and off; an override and an uncovered watch
 * request; and at creation the wall's spread: allowed, reason-required
 * (among them a stage 3 or 4 room each way, as windows make it tonight)
 * and a room nobody lives in, denied. */
static void
assert_records (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) families = vigil_site_list_families (site, FALSE, &error);
  g_autoptr(GPtrArray) cameras = vigil_site_list_cameras (site, &error);
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  gboolean states[VIGIL_STATE_OFF + 1] = { FALSE };
  guint views[VIGIL_LIVE_VIEW_DENIED + 1] = { 0 };
  guint late_allowed = 0, late_reason = 0, overrides = 0, communal = 0, with_sound = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < families->len; i++)
    {
      const char *case_ref = vigil_family_get_case_ref (g_ptr_array_index (families, i));
      g_autoptr(VigilOverride) running = vigil_site_get_running_override (site, case_ref, &error);

      g_assert_no_error (error);
      states[state_now (site, case_ref)] = TRUE;
      overrides += running != NULL;
    }
  for (VigilFamilyState state = VIGIL_STATE_STAGE_1; state <= VIGIL_STATE_OFF; state++)
    g_assert_true (states[state]);
  g_assert_cmpuint (overrides, ==, 1);

  g_assert_true (vigil_site_get_coverage (site, &duties, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uncovered->len, ==, 1);

  g_assert_cmpuint (cameras->len, >=, 8);
  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);
      g_auto(VigilPolicyDecision) decision = { 0 };
      VigilFamily *family = family_in_room (families, vigil_camera_get_room (camera));
      g_autoptr(VigilOverride) running = NULL;

      g_assert_true (vigil_site_explain_camera (site, vigil_camera_get_name (camera), vigil_site_now (site),
                                                &decision, &error));
      g_assert_no_error (error);
      views[decision.live_view]++;
      communal += vigil_camera_get_location (camera) == VIGIL_LOCATION_COMMUNAL;
      with_sound += vigil_camera_get_location (camera) == VIGIL_LOCATION_FAMILY_ROOM && decision.live_audio;

      if (vigil_camera_get_location (camera) == VIGIL_LOCATION_FAMILY_ROOM && family == NULL)
        g_assert_cmpint (decision.live_view, ==, VIGIL_LIVE_VIEW_DENIED);
      if (family != NULL &&
          (running = vigil_site_get_running_override (site, vigil_family_get_case_ref (family), &error)) == NULL)
        {
          VigilFamilyState state = state_now (site, vigil_family_get_case_ref (family));

          if (state == VIGIL_STATE_STAGE_3 || state == VIGIL_STATE_STAGE_4)
            {
              late_allowed += decision.live_view == VIGIL_LIVE_VIEW_ALLOWED;
              late_reason += decision.live_view == VIGIL_LIVE_VIEW_REASON_REQUIRED;
            }
        }
    }
  g_assert_cmpuint (views[VIGIL_LIVE_VIEW_ALLOWED], >=, 1);
  g_assert_cmpuint (views[VIGIL_LIVE_VIEW_REASON_REQUIRED], >=, 1);
  g_assert_cmpuint (views[VIGIL_LIVE_VIEW_DENIED], ==, 1);
  g_assert_cmpuint (late_allowed, >=, 1);
  g_assert_cmpuint (late_reason, >=, 1);
  g_assert_cmpuint (communal, >=, 3);
  g_assert_cmpuint (with_sound, >=, 1);
}

/* Every camera plays from its stored URL, as the console opens it; those
 * registered with sound send it. */
static void
assert_cameras_play (VigilSite *site,
                     guint      port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = vigil_site_list_cameras (site, &error);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *prefix = g_strdup_printf ("rtsp://127.0.0.1:%u/", port);
  guint sounds = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < cameras->len; i++)
    {
      VigilCamera *camera = g_ptr_array_index (cameras, i);
      VigilCameraSource *source;

      g_assert_true (g_str_has_prefix (vigil_camera_get_url (camera), prefix));
      source = media_open_camera (site, vigil_camera_get_name (camera), VIGIL_CAMERA_STREAM_SUB);
      vigil_camera_source_start (source);
      g_ptr_array_add (sources, source);
    }

  for (guint i = 0; i < sources->len; i++)
    {
      VigilCameraSource *source = g_ptr_array_index (sources, i);
      VigilCamera *camera = g_ptr_array_index (cameras, i);

      /* Every demo camera is asked for at once, from one camera server
       * encoding them all (sanitized, in the sanitizer build, beside
       * another test): the demo's start wait, not one camera's. */
      media_wait_state (source, VIGIL_CAMERA_STATE_PLAYING, VIGIL_CAMERA_LOSS_NONE, DEMO_START_WAIT_US);
      media_wait_frames (source, 3, DEMO_START_WAIT_US);
      if (vigil_camera_get_has_audio (camera))
        {
          g_assert_nonnull (vigil_camera_source_get_media_info (source)->audio_codec);
          sounds++;
        }
    }
  g_assert_cmpuint (sounds, >=, 1);

  for (guint i = 0; i < sources->len; i++)
    vigil_camera_source_stop (g_ptr_array_index (sources, i));
}

/* @text with every run of blank space made one space: a PDF reader lays a
 * paragraph out on lines of its own choosing. */
static char *
flatten (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n\f", -1);
  GString *flat = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (flat, "%s%s", flat->len > 0 ? " " : "", words[i]);
  return g_string_free (flat, FALSE);
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The notes of every demo family that has any, as `vigilctl notes REF
 * --pdf` prints them for the case record: the PDF opens, and its text
 * holds every note and addendum. */
static void
assert_notes_pdf (VigilSite  *site,
                  const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) families = vigil_site_list_families (site, FALSE, &error);
  guint printed = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < families->len; i++)
    {
      const char *case_ref = vigil_family_get_case_ref (g_ptr_array_index (families, i));
      g_autoptr(GPtrArray) notes = vigil_site_list_notes (site, case_ref, 0, &error);
      g_autofree char *pdf = g_strdup_printf ("%s/%s-notes.pdf", dir, case_ref);
      const char *info[] = { "pdfinfo", pdf, NULL };
      const char *to_text[] = { "pdftotext", "-layout", pdf, "-", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *text = NULL;
      g_autofree char *flat = NULL;
      g_autofree char *pages = NULL;
      int status = -1;

      g_assert_no_error (error);
      if (notes->len == 0)
        continue;
      vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", dir, "notes", case_ref, "--pdf", pdf, NULL);
      g_assert_cmpint (status, ==, 0);
      pages = run_tool (info);
      g_assert_nonnull (strstr (pages, "Pages:"));
      text = run_tool (to_text);
      flat = flatten (text);
      g_assert_nonnull (strstr (flat, case_ref));
      for (guint j = 0; j < notes->len; j++)
        {
          g_autofree char *body = flatten (vigil_note_get_body (g_ptr_array_index (notes, j)));

          g_assert_nonnull (strstr (flat, body));
        }
      printed++;
    }
  g_assert_cmpuint (printed, >=, 1);
}

static void
test_created (void)
{
  g_autofree char *dir = demo_dir_new ();
  g_autoptr(VigilDemoSite) demo = vigil_demo_site_new (dir);
  VigilSite *site = demo_start (demo);

  g_assert_true (vigil_demo_site_get_created (demo));
  g_assert_cmpstr (vigil_site_get_name (site), ==, VIGIL_DEMO_SITE_NAME);
  /* Made with nothing but the site's calls: every one of them audited. */
  vigil_test_assert_audit_intact (site);

  assert_staff (site);
  assert_records (site);
  assert_notes_pdf (site, dir);
  assert_cameras_play (site, vigil_demo_site_get_port (demo));

  vigil_demo_site_stop (demo);
  g_assert_cmpuint (vigil_demo_site_get_port (demo), ==, 0);
  g_clear_object (&demo);
  demo_dir_remove (dir);
}

static gint64
count_camera_changes_by (VigilSite  *site,
                         const char *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);
  gint64 count = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);

      count += g_str_equal (vigil_audit_entry_get_action (entry), "camera-changed") &&
               g_str_equal (vigil_audit_entry_get_actor (entry), actor);
    }
  return count;
}

/* Reopened, it is the same site, with nothing made twice, and its cameras
 * on the new server's port, changed by the demo's manager. */
static void
test_reopened (void)
{
  g_autofree char *dir = demo_dir_new ();
  g_autoptr(VigilDemoSite) demo = vigil_demo_site_new (dir);
  g_autoptr(GSocketListener) holder = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) families = NULL;
  g_autofree char *site_id = NULL;
  VigilSite *site = demo_start (demo);
  guint port = vigil_demo_site_get_port (demo);
  guint n_staff, n_families;

  site_id = g_strdup (vigil_site_get_id (site));
  n_staff = (staff = vigil_site_list_staff (site, &error))->len;
  n_families = (families = vigil_site_list_families (site, FALSE, &error))->len;
  g_assert_no_error (error);
  vigil_demo_site_stop (demo);
  g_clear_object (&demo);

  /* The old port stays taken, so the new server cannot have it. */
  g_socket_listener_add_inet_port (holder, (guint16) port, NULL, NULL);

  demo = vigil_demo_site_new (dir);
  site = demo_start (demo);
  g_assert_false (vigil_demo_site_get_created (demo));
  g_assert_cmpstr (vigil_site_get_id (site), ==, site_id);
  g_assert_cmpuint (vigil_demo_site_get_port (demo), !=, port);
  g_clear_pointer (&staff, g_ptr_array_unref);
  g_clear_pointer (&families, g_ptr_array_unref);
  g_assert_cmpuint ((staff = vigil_site_list_staff (site, &error))->len, ==, n_staff);
  g_assert_cmpuint ((families = vigil_site_list_families (site, FALSE, &error))->len, ==, n_families);
  g_assert_no_error (error);
  g_assert_cmpint (count_camera_changes_by (site, "mgr"), >=, 8);
  vigil_test_assert_audit_intact (site);
  assert_cameras_play (site, vigil_demo_site_get_port (demo));

  g_socket_listener_close (holder);
  vigil_demo_site_stop (demo);
  g_clear_object (&demo);
  demo_dir_remove (dir);
}

/* A real site is never taken for the demo's: refused before anything is
 * done, and left as it was. So is a folder holding anything but a site. */
static void
test_real_site_refused (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) real = vigil_test_site_new (&dir);
  g_autoptr(VigilDemoSite) demo = vigil_demo_site_new (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *stray_dir = vigil_test_make_dir ();
  g_autofree char *stray = g_build_filename (stray_dir, "notes.txt", NULL);
  g_autofree char *fresh = g_build_filename (stray_dir, "new", "demo", NULL);
  VigilSite *site = NULL;
  gint64 entries = vigil_test_count_audit (real);

  g_assert_false (vigil_demo_site_check_folder (dir, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "not a demo site"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* Started all the same, it refuses, and stops its cameras. */
  error = demo_try_start (demo, &site);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_assert_null (site);
  g_assert_cmpuint (vigil_demo_site_get_port (demo), ==, 0);
  g_assert_cmpint (vigil_test_count_audit (real), ==, entries);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (stray, "not a site", -1, NULL));
  g_assert_false (vigil_demo_site_check_folder (stray_dir, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_clear_error (&error);

  /* A folder yet to be made is where a demo can go. */
  g_assert_true (vigil_demo_site_check_folder (fresh, &error));
  g_assert_no_error (error);

  g_clear_object (&demo);
  vigil_test_remove_dir (stray_dir);
  vigil_test_remove_dir (dir);
}

/* The logins printed and shown are the demo's, never someone's real
 * folder. */
static void
test_default_dir (void)
{
  g_autofree char *dir = vigil_demo_site_default_dir ();
  g_autofree char *real = vigil_site_default_data_dir ();

  g_assert_true (g_str_has_prefix (dir, g_get_user_data_dir ()));
  g_assert_cmpstr (dir, !=, real);
}

int
main (int    argc,
      char **argv)
{
  media_test_init (&argc, &argv);

  media_test_add ("/demo-site/created", test_created);
  media_test_add ("/demo-site/reopened", test_reopened);
  media_test_add ("/demo-site/real-site-refused", test_real_site_refused);
  g_test_add_func ("/demo-site/default-dir", test_default_dir);

  return g_test_run ();
}
