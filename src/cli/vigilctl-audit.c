/* vigilctl-audit.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigilctl"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "vigilctl.h"

static int
audit_verify (VigilctlContext  *ctx,
              int               argc,
              char            **argv)
{
  g_autoptr(GOptionContext) options = NULL;
  GError *error = NULL;
  gint64 n_entries = 0;

  options = vigilctl_options_new (NULL,
                                  _("Checks the whole audit trail against the site key in the Secret Service. "
                                    "Exits 0 when it is intact; otherwise exits 1 naming the first bad entry."),
                                  NULL);
  if (!vigilctl_parse (options, &argc, &argv, 0, "audit verify", &error) ||
      vigilctl_site (ctx, &error) == NULL)
    return vigilctl_fail (error);

  if (!vigil_audit_verify (vigil_site_get_audit (ctx->site), &n_entries, &error))
    {
      if (g_error_matches (error, VIGIL_ERROR, VIGIL_ERROR_TAMPERED))
        {
          int code = vigilctl_fail_message (VIGILCTL_EXIT_REFUSED, _("audit trail NOT intact: %s"), error->message);
          g_error_free (error);
          return code;
        }
      return vigilctl_fail (error);
    }

  printf (_("Audit trail intact: %" G_GINT64_FORMAT " entries.\n"), n_entries);
  return VIGILCTL_EXIT_OK;
}

static int
audit_list (VigilctlContext  *ctx,
            int               argc,
            char            **argv)
{
  g_autofree char *since = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_("Only entries at or after this time (ISO-8601; without an offset, the site's time)"), N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GPtrArray) entries_list = NULL;
  GError *error = NULL;
  gint64 since_us = 0;

  options = vigilctl_options_new (NULL, _("Lists the audit trail, oldest first."), entries);
  if (!vigilctl_parse (options, &argc, &argv, 0, "audit list", &error) ||
      vigilctl_site (ctx, &error) == NULL)
    return vigilctl_fail (error);

  if (since != NULL && !vigil_time_parse (since, vigil_site_get_time_zone (ctx->site), &since_us, &error))
    return vigilctl_fail (error);

  entries_list = vigil_audit_list (vigil_site_get_audit (ctx->site), since_us, &error);
  if (entries_list == NULL)
    return vigilctl_fail (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries_list->len; i++)
        {
          VigilAuditEntry *entry = g_ptr_array_index (entries_list, i);
          g_autofree char *at = vigil_time_format_utc (vigil_audit_entry_get_at (entry));

          json_builder_begin_object (builder);
          vigilctl_json_int (builder, "seq", vigil_audit_entry_get_seq (entry));
          vigilctl_json_string (builder, "at", at);
          vigilctl_json_string (builder, "actor", vigil_audit_entry_get_actor (entry));
          vigilctl_json_string (builder, "action", vigil_audit_entry_get_action (entry));
          vigilctl_json_string (builder, "object", vigil_audit_entry_get_object (entry));
          vigilctl_json_string (builder, "reason", vigil_audit_entry_get_reason (entry));
          vigilctl_json_string (builder, "detail", vigil_audit_entry_get_detail (entry));
          vigilctl_json_string (builder, "machine", vigil_audit_entry_get_machine (entry));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      vigilctl_print_json (root);
      return VIGILCTL_EXIT_OK;
    }

  for (guint i = 0; i < entries_list->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries_list, i);
      g_autofree char *at = vigilctl_format_time (ctx, vigil_audit_entry_get_at (entry));
      const char *reason = vigil_audit_entry_get_reason (entry);
      const char *detail = vigil_audit_entry_get_detail (entry);
      const char *machine = vigil_audit_entry_get_machine (entry);
      g_autofree char *on = machine != NULL ? g_strdup_printf ("  [on %s]", vigilctl_shown (machine)) : NULL;

      printf ("#%-6" G_GINT64_FORMAT " %s  %-12s %-20s %s%s%s%s%s%s\n",
              vigil_audit_entry_get_seq (entry), at,
              vigilctl_shown (vigil_audit_entry_get_actor (entry)),
              vigilctl_shown (vigil_audit_entry_get_action (entry)),
              vigilctl_shown (vigil_audit_entry_get_object (entry)),
              *reason ? "  — " : "", vigilctl_shown (reason),
              *detail ? "  " : "", vigilctl_shown (detail), on != NULL ? on : "");
    }

  return VIGILCTL_EXIT_OK;
}

static const VigilctlSubcommand audit_commands[] = {
  { "verify", audit_verify },
  { "list", audit_list },
};

int
vigilctl_cmd_audit (VigilctlContext  *ctx,
                    int               argc,
                    char            **argv)
{
  return vigilctl_dispatch (ctx, argc, argv, "audit", audit_commands, G_N_ELEMENTS (audit_commands));
}
