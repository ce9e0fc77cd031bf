/* kon-sqlite-table.c: the SQL of a table, built once from its declaration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every statement of a table (select, insert, update, delete, search) is
 * written here, once per connection, from its KonTable: the table's and
 * the columns' names are the only text put into SQL, and they come from
 * the declarations in src/core (kon-partner.c, …), never from input;
 * check_name () refuses anything but lower-case letters, digits and "_".
 * Every value, from a user or a file, is a bound parameter (?1, ?2, …).
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "kon-sqlite-private.h"

/* A table's or a column's name as the declarations write it */
static const char *
check_name (const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    g_assert ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
  return name;
}

/* SQL text composed from a table's declaration: the names of its table
 * and columns (checked by check_name ()) and constants.  Never a value:
 * values are always bound parameters.  One statement each. */
static char *
compose_sql (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static char *
compose_sql (const char *format,
             ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_assert (strchr (text, ';') == NULL);

  return text;
}

/* An array of a string (or NULL) per field */
static void
free_per_field (char  **strings,
                guint   n_fields)
{
  for (guint i = 0; strings != NULL && i < n_fields; i++)
    g_free (strings[i]);
  g_free (strings);
}

void
_kon_sqlite_table_sql_free (TableSql *sql)
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
  g_free (sql->set_sort_key);
  g_free (sql->get_many);
  g_free (sql->count);
  free_per_field (sql->count_by_ref, sql->table->n_fields);
  for (guint o = 0; o < G_N_ELEMENTS (sql->all); o++)
    {
      g_free (sql->all[o]);
      free_per_field (sql->by_ref[o], sql->table->n_fields);
    }
  g_free (sql->insert_ids);
  g_free (sql->list_from);
  g_free (sql->match_ids);
  g_free (sql->newest_from);
  g_free (sql->newest_order);
  g_free (sql->probe);
  g_free (sql->ranked_from);
  g_free (sql->ranked_order);
  g_free (sql->snippet);
  free_per_field (sql->ref_order, sql->table->n_fields);
  g_clear_pointer (&sql->max_in_group, g_hash_table_unref);
  g_clear_pointer (&sql->bulk_ids, g_hash_table_unref);
  g_free (sql);
}

const char *
_kon_sqlite_table_sql_max_in_group (TableSql *sql,
                                    guint     key,
                                    guint     group,
                                    guint     field)
{
  g_autofree char *name = g_strdup_printf ("%u %u %u", key, group, field);
  char *text = g_hash_table_lookup (sql->max_in_group, name);

  if (text != NULL)
    return text;

  /* Column names from the table's declaration; the values are bound */
  text = compose_sql ("SELECT coalesce (max (%s), 0), coalesce (max (%s = ?3), 0) FROM %s "
                      "WHERE %s = (SELECT id FROM %s WHERE uuid = ?1) AND %s = ?2",
                      sql->columns[field], sql->columns[field], sql->table->name,
                      sql->columns[key], sql->refs[key]->name, sql->columns[group]);
  g_hash_table_insert (sql->max_in_group, g_steal_pointer (&name), text);
  return text;
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

TableSql *
_kon_sqlite_table_sql_new (const KonTable *table)
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

  check_name (table->name);
  ts->table = table;
  ts->columns = g_new0 (char *, n + 1);
  ts->refs = g_new0 (const KonTable *, n);

  {
    g_autofree char *insert_head = compose_sql ("INSERT INTO %s (uuid, revision", table->name);
    g_autofree char *update_head = compose_sql ("UPDATE %s SET revision = revision + 1", table->name);

    g_string_assign (insert, insert_head);
    g_string_assign (update, update_head);
  }
  g_string_append (values, "?1, 1");

  for (guint i = 0; i < n; i++)
    {
      const KonField *field = &table->fields[i];

      if (field->type == KON_FIELD_REF)
        {
          ts->refs[i] = kon_table_lookup (field->ref_table);
          g_assert (ts->refs[i] != NULL);
          ts->columns[i] = g_strdup_printf ("%s_id", check_name (field->column != NULL ? field->column : field->key));
          g_string_append_printf (select, ", r%u.uuid", i);
          g_string_append_printf (joins, " LEFT JOIN %s AS r%u ON r%u.id = t.%s",
                                  ts->refs[i]->name, i, i, ts->columns[i]);
        }
      else
        {
          ts->columns[i] = g_strdup (check_name (field->column != NULL ? field->column : field->key));
          g_string_append_printf (select, ", t.%s", ts->columns[i]);

          if (field->flags & KON_FIELD_SEARCH)
            {
              ts->has_search = TRUE;
              if (ts->first_search == NULL)
                ts->first_search = ts->columns[i];
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
  /* The new row's id: sqlite3_last_insert_rowid () (a RETURNING clause
   * costs a tenth of a large import) */
  ts->insert_ids = compose_sql ("%s%s, ?%u, ?%u, ?%u)", insert->str, id_values->str,
                                n + 2, n + 3, n + 4);
  g_string_append_printf (insert, "%s, ?%u, ?%u, ?%u)", values->str, n + 2, n + 3, n + 4);
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
  ts->get = compose_sql ("%s WHERE t.uuid = ?1", ts->select);
  ts->order_display = g_strdup (" ORDER BY t.sort_key, t.uuid");
  ts->insert = g_string_free (insert, FALSE);
  ts->update = g_string_free (update, FALSE);
  ts->set_hashes = compose_sql ("UPDATE %s SET "
                                "sync_hash = CASE WHEN ?4 THEN ?2 ELSE sync_hash END, "
                                "export_hash = CASE WHEN ?5 THEN ?3 ELSE export_hash END "
                                "WHERE uuid = ?1", table->name);
  ts->delete = compose_sql ("DELETE FROM %s WHERE uuid = ?1 RETURNING id", table->name);
  ts->uuids = compose_sql ("SELECT uuid FROM %s ORDER BY sort_key, uuid", table->name);
  ts->max_id = compose_sql ("SELECT coalesce (max (id), 0) FROM %s", table->name);
  ts->sort_rows = compose_sql ("%s ORDER BY t.id", ts->select);
  ts->set_sort_key = compose_sql ("UPDATE %s SET sort_key = ?2 WHERE id = ?1", table->name);
  ts->count = compose_sql ("SELECT count (*) FROM %s", table->name);
  ts->count_by_ref = g_new0 (char *, n);
  for (guint i = 0; i < n; i++)
    if (ts->refs[i] != NULL)
      ts->count_by_ref[i] = compose_sql ("SELECT count (*) FROM %s WHERE %s = (SELECT id FROM %s WHERE uuid = ?1)",
                                         table->name, ts->columns[i], ts->refs[i]->name);
  ts->get_many = compose_sql ("%s WHERE t.uuid IN (SELECT value FROM json_each (?1))", ts->select);
  for (guint o = 0; o < G_N_ELEMENTS (ts->all); o++)
    {
      const char *order = o == KON_ORDER_UUID ? " ORDER BY t.uuid" : ts->order_display;

      ts->all[o] = g_strconcat (ts->select, order, NULL);
      ts->by_ref[o] = g_new0 (char *, n);
      for (guint i = 0; i < n; i++)
        if (ts->refs[i] != NULL)
          ts->by_ref[o][i] = compose_sql ("%s WHERE t.%s = (SELECT id FROM %s WHERE uuid = ?1)%s",
                                          ts->select, ts->columns[i], ts->refs[i]->name, order);
    }

  ts->list_from = compose_sql ("SELECT t.uuid FROM %s AS t", table->name);
  ts->match_ids = compose_sql ("t.id IN (SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?1)",
                               table->name, table->name);
  ts->newest_from = compose_sql ("SELECT t.uuid FROM %s_fts JOIN %s AS t ON t.id = %s_fts.rowid "
                                 "WHERE %s_fts MATCH ?1",
                                 table->name, table->name, table->name, table->name);
  ts->probe = compose_sql ("SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?1 LIMIT ?2",
                           table->name, table->name);
  ts->newest_order = compose_sql (" ORDER BY %s_fts.rowid DESC LIMIT %d", table->name,
                                  KON_STORE_MAX_MATCHES);
  ts->ranked_from = compose_sql ("SELECT t.uuid FROM %s AS t JOIN %s_fts ON %s_fts.rowid = t.id",
                                 table->name, table->name, table->name);
  ts->ranked_order = compose_sql ("%s_fts MATCH ?1 ORDER BY %s_fts.rank, t.sort_key, t.uuid LIMIT %d",
                                  table->name, table->name, KON_STORE_MAX_MATCHES);
  ts->ref_order = g_new0 (char *, n);
  for (guint i = 0; i < n; i++)
    {
      const KonField *field = &table->fields[i];

      if (ts->refs[i] != NULL)
        ts->ref_order[i] = compose_sql ("(SELECT r.sort_key FROM %s AS r WHERE r.id = t.%s)",
                                        ts->refs[i]->name, ts->columns[i]);
      else if (field->type == KON_FIELD_ENUM)
        {
          /* In the enum's own order (a case's status as it goes: received,
           * in preparation, …), not its ids' alphabet */
          g_autoptr(GString) expr = g_string_new ("(CASE t.");

          g_string_append (expr, ts->columns[i]);
          for (guint e = 0; e < field->n_enum_names; e++)
            g_string_append_printf (expr, " WHEN '%s' THEN %d",
                                    field->enum_names[e].id, field->enum_names[e].value);
          g_string_append (expr, " END)");
          ts->ref_order[i] = g_string_free (g_steal_pointer (&expr), FALSE);
        }
    }
  ts->max_in_group = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (ts->has_search)
    {
      /* Own matches in rank order, then the rows whose referred row
       * matches (a person from Bodø for "Bodø") */
      g_autofree char *own = compose_sql ("SELECT uuid FROM ("
                                          "SELECT t.uuid AS uuid, 0 AS via, %s_fts.rank AS r, t.sort_key AS k "
                                          "FROM %s AS t JOIN %s_fts ON %s_fts.rowid = t.id WHERE %s_fts MATCH ?1",
                                          table->name, table->name, table->name, table->name, table->name);

      g_string_assign (search, own);

      for (guint i = 0; i < n; i++)
        if (ts->refs[i] != NULL && (table->fields[i].flags & KON_FIELD_SEARCH))
          g_string_append_printf (search,
                                  " UNION SELECT t.uuid, 1, 0, t.sort_key FROM %s AS t "
                                  "WHERE t.%s IN (SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?1)",
                                  table->name, ts->columns[i], ts->refs[i]->name, ts->refs[i]->name);

      g_string_append (search, ") GROUP BY uuid ORDER BY min (via), min (r), k, uuid");

      /* The matching words between U+E000 and U+E001, marks a view turns
       * into emphasis */
      ts->snippet = compose_sql ("SELECT snippet (%s_fts, -1, '\xee\x80\x80', '\xee\x80\x81', '…', 10) "
                                 "FROM %s_fts WHERE %s_fts MATCH ?1 AND rowid = "
                                 "(SELECT id FROM %s WHERE uuid = ?2)",
                                 table->name, table->name, table->name, table->name);
      ts->index_one = compose_sql ("INSERT INTO %s_fts (rowid%s) SELECT id%s FROM %s WHERE id = ?1",
                                   table->name, search_columns->str, search_columns->str, table->name);
      ts->index_after = compose_sql ("INSERT INTO %s_fts (rowid%s) SELECT id%s FROM %s WHERE id > ?1",
                                     table->name, search_columns->str, search_columns->str, table->name);
    }

  ts->search = g_string_free (search, ts->has_search ? FALSE : TRUE);
  g_string_free (joins, TRUE);
  g_string_free (values, TRUE);
  g_string_free (search_columns, TRUE);

  return ts;
}
