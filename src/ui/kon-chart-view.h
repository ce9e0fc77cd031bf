/* kon-chart-view.h: the organisation chart as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The boxes placed by KonChartLayout under a zoom and pan, the lines to
 * the parents beneath them.  Each box in view is a real, focusable button
 * (its accessible name is the body's name); boxes out of view have none,
 * so a chart of thousands of bodies costs what is on screen.  Activating
 * a body emits KonChartView::body-activated with its UUID.  Zoom with
 * Ctrl+scroll, + and -, 0 shows all; pan by dragging or scrolling.  The
 * chart is one Tab stop (the body last focused or clicked); the arrow
 * keys move between bodies (up to the body that set one up, down to the
 * bodies it set up, left and right along a row), Enter opens one.
 * The chart is read in a thread, and follows its KonStore's changes by
 * reading again what changed.
 */

#pragma once

#include <gtk/gtk.h>

#include "kon-chart-layout.h"
#include "kon-store.h"

G_BEGIN_DECLS

#define KON_TYPE_CHART_VIEW (kon_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (KonChartView, kon_chart_view, KON, CHART_VIEW, GtkWidget)

GtkWidget      *kon_chart_view_new        (void);

KonStore       *kon_chart_view_get_store  (KonChartView *self);
void            kon_chart_view_set_store  (KonChartView *self,
                                           KonStore     *store);

/* (transfer none) (nullable): the layout shown, with each body's
 * warnings; replaced on every reload (notify::layout) */
KonChartLayout *kon_chart_view_get_layout (KonChartView *self);

double          kon_chart_view_get_zoom   (KonChartView *self);
void            kon_chart_view_zoom_in    (KonChartView *self);
void            kon_chart_view_zoom_out   (KonChartView *self);
/* Shows the whole chart, no larger than its natural size */
void            kon_chart_view_zoom_fit   (KonChartView *self);

/* Moves the view to a body's box and gives it the keyboard focus */
gboolean        kon_chart_view_focus_body (KonChartView *self,
                                           const char   *body_uuid);

G_END_DECLS
