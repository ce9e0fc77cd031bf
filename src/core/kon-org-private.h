/* kon-org-private.h: the organisation tables, as the exchange sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each kind of row (community, partner, person, body, role) is described
 * by a KonOrgTableInfo: its SQL, how a row is read from a statement and
 * bound to one, and how it is written as and read from exchange JSON.
 * Every row struct starts with its `char *uuid`.
 */

#pragma once

#include <sqlite3.h>

#include "kon-json-private.h"
#include "kon-org.h"

G_BEGIN_DECLS

typedef enum
{
  KON_ORG_COMMUNITY,
  KON_ORG_PARTNER,
  KON_ORG_PERSON,
  KON_ORG_BODY,
  KON_ORG_ROLE,
  KON_ORG_N_KINDS,
} KonOrgKind;

#define KON_ORG_ROW_UUID(row) (*(char * const *) (row))

/* A small JSON writer: the output of Python's json.dumps (indent=2,
 * ensure_ascii=False) when pretty, (separators=(',', ':')) when not.
 * With raw (kon-org.c, for hashing) it writes no JSON, but each value as
 * a tag and its bytes: unambiguous, and without the cost of escaping. */
typedef struct
{
  GString  *out;
  gboolean  pretty;
  gboolean  raw;
  gboolean  after_key;
  int       depth;
  int       count[16];
} KonJsonWriter;

void      _kon_json_writer_init          (KonJsonWriter *writer,
                                          GString       *out,
                                          gboolean       pretty);
void      _kon_json_begin_object         (KonJsonWriter *writer);
void      _kon_json_end_object           (KonJsonWriter *writer);
void      _kon_json_begin_array          (KonJsonWriter *writer);
void      _kon_json_end_array            (KonJsonWriter *writer);
void      _kon_json_key                  (KonJsonWriter *writer,
                                          const char    *key);
void      _kon_json_string               (KonJsonWriter *writer,
                                          const char    *value);  /* NULL: null */
void      _kon_json_int                  (KonJsonWriter *writer,
                                          gint64         value);
void      _kon_json_bool                 (KonJsonWriter *writer,
                                          gboolean       value);

/* The hash of a row's exchanged content (see _kon_org_row_hash()) */
#define KON_ORG_HASH_SIZE 16

typedef struct
{
  guint8    bytes[KON_ORG_HASH_SIZE];
  gboolean  set;                       /* FALSE: no hash (NULL in the table) */
} KonOrgHash;

/* TRUE when both are set and the same */
gboolean _kon_org_hash_equal (const KonOrgHash *a,
                              const KonOrgHash *b);

/* How the references of a row (uuids) become the ids the tables hold: a
 * row is written with the ids of the rows it refers to.  @resolve gives
 * the id of the row of @kind with @uuid that the row being written refers
 * to, or -1 to look it up in the database (which is what a NULL KonOrgIds
 * does).  A uuid that is nowhere becomes an id no row has, which the
 * foreign key refuses. */
typedef struct _KonOrgIds KonOrgIds;

struct _KonOrgIds
{
  gint64   (*resolve) (KonOrgIds   *ids,
                       KonOrgKind   kind,
                       const char  *uuid);
  gpointer   data;
};

typedef struct
{
  KonOrgKind      kind;
  const char     *table;        /* "partner": also the KonStore::changed detail */
  const char     *member;       /* the key in an exchange document: "partners" */
  int             n_columns;    /* the row's columns; sync_hash, export_hash and id follow */
  const char     *select_all;   /* every row, ORDER BY uuid, references as uuids */
  const char     *select_one;   /* WHERE uuid = ? */
  const char     *write;        /* upsert by uuid: the columns (references as ids), sync_hash,
                                 * export_hash; RETURNING id */
  const char     *insert;       /* a new row: the same, then its id (_kon_org_bind_new()) */
  const char     *insert_many;  /* KON_ORG_INSERT_BATCH new rows (one for the community) */
  const char     *set_hashes;   /* sync_hash = ?1, export_hash = ?2 WHERE id = ?3 */
  const char     *count;        /* SELECT count(*) */
  gpointer      (*from_stmt)    (sqlite3_stmt  *stmt);
  void          (*bind)         (sqlite3_stmt  *stmt,
                                 int            base,     /* parameter i is base + i */
                                 gconstpointer  row,
                                 KonStore      *store,
                                 KonOrgIds     *ids);
  void          (*write_json)   (KonJsonWriter *writer,
                                 gconstpointer  row);
  gpointer      (*from_json)    (const KonJsonValue *node,
                                 const char         *path,
                                 GError            **error);
  GDestroyNotify  free;
} KonOrgTableInfo;

/* New rows an import writes with one statement (info->insert_many) */
#define KON_ORG_INSERT_BATCH 64

const KonOrgTableInfo *_kon_org_table_info     (KonOrgKind              kind);

/* Hashes rows; one per thread (import and export each have theirs) */
typedef struct
{
  GString   *buffer;
} KonOrgHasher;

void                   _kon_org_hasher_init    (KonOrgHasher           *hasher);
void                   _kon_org_hasher_clear   (KonOrgHasher           *hasher);
/* The hash of the row's content as the exchange sees it: every field of
 * its exchange JSON, in order, unambiguously encoded */
void                   _kon_org_row_hash       (KonOrgHasher           *hasher,
                                                const KonOrgTableInfo  *info,
                                                gconstpointer           row,
                                                KonOrgHash             *out_hash);

/* Reads the row with @uuid, its hashes and its id; FALSE with no error
 * when there is none.  Call inside or outside a transaction.  Every out
 * argument may be NULL. */
gboolean               _kon_org_lookup         (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                const char             *uuid,
                                                gpointer               *out_row,
                                                KonOrgHash             *out_sync_hash,
                                                KonOrgHash             *out_export_hash,
                                                gint64                 *out_id,
                                                GError                **error);
/* Inside a transaction: insert or replace the row and its hashes exactly;
 * @ids (nullable): see KonOrgIds; @out_id (nullable): the row's id */
gboolean               _kon_org_write          (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                gconstpointer           row,
                                                const KonOrgHash       *sync_hash,
                                                const KonOrgHash       *export_hash,
                                                KonOrgIds              *ids,
                                                gint64                 *out_id,
                                                GError                **error);
/* Binds a row known to be new, with the id it is to have, at @position of
 * a statement of info->insert (0) or info->insert_many (0 to
 * KON_ORG_INSERT_BATCH - 1), which the caller prepared (once) and steps
 * when every row is bound.  @sync_hash stays where it is until then. */
void                   _kon_org_bind_new       (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                sqlite3_stmt           *insert,
                                                guint                   position,
                                                gconstpointer           row,
                                                const KonOrgHash       *sync_hash,
                                                gint64                  id,
                                                KonOrgIds              *ids);
/* Inside a transaction, after the insert of a partner or person (and
 * after all writes of the transaction): its search index row.  (Changes
 * and deletes are indexed by triggers, see kon-schema.c.) */
gboolean               _kon_org_index_row      (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                gint64                  id,
                                                GError                **error);
/* The same for every row with an id above @after_id, in one statement
 * (rows added by this transaction) */
gboolean               _kon_org_index_rows_after (KonStore             *store,
                                                  const KonOrgTableInfo *info,
                                                  gint64                after_id,
                                                  GError              **error);
/* The largest id in the table, 0 when it is empty */
gboolean               _kon_org_max_id         (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                gint64                 *out_id,
                                                GError                **error);
gboolean               _kon_org_set_hashes     (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                gint64                  id,
                                                const KonOrgHash       *sync_hash,
                                                const KonOrgHash       *export_hash,
                                                GError                **error);
/* @set_hashes: kon_store_prepare (store, info->set_hashes), prepared once */
gboolean               _kon_org_set_hashes_with (KonStore              *store,
                                                 sqlite3_stmt          *set_hashes,
                                                 gint64                 id,
                                                 const KonOrgHash      *sync_hash,
                                                 const KonOrgHash      *export_hash,
                                                 GError               **error);
/* A body whose parent chain loops back to itself, or NULL */
char                  *_kon_org_find_body_cycle (KonStore              *store,
                                                GError                **error);

/* Exchange names of the enumerations ("municipal"), and back */
const char            *_kon_side_to_id          (KonSide         side);
const char            *_kon_partner_kind_to_id  (KonPartnerKind  kind);
const char            *_kon_body_kind_to_id     (KonBodyKind     kind);
const char            *_kon_role_kind_to_id     (KonRoleKind     kind);
const char            *_kon_represents_to_id    (KonRepresents   represents);

/* ISO 8601 "2021-05-25", or NULL for an invalid (unset) date */
char                  *_kon_org_date_to_iso     (const GDate    *date);
gboolean               _kon_org_date_from_iso   (const char     *text,
                                                 GDate          *out_date);

G_END_DECLS
