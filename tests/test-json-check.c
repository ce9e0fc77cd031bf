/* test-json-check.c: the strict, bounded check that runs before JsonParser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per input: the input, whether it passes or which error refuses
 * it, and where (line and column from 1, counting characters; the JSON
 * path).  Every input that passes must also be read by JsonParser, so the
 * check never lets through what the import cannot parse.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "kon-json-check.h"

#define MAX_LENGTH (1024 * 1024)
#define MAX_DEPTH  16

#define OK (-1)

/* Seventeen keys: more than an object checked by comparing each key with
 * the ones before it (SMALL_OBJECT in kon-json-check.c) */
#define KEYS_17 \
  "\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8," \
  "\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16"

typedef struct
{
  const char *name;
  const char *input;
  gssize      length;      /* -1: up to the nul */
  int         code;        /* OK or a KonJsonCheckError */
  gsize       line;
  gsize       column;
  const char *path;        /* NULL: not checked */
  gsize       max_length;  /* 0: MAX_LENGTH */
} Row;

static const Row rows[] = {
  /* What passes */
  { "empty object", "{}", -1, OK },
  { "empty array", "[]", -1, OK },
  { "empty object in whitespace", " \t\r\n{ \n }\n", -1, OK },
  { "nested", "{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false,\"e\":{}}", -1, OK },
  { "a number alone", "42", -1, OK },
  { "a string alone", "\"x\"", -1, OK },
  { "null alone", " null ", -1, OK },
  { "numbers", "[-0, 0, 1e-7, -1.5E+10, 123, 0.5, 1E5, 10e-0]", -1, OK },
  { "every short escape", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", -1, OK },
  { "unicode escape", "[\"Bod\\u00f8\", \"\\u00F8\"]", -1, OK },
  { "surrogate pair", "[\"\\ud83d\\ude00\"]", -1, OK },
  { "escaped nul", "[\"a\\u0000b\"]", -1, OK },
  { "ø as UTF-8", "{\"navn\":\"Bodø og Tromsø\"}", -1, OK },
  { "four-byte UTF-8", "[\"😀\"]", -1, OK },
  { "byte order mark skipped", "\xef\xbb\xbf{\"a\":1}", -1, OK },
  { "keys differing in case", "{\"a\":1,\"A\":1}", -1, OK },
  { "same key in sibling objects", "{\"a\":{\"a\":1},\"b\":{\"a\":2,\"b\":3}}", -1, OK },
  { "keys differing after a nul escape", "{\"a\\u0000b\":1,\"a\\u0000c\":2}", -1, OK },
  { "seventeen keys (a hash set)", "{" KEYS_17 "}", -1, OK },
  { "seventeen keys, nested objects between them",
    "{\"a\":{\"a\":{" KEYS_17 "},\"b\":{" KEYS_17 "}}," KEYS_17 ",\"b\":{" KEYS_17 "}}", -1, OK },
  { "exactly at the size limit", "[1,2,3]", -1, OK, 0, 0, NULL, 7 },

  /* TOO_BIG: no place */
  { "over the size limit", "[1,2,3]", -1, KON_JSON_CHECK_ERROR_TOO_BIG, 0, 0, NULL, 6 },

  /* SYNTAX */
  { "empty", "", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 1, "$" },
  { "only whitespace", "  \n  ", -1, KON_JSON_CHECK_ERROR_SYNTAX, 2, 3, "$" },
  { "single-quoted key", "{'a':1}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$" },
  { "single-quoted value", "{\"a\":'x'}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 6, "$.a" },
  { "single-quoted element", "[1,'a']", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$[1]" },
  { "line comment", "{\"a\":1 // note\n}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 8, "$.a" },
  { "block comment", "[1,/* note */2]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$[1]" },
  { "comment before the document", "/* x */ {}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 1, "$" },
  { "comment after the document", "{}\n// x", -1, KON_JSON_CHECK_ERROR_SYNTAX, 2, 1, "$" },
  { "hexadecimal number", "[0x1F]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "negative hexadecimal", "[-0x1]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "octal number", "{\"n\":017}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 6, "$.n" },
  { "leading plus", "[+1]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "NaN", "[NaN]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "Infinity", "[1,Infinity]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$[1]" },
  { "minus Infinity", "[-Infinity]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "decimal point without digits", "[1.]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "decimal point first", "[.5]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "exponent without digits", "[1e]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "minus alone", "[-]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "two decimal points", "[1.5.3]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 5, "$[0]" },
  { "trailing comma in an array", "[1,2,]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 5, "$[2]" },
  { "trailing comma in an object", "{\"a\":1,}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 7, "$" },
  { "trailing comma on its own line", "{\n  \"a\": [\n    1,\n  ]\n}", -1,
    KON_JSON_CHECK_ERROR_SYNTAX, 3, 6, "$.a[1]" },
  { "comma alone", "[,]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "two commas", "[1,,2]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$[1]" },
  { "tab inside a string", "[\"a\tb\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$[0]" },
  { "line break inside a string", "{\"a\":\"x\ny\"}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 8, "$.a" },
  { "nul inside a string", "[\"a\0b\"]", 7, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$[0]" },
  { "nul after the document", "{}\0", 3, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$" },
  { "invalid escape", "[\"\\x41\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[0]" },
  { "escaped single quote", "[\"\\'\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[0]" },
  { "short unicode escape", "[\"\\u12\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[0]" },
  { "unicode escape, not hex", "[\"\\u12g4\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[0]" },
  { "lone high surrogate", "[\"\\ud800\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[0]" },
  { "high surrogate, then no low one", "[\"\\ud800\\u0041\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[0]" },
  { "lone low surrogate", "[\"ab\\udc00\"]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 5, "$[0]" },
  { "string never closed", "[\"abc", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "string ends in a backslash", "[\"abc\\", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "array never closed", "[1,2", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 5, "$[1]" },
  { "object never closed", "{\"a\":{\"b\":1}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 13, "$.a" },
  { "key without a value", "{\"a\"}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 5, "$.a" },
  { "colon without a value", "{\"a\":}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 6, "$.a" },
  { "key not a string", "{a:1}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$" },
  { "number as a key", "{1:1}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$" },
  { "missing comma", "[1 2]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$[0]" },
  { "wrong closer", "[1}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[0]" },
  { "a second document", "{} {}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 4, "$" },
  { "closer too many", "{\"a\":1}}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 8, "$" },
  { "literal misspelt", "[tru]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "literal capitalised", "[True]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 2, "$[0]" },
  { "literal run on", "[truex]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 6, "$[0]" },
  { "None", "{\"a\":None}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 6, "$.a" },
  { "two byte order marks", "\xef\xbb\xbf\xef\xbb\xbf{}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 1, "$" },
  { "columns count characters, not bytes", "{\"ø\":\"åæ\",'", -1,
    KON_JSON_CHECK_ERROR_SYNTAX, 1, 11, "$" },
  { "columns after a byte order mark", "\xef\xbb\xbf[1,]", -1, KON_JSON_CHECK_ERROR_SYNTAX, 1, 3, "$[1]" },
  { "line ends in CR LF", "{\r\n\"a\":1,\r\n\"b\":x}", -1, KON_JSON_CHECK_ERROR_SYNTAX, 3, 5, "$.b" },
  { "path of a non-identifier key", "{\"full name\":{\"a-b\":[1,2,'x']}}", -1,
    KON_JSON_CHECK_ERROR_SYNTAX, 1, 26, "$[\"full name\"][\"a-b\"][2]" },

  /* NOT_UTF8 */
  { "invalid byte in a string", "[\"\xff\"]", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$[0]" },
  { "Latin-1 ø in a string", "{\"navn\":\"Bod\xf8\"}", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 13, "$.navn" },
  { "overlong slash", "[\"\xc0\xaf\"]", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$[0]" },
  { "overlong three bytes", "[\"\xe0\x80\xaf\"]", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$[0]" },
  { "surrogate as UTF-8", "[\"\xed\xa0\x80\"]", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$[0]" },
  { "above U+10FFFF", "[\"\xf4\x90\x80\x80\"]", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$[0]" },
  { "sequence cut short by the quote", "[\"\xc3\"]", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$[0]" },
  { "sequence cut short by the end", "[\"\xe2\x82", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$[0]" },
  { "lone continuation byte", "[\"a\x80\"]", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 4, "$[0]" },
  { "invalid byte outside strings", "[1]\xff", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 4, "$" },
  { "invalid byte in a key", "{\"\xfe\":1}", -1, KON_JSON_CHECK_ERROR_NOT_UTF8, 1, 3, "$" },

  /* DUPLICATE_KEY: the place is the second key */
  { "duplicate key", "{\"a\":1,\"a\":2}", -1, KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 8, "$.a" },
  { "duplicate key on its own line", "{\n  \"a\": 1,\n  \"a\": 2\n}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 3, 3, "$.a" },
  { "duplicate key, escaped", "{\"a\":1,\"\\u0061\":2}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 8, "$[\"\\u0061\"]" },
  { "duplicate key, ø escaped and not", "{\"bodø\":1,\"bod\\u00f8\":2}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 11, "$[\"bod\\u00f8\"]" },
  { "duplicate key, surrogate pair and UTF-8", "{\"😀\":1,\"\\ud83d\\ude00\":2}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 8, NULL },
  { "duplicate key with different values", "{\"a\":{\"x\":1},\"b\":2,\"a\":[]}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 20, "$.a" },
  { "duplicate key in a person", "{\"persons\":[{\"name\":\"A\"},{\"name\":\"B\",\"name\":\"C\"}]}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 38, "$.persons[1].name" },
  { "duplicate key in a large object", "{" KEYS_17 ",\"k3\":3}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 135, "$.k3" },
  { "duplicate key in a large object, the second escaped", "{" KEYS_17 ",\"k\\u0031\\u0036\":0}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 135, "$[\"k\\u0031\\u0036\"]" },
  { "duplicate key in a large object, the first escaped", "{\"x\\u0079\":0," KEYS_17 ",\"xy\":1}", -1,
    KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 147, "$.xy" },
  { "duplicate key after a nested object closed",
    "{\"a\":{\"b\":1,\"c\":2},\"b\":1,\"a\":2}", -1, KON_JSON_CHECK_ERROR_DUPLICATE_KEY, 1, 26, "$.a" },
};

static const char *
code_name (int code)
{
  switch (code)
    {
    case OK: return "OK";
    case KON_JSON_CHECK_ERROR_TOO_BIG: return "TOO_BIG";
    case KON_JSON_CHECK_ERROR_TOO_DEEP: return "TOO_DEEP";
    case KON_JSON_CHECK_ERROR_SYNTAX: return "SYNTAX";
    case KON_JSON_CHECK_ERROR_DUPLICATE_KEY: return "DUPLICATE_KEY";
    case KON_JSON_CHECK_ERROR_NOT_UTF8: return "NOT_UTF8";
    default: return "?";
    }
}

/* Checks one input: the code, the place, and that a message says it */
static void
check_input (const char *name,
             const char *input,
             gsize       length,
             gsize       max_length,
             guint       max_depth,
             int         code,
             gsize       line,
             gsize       column,
             const char *path)
{
  g_auto(KonJsonCheckPosition) position = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int got;

  /* A copy of exactly length bytes: a read past the end is ASan's to see */
  g_autofree char *copy = g_memdup2 (input, length);

  ok = kon_json_check (length ? copy : "", length, max_length, max_depth, &position, &error);
  got = ok ? OK : error->code;

  if (got != code)
    g_error ("%s: expected %s, got %s (%s)", name, code_name (code), code_name (got),
             error ? error->message : "no error");
  g_assert_true (ok == (error == NULL));

  if (ok)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) parse_error = NULL;

      /* What passes the check, JsonParser reads */
      if (!json_parser_load_from_data (parser, copy, length, &parse_error))
        g_error ("%s: passed the check, but JsonParser says %s", name, parse_error->message);
      return;
    }

  g_assert_error (error, KON_JSON_CHECK_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  if (position.line != line || position.column != column)
    g_error ("%s: expected line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT
             ", got line %" G_GSIZE_FORMAT ", column %" G_GSIZE_FORMAT " (%s)",
             name, line, column, position.line, position.column, error->message);

  if (code == KON_JSON_CHECK_ERROR_TOO_BIG)
    {
      g_assert_null (position.path);
      return;
    }

  g_assert_nonnull (position.path);
  if (path != NULL)
    {
      g_autofree char *where = g_strdup_printf ("(%s)", path);

      if (g_strcmp0 (position.path, path) != 0)
        g_error ("%s: expected path %s, got %s (%s)", name, path, position.path, error->message);
      /* The message says where, too */
      if (strstr (error->message, where) == NULL)
        g_error ("%s: the message does not say %s: %s", name, where, error->message);
    }
  g_assert_cmpuint (position.offset, <=, length);
  g_test_message ("%s: %s", name, error->message);
}

/* Where the root's members and their arrays' elements are: each span is
 * exactly the value as written */
static void
test_members (void)
{
  static const char document[] =
    "\xef\xbb\xbf {\n"
    "  \"format\" : \"x\",\n"
    "  \"ro\\u006ces\" : [ { \"a\" : [1, [2]], \"b\" : \"]}\\\"\" } ,\n    7 ,\"s\", [] ],\n"
    "  \"empty\" : [],\n"
    "  \"one\" : {\"k\": null}\n"
    "}\n";
  static const struct
  {
    const char *key;
    const char *value;
    int         n_elements;   /* -1: not an array */
    const char *elements[4];
  } expected[] = {
    { "format", "\"x\"", -1, { NULL } },
    { "roles", "[ { \"a\" : [1, [2]], \"b\" : \"]}\\\"\" } ,\n    7 ,\"s\", [] ]", 4,
      { "{ \"a\" : [1, [2]], \"b\" : \"]}\\\"\" }", "7", "\"s\"", "[]" } },
    { "empty", "[]", 0, { NULL } },
    { "one", "{\"k\": null}", -1, { NULL } },
  };
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = sizeof document - 1;

  g_assert_true (kon_json_check_members (document, length, length, 8, &members, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (members);
  g_assert_cmpuint (members->len, ==, G_N_ELEMENTS (expected));

  for (guint m = 0; m < members->len; m++)
    {
      const KonJsonMember *member = members->pdata[m];
      g_autofree char *value = g_strndup (document + member->value.offset, member->value.length);

      g_assert_cmpstr (member->key, ==, expected[m].key);
      g_assert_cmpstr (value, ==, expected[m].value);
      if (expected[m].n_elements < 0)
        {
          g_assert_null (member->elements);
          continue;
        }
      g_assert_nonnull (member->elements);
      g_assert_cmpuint (member->elements->len, ==, expected[m].n_elements);
      for (guint e = 0; e < member->elements->len; e++)
        {
          const KonJsonSpan *span = &g_array_index (member->elements, KonJsonSpan, e);
          g_autofree char *element = g_strndup (document + span->offset, span->length);

          g_assert_cmpstr (element, ==, expected[m].elements[e]);
        }
    }
  /* The key as written, escapes and all */
  g_assert_cmpuint (((KonJsonMember *) members->pdata[1])->key_span.length, ==, strlen ("ro\\u006ces"));
  g_clear_pointer (&members, g_ptr_array_unref);

  /* Another root: no members; a refused document: none either */
  g_assert_true (kon_json_check_members ("[1, 2]", 6, 6, 8, &members, NULL, &error));
  g_assert_null (members);
  g_assert_true (kon_json_check_members (" 5 ", 3, 3, 8, &members, NULL, &error));
  g_assert_null (members);
  g_assert_false (kon_json_check_members ("{\"a\": [1,]}", 11, 11, 8, &members, NULL, &error));
  g_assert_error (error, KON_JSON_CHECK_ERROR, KON_JSON_CHECK_ERROR_SYNTAX);
  g_assert_null (members);
}

static void
test_rows (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *row = &rows[i];

      check_input (row->name, row->input,
                   row->length < 0 ? strlen (row->input) : (gsize) row->length,
                   row->max_length ? row->max_length : MAX_LENGTH, MAX_DEPTH,
                   row->code, row->line, row->column, row->path);
    }
}

/* n arrays (or objects, each under the key "a") one inside the other */
static char *
nested (guint    n,
        gboolean objects,
        gboolean closed)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (text, objects ? "{\"a\":" : "[");
  if (objects)
    g_string_append (text, "1");
  for (guint i = 0; closed && i < n; i++)
    g_string_append_c (text, objects ? '}' : ']');

  return g_string_free (text, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *arrays_allowed = nested (MAX_DEPTH, FALSE, TRUE);
  g_autofree char *objects_allowed = nested (MAX_DEPTH, TRUE, TRUE);
  g_autofree char *arrays_deep = nested (MAX_DEPTH + 1, FALSE, TRUE);
  g_autofree char *objects_deep = nested (MAX_DEPTH + 1, TRUE, TRUE);
  g_autofree char *arrays_path = NULL;
  g_autofree char *objects_path = NULL;
  GString *path;

  check_input ("arrays as deep as allowed", arrays_allowed, strlen (arrays_allowed),
               MAX_LENGTH, MAX_DEPTH, OK, 0, 0, NULL);
  check_input ("objects as deep as allowed", objects_allowed, strlen (objects_allowed),
               MAX_LENGTH, MAX_DEPTH, OK, 0, 0, NULL);

  path = g_string_new ("$");
  for (guint i = 0; i < MAX_DEPTH; i++)
    g_string_append (path, "[0]");
  arrays_path = g_string_free (path, FALSE);
  check_input ("arrays one deeper", arrays_deep, strlen (arrays_deep),
               MAX_LENGTH, MAX_DEPTH, KON_JSON_CHECK_ERROR_TOO_DEEP, 1, MAX_DEPTH + 1, arrays_path);

  path = g_string_new ("$");
  for (guint i = 0; i < MAX_DEPTH; i++)
    g_string_append (path, ".a");
  objects_path = g_string_free (path, FALSE);
  check_input ("objects one deeper", objects_deep, strlen (objects_deep),
               MAX_LENGTH, MAX_DEPTH, KON_JSON_CHECK_ERROR_TOO_DEEP, 1, 5 * MAX_DEPTH + 1, objects_path);

  check_input ("no nesting allowed", "[]", 2, MAX_LENGTH, 0,
               KON_JSON_CHECK_ERROR_TOO_DEEP, 1, 1, "$");
  check_input ("no nesting allowed, a scalar", "1", 1, MAX_LENGTH, 0, OK, 0, 0, NULL);
}

/* json-glib 1.6 overflows its stack on this; the check refuses it at the
 * limit, having kept no more than the limit's worth of state */
static void
test_very_deep (void)
{
  const guint n = 100000;
  g_autofree char *open_only = nested (n, FALSE, FALSE);
  g_autofree char *arrays = nested (n, FALSE, TRUE);
  g_autofree char *objects = nested (n, TRUE, TRUE);

  check_input ("100,000 [", open_only, n, MAX_LENGTH, 64,
               KON_JSON_CHECK_ERROR_TOO_DEEP, 1, 65, NULL);
  check_input ("100,000 nested arrays", arrays, 2 * n, MAX_LENGTH, 64,
               KON_JSON_CHECK_ERROR_TOO_DEEP, 1, 65, NULL);
  check_input ("100,000 nested objects", objects, strlen (objects), 8 * MAX_LENGTH, 64,
               KON_JSON_CHECK_ERROR_TOO_DEEP, 1, 5 * 64 + 1, NULL);
  /* Without a depth limit worth the name it still does not recurse (and
   * JsonParser must not be asked: it would overflow its stack) */
  g_assert_true (kon_json_check (arrays, 2 * n, MAX_LENGTH, G_MAXUINT, NULL, NULL));
  arrays[n] = '}';
  g_assert_false (kon_json_check (arrays, 2 * n, MAX_LENGTH, G_MAXUINT, NULL, NULL));
}

/* An object with many keys (the hash set), one of them twice far apart */
static void
test_many_keys (void)
{
  GString *text = g_string_new ("{");
  g_autofree char *document = NULL;
  g_auto(KonJsonCheckPosition) position = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "%s\"key %u\":%u", i ? "," : "", i, i);
  g_string_append (text, "}");
  g_assert_true (kon_json_check (text->str, text->len, 8 * MAX_LENGTH, MAX_DEPTH, NULL, &error));
  g_assert_no_error (error);

  g_string_truncate (text, text->len - 1);
  g_string_append (text, ",\"key 7\":0}");
  document = g_string_free (text, FALSE);
  g_assert_false (kon_json_check (document, strlen (document), 8 * MAX_LENGTH, MAX_DEPTH, &position, &error));
  g_assert_error (error, KON_JSON_CHECK_ERROR, KON_JSON_CHECK_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (position.path, ==, "$[\"key 7\"]");
  g_assert_cmpuint (position.offset, ==, strlen (document) - strlen ("\"key 7\":0}"));
}

/* The shipped templates are what export writes: every one passes */
static void
test_templates (void)
{
  const char *source_root = g_getenv ("MESON_SOURCE_ROOT");
  g_autofree char *directory = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  if (source_root == NULL)
    {
      g_test_skip ("MESON_SOURCE_ROOT is not set");
      return;
    }

  directory = g_build_filename (source_root, "data", "templates", NULL);
  dir = g_dir_open (directory, 0, NULL);
  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (directory, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      check_input (name, contents, length, 64 * MAX_LENGTH, MAX_DEPTH, OK, 0, 0, NULL);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* Every prefix of a valid document is refused without reading past it */
static void
test_prefixes (void)
{
  const char *document =
    "{\"persons\":[{\"name\":\"Bodø\",\"n\":-1.5e+3,\"ok\":true,\"x\":null,"
    "\"s\":\"\\ud83d\\ude00\\n\"}],\"e\":{},\"f\":false}";
  gsize length = strlen (document);

  for (gsize i = 0; i < length; i++)
    {
      g_autofree char *copy = g_memdup2 (document, i);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      ok = kon_json_check (i ? copy : "", i, MAX_LENGTH, MAX_DEPTH, NULL, &error);
      g_assert_false (ok);
      g_assert_nonnull (error);
      g_assert_true (error->code == KON_JSON_CHECK_ERROR_SYNTAX ||
                     error->code == KON_JSON_CHECK_ERROR_NOT_UTF8);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-check/rows", test_rows);
  g_test_add_func ("/json-check/members", test_members);
  g_test_add_func ("/json-check/depth", test_depth);
  g_test_add_func ("/json-check/very-deep", test_very_deep);
  g_test_add_func ("/json-check/many-keys", test_many_keys);
  g_test_add_func ("/json-check/templates", test_templates);
  g_test_add_func ("/json-check/prefixes", test_prefixes);

  return g_test_run ();
}
