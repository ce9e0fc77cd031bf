/* kon-backend.h: what a database backend implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KonStore (kon-store.c) is the program's one door to its data; behind
 * it is one KonBackend: one connection to one database.  The SQLite
 * backend is kon-sqlite-backend.c; a PostgreSQL backend is one more
 * subclass (docs/architecture.md).  Everything here is in GLib types and
 * KonTable descriptions: a backend builds its SQL from the descriptions.
 *
 * The store calls these only between begin() and commit()/rollback(),
 * except open_worker, poll and the getters.  Every write also records
 * the change (table, uuid, operation) in the database, in the same
 * transaction, so that every connection, in any process, can read what
 * changed with read_changes().
 */

#pragma once

#include "kon-store.h"

G_BEGIN_DECLS

typedef enum
{
  KON_TRANSACTION_READ,    /* one consistent snapshot, no writes */
  KON_TRANSACTION_WRITE,   /* takes the write lock at once */
  KON_TRANSACTION_BULK,    /* a write of very many rows: logged as one RELOAD per table */
  KON_TRANSACTION_TRY_WRITE, /* a write that does not wait: BUSY at once when another holds the lock */
} KonTransaction;

typedef struct
{
  gint64          seq;
  const KonTable *table;
  char           *uuid;       /* NULL for RELOAD */
  KonStoreChange  change;
} KonChange;

/* Called with each row (transfer full) and its exchange hashes */
typedef gboolean (*KonRowFunc) (gpointer          row,
                                const KonRowHash *sync_hash,
                                const KonRowHash *export_hash,
                                gpointer          user_data,
                                GError          **error);

typedef enum
{
  KON_ORDER_DISPLAY,   /* the SORT field, collated, then uuid */
  KON_ORDER_UUID,      /* by uuid: the exchange's order */
} KonOrder;

#define KON_TYPE_BACKEND (kon_backend_get_type ())

G_DECLARE_DERIVABLE_TYPE (KonBackend, kon_backend, KON, BACKEND, GObject)

struct _KonBackendClass
{
  GObjectClass parent_class;

  KonBackend *(*open_worker)        (KonBackend        *self,
                                     GError           **error);
  const char *(*get_path)           (KonBackend        *self);
  gboolean    (*is_read_only)       (KonBackend        *self);
  int         (*get_schema_version) (KonBackend        *self);

  gboolean    (*begin)              (KonBackend        *self,
                                     KonTransaction     kind,
                                     GError           **error);
  gboolean    (*commit)             (KonBackend        *self,
                                     GError           **error);
  void        (*rollback)           (KonBackend        *self);

  /* Reading: @key/@uuid filter by a REF field, as kon_store_list() */
  gboolean    (*foreach_row)        (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *key,
                                     const char        *uuid,
                                     KonOrder           order,
                                     KonRowFunc         func,
                                     gpointer           user_data,
                                     GError           **error);
  gpointer    (*get_row)            (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *uuid,
                                     KonRowHash        *out_sync_hash,
                                     KonRowHash        *out_export_hash,
                                     GError           **error);
  GPtrArray  *(*get_many)           (KonBackend        *self,
                                     const KonTable    *table,
                                     const char * const *uuids,
                                     guint              n_uuids,
                                     GError           **error);
  gboolean    (*count)              (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *key,
                                     const char        *uuid,
                                     guint             *out_count,
                                     GError           **error);
  /* Among the rows whose REF @key is @uuid and whose INT @group_key is
   * @group_value: the largest INT @field (0 when none), and whether one
   * has @field equal to @value (a body's cases of a year, by number) */
  gboolean    (*max_in_group)       (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *key,
                                     const char        *uuid,
                                     const char        *group_key,
                                     int                group_value,
                                     const char        *field,
                                     int                value,
                                     int               *out_max,
                                     gboolean          *out_taken,
                                     GError           **error);
  /* kon_store_get_snippet () */
  char       *(*get_snippet)        (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *query,
                                     const char        *uuid,
                                     GError           **error);
  /* kon_store_list_uuids_where () */
  GPtrArray  *(*list_uuids_where)   (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *query,
                                     const KonFilter   *filters,
                                     guint              n_filters,
                                     const char * const *order_keys,
                                     gboolean           descending,
                                     GError           **error);
  GPtrArray  *(*list_uuids)         (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *query,
                                     GError           **error);

  /* Writing.  insert: a new row (revision becomes 1); update: the row
   * whose uuid it has, only when its stored revision is
   * @expected_revision (or any, when it is -1), else CONFLICT, or
   * NOT_FOUND; the revision goes up by one.  Both set row->revision.
   * Hashes: NULL leaves them as they are (insert: none). */
  gboolean    (*insert_row)         (KonBackend        *self,
                                     const KonTable    *table,
                                     gpointer           row,
                                     const KonRowHash  *sync_hash,
                                     const KonRowHash  *export_hash,
                                     GError           **error);
  gboolean    (*update_row)         (KonBackend        *self,
                                     const KonTable    *table,
                                     gpointer           row,
                                     gint64             expected_revision,
                                     const KonRowHash  *sync_hash,
                                     const KonRowHash  *export_hash,
                                     GError           **error);
  gboolean    (*set_hashes)         (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *uuid,
                                     const KonRowHash  *sync_hash,
                                     const KonRowHash  *export_hash,
                                     GError           **error);
  gboolean    (*delete_row)         (KonBackend        *self,
                                     const KonTable    *table,
                                     const char        *uuid,
                                     GError           **error);

  /* Changes: whether another connection committed since the last call
   * (cheap: polled twice a second), and the changes logged after @since
   * (GArray of KonChange, by seq); @out_first (nullable): the oldest
   * change still logged (older ones were pruned: read everything again) */
  gboolean    (*poll)               (KonBackend        *self);
  GArray     *(*read_changes)       (KonBackend        *self,
                                     gint64             since,
                                     gint64            *out_first,
                                     GError           **error);
  gint64      (*last_change)        (KonBackend        *self,
                                     GError           **error);

  char       *(*get_meta)           (KonBackend        *self,
                                     const char        *key,
                                     GError           **error);
  gboolean    (*set_meta)           (KonBackend        *self,
                                     const char        *key,
                                     const char        *value,
                                     GError           **error);

  /* Content by its SHA-256 (an attachment's file): put keeps what is
   * there already; get gives NULL without an error when it is absent */
  gboolean    (*put_content)        (KonBackend        *self,
                                     const char        *sha256,
                                     GBytes            *content,
                                     GError           **error);
  GBytes     *(*get_content)        (KonBackend        *self,
                                     const char        *sha256,
                                     GError           **error);
};

/* The SQLite backend (kon-sqlite-backend.c) */
KonBackend *kon_sqlite_backend_open         (const char  *path,
                                             GError     **error);
int         kon_sqlite_backend_get_latest_version (void);
/* The MIME types of its files, for file choosers */
const char * const *kon_sqlite_backend_get_mime_types (void);

void        kon_change_clear                (KonChange   *change);

G_END_DECLS
