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
  GThread        *checkpoint;     /* after a bulk write (checkpoint_in_thread ()) */
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

/* The SQL of one table, built from its KonTable once */
typedef struct
{
  const KonTable *table;
  char          **columns;        /* per field: its column */
  const KonTable **refs;          /* per field: the table a REF refers to, or NULL */
  gboolean        has_search;
  const char     *first_search;   /* the column of the first SEARCH field (a case's
                                   * title): ranked first when too many match */
  char           *select;         /* uuid, revision, the fields, sync_hash, export_hash, id */
  char           *get;            /* … WHERE t.uuid = ?1 */
  char           *order_display;  /* " ORDER BY t.sort_key, t.uuid" */
  char           *insert;         /* ?1 uuid, ?2… fields, then sort_key, sync, export */
  char           *update;         /* the same, then the expected revision, use sync, use export */
  char           *set_hashes;
  char           *delete;
  char           *uuids;          /* every uuid in display order */
  char           *search;         /* uuids matching ?1 in rank order */
  char           *index_one;      /* the FTS row of the row with id ?1 */
  char           *index_after;    /* the FTS rows of the rows with id > ?1 */
  char           *max_id;
  char           *sort_rows;      /* id and every field, to fill in sort keys */
  char           *set_sort_key;   /* of the row of id ?1 to ?2 */
  char           *get_many;       /* … WHERE t.uuid is in the JSON array ?1 */
  char           *all[2];         /* every row, per KonOrder */
  char          **by_ref[2];      /* per KonOrder, per field: a REF's rows naming ?1, or NULL */
  char           *count;          /* how many rows */
  char          **count_by_ref;   /* per field: how many rows a REF's ?1 names, or NULL */
  /* The fixed parts of a filtered, ordered list (kon-sqlite-list.c),
   * whose filters and orders add columns and bound parameters only */
  char           *list_from;      /* SELECT t.uuid FROM the table AS t */
  char           *match_ids;      /* t.id IN (the ids whose text matches ?1) */
  char           *newest_from;    /* the matches of ?1, straight from the index … */
  char           *newest_order;   /* … newest first, at most KON_STORE_MAX_MATCHES */
  char           *probe;          /* ?2 matches of ?1 at most, from the index alone */
  char           *ranked_from;    /* the rows joined to their index … */
  char           *ranked_order;   /* … matching ?1, in rank order */
  char          **ref_order;      /* per field: what a REF or ENUM orders by (the referred
                                 * row's sort key, the enum's value), or NULL: its column */
  char           *snippet;        /* where the row of uuid ?2 matches ?1 (has_search) */
  GHashTable     *max_in_group;   /* "key group field" → its statement */
  sqlite3_stmt   *get_stmt;       /* owned by the statement cache */
  sqlite3_stmt   *insert_stmt;
  sqlite3_stmt   *update_stmt;
  /* In a bulk write: the same insert with references as ids, and the
   * ids of the rows it inserted (uuid → id), so that a row's references
   * to rows of the same write need no lookup */
  char           *insert_ids;
  sqlite3_stmt   *insert_ids_stmt;
  GHashTable     *bulk_ids;
} TableSql;

/* kon-sqlite-table.c */
TableSql     *_kon_sqlite_table_sql_new  (const KonTable    *table);
void          _kon_sqlite_table_sql_free (TableSql          *sql);
/* The largest @field among the rows whose REF @key names ?1 and whose
 * INT @group is ?2, and whether one has @field ?3 (fields by index) */
const char   *_kon_sqlite_table_sql_max_in_group (TableSql *sql,
                                                  guint     key,
                                                  guint     group,
                                                  guint     field);

/* kon-sqlite-backend.c: the statement cache and the tables' SQL */
sqlite3_stmt *_kon_sqlite_prepare        (KonSqliteBackend  *self,
                                          const char        *sql,
                                          GError           **error);
void          _kon_sqlite_bind_text      (sqlite3_stmt      *stmt,
                                          int                index,
                                          const char        *text);
TableSql     *_kon_sqlite_get_table_sql  (KonSqliteBackend  *self,
                                          const KonTable    *table);

/* kon-sqlite-list.c: KonBackend's lists */
gboolean      _kon_sqlite_backend_max_in_group     (KonBackend          *backend,
                                                    const KonTable      *table,
                                                    const char          *key,
                                                    const char          *uuid,
                                                    const char          *group_key,
                                                    int                  group_value,
                                                    const char          *field,
                                                    int                  value,
                                                    int                 *out_max,
                                                    gboolean            *out_taken,
                                                    GError             **error);
GPtrArray    *_kon_sqlite_backend_list_uuids_where (KonBackend          *backend,
                                                    const KonTable      *table,
                                                    const char          *query,
                                                    const KonFilter     *filters,
                                                    guint                n_filters,
                                                    const char * const  *order_keys,
                                                    gboolean             descending,
                                                    GError             **error);
char         *_kon_sqlite_backend_get_snippet      (KonBackend          *backend,
                                                    const KonTable      *table,
                                                    const char          *query,
                                                    const char          *uuid,
                                                    GError             **error);
GPtrArray    *_kon_sqlite_backend_list_uuids       (KonBackend          *backend,
                                                    const KonTable      *table,
                                                    const char          *query,
                                                    GError             **error);

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
