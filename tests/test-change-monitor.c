/* test-change-monitor.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-change-monitor"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vigil-change-monitor-private.h"
#include "vigil-test-utils.h"

/* Change signals: a change committed by vigilctl in another process, by
 * this process through the site, or by anyone writing to the file directly,
 * reaches the monitor and the list models a console binds to. The deadline
 * for seeing a change is 2 s: the promise is 1 s, and the margin is for a
 * busy machine. */

#define SEEN_DEADLINE_MS 2000
#define IDLE_MS          1500
#define SLOW_DEADLINE_MS 60000
#define PASSWORD         "operator-pass"

typedef struct
{
  char               *dir;
  VigilSite          *site;
  VigilSession       *manager;
  VigilChangeMonitor *monitor;
  GThread            *main_thread;
  VigilChangeKind     seen;         /* every kind told since the last reset */
  guint               n_emissions;
  gboolean            off_thread;
} Fixture;

/* ---- waiting ------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds or @ms have passed; gives the
 * condition's last value. */
static gboolean
wait_until (Condition condition,
            gpointer  data,
            guint     ms)
{
  gboolean expired = FALSE;
  guint timeout_id = g_timeout_add (ms, set_flag, &expired);

  while (!condition (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (timeout_id);

  return condition (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static gboolean
list_loaded (gpointer data)
{
  return !vigil_record_list_get_loading (data);
}

static void
wait_loaded (VigilRecordList *list)
{
  g_assert_true (wait_until (list_loaded, list, SLOW_DEADLINE_MS));
  g_assert_null (vigil_record_list_get_error (list));
}

/* ---- vigilctl in another process ---------------------------------------- */

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Run;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Run *run = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &run->error);
  run->done = TRUE;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

/* Runs vigilctl on the fixture's site with @input on its standard input,
 * while this process's main loop goes on as a console's would, and checks
 * that it succeeded. The arguments after @input end with NULL. */
G_GNUC_NULL_TERMINATED static void
vigilctl (Fixture    *fixture,
          const char *input,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  Run run = { 0 };
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("VIGILCTL"));
  g_assert_nonnull (argv->pdata[0]);
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, fixture->dir);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, on_communicated, &run);
  g_assert_true (wait_until (run_done, &run, SLOW_DEADLINE_MS));
  g_assert_no_error (run.error);

  shown = g_strjoinv (" ", (char **) argv->pdata + 3);
  g_test_message ("vigilctl %s → %d\n%s%s", shown, g_subprocess_get_exit_status (process), run.out, run.err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_free (run.out);
  g_free (run.err);
}

#define AS_MANAGER "--as", VIGIL_TEST_MANAGER, "--password-stdin"
#define MANAGER_INPUT VIGIL_TEST_MANAGER_PASSWORD "\n"

/* ---- the fixture -------------------------------------------------------- */

static void
on_changed (VigilChangeMonitor *monitor,
            VigilChangeKind     kinds,
            gpointer            data)
{
  Fixture *fixture = data;

  g_assert_cmpuint (kinds, !=, VIGIL_CHANGE_KIND_NONE);
  fixture->seen |= kinds;
  fixture->n_emissions++;
  if (g_thread_self () != fixture->main_thread)
    fixture->off_thread = TRUE;
}

/* A site with the manager, an operator, two rooms and family CD-456 in
 * Room 2, all written before the monitor starts. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VigilFamily) family = vigil_family_new ("CD-456", "C.D.", "Room 2", "2026-11-02");
  g_autoptr(GError) error = NULL;

  fixture->main_thread = g_thread_self ();
  fixture->site = vigil_test_site_new (&fixture->dir);
  fixture->manager = vigil_test_login_manager (fixture->site);
  vigil_test_add_staff (fixture->site, fixture->manager, "okhan", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  g_assert_true (vigil_site_add_room (fixture->site, fixture->manager, "Room 1", NULL, &error));
  g_assert_true (vigil_site_add_room (fixture->site, fixture->manager, "Room 2", NULL, &error));
  g_assert_true (vigil_site_add_family (fixture->site, fixture->manager, family, VIGIL_STATE_STAGE_1, NULL, &error));
  g_assert_no_error (error);

  fixture->monitor = vigil_change_monitor_new (fixture->site, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->monitor, "changed", G_CALLBACK (on_changed), fixture);
}

static gboolean
only_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_false (fixture->off_thread);
  /* A list's last reading may still be running after the list is gone
   * (another change came while it read); it lets go of the site when it
   * ends. */
  g_assert_true (wait_until (only_ref, fixture->site, SLOW_DEADLINE_MS));
  g_signal_handlers_disconnect_by_data (fixture->monitor, fixture);
  g_assert_finalize_object (g_steal_pointer (&fixture->monitor));
  g_assert_finalize_object (g_steal_pointer (&fixture->manager));
  g_assert_finalize_object (g_steal_pointer (&fixture->site));
  vigil_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static gboolean
seen_all (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  VigilChangeKind wanted = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return (fixture->seen & wanted) == wanted;
}

/* Waits until every kind in @wanted has been told. */
static void
assert_seen (Fixture         *fixture,
             VigilChangeKind  wanted)
{
  gpointer data[] = { fixture, GUINT_TO_POINTER (wanted) };

  if (!wait_until (seen_all, data, SEEN_DEADLINE_MS))
    {
      g_autofree char *seen = g_flags_to_string (VIGIL_TYPE_CHANGE_KIND, fixture->seen);
      g_autofree char *want = g_flags_to_string (VIGIL_TYPE_CHANGE_KIND, wanted);
      g_test_fail_printf ("within %d ms the monitor told %s, not %s", SEEN_DEADLINE_MS, seen, want);
    }
}

static void
assert_not_seen (Fixture         *fixture,
                 VigilChangeKind  unwanted)
{
  g_autofree char *seen = g_flags_to_string (VIGIL_TYPE_CHANGE_KIND, fixture->seen);

  if ((fixture->seen & unwanted) != 0)
    g_test_fail_printf ("the monitor told %s", seen);
}

/* ---- the monitor -------------------------------------------------------- */

/* A change this process makes through the site is told, with its kind,
 * on the thread that made the monitor. */
static void
test_own_change (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_room (fixture->site, fixture->manager, "Room 3", "new wing", &error));
  g_assert_no_error (error);

  assert_seen (fixture, VIGIL_CHANGE_KIND_ROOMS | VIGIL_CHANGE_KIND_AUDIT);
  assert_not_seen (fixture, ~(VIGIL_CHANGE_KIND_ROOMS | VIGIL_CHANGE_KIND_AUDIT));
  g_assert_false (fixture->off_thread);
}

static void
on_changed_other_way (VigilChangeMonitor *monitor,
                      VigilChangeKind     kinds,
                      gpointer            data)
{
  *(VigilChangeKind *) data |= kinds;
}

static gboolean
all_ways_saw_rooms (gpointer data)
{
  VigilChangeKind *seen = data;

  return (seen[0] & seen[1] & seen[2] & VIGIL_CHANGE_KIND_ROOMS) != 0;
}

/* Someone writing to the file without Vigil is noticed too, by each of the
 * ways a monitor can watch: the file itself counts the change. */
static void
test_around_vigil (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *path = vigil_change_monitor_get_path (fixture->monitor);
  g_autoptr(VigilChangeMonitor) by_version = NULL;
  g_autoptr(VigilChangeMonitor) by_serials = NULL;
  g_autoptr(GError) error = NULL;
  VigilChangeKind seen[3] = { 0 };

  by_version = vigil_change_monitor_new_for_path (path, VIGIL_CHANGE_WATCH_POLL_VERSION, 100, &error);
  g_assert_no_error (error);
  by_serials = vigil_change_monitor_new_for_path (path, VIGIL_CHANGE_WATCH_POLL_SERIALS, 100, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->monitor, "changed", G_CALLBACK (on_changed_other_way), &seen[0]);
  g_signal_connect (by_version, "changed", G_CALLBACK (on_changed_other_way), &seen[1]);
  g_signal_connect (by_serials, "changed", G_CALLBACK (on_changed_other_way), &seen[2]);

  vigil_test_raw_exec (fixture->dir, "INSERT INTO rooms (name, created_at) VALUES ('Room 9', 0)");

  g_assert_true (wait_until (all_ways_saw_rooms, seen, SEEN_DEADLINE_MS));
  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    g_assert_cmpuint (seen[i], ==, VIGIL_CHANGE_KIND_ROOMS);
  g_assert_false (vigil_change_monitor_is_polling (fixture->monitor));

  g_signal_handlers_disconnect_by_data (fixture->monitor, &seen[0]);
  g_assert_finalize_object (g_steal_pointer (&by_version));
  g_assert_finalize_object (g_steal_pointer (&by_serials));
}

static gboolean
polling (gpointer data)
{
  return vigil_change_monitor_is_polling (data);
}

/* A file monitor that tells nothing (inotify out of watches) is found out
 * by the backstop at the first change it misses; from then on the monitor
 * polls, and later changes are told as before. */
static void
test_lost_file_events (Fixture       *fixture,
                       gconstpointer  data)
{
  if (vigil_test_skip_on_postgres ("the file monitor on SQLite's log is for a site on SQLite; PostgreSQL tells of changes itself"))
    return;

  g_autoptr(GError) error = NULL;

  vigil_change_monitor_lose_file_events_for_testing (fixture->monitor, 100);
  wait_until (never, NULL, 300);
  g_assert_cmpuint (fixture->n_emissions, ==, 0);
  g_assert_false (vigil_change_monitor_is_polling (fixture->monitor));

  g_assert_true (vigil_site_add_room (fixture->site, fixture->manager, "Room 3", NULL, &error));
  g_assert_no_error (error);
  assert_seen (fixture, VIGIL_CHANGE_KIND_ROOMS);
  g_assert_true (wait_until (polling, fixture->monitor, SEEN_DEADLINE_MS));

  fixture->seen = VIGIL_CHANGE_KIND_NONE;
  g_assert_true (vigil_site_set_setting (fixture->site, fixture->manager, VIGIL_SETTING_RETENTION_DAYS, "40",
                                         "policy review", &error));
  g_assert_no_error (error);
  assert_seen (fixture, VIGIL_CHANGE_KIND_SETTINGS);
  assert_not_seen (fixture, VIGIL_CHANGE_KIND_ROOMS);
}

/* ---- list models -------------------------------------------------------- */

/* Every items-changed of a list, as "position:removed:added;". */
static void
on_items_changed (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  g_string_append_printf (data, "%u:%u:%u;", position, removed, added);
}

static VigilRecordList *
loaded (VigilRecordList *list,
        GString         *log)
{
  wait_loaded (list);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), log);
  return list;
}

typedef struct
{
  GListModel *list;
  const char *property;
  const char *value;
} Lookup;

/* The position of the first item whose @property is @value, or -1. */
static int
find_item (GListModel *list,
           const char *property,
           const char *value)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);
      g_autofree char *text = NULL;

      g_object_get (item, property, &text, NULL);
      if (g_strcmp0 (text, value) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
item_shown (gpointer data)
{
  Lookup *lookup = data;
  return find_item (lookup->list, lookup->property, lookup->value) >= 0;
}

static gboolean
item_gone (gpointer data)
{
  return !item_shown (data);
}

/* Waits for an item whose @property is @value to show in @list. */
static void
assert_shows (VigilRecordList *list,
              const char      *property,
              const char      *value)
{
  Lookup lookup = { G_LIST_MODEL (list), property, value };

  if (!wait_until (item_shown, &lookup, SEEN_DEADLINE_MS))
    g_test_fail_printf ("no item with %s “%s” within %d ms", property, value, SEEN_DEADLINE_MS);
}

static void
assert_goes (VigilRecordList *list,
             const char      *property,
             const char      *value)
{
  Lookup lookup = { G_LIST_MODEL (list), property, value };

  if (!wait_until (item_gone, &lookup, SEEN_DEADLINE_MS))
    g_test_fail_printf ("the item with %s “%s” still shows after %d ms", property, value, SEEN_DEADLINE_MS);
}

/* A family vigilctl adds in another process shows in the families list,
 * with its label, as one insertion at its place; the family already shown
 * keeps its object. The monitor tells the family, its first stage and the
 * audit entry, and nothing the command did not touch. */
static void
test_families (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(VigilRecordList) families = NULL;
  g_autoptr(VigilFamily) before = NULL;
  g_autoptr(VigilFamily) after = NULL;

  families = loaded (vigil_record_list_new_families (fixture->site, fixture->monitor, FALSE), log);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (families)) == VIGIL_TYPE_FAMILY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (families)), ==, 1);
  before = g_list_model_get_item (G_LIST_MODEL (families), 0);
  g_assert_cmpstr (vigil_family_get_label (before), ==, "C.D.");

  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "family", "add", "AB-123", "--label", "A.B.", "--room", "Room 1",
            "--admitted", "2026-11-20", "--stage", "1", NULL);
  assert_shows (families, "label", "A.B.");
  assert_seen (fixture, VIGIL_CHANGE_KIND_FAMILIES | VIGIL_CHANGE_KIND_STAGES | VIGIL_CHANGE_KIND_AUDIT);
  /* The login itself may touch the manager's staff row. */
  assert_not_seen (fixture, ~(VIGIL_CHANGE_KIND_FAMILIES | VIGIL_CHANGE_KIND_STAGES | VIGIL_CHANGE_KIND_AUDIT |
                              VIGIL_CHANGE_KIND_STAFF));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (families)), ==, 2);
  g_assert_cmpint (find_item (G_LIST_MODEL (families), "case-ref", "AB-123"), ==, 0);
  g_assert_cmpstr (log->str, ==, "0:0:1;");
  after = g_list_model_get_item (G_LIST_MODEL (families), 1);
  g_assert_true (after == before);

  /* Discharged, it leaves the list of families placed now. */
  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "family", "discharge", "CD-456", NULL);
  assert_goes (families, "case-ref", "CD-456");
  g_assert_cmpstr (log->str, ==, "0:0:1;1:1:0;");

  g_signal_handlers_disconnect_by_data (families, log);
  g_assert_finalize_object (g_steal_pointer (&families));
}

/* A member vigilctl adds shows in the staff list with their name. */
static void
test_staff (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(VigilRecordList) staff = NULL;
  g_autoptr(VigilStaff) okhan_before = NULL;
  g_autoptr(VigilStaff) okhan_after = NULL;
  int okhan;

  staff = loaded (vigil_record_list_new_staff (fixture->site, fixture->monitor), log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (staff)), ==, 2);
  okhan = find_item (G_LIST_MODEL (staff), "username", "okhan");
  g_assert_cmpint (okhan, >=, 0);
  okhan_before = g_list_model_get_item (G_LIST_MODEL (staff), okhan);

  vigilctl (fixture, MANAGER_INPUT "new-member-pass\n", AS_MANAGER, "staff", "add", "jdavies",
            "--name", "Jo Davies", "--band", "3", "--role", "operator", NULL);
  assert_shows (staff, "display-name", "Jo Davies");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (staff)), ==, 3);

  /* Someone the change did not touch is the same object as before. */
  okhan = find_item (G_LIST_MODEL (staff), "username", "okhan");
  okhan_after = g_list_model_get_item (G_LIST_MODEL (staff), okhan);
  g_assert_true (okhan_after == okhan_before);

  g_signal_handlers_disconnect_by_data (staff, log);
  g_assert_finalize_object (g_steal_pointer (&staff));
}

/* Rooms and cameras vigilctl adds show in their lists. */
static void
test_rooms_and_cameras (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GString) room_log = g_string_new (NULL);
  g_autoptr(GString) camera_log = g_string_new (NULL);
  g_autoptr(VigilRecordList) rooms = NULL;
  g_autoptr(VigilRecordList) cameras = NULL;

  rooms = loaded (vigil_record_list_new_rooms (fixture->site, fixture->monitor), room_log);
  cameras = loaded (vigil_record_list_new_cameras (fixture->site, fixture->monitor), camera_log);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (rooms)) == VIGIL_TYPE_ROOM);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rooms)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cameras)), ==, 0);

  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "room", "add", "Garden Room", NULL);
  assert_shows (rooms, "name", "Garden Room");
  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "camera", "add", "Garden", "--location", "family-room",
            "--room", "Garden Room", "--url", "rtsp://camera.local/garden", NULL);
  assert_shows (cameras, "name", "Garden");
  g_assert_cmpstr (camera_log->str, ==, "0:0:1;");
  /* The camera did not change the rooms. */
  g_assert_cmpstr (room_log->str, ==, "0:0:1;");

  g_signal_handlers_disconnect_by_data (rooms, room_log);
  g_signal_handlers_disconnect_by_data (cameras, camera_log);
  g_assert_finalize_object (g_steal_pointer (&rooms));
  g_assert_finalize_object (g_steal_pointer (&cameras));
}

/* A watch request shows in the open requests; a duty started for the
 * family shows in the duties, with its operator, and the request leaves. */
static void
test_duties_and_requests (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GString) duty_log = g_string_new (NULL);
  g_autoptr(GString) request_log = g_string_new (NULL);
  g_autoptr(VigilRecordList) duties = NULL;
  g_autoptr(VigilRecordList) requests = NULL;
  g_autoptr(VigilDuty) duty = NULL;

  duties = loaded (vigil_record_list_new_duties (fixture->site, fixture->monitor), duty_log);
  requests = loaded (vigil_record_list_new_watch_requests (fixture->site, fixture->monitor), request_log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (duties)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (requests)), ==, 0);

  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "watch", "request", "CD-456", "--reason", "parents asleep", NULL);
  assert_shows (requests, "case-ref", "CD-456");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (duties)), ==, 0);

  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "duty", "start", "CD-456", "--for", "okhan", NULL);
  assert_shows (duties, "case-ref", "CD-456");
  assert_goes (requests, "case-ref", "CD-456");
  duty = g_list_model_get_item (G_LIST_MODEL (duties), 0);
  g_assert_cmpstr (vigil_duty_get_operator (duty), ==, "okhan");
  g_assert_cmpstr (vigil_duty_get_family_label (duty), ==, "C.D.");
  g_assert_cmpstr (duty_log->str, ==, "0:0:1;");
  g_assert_cmpstr (request_log->str, ==, "0:0:1;0:1:0;");

  g_signal_handlers_disconnect_by_data (duties, duty_log);
  g_signal_handlers_disconnect_by_data (requests, request_log);
  g_assert_finalize_object (g_steal_pointer (&duties));
  g_assert_finalize_object (g_steal_pointer (&requests));
}

/* One family's notes: a note written for it shows, one written for
 * another family changes nothing there. */
static void
test_notes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(VigilRecordList) notes = NULL;
  g_autoptr(VigilRecordList) unknown = NULL;
  g_autoptr(VigilFamily) family = vigil_family_new ("EF-789", "E.F.", "Room 1", "2026-11-03");
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (fixture->dir, "other.txt", NULL);
  g_autofree char *body = g_build_filename (fixture->dir, "note.txt", NULL);

  g_assert_true (vigil_site_add_family (fixture->site, fixture->manager, family, VIGIL_STATE_STAGE_1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (other, "Mother asked for the lights dimmed.\n", -1, NULL));
  g_assert_true (g_file_set_contents (body, "Baby settled at 22:10.\n", -1, NULL));

  notes = loaded (vigil_record_list_new_notes (fixture->site, fixture->monitor, "CD-456"), log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (notes)), ==, 0);

  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "note", "add", "EF-789", "--file", other, NULL);
  vigilctl (fixture, MANAGER_INPUT, AS_MANAGER, "note", "add", "CD-456", "--file", body, NULL);
  assert_shows (notes, "body", "Baby settled at 22:10.");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (notes)), ==, 1);
  g_assert_cmpstr (log->str, ==, "0:0:1;");
  note = g_list_model_get_item (G_LIST_MODEL (notes), 0);
  g_assert_cmpstr (vigil_note_get_case_ref (note), ==, "CD-456");

  /* A family nobody knows: an empty list that says why. */
  unknown = vigil_record_list_new_notes (fixture->site, fixture->monitor, "ZZ-999");
  g_assert_true (wait_until (list_loaded, unknown, SLOW_DEADLINE_MS));
  g_assert_error (vigil_record_list_get_error (unknown), VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (unknown)), ==, 0);

  g_signal_handlers_disconnect_by_data (notes, log);
  g_assert_finalize_object (g_steal_pointer (&notes));
  g_assert_finalize_object (g_steal_pointer (&unknown));
}

/* Nothing changing: no signal and no items-changed, even while another
 * process reads the site; then a change of another kind of record leaves
 * the lists as they were. */
static void
test_idle (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(VigilRecordList) families = NULL;
  g_autoptr(VigilRecordList) duties = NULL;
  g_autoptr(GError) error = NULL;

  families = loaded (vigil_record_list_new_families (fixture->site, fixture->monitor, TRUE), log);
  duties = loaded (vigil_record_list_new_duties (fixture->site, fixture->monitor), log);

  vigilctl (fixture, "", "family", "list", NULL);
  vigilctl (fixture, "", "coverage", NULL);
  wait_until (never, NULL, IDLE_MS);
  g_assert_cmpuint (fixture->n_emissions, ==, 0);
  g_assert_cmpstr (log->str, ==, "");

  g_assert_true (vigil_site_set_setting (fixture->site, fixture->manager, VIGIL_SETTING_RETENTION_DAYS, "40",
                                         "policy review", &error));
  g_assert_no_error (error);
  assert_seen (fixture, VIGIL_CHANGE_KIND_SETTINGS);
  assert_not_seen (fixture, VIGIL_CHANGE_KIND_FAMILIES | VIGIL_CHANGE_KIND_DUTIES);
  g_assert_false (vigil_record_list_get_loading (families));
  g_assert_false (vigil_record_list_get_loading (duties));
  g_assert_cmpstr (log->str, ==, "");

  g_signal_handlers_disconnect_by_data (families, log);
  g_signal_handlers_disconnect_by_data (duties, log);
  g_assert_finalize_object (g_steal_pointer (&families));
  g_assert_finalize_object (g_steal_pointer (&duties));
}

/* A list dropped while it is still reading is freed at once; the reading
 * finishes on its own. */
static void
test_dropped_while_loading (Fixture       *fixture,
                            gconstpointer  data)
{
  VigilRecordList *staff = vigil_record_list_new_staff (fixture->site, fixture->monitor);
  g_autoptr(VigilRecordList) rooms = NULL;

  g_assert_true (vigil_record_list_get_loading (staff));
  g_assert_finalize_object (staff);

  /* Another list works on while the first one's reading ends. */
  rooms = vigil_record_list_new_rooms (fixture->site, fixture->monitor);
  wait_loaded (rooms);
  g_assert_finalize_object (g_steal_pointer (&rooms));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/change-monitor/own-change", test_own_change, NULL);
  ADD ("/change-monitor/around-vigil", test_around_vigil, NULL);
  ADD ("/change-monitor/lost-file-events", test_lost_file_events, NULL);
  ADD ("/record-list/families", test_families, NULL);
  ADD ("/record-list/staff", test_staff, NULL);
  ADD ("/record-list/rooms-and-cameras", test_rooms_and_cameras, NULL);
  ADD ("/record-list/duties-and-requests", test_duties_and_requests, NULL);
  ADD ("/record-list/notes", test_notes, NULL);
  ADD ("/record-list/idle", test_idle, NULL);
  ADD ("/record-list/dropped-while-loading", test_dropped_while_loading, NULL);
#undef ADD

  return g_test_run ();
}
