/* test-hardening-text.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-hardening-text"

#include "config.h"

#include <string.h>

#include "centre-fixture.h"

/* Free text that reaches a record or a listing is one line of printable
 * text of bounded length, whichever call it comes through; a refusal is one
 * line naming the field and quoting a short start of the value; the trail
 * and the CSV export never hold a control character; time zones are names,
 * never paths. */

#define FORGED_LINE "routine check\n#99    2027-02-10 12:00:00 GMT  mgr  staff-added  staff:eve"

/* Each kind of character a one-line field refuses, in a value that would
 * otherwise pass. */
static const char * const hostile[] = {
  FORGED_LINE,
  "carriage\rreturn",
  "screen \x1b[2J cleared",
  "tab\there",
  "bell\x07",
  "del\x7f",
  "c1 \xc2\x9b" "31m csi",               /* U+009B */
  "zero\xe2\x80\x8bwidth",               /* U+200B */
  "non\xe2\x80\x8cjoiner",               /* U+200C */
  "joiner\xe2\x80\x8d",                  /* U+200D */
  "ltr\xe2\x80\x8emark",                 /* U+200E */
  "rtl\xe2\x80\x8fmark",                 /* U+200F */
  "embed\xe2\x80\xaa",                   /* U+202A */
  "embed\xe2\x80\xab",                   /* U+202B */
  "pop\xe2\x80\xac",                     /* U+202C */
  "override\xe2\x80\xad",                /* U+202D */
  "txt.exe\xe2\x80\xae" "fdp",           /* U+202E */
  "isolate\xe2\x81\xa6",                 /* U+2066 */
  "isolate\xe2\x81\xa7",                 /* U+2067 */
  "isolate\xe2\x81\xa8",                 /* U+2068 */
  "pop\xe2\x81\xa9",                     /* U+2069 */
  "line\xe2\x80\xa8separator",           /* U+2028 */
  "paragraph\xe2\x80\xa9separator",      /* U+2029 */
  "word\xe2\x81\xa0joiner",              /* U+2060 */
  "byte order\xef\xbb\xbf" "mark",       /* U+FEFF */
  "not utf-8 \xff\xfe",
  "cut short \xc3",
};

static const char * const printable[] = {
  "Routine check at bedtime",
  "Café — naïve façade, “quoted”",
  "Ystafell Teulu 2",
  "日本語のメモ",
  "👶 asleep",
};

/* What a person reads: one line, valid UTF-8, nothing hidden. */
static void
assert_printable_line (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (vigil_text_char_is_hidden (g_utf8_get_char (p)))
      g_error ("“%s” holds U+%04X", text, g_utf8_get_char (p));
}

static void
assert_refusal (GError     *error,
                const char *field)
{
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  assert_printable_line (error->message);
  if (strstr (error->message, field) == NULL)
    g_error ("“%s” does not name the %s", error->message, field);
}

static void
test_validators (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) line_error = NULL;
      g_autoptr(GError) name_error = NULL;
      g_autoptr(GError) reason_error = NULL;
      g_autoptr(GError) required_error = NULL;

      g_test_message ("sample %u", i);
      g_assert_false (vigil_text_validate_line (hostile[i], 500, "purpose", &line_error));
      assert_refusal (line_error, "purpose");
      g_assert_false (vigil_text_validate_name (hostile[i], 500, "room name", &name_error));
      assert_refusal (name_error, "room name");
      g_assert_false (vigil_text_validate_reason (hostile[i], FALSE, &reason_error));
      assert_refusal (reason_error, "reason");
      g_assert_false (vigil_text_validate_reason (hostile[i], TRUE, &required_error));
      assert_refusal (required_error, "reason");
    }

  for (guint i = 0; i < G_N_ELEMENTS (printable); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (vigil_text_validate_line (printable[i], 500, "purpose", &error));
      g_assert_true (vigil_text_validate_name (printable[i], 500, "room name", &error));
      g_assert_true (vigil_text_validate_reason (printable[i], TRUE, &error));
      g_assert_no_error (error);
    }

  /* Optional means NULL or empty, not blank. */
  g_assert_true (vigil_text_validate_reason (NULL, FALSE, NULL));
  g_assert_true (vigil_text_validate_reason ("", FALSE, NULL));
  g_assert_false (vigil_text_validate_reason ("   ", FALSE, NULL));
  g_assert_false (vigil_text_validate_reason (NULL, TRUE, NULL));
}

/* A refusal quotes at most VIGIL_TEXT_QUOTE_CHARS characters of the value,
 * so a megabyte typed by mistake is not echoed back. */
static void
test_error_quotes_prefix (void)
{
  g_autoptr(GString) long_value = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (long_value, 'a' + i % 26);
  g_string_append (long_value, "TAIL-MARKER");

  g_assert_false (vigil_text_validate_reason (long_value->str, FALSE, &error));
  assert_refusal (error, "at most 500 characters");
  g_assert_null (strstr (error->message, "TAIL-MARKER"));
  g_assert_nonnull (strstr (error->message, "abcdefghijklmnopqrstuvwxyzabcdef…"));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 200);
  g_clear_error (&error);

  g_string_prepend_c (long_value, '\n');
  g_assert_false (vigil_text_validate_name (long_value->str, 64, "camera name", &error));
  assert_refusal (error, "line break");
  g_assert_null (strstr (error->message, "TAIL-MARKER"));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 200);
  g_clear_error (&error);

  /* Messages from lookups and parsers quote the same way. */
  g_assert_false (vigil_date_validate (long_value->str, &error));
  g_assert_null (strstr (error->message, "TAIL-MARKER"));
  assert_printable_line (error->message);
  g_clear_error (&error);
  g_assert_false (vigil_staff_validate_username (long_value->str, &error));
  g_assert_null (strstr (error->message, "TAIL-MARKER"));
  assert_printable_line (error->message);
  g_clear_error (&error);

  quoted = vigil_text_quote ("short");
  g_assert_cmpstr (quoted, ==, "short");
}

static void
test_escape (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain, “curly” and é", "plain, “curly” and é" },
    { "a\nb\rc\td", "a\\nb\\rc\\td" },
    { "\x1b[31mred", "\\x1b[31mred" },
    { "del\x7f", "del\\x7f" },
    { "c1\xc2\x9b", "c1\\u{009B}" },
    { "abc\xe2\x80\xae" "fdp", "abc\\u{202E}fdp" },
    { "ls\xe2\x80\xa8", "ls\\u{2028}" },
    { "bad\xff", "bad\\xff" },
    { "tag\xf3\xa0\x80\x81", "tag\\u{E0001}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = vigil_text_escape (cases[i].in, -1);
      g_assert_cmpstr (escaped, ==, cases[i].out);
      assert_printable_line (escaped);
    }

  {
    g_autofree char *quoted = vigil_text_quote ("0123456789012345678901234567890123456789");
    g_autofree char *nul = vigil_text_escape ("a\0b", 3);

    g_assert_cmpstr (quoted, ==, "01234567890123456789012345678901…");
    g_assert_cmpstr (nul, ==, "a\\x00b");
  }
}

/* Every call of the site that takes free text refuses a forged line, and
 * the refusal writes nothing. */

static void
centre_with_records (Centre  *centre,
                     gint64  *scheduled_change,
                     gint64  *window_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStageChange) change = NULL;
  g_autoptr(VigilWindow) window = vigil_window_new (VIGIL_DAY_MONDAY, NULL, 19 * 60, 20 * 60, FALSE, "bedtime");
  g_autoptr(VigilWindow) added = NULL;
  g_autoptr(VigilOverride) override = NULL;
  g_autoptr(GPtrArray) replaced = NULL;

  add_family (centre, "FAM-1", "Room 1", "2027-02-01", VIGIL_STATE_STAGE_3, "2027-02-01");
  change = vigil_site_set_stage (centre->site, centre->lead, "FAM-1", VIGIL_STATE_STAGE_4,
                                 vigil_test_instant ("2027-03-01T12:00:00Z"), "good progress", "Placement Update 7",
                                 &replaced, &error);
  g_assert_no_error (error);
  *scheduled_change = vigil_stage_change_get_id (change);
  added = vigil_site_add_window (centre->site, centre->lead, "FAM-1", window, &error);
  g_assert_no_error (error);
  *window_id = vigil_window_get_id (added);
  override = vigil_site_start_override (centre->site, centre->lead, "FAM-1", "bruise seen at handover", 4, &error);
  g_assert_no_error (error);
}

static void
test_site_calls (Centre        *centre,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *new_dir = g_build_filename (centre->dir, "..", "second-site", NULL);
  const char *rlo = "Room \xe2\x80\xae" "1";
  gint64 scheduled = 0, window_id = 0;
  gint64 audit_before;

  centre_with_records (centre, &scheduled, &window_id);
  before = snapshot (centre);
  audit_before = vigil_test_count_audit (centre->site);

  /* The site name: refused before any folder, file or key is made. */
  g_assert_null (vigil_site_create (new_dir, "Centre\n#2 forged", "boss", NULL, 7, "password-1", &error));
  assert_refusal (error, "site name");
  g_assert_false (g_file_test (new_dir, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Staff: the name shown on screens and every reason. */
  {
    g_autoptr(VigilStaff) eve = vigil_staff_new ("eve", "Eve\x1b[2J", 3, VIGIL_ROLE_OPERATOR);
    g_autoptr(VigilStaff) fay = vigil_staff_new ("fay", "Fay Jones", 3, VIGIL_ROLE_OPERATOR);

    g_assert_false (vigil_site_add_staff (centre->site, centre->manager, eve, "eve-password", NULL, &error));
    assert_refusal (error, "display name");
    g_clear_error (&error);
    g_assert_false (vigil_site_add_staff (centre->site, centre->manager, fay, "fay-password", FORGED_LINE, &error));
    assert_refusal (error, "reason");
    g_clear_error (&error);
  }
  g_assert_false (vigil_site_set_staff_password (centre->site, centre->manager, OPERATOR, "new-password-1",
                                                 FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_false (vigil_site_deactivate_staff (centre->site, centre->manager, OPERATOR, FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_false (vigil_site_set_staff_competency (centre->site, centre->manager, OPERATOR, "2027-01-01",
                                                   "2028-01-01", FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_false (vigil_site_set_setting (centre->site, centre->manager, VIGIL_SETTING_LOCKOUT_MINUTES, "20",
                                          FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_false (vigil_site_set_setting (centre->site, centre->manager, VIGIL_SETTING_LOCKOUT_MINUTES,
                                          "20\n#99", NULL, &error));
  assert_refusal (error, "lockout-minutes");
  g_clear_error (&error);

  /* Rooms and cameras. */
  g_assert_false (vigil_site_add_room (centre->site, centre->manager, rlo, NULL, &error));
  assert_refusal (error, "room name");
  g_clear_error (&error);
  g_assert_false (vigil_site_add_room (centre->site, centre->manager, "Room 9", FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  {
    static const struct { const char *name; const char *url; const char *sub_url; const char *user; const char *reason; const char *field; } cameras[] = {
      { "Hall\tcam", "rtsp://cam-1/stream", NULL, NULL, NULL, "camera name" },
      { "Hall cam", "rtsp://cam-1/\x1b[2J", NULL, NULL, NULL, "URL" },
      { "Hall cam", "rtsp://cam-1/a\xe2\x80\xae" "b", NULL, NULL, NULL, "URL" },
      { "Hall cam", "rtsp://cam-1/main", "rtsp://cam-1/sub\n#99", NULL, NULL, "sub-stream URL" },
      { "Hall cam", "rtsp://cam-1/main", NULL, "admin\n#99", NULL, "camera username" },
      { "Hall cam", "rtsp://cam-1/main", NULL, NULL, FORGED_LINE, "reason" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
      {
        g_autoptr(VigilCamera) camera = vigil_camera_new (cameras[i].name, VIGIL_LOCATION_COMMUNAL, NULL,
                                                          cameras[i].url, cameras[i].sub_url, FALSE);

        g_assert_false (vigil_site_add_camera (centre->site, centre->manager, camera, cameras[i].user,
                                               cameras[i].user ? "camera-pass" : NULL, cameras[i].reason,
                                               &error));
        assert_refusal (error, cameras[i].field);
        g_clear_error (&error);
      }
  }

  /* Families. */
  {
    g_autoptr(VigilFamily) label = vigil_family_new ("FAM-2", "A\xe2\x80\x8b" "B", "Room 2", "2027-02-10");
    g_autoptr(VigilFamily) room = vigil_family_new ("FAM-2", "AB", "Room 2\n", "2027-02-10");
    g_autoptr(VigilFamily) plain = vigil_family_new ("FAM-2", "AB", "Room 2", "2027-02-10");
    g_autoptr(VigilFamily) ref = vigil_family_new ("FAM\n2", "AB", "Room 2", "2027-02-10");

    g_assert_false (vigil_site_add_family (centre->site, centre->lead, label, VIGIL_STATE_STAGE_1, NULL, &error));
    assert_refusal (error, "family label");
    g_clear_error (&error);
    g_assert_false (vigil_site_add_family (centre->site, centre->lead, room, VIGIL_STATE_STAGE_1, NULL, &error));
    assert_refusal (error, "room name");
    g_clear_error (&error);
    g_assert_false (vigil_site_add_family (centre->site, centre->lead, ref, VIGIL_STATE_STAGE_1, NULL, &error));
    assert_refusal (error, "case reference");
    g_clear_error (&error);
    g_assert_false (vigil_site_add_family (centre->site, centre->lead, plain, VIGIL_STATE_STAGE_1, FORGED_LINE, &error));
    assert_refusal (error, "reason");
    g_clear_error (&error);
  }
  g_assert_false (vigil_site_record_agreement (centre->site, centre->lead, "FAM-1", "2027-02-05", TRUE, 0,
                                               FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_false (vigil_site_discharge_family (centre->site, centre->lead, "FAM-1", NULL, FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);

  /* Stages, windows, overrides. */
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "FAM-1", VIGIL_STATE_STAGE_2, 0, FORGED_LINE,
                                       NULL, NULL, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_null (vigil_site_set_stage (centre->site, centre->lead, "FAM-1", VIGIL_STATE_OFF, 0, "ready",
                                       "Placement\xe2\x81\xa6 Update", NULL, &error));
  assert_refusal (error, "evidence");
  g_clear_error (&error);
  g_assert_false (vigil_site_cancel_stage_change (centre->site, centre->lead, "FAM-1", scheduled, FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  {
    g_autoptr(VigilWindow) window = vigil_window_new (VIGIL_DAY_TUESDAY, NULL, 60, 120, FALSE,
                                                      "bath\xe2\x80\xa8time");

    g_assert_null (vigil_site_add_window (centre->site, centre->lead, "FAM-1", window, &error));
    assert_refusal (error, "purpose");
    g_clear_error (&error);
  }
  g_assert_false (vigil_site_remove_window (centre->site, centre->lead, window_id, FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_null (vigil_site_start_override (centre->site, centre->lead, "FAM-1", "new concern\x1b[8m", 4, &error));
  assert_refusal (error, "rationale");
  g_clear_error (&error);
  g_assert_false (vigil_site_end_override (centre->site, centre->lead, "FAM-1", FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);

  /* Watch requests and notes. */
  g_assert_null (vigil_site_request_watch (centre->site, centre->operator, "FAM-1", FORGED_LINE, &error));
  assert_refusal (error, "reason");
  g_clear_error (&error);
  g_assert_null (vigil_site_add_note (centre->site, centre->operator, "FAM-1", VIGIL_NOTE_KIND_OBSERVATION, 0, 0,
                                      "Slept well.\nWoke at \xe2\x80\xae" "0300.", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "U+202E) on line 2"));
  g_clear_error (&error);

  g_assert_cmpint (vigil_test_count_audit (centre->site), ==, audit_before);
  {
    g_autofree char *after = snapshot (centre);
    g_autoptr(GPtrArray) staff = vigil_site_list_staff (centre->site, &error);

    g_assert_cmpstr (after, ==, before);
    g_assert_no_error (error);
    g_assert_cmpuint (staff->len, ==, 3);
  }
}

/* The trail's own guard: whatever a caller passes, an entry holds no
 * control character, and the trail still verifies. */
static void
test_audit_escapes (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  VigilAuditEntry *last;
  gint64 checked = 0;

  g_assert_true (vigil_site_audit_alone (site, "mgr", "test-entry", "object\r1", FORGED_LINE,
                                         "detail \xe2\x80\xae" "x\xff", &error));
  g_assert_no_error (error);

  entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpstr (vigil_audit_entry_get_object (last), ==, "object\\r1");
  g_assert_cmpstr (vigil_audit_entry_get_reason (last), ==,
                   "routine check\\n#99    2027-02-10 12:00:00 GMT  mgr  staff-added  staff:eve");
  g_assert_cmpstr (vigil_audit_entry_get_detail (last), ==, "detail \\u{202E}x\\xff");

  g_assert_true (vigil_audit_verify (vigil_site_get_audit (site), &checked, &error));
  g_assert_no_error (error);

  g_clear_object (&site);
  vigil_test_remove_dir (dir);
}

/* Note bodies are multi-line by design (tabs and line breaks), but hold no
 * other control character and nothing invisible or reordering. */
static void
test_note_bodies (void)
{
  static const struct { const char *body; const char *says; } refused[] = {
    { "Fine.\n\xe2\x80\xae" "reversed", "U+202E) on line 2" },
    { "a\xe2\x81\xa6" "b", "U+2066) on line 1" },
    { "zero\xe2\x80\x8bwidth", "U+200B) on line 1" },
    { "one\xe2\x80\xa8two", "U+2028) on line 1" },
    { "bom \xef\xbb\xbf" "inside", "U+FEFF) on line 1" },
    { "x\n\ny\x1b[2J", "control character (U+001B) on line 3" },
    { "c1 \xc2\x85 next line", "control character (U+0085) on line 1" },
  };
  g_autofree char *kept = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *body = vigil_note_normalize_body (refused[i].body, -1, &error);

      g_assert_null (body);
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      if (strstr (error->message, refused[i].says) == NULL)
        g_error ("“%s” does not say “%s”", error->message, refused[i].says);
      assert_printable_line (error->message);
    }

  kept = vigil_note_normalize_body ("Line one\r\n\tindented — ok\r\nÇa va 👶", -1, NULL);
  g_assert_cmpstr (kept, ==, "Line one\n\tindented — ok\nÇa va 👶");

  /* A byte-order mark at the start (Notepad's UTF-8) marks the file, and is
   * dropped; anywhere else it is refused above. */
  g_clear_pointer (&kept, g_free);
  kept = vigil_note_normalize_body ("\xef\xbb\xbf" "Settled by 22:10.", -1, NULL);
  g_assert_cmpstr (kept, ==, "Settled by 22:10.");
}

/* The CSV for the case recording system: a cell a spreadsheet would run as
 * a formula is neutralised with a leading "'", and a body someone changed
 * behind Vigil's back cannot put a control character into it. */
static void
test_csv (Centre        *centre,
          gconstpointer  data)
{
  static const char * const formulas[] = {
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
    "+1+2",
    "-3, said the parent",
    "@SUM(A1:A9)",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = g_build_filename (centre->dir, "vigil.db", NULL);
  g_auto(GStrv) rows = NULL;

  add_family (centre, "FAM-1", "Room 1", "2027-02-01", VIGIL_STATE_STAGE_3, "2027-02-01");
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autoptr(VigilNote) note = vigil_site_add_note (centre->site, centre->operator, "FAM-1",
                                                       VIGIL_NOTE_KIND_OBSERVATION, 0, 0, formulas[i], &error);
      g_assert_no_error (error);
    }
  {
    g_autoptr(VigilNote) note = vigil_site_add_note (centre->site, centre->operator, "FAM-1",
                                                     VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "to be changed", &error);
    g_assert_no_error (error);
  }

  /* Someone with the file goes around Vigil. */
  if (vigil_test_on_postgres ())
    vigil_test_raw_exec (centre->dir,
                         "DROP TRIGGER notes_no_update ON notes;"
                         "UPDATE notes SET body = 'changed' || chr(27) || '[2J' || chr(13) || 'x' || chr(8238) || 'y'"
                         " WHERE body = 'to be changed'");
  else
    vigil_test_raw_tamper (centre->dir,
                           "DROP TRIGGER notes_no_update;"
                           "UPDATE notes SET body = 'changed' || char(27) || '[2J' || char(13) || 'x' || char(8238) || 'y'"
                           " WHERE body = 'to be changed'");

  notes = vigil_site_list_notes (centre->site, "FAM-1", 0, &error);
  g_assert_no_error (error);
  csv = vigil_note_format_csv (notes, vigil_site_get_time_zone (centre->site));

  /* Records end in CRLF; inside them, nothing hidden at all. */
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + G_N_ELEMENTS (formulas) + 1 + 1);
  for (guint i = 0; rows[i] != NULL; i++)
    assert_printable_line (rows[i]);

  /* The body is the last cell: "'" before the formula, inside the quotes
   * when the cell needs them. */
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autofree char *start = g_strndup (formulas[i], 3);
      g_autofree char *bare = g_strconcat (",'", start, NULL);
      g_autofree char *quoted = g_strconcat (",\"'", start, NULL);

      if (strstr (rows[1 + i], bare) == NULL && strstr (rows[1 + i], quoted) == NULL)
        g_error ("the formula cell in “%s” is not neutralised", rows[1 + i]);
    }
  g_assert_true (g_str_has_suffix (rows[1 + G_N_ELEMENTS (formulas)], ",changed\\x1b[2J\\rx\\u{202E}y"));
}

/* A time zone is a tz database name, never a path or a TZ rule. */
static void
test_time_zones (Centre        *centre,
                 gconstpointer  data)
{
  static const char * const accepted[] = {
    "Europe/London", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Europe/Dublin",
  };
  static const char * const refused[] = {
    "/etc/localtime", "../../x", "Europe/../../etc/passwd", "/usr/share/zoneinfo/Europe/London",
    "Europe//London", "Europe/London/", "localtime", "posixrules", "right/Europe/London",
    "UTC+5", "EST5", "Europe/London\n", "", "Nowhere/Special", "./UTC",
  };
  g_autoptr(GError) error = NULL;
  gint64 audit_before;

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GTimeZone) zone = vigil_time_zone_new (accepted[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (zone);
      g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, accepted[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GTimeZone) zone = vigil_time_zone_new (refused[i], &error);

      g_assert_null (zone);
      assert_refusal (error, "tz database name");
      g_clear_error (&error);
    }

  audit_before = vigil_test_count_audit (centre->site);
  g_assert_false (vigil_site_check_setting (VIGIL_SETTING_TIME_ZONE, "/etc/localtime", &error));
  assert_refusal (error, "tz database name");
  g_clear_error (&error);
  g_assert_false (vigil_site_set_setting (centre->site, centre->manager, VIGIL_SETTING_TIME_ZONE, "../../x",
                                          "moving", &error));
  assert_refusal (error, "tz database name");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (centre->site), ==, audit_before);

  g_assert_true (vigil_site_set_setting (centre->site, centre->manager, VIGIL_SETTING_TIME_ZONE, "Europe/Dublin",
                                         "moving", &error));
  g_assert_no_error (error);
}

/* A camera URL may hold a password: no refusal of one shows it, whatever
 * else is wrong with the URL. */
static void
test_camera_url_never_echoed (void)
{
  static const char * const urls[] = {
    "rtsp://admin:s3cret-pw@192.0.2.10/stream ",      /* a space at the end */
    "rtsp://admin:s3cret-pw@192.0.2.10/str\033eam",   /* an escape character */
    "rtps://admin:s3cret-pw@192.0.2.10/stream",        /* a mistyped scheme */
    "rtsp://admin:s3cret-pw@192.0.2.10/stream",        /* credentials alone */
    "rtsp://192.0.2.10/stream?user=admin&password=s3cret-pw",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *url = urls[i];

      g_assert_false (vigil_camera_validate_url (url, "URL", &error));
      g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
      g_assert_null (strstr (error->message, "s3cret"));
      g_assert_null (strchr (error->message, '\n'));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/text/validators", test_validators);
  g_test_add_func ("/hardening/text/error-quotes-prefix", test_error_quotes_prefix);
  g_test_add_func ("/hardening/text/escape", test_escape);
  g_test_add_func ("/hardening/text/camera-url-never-echoed", test_camera_url_never_echoed);
  g_test_add ("/hardening/text/site-calls", Centre, NULL, centre_setup, test_site_calls, centre_teardown);
  g_test_add_func ("/hardening/text/audit-escapes", test_audit_escapes);
  g_test_add_func ("/hardening/text/note-bodies", test_note_bodies);
  g_test_add ("/hardening/text/csv", Centre, NULL, centre_setup, test_csv, centre_teardown);
  g_test_add ("/hardening/text/time-zones", Centre, NULL, centre_setup, test_time_zones, centre_teardown);

  return g_test_run ();
}
