/* kon-chart-render.h: the organisation chart on paper (cairo + pango)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a KonChartLayout (boxes with the body's name and members per
 * side, lines to the parents) onto any cairo_t, fits it into a page
 * rectangle for printing, and exports it as PDF or SVG on A4 landscape
 * with a title line.  Colours are light fills with dark outlines and
 * black text, so the chart also reads in black and white.
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "kon-chart-layout.h"

G_BEGIN_DECLS

#define KON_CHART_RENDER_ERROR (kon_chart_render_error_quark ())

typedef enum
{
  KON_CHART_RENDER_ERROR_FAILED,
} KonChartRenderError;

typedef enum
{
  KON_CHART_FORMAT_PDF,
  KON_CHART_FORMAT_SVG,
} KonChartFormat;

/* A4 landscape in points */
#define KON_CHART_PAGE_WIDTH  841.89
#define KON_CHART_PAGE_HEIGHT 595.28

GQuark          kon_chart_render_error_quark (void);

/* The layout with box sizes that fit the text as this module draws it
 * (in points); roles and partners as for kon_chart_layout_new(). */
KonChartLayout *kon_chart_render_layout      (const KonCommunity      *community,
                                              GPtrArray               *partners,
                                              GPtrArray               *bodies,
                                              GPtrArray               *roles,
                                              const GDate             *date);

/* The chart at its own size, its top left at 0,0 of the user space */
void            kon_chart_render_draw        (cairo_t                 *cr,
                                              KonChartLayout          *layout);

/* The chart scaled to fit @area and centred in it; this is what a
 * GtkPrintOperation's draw-page calls */
void            kon_chart_render_draw_fitted (cairo_t                 *cr,
                                              KonChartLayout          *layout,
                                              const cairo_rectangle_t *area);

/* A page: a title line (the community's name and @date as dd.mm.yyyy)
 * at the top of @area, the fitted chart below it */
void            kon_chart_render_draw_page   (cairo_t                 *cr,
                                              KonChartLayout          *layout,
                                              const char              *community_name,
                                              const GDate             *date,
                                              const cairo_rectangle_t *area);

/* One A4 landscape page with margins, as PDF or SVG */
gboolean        kon_chart_render_export      (KonChartLayout          *layout,
                                              const char              *community_name,
                                              const GDate             *date,
                                              KonChartFormat           format,
                                              GFile                   *file,
                                              GCancellable            *cancellable,
                                              GError                 **error);
void            kon_chart_render_export_async  (KonChartLayout        *layout,
                                                const char            *community_name,
                                                const GDate           *date,
                                                KonChartFormat         format,
                                                GFile                 *file,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean        kon_chart_render_export_finish (GAsyncResult          *result,
                                                GError               **error);

G_END_DECLS
