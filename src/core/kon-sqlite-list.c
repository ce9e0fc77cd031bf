/* kon-sqlite-list.c: the SQLite backend's lists — filtered, ordered, searched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The uuids of a table's rows in an order (a KonRowModel's list), the
 * largest number of a group (a body's cases of a year), and the words of
 * a row around a search's match.  Searches go through the table's FTS5
 * index; what the user types is always a bound parameter, made an FTS5
 * phrase per word by build_match_query ().  Table and column names come
 * from kon-sqlite-table.c.
 */

#include "config.h"

#include "kon-sqlite-private.h"

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

gboolean
_kon_sqlite_backend_max_in_group (KonBackend      *backend,
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
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  const char *key_column = column_of (ts, table, key, KON_FIELD_REF);
  const char *group_column = column_of (ts, table, group_key, KON_FIELD_INT);
  const char *field_column = column_of (ts, table, field, KON_FIELD_INT);
  sqlite3_stmt *stmt;
  int rc;

  /* Fields of the right types: their statement comes from the table's
   * declaration, the values are bound */
  g_return_val_if_fail (key_column != NULL && group_column != NULL && field_column != NULL, FALSE);

  stmt = _kon_sqlite_prepare (self,
                              _kon_sqlite_table_sql_max_in_group (ts,
                                                                  kon_table_get_field (table, key) - table->fields,
                                                                  kon_table_get_field (table, group_key) - table->fields,
                                                                  kon_table_get_field (table, field) - table->fields),
                              error);
  if (stmt == NULL)
    return FALSE;
  _kon_sqlite_bind_text (stmt, 1, uuid);
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
    _kon_sqlite_bind_text (stmt, 1, match);
  for (guint f = 0; f < n_filters; f++)
    {
      const KonField *field = kon_table_get_field (table, filters[f].key);

      if (field->type == KON_FIELD_REF || field->type == KON_FIELD_ENUM || field->type == KON_FIELD_STRING)
        _kon_sqlite_bind_text (stmt, (int) (first_param + f), filters[f].text);
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

/* With more matches than MAX_RANKED, the matches in the first indexed
 * column are ranked first when there are no more than this (a third of
 * a keystroke's time) */
#define MAX_RANKED_FIRST 100

static void
append_step_uuids (sqlite3_stmt *stmt,
                   GPtrArray    *uuids,
                   int          *rc)
{
  while ((*rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
}

/* Too many matches to rank them all, but no more than a list holds
 * (@newest, the newest first): the matches in the first indexed column (a
 * case's title), where they are few enough, ranked first, then the rest
 * as they were.  A word that is in a title is what a search for it most
 * likely looks for. */
static GPtrArray *
rank_first_column (KonSqliteBackend  *self,
                   TableSql          *ts,
                   const KonTable    *table,
                   const KonFilter   *filters,
                   guint              n_filters,
                   guint              first_param,
                   const char        *filtered,
                   const char        *newest_sql,
                   const char        *match,
                   GPtrArray         *newest,
                   GError           **error)
{
  g_autofree char *first_match = g_strdup_printf ("{%s} : (%s)", ts->first_search, match);
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = NULL;
  sqlite3_stmt *stmt;
  guint n_first = 0;
  int rc = SQLITE_DONE;

  /* How many (up to one too many): from the index alone, or, filtered,
   * as the newest */
  stmt = _kon_sqlite_prepare (self, n_filters == 0 ? ts->probe : newest_sql, error);
  if (stmt == NULL)
    goto failed;
  if (n_filters == 0)
    {
      _kon_sqlite_bind_text (stmt, 1, first_match);
      sqlite3_bind_int (stmt, 2, MAX_RANKED_FIRST + 1);
    }
  else
    bind_filters (stmt, table, filters, n_filters, first_param, first_match);
  while (n_first <= MAX_RANKED_FIRST && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n_first++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    goto sqlite_failed;
  if (n_first == 0 || n_first > MAX_RANKED_FIRST)
    return newest;

  g_ptr_array_set_size (first, 0);
  sql = g_strconcat (ts->ranked_from, filtered, *filtered == '\0' ? " WHERE " : " AND ",
                     ts->ranked_order, NULL);
  stmt = _kon_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;
  bind_filters (stmt, table, filters, n_filters, first_param, first_match);
  append_step_uuids (stmt, first, &rc);
  if (rc != SQLITE_DONE)
    goto sqlite_failed;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < first->len; i++)
    g_hash_table_add (seen, first->pdata[i]);
  for (guint i = 0; i < newest->len && first->len < KON_STORE_MAX_MATCHES; i++)
    if (!g_hash_table_contains (seen, newest->pdata[i]))
      g_ptr_array_add (first, g_strdup (newest->pdata[i]));
  g_ptr_array_unref (newest);

  return g_steal_pointer (&first);

sqlite_failed:
  _kon_sqlite_set_error (error, self->db, rc);
failed:
  g_ptr_array_unref (newest);
  return NULL;
}

GPtrArray *
_kon_sqlite_backend_list_uuids_where (KonBackend         *backend,
                                     const KonTable     *table,
                                     const char         *query,
                                     const KonFilter    *filters,
                                     guint               n_filters,
                                     const char * const *order_keys,
                                     gboolean            descending,
                                     GError            **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
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
    g_string_append_printf (where, "%s %s", where->len == 0 ? " WHERE" : " AND", ts->match_ids);

  for (guint k = 0; order_keys != NULL && order_keys[k] != NULL; k++)
    {
      const KonField *field = kon_table_get_field (table, order_keys[k]);
      gboolean by_sort_key = field != NULL && table->sort_text != NULL && field->type == KON_FIELD_STRING;

      g_return_val_if_fail (field != NULL, uuids);
      if (ts->ref_order[field - table->fields] != NULL)
        /* In the display order of the rows referred to, an enum's order */
        g_string_append_printf (order, "%s %s%s", order->len == 0 ? " ORDER BY" : ",",
                                ts->ref_order[field - table->fields], descending ? " DESC" : "");
      else
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
      sql = g_strconcat (ts->newest_from, filtered->len > 0 ? " AND" : "",
                         filtered->len > 0 ? filtered->str + 6 : "", ts->newest_order, NULL);
      stmt = _kon_sqlite_prepare (self, sql, error);
      if (stmt == NULL)
        goto failed;
      bind_filters (stmt, table, filters, n_filters, first_param, match);
      append_step_uuids (stmt, uuids, &rc);
      if (rc != SQLITE_DONE)
        goto sqlite_failed;
      ranked = uuids->len <= MAX_RANKED;
      /* A word in more than a list's worth of cases (a prefix as it is
       * typed) is listed newest first: the next letter narrows it */
      if (!ranked && uuids->len >= KON_STORE_MAX_MATCHES)
        return uuids;
      if (!ranked)
        return rank_first_column (self, ts, table, filters, n_filters, first_param,
                                  filtered->str, sql, match, uuids, error);
      g_ptr_array_set_size (uuids, 0);
    }

  g_free (sql);
  /* The fixed parts from the table's declaration (kon-sqlite-table.c),
   * the filters' columns and bound parameters between them */
  if (ranked)
    sql = g_strconcat (ts->ranked_from, filtered->str, filtered->len == 0 ? " WHERE " : " AND ",
                       ts->ranked_order, NULL);
  else
    sql = g_strconcat (ts->list_from, where->str, order->str, NULL);
  stmt = _kon_sqlite_prepare (self, sql, error);
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
char *
_kon_sqlite_backend_get_snippet (KonBackend      *backend,
                                const KonTable  *table,
                                const char      *query,
                                const char      *uuid,
                                GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  g_autofree char *match = ts->has_search ? build_match_query (query) : NULL;
  char *snippet = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (match == NULL)
    return NULL;

  stmt = _kon_sqlite_prepare (self, ts->snippet, error);
  if (stmt == NULL)
    return NULL;
  _kon_sqlite_bind_text (stmt, 1, match);
  _kon_sqlite_bind_text (stmt, 2, uuid);
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

GPtrArray *
_kon_sqlite_backend_list_uuids (KonBackend      *backend,
                               const KonTable  *table,
                               const char      *query,
                               GError         **error)
{
  KonSqliteBackend *self = KON_SQLITE_BACKEND (backend);
  TableSql *ts = _kon_sqlite_get_table_sql (self, table);
  g_autofree char *match = ts->has_search ? build_match_query (query) : NULL;
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _kon_sqlite_prepare (self, match != NULL ? ts->search : ts->uuids, error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (uuids);
      return NULL;
    }

  if (match != NULL)
    _kon_sqlite_bind_text (stmt, 1, match);

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
