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

#include <glib/gstdio.h>

#include "kon-chart-layout.h"
#include "kon-chart-render.h"
#include "kon-exchange.h"

#define ROUNDS  50
#define WARM_UP 3

/* The template as the app holds it: imported into a new database in a
 * temporary folder, and read back as the chart view reads it */
static KonChartData *
load (const char  *path,
      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *database = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KonChartData *data = NULL;

  dir = g_dir_make_tmp ("bench-chart-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  database = g_build_filename (dir, "chart.db", NULL);

  store = kon_store_open (database, error);
  if (store != NULL)
    report = kon_exchange_import_file (store, file, NULL, error);
  if (report != NULL)
    data = kon_chart_data_load (store, error);
  g_clear_object (&store);

  for (guint i = 0; i < 4; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
      g_autofree char *name = g_strconcat (database, suffixes[i], NULL);
      g_remove (name);
    }
  g_rmdir (dir);

  return data;
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
  g_autoptr(KonChartData) data = NULL;
  g_autoptr(GError) error = NULL;
  cairo_rectangle_t area = { 24, 24, 1280 - 48, 800 - 48 };
  cairo_surface_t *surface;
  double times[ROUNDS];
  GDate today;

  setlocale (LC_ALL, "");

  data = load (path, &error);
  if (data == NULL)
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

      layout = kon_chart_render_layout (data->community, data->partners, data->bodies,
                                        data->roles, &today);
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
