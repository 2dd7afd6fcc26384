/* vigilctl-util.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "vigilctl.h"

/* Runs "vigilctl GROUP SUBCOMMAND …" from @table. */
int
vigilctl_dispatch (VigilctlContext          *ctx,
                   int                       argc,
                   char                    **argv,
                   const char               *group,
                   const VigilctlSubcommand *table,
                   guint                     n_table)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n_table; i++)
    g_string_append_printf (names, "%s%s", i ? "|" : "", table[i].name);

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      FILE *out = argc < 2 ? stderr : stdout;

      fprintf (out, _("Usage: vigilctl %s %s …\n"), group, names->str);
      fprintf (out, _("“vigilctl %s SUBCOMMAND --help” describes each.\n"), group);
      return argc < 2 ? VIGILCTL_EXIT_BAD : VIGILCTL_EXIT_OK;
    }

  for (guint i = 0; i < n_table; i++)
    if (strcmp (argv[1], table[i].name) == 0)
      return table[i].run (ctx, argc - 1, argv + 1);

  {
    g_autofree char *shown = vigil_text_quote (argv[1]);
    return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("unknown %s command “%s”: expected one of %s"),
                                  group, shown, names->str);
  }
}

/* What vigilctl shows is never a control character, whatever the data file
 * holds (a record written around Vigil, straight into SQLite) or whatever
 * was typed: every text a listing or message prints from a record or from
 * the command line goes through vigilctl_shown(). Escaped copies live until
 * vigilctl exits; clean text, nearly all of it, is not copied. */
static GPtrArray *shown_texts;

static gboolean
is_printable (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (vigil_text_char_is_hidden (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/**
 * vigilctl_shown:
 * @text: (nullable): text from a record or the command line
 *
 * Returns: @text itself when it is printable, otherwise a copy with every
 *   control, invisible or text-direction character and every byte that is
 *   not UTF-8 written out ("\n", "\x1b", "\u{202E}"; vigil_text_escape()),
 *   kept until vigilctl_shown_clear()
 */
const char *
vigilctl_shown (const char *text)
{
  char *escaped;

  if (text == NULL || is_printable (text))
    return text;

  if (shown_texts == NULL)
    shown_texts = g_ptr_array_new_with_free_func (g_free);
  escaped = vigil_text_escape (text, -1);
  g_ptr_array_add (shown_texts, escaped);
  return escaped;
}

void
vigilctl_shown_clear (void)
{
  g_clear_pointer (&shown_texts, g_ptr_array_unref);
}

/* Messages quote a short start of a bad value; a path or an option's text
 * (GOption's own messages) can still be long: the line is cut here. */
#define MAX_ERROR_CHARS 1000

/* @text escaped, and cut to @max_chars characters with "…". */
static char *
shortened (const char *text,
           glong       max_chars)
{
  g_autofree char *escaped = vigil_text_escape (text, -1);
  g_autofree char *cut = NULL;

  if (g_utf8_strlen (escaped, -1) <= max_chars)
    return g_steal_pointer (&escaped);

  cut = g_utf8_substring (escaped, 0, max_chars);
  return g_strconcat (cut, "…", NULL);
}

static void
print_error_line (const char *message)
{
  g_autofree char *line = shortened (message, MAX_ERROR_CHARS);

  fprintf (stderr, "vigilctl: %s\n", line);
}

/* Prints "vigilctl: MESSAGE" as one line and gives the exit code for it. */
int
vigilctl_fail (GError *error)
{
  int code = VIGILCTL_EXIT_BAD;

  if (g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED) ||
      g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_TAMPERED))
    code = VIGILCTL_EXIT_REFUSED;

  print_error_line (error->message);
  g_error_free (error);
  return code;
}

int
vigilctl_fail_message (int         code,
                       const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  print_error_line (message);
  return code;
}

GOptionContext *
vigilctl_options_new (const char         *parameters,
                      const char         *summary,
                      const GOptionEntry *entries)
{
  GOptionContext *options = g_option_context_new (parameters);

  g_option_context_set_translation_domain (options, GETTEXT_PACKAGE);
  g_option_context_set_summary (options, summary);
  g_option_context_set_description (options,
                                    _("Global options, anywhere on the line: --data-dir DIR, "
                                      "--as USER (who is acting), --password-stdin."));
  if (entries != NULL)
    g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);

  return options;
}

/* Parses a command's options and checks that exactly @n_positional words
 * are left (after the command's own name). */
gboolean
vigilctl_parse (GOptionContext   *options,
                int              *argc,
                char           ***argv,
                int               n_positional,
                const char       *command,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *usage_name = g_strdup_printf ("vigilctl %s", command);

  /* GOption's usage line and --help name the program by this. */
  g_set_prgname (usage_name);
  if (!g_option_context_parse (options, argc, argv, &local_error))
    {
      /* GOption quotes the whole option as typed: keep a short start. */
      g_autofree char *shown = shortened (local_error->message, 80);

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, "%s: %s", command, shown);
      return FALSE;
    }

  if (n_positional >= 0 && *argc - 1 != n_positional)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   *argc - 1 < n_positional ? _("%s: missing argument; see “vigilctl %s --help”")
                                            : _("%s: unexpected argument; see “vigilctl %s --help”"),
                   command, command);
      return FALSE;
    }

  return TRUE;
}

/* The longest line standard input may hold: the longest password. */
#define MAX_STDIN_LINE 1024

static void
free_secret (gpointer data)
{
  char *secret = data;

  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* Reads standard input up to line @line (from 0) and no further: a command
 * takes one or two lines, so endless input ("yes |") is never read whole,
 * and no line longer than MAX_STDIN_LINE bytes is kept. */
static gboolean
read_stdin_lines (VigilctlContext  *ctx,
                  guint             line,
                  GError          **error)
{
  char buffer[MAX_STDIN_LINE + 1];

  if (ctx->stdin_lines == NULL)
    ctx->stdin_lines = g_ptr_array_new_with_free_func (free_secret);

  while (!ctx->stdin_ended && ctx->stdin_lines->len <= line)
    {
      gsize len = 0;
      int c;

      while ((c = getc (stdin)) != EOF && c != '\n')
        {
          if (c == '\0' || len == MAX_STDIN_LINE)
            {
              sodium_memzero (buffer, sizeof buffer);
              g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                           c == '\0' ? _("line %u of standard input holds a nul byte: a password is text")
                                     : _("line %u of standard input is too long for a password (at most %d bytes)"),
                           ctx->stdin_lines->len + 1, MAX_STDIN_LINE);
              return FALSE;
            }
          buffer[len++] = (char) c;
        }

      if (c == EOF)
        {
          ctx->stdin_ended = TRUE;
          if (len == 0)
            break;
        }
      while (len > 0 && buffer[len - 1] == '\r')
        len--;
      g_ptr_array_add (ctx->stdin_lines, g_strndup (buffer, len));
      sodium_memzero (buffer, sizeof buffer);
    }

  return TRUE;
}

/**
 * vigilctl_password:
 * @line: which line of standard input, from 0
 * @what: whose password it is, for the error ("the acting user's password")
 */
const char *
vigilctl_password (VigilctlContext  *ctx,
                   guint             line,
                   const char       *what,
                   GError          **error)
{
  if (!ctx->password_stdin)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is needed: give --password-stdin and write it on standard input (never as an argument)"),
                   what);
      return NULL;
    }

  if (!read_stdin_lines (ctx, line, error))
    return NULL;

  if (line >= ctx->stdin_lines->len || *(char *) g_ptr_array_index (ctx->stdin_lines, line) == '\0')
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is missing from line %u of standard input"), what, line + 1);
      return NULL;
    }

  return g_ptr_array_index (ctx->stdin_lines, line);
}

VigilSite *
vigilctl_site (VigilctlContext  *ctx,
               GError          **error)
{
  if (ctx->site == NULL)
    ctx->site = vigil_site_open (ctx->data_dir, error);

  return ctx->site;
}

/* Logs in the member named by --as with the first line of standard input. A
 * refusal here is bad input to the command (exit 2), not a login check. */
VigilSession *
vigilctl_login_actor (VigilctlContext  *ctx,
                      GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  VigilSession *session;
  const char *password;

  if (ctx->acting_user == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("this command changes something: say who is acting with --as USER --password-stdin"));
      return NULL;
    }

  /* A name that can be no one's is bad input, not a login attempt. */
  if (!vigil_staff_validate_username (ctx->acting_user, &local_error))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, "--as: %s", local_error->message);
      return NULL;
    }

  password = vigilctl_password (ctx, 0, _("the acting user's password"), error);
  if (password == NULL || vigilctl_site (ctx, error) == NULL)
    return NULL;

  session = vigil_site_login (ctx->site, ctx->acting_user, password, "vigilctl", &local_error);
  if (session == NULL)
    {
      if (g_error_matches (local_error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED))
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                     _("cannot act as %s: %s"), vigilctl_shown (ctx->acting_user), local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return session;
}

/* json-glib escapes C0 controls and DEL but writes C1 controls, invisible
 * and text-direction characters, U+2028/U+2029 and bytes that are not UTF-8
 * as they are. Outside strings JSON is ASCII, so each of those can only
 * stand in a string: written as \uXXXX it is the same JSON to a program,
 * and harmless to a terminal. A byte that is not UTF-8 becomes U+FFFD. */
static char *
json_printable (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *end = text + strlen (text);

  for (const char *p = text; p < end; )
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\\ufffd");
          p++;
          continue;
        }
      /* Raw tabs and line breaks are the pretty printer's own layout:
       * json-glib has already escaped those inside strings. */
      if (!vigil_text_char_is_hidden (c) || c == '\n' || c == '\t' || c == '\r')
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (c < 0x10000)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\u%04x\\u%04x",
                                0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

void
vigilctl_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *printable = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printable = json_printable (text);
  printf ("%s\n", printable);
}

/* Prints @nodes (JsonNode, owned by the array) as one JSON array. */
void
vigilctl_print_json_array (GPtrArray *nodes)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (array, json_node_copy (g_ptr_array_index (nodes, i)));
  json_node_set_array (root, array);
  vigilctl_print_json (root);
}

/* Adds @member: @value, or null for NULL. */
void
vigilctl_json_string (JsonBuilder *builder,
                      const char  *member,
                      const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Adds @member: the instant in UTC ISO-8601. 0 is "no such instant": JSON
 * says null, not 1970-01-01T00:00:00Z. */
void
vigilctl_json_time (JsonBuilder *builder,
                    const char  *member,
                    gint64       instant_us)
{
  g_autofree char *utc = instant_us != 0 ? vigil_time_format_utc (instant_us) : NULL;

  vigilctl_json_string (builder, member, utc);
}

void
vigilctl_json_int (JsonBuilder *builder,
                   const char  *member,
                   gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
vigilctl_json_bool (JsonBuilder *builder,
                    const char  *member,
                    gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

/* A positive record number from the command line ("12"); @what names the
 * record for the error ("window"). */
gboolean
vigilctl_parse_id (const char  *text,
                   const char  *what,
                   gint64      *id,
                   GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_autofree char *shown = vigil_text_quote (text);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("bad %s number “%s”: expected a whole number from 1"), what, shown);
      return FALSE;
    }
  *id = (gint64) value;
  return TRUE;
}

/* "2026-11-22 14:32:05 GMT": the site's zone, with its abbreviation. */
char *
vigilctl_format_time (VigilctlContext *ctx,
                      gint64           instant_us)
{
  return vigil_time_format_local (instant_us, vigil_site_get_time_zone (ctx->site), "%Y-%m-%d %H:%M:%S %Z");
}

/* @text as an instant in the site's zone (or with its own offset); a
 * missing one is an error naming @command and @option. */
gboolean
vigilctl_parse_instant (VigilctlContext  *ctx,
                        const char       *command,
                        const char       *option,
                        const char       *text,
                        gint64           *instant,
                        GError          **error)
{
  if (text == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("%s: %s is required"), command, option);
      return FALSE;
    }
  if (!vigil_time_parse (text, vigil_site_get_time_zone (ctx->site), instant, error))
    {
      g_prefix_error (error, "%s: ", option);
      return FALSE;
    }
  return TRUE;
}

/* @member: the instant in UTC with milliseconds, or null for 0. */
void
vigilctl_json_time_ms (JsonBuilder *builder,
                       const char  *member,
                       gint64       instant)
{
  g_autofree char *utc = instant != 0 ? vigil_time_format_utc_ms (instant) : NULL;

  vigilctl_json_string (builder, member, utc);
}
