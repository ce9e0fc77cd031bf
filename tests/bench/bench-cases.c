/* bench-cases.c: the case registry with twenty years of cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An archive of 50,000 cases over 20 years (kon_test_make_archive(): four
 * bodies, titles and 300 words of text from a Norwegian word list).
 *
 *   cases-pane-open: MS ms     the Cases pane shown in an open window (as
 *                              a click on "Cases"), until its first rows
 *                              are painted (median of 7, each a new pane
 *                              in the one window, as a user has one)
 *   search-keystroke: MS ms    the slowest of 200 searches as you type
 *                              (one- to three-letter prefixes and words):
 *                              the uuids that match, in order, and the
 *                              first page of rows a list shows
 *
 * Run by ./build-aux/dev bench under Xvfb; --archive PATH keeps the
 * generated database there for another run.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "kon-case.h"
#include "kon-cases-pane.h"
#include "kon-org.h"
#include "kon-test-util.h"
#include "konsensus-resources.h"

#define N_CASES 50000
#define N_YEARS 20
#define LAST_YEAR 2026
#define N_SEARCHES 200
#define PAGE 50
#define N_OPENS 7

static char *archive_path = NULL;

static const GOptionEntry entries[] = {
  { "archive", 0, 0, G_OPTION_ARG_FILENAME, &archive_path,
    "The archive's database: generated there if it is not there, and kept", "PATH" },
  { NULL }
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The queries a user types: every letter (æ ø å too), then two and three
 * letters and whole words of the texts */
static GPtrArray *
make_queries (void)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  const char *letters = "abcdefghijklmnopqrstuvwxyzæøå";
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (const char *p = letters; *p != '\0'; p = g_utf8_next_char (p))
    g_ptr_array_add (queries, g_utf8_substring (p, 0, 1));
  while (queries->len < N_SEARCHES)
    {
      const char *word = kon_test_words[g_rand_int_range (rand, 0, (gint32) kon_test_n_words)];
      glong length = g_utf8_strlen (word, -1);
      glong take = 2 + (glong) (queries->len % 3);   /* 2, 3 or the whole word */

      g_ptr_array_add (queries, take >= 4 || take >= length ? g_strdup (word) : g_utf8_substring (word, 0, take));
    }
  return queries;
}

static double
search_keystroke (KonStore *store)
{
  g_autoptr(GPtrArray) queries = make_queries ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  const char *slowest = NULL;
  double worst = 0;

  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) uuids = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      uuids = kon_store_list_uuids_where (store, &kon_case_table, queries->pdata[i], NULL, 0, NULL, FALSE, &error);
      if (uuids == NULL)
        {
          g_printerr ("bench-cases: %s\n", error->message);
          return -1;
        }
      rows = kon_store_get_many (store, &kon_case_table, (const char * const *) uuids->pdata,
                                 MIN (uuids->len, PAGE), &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      if (ms > worst)
        {
          worst = ms;
          slowest = queries->pdata[i];
        }
    }

  g_array_sort (times, compare_doubles);
  printf ("# searches: median %.2f ms, slowest \"%s\"\n", g_array_index (times, double, times->len / 2), slowest);
  return worst;
}

typedef struct
{
  GtkColumnView *view;
  GMainLoop     *loop;
  gboolean       shown;
} Open;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Open          *open)
{
  GtkSelectionModel *model = gtk_column_view_get_model (open->view);

  if (model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 && !open->shown)
    {
      open->shown = TRUE;
      g_main_loop_quit (open->loop);
    }
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_first_frame_cb (GdkFrameClock *clock,
                   GMainLoop     *loop)
{
  g_main_loop_quit (loop);
}

/* The window, open on another page, as the app opens on the Organisation
 * pane: one window for every round, as a user clicks in one window */
typedef struct
{
  GtkWidget *window;
  GtkWidget *stack;
} Window;

static void
wait_for_frame (GtkWidget *window)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_frame_cb), loop);

  gtk_widget_queue_draw (window);
  g_main_loop_run (loop);
  g_signal_handler_disconnect (clock, handler);
}

static void
window_open (Window *w)
{
  w->window = gtk_window_new ();
  w->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (w->stack), gtk_label_new ("Organisasjon"), "other");
  gtk_window_set_default_size (GTK_WINDOW (w->window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (w->window), w->stack);
  gtk_widget_realize (w->window);
  gtk_window_present (GTK_WINDOW (w->window));
  wait_for_frame (w->window);
}

/* As a click on "Cases" does, a new pane shown: from there until its
 * first rows are painted; then the other page again, without the pane */
static double
pane_open_once (Window   *w,
                KonStore *store)
{
  GtkWidget *pane = g_object_new (KON_TYPE_CASES_PANE, "store", store, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Open open = { NULL, loop, FALSE };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (w->window);
  gulong handler;
  guint timeout;
  gint64 start;

  open.view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (pane, KON_TYPE_CASES_PANE, "column_view"));
  gtk_stack_add_named (GTK_STACK (w->stack), pane, "cases");
  timeout = g_timeout_add_seconds (20, on_timeout_cb, loop);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &open);
  start = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (GTK_STACK (w->stack), "cases");
  g_main_loop_run (loop);

  g_signal_handler_disconnect (clock, handler);
  if (open.shown)
    g_source_remove (timeout);

  gtk_stack_set_visible_child_name (GTK_STACK (w->stack), "other");
  gtk_stack_remove (GTK_STACK (w->stack), pane);
  wait_for_frame (w->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return open.shown ? (g_get_monotonic_time () - start) / 1000.0 : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KonStore) store = NULL;
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Window window = { NULL, NULL };
  double keystroke;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-cases: %s\n", error->message);
      return 1;
    }

  dir = g_dir_make_tmp ("bench-cases-XXXXXX", &error);
  path = archive_path != NULL ? g_strdup (archive_path) : g_build_filename (dir, "archive.db", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      gint64 start = g_get_monotonic_time ();

      if (!kon_test_make_archive (path, N_CASES, N_YEARS, LAST_YEAR, &error))
        {
          g_printerr ("bench-cases: %s\n", error->message);
          return 1;
        }
      printf ("# %d cases over %d years generated in %.1f s\n", N_CASES, N_YEARS,
              (g_get_monotonic_time () - start) / 1e6);
    }

  store = kon_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("bench-cases: %s\n", error->message);
      return 1;
    }

  keystroke = search_keystroke (store);
  if (keystroke < 0)
    return 1;

  konsensus_register_resource ();
  adw_init ();
  window_open (&window);
  for (int i = 0; i < N_OPENS; i++)
    {
      double ms = pane_open_once (&window, store);

      if (ms < 0)
        {
          g_printerr ("bench-cases: the pane showed no rows within 20 s\n");
          return 1;
        }
      g_array_append_val (opens, ms);
      printf ("# open %d: %.1f ms\n", i, ms);
    }
  g_array_sort (opens, compare_doubles);

  printf ("cases-pane-open: %.1f ms\n", g_array_index (opens, double, opens->len / 2));
  printf ("search-keystroke: %.1f ms\n", keystroke);

  g_clear_object (&store);
  if (archive_path == NULL)
    kon_test_remove_tree (dir);

  return 0;
}
