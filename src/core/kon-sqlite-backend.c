/* kon-store.c: the one owner of the SQLite connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a database is done in two phases.  First the file is looked at
 * through a read-only connection: is it SQLite at all, is it ours
 * (PRAGMA application_id), is it from a newer Konsensus (PRAGMA
 * user_version), does it pass PRAGMA quick_check.  Only a file that passes
 * is opened for writing, so a file we refuse is left byte-for-byte as it
 * was.  Then the connection is configured (WAL, synchronous=FULL, foreign
 * keys, busy timeout) and migrated, one transaction per schema step.
 *
 * A file with no -wal or -journal beside it is read as immutable, so that
 * looking at it (to refuse it, or to show it read-only) does not leave a
 * -shm or -wal file beside it either.  A new database that cannot be made
 * (a full disk) is removed again, so nothing half-written stays.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kon-store-private.h"

#define SQLITE_MAGIC "SQLite format 3"
#define SQLITE_HEADER_SIZE 100
#define BUSY_TIMEOUT_MS 5000

struct _KonStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* const char *sql → sqlite3_stmt* */
  int         schema_version;
  guint       read_only : 1;
  guint       in_transaction : 1;
};

G_DEFINE_FINAL_TYPE (KonStore, kon_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kon-store-error-quark, kon_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Set by tests only, see _kon_store_set_schema_steps() */
static const KonSchemaStep *test_steps;
static guint n_test_steps;

/* Helpers */

static const KonSchemaStep *
get_schema_steps (guint *n_steps)
{
  if (test_steps != NULL)
    {
      *n_steps = n_test_steps;
      return test_steps;
    }

  return _kon_schema_get_steps (n_steps);
}

static gboolean
errno_is_disk_full (int saved_errno)
{
#ifdef EDQUOT
  if (saved_errno == EDQUOT)
    return TRUE;
#endif

  return saved_errno == ENOSPC;
}

void
_kon_store_set_error (GError  **error,
                      sqlite3  *db,
                      int       rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int system_errno = db != NULL ? sqlite3_system_errno (db) : 0;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL,
                   _("The disk is full, so the change could not be saved. Nothing was changed. "
                     "Free some space and try again."));
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY,
                   _("The database is read-only, so the change could not be saved."));
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CORRUPT,
                   _("The database file is damaged (%s). Restore it from a backup copy, "
                     "or open another database."), detail);
      break;

    case SQLITE_IOERR:
      /* A write on a full disk fails as an I/O error (or as SQLITE_FULL);
       * the error number of the failed system call tells which. */
      if (errno_is_disk_full (system_errno))
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL,
                     _("The disk is full, so the change could not be saved. Nothing was changed. "
                       "Free some space and try again."));
      else if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC)
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL,
                     _("The change could not be written to disk (%s). Nothing was changed. "
                       "Check that the disk has free space and try again."), detail);
      else
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_FAILED,
                     _("Reading or writing the database failed (%s)."), detail);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN,
                   _("The database file could not be opened (%s). Check that it exists and "
                     "that you may read it, or open another database."), detail);
      break;

    default:
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_FAILED,
                   _("A database operation failed (%s)."), detail);
      break;
    }
}

/* Runs every statement of a fixed script (no parameters), one at a time.
 * Used for schema steps, which are constants in this program. */
gboolean
_kon_store_run_script (sqlite3     *db,
                       const char  *script,
                       GError     **error)
{
  const char *tail = script;

  while (tail != NULL && *tail != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *next = NULL;
      int rc;

      rc = sqlite3_prepare_v2 (db, tail, -1, &stmt, &next);
      if (rc != SQLITE_OK)
        {
          _kon_store_set_error (error, db, rc);
          return FALSE;
        }

      if (stmt != NULL)
        {
          do
            rc = sqlite3_step (stmt);
          while (rc == SQLITE_ROW);

          sqlite3_finalize (stmt);

          if (rc != SQLITE_DONE)
            {
              _kon_store_set_error (error, db, rc);
              return FALSE;
            }
        }

      tail = next;
    }

  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           int         *out_value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    _kon_store_set_error (error, db, rc);

  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

/* Reads the header of the file: anything that is not empty and does not
 * start with the SQLite header is some other kind of file, and so is a
 * SQLite file marked with another program's application_id. */
static gboolean
file_looks_like_ours (const char  *path,
                      gboolean    *out_empty,
                      GError     **error)
{
  guint8 header[SQLITE_HEADER_SIZE] = { 0 };
  guint32 application_id;
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN,
                   _("The database file could not be opened (%s). Check that it exists and "
                     "that you may read it, or open another database."),
                   g_strerror (saved_errno));
      return FALSE;
    }

  n = read (fd, header, sizeof header);
  close (fd);

  *out_empty = (n == 0);

  if (n == 0)
    return TRUE;

  if (n < (ssize_t) sizeof header || memcmp (header, SQLITE_MAGIC, sizeof SQLITE_MAGIC) != 0)
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_KONSENSUS,
                   _("This file is not a Konsensus database, and it was left as it was. "
                     "Open another database, or create a new one."));
      return FALSE;
    }

  /* Big-endian, at offset 68 of the header */
  application_id = ((guint32) header[68] << 24 | (guint32) header[69] << 16 |
                    (guint32) header[70] << 8 | (guint32) header[71]);

  if (application_id != 0 && application_id != KON_STORE_APPLICATION_ID)
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_KONSENSUS,
                   _("This file is a database of another program, not of Konsensus, "
                     "and it was left as it was. Open another database, or create a new one."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
path_is_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  /* Writing needs the file and, for the journal and the WAL, its folder */
  return g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0;
}

static gboolean
has_sidecar (const char *path,
             const char *suffix)
{
  g_autofree char *sidecar = g_strconcat (path, suffix, NULL);

  return g_file_test (sidecar, G_FILE_TEST_EXISTS);
}

/* A database with no -wal and no -journal file beside it holds all of its
 * content in the file itself.  Reading it as immutable then gives exactly
 * that content, and creates no -shm or -wal file beside it: a file that is
 * only looked at is left as it was, and so is its folder. */
static gboolean
can_read_as_immutable (const char *path)
{
  return !has_sidecar (path, "-wal") && !has_sidecar (path, "-journal");
}

/* When the -shm file cannot be made (a read-only folder), a database can
 * still be read as immutable, unless its -wal file holds changes that are
 * not yet in the database file: reading it as immutable would miss them. */
static gboolean
wal_is_empty (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) != 0 || st.st_size == 0;
}

static void
set_unreadable_wal_error (GError     **error,
                          const char  *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *wal_name = g_path_get_basename (wal);

  g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY,
               _("The database cannot be read: changes to it wait in the file “%s” beside it, "
                 "and they can only be read from a folder you may write to. It was left as it was. "
                 "Ask for write access to the folder, or open another database."),
               wal_name);
}

static char *
database_uri (const char  *path,
              gboolean     immutable,
              GError     **error)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, error);

  if (uri == NULL || !immutable)
    return g_steal_pointer (&uri);

  return g_strconcat (uri, "?immutable=1", NULL);
}

/* The first line of what PRAGMA quick_check found, without SQLite's
 * "*** in database main ***" heading */
static char *
quick_check_problem (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    result = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  if (g_strcmp0 (result, "ok") == 0)
    return NULL;

  if (result == NULL)
    return g_strdup (sqlite3_errstr (rc));

  if (g_str_has_prefix (result, "*** ") && strchr (result, '\n') != NULL)
    {
      char *line = strchr (result, '\n') + 1;
      char *end = strchr (line, '\n');

      return end != NULL ? g_strndup (line, end - line) : g_strdup (line);
    }

  return g_steal_pointer (&result);
}

/* Phase one: looks at the file without changing it.  Sets @out_version to
 * the schema version found (0 for a new, empty database). */
static gboolean
inspect_database (const char  *path,
                  gboolean     immutable,
                  int         *out_version,
                  GError     **error)
{
  g_autofree char *uri = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = NULL;
  int application_id = 0;
  int version = 0;
  int n_objects = 0;
  int rc;

  uri = database_uri (path, immutable, error);
  if (uri == NULL)
    return FALSE;

  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      _kon_store_set_error (error, db, rc);
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_extended_result_codes (db, TRUE);

  if (!query_int (db, "PRAGMA application_id", &application_id, &local_error) ||
      !query_int (db, "PRAGMA user_version", &version, &local_error) ||
      !query_int (db, "SELECT count(*) FROM sqlite_schema", &n_objects, &local_error))
    {
      sqlite3_close (db);

      if ((g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN) ||
           g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY)) &&
          !immutable)
        {
          /* A WAL database in a read-only folder cannot create its -shm
           * file; look at it as immutable instead. */
          if (!wal_is_empty (path))
            {
              set_unreadable_wal_error (error, path);
              return FALSE;
            }

          return inspect_database (path, TRUE, out_version, error);
        }

      if (g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_CORRUPT))
        {
          g_clear_error (&local_error);
          g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CORRUPT,
                       _("The database file is damaged and cannot be used. It was left as it was. "
                         "Restore it from a backup copy, or open another database."));
          return FALSE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (application_id != KON_STORE_APPLICATION_ID &&
      !(application_id == 0 && n_objects == 0))
    {
      sqlite3_close (db);
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_KONSENSUS,
                   _("This file is a database of another program, not of Konsensus, "
                     "and it was left as it was. Open another database, or create a new one."));
      return FALSE;
    }

  if (version > kon_store_get_latest_version ())
    {
      sqlite3_close (db);
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NEWER_VERSION,
                   _("This database was written by a newer version of Konsensus "
                     "(database version %d; this version reads up to %d), "
                     "and it was left as it was. Update Konsensus to open it, "
                     "or open another database."),
                   version, kon_store_get_latest_version ());
      return FALSE;
    }

  if (n_objects > 0)
    problem = quick_check_problem (db);

  sqlite3_close (db);

  if (problem != NULL)
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CORRUPT,
                   _("The database file is damaged and cannot be used (%s). It was left as it was. "
                     "Restore it from a backup copy, or open another database."),
                   problem);
      return FALSE;
    }

  *out_version = version;

  return TRUE;
}

static gboolean
create_empty_file (const char  *path,
                   GError     **error)
{
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (errno_is_disk_full (saved_errno))
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL,
                     _("The disk is full, so the database could not be created. "
                       "Free some space, or create the database on another disk."));
      else
        g_set_error (error, KON_STORE_ERROR,
                     saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS
                       ? KON_STORE_ERROR_READ_ONLY : KON_STORE_ERROR_CANNOT_OPEN,
                     _("The database “%s” could not be created (%s). "
                       "Create it in another folder, or open another database."),
                     path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);

  return TRUE;
}

/* Removes what a failed kon_store_open() created, so that nothing
 * half-written is left behind. */
static void
remove_created_database (const char *path,
                         gboolean    created_folder)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *sidecar = g_strconcat (path, suffixes[i], NULL);
      g_unlink (sidecar);
    }

  g_unlink (path);

  if (created_folder)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_rmdir (dir);   /* only if it is still empty */
    }
}

static gboolean
migrate (KonStore  *self,
         GError   **error)
{
  const KonSchemaStep *steps;
  guint n_steps;

  steps = get_schema_steps (&n_steps);

  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *set_version = NULL;
      g_autofree char *set_application_id = NULL;

      if (steps[i].version <= self->schema_version)
        continue;

      /* PRAGMAs take no parameters; both numbers are constants of this
       * program, not user data. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", steps[i].version);
      set_application_id = g_strdup_printf ("PRAGMA application_id = %d", KON_STORE_APPLICATION_ID);

      if (!_kon_store_run_script (self->db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (self->schema_version == 0 &&
          !_kon_store_run_script (self->db, set_application_id, error))
        goto failed;

      if (!_kon_store_run_script (self->db, steps[i].sql, error) ||
          !_kon_store_run_script (self->db, set_version, error) ||
          !_kon_store_run_script (self->db, "COMMIT", error))
        goto failed;

      self->schema_version = steps[i].version;
      continue;

    failed:
      _kon_store_run_script (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

/* GObject */

static void
kon_store_finalize (GObject *object)
{
  KonStore *self = (KonStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kon_store_parent_class)->finalize (object);
}

static void
kon_store_class_init (KonStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kon_store_finalize;

  /**
   * KonStore::changed:
   * @what: the kind of data that changed (a table name), or %NULL for all
   *
   * Emitted after a transaction that changed data has been committed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kon_store_init (KonStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

/* Public API */

int
kon_store_get_latest_version (void)
{
  guint n_steps;
  const KonSchemaStep *steps = get_schema_steps (&n_steps);

  return n_steps > 0 ? steps[n_steps - 1].version : 0;
}

/**
 * kon_store_get_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/konsensus/konsensus.db`
 */
char *
kon_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "konsensus", "konsensus.db", NULL);
}

/**
 * kon_store_open:
 * @path: the database file; created (with its folder, 0700) if missing
 *
 * Opens a Konsensus database, creating or migrating it as needed.  A file
 * that is refused is left as it was.  A file or folder that cannot be
 * written is opened read-only (see kon_store_is_read_only()).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
/**
 * kon_store_open:
 * @path: the database file; created (with its folder, 0700) if missing
 *
 * Opens a Konsensus database, creating or migrating it as needed.  A file
 * that is refused is left as it was.  A file or folder that cannot be
 * written is opened read-only (see kon_store_is_read_only()).
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
static KonStore *
open_database (const char  *path,
               gboolean     empty,
               GError     **error)
{
  g_autoptr(KonStore) self = NULL;
  gboolean immutable = FALSE;
  int version = 0;
  int flags;
  int rc;

  if (!empty && !inspect_database (path, can_read_as_immutable (path), &version, error))
    return NULL;

  self = g_object_new (KON_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->schema_version = version;
  self->read_only = !path_is_writable (self->path);

  if (self->read_only && version < kon_store_get_latest_version ())
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY,
                   version == 0
                     ? _("The database cannot be created, because the file or its folder is read-only. "
                         "Create it in another folder, or open another database.")
                     : _("The database must be upgraded to this version of Konsensus, "
                         "but the file or its folder is read-only, and it was left as it was. "
                         "Ask for write access to it, or open another database."));
      return NULL;
    }

  flags = SQLITE_OPEN_URI | (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);

  /* A read-only database is read as immutable when it can be, so that
   * looking at it creates nothing beside it. */
  immutable = self->read_only && can_read_as_immutable (self->path);

  for (;;)
    {
      g_autofree char *uri = database_uri (self->path, immutable, error);

      if (uri == NULL)
        return NULL;

      rc = sqlite3_open_v2 (uri, &self->db, flags, NULL);
      if (rc == SQLITE_OK && self->read_only)
        {
          int n_objects = 0;

          /* A read-only open is lazy: make it read the file now */
          if (!query_int (self->db, "SELECT count(*) FROM sqlite_schema", &n_objects, NULL))
            rc = sqlite3_extended_errcode (self->db);
        }

      if (rc == SQLITE_OK)
        break;

      if (((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY) &&
          self->read_only && !immutable)
        {
          g_clear_pointer (&self->db, sqlite3_close);

          if (!wal_is_empty (self->path))
            {
              set_unreadable_wal_error (error, self->path);
              return NULL;
            }

          immutable = TRUE;
          continue;
        }

      _kon_store_set_error (error, self->db, rc);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!_kon_store_run_script (self->db, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!self->read_only)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean had_sidecars = has_sidecar (self->path, "-wal") || has_sidecar (self->path, "-shm");

      /* The first read of a WAL database makes its -shm file */
      if (!_kon_store_run_script (self->db,
                                  "PRAGMA journal_mode = WAL;"
                                  "PRAGMA synchronous = FULL;",
                                  &local_error))
        {
          g_clear_pointer (&self->db, sqlite3_close);

          /* Do not leave an empty -wal and a bare -shm behind */
          if (!had_sidecars && wal_is_empty (self->path))
            {
              g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
              g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);

              g_unlink (shm);
              g_unlink (wal);
            }

          if (g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL))
            {
              g_clear_error (&local_error);
              g_set_error (&local_error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL,
                           _("The disk is full, so the database cannot be opened. Nothing was changed. "
                             "Free some space and try again, or open another database."));
            }

          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (!migrate (self, &local_error))
        {
          if (g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL))
            {
              g_clear_error (&local_error);
              g_set_error (&local_error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL,
                           _("The disk is full, so the database could not be brought up to date "
                             "for this version of Konsensus. It was left as it was. "
                             "Free some space and try again, or open another database."));
            }

          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * kon_store_open:
 * @path: the database file; created (with its folder, 0700) if missing
 *
 * Opens a Konsensus database, creating or migrating it as needed.  A file
 * that is refused is left as it was.  A file or folder that cannot be
 * written is opened read-only (see kon_store_is_read_only()).  If a new
 * database cannot be made (a full disk), nothing of it is left behind.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
KonStore *
kon_store_open (const char  *path,
                GError     **error)
{
  g_autofree char *abs_path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;
  KonStore *self;
  gboolean created = FALSE;
  gboolean created_folder = FALSE;
  gboolean empty = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  abs_path = g_canonicalize_filename (path, NULL);
  dir = g_path_get_dirname (abs_path);

  if (g_file_test (abs_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN,
                   _("“%s” is a folder, not a database file. Open a database file, "
                     "or create a new database."), abs_path);
      return NULL;
    }

  if (!g_file_test (abs_path, G_FILE_TEST_EXISTS))
    {
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          if (g_mkdir_with_parents (dir, 0700) != 0)
            {
              int saved_errno = errno;

              g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN,
                           _("The folder “%s” could not be created (%s). "
                             "Create the database in another folder."),
                           dir, g_strerror (saved_errno));
              return NULL;
            }
          created_folder = TRUE;
        }

      if (!create_empty_file (abs_path, error))
        {
          if (created_folder)
            g_rmdir (dir);
          return NULL;
        }

      created = TRUE;
      empty = TRUE;
    }
  else if (!file_looks_like_ours (abs_path, &empty, error))
    {
      return NULL;
    }

  self = open_database (abs_path, empty, &local_error);

  if (self == NULL && created)
    {
      remove_created_database (abs_path, created_folder);

      if (g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL))
        {
          g_clear_error (&local_error);
          g_set_error (&local_error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL,
                       _("The disk is full, so the database could not be created. "
                         "Free some space, or create the database on another disk."));
        }
    }

  if (self == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return self;
}

/* Opening in a thread of its own */

struct _KonStoreOpening
{
  char     *path;
  gboolean  existed;
  KonStore *store;
  GError   *error;
  GThread  *thread;
};

static gpointer
opening_thread_func (gpointer user_data)
{
  KonStoreOpening *opening = user_data;

  opening->store = kon_store_open (opening->path, &opening->error);

  return NULL;
}

/**
 * kon_store_opening_start:
 * @path: the database file
 *
 * Starts kon_store_open() on @path in a thread of its own, so that the
 * caller can go on (the application connects to the display meanwhile).
 * Take the result with kon_store_opening_finish(), which every opening
 * must be given to.
 *
 * Returns: (transfer full): the opening under way
 */
KonStoreOpening *
kon_store_opening_start (const char *path)
{
  KonStoreOpening *opening;

  g_return_val_if_fail (path != NULL, NULL);

  opening = g_new0 (KonStoreOpening, 1);
  opening->path = g_canonicalize_filename (path, NULL);
  /* Asked before the thread may create the file */
  opening->existed = g_file_test (opening->path, G_FILE_TEST_EXISTS);
  opening->thread = g_thread_new ("konsensus-open", opening_thread_func, opening);

  return opening;
}

/**
 * kon_store_opening_get_path:
 *
 * Returns: the absolute path being opened
 */
const char *
kon_store_opening_get_path (KonStoreOpening *opening)
{
  g_return_val_if_fail (opening != NULL, NULL);

  return opening->path;
}

/**
 * kon_store_opening_finish:
 * @opening: (transfer full): an opening from kon_store_opening_start()
 * @existed: (out) (optional): whether the file was there before
 * @error: what kon_store_open() said
 *
 * Waits for the opening to end, and frees it.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
KonStore *
kon_store_opening_finish (KonStoreOpening  *opening,
                          gboolean         *existed,
                          GError          **error)
{
  KonStore *store;

  g_return_val_if_fail (opening != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_thread_join (opening->thread);

  if (existed != NULL)
    *existed = opening->existed;

  store = g_steal_pointer (&opening->store);
  if (store == NULL)
    g_propagate_error (error, g_steal_pointer (&opening->error));

  g_clear_error (&opening->error);
  g_free (opening->path);
  g_free (opening);

  return store;
}

const char *
kon_store_get_path (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);

  return self->path;
}

gboolean
kon_store_is_read_only (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), TRUE);

  return self->read_only;
}

int
kon_store_get_schema_version (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * kon_store_prepare:
 * @sql: a constant SQL statement with `?` parameters
 *
 * Returns a cached prepared statement, reset and with its bindings
 * cleared.  The store owns it: do not finalize it.
 *
 * Returns: (transfer none): the statement, or %NULL with @error set
 */
sqlite3_stmt *
kon_store_prepare (KonStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _kon_store_set_error (error, self->db, rc);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

/**
 * kon_store_step_done:
 *
 * Steps a statement that returns no rows (INSERT, UPDATE, DELETE) and
 * resets it.
 */
gboolean
kon_store_step_done (KonStore      *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc;

  g_return_val_if_fail (KON_IS_STORE (self), FALSE);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, self->db, rc);
      return FALSE;
    }

  return TRUE;
}

/**
 * kon_store_transaction:
 * @func: does the writes; returns %FALSE with @error set to roll back
 *
 * Runs @func inside one transaction: either all of its writes are
 * committed, or none.  Transactions do not nest.
 */
gboolean
kon_store_transaction (KonStore                 *self,
                       KonStoreTransactionFunc   func,
                       gpointer                  user_data,
                       GError                  **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (self->read_only)
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY,
                   _("The database is read-only, so the change could not be saved."));
      return FALSE;
    }

  if (!_kon_store_run_script (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->in_transaction = TRUE;

  if (!func (self, user_data, error) ||
      !_kon_store_run_script (self->db, "COMMIT", error))
    {
      self->in_transaction = FALSE;
      if (!sqlite3_get_autocommit (self->db))
        _kon_store_run_script (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  self->in_transaction = FALSE;

  return TRUE;
}

void
kon_store_emit_changed (KonStore   *self,
                        const char *what)
{
  g_return_if_fail (KON_IS_STORE (self));

  g_signal_emit (self, signals[CHANGED], what ? g_quark_from_string (what) : 0, what);
}

char *
kon_store_get_meta (KonStore    *self,
                    const char  *key,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = kon_store_prepare (self, "SELECT value FROM meta WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    _kon_store_set_error (error, self->db, rc);
  sqlite3_reset (stmt);

  return value;
}

typedef struct
{
  const char *key;
  const char *value;
} MetaPair;

static gboolean
set_meta_in_transaction (KonStore  *self,
                         gpointer   user_data,
                         GError   **error)
{
  MetaPair *pair = user_data;
  sqlite3_stmt *stmt;

  stmt = kon_store_prepare (self,
                            "INSERT INTO meta (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, pair->key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pair->value, -1, SQLITE_TRANSIENT);

  return kon_store_step_done (self, stmt, error);
}

gboolean
kon_store_set_meta (KonStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  MetaPair pair = { key, value };

  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  if (!kon_store_transaction (self, set_meta_in_transaction, &pair, error))
    return FALSE;

  kon_store_emit_changed (self, "meta");

  return TRUE;
}

sqlite3 *
_kon_store_get_db (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);

  return self->db;
}

/* Test hooks */

/**
 * _kon_store_set_schema_steps:
 * @steps: (nullable): steps to use instead of the real schema, or %NULL to
 *   go back to it
 *
 * Lets a test migrate through a schema of its own.
 */
void
_kon_store_set_schema_steps (const KonSchemaStep *steps,
                             guint                n_steps)
{
  test_steps = steps;
  n_test_steps = steps != NULL ? n_steps : 0;
}

/**
 * _kon_store_limit_growth:
 *
 * From now on (for this connection) the database cannot grow beyond the
 * pages it has, as on a full disk: a write that needs more fails with
 * %KON_STORE_ERROR_DISK_FULL.
 */
gboolean
_kon_store_limit_growth (KonStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), FALSE);

  /* SQLite never sets the limit below the pages in use */
  return _kon_store_run_script (self->db, "PRAGMA max_page_count = 1", error);
}
