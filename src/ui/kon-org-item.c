/* kon-org-item.c: a row of the organisation (partner, person, …) as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every boxed type of kon-org.h starts with its `char *uuid`, which is what
 * kon_org_item_get_uuid() reads.  "title" and "subtitle" are what a list
 * row shows of it (KonListRow binds its labels to them); whoever makes the
 * item says what they are (see create_list_model () in kon-organisation-pane.c).
 */

#include "config.h"

#include "kon-org-item.h"
#include "kon-org.h"

struct _KonOrgItem
{
  GObject   parent_instance;

  GType     boxed_type;
  gpointer  boxed;
  char     *title;
  char     *subtitle;
};

G_DEFINE_FINAL_TYPE (KonOrgItem, kon_org_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_TABLE,
  PROP_TITLE,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Overrides */

static void
kon_org_item_finalize (GObject *object)
{
  KonOrgItem *self = (KonOrgItem *) object;

  if (self->boxed != NULL)
    g_boxed_free (self->boxed_type, self->boxed);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (kon_org_item_parent_class)->finalize (object);
}

static void
kon_org_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KonOrgItem *self = KON_ORG_ITEM (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, kon_org_item_get_uuid (self));
      break;

    case PROP_TABLE:
      g_value_set_string (value, kon_org_item_get_table (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_org_item_class_init (KonOrgItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kon_org_item_finalize;
  object_class->get_property = kon_org_item_get_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kon_org_item_init (KonOrgItem *self)
{
}

/* Public API */

/**
 * kon_org_item_new:
 * @boxed_type: %KON_TYPE_PARTNER, %KON_TYPE_PERSON, …
 * @boxed: the row, copied
 */
KonOrgItem *
kon_org_item_new (GType         boxed_type,
                  gconstpointer boxed)
{
  KonOrgItem *self;

  g_return_val_if_fail (G_TYPE_IS_BOXED (boxed_type), NULL);
  g_return_val_if_fail (boxed != NULL, NULL);

  self = g_object_new (KON_TYPE_ORG_ITEM, NULL);
  self->boxed_type = boxed_type;
  self->boxed = g_boxed_copy (boxed_type, boxed);

  return self;
}

/**
 * kon_org_item_set_boxed:
 * @boxed: the row's new data, copied
 *
 * Replaces the row's data (the same row, read again); the caller then
 * describes it again with kon_org_item_set_text().
 */
void
kon_org_item_set_boxed (KonOrgItem    *self,
                        gconstpointer  boxed)
{
  gpointer old;

  g_return_if_fail (KON_IS_ORG_ITEM (self));
  g_return_if_fail (boxed != NULL);

  if (boxed == self->boxed)
    return;

  old = self->boxed;
  self->boxed = g_boxed_copy (self->boxed_type, boxed);
  if (old != NULL)
    g_boxed_free (self->boxed_type, old);
}

gpointer
kon_org_item_get_boxed (KonOrgItem *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM (self), NULL);

  return self->boxed;
}

GType
kon_org_item_get_boxed_type (KonOrgItem *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM (self), G_TYPE_INVALID);

  return self->boxed_type;
}

const char *
kon_org_item_get_uuid (KonOrgItem *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM (self), NULL);

  if (self->boxed == NULL)
    return NULL;

  /* KonPartner, KonPerson, KonBody and KonRole all begin with the uuid */
  return ((const KonPartner *) self->boxed)->uuid;
}

/**
 * kon_org_item_get_table:
 *
 * Returns: (nullable): the table the row is from ("partner", "person",
 *   "body", "role"), as kon_org_delete() names it
 */
const char *
kon_org_item_get_table (KonOrgItem *self)
{
  const KonTable *table;

  g_return_val_if_fail (KON_IS_ORG_ITEM (self), NULL);

  table = kon_table_for_type (self->boxed_type);
  return table != NULL ? table->name : NULL;
}

const char *
kon_org_item_get_title (KonOrgItem *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM (self), NULL);

  return self->title;
}

const char *
kon_org_item_get_subtitle (KonOrgItem *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM (self), NULL);

  return self->subtitle;
}

/**
 * kon_org_item_set_text:
 *
 * Sets what a list row shows of the item.
 */
void
kon_org_item_set_text (KonOrgItem *self,
                       const char *title,
                       const char *subtitle)
{
  g_return_if_fail (KON_IS_ORG_ITEM (self));

  if (set_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (set_string (&self->subtitle, subtitle))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}
