/* kon-chart-view.c: the organisation chart as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart is laid out in chart units (one unit is one pixel at zoom 1).
 * The view keeps what the chart is drawn from (KonChartData), read once
 * in a thread, and follows the store's changes by reading again only the
 * rows that changed (kon_chart_view_handle_change ()), then laying the
 * chart out again, which is cheap: each box's text is measured once and
 * kept while it reads the same.
 *
 * Only the boxes in view have a widget: a focusable GtkButton, named by
 * the body's name for assistive technology, allocated at its box's size
 * with a transform that puts it at origin + box × zoom, so input, focus
 * and accessibility see it where it is drawn.  The buttons are recycled
 * as the view pans and zooms; a button draws the box's card (CSS), the
 * view draws the lines beneath and the text above (kon-chart-view-draw.c).
 * Boxes in view beyond MAX_BUTTONS (a very small zoom) are drawn as plain
 * cards.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kon-chart-view-private.h"
#include "kon-org.h"

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
 * that read on light and dark backgrounds.  The buttons have no child:
 * the view draws their text. */
static const char chart_css[] =
  "konchartview > button.chart-box { padding: 0; border-top: 4px solid alpha(currentColor, 0.3); }\n"
  "konchartview > button.chart-box.kind-top { border-top-color: #3584e4; }\n"
  "konchartview > button.chart-box.kind-strategic { border-top-color: #26a269; }\n"
  "konchartview > button.chart-box.kind-professional { border-top-color: #9141ac; }\n"
  "konchartview > button.chart-box.kind-working-group { border-top-color: #c88800; border-style: dashed solid solid solid; }\n"
  "konchartview > button.chart-box.kind-council { border-top-color: #77767b; }\n";

static void kon_chart_view_reload (KonChartView *self);
static void relayout (KonChartView *self);
static void update_buttons (KonChartView *self,
                            int           keep_index);

/* Helpers */

static int
button_index (GtkWidget *button)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kon-box-index")) - 1;
}

static int
focused_index (KonChartView *self)
{
  GtkWidget *child = gtk_widget_get_focus_child (GTK_WIDGET (self));

  return child != NULL ? button_index (child) : -1;
}

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

  /* A chart first shown that fits only where its text cannot be read
   * (a large organisation) starts at its natural size, at the first of
   * its top-level bodies: "Fit" shows all of it */
  if (self->first_view && zoom < TEXT_MIN_ZOOM)
    {
      const KonChartBox *first = NULL;

      for (guint i = 0; i < kon_chart_layout_get_n_boxes (self->layout); i++)
        {
          const KonChartBox *box = kon_chart_layout_get_box (self->layout, i);

          if (box->parent < 0 && (first == NULL || box->x < first->x))
            first = box;
        }
      zoom = 1.0;
      self->origin_x = MIN (FIT_MARGIN, width / 2 - (first->x + first->width / 2));
      self->origin_y = FIT_MARGIN;
    }
  else
    {
      self->origin_x = (width - chart_width * zoom) / 2;
      self->origin_y = MAX (FIT_MARGIN, (height - chart_height * zoom) / 2);
    }
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  self->fit_pending = FALSE;
  self->first_view = FALSE;
}

/* The buttons of the boxes in view */

static void set_tab_index (KonChartView *self,
                           int           index);

static void
on_button_clicked_cb (GtkButton    *button,
                      KonChartView *self)
{
  int index = button_index (GTK_WIDGET (button));

  if (self->layout == NULL || index < 0)
    return;

  /* A box clicked is where the arrow keys go on from */
  set_tab_index (self, index);
  gtk_widget_grab_focus (GTK_WIDGET (button));
  g_signal_emit (self, signals[BODY_ACTIVATED], 0,
                 kon_chart_layout_get_box (self->layout, index)->body_uuid);
}

static void
bind_button (KonChartView *self,
             GtkWidget    *button,
             guint         index)
{
  const KonChartBox *box = kon_chart_layout_get_box (self->layout, index);
  g_autoptr(GString) description = g_string_new (box->counts);
  g_autoptr(GString) tooltip = g_string_new (NULL);

  for (guint k = 0; k < G_N_ELEMENTS (kind_classes); k++)
    gtk_widget_remove_css_class (button, kind_classes[k]);
  if ((guint) box->kind < G_N_ELEMENTS (kind_classes))
    gtk_widget_add_css_class (button, kind_classes[box->kind]);

  for (guint i = 0; i < box->n_warnings; i++)
    {
      if (i > 0)
        g_string_append_c (tooltip, '\n');
      g_string_append (tooltip, box->warnings[i].message);
      g_string_append_c (description, '\n');
      g_string_append (description, box->warnings[i].message);
    }
  gtk_widget_set_tooltip_text (button, tooltip->len > 0 ? tooltip->str : NULL);

  /* Found by its name, as a screen reader user or a test looks for it */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, box->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "kon-body-uuid", g_strdup (box->body_uuid), g_free);
  g_object_set_data (G_OBJECT (button), "kon-box-index", GINT_TO_POINTER (index + 1));

  self->box_buttons[index] = button;
  gtk_widget_set_focusable (button, (int) index == self->tab_index);
  gtk_widget_set_child_visible (button, TRUE);
}

/* The chart is one Tab stop, as a tree is: the box last focused, or the
 * first in view; the arrow keys move within it */
static void
set_tab_index (KonChartView *self,
               int           index)
{
  if (self->tab_index >= 0 && (guint) self->tab_index < self->n_box_buttons
      && self->box_buttons[self->tab_index] != NULL)
    gtk_widget_set_focusable (self->box_buttons[self->tab_index], FALSE);
  self->tab_index = index;
  if (index >= 0 && (guint) index < self->n_box_buttons && self->box_buttons[index] != NULL)
    gtk_widget_set_focusable (self->box_buttons[index], TRUE);
}

static void
release_button (KonChartView *self,
                GtkWidget    *button)
{
  int index = button_index (button);

  if (index >= 0 && (guint) index < self->n_box_buttons && self->box_buttons[index] == button)
    self->box_buttons[index] = NULL;
  g_object_set_data (G_OBJECT (button), "kon-box-index", NULL);
  g_object_set_data (G_OBJECT (button), "kon-body-uuid", NULL);
  gtk_widget_set_child_visible (button, FALSE);
  g_ptr_array_add (self->spare_buttons, button);
}

static GtkWidget *
take_button (KonChartView *self)
{
  GtkWidget *button;

  if (self->spare_buttons->len > 0)
    return g_ptr_array_steal_index_fast (self->spare_buttons, self->spare_buttons->len - 1);

  button = gtk_button_new ();
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "chart-box");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_button_clicked_cb), self, 0);
  gtk_widget_set_parent (button, GTK_WIDGET (self));
  return button;
}

/* Gives the boxes in view a button, and takes it from those out of view
 * (but the one with the focus, and @keep_index, which is about to get
 * it); at most MAX_BUTTONS */
static void
update_buttons (KonChartView *self,
                int           keep_index)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int focused = focused_index (self);
  guint n_bound = 0;

  if (self->layout == NULL)
    return;

  self->buttons_for[0] = self->origin_x;
  self->buttons_for[1] = self->origin_y;
  self->buttons_for[2] = self->zoom;
  self->buttons_for[3] = width;
  self->buttons_for[4] = height;

  for (guint i = 0; i < self->n_box_buttons; i++)
    {
      GtkWidget *button = self->box_buttons[i];

      if (button == NULL)
        continue;
      if ((int) i == focused || (int) i == keep_index
          || _kon_chart_view_in_view (self, kon_chart_layout_get_box (self->layout, i), width, height))
        n_bound++;
      else
        release_button (self, button);
    }

  if (keep_index >= 0 && (guint) keep_index < self->n_box_buttons
      && self->box_buttons[keep_index] == NULL)
    {
      bind_button (self, take_button (self), keep_index);
      n_bound++;
    }

  for (guint i = 0; i < self->n_box_buttons && n_bound < MAX_BUTTONS; i++)
    if (self->box_buttons[i] == NULL
        && _kon_chart_view_in_view (self, kon_chart_layout_get_box (self->layout, i), width, height))
      {
        bind_button (self, take_button (self), i);
        n_bound++;
      }

  /* The Tab stop out of view: the top left box in view instead */
  if (self->tab_index < 0 || (guint) self->tab_index >= self->n_box_buttons
      || self->box_buttons[self->tab_index] == NULL)
    {
      int first = -1;

      for (guint i = 0; i < self->n_box_buttons; i++)
        {
          const KonChartBox *box = kon_chart_layout_get_box (self->layout, i);
          const KonChartBox *best = first >= 0 ? kon_chart_layout_get_box (self->layout, first) : NULL;

          if (self->box_buttons[i] != NULL
              && (best == NULL || box->y < best->y || (box->y == best->y && box->x < best->x)))
            first = i;
        }
      set_tab_index (self, first);
    }
}

/* Laying out again, from the data held */

static void
relayout (KonChartView *self)
{
  g_autoptr(KonChartLayout) old = g_steal_pointer (&self->layout);
  g_autofree GtkWidget **old_buttons = g_steal_pointer (&self->box_buttons);
  guint n_old = self->n_box_buttons;
  KonChartMetrics metrics = {
    .box_width = MIN_BOX_WIDTH,
    .box_height = 56,
    .h_gap = 24,
    .v_gap = 48,
    .measure = _kon_chart_view_measure_box,
    .measure_data = self,
  };
  GDate today;

  g_autofree char *tab_uuid = NULL;

  g_clear_handle_id (&self->relayout_id, g_source_remove);
  self->relayout_on_map = FALSE;
  if (old != NULL && self->tab_index >= 0 && (guint) self->tab_index < kon_chart_layout_get_n_boxes (old))
    tab_uuid = g_strdup (kon_chart_layout_get_box (old, self->tab_index)->body_uuid);
  self->tab_index = -1;
  self->n_box_buttons = 0;

  if (self->data != NULL)
    {
      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
      self->layout = kon_chart_layout_new (self->data->community, self->data->partners,
                                           self->data->bodies, self->data->roles,
                                           &today, &metrics);
      self->n_box_buttons = kon_chart_layout_get_n_boxes (self->layout);
      self->box_buttons = g_new0 (GtkWidget *, MAX (1, self->n_box_buttons));
      self->tab_index = kon_chart_layout_find_box (self->layout, tab_uuid);
    }

  /* The text of bodies that are gone */
  if (self->layout == NULL || g_hash_table_size (self->texts) > self->n_box_buttons)
    {
      GHashTableIter iter;
      const char *uuid;

      g_hash_table_iter_init (&iter, self->texts);
      while (g_hash_table_iter_next (&iter, (gpointer *) &uuid, NULL))
        if (self->layout == NULL || kon_chart_layout_find_box (self->layout, uuid) < 0)
          g_hash_table_iter_remove (&iter);
    }

  /* A button stays with its body (and keeps the focus), or is spare */
  for (guint i = 0; i < n_old; i++)
    {
      GtkWidget *button = old_buttons[i];
      const char *uuid;
      int index;

      if (button == NULL)
        continue;
      uuid = g_object_get_data (G_OBJECT (button), "kon-body-uuid");
      index = self->layout != NULL ? kon_chart_layout_find_box (self->layout, uuid) : -1;
      if (index >= 0)
        {
          bind_button (self, button, index);
        }
      else
        {
          g_object_set_data (G_OBJECT (button), "kon-box-index", NULL);
          release_button (self, button);
        }
    }

  /* The boxes in view get their buttons after the next allocation */
  self->buttons_for[2] = -1;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

static gboolean
relayout_idle_cb (gpointer user_data)
{
  KonChartView *self = user_data;

  self->relayout_id = 0;
  relayout (self);
  return G_SOURCE_REMOVE;
}

static void queue_relayout (KonChartView *self);

static void
on_first_paint_cb (GdkFrameClock *frame_clock,
                   KonChartView  *self)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_first_paint_cb, self);
  self->painted = TRUE;
  queue_relayout (self);
}

/* The chart is laid out when it is on screen: a window that opens on
 * another pane does not measure every box first, and text is measured
 * once, with the window's style.  Not before the window's first frame:
 * measuring 2,000 boxes takes a while, and the window shows meanwhile. */
static void
queue_relayout (KonChartView *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->relayout_on_map = TRUE;
  else if (!self->painted)
    {
      GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      g_signal_handlers_disconnect_by_func (frame_clock, on_first_paint_cb, self);
      g_signal_connect_object (frame_clock, "after-paint", G_CALLBACK (on_first_paint_cb), self, 0);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->relayout_id == 0)
    self->relayout_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, relayout_idle_cb, self, NULL);
}

/* Reading: all of it in a thread, or a row that changed */

static void
set_data (KonChartView *self,
          KonChartData *data)
{
  g_clear_pointer (&self->data, kon_chart_data_free);
  self->data = data;
  queue_relayout (self);
}

static void
on_data_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KonChartView) self = user_data;
  g_autoptr(GError) error = NULL;
  KonChartData *data;

  data = kon_chart_data_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->loading);
  if (self->store == NULL || KON_STORE (source) != self->store)
    return;

  if (self->load_again)
    {
      g_clear_pointer (&data, kon_chart_data_free);
      kon_chart_view_reload (self);
      return;
    }

  /* The file could not be opened twice: read it here */
  if (data == NULL)
    {
      g_clear_error (&error);
      data = kon_chart_data_load (self->store, &error);
    }

  if (data == NULL)
    {
      set_data (self, NULL);
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
      return;
    }

  set_data (self, data);
}

/* Reads everything again, in a thread: the window paints meanwhile */
static void
kon_chart_view_reload (KonChartView *self)
{
  self->load_again = FALSE;

  if (self->loading != NULL)
    {
      g_cancellable_cancel (self->loading);
      g_clear_object (&self->loading);
    }

  if (self->store == NULL)
    {
      set_data (self, NULL);
      return;
    }

  self->loading = g_cancellable_new ();
  kon_chart_data_load_async (self->store, self->loading, on_data_loaded_cb, g_object_ref (self));
}

/* One change of the store: @table, the row's @uuid (NULL: many rows of
 * it), and what happened.  Persons are not shown in the chart. */
static void
kon_chart_view_handle_change (KonChartView   *self,
                              const char     *table,
                              const char     *uuid,
                              KonStoreChange  change)
{
  if (table != NULL && (g_str_equal (table, "person") || g_str_equal (table, "meta")))
    return;

  /* Being read: read again when done, so the change is in */
  if (self->loading != NULL)
    {
      self->load_again = TRUE;
      return;
    }

  if (self->data == NULL || table == NULL
      || !kon_chart_data_apply_change (self->data, self->store, table, uuid, change, NULL))
    {
      kon_chart_view_reload (self);
      return;
    }

  queue_relayout (self);
}

static void
on_store_changed_cb (KonStore     *store,
                     const char   *table,
                     const char   *uuid,
                     int           change,
                     KonChartView *self)
{
  kon_chart_view_handle_change (self, table, uuid, (KonStoreChange) change);
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

/* Brings a box into view, gives it its button and the focus */
static gboolean
focus_box (KonChartView *self,
           guint         index)
{
  scroll_to_box (self, index);
  update_buttons (self, index);
  set_tab_index (self, index);
  return gtk_widget_grab_focus (self->box_buttons[index]);
}

/* Arrow keys: up to the body that set it up, down to the nearest of the
 * bodies it set up, left and right to the next box in the same row */
static int
box_in_direction (KonChartView     *self,
                  guint             from,
                  GtkDirectionType  direction)
{
  const KonChartBox *box = kon_chart_layout_get_box (self->layout, from);
  double centre = box->x + box->width / 2;
  double best_distance = G_MAXDOUBLE;
  int best = -1;

  if (direction == GTK_DIR_UP)
    return box->parent;

  for (guint i = 0; i < kon_chart_layout_get_n_boxes (self->layout); i++)
    {
      const KonChartBox *other = kon_chart_layout_get_box (self->layout, i);
      double distance = fabs (other->x + other->width / 2 - centre);

      if (i == from)
        continue;
      if (direction == GTK_DIR_DOWN && other->parent != (int) from)
        continue;
      if ((direction == GTK_DIR_LEFT || direction == GTK_DIR_RIGHT) && other->depth != box->depth)
        continue;
      if (direction == GTK_DIR_LEFT && other->x >= box->x)
        continue;
      if (direction == GTK_DIR_RIGHT && other->x <= box->x)
        continue;
      if (distance < best_distance)
        {
          best_distance = distance;
          best = i;
        }
    }

  return best;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   KonChartView          *self)
{
  GtkDirectionType direction;
  int from = focused_index (self);
  int to;

  if (self->layout == NULL || from < 0
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      direction = GTK_DIR_UP;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      direction = GTK_DIR_DOWN;
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      direction = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                  ? GTK_DIR_RIGHT : GTK_DIR_LEFT;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      direction = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                  ? GTK_DIR_LEFT : GTK_DIR_RIGHT;
      break;
    default:
      return FALSE;
    }

  /* At the edge of the chart the focus stays where it is */
  to = box_in_direction (self, from, direction);
  if (to >= 0)
    focus_box (self, to);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
  return TRUE;
}

/* For the start-up benchmark: with KONSENSUS_REPORT_CHART_FRAME set, the
 * first frame that shows the chart prints "chart-frame: <monotonic µs>"
 * and quits, as kon-frame-report.c does for the window's first frame */
static void
on_chart_painted_cb (GdkFrameClock *frame_clock,
                     KonChartView  *self)
{
  GApplication *application = g_application_get_default ();

  g_signal_handlers_disconnect_by_func (frame_clock, on_chart_painted_cb, self);
  printf ("chart-frame: %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  if (application != NULL)
    g_application_quit (application);
}

/* Callbacks */

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

static gboolean
update_buttons_idle_cb (gpointer user_data)
{
  KonChartView *self = user_data;

  self->buttons_id = 0;
  update_buttons (self, -1);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* Overrides */

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

  /* The view can be any size, the chart zooms and pans inside it */
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

  /* Buttons are not made or hidden while allocating (that queues a
   * resize): right after this frame, where the view moved.  Meanwhile
   * the boxes without one are drawn plainly. */
  {
    double view[5] = { self->origin_x, self->origin_y, self->zoom, width, height };

    if (memcmp (view, self->buttons_for, sizeof view) != 0 && self->buttons_id == 0)
      self->buttons_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_buttons_idle_cb, self, NULL);
  }

  for (guint i = 0; i < self->n_box_buttons; i++)
    {
      const KonChartBox *box;
      GtkWidget *button = self->box_buttons[i];
      GskTransform *transform = NULL;
      int min_width, min_height;

      if (button == NULL)
        continue;
      box = kon_chart_layout_get_box (self->layout, i);

      /* A child is never given less than its minimum */
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_measure (button, GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);

      transform = gsk_transform_translate (transform,
                                           &GRAPHENE_POINT_INIT (self->origin_x + box->x * self->zoom,
                                                                 self->origin_y + box->y * self->zoom));
      transform = gsk_transform_scale (transform, self->zoom, self->zoom);
      gtk_widget_allocate (button, MAX ((int) box->width, min_width),
                           MAX ((int) box->height, min_height), -1, transform);
    }
}

static void
kon_chart_view_map (GtkWidget *widget)
{
  KonChartView *self = KON_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (kon_chart_view_parent_class)->map (widget);

  /* Not in the middle of mapping: it queues a resize */
  if (self->relayout_on_map)
    {
      self->relayout_on_map = FALSE;
      queue_relayout (self);
    }
}

static void
kon_chart_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  KonChartView *self = KON_CHART_VIEW (widget);

  if (self->layout == NULL)
    return;

  _kon_chart_view_draw (self, snapshot);

  if (self->report_chart_frame && kon_chart_layout_get_n_boxes (self->layout) > 0)
    {
      self->report_chart_frame = FALSE;
      g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                        G_CALLBACK (on_chart_painted_cb), self);
    }
}

static void
kon_chart_view_set_focus_child (GtkWidget *widget,
                                GtkWidget *child)
{
  KonChartView *self = KON_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (kon_chart_view_parent_class)->set_focus_child (widget, child);

  /* Keyboard focus moved to a body out of view: bring it in */
  if (child != NULL && self->layout != NULL && !self->dragging && button_index (child) >= 0)
    {
      set_tab_index (self, button_index (child));
      scroll_to_box (self, button_index (child));
    }
}

static void
kon_chart_view_system_setting_changed (GtkWidget        *widget,
                                       GtkSystemSetting  setting)
{
  KonChartView *self = KON_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (kon_chart_view_parent_class)->system_setting_changed (widget, setting);

  /* Text measured in another font no longer fits */
  if (setting == GTK_SYSTEM_SETTING_FONT_NAME || setting == GTK_SYSTEM_SETTING_FONT_CONFIG
      || setting == GTK_SYSTEM_SETTING_DPI)
    {
      g_hash_table_remove_all (self->texts);
      queue_relayout (self);
    }
  if (setting == GTK_SYSTEM_SETTING_ICON_THEME)
    g_clear_object (&self->warning_icon);
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
  GtkWidget *child;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_handle_id (&self->buttons_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->spare_buttons != NULL)
    g_ptr_array_set_size (self->spare_buttons, 0);
  g_clear_pointer (&self->box_buttons, g_free);
  self->n_box_buttons = 0;

  g_clear_pointer (&self->layout, kon_chart_layout_unref);
  g_clear_pointer (&self->data, kon_chart_data_free);

  G_OBJECT_CLASS (kon_chart_view_parent_class)->dispose (object);
}

static void
kon_chart_view_finalize (GObject *object)
{
  KonChartView *self = KON_CHART_VIEW (object);

  g_clear_pointer (&self->spare_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_object (&self->warning_icon);

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
  widget_class->system_setting_changed = kon_chart_view_system_setting_changed;

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
  GtkEventController *key;
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

  self->spare_buttons = g_ptr_array_new ();
  self->tab_index = -1;
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) _kon_chart_view_box_text_free);
  self->zoom = 1.0;
  self->report_chart_frame = g_getenv ("KONSENSUS_REPORT_CHART_FRAME") != NULL;
  self->fit_pending = TRUE;
  self->first_view = TRUE;

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

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
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

  g_clear_pointer (&self->data, kon_chart_data_free);
  self->fit_pending = TRUE;
  self->first_view = TRUE;
  kon_chart_view_reload (self);

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
  self->first_view = FALSE;
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

  return focus_box (self, index);
}
