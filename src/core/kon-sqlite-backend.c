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


G_DEFINE_FINAL_TYPE (KonSqliteBackend, kon_sqlite_backend, KON_TYPE_BACKEND)

/* Statements */

sqlite3_stmt *
_kon_sqlite_prepare (KonSqliteBackend  *self,
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

  *slot = _kon_sqlite_prepare (self, sql, error);

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

void
_kon_sqlite_bind_text (sqlite3_stmt *stmt,
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

TableSql *
_kon_sqlite_get_table_sql (KonSqliteBackend *self,
               const KonTable   *table)
{
  TableSql *ts = g_hash_table_lookup (self->table_sql, table);

  if (ts == NULL)
    {
      ts = _kon_sqlite_table_sql_new (table);
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

  _kon_sqlite_bind_text (stmt, 1, KON_ROW_UUID (row));

  for (guint i = 0; i < n; i++)
    {
      const KonField *field = &table->fields[i];
      int param = (int) i + 2;

      switch (field->type)
        {
        case KON_FIELD_STRING:
        case KON_FIELD_REF:
          _kon_sqlite_bind_text (stmt, param, *(char **) KON_FIELD_PTR (r, field));
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
          _kon_sqlite_bind_text (stmt, param, kon_field_enum_to_id (field, *(int *) KON_FIELD_PTR (r, field)));
          break;
        case KON_FIELD_DATE:
          {
            g_autofree char *iso = kon_date_to_iso (KON_FIELD_PTR (r, field));

            _kon_sqlite_bind_text (stmt, param, iso);
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
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self, "INSERT INTO change_log (tbl, uuid, change) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;

  _kon_sqlite_bind_text (stmt, 1, table->name);
  _kon_sqlite_bind_text (stmt, 2, uuid);
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
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self, sql, error);
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

/* A write transaction for housekeeping, which can always wait for the
 * next open: it waits for no other connection's write lock (a backup
 * taken while another desk saves must not wait through the busy
 * timeout) */
static gboolean
begin_housekeeping (KonSqliteBackend  *self,
                    GError           **error)
{
  gboolean begun;

  sqlite3_busy_timeout (self->db, 0);
  begun = _kon_sqlite_run_script (self->db, "BEGIN IMMEDIATE", error);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  return begun;
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

  stmt = _kon_sqlite_prepare (self, "SELECT value FROM meta WHERE key = 'collation'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stored = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (g_strcmp0 (stored, collation != NULL ? collation : "C") == 0)
    return TRUE;

  /* Not worth waiting for another connection's write: the next open
   * does it */
  if (!begin_housekeeping (self, error))
    return FALSE;

  for (guint t = 0; t < n_tables; t++)
    {
      const KonTable *table = tables[t];
      TableSql *ts = _kon_sqlite_get_table_sql (self, table);
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (table->sort_text == NULL)
        continue;

      stmt = _kon_sqlite_prepare (self, ts->sort_rows, error);
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

          stmt = _kon_sqlite_prepare (self, ts->set_sort_key, error);
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

  stmt = _kon_sqlite_prepare (self, "INSERT INTO meta (key, value) VALUES ('collation', ?1) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    goto failed;
  _kon_sqlite_bind_text (stmt, 1, collation != NULL ? collation : "C");
  if (!step_done (self, stmt, error) || !_kon_sqlite_run_script (self->db, "COMMIT", error))
    goto failed;

  return TRUE;

failed:
  _kon_sqlite_run_script (self->db, "ROLLBACK", NULL);
  return FALSE;
}

static gboolean
prune_change_log (KonSqliteBackend  *self,
                  GError           **error)
{
  sqlite3_stmt *stmt;

  if (!begin_housekeeping (self, error))
    return FALSE;

  stmt = _kon_sqlite_prepare (self, "DELETE FROM change_log WHERE seq <= (SELECT max (seq) FROM change_log) - ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int (stmt, 1, CHANGE_LOG_KEEP);
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
  gint64 has_old = 0;

  stmt = _kon_sqlite_prepare (self, "PRAGMA data_version", error);
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

  /* Only when there is something to prune: a DELETE takes the write
   * lock even when it deletes nothing */
  if (!query_id (self, "SELECT EXISTS (SELECT 1 FROM change_log "
                 "WHERE seq <= (SELECT max (seq) FROM change_log) - ?1)",
                 CHANGE_LOG_KEEP, &has_old, &local_error) ||
      (has_old && !prune_change_log (self, &local_error)))
    g_debug ("Change log not pruned: %s", local_error->message);

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

/* SQLite's default */
#define WAL_AUTOCHECKPOINT_PAGES 1000

/* The log's pages copied into the database file, on a connection of its
 * own: a passive checkpoint waits for no reader or writer, and what it
 * does not copy now the next one does (an error is no loss: the log holds
 * everything committed) */
static gpointer
checkpoint_thread (gpointer user_data)
{
  g_autofree char *path = user_data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
    sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  sqlite3_close (db);

  return NULL;
}

/* One at a time; the connection's close waits for it, so a program that
 * imports and quits (konsensus --import) leaves no large log behind */
static void
checkpoint_in_thread (KonSqliteBackend *self)
{
  const char *path = sqlite3_db_filename (self->db, "main");

  g_clear_pointer (&self->checkpoint, g_thread_join);

  /* Not for a database in memory */
  if (path != NULL && path[0] != '\0')
    self->checkpoint = g_thread_new ("kon-checkpoint", checkpoint_thread, g_strdup (path));
}

static gboolean
kon_sqlite_backend_commit (KonBackend  *backend,
                           GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  GHashTableIter iter;
  gpointer key, value;
  gboolean bulk, committed;

  g_return_val_if_fail (self->in_transaction, FALSE);

  /* A bulk write: the new rows' search index at once, and one RELOAD per
   * table in the log */
  g_hash_table_iter_init (&iter, self->bulk_tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const KonTable *table = key;
      TableSql *ts = _kon_sqlite_get_table_sql (self, table);
      gint64 after = *(gint64 *) value;

      if (ts->has_search)
        {
          sqlite3_stmt *stmt = _kon_sqlite_prepare (self, ts->index_after, error);

          if (stmt == NULL)
            goto failed;
          sqlite3_bind_int64 (stmt, 1, after);
          if (!step_done (self, stmt, error))
            goto failed;
        }

      if (!log_change (self, table, NULL, KON_STORE_CHANGE_RELOAD, error))
        goto failed;
    }

  /* A bulk write's pages go from the log into the database file later,
   * in a thread of their own, not in the commit (SQLite would copy them
   * there at once: a twentieth of a large import) */
  bulk = self->transaction == KON_TRANSACTION_BULK;
  if (bulk)
    sqlite3_wal_autocheckpoint (self->db, 0);
  committed = _kon_sqlite_run_script (self->db, "COMMIT", error);
  if (bulk)
    sqlite3_wal_autocheckpoint (self->db, WAL_AUTOCHECKPOINT_PAGES);
  if (!committed)
    goto failed;
  if (bulk)
    checkpoint_in_thread (self);

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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  const char *sql = ts->all[order];
  g_autofree char *cached_sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (key != NULL)
    {
      const KonField *field = kon_table_get_field (table, key);

      g_return_val_if_fail (field != NULL && field->type == KON_FIELD_REF, FALSE);
      sql = ts->by_ref[order][field - table->fields];
    }

  stmt = _kon_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (key != NULL)
    _kon_sqlite_bind_text (stmt, 1, uuid);

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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  sqlite3_stmt *stmt = prepare_cached (self, &ts->get_stmt, ts->get, error);
  gpointer row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  _kon_sqlite_bind_text (stmt, 1, uuid);
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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  GPtrArray *rows = g_ptr_array_new_full (n_uuids, table->free);
  g_autoptr(GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  /* One statement for any number: the uuids as a JSON array */
  stmt = _kon_sqlite_prepare (self, ts->get_many, error);
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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  const char *sql = ts->count;
  sqlite3_stmt *stmt;
  int rc;

  if (key != NULL)
    {
      const KonField *field = kon_table_get_field (table, key);

      g_return_val_if_fail (field != NULL && field->type == KON_FIELD_REF, FALSE);
      sql = ts->count_by_ref[field - table->fields];
    }

  stmt = _kon_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (key != NULL)
    _kon_sqlite_bind_text (stmt, 1, uuid);

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

      target = _kon_sqlite_get_table_sql (self, ts->refs[i]);
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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
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
  if (rc == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (self->db);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
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
      stmt = _kon_sqlite_prepare (self, ts->index_one, error);
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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self, ts->set_hashes, error);

  if (stmt == NULL)
    return FALSE;

  _kon_sqlite_bind_text (stmt, 1, uuid);
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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self, ts->delete, error);
  int rc;

  g_return_val_if_fail (self->in_transaction && self->transaction != KON_TRANSACTION_READ, FALSE);

  if (stmt == NULL)
    return FALSE;

  _kon_sqlite_bind_text (stmt, 1, uuid);
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
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self, "PRAGMA data_version", NULL);
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

  stmt = _kon_sqlite_prepare (self, "SELECT seq, tbl, uuid, change FROM change_log WHERE seq > ?1 ORDER BY seq", error);
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
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  _kon_sqlite_bind_text (stmt, 1, key);
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
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self,
                                "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                error);

  if (stmt == NULL)
    return FALSE;

  _kon_sqlite_bind_text (stmt, 1, key);
  _kon_sqlite_bind_text (stmt, 2, value);

  return step_done (self, stmt, error);
}

static gboolean
kon_sqlite_backend_put_content (KonBackend  *backend,
                                const char  *sha256,
                                GBytes      *content,
                                GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self,
                                "INSERT INTO attachment_content (sha256, content) VALUES (?1, ?2) "
                                "ON CONFLICT (sha256) DO NOTHING",
                                error);
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (content, &size);

  if (stmt == NULL)
    return FALSE;

  _kon_sqlite_bind_text (stmt, 1, sha256);
  /* An empty file is content too: zeroblob, never NULL */
  if (size == 0)
    sqlite3_bind_zeroblob (stmt, 2, 0);
  else
    sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_STATIC);

  return step_done (self, stmt, error);
}

static GBytes *
kon_sqlite_backend_get_content (KonBackend  *backend,
                                const char  *sha256,
                                GError     **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  sqlite3_stmt *stmt = _kon_sqlite_prepare (self,
                                "SELECT content FROM attachment_content WHERE sha256 = ?1",
                                error);
  GBytes *content = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  _kon_sqlite_bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    content = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  else if (rc != SQLITE_DONE)
    _kon_sqlite_set_error (error, self->db, rc);
  sqlite3_reset (stmt);

  return content;
}

/* GObject */

static void
kon_sqlite_backend_finalize (GObject *object)
{
  KonSqliteBackend *self = (KonSqliteBackend *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->table_sql, g_hash_table_unref);
  g_clear_pointer (&self->bulk_tables, g_hash_table_unref);
  /* The checkpoint first: then this connection is the last, and its close
   * removes the log */
  g_clear_pointer (&self->checkpoint, g_thread_join);
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
  backend_class->max_in_group = _kon_sqlite_backend_max_in_group;
  backend_class->list_uuids_where = _kon_sqlite_backend_list_uuids_where;
  backend_class->get_snippet = _kon_sqlite_backend_get_snippet;
  backend_class->list_uuids = _kon_sqlite_backend_list_uuids;
  backend_class->insert_row = kon_sqlite_backend_insert_row;
  backend_class->update_row = kon_sqlite_backend_update_row;
  backend_class->set_hashes = kon_sqlite_backend_set_hashes;
  backend_class->delete_row = kon_sqlite_backend_delete_row;
  backend_class->poll = kon_sqlite_backend_poll;
  backend_class->read_changes = kon_sqlite_backend_read_changes;
  backend_class->last_change = kon_sqlite_backend_last_change;
  backend_class->get_meta = kon_sqlite_backend_get_meta;
  backend_class->set_meta = kon_sqlite_backend_set_meta;
  backend_class->put_content = kon_sqlite_backend_put_content;
  backend_class->get_content = kon_sqlite_backend_get_content;
}

static void
kon_sqlite_backend_init (KonSqliteBackend *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
  self->table_sql = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) _kon_sqlite_table_sql_free);
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
