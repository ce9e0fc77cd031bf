/* kon-org-item.c: a row of the organisation (partner, person, …) as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every boxed type of kon-org.h starts with its `char *uuid`, which is what
 * kon_org_item_get_uuid() reads.
 */

#include "config.h"

#include "kon-org-item.h"
#include "kon-org.h"

struct _KonOrgItem
{
  GObject   parent_instance;

  GType     boxed_type;
  gpointer  boxed;
};

G_DEFINE_FINAL_TYPE (KonOrgItem, kon_org_item, G_TYPE_OBJECT)

static void
kon_org_item_finalize (GObject *object)
{
  KonOrgItem *self = (KonOrgItem *) object;

  if (self->boxed != NULL)
    g_boxed_free (self->boxed_type, self->boxed);

  G_OBJECT_CLASS (kon_org_item_parent_class)->finalize (object);
}

static void
kon_org_item_class_init (KonOrgItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kon_org_item_finalize;
}

static void
kon_org_item_init (KonOrgItem *self)
{
}

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

gpointer
kon_org_item_get_boxed (KonOrgItem *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM (self), NULL);

  return self->boxed;
}

const char *
kon_org_item_get_uuid (KonOrgItem *self)
{
  g_return_val_if_fail (KON_IS_ORG_ITEM (self), NULL);

  /* KonPartner, KonPerson, KonBody and KonRole all begin with the uuid */
  return ((const KonPartner *) self->boxed)->uuid;
}
