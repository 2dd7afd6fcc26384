/* vigil-bundle-verify.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vigil-bundle"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <fcntl.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "vigil-bundle-verify-private.h"

#include "vigil-bundle-verify.h"

/* The verifier works far from the centre, on a folder that came on a disc
 * or a stick: nothing in it is trusted. It opens only what a walk of the
 * folder found there (vigil-bundle-verify-folder.c), so a listed path that
 * is not a plain path inside the folder is a finding and is never opened.
 * Every problem is a finding, in words; only a folder that is not a bundle
 * at all is an error. */

#define BUNDLE_FORMAT  "vigil-bundle-1"
#define MANIFEST_JSON  "manifest.json"
#define MANIFEST_TXT   "manifest.txt"
#define SUMS           "SHA256SUMS"
#define MASTER_FOLDER  "master/"

/* manifest.json and SHA256SUMS are read whole; a day of many cameras'
 * footage lists some thousands of files, a few megabytes. */
#define MAX_LIST_BYTES  (64 * 1024 * 1024)

typedef struct
{
  gint64  bytes;
  char   *sha256;
} Listed;

typedef struct
{
  char   *path;
  char   *camera;   /* nullable */
  gint64  start;    /* 0: not given */
  char   *sha256;   /* nullable */
} Master;

typedef struct
{
  int           root_fd;
  VigilSite    *site;
  GCancellable *cancellable;
  GPtrArray    *findings;
  GHashTable   *walk;       /* path → VigilBundleEntry, everything in the folder */
  GHashTable   *files;      /* path → Listed, the manifest's files */
  GHashTable   *sums;       /* path → SHA-256, SHA256SUMS */
  gboolean      sums_read;
  GHashTable   *hashes;     /* path → SHA-256, as hashed here */
  GHashTable   *bad_paths;  /* paths already reported as bad */
  GPtrArray    *masters;    /* Master */
  GPtrArray    *named;      /* other paths the manifest names */
  GPtrArray    *working_copies;
  JsonParser   *parser;
  const char   *site_id;
  gint64        export_id;  /* 0: not given */
  guint         n_files;
} Verify;

const char *
vigil_bundle_finding_kind_to_string (VigilBundleFindingKind kind)
{
  switch (kind)
    {
    case VIGIL_BUNDLE_FINDING_REMOVED:
      return "removed";
    case VIGIL_BUNDLE_FINDING_ADDED:
      return "added";
    case VIGIL_BUNDLE_FINDING_CHANGED:
      return "changed";
    case VIGIL_BUNDLE_FINDING_BAD_PATH:
      return "bad-path";
    case VIGIL_BUNDLE_FINDING_DOES_NOT_PLAY:
      return "does-not-play";
    case VIGIL_BUNDLE_FINDING_NOT_RECORDED_SO:
      return "not-recorded-so";
    case VIGIL_BUNDLE_FINDING_UNKNOWN_MASTER:
      return "unknown-master";
    case VIGIL_BUNDLE_FINDING_MANIFEST_NOT_AS_EXPORTED:
      return "manifest-not-as-exported";
    default:
      g_return_val_if_reached ("");
    }
}

void
vigil_bundle_finding_free (VigilBundleFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->path);
  g_free (finding->message);
  g_free (finding);
}

static void
listed_free (gpointer data)
{
  Listed *listed = data;

  g_free (listed->sha256);
  g_free (listed);
}

static void
master_free (gpointer data)
{
  Master *master = data;

  g_free (master->path);
  g_free (master->camera);
  g_free (master->sha256);
  g_free (master);
}

static void
verify_clear (Verify *v)
{
  if (v->root_fd >= 0)
    close (v->root_fd);
  g_clear_pointer (&v->findings, g_ptr_array_unref);
  g_clear_pointer (&v->walk, g_hash_table_unref);
  g_clear_pointer (&v->files, g_hash_table_unref);
  g_clear_pointer (&v->sums, g_hash_table_unref);
  g_clear_pointer (&v->hashes, g_hash_table_unref);
  g_clear_pointer (&v->bad_paths, g_hash_table_unref);
  g_clear_pointer (&v->masters, g_ptr_array_unref);
  g_clear_pointer (&v->named, g_ptr_array_unref);
  g_clear_pointer (&v->working_copies, g_ptr_array_unref);
  g_clear_object (&v->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Verify, verify_clear)

static void
add_finding (Verify                  *v,
             VigilBundleFindingKind   kind,
             const char              *path,
             const char              *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_finding (Verify                  *v,
             VigilBundleFindingKind   kind,
             const char              *path,
             const char              *format,
             ...)
{
  VigilBundleFinding *finding = g_new0 (VigilBundleFinding, 1);
  va_list args;

  finding->kind = kind;
  finding->path = g_strdup (path);
  va_start (args, format);
  finding->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (v->findings, finding);
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const VigilBundleFinding *x = *(VigilBundleFinding **) a;
  const VigilBundleFinding *y = *(VigilBundleFinding **) b;
  int by_path = strcmp (x->path, y->path);

  if (by_path != 0)
    return by_path;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return strcmp (x->message, y->message);
}

/* Whether @path may be looked for; a bad one is a finding, once. */
static gboolean
check_path (Verify     *v,
            const char *path,
            gboolean    in_sums)
{
  if (vigil_bundle_path_is_plain (path))
    return TRUE;

  if (g_hash_table_add (v->bad_paths, g_strdup (path)))
    add_finding (v, VIGIL_BUNDLE_FINDING_BAD_PATH, path, "%s",
                 in_sums ? _("SHA256SUMS names it, but a bundle's paths are relative, without “..”, and stay "
                             "inside its folder; it was not opened")
                         : _("the manifest names it, but a bundle's paths are relative, without “..”, and stay "
                             "inside its folder; it was not opened"));
  return FALSE;
}

static gboolean
is_file (Verify     *v,
         const char *path)
{
  VigilBundleEntry *entry = g_hash_table_lookup (v->walk, path);

  return entry != NULL && entry->type == VIGIL_BUNDLE_ENTRY_FILE;
}

/* manifest.json */

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

static void
parse_files (Verify     *v,
             JsonObject *root)
{
  JsonArray *files = member_array (root, "files");

  if (files == NULL)
    {
      add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON, _("it has no list of files"));
      return;
    }

  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *entry = element_object (files, i);
      const char *path = member_string (entry, "path");
      const char *sha256 = member_string (entry, "sha256");
      Listed *listed;
      gint64 bytes;

      if (path == NULL || !member_int (entry, "bytes", &bytes) || bytes < 0 || !is_sha256 (sha256))
        {
          add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON,
                       _("entry %u of its files is not a path, a size and a SHA-256"), i + 1);
          continue;
        }
      if (!check_path (v, path, FALSE))
        continue;
      if (g_hash_table_contains (v->files, path))
        {
          add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON, _("its files list %s twice"), path);
          continue;
        }
      listed = g_new0 (Listed, 1);
      listed->bytes = bytes;
      listed->sha256 = g_strdup (sha256);
      g_hash_table_insert (v->files, g_strdup (path), listed);
    }
}

static gint64
parse_instant (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;

  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time) : 0;
}

/* A path the manifest names besides its files: a master, a working copy,
 * the notes, the audit. */
static void
add_named (Verify     *v,
           const char *path)
{
  if (path != NULL && check_path (v, path, FALSE))
    g_ptr_array_add (v->named, g_strdup (path));
}

static void
parse_cameras (Verify     *v,
               JsonObject *root)
{
  JsonArray *cameras = member_array (root, "cameras");

  if (cameras == NULL)
    {
      add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON, _("it has no list of cameras"));
      return;
    }

  for (guint i = 0; i < json_array_get_length (cameras); i++)
    {
      JsonObject *camera = element_object (cameras, i);
      JsonArray *masters = member_array (camera, "masters");
      const char *working_copy = member_string (member_object (camera, "working_copy"), "path");

      for (guint j = 0; masters != NULL && j < json_array_get_length (masters); j++)
        {
          JsonObject *entry = element_object (masters, j);
          const char *path = member_string (entry, "path");
          Master *master;

          if (path == NULL)
            {
              add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON,
                           _("master %u of camera %u has no path"), j + 1, i + 1);
              continue;
            }
          if (!check_path (v, path, FALSE))
            continue;
          master = g_new0 (Master, 1);
          master->path = g_strdup (path);
          master->camera = g_strdup (member_string (camera, "name"));
          master->start = parse_instant (member_string (entry, "start"));
          master->sha256 = g_strdup (member_string (entry, "sha256"));
          g_ptr_array_add (v->masters, master);
          add_named (v, path);
        }

      if (working_copy != NULL && check_path (v, working_copy, FALSE))
        {
          g_ptr_array_add (v->working_copies, g_strdup (working_copy));
          add_named (v, working_copy);
        }
    }
}

/* Reads manifest.json; anything that stops it being a bundle's manifest
 * is the error. */
static gboolean
read_manifest (Verify      *v,
               const char  *dir,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  VigilBundleEntry *entry = g_hash_table_lookup (v->walk, MANIFEST_JSON);
  JsonObject *root, *site;
  const char *format;
  gsize length = 0;

  if (entry == NULL || entry->type != VIGIL_BUNDLE_ENTRY_FILE)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   entry == NULL ? _("%s is not a court bundle: it has no manifest.json")
                                 : _("%s is not a court bundle: its manifest.json is not a file"),
                   dir);
      return FALSE;
    }
  if (!vigil_bundle_read_list (v->root_fd, MANIFEST_JSON, MAX_LIST_BYTES, &contents, &length, &local_error))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is not a court bundle: its manifest.json cannot be read: %s"), dir, local_error->message);
      return FALSE;
    }

  v->parser = json_parser_new ();
  if (!json_parser_load_from_data (v->parser, contents, (gssize) length, &local_error))
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                   _("%s is not a court bundle: its manifest.json is not JSON: %s"), dir, local_error->message);
      return FALSE;
    }

  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (v->parser))
    ? json_node_get_object (json_parser_get_root (v->parser)) : NULL;
  format = member_string (root, "format");
  if (g_strcmp0 (format, BUNDLE_FORMAT) != 0)
    {
      g_autofree char *shown = format != NULL ? vigil_text_quote (format) : NULL;

      if (shown != NULL)
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                     _("%s is not a court bundle: its manifest.json is of format “%s”, not %s"),
                     dir, shown, BUNDLE_FORMAT);
      else
        g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID,
                     _("%s is not a court bundle: its manifest.json gives no format %s"), dir, BUNDLE_FORMAT);
      return FALSE;
    }

  site = member_object (root, "site");
  v->site_id = member_string (site, "id");
  if (!member_int (root, "export", &v->export_id) || v->export_id <= 0)
    v->export_id = 0;

  parse_files (v, root);
  parse_cameras (v, root);
  add_named (v, member_string (root, "notes"));
  add_named (v, member_string (root, "audit"));
  return TRUE;
}

/* SHA256SUMS */

/* "HEX  PATH", sha256sum's text mode. */
static gboolean
parse_sums_line (char        *line,
                 const char **sha256,
                 const char **path)
{
  if (strlen (line) < 67 || line[64] != ' ' || line[65] != ' ')
    return FALSE;
  line[64] = '\0';
  *sha256 = line;
  *path = line + 66;
  return is_sha256 (line);
}

static void
read_sums (Verify *v)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  VigilBundleEntry *entry = g_hash_table_lookup (v->walk, SUMS);
  gsize length = 0;

  /* A missing one, or one that is not a file, is reported with the rest. */
  if (entry == NULL || entry->type != VIGIL_BUNDLE_ENTRY_FILE)
    return;
  if (!vigil_bundle_read_list (v->root_fd, SUMS, MAX_LIST_BYTES, &contents, &length, &local_error))
    {
      add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS, _("it cannot be read: %s"), local_error->message);
      return;
    }
  v->sums_read = TRUE;
  if (memchr (contents, '\0', length) != NULL)
    {
      add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS, _("it holds a nul byte: it is not a list of sums"));
      return;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *sha256, *path;

      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      if (!parse_sums_line (lines[i], &sha256, &path))
        {
          add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS,
                       _("line %u is not a SHA-256 and a path as sha256sum writes them"), i + 1);
          continue;
        }
      if (!check_path (v, path, TRUE))
        continue;
      if (g_hash_table_contains (v->sums, path))
        {
          add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS, _("it lists %s twice"), path);
          continue;
        }
      g_hash_table_insert (v->sums, g_strdup (path), g_strdup (sha256));
    }
}

/* The files */

static gboolean
is_bundle_own (const char *path)
{
  return strcmp (path, MANIFEST_JSON) == 0 || strcmp (path, MANIFEST_TXT) == 0 || strcmp (path, SUMS) == 0;
}

static const char *
not_a_file (VigilBundleEntryType type)
{
  switch (type)
    {
    case VIGIL_BUNDLE_ENTRY_FOLDER:
      return _("it is a folder, not a file");
    case VIGIL_BUNDLE_ENTRY_LINK:
      return _("it is a symbolic link, not a file; it was not followed");
    case VIGIL_BUNDLE_ENTRY_FILE:
    case VIGIL_BUNDLE_ENTRY_OTHER:
    default:
      return _("it is not a file; it was not opened");
    }
}

static void
report_removed (Verify     *v,
                const char *path)
{
  gboolean in_files = g_hash_table_contains (v->files, path);
  gboolean in_sums = g_hash_table_contains (v->sums, path);

  add_finding (v, VIGIL_BUNDLE_FINDING_REMOVED, path, "%s",
               in_files && in_sums ? _("the manifest and SHA256SUMS list it, but it is missing")
               : in_files ? _("the manifest lists it, but it is missing")
               : in_sums ? _("SHA256SUMS lists it, but it is missing")
               : _("every bundle has one, but it is missing"));
}

static void
compare_file (Verify     *v,
              const char *path,
              guint64     size,
              const char *sha256)
{
  Listed *listed = g_hash_table_lookup (v->files, path);
  const char *summed = g_hash_table_lookup (v->sums, path);
  gboolean not_manifest = listed != NULL && strcmp (listed->sha256, sha256) != 0;
  gboolean not_sums = summed != NULL && strcmp (summed, sha256) != 0;

  if (listed != NULL && (guint64) listed->bytes != size)
    add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, path,
                 _("it has %" G_GUINT64_FORMAT " bytes, not the %" G_GINT64_FORMAT " in the manifest"),
                 size, listed->bytes);
  else if (not_manifest && not_sums)
    add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, path,
                 _("its SHA-256 is not the one in the manifest or in SHA256SUMS"));
  else if (not_manifest)
    add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, path, "%s",
                 summed != NULL ? _("its SHA-256 is not the one in the manifest, though SHA256SUMS has it")
                                : _("its SHA-256 is not the one in the manifest"));
  else if (not_sums)
    add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, path, "%s",
                 listed != NULL ? _("its SHA-256 is not the one in SHA256SUMS, though the manifest has it")
                                : _("its SHA-256 is not the one in SHA256SUMS"));
}

/* Every listed file: missing, not a file, or hashed and compared. */
static gboolean
check_listed (Verify  *v,
              GError **error)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gpointer *paths = NULL;
  GHashTableIter iter;
  gpointer path, value;
  guint n_paths;

  g_hash_table_iter_init (&iter, v->files);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_hash_table_add (listed, path);
  g_hash_table_iter_init (&iter, v->sums);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_hash_table_add (listed, path);
  g_hash_table_add (listed, (gpointer) MANIFEST_JSON);
  g_hash_table_add (listed, (gpointer) MANIFEST_TXT);
  g_hash_table_add (listed, (gpointer) SUMS);

  paths = g_hash_table_get_keys_as_array (listed, &n_paths);
  for (guint i = 0; i < n_paths; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *sha256 = NULL;
      VigilBundleEntry *entry = g_hash_table_lookup (v->walk, paths[i]);
      guint64 size = 0;

      if (entry == NULL)
        {
          report_removed (v, paths[i]);
          continue;
        }
      if (entry->type != VIGIL_BUNDLE_ENTRY_FILE)
        {
          add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, paths[i], "%s", not_a_file (entry->type));
          continue;
        }

      sha256 = vigil_bundle_hash (v->root_fd, paths[i], v->cancellable, &size, &local_error);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (sha256 == NULL)
        {
          add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, paths[i], _("it cannot be read: %s"), local_error->message);
          continue;
        }
      v->n_files++;
      compare_file (v, paths[i], size, sha256);
      g_hash_table_insert (v->hashes, g_strdup (paths[i]), g_steal_pointer (&sha256));
    }

  /* Whatever else is there. */
  g_hash_table_iter_init (&iter, v->walk);
  while (g_hash_table_iter_next (&iter, &path, &value))
    {
      VigilBundleEntry *entry = value;

      if (entry->unreadable != NULL)
        add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, path, _("the folder cannot be read: %s"), entry->unreadable);
      if (entry->type == VIGIL_BUNDLE_ENTRY_FOLDER || g_hash_table_contains (listed, path))
        continue;
      add_finding (v, VIGIL_BUNDLE_FINDING_ADDED, path, "%s",
                   entry->type == VIGIL_BUNDLE_ENTRY_FILE
                   ? _("it is in the folder, but neither the manifest nor SHA256SUMS lists it")
                   : entry->type == VIGIL_BUNDLE_ENTRY_LINK
                   ? _("a symbolic link that neither the manifest nor SHA256SUMS lists; it was not followed")
                   : _("something that is not a file, and that neither the manifest nor SHA256SUMS lists"));
    }
  return TRUE;
}

/* SHA256SUMS lists the manifest's files, with the same hashes, and the two
 * manifests; the manifest's files list neither manifest nor SHA256SUMS. */
static void
check_lists_agree (Verify *v)
{
  static const char * const manifests[] = { MANIFEST_JSON, MANIFEST_TXT };
  GHashTableIter iter;
  gpointer path, value;

  g_hash_table_iter_init (&iter, v->files);
  while (g_hash_table_iter_next (&iter, &path, &value))
    {
      Listed *listed = value;
      const char *summed = g_hash_table_lookup (v->sums, path);

      if (is_bundle_own (path))
        add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON,
                     _("its files list %s, which they must not"), (const char *) path);
      else if (!v->sums_read)
        continue;
      else if (summed == NULL)
        add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS,
                     _("it does not list %s, which the manifest lists"), (const char *) path);
      else if (strcmp (summed, listed->sha256) != 0)
        add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS,
                     _("its SHA-256 for %s is not the one in the manifest"), (const char *) path);
    }

  if (!v->sums_read)
    return;

  g_hash_table_iter_init (&iter, v->sums);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    if (strcmp (path, SUMS) == 0)
      add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS, _("it lists itself"));
    else if (!is_bundle_own (path) && !g_hash_table_contains (v->files, path))
      add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS,
                   _("it lists %s, which the manifest does not"), (const char *) path);

  for (guint i = 0; i < G_N_ELEMENTS (manifests); i++)
    if (!g_hash_table_contains (v->sums, manifests[i]))
      add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, SUMS, _("it does not list %s"), manifests[i]);
}

/* What the manifest names (masters, working copies, notes, audit) is among
 * its files, each master with the same hash. */
static void
check_names_listed (Verify *v)
{
  g_autoptr(GHashTable) reported = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < v->named->len; i++)
    {
      const char *path = g_ptr_array_index (v->named, i);

      if (!g_hash_table_contains (v->files, path) && g_hash_table_add (reported, (gpointer) path))
        add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON,
                     _("it names %s, which its files do not list"), path);
    }

  for (guint i = 0; i < v->masters->len; i++)
    {
      Master *master = g_ptr_array_index (v->masters, i);
      Listed *listed = g_hash_table_lookup (v->files, master->path);

      if (listed != NULL && g_strcmp0 (master->sha256, listed->sha256) != 0)
        add_finding (v, VIGIL_BUNDLE_FINDING_CHANGED, MANIFEST_JSON,
                     _("its master %s has a SHA-256 other than the one its files give"), master->path);
    }
}

/* Working copies */

static gboolean
check_working_copies (Verify  *v,
                      GError **error)
{
  g_autoptr(GHashTable) checked = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < v->working_copies->len; i++)
    {
      const char *path = g_ptr_array_index (v->working_copies, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *why = NULL;
      gboolean checked_ok;
      int fd;

      /* One missing or not a file is reported already. */
      if (!is_file (v, path) || !g_hash_table_add (checked, (gpointer) path))
        continue;
      fd = vigil_bundle_open (v->root_fd, path, &local_error);
      if (fd < 0)
        {
          add_finding (v, VIGIL_BUNDLE_FINDING_DOES_NOT_PLAY, path, _("it cannot be read: %s"), local_error->message);
          continue;
        }
      checked_ok = vigil_bundle_check_plays (fd, v->cancellable, &why, error);
      close (fd);
      if (!checked_ok)
        return FALSE;
      if (why != NULL)
        add_finding (v, VIGIL_BUNDLE_FINDING_DOES_NOT_PLAY, path, "%s", why);
    }
  return TRUE;
}

/* The site's records */

static gboolean
check_master (Verify        *v,
              Master        *master,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VigilSegment) segment = NULL;
  g_autoptr(VigilDeletion) deletion = NULL;
  const char *sha256 = g_hash_table_lookup (v->hashes, master->path);
  /* The recordings folder's layout below master/. */
  const char *stored = g_str_has_prefix (master->path, MASTER_FOLDER)
    ? master->path + strlen (MASTER_FOLDER) : master->path;
  /* Without its start, a master is looked for by path alone. */
  const char *camera = master->start != 0 ? master->camera : NULL;

  /* A master missing or unreadable is reported already. */
  if (sha256 == NULL)
    return TRUE;

  segment = vigil_site_find_segment (v->site, stored, camera, master->start, &local_error);
  if (segment == NULL && local_error == NULL)
    deletion = vigil_site_find_deletion (v->site, stored, camera, master->start, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (segment != NULL && vigil_segment_get_sha256 (segment) == NULL)
    add_finding (v, VIGIL_BUNDLE_FINDING_NOT_RECORDED_SO, master->path,
                 _("the site's records hold it as still being recorded, with no SHA-256 yet"));
  else if (segment != NULL && strcmp (vigil_segment_get_sha256 (segment), sha256) != 0)
    add_finding (v, VIGIL_BUNDLE_FINDING_NOT_RECORDED_SO, master->path,
                 _("its SHA-256 is not the one the recorder recorded for %s"), vigil_segment_get_path (segment));
  else if (deletion != NULL && g_strcmp0 (vigil_deletion_get_sha256 (deletion), sha256) != 0)
    add_finding (v, VIGIL_BUNDLE_FINDING_NOT_RECORDED_SO, master->path,
                 _("its SHA-256 is not the one the recorder recorded for %s, as the record of its deletion "
                   "keeps it"), vigil_deletion_get_path (deletion));
  else if (segment == NULL && deletion == NULL)
    add_finding (v, VIGIL_BUNDLE_FINDING_UNKNOWN_MASTER, master->path,
                 _("the site's records hold no such segment, and no record of its deletion"));
  return TRUE;
}

/* Whether the space-separated @detail holds the word @word. */
static gboolean
detail_has (const char *detail,
            const char *word)
{
  g_auto(GStrv) words = g_strsplit (detail != NULL ? detail : "", " ", -1);

  return g_strv_contains ((const char * const *) words, word);
}

/* The exporter's export-finished entry for this export holds the hash of
 * the manifest.json it wrote. */
static gboolean
check_export (Verify  *v,
              GError **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *export_word = NULL;
  g_autofree char *hash_word = NULL;
  const char *sha256 = g_hash_table_lookup (v->hashes, MANIFEST_JSON);
  gboolean found = FALSE;

  if (v->export_id == 0)
    {
      add_finding (v, VIGIL_BUNDLE_FINDING_MANIFEST_NOT_AS_EXPORTED, MANIFEST_JSON,
                   _("it gives no export number to look for in the site's audit trail"));
      return TRUE;
    }
  if (sha256 == NULL)
    return TRUE;

  entries = vigil_audit_list (vigil_site_get_audit (v->site), 0, error);
  if (entries == NULL)
    return FALSE;

  export_word = g_strdup_printf ("export=%" G_GINT64_FORMAT, v->export_id);
  hash_word = g_strdup_printf ("manifest-sha256=%s", sha256);
  for (guint i = 0; i < entries->len; i++)
    {
      VigilAuditEntry *entry = g_ptr_array_index (entries, i);
      const char *detail = vigil_audit_entry_get_detail (entry);

      if (strcmp (vigil_audit_entry_get_action (entry), "export-finished") != 0 || !detail_has (detail, export_word))
        continue;
      if (detail_has (detail, hash_word))
        return TRUE;
      found = TRUE;
    }

  if (found)
    add_finding (v, VIGIL_BUNDLE_FINDING_MANIFEST_NOT_AS_EXPORTED, MANIFEST_JSON,
                 _("its SHA-256 is not the one the audit trail recorded when export %" G_GINT64_FORMAT " finished"),
                 v->export_id);
  else
    add_finding (v, VIGIL_BUNDLE_FINDING_MANIFEST_NOT_AS_EXPORTED, MANIFEST_JSON,
                 _("the site's audit trail has no export-finished entry for export %" G_GINT64_FORMAT),
                 v->export_id);
  return TRUE;
}

/* Checks against the site's records when the site is the bundle's;
 * otherwise says in *@note why not. */
static gboolean
check_store (Verify  *v,
             char   **note,
             GError **error)
{
  if (v->site == NULL)
    {
      *note = g_strdup (_("no site was at hand"));
      return TRUE;
    }
  if (v->site_id == NULL)
    {
      *note = g_strdup (_("the manifest names no site"));
      return TRUE;
    }
  if (strcmp (v->site_id, vigil_site_get_id (v->site)) != 0)
    {
      *note = g_strdup_printf (_("the site at hand, %s, did not make it"),
                               vigil_site_get_name (v->site));
      return TRUE;
    }

  for (guint i = 0; i < v->masters->len; i++)
    if (!check_master (v, g_ptr_array_index (v->masters, i), error))
      return FALSE;
  return check_export (v, error);
}

/**
 * vigil_bundle_verify:
 * @dir: the bundle's folder
 * @site: (nullable): the site's records
 * @n_files: (out) (optional): how many files were hashed
 * @store_note: (out) (optional) (transfer full): %NULL when checked against
 *   @site, otherwise why not
 *
 * Returns: (transfer full) (element-type VigilBundleFinding): the findings,
 *   empty for an intact bundle, or %NULL with @error
 */
GPtrArray *
vigil_bundle_verify (const char    *dir,
                     VigilSite     *site,
                     GCancellable  *cancellable,
                     guint         *n_files,
                     char         **store_note,
                     GError       **error)
{
  g_auto(Verify) v = { .root_fd = -1 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *note = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (site == NULL || VIGIL_IS_SITE (site), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (gst_is_initialized (), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  v.site = site;
  v.cancellable = cancellable;
  v.findings = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_bundle_finding_free);
  v.files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, listed_free);
  v.sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  v.hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  v.bad_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  v.masters = g_ptr_array_new_with_free_func (master_free);
  v.named = g_ptr_array_new_with_free_func (g_free);
  v.working_copies = g_ptr_array_new_with_free_func (g_free);

  v.root_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (v.root_fd < 0)
    {
      int errsv = errno;

      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_INVALID, _("%s is not a court bundle: %s"), dir,
                   g_strerror (errsv));
      return NULL;
    }

  v.walk = vigil_bundle_walk (v.root_fd, cancellable, &local_error);
  if (v.walk == NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("Could not read the bundle's folder %s: "), dir);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!read_manifest (&v, dir, error))
    return NULL;
  read_sums (&v);

  if (!check_listed (&v, error))
    return NULL;
  check_lists_agree (&v);
  check_names_listed (&v);
  if (!check_working_copies (&v, error) ||
      !check_store (&v, &note, error))
    return NULL;

  g_ptr_array_sort (v.findings, compare_findings);
  if (n_files != NULL)
    *n_files = v.n_files;
  if (store_note != NULL)
    *store_note = g_steal_pointer (&note);
  return g_steal_pointer (&v.findings);
}
