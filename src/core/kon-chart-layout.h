/* kon-chart-layout.h: the organisation chart as boxes and lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pure computation (no GTK, no SQL): from the bodies, roles and
 * partners of a community, one box per body with its text, its members
 * per side, its warnings and its place in a tidy tree (children under
 * their parent, centred; no two boxes overlap), and the line from each
 * box to its parent.  The same input always gives the same layout.
 * Units are abstract (the renderer uses points, the widget pixels).
 */

#pragma once

#include "kon-composition.h"
#include "kon-org.h"

G_BEGIN_DECLS

/* The composition rules (kon-composition.h) a body breaks, then where
 * its place in the tree is wrong */
typedef enum
{
  KON_CHART_WARNING_USER_REPRESENTATIVES = KON_COMPOSITION_USER_REPRESENTATIVES,
  KON_CHART_WARNING_GP_REPRESENTATIVES = KON_COMPOSITION_GP_REPRESENTATIVES,
  KON_CHART_WARNING_UNEQUAL_SIDES = KON_COMPOSITION_UNEQUAL_SIDES,
  KON_CHART_WARNING_VACANT_SEATS = KON_COMPOSITION_VACANT_SEATS,
  KON_CHART_WARNING_PAST_DEADLINE = KON_COMPOSITION_PAST_DEADLINE,
  KON_CHART_WARNING_MISSING_PARENT = KON_COMPOSITION_N_RULES,  /* parent UUID names no body */
  KON_CHART_WARNING_PARENT_CYCLE,          /* parents form a loop */
} KonChartWarningKind;

typedef struct
{
  KonChartWarningKind  kind;
  char                *message;            /* translated, one sentence */
  KonSide              side;               /* as KonCompositionWarning; NONE */
  guint                count;              /*   and 0 for the tree's warnings */
  guint                required;
} KonChartWarning;

typedef struct
{
  double x;
  double y;
} KonChartPoint;

typedef struct
{
  char             *body_uuid;
  KonBodyKind       kind;
  char             *name;
  char             *short_name;            /* nullable */
  char             *counts;                /* translated: "HF 7 · Municipalities 7" */
  gboolean          has_sides;             /* counts are per side */
  guint             n_hf;                  /* members (member, leader, deputy leader) */
  guint             n_municipal;
  guint             n_other;               /* members who represent no side */
  int               parent;                /* index of the parent's box, -1: none */
  guint             depth;                 /* 0 for a top-level body */
  double            x;                     /* top left */
  double            y;
  double            width;
  double            height;
  KonChartWarning  *warnings;
  guint             n_warnings;
} KonChartBox;

/* Called once per box, after its text is known and before the boxes are
 * placed, to give its size; without it every box is box_width × box_height. */
typedef void (*KonChartMeasureFunc) (const KonChartBox *box,
                                     double            *width,
                                     double            *height,
                                     gpointer           user_data);

typedef struct
{
  double               box_width;          /* 0: 200 */
  double               box_height;         /* 0: 64 */
  double               h_gap;              /* 0: 24, between neighbours */
  double               v_gap;              /* 0: 48, between levels */
  KonChartMeasureFunc  measure;            /* nullable */
  gpointer             measure_data;
} KonChartMetrics;

typedef struct _KonChartLayout KonChartLayout;

#define KON_TYPE_CHART_LAYOUT (kon_chart_layout_get_type ())

GType              kon_chart_layout_get_type     (void) G_GNUC_CONST;

/* community, partners and roles are nullable; roles are all roles of all
 * bodies.  date: the day to show (roles in force on it, deadlines passed
 * by it), or NULL to count every role and check no deadline. */
KonChartLayout    *kon_chart_layout_new          (const KonCommunity    *community,
                                                  GPtrArray             *partners,
                                                  GPtrArray             *bodies,
                                                  GPtrArray             *roles,
                                                  const GDate           *date,
                                                  const KonChartMetrics *metrics);
KonChartLayout    *kon_chart_layout_ref          (KonChartLayout        *self);
void               kon_chart_layout_unref        (KonChartLayout        *self);

guint              kon_chart_layout_get_n_boxes  (KonChartLayout        *self);
const KonChartBox *kon_chart_layout_get_box      (KonChartLayout        *self,
                                                  guint                  index);
/* -1 when no box has that UUID */
int                kon_chart_layout_find_box     (KonChartLayout        *self,
                                                  const char            *body_uuid);
/* The bounding size of all boxes; boxes start at 0,0 */
void               kon_chart_layout_get_size     (KonChartLayout        *self,
                                                  double                *width,
                                                  double                *height);
/* The line from box index to its parent as an elbow of 4 points (the
 * child's top centre, up to halfway between the levels, across, up to the
 * parent's bottom centre).  FALSE for a top-level box. */
gboolean           kon_chart_layout_get_line     (KonChartLayout        *self,
                                                  guint                  index,
                                                  KonChartPoint          points[4]);

/* Everything a chart is drawn from, read from @store: the community (may
 * be NULL), partners, bodies and the roles of all bodies. */
typedef struct
{
  KonCommunity *community;
  GPtrArray    *partners;
  GPtrArray    *bodies;
  GPtrArray    *roles;
} KonChartData;

KonChartData      *kon_chart_data_load           (KonStore              *store,
                                                  GError               **error);
/* The same in a thread, on a worker connection of @store's
 * (kon_store_open_worker()), so a large organisation is read while the
 * window paints.  Fails when there can be no worker connection:
 * kon_chart_data_load() then. */
void               kon_chart_data_load_async     (KonStore              *store,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
KonChartData      *kon_chart_data_load_finish    (GAsyncResult          *result,
                                                  GError               **error);

/* Brings @data up to date with one change in @store, as
 * KonStore::changed tells it: the row @uuid of @table read again (or
 * dropped), or, with @uuid NULL, every row of @table ("community",
 * "partner", "body", "role"; persons are not in a chart).  Returns FALSE
 * when only reading everything again will do (an unknown table, an
 * error, which is set). */
gboolean           kon_chart_data_apply_change   (KonChartData          *data,
                                                  KonStore              *store,
                                                  const char            *table,
                                                  const char            *uuid,
                                                  KonStoreChange         change,
                                                  GError               **error);
void               kon_chart_data_free           (KonChartData          *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonChartLayout, kon_chart_layout_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KonChartData, kon_chart_data_free)

G_END_DECLS
