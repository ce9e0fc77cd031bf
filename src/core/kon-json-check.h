/* kon-json-check.h: a bounded, strict check of a JSON document before JsonParser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KON_JSON_CHECK_ERROR (kon_json_check_error_quark ())

/**
 * KonJsonCheckError:
 * @KON_JSON_CHECK_ERROR_TOO_BIG: the document is larger than the limit
 * @KON_JSON_CHECK_ERROR_TOO_DEEP: arrays and objects nest deeper than the limit
 * @KON_JSON_CHECK_ERROR_SYNTAX: not RFC 8259 JSON (single quotes, comments,
 *   hex or octal numbers, a leading +, NaN or Infinity, trailing commas,
 *   control characters in strings, invalid escapes, …)
 * @KON_JSON_CHECK_ERROR_DUPLICATE_KEY: a key appears twice in one object
 * @KON_JSON_CHECK_ERROR_NOT_UTF8: the document is not valid UTF-8
 */
typedef enum
{
  KON_JSON_CHECK_ERROR_TOO_BIG,
  KON_JSON_CHECK_ERROR_TOO_DEEP,
  KON_JSON_CHECK_ERROR_SYNTAX,
  KON_JSON_CHECK_ERROR_DUPLICATE_KEY,
  KON_JSON_CHECK_ERROR_NOT_UTF8,
} KonJsonCheckError;

/**
 * KonJsonCheckPosition:
 * @offset: the byte offset of the refused place in the data
 * @line: its line, from 1 (0 when the error has no place: TOO_BIG)
 * @column: its column, from 1, counting characters, not bytes
 * @path: (nullable): the JSON path of the value or key there,
 *   as `$.persons[3].name`
 *
 * Where kon_json_check() refused a document.  The error message says the
 * same in words; this is for callers that show or test it otherwise.
 * Free @path with kon_json_check_position_clear().
 */
typedef struct
{
  gsize  offset;
  gsize  line;
  gsize  column;
  char  *path;
} KonJsonCheckPosition;

/**
 * KonJsonSpan:
 * @offset: where a value or key starts in the data, in bytes
 * @length: its length in bytes, as written (a key without its quotes)
 */
typedef struct
{
  gsize offset;
  gsize length;
} KonJsonSpan;

/**
 * KonJsonMember:
 * @key: the member's key, unescaped
 * @key_span: the key as written
 * @value: the value as written
 * @elements: (nullable) (element-type KonJsonSpan): when the value is an
 *   array, where each of its elements is
 *
 * A member of the document's root object, as kon_json_check_members()
 * found it.
 */
typedef struct
{
  char        *key;
  KonJsonSpan  key_span;
  KonJsonSpan  value;
  GArray      *elements;
} KonJsonMember;

GQuark   kon_json_check_error_quark     (void);

gboolean kon_json_check                 (const char           *data,
                                         gsize                 length,
                                         gsize                 max_length,
                                         guint                 max_depth,
                                         KonJsonCheckPosition *out_position,
                                         GError              **error);

gboolean kon_json_check_members         (const char           *data,
                                         gsize                 length,
                                         gsize                 max_length,
                                         guint                 max_depth,
                                         GPtrArray           **out_members,
                                         KonJsonCheckPosition *out_position,
                                         GError              **error);

void     kon_json_check_position_clear  (KonJsonCheckPosition *position);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KonJsonCheckPosition, kon_json_check_position_clear)

G_END_DECLS
