/* kon-terms-timeline-render.h: a body's seats × years, each term a bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per seat (and, above them, the leader's and the deputy
 * leader's terms where the body has them), one column per year.  Each
 * term is a bar from its first to its last day, filled by the holder's
 * side; a term without a last day runs to the right edge and ends in an
 * arrow; a stretch with no holder is hatched (vacant); today is a red
 * line.  The same drawing serves the SSU pane's widget and the PDF on
 * A4 landscape.  Texts are in the UI language; no GTK here.
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "kon-terms.h"

G_BEGIN_DECLS

typedef struct _KonTimeline KonTimeline;

/* A4 landscape in points */
#define KON_TIMELINE_PAGE_WIDTH  841.89
#define KON_TIMELINE_PAGE_HEIGHT 595.28

/* The terms of @input's body over @n_years whole years from 1 January
 * of @first_year; @today is marked where it falls in them.  Copies what
 * it draws: @input may go after. */
KonTimeline   *kon_timeline_new              (const KonTermsInput *input,
                                              const GDate         *today,
                                              int                  first_year,
                                              guint                n_years);
void           kon_timeline_free             (KonTimeline         *timeline);

int            kon_timeline_get_first_year   (const KonTimeline   *timeline);
guint          kon_timeline_get_n_years      (const KonTimeline   *timeline);
guint          kon_timeline_get_n_rows       (const KonTimeline   *timeline);
/* The seat's name ("Salten 1"), or "Leader" */
const char    *kon_timeline_get_row_name     (const KonTimeline   *timeline,
                                              guint                row);
/* The bars of a row that show in the years drawn, left to right */
guint          kon_timeline_get_n_bars       (const KonTimeline   *timeline,
                                              guint                row);
const char    *kon_timeline_get_bar_role     (const KonTimeline   *timeline,
                                              guint                row,
                                              guint                bar);
/* Translated, for assistive technology and tooltips: "Salten 1: Kari
 * Nordmann (Bodø kommune), 01.01.2024 to 31.12.2027" */
char          *kon_timeline_describe_bar     (const KonTimeline   *timeline,
                                              guint                row,
                                              guint                bar);
/* Translated: the vacant stretches of a row in the years drawn, or NULL */
char          *kon_timeline_describe_vacancies (const KonTimeline *timeline,
                                                guint              row);

/* Where a row is drawn, in points from the top */
void           kon_timeline_get_row_area     (const KonTimeline   *timeline,
                                              guint                row,
                                              double              *out_y,
                                              double              *out_height);
/* The drawing's height in points (its width is what it is given) */
double         kon_timeline_get_height       (const KonTimeline   *timeline);
/* Draws at 0,0, @width wide; @focus_row and @focus_bar (or -1) get an
 * outline */
void           kon_timeline_draw             (cairo_t             *cr,
                                              const KonTimeline   *timeline,
                                              double               width,
                                              int                  focus_row,
                                              int                  focus_bar);
/* The bar at @x, @y of a drawing @width wide */
gboolean       kon_timeline_hit              (const KonTimeline   *timeline,
                                              double               width,
                                              double               x,
                                              double               y,
                                              guint               *out_row,
                                              guint               *out_bar);

/* A4 landscape pages with @title over each, as many as the rows need */
gboolean       kon_timeline_export_pdf       (const KonTimeline   *timeline,
                                              const char          *title,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonTimeline, kon_timeline_free)

G_END_DECLS
