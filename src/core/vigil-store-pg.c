/* vigil-store-pg.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <string.h>

#include "vigil-error.h"
#include "vigil-secrets.h"
#include "vigil-store-backend-private.h"

/* The store on PostgreSQL, for a site of several machines: the same SQL
 * the SQLite store runs, its parameters renumbered, run through libpq in
 * text form. Every invariant SQLite holds in the file is held here by the
 * database too (vigil-store-pg-schema.c), and a write takes the site's
 * advisory lock, as SQLite's BEGIN IMMEDIATE takes the file's. */

#define MAX_PARAMS 16

struct _VigilPgQuery
{
  char     *sql;          /* with $N parameters */
  char     *name;         /* prepared on the connection under this name */
  guint     generation;   /* of the connection it was prepared on */
  gboolean  writes;       /* not a SELECT: outside a transaction, it takes the lock */
  gboolean  uncached;     /* run once: not worth preparing */
  int       n_params;     /* the highest parameter bound */
  char     *values[MAX_PARAMS];
  Oid       types[MAX_PARAMS];
  PGresult *result;
  int       row;
};

/* `?` and `?N` become `$N` outside quoted text, and group_concat (which
 * PostgreSQL calls string_agg) is named as PostgreSQL names it. */
static char *
translate (const char *sql)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  gboolean quoted = FALSE;
  int next = 1;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'')
        quoted = !quoted;

      if (!quoted && *p == '?')
        {
          if (g_ascii_isdigit (p[1]))
            {
              char *end;
              guint64 n = g_ascii_strtoull (p + 1, &end, 10);

              g_string_append_printf (out, "$%" G_GUINT64_FORMAT, n);
              next = MAX (next, (int) n + 1);
              p = end - 1;
            }
          else
            g_string_append_printf (out, "$%d", next++);
          continue;
        }

      if (!quoted && g_ascii_strncasecmp (p, "group_concat (", 14) == 0)
        {
          g_string_append (out, "string_agg (");
          p += 13;
          continue;
        }

      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

VigilPgQuery *
vigil_pg_query_new (const char *sql,
                    gboolean    uncached)
{
  VigilPgQuery *query = g_new0 (VigilPgQuery, 1);
  const char *start = sql;

  while (g_ascii_isspace (*start))
    start++;

  query->sql = translate (sql);
  query->writes = g_ascii_strncasecmp (start, "SELECT", 6) != 0;
  query->row = -1;
  query->uncached = uncached;
  return query;
}

void
vigil_pg_query_reset (VigilPgQuery *query)
{
  g_clear_pointer (&query->result, PQclear);
  query->row = -1;
}

void
vigil_pg_query_clear (VigilPgQuery *query)
{
  vigil_pg_query_reset (query);
  for (int i = 0; i < query->n_params; i++)
    {
      g_clear_pointer (&query->values[i], g_free);
      query->types[i] = VIGIL_PG_UNKNOWN;
    }
  query->n_params = 0;
}

void
vigil_pg_query_free (VigilPgQuery *query)
{
  vigil_pg_query_clear (query);
  g_free (query->name);
  g_free (query->sql);
  g_free (query);
}

void
vigil_pg_query_bind (VigilPgQuery *query,
                     int           param,
                     VigilPgType   type,
                     char         *value)
{
  g_assert (param >= 1 && param <= MAX_PARAMS);

  g_free (query->values[param - 1]);
  query->values[param - 1] = value;
  query->types[param - 1] = type;
  query->n_params = MAX (query->n_params, param);
}

static gboolean
result_ok (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/* libpq's messages run over several lines (a hint below the error);
 * Vigil's errors are one line. */
static char *
one_line (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, lines[i]);
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* Keeps PostgreSQL's words, with the detail that names a key, for the
 * error the caller raises. */
void
vigil_pg_keep_message (VigilStore *store,
                       PGresult   *result)
{
  const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
  const char *detail = PQresultErrorField (result, PG_DIAG_MESSAGE_DETAIL);
  g_autofree char *joined = NULL;
  g_autofree char *message = NULL;

  if (primary == NULL)
    primary = PQresultErrorMessage (result);
  joined = detail != NULL ? g_strdup_printf ("%s (%s)", primary, detail) : g_strdup (primary);
  message = one_line (joined);
  vigil_store_set_backend_message (store, message);
}

/* A connection lost while idle (the server restarted, the network went)
 * shows only when the next statement fails. A statement that only starts
 * something (a read outside a transaction, a BEGIN) may then be sent again
 * on a new connection, since none of it took effect; anything else, a write
 * or a COMMIT above all, fails as it must, for whether it took effect is
 * not known. A watcher connects again when it next reads its
 * notifications, listening again. */
static gboolean
reconnected (VigilStore *store,
             PGresult   *failed)
{
  PGconn *pg = vigil_store_get_pg (store);

  if (result_ok (failed) || PQstatus (pg) != CONNECTION_BAD ||
      vigil_store_in_transaction (store) || vigil_store_is_watcher (store))
    return FALSE;

  g_debug ("Connecting to %s again", vigil_store_get_path (store));
  vigil_store_pg_reset (store);
  return PQstatus (pg) == CONNECTION_OK;
}

/* A statement the store keeps is prepared on the connection at its first
 * run, with the types of that run's parameters, and run prepared after
 * that: PostgreSQL parses and plans it once, as SQLite does. One that
 * cannot be prepared (the server cannot settle a parameter's type) fails
 * as its run would have, with the same error. */
static PGresult *
run (VigilPgQuery *query,
     VigilStore   *store)
{
  PGconn *pg = vigil_store_get_pg (store);
  guint generation = vigil_store_pg_generation (store);

  if (query->uncached)
    return PQexecParams (pg, query->sql, query->n_params, query->types,
                         (const char * const *) query->values, NULL, NULL, 0);

  if (query->name == NULL || query->generation != generation)
    {
      g_autofree char *name = vigil_store_pg_statement_name (store);
      PGresult *prepared = PQprepare (pg, name, query->sql, query->n_params, query->types);

      if (!result_ok (prepared))
        return prepared;
      PQclear (prepared);
      g_free (query->name);
      query->name = g_steal_pointer (&name);
      query->generation = generation;
    }

  return PQexecPrepared (pg, query->name, query->n_params, (const char * const *) query->values, NULL, NULL, 0);
}

VigilStoreStep
vigil_pg_query_step (VigilPgQuery *query,
                     VigilStore   *store)
{
  if (query->result == NULL)
    {
      /* Alone, a write takes the lock a transaction would have taken. */
      gboolean alone = query->writes && !vigil_store_in_transaction (store);
      gboolean unique;

      if (alone && !vigil_pg_exec (store, "BEGIN; " VIGIL_PG_WRITE_LOCK, NULL, NULL))
        return VIGIL_STORE_STEP_FAILED;

      query->result = run (query, store);
      if (!alone && !query->writes && reconnected (store, query->result))
        {
          PQclear (query->result);
          query->result = run (query, store);
        }
      query->row = -1;

      if (!result_ok (query->result))
        {
          vigil_pg_keep_message (store, query->result);
          unique = g_strcmp0 (PQresultErrorField (query->result, PG_DIAG_SQLSTATE), "23505") == 0;
          vigil_pg_query_reset (query);
          if (alone)
            vigil_pg_exec (store, "ROLLBACK", NULL, NULL);
          return unique ? VIGIL_STORE_STEP_UNIQUE : VIGIL_STORE_STEP_FAILED;
        }

      vigil_store_note_changes (store, g_ascii_strtoll (PQcmdTuples (query->result), NULL, 10));
      if (alone && !vigil_pg_exec (store, "COMMIT", NULL, NULL))
        {
          vigil_pg_query_reset (query);
          return VIGIL_STORE_STEP_FAILED;
        }
    }

  query->row++;
  return query->row < PQntuples (query->result) ? VIGIL_STORE_STEP_ROW : VIGIL_STORE_STEP_DONE;
}

const char *
vigil_pg_query_column_text (VigilPgQuery *query,
                            int           column)
{
  g_assert (query->result != NULL && query->row >= 0);

  if (PQgetisnull (query->result, query->row, column))
    return NULL;
  return PQgetvalue (query->result, query->row, column);
}

gint64
vigil_pg_query_column_int64 (VigilPgQuery *query,
                             int           column)
{
  const char *text = vigil_pg_query_column_text (query, column);

  if (text == NULL)
    return 0;
  /* A comparison is a boolean in PostgreSQL, a number in SQLite. */
  if (PQftype (query->result, column) == 16 /* bool */)
    return text[0] == 't';
  return g_ascii_strtoll (text, NULL, 10);
}

gboolean
vigil_pg_exec (VigilStore  *store,
               const char  *sql,
               const char  *what,
               GError     **error)
{
  g_autoptr(PGresult) result = NULL;

  result = PQexec (vigil_store_get_pg (store), sql);
  if (g_str_has_prefix (sql, "BEGIN") && reconnected (store, result))
    {
      PQclear (result);
      result = PQexec (vigil_store_get_pg (store), sql);
    }

  if (result_ok (result))
    return TRUE;

  vigil_pg_keep_message (store, result);
  if (what != NULL)
    vigil_store_set_error (store, error, what);
  else
    g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE, "%s", vigil_store_error_message (store));
  return FALSE;
}

/* Whether @host is a Unix socket (a folder, or an abstract name), the one
 * way to a server that crosses no network; loopback over TCP is held to TLS
 * like any other host. */
static gboolean
host_is_socket (const char *host)
{
  return host == NULL || host[0] == '\0' || host[0] == '/' || host[0] == '@';
}

static void
log_notice (void       *data,
            const char *message)
{
  g_autofree char *line = one_line (message);

  g_debug ("PostgreSQL: %s", line);
}

PGconn *
vigil_pg_connect (const char  *url,
                  const char  *application_name,
                  GError     **error)
{
  PQconninfoOption *options;
  char *parse_error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *sslmode = NULL;
  g_autofree char *password = NULL;
  const char *keywords[5] = { "dbname", NULL };
  const char *values[5] = { url, NULL };
  guint n = 1;
  PGconn *pg;

  options = PQconninfoParse (url, &parse_error);
  if (options == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("database address %s: %s"), url, parse_error ? g_strchomp (parse_error) : _("out of memory"));
      PQfreemem (parse_error);
      return NULL;
    }

  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (g_str_equal (o->keyword, "host"))
        host = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "user"))
        user = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "sslmode"))
        sslmode = g_strdup (o->val);
      else if (g_str_equal (o->keyword, "password") && o->val != NULL && o->val[0] != '\0')
        {
          PQconninfoFree (options);
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                       _("database address %s holds a password: give the address without it, and the password to “vigilctl site database-password”"),
                       "postgresql://…");
          return NULL;
        }
    }
  PQconninfoFree (options);

  /* Another machine is reached over TLS, the server's certificate checked
   * against its name, whatever the address asks. */
  if (!host_is_socket (host) && g_strcmp0 (sslmode, "verify-full") != 0)
    {
      keywords[n] = "sslmode";
      values[n++] = "verify-full";
    }

  password = vigil_secrets_lookup_database_password (url, NULL, NULL);
  if (password != NULL)
    {
      keywords[n] = "password";
      values[n++] = password;
    }

  keywords[n] = "application_name";
  values[n++] = application_name;

  pg = PQconnectdbParams (keywords, values, TRUE);
  if (password != NULL)
    memset (password, 0, strlen (password));

  if (PQstatus (pg) != CONNECTION_OK)
    {
      g_autofree char *message = one_line (PQerrorMessage (pg));

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("Could not reach the site's database %s: %s"), url, message);
      PQfinish (pg);
      return NULL;
    }

  /* Times are numbers and text is UTF-8; nothing depends on the server's
   * own settings. */
  PQsetClientEncoding (pg, "UTF8");
  /* The server's notices (a connection ended by an administrator, say) go
   * to the debug log, not straight to standard error. */
  PQsetNoticeProcessor (pg, log_notice, NULL);
  return pg;
}

/* Reads the schema version of the database @store is connected to: 0 for
 * an empty one, and an error for one that holds someone else's tables. */
static gboolean
read_version (VigilStore  *store,
              gint64      *version,
              GError     **error)
{
  g_autoptr(PGresult) result = NULL;
  PGconn *pg = vigil_store_get_pg (store);
  gint64 tables;
  gboolean ours;

  /* The version table, once there, stays: read after it was seen, the
   * version is the one it holds. */
  result = PQexec (pg,
                   "SELECT (SELECT count(*) FROM pg_catalog.pg_class c"
                   "        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                   "        WHERE n.nspname = current_schema () AND c.relkind IN ('r', 'p', 'v')),"
                   " to_regclass ('vigil_schema') IS NOT NULL");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    goto failed;

  tables = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  ours = PQgetvalue (result, 0, 1)[0] == 't';
  if (!ours && tables > 0)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s is not a Vigil database; it was left untouched"), vigil_store_get_path (store));
      return FALSE;
    }

  *version = 0;
  if (ours)
    {
      g_clear_pointer (&result, PQclear);
      result = PQexec (pg, "SELECT version FROM vigil_schema WHERE application = 'vigil'");
      if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1)
        goto failed;
      *version = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
    }

  if (*version > VIGIL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_SCHEMA_TOO_NEW,
                   _("%s has schema version %d, made by a newer Vigil than this one (which knows up to %d); it was left untouched"),
                   vigil_store_get_path (store), (int) *version, VIGIL_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;

failed:
  vigil_pg_keep_message (store, result);
  vigil_store_set_error (store, error, _("Could not read the site's database"));
  return FALSE;
}

gboolean
vigil_pg_open_site (VigilStore  *store,
                    gboolean     watcher,
                    GError     **error)
{
  gint64 version;

  if (!read_version (store, &version, error))
    return FALSE;

  if (watcher)
    {
      if (version < VIGIL_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                       _("%s has schema version %d, older than this Vigil's %d; open the site before watching it"),
                       vigil_store_get_path (store), (int) version, VIGIL_STORE_SCHEMA_VERSION);
          return FALSE;
        }
      return vigil_pg_exec (store, "LISTEN vigil_changes", _("Could not listen for changes"), error);
    }

  if (version == VIGIL_STORE_SCHEMA_VERSION)
    return TRUE;

  if (!vigil_store_begin (store, error))
    return FALSE;

  /* Read again under the lock: another machine may have set it up. */
  if (!read_version (store, &version, error))
    goto failed;

  if (version == VIGIL_STORE_SCHEMA_VERSION)
    return vigil_store_commit (store, error);

  if (version == 0)
    {
      g_autofree char *mark = g_strdup_printf ("INSERT INTO vigil_schema (application, version)"
                                               " VALUES ('vigil', %d)", VIGIL_PG_FIRST_SCHEMA);

      g_debug ("Setting up %s", vigil_store_get_path (store));
      if (!vigil_pg_exec (store, vigil_pg_schema (), _("Could not set up the site's database"), error) ||
          !vigil_pg_exec (store, mark, _("Could not set up the site's database"), error))
        goto failed;
      version = VIGIL_PG_FIRST_SCHEMA;
    }
  else if (version < VIGIL_PG_FIRST_SCHEMA)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_STORE,
                   _("%s has schema version %d, which this Vigil cannot bring up to date"),
                   vigil_store_get_path (store), (int) version);
      goto failed;
    }

  for (gint64 v = version; v < VIGIL_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("UPDATE vigil_schema SET version = %d", (int) v + 1);

      g_debug ("Bringing %s from schema %d to %d", vigil_store_get_path (store), (int) v, (int) v + 1);
      if (!vigil_pg_exec (store, vigil_pg_schema_step ((guint) v), _("Could not bring the site's database up to date"),
                          error) ||
          !vigil_pg_exec (store, bump, _("Could not bring the site's database up to date"), error))
        goto failed;
    }

  if (!vigil_store_check_change_kinds (store, error))
    goto failed;
  return vigil_store_commit (store, error);

failed:
  vigil_store_rollback (store);
  return FALSE;
}

/* Takes in what the server has sent and counts the notifications among
 * it; any commit that changed the site sends one. */
gboolean
vigil_pg_count_notifications (VigilStore  *store,
                              gint64      *count,
                              GError     **error)
{
  PGconn *pg = vigil_store_get_pg (store);
  PGnotify *notify;

  /* A connection lost (the server restarted, the network went) is made
   * again, listening again; what changed meanwhile is read as a change. */
  if (PQstatus (pg) == CONNECTION_BAD)
    {
      vigil_store_pg_reset (store);
      if (PQstatus (pg) != CONNECTION_OK)
        {
          vigil_store_set_backend_message (store, PQerrorMessage (pg));
          vigil_store_set_error (store, error, _("Could not reach the site's database again"));
          return FALSE;
        }
      if (!vigil_pg_exec (store, "LISTEN vigil_changes", _("Could not listen for changes"), error))
        return FALSE;
      (*count)++;
      return TRUE;
    }

  if (!PQconsumeInput (pg))
    {
      vigil_store_set_backend_message (store, PQerrorMessage (pg));
      vigil_store_set_error (store, error, _("Could not read the data version"));
      return FALSE;
    }

  while ((notify = PQnotifies (pg)) != NULL)
    {
      (*count)++;
      PQfreemem (notify);
    }
  return TRUE;
}

gboolean
vigil_pg_holds_records (VigilStore  *store,
                        gboolean    *holds,
                        GError     **error)
{
  PGconn *pg = vigil_store_get_pg (store);
  g_autoptr(PGresult) tables = NULL;

  *holds = FALSE;
  tables = PQexec (pg,
                   "SELECT c.relname FROM pg_catalog.pg_class c"
                   " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                   " WHERE n.nspname = current_schema () AND c.relkind = 'r'"
                   /* the schema's own bookkeeping, filled when it is made */
                   " AND c.relname NOT IN ('change_serials', 'vigil_schema')");
  if (PQresultStatus (tables) != PGRES_TUPLES_OK)
    {
      vigil_pg_keep_message (store, tables);
      vigil_store_set_error (store, error, _("Could not read the site's database"));
      return FALSE;
    }

  for (int i = 0; i < PQntuples (tables) && !*holds; i++)
    {
      char *name = PQescapeIdentifier (pg, PQgetvalue (tables, i, 0), strlen (PQgetvalue (tables, i, 0)));
      g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", name);
      g_autoptr(PGresult) any = PQexec (pg, sql);

      PQfreemem (name);
      if (PQresultStatus (any) != PGRES_TUPLES_OK)
        {
          vigil_pg_keep_message (store, any);
          vigil_store_set_error (store, error, _("Could not read the site's database"));
          return FALSE;
        }
      *holds = PQgetvalue (any, 0, 0)[0] == 't';
    }

  return TRUE;
}
