/* kon-sqlite-open.c: opening, checking and migrating a SQLite database
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
 * (a full disk, a read-only folder) is removed again, so nothing
 * half-written stays; on any other error it is left, since another
 * process may be opening it at the same moment.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kon-sqlite-private.h"

#define SQLITE_MAGIC "SQLite format 3"
#define SQLITE_HEADER_SIZE 100

/* Set by tests only, see _kon_sqlite_set_schema_steps() */
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

  return _kon_sqlite_schema_get_steps (n_steps);
}

const char * const *
kon_sqlite_backend_get_mime_types (void)
{
  static const char * const types[] = { "application/vnd.sqlite3", "application/x-sqlite3", NULL };

  return types;
}

int
kon_sqlite_backend_get_latest_version (void)
{
  guint n_steps;
  const KonSchemaStep *steps = get_schema_steps (&n_steps);

  return n_steps > 0 ? steps[n_steps - 1].version : 0;
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
_kon_sqlite_set_error (GError  **error,
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

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_BUSY,
                   _("Another window or desk is saving changes to this database right now, "
                     "so this change could not be saved yet. Nothing was lost: "
                     "try again in a moment."));
      break;

    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
                     _("The change refers to something that is no longer there "
                       "(it may have been deleted in another window). Nothing was changed."));
      else
        g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID,
                     _("The change breaks a rule of the database (%s). Nothing was changed."), detail);
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
_kon_sqlite_run_script (sqlite3     *db,
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
          _kon_sqlite_set_error (error, db, rc);
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
              _kon_sqlite_set_error (error, db, rc);
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
    _kon_sqlite_set_error (error, db, rc);

  sqlite3_finalize (stmt);

  return rc == SQLITE_OK;
}

/* Reads the header of the file: anything that is not empty and does not
 * start with the SQLite header is some other kind of file, and so is a
 * SQLite file marked with another program's application_id.
 *
 * Read through SQLite's own file layer, never with open() and close():
 * POSIX locks belong to the process, so closing any descriptor of the
 * file lets go of the locks every connection of this process holds on
 * it (a window's, while it opens a worker connection).  Another process
 * closing the database would then take the window for gone, checkpoint
 * and delete the WAL the window still writes to, and the window's
 * changes would be lost.  SQLite's layer keeps such a descriptor open
 * until its connections close. */
static gboolean
file_looks_like_ours (const char  *path,
                      gboolean    *out_empty,
                      GError     **error)
{
  guint8 header[SQLITE_HEADER_SIZE] = { 0 };
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);
  g_autofree sqlite3_file *file = g_malloc0 ((gsize) vfs->szOsFile);
  guint32 application_id;
  sqlite3_int64 size = 0;
  ssize_t n = 0;
  int flags = 0;
  int rc;

  errno = 0;
  rc = vfs->xOpen (vfs, path, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &flags);
  if (rc != SQLITE_OK)
    {
      int saved_errno = errno != 0 ? errno : EACCES;

      if (file->pMethods != NULL)
        file->pMethods->xClose (file);
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CANNOT_OPEN,
                   _("The database file could not be opened (%s). Check that it exists and "
                     "that you may read it, or open another database."),
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (file->pMethods->xFileSize (file, &size) == SQLITE_OK && size > 0)
    {
      n = (ssize_t) MIN (size, (sqlite3_int64) sizeof header);
      if (file->pMethods->xRead (file, header, (int) n, 0) != SQLITE_OK)
        n = -1;
    }
  file->pMethods->xClose (file);

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

  if (application_id != 0 && application_id != KON_SQLITE_APPLICATION_ID)
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

/* The check at open reads the whole file: a database of twenty years of
 * cases (400 MB) held up the first frame for 0.2 s with the file in
 * memory, for 3 to 5 s without.  In a file larger than
 * QUICK_CHECK_WHOLE_BYTES it stops after this long; what it did not read,
 * SQLite checks as it reads (a damaged page is an error then, never wrong
 * data). */
#define QUICK_CHECK_BUDGET_US (20 * G_TIME_SPAN_MILLISECOND)
/* A file this small is checked whole, however long that takes on a busy
 * machine (a few milliseconds on an idle one) */
#define QUICK_CHECK_WHOLE_BYTES (16 * 1024 * 1024)

/* SQLite walks the pages of a check in one step of its program, where a
 * progress handler is not called: a watchdog thread interrupts it */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean done;
  sqlite3 *db;
  gint64   deadline;
} Watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *watchdog = data;

  g_mutex_lock (&watchdog->lock);
  while (!watchdog->done)
    if (!g_cond_wait_until (&watchdog->cond, &watchdog->lock, watchdog->deadline))
      {
        sqlite3_interrupt (watchdog->db);
        break;
      }
  g_mutex_unlock (&watchdog->lock);

  return NULL;
}

/* The first line of what PRAGMA quick_check found, without SQLite's
 * "*** in database main ***" heading; NULL when it found nothing in the
 * time it had */
static char *
quick_check_problem (sqlite3 *db,
                     gboolean bounded)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;
  Watchdog watchdog = { .db = db, .deadline = g_get_monotonic_time () + QUICK_CHECK_BUDGET_US };
  GThread *thread = NULL;
  int rc;

  if (bounded)
    {
      g_mutex_init (&watchdog.lock);
      g_cond_init (&watchdog.cond);
      thread = g_thread_new ("kon-quick-check", watchdog_thread, &watchdog);
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (bounded)
    {
      g_mutex_lock (&watchdog.lock);
      watchdog.done = TRUE;
      g_cond_signal (&watchdog.cond);
      g_mutex_unlock (&watchdog.lock);
      g_thread_join (thread);
      g_mutex_clear (&watchdog.lock);
      g_cond_clear (&watchdog.cond);
    }

  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_INTERRUPT)
    result = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  /* Out of time: nothing found so far */
  if (rc == SQLITE_INTERRUPT)
    return NULL;

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
                  gboolean     check,
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
      _kon_sqlite_set_error (error, db, rc);
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_extended_result_codes (db, TRUE);

  /* The three in one read transaction: read one at a time, another
   * process creating the same new database could commit between them, and
   * a file with tables but (as read a moment before) no application id
   * looked like another program's */
  sqlite3_busy_timeout (db, 5000);
  if (!_kon_sqlite_run_script (db, "BEGIN", &local_error) ||
      !query_int (db, "PRAGMA application_id", &application_id, &local_error) ||
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

          return inspect_database (path, TRUE, check, out_version, error);
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

  if (application_id != KON_SQLITE_APPLICATION_ID &&
      !(application_id == 0 && n_objects == 0))
    {
      sqlite3_close (db);
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_KONSENSUS,
                   _("This file is a database of another program, not of Konsensus, "
                     "and it was left as it was. Open another database, or create a new one."));
      return FALSE;
    }

  if (version > kon_sqlite_backend_get_latest_version ())
    {
      sqlite3_close (db);
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NEWER_VERSION,
                   _("This database was written by a newer version of Konsensus "
                     "(database version %d; this version reads up to %d), "
                     "and it was left as it was. Update Konsensus to open it, "
                     "or open another database."),
                   version, kon_sqlite_backend_get_latest_version ());
      return FALSE;
    }

  if (n_objects > 0 && check)
    {
      GStatBuf st;

      problem = quick_check_problem (db, g_stat (path, &st) != 0 || st.st_size > QUICK_CHECK_WHOLE_BYTES);
    }

  _kon_sqlite_run_script (db, "COMMIT", NULL);
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

/* FALSE with @out_exists set and no error when another process created
 * the file between our look and this call */
static gboolean
create_empty_file (const char  *path,
                   gboolean    *out_exists,
                   GError     **error)
{
  int fd;

  *out_exists = FALSE;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        {
          *out_exists = TRUE;
          return FALSE;
        }

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
migrate (KonSqliteBackend  *self,
         GError           **error)
{
  const KonSchemaStep *steps;
  guint n_steps;

  steps = get_schema_steps (&n_steps);

  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *set_version = NULL;
      g_autofree char *set_application_id = NULL;
      int version = 0;

      if (steps[i].version <= self->schema_version)
        continue;

      /* PRAGMAs take no parameters; both numbers are constants of this
       * program, not user data. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", steps[i].version);
      set_application_id = g_strdup_printf ("PRAGMA application_id = %d", KON_SQLITE_APPLICATION_ID);

      if (!_kon_sqlite_run_script (self->db, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Read again under the write lock: another process opening the same
       * new database at the same moment may have migrated it already */
      if (!query_int (self->db, "PRAGMA user_version", &version, error))
        goto failed;

      if (version >= steps[i].version)
        {
          self->schema_version = version;
          _kon_sqlite_run_script (self->db, "ROLLBACK", NULL);
          continue;
        }

      if (version == 0 &&
          !_kon_sqlite_run_script (self->db, set_application_id, error))
        goto failed;

      if (!_kon_sqlite_run_script (self->db, steps[i].sql, error) ||
          !_kon_sqlite_run_script (self->db, set_version, error) ||
          !_kon_sqlite_run_script (self->db, "COMMIT", error))
        goto failed;

      self->schema_version = steps[i].version;
      continue;

    failed:
      _kon_sqlite_run_script (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

/* Switches a new database to WAL.  Two connections switching the same
 * new file at once (two processes creating it) both hold a shared lock
 * and want an exclusive one: SQLite then answers one of them SQLITE_BUSY
 * at once, without waiting through the busy timeout, so wait here as the
 * timeout would have. */
static gboolean
set_wal_mode (sqlite3  *db,
              GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (_kon_sqlite_run_script (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", &local_error))
        return TRUE;

      if (!g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_BUSY) ||
          g_get_monotonic_time () > deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
}

/* migrate(), waiting as set_wal_mode() does: a connection still
 * switching the same new file to WAL holds a lock that makes SQLite
 * answer BEGIN IMMEDIATE with SQLITE_BUSY at once */
static gboolean
migrate_waiting (KonSqliteBackend  *self,
                 GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (migrate (self, &local_error))
        return TRUE;

      if (!g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_BUSY) ||
          g_get_monotonic_time () > deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
}

static KonSqliteBackend *
open_database (const char  *path,
               gboolean     empty,
               gboolean     check,
               GError     **error)
{
  g_autoptr(KonSqliteBackend) self = NULL;
  gboolean immutable = FALSE;
  int version = 0;
  int flags;
  int rc;

  if (!empty && !inspect_database (path, can_read_as_immutable (path), check, &version, error))
    return NULL;

  self = g_object_new (KON_TYPE_SQLITE_BACKEND, NULL);
  self->path = g_strdup (path);
  self->schema_version = version;
  self->read_only = !path_is_writable (self->path);

  if (self->read_only && version < kon_sqlite_backend_get_latest_version ())
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

      _kon_sqlite_set_error (error, self->db, rc);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!_kon_sqlite_run_script (self->db, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!self->read_only)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean had_sidecars = has_sidecar (self->path, "-wal") || has_sidecar (self->path, "-shm");

      /* The first read of a WAL database makes its -shm file */
      if (!set_wal_mode (self->db, &local_error))
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

      if (!migrate_waiting (self, &local_error))
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
 * kon_sqlite_backend_open:
 * @path: the database file; created (with its folder, 0700) if missing
 *
 * Opens a Konsensus database, creating or migrating it as needed.  A file
 * that is refused is left as it was.  A file or folder that cannot be
 * written is opened read-only (see kon_store_is_read_only()).  If a new
 * database cannot be made (a full disk), nothing of it is left behind.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
static KonBackend *
open_path (const char  *path,
           gboolean     check,
           GError     **error)
{
  g_autofree char *abs_path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;
  KonSqliteBackend *self;
  gboolean created = FALSE;
  gboolean created_folder = FALSE;
  gboolean exists = FALSE;
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

      if (create_empty_file (abs_path, &exists, error))
        {
          created = TRUE;
          empty = TRUE;
        }
      else if (!exists)
        {
          if (created_folder)
            g_rmdir (dir);
          return NULL;
        }
    }

  /* Also a file another process created a moment ago (two imports into
   * the same new database): theirs, opened as it is */
  if (!created && !file_looks_like_ours (abs_path, &empty, error))
    return NULL;

  /* Another process opening the same new file at this moment can make
   * SQLite answer BUSY at once (not after the busy timeout) while it
   * switches the file to WAL: wait for it as the timeout would */
  {
    gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    while ((self = open_database (abs_path, empty, check, &local_error)) == NULL &&
           g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_BUSY) &&
           g_get_monotonic_time () < deadline)
      {
        g_clear_error (&local_error);
        g_usleep (10 * G_TIME_SPAN_MILLISECOND);
        if (!file_looks_like_ours (abs_path, &empty, &local_error))
          break;
      }
  }

  /* Remove what this call created only when the database could not be
   * made at all (a full disk, a read-only folder): on any other error,
   * another process may be using the new file already. */
  if (self == NULL && created &&
      (g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_DISK_FULL) ||
       g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY)))
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
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!_kon_sqlite_after_open (self, error))
    {
      g_object_unref (self);
      return NULL;
    }

  return (KonBackend *) self;
}

KonBackend *
kon_sqlite_backend_open (const char  *path,
                         GError     **error)
{
  return open_path (path, TRUE, error);
}

/**
 * _kon_sqlite_open_worker:
 * @path: a database kon_sqlite_backend_open() opened
 *
 * A second connection to a database already open: the same, without the
 * integrity check the first open did (it reads the whole file).
 */
KonBackend *
_kon_sqlite_open_worker (const char  *path,
                         GError     **error)
{
  return open_path (path, FALSE, error);
}


/**
 * _kon_sqlite_set_schema_steps:
 * @steps: (nullable): steps to use instead of the real schema, or %NULL to
 *   go back to it
 *
 * Lets a test migrate through a schema of its own.
 */
void
_kon_sqlite_set_schema_steps (const KonSchemaStep *steps,
                              guint                n_steps)
{
  test_steps = steps;
  n_test_steps = steps != NULL ? n_steps : 0;
}

