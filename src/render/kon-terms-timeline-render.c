/* kon-terms-timeline-render.c: a body's seats × years, each term a bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kon-date.h"
#include "kon-render-file.h"
#include "kon-terms-timeline-render.h"

#define LABEL_WIDTH   120.0
#define RIGHT_PAD     10.0
#define HEADER_HEIGHT 20.0
#define ROW_HEIGHT    20.0
#define BAR_HEIGHT    14.0
#define LEGEND_HEIGHT 24.0
#define PAGE_MARGIN   36.0
#define TITLE_HEIGHT  28.0

#define LABEL_FONT    "Cantarell, DejaVu Sans, Sans 8"
#define BAR_FONT      "Cantarell, DejaVu Sans, Sans 7"
#define YEAR_FONT     "Cantarell, DejaVu Sans, Sans Bold 8"
#define TITLE_FONT    "Cantarell, DejaVu Sans, Sans Bold 14"

typedef struct
{
  char    *role_uuid;
  char    *holder;       /* "Kari Nordmann (Bodø kommune)" */
  KonSide  side;
  GDate    first;        /* invalid: from before the years drawn */
  GDate    last;         /* invalid: no last day */
  guint    lane;         /* two holders at once: each in a lane of its own */
} Bar;

typedef struct
{
  char     *name;
  GArray   *bars;        /* Bar, by first day */
  gboolean  held;        /* anyone ever held it (also outside the years drawn) */
  GDate     first_held;  /* the first day of its earliest term; invalid: since always */
  guint     n_lanes;     /* 1, or more where terms overlap (two holders at once) */
} Row;

struct _KonTimeline
{
  GPtrArray *rows;       /* Row */
  int        first_year;
  guint      n_years;
  GDate      start;      /* 1 January of first_year */
  GDate      end;        /* the last day drawn */
  GDate      today;      /* may be invalid */
};

typedef struct
{
  double r, g, b;
} Colour;

/* Light fills, dark outlines: it also reads in black and white */
static const Colour fills[] = {
  [KON_SIDE_NONE] = { 0.90, 0.90, 0.90 },
  [KON_SIDE_HF] = { 0.78, 0.86, 0.96 },
  [KON_SIDE_MUNICIPAL] = { 0.82, 0.92, 0.80 },
};
static const Colour outlines[] = {
  [KON_SIDE_NONE] = { 0.40, 0.40, 0.40 },
  [KON_SIDE_HF] = { 0.15, 0.35, 0.62 },
  [KON_SIDE_MUNICIPAL] = { 0.20, 0.45, 0.22 },
};

static void
bar_clear (Bar *bar)
{
  g_free (bar->role_uuid);
  g_free (bar->holder);
}

static void
row_free (Row *row)
{
  g_free (row->name);
  g_array_unref (row->bars);
  g_free (row);
}

static int
compare_bars (gconstpointer a,
              gconstpointer b)
{
  const Bar *x = a, *y = b;

  if (!g_date_valid (&x->first) || !g_date_valid (&y->first))
    return g_date_valid (&x->first) - g_date_valid (&y->first);
  return g_date_compare (&x->first, &y->first);
}

/* Each term in the first lane free on its first day: terms that overlap
 * (two holders of one seat at once) are drawn one above the other, not
 * over each other */
static void
assign_lanes (Row *row)
{
  GArray *ends = g_array_new (FALSE, TRUE, sizeof (GDate));   /* per lane: its last day */

  for (guint b = 0; b < row->bars->len; b++)
    {
      Bar *bar = &g_array_index (row->bars, Bar, b);
      guint lane;

      for (lane = 0; lane < ends->len; lane++)
        {
          const GDate *end = &g_array_index (ends, GDate, lane);

          /* An open term holds its lane for good */
          if (g_date_valid (end) && g_date_valid (&bar->first) && g_date_compare (end, &bar->first) < 0)
            break;
        }
      if (lane == ends->len)
        g_array_set_size (ends, ends->len + 1);
      g_array_index (ends, GDate, lane) = bar->last;
      bar->lane = lane;
    }

  row->n_lanes = MAX (ends->len, 1);
  g_array_unref (ends);
}

static gboolean
shows (const KonTimeline *self,
       const KonRole     *role)
{
  return (!g_date_valid (&role->from) || g_date_compare (&role->from, &self->end) <= 0)
         && (!g_date_valid (&role->to) || g_date_compare (&role->to, &self->start) >= 0);
}

static char *
holder_text (const KonTermsInput *input,
             const KonRole       *role)
{
  const KonPerson *person = g_hash_table_lookup (input->persons, role->person_uuid);
  const char *partner_uuid = role->partner_uuid != NULL ? role->partner_uuid
                             : person != NULL ? person->partner_uuid : NULL;
  const KonPartner *partner = partner_uuid != NULL ? g_hash_table_lookup (input->partners, partner_uuid) : NULL;
  const char *name = person != NULL ? person->name : _("(unknown person)");

  if (partner == NULL)
    return g_strdup (name);
  /* TRANSLATORS: a holder of a seat and where they come from: "Kari Nordmann (Bodø kommune)" */
  return g_strdup_printf (_("%s (%s)"), name, partner->name);
}

static Row *
add_row (KonTimeline *self,
         const char  *name)
{
  Row *row = g_new0 (Row, 1);

  row->name = g_strdup (name);
  g_date_clear (&row->first_held, 1);
  row->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (row->bars, (GDestroyNotify) bar_clear);
  g_ptr_array_add (self->rows, row);

  return row;
}

/* A term of the row, drawn where it shows in the years */
static void
add_term (KonTimeline         *self,
          Row                 *row,
          const KonTermsInput *input,
          const KonRole       *role)
{
  Bar bar = { NULL };

  if (!row->held)
    row->first_held = role->from;
  else if (g_date_valid (&row->first_held) &&
           (!g_date_valid (&role->from) || g_date_compare (&role->from, &row->first_held) < 0))
    row->first_held = role->from;
  row->held = TRUE;
  if (!shows (self, role))
    return;

  bar.role_uuid = g_strdup (role->uuid);
  bar.holder = holder_text (input, role);
  bar.side = kon_terms_role_side (input, role);
  bar.first = role->from;
  bar.last = role->to;
  g_array_append_val (row->bars, bar);
}

KonTimeline *
kon_timeline_new (const KonTermsInput *input,
                  const GDate         *today,
                  int                  first_year,
                  guint                n_years)
{
  KonTimeline *self;
  g_autoptr(GPtrArray) seats = NULL;
  const struct
  {
    KonRoleKind  kind;
    const char  *name;
  } chairs[] = {
    { KON_ROLE_KIND_LEADER, N_("Leader") },
    { KON_ROLE_KIND_DEPUTY_LEADER, N_("Deputy leader") },
  };

  g_return_val_if_fail (input != NULL && input->seats != NULL && input->roles != NULL, NULL);
  g_return_val_if_fail (n_years > 0 && first_year > 0 && first_year + (int) n_years < 9999, NULL);

  self = g_new0 (KonTimeline, 1);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->first_year = first_year;
  self->n_years = n_years;
  g_date_clear (&self->start, 1);
  g_date_set_dmy (&self->start, 1, G_DATE_JANUARY, (GDateYear) first_year);
  g_date_clear (&self->end, 1);
  g_date_set_dmy (&self->end, 31, G_DATE_DECEMBER, (GDateYear) (first_year + (int) n_years - 1));
  g_date_clear (&self->today, 1);
  if (today != NULL && g_date_valid (today))
    self->today = *today;

  /* The chairs first, where the body has them: the rotation shows */
  for (guint c = 0; c < G_N_ELEMENTS (chairs); c++)
    {
      Row *row = NULL;

      for (guint i = 0; i < input->roles->len; i++)
        {
          const KonRole *role = g_ptr_array_index (input->roles, i);

          if (role->kind != chairs[c].kind)
            continue;
          if (row == NULL)
            row = add_row (self, _(chairs[c].name));
          add_term (self, row, input, role);
        }
    }

  /* The copy shares the seats: it must not free them */
  seats = g_ptr_array_copy (input->seats, NULL, NULL);
  g_ptr_array_set_free_func (seats, NULL);
  kon_terms_sort_seats (seats);
  for (guint s = 0; s < seats->len; s++)
    {
      const KonSeat *seat = g_ptr_array_index (seats, s);
      Row *row = add_row (self, seat->name);

      for (guint i = 0; i < input->roles->len; i++)
        {
          const KonRole *role = g_ptr_array_index (input->roles, i);

          /* A chair who holds the seat as a member has a term of each:
           * the chair's is drawn in the chair's row only */
          if (g_strcmp0 (role->seat_uuid, seat->uuid) == 0 && role->kind != KON_ROLE_KIND_LEADER
              && role->kind != KON_ROLE_KIND_DEPUTY_LEADER)
            add_term (self, row, input, role);
        }
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = g_ptr_array_index (self->rows, r);

      g_array_sort (row->bars, compare_bars);
      assign_lanes (row);
    }

  return self;
}

void
kon_timeline_free (KonTimeline *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_free (self);
}

int
kon_timeline_get_first_year (const KonTimeline *self)
{
  return self->first_year;
}

guint
kon_timeline_get_n_years (const KonTimeline *self)
{
  return self->n_years;
}

guint
kon_timeline_get_n_rows (const KonTimeline *self)
{
  return self->rows->len;
}

static const Row *
get_row (const KonTimeline *self,
         guint              row)
{
  g_return_val_if_fail (row < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, row);
}

const char *
kon_timeline_get_row_name (const KonTimeline *self,
                           guint              row)
{
  return get_row (self, row)->name;
}

guint
kon_timeline_get_n_bars (const KonTimeline *self,
                         guint              row)
{
  return get_row (self, row)->bars->len;
}

static const Bar *
get_bar (const KonTimeline *self,
         guint              row,
         guint              bar)
{
  const Row *r = get_row (self, row);

  g_return_val_if_fail (bar < r->bars->len, NULL);
  return &g_array_index (r->bars, Bar, bar);
}

const char *
kon_timeline_get_bar_role (const KonTimeline *self,
                           guint              row,
                           guint              bar)
{
  return get_bar (self, row, bar)->role_uuid;
}

char *
kon_timeline_describe_bar (const KonTimeline *self,
                           guint              row,
                           guint              bar)
{
  const Bar *b = get_bar (self, row, bar);
  const char *name = get_row (self, row)->name;
  g_autofree char *first = g_date_valid (&b->first) ? kon_date_format (&b->first) : NULL;
  g_autofree char *last = g_date_valid (&b->last) ? kon_date_format (&b->last) : NULL;

  if (first != NULL && last != NULL)
    /* TRANSLATORS: a term in the timeline: seat, holder, first day, last day */
    return g_strdup_printf (_("%s: %s, %s to %s"), name, b->holder, first, last);
  if (first != NULL)
    /* TRANSLATORS: a term in the timeline: seat, holder, first day */
    return g_strdup_printf (_("%s: %s, from %s, no last day"), name, b->holder, first);
  if (last != NULL)
    /* TRANSLATORS: a term in the timeline: seat, holder, last day */
    return g_strdup_printf (_("%s: %s, until %s"), name, b->holder, last);
  /* TRANSLATORS: a term in the timeline with neither first nor last day: seat, holder */
  return g_strdup_printf (_("%s: %s, no first or last day"), name, b->holder);
}

/* The vacant stretches of a row in the years drawn, as first and last
 * days (pairs): between terms and after the last, and all of the years
 * for a seat nobody ever held.  Before a seat's first term is history
 * the database does not hold, not a vacancy. */
static GArray *
vacancies (const KonTimeline *self,
           const Row         *row)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (GDate));
  GDate cursor = self->start;   /* the first day not known to be held */

  if (row->held && g_date_valid (&row->first_held) && g_date_compare (&row->first_held, &cursor) > 0)
    cursor = row->first_held;

  for (guint i = 0; i < row->bars->len; i++)
    {
      const Bar *bar = &g_array_index (row->bars, Bar, i);

      if (g_date_valid (&bar->first) && g_date_compare (&bar->first, &cursor) > 0)
        {
          GDate last = bar->first;

          g_date_subtract_days (&last, 1);
          g_array_append_val (out, cursor);
          g_array_append_val (out, last);
        }
      if (!g_date_valid (&bar->last))
        return out;
      if (g_date_compare (&bar->last, &cursor) >= 0)
        {
          cursor = bar->last;
          g_date_add_days (&cursor, 1);
        }
    }
  if (g_date_compare (&cursor, &self->end) <= 0)
    {
      g_array_append_val (out, cursor);
      g_array_append_val (out, self->end);
    }

  return out;
}

char *
kon_timeline_describe_vacancies (const KonTimeline *self,
                                 guint              row)
{
  g_autoptr(GArray) gaps = vacancies (self, get_row (self, row));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  if (gaps->len == 0)
    return NULL;
  for (guint i = 0; i + 1 < gaps->len; i += 2)
    {
      g_autofree char *first = kon_date_format (&g_array_index (gaps, GDate, i));
      g_autofree char *last = kon_date_format (&g_array_index (gaps, GDate, i + 1));

      /* TRANSLATORS: a stretch of days, first and last */
      g_ptr_array_add (parts, g_strdup_printf (_("%s to %s"), first, last));
    }
  g_ptr_array_add (parts, NULL);
  list = g_strjoinv (", ", (char **) parts->pdata);

  /* TRANSLATORS: the seat, then stretches of days with no holder */
  return g_strdup_printf (_("%s is vacant %s"), get_row (self, row)->name, list);
}

/* Drawing */

void
kon_timeline_get_row_area (const KonTimeline *self,
                           guint              row,
                           double            *out_y,
                           double            *out_height)
{
  g_return_if_fail (row < self->rows->len);

  *out_y = HEADER_HEIGHT + row * ROW_HEIGHT;
  *out_height = ROW_HEIGHT;
}

double
kon_timeline_get_height (const KonTimeline *self)
{
  return HEADER_HEIGHT + self->rows->len * ROW_HEIGHT + LEGEND_HEIGHT;
}

static double
date_x (const KonTimeline *self,
        const GDate       *date,
        double             width)
{
  double days = g_date_get_julian (&self->end) + 1.0 - g_date_get_julian (&self->start);
  double at = (double) g_date_get_julian (date) - g_date_get_julian (&self->start);

  return LABEL_WIDTH + CLAMP (at / days, 0.0, 1.0) * (width - LABEL_WIDTH - RIGHT_PAD);
}

/* The day after a last day: a term ending 31 December fills its year */
static double
end_x (const KonTimeline *self,
       const GDate       *last,
       double             width)
{
  GDate after = *last;

  if (!g_date_valid (last))
    return width - RIGHT_PAD;
  if (g_date_compare (last, &self->end) >= 0)
    return width - RIGHT_PAD;
  g_date_add_days (&after, 1);
  return date_x (self, &after, width);
}

static double
start_x (const KonTimeline *self,
         const GDate       *first,
         double             width)
{
  return g_date_valid (first) ? date_x (self, first, width) : LABEL_WIDTH;
}

static void
set_colour (cairo_t      *cr,
            const Colour *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           const char  *font,
           const char  *text,
           double       x,
           double       y,
           double       max_width,
           gboolean     centred)
{
  PangoFontDescription *description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_size (layout, &w, &h);
  if (centred)
    x -= (double) w / PANGO_SCALE / 2;
  cairo_move_to (cr, x, y - (double) h / PANGO_SCALE / 2);
  pango_cairo_show_layout (cr, layout);
}

static void
hatch (cairo_t *cr,
       double   x,
       double   y,
       double   w,
       double   h)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip_preserve (cr);
  cairo_set_source_rgb (cr, 0.99, 0.90, 0.88);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.80, 0.30, 0.25);
  cairo_set_line_width (cr, 0.8);
  for (double d = -h; d < w; d += 5)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   radius)
{
  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Where @bar of @row is drawn, its row's top at @top */
static void
bar_box (const KonTimeline *self,
         const Row         *row,
         const Bar         *bar,
         double             width,
         double             top,
         double            *out_x0,
         double            *out_x1,
         double            *out_y,
         double            *out_height)
{
  double lane_height = BAR_HEIGHT / row->n_lanes;

  *out_x0 = start_x (self, &bar->first, width);
  *out_x1 = end_x (self, &bar->last, width);
  *out_y = top + (ROW_HEIGHT - BAR_HEIGHT) / 2 + bar->lane * lane_height;
  *out_height = row->n_lanes > 1 ? lane_height - 1 : BAR_HEIGHT;
}

static void
draw_bar (cairo_t           *cr,
          PangoLayout       *layout,
          const KonTimeline *self,
          const Row         *row,
          const Bar         *bar,
          double             width,
          double             top,
          gboolean           focused)
{
  double x0, x1, y, height;
  gboolean open = !g_date_valid (&bar->last);

  bar_box (self, row, bar, width, top, &x0, &x1, &y, &height);

  if (x1 - x0 < 2)
    x1 = x0 + 2;
  rounded_rectangle (cr, x0 + 0.5, y, x1 - x0 - 1, height, MIN (3, height / 2));
  set_colour (cr, &fills[bar->side]);
  cairo_fill_preserve (cr);
  set_colour (cr, &outlines[bar->side]);
  cairo_set_line_width (cr, focused ? 2.5 : 0.8);
  if (focused)
    cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_stroke (cr);

  /* No last day: an arrow where the drawing ends */
  if (open)
    {
      set_colour (cr, &outlines[bar->side]);
      cairo_move_to (cr, x1 - 7, y + 2);
      cairo_line_to (cr, x1 - 2, y + height / 2);
      cairo_line_to (cr, x1 - 7, y + height - 2);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  /* The holder's name where the bar has room (a lane of two has not) */
  if (x1 - x0 > 24 && row->n_lanes == 1)
    {
      cairo_save (cr);
      cairo_rectangle (cr, x0, y, x1 - x0, height);
      cairo_clip (cr);
      cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
      show_text (cr, layout, BAR_FONT, bar->holder, x0 + 4, y + height / 2,
                 x1 - x0 - (open ? 14 : 6), FALSE);
      cairo_restore (cr);
    }
}

static void
draw_legend (cairo_t           *cr,
             PangoLayout       *layout,
             const KonTimeline *self,
             double             width,
             double             top)
{
  const struct
  {
    KonSide     side;
    const char *text;
  } keys[] = {
    { KON_SIDE_HF, N_("Hospital trust") },
    { KON_SIDE_MUNICIPAL, N_("Municipalities") },
    { KON_SIDE_NONE, N_("Neither side") },
  };
  double x = LABEL_WIDTH, y = top + LEGEND_HEIGHT / 2;
  int w;

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      rounded_rectangle (cr, x, y - 5, 18, 10, 2);
      set_colour (cr, &fills[keys[k].side]);
      cairo_fill_preserve (cr);
      set_colour (cr, &outlines[keys[k].side]);
      cairo_set_line_width (cr, 0.8);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      show_text (cr, layout, LABEL_FONT, _(keys[k].text), x + 22, y, -1, FALSE);
      pango_layout_get_size (layout, &w, NULL);
      x += 22 + (double) w / PANGO_SCALE + 16;
    }
  hatch (cr, x, y - 5, 18, 10);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  show_text (cr, layout, LABEL_FONT, _("Vacant"), x + 22, y, -1, FALSE);
  pango_layout_get_size (layout, &w, NULL);
  x += 22 + (double) w / PANGO_SCALE + 16;
  cairo_set_source_rgb (cr, 0.80, 0.10, 0.10);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x + 4, y - 6);
  cairo_line_to (cr, x + 4, y + 6);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  show_text (cr, layout, LABEL_FONT, _("Today"), x + 12, y, -1, FALSE);
}

/* Rows @from to @to (not included), with the years above and the legend
 * below */
static void
draw_rows (cairo_t           *cr,
           const KonTimeline *self,
           double             width,
           guint              from,
           guint              to,
           int                focus_row,
           int                focus_bar)
{
  PangoContext *context = kon_render_create_pango_context ();
  PangoLayout *layout = pango_layout_new (context);
  double bottom = HEADER_HEIGHT + (to - from) * ROW_HEIGHT;
  double year_width = (width - LABEL_WIDTH - RIGHT_PAD) / self->n_years;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, bottom + LEGEND_HEIGHT);
  cairo_fill (cr);

  /* Alternate rows shaded, each with its name */
  for (guint r = from; r < to; r++)
    {
      double top = HEADER_HEIGHT + (r - from) * ROW_HEIGHT;

      if ((r - from) % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.96, 0.96, 0.96);
          cairo_rectangle (cr, 0, top, width, ROW_HEIGHT);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      show_text (cr, layout, LABEL_FONT, get_row (self, r)->name, 4, top + ROW_HEIGHT / 2,
                 LABEL_WIDTH - 10, FALSE);
    }

  /* The years: a line at each 1 January, the number over its column;
   * a narrow column shows every other number */
  for (guint y = 0; y <= self->n_years; y++)
    {
      double x = LABEL_WIDTH + y * year_width;

      cairo_set_source_rgb (cr, 0.78, 0.78, 0.78);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, x, HEADER_HEIGHT - 4);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      if (y < self->n_years && (year_width >= 28 || y % 2 == 0))
        {
          g_autofree char *year = g_strdup_printf ("%d", self->first_year + (int) y);

          cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
          show_text (cr, layout, YEAR_FONT, year, x + year_width / 2, HEADER_HEIGHT / 2, -1, TRUE);
        }
    }

  for (guint r = from; r < to; r++)
    {
      const Row *row = get_row (self, r);
      double top = HEADER_HEIGHT + (r - from) * ROW_HEIGHT;
      g_autoptr(GArray) gaps = vacancies (self, row);

      for (guint i = 0; i + 1 < gaps->len; i += 2)
        {
          double x0 = date_x (self, &g_array_index (gaps, GDate, i), width);
          double x1 = end_x (self, &g_array_index (gaps, GDate, i + 1), width);

          hatch (cr, x0, top + (ROW_HEIGHT - BAR_HEIGHT) / 2 + 3, MAX (x1 - x0, 1.5), BAR_HEIGHT - 6);
        }
      for (guint b = 0; b < row->bars->len; b++)
        draw_bar (cr, layout, self, row, &g_array_index (row->bars, Bar, b), width, top,
                  (int) r == focus_row && (int) b == focus_bar);
    }

  if (g_date_valid (&self->today) && g_date_compare (&self->today, &self->start) >= 0
      && g_date_compare (&self->today, &self->end) <= 0)
    {
      double x = date_x (self, &self->today, width);

      cairo_set_source_rgb (cr, 0.80, 0.10, 0.10);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, x, HEADER_HEIGHT - 4);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
    }

  draw_legend (cr, layout, self, width, bottom);
  cairo_restore (cr);

  g_object_unref (layout);
  g_object_unref (context);
}

void
kon_timeline_draw (cairo_t           *cr,
                   const KonTimeline *self,
                   double             width,
                   int                focus_row,
                   int                focus_bar)
{
  g_return_if_fail (cr != NULL && self != NULL);

  draw_rows (cr, self, MAX (width, LABEL_WIDTH + RIGHT_PAD + 40), 0, self->rows->len,
             focus_row, focus_bar);
}

gboolean
kon_timeline_hit (const KonTimeline *self,
                  double             width,
                  double             x,
                  double             y,
                  guint             *out_row,
                  guint             *out_bar)
{
  double top;
  const Row *row;
  guint r;

  g_return_val_if_fail (self != NULL, FALSE);

  if (y < HEADER_HEIGHT || x < LABEL_WIDTH)
    return FALSE;
  r = (guint) ((y - HEADER_HEIGHT) / ROW_HEIGHT);
  if (r >= self->rows->len)
    return FALSE;
  top = HEADER_HEIGHT + r * ROW_HEIGHT;

  row = get_row (self, r);
  for (guint b = 0; b < row->bars->len; b++)
    {
      const Bar *bar = &g_array_index (row->bars, Bar, b);
      double x0, x1, bar_y, height;

      bar_box (self, row, bar, width, top, &x0, &x1, &bar_y, &height);
      if (x >= x0 && x <= x1 && y >= bar_y && y <= bar_y + height)
        {
          if (out_row != NULL)
            *out_row = r;
          if (out_bar != NULL)
            *out_bar = b;
          return TRUE;
        }
    }
  return FALSE;
}

/* PDF */

typedef struct
{
  const KonTimeline *timeline;
  const char        *title;
} PdfData;

static void
draw_pages (cairo_t  *cr,
            gpointer  user_data)
{
  PdfData *data = user_data;
  const KonTimeline *self = data->timeline;
  double width = KON_TIMELINE_PAGE_WIDTH - 2 * PAGE_MARGIN;
  double room = KON_TIMELINE_PAGE_HEIGHT - 2 * PAGE_MARGIN - TITLE_HEIGHT - HEADER_HEIGHT - LEGEND_HEIGHT;
  double fit = (room + HEADER_HEIGHT + LEGEND_HEIGHT) / kon_timeline_get_height (self);
  double scale = 1.0;
  guint per_page = MAX (1, (guint) floor (room / ROW_HEIGHT));
  guint n_pages;

  /* A few rows more than a page holds (the SSU's 24 seats and its
   * chairs) are drawn a little smaller, on one page */
  if (fit < 1.0 && fit >= 0.75)
    {
      scale = fit;
      per_page = self->rows->len;
    }
  n_pages = MAX (1, (self->rows->len + per_page - 1) / per_page);
  PangoContext *context = kon_render_create_pango_context ();
  PangoLayout *layout = pango_layout_new (context);

  for (guint page = 0; page < n_pages; page++)
    {
      guint from = page * per_page;
      guint to = MIN (self->rows->len, from + per_page);
      g_autofree char *title = n_pages == 1 ? g_strdup (data->title)
                               /* TRANSLATORS: a document's title, then page and pages */
                               : g_strdup_printf (_("%s (page %u of %u)"), data->title, page + 1, n_pages);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_text (cr, layout, TITLE_FONT, title, PAGE_MARGIN, PAGE_MARGIN + TITLE_HEIGHT / 2 - 4,
                 width, FALSE);
      cairo_save (cr);
      cairo_translate (cr, PAGE_MARGIN, PAGE_MARGIN + TITLE_HEIGHT);
      cairo_scale (cr, scale, scale);
      draw_rows (cr, self, width / scale, from, to, -1, -1);
      cairo_restore (cr);
      cairo_show_page (cr);
    }

  g_object_unref (layout);
  g_object_unref (context);
}

gboolean
kon_timeline_export_pdf (const KonTimeline  *self,
                         const char         *title,
                         GFile              *file,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  PdfData data = { self, title != NULL ? title : "" };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (kon_render_write_file (file, KON_RENDER_FORMAT_PDF, KON_TIMELINE_PAGE_WIDTH,
                             KON_TIMELINE_PAGE_HEIGHT, data.title, draw_pages, &data,
                             cancellable, &local_error))
    return TRUE;

  {
    g_autofree char *name = g_file_get_parse_name (file);

    g_set_error (error, local_error->domain, local_error->code,
                 /* Translators: %s is a file name, then the reason */
                 _("The timeline could not be saved as “%s”: %s"), name, local_error->message);
  }
  return FALSE;
}
