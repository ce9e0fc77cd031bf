/* kon-date.h: dates and times as Norwegian case documents write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *kon_date_format        (const GDate *date);
char     *kon_date_time_format   (GDateTime   *date_time);
char     *kon_time_format        (GDateTime   *date_time);
gboolean  kon_date_parse         (const char  *text,
                                  GDate       *out_date);

G_END_DECLS
