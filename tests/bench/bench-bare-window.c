/* bench-bare-window.c: the yardstick of the start-up benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwApplication with one empty AdwApplicationWindow, the size of
 * Konsensus's first window, and the same first-frame report
 * (kon-frame-report.c).  bench-startup compares Konsensus's start-up with
 * this one's, so its figure says what Konsensus adds to what any
 * libadwaita application costs on the same machine.
 *
 * It is built as kon-bare-window, not bench-*, so that ./build-aux/dev
 * bench does not take it for a benchmark and run it on its own.
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "kon-frame-report.h"

static void
on_activate_cb (GApplication *application)
{
  GtkWidget *window;

  window = adw_application_window_new (GTK_APPLICATION (application));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);

  kon_frame_report_install (GTK_WINDOW (window));

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;

  /* As Konsensus's main () does */
  setlocale (LC_ALL, "");

  application = adw_application_new ("io.github.konsensus.BareWindow",
                                     G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate_cb), NULL);

  return g_application_run (G_APPLICATION (application), argc, argv);
}
