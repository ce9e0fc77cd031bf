/* kon-exchange-private.h: between the document and the files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-exchange.h"

G_BEGIN_DECLS

typedef void (*ProgressFunc) (double   fraction,
                              gpointer user_data);

/* In the calling thread, on @store's connection; @progress (nullable)
 * is called in that thread */
KonExchangeReport *_kon_exchange_import_data (KonStore      *store,
                                              const char    *data,
                                              gsize          size,
                                              GCancellable  *cancellable,
                                              ProgressFunc   progress,
                                              gpointer       progress_data,
                                              GError       **error);
GBytes            *_kon_exchange_export_data (KonStore      *store,
                                              guint         *out_counts,
                                              GCancellable  *cancellable,
                                              ProgressFunc   progress,
                                              gpointer       progress_data,
                                              GError       **error);

G_END_DECLS
