/* kon-json-private.h: a small, strict JSON reader for the exchange
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib 1.6 takes seconds to build and free the tree of a 20 MB
 * document, and overflows the stack on deep nesting.  This reader builds
 * a read-only tree in one arena (freed at once), limits the nesting, and
 * refuses what RFC 8259 refuses, plus a key that appears twice in an
 * object and a text that holds U+0000.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KON_JSON_NULL,
  KON_JSON_BOOL,
  KON_JSON_INT,      /* a whole number that fits in 64 bits */
  KON_JSON_DOUBLE,   /* any other number */
  KON_JSON_STRING,
  KON_JSON_ARRAY,
  KON_JSON_OBJECT,
} KonJsonType;

typedef struct _KonJsonValue  KonJsonValue;
typedef struct _KonJsonMember KonJsonMember;
typedef struct _KonJsonDoc    KonJsonDoc;

struct _KonJsonValue
{
  KonJsonType  type;
  guint        n;             /* elements of an array, members of an object */
  union {
    gboolean        boolean;
    gint64          integer;
    double          number;
    const char     *string;   /* UTF-8, NUL-terminated */
    KonJsonValue   *elements;
    KonJsonMember  *members;
  };
};

struct _KonJsonMember
{
  const char   *key;
  KonJsonValue  value;
};

/* @data: UTF-8 without NUL bytes (the caller checks).  Errors are
 * KON_EXCHANGE_ERROR_SYNTAX (or _NOT_EXCHANGE for too deep nesting), with
 * the line and column. */
KonJsonDoc          *_kon_json_parse          (const char          *data,
                                               gsize                size,
                                               int                  max_depth,
                                               GError             **error);
const KonJsonValue  *_kon_json_doc_get_root   (KonJsonDoc          *doc);
void                 _kon_json_doc_free       (KonJsonDoc          *doc);

/* NULL when there is no such member (or @object is not an object) */
const KonJsonValue  *_kon_json_get_member     (const KonJsonValue  *object,
                                               const char          *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonJsonDoc, _kon_json_doc_free)

G_END_DECLS
