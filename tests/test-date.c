/* test-date.c: dates as Norwegian case documents write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "kon-date.h"

static void
test_format (void)
{
  static const struct
  {
    guint       day;
    GDateMonth  month;
    guint       year;
    const char *expected;
  } cases[] = {
    { 23, G_DATE_SEPTEMBER, 2021, "23.09.2021" },
    { 1, G_DATE_FEBRUARY, 2021, "01.02.2021" },
    { 31, G_DATE_DECEMBER, 1999, "31.12.1999" },
    { 29, G_DATE_FEBRUARY, 2024, "29.02.2024" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, cases[i].day, cases[i].month, cases[i].year);
      text = kon_date_format (&date);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_format_invalid (void)
{
  g_autofree char *text = NULL;
  GDate date;

  g_date_clear (&date, 1);
  text = kon_date_format (&date);
  g_assert_cmpstr (text, ==, "");
}

/* The Norwegian locale's own date format is "23. sep. 2021"; case
 * documents write "23.09.2021" whatever the locale says. */
static void
test_format_ignores_locale (void)
{
  g_autofree char *text = NULL;
  GDate date;

  if (setlocale (LC_ALL, "nb_NO.UTF-8") == NULL)
    {
      g_test_skip ("the nb_NO.UTF-8 locale is not installed");
      return;
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 23, G_DATE_SEPTEMBER, 2021);
  text = kon_date_format (&date);
  setlocale (LC_ALL, "C");

  g_assert_cmpstr (text, ==, "23.09.2021");
}

static void
test_parse (void)
{
  static const struct
  {
    const char *text;
    gboolean    valid;
    guint       day;
    GDateMonth  month;
    guint       year;
  } cases[] = {
    { "23.09.2021", TRUE, 23, G_DATE_SEPTEMBER, 2021 },
    { "1.2.2021", TRUE, 1, G_DATE_FEBRUARY, 2021 },
    { "01.02.2021", TRUE, 1, G_DATE_FEBRUARY, 2021 },
    { "2021-09-23", TRUE, 23, G_DATE_SEPTEMBER, 2021 },
    { "  23.09.2021 ", TRUE, 23, G_DATE_SEPTEMBER, 2021 },
    { "29.02.2024", TRUE, 29, G_DATE_FEBRUARY, 2024 },
    { "31.12.1999", TRUE, 31, G_DATE_DECEMBER, 1999 },

    /* no such day */
    { "31.02.2021", FALSE },
    { "29.02.2021", FALSE },
    { "32.01.2021", FALSE },
    { "00.01.2021", FALSE },
    { "23.13.2021", FALSE },
    { "23.00.2021", FALSE },
    { "2021-02-31", FALSE },
    /* incomplete */
    { "23.9", FALSE },
    { "23.09.", FALSE },
    { "23.09.21", FALSE },
    { "", FALSE },
    { "   ", FALSE },
    /* not a date */
    { "abc", FALSE },
    { "23/09/2021", FALSE },
    { "09.23.2021", FALSE },
    /* trailing or inner garbage */
    { "23.09.2021x", FALSE },
    { "23.09.2021 kl. 10.00", FALSE },
    { "23.09.20211", FALSE },
    { "2021-09-23T10:00", FALSE },
    { "2021-09-23x", FALSE },
    { "123.09.2021", FALSE },
    { "+1.2.2021", FALSE },
    { "-1.2.2021", FALSE },
    { "1. 2.2021", FALSE },
    { "1.2. 2021", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      gboolean valid;

      g_test_message ("parsing '%s'", cases[i].text);

      g_date_clear (&date, 1);
      valid = kon_date_parse (cases[i].text, &date);
      g_assert_cmpint (valid, ==, cases[i].valid);

      if (cases[i].valid)
        {
          g_assert_true (g_date_valid (&date));
          g_assert_cmpuint (g_date_get_day (&date), ==, cases[i].day);
          g_assert_cmpuint (g_date_get_month (&date), ==, cases[i].month);
          g_assert_cmpuint (g_date_get_year (&date), ==, cases[i].year);
        }
    }
}

/* What is shown can be read back as the same day */
static void
test_round_trip (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2020);

  for (guint i = 0; i < 3 * 366; i++)
    {
      g_autofree char *text = kon_date_format (&date);
      GDate parsed;

      g_assert_true (kon_date_parse (text, &parsed));
      g_assert_cmpint (g_date_compare (&date, &parsed), ==, 0);
      g_date_add_days (&date, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/format", test_format);
  g_test_add_func ("/date/format-invalid", test_format_invalid);
  g_test_add_func ("/date/format-ignores-locale", test_format_ignores_locale);
  g_test_add_func ("/date/parse", test_parse);
  g_test_add_func ("/date/round-trip", test_round_trip);

  return g_test_run ();
}
