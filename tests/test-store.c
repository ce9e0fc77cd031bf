/* test-store.c: the database layer keeps its promises
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new database gets the current schema and is marked as ours; data
 * survives reopening; every kind of bad file is refused with its own error
 * and left byte-for-byte as it was (the whole folder is compared before and
 * after, so a -wal, -shm or -journal file left beside it fails the test
 * too); read-only files and folders open read-only; a write that does not
 * fit on the disk is rolled back whole; migrations run one step per
 * transaction.
 *
 * The read-only tests must not run as root (root may write anywhere): as
 * root, they run in a child process that first becomes nobody.
 */

#define _GNU_SOURCE   /* unshare () */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kon-store-private.h"
#include "kon-test-util.h"

#define NOBODY_ID 65534

/* Offsets in the SQLite file header */
#define HEADER_WRITE_VERSION  18
#define HEADER_READ_VERSION   19
#define HEADER_USER_VERSION   60
#define HEADER_APPLICATION_ID 68

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* Helpers */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kon-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  _kon_store_set_schema_steps (NULL, 0);
  kon_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Every file in @dir, by name, with its content */
static GHashTable *
snapshot_folder (const char *dir)
{
  g_autoptr(GError) error = NULL;
  GHashTable *files;
  GDir *d;
  const char *name;

  files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *content = NULL;
      gsize length = 0;

      g_file_get_contents (path, &content, &length, &error);
      g_assert_no_error (error);
      g_hash_table_insert (files, g_strdup (name),
                           g_bytes_new_take (g_steal_pointer (&content), length));
    }

  g_dir_close (d);

  return files;
}

static void
assert_folder_unchanged (const char *dir,
                         GHashTable *before)
{
  g_autoptr(GHashTable) after = snapshot_folder (dir);
  GHashTableIter iter;
  gpointer name, content;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (before, name))
      g_error ("“%s” appeared beside the database", (const char *) name);

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &name, &content))
    {
      GBytes *now = g_hash_table_lookup (after, name);

      if (now == NULL)
        g_error ("“%s” disappeared", (const char *) name);
      if (!g_bytes_equal (content, now))
        g_error ("“%s” was changed", (const char *) name);
    }
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *content = NULL;
  gsize length = 0;

  g_file_get_contents (path, &content, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (content, length);
}

static void
write_file (const char *path,
            const void *content,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, content, length, &error);
  g_assert_no_error (error);
}

static void
write_at (const char *path,
          goffset     offset,
          const void *bytes,
          gsize       length)
{
  int fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, bytes, length, offset), ==, (gssize) length);
  close (fd);
}

static guint32
header_u32 (GBytes *content,
            gsize   offset)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (content, &length);

  g_assert_cmpuint (length, >=, offset + 4);

  return (guint32) data[offset] << 24 | (guint32) data[offset + 1] << 16 |
         (guint32) data[offset + 2] << 8 | (guint32) data[offset + 3];
}

static KonStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  KonStore *store;

  store = kon_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static int
query_int (KonStore   *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  int value;

  stmt = kon_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

static char *
query_text (KonStore   *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *value;

  stmt = kon_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

static gboolean
table_exists (KonStore   *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kon_store_prepare (store, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  g_assert_true (rc == SQLITE_ROW || rc == SQLITE_DONE);

  return rc == SQLITE_ROW;
}

static void
assert_meta (KonStore   *store,
             const char *key,
             const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  value = kon_store_get_meta (store, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
}

typedef struct
{
  const char *prefix;
  guint       n_rows;
  gsize       value_size;
  gboolean    fail_at_end;
} InsertRows;

static gboolean
insert_rows_cb (KonStore  *store,
                gpointer   user_data,
                GError   **error)
{
  InsertRows *rows = user_data;
  g_autofree char *value = g_strnfill (rows->value_size, 'x');

  for (guint i = 0; i < rows->n_rows; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s-%u", rows->prefix, i);
      sqlite3_stmt *stmt;

      stmt = kon_store_prepare (store, "INSERT INTO meta (key, value) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      if (!kon_store_step_done (store, stmt, error))
        return FALSE;
    }

  if (rows->fail_at_end)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped by the test");
      return FALSE;
    }

  return TRUE;
}

static int
count_rows (KonStore   *store,
            const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = g_strconcat (prefix, "-%", NULL);
  sqlite3_stmt *stmt;
  int n;

  stmt = kon_store_prepare (store, "SELECT count(*) FROM meta WHERE key LIKE ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

/* A Konsensus database with @n_rows rows of data and a "name" */
static void
create_konsensus_db (const char *path,
                     guint       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (path);
  InsertRows rows = { "row", n_rows, 200, FALSE };

  kon_store_set_meta (store, "name", "Helsefellesskapet", &error);
  g_assert_no_error (error);
  kon_store_transaction (store, insert_rows_cb, &rows, &error);
  g_assert_no_error (error);
}

/* Runs fixed statements on @path through a connection of its own, as
 * another program would. */
static void
run_raw (const char         *path,
         const char * const *statements)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      g_assert_cmpint (sqlite3_prepare_v2 (db, statements[i], -1, &stmt, NULL), ==, SQLITE_OK);
      do
        rc = sqlite3_step (stmt);
      while (rc == SQLITE_ROW);
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The real schema steps followed by @extra */
static GArray *
steps_with (const KonSchemaStep *extra,
            guint                n_extra)
{
  GArray *steps = g_array_new (FALSE, FALSE, sizeof (KonSchemaStep));
  const KonSchemaStep *real;
  guint n_real;

  real = _kon_schema_get_steps (&n_real);
  g_array_append_vals (steps, real, n_real);
  g_array_append_vals (steps, extra, n_extra);

  return steps;
}

static void
drop_privileges_if_root (void)
{
  if (geteuid () != 0)
    return;

  g_assert_no_errno (setgroups (0, NULL));
  g_assert_no_errno (setgid (NOBODY_ID));
  g_assert_no_errno (setuid (NOBODY_ID));
  g_assert_cmpint (geteuid (), ==, NOBODY_ID);
}

/* Runs the current test in a child process; returns TRUE in the child,
 * which then does the test.  A permission test must not run as root. */
static gboolean
in_unprivileged_child (void)
{
  if (g_test_subprocess ())
    {
      drop_privileges_if_root ();
      return TRUE;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  return FALSE;
}

typedef struct
{
  guint        n_emitted;
  char        *what;
  const char  *path;
  const char  *key;
  char        *committed_value;
} ChangedRecord;

static void
on_changed_cb (KonStore      *store,
               const char    *what,
               ChangedRecord *record)
{
  record->n_emitted++;
  g_free (record->what);
  record->what = g_strdup (what);

  /* Another connection sees the change: it was committed before the
   * signal was emitted. */
  if (record->key != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KonStore) other = open_store (record->path);

      g_free (record->committed_value);
      record->committed_value = kon_store_get_meta (other, record->key, &error);
      g_assert_no_error (error);
    }
}

static void
changed_record_clear (ChangedRecord *record)
{
  g_clear_pointer (&record->what, g_free);
  g_clear_pointer (&record->committed_value, g_free);
}

/* Tests: a new database */

static void
test_new_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *path = kon_store_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "konsensus", "konsensus.db", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *journal_mode = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  GStatBuf st;

  g_assert_cmpstr (path, ==, expected);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  store = open_store (path);
  g_assert_cmpstr (kon_store_get_path (store), ==, path);
  g_assert_false (kon_store_is_read_only (store));
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());
  g_assert_cmpint (kon_store_get_latest_version (), >=, 1);

  /* The connection as promised */
  journal_mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (store, "PRAGMA synchronous"), ==, 2);   /* FULL */
  g_assert_cmpint (query_int (store, "PRAGMA busy_timeout"), >, 0);
  g_assert_cmpint (query_int (store, "PRAGMA application_id"), ==, KON_STORE_APPLICATION_ID);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, kon_store_get_latest_version ());
  g_assert_true (table_exists (store, "meta"));

  g_clear_object (&store);

  /* Private to the user */
  g_assert_no_errno (g_stat (dir, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The file itself says what it is, whoever reads it */
  content = read_file (path);
  g_assert_cmpmem (g_bytes_get_data (content, NULL), 16, "SQLite format 3", 16);
  g_assert_cmpuint (header_u32 (content, HEADER_APPLICATION_ID), ==, KON_STORE_APPLICATION_ID);
  g_assert_cmpuint (header_u32 (content, HEADER_USER_VERSION), ==, (guint) kon_store_get_latest_version ());
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (content, NULL))[HEADER_WRITE_VERSION], ==, 2);  /* WAL */
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (content, NULL))[HEADER_READ_VERSION], ==, 2);

  /* A clean close leaves nothing beside it */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

/* --database PATH: a relative path, in folders that do not exist yet */
static void
test_new_other_path (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(KonStore) store = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (fixture->dir, "a", "b", "other.db", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "a", NULL);
  GStatBuf st;

  g_assert_no_errno (g_chdir (fixture->dir));
  store = open_store ("a/b/other.db");
  g_assert_no_errno (g_chdir (cwd));

  g_assert_cmpstr (kon_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_no_errno (g_stat (folder, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_no_errno (g_stat (expected, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_reopen_keeps_data (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KonStore *store;

  store = open_store (fixture->path);
  kon_store_set_meta (store, "community", "Helsefellesskapet Lofoten, Vesterålen og Salten", &error);
  g_assert_no_error (error);
  kon_store_set_meta (store, "year", "2021", &error);
  g_assert_no_error (error);
  kon_store_set_meta (store, "year", "2022", &error);
  g_assert_no_error (error);
  g_object_unref (store);

  store = open_store (fixture->path);
  assert_meta (store, "community", "Helsefellesskapet Lofoten, Vesterålen og Salten");
  assert_meta (store, "year", "2022");
  assert_meta (store, "no-such-key", NULL);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());
  g_object_unref (store);
}

/* Tests: bad files are refused and left as they were */

static void
make_newer_version (const char *path)
{
  const KonSchemaStep newer[] = {
    { kon_store_get_latest_version () + 1, "CREATE TABLE from_the_future (x TEXT) STRICT;" },
  };
  g_autoptr(GArray) steps = steps_with (newer, G_N_ELEMENTS (newer));

  _kon_store_set_schema_steps ((const KonSchemaStep *) steps->data, steps->len);
  create_konsensus_db (path, 10);
  _kon_store_set_schema_steps (NULL, 0);
}

static void
make_newer_version_header (const char *path)
{
  guint8 version[4] = { 0x00, 0x0f, 0x42, 0x40 };   /* 1000000 */

  create_konsensus_db (path, 10);
  write_at (path, HEADER_USER_VERSION, version, sizeof version);
}

static void
make_text_file (const char *path)
{
  const char *text = "Saksliste\nSak 02-2021: Konsensus som beslutningsform\n";

  write_file (path, text, strlen (text));
}

static void
make_random_binary (const char *path)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2021);
  guint8 data[8192];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);

  write_file (path, data, sizeof data);
}

static void
make_png (const char *path)
{
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92,
    0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  };

  write_file (path, png, sizeof png);
}

static void
make_short_file (const char *path)
{
  write_file (path, "SQLite", 6);
}

/* Another program's database, marked with its own application_id (this
 * one is GeoPackage's, "GPKG") */
static void
make_foreign_with_id (const char *path)
{
  static const char * const statements[] = {
    "PRAGMA application_id = 1196444487",
    "CREATE TABLE features (id INTEGER PRIMARY KEY, name TEXT)",
    "INSERT INTO features (name) VALUES ('Bodø'), ('Bø')",
    NULL
  };

  run_raw (path, statements);
}

/* Another program's database without an application_id */
static void
make_foreign_without_id (const char *path)
{
  static const char * const statements[] = {
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
    "INSERT INTO notes (text) VALUES ('hello')",
    NULL
  };

  run_raw (path, statements);
}

static void
make_foreign_wal (const char *path)
{
  static const char * const statements[] = {
    "PRAGMA journal_mode = WAL",
    "CREATE TABLE history (id INTEGER PRIMARY KEY, url TEXT)",
    "INSERT INTO history (url) VALUES ('https://example.org/')",
    NULL
  };

  run_raw (path, statements);
}

/* A Konsensus database whose first page no longer says how big a page is */
static void
make_damaged_header (const char *path)
{
  static const guint8 garbage[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

  create_konsensus_db (path, 10);
  write_at (path, 16, garbage, sizeof garbage);
}

static guint
page_size_of (GBytes *content)
{
  const guint8 *data = g_bytes_get_data (content, NULL);
  guint size = (guint) data[16] << 8 | data[17];

  return size == 1 ? 65536 : size;
}

/* A Konsensus database with several pages of data, one b-tree page of
 * which has its header overwritten, as a bad sector or a torn write
 * would leave it. */
static void
make_corrupt_page (const char *path)
{
  static const guint8 garbage[7] = { 0xff, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa };
  g_autoptr(GBytes) content = NULL;
  const guint8 *data;
  gsize length;
  guint page_size;
  guint n_pages;
  guint victim = 0;

  create_konsensus_db (path, 200);

  content = read_file (path);
  data = g_bytes_get_data (content, &length);
  page_size = page_size_of (content);
  n_pages = length / page_size;
  g_assert_cmpuint (n_pages, >=, 5);

  /* The last b-tree leaf page (table 0x0d or index 0x0a) after page 1 */
  for (guint page = 2; page <= n_pages; page++)
    {
      guint8 type = data[(gsize) (page - 1) * page_size];

      if (type == 0x0d || type == 0x0a)
        victim = page;
    }

  g_assert_cmpuint (victim, >=, 2);
  write_at (path, (goffset) (victim - 1) * page_size + 1, garbage, sizeof garbage);
}

/* A Konsensus database with a whole page of another file written over it */
static void
make_overwritten_page (const char *path)
{
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) btree_pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint8 *noise = NULL;
  const guint8 *data;
  guint page_size;
  guint n_pages;
  guint victim;

  create_konsensus_db (path, 200);

  content = read_file (path);
  data = g_bytes_get_data (content, NULL);
  page_size = page_size_of (content);
  n_pages = g_bytes_get_size (content) / page_size;
  g_assert_cmpuint (n_pages, >=, 5);

  /* The middle one of the b-tree pages after page 1 (not a free page,
   * whose content nothing reads) */
  for (guint page = 2; page <= n_pages; page++)
    {
      guint8 type = data[(gsize) (page - 1) * page_size];

      if (type == 0x02 || type == 0x05 || type == 0x0a || type == 0x0d)
        g_array_append_val (btree_pages, page);
    }
  g_assert_cmpuint (btree_pages->len, >=, 3);
  victim = g_array_index (btree_pages, guint, btree_pages->len / 2);

  noise = g_malloc (page_size);
  for (guint i = 0; i < page_size; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);

  write_at (path, (goffset) (victim - 1) * page_size, noise, page_size);
}

typedef struct
{
  const char    *name;
  void         (*make) (const char *path);
  KonStoreError  expected;
} BadFile;

static const BadFile bad_files[] = {
  { "newer-version", make_newer_version, KON_STORE_ERROR_NEWER_VERSION },
  { "much-newer-version", make_newer_version_header, KON_STORE_ERROR_NEWER_VERSION },
  { "text-file", make_text_file, KON_STORE_ERROR_NOT_KONSENSUS },
  { "random-binary", make_random_binary, KON_STORE_ERROR_NOT_KONSENSUS },
  { "png", make_png, KON_STORE_ERROR_NOT_KONSENSUS },
  { "short-file", make_short_file, KON_STORE_ERROR_NOT_KONSENSUS },
  { "foreign-sqlite-with-id", make_foreign_with_id, KON_STORE_ERROR_NOT_KONSENSUS },
  { "foreign-sqlite-without-id", make_foreign_without_id, KON_STORE_ERROR_NOT_KONSENSUS },
  { "foreign-sqlite-wal", make_foreign_wal, KON_STORE_ERROR_NOT_KONSENSUS },
  { "damaged-header", make_damaged_header, KON_STORE_ERROR_CORRUPT },
  { "corrupt-page", make_corrupt_page, KON_STORE_ERROR_CORRUPT },
  { "overwritten-page", make_overwritten_page, KON_STORE_ERROR_CORRUPT },
};

static void
test_bad_file (Fixture       *fixture,
               gconstpointer  user_data)
{
  const BadFile *bad = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(KonStore) store = NULL;

  bad->make (fixture->path);
  before = snapshot_folder (fixture->dir);
  g_assert_true (g_hash_table_contains (before, "test.db"));

  store = kon_store_open (fixture->path, &error);
  g_assert_error (error, KON_STORE_ERROR, (int) bad->expected);
  g_assert_null (store);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s: %s", bad->name, error->message);

  assert_folder_unchanged (fixture->dir, before);

  /* A second try is refused the same way */
  g_clear_error (&error);
  store = kon_store_open (fixture->path, &error);
  g_assert_error (error, KON_STORE_ERROR, (int) bad->expected);
  assert_folder_unchanged (fixture->dir, before);
}

/* The opening in a thread that the application starts with */
static void
test_opening_in_thread (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  KonStoreOpening *opening;
  gboolean existed = TRUE;

  /* A new file: created in the thread, with the current schema */
  opening = kon_store_opening_start (fixture->path);
  g_assert_cmpstr (kon_store_opening_get_path (opening), ==, fixture->path);
  store = kon_store_opening_finish (opening, &existed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_false (existed);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());
  g_assert_true (kon_store_set_meta (store, "community", "Helgeland", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* The same file again: it existed, and keeps what was written */
  opening = kon_store_opening_start (fixture->path);
  store = kon_store_opening_finish (opening, &existed, &error);
  g_assert_no_error (error);
  g_assert_true (existed);
  assert_meta (store, "community", "Helgeland");
}

static void
test_opening_in_thread_refused (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(KonStore) store = NULL;
  gboolean existed = FALSE;

  make_text_file (fixture->path);
  before = snapshot_folder (fixture->dir);

  store = kon_store_opening_finish (kon_store_opening_start (fixture->path), &existed, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_KONSENSUS);
  g_assert_null (store);
  g_assert_true (existed);
  assert_folder_unchanged (fixture->dir, before);
}

static void
test_folder_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = snapshot_folder (fixture->dir);

  store = kon_store_open (fixture->dir, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN);
  g_assert_null (store);
  assert_folder_unchanged (fixture->dir, before);
}

/* A newer Konsensus has the database open (its -wal holds data not yet
 * in the file): the older one refuses it and changes neither file. */
static void
test_newer_version_while_open (Fixture       *fixture,
                               gconstpointer  user_data)
{
  const KonSchemaStep newer[] = {
    { kon_store_get_latest_version () + 1, "CREATE TABLE from_the_future (x TEXT) STRICT;" },
  };
  g_autoptr(GArray) steps = steps_with (newer, G_N_ELEMENTS (newer));
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) newer_store = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) wal_before = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GBytes) wal_after = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  _kon_store_set_schema_steps ((const KonSchemaStep *) steps->data, steps->len);
  newer_store = open_store (fixture->path);
  kon_store_set_meta (newer_store, "name", "written by the newer version", &error);
  g_assert_no_error (error);
  _kon_store_set_schema_steps (NULL, 0);

  db_before = read_file (fixture->path);
  wal_before = read_file (wal);
  g_assert_cmpuint (g_bytes_get_size (wal_before), >, 0);

  store = kon_store_open (fixture->path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NEWER_VERSION);
  g_assert_null (store);

  db_after = read_file (fixture->path);
  wal_after = read_file (wal);
  g_assert_true (g_bytes_equal (db_before, db_after));
  g_assert_true (g_bytes_equal (wal_before, wal_after));

  /* The newer one goes on working */
  assert_meta (newer_store, "name", "written by the newer version");
}

/* Tests: read-only files and folders (as a user who may not write) */

typedef enum
{
  READ_ONLY_FILE,
  READ_ONLY_FOLDER,
} ReadOnlyKind;

static void
test_read_only (gconstpointer user_data)
{
  ReadOnlyKind kind = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  ChangedRecord record = { 0 };

  if (!in_unprivileged_child ())
    return;

  dir = g_dir_make_tmp ("kon-store-ro-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "test.db", NULL);
  create_konsensus_db (path, 50);

  if (kind == READ_ONLY_FILE)
    {
      g_assert_no_errno (g_chmod (path, 0444));
      g_assert_cmpint (g_access (path, W_OK), !=, 0);
    }
  else
    {
      g_assert_no_errno (g_chmod (dir, 0555));
      g_assert_cmpint (g_access (dir, W_OK), !=, 0);
    }

  before = snapshot_folder (dir);

  store = kon_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (kon_store_is_read_only (store));
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());

  /* Reading works */
  assert_meta (store, "name", "Helsefellesskapet");
  g_assert_cmpint (count_rows (store, "row"), ==, 50);

  /* Writing is refused, and nothing says it changed */
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &record);
  g_assert_false (kon_store_set_meta (store, "name", "changed", &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_assert_cmpuint (record.n_emitted, ==, 0);
  assert_meta (store, "name", "Helsefellesskapet");

  g_clear_object (&store);
  assert_folder_unchanged (dir, before);

  changed_record_clear (&record);
  kon_test_remove_tree (dir);
}

/* A read-only database that would need to be upgraded (or, empty, to be
 * created) cannot be opened: refused, and left as it was. */
static void
test_read_only_needs_writing (void)
{
  const KonSchemaStep newer[] = {
    { kon_store_get_latest_version () + 1, "CREATE TABLE added (x TEXT) STRICT;" },
  };
  g_autoptr(GArray) steps = steps_with (newer, G_N_ELEMENTS (newer));
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *empty = NULL;

  if (!in_unprivileged_child ())
    return;

  dir = g_dir_make_tmp ("kon-store-ro-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "old.db", NULL);
  empty = g_build_filename (dir, "empty.db", NULL);
  create_konsensus_db (path, 5);
  write_file (empty, "", 0);
  g_assert_no_errno (g_chmod (dir, 0555));
  g_assert_cmpint (g_access (dir, W_OK), !=, 0);

  before = snapshot_folder (dir);

  /* This version of Konsensus has one step more than the database */
  _kon_store_set_schema_steps ((const KonSchemaStep *) steps->data, steps->len);
  store = kon_store_open (path, &error);
  _kon_store_set_schema_steps (NULL, 0);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_assert_null (store);
  g_clear_error (&error);

  store = kon_store_open (empty, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_assert_null (store);

  assert_folder_unchanged (dir, before);
  kon_test_remove_tree (dir);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GBytes) content = read_file (from);

  write_file (to, g_bytes_get_data (content, NULL), g_bytes_get_size (content));
}

/* A read-only folder holding a database and its -wal file, as Konsensus
 * leaves them when it stops without closing the database.  Without a
 * -shm file the -wal cannot be read from a read-only folder: if the -wal
 * holds changes, the database is refused rather than shown without them;
 * if it is empty, the database opens read-only. */
static void
test_read_only_folder_with_wal (gconstpointer user_data)
{
  gboolean pending = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) writer = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *copy_wal = NULL;

  if (!in_unprivileged_child ())
    return;

  dir = g_dir_make_tmp ("kon-store-ro-XXXXXX", &error);
  g_assert_no_error (error);
  copy_dir = g_build_filename (dir, "copy", NULL);
  g_assert_no_errno (g_mkdir (copy_dir, 0700));
  path = g_build_filename (dir, "test.db", NULL);
  copy = g_build_filename (copy_dir, "test.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  copy_wal = g_strconcat (copy, "-wal", NULL);

  create_konsensus_db (path, 5);
  writer = open_store (path);
  kon_store_set_meta (writer, "name", "only in the -wal", &error);
  g_assert_no_error (error);

  copy_file (path, copy);
  if (pending)
    copy_file (wal, copy_wal);
  else
    write_file (copy_wal, "", 0);
  g_clear_object (&writer);

  g_assert_no_errno (g_chmod (copy_dir, 0555));
  g_assert_cmpint (g_access (copy_dir, W_OK), !=, 0);
  before = snapshot_folder (copy_dir);
  if (pending)
    g_assert_cmpuint (g_bytes_get_size (g_hash_table_lookup (before, "test.db-wal")), >, 0);

  store = kon_store_open (copy, &error);

  if (pending)
    {
      g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
      g_assert_null (store);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_true (kon_store_is_read_only (store));
      assert_meta (store, "name", "Helsefellesskapet");
      g_clear_object (&store);
    }

  assert_folder_unchanged (copy_dir, before);
  kon_test_remove_tree (dir);
}

/* A file the user may not even read */
static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (!in_unprivileged_child ())
    return;

  dir = g_dir_make_tmp ("kon-store-ro-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "secret.db", NULL);
  create_konsensus_db (path, 5);
  before = snapshot_folder (dir);

  g_assert_no_errno (g_chmod (path, 0000));
  g_assert_cmpint (g_access (path, R_OK), !=, 0);

  store = kon_store_open (path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN);
  g_assert_null (store);

  g_assert_no_errno (g_chmod (path, 0600));
  assert_folder_unchanged (dir, before);
  kon_test_remove_tree (dir);
}

/* Tests: writes */

/* A write that does not fit on the disk fails whole; what was there
 * before is still there, and the database goes on working. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  KonStore *store;
  InsertRows big = { "big", 500, 1000, FALSE };
  g_autofree char *large = g_strnfill (100000, 'y');
  ChangedRecord record = { 0 };

  create_konsensus_db (fixture->path, 20);
  before = snapshot_folder (fixture->dir);

  store = open_store (fixture->path);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &record);
  _kon_store_limit_growth (store, &error);
  g_assert_no_error (error);

  g_assert_false (kon_store_transaction (store, insert_rows_cb, &big, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  g_assert_false (kon_store_set_meta (store, "large", large, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (record.n_emitted, ==, 0);

  /* Nothing of either write is there; the rest is */
  g_assert_cmpint (count_rows (store, "big"), ==, 0);
  assert_meta (store, "large", NULL);
  g_assert_cmpint (count_rows (store, "row"), ==, 20);
  assert_meta (store, "name", "Helsefellesskapet");
  g_object_unref (store);

  /* Nothing half-written reached the disk */
  assert_folder_unchanged (fixture->dir, before);

  /* With room again, the same write works */
  store = open_store (fixture->path);
  g_assert_true (kon_store_transaction (store, insert_rows_cb, &big, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "big"), ==, 500);
  g_assert_cmpint (count_rows (store, "row"), ==, 20);
  g_object_unref (store);

  changed_record_clear (&record);
}

static void
test_transaction_rolls_back (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  InsertRows stopped = { "stopped", 10, 10, TRUE };
  InsertRows fresh = { "fresh", 4, 10, FALSE };

  create_konsensus_db (fixture->path, 2);
  store = open_store (fixture->path);

  /* The function gives up after its writes: none of them stays */
  g_assert_false (kon_store_transaction (store, insert_rows_cb, &stopped, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "stopped"), ==, 0);

  /* Two new rows, then one that breaks the primary key: the two new ones
   * are rolled back with it */
  kon_store_set_meta (store, "fresh-2", "was there before", &error);
  g_assert_no_error (error);
  g_assert_false (kon_store_transaction (store, insert_rows_cb, &fresh, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "fresh"), ==, 1);
  assert_meta (store, "fresh-0", NULL);
  assert_meta (store, "fresh-2", "was there before");

  /* The store takes the next transaction as usual */
  kon_store_set_meta (store, "after", "yes", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  store = open_store (fixture->path);
  assert_meta (store, "after", "yes");
  g_assert_cmpint (count_rows (store, "stopped"), ==, 0);
  g_assert_cmpint (count_rows (store, "row"), ==, 2);
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autofree char *large = g_strnfill (100000, 'z');
  ChangedRecord meta = { 0 };
  ChangedRecord cases = { 0 };
  ChangedRecord any = { 0 };

  store = open_store (fixture->path);
  meta.path = fixture->path;
  meta.key = "name";
  g_signal_connect (store, "changed::meta", G_CALLBACK (on_changed_cb), &meta);
  g_signal_connect (store, "changed::cases", G_CALLBACK (on_changed_cb), &cases);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &any);

  kon_store_set_meta (store, "name", "Helgeland", &error);
  g_assert_no_error (error);

  g_assert_cmpuint (meta.n_emitted, ==, 1);
  g_assert_cmpstr (meta.what, ==, "meta");
  g_assert_cmpstr (meta.committed_value, ==, "Helgeland");
  g_assert_cmpuint (any.n_emitted, ==, 1);
  g_assert_cmpuint (cases.n_emitted, ==, 0);

  /* A failed write says nothing */
  _kon_store_limit_growth (store, &error);
  g_assert_no_error (error);
  g_assert_false (kon_store_set_meta (store, "name", large, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_assert_cmpuint (meta.n_emitted, ==, 1);
  g_assert_cmpuint (any.n_emitted, ==, 1);
  assert_meta (store, "name", "Helgeland");

  changed_record_clear (&meta);
  changed_record_clear (&cases);
  changed_record_clear (&any);
}

/* Tests: a real full disk, a small tmpfs mounted in a mount namespace of
 * the test's own (as root; as another user, in a user namespace too) */

static gboolean
write_id_map (const char *file,
              const char *map)
{
  int fd = g_open (file, O_WRONLY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;

  ok = write (fd, map, strlen (map)) == (gssize) strlen (map);
  close (fd);

  return ok;
}

static gboolean
enter_private_mount_namespace (void)
{
  if (geteuid () == 0)
    {
      if (unshare (CLONE_NEWNS) != 0)
        return FALSE;
    }
  else
    {
      g_autofree char *uid_map = g_strdup_printf ("%u %u 1", (guint) geteuid (), (guint) geteuid ());
      g_autofree char *gid_map = g_strdup_printf ("%u %u 1", (guint) getegid (), (guint) getegid ());

      if (unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0 ||
          !write_id_map ("/proc/self/setgroups", "deny") ||
          !write_id_map ("/proc/self/uid_map", uid_map) ||
          !write_id_map ("/proc/self/gid_map", gid_map))
        return FALSE;
    }

  /* Nothing mounted here may show outside */
  return mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
}

static gboolean
can_mount_tmpfs (void)
{
  int status = 0;
  pid_t pid = fork ();

  if (pid == 0)
    _exit (enter_private_mount_namespace () ? 0 : 1);

  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* Writes to @path until the disk is full */
static void
fill_disk (const char *path)
{
  char block[4096] = { 0 };
  int fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);
}

static void
test_real_disk_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) before_write = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *new_path = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *check = NULL;
  g_autofree char *large = g_strnfill (100000, 'w');

  if (!g_test_subprocess ())
    {
      if (!can_mount_tmpfs ())
        {
          g_test_skip ("this machine lets no test mount a tmpfs in a namespace of its own");
          return;
        }

      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_true (enter_private_mount_namespace ());
  dir = g_dir_make_tmp ("kon-store-full-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_no_errno (mount ("tmpfs", dir, "tmpfs", 0, "size=1m,mode=0700"));

  path = g_build_filename (dir, "full.db", NULL);
  new_path = g_build_filename (dir, "new.db", NULL);
  filler = g_build_filename (dir, "filler", NULL);
  create_konsensus_db (path, 20);
  fill_disk (filler);
  before = snapshot_folder (dir);

  /* An existing database cannot even be opened for writing */
  store = kon_store_open (path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_assert_null (store);
  g_clear_error (&error);
  assert_folder_unchanged (dir, before);

  /* A new one is not made, and nothing of it is left */
  store = kon_store_open (new_path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_assert_null (store);
  g_clear_error (&error);
  assert_folder_unchanged (dir, before);

  /* The disk fills while the database is open: the write fails whole */
  g_assert_no_errno (g_unlink (filler));
  store = open_store (path);
  fill_disk (filler);

  g_assert_false (kon_store_set_meta (store, "large", large, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_clear_error (&error);
  assert_meta (store, "large", NULL);
  assert_meta (store, "name", "Helsefellesskapet");
  g_assert_cmpint (count_rows (store, "row"), ==, 20);
  g_clear_object (&store);

  /* With room again, nothing is damaged and the same write works */
  g_assert_no_errno (g_unlink (filler));
  store = open_store (path);
  check = query_text (store, "PRAGMA quick_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (count_rows (store, "row"), ==, 20);
  g_assert_true (kon_store_set_meta (store, "large", large, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_no_errno (umount (dir));
  g_rmdir (dir);
}

/* Tests: migration */

static void
assert_current_konsensus_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  KonStore *store;

  store = open_store (path);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());
  g_assert_cmpint (query_int (store, "PRAGMA application_id"), ==, KON_STORE_APPLICATION_ID);
  kon_store_set_meta (store, "name", "Helgeland", &error);
  g_assert_no_error (error);
  g_object_unref (store);

  content = read_file (path);
  g_assert_cmpuint (header_u32 (content, HEADER_APPLICATION_ID), ==, KON_STORE_APPLICATION_ID);
  g_assert_cmpuint (header_u32 (content, HEADER_USER_VERSION), ==, (guint) kon_store_get_latest_version ());

  store = open_store (path);
  assert_meta (store, "name", "Helgeland");
  g_object_unref (store);
}

static void
test_migrate_empty_file (Fixture       *fixture,
                         gconstpointer  user_data)
{
  write_file (fixture->path, "", 0);
  assert_current_konsensus_db (fixture->path);
}

/* A SQLite file with nothing in it (user_version 0, no application_id) */
static void
test_migrate_empty_sqlite (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const char * const statements[] = {
    "CREATE TABLE t (x)",
    "DROP TABLE t",
    NULL
  };
  g_autoptr(GBytes) content = NULL;

  run_raw (fixture->path, statements);
  content = read_file (fixture->path);
  g_assert_cmpuint (g_bytes_get_size (content), >, 0);
  g_assert_cmpuint (header_u32 (content, HEADER_USER_VERSION), ==, 0);
  g_assert_cmpuint (header_u32 (content, HEADER_APPLICATION_ID), ==, 0);

  assert_current_konsensus_db (fixture->path);
}

/* A database of the version before is brought to the new one, and keeps
 * its data */
static void
test_migrate_upgrade (Fixture       *fixture,
                      gconstpointer  user_data)
{
  int old_version = kon_store_get_latest_version ();
  const KonSchemaStep next[] = {
    { old_version + 1, "CREATE TABLE added (x TEXT NOT NULL) STRICT;"
                       "INSERT INTO added (x) VALUES ('from the new step');" },
  };
  g_autoptr(GArray) steps = steps_with (next, G_N_ELEMENTS (next));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *added = NULL;
  KonStore *store;

  create_konsensus_db (fixture->path, 5);

  _kon_store_set_schema_steps ((const KonSchemaStep *) steps->data, steps->len);
  g_assert_cmpint (kon_store_get_latest_version (), ==, old_version + 1);

  store = open_store (fixture->path);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, old_version + 1);
  assert_meta (store, "name", "Helsefellesskapet");
  g_assert_cmpint (count_rows (store, "row"), ==, 5);
  added = query_text (store, "SELECT x FROM added");
  g_assert_cmpstr (added, ==, "from the new step");
  g_object_unref (store);

  content = read_file (fixture->path);
  g_assert_cmpuint (header_u32 (content, HEADER_USER_VERSION), ==, (guint) old_version + 1);
}

/* Each step is a transaction of its own: when the second of two new steps
 * fails, the first stays applied and nothing of the second is there. */
static void
test_migrate_failed_step (Fixture       *fixture,
                          gconstpointer  user_data)
{
  int old_version = kon_store_get_latest_version ();
  const KonSchemaStep next[] = {
    { old_version + 1, "CREATE TABLE first (x INTEGER) STRICT;"
                       "INSERT INTO first (x) VALUES (1);" },
    { old_version + 2, "CREATE TABLE second (x INTEGER) STRICT;"
                       "INSERT INTO second (x) VALUES (2);"
                       "INSERT INTO no_such_table (x) VALUES (3);" },
  };
  g_autoptr(GArray) steps = steps_with (next, G_N_ELEMENTS (next));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  KonStore *store;

  create_konsensus_db (fixture->path, 5);

  _kon_store_set_schema_steps ((const KonSchemaStep *) steps->data, steps->len);
  store = kon_store_open (fixture->path, &error);
  g_assert_nonnull (error);
  g_assert_null (store);
  g_clear_error (&error);

  content = read_file (fixture->path);
  g_assert_cmpuint (header_u32 (content, HEADER_USER_VERSION), ==, (guint) old_version + 1);

  /* Look with a version that knows only the first step */
  g_array_set_size (steps, steps->len - 1);
  _kon_store_set_schema_steps ((const KonSchemaStep *) steps->data, steps->len);
  store = open_store (fixture->path);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, old_version + 1);
  g_assert_true (table_exists (store, "first"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM first"), ==, 1);
  g_assert_false (table_exists (store, "second"));
  assert_meta (store, "name", "Helsefellesskapet");
  g_object_unref (store);
}

/* A new database whose first step cannot be written (here: the disk is
 * full) leaves nothing behind: no file, no folder. */
static void
test_new_failed_leaves_nothing (Fixture       *fixture,
                                gconstpointer  user_data)
{
  const KonSchemaStep too_big[] = {
    { 1, "PRAGMA max_page_count = 1;"
         "CREATE TABLE big (x BLOB) STRICT;"
         "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
         "INSERT INTO big (x) SELECT randomblob (1000) FROM n;" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = snapshot_folder (fixture->dir);
  g_autofree char *folder = g_build_filename (fixture->dir, "new", NULL);
  g_autofree char *path = g_build_filename (folder, "new.db", NULL);

  _kon_store_set_schema_steps (too_big, G_N_ELEMENTS (too_big));
  store = kon_store_open (path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_assert_null (store);

  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  assert_folder_unchanged (fixture->dir, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/store/new/default-path", test_new_default);
  ADD ("new/other-path", test_new_other_path);
  ADD ("new/failed-leaves-nothing", test_new_failed_leaves_nothing);
  ADD ("reopen-keeps-data", test_reopen_keeps_data);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strconcat ("/store/refused/", bad_files[i].name, NULL);

      g_test_add (path, Fixture, &bad_files[i], fixture_set_up, test_bad_file, fixture_tear_down);
    }
  ADD ("refused/folder", test_folder_refused);
  ADD ("refused/newer-version-while-open", test_newer_version_while_open);
  ADD ("refused/in-thread", test_opening_in_thread_refused);
  ADD ("new/in-thread", test_opening_in_thread);

  g_test_add_data_func ("/store/read-only/file", GINT_TO_POINTER (READ_ONLY_FILE), test_read_only);
  g_test_add_data_func ("/store/read-only/folder", GINT_TO_POINTER (READ_ONLY_FOLDER), test_read_only);
  g_test_add_data_func ("/store/read-only/folder-with-pending-wal", GINT_TO_POINTER (TRUE),
                        test_read_only_folder_with_wal);
  g_test_add_data_func ("/store/read-only/folder-with-empty-wal", GINT_TO_POINTER (FALSE),
                        test_read_only_folder_with_wal);
  g_test_add_func ("/store/read-only/needs-writing", test_read_only_needs_writing);
  g_test_add_func ("/store/read-only/unreadable", test_unreadable);

  ADD ("write/disk-full", test_disk_full);
  g_test_add_func ("/store/write/real-disk-full", test_real_disk_full);
  ADD ("write/transaction-rolls-back", test_transaction_rolls_back);
  ADD ("write/changed-signal", test_changed_signal);

  ADD ("migrate/empty-file", test_migrate_empty_file);
  ADD ("migrate/empty-sqlite", test_migrate_empty_sqlite);
  ADD ("migrate/upgrade", test_migrate_upgrade);
  ADD ("migrate/failed-step", test_migrate_failed_step);

#undef ADD

  return g_test_run ();
}
