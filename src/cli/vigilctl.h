/* vigilctl.h
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "vigil-core.h"

G_BEGIN_DECLS

/* vigilctl's exit codes. */
enum
{
  VIGILCTL_EXIT_OK = 0,
  VIGILCTL_EXIT_REFUSED = 1,  /* a refused login, a failed verification */
  VIGILCTL_EXIT_BAD = 2,      /* bad input or anything else that stopped the command */
};

/* What every command is given: the global options and the passwords read from
 * standard input, one a line, in the order the command documents. */
typedef struct
{
  char       *data_dir;
  char       *acting_user;
  gboolean    password_stdin;
  GPtrArray  *stdin_lines;   /* read as far as needed, on first use */
  gboolean    stdin_ended;
  VigilSite  *site;          /* opened on first use */
} VigilctlContext;

typedef int (*VigilctlCommand) (VigilctlContext  *ctx,
                                int               argc,
                                char            **argv);

typedef struct
{
  const char      *name;
  VigilctlCommand  run;
} VigilctlSubcommand;

int         vigilctl_dispatch        (VigilctlContext          *ctx,
                                      int                       argc,
                                      char                    **argv,
                                      const char               *group,
                                      const VigilctlSubcommand *table,
                                      guint                     n_table);
const char *vigilctl_shown           (const char       *text);
void        vigilctl_shown_clear     (void);
int         vigilctl_fail            (GError           *error);
int         vigilctl_fail_message    (int               code,
                                      const char       *format,
                                      ...) G_GNUC_PRINTF (2, 3);
GOptionContext *vigilctl_options_new (const char       *parameters,
                                      const char       *summary,
                                      const GOptionEntry *entries);
/* @n_positional: the words after the options, or -1 for a command that
 * counts them itself. */
gboolean    vigilctl_parse           (GOptionContext   *options,
                                      int              *argc,
                                      char           ***argv,
                                      int               n_positional,
                                      const char       *command,
                                      GError          **error);
const char *vigilctl_password        (VigilctlContext  *ctx,
                                      guint             line,
                                      const char       *what,
                                      GError          **error);
VigilSite  *vigilctl_site            (VigilctlContext  *ctx,
                                      GError          **error);
VigilSession *vigilctl_login_actor   (VigilctlContext  *ctx,
                                      GError          **error);
void        vigilctl_print_json      (JsonNode         *node);
void        vigilctl_print_json_array (GPtrArray       *nodes);
void        vigilctl_json_string     (JsonBuilder      *builder,
                                      const char       *member,
                                      const char       *value);
void        vigilctl_json_time       (JsonBuilder      *builder,
                                      const char       *member,
                                      gint64            instant_us);
void        vigilctl_json_int        (JsonBuilder      *builder,
                                      const char       *member,
                                      gint64            value);
void        vigilctl_json_bool       (JsonBuilder      *builder,
                                      const char       *member,
                                      gboolean          value);
gboolean    vigilctl_parse_instant   (VigilctlContext  *ctx,
                                      const char       *command,
                                      const char       *option,
                                      const char       *text,
                                      gint64           *instant,
                                      GError          **error);
void        vigilctl_json_time_ms    (JsonBuilder      *builder,
                                      const char       *member,
                                      gint64            instant);
gboolean    vigilctl_parse_id        (const char       *text,
                                      const char       *what,
                                      gint64           *id,
                                      GError          **error);
char       *vigilctl_format_time     (VigilctlContext  *ctx,
                                      gint64            instant_us);

int vigilctl_cmd_init        (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_login_check (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_staff       (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_audit       (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_policy      (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_settings    (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_site        (VigilctlContext *ctx, int argc, char **argv);

/* centre records (vigilctl-centre.c, vigilctl-family.c) */
int vigilctl_cmd_room        (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_camera      (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_camera_check    (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_family      (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_stage       (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_window      (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_override    (VigilctlContext *ctx, int argc, char **argv);

/* duties and notes (vigilctl-duty.c, vigilctl-notes.c) */
int vigilctl_cmd_watch       (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_duty        (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_coverage    (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_note        (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_notes       (VigilctlContext *ctx, int argc, char **argv);
char *vigilctl_read_note_file (const char *path, GError **error);

/* recordings, holds and deletions (vigilctl-recordings.c) */
int vigilctl_cmd_recordings  (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_hold        (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_review     (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_export     (VigilctlContext *ctx, int argc, char **argv);
int vigilctl_cmd_deletions   (VigilctlContext *ctx, int argc, char **argv);

/* court bundles (vigilctl-bundle.c) */
int vigilctl_cmd_bundle      (VigilctlContext *ctx, int argc, char **argv);

G_END_DECLS
