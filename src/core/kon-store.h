/* kon-store.h: the one seam between the program and its database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything outside the store reads and writes rows (kon-table.h)
 * through this API, in GLib types only.  Underneath is a KonBackend
 * (kon-backend.h): SQLite today (kon-sqlite-backend.c), PostgreSQL later
 * (docs/architecture.md).  No header outside the backend's own files
 * names a database type.
 *
 * Rows carry a revision.  Saving a row that is already in the database
 * needs the revision it was read with: when someone else (another window,
 * another process, the other desk) saved it in between, the save is
 * refused with KON_STORE_ERROR_CONFLICT, never silently overwritten.
 *
 * KonStore::changed says what changed, row by row (table, uuid, insert,
 * update or delete), after the transaction was committed: for changes
 * made through this store at once, for changes made by another
 * connection (another process) within a second.  Many changes at once
 * (an import) come as one KON_STORE_CHANGE_RELOAD per table.
 */

#pragma once

#include <gio/gio.h>

#include "kon-snapshot.h"
#include "kon-table.h"

G_BEGIN_DECLS

#define KON_STORE_ERROR (kon_store_error_quark ())

typedef enum
{
  KON_STORE_ERROR_FAILED,
  KON_STORE_ERROR_CANNOT_OPEN,
  KON_STORE_ERROR_NOT_KONSENSUS,
  KON_STORE_ERROR_NEWER_VERSION,
  KON_STORE_ERROR_CORRUPT,
  KON_STORE_ERROR_READ_ONLY,
  KON_STORE_ERROR_DISK_FULL,
  KON_STORE_ERROR_CONFLICT,     /* the row was changed by someone else since it was read */
  KON_STORE_ERROR_NOT_FOUND,    /* no row with that uuid (deleted meanwhile) */
  KON_STORE_ERROR_INVALID,      /* a row that breaks a rule: the message says which */
  KON_STORE_ERROR_BUSY,         /* another window or desk is writing: try again */
} KonStoreError;

/* A condition on a field of a table's rows: a REF (@text: the uuid), an
 * ENUM (@text: its id, "decided"), an INT or a BOOL (@value) */
typedef struct
{
  const char *key;
  const char *text;
  int         value;
} KonFilter;

typedef enum
{
  KON_STORE_CHANGE_INSERT,
  KON_STORE_CHANGE_UPDATE,
  KON_STORE_CHANGE_DELETE,
  KON_STORE_CHANGE_RELOAD,      /* many rows of the table: read it again (uuid is NULL) */
} KonStoreChange;

#define KON_TYPE_STORE (kon_store_get_type ())

G_DECLARE_FINAL_TYPE (KonStore, kon_store, KON, STORE, GObject)

typedef gboolean (*KonStoreFunc) (KonStore  *store,
                                  gpointer   user_data,
                                  GError   **error);

GQuark        kon_store_error_quark          (void);
int           kon_store_get_latest_version   (void);
char         *kon_store_get_default_path     (void);
/* The MIME types of database files (NULL-terminated), for file choosers */
const char * const *kon_store_get_mime_types (void);

/* Opening.  A file that is refused is left as it was; a file or folder
 * that cannot be written is opened read-only. */
KonStore     *kon_store_open                 (const char      *path,
                                              GError         **error);
const char   *kon_store_get_path             (KonStore        *self);
gboolean      kon_store_is_read_only         (KonStore        *self);
int           kon_store_get_schema_version   (KonStore        *self);
/* A second connection to the same database, for a worker thread: it
 * emits nothing; the first store sees its changes as another
 * connection's */
KonStore     *kon_store_open_worker          (KonStore        *self,
                                              GError         **error);

/* Transactions.  kon_store_write() runs @func in one write transaction:
 * all of its writes are committed, or none; the changes are announced
 * after the commit.  kon_store_read() runs @func on one consistent
 * snapshot and writes nothing (a backup works on a full disk, or while
 * another desk writes).  kon_store_bulk_write() is kon_store_write() set
 * up for very many rows (an import): announced as one RELOAD per table.
 * Inside @func, the row functions below join the transaction. */
gboolean      kon_store_write                (KonStore        *self,
                                              KonStoreFunc     func,
                                              gpointer         user_data,
                                              GError         **error);
gboolean      kon_store_bulk_write           (KonStore        *self,
                                              KonStoreFunc     func,
                                              gpointer         user_data,
                                              GError         **error);
gboolean      kon_store_read                 (KonStore        *self,
                                              KonStoreFunc     func,
                                              gpointer         user_data,
                                              GError         **error);

/* Rows.  Lists are GPtrArrays that own their rows, in the table's
 * display order (its SORT field with the locale's collation: Æ Ø Å after
 * Z, then uuid).  @key and @uuid (both or neither): only the rows whose
 * REF field @key is @uuid. */
gpointer      kon_store_get                  (KonStore        *self,
                                              const KonTable  *table,
                                              const char      *uuid,
                                              GError         **error);
GPtrArray    *kon_store_list                 (KonStore        *self,
                                              const KonTable  *table,
                                              const char      *key,
                                              const char      *uuid,
                                              GError         **error);
guint         kon_store_count                (KonStore        *self,
                                              const KonTable  *table,
                                              const char      *key,
                                              const char      *uuid,
                                              GError         **error);
/* The uuids of a table (GPtrArray of char *): every row in display order
 * when @query is NULL or blank, else the rows whose SEARCH fields match
 * every word of @query as a prefix ("Bø" finds "Bø" but not "Bodø"), in
 * rank order */
gboolean      kon_store_max_in_group         (KonStore        *self,
                                              const KonTable  *table,
                                              const char      *key,
                                              const char      *uuid,
                                              const char      *group_key,
                                              int              group_value,
                                              const char      *field,
                                              int              value,
                                              int             *out_max,
                                              gboolean        *out_taken,
                                              GError         **error);
/* The most rows a search lists (kon_store_list_uuids_where ()) */
#define KON_STORE_MAX_MATCHES 1000

/* The uuids of the rows that match @query (NULL: all) and every one of
 * @filters; in the order of @order_keys (NULL-terminated INT, DATE, ENUM
 * or STRING fields, the table's sort text collated, or REF fields, in the
 * display order of the rows referred to; NULL: by rank for a
 * query with few matches; for one with more, the matches in the first
 * indexed field (a title) ranked first, then the newest first; for one
 * with more than a list's worth, the newest first; else the
 * display order), @descending or not.  A query lists at most
 * KON_STORE_MAX_MATCHES rows. */
GPtrArray    *kon_store_list_uuids_where     (KonStore          *self,
                                              const KonTable    *table,
                                              const char        *query,
                                              const KonFilter   *filters,
                                              guint              n_filters,
                                              const char * const *order_keys,
                                              gboolean           descending,
                                              GError           **error);
/* Where the row matches @query: a few words of its text around the
 * matching words, each match between U+E000 and U+E001 (private-use
 * marks a view turns into emphasis), "…" where text was left out; NULL
 * when it does not match or the table has no search */
char         *kon_store_get_snippet          (KonStore          *self,
                                              const KonTable    *table,
                                              const char        *query,
                                              const char        *uuid,
                                              GError           **error);
GPtrArray    *kon_store_list_uuids           (KonStore        *self,
                                              const KonTable  *table,
                                              const char      *query,
                                              GError         **error);
/* The rows of @uuids that exist, in the order of @uuids */
GPtrArray    *kon_store_get_many             (KonStore        *self,
                                              const KonTable  *table,
                                              const char * const *uuids,
                                              guint            n_uuids,
                                              GError         **error);
/* Inserts a row whose revision is 0; updates one whose revision is the
 * stored one, else KON_STORE_ERROR_CONFLICT.  On success @row's revision
 * is the new one.  The row is validated first (KON_STORE_ERROR_INVALID). */
gboolean      kon_store_save                 (KonStore        *self,
                                              const KonTable  *table,
                                              gpointer         row,
                                              GError         **error);

/* Deleting.  kon_store_delete() removes the row and what goes with it
 * (the REF fields' on_delete: rows that cascade are removed, rows that
 * refer to it lose or move their reference) in one transaction, and
 * gives a snapshot of everything removed or changed, as it was, that
 * kon_store_restore() puts back: that is Undo.  kon_store_plan_delete()
 * gives the same snapshot without deleting anything (to say what would
 * go).  Restoring a row that was changed meanwhile is a conflict. */
KonSnapshot  *kon_store_plan_delete          (KonStore        *self,
                                              const KonTable  *table,
                                              const char      *uuid,
                                              GError         **error);
KonSnapshot  *kon_store_delete               (KonStore        *self,
                                              const KonTable  *table,
                                              const char      *uuid,
                                              GError         **error);
gboolean      kon_store_restore              (KonStore        *self,
                                              KonSnapshot     *snapshot,
                                              GError         **error);

/* Settings of the database (key → text) */
char         *kon_store_get_meta             (KonStore        *self,
                                              const char      *key,
                                              GError         **error);
gboolean      kon_store_set_meta             (KonStore        *self,
                                              const char      *key,
                                              const char      *value,
                                              GError         **error);

/* Content kept by its SHA-256 (the 64 lowercase hex digits of
 * g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, …)), once however
 * many rows name it: an attachment's file.  Put stores @content when the
 * store has none by that hash (the caller computed it); get gives NULL
 * and KON_STORE_ERROR_NOT_FOUND when it has none. */
gboolean      kon_store_put_content          (KonStore        *self,
                                              const char      *sha256,
                                              GBytes          *content,
                                              GError         **error);
GBytes       *kon_store_get_content          (KonStore        *self,
                                              const char      *sha256,
                                              GError         **error);

/* Looks for changes made by other connections now (the store also looks
 * twice a second on its own while it has a main context to run on) */
void          kon_store_check_changes        (KonStore        *self);

/* Opening in a thread of its own (the first window's database) */
typedef struct _KonStoreOpening KonStoreOpening;

KonStoreOpening *kon_store_opening_start     (const char       *path);
const char      *kon_store_opening_get_path  (KonStoreOpening  *opening);
KonStore        *kon_store_opening_finish    (KonStoreOpening  *opening,
                                              gboolean         *existed,
                                              GError          **error);

G_END_DECLS
