/* kon-store.c: the one door to the data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is the same whatever database is underneath: transactions as
 * callbacks, rules checked before a row is written, revisions, deleting
 * with what goes with a row (from the REF fields' on_delete) and putting
 * it back, and announcing what changed.  The database itself is a
 * KonBackend (kon-backend.h).
 *
 * Changes are announced from the backend's change log, after the commit:
 * the store remembers the last change it announced, and reads what came
 * after it when it committed a transaction itself and when the backend's
 * poll() says another connection committed (looked at twice a second).
 * So changes made here and changes made by another process reach
 * KonStore::changed the same way, each once.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-backend.h"
#include "kon-snapshot-private.h"
#include "kon-store-private.h"

/* How often another connection's changes are looked for */
#define POLL_INTERVAL_MS 500
/* More changes than this to one table at once are announced as a reload */
#define MAX_ROW_CHANGES 200

struct _KonStore
{
  GObject     parent_instance;

  KonBackend *backend;
  gint64      last_change;    /* the last change announced */
  guint       poll_id;
  guint       depth;          /* of nested kon_store_write() and friends */
  guint       is_worker : 1;
};

G_DEFINE_FINAL_TYPE (KonStore, kon_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kon-store-error-quark, kon_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define BACKEND_CLASS(self) KON_BACKEND_GET_CLASS ((self)->backend)

/* Helpers */

static void
announce_changes (KonStore *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GHashTable) per_table = NULL;
  g_autoptr(GHashTable) reloaded = NULL;
  gint64 first = 0;

  if (self->is_worker || self->depth > 0)
    return;

  changes = BACKEND_CLASS (self)->read_changes (self->backend, self->last_change, &first, &error);
  if (changes == NULL)
    {
      g_debug ("Changes not read: %s", error->message);
      return;
    }

  if (changes->len == 0)
    return;

  /* Many changes to one table (an import, or a window that has not
   * looked for a while): one reload */
  per_table = g_hash_table_new (NULL, NULL);
  reloaded = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      KonChange *change = &g_array_index (changes, KonChange, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_table, change->table)) + 1;

      g_hash_table_insert (per_table, (gpointer) change->table, GUINT_TO_POINTER (n));
    }

  /* Changes were pruned before this store saw them: everything */
  if (first > self->last_change + 1 && self->last_change > 0)
    {
      guint n_tables;
      const KonTable * const *tables = kon_tables (&n_tables);

      for (guint i = 0; i < n_tables; i++)
        g_hash_table_insert (per_table, (gpointer) tables[i], GUINT_TO_POINTER (G_MAXUINT));
    }

  self->last_change = g_array_index (changes, KonChange, changes->len - 1).seq;

  for (guint i = 0; i < changes->len; i++)
    {
      KonChange *change = &g_array_index (changes, KonChange, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_table, change->table));

      if (change->change == KON_STORE_CHANGE_RELOAD || n > MAX_ROW_CHANGES)
        {
          if (g_hash_table_add (reloaded, (gpointer) change->table))
            g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (change->table->name),
                           change->table->name, NULL, KON_STORE_CHANGE_RELOAD);
          continue;
        }

      g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (change->table->name),
                     change->table->name, change->uuid, change->change);
    }
}

static gboolean
poll_cb (gpointer user_data)
{
  KonStore *self = user_data;

  if (self->depth == 0 && BACKEND_CLASS (self)->poll (self->backend))
    announce_changes (self);

  return G_SOURCE_CONTINUE;
}

static KonStore *
store_new (KonBackend *backend,
           gboolean    is_worker)
{
  KonStore *self = g_object_new (KON_TYPE_STORE, NULL);
  g_autoptr(GError) error = NULL;

  self->backend = backend;
  self->is_worker = is_worker;
  self->last_change = BACKEND_CLASS (self)->last_change (backend, &error);
  if (self->last_change < 0)
    {
      g_debug ("Change log not read: %s", error->message);
      self->last_change = 0;
    }

  if (!is_worker)
    self->poll_id = g_timeout_add_full (G_PRIORITY_LOW, POLL_INTERVAL_MS, poll_cb, self, NULL);

  return self;
}

typedef gboolean (*TransactionFunc) (KonStore  *self,
                                     gpointer   user_data,
                                     GError   **error);

static gboolean
run_transaction (KonStore        *self,
                 KonTransaction   kind,
                 KonStoreFunc     func,
                 gpointer         user_data,
                 GError         **error)
{
  gboolean ok;

  /* Inside another: part of it */
  if (self->depth > 0)
    {
      gboolean result;

      self->depth++;
      result = func (self, user_data, error);
      self->depth--;
      return result;
    }

  if (!BACKEND_CLASS (self)->begin (self->backend, kind, error))
    return FALSE;

  self->depth = 1;
  ok = func (self, user_data, error);
  if (ok)
    ok = BACKEND_CLASS (self)->commit (self->backend, error);
  if (!ok)
    BACKEND_CLASS (self)->rollback (self->backend);
  self->depth = 0;

  if (ok && kind != KON_TRANSACTION_READ)
    {
      /* Our own commit is not another connection's: keep poll() quiet */
      BACKEND_CLASS (self)->poll (self->backend);
      announce_changes (self);
    }

  return ok;
}

/* GObject */

static void
kon_store_dispose (GObject *object)
{
  KonStore *self = (KonStore *) object;

  g_clear_handle_id (&self->poll_id, g_source_remove);

  G_OBJECT_CLASS (kon_store_parent_class)->dispose (object);
}

static void
kon_store_finalize (GObject *object)
{
  KonStore *self = (KonStore *) object;

  g_clear_object (&self->backend);

  G_OBJECT_CLASS (kon_store_parent_class)->finalize (object);
}

static void
kon_store_class_init (KonStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kon_store_dispose;
  object_class->finalize = kon_store_finalize;

  /**
   * KonStore::changed:
   * @table: the table's name ("person"); also the signal's detail
   * @uuid: (nullable): the row, or %NULL for KON_STORE_CHANGE_RELOAD
   * @change: a #KonStoreChange
   *
   * Emitted after a commit, here or in another connection, for each row
   * that changed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);
}

static void
kon_store_init (KonStore *self)
{
}

/* Public API: opening */

int
kon_store_get_latest_version (void)
{
  return kon_sqlite_backend_get_latest_version ();
}

const char * const *
kon_store_get_mime_types (void)
{
  return kon_sqlite_backend_get_mime_types ();
}

/**
 * kon_store_get_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/konsensus/konsensus.db`
 */
char *
kon_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "konsensus", "konsensus.db", NULL);
}

/**
 * kon_store_open:
 * @path: the database file; created (with its folder, 0700) if missing
 *
 * Opens a Konsensus database, creating or migrating it as needed.  A file
 * that is refused is left as it was.  A file or folder that cannot be
 * written is opened read-only (see kon_store_is_read_only()).  If a new
 * database cannot be made (a full disk), nothing of it is left behind.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
KonStore *
kon_store_open (const char  *path,
                GError     **error)
{
  KonBackend *backend;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  backend = kon_sqlite_backend_open (path, error);
  if (backend == NULL)
    return NULL;

  return store_new (backend, FALSE);
}

KonStore *
kon_store_open_worker (KonStore  *self,
                       GError   **error)
{
  KonBackend *backend;

  g_return_val_if_fail (KON_IS_STORE (self), NULL);

  backend = BACKEND_CLASS (self)->open_worker (self->backend, error);
  if (backend == NULL)
    return NULL;

  return store_new (backend, TRUE);
}

const char *
kon_store_get_path (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);

  return BACKEND_CLASS (self)->get_path (self->backend);
}

gboolean
kon_store_is_read_only (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), TRUE);

  return BACKEND_CLASS (self)->is_read_only (self->backend);
}

int
kon_store_get_schema_version (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), 0);

  return BACKEND_CLASS (self)->get_schema_version (self->backend);
}

void
kon_store_check_changes (KonStore *self)
{
  g_return_if_fail (KON_IS_STORE (self));

  poll_cb (self);
}

/* Public API: transactions */

gboolean
kon_store_write (KonStore      *self,
                 KonStoreFunc   func,
                 gpointer       user_data,
                 GError       **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return run_transaction (self, KON_TRANSACTION_WRITE, func, user_data, error);
}

gboolean
kon_store_bulk_write (KonStore      *self,
                      KonStoreFunc   func,
                      gpointer       user_data,
                      GError       **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return run_transaction (self, KON_TRANSACTION_BULK, func, user_data, error);
}

gboolean
kon_store_read (KonStore      *self,
                KonStoreFunc   func,
                gpointer       user_data,
                GError       **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return run_transaction (self, KON_TRANSACTION_READ, func, user_data, error);
}

/* Public API: rows */

gpointer
kon_store_get (KonStore        *self,
               const KonTable  *table,
               const char      *uuid,
               GError         **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (uuid == NULL || !kon_uuid_is_valid (uuid))
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND,
                   _("It is no longer there: it may have been deleted in another window."));
      return NULL;
    }

  return BACKEND_CLASS (self)->get_row (self->backend, table, uuid, NULL, NULL, error);
}

static gboolean
collect_row_cb (gpointer          row,
                const KonRowHash *sync_hash,
                const KonRowHash *export_hash,
                gpointer          user_data,
                GError          **error)
{
  g_ptr_array_add (user_data, row);
  return TRUE;
}

GPtrArray *
kon_store_list (KonStore        *self,
                const KonTable  *table,
                const char      *key,
                const char      *uuid,
                GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail ((key == NULL) == (uuid == NULL), NULL);

  rows = g_ptr_array_new_with_free_func (table->free);

  if (!BACKEND_CLASS (self)->foreach_row (self->backend, table, key, uuid, KON_ORDER_DISPLAY,
                                          collect_row_cb, rows, error))
    return NULL;

  return g_steal_pointer (&rows);
}

guint
kon_store_count (KonStore        *self,
                 const KonTable  *table,
                 const char      *key,
                 const char      *uuid,
                 GError         **error)
{
  guint count = 0;

  g_return_val_if_fail (KON_IS_STORE (self), 0);
  g_return_val_if_fail (table != NULL, 0);

  BACKEND_CLASS (self)->count (self->backend, table, key, uuid, &count, error);

  return count;
}

/**
 * kon_store_max_in_group:
 *
 * Among the rows of @table whose REF @key is @uuid and whose INT
 * @group_key is @group_value: the largest INT @field (0 when there are
 * none), and whether one of them has @field equal to @value.  A body's
 * cases of one year: the last number given, and whether a number is
 * taken.
 */
gboolean
kon_store_max_in_group (KonStore        *self,
                        const KonTable  *table,
                        const char      *key,
                        const char      *uuid,
                        const char      *group_key,
                        int              group_value,
                        const char      *field,
                        int              value,
                        int             *out_max,
                        gboolean        *out_taken,
                        GError         **error)
{
  int max = 0;
  gboolean taken = FALSE;

  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (table != NULL && key != NULL && uuid != NULL, FALSE);

  if (!BACKEND_CLASS (self)->max_in_group (self->backend, table, key, uuid, group_key, group_value,
                                           field, value, &max, &taken, error))
    return FALSE;
  if (out_max != NULL)
    *out_max = max;
  if (out_taken != NULL)
    *out_taken = taken;
  return TRUE;
}

GPtrArray *
kon_store_list_uuids_where (KonStore           *self,
                            const KonTable     *table,
                            const char         *query,
                            const KonFilter    *filters,
                            guint               n_filters,
                            const char * const *order_keys,
                            gboolean            descending,
                            GError            **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (n_filters == 0 || filters != NULL, NULL);

  return BACKEND_CLASS (self)->list_uuids_where (self->backend, table, query, filters, n_filters,
                                                 order_keys, descending, error);
}

char *
kon_store_get_snippet (KonStore        *self,
                       const KonTable  *table,
                       const char      *query,
                       const char      *uuid,
                       GError         **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL && uuid != NULL, NULL);

  if (query == NULL)
    return NULL;
  return BACKEND_CLASS (self)->get_snippet (self->backend, table, query, uuid, error);
}

GPtrArray *
kon_store_list_uuids (KonStore        *self,
                      const KonTable  *table,
                      const char      *query,
                      GError         **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  return BACKEND_CLASS (self)->list_uuids (self->backend, table, query, error);
}

GPtrArray *
kon_store_get_many (KonStore            *self,
                    const KonTable      *table,
                    const char * const  *uuids,
                    guint                n_uuids,
                    GError             **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  return BACKEND_CLASS (self)->get_many (self->backend, table, uuids, n_uuids, error);
}

static void
set_conflict_error (GError **error)
{
  g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_CONFLICT,
               _("Someone else changed this in the meantime, in another window or at the "
                 "other desk. Your change was not saved, so as not to overwrite theirs: "
                 "reload to see what they changed, then make your change again."));
}

typedef struct
{
  const KonTable *table;
  gpointer        row;
} SaveData;

static gboolean
save_in_transaction (KonStore  *self,
                     gpointer   user_data,
                     GError   **error)
{
  SaveData *data = user_data;
  KonBackendClass *klass = BACKEND_CLASS (self);

  if (KON_ROW_REVISION (data->row) > 0)
    return klass->update_row (self->backend, data->table, data->row,
                              KON_ROW_REVISION (data->row), NULL, NULL, error);

  /* One row only (the community): another uuid replaces it */
  if (data->table->singleton)
    {
      g_autoptr(GPtrArray) rows = kon_store_list (self, data->table, NULL, NULL, error);

      if (rows == NULL)
        return FALSE;

      for (guint i = 0; i < rows->len; i++)
        {
          const char *uuid = KON_ROW_UUID (g_ptr_array_index (rows, i));

          if (g_strcmp0 (uuid, KON_ROW_UUID (data->row)) == 0)
            {
              set_conflict_error (error);
              return FALSE;
            }

          if (!klass->delete_row (self->backend, data->table, uuid, error))
            return FALSE;
        }
    }

  return klass->insert_row (self->backend, data->table, data->row, NULL, NULL, error);
}

/**
 * kon_store_save:
 * @row: (inout): a row of @table
 *
 * Checks @row against its table's rules, then inserts it (revision 0)
 * or updates it (its revision must be the stored one: otherwise someone
 * else saved it since it was read, and this save is refused with
 * %KON_STORE_ERROR_CONFLICT).  Its exchange hashes are kept.
 */
gboolean
kon_store_save (KonStore        *self,
                const KonTable  *table,
                gpointer         row,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  SaveData data = { table, row };

  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (table != NULL && row != NULL, FALSE);

  if (!kon_table_row_validate (table, row, NULL, &local_error))
    {
      g_set_error_literal (error, KON_STORE_ERROR, KON_STORE_ERROR_INVALID, local_error->message);
      return FALSE;
    }

  return kon_store_write (self, save_in_transaction, &data, error);
}

/* Deleting */

static gboolean
snapshot_has (GArray         *rows,
              const KonTable *table,
              const char     *uuid)
{
  for (guint i = 0; i < rows->len; i++)
    {
      KonSnapshotRow *r = &g_array_index (rows, KonSnapshotRow, i);

      if (r->table == table && g_strcmp0 (KON_ROW_UUID (r->row), uuid) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Adds what goes with (@table, @row), which is in snapshot->removed, to
 * @snapshot: rows that cascade (and what goes with them), rows that
 * change */
static gboolean
plan_references (KonStore        *self,
                 KonSnapshot     *snapshot,
                 const KonTable  *table,
                 gconstpointer    row,
                 GError         **error)
{
  guint n_tables;
  const KonTable * const *tables = kon_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    for (guint f = 0; f < tables[t]->n_fields; f++)
      {
        const KonField *field = &tables[t]->fields[f];
        g_autoptr(GPtrArray) referring = NULL;

        if (field->type != KON_FIELD_REF || g_strcmp0 (field->ref_table, table->name) != 0)
          continue;

        referring = kon_store_list (self, tables[t], field->key, KON_ROW_UUID (row), error);
        if (referring == NULL)
          return FALSE;

        for (guint i = 0; i < referring->len; i++)
          {
            gpointer other = g_ptr_array_index (referring, i);
            KonSnapshotRow entry = { tables[t], NULL };

            if (snapshot_has (snapshot->removed, tables[t], KON_ROW_UUID (other)))
              continue;

            if (field->on_delete == KON_ON_DELETE_CASCADE)
              {
                entry.row = BACKEND_CLASS (self)->get_row (self->backend, tables[t], KON_ROW_UUID (other),
                                                           &entry.sync_hash, &entry.export_hash, error);
                if (entry.row == NULL)
                  return FALSE;
                g_array_append_val (snapshot->removed, entry);
                if (!plan_references (self, snapshot, tables[t], entry.row, error))
                  return FALSE;
              }
            else if (!snapshot_has (snapshot->changed, tables[t], KON_ROW_UUID (other)))
              {
                entry.row = kon_table_row_copy (tables[t], other);
                g_array_append_val (snapshot->changed, entry);
              }
          }
      }

  return TRUE;
}

static KonSnapshot *
plan (KonStore        *self,
      const KonTable  *table,
      const char      *uuid,
      GError         **error)
{
  g_autoptr(KonSnapshot) snapshot = _kon_snapshot_new ();
  KonSnapshotRow entry = { table, NULL };

  if (uuid == NULL || !kon_uuid_is_valid (uuid))
    {
      g_set_error (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND,
                   _("It is no longer there: it may have been deleted in another window."));
      return NULL;
    }

  entry.row = BACKEND_CLASS (self)->get_row (self->backend, table, uuid,
                                             &entry.sync_hash, &entry.export_hash, error);
  if (entry.row == NULL)
    return NULL;
  g_array_append_val (snapshot->removed, entry);

  if (!plan_references (self, snapshot, table, entry.row, error))
    return NULL;

  /* A row that goes is not also changed: a role that fills a seat of a
   * deleted body is planned as changed (its seat unset) before it is
   * found to go with the body */
  for (guint i = snapshot->changed->len; i > 0; i--)
    {
      KonSnapshotRow *r = &g_array_index (snapshot->changed, KonSnapshotRow, i - 1);

      if (snapshot_has (snapshot->removed, r->table, KON_ROW_UUID (r->row)))
        g_array_remove_index (snapshot->changed, i - 1);
    }

  return g_steal_pointer (&snapshot);
}

typedef struct
{
  const KonTable *table;
  const char     *uuid;
  KonSnapshot    *snapshot;
} DeleteData;

static gboolean
plan_in_transaction (KonStore  *self,
                     gpointer   user_data,
                     GError   **error)
{
  DeleteData *data = user_data;

  data->snapshot = plan (self, data->table, data->uuid, error);

  return data->snapshot != NULL;
}

KonSnapshot *
kon_store_plan_delete (KonStore        *self,
                       const KonTable  *table,
                       const char      *uuid,
                       GError         **error)
{
  DeleteData data = { table, uuid, NULL };

  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!kon_store_read (self, plan_in_transaction, &data, error))
    g_clear_pointer (&data.snapshot, kon_snapshot_free);

  return data.snapshot;
}

/* The row, changed as the delete of @removed changes it */
static gpointer
changed_row (const KonTable *table,
             gconstpointer   row,
             GArray         *removed)
{
  gpointer copy = kon_table_row_copy (table, row);

  for (guint f = 0; f < table->n_fields; f++)
    {
      const KonField *field = &table->fields[f];
      char **ref = KON_FIELD_PTR (copy, field);

      if (field->type != KON_FIELD_REF || *ref == NULL)
        continue;

      for (guint i = 0; i < removed->len; i++)
        {
          KonSnapshotRow *r = &g_array_index (removed, KonSnapshotRow, i);

          if (g_strcmp0 (r->table->name, field->ref_table) != 0 ||
              g_strcmp0 (KON_ROW_UUID (r->row), *ref) != 0)
            continue;

          g_clear_pointer (ref, g_free);

          /* A sub-body moves up to the deleted body's own parent (or to the
           * top, when that one goes too) */
          if (field->on_delete == KON_ON_DELETE_REPARENT && r->table == table)
            {
              const char *parent = *(char **) KON_FIELD_PTR (r->row, field);

              if (parent != NULL && !snapshot_has (removed, table, parent))
                *ref = g_strdup (parent);
            }
          break;
        }
    }

  return copy;
}

static gboolean
delete_in_transaction (KonStore  *self,
                       gpointer   user_data,
                       GError   **error)
{
  DeleteData *data = user_data;
  KonSnapshot *snapshot;

  snapshot = data->snapshot = plan (self, data->table, data->uuid, error);
  if (snapshot == NULL)
    return FALSE;

  for (guint i = 0; i < snapshot->changed->len; i++)
    {
      KonSnapshotRow *r = &g_array_index (snapshot->changed, KonSnapshotRow, i);
      gpointer row = changed_row (r->table, r->row, snapshot->removed);
      gboolean ok = BACKEND_CLASS (self)->update_row (self->backend, r->table, row,
                                                      KON_ROW_REVISION (r->row), NULL, NULL, error);

      r->revision_after = KON_ROW_REVISION (row);
      kon_table_row_free (r->table, row);
      if (!ok)
        return FALSE;
    }

  /* What went with it first, the row last */
  for (guint i = snapshot->removed->len; i > 0; i--)
    {
      KonSnapshotRow *r = &g_array_index (snapshot->removed, KonSnapshotRow, i - 1);

      if (!BACKEND_CLASS (self)->delete_row (self->backend, r->table, KON_ROW_UUID (r->row), error))
        return FALSE;
    }

  return TRUE;
}

KonSnapshot *
kon_store_delete (KonStore        *self,
                  const KonTable  *table,
                  const char      *uuid,
                  GError         **error)
{
  DeleteData data = { table, uuid, NULL };

  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!kon_store_write (self, delete_in_transaction, &data, error))
    g_clear_pointer (&data.snapshot, kon_snapshot_free);

  return data.snapshot;
}

static gboolean
restore_in_transaction (KonStore  *self,
                        gpointer   user_data,
                        GError   **error)
{
  KonSnapshot *snapshot = user_data;

  for (guint i = 0; i < snapshot->removed->len; i++)
    {
      KonSnapshotRow *r = &g_array_index (snapshot->removed, KonSnapshotRow, i);
      g_autoptr(GError) local_error = NULL;
      gpointer there;
      gpointer copy;
      gboolean ok;

      /* Put back already (restored twice, or by another window): theirs is
       * kept, as for any row changed since the delete */
      there = BACKEND_CLASS (self)->get_row (self->backend, r->table, KON_ROW_UUID (r->row),
                                             NULL, NULL, &local_error);
      if (there != NULL)
        {
          kon_table_row_free (r->table, there);
          set_conflict_error (error);
          return FALSE;
        }
      if (!g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      copy = kon_table_row_copy (r->table, r->row);
      ok = BACKEND_CLASS (self)->insert_row (self->backend, r->table, copy,
                                             &r->sync_hash, &r->export_hash, error);
      kon_table_row_free (r->table, copy);
      if (!ok)
        return FALSE;
    }

  for (guint i = 0; i < snapshot->changed->len; i++)
    {
      KonSnapshotRow *r = &g_array_index (snapshot->changed, KonSnapshotRow, i);
      gpointer copy = kon_table_row_copy (r->table, r->row);
      gboolean ok = BACKEND_CLASS (self)->update_row (self->backend, r->table, copy,
                                                      r->revision_after, NULL, NULL, error);

      kon_table_row_free (r->table, copy);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/**
 * kon_store_restore:
 * @snapshot: what kon_store_delete() gave
 *
 * Puts back what the delete removed and changed, in one transaction.  A
 * row changed since the delete is a conflict: nothing is put back.
 */
gboolean
kon_store_restore (KonStore     *self,
                   KonSnapshot  *snapshot,
                   GError      **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  return kon_store_write (self, restore_in_transaction, snapshot, error);
}

/* Public API: settings */

char *
kon_store_get_meta (KonStore    *self,
                    const char  *key,
                    GError     **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return BACKEND_CLASS (self)->get_meta (self->backend, key, error);
}

typedef struct
{
  const char *key;
  const char *value;
} MetaPair;

static gboolean
set_meta_in_transaction (KonStore  *self,
                         gpointer   user_data,
                         GError   **error)
{
  MetaPair *pair = user_data;

  return BACKEND_CLASS (self)->set_meta (self->backend, pair->key, pair->value, error);
}

gboolean
kon_store_set_meta (KonStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  MetaPair pair = { key, value };

  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  return kon_store_write (self, set_meta_in_transaction, &pair, error);
}

/* Public API: content */

typedef struct
{
  const char *sha256;
  GBytes     *content;
} ContentPair;

static gboolean
put_content_in_transaction (KonStore  *self,
                            gpointer   user_data,
                            GError   **error)
{
  ContentPair *pair = user_data;

  return BACKEND_CLASS (self)->put_content (self->backend, pair->sha256, pair->content, error);
}

gboolean
kon_store_put_content (KonStore    *self,
                       const char  *sha256,
                       GBytes      *content,
                       GError     **error)
{
  ContentPair pair = { sha256, content };

  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL && strlen (sha256) == 64, FALSE);
  g_return_val_if_fail (content != NULL, FALSE);

  return kon_store_write (self, put_content_in_transaction, &pair, error);
}

GBytes *
kon_store_get_content (KonStore    *self,
                       const char  *sha256,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *content;

  g_return_val_if_fail (KON_IS_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  content = BACKEND_CLASS (self)->get_content (self->backend, sha256, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (content == NULL)
    g_set_error_literal (error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND,
                         _("The file’s content is not in this database: it may have come from "
                           "an exchange file without attachments. Add the file again."));
  return content;
}

/* Opening in a thread of its own */

struct _KonStoreOpening
{
  char     *path;
  gboolean  existed;
  KonStore *store;
  GError   *error;
  GThread  *thread;
};

static gpointer
opening_thread_func (gpointer user_data)
{
  KonStoreOpening *opening = user_data;

  opening->store = kon_store_open (opening->path, &opening->error);

  return NULL;
}

/**
 * kon_store_opening_start:
 * @path: the database file
 *
 * Starts kon_store_open() on @path in a thread of its own, so that the
 * caller can go on (the application connects to the display meanwhile).
 * Take the result with kon_store_opening_finish(), which every opening
 * must be given to.
 *
 * Returns: (transfer full): the opening under way
 */
KonStoreOpening *
kon_store_opening_start (const char *path)
{
  KonStoreOpening *opening;

  g_return_val_if_fail (path != NULL, NULL);

  opening = g_new0 (KonStoreOpening, 1);
  opening->path = g_canonicalize_filename (path, NULL);
  /* Asked before the thread may create the file */
  opening->existed = g_file_test (opening->path, G_FILE_TEST_EXISTS);
  opening->thread = g_thread_new ("konsensus-open", opening_thread_func, opening);

  return opening;
}

/**
 * kon_store_opening_get_path:
 *
 * Returns: the absolute path being opened
 */
const char *
kon_store_opening_get_path (KonStoreOpening *opening)
{
  g_return_val_if_fail (opening != NULL, NULL);

  return opening->path;
}

/**
 * kon_store_opening_finish:
 * @opening: (transfer full): an opening from kon_store_opening_start()
 * @existed: (out) (optional): whether the file was there before
 * @error: what kon_store_open() said
 *
 * Waits for the opening to end, and frees it.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
KonStore *
kon_store_opening_finish (KonStoreOpening  *opening,
                          gboolean         *existed,
                          GError          **error)
{
  KonStore *store;

  g_return_val_if_fail (opening != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_thread_join (opening->thread);

  if (existed != NULL)
    *existed = opening->existed;

  store = g_steal_pointer (&opening->store);
  if (store == NULL)
    g_propagate_error (error, g_steal_pointer (&opening->error));

  g_clear_error (&opening->error);
  g_free (opening->path);
  g_free (opening);

  return store;
}

/* Private API: the exchange */

gboolean
_kon_store_foreach (KonStore        *self,
                    const KonTable  *table,
                    KonOrder         order,
                    KonRowFunc       func,
                    gpointer         user_data,
                    GError         **error)
{
  return BACKEND_CLASS (self)->foreach_row (self->backend, table, NULL, NULL, order, func, user_data, error);
}

gpointer
_kon_store_lookup (KonStore        *self,
                   const KonTable  *table,
                   const char      *uuid,
                   KonRowHash      *out_sync_hash,
                   KonRowHash      *out_export_hash,
                   GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer row;

  row = BACKEND_CLASS (self)->get_row (self->backend, table, uuid, out_sync_hash, out_export_hash,
                                       &local_error);
  if (row == NULL && !g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));

  return row;
}

gboolean
_kon_store_insert (KonStore          *self,
                   const KonTable    *table,
                   gpointer           row,
                   const KonRowHash  *sync_hash,
                   const KonRowHash  *export_hash,
                   GError           **error)
{
  return BACKEND_CLASS (self)->insert_row (self->backend, table, row, sync_hash, export_hash, error);
}

gboolean
_kon_store_replace (KonStore          *self,
                    const KonTable    *table,
                    gpointer           row,
                    const KonRowHash  *sync_hash,
                    const KonRowHash  *export_hash,
                    GError           **error)
{
  return BACKEND_CLASS (self)->update_row (self->backend, table, row, -1, sync_hash, export_hash, error);
}

gboolean
_kon_store_set_hashes (KonStore          *self,
                       const KonTable    *table,
                       const char        *uuid,
                       const KonRowHash  *sync_hash,
                       const KonRowHash  *export_hash,
                       GError           **error)
{
  return BACKEND_CLASS (self)->set_hashes (self->backend, table, uuid, sync_hash, export_hash, error);
}

gboolean
_kon_store_remove (KonStore        *self,
                   const KonTable  *table,
                   const char      *uuid,
                   GError         **error)
{
  return BACKEND_CLASS (self)->delete_row (self->backend, table, uuid, error);
}

gboolean
_kon_store_try_write (KonStore      *self,
                      KonStoreFunc   func,
                      gpointer       user_data,
                      GError       **error)
{
  g_return_val_if_fail (KON_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return run_transaction (self, KON_TRANSACTION_TRY_WRITE, func, user_data, error);
}

KonBackend *
_kon_store_get_backend (KonStore *self)
{
  g_return_val_if_fail (KON_IS_STORE (self), NULL);

  return self->backend;
}
