/* vigilctl-util.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
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

  return vigilctl_fail_message (VIGILCTL_EXIT_BAD, _("unknown %s command “%s”: expected one of %s"),
                                group, argv[1], names->str);
}

/* Prints "vigilctl: MESSAGE" as one line and gives the exit code for it. */
int
vigilctl_fail (GError *error)
{
  int code = VIGILCTL_EXIT_BAD;
  g_autofree char *line = NULL;

  if (g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED) ||
      g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_TAMPERED))
    code = VIGILCTL_EXIT_REFUSED;

  line = g_strdelimit (g_strdup (error->message), "\r\n", ' ');
  fprintf (stderr, "vigilctl: %s\n", line);
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

  fprintf (stderr, "vigilctl: %s\n", message);
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
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, "%s: %s", command, local_error->message);
      return FALSE;
    }

  if (*argc - 1 != n_positional)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   *argc - 1 < n_positional ? _("%s: missing argument; see “vigilctl %s --help”")
                                            : _("%s: unexpected argument; see “vigilctl %s --help”"),
                   command, command);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_stdin_lines (VigilctlContext  *ctx,
                  GError          **error)
{
  char buffer[4096];

  if (ctx->stdin_lines != NULL)
    return TRUE;

  ctx->stdin_lines = g_ptr_array_new_with_free_func (g_free);

  while (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      gsize len = strlen (buffer);

      if (len == sizeof buffer - 1 && buffer[len - 1] != '\n')
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("a line on standard input is too long for a password"));
          return FALSE;
        }
      while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
        buffer[--len] = '\0';
      g_ptr_array_add (ctx->stdin_lines, g_strdup (buffer));
    }

  memset (buffer, 0, sizeof buffer);
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

  if (!read_stdin_lines (ctx, error))
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

  password = vigilctl_password (ctx, 0, _("the acting user's password"), error);
  if (password == NULL || vigilctl_site (ctx, error) == NULL)
    return NULL;

  session = vigil_site_login (ctx->site, ctx->acting_user, password, "vigilctl", &local_error);
  if (session == NULL)
    {
      if (g_error_matches (local_error, VIGIL_ERROR, VIGIL_ERROR_LOGIN_REFUSED))
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                     _("cannot act as %s: %s"), ctx->acting_user, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return session;
}

void
vigilctl_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
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
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("bad %s number “%s”: expected a whole number from 1"), what, text);
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
