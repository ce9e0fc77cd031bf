/* kon-sqlite-private.h: the SQLite backend, for its own files and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "kon-backend.h"

G_BEGIN_DECLS

#define KON_TYPE_SQLITE_BACKEND (kon_sqlite_backend_get_type ())

G_DECLARE_FINAL_TYPE (KonSqliteBackend, kon_sqlite_backend, KON, SQLITE_BACKEND, KonBackend)

/* One connection.  Its fields are shared by kon-sqlite-open.c (opening,
 * migrating) and kon-sqlite-backend.c (rows, transactions, changes). */
struct _KonSqliteBackend
{
  KonBackend      parent_instance;

  char           *path;
  sqlite3        *db;
  GHashTable     *statements;     /* const char *sql → sqlite3_stmt* */
  GHashTable     *table_sql;      /* KonTable* → TableSql* */
  int             schema_version;
  gint64          data_version;
  KonTransaction  transaction;
  GHashTable     *bulk_tables;    /* KonTable* → the largest id before the bulk write began */
  guint           read_only : 1;
  guint           in_transaction : 1;
};

/* How long a connection waits for another one's write lock */
#define BUSY_TIMEOUT_MS 5000

/* "Kons" in ASCII: marks a SQLite file as a Konsensus database. */
#define KON_SQLITE_APPLICATION_ID 0x4B6F6E73

/* One step of the schema: the SQL that brings a database from the
 * version before to @version.  The steps live in kon-sqlite-schema.c. */
typedef struct
{
  int         version;
  const char *sql;
} KonSchemaStep;

const KonSchemaStep *_kon_sqlite_schema_get_steps (guint               *n_steps);

/* Shared by the backend's files */
void                 _kon_sqlite_set_error        (GError             **error,
                                                   sqlite3             *db,
                                                   int                  rc);
gboolean             _kon_sqlite_run_script       (sqlite3             *db,
                                                   const char          *script,
                                                   GError             **error);
/* A second connection to an open database (no integrity check) */
KonBackend          *_kon_sqlite_open_worker      (const char          *path,
                                                   GError             **error);
/* After a connection is open (and migrated): housekeeping */
gboolean             _kon_sqlite_after_open       (KonSqliteBackend    *self,
                                                   GError             **error);

/* Test hooks */
sqlite3             *_kon_sqlite_backend_get_db   (KonSqliteBackend    *self);
void                 _kon_sqlite_set_schema_steps (const KonSchemaStep *steps,
                                                   guint                n_steps);
/* From now on this connection cannot grow the database, as on a full disk */
gboolean             _kon_sqlite_limit_growth     (KonSqliteBackend    *self,
                                                   GError             **error);

G_END_DECLS
