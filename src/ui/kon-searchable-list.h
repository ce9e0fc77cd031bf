/* kon-searchable-list.h: a search entry, an Add button and a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KON_TYPE_SEARCHABLE_LIST (kon_searchable_list_get_type ())

G_DECLARE_FINAL_TYPE (KonSearchableList, kon_searchable_list, KON, SEARCHABLE_LIST, GtkWidget)

GtkWidget  *kon_searchable_list_new           (void);
GListModel *kon_searchable_list_get_model     (KonSearchableList *self);
void        kon_searchable_list_set_model     (KonSearchableList *self,
                                               GListModel        *model);
const char *kon_searchable_list_get_search_text (KonSearchableList *self);
void        kon_searchable_list_focus_search  (KonSearchableList *self);

G_END_DECLS
