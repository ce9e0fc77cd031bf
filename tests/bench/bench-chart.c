/* bench-chart.c: how long redrawing the organisation chart takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Template (a), Helsefellesskapet Lofoten, Vesterålen og Salten: layout
 * (text measured with pango) and drawing, fitted into a 1280×800 cairo
 * image surface, 50 times after 3 warm-up rounds.  Prints the median:
 *
 *   chart-redraw: MS ms
 *
 * One frame at 60 Hz is 16 ms: the redraw must fit in one.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "kon-chart-render.h"

#define ROUNDS  50
#define WARM_UP 3

static KonSide
side_of (JsonObject *o)
{
  const char *side = json_object_get_string_member_with_default (o, "side", NULL);

  if (g_strcmp0 (side, "hf") == 0)
    return KON_SIDE_HF;
  if (g_strcmp0 (side, "municipal") == 0)
    return KON_SIDE_MUNICIPAL;
  return KON_SIDE_NONE;
}

static int
index_of (const char         *value,
          const char * const *names)
{
  for (int i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (value, names[i]) == 0)
      return i;
  return 0;
}

static void
set_date (JsonObject *o,
          const char *key,
          GDate      *date)
{
  const char *text = json_object_get_string_member_with_default (o, key, NULL);
  guint y, m, d;

  g_date_clear (date, 1);
  if (text != NULL && sscanf (text, "%4u-%2u-%2u", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    g_date_set_dmy (date, d, m, y);
}

static gboolean
load (const char    *path,
      KonCommunity **community,
      GPtrArray    **partners,
      GPtrArray    **bodies,
      GPtrArray    **roles,
      GError       **error)
{
  static const char * const body_kinds[] = {
    "dialogmote", "partnerskapsmote", "ssu", "omradeutvalg", "fsu", "sekretariat",
    "arbeidsgruppe", "rad", "annet", NULL
  };
  static const char * const role_kinds[] = {
    "member", "deputy", "observer", "leader", "deputy_leader", "secretary", NULL
  };
  static const char * const represents[] = {
    "none", "partner", "side", "users", "gps", "employees", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *c;
  JsonArray *array;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));

  c = json_object_get_object_member (root, "community");
  *community = kon_community_new ();
  g_free ((*community)->name);
  (*community)->name = g_strdup (json_object_get_string_member (c, "name"));

  *partners = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_partner_free);
  array = json_object_get_array_member (root, "partners");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KonPartner *p = kon_partner_new ();

      g_free (p->uuid);
      p->uuid = g_strdup (json_object_get_string_member (o, "uuid"));
      p->side = side_of (o);
      g_ptr_array_add (*partners, p);
    }

  *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_body_free);
  array = json_object_get_array_member (root, "bodies");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KonBody *b = kon_body_new ();

      g_free (b->uuid);
      g_free (b->name);
      b->uuid = g_strdup (json_object_get_string_member (o, "uuid"));
      b->name = g_strdup (json_object_get_string_member (o, "name"));
      b->short_name = g_strdup (json_object_get_string_member_with_default (o, "short_name", NULL));
      b->parent_uuid = g_strdup (json_object_get_string_member_with_default (o, "parent", NULL));
      b->kind = index_of (json_object_get_string_member (o, "kind"), body_kinds);
      b->seats_per_side = json_object_get_int_member (o, "seats_per_side");
      set_date (o, "deadline", &b->deadline);
      g_ptr_array_add (*bodies, b);
    }

  *roles = g_ptr_array_new_with_free_func ((GDestroyNotify) kon_role_free);
  array = json_object_get_array_member (root, "roles");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      KonRole *r = kon_role_new ();

      g_free (r->uuid);
      r->uuid = g_strdup (json_object_get_string_member (o, "uuid"));
      g_free (r->person_uuid);
      r->person_uuid = g_strdup (json_object_get_string_member (o, "person"));
      g_free (r->body_uuid);
      r->body_uuid = g_strdup (json_object_get_string_member (o, "body"));
      r->kind = index_of (json_object_get_string_member (o, "kind"), role_kinds);
      r->represents = index_of (json_object_get_string_member (o, "represents"), represents);
      r->partner_uuid = g_strdup (json_object_get_string_member_with_default (o, "partner", NULL));
      r->side = side_of (o);
      set_date (o, "from", &r->from);
      set_date (o, "to", &r->to);
      g_ptr_array_add (*roles, r);
    }

  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = g_build_filename (KON_BENCH_TEMPLATES, "lofoten-vesteralen-salten.json", NULL);
  g_autoptr(KonCommunity) community = NULL;
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GError) error = NULL;
  cairo_rectangle_t area = { 24, 24, 1280 - 48, 800 - 48 };
  cairo_surface_t *surface;
  double times[ROUNDS];
  GDate today;

  setlocale (LC_ALL, "");

  if (!load (path, &community, &partners, &bodies, &roles, &error))
    {
      g_printerr ("bench-chart: %s\n", error->message);
      return 1;
    }

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);

  for (int i = -WARM_UP; i < ROUNDS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      KonChartLayout *layout;
      cairo_t *cr;

      layout = kon_chart_render_layout (community, partners, bodies, roles, &today);
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      kon_chart_render_draw_fitted (cr, layout, &area);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      kon_chart_layout_unref (layout);

      if (i >= 0)
        times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  cairo_surface_destroy (surface);

  qsort (times, ROUNDS, sizeof (double), compare_doubles);
  printf ("chart-redraw: %.2f ms\n", (times[ROUNDS / 2 - 1] + times[ROUNDS / 2]) / 2);

  return 0;
}
