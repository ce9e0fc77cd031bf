/* kon-exchange-rows.c: an exchange document's rows, read while they are merged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kon_json_check_members() has found where each table's rows are in the
 * document.  They are cut into chunks of CHUNK_ROWS rows of one table, in
 * the order of the tables and of the rows.  A chunk is read with its own
 * JsonParser, each row made its KonRow (kon_table_row_from_json(), errors
 * at the row's JSON path) and its hash, and the chunk's nodes freed at
 * once, while they are still in the cache (the tree of a whole large
 * document took a quarter of its import to free).
 *
 * A worker thread reads chunk after chunk from the first; the merge, in
 * the calling thread, waits for the chunk it needs next, and reads the
 * next chunk no one has taken itself rather than wait idle.  So on two
 * cores a large import reads and merges at once; a small document is read
 * by the calling thread alone, without a thread.
 */

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-exchange-private.h"

#define CHUNK_ROWS 64

/* A document smaller than this is read without a worker thread */
#define THREAD_MIN_SIZE (256 * 1024)

typedef struct
{
  guint     t;          /* the table's index in kon_tables () */
  guint     first;      /* the chunk's first row */
  guint     n;
  gsize     offset;     /* the rows as written: elements first … first + n - 1 */
  gsize     length;     /* (the singleton's object) */
  gboolean  done;       /* under the mutex */
  GError   *error;
} Chunk;

struct _KonExchangeRows
{
  const char      *data;
  guint            version;
  guint            n_tables;
  GPtrArray       *rows[KON_EXCHANGE_N_KINDS];     /* filled in as chunks are done */
  GArray          *hashes[KON_EXCHANGE_N_KINDS];   /* KonRowHash, likewise */
  GArray          *chunks;                         /* Chunk, in table and row order */
  guint            first_chunk[KON_EXCHANGE_N_KINDS + 1];
  int              next;        /* atomic: the next chunk nobody has taken */
  int              stop;        /* atomic: freed, failed or cancelled */
  GMutex           mutex;
  GCond            cond;
  GThread         *thread;
  GCancellable    *cancellable;
};

static const KonTable *
table_at (guint t)
{
  guint n_tables;

  return kon_tables (&n_tables)[t];
}

/* "$.partners[3]", or "$.community" for the one-row table */
char *
_kon_exchange_row_path (const KonTable *table,
                        guint           index)
{
  if (table->singleton)
    return g_strdup_printf ("$.%s", table->member);

  return g_strdup_printf ("$.%s[%u]", table->member, index);
}

/* Copies @length bytes of checked JSON to @out without the spaces between
 * tokens (json-glib 1.6's scanner spends a strchr () on each: a fifth of
 * the reading of a document written with indents); returns the length
 * copied */
static gsize
copy_without_spaces (char       *out,
                     const char *in,
                     gsize       length)
{
  const char *end = in + length;
  char *o = out;

  while (in < end)
    {
      char c = *in++;

      if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
        continue;

      *o++ = c;
      if (c != '"')
        continue;

      /* A string, as it is, to its closing quote */
      for (;;)
        {
          c = *in++;
          *o++ = c;
          if (c == '\\')
            *o++ = *in++;
          else if (c == '"')
            break;
        }
    }

  return o - out;
}

static void
read_chunk (KonExchangeRows *self,
            Chunk           *chunk)
{
  const KonTable *table = table_at (chunk->t);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  JsonArray *array = NULL;
  JsonNode *root;
  GError *error = NULL;
  gsize length;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error))
    goto done;

  /* An array of the chunk's rows, or the singleton's object */
  text = g_malloc (chunk->length + 2);
  length = copy_without_spaces (text + 1, self->data + chunk->offset, chunk->length);
  if (!table->singleton)
    {
      text[0] = '[';
      text[++length] = ']';
      length++;
    }
  if (!json_parser_load_from_data (parser, table->singleton ? text + 1 : text, (gssize) length, &local_error))
    goto parse_failed;

  root = json_parser_get_root (parser);
  if (!table->singleton)
    {
      array = json_node_get_array (root);
      g_assert (json_array_get_length (array) == chunk->n);
    }

  for (guint i = 0; i < chunk->n; i++)
    {
      guint index = chunk->first + i;
      g_autofree char *path = _kon_exchange_row_path (table, index);
      JsonNode *node = array != NULL ? json_array_get_element (array, i) : root;
      gpointer row = kon_table_row_from_json (table, node, path, self->version, &local_error);

      if (row == NULL)
        {
          error = g_error_new_literal (KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID, local_error->message);
          goto done;
        }
      self->rows[chunk->t]->pdata[index] = row;
      kon_table_row_hash (table, row, &g_array_index (self->hashes[chunk->t], KonRowHash, index));
    }
  goto done;

parse_failed:
  /* kon_json_check () has passed the text: hardly reached */
  error = g_error_new (KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_SYNTAX,
                       _("This is not a Konsensus exchange document: at $.%s: %s"),
                       table->member, local_error->message);

done:
  g_clear_object (&parser);

  g_mutex_lock (&self->mutex);
  chunk->error = error;
  chunk->done = TRUE;
  if (error != NULL)
    g_atomic_int_set (&self->stop, TRUE);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* Reads the next chunk nobody has taken; FALSE when there is none */
static gboolean
read_next_chunk (KonExchangeRows *self)
{
  guint next;

  if (g_atomic_int_get (&self->stop))
    return FALSE;

  next = (guint) g_atomic_int_add (&self->next, 1);
  if (next >= self->chunks->len)
    return FALSE;

  read_chunk (self, &g_array_index (self->chunks, Chunk, next));

  return TRUE;
}

static gpointer
worker (gpointer user_data)
{
  KonExchangeRows *self = user_data;

  while (read_next_chunk (self))
    ;

  return NULL;
}

static void
add_chunks (KonExchangeRows     *self,
            guint                t,
            const KonJsonMember *member)
{
  const KonTable *table = table_at (t);
  guint n = member != NULL ? (table->singleton ? 1 : member->elements->len) : 0;

  self->rows[t] = g_ptr_array_sized_new (n);
  g_ptr_array_set_size (self->rows[t], n);
  self->hashes[t] = g_array_sized_new (FALSE, TRUE, sizeof (KonRowHash), n);
  g_array_set_size (self->hashes[t], n);

  for (guint first = 0; first < n; first += CHUNK_ROWS)
    {
      Chunk chunk = { t, first, MIN (CHUNK_ROWS, n - first), 0, 0, FALSE, NULL };

      if (table->singleton)
        {
          chunk.offset = member->value.offset;
          chunk.length = member->value.length;
        }
      else
        {
          const KonJsonSpan *a = &g_array_index (member->elements, KonJsonSpan, first);
          const KonJsonSpan *b = &g_array_index (member->elements, KonJsonSpan, first + chunk.n - 1);

          chunk.offset = a->offset;
          chunk.length = b->offset + b->length - a->offset;
        }
      g_array_append_val (self->chunks, chunk);
    }
}

/**
 * _kon_exchange_rows_start:
 * @data: the document, checked by kon_json_check_members(), which gave
 *   @members; both must outlive the reader
 * @version: the document's format version (its header checked)
 *
 * Finds each table's rows in @members and starts reading them.  A table's
 * member missing, or not a list, is an error here, before anything is
 * read.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
KonExchangeRows *
_kon_exchange_rows_start (const char    *data,
                          gsize          size,
                          GPtrArray     *members,
                          guint          version,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(KonExchangeRows) self = g_new0 (KonExchangeRows, 1);
  const KonTable * const *tables = kon_tables (&self->n_tables);

  self->data = data;
  self->version = version;
  self->cancellable = cancellable;
  self->chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  for (guint t = 0; t < self->n_tables; t++)
    {
      const KonTable *table = tables[t];
      const KonJsonMember *member = NULL;

      for (guint m = 0; m < members->len && member == NULL; m++)
        if (g_str_equal (((KonJsonMember *) members->pdata[m])->key, table->member))
          member = members->pdata[m];

      self->first_chunk[t] = self->chunks->len;

      if (member == NULL && table->since <= version)
        {
          if (table->singleton)
            g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                         _("At $.%s: this required field is missing."), table->member);
          else
            g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                         _("At $.%s: this required field is missing (write [] when there are none)."),
                         table->member);
          return NULL;
        }
      if (member != NULL && !table->singleton && member->elements == NULL)
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                       _("At $.%s: expected a list of rows."), table->member);
          return NULL;
        }

      /* A table newer than the file has no member: no rows */
      add_chunks (self, t, member);
    }
  self->first_chunk[self->n_tables] = self->chunks->len;

  if (size >= THREAD_MIN_SIZE && g_get_num_processors () > 1)
    self->thread = g_thread_new ("kon-exchange-rows", worker, self);

  return g_steal_pointer (&self);
}

/**
 * _kon_exchange_rows_wait:
 * @index: a row of table @t
 * @out_end: (out): the end of that chunk: the rows from @index up to it
 *   are read
 *
 * Waits until the chunk with row @index of table @t is read (reading
 * chunks meanwhile, rather than wait idle).
 *
 * Returns: %FALSE, with @error set, if that chunk could not be read
 */
gboolean
_kon_exchange_rows_wait (KonExchangeRows  *self,
                         guint             t,
                         guint             index,
                         guint            *out_end,
                         GError          **error)
{
  guint c = self->first_chunk[t] + index / CHUNK_ROWS;
  Chunk *chunk = &g_array_index (self->chunks, Chunk, c);

  g_assert (c < self->first_chunk[t + 1]);

  for (;;)
    {
      gboolean done;

      g_mutex_lock (&self->mutex);
      done = chunk->done;
      g_mutex_unlock (&self->mutex);
      if (done)
        break;

      if (read_next_chunk (self))
        continue;

      /* Taken by the worker, which finishes it; or, everything stopped,
       * taken by nobody (not in the document's order: an earlier chunk
       * failed or was cancelled first) */
      g_mutex_lock (&self->mutex);
      while (!chunk->done && (guint) g_atomic_int_get (&self->next) > c)
        g_cond_wait (&self->cond, &self->mutex);
      done = chunk->done;
      g_mutex_unlock (&self->mutex);
      if (!done)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, g_strerror (ECANCELED));
          return FALSE;
        }
    }

  if (chunk->error != NULL)
    {
      g_propagate_error (error, g_error_copy (chunk->error));
      return FALSE;
    }

  *out_end = chunk->first + chunk->n;

  return TRUE;
}

/**
 * _kon_exchange_rows_finish:
 *
 * Waits until every row is read.
 *
 * Returns: %FALSE, with the error of the first chunk (in the document's
 *   order) that could not be read
 */
gboolean
_kon_exchange_rows_finish (KonExchangeRows  *self,
                           GError          **error)
{
  for (guint t = 0; t < self->n_tables; t++)
    for (guint i = 0; i < self->rows[t]->len;)
      if (!_kon_exchange_rows_wait (self, t, i, &i, error))
        return FALSE;

  return TRUE;
}

/* The rows of table @t: all there after _kon_exchange_rows_finish (), as
 * far as _kon_exchange_rows_wait () said before */
GPtrArray *
_kon_exchange_rows_get (KonExchangeRows *self,
                        guint            t)
{
  return self->rows[t];
}

const KonRowHash *
_kon_exchange_rows_get_hash (KonExchangeRows *self,
                             guint            t,
                             guint            index)
{
  return &g_array_index (self->hashes[t], KonRowHash, index);
}

void
_kon_exchange_rows_free (KonExchangeRows *self)
{
  /* Stop the worker, after its chunk */
  g_atomic_int_set (&self->stop, TRUE);
  if (self->thread != NULL)
    g_thread_join (self->thread);

  for (guint c = 0; c < self->chunks->len; c++)
    g_clear_error (&g_array_index (self->chunks, Chunk, c).error);
  g_array_unref (self->chunks);

  for (guint t = 0; t < self->n_tables; t++)
    {
      for (guint i = 0; self->rows[t] != NULL && i < self->rows[t]->len; i++)
        if (self->rows[t]->pdata[i] != NULL)
          table_at (t)->free (self->rows[t]->pdata[i]);
      g_clear_pointer (&self->rows[t], g_ptr_array_unref);
      g_clear_pointer (&self->hashes[t], g_array_unref);
    }

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}
