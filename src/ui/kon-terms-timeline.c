/* kon-terms-timeline.c: the seats × years timeline as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws a KonTimeline (kon-terms-timeline-render.h) as the PDF does, at
 * screen size.  One bar has the focus: Left and Right move along a row,
 * Up and Down to the nearest bar of the next row with terms, Home and
 * End to a row's first and last; Enter, Space or a click opens the term
 * ("bar-activated").  The focused bar's description (seat, holder, first
 * and last day) is the widget's accessible description, so a screen
 * reader reads each bar as it is reached; hovering a bar shows it too.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kon-terms-timeline.h"

/* Points to pixels: the drawing is in points, as on paper */
#define SCALE (96.0 / 72.0)
#define MIN_WIDTH 480

struct _KonTermsTimeline
{
  GtkWidget    parent_instance;

  KonTimeline *timeline;
  int          focus_row;     /* -1: none */
  int          focus_bar;
};

G_DEFINE_FINAL_TYPE (KonTermsTimeline, kon_terms_timeline, GTK_TYPE_WIDGET)

enum {
  BAR_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
drawing_width (KonTermsTimeline *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) / SCALE;
}

static void
update_accessible (KonTermsTimeline *self)
{
  g_autofree char *description = NULL;

  if (self->timeline != NULL && self->focus_row >= 0)
    description = kon_timeline_describe_bar (self->timeline, (guint) self->focus_row, (guint) self->focus_bar);
  else if (self->timeline != NULL)
    /* TRANSLATORS: the timeline's description before a term is reached */
    description = g_strdup_printf (_("Terms from %d to %d; move between them with the arrow keys"),
                                   kon_timeline_get_first_year (self->timeline),
                                   kon_timeline_get_first_year (self->timeline)
                                   + (int) kon_timeline_get_n_years (self->timeline) - 1);
  else
    description = g_strdup (_("No terms"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The focused term in view: the scrolled window the timeline is in
 * scrolls as little as it must */
static void
scroll_to_focus (KonTermsTimeline *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  double top, height, x, y, value, page;

  if (scrolled == NULL || self->timeline == NULL || self->focus_row < 0)
    return;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  kon_timeline_get_row_area (self->timeline, (guint) self->focus_row, &top, &height);
  if (content == NULL ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self), content, 0, top * SCALE, &x, &y))
    return;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  height *= SCALE;
  if (y < value)
    gtk_adjustment_set_value (adjustment, y - height);
  else if (y + height > value + page)
    gtk_adjustment_set_value (adjustment, y + 2 * height - page);
}

static gboolean
scroll_to_focus_idle_cb (gpointer user_data)
{
  scroll_to_focus (user_data);
  return G_SOURCE_REMOVE;
}

static void
set_focus_bar (KonTermsTimeline *self,
               int               row,
               int               bar)
{
  if (self->focus_row == row && self->focus_bar == bar)
    return;
  self->focus_row = row;
  self->focus_bar = bar;
  update_accessible (self);
  scroll_to_focus (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The first row from @row on (in @step) that has terms, or -1 */
static int
row_with_bars (KonTermsTimeline *self,
               int               row,
               int               step)
{
  int n_rows = (int) kon_timeline_get_n_rows (self->timeline);

  for (; row >= 0 && row < n_rows; row += step)
    if (kon_timeline_get_n_bars (self->timeline, (guint) row) > 0)
      return row;
  return -1;
}

static gboolean
move_focus (KonTermsTimeline *self,
            guint             keyval)
{
  int row = self->focus_row, bar = self->focus_bar, n_bars;

  if (self->timeline == NULL)
    return FALSE;

  if (row < 0)
    {
      row = row_with_bars (self, 0, 1);
      if (row < 0)
        return FALSE;
      set_focus_bar (self, row, 0);
      return TRUE;
    }

  n_bars = (int) kon_timeline_get_n_bars (self->timeline, (guint) row);
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      bar = MAX (bar - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      bar = MIN (bar + 1, n_bars - 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      bar = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      bar = n_bars - 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      {
        gboolean up = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up;
        int next = row_with_bars (self, row + (up ? -1 : 1), up ? -1 : 1);

        if (next < 0)
          return TRUE;   /* stays, and the key goes nowhere else */
        row = next;
        bar = MIN (bar, (int) kon_timeline_get_n_bars (self->timeline, (guint) row) - 1);
      }
      break;
    default:
      return FALSE;
    }

  set_focus_bar (self, row, bar);
  return TRUE;
}

static void
activate_focus (KonTermsTimeline *self)
{
  if (self->timeline == NULL || self->focus_row < 0)
    return;
  g_signal_emit (self, signals[BAR_ACTIVATED], 0,
                 kon_timeline_get_bar_role (self->timeline, (guint) self->focus_row, (guint) self->focus_bar));
}

static gboolean
on_key_pressed_cb (KonTermsTimeline *self,
                   guint             keyval,
                   guint             keycode,
                   GdkModifierType   state)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;

  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_space)
    {
      activate_focus (self);
      return self->focus_row >= 0;
    }

  return move_focus (self, keyval);
}

static void
on_click_released_cb (KonTermsTimeline *self,
                      int               n_press,
                      double            x,
                      double            y,
                      GtkGestureClick  *gesture)
{
  guint row, bar;

  if (self->timeline == NULL ||
      !kon_timeline_hit (self->timeline, drawing_width (self), x / SCALE, y / SCALE, &row, &bar))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  set_focus_bar (self, (int) row, (int) bar);
  if (n_press == 1)
    activate_focus (self);
}

/* Tab into the timeline reaches its first term */
static void
on_focus_enter_cb (KonTermsTimeline *self)
{
  if (self->focus_row < 0)
    move_focus (self, GDK_KEY_Home);
  /* After the viewport has scrolled to the focused widget (all of it) */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_to_focus_idle_cb, g_object_ref (self), g_object_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_query_tooltip_cb (KonTermsTimeline *self,
                     int               x,
                     int               y,
                     gboolean          keyboard,
                     GtkTooltip       *tooltip)
{
  g_autofree char *text = NULL;
  guint row, bar;

  if (self->timeline == NULL)
    return FALSE;
  if (keyboard && self->focus_row >= 0)
    text = kon_timeline_describe_bar (self->timeline, (guint) self->focus_row, (guint) self->focus_bar);
  else if (!keyboard && kon_timeline_hit (self->timeline, drawing_width (self), x / SCALE, y / SCALE, &row, &bar))
    text = kon_timeline_describe_bar (self->timeline, row, bar);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GtkWidget */

static void
kon_terms_timeline_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  KonTermsTimeline *self = KON_TERMS_TIMELINE (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = MIN_WIDTH;
  else
    *minimum = *natural = self->timeline != NULL
                          ? (int) (kon_timeline_get_height (self->timeline) * SCALE + 0.5) : 0;
}

static void
kon_terms_timeline_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  KonTermsTimeline *self = KON_TERMS_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->timeline == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_scale (cr, SCALE, SCALE);
  kon_timeline_draw (cr, self->timeline, width / SCALE,
                     gtk_widget_has_focus (widget) ? self->focus_row : -1, self->focus_bar);
  cairo_destroy (cr);
}

static void
kon_terms_timeline_finalize (GObject *object)
{
  KonTermsTimeline *self = KON_TERMS_TIMELINE (object);

  g_clear_pointer (&self->timeline, kon_timeline_free);

  G_OBJECT_CLASS (kon_terms_timeline_parent_class)->finalize (object);
}

static void
kon_terms_timeline_class_init (KonTermsTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kon_terms_timeline_finalize;
  widget_class->measure = kon_terms_timeline_measure;
  widget_class->snapshot = kon_terms_timeline_snapshot;

  /**
   * KonTermsTimeline::bar-activated:
   * @role_uuid: the term's role
   *
   * A term was clicked, or chosen with Enter or Space.
   */
  signals[BAR_ACTIVATED] = g_signal_new ("bar-activated", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kon_terms_timeline_init (KonTermsTimeline *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->focus_row = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_swapped (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_enter_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline of seats and terms"),
                                  -1);
  update_accessible (self);
}

GtkWidget *
kon_terms_timeline_new (void)
{
  return g_object_new (KON_TYPE_TERMS_TIMELINE, NULL);
}

void
kon_terms_timeline_set_timeline (KonTermsTimeline *self,
                                 KonTimeline      *timeline)
{
  g_autofree char *focused = NULL;

  g_return_if_fail (KON_IS_TERMS_TIMELINE (self));

  focused = g_strdup (kon_terms_timeline_get_focus_role (self));
  g_clear_pointer (&self->timeline, kon_timeline_free);
  self->timeline = timeline;
  self->focus_row = -1;
  self->focus_bar = 0;

  /* The same term stays focused where it is still drawn */
  for (guint r = 0; focused != NULL && timeline != NULL && r < kon_timeline_get_n_rows (timeline); r++)
    for (guint b = 0; b < kon_timeline_get_n_bars (timeline, r); b++)
      if (g_str_equal (kon_timeline_get_bar_role (timeline, r, b), focused))
        {
          self->focus_row = (int) r;
          self->focus_bar = (int) b;
        }

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const KonTimeline *
kon_terms_timeline_get_timeline (KonTermsTimeline *self)
{
  g_return_val_if_fail (KON_IS_TERMS_TIMELINE (self), NULL);
  return self->timeline;
}

const char *
kon_terms_timeline_get_focus_role (KonTermsTimeline *self)
{
  g_return_val_if_fail (KON_IS_TERMS_TIMELINE (self), NULL);

  if (self->timeline == NULL || self->focus_row < 0)
    return NULL;
  return kon_timeline_get_bar_role (self->timeline, (guint) self->focus_row, (guint) self->focus_bar);
}
