/* bench-json-check.c: how long the strict check before JsonParser takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A generated community of the exchange's shape (kon_test_generate_community (),
 * as bench-exchange and test-exchange use it), scaled to at least 24 MB of
 * JSON, is checked by kon_json_check () ROUNDS times.  Prints each round
 * (wall clock and process CPU time), the size, then the median:
 *
 *   json-check-24mb: MS ms
 *
 * Floor: well under 100 ms (the import's budget is 1,000 ms; JsonParser
 * itself takes about 400 ms of it).
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kon-json-check.h"
#include "kon-test-util.h"

/* bench-exchange's large community (about 22 MB) times 1.1 */
#define N_PARTNERS 220
#define N_PERSONS  22000
#define N_BODIES   2200
#define N_ROLES    55000
#define MIN_SIZE   (24 * 1000 * 1000)
#define ROUNDS     7
#define MAX_DEPTH  64

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
  g_autoptr(GBytes) document = NULL;
  const char *data;
  gsize size;
  double wall_ms[ROUNDS];

  setlocale (LC_ALL, "");

  document = kon_test_generate_community (N_PARTNERS, N_PERSONS, N_BODIES, N_ROLES,
                                          NULL, NULL, NULL);
  data = g_bytes_get_data (document, &size);
  if (size < MIN_SIZE)
    {
      g_printerr ("bench-json-check: the document has %" G_GSIZE_FORMAT " bytes, "
                  "fewer than %d: generate a larger one\n", size, MIN_SIZE);
      return 1;
    }

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      double cpu_start = cpu_ms ();
      gint64 start = g_get_monotonic_time ();
      gboolean ok;

      ok = kon_json_check (data, size, G_MAXSIZE, MAX_DEPTH, NULL, &error);
      wall_ms[round] = (g_get_monotonic_time () - start) / 1000.0;
      if (!ok)
        {
          g_printerr ("bench-json-check: the generated document is refused: %s\n", error->message);
          return 1;
        }
      printf ("# round %u: %.1f ms (CPU %.1f ms)\n", round, wall_ms[round], cpu_ms () - cpu_start);
    }

  qsort (wall_ms, ROUNDS, sizeof (double), compare_doubles);

  printf ("# %u partners, %u persons, %u bodies, %u roles; %.1f MB of JSON, %.0f MB/s\n",
          N_PARTNERS, N_PERSONS, N_BODIES, N_ROLES, size / 1e6,
          size / 1e6 / (wall_ms[ROUNDS / 2] / 1e3));
  printf ("json-check-24mb: %.0f ms\n", wall_ms[ROUNDS / 2]);

  return 0;
}
