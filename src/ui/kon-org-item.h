/* kon-org-item.h: a row of the organisation (partner, person, …) as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KON_TYPE_ORG_ITEM (kon_org_item_get_type ())

G_DECLARE_FINAL_TYPE (KonOrgItem, kon_org_item, KON, ORG_ITEM, GObject)

KonOrgItem *kon_org_item_new          (GType         boxed_type,
                                       gconstpointer boxed);
gpointer    kon_org_item_get_boxed    (KonOrgItem   *self);
void        kon_org_item_set_boxed    (KonOrgItem   *self,
                                       gconstpointer boxed);
GType       kon_org_item_get_boxed_type (KonOrgItem *self);
const char *kon_org_item_get_uuid     (KonOrgItem   *self);
const char *kon_org_item_get_table    (KonOrgItem   *self);
const char *kon_org_item_get_title    (KonOrgItem   *self);
const char *kon_org_item_get_subtitle (KonOrgItem   *self);
void        kon_org_item_set_text     (KonOrgItem   *self,
                                       const char   *title,
                                       const char   *subtitle);

G_END_DECLS
