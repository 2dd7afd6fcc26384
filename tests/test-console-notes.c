/* test-console-notes.c: the notes dialog in a real window on the tests'
 * display, driven over AT-SPI against a real site: a family's notes and
 * addenda, newest first, read as label text; an empty note refused in the
 * core's words; a note written there saved and shown.
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-console-notes"

#include "config.h"

#include <string.h>

#include "atspi-driver.h"
#include "vigil-test-utils.h"

#define FAMILY "LA-2026-014"

static VigilNote *
add_note (VigilSite    *site,
          VigilSession *session,
          const char   *body)
{
  g_autoptr(GError) error = NULL;
  VigilNote *note = vigil_site_add_note (site, session, FAMILY, VIGIL_NOTE_KIND_OBSERVATION, 0, 0, body, &error);

  g_assert_no_error (error);
  return note;
}

/* A room with a family, and two notes, the first with an addendum. */
static void
build (VigilSite    *site,
       VigilSession *manager)
{
  g_autoptr(VigilFamily) family = vigil_family_new (FAMILY, "K.M.", "Room 1", "2026-01-05");
  g_autoptr(VigilNote) first = NULL;
  g_autoptr(VigilNote) addendum = NULL;
  g_autoptr(VigilNote) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_site_add_room (site, manager, "Room 1", NULL, &error));
  vigil_family_set_agreement (family, "2026-01-05", TRUE);
  g_assert_true (vigil_site_add_family (site, manager, family, VIGIL_STATE_STAGE_2, "admitted", &error));
  g_assert_no_error (error);

  first = add_note (site, manager, "Baby fed at 22:10 and settled by 22:40.");
  addendum = vigil_site_add_addendum (site, manager, vigil_note_get_id (first), "Correction: settled by 22:50.",
                                      &error);
  g_assert_no_error (error);
  second = add_note (site, manager, "Mother checked the cot twice before midnight.");
}

/* The child indices from @node down to the label named @name (GTK 4.8
 * gives no parent over AT-SPI below the window, so the tree is walked down
 * from the application, in the order it is shown). */
static gboolean
path_to (AtspiAccessible *node,
         const char      *name,
         GArray          *path)
{
  g_autofree char *node_name = atspi_accessible_get_name (node, NULL);
  int n;

  if (atspi_accessible_get_role (node, NULL) == ATSPI_ROLE_LABEL && g_strcmp0 (node_name, name) == 0)
    return TRUE;

  n = atspi_accessible_get_child_count (node, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (node, i, NULL);

      g_array_append_val (path, i);
      if (child != NULL && path_to (child, name, path))
        return TRUE;
      g_array_set_size (path, path->len - 1);
    }
  return FALSE;
}

static GArray *
path_of (Console    *console,
         const char *name)
{
  GArray *path = g_array_new (FALSE, FALSE, sizeof (int));

  g_assert_true (path_to (console->app, name, path));
  return path;
}

/* Whether @a comes before @b in the window. */
static gboolean
shown_before (GArray *a,
              GArray *b)
{
  for (guint i = 0; i < a->len && i < b->len; i++)
    if (g_array_index (a, int, i) != g_array_index (b, int, i))
      return g_array_index (a, int, i) < g_array_index (b, int, i);
  return a->len < b->len;
}

/* Whether @inner lies within the box that holds the label at @outer. */
static gboolean
within_box_of (GArray *inner,
               GArray *outer)
{
  if (inner->len < outer->len)
    return FALSE;
  return memcmp (inner->data, outer->data, (outer->len - 1) * sizeof (int)) == 0;
}

static void
test_notes (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(VigilSite) site = vigil_test_site_new (&dir);
  g_autoptr(VigilSession) manager = vigil_test_login_manager (site);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(AtspiAccessible) first = NULL;
  g_autoptr(AtspiAccessible) correction = NULL;
  g_autoptr(AtspiAccessible) second = NULL;
  g_autoptr(AtspiAccessible) header = NULL;
  g_autoptr(AtspiAccessible) text = NULL;
  g_autoptr(AtspiAccessible) save = NULL;
  g_autoptr(AtspiAccessible) refusal = NULL;
  g_autoptr(AtspiAccessible) saved = NULL;
  g_autoptr(GArray) first_path = NULL;
  g_autoptr(GArray) second_path = NULL;
  g_autoptr(GArray) correction_path = NULL;
  g_autoptr(GArray) saved_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  Console *console;

  build (site, manager);
  notes = vigil_site_list_notes (site, FAMILY, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 3);

  console_test_init ();
  g_setenv ("VIGIL_TEST_NOTES_USER", VIGIL_TEST_MANAGER, TRUE);
  g_setenv ("VIGIL_TEST_NOTES_PASSWORD", VIGIL_TEST_MANAGER_PASSWORD, TRUE);
  g_setenv ("VIGIL_TEST_NOTES_FAMILY", FAMILY, TRUE);
  console = console_start (dir);

  /* Every note as label text, its addendum in its card, newest first. */
  first = console_find (console, ATSPI_ROLE_LABEL, "Baby fed at 22:10 and settled by 22:40.", NULL);
  correction = console_find (console, ATSPI_ROLE_LABEL, "Correction: settled by 22:50.", NULL);
  second = console_find (console, ATSPI_ROLE_LABEL, "Mother checked the cot twice before midnight.", NULL);
  first_path = path_of (console, "Baby fed at 22:10 and settled by 22:40.");
  second_path = path_of (console, "Mother checked the cot twice before midnight.");
  correction_path = path_of (console, "Correction: settled by 22:50.");
  g_assert_true (shown_before (second_path, first_path));
  g_assert_true (within_box_of (correction_path, first_path));
  g_assert_false (within_box_of (correction_path, second_path));

  /* Kind, author and the time written, in the site's zone. */
  written = vigil_time_format_local (vigil_note_get_written_at (g_ptr_array_index (notes, 0)),
                                     vigil_site_get_time_zone (site), "%Y-%m-%d %H:%M %Z");
  expected = g_strdup_printf ("Observation note by %s, %s", VIGIL_TEST_MANAGER, written);
  header = console_find (console, ATSPI_ROLE_LABEL, expected, NULL);

  /* An empty note is refused, in the core's words. */
  text = console_find (console, ATSPI_ROLE_TEXT, "Note", NULL);
  save = console_find (console, ATSPI_ROLE_PUSH_BUTTON, "Save Note", NULL);
  console_click (save);
  refusal = console_find (console, ATSPI_ROLE_LABEL, NULL, "Why the note was refused");
  g_free (console_wait_text (refusal, "the note is empty"));

  /* A note typed there is saved, as the one logged in, and shown. */
  console_type (text, "Father read a story; lights out at 19:30.");
  console_click (save);
  console_wait_empty (text);
  saved = console_find (console, ATSPI_ROLE_LABEL, "Father read a story; lights out at 19:30.", NULL);
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = vigil_site_list_notes (site, FAMILY, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 4);
  g_assert_cmpstr (vigil_note_get_body (g_ptr_array_index (notes, 3)), ==, "Father read a story; lights out at 19:30.");
  g_assert_cmpstr (vigil_note_get_author (g_ptr_array_index (notes, 3)), ==, VIGIL_TEST_MANAGER);
  saved_path = path_of (console, "Father read a story; lights out at 19:30.");
  g_clear_pointer (&second_path, g_array_unref);
  second_path = path_of (console, "Mother checked the cot twice before midnight.");
  g_assert_true (shown_before (saved_path, second_path));

  console_free (console);
  vigil_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/console-notes/notes", test_notes);

  status = g_test_run ();
  atspi_exit ();
  return status;
}
