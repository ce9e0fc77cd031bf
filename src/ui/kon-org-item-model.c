/* kon-org-item-model.c: the rows of a KonRowModel as KonOrgItems a list shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each KonRow the paged model gives becomes one KonOrgItem, kept while
 * someone (a list row) holds it: asked again for the same row, the model
 * gives the same item, brought up to date in place, so a bound row
 * widget follows an edit through the item's notify signals.  The
 * model's own items-changed is the paged model's, passed on as it is.
 *
 * (GtkMapListModel would do the mapping, but GTK 4.8's gives an item
 * still held at a position that items-changed replaced to the next
 * position as well: an edited first row showed the second row twice.)
 */

#include "config.h"

#include "kon-org-item-model.h"

struct _KonOrgItemModel
{
  GObject             parent_instance;

  KonRowModel        *rows;
  KonOrgDescribeFunc  describe;
  gpointer            describe_data;
  GHashTable         *items;        /* KonRow → KonOrgItem (weak) */
};

static void kon_org_item_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KonOrgItemModel, kon_org_item_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      kon_org_item_model_list_model_init))

static GQuark row_quark;

/* Helpers */

static void
on_item_finalized_cb (gpointer  data,
                      GObject  *where_the_object_was)
{
  KonOrgItemModel *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
describe (KonOrgItemModel *self,
          KonOrgItem      *item)
{
  self->describe (item, self->describe_data);
}

/* GListModel */

static GType
kon_org_item_model_get_item_type (GListModel *model)
{
  return KON_TYPE_ORG_ITEM;
}

static guint
kon_org_item_model_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (KON_ORG_ITEM_MODEL (model)->rows));
}

static gpointer
kon_org_item_model_get_item (GListModel *model,
                             guint       position)
{
  KonOrgItemModel *self = KON_ORG_ITEM_MODEL (model);
  g_autoptr(KonRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  gconstpointer data;
  KonOrgItem *item;

  if (row == NULL)
    return NULL;

  data = kon_row_get_data (row);
  item = g_hash_table_lookup (self->items, row);
  if (item != NULL)
    {
      /* The same row: brought up to date where it was read again */
      if (kon_org_item_get_boxed (item) != NULL &&
          KON_ROW_REVISION (kon_org_item_get_boxed (item)) != KON_ROW_REVISION (data))
        {
          kon_org_item_set_boxed (item, data);
          describe (self, item);
        }
      return g_object_ref (item);
    }

  item = kon_org_item_new (kon_row_get_table (row)->get_type (), data);
  /* The item holds its row, so the row (the key) lives as long */
  g_object_set_qdata_full (G_OBJECT (item), row_quark, g_object_ref (row), g_object_unref);
  describe (self, item);

  g_hash_table_insert (self->items, row, item);
  g_object_weak_ref (G_OBJECT (item), on_item_finalized_cb, self);

  return item;
}

static void
kon_org_item_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kon_org_item_model_get_item_type;
  iface->get_n_items = kon_org_item_model_get_n_items;
  iface->get_item = kon_org_item_model_get_item;
}

/* Callbacks */

static void
on_rows_changed_cb (KonOrgItemModel *self,
                    guint            position,
                    guint            removed,
                    guint            added)
{
  /* An item shown at a row that changed is read again, in place, when
   * the list asks for it */
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Overrides */

static void
kon_org_item_model_dispose (GObject *object)
{
  KonOrgItemModel *self = KON_ORG_ITEM_MODEL (object);

  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_func (self->rows, on_rows_changed_cb, self);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (kon_org_item_model_parent_class)->dispose (object);
}

static void
kon_org_item_model_finalize (GObject *object)
{
  KonOrgItemModel *self = KON_ORG_ITEM_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  /* Items that outlive the model must not call back into it */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, on_item_finalized_cb, self);
  g_hash_table_unref (self->items);

  G_OBJECT_CLASS (kon_org_item_model_parent_class)->finalize (object);
}

static void
kon_org_item_model_class_init (KonOrgItemModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kon_org_item_model_dispose;
  object_class->finalize = kon_org_item_model_finalize;

  row_quark = g_quark_from_static_string ("kon-org-item-model-row");
}

static void
kon_org_item_model_init (KonOrgItemModel *self)
{
  self->items = g_hash_table_new (NULL, NULL);
}

/* Public API */

/**
 * kon_org_item_model_new:
 * @rows: the paged model of partners or persons
 * @describe: sets an item's title and subtitle
 */
KonOrgItemModel *
kon_org_item_model_new (KonRowModel        *rows,
                        KonOrgDescribeFunc  describe_func,
                        gpointer            user_data)
{
  KonOrgItemModel *self;

  g_return_val_if_fail (KON_IS_ROW_MODEL (rows), NULL);
  g_return_val_if_fail (describe_func != NULL, NULL);

  self = g_object_new (KON_TYPE_ORG_ITEM_MODEL, NULL);
  self->rows = g_object_ref (rows);
  self->describe = describe_func;
  self->describe_data = user_data;
  g_signal_connect_swapped (rows, "items-changed", G_CALLBACK (on_rows_changed_cb), self);

  return self;
}

KonRowModel *
kon_org_item_model_get_rows (KonOrgItemModel *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM_MODEL (self), NULL);

  return self->rows;
}

/**
 * kon_org_item_model_redescribe:
 *
 * Describes every item shown again (a person's row names their partner,
 * whose name may have changed).
 */
void
kon_org_item_model_redescribe (KonOrgItemModel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (KON_IS_ORG_ITEM_MODEL (self));

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    describe (self, value);
}
