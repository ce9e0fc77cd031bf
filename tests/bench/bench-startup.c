/* bench-startup.c: how long until Konsensus shows its first frame?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts Konsensus on a new, empty database (--database <fresh file>), on
 * a database holding the generated large community (200 partners, 20,000
 * persons, 2,000 bodies, 50,000 roles: kon_test_generate_community (),
 * imported once per run of this program with konsensus --import) and, for
 * comparison, a bare AdwApplicationWindow built in the same tree
 * (kon-bare-window), several times each, and prints the median time from
 * just before spawning the process to its first painted frame, and the
 * ratios to the bare window:
 *
 *   startup-empty: 0.412 s
 *   startup-bare: 0.350 s
 *   startup-ratio: 1.18 x
 *   startup-large: 0.480 s
 *   startup-large-ratio: 1.37 x
 *   startup-large-chart: 0.900 s
 *   startup-large-chart-ratio: 2.57 x
 *   startup-archive: 0.420 s
 *   startup-archive-ratio: 1.20 x
 *
 * startup-archive is the start with twenty years of cases (50,000,
 * kon_test_make_archive (), the archive bench-cases opens).
 *
 * startup-large-chart is the time until the organisation chart itself is
 * on screen (the large community's chart is read in a thread while the
 * window paints its first frame): the chart view prints "chart-frame:
 * <µs>" when KONSENSUS_REPORT_CHART_FRAME is set, and quits.
 *
 * Both programs print "first-frame: <µs>" (g_get_monotonic_time (), the
 * same clock in every process) from kon-frame-report.c when
 * KONSENSUS_REPORT_FIRST_FRAME is set, and quit.  It needs a display:
 * ./build-aux/dev bench runs it under xvfb-run and dbus-run-session.
 * Anything but those lines goes to standard error.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kon-test-util.h"

#define FIRST_FRAME_PREFIX "first-frame: "
#define CHART_FRAME_PREFIX "chart-frame: "
#define RUN_TIMEOUT_SECONDS 60

/* The large community of issue 8, as bench-exchange generates it */
#define N_PARTNERS 200
#define N_PERSONS  20000
#define N_BODIES   2000
#define N_ROLES    50000

typedef struct
{
  GMainLoop *loop;
  gint64     first_frame;
  gboolean   timed_out;
} Run;

/* Start-up on two cores with software GL varies by a tenth from run to
 * run: the median of 15 moves far less than that of 7 */
static int n_runs = 15;
static gboolean verbose = FALSE;
static char *large_database = NULL;

static const GOptionEntry entries[] = {
  { "runs", 'n', 0, G_OPTION_ARG_INT, &n_runs,
    "Runs of each program, the median of which is taken (default 15)", "N" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
    "Print every run on standard error", NULL },
  { "large-database", 0, 0, G_OPTION_ARG_FILENAME, &large_database,
    "The large community's database: generated there if it is not there, "
    "and kept (default: generated in a temporary folder, and removed)", "FILE" },
  { NULL }
};

/* Helpers */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gint64
median (GArray *values)
{
  g_array_sort (values, compare_gint64);

  if (values->len % 2 == 1)
    return g_array_index (values, gint64, values->len / 2);

  return (g_array_index (values, gint64, values->len / 2 - 1) +
          g_array_index (values, gint64, values->len / 2)) / 2;
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
}

/* Writes the large community to a file beside @database and imports it
 * with the program measured, as a user would; the file is removed */
static gboolean
make_large_database (const char  *database,
                     const char * const *envp)
{
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strconcat (database, ".json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { KON_BENCH_KONSENSUS, "--database", database, "--import", json, "--create", NULL };
  gint64 start = g_get_monotonic_time ();
  int wait_status;
  gboolean ok;

  document = kon_test_generate_community (N_PARTNERS, N_PERSONS, N_BODIES, N_ROLES,
                                          NULL, NULL, NULL);
  if (!g_file_set_contents (json, g_bytes_get_data (document, NULL),
                            g_bytes_get_size (document), &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return FALSE;
    }

  ok = g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &wait_status, &error)
       && g_spawn_check_wait_status (wait_status, &error);
  g_remove (json);
  if (!ok)
    {
      g_printerr ("bench-startup: importing the large community: %s\n%s",
                  error->message, err != NULL ? err : "");
      return FALSE;
    }
  if (verbose)
    g_printerr ("bench-startup: large community generated and imported in %.1f s: %s",
                (g_get_monotonic_time () - start) / 1e6, out);

  return TRUE;
}

/* Callbacks */

static void
on_line_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GDataInputStream *stream = G_DATA_INPUT_STREAM (source);
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, &error);

  if (line == NULL)
    {
      /* End of output, or an error: the program ended without a frame */
      if (error != NULL)
        g_printerr ("bench-startup: %s\n", error->message);
      g_main_loop_quit (run->loop);
      return;
    }

  if (g_str_has_prefix (line, FIRST_FRAME_PREFIX))
    {
      run->first_frame = g_ascii_strtoll (line + strlen (FIRST_FRAME_PREFIX), NULL, 10);
      g_main_loop_quit (run->loop);
      return;
    }

  if (g_str_has_prefix (line, CHART_FRAME_PREFIX))
    {
      run->first_frame = g_ascii_strtoll (line + strlen (CHART_FRAME_PREFIX), NULL, 10);
      g_main_loop_quit (run->loop);
      return;
    }

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, on_line_read_cb, run);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->timed_out = TRUE;
  g_main_loop_quit (run->loop);

  return G_SOURCE_REMOVE;
}

/* Measuring */

/* Returns the µs from just before the spawn to the first frame, or -1 */
static gint64
measure_once (const char * const *argv,
              const char * const *envp)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { NULL, -1, FALSE };
  guint timeout_id;
  gint64 start;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_environ (launcher, (char **) envp);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    {
      g_printerr ("bench-startup: cannot start %s: %s\n", argv[0], error->message);
      return -1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;

  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, on_line_read_cb, &run);
  timeout_id = g_timeout_add_seconds (RUN_TIMEOUT_SECONDS, on_timeout_cb, &run);

  g_main_loop_run (loop);

  if (!run.timed_out)
    g_source_remove (timeout_id);

  if (run.first_frame < 0)
    {
      g_printerr ("bench-startup: %s %s without painting a frame\n", argv[0],
                  run.timed_out ? "timed out" : "ended");
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return -1;
    }

  /* The program quits by itself after its first frame; the next run must
   * not find it still holding its name on the bus. */
  if (!g_subprocess_wait_check (process, NULL, &error))
    {
      g_printerr ("bench-startup: %s: %s\n", argv[0], error->message);
      return -1;
    }

  return run.first_frame - start;
}

static char **
make_environment (const char *tmp_dir)
{
  char **envp = g_get_environ ();
  g_autofree char *data_home = g_build_filename (tmp_dir, "data", NULL);

  /* The build tree's compiled schema and catalogues, unless told otherwise */
  if (g_environ_getenv (envp, "GSETTINGS_SCHEMA_DIR") == NULL)
    envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", KON_BENCH_SCHEMA_DIR, TRUE);
  if (g_environ_getenv (envp, "KONSENSUS_LOCALEDIR") == NULL)
    envp = g_environ_setenv (envp, "KONSENSUS_LOCALEDIR", KON_BENCH_LOCALEDIR, TRUE);
  /* The community templates that an empty database offers, as installed,
   * whether or not this tree was installed */
  if (g_environ_getenv (envp, "KONSENSUS_TEMPLATE_DIR") == NULL)
    envp = g_environ_setenv (envp, "KONSENSUS_TEMPLATE_DIR", KON_BENCH_TEMPLATE_DIR, TRUE);

  /* Every run starts from the same state: default settings, nothing saved */
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  envp = g_environ_setenv (envp, "KONSENSUS_REPORT_FIRST_FRAME", "1", TRUE);

  return envp;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) empty_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) bare_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) large_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) chart_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) archive_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *archive = NULL;
  g_auto(GStrv) chart_envp = NULL;
  g_auto(GStrv) envp = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *large = NULL;
  const char *bare_argv[] = { KON_BENCH_BARE_WINDOW, NULL };
  gint64 empty, bare, large_median, chart_median, archive_median;
  int status = EXIT_SUCCESS;

  /* No setlocale (): the figures are printed with a decimal point in every
   * locale, and the help text is ASCII for the same reason */
  context = g_option_context_new ("- time the start-up of Konsensus to its first frame");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (n_runs < 1)
    {
      g_printerr ("bench-startup: --runs must be at least 1\n");
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < 2; i++)
    {
      const char *program = i == 0 ? KON_BENCH_KONSENSUS : KON_BENCH_BARE_WINDOW;

      if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_printerr ("bench-startup: %s is not built\n", program);
          return EXIT_FAILURE;
        }
    }

  tmp_dir = g_dir_make_tmp ("konsensus-bench-XXXXXX", &error);
  if (tmp_dir == NULL)
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return EXIT_FAILURE;
    }
  envp = make_environment (tmp_dir);
  chart_envp = g_environ_unsetenv (g_strdupv (envp), "KONSENSUS_REPORT_FIRST_FRAME");
  chart_envp = g_environ_setenv (chart_envp, "KONSENSUS_REPORT_CHART_FRAME", "1", TRUE);

  /* The large community once per run of this program (or once, kept) */
  large = large_database != NULL ? g_strdup (large_database)
                                 : g_build_filename (tmp_dir, "large.db", NULL);
  if (!g_file_test (large, G_FILE_TEST_EXISTS)
      && !make_large_database (large, (const char * const *) envp))
    status = EXIT_FAILURE;

  /* Twenty years of cases (the archive bench-cases opens) */
  archive = g_build_filename (tmp_dir, "archive.db", NULL);
  if (status == EXIT_SUCCESS && !kon_test_make_archive (archive, 50000, 20, 2026, &error))
    {
      g_printerr ("bench-startup: the archive: %s\n", error->message);
      status = EXIT_FAILURE;
    }

  /* One run of each first, not counted: it fills the caches that a
   * user's second start would find filled.  Then the three take turns, so
   * that a slower moment of the machine falls on all. */
  for (int i = -1; i < n_runs && status == EXIT_SUCCESS; i++)
    {
      g_autofree char *name = g_strdup_printf ("run-%d.db", i + 1);
      g_autofree char *database = g_build_filename (tmp_dir, name, NULL);
      const char *empty_argv[] = { KON_BENCH_KONSENSUS, "--database", database, NULL };
      const char *large_argv[] = { KON_BENCH_KONSENSUS, "--database", large, NULL };
      const char *archive_argv[] = { KON_BENCH_KONSENSUS, "--database", archive, NULL };
      const char * const *programs[] = { empty_argv, bare_argv, large_argv, large_argv, archive_argv };
      const char * const *environments[] = { (const char * const *) envp, (const char * const *) envp,
                                             (const char * const *) envp, (const char * const *) chart_envp,
                                             (const char * const *) envp };
      gint64 times[G_N_ELEMENTS (programs)] = { -1, -1, -1, -1, -1 };

      /* Each goes first in turn, so that whatever one run leaves behind
       * (a process still exiting, a busy X server) weighs on all alike */
      for (guint k = 0; k < G_N_ELEMENTS (programs); k++)
        {
          guint which = ((guint) (i + 1) + k) % G_N_ELEMENTS (programs);

          times[which] = measure_once (programs[which], environments[which]);
          if (times[which] < 0)
            break;
        }
      remove_database (database);

      if (times[0] < 0 || times[1] < 0 || times[2] < 0 || times[3] < 0 || times[4] < 0)
        {
          status = EXIT_FAILURE;
          break;
        }

      if (verbose)
        g_printerr ("bench-startup: run %d%s: konsensus %.3f s, bare %.3f s, large %.3f s, "
                    "large chart %.3f s\n", i + 1, i < 0 ? " (warm-up)" : "",
                    times[0] / 1e6, times[1] / 1e6, times[2] / 1e6, times[3] / 1e6);

      if (i >= 0)
        {
          g_array_append_val (empty_times, times[0]);
          g_array_append_val (bare_times, times[1]);
          g_array_append_val (large_times, times[2]);
          g_array_append_val (chart_times, times[3]);
          g_array_append_val (archive_times, times[4]);
        }
    }

  if (large_database == NULL)
    remove_database (large);
  remove_database (archive);

  /* Empty unless a program wrote to XDG_DATA_HOME; then it stays, to be looked at */
  if (g_rmdir (tmp_dir) != 0)
    g_printerr ("bench-startup: %s was written to and is left as it is\n", tmp_dir);

  if (status != EXIT_SUCCESS)
    return status;

  empty = median (empty_times);
  bare = median (bare_times);
  large_median = median (large_times);
  archive_median = median (archive_times);
  chart_median = median (chart_times);

  printf ("startup-empty: %.3f s\n", empty / 1e6);
  printf ("startup-bare: %.3f s\n", bare / 1e6);
  printf ("startup-ratio: %.2f x\n", (double) empty / (double) bare);
  printf ("startup-large: %.3f s\n", large_median / 1e6);
  printf ("startup-large-ratio: %.2f x\n", (double) large_median / (double) bare);
  printf ("startup-large-chart: %.3f s\n", chart_median / 1e6);
  printf ("startup-large-chart-ratio: %.2f x\n", (double) chart_median / (double) bare);
  printf ("startup-archive: %.3f s\n", archive_median / 1e6);
  printf ("startup-archive-ratio: %.2f x\n", (double) archive_median / (double) bare);

  return EXIT_SUCCESS;
}
