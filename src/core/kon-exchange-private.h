/* kon-exchange-private.h: between the document and the files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-exchange.h"

G_BEGIN_DECLS

#define FORMAT_NAME "konsensus-exchange"
/* Version 2 added seats, terms, chair rotation and cases (the fields and
 * tables whose `since` is 2); version 3 a case's officers, anchorings,
 * attachments (their content optional), meeting date and who agreed to
 * one-stage processing when.  An older document is read with what it
 * lacks unset */
#define FORMAT_VERSION 3

/* How often long loops look at the cancellable and report progress */
#define CHECK_EVERY 256

typedef void (*ProgressFunc) (double   fraction,
                              gpointer user_data);

static inline double
_kon_exchange_elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

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
