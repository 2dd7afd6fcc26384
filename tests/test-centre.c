/* test-centre.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "centre-fixture.h"

/* Rooms, cameras and families on a real site: who may change the centre's
 * records, what is refused before anything is written, and what the trail
 * keeps. Stages, windows and overrides are in test-centre-family.c. */

#define CAMERA_USERNAME    "cam-user-7f3a9"
#define CAMERA_PASSWORD    "S3cret-cam-pa55word"

static void
test_permissions (Centre        *centre,
                  gconstpointer  data)
{
  struct {
    VigilSession *session;
    const char   *name;
  } actors[] = {
    { centre->operator, OPERATOR },
    { centre->lead, TEAM_LEAD },
  };
  g_autoptr(VigilWindow) window = NULL;
  g_autoptr(VigilOverride) running = NULL;
  g_autoptr(GError) error = NULL;

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_3, "2027-01-04");
  window = add_window (centre, "LA-1", vigil_window_new (VIGIL_DAY_MONDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime"));
  running = vigil_site_start_override (centre->site, centre->lead, "LA-1", "concern", 0, &error);
  g_assert_no_error (error);

  /* Rooms and cameras are a manager's: team leads and operators alike are
   * refused. */
  for (guint i = 0; i < G_N_ELEMENTS (actors); i++)
    {
      g_autoptr(VigilCamera) camera = vigil_camera_new ("Lounge", VIGIL_LOCATION_COMMUNAL, NULL,
                                                        "rtsp://lounge.local/main", NULL, FALSE);
      g_autofree char *before = snapshot (centre);
      GError *refusal = NULL;

      g_assert_false (vigil_site_add_room (centre->site, actors[i].session, "Room 9", NULL, &refusal));
      assert_permission_refused (centre, before, refusal, actors[i].name, "manage-cameras");
      g_clear_error (&refusal);
      take_snapshot (centre, &before);
      g_assert_false (vigil_site_add_camera (centre->site, actors[i].session, camera, NULL, NULL, NULL, &refusal));
      assert_permission_refused (centre, before, refusal, actors[i].name, "manage-cameras");
      g_clear_error (&refusal);
    }

  /* Families, stages, windows and overrides are a team lead's. */
  {
    VigilSession *op = centre->operator;
    g_autoptr(VigilFamily) family = vigil_family_new ("LA-2", "CD", "Room 2", "2027-02-01");
    g_autoptr(VigilWindow) other = vigil_window_new (VIGIL_DAY_TUESDAY, NULL, 60, 120, FALSE, "check-in");
    g_autofree char *before = NULL;
    GError *refusal = NULL;

    take_snapshot (centre, &before);
    g_assert_false (vigil_site_add_family (centre->site, op, family, VIGIL_STATE_STAGE_1, NULL, &refusal));
    assert_permission_refused (centre, before, refusal, OPERATOR, "manage-families");
    g_clear_error (&refusal);
    take_snapshot (centre, &before);
    g_assert_false (vigil_site_discharge_family (centre->site, op, "LA-1", NULL, NULL, &refusal));
    assert_permission_refused (centre, before, refusal, OPERATOR, "manage-families");
    g_clear_error (&refusal);
    take_snapshot (centre, &before);
    g_assert_null (vigil_site_set_stage (centre->site, op, "LA-1", VIGIL_STATE_STAGE_2, 0, "concern", NULL, NULL, &refusal));
    assert_permission_refused (centre, before, refusal, OPERATOR, "change-stage");
    g_clear_error (&refusal);
    take_snapshot (centre, &before);
    g_assert_null (vigil_site_add_window (centre->site, op, "LA-1", other, &refusal));
    assert_permission_refused (centre, before, refusal, OPERATOR, "edit-windows");
    g_clear_error (&refusal);
    take_snapshot (centre, &before);
    g_assert_false (vigil_site_remove_window (centre->site, op, vigil_window_get_id (window), NULL, &refusal));
    assert_permission_refused (centre, before, refusal, OPERATOR, "edit-windows");
    g_clear_error (&refusal);
    take_snapshot (centre, &before);
    g_assert_null (vigil_site_start_override (centre->site, op, "LA-1", "another concern", 0, &refusal));
    assert_permission_refused (centre, before, refusal, OPERATOR, "run-overrides");
    g_clear_error (&refusal);
    take_snapshot (centre, &before);
    g_assert_false (vigil_site_end_override (centre->site, op, "LA-1", "settled", &refusal));
    assert_permission_refused (centre, before, refusal, OPERATOR, "run-overrides");
    g_clear_error (&refusal);
  }
}

/* Rooms */

static void
test_rooms (Centre        *centre,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) rooms = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;
  GError *refusal = NULL;

  /* The fixture added two, then logged the manager in: the entry before
   * the login and Room 2's is the manager's for Room 1, with the reason. */
  rooms = vigil_site_list_rooms (centre->site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rooms->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (rooms, 0), ==, "Room 1");
  {
    g_autoptr(VigilAuditEntry) entry = audit_entry_from_end (centre->site, 2);
    g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "room-added");
    g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, VIGIL_TEST_MANAGER);
    g_assert_cmpstr (vigil_audit_entry_get_object (entry), ==, "room:Room 1");
    g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "new wing");
  }

  take_snapshot (centre, &before);
  g_assert_false (vigil_site_add_room (centre->site, centre->manager, "room 1", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_EXISTS, "already exists");
  g_clear_error (&refusal);

  g_assert_false (vigil_site_add_room (centre->site, centre->manager, "Family Bathroom", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "bathroom or toilet");
  g_clear_error (&refusal);

  g_assert_false (vigil_site_add_room (centre->site, centre->manager, "", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "empty");
  g_clear_error (&refusal);

  g_assert_false (vigil_site_add_room (centre->site, centre->manager, " Room 3", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "space");
  g_clear_error (&refusal);
}

/* The database itself holds names as one whatever their case, so two
 * consoles racing past the site's checks still cannot add "Room 1" and
 * "ROOM 1". The store is called directly, as a second console would. */
static void
test_names_unique_in_database (Centre        *centre,
                               gconstpointer  data)
{
  VigilStore *store = vigil_site_get_store (centre->site);
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Lounge", VIGIL_LOCATION_COMMUNAL, NULL,
                                                    "rtsp://lounge.local/main", NULL, FALSE);
  g_autoptr(VigilCamera) shouting = vigil_camera_new ("LOUNGE", VIGIL_LOCATION_COMMUNAL, NULL,
                                                      "rtsp://other.local/main", NULL, FALSE);
  g_autoptr(VigilFamily) twin = vigil_family_new ("la-1", "CD", "Room 2", "2027-02-01");
  g_autoptr(GError) error = NULL;
  gint64 room_id = 0;

  g_assert_cmpint (vigil_store_room_insert (store, "ROOM 1", centre->now, &error), ==, 0);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_cmpint (vigil_store_camera_insert (store, camera, 0, centre->now, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_camera_insert (store, shouting, 0, centre->now, &error), ==, 0);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_clear_error (&error);

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, NULL);
  g_free (vigil_store_room_lookup (store, "Room 2", &room_id, &error));
  g_assert_no_error (error);
  vigil_family_set_retention_days (twin, 31);
  g_assert_cmpint (vigil_store_family_insert (store, twin, room_id, centre->now, &error), ==, 0);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "already exists"));
}

/* Cameras */

static void
test_camera_validation (Centre        *centre,
                        gconstpointer  data)
{
  struct {
    const char    *name;
    VigilLocation  location;
    const char    *room;
    const char    *url;
    const char    *sub_url;
    gint           code;
    const char    *needle;
  } cases[] = {
    { "Bathroom 2", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "bathroom or toilet" },
    { "Ground floor toilets", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "bathroom or toilet" },
    { "Staff WC", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "bathroom or toilet" },
    { "Shower room", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "bathroom or toilet" },
    { "Room 1 en-suite", VIGIL_LOCATION_FAMILY_ROOM, "Room 1", "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "bathroom or toilet" },
    { "Upstairs loo", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "bathroom or toilet" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "http://h/a", NULL, VIGIL_ERROR_INVALID, "rtsp://" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp:///nohost", NULL, VIGIL_ERROR_INVALID, "rtsp://" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "not a url", NULL, VIGIL_ERROR_INVALID, "rtsp://" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://admin:secret@h/a", NULL, VIGIL_ERROR_INVALID, "--username" },
    /* A login as parameters: in the query, after ';', as a path segment,
     * escaped, in other spellings, or in the sub-stream. */
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/s?user=admin&password=hunter2", NULL, VIGIL_ERROR_INVALID, "“user=” parameter" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/s?channel=1&pwd=hunter2", NULL, VIGIL_ERROR_INVALID, "--username" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/live;password=hunter2", NULL, VIGIL_ERROR_INVALID, "“password=” parameter" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h:554/user=admin&password=hunter2&channel=1&stream=0.sdp", NULL, VIGIL_ERROR_INVALID, "standard input" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/s?Pass_Word=hunter2", NULL, VIGIL_ERROR_INVALID, "Secret Service" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/s?access-token=hunter2", NULL, VIGIL_ERROR_INVALID, "--username" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/s?x=1%26passwd%3Dhunter2", NULL, VIGIL_ERROR_INVALID, "--username" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/s", "rtsp://h/sub?token=hunter2", VIGIL_ERROR_INVALID, "sub-stream URL carries a login" },
    { "Corridor", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", "ftp://h/b", VIGIL_ERROR_INVALID, "sub-stream URL" },
    { "Cot cam", VIGIL_LOCATION_FAMILY_ROOM, NULL, "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "--room" },
    { "Cot cam", VIGIL_LOCATION_FAMILY_ROOM, "Room 7", "rtsp://h/a", NULL, VIGIL_ERROR_NOT_FOUND, "no room “Room 7”" },
    { "Lounge", VIGIL_LOCATION_COMMUNAL, "Room 1", "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "communal" },
    { "", VIGIL_LOCATION_COMMUNAL, NULL, "rtsp://h/a", NULL, VIGIL_ERROR_INVALID, "empty" },
  };
  g_autofree char *before = snapshot (centre);
  g_autoptr(GError) error = NULL;
  VigilLocation location;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VigilCamera) camera = vigil_camera_new (cases[i].name, cases[i].location, cases[i].room,
                                                        cases[i].url, cases[i].sub_url, FALSE);
      GError *refusal = NULL;

      g_test_message ("camera case %u: %s %s", i, cases[i].name, cases[i].url);
      g_assert_false (vigil_site_add_camera (centre->site, centre->manager, camera, NULL, NULL, NULL, &refusal));
      assert_refused (centre, before, refusal, cases[i].code, cases[i].needle);
      /* The message names the parameter, never its value. */
      g_assert_null (strstr (refusal->message, "hunter2"));
      g_clear_error (&refusal);
    }

  /* Ordinary parameters are not a login. */
  {
    const char *fine[] = {
      "rtsp://h/cam/realmonitor?channel=1&subtype=0",
      "rtsp://h/Streaming/Channels/101?transportmode=unicast",
      "rtsps://h:7441/AbCdEf?enableSrtp",
      "rtsp://h/live;stream=2",
    };
    for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
      {
        g_assert_true (vigil_camera_validate_url (fine[i], "URL", &error));
        g_assert_no_error (error);
      }
  }

  /* A location that names a bathroom gets the rule, not a list of words. */
  g_assert_false (vigil_camera_location_from_string ("toilet", &location, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bathroom or toilet"));
  g_clear_error (&error);
  g_assert_false (vigil_camera_location_from_string ("garden", &location, &error));
  g_assert_nonnull (strstr (error->message, "communal or family-room"));
  g_clear_error (&error);

  /* Words that merely contain a short bathroom word are fine. */
  {
    const char *innocent[] = { "First floor landing", "Lounge", "Bathe-free zone", "Playroom" };
    for (guint i = 0; i < G_N_ELEMENTS (innocent); i++)
      {
        g_assert_true (vigil_camera_check_not_bathroom (innocent[i], "camera name", &error));
        g_assert_no_error (error);
      }
  }

  /* And valid cameras go in, a family-room one in a room matched by case. */
  {
    g_autoptr(VigilCamera) cot = vigil_camera_new ("Cot cam", VIGIL_LOCATION_FAMILY_ROOM, "room 1",
                                                   "rtsps://cam1.local:8554/main", "rtsp://cam1.local/sub", TRUE);
    g_autoptr(VigilCamera) lounge = vigil_camera_new ("Lounge", VIGIL_LOCATION_COMMUNAL, NULL,
                                                      "rtsp://lounge.local/main", NULL, FALSE);
    g_autoptr(VigilCamera) again = vigil_camera_new ("LOUNGE", VIGIL_LOCATION_COMMUNAL, NULL,
                                                     "rtsp://lounge.local/main", NULL, FALSE);
    g_autoptr(VigilCamera) found = NULL;
    g_autoptr(GPtrArray) in_room = NULL;
    GError *refusal = NULL;

    g_assert_true (vigil_site_add_camera (centre->site, centre->manager, cot, NULL, NULL, "install", &error));
    g_assert_no_error (error);
    assert_last_audit (centre->site, VIGIL_TEST_MANAGER, "camera-added", "camera:Cot cam", "install");
    g_assert_true (vigil_site_add_camera (centre->site, centre->manager, lounge, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    take_snapshot (centre, &before);
    g_assert_false (vigil_site_add_camera (centre->site, centre->manager, again, NULL, NULL, NULL, &refusal));
    assert_refused (centre, before, refusal, VIGIL_ERROR_EXISTS, "already exists");
    g_clear_error (&refusal);

    found = vigil_store_camera_lookup (vigil_site_get_store (centre->site), "cot cam", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vigil_camera_get_name (found), ==, "Cot cam");
    g_assert_cmpint (vigil_camera_get_location (found), ==, VIGIL_LOCATION_FAMILY_ROOM);
    g_assert_cmpstr (vigil_camera_get_room (found), ==, "Room 1");
    g_assert_cmpstr (vigil_camera_get_url (found), ==, "rtsps://cam1.local:8554/main");
    g_assert_cmpstr (vigil_camera_get_sub_url (found), ==, "rtsp://cam1.local/sub");
    g_assert_true (vigil_camera_get_has_audio (found));
    g_assert_true (vigil_camera_get_enabled (found));
    g_assert_cmpint (vigil_camera_get_id (found), >, 0);

    in_room = vigil_store_cameras_in_room (vigil_site_get_store (centre->site), "Room 1", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (in_room->len, ==, 1);
    g_clear_pointer (&in_room, g_ptr_array_unref);
    in_room = vigil_store_cameras_in_room (vigil_site_get_store (centre->site), "Room 2", &error);
    g_assert_cmpuint (in_room->len, ==, 0);

    g_assert_null (vigil_store_camera_lookup (vigil_site_get_store (centre->site), "Garden", &error));
    g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  gsize needle_len = strlen (needle);

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (contents + i, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

/* A camera's username and password go to the keyring and come back from it;
 * the data file (and its WAL) never holds them, nor does the trail. */
static void
test_camera_credentials (Centre        *centre,
                         gconstpointer  data)
{
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Cot cam", VIGIL_LOCATION_FAMILY_ROOM, "Room 1",
                                                    "rtsp://cam1.local/main", NULL, TRUE);
  g_autoptr(VigilCamera) plain = vigil_camera_new ("Lounge", VIGIL_LOCATION_COMMUNAL, NULL,
                                                   "rtsp://lounge.local/main", NULL, FALSE);
  g_autoptr(VigilCamera) impostor = vigil_camera_new ("cot CAM", VIGIL_LOCATION_COMMUNAL, NULL,
                                                      "rtsp://other.local/main", NULL, FALSE);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_true (vigil_site_add_camera (centre->site, centre->manager, camera, CAMERA_USERNAME,
                                        CAMERA_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (centre->site, centre->manager, plain, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (vigil_site_lookup_camera_credentials (centre->site, "Cot cam", &username, &password, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (username, ==, CAMERA_USERNAME);
  g_assert_cmpstr (password, ==, CAMERA_PASSWORD);
  g_clear_pointer (&username, g_free);
  g_clear_pointer (&password, g_free);

  g_assert_true (vigil_site_lookup_camera_credentials (centre->site, "Lounge", &username, &password, &error));
  g_assert_null (username);
  g_assert_null (password);

  /* A second camera by the same name is refused before the keyring is
   * touched: the first camera's credentials stay. */
  g_assert_false (vigil_site_add_camera (centre->site, centre->manager, impostor, "intruder", "other-pass",
                                         NULL, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (vigil_secrets_lookup_camera_credentials (vigil_site_get_id (centre->site), "Cot cam",
                                                          &username, &password, NULL, &error));
  g_assert_cmpstr (password, ==, CAMERA_PASSWORD);

  /* A username without a password, or the reverse, is refused. */
  {
    g_autoptr(VigilCamera) half = vigil_camera_new ("Hall", VIGIL_LOCATION_COMMUNAL, NULL,
                                                    "rtsp://hall.local/main", NULL, FALSE);
    g_autofree char *before = snapshot (centre);
    GError *refusal = NULL;

    g_assert_false (vigil_site_add_camera (centre->site, centre->manager, half, "admin", NULL, NULL, &refusal));
    assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "no password");
    g_clear_error (&refusal);
  }

  /* On PostgreSQL: every row of every table, as text. */
  if (vigil_test_on_postgres ())
    {
      g_autofree char *everything =
        vigil_test_raw_text (centre->dir,
                             "SELECT string_agg (query_to_xml (format ('SELECT * FROM %I', c.relname),"
                             "  true, false, '')::text, '') FROM pg_class c"
                             " JOIN pg_namespace n ON n.oid = c.relnamespace"
                             " WHERE n.nspname = current_schema () AND c.relkind = 'r'");

      g_assert_nonnull (strstr (everything, "rtsp://cam1.local/main"));
      g_assert_null (strstr (everything, CAMERA_PASSWORD));
      g_assert_null (strstr (everything, CAMERA_USERNAME));
    }

  /* The search does find what the file holds: the camera's URL is there. */
  else
  {
    g_autofree char *main_path = g_build_filename (centre->dir, "vigil.db", NULL);
    g_autofree char *wal_path = g_build_filename (centre->dir, "vigil.db-wal", NULL);
    g_assert_true (file_contains (main_path, "rtsp://cam1.local/main") ||
                   file_contains (wal_path, "rtsp://cam1.local/main"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (centre->dir, "/vigil.db", suffixes[i], NULL);

      g_assert_false (file_contains (path, CAMERA_PASSWORD));
      g_assert_false (file_contains (path, CAMERA_USERNAME));
    }

  entries = vigil_audit_list (vigil_site_get_audit (centre->site), 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);
      g_assert_null (strstr (vigil_audit_entry_get_detail (entry), CAMERA_PASSWORD));
      g_assert_null (strstr (vigil_audit_entry_get_detail (entry), CAMERA_USERNAME));
    }
}

/* Families */

static void
test_family_rules (Centre        *centre,
                   gconstpointer  data)
{
  g_autoptr(VigilFamily) family = vigil_family_new ("LA-2027-0042", "AB", "room 1", "2026-07-01");
  g_autoptr(VigilFamily) found = NULL;
  g_autoptr(VigilFamily) in_room = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  VigilStageChange *first;
  struct {
    const char       *case_ref;
    const char       *label;
    const char       *room;
    const char       *admitted;
    const char       *agreement;
    const char       *consent;
    guint             retention;
    VigilFamilyState  stage;
    gint              code;
    const char       *needle;
  } bad[] = {
    { "LA 1", "AB", "Room 2", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "case reference" },
    { "", "AB", "Room 2", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "case reference" },
    { "LA-3", "Abigail Bloggs-Smith", "Room 2", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "too long" },
    { "LA-3", "", "Room 2", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "empty" },
    { "LA-3", "CD", "Room 9", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_NOT_FOUND, "no room" },
    { "LA-3", "CD", "Room 1", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_EXISTS, "already has family LA-2027-0042" },
    { "la-2027-0042", "CD", "Room 2", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_EXISTS, "already exists" },
    { "LA-3", "CD", "Room 2", "2027-13-01", NULL, NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "malformed date" },
    { "LA-3", "CD", "Room 2", "2027-01-01", "2027-03-01", NULL, 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "in the future" },
    { "LA-3", "CD", "Room 2", "2027-01-01", NULL, "2099-01-01", 0, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "in the future" },
    { "LA-3", "CD", "Room 2", "2027-01-01", NULL, NULL, 4000, VIGIL_STATE_STAGE_1, VIGIL_ERROR_INVALID, "retention" },
    { "LA-3", "CD", "Room 2", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_OFF, VIGIL_ERROR_INVALID, "stage 1, 2, 3 or 4" },
    { "LA-3", "CD", "Room 2", "2027-01-01", NULL, NULL, 0, VIGIL_STATE_NONE, VIGIL_ERROR_INVALID, "stage 1, 2, 3 or 4" },
  };

  vigil_family_set_agreement (family, "2026-06-30", FALSE);
  vigil_family_set_consent_on (family, "2026-06-29");
  g_assert_true (vigil_site_add_family (centre->site, centre->lead, family, VIGIL_STATE_STAGE_2, "placement order", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "family-added", "family:LA-2027-0042", "placement order");

  found = vigil_store_family_lookup (vigil_site_get_store (centre->site), "la-2027-0042", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_family_get_case_ref (found), ==, "LA-2027-0042");
  g_assert_cmpstr (vigil_family_get_label (found), ==, "AB");
  g_assert_cmpstr (vigil_family_get_room (found), ==, "Room 1");
  g_assert_cmpstr (vigil_family_get_admitted_on (found), ==, "2026-07-01");
  g_assert_cmpstr (vigil_family_get_agreement_signed_on (found), ==, "2026-06-30");
  g_assert_false (vigil_family_get_agreement_covers_audio (found));
  g_assert_cmpuint (vigil_family_get_retention_days (found), ==, 31);
  g_assert_cmpstr (vigil_family_get_consent_on (found), ==, "2026-06-29");
  g_assert_null (vigil_family_get_discharged_on (found));

  in_room = vigil_store_family_in_room (vigil_site_get_store (centre->site), "ROOM 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_family_get_id (in_room), ==, vigil_family_get_id (found));
  g_assert_finalize_object (g_steal_pointer (&in_room));
  in_room = vigil_store_family_in_room (vigil_site_get_store (centre->site), "Room 2", &error);
  g_assert_no_error (error);
  g_assert_null (in_room);

  /* The stage at admission opens the history, from local midnight of the
   * admission date: 1 July is in BST, so 23:00 UTC the day before. */
  changes = vigil_store_stage_changes_list (vigil_site_get_store (centre->site), vigil_family_get_id (found), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  first = g_ptr_array_index (changes, 0);
  g_assert_cmpint (vigil_stage_change_get_effective_at (first), ==, vigil_test_instant ("2026-06-30T23:00:00Z"));
  g_assert_cmpint (vigil_stage_change_get_from_state (first), ==, VIGIL_STATE_NONE);
  g_assert_cmpint (vigil_stage_change_get_to_state (first), ==, VIGIL_STATE_STAGE_2);
  g_assert_cmpstr (vigil_stage_change_get_changed_by (first), ==, TEAM_LEAD);
  g_assert_cmpstr (vigil_stage_change_get_reason (first), ==, "placement order");

  take_snapshot (centre, &before);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VigilFamily) other = vigil_family_new (bad[i].case_ref, bad[i].label, bad[i].room, bad[i].admitted);
      GError *refusal = NULL;

      g_test_message ("family case %u: %s", i, bad[i].needle);
      vigil_family_set_agreement (other, bad[i].agreement, TRUE);
      vigil_family_set_consent_on (other, bad[i].consent);
      vigil_family_set_retention_days (other, bad[i].retention);
      g_assert_false (vigil_site_add_family (centre->site, centre->lead, other, bad[i].stage, NULL, &refusal));
      assert_refused (centre, before, refusal, bad[i].code, bad[i].needle);
      g_clear_error (&refusal);
    }

  /* Retention defaults to the site's setting. */
  g_assert_true (vigil_store_set_setting (vigil_site_get_store (centre->site), VIGIL_SETTING_RETENTION_DAYS, "45", &error));
  add_family (centre, "LA-3", "Room 2", "2027-02-01", VIGIL_STATE_STAGE_1, NULL);
  g_assert_finalize_object (g_steal_pointer (&found));
  found = vigil_site_lookup_family (centre->site, "LA-3", &error);
  g_assert_cmpuint (vigil_family_get_retention_days (found), ==, 45);
  g_assert_null (vigil_family_get_agreement_signed_on (found));
  g_assert_false (vigil_family_get_agreement_covers_audio (found));

  /* Admitted without a reason: the history's first entry says admission,
   * in plain English (a record, whatever the console's language). */
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = vigil_site_list_stage_changes (centre->site, "LA-3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_stage_change_get_reason (g_ptr_array_index (changes, 0)), ==, "admission");
}

/* A family's agreement recorded later, and a discharge that frees the room,
 * cancels what was planned and ends a running override. */
static void
test_family_agreement_and_discharge (Centre        *centre,
                                     gconstpointer  data)
{
  g_autoptr(VigilFamily) family = NULL;
  g_autoptr(VigilStageChange) scheduled = NULL;
  g_autoptr(VigilOverride) running = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  GError *refusal = NULL;

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, NULL);

  g_assert_true (vigil_site_record_agreement (centre->site, centre->lead, "LA-1", "2027-02-01", TRUE, 60,
                                              "signed at review", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "family-agreement-recorded", "family:LA-1", "signed at review");
  family = vigil_site_lookup_family (centre->site, "LA-1", &error);
  g_assert_cmpstr (vigil_family_get_agreement_signed_on (family), ==, "2027-02-01");
  g_assert_true (vigil_family_get_agreement_covers_audio (family));
  g_assert_cmpuint (vigil_family_get_retention_days (family), ==, 60);

  take_snapshot (centre, &before);
  g_assert_false (vigil_site_record_agreement (centre->site, centre->lead, "LA-1", "2027-03-01", TRUE, 0, NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "in the future");
  g_clear_error (&refusal);

  scheduled = vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_3,
                                    vigil_test_instant ("2027-02-12T18:00:00Z"), "good progress", "Weekly Placement Update 2027-02-09", NULL,
                                    &error);
  g_assert_no_error (error);
  running = vigil_site_start_override (centre->site, centre->lead, "LA-1", "concern", 0, &error);
  g_assert_no_error (error);

  take_snapshot (centre, &before);
  g_assert_false (vigil_site_discharge_family (centre->site, centre->lead, "LA-1", "2027-01-01", NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "between the admission");
  g_clear_error (&refusal);

  g_assert_true (vigil_site_discharge_family (centre->site, centre->lead, "LA-1", NULL, "returned home", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "family-discharged", "family:LA-1", "returned home");
  g_assert_finalize_object (g_steal_pointer (&family));
  family = vigil_site_lookup_family (centre->site, "LA-1", &error);
  g_assert_cmpstr (vigil_family_get_discharged_on (family), ==, "2027-02-10");
  g_assert_null (vigil_store_family_in_room (vigil_site_get_store (centre->site), "Room 1", &error));
  g_assert_no_error (error);

  changes = vigil_site_list_stage_changes (centre->site, "LA-1", &error);
  g_assert_cmpint (vigil_stage_change_get_cancelled_at (g_ptr_array_index (changes, 1)), ==, centre->now);
  g_assert_finalize_object (g_steal_pointer (&running));
  running = vigil_site_get_running_override (centre->site, "LA-1", &error);
  g_assert_no_error (error);
  g_assert_null (running);
  {
    /* What the discharge ended says so in the records, in plain English. */
    g_autoptr(GPtrArray) overrides = vigil_site_list_overrides (centre->site, "LA-1", &error);
    g_autoptr(VigilAuditEntry) ended = audit_entry_from_end (centre->site, 1);

    g_assert_cmpstr (vigil_override_get_end_reason (g_ptr_array_index (overrides, 0)), ==, "family discharged");
    g_assert_cmpstr (vigil_audit_entry_get_action (ended), ==, "override-ended");
    g_assert_cmpstr (vigil_audit_entry_get_reason (ended), ==, "family discharged");
  }

  /* A discharged family takes no more changes; its room takes a new family;
   * its case reference is never reused. */
  take_snapshot (centre, &before);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "LA-1", VIGIL_STATE_STAGE_1, 0, "x", NULL, NULL, &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "discharged");
  g_clear_error (&refusal);
  add_family (centre, "LA-9", "Room 1", "2027-02-10", VIGIL_STATE_STAGE_1, "2027-02-09");
}

/* A discharge never leaves a baby's watcher stranded nor a watch request
 * showing on every console for a family that has gone. */
static void
test_discharge_with_duty_and_request (Centre        *centre,
                                      gconstpointer  data)
{
  g_autoptr(VigilWatchRequest) request = NULL;
  g_autoptr(VigilDuty) duty = NULL;
  g_autoptr(VigilDuty) ended = NULL;
  g_autoptr(VigilDuty) still = NULL;
  g_autoptr(GPtrArray) duties = NULL;
  g_autoptr(GPtrArray) uncovered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  GError *refusal = NULL;

  add_family (centre, "LA-1", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_2, "2027-01-04");
  duty = vigil_site_start_duty (centre->site, centre->operator, "LA-1", NULL, &error);
  g_assert_no_error (error);

  take_snapshot (centre, &before);
  g_assert_false (vigil_site_discharge_family (centre->site, centre->lead, "LA-1", NULL, "went home", &refusal));
  assert_refused (centre, before, refusal, VIGIL_ERROR_INVALID, "end or hand over the duty first");
  g_assert_nonnull (strstr (refusal->message, OPERATOR));
  g_clear_error (&refusal);
  still = vigil_site_get_open_duty (centre->site, "LA-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (still);

  ended = vigil_site_end_duty (centre->site, centre->operator, "LA-1", "Settled night; baby fed at 02:00.", &error);
  g_assert_no_error (error);

  /* The parents ask for a watcher again, and then leave before anyone takes
   * it: the discharge closes the request, with its own entry. */
  request = vigil_site_request_watch (centre->site, centre->operator, "LA-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_site_discharge_family (centre->site, centre->lead, "LA-1", NULL, "went home", &error));
  g_assert_no_error (error);
  assert_last_audit (centre->site, TEAM_LEAD, "family-discharged", "family:LA-1", "went home");
  {
    g_autoptr(VigilAuditEntry) closed = audit_entry_from_end (centre->site, 1);
    g_autofree char *detail = g_strdup_printf ("request=%" G_GINT64_FORMAT, vigil_watch_request_get_id (request));

    g_assert_cmpstr (vigil_audit_entry_get_action (closed), ==, "watch-request-closed");
    g_assert_cmpstr (vigil_audit_entry_get_reason (closed), ==, "family discharged");
    g_assert_cmpstr (vigil_audit_entry_get_detail (closed), ==, detail);
  }

  g_assert_true (vigil_site_get_coverage (centre->site, &duties, &uncovered, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (duties->len, ==, 0);
  g_assert_cmpuint (uncovered->len, ==, 0);
}

static void
add_labelled_family (Centre           *centre,
                     const char       *case_ref,
                     const char       *label,
                     const char       *room,
                     const char       *admitted_on,
                     VigilFamilyState  stage,
                     const char       *agreement)
{
  g_autoptr(VigilFamily) family = vigil_family_new (case_ref, label, room, admitted_on);
  g_autoptr(GError) error = NULL;

  vigil_family_set_agreement (family, agreement, TRUE);
  g_assert_true (vigil_site_add_family (centre->site, centre->lead, family, stage, NULL, &error));
  g_assert_no_error (error);
}

static void
explain_family (Centre              *centre,
                const char          *case_ref,
                const char          *at,
                VigilPolicyDecision *decision)
{
  g_autoptr(GError) error = NULL;

  vigil_policy_decision_clear (decision);
  g_assert_true (vigil_site_explain_family (centre->site, case_ref, vigil_test_instant (at), decision, &error));
  g_assert_no_error (error);
  g_test_message ("%s at %s: %s", case_ref, at, decision->basis);
}

static void
explain_camera (Centre              *centre,
                const char          *camera,
                const char          *at,
                VigilPolicyDecision *decision)
{
  g_autoptr(GError) error = NULL;

  vigil_policy_decision_clear (decision);
  g_assert_true (vigil_site_explain_camera (centre->site, camera, vigil_test_instant (at), decision, &error));
  g_assert_no_error (error);
  g_test_message ("%s at %s: %s", camera, at, decision->basis);
}

/* A family is placed until the end of its discharge day, in the site zone:
 * on 2027-10-31 the clocks go back, so that day is 25 hours long and ends at
 * 2027-11-01T00:00Z, not 24 hours after its start (23:00Z). */
static void
test_discharge_day (Centre        *centre,
                    gconstpointer  data)
{
  g_auto(VigilPolicyDecision) decision = { 0 };
  g_autoptr(GError) error = NULL;

  set_now (centre, "2027-10-20T12:00:00Z");
  add_labelled_family (centre, "LA-1", "AB", "Room 1", "2027-10-01", VIGIL_STATE_STAGE_2, "2027-09-30");
  set_now (centre, "2027-11-02T12:00:00Z");
  g_assert_true (vigil_site_discharge_family (centre->site, centre->lead, "LA-1", "2027-10-31", "went home",
                                             &error));
  g_assert_no_error (error);

  explain_family (centre, "LA-1", "2027-10-31T10:00:00Z", &decision);
  g_assert_true (decision.record);
  explain_family (centre, "LA-1", "2027-10-31T23:30:00Z", &decision);
  g_assert_true (decision.record);
  explain_family (centre, "LA-1", "2027-10-31T23:59:59Z", &decision);
  g_assert_true (decision.record);
  g_assert_cmpint (decision.next_change, ==, vigil_test_instant ("2027-11-01T00:00:00Z"));
  explain_family (centre, "LA-1", "2027-11-01T00:00:00Z", &decision);
  g_assert_false (decision.record);
  g_assert_cmpint (decision.live_view, ==, VIGIL_LIVE_VIEW_DENIED);

  /* In summer time the day ends at 23:00 UTC. */
  add_labelled_family (centre, "LA-2", "CD", "Room 2", "2027-07-01", VIGIL_STATE_STAGE_1, "2027-06-30");
  g_assert_true (vigil_site_discharge_family (centre->site, centre->lead, "LA-2", "2027-07-20", NULL, &error));
  g_assert_no_error (error);
  explain_family (centre, "LA-2", "2027-07-20T22:59:59Z", &decision);
  g_assert_true (decision.record);
  g_assert_cmpint (decision.next_change, ==, vigil_test_instant ("2027-07-20T23:00:00Z"));
  explain_family (centre, "LA-2", "2027-07-20T23:00:00Z", &decision);
  g_assert_false (decision.record);
}

/* A camera's answer for a past instant is that of the family placed in its
 * room then, not of whoever is there now. */
static void
test_camera_family_at_instant (Centre        *centre,
                               gconstpointer  data)
{
  g_autoptr(VigilCamera) camera = vigil_camera_new ("Cot cam", VIGIL_LOCATION_FAMILY_ROOM, "Room 1",
                                                    "rtsp://cam1.local/main", NULL, TRUE);
  g_autoptr(VigilCamera) other = vigil_camera_new ("Cot cam 2", VIGIL_LOCATION_FAMILY_ROOM, "Room 2",
                                                   "rtsp://cam2.local/main", NULL, TRUE);
  g_auto(VigilPolicyDecision) decision = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_camera (centre->site, centre->manager, camera, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_camera (centre->site, centre->manager, other, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* AB in Room 1 at stage 1 until 2027-02-03; EF from that same day at stage
   * 3 with no window, so the two answers differ. */
  set_now (centre, "2027-01-20T12:00:00Z");
  add_labelled_family (centre, "LA-1", "AB", "Room 1", "2027-01-05", VIGIL_STATE_STAGE_1, "2027-01-04");
  set_now (centre, "2027-02-03T12:00:00Z");
  g_assert_true (vigil_site_discharge_family (centre->site, centre->lead, "LA-1", NULL, NULL, &error));
  g_assert_no_error (error);
  add_labelled_family (centre, "LA-2", "EF", "Room 1", "2027-02-03", VIGIL_STATE_STAGE_3, "2027-02-03");
  set_now (centre, "2027-02-10T12:00:00Z");

  explain_camera (centre, "Cot cam", "2027-01-04T12:00:00Z", &decision);
  g_assert_false (decision.record);
  g_assert_cmpint (decision.live_view, ==, VIGIL_LIVE_VIEW_DENIED);

  explain_camera (centre, "Cot cam", "2027-01-20T12:00:00Z", &decision);
  g_assert_true (decision.record);
  g_assert_true (decision.record_audio);
  g_assert_nonnull (strstr (decision.basis, "AB"));

  explain_camera (centre, "Cot cam", "2027-02-02T23:59:59Z", &decision);
  g_assert_true (decision.record);
  g_assert_nonnull (strstr (decision.basis, "AB"));

  /* The day one family leaves and the next arrives belongs to the new one. */
  explain_camera (centre, "Cot cam", "2027-02-03T09:00:00Z", &decision);
  g_assert_false (decision.record);
  g_assert_cmpint (decision.live_view, ==, VIGIL_LIVE_VIEW_REASON_REQUIRED);
  g_assert_nonnull (strstr (decision.basis, "EF"));

  explain_camera (centre, "Cot cam", "2027-02-10T12:00:00Z", &decision);
  g_assert_nonnull (strstr (decision.basis, "EF"));

  /* A family admitted ahead of arrival: the empty room's answer changes the
   * moment they arrive. */
  add_labelled_family (centre, "LA-3", "GH", "Room 2", "2027-02-15", VIGIL_STATE_STAGE_2, "2027-02-09");
  explain_camera (centre, "Cot cam 2", "2027-02-10T12:00:00Z", &decision);
  g_assert_false (decision.record);
  g_assert_cmpint (decision.live_view, ==, VIGIL_LIVE_VIEW_DENIED);
  g_assert_cmpint (decision.next_change, ==, vigil_test_instant ("2027-02-15T00:00:00Z"));
  explain_camera (centre, "Cot cam 2", "2027-02-15T00:00:00Z", &decision);
  g_assert_true (decision.record);
  g_assert_nonnull (strstr (decision.basis, "GH"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, logins) \
  g_test_add (path, Centre, CENTRE_LOGINS (logins), centre_setup, func, centre_teardown)
  ADD ("/centre/permissions", test_permissions, CENTRE_LEAD | CENTRE_OPERATOR);
  ADD ("/centre/rooms", test_rooms, CENTRE_MANAGER);
  ADD ("/centre/names-unique-in-database", test_names_unique_in_database, CENTRE_LEAD);
  ADD ("/centre/cameras/validation", test_camera_validation, CENTRE_MANAGER);
  ADD ("/centre/cameras/credentials", test_camera_credentials, CENTRE_MANAGER);
  ADD ("/centre/families/rules", test_family_rules, CENTRE_LEAD);
  ADD ("/centre/families/agreement-and-discharge", test_family_agreement_and_discharge, CENTRE_LEAD);
  ADD ("/centre/families/discharge-day", test_discharge_day, CENTRE_LEAD);
  ADD ("/centre/families/discharge-with-duty-and-request", test_discharge_with_duty_and_request,
       CENTRE_LEAD | CENTRE_OPERATOR);
  ADD ("/centre/policy/camera-family-at-instant", test_camera_family_at_instant,
       CENTRE_LEAD | CENTRE_MANAGER);
#undef ADD

  return g_test_run ();
}
