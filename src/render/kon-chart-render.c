/* kon-chart-render.c: the organisation chart on paper (cairo + pango)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All text is laid out by one PangoContext at 72 dpi with metric hinting
 * off, so a box measured here has the same size on every surface and at
 * every scale: a point in the layout is a point on paper.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "kon-chart-render.h"
#include "kon-date.h"
#include "kon-render-file.h"

#define PAD            8.0
#define LINE_GAP       3.0
#define MIN_BOX_WIDTH  140.0
#define MAX_BOX_WIDTH  210.0
#define WARNING_SIZE   12.0
#define PAGE_MARGIN    36.0
#define TITLE_GAP      14.0
#define MAX_SCALE      1.5

#define NAME_FONT      "Cantarell, DejaVu Sans, Sans Bold 10"
#define COUNTS_FONT    "Cantarell, DejaVu Sans, Sans 9"
#define TITLE_FONT     "Cantarell, DejaVu Sans, Sans Bold 14"
#define SUBTITLE_FONT  "Cantarell, DejaVu Sans, Sans 11"

typedef struct
{
  double fill[3];
  double stroke[3];
  gboolean dashed;
} BoxStyle;

typedef struct
{
  KonChartLayout *layout;
  char           *community_name;
  GDate           date;
  KonChartFormat  format;
  GFile          *file;
} ExportData;

G_DEFINE_QUARK (kon-chart-render-error-quark, kon_chart_render_error)

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->layout, kon_chart_layout_unref);
  g_clear_pointer (&data->community_name, g_free);
  g_clear_object (&data->file);
  g_free (data);
}

static void
style_for_kind (KonBodyKind  kind,
                BoxStyle    *style)
{
  static const BoxStyle styles[] = {
    /* top: Dialogmøte, Partnerskapsmøte */
    { { 0.839, 0.894, 0.961 }, { 0.102, 0.302, 0.502 }, FALSE },
    /* strategic and area bodies */
    { { 0.851, 0.937, 0.914 }, { 0.122, 0.420, 0.353 }, FALSE },
    /* professional bodies and the secretariat */
    { { 0.925, 0.902, 0.961 }, { 0.333, 0.235, 0.545 }, FALSE },
    /* time-limited working groups */
    { { 0.984, 0.933, 0.835 }, { 0.541, 0.353, 0.000 }, TRUE },
    /* standing councils, others */
    { { 0.933, 0.933, 0.933 }, { 0.333, 0.333, 0.333 }, FALSE },
  };
  guint i;

  switch (kind)
    {
    case KON_BODY_KIND_DIALOGMOTE:
    case KON_BODY_KIND_PARTNERSKAPSMOTE:
      i = 0;
      break;
    case KON_BODY_KIND_SSU:
    case KON_BODY_KIND_AREA_COMMITTEE:
      i = 1;
      break;
    case KON_BODY_KIND_FSU:
    case KON_BODY_KIND_SECRETARIAT:
      i = 2;
      break;
    case KON_BODY_KIND_WORKING_GROUP:
      i = 3;
      break;
    case KON_BODY_KIND_COUNCIL:
    case KON_BODY_KIND_OTHER:
    default:
      i = 4;
      break;
    }
  *style = styles[i];
}

static PangoLayout *
create_text (PangoContext *context,
             const char   *font,
             const char   *text,
             double        width,
             PangoAlignment alignment)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_alignment (layout, alignment);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_font_description_free (desc);

  return layout;
}

static char *
box_title (const KonChartBox *box)
{
  if (box->short_name != NULL && box->short_name[0] != '\0'
      && g_strcmp0 (box->short_name, box->name) != 0
      && !g_str_has_prefix (box->name, box->short_name))
    /* Translators: a body's name and short name in its box of the
     * organisation chart: "Strategisk samarbeidsutvalg (SSU)" */
    return g_strdup_printf (_("%s (%s)"), box->name, box->short_name);
  return g_strdup (box->name);
}

static double
text_width (const KonChartBox *box,
            double             box_width)
{
  return box_width - 2 * PAD - (box->n_warnings > 0 ? WARNING_SIZE + 2 : 0);
}

static void
measure_box (const KonChartBox *box,
             double            *width,
             double            *height,
             gpointer           user_data)
{
  PangoContext *context = user_data;
  g_autofree char *title = box_title (box);
  g_autoptr(PangoLayout) name = create_text (context, NAME_FONT, title, -1, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) counts = NULL;
  PangoRectangle logical;
  double w, name_height, counts_height;

  pango_layout_get_extents (name, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE + 2 * PAD
      + (box->n_warnings > 0 ? WARNING_SIZE + 2 : 0);
  w = CLAMP (w, MIN_BOX_WIDTH, MAX_BOX_WIDTH);

  pango_layout_set_width (name, (int) (text_width (box, w) * PANGO_SCALE));
  pango_layout_set_wrap (name, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_extents (name, NULL, &logical);
  name_height = (double) logical.height / PANGO_SCALE;

  counts = create_text (context, COUNTS_FONT, box->counts, text_width (box, w), PANGO_ALIGN_CENTER);
  pango_layout_get_extents (counts, NULL, &logical);
  counts_height = (double) logical.height / PANGO_SCALE;

  *width = w;
  *height = PAD + name_height + LINE_GAP + counts_height + PAD;
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_warning_mark (cairo_t *cr,
                   double   x,
                   double   y)
{
  double s = WARNING_SIZE;

  /* A triangle with an exclamation mark, drawn, so it needs no font */
  cairo_save (cr);
  cairo_move_to (cr, x + s / 2, y);
  cairo_line_to (cr, x + s, y + s * 0.9);
  cairo_line_to (cr, x, y + s * 0.9);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.898, 0.647, 0.039);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.35, 0.22, 0.0);
  cairo_set_line_width (cr, 0.8);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_rectangle (cr, x + s / 2 - 0.7, y + s * 0.3, 1.4, s * 0.32);
  cairo_fill (cr);
  cairo_arc (cr, x + s / 2, y + s * 0.74, 0.85, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_with_context (cairo_t        *cr,
                   KonChartLayout *layout,
                   PangoContext   *context)
{
  guint n = kon_chart_layout_get_n_boxes (layout);

  cairo_save (cr);
  pango_cairo_update_context (cr, context);

  /* Lines first, so boxes sit on top of them */
  cairo_set_source_rgb (cr, 0.33, 0.33, 0.33);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      KonChartPoint p[4];

      if (!kon_chart_layout_get_line (layout, i, p))
        continue;
      cairo_move_to (cr, p[0].x, p[0].y);
      for (guint k = 1; k < 4; k++)
        cairo_line_to (cr, p[k].x, p[k].y);
    }
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      const KonChartBox *box = kon_chart_layout_get_box (layout, i);
      g_autofree char *title = box_title (box);
      g_autoptr(PangoLayout) name = NULL;
      g_autoptr(PangoLayout) counts = NULL;
      double tw = text_width (box, box->width);
      PangoRectangle logical;
      double y;
      BoxStyle style;

      style_for_kind (box->kind, &style);
      rounded_rectangle (cr, box->x + 0.5, box->y + 0.5, box->width - 1, box->height - 1, 5);
      cairo_set_source_rgb (cr, style.fill[0], style.fill[1], style.fill[2]);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, style.stroke[0], style.stroke[1], style.stroke[2]);
      cairo_set_line_width (cr, 1.0);
      if (style.dashed)
        {
          static const double dash[] = { 4.0, 2.5 };

          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      name = create_text (context, NAME_FONT, title, tw, PANGO_ALIGN_CENTER);
      counts = create_text (context, COUNTS_FONT, box->counts, tw, PANGO_ALIGN_CENTER);

      y = box->y + PAD;
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_move_to (cr, box->x + PAD, y);
      pango_cairo_show_layout (cr, name);
      pango_layout_get_extents (name, NULL, &logical);
      y += (double) logical.height / PANGO_SCALE + LINE_GAP;

      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_move_to (cr, box->x + PAD, y);
      pango_cairo_show_layout (cr, counts);

      if (box->n_warnings > 0)
        draw_warning_mark (cr, box->x + box->width - PAD - WARNING_SIZE, box->y + PAD);
    }

  cairo_restore (cr);
}

static void
draw_fitted_with_context (cairo_t                 *cr,
                          KonChartLayout          *layout,
                          const cairo_rectangle_t *area,
                          PangoContext            *context)
{
  double width, height, scale;

  kon_chart_layout_get_size (layout, &width, &height);
  if (width <= 0 || height <= 0 || area->width <= 0 || area->height <= 0)
    return;

  scale = MIN (area->width / width, area->height / height);
  scale = MIN (scale, MAX_SCALE);

  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  cairo_translate (cr,
                   area->x + (area->width - width * scale) / 2,
                   area->y + (area->height - height * scale) / 2);
  cairo_scale (cr, scale, scale);
  draw_with_context (cr, layout, context);
  cairo_restore (cr);
}

static void
draw_page_with_context (cairo_t                 *cr,
                        KonChartLayout          *layout,
                        const char              *community_name,
                        const GDate             *date,
                        const cairo_rectangle_t *area,
                        PangoContext            *context)
{
  g_autofree char *date_text = date != NULL ? kon_date_format (date) : g_strdup ("");
  g_autofree char *heading = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) when = NULL;
  PangoRectangle logical;
  cairo_rectangle_t chart;
  double title_height, when_width;

  cairo_save (cr);
  pango_cairo_update_context (cr, context);

  if (community_name != NULL && community_name[0] != '\0')
    /* Translators: the title line of a printed organisation chart; %s is
     * the community's name */
    heading = g_strdup_printf (_("Organisation chart: %s"), community_name);
  else
    heading = g_strdup (_("Organisation chart"));

  when = create_text (context, SUBTITLE_FONT, date_text, -1, PANGO_ALIGN_RIGHT);
  pango_layout_get_extents (when, NULL, &logical);
  when_width = (double) logical.width / PANGO_SCALE;

  title = create_text (context, TITLE_FONT, heading, MAX (1.0, area->width - when_width - 12),
                       PANGO_ALIGN_LEFT);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_set_wrap (title, PANGO_WRAP_WORD);
  pango_layout_set_height (title, -1);
  pango_layout_get_extents (title, NULL, &logical);
  title_height = (double) logical.height / PANGO_SCALE;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, area->x, area->y);
  pango_cairo_show_layout (cr, title);
  /* the date on the same baseline, at the right */
  cairo_move_to (cr, area->x + area->width - when_width,
                 area->y + (pango_layout_get_baseline (title) - pango_layout_get_baseline (when))
                           / (double) PANGO_SCALE);
  pango_cairo_show_layout (cr, when);

  /* A rule under the title */
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, area->x, area->y + title_height + TITLE_GAP / 2);
  cairo_line_to (cr, area->x + area->width, area->y + title_height + TITLE_GAP / 2);
  cairo_stroke (cr);
  cairo_restore (cr);

  chart.x = area->x;
  chart.y = area->y + title_height + TITLE_GAP;
  chart.width = area->width;
  chart.height = area->height - title_height - TITLE_GAP;
  draw_fitted_with_context (cr, layout, &chart, context);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (kon_chart_render_export (data->layout, data->community_name,
                               g_date_valid (&data->date) ? &data->date : NULL,
                               data->format, data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

KonChartLayout *
kon_chart_render_layout (const KonCommunity *community,
                         GPtrArray          *partners,
                         GPtrArray          *bodies,
                         GPtrArray          *roles,
                         const GDate        *date)
{
  PangoContext *context;
  KonChartLayout *layout;
  KonChartMetrics metrics = {
    .box_width = MIN_BOX_WIDTH,
    .box_height = 48,
    .h_gap = 18,
    .v_gap = 36,
    .measure = measure_box,
  };

  g_return_val_if_fail (bodies != NULL, NULL);

  context = kon_render_create_pango_context ();
  metrics.measure_data = context;
  layout = kon_chart_layout_new (community, partners, bodies, roles, date, &metrics);
  g_object_unref (context);

  return layout;
}

void
kon_chart_render_draw (cairo_t        *cr,
                       KonChartLayout *layout)
{
  PangoContext *context;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

  context = kon_render_create_pango_context ();
  draw_with_context (cr, layout, context);
  g_object_unref (context);
}

void
kon_chart_render_draw_fitted (cairo_t                 *cr,
                              KonChartLayout          *layout,
                              const cairo_rectangle_t *area)
{
  PangoContext *context;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (area != NULL);

  context = kon_render_create_pango_context ();
  draw_fitted_with_context (cr, layout, area, context);
  g_object_unref (context);
}

void
kon_chart_render_draw_page (cairo_t                 *cr,
                            KonChartLayout          *layout,
                            const char              *community_name,
                            const GDate             *date,
                            const cairo_rectangle_t *area)
{
  PangoContext *context;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (area != NULL);

  context = kon_render_create_pango_context ();
  draw_page_with_context (cr, layout, community_name, date, area, context);
  g_object_unref (context);
}

typedef struct
{
  KonChartLayout *layout;
  const char     *community_name;
  const GDate    *date;
} ChartPageData;

static void
draw_export_page (cairo_t  *cr,
                  gpointer  user_data)
{
  ChartPageData *page = user_data;
  cairo_rectangle_t area = {
    PAGE_MARGIN, PAGE_MARGIN,
    KON_CHART_PAGE_WIDTH - 2 * PAGE_MARGIN, KON_CHART_PAGE_HEIGHT - 2 * PAGE_MARGIN
  };

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  kon_chart_render_draw_page (cr, page->layout, page->community_name, page->date, &area);
  cairo_show_page (cr);
}

gboolean
kon_chart_render_export (KonChartLayout  *layout,
                         const char      *community_name,
                         const GDate     *date,
                         KonChartFormat   format,
                         GFile           *file,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autofree char *title = NULL;
  g_autoptr(GError) local_error = NULL;
  ChartPageData page = { layout, community_name, date };

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  title = community_name != NULL && community_name[0] != '\0'
          ? g_strdup_printf (_("Organisation chart: %s"), community_name)
          : g_strdup (_("Organisation chart"));
  if (kon_render_write_file (file, format == KON_CHART_FORMAT_SVG ? KON_RENDER_FORMAT_SVG : KON_RENDER_FORMAT_PDF,
                             KON_CHART_PAGE_WIDTH, KON_CHART_PAGE_HEIGHT, title,
                             draw_export_page, &page, cancellable, &local_error))
    return TRUE;

  {
    g_autofree char *name = g_file_get_parse_name (file);

    g_set_error (error, local_error->domain, local_error->code,
                 /* Translators: %s is a file name, then the reason */
                 _("The chart could not be saved as “%s”: %s"), name, local_error->message);
  }
  return FALSE;
}

void
kon_chart_render_export_async (KonChartLayout      *layout,
                               const char          *community_name,
                               const GDate         *date,
                               KonChartFormat       format,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->layout = kon_chart_layout_ref (layout);
  data->community_name = g_strdup (community_name);
  g_date_clear (&data->date, 1);
  if (date != NULL && g_date_valid (date))
    data->date = *date;
  data->format = format;
  data->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kon_chart_render_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
kon_chart_render_export_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
