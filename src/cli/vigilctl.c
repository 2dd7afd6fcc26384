/* vigilctl.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "vigilctl.h"

/* vigilctl: administration, queries and (later) headless export.
 *
 * Global options may stand anywhere on the line; the first other word names
 * the command. Passwords are read from standard input only, one a line. */

static const struct {
  const char      *name;
  VigilctlCommand  run;
  const char      *summary;
} commands[] = {
  { "init", vigilctl_cmd_init, N_("Create a site and its first manager") },
  { "staff", vigilctl_cmd_staff, N_("Add, list and change staff (add, list, set-password, deactivate, competency)") },
  { "login-check", vigilctl_cmd_login_check, N_("Check whether the console would let a member of staff in") },
  { "audit", vigilctl_cmd_audit, N_("Verify or list the audit trail (verify, list)") },
  { "settings", vigilctl_cmd_settings, N_("List or change site settings (list, set)") },
  { "site", vigilctl_cmd_site, N_("A site of several machines on PostgreSQL (database-password, migrate, invite, join, machines, revoke)") },
  { "policy", vigilctl_cmd_policy, N_("What the centre's rules allow for a camera or family (explain, timeline)") },
  { "room", vigilctl_cmd_room, N_("Add and list rooms (add, list)") },
  { "camera", vigilctl_cmd_camera, N_("Register, change, check and list cameras (add, set, disable, enable, check, list)") },
  { "family", vigilctl_cmd_family, N_("Admit, list and discharge families; record agreements (add, list, agreement, discharge)") },
  { "stage", vigilctl_cmd_stage, N_("Change a family's stage and show its history (set, history, cancel)") },
  { "window", vigilctl_cmd_window, N_("Set up and remove observation windows (add, list, remove)") },
  { "override", vigilctl_cmd_override, N_("Start, renew and end safeguarding overrides (start, end, list)") },
  { "watch", vigilctl_cmd_watch, N_("Say a family needs a remote watcher now, or no longer (request, withdraw)") },
  { "duty", vigilctl_cmd_duty, N_("Start, hand over and end duties (start, handover, end)") },
  { "coverage", vigilctl_cmd_coverage, N_("Who watches whom, and every uncovered watch request") },
  { "note", vigilctl_cmd_note, N_("Write an observation note or an addendum (add, addendum)") },
  { "notes", vigilctl_cmd_notes, N_("List a family's notes with their addenda (text, CSV, JSON)") },
  { "recordings", vigilctl_cmd_recordings, N_("What was recorded of a camera in a range, and the gaps") },
  { "hold", vigilctl_cmd_hold, N_("Hold footage so that it is never deleted (add, list, release)") },
  { "deletions", vigilctl_cmd_deletions, N_("The recordings deleted in a range, with why") },
  { "bundle", vigilctl_cmd_bundle, N_("Check a court bundle: every file, its working copies, and the site's records (verify)") },
  { "review", vigilctl_cmd_review, N_("Open a camera's recorded footage for a CCTV Review, with a reason") },
  { "export", vigilctl_cmd_export, N_("Court bundle exports (request, approve, refuse, run, list)") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: vigilctl [--data-dir DIR] [--as USER --password-stdin] COMMAND [ARGS…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Global options:"));
  fprintf (out, "  --data-dir DIR     %s\n", _("The site's data folder (default $VIGIL_DATA_DIR, else $XDG_DATA_HOME/vigil)"));
  fprintf (out, "  --as USER          %s\n", _("Act as this member of staff (for commands that change something)"));
  fprintf (out, "  --password-stdin   %s\n", _("Read passwords from standard input, one a line"));
  fprintf (out, "  --version          %s\n", _("Show the version"));
  fprintf (out, "\n%s\n", _("“vigilctl COMMAND --help” describes each command."));
}

/* Matches "--name VALUE" and "--name=VALUE"; a missing value gives NULL. */
static gboolean
match_value_option (const char   *name,
                    int          *i,
                    int           argc,
                    char        **argv,
                    const char  **value)
{
  const char *arg = argv[*i];
  size_t len = strlen (name);

  if (strncmp (arg, name, len) != 0)
    return FALSE;

  if (arg[len] == '=')
    *value = arg + len + 1;
  else if (arg[len] == '\0')
    *value = *i + 1 < argc ? argv[++(*i)] : NULL;
  else
    return FALSE;

  return TRUE;
}

/* Takes the global options out of argv wherever they stand. */
static gboolean
take_global_options (VigilctlContext  *ctx,
                     int              *argc,
                     char            **argv,
                     GError          **error)
{
  int kept = 1;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;
      char **slot;

      if (strcmp (arg, "--") == 0)
        {
          while (i < *argc)
            argv[kept++] = argv[i++];
          break;
        }

      if (strcmp (arg, "--password-stdin") == 0)
        {
          ctx->password_stdin = TRUE;
          continue;
        }

      if (match_value_option ("--data-dir", &i, *argc, argv, &value))
        slot = &ctx->data_dir;
      else if (match_value_option ("--as", &i, *argc, argv, &value))
        slot = &ctx->acting_user;
      else
        {
          argv[kept++] = argv[i];
          continue;
        }

      if (value == NULL || *value == '\0')
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("%s needs a value"), arg);
          return FALSE;
        }

      g_free (*slot);
      *slot = g_strdup (value);
    }

  *argc = kept;
  argv[kept] = NULL;
  return TRUE;
}

static void
context_clear (VigilctlContext *ctx)
{
  g_clear_pointer (&ctx->data_dir, g_free);
  g_clear_pointer (&ctx->acting_user, g_free);
  g_clear_pointer (&ctx->stdin_lines, g_ptr_array_unref);
  g_clear_object (&ctx->site);
  vigilctl_shown_clear ();
}

int
main (int    argc,
      char **argv)
{
  VigilctlContext ctx = { 0 };
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("vigilctl");
  /* Standard output is for what was asked (JSON Lines among it): log
   * messages, debug ones included, go to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  if (!take_global_options (&ctx, &argc, argv, &error))
    {
      context_clear (&ctx);
      return vigilctl_fail (g_steal_pointer (&error));
    }

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      context_clear (&ctx);
      return argc < 2 ? VIGILCTL_EXIT_BAD : VIGILCTL_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("vigilctl %s\n", PACKAGE_VERSION);
      context_clear (&ctx);
      return VIGILCTL_EXIT_OK;
    }

  if (ctx.data_dir == NULL)
    ctx.data_dir = vigil_site_default_data_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          status = commands[i].run (&ctx, argc - 1, argv + 1);
          context_clear (&ctx);
          return status;
        }
    }

  {
    g_autofree char *shown = vigil_text_quote (argv[1]);
    status = vigilctl_fail_message (VIGILCTL_EXIT_BAD,
                                    _("unknown command “%s”; “vigilctl --help” lists them"), shown);
  }
  context_clear (&ctx);
  return status;
}
