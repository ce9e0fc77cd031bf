/* kon-list-row.h: one row of a KonSearchableList
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kon-org-item.h"

G_BEGIN_DECLS

#define KON_TYPE_LIST_ROW (kon_list_row_get_type ())

G_DECLARE_FINAL_TYPE (KonListRow, kon_list_row, KON, LIST_ROW, GtkWidget)

GtkWidget  *kon_list_row_new       (void);
KonOrgItem *kon_list_row_get_item  (KonListRow *self);
void        kon_list_row_set_item  (KonListRow *self,
                                    KonOrgItem *item);

G_END_DECLS
