/* kon-date.c: dates and times as Norwegian case documents write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Case documents write "23.09.2021" and "kl. 10.00".  glibc's nb_NO and
 * nn_NO %x gives "23. sep. 2021", so the formats are spelled out here and
 * never taken from the locale.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-date.h"

/**
 * kon_date_format:
 *
 * Returns: (transfer full): @date as dd.mm.yyyy, or an empty string for an
 *   invalid date
 */
char *
kon_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return g_strdup ("");

  return g_strdup_printf ("%02u.%02u.%04u",
                          g_date_get_day (date),
                          (guint) g_date_get_month (date),
                          g_date_get_year (date));
}

/**
 * kon_time_format:
 *
 * Returns: (transfer full): the time of day as "kl. 10.00"
 */
char *
kon_time_format (GDateTime *date_time)
{
  g_return_val_if_fail (date_time != NULL, NULL);

  /* TRANSLATORS: a time of day; %02d.%02d are hours and minutes, written
   * "kl. 10.00" in Norwegian */
  return g_strdup_printf (_("%02d:%02d"),
                          g_date_time_get_hour (date_time),
                          g_date_time_get_minute (date_time));
}

/**
 * kon_date_time_format:
 *
 * Returns: (transfer full): "23.09.2021 kl. 10.00"
 */
char *
kon_date_time_format (GDateTime *date_time)
{
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  GDate date;

  g_return_val_if_fail (date_time != NULL, NULL);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  g_date_time_get_day_of_month (date_time),
                  g_date_time_get_month (date_time),
                  g_date_time_get_year (date_time));
  day = kon_date_format (&date);
  time = kon_time_format (date_time);

  return g_strdup_printf ("%s %s", day, time);
}

/* Reads a number of @min_digits to @max_digits ASCII digits, nothing else
 * (no sign, no space), and moves @text past it. */
static gboolean
read_number (const char **text,
             guint        min_digits,
             guint        max_digits,
             guint       *out_value)
{
  const char *p = *text;
  guint value = 0;
  guint n = 0;

  while (n < max_digits && g_ascii_isdigit (*p))
    {
      value = value * 10 + (guint) (*p - '0');
      p++;
      n++;
    }

  if (n < min_digits || g_ascii_isdigit (*p))
    return FALSE;

  *text = p;
  *out_value = value;

  return TRUE;
}

static gboolean
read_char (const char **text,
           char         c)
{
  if (**text != c)
    return FALSE;

  (*text)++;

  return TRUE;
}

/**
 * kon_date_parse:
 * @text: a date as d.m.yyyy or dd.mm.yyyy (also ISO 8601 yyyy-mm-dd);
 *   spaces around it are ignored
 *
 * Returns: %TRUE if @text is a valid date, stored in @out_date
 */
gboolean
kon_date_parse (const char *text,
                GDate      *out_date)
{
  g_autofree char *copy = NULL;
  const char *p;
  guint day = 0, month = 0, year = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));

  p = copy;
  if (!(read_number (&p, 1, 2, &day) && read_char (&p, '.') &&
        read_number (&p, 1, 2, &month) && read_char (&p, '.') &&
        read_number (&p, 4, 4, &year) && *p == '\0'))
    {
      p = copy;
      if (!(read_number (&p, 4, 4, &year) && read_char (&p, '-') &&
            read_number (&p, 1, 2, &month) && read_char (&p, '-') &&
            read_number (&p, 1, 2, &day) && *p == '\0'))
        return FALSE;
    }

  if (year < 1000 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, day, month, year);

  return TRUE;
}
