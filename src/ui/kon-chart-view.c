/* kon-chart-view.c: the organisation chart as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart is laid out in chart units (one unit is one pixel at zoom 1).
 * A child button is allocated at its box's size, with a transform that
 * puts the box at origin + box × zoom and scales it by zoom, so input,
 * focus and accessibility all see the real widget where it is drawn.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kon-chart-view.h"
#include "kon-org.h"

#define ZOOM_STEP      1.25
#define ZOOM_MIN       0.1
#define ZOOM_MAX       4.0
#define FIT_MARGIN     24.0
#define KEEP_VISIBLE   48.0
#define MIN_BOX_WIDTH  150
#define MAX_BOX_WIDTH  240
#define DRAG_THRESHOLD 8.0
#define WHEEL_STEP     48.0

struct _KonChartView
{
  GtkWidget       parent_instance;

  KonStore       *store;
  gulong          changed_id;
  guint           reload_id;

  KonChartLayout *layout;
  GPtrArray      *buttons;            /* GtkButton per box, in box order */
  GHashTable     *pending;            /* body uuid → GtkButton, while laying out */

  double          zoom;
  double          origin_x;           /* where chart 0,0 is, in widget pixels */
  double          origin_y;
  gboolean        fit_pending;        /* fit at the next allocation */
  gboolean        reload_on_map;      /* the data changed while not shown */

  double          drag_origin_x;
  double          drag_origin_y;
  gboolean        dragging;
};

G_DEFINE_FINAL_TYPE (KonChartView, kon_chart_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_LAYOUT,
  PROP_ZOOM,
  N_PROPS
};

enum
{
  BODY_ACTIVATED,
  LOAD_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *const kind_classes[] = {
  [KON_BODY_KIND_DIALOGMOTE] = "kind-top",
  [KON_BODY_KIND_PARTNERSKAPSMOTE] = "kind-top",
  [KON_BODY_KIND_SSU] = "kind-strategic",
  [KON_BODY_KIND_AREA_COMMITTEE] = "kind-strategic",
  [KON_BODY_KIND_FSU] = "kind-professional",
  [KON_BODY_KIND_SECRETARIAT] = "kind-professional",
  [KON_BODY_KIND_WORKING_GROUP] = "kind-working-group",
  [KON_BODY_KIND_COUNCIL] = "kind-council",
  [KON_BODY_KIND_OTHER] = "kind-council",
};

/* The widget's own look: a coloured top edge per kind of body, in tones
 * that read on light and dark backgrounds */
static const char chart_css[] =
  "konchartview > button.chart-box { padding: 8px 10px; border-top: 4px solid alpha(currentColor, 0.3); }\n"
  "konchartview > button.chart-box.kind-top { border-top-color: #3584e4; }\n"
  "konchartview > button.chart-box.kind-strategic { border-top-color: #26a269; }\n"
  "konchartview > button.chart-box.kind-professional { border-top-color: #9141ac; }\n"
  "konchartview > button.chart-box.kind-working-group { border-top-color: #c88800; border-style: dashed solid solid solid; }\n"
  "konchartview > button.chart-box.kind-council { border-top-color: #77767b; }\n"
  "konchartview > button.chart-box .chart-box-name { font-weight: bold; }\n";

static void kon_chart_view_reload (KonChartView *self);

static void
clamp_origin (KonChartView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double chart_width = 0, chart_height = 0;

  if (self->layout == NULL)
    return;
  kon_chart_layout_get_size (self->layout, &chart_width, &chart_height);
  chart_width *= self->zoom;
  chart_height *= self->zoom;

  /* Some of the chart stays in view, however far it is dragged */
  self->origin_x = CLAMP (self->origin_x, KEEP_VISIBLE - chart_width, MAX (width - KEEP_VISIBLE, 0));
  self->origin_y = CLAMP (self->origin_y, KEEP_VISIBLE - chart_height, MAX (height - KEEP_VISIBLE, 0));
}

static void
set_zoom_at (KonChartView *self,
             double        zoom,
             double        x,
             double        y)
{
  double chart_x, chart_y;

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (zoom == self->zoom)
    return;

  /* Keep the chart point under x, y where it is */
  chart_x = (x - self->origin_x) / self->zoom;
  chart_y = (y - self->origin_y) / self->zoom;
  self->zoom = zoom;
  self->origin_x = x - chart_x * zoom;
  self->origin_y = y - chart_y * zoom;
  self->fit_pending = FALSE;
  clamp_origin (self);

  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
fit (KonChartView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double chart_width = 0, chart_height = 0;
  double zoom;

  if (self->layout == NULL || width <= 0 || height <= 0)
    return;
  kon_chart_layout_get_size (self->layout, &chart_width, &chart_height);
  if (chart_width <= 0 || chart_height <= 0)
    return;

  zoom = MIN ((width - 2 * FIT_MARGIN) / chart_width, (height - 2 * FIT_MARGIN) / chart_height);
  zoom = CLAMP (zoom, ZOOM_MIN, 1.0);
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  self->origin_x = (width - chart_width * zoom) / 2;
  self->origin_y = MAX (FIT_MARGIN, (height - chart_height * zoom) / 2);
  self->fit_pending = FALSE;
}

static void
scroll_to_box (KonChartView *self,
               guint         index)
{
  const KonChartBox *box = kon_chart_layout_get_box (self->layout, index);
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double left = self->origin_x + box->x * self->zoom;
  double top = self->origin_y + box->y * self->zoom;
  double right = left + box->width * self->zoom;
  double bottom = top + box->height * self->zoom;

  if (width <= 0 || height <= 0)
    return;
  if (left < FIT_MARGIN)
    self->origin_x += FIT_MARGIN - left;
  else if (right > width - FIT_MARGIN)
    self->origin_x -= MIN (right - (width - FIT_MARGIN), left - FIT_MARGIN);
  if (top < FIT_MARGIN)
    self->origin_y += FIT_MARGIN - top;
  else if (bottom > height - FIT_MARGIN)
    self->origin_y -= MIN (bottom - (height - FIT_MARGIN), top - FIT_MARGIN);
  self->fit_pending = FALSE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static GtkWidget *
create_button (const KonChartBox *box)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *counts = gtk_label_new (box->counts);
  g_autoptr(GString) description = g_string_new (box->counts);
  g_autofree char *title = NULL;

  if (box->short_name != NULL && box->short_name[0] != '\0'
      && !g_str_has_prefix (box->name, box->short_name))
    /* Translators: a body's name and short name in the organisation chart:
     * "Strategisk samarbeidsutvalg (SSU)" */
    title = g_strdup_printf (_("%s (%s)"), box->name, box->short_name);
  else
    title = g_strdup (box->name);

  gtk_label_set_text (GTK_LABEL (name), title);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 26);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "chart-box-name");
  gtk_box_append (GTK_BOX (title_row), name);

  if (box->n_warnings > 0)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autoptr(GString) tooltip = g_string_new (NULL);

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (title_row), icon);
      for (guint i = 0; i < box->n_warnings; i++)
        {
          if (i > 0)
            g_string_append_c (tooltip, '\n');
          g_string_append (tooltip, box->warnings[i].message);
          g_string_append_c (description, '\n');
          g_string_append (description, box->warnings[i].message);
        }
      gtk_widget_set_tooltip_text (button, tooltip->str);
    }

  gtk_label_set_wrap (GTK_LABEL (counts), TRUE);
  gtk_label_set_justify (GTK_LABEL (counts), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (counts), 26);
  gtk_widget_add_css_class (counts, "caption");
  gtk_widget_add_css_class (counts, "dim-label");

  gtk_box_append (GTK_BOX (content), title_row);
  gtk_box_append (GTK_BOX (content), counts);
  gtk_widget_set_valign (content, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), content);

  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "chart-box");
  if ((guint) box->kind < G_N_ELEMENTS (kind_classes))
    gtk_widget_add_css_class (button, kind_classes[box->kind]);

  /* Found by its name, as a screen reader user or a test looks for it */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, box->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "kon-body-uuid", g_strdup (box->body_uuid), g_free);

  return button;
}

static void
clear_buttons (KonChartView *self)
{
  if (self->buttons == NULL)
    return;
  for (guint i = 0; i < self->buttons->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->buttons, i));
  g_ptr_array_set_size (self->buttons, 0);
}

static void
on_button_clicked_cb (GtkButton    *button,
                      KonChartView *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (button), "kon-body-uuid");

  g_signal_emit (self, signals[BODY_ACTIVATED], 0, uuid);
}

static void
measure_box_cb (const KonChartBox *box,
                double            *width,
                double            *height,
                gpointer           user_data)
{
  KonChartView *self = user_data;
  GtkWidget *button = create_button (box);
  int min_width, nat_width, min_height, nat_height;
  int w;

  g_signal_connect_object (button, "clicked", G_CALLBACK (on_button_clicked_cb), self, 0);
  gtk_widget_set_parent (button, GTK_WIDGET (self));
  g_hash_table_insert (self->pending, box->body_uuid, button);

  gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
  w = MAX (CLAMP (nat_width, MIN_BOX_WIDTH, MAX_BOX_WIDTH), min_width);
  gtk_widget_measure (button, GTK_ORIENTATION_VERTICAL, w, &min_height, &nat_height, NULL, NULL);

  *width = w;
  *height = MAX (min_height, nat_height);
}

/* The chart is laid out when it is on screen: a window that opens on
 * another pane, or on the people list, does not measure a button per body
 * first, and the buttons are measured once, with the window's style. */
static void
reload_when_shown (KonChartView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->reload_on_map = FALSE;
      kon_chart_view_reload (self);
    }
  else
    {
      self->reload_on_map = TRUE;
    }
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  KonChartView *self = user_data;

  self->reload_id = 0;
  reload_when_shown (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (KonStore     *store,
                     const char   *what,
                     KonChartView *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  KonChartView   *self)
{
  self->drag_origin_x = self->origin_x;
  self->drag_origin_y = self->origin_y;
  self->dragging = FALSE;
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          dx,
                   double          dy,
                   KonChartView   *self)
{
  /* A press on a body stays a click until it moves far enough */
  if (!self->dragging && dx * dx + dy * dy < DRAG_THRESHOLD * DRAG_THRESHOLD)
    return;
  if (!self->dragging)
    {
      self->dragging = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }

  self->origin_x = self->drag_origin_x + dx;
  self->origin_y = self->drag_origin_y + dy;
  self->fit_pending = FALSE;
  clamp_origin (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
on_drag_end_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                KonChartView   *self)
{
  if (self->dragging)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  self->dragging = FALSE;
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller,
              double                    dx,
              double                    dy,
              KonChartView             *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  double step = WHEEL_STEP;
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (self->layout == NULL)
    return FALSE;

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    step = 1.0;

  if (state & GDK_CONTROL_MASK)
    {
      double px, py;

      if (event != NULL && gdk_event_get_position (event, &px, &py))
        {
          GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
          graphene_point_t in_native, in_self;
          double sx = 0, sy = 0;

          gtk_native_get_surface_transform (native, &sx, &sy);
          in_native = GRAPHENE_POINT_INIT (px - sx, py - sy);
          if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self), &in_native, &in_self))
            {
              x = in_self.x;
              y = in_self.y;
            }
        }
      if (dy != 0)
        set_zoom_at (self, self->zoom * pow (ZOOM_STEP, -dy * (step == 1.0 ? 0.05 : 1.0)), x, y);
      return TRUE;
    }

  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  self->origin_x -= dx * step;
  self->origin_y -= dy * step;
  self->fit_pending = FALSE;
  clamp_origin (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  return TRUE;
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kon_chart_view_zoom_in (KON_CHART_VIEW (widget));
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kon_chart_view_zoom_out (KON_CHART_VIEW (widget));
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kon_chart_view_zoom_fit (KON_CHART_VIEW (widget));
}

static void
kon_chart_view_reload (KonChartView *self)
{
  g_autoptr(KonChartData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *focused_uuid = NULL;
  GtkWidget *focus_child = gtk_widget_get_focus_child (GTK_WIDGET (self));
  gboolean had_focus = focus_child != NULL && gtk_widget_has_focus (focus_child);
  KonChartMetrics metrics = {
    .box_width = MIN_BOX_WIDTH,
    .box_height = 56,
    .h_gap = 24,
    .v_gap = 48,
    .measure = measure_box_cb,
    .measure_data = self,
  };
  GDate today;

  if (focus_child != NULL)
    focused_uuid = g_strdup (g_object_get_data (G_OBJECT (focus_child), "kon-body-uuid"));

  clear_buttons (self);
  g_clear_pointer (&self->layout, kon_chart_layout_unref);

  if (self->store != NULL)
    data = kon_chart_data_load (self->store, &error);

  if (error != NULL)
    {
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
    }
  else if (data != NULL)
    {
      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));

      self->pending = g_hash_table_new (g_str_hash, g_str_equal);
      self->layout = kon_chart_layout_new (data->community, data->partners, data->bodies,
                                           data->roles, &today, &metrics);
      for (guint i = 0; i < kon_chart_layout_get_n_boxes (self->layout); i++)
        {
          const KonChartBox *box = kon_chart_layout_get_box (self->layout, i);
          GtkWidget *button = g_hash_table_lookup (self->pending, box->body_uuid);

          g_assert (button != NULL);
          g_ptr_array_add (self->buttons, button);
        }
      g_clear_pointer (&self->pending, g_hash_table_unref);
    }

  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);

  if (had_focus && focused_uuid != NULL)
    kon_chart_view_focus_body (self, focused_uuid);
}

static void
kon_chart_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  KonChartView *self = KON_CHART_VIEW (widget);
  double width = 0, height = 0;

  /* The children are measured by the layout; the view itself can be any
   * size, the chart zooms and pans inside it */
  if (self->layout != NULL)
    kon_chart_layout_get_size (self->layout, &width, &height);

  *minimum = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = (int) MIN (width + 2 * FIT_MARGIN, 800);
  else
    *natural = (int) MIN (height + 2 * FIT_MARGIN, 600);
}

static void
kon_chart_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  KonChartView *self = KON_CHART_VIEW (widget);

  if (self->layout == NULL)
    return;

  if (self->fit_pending)
    fit (self);
  else
    clamp_origin (self);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      const KonChartBox *box = kon_chart_layout_get_box (self->layout, i);
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      GskTransform *transform = NULL;
      int min_width, min_height;
      int w = (int) box->width;
      int h = (int) box->height;

      /* The layout measured each button; a theme change may have grown
       * one since, and a child is never given less than its minimum */
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      w = MAX (w, min_width);
      gtk_widget_measure (button, GTK_ORIENTATION_VERTICAL, w, &min_height, NULL, NULL, NULL);
      h = MAX (h, min_height);

      transform = gsk_transform_translate (transform,
                                           &GRAPHENE_POINT_INIT (self->origin_x + box->x * self->zoom,
                                                                 self->origin_y + box->y * self->zoom));
      transform = gsk_transform_scale (transform, self->zoom, self->zoom);
      gtk_widget_allocate (button, w, h, -1, transform);
    }
}

static void
kon_chart_view_map (GtkWidget *widget)
{
  KonChartView *self = KON_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (kon_chart_view_parent_class)->map (widget);

  if (self->reload_on_map)
    reload_when_shown (self);
}

static void
kon_chart_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  KonChartView *self = KON_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->layout != NULL && width > 0 && height > 0)
    {
      GtkStyleContext *style = gtk_widget_get_style_context (widget);
      GdkRGBA color;
      cairo_t *cr;

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_get_color (style, &color);
      G_GNUC_END_IGNORE_DEPRECATIONS
      color.alpha *= 0.45;

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cairo_translate (cr, self->origin_x, self->origin_y);
      cairo_scale (cr, self->zoom, self->zoom);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 1.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < kon_chart_layout_get_n_boxes (self->layout); i++)
        {
          KonChartPoint p[4];

          if (!kon_chart_layout_get_line (self->layout, i, p))
            continue;
          cairo_move_to (cr, p[0].x, p[0].y);
          for (guint k = 1; k < 4; k++)
            cairo_line_to (cr, p[k].x, p[k].y);
        }
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  for (guint i = 0; self->buttons != NULL && i < self->buttons->len; i++)
    gtk_widget_snapshot_child (widget, g_ptr_array_index (self->buttons, i), snapshot);
}

static void
kon_chart_view_set_focus_child (GtkWidget *widget,
                                GtkWidget *child)
{
  KonChartView *self = KON_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (kon_chart_view_parent_class)->set_focus_child (widget, child);

  /* Keyboard focus moved to a body out of view: bring it in */
  if (child != NULL && self->layout != NULL && !self->dragging)
    {
      guint index;

      if (g_ptr_array_find (self->buttons, child, &index))
        scroll_to_box (self, index);
    }
}

static void
kon_chart_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KonChartView *self = KON_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LAYOUT:
      g_value_set_boxed (value, self->layout);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_chart_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KonChartView *self = KON_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      kon_chart_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_chart_view_dispose (GObject *object)
{
  KonChartView *self = KON_CHART_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  clear_buttons (self);
  g_clear_pointer (&self->layout, kon_chart_layout_unref);

  G_OBJECT_CLASS (kon_chart_view_parent_class)->dispose (object);
}

static void
kon_chart_view_finalize (GObject *object)
{
  KonChartView *self = KON_CHART_VIEW (object);

  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (kon_chart_view_parent_class)->finalize (object);
}

static void
kon_chart_view_class_init (KonChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kon_chart_view_get_property;
  object_class->set_property = kon_chart_view_set_property;
  object_class->dispose = kon_chart_view_dispose;
  object_class->finalize = kon_chart_view_finalize;

  widget_class->measure = kon_chart_view_measure;
  widget_class->size_allocate = kon_chart_view_size_allocate;
  widget_class->map = kon_chart_view_map;
  widget_class->snapshot = kon_chart_view_snapshot;
  widget_class->set_focus_child = kon_chart_view_set_focus_child;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KON_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAYOUT] =
    g_param_spec_boxed ("layout", NULL, NULL, KON_TYPE_CHART_LAYOUT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KonChartView::body-activated:
   * @body_uuid: the UUID of the body whose box was clicked or activated
   */
  signals[BODY_ACTIVATED] =
    g_signal_new ("body-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * KonChartView::load-failed:
   * @error: why the organisation could not be read; the chart is empty
   */
  signals[LOAD_FAILED] =
    g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_install_action (widget_class, "chart.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-fit", NULL, zoom_fit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "chart.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "chart.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "chart.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "chart.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "chart.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "chart.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "chart.zoom-fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "konchartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kon_chart_view_init (KonChartView *self)
{
  GtkEventController *scroll;
  GtkGesture *drag;
  static gsize css_loaded = 0;

  if (g_once_init_enter (&css_loaded))
    {
      GtkCssProvider *provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_data (provider, chart_css, -1);
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_object_unref (provider);
      g_once_init_leave (&css_loaded, 1);
    }

  self->buttons = g_ptr_array_new ();
  self->zoom = 1.0;
  self->fit_pending = TRUE;

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Organisation chart"),
                                  -1);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

GtkWidget *
kon_chart_view_new (void)
{
  return g_object_new (KON_TYPE_CHART_VIEW, NULL);
}

KonStore *
kon_chart_view_get_store (KonChartView *self)
{
  g_return_val_if_fail (KON_IS_CHART_VIEW (self), NULL);

  return self->store;
}

void
kon_chart_view_set_store (KonChartView *self,
                          KonStore     *store)
{
  g_return_if_fail (KON_IS_CHART_VIEW (self));
  g_return_if_fail (store == NULL || KON_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->changed_id = g_signal_connect_object (store, "changed",
                                                G_CALLBACK (on_store_changed_cb), self, 0);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->fit_pending = TRUE;
  reload_when_shown (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

KonChartLayout *
kon_chart_view_get_layout (KonChartView *self)
{
  g_return_val_if_fail (KON_IS_CHART_VIEW (self), NULL);

  return self->layout;
}

double
kon_chart_view_get_zoom (KonChartView *self)
{
  g_return_val_if_fail (KON_IS_CHART_VIEW (self), 1.0);

  return self->zoom;
}

void
kon_chart_view_zoom_in (KonChartView *self)
{
  g_return_if_fail (KON_IS_CHART_VIEW (self));

  set_zoom_at (self, self->zoom * ZOOM_STEP,
               gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
kon_chart_view_zoom_out (KonChartView *self)
{
  g_return_if_fail (KON_IS_CHART_VIEW (self));

  set_zoom_at (self, self->zoom / ZOOM_STEP,
               gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
kon_chart_view_zoom_fit (KonChartView *self)
{
  g_return_if_fail (KON_IS_CHART_VIEW (self));

  self->fit_pending = TRUE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

gboolean
kon_chart_view_focus_body (KonChartView *self,
                           const char   *body_uuid)
{
  int index;

  g_return_val_if_fail (KON_IS_CHART_VIEW (self), FALSE);

  if (self->layout == NULL)
    return FALSE;
  index = kon_chart_layout_find_box (self->layout, body_uuid);
  if (index < 0)
    return FALSE;

  scroll_to_box (self, index);
  return gtk_widget_grab_focus (g_ptr_array_index (self->buttons, index));
}
