/* kon-exchange.h: the whole database as one JSON document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is data/exchange-format.md (version 3), described by
 * data/konsensus-exchange.schema.json.  Export writes the keys in the
 * documented order, the arrays sorted by uuid, two-space indentation and a
 * final newline, so export → import into an empty database → export gives
 * the same bytes.
 *
 * Import validates the whole document before it writes anything, then
 * merges it by UUID in one transaction (all or nothing): a new row is
 * added, a row the file changed replaces the local one, unless the local
 * one was also changed since the last exchange: then the local row is kept
 * and the conflict is listed in the report.  Nothing is ever duplicated,
 * and nothing is deleted.
 *
 * The attachments' content, when the file has it ($.attachment_contents,
 * written by an export with KON_EXCHANGE_WITH_CONTENT), is decoded and
 * checked against its SHA-256 with the rest, before anything is written,
 * and kept in the same transaction when an attachment row of the
 * database names it after the merge; content no row names is left out.
 *
 * How a change is told apart from a conflict: every row keeps the hash of
 * its content when both desks last agreed on it (sync_hash: set by an
 * import that took or matched the file's version, and by the first export
 * of the row) and the hash as this desk last exported it (export_hash).
 * A file row equal to either is nothing new; a local row equal to the
 * agreed version may be replaced; anything else is a conflict.
 */

#pragma once

#include <gio/gio.h>

#include "kon-store.h"

G_BEGIN_DECLS

#define KON_EXCHANGE_ERROR (kon_exchange_error_quark ())

typedef enum
{
  KON_EXCHANGE_ERROR_FAILED,
  KON_EXCHANGE_ERROR_EMPTY,            /* an empty file */
  KON_EXCHANGE_ERROR_TOO_BIG,          /* larger than KON_EXCHANGE_MAX_SIZE (_WITH_CONTENT) */
  KON_EXCHANGE_ERROR_NOT_TEXT,         /* a binary file, not UTF-8 */
  KON_EXCHANGE_ERROR_SYNTAX,           /* not JSON: line and column in the message */
  KON_EXCHANGE_ERROR_NOT_EXCHANGE,     /* JSON, but not a Konsensus exchange document */
  KON_EXCHANGE_ERROR_NEWER_VERSION,    /* written by a newer Konsensus */
  KON_EXCHANGE_ERROR_INVALID,          /* a wrong type, a missing or unknown field: the JSON path */
  KON_EXCHANGE_ERROR_DUPLICATE,        /* a UUID used twice */
  KON_EXCHANGE_ERROR_MISSING_REFERENCE,/* a role naming a person that is not there, … */
  KON_EXCHANGE_ERROR_CYCLE,            /* bodies set up by each other */
  KON_EXCHANGE_ERROR_OTHER_COMMUNITY,  /* the file holds another community */
  KON_EXCHANGE_ERROR_READ,             /* the file could not be read */
  KON_EXCHANGE_ERROR_WRITE,            /* the file could not be written */
  KON_EXCHANGE_ERROR_READ_ONLY,        /* the folder or file is read-only */
  KON_EXCHANGE_ERROR_DISK_FULL,        /* no space left */
} KonExchangeError;

/* The largest document import reads: far above any community (the
 * benchmark's 72,000 rows are about 20 MB), small enough to refuse a wrong
 * file fast.  A document with the attachments' content
 * ($.attachment_contents) may be larger, up to
 * KON_EXCHANGE_MAX_SIZE_WITH_CONTENT: room for some 600 MB of files in
 * base64, and below 2 GiB, where json-glib 1.6 counts in ints.  Import
 * holds the document, json-glib's tree of it and the decoded content at
 * once: about three times the file in memory. */
#define KON_EXCHANGE_MAX_SIZE (128 * 1024 * 1024)
#define KON_EXCHANGE_MAX_SIZE_WITH_CONTENT (1024 * 1024 * 1024)

/* What an export holds beyond the rows.  KON_EXCHANGE_WITH_CONTENT: the
 * content of the files attached to the exported cases
 * ($.attachment_contents); without it an export holds their rows (name,
 * size, SHA-256) only, and a backup of the rows stays small. */
typedef enum
{
  KON_EXCHANGE_FLAGS_NONE    = 0,
  KON_EXCHANGE_WITH_CONTENT  = 1 << 0,
} KonExchangeFlags;

typedef enum
{
  KON_EXCHANGE_KIND_COMMUNITY,
  KON_EXCHANGE_KIND_PARTNER,
  KON_EXCHANGE_KIND_PERSON,
  KON_EXCHANGE_KIND_BODY,
  KON_EXCHANGE_KIND_SEAT,
  KON_EXCHANGE_KIND_ROLE,
  KON_EXCHANGE_KIND_CASE,
  KON_EXCHANGE_KIND_CASE_EVENT,
  KON_EXCHANGE_KIND_CASE_OFFICER,
  KON_EXCHANGE_KIND_CASE_ANCHORING,
  KON_EXCHANGE_KIND_CASE_ATTACHMENT,
  KON_EXCHANGE_N_KINDS,
} KonExchangeKind;

/* What an import did, per kind of row */
typedef struct
{
  guint       in_file[KON_EXCHANGE_N_KINDS];   /* rows of each kind in the file */
  guint       added[KON_EXCHANGE_N_KINDS];
  guint       updated[KON_EXCHANGE_N_KINDS];
  guint       unchanged[KON_EXCHANGE_N_KINDS]; /* equal, or changed only here */
  guint       conflicts[KON_EXCHANGE_N_KINDS]; /* changed here and in the file: kept here */
  guint       contents_in_file;                /* entries of $.attachment_contents */
  guint       contents_kept;                   /* of them, named by an attachment here */
  GPtrArray  *conflict_lines;                  /* translated strings, one per conflict */
} KonExchangeReport;

#define KON_TYPE_EXCHANGE_REPORT (kon_exchange_report_get_type ())

/* Called on the main context of the caller of an _async function */
typedef void (*KonExchangeProgressFunc) (double   fraction,
                                         gpointer user_data);

GQuark              kon_exchange_error_quark         (void);

GType               kon_exchange_report_get_type     (void) G_GNUC_CONST;
KonExchangeReport  *kon_exchange_report_copy         (const KonExchangeReport *report);
void                kon_exchange_report_free         (KonExchangeReport       *report);
/* The sum over all kinds of one of the report's arrays (report->added, …) */
guint               kon_exchange_report_count        (const KonExchangeReport *report,
                                                      const guint             *counts);
/* One translated line; @file_name (nullable): "Imported 21 partners,
 * 30 persons, 8 bodies and 40 roles from FILE (2 new, 3 updated,
 * 0 conflicts)." */
char               *kon_exchange_report_describe     (const KonExchangeReport *report,
                                                      const char              *file_name);
/* @counts: rows exported per kind (KON_EXCHANGE_N_KINDS, as filled in by
 * kon_exchange_export_file()): "Exported 21 partners, 30 persons,
 * 8 bodies and 40 roles to FILE." */
char               *kon_exchange_describe_export     (const guint             *counts,
                                                      const char              *file_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonExchangeReport, kon_exchange_report_free)

/* In the calling thread, on @store's connection */
GBytes             *kon_exchange_export              (KonStore                *store,
                                                      KonExchangeFlags         flags,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);
KonExchangeReport  *kon_exchange_import              (KonStore                *store,
                                                      GBytes                  *bytes,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);

/* Files: export writes atomically (a temporary file, then a rename);
 * import reads the file once, at most KON_EXCHANGE_MAX_SIZE_WITH_CONTENT
 * bytes (KON_EXCHANGE_MAX_SIZE without $.attachment_contents).
 * @out_counts (nullable): KON_EXCHANGE_N_KINDS counts of rows exported. */
gboolean            kon_exchange_export_file         (KonStore                *store,
                                                      GFile                   *file,
                                                      KonExchangeFlags         flags,
                                                      guint                   *out_counts,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);
KonExchangeReport  *kon_exchange_import_file         (KonStore                *store,
                                                      GFile                   *file,
                                                      GCancellable            *cancellable,
                                                      GError                 **error);

/* The same in a thread, on a second connection to @store's database.
 * @progress (nullable) is called on the caller's main context with the
 * fraction done, until @callback runs; @progress_data_destroy is called
 * when it is no longer needed.  @store emits KonStore::changed when an
 * import has changed it, before @callback runs.  A cancelled import
 * changes nothing; a cancelled export writes no file. */
void                kon_exchange_export_file_async   (KonStore                *store,
                                                      GFile                   *file,
                                                      KonExchangeFlags         flags,
                                                      GCancellable            *cancellable,
                                                      KonExchangeProgressFunc  progress,
                                                      gpointer                 progress_data,
                                                      GDestroyNotify           progress_data_destroy,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean            kon_exchange_export_file_finish  (KonStore                *store,
                                                      GAsyncResult            *result,
                                                      GError                 **error);
void                kon_exchange_import_file_async   (KonStore                *store,
                                                      GFile                   *file,
                                                      GCancellable            *cancellable,
                                                      KonExchangeProgressFunc  progress,
                                                      gpointer                 progress_data,
                                                      GDestroyNotify           progress_data_destroy,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
KonExchangeReport  *kon_exchange_import_file_finish  (KonStore                *store,
                                                      GAsyncResult            *result,
                                                      GError                 **error);

G_END_DECLS
