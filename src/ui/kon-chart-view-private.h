/* kon-chart-view-private.h: what the chart view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kon-chart-view.c: the data, the layout, the buttons, input;
 * kon-chart-view-draw.c: each box's text measured and the chart drawn.
 */

#pragma once

#include "kon-chart-view.h"

G_BEGIN_DECLS

#define ZOOM_STEP      1.25
#define ZOOM_MIN       0.1
#define ZOOM_MAX       4.0
#define FIT_MARGIN     24.0
#define KEEP_VISIBLE   48.0
#define MIN_BOX_WIDTH  150
#define MAX_BOX_WIDTH  240
#define DRAG_THRESHOLD 8.0
#define WHEEL_STEP     48.0

/* A box's insides, as the CSS in kon-chart-view.c pads a button */
#define PAD_X          11.0     /* 10px padding and 1px border */
#define PAD_TOP        12.0     /* 8px padding and a 4px top border */
#define PAD_BOTTOM     9.0
#define LINE_GAP       2.0
#define ICON_SIZE      16.0
#define ICON_GAP       6.0
#define CAPTION_SCALE  0.8333   /* libadwaita's .caption: 10pt of 12 */

/* Below this zoom text is too small to read: boxes only */
#define TEXT_MIN_ZOOM  0.3
/* Widgets for at most this many boxes in view */
#define MAX_BUTTONS    400

/* A box's text as measured, kept by body UUID while it reads the same */
typedef struct
{
  char        *title;
  char        *counts;
  gboolean     warning;
  PangoLayout *name;
  PangoLayout *caption;
  double       width;
  double       height;
  double       name_height;
} BoxText;

struct _KonChartView
{
  GtkWidget       parent_instance;

  KonStore       *store;
  gulong          changed_id;

  KonChartData   *data;               /* what the layout is made from */
  GCancellable   *loading;            /* reading data in a thread */
  gboolean        load_again;         /* a change came while reading */
  gboolean        relayout_on_map;    /* changed while not shown */
  gboolean        painted;            /* the window painted a frame */
  guint           buttons_id;         /* an idle that gives boxes in view buttons */
  double          buttons_for[5];     /* the view they were given for */
  guint           relayout_id;        /* an idle that lays out again */

  KonChartLayout *layout;
  GHashTable     *texts;              /* body uuid → BoxText */
  GtkWidget     **box_buttons;        /* per box: its button, or NULL */
  guint           n_box_buttons;
  GPtrArray      *spare_buttons;      /* buttons without a box, hidden */
  int             tab_index;          /* the box that is the chart's one Tab stop */

  double          zoom;
  double          origin_x;           /* where chart 0,0 is, in widget pixels */
  double          origin_y;
  gboolean        fit_pending;        /* fit at the next allocation */
  gboolean        first_view;         /* the fit is the store's first */

  double          drag_origin_x;
  double          drag_origin_y;
  gboolean        dragging;

  gboolean        report_chart_frame; /* KONSENSUS_REPORT_CHART_FRAME */
  GtkIconPaintable *warning_icon;
};

/* kon-chart-view-draw.c */
void     _kon_chart_view_box_text_free (BoxText           *text);
gboolean _kon_chart_view_in_view       (KonChartView      *self,
                                        const KonChartBox *box,
                                        int                width,
                                        int                height);
/* A KonChartMeasureFunc; user_data: the view */
void     _kon_chart_view_measure_box   (const KonChartBox *box,
                                        double            *width,
                                        double            *height,
                                        gpointer           user_data);
/* The lines, the cards (the buttons, or drawn), the text */
void     _kon_chart_view_draw          (KonChartView      *self,
                                        GtkSnapshot       *snapshot);

G_END_DECLS
