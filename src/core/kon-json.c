/* kon-json.c: a small, strict JSON reader for the exchange
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-exchange.h"
#include "kon-json-private.h"

#define BLOCK_SIZE (256 * 1024)

typedef struct _Block Block;

struct _Block
{
  Block *next;
  gsize  used;
  gsize  size;
  /* data follows, 16-aligned */
};

struct _KonJsonDoc
{
  Block        *blocks;
  KonJsonValue  root;
};

typedef struct
{
  KonJsonDoc  *doc;
  const char  *data;
  const char  *p;
  const char  *end;
  int          max_depth;
  GArray     **elements;     /* per depth: the elements of the array being read */
  GArray     **members;      /* per depth: the members of the object being read */
  GError     **error;

  /* The keys read so far, each kept once: the many objects of a document
   * share a few keys, and a key that appears twice in an object is the
   * same pointer (open addressing, power of two) */
  const char **keys;
  guint        keys_size;
  guint        n_keys;
} Parser;

/* Arena */

static gpointer
arena_alloc (KonJsonDoc *doc,
             gsize       size)
{
  Block *block = doc->blocks;
  gsize header = (sizeof (Block) + 15) & ~(gsize) 15;

  size = (size + 15) & ~(gsize) 15;

  if (block == NULL || block->used + size > block->size)
    {
      gsize block_size = MAX (BLOCK_SIZE, size + header);

      block = g_malloc (block_size);
      block->next = doc->blocks;
      block->used = header;
      block->size = block_size;
      doc->blocks = block;
    }

  block->used += size;

  return (char *) block + block->used - size;
}

static char *
arena_strndup (KonJsonDoc *doc,
               const char *text,
               gsize       len)
{
  char *copy = arena_alloc (doc, len + 1);

  memcpy (copy, text, len);
  copy[len] = '\0';

  return copy;
}

/* Keys */

static guint
key_hash (const char *text,
          gsize       len)
{
  guint hash = 2166136261u;

  for (gsize i = 0; i < len; i++)
    hash = (hash ^ (guchar) text[i]) * 16777619u;

  return hash;
}

static void
keys_grow (Parser *parser)
{
  const char **old = parser->keys;
  guint old_size = parser->keys_size;

  parser->keys_size = old_size == 0 ? 64 : 2 * old_size;
  parser->keys = g_new0 (const char *, parser->keys_size);

  for (guint i = 0; i < old_size; i++)
    if (old[i] != NULL)
      {
        guint j = key_hash (old[i], strlen (old[i])) & (parser->keys_size - 1);

        while (parser->keys[j] != NULL)
          j = (j + 1) & (parser->keys_size - 1);
        parser->keys[j] = old[i];
      }

  g_free (old);
}

/* The one copy of the key @text (@len bytes, no NUL) */
static const char *
intern_key (Parser     *parser,
            const char *text,
            gsize       len)
{
  guint i;

  if (2 * (parser->n_keys + 1) > parser->keys_size)
    keys_grow (parser);

  i = key_hash (text, len) & (parser->keys_size - 1);
  while (parser->keys[i] != NULL)
    {
      if (strncmp (parser->keys[i], text, len) == 0 && parser->keys[i][len] == '\0')
        return parser->keys[i];
      i = (i + 1) & (parser->keys_size - 1);
    }

  parser->keys[i] = arena_strndup (parser->doc, text, len);
  parser->n_keys++;

  return parser->keys[i];
}

/* Errors */

static void
parse_error (Parser     *parser,
             const char *at,
             int         code,
             const char *detail)
{
  guint line = 1;
  const char *line_start = parser->data;

  if (parser->error == NULL || *parser->error != NULL)
    return;

  for (const char *q = parser->data; q < at; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }

  g_set_error (parser->error, KON_EXCHANGE_ERROR, code,
               /* TRANSLATORS: the last %s says what is wrong: "expected “,” or “}”" */
               _("The file is not valid JSON: at line %u, column %u: %s."),
               line, (guint) g_utf8_strlen (line_start, at - line_start) + 1, detail);
}

#define FAIL(parser, at, detail) \
  G_STMT_START { parse_error ((parser), (at), KON_EXCHANGE_ERROR_SYNTAX, (detail)); return FALSE; } G_STMT_END

/* Reading */

static void
skip_space (Parser *parser)
{
  while (parser->p < parser->end &&
         (*parser->p == ' ' || *parser->p == '\n' || *parser->p == '\r' || *parser->p == '\t'))
    parser->p++;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser   *parser,
           gunichar *out)
{
  gunichar value = 0;

  if (parser->end - parser->p < 4)
    FAIL (parser, parser->p, _("a \\u escape needs four hexadecimal digits"));

  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (parser->p[i]);

      if (digit < 0)
        FAIL (parser, parser->p, _("a \\u escape needs four hexadecimal digits"));
      value = value * 16 + (gunichar) digit;
    }

  parser->p += 4;
  *out = value;

  return TRUE;
}

/* At the opening quote; @is_key: the one copy of it (intern_key()) */
static gboolean
read_string (Parser      *parser,
             gboolean     is_key,
             const char **out)
{
  const char *start = ++parser->p;
  GString *decoded = NULL;

  /* The common case: no escapes, one copy */
  while (parser->p < parser->end)
    {
      guchar c = (guchar) *parser->p;

      if (c == '"')
        {
          *out = is_key ? intern_key (parser, start, parser->p - start)
                        : arena_strndup (parser->doc, start, parser->p - start);
          parser->p++;
          return TRUE;
        }
      if (c == '\\')
        break;
      if (c < 0x20)
        FAIL (parser, parser->p, _("a control character in a text (write it as an escape, such as \\n)"));
      parser->p++;
    }

  if (parser->p >= parser->end)
    FAIL (parser, start - 1, _("a text is not closed (its ending “\"” is missing)"));

  decoded = g_string_new_len (start, parser->p - start);

  while (parser->p < parser->end)
    {
      guchar c = (guchar) *parser->p;

      if (c == '"')
        {
          *out = is_key ? intern_key (parser, decoded->str, decoded->len)
                        : arena_strndup (parser->doc, decoded->str, decoded->len);
          g_string_free (decoded, TRUE);
          parser->p++;
          return TRUE;
        }

      if (c < 0x20)
        {
          g_string_free (decoded, TRUE);
          FAIL (parser, parser->p, _("a control character in a text (write it as an escape, such as \\n)"));
        }

      if (c != '\\')
        {
          g_string_append_c (decoded, (char) c);
          parser->p++;
          continue;
        }

      if (parser->p + 1 >= parser->end)
        break;

      parser->p += 2;
      switch (parser->p[-1])
        {
        case '"': g_string_append_c (decoded, '"'); break;
        case '\\': g_string_append_c (decoded, '\\'); break;
        case '/': g_string_append_c (decoded, '/'); break;
        case 'b': g_string_append_c (decoded, '\b'); break;
        case 'f': g_string_append_c (decoded, '\f'); break;
        case 'n': g_string_append_c (decoded, '\n'); break;
        case 'r': g_string_append_c (decoded, '\r'); break;
        case 't': g_string_append_c (decoded, '\t'); break;
        case 'u':
          {
            const char *escape = parser->p - 2;
            gunichar unit = 0;
            gunichar low = 0;

            if (!read_hex4 (parser, &unit))
              {
                g_string_free (decoded, TRUE);
                return FALSE;
              }

            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                if (parser->end - parser->p < 6 || parser->p[0] != '\\' || parser->p[1] != 'u')
                  {
                    g_string_free (decoded, TRUE);
                    FAIL (parser, escape, _("half of a UTF-16 surrogate pair"));
                  }
                parser->p += 2;
                if (!read_hex4 (parser, &low))
                  {
                    g_string_free (decoded, TRUE);
                    return FALSE;
                  }
                if (low < 0xdc00 || low > 0xdfff)
                  {
                    g_string_free (decoded, TRUE);
                    FAIL (parser, escape, _("half of a UTF-16 surrogate pair"));
                  }
                unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (unit >= 0xdc00 && unit <= 0xdfff)
              {
                g_string_free (decoded, TRUE);
                FAIL (parser, escape, _("half of a UTF-16 surrogate pair"));
              }
            else if (unit == 0)
              {
                g_string_free (decoded, TRUE);
                FAIL (parser, escape, _("a text holds the character U+0000"));
              }

            g_string_append_unichar (decoded, unit);
          }
          break;
        default:
          g_string_free (decoded, TRUE);
          FAIL (parser, parser->p - 2, _("an unknown escape in a text"));
        }
    }

  g_string_free (decoded, TRUE);
  FAIL (parser, start - 1, _("a text is not closed (its ending “\"” is missing)"));
}

static gboolean
read_number (Parser       *parser,
             KonJsonValue *out)
{
  const char *start = parser->p;
  const char *p = parser->p;
  gboolean whole = TRUE;
  char buffer[64];

  if (p < parser->end && *p == '-')
    p++;

  if (p < parser->end && *p == '0')
    p++;
  else if (p < parser->end && *p >= '1' && *p <= '9')
    while (p < parser->end && g_ascii_isdigit (*p))
      p++;
  else
    FAIL (parser, start, _("a number is not written right"));

  if (p < parser->end && *p == '.')
    {
      whole = FALSE;
      p++;
      if (p >= parser->end || !g_ascii_isdigit (*p))
        FAIL (parser, start, _("a number is not written right"));
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < parser->end && (*p == 'e' || *p == 'E'))
    {
      whole = FALSE;
      p++;
      if (p < parser->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= parser->end || !g_ascii_isdigit (*p))
        FAIL (parser, start, _("a number is not written right"));
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
    }

  if ((gsize) (p - start) >= sizeof buffer)
    {
      /* Longer than any number the format holds: a number all the same */
      out->type = KON_JSON_DOUBLE;
      out->number = 0;
      parser->p = p;
      return TRUE;
    }

  memcpy (buffer, start, p - start);
  buffer[p - start] = '\0';
  parser->p = p;

  if (whole)
    {
      gint64 value;

      if (g_ascii_string_to_signed (buffer, 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          out->type = KON_JSON_INT;
          out->integer = value;
          return TRUE;
        }
    }

  out->type = KON_JSON_DOUBLE;
  out->number = g_ascii_strtod (buffer, NULL);

  return TRUE;
}

static gboolean
read_literal (Parser     *parser,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (parser->end - parser->p) < len || memcmp (parser->p, word, len) != 0)
    FAIL (parser, parser->p, _("expected a value (text in quotes, a number, true, false, "
                               "null, a list or an object)"));

  parser->p += len;

  return TRUE;
}

static gboolean read_value (Parser       *parser,
                            KonJsonValue *out,
                            int           depth);

/* One array or object is being read at each depth at a time */
static GArray *
scratch_for (GArray **scratch,
             int      depth,
             gsize    element_size)
{
  if (scratch[depth] == NULL)
    scratch[depth] = g_array_new (FALSE, FALSE, element_size);

  g_array_set_size (scratch[depth], 0);

  return scratch[depth];
}

static gboolean
read_array (Parser       *parser,
            KonJsonValue *out,
            int           depth)
{
  GArray *elements;

  parser->p++;
  skip_space (parser);

  out->type = KON_JSON_ARRAY;
  out->n = 0;
  out->elements = NULL;

  if (parser->p < parser->end && *parser->p == ']')
    {
      parser->p++;
      return TRUE;
    }

  for (;;)
    {
      KonJsonValue element;

      if (!read_value (parser, &element, depth + 1))
        return FALSE;

      /* Read after the element: its own reading reused deeper scratch */
      elements = out->n == 0 ? scratch_for (parser->elements, depth, sizeof (KonJsonValue))
                             : parser->elements[depth];
      g_array_append_val (elements, element);
      out->n++;

      skip_space (parser);
      if (parser->p >= parser->end)
        FAIL (parser, parser->p, _("the file ends too early"));
      if (*parser->p == ']')
        {
          parser->p++;
          break;
        }
      if (*parser->p != ',')
        FAIL (parser, parser->p, _("expected “,” or “]”"));
      parser->p++;
    }

  out->elements = arena_alloc (parser->doc, out->n * sizeof (KonJsonValue));
  memcpy (out->elements, elements->data, out->n * sizeof (KonJsonValue));

  return TRUE;
}

static gboolean
read_object (Parser       *parser,
             KonJsonValue *out,
             int           depth)
{
  GArray *members = NULL;

  parser->p++;
  skip_space (parser);

  out->type = KON_JSON_OBJECT;
  out->n = 0;
  out->members = NULL;

  if (parser->p < parser->end && *parser->p == '}')
    {
      parser->p++;
      return TRUE;
    }

  for (;;)
    {
      KonJsonMember member;
      const char *key_start;

      skip_space (parser);
      if (parser->p >= parser->end)
        FAIL (parser, parser->p, _("the file ends too early"));
      if (*parser->p != '"')
        FAIL (parser, parser->p, _("expected a key in quotes"));

      key_start = parser->p;
      if (!read_string (parser, TRUE, &member.key))
        return FALSE;

      skip_space (parser);
      if (parser->p >= parser->end || *parser->p != ':')
        FAIL (parser, parser->p, _("expected “:”"));
      parser->p++;

      if (!read_value (parser, &member.value, depth + 1))
        return FALSE;

      members = out->n == 0 ? scratch_for (parser->members, depth, sizeof (KonJsonMember))
                            : parser->members[depth];

      /* Keys are interned: the same key is the same pointer */
      for (guint i = 0; i < members->len; i++)
        if (g_array_index (members, KonJsonMember, i).key == member.key)
          {
            g_autofree char *detail = g_strdup_printf (_("the key “%s” appears twice in one object"),
                                                       member.key);
            parse_error (parser, key_start, KON_EXCHANGE_ERROR_SYNTAX, detail);
            return FALSE;
          }

      g_array_append_val (members, member);
      out->n++;

      skip_space (parser);
      if (parser->p >= parser->end)
        FAIL (parser, parser->p, _("the file ends too early"));
      if (*parser->p == '}')
        {
          parser->p++;
          break;
        }
      if (*parser->p != ',')
        FAIL (parser, parser->p, _("expected “,” or “}”"));
      parser->p++;
    }

  out->members = arena_alloc (parser->doc, out->n * sizeof (KonJsonMember));
  memcpy (out->members, members->data, out->n * sizeof (KonJsonMember));

  return TRUE;
}

static gboolean
read_value (Parser       *parser,
            KonJsonValue *out,
            int           depth)
{
  skip_space (parser);

  if (parser->p >= parser->end)
    FAIL (parser, parser->p, _("the file ends too early"));

  switch (*parser->p)
    {
    case '{':
    case '[':
      if (depth >= parser->max_depth)
        {
          g_autofree char *detail = g_strdup_printf (_("lists and objects are nested more than %d deep"),
                                                     parser->max_depth);
          parse_error (parser, parser->p, KON_EXCHANGE_ERROR_NOT_EXCHANGE, detail);
          return FALSE;
        }
      return *parser->p == '{' ? read_object (parser, out, depth) : read_array (parser, out, depth);

    case '"':
      out->type = KON_JSON_STRING;
      out->n = 0;
      return read_string (parser, FALSE, &out->string);

    case 't':
      out->type = KON_JSON_BOOL;
      out->boolean = TRUE;
      return read_literal (parser, "true");

    case 'f':
      out->type = KON_JSON_BOOL;
      out->boolean = FALSE;
      return read_literal (parser, "false");

    case 'n':
      out->type = KON_JSON_NULL;
      return read_literal (parser, "null");

    default:
      if (*parser->p == '-' || g_ascii_isdigit (*parser->p))
        return read_number (parser, out);
      FAIL (parser, parser->p, _("expected a value (text in quotes, a number, true, false, "
                                 "null, a list or an object)"));
    }
}

/* Public (private) API */

KonJsonDoc *
_kon_json_parse (const char  *data,
                 gsize        size,
                 int          max_depth,
                 GError     **error)
{
  g_autoptr(KonJsonDoc) doc = g_new0 (KonJsonDoc, 1);
  Parser parser = { doc, data, data, data + size, max_depth, NULL, NULL, error };
  gboolean ok;

  parser.elements = g_new0 (GArray *, max_depth + 2);
  parser.members = g_new0 (GArray *, max_depth + 2);

  ok = read_value (&parser, &doc->root, 0);
  if (ok)
    {
      skip_space (&parser);
      if (parser.p < parser.end)
        {
          parse_error (&parser, parser.p, KON_EXCHANGE_ERROR_SYNTAX,
                       _("there is more after the end of the document"));
          ok = FALSE;
        }
    }

  for (int i = 0; i < max_depth + 2; i++)
    {
      if (parser.elements[i] != NULL)
        g_array_unref (parser.elements[i]);
      if (parser.members[i] != NULL)
        g_array_unref (parser.members[i]);
    }
  g_free (parser.elements);
  g_free (parser.members);
  g_free (parser.keys);

  if (!ok)
    return NULL;

  return g_steal_pointer (&doc);
}

const KonJsonValue *
_kon_json_doc_get_root (KonJsonDoc *doc)
{
  return &doc->root;
}

void
_kon_json_doc_free (KonJsonDoc *doc)
{
  Block *block;

  if (doc == NULL)
    return;

  block = doc->blocks;
  while (block != NULL)
    {
      Block *next = block->next;
      g_free (block);
      block = next;
    }

  g_free (doc);
}

const KonJsonValue *
_kon_json_get_member (const KonJsonValue *object,
                      const char         *key)
{
  if (object == NULL || object->type != KON_JSON_OBJECT)
    return NULL;

  for (guint i = 0; i < object->n; i++)
    if (strcmp (object->members[i].key, key) == 0)
      return &object->members[i].value;

  return NULL;
}
