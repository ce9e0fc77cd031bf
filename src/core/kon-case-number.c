/* kon-case-number.c: a body's case number pattern, "{n:02}-{yyyy}"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-case-number.h"

G_DEFINE_QUARK (kon-case-number-error-quark, kon_case_number_error)

/* The longest pattern: a case number is a short text */
#define MAX_PATTERN 64

typedef enum
{
  PART_TEXT,
  PART_NUMBER,
  PART_YEAR,
  PART_YEAR_SHORT,
} PartKind;

/* Walks @pattern; calls @emit for each part.  Returns FALSE with a
 * translated @error where the pattern is wrong. */
typedef void (*EmitFunc) (PartKind     kind,
                          const char  *text,
                          gsize        length,
                          int          width,
                          gpointer     user_data);

static gboolean
walk (const char  *pattern,
      EmitFunc     emit,
      gpointer     user_data,
      GError     **error)
{
  guint n_numbers = 0;
  const char *p = pattern;

  if (pattern == NULL || *pattern == '\0')
    {
      g_set_error_literal (error, KON_CASE_NUMBER_ERROR, KON_CASE_NUMBER_ERROR_INVALID,
                           _("The pattern is empty: write for instance {n:02}-{yyyy}."));
      return FALSE;
    }
  if (strlen (pattern) > MAX_PATTERN || !g_utf8_validate (pattern, -1, NULL))
    {
      g_set_error (error, KON_CASE_NUMBER_ERROR, KON_CASE_NUMBER_ERROR_INVALID,
                   _("The pattern is longer than %d characters."), MAX_PATTERN);
      return FALSE;
    }

  while (*p != '\0')
    {
      const char *close;
      g_autofree char *inner = NULL;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          emit (PART_TEXT, p, 1, 0, user_data);
          p += 2;
          continue;
        }
      if (*p == '}')
        {
          g_set_error_literal (error, KON_CASE_NUMBER_ERROR, KON_CASE_NUMBER_ERROR_INVALID,
                               _("The pattern has a “}” without a “{” before it (write “}}” for the brace itself)."));
          return FALSE;
        }
      if (*p != '{')
        {
          gsize length = strcspn (p, "{}");

          emit (PART_TEXT, p, length, 0, user_data);
          p += length;
          continue;
        }

      close = strchr (p, '}');
      if (close == NULL)
        {
          g_set_error_literal (error, KON_CASE_NUMBER_ERROR, KON_CASE_NUMBER_ERROR_INVALID,
                               _("The pattern has a “{” that is never closed with “}”."));
          return FALSE;
        }
      inner = g_strndup (p + 1, (gsize) (close - p - 1));

      if (g_str_equal (inner, "n"))
        {
          emit (PART_NUMBER, NULL, 0, 0, user_data);
          n_numbers++;
        }
      else if (g_str_has_prefix (inner, "n:0") && strlen (inner) == 4 && g_ascii_isdigit (inner[3])
               && inner[3] != '0')
        {
          emit (PART_NUMBER, NULL, 0, inner[3] - '0', user_data);
          n_numbers++;
        }
      else if (g_str_equal (inner, "yyyy"))
        emit (PART_YEAR, NULL, 0, 0, user_data);
      else if (g_str_equal (inner, "yy"))
        emit (PART_YEAR_SHORT, NULL, 0, 0, user_data);
      else
        {
          g_set_error (error, KON_CASE_NUMBER_ERROR, KON_CASE_NUMBER_ERROR_INVALID,
                       /* TRANSLATORS: the placeholders are not translated */
                       _("“{%s}” is not a placeholder: use {n} or {n:02} for the number, "
                         "{yyyy} or {yy} for the year."), inner);
          return FALSE;
        }
      p = close + 1;
    }

  if (n_numbers != 1)
    {
      g_set_error_literal (error, KON_CASE_NUMBER_ERROR, KON_CASE_NUMBER_ERROR_INVALID,
                           n_numbers == 0
                           ? _("The pattern has no place for the number: add {n} or {n:02}.")
                           : _("The pattern has the number twice: keep one {n}."));
      return FALSE;
    }

  return TRUE;
}

static void
ignore (PartKind     kind,
        const char  *text,
        gsize        length,
        int          width,
        gpointer     user_data)
{
}

gboolean
kon_case_pattern_check (const char  *pattern,
                        GError     **error)
{
  return walk (pattern, ignore, NULL, error);
}

typedef struct
{
  GString *out;
  int      number;
  int      year;
} Format;

static void
append (PartKind     kind,
        const char  *text,
        gsize        length,
        int          width,
        gpointer     user_data)
{
  Format *f = user_data;

  switch (kind)
    {
    case PART_TEXT:
      g_string_append_len (f->out, text, (gssize) length);
      break;
    case PART_NUMBER:
      g_string_append_printf (f->out, "%0*d", width, f->number);
      break;
    case PART_YEAR:
      g_string_append_printf (f->out, "%04d", f->year);
      break;
    case PART_YEAR_SHORT:
      g_string_append_printf (f->out, "%02d", f->year % 100);
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
kon_case_pattern_format (const char *pattern,
                         int         number,
                         int         year)
{
  Format f = { g_string_new (NULL), number, year };

  if (!walk (pattern != NULL ? pattern : KON_CASE_PATTERN_DEFAULT, append, &f, NULL))
    {
      g_string_free (f.out, TRUE);
      return NULL;
    }

  return g_string_free (f.out, FALSE);
}
