/* kon-row.c: one row of a table, as an object a list can show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kon-row-private.h"

struct _KonRow
{
  GObject         parent_instance;

  const KonTable *table;
  char           *uuid;
  gpointer        data;   /* owned, a row of table; NULL until read */
};

G_DEFINE_FINAL_TYPE (KonRow, kon_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Overrides */

static void
kon_row_finalize (GObject *object)
{
  KonRow *self = KON_ROW_OBJECT (object);

  g_clear_pointer (&self->uuid, g_free);
  if (self->data != NULL)
    kon_table_row_free (self->table, g_steal_pointer (&self->data));

  G_OBJECT_CLASS (kon_row_parent_class)->finalize (object);
}

static void
kon_row_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  KonRow *self = KON_ROW_OBJECT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_DATA:
      g_value_set_pointer (value, self->data);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_row_class_init (KonRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kon_row_finalize;
  object_class->get_property = kon_row_get_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The row's struct (owned by the KonRow), NULL until it was read */
  properties[PROP_DATA] =
    g_param_spec_pointer ("data", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kon_row_init (KonRow *self)
{
}

/* Private API */

KonRow *
_kon_row_new (const KonTable *table,
              const char     *uuid)
{
  KonRow *self;

  g_assert (table != NULL);
  g_assert (uuid != NULL);

  self = g_object_new (KON_TYPE_ROW, NULL);
  self->table = table;
  self->uuid = g_strdup (uuid);

  return self;
}

gboolean
_kon_row_set_data (KonRow   *self,
                   gpointer  data)
{
  g_assert (KON_IS_ROW_OBJECT (self));

  if (data == self->data)
    return FALSE;

  if (data != NULL && self->data != NULL &&
      KON_ROW_REVISION (data) == KON_ROW_REVISION (self->data) &&
      kon_table_row_equal (self->table, data, self->data))
    {
      kon_table_row_free (self->table, data);
      return FALSE;
    }

  if (self->data != NULL)
    kon_table_row_free (self->table, self->data);
  self->data = data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);

  return TRUE;
}

/* Public API */

const KonTable *
kon_row_get_table (KonRow *self)
{
  g_return_val_if_fail (KON_IS_ROW_OBJECT (self), NULL);

  return self->table;
}

const char *
kon_row_get_uuid (KonRow *self)
{
  g_return_val_if_fail (KON_IS_ROW_OBJECT (self), NULL);

  return self->uuid;
}

gconstpointer
kon_row_get_data (KonRow *self)
{
  g_return_val_if_fail (KON_IS_ROW_OBJECT (self), NULL);

  return self->data;
}
