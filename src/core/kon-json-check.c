/* kon-json-check.c: a bounded, strict check of a JSON document before JsonParser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib 1.6's JsonParser recurses once per nesting level (a document of
 * 100,000 "[" overflows the stack) and accepts what is not JSON: single
 * quoted strings, comments, hexadecimal numbers, and duplicate keys, of
 * which it silently keeps the last.  kon_json_check () runs over the bytes
 * first, in one pass, without recursion and in memory bounded by the depth
 * limit and the number of keys of the open objects, and refuses:
 *
 *   - data longer than max_length                          (TOO_BIG)
 *   - more than max_depth arrays and objects open at once  (TOO_DEEP)
 *   - whatever RFC 8259 does not allow                     (SYNTAX)
 *   - a key written twice in one object, compared after
 *     unescaping ("a" and "\u0061" are the same key)       (DUPLICATE_KEY)
 *   - bytes that are not UTF-8 (RFC 3629: no overlong
 *     forms, no surrogates, nothing above U+10FFFF)        (NOT_UTF8)
 *
 * Choices where RFC 8259 leaves room:
 *   - A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 lets a
 *     parser ignore it; Windows Notepad writes one, and JsonParser 1.6
 *     skips it too).  Columns on line 1 count from after it.
 *   - A \u escape of a lone surrogate (\ud800 without a low surrogate
 *     after it, or a low surrogate alone) is refused: it is no character,
 *     cannot be written as UTF-8, and JsonParser 1.6 refuses it as well.
 *   - Any value may be the whole document (RFC 8259, not RFC 4627).
 *
 * An error says where, in its message and in a KonJsonCheckPosition: a line
 * and column from 1 (columns count characters, not bytes; lines end at
 * "\n") and the JSON path of the place ($.persons[3].name).  Lines and
 * columns are counted only when there is an error, by a second pass up to
 * the place, so the check itself looks at every byte once.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-json-check.h"

/* Objects with up to this many keys (the exchange's have at most 11) are
 * checked for duplicates by comparing each new key with the ones before
 * it; a larger object gets a hash set.  Either way a key costs a bounded
 * amount of work.  (At 8, every body took a hash set: 43 ms for 24 MB
 * instead of 29 ms.) */
#define SMALL_OBJECT 16

typedef enum
{
  FRAME_ARRAY,
  FRAME_OBJECT,
} FrameKind;

typedef struct
{
  FrameKind   kind;
  gboolean    has_key;     /* object: a key has been read since { or , */
  gsize       index;       /* array: the index of the current element */
  gsize       key_offset;  /* object: the current key, as written (no quotes) */
  gsize       key_length;
  guint       keys_start;  /* object: its first key in Checker.keys */
  guint       n_keys;
  guint       scratch_start;
  GHashTable *set;         /* object with more than SMALL_OBJECT keys: GBytes */
} Frame;

/* A key, unescaped: in the data itself when it has no escapes, else in
 * Checker.scratch */
typedef struct
{
  gsize    offset;
  gsize    length;
  gboolean in_scratch;
} KeyRef;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         start;    /* after a byte order mark */
  guint         max_depth;
  GArray       *frames;   /* Frame */
  GArray       *keys;     /* KeyRef of the open small objects */
  GByteArray   *scratch;  /* unescaped keys */
  GPtrArray    *members;  /* KonJsonMember of the root object, when asked */
  KonJsonCheckPosition error_at;   /* set by fail () */
} Checker;

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE,   /* after [ */
  EXPECT_KEY,
  EXPECT_KEY_OR_CLOSE,     /* after { */
  EXPECT_COLON,
  EXPECT_COMMA_OR_CLOSE,
  EXPECT_END,
} State;

G_DEFINE_QUARK (kon-json-check-error-quark, kon_json_check_error)

/* Bytes that need no second look inside a string: printable ASCII but the
 * quote and the backslash */
static const guint8 string_plain[256] = {
  [0x20] = 1, [0x21] = 1, /* 0x22 " */ [0x23] = 1, [0x24] = 1, [0x25] = 1, [0x26] = 1,
  [0x27] = 1, [0x28] = 1, [0x29] = 1, [0x2a] = 1, [0x2b] = 1, [0x2c] = 1, [0x2d] = 1,
  [0x2e] = 1, [0x2f] = 1, [0x30] = 1, [0x31] = 1, [0x32] = 1, [0x33] = 1, [0x34] = 1,
  [0x35] = 1, [0x36] = 1, [0x37] = 1, [0x38] = 1, [0x39] = 1, [0x3a] = 1, [0x3b] = 1,
  [0x3c] = 1, [0x3d] = 1, [0x3e] = 1, [0x3f] = 1, [0x40] = 1, [0x41] = 1, [0x42] = 1,
  [0x43] = 1, [0x44] = 1, [0x45] = 1, [0x46] = 1, [0x47] = 1, [0x48] = 1, [0x49] = 1,
  [0x4a] = 1, [0x4b] = 1, [0x4c] = 1, [0x4d] = 1, [0x4e] = 1, [0x4f] = 1, [0x50] = 1,
  [0x51] = 1, [0x52] = 1, [0x53] = 1, [0x54] = 1, [0x55] = 1, [0x56] = 1, [0x57] = 1,
  [0x58] = 1, [0x59] = 1, [0x5a] = 1, [0x5b] = 1, /* 0x5c \ */ [0x5d] = 1, [0x5e] = 1,
  [0x5f] = 1, [0x60] = 1, [0x61] = 1, [0x62] = 1, [0x63] = 1, [0x64] = 1, [0x65] = 1,
  [0x66] = 1, [0x67] = 1, [0x68] = 1, [0x69] = 1, [0x6a] = 1, [0x6b] = 1, [0x6c] = 1,
  [0x6d] = 1, [0x6e] = 1, [0x6f] = 1, [0x70] = 1, [0x71] = 1, [0x72] = 1, [0x73] = 1,
  [0x74] = 1, [0x75] = 1, [0x76] = 1, [0x77] = 1, [0x78] = 1, [0x79] = 1, [0x7a] = 1,
  [0x7b] = 1, [0x7c] = 1, [0x7d] = 1, [0x7e] = 1, [0x7f] = 1,
};

static inline gboolean
is_space (guchar c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline gboolean
is_digit (guchar c)
{
  return c >= '0' && c <= '9';
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The length of the UTF-8 sequence at p (RFC 3629), or 0 if it is none */
static gsize
utf8_sequence_length (const guchar *p,
                      gsize         available)
{
  guchar c = p[0];
  guchar lo = 0x80, hi = 0xbf;
  gsize n, i;

  if (c < 0x80)
    return 1;
  else if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      n = 3;
      if (c == 0xe0)
        lo = 0xa0;          /* overlong */
      else if (c == 0xed)
        hi = 0x9f;          /* surrogates */
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      n = 4;
      if (c == 0xf0)
        lo = 0x90;          /* overlong */
      else if (c == 0xf4)
        hi = 0x8f;          /* above U+10FFFF */
    }
  else
    return 0;

  if (available < n)
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (i = 2; i < n; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;

  return n;
}

/* The four hex digits at p as a code unit, or -1 */
static int
read_hex4 (const guchar *p,
           gsize         available)
{
  int value = 0;

  if (available < 4)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* ------------------------------------------------------------- where */

static void
count_line_column (const Checker *self,
                   gsize          offset,
                   gsize         *out_line,
                   gsize         *out_column)
{
  gsize line = 1, column = 1;

  for (gsize i = self->start; i < offset && i < self->length; i++)
    {
      guchar c = self->data[i];

      if (c == '\n')
        {
          line++;
          column = 1;
        }
      else if ((c & 0xc0) != 0x80)
        column++;
    }

  *out_line = line;
  *out_column = column;
}

static gboolean
key_is_identifier (const guchar *key,
                   gsize         length)
{
  if (length == 0 || is_digit (key[0]))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = key[i];

      if (!(c == '_' || c >= 0x80 || is_digit (c) ||
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        return FALSE;
    }

  return TRUE;
}

static char *
build_path (const Checker *self)
{
  GString *path = g_string_new ("$");

  for (guint i = 0; i < self->frames->len; i++)
    {
      const Frame *frame = &g_array_index (self->frames, Frame, i);

      if (frame->kind == FRAME_ARRAY)
        g_string_append_printf (path, "[%" G_GSIZE_FORMAT "]", frame->index);
      else if (frame->has_key)
        {
          const guchar *key = self->data + frame->key_offset;

          /* As written in the document: escapes stay escapes */
          if (key_is_identifier (key, frame->key_length))
            {
              g_string_append_c (path, '.');
              g_string_append_len (path, (const char *) key, frame->key_length);
            }
          else
            {
              g_string_append (path, "[\"");
              g_string_append_len (path, (const char *) key, frame->key_length);
              g_string_append (path, "\"]");
            }
        }
    }

  return g_string_free (path, FALSE);
}

/* Sets @error (and returns FALSE) with the place at @offset.  @what is
 * already translated. */
static gboolean
fail (Checker            *self,
      GError            **error,
      KonJsonCheckError   code,
      gsize               offset,
      const char         *what)
{
  KonJsonCheckPosition *at = &self->error_at;

  g_assert (at->path == NULL);
  at->offset = offset;
  at->path = build_path (self);
  count_line_column (self, offset, &at->line, &at->column);

  g_set_error (error, KON_JSON_CHECK_ERROR, code,
               /* Translators: the first %lu is a line, the second a column
                * (both counted from 1), %s a JSON path such as
                * $.persons[3].name, the last %s what is wrong there */
               _("Line %lu, column %lu (%s): %s"),
               (unsigned long) at->line, (unsigned long) at->column, at->path, what);

  return FALSE;
}

/* The character at offset, for a message: itself if printable, else U+XXXX */
static char *
describe_character (const Checker *self,
                    gsize          offset)
{
  const guchar *p = self->data + offset;
  gsize n = utf8_sequence_length (p, self->length - offset);

  if (n == 1 && *p >= 0x20 && *p < 0x7f)
    return g_strdup_printf ("“%c”", *p);
  if (n > 1)
    {
      gunichar ch = g_utf8_get_char ((const char *) p);

      if (g_unichar_isprint (ch))
        return g_strdup_printf ("“%.*s”", (int) n, (const char *) p);
      return g_strdup_printf ("U+%04X", ch);
    }

  return g_strdup_printf ("U+%04X", *p);
}

/* A character where a value, a key, or punctuation should be: say what
 * was meant when it is one of the usual liberties */
static gboolean
fail_unexpected (Checker  *self,
                 GError  **error,
                 gsize     offset,
                 State     state)
{
  const guchar *p = self->data + offset;
  gsize rest = self->length - offset;
  g_autofree char *what = NULL;
  g_autofree char *character = NULL;

  if (*p >= 0x80 && utf8_sequence_length (p, rest) == 0)
    return fail (self, error, KON_JSON_CHECK_ERROR_NOT_UTF8, offset,
                 _("these bytes are not UTF-8 text"));
  if (*p == '/' && rest > 1 && (p[1] == '/' || p[1] == '*'))
    return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, offset,
                 _("comments are not allowed in JSON"));
  if (*p == '\'')
    return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, offset,
                 _("strings must be in double quotes (\"), not single quotes"));

  if (state == EXPECT_VALUE || state == EXPECT_VALUE_OR_CLOSE)
    {
      if (*p == '+')
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, offset,
                     _("a number cannot start with “+”"));
      if ((rest >= 3 && memcmp (p, "NaN", 3) == 0) ||
          (rest >= 8 && memcmp (p, "Infinity", 8) == 0))
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, offset,
                     _("NaN and Infinity are not JSON numbers"));
      if (*p == '.')
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, offset,
                     _("a number must start with a digit"));
    }

  character = describe_character (self, offset);

  switch (state)
    {
    case EXPECT_VALUE:
    case EXPECT_VALUE_OR_CLOSE:
      /* Translators: %s is a character in quotes, or U+0001 */
      what = g_strdup_printf (_("%s where a value was expected"), character);
      break;
    case EXPECT_KEY:
    case EXPECT_KEY_OR_CLOSE:
      /* Translators: %s is a character in quotes, or U+0001 */
      what = g_strdup_printf (_("%s where a key in double quotes was expected"), character);
      break;
    case EXPECT_COLON:
      /* Translators: %s is a character in quotes, or U+0001 */
      what = g_strdup_printf (_("%s where “:” was expected after the key"), character);
      break;
    case EXPECT_COMMA_OR_CLOSE:
      {
        const Frame *frame = &g_array_index (self->frames, Frame, self->frames->len - 1);

        if (frame->kind == FRAME_ARRAY)
          /* Translators: %s is a character in quotes, or U+0001 */
          what = g_strdup_printf (_("%s where “,” or “]” was expected"), character);
        else
          /* Translators: %s is a character in quotes, or U+0001 */
          what = g_strdup_printf (_("%s where “,” or “}” was expected"), character);
      }
      break;
    case EXPECT_END:
    default:
      /* Translators: %s is a character in quotes, or U+0001 */
      what = g_strdup_printf (_("%s after the end of the document"), character);
      break;
    }

  return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, offset, what);
}

/* ------------------------------------------------------------- scanning */

/* Scans the string whose opening quote is at *pos; on success *pos is after
 * its closing quote and *out_escaped says whether it holds escapes. */
static gboolean
scan_string (Checker   *self,
             gsize     *pos,
             gboolean  *out_escaped,
             GError   **error)
{
  const guchar *data = self->data;
  gsize length = self->length;
  gsize opening = *pos;
  gsize i = opening + 1;
  gboolean escaped = FALSE;

  for (;;)
    {
      guchar c;

      while (i < length && string_plain[data[i]])
        i++;

      if (i >= length)
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, opening,
                     _("this string is never closed"));

      c = data[i];
      if (c == '"')
        {
          *pos = i + 1;
          *out_escaped = escaped;
          return TRUE;
        }
      else if (c == '\\')
        {
          escaped = TRUE;
          if (i + 1 >= length)
            return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, opening,
                         _("this string is never closed"));

          switch (data[i + 1])
            {
            case '"': case '\\': case '/': case 'b':
            case 'f': case 'n': case 'r': case 't':
              i += 2;
              break;

            case 'u':
              {
                int unit = read_hex4 (data + i + 2, length - i - 2);

                if (unit < 0)
                  return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, i,
                               _("“\\u” must be followed by four hexadecimal digits"));
                if (unit >= 0xdc00 && unit <= 0xdfff)
                  return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, i,
                               _("a low surrogate (\\udc00–\\udfff) without a high surrogate before it"));
                if (unit >= 0xd800 && unit <= 0xdbff)
                  {
                    int low = -1;

                    if (i + 7 < length && data[i + 6] == '\\' && data[i + 7] == 'u')
                      low = read_hex4 (data + i + 8, length - i - 8);
                    if (low < 0xdc00 || low > 0xdfff)
                      return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, i,
                                   _("a high surrogate (\\ud800–\\udbff) without a low surrogate after it"));
                    i += 12;
                  }
                else
                  i += 6;
              }
              break;

            default:
              {
                g_autofree char *character = describe_character (self, i + 1);
                g_autofree char *what = NULL;

                /* Translators: %s is a character in quotes, e.g. “x” in "\x" */
                what = g_strdup_printf (_("“\\” followed by %s is not a JSON escape"), character);
                return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, i, what);
              }
            }
        }
      else if (c < 0x20)
        {
          g_autofree char *what = NULL;

          /* Translators: %04X is a character's number, e.g. U+000A for a line break */
          what = g_strdup_printf (_("control character U+%04X inside a string (write it as an escape, such as \\n)"),
                                  (guint) c);
          return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, i, what);
        }
      else
        {
          gsize n = utf8_sequence_length (data + i, length - i);

          if (n == 0)
            return fail (self, error, KON_JSON_CHECK_ERROR_NOT_UTF8, i,
                         _("these bytes are not UTF-8 text"));
          i += n;
        }
    }
}

/* Appends the string between offset and offset + length, whose escapes
 * scan_string () has checked, unescaped as UTF-8 */
static void
unescape_into (GByteArray   *out,
               const guchar *p,
               gsize         length)
{
  gsize i = 0;

  while (i < length)
    {
      gsize run = i;
      guchar c;

      while (i < length && p[i] != '\\')
        i++;
      if (i > run)
        g_byte_array_append (out, p + run, i - run);
      if (i >= length)
        break;

      c = p[i + 1];
      switch (c)
        {
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u':
          {
            gunichar ch = read_hex4 (p + i + 2, length - i - 2);
            char utf8[6];
            int n;

            if (ch >= 0xd800 && ch <= 0xdbff)
              {
                ch = 0x10000 + ((ch - 0xd800) << 10) + (read_hex4 (p + i + 8, length - i - 8) - 0xdc00);
                i += 6;
              }
            n = g_unichar_to_utf8 (ch, utf8);
            g_byte_array_append (out, (const guint8 *) utf8, n);
            i += 6;
            continue;
          }
        default:
          break;   /* " \ / stand for themselves */
        }
      g_byte_array_append (out, &c, 1);
      i += 2;
    }
}

static inline const guchar *
key_bytes (const Checker *self,
           const KeyRef  *key)
{
  return key->in_scratch ? self->scratch->data + key->offset : self->data + key->offset;
}

static GBytes *
key_to_bytes (const Checker *self,
              const KeyRef  *key)
{
  if (key->in_scratch)
    return g_bytes_new (key_bytes (self, key), key->length);
  return g_bytes_new_static (key_bytes (self, key), key->length);
}

/* Records the key just read into the innermost object; FALSE if that
 * object has it already */
static gboolean
add_key (Checker  *self,
         Frame    *frame,
         gboolean  escaped)
{
  KeyRef key = { frame->key_offset, frame->key_length, FALSE };

  if (escaped)
    {
      key.offset = self->scratch->len;
      key.in_scratch = TRUE;
      unescape_into (self->scratch, self->data + frame->key_offset, frame->key_length);
      key.length = self->scratch->len - key.offset;
    }

  if (frame->set == NULL && frame->n_keys < SMALL_OBJECT)
    {
      const guchar *bytes = key_bytes (self, &key);

      for (guint i = frame->keys_start; i < self->keys->len; i++)
        {
          const KeyRef *other = &g_array_index (self->keys, KeyRef, i);

          if (other->length == key.length &&
              memcmp (key_bytes (self, other), bytes, key.length) == 0)
            return FALSE;
        }
      g_array_append_val (self->keys, key);
      frame->n_keys++;
      return TRUE;
    }

  if (frame->set == NULL)
    {
      frame->set = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                          (GDestroyNotify) g_bytes_unref, NULL);
      for (guint i = frame->keys_start; i < self->keys->len; i++)
        g_hash_table_add (frame->set, key_to_bytes (self, &g_array_index (self->keys, KeyRef, i)));
      /* The small keys live on in the set */
      g_array_set_size (self->keys, frame->keys_start);
    }

  if (!g_hash_table_add (frame->set, key_to_bytes (self, &key)))
    return FALSE;
  frame->n_keys++;

  /* A copy is in the set: the scratch space can go */
  if (key.in_scratch)
    g_byte_array_set_size (self->scratch, key.offset);

  return TRUE;
}

/* Where the root object's members are, and the elements of those that
 * are arrays (kon_json_check_members ()): a value starts at @i */
static inline void
value_starts (Checker *self,
              gsize    i)
{
  const Frame *root;
  KonJsonMember *member;

  if (self->members == NULL || self->frames->len == 0 || self->frames->len > 2)
    return;
  root = &g_array_index (self->frames, Frame, 0);
  if (root->kind != FRAME_OBJECT)
    return;

  if (self->frames->len == 1)
    {
      member = g_new0 (KonJsonMember, 1);
      member->key_span.offset = root->key_offset;
      member->key_span.length = root->key_length;
      if (memchr (self->data + root->key_offset, '\\', root->key_length) != NULL)
        {
          g_autoptr(GByteArray) key = g_byte_array_new ();

          unescape_into (key, self->data + root->key_offset, root->key_length);
          member->key = g_strndup ((const char *) key->data, key->len);
        }
      else
        member->key = g_strndup ((const char *) self->data + root->key_offset, root->key_length);
      member->value.offset = i;
      if (self->data[i] == '[')
        member->elements = g_array_new (FALSE, FALSE, sizeof (KonJsonSpan));
      g_ptr_array_add (self->members, member);
    }
  else if (g_array_index (self->frames, Frame, 1).kind == FRAME_ARRAY)
    {
      KonJsonSpan element = { i, 0 };

      member = self->members->pdata[self->members->len - 1];
      g_array_append_val (member->elements, element);
    }
}

/* A value has ended at @i (the frames are those around it) */
static inline void
value_ends (Checker *self,
            gsize    i)
{
  KonJsonMember *member;

  if (self->members == NULL || self->frames->len == 0 || self->frames->len > 2 ||
      g_array_index (self->frames, Frame, 0).kind != FRAME_OBJECT)
    return;

  member = self->members->pdata[self->members->len - 1];
  if (self->frames->len == 1)
    member->value.length = i - member->value.offset;
  else if (g_array_index (self->frames, Frame, 1).kind == FRAME_ARRAY)
    {
      KonJsonSpan *element = &g_array_index (member->elements, KonJsonSpan, member->elements->len - 1);

      element->length = i - element->offset;
    }
}

static void
pop_frame (Checker *self)
{
  Frame *frame = &g_array_index (self->frames, Frame, self->frames->len - 1);

  if (frame->kind == FRAME_OBJECT)
    {
      g_clear_pointer (&frame->set, g_hash_table_unref);
      g_array_set_size (self->keys, frame->keys_start);
      g_byte_array_set_size (self->scratch, frame->scratch_start);
    }
  g_array_set_size (self->frames, self->frames->len - 1);
}

/* A number starting at *pos (a digit or "-"): RFC 8259's grammar exactly */
static gboolean
scan_number (Checker  *self,
             gsize    *pos,
             GError  **error)
{
  const guchar *data = self->data;
  gsize length = self->length;
  gsize start = *pos;
  gsize i = start;

  if (data[i] == '-')
    {
      i++;
      if (i >= length || !is_digit (data[i]))
        {
          if (i < length && data[i] == 'I')
            return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, start,
                         _("NaN and Infinity are not JSON numbers"));
          return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, start,
                       _("“-” must be followed by a digit"));
        }
    }

  if (data[i] == '0')
    {
      i++;
      if (i < length && (data[i] == 'x' || data[i] == 'X'))
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, start,
                     _("hexadecimal numbers are not allowed in JSON"));
      if (i < length && is_digit (data[i]))
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, start,
                     _("a number cannot start with 0 followed by more digits (octal numbers are not allowed in JSON)"));
    }
  else
    {
      while (i < length && is_digit (data[i]))
        i++;
    }

  if (i < length && data[i] == '.')
    {
      i++;
      if (i >= length || !is_digit (data[i]))
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, start,
                     _("a decimal point must be followed by a digit"));
      while (i < length && is_digit (data[i]))
        i++;
    }

  if (i < length && (data[i] == 'e' || data[i] == 'E'))
    {
      i++;
      if (i < length && (data[i] == '+' || data[i] == '-'))
        i++;
      if (i >= length || !is_digit (data[i]))
        return fail (self, error, KON_JSON_CHECK_ERROR_SYNTAX, start,
                     _("an exponent must have digits"));
      while (i < length && is_digit (data[i]))
        i++;
    }

  *pos = i;
  return TRUE;
}

/* ------------------------------------------------------------- public */

/* kon_json_check (); with @members, kon_json_check_members () too */
static gboolean
check (const char            *data,
       gsize                  length,
       gsize                  max_length,
       guint                  max_depth,
       GPtrArray             *members,
       KonJsonCheckPosition  *out_position,
       GError               **error)
{
  Checker self = { 0 };
  State state = EXPECT_VALUE;
  gsize last_comma = 0;
  gsize i;
  gboolean ok = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_position != NULL)
    memset (out_position, 0, sizeof *out_position);

  if (length > max_length)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (max_length);

      g_set_error (error, KON_JSON_CHECK_ERROR, KON_JSON_CHECK_ERROR_TOO_BIG,
                   /* Translators: both are sizes such as “24.1 MB” */
                   _("The document is too large (%s; at most %s can be read)"),
                   size, limit);
      return FALSE;
    }

  self.data = (const guchar *) data;
  self.length = length;
  self.max_depth = max_depth;
  self.frames = g_array_sized_new (FALSE, FALSE, sizeof (Frame), MIN (max_depth, 64));
  self.keys = g_array_sized_new (FALSE, FALSE, sizeof (KeyRef), 64);
  self.scratch = g_byte_array_new ();
  self.members = members;

  i = 0;
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  self.start = i;

  for (;;)
    {
      Frame *top;
      guchar c;

      while (i < length && is_space (self.data[i]))
        i++;

      if (i >= length)
        {
          if (state == EXPECT_END)
            ok = TRUE;
          else if (state == EXPECT_VALUE && self.frames->len == 0)
            fail (&self, error, KON_JSON_CHECK_ERROR_SYNTAX, i,
                  _("the document is empty"));
          else
            fail (&self, error, KON_JSON_CHECK_ERROR_SYNTAX, i,
                  _("the document ends before its arrays and objects are closed"));
          break;
        }

      c = self.data[i];
      top = self.frames->len > 0 ? &g_array_index (self.frames, Frame, self.frames->len - 1) : NULL;

      switch (state)
        {
        case EXPECT_VALUE_OR_CLOSE:
          if (c == ']')
            {
              pop_frame (&self);
              i++;
              state = self.frames->len > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
              value_ends (&self, i);
              continue;
            }
          G_GNUC_FALLTHROUGH;

        case EXPECT_VALUE:
          value_starts (&self, i);
          if (c == '{' || c == '[')
            {
              Frame frame = { 0 };

              if (self.frames->len >= max_depth)
                {
                  g_autofree char *what = NULL;

                  what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "arrays and objects nest deeper than %u level",
                                                       "arrays and objects nest deeper than %u levels",
                                                       max_depth),
                                          max_depth);
                  fail (&self, error, KON_JSON_CHECK_ERROR_TOO_DEEP, i, what);
                  goto out;
                }
              frame.kind = c == '{' ? FRAME_OBJECT : FRAME_ARRAY;
              frame.keys_start = self.keys->len;
              frame.scratch_start = self.scratch->len;
              g_array_append_val (self.frames, frame);
              i++;
              state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
              continue;
            }
          else if (c == '"')
            {
              gboolean escaped;

              if (!scan_string (&self, &i, &escaped, error))
                goto out;
            }
          else if (c == '-' || is_digit (c))
            {
              if (!scan_number (&self, &i, error))
                goto out;
            }
          else if (c == 't' && length - i >= 4 && memcmp (self.data + i, "true", 4) == 0)
            i += 4;
          else if (c == 'f' && length - i >= 5 && memcmp (self.data + i, "false", 5) == 0)
            i += 5;
          else if (c == 'n' && length - i >= 4 && memcmp (self.data + i, "null", 4) == 0)
            i += 4;
          else if (state == EXPECT_VALUE && top != NULL && top->kind == FRAME_ARRAY && c == ']')
            {
              fail (&self, error, KON_JSON_CHECK_ERROR_SYNTAX, last_comma,
                    _("a comma before “]” (trailing commas are not allowed in JSON)"));
              goto out;
            }
          else
            {
              fail_unexpected (&self, error, i, state);
              goto out;
            }

          state = self.frames->len > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
          value_ends (&self, i);
          break;

        case EXPECT_KEY_OR_CLOSE:
          if (c == '}')
            {
              pop_frame (&self);
              i++;
              state = self.frames->len > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
              value_ends (&self, i);
              continue;
            }
          G_GNUC_FALLTHROUGH;

        case EXPECT_KEY:
          if (c == '"')
            {
              gsize opening = i;
              gboolean escaped;

              if (!scan_string (&self, &i, &escaped, error))
                goto out;
              top->has_key = TRUE;
              top->key_offset = opening + 1;
              top->key_length = i - opening - 2;
              if (!add_key (&self, top, escaped))
                {
                  g_autofree char *what = NULL;

                  /* Translators: %.*s is the key as written, e.g. “name” */
                  what = g_strdup_printf (_("the key “%.*s” appears twice in this object"),
                                          (int) top->key_length, data + top->key_offset);
                  fail (&self, error, KON_JSON_CHECK_ERROR_DUPLICATE_KEY, opening, what);
                  goto out;
                }
              state = EXPECT_COLON;
            }
          else if (state == EXPECT_KEY && c == '}')
            {
              fail (&self, error, KON_JSON_CHECK_ERROR_SYNTAX, last_comma,
                    _("a comma before “}” (trailing commas are not allowed in JSON)"));
              goto out;
            }
          else
            {
              fail_unexpected (&self, error, i, state);
              goto out;
            }
          break;

        case EXPECT_COLON:
          if (c != ':')
            {
              fail_unexpected (&self, error, i, state);
              goto out;
            }
          i++;
          state = EXPECT_VALUE;
          break;

        case EXPECT_COMMA_OR_CLOSE:
          if (c == ',')
            {
              last_comma = i;
              i++;
              if (top->kind == FRAME_ARRAY)
                {
                  top->index++;
                  state = EXPECT_VALUE;
                }
              else
                {
                  top->has_key = FALSE;
                  state = EXPECT_KEY;
                }
            }
          else if ((c == ']' && top->kind == FRAME_ARRAY) ||
                   (c == '}' && top->kind == FRAME_OBJECT))
            {
              pop_frame (&self);
              i++;
              state = self.frames->len > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
              value_ends (&self, i);
            }
          else
            {
              fail_unexpected (&self, error, i, state);
              goto out;
            }
          break;

        case EXPECT_END:
        default:
          fail_unexpected (&self, error, i, EXPECT_END);
          goto out;
        }
    }

out:
  if (!ok && out_position != NULL)
    *out_position = self.error_at;
  else
    kon_json_check_position_clear (&self.error_at);

  while (self.frames->len > 0)
    pop_frame (&self);
  g_array_unref (self.frames);
  g_array_unref (self.keys);
  g_byte_array_unref (self.scratch);

  return ok;
}

/**
 * kon_json_check:
 * @data: the document, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_length: the most bytes allowed
 * @max_depth: the most arrays and objects open at once (`[[]]` is 2)
 * @out_position: (out caller-allocates) (optional): where an error is, set
 *   only when this returns %FALSE; clear it with
 *   kon_json_check_position_clear()
 * @error: a #KON_JSON_CHECK_ERROR
 *
 * Checks that @data is standard JSON (RFC 8259) without duplicate keys,
 * within the limits, before JsonParser reads it.  Linear in @length; the
 * memory it takes is bounded by @max_depth and the keys of open objects;
 * no recursion.
 *
 * Returns: %TRUE if JsonParser may read @data
 */
gboolean
kon_json_check (const char            *data,
                gsize                  length,
                gsize                  max_length,
                guint                  max_depth,
                KonJsonCheckPosition  *out_position,
                GError               **error)
{
  return check (data, length, max_length, max_depth, NULL, out_position, error);
}

static void
member_free (KonJsonMember *member)
{
  g_free (member->key);
  g_clear_pointer (&member->elements, g_array_unref);
  g_free (member);
}

/**
 * kon_json_check_members:
 * @out_members: (out) (transfer full) (nullable): when the document is an
 *   object, its members in the order written (KonJsonMember); %NULL when
 *   it is another value
 *
 * As kon_json_check (), and where the root object's members are in @data:
 * each value, and the elements of each value that is an array, so that
 * they can be read one part at a time.
 *
 * Returns: %TRUE if JsonParser may read @data
 */
gboolean
kon_json_check_members (const char            *data,
                        gsize                  length,
                        gsize                  max_length,
                        guint                  max_depth,
                        GPtrArray            **out_members,
                        KonJsonCheckPosition  *out_position,
                        GError               **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  gsize start = length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

  g_return_val_if_fail (out_members != NULL, FALSE);

  *out_members = NULL;
  if (!check (data, length, max_length, max_depth, members, out_position, error))
    return FALSE;

  while (start < length && is_space ((guchar) data[start]))
    start++;
  if (data[start] == '{')
    *out_members = g_steal_pointer (&members);

  return TRUE;
}

/**
 * kon_json_check_position_clear:
 *
 * Frees what @position holds (not @position itself).
 */
void
kon_json_check_position_clear (KonJsonCheckPosition *position)
{
  g_return_if_fail (position != NULL);

  g_clear_pointer (&position->path, g_free);
}
