/* kon-frame-report.c: when was the first frame painted?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the start-up benchmark: when KONSENSUS_REPORT_FIRST_FRAME is set, the
 * first painted frame of a window prints "first-frame: <monotonic µs>" on
 * standard output and quits the application.  The benchmark program
 * compares it with the moment it started the process, on the same clock.
 */

#include "config.h"

#include <stdio.h>

#include "kon-frame-report.h"

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   GtkWindow     *window)
{
  GApplication *application;

  g_signal_handlers_disconnect_by_func (frame_clock, on_after_paint_cb, window);

  printf ("first-frame: %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);

  application = G_APPLICATION (gtk_window_get_application (window));
  if (application != NULL)
    g_application_quit (application);
}

static void
on_map_cb (GtkWidget *widget)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  g_signal_handlers_disconnect_by_func (widget, on_map_cb, NULL);

  if (frame_clock != NULL)
    g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint_cb), widget);
}

void
kon_frame_report_install (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_getenv ("KONSENSUS_REPORT_FIRST_FRAME") == NULL)
    return;

  g_signal_connect (window, "map", G_CALLBACK (on_map_cb), NULL);
}
