/* kon-exchange.c: the whole database as one JSON document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Import is three steps, and only the last one writes:
 *   1. look at the bytes: not empty, not too big, UTF-8 text without NUL,
 *      brackets nested no deeper than the format needs (json-glib 1.6
 *      parses recursively and would overflow the stack on "[[[[…");
 *   2. parse and validate the whole document: every field of every row,
 *      UUIDs unique, every reference to a row that is in the file, no
 *      bodies set up by each other;
 *   3. merge it by UUID in one transaction (rows refer to each other by
 *      the ids the rows they refer to got, found where step 2 found each
 *      reference; into an empty table, many rows to a statement).
 * So a file that is refused leaves the database as it was.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "kon-exchange.h"
#include "kon-json-private.h"
#include "kon-org-private.h"
#include "kon-store-private.h"

#define FORMAT_NAME "konsensus-exchange"
#define FORMAT_VERSION 1

/* The format nests three deep ({ "roles": [ { "aliases": [ … */
#define MAX_DEPTH 32

/* How often long loops look at the cancellable and report progress */
#define CHECK_EVERY 256

G_DEFINE_QUARK (kon-exchange-error-quark, kon_exchange_error)

G_DEFINE_BOXED_TYPE (KonExchangeReport, kon_exchange_report, kon_exchange_report_copy, kon_exchange_report_free)

typedef void (*ProgressFunc) (double   fraction,
                              gpointer user_data);

/* Where the references of a row point in the document: the index of the
 * row of each kind that it refers to, or NO_TARGET (a row refers to at
 * most one row of each kind) */
#define NO_TARGET G_MAXUINT32

typedef struct
{
  guint32 target[KON_ORG_N_KINDS];
} RowTargets;

/* A validated document: the rows of each kind, as in the file, and where
 * their references point (for the kinds that have references) */
typedef struct
{
  GPtrArray  *rows[KON_ORG_N_KINDS];
  RowTargets *targets[KON_ORG_N_KINDS];
} Document;

static void
document_clear (Document *doc)
{
  for (guint i = 0; i < KON_ORG_N_KINDS; i++)
    {
      g_clear_pointer (&doc->rows[i], g_ptr_array_unref);
      g_clear_pointer (&doc->targets[i], g_free);
    }
}

G_STATIC_ASSERT ((int) KON_EXCHANGE_KIND_COMMUNITY == (int) KON_ORG_COMMUNITY);
G_STATIC_ASSERT ((int) KON_EXCHANGE_KIND_ROLE == (int) KON_ORG_ROLE);
G_STATIC_ASSERT ((int) KON_EXCHANGE_N_KINDS == (int) KON_ORG_N_KINDS);

/* Report */

static KonExchangeReport *
exchange_report_new (void)
{
  KonExchangeReport *report = g_new0 (KonExchangeReport, 1);

  report->conflict_lines = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  return report;
}

KonExchangeReport *
kon_exchange_report_copy (const KonExchangeReport *report)
{
  KonExchangeReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_memdup2 (report, sizeof *report);
  copy->conflict_lines = g_ptr_array_new_null_terminated (report->conflict_lines->len, g_free, TRUE);
  for (guint i = 0; i < report->conflict_lines->len; i++)
    g_ptr_array_add (copy->conflict_lines, g_strdup (report->conflict_lines->pdata[i]));

  return copy;
}

void
kon_exchange_report_free (KonExchangeReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->conflict_lines);
  g_free (report);
}

/**
 * kon_exchange_report_count:
 * @counts: one of the report's arrays (report->added, …)
 *
 * Returns: the sum over all kinds of rows
 */
guint
kon_exchange_report_count (const KonExchangeReport *report,
                         const guint           *counts)
{
  guint sum = 0;

  g_return_val_if_fail (report != NULL, 0);
  g_return_val_if_fail (counts != NULL, 0);

  for (guint i = 0; i < KON_EXCHANGE_N_KINDS; i++)
    sum += counts[i];

  return sum;
}

/* "21 partners, 30 persons, 8 bodies and 40 roles" */
static char *
describe_counts (const guint *counts)
{
  g_autofree char *partners = g_strdup_printf (ngettext ("%u partner", "%u partners",
                                                         counts[KON_ORG_PARTNER]),
                                               counts[KON_ORG_PARTNER]);
  g_autofree char *persons = g_strdup_printf (ngettext ("%u person", "%u persons",
                                                        counts[KON_ORG_PERSON]),
                                              counts[KON_ORG_PERSON]);
  g_autofree char *bodies = g_strdup_printf (ngettext ("%u body", "%u bodies",
                                                       counts[KON_ORG_BODY]),
                                             counts[KON_ORG_BODY]);
  g_autofree char *roles = g_strdup_printf (ngettext ("%u role", "%u roles",
                                                      counts[KON_ORG_ROLE]),
                                            counts[KON_ORG_ROLE]);

  /* TRANSLATORS: a list of counts: "21 partners, 30 persons, 8 bodies and 40 roles" */
  return g_strdup_printf (_("%s, %s, %s and %s"), partners, persons, bodies, roles);
}

/**
 * kon_exchange_report_describe:
 * @file_name: (nullable): the file imported
 *
 * Returns: (transfer full): one translated line: "Imported 21 partners,
 *   30 persons, 8 bodies and 40 roles from FILE (2 new, 3 updated,
 *   0 conflicts)."
 */
char *
kon_exchange_report_describe (const KonExchangeReport *report,
                              const char              *file_name)
{
  g_autofree char *counts = NULL;
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *conflicts = NULL;
  guint n_added, n_updated, n_conflicts;

  g_return_val_if_fail (report != NULL, NULL);

  /* The community is new only in a new database: not worth a count */
  n_added = kon_exchange_report_count (report, report->added) - report->added[KON_ORG_COMMUNITY];
  n_updated = kon_exchange_report_count (report, report->updated);
  n_conflicts = kon_exchange_report_count (report, report->conflicts);

  counts = describe_counts (report->in_file);
  /* TRANSLATORS: rows added by an import */
  added = g_strdup_printf (ngettext ("%u new", "%u new", n_added), n_added);
  /* TRANSLATORS: rows updated by an import */
  updated = g_strdup_printf (ngettext ("%u updated", "%u updated", n_updated), n_updated);
  conflicts = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", n_conflicts), n_conflicts);

  if (file_name != NULL)
    /* TRANSLATORS: "Imported 21 partners, 30 persons, 8 bodies and 40 roles
     * from lvs.json (2 new, 3 updated, 0 conflicts)." */
    return g_strdup_printf (_("Imported %s from %s (%s, %s, %s)."),
                            counts, file_name, added, updated, conflicts);

  return g_strdup_printf (_("Imported %s (%s, %s, %s)."), counts, added, updated, conflicts);
}

/**
 * kon_exchange_describe_export:
 * @counts: rows exported per kind (KON_EXCHANGE_N_KINDS)
 * @file_name: (nullable): the file
 *
 * Returns: (transfer full): "Exported 21 partners, 30 persons, 8 bodies and
 *   40 roles to FILE."
 */
char *
kon_exchange_describe_export (const guint *counts,
                              const char  *file_name)
{
  g_autofree char *list = NULL;

  g_return_val_if_fail (counts != NULL, NULL);

  list = describe_counts (counts);

  if (file_name != NULL)
    /* TRANSLATORS: "Exported 21 partners, 30 persons, 8 bodies and 40 roles to lvs.json." */
    return g_strdup_printf (_("Exported %s to %s."), list, file_name);

  return g_strdup_printf (_("Exported %s."), list);
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

  if (size > KON_EXCHANGE_MAX_SIZE)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *max_text = g_format_size (KON_EXCHANGE_MAX_SIZE);

      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_TOO_BIG,
                   _("The file is too big (%s) to be a Konsensus exchange document "
                     "(at most %s)."), size_text, max_text);
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
check_header (const KonJsonValue  *root,
              GError             **error)
{
  static const char *known[] = {
    "format", "version", "community", "partners", "persons", "bodies", "roles", NULL
  };
  const KonJsonValue *node;
  gint64 version;

  if (root == NULL || root->type != KON_JSON_OBJECT)
    {
      set_not_exchange (error);
      return FALSE;
    }

  node = _kon_json_get_member (root, "format");
  if (node == NULL || node->type != KON_JSON_STRING || strcmp (node->string, FORMAT_NAME) != 0)
    {
      set_not_exchange (error);
      return FALSE;
    }

  node = _kon_json_get_member (root, "version");
  if (node == NULL || node->type != KON_JSON_INT)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At $.version: the format version must be a whole number."));
      return FALSE;
    }

  /* The number as text: a format macro in a translatable string would
   * cut it short for xgettext */
  version = node->integer;
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
  if (version < FORMAT_VERSION)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At $.version: %s is not a version of the exchange format."), number);
      return FALSE;
    }

  for (guint i = 0; i < root->n; i++)
    if (!g_strv_contains (known, root->members[i].key))
      {
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                     _("At $.%s: this field is not part of the format."), root->members[i].key);
        return FALSE;
      }

  return TRUE;
}

/* The UUIDs of a document (checked, 36 characters) are random: their last
 * eight hexadecimal digits make a hash as good as one of all of them */
static guint
uuid_hash (gconstpointer key)
{
  const char *uuid = key;
  guint64 tail;

  if (strnlen (uuid, 36) != 36)
    return g_str_hash (key);

  memcpy (&tail, uuid + 28, 8);

  return (guint) ((tail * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 32);
}

/* A place in the document, packed: kind and index */
#define PLACE(kind, index) GUINT_TO_POINTER (((guint) (kind) << 26 | (guint) (index)) + 1)
#define PLACE_KIND(place) ((GPOINTER_TO_UINT (place) - 1) >> 26)
#define PLACE_INDEX(place) ((GPOINTER_TO_UINT (place) - 1) & ((1u << 26) - 1))

static char *
place_path (gpointer    place,
            const char *field)
{
  const KonOrgTableInfo *info = _kon_org_table_info (PLACE_KIND (place));

  if (info->kind == KON_ORG_COMMUNITY)
    return g_strdup_printf ("$.community.%s", field);

  return g_strdup_printf ("$.%s[%u].%s", info->member, PLACE_INDEX (place), field);
}

/* The reference @field of row @index of @kind, to a row of @target */
static gboolean
check_reference (GHashTable  *uuids,
                 Document    *doc,
                 KonOrgKind   target,
                 const char  *uuid,
                 KonOrgKind   kind,
                 guint        index,
                 const char  *field,
                 GError     **error)
{
  gpointer place;
  g_autofree char *path = NULL;

  if (uuid == NULL)
    return TRUE;

  place = g_hash_table_lookup (uuids, uuid);
  if (place != NULL && PLACE_KIND (place) == (guint) target)
    {
      doc->targets[kind][index].target[target] = PLACE_INDEX (place);
      return TRUE;
    }

  path = place_path (PLACE (kind, index), field);

  switch (target)
    {
    case KON_ORG_PARTNER:
      /* TRANSLATORS: "At $.roles[3].partner: the partner “…uuid…” is not in the file." */
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                   _("At %s: the partner “%s” is not in the file."), path, uuid);
      break;
    case KON_ORG_PERSON:
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                   _("At %s: the person “%s” is not in the file."), path, uuid);
      break;
    case KON_ORG_BODY:
    case KON_ORG_COMMUNITY:
    case KON_ORG_ROLE:
    case KON_ORG_N_KINDS:
    default:
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_MISSING_REFERENCE,
                   _("At %s: the body “%s” is not in the file."), path, uuid);
      break;
    }

  return FALSE;
}

static gboolean
check_document (Document  *doc,
                GError   **error)
{
  g_autoptr(GHashTable) uuids = g_hash_table_new (uuid_hash, g_str_equal);
  g_autofree guint8 *state = NULL;
  guint n_bodies = doc->rows[KON_ORG_BODY]->len;

  /* UUIDs are unique across the whole document */
  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    for (guint i = 0; i < doc->rows[kind]->len; i++)
      {
        char *uuid = KON_ORG_ROW_UUID (doc->rows[kind]->pdata[i]);
        gpointer first = g_hash_table_lookup (uuids, uuid);

        if (first != NULL)
          {
            g_autofree char *path = place_path (PLACE (kind, i), "uuid");
            g_autofree char *first_path = place_path (first, "uuid");

            g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DUPLICATE,
                         _("At %s: the UUID “%s” is already used at %s. "
                           "Every row needs a UUID of its own."),
                         path, uuid, first_path);
            return FALSE;
          }

        g_hash_table_insert (uuids, uuid, PLACE (kind, i));
      }

  /* Every reference is to a row in the file */
  for (guint kind = KON_ORG_PERSON; kind < KON_ORG_N_KINDS; kind++)
    {
      doc->targets[kind] = g_new (RowTargets, MAX (doc->rows[kind]->len, 1));
      memset (doc->targets[kind], 0xff, doc->rows[kind]->len * sizeof (RowTargets));
    }

  for (guint i = 0; i < doc->rows[KON_ORG_PERSON]->len; i++)
    {
      KonPerson *person = doc->rows[KON_ORG_PERSON]->pdata[i];

      if (!check_reference (uuids, doc, KON_ORG_PARTNER, person->partner_uuid,
                            KON_ORG_PERSON, i, "partner", error))
        return FALSE;
    }

  for (guint i = 0; i < n_bodies; i++)
    {
      KonBody *body = doc->rows[KON_ORG_BODY]->pdata[i];

      if (!check_reference (uuids, doc, KON_ORG_BODY, body->parent_uuid, KON_ORG_BODY, i, "parent", error))
        return FALSE;
    }

  for (guint i = 0; i < doc->rows[KON_ORG_ROLE]->len; i++)
    {
      KonRole *role = doc->rows[KON_ORG_ROLE]->pdata[i];

      if (!check_reference (uuids, doc, KON_ORG_PERSON, role->person_uuid, KON_ORG_ROLE, i, "person", error) ||
          !check_reference (uuids, doc, KON_ORG_BODY, role->body_uuid, KON_ORG_ROLE, i, "body", error) ||
          !check_reference (uuids, doc, KON_ORG_PARTNER, role->partner_uuid, KON_ORG_ROLE, i, "partner", error))
        return FALSE;
    }

  /* No body is set up by itself, through any number of steps: walk up
   * from each body; a body whose walk reached the top is known to be
   * sound, and so is every body on the way */
  state = g_new0 (guint8, MAX (n_bodies, 1));   /* 1: reaches the top */
  for (guint i = 0; i < n_bodies; i++)
    {
      guint32 j = doc->targets[KON_ORG_BODY][i].target[KON_ORG_BODY];
      guint steps = 0;

      while (j != NO_TARGET && state[j] == 0 && j != i && steps <= n_bodies)
        {
          j = doc->targets[KON_ORG_BODY][j].target[KON_ORG_BODY];
          steps++;
        }

      if (j == i)
        {
          KonBody *body = doc->rows[KON_ORG_BODY]->pdata[i];
          g_autofree char *path = place_path (PLACE (KON_ORG_BODY, i), "parent");

          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_CYCLE,
                       _("At %s: the body “%s” is set up by one of its own sub-bodies."),
                       path, body->name);
          return FALSE;
        }

      if (j == NO_TARGET || state[j] == 1)
        for (j = i; j != NO_TARGET && state[j] == 0; j = doc->targets[KON_ORG_BODY][j].target[KON_ORG_BODY])
          state[j] = 1;
    }

  return TRUE;
}

static gboolean
parse_document (const char    *data,
                gsize          size,
                Document      *doc,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(KonJsonDoc) json = NULL;
  const KonJsonValue *root;

  if (!check_bytes (data, size, error))
    return FALSE;

  json = _kon_json_parse (data, size, MAX_DEPTH, error);
  if (json == NULL)
    return FALSE;

  root = _kon_json_doc_get_root (json);
  if (!check_header (root, error))
    return FALSE;

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      const KonOrgTableInfo *info = _kon_org_table_info (kind);
      const KonJsonValue *node = _kon_json_get_member (root, info->member);
      g_autofree char *path = g_strdup_printf ("$.%s", info->member);

      doc->rows[kind] = g_ptr_array_new_with_free_func (info->free);

      if (node == NULL)
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                       _("At %s: this required field is missing (write null when it is not set)."),
                       path);
          return FALSE;
        }

      if (kind == KON_ORG_COMMUNITY)
        {
          gpointer row = info->from_json (node, path, error);

          if (row == NULL)
            return FALSE;
          g_ptr_array_add (doc->rows[kind], row);
          continue;
        }

      if (node->type != KON_JSON_ARRAY)
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                       _("At %s: expected a list."), path);
          return FALSE;
        }

      g_ptr_array_set_size (doc->rows[kind], 0);

      for (guint i = 0; i < node->n; i++)
        {
          char element_path[64];
          gpointer row;

          if (i % CHECK_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;

          g_snprintf (element_path, sizeof element_path, "$.%s[%u]", info->member, i);
          row = info->from_json (&node->elements[i], element_path, error);
          if (row == NULL)
            return FALSE;

          g_ptr_array_add (doc->rows[kind], row);
        }
    }

  return check_document (doc, error);
}

/* A large import or export touches far more pages than SQLite's default
 * cache (2 MB) holds, and would write the same index pages to the WAL
 * again and again: give the connection a larger cache while it works. */
static void
use_work_cache (KonStore *store,
                gboolean  work)
{
  /* PRAGMA takes no parameters: these are constants (the default is
   * SQLite's, -2000: 2 MB) */
  sqlite3_stmt *stmt = kon_store_prepare (store,
                                          work ? "PRAGMA cache_size = -131072"
                                               : "PRAGMA cache_size = -2000",
                                          NULL);

  if (stmt != NULL)
    kon_store_step_done (store, stmt, NULL);

  /* Statement journals in memory, not in temporary files */
  stmt = kon_store_prepare (store, "PRAGMA temp_store = MEMORY", NULL);
  if (stmt != NULL)
    kon_store_step_done (store, stmt, NULL);
}

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

/* Step 3: the merge */

typedef struct
{
  Document           *doc;
  KonExchangeReport  *report;
  GCancellable       *cancellable;
  ProgressFunc        progress;
  gpointer            progress_data;
  KonOrgHasher        hasher;
  KonOrgIds           ids;                          /* resolve_reference () */
  gint64             *id_of[KON_ORG_N_KINDS];       /* per row of the file: its id, or -1 */
  gint64              next_id[KON_ORG_N_KINDS];     /* for the next new row */
  guint               done;                         /* rows merged */
  guint               total;
  guint               unchecked;                    /* rows since the last look at cancellable */
  KonOrgKind          current_kind;                 /* the row being merged */
  guint               current_index;
  gint64              max_id[KON_ORG_N_KINDS];      /* before: the rows after it are new */
  gboolean            was_empty[KON_ORG_N_KINDS];
} ImportData;

/* KonOrgIds: the id of a row the row being merged refers to, found where
 * check_document() found the reference (every reference is to a row of
 * the file, merged before the rows that refer to it) */
static gint64
resolve_reference (KonOrgIds   *ids,
                   KonOrgKind   kind,
                   const char  *uuid)
{
  ImportData *data = ids->data;
  RowTargets *targets = data->doc->targets[data->current_kind];
  guint32 target;

  if (targets == NULL)
    return -1;

  /* (The target's uuid is @uuid: check_document() looked it up) */
  target = targets[data->current_index].target[kind];
  if (target == NO_TARGET)
    return -1;

  return data->id_of[kind][target];
}

static char *
describe_conflict (KonStore               *store,
                   const KonOrgTableInfo  *info,
                   gconstpointer           local)
{
  switch (info->kind)
    {
    case KON_ORG_COMMUNITY:
      return g_strdup_printf (_("The community “%s” was changed both here and in the file "
                                "since the last exchange; the version here was kept."),
                              ((const KonCommunity *) local)->name);
    case KON_ORG_PARTNER:
      return g_strdup_printf (_("The partner “%s” was changed both here and in the file "
                                "since the last exchange; the version here was kept."),
                              ((const KonPartner *) local)->name);
    case KON_ORG_PERSON:
      return g_strdup_printf (_("The person “%s” was changed both here and in the file "
                                "since the last exchange; the version here was kept."),
                              ((const KonPerson *) local)->name);
    case KON_ORG_BODY:
      return g_strdup_printf (_("The body “%s” was changed both here and in the file "
                                "since the last exchange; the version here was kept."),
                              ((const KonBody *) local)->name);
    case KON_ORG_ROLE:
    case KON_ORG_N_KINDS:
    default:
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
}

/* Every CHECK_EVERY rows: cancelled?  And the progress */
static gboolean
merged_rows (ImportData  *data,
             guint        n,
             GError     **error)
{
  data->done += n;
  data->unchecked += n;

  if (data->unchecked < CHECK_EVERY)
    return TRUE;

  data->unchecked = 0;

  if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
    return FALSE;
  if (data->progress != NULL)
    data->progress (0.3 + 0.6 * data->done / MAX (data->total, 1), data->progress_data);

  return TRUE;
}

/* Row @index of the file's rows of its kind; @insert:
 * kon_store_prepare (store, info->insert) */
static gboolean
merge_row (KonStore               *store,
           ImportData             *data,
           const KonOrgTableInfo  *info,
           sqlite3_stmt           *insert,
           guint                   index,
           GError                **error)
{
  KonExchangeReport *report = data->report;
  gconstpointer incoming = data->doc->rows[info->kind]->pdata[index];
  g_autoptr(GError) local_error = NULL;
  KonOrgHash in_hash;
  KonOrgHash local_hash;
  KonOrgHash sync_hash;
  KonOrgHash export_hash;
  gpointer local = NULL;
  gint64 id = 0;
  gboolean ok = TRUE;

  data->current_kind = info->kind;
  data->current_index = index;
  _kon_org_row_hash (&data->hasher, info, incoming, &in_hash);

  if (!_kon_org_lookup (store, info, KON_ORG_ROW_UUID (incoming), &local,
                        &sync_hash, &export_hash, &id, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* New here: both desks now have this version.  (A database has one
       * community: a new one takes the place of the one there, when that
       * is all the database holds, see check_community().) */
      report->added[info->kind]++;
      if (info->kind == KON_ORG_COMMUNITY)
        {
          if (!_kon_org_write (store, info, incoming, &in_hash, NULL, &data->ids, &id, error))
            return FALSE;
        }
      else
        {
          id = data->next_id[info->kind]++;
          _kon_org_bind_new (store, info, insert, 0, incoming, &in_hash, id, &data->ids);
          if (!kon_store_step_done (store, insert, error))
            return FALSE;
        }
      data->id_of[info->kind][index] = id;
      return TRUE;
    }

  data->id_of[info->kind][index] = id;
  _kon_org_row_hash (&data->hasher, info, local, &local_hash);

  if (_kon_org_hash_equal (&in_hash, &local_hash))
    {
      report->unchanged[info->kind]++;
      if (!_kon_org_hash_equal (&sync_hash, &in_hash))
        ok = _kon_org_set_hashes (store, info, id, &in_hash, &export_hash, error);
    }
  else if (_kon_org_hash_equal (&in_hash, &sync_hash) || _kon_org_hash_equal (&in_hash, &export_hash))
    {
      /* The file has the agreed version, or ours echoed back: nothing new
       * there, and the change here stands */
      report->unchanged[info->kind]++;
    }
  else if (_kon_org_hash_equal (&local_hash, &sync_hash))
    {
      /* Changed only in the file */
      report->updated[info->kind]++;
      ok = _kon_org_write (store, info, incoming, &in_hash, &export_hash, &data->ids, NULL, error);
    }
  else
    {
      report->conflicts[info->kind]++;
      g_ptr_array_add (report->conflict_lines, describe_conflict (store, info, local));
    }

  info->free (local);

  return ok;
}

/* The bodies (their indexes in the file) in an order where a body comes
 * after the body that set it up, so that its reference can be written;
 * the file has no cycles (check_document()) */
static GArray *
bodies_parents_first (Document *doc)
{
  guint n = doc->rows[KON_ORG_BODY]->len;
  RowTargets *targets = doc->targets[KON_ORG_BODY];
  g_autofree gboolean *placed = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);

  for (guint32 i = 0; i < n; i++)
    {
      /* Up to the first body already placed (or the top), then down */
      g_array_set_size (chain, 0);
      for (guint32 j = i; j != NO_TARGET && !placed[j]; j = targets[j].target[KON_ORG_BODY])
        {
          placed[j] = TRUE;
          g_array_append_val (chain, j);
        }

      for (guint j = chain->len; j > 0; j--)
        g_array_append_val (order, g_array_index (chain, guint32, j - 1));
    }

  return order;
}

/* Into an empty table: every row of the file is new, written
 * KON_ORG_INSERT_BATCH at a time, in the order @order gives (indexes of
 * the rows; NULL: as in the file) */
static gboolean
insert_new_rows (KonStore               *store,
                 ImportData             *data,
                 const KonOrgTableInfo  *info,
                 const guint32          *order,
                 GError                **error)
{
  GPtrArray *rows = data->doc->rows[info->kind];
  KonOrgHash hashes[KON_ORG_INSERT_BATCH];
  sqlite3_stmt *one;
  sqlite3_stmt *many;
  guint i = 0;

  one = kon_store_prepare (store, info->insert, error);
  if (one == NULL)
    return FALSE;
  many = kon_store_prepare (store, info->insert_many, error);
  if (many == NULL)
    return FALSE;

  while (i < rows->len)
    {
      guint n = rows->len - i >= KON_ORG_INSERT_BATCH ? KON_ORG_INSERT_BATCH : 1;
      sqlite3_stmt *insert = n == 1 ? one : many;

      for (guint k = 0; k < n; k++)
        {
          guint index = order != NULL ? order[i + k] : i + k;
          gconstpointer row = rows->pdata[index];
          gint64 id = data->next_id[info->kind]++;

          data->current_kind = info->kind;
          data->current_index = index;
          _kon_org_row_hash (&data->hasher, info, row, &hashes[k]);
          _kon_org_bind_new (store, info, insert, k, row, &hashes[k], id, &data->ids);
          data->id_of[info->kind][index] = id;
        }

      if (!kon_store_step_done (store, insert, error))
        return FALSE;

      data->report->added[info->kind] += n;
      i += n;

      if (!merged_rows (data, n, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
run_statement (KonStore    *store,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = kon_store_prepare (store, sql, error);

  return stmt != NULL && kon_store_step_done (store, stmt, error);
}

static gboolean
import_in_transaction (KonStore  *store,
                       gpointer   user_data,
                       GError   **error)
{
  ImportData *data = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) bodies = NULL;
  g_autofree char *cycle = NULL;

  /* Every reference is to a row of an earlier kind, or (bodies) to a body
   * written before: no check should fail before COMMIT, but if one did,
   * it would be checked there */
  if (!run_statement (store, "PRAGMA defer_foreign_keys = ON", error))
    return FALSE;

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      if (!_kon_org_max_id (store, _kon_org_table_info (kind), &data->max_id[kind], error))
        return FALSE;
      data->was_empty[kind] = data->max_id[kind] == 0;
      data->next_id[kind] = data->max_id[kind] + 1;
      data->total += data->doc->rows[kind]->len;
    }

  bodies = bodies_parents_first (data->doc);

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      const KonOrgTableInfo *info = _kon_org_table_info (kind);
      const guint32 *order = kind == KON_ORG_BODY ? &g_array_index (bodies, guint32, 0) : NULL;
      sqlite3_stmt *insert;

      if (data->was_empty[kind] && kind != KON_ORG_COMMUNITY)
        {
          if (!insert_new_rows (store, data, info, order, error))
            return FALSE;
          continue;
        }

      insert = kon_store_prepare (store, info->insert, error);
      if (insert == NULL)
        return FALSE;

      for (guint i = 0; i < data->doc->rows[kind]->len; i++)
        if (!merge_row (store, data, info, insert, order != NULL ? order[i] : i, error) ||
            !merged_rows (data, 1, error))
          return FALSE;
    }

  /* The search index of the new rows last, in one statement (see
   * _kon_org_index_row(); a trigger took care of changed rows) */
  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    if (data->report->added[kind] > 0 &&
        !_kon_org_index_rows_after (store, _kon_org_table_info (kind), data->max_id[kind], error))
      return FALSE;

  if (data->progress != NULL)
    data->progress (0.95, data->progress_data);

  /* Kept local rows and rows from the file, together, may still loop
   * (the file's rows alone do not: check_document()) */
  if (!data->was_empty[KON_ORG_BODY])
    cycle = _kon_org_find_body_cycle (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
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

/* One community per database: a file of another community is refused,
 * unless this database holds nothing else yet (a new database). */
static gboolean
check_community (KonStore    *store,
                 Document    *doc,
                 GError     **error)
{
  const KonCommunity *incoming = doc->rows[KON_ORG_COMMUNITY]->pdata[0];
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

  for (guint kind = KON_ORG_PARTNER; kind < KON_ORG_N_KINDS; kind++)
    {
      sqlite3_stmt *stmt = kon_store_prepare (store, _kon_org_table_info (kind)->count, error);
      gint64 count;

      if (stmt == NULL)
        return FALSE;
      sqlite3_step (stmt);
      count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

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

static void
emit_import_changes (KonStore              *store,
                     const KonExchangeReport *report)
{
  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    if (report->added[kind] > 0 || report->updated[kind] > 0)
      kon_store_emit_changed (store, _kon_org_table_info (kind)->table);
}

/* Everything but emitting KonStore::changed */
static KonExchangeReport *
import_data (KonStore      *store,
             const char    *data,
             gsize          size,
             GCancellable  *cancellable,
             ProgressFunc   progress,
             gpointer       progress_data,
             GError       **error)
{
  g_autoptr(KonExchangeReport) report = exchange_report_new ();
  Document doc = { { NULL } };
  ImportData import = { NULL };
  gint64 start;
  gboolean ok;

  import.doc = &doc;
  import.report = report;
  import.cancellable = cancellable;
  import.progress = progress;
  import.progress_data = progress_data;

  if (progress != NULL)
    progress (0.0, progress_data);

  start = g_get_monotonic_time ();
  ok = parse_document (data, size, &doc, cancellable, error) &&
       check_community (store, &doc, error);
  g_debug ("import: %" G_GSIZE_FORMAT " bytes parsed and checked in %.0f ms", size, elapsed_ms (start));

  if (ok)
    {
      if (progress != NULL)
        progress (0.3, progress_data);

      for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
        report->in_file[kind] = doc.rows[kind]->len;

      start = g_get_monotonic_time ();
      _kon_org_hasher_init (&import.hasher);
      import.ids.resolve = resolve_reference;
      import.ids.data = &import;
      for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
        {
          import.id_of[kind] = g_new (gint64, MAX (doc.rows[kind]->len, 1));
          memset (import.id_of[kind], 0xff, doc.rows[kind]->len * sizeof (gint64));   /* -1 */
        }

      use_work_cache (store, TRUE);
      ok = kon_store_transaction (store, import_in_transaction, &import, error);
      use_work_cache (store, FALSE);

      _kon_org_hasher_clear (&import.hasher);
      for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
        g_clear_pointer (&import.id_of[kind], g_free);
      g_debug ("import: merged and committed in %.0f ms", elapsed_ms (start));
    }

  document_clear (&doc);

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
  KonExchangeReport *report;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  report = import_data (store, data != NULL ? data : "", size, cancellable, NULL, NULL, error);

  if (report != NULL)
    emit_import_changes (store, report);

  return report;
}

/* Export */

typedef struct
{
  GString      *out;
  guint         counts[KON_ORG_N_KINDS];
  GCancellable *cancellable;
  ProgressFunc  progress;
  gpointer      progress_data;
  gboolean      record;    /* write the hashes: the store is writable */
  KonOrgHasher  hasher;
} ExportData;

/* Hashes to write once the rows of a table have been read */
typedef struct
{
  gint64     id;
  KonOrgHash sync_hash;
  KonOrgHash export_hash;
} HashUpdate;

static gboolean
export_rows (KonStore               *store,
             const KonOrgTableInfo  *info,
             ExportData             *data,
             KonJsonWriter          *writer,
             guint                  *done,
             guint                   total,
             GError                **error)
{
  g_autoptr(GArray) updates = g_array_new (FALSE, FALSE, sizeof (HashUpdate));
  sqlite3_stmt *stmt;
  guint n_rows = 0;
  int rc;

  stmt = kon_store_prepare (store, info->select_all, error);
  if (stmt == NULL)
    return FALSE;

  if (info->kind != KON_ORG_COMMUNITY)
    _kon_json_begin_array (writer);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer row;

      if (*done % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          if (data->progress != NULL)
            data->progress (0.9 * *done / MAX (total, 1), data->progress_data);
        }

      row = info->from_stmt (stmt);
      info->write_json (writer, row);

      if (data->record)
        {
          HashUpdate update;
          const void *sync_blob = sqlite3_column_blob (stmt, info->n_columns);
          const void *export_blob = sqlite3_column_blob (stmt, info->n_columns + 1);
          KonOrgHash hash;

          _kon_org_row_hash (&data->hasher, info, row, &hash);

          /* The first export of a row is what the other desk starts
           * from: the agreed version */
          update.sync_hash.set = sync_blob != NULL && sqlite3_column_bytes (stmt, info->n_columns) == KON_ORG_HASH_SIZE;
          update.export_hash.set = export_blob != NULL &&
                                   sqlite3_column_bytes (stmt, info->n_columns + 1) == KON_ORG_HASH_SIZE;
          if (update.sync_hash.set)
            memcpy (update.sync_hash.bytes, sync_blob, KON_ORG_HASH_SIZE);
          if (update.export_hash.set)
            memcpy (update.export_hash.bytes, export_blob, KON_ORG_HASH_SIZE);

          if (!_kon_org_hash_equal (&hash, &update.export_hash) || !update.sync_hash.set)
            {
              update.id = sqlite3_column_int64 (stmt, info->n_columns + 2);
              if (!update.sync_hash.set)
                update.sync_hash = hash;
              update.export_hash = hash;
              g_array_append_val (updates, update);
            }
        }

      info->free (row);
      n_rows++;
      (*done)++;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, _kon_store_get_db (store), rc);
      return FALSE;
    }

  if (info->kind == KON_ORG_COMMUNITY && n_rows == 0)
    {
      /* A new database: the document needs a community all the same */
      g_autoptr(KonCommunity) community = kon_community_new ();
      HashUpdate update;

      info->write_json (writer, community);
      n_rows++;

      if (data->record)
        {
          if (!_kon_org_write (store, info, community, NULL, NULL, NULL, &update.id, error))
            return FALSE;
          _kon_org_row_hash (&data->hasher, info, community, &update.sync_hash);
          update.export_hash = update.sync_hash;
          g_array_append_val (updates, update);
        }
    }

  if (info->kind != KON_ORG_COMMUNITY)
    _kon_json_end_array (writer);

  /* After the rows are read: a table is not written while it is read */
  if (updates->len > 0)
    {
      sqlite3_stmt *set_hashes = kon_store_prepare (store, info->set_hashes, error);

      if (set_hashes == NULL)
        return FALSE;

      for (guint i = 0; i < updates->len; i++)
        {
          HashUpdate *update = &g_array_index (updates, HashUpdate, i);

          if (!_kon_org_set_hashes_with (store, set_hashes, update->id, &update->sync_hash,
                                         &update->export_hash, error))
            return FALSE;
        }
    }

  data->counts[info->kind] = n_rows;

  return TRUE;
}

static gboolean
export_in_transaction (KonStore  *store,
                       gpointer   user_data,
                       GError   **error)
{
  ExportData *data = user_data;
  KonJsonWriter writer;
  guint total = 0;
  guint done = 0;

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      sqlite3_stmt *stmt = kon_store_prepare (store, _kon_org_table_info (kind)->count, error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        total += (guint) sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  /* About what a row takes, so that the text is not copied as it grows */
  g_string_truncate (data->out, 0);
  g_string_set_size (data->out, MIN ((gsize) total * 360 + 4096, KON_EXCHANGE_MAX_SIZE));
  g_string_truncate (data->out, 0);

  _kon_json_writer_init (&writer, data->out, TRUE);
  _kon_json_begin_object (&writer);
  _kon_json_key (&writer, "format");
  _kon_json_string (&writer, FORMAT_NAME);
  _kon_json_key (&writer, "version");
  _kon_json_int (&writer, FORMAT_VERSION);

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      const KonOrgTableInfo *info = _kon_org_table_info (kind);

      _kon_json_key (&writer, info->member);
      if (!export_rows (store, info, data, &writer, &done, total, error))
        return FALSE;
    }

  _kon_json_end_object (&writer);
  g_string_append_c (data->out, '\n');

  return TRUE;
}

static GBytes *
export_data (KonStore      *store,
             guint         *out_counts,
             GCancellable  *cancellable,
             ProgressFunc   progress,
             gpointer       progress_data,
             GError       **error)
{
  ExportData data = { NULL };
  gint64 start;
  gboolean ok;

  data.out = g_string_sized_new (64 * 1024);
  data.cancellable = cancellable;
  data.progress = progress;
  data.progress_data = progress_data;
  data.record = !kon_store_is_read_only (store);
  _kon_org_hasher_init (&data.hasher);

  start = g_get_monotonic_time ();

  if (data.record)
    {
      use_work_cache (store, TRUE);
      ok = kon_store_transaction (store, export_in_transaction, &data, error);
      use_work_cache (store, FALSE);
    }
  else
    {
      /* One read transaction, so the document is one moment's state */
      sqlite3_stmt *begin = kon_store_prepare (store, "BEGIN", error);

      ok = begin != NULL && kon_store_step_done (store, begin, error);
      if (ok)
        {
          sqlite3_stmt *end;

          ok = export_in_transaction (store, &data, error);
          end = kon_store_prepare (store, ok ? "COMMIT" : "ROLLBACK", NULL);
          if (end != NULL)
            kon_store_step_done (store, end, NULL);
        }
    }

  _kon_org_hasher_clear (&data.hasher);

  if (!ok)
    {
      g_string_free (data.out, TRUE);
      return NULL;
    }

  g_debug ("export: %" G_GSIZE_FORMAT " bytes in %.0f ms", data.out->len, elapsed_ms (start));

  if (out_counts != NULL)
    memcpy (out_counts, data.counts, sizeof data.counts);

  if (progress != NULL)
    progress (1.0, progress_data);

  return g_string_free_to_bytes (data.out);
}

/**
 * kon_exchange_export:
 *
 * Returns: (transfer full): the whole database as an exchange document,
 *   or %NULL with @error set
 */
GBytes *
kon_exchange_export (KonStore      *store,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);

  return export_data (store, NULL, cancellable, NULL, NULL, error);
}

/* Files */

static void
set_write_error (GError     **error,
                 GError      *cause)
{
  if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DISK_FULL,
                 _("The file could not be written: the disk is full. Nothing was written; "
                   "free some space and try again."));
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
           g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
           g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ROFS) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ_ONLY,
                 _("The file could not be written: the folder or the file is read-only. "
                   "Choose another folder."));
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_WRITE,
                 _("The file could not be written: the folder does not exist."));
  else if (g_error_matches (cause, G_FILE_ERROR, G_FILE_ERROR_ISDIR) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_WRITE,
                 _("This is a folder: choose a file name."));
  else
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_WRITE,
                 _("The file could not be written (%s)."), cause->message);
}

static gboolean
write_file (GFile         *file,
            GBytes        *bytes,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);
  gconstpointer data;
  gsize size;
  gboolean ok;

  data = g_bytes_get_data (bytes, &size);

  if (path != NULL)
    {
      /* A temporary file beside it, synced, then renamed over it: the
       * file is the old one or the new one, never half of one */
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        ok = (g_set_error_literal (&local_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, ""), FALSE);
      else
        ok = g_file_set_contents_full (path, data, (gssize) size,
                                       G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                       0666, &local_error);
    }
  else
    {
      ok = g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                    NULL, cancellable, &local_error);
    }

  if (!ok)
    {
      set_write_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
export_file (KonStore      *store,
             GFile         *file,
             guint         *out_counts,
             GCancellable  *cancellable,
             ProgressFunc   progress,
             gpointer       progress_data,
             GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = export_data (store, out_counts, cancellable, progress, progress_data, error);
  if (bytes == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return write_file (file, bytes, cancellable, error);
}

/**
 * kon_exchange_export_file:
 * @out_counts: (nullable) (out caller-allocates): KON_EXCHANGE_N_KINDS
 *   counts of the rows exported
 *
 * Exports the database to @file atomically: a temporary file beside it,
 * then renamed over it.
 */
gboolean
kon_exchange_export_file (KonStore      *store,
                          GFile         *file,
                          guint         *out_counts,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (KON_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return export_file (store, file, out_counts, cancellable, NULL, NULL, error);
}

static GBytes *
read_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_file_get_path (file);
  gsize size = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                       _("This is a folder, not an exchange file."));
          return NULL;
        }

      /* Refused before it is read */
      if (g_file_info_get_size (info) > KON_EXCHANGE_MAX_SIZE)
        {
          g_autofree char *size_text = g_format_size (g_file_info_get_size (info));
          g_autofree char *max_text = g_format_size (KON_EXCHANGE_MAX_SIZE);

          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_TOO_BIG,
                       _("The file is too big (%s) to be a Konsensus exchange document "
                         "(at most %s)."), size_text, max_text);
          return NULL;
        }
    }

  /* A local file in one read (GIO reads it in pieces: a third slower) */
  if (local_error == NULL && path != NULL)
    g_file_get_contents (path, &contents, &size, &local_error);
  else if (local_error == NULL)
    g_file_load_contents (file, cancellable, &contents, &size, NULL, &local_error);

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                     _("The file does not exist."));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM))
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                     _("The file could not be read: you may not read it."));
      else
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                     _("The file could not be read (%s)."), local_error->message);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&contents), size);
}

static KonExchangeReport *
import_file (KonStore      *store,
             GFile         *file,
             GCancellable  *cancellable,
             ProgressFunc   progress,
             gpointer       progress_data,
             GError       **error)
{
  g_autoptr(GBytes) bytes = read_file (file, cancellable, error);
  gconstpointer data;
  gsize size;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return import_data (store, data != NULL ? data : "", size, cancellable,
                      progress, progress_data, error);
}

/**
 * kon_exchange_import_file:
 *
 * Reads @file (once, at most KON_EXCHANGE_MAX_SIZE bytes) and imports it
 * as kon_exchange_import() does.
 */
KonExchangeReport *
kon_exchange_import_file (KonStore      *store,
                          GFile         *file,
                          GCancellable  *cancellable,
                          GError       **error)
{
  KonExchangeReport *report;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  report = import_file (store, file, cancellable, NULL, NULL, error);
  if (report != NULL)
    emit_import_changes (store, report);

  return report;
}

/* In a thread */

typedef struct
{
  gatomicrefcount          ref_count;
  GMainContext            *context;
  KonExchangeProgressFunc  func;
  gpointer                 data;
  GDestroyNotify           data_destroy;
  gboolean                 finished;       /* main context only */
  double                   last_sent;      /* worker thread only */
} Progress;

typedef struct
{
  Progress *progress;
  double    fraction;
} ProgressUpdate;

typedef struct
{
  char     *path;
  GFile    *file;
  Progress *progress;
} ThreadData;

typedef struct
{
  GDestroyNotify destroy;
  gpointer       data;
} DestroyClosure;

static DestroyClosure *
destroy_closure_new (GDestroyNotify destroy,
                     gpointer       data)
{
  DestroyClosure *closure = g_new (DestroyClosure, 1);

  closure->destroy = destroy;
  closure->data = data;

  return closure;
}

static gboolean
destroy_in_context_cb (gpointer user_data)
{
  DestroyClosure *closure = user_data;

  closure->destroy (closure->data);

  return G_SOURCE_REMOVE;
}

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (Progress *progress)
{
  if (g_atomic_ref_count_dec (&progress->ref_count))
    {
      /* The last reference may go in the worker thread: the data is the
       * caller's, so it is released on the caller's main context */
      if (progress->data_destroy != NULL)
        g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT,
                                    destroy_in_context_cb,
                                    destroy_closure_new (progress->data_destroy, progress->data),
                                    g_free);
      g_main_context_unref (progress->context);
      g_free (progress);
    }
}

static void
progress_update_free (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  progress_unref (update->progress);
  g_free (update);
}

static gboolean
progress_update_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  if (!update->progress->finished && update->progress->func != NULL)
    update->progress->func (update->fraction, update->progress->data);

  return G_SOURCE_REMOVE;
}

/* Worker thread: posts the fraction to the caller's main context, at most
 * once per percent */
static void
progress_post (double   fraction,
               gpointer user_data)
{
  Progress *progress = user_data;
  ProgressUpdate *update;

  if (progress->func == NULL)
    return;

  if (fraction < 1.0 && fraction > 0.0 && fraction - progress->last_sent < 0.01)
    return;

  progress->last_sent = fraction;

  update = g_new (ProgressUpdate, 1);
  update->progress = progress_ref (progress);
  update->fraction = fraction;
  g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT,
                              progress_update_cb, update, progress_update_free);
}

static void
thread_data_free (gpointer user_data)
{
  ThreadData *data = user_data;

  g_free (data->path);
  g_clear_object (&data->file);
  progress_unref (data->progress);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ThreadData *data = task_data;
  g_autoptr(KonStore) store = NULL;
  GError *error = NULL;
  KonExchangeReport *report;

  store = kon_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  report = import_file (store, data->file, cancellable, progress_post, data->progress, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) kon_exchange_report_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ThreadData *data = task_data;
  g_autoptr(KonStore) store = NULL;
  GError *error = NULL;

  store = kon_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!export_file (store, data->file, NULL, cancellable, progress_post, data->progress, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Main context: the thread is done */
static void
on_import_thread_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ThreadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  KonExchangeReport *report;

  data->progress->finished = TRUE;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (report == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  emit_import_changes (KON_STORE (source), report);
  g_task_return_pointer (outer, report, (GDestroyNotify) kon_exchange_report_free);
}

static void
on_export_thread_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ThreadData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  data->progress->finished = TRUE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

static void
run_in_thread (KonStore                *store,
               GFile                   *file,
               GCancellable            *cancellable,
               KonExchangeProgressFunc  progress_func,
               gpointer                 progress_data,
               GDestroyNotify           progress_data_destroy,
               GTaskThreadFunc          thread_func,
               GAsyncReadyCallback      done_cb,
               gpointer                 source_tag,
               GAsyncReadyCallback      callback,
               gpointer                 user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  ThreadData *data;
  Progress *progress;

  /* What the thread did stands even when cancelled too late to stop it */
  outer = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (outer, source_tag);
  g_task_set_check_cancellable (outer, FALSE);

  progress = g_new0 (Progress, 1);
  g_atomic_ref_count_init (&progress->ref_count);
  progress->context = g_main_context_ref_thread_default ();
  progress->func = progress_func;
  progress->data = progress_data;
  progress->data_destroy = progress_data_destroy;

  data = g_new0 (ThreadData, 1);
  data->path = g_strdup (kon_store_get_path (store));
  data->file = g_object_ref (file);
  data->progress = progress;

  inner = g_task_new (store, cancellable, done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, source_tag);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, data, thread_data_free);
  g_task_run_in_thread (inner, thread_func);
}

/**
 * kon_exchange_import_file_async:
 * @progress: (nullable): called on the caller's main context with the
 *   fraction done, until @callback runs
 *
 * Imports @file in a thread, on a second connection to @store's
 * database; see kon_exchange_import().  @store emits KonStore::changed
 * before @callback runs.
 */
void
kon_exchange_import_file_async (KonStore                *store,
                                GFile                   *file,
                                GCancellable            *cancellable,
                                KonExchangeProgressFunc  progress,
                                gpointer                 progress_data,
                                GDestroyNotify           progress_data_destroy,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_return_if_fail (KON_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  run_in_thread (store, file, cancellable, progress, progress_data, progress_data_destroy, import_thread,
                 on_import_thread_done_cb, kon_exchange_import_file_async, callback, user_data);
}

KonExchangeReport *
kon_exchange_import_file_finish (KonStore      *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kon_exchange_export_file_async:
 * @progress: (nullable): called on the caller's main context with the
 *   fraction done, until @callback runs
 *
 * Exports the database to @file in a thread, on a second connection to
 * @store's database; see kon_exchange_export_file().
 */
void
kon_exchange_export_file_async (KonStore                *store,
                                GFile                   *file,
                                GCancellable            *cancellable,
                                KonExchangeProgressFunc  progress,
                                gpointer                 progress_data,
                                GDestroyNotify           progress_data_destroy,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_return_if_fail (KON_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  run_in_thread (store, file, cancellable, progress, progress_data, progress_data_destroy, export_thread,
                 on_export_thread_done_cb, kon_exchange_export_file_async, callback, user_data);
}

gboolean
kon_exchange_export_file_finish (KonStore      *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
