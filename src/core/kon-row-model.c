/* kon-row-model.c: a list of a table's rows that reads them when asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model holds the uuids in order (cheap: 50,000 short strings) and a
 * KonRow for a uuid only while someone holds it (a weak table) or while
 * its page is among the last few read (a bounded strong cache), so a
 * list view that shows 30 rows of 50,000 reads a page or two.
 */

#include "config.h"

#include "kon-row-model-private.h"
#include "kon-row-private.h"

#define PAGE_SIZE 64
#define N_KEPT_PAGES 8

struct _KonRowModel
{
  GObject         parent_instance;

  KonStore       *store;
  const KonTable *table;
  char           *query;         /* NULL: no query */
  GArray         *filters;       /* KonFilter, owning key and text; NULL: none */
  GStrv           order_keys;    /* NULL: rank for a query, else the display order */
  gboolean        descending;

  GPtrArray      *uuids;         /* char *, in order */
  GHashTable     *rows;          /* uuid → KonRow (weak: removed at finalize) */
  GQueue          kept;          /* GPtrArray of KonRow (strong), newest first */
  guint           n_loaded;
};

static void kon_row_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KonRowModel, kon_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kon_row_model_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_TABLE,
  PROP_QUERY,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
on_row_finalized_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  KonRowModel *self = data;
  GHashTableIter iter;
  gpointer value;

  /* The uuid is gone with the object: find it by value */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static KonRow *
lookup_row (KonRowModel *self,
            const char  *uuid)
{
  return g_hash_table_lookup (self->rows, uuid);
}

static KonRow *
add_row (KonRowModel *self,
         const char  *uuid)
{
  KonRow *row = _kon_row_new (self->table, uuid);

  g_hash_table_insert (self->rows, g_strdup (uuid), row);
  g_object_weak_ref (G_OBJECT (row), on_row_finalized_cb, self);

  return row;
}

static void
keep_page (KonRowModel *self,
           GPtrArray   *page)
{
  g_queue_push_head (&self->kept, page);
  while (self->kept.length > N_KEPT_PAGES)
    g_ptr_array_unref (g_queue_pop_tail (&self->kept));
}

static void
drop_kept_pages (KonRowModel *self)
{
  GPtrArray *page;

  while ((page = g_queue_pop_head (&self->kept)) != NULL)
    g_ptr_array_unref (page);
}

/* Reads the data of @uuids into their KonRows (which exist); returns
 * whether any row's data changed */
static gboolean
read_rows (KonRowModel        *self,
           const char * const *uuids,
           guint               n_uuids)
{
  g_autoptr(GPtrArray) data = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  if (n_uuids == 0)
    return FALSE;

  data = kon_store_get_many (self->store, self->table, uuids, n_uuids, &error);
  if (data == NULL)
    {
      g_warning ("Could not read rows of %s: %s", self->table->name, error->message);
      return FALSE;
    }

  self->n_loaded += data->len;

  /* get_many owns its rows: take each one over */
  g_ptr_array_set_free_func (data, NULL);
  for (guint i = 0; i < data->len; i++)
    {
      gpointer row_data = g_ptr_array_index (data, i);
      KonRow *row = lookup_row (self, KON_ROW_UUID (row_data));

      if (row != NULL)
        changed |= _kon_row_set_data (row, row_data);
      else
        kon_table_row_free (self->table, row_data);
    }

  return changed;
}

/* Makes KonRows for the page around @position, reads those not yet read,
 * and keeps the page */
static void
load_page (KonRowModel *self,
           guint        position)
{
  guint start = position - position % PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, self->uuids->len);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = start; i < end; i++)
    {
      const char *uuid = g_ptr_array_index (self->uuids, i);
      KonRow *row = lookup_row (self, uuid);

      if (row == NULL)
        row = add_row (self, uuid);
      else
        g_object_ref (row);

      if (kon_row_get_data (row) == NULL)
        g_ptr_array_add (missing, (gpointer) uuid);
      g_ptr_array_add (page, row);
    }

  read_rows (self, (const char * const *) missing->pdata, missing->len);
  keep_page (self, page);
}

static GPtrArray *
list_uuids (KonRowModel *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *uuids;

  if (self->filters != NULL || self->order_keys != NULL || self->descending)
    uuids = kon_store_list_uuids_where (self->store, self->table, self->query,
                                        self->filters != NULL ? (const KonFilter *) self->filters->data : NULL,
                                        self->filters != NULL ? self->filters->len : 0,
                                        (const char * const *) self->order_keys, self->descending, &error);
  else
    uuids = kon_store_list_uuids (self->store, self->table, self->query, &error);
  if (uuids == NULL)
    {
      g_warning ("Could not list %s: %s", self->table->name, error->message);
      uuids = g_ptr_array_new_with_free_func (g_free);
    }

  return uuids;
}

/* Reads the uuids again and says the smallest span that changed (the
 * common prefix and suffix of the old and new lists stay) */
static void
reload_uuids (KonRowModel *self,
              guint       *out_position,
              guint       *out_removed,
              guint       *out_added)
{
  g_autoptr(GPtrArray) old = self->uuids;
  GPtrArray *new = list_uuids (self);
  guint prefix = 0;
  guint suffix = 0;

  self->uuids = new;

  while (prefix < old->len && prefix < new->len &&
         g_str_equal (old->pdata[prefix], new->pdata[prefix]))
    prefix++;
  while (suffix < old->len - prefix && suffix < new->len - prefix &&
         g_str_equal (old->pdata[old->len - 1 - suffix], new->pdata[new->len - 1 - suffix]))
    suffix++;

  *out_position = prefix;
  *out_removed = old->len - prefix - suffix;
  *out_added = new->len - prefix - suffix;
}

static gboolean
find_position (KonRowModel *self,
               const char  *uuid,
               guint       *out_position)
{
  return g_ptr_array_find_with_equal_func (self->uuids, uuid, g_str_equal, out_position);
}

/* Emits items-changed and, when the count changed, notifies n-items */
static void
emit_changed (KonRowModel *self,
              guint        position,
              guint        removed,
              guint        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Re-reads the data of every row that someone holds; returns whether any
 * changed */
static gboolean
reread_live_rows (KonRowModel *self)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;
  gboolean changed = FALSE;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (kon_row_get_data (value) != NULL)
      g_ptr_array_add (uuids, key);

  for (guint i = 0; i < uuids->len; i += PAGE_SIZE)
    changed |= read_rows (self, (const char * const *) uuids->pdata + i,
                          MIN (PAGE_SIZE, uuids->len - i));

  return changed;
}

static void
refresh (KonRowModel    *self,
         const char     *uuid,
         KonStoreChange  change)
{
  guint position, removed, added;

  /* Not listed yet: the first look lists what is there then */
  if (self->uuids == NULL)
    return;

  /* A save that keeps the row's sort text keeps its place in the display
   * order: no need to read the uuids again (with a query, the match and
   * rank may change, so it is read) */
  if (change == KON_STORE_CHANGE_UPDATE && uuid != NULL && self->query == NULL &&
      self->table->sort_text != NULL)
    {
      KonRow *row = lookup_row (self, uuid);
      guint row_position;

      if (row != NULL && kon_row_get_data (row) != NULL &&
          find_position (self, uuid, &row_position))
        {
          g_autofree char *old_text = g_strdup (self->table->sort_text (kon_row_get_data (row)));
          gint64 old_revision = KON_ROW_REVISION (kon_row_get_data (row));

          read_rows (self, &uuid, 1);
          /* Read again (a newer revision), and in the same place */
          if (KON_ROW_REVISION (kon_row_get_data (row)) != old_revision &&
              g_strcmp0 (old_text, self->table->sort_text (kon_row_get_data (row))) == 0)
            {
              emit_changed (self, row_position, 1, 1);
              return;
            }
        }
    }

  reload_uuids (self, &position, &removed, &added);

  if (change == KON_STORE_CHANGE_RELOAD)
    {
      guint old_n = self->uuids->len - added + removed;

      if (reread_live_rows (self) || removed > 0 || added > 0)
        emit_changed (self, 0, old_n, self->uuids->len);
      return;
    }

  if (change == KON_STORE_CHANGE_UPDATE && uuid != NULL)
    {
      KonRow *row = lookup_row (self, uuid);
      guint row_position;

      if (row != NULL && kon_row_get_data (row) != NULL)
        read_rows (self, &uuid, 1);

      /* In the same place: that one row changed */
      if (removed == 0 && added == 0)
        {
          if (find_position (self, uuid, &row_position))
            emit_changed (self, row_position, 1, 1);
          return;
        }
    }

  if (removed > 0 || added > 0)
    emit_changed (self, position, removed, added);
}

/* Whether a change of @table_name can change which rows the query finds:
 * a REF field that is searched makes the referred row's text part of the
 * row's (a person is found by the partner's name) */
static gboolean
query_depends_on (KonRowModel *self,
                  const char  *table_name)
{
  if (self->query == NULL)
    return FALSE;

  for (guint i = 0; i < self->table->n_fields; i++)
    {
      const KonField *field = &self->table->fields[i];

      if (field->type == KON_FIELD_REF && (field->flags & KON_FIELD_SEARCH) != 0 &&
          g_strcmp0 (field->ref_table, table_name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Callbacks */

static void
on_store_changed_cb (KonStore    *store,
                     const char  *table_name,
                     const char  *uuid,
                     int          change,
                     KonRowModel *self)
{
  guint position, removed, added;

  if (g_strcmp0 (table_name, self->table->name) == 0)
    {
      refresh (self, uuid, change);
      return;
    }

  if (query_depends_on (self, table_name))
    {
      reload_uuids (self, &position, &removed, &added);
      if (removed > 0 || added > 0)
        emit_changed (self, position, removed, added);
    }
}

/* GListModel */

static GType
kon_row_model_get_item_type (GListModel *model)
{
  return KON_TYPE_ROW;
}

/* The uuids, listed the first time they are asked for: a model given
 * its filters and order after it is made lists once, with them */
static GPtrArray *
ensure_uuids (KonRowModel *self)
{
  if (self->uuids == NULL)
    self->uuids = list_uuids (self);
  return self->uuids;
}

static guint
kon_row_model_get_n_items (GListModel *model)
{
  return ensure_uuids (KON_ROW_MODEL (model))->len;
}

static gpointer
kon_row_model_get_item (GListModel *model,
                        guint       position)
{
  KonRowModel *self = KON_ROW_MODEL (model);
  const char *uuid;
  KonRow *row;

  if (position >= ensure_uuids (self)->len)
    return NULL;

  uuid = g_ptr_array_index (self->uuids, position);
  row = lookup_row (self, uuid);
  if (row == NULL || kon_row_get_data (row) == NULL)
    {
      load_page (self, position);
      row = lookup_row (self, uuid);
    }

  g_assert (row != NULL);

  return g_object_ref (row);
}

static void
kon_row_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kon_row_model_get_item_type;
  iface->get_n_items = kon_row_model_get_n_items;
  iface->get_item = kon_row_model_get_item;
}

/* Overrides */

static void
kon_row_model_constructed (GObject *object)
{
  KonRowModel *self = KON_ROW_MODEL (object);

  G_OBJECT_CLASS (kon_row_model_parent_class)->constructed (object);

  g_assert (KON_IS_STORE (self->store));
  g_assert (self->table != NULL);

  /* Every table: a query may depend on another table's rows */
  g_signal_connect_object (self->store, "changed",
                           G_CALLBACK (on_store_changed_cb), self, 0);
}

static void
kon_row_model_dispose (GObject *object)
{
  KonRowModel *self = KON_ROW_MODEL (object);

  drop_kept_pages (self);

  G_OBJECT_CLASS (kon_row_model_parent_class)->dispose (object);
}

static void
kon_row_model_finalize (GObject *object)
{
  KonRowModel *self = KON_ROW_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  /* Rows that outlive the model must not call back into it */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, on_row_finalized_cb, self);

  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->uuids, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_object (&self->store);

  g_clear_pointer (&self->filters, g_array_unref);
  g_clear_pointer (&self->order_keys, g_strfreev);

  G_OBJECT_CLASS (kon_row_model_parent_class)->finalize (object);
}

static void
kon_row_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KonRowModel *self = KON_ROW_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_TABLE:
      g_value_set_pointer (value, (gpointer) self->table);
      break;

    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, ensure_uuids (self)->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_row_model_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KonRowModel *self = KON_ROW_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_TABLE:
      self->table = g_value_get_pointer (value);
      break;

    case PROP_QUERY:
      kon_row_model_set_query (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_row_model_class_init (KonRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kon_row_model_constructed;
  object_class->dispose = kon_row_model_dispose;
  object_class->finalize = kon_row_model_finalize;
  object_class->get_property = kon_row_model_get_property;
  object_class->set_property = kon_row_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KON_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A const KonTable * */
  properties[PROP_TABLE] =
    g_param_spec_pointer ("table", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kon_row_model_init (KonRowModel *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->kept);
}

/* Private API */

guint
_kon_row_model_get_n_loaded (KonRowModel *self)
{
  g_return_val_if_fail (KON_IS_ROW_MODEL (self), 0);

  return self->n_loaded;
}

/* Public API */

KonRowModel *
kon_row_model_new (KonStore       *store,
                   const KonTable *table)
{
  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  return g_object_new (KON_TYPE_ROW_MODEL,
                       "store", store,
                       "table", table,
                       NULL);
}

KonStore *
kon_row_model_get_store (KonRowModel *self)
{
  g_return_val_if_fail (KON_IS_ROW_MODEL (self), NULL);

  return self->store;
}

const KonTable *
kon_row_model_get_table (KonRowModel *self)
{
  g_return_val_if_fail (KON_IS_ROW_MODEL (self), NULL);

  return self->table;
}

const char *
kon_row_model_get_query (KonRowModel *self)
{
  g_return_val_if_fail (KON_IS_ROW_MODEL (self), NULL);

  return self->query;
}

void
kon_row_model_set_query (KonRowModel *self,
                         const char  *query)
{
  g_autofree char *stripped = NULL;
  guint position, removed, added;

  g_return_if_fail (KON_IS_ROW_MODEL (self));

  stripped = g_strstrip (g_strdup (query != NULL ? query : ""));
  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);

  if (g_strcmp0 (stripped, self->query) == 0)
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&stripped);

  /* Not listed yet: the first look lists with it */
  if (self->uuids != NULL)
    {
      reload_uuids (self, &position, &removed, &added);
      if (removed > 0 || added > 0)
        emit_changed (self, position, removed, added);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

static void
filter_clear (KonFilter *filter)
{
  g_free ((char *) filter->key);
  g_free ((char *) filter->text);
}

static void
reload_all (KonRowModel *self)
{
  guint position, removed, added;

  /* Not listed yet: the first look lists with it */
  if (self->uuids == NULL)
    return;
  reload_uuids (self, &position, &removed, &added);
  if (removed > 0 || added > 0)
    emit_changed (self, position, removed, added);
}

/**
 * kon_row_model_set_filters:
 * @filters: (array length=n_filters): copied
 *
 * Lists only the rows that match every filter (kon_store_list_uuids_where()).
 */
void
kon_row_model_set_filters (KonRowModel     *self,
                           const KonFilter *filters,
                           guint            n_filters)
{
  g_return_if_fail (KON_IS_ROW_MODEL (self));
  g_return_if_fail (n_filters == 0 || filters != NULL);

  /* None before and none now: nothing to read again */
  if (self->filters == NULL && n_filters == 0)
    return;

  g_clear_pointer (&self->filters, g_array_unref);
  if (n_filters > 0)
    {
      self->filters = g_array_sized_new (FALSE, TRUE, sizeof (KonFilter), n_filters);
      g_array_set_clear_func (self->filters, (GDestroyNotify) filter_clear);
      for (guint i = 0; i < n_filters; i++)
        {
          KonFilter copy = { g_strdup (filters[i].key), g_strdup (filters[i].text), filters[i].value };

          g_array_append_val (self->filters, copy);
        }
    }

  reload_all (self);
}

/**
 * kon_row_model_set_order:
 * @keys: (nullable) (array zero-terminated=1): the fields to order by
 *
 * Orders the rows by @keys (NULL: by rank when there is a query, else in
 * the display order), @descending or not.
 */
void
kon_row_model_set_order (KonRowModel        *self,
                         const char * const *keys,
                         gboolean            descending)
{
  g_return_if_fail (KON_IS_ROW_MODEL (self));

  g_strfreev (self->order_keys);
  self->order_keys = keys != NULL && keys[0] != NULL ? g_strdupv ((char **) keys) : NULL;
  self->descending = descending;

  reload_all (self);
}
