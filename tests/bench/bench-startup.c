/* bench-startup.c: how long until Konsensus shows its first frame?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts Konsensus on a new, empty database (--database <fresh file>) and,
 * for comparison, a bare AdwApplicationWindow built in the same tree
 * (kon-bare-window), several times each, and prints the median time from
 * just before spawning the process to its first painted frame, and the
 * ratio of the two:
 *
 *   startup-empty: 0.412 s
 *   startup-bare: 0.350 s
 *   startup-ratio: 1.18 x
 *
 * Both programs print "first-frame: <µs>" (g_get_monotonic_time (), the
 * same clock in every process) from kon-frame-report.c when
 * KONSENSUS_REPORT_FIRST_FRAME is set, and quit.  It needs a display:
 * ./build-aux/dev bench runs it under xvfb-run and dbus-run-session.
 * Anything but those three lines goes to standard error.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_FRAME_PREFIX "first-frame: "
#define RUN_TIMEOUT_SECONDS 60

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

static const GOptionEntry entries[] = {
  { "runs", 'n', 0, G_OPTION_ARG_INT, &n_runs,
    "Runs of each program, the median of which is taken (default 15)", "N" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
    "Print every run on standard error", NULL },
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
  g_auto(GStrv) envp = NULL;
  g_autofree char *tmp_dir = NULL;
  const char *bare_argv[] = { KON_BENCH_BARE_WINDOW, NULL };
  gint64 empty, bare;
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

  /* One run of each first, not counted: it fills the caches that a
   * user's second start would find filled.  Then the two take turns, so
   * that a slower moment of the machine falls on both. */
  for (int i = -1; i < n_runs && status == EXIT_SUCCESS; i++)
    {
      g_autofree char *name = g_strdup_printf ("run-%d.db", i + 1);
      g_autofree char *database = g_build_filename (tmp_dir, name, NULL);
      const char *empty_argv[] = { KON_BENCH_KONSENSUS, "--database", database, NULL };
      gint64 t_empty, t_bare;

      /* Each goes first every other time, so that whatever one run
       * leaves behind (a process still exiting, a busy X server) weighs on
       * both alike */
      if (i % 2 == 0)
        {
          t_empty = measure_once (empty_argv, (const char * const *) envp);
          t_bare = t_empty < 0 ? -1 : measure_once (bare_argv, (const char * const *) envp);
        }
      else
        {
          t_bare = measure_once (bare_argv, (const char * const *) envp);
          t_empty = t_bare < 0 ? -1 : measure_once (empty_argv, (const char * const *) envp);
        }
      remove_database (database);

      if (t_empty < 0 || t_bare < 0)
        {
          status = EXIT_FAILURE;
          break;
        }

      if (verbose)
        g_printerr ("bench-startup: run %d%s: konsensus %.3f s, bare %.3f s\n",
                    i + 1, i < 0 ? " (warm-up)" : "", t_empty / 1e6, t_bare / 1e6);

      if (i >= 0)
        {
          g_array_append_val (empty_times, t_empty);
          g_array_append_val (bare_times, t_bare);
        }
    }

  /* Empty unless a program wrote to XDG_DATA_HOME; then it stays, to be looked at */
  if (g_rmdir (tmp_dir) != 0)
    g_printerr ("bench-startup: %s was written to and is left as it is\n", tmp_dir);

  if (status != EXIT_SUCCESS)
    return status;

  empty = median (empty_times);
  bare = median (bare_times);

  printf ("startup-empty: %.3f s\n", empty / 1e6);
  printf ("startup-bare: %.3f s\n", bare / 1e6);
  printf ("startup-ratio: %.2f x\n", (double) empty / (double) bare);

  return EXIT_SUCCESS;
}
