/* kon-org-list-model.c: the partners or persons of a store as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stand-in, with the API of core's KonRowModel (kon_row_model_new (store,
 * table), kon_row_model_set_query ()), until that one lands: this one
 * copies the table (or the full-text search's rows) and follows change
 * events row by row.
 * KonOrganisationPane makes its list models in one function
 * (create_list_model ()), so moving to KonRowModel changes that function
 * and removes this file.
 */

#include "config.h"

#include "kon-org.h"
#include "kon-org-list-model.h"

struct _KonOrgListModel
{
  GObject             parent_instance;

  KonStore           *store;
  char               *table;
  char               *query;
  KonOrgDescribeFunc  describe;
  gpointer            describe_data;
  GPtrArray          *items;        /* KonOrgItem, what the model lists */
};

static void kon_org_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KonOrgListModel, kon_org_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kon_org_list_model_iface_init))

/* Helpers */

static GPtrArray *
read_rows (KonOrgListModel  *self,
           GType            *type,
           GError          **error)
{
  if (g_str_equal (self->table, "partner"))
    {
      *type = KON_TYPE_PARTNER;
      return kon_org_list_partners (self->store, error);
    }

  *type = KON_TYPE_PERSON;
  return kon_org_list_persons (self->store, error);
}

/* The search's rows, uuid → rank (from 1), or NULL without a search */
static GHashTable *
read_matches (KonOrgListModel  *self,
              GError          **error)
{
  g_autoptr(GPtrArray) uuids = NULL;
  GHashTable *ranks;

  if (self->query == NULL)
    return NULL;

  uuids = g_str_equal (self->table, "partner")
            ? kon_org_search_partners (self->store, self->query, error)
            : kon_org_search_persons (self->store, self->query, error);

  ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; uuids != NULL && i < uuids->len; i++)
    g_hash_table_insert (ranks, g_strdup (g_ptr_array_index (uuids, i)), GUINT_TO_POINTER (i + 1));

  return ranks;
}

static int
compare_rank_cb (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GHashTable *ranks = user_data;
  guint rank_a = GPOINTER_TO_UINT (g_hash_table_lookup (ranks, kon_org_item_get_uuid (*(KonOrgItem **) a)));
  guint rank_b = GPOINTER_TO_UINT (g_hash_table_lookup (ranks, kon_org_item_get_uuid (*(KonOrgItem **) b)));

  return rank_a < rank_b ? -1 : rank_a > rank_b;
}

/* GListModel */

static GType
kon_org_list_model_get_item_type (GListModel *model)
{
  return KON_TYPE_ORG_ITEM;
}

static guint
kon_org_list_model_get_n_items (GListModel *model)
{
  return KON_ORG_LIST_MODEL (model)->items->len;
}

static gpointer
kon_org_list_model_get_item (GListModel *model,
                             guint       position)
{
  KonOrgListModel *self = KON_ORG_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
kon_org_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kon_org_list_model_get_item_type;
  iface->get_n_items = kon_org_list_model_get_n_items;
  iface->get_item = kon_org_list_model_get_item;
}

/* Callbacks */

static gboolean
find_item (KonOrgListModel *self,
           const char      *uuid,
           guint           *position)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (kon_org_item_get_uuid (g_ptr_array_index (self->items, i)), uuid) == 0)
      {
        *position = i;
        return TRUE;
      }

  return FALSE;
}

/* One row changed (here or in another process): that row is updated or
 * removed; a new row, a change of name (which moves it) or many rows read
 * the table again */
static void
on_store_changed_cb (KonOrgListModel *self,
                     const char      *table,
                     const char      *uuid,
                     KonStoreChange   change)
{
  g_autoptr(KonOrgItem) item = NULL;
  gpointer row = NULL;
  GType type;
  guint position;

  if (uuid == NULL || change == KON_STORE_CHANGE_INSERT || change == KON_STORE_CHANGE_RELOAD ||
      !find_item (self, uuid, &position))
    {
      kon_org_list_model_reload (self);
      return;
    }

  if (change == KON_STORE_CHANGE_UPDATE)
    {
      if (g_str_equal (self->table, "partner"))
        {
          type = KON_TYPE_PARTNER;
          row = kon_org_get_partner (self->store, uuid, NULL);
        }
      else
        {
          type = KON_TYPE_PERSON;
          row = kon_org_get_person (self->store, uuid, NULL);
        }
    }

  if (row != NULL)
    {
      item = kon_org_item_new (type, row);
      g_boxed_free (type, row);
      if (self->describe != NULL)
        self->describe (item, self->describe_data);

      /* A new name may move the row, and change what a search finds */
      if (self->query != NULL ||
          g_strcmp0 (kon_org_item_get_title (item),
                     kon_org_item_get_title (g_ptr_array_index (self->items, position))) != 0)
        {
          kon_org_list_model_reload (self);
          return;
        }

      g_object_unref (g_ptr_array_index (self->items, position));
      g_ptr_array_index (self->items, position) = g_steal_pointer (&item);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }

  /* Deleted, or gone before it could be read */
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* Overrides */

static void
kon_org_list_model_dispose (GObject *object)
{
  KonOrgListModel *self = KON_ORG_LIST_MODEL (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (kon_org_list_model_parent_class)->dispose (object);
}

static void
kon_org_list_model_finalize (GObject *object)
{
  KonOrgListModel *self = KON_ORG_LIST_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->table);
  g_free (self->query);

  G_OBJECT_CLASS (kon_org_list_model_parent_class)->finalize (object);
}

static void
kon_org_list_model_class_init (KonOrgListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kon_org_list_model_dispose;
  object_class->finalize = kon_org_list_model_finalize;
}

static void
kon_org_list_model_init (KonOrgListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

/**
 * kon_org_list_model_new:
 * @table: "partner" or "person"
 * @describe: says what a row shows of each item
 */
KonOrgListModel *
kon_org_list_model_new (KonStore           *store,
                        const char         *table,
                        KonOrgDescribeFunc  describe,
                        gpointer            user_data)
{
  KonOrgListModel *self;
  g_autofree char *signal = NULL;

  g_return_val_if_fail (KON_IS_STORE (store), NULL);
  g_return_val_if_fail (g_strcmp0 (table, "partner") == 0 || g_strcmp0 (table, "person") == 0, NULL);

  self = g_object_new (KON_TYPE_ORG_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  self->table = g_strdup (table);
  self->describe = describe;
  self->describe_data = user_data;

  signal = g_strconcat ("changed::", table, NULL);
  g_signal_connect_object (store, signal, G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  kon_org_list_model_reload (self);

  return self;
}

/**
 * kon_org_list_model_set_query:
 * @text: (nullable): words to search for; %NULL or "" lists every row
 */
void
kon_org_list_model_set_query (KonOrgListModel *self,
                              const char      *text)
{
  g_return_if_fail (KON_IS_ORG_LIST_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (self->query, text) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (text);
  kon_org_list_model_reload (self);
}

/**
 * kon_org_list_model_reload:
 *
 * Reads the rows again (and describes them again: a person's row names
 * their partner, so the people follow a change of partners).
 */
void
kon_org_list_model_reload (KonOrgListModel *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) matches = NULL;
  g_autoptr(GPtrArray) old = NULL;
  GType type;

  g_return_if_fail (KON_IS_ORG_LIST_MODEL (self));

  if (self->store == NULL)
    return;

  rows = read_rows (self, &type, NULL);
  matches = read_matches (self, NULL);

  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      gconstpointer row = g_ptr_array_index (rows, i);
      KonOrgItem *item;

      if (matches != NULL && !g_hash_table_contains (matches, KON_ROW_UUID (row)))
        continue;

      item = kon_org_item_new (type, row);
      if (self->describe != NULL)
        self->describe (item, self->describe_data);
      g_ptr_array_add (self->items, item);
    }

  /* A search lists its rows best first */
  if (matches != NULL)
    g_ptr_array_sort_with_data (self->items, compare_rank_cb, matches);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, self->items->len);
}
