/* test-console-families.c: the team lead's desk, driven over AT-SPI in a
 * real window on the tests' display: a family's stage, windows and
 * override changed from the console, previewed before saving, judged by
 * the core, and followed by the wall and by vigilctl.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-families"

#include "config.h"

#include <string.h>

#include "desk-fixture.h"

/* Room 1: K.M. at stage 2; Room 2: R.T. at stage 3 with no window. */
static const DeskScene scene = { .rooms = 2, .rt_stage = VIGIL_STATE_STAGE_3 };

/* Opens the family's page from the list; returns its summary label, once
 * it says @state. */
static AtspiAccessible *
open_family (Desk       *desk,
             const char *family,
             const char *state)
{
  g_autofree char *open_name = g_strdup_printf ("Open %s", family);
  g_autoptr(AtspiAccessible) open = NULL;
  AtspiAccessible *summary;
  g_autofree char *text = NULL;

  desk_show_section (desk, "Families");
  open = console_find_in (desk->main, ATSPI_ROLE_PUSH_BUTTON, open_name, NULL);
  summary = console_click_until (open, desk->main, ATSPI_ROLE_LABEL, NULL, "The family now");
  text = console_wait_text (summary, state);
  return summary;
}

static VigilFamilyState
stage_now (Desk       *desk,
           const char *case_ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vigil_site_list_stage_changes (desk->site, case_ref, &error);

  g_assert_no_error (error);
  return vigil_stage_change_list_state_at (changes, vigil_site_now (desk->site));
}

/* A team lead moves K.M. from stage 2 to stage 3: the preview shows the
 * room no longer recording before anything is saved; without evidence the
 * core refuses, in its own words; with it the change is saved, and the
 * family page, the wall tile and `vigilctl policy explain` follow. */
static void
test_stage_change (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) outlook = NULL;
  g_autoptr(AtspiAccessible) change = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) stage_3 = NULL;
  g_autoptr(AtspiAccessible) reason = NULL;
  g_autoptr(AtspiAccessible) evidence = NULL;
  g_autoptr(AtspiAccessible) preview = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) wall = NULL;
  g_autoptr(AtspiAccessible) tile = NULL;
  g_autofree char *text = NULL;
  g_autofree char *explained = NULL;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  summary = open_family (&desk, KM, "stage 2 · recording with sound");
  outlook = console_find_in (desk.main, ATSPI_ROLE_LABEL, NULL, "What will happen");
  text = console_wait_text (outlook, "Records with sound");

  change = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Change Stage…", NULL);
  console_click (change);
  dialog = console_find_window (desk.console, "Change the Stage of " KM);
  stage_3 = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Stage 3", NULL);
  reason = console_find_in (dialog, ATSPI_ROLE_TEXT, "Reason for the change", NULL);
  evidence = console_find_in (dialog, ATSPI_ROLE_TEXT, "Evidence reference", NULL);
  preview = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "What will happen");
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Change Stage", NULL);

  /* The effect, before saving: stage 3 with no window records nothing. */
  console_click (stage_3);
  g_free (text);
  text = console_wait_text (preview, "Does not record in the next seven days");
  g_assert_cmpint (stage_now (&desk, "LA-2026-001"), ==, VIGIL_STATE_STAGE_2);

  /* Less observation needs the evidence: the core's words. */
  console_type (reason, "Parents settled; routines consistent for two weeks");
  console_click (save);
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  g_free (text);
  text = console_wait_text (refusal, "reduces observation: give the evidence reference");
  g_assert_cmpint (stage_now (&desk, "LA-2026-001"), ==, VIGIL_STATE_STAGE_2);

  console_type (evidence, "Weekly Placement Update 2026-11-27");
  console_click (save);
  g_free (text);
  text = console_wait_text (summary, "stage 3 · not recording");
  g_assert_cmpint (stage_now (&desk, "LA-2026-001"), ==, VIGIL_STATE_STAGE_3);
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "stage-changed", NULL, "Weekly Placement Update 2026-11-27"));
  console_screenshot ("stage-changed");

  /* The history names who, why and the evidence. */
  {
    g_autoptr(AtspiAccessible) history = console_find_in (desk.main, ATSPI_ROLE_LIST, "Stage history", NULL);
    g_autoptr(AtspiAccessible) row = console_find_prefix (history, ATSPI_ROLE_LIST_ITEM, "stage 3 from");

    g_assert_nonnull (row);
  }

  desk_show_section (&desk, "Wall");
  wall = console_find (desk.console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
  tile = console_find_prefix (wall, ATSPI_ROLE_PANEL, "Room 1 — ");
  g_free (text);
  text = console_wait_name (tile, "K.M., stage 3, not recording");

  explained = desk_vigilctl (&desk, "policy", "explain", "--family", "LA-2026-001", NULL);
  g_assert_nonnull (strstr (explained, "stage 3"));
  desk_close (&desk);
}

/* A window added in the console shows in the preview first, is saved,
 * listed on the family page, and listed by `vigilctl window list`. */
static void
test_add_window (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) add = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) days = NULL;
  g_autoptr(AtspiAccessible) starts = NULL;
  g_autoptr(AtspiAccessible) ends = NULL;
  g_autoptr(AtspiAccessible) purpose = NULL;
  g_autoptr(AtspiAccessible) preview = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) windows = NULL;
  g_autoptr(AtspiAccessible) row = NULL;
  g_autofree char *text = NULL;
  g_autofree char *listed = NULL;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  summary = open_family (&desk, RT, "stage 3 · not recording");
  add = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Add Window…", NULL);
  console_click (add);
  dialog = console_find_window (desk.console, "Add an Observation Window for " RT);
  days = console_find_in (dialog, ATSPI_ROLE_TEXT, "Days of the week", NULL);
  starts = console_find_in (dialog, ATSPI_ROLE_TEXT, "Starts at", NULL);
  ends = console_find_in (dialog, ATSPI_ROLE_TEXT, "Ends at", NULL);
  purpose = console_find_in (dialog, ATSPI_ROLE_TEXT, "Purpose of the window", NULL);
  preview = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "What will happen");
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add Window", NULL);

  console_type (days, "daily");
  console_type (starts, "23:00");
  console_type (ends, "01:00");
  console_type (purpose, "Night check-in");
  /* Before saving: the window, and recording inside it. */
  text = console_wait_text (preview, "Window, Night check-in, without sound");
  g_assert_nonnull (strstr (text, "Records without sound"));
  console_click (save);

  windows = console_find_in (desk.main, ATSPI_ROLE_LIST, "Observation windows", NULL);
  row = console_find_prefix (windows, ATSPI_ROLE_LIST_ITEM, "daily 23:00–01:00, Night check-in");
  g_assert_nonnull (row);
  listed = desk_vigilctl (&desk, "window", "list", "LA-2026-002", NULL);
  g_assert_nonnull (strstr (listed, "Night check-in"));
  g_assert_nonnull (strstr (listed, "23:00"));
  desk_close (&desk);
}

/* An override started in the console runs for the hours given, and its
 * banner shows on the family's wall tile. */
static void
test_override (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) start = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) rationale = NULL;
  g_autoptr(AtspiAccessible) hours = NULL;
  g_autoptr(AtspiAccessible) preview = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) wall = NULL;
  g_autoptr(AtspiAccessible) tile = NULL;
  g_autoptr(AtspiAccessible) banner = NULL;
  g_autofree char *text = NULL;

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  summary = open_family (&desk, RT, "stage 3 · not recording");
  start = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Start Override…", NULL);
  console_click (start);
  dialog = console_find_window (desk.console, "Safeguarding Override for " RT);
  rationale = console_find_in (dialog, ATSPI_ROLE_TEXT, "Rationale for the override", NULL);
  hours = console_find_in (dialog, ATSPI_ROLE_TEXT, "Hours the override lasts", NULL);
  preview = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "What will happen");
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Start Override", NULL);

  console_type (rationale, "Bruise on the baby's arm seen at the morning check");
  console_type (hours, "12");
  text = console_wait_text (preview, "Safeguarding override:");
  console_click (save);
  g_free (text);
  text = console_wait_text (summary, "safeguarding override until");
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "override-started", NULL, NULL));

  desk_show_section (&desk, "Wall");
  wall = console_find (desk.console, ATSPI_ROLE_FILLER, "VigilWall", NULL);
  tile = console_find_prefix (wall, ATSPI_ROLE_PANEL, "Room 2 — ");
  g_free (text);
  text = console_wait_name (tile, "safeguarding override");
  banner = console_find_in (tile, ATSPI_ROLE_LABEL, NULL, "Safeguarding override banner");
  g_free (text);
  text = console_wait_text (banner, "11 h");
  desk_close (&desk);
}

/* A family placed in a room with no camera yet. */
static void
place_in_room_without_camera (Desk         *desk,
                              VigilSession *lead)
{
  g_autoptr(VigilSession) manager = vigil_test_login_manager (desk->site);
  g_autofree char *today = vigil_date_today (vigil_site_get_time_zone (desk->site), vigil_site_now (desk->site));
  g_autoptr(VigilFamily) family = vigil_family_new ("LA-2026-009", "Z.Z.", "Room 9", today);
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_room (desk->site, manager, "Room 9", "test", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_add_family (desk->site, lead, family, VIGIL_STATE_STAGE_1, "admitted", &error));
  g_assert_no_error (error);
}

/* An operator sees every family placed (one whose room has no camera yet
 * too) and what the policy does, and is offered none of the controls. */
static void
test_operator_offered_nothing (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) outlook = NULL;
  g_autoptr(AtspiAccessible) list = NULL;
  g_autoptr(AtspiAccessible) cameraless = NULL;
  g_autofree char *text = NULL;
  const char *controls[] = { "Change Stage…", "Add Window…", "Start Override…", "End Override…",
                             "Cancel Scheduled Change…" };

  desk_open (&desk, &scene, OPERATOR, OPERATOR_PASSWORD, place_in_room_without_camera);
  desk_show_section (&desk, "Families");
  list = console_find_in (desk.main, ATSPI_ROLE_LIST, "Families", NULL);
  cameraless = console_find_prefix (list, ATSPI_ROLE_LIST_ITEM, "Z.Z. (Room 9)");
  g_assert_nonnull (cameraless);
  summary = open_family (&desk, KM, "stage 2");
  outlook = console_find_in (desk.main, ATSPI_ROLE_LABEL, NULL, "What will happen");
  text = console_wait_text (outlook, "Records with sound");
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    g_assert_true (console_lacks (desk.main, ATSPI_ROLE_PUSH_BUTTON, controls[i]));
  desk_close (&desk);
}

/* Answers a reason prompt titled @title with @reason, pressing @action,
 * once its preview of the next seven days says @shows and not @lacks
 * (NULL: anything). */
static void
give_reason (Desk       *desk,
             const char *title,
             const char *shows,
             const char *lacks,
             const char *reason,
             const char *action)
{
  g_autoptr(AtspiAccessible) prompt = console_find_window (desk->console, title);
  g_autoptr(AtspiAccessible) preview = console_find_in (prompt, ATSPI_ROLE_LABEL, NULL, "What will happen");
  g_autoptr(AtspiAccessible) entry = console_find_in (prompt, ATSPI_ROLE_TEXT, "Reason", NULL);
  g_autoptr(AtspiAccessible) button = console_find_in (prompt, ATSPI_ROLE_PUSH_BUTTON, action, NULL);
  g_autofree char *text = console_wait_text (preview, shows);

  if (lacks != NULL)
    g_assert_null (strstr (text, lacks));
  console_type (entry, reason);
  console_click (button);
}

/* What was set up can be taken back from the console, each with the
 * reason the core asks for: a scheduled stage change cancelled, a window
 * removed, an override renewed (only with a new rationale) and ended. */
static void
test_take_back (void)
{
  Desk desk = { 0 };
  g_autoptr(VigilSession) lead = NULL;
  g_autoptr(VigilWindow) window = vigil_window_new (VIGIL_DAY_MONDAY | VIGIL_DAY_FRIDAY, NULL, 18 * 60, 19 * 60, FALSE,
                                                    "mealtime");
  g_autoptr(VigilWindow) added = NULL;
  g_autoptr(VigilStageChange) scheduled = NULL;
  g_autoptr(VigilOverride) override = NULL;
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) button = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) rationale = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) windows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *concern = "Unexplained mark on the baby's cheek";

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  lead = vigil_test_login (desk.site, LEAD, LEAD_PASSWORD);
  added = vigil_site_add_window (desk.site, lead, "LA-2026-002", window, &error);
  g_assert_no_error (error);
  scheduled = vigil_site_set_stage (desk.site, lead, "LA-2026-002", VIGIL_STATE_STAGE_4,
                                    vigil_site_now (desk.site) + G_TIME_SPAN_DAY, "Good progress",
                                    "Weekly Placement Update 2026-11-27", NULL, &error);
  g_assert_no_error (error);
  override = vigil_site_start_override (desk.site, lead, "LA-2026-002", concern, 6, &error);
  g_assert_no_error (error);

  summary = open_family (&desk, RT, "stage 4 from");
  text = console_wait_text (summary, "safeguarding override until");

  button = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Cancel Scheduled Change…", NULL);
  console_click (button);
  give_reason (&desk, "Cancel the Scheduled Change", "Window, mealtime", "Changes to stage 4",
               "Incident on Tuesday night", "Cancel the Change");
  g_free (text);
  text = console_wait_text_gone (summary, "stage 4 from");
  g_assert_nonnull (strstr (text, "stage 3 · recording"));

  g_clear_object (&button);
  button = console_find_prefix (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Remove the window mon,fri 18:00–19:00");
  g_assert_nonnull (button);
  console_click (button);
  give_reason (&desk, "Remove the Window", "Safeguarding override:", "Window, mealtime",
               "Family eats in the shared kitchen now", "Remove");
  windows = console_find_in (desk.main, ATSPI_ROLE_LIST, "Observation windows", NULL);
  g_clear_object (&button);
  button = console_find_prefix (windows, ATSPI_ROLE_LIST_ITEM, "No observation windows");
  g_assert_nonnull (button);

  /* A renewal needs new words. */
  g_clear_object (&button);
  button = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Renew Override…", NULL);
  console_click (button);
  dialog = console_find_window (desk.console, "Safeguarding Override for " RT);
  rationale = console_find_in (dialog, ATSPI_ROLE_TEXT, "Rationale for the override", NULL);
  save = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Start Override", NULL);
  console_type (rationale, concern);
  console_click (save);
  refusal = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "Why it was refused");
  g_free (text);
  text = console_wait_text (refusal, "renewing it needs a new rationale");
  console_type (rationale, "Second mark seen this morning; social worker informed");
  console_click (save);
  vigil_test_wait_audit (desk.site, LEAD, "override-renewed", NULL, NULL, 10 * G_USEC_PER_SEC);

  g_clear_object (&button);
  button = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "End Override…", NULL);
  console_click (button);
  give_reason (&desk, "End the Override", "Does not record in the next seven days", NULL,
               "Medical explanation confirmed by the GP", "End the Override");
  g_free (text);
  text = console_wait_text_gone (summary, "override");
  g_assert_nonnull (strstr (text, "stage 3 · not recording"));
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "override-ended", NULL, "GP"));
  desk_close (&desk);
}

static void
add_note (Desk       *desk,
          const char *case_ref,
          const char *body)
{
  g_autoptr(VigilSession) lead = vigil_test_login (desk->site, LEAD, LEAD_PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilNote) note = vigil_site_add_note (desk->site, lead, case_ref, VIGIL_NOTE_KIND_OBSERVATION, 0, 0, body,
                                                   &error);

  g_assert_no_error (error);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* A family's notes from its page: filtered by range and kind, an addendum
 * written beneath a note, and the notes of the range exported as PDF
 * through the file chooser, holding the note and its addendum. */
static void
test_notes (void)
{
  Desk desk = { 0 };
  g_autoptr(AtspiAccessible) summary = NULL;
  g_autoptr(AtspiAccessible) open = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) since = NULL;
  g_autoptr(AtspiAccessible) about = NULL;
  g_autoptr(AtspiAccessible) duty_kind = NULL;
  g_autoptr(AtspiAccessible) any_kind = NULL;
  g_autoptr(AtspiAccessible) add = NULL;
  g_autoptr(AtspiAccessible) prompt = NULL;
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) export = NULL;
  g_autoptr(AtspiAccessible) chooser = NULL;
  g_autoptr(AtspiAccessible) name = NULL;
  g_autoptr(AtspiAccessible) chosen = NULL;
  g_autoptr(AtspiAccessible) state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *printed = NULL;
  const char *body = "Mother settled the baby at 19:40 after a bottle; father read a story.";
  const char *addendum = "Correction: the bottle was at 19:20, not 19:40.";

  desk_open (&desk, &scene, LEAD, LEAD_PASSWORD, NULL);
  add_note (&desk, "LA-2026-001", body);
  summary = open_family (&desk, KM, "stage 2");
  open = console_find_in (desk.main, ATSPI_ROLE_PUSH_BUTTON, "Notes…", NULL);
  console_click (open);
  dialog = console_find_window (desk.console, "Notes: K.M.");
  add = console_find_prefix (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add an addendum to the note by " LEAD);
  g_assert_nonnull (add);

  /* A range that starts tomorrow holds none of today's notes; nor does a
   * kind the family has none of. */
  since = console_find_in (dialog, ATSPI_ROLE_TEXT, "Notes written from", NULL);
  tomorrow = vigil_time_format_local (vigil_site_now (desk.site) + G_TIME_SPAN_DAY, vigil_site_get_time_zone (desk.site),
                                      "%Y-%m-%d");
  console_type (since, tomorrow);
  about = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "About the family's notes");
  text = console_wait_text (about, "No notes of this kind in this range");
  console_type (since, "");
  duty_kind = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Duty Summaries", NULL);
  any_kind = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "All Kinds", NULL);
  console_click (duty_kind);
  g_clear_object (&about);
  about = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "About the family's notes");
  g_free (text);
  text = console_wait_text (about, "No notes of this kind in this range");
  console_click (any_kind);
  g_clear_object (&add);
  add = console_find_prefix (dialog, ATSPI_ROLE_PUSH_BUTTON, "Add an addendum to the note by " LEAD);
  g_assert_nonnull (add);

  console_click (add);
  prompt = console_find_window (desk.console, "Add an Addendum");
  entry = console_find_in (prompt, ATSPI_ROLE_TEXT, "Addendum", NULL);
  save = console_find_in (prompt, ATSPI_ROLE_PUSH_BUTTON, "Save Addendum", NULL);
  console_type (entry, addendum);
  console_click (save);
  g_clear_object (&add);
  g_clear_object (&entry);
  entry = console_find_in (dialog, ATSPI_ROLE_LABEL, addendum, NULL);
  g_assert_true (vigil_test_audit_has (desk.site, LEAD, "note-addendum-added", NULL, NULL));

  /* The PDF of the range, through the file chooser. */
  pdf = g_build_filename (desk.dir, "K.M.-notes.pdf", NULL);
  export = console_find_in (dialog, ATSPI_ROLE_PUSH_BUTTON, "Export PDF…", NULL);
  console_click (export);
  chooser = console_find_window (desk.console, "Export the Notes as PDF");
  name = console_find_in (chooser, ATSPI_ROLE_TEXT, "Name:", NULL);
  console_type (name, pdf);
  /* GTK 4.8 names a dialog's own buttons twice over ("Export Export"). */
  chosen = console_find_prefix (chooser, ATSPI_ROLE_PUSH_BUTTON, "Export");
  g_assert_nonnull (chosen);
  console_click (chosen);
  state = console_find_in (dialog, ATSPI_ROLE_LABEL, NULL, "What the export did");
  g_free (text);
  text = console_wait_text (state, "Exported to");
  printed = pdf_text (pdf);
  g_assert_nonnull (strstr (printed, "LA-2026-001"));
  g_assert_nonnull (strstr (printed, "father read a story"));
  g_assert_nonnull (strstr (printed, "not 19:40"));
  desk_close (&desk);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-families/stage-change", test_stage_change);
  g_test_add_func ("/console-families/add-window", test_add_window);
  g_test_add_func ("/console-families/override", test_override);
  g_test_add_func ("/console-families/operator-offered-nothing", test_operator_offered_nothing);
  g_test_add_func ("/console-families/notes", test_notes);
  g_test_add_func ("/console-families/take-back", test_take_back);

  return g_test_run ();
}
