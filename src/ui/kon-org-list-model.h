/* kon-org-list-model.h: the partners or persons of a store as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kon-org-item.h"
#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_ORG_LIST_MODEL (kon_org_list_model_get_type ())

G_DECLARE_FINAL_TYPE (KonOrgListModel, kon_org_list_model, KON, ORG_LIST_MODEL, GObject)

/* Says what a list row shows of an item: kon_org_item_set_text() */
typedef void (*KonOrgDescribeFunc) (KonOrgItem *item,
                                    gpointer    user_data);

KonOrgListModel *kon_org_list_model_new        (KonStore           *store,
                                                const char         *table,
                                                KonOrgDescribeFunc  describe,
                                                gpointer            user_data);
void             kon_org_list_model_set_query  (KonOrgListModel    *self,
                                                const char         *text);
void             kon_org_list_model_reload     (KonOrgListModel    *self);

G_END_DECLS
