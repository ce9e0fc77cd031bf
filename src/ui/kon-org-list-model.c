/* kon-org-list-model.c: the partners or persons of a store as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stand-in, with the API of core's KonRowModel (kon_row_model_new (store,
 * table), kon_row_model_set_query ()), until that one lands: this one
 * copies the whole table and filters it by the full-text search's UUIDs.
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

static GHashTable *
read_matches (KonOrgListModel  *self,
              GError          **error)
{
  g_autoptr(GPtrArray) uuids = NULL;
  GHashTable *set;

  if (self->query == NULL)
    return NULL;

  uuids = g_str_equal (self->table, "partner")
            ? kon_org_search_partners (self->store, self->query, error)
            : kon_org_search_persons (self->store, self->query, error);

  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; uuids != NULL && i < uuids->len; i++)
    g_hash_table_add (set, g_strdup (g_ptr_array_index (uuids, i)));

  return set;
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

/* TODO(core): once "changed" says (table, uuid, change), refresh the one
 * row; KonRowModel does, and replaces this model. */
static void
on_store_changed_cb (KonOrgListModel *self,
                     const char      *table)
{
  kon_org_list_model_reload (self);
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

      if (matches != NULL && !g_hash_table_contains (matches, ((const KonPartner *) row)->uuid))
        continue;

      item = kon_org_item_new (type, row);
      if (self->describe != NULL)
        self->describe (item, self->describe_data);
      g_ptr_array_add (self->items, item);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, self->items->len);
}
