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
 *   3. merge it by UUID in one transaction.
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

/* A validated document: the rows of each kind, as in the file */
typedef struct
{
  GPtrArray *rows[KON_ORG_N_KINDS];
} Document;

static void
document_clear (Document *doc)
{
  for (guint i = 0; i < KON_ORG_N_KINDS; i++)
    g_clear_pointer (&doc->rows[i], g_ptr_array_unref);
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

static gboolean
check_bytes (const char  *data,
             gsize        size,
             GError     **error)
{
  const char *end = NULL;
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

  if (!g_utf8_validate_len (data, size, &end))
    {
      guint line, column;

      position_of (data, end - data, &line, &column);
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_NOT_TEXT,
                   _("This is not a Konsensus exchange document: it is not text "
                     "(line %u, column %u is not UTF-8)."), line, column);
      return FALSE;
    }

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (c == '\0')
        {
          guint line, column;

          position_of (data, i, &line, &column);
          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_NOT_TEXT,
                       _("This is not a Konsensus exchange document: it is not text "
                         "(line %u, column %u holds a zero byte)."), line, column);
          return FALSE;
        }

      if (only_space && c != ' ' && c != '\t' && c != '\n' && c != '\r')
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

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
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

  version = node->integer;
  if (version > FORMAT_VERSION)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_NEWER_VERSION,
                   _("This file was written by a newer version of Konsensus (exchange format "
                     "version %" G_GINT64_FORMAT "; this version reads version %d). "
                     "Update Konsensus to import it."),
                   version, FORMAT_VERSION);
      return FALSE;
    }
  if (version < FORMAT_VERSION)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At $.version: %" G_GINT64_FORMAT " is not a version of the exchange format."),
                   version);
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

static gboolean
check_reference (GHashTable  *uuids,
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
    return TRUE;

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
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) parents = g_hash_table_new (g_str_hash, g_str_equal);

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

  for (guint i = 0; i < doc->rows[KON_ORG_PERSON]->len; i++)
    {
      KonPerson *person = doc->rows[KON_ORG_PERSON]->pdata[i];

      if (!check_reference (uuids, KON_ORG_PARTNER, person->partner_uuid,
                            KON_ORG_PERSON, i, "partner", error))
        return FALSE;
    }

  for (guint i = 0; i < doc->rows[KON_ORG_BODY]->len; i++)
    {
      KonBody *body = doc->rows[KON_ORG_BODY]->pdata[i];

      if (!check_reference (uuids, KON_ORG_BODY, body->parent_uuid, KON_ORG_BODY, i, "parent", error))
        return FALSE;

      if (body->parent_uuid != NULL)
        g_hash_table_insert (parents, body->uuid, body->parent_uuid);
    }

  for (guint i = 0; i < doc->rows[KON_ORG_ROLE]->len; i++)
    {
      KonRole *role = doc->rows[KON_ORG_ROLE]->pdata[i];

      if (!check_reference (uuids, KON_ORG_PERSON, role->person_uuid, KON_ORG_ROLE, i, "person", error) ||
          !check_reference (uuids, KON_ORG_BODY, role->body_uuid, KON_ORG_ROLE, i, "body", error) ||
          !check_reference (uuids, KON_ORG_PARTNER, role->partner_uuid, KON_ORG_ROLE, i, "partner", error))
        return FALSE;
    }

  /* No body is set up by itself, through any number of steps */
  for (guint i = 0; i < doc->rows[KON_ORG_BODY]->len; i++)
    {
      KonBody *body = doc->rows[KON_ORG_BODY]->pdata[i];
      const char *uuid = body->parent_uuid;
      guint steps = 0;

      while (uuid != NULL && steps <= doc->rows[KON_ORG_BODY]->len)
        {
          if (g_str_equal (uuid, body->uuid))
            {
              g_autofree char *path = place_path (PLACE (KON_ORG_BODY, i), "parent");

              g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_CYCLE,
                           _("At %s: the body “%s” is set up by one of its own sub-bodies."),
                           path, body->name);
              return FALSE;
            }

          uuid = g_hash_table_lookup (parents, uuid);
          steps++;
        }
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

  gint64 tp = g_get_monotonic_time ();
  if (!check_bytes (data, size, error))
    return FALSE;
  g_debug ("TT check_bytes %.0f", elapsed_ms (tp)); tp = g_get_monotonic_time ();

  json = _kon_json_parse (data, size, MAX_DEPTH, error);
  if (json == NULL)
    return FALSE;
  g_debug ("TT json %.0f", elapsed_ms (tp)); tp = g_get_monotonic_time ();

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

  g_debug ("TT from_json %.0f", elapsed_ms (tp)); tp = g_get_monotonic_time ();
  gboolean okk = check_document (doc, error);
  g_debug ("TT check_doc %.0f", elapsed_ms (tp)); tp = g_get_monotonic_time ();
  return okk;
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


/* Step 3: the merge */

typedef struct
{
  Document           *doc;
  KonExchangeReport  *report;
  GCancellable       *cancellable;
  ProgressFunc        progress;
  gpointer            progress_data;
  GPtrArray          *added[KON_ORG_N_KINDS];      /* rows written: indexed last */
  GPtrArray          *updated[KON_ORG_N_KINDS];
} ImportData;

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

static gint64 hash_us;
static gboolean
merge_row (KonStore               *store,
           const KonOrgTableInfo  *info,
           gconstpointer           incoming,
           gboolean                table_was_empty,
           KonExchangeReport      *report,
           GPtrArray              *added,
           GPtrArray              *updated,
           GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 th = g_get_monotonic_time ();
  g_autofree char *in_hash = _kon_org_row_hash (info, incoming);
  hash_us += g_get_monotonic_time () - th;
  g_autofree char *local_hash = NULL;
  g_autofree char *sync_hash = NULL;
  g_autofree char *export_hash = NULL;
  gpointer local = NULL;
  gboolean ok = TRUE;

  /* Into an empty table (a new database), every row is new */
  if (table_was_empty ||
      !_kon_org_lookup (store, info, KON_ORG_ROW_UUID (incoming), &local,
                        &sync_hash, &export_hash, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* New here: both desks now have this version */
      report->added[info->kind]++;
      g_ptr_array_add (added, (gpointer) incoming);
      return _kon_org_write (store, info, incoming, TRUE, in_hash, NULL, error);
    }

  local_hash = _kon_org_row_hash (info, local);

  if (g_str_equal (in_hash, local_hash))
    {
      report->unchanged[info->kind]++;
      if (g_strcmp0 (sync_hash, in_hash) != 0)
        ok = _kon_org_set_hashes (store, info, KON_ORG_ROW_UUID (incoming), in_hash, export_hash, error);
    }
  else if (g_strcmp0 (in_hash, sync_hash) == 0 || g_strcmp0 (in_hash, export_hash) == 0)
    {
      /* The file has the agreed version, or ours echoed back: nothing new
       * there, and the change here stands */
      report->unchanged[info->kind]++;
    }
  else if (sync_hash != NULL && g_str_equal (local_hash, sync_hash))
    {
      /* Changed only in the file */
      report->updated[info->kind]++;
      g_ptr_array_add (updated, (gpointer) incoming);
      ok = _kon_org_write (store, info, incoming, FALSE, in_hash, export_hash, error);
    }
  else
    {
      report->conflicts[info->kind]++;
      g_ptr_array_add (report->conflict_lines, describe_conflict (store, info, local));
    }

  info->free (local);

  return ok;
}

static gboolean
import_in_transaction (KonStore  *store,
                       gpointer   user_data,
                       GError   **error)
{
  ImportData *data = user_data;
  gboolean table_was_empty[KON_ORG_N_KINDS];
  g_autoptr(GError) local_error = NULL;
  g_autofree char *cycle = NULL;
  sqlite3_stmt *stmt;
  guint total = 0;
  guint done = 0;

  /* Rows come in uuid order, not parents first: references are checked
   * at COMMIT (and were checked in the document before) */
  stmt = kon_store_prepare (store, "PRAGMA defer_foreign_keys = ON", error);
  if (stmt == NULL || !kon_store_step_done (store, stmt, error))
    return FALSE;

  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      sqlite3_stmt *count = kon_store_prepare (store, _kon_org_table_info (kind)->count, error);

      if (count == NULL)
        return FALSE;
      table_was_empty[kind] = sqlite3_step (count) == SQLITE_ROW && sqlite3_column_int64 (count, 0) == 0;
      sqlite3_reset (count);

      total += data->doc->rows[kind]->len;
    }

  gint64 t0 = g_get_monotonic_time ();
  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      const KonOrgTableInfo *info = _kon_org_table_info (kind);
      GPtrArray *rows = data->doc->rows[kind];

      for (guint i = 0; i < rows->len; i++, done++)
        {
          if (done % CHECK_EVERY == 0)
            {
              if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
                return FALSE;
              if (data->progress != NULL)
                data->progress (0.3 + 0.7 * done / MAX (total, 1), data->progress_data);
            }

          if (!merge_row (store, info, rows->pdata[i], table_was_empty[kind], data->report,
                          data->added[kind], data->updated[kind], error))
            return FALSE;
        }
      g_debug ("TT kind %u %.0f", kind, elapsed_ms (t0));
    }

  g_debug ("TT merge rows %.0f (hash %.0f)", elapsed_ms (t0), hash_us / 1000.0); hash_us = 0; t0 = g_get_monotonic_time ();
  /* The search index last (see _kon_org_index_row()) */
  for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
    {
      for (guint i = 0; i < data->added[kind]->len; i++)
        if (!_kon_org_index_row (store, _kon_org_table_info (kind), data->added[kind]->pdata[i], TRUE, error))
          return FALSE;
      for (guint i = 0; i < data->updated[kind]->len; i++)
        if (!_kon_org_index_row (store, _kon_org_table_info (kind), data->updated[kind]->pdata[i], FALSE, error))
          return FALSE;
    }

  g_debug ("TT fts %.0f", elapsed_ms (t0)); t0 = g_get_monotonic_time ();
  /* Kept local rows and rows from the file, together, may still loop */
  cycle = _kon_org_find_body_cycle (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_debug ("TT cycle %.0f", elapsed_ms (t0)); t0 = g_get_monotonic_time ();
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
  ImportData import = { &doc, report, cancellable, progress, progress_data };
  gint64 start;
  gboolean ok;

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
      for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
        {
          import.added[kind] = g_ptr_array_new ();
          import.updated[kind] = g_ptr_array_new ();
        }

      use_work_cache (store, TRUE);
      ok = kon_store_transaction (store, import_in_transaction, &import, error);
      use_work_cache (store, FALSE);

      for (guint kind = 0; kind < KON_ORG_N_KINDS; kind++)
        {
          g_ptr_array_unref (import.added[kind]);
          g_ptr_array_unref (import.updated[kind]);
        }
      g_debug ("import: merged and committed in %.0f ms", elapsed_ms (start));
    }

  start = g_get_monotonic_time ();
  document_clear (&doc);
  g_debug ("TT clear %.0f", elapsed_ms (start));

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
} ExportData;

static gboolean
export_rows (KonStore               *store,
             const KonOrgTableInfo  *info,
             ExportData             *data,
             KonJsonWriter          *writer,
             guint                  *done,
             guint                   total,
             GError                **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (info->free);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kon_store_prepare (store, info->select_all, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (rows, info->from_stmt (stmt));
      g_ptr_array_add (hashes, g_strdup ((const char *) sqlite3_column_text (stmt, info->n_columns)));
      g_ptr_array_add (hashes, g_strdup ((const char *) sqlite3_column_text (stmt, info->n_columns + 1)));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _kon_store_set_error (error, _kon_store_get_db (store), rc);
      return FALSE;
    }

  if (info->kind == KON_ORG_COMMUNITY && rows->len == 0)
    {
      /* A new database: the document needs a community all the same */
      KonCommunity *community = kon_community_new ();

      g_ptr_array_add (rows, community);
      g_ptr_array_add (hashes, NULL);
      g_ptr_array_add (hashes, NULL);

      if (data->record && !_kon_org_write (store, info, community, FALSE, NULL, NULL, error))
        return FALSE;
    }

  if (info->kind != KON_ORG_COMMUNITY)
    _kon_json_begin_array (writer);

  for (guint i = 0; i < rows->len; i++, (*done)++)
    {
      const char *sync_hash = hashes->pdata[2 * i];
      const char *export_hash = hashes->pdata[2 * i + 1];

      if (*done % CHECK_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (data->cancellable, error))
            return FALSE;
          if (data->progress != NULL)
            data->progress ((double) *done / MAX (total, 1), data->progress_data);
        }

      info->write_json (writer, rows->pdata[i]);

      if (data->record)
        {
          g_autofree char *hash = _kon_org_row_hash (info, rows->pdata[i]);

          /* The first export of a row is what the other desk starts
           * from: the agreed version */
          if (g_strcmp0 (hash, export_hash) != 0 || sync_hash == NULL)
            if (!_kon_org_set_hashes (store, info, KON_ORG_ROW_UUID (rows->pdata[i]),
                                      sync_hash != NULL ? sync_hash : hash, hash, error))
              return FALSE;
        }
    }

  if (info->kind != KON_ORG_COMMUNITY)
    _kon_json_end_array (writer);

  data->counts[info->kind] = rows->len;

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

  if (local_error == NULL)
    g_file_load_contents (file, cancellable, &contents, &size, NULL, &local_error);

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_READ,
                     _("The file does not exist."));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
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
