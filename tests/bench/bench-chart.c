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
 *
 * Then the generated large community (2,000 bodies, 50,000 roles, as
 * bench-startup and bench-exchange make it): what the chart view does on
 * a change, 20 times after 2 warm-up rounds, medians:
 *
 *   chart-follow-large: MS ms      one role changed: re-read that row
 *                                  (kon_chart_data_apply_change)
 *   chart-layout-large: MS ms      the chart laid out again, box sizes
 *                                  known (the view keeps them)
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gstdio.h>

#include "kon-chart-layout.h"
#include "kon-chart-render.h"
#include "kon-exchange.h"
#include "kon-test-util.h"

#define ROUNDS  50
#define WARM_UP 3

#define LARGE_ROUNDS  20
#define LARGE_WARM_UP 2

static void
remove_database (const char *database,
                 const char *dir)
{
  for (guint i = 0; i < 4; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
      g_autofree char *name = g_strconcat (database, suffixes[i], NULL);
      g_remove (name);
    }
  g_rmdir (dir);
}

/* Box sizes as the view keeps them: known, looked up by body */
static void
known_size (const KonChartBox *box,
            double            *width,
            double            *height,
            gpointer           user_data)
{
  GHashTable *sizes = user_data;
  double *size = g_hash_table_lookup (sizes, box->body_uuid);

  if (size == NULL)
    {
      size = g_new (double, 2);
      size[0] = 150 + g_str_hash (box->name) % 90;
      size[1] = 56 + (box->n_warnings > 0 ? 16 : 0);
      g_hash_table_insert (sizes, g_strdup (box->body_uuid), size);
    }
  *width = size[0];
  *height = size[1];
}

static int compare_doubles (gconstpointer a,
                            gconstpointer b);

static double
median_of (double *times,
           guint   n)
{
  qsort (times, n, sizeof (double), compare_doubles);
  return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
}

static gboolean
bench_large (GError **error)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-chart-XXXXXX", error);
  g_autofree char *database = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(KonExchangeReport) report = NULL;
  g_autoptr(KonChartData) data = NULL;
  g_autoptr(GHashTable) sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  KonChartMetrics metrics = { .measure = known_size, .measure_data = sizes };
  double follow[LARGE_ROUNDS], layout[LARGE_ROUNDS];
  GDate today;

  if (dir == NULL)
    return FALSE;
  database = g_build_filename (dir, "large.db", NULL);
  json = g_build_filename (dir, "large.json", NULL);
  document = kon_test_generate_community (200, 20000, 2000, 50000, NULL, NULL, NULL);
  file = g_file_new_for_path (json);
  if (!g_file_set_contents (json, g_bytes_get_data (document, NULL), g_bytes_get_size (document), error))
    return FALSE;

  store = kon_store_open (database, error);
  if (store != NULL)
    report = kon_exchange_import_file (store, file, NULL, error);
  g_remove (json);
  if (report != NULL)
    data = kon_chart_data_load (store, error);
  if (data == NULL)
    {
      g_clear_object (&store);
      remove_database (database, dir);
      return FALSE;
    }

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));

  for (int i = -LARGE_WARM_UP; i < LARGE_ROUNDS; i++)
    {
      KonRole *role = kon_role_copy (g_ptr_array_index (data->roles, (i + LARGE_WARM_UP) * 997 % data->roles->len));
      gint64 start;
      KonChartLayout *chart;
      gboolean ok;

      role->kind = role->kind == KON_ROLE_KIND_MEMBER ? KON_ROLE_KIND_OBSERVER : KON_ROLE_KIND_MEMBER;
      ok = kon_org_save_role (store, role, error);

      start = g_get_monotonic_time ();
      ok = ok && kon_chart_data_apply_change (data, store, "role", role->uuid,
                                              KON_STORE_CHANGE_UPDATE, error);
      if (i >= 0)
        follow[i] = (g_get_monotonic_time () - start) / 1000.0;
      kon_role_free (role);
      if (!ok)
        return FALSE;

      start = g_get_monotonic_time ();
      chart = kon_chart_layout_new (data->community, data->partners, data->bodies,
                                    data->roles, &today, &metrics);
      if (i >= 0)
        layout[i] = (g_get_monotonic_time () - start) / 1000.0;
      kon_chart_layout_unref (chart);
    }

  g_clear_object (&store);
  remove_database (database, dir);

  printf ("chart-follow-large: %.2f ms\n", median_of (follow, LARGE_ROUNDS));
  printf ("chart-layout-large: %.2f ms\n", median_of (layout, LARGE_ROUNDS));
  return TRUE;
}

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
  fflush (stdout);

  if (!bench_large (&error))
    {
      g_printerr ("bench-chart: %s\n", error->message);
      return 1;
    }

  return 0;
}
