/* kon-exchange.c: the whole database as one JSON document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Import, of which only the last step writes:
 *   1. look at the bytes: not empty, not too big, UTF-8 text without NUL;
 *      then a bounded check (kon-json-check.c) of what json-glib 1.6
 *      would take although it is not JSON (comments, single quotes, hex
 *      numbers, two equal keys in one object) or could not take (nesting
 *      deep enough to overflow its stack), which also finds where each
 *      table's rows are; the header (format, version, no unknown member)
 *      and the attachments' content read with json-glib;
 *   2. in one bulk write of the store: the rows read with json-glib, a
 *      chunk at a time in a worker thread (kon-exchange-rows.c), every
 *      field of every row checked (kon_table_row_from_json(), errors at
 *      their JSON path), and merged by UUID as they come; then the
 *      document as a whole validated: UUIDs unique in the file and not
 *      used by another table here, every reference to a row that is in
 *      the file, no bodies set up by each other.  What is wrong in the
 *      file is what is said, whatever the merge met on the way; the
 *      write is rolled back;
 *   3. the attachments' content (kon-exchange-content.c) that rows name.
 * So a file that is refused leaves the database as it was.
 *
 * Export (kon-exchange-export.c) reads in one read transaction and writes
 * each row with json-glib's generator; then, as far as it can, it records
 * what it exported.
 *
 * The tables and their order are kon_tables(): the exchange knows
 * nothing of a table beyond its KonTable.  kon-exchange-file.c reads and
 * writes files, in threads when asked.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-case.h"
#include "kon-case-anchoring.h"
#include "kon-case-attachment.h"
#include "kon-case-event.h"
#include "kon-case-officer.h"
#include "kon-cases.h"
#include "kon-exchange-private.h"
#include "kon-json-check.h"
#include "kon-org.h"
#include "kon-store-private.h"

#define FORMAT_OLDEST_VERSION 1

/* The format nests four deep ({ "partners": [ { "aliases": [ … */
#define MAX_DEPTH 32

G_DEFINE_QUARK (kon-exchange-error-quark, kon_exchange_error)

/* A validated document: the rows of each table, as in the file */
typedef struct
{
  guint             n_tables;
  guint             version;       /* the file's format version */
  GPtrArray        *members;       /* KonJsonMember: where the root's members are */
  KonExchangeRows  *reader;        /* reads the rows, while they are merged */
  GPtrArray        *rows[KON_EXCHANGE_N_KINDS];   /* the reader's: whole once it has finished */
  GPtrArray        *contents;      /* KonExchangeContent: $.attachment_contents, decoded */
} Document;

static void
document_clear (Document *doc)
{
  g_clear_pointer (&doc->reader, _kon_exchange_rows_free);
  g_clear_pointer (&doc->members, g_ptr_array_unref);
  g_clear_pointer (&doc->contents, g_ptr_array_unref);
}

static inline const KonTable *
doc_table (guint t)
{
  guint n_tables;

  return kon_tables (&n_tables)[t];
}

/* Step 1: the bytes */

/* Line and column (from 1) of byte @offset */
static void
position_of (const char *data,
             gsize       offset,
             guint      *out_line,
             guint      *out_column)
{
  guint line = 1;
  const char *line_start = data;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        line++;
        line_start = data + i + 1;
      }

  *out_line = line;
  *out_column = (guint) g_utf8_strlen (line_start, data + offset - line_start) + 1;
}

/* Whether the 8 bytes hold only ASCII, and no zero byte */
static inline gboolean
word_is_plain_ascii (guint64 word)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);

  return ((word | ((word - ones) & ~word)) & highs) == 0;
}

/* As g_utf8_validate_len(), eight bytes at a time where the text is
 * ASCII (most of an exchange document), and without stopping at a zero
 * byte: @out_first_zero is the first one, or NULL.  On invalid UTF-8,
 * @out_end is where it is. */
static gboolean
validate_text (const char  *data,
               gsize        size,
               const char **out_end,
               const char **out_first_zero)
{
  const char *p = data;
  const char *end = data + size;

  *out_first_zero = NULL;

  while (p < end)
    {
      const char *q;
      const char *bad = NULL;
      guint64 word;

      if (end - p >= 8)
        {
          memcpy (&word, p, 8);
          if (word_is_plain_ascii (word))
            {
              p += 8;
              continue;
            }
        }

      if ((guchar) *p < 0x80)
        {
          if (*p == '\0' && *out_first_zero == NULL)
            *out_first_zero = p;
          p++;
          continue;
        }

      /* A run of non-ASCII bytes ends where a character starts */
      for (q = p + 1; q < end && (guchar) *q >= 0x80; q++)
        ;

      if (!g_utf8_validate_len (p, q - p, &bad))
        {
          *out_end = bad;
          return FALSE;
        }
      p = q;
    }

  *out_end = end;

  return TRUE;
}

static gboolean
check_bytes (const char  *data,
             gsize        size,
             GError     **error)
{
  const char *end = NULL;
  const char *first_zero = NULL;
  gboolean only_space = TRUE;

  if (size == 0)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_EMPTY,
                   _("The file is empty: it holds no Konsensus exchange document."));
      return FALSE;
    }

  /* Over KON_EXCHANGE_MAX_SIZE: read_document() looks for the content */
  if (size > KON_EXCHANGE_MAX_SIZE_WITH_CONTENT)
    {
      _kon_exchange_set_too_big (error, size, TRUE);
      return FALSE;
    }

  if (!validate_text (data, size, &end, &first_zero))
    {
      guint line, column;

      position_of (data, end - data, &line, &column);
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_NOT_TEXT,
                   _("This is not a Konsensus exchange document: it is not text "
                     "(line %u, column %u is not UTF-8)."), line, column);
      return FALSE;
    }

  if (first_zero != NULL)
    {
      guint line, column;

      position_of (data, first_zero - data, &line, &column);
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_NOT_TEXT,
                   _("This is not a Konsensus exchange document: it is not text "
                     "(line %u, column %u holds a zero byte)."), line, column);
      return FALSE;
    }

  for (gsize i = 0; i < size && only_space; i++)
    {
      char c = data[i];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        only_space = FALSE;
    }

  if (only_space)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_EMPTY,
                   _("The file is empty: it holds no Konsensus exchange document."));
      return FALSE;
    }

  return TRUE;
}

/* Step 2: the document */

static void
set_not_exchange (GError **error)
{
  g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_NOT_EXCHANGE,
               _("This file is JSON, but not a Konsensus exchange document "
                 "(it does not start with \"format\": \"%s\")."), FORMAT_NAME);
}

static gboolean
node_is (JsonNode *node,
         GType     value_type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

static gboolean
check_header (JsonNode  *root,
              guint     *out_version,
              GError   **error)
{
  JsonObject *object;
  JsonNode *node;
  JsonObjectIter iter;
  const char *member;
  gint64 version;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_not_exchange (error);
      return FALSE;
    }

  object = json_node_get_object (root);

  node = json_object_get_member (object, "format");
  if (!node_is (node, G_TYPE_STRING) || g_strcmp0 (json_node_get_string (node), FORMAT_NAME) != 0)
    {
      set_not_exchange (error);
      return FALSE;
    }

  node = json_object_get_member (object, "version");
  if (!node_is (node, G_TYPE_INT64))
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At $.version: the format version must be a whole number."));
      return FALSE;
    }

  /* The number as text: a format macro in a translatable string would
   * cut it short for xgettext */
  version = json_node_get_int (node);
  if (version > FORMAT_VERSION)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_NEWER_VERSION,
                   _("This file was written by a newer version of Konsensus (exchange format "
                     "version %s; this version reads version %d). "
                     "Update Konsensus to import it."),
                   number, FORMAT_VERSION);
      return FALSE;
    }
  if (version < FORMAT_OLDEST_VERSION)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At $.version: %s is not a version of the exchange format."), number);
      return FALSE;
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      gboolean known = g_str_equal (member, "format") || g_str_equal (member, "version") ||
                       (g_str_equal (member, CONTENTS_MEMBER) && version >= CONTENTS_SINCE);
      guint n_tables;
      const KonTable * const *tables = kon_tables (&n_tables);

      for (guint t = 0; t < n_tables && !known; t++)
        known = g_str_equal (member, tables[t]->member) && tables[t]->since <= version;

      if (!known)
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                       _("At $.%s: this field is not part of the format."), member);
          return FALSE;
        }
    }

  *out_version = (guint) version;

  return TRUE;
}

/* A place in the document: table and index, packed */
#define PLACE(t, index) GUINT_TO_POINTER (((guint) (t) << 26 | (guint) (index)) + 1)
#define PLACE_TABLE(place) ((GPOINTER_TO_UINT (place) - 1) >> 26)
#define PLACE_INDEX(place) ((GPOINTER_TO_UINT (place) - 1) & ((1u << 26) - 1))

static char *
place_path (gpointer    place,
            const char *key)
{
  g_autofree char *path = _kon_exchange_row_path (doc_table (PLACE_TABLE (place)), PLACE_INDEX (place));

  return g_strdup_printf ("%s.%s", path, key);
}

static void
set_missing_reference (GError         **error,
                       const char      *path,
                       const KonTable  *target,
                       const char      *uuid)
{
  if (target == &kon_partner_table)
    /* TRANSLATORS: "At $.roles[3].partner: the partner “…uuid…” is not in the file." */
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                 _("At %s: the partner “%s” is not in the file."), path, uuid);
  else if (target == &kon_person_table)
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                 _("At %s: the person “%s” is not in the file."), path, uuid);
  else if (target == &kon_body_table)
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                 _("At %s: the body “%s” is not in the file."), path, uuid);
  else if (target == &kon_seat_table)
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                 _("At %s: the seat “%s” is not in the file."), path, uuid);
  else if (target == &kon_case_table)
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                 _("At %s: the case “%s” is not in the file."), path, uuid);
  else
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                 _("At %s: “%s” is not in the file."), path, uuid);
}

/* A self-reference (a body's parent) that loops back */
static gboolean
check_cycles (Document        *doc,
              guint            t,
              const KonField  *field,
              GHashTable      *uuids,
              GError         **error)
{
  GPtrArray *rows = doc->rows[t];
  g_autofree guint8 *state = g_new0 (guint8, MAX (rows->len, 1));   /* 1: reaches the top */

  for (guint i = 0; i < rows->len; i++)
    {
      guint j = i;
      guint steps = 0;

      /* Walk up; a walk that reaches the top, or a row known to, is sound */
      for (;;)
        {
          const char *parent = *(char **) KON_FIELD_PTR (rows->pdata[j], field);
          gpointer place = parent != NULL ? g_hash_table_lookup (uuids, parent) : NULL;

          if (place == NULL || state[PLACE_INDEX (place)] == 1)
            break;

          j = PLACE_INDEX (place);
          if (j == i || ++steps > rows->len)
            {
              g_autofree char *path = place_path (PLACE (t, i), field->key);
              const char *name = doc_table (t)->sort_text != NULL
                                 ? doc_table (t)->sort_text (rows->pdata[i]) : KON_ROW_UUID (rows->pdata[i]);

              if (doc_table (t) == &kon_case_table)
                g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_CYCLE,
                             _("At %s: the case “%s” follows itself through its earlier cases."),
                             path, name);
              else
                g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_CYCLE,
                             _("At %s: the body “%s” is set up by one of its own sub-bodies."),
                             path, name);
              return FALSE;
            }
        }

      /* Everything from i up is sound */
      for (j = i; state[j] == 0;)
        {
          const char *parent = *(char **) KON_FIELD_PTR (rows->pdata[j], field);
          gpointer place = parent != NULL ? g_hash_table_lookup (uuids, parent) : NULL;

          state[j] = 1;
          if (place == NULL)
            break;
          j = PLACE_INDEX (place);
        }
    }

  return TRUE;
}

/* Everything about the document as a whole */
static gboolean
check_document (Document  *doc,
                GError   **error)
{
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);

  if (doc->rows[0]->len != 1)
    {
      set_not_exchange (error);
      return FALSE;
    }

  /* UUIDs are unique across the whole document */
  for (guint t = 0; t < doc->n_tables; t++)
    for (guint i = 0; i < doc->rows[t]->len; i++)
      {
        char *uuid = KON_ROW (doc->rows[t]->pdata[i])->uuid;
        gpointer first = g_hash_table_lookup (uuids, uuid);

        if (first != NULL)
          {
            g_autofree char *path = place_path (PLACE (t, i), "uuid");
            g_autofree char *first_path = place_path (first, "uuid");

            g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DUPLICATE,
                         _("At %s: the UUID “%s” is already used at %s. "
                           "Every row needs a UUID of its own."),
                         path, uuid, first_path);
            return FALSE;
          }

        g_hash_table_insert (uuids, uuid, PLACE (t, i));
      }

  /* Every reference is to a row of its table in the file */
  for (guint t = 0; t < doc->n_tables; t++)
    {
      const KonTable *table = doc_table (t);

      for (guint f = 0; f < table->n_fields; f++)
        {
          const KonField *field = &table->fields[f];
          const KonTable *target;
          guint target_index = 0;

          if (field->type != KON_FIELD_REF)
            continue;

          target = kon_table_lookup (field->ref_table);
          while (doc_table (target_index) != target)
            target_index++;

          for (guint i = 0; i < doc->rows[t]->len; i++)
            {
              const char *uuid = *(char **) KON_FIELD_PTR (doc->rows[t]->pdata[i], field);
              gpointer place = uuid != NULL ? g_hash_table_lookup (uuids, uuid) : NULL;

              if (uuid != NULL && (place == NULL || PLACE_TABLE (place) != target_index))
                {
                  g_autofree char *path = place_path (PLACE (t, i), field->key);

                  set_missing_reference (error, path, target, uuid);
                  return FALSE;
                }
            }

          if (target == table && !check_cycles (doc, t, field, uuids, error))
            return FALSE;
        }
    }

  /* A body's case numbers of a year, each once */
  for (guint t = 0; t < doc->n_tables; t++)
    if (doc_table (t) == &kon_case_table)
      {
        g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

        for (guint i = 0; i < doc->rows[t]->len; i++)
          {
            const KonCase *c = doc->rows[t]->pdata[i];
            char *key = g_strdup_printf ("%s %d %d", c->body_uuid, c->year, c->number);
            gpointer first = g_hash_table_lookup (numbers, key);

            if (first != NULL)
              {
                g_autofree char *path = place_path (PLACE (t, i), "number");
                g_autofree char *first_path = place_path (first, "number");

                g_free (key);
                g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                             _("At %s: the case has the number of the case at %s, in the same body "
                               "and year. Every case needs a number of its own."),
                             path, first_path);
                return FALSE;
              }
            g_hash_table_insert (numbers, key, PLACE (t, i));
          }
      }

  /* A role fills a seat of its own body */
  for (guint t = 0; t < doc->n_tables; t++)
    for (guint i = 0; doc_table (t) == &kon_role_table && i < doc->rows[t]->len; i++)
      {
        const KonRole *role = doc->rows[t]->pdata[i];
        gpointer place = role->seat_uuid != NULL ? g_hash_table_lookup (uuids, role->seat_uuid) : NULL;
        const KonSeat *seat = place != NULL ? doc->rows[PLACE_TABLE (place)]->pdata[PLACE_INDEX (place)] : NULL;

        if (seat != NULL && g_strcmp0 (seat->body_uuid, role->body_uuid) != 0)
          {
            g_autofree char *path = place_path (PLACE (t, i), "seat");

            g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                         _("At %s: the seat “%s” is a seat of another body than the role’s."),
                         path, seat->name);
            return FALSE;
          }
      }

  return TRUE;
}

/* The document's root object without its rows (each table's member and
 * the content's written as null), for check_header () */
static JsonNode *
parse_header (const char  *data,
              GPtrArray   *members,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) text = g_string_new ("{");
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);

  for (guint m = 0; m < members->len; m++)
    {
      const KonJsonMember *member = members->pdata[m];
      gboolean rows = g_str_equal (member->key, CONTENTS_MEMBER);

      for (guint t = 0; t < n_tables && !rows; t++)
        rows = g_str_equal (member->key, tables[t]->member);

      if (m > 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, '"');
      g_string_append_len (text, data + member->key_span.offset, member->key_span.length);
      g_string_append (text, "\":");
      if (rows)
        g_string_append (text, "null");
      else
        g_string_append_len (text, data + member->value.offset, member->value.length);
    }
  g_string_append_c (text, '}');

  if (!json_parser_load_from_data (parser, text->str, (gssize) text->len, error))
    return NULL;

  return json_parser_steal_root (parser);
}

/* The document's place in @doc: its header checked, its content read,
 * and its rows being read (doc->reader) */
static gboolean
read_document (const char    *data,
               gsize          size,
               Document      *doc,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) header = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const KonJsonMember *contents = NULL;

  /* json-glib 1.6 accepts what is not JSON (comments, single quotes, hex
   * numbers), takes the last of two equal keys, and nests by recursion:
   * a bounded check first, which also finds where the rows are */
  if (!kon_json_check_members (data, size, KON_EXCHANGE_MAX_SIZE_WITH_CONTENT, MAX_DEPTH,
                               &doc->members, NULL, &local_error))
    {
      g_set_error (error, KON_EXCHANGE_ERROR,
                   g_error_matches (local_error, KON_JSON_CHECK_ERROR, KON_JSON_CHECK_ERROR_NOT_UTF8)
                     ? KON_EXCHANGE_ERROR_NOT_TEXT : KON_EXCHANGE_ERROR_SYNTAX,
                   _("This is not a Konsensus exchange document: %s"), local_error->message);
      return FALSE;
    }

  if (doc->members == NULL)
    {
      set_not_exchange (error);
      return FALSE;
    }

  header = parse_header (data, doc->members, &local_error);
  if (header == NULL)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_SYNTAX,
                   _("This is not a Konsensus exchange document: %s"), local_error->message);
      return FALSE;
    }

  if (!check_header (header, &doc->version, error))
    return FALSE;

  for (guint m = 0; m < doc->members->len && contents == NULL; m++)
    if (g_str_equal (((KonJsonMember *) doc->members->pdata[m])->key, CONTENTS_MEMBER))
      contents = doc->members->pdata[m];

  /* Only the attachments' content makes a document that big */
  if (size > KON_EXCHANGE_MAX_SIZE && contents == NULL)
    {
      _kon_exchange_set_too_big (error, size, FALSE);
      return FALSE;
    }

  doc->reader = _kon_exchange_rows_start (data, size, doc->members, doc->version, cancellable, error);
  if (doc->reader == NULL)
    return FALSE;
  for (guint t = 0; t < doc->n_tables; t++)
    doc->rows[t] = _kon_exchange_rows_get (doc->reader, t);

  /* The content meanwhile, in this thread */
  if (contents != NULL)
    {
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, data + contents->value.offset,
                                       (gssize) contents->value.length, &local_error))
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_SYNTAX,
                       _("This is not a Konsensus exchange document: %s"), local_error->message);
          return FALSE;
        }
    }

  return _kon_exchange_parse_contents (parser != NULL ? json_parser_get_root (parser) : NULL,
                                       &doc->contents, cancellable, error);
}

/* The path names the kind of row in the file ($.roles[3].uuid); the
 * message the kind of row that has the uuid here */
#define SET_UUID_IN_OTHER_TABLE(kind_sentence) \
  g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DUPLICATE, kind_sentence, path, uuid)

static void
set_uuid_in_other_table (GError         **error,
                         const char      *path,
                         const char      *uuid,
                         const KonTable  *here)
{
  if (here == &kon_community_table)
    /* TRANSLATORS: "At $.roles[3].uuid: …"; the sentence after is the same in each */
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a community with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_partner_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a partner with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_person_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a person with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_body_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a body with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_seat_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a seat with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_case_event_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a step of a case’s history with the "
                               "UUID “%s”. Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_case_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a case with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_case_officer_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a case officer with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_case_anchoring_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has an anchoring of a case with the "
                               "UUID “%s”. Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else if (here == &kon_case_attachment_table)
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has an attachment with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
  else
    SET_UUID_IN_OTHER_TABLE (_("At %s: this database already has a role with the UUID “%s”. "
                               "Every row needs a UUID of its own, whatever its kind; "
                               "nothing was imported."));
}

#undef SET_UUID_IN_OTHER_TABLE

/* This database's uuids before the merge, each with its table's index
 * + 1; *@out_here is %NULL when it has none */
static gboolean
uuids_here (KonStore     *store,
            Document     *doc,
            GHashTable  **out_here,
            GError      **error)
{
  g_autoptr(GHashTable) here = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint t = 0; t < doc->n_tables; t++)
    {
      g_autoptr(GPtrArray) uuids = kon_store_list_uuids (store, doc_table (t), NULL, error);

      if (uuids == NULL)
        return FALSE;
      for (guint i = 0; i < uuids->len; i++)
        g_hash_table_insert (here, g_steal_pointer (&uuids->pdata[i]), GUINT_TO_POINTER (t + 1));
    }

  *out_here = g_hash_table_size (here) > 0 ? g_steal_pointer (&here) : NULL;

  return TRUE;
}

/* A uuid of the file that this database used (uuids_here ()) in another
 * table: the next export would hold it twice, and import nowhere */
static gboolean
check_uuids_in_database (Document    *doc,
                         GHashTable  *here,
                         GError     **error)
{
  if (here == NULL)
    return TRUE;

  for (guint t = 0; t < doc->n_tables; t++)
    for (guint i = 0; i < doc->rows[t]->len; i++)
      {
        const char *uuid = KON_ROW_UUID (doc->rows[t]->pdata[i]);
        guint other = GPOINTER_TO_UINT (g_hash_table_lookup (here, uuid));

        if (other != 0 && other != t + 1)
          {
            g_autofree char *path = place_path (PLACE (t, i), "uuid");

            set_uuid_in_other_table (error, path, uuid, doc_table (other - 1));
            return FALSE;
          }
      }

  return TRUE;
}

/* One community per database: a file of another community is refused,
 * unless this database holds nothing else yet (a new database). */
static gboolean
check_community (KonStore  *store,
                 Document  *doc,
                 GError   **error)
{
  const KonCommunity *incoming = doc->rows[0]->pdata[0];
  g_autoptr(KonCommunity) local = NULL;
  g_autoptr(GError) local_error = NULL;

  local = kon_org_get_community (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (local == NULL || g_str_equal (local->uuid, incoming->uuid))
    return TRUE;

  for (guint t = 1; t < doc->n_tables; t++)
    {
      guint count = kon_store_count (store, doc_table (t), NULL, NULL, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (count > 0)
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_OTHER_COMMUNITY,
                       _("This file is from another community than this database "
                         "(in the file: “%s”; here: “%s”). "
                         "Import the file into a new database instead."),
                       incoming->name, local->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Step 3: the merge */

typedef struct
{
  Document           *doc;
  KonExchangeReport  *report;
  GCancellable       *cancellable;
  ProgressFunc        progress;
  gpointer            progress_data;
  guint               done;
  guint               total;
  GHashTable         *skipped;     /* uuids of the file's rows not imported (a clash) */
  GHashTable         *here;        /* uuids_here () */
  gboolean            begun;       /* the write transaction was begun */
} ImportData;

/* Whether @row refers to a row of the file that was not imported: then
 * it is not imported either (a case's history goes with the case) */
static gboolean
refers_to_skipped (ImportData     *data,
                   const KonTable *table,
                   gconstpointer   row)
{
  if (data->skipped == NULL)
    return FALSE;

  for (guint f = 0; f < table->n_fields; f++)
    {
      const KonField *field = &table->fields[f];
      const char *uuid;

      if (field->type != KON_FIELD_REF)
        continue;
      uuid = *(char **) KON_FIELD_PTR ((gpointer) row, field);
      if (uuid != NULL && g_hash_table_contains (data->skipped, uuid))
        return TRUE;
    }
  return FALSE;
}

static void
skip_row (ImportData *data,
          gconstpointer row)
{
  if (data->skipped == NULL)
    data->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (data->skipped, g_strdup (KON_ROW_UUID (row)));
}

static char *
describe_conflict (KonStore        *store,
                   const KonTable  *table,
                   gconstpointer    local)
{
  if (table == &kon_community_table)
    return g_strdup_printf (_("The community “%s” was changed both here and in the file "
                              "since the last exchange; the version here was kept."),
                            ((const KonCommunity *) local)->name);
  if (table == &kon_partner_table)
    return g_strdup_printf (_("The partner “%s” was changed both here and in the file "
                              "since the last exchange; the version here was kept."),
                            ((const KonPartner *) local)->name);
  if (table == &kon_person_table)
    return g_strdup_printf (_("The person “%s” was changed both here and in the file "
                              "since the last exchange; the version here was kept."),
                            ((const KonPerson *) local)->name);
  if (table == &kon_body_table)
    return g_strdup_printf (_("The body “%s” was changed both here and in the file "
                              "since the last exchange; the version here was kept."),
                            ((const KonBody *) local)->name);
  if (table == &kon_seat_table)
    return g_strdup_printf (_("The seat “%s” was changed both here and in the file "
                              "since the last exchange; the version here was kept."),
                            ((const KonSeat *) local)->name);
  if (table == &kon_case_event_table)
    return g_strdup (_("A step of a case’s history was changed both here and in the file "
                       "since the last exchange; the version here was kept."));
  if (table == &kon_case_table)
    return g_strdup_printf (_("The case “%s” was changed both here and in the file "
                              "since the last exchange; the version here was kept."),
                            ((const KonCase *) local)->title);
  if (table == &kon_case_officer_table)
    return g_strdup (_("A case officer was changed both here and in the file "
                       "since the last exchange; the version here was kept."));
  if (table == &kon_case_anchoring_table)
    return g_strdup (_("An anchoring of a case was changed both here and in the file "
                       "since the last exchange; the version here was kept."));
  if (table == &kon_case_attachment_table)
    return g_strdup_printf (_("The attachment “%s” was changed both here and in the file "
                              "since the last exchange; the version here was kept."),
                            ((const KonCaseAttachment *) local)->name);

  {
    const KonRole *role = local;
    g_autoptr(KonPerson) person = kon_org_get_person (store, role->person_uuid, NULL);
    g_autoptr(KonBody) body = kon_org_get_body (store, role->body_uuid, NULL);

    /* TRANSLATORS: "The role of “Kari Nordmann” in “SSU” was changed …" */
    return g_strdup_printf (_("The role of “%s” in “%s” was changed both here and in the "
                              "file since the last exchange; the version here was kept."),
                            person != NULL ? person->name : role->person_uuid,
                            body != NULL ? body->name : role->body_uuid);
  }
}

/* Every CHECK_EVERY rows: cancelled?  And the progress */
static gboolean
merged_row (ImportData  *data,
            GError     **error)
{
  if (++data->done % CHECK_EVERY != 0)
    return TRUE;

  if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
    return FALSE;
  if (data->progress != NULL)
    data->progress (0.05 + 0.9 * data->done / MAX (data->total, 1), data->progress_data);

  return TRUE;
}

/* Row @i of table @t of the file */
static gboolean
merge_row (KonStore    *store,
           ImportData  *data,
           guint        t,
           guint        i,
           gboolean     table_was_empty,
           GError     **error)
{
  KonExchangeReport *report = data->report;
  const KonTable *table = doc_table (t);
  gpointer incoming = data->doc->rows[t]->pdata[i];
  g_autoptr(GError) local_error = NULL;
  KonRowHash in_hash = *_kon_exchange_rows_get_hash (data->doc->reader, t, i);
  KonRowHash local_hash, sync_hash, export_hash;
  gpointer local = NULL;
  gboolean ok = TRUE;

  if (refers_to_skipped (data, table, incoming))
    {
      skip_row (data, incoming);
      return TRUE;
    }

  if (!table_was_empty)
    local = _kon_store_lookup (store, table, KON_ROW_UUID (incoming), &sync_hash, &export_hash, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (local == NULL)
    {
      /* New here: both desks now have this version.  (A database has one
       * community: a new one takes the place of the one there, when that
       * is all the database holds, see check_community().) */
      if (table->singleton)
        {
          g_autoptr(KonCommunity) current = kon_org_get_community (store, &local_error);

          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (current != NULL && !_kon_store_remove (store, table, current->uuid, error))
            return FALSE;
        }

      /* Two desks gave one number to two cases: listed, neither renumbered
       * (the file's own cases were checked against each other) */
      if (table == &kon_case_table && !table_was_empty)
        {
          const KonCase *c = incoming;
          gboolean taken = FALSE;

          if (!kon_store_max_in_group (store, table, "body", c->body_uuid, "year", c->year,
                                       "number", c->number, NULL, &taken, error))
            return FALSE;
          if (taken)
            {
              g_autoptr(KonBody) body = kon_store_get (store, &kon_body_table, c->body_uuid, NULL);
              g_autofree char *number = kon_cases_format_number (body, c);

              report->conflicts[t]++;
              skip_row (data, incoming);
              g_ptr_array_add (report->conflict_lines,
                               g_strdup_printf (_("Case %s “%s” in the file has a number that another case "
                                                  "has here; it was not imported. Give one of them a new "
                                                  "number, then import again."),
                                                number, c->title));
              return TRUE;
            }
        }

      /* The export hash too: this desk holds the file's version, as an
       * export of it would write it.  The merge compares a file row with
       * both hashes, so while they are equal nothing differs from an
       * unset export hash, and the first export has nothing to record
       * for the rows it imported. */
      report->added[t]++;
      return _kon_store_insert (store, table, incoming, &in_hash, &in_hash, error);
    }

  kon_table_row_hash (table, local, &local_hash);

  if (kon_row_hash_equal (&in_hash, &local_hash))
    {
      report->unchanged[t]++;
      if (!kon_row_hash_equal (&sync_hash, &in_hash))
        ok = _kon_store_set_hashes (store, table, KON_ROW_UUID (local), &in_hash, NULL, error);
    }
  else if (kon_row_hash_equal (&in_hash, &sync_hash) || kon_row_hash_equal (&in_hash, &export_hash))
    {
      /* The file has the agreed version, or ours echoed back: nothing new
       * there, and the change here stands */
      report->unchanged[t]++;
    }
  else if (kon_row_hash_equal (&local_hash, &sync_hash))
    {
      /* Changed only in the file */
      report->updated[t]++;
      ok = _kon_store_replace (store, table, incoming, &in_hash, NULL, error);
    }
  else
    {
      report->conflicts[t]++;
      g_ptr_array_add (report->conflict_lines, describe_conflict (store, table, local));
    }

  kon_table_row_free (table, local);

  return ok;
}

/* The indices of the rows of table @t in an order where a row comes
 * after the row of the same table it refers to (a body after the body
 * that set it up).  A file with a cycle gets some order all the same:
 * check_document() refuses it. */
static GArray *
parents_first (Document        *doc,
               guint            t,
               const KonField  *field)
{
  GPtrArray *rows = doc->rows[t];
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (rows->len, 1));
  g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), rows->len);

  for (guint i = 0; i < rows->len; i++)
    g_hash_table_insert (index, KON_ROW (rows->pdata[i])->uuid, GUINT_TO_POINTER (i + 1));

  for (guint i = 0; i < rows->len; i++)
    {
      guint at = i + 1;

      /* Up to the first row already placed (or the top), then down */
      g_array_set_size (chain, 0);
      while (at != 0 && !placed[at - 1])
        {
          const char *parent = *(char **) KON_FIELD_PTR (rows->pdata[at - 1], field);
          guint row = at - 1;

          placed[row] = TRUE;
          g_array_append_val (chain, row);
          at = parent != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (index, parent)) : 0;
        }

      for (guint j = chain->len; j > 0; j--)
        g_array_append_val (order, g_array_index (chain, guint, j - 1));
    }

  return order;
}

/* The field by which rows of @table refer to rows of the same table */
static const KonField *
self_reference (const KonTable *table)
{
  for (guint f = 0; f < table->n_fields; f++)
    if (table->fields[f].type == KON_FIELD_REF && g_strcmp0 (table->fields[f].ref_table, table->name) == 0)
      return &table->fields[f];

  return NULL;
}

/* Kept rows here and rows from the file, together, may loop (the file's
 * rows alone do not): the name of a row that is its own ancestor */
static char *
find_cycle (KonStore        *store,
            const KonTable  *table,
            const KonField  *field,
            GError         **error)
{
  g_autoptr(GPtrArray) rows = kon_store_list (store, table, NULL, NULL, error);
  g_autoptr(GHashTable) parent_of = NULL;

  if (rows == NULL)
    return NULL;

  parent_of = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *parent = *(char **) KON_FIELD_PTR (rows->pdata[i], field);

      if (parent != NULL)
        g_hash_table_insert (parent_of, KON_ROW (rows->pdata[i])->uuid, (gpointer) parent);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const char *start = KON_ROW_UUID (rows->pdata[i]);
      const char *at = g_hash_table_lookup (parent_of, start);

      for (guint steps = 0; at != NULL && steps <= rows->len; steps++)
        {
          if (g_str_equal (at, start))
            return g_strdup (table->sort_text != NULL ? table->sort_text (rows->pdata[i]) : start);
          at = g_hash_table_lookup (parent_of, at);
        }
    }

  return NULL;
}

/* The rows of table @t of the file merged, as they are read */
static gboolean
merge_table (KonStore    *store,
             ImportData  *data,
             guint        t,
             GError     **error)
{
  Document *doc = data->doc;
  const KonTable *table = doc_table (t);
  const KonField *self_ref = self_reference (table);
  GPtrArray *rows = doc->rows[t];
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) order = NULL;
  g_autofree char *cycle = NULL;
  guint count = kon_store_count (store, table, NULL, NULL, &local_error);
  guint end = 0;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (self_ref == NULL)
    {
      for (guint i = 0; i < rows->len; i++)
        if ((i == end && !_kon_exchange_rows_wait (doc->reader, t, i, &end, error)) ||
            !merge_row (store, data, t, i, count == 0, error) ||
            !merged_row (data, error))
          return FALSE;

      return TRUE;
    }

  /* A row after the row it refers to: the whole table read first */
  for (guint i = 0; i < rows->len; i = end)
    if (!_kon_exchange_rows_wait (doc->reader, t, i, &end, error))
      return FALSE;

  order = parents_first (doc, t, self_ref);
  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);

      if (!merge_row (store, data, t, i, count == 0, error) ||
          !merged_row (data, error))
        return FALSE;
    }

  if (count == 0)
    return TRUE;

  cycle = find_cycle (store, table, self_ref, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (cycle != NULL && table == &kon_case_table)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_CYCLE,
                   _("The file cannot be merged: with the changes made here, the case “%s” "
                     "would follow itself through its earlier cases. Nothing was imported."),
                   cycle);
      return FALSE;
    }
  if (cycle != NULL)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_CYCLE,
                   _("The file cannot be merged: with the changes made here, the body “%s” "
                     "would be set up by one of its own sub-bodies. Nothing was imported."),
                   cycle);
      return FALSE;
    }

  return TRUE;
}

static gboolean
import_in_transaction (KonStore  *store,
                       gpointer   user_data,
                       GError   **error)
{
  ImportData *data = user_data;
  Document *doc = data->doc;
  g_autoptr(GError) community_error = NULL;
  g_autoptr(GError) merge_error = NULL;
  guint end;

  data->begun = TRUE;
  for (guint t = 0; t < doc->n_tables; t++)
    data->total += doc->rows[t]->len;

  if (!uuids_here (store, doc, &data->here, error))
    return FALSE;

  /* The rows are merged while they are read (kon-exchange-rows.c), so
   * what is wrong in a row or in the file as a whole is known only at
   * the end: then it is what is said, whatever the merge met (a row
   * that refers to a row missing from the file fails the merge too) */
  if (_kon_exchange_rows_wait (doc->reader, 0, 0, &end, NULL) &&
      check_community (store, doc, &community_error))
    {
      for (guint t = 0; t < doc->n_tables; t++)
        if (!merge_table (store, data, t, &merge_error))
          break;
    }

  if (!_kon_exchange_rows_finish (doc->reader, error) ||
      !check_document (doc, error))
    return FALSE;
  if (community_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&community_error));
      return FALSE;
    }
  if (!check_uuids_in_database (doc, data->here, error))
    return FALSE;
  if (merge_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&merge_error));
      return FALSE;
    }

  /* The content, once the attachment rows that name it are in */
  if (!_kon_exchange_put_contents (store, doc->contents, &data->report->contents_kept, error))
    return FALSE;

  if (data->progress != NULL)
    data->progress (0.95, data->progress_data);

  return TRUE;
}

KonExchangeReport *
_kon_exchange_import_data (KonStore      *store,
                           const char    *data,
                           gsize          size,
                           GCancellable  *cancellable,
                           ProgressFunc   progress,
                           gpointer       progress_data,
                           GError       **error)
{
  g_autoptr(KonExchangeReport) report = _kon_exchange_report_new ();
  Document doc = { 0 };
  ImportData import = { &doc, report, cancellable, progress, progress_data, 0, 0, NULL, NULL, FALSE };
  gint64 start;
  gboolean ok;

  kon_tables (&doc.n_tables);
  g_assert (doc.n_tables == KON_EXCHANGE_N_KINDS);

  if (progress != NULL)
    progress (0.0, progress_data);

  start = g_get_monotonic_time ();
  ok = check_bytes (data, size, error) &&
       read_document (data, size, &doc, cancellable, error);

  if (ok)
    {
      g_autoptr(GError) write_error = NULL;

      if (progress != NULL)
        progress (0.05, progress_data);

      ok = kon_store_bulk_write (store, import_in_transaction, &import, &write_error);
      g_debug ("import: %" G_GSIZE_FORMAT " bytes read, checked, merged and committed in %.0f ms",
               size, _kon_exchange_elapsed_ms (start));

      /* A database that cannot be written (read-only, busy): what is
       * wrong in the file is said first, as where it can be */
      if (!ok && !import.begun &&
          (!_kon_exchange_rows_finish (doc.reader, error) || !check_document (&doc, error)))
        ;
      else if (!ok)
        g_propagate_error (error, g_steal_pointer (&write_error));
    }

  if (ok)
    {
      for (guint t = 0; t < doc.n_tables; t++)
        report->in_file[t] = doc.rows[t]->len;
      report->contents_in_file = doc.contents->len;
    }

  document_clear (&doc);
  g_clear_pointer (&import.skipped, g_hash_table_unref);
  g_clear_pointer (&import.here, g_hash_table_unref);

  if (!ok)
    return NULL;

  if (progress != NULL)
    progress (1.0, progress_data);

  return g_steal_pointer (&report);
}

/**
 * kon_exchange_import:
 * @bytes: an exchange document
 *
 * Validates @bytes and merges them into @store (see kon-exchange.h).
 *
 * Returns: (transfer full): what was done, or %NULL with @error set (and
 *   nothing changed)
 */
KonExchangeReport *
kon_exchange_import (KonStore      *store,
                     GBytes        *bytes,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);

  return _kon_exchange_import_data (store, data != NULL ? data : "", size, cancellable, NULL, NULL, error);
}
