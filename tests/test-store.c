/* test-store.c: the store's contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every backend of KonStore must do, tested through the public API
 * only (kon-store.h, kon-org.h, kon-table.h): a PostgreSQL backend runs
 * this file unchanged.  The one database it cannot make through that API
 * (one written by a newer Konsensus) comes from the backend's test
 * helper (kon-test-backend.h).  What is the SQLite backend's own (its
 * file, its PRAGMAs, migrations, a full disk, locks) is tested in
 * test-sqlite-backend.c.
 *
 * Opening: a new database gets the current schema; data survives
 * reopening; files that are not databases, a newer version and folders
 * are refused and left byte-for-byte as they were (the whole folder is
 * compared before and after); read-only files and folders open read-only
 * and refuse writes.  Writing: a transaction is all or nothing, a nested
 * one joins the outer; rows carry revisions, and a save from a stale
 * copy is a conflict that changes nothing.  KonStore::changed tells,
 * after the commit, exactly which rows changed, also when another
 * connection (another process) changed them.  Lists come in the
 * locale's order (Æ Ø Å after Z).  Deleting takes what goes with a row,
 * and Undo puts it back, unless someone changed it meanwhile.
 *
 * The read-only tests must not run as root (root may write anywhere): as
 * root, they run in a child process that first becomes nobody.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kon-org.h"
#include "kon-test-backend.h"
#include "kon-test-util.h"

#define NOBODY_ID 65534

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* One KonStore::changed */
typedef struct
{
  char *table;
  char *uuid;
  int   change;
} Change;

/* A change expected */
typedef struct
{
  const char *table;
  const char *uuid;
  int         change;
} Expected;

typedef struct
{
  GArray     *changes;   /* Change */
  const char *path;      /* set: each change is looked for through another connection */
} Recorder;

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

static void
write_file (const char *path,
            const void *content,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, content, length, &error);
  g_assert_no_error (error);
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
count (KonStore       *store,
       const KonTable *table)
{
  g_autoptr(GError) error = NULL;
  guint n = kon_store_count (store, table, NULL, NULL, &error);

  g_assert_no_error (error);

  return n;
}

static KonPartner *
new_partner (const char *short_name)
{
  KonPartner *partner = kon_partner_new ();

  partner->kind = KON_PARTNER_KIND_KOMMUNE;
  partner->side = KON_SIDE_MUNICIPAL;
  g_free (partner->short_name);
  partner->short_name = g_strdup (short_name);
  g_free (partner->name);
  partner->name = g_strdup_printf ("%s kommune", short_name);

  return partner;
}

static KonPerson *
new_person (const char *name,
            const char *partner_uuid)
{
  KonPerson *person = kon_person_new ();

  g_free (person->name);
  person->name = g_strdup (name);
  person->partner_uuid = g_strdup (partner_uuid);

  return person;
}

static KonBody *
new_body (const char *name,
          const char *parent_uuid)
{
  KonBody *body = kon_body_new ();

  body->kind = KON_BODY_KIND_WORKING_GROUP;
  g_free (body->name);
  body->name = g_strdup (name);
  body->parent_uuid = g_strdup (parent_uuid);

  return body;
}

static KonRole *
new_role (const char *person_uuid,
          const char *body_uuid)
{
  KonRole *role = kon_role_new ();

  g_free (role->person_uuid);
  role->person_uuid = g_strdup (person_uuid);
  g_free (role->body_uuid);
  role->body_uuid = g_strdup (body_uuid);
  role->kind = KON_ROLE_KIND_MEMBER;
  role->represents = KON_REPRESENTS_NONE;

  return role;
}

/* Saves @row (a new one: revision 0) and checks it got revision 1 */
static void
save_new (KonStore       *store,
          const KonTable *table,
          gpointer        row)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (KON_ROW_REVISION (row), ==, 0);
  g_assert_true (kon_store_save (store, table, row, &error));
  g_assert_no_error (error);
  g_assert_cmpint (KON_ROW_REVISION (row), ==, 1);
}

static void
change_clear (Change *change)
{
  g_free (change->table);
  g_free (change->uuid);
}

static void
on_changed_cb (KonStore   *store,
               const char *table,
               const char *uuid,
               int         change,
               Recorder   *recorder)
{
  Change c = { g_strdup (table), g_strdup (uuid), change };

  g_array_append_val (recorder->changes, c);

  /* Another connection sees the change: it was committed before the
   * signal was emitted */
  if (recorder->path != NULL && uuid != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KonStore) other = open_store (recorder->path);
      const KonTable *info = kon_table_lookup (table);
      gpointer row;

      g_assert_nonnull (info);
      row = kon_store_get (other, info, uuid, &error);
      if (change == KON_STORE_CHANGE_DELETE)
        {
          g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
          g_assert_null (row);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (row);
          kon_table_row_free (info, row);
        }
    }
}

static void
on_count_cb (KonStore   *store,
             const char *table,
             const char *uuid,
             int         change,
             guint      *n)
{
  (*n)++;
}

static void
recorder_init (Recorder *recorder,
               KonStore *store)
{
  recorder->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (recorder->changes, (GDestroyNotify) change_clear);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed_cb), recorder);
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->changes, g_array_unref);
}

/* The changes recorded are exactly @expected (table, uuid, change; a
 * NULL table ends the list), in that order; then forgets them */
static void
assert_changes (Recorder       *recorder,
                const Expected *expected)
{
  guint n = 0;

  while (expected[n].table != NULL)
    n++;

  for (guint i = 0; i < MIN (n, recorder->changes->len); i++)
    {
      Change *c = &g_array_index (recorder->changes, Change, i);

      g_assert_cmpstr (c->table, ==, expected[i].table);
      g_assert_cmpstr (c->uuid, ==, expected[i].uuid);
      g_assert_cmpint (c->change, ==, expected[i].change);
    }
  g_assert_cmpuint (recorder->changes->len, ==, n);

  g_array_set_size (recorder->changes, 0);
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

/* A database with a name, @n_partners partners and one person */
static void
create_database (const char *path,
                 guint       n_partners)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (path);
  g_autoptr(KonPerson) person = new_person ("Kari Nordmann", NULL);

  kon_store_set_meta (store, "name", "Helsefellesskapet", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_partners; i++)
    {
      g_autofree char *name = g_strdup_printf ("Kommune %u", i);
      g_autoptr(KonPartner) partner = new_partner (name);

      save_new (store, &kon_partner_table, partner);
    }

  save_new (store, &kon_person_table, person);
}

/* Tests: opening */

static void
test_new_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autofree char *path = kon_store_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "konsensus", "konsensus.db", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  GStatBuf st;

  g_assert_cmpstr (path, ==, expected);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  store = open_store (path);
  g_assert_cmpstr (kon_store_get_path (store), ==, path);
  g_assert_false (kon_store_is_read_only (store));
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());
  g_assert_cmpint (kon_store_get_latest_version (), >=, 1);

  /* Empty, and no community yet (not an error) */
  g_assert_null (kon_org_get_community (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (store, &kon_partner_table), ==, 0);
  g_assert_cmpuint (count (store, &kon_person_table), ==, 0);
  assert_meta (store, "name", NULL);
  g_clear_object (&store);

  /* Private to the user */
  g_assert_no_errno (g_stat (dir, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
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
  g_autoptr(KonPartner) partner = new_partner ("Bodø");
  g_autoptr(KonPartner) read = NULL;
  KonStore *store;

  store = open_store (fixture->path);
  kon_store_set_meta (store, "community", "Helsefellesskapet Lofoten, Vesterålen og Salten", &error);
  g_assert_no_error (error);
  kon_store_set_meta (store, "year", "2021", &error);
  g_assert_no_error (error);
  kon_store_set_meta (store, "year", "2022", &error);
  g_assert_no_error (error);
  save_new (store, &kon_partner_table, partner);
  g_object_unref (store);

  store = open_store (fixture->path);
  assert_meta (store, "community", "Helsefellesskapet Lofoten, Vesterålen og Salten");
  assert_meta (store, "year", "2022");
  assert_meta (store, "no-such-key", NULL);
  g_assert_cmpint (kon_store_get_schema_version (store), ==, kon_store_get_latest_version ());
  read = kon_store_get (store, &kon_partner_table, partner->uuid, &error);
  g_assert_no_error (error);
  g_assert_true (kon_table_row_equal (&kon_partner_table, partner, read));
  g_assert_cmpint (read->revision, ==, 1);
  g_object_unref (store);
}

/* A window's connection keeps its hold on the database while it opens a
 * worker connection and closes it again: another process that then opens
 * and closes the database must see the window there, and leave its WAL
 * alone.  (POSIX locks belong to the process: a descriptor of the file
 * opened and closed outside SQLite once dropped the window's locks, the
 * other process deleted the WAL, and the window's next writes went to a
 * deleted file and later overwrote the other process's.) */
static void
test_locks_kept (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(KonPartner) ours = new_partner ("Bodø");
  g_autoptr(KonPartner) theirs = NULL;
  g_autoptr(KonPartner) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  KonStore *store;
  KonStore *worker;

  if (g_test_subprocess ())
    {
      /* The other process: adds a partner and closes */
      g_autoptr(KonPartner) partner = new_partner ("Bø");

      store = open_store (g_getenv ("KON_TEST_OTHER_DATABASE"));
      save_new (store, &kon_partner_table, partner);
      g_assert_true (g_file_set_contents (g_getenv ("KON_TEST_OTHER_UUID"), partner->uuid, -1, NULL));
      g_object_unref (store);
      return;
    }

  store = open_store (fixture->path);
  save_new (store, &kon_partner_table, ours);
  worker = kon_store_open_worker (store, &error);
  g_assert_no_error (error);
  g_object_unref (worker);

  g_setenv ("KON_TEST_OTHER_DATABASE", fixture->path, TRUE);
  {
    g_autofree char *uuid_file = g_build_filename (fixture->dir, "other-uuid", NULL);
    g_autofree char *uuid = NULL;

    g_setenv ("KON_TEST_OTHER_UUID", uuid_file, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    g_assert_true (g_file_get_contents (uuid_file, &uuid, NULL, NULL));
    g_assert_no_errno (g_remove (uuid_file));
    theirs = kon_store_get (store, &kon_partner_table, uuid, &error);
    g_assert_no_error (error);
  }

  /* The other process saw this one, so it left the WAL; this one sees its
   * partner, and both stay after this one writes again and closes */
  wal = g_strconcat (fixture->path, "-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_nonnull (theirs);
  g_free (ours->name);
  ours->name = g_strdup ("Bodø kommune, endret");
  g_assert_true (kon_store_save (store, &kon_partner_table, ours, &error));
  g_assert_no_error (error);
  g_object_unref (store);

  store = open_store (fixture->path);
  read = kon_store_get (store, &kon_partner_table, theirs->uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_clear_pointer (&read, kon_partner_free);
  read = kon_store_get (store, &kon_partner_table, ours->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->name, ==, "Bodø kommune, endret");
  g_object_unref (store);
}

/* Tests: what is refused is left as it was */

static void
make_newer_version (const char *path)
{
  kon_test_backend_make_newer_version (path, "written by the newer version", FALSE);
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

typedef struct
{
  const char    *name;
  void         (*make) (const char *path);
  KonStoreError  expected;
} BadFile;

static const BadFile bad_files[] = {
  { "newer-version", make_newer_version, KON_STORE_ERROR_NEWER_VERSION },
  { "text-file", make_text_file, KON_STORE_ERROR_NOT_KONSENSUS },
  { "random-binary", make_random_binary, KON_STORE_ERROR_NOT_KONSENSUS },
  { "png", make_png, KON_STORE_ERROR_NOT_KONSENSUS },
  { "short-file", make_short_file, KON_STORE_ERROR_NOT_KONSENSUS },
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

/* A newer Konsensus has the database open: the older one refuses it and
 * changes nothing, and the newer one goes on working */
static void
test_newer_version_while_open (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) newer = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;

  newer = kon_test_backend_make_newer_version (fixture->path, "written by the newer version", TRUE);
  before = snapshot_folder (fixture->dir);

  store = kon_store_open (fixture->path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NEWER_VERSION);
  g_assert_null (store);
  assert_folder_unchanged (fixture->dir, before);

  assert_meta (newer, "name", "written by the newer version");
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

/* A database in a folder that cannot be made (a file is in the way):
 * refused, and nothing is made */
static void
test_folder_cannot_be_created (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *blocker = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *path = g_build_filename (blocker, "sub", "new.db", NULL);

  make_text_file (blocker);
  before = snapshot_folder (fixture->dir);

  store = kon_store_open (path, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN);
  g_assert_null (store);
  g_assert_cmpstr (error->message, !=, "");
  assert_folder_unchanged (fixture->dir, before);
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
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(KonPartner) partner = NULL;
  g_autoptr(KonPartner) added = new_partner ("Bø");
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Recorder recorder = { 0 };

  if (!in_unprivileged_child ())
    return;

  dir = g_dir_make_tmp ("kon-store-ro-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "test.db", NULL);
  create_database (path, 50);

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
  g_assert_cmpuint (count (store, &kon_partner_table), ==, 50);
  partners = kon_org_list_partners (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (partners->len, ==, 50);

  /* Writing is refused, and nothing says it changed */
  recorder_init (&recorder, store);
  g_assert_false (kon_store_set_meta (store, "name", "changed", &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_assert_false (kon_store_save (store, &kon_partner_table, added, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (added->revision, ==, 0);

  partner = kon_partner_copy (partners->pdata[0]);
  g_free (partner->region);
  partner->region = g_strdup ("Salten");
  g_assert_false (kon_store_save (store, &kon_partner_table, partner, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  snapshot = kon_store_delete (store, &kon_partner_table, partner->uuid, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY);
  g_assert_null (snapshot);
  g_clear_error (&error);

  g_assert_cmpuint (recorder.changes->len, ==, 0);
  assert_meta (store, "name", "Helsefellesskapet");
  g_assert_cmpuint (count (store, &kon_partner_table), ==, 50);

  g_clear_object (&store);
  assert_folder_unchanged (dir, before);

  recorder_clear (&recorder);
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
  create_database (path, 5);
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

/* Tests: transactions */

typedef struct
{
  guint       n_rows;
  const char *prefix;
  gboolean    fail_at_end;     /* then returns FALSE with a G_IO_ERROR */
  gboolean    invalid_at_end;  /* then saves a row without a name */
  KonPerson  *twin_at_end;     /* then saves a new row with this one's uuid */
  guint       n_changes_seen;  /* KonStore::changed seen while inside */
  Recorder   *recorder;
} AddPersons;

static gboolean
add_persons_cb (KonStore  *store,
                gpointer   user_data,
                GError   **error)
{
  AddPersons *add = user_data;

  for (guint i = 0; i < add->n_rows; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u", add->prefix, i);
      g_autoptr(KonPerson) person = new_person (name, NULL);

      if (!kon_store_save (store, &kon_person_table, person, error))
        return FALSE;
    }

  if (add->recorder != NULL)
    add->n_changes_seen = add->recorder->changes->len;

  if (add->twin_at_end != NULL)
    {
      g_autoptr(KonPerson) twin = kon_person_copy (add->twin_at_end);

      twin->revision = 0;
      return kon_store_save (store, &kon_person_table, twin, error);
    }

  if (add->invalid_at_end)
    {
      g_autoptr(KonPerson) nameless = new_person ("", NULL);

      return kon_store_save (store, &kon_person_table, nameless, error);
    }

  if (add->fail_at_end)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped by the test");
      return FALSE;
    }

  return TRUE;
}

static guint
count_named (KonStore   *store,
             const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = kon_store_list (store, &kon_person_table, NULL, NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < persons->len; i++)
    if (g_str_has_prefix (((KonPerson *) persons->pdata[i])->name, prefix))
      n++;

  return n;
}

static void
test_transaction_rolls_back (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(KonPerson) twin = NULL;
  AddPersons stopped = { 10, "Stopped", TRUE };
  AddPersons invalid = { 3, "Invalid", FALSE, TRUE };
  AddPersons fresh = { 4, "Fresh" };
  AddPersons twins = { 2, "Before twin" };
  Recorder recorder = { 0 };

  create_database (fixture->path, 2);
  store = open_store (fixture->path);
  recorder_init (&recorder, store);

  /* The function gives up after its writes: none of them stays, and
   * nothing says it changed */
  g_assert_false (kon_store_write (store, add_persons_cb, &stopped, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_named (store, "Stopped"), ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 0);

  /* Three new rows, then one that breaks a rule: the three are rolled
   * back with it */
  g_assert_false (kon_store_write (store, add_persons_cb, &invalid, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_named (store, "Invalid"), ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 0);

  /* Two new rows, then a new row whose uuid is taken: refused, and the
   * two go with it */
  twin = new_person ("Twin", NULL);
  save_new (store, &kon_person_table, twin);
  g_array_set_size (recorder.changes, 0);
  twins.twin_at_end = twin;
  g_assert_false (kon_store_write (store, add_persons_cb, &twins, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == KON_STORE_ERROR);
  g_clear_error (&error);
  g_assert_cmpuint (count_named (store, "Twin"), ==, 1);
  g_assert_cmpuint (count_named (store, "Before twin"), ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 0);

  /* The store takes the next transaction as usual */
  g_assert_true (kon_store_write (store, add_persons_cb, &fresh, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.changes->len, ==, 4);
  g_clear_object (&store);

  store = open_store (fixture->path);
  g_assert_cmpuint (count_named (store, "Fresh"), ==, 4);
  g_assert_cmpuint (count_named (store, "Stopped"), ==, 0);
  g_assert_cmpuint (count_named (store, "Invalid"), ==, 0);
  g_assert_cmpuint (count (store, &kon_partner_table), ==, 2);

  recorder_clear (&recorder);
}

typedef struct
{
  AddPersons  inner;
  AddPersons  outer;
  gboolean    inner_result;
  gboolean    outer_fails;
} Nested;

static gboolean
nested_outer_cb (KonStore  *store,
                 gpointer   user_data,
                 GError   **error)
{
  Nested *nested = user_data;
  g_autoptr(GError) inner_error = NULL;

  if (!add_persons_cb (store, &nested->outer, error))
    return FALSE;

  /* Joins this transaction: nothing is committed or announced yet */
  nested->inner_result = kon_store_write (store, add_persons_cb, &nested->inner, &inner_error);
  if (!nested->inner_result)
    {
      g_propagate_error (error, g_steal_pointer (&inner_error));
      return FALSE;
    }

  if (nested->outer_fails)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped by the test");
      return FALSE;
    }

  return TRUE;
}

static void
test_nested_write (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  Recorder recorder = { 0 };
  Nested ok = { { 2, "Inner" }, { 3, "Outer" } };
  Nested outer_fails = { { 2, "Inner B" }, { 3, "Outer B" }, FALSE, TRUE };
  Nested inner_fails = { { 2, "Inner C", TRUE }, { 3, "Outer C" } };

  recorder_init (&recorder, store);
  ok.inner.recorder = ok.outer.recorder = &recorder;

  /* Both commit together, announced after the outer one */
  g_assert_true (kon_store_write (store, nested_outer_cb, &ok, &error));
  g_assert_no_error (error);
  g_assert_true (ok.inner_result);
  g_assert_cmpuint (ok.outer.n_changes_seen, ==, 0);
  g_assert_cmpuint (ok.inner.n_changes_seen, ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 5);
  g_assert_cmpuint (count_named (store, "Inner"), ==, 2);
  g_assert_cmpuint (count_named (store, "Outer"), ==, 3);
  g_array_set_size (recorder.changes, 0);

  /* The outer one fails after the inner one succeeded: neither stays */
  g_assert_false (kon_store_write (store, nested_outer_cb, &outer_fails, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (outer_fails.inner_result);
  g_assert_cmpuint (count_named (store, "Inner B"), ==, 0);
  g_assert_cmpuint (count_named (store, "Outer B"), ==, 0);

  /* The inner one fails: the outer one's writes go too */
  g_assert_false (kon_store_write (store, nested_outer_cb, &inner_fails, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (inner_fails.inner_result);
  g_assert_cmpuint (count_named (store, "Inner C"), ==, 0);
  g_assert_cmpuint (count_named (store, "Outer C"), ==, 0);
  g_assert_cmpuint (recorder.changes->len, ==, 0);

  /* A read inside a write sees the write's own rows */
  g_assert_cmpuint (count_named (store, "Inner"), ==, 2);

  recorder_clear (&recorder);
}

/* Tests: revisions */

static void
test_revisions (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonPerson) kari = new_person ("Kari Nordmann", NULL);
  g_autoptr(KonPerson) first = NULL;
  g_autoptr(KonPerson) second = NULL;
  g_autoptr(KonPerson) read = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;

  /* A new row gets revision 1, each save one more */
  save_new (store, &kon_person_table, kari);
  read = kon_store_get (store, &kon_person_table, kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->revision, ==, 1);

  kari->title = g_strdup ("Kommunedirektør");
  g_assert_true (kon_store_save (store, &kon_person_table, kari, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kari->revision, ==, 2);
  g_clear_pointer (&read, kon_person_free);
  read = kon_store_get (store, &kon_person_table, kari->uuid, &error);
  g_assert_cmpint (read->revision, ==, 2);
  g_assert_cmpstr (read->title, ==, "Kommunedirektør");

  /* Two copies read at revision 2: the first save wins, the second is a
   * conflict that changes nothing, and keeps its revision */
  first = kon_person_copy (read);
  second = kon_person_copy (read);
  g_free (first->title);
  first->title = g_strdup ("Rådmann");
  g_assert_true (kon_store_save (store, &kon_person_table, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first->revision, ==, 3);

  second->phone = g_strdup ("+47 75 00 00 00");
  g_assert_false (kon_store_save (store, &kon_person_table, second, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);
  g_assert_cmpint (second->revision, ==, 2);

  g_clear_pointer (&read, kon_person_free);
  read = kon_store_get (store, &kon_person_table, kari->uuid, &error);
  g_assert_cmpint (read->revision, ==, 3);
  g_assert_cmpstr (read->title, ==, "Rådmann");
  g_assert_null (read->phone);

  /* The same copy saved twice: the second save is based on the first */
  g_free (first->email);
  first->email = g_strdup ("kari@example.no");
  g_assert_true (kon_store_save (store, &kon_person_table, first, &error));
  g_assert_cmpint (first->revision, ==, 4);

  /* An update of a row deleted meanwhile is NOT_FOUND, and makes nothing */
  snapshot = kon_store_delete (store, &kon_person_table, kari->uuid, &error);
  g_assert_no_error (error);
  g_free (first->title);
  first->title = g_strdup ("Ordfører");
  g_assert_false (kon_store_save (store, &kon_person_table, first, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count (store, &kon_person_table), ==, 0);

  /* Getting what is not there */
  g_assert_null (kon_store_get (store, &kon_person_table, kari->uuid, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (kon_store_get (store, &kon_person_table, "not a uuid", &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A row that breaks a rule is refused before it is written */
  g_clear_pointer (&read, kon_person_free);
  read = new_person ("  ", NULL);
  g_assert_false (kon_store_save (store, &kon_person_table, read, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
  g_assert_cmpint (read->revision, ==, 0);
}

/* Tests: KonStore::changed */

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonPartner) bodo = new_partner ("Bodø");
  g_autoptr(KonPerson) kari = NULL;
  g_autoptr(KonBody) ssu = new_body ("SSU", NULL);
  g_autoptr(KonRole) r1 = NULL;
  g_autoptr(KonRole) r2 = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  guint n_person_changes = 0;
  Recorder recorder = { 0 };
  AddPersons stopped = { 3, "Stopped", TRUE };
  Change *c;

  recorder_init (&recorder, store);
  recorder.path = fixture->path;

  /* Insert, update: one each, after the commit */
  save_new (store, &kon_partner_table, bodo);
  assert_changes (&recorder, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_INSERT }, { NULL } });

  g_free (bodo->region);
  bodo->region = g_strdup ("Salten");
  g_assert_true (kon_store_save (store, &kon_partner_table, bodo, &error));
  g_assert_no_error (error);
  assert_changes (&recorder, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_UPDATE }, { NULL } });

  /* The detail is the table */
  kari = new_person ("Kari Nordmann", bodo->uuid);
  g_signal_connect (store, "changed::person", G_CALLBACK (on_count_cb), &n_person_changes);
  save_new (store, &kon_person_table, kari);
  save_new (store, &kon_body_table, ssu);
  g_assert_cmpuint (n_person_changes, ==, 1);
  g_signal_handlers_disconnect_by_func (store, on_count_cb, &n_person_changes);
  assert_changes (&recorder, (Expected[]) {
    { "person", kari->uuid, KON_STORE_CHANGE_INSERT },
    { "body", ssu->uuid, KON_STORE_CHANGE_INSERT },
    { NULL } });

  r1 = new_role (kari->uuid, ssu->uuid);
  r2 = new_role (kari->uuid, ssu->uuid);
  r2->kind = KON_ROLE_KIND_LEADER;
  save_new (store, &kon_role_table, r1);
  save_new (store, &kon_role_table, r2);
  g_array_set_size (recorder.changes, 0);

  /* A failed write says nothing */
  g_assert_false (kon_store_write (store, add_persons_cb, &stopped, &error));
  g_clear_error (&error);
  g_assert_cmpuint (recorder.changes->len, ==, 0);

  /* A delete: one change per row, what went with it first, the row
   * itself last */
  snapshot = kon_store_delete (store, &kon_person_table, kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.changes->len, ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      c = &g_array_index (recorder.changes, Change, i);
      g_assert_cmpstr (c->table, ==, "role");
      g_assert_cmpint (c->change, ==, KON_STORE_CHANGE_DELETE);
      g_assert_true (g_str_equal (c->uuid, r1->uuid) || g_str_equal (c->uuid, r2->uuid));
    }
  g_assert_cmpstr (g_array_index (recorder.changes, Change, 0).uuid, !=,
                   g_array_index (recorder.changes, Change, 1).uuid);
  c = &g_array_index (recorder.changes, Change, 2);
  g_assert_cmpstr (c->table, ==, "person");
  g_assert_cmpstr (c->uuid, ==, kari->uuid);
  g_assert_cmpint (c->change, ==, KON_STORE_CHANGE_DELETE);
  g_array_set_size (recorder.changes, 0);

  /* Undo: the rows come back, each announced as an insert */
  g_assert_true (kon_store_restore (store, snapshot, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (recorder.changes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (g_array_index (recorder.changes, Change, i).change, ==, KON_STORE_CHANGE_INSERT);
  c = &g_array_index (recorder.changes, Change, 0);
  g_assert_cmpstr (c->table, ==, "person");
  g_assert_cmpstr (c->uuid, ==, kari->uuid);
  g_array_set_size (recorder.changes, 0);

  recorder_clear (&recorder);
}

static void
test_changed_bulk (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  Recorder recorder = { 0 };
  AddPersons few = { 5, "Bulk" };
  AddPersons many = { 250, "Many" };

  recorder_init (&recorder, store);

  /* A bulk write is announced as one reload per table it wrote */
  g_assert_true (kon_store_bulk_write (store, add_persons_cb, &few, &error));
  g_assert_no_error (error);
  assert_changes (&recorder, (Expected[]) { { "person", NULL, KON_STORE_CHANGE_RELOAD }, { NULL } });
  g_assert_cmpuint (count_named (store, "Bulk"), ==, 5);

  /* So are very many changes in an ordinary write */
  g_assert_true (kon_store_write (store, add_persons_cb, &many, &error));
  g_assert_no_error (error);
  assert_changes (&recorder, (Expected[]) { { "person", NULL, KON_STORE_CHANGE_RELOAD }, { NULL } });
  g_assert_cmpuint (count_named (store, "Many"), ==, 250);

  recorder_clear (&recorder);
}

/* Another connection's changes (another window, another process) reach
 * a store when it looks, and within a second on its own */
static void
test_changed_other_connection (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) a = open_store (fixture->path);
  g_autoptr(KonStore) b = open_store (fixture->path);
  g_autoptr(KonStore) worker = NULL;
  g_autoptr(KonPartner) bodo = new_partner ("Bodø");
  g_autoptr(KonPartner) bo = new_partner ("Bø");
  g_autoptr(KonSnapshot) snapshot = NULL;
  Recorder ra = { 0 };
  Recorder rb = { 0 };
  Recorder rw = { 0 };
  gint64 deadline;

  recorder_init (&ra, a);
  recorder_init (&rb, b);

  save_new (b, &kon_partner_table, bodo);
  assert_changes (&rb, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_INSERT }, { NULL } });
  g_assert_cmpuint (ra.changes->len, ==, 0);

  kon_store_check_changes (a);
  assert_changes (&ra, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_INSERT }, { NULL } });

  /* Looking again finds nothing new; a's own change is not announced to
   * a twice */
  kon_store_check_changes (a);
  g_assert_cmpuint (ra.changes->len, ==, 0);
  g_free (bodo->region);
  bodo->region = g_strdup ("Salten");
  g_assert_true (kon_store_save (a, &kon_partner_table, bodo, &error));
  g_assert_no_error (error);
  kon_store_check_changes (a);
  assert_changes (&ra, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_UPDATE }, { NULL } });
  kon_store_check_changes (b);
  assert_changes (&rb, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_UPDATE }, { NULL } });

  /* A delete there */
  snapshot = kon_store_delete (b, &kon_partner_table, bodo->uuid, &error);
  g_assert_no_error (error);
  g_array_set_size (rb.changes, 0);
  kon_store_check_changes (a);
  assert_changes (&ra, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_DELETE }, { NULL } });

  /* Without being asked, within a second, while the main loop runs */
  save_new (b, &kon_partner_table, bo);
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (ra.changes->len == 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  assert_changes (&ra, (Expected[]) { { "partner", bo->uuid, KON_STORE_CHANGE_INSERT }, { NULL } });

  /* A worker's connection announces nothing itself; the store it was
   * opened from sees its changes as another connection's */
  worker = kon_store_open_worker (a, &error);
  g_assert_no_error (error);
  recorder_init (&rw, worker);
  g_assert_true (kon_store_restore (worker, snapshot, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rw.changes->len, ==, 0);
  kon_store_check_changes (a);
  assert_changes (&ra, (Expected[]) { { "partner", bodo->uuid, KON_STORE_CHANGE_INSERT }, { NULL } });

  recorder_clear (&ra);
  recorder_clear (&rb);
  recorder_clear (&rw);
}

/* Issue 8, as a new user found it: with the window open, `konsensus
 * --import` in another process changed a person's title; the window kept
 * the old data, and its next edit (the phone number) wrote the old title
 * back.  Now the change reaches the window, and the stale edit is refused */
static void
test_lost_update_between_processes (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) a = open_store (fixture->path);
  g_autoptr(KonStore) b = NULL;
  g_autoptr(KonPerson) kari = new_person ("Kari Nordmann", NULL);
  g_autoptr(KonPerson) shown = NULL;
  g_autoptr(KonPerson) imported = NULL;
  g_autoptr(KonPerson) now = NULL;
  Recorder recorder = { 0 };

  kari->title = g_strdup ("Kommunedirektør");
  save_new (a, &kon_person_table, kari);

  /* The window (store A) shows the person */
  recorder_init (&recorder, a);
  shown = kon_org_get_person (a, kari->uuid, &error);
  g_assert_no_error (error);

  /* The import, on a connection of its own, changes the title */
  b = open_store (fixture->path);
  imported = kon_org_get_person (b, kari->uuid, &error);
  g_assert_no_error (error);
  g_free (imported->title);
  imported->title = g_strdup ("Kommunalsjef helse");
  g_assert_true (kon_org_save_person (b, imported, &error));
  g_assert_no_error (error);
  g_clear_object (&b);

  /* The window hears of it */
  kon_store_check_changes (a);
  assert_changes (&recorder, (Expected[]) { { "person", kari->uuid, KON_STORE_CHANGE_UPDATE }, { NULL } });

  /* Its edit of the old copy is refused, not written over the import */
  shown->phone = g_strdup ("+47 75 00 00 00");
  g_assert_false (kon_org_save_person (a, shown, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (recorder.changes->len, ==, 0);

  now = kon_org_get_person (a, kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (now->title, ==, "Kommunalsjef helse");
  g_assert_null (now->phone);

  /* Reloaded, the edit goes through and keeps the import's title */
  now->phone = g_strdup ("+47 75 00 00 00");
  g_assert_true (kon_org_save_person (a, now, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, kon_person_free);
  now = kon_org_get_person (a, kari->uuid, &error);
  g_assert_cmpstr (now->title, ==, "Kommunalsjef helse");
  g_assert_cmpstr (now->phone, ==, "+47 75 00 00 00");

  recorder_clear (&recorder);
}

/* The same, with the import in a real other process, and the window
 * left to notice on its own */
static void
test_lost_update_other_process (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) a = open_store (fixture->path);
  g_autoptr(KonPerson) kari = new_person ("Kari Nordmann", NULL);
  g_autoptr(KonPerson) shown = NULL;
  g_autoptr(KonPerson) now = NULL;
  Recorder recorder = { 0 };
  gint64 deadline;
  int status = 0;
  pid_t pid;

  kari->title = g_strdup ("Kommunedirektør");
  save_new (a, &kon_person_table, kari);
  recorder_init (&recorder, a);
  shown = kon_org_get_person (a, kari->uuid, &error);
  g_assert_no_error (error);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* Nothing of the parent's connection is touched here */
      KonStore *b = kon_store_open (fixture->path, NULL);
      KonPerson *imported = b != NULL ? kon_org_get_person (b, kari->uuid, NULL) : NULL;
      gboolean ok;

      if (imported == NULL)
        _exit (1);
      g_free (imported->title);
      imported->title = g_strdup ("Kommunalsjef helse");
      ok = kon_org_save_person (b, imported, NULL);
      _exit (ok ? 0 : 2);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* The window hears of it on its own, within a second, while its main
   * loop runs */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (recorder.changes->len == 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  assert_changes (&recorder, (Expected[]) { { "person", kari->uuid, KON_STORE_CHANGE_UPDATE }, { NULL } });

  shown->phone = g_strdup ("+47 75 00 00 00");
  g_assert_false (kon_org_save_person (a, shown, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  now = kon_org_get_person (a, kari->uuid, &error);
  g_assert_cmpstr (now->title, ==, "Kommunalsjef helse");
  g_assert_null (now->phone);

  recorder_clear (&recorder);
}

/* Tests: settings */

static void
test_meta (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonStore) other = NULL;

  assert_meta (store, "name", NULL);
  g_assert_true (kon_store_set_meta (store, "name", "Helsefellesskap Helgeland", &error));
  g_assert_no_error (error);
  assert_meta (store, "name", "Helsefellesskap Helgeland");
  g_assert_true (kon_store_set_meta (store, "name", "Æ Ø Å «sitat» \"anførsel\"", &error));
  assert_meta (store, "name", "Æ Ø Å «sitat» \"anførsel\"");
  g_assert_true (kon_store_set_meta (store, "empty", "", &error));
  assert_meta (store, "empty", "");
  assert_meta (store, "Name", NULL);

  /* Another connection sees them */
  other = open_store (fixture->path);
  assert_meta (other, "name", "Æ Ø Å «sitat» \"anførsel\"");
  assert_meta (other, "empty", "");
}

/* Tests: reading */

static void
test_list_order (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char *names[] = {
    /* as the locale sorts them: Æ Ø Å after Z, "Bodø" before "Bø" */
    "Andøy", "Bodø", "Bø", "Vågan", "Zeta", "Ærø", "Øksnes", "Ålesund", NULL
  };
  static const char *shuffled[] = {
    "Ålesund", "Øksnes", "Bø", "Zeta", "Andøy", "Ærø", "Vågan", "Bodø", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_partner_free);
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GPtrArray) many = NULL;
  g_autoptr(GPtrArray) of_bodo = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *missing = g_uuid_string_random ();
  KonPartner *bodo = NULL;
  KonPartner *bo = NULL;
  const char *wanted[4];

  for (guint i = 0; shuffled[i] != NULL; i++)
    {
      KonPartner *partner = new_partner (shuffled[i]);

      save_new (store, &kon_partner_table, partner);
      g_ptr_array_add (saved, partner);
      if (g_str_equal (shuffled[i], "Bodø"))
        bodo = partner;
      if (g_str_equal (shuffled[i], "Bø"))
        bo = partner;
    }

  /* kon_store_list and kon_store_list_uuids: the same display order */
  partners = kon_store_list (store, &kon_partner_table, NULL, NULL, &error);
  g_assert_no_error (error);
  uuids = kon_store_list_uuids (store, &kon_partner_table, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (partners->len, ==, g_strv_length ((char **) names));
  g_assert_cmpuint (uuids->len, ==, partners->len);
  g_assert_cmpuint (count (store, &kon_partner_table), ==, partners->len);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_cmpstr (((KonPartner *) partners->pdata[i])->short_name, ==, names[i]);
      g_assert_cmpstr (uuids->pdata[i], ==, ((KonPartner *) partners->pdata[i])->uuid);
      g_assert_cmpint (((KonPartner *) partners->pdata[i])->revision, ==, 1);
    }
  g_clear_pointer (&uuids, g_ptr_array_unref);
  uuids = kon_store_list_uuids (store, &kon_partner_table, "   ", &error);
  g_assert_cmpuint (uuids->len, ==, partners->len);
  g_assert_cmpstr (uuids->pdata[0], ==, ((KonPartner *) partners->pdata[0])->uuid);

  /* A renamed row moves to its new place */
  g_free (bo->short_name);
  bo->short_name = g_strdup ("Øygarden");
  g_assert_true (kon_store_save (store, &kon_partner_table, bo, &error));
  g_clear_pointer (&partners, g_ptr_array_unref);
  partners = kon_store_list (store, &kon_partner_table, NULL, NULL, &error);
  g_assert_cmpstr (((KonPartner *) partners->pdata[2])->short_name, ==, "Vågan");
  g_assert_cmpstr (((KonPartner *) partners->pdata[5])->short_name, ==, "Øksnes");
  g_assert_cmpstr (((KonPartner *) partners->pdata[6])->short_name, ==, "Øygarden");

  /* get_many: the rows that exist, in the order asked */
  wanted[0] = bo->uuid;
  wanted[1] = missing;
  wanted[2] = bodo->uuid;
  wanted[3] = bo->uuid;
  many = kon_store_get_many (store, &kon_partner_table, wanted, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (many->len, ==, 2);
  g_assert_cmpstr (((KonPartner *) many->pdata[0])->uuid, ==, bo->uuid);
  g_assert_cmpstr (((KonPartner *) many->pdata[1])->uuid, ==, bodo->uuid);
  g_assert_true (kon_table_row_equal (&kon_partner_table, many->pdata[0], bo));

  /* By a reference: the persons of a partner, by name */
  for (guint i = 0; shuffled[i] != NULL; i++)
    {
      g_autoptr(KonPerson) person = new_person (shuffled[i], i % 2 == 0 ? bodo->uuid : NULL);

      save_new (store, &kon_person_table, person);
    }
  of_bodo = kon_store_list (store, &kon_person_table, "partner", bodo->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_bodo->len, ==, 4);
  g_assert_cmpuint (kon_store_count (store, &kon_person_table, "partner", bodo->uuid, &error), ==, 4);
  g_assert_cmpstr (((KonPerson *) of_bodo->pdata[0])->name, ==, "Andøy");
  g_assert_cmpstr (((KonPerson *) of_bodo->pdata[1])->name, ==, "Bø");
  g_assert_cmpstr (((KonPerson *) of_bodo->pdata[2])->name, ==, "Vågan");
  g_assert_cmpstr (((KonPerson *) of_bodo->pdata[3])->name, ==, "Ålesund");
  none = kon_store_list (store, &kon_person_table, "partner", missing, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (count (store, &kon_person_table), ==, 8);
}

/* Inside kon_store_read(): one consistent snapshot, even while another
 * connection writes */
typedef struct
{
  const char *path;
  guint       before;
  guint       after;
} ReadTwice;

static gboolean
read_twice_cb (KonStore  *store,
               gpointer   user_data,
               GError   **error)
{
  ReadTwice *read = user_data;
  g_autoptr(KonStore) other = open_store (read->path);
  g_autoptr(KonPartner) partner = new_partner ("Meanwhile");

  read->before = kon_store_count (store, &kon_partner_table, NULL, NULL, error);
  save_new (other, &kon_partner_table, partner);
  read->after = kon_store_count (store, &kon_partner_table, NULL, NULL, error);

  return TRUE;
}

static void
test_read_snapshot (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  ReadTwice read = { fixture->path };
  g_autoptr(KonStore) store = NULL;

  create_database (fixture->path, 3);
  store = open_store (fixture->path);
  g_assert_true (kon_store_read (store, read_twice_cb, &read, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (read.before, ==, 3);
  g_assert_cmpuint (read.after, ==, 3);
  g_assert_cmpuint (count (store, &kon_partner_table), ==, 4);
}

/* Tests: deleting and Undo */

typedef struct
{
  KonPartner *bodo;
  KonPerson  *kari;
  KonPerson  *anne;
  KonBody    *pm;
  KonBody    *ssu;
  KonBody    *ksu;
  KonBody    *group;
  KonRole    *kari_ssu;
  KonRole    *kari_pm;
  KonRole    *anne_ksu;
} Org;

static void
org_build (KonStore *store,
           Org      *org)
{
  org->bodo = new_partner ("Bodø");
  save_new (store, &kon_partner_table, org->bodo);
  org->kari = new_person ("Kari Nordmann", org->bodo->uuid);
  save_new (store, &kon_person_table, org->kari);
  org->anne = new_person ("Anne Hansen", org->bodo->uuid);
  save_new (store, &kon_person_table, org->anne);
  org->pm = new_body ("Partnerskapsmøtet", NULL);
  save_new (store, &kon_body_table, org->pm);
  org->ssu = new_body ("SSU", org->pm->uuid);
  save_new (store, &kon_body_table, org->ssu);
  org->ksu = new_body ("KSU", org->ssu->uuid);
  save_new (store, &kon_body_table, org->ksu);
  org->group = new_body ("Arbeidsgruppe", org->ssu->uuid);
  save_new (store, &kon_body_table, org->group);
  org->kari_ssu = new_role (org->kari->uuid, org->ssu->uuid);
  org->kari_ssu->represents = KON_REPRESENTS_PARTNER;
  org->kari_ssu->partner_uuid = g_strdup (org->bodo->uuid);
  org->kari_ssu->side = KON_SIDE_MUNICIPAL;
  save_new (store, &kon_role_table, org->kari_ssu);
  org->kari_pm = new_role (org->kari->uuid, org->pm->uuid);
  save_new (store, &kon_role_table, org->kari_pm);
  org->anne_ksu = new_role (org->anne->uuid, org->ksu->uuid);
  save_new (store, &kon_role_table, org->anne_ksu);
}

static void
org_clear (Org *org)
{
  kon_partner_free (org->bodo);
  kon_person_free (org->kari);
  kon_person_free (org->anne);
  kon_body_free (org->pm);
  kon_body_free (org->ssu);
  kon_body_free (org->ksu);
  kon_body_free (org->group);
  kon_role_free (org->kari_ssu);
  kon_role_free (org->kari_pm);
  kon_role_free (org->anne_ksu);
}

/* Every row of every table, as JSON (revisions left out: a restored row
 * is written again) */
static char *
dump_rows (KonStore *store)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GString *out = g_string_new (NULL);
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = kon_store_list (store, tables[t], NULL, NULL, &error);

      g_assert_no_error (error);
      g_string_append_printf (out, "-- %s\n", tables[t]->name);
      for (guint i = 0; i < rows->len; i++)
        {
          g_autoptr(JsonNode) node = kon_table_row_to_json (tables[t], rows->pdata[i]);
          g_autofree char *text = NULL;

          json_generator_set_root (generator, node);
          text = json_generator_to_data (generator, NULL);
          g_string_append_printf (out, "%s\n", text);
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
exists (KonStore       *store,
        const KonTable *table,
        const char     *uuid)
{
  g_autoptr(GError) error = NULL;
  gpointer row = kon_store_get (store, table, uuid, &error);

  if (row == NULL)
    {
      g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
      return FALSE;
    }

  kon_table_row_free (table, row);
  return TRUE;
}

static void
test_delete_cascade (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonSnapshot) plan = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonSnapshot) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *missing = g_uuid_string_random ();
  Org org;

  org_build (store, &org);
  before = dump_rows (store);

  /* The plan says what goes, and deletes nothing */
  plan = kon_store_plan_delete (store, &kon_person_table, org.kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_snapshot_count_removed (plan, &kon_person_table), ==, 1);
  g_assert_cmpuint (kon_snapshot_count_removed (plan, &kon_role_table), ==, 2);
  g_assert_cmpuint (kon_snapshot_count_changed (plan, &kon_role_table), ==, 0);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  /* A person's roles go with the person; no one else's */
  snapshot = kon_store_delete (store, &kon_person_table, org.kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_snapshot_count_removed (snapshot, &kon_person_table), ==, 1);
  g_assert_cmpuint (kon_snapshot_count_removed (snapshot, &kon_role_table), ==, 2);
  g_assert_false (exists (store, &kon_person_table, org.kari->uuid));
  g_assert_false (exists (store, &kon_role_table, org.kari_ssu->uuid));
  g_assert_false (exists (store, &kon_role_table, org.kari_pm->uuid));
  g_assert_true (exists (store, &kon_role_table, org.anne_ksu->uuid));
  g_assert_cmpuint (count (store, &kon_role_table), ==, 1);

  /* Undo puts back exactly what was there; a second time is refused and
   * changes nothing */
  g_assert_true (kon_store_restore (store, snapshot, &error));
  g_assert_no_error (error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);
  g_assert_false (kon_store_restore (store, snapshot, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  /* What is not there */
  again = kon_store_delete (store, &kon_person_table, missing, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_assert_null (again);
  g_clear_error (&error);
  again = kon_store_plan_delete (store, &kon_person_table, missing, &error);
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND);
  g_assert_null (again);

  org_clear (&org);
}

static void
test_delete_set_null (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonSnapshot) plan = NULL;
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonPerson) kari = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Org org;

  org_build (store, &org);
  before = dump_rows (store);

  /* The partner's persons stay, without it; its roles go */
  plan = kon_store_plan_delete (store, &kon_partner_table, org.bodo->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_snapshot_count_removed (plan, &kon_partner_table), ==, 1);
  g_assert_cmpuint (kon_snapshot_count_removed (plan, &kon_role_table), ==, 1);
  g_assert_cmpuint (kon_snapshot_count_changed (plan, &kon_person_table), ==, 2);
  g_assert_cmpuint (kon_snapshot_count_removed (plan, &kon_person_table), ==, 0);

  snapshot = kon_store_delete (store, &kon_partner_table, org.bodo->uuid, &error);
  g_assert_no_error (error);
  kari = kon_store_get (store, &kon_person_table, org.kari->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (kari->partner_uuid);
  g_assert_cmpint (kari->revision, ==, 2);
  g_assert_false (exists (store, &kon_role_table, org.kari_ssu->uuid));
  g_assert_true (exists (store, &kon_role_table, org.kari_pm->uuid));

  g_assert_true (kon_store_restore (store, snapshot, &error));
  g_assert_no_error (error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);

  org_clear (&org);
}

/* A seat goes with its body; a role that fills it goes with the body too
 * (it is not also changed); a seat deleted alone leaves its holder's role
 * without a seat; Undo puts back each */
static void
test_delete_seats (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonSeat) seat = kon_seat_new ();
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonRole) kari_ssu = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Org org;

  org_build (store, &org);
  g_free (seat->body_uuid);
  seat->body_uuid = g_strdup (org.ssu->uuid);
  g_free (seat->name);
  seat->name = g_strdup ("Salten 1");
  seat->kind = KON_ROLE_KIND_MEMBER;
  seat->side = KON_SIDE_MUNICIPAL;
  save_new (store, &kon_seat_table, seat);
  org.kari_ssu->seat_uuid = g_strdup (seat->uuid);
  g_assert_true (kon_store_save (store, &kon_role_table, org.kari_ssu, &error));
  g_assert_no_error (error);
  before = dump_rows (store);

  snapshot = kon_store_delete (store, &kon_body_table, org.ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_snapshot_count_removed (snapshot, &kon_seat_table), ==, 1);
  g_assert_cmpuint (kon_snapshot_count_removed (snapshot, &kon_role_table), ==, 1);
  g_assert_cmpuint (kon_snapshot_count_changed (snapshot, &kon_role_table), ==, 0);
  g_assert_false (exists (store, &kon_seat_table, seat->uuid));
  g_assert_false (exists (store, &kon_role_table, org.kari_ssu->uuid));
  g_assert_true (kon_store_restore (store, snapshot, &error));
  g_assert_no_error (error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);
  g_clear_pointer (&snapshot, kon_snapshot_free);

  /* A role in the KSU cannot fill a seat of the SSU */
  {
    g_autoptr(KonRole) other = kon_role_copy (org.anne_ksu);

    other->seat_uuid = g_strdup (seat->uuid);
    g_assert_false (kon_org_save_role (store, other, &error));
    g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Salten 1"));
    g_clear_error (&error);
  }

  snapshot = kon_store_delete (store, &kon_seat_table, seat->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_snapshot_count_changed (snapshot, &kon_role_table), ==, 1);
  kari_ssu = kon_store_get (store, &kon_role_table, org.kari_ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (kari_ssu->seat_uuid);
  g_assert_true (kon_store_restore (store, snapshot, &error));
  g_assert_no_error (error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);

  org_clear (&org);
}

static void
test_delete_reparent (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonSnapshot) top = NULL;
  g_autoptr(KonBody) ksu = NULL;
  g_autoptr(KonBody) group = NULL;
  g_autoptr(KonBody) ssu = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Org org;

  org_build (store, &org);
  before = dump_rows (store);

  /* The sub-bodies move up under the deleted body's parent, with their
   * roles; the body's own roles go */
  snapshot = kon_store_delete (store, &kon_body_table, org.ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kon_snapshot_count_removed (snapshot, &kon_body_table), ==, 1);
  g_assert_cmpuint (kon_snapshot_count_changed (snapshot, &kon_body_table), ==, 2);
  g_assert_cmpuint (kon_snapshot_count_removed (snapshot, &kon_role_table), ==, 1);
  ksu = kon_store_get (store, &kon_body_table, org.ksu->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ksu->parent_uuid, ==, org.pm->uuid);
  group = kon_store_get (store, &kon_body_table, org.group->uuid, &error);
  g_assert_cmpstr (group->parent_uuid, ==, org.pm->uuid);
  g_assert_true (exists (store, &kon_role_table, org.anne_ksu->uuid));
  g_assert_false (exists (store, &kon_role_table, org.kari_ssu->uuid));
  g_assert_true (exists (store, &kon_role_table, org.kari_pm->uuid));

  g_assert_true (kon_store_restore (store, snapshot, &error));
  g_assert_no_error (error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&after, g_free);

  /* A top-level body: its sub-bodies move to the top level */
  top = kon_store_delete (store, &kon_body_table, org.pm->uuid, &error);
  g_assert_no_error (error);
  ssu = kon_store_get (store, &kon_body_table, org.ssu->uuid, &error);
  g_assert_no_error (error);
  g_assert_null (ssu->parent_uuid);
  g_clear_pointer (&ksu, kon_body_free);
  ksu = kon_store_get (store, &kon_body_table, org.ksu->uuid, &error);
  g_assert_cmpstr (ksu->parent_uuid, ==, org.ssu->uuid);
  g_assert_true (kon_store_restore (store, top, &error));
  g_assert_no_error (error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);

  org_clear (&org);
}

/* Undo after someone changed a row the delete had changed: refused,
 * and nothing is put back (their change is kept) */
static void
test_restore_conflict (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = open_store (fixture->path);
  g_autoptr(KonStore) other = open_store (fixture->path);
  g_autoptr(KonSnapshot) snapshot = NULL;
  g_autoptr(KonPerson) anne = NULL;
  g_autoptr(KonPerson) read = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Org org;

  org_build (store, &org);

  snapshot = kon_store_delete (store, &kon_partner_table, org.bodo->uuid, &error);
  g_assert_no_error (error);

  /* Another window gives Anne a title meanwhile */
  anne = kon_store_get (other, &kon_person_table, org.anne->uuid, &error);
  g_assert_no_error (error);
  anne->title = g_strdup ("Fagsjef");
  g_assert_true (kon_store_save (other, &kon_person_table, anne, &error));
  g_assert_no_error (error);

  before = dump_rows (store);
  g_assert_false (kon_store_restore (store, snapshot, &error));
  g_assert_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  after = dump_rows (store);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (exists (store, &kon_partner_table, org.bodo->uuid));
  g_assert_false (exists (store, &kon_role_table, org.kari_ssu->uuid));
  read = kon_store_get (store, &kon_person_table, org.anne->uuid, &error);
  g_assert_cmpstr (read->title, ==, "Fagsjef");
  g_assert_null (read->partner_uuid);

  org_clear (&org);
}

int
main (int   argc,
      char *argv[])
{
  /* The display order is the locale's: Æ Ø Å after Z */
  if (setlocale (LC_ALL, "nb_NO.UTF-8") == NULL)
    g_printerr ("the nb_NO.UTF-8 locale is missing: run ./build-aux/dev setup\n");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* The messages are the English source strings */
  g_setenv ("LANGUAGE", "C", TRUE);

  if (setlocale (LC_COLLATE, NULL) == NULL || !g_str_has_prefix (setlocale (LC_COLLATE, NULL), "nb_NO"))
    {
      g_test_message ("the nb_NO.UTF-8 locale is missing: run ./build-aux/dev setup");
      return 1;
    }

#define ADD(name, func) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/store/new/default-path", test_new_default);
  ADD ("new/other-path", test_new_other_path);
  ADD ("new/in-thread", test_opening_in_thread);
  ADD ("reopen-keeps-data", test_reopen_keeps_data);
  ADD ("locks-kept-for-other-processes", test_locks_kept);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strconcat ("/store/refused/", bad_files[i].name, NULL);

      g_test_add (path, Fixture, &bad_files[i], fixture_set_up, test_bad_file, fixture_tear_down);
    }
  ADD ("refused/newer-version-while-open", test_newer_version_while_open);
  ADD ("refused/folder", test_folder_refused);
  ADD ("refused/folder-cannot-be-created", test_folder_cannot_be_created);
  ADD ("refused/in-thread", test_opening_in_thread_refused);

  g_test_add_data_func ("/store/read-only/file", GINT_TO_POINTER (READ_ONLY_FILE), test_read_only);
  g_test_add_data_func ("/store/read-only/folder", GINT_TO_POINTER (READ_ONLY_FOLDER), test_read_only);
  g_test_add_func ("/store/read-only/unreadable", test_unreadable);

  ADD ("write/transaction-rolls-back", test_transaction_rolls_back);
  ADD ("write/nested-joins-outer", test_nested_write);
  ADD ("write/revisions", test_revisions);
  ADD ("write/read-snapshot", test_read_snapshot);
  ADD ("meta", test_meta);

  ADD ("changed/rows", test_changed_signal);
  ADD ("changed/bulk-reload", test_changed_bulk);
  ADD ("changed/other-connection", test_changed_other_connection);
  ADD ("changed/lost-update-between-processes", test_lost_update_between_processes);
  ADD ("changed/lost-update-other-process", test_lost_update_other_process);

  ADD ("read/order", test_list_order);

  ADD ("delete/cascade", test_delete_cascade);
  ADD ("delete/set-null", test_delete_set_null);
  ADD ("delete/reparent", test_delete_reparent);
  ADD ("delete/seats", test_delete_seats);
  ADD ("delete/restore-conflict", test_restore_conflict);

#undef ADD

  return g_test_run ();
}
