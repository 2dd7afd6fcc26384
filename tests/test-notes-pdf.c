/* test-notes-pdf.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-notes-pdf"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vigil-test-utils.h"

/* Records that must last: a family's notes as a printable PDF for the case
 * record, judged as a reader's tools see it (pdfinfo, pdftotext): every
 * note and addendum of the range there, whole, with its author and times,
 * nothing from outside the range but what keeps a note with its
 * corrections, and a file that appears whole or not at all. */

#define PASSWORD "notes-pdf-password"
#define HOUR     ((gint64) 3600 * G_USEC_PER_SEC)
#define LONG_LINES 240

/* What the demo family's record holds, oldest first (site time is GMT in
 * November). The range is 1 to 30 November. */
#define BODY_OCTOBER     "Out of range entirely: an early October evening, calm."
#define BODY_BEFORE      "Before the range: father settled the baby at 19:30."
#define ADDENDUM_BEFORE  "Correction written in November: it was 19:45, not 19:30."
#define BODY_REVIEW      "Reviewed the bedtime footage; the baby was fine after feeding, profile as expected."
#define ADDENDUM_REVIEW  "The review covered both cameras of Room 1."
#define ADDENDUM_LATE    "Written in December: the review was shared with the social worker."
#define BODY_DECEMBER    "After the range: a December visit from the health visitor."
#define BODY_OTHER       "Another family's note, in the range."

typedef struct
{
  char      *dir;
  VigilSite *site;
  char      *out_dir;   /* where the PDFs go */
} Fixture;

static char *
long_body (void)
{
  GString *body = g_string_new ("An overnight summary that runs over several pages.\n\n");

  for (guint i = 1; i <= LONG_LINES; i++)
    g_string_append_printf (body, "Long note line %03u: checked the baby, breathing steady, room warm.\n", i);
  g_string_append (body, "End of the overnight summary.");
  return g_string_free (body, FALSE);
}

static VigilNote *
add_note (VigilSite     *site,
          VigilSession  *session,
          const char    *ref,
          VigilNoteKind  kind,
          const char    *written,
          gint64         period_hours,
          const char    *body)
{
  g_autoptr(GError) error = NULL;
  gint64 at = vigil_test_instant (written);
  VigilNote *note;

  vigil_site_set_now_for_testing (site, at);
  note = vigil_site_add_note (site, session, ref, kind,
                              period_hours > 0 ? at - (period_hours + 1) * HOUR : 0,
                              period_hours > 0 ? at - HOUR : 0, body, &error);
  g_assert_no_error (error);
  return note;
}

static void
add_addendum (VigilSite    *site,
              VigilSession *session,
              VigilNote    *note,
              const char   *written,
              const char   *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilNote) addendum = NULL;

  vigil_site_set_now_for_testing (site, vigil_test_instant (written));
  addendum = vigil_site_add_addendum (site, session, vigil_note_get_id (note), body, &error);
  g_assert_no_error (error);
}

/* Made once for the program: the people, the two families (plain SQL, as
 * test-notes.c does) and the notes, inside and outside the range. */
static void
build_record (VigilSite    *site,
              VigilSession *manager,
              const char   *dir)
{
  g_autoptr(VigilSession) okhan = NULL;
  g_autoptr(VigilSession) tlead = NULL;
  g_autoptr(VigilNote) october = NULL;
  g_autoptr(VigilNote) before = NULL;
  g_autoptr(VigilNote) review = NULL;
  g_autoptr(VigilNote) overnight = NULL;
  g_autoptr(VigilNote) december = NULL;
  g_autoptr(VigilNote) other = NULL;
  g_autofree char *body = long_body ();

  vigil_test_add_staff (site, manager, "okhan", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (site, manager, "tlead", 5, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, PASSWORD);
  vigil_test_raw_exec (dir,
                       "INSERT INTO rooms (name, created_at) VALUES ('Room 1', 0), ('Room 2', 0);"
                       "INSERT INTO families (case_ref, label, room_id, admitted_on, retention_days, created_at)"
                       " VALUES ('AB-123', 'A.B.', 1, '2026-09-01', 31, 0),"
                       "        ('CD-456', 'C.D.', 2, '2026-09-02', 31, 0);");
  okhan = vigil_test_login (site, "okhan", PASSWORD);
  tlead = vigil_test_login (site, "tlead", PASSWORD);

  october = add_note (site, okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, "2026-10-10T20:00:00Z", 0, BODY_OCTOBER);
  before = add_note (site, okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, "2026-10-20T21:00:00Z", 0, BODY_BEFORE);
  add_addendum (site, tlead, before, "2026-11-05T09:00:00Z", ADDENDUM_BEFORE);
  review = add_note (site, okhan, "AB-123", VIGIL_NOTE_KIND_REVIEW, "2026-11-10T10:00:00Z", 2, BODY_REVIEW);
  add_addendum (site, tlead, review, "2026-11-12T11:00:00Z", ADDENDUM_REVIEW);
  other = add_note (site, okhan, "CD-456", VIGIL_NOTE_KIND_OBSERVATION, "2026-11-15T12:00:00Z", 0, BODY_OTHER);
  overnight = add_note (site, okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, "2026-11-20T07:00:00Z", 9, body);
  december = add_note (site, okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, "2026-12-05T15:00:00Z", 0, BODY_DECEMBER);
  add_addendum (site, tlead, review, "2026-12-06T16:00:00Z", ADDENDUM_LATE);
  vigil_site_set_now_for_testing (site, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->site = vigil_test_site_new_built (build_record, &fixture->dir);
  /* The footer's export time reads the same whenever the tests run. */
  vigil_site_set_now_for_testing (fixture->site, vigil_test_instant ("2026-12-10T09:00:00Z"));
  fixture->out_dir = vigil_test_make_dir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  vigil_test_assert_finalize_soon (g_steal_pointer (&fixture->site));
  vigil_test_remove_dir (fixture->dir);
  vigil_test_remove_dir (fixture->out_dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->out_dir, g_free);
}

/* ---- what a reader's tools see ------------------------------------------ */

/* Runs a poppler tool on @path; fails the test unless it succeeds. */
static char *
run_tool (const char *tool,
          const char *option,
          const char *path)
{
  const char *argv[] = { tool, option, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  if (option == NULL)
    {
      argv[1] = path;
      argv[2] = NULL;
    }
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("%s: %s (poppler-utils is needed: build-aux/vigil-setup installs it)", tool, error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s %s: %s\n%s", tool, path, error->message, err);
  g_test_message ("%s %s:\n%s", tool, path, out);
  return out;
}

static guint
count_pages (const char *path)
{
  g_autofree char *info = run_tool ("pdfinfo", NULL, path);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) pages = g_regex_new ("^Pages:\\s+(\\d+)$", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *number = NULL;

  if (!g_regex_match (pages, info, 0, &match))
    g_error ("pdfinfo gives no page count for %s", path);
  number = g_match_info_fetch (match, 1);
  return (guint) g_ascii_strtoull (number, NULL, 10);
}

/* Every run of blank space as one space: pdftotext spaces out a page as
 * it is laid out, and a note's lines are its own. */
static char *
squeezed (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean blank = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == '\f')
        {
          blank = TRUE;
          continue;
        }
      if (blank && out->len > 0)
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *path)
{
  g_autofree char *text = run_tool ("pdftotext", "-layout", path);

  return squeezed (text);
}

/* @needles appear in @text, each after the one before; the first that does
 * not fails the test (which goes on). */
static void
assert_in_order (const char         *text,
                 const char * const *needles)
{
  const char *from = text;

  for (guint i = 0; needles[i] != NULL; i++)
    {
      g_autofree char *needle = squeezed (needles[i]);
      const char *found = strstr (from, needle);

      if (found == NULL)
        {
          g_test_fail_printf ("“%s” is not in the PDF's text%s", needle,
                              strstr (text, needle) != NULL ? " after the one before it" : "");
          return;
        }
      from = found + strlen (needle);
    }
}

static void
assert_absent (const char *text,
               const char *needle)
{
  g_autofree char *squeezed_needle = squeezed (needle);

  if (strstr (text, squeezed_needle) != NULL)
    g_test_fail_printf ("“%s” is in the PDF's text, but was written outside the range", needle);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (listing);
  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* ---- vigilctl ----------------------------------------------------------- */

#define RUN(...) (vigil_test_run_vigilctl (NULL, &status, &out, &err, "--data-dir", fixture->dir, __VA_ARGS__, NULL), \
                  status)

static void
test_cli_pdf (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->out_dir, "AB-123 notes.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *body = long_body ();
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
  g_autoptr(GPtrArray) long_lines = g_ptr_array_new ();
  const char *record[] = {
    "Test Centre", "Observation notes", "Case reference AB-123, family A.B.",
    "Notes written from 2026-11-01 00:00 GMT until 2026-12-01 00:00 GMT",
    /* a note from before the range, for its addendum in it */
    "Observation note", "written by okhan at 2026-10-20 22:00:00 BST",
    "Written before this range; printed because an addendum to it was written in the range.",
    BODY_BEFORE,
    "Addendum", "written by tlead at 2026-11-05 09:00:00 GMT", ADDENDUM_BEFORE,
    /* a review with its period, and its addenda, one written after the range */
    "Review note", "written by okhan at 2026-11-10 10:00:00 GMT",
    "Period observed: 2026-11-10 07:00:00 GMT to 2026-11-10 09:00:00 GMT", BODY_REVIEW,
    "written by tlead at 2026-11-12 11:00:00 GMT", ADDENDUM_REVIEW,
    "written by tlead at 2026-12-06 16:00:00 GMT", "Written after this range; printed to keep it with its note.",
    ADDENDUM_LATE,
    "written by okhan at 2026-11-20 07:00:00 GMT",
    NULL,
  };
  guint pages;
  int status;

  g_assert_cmpint (RUN ("notes", "ab-123", "--pdf", path, "--since", "2026-11-01", "--until", "2026-11-30"), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "written to"));

  pages = count_pages (path);
  g_assert_cmpuint (pages, >=, 2);
  text = pdf_text (path);
  assert_in_order (text, record);

  /* The long note whole, line by line, across the pages it runs over. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (long_lines, lines[i]);
  g_ptr_array_add (long_lines, NULL);
  assert_in_order (text, (const char * const *) long_lines->pdata);
  g_assert_nonnull (strstr (text, "Note 7, continued"));

  first = g_strdup_printf ("Page 1 of %u", pages);
  last = g_strdup_printf ("Page %u of %u", pages, pages);
  g_assert_nonnull (strstr (text, first));
  g_assert_nonnull (strstr (text, last));
  g_assert_nonnull (strstr (text, "Exported"));

  assert_absent (text, BODY_OCTOBER);
  assert_absent (text, BODY_DECEMBER);
  assert_absent (text, BODY_OTHER);

  /* Nothing else is left in the folder. */
  g_assert_cmpuint (count_files (fixture->out_dir), ==, 1);
}

static void
test_cli_empty_range (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->out_dir, "empty.pdf", NULL);
  g_autofree char *all = g_build_filename (fixture->out_dir, "all.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  int status;

  g_assert_cmpint (RUN ("notes", "AB-123", "--pdf", path, "--since", "2027-01-01T00:00"), ==, 0);
  g_assert_cmpuint (count_pages (path), ==, 1);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "No notes were written in this range."));
  g_assert_nonnull (strstr (text, "Notes written from 2027-01-01 00:00 GMT on"));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  g_clear_pointer (&text, g_free);

  /* Without a range: every note of the family, and no range marks. */
  g_assert_cmpint (RUN ("notes", "AB-123", "--pdf", all), ==, 0);
  text = pdf_text (all);
  g_assert_nonnull (strstr (text, "All notes"));
  g_assert_nonnull (strstr (text, BODY_OCTOBER));
  g_assert_nonnull (strstr (text, BODY_DECEMBER));
  g_assert_null (strstr (text, "this range"));
  g_assert_null (strstr (text, BODY_OTHER));
}

static void
test_cli_refusals (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->out_dir, "missing", "notes.pdf", NULL);
  g_autofree char *path = g_build_filename (fixture->out_dir, "notes.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* A folder that is not there: one line naming the file, nothing written. */
  g_assert_cmpint (RUN ("notes", "AB-123", "--pdf", missing, "--since", "2026-11-01"), ==, 2);
  vigil_test_assert_one_line_error (err, "missing/notes.pdf: No such file or directory");
  g_assert_cmpstr (out, ==, "");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (fixture->out_dir), ==, 0);

  g_assert_cmpint (RUN ("notes", "AB-123", "--pdf", path, "--csv"), ==, 2);
  vigil_test_assert_one_line_error (err, "choose one of --csv, --json and --pdf");
  g_assert_cmpint (RUN ("notes", "AB-123", "--pdf", path, "--json"), ==, 2);
  vigil_test_assert_one_line_error (err, "choose one of --csv, --json and --pdf");
  g_assert_cmpint (RUN ("notes", "AB-123", "--pdf", path, "--since", "2026-11-30", "--until", "2026-11-01"), ==, 2);
  vigil_test_assert_one_line_error (err, "--until “2026-11-01” is not after --since “2026-11-30”");
  g_assert_cmpint (RUN ("notes", "AB-123", "--pdf", path, "--until", "soon"), ==, 2);
  vigil_test_assert_one_line_error (err, "--until: malformed time");
  g_assert_cmpint (RUN ("notes", "ZZ-999", "--pdf", path), ==, 2);
  vigil_test_assert_one_line_error (err, "no family with case reference");
  g_assert_cmpuint (count_files (fixture->out_dir), ==, 0);
}

/* --until reaches the text, CSV and JSON listings too, by the same rule. */
static void
test_cli_until_listings (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *const formats[] = { NULL, "--csv", "--json" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (formats[i] != NULL)
        g_assert_cmpint (RUN ("notes", "AB-123", "--since", "2026-11-01", "--until", "2026-11-30", formats[i]), ==, 0);
      else
        g_assert_cmpint (RUN ("notes", "AB-123", "--since", "2026-11-01", "--until", "2026-11-30"), ==, 0);
      g_assert_nonnull (strstr (out, BODY_BEFORE));
      g_assert_nonnull (strstr (out, ADDENDUM_BEFORE));
      g_assert_nonnull (strstr (out, BODY_REVIEW));
      g_assert_nonnull (strstr (out, ADDENDUM_LATE));
      g_assert_nonnull (strstr (out, "Long note line 240"));
      g_assert_null (strstr (out, BODY_OCTOBER));
      g_assert_null (strstr (out, BODY_DECEMBER));
    }

  /* A date and time stops the range at that instant, itself left out. */
  g_assert_cmpint (RUN ("notes", "AB-123", "--until", "2026-11-10T10:00:00Z"), ==, 0);
  g_assert_nonnull (strstr (out, BODY_OCTOBER));
  g_assert_nonnull (strstr (out, BODY_BEFORE));
  g_assert_null (strstr (out, BODY_REVIEW));
  g_assert_cmpint (RUN ("notes", "AB-123", "--since", "2026-12-01", "--until", "2026-12-31"), ==, 0);
  g_assert_nonnull (strstr (out, BODY_DECEMBER));
  g_assert_nonnull (strstr (out, BODY_REVIEW));
  g_assert_cmpint (RUN ("notes", "AB-123", "--since", "2027-01-01", "--until", "2027-01-31"), ==, 0);
  g_assert_cmpstr (out, ==, "No notes.\n");
}

#undef RUN

/* ---- the core's call ---------------------------------------------------- */

static void
assert_nothing_written (Fixture    *fixture,
                        const char *path,
                        GIOErrorEnum code,
                        const char *because)
{
  g_autoptr(GError) error = NULL;
  guint before = count_files (fixture->out_dir);

  g_assert_false (vigil_site_export_notes_pdf (fixture->site, "AB-123", 0, 0, path, &error));
  g_assert_error (error, G_IO_ERROR, (gint) code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, because));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (count_files (fixture->out_dir), ==, before);
}

static void
test_core_unwritable (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->out_dir, "missing", "notes.pdf", NULL);
  g_autofree char *folder = g_build_filename (fixture->out_dir, "a folder", NULL);
  g_autofree char *plain = g_build_filename (fixture->out_dir, "plain", NULL);
  g_autofree char *under_plain = g_build_filename (plain, "notes.pdf", NULL);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (plain, "not a folder", -1, NULL));

  assert_nothing_written (fixture, missing, G_IO_ERROR_NOT_FOUND, "No such file or directory");
  /* The PDF is written beside a folder and cannot take its place: the
   * partial file goes too. */
  assert_nothing_written (fixture, folder, G_IO_ERROR_IS_DIRECTORY, "Is a directory");
  assert_nothing_written (fixture, under_plain, G_IO_ERROR_NOT_DIRECTORY, "Not a directory");
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
}

static void
test_core_replaces_whole (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->out_dir, "notes.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  GStatBuf st;

  /* A refusal leaves the file that was there. */
  g_assert_true (g_file_set_contents (path, "the previous export", -1, NULL));
  g_assert_false (vigil_site_export_notes_pdf (fixture->site, "ZZ-999", 0, 0, path, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (vigil_site_export_notes_pdf (fixture->site, "AB-123", vigil_test_instant ("2026-11-30T00:00:00Z"),
                                               vigil_test_instant ("2026-11-01T00:00:00Z"), path, &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "the range must end after it starts"));
  g_clear_error (&error);
  g_assert_false (vigil_site_export_notes_pdf (fixture->site, "AB-123", 0, 0, "", &error));
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the previous export");
  g_clear_pointer (&contents, g_free);

  /* A success replaces it with the whole PDF, private to its owner. */
  g_assert_true (vigil_site_export_notes_pdf (fixture->site, "AB-123", 0, 0, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* Whole: a PDF ends with its end-of-file mark. */
  g_assert_cmpuint (length, >, 6);
  g_assert_cmpmem (contents + length - 6, 6, "%%EOF\n", 6);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_files (fixture->out_dir), ==, 1);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
deadline_passed (gpointer user_data)
{
  g_error ("the export did not finish within a minute");
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
await_result (GAsyncResult **slot)
{
  guint deadline = g_timeout_add_seconds (60, deadline_passed, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);
  return g_steal_pointer (slot);
}

static void
test_core_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->out_dir, "async.pdf", NULL);
  g_autofree char *missing = g_build_filename (fixture->out_dir, "missing", "async.pdf", NULL);
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GAsyncResult *slot = NULL;

  vigil_site_export_notes_pdf_async (fixture->site, "AB-123", vigil_test_instant ("2026-11-11T00:00:00Z"),
                                     vigil_test_instant ("2026-11-13T00:00:00Z"), path, NULL, got_result, &slot);
  done = await_result (&slot);
  g_assert_true (vigil_site_export_notes_pdf_finish (fixture->site, done, &error));
  g_assert_no_error (error);

  /* Only the review is in this range, by its first addendum. */
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, BODY_REVIEW));
  g_assert_nonnull (strstr (text, ADDENDUM_REVIEW));
  g_assert_nonnull (strstr (text, ADDENDUM_LATE));
  g_assert_null (strstr (text, BODY_BEFORE));
  g_assert_null (strstr (text, "Long note line"));

  vigil_site_export_notes_pdf_async (fixture->site, "AB-123", 0, 0, missing, NULL, got_result, &slot);
  failed = await_result (&slot);
  g_assert_false (vigil_site_export_notes_pdf_finish (fixture->site, failed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing/async.pdf"));
  g_assert_cmpuint (count_files (fixture->out_dir), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/notes-pdf/cli", test_cli_pdf);
  ADD ("/notes-pdf/cli-empty-range", test_cli_empty_range);
  ADD ("/notes-pdf/cli-refusals", test_cli_refusals);
  ADD ("/notes-pdf/cli-until-listings", test_cli_until_listings);
  ADD ("/notes-pdf/core-unwritable", test_core_unwritable);
  ADD ("/notes-pdf/core-replaces-whole", test_core_replaces_whole);
  ADD ("/notes-pdf/core-async", test_core_async);
#undef ADD

  return g_test_run ();
}
