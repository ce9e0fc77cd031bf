/* kon-sqlite-backend.c: the SQLite backend of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only files that know SQLite: kon-sqlite-backend.c (rows,
 * transactions, changes), kon-sqlite-open.c (opening and migrating),
 * kon-sqlite-schema.c and kon-sqlite-private.h.
 *
 * Rows: the SQL of each table is built once from its KonTable (see
 * TableSql).  Inside the database rows refer to each other by integer id
 * (the REF field "partner" is the column partner_id); the SQL turns uuids
 * into ids when it writes and back when it reads.  Every write is logged
 * in change_log in its own transaction (read_changes()).  A table with
 * SEARCH fields has an external-content FTS5 index (<table>_fts) which
 * triggers keep up to date on update and delete; new rows are indexed
 * here, at once, or in a bulk write all at once before the commit (an
 * FTS5 table written from a trigger flushes its pending index at every
 * statement, which made a large import twenty times slower).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "kon-sqlite-private.h"

/* How many changes the log keeps; a connection further behind reloads */
#define CHANGE_LOG_KEEP 10000

/* The SQL of one table, built from its KonTable once */
typedef struct
{
  const KonTable *table;
  char          **columns;        /* per field: its column */
  const KonTable **refs;          /* per field: the table a REF refers to, or NULL */
  gboolean        has_search;
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

G_DEFINE_FINAL_TYPE (KonSqliteBackend, kon_sqlite_backend, KON_TYPE_BACKEND)

/* Statements */

static sqlite3_stmt *
prepare (KonSqliteBackend  *self,
         const char        *sql,
         GError           **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

/* The same for a statement used for every row (insert, update, get):
 * kept in @slot, so that a large import does not hash its SQL every time */
static sqlite3_stmt *
prepare_cached (KonSqliteBackend  *self,
                sqlite3_stmt     **slot,
                const char        *sql,
                GError           **error)
{
  if (*slot != NULL)
    {
      sqlite3_reset (*slot);
      sqlite3_clear_bindings (*slot);
      return *slot;
    }

  *slot = prepare (self, sql, error);

  return *slot;
}

/* Steps a statement that returns no rows, and resets it */
static gboolean
step_done (KonSqliteBackend  *self,
           sqlite3_stmt      *stmt,
           GError           **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_hash (sqlite3_stmt     *stmt,
           int               index,
           const KonRowHash *hash)
{
  if (hash != NULL && hash->set)
    sqlite3_bind_blob (stmt, index, hash->bytes, KON_ROW_HASH_SIZE, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
column_hash (sqlite3_stmt *stmt,
             int           index,
             KonRowHash   *out_hash)
{
  const void *blob = sqlite3_column_blob (stmt, index);

  if (out_hash == NULL)
    return;

  out_hash->set = blob != NULL && sqlite3_column_bytes (stmt, index) == KON_ROW_HASH_SIZE;
  if (out_hash->set)
    memcpy (out_hash->bytes, blob, KON_ROW_HASH_SIZE);
}

/* The SQL of a table */

static void
table_sql_free (TableSql *sql)
{
  g_strfreev (sql->columns);
  g_free (sql->refs);
  g_free (sql->select);
  g_free (sql->get);
  g_free (sql->order_display);
  g_free (sql->insert);
  g_free (sql->update);
  g_free (sql->set_hashes);
  g_free (sql->delete);
  g_free (sql->uuids);
  g_free (sql->search);
  g_free (sql->index_one);
  g_free (sql->index_after);
  g_free (sql->max_id);
  g_free (sql->sort_rows);
  g_free (sql->insert_ids);
  g_clear_pointer (&sql->bulk_ids, g_hash_table_unref);
  g_free (sql);
}

/* A REF field's value as the id of the row it names: NULL stays NULL, a
 * uuid that is nowhere becomes -1, which the foreign key refuses */
static void
append_value (GString        *sql,
              const TableSql *ts,
              guint           i,
              guint           param)
{
  if (ts->refs[i] != NULL)
    g_string_append_printf (sql, "CASE WHEN ?%u IS NULL THEN NULL ELSE "
                                 "coalesce ((SELECT id FROM %s WHERE uuid = ?%u), -1) END",
                            param, ts->refs[i]->name, param);
  else
    g_string_append_printf (sql, "?%u", param);
}

static TableSql *
table_sql_new (const KonTable *table)
{
  TableSql *ts = g_new0 (TableSql, 1);
  guint n = table->n_fields;
  GString *select = g_string_new ("SELECT t.uuid, t.revision");
  GString *joins = g_string_new (NULL);
  GString *insert = g_string_new (NULL);
  GString *values = g_string_new (NULL);
  GString *id_values = g_string_new ("?1, 1");
  GString *update = g_string_new (NULL);
  GString *search_columns = g_string_new (NULL);
  GString *search = g_string_new (NULL);

  ts->table = table;
  ts->columns = g_new0 (char *, n + 1);
  ts->refs = g_new0 (const KonTable *, n);

  g_string_printf (insert, "INSERT INTO %s (uuid, revision", table->name);
  g_string_append (values, "?1, 1");
  g_string_printf (update, "UPDATE %s SET revision = revision + 1", table->name);

  for (guint i = 0; i < n; i++)
    {
      const KonField *field = &table->fields[i];

      if (field->type == KON_FIELD_REF)
        {
          ts->refs[i] = kon_table_lookup (field->ref_table);
          g_assert (ts->refs[i] != NULL);
          ts->columns[i] = g_strdup_printf ("%s_id", field->column != NULL ? field->column : field->key);
          g_string_append_printf (select, ", r%u.uuid", i);
          g_string_append_printf (joins, " LEFT JOIN %s AS r%u ON r%u.id = t.%s",
                                  ts->refs[i]->name, i, i, ts->columns[i]);
        }
      else
        {
          ts->columns[i] = g_strdup (field->column != NULL ? field->column : field->key);
          g_string_append_printf (select, ", t.%s", ts->columns[i]);

          if (field->flags & KON_FIELD_SEARCH)
            {
              ts->has_search = TRUE;
              g_string_append_printf (search_columns, ", %s", ts->columns[i]);
            }
        }

      g_string_append_printf (insert, ", %s", ts->columns[i]);
      g_string_append (values, ", ");
      append_value (values, ts, i, i + 2);
      g_string_append_printf (id_values, ", ?%u", i + 2);
      g_string_append_printf (update, ", %s = ", ts->columns[i]);
      append_value (update, ts, i, i + 2);
    }

  /* After the fields: ?n+2 sort_key, ?n+3 sync_hash, ?n+4 export_hash,
   * ?n+5 the expected revision (-1: any), ?n+6 and ?n+7 whether to set
   * the hashes */
  g_string_append (insert, ", sort_key, sync_hash, export_hash) VALUES (");
  ts->insert_ids = g_strdup_printf ("%s%s, ?%u, ?%u, ?%u) RETURNING id", insert->str, id_values->str,
                                    n + 2, n + 3, n + 4);
  g_string_append_printf (insert, "%s, ?%u, ?%u, ?%u) RETURNING id", values->str, n + 2, n + 3, n + 4);
  g_string_free (id_values, TRUE);
  g_string_append_printf (update,
                          ", sort_key = ?%u, "
                          "sync_hash = CASE WHEN ?%u THEN ?%u ELSE sync_hash END, "
                          "export_hash = CASE WHEN ?%u THEN ?%u ELSE export_hash END "
                          "WHERE uuid = ?1 AND (?%u < 0 OR revision = ?%u) RETURNING revision, id",
                          n + 2, n + 6, n + 3, n + 7, n + 4, n + 5, n + 5);

  g_string_append_printf (select, ", t.sync_hash, t.export_hash, t.id FROM %s AS t%s",
                          table->name, joins->str);

  ts->select = g_string_free (select, FALSE);
  ts->get = g_strdup_printf ("%s WHERE t.uuid = ?1", ts->select);
  ts->order_display = g_strdup (" ORDER BY t.sort_key, t.uuid");
  ts->insert = g_string_free (insert, FALSE);
  ts->update = g_string_free (update, FALSE);
  ts->set_hashes = g_strdup_printf ("UPDATE %s SET "
                                    "sync_hash = CASE WHEN ?4 THEN ?2 ELSE sync_hash END, "
                                    "export_hash = CASE WHEN ?5 THEN ?3 ELSE export_hash END "
                                    "WHERE uuid = ?1", table->name);
  ts->delete = g_strdup_printf ("DELETE FROM %s WHERE uuid = ?1 RETURNING id", table->name);
  ts->uuids = g_strdup_printf ("SELECT uuid FROM %s ORDER BY sort_key, uuid", table->name);
  ts->max_id = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM %s", table->name);
  ts->sort_rows = g_strdup_printf ("%s ORDER BY t.id", ts->select);

  if (ts->has_search)
    {
      /* Own matches in rank order, then the rows whose referred row
       * matches (a person from Bodø for "Bodø") */
      g_string_printf (search,
                       "SELECT uuid FROM ("
                       "SELECT t.uuid AS uuid, 0 AS via, %s_fts.rank AS r, t.sort_key AS k "
                       "FROM %s AS t JOIN %s_fts ON %s_fts.rowid = t.id WHERE %s_fts MATCH ?1",
                       table->name, table->name, table->name, table->name, table->name);

      for (guint i = 0; i < n; i++)
        if (ts->refs[i] != NULL && (table->fields[i].flags & KON_FIELD_SEARCH))
          g_string_append_printf (search,
                                  " UNION SELECT t.uuid, 1, 0, t.sort_key FROM %s AS t "
                                  "WHERE t.%s IN (SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?1)",
                                  table->name, ts->columns[i], ts->refs[i]->name, ts->refs[i]->name);

      g_string_append (search, ") GROUP BY uuid ORDER BY min (via), min (r), k, uuid");

      ts->index_one = g_strdup_printf ("INSERT INTO %s_fts (rowid%s) SELECT id%s FROM %s WHERE id = ?1",
                                       table->name, search_columns->str, search_columns->str, table->name);
      ts->index_after = g_strdup_printf ("INSERT INTO %s_fts (rowid%s) SELECT id%s FROM %s WHERE id > ?1",
                                         table->name, search_columns->str, search_columns->str, table->name);
    }

  ts->search = g_string_free (search, ts->has_search ? FALSE : TRUE);
  g_string_free (joins, TRUE);
  g_string_free (values, TRUE);
  g_string_free (search_columns, TRUE);

  return ts;
}

static TableSql *
get_table_sql (KonSqliteBackend *self,
               const KonTable   *table)
{
  TableSql *ts = g_hash_table_lookup (self->table_sql, table);

  if (ts == NULL)
    {
      ts = table_sql_new (table);
      g_hash_table_insert (self->table_sql, (gpointer) table, ts);
    }

  return ts;
}

/* Rows in and out */

/* Binds ?2… (the fields) and the sort key */
static void
bind_fields (sqlite3_stmt   *stmt,
             const KonTable *table,
             gconstpointer   row)
{
  gpointer r = (gpointer) row;
  guint n = table->n_fields;

  bind_text (stmt, 1, KON_ROW_UUID (row));

  for (guint i = 0; i < n; i++)
    {
      const KonField *field = &table->fields[i];
      int param = (int) i + 2;

      switch (field->type)
        {
        case KON_FIELD_STRING:
        case KON_FIELD_REF:
          bind_text (stmt, param, *(char **) KON_FIELD_PTR (r, field));
          break;
        case KON_FIELD_INT:
          {
            sqlite3_bind_int (stmt, param, *(int *) KON_FIELD_PTR (r, field));
          }
          break;
        case KON_FIELD_BOOL:
          sqlite3_bind_int (stmt, param, *(int *) KON_FIELD_PTR (r, field) != 0);
          break;
        case KON_FIELD_ENUM:
          bind_text (stmt, param, kon_field_enum_to_id (field, *(int *) KON_FIELD_PTR (r, field)));
          break;
        case KON_FIELD_DATE:
          {
            g_autofree char *iso = kon_date_to_iso (KON_FIELD_PTR (r, field));

            bind_text (stmt, param, iso);
          }
          break;
        case KON_FIELD_STRV:
        default:
          sqlite3_bind_text (stmt, param, kon_strv_to_json (*(char ***) KON_FIELD_PTR (r, field)), -1, g_free);
          break;
        }
    }

  if (table->sort_text != NULL)
    {
      const char *text = table->sort_text (row);
      char *key = g_utf8_collate_key (text != NULL ? text : "", -1);

      sqlite3_bind_blob (stmt, (int) n + 2, key, (int) strlen (key), g_free);
    }
  else
    sqlite3_bind_null (stmt, (int) n + 2);
}

/* A row from a statement of TableSql's select */
static gpointer
read_row (sqlite3_stmt   *stmt,
          const KonTable *table)
{
  gpointer row = g_malloc0 (table->size);

  KON_ROW (row)->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  KON_ROW (row)->revision = sqlite3_column_int64 (stmt, 1);

  for (guint i = 0; i < table->n_fields; i++)
    {
      const KonField *field = &table->fields[i];
      int column = (int) i + 2;
      const char *text = (const char *) sqlite3_column_text (stmt, column);

      switch (field->type)
        {
        case KON_FIELD_STRING:
        case KON_FIELD_REF:
          *(char **) KON_FIELD_PTR (row, field) = g_strdup (text);
          break;
        case KON_FIELD_INT:
        case KON_FIELD_BOOL:
          *(int *) KON_FIELD_PTR (row, field) = sqlite3_column_int (stmt, column);
          break;
        case KON_FIELD_ENUM:
          if (!kon_field_enum_from_id (field, text, KON_FIELD_PTR (row, field)))
            *(int *) KON_FIELD_PTR (row, field) = 0;
          break;
        case KON_FIELD_DATE:
          kon_date_from_iso (text, KON_FIELD_PTR (row, field));
          break;
        case KON_FIELD_STRV:
        default:
          *(char ***) KON_FIELD_PTR (row, field) = kon_strv_from_json (text);
          break;
        }
    }

  return row;
}

static void
column_hashes (sqlite3_stmt   *stmt,
               const KonTable *table,
               KonRowHash     *out_sync_hash,
               KonRowHash     *out_export_hash)
{
  column_hash (stmt, (int) table->n_fields + 2, out_sync_hash);
  column_hash (stmt, (int) table->n_fields + 3, out_export_hash);
}

static gboolean
log_change (KonSqliteBackend  *self,
            const KonTable    *table,
            const char        *uuid,
            KonStoreChange     change,
            GError           **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO change_log (tbl, uuid, change) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, table->name);
  bind_text (stmt, 2, uuid);
  sqlite3_bind_int (stmt, 3, change);

  return step_done (self, stmt, error);
}

static gboolean
query_id (KonSqliteBackend  *self,
          const char        *sql,
          gint64             param,
          gint64            *out_value,
          GError           **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, param);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  return TRUE;
}

/* Every row's sort key again, when the locale's collation is not the
 * one they were made with */
static gboolean
refresh_sort_keys (KonSqliteBackend  *self,
                   GError           **error)
{
  const char *collation = setlocale (LC_COLLATE, NULL);
  g_autofree char *stored = NULL;
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT value FROM meta WHERE key = 'collation'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stored = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (g_strcmp0 (stored, collation != NULL ? collation : "C") == 0)
    return TRUE;

  if (!_kon_sqlite_run_script (self->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint t = 0; t < n_tables; t++)
    {
      const KonTable *table = tables[t];
      TableSql *ts = get_table_sql (self, table);
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *update = g_strdup_printf ("UPDATE %s SET sort_key = ?2 WHERE id = ?1", table->name);

      if (table->sort_text == NULL)
        continue;

      stmt = prepare (self, ts->sort_rows, error);
      if (stmt == NULL)
        goto failed;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, (int) table->n_fields + 4);

          g_ptr_array_add (rows, read_row (stmt, table));
          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _kon_sqlite_set_error (error, self->db, rc);
          for (guint i = 0; i < rows->len; i++)
            kon_table_row_free (table, g_ptr_array_index (rows, i));
          goto failed;
        }

      for (guint i = 0; i < rows->len; i++)
        {
          gpointer row = g_ptr_array_index (rows, i);
          const char *text = table->sort_text (row);
          char *key = g_utf8_collate_key (text != NULL ? text : "", -1);
          gboolean ok;

          stmt = prepare (self, update, error);
          ok = stmt != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
              sqlite3_bind_blob (stmt, 2, key, (int) strlen (key), SQLITE_TRANSIENT);
              ok = step_done (self, stmt, error);
            }
          g_free (key);
          if (!ok)
            {
              for (; i < rows->len; i++)
                kon_table_row_free (table, g_ptr_array_index (rows, i));
              goto failed;
            }
          kon_table_row_free (table, row);
        }
    }

  stmt = prepare (self, "INSERT INTO meta (key, value) VALUES ('collation', ?1) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, collation != NULL ? collation : "C");
  if (!step_done (self, stmt, error) || !_kon_sqlite_run_script (self->db, "COMMIT", error))
    goto failed;

  return TRUE;

failed:
  _kon_sqlite_run_script (self->db, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
_kon_sqlite_after_open (KonSqliteBackend  *self,
            GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  stmt = prepare (self, "PRAGMA data_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->data_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (self->read_only)
    return TRUE;

  /* Housekeeping: a busy or full database is still opened */
  if (!refresh_sort_keys (self, &local_error))
    {
      g_debug ("Sort keys not refreshed: %s", local_error->message);
      g_clear_error (&local_error);
    }

  stmt = prepare (self, "DELETE FROM change_log WHERE seq <= (SELECT max (seq) FROM change_log) - ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, CHANGE_LOG_KEEP);
      if (!step_done (self, stmt, &local_error))
        g_debug ("Change log not pruned: %s", local_error->message);
    }

  return TRUE;
}

/* KonBackend */

static KonBackend *
kon_sqlite_backend_open_worker (KonBackend  *backend,
                                GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);

  return _kon_sqlite_open_worker (self->path, error);
}

static const char *
kon_sqlite_backend_get_path (KonBackend *backend)
{
  return KON_SQLITE_BACKEND (backend)->path;
}

static gboolean
kon_sqlite_backend_is_read_only (KonBackend *backend)
{
  return KON_SQLITE_BACKEND (backend)->read_only;
}

static int
kon_sqlite_backend_get_schema_version (KonBackend *backend)
{
  return KON_SQLITE_BACKEND (backend)->schema_version;
}

static gboolean
kon_sqlite_backend_begin (KonBackend      *backend,
                          KonTransaction   kind,
                          GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);

  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (kind != KON_TRANSACTION_READ && self->read_only)
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_READ_ONLY,
                   _("The database is read-only, so the change could not be saved."));
      return FALSE;
    }

  if (kind == KON_TRANSACTION_BULK)
    {
      /* A large import touches far more pages than the default cache
       * holds; foreign keys are checked at the commit, once */
      if (!_kon_sqlite_run_script (self->db, "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;", error))
        return FALSE;
    }

  if (kind == KON_TRANSACTION_TRY_WRITE)
    {
      gboolean begun;

      sqlite3_busy_timeout (self->db, 0);
      begun = _kon_sqlite_run_script (self->db, "BEGIN IMMEDIATE", error);
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
      if (!begun)
        return FALSE;
    }
  else if (!_kon_sqlite_run_script (self->db, kind == KON_TRANSACTION_READ ? "BEGIN" : "BEGIN IMMEDIATE", error))
    return FALSE;

  if (kind == KON_TRANSACTION_BULK &&
      !_kon_sqlite_run_script (self->db, "PRAGMA defer_foreign_keys = ON", error))
    {
      _kon_sqlite_run_script (self->db, "ROLLBACK", NULL);
      return FALSE;
    }

  self->in_transaction = TRUE;
  self->transaction = kind;
  g_hash_table_remove_all (self->bulk_tables);

  return TRUE;
}

static void
end_transaction (KonSqliteBackend *self)
{
  if (self->transaction == KON_TRANSACTION_BULK)
    _kon_sqlite_run_script (self->db, "PRAGMA cache_size = -2000", NULL);

  self->in_transaction = FALSE;
  g_hash_table_remove_all (self->bulk_tables);

  {
    GHashTableIter iter;
    TableSql *ts;

    g_hash_table_iter_init (&iter, self->table_sql);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &ts))
      g_clear_pointer (&ts->bulk_ids, g_hash_table_unref);
  }
}

static gboolean
kon_sqlite_backend_commit (KonBackend  *backend,
                           GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self->in_transaction, FALSE);

  /* A bulk write: the new rows' search index at once, and one RELOAD per
   * table in the log */
  g_hash_table_iter_init (&iter, self->bulk_tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const KonTable *table = key;
      TableSql *ts = get_table_sql (self, table);
      gint64 after = *(gint64 *) value;

      if (ts->has_search)
        {
          sqlite3_stmt *stmt = prepare (self, ts->index_after, error);

          if (stmt == NULL)
            goto failed;
          sqlite3_bind_int64 (stmt, 1, after);
          if (!step_done (self, stmt, error))
            goto failed;
        }

      if (!log_change (self, table, NULL, KON_STORE_CHANGE_RELOAD, error))
        goto failed;
    }

  if (!_kon_sqlite_run_script (self->db, "COMMIT", error))
    goto failed;

  end_transaction (self);

  return TRUE;

failed:
  /* The caller rolls back */
  return FALSE;
}

static void
kon_sqlite_backend_rollback (KonBackend *backend)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);

  if (!sqlite3_get_autocommit (self->db))
    _kon_sqlite_run_script (self->db, "ROLLBACK", NULL);

  end_transaction (self);
}

/* Puts a statement taken out of the cache back, under its own key,
 * unless a nested use cached another one for the same SQL meanwhile */
static void
put_back_statement (KonSqliteBackend *self,
                    char             *sql,
                    sqlite3_stmt     *stmt)
{
  if (g_hash_table_contains (self->statements, sql))
    {
      sqlite3_finalize (stmt);
      g_free (sql);
      return;
    }

  g_hash_table_insert (self->statements, sql, stmt);
}

static gboolean
kon_sqlite_backend_foreach_row (KonBackend      *backend,
                                const KonTable  *table,
                                const char      *key,
                                const char      *uuid,
                                KonOrder         order,
                                KonRowFunc       func,
                                gpointer         user_data,
                                GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  g_autofree char *sql = NULL;
  g_autofree char *cached_sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (key != NULL)
    {
      const KonField *field = kon_table_get_field (table, key);
      guint i;

      g_return_val_if_fail (field != NULL && field->type == KON_FIELD_REF, FALSE);
      i = (guint) (field - table->fields);
      sql = g_strdup_printf ("%s WHERE t.%s = (SELECT id FROM %s WHERE uuid = ?1)%s",
                             ts->select, ts->columns[i], ts->refs[i]->name,
                             order == KON_ORDER_UUID ? " ORDER BY t.uuid" : ts->order_display);
    }
  else
    sql = g_strdup_printf ("%s%s", ts->select, order == KON_ORDER_UUID ? " ORDER BY t.uuid" : ts->order_display);

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (key != NULL)
    bind_text (stmt, 1, uuid);

  /* The statement may be used again by @func (a nested read): step
   * through a private one when so.  Statements are cached per SQL, so
   * take it out of the cache while it runs (its key too: a steal does
   * not free it) and put both back after. */
  g_hash_table_steal_extended (self->statements, sql, (gpointer *) &cached_sql, NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KonRowHash sync_hash, export_hash;
      gpointer row = read_row (stmt, table);

      column_hashes (stmt, table, &sync_hash, &export_hash);

      if (!func (row, &sync_hash, &export_hash, user_data, error))
        {
          sqlite3_reset (stmt);
          put_back_statement (self, g_steal_pointer (&cached_sql), stmt);
          return FALSE;
        }
    }

  sqlite3_reset (stmt);
  put_back_statement (self, g_steal_pointer (&cached_sql), stmt);

  if (rc != SQLITE_DONE)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  return TRUE;
}

static gpointer
kon_sqlite_backend_get_row (KonBackend      *backend,
                            const KonTable  *table,
                            const char      *uuid,
                            KonRowHash      *out_sync_hash,
                            KonRowHash      *out_export_hash,
                            GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  sqlite3_stmt *stmt = prepare_cached (self, &ts->get_stmt, ts->get, error);
  gpointer row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row = read_row (stmt, table);
      column_hashes (stmt, table, out_sync_hash, out_export_hash);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _kon_sqlite_set_error (error, self->db, rc);
  else if (rc == SQLITE_DONE)
    g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND,
                 _("It is no longer there: it may have been deleted in another window."));

  return row;
}

static GPtrArray *
kon_sqlite_backend_get_many (KonBackend          *backend,
                             const KonTable      *table,
                             const char * const  *uuids,
                             guint                n_uuids,
                             GError             **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  GPtrArray *rows = g_ptr_array_new_full (n_uuids, table->free);
  g_autofree char *sql = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  /* One statement for any number: the uuids as a JSON array */
  sql = g_strdup_printf ("%s WHERE t.uuid IN (SELECT value FROM json_each (?1))", ts->select);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (rows);
      return NULL;
    }

  {
    g_autoptr(GPtrArray) list = g_ptr_array_new_null_terminated (n_uuids, NULL, TRUE);

    for (guint i = 0; i < n_uuids; i++)
      g_ptr_array_add (list, (gpointer) uuids[i]);
    sqlite3_bind_text (stmt, 1, kon_strv_to_json ((char **) list->pdata), -1, g_free);
  }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer row = read_row (stmt, table);

      g_hash_table_insert (found, KON_ROW (row)->uuid, row);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      GHashTableIter iter;
      gpointer row;

      g_hash_table_iter_init (&iter, found);
      while (g_hash_table_iter_next (&iter, NULL, &row))
        kon_table_row_free (table, row);
      _kon_sqlite_set_error (error, self->db, rc);
      g_ptr_array_unref (rows);
      return NULL;
    }

  for (guint i = 0; i < n_uuids; i++)
    {
      gpointer row = NULL;

      if (g_hash_table_steal_extended (found, uuids[i], NULL, &row))
        g_ptr_array_add (rows, row);
    }

  /* A uuid asked for twice: the rest */
  {
    GHashTableIter iter;
    gpointer row;

    g_hash_table_iter_init (&iter, found);
    while (g_hash_table_iter_next (&iter, NULL, &row))
      kon_table_row_free (table, row);
  }

  return rows;
}

static gboolean
kon_sqlite_backend_count (KonBackend      *backend,
                          const KonTable  *table,
                          const char      *key,
                          const char      *uuid,
                          guint           *out_count,
                          GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (key != NULL)
    {
      const KonField *field = kon_table_get_field (table, key);
      guint i;

      g_return_val_if_fail (field != NULL && field->type == KON_FIELD_REF, FALSE);
      i = (guint) (field - table->fields);
      sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE %s = (SELECT id FROM %s WHERE uuid = ?1)",
                             table->name, ts->columns[i], ts->refs[i]->name);
    }
  else
    sql = g_strdup_printf ("SELECT count (*) FROM %s", table->name);

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (key != NULL)
    bind_text (stmt, 1, uuid);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  return TRUE;
}

/* Each word of @query as an FTS5 prefix phrase: "bø"* "kommune"*.  Quoting
 * keeps FTS5 syntax (AND, NEAR, "-", …) out of what the user types. */
static char *
build_match_query (const char *query)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) match = g_string_new (NULL);

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return NULL;

  words = g_strsplit_set (query, " \t\n\r", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean has_word_char = FALSE;

      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalnum (g_utf8_get_char (p)))
          {
            has_word_char = TRUE;
            break;
          }

      if (!has_word_char)
        continue;

      if (match->len > 0)
        g_string_append_c (match, ' ');

      g_string_append_c (match, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append (match, "\"*");
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

static const char *
column_of (TableSql       *ts,
           const KonTable *table,
           const char     *key,
           KonFieldType    type)
{
  const KonField *field = kon_table_get_field (table, key);

  g_return_val_if_fail (field != NULL && field->type == type, NULL);
  return ts->columns[field - table->fields];
}

static gboolean
kon_sqlite_backend_max_in_group (KonBackend      *backend,
                                 const KonTable  *table,
                                 const char      *key,
                                 const char      *uuid,
                                 const char      *group_key,
                                 int              group_value,
                                 const char      *field,
                                 int              value,
                                 int             *out_max,
                                 gboolean        *out_taken,
                                 GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  const char *key_column = column_of (ts, table, key, KON_FIELD_REF);
  const char *group_column = column_of (ts, table, group_key, KON_FIELD_INT);
  const char *field_column = column_of (ts, table, field, KON_FIELD_INT);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (key_column != NULL && group_column != NULL && field_column != NULL, FALSE);

  /* Column names come from the table's declaration, never from input */
  sql = g_strdup_printf ("SELECT coalesce (max (%s), 0), coalesce (max (%s = ?3), 0) FROM %s "
                         "WHERE %s = (SELECT id FROM %s WHERE uuid = ?1) AND %s = ?2",
                         field_column, field_column, table->name, key_column,
                         ts->refs[kon_table_get_field (table, key) - table->fields]->name, group_column);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, uuid);
  sqlite3_bind_int (stmt, 2, group_value);
  sqlite3_bind_int (stmt, 3, value);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_max = sqlite3_column_int (stmt, 0);
      *out_taken = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  return TRUE;
}

static void
bind_filters (sqlite3_stmt    *stmt,
              const KonTable  *table,
              const KonFilter *filters,
              guint            n_filters,
              guint            first_param,
              const char      *match)
{
  if (match != NULL)
    bind_text (stmt, 1, match);
  for (guint f = 0; f < n_filters; f++)
    {
      const KonField *field = kon_table_get_field (table, filters[f].key);

      if (field->type == KON_FIELD_REF || field->type == KON_FIELD_ENUM || field->type == KON_FIELD_STRING)
        bind_text (stmt, (int) (first_param + f), filters[f].text);
      else
        sqlite3_bind_int (stmt, (int) (first_param + f), filters[f].value);
    }
}

/* A search with more matches than this is not ranked: bm25 costs some
 * 16 µs a match, and a one-letter prefix in twenty years of cases
 * matches nearly every case, half a second; the matches come in the
 * order asked for instead (or the newest added first).  Either way a
 * search lists at most KON_STORE_MAX_MATCHES: what a person reads of a
 * list, and what the next letter typed narrows. */
#define MAX_RANKED 500

static void
append_step_uuids (sqlite3_stmt *stmt,
                   GPtrArray    *uuids,
                   int          *rc)
{
  while ((*rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
}

static GPtrArray *
kon_sqlite_backend_list_uuids_where (KonBackend         *backend,
                                     const KonTable     *table,
                                     const char         *query,
                                     const KonFilter    *filters,
                                     guint               n_filters,
                                     const char * const *order_keys,
                                     gboolean            descending,
                                     GError            **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  g_autofree char *match = ts->has_search ? build_match_query (query) : NULL;
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GString) filtered = g_string_new (NULL);
  g_autoptr(GString) order = g_string_new (NULL);
  g_autofree char *sql = NULL;
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  guint first_param = match != NULL ? 2 : 1;
  gboolean ranked = FALSE;
  int rc = SQLITE_DONE;

  /* Column names come from the table's declaration, never from input */
  for (guint f = 0; f < n_filters; f++)
    {
      const KonField *field = kon_table_get_field (table, filters[f].key);
      guint i;

      if (field == NULL)
        {
          g_critical ("%s has no field %s", table->name, filters[f].key);
          g_ptr_array_unref (uuids);
          return NULL;
        }
      i = (guint) (field - table->fields);
      g_string_append (where, where->len == 0 ? " WHERE " : " AND ");
      if (field->type == KON_FIELD_REF)
        g_string_append_printf (where, "t.%s = (SELECT id FROM %s WHERE uuid = ?%u)",
                                ts->columns[i], ts->refs[i]->name, first_param + f);
      else
        g_string_append_printf (where, "t.%s = ?%u", ts->columns[i], first_param + f);
    }
  /* The filters alone (a ranked search joins the index), and with the
   * query */
  g_string_assign (filtered, where->str);
  if (match != NULL)
    g_string_append_printf (where, "%s t.id IN (SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?1)",
                            where->len == 0 ? " WHERE" : " AND", table->name, table->name);

  for (guint k = 0; order_keys != NULL && order_keys[k] != NULL; k++)
    {
      const KonField *field = kon_table_get_field (table, order_keys[k]);
      gboolean by_sort_key = field != NULL && table->sort_text != NULL && field->type == KON_FIELD_STRING;

      g_return_val_if_fail (field != NULL && field->type != KON_FIELD_REF, uuids);
      g_string_append_printf (order, "%s t.%s%s", order->len == 0 ? " ORDER BY" : ",",
                              by_sort_key ? "sort_key" : ts->columns[field - table->fields],
                              descending ? " DESC" : "");
    }
  if (order->len == 0 && match != NULL)
    g_string_append (order, " ORDER BY t.id DESC");
  else
    {
      if (order->len == 0)
        g_string_append_printf (order, " ORDER BY t.sort_key%s", descending ? " DESC" : "");
      g_string_append_printf (order, ", t.uuid%s", descending ? " DESC" : "");
    }
  if (match != NULL)
    g_string_append_printf (order, " LIMIT %d", KON_STORE_MAX_MATCHES);

  /* A query without an order of its own: the newest matches first, read
   * straight from the index (FTS5 gives its rows by rowid either way);
   * where they are few enough to rank them all, ranked instead */
  if (match != NULL && (order_keys == NULL || order_keys[0] == NULL))
    {
      sql = g_strdup_printf ("SELECT t.uuid FROM %s_fts JOIN %s AS t ON t.id = %s_fts.rowid "
                             "WHERE %s_fts MATCH ?1%s%s ORDER BY %s_fts.rowid DESC LIMIT %d",
                             table->name, table->name, table->name, table->name,
                             filtered->len > 0 ? " AND" : "", filtered->len > 0 ? filtered->str + 6 : "",
                             table->name, KON_STORE_MAX_MATCHES);
      stmt = prepare (self, sql, error);
      if (stmt == NULL)
        goto failed;
      bind_filters (stmt, table, filters, n_filters, first_param, match);
      append_step_uuids (stmt, uuids, &rc);
      if (rc != SQLITE_DONE)
        goto sqlite_failed;
      ranked = uuids->len <= MAX_RANKED;
      if (!ranked)
        return uuids;
      g_ptr_array_set_size (uuids, 0);
    }

  g_free (sql);
  if (ranked)
    sql = g_strdup_printf ("SELECT t.uuid FROM %s AS t JOIN %s_fts ON %s_fts.rowid = t.id%s%s%s_fts MATCH ?1 "
                           "ORDER BY %s_fts.rank, t.sort_key, t.uuid LIMIT %d",
                           table->name, table->name, table->name, filtered->str,
                           filtered->len == 0 ? " WHERE " : " AND ", table->name, table->name,
                           KON_STORE_MAX_MATCHES);
  else
    sql = g_strdup_printf ("SELECT t.uuid FROM %s AS t%s%s", table->name, where->str, order->str);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;
  bind_filters (stmt, table, filters, n_filters, first_param, match);
  append_step_uuids (stmt, uuids, &rc);
  if (rc != SQLITE_DONE)
    goto sqlite_failed;

  return uuids;

sqlite_failed:
  _kon_sqlite_set_error (error, self->db, rc);
failed:
  g_ptr_array_unref (uuids);
  return NULL;
}

/* The words around a match: snippet () over every column of the index,
 * the matches marked with the private-use characters U+E000 and U+E001 */
static char *
kon_sqlite_backend_get_snippet (KonBackend      *backend,
                                const KonTable  *table,
                                const char      *query,
                                const char      *uuid,
                                GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  g_autofree char *match = ts->has_search ? build_match_query (query) : NULL;
  g_autofree char *sql = NULL;
  char *snippet = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (match == NULL)
    return NULL;

  sql = g_strdup_printf ("SELECT snippet (%s_fts, -1, '\xee\x80\x80', '\xee\x80\x81', '…', 10) "
                         "FROM %s_fts WHERE %s_fts MATCH ?1 AND rowid = (SELECT id FROM %s WHERE uuid = ?2)",
                         table->name, table->name, table->name, table->name);
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, match);
  bind_text (stmt, 2, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return NULL;
    }

  return snippet;
}

static GPtrArray *
kon_sqlite_backend_list_uuids (KonBackend      *backend,
                               const KonTable  *table,
                               const char      *query,
                               GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  g_autofree char *match = ts->has_search ? build_match_query (query) : NULL;
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, match != NULL ? ts->search : ts->uuids, error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (uuids);
      return NULL;
    }

  if (match != NULL)
    bind_text (stmt, 1, match);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      g_ptr_array_unref (uuids);
      return NULL;
    }

  return uuids;
}

/* In a bulk write, a row whose references are all to rows this write
 * inserted: the insert that takes their ids.  FALSE (and no error) when
 * one is not, or the statement could not be made: then the usual one */
static gboolean
bind_bulk_insert (KonSqliteBackend  *self,
                  TableSql          *ts,
                  gconstpointer      row,
                  const KonRowHash  *sync_hash,
                  const KonRowHash  *export_hash,
                  sqlite3_stmt     **out_stmt,
                  GError           **error)
{
  const KonTable *table = ts->table;
  gint64 ids[16];
  sqlite3_stmt *stmt;

  if (table->n_fields > G_N_ELEMENTS (ids))
    return FALSE;

  for (guint i = 0; i < table->n_fields; i++)
    {
      const char *uuid;
      TableSql *target;
      gpointer id;

      if (ts->refs[i] == NULL)
        continue;

      uuid = *(char **) KON_FIELD_PTR ((gpointer) row, &table->fields[i]);
      ids[i] = 0;
      if (uuid == NULL)
        continue;

      target = get_table_sql (self, ts->refs[i]);
      if (target->bulk_ids == NULL || (id = g_hash_table_lookup (target->bulk_ids, uuid)) == NULL)
        return FALSE;
      ids[i] = (gint64) GPOINTER_TO_SIZE (id);
    }

  stmt = prepare_cached (self, &ts->insert_ids_stmt, ts->insert_ids, NULL);
  if (stmt == NULL)
    return FALSE;

  bind_fields (stmt, table, row);
  for (guint i = 0; i < table->n_fields; i++)
    if (ts->refs[i] != NULL && ids[i] != 0)
      sqlite3_bind_int64 (stmt, (int) i + 2, ids[i]);
  bind_hash (stmt, (int) table->n_fields + 3, sync_hash);
  bind_hash (stmt, (int) table->n_fields + 4, export_hash);

  *out_stmt = stmt;
  return TRUE;
}

static gboolean
kon_sqlite_backend_insert_row (KonBackend        *backend,
                               const KonTable    *table,
                               gpointer           row,
                               const KonRowHash  *sync_hash,
                               const KonRowHash  *export_hash,
                               GError           **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  gboolean bulk = self->transaction == KON_TRANSACTION_BULK;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (self->in_transaction && self->transaction != KON_TRANSACTION_READ, FALSE);

  if (bulk && !g_hash_table_contains (self->bulk_tables, table))
    {
      gint64 *max_id = g_new0 (gint64, 1);

      if (!query_id (self, ts->max_id, 0, max_id, error))
        {
          g_free (max_id);
          return FALSE;
        }
      g_hash_table_insert (self->bulk_tables, (gpointer) table, max_id);
    }

  if (bulk && bind_bulk_insert (self, ts, row, sync_hash, export_hash, &stmt, error))
    ;
  else
    {
      stmt = prepare_cached (self, &ts->insert_stmt, ts->insert, error);
      if (stmt == NULL)
        return FALSE;

      bind_fields (stmt, table, row);
      bind_hash (stmt, (int) table->n_fields + 3, sync_hash);
      bind_hash (stmt, (int) table->n_fields + 4, export_hash);
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  KON_ROW (row)->revision = 1;

  if (bulk)
    {
      if (ts->bulk_ids == NULL)
        ts->bulk_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (ts->bulk_ids, g_strdup (KON_ROW_UUID (row)), GSIZE_TO_POINTER ((gsize) id));
      return TRUE;
    }

  if (ts->has_search)
    {
      stmt = prepare (self, ts->index_one, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return log_change (self, table, KON_ROW_UUID (row), KON_STORE_CHANGE_INSERT, error);
}

static gboolean
kon_sqlite_backend_update_row (KonBackend        *backend,
                               const KonTable    *table,
                               gpointer           row,
                               gint64             expected_revision,
                               const KonRowHash  *sync_hash,
                               const KonRowHash  *export_hash,
                               GError           **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  guint n = table->n_fields;
  sqlite3_stmt *stmt;
  gint64 revision = 0;
  int rc;

  g_return_val_if_fail (self->in_transaction && self->transaction != KON_TRANSACTION_READ, FALSE);

  stmt = prepare_cached (self, &ts->update_stmt, ts->update, error);
  if (stmt == NULL)
    return FALSE;

  bind_fields (stmt, table, row);
  bind_hash (stmt, (int) n + 3, sync_hash);
  bind_hash (stmt, (int) n + 4, export_hash);
  sqlite3_bind_int64 (stmt, (int) n + 5, expected_revision);
  sqlite3_bind_int (stmt, (int) n + 6, sync_hash != NULL);
  sqlite3_bind_int (stmt, (int) n + 7, export_hash != NULL);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    revision = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_autoptr(GError) local_error = NULL;
      gpointer current = kon_sqlite_backend_get_row (backend, table, KON_ROW_UUID (row), NULL, NULL, &local_error);

      if (current == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      kon_table_row_free (table, current);
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT,
                   _("Someone else changed this in the meantime, in another window or at the "
                     "other desk. Your change was not saved, so as not to overwrite theirs: "
                     "reload to see what they changed, then make your change again."));
      return FALSE;
    }

  if (rc != SQLITE_ROW)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  KON_ROW (row)->revision = revision;

  if (self->transaction == KON_TRANSACTION_BULK)
    {
      if (!g_hash_table_contains (self->bulk_tables, table))
        {
          gint64 *max_id = g_new0 (gint64, 1);

          if (!query_id (self, ts->max_id, 0, max_id, error))
            {
              g_free (max_id);
              return FALSE;
            }
          g_hash_table_insert (self->bulk_tables, (gpointer) table, max_id);
        }
      return TRUE;
    }

  return log_change (self, table, KON_ROW_UUID (row), KON_STORE_CHANGE_UPDATE, error);
}

static gboolean
kon_sqlite_backend_set_hashes (KonBackend        *backend,
                               const KonTable    *table,
                               const char        *uuid,
                               const KonRowHash  *sync_hash,
                               const KonRowHash  *export_hash,
                               GError           **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  sqlite3_stmt *stmt = prepare (self, ts->set_hashes, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, uuid);
  bind_hash (stmt, 2, sync_hash);
  bind_hash (stmt, 3, export_hash);
  sqlite3_bind_int (stmt, 4, sync_hash != NULL);
  sqlite3_bind_int (stmt, 5, export_hash != NULL);

  return step_done (self, stmt, error);
}

static gboolean
kon_sqlite_backend_delete_row (KonBackend      *backend,
                               const KonTable  *table,
                               const char      *uuid,
                               GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = get_table_sql (self, table);
  sqlite3_stmt *stmt = prepare (self, ts->delete, error);
  int rc;

  g_return_val_if_fail (self->in_transaction && self->transaction != KON_TRANSACTION_READ, FALSE);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND,
                   _("It is no longer there: it may have been deleted in another window."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      return FALSE;
    }

  return log_change (self, table, uuid, KON_STORE_CHANGE_DELETE, error);
}

static gboolean
kon_sqlite_backend_poll (KonBackend *backend)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  sqlite3_stmt *stmt = prepare (self, "PRAGMA data_version", NULL);
  gint64 version = self->data_version;

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (version == self->data_version)
    return FALSE;

  self->data_version = version;
  return TRUE;
}

static GArray *
kon_sqlite_backend_read_changes (KonBackend  *backend,
                                 gint64       since,
                                 gint64      *out_first,
                                 GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  GArray *changes = g_array_new (FALSE, TRUE, sizeof (KonChange));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (changes, (GDestroyNotify) kon_change_clear);

  if (out_first != NULL &&
      !query_id (self, "SELECT coalesce (min (seq), 0) FROM change_log WHERE ?1 = ?1", 0, out_first, error))
    {
      g_array_unref (changes);
      return NULL;
    }

  stmt = prepare (self, "SELECT seq, tbl, uuid, change FROM change_log WHERE seq > ?1 ORDER BY seq", error);
  if (stmt == NULL)
    {
      g_array_unref (changes);
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KonChange change = {
        sqlite3_column_int64 (stmt, 0),
        kon_table_lookup ((const char *) sqlite3_column_text (stmt, 1)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        sqlite3_column_int (stmt, 3),
      };

      if (change.table == NULL)
        {
          /* A table of a newer version of the program: nothing here shows it */
          kon_change_clear (&change);
          continue;
        }
      g_array_append_val (changes, change);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kon_sqlite_set_error (error, self->db, rc);
      g_array_unref (changes);
      return NULL;
    }

  return changes;
}

static gint64
kon_sqlite_backend_last_change (KonBackend  *backend,
                                GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  gint64 last = 0;

  if (!query_id (self, "SELECT coalesce (max (seq), 0) FROM change_log WHERE ?1 = ?1", 0, &last, error))
    return -1;

  return last;
}

static char *
kon_sqlite_backend_get_meta (KonBackend  *backend,
                             const char  *key,
                             GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  sqlite3_stmt *stmt = prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    _kon_sqlite_set_error (error, self->db, rc);
  sqlite3_reset (stmt);

  return value;
}

static gboolean
kon_sqlite_backend_set_meta (KonBackend  *backend,
                             const char  *key,
                             const char  *value,
                             GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);

  return step_done (self, stmt, error);
}

/* GObject */

static void
kon_sqlite_backend_finalize (GObject *object)
{
  KonSqliteBackend *self = (KonSqliteBackend *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->table_sql, g_hash_table_unref);
  g_clear_pointer (&self->bulk_tables, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kon_sqlite_backend_parent_class)->finalize (object);
}

static void
kon_sqlite_backend_class_init (KonSqliteBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KonBackendClass *backend_class = KON_BACKEND_CLASS (klass);

  object_class->finalize = kon_sqlite_backend_finalize;

  backend_class->open_worker = kon_sqlite_backend_open_worker;
  backend_class->get_path = kon_sqlite_backend_get_path;
  backend_class->is_read_only = kon_sqlite_backend_is_read_only;
  backend_class->get_schema_version = kon_sqlite_backend_get_schema_version;
  backend_class->begin = kon_sqlite_backend_begin;
  backend_class->commit = kon_sqlite_backend_commit;
  backend_class->rollback = kon_sqlite_backend_rollback;
  backend_class->foreach_row = kon_sqlite_backend_foreach_row;
  backend_class->get_row = kon_sqlite_backend_get_row;
  backend_class->get_many = kon_sqlite_backend_get_many;
  backend_class->count = kon_sqlite_backend_count;
  backend_class->max_in_group = kon_sqlite_backend_max_in_group;
  backend_class->list_uuids_where = kon_sqlite_backend_list_uuids_where;
  backend_class->get_snippet = kon_sqlite_backend_get_snippet;
  backend_class->list_uuids = kon_sqlite_backend_list_uuids;
  backend_class->insert_row = kon_sqlite_backend_insert_row;
  backend_class->update_row = kon_sqlite_backend_update_row;
  backend_class->set_hashes = kon_sqlite_backend_set_hashes;
  backend_class->delete_row = kon_sqlite_backend_delete_row;
  backend_class->poll = kon_sqlite_backend_poll;
  backend_class->read_changes = kon_sqlite_backend_read_changes;
  backend_class->last_change = kon_sqlite_backend_last_change;
  backend_class->get_meta = kon_sqlite_backend_get_meta;
  backend_class->set_meta = kon_sqlite_backend_set_meta;
}

static void
kon_sqlite_backend_init (KonSqliteBackend *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
  self->table_sql = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) table_sql_free);
  self->bulk_tables = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

/* Test hooks */

sqlite3 *
_kon_sqlite_backend_get_db (KonSqliteBackend *self)
{
  g_return_val_if_fail (KON_IS_SQLITE_BACKEND (self), NULL);

  return self->db;
}

gboolean
_kon_sqlite_limit_growth (KonSqliteBackend  *self,
                          GError           **error)
{
  g_return_val_if_fail (KON_IS_SQLITE_BACKEND (self), FALSE);

  /* SQLite never sets the limit below the pages in use */
  return _kon_sqlite_run_script (self->db, "PRAGMA max_page_count = 1", error);
}
