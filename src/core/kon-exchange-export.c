/* kon-exchange-export.c: a whole database written as an exchange document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads every table in one read transaction, in uuid order, and writes
 * the document as it reads, each row by json-glib's generator
 * (kon-exchange.h gives the format), with the attachments' content when
 * asked
 * (kon-exchange-content.c); then, as far as it can, it records what it
 * exported (the rows' export hashes), so that the next import knows what
 * the other desk has.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-case-attachment.h"
#include "kon-exchange-private.h"
#include "kon-org.h"
#include "kon-store-private.h"

typedef struct
{
  const KonTable *table;
  char           *uuid;
  KonRowHash      sync_hash;
  KonRowHash      export_hash;
} HashUpdate;

static void
hash_update_clear (HashUpdate *update)
{
  g_free (update->uuid);
}

/* The document is written row by row as the rows are read: each value by
 * json-glib's generator, indented to its depth; only the frame around
 * the values (the root's braces, member names, the rows' brackets and
 * commas) is written here.  The text is what generating the whole tree at
 * once gives (a pretty generator with an indent of 2), without ever
 * holding the tree: freeing the nodes of 70,000 rows at once took a fifth
 * of a large export. */
#define INDENT 2

typedef struct
{
  GString       *text;
  GString       *scratch;
  JsonGenerator *generator;
  gboolean       first_member;
  gboolean       first_element;
} Writer;

static void
writer_init (Writer *w)
{
  w->text = g_string_sized_new (1 << 20);
  w->scratch = g_string_sized_new (4096);
  w->generator = json_generator_new ();
  json_generator_set_pretty (w->generator, TRUE);
  json_generator_set_indent (w->generator, INDENT);
  w->first_member = TRUE;
}

static void
writer_clear (Writer *w)
{
  if (w->text != NULL)
    g_string_free (w->text, TRUE);
  g_string_free (w->scratch, TRUE);
  g_object_unref (w->generator);
}

/* @node's text, its lines indented to @level (no string holds a line
 * break of its own: the generator writes those as \n) */
static void
writer_value (Writer   *w,
              JsonNode *node,
              guint     level)
{
  static const char spaces[] = "                ";
  const char *p, *end, *line_end;

  g_assert (level * INDENT < sizeof spaces);

  g_string_truncate (w->scratch, 0);
  json_generator_set_root (w->generator, node);
  json_generator_to_gstring (w->generator, w->scratch);

  p = w->scratch->str;
  end = p + w->scratch->len;
  while ((line_end = memchr (p, '\n', end - p)) != NULL)
    {
      g_string_append_len (w->text, p, line_end + 1 - p);
      g_string_append_len (w->text, spaces, level * INDENT);
      p = line_end + 1;
    }
  g_string_append_len (w->text, p, end - p);
}

/* A member of the root; its name is one of ours (plain ASCII) */
static void
writer_member (Writer     *w,
               const char *name)
{
  g_string_append (w->text, w->first_member ? "{\n  \"" : ",\n  \"");
  g_string_append (w->text, name);
  g_string_append (w->text, "\" : ");
  w->first_member = FALSE;
}

static void
writer_member_value (Writer     *w,
                     const char *name,
                     JsonNode   *node)
{
  writer_member (w, name);
  writer_value (w, node, 1);
  json_node_unref (node);
}

static void
writer_array_begin (Writer     *w,
                    const char *name)
{
  writer_member (w, name);
  g_string_append_c (w->text, '[');
  w->first_element = TRUE;
}

/* Takes @node */
static void
writer_element (Writer   *w,
                JsonNode *node)
{
  g_string_append (w->text, w->first_element ? "\n    " : ",\n    ");
  w->first_element = FALSE;
  writer_value (w, node, 2);
  json_node_unref (node);
}

static void
writer_array_end (Writer *w)
{
  g_string_append (w->text, w->first_element ? "]" : "\n  ]");
}

/* The text, @w cleared */
static char *
writer_finish (Writer *w,
               gsize  *length)
{
  g_string_append (w->text, w->first_member ? "{}" : "\n}");
  *length = w->text->len;

  return g_string_free (g_steal_pointer (&w->text), FALSE);
}

typedef struct
{
  Writer         writer;
  JsonArray     *singleton;     /* the one row of a singleton table */
  guint          n_rows;        /* of the table being read */
  GArray        *updates;       /* HashUpdate: what to record after */
  GPtrArray     *sha256s;       /* what the attachment rows name, when their content goes too */
  const KonTable *table;
  GCancellable  *cancellable;
  ProgressFunc   progress;
  gpointer       progress_data;
  guint          done;
  guint          total;
} ExportData;

static gboolean
export_row_cb (gpointer          row,
               const KonRowHash *sync_hash,
               const KonRowHash *export_hash,
               gpointer          user_data,
               GError          **error)
{
  ExportData *data = user_data;
  KonRowHash hash;

  if (data->table->singleton)
    json_array_add_element (data->singleton, kon_table_row_to_json (data->table, row));
  else
    writer_element (&data->writer, kon_table_row_to_json (data->table, row));
  data->n_rows++;
  if (data->sha256s != NULL && data->table == &kon_case_attachment_table)
    g_ptr_array_add (data->sha256s, g_strdup (((KonCaseAttachment *) row)->sha256));

  /* The first export of a row is what the other desk starts from: the
   * agreed version; and what this desk last exported */
  kon_table_row_hash (data->table, row, &hash);
  if (!kon_row_hash_equal (&hash, export_hash) || !sync_hash->set)
    {
      HashUpdate update = { data->table, g_strdup (KON_ROW_UUID (row)), *sync_hash, hash };

      if (!sync_hash->set)
        update.sync_hash = hash;
      g_array_append_val (data->updates, update);
    }

  kon_table_row_free (data->table, row);

  if (++data->done % CHECK_EVERY == 0)
    {
      if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
        return FALSE;
      if (data->progress != NULL)
        data->progress (0.8 * data->done / MAX (data->total, 1), data->progress_data);
    }

  return TRUE;
}

typedef struct
{
  ExportData     rows;
  guint          counts[KON_EXCHANGE_N_KINDS];
  KonCommunity  *new_community;   /* a new database's: saved after, when it can be */
} ExportDocument;

/* For g_ptr_array_sort(): pointers to strings */
static int
compare_sha256 (gconstpointer a,
                gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
export_in_transaction (KonStore  *store,
                       gpointer   user_data,
                       GError   **error)
{
  ExportDocument *doc = user_data;
  g_autoptr(GError) local_error = NULL;
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      doc->rows.total += kon_store_count (store, tables[t], NULL, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  writer_member_value (&doc->rows.writer, "format", json_node_init_string (json_node_alloc (), FORMAT_NAME));
  writer_member_value (&doc->rows.writer, "version", json_node_init_int (json_node_alloc (), FORMAT_VERSION));

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(JsonArray) singleton = tables[t]->singleton ? json_array_new () : NULL;

      doc->rows.singleton = singleton;
      doc->rows.table = tables[t];
      doc->rows.n_rows = 0;
      if (singleton == NULL)
        writer_array_begin (&doc->rows.writer, tables[t]->member);
      if (!_kon_store_foreach (store, tables[t], KON_ORDER_UUID, export_row_cb, &doc->rows, error))
        return FALSE;

      doc->counts[t] = doc->rows.n_rows;

      if (singleton == NULL)
        {
          writer_array_end (&doc->rows.writer);
          continue;
        }

      /* A new database: the document needs a community all the same */
      if (json_array_get_length (singleton) == 0)
        {
          doc->new_community = kon_community_new ();
          g_free (doc->new_community->name);
          /* TRANSLATORS: the name of a community nobody has named yet */
          doc->new_community->name = g_strdup (_("Health community"));
          json_array_add_element (singleton, kon_table_row_to_json (tables[t], doc->new_community));
          doc->counts[t] = 1;
        }
      writer_member_value (&doc->rows.writer, tables[t]->member, json_array_dup_element (singleton, 0));
    }

  /* The content last, each once, in SHA-256 order */
  if (doc->rows.sha256s != NULL)
    {
      GPtrArray *sha256s = doc->rows.sha256s;

      g_ptr_array_sort (sha256s, compare_sha256);
      for (guint i = sha256s->len; i > 1; i--)
        if (g_str_equal (sha256s->pdata[i - 1], sha256s->pdata[i - 2]))
          g_ptr_array_remove_index (sha256s, i - 1);

      /* Each written as it is read: the content is most of such a file */
      writer_array_begin (&doc->rows.writer, CONTENTS_MEMBER);
      for (guint i = 0; i < sha256s->len; i++)
        {
          g_autoptr(GError) entry_error = NULL;
          JsonNode *entry;

          if (g_cancellable_set_error_if_cancelled (doc->rows.cancellable, error))
            return FALSE;
          entry = _kon_exchange_content_entry (store, sha256s->pdata[i], &entry_error);
          if (entry_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&entry_error));
              return FALSE;
            }
          if (entry != NULL)
            writer_element (&doc->rows.writer, entry);
        }
      writer_array_end (&doc->rows.writer);
    }

  return TRUE;
}

static gboolean
record_export_in_transaction (KonStore  *store,
                              gpointer   user_data,
                              GError   **error)
{
  ExportDocument *doc = user_data;

  if (doc->new_community != NULL)
    {
      KonRowHash hash;

      kon_table_row_hash (&kon_community_table, doc->new_community, &hash);
      if (!_kon_store_insert (store, &kon_community_table, doc->new_community, &hash, &hash, error))
        return FALSE;
    }

  for (guint i = 0; i < doc->rows.updates->len; i++)
    {
      HashUpdate *update = &g_array_index (doc->rows.updates, HashUpdate, i);

      if (!_kon_store_set_hashes (store, update->table, update->uuid,
                                  &update->sync_hash, &update->export_hash, error))
        return FALSE;
    }

  return TRUE;
}

/* json-glib 1.6's generator escapes every control character but U+001F,
 * which it writes as it is: not JSON (RFC 8259 wants all of U+0000 to
 * U+001F escaped), and refused by our own import.  Outside strings the
 * generator writes no such byte, and no UTF-8 sequence holds one, so each
 * is the character in a string. */
static char *
escape_unit_separators (char  *text,
                        gsize *length)
{
  const char *p = text;
  const char *end = text + *length;
  const char *hit;
  GString *out;

  if ((hit = memchr (p, 0x1f, end - p)) == NULL)
    return text;

  out = g_string_sized_new (*length + 64);
  do
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "\\u001f");
      p = hit + 1;
    }
  while ((hit = memchr (p, 0x1f, end - p)) != NULL);
  g_string_append_len (out, p, end - p);

  g_free (text);
  *length = out->len;

  return g_string_free (out, FALSE);
}

GBytes *
_kon_exchange_export_data (KonStore          *store,
                           KonExchangeFlags   flags,
                           guint             *out_counts,
                           GCancellable      *cancellable,
                           ProgressFunc       progress,
                           gpointer           progress_data,
                           GError           **error)
{
  ExportDocument doc = { { { NULL } } };
  g_autoptr(GError) record_error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  writer_init (&doc.rows.writer);
  doc.rows.updates = g_array_new (FALSE, TRUE, sizeof (HashUpdate));
  g_array_set_clear_func (doc.rows.updates, (GDestroyNotify) hash_update_clear);
  doc.rows.cancellable = cancellable;
  doc.rows.progress = progress;
  doc.rows.progress_data = progress_data;
  if (flags & KON_EXCHANGE_WITH_CONTENT)
    doc.rows.sha256s = g_ptr_array_new_with_free_func (g_free);

  /* One read, so the document is one moment's state, and a backup is
   * taken on a full disk or while another desk is writing */
  ok = kon_store_read (store, export_in_transaction, &doc, error);

  if (ok)
    {
      text = writer_finish (&doc.rows.writer, &length);
      text = escape_unit_separators (text, &length);
    }

  /* A backup that no import would read is no backup */
  if (ok && (flags & KON_EXCHANGE_WITH_CONTENT) && length > KON_EXCHANGE_MAX_SIZE_WITH_CONTENT)
    {
      g_autofree char *size_text = g_format_size (length);
      g_autofree char *max_text = g_format_size (KON_EXCHANGE_MAX_SIZE_WITH_CONTENT);

      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_TOO_BIG,
                   _("With the attachments’ content the export would be %s, more than Konsensus "
                     "imports (at most %s). Nothing was written; export without the attachments’ "
                     "content."), size_text, max_text);
      ok = FALSE;
    }

  if (ok)
    {
      /* Then, as far as it can be, what was exported, for the next
       * merge (skipped on a read-only or full disk, or while another
       * desk writes, without waiting for it: the backup stands all the
       * same) */
      if ((doc.rows.updates->len > 0 || doc.new_community != NULL) &&
          !kon_store_is_read_only (store) &&
          !_kon_store_try_write (store, record_export_in_transaction, &doc, &record_error))
        g_debug ("export: not recorded: %s", record_error->message);

      if (out_counts != NULL)
        memcpy (out_counts, doc.counts, sizeof doc.counts);
    }

  g_array_unref (doc.rows.updates);
  g_clear_pointer (&doc.rows.sha256s, g_ptr_array_unref);
  writer_clear (&doc.rows.writer);
  g_clear_pointer (&doc.new_community, kon_community_free);

  if (!ok)
    return NULL;

  g_debug ("export: %" G_GSIZE_FORMAT " bytes in %.0f ms", length, _kon_exchange_elapsed_ms (start));

  if (progress != NULL)
    progress (1.0, progress_data);

  /* A final newline, as text files end */
  text = g_realloc (text, length + 2);
  text[length] = '\n';
  text[length + 1] = '\0';

  return g_bytes_new_take (g_steal_pointer (&text), length + 1);
}

/**
 * kon_exchange_export:
 * @flags: KON_EXCHANGE_WITH_CONTENT for the attachments' content too
 *
 * Returns: (transfer full): the whole database as an exchange document,
 *   or %NULL with @error set
 */
GBytes *
kon_exchange_export (KonStore          *store,
                     KonExchangeFlags   flags,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return _kon_exchange_export_data (store, flags, NULL, cancellable, NULL, NULL, error);
}
