/* test-notes.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-notes"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vigil-site-private.h"
#include "vigil-test-utils.h"

/* Records that must last: observation notes on a real site. A saved note
 * never changes, a correction is an addendum with its own author and time,
 * and the CSV for the case recording system reads back exactly. */

#define PASSWORD "notes-password"

/* 2026-07-01 10:00 UTC, 11:00 BST; 2026-11-20 20:00 UTC, 20:00 GMT */
#define SUMMER ((gint64) 1782900000 * G_USEC_PER_SEC)
#define WINTER ((gint64) 1795204800 * G_USEC_PER_SEC)
#define HOUR   ((gint64) 3600 * G_USEC_PER_SEC)

typedef struct
{
  char         *dir;
  VigilSite    *site;
  VigilSession *manager;
  VigilSession *okhan;   /* operator */
  VigilSession *lead;    /* team lead "tlead" */
} Fixture;

/* Whom fixture_set_up() logs in, as g_test_add()'s data (0: all three):
 * each login costs a password check, some 0.1 s. */
typedef enum
{
  AS_MANAGER = 1 << 0,
  AS_OKHAN   = 1 << 1,
  AS_LEAD    = 1 << 2,
  AS_NOBODY  = 1 << 3,
} NotesLogins;

/* Families belong to another part; plain SQL keeps these tests to the
 * schema alone. */
static void
build_notes_site (VigilSite    *site,
                  VigilSession *manager,
                  const char   *dir)
{
  vigil_test_add_staff (site, manager, "okhan", 3, VIGIL_ROLE_OPERATOR, NULL, NULL, PASSWORD);
  vigil_test_add_staff (site, manager, "tlead", 5, VIGIL_ROLE_TEAM_LEAD, NULL, NULL, PASSWORD);
  vigil_test_raw_exec (dir,
                       "INSERT INTO rooms (name, created_at) VALUES ('Room 1', 0), ('Room 2', 0);"
                       "INSERT INTO families (case_ref, label, room_id, admitted_on, retention_days, created_at)"
                       " VALUES ('AB-123', 'A.B.', 1, '2026-06-01', 31, 0),"
                       "        ('CD-456', 'C.D.', 2, '2026-06-02', 31, 0);");
}

/* A copy of the site above for each case, with whom it acts as logged in. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  NotesLogins logins = GPOINTER_TO_UINT (data);

  if (logins == 0)
    logins = AS_MANAGER | AS_OKHAN | AS_LEAD;

  fixture->site = vigil_test_site_new_built (build_notes_site, &fixture->dir);
  if (logins & AS_MANAGER)
    fixture->manager = vigil_test_login_manager (fixture->site);
  if (logins & AS_OKHAN)
    fixture->okhan = vigil_test_login (fixture->site, "okhan", PASSWORD);
  if (logins & AS_LEAD)
    fixture->lead = vigil_test_login (fixture->site, "tlead", PASSWORD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Nothing a test made keeps the site or a session alive. */
  VigilSession **sessions[] = { &fixture->okhan, &fixture->lead, &fixture->manager };

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    if (*sessions[i] != NULL)
      g_assert_finalize_object (g_steal_pointer (sessions[i]));
  g_assert_finalize_object (g_steal_pointer (&fixture->site));
  vigil_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
assert_error_says (GError     *error,
                   gint        code,
                   const char *needle)
{
  g_assert_nonnull (error);
  if (!g_error_matches (error, VIGIL_ERROR, code) || strstr (error->message, needle) == NULL)
    g_test_fail_printf ("expected error %d naming “%s”, got %d “%s”", code, needle, error->code, error->message);
}

static VigilNote *
add_note (Fixture       *fixture,
          VigilSession  *session,
          const char    *ref,
          VigilNoteKind  kind,
          gint64         from,
          gint64         to,
          const char    *body)
{
  g_autoptr(GError) error = NULL;
  VigilNote *note = vigil_site_add_note (fixture->site, session, ref, kind, from, to, body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (note);
  return note;
}

static VigilAuditEntry *
last_entry (VigilSite *site)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = vigil_audit_list (vigil_site_get_audit (site), 0, &error);

  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}

static void
test_add_and_list (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(VigilNote) other = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  gint64 from, to;

  vigil_site_set_now_for_testing (fixture->site, SUMMER);
  note = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION,
                   SUMMER - 2 * HOUR, SUMMER - HOUR, "Mother bathed baby; calm throughout.\r\n");
  g_assert_cmpint (vigil_note_get_id (note), >, 0);
  g_assert_cmpstr (vigil_note_get_author (note), ==, "okhan");
  g_assert_cmpint (vigil_note_get_written_at (note), ==, SUMMER);
  g_assert_cmpstr (vigil_note_get_body (note), ==, "Mother bathed baby; calm throughout.");
  g_assert_false (vigil_note_is_addendum (note));

  /* A reference in another case is the same family, saved as stored. */
  other = add_note (fixture, fixture->okhan, "cd-456", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "Other family.");
  g_assert_cmpstr (vigil_note_get_case_ref (other), ==, "CD-456");

  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "note-added");
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, "okhan");
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), "family=CD-456 "));
  /* The trail is a record: its reason is never translated. */
  g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, "observation note for family CD-456");
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Other family.", -1);
  g_assert_nonnull (strstr (vigil_audit_entry_get_detail (entry), digest));

  notes = vigil_site_list_notes (fixture->site, "ab-123", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpint (vigil_note_get_id (g_ptr_array_index (notes, 0)), ==, vigil_note_get_id (note));
  g_assert_true (vigil_note_get_period (g_ptr_array_index (notes, 0), &from, &to));
  g_assert_cmpint (from, ==, SUMMER - 2 * HOUR);
  g_assert_cmpint (to, ==, SUMMER - HOUR);

  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = vigil_site_list_notes (fixture->site, "ZZ-000", 0, &error);
  g_assert_null (notes);
  assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "no family with case reference “ZZ-000”");
}

static void
test_kinds_and_periods (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(GError) error = NULL;

  vigil_site_set_now_for_testing (fixture->site, WINTER);

  note = vigil_site_add_note (fixture->site, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_REVIEW, 0, 0, "x", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "review note needs the period");
  g_clear_error (&error);
  note = vigil_site_add_note (fixture->site, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_DUTY, 0, 0, "x", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "ending or handing over the duty");
  g_clear_error (&error);
  note = vigil_site_add_note (fixture->site, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION,
                              WINTER - HOUR, WINTER - 2 * HOUR, "x", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "ends (2026-11-20 18:00 GMT) before it starts (2026-11-20 19:00 GMT)");
  g_clear_error (&error);
  note = vigil_site_add_note (fixture->site, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION,
                              WINTER - HOUR, WINTER + HOUR, "x", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "ends in the future");
  g_clear_error (&error);
  note = vigil_site_add_note (fixture->site, fixture->okhan, "ZZ-000", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "x", &error);
  assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "ZZ-000");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);

  note = add_note (fixture, fixture->lead, "AB-123", VIGIL_NOTE_KIND_REVIEW, WINTER - 3 * HOUR, WINTER - HOUR,
                   "Reviewed the bedtime routine footage.");
  g_assert_cmpint (vigil_note_get_kind (note), ==, VIGIL_NOTE_KIND_REVIEW);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes WHERE kind = 'review'"), ==, 1);
}

static void
test_body_checks (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *big = g_strnfill (VIGIL_NOTE_MAX_BODY + 1, 'a');
  g_autofree char *just = g_strnfill (VIGIL_NOTE_MAX_BODY, 'a');
  g_autoptr(VigilNote) note = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = NULL;
  const struct { const char *body; const char *says; } bad[] = {
    { "", "empty" },
    { " \n\t \r\n", "empty" },
    { "caf\xc3\x28", "not UTF-8" },
    { "\xff\xfe" "a", "not UTF-8" },
    { "line one\nline \x1b[31m two", "control character (U+001B) on line 2" },
    { big, "limit is 65536 bytes" },
  };
  gint64 audit_before = vigil_test_count_audit (fixture->site);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      note = vigil_site_add_note (fixture->site, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION,
                                  0, 0, bad[i].body, &error);
      g_assert_null (note);
      assert_error_says (error, VIGIL_ERROR_INVALID, bad[i].says);
      g_clear_error (&error);
    }

  /* A nul byte inside the stated length is not text either. */
  normal = vigil_note_normalize_body ("ab\0cd", 5, &error);
  g_assert_null (normal);
  assert_error_says (error, VIGIL_ERROR_INVALID, "not UTF-8");
  g_clear_error (&error);

  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 0);
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);

  /* At the limit is fine; line ends are made "\n", tabs and accents kept. */
  note = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, just);
  g_assert_cmpuint (strlen (vigil_note_get_body (note)), ==, VIGIL_NOTE_MAX_BODY);
  g_assert_finalize_object (g_steal_pointer (&note));
  note = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, 0, 0,
                   "\n  Siân fed baby\r\nat 02:10\rthen\tslept.  \n\n");
  g_assert_cmpstr (vigil_note_get_body (note), ==, "Siân fed baby\nat 02:10\nthen\tslept.");
}

static void
test_immutable (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(VigilNote) note = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION,
                                        0, 0, "As first written.");
  g_autoptr(VigilNote) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *update = NULL;
  g_autofree char *delete = NULL;
  g_autofree char *update_error = NULL;
  g_autofree char *delete_error = NULL;

  /* Someone with the file in hand: the triggers refuse both. */
  update = g_strdup_printf ("UPDATE notes SET body = 'Rewritten.' WHERE id = %" G_GINT64_FORMAT,
                            vigil_note_get_id (note));
  update_error = vigil_test_raw_try (fixture->dir, update);
  g_assert_nonnull (update_error);
  g_assert_nonnull (strstr (update_error, "a saved note never changes"));

  delete = g_strdup_printf ("DELETE FROM notes WHERE id = %" G_GINT64_FORMAT, vigil_note_get_id (note));
  delete_error = vigil_test_raw_try (fixture->dir, delete);
  g_assert_nonnull (delete_error);
  g_assert_nonnull (strstr (delete_error, "never deleted"));

  again = vigil_site_get_note (fixture->site, vigil_note_get_id (note), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_note_get_body (again), ==, "As first written.");
}

static void
test_addendum (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(VigilNote) original = NULL;
  g_autoptr(VigilNote) addendum = NULL;
  g_autoptr(VigilNote) refused = NULL;
  g_autoptr(VigilNote) again = NULL;
  g_autoptr(VigilNote) later = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(VigilAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 audit_before;

  vigil_site_set_now_for_testing (fixture->site, WINTER);
  original = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION,
                       WINTER - 2 * HOUR, WINTER - HOUR, "Father fed baby at 19:00.");
  later = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "A later note.");

  vigil_site_set_now_for_testing (fixture->site, WINTER + 3 * HOUR);
  addendum = vigil_site_add_addendum (fixture->site, fixture->lead, vigil_note_get_id (original),
                                      "Correction: it was the mother, at 19:15.", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_note_get_author (addendum), ==, "tlead");
  g_assert_cmpint (vigil_note_get_written_at (addendum), ==, WINTER + 3 * HOUR);
  g_assert_cmpint (vigil_note_get_addendum_to (addendum), ==, vigil_note_get_id (original));
  g_assert_cmpint (vigil_note_get_kind (addendum), ==, VIGIL_NOTE_KIND_OBSERVATION);
  g_assert_false (vigil_note_get_period (addendum, NULL, NULL));

  entry = last_entry (fixture->site);
  g_assert_cmpstr (vigil_audit_entry_get_action (entry), ==, "note-addendum-added");
  g_assert_cmpstr (vigil_audit_entry_get_actor (entry), ==, "tlead");
  {
    g_autofree char *reason = g_strdup_printf ("addendum to note %" G_GINT64_FORMAT " by okhan",
                                               vigil_note_get_id (original));
    g_assert_cmpstr (vigil_audit_entry_get_reason (entry), ==, reason);
  }

  /* The original is as it was. */
  again = vigil_site_get_note (fixture->site, vigil_note_get_id (original), &error);
  g_assert_cmpstr (vigil_note_get_body (again), ==, "Father fed baby at 19:00.");
  g_assert_cmpstr (vigil_note_get_author (again), ==, "okhan");
  g_assert_cmpint (vigil_note_get_written_at (again), ==, WINTER);

  /* Listed right after the note it corrects, before the later note. */
  notes = vigil_site_list_notes (fixture->site, "AB-123", 0, &error);
  g_assert_cmpuint (notes->len, ==, 3);
  g_assert_cmpint (vigil_note_get_id (g_ptr_array_index (notes, 0)), ==, vigil_note_get_id (original));
  g_assert_cmpint (vigil_note_get_id (g_ptr_array_index (notes, 1)), ==, vigil_note_get_id (addendum));
  g_assert_cmpint (vigil_note_get_id (g_ptr_array_index (notes, 2)), ==, vigil_note_get_id (later));

  /* Since after the original was written: it comes back with its addendum. */
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = vigil_site_list_notes (fixture->site, "AB-123", WINTER + HOUR, &error);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpint (vigil_note_get_id (g_ptr_array_index (notes, 0)), ==, vigil_note_get_id (original));
  g_assert_cmpint (vigil_note_get_id (g_ptr_array_index (notes, 1)), ==, vigil_note_get_id (addendum));
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = vigil_site_list_notes (fixture->site, "AB-123", WINTER + 4 * HOUR, &error);
  g_assert_cmpuint (notes->len, ==, 0);

  /* Refusals write nothing. */
  audit_before = vigil_test_count_audit (fixture->site);
  refused = vigil_site_add_addendum (fixture->site, fixture->okhan, vigil_note_get_id (addendum), "x", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "is itself an addendum");
  g_clear_error (&error);
  refused = vigil_site_add_addendum (fixture->site, fixture->okhan, 9999, "x", &error);
  assert_error_says (error, VIGIL_ERROR_NOT_FOUND, "no note 9999");
  g_clear_error (&error);
  refused = vigil_site_add_addendum (fixture->site, fixture->okhan, vigil_note_get_id (original), "\n", &error);
  assert_error_says (error, VIGIL_ERROR_INVALID, "empty");
  g_clear_error (&error);
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 3);
}

static void
test_deactivated (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(VigilNote) note = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "x");
  g_autoptr(VigilNote) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_deactivate_staff (fixture->site, fixture->manager, "okhan", "left", &error));
  refused = vigil_site_add_note (fixture->site, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "y", &error);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "okhan may not write a note: the account is deactivated");
  g_clear_error (&error);
  refused = vigil_site_add_addendum (fixture->site, fixture->okhan, vigil_note_get_id (note), "y", &error);
  assert_error_says (error, VIGIL_ERROR_PERMISSION, "deactivated");
}

/* RFC 4180, read strictly: the CSV must come back field for field. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        while (*p != ',' && *p != '\r' && *p != '\0')
          {
            g_assert_true (*p != '"' && *p != '\n');
            g_string_append_c (field, *p++);
          }

      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);

      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
        }
    }

  return rows;
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  const char *tricky = "Said \"all fine\", then cried,\nfed at 02:00;\n\"quoted line\"";
  g_autoptr(VigilNote) summer = NULL;
  g_autoptr(VigilNote) winter = NULL;
  g_autoptr(VigilNote) addendum = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *summer_id = NULL;
  g_autofree char *header = NULL;
  char **row;

  vigil_site_set_now_for_testing (fixture->site, SUMMER);
  summer = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION,
                     SUMMER - 2 * HOUR, SUMMER - HOUR, tricky);
  vigil_site_set_now_for_testing (fixture->site, WINTER);
  winter = add_note (fixture, fixture->okhan, "AB-123", VIGIL_NOTE_KIND_OBSERVATION, 0, 0, "plain");
  addendum = vigil_site_add_addendum (fixture->site, fixture->lead, vigil_note_get_id (summer), "Amended, with a comma", &error);
  g_assert_no_error (error);

  notes = vigil_site_list_notes (fixture->site, "AB-123", 0, &error);
  csv = vigil_note_format_csv (notes, vigil_site_get_time_zone (fixture->site));
  g_test_message ("%s", csv);
  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, ==, 4);

  row = g_ptr_array_index (rows, 0);
  header = g_strjoinv ("|", row);
  g_assert_cmpstr (header, ==,
                   "note_id|amends_note_id|case_ref|kind|author|written_utc|written_local|"
                   "period_from_utc|period_from_local|period_to_utc|period_to_local|body");

  summer_id = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_note_get_id (summer));
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (g_strv_length (row), ==, 12);
  g_assert_cmpstr (row[0], ==, summer_id);
  g_assert_cmpstr (row[1], ==, "");
  g_assert_cmpstr (row[2], ==, "AB-123");
  g_assert_cmpstr (row[3], ==, "observation");
  g_assert_cmpstr (row[4], ==, "okhan");
  g_assert_cmpstr (row[5], ==, "2026-07-01T10:00:00Z");
  g_assert_cmpstr (row[6], ==, "2026-07-01 11:00:00 BST");
  g_assert_cmpstr (row[7], ==, "2026-07-01T08:00:00Z");
  g_assert_cmpstr (row[8], ==, "2026-07-01 09:00:00 BST");
  g_assert_cmpstr (row[9], ==, "2026-07-01T09:00:00Z");
  g_assert_cmpstr (row[10], ==, "2026-07-01 10:00:00 BST");
  g_assert_cmpstr (row[11], ==, tricky);

  /* The addendum follows the note it amends, naming it. */
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row[1], ==, summer_id);
  g_assert_cmpstr (row[4], ==, "tlead");
  g_assert_cmpstr (row[6], ==, "2026-11-20 20:00:00 GMT");
  g_assert_cmpstr (row[7], ==, "");
  g_assert_cmpstr (row[11], ==, "Amended, with a comma");

  row = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (row[11], ==, "plain");
  g_assert_cmpstr (row[8], ==, "");

  /* The quoting itself, as the bytes stand. */
  g_assert_nonnull (strstr (csv, ",\"Said \"\"all fine\"\", then cried,\nfed at 02:00;\n\"\"quoted line\"\"\"\r\n"));
}

/* ---- vigilctl ----------------------------------------------------------- */

/* Runs vigilctl with @input on its standard input; gives its exit status.
 * The outputs of the previous run in *@out and *@err are dropped. */
static int
vigilctl_status (const char         *input,
                 char              **out,
                 char              **err,
                 const char *const  *args)
{
  int status;

  vigil_test_run_vigilctlv (input, &status, out, err, args);
  return status;
}

#define AS(user) "--data-dir", fixture->dir, "--as", user, "--password-stdin"
#define RUN(...) vigilctl_status (PASSWORD "\n", &out, &err, (const char *const[]) { __VA_ARGS__, NULL })

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *note_file = g_build_filename (fixture->dir, "note.txt", NULL);
  g_autofree char *fix_file = g_build_filename (fixture->dir, "fix.txt", NULL);
  g_autofree char *bad_file = g_build_filename (fixture->dir, "bad.txt", NULL);
  g_autofree char *big_file = g_build_filename (fixture->dir, "big.txt", NULL);
  g_autofree char *big = g_strnfill (VIGIL_NOTE_MAX_BODY + 10, 'b');
  g_autoptr(GPtrArray) rows = NULL;
  char *out = NULL, *err = NULL;
  gint64 audit_before;

  g_assert_true (g_file_set_contents (note_file, "Baby asleep, \"settled\",\nno concerns.\n", -1, NULL));
  g_assert_true (g_file_set_contents (fix_file, "Woke once at 23:40.\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad_file, "caf\xe9\n", -1, NULL));
  g_assert_true (g_file_set_contents (big_file, big, -1, NULL));

  g_assert_cmpint (RUN (AS ("okhan"), "note", "add", "ab-123", "--file", note_file,
                        "--from", "2026-07-01T20:00:00+01:00", "--to", "2026-07-01T22:30:00"), ==, 0);
  g_assert_nonnull (strstr (out, "Note 1 (observation) saved for family AB-123."));
  g_assert_cmpint (RUN (AS ("tlead"), "note", "addendum", "1", "--file", fix_file), ==, 0);
  g_assert_nonnull (strstr (out, "Addendum 2 to note 1 saved."));

  /* Bad input: one line, exit 2, nothing written. */
  audit_before = vigil_test_count_audit (fixture->site);
  g_assert_cmpint (RUN (AS ("okhan"), "note", "add", "AB-123", "--file", bad_file), ==, 2);
  vigil_test_assert_one_line_error (err, "not UTF-8");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "add", "AB-123", "--file", big_file), ==, 2);
  vigil_test_assert_one_line_error (err, "limit is 65536 bytes");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "add", "AB-123"), ==, 2);
  vigil_test_assert_one_line_error (err, "--file is required");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "add", "AB-123", "--file", note_file, "--from", "2026-07-01"), ==, 2);
  vigil_test_assert_one_line_error (err, "--from and --to go together");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "add", "AB-123", "--file", note_file, "--review"), ==, 2);
  vigil_test_assert_one_line_error (err, "review note needs the period");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "add", "AB-123", "--file", note_file,
                        "--from", "yesterday", "--to", "today"), ==, 2);
  vigil_test_assert_one_line_error (err, "--from: malformed time");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "addendum", "abc", "--file", fix_file), ==, 2);
  vigil_test_assert_one_line_error (err, "malformed note number “abc”");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "addendum", "2", "--file", fix_file), ==, 2);
  vigil_test_assert_one_line_error (err, "note 2 is itself an addendum to note 1");
  g_assert_cmpint (RUN (AS ("okhan"), "note", "addendum", "77", "--file", fix_file), ==, 2);
  vigil_test_assert_one_line_error (err, "no note 77");
  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "notes", "AB-123", "--csv", "--json"), ==, 2);
  vigil_test_assert_one_line_error (err, "choose one");
  g_assert_cmpint (vigil_test_count_audit (fixture->site), ==, audit_before);
  g_assert_cmpint (vigil_test_raw_int (fixture->dir, "SELECT count(*) FROM notes"), ==, 2);

  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "notes", "ab-123"), ==, 0);
  g_assert_nonnull (strstr (out, "Note 1 (observation) for family AB-123, by okhan, written "));
  g_assert_nonnull (strstr (out, "Period observed: 2026-07-01 20:00:00 BST to 2026-07-01 22:30:00 BST\n"));
  g_assert_nonnull (strstr (out, "  Baby asleep, \"settled\",\n  no concerns.\n"));
  g_assert_nonnull (strstr (out, "  Addendum 2 to note 1, by tlead, written "));

  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "notes", "AB-123", "--csv"), ==, 0);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[7], ==, "2026-07-01T19:00:00Z");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[11], ==, "Baby asleep, \"settled\",\nno concerns.");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[1], ==, "1");

  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "notes", "AB-123", "--json"), ==, 0);
  g_assert_true (g_regex_match_simple ("\"id\"\\s*:\\s*1,.*\"period\"\\s*:\\s*\\{\\s*\"from\"\\s*:\\s*\"2026-07-01T19:00:00Z\""
                                       ".*\"addenda\"\\s*:\\s*\\[\\s*\\{\\s*\"id\"\\s*:\\s*2,\\s*\"author\"\\s*:\\s*\"tlead\"",
                                       out, G_REGEX_DOTALL, 0));

  g_assert_cmpint (RUN ("--data-dir", fixture->dir, "notes", "AB-123", "--since", "2099-01-01"), ==, 0);
  g_assert_cmpstr (out, ==, "No notes.\n");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

#undef RUN
#undef AS

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, logins) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (logins), fixture_set_up, func, fixture_tear_down)
  ADD ("/notes/add-and-list", test_add_and_list, AS_OKHAN);
  ADD ("/notes/kinds-and-periods", test_kinds_and_periods, AS_OKHAN | AS_LEAD);
  ADD ("/notes/body-checks", test_body_checks, AS_OKHAN);
  ADD ("/notes/immutable", test_immutable, AS_OKHAN);
  ADD ("/notes/addendum", test_addendum, AS_OKHAN | AS_LEAD);
  ADD ("/notes/deactivated", test_deactivated, AS_OKHAN | AS_MANAGER);
  ADD ("/notes/csv", test_csv, AS_OKHAN | AS_LEAD);
  ADD ("/notes/cli", test_cli, AS_NOBODY);
#undef ADD

  return g_test_run ();
}
