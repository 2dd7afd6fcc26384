/* test-bundle-verify.c
 *
 * Copyright 2026 The Vigil authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vigilctl bundle verify on court bundles made here as docs/bundles.md
 * lays them out (a real MP4 working copy, masters, the lists and the two
 * manifests), intact and then damaged one way at a time: what the person
 * checking a bundle sees (each problem's line, the summary, the exit
 * status), and that nothing outside the bundle is read. With the site's
 * records (a real SQLite site whose segments the core recorded), masters
 * and the manifest are held against what the recorder and the trail kept.
 */

#define G_LOG_DOMAIN "test-bundle-verify"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "media-test-utils.h"
#include "recordings-fixture.h"
#include "vigil-bundle-verify.h"

#define BUNDLE_NAME   "ABC123-JS-1-export-7"
#define EXPORT_ID     7
#define WORKING_COPY  "working/Room-1.mp4"
#define NOTES         "notes.csv"

/* Two minutes of a camera, as the recorder names its segments. */
static const struct
{
  const char *file;
  const char *start;
  const char *end;
} masters[] = {
  { "2026-12-02/10-14-31.000Z.mkv", "2026-12-02T10:14:31.000Z", "2026-12-02T10:15:30.960Z" },
  { "2026-12-02/10-15-31.000Z.mkv", "2026-12-02T10:15:31.000Z", "2026-12-02T10:16:30.960Z" },
};

/* The working copy every bundle holds: a second of H.264, index at the
 * front, made once. */
static GBytes *mp4;

static GBytes *
make_mp4 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "copy.mp4", NULL);
  g_autofree char *description = g_strdup_printf ("videotestsrc num-buffers=30 ! video/x-raw,width=160,height=120"
                                                  " ! x264enc ! h264parse ! mp4mux faststart=true"
                                                  " ! filesink location=%s", path);
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  vigil_test_remove_dir (dir);
  return g_bytes_new_take (contents, length);
}

/* A bundle */

typedef struct
{
  char       *dir;       /* the test's folder: the bundle, and what lies beside it */
  char       *path;      /* the bundle's folder */
  char       *site_id;
  char       *camera;
  char       *folder;    /* the camera's folder under master/ */
  GHashTable *files;     /* path → GBytes: what the bundle holds, but the lists */
  GPtrArray  *extra;     /* paths listed in both lists but never written */
} Bundle;

static void
bundle_clear (Bundle *bundle)
{
  if (bundle->dir != NULL)
    vigil_test_remove_dir (bundle->dir);
  g_clear_pointer (&bundle->dir, g_free);
  g_clear_pointer (&bundle->path, g_free);
  g_clear_pointer (&bundle->site_id, g_free);
  g_clear_pointer (&bundle->camera, g_free);
  g_clear_pointer (&bundle->folder, g_free);
  g_clear_pointer (&bundle->files, g_hash_table_unref);
  g_clear_pointer (&bundle->extra, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bundle, bundle_clear)

static char *
master_path (Bundle *bundle,
             guint   i)
{
  return g_strdup_printf ("master/%s/%s", bundle->folder, masters[i].file);
}

static void
set_file (Bundle     *bundle,
          const char *path,
          const char *text)
{
  g_hash_table_insert (bundle->files, g_strdup (path), g_bytes_new (text, strlen (text)));
}

/* Makes *@bundle a bundle of @camera's two masters, with @folder their
 * folder, of the site @site_id. Nothing is written yet. */
static Bundle *
bundle_init (Bundle     *bundle,
             const char *site_id,
             const char *camera,
             const char *folder)
{
  bundle->dir = vigil_test_make_dir ();
  bundle->path = g_build_filename (bundle->dir, BUNDLE_NAME, NULL);
  bundle->site_id = g_strdup (site_id);
  bundle->camera = g_strdup (camera);
  bundle->folder = g_strdup (folder);
  bundle->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  bundle->extra = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (masters); i++)
    {
      g_autofree char *path = master_path (bundle, i);
      /* Any bytes will do for a master: nothing plays it. */
      g_autofree char *text = g_strdup_printf ("Matroska segment %u of %s, %s\n", i, camera, masters[i].start);

      set_file (bundle, path, text);
    }
  g_hash_table_insert (bundle->files, g_strdup (WORKING_COPY), g_bytes_ref (mp4));
  set_file (bundle, NOTES, "written,author,body\n2026-12-02T10:15:02.000Z,olive,\"Child settled\"\n");
  set_file (bundle, "audit.csv", "seq,at,actor,action\n1,2026-12-02T10:00:00.000Z,terry,export-requested\n");
  set_file (bundle, "evidence-sheet.pdf", "%PDF-1.4\n% the evidence sheet\n%%EOF\n");
  return bundle;
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
write_file (Bundle     *bundle,
            const char *path,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *full = g_build_filename (bundle->path, path, NULL);
  g_autofree char *folder = g_path_get_dirname (full);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (full, data, (gssize) length, &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (Bundle     *bundle,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *full = g_build_filename (bundle->path, path, NULL);
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (full, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every path the manifest's files and SHA256SUMS list, sorted. */
static GPtrArray *
listed_paths (Bundle *bundle)
{
  GPtrArray *paths = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer path;

  g_hash_table_iter_init (&iter, bundle->files);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_ptr_array_add (paths, path);
  g_ptr_array_extend (paths, bundle->extra, NULL, NULL);
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

/* An entry of the lists that is never written: the hash of a file beside
 * the bundle, for paths that lead out of it. */
static GBytes *
listed_bytes (Bundle     *bundle,
              const char *path)
{
  GBytes *bytes = g_hash_table_lookup (bundle->files, path);

  return bytes != NULL ? g_bytes_ref (bytes) : g_bytes_new_static ("outside\n", 8);
}

/* What every bundle here says alike, as the exporter would write it. */
static const char manifest_common[] =
  "{ \"format\": \"vigil-bundle-1\", \"software\": \"Vigil 0.1.0\", \"export\": 7, \"case\": \"ABC123\","
  "  \"exhibit\": \"JS/1\", \"purpose\": \"Family court hearing, 2027-01-14\","
  "  \"requested\": { \"by\": \"terry\", \"name\": \"Terry Lead\", \"at\": \"2026-12-03T09:00:00.000Z\" },"
  "  \"approved\": { \"by\": \"mgr\", \"name\": \"The Manager\", \"at\": \"2026-12-03T09:30:00.000Z\","
  "                \"reason\": \"For the hearing\", \"hold_until\": \"2027-06-30\" },"
  "  \"exported\": { \"by\": \"terry\", \"name\": \"Terry Lead\", \"at\": \"2026-12-03T09:31:00.000Z\" },"
  "  \"range\": { \"from\": \"2026-12-02T10:15:00.000Z\", \"to\": \"2026-12-02T10:16:00.000Z\","
  "             \"from_local\": \"2026-12-02T10:15:00.000+00:00\", \"to_local\": \"2026-12-02T10:16:00.000+00:00\" },"
  "  \"notes\": \"notes.csv\", \"audit\": \"audit.csv\","
  "  \"audit_head\": { \"entries\": 1234, \"mac\": \"9c1185a5c5e9fc54612808977ee8f548b2258d31\" } }";

/* The camera, its masters and its working copy. */
static void
add_camera (JsonBuilder *builder,
            Bundle      *bundle)
{
  json_builder_begin_object (builder);
  add_string (builder, "name", bundle->camera);
  json_builder_set_member_name (builder, "actual");
  json_builder_begin_object (builder);
  add_string (builder, "from", masters[0].start);
  add_string (builder, "to", masters[1].end);
  add_string (builder, "from_local", "2026-12-02T10:14:31.000+00:00");
  add_string (builder, "to_local", "2026-12-02T10:16:30.960+00:00");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "masters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (masters); i++)
    {
      g_autofree char *path = master_path (bundle, i);
      GBytes *bytes = g_hash_table_lookup (bundle->files, path);
      g_autofree char *sha256 = sha256_of (bytes);

      json_builder_begin_object (builder);
      add_string (builder, "path", path);
      add_string (builder, "start", masters[i].start);
      add_string (builder, "end", masters[i].end);
      add_int (builder, "bytes", (gint64) g_bytes_get_size (bytes));
      add_string (builder, "sha256", sha256);
      json_builder_set_member_name (builder, "audio");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "working_copy");
  json_builder_begin_object (builder);
  add_string (builder, "path", WORKING_COPY);
  add_string (builder, "first_frame", masters[0].start);
  add_string (builder, "last_frame", masters[1].end);
  add_string (builder, "audio", "none");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "gaps");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static GBytes *
manifest_json (Bundle *bundle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (manifest_common, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(GPtrArray) paths = listed_paths (bundle);
  g_autoptr(GList) members = NULL;
  char *text;

  g_assert_no_error (error);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site");
  json_builder_begin_object (builder);
  add_string (builder, "name", "Riverside Family Centre");
  add_string (builder, "id", bundle->site_id);
  add_string (builder, "zone", "Europe/London");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "cameras");
  json_builder_begin_array (builder);
  add_camera (builder, bundle);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GBytes) bytes = listed_bytes (bundle, g_ptr_array_index (paths, i));
      g_autofree char *sha256 = sha256_of (bytes);

      json_builder_begin_object (builder);
      add_string (builder, "path", g_ptr_array_index (paths, i));
      add_int (builder, "bytes", (gint64) g_bytes_get_size (bytes));
      add_string (builder, "sha256", sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  added = json_builder_get_root (builder);
  members = json_object_get_members (json_node_get_object (added));
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (json_node_get_object (root), l->data,
                            json_object_dup_member (json_node_get_object (added), l->data));
  text = json_to_string (root, TRUE);
  return g_bytes_new_take (text, strlen (text));
}

/* Writes the bundle whole, its lists made from what it holds now. */
static void
bundle_write (Bundle *bundle)
{
  g_autoptr(GPtrArray) paths = listed_paths (bundle);
  g_autoptr(GBytes) manifest = manifest_json (bundle);
  g_autoptr(GBytes) text = g_bytes_new_static ("Court bundle ABC123 JS/1, export 7: Room 1, two masters.\n", 58);
  g_autoptr(GString) sums = g_string_new (NULL);
  g_autoptr(GBytes) sums_bytes = NULL;
  GHashTableIter iter;
  gpointer path, bytes;

  g_hash_table_iter_init (&iter, bundle->files);
  while (g_hash_table_iter_next (&iter, &path, &bytes))
    write_file (bundle, path, bytes);
  write_file (bundle, "manifest.json", manifest);
  write_file (bundle, "manifest.txt", text);

  g_ptr_array_add (paths, "manifest.json");
  g_ptr_array_add (paths, "manifest.txt");
  g_ptr_array_sort (paths, compare_paths);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *listed = g_ptr_array_index (paths, i);
      g_autoptr(GBytes) content = strcmp (listed, "manifest.json") == 0 ? g_bytes_ref (manifest)
                                  : strcmp (listed, "manifest.txt") == 0 ? g_bytes_ref (text)
                                  : listed_bytes (bundle, listed);
      g_autofree char *sha256 = sha256_of (content);

      g_string_append_printf (sums, "%s  %s\n", sha256, listed);
    }
  sums_bytes = g_string_free_to_bytes (g_steal_pointer (&sums));
  write_file (bundle, "SHA256SUMS", sums_bytes);
}

/* Changes the byte at @offset (from the end when negative) of the file. */
static void
change_byte (Bundle     *bundle,
             const char *path,
             gssize      offset)
{
  g_autoptr(GBytes) bytes = read_file (bundle, path);
  gsize length = g_bytes_get_size (bytes);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), length);
  g_autoptr(GBytes) changed = NULL;
  gsize at = offset >= 0 ? (gsize) offset : length - (gsize) -offset;

  g_assert_cmpuint (at, <, length);
  /* A hex digit stays one, so that SHA256SUMS stays a list of sums. */
  if (g_ascii_isxdigit (data[at]))
    data[at] = data[at] == '0' ? '1' : '0';
  else
    data[at] ^= 0x01;
  changed = g_bytes_new (data, length);
  write_file (bundle, path, changed);
}

/* vigilctl */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* "vigilctl [--data-dir DATA_DIR] bundle verify DIR". */
static void
verify (const char *dir,
        const char *data_dir,
        Run        *run)
{
  const char *with_site[] = { "--data-dir", data_dir, "bundle", "verify", dir, NULL };
  const char *without[] = { "bundle", "verify", dir, NULL };

  vigil_test_run_vigilctlv (NULL, &run->status, &run->out, &run->err, data_dir != NULL ? with_site : without);
}

/* How many lines @text has. */
static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in:\n%s", part, text);
}

/* @out holds the line that starts with @start. */
static void
assert_line (const char *out,
             const char *start)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], start))
      return;
  g_error ("no line starting “%s” in:\n%s", start, out);
}

/* Exit 1, the problems exactly these (each line's start, in order), and
 * the summary. */
static void
assert_problems (const Run          *run,
                 const char * const *problems)
{
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);
  guint n = g_strv_length ((char **) problems);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpuint (count_lines (run->out), ==, n + 1);
  for (guint i = 0; i < n; i++)
    if (!g_str_has_prefix (lines[i], problems[i]))
      g_error ("line %u is “%s”, not “%s…”", i + 1, lines[i], problems[i]);
  g_assert_true (g_str_has_prefix (lines[n], "not intact: "));
}

static void
assert_intact (const Run *run,
               guint      n_files)
{
  g_autofree char *summary = g_strdup_printf ("intact: %u files checked", n_files);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpuint (count_lines (run->out), ==, 1);
  g_assert_true (g_str_has_prefix (run->out, summary));
}

/* sha256sum -c SHA256SUMS in the bundle: its exit status. */
static int
sha256sum_check (Bundle *bundle)
{
  const char *argv[] = { "sha256sum", "--quiet", "-c", "SHA256SUMS", NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (bundle->path, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* Bundles on their own, far from any site */

/* 2 masters, the working copy, notes, audit, evidence sheet, the two
 * manifests and SHA256SUMS. */
#define N_FILES 9

static Bundle *
bundle_written (Bundle *bundle)
{
  bundle_init (bundle, "3f0c6a1e-site", "Room 1", "Room-1");

  bundle_write (bundle);
  return bundle;
}

static void
test_intact (void)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_written (&made);
  g_auto(Run) run = { 0 };

  verify (bundle->path, NULL, &run);
  assert_intact (&run, N_FILES);
  /* No site's records: the default data folder holds none. */
  assert_contains (run.out, "not checked against a site's records: no site was at hand");
  g_assert_cmpint (sha256sum_check (bundle), ==, 0);
}

/* One changed byte in each kind of file is named, and only it. */
static void
test_changed_byte (void)
{
  g_autofree char *master = g_strconcat ("master/Room-1/", masters[0].file, NULL);
  const struct
  {
    const char         *path;
    gssize              offset;
    const char * const *problems;
  } cases[] = {
    { master, 10,
      (const char * const []) { "changed: master/Room-1/2026-12-02/10-14-31.000Z.mkv: its SHA-256 is not the one in "
                                "the manifest or in SHA256SUMS", NULL } },
    /* In the last frame: the copy still plays. */
    { WORKING_COPY, -10,
      (const char * const []) { "changed: " WORKING_COPY ": its SHA-256 is not the one in the manifest", NULL } },
    { NOTES, 3, (const char * const []) { "changed: notes.csv: its SHA-256", NULL } },
    /* In the case's purpose: still JSON, still a bundle. */
    { "manifest.json", -1, (const char * const []) { "changed: manifest.json: its SHA-256 is not the one in "
                                                     "SHA256SUMS", NULL } },
    /* The first digit of the first sum, that of audit.csv. */
    { "SHA256SUMS", 0, (const char * const []) { "changed: SHA256SUMS: its SHA-256 for audit.csv is not the one "
                                                 "in the manifest",
                                                 "changed: audit.csv: its SHA-256 is not the one in SHA256SUMS, "
                                                 "though the manifest has it", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Bundle) made = { 0 };
      Bundle *bundle = bundle_written (&made);
      g_auto(Run) run = { 0 };
      gssize offset = cases[i].offset;

      /* The manifest's last byte is its closing brace: change the purpose. */
      if (strcmp (cases[i].path, "manifest.json") == 0)
        {
          g_autoptr(GBytes) json = read_file (bundle, "manifest.json");
          const char *text = g_bytes_get_data (json, NULL);

          offset = strstr (text, "Family court") - text;
        }
      g_test_message ("one byte of %s", cases[i].path);
      change_byte (bundle, cases[i].path, offset);
      verify (bundle->path, NULL, &run);
      assert_problems (&run, cases[i].problems);
      g_assert_cmpint (sha256sum_check (bundle), ==, 1);
    }
}

static void
test_removed (void)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_written (&made);
  g_autofree char *notes = g_build_filename (bundle->path, NOTES, NULL);
  g_autofree char *sums = g_build_filename (bundle->path, "SHA256SUMS", NULL);
  g_auto(Run) run = { 0 };

  g_assert_cmpint (g_unlink (notes), ==, 0);
  verify (bundle->path, NULL, &run);
  assert_problems (&run, (const char * const []) {
    "removed: notes.csv: the manifest and SHA256SUMS list it, but it is missing", NULL });
  assert_contains (run.out, "not intact: 1 problem, 8 files checked");

  g_assert_cmpint (g_unlink (sums), ==, 0);
  verify (bundle->path, NULL, &run);
  assert_problems (&run, (const char * const []) {
    "removed: SHA256SUMS: every bundle has one, but it is missing",
    "removed: notes.csv: the manifest lists it, but it is missing", NULL });
}

static void
test_added (void)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_written (&made);
  g_autofree char *extra = g_build_filename (bundle->path, "working", "Room 1 (copy).mp4", NULL);
  g_autofree char *link = g_build_filename (bundle->path, "notes-link.csv", NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (extra, "a copy\n", -1, NULL));
  g_assert_cmpint (symlink (NOTES, link), ==, 0);
  verify (bundle->path, NULL, &run);
  assert_problems (&run, (const char * const []) {
    "added: notes-link.csv: a symbolic link that neither the manifest nor SHA256SUMS lists; it was not followed",
    "added: working/Room 1 (copy).mp4: it is in the folder, but neither the manifest nor SHA256SUMS lists it",
    NULL });
}

/* Cut short, the copy's hashes match again once both lists are rewritten
 * for it, as whoever cut it could do: only playing it shows it. */
static void
test_truncated (void)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_written (&made);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (mp4, 0, g_bytes_get_size (mp4) / 2);
  g_auto(Run) run = { 0 };

  g_hash_table_insert (bundle->files, g_strdup (WORKING_COPY), g_bytes_ref (half));
  bundle_write (bundle);
  g_assert_cmpint (sha256sum_check (bundle), ==, 0);
  verify (bundle->path, NULL, &run);
  assert_problems (&run, (const char * const []) {
    "does-not-play: " WORKING_COPY ": its stream video_0 ends at ", NULL });
  assert_contains (run.out, "the rest of the file is missing");
}

/* Demuxed whole but with its pictures gone: decoding shows it. */
static void
test_no_picture (void)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_written (&made);
  gsize length = g_bytes_get_size (mp4);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (mp4, NULL), length);
  gsize mdat = 0;
  g_auto(Run) run = { 0 };

  /* The index is at the front; the frames follow, in the mdat box. */
  while (mdat + 4 < length && memcmp (data + mdat, "mdat", 4) != 0)
    mdat++;
  g_assert_cmpuint (mdat + 4, <, length);
  memset (data + mdat + 4, 0, length - mdat - 4);
  g_hash_table_insert (bundle->files, g_strdup (WORKING_COPY), g_bytes_new (data, length));
  bundle_write (bundle);
  verify (bundle->path, NULL, &run);
  assert_problems (&run, (const char * const []) { "does-not-play: " WORKING_COPY ": ", NULL });

  /* Not an MP4 at all. */
  set_file (bundle, WORKING_COPY, "not a film\n");
  bundle_write (bundle);
  verify (bundle->path, NULL, &run);
  assert_problems (&run, (const char * const []) { "does-not-play: " WORKING_COPY ": ", NULL });
}

/* Paths that lead out of the bundle are named, and nothing out there is
 * opened: not through "..", an absolute path, or a link. */
static void
test_outside (void)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_init (&made, "3f0c6a1e-site", "Room 1", "Room-1");
  g_autofree char *outside = g_build_filename (bundle->dir, "outside.txt", NULL);
  g_autofree char *absolute = g_strdup (outside);
  g_autofree char *link = NULL;
  g_auto(Run) run = { 0 };
  char events[4096];
  int watch;

  g_assert_true (g_file_set_contents (outside, "outside\n", -1, NULL));
  g_ptr_array_add (bundle->extra, g_strdup ("../outside.txt"));
  g_ptr_array_add (bundle->extra, g_strdup ("working/../../outside.txt"));
  g_ptr_array_add (bundle->extra, g_strdup (absolute));
  g_ptr_array_add (bundle->extra, g_strdup ("working/outside.mp4"));
  bundle_write (bundle);
  link = g_build_filename (bundle->path, "working", "outside.mp4", NULL);
  g_assert_cmpint (symlink ("../../outside.txt", link), ==, 0);

  watch = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (watch, >=, 0);
  g_assert_cmpint (inotify_add_watch (watch, outside, IN_OPEN | IN_ACCESS), >=, 0);

  verify (bundle->path, NULL, &run);
  g_assert_cmpint (run.status, ==, 1);
  assert_line (run.out, "bad-path: ../outside.txt: the manifest names it, but a bundle's paths are relative");
  assert_line (run.out, "bad-path: working/../../outside.txt: ");
  assert_contains (run.out, "\nbad-path: /");
  assert_line (run.out, "changed: working/outside.mp4: it is a symbolic link, not a file; it was not followed");

  g_assert_cmpint (read (watch, events, sizeof events), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);
  close (watch);
}

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* A folder that is not a bundle: exit 2, and one line naming why. */
static void
test_not_a_bundle (void)
{
  g_autofree char *dir = vigil_test_make_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", NULL);
  g_auto(Run) run = { 0 };

  write_text (dir, NOTES, "written,author,body\n");
  verify (dir, NULL, &run);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  vigil_test_assert_one_line_error (run.err, "is not a court bundle: it has no manifest.json");

  write_text (dir, "manifest.json", "{ \"format\": \"vigil-bundle-2\", \"files\": [] }");
  verify (dir, NULL, &run);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "is of format “vigil-bundle-2”, not vigil-bundle-1");

  write_text (dir, "manifest.json", "{ \"format\": \"vigil-bundle-1\", ");
  verify (dir, NULL, &run);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "its manifest.json is not JSON");

  verify (missing, NULL, &run);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "no-such-folder is not a court bundle");

  vigil_test_remove_dir (dir);
}

/* The API: findings by kind, the count, and a check cancelled. */
static void
test_api (void)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_written (&made);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *note = NULL;
  g_autofree char *extra = g_build_filename (bundle->path, "extra.txt", NULL);
  VigilBundleFinding *finding;
  guint n_files = 0;

  findings = vigil_bundle_verify (bundle->path, NULL, NULL, &n_files, &note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_cmpuint (n_files, ==, N_FILES);
  g_assert_cmpstr (note, ==, "no site was at hand");
  g_clear_pointer (&findings, g_ptr_array_unref);
  g_clear_pointer (&note, g_free);

  g_assert_true (g_file_set_contents (extra, "extra\n", -1, NULL));
  findings = vigil_bundle_verify (bundle->path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 1);
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpint (finding->kind, ==, VIGIL_BUNDLE_FINDING_ADDED);
  g_assert_cmpstr (finding->path, ==, "extra.txt");
  g_assert_cmpstr (vigil_bundle_finding_kind_to_string (finding->kind), ==, "added");
  g_clear_pointer (&findings, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  findings = vigil_bundle_verify (bundle->path, NULL, cancellable, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (findings);
}

/* Bundles held against the site's records */

/* The bundle of the site's camera Hall, with both masters recorded, and
 * the export-finished entry the exporter writes for it. */
static Bundle *
site_bundle (Centre *c,
             Bundle *bundle)
{
  bundle_init (bundle, vigil_site_get_id (c->site), HALL, HALL);

  bundle_write (bundle);
  for (guint i = 0; i < G_N_ELEMENTS (masters); i++)
    {
      g_autofree char *bundle_path = master_path (bundle, i);
      g_autofree char *sha256 = sha256_of (g_hash_table_lookup (bundle->files, bundle_path));
      g_autofree char *path = g_strdup_printf ("%s/%s", HALL, masters[i].file);

      add_segment (c->site, HALL, path, masters[i].start, 60, sha256);
    }
  return bundle;
}

static void
add_export_entry (Centre     *c,
                  gint64      export_id,
                  const char *manifest_sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = g_strdup_printf ("export=%" G_GINT64_FORMAT " manifest-sha256=%s files=%u",
                                             export_id, manifest_sha256, N_FILES);

  g_assert_true (vigil_site_audit_alone (c->site, TEAM_LEAD, "export-finished", "case:ABC123", "",
                                         detail, &error));
  g_assert_no_error (error);
}

static char *
manifest_sha256 (Bundle *bundle)
{
  g_autoptr(GBytes) manifest = read_file (bundle, "manifest.json");

  return sha256_of (manifest);
}

static void
test_store_intact (Centre        *c,
                   gconstpointer  data)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = site_bundle (c, &made);
  g_autofree char *sha256 = manifest_sha256 (bundle);
  g_auto(Run) run = { 0 };

  add_export_entry (c, EXPORT_ID, sha256);
  verify (bundle->path, c->dir, &run);
  assert_intact (&run, N_FILES);
  g_assert_cmpstr (run.out, ==, "intact: 9 files checked, and against the site's records\n");
}

/* A master whose bytes the bundle's own lists agree with, but that is not
 * what the recorder recorded: only the site's records show it. */
static void
test_store_not_recorded_so (Centre        *c,
                            gconstpointer  data)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = site_bundle (c, &made);
  g_autofree char *master = master_path (bundle, 1);
  g_autofree char *sha256 = NULL;
  g_auto(Run) run = { 0 };

  set_file (bundle, master, "another minute, made up\n");
  bundle_write (bundle);
  sha256 = manifest_sha256 (bundle);
  add_export_entry (c, EXPORT_ID, sha256);
  g_assert_cmpint (sha256sum_check (bundle), ==, 0);

  verify (bundle->path, NULL, &run);
  assert_intact (&run, N_FILES);

  verify (bundle->path, c->dir, &run);
  assert_problems (&run, (const char * const []) {
    "not-recorded-so: master/Hall/2026-12-02/10-15-31.000Z.mkv: its SHA-256 is not the one the recorder "
    "recorded for Hall/2026-12-02/10-15-31.000Z.mkv", NULL });
}

/* A master the site never recorded; one named in the bundle's own way,
 * found by camera and start; one deleted since, known by its deletion
 * record, which keeps its hash. */
static void
test_store_unknown_and_deleted (Centre        *c,
                                gconstpointer  data)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_init (&made, vigil_site_get_id (c->site), HALL, "Hall-cam");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = master_path (bundle, 0);
  g_autofree char *sha256 = NULL;
  g_autofree char *first_sha256 = sha256_of (g_hash_table_lookup (bundle->files, first));
  g_auto(Run) run = { 0 };
  gint64 id;

  bundle_write (bundle);
  sha256 = manifest_sha256 (bundle);
  add_export_entry (c, EXPORT_ID, sha256);

  verify (bundle->path, c->dir, &run);
  assert_problems (&run, (const char * const []) {
    "unknown-master: master/Hall-cam/2026-12-02/10-14-31.000Z.mkv: the site's records hold no such segment, "
    "and no record of its deletion",
    "unknown-master: master/Hall-cam/2026-12-02/10-15-31.000Z.mkv: ", NULL });

  /* Recorded under the recordings folder's own name. */
  id = add_segment (c->site, HALL, "Hall/2026-12-02/10-14-31.000Z.mkv", masters[0].start, 60, first_sha256);
  add_segment (c->site, HALL, "Hall/2026-12-02/10-15-31.000Z.mkv", masters[1].start, 60, SHA_A);
  verify (bundle->path, c->dir, &run);
  assert_problems (&run, (const char * const []) {
    "not-recorded-so: master/Hall-cam/2026-12-02/10-15-31.000Z.mkv: its SHA-256 is not the one the recorder "
    "recorded for Hall/2026-12-02/10-15-31.000Z.mkv", NULL });

  /* Deleted by retention since the export: its record still vouches. */
  g_assert_true (vigil_site_begin_deletion (c->site, id, vigil_site_now (c->site), &error));
  g_assert_no_error (error);
  g_assert_true (vigil_site_finish_deletion (c->site, id, &error));
  g_assert_no_error (error);
  verify (bundle->path, c->dir, &run);
  assert_problems (&run, (const char * const []) { "not-recorded-so: master/Hall-cam/2026-12-02/10-15-31", NULL });

  set_file (bundle, first, "not the minute deleted\n");
  bundle_write (bundle);
  g_clear_pointer (&sha256, g_free);
  sha256 = manifest_sha256 (bundle);
  add_export_entry (c, EXPORT_ID, sha256);
  verify (bundle->path, c->dir, &run);
  assert_problems (&run, (const char * const []) {
    "not-recorded-so: master/Hall-cam/2026-12-02/10-14-31.000Z.mkv: its SHA-256 is not the one the recorder "
    "recorded for Hall/2026-12-02/10-14-31.000Z.mkv, as the record of its deletion keeps it",
    "not-recorded-so: master/Hall-cam/2026-12-02/10-15-31", NULL });
}

/* manifest.json is held against the trail's export-finished entry. */
static void
test_store_export_entry (Centre        *c,
                         gconstpointer  data)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = site_bundle (c, &made);
  g_autofree char *sha256 = manifest_sha256 (bundle);
  g_auto(Run) run = { 0 };

  verify (bundle->path, c->dir, &run);
  assert_problems (&run, (const char * const []) {
    "manifest-not-as-exported: manifest.json: the site's audit trail has no export-finished entry for export 7",
    NULL });

  /* Another export's entry with this very hash is not this export's. */
  add_export_entry (c, EXPORT_ID * 10, sha256);
  add_export_entry (c, EXPORT_ID, SHA_B);
  verify (bundle->path, c->dir, &run);
  assert_problems (&run, (const char * const []) {
    "manifest-not-as-exported: manifest.json: its SHA-256 is not the one the audit trail recorded when export 7 "
    "finished", NULL });
}

/* Another site's records, or none: not checked, and the summary says
 * so; a --data-dir with no site is an error. */
static void
test_store_other_site (Centre        *c,
                       gconstpointer  data)
{
  g_auto(Bundle) made = { 0 };
  Bundle *bundle = bundle_init (&made, "another-site", HALL, HALL);
  g_autofree char *empty = vigil_test_make_dir ();
  g_auto(Run) run = { 0 };

  bundle_write (bundle);
  verify (bundle->path, c->dir, &run);
  assert_intact (&run, N_FILES);
  assert_contains (run.out, "(not checked against a site's records: the site at hand, ");

  verify (bundle->path, empty, &run);
  g_assert_cmpint (run.status, ==, 2);
  vigil_test_assert_one_line_error (run.err, "no Vigil site in");
  vigil_test_remove_dir (empty);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *no_site = NULL;
  int status;

  media_test_init (&argc, &argv);
  /* The default data folder holds no site. */
  no_site = g_build_filename (g_get_tmp_dir (), "vigil-test-no-site", "vigil", NULL);
  g_setenv ("VIGIL_DATA_DIR", no_site, TRUE);
  mp4 = make_mp4 ();

  g_test_add_func ("/bundle-verify/intact", test_intact);
  g_test_add_func ("/bundle-verify/changed-byte", test_changed_byte);
  g_test_add_func ("/bundle-verify/removed", test_removed);
  g_test_add_func ("/bundle-verify/added", test_added);
  g_test_add_func ("/bundle-verify/truncated", test_truncated);
  g_test_add_func ("/bundle-verify/no-picture", test_no_picture);
  g_test_add_func ("/bundle-verify/outside", test_outside);
  g_test_add_func ("/bundle-verify/not-a-bundle", test_not_a_bundle);
  g_test_add_func ("/bundle-verify/api", test_api);

#define ADD(path, func) \
  g_test_add ("/bundle-verify/store/" path, Centre, CENTRE_LOGINS (0), recordings_setup, func, centre_teardown)

  ADD ("intact", test_store_intact);
  ADD ("not-recorded-so", test_store_not_recorded_so);
  ADD ("unknown-and-deleted", test_store_unknown_and_deleted);
  ADD ("export-entry", test_store_export_entry);
  ADD ("other-site", test_store_other_site);

  status = g_test_run ();
  g_bytes_unref (mp4);
  return status;
}
