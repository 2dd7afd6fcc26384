/* vigilctl-notes.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vigilctl.h"

/* vigilctl note and notes: observation summaries for the case record.
 * Bodies come from UTF-8 text files, never from the command line, so that
 * what was written is what is saved. */

/**
 * vigilctl_read_note_file:
 *
 * Reads a note's body from @path and checks it as the core will (UTF-8
 * plain text, not empty, at most 64 KiB), naming the file in any refusal.
 * At most one byte more than the limit is ever read, whatever @path is (a
 * device such as /dev/zero, a pipe, a huge file).
 *
 * Returns: (transfer full): the body to save, or %NULL with @error set
 */
char *
vigilctl_read_note_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *shown = vigil_text_escape (path, -1);
  gsize length = 0;
  char *body;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("cannot read %s: %s"), shown, g_strerror (saved_errno));
      return NULL;
    }

  contents = g_malloc (VIGIL_NOTE_MAX_BODY + 1);
  while (length <= VIGIL_NOTE_MAX_BODY)
    {
      gssize n = read (fd, contents + length, VIGIL_NOTE_MAX_BODY + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("cannot read %s: %s"), shown, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      length += n;
    }
  close (fd);

  if (length > VIGIL_NOTE_MAX_BODY)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s: the note is too long: the limit is %d bytes (64 KiB)"),
                   shown, VIGIL_NOTE_MAX_BODY);
      return NULL;
    }

  body = vigil_note_normalize_body (contents, length, error);
  if (body == NULL)
    g_prefix_error (error, "%s: ", shown);
  return body;
}

static gboolean
parse_note_time (VigilctlContext  *ctx,
                 const char       *option,
                 const char       *text,
                 gint64           *instant,
                 GError          **error)
{
  if (text == NULL)
    {
      *instant = 0;
      return TRUE;
    }

  if (!vigil_time_parse (text, vigil_site_get_time_zone (ctx->site), instant, error))
    {
      g_prefix_error (error, "%s: ", option);
      return FALSE;
    }
  return TRUE;
}

static int
note_add (VigilctlContext  *ctx,
          int               argc,
          char            **argv)
{
  g_autofree char *file = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean review = FALSE;
  const GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("The note, a UTF-8 text file (required)"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Start of the period observed (ISO-8601; without an offset, site time)"), N_("ISO") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("End of the period observed"), N_("ISO") },
    { "review", 0, 0, G_OPTION_ARG_NONE, &review, N_("A review of recorded footage (needs --from and --to)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilNote) note = NULL;
  g_autofree char *body = NULL;
  VigilNoteKind kind;
  gint64 from = 0, to = 0;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Saves an observation note about the family with case reference REF, "
                                    "written by the acting user now; with --review, a note of a review of "
                                    "recorded footage. A saved note never changes: correct it with "
                                    "“vigilctl note addendum”. Needs the write-notes permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "note add", &error))
    return vigilctl_fail (error);

  if (file == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("note add: --file is required"));
  if ((from_text == NULL) != (to_text == NULL))
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("note add: --from and --to go together"));

  kind = review ? VIGIL_NOTE_KIND_REVIEW : VIGIL_NOTE_KIND_OBSERVATION;

  if ((body = vigilctl_read_note_file (file, &error)) == NULL ||
      vigilctl_site (ctx, &error) == NULL ||
      !parse_note_time (ctx, "--from", from_text, &from, &error) ||
      !parse_note_time (ctx, "--to", to_text, &to, &error) ||
      !vigil_site_check_note (ctx->site, argv[1], kind, from, to, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (note = vigil_site_add_note (ctx->site, session, argv[1], kind, from, to, body, &error)) == NULL)
    return vigilctl_fail (error);

  printf (_("Note %lld (%s) saved for family %s.\n"),
          (long long) vigil_note_get_id (note), vigil_note_kind_to_string (kind),
          vigilctl_shown (vigil_note_get_case_ref (note)));
  return VIGILCTL_EXIT_OK;
}

static int
note_addendum (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  g_autofree char *file = NULL;
  const GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("The correction, a UTF-8 text file (required)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(VigilSession) session = NULL;
  g_autoptr(VigilNote) addendum = NULL;
  g_autofree char *body = NULL;
  gint64 note_id;
  GError *error = NULL;

  options = vigilctl_options_new (_("ID"),
                                  _("Adds a correction to note ID: a note of its own, by the acting user, "
                                    "now, linked to the original, which stays as it was. Needs the "
                                    "write-notes permission."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "note addendum", &error))
    return vigilctl_fail (error);
  /* Worded for notes: the number to give is the one "vigilctl notes" shows. */
  if (!vigilctl_parse_id (argv[1], _("note"), &note_id, NULL))
    {
      g_autofree char *shown = vigil_text_quote (argv[1]);
      g_set_error (&error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("malformed note number “%s”: expected the number “vigilctl notes” shows"), shown);
      return vigilctl_fail (error);
    }

  if (file == NULL)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("note addendum: --file is required"));

  if ((body = vigilctl_read_note_file (file, &error)) == NULL ||
      vigilctl_site (ctx, &error) == NULL ||
      !vigil_site_check_addendum (ctx->site, note_id, &error) ||
      (session = vigilctl_login_actor (ctx, &error)) == NULL ||
      (addendum = vigil_site_add_addendum (ctx->site, session, note_id, body, &error)) == NULL)
    return vigilctl_fail (error);

  printf (_("Addendum %lld to note %lld saved.\n"),
          (long long) vigil_note_get_id (addendum), (long long) note_id);
  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand note_commands[] = {
  { "add", note_add },
  { "addendum", note_addendum },
};

int
vigilctl_cmd_note (VigilctlContext  *ctx,
                   int               argc,
                   char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "note", note_commands, G_N_ELEMENTS (note_commands));
}

static void
add_note_members (JsonBuilder *builder,
                  VigilNote   *note)
{
  gint64 from, to;

  vigilctl_json_int (builder, "id", vigil_note_get_id (note));
  vigilctl_json_string (builder, "author", vigil_note_get_author (note));
  vigilctl_json_time (builder, "written_at", vigil_note_get_written_at (note));
  vigilctl_json_string (builder, "body", vigil_note_get_body (note));

  if (vigil_note_is_addendum (note))
    return;

  vigilctl_json_string (builder, "case_ref", vigil_note_get_case_ref (note));
  vigilctl_json_string (builder, "kind", vigil_note_kind_to_string (vigil_note_get_kind (note)));
  json_builder_set_member_name (builder, "period");
  if (vigil_note_get_period (note, &from, &to))
    {
      json_builder_begin_object (builder);
      vigilctl_json_time (builder, "from", from);
      vigilctl_json_time (builder, "to", to);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
}

/* Notes come from the store each followed by its addenda; JSON nests the
 * addenda inside their note. */
static void
print_notes_json (GPtrArray *notes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < notes->len; i++)
    {
      VigilNote *note = g_ptr_array_index (notes, i);

      json_builder_begin_object (builder);
      add_note_members (builder, note);
      json_builder_set_member_name (builder, "addenda");
      json_builder_begin_array (builder);
      while (i + 1 < notes->len && vigil_note_is_addendum (g_ptr_array_index (notes, i + 1)))
        {
          json_builder_begin_object (builder);
          add_note_members (builder, g_ptr_array_index (notes, ++i));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  vigilctl_print_json (root);
}

/* A body line by line under @indent: tabs become spaces to the next stop of
 * eight, and anything else that is not printable (only a note written
 * around Vigil can hold it) is escaped, so a body never drives the
 * terminal or forges a line of the listing. */
static void
print_body (const char *body,
            const char *indent)
{
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      glong column = 0;

      for (const char *p = lines[i]; *p != '\0'; p++)
        {
          if (*p == '\t')
            {
              do
                g_string_append_c (line, ' ');
              while (++column % 8 != 0);
            }
          else
            {
              g_string_append_c (line, *p);
              /* Counts characters, not bytes: continuation bytes do not. */
              if (((guchar) *p & 0xc0) != 0x80)
                column++;
            }
        }
      printf ("%s%s\n", indent, vigilctl_shown (line->str));
    }
}

static void
print_notes_text (VigilctlContext *ctx,
                  GPtrArray       *notes)
{
  if (notes->len == 0)
    printf ("%s\n", _("No notes."));

  for (guint i = 0; i < notes->len; i++)
    {
      VigilNote *note = g_ptr_array_index (notes, i);
      g_autofree char *written = vigilctl_format_time (ctx, vigil_note_get_written_at (note));
      gint64 from, to;

      if (vigil_note_is_addendum (note))
        {
          printf (_("  Addendum %lld to note %lld, by %s, written %s\n"),
                  (long long) vigil_note_get_id (note), (long long) vigil_note_get_addendum_to (note),
                  vigilctl_shown (vigil_note_get_author (note)), written);
          print_body (vigil_note_get_body (note), "    ");
        }
      else
        {
          printf ("%s", i > 0 ? "\n" : "");
          printf (_("Note %lld (%s) for family %s, by %s, written %s\n"),
                  (long long) vigil_note_get_id (note), vigil_note_kind_to_string (vigil_note_get_kind (note)),
                  vigilctl_shown (vigil_note_get_case_ref (note)), vigilctl_shown (vigil_note_get_author (note)),
                  written);
          if (vigil_note_get_period (note, &from, &to))
            {
              g_autofree char *start = vigilctl_format_time (ctx, from);
              g_autofree char *end = vigilctl_format_time (ctx, to);

              printf (_("Period observed: %s to %s\n"), start, end);
            }
          print_body (vigil_note_get_body (note), "  ");
        }
    }
}

/* --until DATE takes in the whole of that day, as "hold add --until" does;
 * a date and time is the instant the range stops, itself left out. */
static gboolean
parse_until (VigilctlContext  *ctx,
             const char       *text,
             gint64           *instant,
             GError          **error)
{
  *instant = 0;
  if (text != NULL && !vigil_time_parse_until (text, vigil_site_get_time_zone (ctx->site), instant, error))
    {
      g_prefix_error (error, "%s: ", "--until");
      return FALSE;
    }
  return TRUE;
}

int
vigilctl_cmd_notes (VigilctlContext  *ctx,
                    int               argc,
                    char            **argv)
{
  g_autofree char *since_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *pdf = NULL;
  gboolean as_csv = FALSE;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, N_("Only notes written, or corrected, since this date or time (site time unless an offset is given)"), N_("DATE") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, N_("Only notes written, or corrected, before the end of this date, or before this time"), N_("DATE") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &as_csv, N_("Print CSV for the case recording system"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON (times in UTC)"), NULL },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write a printable PDF for the case record to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  gint64 since = 0, until = 0;
  GError *error = NULL;

  options = vigilctl_options_new (_("REF"),
                                  _("Lists the notes about the family with case reference REF, oldest "
                                    "first, each with its addenda. --since and --until keep the notes "
                                    "written, or corrected, in that range, each shown whole. --csv writes "
                                    "RFC 4180 CSV with a header row, times in UTC and in site time; an "
                                    "addendum is a row that names the note it amends. --pdf writes the "
                                    "same notes to FILE as A4 pages for the case record, replacing any "
                                    "file there only once the whole PDF is written."),
                                  entries);
  if (!vigilctl_parse (options, &argc, &argv, 1, "notes", &error))
    return vigilctl_fail (error);

  if ((as_csv ? 1 : 0) + (as_json ? 1 : 0) + (pdf != NULL ? 1 : 0) > 1)
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("notes: choose one of --csv, --json and --pdf"));

  if (vigilctl_site (ctx, &error) == NULL ||
      !parse_note_time (ctx, "--since", since_text, &since, &error) ||
      !parse_until (ctx, until_text, &until, &error))
    return vigilctl_fail (error);

  if (since_text != NULL && until_text != NULL && until <= since)
    {
      g_autofree char *start = vigil_text_quote (since_text);
      g_autofree char *end = vigil_text_quote (until_text);

      return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("notes: --until “%s” is not after --since “%s”"),
                                    end, start);
    }

  if (pdf != NULL)
    {
      if (!vigil_site_export_notes_pdf (ctx->site, argv[1], since, until, pdf, &error))
        return vigilctl_fail (error);

      printf (_("Notes of family %s written to %s.\n"), vigilctl_shown (argv[1]), vigilctl_shown (pdf));
      return VIGILCTL_EXIT_OK;
    }

  if ((listed = vigil_site_list_notes (ctx->site, argv[1], since, &error)) == NULL)
    return vigilctl_fail (error);
  notes = vigil_note_select_range (listed, since, until);

  if (as_csv)
    {
      g_autofree char *csv = vigil_note_format_csv (notes, vigil_site_get_time_zone (ctx->site));

      fwrite (csv, 1, strlen (csv), stdout);
    }
  else if (as_json)
    print_notes_json (notes);
  else
    print_notes_text (ctx, notes);

  return VIGILCTL_EXIT_OK;
}
