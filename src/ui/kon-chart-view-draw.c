/* kon-chart-view-draw.c: the organisation chart's boxes measured and drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each box's text (the body's name, bold and wrapped, and its members
 * per side as a caption) is laid out by pango in the widget's font once,
 * and kept by body UUID while it reads the same: the layout asks for
 * every box's size on every change, and a chart of 2,000 bodies would
 * otherwise measure 4,000 texts each time.  Drawing takes what is in
 * view: the lines, the cards (a box's button draws its own; a box
 * without one yet is drawn here) and, when it can be read, the text.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-chart-view-private.h"

/* The top edge's colour per kind of body, as in the CSS, for the boxes
 * drawn without a button */
static const GdkRGBA kind_colours[] = {
  [KON_BODY_KIND_DIALOGMOTE] = { 0.208, 0.518, 0.894, 1 },
  [KON_BODY_KIND_PARTNERSKAPSMOTE] = { 0.208, 0.518, 0.894, 1 },
  [KON_BODY_KIND_SSU] = { 0.149, 0.635, 0.412, 1 },
  [KON_BODY_KIND_AREA_COMMITTEE] = { 0.149, 0.635, 0.412, 1 },
  [KON_BODY_KIND_FSU] = { 0.569, 0.255, 0.675, 1 },
  [KON_BODY_KIND_SECRETARIAT] = { 0.569, 0.255, 0.675, 1 },
  [KON_BODY_KIND_WORKING_GROUP] = { 0.784, 0.533, 0.0, 1 },
  [KON_BODY_KIND_COUNCIL] = { 0.467, 0.463, 0.482, 1 },
  [KON_BODY_KIND_OTHER] = { 0.467, 0.463, 0.482, 1 },
};

void
_kon_chart_view_box_text_free (BoxText *text)
{
  g_free (text->title);
  g_free (text->counts);
  g_clear_object (&text->name);
  g_clear_object (&text->caption);
  g_free (text);
}

static char *
box_title (const KonChartBox *box)
{
  if (box->short_name != NULL && box->short_name[0] != '\0'
      && !g_str_has_prefix (box->name, box->short_name))
    /* Translators: a body's name and short name in the organisation chart:
     * "Strategisk samarbeidsutvalg (SSU)" */
    return g_strdup_printf (_("%s (%s)"), box->name, box->short_name);
  return g_strdup (box->name);
}

gboolean
_kon_chart_view_in_view (KonChartView      *self,
                         const KonChartBox *box,
                         int                width,
                         int                height)
{
  double left = self->origin_x + box->x * self->zoom;
  double top = self->origin_y + box->y * self->zoom;

  return left < width && left + box->width * self->zoom > 0
         && top < height && top + box->height * self->zoom > 0;
}

/* Measuring: each box's name (bold, wrapped, centred) and its counts
 * (caption), laid out by pango with the widget's font once, and kept for
 * drawing until the text changes */

static PangoLayout *
create_text (KonChartView *self,
             const char   *text,
             gboolean      bold,
             double        scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_attr_list_unref (attrs);

  return layout;
}

void
_kon_chart_view_measure_box (const KonChartBox *box,
                             double            *width,
                             double            *height,
                             gpointer           user_data)
{
  KonChartView *self = user_data;
  g_autofree char *title = box_title (box);
  BoxText *text = g_hash_table_lookup (self->texts, box->body_uuid);
  gboolean warning = box->n_warnings > 0;
  double icon = warning ? ICON_SIZE + ICON_GAP : 0;
  int w, h, name_height, caption_height;

  if (text == NULL || text->warning != warning || g_strcmp0 (text->title, title) != 0
      || g_strcmp0 (text->counts, box->counts) != 0)
    {
      text = g_new0 (BoxText, 1);
      text->title = g_steal_pointer (&title);
      text->counts = g_strdup (box->counts);
      text->warning = warning;
      text->name = create_text (self, text->title, TRUE, 1.0);
      text->caption = create_text (self, text->counts, FALSE, CAPTION_SCALE);

      pango_layout_get_pixel_size (text->name, &w, NULL);
      w = CLAMP (w + 2 * PAD_X + icon, MIN_BOX_WIDTH, MAX_BOX_WIDTH);
      pango_layout_set_width (text->name, (int) ((w - 2 * PAD_X - icon) * PANGO_SCALE));
      pango_layout_set_width (text->caption, (int) ((w - 2 * PAD_X) * PANGO_SCALE));
      pango_layout_get_pixel_size (text->name, NULL, &name_height);
      pango_layout_get_pixel_size (text->caption, NULL, &caption_height);
      h = PAD_TOP + MAX (name_height, warning ? ICON_SIZE : 0) + LINE_GAP + caption_height + PAD_BOTTOM;

      text->width = w;
      text->height = h;
      text->name_height = MAX (name_height, warning ? ICON_SIZE : 0);
      g_hash_table_replace (self->texts, g_strdup (box->body_uuid), text);
    }

  *width = text->width;
  *height = text->height;
}

static GtkIconPaintable *
get_warning_icon (KonChartView *self)
{
  if (self->warning_icon == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

      self->warning_icon = gtk_icon_theme_lookup_icon (theme, "dialog-warning-symbolic", NULL, ICON_SIZE,
                                                       gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                                       gtk_widget_get_direction (GTK_WIDGET (self)), 0);
    }
  return self->warning_icon;
}

static void
snapshot_text (KonChartView      *self,
               GtkSnapshot       *snapshot,
               const KonChartBox *box,
               const GdkRGBA     *colours)
{
  BoxText *text = g_hash_table_lookup (self->texts, box->body_uuid);
  GdkRGBA dim = colours[0];

  if (text == NULL)
    return;
  dim.alpha *= 0.55;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->origin_x + box->x * self->zoom,
                                                          self->origin_y + box->y * self->zoom));
  gtk_snapshot_scale (snapshot, self->zoom, self->zoom);

  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD_X, PAD_TOP));
  gtk_snapshot_append_layout (snapshot, text->name, &colours[0]);
  if (box->n_warnings > 0)
    {
      GtkIconPaintable *icon = get_warning_icon (self);
      double x = box->width - 2 * PAD_X - ICON_SIZE;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, 0));
      /* the icon in the warning colour, as GtkImage.warning draws it */
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                ICON_SIZE, ICON_SIZE, &colours[2], 3);
      gtk_snapshot_restore (snapshot);
    }
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, text->name_height + LINE_GAP));
  gtk_snapshot_append_layout (snapshot, text->caption, &dim);

  gtk_snapshot_restore (snapshot);
}

/* A box in view without a button yet (just panned into view, or far
 * zoomed out): its card as libadwaita's .card draws it, near enough */
static void
snapshot_plain_box (KonChartView      *self,
                    GtkSnapshot       *snapshot,
                    const KonChartBox *box,
                    const GdkRGBA     *card,
                    const GdkRGBA     *fg)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (self->origin_x + box->x * self->zoom,
                                             self->origin_y + box->y * self->zoom,
                                             box->width * self->zoom,
                                             box->height * self->zoom);
  graphene_rect_t top = rect;
  GskRoundedRect outline;
  GdkRGBA edge = *fg;
  GdkRGBA edges[4];
  float widths[4] = { 1, 1, 1, 1 };

  edge.alpha *= 0.12;
  for (guint i = 0; i < 4; i++)
    edges[i] = edge;

  gsk_rounded_rect_init_from_rect (&outline, &rect, 12 * self->zoom);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, card, &rect);
  top.size.height = MAX (1.0, 4 * self->zoom);
  if ((guint) box->kind < G_N_ELEMENTS (kind_colours))
    gtk_snapshot_append_color (snapshot, &kind_colours[box->kind], &top);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &outline, widths, edges);
}

void
_kon_chart_view_draw (KonChartView *self,
                      GtkSnapshot  *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  /* the text; [1] unused; warning, error and success, the colours a
   * symbolic icon takes (the warning icon is drawn in the first) */
  GdkRGBA colours[5] = { { 0, }, };
  GdkRGBA card = { 1, 1, 1, 1 };
  GdkRGBA line;
  double left, top, right, bottom;
  guint n;
  cairo_t *cr;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &colours[0]);
  if (!gtk_style_context_lookup_color (style, "warning_color", &colours[2]))
    colours[2] = (GdkRGBA) { 0.682, 0.482, 0.012, 1 };
  if (!gtk_style_context_lookup_color (style, "error_color", &colours[3]))
    colours[3] = (GdkRGBA) { 0.753, 0.110, 0.157, 1 };
  if (!gtk_style_context_lookup_color (style, "success_color", &colours[4]))
    colours[4] = (GdkRGBA) { 0.106, 0.522, 0.267, 1 };
  gtk_style_context_lookup_color (style, "card_bg_color", &card);
  G_GNUC_END_IGNORE_DEPRECATIONS
  line = colours[0];
  line.alpha *= 0.45;

  n = kon_chart_layout_get_n_boxes (self->layout);
  left = -self->origin_x / self->zoom;
  top = -self->origin_y / self->zoom;
  right = left + width / self->zoom;
  bottom = top + height / self->zoom;

  /* Lines beneath, as one path */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, self->origin_x, self->origin_y);
  cairo_scale (cr, self->zoom, self->zoom);
  gdk_cairo_set_source_rgba (cr, &line);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      KonChartPoint p[4];

      if (!kon_chart_layout_get_line (self->layout, i, p))
        continue;
      /* Only what crosses the view: a large chart is mostly out of it */
      if (MAX (p[0].x, p[2].x) < left || MIN (p[0].x, p[2].x) > right
          || p[0].y < top || p[3].y > bottom)
        continue;
      cairo_move_to (cr, p[0].x, p[0].y);
      for (guint k = 1; k < 4; k++)
        cairo_line_to (cr, p[k].x, p[k].y);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);

  /* The cards: buttons, or drawn */
  for (guint i = 0; i < n; i++)
    {
      const KonChartBox *box = kon_chart_layout_get_box (self->layout, i);

      if (self->box_buttons[i] != NULL)
        gtk_widget_snapshot_child (widget, self->box_buttons[i], snapshot);
      else if (_kon_chart_view_in_view (self, box, width, height))
        snapshot_plain_box (self, snapshot, box, &card, &colours[0]);
    }

  /* The text above them, when it can be read */
  if (self->zoom >= TEXT_MIN_ZOOM)
    for (guint i = 0; i < n; i++)
      {
        const KonChartBox *box = kon_chart_layout_get_box (self->layout, i);

        if (_kon_chart_view_in_view (self, box, width, height))
          snapshot_text (self, snapshot, box, colours);
      }
}
