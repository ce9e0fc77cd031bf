/* kon-exchange-private.h: between the document and the files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "kon-exchange.h"
#include "kon-json-check.h"
#include "kon-table.h"

G_BEGIN_DECLS

#define FORMAT_NAME "konsensus-exchange"
/* Version 2 added seats, terms, chair rotation and cases (the fields and
 * tables whose `since` is 2); version 3 a case's officers, anchorings,
 * attachments (their content optional), meeting date and who agreed to
 * one-stage processing when.  An older document is read with what it
 * lacks unset */
#define FORMAT_VERSION 3

/* The attachments' content: optional, from version 3 */
#define CONTENTS_MEMBER "attachment_contents"
#define CONTENTS_SINCE 3

/* How often long loops look at the cancellable and report progress */
#define CHECK_EVERY 256

typedef void (*ProgressFunc) (double   fraction,
                              gpointer user_data);

static inline double
_kon_exchange_elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

/* kon-exchange-report.c: an empty report */
KonExchangeReport *_kon_exchange_report_new      (void);

/* In the calling thread, on @store's connection; @progress (nullable)
 * is called in that thread */
KonExchangeReport *_kon_exchange_import_data (KonStore      *store,
                                              const char    *data,
                                              gsize          size,
                                              GCancellable  *cancellable,
                                              ProgressFunc   progress,
                                              gpointer       progress_data,
                                              GError       **error);
GBytes            *_kon_exchange_export_data (KonStore         *store,
                                              KonExchangeFlags  flags,
                                              guint         *out_counts,
                                              GCancellable  *cancellable,
                                              ProgressFunc   progress,
                                              gpointer       progress_data,
                                              GError       **error);

/* KON_EXCHANGE_ERROR_TOO_BIG for a document of @size bytes, over
 * KON_EXCHANGE_MAX_SIZE_WITH_CONTENT when @with_content, else over
 * KON_EXCHANGE_MAX_SIZE */
void               _kon_exchange_set_too_big     (GError       **error,
                                                  guint64        size,
                                                  gboolean       with_content);

/* kon-exchange-rows.c: a document's rows, read in a worker thread (and
 * the calling thread) while the calling thread merges them */
typedef struct _KonExchangeRows KonExchangeRows;

char              *_kon_exchange_row_path        (const KonTable  *table,
                                                  guint            index);
KonExchangeRows   *_kon_exchange_rows_start      (const char      *data,
                                                  gsize            size,
                                                  GPtrArray       *members,
                                                  guint            version,
                                                  GCancellable    *cancellable,
                                                  GError         **error);
gboolean           _kon_exchange_rows_wait       (KonExchangeRows *self,
                                                  guint            t,
                                                  guint            index,
                                                  guint           *out_end,
                                                  GError         **error);
gboolean           _kon_exchange_rows_finish     (KonExchangeRows *self,
                                                  GError         **error);
GPtrArray         *_kon_exchange_rows_get        (KonExchangeRows *self,
                                                  guint            t);
const KonRowHash  *_kon_exchange_rows_get_hash   (KonExchangeRows *self,
                                                  guint            t,
                                                  guint            index);
void               _kon_exchange_rows_free       (KonExchangeRows *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonExchangeRows, _kon_exchange_rows_free)

/* kon-exchange-content.c: $.attachment_contents.  One file's content,
 * decoded and checked */
typedef struct
{
  char   *sha256;
  GBytes *content;
} KonExchangeContent;

void               _kon_exchange_content_free    (KonExchangeContent *content);

/* Import: @member (nullable: absent) read and checked, every entry's
 * content decoded and compared with its SHA-256; *@out_contents: a
 * GPtrArray of KonExchangeContent (empty when @member is NULL) */
gboolean           _kon_exchange_parse_contents  (JsonNode      *member,
                                                  GPtrArray    **out_contents,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
/* Import, in its transaction: the content that an attachment row of
 * @store names, put with kon_store_put_content(); *@out_kept: how many */
gboolean           _kon_exchange_put_contents    (KonStore      *store,
                                                  GPtrArray     *contents,
                                                  guint         *out_kept,
                                                  GError       **error);
/* Export, in its read transaction: the entry of $.attachment_contents for
 * @sha256; %NULL with @error set when it cannot be read, %NULL without
 * when @store has no such content, or content that does not match it */
JsonNode          *_kon_exchange_content_entry   (KonStore      *store,
                                                  const char    *sha256,
                                                  GError       **error);

G_END_DECLS
