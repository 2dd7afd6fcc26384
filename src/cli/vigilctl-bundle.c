/* vigilctl-bundle.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <signal.h>
#include <stdio.h>

#include "vigil-bundle-verify.h"
#include "vigilctl.h"

/* vigilctl bundle verify: checks a court bundle (docs/bundles.md). It needs
 * no login and no site, as a bundle is checked far from the centre; the
 * site's records, when at hand and the bundle's own, are checked too. The
 * check runs on a thread of its own, so that Ctrl-C stops it between two
 * chunks of a file, with its pipelines closed. */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GPtrArray    *findings;
  guint         n_files;
  char         *note;
  GError       *error;
} Verification;

static void
verify_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  VigilSite *site = source_object;
  Verification *verification = task_data;
  const char *dir = g_object_get_data (G_OBJECT (task), "dir");
  GError *error = NULL;
  GPtrArray *findings;

  findings = vigil_bundle_verify (dir, site, cancellable, &verification->n_files, &verification->note, &error);
  if (findings == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, findings, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_verified (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Verification *verification = user_data;

  verification->findings = g_task_propagate_pointer (G_TASK (result), &verification->error);
  g_main_loop_quit (verification->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Verification *verification = user_data;

  g_cancellable_cancel (verification->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Opens the site whose records the bundle is checked against, if any. A
 * folder named with --data-dir must hold a site; the default one need not:
 * most bundles are checked where there is none. */
static gboolean
open_site (VigilctlContext  *ctx,
           GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *default_dir = vigil_site_default_data_dir ();

  if (vigilctl_site (ctx, &local_error) != NULL)
    return TRUE;
  if (g_strcmp0 (ctx->data_dir, default_dir) == 0)
    {
      g_debug ("No site's records to check the bundle against: %s", local_error->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
print_summary (guint       n_problems,
               guint       n_files,
               const char *note)
{
  g_autofree char *checked = g_strdup_printf (ngettext ("%u file checked", "%u files checked", n_files), n_files);
  g_autofree char *problems = g_strdup_printf (ngettext ("%u problem", "%u problems", n_problems), n_problems);
  g_autofree char *found = NULL;

  /* "intact" and "not intact", like each problem's kind, are for scripts
   * too: they stay as they are in every language. */
  if (n_problems == 0)
    found = g_strdup_printf ("intact: %s", checked);
  else
    found = g_strdup_printf ("not intact: %s, %s", problems, checked);

  if (note == NULL)
    printf (_("%s, and against the site's records\n"), found);
  else
    printf (_("%s (not checked against a site's records: %s)\n"), found, vigilctl_shown (note));
}

static int
bundle_verify (VigilctlContext  *ctx,
               int               argc,
               char            **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GTask) task = NULL;
  Verification verification = { loop, cancellable };
  GError *error = NULL;
  guint interrupt, terminate;
  int status;

  options = vigilctl_options_new (_("DIR"),
                                  _("Checks the court bundle in folder DIR: every file against manifest.json "
                                    "and SHA256SUMS, nothing missing and nothing added, every path inside the "
                                    "folder, and every working copy played to its end. With the site's data "
                                    "folder (--data-dir, or the default one) when it holds the site that made "
                                    "the bundle: each master against the hash the recorder recorded, and "
                                    "manifest.json against the export's entry in the audit trail. Prints each "
                                    "problem on a line, then a summary. Exit status 0: intact; 1: not intact; "
                                    "2: DIR is not a bundle. Needs no login."),
                                  NULL);
  if (!vigilctl_parse (options, &argc, &argv, 1, "bundle verify", &error) ||
      !gst_init_check (NULL, NULL, &error) ||
      !open_site (ctx, &error))
    return vigilctl_fail (error);

  task = g_task_new (ctx->site, cancellable, on_verified, &verification);
  g_task_set_source_tag (task, bundle_verify);
  g_task_set_task_data (task, &verification, NULL);
  g_object_set_data_full (G_OBJECT (task), "dir", g_strdup (argv[1]), g_free);
  g_task_run_in_thread (task, verify_in_thread);
  g_clear_object (&task);

  interrupt = g_unix_signal_add (SIGINT, on_interrupt, &verification);
  terminate = g_unix_signal_add (SIGTERM, on_interrupt, &verification);
  g_main_loop_run (loop);
  g_source_remove (interrupt);
  g_source_remove (terminate);

  if (verification.findings == NULL)
    {
      g_free (verification.note);
      return vigilctl_fail (verification.error);
    }

  for (guint i = 0; i < verification.findings->len; i++)
    {
      VigilBundleFinding *finding = g_ptr_array_index (verification.findings, i);

      printf ("%s: %s: %s\n", vigil_bundle_finding_kind_to_string (finding->kind), vigilctl_shown (finding->path),
              vigilctl_shown (finding->message));
    }
  print_summary (verification.findings->len, verification.n_files, verification.note);

  status = verification.findings->len == 0 ? VIGILCTL_EXIT_OK : VIGILCTL_EXIT_REFUSED;
  g_ptr_array_unref (verification.findings);
  g_free (verification.note);
  return status;
}

static const VigilctlSubcommand bundle_commands[] = {
  { "verify", bundle_verify },
};

int
vigilctl_cmd_bundle (VigilctlContext  *ctx,
                     int               argc,
                     char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "bundle", bundle_commands, G_N_ELEMENTS (bundle_commands));
}
