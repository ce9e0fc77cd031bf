/* bench-exchange.c: how long importing and exporting a large community takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A generated community far larger than any real one (200 partners,
 * 20,000 persons, 2,000 bodies, 50,000 roles; about 22 MB of JSON, made
 * by kon_test_generate_community (), which test-exchange also uses) is
 * written to a file, then, three times each, in a temporary folder:
 *
 *   import-large: the file imported into an empty database
 *                 (read, validated, merged, committed);
 *   export-large: that database exported to a file (the first export
 *                 after the import: read in one read transaction, then
 *                 what was exported recorded, as far as anything differs
 *                 from what the import recorded).
 *
 * Prints each round (wall clock, and the CPU time the process spent: on
 * a busy machine the wall clock varies far more), then the medians:
 *
 *   import-large: MS ms
 *   export-large: MS ms
 *
 * Floors: 1,000 ms each.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <time.h>

#include "kon-exchange.h"
#include "kon-org.h"
#include "kon-test-util.h"

#define N_PARTNERS 200
#define N_PERSONS  20000
#define N_BODIES   2000
#define N_ROLES    50000
#define ROUNDS     3

/* CPU time of the process: what the work costs, whatever else the
 * machine is doing */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GFile) source_file = NULL;
  double import_ms[ROUNDS];
  double export_ms[ROUNDS];

  setlocale (LC_ALL, "");

  dir = g_dir_make_tmp ("bench-exchange-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-exchange: %s\n", error->message);
      return 1;
    }

  document = kon_test_generate_community (N_PARTNERS, N_PERSONS, N_BODIES, N_ROLES,
                                          NULL, NULL, NULL);
  source = g_build_filename (dir, "large.json", NULL);
  source_file = g_file_new_for_path (source);
  if (!g_file_set_contents (source, g_bytes_get_data (document, NULL), g_bytes_get_size (document), &error))
    {
      g_printerr ("bench-exchange: %s\n", error->message);
      return 1;
    }

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *db = g_strdup_printf ("%s/large-%u.db", dir, round);
      g_autofree char *target = g_strdup_printf ("%s/export-%u.json", dir, round);
      g_autoptr(GFile) target_file = g_file_new_for_path (target);
      g_autoptr(KonStore) store = kon_store_open (db, &error);
      g_autoptr(KonExchangeReport) report = NULL;
      g_autoptr(GMappedFile) exported = NULL;
      gint64 start;
      double import_cpu;
      double export_cpu;
      double cpu_start;

      if (store == NULL)
        {
          g_printerr ("bench-exchange: %s\n", error->message);
          return 1;
        }

      start = g_get_monotonic_time ();
      cpu_start = cpu_ms ();
      report = kon_exchange_import_file (store, source_file, NULL, &error);
      import_ms[round] = (g_get_monotonic_time () - start) / 1000.0;
      import_cpu = cpu_ms () - cpu_start;
      /* Every row of the file added (the generator also gives some bodies seats) */
      if (report == NULL || report->added[KON_EXCHANGE_KIND_ROLE] != N_ROLES
          || kon_exchange_report_count (report, report->added) != kon_exchange_report_count (report, report->in_file))
        {
          g_printerr ("bench-exchange: import failed: %s\n", error != NULL ? error->message : "rows missing");
          return 1;
        }

      start = g_get_monotonic_time ();
      cpu_start = cpu_ms ();
      if (!kon_exchange_export_file (store, target_file, KON_EXCHANGE_FLAGS_NONE, NULL, NULL, &error))
        {
          g_printerr ("bench-exchange: export failed: %s\n", error->message);
          return 1;
        }
      export_ms[round] = (g_get_monotonic_time () - start) / 1000.0;
      export_cpu = cpu_ms () - cpu_start;

      /* What went in comes out, byte for byte */
      exported = g_mapped_file_new (target, FALSE, &error);
      if (exported == NULL ||
          g_mapped_file_get_length (exported) != g_bytes_get_size (document) ||
          memcmp (g_mapped_file_get_contents (exported), g_bytes_get_data (document, NULL),
                  g_bytes_get_size (document)) != 0)
        {
          g_printerr ("bench-exchange: the export differs from the imported document\n");
          return 1;
        }

      printf ("# round %u: import %.0f ms (CPU %.0f ms), export %.0f ms (CPU %.0f ms)\n",
              round, import_ms[round], import_cpu, export_ms[round], export_cpu);
    }

  qsort (import_ms, ROUNDS, sizeof (double), compare_doubles);
  qsort (export_ms, ROUNDS, sizeof (double), compare_doubles);

  printf ("# %u partners, %u persons, %u bodies, %u roles; %.1f MB of JSON\n",
          N_PARTNERS, N_PERSONS, N_BODIES, N_ROLES, g_bytes_get_size (document) / 1e6);
  printf ("import-large: %.0f ms\n", import_ms[ROUNDS / 2]);
  printf ("export-large: %.0f ms\n", export_ms[ROUNDS / 2]);

  kon_test_remove_tree (dir);

  return 0;
}
