/* kon-org-item-model.h: the rows of a KonRowModel as KonOrgItems a list shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kon-org-item.h"
#include "kon-row-model.h"

G_BEGIN_DECLS

#define KON_TYPE_ORG_ITEM_MODEL (kon_org_item_model_get_type ())

G_DECLARE_FINAL_TYPE (KonOrgItemModel, kon_org_item_model, KON, ORG_ITEM_MODEL, GObject)

/* Says what a list row shows of an item: kon_org_item_set_text() */
typedef void (*KonOrgDescribeFunc) (KonOrgItem *item,
                                    gpointer    user_data);

KonOrgItemModel *kon_org_item_model_new          (KonRowModel        *rows,
                                                  KonOrgDescribeFunc  describe,
                                                  gpointer            user_data);
KonRowModel     *kon_org_item_model_get_rows     (KonOrgItemModel    *self);
void             kon_org_item_model_redescribe   (KonOrgItemModel    *self);

G_END_DECLS
