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
 * ensure_ascii=False) when pretty, (separators=(',', ':')) when not. */
typedef struct
{
  GString  *out;
  gboolean  pretty;
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

typedef struct
{
  KonOrgKind      kind;
  const char     *table;        /* "partner": also the KonStore::changed detail */
  const char     *member;       /* the key in an exchange document: "partners" */
  int             n_columns;    /* the row's columns; sync_hash and export_hash follow */
  const char     *select_all;   /* every row, ORDER BY uuid */
  const char     *select_one;   /* WHERE uuid = ? */
  const char     *write;        /* upsert by uuid: the columns, sync_hash, export_hash */
  const char     *insert;       /* the same for a row known to be new: a plain INSERT */
  const char     *set_hashes;   /* sync_hash = ?1, export_hash = ?2 WHERE uuid = ?3 */
  const char     *count;        /* SELECT count(*) */
  gpointer      (*from_stmt)    (sqlite3_stmt  *stmt);
  void          (*bind)         (sqlite3_stmt  *stmt,
                                 gconstpointer  row);
  void          (*write_json)   (KonJsonWriter *writer,
                                 gconstpointer  row);
  gpointer      (*from_json)    (const KonJsonValue *node,
                                 const char         *path,
                                 GError            **error);
  GDestroyNotify  free;
} KonOrgTableInfo;

const KonOrgTableInfo *_kon_org_table_info     (KonOrgKind              kind);

/* SHA-256 (hex) of the row's compact exchange JSON */
char                  *_kon_org_row_hash       (const KonOrgTableInfo  *info,
                                                gconstpointer           row);

/* Reads the row with @uuid and its hashes; FALSE with no error when there
 * is none.  Call inside or outside a transaction. */
gboolean               _kon_org_lookup         (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                const char             *uuid,
                                                gpointer               *out_row,
                                                char                  **out_sync_hash,
                                                char                  **out_export_hash,
                                                GError                **error);
/* Inside a transaction: insert or replace the row and its hashes exactly;
 * @is_new: the caller knows there is no row with its uuid (faster) */
gboolean               _kon_org_write          (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                gconstpointer           row,
                                                gboolean                is_new,
                                                const char             *sync_hash,
                                                const char             *export_hash,
                                                GError                **error);
/* Inside a transaction, after _kon_org_write() of a partner or person
 * (and after all such writes of the transaction): its search index row */
gboolean               _kon_org_index_row      (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                gconstpointer           row,
                                                gboolean                is_new,
                                                GError                **error);
gboolean               _kon_org_set_hashes     (KonStore               *store,
                                                const KonOrgTableInfo  *info,
                                                const char             *uuid,
                                                const char             *sync_hash,
                                                const char             *export_hash,
                                                GError                **error);
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
