/* kon-text-cell.c: one line of text in a list cell, measured from its font alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8's column view makes a row for each of the first 200 items at
 * once and measures every cell of them.  A GtkLabel lays out and shapes
 * its text to be measured: three quarters of showing the case registry's
 * first rows went there.  (A GtkInscription, made for lists, asks Pango
 * for its font's metrics at each measure, and Pango shapes a sample text
 * for each answer.)
 *
 * This cell is one line of its font high and width-chars of that font
 * wide, both worked out once per font (and resolution) and kept; its text
 * is laid out only when it is drawn, ellipsized at the end, so the rows
 * out of sight cost no text work.  A subtitle (Pango markup, as the words
 * a search matched) adds a second, smaller, dimmed line.  Its accessible
 * role is a label, named by its text as a GtkLabel is, and described by
 * its subtitle.
 */

#include "config.h"

#include "kon-text-cell.h"

struct _KonTextCell
{
  GtkWidget    parent_instance;

  char        *text;
  char        *subtitle;        /* Pango markup, or NULL: one line only */
  int          width_chars;
  PangoLayout *layout;          /* made when first drawn */
  PangoLayout *subtitle_layout;
  guint        context_serial;  /* of the Pango context the layouts follow */
  guint        size_serial;     /* of the Pango context size was read from */
  struct
  {
    int height;
    int subtitle_height;
    int char_width;
  } size;
};

G_DEFINE_FINAL_TYPE (KonTextCell, kon_text_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_SUBTITLE,
  PROP_WIDTH_CHARS,
  N_PROPS
};

/* The subtitle: smaller (as the "caption" style class), dimmed, and this
 * far below the text */
#define SUBTITLE_SCALE 0.8333
#define SUBTITLE_ALPHA 0.55
#define SUBTITLE_SPACING 2

static GParamSpec *properties[N_PROPS];

/* A line's height, a subtitle line's, and a character's width, per font
 * and resolution */
typedef struct
{
  int height;
  int subtitle_height;
  int char_width;
} LineSize;

/* "font resolution" → LineSize (widgets live in the main thread) */
static GHashTable *line_sizes;

static PangoAttrList *
subtitle_attributes (void)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_scale_new (SUBTITLE_SCALE));

  return attributes;
}

/* The sizes of the font the cell is drawn in: kept per cell while its
 * Pango context stays the same, and per font */
static void
update_size (KonTextCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font;
  g_autofree char *font_name = NULL;
  g_autofree char *key = NULL;
  LineSize *known;

  if (self->size.height > 0 && self->size_serial == pango_context_get_serial (context))
    return;

  font = pango_context_get_font_description (context);
  font_name = pango_font_description_to_string (font);
  key = g_strdup_printf ("%s %g", font_name, pango_cairo_context_get_resolution (context));

  if (line_sizes == NULL)
    line_sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  known = g_hash_table_lookup (line_sizes, key);
  if (known == NULL)
    {
      /* As tall as a label of one line in this font (capitals and
       * descenders, Norwegian letters); as wide as its average character */
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "ÅÆØ gjpq");
      PangoAttrList *attributes = subtitle_attributes ();
      PangoFontMetrics *metrics = pango_context_get_metrics (context, font, NULL);

      known = g_new0 (LineSize, 1);
      pango_layout_get_pixel_size (layout, NULL, &known->height);
      pango_layout_set_attributes (layout, attributes);
      pango_layout_get_pixel_size (layout, NULL, &known->subtitle_height);
      known->char_width = MAX (PANGO_PIXELS_CEIL (MAX (pango_font_metrics_get_approximate_char_width (metrics),
                                                       pango_font_metrics_get_approximate_digit_width (metrics))), 1);
      pango_font_metrics_unref (metrics);
      pango_attr_list_unref (attributes);
      g_hash_table_replace (line_sizes, g_steal_pointer (&key), known);
    }

  self->size.height = known->height;
  self->size.subtitle_height = known->subtitle_height;
  self->size.char_width = known->char_width;
  self->size_serial = pango_context_get_serial (context);
}

/* Overrides */

static void
kon_text_cell_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  KonTextCell *self = KON_TEXT_CELL (widget);

  update_size (self);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = self->size.height
                            + (self->subtitle != NULL ? SUBTITLE_SPACING + self->size.subtitle_height : 0);
      return;
    }

  /* Narrower than its width-chars, it ellipsizes */
  *minimum = MIN (self->width_chars, 3) * self->size.char_width;
  *natural = self->width_chars * self->size.char_width;
}

/* The text's layout, made when first drawn; the setters keep it up to date */
static PangoLayout *
ensure_layout (KonTextCell *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
    }

  return self->layout;
}

static PangoLayout *
ensure_subtitle_layout (KonTextCell *self)
{
  if (self->subtitle_layout == NULL)
    {
      PangoAttrList *attributes = subtitle_attributes ();

      self->subtitle_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
      pango_layout_set_ellipsize (self->subtitle_layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->subtitle_layout, TRUE);
      /* Markup's own attributes go on top of these */
      pango_layout_set_attributes (self->subtitle_layout, attributes);
      pango_attr_list_unref (attributes);
      pango_layout_set_markup (self->subtitle_layout, self->subtitle, -1);
    }

  return self->subtitle_layout;
}

static void
draw_line (KonTextCell *self,
           GtkSnapshot *snapshot,
           PangoLayout *layout,
           int          y,
           int          height,
           GdkRGBA     *color)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  PangoRectangle logical;
  int x;

  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  /* At the start of the line: the left, or the right in a right-to-left locale */
  x = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL ? width - logical.width : 0;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x - logical.x, y + (height - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
kon_text_cell_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  KonTextCell *self = KON_TEXT_CELL (widget);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;

  if (self->text == NULL || self->text[0] == '\0' || gtk_widget_get_width (widget) <= 0)
    return;

  if (self->layout != NULL && pango_context_get_serial (context) != self->context_serial)
    {
      /* Another font or resolution */
      pango_layout_context_changed (self->layout);
      if (self->subtitle_layout != NULL)
        pango_layout_context_changed (self->subtitle_layout);
    }
  self->context_serial = pango_context_get_serial (context);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  if (self->subtitle == NULL)
    {
      draw_line (self, snapshot, ensure_layout (self), 0, height, &color);
      return;
    }

  update_size (self);
  draw_line (self, snapshot, ensure_layout (self), 0, self->size.height, &color);
  color.alpha *= SUBTITLE_ALPHA;
  draw_line (self, snapshot, ensure_subtitle_layout (self), self->size.height + SUBTITLE_SPACING,
             self->size.subtitle_height, &color);
}

static void
kon_text_cell_finalize (GObject *object)
{
  KonTextCell *self = KON_TEXT_CELL (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_object (&self->layout);
  g_clear_object (&self->subtitle_layout);

  G_OBJECT_CLASS (kon_text_cell_parent_class)->finalize (object);
}

static void
kon_text_cell_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KonTextCell *self = KON_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_WIDTH_CHARS:
      g_value_set_int (value, self->width_chars);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_text_cell_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KonTextCell *self = KON_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      kon_text_cell_set_text (self, g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      kon_text_cell_set_subtitle (self, g_value_get_string (value));
      break;
    case PROP_WIDTH_CHARS:
      kon_text_cell_set_width_chars (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kon_text_cell_class_init (KonTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kon_text_cell_finalize;
  object_class->get_property = kon_text_cell_get_property;
  object_class->set_property = kon_text_cell_set_property;

  widget_class->measure = kon_text_cell_measure;
  widget_class->snapshot = kon_text_cell_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH_CHARS] =
    g_param_spec_int ("width-chars", NULL, NULL, 1, 1000, 10,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
kon_text_cell_init (KonTextCell *self)
{
  self->width_chars = 10;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
}

/**
 * kon_text_cell_new:
 * @width_chars: how many average characters wide it asks to be
 */
GtkWidget *
kon_text_cell_new (int width_chars)
{
  return g_object_new (KON_TYPE_TEXT_CELL, "width-chars", width_chars, NULL);
}

const char *
kon_text_cell_get_text (KonTextCell *self)
{
  g_return_val_if_fail (KON_IS_TEXT_CELL (self), NULL);

  return self->text != NULL ? self->text : "";
}

/* Another text needs no other size: only drawing again */
void
kon_text_cell_set_text (KonTextCell *self,
                        const char  *text)
{
  g_return_if_fail (KON_IS_TEXT_CELL (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
kon_text_cell_get_subtitle (KonTextCell *self)
{
  g_return_val_if_fail (KON_IS_TEXT_CELL (self), NULL);

  return self->subtitle;
}

/**
 * kon_text_cell_set_subtitle:
 * @subtitle: (nullable): Pango markup for a second, smaller line, or
 *   %NULL for none
 *
 * Its text is the cell's accessible description.
 */
void
kon_text_cell_set_subtitle (KonTextCell *self,
                            const char  *subtitle)
{
  g_autofree char *text = NULL;
  gboolean lines_changed;

  g_return_if_fail (KON_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->subtitle, subtitle) == 0)
    return;

  lines_changed = (self->subtitle == NULL) != (subtitle == NULL);
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  if (subtitle == NULL)
    g_clear_object (&self->subtitle_layout);
  else if (self->subtitle_layout != NULL)
    pango_layout_set_markup (self->subtitle_layout, subtitle, -1);

  if (subtitle == NULL || !pango_parse_markup (subtitle, -1, 0, NULL, &text, NULL, NULL))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);

  if (lines_changed)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

int
kon_text_cell_get_width_chars (KonTextCell *self)
{
  g_return_val_if_fail (KON_IS_TEXT_CELL (self), 0);

  return self->width_chars;
}

void
kon_text_cell_set_width_chars (KonTextCell *self,
                               int          width_chars)
{
  g_return_if_fail (KON_IS_TEXT_CELL (self));
  g_return_if_fail (width_chars > 0);

  if (self->width_chars == width_chars)
    return;

  self->width_chars = width_chars;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH_CHARS]);
}
