/* test-console-exports.c: court bundle exports from the console, driven
 * over AT-SPI in a real window on the tests' display, on footage the real
 * recorder made: a team lead requests an export (refused first in the
 * core's words, nothing typed lost) and is refused approving it; a manager
 * approves it and writes the bundle, which sha256sum and vigilctl's
 * verifier accept; a run cancelled leaves no folder and is on the trail;
 * an operator has no Exports section.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-exports"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "desk-fixture.h"

#define EXHIBIT  "TL-1"
#define PURPOSE  "Care of the baby at night, for the hearing"
#define APPROVAL "Relevant to the hearing on the night routine"

/* The console's writes run on its worker a moment after the click. */
#define CORE_WAIT_US (20 * G_USEC_PER_SEC)
static const DeskScene scene = { .rooms = 2, .rt_stage = VIGIL_STATE_STAGE_2 };

/* The footage the recorder made before the console started: both
 * cameras' closed segments overlap [recorded_from, recorded_to). */
static gint64 recorded_from;
static gint64 recorded_to;

/* Real footage: vigil-recorder records room1 and room2 (K.M. and R.T. at
 * stage 2 record always) until each has two closed segments, and stops. */
static void
record_footage (Desk         *desk,
                VigilSession *lead)
{
  const char *cameras[] = { "room1", "room2", NULL };

  desk_record (desk, cameras, 2);

  /* From the start of room1's first segment to the end of its second:
   * both cameras recorded over most of it. */
  {
    g_autoptr(GPtrArray) segments = desk_segments (desk, "room1");

    recorded_from = vigil_segment_get_start (g_ptr_array_index (segments, 0));
    recorded_to = vigil_segment_get_end (g_ptr_array_index (segments, 1));
  }
}

static char *
site_time (Desk   *desk,
           gint64  instant)
{
  return vigil_time_format_local (instant, vigil_site_get_time_zone (desk->site), "%Y-%m-%d %H:%M:%S");
}

static void
press (AtspiAccessible *root,
       const char      *name)
{
  g_autoptr(AtspiAccessible) button = console_find_in (root, ATSPI_ROLE_PUSH_BUTTON, name, NULL);

  console_click (button);
}

static void
type_into (AtspiAccessible *root,
           const char      *name,
           const char      *text)
{
  g_autoptr(AtspiAccessible) entry = console_find_in (root, ATSPI_ROLE_TEXT, name, NULL);

  console_type (entry, text);
}

/* Switches to Exports and waits until the list has been read. */
static void
show_exports (Desk *desk)
{
  g_autoptr(AtspiAccessible) status = NULL;
  g_autofree char *text = NULL;

  desk_show_section (desk, "Exports");
  status = console_find_in (desk->main, ATSPI_ROLE_LABEL, NULL, "Exports status");
  text = console_wait_text (status, "xport");
}

/* The export's row, once its name has @part; returns the name. */
static char *
export_row (Desk       *desk,
            gint64      id,
            const char *part)
{
  g_autofree char *prefix = g_strdup_printf ("Export %" G_GINT64_FORMAT ": ", id);
  g_autoptr(AtspiAccessible) list = console_find_in (desk->main, ATSPI_ROLE_LIST, "Exports", NULL);
  g_autoptr(AtspiAccessible) row = console_find_prefix (list, ATSPI_ROLE_LIST_ITEM, prefix);

  return console_wait_name (row, part);
}

static VigilExport *
only_export (Desk *desk)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (desk->site);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exports = vigil_site_list_exports (desk->site, manager, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (exports->len, ==, 1);
  return g_object_ref (g_ptr_array_index (exports, 0));
}

static char *
hold_date (Desk *desk)
{
  GTimeZone *zone = vigil_site_get_time_zone (desk->site);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 90);

  return g_date_time_format (later, "%Y-%m-%d");
}

/* The team lead asks for room1 and room2 over the recorded range for
 * K.M.: refused first without a purpose, in the core's words, with what
 * was typed kept; then listed as requested. */
static gint64
request_as_lead (Desk *desk)
{
  g_autoptr(AtspiAccessible) open = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, "Request Export…", NULL);
  g_autoptr(AtspiAccessible) exhibit = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) refused = NULL;
  g_autoptr(AtspiAccessible) family = NULL;
  g_autoptr(VigilSession) lead = vigil_test_login (desk->site, LEAD, LEAD_PASSWORD);
  g_autoptr(VigilExport) export = NULL;
  g_autoptr(GError) refusal = NULL;
  const char *cameras[] = { "room1", "room2", NULL };
  g_autofree char *from = site_time (desk, recorded_from);
  /* The end is left out: the second after the footage ends. */
  g_autofree char *to = site_time (desk, recorded_to + G_USEC_PER_SEC);
  g_autofree char *text = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *name = NULL;
  gint64 parsed_from = 0, parsed_to = 0;

  /* What the core says of a request with no purpose. */
  g_assert_true (vigil_time_parse (from, vigil_site_get_time_zone (desk->site), &parsed_from, NULL));
  g_assert_true (vigil_time_parse (to, vigil_site_get_time_zone (desk->site), &parsed_to, NULL));
  g_assert_null (vigil_site_request_export (desk->site, lead, cameras, parsed_from, parsed_to, KM_REF, EXHIBIT, "",
                                            &refusal));
  g_assert_nonnull (refusal);

  /* The button is on a page just switched to: its first click may be lost. */
  exhibit = console_click_until (open, desk->console->app, ATSPI_ROLE_TEXT, "Exhibit", NULL);
  dialog = console_find_window (desk->console, "Request Export");
  press (dialog, "room1");
  press (dialog, "room2");
  /* The families are read on the worker. */
  family = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "K.M. (" KM_REF ")", NULL);
  console_click (family);
  type_into (dialog, "From", from);
  type_into (dialog, "To", to);
  console_type (exhibit, EXHIBIT);
  press (dialog, "Request");

  refused = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  text = console_wait_text (refused, refusal->message);
  g_assert_cmpstr (text, ==, refusal->message);
  kept = console_read (exhibit);
  g_assert_cmpstr (kept, ==, EXHIBIT);
  console_screenshot ("request-refused");

  type_into (dialog, "Purpose", PURPOSE);
  press (dialog, "Request");
  vigil_test_wait_audit (desk->site, LEAD, "export-requested", NULL, NULL, CORE_WAIT_US);
  export = only_export (desk);
  g_assert_cmpint (vigil_export_get_from (export), ==, parsed_from);
  g_assert_cmpint (vigil_export_get_to (export), ==, parsed_to);
  g_assert_cmpstr (vigil_export_get_case_ref (export), ==, KM_REF);
  g_assert_cmpstr (vigil_export_get_cameras (export)[1], ==, "room2");
  name = export_row (desk, vigil_export_get_id (export), "requested");
  g_assert_nonnull (strstr (name, KM_REF ", exhibit " EXHIBIT));
  console_screenshot ("requested");
  return vigil_export_get_id (export);
}

/* Opens Approve… on export @id and fills it in. */
static AtspiAccessible *
approve_dialog (Desk       *desk,
                gint64      id,
                const char *reason,
                const char *date)
{
  g_autofree char *button = g_strdup_printf ("Approve export %" G_GINT64_FORMAT, id);
  g_autofree char *title = g_strdup_printf ("Approve Export %" G_GINT64_FORMAT, id);
  g_autoptr(AtspiAccessible) open = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, button, NULL);
  g_autoptr(AtspiAccessible) entry = console_click_until (open, desk->console->app, ATSPI_ROLE_TEXT, "Held until",
                                                          NULL);
  AtspiAccessible *dialog = console_find_window (desk->console, title);

  type_into (dialog, "Reason", reason);
  console_type (entry, date);
  return dialog;
}

static void
log_in_as (Desk       *desk,
           const char *username,
           const char *password)
{
  g_autoptr(AtspiAccessible) log_out = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, "Log Out", NULL);
  g_autoptr(AtspiAccessible) user = NULL;
  g_autoptr(AtspiAccessible) secret = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  g_autoptr(AtspiAccessible) wall = NULL;

  console_click (log_out);
  vigil_test_wait_audit (desk->site, NULL, "logout", NULL, NULL, CORE_WAIT_US);
  user = console_find (desk->console, ATSPI_ROLE_TEXT, "Username", NULL);
  secret = console_find (desk->console, ATSPI_ROLE_PASSWORD_TEXT, "Password", NULL);
  button = console_find (desk->console, ATSPI_ROLE_PUSH_BUTTON, "Log In", NULL);
  console_type (user, username);
  console_type (secret, password);
  console_click (button);
  wall = console_find (desk->console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
}

/* Write Bundle… on export @id with @dest typed as its folder; returns the
 * dialog's Write button. */
static AtspiAccessible *
write_dialog (Desk       *desk,
              gint64      id,
              const char *dest)
{
  g_autofree char *button = g_strdup_printf ("Write export %" G_GINT64_FORMAT, id);
  g_autofree char *title = g_strdup_printf ("Write Export %" G_GINT64_FORMAT, id);
  g_autoptr(AtspiAccessible) open = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, button, NULL);
  g_autoptr(AtspiAccessible) entry = console_click_until (open, desk->console->app, ATSPI_ROLE_TEXT,
                                                          "Destination folder", NULL);
  g_autoptr(AtspiAccessible) dialog = console_find_window (desk->console, title);
  g_autofree char *suggested = console_read (entry);

  /* The default is the person's own "Vigil Exports" folder. */
  g_assert_true (g_str_has_suffix (suggested, "Vigil Exports"));
  console_type (entry, dest);
  return console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Write", NULL);
}

static int
run_in (const char  *dir,
        const char  *first,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status = -1;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (dir, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s failed: %s%s", first, out, err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static gboolean
folder_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir == NULL || g_dir_read_name (dir) == NULL;
}

/* The whole way: requested by a team lead, refused to her as its
 * approver, approved by a manager, written (with progress) and verified,
 * and written again but cancelled, leaving nothing. */
static void
test_request_approve_write (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) refused = NULL;
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(VigilExport) export = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *approved = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *cancelled_dest = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *progress_name = NULL;
  g_autofree char *done = NULL;
  g_autoptr(AtspiAccessible) write = NULL;
  g_autoptr(AtspiAccessible) progress = NULL;
  g_autoptr(AtspiAccessible) log_out = NULL;
  const char *folder;
  gint64 id;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, record_footage);
  date = hold_date (&desk);
  show_exports (&desk);
  id = request_as_lead (&desk);

  /* Her own approval: the core refuses it, and the console says so in its
   * words. */
  lead = vigil_test_login (desk.site, LEAD, LEAD_PASSWORD);
  g_assert_null (vigil_site_approve_export (desk.site, lead, id, APPROVAL, date, &refusal));
  g_assert_error (refusal, VIGIL_ERROR, VIGIL_ERROR_PERMISSION);
  dialog = approve_dialog (&desk, id, APPROVAL, date);
  press (dialog, "Approve");
  refused = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  text = console_wait_text (refused, refusal->message);
  g_assert_cmpstr (text, ==, refusal->message);
  console_screenshot ("own-approval-refused");
  press (dialog, "Cancel");
  g_clear_object (&dialog);
  name = export_row (&desk, id, "requested");

  /* The manager approves it. */
  log_in_as (&desk, VIGIL_TEST_MANAGER, VIGIL_TEST_MANAGER_PASSWORD);
  show_exports (&desk);
  dialog = approve_dialog (&desk, id, APPROVAL, date);
  press (dialog, "Approve");
  approved = g_strdup_printf ("approved until %s", date);
  g_free (name);
  name = export_row (&desk, id, approved);
  export = only_export (&desk);
  g_assert_cmpint (vigil_export_get_state (export), ==, VIGIL_EXPORT_APPROVED);
  g_assert_cmpstr (vigil_export_get_decided_by (export), ==, VIGIL_TEST_MANAGER);
  g_assert_cmpstr (vigil_export_get_decision_reason (export), ==, APPROVAL);
  console_screenshot ("approved");

  /* Written, with its progress shown, and the folder named. */
  dest = g_build_filename (desk.dir, "bundles", NULL);
  write = write_dialog (&desk, id, dest);
  progress_name = g_strdup_printf ("Progress of export %" G_GINT64_FORMAT, id);
  /* The dialog has just opened: a first click may be lost. */
  progress = console_click_until (write, desk.main, ATSPI_ROLE_PROGRESS_BAR, progress_name, NULL);
  console_screenshot ("writing");
  g_free (name);
  name = export_row (&desk, id, "written to ");
  /* The bar stays, full, beside the folder named (the row's controls are
   * made again as the run ends: the bar is found again). */
  g_clear_object (&progress);
  progress = console_find_in (desk.main, ATSPI_ROLE_PROGRESS_BAR, progress_name, NULL);
  done = atspi_accessible_get_description (progress, NULL);
  g_assert_cmpstr (done, ==, "100%");
  folder = strstr (name, "written to ") + strlen ("written to ");
  g_assert_true (g_str_has_prefix (folder, dest));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (run_in (folder, "sha256sum", "--quiet", "-c", "SHA256SUMS", NULL), ==, 0);
  verified = desk_vigilctl (&desk, "bundle", "verify", folder, NULL);
  vigil_test_wait_audit (desk.site, VIGIL_TEST_MANAGER, "export-finished", NULL, NULL, CORE_WAIT_US);
  console_screenshot ("written");

  /* Written again, elsewhere, and the manager logs out as it starts: the
   * run is cancelled, leaves nothing, and the trail says so. (A bundle of
   * these few seconds is written in well under a second, too quickly to
   * catch with the row's Cancel button; logging out is pressed at once.) */
  cancelled_dest = g_build_filename (desk.dir, "cancelled", NULL);
  g_clear_object (&write);
  write = write_dialog (&desk, id, cancelled_dest);
  log_out = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Log Out", NULL);
  console_click (write);
  console_click (log_out);
  vigil_test_wait_audit (desk.site, VIGIL_TEST_MANAGER, "export-started", NULL, "run=2", CORE_WAIT_US);
  vigil_test_wait_audit (desk.site, VIGIL_TEST_MANAGER, "export-cancelled", NULL, NULL, CORE_WAIT_US);
  g_assert_false (vigil_test_audit_has (desk.site, VIGIL_TEST_MANAGER, "export-finished", NULL, "run=2"));
  g_assert_true (folder_is_empty (cancelled_dest));
  console_screenshot ("cancelled");

  desk_close (&desk);
}

/* An operator has no Exports section (the core refuses anyway). */
static void
test_operator_not_offered (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) duties = NULL;

  desk_open (&desk, &scene, OPERATOR, OPERATOR_PASSWORD, NULL);
  duties = console_find_in (desk.main, ATSPI_ROLE_PAGE_TAB, "Duties", NULL);
  g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PAGE_TAB, "Exports"));
  g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Request Export…"));
  console_screenshot ("operator");

  desk_close (&desk);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-exports/request-approve-write", test_request_approve_write);
  g_test_add_func ("/console-exports/operator-not-offered", test_operator_not_offered);

  return g_test_run ();
}
