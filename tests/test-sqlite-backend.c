/* test-sqlite-backend.c: what the SQLite backend promises beyond the contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's contract (test-store.c) holds for every backend; this is
 * what is SQLite's own: the connection's settings and the file's header,
 * SQLite files of other programs and damaged ones refused and left as
 * they were, WAL files in read-only folders, migrations one step per
 * transaction (through test steps, and from the previous release's
 * version 2), a full disk (simulated, and a real one on a tmpfs), two
 * processes creating the same new database at once, and a database
 * another desk holds locked.
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
#include <locale.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kon-org.h"
#include "kon-sqlite-private.h"
#include "kon-store-private.h"
#include "kon-test-sqlite.h"
#include "kon-test-util.h"

#define NOBODY_ID 65534

/* Offsets in the SQLite file header */
#define HEADER_WRITE_VERSION  18
#define HEADER_READ_VERSION   19
#define HEADER_USER_VERSION   60
#define HEADER_APPLICATION_ID 68

/* The store's own (kon-sqlite-open.c) */
#define STORE_BUSY_TIMEOUT_MS 5000

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

  fixture->dir = g_dir_make_tmp ("kon-sqlite-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  _kon_sqlite_set_schema_steps (NULL, 0);
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

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_hash_table_insert (files, g_strdup (name), g_bytes_new_static ("<folder>", 8));
          continue;
        }

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
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GBytes) content = read_file (from);

  write_file (to, g_bytes_get_data (content, NULL), g_bytes_get_size (content));
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

/* The store's own connection */
static sqlite3 *
store_db (KonStore *store)
{
  KonBackend *backend = _kon_store_get_backend (store);

  g_assert_true (KON_IS_SQLITE_BACKEND (backend));

  return _kon_sqlite_backend_get_db (KON_SQLITE_BACKEND (backend));
}

static int
query_int (KonStore   *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (KonStore   *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static gboolean
table_exists (KonStore   *store,
              const char *name)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (store_db (store),
                                       "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
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

static guint
count_persons (KonStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = kon_store_count (store, &kon_person_table, NULL, NULL, &error);

  g_assert_no_error (error);

  return n;
}

typedef struct
{
  const char *prefix;
  guint       n_rows;
  gsize       title_size;
} AddPersons;

static gboolean
add_persons_cb (KonStore  *store,
                gpointer   user_data,
                GError   **error)
{
  AddPersons *add = user_data;
  g_autofree char *title = g_strnfill (add->title_size, 'x');

  for (guint i = 0; i < add->n_rows; i++)
    {
      g_autoptr(KonPerson) person = kon_person_new ();

      g_free (person->name);
      person->name = g_strdup_printf ("%s %u", add->prefix, i);
      person->title = g_strdup (title);
      if (!kon_store_save (store, &kon_person_table, person, error))
        return FALSE;
    }

  return TRUE;
}

/* A Konsensus database with @n_rows persons (of 200 bytes each) and a
 * "name" */
static void
create_konsensus_db (const char *path,
                     guint       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (path);
  AddPersons rows = { "Row", n_rows, 200 };

  kon_store_set_meta (store, "name", "Helsefellesskapet", &error);
  g_assert_no_error (error);
  kon_store_write (store, add_persons_cb, &rows, &error);
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
      char *message = NULL;

      sqlite3_exec (db, statements[i], NULL, NULL, &message);
      g_assert_cmpstr (message, ==, NULL);
    }

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
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

static void
on_changed_cb (KonStore   *store,
               const char *table,
               const char *uuid,
               int         change,
               guint      *n_emitted)
{
  (*n_emitted)++;
}

/* Tests: a new database */

static void
test_new_connection (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *journal_mode = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  const guint8 *data;

  store = open_store (fixture->path);

  /* The connection as promised */
  journal_mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (store, "PRAGMA synchronous"), ==, 2);   /* FULL */
  g_assert_cmpint (query_int (store, "PRAGMA busy_timeout"), ==, STORE_BUSY_TIMEOUT_MS);
  g_assert_cmpint (query_int (store, "PRAGMA application_id"), ==, KON_SQLITE_APPLICATION_ID);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, kon_store_get_latest_version ());
  g_assert_true (table_exists (store, "meta"));
  g_assert_true (table_exists (store, "change_log"));
  g_clear_object (&store);

  /* The file itself says what it is, whoever reads it */
  content = read_file (fixture->path);
  data = g_bytes_get_data (content, NULL);
  g_assert_cmpmem (data, 16, "SQLite format 3", 16);
  g_assert_cmpuint (header_u32 (content, HEADER_APPLICATION_ID), ==, KON_SQLITE_APPLICATION_ID);
  g_assert_cmpuint (header_u32 (content, HEADER_USER_VERSION), ==, (guint) kon_store_get_latest_version ());
  g_assert_cmpuint (data[HEADER_WRITE_VERSION], ==, 2);  /* WAL */
  g_assert_cmpuint (data[HEADER_READ_VERSION], ==, 2);

  /* A clean close leaves nothing beside it */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
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

  _kon_sqlite_set_schema_steps (too_big, G_N_ELEMENTS (too_big));
  store = kon_store_open (path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_assert_null (store);

  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  assert_folder_unchanged (fixture->dir, before);
}

/* Tests: SQLite files that are not ours, or damaged, are refused and
 * left as they were */

static void
make_newer_version_header (const char *path)
{
  guint8 version[4] = { 0x00, 0x0f, 0x42, 0x40 };   /* 1000000 */

  create_konsensus_db (path, 10);
  write_at (path, HEADER_USER_VERSION, version, sizeof version);
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
  { "much-newer-version", make_newer_version_header, KON_STORE_ERROR_NEWER_VERSION },
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

/* A newer Konsensus has the database open (its -wal holds data not yet
 * in the file): the older one refuses it and changes neither file. */
static void
test_newer_version_while_open (Fixture       *fixture,
                               gconstpointer  user_data)
{
  const KonSchemaStep newer[] = {
    { kon_store_get_latest_version () + 1, "CREATE TABLE from_the_future (x TEXT) STRICT;" },
  };
  g_autoptr(GArray) steps = kon_test_sqlite_steps_with (newer, G_N_ELEMENTS (newer));
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) newer_store = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) wal_before = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GBytes) wal_after = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  _kon_sqlite_set_schema_steps ((const KonSchemaStep *) (gpointer) steps->data, steps->len);
  newer_store = open_store (fixture->path);
  kon_store_set_meta (newer_store, "name", "written by the newer version", &error);
  g_assert_no_error (error);
  _kon_sqlite_set_schema_steps (NULL, 0);

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

/* Tests: read-only */

/* A read-only database that would need to be upgraded (or, empty, to be
 * created) cannot be opened: refused, and left as it was. */
static void
test_read_only_needs_writing (void)
{
  const KonSchemaStep newer[] = {
    { kon_store_get_latest_version () + 1, "CREATE TABLE added (x TEXT) STRICT;" },
  };
  g_autoptr(GArray) steps = kon_test_sqlite_steps_with (newer, G_N_ELEMENTS (newer));
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *empty = NULL;

  if (!in_unprivileged_child ())
    return;

  dir = g_dir_make_tmp ("kon-sqlite-ro-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "old.db", NULL);
  empty = g_build_filename (dir, "empty.db", NULL);
  create_konsensus_db (path, 5);
  write_file (empty, "", 0);
  g_assert_no_errno (g_chmod (dir, 0555));
  g_assert_cmpint (g_access (dir, W_OK), !=, 0);

  before = snapshot_folder (dir);

  /* This version of Konsensus has one step more than the database */
  _kon_sqlite_set_schema_steps ((const KonSchemaStep *) (gpointer) steps->data, steps->len);
  store = kon_store_open (path, &error);
  _kon_sqlite_set_schema_steps (NULL, 0);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_assert_null (store);
  g_clear_error (&error);

  store = kon_store_open (empty, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_assert_null (store);

  assert_folder_unchanged (dir, before);
  kon_test_remove_tree (dir);
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

  dir = g_dir_make_tmp ("kon-sqlite-ro-XXXXXX", &error);
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
      g_assert_cmpuint (count_persons (store), ==, 5);
      g_clear_object (&store);
    }

  assert_folder_unchanged (copy_dir, before);
  kon_test_remove_tree (dir);
}

/* Tests: a full disk */

/* A write that does not fit on the disk fails whole; what was there
 * before is still there, nothing says it changed, and the database goes
 * on working. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  KonStore *store;
  AddPersons big = { "Big", 500, 1000 };
  g_autofree char *large = g_strnfill (100000, 'y');
  g_autoptr(KonPerson) row = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  guint n_emitted = 0;

  create_konsensus_db (fixture->path, 20);
  before = snapshot_folder (fixture->dir);

  store = open_store (fixture->path);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &n_emitted);
  _kon_sqlite_limit_growth (KON_SQLITE_BACKEND (_kon_store_get_backend (store)), &error);
  g_assert_no_error (error);

  g_assert_false (kon_store_write (store, add_persons_cb, &big, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  g_assert_false (kon_store_set_meta (store, "large", large, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_clear_error (&error);

  /* An update that grows a row: refused, the row as it was */
  persons = kon_store_list (store, &kon_person_table, NULL, NULL, &error);
  g_assert_no_error (error);
  row = kon_person_copy (persons->pdata[0]);
  g_free (row->title);
  row->title = g_strdup (large);
  g_assert_false (kon_store_save (store, &kon_person_table, row, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_cmpint (row->revision, ==, 1);
  g_assert_cmpuint (n_emitted, ==, 0);

  /* Nothing of any write is there; the rest is */
  g_assert_cmpuint (count_persons (store), ==, 20);
  assert_meta (store, "large", NULL);
  assert_meta (store, "name", "Helsefellesskapet");
  g_clear_pointer (&row, kon_person_free);
  row = kon_store_get (store, &kon_person_table, ((KonPerson *) persons->pdata[0])->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (row->title), ==, 200);
  g_object_unref (store);

  /* Nothing half-written reached the disk */
  assert_folder_unchanged (fixture->dir, before);

  /* With room again, the same write works */
  store = open_store (fixture->path);
  g_assert_true (kon_store_write (store, add_persons_cb, &big, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_persons (store), ==, 520);
  g_object_unref (store);
}

/* A real full disk, a small tmpfs mounted in a mount namespace of the
 * test's own (as root; as another user, in a user namespace too) */

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
  dir = g_dir_make_tmp ("kon-sqlite-full-XXXXXX", &error);
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
  g_assert_cmpuint (count_persons (store), ==, 20);
  g_clear_object (&store);

  /* With room again, nothing is damaged and the same write works */
  g_assert_no_errno (g_unlink (filler));
  store = open_store (path);
  check = query_text (store, "PRAGMA quick_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpuint (count_persons (store), ==, 20);
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
  g_assert_cmpint (query_int (store, "PRAGMA application_id"), ==, KON_SQLITE_APPLICATION_ID);
  kon_store_set_meta (store, "name", "Helgeland", &error);
  g_assert_no_error (error);
  g_object_unref (store);

  content = read_file (path);
  g_assert_cmpuint (header_u32 (content, HEADER_APPLICATION_ID), ==, KON_SQLITE_APPLICATION_ID);
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
  g_autoptr(GArray) steps = kon_test_sqlite_steps_with (next, G_N_ELEMENTS (next));
  g_autoptr(GBytes) content = NULL;
  g_autofree char *added = NULL;
  KonStore *store;

  create_konsensus_db (fixture->path, 5);

  _kon_sqlite_set_schema_steps ((const KonSchemaStep *) (gpointer) steps->data, steps->len);
  g_assert_cmpint (kon_store_get_latest_version (), ==, old_version + 1);

  store = open_store (fixture->path);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, old_version + 1);
  assert_meta (store, "name", "Helsefellesskapet");
  g_assert_cmpuint (count_persons (store), ==, 5);
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
  g_autoptr(GArray) steps = kon_test_sqlite_steps_with (next, G_N_ELEMENTS (next));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) content = NULL;
  KonStore *store;

  create_konsensus_db (fixture->path, 5);

  _kon_sqlite_set_schema_steps ((const KonSchemaStep *) (gpointer) steps->data, steps->len);
  store = kon_store_open (fixture->path, &error);
  g_assert_nonnull (error);
  g_assert_null (store);
  g_clear_error (&error);

  content = read_file (fixture->path);
  g_assert_cmpuint (header_u32 (content, HEADER_USER_VERSION), ==, (guint) old_version + 1);

  /* Look with a version that knows only the first step */
  g_array_set_size (steps, steps->len - 1);
  _kon_sqlite_set_schema_steps ((const KonSchemaStep *) (gpointer) steps->data, steps->len);
  store = open_store (fixture->path);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, old_version + 1);
  g_assert_true (table_exists (store, "first"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM first"), ==, 1);
  g_assert_false (table_exists (store, "second"));
  assert_meta (store, "name", "Helsefellesskapet");
  g_object_unref (store);
}

/* A database of the previous release (schema version 2: steps 1 and 2),
 * written as that release wrote it: opened by this one, every row is
 * kept, at revision 1, in the locale's display order (the new sort keys
 * are filled in), and found by search */
static void
test_migrate_from_version_2 (Fixture       *fixture,
                             gconstpointer  user_data)
{
  static const char *names[] = {
    /* as the locale sorts them: Æ Ø Å after Z, "Bodø" before "Bø" */
    "Andøy", "Bodø", "Bø", "Vågan", "Zeta", "Ærø", "Øksnes", "Ålesund", NULL
  };
  static const char *shuffled[] = {
    "Ålesund", "Øksnes", "Bø", "Zeta", "Andøy", "Ærø", "Vågan", "Bodø", NULL
  };
  const KonSchemaStep *real;
  guint n_real;
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(KonCommunity) community = NULL;
  g_autoptr(KonPerson) person = NULL;
  g_autoptr(KonBody) ksu = NULL;
  g_autoptr(KonPartner) bodo = NULL;

  real = _kon_sqlite_schema_get_steps (&n_real);
  g_assert_cmpuint (n_real, >=, 3);
  g_assert_cmpint (real[1].version, ==, 2);

  g_ptr_array_add (statements, g_strdup_printf ("PRAGMA application_id = %d", KON_SQLITE_APPLICATION_ID));
  g_ptr_array_add (statements, g_strdup ("PRAGMA journal_mode = WAL"));
  g_ptr_array_add (statements, g_strdup ("BEGIN"));
  g_ptr_array_add (statements, g_strdup (real[0].sql));
  g_ptr_array_add (statements, g_strdup (real[1].sql));
  g_ptr_array_add (statements, g_strdup ("PRAGMA user_version = 2"));
  g_ptr_array_add (statements, g_strdup ("INSERT INTO meta (key, value) VALUES ('name', 'Salten')"));
  g_ptr_array_add (statements, g_strdup ("INSERT INTO community (id, uuid, name, sync_hash) VALUES "
                                         "(1, '00000000-0000-4000-8000-000000000001', "
                                         "'Helsefellesskapet Salten', zeroblob (16))"));
  for (guint i = 0; shuffled[i] != NULL; i++)
    {
      g_ptr_array_add (statements,
                       g_strdup_printf ("INSERT INTO partner (id, uuid, kind, side, region, name, short_name, aliases) "
                                        "VALUES (%u, '00000000-0000-4000-8000-0000000001%02u', 'kommune', 'municipal', "
                                        "'Salten', '%s kommune', '%s', '[\"%s\"]')",
                                        i + 1, i, shuffled[i], shuffled[i], shuffled[i]));
      g_ptr_array_add (statements,
                       g_strdup_printf ("INSERT INTO person (id, uuid, name, title, partner_id, email) "
                                        "VALUES (%u, '00000000-0000-4000-8000-0000000002%02u', '%s Hansen', "
                                        "'Rådgiver', %u, NULL)",
                                        i + 1, i, shuffled[i], i + 1));
    }
  /* The previous release indexed its rows itself */
  g_ptr_array_add (statements, g_strdup ("INSERT INTO partner_fts (rowid, name, short_name, aliases, region) "
                                         "SELECT id, name, short_name, aliases, region FROM partner"));
  g_ptr_array_add (statements, g_strdup ("INSERT INTO person_fts (rowid, name, title, email) "
                                         "SELECT id, name, title, email FROM person"));
  g_ptr_array_add (statements, g_strdup ("INSERT INTO body (id, uuid, kind, name, parent_id, takes_decisions, is_public) VALUES "
                                         "(1, '00000000-0000-4000-8000-000000000301', 'ssu', 'SSU', NULL, 1, 0), "
                                         "(2, '00000000-0000-4000-8000-000000000302', 'arbeidsgruppe', 'KSU', 1, 0, 1)"));
  g_ptr_array_add (statements, g_strdup ("INSERT INTO role (id, uuid, person_id, body_id, kind, represents, partner_id, side, from_date) VALUES "
                                         "(1, '00000000-0000-4000-8000-000000000401', 1, 2, 'leader', 'partner', 1, 'municipal', '2021-09-23')"));
  g_ptr_array_add (statements, g_strdup ("COMMIT"));
  g_ptr_array_add (statements, NULL);
  run_raw (fixture->path, (const char * const *) statements->pdata);

  store = open_store (fixture->path);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());
  assert_meta (store, "name", "Salten");

  community = kon_org_get_community (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (community->name, ==, "Helsefellesskapet Salten");
  g_assert_cmpint (community->revision, ==, 1);

  /* Every row kept, at revision 1, in the display order */
  partners = kon_org_list_partners (store, &error);
  g_assert_no_error (error);
  persons = kon_org_list_persons (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (partners->len, ==, g_strv_length ((char **) names));
  g_assert_cmpuint (persons->len, ==, partners->len);
  for (guint i = 0; names[i] != NULL; i++)
    {
      KonPartner *partner = partners->pdata[i];
      KonPerson *p = persons->pdata[i];
      g_autofree char *name = g_strdup_printf ("%s Hansen", names[i]);

      g_assert_cmpstr (partner->short_name, ==, names[i]);
      g_assert_cmpint (partner->revision, ==, 1);
      g_assert_cmpstr (partner->region, ==, "Salten");
      g_assert_cmpuint (g_strv_length (partner->aliases), ==, 1);
      g_assert_cmpstr (p->name, ==, name);
      g_assert_cmpstr (p->title, ==, "Rådgiver");
      g_assert_cmpstr (p->partner_uuid, ==, partner->uuid);
      g_assert_cmpint (p->revision, ==, 1);
    }

  bodies = kon_org_list_bodies (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, 2);
  g_assert_cmpstr (((KonBody *) bodies->pdata[0])->name, ==, "SSU");
  ksu = kon_body_copy (bodies->pdata[1]);
  g_assert_cmpstr (ksu->parent_uuid, ==, "00000000-0000-4000-8000-000000000301");
  g_assert_true (ksu->is_public);
  g_assert_cmpint (ksu->revision, ==, 1);
  roles = kon_org_list_roles_of_body (store, ksu->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, ==, 1);
  g_assert_cmpint (((KonRole *) roles->pdata[0])->kind, ==, KON_ROLE_KIND_LEADER);
  g_assert_cmpint (g_date_get_year (&((KonRole *) roles->pdata[0])->from), ==, 2021);
  g_assert_cmpint (((KonRole *) roles->pdata[0])->revision, ==, 1);

  /* Search finds them, the index is sound */
  hits = kon_org_search_partners (store, "Bø", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hits->pdata[0], ==, "00000000-0000-4000-8000-000000000102");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = kon_org_search_persons (store, "Øksnes", &error);
  g_assert_cmpuint (hits->len, ==, 1);
  kon_test_assert_search_index_sound (store);

  /* And they are saved as any row: revision 2 */
  person = kon_person_copy (persons->pdata[0]);
  person->phone = g_strdup ("+47 75 00 00 00");
  g_assert_true (kon_org_save_person (store, person, &error));
  g_assert_no_error (error);
  g_assert_cmpint (person->revision, ==, 2);

  /* A renamed one moves to its place */
  bodo = kon_partner_copy (partners->pdata[1]);
  g_free (bodo->short_name);
  bodo->short_name = g_strdup ("Øygarden");
  g_assert_true (kon_org_save_partner (store, bodo, &error));
  g_clear_pointer (&partners, g_ptr_array_unref);
  partners = kon_org_list_partners (store, &error);
  g_assert_cmpstr (((KonPartner *) partners->pdata[6])->short_name, ==, "Øygarden");
}

/* Tests: two processes at once (issue 9) */

typedef struct
{
  const char *path;
  gint       *ready;
  KonStore   *store;
  GError     *error;
} Opener;

static gpointer
opener_thread (gpointer user_data)
{
  Opener *opener = user_data;

  /* Both start at the same moment */
  g_atomic_int_inc (opener->ready);
  while (g_atomic_int_get (opener->ready) < 2)
    ;

  opener->store = kon_store_open (opener->path, &opener->error);

  return NULL;
}

/* Two imports opened the same new database at once: one failed ("table
 * meta already exists") and deleted the file the other had just imported
 * into.  Both succeed now, one waiting for the other, and the file
 * stays. */
static void
test_open_new_at_once_threads (Fixture       *fixture,
                               gconstpointer  user_data)
{
  for (guint trial = 0; trial < 40; trial++)
    {
      g_autofree char *path = g_strdup_printf ("%s/new-%u.db", fixture->dir, trial);
      g_autoptr(KonStore) third = NULL;
      g_autoptr(KonPartner) partner = kon_partner_new ();
      g_autoptr(KonPartner) read = NULL;
      g_autoptr(GError) error = NULL;
      gint ready = 0;
      Opener openers[2] = { { path, &ready }, { path, &ready } };
      GThread *threads[2];

      for (guint i = 0; i < 2; i++)
        threads[i] = g_thread_new ("opener", opener_thread, &openers[i]);
      for (guint i = 0; i < 2; i++)
        g_thread_join (threads[i]);

      for (guint i = 0; i < 2; i++)
        {
          g_assert_no_error (openers[i].error);
          g_assert_nonnull (openers[i].store);
          g_assert_cmpint (kon_store_get_schema_version (openers[i].store), ==, kon_store_get_latest_version ());
        }
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

      /* Both write to the one file that is there */
      g_free (partner->name);
      partner->name = g_strdup ("Bodø kommune");
      partner->side = KON_SIDE_MUNICIPAL;
      partner->kind = KON_PARTNER_KIND_KOMMUNE;
      g_assert_true (kon_store_save (openers[0].store, &kon_partner_table, partner, &error));
      g_assert_no_error (error);
      g_assert_true (kon_store_set_meta (openers[1].store, "name", "Salten", &error));
      g_assert_no_error (error);
      for (guint i = 0; i < 2; i++)
        g_clear_object (&openers[i].store);

      third = open_store (path);
      read = kon_store_get (third, &kon_partner_table, partner->uuid, &error);
      g_assert_no_error (error);
      assert_meta (third, "name", "Salten");
    }
}

/* The same with two processes */
static void
test_open_new_at_once_processes (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  for (guint trial = 0; trial < 20; trial++)
    {
      g_autofree char *path = g_strdup_printf ("%s/new-%u.db", fixture->dir, trial);
      g_autoptr(KonStore) third = NULL;
      int go[2];
      pid_t pids[2];

      g_assert_no_errno (pipe (go));

      for (guint i = 0; i < 2; i++)
        {
          pids[i] = fork ();
          g_assert_cmpint (pids[i], >=, 0);
          if (pids[i] == 0)
            {
              KonStore *store;
              g_autofree char *key = g_strdup_printf ("child-%u", i);
              char c;

              close (go[1]);
              /* Both start when the pipe closes */
              if (read (go[0], &c, 1) != 0)
                _exit (3);
              store = kon_store_open (path, NULL);
              if (store == NULL)
                _exit (1);
              _exit (kon_store_set_meta (store, key, "imported", NULL) ? 0 : 2);
            }
        }

      close (go[0]);
      close (go[1]);

      for (guint i = 0; i < 2; i++)
        {
          int status = 0;

          g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
        }

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      third = open_store (path);
      assert_meta (third, "child-0", "imported");
      assert_meta (third, "child-1", "imported");
    }
}

/* Tests: another desk holds the write lock */

static sqlite3 *
lock_database (const char *path)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_exec (db, "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('other desk', 'writing')",
                NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);

  return db;
}

static void
unlock_database (sqlite3 *db)
{
  char *message = NULL;

  sqlite3_exec (db, "COMMIT", NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Issue 9: "A database operation failed (database is locked)" said
 * nothing a user could act on */
static void
test_busy (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(KonPerson) person = kon_person_new ();
  g_autoptr(GPtrArray) persons = NULL;
  sqlite3 *other;
  gint64 start;
  guint n_emitted = 0;

  create_konsensus_db (fixture->path, 3);
  store = open_store (fixture->path);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), &n_emitted);
  /* Not the store's five seconds: the test need not wait that long */
  sqlite3_busy_timeout (store_db (store), 100);

  other = lock_database (fixture->path);

  start = g_get_monotonic_time ();
  g_free (person->name);
  person->name = g_strdup ("Kari Nordmann");
  g_assert_false (kon_store_save (store, &kon_person_table, person, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_BUSY);
  g_test_message ("busy: %s", error->message);
  g_assert_nonnull (strstr (error->message, "Another window or desk"));
  g_assert_null (strstr (error->message, "database is locked"));
  g_assert_cmpint (person->revision, ==, 0);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  g_assert_false (kon_store_set_meta (store, "name", "Bodø", &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* Reading goes on while the other desk writes */
  persons = kon_org_list_persons (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (persons->len, ==, 3);
  assert_meta (store, "name", "Helsefellesskapet");
  g_assert_cmpuint (n_emitted, ==, 0);

  /* When it is done, the same save goes through */
  unlock_database (other);
  g_assert_true (kon_store_save (store, &kon_person_table, person, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_persons (store), ==, 4);
  assert_meta (store, "other desk", "writing");
}

static gpointer
unlock_later_thread (gpointer user_data)
{
  g_usleep (300 * 1000);
  unlock_database (user_data);

  return NULL;
}

/* With the store's own busy timeout, a write waits for another desk's
 * short write instead of failing */
static void
test_busy_waits (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  GThread *thread;
  gint64 start;

  create_konsensus_db (fixture->path, 1);
  store = open_store (fixture->path);
  g_assert_cmpint (query_int (store, "PRAGMA busy_timeout"), ==, STORE_BUSY_TIMEOUT_MS);

  thread = g_thread_new ("other desk", unlock_later_thread, lock_database (fixture->path));
  start = g_get_monotonic_time ();
  g_assert_true (kon_store_set_meta (store, "name", "Bodø", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, STORE_BUSY_TIMEOUT_MS * 1000);
  g_thread_join (thread);

  assert_meta (store, "name", "Bodø");
  assert_meta (store, "other desk", "writing");
}

int
main (int   argc,
      char *argv[])
{
  /* The display order is the locale's: Æ Ø Å after Z */
  setlocale (LC_ALL, "nb_NO.UTF-8");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The messages are the English source strings */
  g_setenv ("LANGUAGE", "C", TRUE);

  if (setlocale (LC_COLLATE, NULL) == NULL || !g_str_has_prefix (setlocale (LC_COLLATE, NULL), "nb_NO"))
    {
      g_printerr ("the nb_NO.UTF-8 locale is missing: run ./build-aux/dev setup\n");
      return 1;
    }

#define ADD(name, func) \
  g_test_add ("/sqlite/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("new/connection", test_new_connection);
  ADD ("new/failed-leaves-nothing", test_new_failed_leaves_nothing);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strconcat ("/sqlite/refused/", bad_files[i].name, NULL);

      g_test_add (path, Fixture, &bad_files[i], fixture_set_up, test_bad_file, fixture_tear_down);
    }
  ADD ("refused/newer-version-while-open", test_newer_version_while_open);

  g_test_add_data_func ("/sqlite/read-only/folder-with-pending-wal", GINT_TO_POINTER (TRUE),
                        test_read_only_folder_with_wal);
  g_test_add_data_func ("/sqlite/read-only/folder-with-empty-wal", GINT_TO_POINTER (FALSE),
                        test_read_only_folder_with_wal);
  g_test_add_func ("/sqlite/read-only/needs-writing", test_read_only_needs_writing);

  ADD ("write/disk-full", test_disk_full);
  g_test_add_func ("/sqlite/write/real-disk-full", test_real_disk_full);
  ADD ("write/busy", test_busy);
  ADD ("write/busy-waits", test_busy_waits);

  ADD ("migrate/empty-file", test_migrate_empty_file);
  ADD ("migrate/empty-sqlite", test_migrate_empty_sqlite);
  ADD ("migrate/upgrade", test_migrate_upgrade);
  ADD ("migrate/failed-step", test_migrate_failed_step);
  ADD ("migrate/from-version-2", test_migrate_from_version_2);

  ADD ("open/new-at-once-threads", test_open_new_at_once_threads);
  ADD ("open/new-at-once-processes", test_open_new_at_once_processes);

#undef ADD

  return g_test_run ();
}
