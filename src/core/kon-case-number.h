/* kon-case-number.h: a body's case number pattern, "{n:02}-{yyyy}"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A body numbers its cases per year from 1; the pattern says how a
 * number is written: "{n:02}-{yyyy}" gives "02-2021" (the SSU of
 * Lofoten, Vesterålen og Salten), "{n:03}/{yyyy}" gives "004/2021"
 * (its KSU).  Placeholders: {n} the number, {n:0W} the number with
 * zeros in front to W digits (W from 1 to 9), {yyyy} the year, {yy} its
 * last two digits.  Any other text is written as it is; "{{" and "}}"
 * write a brace.  A pattern needs {n} once, or two cases of a year
 * would be written alike.  Pure functions: no store, no GTK.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a body without a pattern of its own writes */
#define KON_CASE_PATTERN_DEFAULT "{n:02}-{yyyy}"

#define KON_CASE_NUMBER_ERROR (kon_case_number_error_quark ())

typedef enum
{
  KON_CASE_NUMBER_ERROR_INVALID,   /* the message says what is wrong with the pattern */
} KonCaseNumberError;

GQuark    kon_case_number_error_quark (void);

/* TRUE when @pattern can number cases; else a translated @error */
gboolean  kon_case_pattern_check      (const char  *pattern,
                                       GError     **error);
/* @number in @year as @pattern writes it (NULL: the default pattern);
 * NULL for a pattern kon_case_pattern_check() refuses */
char     *kon_case_pattern_format     (const char  *pattern,
                                       int          number,
                                       int          year);

G_END_DECLS
