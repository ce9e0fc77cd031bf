/* kon-row-model.h: a list of a table's rows that reads them when asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of KonRow over one table of a KonStore.  It reads the
 * uuids of the rows once (display order, or with a query the full-text
 * matches in rank order), and a row's data only when get_item() asks
 * for it, a page at a time.  A change in the store becomes items-changed
 * for the rows that changed, not a reload.
 */

#pragma once

#include <gio/gio.h>

#include "kon-row.h"
#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_ROW_MODEL (kon_row_model_get_type ())

G_DECLARE_FINAL_TYPE (KonRowModel, kon_row_model, KON, ROW_MODEL, GObject)

KonRowModel    *kon_row_model_new       (KonStore       *store,
                                         const KonTable *table);
KonStore       *kon_row_model_get_store (KonRowModel    *self);
const KonTable *kon_row_model_get_table (KonRowModel    *self);
const char     *kon_row_model_get_query (KonRowModel    *self);
/* NULL or blank: every row in display order; else the rows that match,
 * in rank order */
void            kon_row_model_set_query (KonRowModel    *self,
                                         const char     *query);

/* Only the rows that match every filter; ordered by @keys (NULL: by
 * rank with a query, else the display order).  See
 * kon_store_list_uuids_where(). */
void            kon_row_model_set_filters (KonRowModel        *self,
                                           const KonFilter    *filters,
                                           guint               n_filters);
void            kon_row_model_set_order   (KonRowModel        *self,
                                           const char * const *keys,
                                           gboolean            descending);

G_END_DECLS
