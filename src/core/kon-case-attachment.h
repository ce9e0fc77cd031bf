/* kon-case-attachment.h: a file attached to a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row says what the file is: its name, size, SHA-256 and type.  Its
 * content is copied into the store, kept once per SHA-256
 * (kon_store_put_content()), so it is there wherever the database goes
 * and does not change when the file it came from does.
 * kon-cases.h adds and opens attachments.
 */

#pragma once

#include "kon-table.h"

G_BEGIN_DECLS

/* The largest file a case takes: 50 MB (a scanned document is a few), as
 * g_format_size () writes it: "50.0 MB" */
#define KON_CASE_ATTACHMENT_MAX_SIZE (50 * 1000 * 1000)

typedef struct
{
  KON_ROW_HEADER;
  char  *case_uuid;
  char  *name;         /* the file's name, as it was chosen */
  int    size;         /* bytes */
  char  *sha256;       /* 64 lowercase hex digits */
  char  *media_type;   /* nullable: "application/pdf" */
  GDate  added;
} KonCaseAttachment;

#define KON_TYPE_CASE_ATTACHMENT (kon_case_attachment_get_type ())

KON_DECLARE_ROW_TYPE (KonCaseAttachment, kon_case_attachment)

extern const KonTable kon_case_attachment_table;

/* TRUE when @text is 64 lowercase hex digits */
gboolean kon_case_attachment_is_sha256 (const char *text);

G_END_DECLS
